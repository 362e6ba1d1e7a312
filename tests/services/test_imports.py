"""Spreadsheet import of the registers: real .xlsx files built with openpyxl, real SQLite."""

from __future__ import annotations

import subprocess
import sys
import time
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from stdnum.cn import uscc as stdnum_uscc

from safetydesk.domain.common import Scale, Unit, UnitType, Village, VillageKind
from safetydesk.domain.queries import ListQuery
from safetydesk.errors import Cancelled, ImportRefused
from safetydesk.services import Workspace
from safetydesk.services.changes import Topic
from safetydesk.services.imports import cells, sheets
from safetydesk.services.imports.registers import ImportPlan, Problem
from safetydesk.services.imports.values import parse_unit_type

VILLAGE_HEADER = [
    "序号",
    "村(社区)名称",
    "类型",
    "统计用区划代码",
    "户数",
    "人口",
    "党组织书记",
    "书记电话",
]


def code(base17: str) -> str:
    """A valid 统一社会信用代码 from its first 17 characters."""
    return base17 + stdnum_uscc.calc_check_digit(base17)


USCC_1 = code("91140522MA0K12345")
USCC_2 = code("91140522MA0K54321")


def xlsx(
    path: Path, rows: list[list[Any]], *, merge: tuple[str, ...] = (), sheet: str = "Sheet1"
) -> Path:
    """Write ``rows`` (row 1 first) to a new workbook; ``merge`` lists ranges to merge."""
    wb = Workbook()
    sh = wb.active
    sh.title = sheet
    for r in rows:
        sh.append(r)
    for rng in merge:
        sh.merge_cells(rng)
    wb.save(path)
    return path


def by_row(plan: ImportPlan) -> dict[int, list[Problem]]:
    out: dict[int, list[Problem]] = {}
    for p in plan.problems:
        out.setdefault(p.row, []).append(p)
    return out


@pytest.fixture
def two_villages(ws: Workspace, village: Village) -> tuple[Village, Village]:
    """润城村 (fixture) and 城关社区."""
    other = ws.villages.save(
        Village(name="城关社区", kind=VillageKind.COMMUNITY, region_code="140522102001")
    ).record
    return village, other


# -- villages -------------------------------------------------------------------------------------
def test_good_villages_file_imports_everything(ws: Workspace, tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "v.xlsx",
        [
            VILLAGE_HEADER,
            [1, "润城村", "村", "140522102200", 1200, 3650, "张三", "13800000001"],
            [2, "城关社区", "社区", "140522102001", 800, 2100, "李四", "0356-4000001"],
            [3, "上庄村", None, None, None, None, None, None],
        ],
    )
    plan = ws.imports.plan("villages", path)
    assert plan.ok, plan.problems
    assert (plan.sheet, plan.header_row, plan.rows) == ("Sheet1", 1, [2, 3, 4])
    assert plan.mapping["name"] == "村(社区)名称"
    assert plan.ignored_headers == []  # 序号 is expected and not reported
    changes = ws.imports.commit(plan)
    assert changes.touches(Topic.VILLAGES)
    saved = {v.name: v for v in ws.villages.list()}
    assert set(saved) == {"润城村", "城关社区", "上庄村"}
    assert set(changes.ids) == {v.id for v in saved.values()}
    r = saved["润城村"]
    assert (r.kind, r.region_code, r.households, r.population) == (
        VillageKind.VILLAGE,
        "140522102200",
        1200,
        3650,
    )
    assert (r.secretary, r.secretary_phone) == ("张三", "13800000001")
    assert saved["城关社区"].kind is VillageKind.COMMUNITY
    assert saved["上庄村"].households is None
    # the search index was filled by bulk_insert
    assert ws.villages.count(ListQuery(text="上庄")) == 1


def test_title_row_merged_above_header(ws: Workspace, tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "v.xlsx",
        [
            ["润城镇村(社区)基本情况统计表"],
            ["填报单位：润城镇人民政府", None, None, "2025年3月"],
            VILLAGE_HEADER,
            [1, "润城村", "村", "140522102200", 1200, 3650, "张三", "13800000001"],
        ],
        merge=("A1:H1", "A2:C2"),
    )
    plan = ws.imports.plan("villages", path)
    assert plan.ok, plan.problems
    assert plan.header_row == 3
    assert plan.rows == [4]
    assert plan.mapping["region_code"] == "统计用区划代码"


