"""隐患排查治理台账 on A4 landscape: one row per hazard, for thousands of rows.

The columns are :data:`~.ledger_layout.COLUMNS` (DOMAIN.md B §7 variant 5 and the "六定"
practice). The filter that selected the rows is printed under the title; 逾期 rows carry "※逾期"
and a grey ground; the header repeats on every page; dates print as 2026-11-23 on one line. The
table ends with the count line and 填报人 / 审核人 / 填报日期, kept on the page of the last rows
(never alone on a page); "第X页 共Y页" is in the footer.

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
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import BaseDocTemplate, Frame, LongTable, PageTemplate, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from safetydesk.printing.fonts import ensure_fonts
from safetydesk.printing.forms import ledger_layout as lay
from safetydesk.printing.numbered import numbered_canvas
from safetydesk.printing.page import (
    BLANK,
    PAGE_LANDSCAPE,
    WIDE_BOTTOM,
    WIDE_LEFT,
    WIDE_RIGHT,
    WIDE_TOP,
    para,
    styles,
)

if TYPE_CHECKING:
    from safetydesk.printing.page import TableCommand

#: Marker of an overdue row (in the 状态 cell).
OVERDUE_MARK = "※逾期"
#: Grey ground of overdue rows (prints on a black-and-white laser printer).
OVERDUE_GROUND = colors.Color(0.86, 0.86, 0.86)
#: Data rows kept on the page of the closing lines (count, 填报人/审核人/填报日期).
KEEP_WITH_FOOT = 2
#: Title size (小二) and the size of the lines around the table (五号).
TITLE_SIZE, META_SIZE = 18, 10.5


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One hazard as printed in the ledger (texts as printed; "" when unknown).

    Attributes:
        basis: 判定依据 and 挂牌督办 of a 重大 hazard ("" for 一般), already worded.
        rechecked_by: Who did the latest 复查; ``recheck_failed`` when it found the hazard
            not rectified.
        state_note: What follows the state (移交 department, 撤销 reason), "" when nothing.
    """

    code: str
    found_on: date
    inspectors: Sequence[str]
    unit_name: str
    village_name: str
    location: str
    description: str
    category: str
    level: str
    basis: str
    measures: str
    funds: float | None
    responsible: str
    phone: str
    due_on: date | None
    due_note: str
    rectified_on: date | None
    rechecked_by: Sequence[str]
    rechecked_on: date | None
    recheck_failed: bool
    state: str
    state_note: str
    overdue: bool


@dataclass(frozen=True, slots=True)
class LedgerData:
    """The ledger (prepared by the service; printing never queries).

    Attributes:
        township: 乡镇(街道) name, for the title "{乡镇}隐患排查治理台账".
        office: 填报单位.
        filter_note: What selected the rows ("状态：整改中；逾期；…"), printed under the title.
        printed_on: The day the data is as of (逾期 is judged on it).
        rows: The hazards in print order.
        filled_by: 填报人 ("" leaves a line to sign on).
        reviewed_by: 审核人 ("" leaves a line to sign on).
        filled_on: 填报日期 (default: ``printed_on``).
    """

    township: str
    office: str
    filter_note: str
    printed_on: date
    rows: Sequence[LedgerRow]
    filled_by: str = ""
    reviewed_by: str = ""
    filled_on: date | None = None


def day(d: date | None) -> str:
    """A date as the ledger prints it: 2026-11-23 ("" for none)."""
    return d.isoformat() if d else ""


def funds_text(amount: float | None) -> str:
    """整改资金 in 万元 with at most two decimals (1.07, 0.5, 12), "" when none."""
    if amount is None:
        return ""
    return f"{amount:.2f}".rstrip("0").rstrip(".")


def _cells(r: LedgerRow, n: int, cell: lay.Cells) -> dict[str, str]:
    """The texts of one row, by column key."""
    desc = f"{r.location}：{r.description}" if r.location else r.description
    due = day(r.due_on)
    if r.due_note:
        due = f"{r.due_note}\n{due}" if due else r.due_note
    state = cell.folded(r.state, "state") + (f"\n{r.state_note}" if r.state_note else "")
    if r.overdue:
        state += f"\n{OVERDUE_MARK}"
    who = cell.names(r.rechecked_by, "recheck")
    if r.recheck_failed:
        who += "\n不合格" if who else "不合格"
    recheck = "\n".join(t for t in (who, day(r.rechecked_on)) if t)
    unit = "\n".join(
        t for t in (r.unit_name, f"（{r.village_name}）" if r.village_name else "") if t
    )
    return {
        "seq": str(n),
        "code": f"{r.code}\n{day(r.found_on)}",
        "inspectors": cell.names(r.inspectors, "inspectors"),
        "unit": unit,
        "description": desc,
        "category": r.category,
        "level": r.level,
        "basis": r.basis,
        "measures": r.measures,
        "funds": funds_text(r.funds),
        "responsible": "\n".join(t for t in (r.responsible, r.phone) if t),
        "due": due,
        "rectified": day(r.rectified_on),
        "recheck": recheck,
        "state": state,
    }


