"""The inspection dialog driven like a user, on a real workspace: recording, refusals next to the
fields (input kept), the checklist, and the one-step 不合格项 → 隐患 dialog.

Chinese text is set with setText (keyClicks with non-ASCII aborts the process); message boxes are
answered by replacing the ``safetydesk.ui.messages`` helpers.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDateTime, Qt

from safetydesk.domain.common import Person, PersonRole, Unit, Village
from safetydesk.domain.hazards import HazardLevel, HazardState
from safetydesk.domain.inspections import Disposition, InspectionMethod, ItemResult
from safetydesk.services import Workspace
from safetydesk.ui import messages, ops
from safetydesk.ui.context import AppContext
from safetydesk.ui.dialogs.inspection_dialog import InspectionDialog
from safetydesk.ui.dialogs.raise_hazards_dialog import RaiseHazardsDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class Boxes:
    """Records message boxes; ``confirm_answer`` answers confirmations."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.infos: list[str] = []
        self.confirms: list[str] = []
        self.confirm_answer = False


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    b = Boxes()
    monkeypatch.setattr(messages, "show_warning", lambda _p, text, **_k: b.warnings.append(text))
    monkeypatch.setattr(messages, "show_info", lambda _p, text, **_k: b.infos.append(text))

    def confirm(_p: Any, text: str, **_k: Any) -> bool:
        b.confirms.append(text)
        return b.confirm_answer

    monkeypatch.setattr(messages, "confirm", confirm)
    yield b
    ops.shutdown()


def fire_template(ws: Workspace) -> int:
    return next(t.id for t in ws.checklists.all() if t.family == "fire-general")


def open_dialog(qtbot: Any, ctx: AppContext, record: Any = None) -> InspectionDialog:
    dlg = InspectionDialog(ctx, record)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def fill_basics(dlg: InspectionDialog, unit: Unit) -> None:
    """A valid record: unit, two typed inspectors, recorder, narrative."""
    dlg.unit_combo.set_unit_id(unit.id)
    dlg.inspector_list.add_name("王建国")
    dlg.inspector_list.add_name("李明")
    dlg.recorder_edit.setText("李明")
    dlg.narrative_edit.setPlainText("检查了消防设施和疏散通道。")


def choose_template(dlg: InspectionDialog, template_id: int) -> None:
    i = dlg.template_combo.findData(template_id)
    assert i >= 0, "template not offered for this unit"
    dlg.template_combo.setCurrentIndex(i)


def save(qtbot: Any, dlg: InspectionDialog) -> None:
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)


def test_record_an_inspection_with_a_checklist(
    qtbot: Any, ctx: AppContext, unit: Unit, boxes: Boxes
):
    ws = ctx.workspace
    dlg = open_dialog(qtbot, ctx)
    assert dlg.windowTitle() == "新增安全检查记录"
    assert dlg.start_edit.dateTime().toString("yyyy-MM-dd HH:mm") == "2026-11-23 09:00"
    assert dlg.method_checks["常规"].isChecked() and not dlg.checklist.isEnabled()
    fill_basics(dlg, unit)
    # Only templates for the unit's type (九小场所) are offered.
    offered = {dlg.template_combo.itemData(i) for i in range(dlg.template_combo.count())}
    expected = {t.id for t in ws.checklists.for_type("九小场所")}
    assert offered - {0} == expected and len(expected) < len(ws.checklists.all())
    choose_template(dlg, fire_template(ws))
    assert dlg.checklist.rowCount() == 12 and dlg.checklist.isEnabled()
    assert dlg.checklist.item(2, 3).text() == "重大"  # 疏散通道 is a 重大隐患判定 item
    assert "消防法" in dlg.checklist.item(2, 2).toolTip()
    dlg.checklist.set_result(3, ItemResult.FAIL, "二楼安全出口上锁")
    dlg.checklist.set_result(5, ItemResult.NOT_APPLICABLE)
    assert "不合格 1，不涉及 1，未检查 10" in dlg.template_info.text()
    for seq in (1, 2, 4, *range(6, 13)):  # the officer answers every other item
        dlg.checklist.set_result(seq, ItemResult.PASS)
    assert "未检查 0" in dlg.template_info.text() and dlg.save_button.text() == "保存"
    dlg.method_checks["四不两直"].setChecked(True)
    dlg.disposition_combo.setCurrentIndex(dlg.disposition_combo.findData(Disposition.NOTICE.value))
    with qtbot.waitSignal(ctx.bus.changed):
        save(qtbot, dlg)
    assert dlg.saved is not None and not dlg.isVisible()
    [ins] = ws.inspections.list()
    assert ins.unit_id == unit.id and ins.village_id == unit.village_id
    assert ins.target_type == "九小场所" and ins.started_at == datetime(2026, 11, 23, 9, 0)
    assert ins.methods == ("四不两直", "常规") and ins.inspector_names == "王建国、李明"
    assert [(r.seq, r.result, r.note) for r in ins.results if r.result is not ItemResult.PASS] == [
        (3, ItemResult.FAIL, "二楼安全出口上锁"), (5, ItemResult.NOT_APPLICABLE, ""),
    ]  # fmt: skip
    # Saving offered to register the 不合格 item; declined here, so no hazard yet.
    assert len(boxes.confirms) == 1 and "1 个不合格项尚未登记为隐患" in boxes.confirms[0]
    assert dlg.hazards_dialog is None and ws.hazards.count() == 0


