"""``safetydesk drills plan-add | move | cancel | rules``: the annual plan's items and the rules.

::

    safetydesk drills plan-add --year Y --title T [--village V | --unit U] --month M [--day D]
        [--every 单次|每年|每半年] [--until-year Y] [--category 防汛] [--form 实战|桌面]
        [--scope 综合|单项] [--json]
    safetydesk drills move ITEM --date D --to D --reason …     # 延期 one planned date
    safetydesk drills cancel ITEM --date D --reason …          # 取消 one planned date
    safetydesk drills rules [--json]                           # the obligations table

Used by :mod:`safetydesk.cli.drills`, which owns the ``drills`` command.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from safetydesk.cli.common import dump_json, parse_date, plain, unit_by_name
from safetydesk.domain.drill_plans import PlanItem, Recurrence
from safetydesk.domain.drills import DrillCategory, DrillForm, DrillScope, SubjectKind
from safetydesk.errors import NotFoundError, ValidationErrors

if TYPE_CHECKING:
    from safetydesk.domain.drill_rules import DrillRule
    from safetydesk.services import Workspace

#: The actions of ``drills`` this module handles.
ACTIONS = ("plan-add", "move", "cancel", "rules")


def add_parsers(actions: Any, common: argparse.ArgumentParser) -> None:
    """Add this module's actions to the ``drills`` sub-parsers."""
    s = actions.add_parser("plan-add", parents=[common], help="在年度演练计划中新增一项（可重复）")
    s.add_argument("--year", type=int, required=True, help="开始年度")
    s.add_argument("--title", required=True, help="演练名称")
    who = s.add_mutually_exclusive_group()
    who.add_argument("--village", default=None, help="组织的村(社区)名称（默认：镇本级）")
    who.add_argument("--unit", default=None, help="组织的单位名称")
    s.add_argument("--month", type=int, required=True, help="计划月份 1–12")
    s.add_argument("--day", type=int, default=None, help="计划日（缺省为月末；31 日在小月取月末）")
    s.add_argument("--every", default=Recurrence.ONCE.value, help="、".join(Recurrence))
    s.add_argument("--until-year", type=int, default=None, help="重复到哪一年为止（默认不限）")
    s.add_argument("--category", default=DrillCategory.GENERAL.value, help="、".join(DrillCategory))
    s.add_argument("--form", default=DrillForm.LIVE.value, help="、".join(DrillForm))
    s.add_argument("--scope", default=DrillScope.SINGLE.value, help="、".join(DrillScope))
    s.add_argument("--json", action="store_true", help="输出 JSON")
    for name, text in (("move", "延期计划中的一次演练"), ("cancel", "取消计划中的一次演练")):
        s = actions.add_parser(name, parents=[common], help=text + "（原因留作记录）")
        s.add_argument(
            "item", type=int, metavar="ITEM", help="计划项编号（drills plan --json 的 item_id）"
        )
        s.add_argument(
            "--date", dest="planned_on", type=parse_date, required=True, help="原计划日期"
        )
        if name == "move":
            s.add_argument("--to", dest="new_on", type=parse_date, required=True, help="新的日期")
        s.add_argument("--reason", required=True, help="原因")
    s = actions.add_parser(
        "rules", parents=[common], help="演练义务规则（对象、类别、次数、周期、是否须实战）"
    )
    s.add_argument("--json", action="store_true", help="输出 JSON")


def _choice(enum: Any, text: str, field: str, label: str, errors: dict[str, str]) -> Any:
    try:
        return enum(text.strip())
    except ValueError:
        errors[field] = f"{label}“{text}”无效，可选：{'、'.join(enum)}。"
        return next(iter(enum))


def _item(ws: Workspace, args: argparse.Namespace) -> PlanItem:
    errors: dict[str, str] = {}
    every = _choice(Recurrence, args.every, "recurrence", "重复方式", errors)
    category = _choice(DrillCategory, args.category, "category", "灾种", errors)
    form = _choice(DrillForm, args.form, "form", "演练形式", errors)
    scope = _choice(DrillScope, args.scope, "scope", "演练内容", errors)
    if errors:
        raise ValidationErrors(errors)
    kind, village_id, unit_id = SubjectKind.TOWNSHIP, None, None
    if args.village is not None:
        kind, village_id = SubjectKind.VILLAGE, ws.villages.id_by_name(args.village.strip())
        if village_id is None:
            raise NotFoundError(f"找不到村(社区)“{args.village}”。")
    elif args.unit is not None:
        kind, unit_id = SubjectKind.UNIT, unit_by_name(ws, args.unit.strip())
        if unit_id is None:
            raise NotFoundError(f"找不到单位“{args.unit}”（或有重名，请写全称）。")
    return PlanItem(first_year=args.year, until_year=args.until_year, title=args.title,
                    subject_kind=kind, village_id=village_id, unit_id=unit_id, category=category,
                    scope=scope, form=form, recurrence=every, month=args.month,
                    day=args.day)  # fmt: skip


def _rule_json(r: DrillRule) -> dict[str, Any]:
    return {
        "id": r.id, "subject_kind": r.subject_kind, "unit_type": plain(r.unit_type),
        "category": plain(r.category) or "不限", "min_count": r.min_count, "period": r.period,
        "live_required": r.live_required, "basis": r.basis, "active": r.active,
    }  # fmt: skip


def run_action(ws: Workspace, args: argparse.Namespace) -> int:
    """Run one of :data:`ACTIONS`."""
    action = args.drills_action
    if action == "plan-add":
        item = ws.drills.add_item(_item(ws, args))
        dates = ws.drills.dates(item.id or 0, item.first_year)
        if args.json:
            dump_json({**{k: plain(v) for k, v in _item_fields(item).items()},
                       "dates": [d.isoformat() for d in dates]})  # fmt: skip
        else:
            when = "、".join(d.isoformat() for d in dates)
            print(
                f"已新增计划项 {item.id}（序号 {item.seq}）：{item.title}，{item.first_year} 年：{when}。"
            )
    elif action == "move":
        change = ws.drills.move(args.item, args.planned_on, args.new_on, args.reason)
        print(
            f"已延期：{change.planned_on.isoformat()} → {plain(change.new_on)}（{change.reason}）。"
        )
    elif action == "cancel":
        change = ws.drills.cancel(args.item, args.planned_on, args.reason)
        print(f"已取消 {change.planned_on.isoformat()} 的演练（{change.reason}）。")
    else:
        rules = ws.drills.rules()
        if args.json:
            dump_json([_rule_json(r) for r in rules])
            return 0
        print(
            "\t".join(
                ("编号", "对象", "单位类型", "类别", "次数", "周期", "须实战", "启用", "依据")
            )
        )
        for r in rules:
            print("\t".join((str(r.id), r.subject_kind, plain(r.unit_type) or "", plain(r.category)
                             or "不限", str(r.min_count), r.period, "是" if r.live_required else "否",
                             "是" if r.active else "否", r.basis)))  # fmt: skip
    return 0


def _item_fields(item: PlanItem) -> dict[str, Any]:
    """The fields of a plan item (for JSON)."""
    return {name: getattr(item, name) for name in item.__dataclass_fields__}
