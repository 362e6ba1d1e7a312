"""Low-level .xlsx writer of one titled table (openpyxl only; no database, no services).

Used by :class:`safetydesk.services.exports.ExportService` for the register lists. The sheet has
a merged title row, a bold header row with an autofilter, frozen panes below the header, column
widths fitted to the content, text-formatted columns where leading zeros matter, and page setup
for printing (landscape, fit to width, header repeated). The file is written to a temporary file
in the target folder and moved into place at the end, so a failure or a cancel never leaves a
partial file and never damages an existing one.
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from safetydesk.paths import write_atomic

#: A cell value: text, whole number or empty.
Value = str | int | float | None
#: Rows between two progress reports.
PROGRESS_EVERY = 500
#: Column width limits (Excel character units).
MIN_WIDTH, MAX_WIDTH = 6.0, 50.0

_TITLE_FONT = Font(bold=True, size=14)
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_THIN = Side(style="thin", color="999999")
_HEADER_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the table.

    Attributes:
        header: Header text.
        text: Format the column as text ("@"): codes and phone numbers keep leading zeros and
            all 18 digits when the user edits them in Excel.
    """

    header: str
    text: bool = False


def display_width(text: str) -> int:
    """Width of text in Excel character units (CJK characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _widths(columns: Sequence[Column], rows: Sequence[Sequence[Value]]) -> list[float]:
    widths = [float(display_width(c.header)) for c in columns]
    for row in rows:
        for i, value in enumerate(row):
            if value is not None and value != "":
                longest = max(display_width(line) for line in str(value).splitlines() or [""])
                widths[i] = max(widths[i], float(longest))
    return [min(max(w + 2, MIN_WIDTH), MAX_WIDTH) for w in widths]


def _clean(value: Value) -> Value:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def write_table(
    path: Path,
    *,
    sheet: str,
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Value]],
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Write a one-sheet workbook with a title row, a header row and the rows.

    Strings are always written as text cells (never as numbers or formulas, even when they look
    like one), whole numbers as numbers.

    Args:
        path: Target file; replaced atomically at the end.
        sheet: Sheet name.
        title: Text of the merged title row above the header.
        columns: The columns, in order.
        rows: Cell values, one sequence per row, as long as ``columns``.
        progress: Called with ``(done, total)`` rows; may raise to cancel (no file is left).

    Returns:
        ``path``.

    Raises:
        OSError: The folder cannot be written or the target is locked (nothing is changed).
    """
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])
    ncols = len(columns)
    last = get_column_letter(max(ncols, 1))
    for i, width in enumerate(_widths(columns, rows), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.row_dimensions[1].height = 30
    ws.freeze_panes = "A3"
    ws.print_title_rows = "1:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if ncols > 1:
        ws.merged_cells.add(f"A1:{last}1")
    ws.auto_filter.ref = f"A2:{last}{len(rows) + 2}"

    title_cell = WriteOnlyCell(ws, _clean(title))
    title_cell.font = _TITLE_FONT
    title_cell.alignment = _CENTER
    title_cell.data_type = "s"
    ws.append([title_cell])
    header = []
    for c in columns:
        cell = WriteOnlyCell(ws, _clean(c.header))
        cell.data_type = "s"
        cell.font, cell.fill, cell.border, cell.alignment = (
            _HEADER_FONT, _HEADER_FILL, _HEADER_BORDER, _CENTER,
        )  # fmt: skip
        header.append(cell)
    ws.append(header)

    text_cols = [i for i, c in enumerate(columns) if c.text]
    total = len(rows)
    try:
        for n, row in enumerate(rows):
            if progress and n % PROGRESS_EVERY == 0:
                progress(n, total)
            cells: list[Any] = []
            for i, value in enumerate(row):
                value = _clean(value)
                if isinstance(value, str) and (value.startswith("=") or i in text_cols):
                    cell = WriteOnlyCell(ws, value)
                    cell.data_type = "s"  # never a formula
                    if i in text_cols:
                        cell.number_format = "@"
                    cells.append(cell)
                else:
                    cells.append(value)
            ws.append(cells)
        if progress:
            progress(total, total)
        return save_atomic(wb, path)
    except BaseException:
        _discard(ws)
        raise


def save_atomic(wb: Workbook, path: Path) -> Path:
    """Save ``wb`` to a temporary file beside ``path``, then move it over ``path``.

    On any failure the temporary file is removed and an existing ``path`` is left untouched.
    """
    return write_atomic(path, wb.save)


def _discard(ws: Any) -> None:
    """Remove openpyxl's own temporary file of a write-only sheet that will never be saved."""
    rows = getattr(ws, "_rows", None)
    if rows is not None:
        with contextlib.suppress(Exception):
            rows.close()  # ends the sheet stream cleanly
    writer = getattr(ws, "_writer", None)
    if writer is not None:
        with contextlib.suppress(Exception):
            writer.close()
        with contextlib.suppress(Exception):
            writer.cleanup()
