"""``safetydesk holidays`` against a real database in a tmp data folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from clitools import run

from safetydesk.services import Workspace

#: Every test here runs the CLI against a fresh data folder.
pytestmark = pytest.mark.usefixtures("data_dir")


@pytest.fixture
def initialised(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Path:
    assert run(capsys, "init", "--township", "润城镇", "--county", "阳城县")[0] == 0
    return data_dir / "safetydesk.db"


def test_import_list_set_delete(capsys, initialised: Path, tmp_path: Path) -> None:  # noqa: ANN001
    text = "2027-01-01 休 元旦\n2027-02-06~2027-02-12 休 春节\n2027-02-14 班 春节调休\n"
    src = tmp_path / "2027放假安排.txt"
    src.write_text(text, encoding="gb18030")  # as Notepad may save it on a Chinese Windows
    code, out, _ = run(capsys, "holidays", "import", str(src))
    assert code == 0 and "2027 年" in out and "放假 8 天" in out and "调休上班 1 天" in out
    code, out, _ = run(capsys, "holidays", "list", "--year", "2027")
    assert code == 0
    assert "2027 年（本机录入），共 9 天" in out
    assert "2027-02-14\t星期日\t班\t春节调休" in out
    code, out, _ = run(capsys, "holidays", "set", "2027-10-09", "班", "--note", "国庆调休")
    assert code == 0 and "2027-10-09 星期六 班（国庆调休）" in out
    code, out, _ = run(capsys, "holidays", "delete", "2027-01-01", "--db", str(initialised))
    assert code == 0 and "已删除" in out
    code, out, _ = run(capsys, "holidays", "list")
    assert code == 0 and "2027 年（本机录入）" in out and "2027-01-01" not in out
    with Workspace.open(initialised) as ws:
        days = {d.day.isoformat(): d.kind for d in ws.holidays.list(2027)}
    assert len(days) == 9 and days["2027-10-09"] == "班" and "2027-01-01" not in days


def test_refusals_exit_2_and_write_nothing(capsys, initialised: Path, tmp_path: Path) -> None:  # noqa: ANN001
    code, _, err = run(capsys, "holidays", "set", "2027-02-15", "班")
    assert code == 2 and "星期一" in err
    src = tmp_path / "bad.txt"
    src.write_text("2027-01-01 休 元旦\n元旦放假一天\n", encoding="utf-8")
    code, _, err = run(capsys, "holidays", "import", str(src))
    assert code == 2 and "第2行" in err and "看不懂" in err and "未写入任何数据" in err
    code, _, err = run(capsys, "holidays", "import", str(tmp_path / "missing.txt"))
    assert code == 1 and "找不到文件" in err
    code, _, err = run(capsys, "holidays", "delete", "2027-03-01")
    assert code == 1 and "不在 2027 年" in err
    code, out, _ = run(capsys, "holidays", "list", "--year", "2030")
    assert code == 0 and "2030 年（无数据），共 0 天" in out
    with Workspace.open(initialised) as ws:
        assert ws.holidays.table_years() == []
