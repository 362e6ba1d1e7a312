"""``safetydesk drill`` / ``drills``: 应急演练 records, the annual plan, compliance; ``list drills``.

::

    safetydesk drill add (--village V | --unit U) --on D --title T [--category 防汛]
        [--set 字段=值 …] [--json]                # without --village/--unit: the township's
    safetydesk drill show ID [--json]
    safetydesk drill revise-plan ID --reason …     # the exercised 一制四案 item turns 需修订
    safetydesk drills plan --year Y [--json]
    safetydesk drills compliance --year Y [--today D] [--json]
    safetydesk list drills [--year Y] [--json]

``drills plan-add | move | cancel | rules`` are in :mod:`safetydesk.cli.drill_plan`.
"""

from __future__ import annotations

import argparse
import dataclasses
from datetime import date
from typing import TYPE_CHECKING, Any

from safetydesk.cli import drill_evals, drill_plan, drill_records
from safetydesk.cli.common import (
    LISTERS,
    Handler,
    Subparsers,
    ValueSpec,
    dump_json,
    global_options,
    open_workspace,
    parse_date,
    plain,
    read_values,
    unit_by_name,
)
from safetydesk.domain.drill_rules import DUE_SOON_DAYS
from safetydesk.domain.drills import Drill, DrillCategory, SubjectKind
from safetydesk.errors import NotFoundError, ValidationErrors

if TYPE_CHECKING:
    from safetydesk.domain.drill_plans import Occurrence
    from safetydesk.services import Workspace

#: Chinese names accepted by ``--set`` (B §2.4) → record fields.
LABELS: dict[str, str] = {
    "record_no": "记录编号", "organiser": "组织单位", "start_time": "开始时间",
    "end_time": "结束时间", "location": "地点", "scope": "演练内容", "form": "演练形式",
    "plan_version_id": "预案版本", "plan_item_id": "计划项", "commander": "总指挥",
    "units": "参演单位", "participants": "参演人数", "residents": "群众人数",
    "observers": "观摩评估人员", "scenario": "情景设置", "timeline": "演练过程",
    "equipment": "物资装备", "evacuation_minutes": "疏散用时", "conclusion": "评估结论",
    "recorder": "记录人",
    "approver": "审核人", "reported_on": "报送日期", "notes": "备注",
}  # fmt: skip
_SPEC = ValueSpec(
    record_class=Drill,
    allowed=LABELS,
    aliases={label: name for name, label in LABELS.items()},
    labels=LABELS,
    bad_key="「{key}」不是演练记录可设置的字段（可用 drill add --help 查看）。",
)


def register(sub: Subparsers) -> dict[str, Handler]:
    """Add ``drill`` and ``drills`` (and the ``list`` kind ``drills`` with its ``--year``)."""
    LISTERS["drills"] = list_drills
    # ``list`` is registered by the registers area (before this one); its drills need a year.
    sub.choices["list"].add_argument("--year", type=int, default=None, help="drills：年度")
    common = global_options()
    p = sub.add_parser("drill", help="应急演练记录：add | show | edit | hazard | attach …")
    actions = p.add_subparsers(dest="drill_action", metavar="ACTION", required=True)
    s = actions.add_parser("add", parents=[common], help="登记一次已举行的演练")
    who = s.add_mutually_exclusive_group()
    who.add_argument("--village", default=None, help="组织的村(社区)名称")
    who.add_argument("--unit", default=None, help="自行组织演练的单位名称")
    s.add_argument("--on", dest="held_on", type=parse_date, required=True, help="演练日期")
    s.add_argument("--title", required=True, help="演练名称")
    s.add_argument("--category", default=DrillCategory.GENERAL.value,
                   help="灾种/专项：" + "、".join(DrillCategory))  # fmt: skip
    s.add_argument("--set", dest="values", action="append", default=[], metavar="字段=值",
                   help="其他字段：" + "、".join(LABELS.values()))  # fmt: skip
    drill_records.add_finding_option(s)
    s.add_argument("--json", action="store_true", help="输出 JSON")
    s = actions.add_parser("show", parents=[common], help="查看一次演练记录")
    s.add_argument("id", type=int, metavar="ID", help="演练记录编号")
    s.add_argument("--json", action="store_true", help="输出 JSON")
    s = actions.add_parser(
        "revise-plan", parents=[common], help="据演练发现，把所演练的预案标为需修订"
    )
    s.add_argument("id", type=int, metavar="ID", help="演练记录编号")
    s.add_argument("--reason", required=True, help="需要修订的原因")
    drill_records.add_drill_parsers(actions, common)
    drill_evals.add_parsers(actions, common)
    p = sub.add_parser(
        "drills",
        help="年度演练计划与演练义务：plan | compliance | rules …",
    )
    actions = p.add_subparsers(dest="drills_action", metavar="ACTION", required=True)
    s = actions.add_parser("plan", parents=[common], help="年度演练计划（含延期、取消）")
    s.add_argument("--year", type=int, default=None, help="年度（默认今年）")
    s.add_argument("--json", action="store_true", help="输出 JSON")
    s = actions.add_parser("compliance", parents=[common], help="谁缺哪项演练、何时到期")
    s.add_argument("--year", type=int, default=None, help="年度（默认今年）")
    s.add_argument(
        "--today", type=parse_date, default=None, help="按这一天判断是否到期（默认今天）"
    )
    s.add_argument("--json", action="store_true", help="输出 JSON")
    drill_plan.add_parsers(actions, common)
    drill_records.add_drills_parsers(actions, common)
    return {"drill": cmd_drill, "drills": cmd_drills}


