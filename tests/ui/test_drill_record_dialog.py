"""The drill record dialog driven like a user on a real database: a drill from a plan item,
editing, refusals next to the fields (nothing saved, nothing typed lost), the timeline and the
findings tables, 预案需修订 and the evaluation tab.

Chinese text is set with setText (keyClicks with non-ASCII aborts the process); message boxes are
answered by replacing the ``safetydesk.ui.messages`` helpers.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt

from safetydesk.domain.common import Unit, Village
from safetydesk.domain.drill_evaluation import DrillEvaluation, EvalResult, Rating
from safetydesk.domain.drill_plans import OccurrenceStatus, PlanItem, Recurrence
from safetydesk.domain.drill_records import DrillFinding, TimelineStep
from safetydesk.domain.drills import (
    Drill,
    DrillCategory,
    DrillConclusion,
    DrillForm,
    DrillScope,
    SubjectKind,
)
from safetydesk.domain.plans import PlanKind, PlanStatus
from safetydesk.services.changes import Changes, Topic
from safetydesk.storage.drill_records import EvaluationStore
from safetydesk.ui import messages
from safetydesk.ui.context import AppContext
from safetydesk.ui.dialogs import drill_record_dialog
from safetydesk.ui.dialogs.drill_record_dialog import NO_EVAL_TEXT, DrillRecordDialog
from safetydesk.ui.dialogs.drill_record_view import TAB_BASIC, TAB_FINDINGS, TAB_PROCESS

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class Boxes:
    """Records message boxes; ``confirm_answer`` answers confirmations."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.infos: list[str] = []
        self.confirms: list[str] = []
        self.confirm_answer = True


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    b = Boxes()
    monkeypatch.setattr(messages, "show_warning", lambda _p, text, **_k: b.warnings.append(text))
    monkeypatch.setattr(messages, "show_info", lambda _p, text, **_k: b.infos.append(text))

    def confirm(_p: Any, text: str, **_k: Any) -> bool:
        b.confirms.append(text)
        return b.confirm_answer

    monkeypatch.setattr(messages, "confirm", confirm)
    return b


@pytest.fixture
def item(ctx: AppContext, village: Village) -> PlanItem:
    """A yearly 防汛 plan item of the village."""
    return ctx.workspace.drills.add_item(PlanItem(
        first_year=2026, title="润城村防汛转移演练", subject_kind=SubjectKind.VILLAGE,
        village_id=village.id, organiser="润城村民委员会", category=DrillCategory.FLOOD,
        scope=DrillScope.COMPREHENSIVE, form=DrillForm.TABLETOP, recurrence=Recurrence.YEARLY,
        month=6, day=30, location="润城村委会广场", units="村两委、村应急分队、卫生室",
    ))  # fmt: skip


def open_dialog(qtbot: Any, ctx: AppContext, drill_id: int | None = None,
                **kwargs: Any) -> DrillRecordDialog:  # fmt: skip
    dlg = DrillRecordDialog(ctx, drill_id, **kwargs)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def save(qtbot: Any, dlg: DrillRecordDialog) -> None:
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)


def fill_required(dlg: DrillRecordDialog) -> None:
    dlg.commander_edit.setText("李明 镇长")
    dlg.participants_edit.setText("60")
    dlg.residents_edit.setText("35")
    dlg.scenario_edit.setPlainText("连续强降雨，沁河水位上涨，村南低洼处群众需转移。")


def set_date(edit: Any, day: date) -> None:
    edit.setDate(QDate(day.year, day.month, day.day))


