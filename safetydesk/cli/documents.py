"""``safetydesk documents``: the 文书登记 register (numbers issued, spoiled numbers voided).

::

    safetydesk documents list [--year 2026] [--kind notice] [--json]
    safetydesk documents issue notice|recheck|inspection|order [--date D] [--subject 事由]
    safetydesk documents void ID --reason 原因   # keeps its number, never reused
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from safetydesk.cli.common import Handler, Subparsers, cell, dump_json, open_workspace, parse_date
from safetydesk.errors import ValidationError

if TYPE_CHECKING:
    from safetydesk.domain.documents import DocumentKind

#: Short names of the document kinds on the command line → :class:`DocumentKind` member names.
_DOC_KEYS = {"notice": "RECTIFICATION_NOTICE", "recheck": "RECHECK_OPINION",
             "inspection": "INSPECTION_RECORD", "order": "ORDER_TO_RECTIFY"}  # fmt: skip


def register(sub: Subparsers) -> dict[str, Handler]:
    """Add the ``documents`` command to the CLI's subparsers."""
    s = sub.add_parser("documents", help="文书登记：list | issue | void")
    s.add_argument("action", choices=("list", "issue", "void"))
    s.add_argument("target", nargs="?", default=None,
                   help="issue：文书类别（notice/recheck/inspection/order 或中文名称）；void：文书 ID")  # fmt: skip
    s.add_argument("--year", type=int, default=None, help="list：年度（默认今年）")
    s.add_argument("--kind", default=None, help="list：只看某类文书")
    s.add_argument("--date", type=parse_date, default=None, help="issue/void：日期（默认今天）")
    s.add_argument("--subject", default="", help="issue：事由/对象")
    s.add_argument("--reason", default="", help="void：作废原因（必填）")
    s.add_argument("--json", action="store_true", help="list：输出 JSON")
    return {"documents": cmd_documents}


def _doc_kind(text: str | None) -> DocumentKind | None:
    """The document kind of a short name (``notice``) or of its Chinese name; None for None."""
    from safetydesk.domain.documents import DocumentKind

    if text is None:
        return None
    if text in _DOC_KEYS:
        return DocumentKind[_DOC_KEYS[text]]
    try:
        return DocumentKind(text)
    except ValueError:
        names = "、".join(f"{k}（{DocumentKind[v].value}）" for k, v in _DOC_KEYS.items())
        raise ValidationError("kind", f"未知的文书类别「{text}」，可选：{names}。") from None


def cmd_documents(args: argparse.Namespace) -> int:
    """``documents``: the 文书登记 register."""
    with open_workspace(args) as ws:
        today = args.date or ws.clock()
        if args.action == "list":
            docs = ws.documents.of_year(args.year or today.year, _doc_kind(args.kind))
            if args.json:
                dump_json([ws.documents.store.to_row(d) for d in docs])
                return 0
            print("ID\t文号\t类别\t日期\t状态\t事由/作废原因")
            for d in docs:
                note = d.void_reason if d.void else d.subject
                print(f"{d.id}\t{d.number}\t{d.kind}\t{cell(d.issued_on)}\t{d.status}\t{note}")
            return 0
        if args.action == "issue":
            kind = _doc_kind(args.target)
            if kind is None:
                raise ValidationError("kind", "请指定文书类别，例如：documents issue notice")
            doc = ws.documents.issue(kind, today, subject=args.subject).record
            print(f"已编号：{doc.number}（ID {doc.id}）")
            return 0
        if args.target is None or not args.target.isdigit():
            raise ValidationError("id", "请指定要作废的文书 ID，例如：documents void 3 --reason 填写错误")
        doc = ws.documents.void(int(args.target), args.reason, today).record
        print(f"已作废：{doc.number}（原因：{doc.void_reason}）。该文号保留，不再使用。")
    return 0
