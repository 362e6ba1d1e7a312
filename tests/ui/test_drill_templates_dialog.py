"""The 演练评估表 dialog on a real database: edit a checklist into a new version (old kept for
its evaluations), refusals shown with nothing written, copy, history read-only; from the page."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from safetydesk.domain.drill_evaluation import Rating
from safetydesk.domain.drills import Drill, SubjectKind
from safetydesk.services import Workspace
from safetydesk.ui.context import AppContext
from safetydesk.ui.dialogs.drill_templates_dialog import DrillTemplatesDialog


def _dialog(qtbot, ctx: AppContext) -> DrillTemplatesDialog:
    dlg = DrillTemplatesDialog(ctx)
    qtbot.addWidget(dlg)
    return dlg


def test_edit_into_a_new_version(qtbot, ctx: AppContext, ws: Workspace, village) -> None:
    drill = ws.drills.record(Drill(title="防汛演练", organiser_kind=SubjectKind.VILLAGE,
                                   village_id=village.id, held_on=date(2026, 6, 2)))  # fmt: skip
    blank = ws.drill_evals.blank(drill.id or 0)
    rated = tuple(replace(r, rating=Rating.MET) for r in blank.results)
    ws.drill_evals.evaluate(replace(blank, results=rated))
    dlg = _dialog(qtbot, ctx)
    assert dlg.list.count() == 2 and dlg.current().family == "drill-live"
    assert dlg.table.rowCount() == 13 and "已用于 1 次评估" in dlg.info.text()
    row = dlg.add_item()
    dlg.table.item(row, 0).setText("避难场所开放")
    dlg.table.item(row, 1).setText("场所开放及时，物资到位")
    dlg.table.setCurrentCell(row, 0)
    dlg.move_item(-1)
    saved = dlg.save_version()
    assert saved is not None and saved.version == 2 and len(saved.items) == 14
    assert saved.items[12].content == "避难场所开放" and saved.items[13].content == "恢复与返回"
    assert dlg.current().id == saved.id and dlg.version_combo.count() == 2
    # The old evaluation keeps version 1.
    ev = ws.drill_evals.evaluation(drill.id or 0)
    assert ev is not None and ev.template_id != saved.id and len(ev.results) == 13
    # History: version 1 shown read-only.
    dlg.version_combo.setCurrentIndex(1)
    assert dlg.table.rowCount() == 13 and not dlg.save_button.isEnabled()
    assert "历史版本" in dlg.info.text()


def test_refusals_write_nothing(qtbot, ctx: AppContext, ws: Workspace) -> None:
    dlg = _dialog(qtbot, ctx)
    row = dlg.add_item()
    dlg.table.item(row, 0).setText("指挥到位")
    assert dlg.save_version() is None and "与第3项重复" in dlg.error_label.text()
    dlg.table.item(row, 0).setText("")
    assert dlg.save_version() is None and "没有填写评估项目" in dlg.error_label.text()
    assert [v.version for v in ws.drill_evals.versions("drill-live")] == [1]


def test_copy_makes_a_checklist_of_our_own(qtbot, ctx: AppContext, ws: Workspace) -> None:
    dlg = _dialog(qtbot, ctx)
    made = dlg.copy_current("润城镇防汛实战演练评估表")
    assert made is not None and dlg.list.count() == 3
    assert dlg.current().name == "润城镇防汛实战演练评估表" and "本单位评估表" in dlg.info.text()
