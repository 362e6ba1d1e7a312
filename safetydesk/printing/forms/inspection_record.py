"""安全检查记录 / 现场检查记录 (DOMAIN.md B §3.2–3.3), on A4 portrait.

The record carries the 文号 from the register, the 现场检查记录 fields as a ruled grid, the
checklist results as a table (不合格 in bold on a shaded cell, 不涉及 greyed), the narrative, the
problems and hazards found with their 隐患编号, the 处理意见, and the handwritten signatures of
the inspectors (with their 执法证号 for an enforcement inspection), the recorder and the unit's
person on site, or the note that this person refused to sign (安全生产法 第六十八条).
Tables continue on the next page with their header repeated; pages after the first repeat the
文号 at the top and every page of a multi-page record says "第X页 共Y页". When the inspection has
现场照片, the record lists them as its 附件 and they follow on an attachment page of captioned
thumbnails (an unreadable file is left out).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from safetydesk.printing.fonts import FormFonts, ensure_fonts
from safetydesk.printing.numbered import numbered_canvas
from safetydesk.printing.page import (
    FOOTER_Y,
    SHORT_BLANK,
    SIZE_4,
    Signer,
    fit_width,
    form_document,
    frame_width,
    grid,
    heading,
    para,
    signature_table,
    styles,
)
from safetydesk.printing.photos import photo_attachment, photo_grid

if TYPE_CHECKING:
    from safetydesk.printing.page import TableCommand

#: Titles: a township check, or an enforcement inspection (执法人员 with 证号).
TITLE, ENFORCEMENT_TITLE = "安全检查记录", "现场检查记录"
#: Grey of 不涉及 rows and of the shading behind a 不合格 result.
GREY_TEXT, FAIL_SHADE = colors.Color(0.45, 0.45, 0.45), colors.Color(0.86, 0.86, 0.86)
#: Marks a checklist item that corresponds to a 重大事故隐患判定标准 clause.
MAJOR_MARK = "★"
#: The most 现场照片 printed on a record (two attachment pages).
PHOTOS_PER_RECORD = 12


@dataclass(frozen=True, slots=True)
class ResultLine:
    """One checklist item with its result (合格 / 不合格 / 不涉及) and note."""

    seq: int
    content: str
    standard: str
    result: str
    note: str = ""
    major: bool = False


@dataclass(frozen=True, slots=True)
class FoundProblem:
    """A problem found: a registered hazard (with its 隐患编号) or a 不合格 item not yet registered."""

    code: str
    description: str
    level: str = ""
    due_text: str = ""


@dataclass(frozen=True, slots=True)
class ScenePhoto:
    """A 现场照片 of the inspection, printed on the attachment page."""

    path: Path
    note: str = ""


@dataclass(frozen=True, slots=True)
class RecordData:
    """Everything printed on one record (prepared by the service; printing never queries)."""

    number: str
    office: str
    unit_name: str
    time_text: str
    kind: str
    methods: str
    inspectors: list[Signer]
    recorder: str
    enforcement: bool = False
    address: str = ""
    uscc: str = ""
    legal_rep: str = ""
    phone: str = ""
    village: str = ""
    place: str = ""
    met_person: str = ""
    met_title: str = ""
    met_phone: str = ""
    basis: str = ""
    results: list[ResultLine] = field(default_factory=list)
    narrative: str = ""
    problems: list[FoundProblem] = field(default_factory=list)
    disposition: str = ""
    witness: str = ""
    refused_to_sign: str = ""
    photos: list[ScenePhoto] = field(default_factory=list)

    @property
    def title(self) -> str:
        """现场检查记录 for an enforcement inspection, else 安全检查记录."""
        return ENFORCEMENT_TITLE if self.enforcement else TITLE


class _BoldText(Flowable):
    """A short centred word drawn filled and stroked (a bold face even when the font has none)."""

    def __init__(self, text: str, font: str, size: float) -> None:
        super().__init__()
        self.text, self.font, self.size = text, font, size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.size * 1.3

    def draw(self) -> None:
        c = self.canv
        text = c.beginText()
        text.setTextRenderMode(2)  # fill, then stroke: thickens every stroke of the glyphs
        c.setLineWidth(self.size * 0.045)
        text.setFont(self.font, self.size)
        w = c.stringWidth(self.text, self.font, self.size)
        text.setTextOrigin((self.width - w) / 2, self.size * 0.3)
        text.textOut(self.text)
        c.drawText(text)


def _fields(data: RecordData, st: dict[str, ParagraphStyle], width: float) -> Table:
    """The 现场检查记录 fields as a four-column ruled grid (label, value, label, value)."""
    cell, head = st["cell"], st["head"]
    inspectors = "、".join(
        f"{s.name}（执法证号 {s.cert_no}）" if s.cert_no else s.name for s in data.inspectors
    )
    met = data.met_person + (f"（{data.met_title}）" if data.met_title else "")
    met += f"　{data.met_phone}" if data.met_phone else ""
    rows: list[tuple[str, str] | tuple[str, str, str, str]] = [
        ("被检查单位", data.unit_name),
        ("地　　址", data.address),
        ("统一社会信用代码", data.uscc, "村(社区)", data.village),
        ("法定代表人(负责人)", data.legal_rep, "联系电话", data.phone),
        ("检查场所", data.place),
        ("检查时间", data.time_text),
        ("检查类型", data.kind, "检查方式", data.methods),
        ("检查机关", data.office),
        ("执法人员" if data.enforcement else "检查人员", inspectors),
        ("现场负责人(职务)", met),
    ]
    # Every label fits on one line, and the right value a mobile number or a village's name.
    label_w = fit_width([r[0] for r in rows], head, pad=6)
    label2_w = fit_width([r[2] for r in rows if len(r) == 4], head, pad=6)
    value2_w = fit_width(["13800000000", "洎水新城社区"], cell, pad=6)
    widths = [label_w, width - label_w - label2_w - value2_w, label2_w, value2_w]
    data_rows: list[list[object]] = []
    spans: list[TableCommand] = []
    for r, row in enumerate(rows):
        if len(row) == 2:
            data_rows.append([para(row[0], head), para(row[1], cell), "", ""])
            spans.append(("SPAN", (1, r), (3, r)))
        else:
            data_rows.append([para(row[0], head), para(row[1], cell),
                              para(row[2], head), para(row[3], cell)])  # fmt: skip
    table = grid(data_rows, widths, header=False)
    pad: list[TableCommand] = [
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    table.setStyle(TableStyle(spans + pad))
    return table


def _results(
    data: RecordData, st: dict[str, ParagraphStyle], fonts: FormFonts, width: float
) -> Table:
    """The checklist table: 序号 | 检查内容 | 检查标准 | 结果 | 备注, header repeated on each page."""
    grey = {name: st[name].clone(f"{name}_grey", textColor=GREY_TEXT) for name in ("cell", "head")}
    rows: list[list[object]] = [
        [para(h, st["head"]) for h in ("序号", "检查内容", "检查标准", "结果", "备注")]
    ]
    style: list[TableCommand] = []
    for r, line in enumerate(data.results, 1):
        skipped = line.result == "不涉及"
        cell, head = (grey["cell"], grey["head"]) if skipped else (st["cell"], st["head"])
        content = (MAJOR_MARK if line.major else "") + line.content
        if line.result == "不合格":
            result: object = _BoldText(line.result, fonts.title, SIZE_4)
            style.append(("BACKGROUND", (3, r), (3, r), FAIL_SHADE))
        else:
            result = para(line.result, head)
        rows.append([para(str(line.seq), head), para(content, cell),
                     para(line.standard, cell), result, para(line.note, cell)])  # fmt: skip
    seq_w, result_w = fit_width(["序号"], st["head"]), fit_width(["不合格"], st["head"])
    rest = width - seq_w - result_w
    table = grid(rows, [seq_w, rest * 0.3, rest * 0.4, result_w, rest * 0.3])
    table.setStyle(TableStyle(style))
    return table


def _problems(data: RecordData, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    """发现问题/隐患: a table with each hazard's 隐患编号, or a sentence when none were found."""
    if not data.problems:
        return [para("未发现问题和隐患。", st["prose"])]
    rows: list[list[object]] = [
        [para(h, st["head"]) for h in ("序号", "隐患编号", "问题/隐患描述", "等级", "整改期限")]
    ]
    for i, pr in enumerate(data.problems, 1):
        rows.append([para(str(i), st["head"]), para(pr.code or "（未登记）", st["cell"]),
                     para(pr.description, st["cell"]), para(pr.level, st["head"]),
                     para(pr.due_text, st["cell"])])  # fmt: skip
    head, cell = st["head"], st["cell"]
    # 序号, a 隐患编号, 等级 and a full date each on one line.
    seq_w, level_w = fit_width(["序号"], head), fit_width(["等级"], head)
    code_w = fit_width(["润-2026-0000", *(pr.code for pr in data.problems)], cell)
    due_w = fit_width(["2026年12月30日", *(pr.due_text for pr in data.problems)], cell)
    return [grid(rows, [seq_w, code_w, width - seq_w - code_w - level_w - due_w, level_w, due_w])]


