"""Storage of 一制四案: plans, their versions, and the 应急避难场所 (m011).

Rows map to :mod:`safetydesk.domain.plans` records with the codecs of :mod:`.rows` (dates as ISO
text, enums as their values). Writes run inside the caller's ``db.atomic()`` (the service's).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any, TypeVar

from sqlite_utils import Database

from safetydesk.domain.plans import Plan, PlanKind, PlanStatus, PlanVersion, Shelter
from safetydesk.storage.db import utc_now_text
from safetydesk.storage.rows import RecordStore, field_codecs

R = TypeVar("R", Plan, PlanVersion, Shelter)

_CODECS = {cls: field_codecs(cls) for cls in (Plan, PlanVersion, Shelter)}
_COLUMNS = {cls: [f.name for f in dataclasses.fields(cls)] for cls in (Plan, PlanVersion, Shelter)}


def _record(cls: type[R], row: tuple[Any, ...]) -> R:
    codecs = _CODECS[cls]
    values = {
        name: codecs[name][0](value) if name in codecs else value
        for name, value in zip(_COLUMNS[cls], row, strict=True)
    }
    return cls(**values)


def _select(db: Database, cls: type[R], table: str, where: str, params: list[Any]) -> list[R]:
    sql = f"SELECT {', '.join(_COLUMNS[cls])} FROM {table} {where}"
    return [_record(cls, tuple(r)) for r in db.conn.execute(sql, params)]


# -- plans ---------------------------------------------------------------------------------------
def plans(db: Database) -> list[Plan]:
    """Every plan (village's and township's), by id."""
    return _select(db, Plan, "plans", "ORDER BY id", [])


def find_plan(db: Database, village_id: int | None, kind: PlanKind) -> Plan | None:
    """The plan of ``kind`` of a village (``None``: the township's), if it exists."""
    found = _select(
        db, Plan, "plans", "WHERE coalesce(village_id, 0) = ? AND kind = ?",
        [village_id or 0, kind.value],
    )  # fmt: skip
    return found[0] if found else None


def ensure_plan(db: Database, village_id: int | None, kind: PlanKind) -> Plan:
    """The plan of ``kind`` of a village (or the township), created if it is new."""
    found = find_plan(db, village_id, kind)
    if found is not None:
        return found
    cur = db.conn.execute(
        "INSERT INTO plans (village_id, kind, created_at) VALUES (?, ?, ?)",
        [village_id, kind.value, utc_now_text()],
    )
    return Plan(id=cur.lastrowid, village_id=village_id, kind=kind)


# -- versions ------------------------------------------------------------------------------------
def latest_versions(db: Database) -> dict[int, PlanVersion]:
    """The newest version of every plan that has one, by plan id."""
    where = "WHERE id IN (SELECT max(id) FROM plan_versions GROUP BY plan_id)"
    return {v.plan_id: v for v in _select(db, PlanVersion, "plan_versions", where, [])}


#: One matrix cell as read: (village id, kind, status, version, 生效 date, next revision date,
#: reason) of the newest version of an item.
ItemRow = tuple[int | None, PlanKind, PlanStatus, str, date | None, date | None, str]


def matrix_items(db: Database) -> list[ItemRow]:
    """The newest version of every item, as the matrix shows it (one query, no full records)."""
    kinds = {k.value: k for k in PlanKind}
    states = {s.value: s for s in PlanStatus}
    sql = (
        "SELECT p.village_id, p.kind, v.status, v.version, v.effective_on, v.next_revision_on, "
        "v.revision_reason FROM plan_versions v JOIN plans p ON p.id = v.plan_id "
        "WHERE v.id IN (SELECT max(id) FROM plan_versions GROUP BY plan_id)"
    )
    # Most items share a few dates (the same 汛期 deadline): decode each text once.
    days: dict[str, date] = {}

    def day(text: str | None) -> date | None:
        if not text:
            return None
        found = days.get(text)
        if found is None:
            found = days[text] = date.fromisoformat(text)
        return found

    return [
        (vid, kinds[kind], states[status], version or "", day(eff), day(due), reason or "")
        for vid, kind, status, version, eff, due, reason in db.conn.execute(sql)
    ]


def active_village_names(db: Database) -> list[tuple[int, str]]:
    """(id, name) of the active villages in the register's order."""
    sql = (
        "SELECT id, name FROM villages WHERE archived_at IS NULL "
        "ORDER BY sort_order, region_code, name, id"
    )
    return [(r[0], r[1]) for r in db.conn.execute(sql)]


def versions(db: Database, plan_id: int) -> list[PlanVersion]:
    """Every version of a plan, oldest first."""
    return _select(db, PlanVersion, "plan_versions", "WHERE plan_id = ? ORDER BY id", [plan_id])


class VersionStore(RecordStore[PlanVersion]):
    """Plan versions: the shared record store (insert, get, update with timestamps)."""

    table = "plan_versions"
    record = PlanVersion
    order_keys = {"default": "id"}
    noun = "预案版本"


class ShelterStore(RecordStore[Shelter]):
    """应急避难场所: the shared record store (insert, get, update with timestamps)."""

    table = "shelters"
    record = Shelter
    order_keys = {"default": "id"}
    noun = "避难场所"


def insert_version(db: Database, version: PlanVersion) -> PlanVersion:
    """Store a new version; returns it with its id and timestamps."""
    return VersionStore(db).insert(version)


def update_version(db: Database, version: PlanVersion) -> PlanVersion:
    """Write every field of an existing version back (its creation time kept)."""
    return VersionStore(db).update(version)


# -- shelters ------------------------------------------------------------------------------------
def shelters(
    db: Database, village_id: int | None = None, *, township: bool = False
) -> list[Shelter]:
    """Shelters by id: all, those of one village, or (``township``) the township's own."""
    if township:
        return _select(db, Shelter, "shelters", "WHERE village_id IS NULL ORDER BY id", [])
    if village_id is not None:
        return _select(db, Shelter, "shelters", "WHERE village_id = ? ORDER BY id", [village_id])
    return _select(db, Shelter, "shelters", "ORDER BY id", [])


def shelter_counts(db: Database) -> dict[int | None, int]:
    """Number of shelters per village id (``None``: the township's own)."""
    cur = db.conn.execute("SELECT village_id, count(*) FROM shelters GROUP BY village_id")
    return {r[0]: int(r[1]) for r in cur}


def get_shelter(db: Database, shelter_id: int) -> Shelter:
    """One shelter by id."""
    return ShelterStore(db).get(shelter_id)


def insert_shelter(db: Database, shelter: Shelter) -> Shelter:
    """Store a new shelter; returns it with its id and timestamps."""
    return ShelterStore(db).insert(shelter)


def update_shelter(db: Database, shelter: Shelter) -> Shelter:
    """Write every field of an existing shelter back (its creation time kept)."""
    return ShelterStore(db).update(shelter)


def delete_shelter(db: Database, shelter_id: int) -> None:
    """Remove one shelter (it must exist; the caller checks nothing points at it)."""
    ShelterStore(db).get(shelter_id)
    db.conn.execute("DELETE FROM shelters WHERE id = ?", [shelter_id])


def last_drills(db: Database) -> dict[int | None, date]:
    """The day of the newest drill each village held (``None``: the township's own drills)."""
    sql = (
        "SELECT CASE WHEN organiser_kind = '镇' THEN NULL ELSE village_id END AS v, max(held_on) "
        "FROM drills WHERE organiser_kind IN ('镇', '村(社区)') GROUP BY v"
    )
    return {r[0]: date.fromisoformat(r[1]) for r in db.conn.execute(sql) if r[1]}
