"""Databases of every released schema version upgrade to head with all their records.

Each ``tests/golden/schema_mNNN.db`` is a small database with data as the release whose newest
migration is ``mNNN`` left it (made by ``tests/golden/make_golden.py``, which also writes the
expected rows, values and searches to ``tests/golden/manifest.json``). A test copies a golden to
``tmp_path`` (the committed file is never opened in place), opens the copy with
:func:`open_database` and checks that it reaches the head schema of ``tests/storage/schema.sql``
with every record intact, still found by text search, and that a backup of the old file was
taken first.

The rule for new migrations: **every migration adds the golden of the schema before it.** A
golden must exist for every migration in ``KNOWN_MIGRATIONS`` except the newest (the head's
golden is optional); adding ``m009`` therefore requires ``schema_m008.db``, made with
``python tests/golden/make_golden.py m008`` by the build that still has m008 as its head.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from safetydesk.domain.hazards import HazardAction, HazardState, next_state
from safetydesk.domain.major_hazards import basis_missing, five_in_place
from safetydesk.domain.plans import PlanKind, PlanStatus, Shelter
from safetydesk.domain.queries import HazardQuery, InspectionQuery, ListQuery
from safetydesk.services import Workspace
from safetydesk.storage.db import open_database
from safetydesk.storage.hazards import HazardStore
from safetydesk.storage.migrations import KNOWN_MIGRATIONS, migrations
from safetydesk.storage.search import fts_text

GOLDEN_DIR = Path(__file__).resolve().parents[1] / "golden"
GOLDENS = sorted(GOLDEN_DIR.glob("schema_m*.db"))
MANIFEST: dict[str, Any] = json.loads((GOLDEN_DIR / "manifest.json").read_text(encoding="utf-8"))
HEAD_SCHEMA = Path(__file__).with_name("schema.sql").read_text(encoding="utf-8").strip()
TODAY = date(2026, 12, 2)
#: sqlite-utils writes ``str(datetime.now(timezone.utc))``.
APPLIED_AT = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}\+00:00$")


def _prefix(name: str) -> str:
    """``m003`` of ``m003_add_documents`` or of ``schema_m003.db``."""
    return name.removeprefix("schema_").split("_")[0].split(".")[0]


def _migration_of(golden: Path) -> str:
    """The migration name a golden is the schema of."""
    names = [m for m in KNOWN_MIGRATIONS if _prefix(m) == _prefix(golden.name)]
    assert names, f"{golden.name} names no migration in KNOWN_MIGRATIONS"
    return names[0]


def _copy(golden: Path, tmp_path: Path) -> Path:
    """A copy of the golden as the database of a fresh data folder."""
    target = tmp_path / "data" / "safetydesk.db"
    target.parent.mkdir(parents=True)
    shutil.copyfile(golden, target)
    return target


def _tables(conn: sqlite3.Connection) -> list[str]:
    """Tables holding records: the base tables and the FTS tables (not their shadow tables)."""
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]  # fmt: skip
    shadows = ("_data", "_idx", "_content", "_docsize", "_config")
    return [n for n in names if not (("_fts_" in n) and n.endswith(shadows))]


def _snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every record table (columns as the file has them), in rowid order."""
    conn = sqlite3.connect(path)
    try:
        out = {}
        for table in _tables(conn):
            if table == "_sqlite_migrations":
                continue
            if table.endswith("_fts"):
                sql = f"SELECT rowid, body FROM {table} ORDER BY rowid"
            else:
                cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
                quoted = ", ".join(f'"{c}"' for c in cols)
                sql = f"SELECT {quoted} FROM {table} ORDER BY rowid"
            out[table] = conn.execute(sql).fetchall()
        return out
    finally:
        conn.close()


