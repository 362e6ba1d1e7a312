"""The 演练评估 dialog on a real database: rate items, live score, override with reason,
refusals shown with nothing saved, a saved evaluation sets the drill's conclusion; and opened
from the drill record dialog."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QApplication

from safetydesk.domain.drill_evaluation import Rating
from safetydesk.domain.drills import Drill, DrillConclusion, DrillForm, SubjectKind
from safetydesk.services import Workspace
from safetydesk.services.changes import Changes, Topic
from safetydesk.ui.context import AppContext
from safetydesk.ui.dialogs.drill_eval_dialog import DrillEvalDialog


@pytest.fixture
def drill(ws: Workspace, village) -> Drill:
    return ws.drills.record(Drill(title="润城村防汛演练", organiser_kind=SubjectKind.VILLAGE,
                                  village_id=village.id, held_on=date(2026, 6, 12)))  # fmt: skip


def _dialog(qtbot, ctx: AppContext, drill_id: int) -> DrillEvalDialog:
    dlg = DrillEvalDialog(ctx, drill_id)
    qtbot.addWidget(dlg)
    return dlg


def test_rates_items_and_saves(qtbot, ctx: AppContext, drill: Drill) -> None:
    dlg = _dialog(qtbot, ctx, drill.id or 0)
    assert dlg.table.rowCount() == 13 and dlg.template_combo.currentText() == "实战演练评估表（第1版）"
    assert "已评定 0/13 项" in dlg.summary.text()
    dlg.rate_unrated_met()
    assert "得分 <b>100</b>" in dlg.summary.text() and "达到预期" in dlg.summary.text()
    dlg.set_rating(4, Rating.NOT_MET, "两户未按路线转移")
    assert "得分 <b>92</b>" in dlg.summary.text() and "按评分结论：<b>基本达到</b>" in dlg.summary.text()
    dlg.evaluators_edit.setText("县应急局 王工")
    seen: list[Changes] = []
    ctx.bus.changed.connect(seen.append)
    dlg.save()
    assert dlg.result() == DrillEvalDialog.DialogCode.Accepted and dlg.saved is not None
    assert seen and seen[0].touches(Topic.DRILLS)
    stored = ctx.workspace.drill_evals.evaluation(drill.id or 0)
    assert stored is not None and stored.score == 92 and stored.evaluators == "县应急局 王工"
    assert stored.results[4].rating is Rating.NOT_MET and stored.results[4].note == "两户未按路线转移"
    assert ctx.workspace.drills.get(drill.id or 0).conclusion is DrillConclusion.MOSTLY_MET
    # Opened again, it shows what was saved.
    again = _dialog(qtbot, ctx, drill.id or 0)
    assert again.rating_combo(4).currentText() == "不达标"
    assert again.evaluators_edit.text() == "县应急局 王工"


def test_refusals_are_listed_and_nothing_is_saved(qtbot, ctx: AppContext, drill: Drill) -> None:
    dlg = _dialog(qtbot, ctx, drill.id or 0)
    dlg.show()
    dlg.save()
    assert dlg.error_label.isVisible() and "尚未评定" in dlg.error_label.text()
    dlg.rate_unrated_met()
    dlg.set_rating(2, Rating.NOT_MET)
    dlg.override_check.setChecked(True)
    dlg.override_combo.setCurrentIndex(dlg.override_combo.findText("达到预期"))
    dlg.date_edit.setDate(QDate(2026, 6, 1))
    dlg.save()
    text = dlg.error_label.text()
    assert "第3项评为不达标，请在说明中写明问题" in text
    assert "请写明理由" in text and "早于演练日期" in text
    assert dlg.saved is None and ctx.workspace.drill_evals.evaluation(drill.id or 0) is None
    assert ctx.workspace.drills.get(drill.id or 0).conclusion is None
    # Fixed: saved with the override and its reason.
    dlg.set_rating(2, Rating.NOT_MET, "指挥部人员迟到")
    dlg.reason_edit.setText("迟到人员已通报批评，其余环节良好")
    dlg.date_edit.setDate(QDate(2026, 6, 12))
    dlg.save()
    assert dlg.saved is not None and dlg.saved.conclusion is DrillConclusion.MET
    assert ctx.workspace.drills.get(drill.id or 0).conclusion is DrillConclusion.MET


def test_a_tabletop_drill_gets_the_tabletop_checklist(
    qtbot, ctx: AppContext, ws: Workspace, village
) -> None:
    desk = ws.drills.record(Drill(title="桌面推演", organiser_kind=SubjectKind.VILLAGE,
                                  village_id=village.id, held_on=date(2026, 3, 2),
                                  form=DrillForm.TABLETOP))  # fmt: skip
    dlg = _dialog(qtbot, ctx, desk.id or 0)
    assert dlg.table.rowCount() == 11 and "桌面演练评估表" in dlg.template_combo.currentText()
    # Switching checklists: the other one's items start unrated (none has the same text).
    dlg.rate_unrated_met()
    dlg.template_combo.setCurrentIndex(dlg.template_combo.findText("实战演练评估表（第1版）"))
    assert dlg.table.rowCount() == 13
    assert {dlg.rating_combo(r).currentText() for r in range(13)} == {"（未评定）"}
    assert "已评定 0/13 项" in dlg.summary.text()


def test_opened_from_the_record_dialog(qtbot, ctx: AppContext, drill: Drill) -> None:
    from safetydesk.ui.dialogs.drill_record_dialog import DrillRecordDialog

    record = DrillRecordDialog(ctx, drill.id)
    qtbot.addWidget(record)

    def rate_and_save() -> None:
        dlg = next(w for w in QApplication.topLevelWidgets()
                   if isinstance(w, DrillEvalDialog) and w.isVisible())  # fmt: skip
        dlg.rate_unrated_met()
        dlg.save()

    QTimer.singleShot(200, rate_and_save)
    opened = record.open_evaluation()
    assert isinstance(opened, DrillEvalDialog) and opened.saved is not None
    assert "100" in record.eval_summary.text()
    assert ctx.workspace.drills.get(drill.id or 0).conclusion is DrillConclusion.MET
