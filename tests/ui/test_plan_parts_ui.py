"""A village's 一制四案 parts in the GUI, on a real demo database: the lists with their
highlights (households lacking a helper, 风险点 without 监测人, expired 物资), and the add/edit
dialogs (refusals shown at the field with nothing lost; saved records listed)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from damage import TODAY, copy_db, make_demo
from PySide6.QtCore import Qt

from safetydesk.domain.baobao import BaobaoAssignment, BaobaoLevel, Household
from safetydesk.domain.common import Person, PersonRole
from safetydesk.domain.plan_parts import (
    Contact,
    ContactCategory,
    RiskKind,
    RiskPoint,
    Route,
    Supply,
)
from safetydesk.domain.plans import Shelter
from safetydesk.services import Workspace
from safetydesk.services.plans import MatrixFilter
from safetydesk.ui.bus import AppBus
from safetydesk.ui.context import AppContext
from safetydesk.ui.dialogs.part_dialogs import BaobaoDialog, HouseholdDialog, ShelterDialog
from safetydesk.ui.dialogs.part_forms import PartForm
from safetydesk.ui.models.part_tables import ALERT_BACKGROUND, WARN_BACKGROUND
from safetydesk.ui.models.plan_matrix import COL_SHELTERS
from safetydesk.ui.views.plans_page import PlansPage
from safetydesk.ui.views.village_parts import VillagePartsDialog

BG = Qt.ItemDataRole.BackgroundRole
TIP = Qt.ItemDataRole.ToolTipRole


#: The parts tables, children first: these tests start from a demo whose villages have none.
_PART_TABLES = ("callout_calls", "callout_villages", "callouts", "baobao_assignments",
                "households", "routes", "risk_points", "plan_contacts", "work_group_members",
                "teams", "supplies", "emergency_cards")  # fmt: skip


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with its 一制四案 parts removed (plans, versions and shelters kept)."""
    import sqlite3

    path = make_demo(tmp_path_factory.mktemp("parts-demo") / "demo.db")
    with sqlite3.connect(path) as conn:
        for table in _PART_TABLES:
            conn.execute(f"DELETE FROM {table}")
    conn.close()
    return path


@pytest.fixture
def demo(qapp, pristine: Path, tmp_path: Path) -> AppContext:
    ws = Workspace.open(copy_db(pristine, tmp_path / "demo.db"), clock=lambda: TODAY)
    yield AppContext(workspace=ws, bus=AppBus())
    ws.close()


def _village(ws: Workspace) -> int:
    return ws.villages.id_by_name("润城村")


def test_household_without_helper_is_highlighted(qtbot, demo: AppContext) -> None:
    ws = demo.workspace
    vid = _village(ws)
    risk = ws.plan_parts.add(
        RiskPoint(None, vid, "后沟山洪危险区", RiskKind.FLASH_FLOOD, "三组后沟")
    )
    helper = ws.people.save(Person(name="赵建军", role=PersonRole.VILLAGE_CADRE, village_id=vid,
                                   mobile="13903560001")).record  # fmt: skip
    shelter = ws.plans.shelters(vid)[0]
    route = ws.plan_parts.add(Route(None, vid, "后沟—村委会", "三组后沟", shelter.id))
    ws.plan_parts.add(Household(None, vid, "李秋生", "三组", "后沟 12 号", 3, risk_point_id=risk.id,
                                helper_id=helper.id, shelter_id=shelter.id, route_id=route.id))  # fmt: skip
    ws.plan_parts.add(Household(None, vid, "王桂兰", "三组", "后沟 15 号", 1, risk_point_id=risk.id,
                                shelter_id=shelter.id, route_id=route.id))  # fmt: skip
    dlg = VillagePartsDialog(demo, vid)
    qtbot.addWidget(dlg)
    tab = dlg.parts["危险区住户"]
    heads = [tab.model.record(r).head for r in range(tab.model.rowCount())]
    lacking = heads.index("王桂兰")
    assert tab.model.marked_rows() == [lacking]
    assert tab.model.index(lacking, 0).data(BG) == ALERT_BACKGROUND
    assert "无包户责任人" in tab.model.index(lacking, 0).data(TIP)
    assert tab.model.index(heads.index("李秋生"), 0).data(BG) is None
    assert "1 户（标红）" in tab.note.text()
    assert dlg.tabs.tabText(dlg.tabs.indexOf(tab.widget)) == "危险区住户 2"
    assert dlg.parts["风险点"].model.marked_rows() == [0]  # a 山洪危险区 without 监测人


