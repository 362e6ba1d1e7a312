"""Narrow reads and writes of the stores that the services call instead of writing SQL."""

from __future__ import annotations

from datetime import date

from safetydesk.domain.documents import DocumentKind, DocumentStatus
from safetydesk.services import Workspace
from safetydesk.storage.documents import DocumentStore

K = DocumentKind


def test_set_void_writes_the_reason_and_day_and_returns_the_stored_document(ws: Workspace) -> None:
    doc = ws.documents.issue(K.RECTIFICATION_NOTICE, date(2026, 5, 1)).record
    store = DocumentStore(ws.db)
    with ws.db.atomic():
        void = store.set_void(doc.id, reason="写错了", voided_on=date(2026, 5, 3))
    assert (void.status, void.void_reason, void.voided_on) == (DocumentStatus.VOID, "写错了", "2026-05-03")
    assert void.number == doc.number and void.updated_at >= doc.updated_at
    assert store.get(doc.id) == void


def test_max_serials_per_year_of_one_kind(ws: Workspace) -> None:
    store = DocumentStore(ws.db)
    assert store.max_serials(K.RECTIFICATION_NOTICE) == {}
    for day in (date(2025, 12, 30), date(2026, 1, 2), date(2026, 1, 3)):
        ws.documents.issue(K.RECTIFICATION_NOTICE, day)
    ws.documents.issue(K.RECHECK_OPINION, date(2026, 1, 4))
    assert store.max_serials(K.RECTIFICATION_NOTICE) == {2025: 1, 2026: 2}
    assert store.max_serials(K.RECHECK_OPINION) == {2026: 1}
