"""年度计划 and 演练记录 tabs of the 应急演练 page, and the row model every list there uses.

:class:`RowsModel` is a :class:`QAbstractTableModel` over a list of records with declarative
:class:`Col` columns (header, text, alignment, colour, tooltip, sort key), sorted in Python: a
year of drills of a township is a few hundred rows, of a county some ten thousand. The
:class:`PlanListView` is the 年度计划 tab (the year's planned dates with their status and
说明, and the buttons the page wires: 新增计划项 / 延期 / 取消 / 历史 / 登记演练). The
:class:`DrillRecordsView` lists the drills of the year (``ws.drills.drills(year)``) — 记录编号,
日期, 组织, 演练名称, 灾种, 形式, 参演人数, 评估结论, 需修订预案 — with 登记演练 / 打开 buttons;
the page opens the record dialog for them (:attr:`DrillRecordsView.open_requested`,
:attr:`DrillRecordsView.new_requested`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from safetydesk.domain.drill_plans import Occurrence, OccurrenceStatus
from safetydesk.domain.drills import Drill
from safetydesk.labels import day_text
from safetydesk.ui.views.drill_calendar import COLOURS, EntryKind
from safetydesk.ui.widgets.layout import setup_list_table

if TYPE_CHECKING:
    from datetime import date

    from safetydesk.ui.views.drills_page import DrillYear

T = TypeVar("T")

#: Role returning a row's record.
RecordRole = Qt.ItemDataRole.UserRole + 1
#: Text colour of rows and cells that need attention (missing, overdue).
ALERT = QColor("#b3261e")
#: Text colour of secondary cells.
MUTED = QColor("#6b6b6b")

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Col(Generic[T]):
    """One column of a :class:`RowsModel`.

    Attributes:
        header: Column header.
        text: Display text of a record.
        width: Default width in widths of "中".
        align: ``"left"``, ``"right"`` or ``"center"``.
        sort: Sort key of a record (default: its text).
        colour: Text colour of a record's cell (``None``: default).
        tip: Tooltip of a record's cell.
    """

    header: str
    text: Callable[[T], str]
    width: float = 6
    align: str = "left"
    sort: Callable[[T], Any] | None = None
    colour: Callable[[T], QColor | None] | None = None
    tip: Callable[[T], str] | None = None


class RowsModel(QAbstractTableModel, Generic[T]):
    """Records in columns; :meth:`sort` orders them in Python.

    Args:
        columns: The columns, in order.
        parent: Qt parent.
        row_colour: Text colour of a whole row (a column's own colour wins).
    """

    def __init__(
        self,
        columns: Sequence[Col[T]],
        parent: QObject | None = None,
        *,
        row_colour: Callable[[T], QColor | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self.rows: list[T] = []
        self._row_colour = row_colour

    def set_rows(self, rows: Sequence[T]) -> None:
        """Replace the rows (in the given order)."""
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def record(self, row: int) -> T | None:
        """The record of ``row`` (None out of range)."""
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802, D102
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802, D102
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802, D102
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # fmt: skip
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: D102
        rec = self.record(index.row())
        if rec is None or not 0 <= index.column() < len(self.columns):
            return None
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(rec)
        if role == RecordRole:
            return rec
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return {"right": _RIGHT, "center": _CENTER}.get(col.align, _LEFT)
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = col.colour(rec) if col.colour is not None else None
            if colour is None and self._row_colour is not None:
                colour = self._row_colour(rec)
            return colour
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.tip(rec) if col.tip is not None else (col.text(rec) or None)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column's key (stable, so ties keep the service's order)."""
        if not 0 <= column < len(self.columns):
            return
        col = self.columns[column]
        key = col.sort or col.text
        self.layoutAboutToBeChanged.emit()
        self.rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


def setup_rows_table(table: QTableView, model: RowsModel[Any]) -> None:
    """One look for the page's lists (as the record lists), widths from the columns."""
    setup_list_table(table, model, [c.width for c in model.columns])
    table.setSortingEnabled(True)
    table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)


def count_text(value: int | None) -> str:
    """A count, "" when unknown."""
    return "" if value is None else str(value)


def form_text(drill: Drill) -> str:
    """形式 as one cell: 综合·实战, 单项·桌面 …"""
    return f"{drill.scope.value}·{drill.form.value}"