def test_a_drill_from_a_plan_item_is_prefilled_and_saved(
    qtbot: Any, ctx: AppContext, item: PlanItem, village: Village, boxes: Boxes
) -> None:
    ws = ctx.workspace
    dlg = open_dialog(qtbot, ctx, plan_item_id=item.id, planned_on=date(2026, 6, 30))
    assert dlg.windowTitle() == "登记演练记录"
    assert dlg.title_edit.text() == "润城村防汛转移演练"
    assert dlg.organiser_kind_combo.currentData() == SubjectKind.VILLAGE.value
    assert dlg.village_combo.currentData() == village.id and dlg.boxes["village_id"].isVisible()
    assert not dlg.boxes["unit_id"].isVisible() and not dlg.reported_box.isVisible()
    assert dlg.organiser_edit.text() == "润城村民委员会"
    assert dlg.category_combo.currentData() == "防汛"
    assert (dlg.scope_combo.currentData(), dlg.form_combo.currentData()) == ("综合", "桌面")
    assert dlg.location_edit.text() == "润城村委会广场"
    assert dlg.units_edit.text() == "村两委、村应急分队、卫生室"
    assert dlg.held_on_edit.day() == date(2026, 6, 30)
    assert "第1项：润城村防汛转移演练" in dlg.plan_label.text()
    fill_required(dlg)
    dlg.start_edit.setText("9:00")
    dlg.end_edit.setText("10:30")
    with qtbot.waitSignal(ctx.bus.changed) as sig:
        save(qtbot, dlg)
    assert not dlg.isVisible() and dlg.saved_drill is not None
    [drill] = ws.drills.drills(2026)
    assert sig.args == [Changes.of(Topic.DRILLS, ids=(drill.id or 0,))]
    assert drill == dlg.saved_drill and drill.record_no
    assert (drill.plan_item_id, drill.village_id, drill.unit_id) == (item.id, village.id, None)
    assert (drill.held_on, drill.start_time, drill.end_time) == (date(2026, 6, 30), "09:00", "10:30")
    assert (drill.participants, drill.residents, drill.commander) == (60, 35, "李明 镇长")
    assert drill.category is DrillCategory.FLOOD and drill.form is DrillForm.TABLETOP
    # The plan's date of June counts as carried out by this record.
    occ = next(o for o in ws.drills.plan(2026) if o.item.id == item.id)
    assert occ.status is OccurrenceStatus.DONE and occ.drill_id == drill.id
    assert boxes.warnings == []


def test_editing_keeps_every_field(
    qtbot: Any, ctx: AppContext, unit: Unit, boxes: Boxes
) -> None:
    ws = ctx.workspace
    stored = ws.drills.record(Drill(
        title="饭店消防疏散演练", organiser_kind=SubjectKind.UNIT, unit_id=unit.id,
        village_id=unit.village_id, organiser="示例饭店", held_on=date(2026, 10, 12),
        start_time="14:00", end_time="14:40", location="饭店大堂",
        category=DrillCategory.FIRE_EVACUATION, scope=DrillScope.SINGLE, form=DrillForm.LIVE,
        commander="张店长", units="饭店全体员工", participants=18, residents=0,
        observers="镇安监站 王强", scenario="后厨油锅起火", timeline="14:00 发现火情\n14:05 疏散",
        equipment="灭火器 6 具", evacuation_minutes=3, conclusion=DrillConclusion.MOSTLY_MET,
        recorder="李梅", approver="张店长", reported_on=date(2026, 10, 15), notes="首次演练",
    ), [DrillFinding(problem="员工不会使用灭火毯", action="组织培训", responsible="张店长",
                     due_on=date(2026, 11, 30))])  # fmt: skip
    assert stored.id
    dlg = open_dialog(qtbot, ctx, stored.id)
    assert dlg.windowTitle() == f"编辑演练记录 {stored.record_no}"
    assert dlg.unit_combo.unit_id() == unit.id and dlg.boxes["unit_id"].isVisible()
    assert dlg.reported_box.isVisible() and dlg.reported_edit.day() == date(2026, 10, 15)
    assert dlg.value() == stored and not dlg.is_dirty()
    assert dlg.findings() == ws.drills.findings(stored.id)
    assert dlg.timeline_table.steps() == [TimelineStep("14:00", "发现火情"),
                                          TimelineStep("14:05", "疏散")]  # fmt: skip
    assert dlg.conclusion_combo.currentData() == "基本达到" and dlg.conclusion_combo.isEnabled()
    dlg.title_edit.setText("饭店后厨火灾疏散演练")
    assert dlg.is_dirty()
    with qtbot.waitSignal(ctx.bus.changed):
        save(qtbot, dlg)
    after = ws.drills.get(stored.id)
    assert after.title == "饭店后厨火灾疏散演练"
    assert after == dataclass_replace(stored, title="饭店后厨火灾疏散演练", updated_at=after.updated_at)
    [finding] = ws.drills.findings(stored.id)
    assert (finding.problem, finding.due_on) == ("员工不会使用灭火毯", date(2026, 11, 30))


def dataclass_replace(obj: Any, **changes: Any) -> Any:
    import dataclasses

    return dataclasses.replace(obj, **changes)


