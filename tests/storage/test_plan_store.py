"""The 一制四案 and shelter tables round-trip through a real SQLite file (m011)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from safetydesk.domain.plans import PlanKind, PlanStatus, PlanVersion, Shelter
from safetydesk.services import Workspace
from safetydesk.storage import plans as store
from safetydesk.storage.db import open_database


def test_versions_and_shelters_round_trip(db_file: Path) -> None:
    db = open_database(db_file)
    with db.atomic():
        plan = store.ensure_plan(db, None, PlanKind.EARTHQUAKE)
        assert store.ensure_plan(db, None, PlanKind.EARTHQUAKE) == plan  # one per kind
        assert plan.id is not None
        v = store.insert_version(db, PlanVersion(
            id=None, plan_id=plan.id, version="2026年版", drafted_on=date(2026, 3, 1),
            status=PlanStatus.EFFECTIVE, adopted_on=date(2026, 3, 5), reviewed_by="陈卫东",
            reviewed_on=date(2026, 3, 9), effective_on=date(2026, 3, 9),
            next_revision_on=date(2027, 3, 9), notes="镇级地震应急预案",
        ))  # fmt: skip
        s = store.insert_shelter(db, Shelter(
            None, None, "润城镇文体广场", "镇政府南侧", 3000, area=8600.5, manager="李明",
            manager_phone="13800003002", facilities="水、电、厕所",
        ))  # fmt: skip
    db.close()
    db = open_database(db_file)
    (again,) = store.versions(db, plan.id)
    assert again == v and again.next_revision_on == date(2027, 3, 9) and again.attachment is None
    assert again.status is PlanStatus.EFFECTIVE and again.created_at is not None
    assert store.latest_versions(db) == {plan.id: v}
    assert store.shelters(db, township=True) == [s]
    assert s.area == 8600.5 and store.shelter_counts(db) == {None: 1}
    row = db.conn.execute("SELECT status, drafted_on FROM plan_versions").fetchone()
    assert row == ("已生效", "2026-03-01")


def test_one_plan_per_village_and_kind(db_file: Path) -> None:
    db = open_database(db_file)
    db.conn.execute("INSERT INTO plans (village_id, kind, created_at) VALUES (NULL, '防汛', 'x')")
    with pytest.raises(sqlite3.IntegrityError):
        db.conn.execute(
            "INSERT INTO plans (village_id, kind, created_at) VALUES (NULL, '防汛', 'y')"
        )


def test_refused_shelter_writes_nothing(ws: Workspace) -> None:
    with pytest.raises(Exception, match="可容纳人数"):
        ws.plans.add_shelter(Shelter(None, None, "广场", "镇政府", 0))
    assert ws.db.conn.execute("SELECT count(*) FROM shelters").fetchone()[0] == 0
