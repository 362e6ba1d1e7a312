"""``safetydesk coverage | draw | checklists``: inspection coverage, the 双随机 draw, checklists.

::

    safetydesk coverage [--year 2026] [--as-of 2026-11-23] [--json]
    safetydesk draw --n 5 [--village 润城村] [--type 九小场所] [--risk A] [--seed 20261123]
                    [--by 王建国] [--note 备注] [--json]
    safetydesk draw --verify ID          # re-draw a recorded draw from its population and seed
    safetydesk draw --list [--year 2026] [--json]
    safetydesk checklists list [--all] [--json]
    safetydesk checklists show ID [--json]

``coverage`` prints the same figures as the 检查覆盖 view: units required, covered in their current
period, not covered, the rate, the year's inspections and the 四不两直 / 双随机 shares, then the
units not covered grouped by village. ``draw`` records its draw (seed, population, result) so that
``draw --verify`` can show later that the result was not changed.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from safetydesk.cli.common import (
    Handler,
    Subparsers,
    cell,
    dump_json,
    global_options,
    open_workspace,
    parse_date,
)
from safetydesk.errors import SafetyDeskError, ValidationError

if TYPE_CHECKING:
    from safetydesk.domain.coverage import Draw
    from safetydesk.domain.inspections import ChecklistTemplate
    from safetydesk.domain.queries import ListQuery
    from safetydesk.services import Workspace
    from safetydesk.services.checklists import ChecklistService


def register(sub: Subparsers) -> dict[str, Handler]:
    """Add the ``coverage``, ``draw`` and ``checklists`` commands to the CLI's subparsers."""
    s = sub.add_parser("coverage", help="年度检查覆盖：本期未检单位（按村）、覆盖率、四不两直/双随机占比")
    s.add_argument("--year", type=int, default=None, help="年度（默认今年）")
    s.add_argument("--as-of", type=parse_date, default=None,
                   help="统计截止日期 YYYY-MM-DD（默认今天；往年为 12 月 31 日）")  # fmt: skip
    s.add_argument("--json", action="store_true", help="输出 JSON")

    s = sub.add_parser("draw", help="双随机：从在册单位中按条件随机抽取 N 个并记录随机种子；--verify 复核")
    s.add_argument("--n", type=int, default=None, help="抽取数量")
    s.add_argument("--village", default=None, help="只从某村(社区)抽取（名称）")
    s.add_argument("--type", default=None, help="单位类型，如 九小场所")
    s.add_argument("--risk", default=None, help="风险等级 A/B/C/D（或 红/橙/黄/蓝）")
    s.add_argument("--seed", type=int, default=None, help="随机种子（不写则随机生成并记录）")
    s.add_argument("--by", default="", help="经办人")
    s.add_argument("--note", default="", help="备注，如 第四季度九小场所专项检查")
    s.add_argument("--verify", type=int, default=None, metavar="ID", help="复核一次已记录的抽取")
    s.add_argument("--list", action="store_true", help="列出某年的抽取记录")
    s.add_argument("--year", type=int, default=None, help="--list：年度（默认今年）")
    s.add_argument("--json", action="store_true", help="输出 JSON")

    # Accept the global options after a nested sub-command too ("checklists list --db x.db").
    p = sub.add_parser("checklists", help="检查表：list | show ID")
    actions = p.add_subparsers(dest="checklists_action", metavar="ACTION", required=True)
    s = actions.add_parser("list", parents=[global_options()], help="列出检查表（当前版本）")
    s.add_argument("--all", action="store_true", help="包括已停用的旧版本")
    s.add_argument("--json", action="store_true", help="输出 JSON")
    s = actions.add_parser("show", parents=[global_options()], help="显示一张检查表的全部检查项")
    s.add_argument("id", type=int, help="检查表 ID（见 checklists list）")
    s.add_argument("--json", action="store_true", help="输出 JSON")
    return {"coverage": cmd_coverage, "draw": cmd_draw, "checklists": cmd_checklists}


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _pct_text(value: float | None) -> str:
    return "—" if value is None else f"{value}%"


