"""设置 page: load, validation messages under fields, save and bus, data folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices

from safetydesk.services.changes import Topic
from safetydesk.ui.views.settings_page import SettingsPage


@pytest.fixture
def page(qtbot, ctx):
    widget = SettingsPage(ctx)
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def emitted(ctx) -> list:
    seen: list = []
    ctx.bus.changed.connect(seen.append)
    return seen


def test_shows_stored_values(page):
    assert page.form.township_edit.text() == "润城镇"
    assert page.form.county_edit.text() == "阳城县"
    assert page.form.short_edit.text() == "润"
    assert page.risk_combo.currentData() == "ABCD"
    assert page.form.visible_errors() == {}
    assert page.general_error.isHidden()


def test_shows_database_and_data_folder(page, ws):
    assert page.db_path_edit.text() == str(ws.path)
    assert page.db_path_edit.isReadOnly()
    assert page.data_dir_edit.text() == str(ws.path.resolve().parent)


def test_open_folder_uses_the_desktop(page, ws, monkeypatch, qtbot):
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    qtbot.mouseClick(page.open_folder_button, Qt.MouseButton.LeftButton)
    assert [Path(u.toLocalFile()) for u in opened] == [ws.path.resolve().parent]


def test_save_stores_and_announces(qtbot, page, ws, emitted):
    page.form.township_edit.setText("北留镇")
    page.form.office_edit.setText("北留镇安委办")
    page.form.phone_edit.setText("0356-4880000")
    page.risk_combo.setCurrentIndex(page.risk_combo.findData("红橙黄蓝"))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    values = ws.settings.values()
    assert values["township_name"] == "北留镇"
    assert values["office_name"] == "北留镇安委办"
    assert values["office_phone"] == "0356-4880000"
    assert values["risk_scheme"] == "红橙黄蓝"
    assert len(emitted) == 1 and emitted[0].touches(Topic.SETTINGS)
    assert page.status_label.text() == "已保存。"


def test_save_strips_spaces_and_reloads(page, ws):
    page.form.county_edit.setText("  阳城县 ")
    assert page.save()
    assert page.form.county_edit.text() == "阳城县"


def test_invalid_values_show_under_fields_and_save_nothing(page, ws, emitted):
    before = ws.settings.values()
    page.form.township_edit.setText("润城")
    page.form.short_edit.setText("润城镇安委")
    page.form.phone_edit.setText("abc")
    assert page.save() is False
    errors = page.form.visible_errors()
    assert set(errors) == {"township_name", "short_name", "office_phone"}
    assert "以“镇”“乡”或“街道”结尾" in errors["township_name"]
    for key in errors:
        label = page.form.error_labels[key]
        assert label.isVisibleTo(page)
        assert "c62828" in label.styleSheet()  # red
    assert not page.form.error_labels["county"].isVisibleTo(page)
    assert ws.settings.values() == before
    assert emitted == []
    assert page.status_label.text() == ""

    page.form.township_edit.setText("润城镇")
    page.form.short_edit.setText("")
    page.form.phone_edit.setText("")
    assert page.save()
    assert page.form.visible_errors() == {}


def test_empty_township_is_refused(page, ws):
    page.form.township_edit.setText("")
    page.form.county_edit.setText("")
    assert not page.save()
    assert set(page.form.visible_errors()) == {"township_name", "county"}
    assert ws.settings.township().name == "润城镇"


def test_revert_discards_edits(qtbot, page):
    page.form.township_edit.setText("乱写的")
    page.save()
    qtbot.mouseClick(page.revert_button, Qt.MouseButton.LeftButton)
    assert page.form.township_edit.text() == "润城镇"
    assert page.form.visible_errors() == {}


def test_reloads_when_settings_change_elsewhere(page, ctx, ws):
    ctx.bus.changed.emit(ws.settings.update(county="沁水县"))
    assert page.form.county_edit.text() == "沁水县"


def test_errors_that_belong_to_no_field_are_shown_too(page):
    rest = page.form.show_errors({"nonsense": "未知的设置项。"})
    page._show_general(rest)
    assert page.general_error.text() == "未知的设置项。"
    assert list(page.error_texts()) == ["未知的设置项。"]