def test_a_future_date_and_more_residents_than_participants_are_refused(
    qtbot: Any, ctx: AppContext, boxes: Boxes
) -> None:
    ws = ctx.workspace
    dlg = open_dialog(qtbot, ctx)
    assert dlg.organiser_kind_combo.currentData() == SubjectKind.TOWNSHIP.value
    assert dlg.organiser_edit.text() == "润城镇"
    dlg.title_edit.setText("镇地震应急疏散演练")
    fill_required(dlg)
    dlg.participants_edit.setText("20")
    set_date(dlg.held_on_edit, date(2026, 12, 1))  # today is 2026-11-23
    dlg.tabs.setCurrentIndex(TAB_PROCESS)
    save(qtbot, dlg)
    assert dlg.isVisible() and dlg.saved_drill is None
    assert ws.drills.drills() == []
    held = dlg.boxes["held_on"].error
    assert held.isVisible() and "晚于今天 2026-11-23" in held.text()
    residents = dlg.boxes["residents"].error
    assert residents.isVisible() and "其中群众人数 35 多于参演人数 20" in residents.text()
    assert dlg.tabs.currentIndex() == TAB_BASIC and dlg.tabs.tabText(TAB_BASIC).endswith("●")
    # Everything typed is still there; fixing the two fields saves.
    assert dlg.title_edit.text() == "镇地震应急疏散演练" and dlg.residents_edit.text() == "35"
    set_date(dlg.held_on_edit, date(2026, 11, 20))
    assert not held.isVisible()
    dlg.participants_edit.setText("80")
    save(qtbot, dlg)
    assert not dlg.isVisible()
    [drill] = ws.drills.drills()
    assert (drill.held_on, drill.participants, drill.residents) == (date(2026, 11, 20), 80, 35)


def test_the_timeline_table_round_trips_and_warns_live(
    qtbot: Any, ctx: AppContext, boxes: Boxes
) -> None:
    ws = ctx.workspace
    dlg = open_dialog(qtbot, ctx)
    dlg.title_edit.setText("镇防汛演练")
    fill_required(dlg)
    dlg.start_edit.setText("09:00")
    dlg.end_edit.setText("10:00")
    table = dlg.timeline_table
    for time, action in (("09:00", "发布预警"), ("9:20", "转移群众"), ("09:10", "报告镇指挥部"),
                         ("", "清点人数")):  # fmt: skip
        row = table.add_empty_row()
        table.item(row, table.COL_TIME).setText(time)
        table.item(row, table.COL_ACTION).setText(action)
    assert not dlg.timeline_warning.isHidden()
    assert "第3步的时间 09:10 早于上一步 09:20" in dlg.timeline_warning.text()
    table.setCurrentCell(2, 0)
    dlg.step_up_button.click()  # 报告 before 转移
    assert [s.action for s in table.steps()][:3] == ["发布预警", "报告镇指挥部", "转移群众"]
    assert dlg.timeline_warning.isHidden()
    table.setCurrentCell(3, 0)
    row = table.add_empty_row()  # after the selected step: here, at the end
    assert row == 4
    table.item(row, table.COL_TIME).setText("11:15")
    table.item(row, table.COL_ACTION).setText("演练结束")
    assert "晚于结束时间 10:00" in dlg.timeline_warning.text()
    dlg.end_edit.setText("11:30")
    assert dlg.timeline_warning.isHidden()
    table.item(row, table.COL_TIME).setText("25:00")
    save(qtbot, dlg)  # a time that is not 时:分 is refused before anything is written
    assert dlg.isVisible() and ws.drills.drills() == []
    assert "不是 时:分" in dlg.boxes["timeline"].error.text()
    assert dlg.tabs.currentIndex() == TAB_PROCESS
    table.setCurrentCell(row, 0)
    dlg.step_delete_button.click()
    save(qtbot, dlg)
    [drill] = ws.drills.drills()
    assert drill.timeline == "09:00 发布预警\n09:10 报告镇指挥部\n09:20 转移群众\n清点人数"
    again = open_dialog(qtbot, ctx, drill.id)
    assert again.timeline_table.steps() == [
        TimelineStep("09:00", "发布预警"), TimelineStep("09:10", "报告镇指挥部"),
        TimelineStep("09:20", "转移群众"), TimelineStep("", "清点人数"),
    ]  # fmt: skip
    assert not again.is_dirty()