# -- coverage ------------------------------------------------------------------------------------
def coverage_figures(ws: Workspace, year: int, as_of: date | None) -> dict[str, Any]:
    """The coverage report of ``year`` as plain data (what ``--json`` prints)."""
    from safetydesk.domain.queries import ArchiveFilter, ListQuery

    rep = ws.coverage.coverage(year, as_of)
    order = {v.name: i for i, v in enumerate(ws.villages.list(ListQuery(archive=ArchiveFilter.ALL)))}
    total = len(rep.units)
    missing = rep.not_covered
    covered = total - len(missing)
    villages = sorted(rep.by_village, key=lambda n: (order.get(n, len(order)), n))
    risk_order = "ABCD"

    def unit_key(u: Any) -> tuple[Any, ...]:
        risk = risk_order.index(u.risk) if u.risk and u.risk in risk_order else len(risk_order)
        return (order.get(u.village_name, len(order)), u.village_name, risk, u.unit_name)

    return {
        "year": rep.year,
        "as_of": rep.as_of,
        "units_required": total,
        "covered": covered,
        "not_covered": len(missing),
        "coverage_rate": _percent(covered, total),
        "inspections": rep.inspections,
        "four_no_two_direct": rep.four_no_two_direct,
        "four_no_two_direct_share": rep.share(rep.four_no_two_direct),
        "double_random": rep.double_random,
        "double_random_share": rep.share(rep.double_random),
        "by_village": [
            {"village": name, "covered": rep.by_village[name][0],
             "required": rep.by_village[name][1],
             "rate": _percent(*rep.by_village[name])}
            for name in villages
        ],  # fmt: skip
        "units_not_covered": [
            {"unit_id": u.unit_id, "unit_name": u.unit_name, "village": u.village_name,
             "unit_type": u.unit_type, "risk": u.risk, "rule": u.rule, "required": u.required,
             "done": u.done, "last_on": u.last_on}
            for u in sorted(missing, key=unit_key)
        ],  # fmt: skip
    }


def cmd_coverage(args: argparse.Namespace) -> int:
    """``coverage``: the year's inspection coverage and the units not yet inspected."""
    with open_workspace(args) as ws:
        year = args.year or (args.as_of.year if args.as_of else ws.clock().year)
        if args.as_of is not None and args.as_of.year != year:
            raise ValidationError("as_of", f"统计截止日期 {args.as_of} 不在 {year} 年内，请核对 --year 和 --as-of。")
        fig = coverage_figures(ws, year, args.as_of)
        if args.json:
            dump_json(fig)
            return 0
        township = ws.settings.township().name
        print(f"{township} {year} 年检查覆盖情况（统计截至 {cell(fig['as_of'])}）")
        print(
            f"应检单位 {fig['units_required']} · 本期已检 {fig['covered']} · 未检 {fig['not_covered']}"
            f" · 覆盖率 {_pct_text(fig['coverage_rate'])} · 本年检查 {fig['inspections']} 次"
            f" · 四不两直 占 {_pct_text(fig['four_no_two_direct_share'])}"
            f" · 双随机 占 {_pct_text(fig['double_random_share'])}"
        )
        if not fig["units_required"]:
            print("没有应检的单位场所（尚未登记，或检查频次规则不要求检查）。")
            return 0
        if not fig["units_not_covered"]:
            print("本期应检的单位都已检查。")
            return 0
        print()
        print("本期未检单位（按村(社区)）：")
        by_village = {v["village"]: v for v in fig["by_village"]}
        current = None
        for u in fig["units_not_covered"]:
            if u["village"] != current:
                current = u["village"]
                v = by_village.get(current, {"covered": 0, "required": 0})
                print(f"\n{current or '（未分村）'}：未检 {v['required'] - v['covered']} / 应检 {v['required']}")
                print("ID\t单位场所\t类型\t风险\t要求\t本年已检/应检\t最近检查")
            print(f"{u['unit_id']}\t{u['unit_name']}\t{u['unit_type']}\t{u['risk'] or '未评定'}\t"
                  f"{u['rule']}\t{u['done']}/{u['required']}\t{cell(u['last_on']) or '本年未检'}")
    return 0


# -- draw ----------------------------------------------------------------------------------------
def _draw_query(ws: Workspace, args: argparse.Namespace) -> tuple[ListQuery, str]:
    """The unit filter of the draw options and its text as printed with the draw."""
    from safetydesk.domain.common import UnitType
    from safetydesk.domain.queries import ListQuery
    from safetydesk.labels import risk_from_text

    parts = []
    village_id = None
    if args.village:
        village_id = ws.villages.id_by_name(args.village)
        if village_id is None:
            raise ValidationError("village", f"找不到村(社区)「{args.village}」，请检查名称。")
        parts.append(f"村(社区)：{args.village}")
    if args.type:
        if args.type not in UnitType._value2member_map_:
            raise ValidationError("type", f"单位类型「{args.type}」无效，可选：{'、'.join(t.value for t in UnitType)}。")
        parts.append(f"类型：{args.type}")
    risk = None
    if args.risk:
        risk = risk_from_text(args.risk)
        if risk is None:
            raise ValidationError("risk", f"风险等级「{args.risk}」无效：请填 A/B/C/D 或 红/橙/黄/蓝。")
        parts.append(f"风险等级：{risk} 级")
    query = ListQuery(village_id=village_id, type=args.type, risk=risk)
    return query, "；".join(parts) or "全部在册单位场所"


