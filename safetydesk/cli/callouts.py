"""``safetydesk callout``: 叫应 down the 包保 chain (B §1.2), and ``list callouts``.

::

    safetydesk callout start --type 防汛 --level 橙色 --villages 上庄村,润城村 [--at T]
        [--source 阳城县气象台] [--message …] [--escalate-after 分钟] [--json]
    safetydesk callout answer CALLOUT PERSON [--at T] [--note …] [--moved N] [--on-duty]
    safetydesk callout escalate CALLOUT [--at T]
    safetydesk callout close CALLOUT --moved N --returned N [--at T] [--note …]
    safetydesk callout show CALLOUT [--json]
    safetydesk list callouts [--json]

T is a local time ``YYYY-MM-DD HH:MM`` (default: now). PERSON is the called person's name, or
the call's id (``callout show``) when a name is on the list twice.
"""

from __future__ import annotations

import argparse
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from safetydesk.cli.common import (
    LISTERS,
    BadValue,
    Handler,
    Subparsers,
    convert,
    dump_json,
    global_options,
    open_workspace,
    plain,
)
from safetydesk.domain.baobao import HAZARD_KINDS
from safetydesk.domain.callouts import Call, CallOut, WarningLevel, phones
from safetydesk.errors import NotFoundError, ValidationError

if TYPE_CHECKING:
    from safetydesk.services import Workspace
    from safetydesk.services.callouts import CallLine, CallOutStatus

#: Separators of the ``--villages`` list.
_SEPARATORS = re.compile(r"[,，、\s]+")
TIME_HELP = "时间 YYYY-MM-DD HH:MM（默认现在）"


def register(sub: Subparsers) -> dict[str, Handler]:
    """Add the ``callout`` command (and the ``list`` kind ``callouts``)."""
    LISTERS["callouts"] = list_callouts
    common = global_options()
    p = sub.add_parser("callout", help="叫应：start | answer | escalate | close | show")
    actions = p.add_subparsers(dest="callout_action", metavar="ACTION", required=True)
    s = actions.add_parser("start", parents=[common], help="发布预警，按包保链生成呼叫名单")
    s.add_argument("--type", dest="kind", required=True, help="、".join(HAZARD_KINDS))
    s.add_argument("--level", required=True, help="、".join(WarningLevel))
    s.add_argument("--villages", required=True, help="村（社区）名称，用逗号分隔")
    s.add_argument("--at", default=None, help="预警" + TIME_HELP)
    s.add_argument("--source", default="", help="预警来源，如 阳城县气象台")
    s.add_argument("--message", default="", help="预警内容")
    s.add_argument("--escalate-after", type=int, default=None, metavar="分钟",
                   help="多少分钟未应答即待升级（默认取设置“叫应未应答升级（分钟）”，初始 5）")  # fmt: skip
    s.add_argument("--json", action="store_true", help="输出 JSON（含 id 和呼叫名单）")
    s = actions.add_parser("answer", parents=[common], help="记录一人的应答")
    s.add_argument("callout", type=int, metavar="CALLOUT", help="叫应编号")
    s.add_argument("person", metavar="PERSON", help="应答人姓名（或呼叫编号）")
    s.add_argument("--at", default=None, help="应答" + TIME_HELP)
    s.add_argument("--note", default="", help="确认内容/备注")
    s.add_argument("--moved", type=int, default=None, help="报告的转移人数")
    s.add_argument("--on-duty", action="store_true", help="已到岗")
    s = actions.add_parser("escalate", parents=[common], help="把超时未应答的呼叫升级到上一级")
    s.add_argument("callout", type=int, metavar="CALLOUT", help="叫应编号")
    s.add_argument("--at", default=None, help="升级" + TIME_HELP)
    s = actions.add_parser("close", parents=[common], help="结束预警，记录转移和返回人数")
    s.add_argument("callout", type=int, metavar="CALLOUT", help="叫应编号")
    s.add_argument("--moved", type=int, required=True, help="共转移人数")
    s.add_argument("--returned", type=int, required=True, help="已返回人数")
    s.add_argument("--at", default=None, help="结束" + TIME_HELP)
    s.add_argument("--note", default="", help="结束说明")
    s = actions.add_parser("show", parents=[common], help="查看一次叫应：已应答、待应答、已升级")
    s.add_argument("callout", type=int, metavar="CALLOUT", help="叫应编号")
    s.add_argument("--json", action="store_true", help="输出 JSON")
    return {"callout": cmd_callout}


