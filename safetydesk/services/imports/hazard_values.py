"""Cell values of an old 隐患排查治理台账: levels, states, dates, deadlines, funds, names (Qt-free).

Used by :mod:`safetydesk.services.imports.hazard_row_checks`; each parser raises
:class:`~safetydesk.services.imports.CellError` with a Chinese message saying how to fix the cell.
Spellings follow DOMAIN.md §7 (一般/一般隐患/一般事故隐患, 重大/重大隐患/重大事故隐患; 已整改,
整改中, 未整改, 逾期 …; "7日内", "7个工作日内", "立即", "当场"; 整改资金 in 元 or 万元).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from safetydesk.domain.common import NINE_SMALL_SUBTYPES, UnitType
from safetydesk.domain.hazards import HazardLevel, HazardSource
from safetydesk.domain.schedule import DeadlineKind, parse_deadline_text
from safetydesk.services.imports.cells import CellError, cell_text, is_blank, parse_date
from safetydesk.services.imports.values import parse_unit_type


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_LEVELS = {
    **dict.fromkeys(("一般", "一般隐患", "一般事故隐患"), HazardLevel.ORDINARY),
    **dict.fromkeys(("重大", "重大隐患", "重大事故隐患"), HazardLevel.MAJOR),
}
_DONE = _set(
    "已整改 已完成 完成 是 已治理 整改完成 已整改完毕 已销号 已复查 复查合格 合格 验收合格 已验收 "
    "已消除 已闭环 已处理 √ Y YES 已"
)
_OPEN = _set(
    "整改中 未整改 未完成 否 治理中 未治理 正在整改 待整改 待复查 逾期 逾期未整改 超期 超期未整改 "
    "未 × N NO 未处理"
)
_CLOSED_YES = _set("是 已销号 已 销号 √ Y YES")
_CLOSED_NO = _set("否 未销号 未 × N NO")
_PASS = _set("合格 复查合格 验收合格 通过 已整改 整改到位 已整改到位 已完成 符合要求")
_FAIL = _set("不合格 复查不合格 验收不合格 未通过 未整改 整改不到位 不符合要求")
_SOURCES = (
    ("执法", HazardSource.ENFORCEMENT),
    ("自查", HazardSource.SELF_REPORT),
    ("举报", HazardSource.COMPLAINT),
    ("交办", HazardSource.ASSIGNED),
    ("督查", HazardSource.ASSIGNED),
    ("移交", HazardSource.HANDED_OVER),
)
_MD_ONLY = re.compile(r"^\d{1,2}月\d{1,2}[日号]?$")
_DEADLINE_PREFIX = re.compile(r"^(?:限期|期限|限)")
_BEFORE = re.compile(r"(?:之前|以前|前)$")
_PEOPLE_SPLIT = re.compile(r"[,，、;；/\s]+")
_YUAN_HEADER = re.compile(r"[(（]\s*元\s*[)）]")
_COMPANY = re.compile(r"(?:股份)?有限(?:责任)?公司$")


def word(value: Any) -> str:
    """A cell as a comparable word: half-width, no spaces, upper case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell_text(value))).upper()


def parse_level(value: Any) -> HazardLevel | None:
    """一般/重大 from the spellings ledgers use; empty → None.

    Raises:
        CellError: Any other value (names it and lists the accepted ones).
    """
    t = word(value)
    if not t:
        return None
    if t in _LEVELS:
        return _LEVELS[t]
    raise CellError(
        f"隐患等级「{cell_text(value)}」无法识别：只能填写“一般”（也可写一般隐患、一般事故隐患）"
        "或“重大”（也可写重大隐患、重大事故隐患）。地方使用的“较大”“重点”等分级，"
        "请按国家标准改为一般或重大。"
    )


def parse_done(value: Any) -> bool | None:
    """整改状态: True rectified, False still open (逾期 included), None empty.

    Raises:
        CellError: A status the importer does not know.
    """
    t = word(value)
    if not t:
        return None
    if t in _DONE:
        return True
    if t in _OPEN:
        return False
    raise CellError(
        f"整改状态「{cell_text(value)}」无法识别：请填写“已整改”“整改中”“未整改”或“逾期”"
        "（是否整改可填“是/否”）。"
    )


def parse_yes_no(value: Any, label: str = "是否销号") -> bool | None:
    """是/否 columns (是否销号, 是否挂牌督办); empty → None.

    Raises:
        CellError: Neither yes nor no.
    """
    t = word(value)
    if not t:
        return None
    if t in _CLOSED_YES:
        return True
    if t in _CLOSED_NO:
        return False
    raise CellError(f"{label}「{cell_text(value)}」无法识别：请填写“是”或“否”。")


def parse_result(value: Any) -> bool | None:
    """复查结果: True passed, False failed, None empty or free text (kept as the opinion)."""
    t = word(value)
    if t in _PASS:
        return True
    if t in _FAIL:
        return False
    return None


