"""m012: what a village's 一制四案 holds besides its versions (B §1.2–§1.6).

Plan content (signals, triggers, ordered steps, the attached document's name and hash), shelter
kinds and hazards, the shared parts (通讯录, 应急工作组, 风险点, 转移路线, 应急队伍, 物资,
应急处置卡), the 包保 chain with danger-zone households, and 叫应 call-outs with their calls.
Columns are spelled out here (not derived from the records), so the step never changes.
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


def m012_add_plan_parts(db: Database) -> None:
    """Plan content, shelter kinds, shared parts, the 包保 chain, households and call-outs."""
    versions = db.table("plan_versions")
    for column in ("warning_signal", "evacuate_signal", "trigger_levels", "evacuation_triggers",
                   "return_conditions", "attachment_name", "attachment_sha256"):  # fmt: skip
        versions.add_column(column, str)
    db.table("shelters").add_column("kind", str)
    db.table("shelters").add_column("hazards", str)
    db.execute("UPDATE shelters SET kind = '应急避难场所', hazards = ''")

    _table(db, "plan_steps",
           {"version_id": int, "section": str, "position": int, "text": str},
           not_null={"version_id", "section", "position", "text"},
           foreign_keys=[("version_id", "plan_versions", "id")],
           index=["version_id", "section", "position"])  # fmt: skip
    _table(db, "plan_contacts",
           {"village_id": int, "category": str, "name": str, "post": str, "mobile": str,
            "phone": str, "person_id": int, "notes": str, "sort_order": int},
           not_null={"category", "name"},
           foreign_keys=[_VILLAGE, ("person_id", "people", "id")],
           index=["village_id", "sort_order"])  # fmt: skip
    _table(db, "work_group_members",
           {"village_id": int, "subgroup": str, "person_id": int, "duty": str, "tasks": str,
            "sort_order": int},
           not_null={"subgroup", "person_id"},
           foreign_keys=[_VILLAGE, ("person_id", "people", "id")],
           index=["village_id", "subgroup"])  # fmt: skip
    _table(db, "risk_points",
           {"village_id": int, "name": str, "kind": str, "place": str, "households": int,
            "people": int, "monitor_id": int, "monitor_method": str, "warning_threshold": str,
            "plan_kinds": str, "status": str, "notes": str},
           not_null={"name", "kind", "place", "status"},
           foreign_keys=[_VILLAGE, ("monitor_id", "people", "id")],
           index=["village_id"])  # fmt: skip
    _table(db, "routes",
           {"village_id": int, "name": str, "start": str, "shelter_id": int, "description": str,
            "distance_m": int, "walk_minutes": int, "avoid": str, "notes": str},
           not_null={"name", "start"},
           foreign_keys=[_VILLAGE, ("shelter_id", "shelters", "id")],
           index=["village_id"])  # fmt: skip
    _table(db, "teams",
           {"village_id": int, "name": str, "kind": str, "leader": str, "leader_phone": str,
            "size": int, "members": str, "equipment": str, "notes": str},
           not_null={"name", "kind"},
           foreign_keys=[_VILLAGE],
           index=["village_id"])  # fmt: skip
    _table(db, "supplies",
           {"village_id": int, "name": str, "quantity": float, "unit": str, "spec": str,
            "place": str, "keeper": str, "keeper_phone": str, "checked_on": str,
            "expires_on": str, "notes": str},
           not_null={"name", "quantity", "unit"},
           foreign_keys=[_VILLAGE],
           index=["village_id"])  # fmt: skip
    _table(db, "emergency_cards",
           {"village_id": int, "title": str, "role": str, "kind": str, "trigger": str,
            "steps": str, "report_to": str, "report_phone": str, "cautions": str,
            "version_on": str},
           not_null={"title", "role", "kind", "trigger", "steps"},
           foreign_keys=[_VILLAGE],
           index=["village_id", "kind"])  # fmt: skip
    _table(db, "households",
           {"village_id": int, "head": str, "group_name": str, "address": str, "size": int,
            "phone": str, "residents": int, "vulnerable": str, "vulnerable_detail": str,
            "risk_point_id": int, "helper_id": int, "shelter_id": int, "route_id": int,
            "card_issued_on": str, "notes": str},
           not_null={"village_id", "head", "group_name", "address", "size"},
           foreign_keys=[_VILLAGE, ("risk_point_id", "risk_points", "id"),
                         ("helper_id", "people", "id"), ("shelter_id", "shelters", "id"),
                         ("route_id", "routes", "id")],
           index=["village_id"])  # fmt: skip
    _table(db, "baobao_assignments",
           {"village_id": int, "level": str, "person_id": int, "target": str, "post": str,
            "backup_phone": str, "household_id": int, "hazards": str, "call_order": int,
            "escalate_to_id": int, "valid_from": str, "changed_on": str, "notes": str},
           not_null={"level", "person_id", "target", "call_order"},
           foreign_keys=[_VILLAGE, ("person_id", "people", "id"),
                         ("household_id", "households", "id"),
                         ("escalate_to_id", "people", "id")],
           index=["village_id", "level", "call_order"])  # fmt: skip
    db.execute("CREATE INDEX idx_baobao_assignments_person ON baobao_assignments(person_id)")
    _table(db, "callouts",
           {"kind": str, "level": str, "issued_at": str, "source": str, "message": str,
            "escalate_after": int, "started_by": str, "closed_at": str, "moved": int,
            "returned": int, "closing_note": str},
           not_null={"kind", "level", "issued_at", "escalate_after"},
           foreign_keys=[],
           index=["issued_at"])  # fmt: skip
    db.table("callout_villages").create(
        {"callout_id": int, "village_id": int},
        pk=("callout_id", "village_id"),
        strict=True,
        not_null={"callout_id", "village_id"},
        foreign_keys=[("callout_id", "callouts", "id"), _VILLAGE],
    )
    _table(db, "callout_calls",
           {"callout_id": int, "position": int, "village_id": int, "level": str, "name": str,
            "role": str, "phone": str, "person_id": int, "assignment_id": int, "confirm": str,
            "escalate_to_id": int, "answered_at": str, "on_duty": int, "moved": int,
            "note": str, "escalated_at": str},
           not_null={"callout_id", "position", "level", "name", "phone", "on_duty"},
           foreign_keys=[("callout_id", "callouts", "id"), _VILLAGE,
                         ("person_id", "people", "id"),
                         ("assignment_id", "baobao_assignments", "id"),
                         ("escalate_to_id", "people", "id")],
           index=["callout_id", "position"])  # fmt: skip
