"""The low-level .xlsx table writer: layout, cell types, atomic replacement."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet import _writer as openpyxl_writer

from safetydesk.exporters.xlsx import Column, display_width, write_table

COLUMNS = [Column("名称"), Column("代码", text=True), Column("户数"), Column("备注")]
ROWS = [
    ["润城村", "140522102200", 1200, "=1+1"],
    ["上庄村", "013800", None, "含\x07控制字符"],
    ["一个非常非常非常非常非常非常非常非常非常非常非常非常长的名称", "", 7, ""],
]


def _write(path: Path, **kw: object) -> Path:
    return write_table(
        path, sheet="村(社区)", title="润城镇村(社区)名录", columns=COLUMNS, rows=ROWS, **kw
    )


def test_layout_and_cell_types(tmp_path: Path) -> None:
    path = _write(tmp_path / "out.xlsx")
    sh = load_workbook(path)["村(社区)"]
    assert sh["A1"].value == "润城镇村(社区)名录"
    assert [str(r) for r in sh.merged_cells.ranges] == ["A1:D1"]
    assert [c.value for c in sh[2]] == ["名称", "代码", "户数", "备注"]
    assert all(c.font.b for c in sh[2])
    assert sh.freeze_panes == "A3"
    assert sh.auto_filter.ref == "A2:D5"
    assert sh.print_title_rows == "$1:$2"
    # codes stay text with leading zeros; numbers stay numbers; a formula-like text stays text
    assert (sh["B3"].value, sh["B3"].data_type, sh["B3"].number_format) == (
        "140522102200",
        "s",
        "@",
    )
    assert (sh["B4"].value, sh["B4"].data_type) == ("013800", "s")
    assert (sh["C3"].value, sh["C3"].data_type) == (1200, "n")
    assert (sh["D3"].value, sh["D3"].data_type) == ("=1+1", "s")
    assert sh["D4"].value == "含控制字符"
    assert sh["C4"].value is None


def test_column_widths_fit_content(tmp_path: Path) -> None:
    sh = load_workbook(_write(tmp_path / "out.xlsx")).active
    widths = {k: sh.column_dimensions[k].width for k in "ABCD"}
    assert widths["A"] == 50  # capped
    assert widths["B"] == display_width("140522102200") + 2
    assert widths["C"] == 6  # minimum
    assert display_width("润城a") == 5


def test_failure_keeps_existing_file_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old contents")
    temp_files = len(openpyxl_writer.ALL_TEMP_FILES)

    def cancel(done: int, total: int) -> None:
        if done >= 1:
            raise KeyboardInterrupt  # any exception, even a BaseException

    rows = ROWS * 400  # several progress reports
    with pytest.raises(KeyboardInterrupt):
        write_table(target, sheet="s", title="t", columns=COLUMNS, rows=rows, progress=cancel)
    assert target.read_bytes() == b"old contents"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]
    assert len(openpyxl_writer.ALL_TEMP_FILES) == temp_files  # openpyxl's own temp file removed


def test_replaces_existing_file_and_creates_folder(tmp_path: Path) -> None:
    target = tmp_path / "exports" / "out.xlsx"
    _write(target)
    _write(target)
    assert [p.name for p in target.parent.iterdir()] == ["out.xlsx"]
    assert load_workbook(target).active["A3"].value == "润城村"


def test_empty_table(tmp_path: Path) -> None:
    path = write_table(tmp_path / "e.xlsx", sheet="s", title="t", columns=COLUMNS, rows=[])
    sh = load_workbook(path).active
    assert sh.max_row == 2 and sh.auto_filter.ref == "A2:D2"
