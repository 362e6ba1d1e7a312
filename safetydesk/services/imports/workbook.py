"""Opening a workbook for import and reading a sheet's values, bounded and in read-only mode.

- :func:`open_workbook` turns every way a file can fail to open into :class:`ImportRefused` with a
  Chinese message (old .xls, CSV, corrupt, locked, a part too large to unpack …) and opens it with
  openpyxl's read-only mode (``read_only=True, data_only=True``): cell values stream from the file,
  nothing is loaded as a full grid.
- :func:`sheet_rows` returns a sheet's values. A first pass over the sheet's XML
  (:func:`~safetydesk.services.imports.sheet_scan.scan_sheet`) bounds the used range (an oversize
  sheet is refused at once), lists the merged ranges (read-only mode has no ``merged_cells``) and
  the formulas saved without a result; then openpyxl reads exactly that range. Merged ranges are
  filled in (a 所属村 cell merged over several rows applies to each of them) and a formula with no
  result becomes :class:`~safetydesk.services.imports.cells.Uncomputed`, never an empty cell.

openpyxl is imported inside the functions that need it, so importing this module stays cheap.
"""

from __future__ import annotations

import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safetydesk.errors import ImportRefused
from safetydesk.oserrors import os_error_message
from safetydesk.services.imports.cells import Uncomputed, is_blank
from safetydesk.services.imports.sheet_scan import (
    MAX_PART_BYTES,
    SheetRefused,
    SheetScan,
    scan_sheet,
)

if TYPE_CHECKING:
    from datetime import datetime

    from openpyxl.reader.excel import ExcelReader


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


def refuse(message: str) -> ImportRefused:
    """An :class:`ImportRefused` carrying one file-level :class:`Problem`."""
    return ImportRefused([Problem(0, "", message)], message)


def _damaged(name: str, exc: BaseException) -> ImportRefused:
    return refuse(
        f"无法读取「{name}」：文件已损坏，或不是标准的 .xlsx 工作簿（{type(exc).__name__}）。"
        "请在 Excel 中打开该文件，另存为 .xlsx 后再导入。"
    )


class Sheet:
    """One worksheet of a :class:`Book` (title, visibility) and the scan of its XML."""

    def __init__(self, book: Book, ws: Any, part: str) -> None:
        self.book = book
        self.ws = ws
        self.part = part
        self.title: str = ws.title
        self.sheet_state: str = ws.sheet_state
        self._scan: SheetScan | None = None

    def scan(self) -> SheetScan:
        """Used range, merged ranges and unsaved formulas (read once, then kept).

        Raises:
            ImportRefused: The sheet is over the size limits, or its XML is damaged.
        """
        if self._scan is None:
            try:
                with self.book.archive.open(self.part) as src:
                    self._scan = scan_sheet(src, self.title)
            except SheetRefused as exc:
                raise refuse(str(exc)) from exc
            except (KeyError, OSError, zipfile.BadZipFile, EOFError) as exc:
                raise _damaged(self.book.name, exc) from exc
        return self._scan


class Book:
    """A workbook opened read-only by :func:`open_workbook`; :meth:`close` it when done.

    Attributes:
        worksheets: Its worksheets in order (chart sheets left out).
        active: The sheet Excel shows first (None when that is a chart sheet).
        epoch: Day 0 of its serial dates (1900 or 1904 system).
    """

    def __init__(self, path: Path, reader: ExcelReader) -> None:
        self.name = path.name
        self.archive = reader.archive
        self._wb = reader.wb
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parts = {s.name: str(rel.target) for s, rel in reader.parser.find_sheets()}
        active = reader.wb.active
        self.worksheets: list[Sheet] = []
        self.active: Sheet | None = None
        for ws in reader.wb.worksheets:
            sheet = Sheet(self, ws, parts.get(ws.title, ""))
            self.worksheets.append(sheet)
            if ws is active:
                self.active = sheet
        self.epoch: datetime = reader.wb.epoch

    def close(self) -> None:
        """Close the file."""
        self._wb.close()


