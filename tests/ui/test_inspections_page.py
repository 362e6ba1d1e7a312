"""The 安全检查 page on a real workspace: the list and its filters, the actions (archive, 不合格项转为
隐患, printing through an Op and the preview), and the lazily built tabs.

Message boxes are answered by replacing the ``safetydesk.ui.messages`` helpers; the PDF preview is
replaced by a recorder so the printed files can be read back with pypdf.
"""

from __future__ import annotations

import dataclasses
import importlib.util
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel

from safetydesk.domain.common import Unit, UnitType, Village
from safetydesk.domain.inspections import Disposition, Inspection, ItemResult
from safetydesk.services import Workspace
from safetydesk.services.inspections import inspector
from safetydesk.ui import messages, ops
from safetydesk.ui.context import AppContext
from safetydesk.ui.dialogs import pdf_preview
from safetydesk.ui.dialogs.inspection_dialog import InspectionDialog
from safetydesk.ui.dialogs.raise_hazards_dialog import RaiseHazardsDialog
from safetydesk.ui.views.inspections_page import (
    BUILDING_TEXT,
    InspectionsPage,
    make_lazy_view,
    preset_range,
)

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
TIMEOUT = 20_000


class Boxes:
    """Records message boxes and previews; ``confirm_answer`` answers confirmations."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.infos: list[str] = []
        self.confirms: list[str] = []
        self.previews: list[tuple[Path, str]] = []
        self.confirm_answer = True


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    b = Boxes()
    monkeypatch.setattr(messages, "show_warning", lambda _p, text, **_k: b.warnings.append(text))
    monkeypatch.setattr(messages, "show_info", lambda _p, text, **_k: b.infos.append(text))
    monkeypatch.setattr(
        pdf_preview, "show_pdf", lambda _p, path, title: b.previews.append((path, title))
    )

    def confirm(_p: Any, text: str, **_k: Any) -> bool:
        b.confirms.append(text)
        return b.confirm_answer

    monkeypatch.setattr(messages, "confirm", confirm)
    yield b
    ops.shutdown()


def record(ws: Workspace, unit: Unit, day: str = "2026-11-20", *, failed: tuple[int, ...] = (),
           **kw: Any) -> Inspection:  # fmt: skip
    """Save an inspection of ``unit`` on ``day``; ``failed`` item numbers of the fire checklist."""
    base: dict[str, Any] = dict(
        unit_id=unit.id, started_at=datetime.fromisoformat(f"{day}T09:00"), ended_at=datetime.fromisoformat(f"{day}T10:30"),
        inspectors=(inspector("王建国"), inspector("李明")), recorder="李明",
        narrative="检查了消防设施和疏散通道。",
    )  # fmt: skip
    if failed:
        tid = next(t.id for t in ws.checklists.all() if t.family == "fire-general")
        results = [dataclasses.replace(r, result=ItemResult.FAIL, note=f"问题{r.seq}")
                   if r.seq in failed else dataclasses.replace(r, result=ItemResult.PASS)
                   for r in ws.inspections.start_from_template(tid)]  # fmt: skip
        base.update(template_id=tid, results=tuple(results), disposition=Disposition.NOTICE)
    base.update(kw)
    return ws.inspections.record(Inspection(**base)).record


def show(qtbot: Any, ctx: AppContext) -> InspectionsPage:
    page = InspectionsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1120, 760)
    page.show()
    qtbot.waitExposed(page)
    return page


def cell(page: InspectionsPage, row: int, key: str) -> str:
    m = page.records.model
    return m.data(m.index(row, m.column_of_key(key)))


def select(combo: Any, data: Any) -> None:
    i = combo.findData(data)
    assert i >= 0, f"{data!r} not in combo"
    combo.setCurrentIndex(i)


def test_list_shows_inspections_and_filters_change_it(
    qtbot: Any, ctx: AppContext, unit: Unit, village: Village, boxes: Boxes
) -> None:
    ws = ctx.workspace
    other_village = ws.villages.save(Village(name="上庄村")).record
    factory = ws.units.save(Unit(name="甲机械厂（虚构）", type=UnitType.INDUSTRY,
                                 village_id=other_village.id)).record  # fmt: skip
    record(ws, unit, "2026-11-20", failed=(3,))
    record(ws, unit, "2026-10-08", methods=("四不两直",), kind="专项检查")
    record(ws, factory, "2026-11-02", methods=("双随机", "常规"))
    page = show(qtbot, ctx)
    lst = page.records
    assert page.tabs.tabText(0) == "检查记录" and lst.count_label.text() == "共 3 条"
    assert cell(page, 0, "date") == "2026-11-20" and cell(page, 0, "target") == "示例饭店（虚构）"
    assert cell(page, 0, "village") == "润城村" and cell(page, 0, "findings") == "1 / 0"
    assert (
        cell(page, 0, "inspectors") == "王建国、李明"
        and cell(page, 0, "disposition") == "下达整改通知书"
    )
    assert cell(page, 2, "methods") == "四不两直" and cell(page, 2, "findings") == "—"

    def shown() -> set[str]:
        return {cell(page, r, "date") for r in range(lst.model.rowCount())}

    select(lst.village_filter, other_village.id)
    assert shown() == {"2026-11-02"} and lst.count_label.text() == "共 1 条"
    lst.clear_filters()
    select(lst.type_filter, "九小场所")
    assert shown() == {"2026-11-20", "2026-10-08"}
    lst.clear_filters()
    select(lst.kind_filter, "专项检查")
    assert shown() == {"2026-10-08"}
    lst.clear_filters()
    select(lst.method_filter, "双随机")
    assert shown() == {"2026-11-02"}
    lst.clear_filters()
    select(lst.date_preset, "month")  # today is 2026-11-23
    assert shown() == {"2026-11-20", "2026-11-02"} and not lst.date_from.isEnabled()
    select(lst.date_preset, "custom")
    assert lst.date_from.isEnabled()
    lst.date_from.setDate(QDate(2026, 10, 1))
    lst.date_to.setDate(QDate(2026, 11, 10))
    assert shown() == {"2026-10-08", "2026-11-02"}
    lst.clear_filters()
    lst.search_edit.setText("疏散通道")
    lst.filters_changed()
    assert len(shown()) == 3
    select(lst.kind_filter, "督导检查")
    assert lst.model.rowCount() == 0 and lst.stack.currentWidget() is lst.empty_label
    assert "清除筛选" in lst.empty_label.text()
    lst.clear_filters()
    assert lst.count_label.text() == "共 3 条"


def test_date_presets() -> None:

    today = date(2026, 11, 23)
    assert preset_range("month", today) == (date(2026, 11, 1), date(2026, 11, 30))
    assert preset_range("last-month", today) == (date(2026, 10, 1), date(2026, 10, 31))
    assert preset_range("quarter", today) == (date(2026, 10, 1), date(2026, 12, 31))
    assert preset_range("year", today) == (date(2026, 1, 1), date(2026, 12, 31))
    assert preset_range("all", today) is None


def test_new_inspection_from_the_page_appears_selected(
    qtbot: Any, ctx: AppContext, unit: Unit, boxes: Boxes
) -> None:
    page = show(qtbot, ctx)
    lst = page.records
    assert lst.new_button.text() == "新增检查" and lst.stack.currentWidget() is lst.empty_label
    dlg = lst.add_record()
    assert isinstance(dlg, InspectionDialog)
    dlg.unit_combo.set_unit_id(unit.id)
    dlg.inspector_list.add_name("王建国")
    dlg.recorder_edit.setText("王建国")
    dlg.narrative_edit.setPlainText("日常巡查，未发现问题。")
    with qtbot.waitSignal(ctx.bus.changed):
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert lst.count_label.text() == "共 1 条" and lst.current_id() == dlg.saved.record.id
    assert boxes.confirms == []  # no 不合格 items: nothing offered
    assert not lst.raise_button.isEnabled() and lst.record_button.isEnabled()


def test_archive_and_restore(qtbot: Any, ctx: AppContext, unit: Unit, boxes: Boxes) -> None:
    ins = record(ctx.workspace, unit)
    page = show(qtbot, ctx)
    lst = page.records
    lst.select_id(ins.id)
    qtbot.mouseClick(lst.archive_button, Qt.MouseButton.LeftButton)
    assert "2026-11-20" in boxes.confirms[0]
    assert lst.model.rowCount() == 0 and ctx.workspace.inspections.get(ins.id).archived
    select(lst.archive_combo, "archived")
    lst.select_id(ins.id)
    assert lst.archive_button.text() == "恢复"
    qtbot.mouseClick(lst.archive_button, Qt.MouseButton.LeftButton)
    assert not ctx.workspace.inspections.get(ins.id).archived


def test_failed_items_to_hazards_from_the_page(
    qtbot: Any, ctx: AppContext, unit: Unit, boxes: Boxes
) -> None:
    ws = ctx.workspace
    ins = record(ws, unit, failed=(2, 3))
    page = show(qtbot, ctx)
    lst = page.records
    lst.select_id(ins.id)
    assert lst.raise_button.isEnabled()
    assert cell(page, 0, "findings") == "2 / 0"
    qtbot.mouseClick(lst.raise_button, Qt.MouseButton.LeftButton)
    rh = next(w for w in lst.findChildren(RaiseHazardsDialog) if w.isVisible())
    with qtbot.waitSignal(ctx.bus.changed):
        qtbot.mouseClick(rh.save_button, Qt.MouseButton.LeftButton)
    made = ws.inspections.hazards_of(ins.id)
    assert len(made) == 2 and all(h.inspection_id == ins.id for h in made)
    assert cell(page, 0, "findings") == "2 / 2" and not lst.raise_button.isEnabled()


def test_village_point_cannot_raise_hazards(
    qtbot: Any, ctx: AppContext, village: Village, boxes: Boxes
) -> None:
    from safetydesk.ui.dialogs.raise_hazards_dialog import open_raise_hazards

    ws = ctx.workspace
    tid = next(t.id for t in ws.checklists.all() if t.family == "fire-general")
    results = list(ws.inspections.start_from_template(tid))
    results[0] = dataclasses.replace(results[0], result=ItemResult.FAIL, note="无责任人")
    ins = ws.inspections.record(Inspection(
        village_id=village.id, place="村委会", started_at=datetime(2026, 11, 20, 9, 0),
        inspectors=(inspector("王建国"),), recorder="王建国", template_id=tid,
        results=tuple(results), disposition=Disposition.NOTICE)).record  # fmt: skip
    page = show(qtbot, ctx)
    assert cell(page, 0, "target") == "村委会（检查点）"
    assert open_raise_hazards(ctx, ins.id, page) is None
    assert "逐条登记" in boxes.warnings[0]


def test_print_record_and_notice(qtbot: Any, ctx: AppContext, unit: Unit, boxes: Boxes) -> None:
    ws = ctx.workspace
    ins = record(ws, unit, failed=(3,))
    page = show(qtbot, ctx)
    lst = page.records
    lst.select_id(ins.id)
    op = lst.print_current("record")
    assert op is not None
    with qtbot.waitSignal(op.finished, timeout=TIMEOUT):
        pass
    assert op.error is None, op.error
    [(path, title)] = boxes.previews
    assert title.startswith("安全检查记录") and Path(path).is_file()
    text = "".join(p.extract_text() for p in PdfReader(path).pages)
    assert "示例饭店" in text
    # No hazards yet: the notice asks to register them first.
    assert lst.print_current("notice") is None and "不合格项转为隐患" in boxes.infos[-1]
    ws.inspections.raise_hazards(ins.id)
    lst.reload()
    lst.select_id(ins.id)
    op = lst.print_current("notice")
    with qtbot.waitSignal(op.finished, timeout=TIMEOUT):
        pass
    assert op.error is None, op.error
    path, title = boxes.previews[-1]
    assert "整改通知书" in title and "〔2026〕" in title
    text = "".join(p.extract_text() for p in PdfReader(path).pages)
    assert "示例饭店" in text and "问题3" in text and "【重大事故隐患】" in text
    assert ws.hazards.get(ws.inspections.hazards_of(ins.id)[0].id).state.value == "整改中"


def test_lazy_tabs(qtbot: Any, ctx: AppContext, boxes: Boxes) -> None:
    page = show(qtbot, ctx)
    assert [page.tabs.tabText(i) for i in range(3)] == ["检查记录", "覆盖情况", "检查表"]
    page.tabs.setCurrentIndex(2)
    built = page.tabs.widget(2)
    assert page.tabs.currentIndex() == 2 and page.tabs.tabText(2) == "检查表"
    if importlib.util.find_spec("safetydesk.ui.views.templates_view") is None:
        assert isinstance(built, QLabel) and built.text() == BUILDING_TEXT
    else:
        assert type(built).__name__ == "TemplatesView"
    page.tabs.setCurrentIndex(0)
    page.tabs.setCurrentIndex(2)
    assert page.tabs.widget(2) is built  # built once
    missing = make_lazy_view("safetydesk.ui.views.no_such_view", "NoSuchView", ctx)
    assert isinstance(missing, QLabel) and missing.text() == BUILDING_TEXT
    missing.deleteLater()


def test_register_and_print_the_notice_in_one_action(
    qtbot: Any, ctx: AppContext, unit: Unit, boxes: Boxes
) -> None:
    ws = ctx.workspace
    ins = record(ws, unit, failed=(2, 3))
    page = show(qtbot, ctx)
    page.records.select_id(ins.id)
    rh = page.records.raise_current()
    assert isinstance(rh, RaiseHazardsDialog)
    qtbot.mouseClick(rh.print_button, Qt.MouseButton.LeftButton)
    assert rh.print_op is not None
    with qtbot.waitSignal(rh.print_op.finished, timeout=TIMEOUT):
        pass
    assert rh.print_op.error is None, rh.print_op.error
    [(path, title)] = boxes.previews
    assert title.startswith("安全隐患整改通知书 润安通〔2026〕")
    text = "".join(p.extract_text() for p in PdfReader(path).pages)
    assert "问题2" in text and "问题3" in text and "共 2 项" in text
    assert {h.state.value for h in ws.inspections.hazards_of(ins.id)} == {"整改中"}
