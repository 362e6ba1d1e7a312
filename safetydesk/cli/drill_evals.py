"""``safetydesk drill evaluate | checklists``: 演练评估 from the command line (B §2.5).

    safetydesk drill evaluate ID [--template TID] [--all 达标] --item N=达标|基本达标|不达标[:说明] …
        [--conclusion 达到预期|基本达到|未达到需重新演练 --reason …] [--evaluators 姓名]
        [--on D] [--suggestions …] [--json]
    safetydesk drill checklists [--family F] [--json]    # the evaluation checklists and their items
    safetydesk drill checklist-version TID --item "评估项目|评估标准" … [--name N]   # a new version
    safetydesk drill checklist-copy TID --name N                                    # our own copy

An evaluation already saved is the starting point of the next ``evaluate``: only the items given
change. Used by :mod:`safetydesk.cli.drills`, which owns the ``drill`` command.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from safetydesk.cli.common import dump_json, parse_date, plain
from safetydesk.domain.drill_evaluation import DrillEvaluation, EvalItem, EvalResult, Rating
from safetydesk.domain.drills import DrillConclusion
from safetydesk.errors import ValidationError, ValidationErrors

if TYPE_CHECKING:
    from safetydesk.domain.drill_evaluation import EvalTemplate
    from safetydesk.services import Workspace

#: The actions of ``drill`` this module handles.
ACTIONS = ("evaluate", "checklists", "checklist-version", "checklist-copy")


def add_parsers(actions: Any, common: argparse.ArgumentParser) -> None:
    """Add ``evaluate`` and ``checklists`` to the ``drill`` sub-parsers."""
    s = actions.add_parser("evaluate", parents=[common], help="按评估表逐项评估一次演练")
    s.add_argument("id", type=int, metavar="ID", help="演练记录编号")
    s.add_argument("--template", type=int, default=None, metavar="TID",
                   help="评估表编号（drill checklists 可查；默认按实战/桌面选）")  # fmt: skip
    s.add_argument("--all", dest="all_rating", default=None, metavar="评定",
                   help="未单独给出的项目都评为：" + "、".join(Rating))  # fmt: skip
    s.add_argument("--item", dest="items", action="append", default=[], metavar="N=评定[:说明]",
                   help="第N项的评定（达标、基本达标、不达标）和说明；可重复")  # fmt: skip
    s.add_argument("--conclusion", default=None,
                   help="人工调整结论：" + "、".join(DrillConclusion))  # fmt: skip
    s.add_argument("--reason", default="", help="人工调整结论的理由")
    s.add_argument("--evaluators", default=None, help="评估人员")
    s.add_argument("--on", dest="evaluated_on", type=parse_date, default=None,
                   help="评估日期（默认演练当天）")  # fmt: skip
    s.add_argument("--suggestions", default=None, help="改进建议")
    s.add_argument("--json", action="store_true", help="输出 JSON")
    s = actions.add_parser("checklists", parents=[common], help="演练评估表及其评估项目")
    s.add_argument("--family", default=None, help="只看这一评估表的各版本")
    s.add_argument("--json", action="store_true", help="输出 JSON")
    s = actions.add_parser("checklist-version", parents=[common],
                           help="把评估表保存为新版本（旧版本保留给已做的评估）")  # fmt: skip
    s.add_argument("template", type=int, metavar="TID", help="评估表编号")
    s.add_argument("--item", dest="items", action="append", required=True,
                   metavar="评估项目|评估标准", help="新版本的全部评估项目，按顺序；可重复")  # fmt: skip
    s.add_argument("--name", default=None, help="新的名称（默认不变）")
    s.add_argument("--json", action="store_true", help="输出 JSON")
    s = actions.add_parser("checklist-copy", parents=[common], help="复制评估表为本单位的新表")
    s.add_argument("template", type=int, metavar="TID", help="评估表编号")
    s.add_argument("--name", required=True, help="新评估表的名称")
    s.add_argument("--json", action="store_true", help="输出 JSON")


def _rating(text: str, where: str) -> Rating:
    try:
        return Rating(text.strip())
    except ValueError:
        raise ValidationError(
            "items", f"{where}的评定“{text}”无效：只能是 {'、'.join(Rating)}。"
        ) from None


def rate(results: tuple[EvalResult, ...], args: argparse.Namespace) -> tuple[EvalResult, ...]:
    """``results`` with ``--all`` and each ``--item N=评定[:说明]`` applied.

    Raises:
        ValidationErrors: Every bad ``--item`` at once (format, number, rating).
    """
    out = list(results)
    if args.all_rating is not None:
        every = _rating(args.all_rating, "--all ")
        out = [replace(r, rating=every) for r in out]
    errors: dict[str, str] = {}
    for n, text in enumerate(args.items, 1):
        key = f"items.{n}"
        seq_text, sep, rest = text.partition("=")
        if not sep or not seq_text.strip().isdigit():
            errors[key] = f"--item “{text}” 格式不对，应为 N=评定[:说明]，例如 3=基本达标:集结偏慢。"
            continue
        seq = int(seq_text)
        if not 1 <= seq <= len(out):
            errors[key] = f"--item 第{seq}项不存在：评估表共 {len(out)} 项。"
            continue
        rating_text, _, note = rest.replace("：", ":").partition(":")
        try:
            rating = _rating(rating_text, f"第{seq}项")
        except ValidationError as exc:
            errors[key] = exc.message
            continue
        out[seq - 1] = replace(out[seq - 1], rating=rating, note=note.strip() or out[seq - 1].note)
    if errors:
        raise ValidationErrors(errors)
    return tuple(out)


def _evaluation(ws: Workspace, args: argparse.Namespace) -> DrillEvaluation:
    old = ws.drill_evals.evaluation(args.id)
    if old is None or (args.template is not None and args.template != old.template_id):
        ev = ws.drill_evals.blank(args.id, args.template)
    else:
        ev = old
    ev = replace(ev, results=rate(ev.results, args))
    if args.conclusion is not None:
        try:
            override = DrillConclusion(args.conclusion.strip())
        except ValueError:
            raise ValidationError(
                "override", f"结论“{args.conclusion}”无效：只能是 {'、'.join(DrillConclusion)}。"
            ) from None
        ev = replace(ev, override=override, override_reason=args.reason.strip())
    if args.evaluators is not None:
        ev = replace(ev, evaluators=args.evaluators.strip())
    if args.suggestions is not None:
        ev = replace(ev, suggestions=args.suggestions.strip())
    if args.evaluated_on is not None:
        ev = replace(ev, evaluated_on=args.evaluated_on)
    return ev


def evaluation_json(ev: DrillEvaluation) -> dict[str, Any]:
    """An evaluation as JSON, with its score and the conclusion that stands."""
    return {
        "drill_id": ev.drill_id, "template_id": ev.template_id, "score": ev.score,
        "computed": plain(ev.computed), "override": plain(ev.override),
        "override_reason": ev.override_reason, "conclusion": plain(ev.conclusion),
        "evaluators": ev.evaluators, "evaluated_on": plain(ev.evaluated_on),
        "suggestions": ev.suggestions,
        "results": [{"seq": r.seq, "content": r.content, "standard": r.standard,
                     "rating": plain(r.rating), "note": r.note} for r in ev.results],
    }  # fmt: skip


def _template_json(ws: Workspace, t: EvalTemplate) -> dict[str, Any]:
    return {
        "id": t.id, "family": t.family, "version": t.version, "name": t.name,
        "form": plain(t.form), "basis": t.basis, "builtin": t.builtin, "retired": t.retired,
        "uses": ws.drill_evals.uses(t.id or 0),
        "items": [{"seq": i.seq, "content": i.content, "standard": i.standard} for i in t.items],
    }  # fmt: skip


def run_action(ws: Workspace, args: argparse.Namespace) -> int:
    """Run one of :data:`ACTIONS`."""
    if args.drill_action in ("checklist-version", "checklist-copy"):
        if args.drill_action == "checklist-copy":
            made = ws.drill_evals.copy(args.template, args.name).record
        else:
            items = [EvalItem(n, *(text.split("|", 1) + [""])[:2])
                     for n, text in enumerate(args.items, 1)]  # fmt: skip
            made = ws.drill_evals.new_version(args.template, items, name=args.name).record
        if args.json:
            dump_json(_template_json(ws, made))
        else:
            print(f"已保存评估表 [{made.id}] {made.title}：{len(made.items)} 项。")
        return 0
    if args.drill_action == "checklists":
        found = ws.drill_evals.versions(args.family) if args.family else ws.drill_evals.templates()
        if args.family and not found:
            raise ValidationError("family", f"没有名为“{args.family}”的评估表（drill checklists 可查）。")
        if args.json:
            dump_json([_template_json(ws, t) for t in found])
            return 0
        for t in found:
            state = "（已停用）" if t.retired else ""
            print(f"[{t.id}] {t.title}{state}  {t.family}  {plain(t.form) or '不限'}  "
                  f"{len(t.items)} 项，已用 {ws.drill_evals.uses(t.id or 0)} 次")  # fmt: skip
            for i in t.items:
                print(f"    {i.seq}. {i.content}：{i.standard}")
        return 0
    saved = ws.drill_evals.evaluate(_evaluation(ws, args)).record
    if args.json:
        dump_json(evaluation_json(saved))
        return 0
    for r in saved.results:
        note = f"（{r.note}）" if r.note else ""
        print(f"  {r.seq}. {r.content}：{r.rating}{note}")
    why = f"（人工调整：{saved.override_reason}；按评分为{saved.computed}）" if saved.override else ""
    print(f"已评估演练 {args.id}：得分 {saved.score}，结论 {saved.conclusion}{why}。")
    return 0