def open_workbook(path: Path) -> Book:
    """Open an .xlsx/.xlsm workbook for reading (read-only; cached values of formulas).

    Raises:
        ImportRefused: The file is missing, is not an .xlsx workbook (old .xls, CSV, WPS, encrypted
            …), has a part too large to unpack, or cannot be read; the single problem says what
            to do.
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
    _check_parts(path)
    from openpyxl.reader.excel import ExcelReader

    try:
        with warnings.catch_warnings():
            # Files from Excel/WPS often carry extensions openpyxl does not support and warns about.
            warnings.simplefilter("ignore")
            reader = ExcelReader(path, read_only=True, data_only=True)
            reader.read()
            return Book(path, reader)
    except PermissionError as exc:
        raise refuse(
            f"无法读取文件「{name}」：没有权限，或文件正被其他程序占用。请关闭该文件后重试。"
        ) from exc
    except Exception as exc:  # openpyxl raises many kinds of error on a damaged file
        raise _damaged(name, exc) from exc


def _check_parts(path: Path) -> None:
    """Refuse a workbook one of whose XML parts would unpack to more than the limit."""
    try:
        with zipfile.ZipFile(path) as zf:
            big = [i for i in zf.infolist()
                   if i.filename.endswith(".xml") and i.file_size > MAX_PART_BYTES]  # fmt: skip
    except PermissionError as exc:
        raise refuse(
            f"无法读取文件「{path.name}」：没有权限，或文件正被其他程序占用。请关闭该文件后重试。"
        ) from exc
    except (OSError, zipfile.BadZipFile, EOFError) as exc:
        raise _damaged(path.name, exc) from exc
    if big:
        mb = big[0].file_size // (1024 * 1024)
        raise refuse(
            f"「{path.name}」中的 {big[0].filename} 解压后有 {mb} MB，超过了导入的上限"
            f"（{MAX_PART_BYTES // (1024 * 1024)} MB）。文件可能已损坏；如确是很大的表格，"
            "请把数据分成几个文件后再导入。"
        )


def sheet_rows(sheet: Sheet, *, max_row: int | None = None) -> list[list[Any]]:
    """Values of a sheet (row 1 first), every row as wide as the used range, merged ranges filled.

    Trailing empty rows are dropped. The value of a merged range's top-left cell is copied into
    every cell of the range, so merged titles, two-row headers and vertically merged data read
    like unmerged ones. A formula saved without its result is an
    :class:`~safetydesk.services.imports.cells.Uncomputed` (not blank, so it is reported).

    Args:
        sheet: A sheet of a workbook opened by :func:`open_workbook`.
        max_row: Read only the first ``max_row`` rows (header detection).

    Raises:
        ImportRefused: The sheet is over the size limits, or cannot be read.
    """
    scan = sheet.scan()
    n = scan.rows if max_row is None else min(scan.rows, max_row)
    width = scan.columns
    if n <= 0 or width <= 0:
        return []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = sheet.ws.iter_rows(min_row=1, max_row=n, min_col=1, max_col=width,
                                       values_only=True)  # fmt: skip
            rows = [list(r)[:width] for r in found][:n]
    except Exception as exc:  # openpyxl raises many kinds of error on a damaged sheet
        raise _damaged(sheet.book.name, exc) from exc
    for r in rows:
        r.extend([None] * (width - len(r)))
    rows.extend([None] * width for _ in range(n - len(rows)))
    for (ri, c), formula in scan.uncomputed.items():
        if ri < n and rows[ri][c] is None:
            rows[ri][c] = Uncomputed(formula)
    for top, left, bottom, right in scan.merges:
        if top >= n:
            continue
        value = rows[top][left]
        for ri in range(top, min(bottom, n)):
            rows[ri][left:right] = [value] * (right - left)
    while rows and all(is_blank(v) for v in rows[-1]):
        rows.pop()
    return rows
