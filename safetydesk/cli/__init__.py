"""Command-line interface: the same powers as the GUI, for scripts, checks and benchmarks.

Exit codes: 0 done; 1 a known error (message printed); 2 input refused (validation or import
report printed, nothing written); 3 an unexpected error (logged under the data folder).

This module holds the parser skeleton, :func:`main` and the error handling; the commands live in
the area modules of :data:`AREA_MODULES`, each with ``register(sub) -> {command: handler}``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from safetydesk import __version__, argparse_zh, paths
from safetydesk.cli.common import Handler, Subparsers, global_options, print_problems
from safetydesk.errors import ImportRefused, SafetyDeskError, ValidationError, ValidationErrors
from safetydesk.failures import damaged_message, explain

#: Modules of the commands, by area, each with ``register(sub) -> {command: handler}``.
AREA_MODULES: tuple[str, ...] = (
    "safetydesk.cli.setup",  # init, demo, settings, info, gui
    "safetydesk.cli.registers",  # import, export, list, add, edit, archive, restore, fields
    "safetydesk.cli.documents",  # documents
    "safetydesk.cli.hazards",  # hazard, notice, list hazards, import hazards
    "safetydesk.cli.holidays",  # holidays
    "safetydesk.cli.inspection",  # inspection, list inspections
    "safetydesk.cli.inspections",  # coverage, draw, checklists
    "safetydesk.cli.photos",  # photos
    "safetydesk.cli.plans",  # plans, plan, shelter
    "safetydesk.cli.plan_parts",  # contact, workgroup, riskpoint, route, team, supply, card, household, baobao
    "safetydesk.cli.callouts",  # callout, list callouts
    "safetydesk.cli.plan_imports",  # import contacts, import baobao, import households
    "safetydesk.cli.drills",  # drill, drills, list drills
    "safetydesk.cli.printing",  # print
)
#: Order of the commands in ``safetydesk --help`` (and its "invalid choice" message); commands
#: not named here follow in the order their modules register them.
HELP_ORDER: tuple[str, ...] = (
    "init", "demo", "import", "export", "list", "add", "edit", "archive", "restore", "fields",
    "settings", "documents", "hazard", "notice", "info", "gui",
)  # fmt: skip


def _parser() -> tuple[argparse.ArgumentParser, dict[str, Handler]]:
    """The ``safetydesk`` parser and the handler of each command."""
    p = argparse.ArgumentParser(
        prog="safetydesk",
        description="SafetyDesk 乡镇安全生产应急管理台账 — 命令行",
    )
    p.add_argument("--version", action="version", version=f"SafetyDesk {__version__}")
    p.add_argument("--db", help="数据库文件（默认：数据文件夹中的 safetydesk.db；环境变量 SAFETYDESK_DB）")
    p.add_argument("--data-dir", help="数据文件夹（环境变量 SAFETYDESK_DATA_DIR）")
    # The global options are accepted after the command too ("list units --db x.db").
    common = global_options()
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    _add = sub.add_parser

    def add_parser(name: str, **kw: Any) -> argparse.ArgumentParser:
        return _add(name, parents=[common], **kw)

    # Deliberately replaces the bound method so that every area's parsers get the global options.
    sub.add_parser = add_parser  # type: ignore[method-assign]
    commands: dict[str, Handler] = {}
    for name in AREA_MODULES:
        commands.update(importlib.import_module(name).register(sub))
    _order_commands(sub)
    return p, commands


def _order_commands(sub: Subparsers) -> None:
    """Put the commands in :data:`HELP_ORDER` (the areas register them module by module).

    argparse lists sub-commands in the order they were added and offers no public way to reorder
    them: this sorts its list of help entries and its name → parser map in place.
    """

    def rank(name: str) -> int:
        return HELP_ORDER.index(name) if name in HELP_ORDER else len(HELP_ORDER)

    parsers = dict(sub.choices)
    sub.choices.clear()
    sub.choices.update(sorted(parsers.items(), key=lambda item: rank(item[0])))
    helps = getattr(sub, "_choices_actions", None)
    if isinstance(helps, list):
        helps.sort(key=lambda action: rank(action.dest))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    argparse_zh.install()
    parser, commands = _parser()
    # `gui` passes every remaining argument on to the GUI entry point.
    if "gui" in argv:
        from safetydesk.cli.setup import run_gui

        return run_gui(argv)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return commands[args.command](args)
    except ImportRefused as exc:
        print_problems(exc.problems)
        print(str(exc), file=sys.stderr)
        return 2
    except ValidationErrors as exc:
        for field, msg in exc.errors.items():
            print(f"错误（{field}）：{msg}", file=sys.stderr)
        print("未写入任何数据。", file=sys.stderr)
        return 2
    except ValidationError as exc:
        print(f"错误（{exc.field}）：{exc.message}", file=sys.stderr)
        return 2
    except SafetyDeskError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``safetydesk list units | head``): not an error of ours.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter's flush quiet
        return 0
    except Exception as exc:  # noqa: BLE001 - last resort: log, never show a traceback to the user
        db_path = _db_of(args)
        known = explain(exc, db_path)
        if known is None and db_path is not None and db_path.is_file():
            from safetydesk.storage.integrity import damage_found

            if problems := damage_found(db_path):  # an error that the damage explains
                known = damaged_message(db_path, problems)
        if known is not None:
            # A damaged file, a refused write, a file or folder that cannot be used: said in Chinese.
            if not isinstance(exc, OSError):
                with contextlib.suppress(OSError):
                    _log_crash(args)
            print(f"错误：{known}", file=sys.stderr)
            return 1
        log = _log_crash(args)
        print(f"程序遇到意外错误，详细信息已记录到 {log}。请把该文件发给技术支持。", file=sys.stderr)
        if os.environ.get("SAFETYDESK_DEBUG"):
            traceback.print_exc()
        return 3


def _db_of(args: argparse.Namespace) -> Path | None:
    """The database file the command used (None when the options do not name one)."""
    try:
        return paths.db_path(getattr(args, "db", None), getattr(args, "data_dir", None))
    except Exception:  # noqa: BLE001 - only a path for a message
        return None


def _log_crash(args: argparse.Namespace) -> Path:
    folder = paths.logs_dir(paths.db_path(args.db, args.data_dir))
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "error.log"
    with log.open("a", encoding="utf-8") as fh:
        fh.write(f"\n=== SafetyDesk {__version__} CLI {sys.argv!r}\n{traceback.format_exc()}")
    return log
