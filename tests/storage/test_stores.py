"""Narrow reads and writes of the stores that the services call instead of writing SQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from stdnum.cn import uscc as stdnum_uscc

from safetydesk.domain.common import PersonRole, Unit, UnitType, Village, VillageKind
from safetydesk.domain.documents import DocumentKind, DocumentStatus
from safetydesk.domain.hazards import Hazard, HazardAction, HazardSource
from safetydesk.domain.queries import HazardQuery
from safetydesk.domain.schedule import DeadlineKind
from safetydesk.services import Workspace
from safetydesk.services.demo import create_demo
from safetydesk.storage import search
from safetydesk.storage.documents import DocumentStore
from safetydesk.storage.hazard_bulk import HAZARD_COLUMNS, HazardBatch, HazardBulkStore
from safetydesk.storage.hazards import HazardStore
from safetydesk.storage.inspections import InspectionStore
from safetydesk.storage.registers import PersonStore, UnitStore, VillageStore

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
    assert (void.status, void.void_reason, void.voided_on) == (DocumentStatus.VOID, "写错了", date(2026, 5, 3))
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


def test_demo_reads_of_units_and_people(demo: Workspace) -> None:
    units, people = UnitStore(demo.db), PersonStore(demo.db)
    active = [u for u in demo.units.list() if not u.archived]
    assert sorted(r[0] for r in units.active_kinds()) == sorted(u.id for u in active)
    by_id = {u.id: u for u in active}
    contacts = units.active_contacts()
    assert [r[0] for r in contacts] == sorted(by_id)
    uid, name, utype, risk, village_id, address, contact, phone = contacts[0]
    u = by_id[uid]
    assert (name, utype, risk, village_id, address, contact, phone) == (
        u.name, u.type.value, u.risk or "", u.village_id, u.address, u.contact, u.contact_phone,
    )  # fmt: skip
    inspectors = [p for p in demo.people.list() if p.role is PersonRole.INSPECTOR]
    assert people.names_with_role(PersonRole.INSPECTOR, limit=2) == [p.name for p in sorted(
        inspectors, key=lambda p: p.id)][:2]  # fmt: skip
    cards = people.active_with_role(PersonRole.INSPECTOR)
    assert [c[0] for c in cards] == sorted(p.id for p in inspectors)
    assert people.names_with_role(PersonRole.RANGER, limit=0) == []


def test_hazard_batch_writes_hazards_events_documents_and_search_text(ws: Workspace, unit: Unit) -> None:
    hid = HazardStore(ws.db).max_id() + 1
    batch = HazardBatch(ws.db)
    doc_id = batch.next_document_id()
    t = "2026-03-02T08:00:00+00:00"
    row = {"id": hid, "code": "润-2026-0001", "unit_id": unit.id, "village_id": unit.village_id,
           "description": "灭火器过期", "level": "一般", "source": "镇村检查", "state": "整改中",
           "found_on": "2026-03-02", "notice_id": doc_id, "basis_pending": 0, "created_at": t,
           "updated_at": t}  # fmt: skip
    batch.hazards.append([row.get(c) for c in HAZARD_COLUMNS])
    batch.events.append([hid, "下达整改通知", "已登记", "整改中", "2026-03-02", "王", "", "{}", doc_id, t])
    batch.documents.append([doc_id, K.RECTIFICATION_NOTICE.value, 2026, 1, "润安通〔2026〕1号", "2026-03-02",
                            unit.id, "x", "有效", t, t])  # fmt: skip
    batch.bodies.append((hid, search.fts_text("灭火器过期")))
    with ws.db.atomic():
        batch.write()
    assert (batch.hazards, batch.events, batch.documents, batch.bodies) == ([], [], [], [])
    hazard = ws.hazards.get(hid)
    assert (hazard.code, hazard.description) == ("润-2026-0001", "灭火器过期")
    assert [e.action.value for e in ws.hazards.events(hid)] == ["下达整改通知"]
    assert ws.hazards.notice_numbers([hid]) == {hid: "润安通〔2026〕1号"}
    assert DocumentStore(ws.db).max_serials(K.RECTIFICATION_NOTICE) == {2026: 1}
    assert ws.hazards.list_ids(HazardQuery(text="灭火器")) == [hid]


def test_hazard_bulk_reads_and_inspection_links(demo: Workspace) -> None:
    bulk = HazardBulkStore(demo.db)
    sources = (HazardSource.TOWNSHIP_CHECK, HazardSource.ENFORCEMENT)
    # Every demo hazard found by an inspector points to the inspection that found it.
    assert bulk.uninspected_findings(sources) == []
    unit = demo.units.list()[0]
    new = demo.hazards.register(Hazard(
        unit_id=unit.id, description="灭火器压力不足", measures="更换灭火器", found_on=date(2026, 11, 20),
        found_by="李明", deadline_kind=DeadlineKind.CALENDAR_DAYS, deadline_days=7, source=HazardSource.ENFORCEMENT,
    )).record  # fmt: skip
    assert bulk.uninspected_findings(sources) == [
        (new.id, unit.id, date(2026, 11, 20), "李明", "灭火器压力不足", new.location or "")
    ]
    assert bulk.uninspected_findings((HazardSource.COMPLAINT,)) == []
    inspection_id = demo.inspections.list_ids()[0]
    with demo.db.atomic():
        bulk.set_inspections([(new.id, inspection_id)])
    assert demo.hazards.get(new.id).inspection_id == inspection_id
    assert bulk.uninspected_findings(sources) == []
    events = bulk.events_with_actions((HazardAction.ON_SPOT, HazardAction.ISSUE_NOTICE))
    assert {a for _h, a, _d in events} == {"当场整改", "下达整改通知"}
    assert bulk.events_with_actions(()) == []


def test_found_between_reads_the_active_hazards_of_a_period(demo: Workspace) -> None:
    hazards = [h for h in demo.hazards.list(HazardQuery()) if h.archived_at is None]
    days = sorted(h.found_on for h in hazards)
    first, last = days[len(days) // 4], days[len(days) // 2]
    got = HazardBulkStore(demo.db).found_between(first, last=last)
    assert sorted(got) == sorted(
        (h.code, h.unit_id, h.found_on, h.description) for h in hazards if first <= h.found_on <= last
    )
    assert HazardBulkStore(demo.db).found_between(date(1999, 1, 1), last=date(1999, 12, 31)) == []


def test_cert_holders_lists_only_people_with_a_cert_number_active_first(ws: Workspace) -> None:
    from safetydesk.domain.common import Person

    old = ws.people.save(Person(name="王建国", role=PersonRole.INSPECTOR, cert_no="14050000001")).record
    ws.people.save(Person(name="李明", role=PersonRole.INSPECTOR))
    new = ws.people.save(Person(name="王建国", role=PersonRole.INSPECTOR, cert_no=" 14050000002 ")).record
    assert old.id is not None and new.id is not None
    ws.people.archive(old.id)
    holders = PersonStore(ws.db).cert_holders()
    assert [(h[0], h[3]) for h in holders] == [(new.id, False), (old.id, True)]
    assert "李明" not in {h[1] for h in holders}
