"""应急演练记录表 (DOMAIN.md B §2.4) with its 应急演练评估表 (B §2.5) and 演练照片, on A4 portrait.

The record heads with the organiser, the title and the 记录编号, then the facts of the drill as
a ruled grid (名称, 组织单位, 时间, 地点, 灾种, 综合/单项, 实战/桌面, the 预案 exercised, 总指挥,
参演单位, 参演人数 with the residents among them, 观摩评估人员, 疏散用时), the 情景设置, the 演练过程
as a time/action table, the 物资装备, the problems found with their measures (序号, 问题, 整改措施,
责任人, 期限, 已转隐患), the 评估结论 and whether the 预案 must be revised, then the handwritten
signatures of the recorder and the approver (and the 报送日期 of a unit's own drill). When the
drill was evaluated, the evaluation follows on its own page: every item with its rating marked
in the 达标 / 基本达标 / 不达标 column, the score, the computed conclusion, an override with its
reason, the evaluators. When photos are attached they follow on a 附件 page, two to a row with
their captions; a photo file that is missing is named in a note line instead. Tables split
inside a long row and carry their header over, so no text is lost however long it is; every
page says "第X页 共Y页". The service prepares every text; printing never queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from safetydesk.printing.fonts import ensure_fonts
from safetydesk.printing.numbered import numbered_canvas
from safetydesk.printing.page import (
    FOOTER_Y,
    SIZE_4,
    Signer,
    fit_width,
    form_document,
    frame_width,
    heading,
    para,
    signature_table,
    styles,
)
from safetydesk.printing.photos import photo_attachment, photo_grid

if TYPE_CHECKING:
    from safetydesk.printing.page import TableCommand

#: Titles of the record and of its evaluation page.
TITLE, EVAL_TITLE = "应急演练记录表", "应急演练评估表"
#: The ratings, in the order of their columns on the evaluation page.
RATINGS = ("达标", "基本达标", "不达标")
#: The mark in the column of an item's rating (√ is in every GB 2312 font).
MARK = "√"
#: 五号, the text size of the evaluation checklist.
SIZE_5 = 10.5
#: Shading behind a 不达标 mark.
FAIL_SHADE = colors.Color(0.86, 0.86, 0.86)
#: Room a section label needs below it to start on this page (itself and about three lines).
SECTION_ROOM = 4 * SIZE_4 * 1.6
#: Least height (points) of either part of a table row split across pages: three lines.
SPLIT_MIN = round(3 * SIZE_4 * 1.4)
#: The most photos printed with a record (two attachment pages).
PHOTOS_PER_RECORD = 12


@dataclass(frozen=True, slots=True)
class FindingLine:
    """One problem found, with its measure; ``hazard_code`` is the 隐患编号 it was registered
    under (``hazard``: it became a hazard, its code perhaps unknown)."""

    seq: int
    problem: str
    action: str = ""
    responsible: str = ""
    due_text: str = ""
    hazard: bool = False
    hazard_code: str = ""


@dataclass(frozen=True, slots=True)
class EvalLine:
    """One evaluation item and its rating (one of :data:`RATINGS`, or "" when unrated)."""

    seq: int
    content: str
    standard: str = ""
    rating: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class EvaluationText:
    """The evaluation page's texts.

    Attributes:
        template: The checklist and its version (实战演练评估表（第1版）).
        computed: The conclusion the ratings give; ``conclusion`` the one that stands (an
            override, with ``override_reason``, when they differ).
    """

    template: str
    lines: list[EvalLine]
    score_text: str
    computed: str
    conclusion: str
    basis: str = ""
    override_reason: str = ""
    suggestions: str = ""
    evaluators: str = ""
    method: str = ""
    evaluated_on: str = ""


@dataclass(frozen=True, slots=True)
class DrillPhoto:
    """A photo of the drill and its caption."""

    path: Path
    caption: str = ""


@dataclass(frozen=True, slots=True)
class DrillRecordText:
    """Everything printed on one drill's record (prepared by the service).

    Attributes:
        timeline: (时间, 过程) steps of 演练过程; the time may be "".
        unit_drill: A unit's own drill reported to the township: the 报送日期 line is printed
            (``reported_on``, a blank when "").
        missing_photos: Note lines for photo files that could not be printed.
    """

    issuer: str
    record_no: str
    title: str
    organiser: str
    time_text: str
    location: str = ""
    category: str = ""
    scope: str = ""
    form: str = ""
    plan_version: str = ""
    commander: str = ""
    units: str = ""
    participants: str = ""
    observers: str = ""
    scenario: str = ""
    timeline: list[tuple[str, str]] = field(default_factory=list)
    evacuation: str = ""
    equipment: str = ""
    findings: list[FindingLine] = field(default_factory=list)
    conclusion: str = ""
    needs_revision: str = "否"
    recorder: str = ""
    approver: str = ""
    unit_drill: bool = False
    reported_on: str = ""
    notes: str = ""
    evaluation: EvaluationText | None = None
    photos: list[DrillPhoto] = field(default_factory=list)
    missing_photos: list[str] = field(default_factory=list)


def _ruled(rows: list[list[object]], widths: list[float], *, header: bool) -> Table:
    """A ruled table (header repeated) whose long rows split across pages (nothing is lost).

    A row taller than :data:`SPLIT_MIN` is split where the page ends; a shorter one moves
    whole to the next page (reportlab tries a split inside the row first when ``splitByRow`` is
    off, and falls back to one between rows, so no header is left over a sliver of a row).
    """
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, splitByRow=0,
                  splitInRow=SPLIT_MIN)  # fmt: skip
    table.setStyle(
        TableStyle(
            [
                # page.grid's ruling, with narrower padding; cells are top-aligned (reportlab
                # cannot split a middle-aligned row of more than a page).
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _fields(data: DrillRecordText, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    """The facts of the drill as a ruled grid: label and value, two pairs on the short rows.

    The grid is three tables stacked edge to edge (two-column, four-column, two-column) rather
    than one with spanned cells: reportlab cannot split a spanned row, and a long 参演单位 must
    be able to go on over the page.
    """
    cell, head = st["cell"], st["head"]
    top = [("演练名称", data.title), ("组织单位", data.organiser), ("演练时间", data.time_text),
           ("演练地点", data.location)]  # fmt: skip
    pairs = [("灾种/类别", data.category, "演练内容", data.scope),
             ("演练形式", data.form, "疏散用时", data.evacuation)]  # fmt: skip
    rest = [("演练预案", data.plan_version or "（未注明）"), ("总 指 挥", data.commander),
            ("参演单位", data.units), ("参演人数", data.participants),
            ("观摩评估人员", data.observers)]  # fmt: skip
    label_w = fit_width([r[0] for r in top + rest] + [r[0] for r in pairs], head, pad=6)
    label2_w = fit_width([r[2] for r in pairs], head, pad=6)
    value2_w = fit_width(["未达到需重新演练", "人员密集场所疏散"], cell, pad=6) * 0.75
    value_w = width - label_w

    def two(rows: list[tuple[str, str]]) -> Table:
        return _ruled([[para(k, head), para(v, cell)] for k, v in rows], [label_w, value_w],
                      header=False)  # fmt: skip

    middle = _ruled([[para(a, head), para(b, cell), para(c, head), para(d, cell)]
                     for a, b, c, d in pairs],
                    [label_w, value_w - label2_w - value2_w, label2_w, value2_w],
                    header=False)  # fmt: skip
    return [two(top), middle, two(rest)]


def _timeline(data: DrillRecordText, st: dict[str, ParagraphStyle], width: float) -> Table:
    """演练过程 as a 时间 | 演练过程 table, header repeated."""
    head, cell = st["head"], st["cell"]
    rows: list[list[object]] = [[para("时间", head), para("演练过程", head)]]
    rows += [[para(t or "—", head), para(action, cell)] for t, action in data.timeline]
    time_w = fit_width(["00:00", "时间"], head, pad=6)
    return _ruled(rows, [time_w, width - time_w], header=True)


def _findings(data: DrillRecordText, st: dict[str, ParagraphStyle], width: float) -> Flowable:
    """发现的问题及整改措施: a table, or a sentence when nothing was found."""
    if not data.findings:
        return para("本次演练未发现需要整改的问题。", st["prose"])
    head, cell = st["head"], st["cell"]
    headers = ("序号", "存在问题", "整改措施", "责任人", "期限", "已转隐患")
    rows: list[list[object]] = [[para(h, head) for h in headers]]
    for f in data.findings:
        # The 隐患编号 goes under the measure: the 已转隐患 column only holds 是/否.
        action = f.action + (f"\n（已登记隐患 {f.hazard_code}）" if f.hazard_code else "")
        rows.append([para(str(f.seq), head), para(f.problem, cell), para(action, cell),
                     para(f.responsible, cell), para(f.due_text, cell),
                     para("是" if f.hazard or f.hazard_code else "否", head)])  # fmt: skip
    seq_w = fit_width(["序号"], head, pad=6)
    due_w = fit_width(["2026-12-30", "期限"], cell, pad=6)
    hazard_w = fit_width(["已转", "隐患"], head, pad=6)
    rest = width - seq_w - due_w - hazard_w
    return _ruled(rows, [seq_w, rest * 0.38, rest * 0.40, rest * 0.22, due_w, hazard_w],
                  header=True)  # fmt: skip


def _signatures(data: DrillRecordText, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    """记录人 and 审核人 signing by hand, the 报送日期 of a unit's drill, the date."""
    out: list[Flowable] = [
        signature_table("记录人", [Signer(data.recorder)], st),
        signature_table("审核人", [Signer(data.approver)], st),
    ]
    if data.unit_drill:
        out.append(para(f"报送日期：{data.reported_on or '＿＿＿＿年＿＿月＿＿日'}", st["sign"]))
    out.append(para("填表日期：＿＿＿＿年＿＿月＿＿日", st["sign"]))
    return out