def test_end_before_start_is_refused_and_input_kept(
    qtbot: Any, ctx: AppContext, unit: Unit, boxes: Boxes
) -> None:
    dlg = open_dialog(qtbot, ctx)
    fill_basics(dlg, unit)
    dlg.start_edit.setDateTime(QDateTime.fromString("2026-11-20 10:00", "yyyy-MM-dd HH:mm"))
    dlg.end_edit.setDateTime(QDateTime.fromString("2026-11-20 08:30", "yyyy-MM-dd HH:mm"))
    save(qtbot, dlg)
    error = dlg.boxes["ended_at"].error
    assert dlg.isVisible() and error.isVisible()
    assert "早于开始时间" in error.text() and "08:30" in error.text()
    assert ctx.workspace.inspections.count() == 0
    assert dlg.narrative_edit.toPlainText() == "检查了消防设施和疏散通道。"  # nothing lost
    assert [i.name for i in dlg.inspector_list.inspectors()] == ["王建国", "李明"]
    dlg.end_edit.setDateTime(QDateTime.fromString("2026-11-20 11:00", "yyyy-MM-dd HH:mm"))
    assert not error.isVisible()  # editing the field clears its message
    save(qtbot, dlg)
    assert ctx.workspace.inspections.count() == 1 and boxes.warnings == []


def test_enforcement_needs_two_inspectors_with_cert_numbers(
    qtbot: Any, ctx: AppContext, unit: Unit, boxes: Boxes
) -> None:
    ws = ctx.workspace
    zhao = ws.people.save(Person(name="赵刚", role=PersonRole.INSPECTOR, cert_no="14050012",
                                 organisation="润城镇综合行政执法队")).record  # fmt: skip
    dlg = open_dialog(qtbot, ctx)
    dlg.unit_combo.set_unit_id(unit.id)
    dlg.recorder_edit.setText("赵刚")
    dlg.narrative_edit.setPlainText("执法检查。")
    dlg.enforcement_check.setChecked(True)
    # Nothing is loaded up front; typing lists the matching register people with the 证号.
    picker = dlg.inspector_list.picker
    assert picker.count() == 0
    picker.setEditText("赵")
    qtbot.waitUntil(lambda: picker.count() == 1, timeout=2000)
    assert picker.itemText(0) == "赵刚（执法证 14050012，润城镇综合行政执法队）"
    # 添加 right after typing a register name (before the search pause) picks that person.
    picker.setEditText("赵刚")
    qtbot.mouseClick(dlg.inspector_list.add_button, Qt.MouseButton.LeftButton)
    [only] = dlg.inspector_list.inspectors()
    assert (only.person_id, only.cert_no) == (zhao.id, "14050012")
    save(qtbot, dlg)
    error = dlg.boxes["inspectors"].error
    assert error.isVisible() and "不得少于两人" in error.text()
    dlg.inspector_list.add_name("钱敏")  # typed, without 证号
    assert not error.isVisible()
    save(qtbot, dlg)
    assert error.isVisible() and "执法证号" in error.text() and "钱敏" in error.text()
    assert ws.inspections.count() == 0
    dlg.inspector_list.table.item(1, 1).setText("14050013")
    save(qtbot, dlg)
    [ins] = ws.inspections.list()
    assert ins.enforcement and [(i.name, i.cert_no) for i in ins.inspectors] == [
        ("赵刚", "14050012"), ("钱敏", "14050013"),
    ]  # fmt: skip


