"""Drill obligations as data (DOMAIN.md A7, B §2.2) and the compliance of subjects against them.

A :class:`DrillRule` says who owes drills (the township, every 村(社区), units of one type), of
which category (``None``: any), how many per period (year, half-year, three years) and whether
one of them must be 实战. :func:`compliance` counts, for each subject and rule, the drills held in
each period of a year and says what is missing and by when. Periods: a year is the calendar year;
half-years are 1 Jan–30 Jun and 1 Jul–31 Dec; a three-year period is the three calendar years
ending with the year looked at (a drill held in any of them counts). The due date is the last day
of the period. Compliance reads only a :class:`DrillMark` of each drill (whole records are turned
into one), so a county's years of drills are counted without building every record. Pure:
"today" is passed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from safetydesk.domain.common import UnitType
from safetydesk.domain.drills import Drill, DrillCategory, DrillForm, SubjectKind
from safetydesk.errors import ValidationErrors

#: Days ahead in which an open obligation counts as due soon.
DUE_SOON_DAYS = 30


class Period(StrEnum):
    """The period a rule's minimum count applies to."""

    YEAR = "年"
    HALF_YEAR = "半年"
    THREE_YEARS = "3年"


class ComplianceStatus(StrEnum):
    """Where one obligation stands on "today"."""

    DONE = "已完成"
    OPEN = "待完成"
    DUE_SOON = "即将到期"
    OVERDUE = "逾期未完成"


@dataclass(frozen=True, slots=True, kw_only=True)
class DrillRule:
    """One obligation: ``min_count`` drills per ``period`` (of ``category``; ``None`` any).

    ``unit_type`` narrows a unit rule to one type (required for :attr:`SubjectKind.UNIT`);
    ``live_required``: at least one of the drills counted must be 实战.
    """

    id: int | None = None
    subject_kind: SubjectKind
    unit_type: UnitType | None = None
    category: DrillCategory | None = None
    min_count: int = 1
    period: Period = Period.YEAR
    live_required: bool = False
    basis: str = ""
    active: bool = True
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def applies_to(self, subject: Subject) -> bool:
        """True when ``subject`` owes drills under this rule."""
        if not self.active or subject.kind is not self.subject_kind:
            return False
        return self.subject_kind is not SubjectKind.UNIT or subject.unit_type is self.unit_type

    def counts(self, drill: Drill | DrillMark) -> bool:
        """True when ``drill`` is of the rule's category (any drill when it has none)."""
        return self.category is None or drill.category is self.category


def check_rule(rule: DrillRule) -> DrillRule:
    """``rule`` if it is usable.

    Raises:
        ValidationErrors: A count below 1, a unit rule without a unit type, a unit type on a
            township or village rule.
    """
    errors: dict[str, str] = {}
    if rule.min_count < 1:
        errors["min_count"] = "最少次数须至少为 1。"
    if rule.subject_kind is SubjectKind.UNIT and rule.unit_type is None:
        errors["unit_type"] = "单位的演练规则须指明单位类型。"
    if rule.subject_kind is not SubjectKind.UNIT and rule.unit_type is not None:
        errors["unit_type"] = "只有单位的演练规则才按单位类型区分。"
    if errors:
        raise ValidationErrors(errors)
    return rule


def parse_period(text: str) -> Period:
    """A period from its Chinese name; a zero or unknown period is refused."""
    for period in Period:
        if text.strip() == period.value:
            return period
    raise ValidationErrors({"period": f"周期“{text}”无效，可选：年、半年、3年。"})


