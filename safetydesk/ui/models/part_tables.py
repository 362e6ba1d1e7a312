"""Table models of a village's 一制四案 parts (通讯录, 工作组, 风险点, 避难场所, 路线, 队伍, 物资,
包保责任, 危险区住户): records in memory (a village has tens of them), columns as functions.

:class:`PartTableModel` shows a list of records through :class:`PartColumn`s; an optional
``mark(record)`` returns a highlight (background colour and the reason, shown as tooltip), used
for expired / expiring 物资, 风险点 without a 监测人 and households that lack a helper, shelter
or route. :class:`Names` resolves the ids the records hold (people, shelters, routes, risk
points) to names. Used by ``ui/views/village_parts.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from safetydesk.domain.baobao import BaobaoAssignment, Household, HouseholdGap, household_gaps
from safetydesk.domain.plan_parts import (
    Contact,
    RiskPoint,
    Route,
    Supply,
    SupplyState,
    Team,
    WorkGroupMember,
)
from safetydesk.domain.plans import Shelter
from safetydesk.labels import day_text

if TYPE_CHECKING:
    from safetydesk.services import Workspace

R = TypeVar("R")
_Index = QModelIndex | QPersistentModelIndex
#: The invalid index (the table's root).
_ROOT = QModelIndex()
#: Background of a row lacking something required (red tint) and of one soon due (yellow).
ALERT_BACKGROUND = QColor("#f4b9b4")
WARN_BACKGROUND = QColor("#fff59d")
#: Role returning the row's record.
RecordRole = Qt.ItemDataRole.UserRole + 1
#: A highlight: background and the reason shown as tooltip.
Mark = tuple[QColor, str]


@dataclass(frozen=True, slots=True)
class PartColumn(Generic[R]):
    """A column: header and the text of a record."""

    header: str
    text: Callable[[R], str]
    width: float = 6


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


class Names:
    """Names of what records point at (people, shelters, routes, risk points) by id."""

    def __init__(self, ws: Workspace, village_id: int | None) -> None:
        self.people = {p.id: p for p in ws.people.list() if p.id is not None}
        shelters = ws.plans.shelters(village_id, township=village_id is None)
        if village_id is not None:
            shelters += ws.plans.shelters(township=True)
        self.shelters = {s.id: s.name for s in shelters if s.id is not None}
        parts = ws.plan_parts
        self.routes = {r.id: r.name for r in parts.of_village(Route, village_id) if r.id}
        self.risks = {r.id: r.name for r in parts.of_village(RiskPoint, village_id) if r.id}

    def person(self, person_id: int | None) -> str:
        """The person's name ("" for none)."""
        if person_id is None:
            return ""
        p = self.people.get(person_id)
        return p.name if p else f"（编号 {person_id}）"

    def phone(self, person_id: int | None) -> str:
        """The person's mobile (or phone)."""
        p = self.people.get(person_id) if person_id is not None else None
        return (p.mobile or p.phone) if p else ""


