"""Narrow reads and writes of the stores that the services call instead of writing SQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from stdnum.cn import uscc as stdnum_uscc

from safetydesk.domain.common import Unit, UnitType, Village, VillageKind
from safetydesk.domain.documents import DocumentKind, DocumentStatus
from safetydesk.domain.queries import HazardQuery
from safetydesk.services import Workspace
from safetydesk.services.demo import create_demo
from safetydesk.storage.documents import DocumentStore
from safetydesk.storage.inspections import InspectionStore
from safetydesk.storage.registers import UnitStore, VillageStore

K = DocumentKind
TODAY = date(2026, 11, 23)


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Workspace]:
    """A workspace holding the demo township (registers, a year of hazards and inspections)."""
    ws = Workspace.open(tmp_path / "demo.db", clock=lambda: TODAY)
    create_demo(ws, seed=1, today=TODAY)
    yield ws
    ws.close()


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


def test_hazard_ids_of_an_inspection_in_code_order(demo: Workspace) -> None:
    store = InspectionStore(demo.db)
    found = [h for h in demo.hazards.list(HazardQuery()) if h.inspection_id is not None]
    assert found
    inspection_id = found[0].inspection_id
    expected = sorted((h.code, h.id) for h in found if h.inspection_id == inspection_id)
    assert store.hazard_ids(inspection_id) == [i for _c, i in expected]
    assert store.hazard_ids(10**9) == []


def test_active_register_keys_leave_archived_records_out(ws: Workspace) -> None:
    kept = ws.villages.save(Village(name="润城村", kind=VillageKind.VILLAGE)).record
    gone = ws.villages.save(Village(name="刘善村", kind=VillageKind.VILLAGE)).record
    codes = [body + stdnum_uscc.calc_check_digit(body) for body in ("91140522MA0000001", "91140522MA0000002")]
    a = ws.units.save(Unit(name="甲", type=UnitType.OTHER, village_id=kept.id)).record
    b = ws.units.save(Unit(name="乙", type=UnitType.OTHER, village_id=kept.id, uscc=codes[0])).record
    c = ws.units.save(Unit(name="丙", type=UnitType.OTHER, village_id=gone.id, uscc=codes[1])).record
    ws.units.archive(c.id)
    ws.villages.archive(gone.id)
    villages, units = VillageStore(ws.db), UnitStore(ws.db)
    assert villages.names_active() == {"润城村"}
    assert villages.ids_active() == {kept.id}
    assert units.keys_active() == {("甲", kept.id), ("乙", kept.id)}
    assert units.usccs_active() == {codes[0]}
    assert units.max_id() == c.id > b.id > a.id
    assert villages.max_id() == gone.id
    assert DocumentStore(ws.db).max_id() == 0
