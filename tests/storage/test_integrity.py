"""Issue 9, points 18 and 19: a damaged database is checked at open and never written; a
read-only file or folder is opened for reading with its own message."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from damage import (
    ROOT,
    copy_db,
    damage_middle,
    damage_middle_page,
    damage_text,
    digest,
    make_demo,
    unprivileged,
)

from safetydesk.domain.common import Village, VillageKind
from safetydesk.errors import ReadOnlyError, StorageError
from safetydesk.failures import ReadOnlyKind
from safetydesk.services import Workspace
from safetydesk.storage import integrity
from safetydesk.storage.db import open_database


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real demo database per module; tests work on copies."""
    return make_demo(tmp_path_factory.mktemp("demo") / "demo.db")


def _add_village(ws: Workspace) -> None:
    ws.villages.save(Village(name="新建村", kind=VillageKind.VILLAGE))


def test_a_sound_demo_file_opens_writable(pristine: Path, tmp_path: Path) -> None:
    db_file = copy_db(pristine, tmp_path / "ok.db")
    with Workspace.open(db_file, create=False) as ws:
        assert ws.read_only is None
        _add_village(ws)
        assert ws.villages.id_by_name("新建村") is not None


@pytest.mark.parametrize("damage", [damage_middle_page, damage_middle], ids=["page-header", "middle"])
def test_a_damaged_file_is_opened_read_only_and_never_written(
    pristine: Path, tmp_path: Path, damage: object
) -> None:
    db_file = copy_db(pristine, tmp_path / "data" / "safetydesk.db")
    damage(db_file)  # type: ignore[operator]
    before = digest(db_file)
    ws = Workspace.open(db_file, create=False)
    try:
        reason = ws.read_only
        assert reason is not None and reason.kind is ReadOnlyKind.DAMAGED and reason.problems
        assert "已损坏" in reason.message and str(tmp_path / "data" / "backups") in reason.message
        assert "还没有备份" in reason.message  # none yet: says where they will be
        with pytest.raises(ReadOnlyError, match="没有保存.*已损坏.*备份文件夹"):
            _add_village(ws)
        with pytest.raises(ReadOnlyError):
            ws.settings.update(office_name="润城镇安监办")
    finally:
        ws.close()
    assert digest(db_file) == before
    assert not (tmp_path / "data" / "backups").exists()


def test_text_damage_that_the_page_check_cannot_see_is_found_by_reading_the_rows(
    pristine: Path, tmp_path: Path
) -> None:
    db_file = copy_db(pristine, tmp_path / "hz.db")
    damage_text(db_file, "应急照明灯损坏不亮")
    import sqlite3

    conn = sqlite3.connect(db_file)
    assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]  # SQLite alone says all is well
    conn.close()
    with Workspace.open(db_file, create=False) as ws:
        assert ws.read_only is not None and ws.read_only.kind is ReadOnlyKind.DAMAGED


def test_the_message_names_the_newest_backup(pristine: Path, tmp_path: Path) -> None:
    db_file = copy_db(pristine, tmp_path / "safetydesk.db")
    backups = tmp_path / "backups"
    copy_db(pristine, backups / "safetydesk-20261101-080000-before-m009.db")
    newest = copy_db(pristine, backups / "safetydesk-20261120-080000-before-m010.db")
    os.utime(backups / "safetydesk-20261101-080000-before-m009.db", (1, 1))
    damage_middle_page(db_file)
    with Workspace.open(db_file, create=False) as ws:
        assert ws.read_only is not None
        assert "有 2 份备份" in ws.read_only.message and newest.name in ws.read_only.message


def test_a_file_damaged_in_its_schema_cannot_be_opened_and_says_so(tmp_path: Path, pristine: Path) -> None:
    db_file = copy_db(pristine, tmp_path / "x.db")
    from damage import flip

    flip(db_file, 100)  # the first page: the schema itself
    before = digest(db_file)
    with pytest.raises(StorageError, match="损坏") as caught:
        open_database(db_file, create=False)
    assert "备份" in str(caught.value)
    assert digest(db_file) == before


def test_big_files_check_their_core_tables_at_open_and_everything_on_request(
    pristine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_file = copy_db(pristine, tmp_path / "big.db")
    damage_text(db_file, "应急照明灯损坏不亮")  # a hazard's text: not a core table
    monkeypatch.setattr(integrity, "FULL_CHECK_LIMIT", 1024)
    monkeypatch.setattr(integrity, "ROW_SCAN_LIMIT", 1024)
    with Workspace.open(db_file, create=False) as ws:
        assert ws.read_only is None  # fast open: the damage is not where the open looks
    with Workspace.open(db_file, create=False, full_check=True) as ws:
        assert ws.read_only is not None and ws.read_only.kind is ReadOnlyKind.DAMAGED


def _unprivileged_python(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [*unprivileged(), sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True, text=True, env=env, check=False, timeout=120,
    )  # fmt: skip


_OPEN_AND_WRITE = """
    import sys
    from safetydesk.domain.common import Village, VillageKind
    from safetydesk.errors import ReadOnlyError
    from safetydesk.services import Workspace
    ws = Workspace.open(sys.argv[1] if len(sys.argv) > 1 else {path!r}, create=False)
    print("KIND", ws.read_only.kind if ws.read_only else None)
    print("SHORT", ws.read_only.short if ws.read_only else None)
    print("VILLAGES", ws.villages.count())
    try:
        ws.villages.save(Village(name="新建村", kind=VillageKind.VILLAGE))
    except ReadOnlyError as exc:
        print("REFUSED", exc)
    ws.close()
"""


def test_a_read_only_file_is_read_and_refuses_writes(pristine: Path, tmp_path: Path) -> None:
    db_file = copy_db(pristine, tmp_path / "ro.db")
    db_file.chmod(0o444)
    before = digest(db_file)
    proc = _unprivileged_python(_OPEN_AND_WRITE.format(path=str(db_file)))
    assert proc.returncode == 0, proc.stderr
    assert "KIND file" in proc.stdout and "VILLAGES 23" in proc.stdout
    assert "REFUSED 这次修改没有保存。数据库文件是只读的" in proc.stdout
    assert "没有损坏" in proc.stdout and "已损坏" not in proc.stdout
    assert digest(db_file) == before


def test_a_read_only_folder_is_reported_as_such_not_as_damage(pristine: Path, tmp_path: Path) -> None:
    folder = tmp_path / "光盘"
    db_file = copy_db(pristine, folder / "safetydesk.db")
    folder.chmod(0o555)
    try:
        before = digest(db_file)
        proc = _unprivileged_python(_OPEN_AND_WRITE.format(path=str(db_file)))
        assert proc.returncode == 0, proc.stderr
        assert "KIND folder" in proc.stdout and "VILLAGES 23" in proc.stdout
        assert "数据库所在文件夹不可写" in proc.stdout and "已损坏" not in proc.stdout
        assert digest(db_file) == before
        assert sorted(p.name for p in folder.iterdir()) == ["safetydesk.db"]
    finally:
        folder.chmod(0o755)
