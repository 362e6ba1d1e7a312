"""The hazard dialogs driven like a user: register/edit a hazard, and every action of A2.

Chinese text is set with setText (keyClicks with non-ASCII aborts the process); message boxes
and the PDF preview are replaced by recorders. Printed notices are read back with pypdf.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox

from safetydesk.domain.common import Person, PersonRole, Unit, UnitType, Village
from safetydesk.domain.hazards import Hazard, HazardAction, HazardLevel, HazardState
from safetydesk.domain.schedule import DeadlineKind
from safetydesk.services import Workspace
from safetydesk.ui import messages, ops
from safetydesk.ui.context import AppContext
from safetydesk.ui.dialogs import pdf_preview
from safetydesk.ui.dialogs.hazard_action_dialog import HazardActionDialog
from safetydesk.ui.dialogs.hazard_dialog import HazardDialog
from safetydesk.ui.views.hazards_page import HazardsPage

A, S = HazardAction, HazardState
TIMEOUT = 15_000

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class Recorder:
    """Message boxes and previews shown during a test."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.infos: list[str] = []
        self.pdfs: list[tuple[Path, str]] = []


@pytest.fixture
def rec(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    r = Recorder()
    monkeypatch.setattr(messages, "show_warning", lambda _p, text, **_k: r.warnings.append(text))
    monkeypatch.setattr(messages, "show_info", lambda _p, text, **_k: r.infos.append(text))
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    monkeypatch.setattr(
        pdf_preview, "show_pdf", lambda _p, path, title: r.pdfs.append((path, title))
    )
    yield r
    ops.shutdown()


def make(ws: Workspace, unit: Unit, **kw: Any) -> Hazard:
    base: dict[str, Any] = dict(
        unit_id=unit.id, description="灭火器压力不足，指针在红区", measures="更换灭火器",
        found_on=date(2026, 11, 20), found_by="李明", deadline_kind=DeadlineKind.CALENDAR_DAYS, deadline_days=7,
    )  # fmt: skip
    if kw.get("level") is HazardLevel.MAJOR:  # 挂牌督办 and 验收 need the 五到位
        base.update(responsible_person="张丽", funds=2.0, emergency_plan="整改期间停用，专人看护")
    base.update(kw)
    return ws.hazards.register(Hazard(**base)).record


def select(combo: QComboBox, data: Any) -> None:
    i = combo.findData(data)
    assert i >= 0, f"{data!r} not in combo"
    combo.setCurrentIndex(i)


def pick_unit(qtbot: Any, picker: Any, unit: Unit) -> None:
    """Type the unit's name and wait for the picker's search to find it."""
    picker.setEditText(unit.name)
    qtbot.waitUntil(lambda: picker.unit_id() == unit.id, timeout=2000)


def opened(qtbot: Any, dlg: Any) -> Any:
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def pdf_text(path: Path) -> str:
    return "".join(p.extract_text() for p in PdfReader(path).pages)


# -- register / edit ----------------------------------------------------------------------------
def test_register_through_the_dialog(
    qtbot: Any, ctx: AppContext, unit: Unit, village: Village, rec: Recorder
) -> None:
    ws = ctx.workspace
    dlg = opened(qtbot, HazardDialog(ctx))
    assert dlg.windowTitle() == "新增隐患"
    assert dlg.major_box.isHidden()
    assert dlg.village_label.text().startswith("—")
    pick_unit(qtbot, dlg.unit_combo, unit)
    assert dlg.unit_combo.unit_id() == unit.id
    assert dlg.village_label.text() == village.name  # village follows the unit
    assert dlg.sector_combo.currentData() == UnitType.NINE_SMALL.value  # and the sector
    dlg.location_edit.setText("后厨")
    dlg.description_edit.setPlainText("液化气钢瓶与灶具间距不足 0.5 米")
    dlg.measures_edit.setPlainText("调整钢瓶位置，保持安全间距")
    dlg.found_by_edit.setText("李明")
    dlg.found_on_edit.setDate(QDate(2026, 11, 20))  # a Friday
    select(dlg.deadline_edit.kind_combo, "工作日")
    dlg.deadline_edit.days_spin.setValue(3)
    assert "2026年11月25日" in dlg.deadline_edit.result_label.text()  # shown live
    dlg.responsible_person_edit.setText("张三")
    qtbot.keyClicks(dlg.responsible_phone_edit, "13800001234")
    qtbot.keyClicks(dlg.funds_edit, "0.35")
    with qtbot.waitSignal(ctx.bus.changed):
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert not dlg.isVisible() and dlg.saved is not None
    [h] = ws.hazards.list()
    assert (h.code, h.state, h.unit_id, h.village_id) == ("润-2026-0001", S.REGISTERED, unit.id,
                                                          village.id)  # fmt: skip
    assert (h.deadline_kind, h.deadline_days, h.due_on) == ("工作日", 3, date(2026, 11, 25))
    assert h.location == "后厨" and h.funds == 0.35 and h.responsible_phone == "13800001234"
    assert h.sector == UnitType.NINE_SMALL.value and h.level is HazardLevel.ORDINARY
    assert h.listed_level == "" and h.listed_on is None


def test_refused_input_stays_and_major_needs_a_basis(
    qtbot: Any, ctx: AppContext, unit: Unit, rec: Recorder
) -> None:
    ws = ctx.workspace
    dlg = opened(qtbot, HazardDialog(ctx))
    pick_unit(qtbot, dlg.unit_combo, unit)
    dlg.measures_edit.setPlainText("停止使用，委托鉴定")
    dlg.found_by_edit.setText("李明")
    select(dlg.level_combo, HazardLevel.MAJOR.value)
    assert dlg.major_box.isVisible()  # 重大 reveals its box
    select(dlg.listed_level_combo, "县级")
    dlg.listed_body_edit.setText("阳城县安委办")
    dlg.dual_edit.check.setChecked(True)
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert dlg.isVisible()
    assert dlg.boxes["description"].error.text() == "请填写隐患描述。"
    assert "判定依据" in dlg.boxes["basis"].error.text()
    assert dlg.boxes["basis"].error.isVisible()
    assert ws.hazards.count() == 0
    # nothing typed is lost
    assert dlg.measures_edit.toPlainText() == "停止使用，委托鉴定"
    assert dlg.unit_combo.unit_id() == unit.id and dlg.listed_body_edit.text() == "阳城县安委办"
    dlg.description_edit.setPlainText("承重墙体出现贯穿裂缝")
    assert not dlg.boxes["description"].error.isVisible()  # editing clears the message
    dlg.basis_edit.setPlainText("经营性自建房重大隐患判定 第二条")
    # 五到位 is read from the fields, not ticked: 责任 and 资金 and 预案 are still empty.
    assert dlg.five_status() == {"责任": False, "措施": True, "资金": False, "时限": True, "预案": False}
    assert "✗资金" in dlg.five_label.text() and "✓措施" in dlg.five_label.text()
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert dlg.isVisible() and ws.hazards.count() == 0
    listed_error = dlg.boxes["listed_level"].error.text()
    assert "“五到位”未落实（缺责任、资金、预案），不能挂牌督办" in listed_error
    dlg.responsible_person_edit.setText("张丽")
    dlg.funds_edit.setText("0")
    assert not dlg.five_status()["资金"]  # 资金到位 needs an amount above 0
    dlg.funds_edit.setText("3.5")
    dlg.plan_edit.setPlainText("整改期间停止经营，设置警戒区，每日巡查")
    assert all(dlg.five_status().values()) and "✗" not in dlg.five_label.text()
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert not dlg.isVisible()
    [h] = ws.hazards.list()
    assert h.major and h.basis.startswith("经营性自建房") and not h.basis_pending
    assert (h.responsible_person, h.funds, h.emergency_plan) == ("张丽", 3.5, "整改期间停止经营，设置警戒区，每日巡查")
    assert (h.listed_level, h.listed_body, h.listed_on) == ("县级", "阳城县安委办", date(2026, 11, 23))
    assert h.dual_report_on == date(2026, 11, 23) and h.listed


def test_deadline_warning_when_the_holiday_table_lacks_the_year(
    qtbot: Any, ctx: AppContext, unit: Unit, rec: Recorder
) -> None:
    dlg = opened(qtbot, HazardDialog(ctx))
    select(dlg.deadline_edit.kind_combo, "工作日")
    dlg.deadline_edit.days_spin.setValue(60)  # runs into 2027
    assert "缺少 2027 年" in dlg.deadline_edit.result_label.text()
    select(dlg.deadline_edit.kind_combo, "立即")
    assert "立即整改" in dlg.deadline_edit.result_label.text()
    assert dlg.deadline_edit.days_spin.isHidden()
    select(dlg.deadline_edit.kind_combo, "日期")
    dlg.deadline_edit.date_edit.setDate(QDate(2026, 11, 1))  # before the found date
    assert "早于发现日期" in dlg.deadline_edit.result_label.text()
    dlg.reject()


def test_edit_keeps_state_and_history(
    qtbot: Any, ctx: AppContext, unit: Unit, rec: Recorder
) -> None:
    ws = ctx.workspace
    h = make(ws, unit)
    ws.hazards.issue_notice([h.id], on=date(2026, 11, 21), by="李明")
    dlg = opened(qtbot, HazardDialog(ctx, ws.hazards.get(h.id)))
    assert dlg.windowTitle() == "编辑隐患 润-2026-0001"
    assert dlg.description_edit.toPlainText() == h.description
    assert dlg.deadline_edit.kind().value == "自然日" and dlg.deadline_edit.days_spin.value() == 7
    dlg.location_edit.setText("一楼大厅")
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    after = ws.hazards.get(h.id)
    assert after.location == "一楼大厅" and after.state is S.RECTIFYING
    assert after.due_on == date(2026, 11, 27) and len(ws.hazards.events(h.id)) == 1


def test_edit_shows_an_archived_unit_but_a_new_hazard_cannot_pick_it(
    qtbot: Any, ctx: AppContext, unit: Unit, village: Village, rec: Recorder
) -> None:
    ws = ctx.workspace
    h = make(ws, unit)
    ws.units.archive(unit.id)
    dlg = opened(qtbot, HazardDialog(ctx, ws.hazards.get(h.id)))
    assert dlg.unit_combo.unit_id() == unit.id
    assert dlg.unit_combo.currentText() == f"{unit.name}（{village.name}）（已归档）"
    assert dlg.village_label.text() == village.name
    dlg.reject()
    new = opened(qtbot, HazardDialog(ctx))
    ws.units.save(Unit(name="示例饭店分店", village_id=village.id))
    new.unit_combo.setEditText("示例饭店")
    qtbot.waitUntil(lambda: new.unit_combo.count() > 0, timeout=2000)  # after the search pause
    assert [new.unit_combo.itemText(i) for i in range(new.unit_combo.count())] == [
        f"示例饭店分店（{village.name}）"
    ]  # the archived unit is not offered
    assert new.unit_combo.unit_id() is None
    new.reject()


# -- actions ------------------------------------------------------------------------------------
def action(qtbot: Any, ctx: AppContext, ids: list[int], a: HazardAction) -> HazardActionDialog:
    return opened(qtbot, HazardActionDialog(ctx, ids, a))


def test_action_dialogs_show_exactly_their_fields(
    qtbot: Any, ctx: AppContext, unit: Unit, rec: Recorder
) -> None:
    h = make(ctx.workspace, unit)
    expected = {
        A.RECEIPT: {"on", "by", "note"},
        A.RECHECK_PASS: {"on", "by", "note", "rechecked_by", "opinion"},
        A.RECHECK_FAIL: {"on", "by", "note", "rechecked_by", "opinion", "new_due_on"},
        A.EXTEND: {"on", "by", "note", "requested_on", "reason", "new_due_on", "approver"},
        A.TRANSFER: {"on", "by", "note", "department"},
        A.CANCEL: {"on", "by", "note", "reason"},
        A.ACCEPT: {"on", "by", "note", "accepted_unit", "accepted_by"},
        A.CLOSE: {"on", "by", "note"},
    }
    for a, fields in expected.items():
        dlg = action(qtbot, ctx, [h.id], a)
        assert set(dlg.boxes) == fields, a
        assert dlg.on_edit.date() == QDate(2026, 11, 23)  # today by default
        dlg.reject()


# The offscreen platform cannot raise the completion popup or grab the keyboard for it.
@pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise|grabbing)")
def test_whole_loop_of_a_major_hazard_through_the_dialogs(
    qtbot: Any, ctx: AppContext, unit: Unit, rec: Recorder
) -> None:
    ws = ctx.workspace
    ws.people.save(Person(name="王芳", role=PersonRole.TOWNSHIP_OFFICIAL))
    h = make(ws, unit, level=HazardLevel.MAJOR, basis="判定标准 第三条", listed_level="县级",
             listed_body="阳城县安委办", listed_on=date(2026, 11, 20))  # fmt: skip
    # 下达整改通知: issues the numbered notice, then prints it and opens the preview.
    dlg = action(qtbot, ctx, [h.id], A.ISSUE_NOTICE)
    assert dlg.save_button.text() == "下达并打印"
    assert dlg.order_check is None  # nobody holds a 执法证号
    dlg.by_edit.setText("李明")
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert ws.hazards.get(h.id).state is S.RECTIFYING and dlg.number == "润安通〔2026〕1号"
    qtbot.waitUntil(lambda: bool(rec.pdfs), timeout=TIMEOUT)
    path, title = rec.pdfs[0]
    assert title == "安全隐患整改通知书 润安通〔2026〕1号" and "润安通〔2026〕1号" in pdf_text(path)
    assert path.parent.name == "exports"
    # 复查不合格: 复查人 required, then a new deadline.
    dlg = action(qtbot, ctx, [h.id], A.RECHECK_FAIL)
    dlg.inputs["opinion"].setPlainText("钢瓶仍未移出")
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert dlg.isVisible() and "复查人" in dlg.boxes["rechecked_by"].error.text()
    people = dlg.inputs["rechecked_by"]
    people.edit.setFocus()
    people.edit.insert("王")  # as typed: the register is searched after the pause
    qtbot.waitUntil(lambda: people.completer.labels() == ["王芳（镇干部）"], timeout=2000)
    people.completer.complete()
    popup = people.completer.popup()
    popup.setCurrentIndex(people.completer.completionModel().index(0, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # chosen from the register
    assert people.edit.text() == "王芳"
    people.edit.setText(people.edit.text() + "，李明")
    dlg.inputs["new_due_on"].setDate(QDate(2026, 12, 10))
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert not dlg.isVisible()
    h1 = ws.hazards.get(h.id)
    assert h1.state is S.RECTIFYING and h1.due_on == date(2026, 12, 10)
    # 延期 with its application.
    dlg = action(qtbot, ctx, [h.id], A.EXTEND)
    dlg.inputs["reason"].setPlainText("需要采购不锈钢波纹管")
    dlg.inputs["approver"].setText("镇长")
    dlg.inputs["new_due_on"].setDate(QDate(2026, 12, 31))
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert ws.hazards.get(h.id).due_on == date(2026, 12, 31)
    for a in (A.RECEIPT, A.RECHECK_PASS):
        dlg = action(qtbot, ctx, [h.id], a)
        if a is A.RECHECK_PASS:
            assert "复查合格" in dlg.inputs["opinion"].toPlainText()  # prefilled
            dlg.inputs["rechecked_by"].edit.setText("王芳、李明")
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
        assert not dlg.isVisible(), dlg.general_error.text()
    assert ws.hazards.allowed(ws.hazards.get(h.id)) == [A.ACCEPT]
    dlg = action(qtbot, ctx, [h.id], A.ACCEPT)
    assert dlg.inputs["accepted_unit"].text() == "阳城县安委办"  # the 督办 body
    dlg.inputs["accepted_by"].setText("赵验收")
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    dlg = action(qtbot, ctx, [h.id], A.CLOSE)
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    done = ws.hazards.get(h.id)
    assert (
        done.state is S.CLOSED and done.accepted_by == "赵验收" and done.closed_on == date(2026, 11, 23)
    )
    events = ws.hazards.events(h.id)
    assert [e.action for e in events] == [A.ISSUE_NOTICE, A.RECHECK_FAIL, A.EXTEND, A.RECEIPT,
                                          A.RECHECK_PASS, A.ACCEPT, A.CLOSE]  # fmt: skip
    assert events[0].by == "李明"
    assert set(events[1].details.rechecked_by) == {"王芳", "李明"}
    assert rec.warnings == []


def test_refused_transition_and_side_branches(
    qtbot: Any, ctx: AppContext, unit: Unit, rec: Recorder
) -> None:
    ws = ctx.workspace
    a, b, c = (make(ws, unit) for _ in range(3))
    dlg = action(qtbot, ctx, [a.id], A.ON_SPOT)
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert ws.hazards.get(a.id).state is S.RECHECK_PASSED
    dlg = action(qtbot, ctx, [a.id], A.TRANSFER)  # not legal any more: the service refuses
    dlg.inputs["department"].setCurrentText("县应急管理局")
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert dlg.isVisible() and dlg.general_error.isVisible()
    assert "不能" in dlg.general_error.text()
    dlg.reject()
    dlg = action(qtbot, ctx, [b.id], A.TRANSFER)
    dlg.inputs["department"].setCurrentText("县住房和城乡建设局")
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert ws.hazards.get(b.id).transfer_department == "县住房和城乡建设局"
    dlg = action(qtbot, ctx, [c.id], A.CANCEL)
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert "撤销原因" in dlg.boxes["reason"].error.text()
    dlg.inputs["reason"].setPlainText("误报：已查明不是隐患")
    dlg.on_edit.setDate(QDate(2026, 11, 10))  # before the found date
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert "早于发现日期" in dlg.boxes["on"].error.text()
    dlg.on_edit.setDate(QDate(2026, 11, 23))
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert ws.hazards.get(c.id).state is S.CANCELLED


def test_one_notice_for_several_hazards_of_one_unit_only(
    qtbot: Any, ctx: AppContext, unit: Unit, village: Village, rec: Recorder
) -> None:
    ws = ctx.workspace
    other = ws.units.save(Unit(name="示例超市（虚构）", village_id=village.id)).record
    a, b = make(ws, unit), make(ws, unit, description="疏散通道堆放杂物")
    c = make(ws, other)
    dlg = action(qtbot, ctx, [a.id, c.id], A.ISSUE_NOTICE)
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert dlg.isVisible() and "一个单位" in dlg.general_error.text()  # the service's message
    assert ws.hazards.get(a.id).state is S.REGISTERED and ws.documents.of_year(2026) == []
    dlg.reject()
    page = HazardsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.select_rows([page.model.row_of_id(a.id), page.model.row_of_id(b.id)])
    assert page.details.visible_actions() == [A.ISSUE_NOTICE]
    assert page.details.selection_label.isVisible()
    dlg = page.run_action(A.ISSUE_NOTICE)
    assert dlg.hazard_ids == [b.id, a.id] or dlg.hazard_ids == [a.id, b.id]
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(rec.pdfs), timeout=TIMEOUT)
    assert {ws.hazards.get(i).state for i in (a.id, b.id)} == {S.RECTIFYING}
    [doc] = ws.documents.of_year(2026)
    text = pdf_text(rec.pdfs[0][0])
    assert doc.number in text and "疏散通道堆放杂物" in text and "灭火器压力不足" in text
    assert page.lookups.number(a.id) == doc.number


def test_order_to_rectify_only_for_an_inspector_with_a_certificate(
    qtbot: Any, ctx: AppContext, unit: Unit, rec: Recorder
) -> None:
    ws = ctx.workspace
    h = make(ws, unit, found_by="李明、王建国")
    dlg = action(qtbot, ctx, [h.id], A.ISSUE_NOTICE)
    assert dlg.order_check is None  # neither holds a 执法证号 yet (A3)
    assert dlg.inspectors_edit is not None and dlg.inspectors_edit.names() == ["李明", "王建国"]
    dlg.reject()
    ws.people.save(Person(name="李明", role=PersonRole.INSPECTOR, cert_no="14052210001"))
    dlg = action(qtbot, ctx, [h.id], A.ISSUE_NOTICE)
    assert dlg.order_check is not None and "李明" in dlg.order_check.toolTip()
    dlg.order_check.setChecked(True)
    # One 执法证号 is not enough: the dialog stays open, names who has none, issues nothing.
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert "王建国 在人员名录中没有执法证号" in dlg.general_error.text()
    assert ws.documents.of_year(2026) == [] and ws.hazards.get(h.id).state is S.REGISTERED
    dlg.reject()
    ws.people.save(Person(name="王建国", role=PersonRole.INSPECTOR, cert_no="14052210002"))
    dlg = action(qtbot, ctx, [h.id], A.ISSUE_NOTICE)
    assert dlg.order_check is not None
    dlg.order_check.setChecked(True)
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(rec.pdfs), timeout=TIMEOUT)
    [doc] = ws.documents.of_year(2026)
    assert doc.kind.value == "责令限期整改指令书" and dlg.number == doc.number
    path, title = rec.pdfs[0]
    assert title == f"责令限期整改指令书 {doc.number}" and doc.number in pdf_text(path)
    page = HazardsPage(ctx)
    qtbot.addWidget(page)
    page.select_id(h.id)
    page.print_menu.update_actions()
    assert page.print_menu.order_action.isVisible() and page.print_menu.order_action.isEnabled()
    assert not page.print_menu.notice_action.isEnabled()
    with qtbot.waitSignal(page.print_menu.print_order().finished, timeout=TIMEOUT):
        pass
    assert rec.pdfs[-1][1] == f"责令限期整改指令书 {doc.number}" and rec.warnings == []
