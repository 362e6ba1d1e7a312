"""m011: the 一制四案 tables (plans, their versions) and the 应急避难场所 (shelters)."""

from __future__ import annotations

from sqlite_utils import Database


def m011_add_plans(db: Database) -> None:
    """Plans (one per village × kind; ``village_id`` NULL for the township), versions, shelters.

    ``plan_versions.attachment`` is the file of the plan's text (kept beside the database, to
    come); ``plan_versions.status`` is the stored state of B §1.5 (未编制 is "no version").
    """
    db.table("plans").create(
        {"id": int, "village_id": int, "kind": str, "created_at": str},
        pk="id",
        strict=True,
        not_null={"kind", "created_at"},
        foreign_keys=[("village_id", "villages", "id")],
    )
    # One plan per village and kind, and one per kind for the township (NULL village).
    db.execute("CREATE UNIQUE INDEX idx_plans_village_kind ON plans(coalesce(village_id, 0), kind)")
    text_cols = ["version", "drafted_on", "status", "adopted_on", "reviewed_by", "reviewed_on",
                 "effective_on", "next_revision_on", "revision_reason", "attachment", "notes",
                 "created_at", "updated_at"]  # fmt: skip
    db.table("plan_versions").create(
        {"id": int, "plan_id": int, **dict.fromkeys(text_cols, str)},
        pk="id",
        strict=True,
        not_null={"plan_id", "version", "drafted_on", "status", "created_at", "updated_at"},
        foreign_keys=[("plan_id", "plans", "id")],
    )
    db.execute("CREATE INDEX idx_plan_versions_plan ON plan_versions(plan_id, id)")
    db.table("shelters").create(
        {
            "id": int,
            "village_id": int,
            "name": str,
            "place": str,
            "capacity": int,
            "area": float,
            "manager": str,
            "manager_phone": str,
            "facilities": str,
            "notes": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        strict=True,
        not_null={"name", "place", "capacity", "created_at", "updated_at"},
        foreign_keys=[("village_id", "villages", "id")],
    )
    db.execute("CREATE INDEX idx_shelters_village ON shelters(village_id)")
