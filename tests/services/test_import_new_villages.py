"""Importing units that name villages not registered yet: refused with a report, or created.

Real .xlsx files and a real SQLite file; the CLI runs in-process (``tests/clitools.py``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from clitools import run
from openpyxl import Workbook

from safetydesk.domain.common import Unit, Village, VillageKind
from safetydesk.errors import ImportRefused
from safetydesk.services import Workspace
from safetydesk.services.changes import Topic

HEADER = ["单位场所名称", "所属村(社区)", "单位类型", "统一社会信用代码"]


def units_file(path: Path, rows: list[list[Any]]) -> Path:
    wb = Workbook()
    sh = wb.active
    sh.append(HEADER)
    for r in rows:
        sh.append(r)
    wb.save(path)
    return path


ROWS = [
    ["示例饭店（虚构）", "刘善村委会", "工贸企业", None],
    ["示例石材厂（虚构）", "柏沟村", "工贸企业", None],
    ["示例超市（虚构）", "刘善村", "工贸企业", "12345"],  # a bad code too
    ["示例便利店（虚构）", "城北社区居委会", "工贸企业", None],
    ["示例药店（虚构）", "润城村", "工贸企业", None],  # registered
]


def villages(ws: Workspace) -> dict[str, VillageKind]:
    return {v.name: v.kind for v in ws.villages.list()}


def test_without_consent_each_row_names_its_village_and_nothing_is_written(
    ws: Workspace, village: Village, tmp_path: Path
) -> None:
    plan = ws.imports.plan("units", units_file(tmp_path / "u.xlsx", ROWS))
    assert not plan.ok and not plan.create_missing
    assert plan.missing_villages == ["刘善村", "柏沟村", "城北社区"]
    assert plan.rows == [6]  # only the unit of the registered village
    by_row = [(p.row, p.column) for p in plan.problems]
    assert by_row == [(2, "所属村(社区)"), (3, "所属村(社区)"), (4, "所属村(社区)"), (4, "统一社会信用代码"),
                      (5, "所属村(社区)")]  # fmt: skip
    first = plan.problems[0].message
    assert "找不到「刘善村委会」" in first and "--create-missing" in first
    assert "创建表中缺少的村(社区)" in first and "一并新建「刘善村」" in first
    refused = plan.refused()
    assert "表中有 3 个村(社区)尚未登记（刘善村、柏沟村、城北社区）" in str(refused)
    assert "另有 1 处其他问题" in str(refused)
    with pytest.raises(ImportRefused) as err:
        ws.imports.commit(plan)
    assert "--create-missing" in str(err.value)
    assert villages(ws) == {"润城村": VillageKind.VILLAGE} and ws.units.count() == 0


def test_no_village_registered_at_all_still_names_the_village(
    ws: Workspace, tmp_path: Path
) -> None:
    plan = ws.imports.plan("units", units_file(tmp_path / "u.xlsx", ROWS[:1]))
    (p,) = plan.problems
    assert p.message.startswith("「刘善村委会」尚未登记：还没有登记任何村(社区)。")
    assert p.message.endswith("导入时一并新建「刘善村」。")


def test_with_consent_the_villages_are_created_with_the_units_in_one_transaction(
    ws: Workspace, village: Village, tmp_path: Path
) -> None:
    rows = [r[:3] + [None] for r in ROWS]
    plan = ws.imports.plan("units", units_file(tmp_path / "u.xlsx", rows), create_missing=True)
    assert plan.ok, plan.problems
    assert plan.rows == [2, 3, 4, 5, 6]
    shown = [line["所属村(社区)"] for line in plan.preview()]
    assert shown == ["刘善村（新建）", "柏沟村（新建）", "刘善村（新建）", "城北社区（新建）", "润城村"]
    changes = ws.imports.commit(plan)
    assert changes.touches(Topic.UNITS) and changes.touches(Topic.VILLAGES)
    assert villages(ws) == {"润城村": VillageKind.VILLAGE, "刘善村": VillageKind.VILLAGE,
                            "柏沟村": VillageKind.VILLAGE, "城北社区": VillageKind.COMMUNITY}  # fmt: skip
    names = ws.villages.names()
    assert {u.name: names[u.village_id] for u in ws.units.list()} == {
        "示例饭店（虚构）": "刘善村", "示例石材厂（虚构）": "柏沟村", "示例超市（虚构）": "刘善村",
        "示例便利店（虚构）": "城北社区", "示例药店（虚构）": "润城村",
    }  # fmt: skip
    assert changes.ids == frozenset(ws.units.list_ids())


def test_the_choice_can_be_switched_on_the_same_plan(
    ws: Workspace, village: Village, tmp_path: Path
) -> None:
    plan = ws.imports.plan("units", units_file(tmp_path / "u.xlsx", ROWS))
    made = plan.with_create(True)
    assert made.create_missing and made.rows == [2, 3, 5, 6]  # row 4 keeps its bad code
    assert [(p.row, p.column) for p in made.problems] == [(4, "统一社会信用代码")]
    back = made.with_create(False)
    assert back.problems == plan.problems and back.rows == plan.rows
    assert ws.imports.plan("units", plan.path, create_missing=True).problems == made.problems


def test_a_failed_commit_creates_no_village(ws: Workspace, village: Village, tmp_path: Path) -> None:
    rows = [["新厂（虚构）", "柏沟村", "工贸企业", None], ["老店（虚构）", "润城村", "工贸企业", None]]
    plan = ws.imports.plan("units", units_file(tmp_path / "u.xlsx", rows), create_missing=True)
    assert plan.ok
    ws.units.save(Unit(name="老店（虚构）", village_id=village.id))  # registered meanwhile
    with pytest.raises(ImportRefused) as err:
        ws.imports.commit(plan)
    assert [p.row for p in err.value.problems] == [3]
    assert villages(ws) == {"润城村": VillageKind.VILLAGE}  # 柏沟村 rolled back
    assert [u.name for u in ws.units.list()] == ["老店（虚构）"]


def test_a_village_registered_since_the_plan_is_used_not_created_twice(
    ws: Workspace, village: Village, tmp_path: Path
) -> None:
    rows = [["新厂（虚构）", "柏沟村委会", "工贸企业", None]]
    plan = ws.imports.plan("units", units_file(tmp_path / "u.xlsx", rows), create_missing=True)
    other = ws.villages.save(Village(name="柏沟村")).record
    changes = ws.imports.commit(plan)
    assert not changes.touches(Topic.VILLAGES)
    assert len(ws.villages.list()) == 2
    assert [u.village_id for u in ws.units.list()] == [other.id]


def test_names_close_to_a_registered_village_are_not_created(
    ws: Workspace, village: Village, tmp_path: Path
) -> None:
    ws.villages.save(Village(name="城关村"))
    ws.villages.save(Village(name="城关社区", kind=VillageKind.COMMUNITY))
    rows = [["甲（虚构）", "城关", "工贸企业", None], ["乙（虚构）", "城关居委会", "工贸企业", None],
            ["丙（虚构）", "下庄村", "工贸企业", None], ["丙（虚构）", "下庄村委会", "工贸企业", None]]
    plan = ws.imports.plan("units", units_file(tmp_path / "u.xlsx", rows), create_missing=True)
    assert plan.missing_villages == ["下庄村"]
    problems = {p.row: p.message for p in plan.problems}
    assert "无法确定" in problems[2] and "--create-missing" not in problems[2]  # 城关村 or 城关社区?
    assert "与第 4 行重复" in problems[5]  # the same unit twice in one new village
    assert plan.rows == [3, 4]  # 城关居委会 is 城关社区


# -- CLI --------------------------------------------------------------------------------------------
@pytest.fixture
def township(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    assert run(capsys, "init", "--township", "润城镇", "--county", "阳城县")[0] == 0


def listed(capsys: pytest.CaptureFixture[str], kind: str) -> list[dict[str, Any]]:
    code, out, _ = run(capsys, "list", kind, "--json")
    assert code == 0
    return json.loads(out)


def test_cli_import_units_create_missing(
    capsys: pytest.CaptureFixture[str], township: None, tmp_path: Path
) -> None:
    rows = [r[:3] + [None] for r in ROWS[:4]]
    path = str(units_file(tmp_path / "单位.xlsx", rows))
    code, out, err = run(capsys, "import", "units", path)
    assert code == 2
    assert "第2行\t所属村(社区)\t「刘善村委会」尚未登记" in err and "--create-missing" in err
    assert "表中有 3 个村(社区)尚未登记（刘善村、柏沟村、城北社区）" in err
    assert listed(capsys, "villages") == []

    code, out, err = run(capsys, "import", "units", path, "--create-missing", "--dry-run")
    assert code == 0, err
    assert "4 条单位场所可以导入" in out and "将新建 3 个村(社区)：刘善村、柏沟村、城北社区。" in out
    assert listed(capsys, "villages") == [] and listed(capsys, "units") == []

    code, out, err = run(capsys, "import", "units", path, "--create-missing")
    assert code == 0, err
    assert "已导入 4 条单位场所。" in out and "已新建 3 个村(社区)：刘善村、柏沟村、城北社区。" in out
    assert sorted(v["name"] for v in listed(capsys, "villages")) == ["刘善村", "城北社区", "柏沟村"]
    assert len(listed(capsys, "units")) == 4
