"""``safetydesk photos``: photos of hazards (整改前/整改后) and inspections (现场).

::

    safetydesk photos add hazard 12 现场.jpg [更多.jpg …] [--kind 整改后] [--on 2026-11-20] [--note 说明]
    safetydesk photos add inspection 7 现场.jpg
    safetydesk photos list hazard 12 [--json]
    safetydesk photos delete hazard PHOTO_ID

Adding several files is all-or-nothing per file: each good file is copied, each refused one is
listed with the reason, and the exit code is 2 when any was refused.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from safetydesk.cli.common import (
    Handler,
    Subparsers,
    dump_json,
    global_options,
    open_workspace,
    parse_date,
)
from safetydesk.errors import SafetyDeskError

if TYPE_CHECKING:
    from safetydesk.services.photos import PhotoService

#: The record kinds that take photos → the workspace's photo service.
OWNERS: dict[str, str] = {"hazard": "hazard_photos", "inspection": "inspection_photos"}


def register(sub: Subparsers) -> dict[str, Handler]:
    """Add the ``photos`` command to the CLI's subparsers."""
    p = sub.add_parser("photos", help="隐患和检查的照片：add | list | delete")
    common = global_options()
    actions = p.add_subparsers(dest="photos_action", metavar="ACTION", required=True)
    s = actions.add_parser("add", parents=[common], help="添加照片（JPG/PNG，复制到数据文件夹）")
    s.add_argument("owner", choices=tuple(OWNERS), help="hazard（隐患）或 inspection（检查）")
    s.add_argument("id", type=int, help="隐患或检查记录的 ID")
    s.add_argument("files", nargs="+", type=Path, help="照片文件")
    s.add_argument("--kind", default=None, help="隐患：整改前（默认）或 整改后；检查：现场")
    s.add_argument("--on", type=parse_date, default=None, help="拍摄日期 YYYY-MM-DD")
    s.add_argument("--note", default="", help="说明")
    s = actions.add_parser("list", parents=[common], help="列出照片")
    s.add_argument("owner", choices=tuple(OWNERS))
    s.add_argument("id", type=int)
    s.add_argument("--json", action="store_true", help="输出 JSON")
    s = actions.add_parser("delete", parents=[common], help="删除一张照片（连同其文件）")
    s.add_argument("owner", choices=tuple(OWNERS))
    s.add_argument("photo_id", type=int, help="照片 ID（见 photos list）")
    return {"photos": cmd_photos}


def cmd_photos(args: argparse.Namespace) -> int:
    """``photos``: add, list or delete photos."""
    with open_workspace(args) as ws:
        service: PhotoService = getattr(ws, OWNERS[args.owner])
        if args.photos_action == "add":
            return _add(service, args)
        if args.photos_action == "delete":
            photo = service.delete(args.photo_id).record
            print(f"已删除照片 {photo.id}（{photo.original_name}）。")
            return 0
        photos = service.photos(args.id)
        if args.json:
            rows = [{"id": p.id, "kind": p.kind.value, "file": str(service.path(p)),
                     "original_name": p.original_name, "taken_on": p.taken_on, "note": p.note}
                    for p in photos]  # fmt: skip
            dump_json(rows)
        elif not photos:
            print("没有照片。")
        for p in photos if not args.json else ():
            print(f"{p.id}\t{p.kind.value}\t{p.original_name}\t{service.path(p)}")
    return 0


def _add(service: PhotoService, args: argparse.Namespace) -> int:
    refused = 0
    for path in args.files:
        try:
            photo = service.add(args.id, path, args.kind, taken_on=args.on, note=args.note).record
        except SafetyDeskError as exc:
            refused += 1
            print(f"未添加 {path}：{exc}", file=sys.stderr)
            continue
        print(f"已添加照片 {photo.id}（{photo.kind.value}）：{path.name}")
    return 2 if refused else 0
