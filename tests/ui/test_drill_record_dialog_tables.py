"""The drill record dialog's two editable tables on their own: typed times, the calendar editor
of 整改期限, Delete emptying a cell, row moves at the ends, kept findings keeping their id and
hazard link."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QStyleOptionViewItem

from safetydesk.domain.drill_records import DrillFinding, TimelineStep
from safetydesk.ui.dialogs.drill_findings_table import FindingsTable, TimelineTable, normal_time


def test_typed_times_are_read_as_hh_mm() -> None:
    assert [normal_time(t) for t in ("9:05", "09:05", "9：05", " 23:59 ", "", "24:00", "9.05")] == [
        "09:05", "09:05", "09:05", "23:59", "", None, None,
    ]  # fmt: skip


def test_timeline_rows_move_within_bounds_and_report_bad_times(qtbot: Any) -> None:
    table = TimelineTable()
    qtbot.addWidget(table)
    table.set_steps([TimelineStep("09:00", "预警"), TimelineStep("09:10", "转移")])
    assert table.move_row(0, -1) == 0 and table.move_row(1, +1) == 1  # nothing past the ends
    with qtbot.waitSignal(table.changed):
        assert table.move_row(1, -1) == 0
    assert [s.action for s in table.steps()] == ["转移", "预警"]
    table.item(0, 0).setText("9:7")
    table.item(1, 1).setText("")
    assert table.step_problems() == [
        "演练过程第1步的时间“9:7”不是 时:分 格式（如 09:30）。",
        "演练过程第2步只有时间，没有写内容（不需要的行请删除）。",
    ]


def test_the_deadline_is_chosen_in_a_calendar_and_delete_empties_a_cell(qtbot: Any) -> None:
    table = FindingsTable(date(2026, 11, 23))
    qtbot.addWidget(table)
    table.show()
    raised = DrillFinding(id=7, drill_id=3, seq=1, problem="出口堵塞", action="清理", hazard_id=11)
    table.set_findings([raised, DrillFinding(id=8, drill_id=3, seq=2, problem="照明不足")],
                       {11: "润-2026-0011"})  # fmt: skip
    assert table.text(0, FindingsTable.COL_HAZARD) == "润-2026-0011"
    assert not table.item(0, FindingsTable.COL_HAZARD).flags() & Qt.ItemFlag.ItemIsEditable
    index = table.model().index(1, FindingsTable.COL_DUE)
    editor = table.date_delegate.createEditor(table.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(editor, QDateEdit)
    table.date_delegate.setEditorData(editor, index)
    assert editor.date() == QDate(2026, 11, 23)  # an empty cell starts at today
    editor.setDate(QDate(2026, 12, 31))
    table.date_delegate.setModelData(editor, table.model(), index)
    assert table.text(1, FindingsTable.COL_DUE) == "2026-12-31"
    table.item(0, FindingsTable.COL_ACTION).setText("清理并每日巡查")
    first, second = table.findings()
    assert (first.id, first.hazard_id, first.action) == (7, 11, "清理并每日巡查")
    assert (second.id, second.due_on) == (8, date(2026, 12, 31))
    table.setCurrentCell(1, FindingsTable.COL_DUE)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert table.text(1, FindingsTable.COL_DUE) == "" and table.findings()[1].due_on is None
    table.setCurrentCell(0, FindingsTable.COL_HAZARD)
    qtbot.keyClick(table, Qt.Key.Key_Delete)  # the hazard number is not the user's to clear
    assert table.text(0, FindingsTable.COL_HAZARD) == "润-2026-0011"


def test_findings_are_numbered_by_their_non_empty_rows(qtbot: Any) -> None:
    table = FindingsTable(date(2026, 11, 23))
    qtbot.addWidget(table)
    table.append_row(("甲",))
    table.append_row(())
    table.append_row(("乙", "", "", "2026-02-30"))
    assert [table.number_of_row(r) for r in range(3)] == [1, 0, 2]
    assert table.row_of_number(2) == 2 and table.row_of_number(3) == -1
    assert [f.seq for f in table.findings()] == [1, 2]
    assert table.due_problems() == {
        "findings.2": "第2个问题的整改期限“2026-02-30”不是日期（如 2026-12-31）。"
    }
    table.set_row_errors({2: "x"})
    assert table.error_rows() == [3]  # marked on its table row
