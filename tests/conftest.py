"""Shared fixtures (no Qt here): real SQLite files in tmp folders, initialised workspaces."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from safetydesk.domain.common import Unit, UnitType, Village, VillageKind  # noqa: E402
from safetydesk.services import Workspace  # noqa: E402

#: The fixed "today" of tests.
TODAY = date(2026, 11, 23)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under tests/ui/ as ``gui``."""
    for item in items:
        if f"{os.sep}ui{os.sep}" in str(item.fspath):
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    """Path of a database file in a fresh data folder (not created yet)."""
    return tmp_path / "data" / "safetydesk.db"


@pytest.fixture
def ws(db_file: Path) -> Workspace:
    """A workspace on a real, migrated SQLite file with the township set up."""
    workspace = Workspace.open(db_file, clock=lambda: TODAY)
    workspace.settings.initialize(township_name="润城镇", county="阳城县", short_name="润")
    yield workspace
    workspace.close()


@pytest.fixture
def village(ws: Workspace) -> Village:
    """One saved village."""
    return ws.villages.save(
        Village(name="润城村", kind=VillageKind.VILLAGE, region_code="140522102200")
    ).record


@pytest.fixture
def unit(ws: Workspace, village: Village) -> Unit:
    """One saved unit in :func:`village`."""
    return ws.units.save(
        Unit(name="示例饭店（虚构）", type=UnitType.NINE_SMALL, subtype="小饭店", village_id=village.id)
    ).record


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data folder that the CLI uses (``SAFETYDESK_DATA_DIR``; ``SAFETYDESK_DB`` unset)."""
    d = tmp_path / "data"
    monkeypatch.setenv("SAFETYDESK_DATA_DIR", str(d))
    monkeypatch.delenv("SAFETYDESK_DB", raising=False)
    return d
