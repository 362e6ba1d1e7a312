"""计划日历 tab of the 应急演练 page: a month calendar of the year's plan and drills.

:func:`calendar_entries` turns the year's occurrences (``ws.drills.plan(year, today)``) and
drills (``ws.drills.drills(year)``) into :class:`CalendarEntry` items by day — the data the
calendar paints from: a planned date (blue), a drill held (green: a plan item carried out, or a
drill held without one), a date passed with nothing held (red), a moved date (orange, on the new
date and as "已延期" on the original one) and a cancelled date (grey, struck through).
:class:`DrillCalendar` is a :class:`QCalendarWidget` whose cells show the day's entries as
coloured lines; :class:`DrillCalendarView` adds the legend and, under the calendar, the list of
the chosen day's entries. Double click on an entry emits :attr:`DrillCalendarView.activated`
(the page opens the record, or the record dialog of a planned date).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from PySide6.QtCore import QDate, QLocale, QRect, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.drill_plans import Occurrence, OccurrenceStatus
from safetydesk.domain.drills import Drill


class EntryKind(StrEnum):
    """How a calendar entry is marked."""

    PLANNED = "计划"
    DONE = "已实施"
    OVERDUE = "逾期"
    MOVED = "延期"
    CANCELLED = "取消"


#: Colour of each kind (text and the bar in a cell).
COLOURS: dict[EntryKind, str] = {
    EntryKind.PLANNED: "#1565c0",
    EntryKind.DONE: "#2e7d32",
    EntryKind.OVERDUE: "#c62828",
    EntryKind.MOVED: "#ef6c00",
    EntryKind.CANCELLED: "#9e9e9e",
}
#: Order of the kinds within a day.
_ORDER = {k: i for i, k in enumerate((EntryKind.OVERDUE, EntryKind.MOVED, EntryKind.PLANNED,
                                      EntryKind.DONE, EntryKind.CANCELLED))}  # fmt: skip
#: Legend under the calendar.
LEGEND = " ".join(
    f"<span style='color:{COLOURS[k]}'>■</span>&nbsp;{text}&nbsp;&nbsp;"
    for k, text in (
        (EntryKind.PLANNED, "计划"), (EntryKind.DONE, "已实施"), (EntryKind.OVERDUE, "逾期未实施"),
        (EntryKind.MOVED, "延期"), (EntryKind.CANCELLED, "<s>取消</s>"),
    )  # fmt: skip
) + "&nbsp;&nbsp;点击日期查看当天的演练；双击下方列表中的一项打开或登记。"
#: Role of a day-list item returning its CalendarEntry.
EntryRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """One mark on one day.

    Attributes:
        day: The day it is shown on.
        kind: How it is marked.
        title: 演练名称.
        subject: Who holds it (short, for the cell).
        note: 说明 (original date, reason …).
        drill_id: The drill held (None for a planned date).
        item_id: The plan item (None for a drill held without one).
        planned_on: The item's original planned date (for recording it).
    """

    day: date
    kind: EntryKind
    title: str
    subject: str
    note: str = ""
    drill_id: int | None = None
    item_id: int | None = None
    planned_on: date | None = None

    def line(self) -> str:
        """The entry as one line of the day list."""
        text = f"【{self.kind.value}】{self.subject}　{self.title}"
        return f"{text}（{self.note}）" if self.note else text


def _md(day: date) -> str:
    return f"{day.month}月{day.day}日"


def calendar_entries(
    plan: Sequence[Occurrence], drills: Sequence[Drill], subject: Callable[[Occurrence], str],
    organiser: Callable[[Drill], str],
) -> dict[date, list[CalendarEntry]]:  # fmt: skip
    """The entries of each day, in display order (overdue, moved, planned, done, cancelled).

    Args:
        plan: The year's occurrences.
        drills: The year's drills.
        subject: Short name of an occurrence's subject.
        organiser: Short name of a drill's organiser.
    """
    by_id = {d.id: d for d in drills if d.id is not None}
    out: dict[date, list[CalendarEntry]] = {}

    def add(entry: CalendarEntry) -> None:
        out.setdefault(entry.day, []).append(entry)

    carried: set[int] = set()
    for occ in plan:
        item, who = occ.item, subject(occ)
        moved = occ.on != occ.planned_on
        reason = f"：{occ.reason}" if occ.reason else ""
        if moved:
            add(CalendarEntry(occ.planned_on, EntryKind.MOVED, item.title, who,
                              f"原定此日，已延期至{_md(occ.on)}{reason}", occ.drill_id, item.id,
                              occ.planned_on))  # fmt: skip
        note = f"原定{_md(occ.planned_on)}" if moved else ""
        if occ.status is OccurrenceStatus.DONE and occ.drill_id is not None:
            carried.add(occ.drill_id)
            drill = by_id.get(occ.drill_id)
            day = drill.held_on if drill is not None else occ.on
            add(CalendarEntry(day, EntryKind.DONE, item.title, who, note, occ.drill_id, item.id,
                              occ.planned_on))  # fmt: skip
        elif occ.status is OccurrenceStatus.CANCELLED:
            add(CalendarEntry(occ.planned_on, EntryKind.CANCELLED, item.title, who,
                              f"已取消{reason}", None, item.id, occ.planned_on))  # fmt: skip
        elif occ.status is OccurrenceStatus.OVERDUE:
            add(CalendarEntry(occ.on, EntryKind.OVERDUE, item.title, who,
                              "计划日期已过，尚未登记演练" + (f"，{note}" if note else ""),
                              None, item.id, occ.planned_on))  # fmt: skip
        elif occ.status is OccurrenceStatus.MOVED:
            add(CalendarEntry(occ.on, EntryKind.MOVED, item.title, who, f"{note}{reason}", None,
                              item.id, occ.planned_on))  # fmt: skip
        else:
            add(CalendarEntry(occ.on, EntryKind.PLANNED, item.title, who, "", None, item.id,
                              occ.planned_on))  # fmt: skip
    for drill in drills:
        if drill.id is not None and drill.id not in carried:
            add(CalendarEntry(drill.held_on, EntryKind.DONE, drill.title, organiser(drill),
                              "计划外" if drill.plan_item_id is None else "", drill.id,
                              drill.plan_item_id))  # fmt: skip
    for entries in out.values():
        entries.sort(key=lambda e: _ORDER[e.kind])
    return out


def to_qdate(day: date) -> QDate:
    """A :class:`date` as a QDate."""
    return QDate(day.year, day.month, day.day)


def to_date(day: QDate) -> date:
    """A QDate as a :class:`date`."""
    return date(day.year(), day.month(), day.day())


class DrillCalendar(QCalendarWidget):
    """A month calendar whose cells list the day's entries as coloured lines.

    Attributes:
        entries: The entries by day (set with :meth:`set_entries`).
        today: The day marked as today.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: dict[date, list[CalendarEntry]] = {}
        self.today: date | None = None
        self.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.ShortDayNames)
        self.setMinimumHeight(360)
        view = self.findChild(QTableView, "qt_calendar_calendarview")
        if view is not None:
            # The weekday row needs one line, not a share of the height like the weeks.
            vh = view.verticalHeader()
            vh.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
            vh.resizeSection(0, self.fontMetrics().height() + 10)

    def set_entries(self, entries: dict[date, list[CalendarEntry]], today: date) -> None:
        """Paint these entries (and mark ``today``)."""
        self.entries = entries
        self.today = today
        self.updateCells()

    def entries_on(self, day: date) -> list[CalendarEntry]:
        """The entries of one day."""
        return self.entries.get(day, [])

    def paintCell(self, painter: QPainter, rect: QRect, qdate: QDate) -> None:  # noqa: N802
        """The day number, then one coloured line per entry ("+N" when they do not fit)."""
        day = to_date(qdate)
        in_month = qdate.month() == self.monthShown()
        painter.save()
        selected = qdate == self.selectedDate()
        painter.fillRect(rect, QColor("#e3f2fd") if selected else QColor("#ffffff"))
        if self.today == day:
            painter.setPen(QPen(QColor("#1565c0"), 2))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        font = QFont(painter.font())
        metrics_h = painter.fontMetrics().height()
        painter.setPen(QColor("#222222") if in_month else QColor("#b0b0b0"))
        painter.drawText(rect.adjusted(4, 2, -4, 0),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                         str(qdate.day()))  # fmt: skip
        entries = self.entries_on(day) if in_month else []
        if entries:
            small = QFont(font)
            small.setPointSizeF(max(font.pointSizeF() - 1.5, 7))
            painter.setFont(small)
            line_h = painter.fontMetrics().height() + 1
            top = rect.top() + metrics_h + 3
            room = max((rect.bottom() - top) // line_h, 1)
            shown = entries if len(entries) <= room else entries[: room - 1]
            for i, entry in enumerate(shown):
                y = top + i * line_h
                colour = QColor(COLOURS[entry.kind])
                painter.fillRect(QRect(rect.left() + 3, y + 2, 3, line_h - 3), QBrush(colour))
                small.setStrikeOut(entry.kind is EntryKind.CANCELLED)
                painter.setFont(small)
                painter.setPen(colour)
                text_rect = QRect(rect.left() + 8, y, rect.width() - 10, line_h)
                text = painter.fontMetrics().elidedText(
                    entry.subject or entry.title, Qt.TextElideMode.ElideRight, text_rect.width()
                )
                painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 text)  # fmt: skip
            if len(shown) < len(entries):
                small.setStrikeOut(False)
                painter.setFont(small)
                painter.setPen(QColor("#555555"))
                y = top + len(shown) * line_h
                painter.drawText(QRect(rect.left() + 8, y, rect.width() - 10, line_h),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 f"另有 {len(entries) - len(shown)} 项…")  # fmt: skip
        painter.restore()


