"""``safetydesk callout`` and ``list callouts`` on a real database file, in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from callout_chain import make_chain
from clitools import run
from pypdf import PdfReader

from safetydesk.services import Workspace


@pytest.fixture
def chain_db(tmp_path: Path) -> str:
    path = tmp_path / "callout.db"
    ws = Workspace.open(path)
    ws.settings.initialize(township_name="润城镇", county="阳城县", short_name="润")
    make_chain(ws)
    ws.close()
    return str(path)


def test_start_answer_escalate_close_show(chain_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = ("--db", chain_db)
    code, out, err = run(capsys, "callout", "start", "--type", "防汛", "--level", "橙色",
                         "--villages", "上庄村,润城村", "--at", "2026-07-14 21:30",
                         "--source", "阳城县气象台", "--escalate-after", "10", "--json", *db)  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    cid = str(data["id"])
    assert data["level"] == "橙色" and data["villages"] == ["上庄村", "润城村"]
    assert [c["name"] for c in data["calls"]][:3] == ["赵县长", "孙干部", "钱镇长"]
    assert data["calls"][1]["phone"] == "13800000003"
    assert data["calls"][1]["backup_phone"] == "0356-4000099"
    assert data["calls"][-1]["confirm"] == "收到、到岗、转移人数"

    code, out, _ = run(capsys, "callout", "answer", cid, "吴网格", "--at", "2026-07-14 21:33",
                       "--moved", "12", "--on-duty", *db)  # fmt: skip
    assert code == 0 and "转移 12 人" in out
    code, _, err = run(capsys, "callout", "answer", cid, "吴网格", "--at", "2026-07-14 21:00", *db)
    assert code == 2 and "早于预警时间" in err
    code, _, err = run(capsys, "callout", "answer", cid, "无此人", *db)
    assert code == 1 and "无此人" in err
    code, _, err = run(capsys, "callout", "answer", cid, "李书记", "--at", "昨天", *db)
    assert code == 2 and "不是有效的时间" in err

    code, out, _ = run(capsys, "callout", "escalate", cid, "--at", "2026-07-14 21:35", *db)
    assert code == 0 and "没有需要升级的呼叫" in out  # 10 minutes not passed yet
    code, out, _ = run(capsys, "callout", "escalate", cid, "--at", "2026-07-14 21:41", *db)
    assert code == 0 and "李书记（村包组）→ 钱镇长" in out

    code, out, _ = run(capsys, "callout", "show", cid, "--json", *db)
    shown = json.loads(out)
    assert [c["name"] for c in shown["answered"]] == ["吴网格"]
    assert len(shown["escalated"]) == 6 and shown["pending"] == []

    code, _, err = run(capsys, "callout", "close", cid, "--moved", "3", "--returned", "4", *db)
    assert code == 2 and "返回人数" in err
    code, out, _ = run(capsys, "callout", "close", cid, "--moved", "14", "--returned", "14",
                       "--at", "2026-07-15 06:00", *db)  # fmt: skip
    assert code == 0 and "转移 14 人，返回 14 人" in out
    code, _, err = run(capsys, "callout", "answer", cid, "李书记", *db)
    assert code == 1 and "已于 2026-07-15 06:00 结束" in err

    code, out, _ = run(capsys, "callout", "show", cid, *db)
    assert code == 0 and "已应答 1" in out and "已升级 6" in out and "返回 14 人" in out
    code, out, _ = run(capsys, "list", "callouts", "--json", *db)
    listed = json.loads(out)
    assert [(c["id"], c["answered"], c["calls"]) for c in listed] == [(int(cid), 1, 7)]
    pdf = Path(chain_db).with_name("叫应记录.pdf")
    code, out, _ = run(capsys, "print", "callout", cid, "--out", str(pdf), *db)
    assert code == 0 and pdf.exists() and "已生成叫应记录" in out
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "叫应记录" in text and "吴网格" in text and "返回14人" in text.replace(" ", "")
    code, _, err = run(capsys, "print", "callout", "99", "--out", str(pdf), *db)
    assert code == 1 and "找不到编号为 99 的叫应记录" in err


def test_start_refuses_villages_without_chain(chain_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = ("--db", chain_db)
    code, _, err = run(capsys, "callout", "start", "--type", "防汛", "--level", "红色",
                       "--villages", "屯城村、润城村", *db)  # fmt: skip
    assert code == 2 and "屯城村还没有覆盖防汛的包保责任人" in err
    code, _, err = run(capsys, "callout", "start", "--type", "防汛", "--level", "紫色",
                       "--villages", "润城村", *db)  # fmt: skip
    assert code == 2 and "预警级别" in err
    code, _, err = run(capsys, "callout", "start", "--type", "防汛", "--level", "红色",
                       "--villages", "不存在村", *db)  # fmt: skip
    assert code == 1 and "不存在村" in err
    code, out, _ = run(capsys, "list", "callouts", *db)
    assert code == 0 and "叫应记录 0 次" in out
