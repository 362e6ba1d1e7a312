"""``safetydesk inspection`` and ``list inspections`` against a real database in a tmp folder:
add → show → hazards → list --json → print (record and notice)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from clitools import run
from pypdf import PdfReader

#: Every test here runs the CLI against a fresh data folder.
pytestmark = pytest.mark.usefixtures("data_dir")


@pytest.fixture
def township(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    assert run(capsys, "init", "--township", "润城镇", "--county", "阳城县")[0] == 0
    assert run(capsys, "add", "villages", "--set", "name=润城村")[0] == 0
    assert run(capsys, "add", "units", "--set", "name=示例饭店", "--set", "type=九小场所",
               "--set", "subtype=小饭店", "--set", "village_id=润城村")[0] == 0  # fmt: skip
    assert run(capsys, "add", "people", "--set", "name=赵刚", "--set", "role=检查人员",
               "--set", "cert_no=14050012")[0] == 0  # fmt: skip


def _template_id(capsys: pytest.CaptureFixture[str]) -> str:
    code, out, _ = run(capsys, "checklists", "list", "--json")
    assert code == 0
    return next(str(t["id"]) for t in json.loads(out) if t["name"].startswith("九小场所/人员密集场所"))


def _pdf_text(path: Path) -> str:
    return "".join(p.extract_text() for p in PdfReader(path).pages).replace("\n", "").replace(" ", "")


def test_add_show_hazards_list_print(capsys, township: None, tmp_path: Path) -> None:  # noqa: ANN001
    day = date.today() - timedelta(days=2)
    tid = _template_id(capsys)
    code, out, err = run(
        capsys, "inspection", "add", "--set", "unit_id=示例饭店",
        "--set", f"started_at={day} 09:00", "--set", f"ended_at={day} 10:30",
        "--set", "enforcement=是", "--set", "methods=四不两直、双随机", "--set", "recorder=钱敏",
        "--set", "narrative=检查了后厨和疏散通道。", "--set", "disposition=下达整改通知书",
        "--inspector", "赵刚", "--inspector", "钱敏:14050013", "--template", tid,
        "--result", "2=不合格:灭火器压力不足", "--result", "3=不合格：二楼安全出口上锁",
        "--result", "5=不涉及", "--rest", "合格",
    )  # fmt: skip
    assert code == 0, err
    assert "ID 1" in out and "不合格 2 项" in out and "inspection hazards 1" in out
    assert "草稿" not in out  # every item answered
    code, out, _ = run(capsys, "inspection", "show", "1", "--json")
    shown = json.loads(out)
    assert shown["started_at"] == f"{day}T09:00" and shown["methods"] == ["四不两直", "双随机"]
    assert shown["inspectors"] == [{"name": "赵刚", "cert_no": "14050012"},
                                   {"name": "钱敏", "cert_no": "14050013"}]  # fmt: skip
    assert [(r["seq"], r["result"], r["note"]) for r in shown["results"] if r["result"] != "合格"] == [
        (2, "不合格", "灭火器压力不足"), (3, "不合格", "二楼安全出口上锁"), (5, "不涉及", "")]
    assert shown["hazards"] == [] and shown["document_number"] == ""
    # The notice needs the hazards first.
    code, _, err = run(capsys, "inspection", "notice", "1", "--out", str(tmp_path / "n.pdf"))
    assert code == 1 and "不合格项转为隐患" in err
    code, out, _ = run(capsys, "inspection", "hazards", "1", "--deadline-days", "5")
    assert code == 0 and "已将 2 个不合格项登记为隐患" in out
    due = (day + timedelta(days=5)).isoformat()
    assert out.count(f"整改期限 {due}") == 2
    code, out, _ = run(capsys, "inspection", "show", "1")
    assert code == 0 and out.count("隐患\t") == 2 and "未打印" in out
    code, _, err = run(capsys, "inspection", "hazards", "1")
    assert code == 1 and "都已登记" in err
    # Record: numbered on the first print, the same number on a reprint.
    code, out, _ = run(capsys, "print", "inspection", "1", "--out", str(tmp_path / "rec.pdf"))
    number = f"润安检记〔{day.year}〕1号"
    assert code == 0 and number in out
    text = _pdf_text(tmp_path / "rec.pdf")
    assert text.startswith(f"润城镇人民政府现场检查记录{number}") and "钱敏执法证号：14050013" in text
    assert run(capsys, "print", "inspection", "1", "--out", str(tmp_path / "again.pdf"))[1].count(number) == 1
    code, out, _ = run(capsys, "inspection", "notice", "1", "--out", str(tmp_path / "n.pdf"))
    assert code == 0 and f"润安通〔{date.today().year}〕1号" in out
    assert "二楼安全出口上锁" in _pdf_text(tmp_path / "n.pdf")
    # The list, filtered and as JSON.
    code, out, _ = run(capsys, "list", "inspections", "--json", "--from", str(day), "--to", str(day),
                       "--village", "润城村")  # fmt: skip
    rows = json.loads(out)
    assert code == 0 and len(rows) == 1
    assert rows[0]["document_number"] == number and rows[0]["unit_name"] == "示例饭店"
    assert rows[0]["failed"] == 2 and rows[0]["enforcement"] is True
    code, out, _ = run(capsys, "list", "inspections", "--from", str(day + timedelta(days=1)), "--json")
    assert json.loads(out) == []
    code, out, err = run(capsys, "list", "inspections")
    assert code == 0 and number in out and "共 1 条检查记录" in err


def test_bad_input_is_explained(capsys, township: None) -> None:  # noqa: ANN001
    tid = _template_id(capsys)
    today = date.today().isoformat()
    code, _, err = run(capsys, "inspection", "add", "--set", "unit_id=示例饭店", "--set", "colour=红",
                       "--set", "kind=随便查查")  # fmt: skip
    assert code == 2 and "colour" in err and "可选：日常检查" in err
    code, _, err = run(capsys, "inspection", "add", "--set", "unit_id=示例饭店",
                       "--set", f"started_at={today} 09:00", "--set", "recorder=赵刚",
                       "--inspector", "赵刚", "--template", tid, "--result", "2=不合格")  # fmt: skip
    assert code == 2 and "请在备注中写明" in err and "未写入" in err
    code, _, err = run(capsys, "inspection", "add", "--set", "unit_id=示例饭店", "--result", "2=合格")
    assert code == 2 and "--template" in err
    code, _, err = run(capsys, "inspection", "add", "--set", "unit_id=不存在的店")
    assert code == 2 and "找不到唯一的单位场所" in err
    code, out, _ = run(capsys, "list", "inspections", "--json")
    assert json.loads(out) == []
