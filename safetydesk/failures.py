"""Chinese messages for failures of files and of the database file, for every front end.

* :func:`~safetydesk.oserrors.os_error_message` (in :mod:`safetydesk.oserrors`) turns an
  :class:`OSError` into Chinese.
* :func:`damaged_message` and :func:`read_only_message` explain a database that is opened for
  reading only (damaged file, read-only file, read-only folder), naming the backups folder.
* :func:`explain` is used where the CLI and the GUI meet an exception they did not expect: a
  damaged file's ``sqlite3.DatabaseError`` ("database disk image is malformed", "file is not a
  database", "Could not decode to UTF-8") and ``UnicodeDecodeError`` become the damage message, a
  refused write the read-only message, an ``OSError`` its Chinese text.

No Qt and no SQL here (not even ``import sqlite3``: SQL lives in storage/): the GUI, the CLI and
storage share these texts, and SQLite's exceptions are recognised by their class names.
"""

from __future__ import annotations

import os
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from safetydesk.oserrors import os_error_message
from safetydesk.paths import backups_dir


# -- read-only and damaged databases ------------------------------------------------------------
class ReadOnlyKind(StrEnum):
    """Why a database is open for reading only."""

    DAMAGED = "damaged"  # the integrity check found problems: never written
    FILE = "file"  # the file itself cannot be written
    FOLDER = "folder"  # the folder cannot be written (SQLite cannot create its journal there)


#: The banner's short reason, by kind.
SHORT_REASONS: dict[ReadOnlyKind, str] = {
    ReadOnlyKind.DAMAGED: "数据库文件已损坏",
    ReadOnlyKind.FILE: "数据库文件是只读的",
    ReadOnlyKind.FOLDER: "数据库所在文件夹不可写",
}


def backups_advice(db_file: Path) -> str:
    """Where the backups of ``db_file`` are (or will be), and how to restore one."""
    folder = backups_dir(db_file)
    try:
        copies = sorted(folder.glob(f"{db_file.stem}-*.db"), key=lambda p: p.stat().st_mtime)
    except OSError:
        copies = []
    if copies:
        newest = copies[-1]
        when = datetime.fromtimestamp(newest.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        return (
            f"请从备份恢复：备份文件夹 {folder} 中有 {len(copies)} 份备份，最新的是 {newest.name}"
            f"（{when}）。恢复方法：关闭 SafetyDesk，把损坏的文件改名留存（不要删除），"
            f"再把一份完好的备份复制为 {db_file.name}。"
        )
    return (
        f"备份文件夹 {folder} 中还没有备份（以后的自动备份会保存在那里）。请找一份完好的副本"
        f"（U 盘、其他电脑上的副本或上报时留存的文件）复制为 {db_file.name} 来恢复；"
        "损坏的文件请改名留存，不要删除。"
    )


def damaged_message(db_file: Path, problems: int | None = None) -> str:
    """The message of a damaged database: opened for reading at most, and how to restore it."""
    found = f"完整性检查发现 {problems} 处问题" if problems else "读取时发现数据已损坏"
    return (
        f"数据库文件 {db_file} 已损坏（{found}）。为免损坏扩大，它只能查看、不能修改，"
        f"部分记录可能读不出来。{backups_advice(db_file)}"
    )


def read_only_message(db_file: Path, kind: ReadOnlyKind, problems: int | None = None) -> str:
    """Why ``db_file`` is open for reading only and what to do to be able to change it."""
    if kind is ReadOnlyKind.DAMAGED:
        return damaged_message(db_file, problems)
    if kind is ReadOnlyKind.FOLDER:
        return (
            f"数据库所在文件夹不可写：{db_file.parent}（只读的文件夹、光盘或写保护的 U 盘，"
            "或当前用户没有写入权限），SQLite 无法在那里建立日志文件，所以数据库只能查看、不能修改。"
            "文件本身没有损坏。要修改，请把数据库文件复制到可写的文件夹（如“文档”）后打开，"
            "或取得该文件夹的写入权限。"
        )
    return (
        f"数据库文件是只读的：{db_file}（文件属性设为只读，或当前用户没有写入权限），"
        "所以只能查看、不能修改。文件本身没有损坏。要修改，请取消该文件的只读属性"
        "（或取得写入权限）后重新打开。"
    )


def read_only_reason(db_file: Path) -> ReadOnlyKind | None:
    """Whether the file system lets this process write ``db_file`` (and its journal)."""
    if not os.access(db_file, os.W_OK):
        return ReadOnlyKind.FILE
    if not os.access(db_file.parent, os.W_OK | os.X_OK):
        return ReadOnlyKind.FOLDER
    return None


#: Words of SQLite's messages for a damaged file.
_DAMAGE_WORDS = ("malformed", "not a database", "could not decode", "corrupt", "disk image")


def _is_sqlite(exc: BaseException, name: str) -> bool:
    """True when ``exc`` is (a subclass of) ``sqlite3.<name>``."""
    return any(c.__module__ == "sqlite3" and c.__name__ == name for c in type(exc).__mro__)


def is_damage(exc: BaseException) -> bool:
    """True when ``exc`` says the database file is damaged (not locked, not read-only)."""
    if isinstance(exc, UnicodeDecodeError):
        return True
    if _is_sqlite(exc, "DatabaseError"):
        text = str(exc).lower()
        return any(word in text for word in _DAMAGE_WORDS)
    return False


def explain(exc: BaseException, db_file: Path | None) -> str | None:
    """The Chinese message of an exception a front end met, or None when it is a bug.

    Args:
        exc: The exception (not a ``SafetyDeskError``: those carry their own message).
        db_file: The database in use, if any (damage and read-only messages name it).
    """
    if is_damage(exc):
        if db_file is None:
            return "数据库文件已损坏，读不出数据。请从备份恢复。"
        return damaged_message(db_file)
    if _is_sqlite(exc, "OperationalError"):
        text = str(exc).lower()
        if "readonly" in text or "read-only" in text:
            kind = read_only_reason(db_file) if db_file is not None else None
            if db_file is not None and kind is not None:
                return "这次修改没有保存。" + read_only_message(db_file, kind)
            return "数据库是只读打开的，这次修改没有保存。"
        return None
    if isinstance(exc, OSError):
        return os_error_message(exc)
    return None
