"""节假日安排 section of the 设置 page: years, single-day edits, paste import with its report."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate

from safetydesk.services.changes import Topic
from safetydesk.ui import messages
from safetydesk.ui.views.holidays_section import HolidaysSection
from safetydesk.ui.views.settings_page import SettingsPage

SPRING_2027 = "2027-01-01 休 元旦\n2027-02-06~2027-02-12 休 春节\n2027-02-14 班 春节调休"


@pytest.fixture
def page(qtbot, ctx):
    widget = SettingsPage(ctx)
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def section(page) -> HolidaysSection:
    return page.holidays


@pytest.fixture
def emitted(ctx) -> list:
    seen: list = []
    ctx.bus.changed.connect(seen.append)
    return seen


def cell(section: HolidaysSection, row: int, col: int) -> str:
    return section.table.item(row, col).text()


def choose_year(section: HolidaysSection, year: int) -> None:
    section.year_combo.setCurrentIndex(section.year_combo.findData(year))


def test_shows_known_years_and_the_builtin_year(section: HolidaysSection) -> None:
    assert [section.year_combo.itemData(i) for i in range(section.year_combo.count())] == [
        2025, 2026, 2027
    ]
    assert section.year() == 2026
    assert "2004—2026 年（内置数据）" in section.known_label.text()
    assert "周一至周五" in section.known_label.text()
    assert "内置数据" in section.source_label.text()
    assert section.table.rowCount() > 20
    assert cell(section, 0, 0) == "2026-01-01" and cell(section, 0, 3) == "元旦"
    choose_year(section, 2027)
    assert section.table.rowCount() == 0
    assert "2027 年没有节假日安排" in section.source_label.text()
    assert section.date_edit.date().year() == 2027


def test_paste_import_fills_the_year(section: HolidaysSection, ws, emitted) -> None:
    section.paste_edit.setPlainText(SPRING_2027)
    assert section.import_text()
    assert section.year() == 2027 and section.table.rowCount() == 9
    assert (cell(section, 8, 0), cell(section, 8, 1), cell(section, 8, 2)) == (
        "2027-02-14", "星期日", "班（调休上班）"
    )
    assert "放假 8 天，调休上班 1 天" in section.import_report.text()
    assert section.paste_edit.toPlainText() == ""
    assert "2027 年（本机录入）" in section.known_label.text()
    assert emitted and emitted[-1].touches(Topic.HOLIDAYS)
    assert ws.hazards.calendar.is_workday(date(2027, 2, 14))


def test_bad_paste_is_refused_with_line_numbers(section: HolidaysSection, ws) -> None:
    section.paste_edit.setPlainText("2027-01-01 休 元旦\n元旦放假\n2027-02-15 班")
    assert not section.import_text()
    report = section.import_report.text()
    assert "发现 2 处问题，未写入任何数据" in report
    assert "第 2 行：看不懂「元旦放假」" in report and "第 3 行：2027-02-15 是星期一" in report
    assert ws.holidays.table_years() == []
    assert section.paste_edit.toPlainText() != ""  # kept for correcting


def test_reimport_asks_before_replacing(section: HolidaysSection, ws, monkeypatch) -> None:
    ws.holidays.import_year(2027, SPRING_2027)
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, text, **_k: asked.append(text) or False)
    section.paste_edit.setPlainText("2027-05-01~2027-05-05 休 劳动节")
    assert not section.import_text()
    assert "已有本机录入的 9 天安排" in asked[0]
    assert len(ws.holidays.list(2027)) == 9
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    assert section.import_text()
    assert len(ws.holidays.list(2027)) == 5


def test_add_change_and_delete_a_day(section: HolidaysSection, ws, emitted) -> None:
    choose_year(section, 2027)
    section.date_edit.setDate(QDate(2027, 2, 14))
    section.kind_combo.setCurrentIndex(section.kind_combo.findData("班"))
    section.note_edit.setText("春节调休")
    assert section.save_day()
    assert section.table.rowCount() == 1 and cell(section, 0, 3) == "春节调休"
    assert section.selected_day().day == date(2027, 2, 14)
    assert "已保存 2027-02-14 星期日 班" in section.edit_message.text()
    # A 班 on a weekday is refused with the service's message.
    section.date_edit.setDate(QDate(2027, 2, 15))
    assert not section.save_day()
    assert "星期一，本来就是工作日" in section.edit_message.text()
    # Selecting a row loads it into the edit row; delete removes it.
    section.table.clearSelection()
    section.table.selectRow(0)
    assert section.date_edit.date() == QDate(2027, 2, 14) and section.note_edit.text() == "春节调休"
    assert section.delete_button.isEnabled()
    assert section.delete_selected()
    assert section.table.rowCount() == 0 and ws.holidays.table_years() == []
    assert len(emitted) == 2


def test_editing_holidays_keeps_unsaved_township_edits(page: SettingsPage, section) -> None:
    page.form.office_edit.setText("尚未保存的办公室名称")
    choose_year(section, 2026)
    section.table.selectRow(0)
    section.note_edit.setText("元旦（已核对）")
    assert section.save_day()
    assert page.form.office_edit.text() == "尚未保存的办公室名称"
    assert "2026 年的安排由本机录入" in section.source_label.text()
    assert section.table.rowCount() > 20  # the built-in days were copied, not lost
