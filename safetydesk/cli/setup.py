"""``safetydesk init | demo | settings | info | gui``: creating, describing and opening a database.

::

    safetydesk init --township 润城镇 --county 阳城县 [--short 润] [--office 办公室名称] [--phone …]
    safetydesk demo [--scale N] [--seed S] [--today YYYY-MM-DD]
    safetydesk settings [键=值 …]
    safetydesk info
    safetydesk gui [GUI options]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from safetydesk import __version__
from safetydesk.cli.common import Handler, Subparsers, db_file, open_workspace, parse_date
from safetydesk.cli.registers import KIND_NAMES, KINDS
from safetydesk.errors import SafetyDeskError, ValidationError

if TYPE_CHECKING:
    from safetydesk.services import Workspace


def register(sub: Subparsers) -> dict[str, Handler]:
    """Add ``init``, ``demo``, ``settings``, ``info`` and ``gui`` to the CLI's subparsers."""
    s = sub.add_parser("init", help="创建本乡镇的数据库")
    s.add_argument("--township", required=True, help="乡镇(街道)名称，如 润城镇")
    s.add_argument("--county", required=True, help="所属县(区)，如 阳城县")
    s.add_argument("--short", default="", help="文号简称，默认取乡镇名称第一个字")
    s.add_argument("--office", default="", help="办公室名称")
    s.add_argument("--phone", default="", help="办公电话")

    s = sub.add_parser("demo", help="生成演示数据库（润城镇）")
    s.add_argument("--scale", type=int, default=1, help="数据量倍数（100 ≈ 100 个乡镇一年的量）")
    s.add_argument("--seed", type=int, default=1, help="随机种子（相同种子生成相同数据）")
    s.add_argument("--today", type=parse_date, default=None, help="演示数据截止日期 YYYY-MM-DD")

    s = sub.add_parser("settings", help="查看或修改设置：settings [键=值 …]")
    s.add_argument("values", nargs="*", metavar="键=值")

    sub.add_parser("info", help="数据库信息")
    # Never parsed: main() hands everything after `gui` to the GUI (see run_gui).
    sub.add_parser("gui", help="启动图形界面（其余参数传给界面）", add_help=False)
    return {"init": cmd_init, "demo": cmd_demo, "settings": cmd_settings, "info": cmd_info}


def cmd_init(args: argparse.Namespace) -> int:
    """``init``: create and set up the township database."""
    from safetydesk.services import Workspace

    path = db_file(args)
    existed = path.exists()
    ws = Workspace.open(path, create=True)
    try:
        if ws.settings.is_initialized:
            t = ws.settings.township()
            raise SafetyDeskError(f"数据库 {path} 已属于 {t.name}（{t.county}），未做改动。如需修改请用 settings 命令。")
        ws.settings.initialize(
            township_name=args.township,
            county=args.county,
            short_name=args.short,
            office_name=args.office,
            office_phone=args.phone,
        )
        print(f"已创建 {args.township} 的数据库：{path}")
    except SafetyDeskError:
        ws.close()
        if not existed:  # leave nothing behind when the set-up was refused
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    finally:
        ws.close()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """``demo``: generate the demo township into an empty database."""
    from safetydesk.services import Workspace
    from safetydesk.services.demo import create_demo

    path = db_file(args, demo=True)
    today: date = args.today or date.today()
    with Workspace.open(path, create=True, clock=lambda: today) as ws:
        create_demo(ws, seed=args.seed, scale=args.scale, today=today)
        print(
            f"已生成演示数据：{path}（{ws.villages.count()} 个村(社区)、{ws.units.count()} 个单位场所、"
            f"{ws.people.count()} 名人员）"
        )
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    """``settings``: show or change domain settings."""
    from safetydesk.services.settings import SETTINGS

    with open_workspace(args, initialized=False) as ws:
        if args.values:
            changes: dict[str, str] = {}
            for pair in args.values:
                key, sep, value = pair.partition("=")
                if not sep:
                    raise ValidationError(pair, f"「{pair}」应写成 键=值，例如 short_name=润。")
                changes[key.strip()] = value
            ws.settings.update(**changes)
            print("设置已保存。")
        values = ws.settings.values()
        for s in SETTINGS:
            print(f"{s.key}\t{s.label}\t{values[s.key]}")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    """``info``: where the data lives, what it holds and whether the file is sound.

    The whole file is checked for damage (``PRAGMA quick_check``); a damaged file is reported on
    stderr with exit code 1, a read-only one is said so (exit 0: reading works).
    """
    from safetydesk.failures import ReadOnlyKind, explain
    from safetydesk.printing import fonts
    from safetydesk.storage.migrations import migrations

    with open_workspace(args, initialized=False, full_check=True) as ws:
        damaged = ws.read_only is not None and ws.read_only.kind is ReadOnlyKind.DAMAGED
        print(f"SafetyDesk {__version__}")
        print(f"数据库\t{ws.path}")
        if ws.read_only is None:
            print("状态\t正常（完整性检查通过，可以修改）")
        else:
            print(f"状态\t只读打开：{ws.read_only.short}")
        lines: list[tuple[str, Callable[[], object]]] = [
            ("乡镇", lambda: _township_line(ws)),
            ("结构版本", lambda: migrations.applied(ws.db)[-1].name),
        ]
        lines += [(KIND_NAMES[kind], getattr(ws, kind).count) for kind in KINDS]
        for label, value in lines:
            try:
                print(f"{label}\t{value()}")
            except Exception as exc:  # noqa: BLE001 - a damaged file: say what cannot be read
                if explain(exc, ws.path) is None:
                    raise
                damaged = True
                print(f"{label}\t（读不出：数据已损坏）")
        if damaged:
            reason = ws.mark_damaged()
            print(f"错误：{reason.message if reason else '数据库文件已损坏。'}", file=sys.stderr)
            return 1
        if ws.read_only is not None:
            print(f"提示：{ws.read_only.message}", file=sys.stderr)
    for role, font in fonts.describe():
        print(f"打印字体·{role}\t{font}")
    return 0


def _township_line(ws: Workspace) -> str:
    t = ws.settings.township()
    return f"{t.name or '（未初始化）'}\t{t.county}"


def run_gui(argv: list[str]) -> int:
    """``gui``: start the GUI with every other argument (``--db`` before or after ``gui`` too)."""
    from safetydesk.app import main as gui_main

    i = argv.index("gui")
    return gui_main(argv[:i] + argv[i + 1 :])
