"""Notice floor: bare reportlab platypus, one A4 page with a table of ~300 CJK characters.

The table's text is typical hazard-notice text; the font (the TrueType file the app prints with)
is registered once and embedded (subset) in every document, as the app does. Nothing of
SafetyDesk is imported here: this is what reportlab alone needs to write such a page.
"""

from __future__ import annotations

from pathlib import Path

#: (部位及描述, 整改要求, 期限) rows; about 300 CJK characters in all (header included).
ROWS: tuple[tuple[str, str, str], ...] = (
    ("大厅：灭火器压力不足，指针在红区", "更换或充装灭火器，每月检查压力", "七日内"),
    ("一楼走廊：疏散通道堆放杂物，影响疏散", "清理杂物，保持疏散通道畅通", "立即"),
    ("楼梯间：应急照明灯损坏不亮", "维修或更换应急照明灯", "七日内"),
    ("仓库：电气线路私拉乱接，未穿管保护", "由持证电工规范敷设线路，穿管保护", "十五日内"),
    ("后厨：液化气钢瓶与灶具间距不足", "调整钢瓶位置，保持安全间距", "立即"),
    ("后厨：未安装可燃气体泄漏报警装置", "安装可燃气体泄漏报警及自动切断装置", "三十日内"),
    ("店堂：电动自行车在店内充电", "禁止室内充电，引导至集中充电点", "立即"),
    ("二楼：经营场所内设置员工宿舍", "拆除住宿设施，实行人员住宿与经营分离", "十五日内"),
    ("焊接工位：特种作业人员未持证上岗", "安排培训取证，未取证前停止作业", "三十日内"),
)
HEADER = ("序号", "隐患部位及描述", "整改要求", "整改期限")


def cjk_count() -> int:
    """CJK characters in the table (for the report)."""
    text = "".join(HEADER) + "".join("".join(r) for r in ROWS)
    return sum(1 for ch in text if "\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")


def register(font_file: str, subfont: int = 0) -> str:
    """Register the TrueType font under a name of its own; returns the name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("Floor-CJK", font_file, subfontIndex=subfont))
    return "Floor-CJK"


def build(out: Path, font: str) -> None:
    """Write the one-page table PDF to ``out``."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    cell = ParagraphStyle("cell", fontName=font, fontSize=12, leading=17, wordWrap="CJK")
    rows = [[Paragraph(h, cell) for h in HEADER]]
    for i, (desc, measures, due) in enumerate(ROWS, 1):
        rows.append(
            [
                Paragraph(str(i), cell),
                Paragraph(desc, cell),
                Paragraph(measures, cell),
                Paragraph(due, cell),
            ]
        )
    table = Table(rows, colWidths=[12 * mm, 62 * mm, 56 * mm, 26 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        )
    )
    SimpleDocTemplate(str(out), pagesize=A4).build([table])