_SEMI = "《生产安全事故应急条例》第八条：≥1/半年"
#: Unit types that owe a drill every half year (危险物品、矿山、建筑施工、人员密集场所 …).
HALF_YEAR_TYPES: tuple[tuple[UnitType, str], ...] = (
    (UnitType.CHEMICALS, _SEMI),
    (UnitType.FIREWORKS, _SEMI),
    (UnitType.MINE, _SEMI),
    (UnitType.CONSTRUCTION, _SEMI),
    (UnitType.CROWDED, _SEMI),
    (UnitType.MARKET, _SEMI),
    (UnitType.SCHOOL, "消防安全重点单位：灭火和疏散演练 ≥1/半年"),
)
#: Unit types that owe a drill every year.
YEAR_TYPES: tuple[tuple[UnitType, str], ...] = (
    (UnitType.INDUSTRY, "工贸企业疏散逃生演练 ≥1/年"),
    (UnitType.WAREHOUSE, "《生产安全事故应急预案管理办法》第三十三条：≥1/年"),
    (UnitType.NINE_SMALL, "其他单位灭火和疏散演练 ≥1/年"),
)


def default_rules() -> list[DrillRule]:
    """The defaults of B §2.2 / A7: the township, every village, units by type."""
    rules = [
        DrillRule(subject_kind=SubjectKind.TOWNSHIP, basis="各镇(街道)每年至少一次针对性应急演练"),
        DrillRule(
            subject_kind=SubjectKind.TOWNSHIP,
            live_required=True,
            basis="每年至少一次多部门、跨行业、多类型救援队伍参加的实战化演练",
        ),  # fmt: skip
        DrillRule(subject_kind=SubjectKind.VILLAGE, basis="村(社区)每年至少一次演练（“六个一”）"),
    ]
    rules += [
        DrillRule(subject_kind=SubjectKind.UNIT, unit_type=t, period=Period.HALF_YEAR, basis=b)
        for t, b in HALF_YEAR_TYPES
    ]
    rules += [DrillRule(subject_kind=SubjectKind.UNIT, unit_type=t, basis=b) for t, b in YEAR_TYPES]
    return rules


@dataclass(frozen=True, slots=True)
class Subject:
    """Who owes drills: the township (``id`` None), a village or a unit (by id)."""

    kind: SubjectKind
    id: int | None
    name: str
    unit_type: UnitType | None = None


@dataclass(frozen=True, slots=True)
class Obligation:
    """One subject, one rule, one period: what is required and what was done."""

    subject: Subject
    rule: DrillRule
    starts_on: date
    due_on: date
    required: int
    done: int
    live_done: int
    status: ComplianceStatus
    drill_ids: tuple[int, ...] = ()

    @property
    def live_ok(self) -> bool:
        """True unless the rule wants a 实战 drill and none was held."""
        return not self.rule.live_required or self.live_done > 0

    @property
    def missing(self) -> int:
        """Drills still owed (one more when all are held but none was 实战 as required)."""
        return _missing(self.required, self.done, self.rule.live_required, self.live_done)


def _missing(required: int, done: int, live_required: bool, live_done: int) -> int:
    return max(required - done, 1 if live_required and not live_done else 0)


@dataclass(frozen=True, slots=True)
class DrillMark:
    """What compliance reads of a drill: whom it is credited to, when, its category, 实战 or not.

    ``kind`` and ``subject_id`` are the subject's (see :func:`credited_to`).
    """

    id: int | None
    kind: SubjectKind
    subject_id: int | None
    held_on: date
    category: DrillCategory
    live: bool

    @classmethod
    def of(cls, drill: Drill) -> DrillMark:
        """The mark of a whole record."""
        kind, subject_id = subject_key(drill)
        return cls(drill.id, kind, subject_id, drill.held_on, drill.category, drill.live)

    @classmethod
    def of_columns(
        cls, drill_id: int | None, organiser_kind: SubjectKind, village_id: int | None,
        unit_id: int | None, held_on: date, category: DrillCategory, form: DrillForm,
    ) -> DrillMark:  # fmt: skip
        """The mark of a drill's stored columns (a narrow read of the drills table)."""
        kind, subject_id = credited_to(organiser_kind, village_id, unit_id)
        return cls(drill_id, kind, subject_id, held_on, category, form is DrillForm.LIVE)


