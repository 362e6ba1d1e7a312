"""``safetydesk drill add --finding | edit | hazard | attach | detach | show`` and ``drills due``,
on a real database file, in-process."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from clitools import run
from PIL import Image

from safetydesk.domain.common import Unit, UnitType, Village
from safetydesk.domain.hazards import HazardSource
from safetydesk.services import Workspace

TODAY = date(2026, 12, 10)


@pytest.fixture
def db(tmp_path: Path) -> tuple[str, str]:
    path = tmp_path / "drills.db"
    with Workspace.open(path, clock=lambda: TODAY) as ws:
        ws.settings.initialize(township_name="润城镇", county="阳城县", short_name="润")
        vid = ws.villages.save(Village(name="上庄村")).record.id
        ws.villages.save(Village(name="下庄村"))
        ws.units.save(Unit(name="润城示例商场", type=UnitType.CROWDED, village_id=vid,
                           contact="王经理"))  # fmt: skip
        ws.units.save(Unit(name="上庄示例厂", type=UnitType.INDUSTRY, village_id=vid))
    return "--db", str(path)


def _add(capsys: pytest.CaptureFixture[str], db: tuple[str, str], *extra: str) -> dict:
    code, out, err = run(capsys, "drill", "add", "--unit", "润城示例商场", "--on", "2026-06-02",
                         "--title", "商场疏散演练", "--set", "记录人=李华", "--set", "参演人数=40",
                         *extra, "--json", *db)  # fmt: skip
    assert code == 0, err
    return json.loads(out)


def test_findings_on_add_then_edit_and_show(
    db: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    added = _add(capsys, db, "--finding", "安全出口堆放杂物|立即清理并每日巡查|王经理|2026-06-10",
                 "--finding", "广播系统声音小")  # fmt: skip
    code, out, _ = run(capsys, "drill", "show", str(added["id"]), "--json", *db)
    shown = json.loads(out)
    assert [(f["seq"], f["problem"], f["due_on"]) for f in shown["findings"]] == [
        (1, "安全出口堆放杂物", "2026-06-10"), (2, "广播系统声音小", None)]  # fmt: skip
    assert shown["attachments"] == [] and shown["evaluation"] is None
    code, out, err = run(capsys, "drill", "edit", str(added["id"]), "--set", "参演人数=55",
                         "--finding", "广播系统声音小|更换功放|王经理|2026-07-01", *db)  # fmt: skip
    assert code == 0, err and "已修改演练" in out
    code, out, _ = run(capsys, "drill", "show", str(added["id"]), *db)
    assert "参演人数：55" in out
    assert "1. 广播系统声音小（措施：更换功放；责任人：王经理；期限：2026-07-01）" in out
    assert "安全出口堆放杂物" not in out


def test_bad_findings_are_refused_and_nothing_is_written(
    db: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "drill", "add", "--unit", "润城示例商场", "--on", "2026-06-02",
                       "--title", "商场疏散演练", "--finding", "a|b|c|2026-13-01",
                       "--finding", "a|b|c|d|e", *db)  # fmt: skip
    assert code != 0
    assert "第1个 --finding 的期限「2026-13-01」格式不对" in err
    assert "第2个 --finding 有 5 段" in err
    code, _, err = run(capsys, "drill", "add", "--unit", "润城示例商场", "--on", "2026-06-02",
                       "--title", "商场疏散演练", "--finding", "出口堵塞|清理||2026-05-01", *db)  # fmt: skip
    assert code != 0 and "期限" in err  # a deadline before the drill
    code, out, _ = run(capsys, "list", "drills", "--json", *db)
    assert json.loads(out) == []


def test_a_finding_becomes_a_hazard_once(
    db: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    added = _add(capsys, db, "--finding", "安全出口堆放杂物|立即清理|王经理|2026-06-10")
    code, out, err = run(capsys, "drill", "hazard", str(added["id"]), "--item", "1", "--json", *db)
    assert code == 0, err
    made = json.loads(out)
    assert made["due_on"] == "2026-06-10" and made["code"].startswith("润-2026-")
    with Workspace.open(Path(db[1]), clock=lambda: TODAY) as ws:
        hazard = ws.hazards.get(made["id"])
        assert (hazard.source, hazard.drill_id) == (HazardSource.DRILL, added["id"])
        assert hazard.description == "安全出口堆放杂物"
        assert ws.drills.findings(added["id"])[0].hazard_id == made["id"]
    code, _, err = run(capsys, "drill", "hazard", str(added["id"]), "--item", "1", *db)
    assert code != 0 and f"已登记为隐患 {made['code']}" in err
    code, _, err = run(capsys, "drill", "hazard", str(added["id"]), "--item", "3", *db)
    assert code != 0 and "第3项问题不存在，共1项" in err
    code, out, _ = run(capsys, "drill", "show", str(added["id"]), *db)
    assert f"已登记为隐患 {made['code']}" in out


def test_a_village_drill_finding_needs_a_unit(
    db: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "drill", "add", "--village", "上庄村", "--on", "2026-05-20",
                         "--title", "防汛演练", "--set", "记录人=李华",
                         "--finding", "转移路线被施工阻断|调整路线|村支书|2026-06-01",
                         "--json", *db)  # fmt: skip
    assert code == 0, err
    drill_id = str(json.loads(out)["id"])
    code, _, err = run(capsys, "drill", "hazard", drill_id, "--item", "1", *db)
    assert code != 0 and "--unit" in err
    code, out, err = run(capsys, "drill", "hazard", drill_id, "--item", "1",
                         "--unit", "上庄示例厂", *db)  # fmt: skip
    assert code == 0, err and "已把演练" in out


def test_attach_and_detach(
    db: tuple[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    added = _add(capsys, db)
    photo = tmp_path / "现场.png"
    Image.new("RGB", (80, 60), (30, 120, 200)).save(photo)
    fake = tmp_path / "签到.jpg"
    fake.write_text("不是图片", encoding="utf-8")
    drill_id = str(added["id"])
    code, out, err = run(capsys, "drill", "attach", drill_id, str(photo), "--note", "疏散集合",
                         "--taken-on", "2026-06-02", "--json", *db)  # fmt: skip
    assert code == 0, err
    att = json.loads(out)
    stored = Path(db[1]).parent / "attachments" / att["file"]
    assert stored.read_bytes() == photo.read_bytes()
    code, _, err = run(capsys, "drill", "attach", drill_id, str(fake), "--kind", "签到表", *db)
    assert code != 0 and "「签到.jpg」不是可读取的" in err
    code, _, err = run(capsys, "drill", "attach", drill_id, str(photo), *db)
    assert code != 0 and "已附加过" in err
    code, _, err = run(capsys, "drill", "attach", drill_id, str(photo), "--kind", "合影", *db)
    assert code != 0 and "附件类别“合影”无效" in err
    code, out, _ = run(capsys, "drill", "show", drill_id, *db)
    assert f"[{att['id']}] 照片：现场.png，2026-06-02，疏散集合" in out
    code, _, err = run(capsys, "drill", "detach", drill_id, "999", *db)
    assert code != 0 and "没有编号为 999 的附件" in err
    code, out, err = run(capsys, "drill", "detach", drill_id, str(att["id"]), *db)
    assert code == 0, err and "已删除" in out
    assert not stored.exists()


def test_due_soon_in_due_and_compliance(
    db: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    _add(capsys, db)  # the 商场 has its first half; it owes the second by 31 December
    code, out, err = run(capsys, "drills", "due", "--today", "2026-12-10", "--json", *db)
    assert code == 0, err
    due = json.loads(out)
    names = sorted(o["subject"] for o in due)
    assert "润城示例商场" in names and "上庄村" in names and "下庄村" in names
    assert all(o["due_on"] == "2026-12-31" and o["days_left"] == 21 for o in due)
    code, out, _ = run(capsys, "drills", "due", "--today", "2026-11-01", *db)
    assert "30日内到期、尚未完成的演练义务 0 项" in out
    code, out, _ = run(capsys, "drills", "compliance", "--year", "2026", "--today", "2026-12-10",
                       *db)  # fmt: skip
    tail = out[out.index("30日内到期：") :]
    assert f"30日内到期：{len(due)} 项" in tail
    assert "润城示例商场（单位）缺1次不限灾种演练，2026-12-31 到期（还有21天）" in tail
    code, _, err = run(capsys, "drills", "due", "--days", "-3", *db)
    assert code != 0 and "不能为负数" in err
