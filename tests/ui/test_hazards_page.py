"""The 隐患整改 page on a real database: legal actions only, filters and counts, overdue colours,
photos, printing and the 动态清零 table.

Message boxes and the PDF preview are replaced by recorders; PDFs are read back with pypdf.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont

from safetydesk.domain.common import Unit, UnitType, Village
from safetydesk.domain.hazards import EventDetails, Hazard, HazardAction, HazardLevel, HazardState
from safetydesk.domain.photos import PhotoKind
from safetydesk.domain.schedule import DeadlineKind
from safetydesk.services import Workspace
from safetydesk.services.changes import Changes, Topic
from safetydesk.ui import messages, ops
from safetydesk.ui.context import AppContext
from safetydesk.ui.dialogs import pdf_preview
from safetydesk.ui.dialogs.hazard_action_dialog import HazardActionDialog
from safetydesk.ui.dialogs.hazard_dialog import HazardDialog
from safetydesk.ui.dialogs.ledger_signoff_dialog import LedgerSignoff
from safetydesk.ui.main_window import MainWindow
from safetydesk.ui.models.hazard_columns import OVERDUE_BACKGROUND, OVERDUE_COLOUR
from safetydesk.ui.views.hazard_filters import OPEN
from safetydesk.ui.views.hazard_zeroing import CLEARED_COLOUR
from safetydesk.ui.views.hazards_page import HazardsPage
from safetydesk.ui.widgets.photo_strip import PhotoViewer

A, S = HazardAction, HazardState
TIMEOUT = 15_000

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class Recorder:
    """Message boxes, confirmations and previews shown during a test."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.infos: list[str] = []
        self.confirms: list[str] = []
        self.pdfs: list[tuple[Path, str]] = []


@pytest.fixture
def rec(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    r = Recorder()
    monkeypatch.setattr(messages, "show_warning", lambda _p, text, **_k: r.warnings.append(text))
    monkeypatch.setattr(messages, "show_info", lambda _p, text, **_k: r.infos.append(text))

    def confirm(_p: Any, text: str, **_k: Any) -> bool:
        r.confirms.append(text)
        return True

    monkeypatch.setattr(messages, "confirm", confirm)
    monkeypatch.setattr(
        pdf_preview, "show_pdf", lambda _p, path, title: r.pdfs.append((path, title))
    )
    yield r
    ops.shutdown()


def make(ws: Workspace, unit: Unit, **kw: Any) -> Hazard:
    base: dict[str, Any] = dict(
        unit_id=unit.id, description="灭火器压力不足", measures="更换灭火器", found_on=date(2026, 11, 20),
        found_by="李明", deadline_kind=DeadlineKind.CALENDAR_DAYS, deadline_days=7,
    )  # fmt: skip
    if kw.get("level") is HazardLevel.MAJOR:  # 挂牌督办 and 验收 need the 五到位
        base.update(responsible_person="张丽", funds=2.0, emergency_plan="整改期间停用，专人看护")
    base.update(kw)
    return ws.hazards.register(Hazard(**base)).record


def show(qtbot: Any, ctx: AppContext) -> HazardsPage:
    page = HazardsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1120, 740)
    page.show()
    qtbot.waitExposed(page)
    return page


def cell(page: HazardsPage, hazard_id: int, key: str, role: Any = Qt.ItemDataRole.DisplayRole):
    m = page.model
    return m.data(m.index(m.row_of_id(hazard_id), m.column_of_key(key)), role)


def ids(page: HazardsPage) -> set[int]:
    return {page.model.id_at(r) for r in range(page.model.rowCount())}


def image(path: Path, fmt: str = "JPEG") -> Path:
    Image.new("RGB", (64, 48), "orange").save(path, fmt)
    return path


def test_the_main_window_shows_the_page(qtbot: Any, ctx: AppContext, unit: Unit) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert isinstance(window.show_page("hazards"), HazardsPage)


