"""Issue 9, points 18 and 19 in the GUI: a damaged or read-only database opens read-only with a
banner, pages that cannot read their data say so, write actions are refused with the message,
and nothing crashes (real subprocesses for the whole app)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from damage import (
    ROOT,
    copy_db,
    damage_middle,
    damage_middle_page,
    damage_text,
    digest,
    flip,
    make_demo,
    unprivileged,
)
from PySide6.QtCore import Qt

from safetydesk.errors import ReadOnlyError
from safetydesk.services import Workspace
from safetydesk.ui import messages
from safetydesk.ui.bus import AppBus
from safetydesk.ui.context import AppContext
from safetydesk.ui.dialogs.error_dialog import ExceptionHook
from safetydesk.ui.main_window import MainWindow
from safetydesk.ui.views.placeholder_page import PlaceholderPage
from safetydesk.ui.views.villages_page import VillagesPage


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory.mktemp("demo") / "demo.db")


def _hazards_leaf_page(db_file: Path) -> int | None:
    """Number of a leaf page of the hazards table (None when SQLite has no dbstat here)."""
    conn = sqlite3.connect(db_file)
    try:
        row = conn.execute(
            "SELECT pageno FROM dbstat WHERE name = 'hazards' AND pagetype = 'leaf' ORDER BY pageno"
        ).fetchone()
    except sqlite3.OperationalError:
        return None
    finally:
        conn.close()
    return int(row[0]) if row else None


def damage_hazards_table(db_file: Path) -> None:
    """Flip 200 bytes at the start of a page of the hazards table (the hazard list cannot read it)."""
    page = _hazards_leaf_page(db_file)
    if page is None:
        pytest.skip("SQLite built without dbstat")
    page_size = int.from_bytes(db_file.read_bytes()[16:18], "big")
    flip(db_file, (page - 1) * page_size)


def _screenshot(db_file: Path, png: Path, page: str | None, prefix: list[str] | None = None) -> Any:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
           "PYTHONIOENCODING": "utf-8", "SAFETYDESK_UI_STATE": str(png.parent / "ui-state")}  # fmt: skip
    args = [sys.executable, str(ROOT / "main.py"), "--db", str(db_file), "--screenshot", str(png)]
    args += ["--today", "2026-11-23"] + (["--page", page] if page else [])
    return subprocess.run(
        [*(prefix or []), *args], capture_output=True, text=True, encoding="utf-8", env=env,
        cwd=ROOT, check=False, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize(
    "damage",
    [damage_middle, damage_middle_page, damage_hazards_table, lambda p: damage_text(p, "应急照明灯损坏不亮")],
    ids=["middle", "middle-page", "hazards-table", "hazard-text"],
)
@pytest.mark.parametrize("page", [None, "hazards", "inspections", "units"])
def test_the_app_opens_a_damaged_file_read_only_and_never_crashes(
    pristine: Path, tmp_path: Path, damage: Any, page: str | None
) -> None:
    db_file = copy_db(pristine, tmp_path / "data" / "safetydesk.db")
    damage(db_file)
    before = digest(db_file)
    png = tmp_path / "shot.png"
    proc = _screenshot(db_file, png, page)
    assert proc.returncode == 0, (proc.returncode, proc.stderr[-2000:])  # not a signal, no failure
    assert "只读打开：数据库文件已损坏" in proc.stderr and "备份文件夹" in proc.stderr
    assert png.read_bytes().startswith(b"\x89PNG")
    assert "Traceback" not in proc.stderr
    assert digest(db_file) == before


def test_the_app_opens_a_read_only_file_with_a_banner(pristine: Path, tmp_path: Path) -> None:
    prefix = unprivileged()
    db_file = copy_db(pristine, tmp_path / "ro.db")
    db_file.chmod(0o444)
    proc = _screenshot(db_file, tmp_path / "shot.png", "hazards", prefix)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "只读打开：数据库文件是只读的" in proc.stderr and "已损坏" not in proc.stderr
    assert proc.stderr.count("数据库文件是只读的") == 1  # the reason said once


# -- in-process: banner, pages and refused writes ---------------------------------------------
@pytest.fixture
def damaged_ctx(qapp: Any, pristine: Path, tmp_path: Path) -> AppContext:  # noqa: ARG001
    db_file = copy_db(pristine, tmp_path / "data" / "safetydesk.db")
    damage_hazards_table(db_file)
    ws = Workspace.open(db_file, create=False)
    yield AppContext(workspace=ws, bus=AppBus())
    ws.close()


def test_the_window_shows_the_banner_and_a_page_that_says_it_cannot_read(
    qtbot: Any, damaged_ctx: AppContext
) -> None:
    window = MainWindow(damaged_ctx)
    qtbot.addWidget(window)
    assert not window.read_only_banner.isHidden()
    banner = window.read_only_banner.text()
    assert banner.startswith("只读打开：数据库文件已损坏") and "备份文件夹" in banner
    page = window.show_page("hazards")
    assert isinstance(page, PlaceholderPage)
    assert "读不出来" in page.description and "备份" in page.description
    assert window.show_page("villages") is not page  # the rest still opens


def test_write_actions_are_refused_with_the_message(
    qtbot: Any, damaged_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(messages, "show_warning", lambda _p, text, **_k: warnings.append(text))
    page = VillagesPage(damaged_ctx)
    qtbot.addWidget(page)
    before = damaged_ctx.workspace.villages.count()
    dlg = page.add_record()
    dlg.name_edit.setText("新建示例村")
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert len(warnings) == 1 and "这次修改没有保存" in warnings[0] and "已损坏" in warnings[0]
    assert damaged_ctx.workspace.villages.count() == before
    dlg.close()


def test_the_hook_shows_a_damage_message_once_after_the_event_and_marks_the_file(
    qtbot: Any, pristine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(messages, "show_warning", lambda _p, text, **_k: warnings.append(text))
    db_file = copy_db(pristine, tmp_path / "safetydesk.db")
    ws = Workspace.open(db_file, create=False)
    try:
        assert ws.read_only is None
        hook = ExceptionHook(db_file=lambda: db_file, on_damage=ws.mark_damaged)
        error = sqlite3.OperationalError("Could not decode to UTF-8 column 'description'")
        for _ in range(3):  # a paint that fails again and again
            hook(type(error), error, None)
        assert warnings == []  # never shown from inside the failing event
        qtbot.waitUntil(lambda: len(warnings) == 1)
        qtbot.wait(50)
        assert len(warnings) == 1 and "已损坏" in warnings[0] and "备份" in warnings[0]
        assert ws.read_only is not None
        with pytest.raises(ReadOnlyError):
            ws.settings.update(office_name="润城镇安监办")
    finally:
        ws.close()
