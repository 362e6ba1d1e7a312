"""The printable 叫应记录 of a call-out: its texts prepared from the records, then rendered.

:func:`print_record` is what ``safetydesk print callout`` and the GUI's print button call. The
record is read as it stands (a call-out still under way prints with its pending calls).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from safetydesk.domain.callouts import CallState, phones
from safetydesk.domain.schedule import format_cn
from safetydesk.paths import write_pdf

if TYPE_CHECKING:
    from safetydesk.printing.forms.callout_record import CallOutRecord
    from safetydesk.services import Workspace
    from safetydesk.services.callouts import CallLine, CallOutStatus


def _time(value: datetime | None, day: datetime) -> str:
    """``21:33`` on the warning's day, ``7月15日 06:00`` on another."""
    if value is None:
        return ""
    hm = value.strftime("%H:%M")
    if value.date() == day.date():
        return hm
    return f"{value.month}月{value.day}日 {hm}"


def _full(value: datetime) -> str:
    return f"{format_cn(value.date())} {value.strftime('%H:%M')}"


def _confirmed(line: CallLine) -> str:
    call = line.call
    if call.answered_at is None:
        return ""
    parts = ["收到"]
    if call.on_duty:
        parts.append("到岗")
    if call.moved is not None:
        parts.append(f"转移 {call.moved} 人")
    text = "、".join(parts)
    return f"{text}；{call.note}" if call.note else text


def _summary(st: CallOutStatus) -> list[str]:
    c = st.callout
    total = len(st.lines)
    on_time = [x for x in st.answered
               if x.call.answered_at is not None and x.call.answered_at <= st.escalate_by]  # fmt: skip
    lines = [
        f"共呼叫 {total} 人，已应答 {len(st.answered)} 人（其中 {c.escalate_after} 分钟内应答 "
        f"{len(on_time)} 人），未应答 {total - len(st.answered)} 人；报告转移 {st.reported_moved} 人。"
    ]
    late = [x for x in st.answered if x.call.escalated_at is not None]
    for x in late:
        lines.append(f"升级后应答：{x.village} {x.call.name}（{x.call.level}），"
                     f"{_time(x.call.answered_at, c.issued_at)} 应答。")  # fmt: skip
    for x in st.escalated:
        to = f"升级至 {x.escalate_to}" if x.escalate_to else "已升级，无上一级责任人"
        lines.append(f"已升级未应答：{x.village} {x.call.name}（{x.call.level}），"
                     f"{_time(x.call.escalated_at, c.issued_at)} {to}。")  # fmt: skip
    for x in [*st.overdue, *st.pending]:
        state = "超时未应答，待升级" if x.state is CallState.OVERDUE else "待应答"
        lines.append(f"{state}：{x.village} {x.call.name}（{x.call.level}）。")
    if len(lines) == 1:
        lines.append("全部责任人均已应答，无需升级。")
    return lines


def record_data(ws: Workspace, callout_id: int) -> CallOutRecord:
    """The texts of a call-out's 叫应记录."""
    from safetydesk.printing.forms.callout_record import CallOutRecord, CallRow

    st = ws.callouts.show(callout_id)
    c = st.callout
    warning = [
        ("预警类型", str(c.kind)), ("预警级别", f"{c.level}预警"), ("发布时间", _full(c.issued_at)),
        ("预警来源", c.source), ("预警内容", c.message), ("叫应范围", "、".join(st.villages)),
        ("升级时限", f"{c.escalate_after} 分钟未应答即向上一级责任人升级"),
    ]  # fmt: skip
    rows = []
    for x in st.lines:
        call = x.call
        mobile, backup = phones(call)
        escalated = ""
        if call.escalated_at is not None:
            to = f"升级至 {x.escalate_to}" if x.escalate_to else "升级（无上一级）"
            escalated = f"{_time(call.escalated_at, c.issued_at)}\n{to}"
        rows.append(CallRow(
            position=call.position, village=x.village, level=str(call.level), name=call.name,
            role=call.role, phone=f"{mobile}\n备用：\n{backup}" if backup else mobile,
            answered=_time(call.answered_at, c.issued_at), confirmed=_confirmed(x),
            escalated=escalated,
        ))  # fmt: skip
    if c.closed_at is not None:
        closing = [f"结束时间：{_full(c.closed_at)}。", f"共转移 {c.moved} 人，已返回 {c.returned} 人。"]
        if c.closing_note:
            closing.append(f"说明：{c.closing_note}")
    else:
        closing = ["尚未结束（预警仍在持续）。"]
    return CallOutRecord(issuer=ws.forms.issuer(), warning=warning, calls=rows,
                         summary=_summary(st), closing=closing,
                         subject=f"{c.kind}{c.level}预警 {_full(c.issued_at)}")  # fmt: skip


def print_record(ws: Workspace, callout_id: int, out: Path) -> Path:
    """Write the call-out's 叫应记录 as PDF to ``out``; returns the path written."""
    from safetydesk.printing.forms.callout_record import render

    data = record_data(ws, callout_id)
    return write_pdf(out, lambda p: render(data, p))


__all__ = ["print_record", "record_data"]
