"""Table model of the 一制四案 matrix: one row per village (and 镇本级), one column per item.

The model holds one :class:`~safetydesk.services.plans.Matrix` and reads its cells on demand, so
a county of 500 villages costs no more than its rows (no widget per cell). A plan cell shows two
lines: status and version, then the 生效 and next revision dates; its background follows the
status (:data:`STATUS_BACKGROUND`), a plan due within 30 days is marked yellow, and a 需修订 cell
has its reason as tooltip. Used by ``ui/views/plans_page.py``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from safetydesk.domain.plans import PlanKind, PlanStatus
from safetydesk.labels import day_text
from safetydesk.services.plans import TOWNSHIP, Cell, Matrix, MatrixRow

#: Column of the village name, of the first plan item and of the shelter count.
COL_NAME = 0
COL_FIRST_PLAN = 1
COL_SHELTERS = COL_FIRST_PLAN + len(PlanKind)
#: Column headers.
#: Column of the day of the newest drill (最近演练).
COL_LAST_DRILL = COL_SHELTERS + 1
HEADERS: tuple[str, ...] = (
    "村(社区)", *(f"{k}\n生效 → 下次修订" for k in PlanKind), "避难场所", "最近演练",
)
#: Role returning the row's :class:`MatrixRow`.
RowRole = Qt.ItemDataRole.UserRole + 1
#: Role returning a plan cell's :class:`Cell` (``None`` on other columns).
CellRole = Qt.ItemDataRole.UserRole + 2

#: Background of a plan cell by status (light tints, dark text stays readable).
STATUS_BACKGROUND: dict[PlanStatus, QColor] = {
    PlanStatus.MISSING: QColor("#ececec"),
    PlanStatus.DRAFT: QColor("#ffe7b8"),
    PlanStatus.SUBMITTED: QColor("#ffe7b8"),
    PlanStatus.EFFECTIVE: QColor("#d7efd9"),
    PlanStatus.NEEDS_REVISION: QColor("#f4b9b4"),
    PlanStatus.RETIRED: QColor("#e3e3e3"),
}
#: Text colour of a plan cell by status.
STATUS_FOREGROUND: dict[PlanStatus, QColor] = {
    PlanStatus.MISSING: QColor("#b3261e"),
    PlanStatus.DRAFT: QColor("#6d4a00"),
    PlanStatus.SUBMITTED: QColor("#6d4a00"),
    PlanStatus.EFFECTIVE: QColor("#1b5e20"),
    PlanStatus.NEEDS_REVISION: QColor("#8a1c1c"),
    PlanStatus.RETIRED: QColor("#555555"),
}
#: Background of an 已生效 cell whose revision date falls within 30 days (the yellow mark).
DUE_SOON_BACKGROUND = QColor("#fff59d")
#: Background of a shelter count of 0.
NO_SHELTER_BACKGROUND = QColor("#f4b9b4")
#: Text colour of the township's own row name.
TOWNSHIP_COLOUR = QColor("#0d47a1")

_CENTER = Qt.AlignmentFlag.AlignCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_Index = QModelIndex | QPersistentModelIndex
#: The invalid index (the table's root).
_ROOT = QModelIndex()


def cell_text(cell: Cell) -> str:
    """Two lines: "已生效 2026年版" (" · 将到期" within 30 days) and "生效日 → 下次修订日"."""
    first = f"{cell.status} {cell.version}" if cell.version else str(cell.status)
    if cell.due_soon:
        first += " · 将到期"
    if cell.effective_on or cell.next_revision_on:
        second = f"{day_text(cell.effective_on) or '—'} → {day_text(cell.next_revision_on) or '—'}"
    else:
        second = "—"
    return f"{first}\n{second}"


def cell_tooltip(row: MatrixRow, cell: Cell) -> str:
    """What a plan cell's tooltip says: the item, its status and dates, and the 需修订 reason."""
    lines = [f"{row.name} · {cell.kind}：{cell.status}"]
    if cell.version:
        lines.append(f"版本：{cell.version}")
    if cell.effective_on:
        lines.append(f"生效日期：{cell.effective_on.isoformat()}")
    if cell.next_revision_on:
        lines.append(f"下次修订截止：{cell.next_revision_on.isoformat()}")
    if cell.reason:
        lines.append(f"需修订原因：{cell.reason}")
    if cell.due_soon:
        lines.append("30 日内到期，请及时组织修订。")
    lines.append("双击或回车查看各版本")
    return "\n".join(lines)


