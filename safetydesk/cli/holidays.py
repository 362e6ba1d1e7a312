"""``safetydesk holidays``: the holiday table behind working-day deadlines (DOMAIN.md A5).

::

    safetydesk holidays list [--year 2027]
    safetydesk holidays set 2027-02-14 班 [--note 春节调休]
    safetydesk holidays delete 2027-02-14
    safetydesk holidays import 2027放假安排.txt

The import file holds one line per day or range ("2027-02-06~2027-02-12 休 春节"); it is read as
UTF-8 (with or without BOM) or, failing that, GB18030 (what Windows Notepad may save).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from safetydesk.cli.common import Handler, Subparsers, global_options, open_workspace
from safetydesk.errors import SafetyDeskError
from safetydesk.oserrors import os_error_message

if TYPE_CHECKING:
    from safetydesk.services import Workspace

#: Encodings tried, in order, for an import file.
ENCODINGS: tuple[str, ...] = ("utf-8-sig", "gb18030")


def register(sub: Subparsers) -> dict[str, Handler]:
    """Add the ``holidays`` command to the CLI's subparsers."""
    p = sub.add_parser("holidays", help="节假日安排（按工作日计算整改期限用）：list | set | delete | import")
    # Accept the global options after the sub-command too ("holidays list --db x.db").
    common = global_options()
    actions = p.add_subparsers(dest="holidays_action", metavar="ACTION", required=True)
    s = actions.add_parser("list", parents=[common], help="列出某年的放假和调休上班日")
    s.add_argument("--year", type=int, default=None, help="年度（不写则列出已知年份和本机录入的全部日子）")
    s = actions.add_parser("set", parents=[common], help="新增或修改一天：日期 休|班")
    s.add_argument("day", help="日期 YYYY-MM-DD")
    s.add_argument("kind", help="休（放假）或 班（调休上班）")
    s.add_argument("--note", default="", help="说明，如 春节、春节调休")
    s = actions.add_parser("delete", parents=[common], help="删除一天（恢复为普通的星期几）")
    s.add_argument("day", help="日期 YYYY-MM-DD")
    s = actions.add_parser("import", parents=[common], help="从文本文件导入一年的放假安排（整年替换，全部通过才写入）")
    s.add_argument("file", type=Path, help="每行“日期 休/班 说明”，如 2027-02-06~2027-02-12 休 春节")
    return {"holidays": cmd_holidays}


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SafetyDeskError(f"找不到文件 {path}，请检查路径。") from None
    except OSError as exc:
        raise SafetyDeskError(os_error_message(exc, path, action="读取")) from None
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SafetyDeskError(f"文件 {path} 不是文本文件，请另存为“UTF-8 文本”后再导入。")


def _print_year(ws: Workspace, year: int) -> None:
    days = ws.holidays.list(year)
    print(f"{year} 年（{ws.holidays.source(year)}），共 {len(days)} 天")
    if days:
        print("日期\t星期\t类别\t说明")
    for d in days:
        print(f"{d.day.isoformat()}\t{d.weekday}\t{d.kind}\t{d.note}")


def cmd_holidays(args: argparse.Namespace) -> int:
    """``holidays``: list, set, delete or import days of the holiday table."""
    with open_workspace(args, initialized=False) as ws:
        action = args.holidays_action
        if action == "list":
            if args.year is not None:
                _print_year(ws, args.year)
            else:
                print(ws.holidays.known_years_text())
                for year in ws.holidays.table_years():
                    print()
                    _print_year(ws, year)
            return 0
        if action == "set":
            day = ws.holidays.set_day(args.day, args.kind, args.note).record
            note = f"（{day.note}）" if day.note else ""
            print(f"已保存：{day.day.isoformat()} {day.weekday} {day.kind}{note}")
            return 0
        if action == "delete":
            ws.holidays.delete_day(args.day)
            print(f"已删除 {args.day}：该日按普通的星期几计算。")
            return 0
        days = ws.holidays.import_year(None, _read_text(args.file)).record
        year = days[0].day.year
        off = sum(1 for d in days if d.kind == "休")
        print(f"已导入 {year} 年的节假日安排：放假 {off} 天，调休上班 {len(days) - off} 天"
              f"（原有的 {year} 年安排已被替换）。")
    return 0
