"""Opening a SafetyDesk database: pragmas, refusal of foreign or too-new files, backup, migration."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Generator
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from safetydesk.errors import ReadOnlyError, SchemaTooNewError, StorageError
from safetydesk.failures import (
    ReadOnlyKind,
    backups_advice,
    damaged_message,
    is_damage,
    read_only_message,
    read_only_reason,
)
from safetydesk.oserrors import mkdir_message
from safetydesk.paths import backups_dir
from safetydesk.storage.integrity import ReadOnly, check, connect_read_only
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

    Attributes:
        path: The file (None in memory).
        read_only: Why the file is open for reading only (damaged, read-only file or folder), or
            None when it can be written; :meth:`atomic` refuses at once when set.
    """

    path: Path | None = None
    read_only: ReadOnly | None = None

    @contextlib.contextmanager
    def atomic(self) -> Generator[Database, None, None]:
        """A transaction holding the write lock from its start (a savepoint when nested).

        Raises:
            ReadOnlyError: The database is open for reading only (:attr:`read_only`).
            StorageError: The file cannot be written (read-only, locked by another program past
                the busy timeout, disk full), with a Chinese message; nothing was written.
        """
        if self.read_only is not None:
            raise ReadOnlyError(f"这次修改没有保存。{self.read_only.message}")
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
            known = _write_failure(exc, self.path)
            if known is None:
                raise
            raise StorageError(known) from exc


def _write_failure(exc: sqlite3.OperationalError, path: Path | None) -> str | None:
    """The Chinese message of a write that failed for a known reason of the file or disk."""
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        kind = read_only_reason(path) if path is not None else None
        if path is not None and kind is not None:
            return f"这次修改没有保存。{read_only_message(path, kind)}"
        return ("数据库文件是只读的，这次修改没有保存。请检查文件（或所在文件夹、U 盘）是否设为只读"
                "或没有写入权限，改为可写后重试；只查看不修改不受影响。")  # fmt: skip
    if "locked" in text or "busy" in text:
        return ("数据库正被另一个程序（或另一个 SafetyDesk 窗口）写入，等待超时，这次修改没有保存。"
                "请稍候重试，或关闭其他正在使用该文件的程序。")  # fmt: skip
    if "disk is full" in text or "disk i/o" in text:
        return ("磁盘已满或无法写入，这次修改没有保存，数据库保持原样。请清理磁盘空间"
                "（或换一个有空间的位置）后重试。")  # fmt: skip
    return None


def read_only_of(db: Database) -> ReadOnly | None:
    """Why ``db`` is open for reading only, or None (also for a plain sqlite-utils Database)."""
    return db.read_only if isinstance(db, LedgerDatabase) else None


def mark_damaged(db: Database) -> ReadOnly | None:
    """Refuse every later change to ``db``: a read found damage the check at open could not see.

    Returns:
        The reason now in force (None for a database without a file).
    """
    if not isinstance(db, LedgerDatabase) or db.path is None:
        return None
    if db.read_only is None or db.read_only.kind is not ReadOnlyKind.DAMAGED:
        db.read_only = ReadOnly.of(db.path, ReadOnlyKind.DAMAGED)
    return db.read_only


def _applied_names(db: Database) -> list[str]:
    return [m.name for m in migrations.applied(db)]