def draw_data(ws: Workspace, d: Draw) -> dict[str, Any]:
    """A recorded draw as plain data, with its chosen units in draw order."""
    units = ws.units.get_many(list(d.chosen))
    names = ws.villages.names()
    chosen = []
    for i, uid in enumerate(d.chosen, 1):
        u = units.get(uid)
        chosen.append({
            "order": i, "unit_id": uid, "name": u.name if u else "",
            "village": names.get(u.village_id, "") if u and u.village_id else "",
            "type": u.type.value if u else "", "risk": u.risk if u else "",
        })  # fmt: skip
    return {"id": d.id, "drawn_on": d.drawn_on, "seed": d.seed, "n": d.n,
            "population_size": len(d.population), "filter_text": d.filter_text, "by": d.by,
            "note": d.note, "chosen": chosen}  # fmt: skip


def cmd_draw(args: argparse.Namespace) -> int:
    """``draw``: draw units at random and record the draw; or verify or list recorded draws."""
    with open_workspace(args) as ws:
        if args.verify is not None:
            d = ws.coverage.draws.get(args.verify)
            if not ws.coverage.verify(args.verify):
                raise SafetyDeskError(f"复核不一致：抽取记录 {args.verify} 重新抽取的结果与记录不同，该记录可能被改动过。")
            print(f"复核一致：用种子 {d.seed} 从记录的 {len(d.population)} 个单位中重新抽取 {d.n} 个，"
                  "结果与记录相同。")
            return 0
        if args.list:
            draws = ws.coverage.draws.of_year(args.year or ws.clock().year)
            if args.json:
                dump_json([draw_data(ws, d) for d in draws])
                return 0
            print("ID\t日期\t抽取范围\t抽取/总数\t随机种子\t经办人\t备注")
            for d in draws:
                print(f"{d.id}\t{cell(d.drawn_on)}\t{d.filter_text}\t{d.n}/{len(d.population)}\t{d.seed}\t"
                      f"{d.by}\t{d.note}")
            print(f"共 {len(draws)} 次抽取", file=sys.stderr)
            return 0
        if args.n is None:
            raise ValidationError("n", "请用 --n 指定抽取数量，例如：draw --n 5 --type 九小场所")
        query, text = _draw_query(ws, args)
        d = ws.coverage.draw(query, args.n, seed=args.seed, by=args.by.strip(),
                             note=args.note.strip(), filter_text=text).record  # fmt: skip
        data = draw_data(ws, d)
        if args.json:
            dump_json(data)
            return 0
        print(f"已抽取并记录（抽取记录 ID {d.id}）：{cell(d.drawn_on)} 从 {len(d.population)} 个单位中"
              f"随机抽取 {d.n} 个，随机种子 {d.seed}。")
        print(f"抽取范围：{d.filter_text}")
        print("顺序\tID\t单位场所\t村(社区)\t类型\t风险")
        for c in data["chosen"]:
            print(f"{c['order']}\t{c['unit_id']}\t{c['name']}\t{c['village']}\t{c['type']}\t{c['risk']}")
        print(f"复核：safetydesk draw --verify {d.id}", file=sys.stderr)
    return 0


# -- checklists ----------------------------------------------------------------------------------
def _uses(cl: ChecklistService, t: ChecklistTemplate) -> int:
    """How many inspections used a (saved) template version."""
    return cl.uses(t.id) if t.id is not None else 0


def template_data(t: ChecklistTemplate, uses: int) -> dict[str, Any]:
    """A template version as plain data."""
    data = dataclasses.asdict(t)
    data["target_types"] = list(t.target_types)
    data["uses"] = uses
    return data


def cmd_checklists(args: argparse.Namespace) -> int:
    """``checklists``: list the templates or show one with its items."""
    with open_workspace(args) as ws:
        cl = ws.checklists
        if args.checklists_action == "list":
            templates = cl.all(include_retired=args.all)
            if args.json:
                dump_json([template_data(t, _uses(cl, t)) for t in templates])
                return 0
            print("ID\t名称\t版本\t适用对象\t项数\t来源\t使用次数\t状态")
            for t in templates:
                print(f"{t.id}\t{t.name}\t第{t.version}版\t{'、'.join(t.target_types) or '全部类型'}\t"
                      f"{len(t.items)}\t{'内置' if t.builtin else '自定义'}\t{_uses(cl, t)}\t"
                      f"{'已停用' if t.retired else '使用中'}")
            print(f"共 {len(templates)} 张检查表", file=sys.stderr)
            return 0
        t = cl.get(args.id)
        uses = _uses(cl, t)
        if args.json:
            dump_json(template_data(t, uses))
            return 0
        print(f"{t.title}（ID {t.id}，{'内置' if t.builtin else '自定义'}，"
              f"{'已停用' if t.retired else '使用中'}，已被 {uses} 次检查使用）")
        print(f"适用对象：{'、'.join(t.target_types) or '全部类型'}")
        print(f"依据：{t.basis or '—'}")
        print("序号\t检查内容\t检查标准/要求\t检查依据\t重大隐患判定项")
        for it in t.items:
            print(f"{it.seq}\t{it.content}\t{it.standard}\t{it.basis}\t{'是' if it.major else ''}")
    return 0
