"""Skeleton of the list pages: the table, its empty-state label, the note line, keys and sorting.

:class:`ListPage` is the base of every page whose body is a record list (the register pages
村(社区) / 单位场所 / 人员 and 检查记录, 隐患台账, 文书登记). It builds the pieces each page places in
its own layout — :meth:`ListPage.build_list` (a stack holding the :class:`QTableView` and the
label shown instead when the list is empty) and :meth:`ListPage.build_note` (a line that shows a
short note for a few seconds) — and wires the table once (:meth:`ListPage.setup_table`): one look
for lists, double click and Enter open the current row (:meth:`ListPage.activate_current`), right
click asks for :meth:`ListPage.context_menu`, and clicks on a column that SQL cannot sort by put
the sort indicator back. A page hidden when its data changed only marks itself stale
(:meth:`ListPage.defer_if_hidden`) and reloads when it is shown again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPoint,
    Qt,
    QTimer,
)
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QMenu,
    QStackedWidget,
    QTableView,
    QWidget,
)

from safetydesk.ui.widgets.layout import setup_list_table

if TYPE_CHECKING:
    from safetydesk.ui.context import AppContext

#: Style of the label shown instead of an empty list.
EMPTY_STYLE = "color: #6b6b6b; font-size: 11pt;"
#: Style of the note line under a list.
NOTE_STYLE = "color: #7a5d00;"
#: How long a note stays (milliseconds).
NOTE_MS = 8000


class ListPage(QWidget):
    """Base of the list pages.

    Subclasses build their layout, placing :meth:`build_list` (and :meth:`build_note`) where the
    list goes, call :meth:`setup_table` once the model exists, and override :meth:`reload`,
    :meth:`activate_current` and :meth:`context_menu`.

    Args:
        ctx: The AppContext.
        parent: Parent widget.
    """

    stack: QStackedWidget
    table: QTableView
    empty_label: QLabel
    note_label: QLabel

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = False
        self._sortable: Callable[[int], bool] | None = None
        self._sort_section = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._keep_current_visible = False

    # -- hooks for subclasses ------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the list (called when a stale page is shown)."""
        raise NotImplementedError

    def activate_current(self) -> bool:
        """Double click or Enter on a row: open it. False when nothing was done."""
        return False

    def context_menu(self, pos: QPoint) -> None:
        """Right click at ``pos`` (viewport coordinates of the table)."""

    def _update_buttons(self, *_args: object) -> None:
        """Enable the page's actions for the current selection."""

    # -- building ------------------------------------------------------------------------------
    def build_list(self) -> QStackedWidget:
        """The table and, in its place while the list is empty, :attr:`empty_label`."""
        self.stack = QStackedWidget()
        self.table = QTableView()
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet(EMPTY_STYLE)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)
        return self.stack

    def build_note(self) -> QLabel:
        """The note line under the list (hidden until :meth:`show_note`)."""
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet(NOTE_STYLE)
        self.note_label.hide()
        return self.note_label

    def add_shortcut(self, keys: str, slot: Callable[[], object]) -> QShortcut:
        """A key sequence active anywhere on the page."""
        return QShortcut(QKeySequence(keys), self, slot,
                         context=Qt.ShortcutContext.WidgetWithChildrenShortcut)  # fmt: skip

    def setup_table(
        self,
        model: QAbstractItemModel,
        widths: Iterable[float],
        *,
        multi: bool = False,
        sortable: Callable[[int], bool] | None = None,
        clearable_sort: bool = False,
        keep_current_visible: bool = False,
    ) -> None:
        """Show ``model`` in the table and wire clicks, keys and sorting.

        Args:
            model: The list's model.
            widths: Default column widths, in widths of "中".
            multi: Allow selecting several rows.
            sortable: Whether a column can be sorted (the model sorts in SQL); ``None`` for a
                list that is not sortable by clicking its headers.
            clearable_sort: A third click on a header goes back to the default order.
            keep_current_visible: Scroll to the current row after the order changed.
        """
        t = self.table
        setup_list_table(t, model, widths, multi=multi)
        if sortable is not None:
            self._sortable = sortable
            self._keep_current_visible = keep_current_visible
            hh = t.horizontalHeader()
            if clearable_sort:
                hh.setSortIndicatorClearable(True)
            hh.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            t.setSortingEnabled(True)
            hh.sortIndicatorChanged.connect(self._on_sort_indicator)
        t.doubleClicked.connect(lambda _i: self.activate_current())
        t.customContextMenuRequested.connect(self.context_menu)
        t.installEventFilter(self)

    # -- selection (single-selection lists) ----------------------------------------------------
    def current_row(self) -> int:
        """Row of the current record when it is selected, else -1."""
        idx = self.table.currentIndex()
        return idx.row() if idx.isValid() and self.table.selectionModel().isRowSelected(
            idx.row(), QModelIndex()) else -1  # fmt: skip

    def select_row(self, row: int) -> None:
        """Select a row (clamped to the list) and scroll to it; clear the selection if empty."""
        model = self.table.model()
        n = model.rowCount()
        if n == 0:
            self.table.selectionModel().clear()
            self._update_buttons()
            return
        idx = model.index(max(0, min(row, n - 1)), 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().setCurrentIndex(idx, flags)
        self.table.scrollTo(idx, QAbstractItemView.ScrollHint.EnsureVisible)
        self._update_buttons()

    def add_copy_actions(self, menu: QMenu, index: QModelIndex) -> None:
        """复制此格 and 复制整行 (cells separated by tabs) for the cell at ``index``."""
        text = str(index.data() or "")
        copy_cell = menu.addAction("复制此格", lambda: _copy(text))
        copy_cell.setEnabled(bool(text))
        menu.addAction("复制整行", lambda: _copy(self.row_text(index.row())))

    def row_text(self, row: int) -> str:
        """The cells of ``row`` as shown, separated by tabs."""
        model = self.table.model()
        return "\t".join(str(model.index(row, c).data() or "") for c in range(model.columnCount()))

    # -- state ---------------------------------------------------------------------------------
    def show_empty(self, text: str | None) -> None:
        """Show the table, or (with ``text``) the empty-state label saying ``text``."""
        if text is None:
            self.stack.setCurrentWidget(self.table)
            return
        self.empty_label.setText(text)
        self.stack.setCurrentWidget(self.empty_label)

    def show_note(self, text: str) -> None:
        """Show a note under the list for a few seconds."""
        self.note_label.setText(text)
        self.note_label.show()
        QTimer.singleShot(NOTE_MS, self.note_label.hide)

    def defer_if_hidden(self) -> bool:
        """True when the page is hidden: it is marked stale and reloads when shown."""
        if self.isVisible():
            return False
        self._stale = True
        return True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Reload a list that changed while the page was hidden."""
        super().showEvent(event)
        if self._stale:
            self.reload()

    # -- sorting and keys ----------------------------------------------------------------------
    def _on_sort_indicator(self, section: int, order: Qt.SortOrder) -> None:
        hh = self.table.horizontalHeader()
        if section >= 0 and self._sortable is not None and not self._sortable(section):
            hh.blockSignals(True)
            hh.setSortIndicator(self._sort_section, self._sort_order)
            hh.blockSignals(False)
            return
        self._sort_section, self._sort_order = section, order
        current = self.table.currentIndex()
        if self._keep_current_visible and current.isValid():
            self.table.scrollTo(current, QAbstractItemView.ScrollHint.EnsureVisible)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Enter/Return on a row opens it."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            key = event.key() if isinstance(event, QKeyEvent) else None
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.activate_current():
                return True
        return super().eventFilter(watched, event)


def _copy(text: str) -> None:
    QGuiApplication.clipboard().setText(text)
