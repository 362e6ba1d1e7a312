"""防灾避险明白卡 (B §1.2), one per danger-zone household, two per A4 sheet with a cut line.

Each half of the sheet (210 × 148.5 mm) holds one card: 编号, 户主, 住址, 家庭人数, 重点人员,
灾害类型, 风险点, 监测人及电话, 预警信号 (预警 and 转移), 包户责任人及电话, 撤离路线, 安置地点 and
its 负责人电话, 发卡单位 (盖章), 户主签名, and the 一式三份 note. The service prepares every text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, KeepInFrame, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from safetydesk.printing.fonts import FormFonts, ensure_fonts
from safetydesk.printing.linebreaks import install as install_linebreaks
from safetydesk.printing.page import PAGE, para

if TYPE_CHECKING:
    from safetydesk.printing.page import TableCommand

TITLE = "防灾避险明白卡"
#: Cards per sheet, the margin of each half and the text size (五号).
PER_PAGE = 2
MARGIN = 12 * mm
SIZE = 10.5
#: The 一式三份 note (B §1.2).
COPIES = "本卡一式三份：群众、村（居）委会、发放单位各执一份。请张贴或存放在家中显眼处。"
CUT = "沿此线剪开"


@dataclass(frozen=True, slots=True)
class MingbaiText:
    """One household's card (texts prepared by the service; "" prints as a blank)."""

    number: str
    village: str
    head: str
    address: str
    size: str
    vulnerable: str
    hazard: str
    risk_point: str
    monitor: str
    warning_signal: str
    evacuate_signal: str
    helper: str
    route: str
    shelter: str
    shelter_phone: str
    issuer: str
    issued_on: str = ""


def _styles(fonts: FormFonts) -> dict[str, ParagraphStyle]:
    cell = ParagraphStyle("mb_cell", fontName=fonts.body, fontSize=SIZE, leading=SIZE * 1.35,
                          wordWrap="CJK")  # fmt: skip
    return {
        "title": ParagraphStyle("mb_title", fontName=fonts.title, fontSize=18, leading=22,
                                alignment=TA_CENTER),
        "number": ParagraphStyle("mb_number", parent=cell, alignment=TA_RIGHT),
        "label": ParagraphStyle("mb_label", parent=cell, fontName=fonts.title, alignment=TA_CENTER),
        "cell": cell,
        "note": ParagraphStyle("mb_note", parent=cell, fontSize=9, leading=12),
    }  # fmt: skip


def _story(card: MingbaiText, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    def lab(t: str) -> Flowable:
        return para(t, st["label"])

    def val(t: str) -> Flowable:
        return para(t or "", st["cell"])

    signal = f"预警：{card.warning_signal}\n转移：{card.evacuate_signal}"
    rows: list[list[object]] = [
        [lab("户主"), val(card.head), lab("家庭人数"), val(card.size)],
        [lab("住址"), val(card.address), "", ""],
        [lab("重点人员"), val(card.vulnerable or "无"), "", ""],
        [lab("灾害类型"), val(card.hazard), lab("风险点"), val(card.risk_point)],
        [lab("监测人及电话"), val(card.monitor), "", ""],
        [lab("预警信号"), val(signal), "", ""],
        [lab("包户责任人\n及电话"), val(card.helper), "", ""],
        [lab("撤离路线"), val(card.route), "", ""],
        [lab("安置地点"), val(card.shelter), lab("负责人电话"), val(card.shelter_phone)],
        [lab("发卡单位\n（盖章）"), val(card.issuer), lab("户主签名"), val("")],
    ]
    label_w = 26 * mm
    value_w = (width - 2 * label_w) / 2
    commands: list[TableCommand] = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for r in (1, 2, 4, 5, 6, 7):
        commands.append(("SPAN", (1, r), (3, r)))
    # The last row leaves room to sign and to press the seal.
    table = Table(rows, colWidths=[label_w, value_w, label_w, value_w],
                  rowHeights=[None] * 9 + [13 * mm])  # fmt: skip
    table.setStyle(TableStyle(commands))
    issued = f"　发卡日期：{card.issued_on}" if card.issued_on else "　发卡日期：＿＿＿＿年＿＿月＿＿日"
    return [
        para(TITLE, st["title"]),
        para(f"{card.village}　　编号：{card.number}", st["number"]),
        Spacer(1, 1.5 * mm),
        table,
        Spacer(1, 1.5 * mm),
        para(COPIES + issued, st["note"]),
    ]


def cut_line(c: Canvas, fonts: FormFonts) -> None:
    """The dashed line across the middle of the sheet, with 沿此线剪开."""
    y = PAGE[1] / 2
    c.saveState()
    c.setDash(4, 3)
    c.setLineWidth(0.5)
    c.line(8 * mm, y, PAGE[0] - 8 * mm, y)
    c.setFont(fonts.body, 8)
    c.setFillColor(colors.white)
    w = c.stringWidth(f" ✂ {CUT} ", fonts.body, 8)
    c.rect(PAGE[0] / 2 - w / 2, y - 4, w, 8, stroke=0, fill=1)
    c.setFillColor(colors.black)
    c.drawCentredString(PAGE[0] / 2, y - 3, CUT)
    c.restoreState()


def render(cards: Sequence[MingbaiText], out: Path | BinaryIO) -> None:
    """Write the cards, two to a sheet, to ``out`` (a path or binary file)."""
    fonts = ensure_fonts()
    install_linebreaks()
    st = _styles(fonts)
    c = Canvas(str(out) if isinstance(out, Path) else out, pagesize=PAGE)
    c.setTitle(TITLE)
    half = PAGE[1] / 2
    width, height = PAGE[0] - 2 * MARGIN, half - 2 * MARGIN + 4 * mm
    if not cards:
        c.setFont(fonts.body, 16)
        c.drawCentredString(PAGE[0] / 2, PAGE[1] / 2, "（没有危险区住户，无明白卡可打印）")
    for i, card in enumerate(cards):
        slot = i % PER_PAGE
        if i and slot == 0:
            c.showPage()
        if slot == 0:
            cut_line(c, fonts)
        y = half + MARGIN - 4 * mm if slot == 0 else MARGIN
        story: list[Flowable] = [KeepInFrame(width, height, _story(card, st, width), mode="shrink")]
        frame = Frame(MARGIN, y, width, height, leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0)  # fmt: skip
        frame.addFromList(story, c)
    c.showPage()
    c.save()