def _time(text: str | None, label: str) -> datetime | None:
    if text is None:
        return None
    try:
        value: datetime = convert(text.strip(), datetime, key="at", label=label)
    except BadValue as exc:
        raise ValidationError("at", str(exc)) from None
    return value


def _village_ids(ws: Workspace, text: str) -> list[int]:
    names = [n for n in _SEPARATORS.split(text) if n]
    if not names:
        raise ValidationError("villages", "请用 --villages 写明要叫应的村（社区），用逗号分隔。")
    ids, unknown = [], []
    for name in names:
        vid = ws.villages.id_by_name(name)
        if vid is None:
            unknown.append(name)
        else:
            ids.append(vid)
    if unknown:
        raise NotFoundError(f"找不到村（社区）：{'、'.join(unknown)}。")
    return ids


def _call_json(call: Call, village: str, state: str = "", escalate_to: str = "") -> dict[str, Any]:
    mobile, backup = phones(call)
    out: dict[str, Any] = {
        "id": call.id, "position": call.position, "village": village, "level": call.level,
        "name": call.name, "role": call.role, "phone": mobile, "backup_phone": backup,
        "confirm": call.confirm, "answered_at": call.answered_at, "on_duty": call.on_duty,
        "moved": call.moved, "note": call.note, "escalated_at": call.escalated_at,
    }  # fmt: skip
    if state:
        out["state"] = state
        out["escalate_to"] = escalate_to
    return out


def _callout_json(c: CallOut) -> dict[str, Any]:
    return {
        "id": c.id, "kind": c.kind, "level": c.level, "issued_at": c.issued_at,
        "source": c.source, "message": c.message, "escalate_after": c.escalate_after,
        "closed_at": c.closed_at, "moved": c.moved, "returned": c.returned,
        "closing_note": c.closing_note,
    }  # fmt: skip


def _line_json(line: CallLine) -> dict[str, Any]:
    return _call_json(line.call, line.village, str(line.state), line.escalate_to)


def _status_json(st: CallOutStatus) -> dict[str, Any]:
    return {
        **_callout_json(st.callout), "villages": list(st.villages), "now": st.now,
        "escalate_by": st.escalate_by, "reported_moved": st.reported_moved,
        "calls": [_line_json(x) for x in st.lines],
        "answered": [_line_json(x) for x in st.answered],
        "pending": [_line_json(x) for x in st.pending],
        "overdue": [_line_json(x) for x in st.overdue],
        "escalated": [_line_json(x) for x in st.escalated],
    }  # fmt: skip


def _hm(value: datetime | None) -> str:
    return "" if value is None else str(plain(value)).replace("T", " ")


