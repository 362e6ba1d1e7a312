"""Filter and sort requests for the register lists, shared by services, CLI and UI (no SQL here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class ArchiveFilter(StrEnum):
    """Which records a list shows."""

    ACTIVE = "active"
    ARCHIVED = "archived"
    ALL = "all"


@dataclass(frozen=True, slots=True, kw_only=True)
class ListQuery:
    """What a register list should show and in which order.

    Attributes:
        text: Free-text search (any length, Chinese or Latin); empty for no text filter.
        village_id: Only records of this village.
        type: Only units of this type (units only).
        risk: Only units of this risk class ``A``–``D`` (units only).
        role: Only people of this role (people only).
        archive: Active, archived or all records.
        order_by: Column key to sort on (each store lists the keys it accepts).
        descending: Reverse the order.
    """

    text: str = ""
    village_id: int | None = None
    type: str | None = None
    risk: str | None = None
    role: str | None = None
    archive: ArchiveFilter = ArchiveFilter.ACTIVE
    order_by: str = "default"
    descending: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class HazardQuery(ListQuery):
    """Filters of the hazard list (on top of text, village, archive and order).

    Attributes:
        states: Only these states (state values); empty for all.
        level: 一般 or 重大.
        unit_id: Only hazards of this unit.
        sector: Only this sector (unit type value).
        found_from: First found date, inclusive.
        found_to: Last found date, inclusive.
        overdue_on: Only hazards overdue on this date.
        due_by: Only open hazards due on or before this date — "due within N days".
        listed: Only 挂牌督办 hazards.
        missing_basis: Only 重大 hazards whose 判定依据 is 待补录.
    """

    states: tuple[str, ...] = ()
    level: str | None = None
    unit_id: int | None = None
    sector: str | None = None
    found_from: date | None = None
    found_to: date | None = None
    overdue_on: date | None = None
    due_by: date | None = None
    listed: bool = False
    missing_basis: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class InspectionQuery(ListQuery):
    """Filters of the inspection list (``type`` filters the target type).

    Attributes:
        unit_id: Only inspections of this unit.
        kind: Only this 检查类型 (value).
        method: Only inspections that used this 检查方式 (value).
        template_id: Only inspections that used this checklist version.
        date_from: First inspection date, inclusive.
        date_to: Last inspection date, inclusive.
        unchecked: Only drafts: records with an item still 未检查.
    """

    unit_id: int | None = None
    kind: str | None = None
    method: str | None = None
    template_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    unchecked: bool = False
