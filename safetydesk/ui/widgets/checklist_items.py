"""Read-only tables of checklist templates and their items (检查表, 版本历史).

:func:`readonly_table` gives the template lists one look; :func:`make_items_table` /
:func:`fill_items_table` show a template's items with long texts wrapped (rows grow to fit) and
the 重大隐患判定项 marked. Used by ``ui/views/templates_view.py`` and
``ui/dialogs/template_history_dialog.py``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from safetydesk.domain.inspections import ChecklistItem

#: Headers of the items table.
ITEM_HEADERS: tuple[str, ...] = ("序号", "检查内容", "检查标准/要求", "检查依据", "重大隐患判定项")
#: Text colour of retired versions and of muted cells.
MUTED = QColor("#8a8a8a")
#: Extra height of each wrapped items row (pixels).
ROW_PADDING = 8
#: Text colour of the 重大 mark.
MAJOR_COLOUR = QColor("#b3261e")

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter


def readonly_table(headers: tuple[str, ...], *, wrap: bool = False) -> QTableWidget:
    """A read-only table with one look: whole-row selection, alternating rows, left headers."""
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(list(headers))
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setAlternatingRowColors(True)
    t.setWordWrap(wrap)
    t.verticalHeader().hide()
    t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 10)
    t.horizontalHeader().setHighlightSections(False)
    t.horizontalHeader().setDefaultAlignment(_LEFT)
    return t


def table_cell(
    text: str, *, center: bool = False, colour: QColor | None = None
) -> QTableWidgetItem:
    """A table cell showing ``text`` (centred, in ``colour``, when asked)."""
    item = QTableWidgetItem(text)
    item.setTextAlignment(_CENTER if center else _LEFT)
    if colour is not None:
        item.setForeground(colour)
    return item


def make_items_table() -> QTableWidget:
    """A read-only table for a template's items (long texts wrap)."""
    t = readonly_table(ITEM_HEADERS, wrap=True)
    em = t.fontMetrics().horizontalAdvance("中")
    hh = t.horizontalHeader()
    hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
    hh.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
    t.setColumnWidth(0, round(3 * em))
    t.setColumnWidth(1, round(12 * em))
    t.setColumnWidth(3, round(20 * em))
    t.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    # Wrapped rows must be re-measured whenever a column (the stretching one too) changes width.
    hh.sectionResized.connect(lambda *_args: fit_rows(t))
    return t


def fill_items_table(t: QTableWidget, items: tuple[ChecklistItem, ...]) -> None:
    """Show a template's items; rows grow to fit wrapped text."""
    t.setRowCount(len(items))
    for r, it in enumerate(items):
        t.setItem(r, 0, table_cell(str(it.seq), center=True))
        t.setItem(r, 1, table_cell(it.content))
        t.setItem(r, 2, table_cell(it.standard))
        t.setItem(r, 3, table_cell(it.basis))
        major = table_cell("是" if it.major else "", center=True, colour=MAJOR_COLOUR)
        if it.major:
            major.setToolTip("此项不合格时，建议按重大事故隐患登记（依据见“检查依据”）")
        t.setItem(r, 4, major)
    fit_rows(t)


def fit_rows(t: QTableWidget) -> None:
    """Size every row to its wrapped text, with some air above and below."""
    t.resizeRowsToContents()
    for r in range(t.rowCount()):
        t.setRowHeight(r, t.rowHeight(r) + ROW_PADDING)
