"""Annual inspection coverage and the 双随机 draw.

Coverage: a rules table (defaults: risk A quarterly, B half-yearly, everything else yearly; the
most specific rule wins) says how often each active unit must be inspected; :meth:`coverage`
counts the year's inspections per unit up to a day and lists the units whose current period has
no inspection yet, by village, with the shares of 四不两直 and 双随机 in the year.

Draw: N units are drawn at random from a filtered list with a recorded seed; the population (ids
at draw time) and the result are stored, so anyone can re-draw and get the same units.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import TYPE_CHECKING

from safetydesk.domain.coverage import (
    DEFAULT_COVERAGE_RULES,
    PERIODS_PER_YEAR,
    CoveragePeriod,
    CoverageReport,
    CoverageRule,
    Draw,
    UnitCoverage,
    draw_sample,
    period_bounds,
    rule_for,
)
from safetydesk.domain.inspections import InspectionMethod
from safetydesk.domain.queries import ListQuery
from safetydesk.errors import ValidationError
from safetydesk.services.changes import Changes, Saved, Topic
from safetydesk.storage.inspections import CoverageRuleStore, DrawStore, InspectionStore
from safetydesk.storage.registers import UnitStore, VillageStore

if TYPE_CHECKING:
    from sqlite_utils import Database


def _rule_text(rule: CoverageRule | None) -> str:
    if rule is None:
        return "不要求"
    times = "" if rule.times == 1 else f"{rule.times}次"
    return f"{rule.period.value}{times or '1次'}"


class CoverageService:
    """Coverage rules, the coverage of a year, and recorded random draws."""

    def __init__(self, db: Database, clock: object) -> None:
        self.db = db
        self.clock = clock
        self.rules_store = CoverageRuleStore(db)
        self.draws = DrawStore(db)
        self._inspections = InspectionStore(db)
        self._units = UnitStore(db)
        self._villages = VillageStore(db)

    # -- rules ----------------------------------------------------------------------------------
    def rules(self) -> list[CoverageRule]:
        """The rules in force (the defaults until the user saves their own)."""
        stored = self.rules_store.all()
        return stored if stored else list(DEFAULT_COVERAGE_RULES)

    def set_rules(self, rules: list[CoverageRule]) -> Saved[list[CoverageRule]]:
        """Replace the rules table.

        Raises:
            ValidationError: A duplicate (type, risk), a bad count, or no catch-all rule.
        """
        seen: set[tuple[str, str]] = set()
        for i, r in enumerate(rules, 1):
            key = (r.unit_type or "*", r.risk or "*")
            if key in seen:
                raise ValidationError("rules", f"第{i}条规则与前面的规则重复（{key[0]}，{key[1]}）。")
            seen.add(key)
            if not 1 <= r.times <= 52:
                raise ValidationError("rules", f"第{i}条规则的次数应在 1 到 52 之间。")
            if not isinstance(r.period, CoveragePeriod):
                raise ValidationError("rules", f"第{i}条规则的周期只能是：每季度、每半年、每年。")
        if ("*", "*") not in seen:
            raise ValidationError(
                "rules", "请保留一条适用于所有单位的规则（类型和风险都为“全部”），例如每年 1 次。"
            )
        with self.db.atomic():
            self.rules_store.replace_all(rules)
        return Saved(self.rules_store.all(), Changes.of(Topic.INSPECTIONS))

    # -- coverage --------------------------------------------------------------------------------
    def coverage(self, year: int, as_of: date | None = None) -> CoverageReport:
        """Coverage of ``year`` up to ``as_of`` (default: today, or 31 Dec of a past year)."""
        today = self.clock()  # type: ignore[operator]
        if as_of is None:
            as_of = today if today.year == year else date(year, 12, 31)
        end = as_of
        rules = self.rules()
        dates = self._inspections.dates_by_unit(date(year, 1, 1), last=end)
        names = self._villages.names()
        rows: list[UnitCoverage] = []
        by_village: dict[str, tuple[int, int]] = {}
        # Rule, its text, the year's requirement so far and the current period, per (type, risk).
        plans: dict[tuple[str, str], tuple[CoverageRule, str, int, date, date] | None] = {}
        for unit_id, name, unit_type, risk, village_id in self._inspections.active_units():
            key = (unit_type, risk)
            if key not in plans:
                rule = rule_for(rules, unit_type, risk)
                if rule is None:
                    plans[key] = None
                else:
                    so_far = (as_of.month - 1) // (12 // PERIODS_PER_YEAR[rule.period]) + 1
                    first, last = period_bounds(rule.period, year, as_of.month)
                    plans[key] = (rule, _rule_text(rule), rule.times * so_far, first, last)
            plan = plans[key]
            if plan is None:
                continue
            rule, text, required, first, last = plan
            done_dates = dates.get(unit_id, [])
            in_period = sum(1 for d in done_dates if first <= d <= last)
            vname = names.get(village_id, "") if village_id is not None else ""
            row = UnitCoverage(
                unit_id=unit_id, unit_name=name, village_id=village_id, village_name=vname,
                unit_type=unit_type, risk=risk, rule=text, required=required,
                done=len(done_dates), last_on=done_dates[-1] if done_dates else None,
                current_period_done=in_period >= rule.times,
            )  # fmt: skip
            rows.append(row)
            covered, total = by_village.get(vname, (0, 0))
            by_village[vname] = (covered + int(row.current_period_done), total + 1)
        total, methods = self._inspections.method_counts(date(year, 1, 1), last=end)
        return CoverageReport(
            year=year,
            as_of=end,
            units=tuple(rows),
            inspections=total,
            four_no_two_direct=methods.get(InspectionMethod.FOUR_NO_TWO_DIRECT.value, 0),
            double_random=methods.get(InspectionMethod.DOUBLE_RANDOM.value, 0),
            by_village=by_village,
        )

    # -- 双随机 ----------------------------------------------------------------------------------
    def draw(
        self,
        query: ListQuery,
        n: int,
        *,
        seed: int | None = None,
        by: str = "",
        note: str = "",
        filter_text: str = "",
    ) -> Saved[Draw]:
        """Draw ``n`` units from those ``query`` selects and record the draw.

        Args:
            query: The unit filter (village, type, risk …).
            n: How many units to draw.
            seed: The seed (default: a fresh random one, which is recorded).
            filter_text: The filter as the user saw it (printed with the draw).

        Raises:
            ValidationError: ``n`` is out of range or the filter selects nothing.
        """
        population = self._units.list_ids(query)
        if not population:
            raise ValidationError("filter", "按当前条件没有可抽取的单位场所，请放宽筛选条件。")
        if not 1 <= n <= len(population):
            raise ValidationError("n", f"抽取数量应在 1 到 {len(population)}（符合条件的单位数）之间。")
        seed = secrets.randbelow(10**9) if seed is None else int(seed)
        chosen = draw_sample(population, n, seed)
        with self.db.atomic():
            d = self.draws.insert(Draw(
                None, self.clock(), seed, n, filter_text,  # type: ignore[operator]
                tuple(sorted(population)), chosen, by, note,
            ))  # fmt: skip
        return Saved(d, Changes.of(Topic.INSPECTIONS, ids=(d.id or 0,)))

    def verify(self, draw_id: int) -> bool:
        """Re-draw a recorded draw from its population and seed; True when it matches."""
        d = self.draws.get(draw_id)
        return draw_sample(d.population, d.n, d.seed) == d.chosen
