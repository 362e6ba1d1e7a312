"""The drill record dialog on the demo database: every demo drill shows and reads back unchanged
(nothing the form does not show is lost or altered), and the 应急演练 page records a planned
drill through the real dialog."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from damage import TODAY, copy_db, make_demo
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from safetydesk.domain.drill_plans import OccurrenceStatus
from safetydesk.services import Workspace
from safetydesk.services.changes import Topic
from safetydesk.ui import ops
from safetydesk.ui.bus import AppBus
from safetydesk.ui.context import AppContext
from safetydesk.ui.dialogs.drill_record_dialog import DrillRecordDialog
from safetydesk.ui.views.drills_page import DrillsPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory.mktemp("drill-record-demo") / "demo.db")


@pytest.fixture
def demo(qapp: Any, pristine: Path, tmp_path: Path) -> Iterator[AppContext]:
    ws = Workspace.open(copy_db(pristine, tmp_path / "data" / "demo.db"), clock=lambda: TODAY)
    yield AppContext(workspace=ws, bus=AppBus())
    ops.wait_idle()
    ws.close()


def test_every_demo_drill_reads_back_unchanged(qtbot: Any, demo: AppContext) -> None:
    ws = demo.workspace
    drills = ws.drills.drills()
    assert len(drills) > 20
    kinds = {d.organiser_kind for d in drills}
    assert len(kinds) == 3  # township, village and unit drills all load
    with_findings = 0
    for drill in drills:
        assert drill.id
        dlg = DrillRecordDialog(demo, drill.id)
        qtbot.addWidget(dlg)
        assert dlg.value() == drill, drill.title
        findings = ws.drills.findings(drill.id)
        assert dlg.findings() == findings, drill.title
        with_findings += bool(findings)
        if drill.plan_version_id is not None:
            assert dlg.plan_version_combo.currentData() == drill.plan_version_id
            assert "本记录原选" not in dlg.plan_version_combo.currentText()
        assert not dlg.is_dirty() and not dlg.has_changes()
        dlg.deleteLater()
    assert with_findings


def test_the_drills_page_records_a_planned_drill_through_the_dialog(
    qtbot: Any, demo: AppContext
) -> None:
    ws = demo.workspace
    page = DrillsPage(demo)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None, timeout=20_000)
    overdue = next(o for o in ws.drills.plan(TODAY.year, TODAY)
                   if o.status is OccurrenceStatus.OVERDUE)  # fmt: skip
    seen: list[DrillRecordDialog] = []

    def fill_and_save() -> None:
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, DrillRecordDialog)
        seen.append(dlg)
        assert dlg.title_edit.text() == overdue.item.title
        dlg.held_on_edit.set_day(date(2026, 11, 20))
        dlg.commander_edit.setText("李明")
        dlg.participants_edit.setText("40")
        dlg.scenario_edit.setPlainText("汛期强降雨，转移低洼处群众。")
        dlg.save_button.click()

    before = len(ws.drills.drills())
    QTimer.singleShot(0, fill_and_save)
    with qtbot.waitSignal(demo.bus.changed) as sig:
        dlg = page.open_record(plan_item_id=overdue.item.id, planned_on=overdue.on)
    assert seen and dlg is seen[0] and dlg.saved_drill is not None
    assert sig.args[0].touches(Topic.DRILLS) and dlg.saved_drill.id in sig.args[0].ids
    assert len(ws.drills.drills()) == before + 1
    stored = ws.drills.get(dlg.saved_drill.id or 0)
    assert (stored.plan_item_id, stored.held_on) == (overdue.item.id, date(2026, 11, 20))
