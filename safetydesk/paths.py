"""Where SafetyDesk keeps its files.

The data folder resolves in this order: ``--data-dir``, then ``SAFETYDESK_DATA_DIR``, then the
platform default from :mod:`platformdirs` (``%APPDATA%\\SafetyDesk`` on Windows). The database is
``--db`` / ``SAFETYDESK_DB`` when given, else ``safetydesk.db`` inside the data folder. Resources
(fonts, icons) are found through :func:`resource`, from a checkout or a frozen bundle.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import sys
from collections.abc import Callable
from pathlib import Path

#: Application name used for the platform data folder.
APP_NAME = "SafetyDesk"
#: File name of the database inside the data folder.
DB_FILENAME = "safetydesk.db"
#: File name of the demo database inside the data folder.
DEMO_DB_FILENAME = "safetydesk-demo.db"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return the data folder (not created).

    Args:
        explicit: Value of ``--data-dir``, if given.
    """
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("SAFETYDESK_DATA_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=True))


def db_path(
    explicit_db: str | os.PathLike[str] | None = None,
    explicit_data_dir: str | os.PathLike[str] | None = None,
) -> Path:
    """Return the database file path.

    Args:
        explicit_db: Value of ``--db``, if given.
        explicit_data_dir: Value of ``--data-dir``, if given.
    """
    if explicit_db:
        return Path(explicit_db).expanduser()
    env = os.environ.get("SAFETYDESK_DB")
    if env and not explicit_data_dir:
        return Path(env).expanduser()
    return data_dir(explicit_data_dir) / DB_FILENAME


def data_dir_for_db(db_file: Path) -> Path:
    """The folder that holds a database's companions (backups, attachments, logs, exports)."""
    return db_file.resolve().parent


def backups_dir(db_file: Path) -> Path:
    """Folder for automatic and manual backups of ``db_file``."""
    return data_dir_for_db(db_file) / "backups"


def logs_dir(db_file: Path | None = None) -> Path:
    """Folder for error logs (next to the database, else in the data folder)."""
    base = data_dir_for_db(db_file) if db_file is not None else data_dir()
    return base / "logs"


def exports_dir(db_file: Path) -> Path:
    """Default folder for exported files."""
    return data_dir_for_db(db_file) / "exports"


def attachments_dir(db_file: Path) -> Path:
    """Root folder of attached files (photos …), referenced by relative paths in the DB."""
    return data_dir_for_db(db_file) / "attachments"


def resources_root() -> Path:
    """The ``resources/`` folder, from a checkout or a PyInstaller bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


def resource(rel: str) -> Path:
    """Path of a file under ``resources/`` (e.g. ``"fonts/wqy-microhei.ttc"``)."""
    return resources_root() / rel


def write_atomic(path: Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then move it over ``path``.

    On any failure (or a cancel raised inside ``write``) the temporary file is removed and an
    existing ``path`` is left untouched, so no partial file is ever seen under ``path``.

    Raises:
        FileAccessError: ``path`` is a folder, or its folder cannot be created (Chinese message).
        OSError: The file cannot be written (see :func:`safetydesk.failures.os_error_message`).
    """
    from safetydesk.errors import FileAccessError
    from safetydesk.oserrors import mkdir_message

    if path.is_dir():
        example = path / f"台账{path.suffix or '.pdf'}"
        raise FileAccessError(
            f"无法写入「{path}」：这是一个文件夹，不是文件。请写出文件夹中的文件名，例如 {example}。",
            errno.EISDIR,
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileAccessError(mkdir_message(exc, path.parent), exc.errno) from exc
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return path


def write_pdf(path: Path, render: Callable[[Path], object]) -> Path:
    """Render a PDF to ``path`` atomically (``.pdf`` added when missing); returns the path.

    Raises:
        FileAccessError: The file cannot be written (a folder, a read-only place, open in a
            viewer), with a Chinese message.
    """
    from safetydesk.errors import FileAccessError
    from safetydesk.oserrors import os_error_message

    path = Path(path)
    if path.is_dir():
        return write_atomic(path, render)  # refused: a folder is not a file name
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    try:
        return write_atomic(path, render)
    except OSError as exc:
        message = os_error_message(exc, path, action="写入")
        if isinstance(exc, PermissionError) and os.access(path.parent, os.W_OK):
            message += "如果该文件正在 PDF 阅读器中打开，请先关闭它。"
        raise FileAccessError(message, exc.errno) from exc
