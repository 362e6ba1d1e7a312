"""演练评估: the evaluation checklist of a drill and its conclusion (DOMAIN.md B §2.5).

Checklist templates are versioned like the inspection checklists: the shipped defaults (one for
实战, one for 桌面 drills, 10–15 items in the style of GB/T 46792-2025 / AQ/T 9009-2015) are seeded
on first use; a version used by an evaluation is never edited in place, a new version is made.
An evaluation rates each item 达标 / 基本达标 / 不达标 with a note. Its conclusion is computed
(:func:`computed_conclusion`) and can be overridden with a reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from safetydesk.domain.drills import DrillConclusion, DrillForm
from safetydesk.errors import ValidationErrors


class Rating(StrEnum):
    """The rating of one evaluation item."""

    MET = "达标"
    MOSTLY_MET = "基本达标"
    NOT_MET = "不达标"


#: Points of a rating in the computed score (GB/T 46792 D: results turned into a score).
POINTS: dict[Rating, int] = {Rating.MET: 2, Rating.MOSTLY_MET: 1, Rating.NOT_MET: 0}
#: Score (per cent of the maximum) from which a drill 达到预期 / 基本达到.
MET_FROM, MOSTLY_FROM = 90, 70


class EvalMethod(StrEnum):
    """评估方法."""

    OBSERVE = "现场观察"
    QUESTION = "提问"
    CHECKLIST = "检查表打分"


@dataclass(frozen=True, slots=True)
class EvalItem:
    """One item of a checklist: 评估项目 and its 评估标准."""

    seq: int
    content: str
    standard: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalTemplate:
    """One version of an evaluation checklist; ``form`` is the kind of drill it suits (``None``:
    any)."""

    id: int | None = None
    family: str
    version: int = 1
    name: str
    form: DrillForm | None = None
    basis: str = ""
    items: tuple[EvalItem, ...] = ()
    builtin: bool = False
    retired: bool = False
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def title(self) -> str:
        """``name（第N版）``."""
        return f"{self.name}（第{self.version}版）"


@dataclass(frozen=True, slots=True)
class EvalResult:
    """The rating of one item (its text copied from the template version used)."""

    seq: int
    content: str
    standard: str = ""
    rating: Rating | None = None
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class DrillEvaluation:
    """The evaluation of one drill (at most one per drill).

    ``computed`` is the conclusion of the ratings; ``override`` replaces it when the evaluators
    decide otherwise, with ``override_reason``.
    """

    id: int | None = None
    drill_id: int
    template_id: int | None = None
    evaluators: str = ""
    method: EvalMethod = EvalMethod.CHECKLIST
    results: tuple[EvalResult, ...] = ()
    computed: DrillConclusion = DrillConclusion.MET
    override: DrillConclusion | None = None
    override_reason: str = ""
    suggestions: str = ""
    evaluated_on: date
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def conclusion(self) -> DrillConclusion:
        """The conclusion that stands: the override, else the computed one."""
        return self.override or self.computed

    @property
    def score(self) -> int:
        """Score in per cent of the maximum (0 for no rated item)."""
        return score(self.results)


def score(results: Sequence[EvalResult]) -> int:
    """Per cent of the maximum points of the rated items, rounded down."""
    rated = [r.rating for r in results if r.rating is not None]
    if not rated:
        return 0
    return sum(POINTS[r] for r in rated) * 100 // (2 * len(rated))


def computed_conclusion(results: Sequence[EvalResult]) -> DrillConclusion:
    """达到预期 from 90 % of the points with no 不达标 item, 基本达到 from 70 %, else
    未达到需重新演练."""
    points = score(results)
    failed = any(r.rating is Rating.NOT_MET for r in results)
    if points >= MET_FROM and not failed:
        return DrillConclusion.MET
    if points >= MOSTLY_FROM:
        return DrillConclusion.MOSTLY_MET
    return DrillConclusion.NOT_MET


def evaluation_errors(ev: DrillEvaluation, held_on: date, today: date) -> dict[str, str]:
    """Field → message of what is wrong with an evaluation."""
    errors: dict[str, str] = {}
    if not ev.results:
        errors["results"] = "评估表没有评估项，请选择评估表。"
    unrated = [str(r.seq) for r in ev.results if r.rating is None]
    if unrated:
        errors["results"] = f"第{'、'.join(unrated)}项尚未评定（达标、基本达标或不达标）。"
    failed = [str(r.seq) for r in ev.results if r.rating is Rating.NOT_MET and not r.note.strip()]
    if failed and "results" not in errors:
        errors["results"] = f"第{'、'.join(failed)}项评为不达标，请在说明中写明问题。"
    if ev.override is not None and ev.override is not ev.computed and not ev.override_reason.strip():
        errors["override_reason"] = (
            f"评估结论改为“{ev.override.value}”（按评分应为“{ev.computed.value}”），请写明理由。"
        )
    if ev.evaluated_on < held_on:
        errors["evaluated_on"] = f"评估日期 {ev.evaluated_on.isoformat()} 早于演练日期 {held_on.isoformat()}。"
    elif ev.evaluated_on > today:
        errors["evaluated_on"] = f"评估日期 {ev.evaluated_on.isoformat()} 晚于今天。"
    return errors


def check_evaluation(ev: DrillEvaluation, held_on: date, today: date) -> DrillEvaluation:
    """``ev`` with its computed conclusion set (an override equal to it dropped), or every
    problem at once.

    Raises:
        ValidationErrors: No items, an item unrated, a 不达标 item without its note, an override
            without a reason, an evaluation dated before the drill or in the future.
    """
    ev = replace(ev, computed=computed_conclusion(ev.results))
    if ev.override is ev.computed:
        ev = replace(ev, override=None, override_reason="")
    errors = evaluation_errors(ev, held_on, today)
    if errors:
        raise ValidationErrors(errors)
    return ev


def results_of(template: EvalTemplate) -> tuple[EvalResult, ...]:
    """Blank results for every item of ``template``."""
    return tuple(EvalResult(i.seq, i.content, i.standard) for i in template.items)


def _items(*pairs: tuple[str, str]) -> tuple[EvalItem, ...]:
    return tuple(EvalItem(n, c, s) for n, (c, s) in enumerate(pairs, 1))


#: The shipped checklists (B §2.5; GB/T 46792-2025 appendices A/B, AQ/T 9009-2015).
DEFAULT_EVAL_TEMPLATES: tuple[EvalTemplate, ...] = (
    EvalTemplate(
        family="drill-live", name="实战演练评估表", form=DrillForm.LIVE,
        basis="GB/T 46792-2025《突发事件应急演练评估指南》附录A；AQ/T 9009-2015",
        items=_items(
            ("预警接收与叫应", "预警信息及时接收，按包保责任逐级叫应到人，叫应有记录"),
            ("信息报告时效", "按规定时限、内容和程序向上级报告，续报及时"),
            ("指挥到位", "总指挥及各工作组负责人按预案到岗，指令明确"),
            ("应急响应启动", "响应级别判断准确，启动程序符合预案"),
            ("疏散组织", "疏散路线明确，引导有序，无拥挤、无遗漏"),
            ("重点人员转移", "老弱病残孕等重点人员由包保责任人一对一转移"),
            ("物资装备到位", "应急物资、装备按预案调用，数量充足、状态完好"),
            ("个人防护", "参演人员防护用品佩戴正确"),
            ("通信保障", "通信畅通，备用通信手段可用"),
            ("协同配合", "各部门、救援队伍职责清楚，配合顺畅"),
            ("安全保障", "演练现场设安全员，未发生次生事故"),
            ("现场处置", "处置措施符合预案和操作规程，处置有效"),
            ("恢复与返回", "清点人数，返回条件确认后有序返回"),
        ),
    ),  # fmt: skip
    EvalTemplate(
        family="drill-tabletop", name="桌面演练评估表", form=DrillForm.TABLETOP,
        basis="GB/T 46792-2025《突发事件应急演练评估指南》附录B；AQ/T 9009-2015",
        items=_items(
            ("情景设置", "情景贴近本地风险，事件发展合理"),
            ("预案熟悉程度", "参演人员熟悉预案中本岗位职责和程序"),
            ("预警与叫应", "能说清预警信号、叫应流程和包保责任人"),
            ("信息报告", "报告内容、时限、对象表述正确"),
            ("指挥决策", "指挥层级清楚，决策依据充分、及时"),
            ("响应分级", "能依据转移条件判断响应级别"),
            ("人员转移安排", "转移路线、避难场所、重点人员安排明确"),
            ("资源调配", "物资、队伍、车辆的调配方案可行"),
            ("部门协同", "各组分工明确，衔接无空档"),
            ("善后与返回", "返回条件、善后工作表述完整"),
            ("问题发现", "能发现预案和机制中的不足并提出改进建议"),
        ),
    ),  # fmt: skip
)
