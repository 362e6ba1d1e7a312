"""Page geometry, paragraph styles and shared pieces of printed forms (GB/T 9704, DOMAIN.md B §6).

Shared pieces: :func:`para` (plain text, escaped), :func:`grid` (ruled table, header repeated),
:func:`signature_table`, :func:`seal_block`, :func:`form_document`, and the photo attachment
(:func:`photo_grid` of captioned thumbnails, :func:`photo_attachment` page). :func:`styles` also teaches
reportlab's CJK wrap the Chinese line-break rules (no closing mark starts a line, no opening
bracket ends one, a number stays with its unit).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeAlias, TypedDict
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from safetydesk.printing.fonts import FormFonts

if TYPE_CHECKING:
    from reportlab.platypus.tables import _TableCommand

    #: A TableStyle command, e.g. ("GRID", (0, 0), (-1, -1), 0.6, colors.black). The type is the
    #: stubs' and does not exist at run time: import it under TYPE_CHECKING.
    TableCommand: TypeAlias = _TableCommand

#: A4 portrait and landscape.
PAGE = A4
PAGE_LANDSCAPE = landscape(A4)
#: GB/T 9704 margins: 天头 37 mm, 订口 28 mm, right 26 mm, bottom 35 mm.
TOP, LEFT, RIGHT, BOTTOM = 37 * mm, 28 * mm, 26 * mm, 35 * mm
#: Forms (not 公文) may use narrower top/bottom margins so a notice fits one sheet (B §6).
FORM_TOP, FORM_BOTTOM = 25 * mm, 22 * mm
#: Wide tables (台账) on A4 landscape: margins of at least 20 mm (B §6); the bottom one leaves
#: room for the "第X页 共Y页" footer.
WIDE_LEFT, WIDE_RIGHT, WIDE_TOP, WIDE_BOTTOM = 20 * mm, 20 * mm, 18 * mm, 25 * mm
#: Font sizes (号).
SIZE_2, SIZE_3, SIZE_4, SIZE_SMALL_4 = 22, 16, 14, 12
#: 小五, the text size inside the wide ledger tables.
SIZE_SMALL_5 = 9
#: Photos per row of a photo attachment.
PHOTOS_PER_ROW = 2
#: Largest side of a printed thumbnail (pixels; about 300 dpi at the printed size).
THUMB_PIXELS = 900
#: Largest printed height of a thumbnail (three rows fit a page with the heading).
THUMB_HEIGHT = 62 * mm


#: Chinese punctuation that may not start a line. reportlab's CJK wrap knows the Japanese set
#: only (it lacks the full-width ，；：？！ of Chinese text).
NO_LINE_START = "，。、；：？！）》」』】〕．”’"


#: Units that stay on the line of the number before them (2026年11|月 would split a date).
NUMBER_UNITS = "年月日号项条张个名人次时分元米"
#: Opening punctuation that may not end a line (reportlab's CJK wrap has no such rule).
NO_LINE_END = "（《「『【〔“‘"


#: Most re-splits of one paragraph (each fixes one line end; the rest keep reportlab's breaks).
_MAX_ROUNDS = 200
#: Attribute that marks a reportlab splitter as already wrapped by :func:`_keep_rules` (or
#: :func:`_keep_rules_single`), so that :func:`styles` wraps it only once.
_KEEPS_RULES = "keeps_line_rules"


def _narrowed(widths: list[float], k: int, width: float) -> list[float]:
    """``widths`` (per line, the last one repeating) with line ``k`` set to ``width``."""
    out = list(widths)
    if len(out) <= k + 1:
        out += [out[-1]] * (k + 2 - len(out))
    out[k] = width
    return out


def _bad_break(texts: list[str], breaks: list[bool]) -> tuple[int, int] | None:
    """The first line whose end breaks a rule, and how many of its last characters to move down.

    A line may not end with an opening bracket (move it down); the next line may not start with
    closing punctuation (reportlab hangs only one such character in the margin; move the last
    two characters down so the punctuation follows a character); a number is not split from its
    unit (move the digits down with their unit: 2026年 / 11月20日).
    """
    for k in range(len(texts) - 1):
        if breaks[k]:
            continue
        text, nxt = texts[k], texts[k + 1]
        if len(text) > 1 and text[-1] in NO_LINE_END:
            return k, 1
        if nxt[:1] and nxt[0] in NO_LINE_START and len(text) > 2:
            return k, 2
        if nxt[:1] and nxt[0] in NUMBER_UNITS and text[-1:].isdigit():
            digits = len(text) - len(text.rstrip("0123456789"))
            if len(text) > digits + 1:
                return k, digits
    return None


def _keep_rules_single(split: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap reportlab's one-run CJK splitter (``textsplit.dumbSplit``), see :func:`_bad_break`."""

    def dumb_split(word: str, widths: list[float], max_widths: Any) -> Any:
        limits = list(max_widths) if isinstance(max_widths, list | tuple) else [max_widths]
        full: dict[int, float] = {}
        for rounds in range(_MAX_ROUNDS):
            lines = split(word, widths, limits)
            bad = _bad_break([ln[1] for ln in lines], [False] * len(lines))
            if bad is None or rounds > 3 * len(lines):
                break
            k, drop = bad
            pos = 0
            for ln in lines[:k]:
                pos = word.index(ln[1], pos) + len(ln[1]) if ln[1] else pos
            end = word.index(lines[k][1], pos) + len(lines[k][1])
            limit = limits[min(k, len(limits) - 1)]
            full.setdefault(k, limit)
            limits = _narrowed(limits, k, limit - lines[k][0] - sum(widths[end - drop : end]))
        for k, width in full.items():
            if k < len(lines):
                lines[k][0] += width - limits[min(k, len(limits) - 1)]
        return lines

    setattr(dumb_split, _KEEPS_RULES, True)
    return dumb_split


