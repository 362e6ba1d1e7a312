"""应急演练 page: the year's plan as a calendar and a list, the drills held, the obligations.

A year selector (default: this year by the workspace's clock) and four tabs — 计划日历
(:class:`~.drill_calendar.DrillCalendarView`), 年度计划 (:class:`~.drill_records_view.PlanListView`: the occurrences of
``ws.drills.plan(year, today)`` with 新增计划项 / 延期 / 取消 / 历史 / 登记演练), 演练记录
(:class:`~.drill_records_view.DrillRecordsView`) and 演练义务
(:class:`~.drill_compliance.ComplianceView`, with the rules dialog). Above them a banner names
the obligations due within 30 days (``ws.drills.due_soon(today)``); clicking it shows them in
演练义务. The 打印… menu prints the 演练记录表 of the chosen drill, the 年度演练计划表 and the
演练义务完成情况 through ``ws.drill_prints`` (rendered off the UI thread, then previewed).

The year is read by :func:`load_year` into a :class:`DrillYear` off the UI thread (an
:class:`~safetydesk.ui.ops.Op`: a county's compliance takes about a second), when the page is
built (on first visit, never at start-up) and whenever the bus announces ``Topic.DRILLS``,
``VILLAGES``, ``UNITS`` or ``SETTINGS`` (later, if the page is hidden). The record dialog
(``ui/dialogs/drill_record_dialog.py``) is imported only when a record is opened.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.drill_plans import ChangeAction, Occurrence, OccurrenceStatus
from safetydesk.domain.drill_rules import ComplianceStatus, Obligation
from safetydesk.domain.drills import Drill, SubjectKind
from safetydesk.domain.queries import ArchiveFilter, ListQuery
from safetydesk.errors import SafetyDeskError
from safetydesk.labels import day_text
from safetydesk.services.changes import Changes, Topic
from safetydesk.ui import messages
from safetydesk.ui.ops import Op
from safetydesk.ui.views.drill_calendar import (
    CalendarEntry,
    DrillCalendarView,
    EntryKind,
    calendar_entries,
)
from safetydesk.ui.views.drill_compliance import ComplianceView, StatusFilter
from safetydesk.ui.views.drill_records_view import DrillRecordsView, PlanListView
from safetydesk.ui.widgets.layout import bold

if TYPE_CHECKING:
    from safetydesk.services import Workspace
    from safetydesk.ui.context import AppContext
    from safetydesk.ui.dialogs.print_preview import Rendered

#: Topics whose changes reload the page.
TOPICS = (Topic.DRILLS, Topic.VILLAGES, Topic.UNITS, Topic.SETTINGS)
#: Module of the record dialog (built separately; imported when a record is opened).
RECORD_DIALOG = "safetydesk.ui.dialogs.drill_record_dialog"
#: The 打印 menu: (key, menu text).
PRINT_FORMS: tuple[tuple[str, str], ...] = (
    ("record", "演练记录表（所选演练）"),
    ("plan", "年度演练计划表"),
    ("compliance", "演练义务完成情况"),
)
#: Tab titles, in order.
TAB_CALENDAR, TAB_PLAN, TAB_RECORDS, TAB_COMPLIANCE = range(4)
#: Most subject names the due-soon banner lists.
BANNER_NAMES = 5
_BANNER_STYLE = (
    "QPushButton#dueBanner { text-align: left; background: #fff4e0; color: #7a4100;"
    " border: 1px solid #f3c98b; border-radius: 3px; padding: 6px 10px; }"
    "QPushButton#dueBanner:hover { background: #ffe9c7; }"
)



# -- the year's data -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class DrillYear:
    """What the page shows of one year, read in one go (:func:`load_year`).

    Attributes:
        due_soon: Obligations of ``today``'s year due within 30 days (for the banner).
        villages: Village names by id; ``units``: unit names by id (those the year names).
    """

    year: int
    today: date
    plan: list[Occurrence]
    drills: list[Drill]
    obligations: list[Obligation]
    due_soon: list[Obligation]
    township: str
    villages: dict[int, str] = field(default_factory=dict)
    units: dict[int, str] = field(default_factory=dict)

    def name_of(self, kind: SubjectKind, village_id: int | None, unit_id: int | None) -> str:
        """A subject's name: the unit's, the village's or the township's."""
        if kind is SubjectKind.UNIT and unit_id is not None:
            return self.units.get(unit_id, f"单位{unit_id}")
        if kind is SubjectKind.VILLAGE and village_id is not None:
            return self.villages.get(village_id, f"村(社区){village_id}")
        return self.township

    def subject(self, occ: Occurrence) -> str:
        """对象 of an occurrence."""
        item = occ.item
        return self.name_of(item.subject_kind, item.village_id, item.unit_id)

    def organiser(self, drill: Drill) -> str:
        """Who held a drill (short)."""
        return self.name_of(drill.organiser_kind, drill.village_id, drill.unit_id)


def load_year(ws: Workspace, year: int, today: date) -> DrillYear:
    """Read the plan, drills and compliance of ``year`` and the due-soon list of ``today``."""
    drills_svc = ws.drills
    plan = drills_svc.plan(year, today)
    drills = drills_svc.drills(year)
    obligations = drills_svc.compliance(year, today)
    if year == today.year:
        due = [o for o in obligations if o.status is ComplianceStatus.DUE_SOON]
    else:
        due = drills_svc.due_soon(today)
    villages = {
        v.id: v.name for v in ws.villages.list(ListQuery(archive=ArchiveFilter.ALL))
        if v.id is not None
    }  # fmt: skip
    unit_ids = {o.item.unit_id for o in plan if o.item.unit_id is not None}
    unit_ids |= {d.unit_id for d in drills if d.unit_id is not None}
    units = {i: u.name for i, u in ws.units.get_many(sorted(unit_ids)).items()}
    township = ws.settings.township().name or "镇本级"
    return DrillYear(year, today, plan, drills, obligations, due, township, villages, units)


def banner_text(due: list[Obligation]) -> str:
    """"3项演练将在30日内到期：河头村、东山村、…（点击查看）"."""
    names: list[str] = []
    for o in due:
        if o.subject.name not in names:
            names.append(o.subject.name)
    shown = "、".join(names[:BANNER_NAMES]) + ("等" if len(names) > BANNER_NAMES else "")
    return f"{len(due)}项演练将在30日内到期：{shown}（点击查看）"


# -- the page ------------------------------------------------------------------------------------
class DrillsPage(QWidget):
    """The 应急演练 page.

    Args:
        ctx: The AppContext.
        parent: Parent widget.

    Attributes:
        data: The year as last read (None until the first read is done).
    """

    #: Emitted after a read of the year was shown.
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: DrillYear | None = None
        self._stale = False
        self._generation = 0
        self._select_drill: int | None = None
        self._build()
        ctx.bus.changed.connect(self._on_changed)
        self.reload()

    # -- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 8, 12, 8)
        outer.setSpacing(6)
        today = self.ctx.workspace.clock()
        head = QHBoxLayout()
        head.addWidget(bold(QLabel("应急演练"), 3))
        head.addSpacing(16)
        head.addWidget(QLabel("年度"))
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, today.year + 2)
        self.year_spin.setValue(today.year)
        self.year_spin.setSuffix(" 年")
        self.year_spin.setMinimumWidth(90)
        head.addWidget(self.year_spin)
        self.status_label = QLabel()
        self.status_label.setStyleSheet("color: palette(placeholder-text);")
        head.addWidget(self.status_label, 1)
        self.templates_button = QPushButton("评估表…")
        self.templates_button.setToolTip("查看和修改演练评估表（修改保存为新版本，已做的评估不变）")
        self.templates_button.clicked.connect(self.open_templates_dialog)
        head.addWidget(self.templates_button)
        self.print_button = QPushButton("打印…")
        self.print_button.setToolTip("打印所选演练的记录表、年度演练计划表或演练义务完成情况")
        menu = QMenu(self.print_button)
        for key, text in PRINT_FORMS:
            action = menu.addAction(text)
            action.setData(key)
        menu.triggered.connect(lambda action: self.print_form(str(action.data())))
        self.print_button.setMenu(menu)
        head.addWidget(self.print_button)
        outer.addLayout(head)

        self.banner = QPushButton()
        self.banner.setObjectName("dueBanner")
        self.banner.setStyleSheet(_BANNER_STYLE)
        self.banner.setCursor(Qt.CursorShape.PointingHandCursor)
        self.banner.hide()
        outer.addWidget(self.banner)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.hide()
        outer.addWidget(self.error_label)

        self.tabs = QTabWidget()
        self.calendar_view = DrillCalendarView()
        self.plan_view = PlanListView()
        self.records_view = DrillRecordsView()
        self.compliance_view = ComplianceView()
        self.tabs.addTab(self.calendar_view, "计划日历")
        self.tabs.addTab(self.plan_view, "年度计划")
        self.tabs.addTab(self.records_view, "演练记录")
        self.tabs.addTab(self.compliance_view, "演练义务")
        outer.addWidget(self.tabs, 1)
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet("color: #7a5d00;")
        self.note_label.hide()
        outer.addWidget(self.note_label)

        self.year_spin.valueChanged.connect(lambda _v: self.reload())
        self.banner.clicked.connect(self.show_due_soon)
        self.calendar_view.activated.connect(self.open_entry)
        pv = self.plan_view
        pv.add_button.clicked.connect(self.add_item)
        pv.move_button.clicked.connect(lambda: self.change_current(ChangeAction.MOVED))
        pv.cancel_button.clicked.connect(lambda: self.change_current(ChangeAction.CANCELLED))
        pv.history_button.clicked.connect(self.history_of_current)
        pv.record_button.clicked.connect(self.record_current)
        pv.table.doubleClicked.connect(lambda _i: self.open_current_occurrence())
        self.records_view.open_requested.connect(lambda i: self.open_record(i))
        self.records_view.new_requested.connect(lambda: self.open_record())
        self.compliance_view.rules_requested.connect(self.open_rules_dialog)

    def year(self) -> int:
        """The year shown."""
        return self.year_spin.value()

    def show_note(self, text: str) -> None:
        """A short note under the tabs (hidden after a few seconds)."""
        self.note_label.setText(text)
        self.note_label.show()
        QTimer.singleShot(8000, self.note_label.hide)

    # -- data ----------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the year again (off the UI thread when the database is a file)."""
        self._stale = False
        self._generation += 1
        generation = self._generation
        ws = self.ctx.workspace
        year, today = self.year(), ws.clock()
        self.status_label.setText("正在读取…")
        if ws.path is None:
            self._apply(generation, load_year(ws, year, today))
            return
        op: Op[DrillYear] = Op(self, lambda w, _p: load_year(w, year, today), ctx=self.ctx)
        op.on_success(lambda data: self._apply(generation, data))
        op.on_failure(lambda exc: self._failed(generation, exc))
        op.run()

    def _current(self, generation: int) -> bool:
        return shiboken6.isValid(self) and generation == self._generation

    def _failed(self, generation: int, exc: SafetyDeskError) -> None:
        if not self._current(generation):
            return
        self.status_label.setText("")
        self.error_label.setText(f"应急演练的数据读不出来：{exc}")
        self.error_label.show()

    def _apply(self, generation: int, data: DrillYear) -> None:
        if not self._current(generation):
            return
        self.data = data
        self.error_label.hide()
        self.status_label.setText(f"统计截至 {day_text(data.today)}")
        entries = calendar_entries(data.plan, data.drills, data.subject, data.organiser)
        self.calendar_view.set_year(data.year, entries, data.today)
        self.plan_view.set_data(data)
        self.records_view.names = data.organiser
        self.records_view.set_drills(data.drills, data.year)
        self.compliance_view.set_obligations(data.obligations, min(data.today, date(data.year, 12, 31)))
        self.banner.setVisible(bool(data.due_soon))
        if data.due_soon:
            self.banner.setText(banner_text(data.due_soon))
            self.banner.setToolTip(f"截至 {day_text(data.today)}，周期将在30日内结束而尚未完成的演练")
        if self._select_drill is not None:
            self.records_view.select_drill(self._select_drill)
            self._select_drill = None
        self.loaded.emit()

    def _on_changed(self, changes: Changes) -> None:
        if not changes.touches(*TOPICS):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Read again when the data changed while the page was hidden."""
        super().showEvent(event)
        if self._stale:
            self.reload()

    def show_due_soon(self) -> None:
        """The banner: 演练义务 of this year, filtered to 30日内到期."""
        today = self.ctx.workspace.clock()
        self.compliance_view.set_kind(None)
        self.compliance_view.set_filter(StatusFilter.DUE_SOON)
        self.tabs.setCurrentIndex(TAB_COMPLIANCE)
        if self.year() != today.year:
            self.year_spin.setValue(today.year)

    # -- records -------------------------------------------------------------------------------
    def open_record(
        self, drill_id: int | None = None, *, plan_item_id: int | None = None,
        planned_on: date | None = None,
    ) -> Any:  # fmt: skip
        """The record dialog: a drill (``drill_id``), or a new record (of a planned date).

        Returns:
            The dialog once closed, or None when the record dialog is not available.
        """
        try:
            module = importlib.import_module(RECORD_DIALOG)
        except ModuleNotFoundError as exc:
            if exc.name != RECORD_DIALOG:
                raise
            messages.show_info(self, "演练记录窗口尚未提供")
            return None
        dlg = module.DrillRecordDialog(self.ctx, drill_id, plan_item_id=plan_item_id,
                                       planned_on=planned_on, parent=self)  # fmt: skip
        generation = self._generation
        if dlg.exec():
            saved = getattr(dlg, "saved_drill", None)
            saved_id = getattr(saved, "id", None)
            if saved_id is not None:
                self._select_drill = saved_id
                if self._generation == generation:
                    # The dialog announces its save; if it did not, announce it here.
                    self.ctx.bus.changed.emit(Changes.of(Topic.DRILLS, ids=(saved_id,)))
        return dlg

    def open_entry(self, entry: CalendarEntry) -> Any:
        """A calendar entry: open its drill, record its planned date, or (cancelled) its history."""
        if entry.drill_id is not None:
            return self.open_record(entry.drill_id)
        if entry.item_id is None:
            return None
        if entry.kind is EntryKind.CANCELLED:
            return self.show_history(entry.item_id)
        return self.open_record(plan_item_id=entry.item_id, planned_on=entry.planned_on)

    def open_current_occurrence(self) -> Any:
        """Double click in 年度计划: the drill of a done date, else record the date."""
        occ = self.plan_view.current()
        if occ is None:
            return None
        if occ.drill_id is not None:
            return self.open_record(occ.drill_id)
        if occ.status is OccurrenceStatus.CANCELLED:
            return self.show_history(occ.item.id or 0)
        return self.record_current()

    def record_current(self) -> Any:
        """登记演练 of the selected planned date."""
        occ = self.plan_view.current()
        if occ is None or occ.item.id is None:
            self.show_note("请先在年度计划中选中一个计划日期。")
            return None
        return self.open_record(plan_item_id=occ.item.id, planned_on=occ.planned_on)

    def selected_drill(self) -> Drill | None:
        """The drill chosen in 演练记录 (or in the calendar's day list)."""
        drill = self.records_view.current_drill()
        if drill is not None or self.data is None:
            return drill
        entry = self.calendar_view.current_entry()
        if entry is not None and entry.drill_id is not None:
            return next((d for d in self.data.drills if d.id == entry.drill_id), None)
        return None

    # -- plan ----------------------------------------------------------------------------------
    def add_item(self) -> Any:
        """新增计划项 of the year shown."""
        from safetydesk.ui.dialogs.drill_plan_dialogs import PlanItemDialog

        dlg = PlanItemDialog(self.ctx, self.year(), self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    def change_current(self, action: ChangeAction) -> Any:
        """延期 or 取消 the selected planned date."""
        from safetydesk.ui.dialogs.drill_plan_dialogs import ChangeDialog

        occ = self.plan_view.current()
        if occ is None:
            self.show_note("请先在年度计划中选中一个计划日期。")
            return None
        if occ.status is OccurrenceStatus.DONE:
            self.show_note("这次演练已经实施，不能再延期或取消。")
            return None
        dlg = ChangeDialog(self.ctx, occ, action, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    def history_of_current(self) -> Any:
        """历史 of the selected plan item."""
        occ = self.plan_view.current()
        if occ is None or occ.item.id is None:
            self.show_note("请先在年度计划中选中一个计划项。")
            return None
        return self.show_history(occ.item.id)

    def show_history(self, item_id: int) -> Any:
        """The moves and cancels of one plan item."""
        from safetydesk.ui.dialogs.drill_plan_dialogs import HistoryDialog

        dlg = HistoryDialog(self.ctx, item_id, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    def open_rules_dialog(self) -> Any:
        """演练要求…: the rules dialog (window-modal, non-blocking)."""
        from safetydesk.ui.dialogs.drill_rules_dialog import DrillRulesDialog

        dlg = DrillRulesDialog(self.ctx, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    def open_templates_dialog(self) -> Any:
        """评估表…: the evaluation checklists dialog (window-modal, non-blocking)."""
        from safetydesk.ui.dialogs.drill_templates_dialog import DrillTemplatesDialog

        dlg = DrillTemplatesDialog(self.ctx, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    # -- printing ------------------------------------------------------------------------------
    def print_form(self, key: str) -> Op[Rendered] | None:
        """Render one of :data:`PRINT_FORMS` off the UI thread and preview it."""
        from safetydesk.ui.dialogs.print_preview import export_path, render_and_preview

        year, today = self.year(), self.ctx.workspace.clock()
        if key == "record":
            drill = self.selected_drill()
            if drill is None or drill.id is None:
                self.show_note("请先在“演练记录”中选中一次演练，再打印演练记录表。")
                return None
            drill_id = drill.id
            name, title = f"应急演练记录表_{drill.record_no or drill_id}", "应急演练记录表"

            def render(w: Workspace, out: Path) -> tuple[Path, str]:
                return w.drill_prints.record(drill_id, out)[0], drill.record_no
        elif key == "plan":
            name = title = f"{year}年度应急演练计划表"

            def render(w: Workspace, out: Path) -> tuple[Path, str]:
                return w.drill_prints.plan(year, out)[0], ""
        elif key == "compliance":
            name = title = f"{year}年演练义务完成情况"

            def render(w: Workspace, out: Path) -> tuple[Path, str]:
                return w.drill_prints.compliance(year, out, today)[0], ""
        else:
            raise ValueError(f"unknown drill form {key!r}")
        return render_and_preview(self, self.ctx, render, export_path(self.ctx, name), title)
