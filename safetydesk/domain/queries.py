"""Filter and sort requests for the register lists, shared by services, CLI and UI (no SQL here)."""

from __future__ import annotations

from dataclasses import dataclass
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