def _evaluation(
    ev: EvaluationText, data: DrillRecordText, st: dict[str, ParagraphStyle], width: float
) -> list[Flowable]:
    """The 应急演练评估表: items with their rating marked, score, conclusion, evaluators."""
    # 五号: a checklist of 13–15 items fits one page with the conclusion and the signatures.
    small_head = st["head"].clone("eval_head", fontSize=SIZE_5, leading=SIZE_5 * 1.2)
    small = st["cell"].clone("eval_cell", fontSize=SIZE_5, leading=SIZE_5 * 1.2)
    # The rating columns are two characters wide (基本达标 on two lines under its header).
    headers = ("序号", "评估项目", "评估标准", "达标", "基本\n达标", "不达\n标", "说明")
    rows: list[list[object]] = [[para(h, small_head) for h in headers]]
    shade: list[TableCommand] = [
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for r, line in enumerate(ev.lines, 1):
        marks = [para(MARK if line.rating == name else "", small_head) for name in RATINGS]
        if line.rating == RATINGS[2]:
            shade.append(("BACKGROUND", (5, r), (5, r), FAIL_SHADE))
        rows.append([para(str(line.seq), small_head), para(line.content, small),
                     para(line.standard, small), *marks, para(line.note, small)])  # fmt: skip
    seq_w = fit_width(["序号"], small_head, pad=6)
    rate_w = fit_width(["达标"], small_head, pad=6)
    rest = width - seq_w - 3 * rate_w
    # 评估项目 as wide as its longest item (up to seven characters) on one line.
    item_w = min(fit_width(["预警接收与叫应", *(ln.content for ln in ev.lines)], small, pad=6),
                 rest * 0.3)  # fmt: skip
    table = _ruled(rows, [seq_w, item_w, (rest - item_w) * 0.6, rate_w, rate_w, rate_w,
                          (rest - item_w) * 0.4], header=True)  # fmt: skip
    table.setStyle(TableStyle(shade))
    prose = st["small"]
    conclusion = f"评估结论：{ev.conclusion}"
    if ev.conclusion != ev.computed:
        conclusion += f"（按评分应为“{ev.computed}”，改定理由：{ev.override_reason}）"
    tail: list[Flowable] = [para(f"评分：{ev.score_text}　　{conclusion}", prose)]
    if ev.suggestions:
        tail.append(para(f"改进建议：{ev.suggestions}", prose))
    tail += [
        para(f"评估方法：{ev.method}　　评估日期：{ev.evaluated_on}", prose),
        Spacer(1, 1 * mm),
        signature_table("评估人员", [Signer(n) for n in _names(ev.evaluators)],
                        {**st, "sign": st["small"]}, rows=2),
    ]
    out: list[Flowable] = [
        para(EVAL_TITLE, st["title"]),
        para(f"（{TITLE}编号：{data.record_no}　演练名称：{data.title}）", st["small_center"]),
        Spacer(1, 2 * mm),
        para(f"评估表：{ev.template}", st["small"]),
    ]
    if ev.basis:
        out.append(para(f"依据：{ev.basis}", st["small"]))
    out += [Spacer(1, 1 * mm), table, Spacer(1, 1 * mm), KeepTogether(tail)]
    return out


def _names(text: str) -> list[str]:
    """The evaluators from their stored text, separated by 、，,；; (a space stays inside one
    evaluator: "县应急管理局 王建国" is one person with their office)."""
    for sep in ("，", ",", "；", ";"):
        text = text.replace(sep, "、")
    return [n for n in (t.strip() for t in text.split("、")) if n]


def _photos(
    data: DrillRecordText, st: dict[str, ParagraphStyle], width: float
) -> tuple[Table | None, int, list[str]]:
    """The photo grid, how many were printed and the note lines of those left out."""
    shown = data.photos[:PHOTOS_PER_RECORD]
    captions = [f"照片{i}" + (f"：{ph.caption}" if ph.caption else "") for i, ph in enumerate(shown, 1)]
    notes = list(data.missing_photos)
    if len(data.photos) > len(shown):
        notes.append(f"另有 {len(data.photos) - len(shown)} 张照片未印。")
    table, count = photo_grid(
        [(ph.path, c) for ph, c in zip(shown, captions, strict=True)], st, width
    )
    if count < len(shown):
        notes.append(f"{len(shown) - count} 张照片无法读取，未印。")
    return table, count, notes


def render(data: DrillRecordText, out: Path | BinaryIO) -> int:
    """Write the record PDF to ``out`` (a path or a binary file object); returns its pages."""
    fonts = ensure_fonts()
    st = styles(fonts)
    # Filled on site like the 安全检查记录: prose in 4号, section labels 4号 黑体 kept with
    # what follows.
    label_style = st["sub"].clone("label", alignment=0, leading=SIZE_4 * 1.5,
                                  spaceBefore=SIZE_4 * 0.3)  # fmt: skip

    def label(text: str) -> list[Flowable]:
        # A section label never ends a page: it moves over unless the page has room for it and
        # a few lines (a table that follows splits; keepWithNext would move it whole).
        return [CondPageBreak(SECTION_ROOM), para(text, label_style)]

    st["prose"] = st["body"].clone("prose", fontSize=SIZE_4, leading=SIZE_4 * 1.6,
                                   firstLineIndent=SIZE_4 * 2)  # fmt: skip
    plain = st["prose"].clone("prose_plain", firstLineIndent=0)
    width = frame_width()
    p = para
    photos, n_photos, notes = _photos(data, st, width)
    story: list[Flowable] = [
        *heading(data.issuer, TITLE, f"编号：{data.record_no}" if data.record_no else "", st),
        Spacer(1, 2 * mm),
        *label("一、基本情况"),
        *_fields(data, st, width),
        *label("二、情景设置"),
        p(data.scenario or "（未填写）", st["prose"]),
        *label("三、演练过程"),
    ]
    story.append(_timeline(data, st, width) if data.timeline else p("（未填写）", st["prose"]))
    story += [
        *label("四、物资装备"),
        p(data.equipment or "（未填写）", st["prose"]),
        *label("五、发现的问题及整改措施"),
        _findings(data, st, width),
    ]
    closing: list[Flowable] = [
        para("六、评估结论", label_style),
        p(f"评估结论：{data.conclusion or '（未评估）'}　　是否需修订预案：{data.needs_revision}",
          plain),
    ]  # fmt: skip
    if data.notes:
        closing.append(p(f"备注：{data.notes}", plain))
    attached = [EVAL_TITLE] if data.evaluation else []
    if photos is not None:
        attached.append(f"演练照片（共 {n_photos} 张）")
    if attached:
        closing.append(p(f"附件：{'；'.join(attached)}", plain))
    if notes and photos is None:  # no photo page to carry them
        closing += [p(n, st["small"]) for n in notes]
    story += [KeepTogether([*closing, Spacer(1, 3 * mm), *_signatures(data, st)])]
    if data.evaluation is not None:
        story += [PageBreak(), *_evaluation(data.evaluation, data, st, width)]
    if photos is not None:
        reference = f"（{TITLE}编号：{data.record_no}　演练名称：{data.title}）"
        story += [PageBreak(), *photo_attachment("演练照片", reference, photos, st)]
        story += [p(n, st["small"]) for n in notes]
    doc = form_document(out, title=f"{TITLE} {data.record_no}".strip(), author=data.issuer,
                        subject=data.title)  # fmt: skip
    doc.build(story, canvasmaker=numbered_canvas(fonts.body, footer_y=FOOTER_Y,
                                                 running_head=data.record_no))  # fmt: skip
    return int(doc.page)


__all__ = [
    "EVAL_TITLE",
    "TITLE",
    "DrillPhoto",
    "DrillRecordText",
    "EvalLine",
    "EvaluationText",
    "FindingLine",
    "render",
]
