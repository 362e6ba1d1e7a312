"""安全隐患整改通知书 with 存根 and 回执 (DOMAIN.md A4, B §4.5 A), on A4.

Page 1 (and continuation pages when the table is long) is the notice the unit keeps. The last
page carries the 存根 (kept by the office) and the 回执 (returned after rectification, with the
复查 box), separated by a dashed cut line; each part repeats the 文号.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from safetydesk.domain.schedule import format_cn
from safetydesk.printing.fonts import ensure_fonts
from safetydesk.printing.numbered import numbered_canvas
from safetydesk.printing.page import FORM_BOTTOM, FORM_TOP, LEFT, PAGE, RIGHT, styles


@dataclass(frozen=True, slots=True)
class NoticeItem:
    """One hazard row of the notice."""

    location: str
    description: str
    measures: str
    due_text: str
    major: bool = False


@dataclass(frozen=True, slots=True)
class NoticeData:
    """Everything printed on one notice (prepared by the service; printing never queries)."""

    number: str
    township: str
    office: str
    unit_name: str
    found_on: date
    issued_on: date
    items: list[NoticeItem]
    inspectors: list[str] = field(default_factory=list)
    office_phone: str = ""
    report_days: int = 3


class _CutLine(Flowable):
    """A dashed line across the frame with "沿此线剪开" in the middle."""

    def __init__(self, font: str) -> None:
        super().__init__()
        self.font = font
        self.height = 8 * mm

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height

    def draw(self) -> None:
        c = self.canv
        y = self.height / 2
        label = "沿此线剪开"
        c.setFont(self.font, 9)
        text_w = c.stringWidth(label, self.font, 9)
        c.setDash(4, 3)
        c.setLineWidth(0.6)
        c.line(0, y, (self.width - text_w) / 2 - 4, y)
        c.line((self.width + text_w) / 2 + 4, y, self.width, y)
        c.setDash()
        c.drawCentredString(self.width / 2, y - 3, label)


def _grid(data: list[list[object]], widths: list[float], *, header: bool = True) -> Table:
    table = Table(data, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    table.setStyle(TableStyle(style))
    return table


def render(data: NoticeData, out: Path | BinaryIO) -> None:
    """Write the notice PDF to ``out`` (a path or a binary file object)."""
    fonts = ensure_fonts()
    st = styles(fonts)
    width = PAGE[0] - LEFT - RIGHT
    p = Paragraph
    story: list[Flowable] = [
        p("安全隐患整改通知书", st["title"]),
        p(data.number, st["number"]),
        Spacer(1, 3 * mm),
        p(f"{data.unit_name}：", st["plain"]),
        p(
            f"我镇于{format_cn(data.found_on)}对你单位进行安全检查，发现存在下列安全隐患"
            f"（共 {len(data.items)} 项）：",
            st["body"],
        ),
        Spacer(1, 2 * mm),
    ]
    rows: list[list[object]] = [
        [
            p("序号", st["head"]),
            p("隐患部位及描述", st["head"]),
            p("整改要求", st["head"]),
            p("整改期限", st["head"]),
        ]
    ]
    for i, item in enumerate(data.items, 1):
        desc = f"{item.location}：{item.description}" if item.location else item.description
        if item.major:
            desc = f"【重大隐患】{desc}"
        rows.append(
            [
                p(str(i), st["head"]),
                p(desc, st["cell"]),
                p(item.measures, st["cell"]),
                p(item.due_text, st["cell"]),
            ]
        )
    due_w = 40 * mm  # a full "2026年11月30日" in 小四 on one line
    rest = width - 12 * mm - due_w
    story.append(_grid(rows, [12 * mm, rest * 0.56, rest * 0.44, due_w]))
    story += [
        Spacer(1, 3 * mm),
        p(
            "请你单位按照上述要求和期限完成整改。整改期间，应当采取有效防范措施，确保安全。",
            st["body"],
        ),
        # The last sentence stays with the signatures and the seal, so no page holds them alone.
        KeepTogether(
            [
                p(
                    f"整改完成后，请于整改期限届满之日起 {data.report_days} 日内将整改回执（附整改报告、照片）"
                    f"报送{data.office}{'（电话 ' + data.office_phone + '）' if data.office_phone else ''}。"
                    "逾期未整改或者整改不到位的，将依法移交县级有关部门处理。",
                    st["body"],
                ),
                Spacer(1, 4 * mm),
                p("检查人员（签名）：＿＿＿＿＿＿　＿＿＿＿＿＿", st["plain"]),
                p("被检查单位负责人（签收）：＿＿＿＿＿＿", st["plain"]),
                p("签收日期：＿＿＿＿年＿＿月＿＿日", st["plain"]),
                Spacer(1, 8 * mm),
                p(data.office, st["right"]),
                p("（盖章）　　　", st["right"]),
                p(format_cn(data.issued_on), st["right"]),
            ]
        ),
        PageBreak(),
    ]
    # Last page: 存根, cut line, 回执.
    major = sum(i.major for i in data.items)
    dues = [i.due_text for i in data.items]
    stub_rows = [
        ["文　　号", data.number, "下达日期", format_cn(data.issued_on)],
        [
            "被通知单位",
            data.unit_name,
            "隐患项数",
            f"{len(data.items)} 项" + (f"（其中重大 {major} 项）" if major else ""),
        ],
        ["整改期限", "；".join(dict.fromkeys(dues)), "签 收 人", ""],
        ["送达日期", "", "经 办 人", "　".join(data.inspectors)],
    ]
    stub = _grid(
        [[p(str(c), st["cell"]) for c in r] for r in stub_rows],
        [28 * mm, width / 2 - 28 * mm, 22 * mm, width / 2 - 22 * mm],
        header=False,
    )
    receipt_rows: list[list[object]] = [
        [
            p("序号", st["head"]),
            p("隐患", st["head"]),
            p("整改完成情况", st["head"]),
            p("完成日期", st["head"]),
        ]
    ]
    for i, item in enumerate(data.items, 1):
        receipt_rows.append([p(str(i), st["head"]), p(item.description, st["cell"]), "", ""])
    receipt = _grid(
        receipt_rows, [12 * mm, width * 0.38, width * 0.38, width - 12 * mm - width * 0.76]
    )
    recheck = _grid(
        [
            [
                p("复查意见", st["cell"]),
                p("□ 合格　　□ 不合格：＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿", st["cell"]),
            ],
            [
                p("复 查 人", st["cell"]),
                p("＿＿＿＿＿＿　＿＿＿＿＿＿　　复查日期：＿＿＿＿年＿＿月＿＿日", st["cell"]),
            ],
        ],
        [22 * mm, width - 22 * mm],
        header=False,
    )
    story += [
        KeepTogether([p("存　根", st["sub"]), Spacer(1, 2 * mm), stub, Spacer(1, 6 * mm)]),
        _CutLine(fonts.body),
        Spacer(1, 4 * mm),
        KeepTogether(
            [
                p("安全隐患整改回执", st["sub"]),
                p(f"（通知书文号：{data.number}）", st["small_center"]),
                p(f"{data.office}：", st["small"]),
                p(f"我单位（{data.unit_name}）已按通知要求完成下列隐患整改：", st["small"]),
                Spacer(1, 1 * mm),
                receipt,
                Spacer(1, 2 * mm),
                p("整改责任人：＿＿＿＿＿＿　　单位负责人签名（公章）：＿＿＿＿＿＿", st["small"]),
                p("报送日期：＿＿＿＿年＿＿月＿＿日", st["small"]),
                Spacer(1, 2 * mm),
                recheck,
            ]
        ),
    ]
    doc = SimpleDocTemplate(
        str(out) if isinstance(out, Path) else out,
        pagesize=PAGE,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=FORM_TOP,
        bottomMargin=FORM_BOTTOM,
        title=f"安全隐患整改通知书 {data.number}",
        author=data.office,
        subject=data.unit_name,
    )
    doc.build(story, canvasmaker=numbered_canvas(fonts.body))
