"""``safetydesk plans`` / ``plan`` / ``shelter``: 一制四案 and 应急避难场所 (B §1).

::

    safetydesk plans status [--json] [--filter 缺项|逾期未修订|30日内到期|无避难场所] [--today D]
    safetydesk plans gaps [--village 上伏村|镇本级] [--kind 无包户责任人|…] [--json] [--today D]
    safetydesk plan add-version 上伏村 防汛 --set 版本=2026年版 --set 编制日期=2026-04-10
    safetydesk plan set-state 上伏村 防汛 待审核|已生效|需修订|已废止|草稿 [--reason …] [--set …]
    safetydesk plan versions 上伏村 防汛 [--json]
    safetydesk plan content 上伏村 防汛 [--set 预警信号=… …] [--step 人员转移:逐户通知 …] [--json]
    safetydesk plan attach 上伏村 防汛 预案.docx|预案.pdf|预案.doc|预案.wps
    safetydesk plan open 上伏村 防汛
    safetydesk shelter add 上伏村 --set 名称=… --set 地点=… --set 可容纳人数=300 [--set …]
    safetydesk shelter list [VILLAGE] [--json]
    safetydesk shelter edit ID --set 可容纳人数=500 [--set 适用灾种=防汛、地震 …]
    safetydesk shelter remove ID

VILLAGE is a 村(社区)'s name, or 镇本级 for the township's own items and shelters.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safetydesk.cli import plan_details as details
from safetydesk.cli.common import (
    FIELD_LISTS,
    BadValue,
    Handler,
    Subparsers,
    convert,
    dump_json,
    field_types,
    global_options,
    open_workspace,
    parse_date,
    plain,
)
from safetydesk.domain.plans import PlanKind, PlanVersion, Shelter
from safetydesk.errors import ValidationError

if TYPE_CHECKING:
    from safetydesk.services import Workspace
    from safetydesk.services.plans import Matrix

#: ``--set`` names of a plan version (Chinese label → field).
VERSION_FIELDS: dict[str, str] = {
    "版本": "version", "编制日期": "drafted_on", "审议日期": "adopted_on", "审核人": "reviewed_by",
    "审核日期": "reviewed_on", "生效日期": "effective_on", "下次修订": "next_revision_on",
    "下次修订日期": "next_revision_on", "备注": "notes",
}  # fmt: skip
#: ``--set`` names of a shelter (Chinese label → field).
SHELTER_FIELDS: dict[str, str] = {
    "名称": "name", "地点": "place", "地址": "place", "可容纳人数": "capacity", "面积": "area",
    "管理员": "manager", "管理员电话": "manager_phone", "电话": "manager_phone",
    "设施": "facilities", "备注": "notes", "类型": "kind", "适用灾种": "hazards",
}  # fmt: skip
KINDS = "、".join(PlanKind)


def register(sub: Subparsers) -> dict[str, Handler]:
    """Add the ``plans``, ``plan`` and ``shelter`` commands."""
    common = global_options()
    p = sub.add_parser("plans", help="一制四案编制情况和缺项：status | gaps")
    actions = p.add_subparsers(dest="plans_action", metavar="ACTION", required=True)
    s = actions.add_parser(
        "status", parents=[common], help="各村（社区）五项的状态、日期和避难场所数"
    )
    s.add_argument("--filter", default=None, help="缺项 | 逾期未修订 | 30日内到期 | 无避难场所")
    s.add_argument(
        "--today", type=parse_date, default=None, help="按这一天计算（YYYY-MM-DD，默认今天）"
    )
    s.add_argument("--json", action="store_true", help="输出 JSON")
    s = actions.add_parser(
        "gaps", parents=[common], help="缺项清单：住户、风险点、避难场所、通讯录、工作组、物资、包保"
    )
    s.add_argument("--village", default=None, help="只列这个村（社区）的（镇本级：镇里自己的）")
    s.add_argument("--kind", default=None, metavar="类别", help="只列这一类缺项，如 无包户责任人")
    s.add_argument(
        "--today", type=parse_date, default=None, help="按这一天计算（YYYY-MM-DD，默认今天）"
    )
    s.add_argument("--json", action="store_true", help="输出 JSON（对象列表）")

    p = sub.add_parser("plan", help="一制四案的版本、状态、内容和文档（操作见 plan --help）")
    actions = p.add_subparsers(dest="plan_action", metavar="ACTION", required=True)
    s = actions.add_parser(
        "add-version", parents=[common], help="新增一个版本（草稿，从上一版复制）"
    )
    _village_kind(s)
    s.add_argument("--set", action="append", default=[], metavar="字段=值",
                   help="版本、编制日期、审议日期、审核人、审核日期、下次修订、备注")  # fmt: skip
    s = actions.add_parser("set-state", parents=[common], help="改变最新版本的状态")
    _village_kind(s)
    s.add_argument("status", help="草稿 | 待审核 | 已生效 | 需修订 | 已废止")
    s.add_argument("--reason", default="", help="需修订的原因")
    s.add_argument("--set", action="append", default=[], metavar="字段=值",
                   help="同时填写：审议日期、审核人、审核日期、生效日期、下次修订")  # fmt: skip
    s = actions.add_parser("versions", parents=[common], help="列出一项的全部版本")
    _village_kind(s)
    s.add_argument("--json", action="store_true", help="输出 JSON")
    s = actions.add_parser(
        "content", parents=[common], help="查看或修改最新版本的内容（预警信号、步骤等）"
    )
    _village_kind(s)
    s.add_argument("--set", action="append", default=[], metavar="字段=值",
                   help="预警信号、转移信号、响应分级、转移条件、返回条件")  # fmt: skip
    s.add_argument("--step", action="append", default=[], metavar="段落:文本",
                   help="按顺序写一段的步骤（监测预警、应急处置、人员转移、善后与返回），"
                        "写了的段落整段替换；“段落:”清空该段")  # fmt: skip
    s.add_argument("--json", action="store_true", help="输出 JSON")
    s = actions.add_parser(
        "attach", parents=[common], help="给最新版本附加预案文档（PDF、Word 或 WPS）"
    )
    _village_kind(s)
    s.add_argument("file", type=Path, help="预案文档（.pdf/.docx/.doc/.wps，按内容检查）")
    s = actions.add_parser("open", parents=[common], help="用系统程序打开最新版本的预案文档")
    _village_kind(s)

    FIELD_LISTS["shelters"] = lambda: [
        (field, next(k for k, f in SHELTER_FIELDS.items() if f == field))
        for field in dict.fromkeys(SHELTER_FIELDS.values())
    ]
    p = sub.add_parser("shelter", help="应急避难场所：add | list | edit | remove")
    actions = p.add_subparsers(dest="shelter_action", metavar="ACTION", required=True)
    s = actions.add_parser("add", parents=[common], help="登记一个避难场所")
    s.add_argument("village", help="村（社区）名称，镇里自己的写“镇本级”")
    s.add_argument("--set", action="append", default=[], metavar="字段=值",
                   help="名称、地点、可容纳人数、面积、管理员、管理员电话、设施、备注")  # fmt: skip
    s = actions.add_parser("edit", parents=[common], help="修改一个避难场所")
    s.add_argument("id", type=int, help="编号（shelter list 的第一列）")
    s.add_argument("--set", action="append", default=[], metavar="字段=值",
                   help="名称、类型、地点、可容纳人数、面积、管理员、管理员电话、设施、适用灾种、备注")  # fmt: skip
    s = actions.add_parser("remove", parents=[common], help="删除一个避难场所（无路线、住户指向它时）")
    s.add_argument("id", type=int, help="编号（shelter list 的第一列）")
    s = actions.add_parser("list", parents=[common], help="列出避难场所")
    s.add_argument(
        "village", nargs="?", default=None, help="只列这个村（社区）的（镇本级：镇里自己的）"
    )
    s.add_argument("--json", action="store_true", help="输出 JSON")
    return {"plans": cmd_plans, "plan": cmd_plan, "shelter": cmd_shelter}


def _village_kind(s: argparse.ArgumentParser) -> None:
    s.add_argument("village", help="村（社区）名称，镇里自己的写“镇本级”")
    s.add_argument("kind", help=KINDS)


def _kind(text: str) -> PlanKind:
    try:
        return PlanKind(text.strip())
    except ValueError:
        raise ValidationError("kind", f"没有“{text}”这一类预案，可选：{KINDS}。") from None


def _fields(pairs: list[str], record: type, names: dict[str, str]) -> dict[str, Any]:
    """``--set 字段=值`` pairs as typed field values of ``record``."""
    types_ = field_types(record)
    labels = {field: label for label, field in names.items()}
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        field = names.get(key.strip(), key.strip())
        if not sep or field not in names.values():
            raise ValidationError(
                "set", f"“{pair}”不对：请写成 字段=值，字段可为 {'、'.join(names)}。"
            )
        try:
            out[field] = convert(text.strip(), types_[field], key=field, label=labels[field])
        except BadValue as exc:
            raise ValidationError(field, str(exc)) from None
    return out


def _print_matrix(m: Matrix) -> None:
    t = m.totals
    print(f"一制四案编制情况（{m.today.isoformat()}）：应编 {t.required} 项，已编 {t.drafted} 项，"
          f"需修订 {t.needs_revision} 项；避难场所 {t.shelters} 个（镇本级 {t.township_shelters} 个），"
          f"无避难场所的村（社区）{t.villages_without_shelter} 个")  # fmt: skip
    if m.filter is not None:
        print(f"筛选：{m.filter}，共 {len(m.rows)} 个村（社区）")
    print("\t".join(["村（社区）", *PlanKind, "避难场所", "最近演练"]))
    for row in (*m.rows, *([m.township] if m.show_township else [])):
        cells = []
        for c in row.cells:
            text = str(c.status)
            if c.next_revision_on is not None:
                text += f"（下次修订 {c.next_revision_on.isoformat()}）"
            cells.append(text)
        last = row.last_drill.isoformat() if row.last_drill else "无记录"
        print("\t".join([row.name, *cells, str(row.shelters), last]))


def _row_json(row: Any) -> dict[str, Any]:
    return {
        "village_id": row.village_id,
        "village": row.name,
        "shelters": row.shelters,
        "last_drill": row.last_drill.isoformat() if row.last_drill else None,
        "items": {
            str(c.kind): {
                "status": str(c.status), "version": c.version,
                "effective_on": plain(c.effective_on), "next_revision_on": plain(c.next_revision_on),
                "reason": c.reason, "overdue": c.overdue, "due_soon": c.due_soon,
            }
            for c in row.cells
        },
    }  # fmt: skip


def cmd_plans(args: argparse.Namespace) -> int:
    """``plans status``: the village × plan matrix; ``plans gaps``: what the villages lack."""
    with open_workspace(args) as ws:
        if args.plans_action == "gaps":
            villages = None if args.village is None else {ws.plans.village_id(args.village)}
            report = ws.plan_gaps.report(villages=villages, kind=args.kind, today=args.today)
            if args.json:
                dump_json(details.gaps_json(report))
            else:
                details.print_gaps(report, filtered=args.kind is not None)
            return 0
        m = ws.plans.matrix(args.filter, today=args.today)
        if args.json:
            dump_json({
                "today": m.today, "filter": m.filter, "totals": m.totals,
                "villages": [_row_json(r) for r in m.rows], "township": _row_json(m.township),
            })  # fmt: skip
        else:
            _print_matrix(m)
    return 0


def _print_version(v: PlanVersion) -> None:
    dates = [f"编制 {plain(v.drafted_on)}"]
    for label, value in (("审议", v.adopted_on), ("审核", v.reviewed_on), ("生效", v.effective_on),
                         ("下次修订", v.next_revision_on)):  # fmt: skip
        if value is not None:
            dates.append(f"{label} {value.isoformat()}")
    reason = f"，原因：{v.revision_reason}" if v.revision_reason else ""
    print(f"{v.version}\t{v.status}\t{'，'.join(dates)}{reason}")


def cmd_plan(args: argparse.Namespace) -> int:
    """``plan``: add a version, change the state, list the versions of one item."""
    with open_workspace(args) as ws:
        village_id = ws.plans.village_id(args.village)
        kind = _kind(args.kind)
        if args.plan_action == "add-version":
            fields = _fields(args.set, PlanVersion, VERSION_FIELDS)
            version = fields.pop("version", None)
            if not version:
                raise ValidationError(
                    "version", "请用 --set 版本=… 写明年度/版本号，例如“2026年版”。"
                )
            v = ws.plans.add_version(village_id, kind, version, **fields)
            print(f"已新增 {args.village} {kind} 预案 {v.version}（{v.status}）。")
        elif args.plan_action in ("content", "attach", "open"):
            _plan_content(ws, args, village_id, kind)
        elif args.plan_action == "set-state":
            fields = _fields(args.set, PlanVersion, VERSION_FIELDS)
            v = ws.plans.set_state(village_id, kind, args.status, reason=args.reason, **fields)
            print(f"{args.village} {kind} 预案 {v.version} 已改为“{v.status}”。")
            _print_version(v)
        else:
            found = ws.plans.versions(village_id, kind)
            if args.json:
                dump_json(found)
            elif not found:
                print(f"{args.village} {kind} 预案：未编制。")
            for v in [] if args.json else found:
                _print_version(v)
    return 0


def _plan_content(ws: Workspace, args: argparse.Namespace, village_id: int | None,
                  kind: PlanKind) -> None:  # fmt: skip
    """``plan content``, ``plan attach``, ``plan open``."""
    if args.plan_action == "attach":
        v = ws.plan_content.attach(village_id, kind, args.file)
        print(f"已给 {args.village} {kind} 预案 {v.version} 附加文档「{v.attachment_name}」。")
    elif args.plan_action == "open":
        path = ws.plan_content.open_document(village_id, kind)
        print(f"已用系统程序打开：{path}")
    else:
        fields = details.parse_fields(args.set)
        steps = details.parse_steps(args.step)
        if fields or steps:
            content = ws.plan_content.edit(village_id, kind, fields=fields, steps=steps)
        else:
            content = ws.plan_content.content(village_id, kind)
        if args.json:
            dump_json(details.content_json(args.village, content))
        else:
            if fields or steps:
                print("已保存。")
            details.print_content(args.village, content)


def cmd_shelter(args: argparse.Namespace) -> int:
    """``shelter``: register or list 应急避难场所."""
    with open_workspace(args) as ws:
        names = ws.villages.names()
        if args.shelter_action == "add":
            village_id = ws.plans.village_id(args.village)
            fields = _fields(args.set, Shelter, SHELTER_FIELDS)
            for field, label in (("name", "名称"), ("place", "地点"), ("capacity", "可容纳人数")):
                if fields.get(field) in (None, ""):
                    raise ValidationError(field, f"请用 --set {label}=… 填写{label}。")
            s = ws.plans.add_shelter(Shelter(id=None, village_id=village_id, **fields))
            print(f"已登记避难场所 {s.id}：{s.name}（{args.village}，可容纳 {s.capacity} 人）。")
            return 0
        if args.shelter_action == "edit":
            fields = _fields(args.set, Shelter, SHELTER_FIELDS)
            if not fields:
                raise ValidationError("set", "请用 --set 字段=值 写明要修改的内容。")
            s = ws.plans.edit_shelter(args.id, **fields)
            print(f"已修改避难场所 {s.id}：{s.name}（可容纳 {s.capacity} 人）。")
            return 0
        if args.shelter_action == "remove":
            s = ws.plans.remove_shelter(args.id)
            print(f"已删除避难场所 {s.id}：{s.name}。")
            return 0
        if args.village is None:
            found = ws.plans.shelters()
        else:
            village_id = ws.plans.village_id(args.village)
            found = ws.plans.shelters(village_id, township=village_id is None)
        if args.json:
            dump_json(found)
            return 0
        print(f"避难场所 {len(found)} 个")
        for s in found:
            owner = "镇本级" if s.village_id is None else names.get(s.village_id, "")
            print(f"{s.id}\t{owner}\t{s.name}\t{s.place}\t可容纳 {s.capacity} 人\t"
                  f"{s.manager} {s.manager_phone}".rstrip())  # fmt: skip
    return 0
