"""The database files the GUI creates: the demo database, and removing a file nobody filled.

:func:`create_demo_file` builds the demo database in a temporary file and renames it into place,
so an interrupted attempt never leaves a half-written demo; :func:`remove_db_file` deletes a
database this run created (after the first-run dialog was cancelled, or a screenshot of it),
with its WAL companions. Used by :mod:`safetydesk.ui.app`.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from safetydesk import paths
from safetydesk.errors import SafetyDeskError
from safetydesk.services import Workspace


def demo_path(data_dir: Path) -> Path:
    """Where the demo database lives."""
    return data_dir / paths.DEMO_DB_FILENAME


def create_demo_file(target: Path, today: date) -> None:
    """Create the demo database at ``target`` (built in a temporary file, then renamed).

    Raises:
        SafetyDeskError: This build has no demo data.
    """
    try:
        from safetydesk.services.demo import create_demo
    except ModuleNotFoundError as exc:
        if exc.name != "safetydesk.services.demo":
            raise
        raise SafetyDeskError("本版本没有附带演示数据。") from exc
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.stem + ".creating.db")
    remove_db_file(partial)  # left over from an interrupted attempt
    ws = Workspace.open(partial, clock=lambda: today)
    try:
        create_demo(ws, seed=1, scale=1, today=today)
        if not ws.settings.is_initialized:
            ws.settings.initialize(township_name="润城镇", county="阳城县")
    except BaseException:
        ws.close()
        remove_db_file(partial)
        raise
    ws.close()
    remove_db_file(target)  # only stale WAL companions can be there: target did not exist
    for suffix in ("-wal", "-shm"):  # normally removed by the close; moved with the file if not
        companion = Path(f"{partial}{suffix}")
        if companion.exists():
            os.replace(companion, Path(f"{target}{suffix}"))
    os.replace(partial, target)


def remove_db_file(path: Path) -> None:
    """Delete a database file this run created and nobody filled (with its WAL companions)."""
    for f in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        f.unlink(missing_ok=True)
