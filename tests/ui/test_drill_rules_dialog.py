"""演练要求 dialog on a real database: it shows the stored rules, saves an edited and a new rule,
refuses a zero period or count with the domain's message (nothing written, the dialog stays
open), keeps stored rules (switched off, never deleted), and announces Topic.DRILLS."""

from __future__ import annotations

from typing import Any

import pytest

from safetydesk.domain.common import UnitType
from safetydesk.domain.drill_rules import Period
from safetydesk.domain.drills import DrillCategory, SubjectKind
from safetydesk.services.changes import Changes, Topic
from safetydesk.ui.context import AppContext
from safetydesk.ui.dialogs.drill_rules_dialog import HEADERS, DrillRulesDialog


@pytest.fixture
def dialog(qtbot, ctx: AppContext) -> DrillRulesDialog:
    dlg = DrillRulesDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def _row_of_villages(dlg: DrillRulesDialog) -> int:
    return next(r for r, rule in enumerate(dlg.rows)
                if rule is not None and rule.subject_kind is SubjectKind.VILLAGE)  # fmt: skip


def _changes(ctx: AppContext) -> list[Changes]:
    seen: list[Changes] = []
    ctx.bus.changed.connect(seen.append)
    return seen


def test_shows_the_stored_rules(dialog: DrillRulesDialog, ctx: AppContext) -> None:
    rules = ctx.workspace.drills.rules()
    assert dialog.table.rowCount() == len(rules) == len(dialog.rows)
    assert [dialog.table.horizontalHeaderItem(c).text() for c in range(len(HEADERS))] == list(HEADERS)
    assert [dialog.rule_of(r) for r in range(len(rules))] == rules
    w = dialog.widgets(_row_of_villages(dialog))
    assert w.kind.currentText() == "村(社区)" and not w.unit_type.isEnabled()
    assert w.period.currentText() == "年" and w.count.value() == 1


def test_edits_a_rule(dialog: DrillRulesDialog, ctx: AppContext) -> None:
    seen = _changes(ctx)
    r = _row_of_villages(dialog)
    rule_id = dialog.rows[r].id
    w = dialog.widgets(r)
    w.count.setValue(2)
    w.period.setCurrentText("半年")
    w.category.setCurrentIndex(w.category.findData(DrillCategory.FLOOD.value))
    w.live.setChecked(True)
    dialog.accept()
    assert dialog.result() == DrillRulesDialog.DialogCode.Accepted
    stored = next(x for x in ctx.workspace.drills.rules() if x.id == rule_id)
    assert (stored.min_count, stored.period, stored.category, stored.live_required) == (
        2, Period.HALF_YEAR, DrillCategory.FLOOD, True,
    )  # fmt: skip
    assert seen and seen[-1].touches(Topic.DRILLS)


@pytest.mark.parametrize(
    ("period", "count", "message"),
    [
        ("0", 1, "周期“0”无效，可选：年、半年、3年。"),
        ("", 1, "周期“”无效，可选：年、半年、3年。"),
        ("年", 0, "最少次数须至少为 1。"),
    ],
)
def test_refuses_a_zero_period_or_count(
    dialog: DrillRulesDialog, ctx: AppContext, period: str, count: int, message: str
) -> None:
    seen = _changes(ctx)
    before = ctx.workspace.drills.rules()
    r = _row_of_villages(dialog)
    # An earlier row edited and valid: nothing of it may be written either.
    dialog.widgets(0).basis.setText("改过的依据")
    w = dialog.widgets(r)
    w.period.setCurrentText(period)
    w.count.setValue(count)
    dialog.accept()
    assert dialog.isVisible() and dialog.result() != DrillRulesDialog.DialogCode.Accepted
    assert dialog.error_label.text() == f"第{r + 1}行：{message}"
    assert not dialog.error_label.isHidden()
    assert ctx.workspace.drills.rules() == before
    assert seen == []
    w.period.setCurrentText("半年" if period != "半年" else "年")  # an edit hides the message
    assert dialog.error_label.isHidden()


def test_adds_a_unit_rule_and_keeps_stored_rules(
    dialog: DrillRulesDialog, ctx: AppContext
) -> None:
    n = dialog.table.rowCount()
    dialog.table.selectRow(0)
    assert not dialog.remove_button.isEnabled()
    dialog.remove_selected()
    assert dialog.table.rowCount() == n and "不能删除" in dialog.error_label.text()
    r = dialog.add_rule()
    assert dialog.remove_button.isEnabled()
    w = dialog.widgets(r)
    w.kind.setCurrentIndex(w.kind.findData(SubjectKind.UNIT.value))
    assert w.unit_type.isEnabled() and w.unit_type.currentData() != ""
    w.unit_type.setCurrentIndex(w.unit_type.findData(UnitType.GAS.value))
    w.period.setCurrentText("3年")
    w.basis.setText("燃气用户三年一次泄漏处置演练")
    dialog.widgets(_row_of_villages(dialog)).active.setChecked(False)
    dialog.accept()
    assert dialog.result() == DrillRulesDialog.DialogCode.Accepted
    rules = ctx.workspace.drills.rules()
    assert len(rules) == n + 1
    new = rules[-1]
    assert (new.subject_kind, new.unit_type, new.period, new.basis) == (
        SubjectKind.UNIT, UnitType.GAS, Period.THREE_YEARS, "燃气用户三年一次泄漏处置演练",
    )  # fmt: skip
    assert not next(x for x in rules if x.subject_kind is SubjectKind.VILLAGE).active


def test_a_new_row_can_be_removed(dialog: DrillRulesDialog) -> None:
    n = dialog.table.rowCount()
    dialog.add_rule()
    dialog.remove_selected()
    assert dialog.table.rowCount() == n and len(dialog.rows) == n


def test_opened_from_the_obligations_tab(qtbot, ctx: AppContext, village: Any) -> None:
    from safetydesk.ui.views.drills_page import DrillsPage

    page = DrillsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None, timeout=20_000)
    page.compliance_view.rules_button.click()
    dialogs = page.findChildren(DrillRulesDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    dlg = dialogs[0]
    dlg.widgets(_row_of_villages(dlg)).count.setValue(3)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        dlg.accept()
    villages = [o for o in page.compliance_view.obligations if o.subject.kind is SubjectKind.VILLAGE]
    assert [(o.subject.name, o.required) for o in villages] == [(village.name, 3)]
