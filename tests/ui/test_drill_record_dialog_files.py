"""The drill record dialog's 附件 tab and its 登记为隐患 button on a real database: a real PNG
added (a new record saved first), shown with its thumbnail, opened and deleted; a finding
registered as a hazard and linked back.

These need ``ws.drill_files`` and ``ws.drill_hazards`` (``safetydesk.services.drill_files``);
without that module they are skipped.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QFileDialog

from safetydesk.domain.common import Unit
from safetydesk.domain.drill_records import AttachmentKind, DrillFinding
from safetydesk.domain.drills import Drill, DrillCategory, SubjectKind
from safetydesk.services.changes import Topic
from safetydesk.ui import messages
from safetydesk.ui.context import AppContext
from safetydesk.ui.dialogs import drill_attachments_view, drill_record_dialog
from safetydesk.ui.dialogs.drill_findings_table import FindingsTable
from safetydesk.ui.dialogs.drill_record_dialog import DrillRecordDialog

pytest.importorskip("safetydesk.services.drill_files")

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class Boxes:
    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.infos: list[str] = []
        self.confirms: list[str] = []


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    b = Boxes()
    monkeypatch.setattr(messages, "show_warning", lambda _p, text, **_k: b.warnings.append(text))
    monkeypatch.setattr(messages, "show_info", lambda _p, text, **_k: b.infos.append(text))

    def confirm(_p: Any, text: str, **_k: Any) -> bool:
        b.confirms.append(text)
        return True

    monkeypatch.setattr(messages, "confirm", confirm)
    return b


@pytest.fixture
def png(tmp_path: Path) -> Path:
    path = tmp_path / "集结点.png"
    Image.new("RGB", (320, 240), (200, 40, 40)).save(path)
    return path


def open_dialog(qtbot: Any, ctx: AppContext, drill_id: int | None = None) -> DrillRecordDialog:
    dlg = DrillRecordDialog(ctx, drill_id)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def unit_drill(ctx: AppContext, unit: Unit, findings: list[DrillFinding] | None = None) -> Drill:
    return ctx.workspace.drills.record(Drill(
        title="饭店消防疏散演练", organiser_kind=SubjectKind.UNIT, unit_id=unit.id,
        village_id=unit.village_id, held_on=date(2026, 10, 12),
        category=DrillCategory.FIRE_EVACUATION, participants=18, recorder="李梅",
    ), findings or [])  # fmt: skip


def test_a_photo_is_added_to_a_new_record_after_saving_it_then_opened_and_deleted(
    qtbot: Any, ctx: AppContext, png: Path, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = ctx.workspace
    dlg = open_dialog(qtbot, ctx)
    dlg.title_edit.setText("镇防汛演练")
    view = dlg.attachments_view
    assert view.table.rowCount() == 0 and "先保存" in view.info_label.text()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(png)], ""))
    view.note_edit.setText("集结点清点人数")
    with qtbot.waitSignal(ctx.bus.changed) as sig:
        view.add_buttons[AttachmentKind.PHOTO].click()
    assert "需要先保存这条新的演练记录" in boxes.confirms[0]
    [drill] = ws.drills.drills()
    assert drill.id and sig.args[0].touches(Topic.DRILLS)
    assert dlg.isVisible() and dlg.windowTitle() == f"编辑演练记录 {drill.record_no}"
    [att] = ws.drill_files.attachments(drill.id)
    assert (att.kind, att.original_name, att.note) == (AttachmentKind.PHOTO, "集结点.png",
                                                       "集结点清点人数")  # fmt: skip
    assert view.table.rowCount() == 1 and view.attachments() == [att]
    assert not view.table.item(0, 0).icon().isNull()  # a thumbnail of the image
    assert view.table.item(0, 2).text() == "集结点.png" and view.note_edit.text() == ""
    opened: list[QUrl] = []
    monkeypatch.setattr(drill_attachments_view.QDesktopServices, "openUrl", opened.append)
    view.table.selectRow(0)
    path = view.open_selected()
    assert path is not None and path.exists() and opened == [QUrl.fromLocalFile(str(path))]
    with qtbot.waitSignal(ctx.bus.changed):
        assert view.delete_selected()
    assert ws.drill_files.attachments(drill.id) == [] and view.table.rowCount() == 0


def test_a_file_the_service_refuses_is_reported_and_the_rest_added(
    qtbot: Any, ctx: AppContext, unit: Unit, png: Path, tmp_path: Path, boxes: Boxes
) -> None:
    drill = unit_drill(ctx, unit)
    dlg = open_dialog(qtbot, ctx, drill.id)
    missing = tmp_path / "不存在.jpg"
    added = dlg.attachments_view.add_files([missing, png], AttachmentKind.SIGN_IN)
    assert added == 1 and len(boxes.warnings) == 1 and "不存在.jpg" in boxes.warnings[0]
    [att] = ctx.workspace.drill_files.attachments(drill.id or 0)
    assert att.kind is AttachmentKind.SIGN_IN and boxes.confirms == []  # saved already


def test_a_finding_is_registered_as_a_hazard_and_linked(
    qtbot: Any, ctx: AppContext, unit: Unit, boxes: Boxes
) -> None:
    ws = ctx.workspace
    drill = unit_drill(ctx, unit, [
        DrillFinding(problem="灭火器压力不足", action="更换灭火器", due_on=date(2026, 12, 10)),
        DrillFinding(problem="安全出口堆放杂物", action="清理杂物", responsible="张店长",
                     due_on=date(2026, 11, 30)),
    ])  # fmt: skip
    assert drill.id
    dlg = open_dialog(qtbot, ctx, drill.id)
    table = dlg.findings_table
    table.setCurrentCell(1, 0)
    assert dlg.raise_hazard_button.isEnabled()
    with qtbot.waitSignal(ctx.bus.changed) as sig:
        saved = dlg.raise_hazard()
    assert saved is not None and boxes.confirms == []  # nothing to save first
    hazard = saved.record
    assert sig.args[0].touches(Topic.HAZARDS, Topic.DRILLS)
    second = ws.drills.findings(drill.id)[1]
    assert second.hazard_id == hazard.id and ws.hazards.get(hazard.id).drill_id == drill.id
    assert table.text(1, FindingsTable.COL_HAZARD) == hazard.code
    assert hazard.code in dlg.findings_status.text()
    assert not dlg.raise_hazard_button.isEnabled()  # once only
    # An edited form is saved first (asked), then the right finding is raised.
    table.item(0, FindingsTable.COL_ACTION).setText("更换并定期检查灭火器")
    table.setCurrentCell(0, 0)
    with qtbot.waitSignal(ctx.bus.changed):
        first = dlg.raise_hazard()
    assert first is not None and "需要先保存对本记录所做的修改" in boxes.confirms[0]
    f1, f2 = ws.drills.findings(drill.id)
    assert f1.action == "更换并定期检查灭火器" and f1.hazard_id == first.record.id
    assert f2.hazard_id == hazard.id


def test_a_township_drill_asks_which_unit_a_hazard_belongs_to(
    qtbot: Any, ctx: AppContext, unit: Unit, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = ctx.workspace
    drill = ws.drills.record(Drill(title="镇防汛演练", held_on=date(2026, 6, 18), recorder="王强"),
                             [DrillFinding(problem="沿河饭店未参加转移", action="纳入转移名单",
                                           due_on=date(2026, 12, 31))])  # fmt: skip
    assert drill.id
    dlg = open_dialog(qtbot, ctx, drill.id)
    asked: list[bool] = []
    monkeypatch.setattr(drill_record_dialog, "ask_hazard_unit",
                        lambda _p, _c: asked.append(True) or None)  # fmt: skip
    dlg.findings_table.setCurrentCell(0, 0)
    assert dlg.raise_hazard() is None and asked == [True]  # cancelled: nothing raised
    assert ws.drills.findings(drill.id)[0].hazard_id is None
    monkeypatch.setattr(drill_record_dialog, "ask_hazard_unit", lambda _p, _c: unit.id)
    saved = dlg.raise_hazard()
    assert saved is not None and saved.record.unit_id == unit.id
    assert ws.drills.findings(drill.id)[0].hazard_id == saved.record.id
    assert not dlg.has_changes()
