"""``print``: the printed forms of the hazard loop from the command line.

``print notice`` (安全隐患整改通知书), ``print order`` (责令限期整改指令书), ``print recheck``
(整改复查意见书), ``print ledger`` (隐患排查治理台账) and ``print inspection`` (安全检查记录) call the
same print jobs as the GUI. ``print drill`` (应急演练记录表), ``print drill-plan`` (年度应急演练计划)
and ``print drill-compliance`` (演练义务完成情况一览表) call ``ws.drill_prints``. ``--inspector`` chooses who signs a notice or order when it is issued
(else the inspectors of the hazards' inspection, else their 发现人); an order needs two of them
with a 执法证号 in the people register.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from safetydesk.cli import plan_printing
from safetydesk.cli.common import (
    INSPECTOR_HELP,
    Handler,
    Subparsers,
    for_field,
    global_options,
    open_workspace,
    parse_date,
)
from safetydesk.errors import SafetyDeskError, ValidationError

if TYPE_CHECKING:
    from safetydesk.services import Workspace




def register(sub: Subparsers) -> dict[str, Handler]:
    """Add the ``print`` command to the CLI's subparsers; returns its handler."""
    p = sub.add_parser("print", help="打印文书、一制四案表卡：notice | ledger | card | mingbai …")
    forms = p.add_subparsers(dest="form", metavar="FORM", required=True)
    # --db / --data-dir accepted after the form name too ("print ledger --db x.db").
    parents = [global_options()]

    s = forms.add_parser(
        "notice", parents=parents, help="安全隐患整改通知书（同一单位的隐患合为一份）"
    )
    s.add_argument("ids", nargs="+", type=int, metavar="HAZARD_ID")
    s.add_argument("--out", type=Path, required=True, help="输出 PDF 文件")
    s.add_argument(
        "--on", type=parse_date, default=None, help="下达日期（默认今天；仅对未下达的隐患）"
    )
    s.add_argument("--by", default="", help="经办人")
    s.add_argument("--inspector", action="append", default=[], metavar="姓名",
                   help=INSPECTOR_HELP)  # fmt: skip

    s = forms.add_parser("order", parents=parents,
                         help="责令限期整改指令书（须两名检查人员持执法证）")  # fmt: skip
    s.add_argument("ids", nargs="+", type=int, metavar="HAZARD_ID")
    s.add_argument("--out", type=Path, required=True, help="输出 PDF 文件")
    s.add_argument(
        "--on", type=parse_date, default=None, help="下达日期（默认今天；仅对未下达的隐患）"
    )
    s.add_argument("--by", default="", help="经办人")
    s.add_argument("--inspector", action="append", default=[], metavar="姓名",
                   help=INSPECTOR_HELP)  # fmt: skip

    s = forms.add_parser(
        "recheck", parents=parents, help="整改复查意见书（首次打印时编号，补打沿用原文号）"
    )
    s.add_argument(
        "id",
        nargs="?",
        type=int,
        default=None,
        metavar="HAZARD_ID",
        help="隐患 ID（打印其最近一次复查）",
    )
    s.add_argument(
        "--event",
        type=int,
        default=None,
        metavar="EVENT_ID",
        help="复查记录的事件 ID（见 hazard show --json）",
    )
    s.add_argument("--out", type=Path, required=True, help="输出 PDF 文件")

    s = forms.add_parser("ledger", parents=parents, help="隐患排查治理台账（A4 横向）")
    s.add_argument("--state", action="append", default=[], help="状态，如 整改中（可重复）")
    s.add_argument("--overdue", action="store_true", help="只列逾期")
    s.add_argument("--level", default=None, choices=("一般", "重大"), help="隐患等级")
    s.add_argument("--village", default=None, help="村(社区)名称")
    s.add_argument(
        "--from", dest="found_from", type=parse_date, default=None, help="发现日期起 YYYY-MM-DD"
    )
    s.add_argument(
        "--to", dest="found_to", type=parse_date, default=None, help="发现日期止 YYYY-MM-DD"
    )
    s.add_argument("--note", default="", help="标题下附加的说明")
    s.add_argument("--filled-by", default="", help="填报人（不填则留签名横线）")
    s.add_argument("--reviewed-by", default="", help="审核人（不填则留签名横线）")
    s.add_argument(
        "--filled-on", type=parse_date, default=None, help="填报日期 YYYY-MM-DD（默认今天）"
    )
    s.add_argument("--out", type=Path, required=True, help="输出 PDF 文件")
    s = forms.add_parser(
        "inspection", parents=parents, help="安全检查记录（首次打印时编号，补打沿用原文号）"
    )
    s.add_argument("id", type=int, metavar="INSPECTION_ID")
    s.add_argument("--out", type=Path, required=True, help="输出 PDF 文件")
    s = forms.add_parser("callout", parents=parents, help="叫应记录（呼叫名单、应答、升级和结束情况）")
    s.add_argument("id", type=int, metavar="CALLOUT_ID")
    s.add_argument("--out", type=Path, required=True, help="输出 PDF 文件")
    plan_printing.add_parsers(forms, parents)
    s = forms.add_parser("drill", parents=parents,
                         help="应急演练记录表（含评估表和演练照片）")  # fmt: skip
    s.add_argument("id", type=int, metavar="DRILL_ID")
    s.add_argument("--out", type=Path, required=True, help="输出 PDF 文件")
    s = forms.add_parser("drill-plan", parents=parents, help="年度应急演练计划表（A4 横向）")
    s.add_argument("--year", type=int, required=True, help="年度，如 2026")
    s.add_argument("--out", type=Path, required=True, help="输出 PDF 文件")
    s = forms.add_parser("drill-compliance", parents=parents,
                         help="演练义务完成情况一览表（A4 横向；未完成的加粗）")  # fmt: skip
    s.add_argument("--year", type=int, required=True, help="年度，如 2026")
    s.add_argument("--today", type=parse_date, default=None,
                   help="按哪一天判断到期和逾期 YYYY-MM-DD（默认今天）")  # fmt: skip
    s.add_argument("--out", type=Path, required=True, help="输出 PDF 文件")
    return {"print": cmd_print}