def test_only_legal_actions_are_offered(
    qtbot: Any, ctx: AppContext, unit: Unit, rec: Recorder
) -> None:
    ws = ctx.workspace
    d = date(2026, 11, 21)
    registered = make(ws, unit)
    rectifying = make(ws, unit)
    ws.hazards.issue_notice([rectifying.id], on=d)
    waiting = make(ws, unit)
    ws.hazards.issue_notice([waiting.id], on=d)
    ws.hazards.transition(waiting.id, A.RECEIPT, on=d)
    major = make(ws, unit, level=HazardLevel.MAJOR, basis="判定标准 第三条")
    ws.hazards.transition(major.id, A.ON_SPOT, on=d)
    passed = make(ws, unit)
    ws.hazards.transition(passed.id, A.ON_SPOT, on=d)
    closed = make(ws, unit)
    ws.hazards.transition(closed.id, A.ON_SPOT, on=d)
    ws.hazards.transition(closed.id, A.CLOSE, on=d)
    cancelled = make(ws, unit)
    ws.hazards.transition(cancelled.id, A.CANCEL, on=d, details=EventDetails(reason="误报"))
    page = show(qtbot, ctx)
    expected = {
        registered.id: [A.ISSUE_NOTICE, A.ON_SPOT, A.TRANSFER, A.CANCEL],
        rectifying.id: [A.RECEIPT, A.RECHECK_PASS, A.RECHECK_FAIL, A.EXTEND, A.TRANSFER, A.CANCEL],
        waiting.id: [A.RECHECK_PASS, A.RECHECK_FAIL, A.TRANSFER],
        major.id: [A.ACCEPT],  # 重大: 验收 before 销号
        passed.id: [A.CLOSE],
        closed.id: [],
        cancelled.id: [],
    }
    for hid, actions in expected.items():
        assert page.select_id(hid)
        assert page.details.visible_actions() == actions == ws.hazards.allowed(ws.hazards.get(hid))
        for a, button in page.details.action_buttons.items():
            assert button.isVisible() == (a in actions)
        assert page.details.no_action_label.isVisible() == (not actions)
    # A legal action done through its button shows in the timeline; the buttons follow.
    page.select_id(registered.id)
    page.details.action_buttons[A.ON_SPOT].click()
    [dlg] = page.findChildren(HazardActionDialog)
    assert dlg.isVisible() and dlg.action is A.ON_SPOT
    dlg.by_edit.setText("李明")
    dlg.accept()
    assert ws.hazards.get(registered.id).state is S.RECHECK_PASSED
    assert page.current_id() == registered.id
    assert page.details.visible_actions() == [A.CLOSE]
    timeline = [page.details.timeline.itemAt(i).widget().text()
                for i in range(page.details.timeline.count())]  # fmt: skip
    assert any("当场整改" in t and "李明" in t for t in timeline)
    assert rec.warnings == []


def test_filters_change_the_list_and_the_counts(
    qtbot: Any, ctx: AppContext, unit: Unit, village: Village, rec: Recorder
) -> None:
    ws = ctx.workspace
    east = ws.villages.save(Village(name="东关村")).record
    shop = ws.units.save(
        Unit(name="东关示例超市", village_id=east.id, type=UnitType.CROWDED)
    ).record
    late = make(ws, unit, found_on=date(2026, 11, 1), deadline_days=5, description="应急照明损坏")
    soon = make(ws, shop, found_on=date(2026, 11, 20), deadline_days=5)  # due 11-25
    big = make(ws, shop, level=HazardLevel.MAJOR, basis="判定标准", listed_level="县级",
               listed_on=date(2026, 11, 21), found_on=date(2026, 10, 1), deadline_days=90)  # fmt: skip
    done = make(ws, unit, found_on=date(2025, 12, 1))
    ws.hazards.transition(done.id, A.ON_SPOT, on=date(2025, 12, 1))
    page = show(qtbot, ctx)
    chips = {k: c.text() for k, c in page.chips.items()}
    assert chips == {"total": "共 4 条", "open": "未整改 3", "overdue": "逾期 1",
                     "major": "重大未整改 1", "listed": "挂牌督办 1",
                     "missing_basis": "重大隐患缺判定依据 0"}  # fmt: skip
    assert page.count_label.text() == "当前列表 4 条"
    f = page.filters
    page.chips["overdue"].click()
    assert f.overdue_check.isChecked() and ids(page) == {late.id}
    page.chips["major"].click()
    assert f.state_filter.currentData() == OPEN and ids(page) == {big.id}
    page.chips["listed"].click()
    assert ids(page) == {big.id}
    page.chips["open"].click()
    assert ids(page) == {late.id, soon.id, big.id}
    page.chips["total"].click()
    assert ids(page) == {late.id, soon.id, big.id, done.id} and not f.active()
    f.village_filter.setCurrentIndex(f.village_filter.findData(east.id))
    assert ids(page) == {soon.id, big.id}
    f.clear()
    f.sector_filter.setCurrentIndex(f.sector_filter.findData(UnitType.CROWDED.value))
    assert ids(page) == {soon.id, big.id}
    f.clear()
    f.unit_filter.set_unit_id(unit.id)
    assert ids(page) == {late.id, done.id}
    f.clear()
    f.level_filter.setCurrentIndex(f.level_filter.findData(HazardLevel.MAJOR.value))
    assert ids(page) == {big.id}
    f.clear()
    f.state_filter.setCurrentIndex(f.state_filter.findText("复查合格"))
    assert ids(page) == {done.id}
    f.clear()
    f.due_spin.setValue(3)
    f.due_check.setChecked(True)  # open and due by 11-26 (overdue ones included)
    assert ids(page) == {late.id, soon.id}
    f.clear()
    f.date_check.setChecked(True)  # found this year (default range 1 January – today)
    assert ids(page) == {late.id, soon.id, big.id}
    f.clear()
    f.search_edit.setText("应急照明")
    qtbot.waitUntil(lambda: ids(page) == {late.id}, timeout=2000)
    f.search_edit.setText("没有这种隐患")
    f.search_edit.returnPressed.emit()
    assert page.model.rowCount() == 0 and page.stack.currentWidget() is page.empty_label
    assert "清除筛选" in page.empty_label.text()
    assert page.details.hazard is None
    # A new hazard on the bus updates the counts.
    f.clear()
    saved = ws.hazards.register(Hazard(unit_id=unit.id, description="新隐患", measures="整改",
                                       found_on=date(2026, 11, 23), found_by="李明",
                                       deadline_kind=DeadlineKind.IMMEDIATE))  # fmt: skip
    ctx.bus.changed.emit(saved.changes)
    assert page.chips["total"].text() == "共 5 条" and page.model.rowCount() == 5
    assert cell(page, saved.record.id, "due_on") == "立即"


