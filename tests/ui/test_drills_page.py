"""应急演练 page on a real demo database: the calendar's marks and colours, the plan list against
``ws.drills.plan``, 延期 / 取消 / 新增计划项 through their dialogs (refused input writes nothing), the
drill list, the obligations and their filters against ``ws.drills.compliance``, the due-soon
banner with an injected today, opening the record dialog (a stand-in module) and the print menu's
menu (real PDFs from ``ws.drill_prints``, read back)."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from damage import TODAY, copy_db, make_demo
from PySide6.QtCore import Qt

from safetydesk.domain.drill_plans import ChangeAction, OccurrenceStatus
from safetydesk.domain.drill_rules import ComplianceStatus
from safetydesk.domain.drills import SubjectKind
from safetydesk.services import Workspace
from safetydesk.services.changes import Changes, Topic
from safetydesk.services.demo.drills import MOVED, NO_DRILL
from safetydesk.ui import messages, ops
from safetydesk.ui.bus import AppBus
from safetydesk.ui.context import AppContext
from safetydesk.ui.dialogs.drill_plan_dialogs import ChangeDialog, HistoryDialog, PlanItemDialog
from safetydesk.ui.main_window import MainWindow
from safetydesk.ui.views.drill_calendar import COLOURS, EntryKind
from safetydesk.ui.views.drill_compliance import StatusFilter
from safetydesk.ui.views.drills_page import (
    RECORD_DIALOG,
    TAB_COMPLIANCE,
    DrillsPage,
)

FG = Qt.ItemDataRole.ForegroundRole
#: A day inside the 30 days before the year's periods end.
DECEMBER = date(2026, 12, 5)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory.mktemp("drills-demo") / "demo.db")


def _ctx(pristine: Path, tmp_path: Path, today: date) -> Iterator[AppContext]:
    ws = Workspace.open(copy_db(pristine, tmp_path / "data" / "demo.db"), clock=lambda: today)
    yield AppContext(workspace=ws, bus=AppBus())
    ops.wait_idle()
    ws.close()


@pytest.fixture
def demo(qapp, pristine: Path, tmp_path: Path) -> Iterator[AppContext]:
    yield from _ctx(pristine, tmp_path, TODAY)


@pytest.fixture
def december(qapp, pristine: Path, tmp_path: Path) -> Iterator[AppContext]:
    yield from _ctx(pristine, tmp_path, DECEMBER)


def _page(qtbot: Any, ctx: AppContext) -> DrillsPage:
    page = DrillsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1120, 760)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None, timeout=20_000)
    return page


@pytest.fixture
def page(qtbot, demo: AppContext) -> DrillsPage:
    return _page(qtbot, demo)


def _villages(ctx: AppContext) -> list[Any]:
    return ctx.workspace.villages.list()


def test_main_window_builds_the_page_on_first_visit(qtbot, demo: AppContext) -> None:
    window = MainWindow(demo)
    qtbot.addWidget(window)
    assert "drills" not in window.pages
    page = window.show_page("drills")
    assert isinstance(page, DrillsPage)
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "计划日历", "年度计划", "演练记录", "演练义务",
    ]  # fmt: skip
    assert page.year() == TODAY.year
    qtbot.waitUntil(lambda: page.data is not None, timeout=20_000)


def test_calendar_marks_done_overdue_and_moved_days_in_their_colours(
    page: DrillsPage, demo: AppContext
) -> None:
    cal = page.calendar_view.calendar
    assert COLOURS[EntryKind.PLANNED] == "#1565c0" and COLOURS[EntryKind.DONE] == "#2e7d32"
    assert COLOURS[EntryKind.OVERDUE] == "#c62828" and COLOURS[EntryKind.MOVED] == "#ef6c00"
    assert COLOURS[EntryKind.CANCELLED] == "#9e9e9e"
    plan = demo.workspace.drills.plan(2026, TODAY)
    villages = _villages(demo)
    # The villages without a drill: red on their planned day.
    for index in NO_DRILL:
        name = villages[index].name
        occ = next(o for o in plan if o.item.village_id == villages[index].id)
        assert occ.status is OccurrenceStatus.OVERDUE
        kinds = {(e.subject, e.kind) for e in cal.entries_on(occ.on)}
        assert (name, EntryKind.OVERDUE) in kinds
    # The village whose May drill moved to 12 June: orange in May, green on 12 June.
    moved = villages[MOVED]
    occ = next(o for o in plan if o.item.village_id == moved.id)
    assert occ.on == date(2026, 6, 12) and occ.planned_on != occ.on
    may = [e for e in cal.entries_on(occ.planned_on) if e.subject == moved.name]
    assert [e.kind for e in may] == [EntryKind.MOVED] and "已延期至6月12日" in may[0].note
    june = [e for e in cal.entries_on(date(2026, 6, 12)) if e.subject == moved.name]
    assert [e.kind for e in june] == [EntryKind.DONE] and june[0].drill_id == occ.drill_id
    # Every drill held is green on its day, once.
    drills = demo.workspace.drills.drills(2026)
    for d in drills:
        assert sum(1 for e in cal.entries_on(d.held_on) if e.drill_id == d.id) == 1
    done = [e for day in cal.entries.values() for e in day if e.kind is EntryKind.DONE]
    assert len(done) == len(drills)
    # Clicking a day lists its entries below, coloured.
    page.calendar_view.show_day(date(2026, 6, 18))
    items = [page.calendar_view.day_list.item(i) for i in range(page.calendar_view.day_list.count())]
    assert [i.text() for i in items] == ["【已实施】润城镇　润城镇防汛抢险多部门联合实战演练"]
    assert items[0].foreground().color().name() == COLOURS[EntryKind.DONE]


def test_calendar_paints_the_marks(page: DrillsPage, demo: AppContext) -> None:
    """The red of an overdue village is on screen in its day's cell (the painted pixels)."""
    view = page.calendar_view
    villages = _villages(demo)
    occ = next(o for o in demo.workspace.drills.plan(2026, TODAY)
               if o.item.village_id == villages[NO_DRILL[0]].id)  # fmt: skip
    view.show_day(occ.on)
    image = view.calendar.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 2)
               for y in range(0, image.height(), 2)}  # fmt: skip
    assert COLOURS[EntryKind.OVERDUE] in colours and COLOURS[EntryKind.DONE] in colours


