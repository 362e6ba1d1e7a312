"""First-run dialog and the start-up flow around it (create, demo, cancel)."""

from __future__ import annotations

import sys
import types
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from safetydesk.domain.common import Village
from safetydesk.errors import SafetyDeskError
from safetydesk.services import Workspace
from safetydesk.ui.app import GuiSession, LaunchOptions
from safetydesk.ui.db_files import create_demo_file
from safetydesk.ui.dialogs.first_run_dialog import FirstRunChoice, FirstRunDialog

#: The fixed "today" of these tests (as in tests/conftest.py).
TODAY = date(2026, 11, 23)


@pytest.fixture
def new_ws(tmp_path: Path):
    """A migrated but uninitialised workspace."""
    ws = Workspace.open(tmp_path / "data" / "new.db", clock=lambda: TODAY)
    yield ws
    ws.close()


@pytest.fixture
def dialog(qtbot, new_ws):
    dlg = FirstRunDialog(new_ws)
    qtbot.addWidget(dlg)
    return dlg


@pytest.fixture
def fake_demo(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """Replace ``safetydesk.services.demo`` by a tiny fake that records its calls."""
    calls: list[dict] = []

    def create_demo(ws: Workspace, *, seed: int, scale: int, today: date) -> None:
        calls.append({"seed": seed, "scale": scale, "today": today})
        ws.settings.initialize(township_name="润城镇", county="阳城县")
        ws.villages.save(Village(name="润城村"))

    module = types.ModuleType("safetydesk.services.demo")
    module.create_demo = create_demo  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "safetydesk.services.demo", module)
    return calls


def fill(dlg: FirstRunDialog, **values: str) -> None:
    for key, text in values.items():
        dlg.form.edits[key].setText(text)


def test_fields_and_buttons(dialog):
    assert list(dialog.form.edits) == [
        "township_name",
        "county",
        "short_name",
        "office_name",
        "office_phone",
    ]
    assert dialog.create_button.text() == "创建"
    assert dialog.demo_button.text() == "打开演示数据"
    assert dialog.cancel_button.text() == "取消"
    assert "润城镇安全生产委员会办公室" in dialog.form.office_edit.placeholderText()


def test_placeholders_follow_the_township_name(dialog):
    dialog.form.township_edit.setText("北留镇")
    assert "“北”" in dialog.form.short_edit.placeholderText()
    assert "北留镇安全生产委员会办公室" in dialog.form.office_edit.placeholderText()


def test_create_stores_the_township(qtbot, dialog, new_ws):
    fill(dialog, township_name=" 润城镇 ", county="阳城县", office_phone="0356-4880000")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.choice is FirstRunChoice.CREATED
    assert dialog.changes is not None
    township = new_ws.settings.township()
    assert (township.name, township.county, township.short_name) == ("润城镇", "阳城县", "润")
    assert township.office_phone == "0356-4880000"


def test_invalid_input_is_shown_next_to_fields_and_nothing_written(dialog, new_ws):
    fill(dialog, township_name="润城", county="", office_phone="12")
    assert dialog.create() is False
    errors = dialog.form.visible_errors()
    assert set(errors) == {"township_name", "county", "office_phone"}
    assert "镇" in errors["township_name"]
    assert "阳城县" in errors["county"]
    for key in errors:
        assert dialog.form.error_labels[key].isVisibleTo(dialog)
    assert not dialog.form.error_labels["short_name"].isVisibleTo(dialog)
    assert dialog.choice is None
    assert not new_ws.settings.is_initialized
    assert new_ws.settings.values()["county"] == ""

    fill(dialog, township_name="润城镇", county="阳城县", office_phone="")
    assert dialog.create() is True
    assert dialog.form.visible_errors() == {}


def test_demo_button_writes_nothing(qtbot, dialog, new_ws):
    fill(dialog, township_name="润城镇", county="阳城县")
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    assert dialog.choice is FirstRunChoice.DEMO
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not new_ws.settings.is_initialized


def test_cancel_writes_nothing(qtbot, dialog, new_ws):
    fill(dialog, township_name="润城镇", county="阳城县")
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.choice is None
    assert not new_ws.settings.is_initialized


# ---- the start-up flow ---------------------------------------------------------------


def _session(tmp_path: Path) -> GuiSession:
    options = LaunchOptions(
        db_file=tmp_path / "data" / "safetydesk.db", data_dir=tmp_path / "data", today=TODAY
    )
    return GuiSession(options, state=None)


def _answer_dialog(monkeypatch, action):
    """Make FirstRunDialog.exec run ``action(dialog)`` instead of waiting for the user."""

    def fake_exec(self):
        action(self)
        return self.result()

    monkeypatch.setattr(FirstRunDialog, "exec", fake_exec)


def test_session_runs_first_run_on_a_new_file(qapp, tmp_path, monkeypatch):
    def create(dlg):
        fill(dlg, township_name="润城镇", county="阳城县")
        assert dlg.create()

    _answer_dialog(monkeypatch, create)
    session = _session(tmp_path)
    ws = session.open(session.options.db_file, create=True, parent=None, at_start=True)
    assert ws is not None and ws.settings.township().name == "润城镇"
    assert ws.clock() == TODAY
    ws.close()


def test_cancelling_first_run_removes_the_new_file(qapp, tmp_path, monkeypatch):
    _answer_dialog(monkeypatch, lambda dlg: dlg.reject())
    session = _session(tmp_path)
    path = session.options.db_file
    assert session.open(path, create=True, parent=None, at_start=True) is None
    assert session.cancelled_first_run
    assert not path.exists()


def test_cancelling_first_run_keeps_an_existing_file(qapp, tmp_path, monkeypatch):
    _answer_dialog(monkeypatch, lambda dlg: dlg.reject())
    session = _session(tmp_path)
    path = session.options.db_file
    Workspace.open(path).close()
    assert session.open(path, create=True, parent=None, at_start=True) is None
    assert path.exists()


def test_choosing_demo_opens_the_demo_database(qapp, tmp_path, monkeypatch, fake_demo):
    _answer_dialog(monkeypatch, lambda dlg: dlg.choose_demo())
    session = _session(tmp_path)
    ws = session.open(session.options.db_file, create=True, parent=None, at_start=True)
    assert ws is not None
    assert ws.path == tmp_path / "data" / "safetydesk-demo.db"
    assert ws.settings.township().name == "润城镇"
    assert fake_demo == [{"seed": 1, "scale": 1, "today": TODAY}]
    assert not session.options.db_file.exists()  # the empty new file was not kept
    ws.close()


def test_create_demo_file_builds_then_renames(tmp_path, fake_demo):
    target = tmp_path / "d" / "safetydesk-demo.db"
    create_demo_file(target, TODAY)
    assert target.exists()
    assert not (tmp_path / "d" / "safetydesk-demo.creating.db").exists()
    with Workspace.open(target, create=False) as ws:
        assert ws.villages.count() == 1


def test_missing_demo_module_is_a_known_error(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "safetydesk.services.demo", None)  # → ModuleNotFoundError
    with pytest.raises(SafetyDeskError, match="演示数据"):
        create_demo_file(tmp_path / "safetydesk-demo.db", TODAY)
    assert not (tmp_path / "safetydesk-demo.db").exists()
