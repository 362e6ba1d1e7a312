"""Demo 一制四案 and 应急避难场所 of 润城镇 (B §1; DOMAIN.md A8, A9).

Most villages have all five items in force for this year; a few show what the matrix is for:
one village's 防汛 plan is past its revision date (需修订 by A8), one 地震 plan falls due within
30 days, one village has not drafted its 地质灾害 plan, one 防火 plan waits for the township's
review, and two villages have no shelter yet. The township has its own shelter. Dates are
relative to the demo's last day; places are real village names, people invented.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from safetydesk.domain.common import Village
from safetydesk.domain.plans import (
    PlanKind,
    PlanStatus,
    PlanVersion,
    Shelter,
    default_next_revision,
)
from safetydesk.storage import plans as store

if TYPE_CHECKING:
    from sqlite_utils import Database

#: Indexes (in register order) of the villages with a gap the matrix should show.
OVERDUE_FLOOD = 3
DUE_SOON_EARTHQUAKE = 5
MISSING_GEOLOGICAL = 8
SUBMITTED_FIRE = 10
NO_SHELTER = (12, 17)
#: Who reviews the villages' plans for the township (invented).
REVIEWER = "润城镇应急办 陈卫东"


def _plan_year(today: date) -> int:
    """The year whose plans are in force: this year once its spring round is done (May)."""
    return today.year if today >= date(today.year, 5, 1) else today.year - 1


#: The signals a village's plan defines per hazard (B §1.3 监测预警): (准备转移, 立即转移).
SIGNALS: dict[PlanKind, tuple[str, str]] = {
    PlanKind.FLOOD: ("大喇叭连续广播“准备转移”，铜锣慢敲", "铜锣急促连续敲响、手摇报警器长鸣"),
    PlanKind.GEOLOGICAL: ("监测员电话通知并口哨两短声", "口哨连续长鸣、铜锣急促连续敲响"),
    PlanKind.EARTHQUAKE: ("村广播播报震情信息", "手摇报警器长鸣，就近到避难场所集合"),
    PlanKind.FIRE: ("大喇叭广播火情，护林员上岗", "铜锣急促连续敲响，按路线撤离"),
}


def _version(plan_id: int, kind: PlanKind, year: int, offset: int) -> PlanVersion:
    drafted = date(year, 3, 1) + timedelta(days=offset)
    effective = drafted + timedelta(days=12)
    return PlanVersion(
        id=None, plan_id=plan_id, version=f"{year}年版", drafted_on=drafted,
        status=PlanStatus.EFFECTIVE, adopted_on=drafted + timedelta(days=5),
        reviewed_by=REVIEWER, reviewed_on=effective, effective_on=effective,
        next_revision_on=_next_revision(kind, effective),
        warning_signal=SIGNALS.get(kind, ("", ""))[0], evacuate_signal=SIGNALS.get(kind, ("", ""))[1],
    )  # fmt: skip


def _next_revision(kind: PlanKind, effective: date) -> date:
    """A8's default date; the demo township reviews its 地震 plans in the 汛前 round (5月31日),
    so that no demo day shows every 地震 plan overdue in the weeks before that round."""
    if kind is PlanKind.EARTHQUAKE:
        return date(effective.year + 1, 5, 31)
    return default_next_revision(kind, effective)


def create_demo_plans(db: Database, villages: list[Village], *, today: date) -> None:
    """Write the plans and shelters (inside the caller's transaction)."""
    year = _plan_year(today)
    for index, village in enumerate(villages):
        assert village.id is not None
        for k, kind in enumerate(PlanKind):
            if index == MISSING_GEOLOGICAL and kind is PlanKind.GEOLOGICAL:
                continue
            plan = store.ensure_plan(db, village.id, kind)
            assert plan.id is not None
            version = _version(plan.id, kind, year, (index + k) % 20)
            if index == OVERDUE_FLOOD and kind is PlanKind.FLOOD:
                # Last year's plan, not revised although its date has passed.
                version = replace(_version(plan.id, kind, year - 1, index),
                                  next_revision_on=today - timedelta(days=20))  # fmt: skip
            elif index == DUE_SOON_EARTHQUAKE and kind is PlanKind.EARTHQUAKE:
                version = replace(version, next_revision_on=today + timedelta(days=20))
            elif index == SUBMITTED_FIRE and kind is PlanKind.FIRE:
                version = replace(version, status=PlanStatus.SUBMITTED, reviewed_on=None,
                                  effective_on=None, next_revision_on=None)  # fmt: skip
            store.insert_version(db, version)
        if index not in NO_SHELTER:
            store.insert_shelter(db, Shelter(
                id=None, village_id=village.id, name=f"{village.name}应急避难场所",
                place=f"{village.name}村委会广场" if village.name.endswith("村")
                else f"{village.name}文化广场",
                capacity=300 + 50 * (index % 6), area=1200.0 + 100 * (index % 5),
                manager=village.director, manager_phone=village.director_phone,
                facilities="饮用水、照明、临时厕所、应急物资",
            ))  # fmt: skip
    store.insert_shelter(db, Shelter(
        id=None, village_id=None, name="润城镇文体广场应急避难场所", place="润城镇政府南侧文体广场",
        capacity=3000, area=8600.0, manager="李明", manager_phone="13800003002",
        facilities="饮用水、照明、厕所、医疗点、应急物资储备",
    ))  # fmt: skip
