"""The evaluation's computed conclusion, its override with a reason, and the timeline reader."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from safetydesk.domain.drill_evaluation import (
    DEFAULT_EVAL_TEMPLATES,
    DrillEvaluation,
    Rating,
    check_evaluation,
    computed_conclusion,
    results_of,
    score,
)
from safetydesk.domain.drill_records import TimelineStep, timeline_steps, timeline_text
from safetydesk.domain.drills import DrillConclusion, DrillForm
from safetydesk.errors import ValidationErrors

LIVE = DEFAULT_EVAL_TEMPLATES[0]


def rated(*ratings: Rating) -> tuple:
    blank = results_of(LIVE)[: len(ratings)]
    return tuple(replace(r, rating=x, note="问题" if x is Rating.NOT_MET else "")
                 for r, x in zip(blank, ratings, strict=True))  # fmt: skip


def test_defaults_have_10_to_15_items_per_form() -> None:
    forms = {t.form for t in DEFAULT_EVAL_TEMPLATES}
    assert forms == {DrillForm.LIVE, DrillForm.TABLETOP}
    assert all(10 <= len(t.items) <= 15 for t in DEFAULT_EVAL_TEMPLATES)
    assert [i.seq for i in LIVE.items] == list(range(1, len(LIVE.items) + 1))


@pytest.mark.parametrize(
    ("ratings", "points", "conclusion"),
    [
        ((Rating.MET,) * 10, 100, DrillConclusion.MET),
        ((Rating.MET,) * 8 + (Rating.MOSTLY_MET,) * 2, 90, DrillConclusion.MET),
        ((Rating.MET,) * 9 + (Rating.NOT_MET,), 90, DrillConclusion.MOSTLY_MET),
        ((Rating.MET,) * 4 + (Rating.MOSTLY_MET,) * 6, 70, DrillConclusion.MOSTLY_MET),
        ((Rating.MET,) * 4 + (Rating.MOSTLY_MET,) * 5 + (Rating.NOT_MET,), 65,
         DrillConclusion.NOT_MET),
    ],
)  # fmt: skip
def test_conclusion_is_computed_from_the_points(
    ratings: tuple[Rating, ...], points: int, conclusion: DrillConclusion
) -> None:
    results = rated(*ratings)
    assert score(results) == points
    assert computed_conclusion(results) is conclusion


def test_override_needs_a_reason_and_every_item_a_rating() -> None:
    held = date(2026, 6, 12)
    ev = DrillEvaluation(drill_id=1, results=rated(*(Rating.MET,) * 10), evaluated_on=held,
                         override=DrillConclusion.MOSTLY_MET)  # fmt: skip
    with pytest.raises(ValidationErrors, match="请写明理由"):
        check_evaluation(ev, held, held)
    ok = check_evaluation(replace(ev, override_reason="叫应记录不全"), held, held)
    assert ok.computed is DrillConclusion.MET and ok.conclusion is DrillConclusion.MOSTLY_MET
    same = check_evaluation(replace(ev, override=DrillConclusion.MET), held, held)
    assert same.override is None
    blank = replace(ev, results=results_of(LIVE), override=None)
    with pytest.raises(ValidationErrors, match="尚未评定") as caught:
        check_evaluation(replace(blank, evaluated_on=date(2026, 6, 1)), held, held)
    assert "早于演练日期" in caught.value.errors["evaluated_on"]


def test_timeline_reads_times_and_writes_lines() -> None:
    steps = timeline_steps("9:05 发布预警\n\n 09：20 叫应到位\n现场点评")
    assert steps == [TimelineStep("09:05", "发布预警"), TimelineStep("09:20", "叫应到位"),
                     TimelineStep("", "现场点评")]  # fmt: skip
    assert timeline_text(steps) == "09:05 发布预警\n09:20 叫应到位\n现场点评"
