"""The import dialog for a village's household list naming a helper not registered: tick, commit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from PySide6.QtWidgets import QWidget

from safetydesk.domain.baobao import Household
from safetydesk.domain.common import Village
from safetydesk.ui import messages, ops
from safetydesk.ui.context import AppContext
from safetydesk.ui.dialogs.import_dialog import ImportDialog, start_plan
from safetydesk.ui.dialogs.import_dialog_view import CREATE_PEOPLE_TEXT

TIMEOUT = 10_000

#: The offscreen platform warns whenever a shown top-level window's size limits change.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def infos(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_info", lambda _p, text, **_k: shown.append(text))
    monkeypatch.setattr(messages, "show_warning", lambda _p, text, **_k: shown.append(text))
    yield shown
    ops.shutdown()


def households_file(path: Path) -> Path:
    wb = Workbook()
    sh = wb.active
    sh.append(["润城村危险区住户名单"])
    sh.merge_cells("A1:F1")
    sh.append(["序号", "户主", "组别", "住址", "家庭人口", "帮扶责任人"])
    sh.append([1, "张三", "一组", "后沟12号", 4, "钱包户"])
    sh.append([2, "李四", "一组", "后沟15号", 3, None])
    wb.save(path)
    return path


def test_household_list_naming_a_new_helper_is_imported_once_the_box_is_ticked(
    qtbot: Any, ctx: AppContext, village: Village, tmp_path: Path, infos: list[str]
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    op = start_plan(ctx, "households", households_file(tmp_path / "住户.xlsx"), parent, "润城村")
    with qtbot.waitSignal(op.finished, timeout=TIMEOUT):
        pass
    [dlg] = parent.findChildren(ImportDialog)
    dlg.show()
    ws = ctx.workspace
    assert dlg.windowTitle() == "导入住户 — 住户.xlsx"
    assert dlg.create_missing_check.isVisible() and dlg.create_missing_check.text() == CREATE_PEOPLE_TEXT
    assert "表中以下人员不在人员名录中：钱包户" in dlg.missing_label.text()
    assert not dlg.commit_button.isEnabled() and dlg.commit() is None
    assert "表中有不在人员名录中的人员" in dlg.status_label.text()
    t = dlg.preview_table
    headers = [t.horizontalHeaderItem(c).text() for c in range(t.columnCount())]
    assert [t.item(r, headers.index("包户责任人")).text() for r in range(2)] == ["钱包户（新建）", ""]

    dlg.create_missing_check.setChecked(True)
    assert dlg.commit_button.isEnabled() and dlg.commit_button.text() == "导入 2 条"
    with qtbot.waitSignal(ctx.bus.changed, timeout=TIMEOUT):
        commit = dlg.commit()
    assert commit is not None and commit.error is None
    [helper] = ws.people.list()
    assert helper.name == "钱包户" and helper.village_id == village.id
    got = ws.plan_parts.of_village(Household, village.id)
    assert [(h.head, h.helper_id) for h in got] == [("张三", helper.id), ("李四", None)]
    assert infos == ["已导入 2 条住户，并新建了 1 位人员。"]
