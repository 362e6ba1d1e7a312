"""Dates of deadlines: calendar days, Chinese working days (holidays and 调休 make-up days).

Pure Python: the holiday data comes in as a :class:`HolidayCalendar` built by the services (from
the ``chinese-calendar`` package for the years it knows, and from the office's editable holiday
table for later years, DOMAIN.md A5). A year with no data counts Monday–Friday as working days and
the result carries a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum


class DeadlineKind(StrEnum):
    """How a deadline was given."""

    DATE = "日期"
    CALENDAR_DAYS = "自然日"
    WORKING_DAYS = "工作日"
    IMMEDIATE = "立即"


@dataclass(frozen=True, slots=True)
class HolidayCalendar:
    """Public holidays and make-up working days (调休) of the years it knows.

    Attributes:
        holidays: Days off by the State Council's 放假安排 (weekdays among them matter).
        workdays: Weekend days that are working days (调休上班).
        years: The years whose arrangement is known.
    """

    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)
    years: frozenset[int] = field(default_factory=frozenset)

    def is_workday(self, day: date) -> bool:
        """True when ``day`` is a working day (weekends off unless 调休, holidays off)."""
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def knows(self, year: int) -> bool:
        """True when the holiday arrangement of ``year`` is known."""
        return year in self.years

    def merged(self, other: HolidayCalendar) -> HolidayCalendar:
        """This calendar with ``other``'s years replacing its own for the years ``other`` knows."""

        def keep(days: frozenset[date]) -> set[date]:
            return {d for d in days if d.year not in other.years}

        return HolidayCalendar(
            holidays=frozenset(keep(self.holidays) | other.holidays),
            workdays=frozenset(keep(self.workdays) | other.workdays),
            years=self.years | other.years,
        )


@dataclass(frozen=True, slots=True)
class Deadline:
    """A computed deadline and, when the holiday data was missing, a warning to show."""

    due_on: date
    warning: str = ""


def add_working_days(start: date, days: int, calendar: HolidayCalendar) -> Deadline:
    """The ``days``-th working day after ``start`` (``start`` itself is day 0).

    Args:
        start: The found date.
        days: Number of working days, ≥ 0 (0 gives ``start``).
        calendar: Holidays and make-up days.
    """
    if days < 0:
        raise ValueError("days must be >= 0")
    day = start
    missing: set[int] = set()
    left = days
    while left:
        day += timedelta(days=1)
        if not calendar.knows(day.year):
            missing.add(day.year)
        if calendar.is_workday(day):
            left -= 1
    warning = ""
    if missing:
        years = "、".join(str(y) for y in sorted(missing))
        warning = (
            f"缺少 {years} 年的法定节假日安排，按周一至周五计算工作日，期限可能不准。"
            "请在“设置 → 节假日安排”中录入该年放假安排。"
        )
    return Deadline(day, warning)


def deadline(
    found_on: date,
    kind: DeadlineKind,
    *,
    days: int = 0,
    on: date | None = None,
    calendar: HolidayCalendar | None = None,
) -> Deadline:
    """The deadline of a hazard (DOMAIN.md A5).

    Args:
        found_on: Day the hazard was found (day 0 of "N日内").
        kind: How the deadline is given.
        days: N for calendar or working days.
        on: The date, for ``DeadlineKind.DATE``.
        calendar: Holiday data, for working days.

    Raises:
        ValueError: Missing or negative input, or a date before ``found_on``.
    """
    if kind is DeadlineKind.IMMEDIATE:
        return Deadline(found_on)
    if kind is DeadlineKind.DATE:
        if on is None:
            raise ValueError("整改期限：请填写日期。")
        if on < found_on:
            raise ValueError(
                f"整改期限 {format_cn(on)} 早于发现日期 {format_cn(found_on)}，请改为发现日期当天或之后。"
            )
        return Deadline(on)
    if days < 0:
        raise ValueError("整改期限的天数不能是负数。")
    if kind is DeadlineKind.CALENDAR_DAYS:
        return Deadline(found_on + timedelta(days=days))
    return add_working_days(found_on, days, calendar or HolidayCalendar())


_DAYS_RE = re.compile(r"^(?:限)?(\d{1,3})\s*(?:个)?\s*(工作日|日|天)(?:内|之内|以内)?$")
_IMMEDIATE = ("立即", "立即整改", "当场", "当场整改", "立查立改", "马上", "即时")


def parse_deadline_text(text: str) -> tuple[DeadlineKind, int] | None:
    """Read deadlines written as text in ledgers: "7日内", "15个工作日内", "立即", "当场"…

    Returns:
        ``(kind, days)``, or None when the text is not one of these forms.
    """
    t = re.sub(r"\s+", "", text)
    if t in _IMMEDIATE:
        return DeadlineKind.IMMEDIATE, 0
    m = _DAYS_RE.match(t)
    if m is None:
        return None
    kind = DeadlineKind.WORKING_DAYS if m.group(2) == "工作日" else DeadlineKind.CALENDAR_DAYS
    return kind, int(m.group(1))


def format_cn(day: date) -> str:
    """A date as printed on forms: 2025年3月5日 (no zero padding)."""
    return f"{day.year}年{day.month}月{day.day}日"


def calendar_from(
    holidays: Iterable[date], workdays: Iterable[date], years: Iterable[int]
) -> HolidayCalendar:
    """Build a calendar from plain iterables (storage rows, package data)."""
    return HolidayCalendar(frozenset(holidays), frozenset(workdays), frozenset(years))
