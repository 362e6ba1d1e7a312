"""Page geometry, paragraph styles and shared pieces of printed forms (GB/T 9704, DOMAIN.md B §6).

Shared pieces: :func:`para` (plain text, escaped), :func:`grid` (ruled table, header repeated),
:func:`heading` (发文机关, title, 文号), :func:`signature_table`, :func:`seal_block`,
:class:`KeepWithTail` and :func:`form_document` (photo attachments are in
:mod:`safetydesk.printing.photos`). :func:`styles` also teaches reportlab's CJK wrap the
Chinese line-break rules of :mod:`safetydesk.printing.linebreaks`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TypeAlias, TypedDict
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from safetydesk.printing import linebreaks
from safetydesk.printing.fonts import FormFonts

if TYPE_CHECKING:
    from reportlab.platypus.tables import _TableCommand

    #: A TableStyle command, e.g. ("GRID", (0, 0), (-1, -1), 0.6, colors.black). The type is the
    #: stubs' and does not exist at run time: import it under TYPE_CHECKING.
    TableCommand: TypeAlias = _TableCommand

#: A4 portrait and landscape.
PAGE = A4
PAGE_LANDSCAPE = landscape(A4)
#: GB/T 9704 margins of every A4 portrait form: 天头 37 mm, 订口 28 mm, right 26 mm, bottom
#: 35 mm (a 版心 of 156 × 225 mm).
TOP, LEFT, RIGHT, BOTTOM = 37 * mm, 28 * mm, 26 * mm, 35 * mm
#: Padding of reportlab's frame inside the page margins (see :func:`form_document`).
FRAME_PADDING = 6
#: Size of the "第X页 共Y页" footer, and its baseline: the line's top 7 mm below the 版心 (GB/T
#: 9704 页码).
FOOTER_SIZE = 10.5
FOOTER_Y = BOTTOM - 7 * mm - FOOTER_SIZE
#: Wide tables (台账) on A4 landscape: margins of at least 20 mm (B §6); the bottom one leaves
#: room for the "第X页 共Y页" footer.
WIDE_LEFT, WIDE_RIGHT, WIDE_TOP, WIDE_BOTTOM = 20 * mm, 20 * mm, 18 * mm, 25 * mm
#: Font sizes (号): 2号 titles, 小二 the issuing body, 3号 body text, 4号 tables.
SIZE_2, SIZE_SMALL_2, SIZE_3, SIZE_4, SIZE_SMALL_4 = 22, 18, 16, 14, 12
#: 小五, the text size inside the wide ledger tables.
SIZE_SMALL_5 = 9


class _BodyText(TypedDict):
    """The keywords shared by the styles of 仿宋 text."""

    fontName: str
    wordWrap: str


def styles(fonts: FormFonts) -> dict[str, ParagraphStyle]:
    """Paragraph styles of the forms; CJK word wrap keeps closing punctuation off line starts."""
    linebreaks.install()
    base = _BodyText(fontName=fonts.body, wordWrap="CJK")
    return {
        # 发文机关 above the title, in the title's font.
        "issuer": ParagraphStyle(
            "issuer",
            fontName=fonts.title,
            fontSize=SIZE_SMALL_2,
            leading=SIZE_SMALL_2 * 1.4,
            alignment=TA_CENTER,
            wordWrap="CJK",
        ),
        "title": ParagraphStyle(
            "title",
            fontName=fonts.title,
            fontSize=SIZE_2,
            leading=SIZE_2 * 1.3,
            alignment=TA_CENTER,
            wordWrap="CJK",
        ),
        "number": ParagraphStyle(
            "number", fontSize=SIZE_3, leading=SIZE_3 * 1.6, alignment=TA_CENTER, **base
        ),
        "body": ParagraphStyle(
            "body",
            fontSize=SIZE_3,
            leading=SIZE_3 * 1.5,
            alignment=TA_LEFT,
            firstLineIndent=SIZE_3 * 2,
            **base,
        ),
        "plain": ParagraphStyle(
            "plain", fontSize=SIZE_3, leading=SIZE_3 * 1.75, alignment=TA_LEFT, **base
        ),
        "right": ParagraphStyle(
            "right", fontSize=SIZE_3, leading=SIZE_3 * 1.75, alignment=TA_RIGHT, **base
        ),
        # Tables in 4号 (A4: 仿宋 3号 for prose, 4号 inside tables).
        "cell": ParagraphStyle(
            "cell",
            fontName=fonts.table,
            fontSize=SIZE_4,
            leading=SIZE_4 * 1.4,
            wordWrap="CJK",
        ),
        "head": ParagraphStyle(
            "head",
            fontName=fonts.title,
            fontSize=SIZE_4,
            leading=SIZE_4 * 1.4,
            alignment=TA_CENTER,
            wordWrap="CJK",
        ),
        "small": ParagraphStyle("small", fontSize=SIZE_SMALL_4, leading=SIZE_SMALL_4 * 1.6, **base),
        "small_center": ParagraphStyle(
            "small_center",
            fontSize=SIZE_SMALL_4,
            leading=SIZE_SMALL_4 * 1.6,
            alignment=TA_CENTER,
            **base,
        ),
        "right_small": ParagraphStyle(
            "right_small",
            fontSize=SIZE_SMALL_4,
            leading=SIZE_SMALL_4 * 1.6,
            alignment=TA_RIGHT,
            **base,
        ),
        "attachment": ParagraphStyle(
            "attachment",
            fontName=fonts.title,
            fontSize=SIZE_3,
            leading=SIZE_3 * 1.75,
            wordWrap="CJK",
        ),
        "sign": ParagraphStyle("sign", fontSize=SIZE_4, leading=SIZE_4 * 1.55, **base),
        "seal": ParagraphStyle(
            "seal", fontSize=SIZE_3, leading=SIZE_3 * 1.5, alignment=TA_RIGHT, **base
        ),
        "sub": ParagraphStyle(
            "sub",
            fontName=fonts.title,
            fontSize=SIZE_4,
            leading=SIZE_4 * 1.5,
            alignment=TA_CENTER,
            wordWrap="CJK",
        ),
    }


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: markup characters are escaped, line breaks are kept."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def grid(data: list[list[object]], widths: list[float], *, header: bool = True) -> Table:
    """A ruled table whose first row (when ``header``) repeats on every page it continues to."""
    table = Table(data, colWidths=widths, repeatRows=1 if header else 0)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def fit_width(texts: Sequence[str], style: ParagraphStyle, *, pad: float = 12) -> float:
    """Width of a table column that holds each of ``texts`` on one line (``pad``: the cell's
    left and right padding; :func:`grid` pads 6 pt on each side)."""
    return max(stringWidth(t, style.fontName, style.fontSize) for t in texts) + pad + 1


def we(township: str) -> str:
    """How the township names itself in a form's text: 我镇, 我乡 or 我街道."""
    for suffix, word in (("街道办事处", "我街道"), ("街道", "我街道"), ("乡", "我乡")):
        if township.endswith(suffix):
            return word
    return "我镇"


