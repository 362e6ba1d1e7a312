"""What every village's 一制四案 lacks (``ws.plan_gaps``): the completeness checks of
:mod:`safetydesk.domain.plan_checks` over the records of ``ws.plan_parts`` and the shelters.

The service only reads: each kind of record once for all villages (county scale), grouped by
village, then checked village by village with "today" (the workspace's clock unless given).
Rows are the active villages in the register's order, then the township (镇本级).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from safetydesk.domain.baobao import BaobaoAssignment, Household
from safetydesk.domain.plan_checks import (
    Gap,
    GapKind,
    VillageParts,
    count_by_kind,
    village_gaps,
)
from safetydesk.domain.plan_parts import Contact, RiskPoint, Supply, WorkGroupMember
from safetydesk.errors import ValidationError
from safetydesk.services.plans import TOWNSHIP
from safetydesk.storage import plans as plan_store

if TYPE_CHECKING:
    from sqlite_utils import Database

    from safetydesk.services.plan_parts import PartService
    from safetydesk.services.plans import PlanService


@dataclass(frozen=True, slots=True)
class VillageSummary:
    """Gap counts of one village (``village_id``; ``None``: the township)."""

    village_id: int | None
    village: str
    counts: dict[GapKind, int]

    @property
    def total(self) -> int:
        """All gaps of the village."""
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class GapReport:
    """The gaps on ``today``, by village (register order, township last), and their counts."""

    today: date
    gaps: tuple[Gap, ...]
    summaries: tuple[VillageSummary, ...]

    def of_village(self, village_id: int | None) -> list[Gap]:
        """The gaps of one village (``None``: the township)."""
        return [g for g in self.gaps if g.village_id == village_id]

    def summary(self, village_id: int | None) -> VillageSummary | None:
        """The counts of one village, if it is in the report."""
        return next((s for s in self.summaries if s.village_id == village_id), None)


def gap_kind(value: GapKind | str) -> GapKind:
    """A gap kind from its Chinese name (a Chinese message listing the kinds otherwise)."""
    try:
        return GapKind(str(value).strip())
    except ValueError:
        names = "、".join(GapKind)
        raise ValidationError("kind", f"没有“{value}”这一类缺项，可选：{names}。") from None


class PlanGapService:
    """The completeness checks of every village's 一制四案."""

    def __init__(
        self,
        db: Database,
        parts: PartService,
        plans: PlanService,
        clock: Callable[[], date],
    ) -> None:
        self.db = db
        self.parts = parts
        self.plans = plans
        self.clock = clock

    def report(
        self,
        *,
        villages: Collection[int | None] | None = None,
        kind: GapKind | str | None = None,
        today: date | None = None,
    ) -> GapReport:
        """The gaps of ``villages`` (ids; ``None`` in it: the township; default: all), of one
        ``kind`` if given, on ``today`` (default: the clock). Summaries count every kind."""
        wanted = gap_kind(kind) if kind is not None else None
        day = today or self.clock()
        rows: list[tuple[int | None, str]] = [
            *plan_store.active_village_names(self.db),
            (None, TOWNSHIP),
        ]
        if villages is not None:
            rows = [r for r in rows if r[0] in villages]
        keep = {vid for vid, _ in rows}
        by_village = self._records(keep)
        levels = self.parts.levels()
        gaps: list[Gap] = []
        summaries: list[VillageSummary] = []
        for vid, name in rows:
            found = village_gaps(VillageParts(vid, name, **by_village[vid]), day, levels=levels)
            summaries.append(VillageSummary(vid, name, count_by_kind(found)))
            gaps += [g for g in found if wanted is None or g.kind is wanted]
        return GapReport(day, tuple(gaps), tuple(summaries))

    def _records(self, keep: set[int | None]) -> dict[int | None, dict[str, Any]]:
        """Each village's records, as keyword arguments of :class:`VillageParts`."""
        out: dict[int | None, dict[str, Any]] = defaultdict(
            lambda: {
                "households": [], "risk_points": [], "contacts": [], "work_group": [],
                "supplies": [], "assignments": [], "shelters": 0,
            }  # fmt: skip
        )
        classes: tuple[tuple[str, type[Any]], ...] = (
            ("households", Household), ("risk_points", RiskPoint), ("contacts", Contact),
            ("work_group", WorkGroupMember), ("supplies", Supply),
            ("assignments", BaobaoAssignment),
        )  # fmt: skip
        for key, cls in classes:
            for rec in self.parts.all(cls):
                if rec.village_id in keep:
                    out[rec.village_id][key].append(rec)
        for shelter in self.plans.shelters():
            if shelter.village_id in keep:
                out[shelter.village_id]["shelters"] += 1
        return out