def parse_source(value: Any) -> HazardSource:
    """隐患来源 by key words; anything else is a township inspection."""
    t = cell_text(value)
    for word, source in _SOURCES:
        if word in t:
            return source
    return HazardSource.TOWNSHIP_CHECK


def parse_funds(value: Any, *, yuan: bool) -> float | None:
    """Funds in 万元; ``yuan`` when the header says the column is in 元 (cell units win).

    Raises:
        CellError: Not a number, or negative.
    """
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(f"「{cell_text(value)}」不是金额：请填写数字。")
    in_yuan = yuan
    if isinstance(value, int | float):
        number = float(value)
    else:
        t = word(value).replace(",", "").removesuffix("RMB")
        if t.endswith("万元") or t.endswith("万"):
            t, in_yuan = t.removesuffix("元").removesuffix("万"), False
        elif t.endswith("元"):
            t, in_yuan = t.removesuffix("元"), True
        try:
            number = float(t)
        except ValueError:
            raise CellError(
                f"整改资金「{cell_text(value)}」不是数字：请只填写金额，例如 1.5（万元）。"
            ) from None
    if number < 0:
        raise CellError(f"整改资金「{cell_text(value)}」不能是负数。")
    return round(number / 10000 if in_yuan else number, 6)


def funds_in_yuan(header: str) -> bool:
    """True when a 整改资金 header says 元 (not 万元), e.g. "整改资金(元)"."""
    text = unicodedata.normalize("NFKC", header)
    return bool(_YUAN_HEADER.search(text)) or (text.endswith("元") and "万元" not in text)


def unit_type_of(kind: str, sector: str) -> tuple[UnitType, str]:
    """Type (and 九小场所 sub-type) of a unit to create, from 企业类型 and 行业分类; else 其他."""
    for text, sub in ((kind, sector), (sector, ""), (kind, "")):
        if not text:
            continue
        try:
            unit_type, subtype = parse_unit_type(text, sub)
        except CellError:
            continue
        if unit_type is UnitType.NINE_SMALL and subtype not in NINE_SMALL_SUBTYPES:
            subtype = "其他"
        return unit_type, subtype
    return UnitType.OTHER, ""


def same_township(text: str, township: str) -> bool:
    """True when a 所在镇 cell names the township ("润城" and "润城镇" are the same)."""
    a, b = text_key(text), text_key(township)
    return not b or a in b or b in a


def text_key(text: str) -> str:
    """Comparable text: half-width, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def unit_key(name: str) -> str:
    """Comparable unit name: half-width, no spaces, 有限公司/有限责任公司 → 公司."""
    return _COMPANY.sub("公司", text_key(name))


def split_people(text: str) -> tuple[str, ...]:
    """Names in a 复查人 cell ("王建国、李四")."""
    return tuple(p for p in _PEOPLE_SPLIT.split(text) if p)


def parse_day(
    value: Any, *, year: int | None, epoch: date | None, after: date | None
) -> date | None:
    """A date; "3月5日" takes ``year`` (or ``after``'s), rolling past the year end after ``after``.

    Raises:
        CellError: Not a date, or an impossible one.
    """
    year = year or (after.year if after else None)
    d = parse_date(value, year=year, epoch=epoch)
    md = isinstance(value, str) and _MD_ONLY.match(word(value))
    if d is not None and md and after is not None and d < after:
        try:
            d = d.replace(year=d.year + 1)
        except ValueError:  # 2月29日 in a year without one
            raise CellError(f"「{value}」不是有效的日期（没有这一天），请核对。") from None
    return d


def parse_deadline(
    value: Any, *, year: int | None, epoch: date | None, found: date | None
) -> tuple[DeadlineKind, int | None, date | None] | None:
    """(kind, days, date) of a 整改期限 cell: a date, "7日内", "7个工作日内", "立即", "当场".

    A bare whole number up to 365 is a number of calendar days; empty → None.

    Raises:
        CellError: None of these forms, or an impossible date.
    """
    if is_blank(value):
        return None
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if number and 0 < value <= 365 and float(value).is_integer():
        return DeadlineKind.CALENDAR_DAYS, int(value), None  # a bare number of days
    shown, cell = cell_text(value), value
    if isinstance(value, str):
        t = _DEADLINE_PREFIX.sub("", word(value))
        parsed = parse_deadline_text(t)
        if parsed is not None:
            return parsed[0], parsed[1] or None, None
        cell = _BEFORE.sub("", t)
    try:
        on = parse_day(cell, year=year, epoch=epoch, after=found)
    except CellError as exc:
        if "有效的日期" in str(exc):  # a date that does not exist (2025.2.30)
            raise CellError(f"整改期限「{shown}」不是有效的日期（没有这一天），请核对。") from None
        raise CellError(
            f"整改期限「{shown}」无法识别：请填写日期（如 2025-03-12）、"
            "“7日内”“15个工作日内”，或“立即”“当场”。"
        ) from None
    return DeadlineKind.DATE, None, on