def test_findings_are_checked_by_row_and_saved_in_order(
    qtbot: Any, ctx: AppContext, boxes: Boxes
) -> None:
    ws = ctx.workspace
    dlg = open_dialog(qtbot, ctx)
    dlg.title_edit.setText("镇防汛演练")
    fill_required(dlg)
    table = dlg.findings_table
    rows = (("预警广播有盲区", "增设高音喇叭", "王村长", "2026-12-31"),
            ("部分群众转移迟缓", "", "李明", ""),
            ("救生衣数量不足", "补充 20 件", "", "2026-13-01"))  # fmt: skip
    for texts in rows:
        row = table.add_empty_row()
        for col, text in enumerate(texts):
            table.item(row, col).setText(text)
    dlg.tabs.setCurrentIndex(TAB_BASIC)
    save(qtbot, dlg)
    assert dlg.isVisible() and ws.drills.drills() == []
    assert dlg.tabs.currentIndex() == TAB_FINDINGS
    message = dlg.boxes["findings"].error.text()
    assert "第2个问题写了责任人或期限，但没有写改进措施" in message
    assert "第3个问题的整改期限“2026-13-01”不是日期" in message
    assert table.error_rows() == [2, 3] and "改进措施" in table.item(1, 0).toolTip()
    table.item(1, table.COL_ACTION).setText("入户动员，落实包户干部")
    assert table.error_rows() == [3]
    table.item(2, table.COL_DUE).setText("2026-12-15")
    table.setCurrentCell(0, 0)
    dlg.finding_delete_button.click()  # the first one was not a problem after all
    save(qtbot, dlg)
    assert not dlg.isVisible()
    [drill] = ws.drills.drills()
    assert drill.id
    assert [(f.seq, f.problem, f.action, f.due_on) for f in ws.drills.findings(drill.id)] == [
        (1, "部分群众转移迟缓", "入户动员，落实包户干部", None),
        (2, "救生衣数量不足", "补充 20 件", date(2026, 12, 15)),
    ]


