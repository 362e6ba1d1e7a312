"""``safetydesk print card|baobao|contacts|mingbai|shelters`` in-process on a real database."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from safetydesk.services import Workspace
from tests.clitools import run
from tests.conftest import TODAY
from tests.plan_print_data import build


@pytest.fixture
def plan_db(tmp_path: Path) -> str:
    path = tmp_path / "plans.db"
    with Workspace.open(path, clock=lambda: TODAY) as ws:
        ws.settings.initialize(township_name="润城镇", county="阳城县", short_name="润")
        build(ws)
    return str(path)


def _text(path: Path) -> str:
    return "".join(p.extract_text() for p in PdfReader(path).pages).replace(" ", "").replace("\n", "")


@pytest.mark.parametrize(
    ("form", "villages", "said", "shown"),
    [
        ("card", ["上庄村", "润城村"], "已生成应急处置卡（6 张处置卡）", "润城村网格员地震应急处置卡"),
        ("baobao", ["上庄村"], "已生成包保责任表（3 条包保关系）", "后沟3户"),
        ("contacts", ["上庄村", "镇本级"], "已生成应急通讯录（3 条联系人）", "（缺）必备"),
        ("mingbai", ["上庄村"], "已生成防灾避险明白卡（2 张明白卡）", "刘满仓"),
        ("shelters", [], "已生成避难场所一览表（2 处避难场所）", "润城镇中学操场"),
        ("shelters", ["镇本级"], "已生成避难场所一览表（1 处避难场所）", "合计：1处避难场所"),
        ("booklet", ["上庄村", "镇本级"], "已生成一制四案汇编（1 项已编制）", "附件9应急物资"),
    ],
)
def test_print_plan_forms(
    plan_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    form: str, villages: list[str], said: str, shown: str,
) -> None:  # fmt: skip
    out = tmp_path / f"{form}.pdf"
    code, stdout, err = run(capsys, "print", form, *villages, "--out", str(out), "--db", plan_db)
    assert code == 0, err
    assert said in stdout and str(out) in stdout
    assert shown in _text(out)


def test_unknown_village_is_refused_without_a_file(
    plan_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.pdf"
    code, _, err = run(capsys, "print", "card", "上庄村", "无此村", "--out", str(out), "--db", plan_db)
    assert code == 1 and "找不到名为“无此村”的村（社区）" in err and "Traceback" not in err
    assert not out.exists()


def test_a_village_is_required(plan_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "print", "baobao", "--out", str(tmp_path / "x.pdf"), "--db", plan_db)
    assert exit_.value.code == 2 and "缺少必需的参数：VILLAGE" in capsys.readouterr().err