def _count_line(rows: Sequence[LedgerRow]) -> str:
    major = sum(r.level == "重大" for r in rows)
    overdue = sum(r.overdue for r in rows)
    done = sum(r.rectified_on is not None for r in rows)
    return (
        f"合计：共 {len(rows)} 条隐患，其中重大隐患 {major} 条，已整改完成 {done} 条，"
        f"逾期未整改 {overdue} 条。注：标“{OVERDUE_MARK}”并加灰底的行已超过整改期限仍未整改完成。"
    )


def sign_texts(data: LedgerData) -> tuple[str, str, str]:
    """填报人, 审核人 and 填报日期 (names printed when given, else lines to sign on)."""
    return (
        f"填报人：{data.filled_by or BLANK}",
        f"审核人：{data.reviewed_by or BLANK}",
        f"填报日期：{day(data.filled_on or data.printed_on)}",
    )


def _sign_table(data: LedgerData, style: ParagraphStyle, width: float) -> Table:
    table = Table(
        [[para(t, style) for t in sign_texts(data)]], colWidths=[width / 3] * 3, hAlign="LEFT"
    )
    table.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


class _Tail(Flowable):
    """The last rows and the closing lines, kept together: after the rows before them on the
    same page they continue that table (no header); moved to a new page, they repeat the header.

    Args:
        with_head: The tail as a table with the header row (for the top of a page).
        without_head: The same without it (to follow the rows above it).
        page_height: The frame's height: a flowable offered all of it is at the top of a page.
    """

    def __init__(self, with_head: Table, without_head: Table, page_height: float) -> None:
        super().__init__()
        self.with_head, self.without_head = with_head, without_head
        self.page_height = page_height
        self._use = without_head

    def _at_top(self, avail_height: float) -> bool:
        return avail_height >= self.page_height - 1

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Size of the version that fits where the tail is offered room."""
        self._use = self.with_head if self._at_top(avail_height) else self.without_head
        self.width, self.height = self._use.wrap(avail_width, avail_height)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """Nothing below the page's top (the whole tail moves on); at the top, the table's own
        split, should the tail be taller than a page."""
        if not self._at_top(avail_height):
            return []
        return list(self.with_head.split(avail_width, avail_height))

    def draw(self) -> None:
        """Draw the version chosen by the last :meth:`wrap` (as wide as the frame: no shift)."""
        self._use.drawOn(self.canv, 0, 0)


def _grid(
    rows: list[list[object]], widths: list[float], font: str, *, head: bool, ground: list[bool]
) -> list[TableCommand]:
    """Style of a part of the ledger table: ``rows`` data rows (after a header when ``head``),
    grey grounds where ``ground`` says, then any closing rows (spanning, without rules)."""
    first = 1 if head else 0
    commands: list[TableCommand] = [
        ("FONT", (0, 0), (-1, -1), font, lay.SIZE, lay.LEADING),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), lay.PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), lay.PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), lay.PAD_TOP),
        ("BOTTOMPADDING", (0, 0), (-1, -1), lay.PAD_BOTTOM),
    ]
    last = first + len(ground) - 1
    for i, c in enumerate(lay.COLUMNS):
        if c.center:
            commands.append(("ALIGN", (i, first), (i, last), "CENTER"))
    # One command per run of grey rows (each command is re-stretched at every page break).
    start = None
    for n, grey in enumerate([*ground, False]):
        if grey and start is None:
            start = n
        elif not grey and start is not None:
            commands.append(("BACKGROUND", (0, first + start), (-1, first + n - 1), OVERDUE_GROUND))
            start = None
    commands.append(("GRID", (0, 0), (-1, last), 0.5, colors.black))
    for k in range(last + 1, len(rows)):
        commands += [
            ("SPAN", (0, k), (-1, k)),
            ("ALIGN", (0, k), (-1, k), "LEFT"),
            ("TOPPADDING", (0, k), (-1, k), 6),
        ]
    return commands


def _tables(
    data: LedgerData, font: str, head: ParagraphStyle, body: ParagraphStyle, page_height: float
) -> list[Flowable]:
    """The ledger table: its rows before the last few (one long table, header on every page),
    then the last rows with the closing lines (:class:`_Tail`)."""
    values = {"code": [r.code for r in data.rows], "responsible": [r.phone for r in data.rows]}
    total = PAGE_LANDSCAPE[0] - WIDE_LEFT - WIDE_RIGHT
    # The names are packed into measured columns, the same in every candidate layout.
    narrow = lay.Cells(font, body, lay.column_widths(total, font, values))
    texts = [_cells(r, n, narrow) for n, r in enumerate(data.rows, 1)]
    widths = lay.fewest_lines(total, font, values, texts)
    cell = lay.Cells(font, body, widths)
    header: list[object] = [para(c.header, head) for c in lay.COLUMNS]
    rows = [[cell(t[c.key], c.key) for c in lay.COLUMNS] for t in texts]
    grey = [r.overdue for r in data.rows]
    foot = ParagraphStyle("ledger_foot", parent=body, fontSize=META_SIZE, leading=META_SIZE * 1.6)
    inner = sum(widths) - 2 * lay.PAD_X
    blank: list[object] = [""] * (len(lay.COLUMNS) - 1)
    closing = [
        [para(_count_line(data.rows), foot), *blank],
        [_sign_table(data, foot, inner * 0.8), *blank],
    ]
    cut = max(0, len(rows) - KEEP_WITH_FOOT)

    def part(part_rows: list[list[object]], ground: list[bool], *, with_head: bool) -> Table:
        cells = ([header] if with_head else []) + part_rows
        cls = LongTable if len(cells) > 50 else Table
        table = cls(cells, colWidths=widths, repeatRows=1 if with_head else 0)
        table.setStyle(TableStyle(_grid(cells, widths, font, head=with_head, ground=ground)))
        return table

    tail, tail_grey = rows[cut:] + closing, grey[cut:]
    if not cut:
        return [part(tail, tail_grey, with_head=True)]
    return [
        part(rows[:cut], grey[:cut], with_head=True),
        _Tail(
            part(tail, tail_grey, with_head=True),
            part(tail, tail_grey, with_head=False),
            page_height,
        ),
    ]


def _document(out: Path | BinaryIO, data: LedgerData, title: str) -> BaseDocTemplate:
    """A4 landscape with the wide margins of page.py and a frame without inner padding (the
    platypus default of 6 pt a side would cost the page its twelfth row)."""
    doc = BaseDocTemplate(
        str(out) if isinstance(out, Path) else out,
        pagesize=PAGE_LANDSCAPE,
        leftMargin=WIDE_LEFT,
        rightMargin=WIDE_RIGHT,
        topMargin=WIDE_TOP,
        bottomMargin=WIDE_BOTTOM,
        title=title,
        author=data.office,
        subject=data.filter_note,
    )
    frame = Frame(
        doc.leftMargin, doc.bottomMargin, doc.width, doc.height,
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="ledger",
    )  # fmt: skip
    doc.addPageTemplates([PageTemplate(id="ledger", frames=[frame])])
    return doc


def _heading(data: LedgerData, title: str, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    """The title, then 填报单位 · the filter · 数据截至 on one line."""
    meta = ParagraphStyle("ledger_meta", parent=st["small"], fontSize=META_SIZE,
                          leading=META_SIZE * 1.3)  # fmt: skip
    center = ParagraphStyle("ledger_filter", parent=meta, alignment=TA_CENTER)
    right = ParagraphStyle("ledger_asof", parent=meta, alignment=TA_RIGHT)
    width = PAGE_LANDSCAPE[0] - WIDE_LEFT - WIDE_RIGHT
    band = Table(
        [
            [
                para(f"填报单位：{data.office}", meta),
                para(data.filter_note or "全部隐患", center),
                para(f"数据截至：{day(data.printed_on)}", right),
            ]
        ],
        colWidths=[width * 0.28, width * 0.5, width * 0.22],
    )
    band.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ]
        )
    )
    title_style = ParagraphStyle(
        "ledger_title", parent=st["title"], fontSize=TITLE_SIZE, leading=TITLE_SIZE * 1.2
    )
    return [para(title, title_style), band]


def render(data: LedgerData, out: Path | BinaryIO) -> None:
    """Write the ledger PDF to ``out`` (a path or a binary file object)."""
    fonts = ensure_fonts()
    st = styles(fonts)
    head = ParagraphStyle(
        "ledger_head", parent=st["head"], fontSize=lay.SIZE, leading=lay.LEADING,
        alignment=TA_CENTER,
    )  # fmt: skip
    body = ParagraphStyle("ledger_cell", parent=st["cell"], fontSize=lay.SIZE, leading=lay.LEADING)
    title = f"{data.township}隐患排查治理台账"
    doc = _document(out, data, title)
    story = [*_heading(data, title, st), *_tables(data, fonts.table, head, body, doc.height)]
    doc.build(story, canvasmaker=numbered_canvas(fonts.body))
