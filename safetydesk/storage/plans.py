"""Storage of 一制四案: plans, their versions, and the 应急避难场所 (m011).

Rows map to :mod:`safetydesk.domain.plans` records with the codecs of :mod:`.rows` (dates as ISO
text, enums as their values). Writes run inside the caller's ``db.atomic()`` (the service's).
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from sqlite_utils import Database

from safetydesk.domain.plans import Plan, PlanKind, PlanVersion, Shelter
from safetydesk.errors import NotFoundError
from safetydesk.storage.db import utc_now_text
from safetydesk.storage.rows import field_codecs

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


def _row(record: Plan | PlanVersion | Shelter) -> dict[str, Any]:
    codecs = _CODECS[type(record)]
    return {
        name: codecs[name][1](getattr(record, name)) if name in codecs else getattr(record, name)
        for name in _COLUMNS[type(record)]
    }


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


def versions(db: Database, plan_id: int) -> list[PlanVersion]:
    """Every version of a plan, oldest first."""
    return _select(db, PlanVersion, "plan_versions", "WHERE plan_id = ? ORDER BY id", [plan_id])


def insert_version(db: Database, version: PlanVersion) -> PlanVersion:
    """Store a new version; returns it with its id and timestamps."""
    stamp = utc_now_text()
    row = {k: v for k, v in _row(version).items() if k != "id"}
    row.update(created_at=stamp, updated_at=stamp)
    cols = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    cur = db.conn.execute(
        f"INSERT INTO plan_versions ({cols}) VALUES ({marks})", list(row.values())
    )
    return get_version(db, int(cur.lastrowid or 0))


def get_version(db: Database, version_id: int) -> PlanVersion:
    """One version by id."""
    found = _select(db, PlanVersion, "plan_versions", "WHERE id = ?", [version_id])
    if not found:
        raise NotFoundError(f"找不到预案版本 {version_id}。")
    return found[0]


def update_version(db: Database, version: PlanVersion) -> PlanVersion:
    """Write every field of an existing version back."""
    row = {k: v for k, v in _row(version).items() if k not in ("id", "created_at")}
    row["updated_at"] = utc_now_text()
    sets = ", ".join(f"{k} = ?" for k in row)
    db.conn.execute(f"UPDATE plan_versions SET {sets} WHERE id = ?", [*row.values(), version.id])
    return get_version(db, int(version.id or 0))


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
    found = _select(db, Shelter, "shelters", "WHERE id = ?", [shelter_id])
    if not found:
        raise NotFoundError(f"找不到编号为 {shelter_id} 的避难场所。")
    return found[0]


def insert_shelter(db: Database, shelter: Shelter) -> Shelter:
    """Store a new shelter; returns it with its id and timestamps."""
    stamp = utc_now_text()
    row = {k: v for k, v in _row(shelter).items() if k != "id"}
    row.update(created_at=stamp, updated_at=stamp)
    cols = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    cur = db.conn.execute(f"INSERT INTO shelters ({cols}) VALUES ({marks})", list(row.values()))
    return get_shelter(db, int(cur.lastrowid or 0))


def update_shelter(db: Database, shelter: Shelter) -> Shelter:
    """Write every field of an existing shelter back."""
    row = {k: v for k, v in _row(shelter).items() if k not in ("id", "created_at")}
    row["updated_at"] = utc_now_text()
    sets = ", ".join(f"{k} = ?" for k in row)
    db.conn.execute(f"UPDATE shelters SET {sets} WHERE id = ?", [*row.values(), shelter.id])
    return get_shelter(db, int(shelter.id or 0))
