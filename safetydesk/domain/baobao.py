"""突发事件应急包保责任制 (B §1.2): the 包保 chain, danger-zone households and 重点人群.

A :class:`BaobaoAssignment` names who answers for what at one level of the chain (县包乡, 乡包村,
村包组, 组包户, 党员/网格员包人 — the 五级 chain; which levels a township uses is a setting) and
in which order they are called (叫应). A :class:`Household` of a danger zone, or with 重点人群,
must have a helper (包户责任人), a shelter and a route; one saved without them is kept as a
draft and listed by :func:`household_gaps`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from safetydesk.domain.plans import PlanKind
from safetydesk.domain.validation import check_phone
from safetydesk.errors import ValidationErrors


class BaobaoLevel(StrEnum):
    """Levels of the 包保 chain, top to bottom (长治 五级防汛包保, B §1.2)."""

    COUNTY = "县包乡"
    TOWNSHIP = "乡包村"
    VILLAGE = "村包组"
    GROUP = "组包户"
    PERSON = "党员/网格员包人"


#: Levels in call order: a warning goes down the chain (县 → 乡 → 村 → 组 → 户).
LEVEL_ORDER: dict[BaobaoLevel, int] = {level: i for i, level in enumerate(BaobaoLevel)}

#: Hazards a 包保 assignment can cover (empty tuple: all of them).
HAZARD_KINDS: tuple[PlanKind, ...] = (
    PlanKind.FIRE,
    PlanKind.FLOOD,
    PlanKind.EARTHQUAKE,
    PlanKind.GEOLOGICAL,
)


@dataclass(frozen=True, slots=True)
class BaobaoAssignment:
    """One 包保 relation: ``person_id`` answers for ``target`` at ``level``.

    ``village_id`` is the village the target lies in (``None``: the township as a whole, for
    县包乡). ``hazards`` empty means every hazard. ``call_order`` orders the calls within a level
    (1 first). ``escalate_to_id`` is who is called when this person does not answer.
    """

    id: int | None
    village_id: int | None
    level: BaobaoLevel
    person_id: int
    target: str
    post: str = ""
    backup_phone: str = ""
    household_id: int | None = None
    hazards: tuple[PlanKind, ...] = ()
    call_order: int = 1
    escalate_to_id: int | None = None
    valid_from: date | None = None
    changed_on: date | None = None
    notes: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def covers(self, kind: PlanKind) -> bool:
        """Whether the assignment covers hazard ``kind``."""
        return not self.hazards or kind in self.hazards


def check_assignment(assignment: BaobaoAssignment) -> None:
    """Check one assignment; raise :class:`ValidationErrors` with every problem."""
    errors: dict[str, str] = {}
    if not assignment.target.strip():
        errors["target"] = "请填写包保对象（村、村民小组/片区或户）。"
    if assignment.level is not BaobaoLevel.COUNTY and assignment.village_id is None:
        errors["village_id"] = f"“{assignment.level}”的包保关系要选所在的村（社区）。"
    if assignment.call_order < 1:
        errors["call_order"] = "叫应顺序从 1 开始（1 = 最先打）。"
    if PlanKind.RESPONSIBILITY in assignment.hazards:
        errors["hazards"] = "包保灾种请选择防火、防汛、地震或地质灾害（不选即为全部）。"
    if assignment.escalate_to_id is not None and assignment.escalate_to_id == assignment.person_id:
        errors["escalate_to_id"] = "上级责任人不能是本人。"
    if msg := check_phone(assignment.backup_phone, label="备用电话"):
        errors["backup_phone"] = msg
    if errors:
        raise ValidationErrors(errors)


class VulnerableKind(StrEnum):
    """重点人群 (B §1.2 ``Household``)."""

    ALONE_ELDERLY = "独居老人"
    LEFT_BEHIND_ELDERLY = "留守老人"
    LEFT_BEHIND_CHILD = "留守儿童"
    DISABLED = "残疾人"
    SUPPORTED = "五保/特困"
    BEDRIDDEN = "重病卧床"
    PREGNANT = "孕产妇"
    OTHER = "其他"


@dataclass(frozen=True, slots=True)
class Household:
    """A household of a danger zone, or with 重点人群 (B §1.2)."""

    id: int | None
    village_id: int
    head: str
    group_name: str
    address: str
    size: int
    phone: str = ""
    residents: int | None = None
    vulnerable: tuple[VulnerableKind, ...] = ()
    vulnerable_detail: str = ""
    risk_point_id: int | None = None
    helper_id: int | None = None
    shelter_id: int | None = None
    route_id: int | None = None
    card_issued_on: date | None = None
    notes: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def at_risk(self) -> bool:
        """In a danger zone or with 重点人群: must have a helper, a shelter and a route."""
        return self.risk_point_id is not None or bool(self.vulnerable)


class HouseholdGap(StrEnum):
    """What a household that must be covered lacks."""

    HELPER = "无包户责任人"
    SHELTER = "无转移去向"
    ROUTE = "无转移路线"
    CARD = "明白卡未发放"


def household_gaps(household: Household) -> list[HouseholdGap]:
    """What ``household`` lacks (none for a household outside danger zones and 重点人群)."""
    if not household.at_risk:
        return []
    out = []
    if household.helper_id is None:
        out.append(HouseholdGap.HELPER)
    if household.shelter_id is None:
        out.append(HouseholdGap.SHELTER)
    if household.route_id is None:
        out.append(HouseholdGap.ROUTE)
    if household.card_issued_on is None:
        out.append(HouseholdGap.CARD)
    return out


def check_household(household: Household) -> None:
    """Check a household's fields; missing helper/shelter/route is allowed (a flagged draft)."""
    errors: dict[str, str] = {}
    for name, label in (("head", "户主姓名"), ("group_name", "所属村民小组/片区"),
                        ("address", "住址/门牌")):  # fmt: skip
        if not getattr(household, name).strip():
            errors[name] = f"请填写{label}。"
    if household.size <= 0:
        errors["size"] = "家庭人数应大于 0。"
    if household.residents is not None and (
        household.residents < 0 or household.residents > household.size
    ):
        errors["residents"] = f"常住人数应在 0 到家庭人数（{household.size}）之间。"
    if msg := check_phone(household.phone, label="联系电话"):
        errors["phone"] = msg
    if errors:
        raise ValidationErrors(errors)


__all__ = [
    "HAZARD_KINDS",
    "LEVEL_ORDER",
    "BaobaoAssignment",
    "BaobaoLevel",
    "Household",
    "HouseholdGap",
    "VulnerableKind",
    "check_assignment",
    "check_household",
    "household_gaps",
]