def drill_json(ws: Workspace, d: Drill, *, full: bool = False) -> dict[str, Any]:
    """A drill as JSON, with its organiser's name (and, ``full``, its findings, attachments and
    evaluation)."""
    out = {f.name: plain(getattr(d, f.name)) for f in dataclasses.fields(d)}
    out["subject"] = _subject_name(ws, d)
    if full and d.id is not None:
        out["findings"] = [drill_records.finding_json(ws, f) for f in ws.drills.findings(d.id)]
        out["attachments"] = [
            {"id": a.id, "kind": a.kind, "original_name": a.original_name, "file": a.file,
             "taken_on": plain(a.taken_on), "note": a.note, "sha256": a.sha256}
            for a in ws.drills.attachments(d.id)
        ]  # fmt: skip
        ev = ws.drills.evaluation(d.id)
        out["evaluation"] = None if ev is None else {
            "score": ev.score, "conclusion": plain(ev.conclusion),
            "computed": plain(ev.computed), "override_reason": ev.override_reason,
            "evaluators": ev.evaluators, "evaluated_on": plain(ev.evaluated_on),
        }  # fmt: skip
    return out


def edited_drill(ws: Workspace, args: argparse.Namespace) -> Drill:
    """The stored drill ``args.id`` with the ``--set`` values of ``args`` applied."""
    values, errors = read_values(_SPEC, args.values)
    if errors:
        raise ValidationErrors(errors)
    return dataclasses.replace(ws.drills.get(args.id), **values)


def _subject_name(ws: Workspace, d: Drill) -> str:
    if d.organiser_kind is SubjectKind.UNIT and d.unit_id is not None:
        return ws.units.get(d.unit_id).name
    if d.organiser_kind is SubjectKind.VILLAGE and d.village_id is not None:
        return ws.villages.get(d.village_id).name
    return ws.settings.township().name


def _new_drill(ws: Workspace, args: argparse.Namespace) -> Drill:
    values, errors = read_values(_SPEC, args.values)
    try:
        category = DrillCategory(args.category.strip())
    except ValueError:
        errors["category"] = f"灾种“{args.category}”无效，可选：{'、'.join(DrillCategory)}。"
        category = DrillCategory.GENERAL
    kind, village_id, unit_id = SubjectKind.TOWNSHIP, None, None
    if args.village is not None:
        kind, village_id = SubjectKind.VILLAGE, ws.villages.id_by_name(args.village.strip())
        if village_id is None:
            raise NotFoundError(f"找不到村(社区)“{args.village}”。")
    elif args.unit is not None:
        kind, unit_id = SubjectKind.UNIT, unit_by_name(ws, args.unit.strip())
        if unit_id is None:
            raise NotFoundError(f"找不到单位“{args.unit}”（或有重名，请写全称）。")
        village_id = ws.units.get(unit_id).village_id
    if errors:
        raise ValidationErrors(errors)
    return Drill(title=args.title, organiser_kind=kind, village_id=village_id, unit_id=unit_id,
                 held_on=args.held_on, category=category, **values)  # fmt: skip


def _print_drill(ws: Workspace, d: Drill) -> None:
    times = f" {d.start_time}–{d.end_time}" if d.start_time or d.end_time else ""
    print(f"演练 {d.id}（{d.record_no}）：{d.title}")
    print(f"组织：{_subject_name(ws, d)}；{d.held_on.isoformat()}{times}；"
          f"{d.category} {d.scope}演练 {d.form}")  # fmt: skip
    for name, label in LABELS.items():
        value = getattr(d, name)
        if name in ("record_no", "scope", "form", "start_time", "end_time") or value in ("", None):
            continue
        print(f"{label}：{plain(value)}")
    if d.needs_plan_revision:
        print("是否需修订预案：是")


def _print_evaluation(ws: Workspace, drill_id: int) -> None:
    ev = ws.drills.evaluation(drill_id)
    if ev is None:
        return
    by = f"，评估人 {ev.evaluators}" if ev.evaluators else ""
    why = f"（人工调整：{ev.override_reason}）" if ev.override_reason else ""
    print(f"评估：得分 {ev.score}，结论 {ev.conclusion}{why}{by}")


