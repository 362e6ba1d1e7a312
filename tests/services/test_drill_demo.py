"""The demo township's year of drills: the township's 实战 drill, most villages done, a few out
of compliance, some unit drills missing, and a plan with a moved item."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from safetydesk.domain.drill_plans import OccurrenceStatus
from safetydesk.domain.drill_rules import ComplianceStatus
from safetydesk.domain.drills import DrillForm, SubjectKind
from safetydesk.services import Workspace
from safetydesk.services.demo import create_demo
from safetydesk.services.demo.drills import MOVED, NO_DRILL

TODAY = date(2026, 12, 3)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("drills") / "demo.db"
    with Workspace.open(path, clock=lambda: TODAY) as ws:
        create_demo(ws, seed=3, today=TODAY)
    return path


def test_demo_year_of_drills_and_compliance(demo: Path) -> None:
    with Workspace.open(demo, clock=lambda: TODAY) as ws:
        drills = ws.drills.drills(2026)
        obligations = ws.drills.compliance(2026)
        villages = [v.name for v in ws.villages.list()]
        plan = ws.drills.plan(2026)
    town = [d for d in drills if d.organiser_kind is SubjectKind.TOWNSHIP]
    assert any(d.form is DrillForm.LIVE and "多部门" in d.title for d in town)
    assert all(d.held_on <= TODAY for d in drills)
    assert [d.record_no for d in drills[:2]] == ["YL2026-1", "YL2026-2"]
    by_kind = {k: [o for o in obligations if o.subject.kind is k] for k in SubjectKind}
    assert all(o.status is ComplianceStatus.DONE for o in by_kind[SubjectKind.TOWNSHIP])
    late = sorted(o.subject.name for o in by_kind[SubjectKind.VILLAGE] if o.missing)
    assert late == sorted(villages[i] for i in NO_DRILL)
    assert len(by_kind[SubjectKind.VILLAGE]) == len(villages) == 23
    units_missing = [o for o in by_kind[SubjectKind.UNIT] if o.missing]
    units_done = [o for o in by_kind[SubjectKind.UNIT] if not o.missing]
    assert units_missing and units_done
    assert any(o.status is ComplianceStatus.OVERDUE for o in units_missing)  # a missed half
    moved = [o for o in plan if o.item.village_id is not None and o.on != o.planned_on]
    assert [(o.item.title, o.on, o.status) for o in moved] == [
        (f"{villages[MOVED]}防汛避险转移演练", date(2026, 6, 12), OccurrenceStatus.DONE)
    ]
    assert sum(o.status is OccurrenceStatus.OVERDUE for o in plan) == len(NO_DRILL)


def test_demo_drill_files_and_the_hazard_a_drill_found(demo: Path) -> None:
    from safetydesk.domain.drill_records import AttachmentKind
    from safetydesk.domain.hazards import HazardSource

    with Workspace.open(demo, clock=lambda: TODAY) as ws:
        town = next(d for d in ws.drills.drills(2026) if "多部门" in d.title)
        files = ws.drill_files.attachments(town.id or 0)
        kinds = sorted(a.kind for a in files)
        assert kinds == sorted([AttachmentKind.PHOTO] * 3 + [AttachmentKind.SIGN_IN])
        for a in files:
            assert ws.drill_files.path(a).is_file() and a.taken_on == town.held_on
        raised = [h for h in ws.hazards.list() if h.drill_id is not None]
        assert len(raised) == 1 and raised[0].source is HazardSource.DRILL
        (finding,) = ws.drills.findings(raised[0].drill_id or 0)
        assert finding.hazard_id == raised[0].id and "安全出口" in finding.problem


def test_demo_evaluations_agree_with_the_drills(demo: Path) -> None:
    from safetydesk.domain.drill_evaluation import Rating
    from safetydesk.domain.drills import DrillConclusion

    with Workspace.open(demo, clock=lambda: TODAY) as ws:
        drills = ws.drills.drills(2026)
        evals = {d.id: ws.drill_evals.evaluation(d.id or 0) for d in drills}
    done = {i: e for i, e in evals.items() if e is not None}
    assert len(done) > len(drills) * 3 // 4 and len(done) < len(drills)  # most, not all
    for d in drills:
        e = done.get(d.id)
        if e is not None:
            assert e.conclusion is d.conclusion and e.evaluated_on == d.held_on
    town = next(d for d in drills if "多部门" in d.title)
    ev = done[town.id]
    assert ev.conclusion is DrillConclusion.MOSTLY_MET and ev.score == 88
    assert {r.content: r.rating for r in ev.results if r.rating is not Rating.MET} == {
        "协同配合": Rating.MOSTLY_MET, "重点人员转移": Rating.NOT_MET}  # fmt: skip
    overridden = [e for e in done.values() if e.override is not None]
    assert len(overridden) == 1 and overridden[0].override_reason
    assert overridden[0].computed is DrillConclusion.MOSTLY_MET
