"""Reading helpers for spreadsheet imports: open a workbook, find the header, walk the data rows.

Generic on purpose: the register import (:mod:`safetydesk.services.imports.registers`) and the
hazard-ledger import (:mod:`safetydesk.services.imports.hazards`) both use them. Nothing here knows
about a particular register.

- :func:`open_workbook` and :func:`sheet_rows` (from :mod:`.workbook`, re-exported here) open a file
  read-only, refuse oversize sheets at once and return a sheet's values with merged ranges filled
  in; a formula saved without its result is an :class:`~.cells.Uncomputed` value.
- :func:`find_header` finds the header row (or a two-row header) among the first rows by matching
  cells against ``{field: (accepted headers…)}``, after normalising full-width brackets, spaces and
  required-field marks.
- :func:`data_rows` walks the rows under the header; a row with an uncomputed formula in a column
  that is imported is reported, not read.

Cell values are parsed by :mod:`.cells`. openpyxl is imported inside the functions that need it,
so importing this module stays cheap.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from safetydesk.services.imports.cells import Uncomputed, is_blank, uncomputed_message
from safetydesk.services.imports.workbook import (
    Book,
    Problem,
    Sheet,
    open_workbook,
    refuse,
    sheet_rows,
)

__all__ = [
    "HEADER_SCAN_ROWS", "Book", "HeaderMatch", "Problem", "Sheet", "data_rows", "duplicate_problems",
    "find_header", "is_total_row", "normalize_header", "open_workbook", "refuse", "sheet_rows",
]  # fmt: skip

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


def data_rows(
    rows: Sequence[Sequence[Any]],
    first: int,
    match: HeaderMatch,
    skipped: list[int],
    progress: Callable[[int, int], None] | None = None,
    every: int = 200,
    *,
    problems: list[Problem],
) -> Iterator[tuple[int, dict[str, Any]]]:
    """The data rows under a header: ``(Excel row number, field → cell value)``.

    Left out, and their numbers appended to ``skipped``: blank rows between data (a row holding
    only a pre-filled 序号 counts as blank; trailing blank rows are not reported), 合计/总计 rows,
    repeated header rows, and rows with text only outside the known columns (a section title such
    as "一、工贸企业", or "填表人：…").

    Left out and reported in ``problems`` instead: a row with a formula saved without its result
    (:class:`~.cells.Uncomputed`) in a column that is imported, one problem per such cell.

    Args:
        rows: Sheet values below the header.
        first: Excel row number of ``rows[0]``.
        match: The header found.
        skipped: Receives the numbers of the rows left out.
        progress: Called with ``(done, total)`` every ``every`` rows and at the end; may raise
            :class:`~safetydesk.errors.Cancelled`.
        problems: Receives the uncomputed formulas.
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
        unknown = sorted((cols[f], f, v) for f, v in cells.items() if isinstance(v, Uncomputed))
        if unknown:
            problems += [Problem(number, match.headers[f], uncomputed_message(v))
                         for _c, f, v in unknown]  # fmt: skip
            continue
        yield number, cells
    if progress:
        progress(total, total)