def _signatures(data: RecordData, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    """Handwritten signatures: inspectors (with 证号 when enforcement), recorder, the unit."""
    label = "执法人员" if data.enforcement else "检查人员"
    sign = st["sign"]
    pairs: Flowable = signature_table("记录人", [Signer(data.recorder)], st)
    if data.witness:  # 记录人 and 见证人 share a line
        sign_w = fit_width([f"签名：{SHORT_BLANK}"], sign, pad=2)
        name_w = frame_width() / 2 - sign_w
        pairs = Table([[para(f"记录人：{data.recorder}", sign), para(f"签名：{SHORT_BLANK}", sign),
                        para(f"见证人：{data.witness}", sign), para(f"签名：{SHORT_BLANK}", sign)]],
                      colWidths=[name_w, sign_w] * 2, hAlign="LEFT")  # fmt: skip
        pairs.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip
    out: list[Flowable] = [
        signature_table(label, data.inspectors, st, rows=2, cert=True, cert_blank=data.enforcement),
        pairs,
        Spacer(1, 1 * mm),
        signature_table("被检查单位现场负责人", [Signer(data.met_person)], st),
        para("签名日期：＿＿＿＿年＿＿月＿＿日", sign),
    ]
    if data.refused_to_sign:
        out.append(para(f"拒签说明：{data.refused_to_sign}", st["sign"]))
    return out


def _photos(
    data: RecordData, st: dict[str, ParagraphStyle], width: float
) -> tuple[Table | None, int]:
    """The 现场照片 grid (captioned 照片1, 照片2…, with the note when there is one), and its count."""
    shown = data.photos[:PHOTOS_PER_RECORD]
    captions = [f"照片{i}" + (f"：{ph.note}" if ph.note else "") for i, ph in enumerate(shown, 1)]
    if len(data.photos) > len(shown):
        captions[-1] += f"（另有 {len(data.photos) - len(shown)} 张未印）"
    return photo_grid([(ph.path, c) for ph, c in zip(shown, captions, strict=True)], st, width)


def render(data: RecordData, out: Path | BinaryIO) -> None:
    """Write the record PDF to ``out`` (a path or a binary file object)."""
    fonts = ensure_fonts()
    st = styles(fonts)
    # A record is a form filled on site: its prose is 4号 (as in the national 式样), so a short
    # checklist fits one sheet; section labels are 4号 黑体 and never end a page.
    label = st["sub"].clone("label", alignment=0, leading=SIZE_4 * 1.5, spaceBefore=SIZE_4 * 0.2,
                            keepWithNext=1)
    st["prose"] = st["body"].clone("prose", fontSize=SIZE_4, leading=SIZE_4 * 1.6,
                                   firstLineIndent=SIZE_4 * 2)  # fmt: skip
    width = frame_width()
    p = para
    photos, n_photos = _photos(data, st, width)
    attachment = [p(f"附件：现场照片（共 {n_photos} 张）", st["prose"].clone("attachment_line",
                    firstLineIndent=0))] if photos else []  # fmt: skip
    story: list[Flowable] = [
        *heading(data.office, data.title, data.number, st),
        Spacer(1, 2 * mm),
        _fields(data, st, width),
    ]
    if data.results or data.basis:
        story.append(p("检查内容及结果", label))
    if data.basis:
        story.append(p(f"检查依据：{data.basis}", st["small"]))
    if data.results:
        story += [Spacer(1, 1 * mm), _results(data, st, fonts, width)]
        failed = sum(r.result == "不合格" for r in data.results)
        skipped = sum(r.result == "不涉及" for r in data.results)
        passed = sum(r.result == "合格" for r in data.results)  # an unanswered item is no 合格
        summary = (f"共检查 {len(data.results)} 项：合格 {passed} 项，"
                   f"不合格 {failed} 项，不涉及 {skipped} 项。")  # fmt: skip
        if any(r.major for r in data.results):
            summary += f"{MAJOR_MARK} 为对应重大事故隐患判定标准的检查项。"
        story += [Spacer(1, 1 * mm), p(summary, st["small"])]
    story += [
        p("检查情况" if data.results else "检查情况（本次检查未使用检查表）", label),
        p(data.narrative or "（无）", st["prose"]),
        p("发现问题/隐患", label),
        *_problems(data, st, width),
        # The 处理意见 stays with the signatures, so no page holds the signatures alone.
        KeepTogether(
            [
                p("处理意见", label),
                p(data.disposition, st["prose"]),
                *attachment,
                Spacer(1, 2 * mm),
                *_signatures(data, st),
            ]
        ),
    ]
    if photos is not None:
        reference = f"（{data.title}文号：{data.number}　被检查单位：{data.unit_name}）"
        story += [PageBreak(), *photo_attachment("现场照片", reference, photos, st)]
    doc = form_document(out, title=f"{data.title} {data.number}", author=data.office,
                        subject=data.unit_name)  # fmt: skip
    doc.build(
        story,
        canvasmaker=numbered_canvas(
            fonts.body, footer_y=FOOTER_Y, only_if_several=True, running_head=data.number
        ),
    )