def test_plan_list_rows_equal_the_service(page: DrillsPage, demo: AppContext) -> None:
    plan = demo.workspace.drills.plan(2026, TODAY)
    model = page.plan_view.model
    assert [(o.item.id, o.planned_on, o.status) for o in model.rows] == [
        (o.item.id, o.planned_on, o.status) for o in plan
    ]
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["序号", "日期", "演练名称", "对象", "灾种", "形式", "状态", "说明"]
    villages = _villages(demo)
    row = next(r for r, o in enumerate(plan) if o.item.village_id == villages[NO_DRILL[0]].id)
    cells = [model.index(row, c).data() for c in range(model.columnCount())]
    assert cells[3] == villages[NO_DRILL[0]].name and cells[6] == "逾期"
    assert "尚未登记" in cells[7]
    assert model.index(row, 6).data(FG).name() == COLOURS[EntryKind.OVERDUE]


def _select_overdue(page: DrillsPage, demo: AppContext, index: int) -> Any:
    villages = _villages(demo)
    occ = next(o for o in page.plan_view.model.rows if o.item.village_id == villages[index].id)
    assert page.plan_view.select(occ.item.id, occ.planned_on)
    return occ


def test_move_through_the_dialog_refuses_without_reason_then_writes_history(
    qtbot, page: DrillsPage, demo: AppContext
) -> None:
    occ = _select_overdue(page, demo, NO_DRILL[0])
    dlg = page.change_current(ChangeAction.MOVED)
    assert isinstance(dlg, ChangeDialog)
    dlg.new_edit.set_day(date(2026, 12, 10))
    dlg.accept()  # no reason
    assert dlg.isVisible() and not dlg.boxes["reason"].error.isHidden()
    assert "原因" in dlg.boxes["reason"].error.text()
    assert demo.workspace.drills.changes(occ.item.id) == []
    dlg.reason_edit.setPlainText("汛后补训，改在十二月")
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        dlg.accept()
    history = demo.workspace.drills.changes(occ.item.id)
    assert [(c.action, c.planned_on, c.new_on) for c in history] == [
        (ChangeAction.MOVED, occ.planned_on, date(2026, 12, 10))
    ]
    row = next(o for o in page.plan_view.model.rows if o.item.id == occ.item.id)
    assert row.status is OccurrenceStatus.MOVED and row.on == date(2026, 12, 10)
    kinds = {e.kind for e in page.calendar_view.calendar.entries_on(date(2026, 12, 10))}
    assert kinds == {EntryKind.MOVED}
    assert page.plan_view.select(occ.item.id, occ.planned_on)
    hist = page.history_of_current()
    assert isinstance(hist, HistoryDialog) and hist.table.rowCount() == 1
    assert hist.table.item(0, 4).text() == "汛后补训，改在十二月"


