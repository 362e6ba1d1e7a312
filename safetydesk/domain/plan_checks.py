"""Completeness of a village's 一制四案 (B §1.2, §1.5, §1.7): what is missing or out of date.

For one 村(社区) — or the township itself (``village_id`` ``None``) — :func:`village_gaps` lists
every :class:`Gap`: at-risk households without a helper, shelter, route or 明白卡, or not covered
by any 组包户/党员/网格员包人 assignment; 风险点 without a 监测人; no 应急避难场所; required
通讯录 entries missing; an 应急工作组 without a 组长; 物资 expired or expiring within 30 days; a
village without a 乡包村 assignment. The structural checks of a village's own organisation
(通讯录, 工作组, 包保) do not apply to the township's row. Everything is pure: "today" is passed in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from safetydesk.domain.baobao import (
    BaobaoAssignment,
    BaobaoLevel,
    Household,
    HouseholdGap,
    household_gaps,
)
from safetydesk.domain.plan_parts import (
    Contact,
    RiskPoint,
    Supply,
    SupplyState,
    WorkGroupMember,
    WorkSubgroup,
    missing_contacts,
)


class GapKind(StrEnum):
    """Kinds of gap, in the order they are listed."""

    HELPER = "无包户责任人"
    SHELTER = "无转移去向"
    ROUTE = "无转移路线"
    CARD = "明白卡未发放"
    UNCOVERED = "住户无人包保"
    MONITOR = "风险点无监测人"
    NO_SHELTER = "无避难场所"
    CONTACT = "通讯录缺项"
    LEADER = "工作组无组长"
    EXPIRED = "物资已过期"
    EXPIRING = "物资30日内过期"
    NO_TOWNSHIP_CADRE = "无乡包村责任人"


class Subject(StrEnum):
    """What kind of record a gap is about."""

    HOUSEHOLD = "住户"
    RISK_POINT = "风险点"
    VILLAGE = "村（社区）"
    TOWNSHIP = "镇本级"
    CONTACTS = "应急通讯录"
    WORK_GROUP = "应急工作组"
    SUPPLY = "应急物资"


#: Household gaps of :func:`~safetydesk.domain.baobao.household_gaps` as gap kinds.
_HOUSEHOLD_KINDS: dict[HouseholdGap, GapKind] = {
    HouseholdGap.HELPER: GapKind.HELPER,
    HouseholdGap.SHELTER: GapKind.SHELTER,
    HouseholdGap.ROUTE: GapKind.ROUTE,
    HouseholdGap.CARD: GapKind.CARD,
}
#: Levels whose assignment covers a household one by one (B §1.2: 包户).
HOUSEHOLD_LEVELS: frozenset[BaobaoLevel] = frozenset({BaobaoLevel.GROUP, BaobaoLevel.PERSON})
#: The duty that makes a member the leader of a (sub-)group.
LEADER_DUTY = "组长"


@dataclass(frozen=True, slots=True)
class Gap:
    """One thing a village (``village_id``; ``None``: the township) lacks.

    ``subject``/``subject_id``/``label`` name the record the gap is about (``subject_id`` is the
    village's id, or ``None``, for a gap of the village as a whole).
    """

    village_id: int | None
    village: str
    kind: GapKind
    subject: Subject
    subject_id: int | None
    label: str
    detail: str


@dataclass(frozen=True, slots=True)
class VillageParts:
    """What :func:`village_gaps` looks at for one village (or the township, ``village_id`` None)."""

    village_id: int | None
    name: str
    households: Sequence[Household] = ()
    risk_points: Sequence[RiskPoint] = ()
    shelters: int = 0
    contacts: Sequence[Contact] = ()
    work_group: Sequence[WorkGroupMember] = ()
    supplies: Sequence[Supply] = ()
    assignments: Sequence[BaobaoAssignment] = ()


def household_label(h: Household) -> str:
    """``张三户（第二村民小组）``."""
    return f"{h.head}户（{h.group_name}）"


def _household_detail(h: Household, gap: HouseholdGap, risk_names: dict[int, str]) -> str:
    why = []
    if h.risk_point_id is not None:
        why.append(f"位于{risk_names.get(h.risk_point_id, '危险区')}")
    if h.vulnerable:
        why.append("有重点人员（" + "、".join(h.vulnerable) + "）")
    reason = "，".join(why)
    what = {
        HouseholdGap.HELPER: "未指定包户责任人",
        HouseholdGap.SHELTER: "未指定转移去向（避难场所）",
        HouseholdGap.ROUTE: "未指定转移路线",
        HouseholdGap.CARD: "防灾避险明白卡未发放",
    }[gap]
    return f"{reason}，{what}。" if reason else f"{what}。"


def covered(h: Household, assignments: Iterable[BaobaoAssignment]) -> bool:
    """Whether a 组包户/党员/网格员包人 assignment covers ``h`` (by the household, or a target
    naming the household's head or its group)."""
    for a in assignments:
        if a.level not in HOUSEHOLD_LEVELS or a.village_id != h.village_id:
            continue
        if a.household_id == h.id:
            return True
        target = a.target.strip()
        if a.household_id is None and target in (h.head, household_label(h), h.group_name):
            return True
    return False


def _risk_detail(p: RiskPoint) -> str:
    threat = []
    if p.households:
        threat.append(f"{p.households} 户")
    if p.people:
        threat.append(f"{p.people} 人")
    what = f"{p.kind}，{p.place}"
    if threat:
        what += "，威胁 " + " ".join(threat)
    return f"{what}：须指定监测人。"


def _supply_label(s: Supply) -> str:
    quantity = int(s.quantity) if float(s.quantity).is_integer() else s.quantity
    return f"{s.name}（{quantity}{s.unit}）"


def village_gaps(
    parts: VillageParts, today: date, *, levels: Collection[BaobaoLevel] = tuple(BaobaoLevel)
) -> list[Gap]:
    """Every gap of one village (or the township) on ``today``, by :class:`GapKind` order.

    ``levels`` are the 包保 levels the township uses: a 乡包村 assignment is only asked for
    when 乡包村 is used, and household coverage only when 组包户 or 党员/网格员包人 is.
    """
    vid, name = parts.village_id, parts.name
    township = vid is None
    out: list[Gap] = []

    def add(kind: GapKind, subject: Subject, sid: int | None, label: str, detail: str) -> None:
        out.append(Gap(vid, name, kind, subject, sid, label, detail))

    risk_names = {p.id: p.name for p in parts.risk_points if p.id is not None}
    household_levels = not township and bool(HOUSEHOLD_LEVELS & set(levels))
    for h in parts.households:
        for gap in household_gaps(h):
            detail = _household_detail(h, gap, risk_names)
            add(_HOUSEHOLD_KINDS[gap], Subject.HOUSEHOLD, h.id, household_label(h), detail)
        if household_levels and h.at_risk and not covered(h, parts.assignments):
            add(GapKind.UNCOVERED, Subject.HOUSEHOLD, h.id, household_label(h),
                "没有组包户或党员/网格员包人的包保责任人，预警时无人叫应到户。")  # fmt: skip
    for p in parts.risk_points:
        if p.needs_monitor:
            add(GapKind.MONITOR, Subject.RISK_POINT, p.id, p.name, _risk_detail(p))
    if parts.shelters == 0:
        where = "镇里" if township else "每个村（社区）"
        add(GapKind.NO_SHELTER, Subject.TOWNSHIP if township else Subject.VILLAGE, vid, name,
            f"没有登记应急避难场所：{where}至少应有一处。")  # fmt: skip
    if not township:
        if missing := missing_contacts(list(parts.contacts)):
            names = "、".join(f"“{c}”" for c in missing)
            add(GapKind.CONTACT, Subject.CONTACTS, None, f"{name}应急通讯录",
                f"缺少 {len(missing)} 项必备条目：{names}。")  # fmt: skip
        for subgroup, detail in _leaderless(parts.work_group):
            add(GapKind.LEADER, Subject.WORK_GROUP, None, f"{name}{subgroup}", detail)
    for s in parts.supplies:
        state = s.state(today)
        if state is SupplyState.OK or s.expires_on is None:
            continue
        kind = GapKind.EXPIRED if state is SupplyState.EXPIRED else GapKind.EXPIRING
        when = "已于" if state is SupplyState.EXPIRED else "将于"
        where = f"，存放于{s.place}" if s.place else ""
        add(kind, Subject.SUPPLY, s.id, _supply_label(s),
            f"{when} {s.expires_on.isoformat()} 过期{where}，请更换或补充。")  # fmt: skip
    if (
        not township
        and BaobaoLevel.TOWNSHIP in levels
        and not any(
            a.level is BaobaoLevel.TOWNSHIP and a.village_id == vid for a in parts.assignments
        )
    ):
        add(GapKind.NO_TOWNSHIP_CADRE, Subject.VILLAGE, vid, name,
            "没有乡包村的包保责任人（镇包村干部）。")  # fmt: skip
    order = {kind: i for i, kind in enumerate(GapKind)}
    return sorted(out, key=lambda g: order[g.kind])


def _leaderless(members: Sequence[WorkGroupMember]) -> list[tuple[WorkSubgroup, str]]:
    """The 工作组 (always) and each sub-team with members, when none of them is a 组长."""
    out = []
    for subgroup in WorkSubgroup:
        mine = [m for m in members if m.subgroup is subgroup]
        if subgroup is not WorkSubgroup.LEADERSHIP and not mine:
            continue
        if any(m.duty.strip() == LEADER_DUTY for m in mine):
            continue
        if not mine:
            out.append((subgroup, "尚未组建应急工作组，请指定组长（一般为村党组织书记）。"))
        else:
            out.append((subgroup, f"{subgroup}有 {len(mine)} 名成员，但没有组长。"))
    return out


def count_by_kind(gaps: Iterable[Gap]) -> dict[GapKind, int]:
    """How many gaps of each kind (every kind present, zeros included), in :class:`GapKind` order."""
    counts = Counter(g.kind for g in gaps)
    return {kind: counts.get(kind, 0) for kind in GapKind}


__all__ = [
    "HOUSEHOLD_LEVELS",
    "LEADER_DUTY",
    "Gap",
    "GapKind",
    "Subject",
    "VillageParts",
    "count_by_kind",
    "covered",
    "household_label",
    "village_gaps",
]
