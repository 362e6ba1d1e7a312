"""检查覆盖 view, 检查频次规则 dialog and 双随机 dialog on a real workspace, driven like a user.

Dialogs are opened the way the view opens them (non-blocking) and driven through their widgets
and their public accept path; nothing runs a modal ``exec``.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from safetydesk.domain.common import Unit, UnitType, Village
from safetydesk.domain.coverage import CoveragePeriod
from safetydesk.domain.inspections import Inspection
from safetydesk.services.changes import Changes, Topic
from safetydesk.services.inspections import inspector
from safetydesk.ui.context import AppContext
from safetydesk.ui.dialogs.coverage_rules_dialog import (
    COL_PERIOD,
    COL_RISK,
    COL_TYPE,
    CoverageRulesDialog,
    row_widgets,
)
from safetydesk.ui.dialogs.draw_dialog import DrawDialog
from safetydesk.ui.views.coverage_view import CoverageView

#: The offscreen platform warns whenever a shown top-level window's size limits change.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def inspect(ctx: AppContext, unit: Unit, on: str, *methods: str) -> Changes:
    return ctx.workspace.inspections.record(Inspection(
        unit_id=unit.id, started_at=datetime.fromisoformat(f"{on}T09:00"), methods=methods or ("常规",),
        inspectors=(inspector("王建国"), inspector("李明")), recorder="李明", narrative="检查了消防设施。",
    )).changes  # fmt: skip


@pytest.fixture
def units(ctx: AppContext, village: Village) -> dict[str, Unit]:
    """Risk-A factory (quarterly), risk-B shop (half-yearly), a restaurant (yearly); one more
    restaurant in a second village that nobody inspected."""
    ws = ctx.workspace
    other = ws.villages.save(Village(name="刘善村", region_code="140522102201")).record
    made = {
        "甲": ws.units.save(Unit(name="甲化工（虚构）", type=UnitType.INDUSTRY, village_id=village.id, risk="A")).record,
        "乙": ws.units.save(Unit(name="乙商店（虚构）", type=UnitType.NINE_SMALL, subtype="小商场", village_id=village.id, risk="B")).record,
        "丙": ws.units.save(Unit(name="丙饭店（虚构）", type=UnitType.NINE_SMALL, subtype="小饭店", village_id=village.id)).record,
        "丁": ws.units.save(Unit(name="丁饭店（虚构）", type=UnitType.NINE_SMALL, subtype="小饭店", village_id=other.id)).record,
    }
    inspect(ctx, made["甲"], "2026-10-08", "四不两直")
    inspect(ctx, made["乙"], "2026-03-02", "双随机", "常规")
    inspect(ctx, made["丙"], "2026-05-06")
    return made


@pytest.fixture
def view(qtbot, ctx: AppContext, units) -> CoverageView:  # noqa: ANN001
    v = CoverageView(ctx)
    qtbot.addWidget(v)
    v.resize(1200, 720)
    v.show()
    return v


def unit_names(v: CoverageView) -> list[str]:
    return [u.unit_name for u in v.unit_model.rows]


def village_rows(v: CoverageView) -> list[tuple[str, ...]]:
    t = v.village_table
    return [tuple(t.item(r, c).text() for c in range(t.columnCount())) for r in range(t.rowCount())]


def test_nothing_is_computed_before_the_view_is_shown(qtbot, ctx: AppContext, units) -> None:  # noqa: ANN001
    v = CoverageView(ctx)
    qtbot.addWidget(v)
    assert v.report is None
    ctx.bus.changed.emit(Changes.of(Topic.INSPECTIONS))
    assert v.report is None
    v.show()
    assert v.report is not None and len(v.report.units) == 4


def test_summary_units_not_covered_and_villages(view: CoverageView) -> None:
    assert view.summary_label.text() == (
        "应检单位 4 · 本期已检 2 · 未检 2 · 覆盖率 50.0% · 本年检查 3 次 · 四不两直 占 33.3% · 双随机 占 33.3%"
    )
    assert view.as_of_label.text() == "统计截至 2026-11-23（本期）"
    # Grouped by village in register order, then by risk.
    assert unit_names(view) == ["乙商店（虚构）", "丁饭店（虚构）"]
    model = view.unit_model
    assert [model.cell_text(model.rows[0], c) for c in range(model.columnCount())] == [
        "润城村", "乙商店（虚构）", "九小场所", "B", "每半年1次", "1 / 2", "2026-03-02",
    ]  # fmt: skip
    assert model.cell_text(model.rows[1], 6) == "本年未检"
    assert view.units_title.text() == "本期未检单位（2 个）"
    assert village_rows(view) == [
        ("润城村", "2", "3", "66.7%", "1"),
        ("刘善村", "0", "1", "0.0%", "1"),
        ("合计", "2", "4", "50.0%", "2"),
    ]


def test_show_all_and_narrow_to_a_village(view: CoverageView) -> None:
    view.all_check.setChecked(True)
    assert unit_names(view) == ["甲化工（虚构）", "乙商店（虚构）", "丙饭店（虚构）", "丁饭店（虚构）"]
    assert view.unit_model.columnCount() == 8
    assert [view.unit_model.cell_text(u, 7) for u in view.unit_model.rows] == ["已检", "未检", "已检", "未检"]
    assert view.select_village("刘善村")
    assert unit_names(view) == ["丁饭店（虚构）"]
    assert view.units_title.text() == "全部应检单位（刘善村 · 1 个）"
    view.all_check.setChecked(False)
    assert unit_names(view) == ["丁饭店（虚构）"]
    assert view.select_village(None)
    assert unit_names(view) == ["乙商店（虚构）", "丁饭店（虚构）"]


def test_sorting_by_last_inspection(view: CoverageView) -> None:
    view.all_check.setChecked(True)
    view.unit_table.sortByColumn(6, Qt.SortOrder.DescendingOrder)
    assert unit_names(view)[:3] == ["甲化工（虚构）", "丙饭店（虚构）", "乙商店（虚构）"]


def test_refreshes_after_an_inspection_and_shows_the_empty_state(view: CoverageView, ctx: AppContext, units) -> None:  # noqa: ANN001
    ctx.bus.changed.emit(inspect(ctx, units["乙"], "2026-11-02"))
    assert unit_names(view) == ["丁饭店（虚构）"]
    ctx.bus.changed.emit(inspect(ctx, units["丁"], "2026-11-03", "双随机"))
    assert unit_names(view) == []
    assert view.units_stack.currentWidget() is view.units_empty
    assert "都已检查" in view.units_empty.text()
    assert "覆盖率 100.0%" in view.summary_label.text() and "双随机 占 40.0%" in view.summary_label.text()
    # A unit double-click asks the page to record an inspection of it.
    view.all_check.setChecked(True)
    got: list[int] = []
    view.unit_activated.connect(got.append)
    view.unit_table.doubleClicked.emit(view.unit_model.index(0, 1))
    assert got == [units["甲"].id]


def test_a_past_year_is_counted_to_31_december(view: CoverageView) -> None:
    view.year_spin.setValue(2025)
    assert view.as_of_label.text() == "统计截至 2025-12-31（全年）"
    assert "本年检查 0 次" in view.summary_label.text() and "四不两直 占 —" in view.summary_label.text()
    assert len(view.unit_model.rows) == 4
    assert view.year_spin.maximum() == 2026


def test_rules_dialog_saves_and_the_view_follows(view: CoverageView, ctx: AppContext) -> None:
    dlg = view.open_rules_dialog()
    assert isinstance(dlg, CoverageRulesDialog) and dlg.isVisible()
    assert [(r.unit_type, r.risk, r.period) for r in dlg.rules()] == [
        ("*", "A", CoveragePeriod.QUARTER), ("*", "B", CoveragePeriod.HALF_YEAR), ("*", "*", CoveragePeriod.YEAR),
    ]  # fmt: skip
    row = dlg.add_rule()
    type_combo, risk_combo, period_combo, times, note = row_widgets(dlg, row)
    type_combo.setCurrentIndex(type_combo.findData("九小场所"))
    period_combo.setCurrentIndex(period_combo.findData("每半年"))
    note.setText("九小场所每半年检查一次")
    dlg.accept()
    assert dlg.result() == dlg.DialogCode.Accepted
    rules = ctx.workspace.coverage.rules()
    nine = next(r for r in rules if r.unit_type == "九小场所")
    assert nine.period is CoveragePeriod.HALF_YEAR and nine.note == "九小场所每半年检查一次"
    # 丙 (九小场所, no risk) now owes an inspection in the second half-year.
    assert "丙饭店（虚构）" in unit_names(view)


def test_rules_dialog_shows_refusals_and_stays_open(qtbot, ctx: AppContext) -> None:  # noqa: ANN001
    dlg = CoverageRulesDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.show()
    before = ctx.workspace.coverage.rules()
    row = dlg.add_rule()
    type_combo, risk_combo, *_ = row_widgets(dlg, row)
    type_combo.setCurrentIndex(type_combo.findData("*"))
    risk_combo.setCurrentIndex(risk_combo.findData("A"))
    dlg.accept()
    assert dlg.isVisible() and dlg.error_label.isVisible()
    assert "第4行与第1行的单位类型和风险等级相同（全部类型、A 级（重大风险））" in dlg.error_label.text()
    dlg.remove_selected()  # the duplicate row was selected
    dlg.table.selectRow(2)
    dlg.remove_selected()  # the catch-all rule
    dlg.accept()
    assert dlg.isVisible() and "类型和风险都为“全部”" in dlg.error_label.text()
    assert ctx.workspace.coverage.rules() == before
    dlg.defaults_button.click()
    assert dlg.table.rowCount() == 3 and not dlg.error_label.isVisible()
    assert (dlg.table.cellWidget(0, COL_TYPE).currentData(), dlg.table.cellWidget(0, COL_RISK).currentData(),
            dlg.table.cellWidget(0, COL_PERIOD).currentData()) == ("*", "A", "每季度")  # fmt: skip


def test_draw_dialog_draws_records_and_verifies(view: CoverageView, ctx: AppContext, units) -> None:  # noqa: ANN001
    dlg = view.open_draw_dialog()
    assert isinstance(dlg, DrawDialog) and dlg.year == 2026
    assert dlg.population_label.text() == "符合条件的单位：4 个"
    dlg.type_combo.setCurrentIndex(dlg.type_combo.findData("九小场所"))
    assert dlg.population == 3 and dlg.n_spin.maximum() == 3
    dlg.n_spin.setValue(2)
    dlg.seed_edit.setText("42")
    dlg.by_edit.setText("王建国")
    dlg.note_edit.setText("第四季度专项检查")
    drawn: list[object] = []
    dlg.drawn.connect(drawn.append)
    d = dlg.do_draw()
    assert d is not None and drawn == [d] and d.seed == 42 and d.filter_text == "类型：九小场所"
    assert ctx.workspace.coverage.draws.get(d.id).chosen == d.chosen
    names = {u.id: u.name for u in units.values()}
    t = dlg.chosen_table
    assert [t.item(r, 1).text() for r in range(t.rowCount())] == [names[i] for i in d.chosen]
    assert [t.item(r, 0).text() for r in range(t.rowCount())] == ["1", "2"]
    assert "从 3 个单位中随机抽取 2 个，随机种子 42" in dlg.result_label.text()
    assert "抽取范围：类型：九小场所；经办人：王建国；备注：第四季度专项检查" in dlg.result_label.text()
    assert dlg.past_table.rowCount() == 1 and dlg.past_table.item(0, 3).text() == "42"
    assert dlg.verify_selected() is True and dlg.verify_label.text().startswith("复核一致")
    dlg.copy_button.click()
    assert QGuiApplication.clipboard().text().splitlines()[3].split("\t")[1] == names[d.chosen[0]]
    # Same range and seed: same units. Blank seed: a fresh one is recorded and shown.
    again = dlg.do_draw()
    assert again.chosen == d.chosen and dlg.past_table.rowCount() == 2
    dlg.seed_edit.setText("")
    fresh = dlg.do_draw()
    assert f"随机种子 {fresh.seed}" in dlg.result_label.text()
    assert ctx.workspace.coverage.draws.get(fresh.id).seed == fresh.seed
    # Selecting an older draw shows its units.
    dlg.past_table.selectRow(2)
    assert dlg.draw.id == d.id and "随机种子 42" in dlg.result_label.text()


def test_draw_dialog_with_an_empty_range(qtbot, ctx: AppContext, units) -> None:  # noqa: ANN001
    dlg = DrawDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.risk_combo.setCurrentIndex(dlg.risk_combo.findData("D"))
    assert dlg.population == 0 and not dlg.draw_button.isEnabled()
    assert "请放宽条件" in dlg.population_label.text()
    assert dlg.do_draw() is None and dlg.error_label.isVisible()
    assert "没有可抽取的单位场所" in dlg.error_label.text()
    assert not dlg.verify_button.isEnabled() and not dlg.copy_button.isEnabled()