def test_cancel_through_the_dialog(qtbot, page: DrillsPage, demo: AppContext) -> None:
    occ = _select_overdue(page, demo, NO_DRILL[1])
    dlg = page.change_current(ChangeAction.CANCELLED)
    assert isinstance(dlg, ChangeDialog) and dlg.boxes.get("new_on") is None
    dlg.reason_edit.setPlainText("并入镇联合演练")
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        dlg.accept()
    assert [c.action for c in demo.workspace.drills.changes(occ.item.id)] == [ChangeAction.CANCELLED]
    row = next(o for o in page.plan_view.model.rows if o.item.id == occ.item.id)
    assert row.status is OccurrenceStatus.CANCELLED
    entries = page.calendar_view.calendar.entries_on(occ.planned_on)
    assert [e.kind for e in entries if e.item_id == occ.item.id] == [EntryKind.CANCELLED]
    # A done date cannot be moved or cancelled.
    done = next(o for o in page.plan_view.model.rows if o.status is OccurrenceStatus.DONE)
    page.plan_view.select(done.item.id, done.planned_on)
    assert not page.plan_view.move_button.isEnabled()
    assert page.change_current(ChangeAction.MOVED) is None


def test_new_plan_item_refuses_bad_input_and_saves_good(
    qtbot, page: DrillsPage, demo: AppContext
) -> None:
    before = len(demo.workspace.drills.plan(2026, TODAY))
    dlg = page.add_item()
    assert isinstance(dlg, PlanItemDialog)
    dlg.accept()  # no title
    assert dlg.isVisible() and dlg.boxes["title"].error.text() == "请填写演练名称。"
    dlg.title_edit.setText("东山示例化工有限公司危化品泄漏处置演练")
    dlg.kind_combo.setCurrentIndex(2)  # 单位, none chosen
    dlg.accept()
    assert dlg.isVisible() and "单位" in dlg.boxes["unit_id"].error.text()
    assert len(demo.workspace.drills.plan(2026, TODAY)) == before
    dlg.kind_combo.setCurrentIndex(1)  # a village
    village = _villages(demo)[2]
    dlg.village_combo.setCurrentIndex(dlg.village_combo.findData(village.id))
    dlg.recurrence_combo.setCurrentIndex(dlg.recurrence_combo.findData("每半年"))
    dlg.month_spin.setValue(6)
    dlg.day_spin.setValue(31)
    assert dlg.preview_label.text() == "2026年计划日期：6月30日、12月31日"
    dlg.expected_edit.setText("45")
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        dlg.accept()
    assert dlg.saved is not None and dlg.saved.organiser == village.name
    plan = demo.workspace.drills.plan(2026, TODAY)
    mine = [o for o in plan if o.item.id == dlg.saved.id]
    assert [o.on for o in mine] == [date(2026, 6, 30), date(2026, 12, 31)]
    assert [o.status for o in mine] == [OccurrenceStatus.OVERDUE, OccurrenceStatus.PLANNED]
    assert len(page.plan_view.model.rows) == len(plan) == before + 2


