"""节假日安排: the editable holiday table behind working-day deadlines (DOMAIN.md A5).

The ``chinese-calendar`` package knows the State Council's 放假安排 up to its last year only; for
later years the officer types or pastes the new arrangement here. A year with rows in the table
is "known" from the table, which replaces the package's data for that year (so a correction wins).
Editing one day of a year the package knows first copies the package's days of that year into the
table, so the rest of the year is kept. Years known to neither count Monday–Friday as working days
and deadlines carry a warning (:func:`safetydesk.domain.schedule.add_working_days`).

Pasted text has one line per day or range, e.g.::

    2027-01-01 休 元旦
    2027-02-06~2027-02-12 休 春节
    2027-02-14 班 春节调休

An import is all-or-nothing: any bad line refuses the whole text with line-numbered messages.
Every change drops the hazard service's cached calendar, so the next deadline uses the new data.
"""

from __future__ import annotations

import builtins
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from safetydesk.domain.schedule import HolidayCalendar
from safetydesk.errors import ImportRefused, NotFoundError, ValidationError
from safetydesk.services.changes import Changes, Saved, Topic
from safetydesk.services.hazards import HazardService, package_calendar
from safetydesk.services.imports.sheets import Problem
from safetydesk.storage import holidays as store

if TYPE_CHECKING:
    from sqlite_utils import Database

#: Weekday names, Monday first.
WEEKDAYS: tuple[str, ...] = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
#: Chinese names of the chinese-calendar package's holidays.
PACKAGE_NAMES: dict[str, str] = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}
#: Longest note accepted (characters).
MAX_NOTE = 40
#: Longest range accepted on one line (days); longer ones are typing mistakes.
MAX_SPAN = 31
#: How a line should look, quoted in error messages.
LINE_HELP = "每行写成“日期 休/班 说明”，例如“2027-02-06~2027-02-12 休 春节”或“2027-02-14 班 春节调休”。"

_DATE = r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*[日号]?"
_MONTH_DAY = r"\d{1,2}\s*[-/.月]\s*\d{1,2}\s*[日号]?"
_KIND_WORDS = "调休上班|休息|放假|上班|补班|休|班"
_LINE = re.compile(
    rf"^(?P<start>{_DATE})"
    rf"(?:(?:\s*(?:~|至|到|—+|–|--)\s*|\s+-\s+)(?P<end>{_DATE}|{_MONTH_DAY}))?"
    rf"[\s,，]*(?P<kind>{_KIND_WORDS})?[\s,，]*(?P<note>.*)$"
)
_NUMBERS = re.compile(r"\d+")
_KINDS: dict[str, str] = {
    "休": store.OFF, "休息": store.OFF, "放假": store.OFF,
    "班": store.WORK, "上班": store.WORK, "补班": store.WORK, "调休上班": store.WORK,
}  # fmt: skip


class DayKind(StrEnum):
    """What a listed day is."""

    OFF = store.OFF
    WORK = store.WORK


class YearSource(StrEnum):
    """Where a year's arrangement comes from."""

    TABLE = "本机录入"
    BUILTIN = "内置数据"
    MISSING = "无数据"


@dataclass(frozen=True, slots=True, kw_only=True)
class HolidayDay:
    """One day of the arrangement.

    Attributes:
        day: The date.
        kind: 休 (day off) or 班 (调休 working day on a weekend).
        note: What it is for ("春节", "春节调休").
        builtin: True when it comes from the package data, not the office's table.
    """

    day: date
    kind: DayKind
    note: str = ""
    builtin: bool = False

    @property
    def weekday(self) -> str:
        """星期一 … 星期日."""
        return WEEKDAYS[self.day.weekday()]


def _kind(text: str) -> DayKind | None:
    value = _KINDS.get(text.strip())
    return None if value is None else DayKind(value)


def _parse_date(text: str, year: int | None = None) -> date:
    """A date from ``2027-02-06``, ``2027/2/6``, ``2027年2月6日`` (or ``2-12`` with ``year``)."""
    numbers = [int(n) for n in _NUMBERS.findall(text)]
    if len(numbers) == 2 and year is not None:
        numbers = [year, *numbers]
    return date(*numbers)


def _weekday_work_message(day: date) -> str:
    return (
        f"{day.isoformat()} 是{WEEKDAYS[day.weekday()]}，本来就是工作日；"
        "“班”只用于调休上班的星期六、星期日，请核对日期。"
    )


def _lines(source: str | Iterable[Any]) -> list[str]:
    if isinstance(source, str):
        return source.splitlines()
    out: list[str] = []
    for item in source:
        if isinstance(item, str):
            out.append(item)
        else:  # a row: (day, kind[, note])
            out.append(" ".join(d.isoformat() if isinstance(d, date) else str(d) for d in item))
    return out


