"""Reading helpers for spreadsheet imports: open a workbook, find the header, parse cells.

Generic on purpose: the register import (:mod:`safetydesk.services.imports.registers`) uses them today and the
hazard-ledger import will reuse them. Nothing here knows about a particular register.

- :func:`open_workbook` turns every way a file can fail to open into :class:`ImportRefused` with a
  Chinese message (old .xls, CSV, corrupt, locked …).
- :func:`sheet_rows` returns a sheet's values with merged ranges filled in (a 所属村 cell merged
  over several rows applies to each of them).
- :func:`find_header` finds the header row (or a two-row header) among the first rows by matching
  cells against ``{field: (accepted headers…)}``, after normalising full-width brackets, spaces and
  required-field marks.
- :func:`cell_text`, :func:`code_text`, :func:`parse_int` and :func:`parse_date` turn cell values
  into clean Python values or raise :class:`CellError` with a message that says how to fix the cell.

openpyxl is imported inside the functions that need it, so importing this module stays cheap.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safetydesk.errors import ImportRefused
from safetydesk.oserrors import os_error_message
from safetydesk.services.imports.cells import is_blank

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

#: How many rows from the top are searched for the header.
HEADER_SCAN_ROWS = 10
#: First-cell texts of a total row, which is skipped.
TOTAL_WORDS = ("合计", "总计", "小计")
#: Headers that are expected but carry no data (not reported as "ignored").
SILENT_HEADERS = frozenset({"序号", "编号", "no", "no.", "#"})
#: Separator shown between the two parts of a two-row header ("联系人·电话").
TWO_ROW_SEPARATOR = "·"

_SPACES = re.compile(r"\s+")
_HEADER_NOISE = re.compile(r"[\s*※:]")
_TRAILING_PAREN = re.compile(r"\([^()]*\)$")


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found while reading a spreadsheet; nothing is written while any exists.

    Attributes:
        row: Row number as Excel shows it (1-based); 0 for a problem of the whole file.
        column: Header text of the offending column as found in the file ("" for a whole row/file).
        message: Chinese text: what is wrong and how to fix it.
    """

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第 {self.row} 行" if self.row else "文件"
        if self.column:
            where += f"「{self.column}」"
        return f"{where}：{self.message}"


# -- opening ---------------------------------------------------------------------------------------
def refuse(message: str) -> ImportRefused:
    """An :class:`ImportRefused` carrying one file-level :class:`Problem`."""
    return ImportRefused([Problem(0, "", message)], message)


def open_workbook(path: Path) -> Workbook:
    """Open an .xlsx/.xlsm workbook for reading (cached values of formulas, merged ranges kept).

    Raises:
        ImportRefused: The file is missing, is not an .xlsx workbook (old .xls, CSV, WPS, encrypted
            …) or cannot be read; the single problem says what to do.
    """
    name = path.name
    if path.is_dir():
        raise refuse(f"找不到文件「{path}」：这是一个文件夹，不是文件。请选择文件夹中的 .xlsx 文件。")
    if not path.is_file():
        raise refuse(f"找不到文件「{path}」。请检查文件是否已被移动或删除。")
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as f:
            magic = f.read(8)
    except OSError as exc:
        raise refuse(
            os_error_message(exc, path, action="读取") + "如果该文件正在 Excel 中打开，请先关闭它。"
        ) from exc
    if suffix in (".xls", ".et") or magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise refuse(
            f"「{name}」是旧版 Excel（.xls）格式或设置了打开密码，无法直接导入。"
            "请在 Excel 中另存为 .xlsx 后再导入（如有密码，请先取消密码）。"
        )
    if suffix in (".csv", ".txt"):
        raise refuse(f"「{name}」是文本/CSV 文件。请在 Excel 中打开后另存为 .xlsx 后再导入。")
    if not magic.startswith(b"PK"):
        raise refuse(
            f"「{name}」不是 Excel 工作簿（.xlsx）。请选择 .xlsx 文件，"
            "或在 Excel 中另存为 .xlsx 后再导入。"
        )
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # Files from Excel/WPS often carry extensions openpyxl does not support and warns about.
            warnings.simplefilter("ignore")
            return load_workbook(path, data_only=True)
    except PermissionError as exc:
        raise refuse(
            f"无法读取文件「{name}」：没有权限，或文件正被其他程序占用。请关闭该文件后重试。"
        ) from exc
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        raise refuse(
            f"无法读取「{name}」：文件已损坏，或不是标准的 .xlsx 工作簿（{type(exc).__name__}）。"
            "请在 Excel 中打开该文件，另存为 .xlsx 后再导入。"
        ) from exc


