"""``safetydesk plans`` / ``plan`` / ``shelter`` on a demo database, in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.clitools import run


@pytest.fixture
def demo_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    db = str(tmp_path / "demo.db")
    assert run(capsys, "--db", db, "demo")[0] == 0
    return db


def test_status_json_and_filter(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plans", "status", "--json", "--db", demo_db)
    assert code == 0
    data = json.loads(out)
    assert len(data["villages"]) == 23 and data["totals"]["required"] == 115
    first = data["villages"][0]
    assert set(first["items"]) == {"包保责任制", "防火", "防汛", "地震", "地质灾害"}
    assert first["items"]["防汛"]["status"] == "已生效" and first["shelters"] == 1
    code, out, _ = run(capsys, "plans", "status", "--filter", "无避难场所", "--db", demo_db)
    assert code == 0 and "筛选：无避难场所，共 2 个村（社区）" in out
    rows = [line.split("\t")[0] for line in out.splitlines() if "\t" in line][1:]
    assert rows == ["下庄村", "王村村"]  # the township has its shelter: not in this view
    code, out, _ = run(capsys, "plans", "status", "--filter", "逾期未修订", "--db", demo_db)
    rows = [line.split("\t")[0] for line in out.splitlines() if "\t" in line][1:]
    assert code == 0 and rows == ["柏沟村"]
    code, out, _ = run(capsys, "plans", "status", "--db", demo_db)
    assert out.rstrip().splitlines()[-1].startswith("镇本级")  # unfiltered: the township last
    code, _, err = run(capsys, "plans", "status", "--filter", "坏", "--db", demo_db)
    assert code == 2 and "没有“坏”这个筛选条件" in err


def test_add_version_set_state_and_shelters(
    demo_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--db", demo_db)
    code, out, _ = run(capsys, "plan", "add-version", "西坡村", "地质灾害",
                       "--set", "版本=2026年版", "--set", "编制日期=2026-06-01", *db)  # fmt: skip
    assert code == 0 and "草稿" in out
    code, _, err = run(capsys, "plan", "set-state", "西坡村", "地质灾害", "已生效", *db)
    assert code == 1 and "不能改为“已生效”" in err
    assert run(capsys, "plan", "set-state", "西坡村", "地质灾害", "待审核", *db)[0] == 0
    code, out, _ = run(capsys, "plan", "set-state", "西坡村", "地质灾害", "已生效",
                       "--set", "审议日期=2026-06-05", "--set", "审核日期=2026-06-10",
                       "--set", "生效日期=2026-06-10", *db)  # fmt: skip
    assert code == 0 and "下次修订 2027-05-31" in out
    code, out, _ = run(capsys, "plan", "versions", "西坡村", "地质灾害", "--json", *db)
    assert [v["status"] for v in json.loads(out)] == ["已生效"]
    code, _, err = run(capsys, "plan", "add-version", "西坡村", "水灾", "--set", "版本=1", *db)
    assert code == 2 and "没有“水灾”这一类预案" in err
    code, _, err = run(capsys, "shelter", "add", "下庄村", "--set", "名称=下庄村广场",
                       "--set", "地点=下庄村委会", "--set", "可容纳人数=0", *db)  # fmt: skip
    assert code == 2 and "可容纳人数应大于 0" in err
    code, out, _ = run(capsys, "shelter", "add", "下庄村", "--set", "名称=下庄村广场",
                       "--set", "地点=下庄村委会", "--set", "可容纳人数=300",
                       "--set", "管理员电话=13800001234", *db)  # fmt: skip
    assert code == 0 and "已登记避难场所" in out
    code, out, _ = run(capsys, "shelter", "list", "下庄村", "--json", *db)
    assert [s["name"] for s in json.loads(out)] == ["下庄村广场"]
    code, out, _ = run(capsys, "plans", "status", "--json", *db)
    totals = json.loads(out)["totals"]
    assert (totals["drafted"], totals["villages_without_shelter"]) == (115, 1)


def test_shelter_remove_refused_while_in_use(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A demo shelter that routes and households lead to is not removed; a new one is."""
    code, out, _ = run(capsys, "shelter", "list", "上庄村", "--json", "--db", demo_db)
    used = json.loads(out)[0]["id"]
    code, _, err = run(capsys, "shelter", "remove", str(used), "--db", demo_db)
    assert code != 0 and "为转移去向" in err
    code, out, _ = run(capsys, "shelter", "add", "上庄村", "--set", "名称=临时点", "--set",
                       "地点=村口", "--set", "可容纳人数=50", "--db", demo_db)  # fmt: skip
    new = out.split("避难场所 ")[1].split("：")[0]
    code, out, _ = run(capsys, "shelter", "remove", new, "--db", demo_db)
    assert code == 0 and "已删除避难场所" in out
    code, out, _ = run(capsys, "shelter", "list", "上庄村", "--json", "--db", demo_db)
    assert [s["id"] for s in json.loads(out)] == [used]