def test_drill_list_shows_the_years_drills(page: DrillsPage, demo: AppContext) -> None:
    drills = demo.workspace.drills.drills(2026)
    model = page.records_view.model
    assert [d.id for d in model.rows] == [d.id for d in drills]
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["记录编号", "日期", "组织", "演练名称", "灾种", "形式", "参演人数",
                       "评估结论", "需修订预案"]  # fmt: skip
    town = next(r for r, d in enumerate(drills) if d.title == "润城镇防汛抢险多部门联合实战演练")
    cells = [model.index(town, c).data() for c in range(model.columnCount())]
    assert cells[1:] == ["2026-06-18", "润城镇人民政府", "润城镇防汛抢险多部门联合实战演练", "防汛",
                         "综合·实战", "320", "基本达到", "否"]  # fmt: skip
    assert page.records_view.count_label.text() == f"2026年共登记演练 {len(drills)} 次"


def test_compliance_filters_count_as_the_service(page: DrillsPage, demo: AppContext) -> None:
    view = page.compliance_view
    obligations = demo.workspace.drills.compliance(2026, TODAY)
    missing = [o for o in obligations if o.missing]
    assert len(view.shown()) == len(obligations)
    assert view.summary_label.text() == f"共{len(obligations)}项，未完成{len(missing)}项，30日内到期0项"
    view.set_filter(StatusFilter.MISSING)
    assert view.model.rowCount() == len(missing)
    assert all(view.model.index(r, 0).data(FG).name() == "#b3261e" for r in range(3))
    view.set_kind(SubjectKind.VILLAGE)
    villages = [o for o in missing if o.subject.kind is SubjectKind.VILLAGE]
    assert {o.subject.name for o in view.shown()} == {o.subject.name for o in villages}
    assert len(NO_DRILL) == len(villages)
    assert view.filter_buttons[StatusFilter.MISSING].text() == f"未完成 {len(villages)}"
    view.set_kind(SubjectKind.UNIT)
    units = [o for o in obligations if o.subject.kind is SubjectKind.UNIT]
    assert view.summary_label.text().startswith(f"共{len(units)}项，未完成{sum(1 for o in units if o.missing)}项")
    row = [view.model.index(0, c).data() for c in range(view.model.columnCount())]
    first = view.shown()[0]
    assert row[6] == str(first.missing) and row[7] == first.due_on.isoformat()
    assert row[8] == first.status.value


def test_banner_names_the_obligations_due_within_30_days(qtbot, december: AppContext) -> None:
    page = _page(qtbot, december)
    due = december.workspace.drills.due_soon(DECEMBER)
    assert due and all(o.status is ComplianceStatus.DUE_SOON for o in due)
    assert page.banner.isVisible()
    assert page.banner.text().startswith(f"{len(due)}项演练将在30日内到期：")
    page.tabs.setCurrentIndex(0)
    qtbot.mouseClick(page.banner, Qt.MouseButton.LeftButton)
    assert page.tabs.currentIndex() == TAB_COMPLIANCE
    assert page.compliance_view.wanted is StatusFilter.DUE_SOON
    assert len(page.compliance_view.shown()) == len(due)


def test_no_banner_when_nothing_is_due_soon(page: DrillsPage, demo: AppContext) -> None:
    assert demo.workspace.drills.due_soon(TODAY) == []
    assert page.banner.isHidden()


def test_the_page_follows_drill_changes(qtbot, page: DrillsPage, demo: AppContext) -> None:
    occ = next(o for o in page.plan_view.model.rows if o.status is OccurrenceStatus.OVERDUE)
    demo.workspace.drills.cancel(occ.item.id or 0, occ.planned_on, "上级统一安排")
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        demo.bus.changed.emit(Changes.of(Topic.DRILLS))
    row = next(o for o in page.plan_view.model.rows if o.item.id == occ.item.id)
    assert row.status is OccurrenceStatus.CANCELLED
    page.year_spin.setValue(2025)
    qtbot.waitUntil(lambda: page.data is not None and page.data.year == 2025, timeout=20_000)
    assert page.plan_view.model.rowCount() == len(demo.workspace.drills.plan(2025, TODAY))


