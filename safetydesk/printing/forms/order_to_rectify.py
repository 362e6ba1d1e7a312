"""责令限期整改指令书 (DOMAIN.md B §4.5 B), on A4: the enforcement order to rectify by a deadline.

Only issued where two inspectors hold a 执法证号 (A3; the service refuses otherwise). Under the
issuing government and the title, the order names the unit and its address, lists each problem
in the hazard table shared with the 整改通知书 (违法事实, 依据, and for a 重大 hazard its 判定依据,
挂牌督办 and 整改期间安全防范措施; measures and deadline), then the standard sentences of the
national 执法文书 式样, the 复议 (60 日) and 诉讼 (6个月) clause naming the county government and
court, two lines for 执法人员 with their 证号, the unit's 签收, and the seal over the date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Spacer
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
    heading,
    para,
    seal_block,
    signature_table,
    styles,
    we,
)

#: The unit's 签收, beside the 落款.
SIGN_RECEIPT = "被检查单位负责人（签收）：\n＿＿＿＿＿＿＿＿\n＿＿＿＿年＿＿月＿＿日"
#: Title of the form.
TITLE = "责令限期整改指令书"


@dataclass(frozen=True, slots=True)
class OrderData:
    """Everything printed on one order (prepared by the service; printing never queries).

    Attributes:
        issuer: The township government (the body with enforcement power), e.g. 润城镇人民政府.
        unit_address: The unit's address from the unit register ("" leaves a blank).
        county: The county (区) whose government hears a 复议 and whose court hears a 诉讼;
            "" leaves blanks to fill in by hand.
        officers: 执法人员 with their 证号 (two lines are printed whatever the count).
    """

    number: str
    township: str
    issuer: str
    unit_name: str
    found_on: date
    issued_on: date
    items: list[HazardLine]
    unit_address: str = ""
    county: str = ""
    officers: list[Signer] = field(default_factory=list)


def _deadline_sentence(items: list[HazardLine]) -> str:
    dues = list(dict.fromkeys(i.due_text for i in items))
    if len(dues) == 1 and dues[0] and dues[0] != "立即":
        when = f"于{dues[0]}前"
    elif len(dues) == 1 and dues[0] == "立即":
        when = "立即"
    else:
        when = "按上表所列期限"
    return (
        f"现责令你单位对上述问题{when}整改完毕，达到有关法律法规规章和标准规定的要求。"
        "由此造成事故的，依法追究有关人员的责任。"
    )


def appeal_clause(county: str) -> str:
    """The 复议/诉讼 sentence, naming the county government and court (blanks when unknown)."""
    gov = f"{county}人民政府" if county else f"{BLANK}人民政府"
    court = f"{county}人民法院" if county else f"{BLANK}人民法院"
    return (
        f"如果不服本指令，可以依法在60日内向{gov}申请行政复议，或者在6个月内依法向{court}"
        "提起行政诉讼，但本指令不停止执行，法律另有规定的除外。"
    )


def render(data: OrderData, out: Path | BinaryIO) -> None:
    """Write the order PDF to ``out`` (a path or a binary file object)."""
    fonts = ensure_fonts()
    st = styles(fonts)
    width = frame_width()
    p = para
    story: list[Flowable] = [
        *heading(data.issuer, TITLE, data.number, st),
        Spacer(1, 2 * mm),
        p(f"{data.unit_name}：", st["plain"]),
        p(f"单位地址：{data.unit_address or BLANK * 2}", st["plain"]),
        p(
            f"{we(data.township)}于{format_cn(data.found_on)}对你单位进行现场检查，发现你单位存在下列"
            f"安全生产违法行为和事故隐患（共 {len(data.items)} 项，违法事实及依据见下表）：",
            st["body"],
        ),
        Spacer(1, 1 * mm),
        hazard_table(data.items, st, width, basis_blank=True),
        Spacer(1, 2 * mm),
        p(_deadline_sentence(data.items), st["body"]),
        p(
            "整改期间，你单位应当采取措施，确保安全生产。对安全生产违法行为，将依法予以行政处罚。",
            st["body"],
        ),
        # The 复议 clause (its last lines at least) stays with the signatures and the seal.
        KeepWithTail(
            [
                p(appeal_clause(data.county), st["body"]),
                Spacer(1, 2 * mm),
                signature_table("执法人员", data.officers, st, rows=2, cert=True, cert_blank=True),
                *seal_block(data.issuer, format_cn(data.issued_on), st, beside=SIGN_RECEIPT),
                p("本文书一式两份：一份交被检查单位，一份存档。", st["small"]),
            ]
        ),
    ]
    doc = form_document(
        out, title=f"{TITLE} {data.number}", author=data.issuer, subject=data.unit_name
    )
    doc.build(story, canvasmaker=numbered_canvas(fonts.body, footer_y=FOOTER_Y))
