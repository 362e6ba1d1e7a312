"""m013: 应急演练 — the obligation rules, the annual plan's items and their changes, the drills.

Columns are spelled out here (not derived from the records), so the step never changes. The
default rules are not written here: the drill service seeds them on first use (they are data the
officer edits, DOMAIN.md A7).
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

_STAMPS = {"created_at": str, "updated_at": str}


def _table(
    db: Database,
    name: str,
    columns: dict[str, Any],
    *,
    not_null: set[str],
    foreign_keys: list[tuple[str, str, str]],
    index: list[str],
) -> None:
    db.table(name).create(
        {"id": int, **columns, **_STAMPS},
        pk="id",
        strict=True,
        not_null=not_null | set(_STAMPS),
        foreign_keys=foreign_keys,
    )
    db.execute(f"CREATE INDEX idx_{name}_{'_'.join(index)} ON {name}({', '.join(index)})")


_VILLAGE = ("village_id", "villages", "id")
_UNIT = ("unit_id", "units", "id")
_VERSION = ("plan_version_id", "plan_versions", "id")


def m013_add_drills(db: Database) -> None:
    """Drill rules, plan items with their moves/cancels, and drill records."""
    _table(db, "drill_rules",
           {"subject_kind": str, "unit_type": str, "category": str, "min_count": int,
            "period": str, "live_required": int, "basis": str, "active": int},
           not_null={"subject_kind", "min_count", "period", "live_required", "active"},
           foreign_keys=[],
           index=["subject_kind", "unit_type"])  # fmt: skip
    _table(db, "drill_plan_items",
           {"first_year": int, "until_year": int, "seq": int, "title": str,
            "subject_kind": str, "village_id": int, "unit_id": int, "organiser": str,
            "lead": str, "category": str, "scope": str, "form": str, "plan_version_id": int,
            "recurrence": str, "month": int, "day": int, "location": str, "units": str,
            "expected_participants": int, "budget": float, "notes": str},
           not_null={"first_year", "seq", "title", "subject_kind", "category", "scope", "form",
                     "recurrence", "month"},
           foreign_keys=[_VILLAGE, _UNIT, _VERSION],
           index=["first_year", "until_year"])  # fmt: skip
    _table(db, "drill_plan_changes",
           {"item_id": int, "planned_on": str, "action": str, "new_on": str, "reason": str,
            "changed_on": str},
           not_null={"item_id", "planned_on", "action", "reason", "changed_on"},
           foreign_keys=[("item_id", "drill_plan_items", "id")],
           index=["item_id", "planned_on"])  # fmt: skip
    _table(db, "drills",
           {"record_no": str, "plan_item_id": int, "title": str, "organiser_kind": str,
            "village_id": int, "unit_id": int, "organiser": str, "held_on": str,
            "start_time": str, "end_time": str, "location": str, "category": str, "scope": str,
            "form": str, "plan_version_id": int, "commander": str, "units": str,
            "participants": int, "residents": int, "observers": str, "scenario": str,
            "timeline": str, "equipment": str, "evacuation_minutes": int, "problems": str,
            "corrective_actions": str, "conclusion": str, "needs_plan_revision": int,
            "recorder": str, "approver": str, "reported_on": str, "notes": str},
           not_null={"title", "organiser_kind", "held_on", "category", "scope", "form",
                     "needs_plan_revision"},
           foreign_keys=[("plan_item_id", "drill_plan_items", "id"), _VILLAGE, _UNIT,
                         _VERSION],
           index=["held_on"])  # fmt: skip
    db.execute("CREATE INDEX idx_drills_subject ON drills(organiser_kind, village_id, unit_id)")
