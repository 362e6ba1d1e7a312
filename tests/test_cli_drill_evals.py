"""``safetydesk drill evaluate`` and ``drill checklists`` on a real database file, in-process."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from clitools import run

from safetydesk.domain.common import Village
from safetydesk.services import Workspace

TODAY = date(2026, 12, 10)


@pytest.fixture
def db(tmp_path: Path) -> tuple[str, str]:
    path = tmp_path / "evals.db"
    with Workspace.open(path, clock=lambda: TODAY) as ws:
        ws.settings.initialize(township_name="润城镇", county="阳城县", short_name="润")
        ws.villages.save(Village(name="上庄村"))
    return "--db", str(path)


def _drill(capsys: pytest.CaptureFixture[str], db: tuple[str, str], *extra: str) -> str:
    code, out, err = run(capsys, "drill", "add", "--village", "上庄村", "--on", "2026-05-20",
                         "--title", "上庄村防汛演练", *extra, "--json", *db)  # fmt: skip
    assert code == 0, err
    return str(json.loads(out)["id"])


def test_checklists_list_the_shipped_ones(
    db: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "drill", "checklists", "--json", *db)
    found = json.loads(out)
    assert [(t["family"], t["version"], t["uses"]) for t in found] == [
        ("drill-live", 1, 0), ("drill-tabletop", 1, 0)]  # fmt: skip
    assert len(found[0]["items"]) == 13 and found[0]["items"][0]["content"] == "预警接收与叫应"
    code, out, _ = run(capsys, "drill", "checklists", *db)
    assert "[1] 实战演练评估表（第1版）" in out and "1. 预警接收与叫应：" in out
    code, _, err = run(capsys, "drill", "checklists", "--family", "nope", *db)
    assert code != 0 and "没有名为“nope”的评估表" in err


def test_evaluate_rates_items_and_sets_the_conclusion(
    db: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    drill_id = _drill(capsys, db)
    code, out, err = run(capsys, "drill", "evaluate", drill_id, "--all", "达标",
                         "--item", "1=基本达标:叫应慢5分钟", "--item", "5=不达标：两户未转移",
                         "--evaluators", "县应急局 王工", "--json", *db)  # fmt: skip
    assert code == 0, err
    ev = json.loads(out)
    assert (ev["score"], ev["conclusion"], ev["override"]) == (88, "基本达到", None)
    assert ev["results"][0]["note"] == "叫应慢5分钟" and ev["results"][4]["rating"] == "不达标"
    code, out, _ = run(capsys, "drill", "show", drill_id, "--json", *db)
    shown = json.loads(out)
    assert shown["conclusion"] == "基本达到" and shown["evaluation"]["score"] == 88
    # Overridden: a reason is required, then it stands and is said.
    code, _, err = run(capsys, "drill", "evaluate", drill_id, "--conclusion", "达到预期", *db)
    assert code != 0 and "请写明理由" in err
    code, out, err = run(capsys, "drill", "evaluate", drill_id, "--conclusion", "达到预期",
                         "--reason", "当场纠正", *db)  # fmt: skip
    assert code == 0, err
    assert "结论 达到预期（人工调整：当场纠正；按评分为基本达到）" in out
    code, out, _ = run(capsys, "drill", "checklists", "--json", *db)
    assert json.loads(out)[0]["uses"] == 1


def test_bad_evaluations_are_refused_with_nothing_written(
    db: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    drill_id = _drill(capsys, db, "--set", "演练形式=桌面")
    code, _, err = run(capsys, "drill", "evaluate", drill_id, "--item", "1=达标", *db)
    assert code != 0 and "尚未评定" in err  # the other items of the 桌面 checklist
    code, _, err = run(capsys, "drill", "evaluate", drill_id, "--all", "好", *db)
    assert code != 0 and "评定“好”无效" in err
    code, _, err = run(capsys, "drill", "evaluate", drill_id, "--all", "达标",
                       "--item", "40=达标", "--item", "x", "--item", "2=不达标", *db)  # fmt: skip
    assert code != 0
    assert "第40项不存在：评估表共 11 项" in err and "“x” 格式不对" in err
    code, _, err = run(capsys, "drill", "evaluate", drill_id, "--all", "达标",
                       "--item", "2=不达标", *db)  # fmt: skip
    assert code != 0 and "第2项评为不达标，请在说明中写明问题" in err
    code, _, err = run(capsys, "drill", "evaluate", drill_id, "--all", "达标",
                       "--on", "2026-12-11", *db)  # fmt: skip
    assert code != 0 and "晚于今天" in err
    code, out, _ = run(capsys, "drill", "show", drill_id, "--json", *db)
    assert json.loads(out)["evaluation"] is None and json.loads(out)["conclusion"] is None


def test_checklists_are_edited_into_versions_and_copied(
    db: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "drill", "checklist-version", "1", "--item", "预警叫应|逐级叫应到人",
                         "--item", "疏散组织|有序无遗漏", "--json", *db)  # fmt: skip
    assert code == 0, err
    made = json.loads(out)
    assert (made["family"], made["version"], len(made["items"])) == ("drill-live", 2, 2)
    assert made["items"][1] == {"seq": 2, "content": "疏散组织", "standard": "有序无遗漏"}
    code, out, _ = run(capsys, "drill", "checklists", "--family", "drill-live", "--json", *db)
    assert [(t["version"], t["retired"]) for t in json.loads(out)] == [(1, True), (2, False)]
    code, _, err = run(capsys, "drill", "checklist-version", "1", "--item", "a", "--item", "a", *db)
    assert code != 0 and "与第1项重复" in err
    code, out, err = run(capsys, "drill", "checklist-copy", "2", "--name", "本镇桌面推演评估表", *db)
    assert code == 0, err and "本镇桌面推演评估表（第1版）" in out