def sheet_rows(ws: Worksheet, *, max_row: int | None = None) -> list[list[Any]]:
    """Values of a sheet (row 1 first), every row as long as the widest, merged ranges filled.

    Trailing empty rows are dropped. The value of a merged range's top-left cell is copied into
    every cell of the range, so merged titles, two-row headers and vertically merged data read
    like unmerged ones.

    Args:
        ws: A worksheet of a workbook opened by :func:`open_workbook`.
        max_row: Read only the first ``max_row`` rows (header detection).
    """
    rows = [list(r) for r in ws.iter_rows(max_row=max_row, values_only=True)]
    width = max((len(r) for r in rows), default=0)
    for r in rows:
        r.extend([None] * (width - len(r)))
    for rng in ws.merged_cells.ranges:
        top, left = rng.min_row - 1, rng.min_col - 1
        if top >= len(rows) or left >= width:
            continue
        value = rows[top][left]
        for ri in range(top, min(rng.max_row, len(rows))):
            for c in range(left, min(rng.max_col, width)):
                rows[ri][c] = value
    while rows and all(is_blank(v) for v in rows[-1]):
        rows.pop()
    return rows


# -- headers ---------------------------------------------------------------------------------------
def normalize_header(text: Any) -> str:
    """Comparable header: full-width → half-width, no spaces, no ``*``/``:``, lower case."""
    s = unicodedata.normalize("NFKC", str(text))
    return _HEADER_NOISE.sub("", s).lower()


@dataclass(frozen=True, slots=True)
class HeaderMatch:
    """Where the header is and which column holds which field.

    Attributes:
        first_row: First header row (1-based).
        row: Last header row (1-based); data starts on the next row.
        columns: Field → 0-based column index.
        headers: Field → header text as shown in the file (two-row headers as "联系人·电话").
        ignored: Non-empty headers not matched to any field, in column order.
        duplicates: (header text, column taken, column left) of each column whose header names
            a field another column already holds (0-based columns): its data would be dropped.
    """

    first_row: int
    row: int
    columns: dict[str, int]
    headers: dict[str, str]
    ignored: list[str]
    duplicates: tuple[tuple[str, int, int], ...] = ()

    @property
    def score(self) -> int:
        """Number of fields found."""
        return len(self.columns)


class _Lookup:
    """Accepted headers of every field, normalised, with their tier (0 = the label itself)."""

    def __init__(self, fields: Mapping[str, Iterable[str]]) -> None:
        self.exact: dict[str, list[tuple[int, str]]] = {}
        for field, accepted in fields.items():
            for i, header in enumerate(accepted):
                key = normalize_header(header)
                if key:
                    self.exact.setdefault(key, []).append((0 if i == 0 else 1, field))

    def match(self, text: str) -> list[tuple[int, str]]:
        """(tier, field) pairs a header text matches; tier 2 = matched after dropping "(单位)"."""
        key = normalize_header(text)
        found = list(self.exact.get(key, ()))
        stripped = _TRAILING_PAREN.sub("", key)
        if stripped and stripped != key:
            found += [(2, f) for _, f in self.exact.get(stripped, ())]
        return found


def _header_cell(value: Any) -> str:
    return _SPACES.sub(" ", value).strip() if isinstance(value, str) else ""


def _layout(rows: Sequence[Sequence[Any]], top: int, height: int, lookup: _Lookup) -> HeaderMatch:
    """Match the header occupying rows ``top`` … ``top + height - 1`` (0-based)."""
    width = max((len(rows[r]) for r in range(top, top + height)), default=0)
    # (tier, candidate rank, column, field, shown text)
    matches: list[tuple[int, int, int, str, str]] = []
    shown: dict[int, str] = {}
    for c in range(width):
        parts = [
            _header_cell(rows[r][c]) if c < len(rows[r]) else "" for r in (top, top + height - 1)
        ]
        parent, child = parts
        if height == 1 or parent == child or not child:
            candidates = [(parent, parent)]
        elif not parent:
            candidates = [(child, child)]
        else:
            both = f"{parent}{TWO_ROW_SEPARATOR}{child}"
            candidates = [(parent + child, both), (child, both), (parent, both)]
        shown[c] = candidates[0][1]
        for rank, (text, display) in enumerate(candidates):
            if text:
                for tier, field in lookup.match(text):
                    matches.append((tier, rank, c, field, display))
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    for _tier, _rank, c, field, display in sorted(matches):
        if field not in columns and c not in columns.values():
            columns[field] = c
            headers[field] = display
    used = set(columns.values())
    duplicates = []
    for c in range(width):
        if c in used:
            continue
        taken = [columns[f] for tier, _rank, col, f, _d in sorted(matches) if col == c and tier < 2
                 and f in columns and normalize_header(shown[columns[f]]) == normalize_header(shown[c])]  # fmt: skip
        if taken:
            duplicates.append((shown[c], taken[0], c))
    left = {c for _text, _first, c in duplicates}
    ignored: list[str] = []
    for c in range(width):
        text = shown[c]
        if (
            c not in used
            and c not in left
            and text
            and text not in ignored
            and normalize_header(text) not in SILENT_HEADERS
        ):
            ignored.append(text)
    return HeaderMatch(top + 1, top + height, columns, headers, ignored, tuple(duplicates))


