"""The import dialog for an old hazard ledger: preview, problems, missing units and the consent box.

Chinese text is never typed with keyClicks (it aborts the process); message boxes are answered by
replacing the ``safetydesk.ui.messages`` helpers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from PySide6.QtWidgets import QFileDialog, QWidget

from safetydesk.domain.common import Unit
from safetydesk.ui import messages, ops
from safetydesk.ui.context import AppContext
from safetydesk.ui.dialogs.import_dialog import CREATE_MISSING_TEXT, ImportDialog, run_import

TIMEOUT = 10_000
HEADER = ["序号", "检查日期", "检查人员", "单位名称", "所属村(社区)", "隐患描述", "隐患等级",
          "整改措施", "整改期限", "整改完成日期", "复查人", "是否销号", "出动人次"]  # fmt: skip

#: The offscreen platform warns whenever a shown top-level window's size limits change.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class Boxes:
    """Records message boxes."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.infos: list[str] = []


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    b = Boxes()
    monkeypatch.setattr(messages, "show_warning", lambda _p, text, **_k: b.warnings.append(text))
    monkeypatch.setattr(messages, "show_info", lambda _p, text, **_k: b.infos.append(text))
    yield b
    ops.shutdown()


@pytest.fixture
def parent(qtbot: Any) -> QWidget:
    """The widget the import is started from (owns the preview dialog)."""
    w = QWidget()
    qtbot.addWidget(w)
    return w


def ledger(path: Path, rows: list[list[Any]]) -> Path:
    wb = Workbook()
    sh = wb.active
    sh.append(["润城镇2025年隐患排查治理台账"])
    sh.merge_cells("A1:M1")
    sh.append(HEADER)
    for r in rows:
        sh.append(r)
    wb.save(path)
    return path


def open_dialog(
    qtbot: Any, ctx: AppContext, path: Path, monkeypatch: pytest.MonkeyPatch, parent: QWidget
) -> ImportDialog:
    """Choose ``path`` in the (faked) file dialog and wait for the preview dialog."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_a, **_k: (str(path), "")))  # fmt: skip
    op = run_import(ctx, "hazards", parent)
    assert op is not None
    with qtbot.waitSignal(op.finished, timeout=TIMEOUT):
        pass
    [dlg] = parent.findChildren(ImportDialog)
    return dlg


def test_ledger_with_unknown_units_needs_consent_then_imports(
    qtbot: Any,
    ctx: AppContext,
    unit: Unit,
    tmp_path: Path,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
    parent: QWidget,
) -> None:
    path = ledger(tmp_path / "台账.xlsx", [
        [1, "2025-03-05", "王建国", "示例饭店（虚构）", "润城村", "灭火器过期", "一般", "更换", "7日内",
         "2025-03-10", "王建国", "是", 2],
        [2, "2025.3.6", None, "示例石材厂（虚构）", "下庄村委会", "切割机无防护", "一般", "加装防护",
         "立即", None, None, "否", 2],
    ])  # fmt: skip
    dlg = open_dialog(qtbot, ctx, path, monkeypatch, parent)
    ws = ctx.workspace
    assert dlg.windowTitle() == "导入隐患 — 台账.xlsx"
    assert "读到 2 条隐患" in dlg.summary_label.text()
    assert "隐患描述 ← 「隐患描述」" in dlg.mapping_label.text()
    assert "「出动人次」" in dlg.ignored_label.text()
    assert dlg.missing_label.isVisible() and dlg.create_missing_check.isVisible()
    assert "村(社区)：下庄村" in dlg.missing_label.text()
    assert "单位场所：示例石材厂（虚构）（下庄村）" in dlg.missing_label.text()
    assert dlg.create_missing_check.text() == CREATE_MISSING_TEXT
    assert not dlg.create_missing_check.isChecked()
    assert not dlg.commit_button.isEnabled() and CREATE_MISSING_TEXT in dlg.status_label.text()
    assert dlg.commit() is None  # not without consent
    tabs = [dlg.tabs.tabText(i) for i in range(dlg.tabs.count())]
    assert tabs == ["预览", "提示（1）"]  # the empty 检查人员 cell
    t = dlg.preview_table
    headers = [t.horizontalHeaderItem(c).text() for c in range(t.columnCount())]
    assert t.rowCount() == 2 and headers[:3] == ["行号", "单位场所", "所属村(社区)"]
    state_col = headers.index("导入后状态")
    assert [t.item(r, state_col).text() for r in range(2)] == ["已销号", "整改中"]
    assert t.item(1, 1).text() == "示例石材厂（虚构）（新建）"
    assert ws.hazards.count() == 0  # planning writes nothing
    dlg.grab().save(str(tmp_path / "hazard_import.png"))

    dlg.create_missing_check.setChecked(True)
    assert dlg.commit_button.isEnabled() and dlg.commit_button.text() == "导入 2 条"
    with qtbot.waitSignal(ctx.bus.changed, timeout=TIMEOUT) as sig:
        op = dlg.commit()
    assert op is not None and op.error is None
    assert len(sig.args[0].ids) == 2
    assert ws.hazards.count() == 2
    assert sorted(u.name for u in ws.units.list()) == ["示例石材厂（虚构）", "示例饭店（虚构）"]
    assert ws.villages.id_by_name("下庄村") is not None
    assert boxes.infos == ["已导入 2 条隐患，并新建了 1 个单位场所、1 个村(社区)。"]


def test_ledger_with_problems_cannot_be_imported(
    qtbot: Any,
    ctx: AppContext,
    unit: Unit,
    tmp_path: Path,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
    parent: QWidget,
) -> None:
    path = ledger(tmp_path / "bad.xlsx", [
        [1, "2025.2.30", "王建国", "示例饭店（虚构）", "润城村", "灭火器过期", "一般", "更换", None, None,
         None, None, None],
        [2, "2025-03-05", "王建国", "示例饭店（虚构）", "润城村", "通道堵塞", "重大", "清理", None, None,
         None, None, None],
    ])  # fmt: skip
    dlg = open_dialog(qtbot, ctx, path, monkeypatch, parent)
    assert not dlg.commit_button.isEnabled() and "未写入任何数据" in dlg.status_label.text()
    assert not dlg.create_missing_check.isVisible()
    # The 重大 row without a 判定依据 is no problem (it would come in 待补录); the bad date is.
    assert dlg.tabs.tabText(0) == "问题清单（1）"
    t = dlg.problems_table
    assert t.rowCount() == 1 and t.item(0, 0).text() == "3" and "没有这一天" in t.item(0, 2).text()
    assert dlg.commit() is None and ctx.workspace.hazards.count() == 0


def test_clean_ledger_imports_without_the_box(
    qtbot: Any,
    ctx: AppContext,
    unit: Unit,
    tmp_path: Path,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
    parent: QWidget,
) -> None:
    path = ledger(tmp_path / "ok.xlsx", [
        [1, "2025-03-05", "王建国", "示例饭店（虚构）", "润城村", "灭火器过期", "一般", "更换", "7日内",
         None, None, None, None],
    ])  # fmt: skip
    dlg = open_dialog(qtbot, ctx, path, monkeypatch, parent)
    assert not dlg.create_missing_check.isVisible()
    assert dlg.commit_button.isEnabled() and "检查通过" in dlg.status_label.text()
    with qtbot.waitSignal(ctx.bus.changed, timeout=TIMEOUT):
        dlg.commit()
    assert [h.state.value for h in ctx.workspace.hazards.list()] == ["整改中"]
    assert boxes.infos == ["已导入 1 条隐患。"]
