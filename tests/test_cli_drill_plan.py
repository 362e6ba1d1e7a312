"""``safetydesk drills plan-add | move | cancel | rules`` on a real database file, in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clitools import run

from safetydesk.domain.common import Village
from safetydesk.services import Workspace


@pytest.fixture
def db(tmp_path: Path) -> tuple[str, str]:
    path = tmp_path / "plan.db"
    with Workspace.open(path) as ws:
        ws.settings.initialize(township_name="润城镇", county="阳城县", short_name="润")
        ws.villages.save(Village(name="上庄村"))
    return "--db", str(path)


def test_plan_add_move_cancel(db: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "drills", "plan-add", "--year", "2026", "--title", "上庄村防汛演练",
                         "--village", "上庄村", "--month", "8", "--day", "31", "--every", "每半年",
                         "--category", "防汛", "--json", *db)  # fmt: skip
    assert code == 0, err
    item = json.loads(out)
    assert item["dates"] == ["2026-08-31"] and item["seq"] == 1
    code, out, _ = run(capsys, "drills", "plan-add", "--year", "2027", "--title", "镇地震桌面推演",
                       "--month", "2", "--day", "29", "--form", "桌面", *db)  # fmt: skip
    assert code == 0 and "（序号 2）：镇地震桌面推演，2027 年：2027-02-28。" in out
    code, out, err = run(capsys, "drills", "move", str(item["id"]), "--date", "2026-08-31",
                         "--to", "2026-09-15", "--reason", "秋汛调整", *db)  # fmt: skip
    assert code == 0, err
    assert "已延期：2026-08-31 → 2026-09-15（秋汛调整）" in out
    code, _, err = run(capsys, "drills", "cancel", str(item["id"]), "--date", "2026-08-30",
                       "--reason", "x", *db)  # fmt: skip
    assert code == 2 and "没有安排" in err
    code, out, _ = run(capsys, "drills", "plan", "--year", "2027", "--json", *db)
    assert [(o["title"], o["on"]) for o in json.loads(out)] == [
        ("上庄村防汛演练", "2027-02-28"), ("镇地震桌面推演", "2027-02-28"),
        ("上庄村防汛演练", "2027-08-31"),
    ]  # fmt: skip
    code, out, _ = run(capsys, "drills", "plan", "--year", "2026", *db)
    assert (
        "2026-09-15\t上庄村防汛演练\t防汛\t实战\t" in out and "秋汛调整（原定 2026-08-31）" in out
    )


def test_bad_plan_items_are_refused(
    db: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "drills", "plan-add", "--year", "2026", "--title", "x",
                       "--month", "13", *db)  # fmt: skip
    assert code == 2 and "不在 1–12 之间" in err
    code, _, err = run(capsys, "drills", "plan-add", "--year", "2026", "--title", "x",
                       "--month", "5", "--every", "每月", *db)  # fmt: skip
    assert code == 2 and "重复方式“每月”无效" in err
    code, out, _ = run(capsys, "drills", "plan", "--year", "2026", "--json", *db)
    assert json.loads(out) == []


def test_rules_lists_the_defaults(db: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "drills", "rules", "--json", *db)
    rules = json.loads(out)
    assert code == 0
    town = [r for r in rules if r["subject_kind"] == "镇"]
    assert sorted(r["live_required"] for r in town) == [False, True]
    crowded = next(r for r in rules if r["unit_type"] == "人员密集场所")
    assert (crowded["period"], crowded["min_count"]) == ("半年", 1)
