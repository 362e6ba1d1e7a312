"""The 一制四案 part commands (contact, riskpoint, household, baobao …) on a demo database."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.clitools import run


@pytest.fixture
def demo_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    db = str(tmp_path / "demo.db")
    # The lists judge expiry by the real today: the demo ends on it.
    assert run(capsys, "--db", db, "demo", "--today", date.today().isoformat())[0] == 0
    return "--db", db


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict]:
    code, out, err = run(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_contact_list_shows_missing_entries_and_add_fills_them(
    demo_db: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "contact", "list", "下伏村", *demo_db)
    assert code == 0 and "缺少：信息报告员" in out
    code, out, err = run(capsys, "contact", "add", "下伏村", "--set", "类别=信息报告员",
                         "--set", "姓名=周明", "--set", "手机=138 0000 9876", *demo_db)  # fmt: skip
    assert code == 0 and "已新增通讯录条目" in out, err
    code, out, _ = run(capsys, "contact", "list", "下伏村", *demo_db)
    assert "必备联系人齐全" in out
    rows = _json(capsys, "contact", "list", "下伏村", *demo_db)
    assert [r["mobile"] for r in rows if r["category"] == "信息报告员"] == ["13800009876"]
    assert all(r["village"] == "下伏村" for r in rows)
    code, _, err = run(capsys, "contact", "add", "下伏村", "--set", "类别=信息报告员",
                       "--set", "姓名=周明", "--set", "手机=123", *demo_db)  # fmt: skip
    assert code == 2 and "手机「123」格式不对" in err
    code, _, err = run(capsys, "contact", "add", "下伏村", "--set", "类别=村长", *demo_db)
    assert code == 2 and "类别「村长」无效" in err and "请用 --set 姓名=… 填写姓名" in err
    code, _, err = run(capsys, "contact", "add", "不存在村", "--set", "姓名=周明", *demo_db)
    assert code == 1 and "找不到名为“不存在村”的村（社区）" in err


def test_riskpoint_monitor_by_name_unknown_and_ambiguous(
    demo_db: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    (point,) = [r for r in _json(capsys, "riskpoint", "list", "贝坡村", *demo_db) if r["needs_monitor"]]
    code, out, _ = run(capsys, "riskpoint", "list", "贝坡村", *demo_db)
    assert "缺监测人" in out
    code, _, err = run(capsys, "riskpoint", "edit", str(point["id"]), "--set", "监测人=查无此人",
                       *demo_db)  # fmt: skip
    assert code == 2 and "人员名录中没有“查无此人”" in err
    # Two people of the same name, in other villages: ambiguous until named by #编号.
    for village in ("润城村", "刘善村"):
        assert run(capsys, "add", "people", "--set", "name=赵同名", "--set", "role=监测员",
                   "--set", f"village_id={village}", *demo_db)[0] == 0  # fmt: skip
    code, _, err = run(capsys, "riskpoint", "edit", str(point["id"]), "--set", "监测人=赵同名",
                       *demo_db)  # fmt: skip
    assert code == 2 and "有 2 位“赵同名”" in err and "请写成 #编号" in err
    pid = int(err.split("#")[1].split("（")[0])
    code, out, err = run(capsys, "riskpoint", "edit", str(point["id"]), "--set", f"监测人=#{pid}",
                         *demo_db)  # fmt: skip
    assert code == 0, err
    (edited,) = [r for r in _json(capsys, "riskpoint", "list", "贝坡村", *demo_db)
                 if r["id"] == point["id"]]  # fmt: skip
    assert edited["monitor_id"] == pid and edited["monitor_name"] == "赵同名"
    assert not edited["needs_monitor"]


def test_household_baobao_and_the_needs_revision_trigger(
    demo_db: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    db = demo_db
    code, out, err = run(capsys, "household", "add", "上庄村", "--set", "户主=孟秋生",
                         "--set", "村民小组=第一村民小组", "--set", "住址=上庄村第一村民小组8号",
                         "--set", "人数=2", "--set", "重点人群=独居老人、残疾人",
                         "--set", "风险点=沁河上庄段河道险工", "--set", "避难场所=上庄村应急避难场所",
                         *db)  # fmt: skip
    assert code == 0, err
    (new,) = [h for h in _json(capsys, "household", "list", "上庄村", *db) if h["head"] == "孟秋生"]
    assert new["vulnerable"] == ["独居老人", "残疾人"]
    assert new["gaps"] == ["无包户责任人", "无转移路线", "明白卡未发放"]  # a draft, flagged
    routes = _json(capsys, "route", "list", "上庄村", *db)
    grid = [c for c in _json(capsys, "contact", "list", "上庄村", *db) if c["category"] == "网格员"]
    code, _, err = run(capsys, "household", "edit", str(new["id"]), "--set", f"转移路线=#{routes[0]['id']}",
                       "--set", f"包户责任人={grid[0]['name']}", *db)  # fmt: skip
    assert code == 0, err
    code, _, err = run(capsys, "household", "add", "镇本级", "--set", "户主=某", "--set", "村民小组=一",
                       "--set", "住址=某地", "--set", "人数=1", *db)  # fmt: skip
    assert code == 2 and "不能写“镇本级”" in err
    # Giving the household its helper changed the chain: the plans turned 需修订; then its 包保 relation.
    chain = _json(capsys, "baobao", "list", "上庄村", *db)
    (group,) = [a for a in chain if a["level"] == "村包组" and a["target"] == "第一村民小组"]
    code, out, err = run(capsys, "baobao", "add", "上庄村", "--set", "层级=党员/网格员包人",
                         "--set", f"责任人={grid[0]['name']}", "--set", "包保对象=孟秋生户",
                         "--set", "住户=孟秋生", "--set", "灾种=防汛",
                         "--set", f"上级责任人=#{group['person_id']}", *db)  # fmt: skip
    assert code == 0, err
    status = json.loads(run(capsys, "plans", "status", "--json", *db)[1])
    (row,) = [v for v in status["villages"] if v["village"] == "上庄村"]
    assert row["items"]["包保责任制"]["status"] == "需修订"
    # The first change of the chain gives the reason: the household got its helper.
    assert row["items"]["包保责任制"]["reason"] == (
        f"包户责任人变动：孟秋生户（第一村民小组）无→{grid[0]['name']}（{date.today().isoformat()}）"
    )
    assert row["items"]["防汛"]["status"] == "需修订" and row["items"]["地震"]["status"] == "已生效"
    assert row["items"]["防火"]["status"] == "待审核"  # not in force: untouched
    (mine,) = [a for a in _json(capsys, "baobao", "list", "上庄村", *db) if a["target"] == "孟秋生户"]
    assert mine["person_name"] == grid[0]["name"] and mine["hazards"] == ["防汛"]
    code, _, err = run(capsys, "household", "remove", str(new["id"]), *db)
    assert code == 1 and "还有 1 条包保关系引用这条记录" in err
    assert run(capsys, "baobao", "remove", str(mine["id"]), *db)[0] == 0
    assert run(capsys, "household", "remove", str(new["id"]), *db)[0] == 0


def test_other_parts_add_list_and_shelter_edit(
    demo_db: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    db = demo_db
    supplies = _json(capsys, "supply", "list", *db)
    assert [s["state"] for s in supplies if s["state"] != "有效"] == ["已过期", "30日内过期"]
    (expired,) = [s for s in supplies if s["state"] == "已过期"]
    assert run(capsys, "supply", "edit", str(expired["id"]), "--set", "有效期=2028-12-31", *db)[0] == 0
    code, out, _ = run(capsys, "supply", "list", "河头村", *db)
    assert code == 0 and "已过期" not in out
    code, out, err = run(capsys, "card", "add", "上庄村", "--set", "名称=护林员防火应急处置卡",
                         "--set", "岗位=护林员", "--set", "灾种=防火", "--set", "启动条件=发现烟点",
                         "--set", "步骤=拨打12119|报告村书记|引导群众离开", *db)  # fmt: skip
    assert code == 0, err
    (card,) = [c for c in _json(capsys, "card", "list", "上庄村", *db) if c["role"] == "护林员"]
    assert card["steps"] == ["拨打12119", "报告村书记", "引导群众离开"]
    code, _, err = run(capsys, "card", "add", "上庄村", "--set", "名称=卡", "--set", "岗位=书记",
                       "--set", "灾种=防火", "--set", "启动条件=火", "--set",
                       "步骤=" + "|".join(f"第{i}步" for i in range(9)), *db)  # fmt: skip
    assert code == 2 and "处置步骤最多 8 步" in err
    assert run(capsys, "add", "people", "--set", "name=钱一鸣", "--set", "role=镇干部", *db)[0] == 0
    for command, pairs in (
        ("team", ("名称=镇应急分队", "类型=其他", "队长=钱一鸣", "队长电话=13800003002", "人数=20")),
        ("workgroup", ("小组=工作组", "人员=钱一鸣", "职责=组长")),
        ("route", ("名称=镇区转移路线", "起点=镇区低洼处", "避难场所=润城镇文体广场应急避难场所")),
    ):
        args = [a for p in pairs for a in ("--set", p)]
        code, out, err = run(capsys, command, "add", "镇本级", *args, *db)
        assert code == 0, err
        (rec,) = _json(capsys, command, "list", "镇本级", *db)
        assert rec["village"] == "镇本级" and rec["village_id"] is None
    (member,) = _json(capsys, "workgroup", "list", "镇本级", *db)
    assert member["person_name"] == "钱一鸣"
    (route,) = _json(capsys, "route", "list", "镇本级", *db)
    assert route["shelter_id"] == json.loads(
        run(capsys, "shelter", "list", "镇本级", "--json", *db)[1])[0]["id"]  # fmt: skip
    code, _, err = run(capsys, "team", "add", "镇本级", "--set", "名称=队", "--set", "坏字段=1", *db)
    assert code == 2 and "“坏字段”不是应急队伍的字段" in err
    shelters = json.loads(run(capsys, "shelter", "list", "镇本级", "--json", *db)[1])
    code, out, err = run(capsys, "shelter", "edit", str(shelters[0]["id"]), "--set", "可容纳人数=3500",
                         "--set", "适用灾种=防汛、地震", *db)  # fmt: skip
    assert code == 0, err
    (after,) = json.loads(run(capsys, "shelter", "list", "镇本级", "--json", *db)[1])
    assert (after["capacity"], after["hazards"]) == (3500, ["防汛", "地震"])
    code, _, err = run(capsys, "shelter", "edit", str(shelters[0]["id"]), "--set", "可容纳人数=0", *db)
    assert code == 2 and "可容纳人数应大于 0" in err
    code, out, _ = run(capsys, "fields", "households", *db)
    assert code == 0 and "helper_id\t包户责任人" in out
    code, out, _ = run(capsys, "fields", "shelters", *db)
    assert code == 0 and out.splitlines()[:2] == ["name\t名称", "place\t地点"]
    assert "place\t地点" in out and "hazards\t适用灾种" in out
