"""``safetydesk import hazards``: dry run, missing units/villages, refusal report, real import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from clitools import run
from openpyxl import Workbook

HEADER = ["序号", "检查日期", "检查人员", "单位名称", "所属村(社区)", "隐患描述", "隐患等级",
          "整改措施", "整改期限", "整改完成日期", "复查人", "是否销号"]  # fmt: skip


#: Every test here runs the CLI against a fresh data folder.
pytestmark = pytest.mark.usefixtures("data_dir")


def ledger(path: Path, rows: list[list[Any]]) -> str:
    wb = Workbook()
    sh = wb.active
    sh.append(["润城镇2025年隐患排查治理台账"])
    sh.merge_cells("A1:L1")
    sh.append(HEADER)
    for r in rows:
        sh.append(r)
    wb.save(path)
    return str(path)


def hazards(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    code, out, _ = run(capsys, "list", "hazards", "--json")
    assert code == 0
    return json.loads(out)


@pytest.fixture
def township(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "init", "--township", "润城镇", "--county", "阳城县")[0] == 0
    assert run(capsys, "add", "villages", "--set", "name=润城村")[0] == 0
    assert run(capsys, "add", "units", "--set", "name=示例饭店（虚构）", "--set", "village_id=润城村")[0] == 0


def test_dry_run_writes_nothing(capsys, township, tmp_path: Path) -> None:  # noqa: ANN001
    path = ledger(tmp_path / "l.xlsx", [
        [1, "2025-03-05", "王建国", "示例饭店(虚构)", "润城村", "灭火器过期", "一般", "更换", "7日内",
         "2025-03-10", "王建国", "是"],
        [2, "2025.3.6", "王建国", "示例饭店（虚构）", None, "通道堵塞", "一般", "清理", "立即", None,
         None, "否"],
        ["合计", None, None, None, None, None, None, None, None, None, None, None],
    ])  # fmt: skip
    code, out, err = run(capsys, "import", "hazards", path, "--dry-run")
    assert code == 0, err
    assert "可以导入 2 条隐患" in out and "已销号 1 条" in out and "整改中 1 条" in out
    assert "--dry-run，未写入" in out
    assert hazards(capsys) == []
    code, out, _ = run(capsys, "import", "hazards", path)
    assert code == 0 and "已导入 2 条隐患" in out
    rows = hazards(capsys)
    assert sorted(r["code"] for r in rows) == ["润-2025-0001", "润-2025-0002"]
    assert {r["state"] for r in rows} == {"已销号", "整改中"}
    # the same ledger again is refused with a row report (exit 2)
    code, _, err = run(capsys, "import", "hazards", path)
    assert code == 2 and "行号\t列\t问题及修改方法" in err and "可能已经导入过" in err
    assert len(hazards(capsys)) == 2


def test_missing_units_need_create_missing(capsys, township, tmp_path: Path) -> None:  # noqa: ANN001
    path = ledger(tmp_path / "new.xlsx", [
        [1, "2025-03-05", "王建国", "示例石材厂（虚构）", "下庄村委会", "切割机无防护", "一般", "加装",
         "2025-03-20", None, None, None],
    ])  # fmt: skip
    for extra in ((), ("--dry-run",)):
        code, out, err = run(capsys, "import", "hazards", path, *extra)
        assert code == 2 and out == ""
        assert "村(社区)「下庄村」尚未登记" in err
        assert "单位场所「示例石材厂（虚构）」（下庄村）尚未登记" in err
        assert "--create-missing" in err and "未写入任何数据" in err
    code, out, _ = run(capsys, "import", "hazards", path, "--dry-run", "--create-missing")
    assert code == 0 and "将新建：村(社区)「下庄村」、单位场所「示例石材厂（虚构）」（下庄村）" in out
    assert hazards(capsys) == []
    code, out, _ = run(capsys, "import", "hazards", path, "--create-missing")
    assert code == 0 and "已新建" in out
    units = json.loads(run(capsys, "list", "units", "--json")[1])
    assert sorted(u["name"] for u in units) == ["示例石材厂（虚构）", "示例饭店（虚构）"]
    assert [r["state"] for r in hazards(capsys)] == ["整改中"]


def test_bad_rows_are_reported_with_exit_code_2(capsys, township, tmp_path: Path) -> None:  # noqa: ANN001
    path = ledger(tmp_path / "bad.xlsx", [
        [1, "2025.2.30", "王建国", "示例饭店（虚构）", "润城村", "a", "一般", "b", None, None, None, None],
        [2, "2025-03-05", "王建国", "示例饭店（虚构）", "润城村", "c", "较大", "d", None, None, None, None],
    ])  # fmt: skip
    code, out, err = run(capsys, "import", "hazards", path, "--dry-run")
    assert code == 2 and out == ""
    assert "第3行\t检查日期\t" in err and "没有这一天" in err
    assert "第4行\t隐患等级\t" in err and "较大" in err
    assert "Traceback" not in err
    code, _, err = run(capsys, "import", "hazards", str(tmp_path / "none.xlsx"))
    assert code == 2 and "找不到文件" in err