def test_overdue_rows_stand_out_and_major_rows_are_bold(
    qtbot: Any, ctx: AppContext, unit: Unit, rec: Recorder
) -> None:
    ws = ctx.workspace
    late = make(ws, unit, found_on=date(2026, 11, 1), deadline_days=5)  # due 11-06
    fine = make(ws, unit)
    major = make(ws, unit, level=HazardLevel.MAJOR, basis="判定标准")
    page = show(qtbot, ctx)
    fg = cell(page, late.id, "description", Qt.ItemDataRole.ForegroundRole)
    bg = cell(page, late.id, "code", Qt.ItemDataRole.BackgroundRole)
    assert isinstance(fg, QBrush) and fg.color() == OVERDUE_COLOUR
    assert isinstance(bg, QBrush) and bg.color() == OVERDUE_BACKGROUND
    assert cell(page, late.id, "due_on") == "2026-11-06 逾期17天"
    assert cell(page, fine.id, "code", Qt.ItemDataRole.BackgroundRole) is None
    assert cell(page, fine.id, "description", Qt.ItemDataRole.ForegroundRole) is None
    font = cell(page, major.id, "description", Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    assert cell(page, fine.id, "description", Qt.ItemDataRole.FontRole) is None
    page.select_id(late.id)
    badges = [page.details.badges.itemAt(i).widget().text()
              for i in range(page.details.badges.count())]  # fmt: skip
    assert badges == ["已登记", "逾期"]
    assert "已逾期 17 天" in page.details.values["deadline"].text()


def test_photos_thumbnails_add_delete_and_viewer(
    qtbot: Any, ctx: AppContext, unit: Unit, tmp_path: Path, rec: Recorder
) -> None:
    ws = ctx.workspace
    h = make(ws, unit)
    page = show(qtbot, ctx)
    page.select_id(h.id)
    before, after = page.details.before_photos, page.details.after_photos
    assert before.list.count() == 0 and before.empty_label.isVisible()
    saved = ws.hazard_photos.add(h.id, image(tmp_path / "现场.jpg"), PhotoKind.BEFORE)
    ctx.bus.changed.emit(saved.changes)
    assert before.list.count() == 1 and not before.list.item(0).icon().isNull()
    assert before.title.text() == "整改前照片（1）" and after.list.count() == 0
    bad = tmp_path / "说明.txt"
    bad.write_text("不是照片", encoding="utf-8")
    assert after.add_files([image(tmp_path / "整改后.png", "PNG"), bad]) == 1
    assert len(rec.warnings) == 1 and "说明.txt" in rec.warnings[0]
    assert after.list.count() == 1
    viewer = after.open_item(after.list.item(0))
    assert isinstance(viewer, PhotoViewer) and not viewer._pixmap.isNull()
    viewer.reject()
    stored = ws.hazard_photos.path(ws.hazard_photos.photos(h.id, PhotoKind.BEFORE)[0])
    before.list.setCurrentRow(0)
    assert before.delete_button.isEnabled()
    assert before.delete_selected()
    assert rec.confirms and not stored.exists()
    assert before.list.count() == 0 and ws.hazard_photos.photos(h.id, PhotoKind.BEFORE) == []


def test_zeroing_table_matches_the_service(
    qtbot: Any, ctx: AppContext, unit: Unit, village: Village, rec: Recorder
) -> None:
    ws = ctx.workspace
    quiet = ws.villages.save(Village(name="东关村")).record
    make(ws, unit, found_on=date(2026, 11, 1), deadline_days=5)  # open, overdue
    make(ws, unit, level=HazardLevel.MAJOR, basis="判定标准", listed_level="县级")
    done = make(ws, unit)
    ws.hazards.transition(done.id, A.ON_SPOT, on=date(2026, 11, 22))
    page = show(qtbot, ctx)
    page.tabs.setCurrentWidget(page.zeroing)
    z = page.zeroing
    rows = ws.hazards.zeroing(date(2026, 11, 23))
    assert z.table.rowCount() == len(rows) + 1
    for r, v in enumerate(rows):
        figures = [v.open_ordinary, v.open_major, v.overdue, v.listed, v.left, v.closed_this_year]
        assert z.cell_text(r, 0) == v.village_name
        assert [int(z.cell_text(r, c)) for c in range(1, 7)] == figures
    by_name = {z.cell_text(r, 0): r for r in range(len(rows))}
    r = by_name[village.name]
    expected = ["1", "1", "1", "1", "2", "1", "还需清零 2 条"]
    assert [z.cell_text(r, c) for c in range(1, 8)] == expected
    q = by_name[quiet.name]
    assert z.cell_text(q, 7) == "已清零"
    assert z.table.item(q, 0).foreground().color() == CLEARED_COLOUR
    total = len(rows)
    assert z.cell_text(total, 0) == "合计" and z.table.item(total, 0).font().bold()
    assert z.cell_text(total, 5) == "2"
    assert "已清零 1 个" in z.summary_label.text()
    z.table.itemDoubleClicked.emit(z.table.item(r, 2))
    assert page.tabs.currentIndex() == 0
    assert page.filters.village_filter.currentData() == village.id
    assert page.filters.state_filter.currentData() == OPEN
    assert page.model.rowCount() == 2


def test_printing_from_the_menu(
    qtbot: Any, ctx: AppContext, unit: Unit, rec: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = ctx.workspace
    h = make(ws, unit)
    fresh = make(ws, unit, description="应急照明灯损坏")
    ws.hazards.issue_notice([h.id], on=date(2026, 11, 21), by="李明")
    ws.hazards.transition(h.id, A.RECHECK_PASS, on=date(2026, 11, 23), details=EventDetails(rechecked_by=("李明",), opinion="已整改"))  # fmt: skip
    page = show(qtbot, ctx)
    menu = page.print_menu
    monkeypatch.setattr(menu, "ask_ledger_signoff", lambda: LedgerSignoff("", "", date(2026, 11, 23)))
    page.select_id(fresh.id)
    menu.update_actions()
    assert not menu.notice_action.isEnabled() and not menu.recheck_action.isEnabled()
    assert not menu.order_action.isVisible()  # nobody holds a 执法证号
    assert menu.print_notice() is None and "下达整改通知" in rec.infos[0]
    page.select_id(h.id)
    menu.update_actions()
    assert menu.notice_action.isEnabled() and menu.recheck_action.isEnabled()
    for start in (menu.print_notice, menu.print_recheck, menu.print_ledger):
        with qtbot.waitSignal(start().finished, timeout=TIMEOUT):
            pass
    titles = [t for _p, t in rec.pdfs]
    assert titles[0] == "安全隐患整改通知书 润安通〔2026〕1号" and titles[2] == "隐患台账"
    assert titles[1].startswith("整改复查意见书 ") and titles[1].endswith("号")
    notice, opinion, ledger = (PdfReader(p) for p, _t in rec.pdfs)
    assert "润安通〔2026〕1号" in notice.pages[0].extract_text()
    assert "复查" in opinion.pages[0].extract_text()
    text = "".join(p.extract_text() for p in ledger.pages)
    assert h.code in text and fresh.code in text
    assert all(p.parent.name == "exports" for p, _t in rec.pdfs)
    assert rec.warnings == []


def test_hidden_page_refreshes_when_shown(
    qtbot: Any, ctx: AppContext, unit: Unit, rec: Recorder
) -> None:
    page = show(qtbot, ctx)
    assert page.stack.currentWidget() is page.empty_label
    assert "还没有登记隐患" in page.empty_label.text()
    page.hide()
    h = make(ctx.workspace, unit)
    ctx.bus.changed.emit(Changes.of(Topic.HAZARDS, ids=(h.id,)))
    assert page.model.rowCount() == 0
    page.show()
    assert page.model.rowCount() == 1 and page.current_id() == h.id
    assert page.details.code_label.text() == h.code


def test_sorting_by_header_runs_in_sql(
    qtbot: Any, ctx: AppContext, unit: Unit, rec: Recorder
) -> None:
    ws = ctx.workspace
    a = make(ws, unit, found_on=date(2026, 11, 1), deadline_days=30)  # due 12-01
    b = make(ws, unit, found_on=date(2026, 11, 10), deadline_days=3)  # due 11-13
    c = make(ws, unit, found_on=date(2026, 11, 5), deadline_days=10)  # due 11-15
    page = show(qtbot, ctx)
    order = lambda: [page.model.id_at(r) for r in range(3)]  # noqa: E731
    assert order() == [b.id, c.id, a.id]  # newest found first
    hh = page.table.horizontalHeader()
    hh.setSortIndicator(page.model.column_of_key("due_on"), Qt.SortOrder.AscendingOrder)
    assert page.model.query.order_by == "due" and order() == [b.id, c.id, a.id]
    hh.setSortIndicator(page.model.column_of_key("due_on"), Qt.SortOrder.DescendingOrder)
    assert order() == [a.id, c.id, b.id]
    hh.setSortIndicator(page.model.column_of_key("description"), Qt.SortOrder.AscendingOrder)
    assert page.model.query.order_by == "due"  # not sortable: the order stays
    assert hh.sortIndicatorSection() == page.model.column_of_key("due_on")


def test_import_button_and_keyboard(
    qtbot: Any, ctx: AppContext, unit: Unit, rec: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safetydesk.ui.dialogs import import_dialog

    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(import_dialog, "run_import", lambda *a: calls.append(a))
    h = make(ctx.workspace, unit)
    page = show(qtbot, ctx)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert calls == [(ctx, "hazards", page)]
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    [dlg] = page.findChildren(HazardDialog)
    assert dlg.isVisible() and dlg.windowTitle() == f"编辑隐患 {h.code}"
    dlg.reject()


def test_missing_basis_filter_and_count(qtbot: Any, ctx: AppContext, unit: Unit) -> None:
    """重大隐患缺判定依据: the count at the top, the filter box and the chip list the 重大 hazards
    imported without a 判定依据; the details say 待补录; entering the basis takes it off."""
    ws = ctx.workspace
    make(ws, unit)
    make(ws, unit, level=HazardLevel.MAJOR, basis="判定标准 第三条")
    pending = ws.hazards.import_history(Hazard(
        unit_id=unit.id, village_id=unit.village_id, description="安全出口被锁闭", measures="开启出口",
        found_on=date(2026, 11, 2), found_by="李明", level=HazardLevel.MAJOR, basis_pending=True,
        due_on=date(2026, 11, 30), state=HazardState.REGISTERED,
    ))  # fmt: skip
    page = show(qtbot, ctx)
    assert page.chips["missing_basis"].text() == "重大隐患缺判定依据 1"
    assert ids(page) == {1, 2, pending.id}
    assert cell(page, pending.id, "level") == "重大⚠" and cell(page, 2, "level") == "重大"
    f = page.filters
    qtbot.mouseClick(f.missing_basis_check, Qt.MouseButton.LeftButton)
    assert f.missing_basis_check.isChecked() and f.query().missing_basis
    qtbot.waitUntil(lambda: ids(page) == {pending.id}, timeout=TIMEOUT)
    f.clear()
    assert ids(page) == {1, 2, pending.id}
    page.chips["missing_basis"].click()
    assert f.missing_basis_check.isChecked() and ids(page) == {pending.id}
    page.select_id(pending.id)
    assert "待补录" in page.details.values["basis"].text()
    ws.hazards.update(dataclasses.replace(pending, basis="重大火灾隐患判定方法 第5.1条"))
    page.reload()
    page.refresh_counts()
    assert ids(page) == set() and page.chips["missing_basis"].text() == "重大隐患缺判定依据 0"
