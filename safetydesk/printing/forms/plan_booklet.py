"""A village's whole 一制四案 booklet (B §1.1, §1.3) on A4 in the GB/T 9704 layout.

Cover (village, 一制四案, year, 编制单位), contents, then the five items each on its own page —
the version's dates and status, its structured content (预警信号, 转移信号, 响应分级, 转移条件,
返回条件) and its ordered steps by section — and the annex tables (通讯录, 工作组, 风险点, 包保表,
危险区住户, 避难场所, 路线, 队伍, 物资). An item never drafted prints "未编制" in a box, never a
blank page; an empty annex says 无记录. Several villages' booklets go into one PDF, each from its
cover. The service prepares every text; printing never queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, PageBreak, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from safetydesk.printing.fonts import ensure_fonts
from safetydesk.printing.numbered import numbered_canvas
from safetydesk.printing.page import (
    FOOTER_Y,
    SIZE_2,
    SIZE_3,
    form_document,
    frame_width,
    para,
    styles,
)

#: Chinese ordinals of the headings (一、 二、 …).
ORDINALS = "一二三四五六七八九十"
#: Text size of the annex tables and of the facts table.
TABLE_SIZE = 10.5
MISSING = "未编制"


@dataclass(frozen=True, slots=True)
class BookletItem:
    """One of the five items: ``facts`` (版本, 状态, dates …), ``content`` (label, text) and
    ``steps`` (section, steps). ``drafted`` False prints the 未编制 box."""

    title: str
    drafted: bool
    facts: Sequence[tuple[str, str]] = field(default_factory=tuple)
    content: Sequence[tuple[str, str]] = field(default_factory=tuple)
    steps: Sequence[tuple[str, Sequence[str]]] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Annex:
    """An annex table: headers, relative widths and rows of texts."""

    title: str
    headers: Sequence[str]
    widths: Sequence[float]
    rows: Sequence[Sequence[str]]


@dataclass(frozen=True, slots=True)
class Booklet:
    """One village's booklet."""

    village: str
    township: str
    year: str
    issuer: str
    items: Sequence[BookletItem]
    annexes: Sequence[Annex]


def _st() -> dict[str, ParagraphStyle]:
    fonts = ensure_fonts()
    st = styles(fonts)
    st["cover_big"] = ParagraphStyle("cover_big", parent=st["title"], fontSize=36, leading=48)
    st["cover"] = ParagraphStyle("cover", parent=st["number"], leading=SIZE_3 * 2)
    # Headings never end a page: they keep with what follows them.
    st["h1"] = ParagraphStyle("h1", parent=st["plain"], fontName=fonts.title, spaceBefore=4,
                              spaceAfter=4, keepWithNext=1)  # fmt: skip
    st["h2"] = ParagraphStyle("h2", parent=st["plain"], fontName=fonts.title, fontSize=SIZE_3 - 2,
                              keepWithNext=1)  # fmt: skip
    st["tcell"] = ParagraphStyle("tcell", parent=st["cell"], fontSize=TABLE_SIZE,
                                 leading=TABLE_SIZE * 1.35)  # fmt: skip
    st["thead"] = ParagraphStyle("thead", parent=st["head"], fontSize=TABLE_SIZE,
                                 leading=TABLE_SIZE * 1.35)  # fmt: skip
    st["missing"] = ParagraphStyle("missing", parent=st["title"], fontSize=SIZE_2,
                                   leading=SIZE_2 * 1.6, alignment=TA_CENTER)  # fmt: skip
    return st


def _ruled(data: list[list[object]], widths: list[float], *, header: bool) -> Table:
    cls = LongTable if len(data) > 40 else Table
    table = cls(data, colWidths=widths, repeatRows=1 if header else 0)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))  # fmt: skip
    return table