def _prepare_new_file(path: Path) -> None:
    """Make sure a new database can be created at ``path`` (its folder exists and is writable)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(mkdir_message(exc, path.parent)) from exc
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise StorageError(
            f"数据库所在文件夹不可写：{path.parent}（只读的文件夹、光盘或写保护的 U 盘，或当前用户"
            "没有写入权限），无法在那里创建数据库。请换一个可写的文件夹。"
        )


def _unreadable(path: Path, exc: sqlite3.DatabaseError) -> StorageError:
    """The error of a file SQLite cannot read at all (not a database, or damaged in its schema)."""
    if "not a database" in str(exc).lower():
        return StorageError(
            f"无法打开数据库文件 {path}：它不是 SafetyDesk 数据库，或文件已经损坏（文件头读不出）。"
            f"请选择正确的文件。如果它原来是 SafetyDesk 的数据库：{backups_advice(path)}"
        )
    if is_damage(exc):
        return StorageError(f"无法打开。{damaged_message(path)}")
    return StorageError(f"无法打开数据库文件 {path}（SQLite：{exc}）。请选择其他文件，或从备份恢复。")


def _connect(path: Path, read_only: ReadOnly | None) -> LedgerDatabase:
    """The database at ``path``, through a read-only connection when ``read_only`` is set."""
    conn = sqlite3.connect(str(path)) if read_only is None else connect_read_only(path)
    # No sqlite-utils plugins: none is ours, and discovering them scans every installed
    # package's metadata (~25 ms of start-up).
    db = LedgerDatabase(conn, execute_plugins=False)
    db.path, db.read_only = path, read_only
    db.conn.execute("PRAGMA busy_timeout = 5000")
    db.conn.execute("PRAGMA foreign_keys = ON")
    return db


def _open_checked(path: Path, *, full_check: bool) -> tuple[LedgerDatabase, set[str]]:
    """Connect to the existing file ``path``, run the integrity check, and reconnect read-only
    when the file is damaged or the file system does not let it be written."""
    kind = read_only_reason(path)
    read_only = ReadOnly.of(path, kind) if kind is not None else None
    try:
        try:
            db = _connect(path, read_only)
            existing = set(db.table_names())
        except sqlite3.OperationalError as exc:
            text = str(exc).lower()
            if read_only is not None or not ("readonly" in text or "unable to open" in text):
                raise
            # The file system refused what os.access allowed (a network share, Windows ACLs).
            read_only = ReadOnly.of(path, ReadOnlyKind.FOLDER)
            db = _connect(path, read_only)
            existing = set(db.table_names())
        problems = check(db.conn, path, full=full_check)
        if problems:
            db.close()
            read_only = ReadOnly.of(path, ReadOnlyKind.DAMAGED, len(problems))
            db = _connect(path, read_only)
            existing = set(db.table_names())
    except sqlite3.DatabaseError as exc:
        raise _unreadable(path, exc) from exc
    return db, existing


def open_database(
    path: Path | str, *, create: bool = True, backup: bool = True, full_check: bool = False
) -> LedgerDatabase:
    """Open (and if needed create or upgrade) the database at ``path``.

    An existing file gets ``PRAGMA quick_check`` first (see :mod:`storage.integrity`). A damaged
    file, a read-only file and a file in a read-only folder are opened for reading only: the
    returned database's :attr:`~LedgerDatabase.read_only` says why, and its transactions refuse
    with that Chinese message before writing anything.

    Args:
        path: The database file, or ``":memory:"`` for a throw-away database (tests).
        create: Create the file when it does not exist (or is empty); when False a missing or
            empty file is an error and nothing is written.
        backup: Copy the file to ``backups/`` before applying pending migrations to existing data.
        full_check: Check the whole file whatever its size (``info``).

    Returns:
        A migrated sqlite-utils :class:`Database` with foreign keys on, WAL and synchronous=FULL
        (when writable).

    Raises:
        StorageError: The file is missing (``create=False``), not a SQLite file, not ours, cannot
            be created, or needs an upgrade that a read-only or damaged file cannot get.
        SchemaTooNewError: The file was written by a newer SafetyDesk.
    """
    if str(path) == ":memory:":
        db = LedgerDatabase(":memory:", execute_plugins=False)
        db.conn.execute("PRAGMA foreign_keys = ON")
        migrations.apply(db)
        return db
    path = Path(path)
    if path.is_dir():
        raise StorageError(f"{path} 是一个文件夹，不是数据库文件。请选择数据库文件（.db）。")
    if not path.exists():
        if not create:
            raise StorageError(f"找不到数据库文件：{path}。请检查路径，或先用“初始化”创建。")
        _prepare_new_file(path)
        try:
            db, existing = _connect(path, None), set[str]()
        except sqlite3.DatabaseError as exc:
            raise _unreadable(path, exc) from exc
    else:
        if not create and path.is_file() and path.stat().st_size == 0:
            # SQLite would take an empty file for a new database and this open would write one.
            raise StorageError(
                f"文件 {path} 是空文件（0 字节），不是 SafetyDesk 数据库，未做任何改动。"
                "请选择正确的数据库文件，或用“初始化”在新位置创建数据库。"
            )
        db, existing = _open_checked(path, full_check=full_check)
    try:
        return _finish_open(db, path, existing, backup=backup)
    except BaseException:
        db.close()
        raise


def _finish_open(db: LedgerDatabase, path: Path, existing: set[str], *, backup: bool) -> LedgerDatabase:
    """Refuse foreign and too-new files, set the pragmas and apply pending migrations."""
    if existing and migrations.migrations_table not in existing:
        raise StorageError(
            f"文件 {path} 是 SQLite 数据库，但不是 SafetyDesk 的数据库。请选择正确的文件。"
        )
    applied = _applied_names(db)
    unknown = [name for name in applied if name not in KNOWN_MIGRATIONS]
    if unknown:
        raise SchemaTooNewError(
            f"数据库 {path} 由更新版本的 SafetyDesk 写入（含本版本不认识的结构 {unknown[0]}）。"
            "为避免损坏数据，本版本拒绝打开。请安装最新版本的 SafetyDesk 后再打开。"
        )
    if db.read_only is None:
        db.conn.execute("PRAGMA journal_mode = WAL")
        db.conn.execute("PRAGMA synchronous = FULL")
    # Lists fetch their visible rows by id from anywhere in big tables: a larger page cache and
    # memory-mapped reads keep those random lookups cheap (measured in bench/run.py).
    db.conn.execute("PRAGMA cache_size = -32768")
    db.conn.execute("PRAGMA mmap_size = 268435456")
    pending = migrations.pending(db)
    if pending and db.read_only is not None:
        raise StorageError(
            f"数据库 {path} 需要升级到本版本的结构才能打开，但它不能被修改（{db.read_only.short}），"
            f"所以没有升级，也没有改动它。{db.read_only.message}"
        )
    if pending and applied and backup:
        backup_copy(db, path, reason=f"before-{pending[0].name}")
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
