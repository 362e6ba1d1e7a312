"""The 应急演练 tables round-trip through a real SQLite file (m013)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from safetydesk.domain.common import UnitType
from safetydesk.domain.drill_plans import ChangeAction, PlanItem, PlanItemChange, Recurrence
from safetydesk.domain.drill_rules import DrillRule, Period
from safetydesk.domain.drills import Drill, DrillConclusion, DrillForm, SubjectKind
from safetydesk.storage import drills as store
from safetydesk.storage.db import open_database


def test_rules_items_changes_and_drills_round_trip(db_file: Path) -> None:
    db = open_database(db_file)
    with db.atomic():
        rule = store.RuleStore(db).insert(DrillRule(
            subject_kind=SubjectKind.UNIT, unit_type=UnitType.CROWDED, period=Period.HALF_YEAR,
            live_required=True, basis="条例第八条"))  # fmt: skip
        item = store.PlanItemStore(db).insert(PlanItem(
            first_year=2026, seq=1, title="汛期山洪转移演练", month=5, day=31,
            recurrence=Recurrence.YEARLY, budget=3500.0, expected_participants=60))  # fmt: skip
        assert item.id is not None
        change = store.ChangeStore(db).insert(PlanItemChange(
            item_id=item.id, planned_on=date(2026, 5, 31), action=ChangeAction.MOVED,
            new_on=date(2026, 6, 10), reason="连续降雨", changed_on=date(2026, 5, 20)))  # fmt: skip
        drill = store.DrillStore(db).insert(Drill(
            title="汛期山洪转移演练", record_no=store.next_record_no(db, 2026), plan_item_id=item.id,
            held_on=date(2026, 6, 10), start_time="09:00", end_time="10:20",
            form=DrillForm.TABLETOP, conclusion=DrillConclusion.MOSTLY_MET,
            needs_plan_revision=True, participants=35, residents=20))  # fmt: skip
    assert store.rules(db) == [rule] and rule.live_required is True
    assert store.plan_items(db, 2026) == [item] and store.plan_items(db, 2025) == []
    assert store.changes(db, [item.id]) == {item.id: [change]}
    assert store.drills_of_items(db, [item.id]) == [drill]
    assert drill.record_no == "YL2026-1" and store.next_record_no(db, 2026) == "YL2026-2"
    assert store.drills_between(db, date(2026, 6, 10), date(2026, 6, 10)) == [drill]
    assert store.drills_between(db, date(2026, 6, 11), date(2026, 12, 31)) == []
    row = db.conn.execute("SELECT form, needs_plan_revision, held_on FROM drills").fetchone()
    assert tuple(row) == ("桌面", 1, "2026-06-10")


def test_a_change_of_a_missing_item_is_refused_by_the_schema(db_file: Path) -> None:
    db = open_database(db_file)
    with pytest.raises(sqlite3.IntegrityError), db.atomic():
        store.ChangeStore(db).insert(PlanItemChange(
            item_id=99, planned_on=date(2026, 5, 31), action=ChangeAction.CANCELLED,
            reason="x", changed_on=date(2026, 5, 1)))  # fmt: skip
