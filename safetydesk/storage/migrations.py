"""Schema migrations (append-only). Never edit or reorder one that is on main; add a new one.

A new database and an upgraded one go through the same path: :func:`storage.db.open_database`
applies whatever is pending.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from safetydesk.storage.search import fts_text

#: The migration set of SafetyDesk.
migrations = Migrations("safetydesk")
#: Names of every migration this build knows, in order (for the too-new check).
KNOWN_MIGRATIONS: list[str] = []


def migration(fn: Callable[[Database], None]) -> Callable[[Database], None]:
    """Register ``fn`` as the next migration and remember its name."""
    KNOWN_MIGRATIONS.append(fn.__name__)
    return migrations()(fn)


_STAMPS = {"created_at": str, "updated_at": str, "archived_at": str}


@migration
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


@migration
def m002_add_count_indexes(db: Database) -> None:
    """Narrow indexes so the dashboard's counts scan little even with a million records."""
    db.execute("CREATE INDEX idx_units_active_type ON units(type) WHERE archived_at IS NULL")
    db.execute("CREATE INDEX idx_people_active ON people(role) WHERE archived_at IS NULL")
    db.execute("CREATE INDEX idx_villages_active ON villages(kind) WHERE archived_at IS NULL")


@migration
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


@migration
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


@migration
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


@migration
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


@migration
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


@migration
def m008_add_text_search_indexes(db: Database) -> None:
    """Narrow covering indexes led by id, for ordering the matches of a text search.

    A broad search (say 灭火器 in a million hazards) matches ~150,000 rows; looking each up in the
    wide table to sort it cost four times the search itself. The stores name these indexes with
    ``INDEXED BY`` when a query has text (see ``RecordStore.text_index``).
    """
    db.execute("CREATE INDEX idx_hazards_text ON hazards(id, archived_at, found_on, code)")
    db.execute("CREATE INDEX idx_units_text ON units(id, archived_at, name)")
    db.execute("CREATE INDEX idx_inspections_text ON inspections(id, archived_at, inspected_on, started_at)")


@migration
def m009_link_documents(db: Database) -> None:
    """Documents become relations: hazards, their events and inspections name them by id.

    Until now a hazard's notice was found by reading the number out of its 下达整改通知 event's
    JSON, a 复查意见书 by ``documents.ref = 'hazard_event:N'`` and an inspection's record by
    ``'inspection:N'``. This adds ``hazard_events.document_id`` (the document an event issued, or
    that was printed for it), ``hazards.notice_id`` (the notice or order the hazard is being
    rectified under: its latest 下达整改通知's document) and ``inspections.document_id``, fills
    them from those events and refs, and drops the now redundant number from the events' JSON.

    It also indexes the unit's name in the text of inspections recorded before m007 (m007 began
    doing so for new records only), so that every inspection is found by its unit's name.
    """
    for sql in (
        "ALTER TABLE hazard_events ADD COLUMN document_id INTEGER REFERENCES documents(id)",
        "ALTER TABLE hazards ADD COLUMN notice_id INTEGER REFERENCES documents(id)",
        "ALTER TABLE inspections ADD COLUMN document_id INTEGER REFERENCES documents(id)",
        # 下达整改通知: the document id the event recorded, else the document of its number.
        """UPDATE hazard_events SET document_id = coalesce(
               (SELECT d.id FROM documents d
                 WHERE d.id = json_extract(hazard_events.details, '$.document_id')),
               (SELECT d.id FROM documents d
                 WHERE d.number = json_extract(hazard_events.details, '$.number')))
           WHERE action = '下达整改通知'""",
        """UPDATE hazard_events SET details = json_remove(details, '$.document_id', '$.number')
           WHERE action = '下达整改通知' AND document_id IS NOT NULL""",
        # 复查: the latest valid 复查意见书 printed for it (else the latest one, if all are void).
        """UPDATE hazard_events SET document_id = (
               SELECT d.id FROM documents d WHERE d.ref = 'hazard_event:' || hazard_events.id
                ORDER BY d.status = '有效' DESC, d.id DESC LIMIT 1)
           WHERE action IN ('复查合格', '复查不合格')""",
        """UPDATE hazards SET notice_id = (
               SELECT e.document_id FROM hazard_events e
                WHERE e.hazard_id = hazards.id AND e.action = '下达整改通知'
                ORDER BY e.id DESC LIMIT 1)""",
        """UPDATE inspections SET document_id = coalesce(
               (SELECT d.id FROM documents d WHERE d.ref = 'inspection:' || inspections.id
                 ORDER BY d.status = '有效' DESC, d.id DESC LIMIT 1),
               (SELECT d.id FROM documents d
                 WHERE d.number = inspections.document_number AND inspections.document_number != ''))""",
        "CREATE INDEX idx_hazard_events_document ON hazard_events(document_id) "
        "WHERE document_id IS NOT NULL",
        "CREATE INDEX idx_hazards_notice ON hazards(notice_id) WHERE notice_id IS NOT NULL",
        "CREATE INDEX idx_inspections_document ON inspections(document_id) "
        "WHERE document_id IS NOT NULL",
    ):
        db.execute(sql)
    rows = db.execute(
        "SELECT i.id, u.name, f.body FROM inspections i JOIN units u ON u.id = i.unit_id "
        "JOIN inspections_fts f ON f.rowid = i.id"
    ).fetchall()
    for rowid, name, body in rows:
        if not (body or "").startswith(fts_text(name)):
            db.execute("UPDATE inspections_fts SET body = ? WHERE rowid = ?", [fts_text(name, body), rowid])


