"""Reading single spreadsheet cells: text, codes, whole numbers and dates as offices write them.

Used by the sheet reader (:mod:`safetydesk.services.imports.sheets`) and the row mappers; a value
that cannot be used raises :class:`CellError` with a Chinese message saying how to fix it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

_SPACES = re.compile(r"\s+")
_SCI = re.compile(r"^[+-]?\d+(\.\d+)?[eE][+]?\d+$")
_INT_TEXT = re.compile(r"^[+-]?\d+$")
_INT_UNITS = "个户人组名家处间"
_YMD = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"
    r"(?:[\sT]+\d{1,2}[:：]\d{2}(?:[:：]\d{2}(?:\.\d+)?)?)?$"
)
_MD = re.compile(r"^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
#: Excel serial numbers of 1950-01-01 and 2100-12-31 (a number outside is not taken for a date).
_SERIAL_MIN, _SERIAL_MAX = 18264, 73415
_EXCEL_1900 = date(1899, 12, 30)
_EXCEL_1904 = date(1904, 1, 1)


class CellError(ValueError):
    """A cell value cannot be used; ``str(err)`` says why and how to fix it (Chinese)."""


@dataclass(frozen=True, slots=True)
class Uncomputed:
    """A formula cell saved without its result (the file was written by a program and never
    opened in Excel or WPS): its value is unknown, so it is reported, never read as empty.

    Not blank (:func:`is_blank` is false), but false in a truth test so that texts gathered from
    title rows leave it out; ``str()`` is the formula.
    """

    formula: str

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        return self.formula


def uncomputed_message(value: Uncomputed) -> str:
    """The problem text of a formula without a result."""
    shown = f"「{value.formula}」" if value.formula else ""
    return (
        f"这一格是公式{shown}，文件中没有保存它的计算结果（文件可能由其他程序生成，"
        "从未在 Excel 或 WPS 中打开过），无法知道它的值。请在 Excel 或 WPS 中打开这个文件并保存，"
        "然后再导入。"
    )


def _shown(value: Any) -> str:
    return cell_text(value) if not isinstance(value, float) else f"{value:.15g}"


def cell_text(value: Any) -> str:
    """Trimmed text of a cell: ``12.0`` → ``"12"``, a date → ``"2025-03-05"``, None → ``""``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.15g}"
    if isinstance(value, datetime):
        if value.time() == datetime.min.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def code_text(value: Any) -> str:
    """Text of a code or phone number, recovering digits that Excel stored as a number.

    ``1.40522102200e11`` (a number cell, or its scientific text) becomes ``"140522102200"``;
    spaces inside are removed.

    Raises:
        CellError: The number is too long for Excel to have kept every digit (over 15).
    """
    lost = (
        "Excel 把它当作数字保存，超过 15 位的数字已经丢失。请把这一列设置为“文本”格式，"
        "重新填写完整的号码后再导入。"
    )
    if isinstance(value, bool):
        raise CellError(f"「{cell_text(value)}」不是号码，请填写数字。")
    if isinstance(value, int):
        if abs(value) >= 10**15:
            raise CellError(f"号码「{value}」{lost}")
        return str(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(
                f"「{value:.15g}」不是完整的号码（带小数）。请填写完整号码，例如 13800001234。"
            )
        if abs(value) >= 1e15:
            raise CellError(f"号码「{value:.15g}」{lost}")
        return str(int(value))
    text = _SPACES.sub("", cell_text(value))
    if _SCI.match(text):
        try:
            number = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the regex admits only valid numbers
            return text
        if number != number.to_integral_value() or len(number.normalize().as_tuple().digits) > 15:
            raise CellError(f"号码「{text}」{lost}")
        return str(int(number))
    return text


def parse_int(value: Any) -> int | None:
    """Whole number of a cell: ``12``, ``12.0``, ``"12"``, ``"1,200"``, ``"12户"``; empty → None.

    Raises:
        CellError: Not a whole number.
    """
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(f"「{cell_text(value)}」不是数字：请填写整数，例如 12。")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellError(f"「{value:.15g}」不是整数：请填写整数，例如 12。")
    text = _SPACES.sub("", unicodedata.normalize("NFKC", cell_text(value))).replace(",", "")
    text = text.rstrip(_INT_UNITS)
    if _INT_TEXT.match(text):
        return int(text)
    try:
        number = float(text)
    except ValueError:
        number = None
    if number is not None and number.is_integer():
        return int(number)
    raise CellError(f"「{cell_text(value)}」不是整数：请只填写阿拉伯数字，例如 12。")


def parse_date(value: Any, *, year: int | None = None, epoch: date | None = None) -> date | None:
    """Date of a cell; empty → None.

    Accepts date cells, Excel serial numbers (1950–2100), ``2025-03-05``, ``2025/3/5``,
    ``2025.3.5``, ``2025年3月5日`` (also with a time after it), ``20250305``, and ``3月5日`` when
    ``year`` is given.

    Args:
        value: The cell value.
        year: Year for texts without one (``3月5日``); without it such texts are refused.
        epoch: Day 0 of the workbook's serial numbers (``wb.epoch``); the 1900 system by default.

    Raises:
        CellError: Not a date, or an impossible one (2025-02-30).
    """
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, timedelta | bool):
        raise CellError(f"「{_shown(value)}」不是日期：请填写日期，例如 2025-03-05。")
    if isinstance(value, int | float):
        if _SERIAL_MIN <= value <= _SERIAL_MAX:
            base = _EXCEL_1904 if epoch is not None and epoch.year == 1904 else _EXCEL_1900
            return base + timedelta(days=int(value))
        raise CellError(f"「{_shown(value)}」不是日期：请填写日期，例如 2025-03-05。")
    text = _SPACES.sub(" ", unicodedata.normalize("NFKC", cell_text(value))).strip()
    parts: tuple[int, int, int] | None = None
    if m := (_YMD.match(text) or _COMPACT.match(text)):
        parts = (int(m[1]), int(m[2]), int(m[3]))
    elif m := _MD.match(text):
        if year is None:
            raise CellError(f"「{cell_text(value)}」缺少年份：请写完整日期，例如 2025年3月5日。")
        parts = (year, int(m[1]), int(m[2]))
    if parts is None:
        raise CellError(
            f"「{cell_text(value)}」不是日期：请写成 2025-03-05、2025.3.5 或 2025年3月5日。"
        )
    try:
        return date(*parts)
    except ValueError as exc:
        raise CellError(f"「{cell_text(value)}」不是有效的日期（没有这一天），请核对。") from exc


def is_blank(value: Any) -> bool:
    """True for an empty cell (None or only whitespace)."""
    return value is None or (isinstance(value, str) and not value.strip())
