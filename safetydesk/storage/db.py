"""Opening a SafetyDesk database: pragmas, refusal of foreign or too-new files, backup, migration."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Generator
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from safetydesk.errors import SchemaTooNewError, StorageError
from safetydesk.paths import backups_dir
from safetydesk.storage.migrations import KNOWN_MIGRATIONS, migrations


def utc_now() -> datetime:
    """Current UTC time to the second (the ``*_at`` timestamps of records)."""
    return datetime.now(UTC).replace(microsecond=0)


def utc_now_text() -> str:
    """Current UTC time as ISO text (the format of every ``*_at`` column)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class LedgerDatabase(Database):
    """A sqlite-utils :class:`Database` whose outermost :meth:`atomic` begins ``IMMEDIATE``.

    Our transactions read before they write (the next 隐患编号 or 文号, then the insert). Begun
    deferred, such a transaction holds a read lock, and its upgrade to a writer fails at once with
    "database is locked" when another process wrote in between: SQLite cannot wait there without a
    deadlock, so the busy timeout does not help. ``BEGIN IMMEDIATE`` takes the write lock at the
    start, where waiting (up to the busy timeout) is safe. Nested blocks stay savepoints.
    """

    @contextlib.contextmanager
    def atomic(self) -> Generator[Database, None, None]:
        """A transaction holding the write lock from its start (a savepoint when nested).

        Raises:
            StorageError: The file cannot be written (read-only, locked by another program past
                the busy timeout, disk full), with a Chinese message; nothing was written.
        """
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                self.rollback()
                raise
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                self.rollback()
                raise
        except sqlite3.OperationalError as exc:
            known = _write_failure(exc)
            if known is None:
                raise
            raise StorageError(known) from exc


def _write_failure(exc: sqlite3.OperationalError) -> str | None:
    """The Chinese message of a write that failed for a known reason of the file or disk."""
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        return ("数据库文件是只读的，这次修改没有保存。请检查文件（或所在文件夹、U 盘）是否设为只读"
                "或没有写入权限，改为可写后重试；只查看不修改不受影响。")  # fmt: skip
    if "locked" in text or "busy" in text:
        return ("数据库正被另一个程序（或另一个 SafetyDesk 窗口）写入，等待超时，这次修改没有保存。"
                "请稍候重试，或关闭其他正在使用该文件的程序。")  # fmt: skip
    if "disk is full" in text or "disk i/o" in text:
        return ("磁盘已满或无法写入，这次修改没有保存，数据库保持原样。请清理磁盘空间"
                "（或换一个有空间的位置）后重试。")  # fmt: skip
    return None


def _applied_names(db: Database) -> list[str]:
    return [m.name for m in migrations.applied(db)]


def open_database(path: Path | str, *, create: bool = True, backup: bool = True) -> Database:
    """Open (and if needed create or upgrade) the database at ``path``.

    Args:
        path: The database file, or ``":memory:"`` for a throw-away database (tests).
        create: Create the file when it does not exist (or is empty); when False a missing or
            empty file is an error and nothing is written.
        backup: Copy the file to ``backups/`` before applying pending migrations to existing data.

    Returns:
        A migrated sqlite-utils :class:`Database` with foreign keys on, WAL and synchronous=FULL.

    Raises:
        StorageError: The file is missing (``create=False``), not a SQLite file, or not ours.
        SchemaTooNewError: The file was written by a newer SafetyDesk.
    """
    memory = str(path) == ":memory:"
    if not memory:
        path = Path(path)
        if not path.exists():
            if not create:
                raise StorageError(f"找不到数据库文件：{path}。请检查路径，或先用“初始化”创建。")
            path.parent.mkdir(parents=True, exist_ok=True)
        elif not create and path.is_file() and path.stat().st_size == 0:
            # SQLite would take an empty file for a new database and this open would write one.
            raise StorageError(
                f"文件 {path} 是空文件（0 字节），不是 SafetyDesk 数据库，未做任何改动。"
                "请选择正确的数据库文件，或用“初始化”在新位置创建数据库。"
            )
    try:
        # No sqlite-utils plugins: none is ours, and discovering them scans every installed
        # package's metadata (~25 ms of start-up).
        db = LedgerDatabase(":memory:" if memory else path, execute_plugins=False)
        db.conn.execute("PRAGMA busy_timeout = 5000")
        db.conn.execute("PRAGMA foreign_keys = ON")
        existing = set(db.table_names())
    except sqlite3.DatabaseError as exc:
        raise StorageError(
            f"无法打开数据库文件 {path}：它不是 SafetyDesk 数据库或已经损坏（{exc}）。"
            "请选择正确的文件，或从备份恢复。"
        ) from exc
    if existing and migrations.migrations_table not in existing:
        db.close()
        raise StorageError(
            f"文件 {path} 是 SQLite 数据库，但不是 SafetyDesk 的数据库。请选择正确的文件。"
        )
    applied = _applied_names(db)
    unknown = [name for name in applied if name not in KNOWN_MIGRATIONS]
    if unknown:
        db.close()
        raise SchemaTooNewError(
            f"数据库 {path} 由更新版本的 SafetyDesk 写入（含本版本不认识的结构 {unknown[0]}）。"
            "为避免损坏数据，本版本拒绝打开。请安装最新版本的 SafetyDesk 后再打开。"
        )
    if not memory:
        db.conn.execute("PRAGMA journal_mode = WAL")
        db.conn.execute("PRAGMA synchronous = FULL")
        # Lists fetch their visible rows by id from anywhere in big tables: a larger page cache and
        # memory-mapped reads keep those random lookups cheap (measured in bench/run.py).
        db.conn.execute("PRAGMA cache_size = -32768")
        db.conn.execute("PRAGMA mmap_size = 268435456")
    pending = migrations.pending(db)
    if pending and applied and backup and not memory:
        backup_copy(db, Path(path), reason=f"before-{pending[0].name}")
    migrations.apply(db)
    return db


def backup_copy(db: Database, db_file: Path, *, reason: str) -> Path:
    """Copy the open database to ``backups/safetydesk-<timestamp>-<reason>.db`` and return it."""
    folder = backups_dir(db_file)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{db_file.stem}-{stamp}-{reason}.db"
    dest = sqlite3.connect(target)
    try:
        db.conn.backup(dest)
    finally:
        dest.close()
    return target
