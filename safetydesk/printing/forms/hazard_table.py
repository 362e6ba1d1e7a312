"""The hazard table of the 整改通知书 and the 责令限期整改指令书: one builder for both forms.

Columns 序号 | 隐患部位及描述 | 整改措施及要求 | 整改期限, in 4号. A 重大 hazard is marked
:data:`MAJOR_LABEL`. Under a hazard's row, a row across the text columns gives its 依据 (the
legal basis: the hazard's, or that of the checklist item it came from), for a 重大 hazard its
判定依据 and 挂牌督办 (level, body and date) when listed, and the 整改期间安全防范措施. The
same hazards read the same on both forms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Table, TableStyle

from safetydesk.domain.schedule import format_cn
from safetydesk.printing.page import grid, para

if TYPE_CHECKING:
    from safetydesk.printing.page import TableCommand

#: How a 重大 hazard is marked on every form (安全生产法: 重大事故隐患).
MAJOR_LABEL = "【重大事故隐患】"
#: Column headers.
HEADERS = ("序号", "隐患部位及描述", "整改措施及要求", "整改期限")


@dataclass(frozen=True, slots=True)
class HazardLine:
    """One hazard as the notice and the order print it (prepared by the service).

    Attributes:
        basis: 依据: the legal basis of the item (the hazard's, or its checklist item's).
        criterion: 判定依据 of a 重大 hazard (printed only when ``major``).
        interim: 整改期间的安全防范措施.
        listed_level: 挂牌督办 level (县级 …), "" when not listed.
        photos: 整改前 photo files (the notice prints them after the table).
    """

    location: str
    description: str
    measures: str
    due_text: str
    major: bool = False
    basis: str = ""
    criterion: str = ""
    interim: str = ""
    listed_level: str = ""
    listed_body: str = ""
    listed_on: date | None = None
    photos: tuple[Path, ...] = ()

    @property
    def listed(self) -> bool:
        """挂牌督办 flag."""
        return bool(self.listed_level or self.listed_on)


def facts(line: HazardLine) -> str:
    """The 违法事实 of one line: location and description, marked when 重大."""
    desc = f"{line.location}：{line.description}" if line.location else line.description
    return f"{MAJOR_LABEL}{desc}" if line.major else desc


def listing_text(line: HazardLine) -> str:
    """挂牌督办 as printed: "挂牌督办：县级，督办单位阳城县安委办，2026年11月20日挂牌"."""
    parts = [line.listed_level.removesuffix("挂牌督办")]
    if line.listed_body:
        parts.append(f"督办单位{line.listed_body}")
    if line.listed_on:
        parts.append(f"{format_cn(line.listed_on)}挂牌")
    return "挂牌督办：" + "，".join(p for p in parts if p)


def details(line: HazardLine, *, basis_blank: bool = False) -> str:
    """The lines under a hazard's row: 依据, and for 重大 the 判定依据 and 挂牌督办; then the
    整改期间安全防范措施 ("" when there is nothing to add). With ``basis_blank`` an item with
    neither 依据 nor 判定依据 gets a blank to fill in by hand."""
    parts = []
    basis, criterion = line.basis.strip(), line.criterion.strip()
    if basis:
        parts.append(f"依据：{basis}")
    elif basis_blank and not (line.major and criterion):
        parts.append("依据：" + "＿" * 16)
    if line.major and criterion and criterion != basis:
        parts.append(f"判定依据：{criterion}")
    if line.major and line.listed:
        parts.append(listing_text(line))
    if line.interim.strip():
        parts.append(f"整改期间安全防范措施：{line.interim.strip()}")
    # One paragraph across the row (a line each would push a notice onto a second sheet).
    return "；".join(p.rstrip("。；") for p in parts) + ("。" if parts else "")


def hazard_table(
    lines: Sequence[HazardLine], st: dict[str, ParagraphStyle], width: float, *,
    basis_blank: bool = False,
) -> Table:  # fmt: skip
    """The ruled hazard table (header repeated on each page it continues to).

    Each hazard is a row (序号, facts, measures, deadline), followed by a row across the text
    columns with its :func:`details` when there are any; the two never part over a page. The
    指令书 passes ``basis_blank``: every item states its 依据.
    """
    cell, head = st["cell"], st["head"]
    rows: list[list[object]] = [[para(h, head) for h in HEADERS]]
    style: list[TableCommand] = []
    for i, line in enumerate(lines, 1):
        rows.append([para(str(i), head), para(facts(line), cell),
                     para(line.measures, cell), para(line.due_text, cell)])  # fmt: skip
        more = details(line, basis_blank=basis_blank)
        if more:
            r = len(rows)
            rows.append(["", para(more, cell), "", ""])
            style += [("SPAN", (0, r - 1), (0, r)), ("SPAN", (1, r), (3, r)),
                      ("NOSPLIT", (0, r - 1), (-1, r))]  # fmt: skip
    pad = 12  # the grid's left and right cell padding
    num_w = stringWidth("序号", head.fontName, head.fontSize) + pad + 2
    # A full date (2026年11月30日) on one line, the header at least.
    due_w = max(stringWidth(t, cell.fontName, cell.fontSize) for t in
                ["整改期限", "2026年12月30日", *(ln.due_text for ln in lines)]) + pad + 2  # fmt: skip
    due_w = min(due_w, 48 * mm)
    rest = width - num_w - due_w
    table = grid(rows, [num_w, rest * 0.56, rest * 0.44, due_w])
    table.setStyle(TableStyle(style))
    return table
