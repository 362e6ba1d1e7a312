"""GUI test fixtures: offscreen Qt (set in tests/conftest.py), an AppContext on a real DB file."""

from __future__ import annotations

from pathlib import Path

import pytest

from safetydesk.services import Workspace
from safetydesk.ui.bus import AppBus
from safetydesk.ui.context import AppContext


@pytest.fixture(autouse=True)
def _isolated_ui_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep window geometry and last page out of the user's real QSettings."""
    monkeypatch.setenv("SAFETYDESK_UI_STATE", str(tmp_path / "ui-state"))


@pytest.fixture
def ctx(qapp, ws: Workspace) -> AppContext:  # noqa: ARG001 - qapp makes the QApplication first
    """Application context over the ``ws`` fixture's workspace."""
    return AppContext(workspace=ws, bus=AppBus())