class PartTableModel(QAbstractTableModel, Generic[R]):
    """Records shown through columns, with an optional per-row highlight."""

    def __init__(
        self, columns: Sequence[PartColumn[R]], mark: Callable[[R], Mark | None] | None = None,
        parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.columns = tuple(columns)
        self.mark = mark
        self.records: list[R] = []

    def set_records(self, records: list[R]) -> None:
        """Replace the rows."""
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def record(self, row: int) -> R | None:
        """The record at ``row`` (None out of range)."""
        return self.records[row] if 0 <= row < len(self.records) else None

    def marked_rows(self) -> list[int]:
        """Rows with a highlight."""
        if self.mark is None:
            return []
        return [i for i, r in enumerate(self.records) if self.mark(r) is not None]

    def rowCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802 - Qt override
        """Rows shown."""
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802 - Qt override
        """Columns shown."""
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # fmt: skip
        """Column headers."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """What a cell shows for ``role``."""
        rec = self.record(index.row())
        if rec is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[index.column()].text(rec)
        if role == RecordRole:
            return rec
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole):
            mark = self.mark(rec) if self.mark else None
            if mark is None:
                return self.columns[index.column()].text(rec) or None \
                    if role == Qt.ItemDataRole.ToolTipRole else None  # fmt: skip
            return mark[0] if role == Qt.ItemDataRole.BackgroundRole else mark[1]
        return None


# -- the columns of each part --------------------------------------------------------------------
def contact_columns() -> list[PartColumn[Contact]]:
    """通讯录."""
    return [PartColumn("类别", lambda c: str(c.category), 7), PartColumn("姓名/单位", lambda c: c.name, 8),
            PartColumn("职务", lambda c: c.post, 8), PartColumn("手机", lambda c: c.mobile, 8),
            PartColumn("座机", lambda c: c.phone, 8), PartColumn("备注", lambda c: c.notes, 8)]  # fmt: skip


def member_columns(names: Names) -> list[PartColumn[WorkGroupMember]]:
    """应急工作组."""
    return [PartColumn("小组", lambda m: str(m.subgroup), 7), PartColumn("职务", lambda m: m.duty, 5),
            PartColumn("姓名", lambda m: names.person(m.person_id), 6),
            PartColumn("电话", lambda m: names.phone(m.person_id), 8),
            PartColumn("任务", lambda m: m.tasks, 14)]  # fmt: skip


def risk_columns(names: Names) -> list[PartColumn[RiskPoint]]:
    """风险点."""
    return [PartColumn("名称", lambda r: r.name, 9), PartColumn("类型", lambda r: str(r.kind), 7),
            PartColumn("位置", lambda r: r.place, 8),
            PartColumn("威胁户数", lambda r: _num(r.households), 4),
            PartColumn("威胁人数", lambda r: _num(r.people), 4),
            PartColumn("监测人", lambda r: names.person(r.monitor_id) or "未指定", 5),
            PartColumn("状态", lambda r: str(r.status), 5)]  # fmt: skip


def risk_mark(r: RiskPoint) -> Mark | None:
    """A 风险点 of a watched kind without 监测人."""
    return (ALERT_BACKGROUND, f"{r.name}：{r.kind}须指定监测人") if r.needs_monitor else None


def shelter_columns() -> list[PartColumn[Shelter]]:
    """避难场所."""
    return [PartColumn("名称", lambda s: s.name, 9), PartColumn("类型", lambda s: str(s.kind), 6),
            PartColumn("位置", lambda s: s.place, 9), PartColumn("容纳人数", lambda s: str(s.capacity), 4),
            PartColumn("面积(㎡)", lambda s: _num(s.area), 4), PartColumn("管理员", lambda s: s.manager, 5),
            PartColumn("电话", lambda s: s.manager_phone, 8),
            PartColumn("设施", lambda s: s.facilities, 10)]  # fmt: skip


def route_columns(names: Names) -> list[PartColumn[Route]]:
    """转移路线."""
    return [PartColumn("名称", lambda r: r.name, 9), PartColumn("起点", lambda r: r.start, 7),
            PartColumn("去向", lambda r: names.shelters.get(r.shelter_id, "") if r.shelter_id else "", 8),
            PartColumn("距离(米)", lambda r: _num(r.distance_m), 4),
            PartColumn("步行(分钟)", lambda r: _num(r.walk_minutes), 4),
            PartColumn("避开", lambda r: r.avoid, 8), PartColumn("说明", lambda r: r.description, 10)]  # fmt: skip


def team_columns() -> list[PartColumn[Team]]:
    """应急队伍."""
    return [PartColumn("名称", lambda t: t.name, 9), PartColumn("类型", lambda t: str(t.kind), 7),
            PartColumn("队长", lambda t: t.leader, 5), PartColumn("电话", lambda t: t.leader_phone, 8),
            PartColumn("人数", lambda t: str(t.size), 3), PartColumn("装备", lambda t: t.equipment, 12)]  # fmt: skip


def supply_columns(today: date) -> list[PartColumn[Supply]]:
    """物资."""
    return [PartColumn("品名", lambda s: s.name, 8), PartColumn("数量", lambda s: _num(s.quantity), 4),
            PartColumn("单位", lambda s: s.unit, 3), PartColumn("存放地点", lambda s: s.place, 8),
            PartColumn("保管人", lambda s: s.keeper, 5), PartColumn("有效期至", lambda s: day_text(s.expires_on), 6),
            PartColumn("状态", lambda s: str(s.state(today)), 6)]  # fmt: skip


def supply_mark(today: date) -> Callable[[Supply], Mark | None]:
    """Expired supplies red, those expiring within 30 days yellow."""

    def mark(s: Supply) -> Mark | None:
        state = s.state(today)
        if state is SupplyState.EXPIRED:
            return ALERT_BACKGROUND, f"{s.name}已过期（{day_text(s.expires_on)}），请及时更换"
        if state is SupplyState.EXPIRING:
            return WARN_BACKGROUND, f"{s.name}将于 {day_text(s.expires_on)} 过期"
        return None

    return mark


def baobao_columns(names: Names) -> list[PartColumn[BaobaoAssignment]]:
    """包保责任 (the chain, top level first)."""
    return [PartColumn("层级", lambda a: str(a.level), 7), PartColumn("包保对象", lambda a: a.target, 8),
            PartColumn("责任人", lambda a: names.person(a.person_id), 5),
            PartColumn("职务", lambda a: a.post, 6), PartColumn("电话", lambda a: names.phone(a.person_id), 8),
            PartColumn("灾种", lambda a: "、".join(a.hazards) or "全部", 7),
            PartColumn("叫应顺序", lambda a: str(a.call_order), 4),
            PartColumn("上级责任人", lambda a: names.person(a.escalate_to_id), 5)]  # fmt: skip


def household_columns(names: Names) -> list[PartColumn[Household]]:
    """危险区住户 and 重点人群."""
    return [PartColumn("户主", lambda h: h.head, 4), PartColumn("小组/片区", lambda h: h.group_name, 5),
            PartColumn("住址", lambda h: h.address, 7), PartColumn("人数", lambda h: str(h.size), 3),
            PartColumn("重点人群", lambda h: "、".join(h.vulnerable), 6),
            PartColumn("风险点", lambda h: names.risks.get(h.risk_point_id, "") if h.risk_point_id else "", 7),
            PartColumn("包户责任人", lambda h: names.person(h.helper_id), 5),
            PartColumn("避难场所", lambda h: names.shelters.get(h.shelter_id, "") if h.shelter_id else "", 7),
            PartColumn("转移路线", lambda h: names.routes.get(h.route_id, "") if h.route_id else "", 7),
            PartColumn("缺项", lambda h: "、".join(household_gaps(h)), 10)]  # fmt: skip


#: Gaps that make a household red (a missing 明白卡 alone is not highlighted).
SERIOUS_GAPS = frozenset({HouseholdGap.HELPER, HouseholdGap.SHELTER, HouseholdGap.ROUTE})


def household_mark(h: Household) -> Mark | None:
    """A household that must be covered and lacks a helper, a shelter or a route."""
    gaps = [g for g in household_gaps(h) if g in SERIOUS_GAPS]
    return (ALERT_BACKGROUND, f"{h.head}户：{'、'.join(gaps)}") if gaps else None
