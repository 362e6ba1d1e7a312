"""未检查 on the command line, against a real database: items no ``--result`` names stay 未检查,
the draft cannot be printed (the refusal names the items and the ``inspection answer`` syntax),
``answer`` fills them in, ``show`` and ``list --drafts`` show what is left."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from clitools import run

#: Every test here runs the CLI against a fresh data folder.
pytestmark = pytest.mark.usefixtures("data_dir")
DAY = date.today() - timedelta(days=1)


@pytest.fixture
def draft_id(capsys: pytest.CaptureFixture[str]) -> str:
    """A recorded inspection with item 2 不合格, item 5 不涉及 and the other ten 未检查."""
    assert run(capsys, "init", "--township", "润城镇", "--county", "阳城县")[0] == 0
    assert run(capsys, "add", "villages", "--set", "name=润城村")[0] == 0
    assert run(capsys, "add", "units", "--set", "name=示例饭店", "--set", "type=九小场所",
               "--set", "subtype=小饭店", "--set", "village_id=润城村")[0] == 0  # fmt: skip
    code, out, _ = run(capsys, "checklists", "list", "--json")
    tid = next(str(t["id"]) for t in json.loads(out) if t["family"] == "fire-general")
    code, out, err = run(
        capsys, "inspection", "add", "--set", "unit_id=示例饭店", "--set", f"started_at={DAY} 09:00",
        "--set", "recorder=李明", "--inspector", "王建国", "--inspector", "李明", "--template", tid,
        "--result", "2=不合格:灭火器压力不足", "--result", "5=不涉及",
        "--set", "disposition=下达整改通知书",
    )  # fmt: skip
    assert code == 0, err
    assert "草稿：第1、3、4、6、7、8、9、10、11、12项未检查" in out
    assert "safetydesk inspection answer 1 --result 1=合格 --result 3=合格" in out
    return "1"


def _results(capsys: pytest.CaptureFixture[str], ins_id: str) -> dict[int, str]:
    code, out, _ = run(capsys, "inspection", "show", ins_id, "--json")
    assert code == 0
    return {r["seq"]: r["result"] for r in json.loads(out)["results"]}


def test_unnamed_items_stay_unchecked_and_the_draft_does_not_print(
    capsys: pytest.CaptureFixture[str], draft_id: str, tmp_path: Path
) -> None:
    results = _results(capsys, draft_id)
    assert results[2] == "不合格" and results[5] == "不涉及"
    assert [s for s, r in results.items() if r == "未检查"] == [1, 3, 4, 6, 7, 8, 9, 10, 11, 12]
    assert "合格" not in results.values()
    code, out, _ = run(capsys, "inspection", "show", draft_id)
    assert code == 0 and "1\t未检查\t消防安全责任人、管理人" in out and "草稿：" in out
    out_pdf = tmp_path / "rec.pdf"
    code, out, err = run(capsys, "print", "inspection", draft_id, "--out", str(out_pdf))
    assert code == 1 and out == ""
    assert "10 个检查项是“未检查”（第1、3、4、6、7、8、9、10、11、12项）" in err
    assert "不能编号或打印安全检查记录" in err
    assert f"safetydesk inspection answer {draft_id} --result 1=合格" in err and "--rest 合格" in err
    assert "打开这条记录" not in err  # the dialog's advice is for the dialog
    assert not out_pdf.exists()
    code, out, _ = run(capsys, "documents", "list")
    assert "润安检记" not in out  # no number was taken


def test_answer_fills_in_the_draft_then_it_prints(
    capsys: pytest.CaptureFixture[str], draft_id: str, tmp_path: Path
) -> None:
    code, out, err = run(capsys, "inspection", "answer", draft_id, "--result", "1=合格",
                         "--result", "3=不涉及:无二楼", "--result", "4=未检查")  # fmt: skip
    assert code == 0, err
    assert "合格 1 项，不合格 1 项，不涉及 2 项，未检查 8 项" in out and "草稿：第4、6、7" in out
    assert _results(capsys, draft_id)[3] == "不涉及"
    code, out, _ = run(capsys, "list", "inspections", "--drafts", "--json")
    [row] = json.loads(out)
    assert row["draft"] is True and row["unchecked"] == 8
    code, out, err = run(capsys, "inspection", "answer", draft_id, "--rest", "合格")
    assert code == 0 and "未检查 0 项" in out and "可以打印" in out
    results = _results(capsys, draft_id)
    assert results[2] == "不合格" and results[3] == "不涉及" and results[12] == "合格"
    code, out, _ = run(capsys, "list", "inspections", "--drafts", "--json")
    assert json.loads(out) == []
    code, out, err = run(capsys, "print", "inspection", draft_id, "--out", str(tmp_path / "rec.pdf"))
    assert code == 0 and f"润安检记〔{DAY.year}〕1号" in out and (tmp_path / "rec.pdf").is_file()
    # Numbered: an item cannot go back to 未检查.
    code, _, err = run(capsys, "inspection", "answer", draft_id, "--result", "7=未检查")
    assert code == 2 and "不能改回“未检查”" in err and "未写入" in err
    assert _results(capsys, draft_id)[7] == "合格"


def test_bad_answers_are_explained_and_nothing_written(
    capsys: pytest.CaptureFixture[str], draft_id: str
) -> None:
    before = _results(capsys, draft_id)
    code, _, err = run(capsys, "inspection", "answer", draft_id, "--result", "3=好")
    assert code == 2 and "可选：合格、不合格、不涉及、未检查" in err
    code, _, err = run(capsys, "inspection", "answer", draft_id, "--result", "3=不合格")
    assert code == 2 and "请在备注中写明" in err
    with pytest.raises(SystemExit) as exit_:  # argparse refuses the choice
        run(capsys, "inspection", "answer", draft_id, "--rest", "不合格")
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "无效的选择「不合格」" in err and "'合格', '不涉及'" in err
    code, _, err = run(capsys, "inspection", "answer", draft_id)
    assert code == 2 and "--rest 合格" in err
    assert _results(capsys, draft_id) == before


def test_the_list_marks_drafts(capsys: pytest.CaptureFixture[str], draft_id: str) -> None:
    code, out, err = run(capsys, "list", "inspections")
    header, row = out.splitlines()
    cols = header.split("\t")
    assert code == 0 and cols[cols.index("不合格") + 1] == "未检查"
    assert row.split("\t")[cols.index("未检查")] == "10"
    code, out, err = run(capsys, "list", "inspections", "--drafts")
    assert code == 0 and "共 1 条检查记录" in err
