"""``safetydesk print``: notice, order, recheck and ledger PDFs from the command line."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from clitools import run
from pypdf import PdfReader

#: Dates relative to the real today (the CLI has no fixed clock).
TODAY = date.today()
FOUND, DUE = TODAY - timedelta(days=20), TODAY - timedelta(days=10)


def _cn(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


#: Every test here runs the CLI against a fresh data folder.
pytestmark = pytest.mark.usefixtures("data_dir")


def _flat(path: Path) -> str:
    reader = PdfReader(path)
    return "".join(p.extract_text() for p in reader.pages).replace("\n", "").replace(" ", "")


def _add_hazard(capsys: pytest.CaptureFixture[str], found_by: str, description: str) -> None:
    code, _, err = run(
        capsys, "hazard", "add", "--set", "unit_id=示例饭店", "--set", f"description={description}",
        "--set", "measures=立即整改", "--set", f"found_by={found_by}",
        "--set", f"found_on={FOUND.isoformat()}", "--set", "deadline_kind=日期",
        "--set", f"due_on={DUE.isoformat()}",
    )  # fmt: skip
    assert code == 0, err


@pytest.fixture
def township(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "init", "--township", "润城镇", "--county", "阳城县")[0] == 0
    assert run(capsys, "add", "villages", "--set", "name=润城村")[0] == 0
    assert run(capsys, "add", "units", "--set", "name=示例饭店", "--set", "type=九小场所",
               "--set", "subtype=小饭店", "--set", "village_id=润城村")[0] == 0  # fmt: skip
    assert run(capsys, "add", "people", "--set", "name=王建国", "--set", "role=检查人员",
               "--set", "cert_no=14052200123")[0] == 0  # fmt: skip
    _add_hazard(capsys, "王建国", "灭火器压力不足")  # 1
    _add_hazard(capsys, "赵六", "疏散通道堆放杂物")  # 2
    _add_hazard(capsys, "王建国", "电气线路私拉乱接")  # 3


def test_notice_recheck_and_reprint(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, township: None
) -> None:
    code, out, err = run(capsys, "print", "notice", "1", "--out", str(tmp_path / "n.pdf"))
    year = TODAY.year
    assert code == 0 and f"润安通〔{year}〕1号" in out, err
    code, _, err = run(capsys, "print", "recheck", "1", "--out", str(tmp_path / "x.pdf"))
    assert code == 1 and "还没有复查记录" in err and not (tmp_path / "x.pdf").exists()
    code, _, err = run(capsys, "hazard", "transition", "1", "复查合格", "--set", "rechecked_by=王建国",
                       "--set", "opinion=已充装")  # fmt: skip
    assert code == 0, err
    code, out, _ = run(capsys, "print", "recheck", "1", "--out", str(tmp_path / "r.pdf"))
    assert code == 0 and f"润安复〔{year}〕1号" in out
    flat = _flat(tmp_path / "r.pdf")
    assert "整改复查意见书" in flat and "示例饭店" in flat and "灭火器压力不足" in flat
    assert f"润安通〔{year}〕1号" in flat and _cn(TODAY) in flat and "复查人员：王建国" in flat
    code, out, _ = run(capsys, "print", "recheck", "1", "--out", str(tmp_path / "r2.pdf"))
    assert code == 0 and f"润安复〔{year}〕1号" in out  # reprint: same number
    code, out, _ = run(capsys, "hazard", "show", "1", "--json")
    event = [e for e in json.loads(out)["events"] if e["action"] == "复查合格"][0]
    assert event["document"] == f"润安复〔{year}〕1号"
    assert event["details"] == {"rechecked_by": ["王建国"], "opinion": "已充装"}
    code, out, _ = run(capsys, "hazard", "show", "1")
    assert f"文号：润安复〔{year}〕1号；复查人：王建国；复查意见：已充装" in out
    assert "单位场所：示例饭店" in out and "发现：" in out and "整改期限：" in out and "{" not in out
    code, out, _ = run(capsys, "print", "recheck", "--event", str(event["id"]),
                       "--out", str(tmp_path / "r3.pdf"))  # fmt: skip
    assert code == 0 and f"润安复〔{year}〕1号" in out
    code, _, err = run(capsys, "print", "recheck", "--out", str(tmp_path / "r4.pdf"))
    assert code == 2 and "二选一" in err


def test_order_needs_two_cert_numbers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, township: None
) -> None:
    out_pdf = tmp_path / "o.pdf"
    code, _, err = run(capsys, "print", "order", "2", "--out", str(out_pdf))
    assert code == 1 and "执法证号" in err and "赵六" in err and not out_pdf.exists()
    # One holder of a 证号 is not enough: the message says a second one is needed.
    code, _, err = run(capsys, "print", "order", "3", "--out", str(out_pdf))
    assert code == 1 and "不得少于两人" in err and "王建国" in err and not out_pdf.exists()
    # Chosen by hand: 赵六 has no 证号 and is named.
    code, _, err = run(capsys, "print", "order", "3", "--out", str(out_pdf),
                       "--inspector", "王建国", "--inspector", "赵六")  # fmt: skip
    assert code == 1 and "赵六 在人员名录中没有执法证号" in err and not out_pdf.exists()
    code, out, _ = run(capsys, "documents", "list")
    assert "应急责改" not in out  # no number was taken
    assert run(capsys, "add", "people", "--set", "name=李明", "--set", "role=检查人员",
               "--set", "cert_no=14052200456")[0] == 0  # fmt: skip
    code, out, err = run(capsys, "print", "order", "3", "--out", str(out_pdf),
                         "--inspector", "王建国", "--inspector", "李明")  # fmt: skip
    assert code == 0 and f"润应急责改〔{TODAY.year}〕1号" in out, err
    flat = _flat(out_pdf)
    assert flat.startswith(f"润城镇人民政府责令限期整改指令书润应急责改〔{TODAY.year}〕1号")
    assert "执法人员：王建国执法证号：14052200123" in flat
    assert "执法人员：李明执法证号：14052200456" in flat
    assert "阳城县人民政府" in flat and "电气线路私拉乱接" in flat and _cn(DUE) in flat
    # A reprint names the inspectors chosen when it was issued; choosing others is refused.
    code, _, _ = run(capsys, "print", "order", "3", "--out", str(tmp_path / "o2.pdf"))
    assert code == 0 and "执法人员：李明执法证号：14052200456" in _flat(tmp_path / "o2.pdf")
    code, _, err = run(capsys, "print", "order", "3", "--out", str(tmp_path / "o3.pdf"),
                       "--inspector", "赵六")  # fmt: skip
    assert code == 1 and "补打" in err and not (tmp_path / "o3.pdf").exists()


def test_notice_with_chosen_inspectors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, township: None
) -> None:
    code, out, err = run(capsys, "print", "notice", "2", "--out", str(tmp_path / "n.pdf"),
                         "--inspector", "王建国", "--inspector", "赵六")  # fmt: skip
    assert code == 0, err
    flat = _flat(tmp_path / "n.pdf")
    # Both inspectors, the 证号 where the register has one (a notice is not an enforcement form).
    assert "检查人员：王建国执法证号：14052200123" in flat and "检查人员：赵六" in flat
    code, out, _ = run(capsys, "hazard", "show", "2")
    assert "检查人员：王建国、赵六" in out


def test_notice_command_takes_the_inspectors_too(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, township: None
) -> None:
    """``safetydesk notice`` (the short form of ``print notice``) chooses who signs alike."""
    code, out, err = run(capsys, "notice", "2", "--out", str(tmp_path / "n.pdf"),
                         "--inspector", "赵六", "--inspector", "王建国")  # fmt: skip
    assert code == 0, err
    assert "检查人员：赵六" in _flat(tmp_path / "n.pdf")
    assert "检查人员：赵六、王建国" in run(capsys, "hazard", "show", "2")[1]


def test_ledger(capsys: pytest.CaptureFixture[str], tmp_path: Path, township: None) -> None:
    assert run(capsys, "print", "notice", "1", "--out", str(tmp_path / "n.pdf"))[0] == 0
    code, out, err = run(
        capsys, "print", "ledger", "--state", "整改中", "--overdue", "--village", "润城村",
        "--from", FOUND.isoformat(), "--to", TODAY.isoformat(), "--out", str(tmp_path / "l.pdf"),
    )  # fmt: skip
    assert code == 0 and "1 条隐患" in out, err
    reader = PdfReader(tmp_path / "l.pdf")
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    flat = _flat(tmp_path / "l.pdf")
    assert "润城镇隐患排查治理台账" in flat and "状态：整改中" in flat and "村(社区)：润城村" in flat
    assert f"发现日期：{_cn(FOUND)}—{_cn(TODAY)}" in flat and "灭火器压力不足" in flat
    assert "疏散通道堆放杂物" not in flat and "※逾期" in flat
    code, out, _ = run(capsys, "print", "ledger", "--out", str(tmp_path / "all.pdf"))
    assert code == 0 and "3 条隐患" in out
    flat = _flat(tmp_path / "all.pdf")
    assert "填报人：＿＿＿＿＿＿" in flat and f"填报日期：{TODAY.isoformat()}" in flat
    code, out, err = run(
        capsys, "print", "ledger", "--filled-by", "王建国", "--reviewed-by", "赵书记",
        "--filled-on", "2026-11-30", "--out", str(tmp_path / "signed.pdf"),
    )  # fmt: skip
    assert code == 0, err
    reader = PdfReader(tmp_path / "signed.pdf")
    last = reader.pages[-1].extract_text().replace("\n", "").replace(" ", "")
    assert "填报人：王建国" in last and "审核人：赵书记" in last and "填报日期：2026-11-30" in last
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "print", "ledger", "--filled-on", "2026-13-01", "--out", str(tmp_path / "x.pdf"))
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "YYYY-MM-DD" in err and not (tmp_path / "x.pdf").exists()
    code, _, err = run(capsys, "print", "ledger", "--filled-on", "1999-12-31", "--out", str(tmp_path / "x.pdf"))
    assert code != 0 and "填报日期" in err and not (tmp_path / "x.pdf").exists()
    code, _, err = run(capsys, "print", "ledger", "--state", "未知", "--out", str(tmp_path / "x.pdf"))
    assert code == 2 and "整改中" in err
    code, _, err = run(capsys, "print", "ledger", "--village", "无此村", "--out", str(tmp_path / "x.pdf"))
    assert code == 1 and "无此村" in err