def heading(
    issuer: str, title: str, number: str, st: dict[str, ParagraphStyle]
) -> list[Flowable]:
    """A form's head: the issuing body (发文机关), the title and the 文号 centred under it."""
    out: list[Flowable] = []
    if issuer:
        out.append(para(issuer, st["issuer"]))
    out.append(para(title, st["title"]))
    if number:
        out.append(para(number, st["number"]))
    return out


class KeepWithTail(KeepTogether):
    """A closing paragraph and the block after it (signatures, seal) that never sits alone.

    Kept together when they fit; otherwise the paragraph is split so that its last ``tail``
    lines go over to the next page with the block, instead of moving it all and leaving the
    page half empty.
    """

    def __init__(self, flowables: list[Flowable], tail: int = 2) -> None:
        super().__init__(flowables)
        self.parts, self.tail = list(flowables), tail

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """Split the leading paragraph when the whole does not fit in ``avail_height``."""
        first, rest = self.parts[0], self.parts[1:]
        # KeepTogether.wrap (which the frame has just called) measured the parts: reuse it.
        if getattr(self, "_wrapInfo", None) != (avail_width, avail_height):
            self.wrap(avail_width, avail_height)
        # Its results are instance attributes the stubs do not declare: the whole height and
        # the first part's.
        measured = vars(self)
        total, head = float(measured["_H"]), float(measured["_H0"])
        if total <= avail_height or not isinstance(first, Paragraph):
            return super().split(avail_width, avail_height)
        leading = first.style.leading
        room = min(avail_height, head - self.tail * leading)
        fits = round(head / leading) > self.tail and room >= leading
        parts = first.split(avail_width, room) if fits else []
        if len(parts) != 2:
            return super().split(avail_width, avail_height)
        return [parts[0], KeepTogether([parts[1], *rest])]


