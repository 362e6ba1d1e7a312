"""One streaming pass over a worksheet's XML: its used range, merged ranges and unsaved formulas.

openpyxl's read-only mode streams cell values, but it pads every row to the width asked for and
yields every missing row up to the last one (one stray cell at XFD1048576 would mean 17 billion
cells), it does not give the merged ranges, and with ``data_only=True`` a formula saved without its
result reads as an empty cell. :func:`scan_sheet` reads the sheet's XML once with expat callbacks
(no element tree is built, so memory stays flat whatever the file's size) and returns a
:class:`SheetScan`:

- the used range: the last row and column holding a value or a formula (cells that only carry a
  format do not count). The pass stops at the first cell beyond :data:`MAX_ROWS` /
  :data:`MAX_COLUMNS`, or as soon as the range exceeds :data:`MAX_CELLS`, and raises
  :class:`SheetRefused` naming the sheet, the cell and the limit;
- the merged ranges (``<mergeCell ref="A1:D1"/>``), clipped to the used range (a merge reaching
  below the last filled row adds nothing to read);
- the cells holding a formula with no cached result (a file written by a program and never opened
  in Excel or WPS), with the formula text.

The limits are far above a township's registers and ledgers (a few thousand rows, 20–40 columns)
and keep the grid the importer builds under about 100 MB.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import IO
from xml.parsers import expat

#: Rows a sheet may use (a 单位场所 register or hazard ledger of a township is a few thousand).
MAX_ROWS = 50_000
#: Columns a sheet may use (column GR).
MAX_COLUMNS = 200
#: Cells of the used range (rows × columns), e.g. 50 000 rows × 40 columns.
MAX_CELLS = 2_000_000
#: Largest uncompressed part of the workbook (sheet XML, shared strings) that is read.
MAX_PART_BYTES = 256 * 1024 * 1024

#: The spreadsheet namespaces: transitional (what Excel, WPS and openpyxl write) and strict.
_NAMESPACES = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
               "http://purl.oclc.org/ooxml/spreadsheetml/main")  # fmt: skip
#: Element name (as expat gives it with namespaces) → what it is; other elements are ignored.
_CELL, _VALUE, _FORMULA, _INLINE, _ROW, _MERGE = range(1, 7)
_TAGS = {f"{ns}}}{t}": i for ns in _NAMESPACES
         for t, i in (("c", _CELL), ("v", _VALUE), ("f", _FORMULA), ("is", _INLINE),
                      ("row", _ROW), ("mergeCell", _MERGE))}  # fmt: skip
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
#: Longest formula text quoted in a message.
_FORMULA_SHOWN = 60


class SheetRefused(Exception):
    """The sheet cannot be imported; ``str(err)`` is the Chinese message."""


@dataclass(frozen=True, slots=True)
class SheetScan:
    """What one pass over a sheet's XML found.

    Attributes:
        rows: Last row holding a value or formula (0 for an empty sheet).
        columns: Last column holding a value or formula.
        merges: Merged ranges clipped to the used range, as 0-based half-open
            ``(top, left, bottom, right)``; ranges of a single cell are left out.
        uncomputed: (0-based row, column) → formula text ("=B2*2"; "" for a shared formula's
            dependent cell) of each formula saved without its result.
    """

    rows: int
    columns: int
    merges: tuple[tuple[int, int, int, int], ...] = ()
    uncomputed: dict[tuple[int, int], str] = field(default_factory=dict)


def column_number(letters: str) -> int:
    """``"A"`` → 1, ``"AB"`` → 28."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def column_letters(n: int) -> str:
    """1 → ``"A"``, 28 → ``"AB"``."""
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def shown_formula(text: str) -> str:
    """The formula as a message quotes it: ``"=B2*2"``, shortened when long."""
    text = "=" + text if text and not text.startswith("=") else text
    return text if len(text) <= _FORMULA_SHOWN else text[: _FORMULA_SHOWN - 1] + "…"


