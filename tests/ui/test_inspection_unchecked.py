"""未检查 in the GUI, driven like a user on a real workspace: a new checklist starts 未检查 (grey),
the record saves as a 草稿, the list marks and filters drafts, printing a draft is refused with
the items to answer, 其余未检查项设为合格 asks first, and the answered record prints.

Message boxes are answered by replacing the ``safetydesk.ui.messages`` helpers; the PDF preview is
replaced by a recorder so the printed file can be read back with pypdf.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from safetydesk.domain.common import Unit
from safetydesk.domain.inspections import ItemResult
from safetydesk.services.inspections import DIALOG_HOW, UncheckedItemsError
from safetydesk.ui import messages, ops
from safetydesk.ui.context import AppContext
from safetydesk.ui.dialogs import pdf_preview
from safetydesk.ui.dialogs.inspection_dialog import InspectionDialog
from safetydesk.ui.dialogs.inspection_print import print_inspection_form
from safetydesk.ui.views.inspections_page import InspectionsPage
from safetydesk.ui.widgets.checklist_table import MAJOR_COLOUR, UNCHECKED_COLOUR

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
TIMEOUT = 20_000


class Boxes:
    """Records message boxes and previews; ``confirm_answer`` answers confirmations."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.confirms: list[str] = []
        self.previews: list[tuple[Path, str]] = []
        self.confirm_answer = False


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    b = Boxes()
    monkeypatch.setattr(messages, "show_warning", lambda _p, text, **_k: b.warnings.append(text))
    monkeypatch.setattr(messages, "show_info", lambda _p, text, **_k: b.warnings.append(text))
    monkeypatch.setattr(
        pdf_preview, "show_pdf", lambda _p, path, title: b.previews.append((path, title))
    )

    def confirm(_p: Any, text: str, **_k: Any) -> bool:
        b.confirms.append(text)
        return b.confirm_answer

    monkeypatch.setattr(messages, "confirm", confirm)
    yield b
    ops.shutdown()


def open_dialog(qtbot: Any, ctx: AppContext, record: Any = None) -> InspectionDialog:
    dlg = InspectionDialog(ctx, record)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def new_draft(qtbot: Any, ctx: AppContext, unit: Unit) -> InspectionDialog:
    """The dialog filled in with the fire checklist chosen and item 3 failed, nothing else."""
    ws = ctx.workspace
    dlg = open_dialog(qtbot, ctx)
    dlg.unit_combo.set_unit_id(unit.id)
    dlg.inspector_list.add_name("王建国")
    dlg.inspector_list.add_name("李明")
    dlg.recorder_edit.setText("李明")
    dlg.narrative_edit.setPlainText("检查了疏散通道。")
    tid = next(t.id for t in ws.checklists.all() if t.family == "fire-general")
    dlg.template_combo.setCurrentIndex(dlg.template_combo.findData(tid))
    return dlg


def show_page(qtbot: Any, ctx: AppContext) -> InspectionsPage:
    page = InspectionsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1120, 760)
    page.show()
    qtbot.waitExposed(page)
    return page


def cell(page: InspectionsPage, row: int, key: str) -> str:
    m = page.records.model
    return m.data(m.index(row, m.column_of_key(key)))


def test_new_items_start_unchecked_and_the_record_saves_as_a_draft(
    qtbot: Any, ctx: AppContext, unit: Unit, boxes: Boxes
) -> None:
    dlg = new_draft(qtbot, ctx, unit)
    table = dlg.checklist
    assert table.rowCount() == 12
    for row in range(12):
        combo = table.result_combo(row)
        assert combo.currentData() == "未检查" and combo.currentText() == "未检查"
        assert UNCHECKED_COLOUR.name() in combo.styleSheet()  # grey: an empty choice
    assert table.unchecked_seqs() == list(range(1, 13)) and not table.has_entries()
    assert "未检查 12" in dlg.template_info.text() and "草稿" in dlg.template_info.text()
    assert dlg.save_button.text() == "保存草稿" and dlg.rest_button.isEnabled()
    table.set_result(3, ItemResult.FAIL, "二楼安全出口上锁")
    assert MAJOR_COLOUR.name() in table.result_combo(2).styleSheet()  # answered: no longer grey
    dlg.disposition_combo.setCurrentIndex(dlg.disposition_combo.findData("下达整改通知书"))
    with qtbot.waitSignal(ctx.bus.changed):
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert not dlg.isVisible() and boxes.warnings == []
    [ins] = ctx.workspace.inspections.list()
    assert ins.draft and [r.seq for r in ins.unchecked_items] == [1, 2, *range(4, 13)]
    assert not any(r.result is ItemResult.PASS for r in ins.results)
    # Saving offered to register the 不合格 item (declined): a draft's hazards are not held up.
    assert len(boxes.confirms) == 1 and "不合格项尚未登记为隐患" in boxes.confirms[0]


