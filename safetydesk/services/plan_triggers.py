"""Automatic 需修订 of 一制四案 when the 包保 chain changes (DOMAIN.md A8).

A 包保 relation added, removed, or given another person or phone (``ws.plan_parts``), or a phone
change of a person of the register who holds a 包保 relation (``ws.people``), turns the village's
包保责任制 and the plans of the hazards the relation covers (all four when it covers every hazard)
需修订, with the reason and the day shown. :class:`~safetydesk.services.Workspace` connects these
functions to the services' hook lists; the moves are :meth:`PlanService.mark_needs_revision`'s
(only an 已生效 version moves), inside the transaction of the change that caused them.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from safetydesk.domain.baobao import HAZARD_KINDS
from safetydesk.domain.plans import PlanKind, PlanVersion
from safetydesk.storage import plan_parts as store

if TYPE_CHECKING:
    from sqlite_utils import Database

    from safetydesk.domain.common import Person
    from safetydesk.services.plans import PlanService


def plans_of(hazards: tuple[PlanKind, ...]) -> tuple[PlanKind, ...]:
    """The items a 包保 change concerns: 包保责任制 and the plans of the hazards covered."""
    return (PlanKind.RESPONSIBILITY, *(h for h in HAZARD_KINDS if not hazards or h in hazards))


def baobao_changed(
    plans: PlanService, village_id: int | None, reason: str, hazards: tuple[PlanKind, ...],
    today: date,
) -> list[PlanVersion]:  # fmt: skip
    """Mark the items of ``village_id`` that a 包保 change concerns; returns those that moved."""
    text = f"{reason}（{today.isoformat()}）"
    moved = [plans.mark_needs_revision(village_id, kind, text) for kind in plans_of(hazards)]
    return [v for v in moved if v is not None]


def _phones(p: Person) -> str:
    return " ".join(part for part in (p.mobile, p.phone) if part) or "无"


def phone_changed(
    db: Database, plans: PlanService, old: Person, new: Person, today: date
) -> list[PlanVersion]:
    """A person's 手机/座机 changed: mark the items of every village where they hold a 包保
    relation (as :func:`baobao_changed`); nothing happens for someone outside the chain."""
    if new.id is None:
        return []
    by_village: dict[int | None, tuple[list[str], set[PlanKind] | None]] = {}
    for a in store.assignments_of_person(db, new.id):
        targets, kinds = by_village.setdefault(a.village_id, ([], set()))
        targets.append(a.target)
        if kinds is not None:
            if a.hazards:
                kinds.update(a.hazards)
            else:
                by_village[a.village_id] = (targets, None)
    moved: list[PlanVersion] = []
    for village_id, (targets, kinds) in by_village.items():
        covered = () if kinds is None else tuple(h for h in HAZARD_KINDS if h in kinds)
        reason = (f"包保责任人电话变动：{'、'.join(targets)} {new.name} "
                  f"{_phones(old)}→{_phones(new)}")  # fmt: skip
        moved += baobao_changed(plans, village_id, reason, covered, today)
    return moved
