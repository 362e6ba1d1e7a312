"""Opening databases: migrations, too-new and foreign files refused, backup before migrating."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from safetydesk.errors import SchemaTooNewError, StorageError
from safetydesk.storage import migrations as mig
from safetydesk.storage.db import open_database

GOLDEN = Path(__file__).with_name("schema.sql")


def test_new_database_is_migrated_with_pragmas(db_file: Path) -> None:
    db = open_database(db_file)
    assert [m.name for m in mig.migrations.applied(db)] == mig.KNOWN_MIGRATIONS
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert "STRICT" in db["units"].schema


def test_apply_twice_is_a_noop(db_file: Path) -> None:
    open_database(db_file).close()
    before = Database(db_file).schema
    db = open_database(db_file)
    assert db.schema == before
    assert mig.migrations.pending(db) == []
    assert len(list(db.query("SELECT * FROM _sqlite_migrations"))) == len(mig.KNOWN_MIGRATIONS)


def test_schema_matches_golden_file(db_file: Path) -> None:
    """A schema change must be intentional: regenerate tests/storage/schema.sql when it is."""
    db = open_database(db_file)
    assert db.schema.strip() == GOLDEN.read_text(encoding="utf-8").strip()


def test_too_new_database_is_refused(db_file: Path) -> None:
    db = open_database(db_file)
    db["_sqlite_migrations"].insert(
        {"migration_set": "safetydesk", "name": "m999_future", "applied_at": "2030-01-01"}
    )
    db.close()
    with pytest.raises(SchemaTooNewError, match="更新版本"):
        open_database(db_file)


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE x(a)").connection.commit()
    with pytest.raises(StorageError, match="不是 SafetyDesk"):
        open_database(other)


def test_garbage_file_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StorageError, match="损坏"):
        open_database(junk)


def test_missing_file_without_create(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="找不到"):
        open_database(tmp_path / "nope.db", create=False)


def test_empty_file_without_create_is_refused_and_left_empty(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    with pytest.raises(StorageError, match="空文件"):
        open_database(empty, create=False)
    assert empty.read_bytes() == b"" and sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]
    open_database(empty).close()  # creating one there is still allowed (init, the GUI)
    assert empty.stat().st_size > 0


def test_backup_is_taken_before_a_pending_migration(
    db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_database(db_file)
    db["villages"].insert(
        {"name": "润城村", "kind": "村", "created_at": "x", "updated_at": "x"}
    )
    db.close()

    def m900_add_column(d: Database) -> None:
        d["villages"].add_column("extra", str)

    monkeypatch.setattr(mig.migrations, "_migrations", list(mig.migrations._migrations))
    monkeypatch.setattr(mig, "KNOWN_MIGRATIONS", list(mig.KNOWN_MIGRATIONS))
    monkeypatch.setattr("safetydesk.storage.db.KNOWN_MIGRATIONS", mig.KNOWN_MIGRATIONS)
    mig.migration(m900_add_column)

    db = open_database(db_file)
    assert "extra" in db["villages"].columns_dict
    backups = list((db_file.parent / "backups").glob("*before-m900_add_column.db"))
    assert len(backups) == 1
    copy = Database(backups[0])
    assert "extra" not in copy["villages"].columns_dict
    assert copy["villages"].count == 1


def test_failed_migration_rolls_back(db_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_database(db_file).close()

    def m901_broken(d: Database) -> None:
        d["villages"].add_column("half", str)
        raise RuntimeError("boom")

    monkeypatch.setattr(mig.migrations, "_migrations", list(mig.migrations._migrations))
    monkeypatch.setattr(mig, "KNOWN_MIGRATIONS", list(mig.KNOWN_MIGRATIONS))
    monkeypatch.setattr("safetydesk.storage.db.KNOWN_MIGRATIONS", mig.KNOWN_MIGRATIONS)
    mig.migration(m901_broken)
    with pytest.raises(RuntimeError):
        open_database(db_file)
    assert "half" not in Database(db_file)["villages"].columns_dict
