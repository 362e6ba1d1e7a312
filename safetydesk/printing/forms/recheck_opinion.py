"""整改复查意见书 (DOMAIN.md B §4.5 C), on A4: the result of a 复查 sent to the rechecked unit.

One opinion answers one notice (整改通知书 or 责令限期整改指令书) for the hazards rechecked on
one day: it quotes the notice and its 文号, lists each hazard with what was found and the
conclusion (合格, or 不合格 with the new deadline), and leaves lines for two 复查人员 with their
执法证号 (执法人员 when the notice was an enforcement order), the unit's 签收 and the seal. The
issuing body heads the form above its title.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer
from reportlab.platypus.flowables import Flowable

from safetydesk.domain.schedule import format_cn
from safetydesk.printing.fonts import ensure_fonts
from safetydesk.printing.numbered import numbered_canvas
from safetydesk.printing.page import (
    FOOTER_Y,
    Signer,
    form_document,
    frame_width,
    grid,
    heading,
    para,
    seal_block,
    signature_table,
    styles,
)

#: The unit's 签收, beside the 落款.
SIGN_RECEIPT = "被复查单位负责人（签收）：\n＿＿＿＿＿＿＿＿\n＿＿＿＿年＿＿月＿＿日"
#: Title of the form.
TITLE = "整改复查意见书"


@dataclass(frozen=True, slots=True)
class RecheckItem:
    """One rechecked hazard."""

    code: str
    location: str
    description: str
    passed: bool
    opinion: str = ""
    new_due_on: date | None = None


@dataclass(frozen=True, slots=True)
class RecheckData:
    """Everything printed on one opinion (prepared by the service; printing never queries).

    Attributes:
        number: The opinion's own 文号.
        issuer: 落款 (the office, or the township government for enforcement).
        speaker: How the issuer names itself in the text: 本办 or 本机关.
        notice_kind: 安全隐患整改通知书 or 责令限期整改指令书.
        notice_number: 文号 of that notice ("" when unknown).
        notice_on: Its date (``None`` when unknown).
        enforcement: True when the notice was an enforcement order: two 执法人员 with 证号.
    """

    number: str
    issuer: str
    speaker: str
    unit_name: str
    rechecked_on: date
    items: list[RecheckItem]
    rechecked_by: list[Signer] = field(default_factory=list)
    notice_kind: str = "安全隐患整改通知书"
    notice_number: str = ""
    notice_on: date | None = None
    enforcement: bool = False


def _lead(data: RecheckData) -> str:
    n = len(data.items)
    if data.notice_on and data.notice_number:
        made = (
            f"{data.speaker}于{format_cn(data.notice_on)}作出了《{data.notice_kind}》"
            f"（{data.notice_number}），责令你单位对 {n} 项安全隐患限期整改。"
        )
    else:
        made = f"{data.speaker}曾责令你单位对 {n} 项安全隐患限期整改。"
    return f"{made}{format_cn(data.rechecked_on)}，经对你单位整改情况进行复查，提出如下意见："


def _conclusion(item: RecheckItem) -> str:
    if item.passed:
        return "合格"
    due = f"，请于{format_cn(item.new_due_on)}前整改完毕" if item.new_due_on else ""
    return f"不合格{due}"


def render(data: RecheckData, out: Path | BinaryIO) -> None:
    """Write the opinion PDF to ``out`` (a path or a binary file object)."""
    fonts = ensure_fonts()
    st = styles(fonts)
    width = frame_width()
    p = para
    rows: list[list[object]] = [
        [p(h, st["head"]) for h in ("序号", "隐患部位及描述", "复查情况", "复查结论")]
    ]
    for i, item in enumerate(data.items, 1):
        desc = f"{item.location}：{item.description}" if item.location else item.description
        if item.code:
            desc = f"{desc}\n（{item.code}）"
        rows.append(
            [
                p(str(i), st["head"]),
                p(desc, st["cell"]),
                p(item.opinion or "—", st["cell"]),
                p(_conclusion(item), st["cell"]),
            ]
        )
    num_w, end_w = 15 * mm, 42 * mm  # "序号" and a full date in 4号 on one line
    rest = width - num_w - end_w
    failed = [i for i, item in enumerate(data.items, 1) if not item.passed]
    if not failed:
        closing = "经复查，上述隐患已整改完毕，复查合格。请你单位巩固整改成果，防止隐患反弹。"
    else:
        which = "、".join(f"第{i}项" for i in failed)
        closing = (
            f"{which}隐患复查不合格，你单位应当于新的整改期限前整改完毕，整改期间采取有效防范措施，"
            "确保安全；逾期仍未整改或者整改不到位的，将依法移交县级有关部门处理。"
        )
    signers = signature_table(
        "执法人员" if data.enforcement else "复查人员",
        data.rechecked_by,
        st,
        rows=2,
        cert=True,
        cert_blank=data.enforcement,
    )
    story: list[Flowable] = [
        *heading(data.issuer, TITLE, data.number, st),
        Spacer(1, 2 * mm),
        p(f"{data.unit_name}：", st["plain"]),
        p(_lead(data), st["body"]),
        Spacer(1, 2 * mm),
        grid(rows, [num_w, rest * 0.55, rest * 0.45, end_w]),
        Spacer(1, 2 * mm),
        # The closing paragraph stays with the signatures and the seal.
        KeepTogether(
            [
                p(closing, st["body"]),
                Spacer(1, 2 * mm),
                signers,
                *seal_block(data.issuer, format_cn(data.rechecked_on), st, beside=SIGN_RECEIPT),
                p("本文书一式两份：一份交被复查单位，一份存档。", st["small"]),
            ]
        ),
    ]
    doc = form_document(
        out, title=f"{TITLE} {data.number}", author=data.issuer, subject=data.unit_name
    )
    doc.build(story, canvasmaker=numbered_canvas(fonts.body, footer_y=FOOTER_Y))