def periods(period: Period, year: int) -> list[tuple[date, date]]:
    """The (first day, last day) of each period of ``period`` that ends in ``year``."""
    if period is Period.HALF_YEAR:
        return [(date(year, 1, 1), date(year, 6, 30)), (date(year, 7, 1), date(year, 12, 31))]
    if period is Period.THREE_YEARS:
        return [(date(year - 2, 1, 1), date(year, 12, 31))]
    return [(date(year, 1, 1), date(year, 12, 31))]


def credited_to(
    organiser_kind: SubjectKind, village_id: int | None, unit_id: int | None
) -> tuple[SubjectKind, int | None]:
    """The subject a drill of this organiser is credited to: (kind, its id; None: township)."""
    if organiser_kind is SubjectKind.UNIT:
        return SubjectKind.UNIT, unit_id
    if organiser_kind is SubjectKind.VILLAGE:
        return SubjectKind.VILLAGE, village_id
    return SubjectKind.TOWNSHIP, None


def subject_key(drill: Drill) -> tuple[SubjectKind, int | None]:
    """The subject a drill is credited to."""
    return credited_to(drill.organiser_kind, drill.village_id, drill.unit_id)


def _status(missing: int, starts_on: date, due_on: date, today: date) -> ComplianceStatus:
    if not missing:
        return ComplianceStatus.DONE
    if due_on < today:
        return ComplianceStatus.OVERDUE
    if (due_on - today).days <= DUE_SOON_DAYS and starts_on <= today:
        return ComplianceStatus.DUE_SOON
    return ComplianceStatus.OPEN


def compliance(
    rules: Sequence[DrillRule], subjects: Iterable[Subject], drills: Iterable[Drill | DrillMark],
    year: int, today: date,
) -> list[Obligation]:  # fmt: skip
    """Per subject, rule and period ending in ``year``: required, done, missing, due date.

    Drills held after ``today`` are not counted (a record is never in the future anyway).
    ``drills`` may be whole records or their marks. The drills are grouped by subject and the
    rules by whom they apply to once, so each subject looks only at its own drills and rules.
    """
    by_subject: dict[tuple[SubjectKind, int | None], list[DrillMark]] = {}
    first, last = date(year - 2, 1, 1), min(date(year, 12, 31), today)
    for drill in drills:
        if first <= drill.held_on <= last:
            mark = drill if isinstance(drill, DrillMark) else DrillMark.of(drill)
            by_subject.setdefault((mark.kind, mark.subject_id), []).append(mark)
    # Whom a rule applies to, as DrillRule.applies_to decides it: its kind, for units its type.
    by_owner: dict[tuple[SubjectKind, UnitType | None], list[DrillRule]] = {}
    for rule in rules:
        if rule.active:
            owner_type = rule.unit_type if rule.subject_kind is SubjectKind.UNIT else None
            by_owner.setdefault((rule.subject_kind, owner_type), []).append(rule)
    out: list[Obligation] = []
    spans = {p: periods(p, year) for p in Period}
    for subject in subjects:
        owner_type = subject.unit_type if subject.kind is SubjectKind.UNIT else None
        owed = by_owner.get((subject.kind, owner_type))
        if not owed:
            continue
        held = by_subject.get((subject.kind, subject.id), [])
        for rule in owed:
            for starts_on, due_on in spans[rule.period]:
                counted = [
                    d for d in held
                    if starts_on <= d.held_on <= due_on
                    and (rule.category is None or d.category is rule.category)
                ]  # fmt: skip
                live = sum(1 for d in counted if d.live)
                missing = _missing(rule.min_count, len(counted), rule.live_required, live)
                status = _status(missing, starts_on, due_on, today)
                out.append(Obligation(subject, rule, starts_on, due_on, rule.min_count,
                                      len(counted), live, status,
                                      tuple(d.id for d in counted if d.id is not None)))  # fmt: skip
    return out


def due_soon(obligations: Iterable[Obligation]) -> list[Obligation]:
    """The obligations still open whose period ends within :data:`DUE_SOON_DAYS`."""
    return [o for o in obligations if o.status is ComplianceStatus.DUE_SOON]