class _Scanner:
    """The expat handlers of one pass: the used range so far and what was found."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.rows = 0
        self.columns = 0
        self.uncomputed: dict[tuple[int, int], str] = {}
        self.merges: list[str] = []
        self.row = 0  # the current <row> (1-based)
        self.cell_row = 0  # the current cell's row and column (1-based)
        self.col = 0
        self.kind = "n"  # its t="…"
        self.value = False  # it has a <v> element
        self.cached = False  # … with text (a saved value)
        self.formula: list[str] | None = None  # its <f> text, when it has one
        self.inline = False
        self.text = 0  # 1 inside <v>, 2 inside <f>

    def refuse(self, ref: str, reason: str) -> SheetRefused:
        return SheetRefused(
            f"工作表「{self.title}」太大，无法导入：{reason}（单元格 {ref} 还有内容）。"
            f"导入的上限是 {MAX_ROWS} 行、{MAX_COLUMNS} 列，共不超过 {MAX_CELLS} 个单元格。"
            "请在 Excel 或 WPS 中删除表格右侧和下方多余的行列（可能是误填的内容），"
            "或把数据分成几个文件后再导入。"
        )

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = _TAGS.get(name)
        if tag is None:
            return
        if tag == _CELL:
            ref = attrs.get("r")
            m = _REF.match(ref) if ref else None
            if m:
                self.col, self.cell_row = column_number(m[1]), int(m[2])
            else:
                self.col, self.cell_row = self.col + 1, self.row
            self.kind = attrs.get("t", "n")
            self.value = self.cached = self.inline = False
            self.formula = None
        elif tag == _VALUE:
            self.value, self.text = True, 1
        elif tag == _FORMULA:
            self.formula, self.text = [], 2
        elif tag == _INLINE:
            self.inline = True
        elif tag == _ROW:
            r = attrs.get("r")
            self.row = int(r) if r and r.isdigit() else self.row + 1
            self.col = 0
        elif tag == _MERGE:
            self.merges.append(attrs.get("ref", ""))

    def end(self, name: str) -> None:
        tag = _TAGS.get(name)
        if tag == _CELL:
            self.cell()
        elif tag in (_VALUE, _FORMULA):
            self.text = 0

    def data(self, text: str) -> None:
        if self.text == 1:
            self.cached = self.cached or bool(text)
        elif self.text == 2 and self.formula is not None and len(self.formula) < 8:
            self.formula.append(text)

    def cell(self) -> None:
        """Record the cell just read."""
        cached = self.cached or (self.value and self.kind == "str")
        formula = self.formula
        if not (cached or formula is not None or (self.inline and self.kind == "inlineStr")):
            return  # a cell with a format only
        row, col = self.cell_row, self.col
        if row > MAX_ROWS or col > MAX_COLUMNS:
            what = f"超过了 {MAX_ROWS} 行" if row > MAX_ROWS else f"超过了 {MAX_COLUMNS} 列"
            raise self.refuse(f"{column_letters(col)}{row}", f"有内容的区域{what}")
        rows, columns = max(self.rows, row), max(self.columns, col)
        if rows * columns > MAX_CELLS:
            raise self.refuse(
                f"{column_letters(col)}{row}",
                f"有内容的区域达到 {rows} 行 × {columns} 列，超过了 {MAX_CELLS} 个单元格",
            )
        self.rows, self.columns = rows, columns
        if formula is not None and not cached:
            self.uncomputed[(row - 1, col - 1)] = shown_formula("".join(formula))


def _merge(ref: str, rows: int, columns: int) -> tuple[int, int, int, int] | None:
    """``"A1:D3"`` → 0-based half-open box clipped to the used range; None when nothing is left."""
    a, _, b = ref.partition(":")
    ma, mb = _REF.match(a.strip()), _REF.match(b.strip() or a.strip())
    if not (ma and mb):
        return None
    top, bottom = sorted((int(ma[2]), int(mb[2])))
    left, right = sorted((column_number(ma[1]), column_number(mb[1])))
    bottom, right = min(bottom, rows), min(right, columns)
    if top > bottom or left > right or (top == bottom and left == right):
        return None
    return top - 1, left - 1, bottom, right


def scan_sheet(source: IO[bytes], title: str) -> SheetScan:
    """Scan a sheet's XML (an open binary stream) once.

    Raises:
        SheetRefused: The used range is over a limit (at the first cell beyond it), the merged
            ranges overlap, or the XML is not well formed or declares a DTD (a damaged file).
    """
    scan = _Scanner(title)
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.CharacterDataHandler = scan.data
    damaged = SheetRefused(
        f"工作表「{title}」的内容无法读取：文件已损坏，或不是标准的 .xlsx 工作簿。"
        "请在 Excel 或 WPS 中打开该文件，另存为 .xlsx 后再导入。"
    )

    def no_dtd(*_args: object) -> None:
        raise damaged  # a worksheet has no DTD; entities could make it expand without bound

    parser.StartDoctypeDeclHandler = no_dtd
    try:
        parser.ParseFile(source)
    except expat.ExpatError as exc:
        raise damaged from exc
    boxes = tuple(b for ref in scan.merges if (b := _merge(ref, scan.rows, scan.columns)))
    if sum((b[2] - b[0]) * (b[3] - b[1]) for b in boxes) > scan.rows * scan.columns:
        raise SheetRefused(
            f"工作表「{title}」的合并单元格互相重叠，文件可能已损坏。"
            "请在 Excel 或 WPS 中打开该文件，取消合并后重新合并，另存为 .xlsx 后再导入。"
        )
    return SheetScan(scan.rows, scan.columns, boxes, scan.uncomputed)
