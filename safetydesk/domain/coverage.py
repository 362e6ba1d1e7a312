"""Inspection coverage and the 双随机 draw: how often units must be inspected, and who is drawn.

:class:`CoverageRule` rows say how often units of a type and risk class are inspected (the most
specific rule wins, :func:`rule_for`); :class:`CoverageReport` is a year's coverage as of a day.
A :class:`Draw` records a reproducible 双随机 sample (:func:`draw_sample`). Used by
:mod:`safetydesk.services.coverage`, the demo and the coverage views. Nothing here reads the clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Draw:
    """A 双随机 draw: N units picked from a filtered population with a recorded seed.

    ``population`` is the sorted ids the filter returned at draw time; re-drawing the same
    population with the same seed gives the same ``chosen`` (see :func:`draw_sample`).
    """

    id: int | None
    drawn_on: date
    seed: int
    n: int
    filter_text: str
    population: tuple[int, ...]
    chosen: tuple[int, ...]
    by: str = ""
    note: str = ""
    created_at: datetime | None = None


def draw_sample(population: list[int] | tuple[int, ...], n: int, seed: int) -> tuple[int, ...]:
    """``n`` ids drawn from ``population`` with ``random.Random(seed)``, reproducibly.

    The population is sorted first so the draw does not depend on query order.

    Raises:
        ValueError: ``n`` is not between 1 and the population size.
    """
    import random

    pool = sorted(population)
    if not 1 <= n <= len(pool):
        raise ValueError(f"抽取数量应在 1 到 {len(pool)} 之间。")
    return tuple(random.Random(seed).sample(pool, n))


class CoveragePeriod(StrEnum):
    """How often a unit must be inspected."""

    QUARTER = "每季度"
    HALF_YEAR = "每半年"
    YEAR = "每年"


#: Periods per year of each coverage period.
PERIODS_PER_YEAR: dict[CoveragePeriod, int] = {
    CoveragePeriod.QUARTER: 4,
    CoveragePeriod.HALF_YEAR: 2,
    CoveragePeriod.YEAR: 1,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class CoverageRule:
    """Units of ``unit_type`` (``"*"`` any) and ``risk`` (``"*"`` any) are inspected ``times``
    per ``period``. The most specific matching rule wins (type+risk, risk, type, any)."""

    id: int | None = None
    unit_type: str = "*"
    risk: str = "*"
    period: CoveragePeriod = CoveragePeriod.YEAR
    times: int = 1
    note: str = ""

    def specificity(self) -> int:
        """2 for a type match, 1 for a risk match, summed (most specific wins)."""
        return (2 if self.unit_type != "*" else 0) + (1 if self.risk != "*" else 0)

    def matches(self, unit_type: str, risk: str) -> bool:
        """True when the rule applies to a unit of this type and risk class."""
        return self.unit_type in ("*", unit_type) and self.risk in ("*", risk)

    @property
    def per_year(self) -> int:
        """Inspections required per year."""
        return self.times * PERIODS_PER_YEAR[self.period]


#: The default rules (risk A quarterly, B half-yearly, everything else yearly).
DEFAULT_COVERAGE_RULES: tuple[CoverageRule, ...] = (
    CoverageRule(risk="A", period=CoveragePeriod.QUARTER, note="重大风险单位每季度至少检查一次"),
    CoverageRule(risk="B", period=CoveragePeriod.HALF_YEAR, note="较大风险单位每半年至少检查一次"),
    CoverageRule(period=CoveragePeriod.YEAR, note="其他单位场所每年至少检查一次"),
)


def rule_for(rules: tuple[CoverageRule, ...] | list[CoverageRule], unit_type: str, risk: str) -> CoverageRule | None:
    """The most specific rule that applies (``None`` when none does)."""
    best = [r for r in rules if r.matches(unit_type, risk)]
    return max(best, key=CoverageRule.specificity) if best else None


def period_bounds(period: CoveragePeriod, year: int, month: int) -> tuple[date, date]:
    """First and last day of the period that contains ``year-month``."""
    import calendar

    size = 12 // PERIODS_PER_YEAR[period]
    first = (month - 1) // size * size + 1
    last = first + size - 1
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


@dataclass(frozen=True, slots=True)
class UnitCoverage:
    """Coverage of one unit in a year: required so far, done, and whether it is due now."""

    unit_id: int
    unit_name: str
    village_id: int | None
    village_name: str
    unit_type: str
    risk: str
    rule: str
    required: int
    done: int
    last_on: date | None
    current_period_done: bool

    @property
    def missing(self) -> int:
        """Inspections still owed for the year so far."""
        return max(0, self.required - self.done)


@dataclass(frozen=True, slots=True)
class CoverageReport:
    """Coverage of a year as of a day: per unit, plus the shares of the methods."""

    year: int
    as_of: date
    units: tuple[UnitCoverage, ...]
    inspections: int
    four_no_two_direct: int
    double_random: int
    by_village: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def not_covered(self) -> tuple[UnitCoverage, ...]:
        """Units whose current period has no inspection yet."""
        return tuple(u for u in self.units if not u.current_period_done)

    def share(self, count: int) -> float | None:
        """``count`` as a percentage of the year's inspections (None when there are none)."""
        return None if not self.inspections else round(100 * count / self.inspections, 1)
