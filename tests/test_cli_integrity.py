"""Issue 9, points 18, 19 and 14 (OS errors): the CLI on damaged and read-only databases and on
files and folders it cannot use answers in Chinese, with no Python or SQLite English."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clitools import run
from damage import (
    assert_chinese_only,
    copy_db,
    damage_middle,
    damage_middle_page,
    damage_text,
    digest,
    make_demo,
    run_cli,
    unprivileged,
)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory.mktemp("demo") / "demo.db")


@pytest.fixture
def damaged(pristine: Path, tmp_path: Path) -> Path:
    """The demo database with 200 bytes flipped at the start of its middle page."""
    db_file = copy_db(pristine, tmp_path / "data" / "safetydesk.db")
    damage_middle_page(db_file)
    return db_file


def test_info_reports_the_damage_with_a_non_zero_exit(capsys, damaged: Path) -> None:  # noqa: ANN001
    code, out, err = run(capsys, "--db", str(damaged), "info")
    assert code == 1
    assert "只读打开：数据库文件已损坏" in out
    assert "已损坏" in err and str(damaged.parent / "backups") in err and "还没有备份" in err
    assert_chinese_only(out + err)


def test_info_on_a_sound_file_says_so(capsys, pristine: Path, tmp_path: Path) -> None:  # noqa: ANN001
    db_file = copy_db(pristine, tmp_path / "ok.db")
    code, out, _ = run(capsys, "--db", str(db_file), "info")
    assert code == 0 and "状态\t正常" in out


def test_writes_to_a_damaged_file_are_refused_and_nothing_is_written(capsys, damaged: Path) -> None:  # noqa: ANN001
    before = digest(damaged)
    writes = (
        ["add", "villages", "--set", "name=新建村"],
        ["hazard", "add", "--set", "unit_id=1", "--set", "description=灭火器过期", "--set", "measures=更换",
         "--set", "found_by=王建国", "--set", "found_on=2026-11-20", "--set", "deadline_days=7"],
        ["settings", "office_name=润城镇安监办"],
    )  # fmt: skip
    for args in writes:
        code, _, err = run(capsys, "--db", str(damaged), *args)
        assert code == 1, (args, err)
        assert "没有保存" in err and "已损坏" in err and "备份文件夹" in err, (args, err)
        assert_chinese_only(err)
    assert digest(damaged) == before


@pytest.mark.parametrize("kind", ["units", "villages", "people", "hazards", "inspections"])
def test_lists_of_a_damaged_file_never_fail_in_english(capsys, damaged: Path, kind: str) -> None:  # noqa: ANN001
    code, out, err = run(capsys, "--db", str(damaged), "list", kind)
    assert code in (0, 1), err
    if code == 1:
        assert "已损坏" in err
    assert_chinese_only(err)


def test_text_damage_in_a_list_is_the_damage_message(capsys, pristine: Path, tmp_path: Path) -> None:  # noqa: ANN001
    db_file = copy_db(pristine, tmp_path / "hz.db")
    damage_text(db_file, "应急照明灯损坏不亮")
    for args in (["list", "hazards"], ["list", "hazards", "--json"], ["info"]):
        code, _, err = run(capsys, "--db", str(db_file), *args)
        assert code == 1 and "已损坏" in err and "备份" in err, (args, err)
        assert_chinese_only(err)


def test_damage_in_the_middle_in_a_real_process(pristine: Path, tmp_path: Path) -> None:
    """The case of the issue: 200 flipped bytes in the middle of the demo database."""
    db_file = copy_db(pristine, tmp_path / "bad.db")
    damage_middle(db_file)
    before = digest(db_file)
    info = run_cli("--db", str(db_file), "info")
    assert info.returncode == 1 and "已损坏" in info.stderr, info.stderr
    listed = run_cli("--db", str(db_file), "list", "inspections")
    assert listed.returncode in (0, 1) and "Could not decode" not in listed.stderr
    added = run_cli("--db", str(db_file), "add", "villages", "--set", "name=新建村")
    assert added.returncode == 1 and "没有保存" in added.stderr
    for proc in (info, listed, added):
        assert_chinese_only(proc.stdout + proc.stderr)
    assert digest(db_file) == before


def test_read_only_file_and_folder_in_real_processes(pristine: Path, tmp_path: Path) -> None:
    prefix = unprivileged()
    ro_file = copy_db(pristine, tmp_path / "ro.db")
    ro_file.chmod(0o444)
    folder = tmp_path / "只读文件夹"
    in_folder = copy_db(pristine, folder / "safetydesk.db")
    folder.chmod(0o555)
    try:
        for db_file, reason in ((ro_file, "数据库文件是只读的"), (in_folder, "数据库所在文件夹不可写")):
            info = run_cli("--db", str(db_file), "info", prefix=prefix)
            assert info.returncode == 0 and "只读打开" in info.stdout and reason in info.stderr
            listed = run_cli("--db", str(db_file), "list", "villages", "--json", prefix=prefix)
            assert listed.returncode == 0 and len(json.loads(listed.stdout)) == 23
            added = run_cli("--db", str(db_file), "add", "villages", "--set", "name=新建村", prefix=prefix)
            assert added.returncode == 1 and reason in added.stderr and "已损坏" not in added.stderr
            for proc in (info, listed, added):
                assert_chinese_only(proc.stdout + proc.stderr)
        init = run_cli("--db", str(folder / "new.db"), "init", "--township", "润城镇", "--county",
                       "阳城县", prefix=prefix)  # fmt: skip
        assert init.returncode == 1 and "数据库所在文件夹不可写" in init.stderr
        out = run_cli("--db", str(ro_file), "print", "ledger", "--out", str(folder / "台账.pdf"),
                      prefix=prefix)  # fmt: skip
        assert out.returncode == 1 and "无法写入" in out.stderr and "没有访问权限" in out.stderr
        assert_chinese_only(init.stderr + out.stderr)
    finally:
        folder.chmod(0o755)
    assert sorted(p.name for p in folder.iterdir()) == ["safetydesk.db"]


# -- OS errors in Chinese -----------------------------------------------------------------------
@pytest.fixture
def ready(pristine: Path, tmp_path: Path) -> Path:
    return copy_db(pristine, tmp_path / "ready.db")


def test_out_into_a_folder_that_is_a_file_or_to_a_folder(capsys, ready: Path, tmp_path: Path) -> None:  # noqa: ANN001
    a_file = tmp_path / "一个文件.txt"
    a_file.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "--db", str(ready), "print", "ledger", "--out", str(a_file / "台账.pdf"))
    assert code == 1 and "无法创建文件夹" in err and "是文件，不是文件夹" in err
    assert_chinese_only(err)
    code, _, err = run(capsys, "--db", str(ready), "print", "ledger", "--out", str(tmp_path))
    assert code == 1 and "这是一个文件夹，不是文件" in err
    assert not (tmp_path.parent / f"{tmp_path.name}.pdf").exists()
    code, _, err = run(capsys, "--db", str(ready), "export", "units", str(tmp_path))
    assert code == 1 and "这是一个文件夹" in err
    assert_chinese_only(err)


def test_out_to_a_missing_folder_creates_it(capsys, ready: Path, tmp_path: Path) -> None:  # noqa: ANN001
    target = tmp_path / "新文件夹" / "下一级" / "台账.pdf"
    code, out, err = run(capsys, "--db", str(ready), "print", "ledger", "--out", str(target))
    assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF")


def test_import_of_a_missing_file_or_a_folder(capsys, ready: Path, tmp_path: Path) -> None:  # noqa: ANN001
    for path, words in ((tmp_path / "没有.xlsx", "找不到文件"), (tmp_path, "是一个文件夹")):
        for kind in ("units", "hazards"):
            code, _, err = run(capsys, "--db", str(ready), "import", kind, str(path))
            assert code == 2 and words in err, (kind, err)
            assert_chinese_only(err)
    code, _, err = run(capsys, "--db", str(ready), "holidays", "import", str(tmp_path))
    assert code == 1 and "这是一个文件夹" in err
    assert_chinese_only(err)


def test_db_in_a_missing_folder_or_under_a_file(capsys, tmp_path: Path) -> None:  # noqa: ANN001
    code, _, err = run(capsys, "--db", str(tmp_path / "没有" / "x.db"), "list", "units")
    assert code == 1 and "找不到数据库文件" in err
    a_file = tmp_path / "f.txt"
    a_file.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "--db", str(a_file / "x.db"), "init", "--township", "润城镇", "--county", "阳城县")
    assert code == 1 and "是文件，不是文件夹" in err
    code, _, err = run(capsys, "--db", str(tmp_path), "list", "units")
    assert code == 1 and "是一个文件夹，不是数据库文件" in err
    assert_chinese_only(err)


def test_os_errors_in_a_real_process(ready: Path, tmp_path: Path) -> None:
    a_file = tmp_path / "f.txt"
    a_file.write_text("x", encoding="utf-8")
    proc = run_cli("--db", str(ready), "export", "units", str(a_file / "u.xlsx"))
    assert proc.returncode == 1 and "是文件，不是文件夹" in proc.stderr
    assert_chinese_only(proc.stdout + proc.stderr)