def duplicate_problems(match: HeaderMatch, sheet: str) -> list[Problem]:
    """A refusal per column that repeats another column's header (its values would be lost)."""
    from openpyxl.utils import get_column_letter

    return [
        Problem(0, text, (
            f"工作表「{sheet}」的表头（第 {match.row} 行）中，{get_column_letter(first + 1)} 列和 "
            f"{get_column_letter(c + 1)} 列都是「{text}」，只能导入其中一列，另一列的内容会丢失。"
            "请删除重复的列，或把它改成其他列名后再导入。"
        ))  # fmt: skip
        for text, first, c in match.duplicates
    ]


def _rank(m: HeaderMatch) -> tuple[int, int]:
    """More fields first; on a tie, a one-row header beats a pair (a title row is not a parent)."""
    return m.score, m.first_row - m.row


def find_header(
    rows: Sequence[Sequence[Any]],
    fields: Mapping[str, Iterable[str]],
    *,
    scan: int = HEADER_SCAN_ROWS,
) -> HeaderMatch | None:
    """Find the header in the first ``scan`` rows: the row (or pair of rows) matching most fields.

    A title row above the header (merged or not) is passed over. A two-row header (a parent cell
    merged over child cells, e.g. 联系人 over 姓名/电话) is tried for each pair of rows; it wins
    only when it matches more fields than either row alone. Each field is taken by one column
    and each column gives one field; the label itself beats a synonym, which beats a match after
    dropping a trailing "(单位)".

    Args:
        rows: Sheet values, row 1 first (see :func:`sheet_rows`).
        fields: Field name → accepted header texts, the preferred (label) first.
        scan: How many rows from the top may hold the header.

    Returns:
        The best match, or ``None`` when no row matches any field.
    """
    lookup = _Lookup(fields)
    best: HeaderMatch | None = None
    limit = min(scan, len(rows))
    for top in range(limit):
        for height in (1, 2):
            if top + height > len(rows):
                continue
            m = _layout(rows, top, height, lookup)
            if m.score and (best is None or _rank(m) > _rank(best)):
                best = m
    return best


# -- rows ------------------------------------------------------------------------------------------
def is_total_row(row: Sequence[Any]) -> bool:
    """True when the row's first non-empty cell says 合计/总计/小计 (a totals row, not data)."""
    for value in row:
        if is_blank(value):
            continue
        text = _SPACES.sub("", str(value))
        return text in TOTAL_WORDS or text.startswith(
            tuple(w + s for w in TOTAL_WORDS for s in ":：")
        )
    return False


# -- cells -----------------------------------------------------------------------------------------


def data_rows(
    rows: Sequence[Sequence[Any]],
    first: int,
    match: HeaderMatch,
    skipped: list[int],
    progress: Callable[[int, int], None] | None = None,
    every: int = 200,
) -> Iterator[tuple[int, dict[str, Any]]]:
    """The data rows under a header: ``(Excel row number, field → cell value)``.

    Left out, and their numbers appended to ``skipped``: blank rows between data (a row holding
    only a pre-filled 序号 counts as blank; trailing blank rows are not reported), 合计/总计 rows,
    repeated header rows, and rows with text only outside the known columns (a section title such
    as "一、工贸企业", or "填表人：…").

    Args:
        rows: Sheet values below the header.
        first: Excel row number of ``rows[0]``.
        match: The header found.
        skipped: Receives the numbers of the rows left out.
        progress: Called with ``(done, total)`` every ``every`` rows and at the end; may raise
            :class:`~safetydesk.errors.Cancelled`.
    """
    cols = match.columns
    keys = {f: normalize_header(h) for f, h in match.headers.items()}
    blanks: list[int] = []
    total = len(rows)
    for i, row in enumerate(rows):
        if progress and i % every == 0:
            progress(i, total)
        number = first + i
        cells = {f: row[c] if c < len(row) else None for f, c in cols.items()}
        blank = all(is_blank(v) for v in cells.values())
        if blank and all(is_blank(v) or type(v) in (int, float) for v in row):
            blanks.append(number)
            continue
        skipped.extend(blanks)
        blanks = []
        repeated = all(normalize_header(v) == keys[f] for f, v in cells.items() if not is_blank(v))
        if blank or repeated or is_total_row(row):
            skipped.append(number)
            continue
        yield number, cells
    if progress:
        progress(total, total)
