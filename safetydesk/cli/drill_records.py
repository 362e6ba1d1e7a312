"""``safetydesk drill edit | hazard | attach | detach`` and ``drills due``: the parts of a record.

    safetydesk drill add … --finding "问题|改进措施|责任人|期限"      # repeatable (see drills.py)
    safetydesk drill edit ID [--set 字段=值 …] [--finding …]         # findings given → replaced
    safetydesk drill hazard ID --item N [--unit U] [--deadline D]  # the N-th problem → a hazard
    safetydesk drill attach ID FILE [--kind 照片|签到表|其他材料] [--note …] [--taken-on D]
    safetydesk drill detach ID ATTACHMENT
    safetydesk drills due [--days 30] [--today D] [--json]        # obligations falling due soon

Used by :mod:`safetydesk.cli.drills`, which owns the ``drill`` and ``drills`` commands.
"""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safetydesk.cli.common import dump_json, parse_date, plain, unit_by_name
from safetydesk.domain.drill_records import AttachmentKind, DrillFinding
from safetydesk.domain.drill_rules import DUE_SOON_DAYS
from safetydesk.errors import NotFoundError, ValidationError, ValidationErrors

if TYPE_CHECKING:
    from safetydesk.domain.drill_rules import Obligation
    from safetydesk.services import Workspace

#: The actions of ``drill`` this module handles.
DRILL_ACTIONS = ("hazard", "attach", "detach")
#: The actions of ``drills`` this module handles.
DRILLS_ACTIONS = ("due",)
#: Help of ``--finding``.
FINDING_HELP = "发现的问题：问题|改进措施|责任人|期限YYYY-MM-DD（后三项可省略；可重复）"


def add_finding_option(parser: argparse.ArgumentParser) -> None:
    """``--finding`` (repeatable) on ``drill add`` and ``drill edit``."""
    parser.add_argument(
        "--finding", dest="findings", action="append", default=None, metavar="问题|措施|责任人|期限",
        help=FINDING_HELP,
    )  # fmt: skip


def add_drill_parsers(actions: Any, common: argparse.ArgumentParser) -> None:
    """Add ``edit``, ``hazard``, ``attach`` and ``detach`` to the ``drill`` sub-parsers."""
    s = actions.add_parser("edit", parents=[common], help="修改一次演练记录：ID --set 字段=值 …")
    s.add_argument("id", type=int, metavar="ID", help="演练记录编号")
    s.add_argument("--set", dest="values", action="append", default=[], metavar="字段=值",
                   help="要修改的字段（见 drill add --help）")  # fmt: skip
    add_finding_option(s)
    s.add_argument("--json", action="store_true", help="输出 JSON")
    s = actions.add_parser("hazard", parents=[common], help="把演练发现的第N项问题登记为隐患")
    s.add_argument("id", type=int, metavar="ID", help="演练记录编号")
    s.add_argument("--item", type=int, required=True, metavar="N", help="问题序号（从 1 起）")
    s.add_argument("--unit", default=None, help="隐患所在单位（默认：组织演练的单位）")
    s.add_argument("--deadline", type=parse_date, default=None, help="整改期限（默认：问题的期限）")
    s.add_argument("--json", action="store_true", help="输出 JSON")
    s = actions.add_parser("attach", parents=[common], help="为演练记录附加照片、签到表或其他材料")
    s.add_argument("id", type=int, metavar="ID", help="演练记录编号")
    s.add_argument("file", type=Path, metavar="FILE", help="文件（照片：JPG/PNG；签到表等：也可 PDF）")
    s.add_argument("--kind", default=AttachmentKind.PHOTO.value, help="、".join(AttachmentKind))
    s.add_argument("--note", default="", help="说明")
    s.add_argument("--taken-on", type=parse_date, default=None, help="拍摄或填写日期")
    s.add_argument("--json", action="store_true", help="输出 JSON")
    s = actions.add_parser("detach", parents=[common], help="删除演练记录的一个附件")
    s.add_argument("id", type=int, metavar="ID", help="演练记录编号")
    s.add_argument("attachment", type=int, metavar="ATTACHMENT", help="附件编号（drill show 可查）")