def _keep_rules(split: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap reportlab's CJK splitter of mixed runs (``cjkFragSplit``), see :func:`_bad_break`.

    The offending line's width is narrowed and the split redone (a few rounds at most); the
    narrowed line keeps its real width for alignment.
    """

    def split_cjk(frags: Any, max_widths: Any, calc_bounds: Any, *args: Any) -> Any:
        limits = list(max_widths)
        full: dict[int, float] = {}
        for rounds in range(_MAX_ROUNDS):
            result = split(frags, limits, calc_bounds, *args)
            lines = result.lines
            texts = ["".join(w.text for w in ln.words) for ln in lines]
            bad = _bad_break(texts, [bool(ln.lineBreak) for ln in lines])
            if bad is None or rounds > 3 * len(lines):
                break
            k, drop = bad
            used = sum(stringWidth(w.text, w.fontName, w.fontSize) for w in lines[k].words)
            last = lines[k].words[-1]
            tail = sum(stringWidth(c, last.fontName, last.fontSize) for c in texts[k][-drop:])
            full.setdefault(k, limits[min(k, len(limits) - 1)])
            limits = _narrowed(limits, k, used - tail)
        for k, width in full.items():
            if k < len(lines):
                lines[k].extraSpace += width - lines[k].maxWidth
                lines[k].maxWidth = width
        # reportlab leaves an empty line when a hung closing mark is followed by a line break.
        kept: list[Any] = []
        for ln in lines:
            empty = not "".join(w.text for w in ln.words)
            if empty and ln.lineBreak and kept and not kept[-1].lineBreak:
                kept[-1].lineBreak = True
                continue
            kept.append(ln)
        lines[:] = kept
        return result

    setattr(split_cjk, _KEEPS_RULES, True)
    return split_cjk


def _extend_line_start_rules() -> None:
    import reportlab.lib.textsplit as textsplit
    import reportlab.platypus.paragraph as paragraph

    # reportlab's CJK wrap reads these module globals, which are not its API: the stubs declare
    # textsplit.ALL_CANNOT_START Final and leave out paragraph's copy of it and
    # paragraph.cjkFragSplit (neither is exported). So they are rebound through the modules'
    # namespaces, which says what this is: a patch of reportlab's globals.
    para_globals = vars(paragraph)
    cannot_start: str = para_globals["ALL_CANNOT_START"]
    missing = "".join(c for c in NO_LINE_START if c not in cannot_start)
    if missing:
        para_globals["ALL_CANNOT_START"] = cannot_start + missing
        vars(textsplit)["ALL_CANNOT_START"] = para_globals["ALL_CANNOT_START"]
    if not getattr(para_globals["cjkFragSplit"], _KEEPS_RULES, False):
        para_globals["cjkFragSplit"] = _keep_rules(para_globals["cjkFragSplit"])
    if not getattr(textsplit.dumbSplit, _KEEPS_RULES, False):
        textsplit.dumbSplit = _keep_rules_single(textsplit.dumbSplit)


class _BodyText(TypedDict):
    """The keywords shared by the styles of 仿宋 text."""

    fontName: str
    wordWrap: str


def styles(fonts: FormFonts) -> dict[str, ParagraphStyle]:
    """Paragraph styles of the forms; CJK word wrap keeps closing punctuation off line starts."""
    _extend_line_start_rules()
    base = _BodyText(fontName=fonts.body, wordWrap="CJK")
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
        "sign": ParagraphStyle("sign", fontSize=SIZE_4, leading=SIZE_4 * 1.7, **base),
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


def we(township: str) -> str:
    """How the township names itself in a form's text: 我镇, 我乡 or 我街道."""
    for suffix, word in (("街道办事处", "我街道"), ("街道", "我街道"), ("乡", "我乡")):
        if township.endswith(suffix):
            return word
    return "我镇"


def seal_block(issuer: str, date_text: str, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    """落款: the issuing body, the seal space and the date, right-aligned (seal over the date)."""
    return [
        para(issuer, st["seal"]),
        para("（盖章）　　　", st["seal"]),
        para(date_text, st["seal"]),
    ]


def form_document(
    out: Path | BinaryIO,
    *,
    title: str,
    author: str,
    subject: str = "",
    wide: bool = False,
) -> SimpleDocTemplate:
    """The document of one form: A4 portrait with the form margins, or landscape for 台账."""
    if wide:
        size, margins = PAGE_LANDSCAPE, (WIDE_LEFT, WIDE_RIGHT, WIDE_TOP, WIDE_BOTTOM)
    else:
        size, margins = PAGE, (LEFT, RIGHT, FORM_TOP, FORM_BOTTOM)
    left, right, top, bottom = margins
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


#: A blank to write on by hand.
BLANK = "＿＿＿＿＿＿"


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
) -> Table:
    """One line per signer (at least ``rows``): name, 执法证号 when ``cert``, and a signing blank.

    Signatures are handwritten (执法文书: 签名应当手写), so only the blank is left to fill in;
    missing names and 证号 are blanks too.
    """
    people = list(signers) + [Signer()] * max(0, rows - len(signers))
    p = para
    data: list[list[object]] = []
    for who in people:
        row: list[object] = [p(f"{label}：{who.name or BLANK}", st["sign"])]
        if cert:
            row.append(p(f"执法证号：{who.cert_no or BLANK}", st["sign"]))
        row.append(p(f"签名：{BLANK}", st["sign"]))
        data.append(row)
    width = frame_width()
    widths = [width * 0.3, width * 0.4, width * 0.3] if cert else [width * 0.5, width * 0.5]
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


def thumbnail(path: Path, max_w: float, max_h: float = THUMB_HEIGHT) -> Image | None:
    """A scaled-down JPEG copy of a photo (upright, per its EXIF), or None when unreadable."""
    from PIL import Image as PILImage
    from PIL import ImageOps

    try:
        with PILImage.open(path) as img:
            pic = ImageOps.exif_transpose(img).convert("RGB")
    except (OSError, ValueError, SyntaxError):
        return None
    pic.thumbnail((THUMB_PIXELS, THUMB_PIXELS))
    buf = io.BytesIO()
    pic.save(buf, "JPEG", quality=82)
    buf.seek(0)
    scale = min(max_w / pic.width, max_h / pic.height)
    return Image(buf, width=pic.width * scale, height=pic.height * scale)


def photo_grid(
    photos: Sequence[tuple[Path, str]], st: dict[str, ParagraphStyle], width: float
) -> tuple[Table | None, int]:
    """Captioned thumbnails, two to a row, and how many were printed (unreadable files are
    skipped; None when none is left)."""
    cell_w = width / PHOTOS_PER_ROW
    # A cell holds a thumbnail over its caption; "" fills the last row.
    cells: list[list[Flowable] | str] = []
    for path, caption in photos:
        thumb = thumbnail(path, cell_w - 8)
        if thumb is not None:
            cells.append([thumb, para(caption, st["small_center"])])
    if not cells:
        return None, 0
    rows = [cells[n : n + PHOTOS_PER_ROW] for n in range(0, len(cells), PHOTOS_PER_ROW)]
    rows[-1] += [""] * (PHOTOS_PER_ROW - len(rows[-1]))
    table = Table(rows, colWidths=[cell_w] * PHOTOS_PER_ROW, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table, len(cells)


def photo_attachment(
    heading: str, reference: str, grid_table: Table, st: dict[str, ParagraphStyle]
) -> list[Flowable]:
    """The photo attachment (GB/T 9704 附件, on its own page): 附件, its heading, the form it
    belongs to (a separated sheet still names it) and the photos."""
    return [
        para("附件", st["attachment"]),
        para(heading, st["sub"]),
        para(reference, st["small_center"]),
        Spacer(1, 2 * mm),
        grid_table,
    ]