def _migration_rows(path: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT id, migration_set, name, applied_at FROM _sqlite_migrations ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


def _schema_at(name: str) -> str:
    """``db.schema`` of a new database migrated up to and including ``name``."""
    db = Database(memory=True, execute_plugins=False)
    later = KNOWN_MIGRATIONS[KNOWN_MIGRATIONS.index(name) + 1 :]
    migrations.apply(db, stop_before=later[0] if later else None)
    return db.schema


#: Columns a later migration drops on purpose → that migration (their values move elsewhere).
_DROPPED = {("drills", "problems"): "m014_add_drill_records",
            ("drills", "corrective_actions"): "m014_add_drill_records"}  # fmt: skip


def _expected(path: Path, rows: dict[str, list[tuple[Any, ...]]], pending: list[str]) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of a golden as the pending migrations are meant to leave them (before any
    column they add): what a migration moves on purpose, applied to the golden's rows."""
    out = dict(rows)
    if "m009_link_documents" in pending and "hazard_events" in rows:
        # The notice's number and id leave the 下达整改通知 JSON for hazard_events.document_id.
        conn = sqlite3.connect(path)
        cols = [r[1] for r in conn.execute("PRAGMA table_info(hazard_events)")]
        numbers = dict(conn.execute("SELECT number, id FROM documents"))
        conn.close()
        a, d = cols.index("action"), cols.index("details")
        events = []
        for r in rows["hazard_events"]:
            details = json.loads(r[d] or "{}")
            if r[a] == HazardAction.ISSUE_NOTICE.value and details.get("number") in numbers:
                details.pop("number")
                details.pop("document_id", None)
                r = (*r[:d], json.dumps(details, ensure_ascii=False, separators=(",", ":")), *r[d + 1 :])
            events.append(r)
        out["hazard_events"] = events
    if "m009_link_documents" in pending:
        # Inspections' text gains their unit's name (checked by the search tests instead).
        out.pop("inspections_fts", None)
    if "m010_major_hazard_rules" in pending and "hazards" in rows:
        out.update(_m010_expected(path, rows))
    if "m014_add_drill_records" in pending and "drills" in rows:
        # m014 moves 存在问题 / 改进措施 into drill_findings rows and drops the two columns.
        conn = sqlite3.connect(path)
        cols = [r[1] for r in conn.execute("PRAGMA table_info(drills)")]
        conn.close()
        drop = {cols.index("problems"), cols.index("corrective_actions")}
        out["drills"] = [tuple(v for i, v in enumerate(r) if i not in drop) for r in rows["drills"]]
    return out


def _m010_expected(path: Path, rows: dict[str, list[tuple[Any, ...]]]) -> dict[str, list[tuple[Any, ...]]]:
    """m010 drops ``hazards.five_in_place``, appending a non-empty one to the 备注 (re-indexed)."""
    conn = sqlite3.connect(path)
    cols = [r[1] for r in conn.execute("PRAGMA table_info(hazards)")]
    conn.close()
    f, n = cols.index("five_in_place"), cols.index("notes")
    kept = [c for c in cols if c != "five_in_place"]
    hazards, bodies = [], {}
    for r in rows["hazards"]:
        values = list(r)
        ticks = (values[f] or "").strip()
        if ticks:
            note = f"原五到位勾选：{ticks}"
            values[n] = f"{values[n]}；{note}" if (values[n] or "").strip() else note
            row = dict(zip(cols, values, strict=True))
            bodies[row["id"]] = fts_text(*(str(row[c] or "") for c in HazardStore.search_fields))
        hazards.append(tuple(v for c, v in zip(cols, values, strict=True) if c in kept))
    fts = [(rowid, bodies.get(rowid, body)) for rowid, body in rows["hazards_fts"]]
    return {"hazards": hazards, "hazards_fts": fts}


def _ids(ws: Workspace, register: str, text: str) -> list[int]:
    """Ids a register's list finds for ``text``, through the services (as the GUI searches)."""
    if register == "hazards":
        return ws.hazards.list_ids(HazardQuery(text=text))
    if register == "inspections":
        return ws.inspections.list_ids(InspectionQuery(text=text))
    service = {"villages": ws.villages, "units": ws.units, "people": ws.people}[register]
    return service.list_ids(ListQuery(text=text))


def test_every_released_schema_has_a_golden() -> None:
    """Every migration adds the golden of the schema before it (the head's own is optional)."""
    have = {_prefix(g.name) for g in GOLDENS}
    missing = [m for m in KNOWN_MIGRATIONS[:-1] if _prefix(m) not in have]
    assert not missing, (
        f"no golden database for {missing}: run `python tests/golden/make_golden.py` on the build "
        "whose head is that migration and commit tests/golden/schema_mNNN.db and manifest.json"
    )
    known = {_prefix(m) for m in KNOWN_MIGRATIONS}
    assert have <= known, f"goldens of unknown migrations: {sorted(have - known)}"
    assert set(MANIFEST) == {g.name for g in GOLDENS}, "manifest.json and the goldens disagree"


@pytest.mark.parametrize("golden", GOLDENS, ids=lambda p: p.stem)
def test_golden_is_exactly_its_schema_version(golden: Path, tmp_path: Path) -> None:
    """A golden is what that release made: its schema, its migration records, no WAL file."""
    name = _migration_of(golden)
    copy = _copy(golden, tmp_path)
    assert Database(copy).schema == _schema_at(name)
    rows = _migration_rows(copy)
    expected = KNOWN_MIGRATIONS[: KNOWN_MIGRATIONS.index(name) + 1]
    assert [r[1:3] for r in rows] == [("safetydesk", m) for m in expected]
    assert [r[3] for r in rows] == MANIFEST[golden.name]["applied_at"]
    assert all(APPLIED_AT.match(r[3]) for r in rows)
    assert MANIFEST[golden.name]["migrations"] == expected
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert not golden.with_name(golden.name + "-wal").exists()
    # Small files: every table and index takes at least one 4 KB page (m013 has about 130).
    assert golden.stat().st_size < 768 * 1024


@pytest.mark.parametrize("golden", GOLDENS, ids=lambda p: p.stem)
def test_golden_upgrades_to_head_with_its_records(golden: Path, tmp_path: Path) -> None:
    name = _migration_of(golden)
    entry = MANIFEST[golden.name]
    copy = _copy(golden, tmp_path)
    before = _snapshot(copy)
    old_migrations = _migration_rows(copy)
    pending = KNOWN_MIGRATIONS[KNOWN_MIGRATIONS.index(name) + 1 :]

    db = open_database(copy)
    try:
        # (1) Every migration is applied; the old records of _sqlite_migrations are kept.
        assert [m.name for m in migrations.applied(db)] == KNOWN_MIGRATIONS
        assert migrations.pending(db) == []
        assert _migration_rows(copy)[: len(old_migrations)] == old_migrations
        # (2) The schema is the head's.
        assert db.schema.strip() == HEAD_SCHEMA
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # (3) Every record survives: the manifest's counts and values, and every row as it was
        # (columns added by the upgrade are new, so NULL or their default).
        for table, count in entry["counts"].items():
            assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count, table
        for table, key, key_value, column, value in entry["checks"]:
            if (table, column) in _DROPPED and _DROPPED[table, column] in pending:
                continue
            row = db.execute(
                f'SELECT "{column}" FROM {table} WHERE {key} = ?', [key_value]
            ).fetchone()
            assert row is not None, (table, key_value)
            if table == "inspections_fts" and "m009_link_documents" in pending:
                continue  # re-indexed with the unit's name by m009 (the search tests check it)
            if table == "hazards_fts" and "m010_major_hazard_rules" in pending:
                continue  # re-indexed with the moved 五到位 ticks (the rows are compared below)
            if (table, column) == ("hazard_events", "details") and "m009_link_documents" in pending:
                moved = {k: v for k, v in json.loads(value).items() if k not in ("number", "document_id")}
                assert json.loads(row[0]) == moved, (table, key_value, column)
                continue
            assert row[0] == value, (table, key_value, column)
        after = _snapshot(copy)
        for table, rows in _expected(golden, before, pending).items():
            width = len(rows[0]) if rows else 0
            assert [r[:width] for r in after[table]] == rows, table
            if table in ("hazards", "hazard_events", "inspections") and "m009_link_documents" in pending:
                continue  # m009's document links: checked by test_upgraded_documents_are_relations
            if table == "hazards" and "m010_major_hazard_rules" in pending:
                continue  # m010's 预案 and 待补录 columns: checked by test_m010_* below
            if table == "shelters" and "m012_add_plan_parts" in pending:
                # m012 gives every old shelter its kind and "every hazard".
                assert {r[width:] for r in after[table]} == {("应急避难场所", "")}, table
                continue
            assert all(v is None for r in after[table] for v in r[width:]), table
        # (4) Text search finds the records through the services.
        ws = Workspace(db, copy, clock=lambda: TODAY)
        assert ws.settings.township().name == "润城镇"
        assert ws.settings.township().short_name == "润"
        for register, text, ids in entry["search"]:
            assert sorted(_ids(ws, register, text)) == ids, (register, text)
    finally:
        db.close()

    # (5) A backup of the file as it was is written before migrating (none when at head).
    backups = sorted((copy.parent / "backups").glob("*.db"))
    if not pending:
        assert backups == []
        return
    assert len(backups) == 1, backups
    assert re.fullmatch(rf"safetydesk-\d{{8}}-\d{{6}}-before-{pending[0]}\.db", backups[0].name)
    assert _migration_rows(backups[0]) == old_migrations
    assert Database(backups[0]).schema == _schema_at(name)
    assert _snapshot(backups[0]) == before


@pytest.mark.parametrize(
    "golden",
    [g for g in GOLDENS if "hazards" in MANIFEST[g.name]["counts"]],
    ids=lambda p: p.stem,
)
def test_upgraded_golden_keeps_working(golden: Path, tmp_path: Path) -> None:
    """After the upgrade the old ledger goes on: timelines follow A2, numbers continue."""
    copy = _copy(golden, tmp_path)
    with Workspace.open(copy, clock=lambda: TODAY) as ws:
        hazards = ws.hazards.list()
        for h in hazards:
            state = HazardState.REGISTERED
            for e in ws.hazards.events(h.id or 0):
                assert e.from_state is state, (h.code, e.id)
                accepted = h.accepted and e.action is not HazardAction.ACCEPT
                assert next_state(state, e.action, h.level, accepted=accepted) is e.to_state
                state = e.to_state
            assert state is h.state, h.code
        # Two hazards share one notice: 文号 and document id in their 下达整改通知 events.
        numbers = ws.hazards.notice_numbers([h.id or 0 for h in hazards])
        assert numbers[2] == numbers[3] == "润安通〔2026〕3号"
        # The register continues after the voided 2号; hazard codes continue too.
        saved = ws.hazards.transition(4, HazardAction.ISSUE_NOTICE, on=TODAY, by="陈卫东")
        assert saved.record.state is HazardState.RECTIFYING
        assert ws.hazards.notice_numbers([4]) == {4: "润安通〔2026〕4号"}
        assert ws.hazards.store.next_code("润", year=2026) == f"润-2026-{len(hazards) + 1:04d}"


@pytest.mark.parametrize(
    "golden",
    [g for g in GOLDENS if "inspections" in MANIFEST[g.name]["counts"]],
    ids=lambda p: p.stem,
)
def test_upgraded_inspections_keep_their_links(golden: Path, tmp_path: Path) -> None:
    """Checklist results, the hazard they raised, the draw and the record's 文号 still match."""
    copy = _copy(golden, tmp_path)
    with Workspace.open(copy, clock=lambda: TODAY) as ws:
        ins = ws.inspections.get(1)
        assert [r.hazard_id for r in ins.failed_items] == [4]
        assert [h.id for h in ws.inspections.hazards_of(1)] == [4]
        assert ins.inspector_names == "陈卫东、李明"
        assert ws.coverage.verify(ins.draw_id or 0)
        record = ws.documents.by_ref("inspection:1")
        recheck = ws.documents.by_ref("hazard_event:7")
        assert record is not None and record.number == ins.document_number == "润安检记〔2026〕1号"
        assert recheck is not None and recheck.number == "润安复〔2026〕1号"


def test_opening_a_head_golden_is_a_noop(tmp_path: Path) -> None:
    """Opening a database already at head changes nothing and takes no backup.

    Uses the head's golden when there is one, else the newest golden after a first upgrade.
    """
    newest = GOLDENS[-1]
    copy = _copy(newest, tmp_path)
    if _migration_of(newest) != KNOWN_MIGRATIONS[-1]:
        open_database(copy).close()
        shutil.rmtree(copy.parent / "backups")
    schema = Database(copy).schema
    rows = _snapshot(copy)
    migration_rows = _migration_rows(copy)

    db = open_database(copy)
    try:
        assert migrations.pending(db) == []
        assert db.schema == schema
    finally:
        db.close()
    assert _migration_rows(copy) == migration_rows
    assert _snapshot(copy) == rows
    assert not (copy.parent / "backups").exists()


def test_m006_inspections_are_found_by_unit_name_after_upgrade(tmp_path: Path) -> None:
    """m007 began indexing an inspection's unit name for new records only; m009 indexes it for
    the inspections recorded before."""
    golden = GOLDEN_DIR / "schema_m006.db"
    with Workspace.open(_copy(golden, tmp_path), clock=lambda: TODAY) as ws:
        assert ws.inspections.list_ids(InspectionQuery(text="超市")) == [2]


@pytest.mark.parametrize(
    "golden",
    [g for g in GOLDENS if "hazard_events" in MANIFEST[g.name]["counts"]],
    ids=lambda p: p.stem,
)
def test_upgraded_documents_are_relations(golden: Path, tmp_path: Path) -> None:
    """m009 links each hazard, event and inspection to its document by id, from the old JSON
    numbers and refs; every layer then reads numbers through the link."""
    conn = sqlite3.connect(golden)
    numbers = dict(conn.execute("SELECT id, number FROM documents"))
    linked = any(r[1] == "document_id" for r in conn.execute("PRAGMA table_info(hazard_events)"))
    # Before m009 the notice's id and number were in the JSON; since, in the column.
    column = "json_object('document_id', document_id)" if linked else "details"
    issued = {
        hid: json.loads(details)
        for hid, details in conn.execute(
            f"SELECT hazard_id, {column} FROM hazard_events WHERE action = ? ORDER BY id",
            [HazardAction.ISSUE_NOTICE.value],
        )
    }
    if linked:
        for details in issued.values():
            details["number"] = numbers[details["document_id"]]
    conn.close()
    copy = _copy(golden, tmp_path)
    with Workspace.open(copy, clock=lambda: TODAY) as ws:
        for hid, details in issued.items():
            h = ws.hazards.get(hid)
            assert h.notice_id == details["document_id"], h.code
            assert numbers[h.notice_id] == details["number"]
            [event] = [e for e in ws.hazards.events(hid) if e.action is HazardAction.ISSUE_NOTICE]
            assert event.document_id == h.notice_id
        registered = [h for h in ws.hazards.list() if h.state is HazardState.REGISTERED]
        assert registered and all(h.notice_id is None for h in registered)
        assert [h.id for h in ws.hazards.of_notice(3)] == [2, 3]
        if "inspections" in MANIFEST[golden.name]["counts"]:
            ins = ws.inspections.get(1)
            assert ins.document_id is not None
            assert ws.documents.get(ins.document_id).number == ins.document_number
        if any(r[0] == "documents" and r[3] == "ref" for r in MANIFEST[golden.name]["checks"]) or (
            "hazard_photos" in MANIFEST[golden.name]["counts"]
        ):
            recheck = ws.hazards.event(7)
            assert recheck.document_id is not None
            assert ws.documents.get(recheck.document_id).number == "润安复〔2026〕1号"


def test_m010_moves_the_five_in_place_ticks_into_the_notes(tmp_path: Path) -> None:
    """m010: the free 五到位 ticks of an m009 database are kept in the 备注 (and found by search);
    the 五到位 is then computed from the fields, so the 资金 ticked with no amount is missing."""
    golden = GOLDEN_DIR / "schema_m009.db"
    copy = _copy(golden, tmp_path)
    with Workspace.open(copy, clock=lambda: TODAY) as ws:
        cols = [r[1] for r in ws.db.execute("PRAGMA table_info(hazards)")]
        assert "five_in_place" not in cols and cols[-3:-1] == ["emergency_plan", "basis_pending"]
        h = ws.hazards.get(5)
        assert h.major and h.notes == "原五到位勾选：责任,措施,资金"
        assert ws.hazards.list_ids(HazardQuery(text="原五到位 资金")) == [5]
        assert five_in_place(h) == {"责任": True, "措施": True, "资金": False, "时限": True, "预案": False}
        assert h.emergency_plan == "" and not h.basis_pending and not basis_missing(h)
        others = [x for x in ws.hazards.list() if x.id != 5]
        assert others and all(x.notes == "" and not x.basis_pending for x in others)
        assert ws.db.execute("SELECT count(*) FROM hazards WHERE emergency_plan IS NOT NULL").fetchone()[0] == 0
        assert ws.hazards.summary(TODAY).missing_basis == 0


def test_m010_marks_a_major_hazard_without_basis_as_pending(tmp_path: Path) -> None:
    """A 重大 row without a 判定依据 in an old database is marked 待补录 by m010."""
    copy = _copy(GOLDEN_DIR / "schema_m009.db", tmp_path)
    conn = sqlite3.connect(copy)
    with conn:
        conn.execute("UPDATE hazards SET basis = '  ' WHERE id = 5")
    conn.close()
    with Workspace.open(copy, clock=lambda: TODAY) as ws:
        assert ws.hazards.get(5).basis_pending
        assert ws.hazards.list_ids(HazardQuery(missing_basis=True)) == [5]
        assert ws.hazards.summary(TODAY).missing_basis == 1
        assert all(not ws.hazards.get(i).basis_pending for i in range(1, 5))


@pytest.mark.parametrize("golden", GOLDENS, ids=lambda p: p.stem)
def test_upgraded_golden_takes_plans_and_shelters(golden: Path, tmp_path: Path) -> None:
    """m011 on every golden: an old ledger's villages get 一制四案 versions and shelters."""
    copy = _copy(golden, tmp_path)
    with Workspace.open(copy, clock=lambda: TODAY) as ws:
        village_id = ws.plans.village_id("上伏村")
        assert village_id == 2
        before = ws.plans.matrix()
        (old_row,) = [r for r in before.rows if r.village_id == 2]
        ws.plans.add_version(village_id, PlanKind.FLOOD, "2026年版", drafted_on=date(2026, 4, 1))
        ws.plans.set_state(village_id, PlanKind.FLOOD, PlanStatus.SUBMITTED)
        ws.plans.add_shelter(Shelter(None, village_id, "上伏村小学操场", "上伏村小学", 400))
    with Workspace.open(copy, clock=lambda: TODAY) as ws:
        m = ws.plans.matrix()
        assert m.totals.required == 15 and m.totals.drafted == before.totals.drafted + 1
        (row,) = [r for r in m.rows if r.village_id == 2]
        expected = [c.status for c in old_row.cells]
        expected[2] = PlanStatus.SUBMITTED  # 防汛
        assert [c.status for c in row.cells] == expected
        assert old_row.cells[2].status is PlanStatus.MISSING
        assert row.shelters == old_row.shelters + 1


def test_m012_keeps_old_plans_and_adds_their_parts(tmp_path: Path) -> None:
    """m012 on the m011 golden: versions keep their dates and states, shelters read typed, and
    the new parts (contacts, households, 包保, call-outs) start empty and take records."""
    from safetydesk.domain.baobao import Household
    from safetydesk.domain.plans import ShelterKind
    from safetydesk.storage import plan_parts as parts

    copy = _copy(GOLDEN_DIR / "schema_m011.db", tmp_path)
    with Workspace.open(copy, clock=lambda: TODAY) as ws:
        versions = ws.plans.versions(1, PlanKind.FLOOD)
        assert [(v.version, v.status) for v in versions] == [
            ("2025年版", PlanStatus.RETIRED), ("2026年版", PlanStatus.EFFECTIVE)
        ]
        assert versions[1].next_revision_on == date(2027, 5, 31)
        assert versions[1].warning_signal == "" and versions[1].attachment_name == ""
        (township,) = ws.plans.shelters(township=True)
        assert township.kind is ShelterKind.SHELTER and township.hazards == ()
        assert parts.callouts(ws.db) == []
        assert parts.all_of(ws.db, Household) == []


def test_m013_keeps_plan_parts_and_adds_drills(tmp_path: Path) -> None:
    """m013 on the m012 golden: the 包保 chain, households and call-outs read as before, and the
    drill tables start empty and take a drill that exercised the village's plan version."""
    from safetydesk.domain.baobao import BaobaoAssignment, Household
    from safetydesk.domain.drills import Drill, DrillCategory, SubjectKind
    from safetydesk.storage import drills as drill_store
    from safetydesk.storage import plan_parts as parts

    copy = _copy(GOLDEN_DIR / "schema_m012.db", tmp_path)
    with Workspace.open(copy, clock=lambda: TODAY) as ws:
        (household,) = parts.all_of(ws.db, Household)
        assert (household.head, household.size, household.route_id) == ("郭福生", 3, 1)
        levels = [a.level.value for a in parts.all_of(ws.db, BaobaoAssignment)]
        assert sorted(levels) == ["乡包村", "组包户"]
        (callout,) = parts.callouts(ws.db)
        assert callout.moved == 3
        assert drill_store.rules(ws.db) == [] and drill_store.plan_items(ws.db) == []
        held = Drill(title="后河沟山洪转移演练", organiser_kind=SubjectKind.VILLAGE, village_id=1,
                     held_on=date(2026, 6, 12), category=DrillCategory.FLASH_FLOOD,
                     plan_version_id=2, participants=40, residents=28)  # fmt: skip
        with ws.db.atomic():
            stored = drill_store.DrillStore(ws.db).insert(held)
        (back,) = drill_store.drills_between(ws.db, date(2026, 1, 1), date(2026, 12, 31))
        assert back == stored
        assert (back.plan_version_id, back.category) == (2, DrillCategory.FLASH_FLOOD)


def test_m014_moves_drill_problems_into_findings(tmp_path: Path) -> None:
    """m014 on the m013 golden: the free-text 存在问题 / 改进措施 become numbered findings (line n
    with line n), the two columns are gone, and a drill without problems has no findings."""
    copy = _copy(GOLDEN_DIR / "schema_m013.db", tmp_path)
    with Workspace.open(copy, clock=lambda: TODAY) as ws:
        cols = [r[1] for r in ws.db.execute("PRAGMA table_info(drills)")]
        assert "problems" not in cols and "corrective_actions" not in cols
        found = ws.drills.findings(1)
        assert [f.seq for f in found] == [1, 2]
        assert [f.problem for f in found] == ["三组两户未听到预警铜锣", "转移时手电筒不足"]
        assert [f.action for f in found] == ["三组增设手摇报警器，由网格员负责", "补充手电筒20只"]
        assert ws.drills.findings(2) == []
        assert ws.drills.get(1).participants == 62
        assert ws.drills.evaluation(1) is None and ws.drills.attachments(1) == []
        assert ws.db.execute("SELECT count(*) FROM hazards WHERE drill_id IS NOT NULL").fetchone()[0] == 0
