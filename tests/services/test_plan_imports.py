"""Import of villages' 通讯录, 包保 lists and household lists: real .xlsx files, all or nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from safetydesk.domain.baobao import BaobaoAssignment, BaobaoLevel, Household, VulnerableKind
from safetydesk.domain.common import Person, PersonRole, Village
from safetydesk.domain.plan_parts import Contact, ContactCategory, RiskKind, RiskPoint, Route
from safetydesk.domain.plans import PlanKind, Shelter
from safetydesk.errors import ImportRefused
from safetydesk.services import Workspace
from safetydesk.services.imports.plan_lists import PlanListImportService


def xlsx(path: Path, header: list[Any], rows: list[list[Any]], *, title: str = "",
         above: list[Any] | None = None, merges: tuple[str, ...] = ()) -> Path:  # fmt: skip
    """A workbook: an optional merged title row, an optional header row above ``header``, data."""
    wb = Workbook()
    sh = wb.active
    if title:
        sh.append([title])
        sh.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    if above:
        sh.append(above)
    sh.append(header)
    for r in rows:
        sh.append(r)
    for cells in merges:
        sh.merge_cells(cells)
    wb.save(path)
    return path


@pytest.fixture
def svc(ws: Workspace) -> PlanListImportService:
    return PlanListImportService(ws)


@pytest.fixture
def shangzhuang(ws: Workspace) -> Village:
    return ws.villages.save(Village(name="上庄村")).record


def person(ws: Workspace, name: str, mobile: str, village_id: int | None = None) -> int:
    rec = ws.people.save(Person(name=name, role=PersonRole.VILLAGE_CADRE, village_id=village_id,
                                mobile=mobile)).record  # fmt: skip
    assert rec.id is not None
    return rec.id


def test_contacts_with_title_row_header_variants_and_village_column(
    ws: Workspace, svc: PlanListImportService, village: Village, shangzhuang: Village, tmp_path: Path
) -> None:
    grid = person(ws, "刘网格", "13900001111", shangzhuang.id)
    path = xlsx(tmp_path / "通讯录.xlsx", ["序号", "村（社区）", "类别", "联系人", "职务", "手机号码", "座机", "备注"], [
        [1, "上庄村", "乡镇值班室", "润城镇值班室", "", None, "0356-4881234", "24小时"],
        [2, "上庄村", "驻村干部", "张包村", "副镇长", 13800001234, None, None],
        [3, "上庄", "安全网格员", "刘网格", "网格员", "13900001111", None, None],
        [4, "润城村委会", "119", "火警", "", None, "119", None],
    ], title="2026年上庄村、润城村应急通讯录")  # fmt: skip
    plan = svc.plan("contacts", path)
    assert plan.ok, plan.problems
    assert plan.header_row == 2 and plan.rows == [3, 4, 5, 6]
    assert plan.mapping["category"] == "类别" and plan.mapping["name"] == "联系人"
    assert plan.ignored_headers == []  # 序号 is expected and silent
    svc.commit(plan)
    up = ws.plan_parts.of_village(Contact, shangzhuang.id)
    assert [(c.category, c.name) for c in up] == [
        (ContactCategory.TOWNSHIP_DUTY, "润城镇值班室"),
        (ContactCategory.TOWNSHIP_CADRE, "张包村"),
        (ContactCategory.GRID_WORKER, "刘网格"),
    ]
    assert up[1].mobile == "13800001234" and up[2].person_id == grid and up[0].person_id is None
    down = ws.plan_parts.of_village(Contact, village.id)
    assert [(c.category, c.phone) for c in down] == [(ContactCategory.EMERGENCY_NUMBER, "119")]
    # the same file again: every row is already registered, nothing more is written
    again = svc.plan("contacts", path)
    assert not again.ok and {p.row for p in again.problems} == {3, 4, 5, 6}
    assert "已登记过" in again.problems[0].message


def test_bad_phone_writes_nothing_and_names_the_row(
    ws: Workspace, svc: PlanListImportService, shangzhuang: Village, tmp_path: Path
) -> None:
    path = xlsx(tmp_path / "c.xlsx", ["单位/类别", "姓名", "手机", "座机"], [
        ["村两委", "王书记", "13800001234", None],
        ["派出所", "李所长", "1380000123", None],
        ["卫生院", "润城镇卫生院", None, "0356-12"],
        ["民兵连", "赵连长", "13800005678", None],
    ], title="上庄村应急通讯录")  # fmt: skip
    plan = svc.plan("contacts", path, village="上庄村")
    assert not plan.ok
    by_row = {(p.row, p.column): p.message for p in plan.problems}
    assert set(by_row) == {(4, "手机"), (5, "座机"), (6, "单位/类别")}
    assert "格式不对" in by_row[(4, "手机")] and "11 位手机号" in by_row[(4, "手机")]
    assert "派出所" in by_row[(6, "单位/类别")]  # the message lists what is accepted
    with pytest.raises(ImportRefused) as refused:
        svc.commit(plan)
    assert len(refused.value.problems) == 3
    assert ws.plan_parts.of_village(Contact, shangzhuang.id) == []


def test_baobao_levels_by_synonym_people_matched_by_name_and_phone(
    ws: Workspace, svc: PlanListImportService, shangzhuang: Village, tmp_path: Path
) -> None:
    lead = person(ws, "李镇长", "13800001111")
    wang_a = person(ws, "王强", "13800002222", shangzhuang.id)
    wang_b = person(ws, "王强", "13800009999", shangzhuang.id)
    party = person(ws, "赵党员", "13800003333", shangzhuang.id)
    path = xlsx(tmp_path / "b.xlsx", ["序号", "包保层级", "责任人", "职务", "联系电话", "包保对象", "灾种", "叫应顺序", "上级责任人"], [
        [1, "镇包村领导", "李镇长", "副镇长", "13800001111", "上庄村", "防汛、地灾", 1, None],
        [2, "包组", "王强", "村主任", "13800002222", "第一村民小组", "全部", 1, "李镇长"],
        [3, "党员包户", "赵党员", "党员", None, "张三户", "防汛", 2, "王强"],
    ], title="上庄村防汛包保责任表")  # fmt: skip
    plan = svc.plan("baobao", path, village="上庄")
    assert plan.problems  # 王强 as 上级责任人 is ambiguous: two people of that name, no phone
    assert [(p.row, p.column) for p in plan.problems] == [(5, "上级责任人")]
    assert "2 位「王强」" in plan.problems[0].message
    ws.people.archive(wang_b)  # the other 王强 leaves: the name is no longer shared
    plan = svc.plan("baobao", path, village="上庄")
    assert plan.ok and not plan.needs_create, plan.problems
    svc.commit(plan)
    rows = ws.plan_parts.of_village(BaobaoAssignment, shangzhuang.id)
    got = [(a.level, a.person_id, a.target, a.hazards, a.call_order, a.escalate_to_id) for a in rows]
    assert got == [
        (BaobaoLevel.TOWNSHIP, lead, "上庄村", (PlanKind.FLOOD, PlanKind.GEOLOGICAL), 1, None),
        (BaobaoLevel.VILLAGE, wang_a, "第一村民小组", (), 1, lead),
        (BaobaoLevel.GROUP, party, "张三户", (PlanKind.FLOOD,), 2, wang_a),
    ]


def test_unknown_person_refused_without_create_missing_and_created_with_it(
    ws: Workspace, svc: PlanListImportService, shangzhuang: Village, tmp_path: Path
) -> None:
    path = xlsx(tmp_path / "b.xlsx", ["层级", "包保责任人", "手机", "包保对象", "上级责任人"], [
        ["乡包村", "孙干部", "13800004444", "上庄村", None],
        ["村包组", "周组长", "13800005555", "第二村民小组", "孙干部"],
    ])  # fmt: skip
    plan = svc.plan("baobao", path, village="上庄村")
    assert plan.ok and plan.missing_people == ["孙干部", "周组长"]
    with pytest.raises(ImportRefused) as refused:
        svc.commit(plan)
    assert {(p.row, p.column) for p in refused.value.problems} == {
        (2, "包保责任人"), (3, "包保责任人"), (3, "上级责任人")}
    assert "--create-missing" in str(refused.value)
    assert ws.people.list() == [] and ws.plan_parts.of_village(BaobaoAssignment, shangzhuang.id) == []
    svc.commit(plan, create_missing=True)
    people = {p.name: p for p in ws.people.list()}
    assert set(people) == {"孙干部", "周组长"}
    assert people["孙干部"].role is PersonRole.TOWNSHIP_OFFICIAL and people["孙干部"].village_id is None
    assert people["周组长"].mobile == "13800005555" and people["周组长"].village_id == shangzhuang.id
    rows = ws.plan_parts.of_village(BaobaoAssignment, shangzhuang.id)
    assert [(a.person_id, a.escalate_to_id) for a in rows] == [
        (people["孙干部"].id, None), (people["周组长"].id, people["孙干部"].id)]


def test_households_with_merged_two_row_header_and_named_parts(
    ws: Workspace, svc: PlanListImportService, shangzhuang: Village, tmp_path: Path
) -> None:
    vid = shangzhuang.id
    helper = person(ws, "陈帮扶", "13800006666", vid)
    shelter = ws.plans.add_shelter(Shelter(None, vid, "上庄村委会避难场所", "村委会院内", 200))
    town = ws.plans.add_shelter(Shelter(None, None, "润城镇中学", "镇区", 800))
    route = ws.plan_parts.add(Route(None, vid, "后沟—村委会路线", "后沟", shelter_id=shelter.id))
    point = ws.plan_parts.add(RiskPoint(None, vid, "后沟山洪危险区", RiskKind.FLASH_FLOOD, "后沟"))
    header = ["序号", "户主姓名", "所在组", "家庭住址", "联系电话", "家庭人口", "常住人口", "重点人群",
              "所在风险区", "帮扶责任人", "避险点", "撤离路线", "明白卡发放日期"]  # fmt: skip
    # A two-row header: 转移安置 merged over 避险点/撤离路线, the other headers merged down.
    above = [*header[:10], "转移安置", None, header[12]]
    merges = (*(f"{c}2:{c}3" for c in "ABCDEFGHIJ"), "K2:L2", "M2:M3")
    path = xlsx(tmp_path / "h.xlsx", header, [
        [1, "张三", "一组", "后沟12号", "13800007777", 4, 2, "独居老人、五保/特困", "后沟山洪危险区",
         "陈帮扶", "上庄村委会避难场所", "后沟—村委会路线", "2026-05-20"],
        [2, "李四", "一组", "后沟15号", None, "3人", None, "孕妇", "后沟山洪危险区", None, "润城镇中学",
         None, None],
    ], title="上庄村危险区住户及重点人员名单", above=above, merges=merges)  # fmt: skip
    plan = svc.plan("households", path, village="上庄村")
    assert plan.ok, plan.problems
    assert plan.header_row == 3 and plan.mapping["shelter"].endswith("避险点")
    svc.commit(plan)
    got = ws.plan_parts.of_village(Household, vid)
    assert [(h.head, h.group_name, h.size, h.residents) for h in got] == [
        ("张三", "一组", 4, 2), ("李四", "一组", 3, None)]
    assert got[0].vulnerable == (VulnerableKind.ALONE_ELDERLY, VulnerableKind.SUPPORTED)
    assert (got[0].helper_id, got[0].shelter_id, got[0].route_id, got[0].risk_point_id) == (
        helper, shelter.id, route.id, point.id)
    assert got[0].card_issued_on == date(2026, 5, 20)
    # without a helper or a route: accepted as a draft (the gaps list flags it)
    assert got[1].vulnerable == (VulnerableKind.PREGNANT,)
    assert (got[1].helper_id, got[1].shelter_id, got[1].route_id) == (None, town.id, None)


def test_households_unknown_parts_and_helper_reported_per_row(
    ws: Workspace, svc: PlanListImportService, shangzhuang: Village, tmp_path: Path
) -> None:
    header = ["户主", "村民小组", "住址", "电话", "家庭人数", "重点人员类别", "风险点", "包户责任人",
              "安置点", "转移路线"]  # fmt: skip
    path = xlsx(tmp_path / "h.xlsx", header, [
        ["王五", "二组", "前街3号", None, 2, "留守儿童", "前沟地灾点", None, "不存在的学校", None],
        ["赵六", "二组", "前街5号", None, 0, "外星人", None, "钱包户", None, "小路"],
        ["孙七", "二组", "前街7号", None, 1, None, None, "钱包户", None, None],
    ])  # fmt: skip
    plan = svc.plan("households", path, village="上庄村")
    found = {(p.row, p.column) for p in plan.problems}
    assert found == {(2, "风险点"), (2, "安置点"), (3, "家庭人数"), (3, "重点人员类别"), (3, "转移路线")}
    msg = {(p.row, p.column): p.message for p in plan.problems}
    assert "找不到名为「不存在的学校」的避难场所" in msg[(2, "安置点")]
    assert "独居老人" in msg[(3, "重点人员类别")]
    assert [(p.row, p.column) for p in plan.missing] == [(3, "包户责任人"), (4, "包户责任人")]
    assert plan.missing_people == ["钱包户"]
    with pytest.raises(ImportRefused):
        svc.commit(plan, create_missing=True)
    assert ws.people.list() == [] and ws.plan_parts.of_village(Household, shangzhuang.id) == []


def test_file_without_village_or_with_unknown_village_is_refused(
    ws: Workspace, svc: PlanListImportService, shangzhuang: Village, tmp_path: Path
) -> None:
    path = xlsx(tmp_path / "h.xlsx", ["户主", "组别", "住址", "人口"], [["王五", "二组", "前街3号", 2]])
    plan = svc.plan("households", path)
    assert not plan.ok and plan.problems[0].row == 0 and "--village" in plan.problems[0].message
    with pytest.raises(ImportRefused) as refused:
        svc.plan("households", path, village="不存在村")
    assert "不存在村" in str(refused.value)
    plan = svc.plan("baobao", path, village="上庄村")
    assert not plan.ok and "找不到包保责任表的表头" in plan.problems[0].message


def test_baobao_level_not_in_use_or_unknown_is_reported(
    ws: Workspace, svc: PlanListImportService, shangzhuang: Village, tmp_path: Path
) -> None:
    person(ws, "孙干部", "13800004444")
    ws.settings.update(baobao_levels="乡包村、村包组")
    path = xlsx(tmp_path / "b.xlsx", ["层级", "包保责任人", "包保对象", "叫应顺序"], [
        ["镇干部包村", "孙干部", "上庄村", 1],
        ["党员包户", "孙干部", "张三户", 1],
        ["包山头", "孙干部", "后山", "第一"],
    ])  # fmt: skip
    plan = svc.plan("baobao", path, village="上庄村")
    msg = {(p.row, p.column): p.message for p in plan.problems}
    assert set(msg) == {(3, "层级"), (4, "层级"), (4, "叫应顺序")}
    assert "未启用“组包户”" in msg[(3, "层级")] and "乡包村" in msg[(4, "层级")]
    assert plan.rows == [2]
