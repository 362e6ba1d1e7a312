"""The sheet reader of both imports: read-only, bounded, merged ranges, formulas without results.

Oversize files are refused in a child process whose address space is limited (RLIMIT_AS), through
the real CLI, so a regression to loading the full grid fails with MemoryError or the time limit.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from safetydesk.domain.common import Village
from safetydesk.errors import ImportRefused
from safetydesk.services import Workspace
from safetydesk.services.imports import sheets
from safetydesk.services.imports.cells import Uncomputed
from safetydesk.services.imports.sheet_scan import MAX_CELLS, MAX_COLUMNS, MAX_ROWS

ROOT = Path(__file__).resolve().parents[2]
#: Address space of the child process: the interpreter with openpyxl needs about 250 MB.
CHILD_MEMORY = 400 * 1024 * 1024
#: Seconds an oversize file may take to be refused (the whole child process, start-up included).
REFUSE_WITHIN = 5.0
LEDGER_HEADER = ["序号", "检查日期", "单位名称", "所属村(社区)", "隐患描述", "隐患等级", "整改期限"]


def book(path: Path, rows: list[list[Any]], **cells: Any) -> Path:
    """A workbook with ``rows`` from A1 and single ``cells`` (``XFD1048576="x"``)."""
    wb = Workbook()
    sh = wb.active
    for r in rows:
        sh.append(r)
    for ref, value in cells.items():
        sh[ref] = value
    wb.save(path)
    return path


def patch_sheet(path: Path, fn: Any) -> Path:
    """Rewrite the first sheet's XML of ``path`` with ``fn(xml) -> xml``."""
    name = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    parts[name] = fn(parts[name].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    return path


def run_limited(db: Path, *args: str) -> tuple[int, str, float]:
    """``safetydesk --db DB *args`` in a child with limited memory: (exit code, output, seconds)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY, CHILD_MEMORY))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "safetydesk", "--db", str(db), *args],
        preexec_fn=limit, capture_output=True, text=True, timeout=120, env=env, check=False,
    )  # fmt: skip
    return done.returncode, done.stdout + done.stderr, time.perf_counter() - start


def messages(ws: Workspace, path: Path, kind: str = "units") -> list[str]:
    """The problems of planning ``path`` (a refused file's too)."""
    try:
        plan = ws.hazard_imports.plan(path) if kind == "hazards" else ws.imports.plan(kind, path)
    except ImportRefused as exc:
        return [str(p) for p in exc.problems]
    return [str(p) for p in plan.problems]


# -- oversize sheets ------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["units", "hazards"])
def test_a_tiny_file_with_a_cell_at_xfd1048576_is_refused_at_once(
    ws: Workspace, db_file: Path, village: Village, tmp_path: Path, kind: str
) -> None:
    path = book(tmp_path / "far.xlsx", [["单位场所名称", "所属村(社区)"], ["示例店", "润城村"]],
                XFD1048576="x")  # fmt: skip
    assert path.stat().st_size < 6 * 1024
    with zipfile.ZipFile(path) as z:
        assert '<dimension ref="A1:XFD1048576"' in z.read("xl/worksheets/sheet1.xml").decode()
    code, out, took = run_limited(db_file, "import", kind, str(path), "--dry-run")
    assert code == 2, out
    assert "MemoryError" not in out and "Traceback" not in out
    assert "工作表「Sheet」太大，无法导入" in out
    assert "单元格 XFD1048576 还有内容" in out and f"{MAX_ROWS} 行、{MAX_COLUMNS} 列" in out
    assert took < REFUSE_WITHIN, f"refusing took {took:.1f} s"
    assert ws.units.count() == 0 and ws.hazards.count() == 0


def test_a_merged_range_over_twenty_thousand_rows_is_read_quickly(
    ws: Workspace, db_file: Path, village: Village, tmp_path: Path
) -> None:
    path = book(tmp_path / "merged.xlsx", [["单位场所名称", "所属村(社区)"], ["示例店", "润城村"]])
    wb_path = patch_sheet(path, lambda x: x.replace(
        "</sheetData>", "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:Z20000\"/></mergeCells>"
    ))  # fmt: skip
    code, out, took = run_limited(db_file, "import", "units", str(wb_path), "--dry-run")
    # The merge covers the header: only 单位场所名称 (A1) is left, so the file is refused.
    assert code == 2 and "没有「所属村(社区)」列" in out, out
    assert took < REFUSE_WITHIN, f"reading took {took:.1f} s"
    # In the reader itself, the merge is clipped to the two rows holding values.
    wb = sheets.open_workbook(wb_path)
    try:
        rows = sheets.sheet_rows(wb.worksheets[0])
    finally:
        wb.close()
    assert rows == [["单位场所名称", "单位场所名称"], ["单位场所名称", "单位场所名称"]]


def test_the_limits_of_rows_columns_and_cells(ws: Workspace, tmp_path: Path) -> None:
    header = [["村(社区)名称"], ["润城村"]]
    for name, ref in (("long", f"A{MAX_ROWS}"), ("wide", "GR1")):
        at_limit = book(tmp_path / f"{name}.xlsx", header, **{ref: "x"})
        assert not any("太大" in m for m in messages(ws, at_limit, "villages")), ref

    rows = book(tmp_path / "rows.xlsx", header, **{f"A{MAX_ROWS + 1}": "x"})
    (msg,) = messages(ws, rows, "villages")
    assert f"超过了 {MAX_ROWS} 行" in msg and f"A{MAX_ROWS + 1}" in msg

    cols = book(tmp_path / "cols.xlsx", header, GS1="x")
    (msg,) = messages(ws, cols, "villages")
    assert f"超过了 {MAX_COLUMNS} 列" in msg and "GS1" in msg

    cells = book(tmp_path / "cells.xlsx", header, GR10001="x")  # 10 001 rows × 200 columns
    (msg,) = messages(ws, cells, "villages")
    assert f"超过了 {MAX_CELLS} 个单元格" in msg and "10001 行 × 200 列" in msg


def test_formatted_empty_cells_far_away_do_not_count(ws: Workspace, tmp_path: Path) -> None:
    path = book(tmp_path / "v.xlsx", [["村(社区)名称", "户数"], ["润城村", 10]])
    patch_sheet(path, lambda x: x.replace(
        "</sheetData>", '<row r="1048576"><c r="XFD1048576" s="0"/></row></sheetData>'
    ))  # fmt: skip
    plan = ws.imports.plan("villages", path)
    assert plan.ok, plan.problems
    assert [v.name for v in plan.records] == ["润城村"]


def test_a_hidden_oversize_sheet_is_not_read(ws: Workspace, tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["村(社区)名称"])
    wb.active.append(["润城村"])
    junk = wb.create_sheet("旧数据")
    junk["XFD1048576"] = "x"
    junk.sheet_state = "hidden"
    wb.save(tmp_path / "v.xlsx")
    plan = ws.imports.plan("villages", tmp_path / "v.xlsx")
    assert plan.ok and [v.name for v in plan.records] == ["润城村"]


def test_overlapping_merges_and_broken_sheet_xml_are_refused(ws: Workspace, tmp_path: Path) -> None:
    path = book(tmp_path / "m.xlsx", [["村(社区)名称", "户数"], ["润城村", 10], ["上庄村", 5]])
    patch_sheet(path, lambda x: x.replace("</sheetData>", (
        '</sheetData><mergeCells count="3"><mergeCell ref="A1:B3"/><mergeCell ref="A1:B3"/>'
        '<mergeCell ref="A2:B3"/></mergeCells>'
    )))  # fmt: skip
    (msg,) = messages(ws, path, "villages")
    assert "合并单元格互相重叠" in msg

    broken = book(tmp_path / "b.xlsx", [["村(社区)名称"], ["润城村"]])
    patch_sheet(broken, lambda x: x.replace("</sheetData>", "<row><c></sheetData>"))
    (msg,) = messages(ws, broken, "villages")
    assert "已损坏" in msg and "Traceback" not in msg


def test_vertical_merge_below_the_last_filled_row_adds_no_rows(
    ws: Workspace, village: Village, tmp_path: Path
) -> None:
    wb = Workbook()
    sh = wb.active
    sh.append(["单位场所名称", "所属村(社区)"])
    for name in ("甲店", "乙店", "丙店"):
        sh.append([name, "润城村"])
    sh.merge_cells("B2:B12")  # the village merged well below the last unit
    wb.save(tmp_path / "u.xlsx")
    plan = ws.imports.plan("units", tmp_path / "u.xlsx")
    assert plan.ok, plan.problems
    assert plan.rows == [2, 3, 4]
    assert {u.village_id for u in plan.records} == {village.id}


# -- formulas ---------------------------------------------------------------------------------------
def test_formula_without_a_result_is_reported_not_read_as_empty(
    ws: Workspace, tmp_path: Path
) -> None:
    path = book(tmp_path / "v.xlsx", [
        ["村(社区)名称", "户数", "人口", "备用列"],
        ["刘善村", 414, "=B2*3", "=A2"],  # 备用列 is not imported: its formula does not matter
        ["柏沟村", "=100+9", 500, None],
        ["上庄村", 20, 60, None],
        ["合计", "=SUM(B2:B4)", "=SUM(C2:C4)", None],  # a totals row is skipped anyway
    ])  # fmt: skip
    plan = ws.imports.plan("villages", path)
    assert [(p.row, p.column) for p in plan.problems] == [(2, "人口"), (3, "户数")]
    assert "公式「=B2*3」" in plan.problems[0].message
    assert "没有保存它的计算结果" in plan.problems[0].message
    assert "在 Excel 或 WPS 中打开这个文件并保存" in plan.problems[0].message
    assert str(plan.problems[1]).startswith("第 3 行「户数」：这一格是公式「=100+9」")
    assert plan.rows == [4]  # rows with a formula are not imported
    assert plan.skipped_rows == [5]


def test_formula_with_a_saved_result_reads_the_result(ws: Workspace, tmp_path: Path) -> None:
    path = book(tmp_path / "v.xlsx", [["村(社区)名称", "户数", "人口", "备注"],
                                      ["刘善村", 414, "=B2*3", '=IF(B2>0,"","无")']])  # fmt: skip

    def saved(xml: str) -> str:  # as Excel saves them: the result cached in <v>
        xml = xml.replace("<f>B2*3</f><v />", "<f>B2*3</f><v>1242</v>")
        return re.sub(r'<c r="D2"><f>(.*?)</f><v />', r'<c r="D2" t="str"><f>\1</f><v></v>', xml)

    patch_sheet(path, saved)
    plan = ws.imports.plan("villages", path)
    assert plan.ok, plan.problems
    (v,) = plan.records
    assert v.population == 1242 and v.notes == ""


def test_uncomputed_formula_in_a_hazard_ledger_is_reported(
    ws: Workspace, village: Village, tmp_path: Path
) -> None:
    path = book(tmp_path / "台账.xlsx", [
        LEDGER_HEADER,
        [1, "2026-03-05", "示例饭店（虚构）", "润城村", "灭火器过期", "一般", "=B2+7"],
        [2, "2026-03-06", "示例饭店（虚构）", "润城村", "通道堵塞", "一般", "7日内"],
    ])  # fmt: skip
    plan = ws.hazard_imports.plan(path)
    (p,) = plan.problems
    assert (p.row, p.column) == (2, "整改期限") and "公式「=B2+7」" in p.message
    assert plan.rows == [3]


def test_uncomputed_values_in_the_grid(tmp_path: Path) -> None:
    path = book(tmp_path / "g.xlsx", [["a", "=A1", None]], C1="=SUM(1,2)")
    patch_sheet(path, lambda x: x.replace('<c r="B1"><f>A1</f><v />', '<c r="B1" t="str"><f>A1</f><v>a</v>'))
    wb = sheets.open_workbook(path)
    try:
        assert sheets.sheet_rows(wb.worksheets[0]) == [["a", "a", Uncomputed("=SUM(1,2)")]]
    finally:
        wb.close()
    assert not Uncomputed("=A1") and str(Uncomputed("=A1")) == "=A1"


def test_a_sheet_declaring_entities_is_refused(ws: Workspace, tmp_path: Path) -> None:
    path = book(tmp_path / "v.xlsx", [["村(社区)名称"], ["润城村"]])
    lol = "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 9))
    patch_sheet(path, lambda x: x.replace("<worksheet", (
        f'<!DOCTYPE worksheet [<!ENTITY a0 "lol">{lol}]><worksheet'
    ), 1).replace("润城村", "&a8;"))  # fmt: skip
    start = time.perf_counter()
    (msg,) = messages(ws, path, "villages")
    assert "已损坏" in msg and time.perf_counter() - start < 5
