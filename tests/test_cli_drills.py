"""``safetydesk drill``, ``drills`` and ``list drills`` on a real database file, in-process."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from clitools import run

from safetydesk.domain.common import Unit, UnitType, Village
from safetydesk.domain.drill_plans import PlanItem, Recurrence
from safetydesk.domain.drills import SubjectKind
from safetydesk.domain.plans import PlanKind, PlanStatus
from safetydesk.services import Workspace


@pytest.fixture
def db(tmp_path: Path) -> tuple[str, str]:
    path = tmp_path / "drills.db"
    with Workspace.open(path, clock=lambda: date(2026, 11, 30)) as ws:
        ws.settings.initialize(township_name="润城镇", county="阳城县", short_name="润")
        vid = ws.villages.save(Village(name="上庄村")).record.id
        ws.villages.save(Village(name="下庄村"))
        ws.units.save(Unit(name="润城示例商场", type=UnitType.CROWDED, village_id=vid))
        ws.plans.add_version(vid, PlanKind.FLOOD, "2026年版", drafted_on=date(2026, 3, 1),
                             adopted_on=date(2026, 3, 5), reviewed_by="陈卫东",
                             reviewed_on=date(2026, 3, 9))  # fmt: skip
        ws.plans.set_state(vid, PlanKind.FLOOD, PlanStatus.SUBMITTED)
        ws.plans.set_state(vid, PlanKind.FLOOD, PlanStatus.EFFECTIVE, effective_on=date(2026, 3, 9))
        ws.drills.add_item(PlanItem(first_year=2026, title="上庄村防汛演练", month=5,
                                    subject_kind=SubjectKind.VILLAGE, village_id=vid,
                                    recurrence=Recurrence.YEARLY))  # fmt: skip
    return "--db", str(path)


def test_add_show_list_and_revise(db: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "drill", "add", "--village", "上庄村", "--on", "2026-05-20",
                         "--title", "上庄村防汛演练", "--category", "防汛",
                         "--set", "参演人数=60", "--set", "群众人数=45", "--set", "开始时间=09:00",
                         "--set", "结束时间=10:30", "--set", "plan_item_id=1", "--json", *db)  # fmt: skip
    assert code == 0, err
    added = json.loads(out)
    assert (added["record_no"], added["subject"], added["residents"]) == ("YL2026-1", "上庄村", 45)
    code, out, err = run(capsys, "drill", "add", "--unit", "润城示例商场", "--on", "2026-04-02",
                         "--title", "商场疏散演练", "--category", "人员密集场所疏散",
                         "--set", "报送日期=2026-04-05", *db)  # fmt: skip
    assert code == 0, err
    assert "已登记演练 2（YL2026-2）：商场疏散演练" in out
    code, out, _ = run(capsys, "drill", "show", str(added["id"]), *db)
    assert "组织：上庄村；2026-05-20 09:00–10:30；防汛" in out and "群众人数：45" in out
    code, out, _ = run(capsys, "list", "drills", "--year", "2026", "--json", *db)
    assert [d["title"] for d in json.loads(out)] == ["商场疏散演练", "上庄村防汛演练"]
    code, out, _ = run(capsys, "list", "drills", "--year", "2025", *db)
    assert out.startswith("演练记录 0 次（2025 年）")

    code, out, err = run(capsys, "drill", "revise-plan", str(added["id"]), "--reason",
                         "转移路线需避开新修河堤", *db)  # fmt: skip
    assert code == 0, err
    assert "已标为需修订：转移路线需避开新修河堤" in out
    with Workspace.open(Path(db[1])) as ws:
        assert ws.plans.versions(1, PlanKind.FLOOD)[-1].status is PlanStatus.NEEDS_REVISION
        assert ws.drills.get(added["id"]).needs_plan_revision

    code, out, _ = run(capsys, "drills", "plan", "--year", "2026", "--json", *db)
    (item,) = json.loads(out)
    assert (item["on"], item["status"], item["drill_id"]) == ("2026-05-31", "已实施", added["id"])


def test_bad_drills_are_refused_and_nothing_written(
    db: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "drill", "add", "--village", "上庄村", "--on", "2026-05-20",
                       "--title", "防汛演练", "--set", "开始时间=10:00", "--set", "结束时间=09:00",
                       "--set", "参演人数=5", "--set", "群众人数=8", *db)  # fmt: skip
    assert code == 2
    assert "早于开始时间" in err and "多于参演人数" in err
    code, _, err = run(capsys, "drill", "add", "--on", "2099-01-01", "--title", "x", *db)
    assert code == 2 and "晚于今天" in err
    code, _, err = run(capsys, "drill", "add", "--village", "无此村", "--on", "2026-05-20",
                       "--title", "x", *db)  # fmt: skip
    assert code == 1 and "无此村" in err
    code, _, err = run(capsys, "drill", "add", "--on", "2026-05-20", "--title", "x",
                       "--category", "打雷", *db)  # fmt: skip
    assert code == 2 and "灾种“打雷”无效" in err
    code, out, _ = run(capsys, "list", "drills", "--json", *db)
    assert json.loads(out) == []


def test_compliance_lists_every_subject_and_rule(
    db: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "drill", "add", "--village", "上庄村", "--on", "2026-05-20", "--title", "防汛演练",
        *db)  # fmt: skip
    code, out, err = run(capsys, "drills", "compliance", "--year", "2026", "--today", "2026-12-10",
                         "--json", *db)  # fmt: skip
    assert code == 0, err
    rows = {(r["subject"], r["live_required"], r["due_on"]): (r["required"], r["done"],
            r["missing"], r["status"]) for r in json.loads(out)}  # fmt: skip
    assert rows == {
        ("润城镇", False, "2026-12-31"): (1, 0, 1, "即将到期"),
        ("润城镇", True, "2026-12-31"): (1, 0, 1, "即将到期"),
        ("上庄村", False, "2026-12-31"): (1, 1, 0, "已完成"),
        ("下庄村", False, "2026-12-31"): (1, 0, 1, "即将到期"),
        ("润城示例商场", False, "2026-06-30"): (1, 0, 1, "逾期未完成"),
        ("润城示例商场", False, "2026-12-31"): (1, 0, 1, "即将到期"),
    }
    code, out, _ = run(capsys, "drills", "compliance", "--year", "2026", "--today", "2026-12-10",
                       *db)  # fmt: skip
    assert out.startswith("2026 年演练义务 6 项，未完成 5 项（按 2026-12-10 判断）")
    assert "下庄村\t村(社区)\t不限\t年\t1\t0\t1\t2026-12-31\t即将到期" in out