def test_village_header_synonyms_and_full_width_spellings(ws: Workspace, tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "v.xlsx",
        [
            [
                "村名",
                "村/社区",
                "区划代码",
                " 总户数 ",
                "总人口",
                "支部书记",
                "书记手机",
                "村主任",
                "说明",
            ],
            ["润城村", "行政村", "140522102200", 12, 30, "张三", "13800000001", "王五", "示例"],
            ["城关社区", "居委会", "140522102001", 5, 9, None, None, None, None],
        ],
    )
    plan = ws.imports.plan("villages", path)
    assert plan.ok, plan.problems
    assert plan.mapping == {
        "name": "村名",
        "kind": "村/社区",
        "region_code": "区划代码",
        "households": "总户数",
        "population": "总人口",
        "secretary": "支部书记",
        "secretary_phone": "书记手机",
        "director": "村主任",
        "notes": "说明",
    }
    a, b = plan.records
    assert (a.kind, a.director, a.notes) == (VillageKind.VILLAGE, "王五", "示例")
    assert b.kind is VillageKind.COMMUNITY


def test_unit_header_synonyms(ws: Workspace, village: Village, tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "u.xlsx",
        [
            ["企业名称*", "所属村（社区）", "行业类别", "社会信用代码", "法人", "联系人",
             "联系方式", "企业规模", "风险分级", "监管部门", "经营地址", "卫生许可证号"],
            ["示例机械厂（虚构）", "润城村", "工贸", USCC_1, "赵六", "钱七", 13800000002,
             "规模以上", "较大风险", "应急办", "润城村东街1号", "X-1"],
        ],
    )  # fmt: skip
    plan = ws.imports.plan("units", path)
    assert plan.ok, plan.problems
    assert plan.mapping["name"] == "企业名称*"
    assert plan.mapping["village_id"] == "所属村（社区）"
    assert plan.ignored_headers == ["卫生许可证号"]
    (u,) = plan.records
    assert (u.type, u.uscc, u.legal_rep, u.contact, u.contact_phone) == (
        UnitType.INDUSTRY, USCC_1, "赵六", "钱七", "13800000002",
    )  # fmt: skip
    assert (u.scale, u.risk, u.department, u.address) == (
        Scale.ABOVE,
        "B",
        "应急办",
        "润城村东街1号",
    )
    assert u.village_id == village.id


def test_label_beats_synonym_for_the_same_field(
    ws: Workspace, village: Village, tmp_path: Path
) -> None:
    path = xlsx(
        tmp_path / "u.xlsx",
        [
            ["单位名称", "所属村(社区)", "电话", "联系电话"],
            ["示例店", "润城村", "坏号码", "13800000003"],
        ],
    )
    plan = ws.imports.plan("units", path)
    assert plan.ok, plan.problems
    assert plan.mapping["contact_phone"] == "联系电话"
    assert plan.ignored_headers == ["电话"]
    assert plan.records[0].contact_phone == "13800000003"


def test_two_row_header(ws: Workspace, village: Village, tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "u.xlsx",
        [
            ["单位名称", "所在村", "安全负责人", None, "备注"],
            [None, None, "姓名", "电话", None],
            ["示例饭店（虚构）", "润城村", "孙八", "13800000004", "无"],
        ],
        merge=("A1:A2", "B1:B2", "C1:D1", "E1:E2"),
    )
    plan = ws.imports.plan("units", path)
    assert plan.ok, plan.problems
    assert plan.header_row == 2
    assert plan.mapping["contact"] == "安全负责人·姓名"
    assert plan.mapping["contact_phone"] == "安全负责人·电话"
    (u,) = plan.records
    assert (u.contact, u.contact_phone, u.notes) == ("孙八", "13800000004", "无")
    assert plan.rows == [3]


def test_numbers_stored_by_excel(ws: Workspace, tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "v.xlsx",
        [
            [
                "村(社区)名称",
                "统计用区划代码",
                "户数",
                "人口",
                "书记电话",
                "主任电话",
                "网格员电话",
            ],
            [
                "润城村",
                1.40522102200e11,
                12.0,
                "3,650",
                13800000001.0,
                13800000002,
                "1.3800000003E+10",
            ],
            ["上庄村", "1.40522102201E+11", "12户", " 30 ", None, None, None],
        ],
    )
    plan = ws.imports.plan("villages", path)
    assert plan.ok, plan.problems
    a, b = plan.records
    assert (a.region_code, a.households, a.population) == ("140522102200", 12, 3650)
    assert (a.secretary_phone, a.director_phone, a.grid_worker_phone) == (
        "13800000001", "13800000002", "13800000003",
    )  # fmt: skip
    assert (b.region_code, b.households, b.population) == ("140522102201", 12, 30)


