"""隐患排查治理台账 on A4 landscape: one row per hazard, for thousands of rows.

Columns follow DOMAIN.md §7 variant 5 (序号, 隐患编号, 发现日期, 单位名称, 所属村(社区), 隐患部位
及描述, 等级, 整改措施, 整改期限, 责任人, 状态, 完成日期, 复查/销号). The filter that selected the
rows is printed under the title; 逾期 rows carry "※逾期" and a grey ground; the header repeats on
every page; "第X页 共Y页" is in the footer and a count line ends the table.

Speed: short cells that fit on one line are plain strings (no Paragraph to wrap); only the long
text columns are Paragraphs, so a few thousand rows render in seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import LongTable, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from safetydesk.domain.schedule import format_cn
from safetydesk.printing.fonts import ensure_fonts
from safetydesk.printing.numbered import numbered_canvas
from safetydesk.printing.page import SIZE_SMALL_5, form_document, frame_width, para, styles

if TYPE_CHECKING:
    from safetydesk.printing.page import TableCommand

#: Marker of an overdue row (in the 状态 cell).
OVERDUE_MARK = "※逾期"
#: Grey ground of overdue rows (prints on a black-and-white laser printer).
OVERDUE_GROUND = colors.Color(0.86, 0.86, 0.86)
#: (header, width in mm); the widths add up to the landscape text block (257 mm).
COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 10),
    ("隐患编号", 23),
    ("发现日期", 15),
    ("单位名称", 26),
    ("所属村\n(社区)", 15),
    ("隐患部位及描述", 46),
    ("等级", 9),
    ("整改措施", 33),
    ("整改期限", 15),
    ("责任人", 14),
    ("状态", 13),
    ("完成日期", 15),
    ("复查/销号", 23),
)
#: Cell padding left and right (points).
_PAD = 2.5


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One hazard as printed in the ledger."""

    code: str
    found_on: date
    unit_name: str
    village_name: str
    location: str
    description: str
    level: str
    measures: str
    due_on: date | None
    due_note: str
    responsible: str
    state: str
    overdue: bool
    rectified_on: date | None
    recheck: str


@dataclass(frozen=True, slots=True)
class LedgerData:
    """The ledger (prepared by the service; printing never queries).

    Attributes:
        township: 乡镇(街道) name, for the title "{乡镇}隐患排查治理台账".
        office: 填报单位.
        filter_note: What selected the rows ("状态：整改中；逾期；…"), printed under the title.
        printed_on: 制表日期.
        rows: The hazards in print order.
    """

    township: str
    office: str
    filter_note: str
    printed_on: date
    rows: Sequence[LedgerRow]


def _two_line_date(day: date | None) -> str:
    """2026年 / 3月5日 on two lines (a full date does not fit the narrow column on one)."""
    return f"{day.year}年\n{day.month}月{day.day}日" if day else ""


class _Cells:
    """Makes table cells: a plain string when it fits one line, else a wrapping Paragraph."""

    def __init__(self, font: str, style: ParagraphStyle) -> None:
        self.font = font
        self.style = style

    def __call__(self, text: str, width_mm: float) -> object:
        room = width_mm * mm - 2 * _PAD
        if "\n" not in text and stringWidth(text, self.font, SIZE_SMALL_5) <= room:
            return text
        return para(text, self.style)


def _row(n: int, r: LedgerRow, cell: _Cells) -> list[object]:
    w = [c[1] for c in COLUMNS]
    desc = f"{r.location}：{r.description}" if r.location else r.description
    due = _two_line_date(r.due_on) if r.due_on else ""
    if r.due_note:
        due = r.due_note if not due else f"{r.due_note}\n{due}"
    state = f"{r.state}\n{OVERDUE_MARK}" if r.overdue else r.state
    return [
        str(n),
        cell(r.code, w[1]),
        _two_line_date(r.found_on),
        cell(r.unit_name, w[3]),
        cell(r.village_name, w[4]),
        cell(desc, w[5]),
        r.level,
        cell(r.measures, w[7]),
        due,
        cell(r.responsible, w[9]),
        state,
        _two_line_date(r.rectified_on),
        cell(r.recheck, w[12]),
    ]


def _table(data: LedgerData, font: str, head: ParagraphStyle, body: ParagraphStyle) -> Table:
    cell = _Cells(font, body)
    rows: list[list[object]] = [[para(h, head) for h, _ in COLUMNS]]
    commands: list[TableCommand] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("FONT", (0, 0), (-1, -1), font, SIZE_SMALL_5, SIZE_SMALL_5 * 1.3),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 1), (0, -1), "CENTER"),
        ("ALIGN", (6, 1), (6, -1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), _PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), _PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for n, r in enumerate(data.rows, 1):
        rows.append(_row(n, r, cell))
        if r.overdue:
            commands.append(("BACKGROUND", (0, n), (-1, n), OVERDUE_GROUND))
    table = LongTable(rows, colWidths=[w * mm for _, w in COLUMNS], repeatRows=1)
    table.setStyle(TableStyle(commands))
    return table


def _count_line(rows: Sequence[LedgerRow]) -> str:
    major = sum(r.level == "重大" for r in rows)
    overdue = sum(r.overdue for r in rows)
    done = sum(r.rectified_on is not None for r in rows)
    return (
        f"合计：共 {len(rows)} 条隐患，其中重大隐患 {major} 条，已整改完成 {done} 条，"
        f"逾期未整改 {overdue} 条。注：标“{OVERDUE_MARK}”并加灰底的行已超过整改期限仍未整改完成。"
    )


def render(data: LedgerData, out: Path | BinaryIO) -> None:
    """Write the ledger PDF to ``out`` (a path or a binary file object)."""
    fonts = ensure_fonts()
    st = styles(fonts)
    head = ParagraphStyle(
        "ledger_head",
        parent=st["head"],
        fontSize=SIZE_SMALL_5,
        leading=SIZE_SMALL_5 * 1.3,
        alignment=TA_CENTER,
    )
    body = ParagraphStyle(
        "ledger_cell", parent=st["cell"], fontSize=SIZE_SMALL_5, leading=SIZE_SMALL_5 * 1.3
    )
    width = frame_width(wide=True)
    title = f"{data.township}隐患排查治理台账"
    meta = Table(
        [
            [
                para(f"填报单位：{data.office}", st["small"]),
                para(f"制表日期：{format_cn(data.printed_on)}", st["right_small"]),
            ]
        ],
        colWidths=[width * 0.6, width * 0.4],
    )
    meta.setStyle(
        TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
    )
    story: list[Flowable] = [
        para(title, st["title"]),
        para(data.filter_note or "全部隐患", st["small_center"]),
        Spacer(1, 1 * mm),
        meta,
        _table(data, fonts.table, head, body),
        Spacer(1, 3 * mm),
        para(_count_line(data.rows), st["small"]),
        Spacer(1, 2 * mm),
        para("制表人：＿＿＿＿＿＿　　审核人：＿＿＿＿＿＿", st["small"]),
    ]
    doc = form_document(out, title=title, author=data.office, subject=data.filter_note, wide=True)
    doc.build(story, canvasmaker=numbered_canvas(fonts.body))