def parse_arrangement(source: str | Iterable[Any], year: int | None = None) -> list[HolidayDay]:
    """Read a typed 放假安排 (text, lines, or ``(day, kind, note)`` rows) into days.

    Blank lines and lines starting with ``#`` are skipped. Every day must fall in one year:
    ``year`` when given, else the year of the first day.

    Args:
        source: The pasted text, its lines, or rows.
        year: The year being imported, if known.

    Returns:
        The days in date order.

    Raises:
        ImportRefused: Any line cannot be used (line-numbered problems); nothing is returned.
    """
    problems: list[Problem] = []
    seen: dict[date, tuple[DayKind, int]] = {}
    days: dict[date, HolidayDay] = {}
    for number, raw in enumerate(_lines(source), start=1):
        line = unicodedata.normalize("NFKC", raw).strip()
        if not line or line.startswith("#"):
            continue

        def bad(message: str, n: int = number) -> None:
            problems.append(Problem(n, "", message))

        m = _LINE.match(line)
        if m is None:
            bad(f"看不懂「{raw.strip()}」。{LINE_HELP}")
            continue
        try:
            start = _parse_date(m["start"])
        except (TypeError, ValueError):
            bad(f"日期「{m['start'].strip()}」不存在，请核对年、月、日。")
            continue
        end = start
        if m["end"]:
            try:
                end = _parse_date(m["end"], start.year)
            except (TypeError, ValueError):
                bad(f"结束日期「{m['end'].strip()}」不存在，请核对年、月、日。")
                continue
        kind = _kind(m["kind"] or "")
        if kind is None:
            rest = (m["note"] or "").strip()
            shown = f"「{rest}」前缺少" if rest else "缺少"
            bad(f"{shown}“休”（放假）或“班”（调休上班）。{LINE_HELP}")
            continue
        note = (m["note"] or "").strip()
        if len(note) > MAX_NOTE:
            bad(f"说明太长（{len(note)} 个字），请不超过 {MAX_NOTE} 个字。")
            continue
        if end < start:
            bad(f"结束日期 {end.isoformat()} 早于开始日期 {start.isoformat()}，请核对。")
            continue
        if (end - start).days >= MAX_SPAN:
            bad(f"{start.isoformat()} 到 {end.isoformat()} 超过 {MAX_SPAN} 天，请核对年份和月份。")
            continue
        if year is None:
            year = start.year
        if start.year != year or end.year != year:
            other = start if start.year != year else end
            bad(
                f"{other.isoformat()} 不属于 {year} 年。一次只导入一年的安排，"
                "跨年的日子请放在所属年份中另行导入。"
            )
            continue
        day = start
        while day <= end:
            if kind is DayKind.WORK and day.weekday() < 5:
                bad(_weekday_work_message(day))
                break
            earlier = seen.get(day)
            if earlier is not None and earlier[0] is not kind:
                bad(
                    f"{day.isoformat()} 在第 {earlier[1]} 行写为“{earlier[0]}”，"
                    f"这里又写为“{kind}”，请删去其中一行。"
                )
                break
            seen.setdefault(day, (kind, number))
            if day not in days or note:
                days[day] = HolidayDay(day=day, kind=kind, note=note)
            day += timedelta(days=1)
    if not problems and not days:
        problems.append(Problem(0, "", f"没有可导入的日期。{LINE_HELP}"))
    if problems:
        raise ImportRefused(
            problems, f"节假日安排未导入：发现 {len(problems)} 处问题，未写入任何数据。"
        )
    return [days[d] for d in sorted(days)]