def test_long_code_that_excel_rounded_is_a_problem(
    ws: Workspace, village: Village, tmp_path: Path
) -> None:
    path = xlsx(
        tmp_path / "u.xlsx",
        [
            ["单位场所名称", "所属村(社区)", "统一社会信用代码"],
            ["示例厂", "润城村", 9.11405220000001e17],
        ],
    )
    plan = ws.imports.plan("units", path)
    (p,) = plan.problems
    assert (p.row, p.column) == (2, "统一社会信用代码")
    assert "15 位" in p.message and "文本" in p.message


def test_bad_rows_write_nothing_and_say_where(ws: Workspace, tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "v.xlsx",
        [
            ["村(社区)名称", "类型", "统计用区划代码", "户数", "人口", "书记电话"],
            ["润城村", "村", "140522102200", 100, 300, "13800000001"],
            ["上庄村", "村", "1405221022", "很多", 300, "138000"],
            ["", "村", None, 10, 5, None],
            ["城关社区", "街道", "140522102001", None, None, None],
            ["下庄村", "村", "140522102202", 10, 20, None],
        ],
    )
    plan = ws.imports.plan("villages", path)
    assert not plan.ok
    rows = by_row(plan)
    assert set(rows) == {3, 4, 5}
    assert [p.column for p in rows[3]] == ["统计用区划代码", "户数", "书记电话"]
    assert "12 位" in rows[3][0].message
    assert "不是整数" in rows[3][1].message
    assert [p.column for p in rows[4]] == ["村(社区)名称", "人口"]
    assert "请填写" in rows[4][0].message
    assert rows[5][0].column == "类型" and "村" in rows[5][0].message
    assert [r.name for r in plan.records] == ["润城村", "下庄村"]  # preview still shows good rows
    assert str(rows[3][0]).startswith("第 3 行「统计用区划代码」：")

    with pytest.raises(ImportRefused) as err:
        ws.imports.commit(plan)
    assert err.value.problems == plan.problems
    with pytest.raises(ImportRefused):
        ws.imports.run("villages", path)
    assert ws.villages.count() == 0


def test_units_validation_uses_the_service_rules(
    ws: Workspace, village: Village, tmp_path: Path
) -> None:
    path = xlsx(
        tmp_path / "u.xlsx",
        [
            [
                "单位场所名称",
                "所属村(社区)",
                "类型",
                "九小场所类别",
                "统一社会信用代码",
                "风险等级",
                "规模",
            ],
            ["甲", "润城村", "九小场所", None, None, None, None],
            ["乙", "润城村", "火箭发射场", None, "91140522MA0K123450", "Z", "超大"],
        ],
    )
    plan = ws.imports.plan("units", path)
    rows = by_row(plan)
    assert [p.column for p in rows[2]] == ["九小场所类别"]
    assert [p.column for p in rows[3]] == ["类型", "统一社会信用代码", "风险等级", "规模"]
    assert "九小场所" in rows[3][0].message
    assert "校验位" in rows[3][1].message


def test_unknown_village_lists_close_names(
    ws: Workspace, two_villages: object, tmp_path: Path
) -> None:
    path = xlsx(
        tmp_path / "u.xlsx",
        [
            ["单位场所名称", "所属村(社区)"],
            ["示例店", "润城"],
            ["示例店2", "润成村"],
            ["示例店3", None],
        ],
    )
    plan = ws.imports.plan("units", path)
    assert plan.rows == [2]
    rows = by_row(plan)
    (p,) = rows[3]
    assert p.column == "所属村(社区)"
    assert "找不到「润成村」" in p.message and "请先在“村(社区)”中登记" in p.message
    assert "润城村" in p.message
    assert "请填写所属村(社区)" in rows[4][0].message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("润城村", "润城村"),
        ("润城村委会", "润城村"),
        ("润城村村民委员会", "润城村"),
        (" 润城 村 ", "润城村"),
        ("城关社区居委会", "城关社区"),
        ("城关居委会", "城关社区"),
        ("城关居民委员会", "城关社区"),
        ("ＡＢ村", "AB村"),
    ],
)
def test_village_matched_by_normalised_name(
    ws: Workspace, two_villages: object, tmp_path: Path, text: str, expected: str
) -> None:
    ws.villages.save(Village(name="AB村"))
    path = xlsx(tmp_path / "u.xlsx", [["单位场所名称", "所属村(社区)"], ["示例店", text]])
    plan = ws.imports.plan("units", path)
    assert plan.ok, plan.problems
    assert plan.village_names[plan.records[0].village_id] == expected


