"""Columns and cells of the 隐患排查治理台账 (used by :mod:`.hazard_ledger` only).

The columns follow DOMAIN.md B §7 variant 5 and the "六定" practice of fixing who, what, money
and when for every hazard: 检查日期/检查人员, the unit and its village, the hazard, 隐患类别, 等级,
判定依据 and 挂牌督办 of a 重大 hazard, 整改措施, 整改资金, 责任人 and 联系电话, 整改期限, 完成日期,
复查人 and 复查日期, 状态. Pairs that belong together share a column on two lines (隐患编号 over
检查日期, 单位 over 村, 责任人 over 电话, 复查人 over 复查日期) so that nineteen fields fit the
width of A4 landscape at 小五 with descriptions of 30–35 characters in three lines.

Widths: a date or phone column is exactly as wide as its longest value in the font used (so a
date such as 2026-11-23 is never wrapped); the text columns share what is left by weight. The
判定依据/挂牌督办 column is four characters wide unless the rows' texts take fewer lines with it
wider (:func:`fewest_lines`): a ledger of 重大 hazards gets a wide one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from safetydesk.printing.page import para

#: Text size of the ledger's cells: 小五.
SIZE = 9.0
#: Line pitch inside cells (a little over one character height keeps 12 rows on a page).
LEADING = SIZE * 1.13
#: Cell paddings (points): left/right, top, bottom.
PAD_X, PAD_TOP, PAD_BOTTOM = 1.2, 1.2, 1.6
#: What a date looks like in the ledger (its widest form, for measuring).
DATE_SAMPLE = "2026-11-23"
#: How much wider than its samples a measured column may grow for the values it is given.
MAX_GROWTH = 1.4
#: Widest phone number measured when the rows have none longer (a mobile number).
PHONE_SAMPLE = "13800001234"


@dataclass(frozen=True, slots=True)
class Column:
    """One printed column.

    Attributes:
        key: Name used by the row builder.
        header: Header text (``\\n`` breaks it where a narrow column needs it).
        weight: Share of the width left by the measured columns (0: measured).
        samples: What a measured column must hold on one line (its widest short values).
        center: Cells are centred (short values).
    """

    key: str
    header: str
    weight: float = 0
    samples: tuple[str, ...] = ()
    center: bool = True


#: The columns in print order. Measured columns hold their samples (and the values the ledger
#: passes for them) on one line; a date column holds :data:`DATE_SAMPLE`.
COLUMNS: tuple[Column, ...] = (
    Column("seq", "序号", samples=("999",)),
    Column("code", "隐患编号\n检查日期", samples=(DATE_SAMPLE,)),
    Column("inspectors", "检查\n人员", samples=("王建国",)),
    Column("unit", "单位名称\n所属村(社区)", weight=22, center=False),
    Column("description", "隐患部位及描述", weight=40, center=False),
    Column("category", "隐患\n类别", samples=("物的不安",)),
    Column("level", "等级", samples=("一般",)),
    Column("basis", "判定依据\n挂牌督办", samples=("判定依据",), center=False),
    Column("measures", "整改措施", weight=27, center=False),
    Column("funds", "整改资金\n(万元)", samples=("整改资金", "9999.99")),
    Column("responsible", "责任人\n联系电话", samples=(DATE_SAMPLE, PHONE_SAMPLE)),
    Column("due", "整改\n期限", samples=(DATE_SAMPLE,)),
    Column("rectified", "完成\n日期", samples=(DATE_SAMPLE,)),
    Column("recheck", "复查人\n复查日期", samples=(DATE_SAMPLE,)),
    # Three characters: 复查合格 is folded onto two lines ("复查" / "合格"), see Cells.folded.
    Column("state", "状态", samples=("整改中",)),
)


#: Widths tried for the 判定依据/挂牌督办 column: measured (four characters), then sharing the
#: free width with these weights.
BASIS_CHOICES: tuple[dict[str, float], ...] = ({}, {"basis": 16}, {"basis": 28})
#: The columns whose text wraps (their width decides the rows' heights).
_WRAPPING = ("unit", "description", "basis", "measures")


def index(key: str) -> int:
    """Position of the column ``key``."""
    return next(i for i, c in enumerate(COLUMNS) if c.key == key)


def one_line_width(texts: Sequence[str], font: str) -> float:
    """Width (points) a cell needs to show each of ``texts``' lines on one line."""
    widest = max(
        (stringWidth(line, font, SIZE) for t in texts for line in t.split("\n")), default=0.0
    )
    return widest + 2 * PAD_X + 0.5