def test_the_list_marks_drafts_and_refuses_to_print_them(
    qtbot: Any, ctx: AppContext, unit: Unit, boxes: Boxes
) -> None:
    ws = ctx.workspace
    dlg = new_draft(qtbot, ctx, unit)
    dlg.checklist.set_result(1, ItemResult.PASS)
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    [ins] = ws.inspections.list()
    page = show_page(qtbot, ctx)
    lst = page.records
    assert cell(page, 0, "number") == "草稿（11项未检查）"
    lst.drafts_check.setChecked(True)
    assert lst.model.rowCount() == 1 and lst.filters_active()
    lst.select_id(ins.id)
    assert lst.print_current("record") is None
    [warning] = boxes.warnings
    assert "第2、3、4、5、6、7、8、9、10、11、12项" in warning and DIALOG_HOW in warning
    assert boxes.previews == [] and ws.inspections.get(ins.id).document_id is None
    # The service refuses too, whatever the caller checked first.
    op = print_inspection_form(page, ctx, ins.id, "record")
    with qtbot.waitSignal(op.finished, timeout=TIMEOUT):
        pass
    assert isinstance(op.error, UncheckedItemsError) and boxes.warnings[-1] == warning
    assert boxes.previews == [] and ws.documents.listing(2026) == []
    lst.reset_page_filters()
    assert not lst.drafts_check.isChecked()


def test_answer_the_rest_then_the_record_prints(
    qtbot: Any, ctx: AppContext, unit: Unit, boxes: Boxes
) -> None:
    ws = ctx.workspace
    dlg = new_draft(qtbot, ctx, unit)
    dlg.checklist.set_result(5, ItemResult.NOT_APPLICABLE)
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    [ins] = ws.inspections.list()
    again = open_dialog(qtbot, ctx, ins)
    assert again.checklist.result_combo(4).currentData() == "不涉及"
    assert again.checklist.result_combo(0).currentData() == "未检查"
    # Declined: nothing changes.
    qtbot.mouseClick(again.rest_button, Qt.MouseButton.LeftButton)
    assert "其余 11 个“未检查”项" in boxes.confirms[-1] and "逐项检查" in boxes.confirms[-1]
    assert len(again.checklist.unchecked_seqs()) == 11
    boxes.confirm_answer = True
    qtbot.mouseClick(again.rest_button, Qt.MouseButton.LeftButton)
    assert again.checklist.unchecked_seqs() == []
    assert again.checklist.result_combo(4).currentData() == "不涉及"  # kept
    assert again.save_button.text() == "保存" and not again.rest_button.isEnabled()
    with qtbot.waitSignal(ctx.bus.changed):
        qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    done = ws.inspections.get(ins.id)
    assert not done.draft and sum(r.result is ItemResult.PASS for r in done.results) == 11
    page = show_page(qtbot, ctx)
    assert cell(page, 0, "number") == ""
    page.records.select_id(ins.id)
    op = page.records.print_current("record")
    assert op is not None
    with qtbot.waitSignal(op.finished, timeout=TIMEOUT):
        pass
    assert op.error is None, op.error
    [(path, title)] = boxes.previews
    assert "润安检记〔2026〕1号" in title
    text = "".join(p.extract_text() for p in PdfReader(path).pages).replace("\n", "").replace(" ", "")
    assert "未检查" not in text and "合格11项，不合格0项，不涉及1项" in text
