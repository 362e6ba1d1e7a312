"""Migration steps m001–m008: the tables, columns and indexes of the registers, documents,
hazards and inspections (no stored row is rewritten). Registered by
:mod:`safetydesk.storage.migrations`; never edit one, add a new step instead.
"""

from __future__ import annotations

from sqlite_utils import Database

_STAMPS = {"created_at": str, "updated_at": str, "archived_at": str}


def m001_initial(db: Database) -> None:
    """Settings and the three registers (villages, units, people) with their search indexes."""
    db.table("settings").create(
        {"key": str, "value": str, "updated_at": str}, pk="key", strict=True, not_null={"value"}
    )
    db.table("villages").create(
        {
            "id": int,
            "name": str,
            "kind": str,
            "region_code": str,
            "group_count": int,
            "households": int,
            "population": int,
            "secretary": str,
            "secretary_phone": str,
            "director": str,
            "director_phone": str,
            "grid_worker": str,
            "grid_worker_phone": str,
            "notes": str,
            "sort_order": int,
            **_STAMPS,
        },
        pk="id",
        strict=True,
        not_null={"name", "kind", "created_at", "updated_at"},
        defaults={"sort_order": 0},
    )
    db.table("units").create(
        {
            "id": int,
            "name": str,
            "type": str,
            "subtype": str,
            "village_id": int,
            "address": str,
            "uscc": str,
            "legal_rep": str,
            "contact": str,
            "contact_phone": str,
            "scale": str,
            "risk": str,
            "department": str,
            "notes": str,
            **_STAMPS,
        },
        pk="id",
        strict=True,
        not_null={"name", "type", "village_id", "created_at", "updated_at"},
        foreign_keys=[("village_id", "villages", "id")],
    )
    db.table("people").create(
        {
            "id": int,
            "name": str,
            "role": str,
            "organisation": str,
            "village_id": int,
            "mobile": str,
            "phone": str,
            "cert_no": str,
            "notes": str,
            **_STAMPS,
        },
        pk="id",
        strict=True,
        not_null={"name", "role", "created_at", "updated_at"},
        foreign_keys=[("village_id", "villages", "id")],
    )
    for sql in (
        "CREATE UNIQUE INDEX idx_villages_name ON villages(name) WHERE archived_at IS NULL",
        "CREATE INDEX idx_units_name ON units(name) WHERE archived_at IS NULL",
        "CREATE INDEX idx_units_village ON units(village_id, name) WHERE archived_at IS NULL",
        "CREATE INDEX idx_units_type ON units(type, name) WHERE archived_at IS NULL",
        "CREATE INDEX idx_units_risk ON units(risk, name) WHERE archived_at IS NULL",
        "CREATE INDEX idx_units_archived ON units(archived_at) WHERE archived_at IS NOT NULL",
        "CREATE INDEX idx_units_uscc ON units(uscc) WHERE uscc != ''",
        "CREATE INDEX idx_people_name ON people(name)",
        "CREATE INDEX idx_people_village ON people(village_id)",
    ):
        db.execute(sql)
    for table in ("villages", "units", "people"):
        db.execute(
            f"CREATE VIRTUAL TABLE {table}_fts USING fts5(body, tokenize='unicode61')"
        )


def m002_add_count_indexes(db: Database) -> None:
    """Narrow indexes so the dashboard's counts scan little even with a million records."""
    db.execute("CREATE INDEX idx_units_active_type ON units(type) WHERE archived_at IS NULL")
    db.execute("CREATE INDEX idx_people_active ON people(role) WHERE archived_at IS NULL")
    db.execute("CREATE INDEX idx_villages_active ON villages(kind) WHERE archived_at IS NULL")


