"""应急处置卡 (B §1.6): cards for key roles, four per A4 sheet with crop marks at every corner.

Size: an 85 × 54 mm bank card holds five or six lines of 9 pt text, not the eight steps a card may
have (B §1.6), so each card is a quarter of A4 (95 × 135 mm, close to A6): two columns and two
rows, 8–9 mm apart, leave room for the crop marks and for the printer's unprintable edge. Eight
steps of two lines each fit at 10.5 pt; a fuller card steps down to 9 pt (never smaller: it is
read outdoors). Each card: title, 适用岗位, 灾种, 启动条件/信号, numbered 处置步骤, 报告对象与电话,
注意事项, the village and 版本日期.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, KeepInFrame, Paragraph, Spacer
from reportlab.platypus.flowables import Flowable, HRFlowable

from safetydesk.printing.fonts import FormFonts, ensure_fonts
from safetydesk.printing.linebreaks import install as install_linebreaks
from safetydesk.printing.page import PAGE, para

#: Card size and layout on the sheet (2 × 2).
CARD_W, CARD_H = 95 * mm, 135 * mm
COLUMNS, ROWS = 2, 2
PER_PAGE = COLUMNS * ROWS
GAP_X = PAGE[0] - COLUMNS * CARD_W - 2 * 6 * mm  # 8 mm between the columns, 6 mm outer margins
GAP_Y = 9 * mm
#: Inner padding of a card's frame, and the crop marks: length and gap from the corner.
PAD = 4 * mm
MARK, MARK_GAP = 4 * mm, 1 * mm
#: Text sizes tried from large to small (points); 9 pt is the floor.
SIZES = (10.5, 10.0, 9.5, 9.0)


@dataclass(frozen=True, slots=True)
class CardText:
    """One card as printed (texts prepared by the service)."""

    title: str
    village: str
    role: str
    kind: str
    trigger: str
    steps: Sequence[str]
    report_to: str = ""
    cautions: str = ""
    version_on: str = ""


def origin(index: int) -> tuple[float, float]:
    """Bottom-left corner of the ``index``-th card of a sheet (row by row, top first)."""
    col, row = index % COLUMNS, index // COLUMNS
    left = (PAGE[0] - COLUMNS * CARD_W - (COLUMNS - 1) * GAP_X) / 2
    top = (PAGE[1] + ROWS * CARD_H + (ROWS - 1) * GAP_Y) / 2
    return left + col * (CARD_W + GAP_X), top - (row + 1) * CARD_H - row * GAP_Y


def _styles(fonts: FormFonts, size: float) -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("card", fontName=fonts.body, fontSize=size, leading=size * 1.35,
                          wordWrap="CJK")  # fmt: skip
    return {
        "title": ParagraphStyle("card_title", fontName=fonts.title, fontSize=size + 3,
                                leading=(size + 3) * 1.3, alignment=TA_CENTER, wordWrap="CJK"),
        "label": ParagraphStyle("card_label", parent=body, fontName=fonts.title),
        "body": body,
        "step": ParagraphStyle("card_step", parent=body, leftIndent=size * 1.6,
                               firstLineIndent=-size * 1.6),
        "foot": ParagraphStyle("card_foot", parent=body, fontSize=9, leading=11.5,
                               textColor=colors.Color(0.25, 0.25, 0.25)),
    }  # fmt: skip


def _labelled(label: str, text: str, st: dict[str, ParagraphStyle]) -> Paragraph:
    from xml.sax.saxutils import escape

    font = st["label"].fontName
    return Paragraph(f'<font name="{font}">{escape(label)}：</font>{escape(text or "—")}', st["body"])


def _story(card: CardText, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    rule = HRFlowable(width="100%", thickness=0.6, color=colors.black, spaceBefore=2, spaceAfter=3)
    out: list[Flowable] = [
        para(card.title, st["title"]),
        rule,
        _labelled("适用岗位", card.role, st),
        _labelled("灾种", card.kind, st),
        _labelled("启动条件/信号", card.trigger, st),
        Spacer(1, 2),
        para("处置步骤：", st["label"]),
    ]
    out += [para(f"{n}. {text}", st["step"]) for n, text in enumerate(card.steps, 1)]
    out += [Spacer(1, 2), _labelled("报告对象与电话", card.report_to, st)]
    if card.cautions:
        out.append(_labelled("注意事项", card.cautions, st))
    out += [
        HRFlowable(width="100%", thickness=0.4, color=colors.grey, spaceBefore=3, spaceAfter=2),
        para(f"{card.village}　　版本日期：{card.version_on or '—'}", st["foot"]),
    ]
    return out


def _height(story: list[Flowable], width: float) -> float:
    return sum(f.wrap(width, 10_000)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in story)


def fitted_story(card: CardText, fonts: FormFonts) -> tuple[list[Flowable], float]:
    """The card's flowables at the largest size of :data:`SIZES` that fits, and that size."""
    width, height = CARD_W - 2 * PAD, CARD_H - 2 * PAD
    for size in SIZES:
        story = _story(card, _styles(fonts, size))
        if _height(story, width) <= height:
            return story, size
    # Too much text even at 9 pt: shrink it into the card rather than cut it off.
    story = [KeepInFrame(width, height, _story(card, _styles(fonts, SIZES[-1])), mode="shrink")]
    return story, SIZES[-1]


def crop_marks(c: Canvas, x: float, y: float) -> None:
    """Short lines outside each corner of the card at (x, y), along its edges."""
    c.setLineWidth(0.4)
    c.setStrokeColor(colors.black)
    for cx, dx in ((x, -1), (x + CARD_W, 1)):
        for cy, dy in ((y, -1), (y + CARD_H, 1)):
            c.line(cx + dx * MARK_GAP, cy, cx + dx * (MARK_GAP + MARK), cy)
            c.line(cx, cy + dy * MARK_GAP, cx, cy + dy * (MARK_GAP + MARK))


def render(cards: Sequence[CardText], out: Path | BinaryIO, *, title: str = "应急处置卡") -> None:
    """Write the cards, :data:`PER_PAGE` to a sheet, to ``out`` (a path or binary file)."""
    fonts = ensure_fonts()
    install_linebreaks()
    c = Canvas(str(out) if isinstance(out, Path) else out, pagesize=PAGE)
    c.setTitle(title)
    c.setAuthor(cards[0].village if cards else "")
    if not cards:
        c.setFont(fonts.body, 16)
        c.drawCentredString(PAGE[0] / 2, PAGE[1] / 2, "（没有应急处置卡）")
    for i, card in enumerate(cards):
        if i and i % PER_PAGE == 0:
            c.showPage()
        x, y = origin(i % PER_PAGE)
        crop_marks(c, x, y)
        c.setLineWidth(0.3)
        c.setStrokeColor(colors.lightgrey)
        c.rect(x, y, CARD_W, CARD_H)  # a faint edge, cut along by the marks
        story, _ = fitted_story(card, fonts)
        frame = Frame(x, y, CARD_W, CARD_H, leftPadding=PAD, rightPadding=PAD,
                      topPadding=PAD, bottomPadding=PAD, showBoundary=0)  # fmt: skip
        frame.addFromList(story, c)
    c.showPage()
    c.save()
