"""The command-line interface against real database files in a tmp data folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clitools import run

from safetydesk.cli import main

#: Every test here runs the CLI against a fresh data folder.
pytestmark = pytest.mark.usefixtures("data_dir")


def test_uninitialised_database_is_explained(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "list", "units")
    assert code == 1 and "init" in err


def test_init_refuses_bad_name_and_leaves_no_file(capsys, data_dir: Path) -> None:  # noqa: ANN001
    code, _, err = run(capsys, "init", "--township", "润城", "--county", "阳城县")
    assert code == 2 and "township_name" in err
    assert not (data_dir / "safetydesk.db").exists()


def test_init_add_list_edit_archive(capsys, data_dir: Path) -> None:  # noqa: ANN001
    assert run(capsys, "init", "--township", "润城镇", "--county", "阳城县")[0] == 0
    assert (data_dir / "safetydesk.db").exists()
    code, _, err = run(capsys, "init", "--township", "润城镇", "--county", "阳城县")
    assert code == 1 and "已属于" in err
    assert run(capsys, "add", "villages", "--set", "name=润城村",
               "--set", "region_code=140522102200", "--set", "households=300")[0] == 0
    code, out, _ = run(capsys, "add", "units", "--set", "name=示例饭店", "--set", "type=九小场所",
                       "--set", "subtype=小饭店", "--set", "所属村(社区)=润城村", "--set", "risk=红")
    assert code == 0 and "ID 1" in out
    code, _, err = run(capsys, "add", "units", "--set", "name=坏", "--set", "village_id=润城村",
                       "--set", "uscc=91110000600037341X")
    assert code == 2 and "校验位" in err and "未写入" in err
    code, out, _ = run(capsys, "list", "units", "--json")
    rows = json.loads(out)
    assert len(rows) == 1
    assert rows[0]["type"] == "九小场所" and rows[0]["risk"] == "A" and rows[0]["village_id"] == 1
    assert run(capsys, "edit", "units", "1", "--set", "address=润城大街1号")[0] == 0
    code, out, _ = run(capsys, "list", "units", "--text", "饭", "--json")
    assert json.loads(out)[0]["address"] == "润城大街1号"
    code, _, err = run(capsys, "archive", "villages", "1")
    assert code == 1 and "不能归档" in err
    assert run(capsys, "archive", "units", "1")[0] == 0
    assert json.loads(run(capsys, "list", "units", "--json")[1]) == []
    assert len(json.loads(run(capsys, "list", "units", "--archived", "--json")[1])) == 1
    # global options after the command
    code, out, _ = run(capsys, "info", "--db", str(data_dir / "safetydesk.db"))
    assert code == 0 and "润城镇" in out


def test_read_only_commands_leave_an_empty_file_alone(capsys, tmp_path: Path) -> None:  # noqa: ANN001
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    for args in (["info"], ["list", "units"], ["list", "hazards", "--json"]):
        code, _, err = run(capsys, "--db", str(empty), *args)
        assert code == 1 and "空文件" in err, (args, err)
    assert empty.read_bytes() == b"" and sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]


def test_demo_is_deterministic(capsys, tmp_path: Path) -> None:  # noqa: ANN001
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    assert run(capsys, "--db", str(a), "demo", "--seed", "7", "--today", "2026-11-23")[0] == 0
    assert run(capsys, "--db", str(b), "demo", "--seed", "7", "--today", "2026-11-23")[0] == 0

    def dump(p: Path) -> list[dict]:
        rows = json.loads(run(capsys, "--db", str(p), "list", "units", "--json")[1])
        return [{k: v for k, v in r.items() if not k.endswith("_at")} for r in rows]

    units = dump(a)
    assert units == dump(b)
    villages = json.loads(run(capsys, "--db", str(a), "list", "villages", "--json")[1])
    assert len(villages) == 23 and villages[0]["name"] == "洎水新城社区"
    assert all("示例" in u["name"] for u in units)
    code, _, err = run(capsys, "--db", str(a), "demo")
    assert code == 1 and "已有数据" in err


def test_demo_default_goes_to_demo_file(capsys, data_dir: Path) -> None:  # noqa: ANN001
    assert run(capsys, "demo")[0] == 0
    assert (data_dir / "safetydesk-demo.db").exists()
    assert not (data_dir / "safetydesk.db").exists()


def test_settings_command(capsys) -> None:  # noqa: ANN001
    run(capsys, "init", "--township", "润城镇", "--county", "阳城县")
    code, out, _ = run(capsys, "settings", "short_name=润城", "risk_scheme=红橙黄蓝")
    assert code == 0 and "润城" in out
    code, _, err = run(capsys, "settings", "risk_scheme=XYZ")
    assert code == 2 and "ABCD" in err


def test_bad_field_name(capsys) -> None:  # noqa: ANN001
    run(capsys, "init", "--township", "润城镇", "--county", "阳城县")
    code, _, err = run(capsys, "add", "villages", "--set", "nmae=x")
    assert code == 2 and "fields" in err


def test_unexpected_error_is_logged_not_shown(capsys, monkeypatch, data_dir: Path) -> None:  # noqa: ANN001
    run(capsys, "init", "--township", "润城镇", "--county", "阳城县")

    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("internal detail")

    monkeypatch.setattr("safetydesk.services.registers.UnitService.list", boom)
    code, out, err = run(capsys, "list", "units")
    assert code == 3
    assert "Traceback" not in err and "意外错误" in err
    assert "internal detail" in (data_dir / "logs" / "error.log").read_text(encoding="utf-8")


def test_documents_register(capsys) -> None:  # noqa: ANN001
    run(capsys, "init", "--township", "润城镇", "--county", "阳城县")
    code, out, _ = run(capsys, "documents", "issue", "notice", "--date", "2026-03-05", "--subject", "示例饭店")
    assert code == 0 and "润安通〔2026〕1号" in out
    run(capsys, "documents", "issue", "notice", "--date", "2026-03-06")
    code, _, err = run(capsys, "documents", "void", "1")
    assert code == 2 and "作废原因" in err
    assert run(capsys, "documents", "void", "1", "--reason", "填写错误")[0] == 0
    code, out, _ = run(capsys, "documents", "list", "--year", "2026", "--json")
    rows = json.loads(out)
    assert [(r["serial"], r["status"]) for r in rows] == [(1, "作废"), (2, "有效")]
    code, _, err = run(capsys, "documents", "issue", "xyz")
    assert code == 2 and "notice" in err


def test_hazard_add_days_alone_and_bounds(capsys, tmp_path: Path) -> None:  # noqa: ANN001
    db = str(tmp_path / "h.db")
    run(capsys, "--db", db, "init", "--township", "润城镇", "--county", "阳城县")
    run(capsys, "--db", db, "add", "villages", "--set", "name=润城村")
    run(capsys, "--db", db, "add", "units", "--set", "name=示例饭店", "--set", "village_id=润城村")
    code, out, err = run(capsys, "--db", db, "hazard", "add", "--set", "unit_id=1",
                         "--set", "description=疏散通道堵塞", "--set", "measures=清理",
                         "--set", "found_by=王建国", "--set", "found_on=2026-11-02",
                         "--set", "deadline_days=5")  # N days alone: 自然日 (A5)
    assert code == 0 and "润-2026-0001" in out and "2026-11-07" in out, err
    code, _, err = run(capsys, "--db", db, "hazard", "add", "--set", "unit_id=1",
                       "--set", "description=x", "--set", "measures=y", "--set", "found_by=王建国",
                       "--set", "deadline_days=1000000000000")
    assert code == 2 and "1 到 3650 天" in err and "Error" not in err


def test_hazard_commands(capsys, tmp_path: Path) -> None:  # noqa: ANN001
    db = str(tmp_path / "h.db")
    run(capsys, "--db", db, "init", "--township", "润城镇", "--county", "阳城县")
    run(capsys, "--db", db, "add", "villages", "--set", "name=润城村")
    run(capsys, "--db", db, "add", "units", "--set", "name=示例饭店", "--set", "village_id=润城村")
    code, out, _ = run(capsys, "--db", db, "hazard", "add", "--set", "unit_id=1",
                       "--set", "description=灭火器过期", "--set", "measures=更换灭火器",
                       "--set", "found_by=王建国", "--set", "found_on=2026-11-02",
                       "--set", "deadline_kind=自然日", "--set", "deadline_days=7")
    assert code == 0 and "润-2026-0001" in out and "2026-11-09" in out
    code, _, err = run(capsys, "--db", db, "hazard", "add", "--set", "unit_id=1",
                       "--set", "level=重大", "--set", "found_on=2026-11-02")
    assert code == 2 and "判定依据" in err and "未写入" in err
    assert run(capsys, "--db", db, "hazard", "transition", "1", "下达整改通知", "--on", "2026-11-02")[0] == 0
    code, out, _ = run(capsys, "--db", db, "list", "hazards", "--overdue", "--json")
    rows = json.loads(out)
    assert [r["code"] for r in rows] == ["润-2026-0001"] and rows[0]["state"] == "整改中"
    code, _, err = run(capsys, "--db", db, "hazard", "transition", "1", "销号")
    assert code == 1 and "复查合格后" in err
    code, _, err = run(capsys, "--db", db, "hazard", "transition", "1", "飞走")
    assert code == 2 and "收到回执" in err
    code, out, _ = run(capsys, "--db", db, "hazard", "show", "1", "--json")
    data = json.loads(out)
    assert data["events"][0]["action"] == "下达整改通知" and data["events"][0]["document"] == "润安通〔2026〕1号"
    assert data["notice_number"] == "润安通〔2026〕1号"


def test_argparse_speaks_chinese(capsys, tmp_path: Path) -> None:  # noqa: ANN001
    """Issue 9, point 14: argparse's own messages too (not only ours)."""
    for args, words in (
        (["lisst"], "无效的选择「lisst」"),
        (["list"], "缺少必需的参数：kind"),
        (["list", "units", "--db"], "缺少取值"),
        (["list", "units", "--bogus"], "无法识别的参数：--bogus"),
    ):
        with pytest.raises(SystemExit) as exit_:
            main(args)
        code, err = exit_.value.code, capsys.readouterr().err
        assert code == 2 and words in err and "用法：" in err, (args, err)
        assert not any(w in err for w in ("invalid choice", "expected one", "usage:", "error:")), err


