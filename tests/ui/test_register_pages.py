"""Register pages driven like a user: dialogs, errors next to fields, archive/restore, import/export.

Chinese text is set with setText/setCurrentIndex (keyClicks with non-ASCII aborts the process).
Message boxes are answered by replacing the ``safetydesk.ui.messages`` helpers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QFileDialog
from stdnum.cn import uscc as stdnum_uscc

from safetydesk.domain.common import Person, PersonRole, Unit, UnitType, Village
from safetydesk.domain.queries import ArchiveFilter, ListQuery
from safetydesk.services.changes import Changes, Topic
from safetydesk.ui import messages, ops
from safetydesk.ui.context import AppContext
from safetydesk.ui.dialogs.import_dialog import (
    ImportDialog,
    default_export_path,
    run_export,
    start_plan,
)
from safetydesk.ui.dialogs.person_dialog import PersonDialog
from safetydesk.ui.dialogs.unit_dialog import UnitDialog
from safetydesk.ui.dialogs.village_dialog import VillageDialog
from safetydesk.ui.views.people_page import PeoplePage
from safetydesk.ui.views.units_page import UnitsPage
from safetydesk.ui.views.villages_page import VillagesPage

TIMEOUT = 10_000

#: The offscreen platform warns whenever a shown top-level window's size limits change.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def code(base17: str) -> str:
    """A valid 统一社会信用代码 from its first 17 characters."""
    return base17 + stdnum_uscc.calc_check_digit(base17)


USCC = code("91140522MA0K12345")


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
    monkeypatch.setattr(messages, "show_error", lambda _p, text, **_k: b.warnings.append(text))
    monkeypatch.setattr(messages, "show_info", lambda _p, text, **_k: b.infos.append(text))

    def confirm(_p: Any, text: str, **_k: Any) -> bool:
        b.confirms.append(text)
        return b.confirm_answer

    monkeypatch.setattr(messages, "confirm", confirm)
    yield b
    ops.shutdown()


def show(qtbot: Any, page: Any) -> Any:
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def select(combo: QComboBox, data: Any) -> None:
    i = combo.findData(data)
    assert i >= 0, f"{data!r} not in combo"
    combo.setCurrentIndex(i)


def cell(page: Any, row: int, key: str) -> str:
    return page.model.data(page.model.index(row, page.model.column_of_key(key)))


# -- units -----------------------------------------------------------------------------------------
def test_add_unit_through_the_dialog(qtbot: Any, ctx: AppContext, village: Village, boxes: Boxes):
    page = show(qtbot, UnitsPage(ctx))
    assert page.count_label.text() == "共 0 条"
    assert page.stack.currentWidget() is page.empty_label
    dlg = page.add_record()
    assert isinstance(dlg, UnitDialog)
    assert dlg.windowTitle() == "新增单位场所"
    dlg.name_edit.setText("润城示例超市")
    assert not dlg.subtype_combo.isEnabled()
    select(dlg.type_combo, UnitType.NINE_SMALL.value)
    assert dlg.subtype_combo.isEnabled()
    select(dlg.subtype_combo, "小商场")
    select(dlg.village_combo, village.id)
    dlg.address_edit.setText("润城村府前街 1 号")
    qtbot.keyClicks(dlg.uscc_edit, USCC.lower())
    dlg.contact_edit.setText("张三")
    qtbot.keyClicks(dlg.contact_phone_edit, "138 0000 1234")
    select(dlg.risk_combo, "B")
    with qtbot.waitSignal(ctx.bus.changed):
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert dlg.saved is not None
    [unit] = ctx.workspace.units.list()
    assert (unit.name, unit.type, unit.subtype, unit.village_id) == (
        "润城示例超市", UnitType.NINE_SMALL, "小商场", village.id,
    )  # fmt: skip
    assert unit.uscc == USCC and unit.contact_phone == "13800001234" and unit.risk == "B"
    assert unit.scale is None
    assert page.count_label.text() == "共 1 条"
    assert page.stack.currentWidget() is page.table
    assert page.current_id() == unit.id
    assert cell(page, 0, "name") == "润城示例超市"
    assert cell(page, 0, "type") == "九小·小商场"
    assert cell(page, 0, "village") == "润城村"
    assert cell(page, 0, "risk") == "B"
    assert boxes.warnings == []


def test_bad_uscc_is_shown_next_to_the_field(
    qtbot: Any, ctx: AppContext, village: Village, boxes: Boxes
) -> None:
    page = show(qtbot, UnitsPage(ctx))
    dlg = page.add_record()
    dlg.name_edit.setText("示例五金店")
    select(dlg.village_combo, village.id)
    qtbot.keyClicks(dlg.uscc_edit, "91140522MA0K1234")  # 16 characters
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    error = dlg.boxes["uscc"].error
    assert dlg.isVisible()
    assert error.isVisible() and "18 位" in error.text()
    assert not dlg.boxes["name"].error.isVisible()
    assert dlg.name_edit.text() == "示例五金店"  # nothing typed is lost
    assert ctx.workspace.units.count() == 0
    assert page.model.rowCount() == 0
    qtbot.keyClicks(dlg.uscc_edit, "x")
    assert not error.isVisible()  # editing the field clears its message
    dlg.uscc_edit.setText(USCC)
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert not dlg.isVisible()
    assert ctx.workspace.units.count() == 1


def test_missing_village_and_name_errors(qtbot: Any, ctx: AppContext, boxes: Boxes) -> None:
    page = show(qtbot, UnitsPage(ctx))
    dlg = page.add_record()
    assert "请先" in dlg.village_combo.itemText(0)  # no village registered yet
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert dlg.boxes["name"].error.text() == "请填写单位场所名称。"
    assert "所属村" in dlg.boxes["village_id"].error.text()
    dlg.reject()


def test_edit_keeps_selection_and_updates_row(
    qtbot: Any, ctx: AppContext, village: Village, boxes: Boxes
) -> None:
    ws = ctx.workspace
    for name in ("甲示例厂", "乙示例厂", "丙示例厂"):
        ws.units.save(Unit(name=name, village_id=village.id))
    page = show(qtbot, UnitsPage(ctx))
    target = ws.units.list(ListQuery())[1]
    assert page.select_id(target.id)
    dlg = page.edit_current()
    assert dlg.windowTitle() == "编辑单位场所"
    assert dlg.name_edit.text() == target.name
    dlg.address_edit.setText("新地址 8 号")
    select(dlg.scale_combo, "规上")
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert ws.units.get(target.id).address == "新地址 8 号"
    assert page.current_id() == target.id
    assert cell(page, page.current_row(), "address") == "新地址 8 号"
    assert cell(page, page.current_row(), "scale") == "规上"


def test_enter_and_double_click_edit(qtbot: Any, ctx: AppContext, unit: Unit, boxes: Boxes) -> None:
    page = show(qtbot, UnitsPage(ctx))
    page.select_row(0)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    [dlg] = page.findChildren(UnitDialog)
    assert dlg.isVisible() and dlg.name_edit.text() == unit.name
    dlg.reject()


def test_archive_and_restore(qtbot: Any, ctx: AppContext, unit: Unit, boxes: Boxes) -> None:
    ws = ctx.workspace
    page = show(qtbot, UnitsPage(ctx))
    page.select_id(unit.id)
    assert page.archive_button.text() == "归档"
    boxes.confirm_answer = False
    qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)
    assert "可以" in boxes.confirms[0] and "恢复" in boxes.confirms[0]
    assert not ws.units.get(unit.id).archived
    boxes.confirm_answer = True
    qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)
    assert ws.units.get(unit.id).archived
    assert page.model.rowCount() == 0
    assert page.empty_label.text().startswith("还没有登记")
    select(page.archive_combo, ArchiveFilter.ARCHIVED.value)
    assert page.model.rowCount() == 1
    page.select_row(0)
    assert page.archive_button.text() == "恢复"
    qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)
    assert not ws.units.get(unit.id).archived
    assert page.model.rowCount() == 0
    assert page.empty_label.text() == "没有已归档的单位场所。"
    select(page.archive_combo, ArchiveFilter.ALL.value)
    assert page.model.rowCount() == 1
    assert boxes.warnings == []


def test_village_archive_refused_while_units_exist(
    qtbot: Any, ctx: AppContext, unit: Unit, village: Village, boxes: Boxes
) -> None:
    page = show(qtbot, VillagesPage(ctx))
    page.select_id(village.id)
    qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)
    assert len(boxes.warnings) == 1
    assert "还有 1 个在册单位场所" in boxes.warnings[0]
    assert not ctx.workspace.villages.get(village.id).archived
    assert page.current_id() == village.id


def test_search_is_debounced_and_runs_in_sql(
    qtbot: Any, ctx: AppContext, village: Village, boxes: Boxes
) -> None:
    ws = ctx.workspace
    for name in ("东关示例超市", "西街示例饭店", "南街示例超市"):
        ws.units.save(Unit(name=name, village_id=village.id))
    page = show(qtbot, UnitsPage(ctx))
    page.search_edit.setText("超市")
    assert page.model.query.text == ""  # not yet: waits for the user to stop typing
    qtbot.waitUntil(lambda: page.model.query.text == "超市", timeout=2000)
    assert page.model.rowCount() == 2
    assert page.count_label.text() == "共 2 条"
    page.search_edit.setText("没有")
    page.filters_changed()
    assert page.model.rowCount() == 0
    assert "没有符合筛选条件" in page.empty_label.text()
    page.clear_filters()
    assert page.model.rowCount() == 3 and page.search_edit.text() == ""


def test_filters_prefill_new_records(qtbot: Any, ctx: AppContext, boxes: Boxes) -> None:
    ws = ctx.workspace
    a = ws.villages.save(Village(name="甲村")).record
    b = ws.villages.save(Village(name="乙村")).record
    ws.units.save(Unit(name="甲村示例厂", village_id=a.id, type=UnitType.INDUSTRY, risk="A"))
    ws.units.save(Unit(name="乙村示例店", village_id=b.id))
    page = show(qtbot, UnitsPage(ctx))
    select(page.village_filter, b.id)
    assert page.model.rowCount() == 1 and cell(page, 0, "name") == "乙村示例店"
    select(page.type_filter, UnitType.INDUSTRY.value)
    assert page.model.rowCount() == 0
    dlg = page.add_record()
    assert dlg.village_combo.currentData() == b.id
    assert dlg.type_combo.currentData() == UnitType.INDUSTRY.value
    dlg.reject()
    page.clear_filters()
    select(page.risk_filter, "A")
    assert page.model.rowCount() == 1
    row_bg = page.model.data(page.model.index(0, 0), Qt.ItemDataRole.BackgroundRole)
    assert row_bg is not None  # A rows are tinted


def test_bus_refresh_names_and_hidden_pages(
    qtbot: Any, ctx: AppContext, unit: Unit, village: Village, boxes: Boxes
) -> None:
    units = show(qtbot, UnitsPage(ctx))
    assert cell(units, 0, "village") == "润城村"
    villages = show(qtbot, VillagesPage(ctx))
    villages.select_id(village.id)
    dlg = villages.edit_current()
    assert isinstance(dlg, VillageDialog)
    dlg.name_edit.setText("润城社区")
    select(dlg.kind_combo, "社区")
    dlg.region_code_edit.setText("140522102001")
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert cell(units, 0, "village") == "润城社区"  # names refreshed on Topic.VILLAGES
    assert units.village_filter.findText("润城社区") >= 0
    units.hide()
    saved = ctx.workspace.units.save(Unit(name="后加示例店", village_id=village.id))
    ctx.bus.changed.emit(saved.changes)
    assert units.model.rowCount() == 1  # hidden: refreshed only when shown again
    units.show()
    assert units.model.rowCount() == 2
    ctx.workspace.settings.update(risk_scheme="红橙黄蓝")
    ctx.bus.changed.emit(Changes.of(Topic.SETTINGS))
    row = units.model.row_of_id(unit.id)
    assert cell(units, row, "risk") == "未评定"
    assert units.risk_filter.itemText(1) == "红色"


def test_new_record_outside_filter_gives_a_note(
    qtbot: Any, ctx: AppContext, village: Village, boxes: Boxes
) -> None:
    page = show(qtbot, UnitsPage(ctx))
    page.search_edit.setText("超市")
    page.filters_changed()
    dlg = page.add_record()
    dlg.name_edit.setText("示例饭店")
    select(dlg.village_combo, village.id)
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert ctx.workspace.units.count() == 1
    assert page.note_label.isVisible() and "清除筛选" in page.note_label.text()


# -- villages and people ---------------------------------------------------------------------------
def test_add_village_unknown_numbers_stay_empty(qtbot: Any, ctx: AppContext, boxes: Boxes) -> None:
    page = show(qtbot, VillagesPage(ctx))
    dlg = page.add_record()
    dlg.name_edit.setText("刘善村")
    qtbot.keyClicks(dlg.households_edit, "41a4")  # letters are refused by the validator
    assert dlg.households_edit.text() == "414"
    dlg.region_code_edit.setText("140522102001")  # a 社区 code for a 村
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert "社区的代码" in dlg.boxes["region_code"].error.text()
    dlg.region_code_edit.setText("140522102201")
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    [v] = ctx.workspace.villages.list()
    assert v.households == 414
    assert v.population is None and v.group_count is None  # no silent 0
    assert cell(page, 0, "population") == ""


def test_people_page(qtbot: Any, ctx: AppContext, village: Village, boxes: Boxes) -> None:
    page = show(qtbot, PeoplePage(ctx))
    assert not page.import_button.isVisible()
    dlg = page.add_record()
    assert isinstance(dlg, PersonDialog)
    dlg.name_edit.setText("王芳")
    select(dlg.role_combo, PersonRole.GRID_WORKER.value)
    select(dlg.village_combo, village.id)
    qtbot.keyClicks(dlg.mobile_edit, "1380000123")
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert "11 位" in dlg.boxes["mobile"].error.text()
    qtbot.keyClicks(dlg.mobile_edit, "4")
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    [p] = ctx.workspace.people.list()
    assert (p.role, p.village_id, p.mobile) == (PersonRole.GRID_WORKER, village.id, "13800001234")
    assert cell(page, 0, "village") == "润城村"
    ctx.workspace.people.save(Person(name="李明", role=PersonRole.INSPECTOR, cert_no="14052210001"))
    ctx.bus.changed.emit(Changes.of(Topic.PEOPLE))
    assert page.model.rowCount() == 2
    select(page.role_filter, PersonRole.INSPECTOR.value)
    assert page.model.rowCount() == 1 and cell(page, 0, "cert_no") == "14052210001"


def test_sorting_by_header_and_unsortable_columns(
    qtbot: Any, ctx: AppContext, village: Village, boxes: Boxes
) -> None:
    for name, risk in (("甲示例", "C"), ("乙示例", "A"), ("丙示例", "")):
        ctx.workspace.units.save(Unit(name=name, village_id=village.id, risk=risk))
    page = show(qtbot, UnitsPage(ctx))
    hh = page.table.horizontalHeader()
    risk_col = page.model.column_of_key("risk")
    hh.setSortIndicator(risk_col, Qt.SortOrder.AscendingOrder)
    assert page.model.query.order_by == "risk"
    assert [cell(page, r, "risk") for r in range(3)] == ["A", "C", "未评定"]
    addr_col = page.model.column_of_key("address")
    hh.setSortIndicator(addr_col, Qt.SortOrder.AscendingOrder)
    assert page.model.query.order_by == "risk"
    assert hh.sortIndicatorSection() == risk_col  # indicator put back


# -- import and export -----------------------------------------------------------------------------
def _villages_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    wb = Workbook()
    sh = wb.active
    sh.append(["序号", "村(社区)名称", "类型", "户数", "备用列"])
    for r in rows:
        sh.append(r)
    wb.save(path)
    return path


def test_import_villages_preview_and_commit(
    qtbot: Any, ctx: AppContext, tmp_path: Path, boxes: Boxes
) -> None:
    page = show(qtbot, VillagesPage(ctx))
    path = _villages_xlsx(tmp_path / "村名录.xlsx", [[1, "刘善村", "村", 414, ""],
                                                      [2, "柏沟村", "村", 209, ""]])  # fmt: skip
    op = start_plan(ctx, "villages", path, page)
    with qtbot.waitSignal(op.finished, timeout=TIMEOUT):
        pass
    [dlg] = page.findChildren(ImportDialog)
    assert dlg.commit_button.isEnabled() and dlg.commit_button.text() == "导入 2 条"
    assert "「备用列」" in dlg.ignored_label.text()
    assert "村(社区)名称 ← 「村(社区)名称」" in dlg.mapping_label.text()
    assert dlg.preview_table.rowCount() == 2
    assert ctx.workspace.villages.count() == 0  # planning writes nothing
    with qtbot.waitSignal(ctx.bus.changed, timeout=TIMEOUT):
        commit = dlg.commit()
    assert commit is not None and commit.error is None
    assert sorted(v.name for v in ctx.workspace.villages.list()) == ["刘善村", "柏沟村"]
    assert page.model.rowCount() == 2
    assert boxes.infos == ["已导入 2 条村(社区)。"]


def test_import_with_problems_writes_nothing(
    qtbot: Any, ctx: AppContext, tmp_path: Path, boxes: Boxes
) -> None:
    page = show(qtbot, VillagesPage(ctx))
    path = _villages_xlsx(tmp_path / "bad.xlsx", [[1, "刘善村", "村", -3, ""],
                                                  [2, "刘善村", "村", 5, ""]])  # fmt: skip
    op = start_plan(ctx, "villages", path, page)
    with qtbot.waitSignal(op.finished, timeout=TIMEOUT):
        pass
    [dlg] = page.findChildren(ImportDialog)
    assert not dlg.commit_button.isEnabled()
    assert "未写入任何数据" in dlg.status_label.text()
    n = len(op.result.problems)
    assert n >= 1 and dlg.problems_table.rowCount() == n
    assert dlg.tabs.tabText(0) == f"问题清单（{n}）"
    dlg.copy_problems()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("行号\t列\t问题及修改方法\n")
    assert len(copied.splitlines()) == n + 1
    assert dlg.commit() is None
    assert ctx.workspace.villages.count() == 0


def test_import_dialog_with_a_refused_commit(
    qtbot: Any, ctx: AppContext, tmp_path: Path, boxes: Boxes
) -> None:
    path = _villages_xlsx(tmp_path / "v.xlsx", [[1, "刘善村", "村", 414, ""]])
    plan = ctx.workspace.imports.plan("villages", path)
    ctx.workspace.villages.save(Village(name="刘善村"))  # someone adds it meanwhile
    dlg = ImportDialog(ctx, plan)
    qtbot.addWidget(dlg)
    op = dlg.commit()
    with qtbot.waitSignal(op.finished, timeout=TIMEOUT):
        pass
    assert not dlg.commit_button.isEnabled()
    assert "未写入任何数据" in dlg.status_label.text()
    assert dlg.problems_table.rowCount() >= 1
    assert ctx.workspace.villages.count() == 1


def test_export_current_list(
    qtbot: Any,
    ctx: AppContext,
    village: Village,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    boxes: Boxes,
) -> None:
    ws = ctx.workspace
    ws.units.save(Unit(name="东关示例超市", village_id=village.id))
    ws.units.save(Unit(name="西街示例饭店", village_id=village.id))
    default = default_export_path(ctx, "units")
    assert default.parent.name == "exports" and default.name.startswith("润城镇_")
    assert default.name.endswith("20261123.xlsx")
    target = tmp_path / "out" / "单位"
    target.parent.mkdir()
    asked: list[str] = []

    def fake_save(_parent: Any, _title: str, start: str, _filter: str) -> tuple[str, str]:
        asked.append(start)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_save))
    boxes.confirm_answer = False
    page = show(qtbot, UnitsPage(ctx))
    page.search_edit.setText("超市")
    page.filters_changed()
    op = run_export(ctx, "units", page.model.query, page)
    with qtbot.waitSignal(op.finished, timeout=TIMEOUT):
        pass
    assert op.error is None
    written = target.with_name("单位.xlsx")
    assert op.result == written and written.is_file()
    assert asked == [str(default)]
    values = [c for row in load_workbook(written).active.iter_rows(values_only=True) for c in row]
    assert "东关示例超市" in values and "西街示例饭店" not in values
    assert boxes.confirms and str(written) in boxes.confirms[0]