#: The columns of the drill list; the organiser names come from :attr:`DrillRecordsView.names`.
def drill_columns(organiser: Callable[[Drill], str]) -> tuple[Col[Drill], ...]:
    """记录编号, 日期, 组织, 演练名称, 灾种, 形式, 参演人数, 评估结论, 需修订预案."""
    return (
        Col("记录编号", lambda d: d.record_no, 6),
        Col("日期", lambda d: day_text(d.held_on), 5.5, sort=lambda d: d.held_on),
        Col("组织", organiser, 9),
        Col("演练名称", lambda d: d.title, 16),
        Col("灾种", lambda d: d.category.value, 5),
        Col("形式", form_text, 5, align="center"),
        Col("参演人数", lambda d: count_text(d.participants), 4, align="right",
            sort=lambda d: d.participants or 0),  # fmt: skip
        Col("评估结论", lambda d: d.conclusion.value if d.conclusion else "未评估", 7,
            colour=lambda d: MUTED if d.conclusion is None else None),  # fmt: skip
        Col("需修订预案", lambda d: "是" if d.needs_plan_revision else "否", 5, align="center",
            colour=lambda d: ALERT if d.needs_plan_revision else None),  # fmt: skip
    )


class DrillRecordsView(QWidget):
    """The 演练记录 tab: the drills held in the year, 登记演练 and 打开.

    Attributes:
        names: Organiser names by (kind, subject id) for drills whose 组织 text is empty.
    """

    #: 打开 or a double click: the drill's id.
    open_requested = Signal(int)
    #: 登记演练: a new record.
    new_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names: Callable[[Drill], str] = lambda d: d.organiser
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 8, 0, 0)
        lay.setSpacing(6)
        bar = QHBoxLayout()
        self.count_label = QLabel()
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        self.new_button = QPushButton("登记演练…")
        self.new_button.setToolTip("登记一次已经举行的演练（包括单位自行组织后报送的演练）")
        self.open_button = QPushButton("打开")
        self.open_button.setToolTip("查看或修改所选演练记录")
        bar.addWidget(self.new_button)
        bar.addWidget(self.open_button)
        lay.addLayout(bar)
        self.model: RowsModel[Drill] = RowsModel(drill_columns(self._organiser), self)
        self.table = QTableView()
        setup_rows_table(self.table, self.model)
        lay.addWidget(self.table, 1)
        self.empty_label = QLabel()
        self.empty_label.setStyleSheet("color: #6b6b6b;")
        self.empty_label.hide()
        lay.addWidget(self.empty_label)
        self.new_button.clicked.connect(self.new_requested.emit)
        self.open_button.clicked.connect(self._open_current)
        self.table.doubleClicked.connect(lambda _i: self._open_current())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self._update_buttons()

    def _organiser(self, drill: Drill) -> str:
        return drill.organiser or self.names(drill)

    def set_drills(self, drills: Sequence[Drill], year: int) -> None:
        """Show the drills of ``year`` (keeping the selected one selected)."""
        keep = self.current_drill()
        self.model.set_rows(drills)
        hh = self.table.horizontalHeader()
        if hh.sortIndicatorSection() >= 0:
            self.model.sort(hh.sortIndicatorSection(), hh.sortIndicatorOrder())
        self.count_label.setText(f"{year}年共登记演练 {len(drills)} 次")
        self.empty_label.setText(
            f"{year}年还没有登记演练。举行演练后点击“登记演练…”，或在计划日历中双击计划项登记。"
        )
        self.empty_label.setVisible(not drills)
        if keep is not None and keep.id is not None:
            self.select_drill(keep.id)
        self._update_buttons()

    def current_drill(self) -> Drill | None:
        """The selected drill, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def select_drill(self, drill_id: int) -> bool:
        """Select the drill with ``drill_id``; False when it is not listed."""
        for r, d in enumerate(self.model.rows):
            if d.id == drill_id:
                self.table.selectRow(r)
                self.table.scrollTo(self.model.index(r, 0))
                return True
        return False

    def _open_current(self) -> None:
        drill = self.current_drill()
        if drill is not None and drill.id is not None:
            self.open_requested.emit(drill.id)

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.current_drill() is not None)


#: Colour of an occurrence's status in the plan list.
STATUS_KIND: dict[OccurrenceStatus, EntryKind] = {
    OccurrenceStatus.PLANNED: EntryKind.PLANNED,
    OccurrenceStatus.DONE: EntryKind.DONE,
    OccurrenceStatus.OVERDUE: EntryKind.OVERDUE,
    OccurrenceStatus.MOVED: EntryKind.MOVED,
    OccurrenceStatus.CANCELLED: EntryKind.CANCELLED,
}


# -- 年度计划 --------------------------------------------------------------------------------------
def occurrence_note(occ: Occurrence) -> str:
    """说明: the original date of a moved date, the reason of a move or cancel."""
    parts = []
    if occ.on != occ.planned_on:
        parts.append(f"原定{day_text(occ.planned_on)}")
    if occ.reason:
        parts.append(occ.reason)
    if occ.status is OccurrenceStatus.OVERDUE:
        parts.append("计划日期已过，尚未登记演练")
    return "；".join(parts)


def _status_colour(occ: Occurrence) -> QColor:
    return QColor(COLOURS[STATUS_KIND[occ.status]])


class PlanListView(QWidget):
    """The 年度计划 tab: the year's planned dates, with 新增 / 延期 / 取消 / 历史 / 登记演练."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: DrillYear | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 8, 0, 0)
        lay.setSpacing(6)
        bar = QHBoxLayout()
        self.count_label = QLabel()
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        self.add_button = QPushButton("新增计划项…")
        self.move_button = QPushButton("延期…")
        self.cancel_button = QPushButton("取消…")
        self.history_button = QPushButton("历史…")
        self.record_button = QPushButton("登记演练…")
        self.record_button.setToolTip("所选计划日期已举行演练：登记这次演练")
        for b in (self.add_button, self.move_button, self.cancel_button, self.history_button,
                  self.record_button):  # fmt: skip
            bar.addWidget(b)
        lay.addLayout(bar)
        columns: tuple[Col[Occurrence], ...] = (
            Col("序号", lambda o: str(o.item.seq), 2.5, align="right", sort=lambda o: o.item.seq),
            Col("日期", lambda o: day_text(o.on), 5.5, sort=lambda o: o.on),
            Col("演练名称", lambda o: o.item.title, 15),
            Col("对象", self._subject, 8),
            Col("灾种", lambda o: o.item.category.value, 5),
            Col("形式", lambda o: f"{o.item.scope.value}·{o.item.form.value}", 5, align="center"),
            Col("状态", lambda o: o.status.value, 3.5, align="center", colour=_status_colour),
            Col("说明", occurrence_note, 14),
        )
        self.model: RowsModel[Occurrence] = RowsModel(columns, self)
        self.table = QTableView()
        setup_rows_table(self.table, self.model)
        lay.addWidget(self.table, 1)
        self.empty_label = QLabel()
        self.empty_label.setStyleSheet("color: #6b6b6b;")
        self.empty_label.hide()
        lay.addWidget(self.empty_label)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())

    def _subject(self, occ: Occurrence) -> str:
        return self.data.subject(occ) if self.data is not None else ""

    def set_data(self, data: DrillYear) -> None:
        """Show the year's occurrences (keeping the selected one selected)."""
        keep = self.current()
        self.data = data
        self.model.set_rows(data.plan)
        hh = self.table.horizontalHeader()
        if hh.sortIndicatorSection() >= 0:
            self.model.sort(hh.sortIndicatorSection(), hh.sortIndicatorOrder())
        done = sum(1 for o in data.plan if o.status is OccurrenceStatus.DONE)
        self.count_label.setText(f"{data.year}年计划演练 {len(data.plan)} 次，已实施 {done} 次")
        self.empty_label.setText(f"{data.year}年还没有演练计划。点击“新增计划项…”制定年度演练计划。")
        self.empty_label.setVisible(not data.plan)
        if keep is not None:
            self.select(keep.item.id, keep.planned_on)
        self._update_buttons()

    def current(self) -> Occurrence | None:
        """The selected occurrence."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def select(self, item_id: int | None, planned_on: date) -> bool:
        """Select the occurrence of ``item_id`` planned on ``planned_on``."""
        for r, o in enumerate(self.model.rows):
            if o.item.id == item_id and o.planned_on == planned_on:
                self.table.selectRow(r)
                return True
        return False

    def _update_buttons(self) -> None:
        occ = self.current()
        open_ = occ is not None and occ.status is not OccurrenceStatus.DONE
        for b in (self.move_button, self.cancel_button):
            b.setEnabled(open_ and occ is not None and occ.status is not OccurrenceStatus.CANCELLED)
        self.history_button.setEnabled(occ is not None)
        self.record_button.setEnabled(open_)
