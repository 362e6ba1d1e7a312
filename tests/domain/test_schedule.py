"""Deadlines: calendar and working days across 国庆/春节 with 调休, text forms, missing years."""

from __future__ import annotations

from datetime import date

import chinese_calendar
import pytest

from safetydesk.domain.schedule import (
    DeadlineKind,
    HolidayCalendar,
    add_working_days,
    calendar_from,
    deadline,
    format_cn,
    parse_deadline_text,
)

KNOWN = calendar_from(chinese_calendar.holidays, chinese_calendar.workdays, range(2004, 2027))


def test_calendar_days_count_from_found_date() -> None:
    assert deadline(date(2025, 3, 5), DeadlineKind.CALENDAR_DAYS, days=7).due_on == date(
        2025, 3, 12
    )
    assert deadline(date(2025, 3, 5), DeadlineKind.IMMEDIATE).due_on == date(2025, 3, 5)


def test_working_days_across_national_day_2025() -> None:
    # 2025: 10/1–10/8 off; Sunday 9/28 and Saturday 10/11 are make-up working days.
    d = deadline(date(2025, 9, 26), DeadlineKind.WORKING_DAYS, days=3, calendar=KNOWN)
    # 9/28 (调休 Sunday) = 1, 9/29 = 2, 9/30 = 3
    assert d.due_on == date(2025, 9, 30) and d.warning == ""
    d = deadline(date(2025, 9, 30), DeadlineKind.WORKING_DAYS, days=2, calendar=KNOWN)
    # holidays until 10/8; 10/9 = 1, 10/10 = 2
    assert d.due_on == date(2025, 10, 10)
    d = deadline(date(2025, 9, 30), DeadlineKind.WORKING_DAYS, days=3, calendar=KNOWN)
    assert d.due_on == date(2025, 10, 11)  # Saturday, a make-up working day


def test_working_days_across_spring_festival_2026() -> None:
    cal = KNOWN
    start = date(2026, 2, 13)  # Friday before 春节
    due = deadline(start, DeadlineKind.WORKING_DAYS, days=5, calendar=cal).due_on
    # Reference: count the working days with the package itself.
    n, day = 0, start
    while n < 5:
        day = date.fromordinal(day.toordinal() + 1)
        n += chinese_calendar.is_workday(day)
    assert due == day
    assert due > date(2026, 2, 20)


def test_missing_year_counts_weekdays_with_warning() -> None:
    d = add_working_days(date(2027, 1, 1), 5, KNOWN)  # Friday; 2027 unknown
    assert d.due_on == date(2027, 1, 8)
    assert "2027" in d.warning and "节假日" in d.warning


def test_user_table_overrides_a_year() -> None:
    user = calendar_from([date(2027, 1, 4)], [date(2027, 1, 9)], [2027])
    cal = KNOWN.merged(user)
    d = add_working_days(date(2027, 1, 1), 5, cal)
    # 1/4 off, Saturday 1/9 worked: 1/5, 1/6, 1/7, 1/8, 1/9
    assert d.due_on == date(2027, 1, 9) and d.warning == ""


def test_date_before_found_date_refused() -> None:
    with pytest.raises(ValueError, match="早于发现日期"):
        deadline(date(2025, 3, 5), DeadlineKind.DATE, on=date(2025, 3, 4))
    assert deadline(date(2025, 3, 5), DeadlineKind.DATE, on=date(2025, 3, 5)).due_on == date(
        2025, 3, 5
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7日内", (DeadlineKind.CALENDAR_DAYS, 7)),
        ("15天", (DeadlineKind.CALENDAR_DAYS, 15)),
        ("10个工作日内", (DeadlineKind.WORKING_DAYS, 10)),
        ("限3日内", (DeadlineKind.CALENDAR_DAYS, 3)),
        ("立即", (DeadlineKind.IMMEDIATE, 0)),
        ("当场整改", (DeadlineKind.IMMEDIATE, 0)),
        ("尽快", None),
        ("2025.3.5", None),
    ],
)
def test_parse_deadline_text(text: str, expected: object) -> None:
    assert parse_deadline_text(text) == expected


def test_format_cn() -> None:
    assert format_cn(date(2025, 3, 5)) == "2025年3月5日"


def test_empty_calendar_is_weekdays() -> None:
    assert HolidayCalendar().is_workday(date(2025, 10, 1))  # Wednesday, no data
    assert not HolidayCalendar().is_workday(date(2025, 10, 4))  # Saturday