def cmd_drill(args: argparse.Namespace) -> int:
    """``drill``: add, show or revise-plan."""
    with open_workspace(args) as ws:
        if args.drill_action == "add":
            d = ws.drills.record(
                _new_drill(ws, args), drill_records.parse_findings(args.findings) or ()
            )
            if args.json:
                dump_json(drill_json(ws, d))
            else:
                print(f"已登记演练 {d.id}（{d.record_no}）：{d.title}，{d.held_on.isoformat()}。")
        elif args.drill_action == "show":
            d = ws.drills.get(args.id)
            if args.json:
                dump_json(drill_json(ws, d, full=True))
            else:
                _print_drill(ws, d)
                drill_records.print_findings(ws, args.id)
                _print_evaluation(ws, args.id)
        elif args.drill_action == "edit":
            d = ws.drills.update(
                edited_drill(ws, args), drill_records.parse_findings(args.findings)
            )
            if args.json:
                dump_json(drill_json(ws, d, full=True))
            else:
                print(f"已修改演练 {d.id}（{d.record_no}）：{d.title}。")
        elif args.drill_action in drill_records.DRILL_ACTIONS:
            return drill_records.run_drill_action(ws, args)
        elif args.drill_action in drill_evals.ACTIONS:
            return drill_evals.run_action(ws, args)
        else:
            changed = ws.drills.revise_plan(args.id, args.reason)
            if changed is None:
                print("所演练的预案当前不是“已生效”状态，未改变；演练记录已标注需修订预案。")
            else:
                print(f"预案 {changed.version} 已标为需修订：{changed.revision_reason}")
    return 0


def _occurrence_json(o: Occurrence) -> dict[str, Any]:
    i = o.item
    return {
        "item_id": i.id, "seq": i.seq, "title": i.title, "subject_kind": i.subject_kind,
        "village_id": i.village_id, "unit_id": i.unit_id, "category": i.category,
        "scope": i.scope, "form": i.form, "recurrence": i.recurrence,
        "planned_on": o.planned_on.isoformat(), "on": o.on.isoformat(), "status": o.status,
        "reason": o.reason, "drill_id": o.drill_id,
    }  # fmt: skip


def cmd_drills(args: argparse.Namespace) -> int:
    """``drills``: the annual plan or the compliance list of a year."""
    with open_workspace(args) as ws:
        if args.drills_action in drill_plan.ACTIONS:
            return drill_plan.run_action(ws, args)
        if args.drills_action in drill_records.DRILLS_ACTIONS:
            return drill_records.run_drills_action(ws, args)
        today: date = getattr(args, "today", None) or ws.clock()
        year = args.year or today.year
        if args.drills_action == "plan":
            plan = ws.drills.plan(year, today)
            if args.json:
                dump_json([_occurrence_json(o) for o in plan])
                return 0
            print(f"{year} 年度演练计划：{len(plan)} 项")
            print("\t".join(("序号", "日期", "演练名称", "灾种", "形式", "状态", "说明")))
            for o in plan:
                note = o.reason + (
                    f"（原定 {o.planned_on.isoformat()}）" if o.on != o.planned_on else ""
                )
                print("\t".join((str(o.item.seq), o.on.isoformat(), o.item.title, o.item.category,
                                 o.item.form, o.status, note)))  # fmt: skip
            return 0
        obligations = ws.drills.compliance(year, today)
        if args.json:
            dump_json([drill_records.obligation_json(ob) for ob in obligations])
            return 0
        missing = [ob for ob in obligations if ob.missing]
        print(f"{year} 年演练义务 {len(obligations)} 项，未完成 {len(missing)} 项"
              f"（按 {today.isoformat()} 判断）")  # fmt: skip
        print(
            "\t".join(("对象", "类别", "要求", "周期", "应完成", "已完成", "缺", "到期日", "状态"))
        )
        for ob in obligations:
            want = (plain(ob.rule.category) or "不限") + (
                "，须实战" if ob.rule.live_required else ""
            )
            print("\t".join((ob.subject.name, ob.subject.kind, want, ob.rule.period,
                             str(ob.required), str(ob.done), str(ob.missing),
                             ob.due_on.isoformat(), ob.status)))  # fmt: skip
        due = drill_records.due_within(ws, today, DUE_SOON_DAYS)
        if due:
            print(f"{DUE_SOON_DAYS}日内到期：{len(due)} 项")
            for ob in due:
                print("  " + drill_records.due_line(ob, today))
    return 0


def list_drills(ws: Workspace, args: argparse.Namespace) -> int:
    """``list drills``: the drills of a year (every year when ``--year`` is not given)."""
    found = ws.drills.drills(args.year)
    if args.json:
        dump_json([drill_json(ws, d) for d in found])
        return 0
    print(f"演练记录 {len(found)} 次" + (f"（{args.year} 年）" if args.year else ""))
    print("\t".join(("编号", "记录编号", "日期", "组织", "演练名称", "灾种", "形式", "参演人数")))
    for d in found:
        people = "" if d.participants is None else str(d.participants)
        print("\t".join((str(d.id), d.record_no, d.held_on.isoformat(), _subject_name(ws, d),
                         d.title, d.category, d.form, people)))  # fmt: skip
    return 0
