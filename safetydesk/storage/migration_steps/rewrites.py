"""Migration steps from m009 on: schema changes that also rewrite the rows already stored
(documents linked by id, 五到位 from real fields). Registered by
:mod:`safetydesk.storage.migrations`; never edit one, add a new step instead.
"""

from __future__ import annotations

from sqlite_utils import Database

from safetydesk.storage.search import fts_text


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
