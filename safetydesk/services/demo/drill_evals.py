"""Demo 演练评估 of 润城镇: most drills evaluated by their checklist, consistent with their 评估结论.

The township's 实战 drill is 基本达到: 协同配合 基本达标 and 重点人员转移 不达标, as its findings
say. A drill 达到预期 rates every item 达标; one 基本达到 rates three items 基本达标. One village's
drill was rated 基本达到 but the evaluators raised it to 达到预期, with their reason. Every fifth
unit reported its drill without an evaluation.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from safetydesk.domain.drill_evaluation import (
    DrillEvaluation,
    EvalResult,
    EvalTemplate,
    Rating,
    check_evaluation,
    results_of,
)
from safetydesk.domain.drills import Drill, DrillConclusion, DrillForm, SubjectKind
from safetydesk.storage.drill_records import EvaluationStore

if TYPE_CHECKING:
    from datetime import date

    from safetydesk.services import Workspace

#: Ratings of the township's 实战 drill: item 评估项目 → (rating, note).
TOWN_RATINGS = {
    "协同配合": (Rating.MOSTLY_MET, "个别村应急分队集结偏慢，超过预案要求的30分钟"),
    "重点人员转移": (Rating.NOT_MET, "转移名单与实际住户不一致2户，包保责任人未能一一对应"),
}
#: The reason the village's evaluators gave for raising its conclusion.
OVERRIDE_REASON = "基本达标的三项均为组织细节，已当场纠正，评估组一致认为达到预期"


def _rated(results: tuple[EvalResult, ...], marks: dict[str, tuple[Rating, str]]) -> tuple[
    EvalResult, ...
]:
    """Every item 达标 except those in ``marks``."""
    return tuple(
        replace(r, rating=marks[r.content][0], note=marks[r.content][1])
        if r.content in marks else replace(r, rating=Rating.MET)
        for r in results
    )  # fmt: skip


def _mostly(results: tuple[EvalResult, ...]) -> tuple[EvalResult, ...]:
    """Three items 基本达标 (88 points: 基本达到)."""
    picks = {r.content: (Rating.MOSTLY_MET, "组织衔接稍慢") for r in results[2:5]}
    return _rated(results, picks)


def _evaluators(drill: Drill) -> str:
    if drill.organiser_kind is SubjectKind.TOWNSHIP:
        return "阳城县应急管理局 王建国、润城镇应急办 陈卫东"
    if drill.organiser_kind is SubjectKind.VILLAGE:
        return "润城镇应急办 陈卫东"
    return f"{drill.organiser}（自评）"


def create_demo_evaluations(ws: Workspace, *, today: date) -> int:
    """Evaluate the demo drills (inside the caller's transaction); returns how many."""
    templates = {t.form: t for t in ws.drill_evals.templates()}
    drills = ws.drills.drills()
    out: list[DrillEvaluation] = []
    overridden = False
    for n, drill in enumerate(drills):
        if drill.id is None or drill.conclusion is None:
            continue
        if drill.organiser_kind is SubjectKind.UNIT and n % 5 == 4:
            continue
        template: EvalTemplate = templates.get(drill.form) or templates[DrillForm.LIVE]
        blank = results_of(template)
        override: DrillConclusion | None = None
        reason = ""
        if drill.organiser_kind is SubjectKind.TOWNSHIP and drill.form is DrillForm.LIVE:
            results = _rated(blank, TOWN_RATINGS)
        elif drill.conclusion is DrillConclusion.MOSTLY_MET:
            results = _mostly(blank)
        elif drill.organiser_kind is SubjectKind.VILLAGE and not overridden:
            results, override, reason, overridden = _mostly(blank), DrillConclusion.MET, \
                OVERRIDE_REASON, True  # fmt: skip
        else:
            results = _rated(blank, {})
        ev = check_evaluation(DrillEvaluation(
            drill_id=drill.id, template_id=template.id, evaluators=_evaluators(drill),
            results=results, override=override, override_reason=reason,
            evaluated_on=drill.held_on,
        ), drill.held_on, today)  # fmt: skip
        assert ev.conclusion is drill.conclusion, (drill.title, ev.conclusion)
        out.append(ev)
    return EvaluationStore(ws.db).bulk_insert(out)