def test_ambiguous_village_is_a_problem(ws: Workspace, tmp_path: Path) -> None:
    ws.villages.save(Village(name="城关村"))
    ws.villages.save(Village(name="城关社区", kind=VillageKind.COMMUNITY))
    path = xlsx(
        tmp_path / "u.xlsx",
        [
            ["单位场所名称", "所属村(社区)"],
            ["甲", "城关"],
            ["乙", "城关村委会"],
            ["丙", "城关居委会"],
        ],
    )
    plan = ws.imports.plan("units", path)
    assert [p.row for p in plan.problems] == [2]
    assert "无法确定" in plan.problems[0].message
    assert [plan.village_names[u.village_id] for u in plan.records] == ["城关村", "城关社区"]


def test_units_need_a_village_registered_first(ws: Workspace, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "u.xlsx", [["单位场所名称", "所属村(社区)"], ["示例店", "润城村"]])
    plan = ws.imports.plan("units", path)
    assert "还没有登记任何村(社区)" in plan.problems[0].message


def test_duplicates_in_file_and_against_database(
    ws: Workspace, village: Village, unit: Unit, tmp_path: Path
) -> None:
    ws.units.save(Unit(name="已登记厂", village_id=village.id, uscc=USCC_2))
    path = xlsx(
        tmp_path / "u.xlsx",
        [
            ["单位场所名称", "所属村(社区)", "统一社会信用代码"],
            ["示例甲", "润城村", USCC_1],
            ["示例甲", "润城村委会", None],  # same name, same village
            ["示例乙", "润城村", USCC_1.lower()],  # same code
            [unit.name, "润城村", None],  # already in the database
            ["示例丙", "润城村", USCC_2],  # code already in the database
        ],
    )
    plan = ws.imports.plan("units", path)
    rows = by_row(plan)
    assert set(rows) == {3, 4, 5, 6}
    assert "与第 2 行重复" in rows[3][0].message and rows[3][0].column == "单位场所名称"
    assert "与第 2 行相同" in rows[4][0].message and rows[4][0].column == "统一社会信用代码"
    assert "已有名为" in rows[5][0].message
    assert "已登记为「已登记厂」" in rows[6][0].message
    with pytest.raises(ImportRefused):
        ws.imports.commit(plan)
    assert ws.units.count() == 2


def test_duplicate_village_names(ws: Workspace, village: Village, tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "v.xlsx",
        [["村(社区)名称"], ["上庄村"], ["上庄村 "], ["润城村"]],
    )
    plan = ws.imports.plan("villages", path)
    rows = by_row(plan)
    assert "与第 2 行重复" in rows[3][0].message
    assert "已有名为「润城村」" in rows[4][0].message


def test_commit_rechecks_inside_the_transaction(
    ws: Workspace, village: Village, tmp_path: Path
) -> None:
    path = xlsx(tmp_path / "v.xlsx", [["村(社区)名称"], ["上庄村"], ["下庄村"]])
    plan = ws.imports.plan("villages", path)
    assert plan.ok
    ws.villages.save(Village(name="下庄村"))  # someone registered it after the preview
    with pytest.raises(ImportRefused) as err:
        ws.imports.commit(plan)
    assert [(p.row, p.column) for p in err.value.problems] == [(3, "村(社区)名称")]
    assert "预览之后" in str(err.value)
    assert sorted(v.name for v in ws.villages.list()) == ["下庄村", "润城村"]


def test_commit_refuses_units_of_a_village_archived_since(
    ws: Workspace, two_villages: tuple[Village, Village], tmp_path: Path
) -> None:
    path = xlsx(tmp_path / "u.xlsx", [["单位场所名称", "所属村(社区)"], ["示例店", "城关社区"]])
    plan = ws.imports.plan("units", path)
    ws.villages.archive(two_villages[1].id)
    with pytest.raises(ImportRefused) as err:
        ws.imports.commit(plan)
    assert err.value.problems[0].column == "所属村(社区)"
    assert ws.units.count() == 0


