"""Imports of the 一制四案 lists: ``import contacts | baobao | households``.

::

    safetydesk import contacts 上庄村通讯录.xlsx --village 上庄村 [--dry-run] [--json]
    safetydesk import baobao 包保责任表.xlsx [--village 上庄村] [--create-missing] [--json]
    safetydesk import households 危险区住户.xlsx --village 上庄村 [--create-missing] [--json]

A file holds one village's list (``--village``) or names each row's 村(社区) in a column. All or
nothing: when refused, the row report goes to stderr (with ``--json`` also as JSON on stdout)
and the exit code is 2. ``--create-missing`` creates the people a 包保 or household list names
who are not in the people register.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from safetydesk.cli.common import IMPORTERS, Handler, Subparsers, dump_json
from safetydesk.errors import ImportRefused
from safetydesk.services.imports.plan_list_values import LIST_KINDS, NOUNS

if TYPE_CHECKING:
    from safetydesk.services import Workspace


def register(sub: Subparsers) -> dict[str, Handler]:
    """Add the kinds ``contacts``, ``baobao`` and ``households`` to ``import``."""
    IMPORTERS.update(dict.fromkeys(LIST_KINDS, import_lists))
    s = sub.choices["import"]
    s.add_argument("--village", default=None,
                   help="contacts/baobao/households：表中各行所属的村(社区)（表中没有村(社区)列时必填）")  # fmt: skip
    s.add_argument("--json", action="store_true", help="contacts/baobao/households：输出 JSON")
    return {}


def import_lists(ws: Workspace, args: argparse.Namespace) -> int:
    """``import contacts|baobao|households``: one village's list, all or nothing."""
    from safetydesk.services.imports.plan_lists import PlanListImportService

    service = PlanListImportService(ws)
    create = bool(args.create_missing) and args.kind != "contacts"
    try:
        plan, _changes = service.run(args.kind, args.file, village=args.village,
                                     dry_run=args.dry_run, create_missing=create)  # fmt: skip
    except ImportRefused as exc:
        if args.json:
            dump_json({"ok": False, "message": str(exc), "problems": [
                {"row": p.row, "column": p.column, "message": p.message} for p in exc.problems
            ]})  # fmt: skip
        raise
    noun = NOUNS[args.kind]
    new = plan.missing_people if create else []
    if args.json:
        dump_json({
            "ok": True, "kind": args.kind, "dry_run": bool(args.dry_run),
            "count": len(plan.records), "villages": plan.counts(), "created_people": new,
            "skipped_rows": plan.skipped_rows,
        })  # fmt: skip
        return 0
    per = "、".join(f"{v} {n} 条" for v, n in plan.counts().items())
    done = "检查通过，可以导入" if args.dry_run else "已导入"
    print(f"{done} {len(plan.records)} 条{noun}（{per}）。")
    if new:
        print(("将新建" if args.dry_run else "已新建") + f" {len(new)} 位人员：" + "、".join(new) + "。")
    if plan.ignored_headers:
        print("未使用的列：" + "、".join(plan.ignored_headers), file=sys.stderr)
    if args.dry_run:
        print("（--dry-run，未写入）")
    return 0