def test_unknown_field_names_close_ones_and_fields_lists_every_kind(capsys, tmp_path: Path) -> None:  # noqa: ANN001
    """Issue 9, point 14: a misspelt --set field is named with close names; `fields` knows
    hazards and inspections too."""
    db = str(tmp_path / "f.db")
    run(capsys, "--db", db, "init", "--township", "润城镇", "--county", "阳城县")
    code, _, err = run(capsys, "--db", db, "add", "units", "--set", "nmae=示例饭店")
    assert code == 2 and "「nmae」不是可用的字段" in err and "是不是：name" in err
    code, _, err = run(capsys, "--db", db, "hazard", "add", "--set", "descripton=x")
    assert code == 2 and "是不是：description" in err
    for kind, field in (("hazards", "description\t隐患描述"), ("inspections", "started_at"),
                        ("units", "name\t单位场所名称")):  # fmt: skip
        code, out, _ = run(capsys, "fields", kind)
        assert code == 0 and field in out, (kind, out)


def test_bad_values_are_answered_in_chinese(capsys, tmp_path: Path) -> None:  # noqa: ANN001
    """Issue 9, point 21: no "is not a valid DeadlineKind" or "day is out of range for month"."""
    db = str(tmp_path / "v.db")
    run(capsys, "--db", db, "init", "--township", "润城镇", "--county", "阳城县")
    run(capsys, "--db", db, "add", "villages", "--set", "name=润城村")
    run(capsys, "--db", db, "add", "units", "--set", "name=示例饭店", "--set", "village_id=润城村")
    base = ["--db", db, "hazard", "add", "--set", "unit_id=1", "--set", "description=x",
            "--set", "measures=y", "--set", "found_by=王建国"]  # fmt: skip
    for pair, words in (
        ("deadline_kind=月", "可选：日期、自然日、工作日、立即"),
        ("level=超级", "可选：一般、重大"),
        ("found_on=2026-02-30", "没有这一天"),
    ):
        code, _, err = run(capsys, *base, "--set", pair)
        assert code == 2 and words in err, (pair, err)
        assert "valid" not in err and "out of range" not in err, err