def add_drills_parsers(actions: Any, common: argparse.ArgumentParser) -> None:
    """Add ``due`` to the ``drills`` sub-parsers."""
    s = actions.add_parser("due", parents=[common], help="即将到期（默认30日内）尚未完成的演练义务")
    s.add_argument("--days", type=int, default=DUE_SOON_DAYS, help="提前多少天提醒（默认 30）")
    s.add_argument("--today", type=parse_date, default=None, help="按这一天判断（默认今天）")
    s.add_argument("--json", action="store_true", help="输出 JSON")


def parse_findings(texts: list[str] | None) -> list[DrillFinding] | None:
    """The findings of ``--finding`` texts (``None`` when the option was not given).

    Raises:
        ValidationErrors: A text with no problem, too many parts, or a bad date (keyed
            ``findings.N``, as the service keys its own messages).
    """
    if texts is None:
        return None
    out: list[DrillFinding] = []
    errors: dict[str, str] = {}
    for n, text in enumerate(texts, 1):
        parts = [p.strip() for p in text.split("|")]
        if len(parts) > 4:
            errors[f"findings.{n}"] = (
                f"第{n}个 --finding 有 {len(parts)} 段：只能是 问题|改进措施|责任人|期限 四段。"
            )
            continue
        parts += [""] * (4 - len(parts))
        problem, action, responsible, due = parts
        due_on: date | None = None
        if due:
            try:
                due_on = date.fromisoformat(due)
            except ValueError:
                errors[f"findings.{n}"] = (
                    f"第{n}个 --finding 的期限「{due}」格式不对，应为 YYYY-MM-DD，例如 2026-07-31。"
                )
                continue
        out.append(DrillFinding(problem=problem, action=action, responsible=responsible,
                                due_on=due_on))  # fmt: skip
    if errors:
        raise ValidationErrors(errors)
    return out


def finding_json(ws: Workspace, f: DrillFinding) -> dict[str, Any]:
    """A finding as JSON, with the code of the hazard it became."""
    code = ws.hazards.get(f.hazard_id).code if f.hazard_id is not None else None
    return {"seq": f.seq, "problem": f.problem, "action": f.action, "responsible": f.responsible,
            "due_on": plain(f.due_on), "hazard_id": f.hazard_id, "hazard_code": code}  # fmt: skip


def print_findings(ws: Workspace, drill_id: int) -> None:
    """The findings and attachments of a drill, for ``drill show``."""
    findings = ws.drills.findings(drill_id)
    if findings:
        print("发现的问题及改进措施：")
        for f in findings:
            j = finding_json(ws, f)
            extra = "；".join(x for x in (
                f.action and f"措施：{f.action}", f.responsible and f"责任人：{f.responsible}",
                f.due_on and f"期限：{f.due_on.isoformat()}",
                j["hazard_code"] and f"已登记为隐患 {j['hazard_code']}",
            ) if x)  # fmt: skip
            print(f"  {f.seq}. {f.problem}" + (f"（{extra}）" if extra else ""))
    attachments = ws.drills.attachments(drill_id)
    if attachments:
        print("附件：")
        for a in attachments:
            when = f"，{a.taken_on.isoformat()}" if a.taken_on else ""
            note = f"，{a.note}" if a.note else ""
            print(f"  [{a.id}] {a.kind}：{a.original_name}{when}{note}")


