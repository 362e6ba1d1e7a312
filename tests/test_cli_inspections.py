"""``safetydesk coverage | draw | checklists`` against a real database file.

Records are written through the ``ws`` fixture's workspace, then the CLI opens the same file.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from safetydesk.cli import main
from safetydesk.domain.common import Unit, UnitType, Village
from safetydesk.domain.inspections import ChecklistItem, Inspection
from safetydesk.services import Workspace
from safetydesk.services.inspections import inspector


def run(capsys: pytest.CaptureFixture[str], ws: Workspace, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--db", str(ws.path)])
    out, err = capsys.readouterr()
    return code, out, err


def inspect(ws: Workspace, unit: Unit, on: str, *methods: str) -> None:
    ws.inspections.record(Inspection(
        unit_id=unit.id, started_at=datetime.fromisoformat(f"{on}T09:00"), methods=methods or ("常规",),
        inspectors=(inspector("王建国"), inspector("李明")), recorder="李明", narrative="检查了消防设施。",
    ))  # fmt: skip


@pytest.fixture
def three_units(ws: Workspace, village: Village) -> dict[str, Unit]:
    """A risk-A factory (quarterly), a risk-B shop (half-yearly) and a plain restaurant (yearly)."""
    units = {
        "甲": ws.units.save(Unit(name="甲化工（虚构）", type=UnitType.INDUSTRY, village_id=village.id, risk="A")).record,
        "乙": ws.units.save(Unit(name="乙商店（虚构）", type=UnitType.NINE_SMALL, subtype="小饭店", village_id=village.id, risk="B")).record,
        "丙": ws.units.save(Unit(name="丙饭店（虚构）", type=UnitType.NINE_SMALL, subtype="小饭店", village_id=village.id)).record,
    }
    inspect(ws, units["甲"], "2026-10-08", "四不两直")
    inspect(ws, units["乙"], "2026-03-02", "双随机", "常规")
    inspect(ws, units["丙"], "2026-05-06")
    return units


def test_coverage_json_has_the_report_figures(capsys, ws: Workspace, three_units) -> None:  # noqa: ANN001
    code, out, _ = run(capsys, ws, "coverage", "--year", "2026", "--as-of", "2026-11-23", "--json")
    assert code == 0
    fig = json.loads(out)
    assert (fig["year"], fig["as_of"]) == (2026, "2026-11-23")
    assert (fig["units_required"], fig["covered"], fig["not_covered"]) == (3, 2, 1)
    assert fig["coverage_rate"] == 66.7
    assert (fig["inspections"], fig["four_no_two_direct"], fig["double_random"]) == (3, 1, 1)
    assert fig["four_no_two_direct_share"] == 33.3 and fig["double_random_share"] == 33.3
    assert fig["by_village"] == [{"village": "润城村", "covered": 2, "required": 3, "rate": 66.7}]
    [missing] = fig["units_not_covered"]
    assert missing["unit_name"] == "乙商店（虚构）" and missing["rule"] == "每半年1次"
    assert (missing["required"], missing["done"], missing["last_on"]) == (2, 1, "2026-03-02")
    # The same figures as the service computes.
    rep = ws.coverage.coverage(2026, ws.clock())
    assert [u.unit_id for u in rep.not_covered] == [missing["unit_id"]]


def test_coverage_text_lists_uncovered_units_by_village(capsys, ws: Workspace, three_units) -> None:  # noqa: ANN001
    code, out, _ = run(capsys, ws, "coverage", "--year", "2026", "--as-of", "2026-11-23")
    assert code == 0
    assert "润城镇 2026 年检查覆盖情况（统计截至 2026-11-23）" in out
    assert "应检单位 3 · 本期已检 2 · 未检 1 · 覆盖率 66.7% · 本年检查 3 次" in out
    assert "四不两直 占 33.3% · 双随机 占 33.3%" in out
    assert "润城村：未检 1 / 应检 3" in out
    assert f"{three_units['乙'].id}\t乙商店（虚构）\t九小场所\tB\t每半年1次\t1/2\t2026-03-02" in out
    assert "甲化工" not in out
    # Mid-year: the factory's third quarter had no inspection yet on 30 September.
    code, out, _ = run(capsys, ws, "coverage", "--year", "2026", "--as-of", "2026-09-30", "--json")
    names = [u["unit_name"] for u in json.loads(out)["units_not_covered"]]
    assert names == ["甲化工（虚构）", "乙商店（虚构）"]


def test_coverage_refuses_an_as_of_outside_the_year(capsys, ws: Workspace) -> None:  # noqa: ANN001
    code, _, err = run(capsys, ws, "coverage", "--year", "2025", "--as-of", "2026-01-01")
    assert code == 2 and "不在 2025 年内" in err
    code, out, _ = run(capsys, ws, "coverage", "--year", "2025")
    assert code == 0 and "没有应检的单位场所" in out


@pytest.fixture
def restaurants(ws: Workspace, village: Village) -> list[Unit]:
    other = ws.villages.save(Village(name="刘善村")).record
    units = [ws.units.save(Unit(name=f"第{i}饭店（虚构）", type=UnitType.NINE_SMALL, subtype="小饭店", village_id=village.id)).record
             for i in range(12)]  # fmt: skip
    ws.units.save(Unit(name="某厂（虚构）", type=UnitType.INDUSTRY, village_id=village.id))
    ws.units.save(Unit(name="刘善饭店（虚构）", type=UnitType.NINE_SMALL, subtype="小饭店", village_id=other.id))
    return units


def test_draw_is_reproducible_with_a_seed_and_recorded(capsys, ws: Workspace, restaurants) -> None:  # noqa: ANN001
    args = ("draw", "--n", "4", "--type", "九小场所", "--village", "润城村", "--seed", "20261123")
    code, out, _ = run(capsys, ws, *args, "--by", "王建国", "--json")
    assert code == 0
    first = json.loads(out)
    assert first["seed"] == 20261123 and first["population_size"] == 12 and first["by"] == "王建国"
    assert first["filter_text"] == "村(社区)：润城村；类型：九小场所"
    ids = [c["unit_id"] for c in first["chosen"]]
    assert len(set(ids)) == 4 and {c["order"] for c in first["chosen"]} == {1, 2, 3, 4}
    assert set(ids) <= {u.id for u in restaurants}
    code, out, _ = run(capsys, ws, *args, "--json")
    second = json.loads(out)
    assert [c["unit_id"] for c in second["chosen"]] == ids and second["id"] != first["id"]
    # Both draws are stored; the text output names the seed and the units in draw order.
    code, out, _ = run(capsys, ws, *args)
    assert code == 0 and "随机种子 20261123" in out and "从 12 个单位中随机抽取 4 个" in out
    names = {u.id: u.name for u in restaurants}
    assert out.index(names[ids[0]]) < out.index(names[ids[1]]) < out.index(names[ids[3]])
    assert len(ws.coverage.draws.of_year(int(first["drawn_on"][:4]))) == 3
    code, out, _ = run(capsys, ws, "draw", "--verify", str(first["id"]))
    assert code == 0 and "复核一致" in out


def test_draw_without_seed_records_one_and_verify_detects_tampering(capsys, ws: Workspace, restaurants) -> None:  # noqa: ANN001
    code, out, _ = run(capsys, ws, "draw", "--n", "3", "--json")
    d = json.loads(out)
    assert code == 0 and d["population_size"] == 14 and d["filter_text"] == "全部在册单位场所"
    assert ws.coverage.draws.get(d["id"]).seed == d["seed"]
    code, out, _ = run(capsys, ws, "draw", "--list", "--year", d["drawn_on"][:4], "--json")
    assert [x["id"] for x in json.loads(out)] == [d["id"]]
    # Someone edits the stored result: 复核 says so.
    chosen = json.loads(ws.db.conn.execute("SELECT chosen FROM draws WHERE id = ?", [d["id"]]).fetchone()[0])
    others = [u.id for u in restaurants if u.id not in chosen]
    ws.db.conn.execute("UPDATE draws SET chosen = ? WHERE id = ?", [json.dumps([others[0], *chosen[1:]]), d["id"]])
    ws.db.conn.commit()
    code, _, err = run(capsys, ws, "draw", "--verify", str(d["id"]))
    assert code == 1 and "复核不一致" in err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--n", "13", "--type", "九小场所", "--village", "润城村"), "1 到 12"),
        (("--n", "2", "--type", "九小"), "单位类型「九小」无效"),
        (("--n", "2", "--risk", "Z"), "风险等级「Z」无效"),
        (("--n", "2", "--village", "无此村"), "找不到村(社区)"),
        (("--n", "1", "--risk", "A"), "没有可抽取的单位"),
        ((), "--n"),
    ],
)
def test_bad_draws_are_refused(capsys, ws: Workspace, restaurants, args: tuple[str, ...], words: str) -> None:  # noqa: ANN001
    code, _, err = run(capsys, ws, "draw", *args)
    assert code == 2 and words in err
    assert ws.db.conn.execute("SELECT count(*) FROM draws").fetchone()[0] == 0


def test_checklists_list_and_show(capsys, ws: Workspace, unit: Unit) -> None:  # noqa: ANN001
    code, out, _ = run(capsys, ws, "checklists", "list", "--json")
    shipped = json.loads(out)
    assert code == 0 and len(shipped) == 9 and all(t["builtin"] for t in shipped)
    fire = next(t for t in shipped if t["family"] == "fire-general")
    assert fire["uses"] == 0 and "九小场所" in fire["target_types"]
    # A copy, used once, then edited as a new version: list shows the current one, --all both.
    mine = ws.checklists.copy(fire["id"], "本镇消防检查表").record
    ws.inspections.record(Inspection(unit_id=unit.id, started_at=datetime(2026, 11, 20, 9, 0), template_id=mine.id,
                                     results=ws.inspections.start_from_template(mine.id),
                                     inspectors=(inspector("王建国"),), recorder="王建国"))  # fmt: skip
    v2 = ws.checklists.new_version(mine.id, (*mine.items, ChecklistItem(seq=99, content="微型消防站"))).record
    code, out, _ = run(capsys, ws, "checklists", "list")
    assert code == 0 and f"{v2.id}\t本镇消防检查表\t第2版" in out and "第1版\t九小场所、人员密集场所、集(农)贸市场、学校/校外培训、文物古建/宗教场所\t12\t自定义" not in out
    code, out, _ = run(capsys, ws, "checklists", "list", "--all")
    assert f"{mine.id}\t本镇消防检查表\t第1版" in out and "已停用" in out
    assert f"{mine.id}\t本镇消防检查表\t第1版\t{'、'.join(mine.target_types)}\t12\t自定义\t1\t已停用" in out
    code, out, _ = run(capsys, ws, "checklists", "show", str(v2.id), "--json")
    shown = json.loads(out)
    assert shown["version"] == 2 and shown["uses"] == 0 and shown["items"][-1]["content"] == "微型消防站"
    assert shown["items"][-1]["seq"] == 13
    code, out, _ = run(capsys, ws, "checklists", "show", str(fire["id"]))
    assert code == 0 and "九小场所/人员密集场所消防安全检查表（ID" in out and "内置" in out
    assert "3\t疏散通道、安全出口\t畅通，不锁闭、不占用、不堵塞\t" in out and out.count("\t是\n") == 2
    code, _, err = run(capsys, ws, "checklists", "show", "999")
    assert code == 1 and "找不到编号为 999 的检查表" in err
