"""Table model of the 检查覆盖 unit list: :class:`UnitCoverage` rows, sorted in Python.

A township has a few thousand units at most, so the rows of one report are held in memory; the
default order is village (register order), risk, name. Used by ``ui/views/coverage_view.py``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from safetydesk.domain.common import RISK_LEVELS
from safetydesk.domain.coverage import UnitCoverage
from safetydesk.labels import day_text, risk_label
from safetydesk.ui.models.register_columns import MUTED, NO_RISK_TEXT, RISK_FOREGROUND

#: Headers of the unit table (the last column only while 显示全部单位 is ticked).
UNIT_HEADERS: tuple[str, ...] = (
    "村(社区)", "单位场所", "类型", "风险", "要求", "本年已检/应检", "最近检查", "本期",
)  # fmt: skip
#: Name shown for units without a village.
NO_VILLAGE = "（未分村）"
#: Text colour of units whose current period is covered (when all units are shown).
COVERED_COLOUR = QColor("#2e7d32")
#: Text colour of a 未检 count above zero.
ALERT_COLOUR = QColor("#b3261e")
#: Role of the unit table returning the row's UnitCoverage.
RecordRole = Qt.ItemDataRole.UserRole + 1

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter
_Index = QModelIndex | QPersistentModelIndex


class UnitCoverageModel(QAbstractTableModel):
    """Rows of :class:`UnitCoverage`, ordered by village, risk and name; sortable by column.

    Args:
        parent: Qt parent.

    Attributes:
        risk_scheme: Display scheme of the risk column ("ABCD" or "红橙黄蓝").
        show_period: Whether the 本期 column (已检/未检) is shown.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[UnitCoverage] = []
        self.village_order: dict[str, int] = {}
        self.risk_scheme = "ABCD"
        self.show_period = False

    def set_rows(self, rows: list[UnitCoverage], village_order: dict[str, int]) -> None:
        """Replace the rows (kept in the default order: village, risk, name)."""
        self.beginResetModel()
        self.village_order = village_order
        self.rows = sorted(rows, key=self._default_key)
        self.endResetModel()

    def _default_key(self, u: UnitCoverage) -> tuple[int, str, int, str]:
        village = self.village_order.get(u.village_name, len(self.village_order))
        risk = RISK_LEVELS.index(u.risk) if u.risk in RISK_LEVELS else len(RISK_LEVELS)
        return (village, u.village_name, risk, u.unit_name)

    def record(self, row: int) -> UnitCoverage | None:
        """The row's record (None out of range)."""
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802, D102
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802, D102
        return 0 if parent.isValid() else len(UNIT_HEADERS) - (0 if self.show_period else 1)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802, D102
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # fmt: skip
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return UNIT_HEADERS[section]
        return None

    def cell_text(self, u: UnitCoverage, col: int) -> str:
        """Display text of one cell."""
        risk = risk_label(u.risk, self.risk_scheme) if u.risk else NO_RISK_TEXT
        return (
            u.village_name or NO_VILLAGE, u.unit_name, u.unit_type, risk, u.rule,
            f"{u.done} / {u.required}", day_text(u.last_on) or "本年未检",
            "已检" if u.current_period_done else "未检",
        )[col]  # fmt: skip

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: D102
        u = self.record(index.row())
        if u is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(u, col)
        if role == RecordRole:
            return u
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _CENTER if col in (3, 5, 7) else _LEFT
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == 3:
                return RISK_FOREGROUND.get(u.risk, MUTED)
            if col == 6 and not u.last_on:
                return MUTED
            if col == 7:
                return COVERED_COLOUR if u.current_period_done else ALERT_COLOUR
            if col == 5 and u.done < u.required:
                return ALERT_COLOUR
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 5:
                return f"本年已检查 {u.done} 次；按“{u.rule}”，到统计日应检查 {u.required} 次"
            if col == 1:
                return u.unit_name
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python (a few thousand rows at most per township)."""
        keys = {
            0: self._default_key,
            1: lambda u: u.unit_name,
            2: lambda u: (u.unit_type, self._default_key(u)),
            3: lambda u: self._default_key(u)[2:3] + self._default_key(u)[:2],
            4: lambda u: (-u.required, self._default_key(u)),
            5: lambda u: (u.done - u.required, self._default_key(u)),
            6: lambda u: (day_text(u.last_on), self._default_key(u)),
            7: lambda u: (u.current_period_done, self._default_key(u)),
        }
        key = keys.get(column, self._default_key)
        self.layoutAboutToBeChanged.emit()
        self.rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()
