"""The import dialog for a 单位场所 file naming villages not registered: the 创建 box, then commit.

Message boxes are answered by replacing the ``safetydesk.ui.messages`` helpers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from safetydesk.domain.common import Village
from safetydesk.ui import messages, ops
from safetydesk.ui.context import AppContext
from safetydesk.ui.dialogs.import_dialog import ImportDialog, start_plan
from safetydesk.ui.dialogs.import_dialog_view import CREATE_VILLAGES_TEXT
from safetydesk.ui.views.units_page import UnitsPage

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


def units_file(path: Path) -> Path:
    wb = Workbook()
    sh = wb.active
    sh.append(["单位场所名称", "所属村(社区)", "单位类型"])
    sh.append(["示例饭店（虚构）", "润城村", "工贸企业"])
    sh.append(["示例石材厂（虚构）", "柏沟村委会", "工贸企业"])
    sh.append(["示例便利店（虚构）", "城北社区", "工贸企业"])
    wb.save(path)
    return path


def test_units_naming_new_villages_are_imported_once_the_box_is_ticked(
    qtbot: Any, ctx: AppContext, village: Village, tmp_path: Path, infos: list[str]
) -> None:
    page = UnitsPage(ctx)
    qtbot.addWidget(page)
    op = start_plan(ctx, "units", units_file(tmp_path / "单位.xlsx"), page)
    with qtbot.waitSignal(op.finished, timeout=TIMEOUT):
        pass
    [dlg] = page.findChildren(ImportDialog)
    dlg.show()
    ws = ctx.workspace
    # Without the box: a problem per row, the summary says how to create the villages.
    assert not dlg.commit_button.isEnabled()
    assert "表中有 2 个村(社区)尚未登记（柏沟村、城北社区）" in dlg.status_label.text()
    assert dlg.missing_label.isVisible() and dlg.create_missing_check.isVisible()
    assert "村(社区)：柏沟村、城北社区" in dlg.missing_label.text()
    assert dlg.create_missing_check.text() == CREATE_VILLAGES_TEXT
    assert not dlg.create_missing_check.isChecked()
    assert dlg.tabs.tabText(0) == "问题清单（2）" and dlg.problems_table.rowCount() == 2
    assert dlg.problems_table.item(0, 0).text() == "3"
    assert "找不到「柏沟村委会」" in dlg.problems_table.item(0, 2).text()
    assert dlg.commit() is None

    dlg.create_missing_check.setChecked(True)
    assert dlg.plan.create_missing and dlg.plan.ok
    assert dlg.commit_button.isEnabled() and dlg.commit_button.text() == "导入 3 条"
    assert [dlg.tabs.tabText(i) for i in range(dlg.tabs.count())] == ["预览"]
    t = dlg.preview_table
    headers = [t.horizontalHeaderItem(c).text() for c in range(t.columnCount())]
    col = headers.index("所属村(社区)")
    assert [t.item(r, col).text() for r in range(3)] == ["润城村", "柏沟村（新建）", "城北社区（新建）"]
    assert dlg.create_missing_check.isVisible()  # still there, to untick

    dlg.create_missing_check.setChecked(False)
    assert not dlg.commit_button.isEnabled() and dlg.problems_table.rowCount() == 2
    dlg.create_missing_check.setChecked(True)
    assert ws.villages.count() == 1 and ws.units.count() == 0  # nothing written yet

    with qtbot.waitSignal(ctx.bus.changed, timeout=TIMEOUT) as sig:
        commit = dlg.commit()
    assert commit is not None and commit.error is None
    assert len(sig.args[0].ids) == 3
    names = ws.villages.names()
    assert {u.name: names[u.village_id] for u in ws.units.list()} == {
        "示例饭店（虚构）": "润城村", "示例石材厂（虚构）": "柏沟村", "示例便利店（虚构）": "城北社区",
    }  # fmt: skip
    assert infos == ["已导入 3 条单位场所，并新建了 2 个村(社区)。"]
