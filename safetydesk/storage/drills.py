"""Storage of 应急演练 (m013): obligation rules, plan items and their changes, drill records.

Rows map to :mod:`safetydesk.domain.drills`, :mod:`~safetydesk.domain.drill_plans` and
:mod:`~safetydesk.domain.drill_rules` records through :class:`~.rows.RecordStore`. Writes run
inside the caller's ``db.atomic()`` (the service's).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlite_utils import Database

from safetydesk.domain.common import UnitType
from safetydesk.domain.drill_plans import PlanItem, PlanItemChange
from safetydesk.domain.drill_rules import DrillMark, DrillRule
from safetydesk.domain.drills import Drill, DrillCategory, DrillForm, SubjectKind
from safetydesk.storage.rows import RecordStore


class RuleStore(RecordStore[DrillRule]):
    """演练规则: the obligations table."""

    table = "drill_rules"
    record = DrillRule
    order_keys = {"default": "id"}
    noun = "演练规则"


class PlanItemStore(RecordStore[PlanItem]):
    """Items of the annual drill plan."""

    table = "drill_plan_items"
    record = PlanItem
    order_keys = {"default": "seq, id"}
    noun = "演练计划项"


class ChangeStore(RecordStore[PlanItemChange]):
    """Moves and cancels of planned dates (kept as history)."""

    table = "drill_plan_changes"
    record = PlanItemChange
    order_keys = {"default": "id"}
    noun = "计划变更"


class DrillStore(RecordStore[Drill]):
    """Drill records."""

    table = "drills"
    record = Drill
    order_keys = {"default": "held_on, id"}
    noun = "演练记录"


def _all(store: RecordStore[Any], where: str = "", params: list[Any] | None = None) -> list[Any]:
    order = store.order_keys["default"]
    cols = ", ".join(store._columns)
    sql = f"SELECT {cols} FROM {store.table} {where} ORDER BY {order}"
    return [store.from_row(r) for r in store.db.conn.execute(sql, params or [])]


def rules(db: Database) -> list[DrillRule]:
    """Every rule (active or not), by id."""
    return _all(RuleStore(db))


def rule_count(db: Database) -> int:
    """How many rules are stored (0: the defaults were never seeded)."""
    return int(db.conn.execute("SELECT count(*) FROM drill_rules").fetchone()[0])


def plan_items(db: Database, year: int | None = None) -> list[PlanItem]:
    """Plan items (those whose span covers ``year`` when given), by 序号."""
    if year is None:
        return _all(PlanItemStore(db))
    where = "WHERE first_year <= ? AND (until_year IS NULL OR until_year >= ?)"
    return _all(PlanItemStore(db), where, [year, year])


def changes(db: Database, item_ids: list[int]) -> dict[int, list[PlanItemChange]]:
    """The changes of these items, oldest first, by item id."""
    out: dict[int, list[PlanItemChange]] = {i: [] for i in item_ids}
    if not item_ids:
        return out
    marks = ",".join("?" * len(item_ids))
    for change in _all(ChangeStore(db), f"WHERE item_id IN ({marks})", list(item_ids)):
        out[change.item_id].append(change)
    return out


def drills_between(db: Database, first: date, last: date) -> list[Drill]:
    """Drills held from ``first`` to ``last`` (inclusive), by date."""
    where = "WHERE held_on BETWEEN ? AND ?"
    return _all(DrillStore(db), where, [first.isoformat(), last.isoformat()])


def drill_marks(db: Database, first: date, last: date) -> list[DrillMark]:
    """What compliance reads of the drills held from ``first`` to ``last`` (inclusive), by date.

    A narrow read: only the columns a :class:`DrillMark` holds (a county's three years of
    drills are tens of thousands of rows; whole records would cost many times the query).
    """
    kinds = {k.value: k for k in SubjectKind}
    categories = {c.value: c for c in DrillCategory}
    forms = {f.value: f for f in DrillForm}
    dates: dict[str, date] = {}  # a few hundred distinct days: each parsed once
    sql = (
        "SELECT id, organiser_kind, village_id, unit_id, held_on, category, form FROM drills "
        "WHERE held_on BETWEEN ? AND ? ORDER BY held_on, id"
    )
    out: list[DrillMark] = []
    mark = DrillMark.of_columns
    for drill_id, kind, village_id, unit_id, held_on, category, form in db.conn.execute(
        sql, [first.isoformat(), last.isoformat()]
    ):
        on = dates.get(held_on)
        if on is None:
            on = dates[held_on] = date.fromisoformat(held_on)
        out.append(mark(drill_id, kinds.get(kind) or SubjectKind(kind), village_id, unit_id, on,
                        categories.get(category) or DrillCategory(category),
                        forms.get(form) or DrillForm(form)))  # fmt: skip
    return out


def subject_units(db: Database, unit_types: Iterable[UnitType]) -> list[tuple[int, str, UnitType]]:
    """(id, name, type) of the active units of ``unit_types``, by type, name and id.

    The units that owe drills, read narrowly (compliance needs no more of a unit).
    """
    types = sorted({t.value for t in unit_types})
    if not types:
        return []
    marks = ",".join("?" * len(types))
    sql = (
        f"SELECT id, name, type FROM units WHERE archived_at IS NULL AND type IN ({marks}) "
        "ORDER BY type, name, id"
    )
    by_value = {t.value: t for t in UnitType}
    return [(i, name or "", by_value[t]) for i, name, t in db.conn.execute(sql, types)]


def drills_of_items(db: Database, item_ids: list[int]) -> list[Drill]:
    """Drills that carried out these plan items."""
    if not item_ids:
        return []
    marks = ",".join("?" * len(item_ids))
    return _all(DrillStore(db), f"WHERE plan_item_id IN ({marks})", list(item_ids))


def next_record_no(db: Database, year: int) -> str:
    """The next 记录编号 of ``year`` (``YL2026-3``: one serial per year)."""
    prefix = f"YL{year}-"
    cur = db.conn.execute("SELECT record_no FROM drills WHERE record_no LIKE ?", [prefix + "%"])
    serials = [int(r[0][len(prefix) :]) for r in cur if r[0][len(prefix) :].isdigit()]
    return f"{prefix}{max(serials, default=0) + 1}"