# -- cancel and progress --------------------------------------------------------------------------
def _big_units_file(path: Path, n: int) -> Path:
    rows: list[list[Any]] = [["序号", "单位名称", "所在村", "场所类型", "联系电话"]]
    rows += [[i + 1, f"示例饭店{i}", "润城村", "小饭店", 13800000000 + i] for i in range(n)]
    return xlsx(path, rows)


def test_cancel_while_reading_writes_nothing(
    ws: Workspace, village: Village, tmp_path: Path
) -> None:
    path = _big_units_file(tmp_path / "u.xlsx", 1000)
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        calls.append((done, total))
        if done >= 400:
            raise Cancelled()

    with pytest.raises(Cancelled):
        ws.imports.run("units", path, progress=progress)
    assert calls[0][0] == 0 and calls[-1][0] >= 400
    assert ws.units.count() == 0


def test_cancel_while_writing_rolls_back(ws: Workspace, village: Village, tmp_path: Path) -> None:
    path = _big_units_file(tmp_path / "u.xlsx", 1200)
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        calls.append((done, total))
        if done > total * 3 // 4:
            raise Cancelled()

    with pytest.raises(Cancelled):
        ws.imports.run("units", path, progress=progress)
    assert calls[-1][1] == 2400 and calls[-1][0] > 1200  # the writing half had started
    assert ws.units.count() == 0
    assert ws.units.count(ListQuery(text="示例饭店")) == 0
    assert ws.db.conn.execute("SELECT count(*) FROM units_fts").fetchone()[0] == 0
    # and the workspace is still usable
    plan, changes = ws.imports.run("units", path)
    assert changes is not None and len(changes.ids) == 1200


def test_progress_runs_to_the_total(ws: Workspace, village: Village, tmp_path: Path) -> None:
    path = _big_units_file(tmp_path / "u.xlsx", 450)
    calls: list[tuple[int, int]] = []
    plan, changes = ws.imports.run("units", path, progress=lambda d, t: calls.append((d, t)))
    assert changes is not None
    assert calls[-1] == (900, 900)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_dry_run_writes_nothing(ws: Workspace, village: Village, tmp_path: Path) -> None:
    plan, changes = ws.imports.run("units", _big_units_file(tmp_path / "u.xlsx", 3), dry_run=True)
    assert plan.ok and changes is None
    assert ws.units.count() == 0


def test_five_thousand_units_plan_in_a_few_seconds(
    ws: Workspace, village: Village, tmp_path: Path
) -> None:
    path = _big_units_file(tmp_path / "u.xlsx", 5000)
    start = time.perf_counter()
    plan = ws.imports.plan("units", path)
    took = time.perf_counter() - start
    assert plan.ok and len(plan.records) == 5000
    assert took < 10, f"planning 5000 rows took {took:.1f} s"
    changes = ws.imports.commit(plan)
    assert ws.units.count() == 5000
    assert changes.ids == frozenset(ws.units.list_ids())
    assert ws.units.count(ListQuery(text="示例饭店4999")) == 1


# -- rows, sheets, enums --------------------------------------------------------------------------
def test_blank_total_and_repeated_header_rows_are_skipped(ws: Workspace, tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "v.xlsx",
        [
            ["序号", "村(社区)名称", "户数"],
            [1, "润城村", 10],
            [None, None, None],
            [2, "上庄村", 20],
            ["序号", "村(社区)名称", "户数"],
            [3, "下庄村", 5],
            ["合计", None, 35],
            [None, None, None],
            ["填表人：张三", None, None],
            [7, None, None],  # template rows with only a pre-filled 序号
            [8, None, None],
        ],
    )
    plan = ws.imports.plan("villages", path)
    assert plan.ok, plan.problems
    assert plan.rows == [2, 4, 6]
    assert plan.skipped_rows == [3, 5, 7, 8, 9]


def test_vertically_merged_village_cell_applies_to_each_row(
    ws: Workspace, village: Village, tmp_path: Path
) -> None:
    path = xlsx(
        tmp_path / "u.xlsx",
        [["所属村(社区)", "单位场所名称"], ["润城村", "甲"], [None, "乙"], [None, "丙"]],
        merge=("A2:A4",),
    )
    plan = ws.imports.plan("units", path)
    assert plan.ok, plan.problems
    assert {u.village_id for u in plan.records} == {village.id}


