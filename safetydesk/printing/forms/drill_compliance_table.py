"""演练义务完成情况一览表 of a year (DOMAIN.md A7, B §2.2), on A4 landscape.

One row per subject, rule and period: 对象, 类别, 要求 (灾种, 须实战), 周期, 应完成, 已完成, 缺,
到期日, 状态 and the rule's 依据. A row with drills still owed stands out (黑体 on a grey
ground). Under the title the date the list was judged on; under the table the summary line
(共N项，未完成M项，30日内到期K项) and who compiled it. The header repeats on every page. The
service prepares every text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer
from reportlab.platypus.flowables import Flowable

from safetydesk.printing.fonts import ensure_fonts
from safetydesk.printing.forms.drill_plan_table import FOOTER_Y, cell_styles, wide_table
from safetydesk.printing.numbered import numbered_canvas
from safetydesk.printing.page import form_document, para

#: Column headers and widths in mm (scaled to the landscape 版心).
HEADERS = ("序号", "对象", "类别", "要求", "周期", "应完成", "已完成", "缺", "到期日", "状态", "依据")
WIDTHS_MM = (9, 46, 22, 30, 16, 13, 13, 9, 22, 22, 55)
#: Columns whose cells are centred.
CENTRED = frozenset({0, 4, 5, 6, 7, 8, 9})


@dataclass(frozen=True, slots=True)
class ComplianceRow:
    """One obligation as printed; ``missing`` rows (drills still owed) stand out."""

    subject: str
    kind: str
    requirement: str
    period: str
    required: str
    done: str
    short: str
    due: str
    status: str
    basis: str = ""
    missing: bool = False


@dataclass(frozen=True, slots=True)
class ComplianceText:
    """The list: title, the line under it (统计日期), rows, summary and who compiled it."""

    title: str
    heading: str = ""
    rows: list[ComplianceRow] = field(default_factory=list)
    summary: str = ""
    issuer: str = ""
    compiled_on: str = ""


def render(data: ComplianceText, out: Path | BinaryIO) -> int:
    """Write the list PDF to ``out`` (a path or a binary file object); returns its pages."""
    fonts = ensure_fonts()
    st = cell_styles(fonts)
    rows = [((str(n), r.subject, r.kind, r.requirement, r.period, r.required, r.done, r.short,
              r.due, r.status, r.basis), r.missing)
            for n, r in enumerate(data.rows, 1)]  # fmt: skip
    story: list[Flowable] = [para(data.title, st["title"])]
    if data.heading:
        story.append(para(data.heading, st["meta"]))
    story += [Spacer(1, 2 * mm), wide_table(HEADERS, WIDTHS_MM, rows, CENTRED, st)]
    footer: list[Flowable] = [Spacer(1, 2 * mm)]
    if data.summary:
        footer.append(para(data.summary, st["line"]))
    footer.append(para(f"编制单位：{data.issuer or '＿＿＿＿＿＿'}　　　　编制日期："
                       f"{data.compiled_on or '＿＿＿＿年＿＿月＿＿日'}", st["line"]))  # fmt: skip
    story.append(KeepTogether(footer))
    doc = form_document(out, title=data.title, author=data.issuer, wide=True)
    doc.build(story, canvasmaker=numbered_canvas(fonts.body, footer_y=FOOTER_Y))
    return int(doc.page)


__all__ = ["HEADERS", "ComplianceRow", "ComplianceText", "render"]