def test_plan_revision_saves_first_and_marks_the_plan(
    qtbot: Any, ctx: AppContext, village: Village, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = ctx.workspace
    ws.plans.add_version(village.id, PlanKind.FLOOD, "2026年版", drafted_on=date(2026, 3, 1),
                         adopted_on=date(2026, 3, 5), reviewed_by="陈卫东",
                         reviewed_on=date(2026, 3, 9))  # fmt: skip
    ws.plans.set_state(village.id, PlanKind.FLOOD, PlanStatus.SUBMITTED)
    ws.plans.set_state(village.id, PlanKind.FLOOD, PlanStatus.EFFECTIVE,
                       effective_on=date(2026, 3, 9))  # fmt: skip
    [version] = ws.plans.versions(village.id, PlanKind.FLOOD)
    dlg = open_dialog(qtbot, ctx)
    dlg.title_edit.setText("润城村防汛演练")
    dlg.organiser_kind_combo.setCurrentIndex(dlg.organiser_kind_combo.findData("村(社区)"))
    dlg.village_combo.setCurrentIndex(dlg.village_combo.findData(village.id))
    assert dlg.organiser_edit.text() == "润城村"  # follows the organiser while not typed over
    dlg.category_combo.setCurrentIndex(dlg.category_combo.findData("防汛"))
    labels = [dlg.plan_version_combo.itemText(i) for i in range(dlg.plan_version_combo.count())]
    assert labels == ["未指定", "防汛预案 2026年版（已生效）"]
    dlg.plan_version_combo.setCurrentIndex(1)
    fill_required(dlg)
    monkeypatch.setattr(drill_record_dialog, "ask_reason", lambda _p: "转移路线需避开新河堤")
    with qtbot.waitSignal(ctx.bus.changed):
        assert dlg.revise_plan()
    assert "需要先保存这条新的演练记录" in boxes.confirms[0]
    [drill] = ws.drills.drills()
    assert drill.plan_version_id == version.id and drill.needs_plan_revision
    assert dlg.needs_revision_check.isChecked() and dlg.isVisible()
    assert dlg.windowTitle() == f"编辑演练记录 {drill.record_no}"
    newest = ws.plans.versions(village.id, PlanKind.FLOOD)[-1]
    assert newest.status is PlanStatus.NEEDS_REVISION
    assert newest.revision_reason == "转移路线需避开新河堤"
    assert "标为“需修订”" in boxes.infos[-1]


def test_declining_to_save_first_changes_nothing(
    qtbot: Any, ctx: AppContext, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes.confirm_answer = False
    dlg = open_dialog(qtbot, ctx)
    dlg.title_edit.setText("镇防汛演练")
    asked: list[bool] = []
    monkeypatch.setattr(drill_record_dialog, "ask_reason", lambda _p: asked.append(True) or "x")
    assert not dlg.revise_plan()
    assert asked == [] and ctx.workspace.drills.drills() == []


def test_the_evaluation_tab(
    qtbot: Any, ctx: AppContext, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = ctx.workspace
    stored = ws.drills.record(Drill(title="镇森林火灾桌面推演", held_on=date(2026, 3, 20),
                                    form=DrillForm.TABLETOP))  # fmt: skip
    assert stored.id
    dlg = open_dialog(qtbot, ctx, stored.id)
    assert "尚未按评估表评估" in dlg.eval_summary.text() and dlg.conclusion_combo.isEnabled()
    monkeypatch.setitem(sys.modules, "safetydesk.ui.dialogs.drill_eval_dialog", None)
    assert dlg.open_evaluation() is None
    assert boxes.infos == [NO_EVAL_TEXT]
    # Without a checklist the officer picks the conclusion here.
    dlg.conclusion_combo.setCurrentIndex(dlg.conclusion_combo.findData("达到预期"))
    save(qtbot, dlg)
    assert ws.drills.get(stored.id).conclusion is DrillConclusion.MET
    with ws.db.conn:
        EvaluationStore(ws.db).insert(DrillEvaluation(
            drill_id=stored.id, evaluators="镇应急办 王强", evaluated_on=date(2026, 3, 21),
            results=(EvalResult(seq=1, content="预警接收", rating=Rating.MET),
                     EvalResult(seq=2, content="疏散组织", rating=Rating.NOT_MET)),
            computed=DrillConclusion.NOT_MET, override=DrillConclusion.MOSTLY_MET,
            override_reason="疏散问题已当场纠正",
        ))  # fmt: skip
    again = open_dialog(qtbot, ctx, stored.id)
    text = again.eval_summary.text()
    assert "评估人员 镇应急办 王强" in text and "得分 <b>50</b>" in text
    assert "按评分得出：未达到需重新演练" in text and "疏散问题已当场纠正" in text
    assert not again.conclusion_combo.isEnabled()
    assert again.conclusion_combo.currentData() == "基本达到"
    assert not again.is_dirty()  # the combo only shows the evaluation's conclusion


def test_closing_asks_only_when_something_was_edited(
    qtbot: Any, ctx: AppContext, item: PlanItem, boxes: Boxes
) -> None:
    dlg = open_dialog(qtbot, ctx, plan_item_id=item.id, planned_on=date(2026, 6, 30))
    assert not dlg.has_changes()
    dlg.cancel_button.click()  # nothing typed: closes without asking
    assert not dlg.isVisible() and boxes.confirms == []
    dlg = open_dialog(qtbot, ctx, plan_item_id=item.id, planned_on=date(2026, 6, 30))
    row = dlg.timeline_table.add_empty_row()
    dlg.timeline_table.item(row, 1).setText("发布预警")
    boxes.confirm_answer = False
    dlg.cancel_button.click()
    assert dlg.isVisible() and "尚未保存的修改" in boxes.confirms[0]  # kept open
    boxes.confirm_answer = True
    dlg.close()
    assert not dlg.isVisible() and len(boxes.confirms) == 2
    assert ctx.workspace.drills.drills() == []


def test_the_evaluation_dialog_opens_on_the_saved_drill_and_its_result_is_shown(
    qtbot: Any, ctx: AppContext, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a stand-in for the evaluation dialog (its contract: ``DrillEvalDialog(ctx, drill_id,
    parent=...)``, ``exec()``), the record is saved first and the evaluation written shows."""
    import types

    ws = ctx.workspace
    opened: list[tuple[int, Any]] = []

    class FakeEvalDialog:
        def __init__(self, ctx_: AppContext, drill_id: int, *, parent: Any = None) -> None:
            opened.append((drill_id, parent))
            self.drill_id = drill_id

        def exec(self) -> int:
            with ws.db.conn:
                EvaluationStore(ws.db).insert(DrillEvaluation(
                    drill_id=self.drill_id, evaluated_on=date(2026, 11, 21),
                    results=(EvalResult(seq=1, content="指挥到位", rating=Rating.MET),),
                ))  # fmt: skip
            return 1

    module = types.ModuleType("safetydesk.ui.dialogs.drill_eval_dialog")
    module.__dict__["DrillEvalDialog"] = FakeEvalDialog
    monkeypatch.setitem(sys.modules, "safetydesk.ui.dialogs.drill_eval_dialog", module)
    dlg = open_dialog(qtbot, ctx)
    dlg.title_edit.setText("镇地震桌面推演")
    assert "保存记录后" in dlg.eval_summary.text()
    dlg.eval_button.click()
    [drill] = ws.drills.drills()
    assert opened == [(drill.id, dlg)] and "需要先保存这条新的演练记录" in boxes.confirms[0]
    assert "得分 <b>100</b>" in dlg.eval_summary.text()
    assert "评估结论：达到预期" in dlg.eval_summary.text()
    assert not dlg.conclusion_combo.isEnabled() and not dlg.has_changes()
