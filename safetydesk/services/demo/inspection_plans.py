"""Which inspections the demo year has: the plans the demo inspections are written from.

One plan per group of demo hazards of one unit found on one day by the same people (the
inspection that found them); routine inspections without findings, period by period, so the
year's coverage looks real (most risk-A units every quarter, B every half-year, a good share of
the rest once, the current period only partly done); and a 双随机 draw early in each quarter whose
chosen units are inspected with that method. Used by :mod:`safetydesk.services.demo.inspections`,
which turns each :class:`Plan` into its record.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from safetydesk.domain.common import UnitType
from safetydesk.domain.coverage import PERIODS_PER_YEAR, CoveragePeriod, Draw, draw_sample, rule_for
from safetydesk.domain.hazards import HazardAction, HazardSource
from safetydesk.domain.queries import ListQuery
from safetydesk.storage.hazard_bulk import HazardBulkStore
from safetydesk.storage.registers import UnitStore

#: Share of the current period's routine inspections done by a full period, per coverage period.
_COVERED: dict[CoveragePeriod, float] = {
    CoveragePeriod.QUARTER: 0.92,
    CoveragePeriod.HALF_YEAR: 0.88,
    CoveragePeriod.YEAR: 0.62,
}
#: Target share of 双随机 inspections in the year.
_DOUBLE_RANDOM = 0.10
#: Days after a draw within which its chosen units are inspected.
_DRAW_DAYS = 40
_SPLIT = re.compile(r"[、,，;；\s]+")


@dataclass
class Plan:
    """One inspection to write (its record is built once every plan is known)."""

    on: date
    unit_id: int
    names: tuple[str, ...]
    hazards: list[tuple[int, str, str]] = field(default_factory=list)  # (id, description, location)
    draw: int | None = None  # index into the draws list


def _weekday(rnd: random.Random, lo: date, hi: date) -> date:
    """A random day in ``[lo, hi]``, moved off a weekend when the range allows."""
    day = lo + timedelta(days=rnd.randint(0, (hi - lo).days))
    if day.weekday() >= 5:
        for d in (day - timedelta(days=day.weekday() - 4), day + timedelta(days=7 - day.weekday())):
            if lo <= d <= hi:
                return d
    return day


def _periods(period: CoveragePeriod, first: date, last: date) -> list[tuple[date, date]]:
    """The coverage periods (first and last day) that overlap ``[first, last]``."""
    size = 12 // PERIODS_PER_YEAR[period]
    out = []
    year, month = first.year, (first.month - 1) // size * size + 1
    while date(year, month, 1) <= last:
        nxt = (year + (month + size - 1) // 12, (month + size - 1) % 12 + 1)
        out.append((date(year, month, 1), date(*nxt, 1) - timedelta(days=1)))
        year, month = nxt
    return out


class InspectionPlanner:
    """Plans the inspections of a demo year (the records are built from the plans afterwards).

    Args:
        ws: The open workspace.
        rnd: The demo generator's random source.
        today: The last day of the demo year.
        units: The active units' contact rows, by unit id.
        pool: Names of the inspectors who do the routine inspections.
    """

    def __init__(
        self, ws: Any, rnd: random.Random, today: date, units: dict[int, Any], pool: list[str]
    ) -> None:
        self.ws = ws
        self.rnd = rnd
        self.today = today
        self.start = today - timedelta(days=364)
        self.units = units
        self.pool = pool

    def hazard_plans(self) -> tuple[list[Plan], dict[int, str]]:
        """One plan per (unit, found date, finders) of the demo hazards; and their outcomes."""
        hazards = HazardBulkStore(self.ws.db)
        groups: dict[tuple[int, date, str], Plan] = {}
        for hid, uid, found_on, found_by, desc, loc in hazards.uninspected_findings(
            (HazardSource.TOWNSHIP_CHECK, HazardSource.ENFORCEMENT)
        ):
            if uid not in self.units or found_on > self.today:
                continue
            names = tuple(dict.fromkeys(n for n in _SPLIT.split(found_by) if n))
            key = (uid, found_on, found_by)
            if key not in groups:
                groups[key] = Plan(found_on, uid, names)
            groups[key].hazards.append((hid, desc, loc))
        outcome: dict[int, str] = {}
        for hid, action, number in hazards.events_with_actions(
            (HazardAction.ON_SPOT, HazardAction.ISSUE_NOTICE)
        ):
            if action == HazardAction.ON_SPOT.value:
                outcome[hid] = "当场"
            elif hid not in outcome:
                outcome[hid] = number
        return list(groups.values()), outcome

    def coverage_plans(self, taken: dict[int, list[date]]) -> list[Plan]:
        """Routine inspections without findings, period by period, up to today."""
        rules = self.ws.coverage.rules()
        periods: dict[CoveragePeriod, list[tuple[date, date]]] = {}
        out = []
        for uid, _name, utype, risk, *_ in self.units.values():
            rule = rule_for(rules, utype, risk)
            if rule is None:
                continue
            if rule.period not in periods:
                periods[rule.period] = _periods(rule.period, self.start, self.today)
            for first, last in periods[rule.period]:
                lo, hi = max(first, self.start), min(last, self.today)
                share = ((hi - lo).days + 1) / ((last - first).days + 1)
                done = sum(first <= d <= last for d in taken.get(uid, ()))
                for _ in range(rule.times - done):
                    if self.rnd.random() < _COVERED[rule.period] * share:
                        out.append(Plan(_weekday(self.rnd, lo, hi), uid,
                                         tuple(self.rnd.sample(self.pool, min(2, len(self.pool))))))  # fmt: skip
        return out

    def draws(self, plans: list[Plan]) -> list[Draw]:
        """A 双随机 draw early in each quarter; its chosen units get 双随机 inspections.

        A chosen unit already inspected soon after the draw has that inspection marked 双随机;
        the others get a new one. Sized so 双随机 is about a tenth of the year's inspections.
        """
        rnd = self.rnd
        days = []
        for first, _last in _periods(CoveragePeriod.QUARTER, self.start, self.today):
            on = _weekday(rnd, first + timedelta(days=3), first + timedelta(days=12))
            if self.start <= on < self.today:
                days.append(on)
        if not days:
            return []
        by_unit: dict[int, list[Plan]] = defaultdict(list)
        for p in plans:
            by_unit[p.unit_id].append(p)
        n = max(2, round(_DOUBLE_RANDOM * len(plans) / len(days)))
        unit_store = UnitStore(self.ws.db)
        out: list[Draw] = []
        for i, on in enumerate(days):
            text, query = (("类型：九小场所", ListQuery(type=UnitType.NINE_SMALL.value)) if i % 2
                           else ("全部单位场所", ListQuery()))  # fmt: skip
            population = sorted(unit_store.list_ids(query))
            if not population:
                continue
            seed = rnd.randrange(10**9)
            chosen = draw_sample(population, min(n, len(population)), seed)
            last = min(self.today, on + timedelta(days=_DRAW_DAYS))
            for uid in chosen:
                soon = [p for p in by_unit[uid] if on < p.on <= last and p.draw is None]
                if soon:
                    soon[0].draw = len(out)
                else:
                    names = tuple(rnd.sample(self.pool, min(2, len(self.pool))))
                    plan = Plan(_weekday(rnd, on + timedelta(days=1), last), uid, names,
                                 draw=len(out))  # fmt: skip
                    plans.append(plan)
                    by_unit[uid].append(plan)
            out.append(Draw(None, on, seed, len(chosen), text, tuple(population),
                            chosen, self.pool[0], "季度“双随机”抽查"))  # fmt: skip
        return out
