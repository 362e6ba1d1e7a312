"""年度应急演练计划表 (DOMAIN.md B §2.3), on A4 landscape.

One row per planned date of the year, in date order: 序号, 演练名称, 组织单位/对象, 灾种, 形式
(实战/桌面), 综合/单项, 计划时间, 地点, 参演单位, 预计人数, 经费, 状态 (已完成 / 延期 / 取消 / 逾期 /
计划) and a 备注 that gives the reason of a 延期 or 取消 (and the date first planned). A 逾期 row
stands out (黑体 on a grey ground). The title names the township and the year; under the table a
summary line and the 编制单位 / 编制日期 / 审核 lines. The header row repeats on every page and a
long cell splits across pages rather than being cut. The service prepares every text.
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
from reportlab.platypus import KeepTogether, LongTable, Spacer, TableStyle
from reportlab.platypus.flowables import Flowable

from safetydesk.printing.fonts import FormFonts, ensure_fonts
from safetydesk.printing.numbered import numbered_canvas
from safetydesk.printing.page import form_document, frame_width, para, styles

if TYPE_CHECKING:
    from safetydesk.printing.page import TableCommand

#: Text size of the cells (五号) and of the lines around the table (小四); the title (小二).
CELL_SIZE, META_SIZE, TITLE_SIZE = 10.5, 12, 18
#: Grey ground of a row that must stand out.
MARK_GROUND = colors.Color(0.86, 0.86, 0.86)
#: Baseline of the "第X页 共Y页" footer on a landscape page.
FOOTER_Y = 12 * mm
#: Column headers ("\n": where a narrow header breaks) and widths in mm (scaled to the 版心).
HEADERS = ("序号", "演练名称", "组织单位/\n对象", "灾种", "形式", "综合/\n单项", "计划时间", "地点",
           "参演单位", "预计\n人数", "经费\n(元)", "状态", "备注")  # fmt: skip
WIDTHS_MM = (8, 36, 24, 14, 10, 12, 17, 26, 36, 11, 14, 13, 36)
#: Columns whose cells are centred (short values).
CENTRED = frozenset({0, 3, 4, 5, 6, 9, 10, 11})
#: The status that makes a row stand out.
OVERDUE = "逾期"


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One planned date as printed (texts prepared by the service)."""

    seq: str
    title: str
    subject: str
    category: str
    form: str
    scope: str
    when: str
    location: str = ""
    units: str = ""
    people: str = ""
    budget: str = ""
    status: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class DrillPlanText:
    """The annual plan: its title, the rows, the summary line and who compiled it when."""

    title: str
    rows: list[PlanRow] = field(default_factory=list)
    summary: str = ""
    issuer: str = ""
    compiled_on: str = ""


def cell_styles(fonts: FormFonts) -> dict[str, ParagraphStyle]:
    """Styles of a landscape drill table: head, cell, centred cell, their bold forms, lines."""
    st = styles(fonts)
    cell = ParagraphStyle("dt_cell", parent=st["cell"], fontSize=CELL_SIZE, leading=CELL_SIZE * 1.3)
    head = ParagraphStyle("dt_head", parent=st["head"], fontSize=CELL_SIZE, leading=CELL_SIZE * 1.3)
    centre = ParagraphStyle("dt_centre", parent=cell, alignment=TA_CENTER)
    return {
        "head": head,
        "cell": cell,
        "centre": centre,
        "bold": ParagraphStyle("dt_bold", parent=cell, fontName=fonts.title),
        "bold_centre": ParagraphStyle("dt_bold_centre", parent=centre, fontName=fonts.title),
        "title": ParagraphStyle("dt_title", parent=st["title"], fontSize=TITLE_SIZE,
                                leading=TITLE_SIZE * 1.4),  # fmt: skip
        "meta": ParagraphStyle("dt_meta", parent=st["small"], fontSize=META_SIZE,
                               leading=META_SIZE * 1.5, alignment=TA_CENTER),  # fmt: skip
        "line": ParagraphStyle("dt_line", parent=st["small"], fontSize=META_SIZE,
                               leading=META_SIZE * 1.6),  # fmt: skip
    }


def wide_table(
    headers: Sequence[str],
    widths_mm: Sequence[float],
    rows: Sequence[tuple[Sequence[str], bool]],
    centred: frozenset[int],
    st: dict[str, ParagraphStyle],
) -> LongTable:
    """A ruled landscape table: header repeated, long cells split across pages, and rows marked
    ``True`` printed in 黑体 on a grey ground."""
    scale = frame_width(wide=True) / sum(widths_mm)
    data: list[list[object]] = [[para(h, st["head"]) for h in headers]]
    commands: list[TableCommand] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        # Top-aligned: reportlab cannot split a middle-aligned row taller than a page.
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for n, (cells, marked) in enumerate(rows, 1):
        prefix = "bold" if marked else ""
        data.append([
            para(text, st[f"{prefix}_centre" if prefix else "centre"] if c in centred
                 else st[prefix or "cell"])
            for c, text in enumerate(cells)
        ])  # fmt: skip
        if marked:
            commands.append(("BACKGROUND", (0, n), (-1, n), MARK_GROUND))
    if not rows:
        data.append([para("（无）", st["centre"])] + [""] * (len(headers) - 1))
        commands.append(("SPAN", (0, 1), (-1, 1)))
    # A row split across pages keeps three lines on each side (see drill_record._ruled).
    table = LongTable(data, colWidths=[w * scale for w in widths_mm], repeatRows=1, splitByRow=0,
                      splitInRow=round(3 * CELL_SIZE * 1.3))  # fmt: skip
    table.setStyle(TableStyle(commands))
    return table


def render(data: DrillPlanText, out: Path | BinaryIO) -> int:
    """Write the plan PDF to ``out`` (a path or a binary file object); returns its pages."""
    fonts = ensure_fonts()
    st = cell_styles(fonts)
    rows = [((r.seq, r.title, r.subject, r.category, r.form, r.scope, r.when, r.location,
              r.units, r.people, r.budget, r.status, r.note), r.status == OVERDUE)
            for r in data.rows]  # fmt: skip
    footer: list[Flowable] = [Spacer(1, 2 * mm)]
    if data.summary:
        footer.append(para(data.summary, st["line"]))
    footer.append(para(f"编制单位：{data.issuer or '＿＿＿＿＿＿'}　　　　编制日期："
                       f"{data.compiled_on or '＿＿＿＿年＿＿月＿＿日'}　　　　"
                       "审核：＿＿＿＿＿＿", st["line"]))  # fmt: skip
    story: list[Flowable] = [
        para(data.title, st["title"]),
        Spacer(1, 2 * mm),
        wide_table(HEADERS, WIDTHS_MM, rows, CENTRED, st),
        KeepTogether(footer),
    ]
    doc = form_document(out, title=data.title, author=data.issuer, wide=True)
    doc.build(story, canvasmaker=numbered_canvas(fonts.body, footer_y=FOOTER_Y))
    return int(doc.page)


__all__ = ["HEADERS", "DrillPlanText", "PlanRow", "cell_styles", "render", "wide_table"]