def test_failed_item_without_note_marks_its_row(
    qtbot: Any, ctx: AppContext, unit: Unit, boxes: Boxes
) -> None:
    ws = ctx.workspace
    dlg = open_dialog(qtbot, ctx)
    fill_basics(dlg, unit)
    choose_template(dlg, fire_template(ws))
    dlg.checklist.set_result(2, ItemResult.FAIL)
    dlg.disposition_combo.setCurrentIndex(dlg.disposition_combo.findData(Disposition.NOTICE.value))
    save(qtbot, dlg)
    assert dlg.isVisible() and ws.inspections.count() == 0
    row = dlg.checklist.row_of_seq(2)
    assert dlg.checklist.error_rows() == [row]
    note = dlg.checklist.note_edit(row)
    assert "请在备注中写明" in note.toolTip() and "border" in note.styleSheet()
    results_error = dlg.boxes["results"].error
    assert results_error.isVisible() and "第2项「灭火器配置」" in results_error.text()
    note.setText("灭火器压力不足")  # typing the note clears the row's mark
    assert dlg.checklist.error_rows() == [] and not results_error.isVisible()
    save(qtbot, dlg)
    [ins] = ws.inspections.list()
    assert ins.failed_items[0].note == "灭火器压力不足"


def test_changing_the_template_asks_before_clearing_results(
    qtbot: Any, ctx: AppContext, unit: Unit, boxes: Boxes
) -> None:
    ws = ctx.workspace
    dlg = open_dialog(qtbot, ctx)
    fill_basics(dlg, unit)
    fire = fire_template(ws)
    choose_template(dlg, fire)
    assert boxes.confirms == []  # nothing entered yet: no question
    dlg.checklist.set_result(1, ItemResult.FAIL, "未明确管理人")
    other = next(t.id for t in ws.checklists.for_type("九小场所") if t.id != fire)
    choose_template(dlg, other)
    assert len(boxes.confirms) == 1 and "清空" in boxes.confirms[0]
    assert dlg.template_combo.currentData() == fire  # declined: kept
    assert dlg.checklist.results()[0].note == "未明确管理人"
    boxes.confirm_answer = True
    choose_template(dlg, other)
    assert dlg.template_combo.currentData() == other
    assert not dlg.checklist.has_entries()
    assert dlg.checklist.rowCount() == len(ws.checklists.get(other).items)