class DrillCalendarView(QWidget):
    """The 计划日历 tab: the calendar, its legend and the chosen day's entries."""

    #: A day-list entry was double-clicked (or 打开/登记 pressed): its CalendarEntry.
    activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 8, 0, 0)
        lay.setSpacing(6)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        self.calendar = DrillCalendar()
        splitter.addWidget(self.calendar)
        below = QWidget()
        blay = QVBoxLayout(below)
        blay.setContentsMargins(0, 0, 0, 0)
        self.legend = QLabel(LEGEND)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        blay.addWidget(self.legend)
        head = QHBoxLayout()
        self.day_label = QLabel()
        head.addWidget(self.day_label, 1)
        self.open_button = QPushButton("打开 / 登记")
        self.open_button.setToolTip("已实施的演练：打开记录；计划中的演练：登记这次演练")
        head.addWidget(self.open_button)
        blay.addLayout(head)
        self.day_list = QListWidget()
        self.day_list.setMinimumHeight(90)
        blay.addWidget(self.day_list, 1)
        splitter.addWidget(below)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        lay.addWidget(splitter, 1)
        self.calendar.selectionChanged.connect(self._show_day)
        self.day_list.itemDoubleClicked.connect(self._on_item)
        self.day_list.currentRowChanged.connect(lambda _r: self._update_button())
        self.open_button.clicked.connect(self._open_current)
        self._update_button()

    def set_year(self, year: int, entries: dict[date, list[CalendarEntry]], today: date) -> None:
        """Show ``year`` (its month of today, else the month shown) with these entries."""
        first, last = date(year, 1, 1), date(year, 12, 31)
        selected = to_date(self.calendar.selectedDate())
        cal = self.calendar
        cal.blockSignals(True)
        cal.setDateRange(to_qdate(first), to_qdate(last))
        if selected.year != year:
            day = today if today.year == year else date(year, selected.month, 1)
            cal.setSelectedDate(to_qdate(day))
            cal.setCurrentPage(year, day.month)
        cal.blockSignals(False)
        cal.set_entries(entries, today)
        self._show_day()

    def show_day(self, day: date) -> None:
        """Select ``day`` (its month is shown) and list its entries."""
        self.calendar.setSelectedDate(to_qdate(day))
        self.calendar.setCurrentPage(day.year, day.month)
        self._show_day()

    def selected_day(self) -> date:
        """The day selected in the calendar."""
        return to_date(self.calendar.selectedDate())

    def _show_day(self) -> None:
        day = self.selected_day()
        entries = self.calendar.entries_on(day)
        self.day_list.clear()
        for entry in entries:
            item = QListWidgetItem(entry.line())
            item.setData(EntryRole, entry)
            item.setForeground(QColor(COLOURS[entry.kind]))
            if entry.kind is EntryKind.CANCELLED:
                font = item.font()
                font.setStrikeOut(True)
                item.setFont(font)
            self.day_list.addItem(item)
        what = f"{len(entries)} 项" if entries else "没有演练安排"
        self.day_label.setText(f"{day.year}年{_md(day)}：{what}")
        if entries:
            self.day_list.setCurrentRow(0)
        self._update_button()

    def current_entry(self) -> CalendarEntry | None:
        """The entry selected in the day list."""
        item = self.day_list.currentItem()
        return item.data(EntryRole) if item is not None else None

    def _on_item(self, item: QListWidgetItem) -> None:
        self.activated.emit(item.data(EntryRole))

    def _open_current(self) -> None:
        entry = self.current_entry()
        if entry is not None:
            self.activated.emit(entry)

    def _update_button(self) -> None:
        self.open_button.setEnabled(self.current_entry() is not None)
