"""安全隐患整改通知书 with 存根 and 回执 (DOMAIN.md A4, B §4.5 A), on A4.

Page 1 (and continuation pages when the table is long) is the notice the unit keeps. The last
page carries the 存根 (kept by the office) and the 回执 (returned after rectification, with the
复查 box), separated by a dashed cut line; each part repeats the 文号. When the hazards have
整改前 photos, scaled thumbnails captioned with the hazard's 序号 follow the hazard table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table
from reportlab.platypus.flowables import Flowable

from safetydesk.domain.schedule import format_cn
from safetydesk.printing.fonts import ensure_fonts
from safetydesk.printing.numbered import numbered_canvas
from safetydesk.printing.page import (
    form_document,
    frame_width,
    grid,
    para,
    photo_attachment,
    photo_grid,
    seal_block,
    styles,
    we,
)

#: The most photos printed per hazard.
PHOTOS_PER_HAZARD = 3


@dataclass(frozen=True, slots=True)
class NoticeItem:
    """One hazard row of the notice."""

    location: str
    description: str
    measures: str
    due_text: str
    major: bool = False
    #: 整改前 photo files, printed as thumbnails after the table.
    photos: tuple[Path, ...] = ()


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


def _photo_table(
    items: Sequence[NoticeItem], st: dict[str, ParagraphStyle], width: float
) -> tuple[Table | None, int]:
    """整改前 photos, two to a row, each captioned with its hazard's 序号, and their count."""
    photos: list[tuple[Path, str]] = []
    for i, item in enumerate(items, 1):
        shown = item.photos[:PHOTOS_PER_HAZARD]
        for k, path in enumerate(shown, 1):
            caption = f"第{i}项" + (f"（{k}）" if len(shown) > 1 else "")
            if k == len(shown) and len(item.photos) > len(shown):
                caption += f"，另有 {len(item.photos) - len(shown)} 张未印"
            photos.append((path, caption))
    return photo_grid(photos, st, width)


def render(data: NoticeData, out: Path | BinaryIO) -> None:
    """Write the notice PDF to ``out`` (a path or a binary file object)."""
    fonts = ensure_fonts()
    st = styles(fonts)
    width = frame_width()
    p = para
    story: list[Flowable] = [
        p("安全隐患整改通知书", st["title"]),
        p(data.number, st["number"]),
        Spacer(1, 3 * mm),
        p(f"{data.unit_name}：", st["plain"]),
        p(
            f"{we(data.township)}于{format_cn(data.found_on)}对你单位进行安全检查，发现存在下列安全隐患"
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
    num_w = 14 * mm  # "序号" in 小四 on one line
    rest = width - num_w - due_w
    story.append(grid(rows, [num_w, rest * 0.56, rest * 0.44, due_w]))
    photos, n_photos = _photo_table(data.items, st, width)
    # 附件说明 under the body, the attachment itself on its own page (GB/T 9704 附件 另面编排).
    attachment = [p(f"附件：隐患照片（整改前，共 {n_photos} 张）", st["plain"])] if photos else []
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
                *attachment,
                Spacer(1, 4 * mm),
                p("检查人员（签名）：＿＿＿＿＿＿　＿＿＿＿＿＿", st["plain"]),
                p("被检查单位负责人（签收）：＿＿＿＿＿＿", st["plain"]),
                p("签收日期：＿＿＿＿年＿＿月＿＿日", st["plain"]),
                Spacer(1, 8 * mm),
                *seal_block(data.office, format_cn(data.issued_on), st),
            ]
        ),
        PageBreak(),
    ]
    if photos is not None:
        reference = f"（通知书文号：{data.number}　被通知单位：{data.unit_name}）"
        story += [*photo_attachment("隐患照片（整改前）", reference, photos, st), PageBreak()]
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
    stub = grid(
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
    receipt = grid(
        receipt_rows, [14 * mm, width * 0.38, width * 0.38, width - 14 * mm - width * 0.76]
    )
    recheck = grid(
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
                p(f"报送单位：{data.unit_name}", st["small"]),
                p("我单位已按通知要求完成下列隐患整改：", st["small"]),
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
    doc = form_document(
        out, title=f"安全隐患整改通知书 {data.number}", author=data.office, subject=data.unit_name
    )
    doc.build(story, canvasmaker=numbered_canvas(fonts.body))