class PlanMatrixModel(QAbstractTableModel):
    """The rows of one :class:`Matrix` (villages, then 镇本级 when it belongs in the view)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.matrix: Matrix | None = None
        self.rows: list[MatrixRow] = []

    def set_matrix(self, matrix: Matrix) -> None:
        """Show ``matrix``."""
        self.beginResetModel()
        self.matrix = matrix
        self.rows = list(matrix.rows)
        if matrix.show_township:
            self.rows.append(matrix.township)
        self.endResetModel()

    def row_at(self, row: int) -> MatrixRow | None:
        """The matrix row shown at ``row`` (None out of range)."""
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def cell_at(self, row: int, column: int) -> Cell | None:
        """The plan cell at (row, column); None on the name and shelter columns."""
        r = self.row_at(row)
        if r is None or not COL_FIRST_PLAN <= column < COL_SHELTERS:
            return None
        return r.cells[column - COL_FIRST_PLAN]

    def row_of_village(self, village_id: int | None) -> int:
        """Row of a village (``None``: the township), -1 when not shown."""
        for i, r in enumerate(self.rows):
            if r.village_id == village_id:
                return i
        return -1

    def rowCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802 - Qt override
        """Rows shown."""
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802 - Qt override
        """Columns shown."""
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # fmt: skip
        """Column headers."""
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if section == COL_NAME else _CENTER
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """What a cell shows for ``role``."""
        r = self.row_at(index.row())
        if r is None:
            return None
        col = index.column()
        if role == RowRole:
            return r
        cell = self.cell_at(index.row(), col)
        if role == CellRole:
            return cell
        if cell is not None:
            return self._cell_data(r, cell, role)
        if col == COL_NAME:
            if role == Qt.ItemDataRole.DisplayRole:
                return r.name
            if role == Qt.ItemDataRole.ForegroundRole and r.village_id is None:
                return TOWNSHIP_COLOUR
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{r.name}：双击查看通讯录、避难场所、包保责任、危险区住户等"
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return _LEFT
            return None
        if col == COL_LAST_DRILL:
            return self._drill_data(r, role)
        # shelter count
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{r.shelters} 个" if r.shelters else "无"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _CENTER
        if role == Qt.ItemDataRole.BackgroundRole and r.shelters == 0:
            return NO_SHELTER_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole and r.shelters == 0:
            return STATUS_FOREGROUND[PlanStatus.NEEDS_REVISION]
        if role == Qt.ItemDataRole.ToolTipRole:
            where = TOWNSHIP if r.village_id is None else r.name
            return (f"{where}有 {r.shelters} 个避难场所" if r.shelters
                    else f"{where}还没有登记应急避难场所（每个村和乡镇至少一个）")  # fmt: skip
        return None

    def _drill_data(self, r: MatrixRow, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return r.last_drill.isoformat() if r.last_drill else "无记录"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _CENTER
        if role == Qt.ItemDataRole.ForegroundRole and r.last_drill is None:
            return STATUS_FOREGROUND[PlanStatus.RETIRED]
        if role == Qt.ItemDataRole.ToolTipRole:
            where = TOWNSHIP if r.village_id is None else r.name
            return (f"{where}最近一次演练：{r.last_drill.isoformat()}" if r.last_drill
                    else f"{where}还没有演练记录")  # fmt: skip
        return None

    def _cell_data(self, r: MatrixRow, cell: Cell, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(cell)
        if role == Qt.ItemDataRole.BackgroundRole:
            if cell.due_soon:
                return DUE_SOON_BACKGROUND
            return STATUS_BACKGROUND[cell.status]
        if role == Qt.ItemDataRole.ForegroundRole:
            return STATUS_FOREGROUND[cell.status]
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell_tooltip(r, cell)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _CENTER
        return None


def totals_text(matrix: Matrix) -> str:
    """The totals line under the filters."""
    t = matrix.totals
    return (
        f"应编 {t.required} 项 · 已编 {t.drafted} 项 · 需修订 {t.needs_revision} 项 · "
        f"无避难场所的村(社区) {t.villages_without_shelter} 个 · "
        f"避难场所共 {t.shelters} 个（镇本级 {t.township_shelters} 个）"
    )