def test_household_dialog_shows_refusals_at_the_field_and_keeps_input(
    qtbot, demo: AppContext
) -> None:
    ws = demo.workspace
    vid = _village(ws)
    parts = VillagePartsDialog(demo, vid)
    qtbot.addWidget(parts)
    form = parts.add_record("危险区住户")
    assert isinstance(form, HouseholdDialog)
    form.head_edit.setText("张小梅")
    form.group_edit.setText("二组")
    form.phone_edit.setText("123")
    form.accept()
    assert form.isVisible()
    assert not form.boxes["address"].error.isHidden()
    assert "家庭人数应大于 0" in form.boxes["size"].error.text()
    assert "联系电话" in form.boxes["phone"].error.text()
    assert form.head_edit.text() == "张小梅" and form.group_edit.text() == "二组"
    form.address_edit.setText("二组 3 号")
    form.size_edit.setText("2")
    form.phone_edit.setText("13903561234")
    form.vulnerable_checks.boxes[next(iter(form.vulnerable_checks.boxes))].setChecked(True)
    form.accept()
    assert not form.isVisible()
    saved = ws.plan_parts.of_village(Household, vid)
    assert [h.head for h in saved] == ["张小梅"] and saved[0].helper_id is None
    tab = parts.parts["危险区住户"]
    assert tab.model.marked_rows() == [0]  # 重点人群 without helper, shelter, route


def test_shelter_dialog_refuses_capacity_zero_then_adds(qtbot, demo: AppContext) -> None:
    ws = demo.workspace
    vid = ws.plans.matrix(MatrixFilter.NO_SHELTER).rows[0].village_id
    page = PlansPage(demo)
    qtbot.addWidget(page)
    page.show()
    page.set_filter(MatrixFilter.NO_SHELTER)
    assert page.model.rowCount() == 2
    row = page.model.row_of_village(vid)
    assert page.model.index(row, COL_SHELTERS).data() == "无"
    parts = page.open_parts_of(vid)
    form = parts.add_record("避难场所")
    assert isinstance(form, ShelterDialog)
    qtbot.addWidget(form)
    form.name_edit.setText("村委会院内避难场所")
    form.place_edit.setText("村委会")
    form.accept()
    assert form.isVisible() and "可容纳人数应大于 0" in form.boxes["capacity"].error.text()
    assert form.name_edit.text() == "村委会院内避难场所"
    form.capacity_edit.setText("200")
    form.accept()
    assert not form.isVisible()
    assert [s.name for s in ws.plans.shelters(vid)] == ["村委会院内避难场所"]
    assert isinstance(ws.plans.shelters(vid)[0], Shelter)
    assert parts.parts["避难场所"].model.rowCount() == 1
    assert page.model.rowCount() == 1  # the matrix refreshed: the village left 无避难场所
    assert page.model.row_of_village(vid) == -1
    assert page.filter_buttons[MatrixFilter.NO_SHELTER].text() == "无避难场所 1"
    assert "无避难场所的村(社区) 1 个" in page.totals_label.text()


