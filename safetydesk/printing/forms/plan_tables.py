"""Shared layout of the 一制四案 list forms (包保责任表, 应急通讯录, 避难场所一览表).

A list is printed per 村(社区): each section starts on a new page with the title, a line naming
the village and the date, then a ruled table whose header row repeats on every page, and an
optional closing line (totals). Rows may be marked (a grey ground, e.g. a missing entry). The
service prepares every text; printing never queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, PageBreak, Spacer, TableStyle
from reportlab.platypus.flowables import Flowable

from safetydesk.printing.fonts import ensure_fonts
from safetydesk.printing.numbered import numbered_canvas
from safetydesk.printing.page import FOOTER_Y, form_document, frame_width, para, styles

if TYPE_CHECKING:
    from safetydesk.printing.page import TableCommand

#: Grey ground of marked rows (a gap the paper copy must show).
MARK_GROUND = colors.Color(0.85, 0.85, 0.85)
#: Text size inside the list tables (五号) and of the lines around them.
CELL_SIZE, META_SIZE = 10.5, 12
#: Size of a list's title (小二).
TITLE_SIZE = 18


@dataclass(frozen=True, slots=True)
class Row:
    """One row: cell texts, whether it is marked, and a group heading row (spans the table)."""

    cells: Sequence[str]
    marked: bool = False
    group: bool = False


@dataclass(frozen=True, slots=True)
class Section:
    """One village's list."""

    heading: str
    rows: Sequence[Row]
    closing: Sequence[str] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class ListForm:
    """A list form: title, column headers and widths (mm, scaled to the 版心), sections."""

    title: str
    headers: Sequence[str]
    widths_mm: Sequence[float]
    sections: Sequence[Section]
    issuer: str = ""
    wide: bool = False
    note: str = ""


def _table(form: ListForm, section: Section, width: float, st: dict[str, ParagraphStyle]) -> LongTable:
    scale = width / sum(form.widths_mm)
    widths = [w * scale for w in form.widths_mm]
    head = ParagraphStyle("list_head", parent=st["head"], fontSize=CELL_SIZE, leading=CELL_SIZE * 1.35)
    cell = ParagraphStyle("list_cell", parent=st["cell"], fontSize=CELL_SIZE, leading=CELL_SIZE * 1.35)
    group = ParagraphStyle("list_group", parent=head, alignment=0)
    data: list[list[object]] = [[para(h, head) for h in form.headers]]
    commands: list[TableCommand] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if not section.rows:
        section = Section(section.heading, [Row(["（无记录）"], marked=True, group=True)], section.closing)
    for n, row in enumerate(section.rows, 1):
        if row.group:
            data.append([para(row.cells[0], group)] + [""] * (len(form.headers) - 1))
            commands.append(("SPAN", (0, n), (-1, n)))
        else:
            data.append([para(t, cell) for t in row.cells])
        if row.marked or row.group:
            commands.append(("BACKGROUND", (0, n), (-1, n), MARK_GROUND))
    table = LongTable(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(commands))
    return table


def render(form: ListForm, out: Path | BinaryIO) -> None:
    """Write the list PDF to ``out`` (a path or a binary file object)."""
    fonts = ensure_fonts()
    st = styles(fonts)
    width = frame_width(wide=form.wide)
    title = ParagraphStyle("list_title", parent=st["title"], fontSize=TITLE_SIZE, leading=TITLE_SIZE * 1.4)
    meta = ParagraphStyle("list_meta", parent=st["small"], fontSize=META_SIZE, leading=META_SIZE * 1.5,
                          alignment=TA_CENTER)  # fmt: skip
    foot = ParagraphStyle("list_foot", parent=st["small"], fontSize=CELL_SIZE, leading=CELL_SIZE * 1.6)
    story: list[Flowable] = []
    for i, section in enumerate(form.sections):
        if i:
            story.append(PageBreak())
        story += [para(form.title, title), para(section.heading, meta), Spacer(1, 2 * mm)]
        story.append(_table(form, section, width, st))
        lines = [*section.closing, form.note] if form.note else list(section.closing)
        if lines:
            story.append(Spacer(1, 2 * mm))
            story += [para(t, foot) for t in lines if t]
    if not form.sections:
        story.append(para(form.title, title))
        story.append(para("（没有可打印的记录）", meta))
    footer_y = 12 * mm if form.wide else FOOTER_Y
    doc = form_document(out, title=form.title, author=form.issuer, wide=form.wide)
    doc.build(story, canvasmaker=numbered_canvas(fonts.body, footer_y=footer_y))