def test_failed_items_become_linked_hazards_in_one_step(
    qtbot: Any, ctx: AppContext, unit: Unit, boxes: Boxes
) -> None:
    ws = ctx.workspace
    boxes.confirm_answer = True
    dlg = open_dialog(qtbot, ctx)
    fill_basics(dlg, unit)
    choose_template(dlg, fire_template(ws))
    dlg.checklist.set_result(2, ItemResult.FAIL, "灭火器压力不足")
    dlg.checklist.set_result(3, ItemResult.FAIL, "二楼安全出口上锁")
    dlg.disposition_combo.setCurrentIndex(dlg.disposition_combo.findData(Disposition.NOTICE.value))
    save(qtbot, dlg)
    assert "2 个不合格项尚未登记为隐患" in boxes.confirms[0]
    rh = dlg.hazards_dialog
    assert isinstance(rh, RaiseHazardsDialog)
    assert [r.seq for r in rh.items] == [2, 3]
    # Suggested levels: 重大 for the flagged item; the measures come from the standard.
    assert rh.level_combo(0).currentData() == "一般" and rh.level_combo(1).currentData() == "重大"
    assert rh.measures_edit(1).text().startswith("按要求整改：畅通")
    rh.measures_edit(0).setText("更换压力不足的灭火器")
    rh.deadline_edit.days_spin.setValue(5)
    with qtbot.waitSignal(ctx.bus.changed):
        qtbot.mouseClick(rh.save_button, Qt.MouseButton.LeftButton)
    ins = ws.inspections.list()[0]
    made = ws.inspections.hazards_of(ins.id)
    assert len(made) == 2 and ws.hazards.count() == 2
    by_desc = {h.description: h for h in made}
    ext = by_desc["灭火器配置：灭火器压力不足"]
    door = by_desc["疏散通道、安全出口：二楼安全出口上锁"]
    assert ext.level is HazardLevel.ORDINARY and ext.measures == "更换压力不足的灭火器"
    assert door.level is HazardLevel.MAJOR and "消防法" in door.basis
    for h in made:
        assert h.inspection_id == ins.id and h.unit_id == unit.id
        assert h.found_on == date(2026, 11, 23) and h.due_on == date(2026, 11, 28)
        assert h.state is HazardState.REGISTERED
    assert {r.seq: r.hazard_id for r in ins.results if r.hazard_id} == {2: ext.id, 3: door.id}
    # Editing now: linked items cannot be switched back, the template cannot change.
    again = open_dialog(qtbot, ctx, ins)
    assert again.windowTitle() == "编辑安全检查记录"
    assert not again.checklist.result_combo(1).isEnabled()
    assert again.checklist.result_combo(0).isEnabled()
    assert not again.template_combo.isEnabled()


def test_raising_hazards_is_all_or_nothing(
    qtbot: Any, ctx: AppContext, unit: Unit, boxes: Boxes
) -> None:
    ws = ctx.workspace
    boxes.confirm_answer = True
    dlg = open_dialog(qtbot, ctx)
    fill_basics(dlg, unit)
    choose_template(dlg, fire_template(ws))
    dlg.checklist.set_result(1, ItemResult.FAIL, "未明确责任人")
    dlg.checklist.set_result(2, ItemResult.FAIL, "过期")
    dlg.disposition_combo.setCurrentIndex(dlg.disposition_combo.findData(Disposition.NOTICE.value))
    save(qtbot, dlg)
    rh = dlg.hazards_dialog
    rh.measures_edit(1).setText("")  # empty measures fall back to the item's standard
    rh.take_check(0).setChecked(False)
    rh.deadline_edit.kind_combo.setCurrentIndex(rh.deadline_edit.kind_combo.findData("日期"))
    rh.deadline_edit.date_edit.setDate(rh.deadline_edit.date_edit.date().addDays(-10))
    qtbot.mouseClick(rh.save_button, Qt.MouseButton.LeftButton)
    assert rh.isVisible() and rh.error_label.isVisible()
    assert "第2项" in rh.error_label.text() and "没有登记任何隐患" in rh.error_label.text()
    assert ws.hazards.count() == 0
    rh.deadline_edit.kind_combo.setCurrentIndex(rh.deadline_edit.kind_combo.findData("立即"))
    qtbot.mouseClick(rh.save_button, Qt.MouseButton.LeftButton)
    [h] = ws.hazards.list()
    assert h.description == "灭火器配置：过期" and h.due_on == date(2026, 11, 23)
    assert h.measures.startswith("按要求整改：数量、压力")
    # Item 1 was left out and stays pending.
    ins = ws.inspections.list()[0]
    assert [r.seq for r in ins.failed_items if r.hazard_id is None] == [1]


def test_village_point_inspection(qtbot: Any, ctx: AppContext, village: Village, boxes: Boxes):
    ws = ctx.workspace
    dlg = open_dialog(qtbot, ctx)
    dlg.point_radio.setChecked(True)
    assert dlg.target_stack.currentIndex() == 1
    save(qtbot, dlg)
    assert "单位场所，或村(社区)的检查点" in dlg.boxes["unit_id"].error.text()
    dlg.village_combo.setCurrentIndex(dlg.village_combo.findData(village.id))
    dlg.point_type_combo.setCurrentIndex(dlg.point_type_combo.findData("地质灾害隐患点"))
    offered = [dlg.template_combo.itemText(i) for i in range(dlg.template_combo.count())]
    assert any("地质灾害" in t for t in offered) and not any("消防" in t for t in offered)
    dlg.place_edit.setText("西沟滑坡隐患点")
    dlg.inspector_list.add_name("王建国")
    dlg.recorder_edit.setText("王建国")
    dlg.narrative_edit.setPlainText("监测员在岗，裂缝无变化。")
    dlg.method_checks[InspectionMethod.REGULAR.value].setChecked(True)
    save(qtbot, dlg)
    [ins] = ws.inspections.list()
    assert ins.unit_id is None and ins.village_id == village.id
    assert ins.target_type == "地质灾害隐患点" and ins.place == "西沟滑坡隐患点"