def test_data_sheet_is_found_among_others(ws: Workspace, tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "填表说明"
    wb.active.append(["请按下表格式填写。"])
    data = wb.create_sheet("村名录")
    data.append(["村(社区)名称", "类型"])
    data.append(["润城村", "村"])
    wb.save(tmp_path / "v.xlsx")
    plan = ws.imports.plan("villages", tmp_path / "v.xlsx")
    assert plan.ok and plan.sheet == "村名录"


@pytest.mark.parametrize(
    ("type_text", "subtype_text", "expected"),
    [
        ("九小场所（小饭店）", "", (UnitType.NINE_SMALL, "小饭店")),
        ("九小场所(小旅馆)", "", (UnitType.NINE_SMALL, "小旅馆")),
        ("九小场所-小商场", "", (UnitType.NINE_SMALL, "小商场")),
        ("小饭店", "", (UnitType.NINE_SMALL, "小饭店")),
        ("九小场所", "饭店", (UnitType.NINE_SMALL, "小饭店")),
        ("九小", "其它", (UnitType.NINE_SMALL, "其他")),
        ("", "小商场", (UnitType.NINE_SMALL, "小商场")),
        ("", "", (UnitType.OTHER, "")),
        ("工贸企业", "", (UnitType.INDUSTRY, "")),
        ("工贸", "", (UnitType.INDUSTRY, "")),
        ("危化品", "", (UnitType.CHEMICALS, "")),
        ("农贸市场", "", (UnitType.MARKET, "")),
        ("集(农)贸市场", "", (UnitType.MARKET, "")),
        ("集（农）贸市场", "", (UnitType.MARKET, "")),
        ("宗教场所", "", (UnitType.HERITAGE, "")),
        ("学校", "", (UnitType.SCHOOL, "")),
        ("特种设备", "", (UnitType.SPECIAL_EQUIPMENT, "")),
        ("人员密集", "", (UnitType.CROWDED, "")),
        ("燃气", "", (UnitType.GAS, "")),
    ],
)
def test_unit_type_variants(
    type_text: str, subtype_text: str, expected: tuple[UnitType, str]
) -> None:
    assert parse_unit_type(type_text, subtype_text) == expected


def test_enum_variants_in_a_file(ws: Workspace, village: Village, tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "u.xlsx",
        [
            ["单位场所名称", "所属村(社区)", "类型", "规模", "风险等级"],
            ["甲", "润城村", "九小场所（小饭店）", "是", "红"],
            ["乙", "润城村", "工贸企业", "规下", "b"],
            ["丙", "润城村", "小旅馆", None, "较大风险"],
            ["丁", "润城村", "工贸", "规上", "D级"],
        ],
    )
    plan = ws.imports.plan("units", path)
    assert plan.ok, plan.problems
    got = [(u.type, u.subtype, u.scale, u.risk) for u in plan.records]
    assert got == [
        (UnitType.NINE_SMALL, "小饭店", Scale.ABOVE, "A"),
        (UnitType.INDUSTRY, "", Scale.BELOW, "B"),
        (UnitType.NINE_SMALL, "小旅馆", None, "B"),
        (UnitType.INDUSTRY, "", Scale.ABOVE, "D"),
    ]


def test_village_kind_inferred_from_name_when_empty(ws: Workspace, tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "v.xlsx",
        [["村(社区)名称", "类型"], ["城关社区", None], ["润城村", ""], ["东街居委会", "居委会"]],
    )
    plan = ws.imports.plan("villages", path)
    assert [v.kind for v in plan.records] == [
        VillageKind.COMMUNITY,
        VillageKind.VILLAGE,
        VillageKind.COMMUNITY,
    ]


def test_preview_shows_labels_and_source_rows(
    ws: Workspace, village: Village, tmp_path: Path
) -> None:
    ws.settings.update(risk_scheme="红橙黄蓝")
    path = xlsx(
        tmp_path / "u.xlsx",
        [["单位名称", "所在村", "风险等级"], ["甲", "润城村委会", "A"], ["乙", "润城村", None]],
    )
    plan = ws.imports.plan("units", path)
    preview = plan.preview(limit=1)
    assert len(preview) == 1
    first = preview[0]
    assert list(first)[:3] == ["行号", "单位场所名称", "类型"]
    assert (first["行号"], first["所属村(社区)"], first["风险等级"], first["规模"]) == (
        "2",
        "润城村",
        "红",
        "",
    )


# -- files that cannot be imported ----------------------------------------------------------------
def _one_problem(ws: Workspace, path: Path) -> str:
    with pytest.raises(ImportRefused) as err:
        ws.imports.plan("villages", path)
    (p,) = err.value.problems
    assert (p.row, p.column) == (0, "")
    assert str(err.value) == p.message
    return p.message


def test_old_xls_file_is_refused_with_advice(ws: Workspace, tmp_path: Path) -> None:
    old = tmp_path / "名录.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    assert "请在 Excel 中另存为 .xlsx 后再导入" in _one_problem(ws, old)
    renamed = tmp_path / "renamed.xlsx"  # an .xls renamed, or a password-protected workbook
    renamed.write_bytes(old.read_bytes())
    assert "另存为 .xlsx" in _one_problem(ws, renamed)


def test_other_unreadable_files(ws: Workspace, tmp_path: Path) -> None:
    text = tmp_path / "名录.xlsx"
    text.write_text("村名,户数\n润城村,10\n", encoding="utf-8")
    assert "不是 Excel 工作簿" in _one_problem(ws, text)
    csv = tmp_path / "名录.csv"
    csv.write_text("村名\n", encoding="utf-8")
    assert "另存为 .xlsx" in _one_problem(ws, csv)
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    assert "已损坏" in _one_problem(ws, broken)
    assert "找不到文件" in _one_problem(ws, tmp_path / "missing.xlsx")
    assert "找不到文件" in _one_problem(ws, tmp_path)


def test_no_header_no_data_and_missing_column(ws: Workspace, tmp_path: Path) -> None:
    plan = ws.imports.plan("villages", xlsx(tmp_path / "a.xlsx", [["甲", "乙"], [1, 2]]))
    assert not plan.ok and plan.header_row == 0 and "找不到表头" in plan.problems[0].message

    plan = ws.imports.plan("villages", xlsx(tmp_path / "b.xlsx", [["村(社区)名称", "户数"]]))
    assert not plan.ok and "没有数据行" in plan.problems[0].message

    plan = ws.imports.plan(
        "units", xlsx(tmp_path / "c.xlsx", [["单位名称", "地址"], ["甲", "某街"]])
    )
    (p,) = plan.problems
    assert p.row == 0
    assert "没有「所属村(社区)」列" in p.message and "所在村" in p.message
    assert plan.records == []

    plan = ws.imports.plan("villages", xlsx(tmp_path / "d.xlsx", []))
    assert "找不到表头" in plan.problems[0].message


# -- the reading helpers (generic, reused by the hazard-ledger import) ----------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        (datetime(2025, 3, 5, 10, 30), date(2025, 3, 5)),
        (date(2025, 3, 5), date(2025, 3, 5)),
        (45721, date(2025, 3, 5)),
        (45721.5, date(2025, 3, 5)),
        ("2025-03-05", date(2025, 3, 5)),
        ("2025/3/5", date(2025, 3, 5)),
        ("2025.3.5", date(2025, 3, 5)),
        ("2025年3月5日", date(2025, 3, 5)),
        ("2025 年 3 月 5 号", date(2025, 3, 5)),
        ("２０２５年３月５日", date(2025, 3, 5)),
        ("2025-03-05 08:00", date(2025, 3, 5)),
        ("20250305", date(2025, 3, 5)),
        ("3月5日", date(2024, 3, 5)),
    ],
)
def test_parse_date(value: Any, expected: date | None) -> None:
    assert cells.parse_date(value, year=2024) == expected


