"""``safetydesk print drill | drill-plan | drill-compliance`` on a real database file, in-process."""

from __future__ import annotations

from pathlib import Path

import pytest
from clitools import run
from drill_print_data import TODAY, DrillData, build
from pypdf import PdfReader

from safetydesk.services import Workspace


def _flat(path: Path) -> str:
    reader = PdfReader(path)
    return "".join(p.extract_text() for p in reader.pages).replace("\n", "").replace(" ", "")


@pytest.fixture
def db(tmp_path: Path) -> tuple[tuple[str, str], DrillData]:
    path = tmp_path / "data" / "drills.db"
    with Workspace.open(path, clock=lambda: TODAY) as ws:
        ws.settings.initialize(township_name="润城镇", county="阳城县", short_name="润")
        data = build(ws)
    return ("--db", str(path)), data


def test_print_drill_record(
    db: tuple[tuple[str, str], DrillData], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    opts, data = db
    out = tmp_path / "out" / "演练记录"
    code, stdout, err = run(capsys, "print", "drill", str(data.village_drill), "--out", str(out), *opts)
    assert code == 0, err
    pdf = out.with_name("演练记录.pdf")
    pages = len(PdfReader(pdf).pages)
    assert stdout.strip() == f"已生成应急演练记录表（{pages} 页）：{pdf}"
    assert pages == 4  # record (2), evaluation, photos
    flat = _flat(pdf)
    assert "应急演练记录表编号：YL2026-1" in flat and "应急演练评估表" in flat and "照片1：应急分队集结" in flat
    assert sorted(p.name for p in pdf.parent.iterdir()) == ["演练记录.pdf"]  # no temporary file left


def test_print_drill_plan_and_compliance(
    db: tuple[tuple[str, str], DrillData], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    opts, _ = db
    plan = tmp_path / "计划.pdf"
    code, stdout, err = run(capsys, "print", "drill-plan", "--year", "2026", "--out", str(plan), *opts)
    assert code == 0, err
    assert stdout.strip() == f"已生成2026年度应急演练计划（1 页）：{plan}"
    reader = PdfReader(plan)
    assert round(float(reader.pages[0].mediabox.width)) > round(float(reader.pages[0].mediabox.height))
    flat = _flat(plan)
    # The CLI judges by the real today: the statuses that do not depend on it.
    assert flat.startswith("润城镇2026年度应急演练计划")
    assert "已完成记录YL2026-1" in flat and "取消原因：持续高温，学校停课" in flat

    duty = tmp_path / "义务.pdf"
    code, stdout, err = run(capsys, "print", "drill-compliance", "--year", "2026",
                            "--today", "2026-12-10", "--out", str(duty), *opts)  # fmt: skip
    assert code == 0, err
    assert stdout.strip() == f"已生成2026年演练义务完成情况一览表（1 页）：{duty}"
    flat = _flat(duty)
    assert "统计日期：2026年12月10日" in flat and "共5项，未完成3项，30日内到期3项。" in flat
    code, _, err = run(capsys, "print", "drill-compliance", "--year", "2026",
                       "--today", "2026-06-20", "--out", str(duty), *opts)  # fmt: skip
    assert code == 0, err
    assert "30日内到期0项" in _flat(duty)  # the file is replaced


def test_print_drill_refusals(
    db: tuple[tuple[str, str], DrillData], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    opts, _ = db
    out = tmp_path / "x.pdf"
    code, _, err = run(capsys, "print", "drill", "999", "--out", str(out), *opts)
    assert code == 1 and "找不到编号为 999 的演练记录" in err and not out.exists()
    code, _, err = run(capsys, "print", "drill-plan", "--year", "2026", "--out", str(tmp_path), *opts)
    assert code != 0 and "这是一个文件夹" in err
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "print", "drill-compliance", "--year", "2026", "--today", "2026-13-01",
            "--out", str(out), *opts)  # fmt: skip
    assert exit_.value.code == 2 and "YYYY-MM-DD" in capsys.readouterr().err and not out.exists()
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "print", "drill-plan", "--out", str(out), *opts)
    assert exit_.value.code == 2 and "--year" in capsys.readouterr().err
