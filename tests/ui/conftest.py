"""GUI test fixtures: offscreen Qt (set in tests/conftest.py), an AppContext on a real DB file."""

from __future__ import annotations

import pytest

from safetydesk.services import Workspace
from safetydesk.ui.bus import AppBus
from safetydesk.ui.context import AppContext


@pytest.fixture
def ctx(qapp, ws: Workspace) -> AppContext:  # noqa: ARG001 - qapp makes the QApplication first
    """Application context over the ``ws`` fixture's workspace."""
    return AppContext(workspace=ws, bus=AppBus())
