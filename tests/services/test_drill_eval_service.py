"""ws.drill_evals on a real database: checklists seeded once and versioned, an evaluation that
sets the drill's conclusion, overrides that need a reason, refusals that write nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from safetydesk.domain.drill_evaluation import (
    DEFAULT_EVAL_TEMPLATES,
    DrillEvaluation,
    EvalItem,
    Rating,
)
from safetydesk.domain.drills import Drill, DrillConclusion, DrillForm, SubjectKind
from safetydesk.errors import NotFoundError, ValidationError, ValidationErrors
from safetydesk.services import Workspace
from safetydesk.services.changes import Topic

HELD = date(2026, 6, 12)


@pytest.fixture
def drill(ws: Workspace, village) -> Drill:
    return ws.drills.record(Drill(title="润城村防汛演练", organiser_kind=SubjectKind.VILLAGE,
                                  village_id=village.id, held_on=HELD))  # fmt: skip


def _rated(ev: DrillEvaluation, *ratings: Rating, note: str = "") -> DrillEvaluation:
    """``ev`` with the items rated in turn by ``ratings`` (the rest 达标)."""
    results = tuple(
        replace(r, rating=ratings[n] if n < len(ratings) else Rating.MET,
                note=note if n < len(ratings) and ratings[n] is Rating.NOT_MET else r.note)
        for n, r in enumerate(ev.results)
    )  # fmt: skip
    return replace(ev, results=results)


def test_checklists_are_seeded_once(ws: Workspace) -> None:
    first = ws.drill_evals.templates()
    assert [t.family for t in first] == [t.family for t in DEFAULT_EVAL_TEMPLATES]
    assert all(t.builtin and t.version == 1 for t in first)
    assert 10 <= len(first[0].items) <= 15 and 10 <= len(first[1].items) <= 15
    again = type(ws.drill_evals)(ws.db, ws.clock).templates()
    assert [t.id for t in again] == [t.id for t in first]


def test_the_checklist_follows_the_drill_form(ws: Workspace, drill: Drill) -> None:
    assert ws.drill_evals.template_for(drill).family == "drill-live"
    desk = replace(drill, form=DrillForm.TABLETOP)
    assert ws.drill_evals.template_for(desk).family == "drill-tabletop"
    blank = ws.drill_evals.blank(drill.id or 0)
    assert blank.evaluated_on == HELD and all(r.rating is None for r in blank.results)


def test_evaluation_sets_the_drill_conclusion(ws: Workspace, drill: Drill) -> None:
    ev = _rated(ws.drill_evals.blank(drill.id or 0), Rating.MOSTLY_MET, Rating.MOSTLY_MET,
                Rating.MOSTLY_MET)  # fmt: skip
    saved = ws.drill_evals.evaluate(ev)
    assert saved.changes.touches(Topic.DRILLS)
    got = ws.drill_evals.evaluation(drill.id or 0)
    assert got is not None and got.score == saved.record.score == 88  # 23 of 26 points
    assert got.conclusion is DrillConclusion.MOSTLY_MET
    assert ws.drills.get(drill.id or 0).conclusion is DrillConclusion.MOSTLY_MET
    # Saved again with every item 达标: one evaluation, conclusion follows.
    ws.drill_evals.evaluate(_rated(got))
    assert ws.drills.get(drill.id or 0).conclusion is DrillConclusion.MET
    assert ws.db.execute("SELECT count(*) FROM drill_evaluations").fetchone()[0] == 1


def test_override_needs_a_reason(ws: Workspace, drill: Drill) -> None:
    ev = replace(_rated(ws.drill_evals.blank(drill.id or 0)), override=DrillConclusion.MOSTLY_MET)
    with pytest.raises(ValidationErrors) as exc:
        ws.drill_evals.evaluate(ev)
    assert "请写明理由" in exc.value.errors["override_reason"]
    assert ws.drill_evals.evaluation(drill.id or 0) is None
    assert ws.drills.get(drill.id or 0).conclusion is None
    saved = ws.drill_evals.evaluate(replace(ev, override_reason="群众参与面不足")).record
    assert (saved.computed, saved.conclusion) == (DrillConclusion.MET, DrillConclusion.MOSTLY_MET)
    assert ws.drills.get(drill.id or 0).conclusion is DrillConclusion.MOSTLY_MET


def test_bad_evaluations_are_refused_whole(ws: Workspace, drill: Drill) -> None:
    blank = ws.drill_evals.blank(drill.id or 0)
    with pytest.raises(ValidationErrors) as exc:
        ws.drill_evals.evaluate(blank)
    assert "尚未评定" in exc.value.errors["results"]
    failed = replace(_rated(blank, Rating.NOT_MET), evaluated_on=date(2026, 12, 1))
    with pytest.raises(ValidationErrors) as exc:
        ws.drill_evals.evaluate(failed)
    assert "请在说明中写明问题" in exc.value.errors["results"]
    assert "晚于今天" in exc.value.errors["evaluated_on"]
    with pytest.raises(ValidationErrors) as exc:
        ws.drill_evals.evaluate(replace(_rated(blank), evaluated_on=date(2026, 6, 1)))
    assert "早于演练日期" in exc.value.errors["evaluated_on"]
    with pytest.raises(NotFoundError):
        ws.drill_evals.evaluate(replace(_rated(blank), drill_id=999))
    assert ws.drill_evals.evaluation(drill.id or 0) is None


def test_new_version_keeps_old_evaluations_on_their_version(ws: Workspace, drill: Drill) -> None:
    live = ws.drill_evals.template_for(drill)
    ws.drill_evals.evaluate(_rated(ws.drill_evals.blank(drill.id or 0)))
    items = [*live.items[:3], EvalItem(0, "避难场所开放", "场所开放及时，物资到位")]
    v2 = ws.drill_evals.new_version(live.id or 0, items).record
    assert (v2.family, v2.version, len(v2.items)) == ("drill-live", 2, 4)
    assert [i.seq for i in v2.items] == [1, 2, 3, 4]
    assert ws.drill_evals.template(live.id or 0).retired
    assert ws.drill_evals.template_for(drill).id == v2.id
    old = ws.drill_evals.evaluation(drill.id or 0)
    assert old is not None and old.template_id == live.id and len(old.results) == len(live.items)
    assert ws.drill_evals.uses(live.id or 0) == 1 and ws.drill_evals.uses(v2.id or 0) == 0
    assert [v.version for v in ws.drill_evals.versions("drill-live")] == [1, 2]


@pytest.mark.parametrize(
    ("items", "text"),
    [
        ([], "至少要有一个"),
        ([EvalItem(1, "  ")], "第1项没有填写评估项目"),
        ([EvalItem(1, "指挥到位"), EvalItem(2, "指挥到位")], "与第1项重复"),
        ([EvalItem(n, f"项目{n}") for n in range(31)], "最多 30 项"),
    ],
)
def test_bad_checklists_are_refused(ws: Workspace, items: list[EvalItem], text: str) -> None:
    live = ws.drill_evals.templates()[0]
    with pytest.raises(ValidationError) as exc:
        ws.drill_evals.new_version(live.id or 0, items)
    assert text in str(exc.value)
    assert [v.version for v in ws.drill_evals.versions(live.family)] == [1]


def test_copy_starts_a_family_of_its_own(ws: Workspace) -> None:
    live = ws.drill_evals.templates()[0]
    mine = ws.drill_evals.copy(live.id or 0, "本镇防汛实战演练评估表").record
    assert mine.family.startswith("user-") and mine.version == 1 and not mine.builtin
    assert len(ws.drill_evals.templates()) == 3


def test_delete_removes_the_evaluation(ws: Workspace, drill: Drill) -> None:
    ws.drill_evals.evaluate(_rated(ws.drill_evals.blank(drill.id or 0)))
    ws.drill_evals.delete(drill.id or 0)
    assert ws.drill_evals.evaluation(drill.id or 0) is None
    with pytest.raises(NotFoundError):
        ws.drill_evals.delete(drill.id or 0)