def column_widths(
    total: float,
    font: str,
    values: Mapping[str, Sequence[str]],
    weights: Mapping[str, float] | None = None,
) -> list[float]:
    """Widths (points) of :data:`COLUMNS` filling ``total``.

    Args:
        total: The text block's width.
        font: The cells' font.
        values: For a measured column, more one-line values it must hold (the rows' codes,
            phone numbers) besides its samples; one wider than :data:`MAX_GROWTH` times the
            samples is left to wrap.
        weights: Weights that replace the columns' own (a measured column given a weight
            shares the free width instead, e.g. a wider 判定依据 when many rows are 重大).
    """
    weight = {c.key: (weights or {}).get(c.key, c.weight) for c in COLUMNS}
    widths: dict[str, float] = {}
    for c in COLUMNS:
        if not weight[c.key]:
            base = one_line_width(c.samples, font)
            # An odd long value (two phones in one field) wraps rather than widen the column.
            fitting = [
                v for v in values.get(c.key, ()) if one_line_width([v], font) <= base * MAX_GROWTH
            ]
            widths[c.key] = one_line_width([*c.samples, *fitting], font)
    free = total - sum(widths.values())
    shares = sum(weight.values())
    for c in COLUMNS:
        if weight[c.key]:
            widths[c.key] = free * weight[c.key] / shares
    return [widths[c.key] for c in COLUMNS]


def line_count(text: str, font: str, room: float) -> int:
    """About how many lines ``text`` takes in a cell ``room`` wide (wrap rules ignored)."""
    return sum(max(1, math.ceil(stringWidth(line, font, SIZE) / room)) for line in text.split("\n"))


def fewest_lines(
    total: float,
    font: str,
    values: Mapping[str, Sequence[str]],
    rows: Sequence[Mapping[str, str]],
) -> list[float]:
    """The widths among :data:`BASIS_CHOICES` under which ``rows`` (cell texts by column key)
    take the fewest lines: a ledger of 重大 hazards gets a wide 判定依据/挂牌督办 column, one of
    一般 hazards keeps it narrow. Ties go to the narrowest."""

    def lines(widths: list[float]) -> int:
        rooms = {key: widths[index(key)] - 2 * PAD_X for key in _WRAPPING}
        return sum(
            max(line_count(row.get(key, ""), font, rooms[key]) for key in _WRAPPING) for row in rows
        )

    candidates = [column_widths(total, font, values, w) for w in BASIS_CHOICES]
    return min(candidates, key=lines)  # min keeps the first of equals: the narrowest


def pack_names(names: Sequence[str], font: str, room: float) -> str:
    """Names joined by "、", a line break instead where the next whole name would not fit."""
    lines: list[str] = []
    for name in names:
        joined = f"{lines[-1]}、{name}" if lines else name
        if lines and stringWidth(joined, font, SIZE) <= room:
            lines[-1] = joined
        else:
            lines.append(name)
    return "\n".join(lines)


class Cells:
    """Makes table cells: a plain string when every line fits, else a wrapping Paragraph."""

    def __init__(self, font: str, style: ParagraphStyle, widths: Sequence[float]) -> None:
        self.font = font
        self.style = style
        self.widths = widths

    def room(self, key: str) -> float:
        """Width for text inside the cells of column ``key``."""
        return self.widths[index(key)] - 2 * PAD_X

    def names(self, names: Sequence[str], key: str) -> str:
        """Names packed into the lines of column ``key`` (see :func:`pack_names`)."""
        return pack_names(names, self.font, self.room(key))

    def folded(self, text: str, key: str) -> str:
        """``text`` with each line too long for column ``key`` broken in the middle (a state
        such as 复查合格 becomes 复查 / 合格 instead of 复查合 / 格)."""
        room = self.room(key)
        lines = []
        for line in text.split("\n"):
            if stringWidth(line, self.font, SIZE) > room and len(line) <= 6:
                half = (len(line) + 1) // 2
                lines += [line[:half], line[half:]]
            else:
                lines.append(line)
        return "\n".join(lines)

    def __call__(self, text: str, key: str) -> object:
        room = self.room(key)
        if all(stringWidth(line, self.font, SIZE) <= room for line in text.split("\n")):
            return text
        return para(text, self.style)
