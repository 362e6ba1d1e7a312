"""``safetydesk plans gaps`` and ``plan content|attach|open`` on a database built for the test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest

from safetydesk.domain.baobao import Household
from safetydesk.domain.common import Person, PersonRole, Village
from safetydesk.domain.plan_parts import RiskKind, RiskPoint, Supply
from safetydesk.domain.plans import PlanKind
from safetydesk.services import Workspace
from tests.clitools import run

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """上伏村 with a flagged household and a risk point without monitor; 下庄村 empty."""
    path = tmp_path / "data" / "safetydesk.db"
    assert run(capsys, "--db", str(path), "init", "--township", "润城镇", "--county", "阳城县")[0] == 0
    with Workspace.open(path) as ws:
        up = ws.villages.save(Village(name="上伏村", region_code="140522102201")).record.id
        ws.villages.save(Village(name="下庄村", region_code="140522102202"))
        assert up is not None
        helper = ws.people.save(Person(name="王网格", role=PersonRole.GRID_WORKER, village_id=up,
                                       mobile="13800001234")).record.id  # fmt: skip
        point = ws.plan_parts.add(RiskPoint(None, up, "后沟山洪危险区", RiskKind.FLASH_FLOOD,
                                            "后沟", households=1, people=4))  # fmt: skip
        ws.plan_parts.add(Household(None, up, "张三", "第二村民小组", "后沟5号", 4,
                                    risk_point_id=point.id, helper_id=helper))  # fmt: skip
        ws.plan_parts.add(Supply(None, None, "救生衣", 20, "件", expires_on=date(2026, 11, 1)))
        ws.plans.add_version(up, PlanKind.FLOOD, "2026年版", drafted_on=date(2026, 4, 1))
    return str(path)


def test_gaps_listing_filters_and_json(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "plans", "gaps", "--today", "2026-11-23", "--db", db)
    assert code == 0 and not err
    lines = out.splitlines()
    assert lines[0].startswith("一制四案缺项（2026-11-23）：共 ")
    heads = [line for line in lines if line.startswith("【")]
    assert [h.split("】")[0] for h in heads] == ["【上伏村", "【下庄村", "【镇本级"]
    assert "  无转移去向\t住户：张三户（第二村民小组）\t" in out
    assert "风险点无监测人\t风险点：后沟山洪危险区" in out
    assert "物资已过期\t应急物资：救生衣（20件）\t已于 2026-11-01 过期" in out

    code, out, _ = run(capsys, "plans", "gaps", "--json", "--village", "上伏村",
                       "--kind", "无转移路线", "--today", "2026-11-23", "--db", db)  # fmt: skip
    data = json.loads(out)
    assert code == 0 and len(data) == 1
    assert set(data[0]) == {"village_id", "village", "kind", "subject", "subject_id", "label",
                            "detail"}  # fmt: skip
    assert (data[0]["village"], data[0]["kind"], data[0]["subject"], data[0]["label"]) == (
        "上伏村", "无转移路线", "住户", "张三户（第二村民小组）",
    )  # fmt: skip
    code, out, _ = run(capsys, "plans", "gaps", "--village", "镇本级", "--json", "--db", db)
    assert code == 0 and {g["kind"] for g in json.loads(out)} >= {"物资已过期"}
    code, _, err = run(capsys, "plans", "gaps", "--kind", "缺人", "--db", db)
    assert code == 2 and "没有“缺人”这一类缺项" in err and "Traceback" not in err
    code, _, err = run(capsys, "plans", "gaps", "--village", "不存在村", "--db", db)
    assert code == 1 and "找不到名为“不存在村”的村（社区）" in err


def test_gaps_json_in_a_real_process(db: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "safetydesk", "--db", db, "plans", "gaps", "--json",
         "--kind", "无避难场所"],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert [g["village"] for g in json.loads(done.stdout)] == ["上伏村", "下庄村", "镇本级"]


def test_content_set_show_and_refuse(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plan", "content", "上伏村", "防汛",
                       "--set", "预警信号=铜锣急促连续敲击", "--set", "返回条件=镇里通知后",
                       "--step", "人员转移:网格员逐户通知", "--step", "人员转移：组织转移到村委会",
                       "--step", "预警:接收镇预警", "--db", db)  # fmt: skip
    assert code == 0 and out.startswith("已保存。")
    assert "预警信号：铜锣急促连续敲击" in out and "  2. 组织转移到村委会" in out
    code, out, _ = run(capsys, "plan", "content", "上伏村", "防汛", "--json", "--db", db)
    data = json.loads(out)
    assert data["status"] == "草稿" and data["fields"]["return_conditions"] == "镇里通知后"
    assert data["steps"]["人员转移"] == ["网格员逐户通知", "组织转移到村委会"]
    assert data["steps"]["应急处置"] == [] and data["attachment"] is None
    code, _, err = run(capsys, "plan", "content", "上伏村", "防汛", "--step", "无冒号", "--db", db)
    assert code == 2 and "请写成 段落:文本" in err
    code, _, err = run(capsys, "plan", "content", "上伏村", "防汛", "--set", "版本=x", "--db", db)
    assert code == 2 and "字段可为 预警信号" in err
    code, _, err = run(capsys, "plan", "content", "下庄村", "防汛", "--db", db)
    assert code == 1 and "尚未编制" in err


def test_attach_and_open(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    fake = tmp_path / "图片.docx"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    code, _, err = run(capsys, "plan", "attach", "上伏村", "防汛", str(fake), "--db", db)
    assert code == 2 and "实际是PNG 图片" in err
    code, _, err = run(capsys, "plan", "open", "上伏村", "防汛", "--db", db)
    assert code == 1 and "还没有附加文档" in err
    doc = tmp_path / "上伏村防汛预案.docx"
    with zipfile.ZipFile(doc, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    code, out, _ = run(capsys, "plan", "attach", "上伏村", "防汛", str(doc), "--db", db)
    assert code == 0 and "附加文档「上伏村防汛预案.docx」" in out
    # The system viewer: a stand-in xdg-open on PATH records what it was asked to open.
    if sys.platform != "linux":
        pytest.skip("the stand-in viewer is a shell script")
    bin_dir, seen = tmp_path / "bin", tmp_path / "opened.txt"
    bin_dir.mkdir()
    viewer = bin_dir / "xdg-open"
    viewer.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{seen}"\n', encoding="utf-8")
    viewer.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    code, out, _ = run(capsys, "plan", "open", "上伏村", "防汛", "--db", db)
    assert code == 0 and "已用系统程序打开" in out
    for _ in range(100):
        if seen.exists() and seen.read_text(encoding="utf-8"):
            break
        time.sleep(0.05)
    opened = Path(seen.read_text(encoding="utf-8"))
    assert opened.suffix == ".docx" and opened.read_bytes() == doc.read_bytes()
    opened.unlink()
    code, _, err = run(capsys, "plan", "open", "上伏村", "防汛", "--db", db)
    assert code == 1 and "不在数据文件夹中" in err