def m003_add_documents(db: Database) -> None:
    """The 文书登记 register: one gap-free serial per (kind, year), never reused."""
    db.table("documents").create(
        {
            "id": int,
            "kind": str,
            "year": int,
            "serial": int,
            "number": str,
            "issued_on": str,
            "unit_id": int,
            "subject": str,
            "status": str,
            "void_reason": str,
            "voided_on": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        strict=True,
        not_null={"kind", "year", "serial", "number", "issued_on", "status", "created_at", "updated_at"},
        foreign_keys=[("unit_id", "units", "id")],
    )
    db.execute("CREATE UNIQUE INDEX idx_documents_serial ON documents(kind, year, serial)")
    db.execute("CREATE INDEX idx_documents_issued ON documents(issued_on)")


def m004_add_hazards(db: Database) -> None:
    """Hazards (隐患), their event timeline, and their search index."""
    text_cols = ["code", "sector", "location", "description", "category", "level", "basis", "source", "found_on", "found_by", "measures", "deadline_kind", "due_on", "deadline_warning", "responsible_unit", "responsible_person", "responsible_phone", "supervisor", "interim_measures", "five_in_place", "dual_report_on", "listed_level", "listed_body", "listed_on", "state", "rectified_on", "closed_on", "accepted_unit", "accepted_by", "accepted_on", "transfer_department", "transferred_on", "cancel_reason", "notes", "created_at", "updated_at", "archived_at"]
    db.table("hazards").create(
        {
            "id": int,
            "unit_id": int,
            "village_id": int,
            "deadline_days": int,
            "funds": float,
            **dict.fromkeys(text_cols, str),
        },
        pk="id",
        strict=True,
        not_null={"code", "unit_id", "village_id", "description", "level", "source", "found_on",
                  "state", "created_at", "updated_at"},
        foreign_keys=[("unit_id", "units", "id"), ("village_id", "villages", "id")],
    )
    db.table("hazard_events").create(
        {
            "id": int,
            "hazard_id": int,
            "action": str,
            "from_state": str,
            "to_state": str,
            "on": str,
            "by": str,
            "note": str,
            "details": str,
            "created_at": str,
        },
        pk="id",
        strict=True,
        not_null={"hazard_id", "action", "from_state", "to_state", "on", "created_at"},
        foreign_keys=[("hazard_id", "hazards", "id")],
    )
    for sql in (
        "CREATE UNIQUE INDEX idx_hazards_code ON hazards(code)",
        "CREATE INDEX idx_hazards_found ON hazards(found_on) WHERE archived_at IS NULL",
        "CREATE INDEX idx_hazards_state ON hazards(state, due_on) WHERE archived_at IS NULL",
        "CREATE INDEX idx_hazards_unit ON hazards(unit_id)",
        "CREATE INDEX idx_hazards_village ON hazards(village_id, found_on)",
        "CREATE INDEX idx_hazard_events_hazard ON hazard_events(hazard_id, id)",
        "CREATE VIRTUAL TABLE hazards_fts USING fts5(body, tokenize='unicode61')",
    ):
        db.execute(sql)


def m005_add_photos_refs_holidays(db: Database) -> None:
    """Hazard photos (files under attachments/), document→record links, the holiday table."""
    db.table("hazard_photos").create(
        {
            "id": int,
            "hazard_id": int,
            "kind": str,
            "file": str,
            "original_name": str,
            "taken_on": str,
            "note": str,
            "created_at": str,
        },
        pk="id",
        strict=True,
        not_null={"hazard_id", "kind", "file", "created_at"},
        foreign_keys=[("hazard_id", "hazards", "id")],
    )
    db.execute("CREATE INDEX idx_hazard_photos_hazard ON hazard_photos(hazard_id, kind, id)")
    db.execute("CREATE UNIQUE INDEX idx_hazard_photos_file ON hazard_photos(file)")
    # What a document was issued for, e.g. "hazard_event:12" for a 复查意见书 of a recheck.
    db.table("documents").add_column("ref", str)
    db.execute("CREATE INDEX idx_documents_ref ON documents(ref) WHERE ref IS NOT NULL")
    # The editable holiday table (A5): one row per day that differs from Mon–Fri work.
    db.table("holidays").create(
        {"day": str, "kind": str, "note": str, "updated_at": str},
        pk="day",
        strict=True,
        not_null={"kind", "updated_at"},
    )


def m006_add_inspections(db: Database) -> None:
    """Inspections, checklist templates (versioned), coverage rules, 双随机 draws; hazard links."""
    db.table("checklist_templates").create(
        {
            "id": int,
            "family": str,
            "version": int,
            "name": str,
            "target_types": str,  # JSON list of unit type values
            "basis": str,
            "items": str,  # JSON list of items
            "builtin": int,
            "retired": int,
            "created_at": str,
        },
        pk="id",
        strict=True,
        not_null={"family", "version", "name", "items", "builtin", "retired", "created_at"},
        defaults={"builtin": 0, "retired": 0},
    )
    db.execute("CREATE UNIQUE INDEX idx_templates_version ON checklist_templates(family, version)")
    text_cols = ["target_type", "place", "started_at", "ended_at", "inspected_on", "kind", "methods", "inspectors", "met_person", "met_title", "met_phone", "narrative", "disposition", "disposition_note", "recorder", "witness", "refused_to_sign", "results", "document_number", "notes", "created_at", "updated_at", "archived_at"]
    db.table("inspections").create(
        {
            "id": int,
            "unit_id": int,
            "village_id": int,
            "enforcement": int,
            "inspector_count": int,
            "template_id": int,
            "draw_id": int,
            **dict.fromkeys(text_cols, str),
        },
        pk="id",
        strict=True,
        not_null={"started_at", "inspected_on", "kind", "methods", "inspectors", "disposition",
                  "results", "created_at", "updated_at"},
        foreign_keys=[("unit_id", "units", "id"), ("village_id", "villages", "id"),
                      ("template_id", "checklist_templates", "id")],
    )
    db.table("coverage_rules").create(
        {"id": int, "unit_type": str, "risk": str, "period": str, "times": int, "note": str},
        pk="id",
        strict=True,
        not_null={"unit_type", "risk", "period", "times"},
    )
    db.execute("CREATE UNIQUE INDEX idx_coverage_rules ON coverage_rules(unit_type, risk)")
    db.table("draws").create(
        {
            "id": int,
            "drawn_on": str,
            "seed": int,
            "n": int,
            "filter_text": str,
            "population": str,  # JSON list of unit ids
            "chosen": str,  # JSON list of unit ids, in draw order
            "by": str,
            "note": str,
            "created_at": str,
        },
        pk="id",
        strict=True,
        not_null={"drawn_on", "seed", "n", "population", "chosen", "created_at"},
    )
    db.table("hazards").add_column("inspection_id", int)
    for sql in (
        "CREATE INDEX idx_inspections_on ON inspections(inspected_on) WHERE archived_at IS NULL",
        "CREATE INDEX idx_inspections_unit ON inspections(unit_id, inspected_on)",
        "CREATE INDEX idx_inspections_village ON inspections(village_id, inspected_on)",
        "CREATE INDEX idx_inspections_template ON inspections(template_id)",
        "CREATE INDEX idx_hazards_inspection ON hazards(inspection_id) WHERE inspection_id IS NOT NULL",
        "CREATE VIRTUAL TABLE inspections_fts USING fts5(body, tokenize='unicode61')",
    ):
        db.execute(sql)


def m007_add_inspection_photos(db: Database) -> None:
    """Photos of inspections (现场照片), stored like hazard photos."""
    db.table("inspection_photos").create(
        {
            "id": int,
            "inspection_id": int,
            "kind": str,
            "file": str,
            "original_name": str,
            "taken_on": str,
            "note": str,
            "created_at": str,
        },
        pk="id",
        strict=True,
        not_null={"inspection_id", "kind", "file", "created_at"},
        foreign_keys=[("inspection_id", "inspections", "id")],
    )
    db.execute("CREATE INDEX idx_inspection_photos_owner ON inspection_photos(inspection_id, id)")
    db.execute("CREATE UNIQUE INDEX idx_inspection_photos_file ON inspection_photos(file)")


def m008_add_text_search_indexes(db: Database) -> None:
    """Narrow covering indexes led by id, for ordering the matches of a text search.

    A broad search (say 灭火器 in a million hazards) matches ~150,000 rows; looking each up in the
    wide table to sort it cost four times the search itself. The stores name these indexes with
    ``INDEXED BY`` when a query has text (see ``RecordStore.text_index``).
    """
    db.execute("CREATE INDEX idx_hazards_text ON hazards(id, archived_at, found_on, code)")
    db.execute("CREATE INDEX idx_units_text ON units(id, archived_at, name)")
    db.execute("CREATE INDEX idx_inspections_text ON inspections(id, archived_at, inspected_on, started_at)")