class HolidayService:
    """List and edit the holiday table; build the working-day calendar.

    Args:
        db: The database.
        hazards: The hazard service whose cached calendar is dropped after each change.
    """

    def __init__(self, db: Database, hazards: HazardService | None = None) -> None:
        self.db = db
        self._hazards = hazards

    # -- reads -----------------------------------------------------------------------------------
    def calendar(self) -> HolidayCalendar:
        """The package data merged with the table (the table wins for the years it has)."""
        return package_calendar().merged(store.calendar(self.db))

    def table_years(self) -> builtins.list[int]:
        """Years the office entered (or corrected) in the table."""
        return store.years(self.db)

    def builtin_years(self) -> builtins.list[int]:
        """Years the chinese-calendar package knows."""
        return sorted(package_calendar().years)

    def source(self, year: int) -> YearSource:
        """Where ``year``'s arrangement comes from."""
        if year in self.table_years():
            return YearSource.TABLE
        return YearSource.BUILTIN if year in package_calendar().years else YearSource.MISSING

    def list(self, year: int) -> builtins.list[HolidayDay]:
        """The days in force for ``year``: the table's rows, else the package's (``builtin``)."""
        table = store.rows(self.db, year=year)
        if table:
            return [HolidayDay(day=d, kind=DayKind(k), note=n)
                    for d, k, n in table]  # fmt: skip
        return _package_days(year)

    def known_years_text(self) -> str:
        """One sentence: which years are known, and what happens to the others."""
        builtin = self.builtin_years()
        table = self.table_years()
        parts: builtins.list[str] = []
        if builtin:
            parts.append(f"{builtin[0]}—{builtin[-1]} 年（内置数据）")
        added = [y for y in table if y not in builtin]
        changed = [y for y in table if y in builtin]
        if added:
            parts.append(f"{_years(added)} 年（本机录入）")
        if changed:
            parts.append(f"{_years(changed)} 年（本机修改）")
        known = "、".join(parts) if parts else "无"
        return (
            f"已有节假日安排的年份：{known}。其他年份按周一至周五计算工作日，"
            "按工作日计算的整改期限会提示缺少该年的节假日安排。"
        )

    # -- writes ----------------------------------------------------------------------------------
    def set_day(self, day: date | str, kind: DayKind | str, note: str = "") -> Saved[HolidayDay]:
        """Add or change one day.

        Raises:
            ValidationError: A bad date, kind or note, or 班 on a weekday.
        """
        the_day = _check_day(day)
        the_kind = kind if isinstance(kind, DayKind) else _kind(str(kind))
        if the_kind is None:
            raise ValidationError("kind", f"「{kind}」不是“休”或“班”：放假写“休”，调休上班写“班”。")
        if the_kind is DayKind.WORK and the_day.weekday() < 5:
            raise ValidationError("kind", _weekday_work_message(the_day))
        note = note.strip()
        if len(note) > MAX_NOTE:
            raise ValidationError("note", f"说明太长（{len(note)} 个字），请不超过 {MAX_NOTE} 个字。")
        with self.db.atomic():
            self._seed(the_day.year)
            store.put(self.db, the_day, kind=the_kind.value, note=note)
        self._changed()
        return Saved(HolidayDay(day=the_day, kind=the_kind, note=note), _CHANGES)

    def delete_day(self, day: date | str) -> Changes:
        """Remove one day (it becomes an ordinary day of its weekday).

        Raises:
            ValidationError: A bad date.
            NotFoundError: The day is not in the year's arrangement.
        """
        the_day = _check_day(day)
        with self.db.atomic():
            self._seed(the_day.year)
            if not store.delete(self.db, the_day):
                raise NotFoundError(f"{the_day.isoformat()} 不在 {the_day.year} 年的节假日安排中。")
        self._changed()
        return _CHANGES

    def import_year(
        self, year: int | None, source: str | Iterable[Any]
    ) -> Saved[builtins.list[HolidayDay]]:
        """Replace a year's arrangement by the pasted text (or rows); all-or-nothing.

        Args:
            year: The year being imported; ``None`` takes it from the first date.
            source: Text, lines, or ``(day, kind, note)`` rows (see :func:`parse_arrangement`).

        Raises:
            ImportRefused: Any bad line (line-numbered problems); nothing is written.
        """
        days = parse_arrangement(source, year)
        the_year = days[0].day.year
        with self.db.atomic():
            store.replace_year(self.db, the_year, rows=[(d.day, d.kind.value, d.note) for d in days])
        self._changed()
        return Saved(days, _CHANGES)

    # -- helpers ---------------------------------------------------------------------------------
    def _seed(self, year: int) -> None:
        """Copy the package's days of ``year`` into an empty table year, so edits amend them."""
        if store.rows(self.db, year=year):
            return
        for d in _package_days(year):
            store.put(self.db, d.day, kind=d.kind.value, note=d.note)

    def _changed(self) -> None:
        if self._hazards is not None:
            self._hazards.__dict__.pop("calendar", None)


#: What every holiday change reports (the table is part of the settings).
_CHANGES = Changes.of(Topic.HOLIDAYS)


def _check_day(day: date | str) -> date:
    if isinstance(day, date):
        return day
    try:
        return _parse_date(unicodedata.normalize("NFKC", day))
    except (TypeError, ValueError):
        raise ValidationError("day", f"日期「{day}」无效，应写成 YYYY-MM-DD，例如 2027-02-14。") from None


def _years(values: Sequence[int]) -> str:
    return "、".join(str(y) for y in values)


def _package_days(year: int) -> list[HolidayDay]:
    import chinese_calendar

    out = [
        HolidayDay(day=d, kind=kind, note=PACKAGE_NAMES.get(name, name) + suffix, builtin=True)
        for data, kind, suffix in (
            (chinese_calendar.holidays, DayKind.OFF, ""),
            (chinese_calendar.workdays, DayKind.WORK, "调休"),
        )
        for d, name in data.items()
        if d.year == year
    ]
    return sorted(out, key=lambda h: h.day)