def _print_status(st: CallOutStatus) -> None:
    c = st.callout
    print(f"叫应 {c.id}：{c.kind} {c.level}预警，{_hm(c.issued_at)}，{c.source or '来源未填'}；"
          f"村（社区）：{'、'.join(st.villages)}")  # fmt: skip
    if c.message:
        print(f"预警内容：{c.message}")
    print(f"共 {len(st.lines)} 人：已应答 {len(st.answered)}，待应答 {len(st.pending)}，"
          f"待升级 {len(st.overdue)}，已升级 {len(st.escalated)}（{c.escalate_after} 分钟未应答即升级，"
          f"即 {_hm(st.escalate_by)}）")  # fmt: skip
    print("\t".join(("编号", "序号", "村", "层级", "姓名", "职务", "电话", "状态", "应答/升级")))
    for x in st.lines:
        call = x.call
        if call.answered_at is not None:
            what = f"{_hm(call.answered_at)} 应答" + ("，已到岗" if call.on_duty else "")
            if call.moved is not None:
                what += f"，转移 {call.moved} 人"
            if call.note:
                what += f"，{call.note}"
            if call.escalated_at is not None:
                what += f"（{_hm(call.escalated_at)} 升级至 {x.escalate_to or '上一级'}后应答）"
        elif call.escalated_at is not None:
            what = f"{_hm(call.escalated_at)} 升级至 {x.escalate_to or '（无上一级）'}"
        else:
            what = f"待确认：{call.confirm}"
        print("\t".join((str(call.id), str(call.position), x.village, call.level, call.name,
                         call.role, call.phone, x.state, what)))  # fmt: skip
    if c.closed:
        print(f"已于 {_hm(c.closed_at)} 结束：转移 {c.moved} 人，返回 {c.returned} 人"
              + (f"；{c.closing_note}" if c.closing_note else ""))  # fmt: skip


def cmd_callout(args: argparse.Namespace) -> int:
    """``callout``: start, answer, escalate, close or show a call-out."""
    with open_workspace(args) as ws:
        service = ws.callouts
        action = args.callout_action
        if action == "start":
            callout, _calls = service.start(
                args.kind, args.level, _village_ids(ws, args.villages),
                issued_at=_time(args.at, "预警时间"), source=args.source, message=args.message,
                escalate_after=args.escalate_after,
            )  # fmt: skip
            st = service.show(callout.id or 0)
            if args.json:
                dump_json({**_callout_json(callout), "villages": list(st.villages),
                           "calls": [_line_json(x) for x in st.lines]})  # fmt: skip
            else:
                _print_status(st)
            return 0
        if action == "answer":
            call = service.answer(args.callout, args.person, at=_time(args.at, "应答时间"),
                                  note=args.note, on_duty=args.on_duty, moved=args.moved)  # fmt: skip
            moved = "" if call.moved is None else f"，转移 {call.moved} 人"
            print(f"已记录 {call.name} 于 {_hm(call.answered_at)} 应答{moved}。")
        elif action == "escalate":
            done = service.escalate_due(args.callout, now=_time(args.at, "升级时间"))
            if not done:
                print("没有需要升级的呼叫。")
            st = service.show(args.callout)
            to = {x.call.id: x.escalate_to for x in st.lines}
            for call in done:
                print(f"已升级：{call.name}（{call.level}）→ {to.get(call.id) or '无上一级责任人'}")
        elif action == "close":
            closed = service.close(args.callout, at=_time(args.at, "结束时间"), moved=args.moved,
                                   returned=args.returned, note=args.note)  # fmt: skip
            c = closed.callout
            print(f"叫应 {c.id} 已于 {_hm(c.closed_at)} 结束：转移 {c.moved} 人，返回 {c.returned} 人。")
            for warning in closed.warnings:
                print(f"提醒：{warning}")
        else:
            st = service.show(args.callout)
            if args.json:
                dump_json(_status_json(st))
            else:
                _print_status(st)
    return 0


def list_callouts(ws: Workspace, args: argparse.Namespace) -> int:
    """``list callouts``: every call-out, newest first."""
    found = ws.callouts.list()
    rows = []
    for c in found:
        st = ws.callouts.show(c.id or 0)
        rows.append((c, st))
    if args.json:
        dump_json([{**_callout_json(c), "villages": list(st.villages), "calls": len(st.lines),
                    "answered": len(st.answered), "escalated": len(st.escalated)}
                   for c, st in rows])  # fmt: skip
        return 0
    print(f"叫应记录 {len(found)} 次")
    for c, st in rows:
        state = f"已结束（转移 {c.moved} 人，返回 {c.returned} 人）" if c.closed else "进行中"
        print(f"{c.id}\t{_hm(c.issued_at)}\t{c.kind} {c.level}\t{'、'.join(st.villages)}\t"
              f"应答 {len(st.answered)}/{len(st.lines)}\t{state}")  # fmt: skip
    return 0
