"""Small layout helpers shared by the pages and dialogs (one look for titles and page bodies)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def bold(label: QLabel, delta: float = 0) -> QLabel:
    """Make ``label`` bold and ``delta`` points larger than the application font; returns it."""
    font = label.font()
    font.setPointSizeF(font.pointSizeF() + delta)
    font.setBold(True)
    label.setFont(font)
    return label


def scroll_body(
    owner: QWidget, *, margins: tuple[int, int] = (28, 22), spacing: int = 14
) -> QVBoxLayout:
    """Give a page a frameless scroll area and return the layout of its scrolled body."""
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(0, 0, 0, 0)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    outer.addWidget(scroll)
    body = QWidget()
    scroll.setWidget(body)
    layout = QVBoxLayout(body)
    h, v = margins
    layout.setContentsMargins(h, v, h, v)
    layout.setSpacing(spacing)
    return layout


def table_item(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    """The item of a cell the code filled (``QTableWidget.item`` may return None).

    Raises:
        LookupError: The cell has no item.
    """
    item = table.item(row, column)
    if item is None:
        raise LookupError(f"no item in cell ({row}, {column})")
    return item


def setup_list_table(
    table: QTableView,
    model: QAbstractItemModel,
    widths: Iterable[float] = (),
    *,
    multi: bool = False,
    context_menu: bool = True,
) -> None:
    """One look for the record lists: whole-row selection, no editing, alternating rows,
    fixed row height, left-aligned headers, column widths given in widths of "中".

    Args:
        table: The view.
        model: Its model (set here).
        widths: Default width of each column, in widths of "中" (Latin text is about half).
        multi: Allow selecting several rows (Ctrl/Shift).
        context_menu: Emit ``customContextMenuRequested`` on right click.
    """
    sel = QAbstractItemView.SelectionMode
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(sel.ExtendedSelection if multi else sel.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setCornerButtonEnabled(False)
    if context_menu:
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    vh = table.verticalHeader()
    vh.hide()
    vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vh.setDefaultSectionSize(table.fontMetrics().height() + 12)
    hh = table.horizontalHeader()
    hh.setHighlightSections(False)
    hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    hh.setStretchLastSection(True)
    hh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    em = table.fontMetrics().horizontalAdvance("中")
    for i, width in enumerate(widths):
        table.setColumnWidth(i, round(width * em) + 18)
