"""Damaged and read-only database files for tests: a real demo database with flipped bytes, and
commands run without root's power to ignore file permissions."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: The fixed "today" of the demo files.
TODAY = date(2026, 11, 23)
#: How many bytes are flipped (the case of issue 9, point 18).
FLIPPED = 200
#: The bounding-set capabilities that let root ignore permissions; dropped for "unprivileged" runs.
_DAC_CAPS = "-dac_override,-dac_read_search,-fowner"


def make_demo(target: Path) -> Path:
    """A real demo township database at ``target`` (closed cleanly: no WAL left)."""
    from safetydesk.services import Workspace
    from safetydesk.services.demo import create_demo

    with Workspace.open(target, clock=lambda: TODAY) as ws:
        create_demo(ws, seed=1, scale=1, today=TODAY)
    return target


def copy_db(source: Path, target: Path) -> Path:
    """Copy a database file (no companions) to ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def flip(path: Path, offset: int, count: int = FLIPPED) -> None:
    """Invert ``count`` bytes of ``path`` from ``offset``."""
    data = bytearray(path.read_bytes())
    for i in range(offset, min(offset + count, len(data))):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def damage_middle_page(path: Path) -> None:
    """Flip 200 bytes at the start of the page in the middle of the file (its B-tree header and
    cell pointers): damage that ``PRAGMA quick_check`` finds."""
    page_size = int.from_bytes(path.read_bytes()[16:18], "big")
    flip(path, (path.stat().st_size // 2) // page_size * page_size)


def damage_middle(path: Path) -> None:
    """Flip 200 bytes in the very middle of the file."""
    flip(path, path.stat().st_size // 2)


def damage_text(path: Path, text: str) -> None:
    """Flip 200 bytes from the first place ``text`` is stored: the page structure stays sound
    and the record's text no longer decodes ("Could not decode to UTF-8" when read)."""
    data = path.read_bytes()
    offset = data.find(text.encode("utf-8"))
    assert offset > 0, f"{text} is not in {path}"
    flip(path, offset)


def digest(path: Path) -> str:
    """SHA-256 of a file's bytes (to prove it was not written)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def unprivileged() -> list[str]:
    """Command prefix that runs a program without the power to ignore file permissions.

    As a normal user that is nothing. As root (which ignores permissions), ``setpriv`` drops the
    capabilities that do it; the test is skipped when that is not possible here.
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: file permissions cannot be tested")
    prefix = [setpriv, f"--bounding-set={_DAC_CAPS}", "--"]
    probe = subprocess.run([*prefix, sys.executable, "-c", "pass"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip("running as root and setpriv cannot drop capabilities here")
    return prefix


def run_cli(*args: str, prefix: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    """``safetydesk *args`` in a real process (this tree's code), with text output."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    env.pop("SAFETYDESK_DEBUG", None)
    return subprocess.run(
        [*(prefix or []), sys.executable, "-m", "safetydesk", *args],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT, check=False, timeout=120,
    )  # fmt: skip


#: English that must never reach the user.
ENGLISH = (
    "Traceback", "Errno", "No such file or directory", "Permission denied", "Could not decode",
    "malformed", "not a database", "readonly", "Is a directory", "Not a directory",
)  # fmt: skip


def assert_chinese_only(text: str) -> None:
    """No Python or SQLite English in ``text``."""
    for word in ENGLISH:
        assert word not in text, (word, text)