def _cover(b: Booklet, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    return [
        Spacer(1, 40 * mm),
        para(f"{b.township}{b.village}", st["title"]),
        Spacer(1, 8 * mm),
        para("一制四案", st["cover_big"]),
        Spacer(1, 6 * mm),
        para("突发事件应急包保责任制\n防火、防汛、地震、地质灾害应急预案", st["cover"]),
        Spacer(1, 60 * mm),
        para(f"编制单位：{b.issuer}", st["cover"]),
        para(f"{b.year}年", st["cover"]),
        PageBreak(),
    ]


class _Mark(Flowable):
    """A zero-size flowable that records the page it lands on under ``key`` (for the contents)."""

    def __init__(self, key: str, pages: dict[str, int]) -> None:
        super().__init__()
        self.key, self.pages = key, pages

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """No room taken."""
        return 0, 0

    def draw(self) -> None:
        """Note the page number."""
        self.pages[self.key] = self.canv.getPageNumber()


def _contents(
    k: int, b: Booklet, st: dict[str, ParagraphStyle], pages: dict[str, int], width: float
) -> list[Flowable]:
    """The contents of booklet ``k``, with the page numbers of the last rendering."""
    entries = [(f"{k}.{n}", f"{ORDINALS[n]}、{item.title}" + ("" if item.drafted else f"（{MISSING}）"))
               for n, item in enumerate(b.items)]  # fmt: skip
    entries.append((f"{k}.annex", f"{ORDINALS[len(b.items)]}、附件"))
    entries += [(f"{k}.annex{n}", f"附件{n}　{a.title}") for n, a in enumerate(b.annexes, 1)]
    right = ParagraphStyle("toc_page", parent=st["plain"], alignment=TA_RIGHT)
    indented = ParagraphStyle("toc_annex", parent=st["plain"], leftIndent=2 * st["plain"].fontSize)
    rows: list[list[object]] = [
        [para(text, indented if ".annex" in key and key[-1].isdigit() else st["plain"]),
         para(str(pages.get(key, "")), right)]
        for key, text in entries
    ]  # fmt: skip
    table = Table(rows, colWidths=[width - 18 * mm, 18 * mm])
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip
    return [para("目　　录", st["title"]), Spacer(1, 6 * mm), table, PageBreak()]


def _item(n: int, item: BookletItem, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    out: list[Flowable] = [para(f"{ORDINALS[n]}、{item.title}", st["h1"])]
    if not item.drafted:
        box = Table([[para(MISSING, st["missing"])],
                     [para("本项尚未编制，请村（社区）按要求编制后报镇（街道）审核。", st["small_center"])]],
                    colWidths=[width * 0.8])  # fmt: skip
        box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, colors.black),
                                 ("TOPPADDING", (0, 0), (-1, -1), 8),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))  # fmt: skip
        return [*out, Spacer(1, 20 * mm), box, PageBreak()]
    half = len(item.facts) // 2 + len(item.facts) % 2
    pairs = list(item.facts) + [("", "")] * (2 * half - len(item.facts))
    rows: list[list[object]] = []
    for k in range(half):
        (a, av), (b, bv) = pairs[k], pairs[k + half]
        rows.append([para(a, st["thead"]), para(av, st["tcell"]),
                     para(b, st["thead"]), para(bv, st["tcell"])])  # fmt: skip
    label = 28 * mm
    out.append(_ruled(rows, [label, width / 2 - label, label, width / 2 - label], header=False))
    out.append(Spacer(1, 3 * mm))
    k = 0
    if item.content:
        out.append(para(f"（{ORDINALS[k]}）预警与响应", st["h2"]))
        k += 1
        out += [para(f"{lab}：{text or '（未定）'}", st["body"]) for lab, text in item.content]
    for section, steps in item.steps:
        out.append(para(f"（{ORDINALS[k]}）{section}", st["h2"]))
        k += 1
        if not steps:
            out.append(para("（未填写步骤）", st["body"]))
        out += [para(f"{i}. {s}", st["body"]) for i, s in enumerate(steps, 1)]
    out.append(PageBreak())
    return out


def _annex(n: int, annex: Annex, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    scale = width / sum(annex.widths)
    widths = [w * scale for w in annex.widths]
    data: list[list[object]] = [[para(h, st["thead"]) for h in annex.headers]]
    data += [[para(t, st["tcell"]) for t in row] for row in annex.rows]
    out: list[Flowable] = [para(f"附件{n}　{annex.title}", st["h1"])]
    if not annex.rows:
        data.append([para("（无记录）", st["tcell"])] + [""] * (len(annex.headers) - 1))
    table = _ruled(data, widths, header=True)
    if not annex.rows:
        table.setStyle(TableStyle([("SPAN", (0, 1), (-1, 1))]))
    return [*out, table, Spacer(1, 6 * mm)]


def _story(booklets: Sequence[Booklet], pages: dict[str, int]) -> list[Flowable]:
    st = _st()
    width = frame_width()
    seen: dict[str, int] = dict(pages)
    pages.clear()
    story: list[Flowable] = []
    for k, b in enumerate(booklets):
        if k:
            story.append(PageBreak())
        story += _cover(b, st) + _contents(k, b, st, seen, width)
        for n, item in enumerate(b.items):
            story += [_Mark(f"{k}.{n}", pages), *_item(n, item, st, width)]
        story += [_Mark(f"{k}.annex", pages), para(f"{ORDINALS[len(b.items)]}、附件", st["h1"])]
        for n, annex in enumerate(b.annexes, 1):
            story += [_Mark(f"{k}.annex{n}", pages), *_annex(n, annex, st, width)]
    if not booklets:
        story.append(para("（没有可打印的一制四案）", st["title"]))
    return story


def render(booklets: Sequence[Booklet], out: Path | BinaryIO) -> None:
    """Write the booklets to ``out`` (a path or a binary file object).

    Rendered twice: the first pass finds the page of every heading, the second prints the
    contents with those page numbers (the contents take the same room either way)."""
    fonts = ensure_fonts()
    title = "一制四案" if len(booklets) != 1 else f"{booklets[0].village}一制四案"
    author = booklets[0].issuer if booklets else ""
    pages: dict[str, int] = {}
    for target in (BytesIO(), out):
        doc = form_document(target, title=title, author=author)
        doc.build(_story(booklets, pages), canvasmaker=numbered_canvas(fonts.body, footer_y=FOOTER_Y))