def run_drill_action(ws: Workspace, args: argparse.Namespace) -> int:
    """Run one of :data:`DRILL_ACTIONS` (``edit`` is run by :mod:`safetydesk.cli.drills`)."""
    action = args.drill_action
    if action == "hazard":
        unit_id = None
        if args.unit is not None:
            unit_id = unit_by_name(ws, args.unit.strip())
            if unit_id is None:
                raise NotFoundError(f"找不到单位“{args.unit}”（或有重名，请写全称）。")
        hazard = ws.drill_hazards.raise_hazard(
            args.id, args.item, unit_id=unit_id, deadline=args.deadline
        ).record
        if args.json:
            dump_json({"id": hazard.id, "code": hazard.code, "drill_id": args.id,
                       "item": args.item, "due_on": plain(hazard.due_on)})  # fmt: skip
        else:
            due = f"，整改期限 {hazard.due_on.isoformat()}" if hazard.due_on else ""
            print(f"已把演练 {args.id} 第{args.item}项问题登记为隐患 {hazard.code}"
                  f"（编号 {hazard.id}）{due}。")  # fmt: skip
    elif action == "attach":
        att = ws.drill_files.add(
            args.id, args.file, args.kind, note=args.note, taken_on=args.taken_on
        ).record
        if args.json:
            dump_json({"id": att.id, "drill_id": att.drill_id, "kind": att.kind,
                       "file": att.file, "original_name": att.original_name,
                       "sha256": att.sha256})  # fmt: skip
        else:
            print(f"已为演练 {args.id} 附加{att.kind}「{att.original_name}」（附件 {att.id}）。")
    else:
        owned = {a.id for a in ws.drills.attachments(args.id)}
        if args.attachment not in owned:
            raise ValidationError(
                "attachment", f"演练 {args.id} 没有编号为 {args.attachment} 的附件（drill show {args.id} 可查看附件）。"
            )
        att = ws.drill_files.delete(args.attachment).record
        print(f"已删除演练 {args.id} 的{att.kind}「{att.original_name}」。")
    return 0


def obligation_json(o: Obligation) -> dict[str, Any]:
    """An obligation as JSON: subject, rule, period, required, done, missing, status."""
    r = o.rule
    return {
        "subject_kind": o.subject.kind, "subject_id": o.subject.id, "subject": o.subject.name,
        "unit_type": plain(o.subject.unit_type), "rule_id": r.id,
        "category": plain(r.category) or "不限", "period": r.period,
        "live_required": r.live_required, "starts_on": o.starts_on.isoformat(),
        "due_on": o.due_on.isoformat(), "required": o.required, "done": o.done,
        "live_done": o.live_done, "missing": o.missing, "status": o.status,
        "drill_ids": list(o.drill_ids),
    }  # fmt: skip


def due_within(ws: Workspace, today: date, days: int) -> list[Obligation]:
    """Open obligations of this year (and next, near the year's end) due within ``days``."""
    if days < 0:
        raise ValidationError("days", f"提前天数 {days} 不能为负数。")
    until = today + timedelta(days=days)
    out = []
    for year in range(today.year, until.year + 1):
        out += [
            o for o in ws.drills.compliance(year, today)
            if o.missing and today <= o.due_on <= until
        ]  # fmt: skip
    return sorted(out, key=lambda o: (o.due_on, o.subject.kind, o.subject.name))


def due_line(o: Obligation, today: date) -> str:
    """One due-soon line: subject, what is owed, when, days left."""
    want = (plain(o.rule.category) or "不限灾种") + ("，须实战" if o.rule.live_required else "")
    left = (o.due_on - today).days
    return (f"{o.subject.name}（{o.subject.kind}）缺{o.missing}次{want}演练，"
            f"{o.due_on.isoformat()} 到期（还有{left}天）")  # fmt: skip


def run_drills_action(ws: Workspace, args: argparse.Namespace) -> int:
    """Run one of :data:`DRILLS_ACTIONS` (``due``)."""
    today: date = args.today or ws.clock()
    due = due_within(ws, today, args.days)
    if args.json:
        dump_json([{**obligation_json(o), "days_left": (o.due_on - today).days} for o in due])
        return 0
    print(f"{args.days}日内到期、尚未完成的演练义务 {len(due)} 项（按 {today.isoformat()} 判断）")
    for o in due:
        print("  " + due_line(o, today))
    return 0

