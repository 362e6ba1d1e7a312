"""Page geometry and paragraph styles of printed forms (GB/T 9704 figures, DOMAIN.md B §6)."""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from safetydesk.printing.fonts import FormFonts

#: A4 portrait and landscape.
PAGE = A4
PAGE_LANDSCAPE = landscape(A4)
#: GB/T 9704 margins: 天头 37 mm, 订口 28 mm, right 26 mm, bottom 35 mm.
TOP, LEFT, RIGHT, BOTTOM = 37 * mm, 28 * mm, 26 * mm, 35 * mm
#: Forms (not 公文) may use narrower top/bottom margins so a notice fits one sheet (B §6).
FORM_TOP, FORM_BOTTOM = 25 * mm, 22 * mm
#: Font sizes (号).
SIZE_2, SIZE_3, SIZE_4, SIZE_SMALL_4 = 22, 16, 14, 12


#: Chinese punctuation that may not start a line. reportlab's CJK wrap knows the Japanese set
#: only (it lacks the full-width ，；：？！ of Chinese text).
NO_LINE_START = "，。、；：？！）》」』】〕．"


def _extend_line_start_rules() -> None:
    import reportlab.lib.textsplit as textsplit
    import reportlab.platypus.paragraph as paragraph

    missing = "".join(c for c in NO_LINE_START if c not in paragraph.ALL_CANNOT_START)
    if missing:
        paragraph.ALL_CANNOT_START = paragraph.ALL_CANNOT_START + missing
        textsplit.ALL_CANNOT_START = paragraph.ALL_CANNOT_START


def styles(fonts: FormFonts) -> dict[str, ParagraphStyle]:
    """Paragraph styles of the forms; CJK word wrap keeps closing punctuation off line starts."""
    _extend_line_start_rules()
    base = dict(fontName=fonts.body, wordWrap="CJK")
    return {
        "title": ParagraphStyle(
            "title",
            fontName=fonts.title,
            fontSize=SIZE_2,
            leading=SIZE_2 * 1.4,
            alignment=TA_CENTER,
            wordWrap="CJK",
        ),
        "number": ParagraphStyle(
            "number", fontSize=SIZE_3, leading=SIZE_3 * 1.6, alignment=TA_CENTER, **base
        ),
        "body": ParagraphStyle(
            "body",
            fontSize=SIZE_3,
            leading=SIZE_3 * 1.6,
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
        "cell": ParagraphStyle(
            "cell",
            fontName=fonts.table,
            fontSize=SIZE_SMALL_4,
            leading=SIZE_SMALL_4 * 1.45,
            wordWrap="CJK",
        ),
        "head": ParagraphStyle(
            "head",
            fontName=fonts.title,
            fontSize=SIZE_SMALL_4,
            leading=SIZE_SMALL_4 * 1.45,
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
        "sub": ParagraphStyle(
            "sub",
            fontName=fonts.title,
            fontSize=SIZE_4,
            leading=SIZE_4 * 1.5,
            alignment=TA_CENTER,
            wordWrap="CJK",
        ),
    }
