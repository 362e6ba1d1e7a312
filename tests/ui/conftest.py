"""GUI test fixtures: offscreen Qt (set in tests/conftest.py), an AppContext on a real DB file."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from safetydesk.services import Workspace
from safetydesk.ui.bus import AppBus
from safetydesk.ui.collector import collect_due
from safetydesk.ui.context import AppContext


@pytest.fixture(autouse=True)
def _isolated_ui_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep window geometry and last page out of the user's real QSettings."""
    monkeypatch.setenv("SAFETYDESK_UI_STATE", str(tmp_path / "ui-state"))


@pytest.fixture(autouse=True)
def _collect_on_ui_thread() -> None:
    """As in the app (``ui/collector.py``): no automatic collection while a test runs, where a
    worker thread could tear down Qt objects; the UI thread collects once the test is over."""
    was_enabled = gc.isenabled()
    gc.disable()
    yield
    collect_due(gc.get_threshold())
    if was_enabled:
        gc.enable()


@pytest.fixture
def ctx(qapp, ws: Workspace) -> AppContext:  # noqa: ARG001 - qapp makes the QApplication first
    """Application context over the ``ws`` fixture's workspace."""
    return AppContext(workspace=ws, bus=AppBus())