def test_baobao_chain_lists_levels_in_order(qtbot, demo: AppContext) -> None:
    ws = demo.workspace
    vid = _village(ws)
    people = [ws.people.save(Person(name=n, role=PersonRole.VILLAGE_CADRE, village_id=vid,
                                    mobile=f"1390356{i:04d}")).record
              for i, n in enumerate(("钱一", "孙二", "周三"))]  # fmt: skip
    ws.plan_parts.add(BaobaoAssignment(None, vid, BaobaoLevel.GROUP, people[2].id, "三组 5 户"))
    ws.plan_parts.add(BaobaoAssignment(None, vid, BaobaoLevel.TOWNSHIP, people[0].id, "润城村"))
    parts = VillagePartsDialog(demo, vid)
    qtbot.addWidget(parts)
    form = parts.add_record("包保责任")
    assert isinstance(form, BaobaoDialog)
    form.target_edit.setText("三组")
    form.accept()
    assert form.isVisible() and "请从人员名录中选择" in form.boxes["person_id"].error.text()
    form.person_combo.setCurrentIndex(form.person_combo.findData(people[1].id))
    form.accept()
    assert not form.isVisible()
    tab = parts.parts["包保责任"]
    rows = [(tab.model.index(r, 0).data(), tab.model.index(r, 2).data())
            for r in range(tab.model.rowCount())]  # fmt: skip
    # The village's chain (the demo's, if any, and the three added here) top level first.
    order = [level.value for level in BaobaoLevel]
    levels = [level for level, _ in rows]
    assert levels == sorted(levels, key=order.index)
    ours = [row for row in rows if row[1] in ("钱一", "孙二", "周三")]
    assert ours == [("乡包村", "钱一"), ("村包组", "孙二"), ("组包户", "周三")]


def test_risk_point_gets_a_monitor_through_its_dialog(qtbot, demo: AppContext) -> None:
    ws = demo.workspace
    vid = _village(ws)
    ws.plan_parts.add(RiskPoint(None, vid, "南沟地灾隐患点", RiskKind.GEOHAZARD, "四组南沟"))
    monitor = ws.people.save(Person(name="冯守业", role=PersonRole.MONITOR, village_id=vid,
                                    mobile="13903569876")).record  # fmt: skip
    parts = VillagePartsDialog(demo, vid)
    qtbot.addWidget(parts)
    tab = parts.parts["风险点"]
    assert tab.model.marked_rows() == [0]
    assert "须指定监测人" in tab.model.index(0, 0).data(TIP)
    tab.table.setCurrentIndex(tab.model.index(0, 0))
    form = parts.edit_record("风险点")
    assert isinstance(form, PartForm)
    combo = form.editors["monitor_id"]
    combo.setCurrentIndex(combo.findData(monitor.id))
    form.editors["households"].setText("5")
    form.editors["people"].setText("3")
    form.accept()
    assert form.isVisible() and "不应少于威胁户数" in form.boxes["people"].error.text()
    form.editors["people"].setText("14")
    form.accept()
    assert not form.isVisible()
    assert ws.plan_parts.of_village(RiskPoint, vid)[0].monitor_id == monitor.id
    assert tab.model.marked_rows() == []
    assert tab.model.index(0, 5).data() == "冯守业"


def test_supplies_expired_and_expiring_are_marked_and_added_by_dialog(
    qtbot, demo: AppContext
) -> None:
    ws = demo.workspace
    vid = _village(ws)
    ws.plan_parts.add(Supply(None, vid, "救生衣", 20, "件", expires_on=TODAY - timedelta(days=1)))
    parts = VillagePartsDialog(demo, vid)
    qtbot.addWidget(parts)
    form = parts.add_record("物资")
    assert isinstance(form, PartForm)
    form.editors["name"].setText("编织袋")
    form.editors["quantity"].setText("-3")
    form.editors["unit"].setText("条")
    form.editors["expires_on"].check.setChecked(True)
    form.editors["expires_on"].date_edit.set_day(TODAY + timedelta(days=10))
    form.accept()
    assert form.isVisible() and "数量不能为负数" in form.boxes["quantity"].error.text()
    assert form.editors["name"].text() == "编织袋"
    form.editors["quantity"].setText("500")
    form.accept()
    assert not form.isVisible()
    tab = parts.parts["物资"]
    names = [tab.model.record(r).name for r in range(tab.model.rowCount())]
    assert tab.model.index(names.index("救生衣"), 0).data(BG) == ALERT_BACKGROUND
    assert tab.model.index(names.index("编织袋"), 0).data(BG) == WARN_BACKGROUND
    assert "过期" in tab.model.index(names.index("编织袋"), 0).data(TIP)


