"""The demo's inspections on a generated demo database: they explain the demo hazards, stay in
the past, leave coverage gaps to show, come with verifiable 双随机 draws and repeat per seed."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections import Counter
from datetime import date, datetime, time
from pathlib import Path

import pytest

from safetydesk.domain.hazards import HazardAction, HazardState
from safetydesk.domain.inspections import (
    Disposition,
    InspectionKind,
    InspectionMethod,
    ItemResult,
    check_inspection,
)
from safetydesk.domain.queries import InspectionQuery
from safetydesk.services import Workspace
from safetydesk.services.demo import create_demo
from safetydesk.services.inspections import UncheckedItemsError

TODAY = date(2026, 11, 23)
SEED = 3


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with Workspace.open(path, clock=lambda: TODAY) as ws:
        create_demo(ws, seed=SEED, today=TODAY)
    return path


@pytest.fixture
def demo(demo_db: Path) -> Workspace:
    ws = Workspace.open(demo_db, clock=lambda: TODAY)
    yield ws
    ws.close()


def _rows(path: Path) -> list[tuple]:
    """Every inspection, draw and hazard link, without the write timestamps."""
    con = sqlite3.connect(path)
    try:
        cols = [r[1] for r in con.execute("PRAGMA table_info(inspections)")
                if r[1] not in ("created_at", "updated_at")]  # fmt: skip
        rows = con.execute(f"SELECT {', '.join(cols)} FROM inspections ORDER BY id").fetchall()
        rows += con.execute("SELECT drawn_on, seed, n, population, chosen FROM draws").fetchall()
        rows += con.execute("SELECT id, inspection_id FROM hazards ORDER BY id").fetchall()
        return rows
    finally:
        con.close()


def test_every_demo_hazard_points_to_the_inspection_that_found_it(demo: Workspace) -> None:
    found = demo.hazards.list()
    assert len(found) == 62  # 60 a year, one 重大 from an old ledger and one found in a drill
    hazards = [h for h in found if h.drill_id is None]
    assert len(hazards) == 61
    inspections = {i.id: i for i in demo.inspections.list()}
    for h in hazards:
        assert h.inspection_id is not None, h.code
        ins = inspections[h.inspection_id]
        assert ins.unit_id == h.unit_id and ins.inspected_on == h.found_on
        assert ins.inspector_names == h.found_by.replace(",", "、")
        failed = [r for r in ins.failed_items if r.hazard_id == h.id]
        assert len(failed) == 1 and failed[0].note == h.description
        assert ins.disposition is not Disposition.NO_PROBLEM
    # And the other way: every 不合格 item names a hazard of that inspection.
    linked = Counter(h.inspection_id for h in hazards)
    for ins in inspections.values():
        assert len(ins.failed_items) == linked.get(ins.id, 0)
        assert {r.hazard_id for r in ins.failed_items} == {
            h.id for h in demo.inspections.hazards_of(ins.id)
        }


def test_failed_items_are_the_closest_checklist_items(demo: Workspace) -> None:
    items = {
        h.description: r.content
        for ins in demo.inspections.list()
        for r in ins.failed_items
        for h in demo.inspections.hazards_of(ins.id)
        if r.hazard_id == h.id
    }
    expected = {
        "灭火器压力不足，指针在红区": "灭火器配置",
        "应急照明灯损坏不亮": "应急照明、疏散指示标志",
        "电气线路私拉乱接，未穿管保护": "电气线路",
        "未建立防火巡查记录": "防火巡查记录",
    }
    seen = {d: c for d, c in items.items() if d in expected}
    assert seen and all(expected[d] == c for d, c in seen.items())


def test_disposition_follows_what_happened_to_the_hazards(demo: Workspace) -> None:
    on_spot = {
        h.id
        for h in demo.hazards.list()
        if any(e.action is HazardAction.ON_SPOT for e in demo.hazards.events(h.id))
    }
    dispositions = Counter()
    for ins in demo.inspections.list():
        ids = {r.hazard_id for r in ins.failed_items}
        if not ids:
            expected = Disposition.NO_PROBLEM
        elif ids <= on_spot:
            expected = Disposition.ON_SPOT
        else:
            expected = Disposition.NOTICE
            assert "润安通〔" in ins.disposition_note
        assert ins.disposition is expected
        dispositions[expected] += 1
    assert dispositions[Disposition.ON_SPOT] and dispositions[Disposition.NOTICE]


def test_records_pass_the_inspection_rules_and_stay_in_the_past(demo: Workspace) -> None:
    today_end = datetime.combine(TODAY, time.max)
    people = {p.name: p for p in demo.people.list()}
    templates = {t.id: t for t in demo.checklists.all()}
    records = demo.inspections.list()
    assert len(records) > 200
    for ins in records:
        assert check_inspection(ins, today_end=today_end) == {}, ins.id
        start, end = ins.started_at, ins.ended_at
        assert TODAY.replace(year=TODAY.year - 1) < ins.inspected_on <= TODAY
        assert 60 <= (end - start).total_seconds() / 60 <= 120 and 8 <= start.hour <= 16
        assert ins.recorder == ins.inspectors[0].name and ins.met_person
        for i in ins.inspectors:
            p = people[i.name]
            assert (i.person_id, i.cert_no) == (p.id, p.cert_no)
        t = templates[ins.template_id]
        assert ins.target_type in t.target_types or t.family == "fire-general"
        assert [r.seq for r in ins.results] == [it.seq for it in t.items]
        if ins.draft:  # the one record begun today (see the test below)
            continue
        assert all(r.result is ItemResult.PASS for r in ins.results if r.hazard_id is None)
    con = demo.db.conn
    assert con.execute("SELECT count(*) FROM inspections WHERE inspector_count IS NULL "
                       "OR inspector_count != json_array_length(inspectors)").fetchone()[0] == 0  # fmt: skip
    assert demo.inspections.count(InspectionQuery(text=records[0].met_person)) >= 1


def test_finished_records_are_answered_and_one_draft_of_today_is_not(
    demo: Workspace, tmp_path: Path
) -> None:
    records = demo.inspections.list()
    drafts = [i for i in records if i.draft]
    assert len(drafts) == 1
    [draft] = drafts
    assert demo.inspections.list_ids(InspectionQuery(unchecked=True)) == [draft.id]
    assert draft.inspected_on == TODAY and not draft.failed_items and draft.document_id is None
    done = [r for r in draft.results if r.answered]
    assert done and all(r.result is ItemResult.PASS for r in done)
    assert [r.seq for r in done] == list(range(1, len(done) + 1))
    assert draft.unchecked_items and "其余各项待逐项检查" in draft.narrative
    # Every other record is answered item by item, so it prints; the draft does not.
    assert all(not i.unchecked_items for i in records if i.id != draft.id)
    with pytest.raises(UncheckedItemsError):
        demo.print_jobs.inspection_record(draft.id, tmp_path / "draft.pdf")
    assert not (tmp_path / "draft.pdf").exists()


def test_methods_and_kinds_have_realistic_shares(demo: Workspace) -> None:
    records = demo.inspections.list()
    methods = Counter(m for ins in records for m in ins.methods)
    share = {m: methods[m.value] / len(records) for m in InspectionMethod}
    assert 0.12 <= share[InspectionMethod.FOUR_NO_TWO_DIRECT] <= 0.30
    assert 0.05 <= share[InspectionMethod.DOUBLE_RANDOM] <= 0.15
    assert share[InspectionMethod.REGULAR] > 0.5
    kinds = Counter(ins.kind for ins in records)
    assert kinds.most_common(1)[0][0] is InspectionKind.ROUTINE
    assert kinds[InspectionKind.SPECIAL] and kinds[InspectionKind.SEASONAL]
    assert all(
        ins.inspected_on.month == 6 for ins in records if ins.kind is InspectionKind.SPECIAL
    )
    # 节前 checks in the two weeks before 春节 (2026-02-15) and before 国庆; 季节性 ones at
    # forest, water and geohazard points in their seasons.
    seasonal_types = {"森林防火区域", "水利设施", "地质灾害隐患点"}
    before_festival = [
        i.inspected_on
        for i in records
        if i.kind is InspectionKind.SEASONAL and i.target_type not in seasonal_types
    ]
    assert before_festival and all(
        date(2026, 2, 1) <= d <= date(2026, 2, 14) or date(2026, 9, 18) <= d <= date(2026, 9, 30)
        for d in before_festival
    )
    assert any(d < date(2026, 2, 15) for d in before_festival)


def test_coverage_has_covered_and_uncovered_units(demo: Workspace) -> None:
    report = demo.coverage.coverage(TODAY.year)
    assert len(report.units) == demo.units.count()
    not_covered = report.not_covered
    assert 0 < len(not_covered) < len(report.units) * 0.6
    assert report.four_no_two_direct and report.double_random
    # Most risk-A units were inspected in each of this year's finished quarters.
    a_units = {u.unit_id for u in report.units if u.risk == "A"}
    dates = demo.inspections.store.dates_by_unit(date(TODAY.year, 1, 1), last=TODAY)
    y = TODAY.year
    for first, last in ((date(y, 1, 1), date(y, 3, 31)), (date(y, 4, 1), date(y, 6, 30)),
                        (date(y, 7, 1), date(y, 9, 30))):
        done = sum(any(first <= d <= last
                       for d in dates.get(u, ())) for u in a_units)  # fmt: skip
        assert done >= 0.7 * len(a_units)


def test_double_random_draws_verify_and_their_units_are_inspected(demo: Workspace) -> None:
    draws = demo.coverage.draws.of_year(TODAY.year) + demo.coverage.draws.of_year(TODAY.year - 1)
    assert len(draws) >= 2
    by_draw: dict[int, list] = {}
    for ins in demo.inspections.list(InspectionQuery(method=InspectionMethod.DOUBLE_RANDOM.value)):
        by_draw.setdefault(ins.draw_id, []).append(ins)
    for d in draws:
        assert demo.coverage.verify(d.id)
        assert d.drawn_on < TODAY
        got = by_draw.pop(d.id)
        assert sorted(i.unit_id for i in got) == sorted(d.chosen)
        assert all(d.drawn_on < i.inspected_on for i in got)
    assert not by_draw  # every 双随机 inspection comes from a recorded draw


def test_open_hazards_still_have_their_notice_state(demo: Workspace) -> None:
    # Linking inspections changes nothing else about the hazards.
    states = Counter(h.state for h in demo.hazards.list())
    assert states[HazardState.CLOSED] and states[HazardState.RECTIFYING]


def test_same_seed_same_inspections_in_another_process(demo_db: Path, tmp_path: Path) -> None:
    other = tmp_path / "again.db"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run(
        [sys.executable, "-m", "safetydesk", "--db", str(other), "demo", "--seed", str(SEED),
         "--today", TODAY.isoformat()],
        check=True, capture_output=True, env=env,
    )  # fmt: skip
    assert _rows(other) == _rows(demo_db)
    third = tmp_path / "other-seed.db"
    with Workspace.open(third, clock=lambda: TODAY) as ws:
        create_demo(ws, seed=SEED + 1, today=TODAY)
    assert _rows(third) != _rows(demo_db)
