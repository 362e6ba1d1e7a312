"""动态清零 view of the 隐患 page: what each 村(社区) still has to clear.

One row per active village from ``ws.hazards.zeroing(today)`` — open 一般 and 重大 hazards, of
them overdue and 挂牌督办, what is left to clear, and how many were rectified this year — with
cleared villages greyed and a 合计 row at the bottom. Double-clicking a village emits
:attr:`HazardZeroingView.village_activated`; the page then lists that village's open hazards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.hazards import VillageZeroing
from safetydesk.domain.schedule import format_cn

if TYPE_CHECKING:
    from safetydesk.ui.context import AppContext

#: Column headers, in order.
HEADERS: tuple[str, ...] = (
    "村(社区)", "一般隐患未整改", "重大隐患未整改", "其中逾期", "挂牌督办", "还需清零",
    "本年已整改", "清零情况",
)  # fmt: skip
#: Text colour of villages with nothing left to clear.
CLEARED_COLOUR = QColor("#8a8a8a")
#: Text colour of the figures that need attention (重大, 逾期, 挂牌 > 0).
ALERT_COLOUR = QColor("#b3261e")
#: Role of the first cell holding the village id (None on the 合计 row).
VillageRole = Qt.ItemDataRole.UserRole + 1


def row_values(z: VillageZeroing) -> tuple[int, ...]:
    """The figures of one village, in column order (after the name)."""
    return (z.open_ordinary, z.open_major, z.overdue, z.listed, z.left, z.closed_this_year)


class HazardZeroingView(QWidget):
    """The 动态清零 table.

    Args:
        ctx: The AppContext.
        parent: Parent widget.
    """

    #: A village row was double-clicked (its id).
    village_activated = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[VillageZeroing] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 8, 0, 0)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        lay.addWidget(self.summary_label)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        hh.setMinimumSectionSize(90)
        self.table.itemDoubleClicked.connect(self._on_double_click)
        lay.addWidget(self.table, 1)
        hint = QLabel("双击某个村(社区)，在隐患台账中查看它尚未整改的隐患。灰色表示已清零。")
        hint.setStyleSheet("color: #6b6b6b;")
        lay.addWidget(hint)

    def reload(self) -> None:
        """Re-read the figures as of today."""
        ws = self.ctx.workspace
        today = ws.clock()
        self.rows = ws.hazards.zeroing(today)
        t = self.table
        t.setRowCount(len(self.rows) + 1)
        totals = [0] * 6
        for r, z in enumerate(self.rows):
            values = row_values(z)
            totals = [a + b for a, b in zip(totals, values, strict=True)]
            self._fill_row(r, z.village_name, values, z.village_id)
        self._fill_row(len(self.rows), "合计", tuple(totals), None)
        left_villages = sum(1 for z in self.rows if z.left)
        cleared = len(self.rows) - left_villages
        self.summary_label.setText(
            f"截至 {format_cn(today)}：{len(self.rows)} 个村(社区)中已清零 {cleared} 个，"
            f"还有 {left_villages} 个村(社区)共 {totals[4]} 条隐患未整改"
            f"（其中重大 {totals[1]} 条，逾期 {totals[2]} 条）。"
        )

    def _fill_row(
        self, row: int, name: str, values: tuple[int, ...], village_id: int | None
    ) -> None:
        total = village_id is None
        cleared = not total and values[4] == 0
        font = QFont(self.table.font())
        font.setBold(total)
        cells = [name, *(str(v) for v in values), ""]
        if not total:
            cells[-1] = "已清零" if cleared else f"还需清零 {values[4]} 条"
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setFont(font)
            if c:
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if cleared:
                item.setForeground(QBrush(CLEARED_COLOUR))
            elif c in (2, 3, 4) and values[c - 1] > 0:
                item.setForeground(QBrush(ALERT_COLOUR))
            if total:
                item.setBackground(QBrush(QColor("#eef2f7")))
            if c == 0:
                item.setData(VillageRole, village_id)
                item.setToolTip("" if total else "双击查看这个村(社区)尚未整改的隐患")
            self.table.setItem(row, c, item)

    def cell_text(self, row: int, column: int) -> str:
        """Text of one cell (tests, copying)."""
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def _on_double_click(self, item: QTableWidgetItem) -> None:
        first = self.table.item(item.row(), 0)
        village_id = first.data(VillageRole) if first is not None else None
        if village_id is not None:
            self.village_activated.emit(int(village_id))