def _drill_forms(ws: Workspace, args: argparse.Namespace) -> int:
    """``print drill | drill-plan | drill-compliance``."""
    prints = ws.drill_prints
    if args.form == "drill":
        path, pages = prints.record(args.id, args.out)
        print(f"已生成应急演练记录表（{pages} 页）：{path}")
    elif args.form == "drill-plan":
        path, pages = prints.plan(args.year, args.out)
        print(f"已生成{args.year}年度应急演练计划（{pages} 页）：{path}")
    else:
        path, pages = prints.compliance(args.year, args.out, args.today)
        print(f"已生成{args.year}年演练义务完成情况一览表（{pages} 页）：{path}")
    return 0


def _ledger(ws: Workspace, args: argparse.Namespace) -> int:
    from safetydesk.domain.hazards import HazardState
    from safetydesk.domain.queries import HazardQuery

    states = tuple(args.state)
    known = [s.value for s in HazardState]
    wrong = [s for s in states if s not in known]
    if wrong:
        raise ValidationError("state", f"未知的状态「{wrong[0]}」，可选：{'、'.join(known)}。")
    village_id = None
    if args.village:
        village_id = ws.villages.id_by_name(args.village)
        if village_id is None:
            raise SafetyDeskError(f"找不到村(社区)「{args.village}」，请检查名称。")
    if args.found_from and args.found_to and args.found_from > args.found_to:
        raise ValidationError("from", "--from 的日期晚于 --to，请对调。")
    query = HazardQuery(
        states=states,
        level=args.level,
        village_id=village_id,
        overdue_on=for_field(HazardQuery, "overdue_on", ws.clock()) if args.overdue else None,
        found_from=for_field(HazardQuery, "found_from", args.found_from) if args.found_from else None,
        found_to=for_field(HazardQuery, "found_to", args.found_to) if args.found_to else None,
        order_by="found",
    )
    path, count = ws.forms.hazard_ledger(
        query, args.out, title_note=args.note, filled_by=args.filled_by,
        reviewed_by=args.reviewed_by, filled_on=args.filled_on,
    )  # fmt: skip
    print(f"已生成隐患排查治理台账（{count} 条隐患）：{path}")
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    """``print FORM``: write one form as PDF (issuing its number when it is printed first)."""
    with open_workspace(args) as ws:
        if args.form == "ledger":
            return _ledger(ws, args)
        if args.form in ("drill", "drill-plan", "drill-compliance"):
            return _drill_forms(ws, args)
        if args.form in plan_printing.FORMS:
            return plan_printing.run(ws, args)
        if args.form == "callout":
            from safetydesk.services.callout_record import print_record

            print(f"已生成叫应记录：{print_record(ws, args.id, args.out)}")
            return 0
        if args.form == "inspection":
            from safetydesk.cli.inspection import answer_how
            from safetydesk.services.inspections import UncheckedItemsError

            try:
                path, number = ws.print_jobs.inspection_record(args.id, args.out)
            except UncheckedItemsError as exc:  # answered with the command line's syntax
                raise SafetyDeskError(exc.message(answer_how(exc.inspection_id, exc.seqs))) from exc
            print(f"已生成安全检查记录 {number}：{path}")
            return 0
        if args.form == "recheck":
            if (args.id is None) == (args.event is None):
                raise ValidationError("id", "请给出隐患 ID 或 --event 复查记录 ID（二选一）。")
            path, number = ws.print_jobs.recheck(args.id, args.out, event_id=args.event)
            print(f"已生成整改复查意见书 {number}：{path}")
            return 0
        if args.form == "order":
            path, number = ws.print_jobs.order(
                args.ids, args.out, on=args.on, by=args.by, inspectors=args.inspector
            )
            print(f"已生成责令限期整改指令书 {number}：{path}")
            return 0
        path, number = ws.print_jobs.notice(
            args.ids, args.out, on=args.on, by=args.by, inspectors=args.inspector
        )
        print(f"已生成整改通知书 {number}：{path}")
    return 0