@pytest.mark.parametrize("value", ["2025-02-30", "立即", "3月5日", 12, 3.5, "5/3"])
def test_parse_date_refuses(value: Any) -> None:
    with pytest.raises(cells.CellError):
        cells.parse_date(value)


def test_parse_date_1904_workbooks() -> None:
    assert cells.parse_date(44259, epoch=date(1904, 1, 1)) == date(2025, 3, 5)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(12, 12), (12.0, 12), ("12", 12), ("1,200", 1200), ("１２", 12), ("12户", 12), (" ", None)],
)
def test_parse_int(value: Any, expected: int | None) -> None:
    assert cells.parse_int(value) == expected


@pytest.mark.parametrize("value", [12.5, "十二", True, "12.5"])
def test_parse_int_refuses(value: Any) -> None:
    with pytest.raises(cells.CellError):
        cells.parse_int(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1.40522102200e11, "140522102200"),
        (140522102200, "140522102200"),
        ("1.40522102200E+11", "140522102200"),
        ("0356 4000001", "03564000001"),
        (" 91140522MA0K12345F ", "91140522MA0K12345F"),
        (None, ""),
    ],
)
def test_code_text(value: Any, expected: str) -> None:
    assert cells.code_text(value) == expected


@pytest.mark.parametrize(
    "value", [9.11405220000001e17, 911405220000000012, "9.114052200000001E+17", 1.5]
)
def test_code_text_refuses(value: Any) -> None:
    with pytest.raises(cells.CellError):
        cells.code_text(value)