def test_contact_without_any_phone_is_refused_and_missing_entries_named(
    qtbot, demo: AppContext
) -> None:
    ws = demo.workspace
    vid = _village(ws)
    parts = VillagePartsDialog(demo, vid)
    qtbot.addWidget(parts)
    assert "缺少必备条目：镇值班室" in parts.parts["通讯录"].note.text()
    form = parts.add_record("通讯录")
    assert isinstance(form, PartForm)
    category = form.editors["category"]
    category.setCurrentIndex(category.findData("镇值班室"))
    form.editors["name"].setText("润城镇值班室")
    form.accept()
    assert form.isVisible() and "至少填写手机或座机" in form.boxes["mobile"].error.text()
    form.editors["phone"].setText("0356-4123456")
    form.accept()
    assert not form.isVisible()
    assert [c.name for c in ws.plan_parts.of_village(Contact, vid)] == ["润城镇值班室"]
    assert "镇值班室" not in parts.parts["通讯录"].note.text().split("：")[-1]


def test_removing_a_route_a_household_uses_is_refused_with_the_reason(
    qtbot, demo: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safetydesk.ui import messages

    ws = demo.workspace
    vid = _village(ws)
    route = ws.plan_parts.add(Route(None, vid, "后沟—村委会", "三组后沟"))
    ws.plan_parts.add(Household(None, vid, "李秋生", "三组", "后沟 12 号", 3, route_id=route.id))
    shown: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    monkeypatch.setattr(messages, "show_warning", lambda _p, text, **_k: shown.append(text))
    parts = VillagePartsDialog(demo, vid)
    qtbot.addWidget(parts)
    tab = parts.parts["转移路线"]
    tab.table.setCurrentIndex(tab.model.index(0, 0))
    assert not parts.remove_record("转移路线")
    assert shown and "住户引用这条记录" in shown[0]
    assert len(ws.plan_parts.of_village(Route, vid)) == 1


def test_gaps_tab_lists_what_is_lacking_and_opens_the_village(qtbot, demo: AppContext) -> None:
    ws = demo.workspace
    vid = _village(ws)
    risk = ws.plan_parts.add(RiskPoint(None, vid, "后沟山洪危险区", RiskKind.FLASH_FLOOD, "三组"))
    ws.plan_parts.add(
        Household(None, vid, "王桂兰", "三组", "后沟 15 号", 1, risk_point_id=risk.id)
    )
    ws.plan_parts.add(Household(None, vid, "李四", "一组", "村口 1 号", 2))  # not at risk
    ws.plan_parts.add(Supply(None, vid, "救生衣", 20, "件", expires_on=TODAY - timedelta(days=3)))
    page = PlansPage(demo)
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentWidget(page.gaps)
    gaps = page.gaps.gaps
    by_kind = {k: [g for g in gaps if g.kind == k] for k in ("避难场所", "住户", "风险点", "物资")}
    shelterless = {r.name for r in ws.plans.matrix(MatrixFilter.NO_SHELTER).rows}
    assert {g.village for g in by_kind["避难场所"]} == shelterless and len(shelterless) == 2
    (household,) = by_kind["住户"]
    assert household.subject.startswith("王桂兰户")
    assert household.missing == "无包户责任人、无转移去向、无转移路线、明白卡未发放、住户无人包保"
    # The tab lists what `safetydesk plans gaps` lists (one line per household).
    report = ws.plan_gaps.report()
    assert {g.label for g in report.gaps} == {g.subject for g in gaps}
    assert [g.subject for g in by_kind["风险点"]] == ["后沟山洪危险区"]
    assert by_kind["物资"][0].missing == "物资已过期" and "过期" in by_kind["物资"][0].detail
    row = gaps.index(household)
    assert page.gaps.model.index(row, 0).data(BG) == ALERT_BACKGROUND
    assert f"共 {len(gaps)} 条缺项" in page.gaps.summary.text()
    page.gaps.table.setCurrentIndex(page.gaps.model.index(row, 0))
    assert page.gaps.activate_current()
    (parts,) = page.findChildren(VillagePartsDialog)
    assert parts.village_id == vid
    assert parts.tabs.currentWidget() is parts.parts["危险区住户"].widget
    form = parts.add_record("危险区住户")  # a change elsewhere refreshes the open gaps tab
    form.head_edit.setText("赵六")
    form.group_edit.setText("三组")
    form.address_edit.setText("后沟 20 号")
    form.size_edit.setText("4")
    form.risk_combo.setCurrentIndex(form.risk_combo.findData(risk.id))
    form.accept()
    assert not form.isVisible()
    assert len([g for g in page.gaps.gaps if g.kind == "住户"]) == 2


def test_lists_import_from_a_village_tab_for_that_village(
    qtbot, demo: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """通讯录, 包保责任 and 危险区住户 have 从表格导入…, which imports for the open village; a
    change announced on the bus reloads the open dialog."""
    from PySide6.QtWidgets import QPushButton

    from safetydesk.services.changes import Changes, Topic
    from safetydesk.ui.dialogs import import_dialog

    calls: list[tuple[str, str | None]] = []
    monkeypatch.setattr(import_dialog, "run_import",
                        lambda _c, kind, _p, village=None: calls.append((kind, village)))  # fmt: skip
    ws = demo.workspace
    vid = _village(ws)
    parts = VillagePartsDialog(demo, vid)
    qtbot.addWidget(parts)
    parts.show()
    for title, kind in (("通讯录", "contacts"), ("包保责任", "baobao"), ("危险区住户", "households")):
        (button,) = [b for b in parts.parts[title].widget.findChildren(QPushButton)
                     if b.text() == "从表格导入…"]  # fmt: skip
        button.click()
        assert calls[-1] == (kind, ws.villages.names()[vid])
    assert not [b for b in parts.parts["物资"].widget.findChildren(QPushButton)
                if b.text() == "从表格导入…"]  # fmt: skip
    before = parts.parts["通讯录"].model.rowCount()
    ws.plan_parts.add(Contact(None, vid, ContactCategory.POLICE, "润城派出所", phone="110"))
    demo.bus.changed.emit(Changes.of(Topic.PLANS))
    assert parts.parts["通讯录"].model.rowCount() == before + 1


def test_shelter_in_use_is_not_deleted_from_the_dialog(
    qtbot, demo: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safetydesk.ui import messages

    said: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    monkeypatch.setattr(messages, "show_warning", lambda _p, text, **_k: said.append(text))
    ws = demo.workspace
    vid = _village(ws)
    shelter = ws.plans.add_shelter(Shelter(None, vid, "村委会广场", "村委会", 300))
    ws.plan_parts.add(Route(None, vid, "后沟—广场", "后沟", shelter_id=shelter.id))
    parts = VillagePartsDialog(demo, vid)
    qtbot.addWidget(parts)
    tab = parts.parts["避难场所"]
    names = [tab.model.index(r, 0).data() for r in range(tab.model.rowCount())]
    tab.table.setCurrentIndex(tab.model.index(names.index("村委会广场"), 0))
    assert not parts.remove_record("避难场所")
    assert said and "转移路线" in said[-1]
    assert "村委会广场" in [s.name for s in ws.plans.shelters(vid)]