def test_inspector_rows_can_be_added_and_removed(qtbot: Any, ctx: AppContext, boxes: Boxes) -> None:
    dlg = open_dialog(qtbot, ctx)
    lst = dlg.inspector_list
    assert not lst.remove_button.isEnabled()
    lst.picker.setEditText("王建国")
    qtbot.mouseClick(lst.add_button, Qt.MouseButton.LeftButton)
    lst.picker.setEditText("王建国")  # the same name twice is not added again
    qtbot.mouseClick(lst.add_button, Qt.MouseButton.LeftButton)
    lst.add_name("李明")
    assert [i.name for i in lst.inspectors()] == ["王建国", "李明"]
    assert all(i.person_id is None for i in lst.inspectors())
    lst.table.selectRow(0)
    assert lst.remove_button.isEnabled()
    qtbot.mouseClick(lst.remove_button, Qt.MouseButton.LeftButton)
    assert [i.name for i in lst.inspectors()] == ["李明"]


def test_scene_photos_once_the_inspection_is_saved(
    qtbot: Any, ctx: AppContext, unit: Unit, boxes: Boxes, tmp_path: Path
) -> None:
    ws = ctx.workspace
    dlg = open_dialog(qtbot, ctx)
    strip = dlg.photo_strip
    assert strip.isVisible() and strip.title.text() == "现场照片（0）"
    assert not strip.add_button.isEnabled() and strip.empty_label.text() == "保存后可添加现场照片"
    assert strip.add_files([_jpeg(tmp_path / "早.jpg")]) == 0  # nothing to attach it to yet
    fill_basics(dlg, unit)
    save(qtbot, dlg)
    [ins] = ws.inspections.list()
    assert ws.inspection_photos.photos(ins.id) == []

    again = open_dialog(qtbot, ctx, ins)
    strip = again.photo_strip
    assert strip.add_button.isEnabled() and not strip.delete_button.isEnabled()
    assert strip.empty_label.isVisible() and strip.empty_label.text() == "暂无照片"
    bad = tmp_path / "说明.txt"
    bad.write_text("不是照片", encoding="utf-8")
    with qtbot.waitSignal(ctx.bus.changed):
        assert strip.add_files([_jpeg(tmp_path / "后厨.jpg"), bad]) == 1
    assert len(boxes.warnings) == 1 and "说明.txt" in boxes.warnings[0]
    # The strip follows the bus: it shows the new photo, and one added elsewhere.
    assert strip.list.count() == 1 and not strip.list.item(0).icon().isNull()
    other = ws.inspection_photos.add(ins.id, _jpeg(tmp_path / "通道.jpg"))
    ctx.bus.changed.emit(other.changes)
    assert strip.title.text() == "现场照片（2）" and not strip.empty_label.isVisible()
    assert [p.original_name for p in strip.photos()] == ["后厨.jpg", "通道.jpg"]
    stored = ws.inspection_photos.path(strip.photos()[0])
    strip.list.setCurrentRow(0)
    assert strip.delete_button.isEnabled()
    assert not strip.delete_selected() and stored.exists()  # the confirmation was declined
    boxes.confirm_answer = True
    assert strip.delete_selected() and not stored.exists()
    assert "后厨.jpg" in boxes.confirms[-1]
    assert [p.original_name for p in ws.inspection_photos.photos(ins.id)] == ["通道.jpg"]
    assert strip.list.count() == 1
    # Photos are kept apart from the record: saving the record again leaves them alone.
    save(qtbot, again)
    assert len(ws.inspection_photos.photos(ins.id)) == 1


def _jpeg(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (64, 48), "orange").save(path, "JPEG")
    return path
