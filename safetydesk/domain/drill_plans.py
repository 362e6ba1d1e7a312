"""年度演练计划: plan items with a recurrence, their expansion into a year, moves and cancels.

A :class:`PlanItem` is one line of the annual plan (B §2.3). Its recurrence is python-dateutil's
``rrule``: once, every year in a month, or every half year from a month. The day of the month is
clamped to the month's length ("the 31st" is the 30th in June and the 28th or 29th in February):
``rrule`` alone skips a month that lacks the day (ARCHITECTURE "facts verified"), so the rule asks
for every day from ``min(day, 28)`` to ``day`` and keeps the last one that exists
(``bysetpos=-1``). A planned date can be moved (延期) or cancelled with a reason; each change is
kept as a :class:`PlanItemChange` row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from dateutil.rrule import MONTHLY, YEARLY, rrule

from safetydesk.domain.drills import DrillCategory, DrillForm, DrillScope, SubjectKind
from safetydesk.errors import ValidationError, ValidationErrors


class Recurrence(StrEnum):
    """How often a plan item recurs."""

    ONCE = "单次"
    YEARLY = "每年"
    HALF_YEARLY = "每半年"


class ChangeAction(StrEnum):
    """What was done to one planned date."""

    MOVED = "延期"
    CANCELLED = "取消"


class OccurrenceStatus(StrEnum):
    """状态 of one planned date (B §2.3)."""

    PLANNED = "计划"
    DONE = "已实施"
    MOVED = "延期"
    CANCELLED = "取消"
    OVERDUE = "逾期"


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanItem:
    """One item of the annual drill plan (B §2.3), recurring from ``first_year``.

    ``month``/``day`` fix the date (``day`` ``None``: month precision, planned for the month's
    last day); ``until_year`` ends a recurrence (``None``: open-ended).
    """

    id: int | None = None
    first_year: int
    until_year: int | None = None
    seq: int = 0
    title: str
    subject_kind: SubjectKind = SubjectKind.TOWNSHIP
    village_id: int | None = None
    unit_id: int | None = None
    organiser: str = ""
    lead: str = ""
    category: DrillCategory = DrillCategory.GENERAL
    scope: DrillScope = DrillScope.SINGLE
    form: DrillForm = DrillForm.LIVE
    plan_version_id: int | None = None
    recurrence: Recurrence = Recurrence.ONCE
    month: int
    day: int | None = None
    location: str = ""
    units: str = ""
    expected_participants: int | None = None
    budget: float | None = None
    notes: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanItemChange:
    """A planned date moved (延期, to ``new_on``) or cancelled, with the reason."""

    id: int | None = None
    item_id: int
    planned_on: date
    action: ChangeAction
    new_on: date | None = None
    reason: str
    changed_on: date
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One planned date of an item in a year, after its moves and cancels."""

    item: PlanItem
    planned_on: date
    on: date
    status: OccurrenceStatus
    reason: str = ""
    drill_id: int | None = None


def _rule(item: PlanItem, year: int) -> rrule:
    day = item.day if item.day is not None else 31
    days = list(range(min(day, 28), day + 1))
    start = datetime(item.first_year, item.month, 1)
    until = datetime(year, 12, 31)
    if item.recurrence is Recurrence.ONCE:
        return rrule(MONTHLY, dtstart=start, count=1, bymonthday=days, bysetpos=-1)
    if item.recurrence is Recurrence.YEARLY:
        return rrule(YEARLY, dtstart=start, until=until, bymonth=item.month, bymonthday=days,
                     bysetpos=-1)  # fmt: skip
    return rrule(MONTHLY, dtstart=start, until=until, interval=6, bymonthday=days, bysetpos=-1)


def item_dates(item: PlanItem, year: int) -> list[date]:
    """The planned dates of ``item`` in ``year`` (before moves), in order."""
    if year < item.first_year or (item.until_year is not None and year > item.until_year):
        return []
    return [d.date() for d in _rule(item, year) if d.year == year]


def check_item(item: PlanItem, year: int | None = None) -> PlanItem:
    """``item`` if it is a valid plan item with a date in ``year`` (default its first year).

    Raises:
        ValidationErrors: Missing title, a month or day out of range, an end before the start,
            a village or unit item without its village or unit.
        ValidationError: The recurrence has no date in the year.
    """
    errors: dict[str, str] = {}
    if not item.title.strip():
        errors["title"] = "请填写演练名称。"
    if not 1 <= item.month <= 12:
        errors["month"] = f"计划月份 {item.month} 不在 1–12 之间。"
    if item.day is not None and not 1 <= item.day <= 31:
        errors["day"] = f"计划日 {item.day} 不在 1–31 之间。"
    if item.until_year is not None and item.until_year < item.first_year:
        errors["until_year"] = "结束年度早于开始年度。"
    if item.subject_kind is SubjectKind.VILLAGE and item.village_id is None:
        errors["village_id"] = "村(社区)的计划项须指明村(社区)。"
    if item.subject_kind is SubjectKind.UNIT and item.unit_id is None:
        errors["unit_id"] = "单位的计划项须指明单位。"
    if item.expected_participants is not None and item.expected_participants < 0:
        errors["expected_participants"] = "预计参演人数不能为负数。"
    if item.budget is not None and item.budget < 0:
        errors["budget"] = "经费预算不能为负数。"
    if errors:
        raise ValidationErrors(errors)
    target = item.first_year if year is None else year
    if not item_dates(item, target):
        raise ValidationError(
            "recurrence",
            f"计划项“{item.title}”在 {target} 年没有任何演练日期，请检查重复方式和起止年度。",
        )
    return item


def check_change(
    planned: list[date], planned_on: date, action: ChangeAction, new_on: date | None, reason: str
) -> None:
    """Refuse a move or cancel that does not fit: an unknown date, no reason, no new date.

    Args:
        planned: The item's planned dates in that year (before changes).
    """
    if planned_on not in planned:
        raise ValidationError("planned_on", f"该计划项在 {planned_on.isoformat()} 没有安排演练。")
    if not reason.strip():
        raise ValidationError("reason", "请写明延期或取消的原因。")
    if action is ChangeAction.MOVED:
        if new_on is None:
            raise ValidationError("new_on", "延期须给出新的日期。")
        if new_on == planned_on:
            raise ValidationError("new_on", "新的日期与原计划日期相同。")
    elif new_on is not None:
        raise ValidationError("new_on", "取消的演练不需要新的日期。")


def occurrences(
    item: PlanItem,
    year: int,
    changes: list[PlanItemChange],
    done: dict[date, int],
    today: date,
) -> list[Occurrence]:
    """The item's dates in ``year`` with their status.

    Args:
        changes: This item's changes, oldest first (the last one for a date wins).
        done: Planned date → id of the drill that carried it out.
        today: For 逾期 (a planned date passed and nothing held).
    """
    last: dict[date, PlanItemChange] = {}
    for change in changes:
        last[change.planned_on] = change
    out: list[Occurrence] = []
    for planned_on in item_dates(item, year):
        found = last.get(planned_on)
        on = found.new_on if found and found.new_on else planned_on
        drill_id = done.get(planned_on)
        if drill_id is not None:
            status = OccurrenceStatus.DONE
        elif found is not None and found.action is ChangeAction.CANCELLED:
            status = OccurrenceStatus.CANCELLED
        elif on < today:
            status = OccurrenceStatus.OVERDUE
        elif found is not None:
            status = OccurrenceStatus.MOVED
        else:
            status = OccurrenceStatus.PLANNED
        reason = found.reason if found else ""
        out.append(Occurrence(item, planned_on, on, status, reason, drill_id))
    return out