def test_find_header_generic_fields() -> None:
    fields = {"found_on": ("发现日期", "检查日期", "排查时间"), "level": ("隐患等级", "等级")}
    rows = [
        ["某镇2025年隐患排查治理台账", "某镇2025年隐患排查治理台账"],
        ["序号", "排查时间", "隐患等级（一般/重大）", "责任人"],
        [1, "2025.3.5", "一般", "张三"],
    ]
    m = sheets.find_header(rows, fields)
    assert m is not None
    assert (m.first_row, m.row, m.columns) == (2, 2, {"found_on": 1, "level": 2})
    assert m.headers["level"] == "隐患等级（一般/重大）"
    assert m.ignored == ["责任人"]
    assert sheets.find_header([["甲"], ["乙"]], fields) is None


def test_total_rows() -> None:
    assert sheets.is_total_row([None, " 合 计 ", 3])
    assert sheets.is_total_row(["总计：", 3])
    assert not sheets.is_total_row(["合计村", 3])
    assert not sheets.is_total_row([None, None])


def test_importing_the_services_does_not_load_openpyxl() -> None:
    code = (
        "import sys, safetydesk.services, safetydesk.services.imports.registers, safetydesk.services.exports;"
        "sys.exit(1 if 'openpyxl' in sys.modules else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_workspace_services_are_created_once(ws: Workspace) -> None:
    assert ws.imports is ws.imports
    assert ws.exports is ws.exports
    assert ws.imports.ws is ws


@pytest.mark.parametrize(
    ("text", "subtype"),
    [
        ("小医疗", "小医疗场所"), ("小医疗场所", "小医疗场所"), ("小医疗机构", "小医疗场所"),
        ("小教学", "小教学场所"), ("小教学场所", "小教学场所"), ("小学校/幼儿园", "小教学场所"),
        ("幼儿园", "小教学场所"), ("小医院/诊所", "小医疗场所"), ("小商店", "小商场"),
        ("小餐饮", "小饭店"), ("小歌舞娱乐", "小公共娱乐场所"), ("小网吧", "小公共娱乐场所"),
        ("小美容洗浴", "小休闲健身场所"), ("公共娱乐场所", "小公共娱乐场所"), ("饭店", "小饭店"),
    ],
)  # fmt: skip
def test_nine_small_subtypes_however_offices_write_them(text: str, subtype: str) -> None:
    """Issue 9, point 10: with or without 场所/机构, and the older list's names."""
    from safetydesk.services.imports.values import parse_unit_type

    assert parse_unit_type("九小场所", text) == (UnitType.NINE_SMALL, subtype)
    assert parse_unit_type(f"九小场所（{text}）") == (UnitType.NINE_SMALL, subtype)


def test_an_unknown_subtype_is_named_in_the_message() -> None:
    from safetydesk.domain.validation import validate_unit

    errors = validate_unit(Unit(name="某店", type=UnitType.NINE_SMALL, subtype="小书店", village_id=1))
    assert "「小书店」不是九小场所的类别" in errors["subtype"] and "小教学场所" in errors["subtype"]


def test_a_duplicated_header_column_is_refused_not_dropped(ws: Workspace, tmp_path: Path) -> None:
    """Issue 9, point 22: the second 书记电话 column's values would be lost silently."""
    path = xlsx(
        tmp_path / "v.xlsx",
        [
            ["村(社区)名称", "类型", "书记电话", "书记电话"],
            ["润城村", "村", "13800000001", "13800000002"],
        ],
    )
    plan = ws.imports.plan("villages", path)
    assert not plan.ok
    [problem] = plan.problems
    assert "C 列和 D 列都是「书记电话」" in problem.message and "删除重复的列" in problem.message
    assert plan.ignored_headers == []
    with pytest.raises(ImportRefused):
        ws.imports.commit(plan)
    assert ws.villages.list() == []
