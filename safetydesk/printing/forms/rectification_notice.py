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

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table
from reportlab.platypus.flowables import Flowable

from safetydesk.domain.schedule import format_cn
from safetydesk.printing.fonts import ensure_fonts
from safetydesk.printing.forms.hazard_table import HazardLine, hazard_table
from safetydesk.printing.numbered import numbered_canvas
from safetydesk.printing.page import (
    BLANK,
    FOOTER_Y,
    KeepWithTail,
    Signer,
    form_document,
    frame_width,
    grid,
    heading,
    para,
    seal_block,
    signature_table,
    styles,
    we,
)
from safetydesk.printing.photos import photo_attachment, photo_grid

#: The most photos printed per hazard.
PHOTOS_PER_HAZARD = 3
#: The unit's 签收, beside the 落款.
SIGN_RECEIPT = "被检查单位负责人（签收）：\n＿＿＿＿＿＿＿＿\n＿＿＿＿年＿＿月＿＿日"
#: Title of the form.
TITLE = "安全隐患整改通知书"


@dataclass(frozen=True, slots=True)
class NoticeData:
    """Everything printed on one notice (prepared by the service; printing never queries).

    Attributes:
        issuer: 发文机关, above the title and in the 落款 (the 安委办 as set, else the government).
        office: Where the 回执 goes (the office named in the settings, or its default name).
        inspectors: 检查人员 with their 执法证号 (two lines are printed whatever the count).
    """

    number: str
    township: str
    issuer: str
    office: str
    unit_name: str
    found_on: date
    issued_on: date
    items: list[HazardLine]
    inspectors: list[Signer] = field(default_factory=list)
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
    items: Sequence[HazardLine], st: dict[str, ParagraphStyle], width: float
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


def _fit(text: str, style: ParagraphStyle) -> float:
    """Width of a table column that holds ``text`` on one line (with the grid's padding)."""
    return stringWidth(text, style.fontName, style.fontSize) + 14


def _stub_and_receipt(
    data: NoticeData, st: dict[str, ParagraphStyle], font: str, width: float
) -> list[Flowable]:
    """The last page: the 存根 the office keeps, the cut line, the 回执 with its 复查 box."""
    p, cell, head = para, st["cell"], st["head"]
    major = sum(i.major for i in data.items)
    dues = [i.due_text for i in data.items]
    stub_rows = [
        ["文　　号", data.number, "下达日期", format_cn(data.issued_on)],
        ["被通知单位", data.unit_name, "隐患项数",
         f"{len(data.items)} 项" + (f"（重大 {major} 项）" if major else "")],
        ["整改期限", "；".join(dict.fromkeys(dues)), "签 收 人", ""],
        ["送达日期", "", "经 办 人", "、".join(s.name for s in data.inspectors if s.name)],
    ]  # fmt: skip
    label1, label2 = _fit("被通知单位", cell), _fit("下达日期", cell)
    value1 = max(_fit(data.number, cell), (width - label1 - label2) * 0.55)
    stub = grid([[p(str(c), cell) for c in r] for r in stub_rows],
                [label1, value1, label2, width - label1 - label2 - value1], header=False)  # fmt: skip
    receipt_rows: list[list[object]] = [
        [p(h, head) for h in ("序号", "隐患", "整改完成情况", "完成日期")]
    ]
    for i, item in enumerate(data.items, 1):
        receipt_rows.append([p(str(i), head), p(item.description, cell), "", ""])
    num_w, date_w = _fit("序号", head), max(_fit("完成日期", head), 32 * mm)
    half = (width - num_w - date_w) / 2
    receipt = grid(receipt_rows, [num_w, half, half, date_w])
    label = _fit("复查意见", cell)
    recheck = grid(
        [
            [p("复查意见", cell), p("□ 合格　　□ 不合格：＿＿＿＿＿＿＿＿＿＿＿＿＿＿", cell)],
            [p("复 查 人", cell), p("＿＿＿＿　＿＿＿＿　复查日期：＿＿＿＿年＿＿月＿＿日", cell)],
        ],
        [label, width - label],
        header=False,
    )
    line, centred = st["sign"], st["sign"].clone("sign_centred", alignment=TA_CENTER)
    return [
        KeepTogether([p("存　根", st["sub"]), Spacer(1, 2 * mm), stub, Spacer(1, 6 * mm)]),
        _CutLine(font),
        Spacer(1, 4 * mm),
        KeepTogether(
            [
                p("安全隐患整改回执", st["sub"]),
                p(f"（通知书文号：{data.number}）", centred),
                p(f"{data.office}：", line),
                p(f"报送单位：{data.unit_name}", line),
                p("我单位已按通知要求完成下列隐患整改：", line),
                Spacer(1, 1 * mm),
                receipt,
                Spacer(1, 2 * mm),
                p(f"整改责任人：{BLANK}　单位负责人签名（公章）：{BLANK}", line),
                p("报送日期：＿＿＿＿年＿＿月＿＿日", line),
                Spacer(1, 2 * mm),
                recheck,
            ]
        ),
    ]


def render(data: NoticeData, out: Path | BinaryIO) -> None:
    """Write the notice PDF to ``out`` (a path or a binary file object)."""
    fonts = ensure_fonts()
    st = styles(fonts)
    width = frame_width()
    p = para
    story: list[Flowable] = [
        *heading(data.issuer, TITLE, data.number, st),
        Spacer(1, 2 * mm),
        p(f"{data.unit_name}：", st["plain"]),
        p(
            f"{we(data.township)}于{format_cn(data.found_on)}对你单位进行安全检查，发现存在下列安全隐患"
            f"（共 {len(data.items)} 项）：",
            st["body"],
        ),
        Spacer(1, 1 * mm),
        hazard_table(data.items, st, width),
    ]
    photos, n_photos = _photo_table(data.items, st, width)
    # 附件说明 under the body, the attachment itself on its own page (GB/T 9704 附件 另面编排).
    attachment = [p(f"附件：隐患照片（整改前，共 {n_photos} 张）", st["plain"])] if photos else []
    phone = f"（电话 {data.office_phone}）" if data.office_phone else ""
    story += [
        Spacer(1, 2 * mm),
        # The closing paragraph's last lines stay with the signatures and the seal, so no page
        # holds them alone.
        KeepWithTail(
            [
                p(
                    "请你单位按照上述要求和期限完成整改，整改期间采取有效的安全防范措施，确保安全。"
                    f"整改完成后，请于整改期限届满之日起 {data.report_days} 日内将整改回执（附整改报告、"
                    f"照片）报送{data.office}{phone}。逾期未整改或者整改不到位的，将依法移交县级有关部门"
                    "处理。",
                    st["body"],
                ),
                *attachment,
                Spacer(1, 2 * mm),
                signature_table("检查人员", data.inspectors, st, rows=2, cert=True),
                *seal_block(data.issuer, format_cn(data.issued_on), st, beside=SIGN_RECEIPT),
            ]
        ),
        PageBreak(),
    ]
    if photos is not None:
        reference = f"（通知书文号：{data.number}　被通知单位：{data.unit_name}）"
        story += [*photo_attachment("隐患照片（整改前）", reference, photos, st), PageBreak()]
    # Last page: 存根, cut line, 回执.
    story += _stub_and_receipt(data, st, fonts.body, width)
    doc = form_document(out, title=f"{TITLE} {data.number}", author=data.issuer,
                        subject=data.unit_name)  # fmt: skip
    doc.build(story, canvasmaker=numbered_canvas(fonts.body, footer_y=FOOTER_Y))