class _FakeRecordDialog:
    """Stands in for DrillRecordDialog (built elsewhere): records how it was opened."""

    opened: list[tuple[Any, ...]] = []

    def __init__(self, ctx: AppContext, drill_id: int | None = None, *,
                 plan_item_id: int | None = None, planned_on: date | None = None,
                 parent: Any = None) -> None:  # fmt: skip
        self.opened.append((drill_id, plan_item_id, planned_on))
        self.saved_drill = None

    def exec(self) -> int:
        return 0


def test_opening_records_uses_the_record_dialog(
    page: DrillsPage, demo: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = types.ModuleType(RECORD_DIALOG)
    module.DrillRecordDialog = _FakeRecordDialog  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, RECORD_DIALOG, module)
    _FakeRecordDialog.opened.clear()
    cal = page.calendar_view
    town = next(e for e in cal.calendar.entries_on(date(2026, 6, 18)) if e.drill_id)
    page.open_entry(town)
    villages = _villages(demo)
    occ = next(o for o in demo.workspace.drills.plan(2026, TODAY)
               if o.item.village_id == villages[NO_DRILL[2]].id)  # fmt: skip
    overdue = next(e for e in cal.calendar.entries_on(occ.on) if e.item_id == occ.item.id)
    page.open_entry(overdue)
    page.records_view.select_drill(town.drill_id or 0)
    page.records_view.open_button.click()
    page.records_view.new_button.click()
    assert _FakeRecordDialog.opened == [
        (town.drill_id, None, None),
        (None, occ.item.id, occ.planned_on),
        (town.drill_id, None, None),
        (None, None, None),
    ]


def test_a_missing_record_dialog_is_said(
    page: DrillsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_info", lambda _p, text, **_k: shown.append(text))
    monkeypatch.setitem(sys.modules, RECORD_DIALOG, None)  # import fails as for a missing module
    assert page.open_record() is None
    assert shown == ["演练记录窗口尚未提供"]


def test_print_menu_renders_the_forms_and_previews_them(
    qtbot, page: DrillsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """打印… → each form rendered off the UI thread by ws.drill_prints, then opened in the
    preview: real PDFs read back (text, A4 page size)."""
    from pypdf import PdfReader

    from safetydesk.ui.dialogs import pdf_preview

    previews: list[tuple[Path, str]] = []
    monkeypatch.setattr(pdf_preview, "show_pdf", lambda _p, path, title: previews.append((path, title)))
    keys = [a.data() for a in page.print_button.menu().actions()]
    assert keys == ["record", "plan", "compliance"]
    page.records_view.table.clearSelection()
    page.tabs.setCurrentIndex(2)
    assert page.print_form("record") is None and "选中一次演练" in page.note_label.text()
    drill = next(d for d in page.records_view.model.rows if d.title == "润城镇防汛抢险多部门联合实战演练")
    page.records_view.select_drill(drill.id or 0)
    for key in keys:
        op = page.print_form(key)
        assert op is not None
        with qtbot.waitSignal(op.finished, timeout=60_000):
            pass
        assert op.error is None
    assert [t for _p, t in previews] == [f"应急演练记录表 {drill.record_no}", "2026年度应急演练计划表",
                                        "2026年演练义务完成情况"]  # fmt: skip
    texts = []
    for path, _title in previews:
        assert path.parent.name == "exports"
        reader = PdfReader(path)
        box = reader.pages[0].mediabox
        assert sorted((round(float(box.width)), round(float(box.height)))) == [595, 842]  # A4
        texts.append("".join(p.extract_text() for p in reader.pages).replace(" ", "").replace("\n", ""))
    assert "润城镇防汛抢险多部门联合实战演练" in texts[0] and drill.record_no in texts[0]
    plan = page.data.plan if page.data else []
    assert "屯城村防汛避险转移演练" in texts[1] and f"共{len(plan)}次演练" in texts[1]
    assert "演练义务完成情况" in texts[2] and "河头村" in texts[2]
