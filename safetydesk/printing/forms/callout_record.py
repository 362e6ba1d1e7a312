"""叫应记录 (B §1.2), on A4: proof that a warning was phoned down the 包保 chain.

The record heads with the issuing body and the title, then the warning (type, level, time,
source, message, villages, the escalation time), the table of calls in call order (序号, 村,
层级, 姓名, 职务, 电话, 应答时间, 确认内容/转移人数, 升级), the summary of who was not reached and
who was escalated, the closing (people moved and returned) and the 记录人 / 审核人 lines. The
service prepares every text; printing never queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table
from reportlab.platypus.flowables import Flowable

from safetydesk.printing.fonts import ensure_fonts
from safetydesk.printing.numbered import numbered_canvas
from safetydesk.printing.page import (
    FOOTER_Y,
    SIZE_SMALL_4,
    form_document,
    frame_width,
    grid,
    heading,
    para,
    styles,
)

if TYPE_CHECKING:
    from safetydesk.printing.page import TableCommand

#: The signature line (signed by hand).
SIGN_LINE = "记录人：＿＿＿＿＿＿　　　审核人：＿＿＿＿＿＿"
#: The date line under it.
DATE_LINE = "日期：＿＿＿＿年＿＿月＿＿日"
#: Title of the form.
TITLE = "叫应记录"
#: Column headers of the call table.
HEADERS = ("序号", "村", "层级", "姓名", "职务", "电话", "应答时间", "确认内容/转移人数", "升级")
#: Column widths in mm (the 156 mm 版心): a mobile number, a three-character name and a time
#: each fit on one line with the table's narrow padding.
WIDTHS_MM = (8, 17, 15, 15, 17, 25, 14, 27, 18)
#: Left and right padding of the call table's cells (points; :func:`grid` uses 6).
PAD = 3
#: Text size of the call table: 五号 (nine columns do not fit in 4号).
SIZE_5 = 10.5


@dataclass(frozen=True, slots=True)
class CallRow:
    """One call as printed (texts prepared by the service)."""

    position: int
    village: str
    level: str
    name: str
    role: str
    phone: str
    answered: str
    confirmed: str
    escalated: str


@dataclass(frozen=True, slots=True)
class CallOutRecord:
    """Everything printed on one 叫应记录.

    Attributes:
        warning: (label, text) pairs of the warning: 预警类型, 预警级别, 发布时间 …
        summary: Lines of the summary under the table (counts, who was not reached).
        closing: Lines of the closing (the time, people moved and returned), or "尚未结束".
    """

    issuer: str
    warning: list[tuple[str, str]]
    calls: list[CallRow]
    summary: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    subject: str = ""


def _warning_table(
    items: list[tuple[str, str]], label: ParagraphStyle, value: ParagraphStyle, width: float
) -> Table:
    """The warning as a ruled table: the first four items two to a row, the others a row each."""
    label_w = 24 * mm
    half = width / 2 - label_w
    rows: list[list[object]] = []
    spans: list[TableCommand] = []
    pairs, rest = items[:4], items[4:]
    for i in range(0, len(pairs), 2):
        row: list[object] = []
        for k, v in pairs[i : i + 2]:
            row += [para(k, label), para(v or "—", value)]
        rows.append(row + [""] * (4 - len(row)))
    for k, v in rest:
        spans.append(("SPAN", (1, len(rows)), (3, len(rows))))
        rows.append([para(k, label), para(v or "—", value), "", ""])
    table = grid(rows, [label_w, half, label_w, half], header=False)
    table.setStyle(spans)
    return table


def render(data: CallOutRecord, out: Path | BinaryIO) -> None:
    """Write the record's PDF to ``out`` (a path or a binary file object)."""
    fonts = ensure_fonts()
    st = styles(fonts)
    width = frame_width()
    p = para
    small = st["cell"].clone("call_cell", fontSize=SIZE_5, leading=SIZE_5 * 1.35)
    small_head = st["head"].clone("call_head", fontSize=SIZE_5, leading=SIZE_5 * 1.35)
    label = st["head"].clone("warn_label", fontSize=SIZE_SMALL_4, leading=SIZE_SMALL_4 * 1.5)
    value = st["cell"].clone("warn_value", fontSize=SIZE_SMALL_4, leading=SIZE_SMALL_4 * 1.5)
    warning = _warning_table(data.warning, label, value, width)
    rows: list[list[object]] = [[p(h, small_head) for h in HEADERS]]
    for c in data.calls:
        rows.append([p(str(c.position), small_head), p(c.village, small), p(c.level, small),
                     p(c.name, small), p(c.role, small), p(c.phone, small),
                     p(c.answered or "未应答", small), p(c.confirmed or "—", small),
                     p(c.escalated or "—", small)])  # fmt: skip
    widths = [w * mm for w in WIDTHS_MM]
    widths[-2] += width - sum(widths)  # any rounding goes to 确认内容
    calls = grid(rows, widths)
    calls.setStyle([("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD)])
    story: list[Flowable] = [
        *heading(data.issuer, TITLE, "", st),
        Spacer(1, 3 * mm),
        p("一、预警信息", st["attachment"]),
        warning,
        Spacer(1, 3 * mm),
        p("二、呼叫名单及应答情况（按包保责任链顺序）", st["attachment"]),
        calls,
        Spacer(1, 3 * mm),
        KeepTogether([p("三、未应答及升级情况", st["attachment"]),
                      *[p(line, st["small"]) for line in data.summary]]),  # fmt: skip
        Spacer(1, 3 * mm),
        KeepTogether([
            p("四、预警结束", st["attachment"]),
            *[p(line, st["small"]) for line in data.closing],
            Spacer(1, 6 * mm),
            p(SIGN_LINE, st["sign"]),
            Spacer(1, 3 * mm),
            p(DATE_LINE, st["sign"]),
        ]),  # fmt: skip
    ]
    doc = form_document(out, title=TITLE, author=data.issuer, subject=data.subject)
    doc.build(story, canvasmaker=numbered_canvas(fonts.body, footer_y=FOOTER_Y))


__all__ = ["HEADERS", "TITLE", "CallOutRecord", "CallRow", "render"]