def seal_block(
    issuer: str, date_text: str, st: dict[str, ParagraphStyle], *, beside: str = ""
) -> list[Flowable]:
    """落款 (GB/T 9704): the date 右空四字, the issuing body centred over it; the seal is pressed
    over both, so a little room is left above. ``beside`` (e.g. the unit's 签收 lines) is
    printed to the left of it, at the same height."""
    style = st["seal"]
    em = style.fontSize
    inner = max(stringWidth(t, style.fontName, em) for t in (issuer, date_text)) + em
    right = max(0.0, 4 * em - (inner - stringWidth(date_text, style.fontName, em)) / 2)
    centred = style.clone("seal_centred", alignment=TA_CENTER)
    left = max(0.0, frame_width() - inner - right)
    # The first column holds ``beside``, the last the right indent.
    table = Table([[para(beside, st["sign"]) if beside else "", para(issuer, centred), ""],
                   ["", para(date_text, centred), ""]],
                  colWidths=[left, inner, right], hAlign="RIGHT")  # fmt: skip
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                               ("SPAN", (0, 0), (0, 1)),
                               ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))  # fmt: skip
    return [Spacer(1, 4 * mm), table]


def form_document(
    out: Path | BinaryIO,
    *,
    title: str,
    author: str,
    subject: str = "",
    wide: bool = False,
) -> SimpleDocTemplate:
    """The document of one form: A4 portrait with the GB/T 9704 margins, or landscape for 台账."""
    if wide:
        size, margins = PAGE_LANDSCAPE, (WIDE_LEFT, WIDE_RIGHT, WIDE_TOP, WIDE_BOTTOM)
    else:
        size, margins = PAGE, (LEFT, RIGHT, TOP, BOTTOM)
    # SimpleDocTemplate's frame pads its text by 6 pt on each side: the margins are set that much
    # smaller, so that the text itself fills the 版心 exactly.
    left, right, top, bottom = (m - FRAME_PADDING for m in margins)
    return SimpleDocTemplate(
        str(out) if isinstance(out, Path) else out,
        pagesize=size,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title=title,
        author=author,
        subject=subject,
    )


def frame_width(*, wide: bool = False) -> float:
    """Width of the text block of :func:`form_document` (points)."""
    if wide:
        return PAGE_LANDSCAPE[0] - WIDE_LEFT - WIDE_RIGHT
    return PAGE[0] - LEFT - RIGHT


#: A blank to write on by hand, and a short one (a name).
BLANK, SHORT_BLANK = "＿＿＿＿＿＿", "＿＿＿＿"


@dataclass(frozen=True, slots=True)
class Signer:
    """Someone who signs a form by hand; the printed name and 执法证号 go beside the line."""

    name: str = ""
    cert_no: str = ""


def signature_table(
    label: str,
    signers: Sequence[Signer],
    st: dict[str, ParagraphStyle],
    *,
    rows: int = 1,
    cert: bool = False,
    cert_blank: bool = False,
) -> Table:
    """One line per signer (at least ``rows``): name, 执法证号 when ``cert``, and a signing blank.

    Signatures are handwritten (执法文书: 签名应当手写), so only the blank is left to fill in;
    a missing name is a blank too. A missing 证号 is a blank on an enforcement form
    (``cert_blank``) and left out elsewhere.
    """
    people = list(signers) + [Signer()] * max(0, rows - len(signers))
    style = st["sign"]
    texts: list[list[str]] = []
    for who in people:
        row = [f"{label}：{who.name or SHORT_BLANK}"]
        if cert:
            number = who.cert_no or (BLANK if cert_blank or not who.name else "")
            row.append(f"执法证号：{number}" if number else "")
        texts.append([*row, f"签名：{BLANK}"])
    # Each column as wide as its longest line (the name column takes what is left).
    width = frame_width()
    widths = [max(stringWidth(r[c], style.fontName, style.fontSize) for r in texts) + 8
              for c in range(len(texts[0]))]  # fmt: skip
    widths[0] = max(width - sum(widths[1:]), width * 0.25)
    data: list[list[object]] = [[para(t, style) for t in r] for r in texts]
    table = Table(data, colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table
