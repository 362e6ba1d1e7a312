"""The editable holiday table (DOMAIN.md A5): days off (休) and 调休 working days (班).

One row per day that differs from ordinary Monday–Friday work, keyed by the ISO date. A year with
at least one row is "known" from the table, which then replaces any built-in data for that year.
Used by :mod:`safetydesk.services.holidays` (editing) and :mod:`safetydesk.services.hazards`
(working-day deadlines).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlite_utils import Database

from safetydesk.domain.schedule import HolidayCalendar, calendar_from
from safetydesk.storage.db import utc_now_text

#: Value of ``kind`` for a day off.
OFF = "休"
#: Value of ``kind`` for a make-up working day (调休上班).
WORK = "班"

#: ``(day, kind, note)`` of one row.
Row = tuple[date, str, str]


def rows(db: Database, *, year: int | None = None) -> list[Row]:
    """``(day, kind, note)`` rows in date order, of one year or of all years.

    Args:
        db: The database.
        year: Only this year's rows; ``None`` for every row.
    """
    sql = "SELECT day, kind, coalesce(note, '') FROM holidays"
    params: list[str] = []
    if year is not None:
        sql += " WHERE day >= ? AND day < ?"
        params = [f"{year:04d}-01-01", f"{year + 1:04d}-01-01"]
    return [(date.fromisoformat(r[0]), r[1], r[2]) for r in db.conn.execute(sql + " ORDER BY day", params)]


def years(db: Database) -> list[int]:
    """The years that have at least one row, ascending."""
    cur = db.conn.execute("SELECT DISTINCT substr(day, 1, 4) FROM holidays ORDER BY 1")
    return [int(r[0]) for r in cur]


def calendar(db: Database) -> HolidayCalendar:
    """The table as a calendar: every year with a row counts as known."""
    off: list[date] = []
    work: list[date] = []
    for day, kind, _note in rows(db):
        (work if kind == WORK else off).append(day)
    return calendar_from(off, work, years(db))


def put(db: Database, day: date, *, kind: str, note: str = "") -> None:
    """Insert or replace the row of ``day`` (call inside the service's transaction).

    Args:
        db: The database.
        day: The day.
        kind: :data:`OFF` or :data:`WORK`.
        note: What the day is for ("春节", "春节调休").
    """
    db.conn.execute(
        "INSERT INTO holidays (day, kind, note, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(day) DO UPDATE SET kind = excluded.kind, note = excluded.note, "
        "updated_at = excluded.updated_at",
        [day.isoformat(), kind, note, utc_now_text()],
    )


def delete(db: Database, day: date) -> bool:
    """Delete the row of ``day``; False when there was none."""
    return db.conn.execute("DELETE FROM holidays WHERE day = ?", [day.isoformat()]).rowcount > 0


def replace_year(db: Database, year: int, *, rows: Iterable[Row]) -> None:
    """Replace every row of ``year`` (call inside the service's transaction).

    Args:
        db: The database.
        year: The year.
        rows: Its new ``(day, kind, note)`` rows.
    """
    new_rows = rows
    db.conn.execute(
        "DELETE FROM holidays WHERE day >= ? AND day < ?",
        [f"{year:04d}-01-01", f"{year + 1:04d}-01-01"],
    )
    for day, kind, note in new_rows:
        put(db, day, kind=kind, note=note)
