"""SQL-backed table model for the big register lists (ARCHITECTURE settled choice 3).

The model holds only the ordered list of ids that ``service.list_ids(query)`` returns: filtering and
sorting happen in SQL. Records of the rows the view asks for are fetched on demand with
``service.get_many(ids)``, a page of rows from the row asked for, and kept in a small cache (evicted in fetch order). Nothing loops
over all rows in Python except taking the id list itself, so a list of 1,000,000 rows resets in the
time SQLite needs to return the ids. Used by the register pages (``ui/views/*_page.py``).
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from safetydesk.domain.queries import ListQuery

T = TypeVar("T")

#: Role returning the row's record (the domain dataclass).
RecordRole = Qt.ItemDataRole.UserRole + 1
#: Role returning the row's record id.
IdRole = Qt.ItemDataRole.UserRole + 2
#: Rows fetched per ``get_many`` call: a fifth above the row asked for, the rest below it.
PAGE_SIZE = 50
#: Records kept in the cache (evicted in fetch order).
CACHE_SIZE = 4000
#: Text colour of archived rows (shown when the list includes archived records).
ARCHIVED_COLOUR = QColor("#8a8a8a")

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter

_Index = QModelIndex | QPersistentModelIndex
#: One rendered cell: display text, alignment, foreground, background, font.
Cell = tuple[str, Qt.AlignmentFlag, QBrush | None, QBrush | None, QFont | None]
_R = Qt.ItemDataRole
#: Flags of every cell (computed once: flags() is called for each visible cell on each repaint).
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
#: Position of each painted role in a rendered cell tuple (see SqlTableModel._render).
_SLOTS: dict[int, int] = {
    _R.DisplayRole: 0, _R.TextAlignmentRole: 1, _R.ForegroundRole: 2, _R.BackgroundRole: 3,
    _R.FontRole: 4,
}  # fmt: skip
#: Roles this model answers; a view asks for more (decoration, check state, size hint …) on
#: every cell of every repaint, and those return at once without touching the record cache.
_HANDLED_ROLES = frozenset(
    {
        _R.DisplayRole, _R.TextAlignmentRole, _R.ForegroundRole, _R.BackgroundRole,
        _R.FontRole, _R.ToolTipRole, RecordRole, IdRole,
    }
)  # fmt: skip


class ListService(Protocol[T]):
    """What the model needs from a register service."""

    def list_ids(self, query: ListQuery | None = None) -> list[int]: ...  # noqa: D102

    def get_many(self, ids: list[int]) -> dict[int, T]: ...  # noqa: D102


@dataclass(frozen=True, slots=True)
class Column(Generic[T]):
    """One column of a register list.

    Attributes:
        key: Stable name of the column (used for saved widths).
        header: Chinese header text.
        display: Text of a record in this column.
        sort_key: Order key the store accepts (``ListQuery.order_by``); ``None`` = not sortable.
        align: ``"left"``, ``"right"`` (numbers) or ``"center"``.
        width: Default width in widths of "中" of the view's font (the view converts it to
            pixels); Latin letters and digits are about half as wide.
        foreground: Text colour of a record's cell, or ``None`` for the default.
        background: Background colour of a record's cell, or ``None`` for the default.
        tooltip: Tooltip of a record's cell; by default the cell text when it is long.
        bold: Whether a record's cell is drawn bold.
    """

    key: str
    header: str
    display: Callable[[T], str]
    sort_key: str | None = None
    align: str = "left"
    width: float = 10
    foreground: Callable[[T], QColor | None] | None = None
    background: Callable[[T], QColor | None] | None = None
    tooltip: Callable[[T], str] | None = None
    bold: Callable[[T], bool] | None = None


class SqlTableModel(QAbstractTableModel, Generic[T]):
    """Table model over ``service.list_ids(query)`` with on-demand record fetching.

    Args:
        service: A register service (``list_ids(query)`` and ``get_many(ids)``).
        columns: The column specs, in display order.
        query: The initial filter and order.
        parent: Qt parent.

    Attributes:
        row_background: Optional ``rec -> QColor | None`` applied to whole rows (column
            backgrounds win), e.g. the tint of high-risk units.
    """

    def __init__(
        self,
        service: ListService[T],
        columns: Sequence[Column[T]],
        query: ListQuery = ListQuery(),  # noqa: B008 - frozen dataclass, safe as default
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._columns: tuple[Column[T], ...] = tuple(columns)
        self._query = query
        self._cache: OrderedDict[int, T] = OrderedDict()
        #: Rendered cells per cached record id (cleared with the record or on repaint).
        self._cells: dict[int, list[Cell]] = {}
        self._ids: list[int] = list(service.list_ids(query))
        self.row_background: Callable[[T], QColor | None] | None = None
        self._bold = QFont()
        self._bold.setBold(True)
        #: One brush per colour (rgba): rendering a new page of rows makes no new brushes.
        self._brushes: dict[int, QBrush] = {}

    # -- public API ----------------------------------------------------------------------------
    @property
    def query(self) -> ListQuery:
        """The current filter and order."""
        return self._query

    @property
    def columns(self) -> tuple[Column[T], ...]:
        """The column specs."""
        return self._columns

    def set_query(self, query: ListQuery) -> None:
        """Re-query the ids for ``query`` and reset the model (the cache is kept)."""
        ids = list(self._service.list_ids(query))
        self.beginResetModel()
        self._query = query
        self._ids = ids
        self.endResetModel()

    def refresh(self, changed_ids: Sequence[int] | None = None) -> bool:
        """Re-read after a change.

        Drops ``changed_ids`` (all cached records when ``None``) from the cache and re-queries the
        ids. When the row set and order did not change only ``dataChanged`` is emitted, so the
        view keeps its selection and scroll position.

        Returns:
            True when the model was reset (rows were added, removed or reordered).
        """
        self._cells.clear()  # displays may depend on lookups (village names) that changed too
        if changed_ids is None:
            self._cache.clear()
        else:
            for rec_id in changed_ids:
                self._cache.pop(rec_id, None)
        ids = list(self._service.list_ids(self._query))
        if ids == self._ids:
            if ids:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(ids) - 1, len(self._columns) - 1)
                )
            return False
        self.beginResetModel()
        self._ids = ids
        self.endResetModel()
        return True

    def repaint(self) -> None:
        """Ask views to re-read every cell (after village names or a display setting changed)."""
        self._cells.clear()
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, len(self._columns) - 1)
            )

    def id_at(self, row: int) -> int | None:
        """Record id of a row (``None`` when out of range)."""
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def record(self, row: int) -> T | None:
        """The record of a row (fetched if needed); ``None`` when out of range or gone."""
        rec_id = self.id_at(row)
        if rec_id is None:
            return None
        return self._record_for(row, rec_id)

    def row_of_id(self, rec_id: int) -> int:
        """Row of a record id, or -1 when it is not in the list."""
        try:
            return self._ids.index(rec_id)
        except ValueError:
            return -1

    def column_of_key(self, key: str) -> int:
        """Column index of a column key, or -1."""
        for i, col in enumerate(self._columns):
            if col.key == key:
                return i
        return -1

    def is_sortable(self, column: int) -> bool:
        """True when the column can be sorted (its key maps to a store order key)."""
        return 0 <= column < len(self._columns) and self._columns[column].sort_key is not None

    # -- fetching ------------------------------------------------------------------------------
    def _record_for(self, row: int, rec_id: int) -> T | None:
        rec = self._cache.get(rec_id)
        if rec is not None:
            # Eviction is in fetch order (FIFO): the rows on screen are always the latest fetched,
            # and skipping an LRU update on each of the ~1,000 cell lookups per repaint is cheaper.
            return rec
        self._fetch_page(row)
        return self._cache.get(rec_id)

    def _fetch_page(self, row: int) -> None:
        # Mostly below the row asked for (views paint top-down: a jump is one query), a little above
        # (scrolling up a line at a time does not query for every line).
        start = max(0, row - PAGE_SIZE // 5)
        wanted = [i for i in self._ids[start : start + PAGE_SIZE] if i not in self._cache]
        if not wanted:
            return
        found = self._service.get_many(wanted)
        for rec_id in wanted:
            rec = found.get(rec_id)
            if rec is not None:
                self._cache[rec_id] = rec
        while len(self._cache) > CACHE_SIZE:
            old_id, _ = self._cache.popitem(last=False)
            self._cells.pop(old_id, None)

    # -- Qt overrides --------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """Number of ids (0 under a valid parent: this is a flat table)."""
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """Number of columns."""
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell data; records are fetched only for the rows asked for."""
        slot = _SLOTS.get(role)
        if slot is not None:
            # Hot path: every visible cell, several roles, on every repaint.
            row = index.row()
            if row < 0 or row >= len(self._ids):
                return None
            rec_id = self._ids[row]
            cells = self._cells.get(rec_id)
            if cells is None:
                rec = self._record_for(row, rec_id)
                if rec is None:
                    return None
                cells = self._cells[rec_id] = self._render(rec)
            return cells[index.column()][slot]
        if role not in _HANDLED_ROLES or not index.isValid():
            return None
        row = index.row()
        row_id = self.id_at(row)
        if role == IdRole or row_id is None:
            return row_id
        # RecordRole, ToolTipRole: rare, computed on demand.
        rec = self._record_for(row, row_id)
        if rec is None or role == RecordRole:
            return rec
        return self._tooltip(rec, self._columns[index.column()])

    def _render(self, rec: T) -> list[Cell]:
        """Every column's (display, alignment, foreground, background, font) of one record.

        Computed once per record and kept while the record is cached: a repaint asks for five
        roles of every visible cell, and answering from a tuple keeps scrolling fast.
        """
        archived = getattr(rec, "archived", False)
        row_colour = self.row_background(rec) if self.row_background is not None else None
        out: list[Cell] = []
        for col in self._columns:
            align = _RIGHT if col.align == "right" else _CENTER if col.align == "center" else _LEFT
            if archived:
                fg: QBrush | None = self._brush(ARCHIVED_COLOUR)
            else:
                colour = col.foreground(rec) if col.foreground else None
                fg = self._brush(colour) if colour is not None else None
            colour = col.background(rec) if col.background else None
            if colour is None:
                colour = row_colour
            bg = self._brush(colour) if colour is not None else None
            font = self._bold if col.bold is not None and col.bold(rec) else None
            out.append((col.display(rec), align, fg, bg, font))
        return out

    def _brush(self, colour: QColor) -> QBrush:
        brush = self._brushes.get(colour.rgba())
        if brush is None:
            brush = self._brushes[colour.rgba()] = QBrush(colour)
        return brush

    def _tooltip(self, rec: T, col: Column[T]) -> str | None:
        if col.tooltip is not None:
            return col.tooltip(rec) or None
        text = col.display(rec)
        tip = text if len(text) > col.width else ""
        if getattr(rec, "archived", False):
            tip = (tip + "\n" if tip else "") + "已归档"
        return tip or None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column headers (Chinese); row headers are not shown."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        col = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.header
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col.align == "right" else _LEFT
        if role == Qt.ItemDataRole.ToolTipRole:
            return "点击按此列排序" if col.sort_key else "此列不能排序"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Rows are selectable, never editable in place (edits go through the dialogs)."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _ROW_FLAGS

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by asking SQL; a column without sort key (or -1) restores the default order."""
        if self.is_sortable(column):
            key = self._columns[column].sort_key or "default"
            descending = order == Qt.SortOrder.DescendingOrder
        elif column < 0:
            key, descending = "default", False
        else:
            return
        if key == self._query.order_by and descending == self._query.descending:
            return
        query = dataclasses.replace(self._query, order_by=key, descending=descending)
        ids = list(self._service.list_ids(query))
        if len(ids) != len(self._ids):  # the data changed meanwhile: not a pure reorder
            self.beginResetModel()
            self._query, self._ids = query, ids
            self.endResetModel()
            return
        self.layoutAboutToBeChanged.emit()
        old_ids = self._ids
        persistent = self.persistentIndexList()
        self._query = query
        self._ids = ids
        if persistent:
            new_rows: dict[int, int] = {}
            new_list = []
            for idx in persistent:
                rec_id = old_ids[idx.row()] if 0 <= idx.row() < len(old_ids) else None
                if rec_id is not None and rec_id not in new_rows:
                    new_rows[rec_id] = self.row_of_id(rec_id)
                row = new_rows.get(rec_id, -1) if rec_id is not None else -1
                new_list.append(self.index(row, idx.column()) if row >= 0 else QModelIndex())
            self.changePersistentIndexList(persistent, new_list)
        self.layoutChanged.emit()
