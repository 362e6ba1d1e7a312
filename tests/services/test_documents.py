"""文书登记: gap-free numbers per kind and year, never reused, 作废 keeps the number."""

from __future__ import annotations

from datetime import date

import pytest

from safetydesk.domain.documents import DocumentKind, DocumentStatus
from safetydesk.errors import ConflictError, ValidationError, ValidationErrors
from safetydesk.services import Workspace

K = DocumentKind


def test_numbers_are_gap_free_per_kind_and_year(ws: Workspace) -> None:
    numbers = [ws.documents.issue(K.RECTIFICATION_NOTICE, date(2026, 3, d)).record.number for d in (1, 2, 3)]
    assert numbers == ["润安通〔2026〕1号", "润安通〔2026〕2号", "润安通〔2026〕3号"]
    assert ws.documents.issue(K.RECHECK_OPINION, date(2026, 3, 4)).record.number == "润安复〔2026〕1号"
    assert ws.documents.issue(K.RECTIFICATION_NOTICE, date(2027, 1, 2)).record.number == "润安通〔2027〕1号"


def test_void_keeps_the_number_and_it_is_never_reused(ws: Workspace) -> None:
    first = ws.documents.issue(K.RECTIFICATION_NOTICE, date(2026, 5, 1)).record
    voided = ws.documents.void(first.id, "单位名称写错，已重新开具", date(2026, 5, 1)).record
    assert voided.status is DocumentStatus.VOID and voided.number == first.number
    again = ws.documents.issue(K.RECTIFICATION_NOTICE, date(2026, 5, 1)).record
    assert again.serial == 2
    register = ws.documents.of_year(2026, K.RECTIFICATION_NOTICE)
    assert [(d.serial, d.status) for d in register] == [(1, DocumentStatus.VOID), (2, DocumentStatus.VALID)]
    with pytest.raises(ConflictError, match="不能重复作废"):
        ws.documents.void(first.id, "again", date(2026, 5, 2))


def test_void_needs_a_reason(ws: Workspace) -> None:
    doc = ws.documents.issue(K.INSPECTION_RECORD, date(2026, 5, 1)).record
    with pytest.raises(ValidationError):
        ws.documents.void(doc.id, "  ", date(2026, 5, 1))
    assert not ws.documents.get(doc.id).void


def test_failed_transaction_does_not_consume_a_number(ws: Workspace) -> None:
    with pytest.raises(RuntimeError), ws.db.atomic():
        ws.documents.issue(K.RECTIFICATION_NOTICE, date(2026, 6, 1))
        raise RuntimeError("printing failed")
    assert ws.documents.issue(K.RECTIFICATION_NOTICE, date(2026, 6, 1)).record.serial == 1


def test_codes_are_settings(ws: Workspace) -> None:
    ws.settings.update(code_rectification_notice="安整")
    assert ws.documents.issue(K.RECTIFICATION_NOTICE, date(2026, 1, 5)).record.number == "润安整〔2026〕1号"
    with pytest.raises(ValidationErrors):
        ws.settings.update(code_rectification_notice="安〔1〕")


def test_numbers_survive_reopen(db_file, ws: Workspace) -> None:  # noqa: ANN001
    ws.documents.issue(K.RECTIFICATION_NOTICE, date(2026, 1, 5))
    ws.close()
    again = Workspace.open(db_file)
    assert again.documents.issue(K.RECTIFICATION_NOTICE, date(2026, 2, 5)).record.serial == 2
    again.close()