#: The hazard fields m010 indexes for search (``HazardStore.search_fields`` as of m010).
_M010_HAZARD_SEARCH = (
    "code", "location", "description", "category", "basis", "found_by", "measures",
    "responsible_unit", "responsible_person", "supervisor", "notes",
)  # fmt: skip


@migration
def m010_major_hazard_rules(db: Database) -> None:
    """五到位 from real fields, and the 判定依据 of imported 重大 hazards that may wait (待补录).

    Adds ``hazards.emergency_plan`` (the 预案 of the 五到位; the other four are the responsible
    person, the measures, the funds and the deadline) and ``hazards.basis_pending`` (1: a 重大
    hazard whose 判定依据 is still to be entered), set here for any 重大 row without a basis.
    The free ticks of ``hazards.five_in_place`` ("责任,资金") are replaced by the status computed
    from those fields: the old text is kept, appended to the hazard's 备注 as "原五到位勾选：…"
    (and indexed for search), and the column is dropped.
    """
    for sql in (
        "ALTER TABLE hazards ADD COLUMN emergency_plan TEXT",
        "ALTER TABLE hazards ADD COLUMN basis_pending INTEGER NOT NULL DEFAULT 0",
        "UPDATE hazards SET basis_pending = 1 WHERE level = '重大' AND trim(coalesce(basis, '')) = ''",
    ):
        db.execute(sql)
    moved = [r[0] for r in db.execute(
        "SELECT id FROM hazards WHERE trim(coalesce(five_in_place, '')) != ''"
    ).fetchall()]  # fmt: skip
    db.execute(
        """UPDATE hazards SET notes = CASE WHEN trim(coalesce(notes, '')) = ''
                THEN '原五到位勾选：' || trim(five_in_place)
                ELSE notes || '；原五到位勾选：' || trim(five_in_place) END
           WHERE trim(coalesce(five_in_place, '')) != ''"""
    )
    columns = ", ".join(_M010_HAZARD_SEARCH)
    for hazard_id in moved:
        row = db.execute(f"SELECT {columns} FROM hazards WHERE id = ?", [hazard_id]).fetchone()
        body = fts_text(*(str(v or "") for v in row))
        db.execute("DELETE FROM hazards_fts WHERE rowid = ?", [hazard_id])
        db.execute("INSERT INTO hazards_fts (rowid, body) VALUES (?, ?)", [hazard_id, body])
    db.execute("ALTER TABLE hazards DROP COLUMN five_in_place")
    db.execute("CREATE INDEX idx_hazards_basis_pending ON hazards(id) WHERE basis_pending = 1")
