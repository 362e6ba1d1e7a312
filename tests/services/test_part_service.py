"""ws.plan_parts: every part of 一制四案 checked and written alike; the 一制四案 settings."""

from __future__ import annotations

from datetime import date

import pytest

from safetydesk.domain.baobao import BaobaoAssignment, BaobaoLevel, Household, HouseholdGap
from safetydesk.domain.common import Person, PersonRole, Village
from safetydesk.domain.plan_parts import (
    Contact,
    ContactCategory,
    EmergencyCard,
    RiskKind,
    RiskPoint,
    Route,
    Supply,
    SupplyState,
    missing_contacts,
)
from safetydesk.domain.plans import PlanKind, PlanStatus
from safetydesk.errors import ConflictError, NotFoundError, ValidationError, ValidationErrors
from safetydesk.services import Workspace


def _person(ws: Workspace, name: str, village_id: int | None = None) -> int:
    rec = ws.people.save(
        Person(name=name, role=PersonRole.VILLAGE_CADRE, village_id=village_id, mobile="13800001234")
    ).record
    assert rec.id is not None
    return rec.id


def test_parts_round_trip_typed(ws: Workspace, village: Village) -> None:
    assert village.id is not None
    monitor = _person(ws, "王守成", village.id)
    point = ws.plan_parts.add(RiskPoint(
        None, village.id, "后沟山洪危险区", RiskKind.FLASH_FLOOD, "第三村民小组后沟",
        households=6, people=17, monitor_id=monitor, plan_kinds=(PlanKind.FLOOD,),
    ))  # fmt: skip
    card = ws.plan_parts.add(EmergencyCard(
        None, village.id, "网格员防汛应急处置卡", "网格员", PlanKind.FLOOD, "接到暴雨橙色预警",
        ("通知包保户", "检查转移路线", "组织转移"), report_phone="0356-4881234",
    ))  # fmt: skip
    supply = ws.plan_parts.add(
        Supply(None, village.id, "救生衣", 20, "件", expires_on=date(2026, 12, 20))
    )
    assert ws.plan_parts.get(RiskPoint, point.id).plan_kinds == (PlanKind.FLOOD,)
    assert ws.plan_parts.get(EmergencyCard, card.id).steps == ("通知包保户", "检查转移路线", "组织转移")
    read = ws.plan_parts.of_village(Supply, village.id)
    assert [s.name for s in read] == ["救生衣"]
    assert read[0].state(date(2026, 12, 3)) is SupplyState.EXPIRING
    assert read[0].state(date(2026, 12, 21)) is SupplyState.EXPIRED
    assert read[0].state(date(2026, 11, 1)) is SupplyState.OK
    assert supply.id is not None and ws.plan_parts.of_village(Supply, None) == []


def test_bad_parts_are_refused_with_chinese_messages(ws: Workspace, village: Village) -> None:
    with pytest.raises(ValidationErrors) as bad:
        ws.plan_parts.add(Contact(None, village.id, ContactCategory.POLICE, "润城派出所",
                                  mobile="1380000"))  # fmt: skip
    assert "格式不对" in bad.value.errors["mobile"]
    with pytest.raises(ValidationErrors) as bad:
        ws.plan_parts.add(EmergencyCard(None, village.id, "卡", "书记", PlanKind.FLOOD, "信号",
                                        tuple(f"第{i}步" for i in range(9))))  # fmt: skip
    assert "最多 8 步" in bad.value.errors["steps"]
    with pytest.raises(ValidationError, match="不在人员名录中"):
        ws.plan_parts.add(RiskPoint(None, village.id, "滑坡", RiskKind.GEOHAZARD, "北山",
                                    monitor_id=999))  # fmt: skip
    with pytest.raises(NotFoundError):
        ws.plan_parts.add(Route(None, 999, "路线", "后沟"))
    assert ws.plan_parts.all(Contact) == [] and ws.plan_parts.all(RiskPoint) == []


def test_household_draft_is_kept_and_flagged(ws: Workspace, village: Village) -> None:
    assert village.id is not None
    point = ws.plan_parts.add(RiskPoint(None, village.id, "后沟", RiskKind.FLASH_FLOOD, "后沟"))
    h = ws.plan_parts.add(Household(None, village.id, "李二牛", "第三村民小组", "后沟12号", 4,
                                    risk_point_id=point.id))  # fmt: skip
    from safetydesk.domain.baobao import household_gaps

    assert household_gaps(h) == [HouseholdGap.HELPER, HouseholdGap.SHELTER, HouseholdGap.ROUTE,
                                 HouseholdGap.CARD]  # fmt: skip
    assert point.needs_monitor
    # The risk point is in use: not removed from under the household.
    with pytest.raises(ConflictError, match="1 条住户"):
        ws.plan_parts.remove(RiskPoint, point.id)  # type: ignore[arg-type]
    ws.plan_parts.remove(Household, h.id)  # type: ignore[arg-type]
    ws.plan_parts.remove(RiskPoint, point.id)  # type: ignore[arg-type]
    assert ws.plan_parts.all(RiskPoint) == []


def test_baobao_changes_call_the_hooks_in_the_write(ws: Workspace, village: Village) -> None:
    assert village.id is not None
    a, b = _person(ws, "张建军", village.id), _person(ws, "赵红梅", village.id)
    seen: list[tuple[int | None, str]] = []
    ws.plan_parts.on_baobao_change.append(lambda vid, why, _hazards: seen.append((vid, why)))
    rel = ws.plan_parts.add(BaobaoAssignment(None, village.id, BaobaoLevel.VILLAGE, a, "第三村民小组"))
    ws.plan_parts.edit(BaobaoAssignment, rel.id, notes="汛期")  # type: ignore[arg-type]
    ws.plan_parts.edit(BaobaoAssignment, rel.id, person_id=b)  # type: ignore[arg-type]
    assert seen == [
        (village.id, "新增包保关系：村包组 第三村民小组"),
        (village.id, "包保责任人变动：第三村民小组 张建军→赵红梅"),
    ]


def test_baobao_levels_and_deadlines_come_from_the_settings(ws: Workspace, village: Village) -> None:
    assert village.id is not None
    person = _person(ws, "张建军", village.id)
    ws.settings.update(baobao_levels="乡包村、村包组", flood_deadline="6月15日")
    with pytest.raises(ValidationError, match="未启用“组包户”"):
        ws.plan_parts.add(BaobaoAssignment(None, village.id, BaobaoLevel.GROUP, person, "李二牛户"))
    assert ws.plan_parts.levels() == [BaobaoLevel.TOWNSHIP, BaobaoLevel.VILLAGE]
    ws.plans.add_version(village.id, PlanKind.FLOOD, "2026年版", drafted_on=date(2026, 4, 1))
    ws.plans.set_state(village.id, PlanKind.FLOOD, PlanStatus.SUBMITTED)
    done = ws.plans.set_state(village.id, PlanKind.FLOOD, PlanStatus.EFFECTIVE,
                              adopted_on=date(2026, 4, 10), reviewed_on=date(2026, 4, 20),
                              effective_on=date(2026, 4, 21))  # fmt: skip
    assert done.next_revision_on == date(2027, 6, 15)


@pytest.mark.parametrize(
    ("changes", "key", "text"),
    [
        ({"flood_deadline": "13-01"}, "flood_deadline", "看不懂"),
        ({"fire_deadline": "2月29日"}, "fire_deadline", "月-日"),
        ({"baobao_levels": "乡包村,村包户"}, "baobao_levels", "“村包户”不是包保层级"),
        ({"callout_escalate_minutes": "0"}, "callout_escalate_minutes", "1–120"),
    ],
)
def test_bad_plan_settings_are_refused(ws: Workspace, changes: dict[str, str], key: str,
                                       text: str) -> None:  # fmt: skip
    before = ws.settings.values()
    with pytest.raises(ValidationErrors) as bad:
        ws.settings.update(**changes)
    assert text in bad.value.errors[key]
    assert ws.settings.values() == before


def test_missing_contacts_names_the_required_entries(ws: Workspace, village: Village) -> None:
    ws.plan_parts.add(Contact(None, village.id, ContactCategory.TOWNSHIP_DUTY, "镇值班室",
                              phone="0356-4881234"))  # fmt: skip
    missing = missing_contacts(ws.plan_parts.of_village(Contact, village.id))
    assert ContactCategory.TOWNSHIP_DUTY not in missing
    assert ContactCategory.INFO_REPORTER in missing and ContactCategory.GRID_WORKER in missing


def test_shelter_is_removed_only_when_nothing_points_at_it(ws: Workspace, village: Village) -> None:
    from safetydesk.domain.plans import Shelter

    assert village.id is not None
    shelter = ws.plans.add_shelter(Shelter(None, village.id, "村委会广场", "村委会", 300))
    assert shelter.id is not None
    route = ws.plan_parts.add(Route(None, village.id, "后沟—广场", "后沟", shelter_id=shelter.id))
    with pytest.raises(ConflictError, match="1 条转移路线以“村委会广场”为转移去向"):
        ws.plans.remove_shelter(shelter.id)
    assert [s.id for s in ws.plans.shelters(village.id)] == [shelter.id]
    ws.plan_parts.edit(Route, route.id, shelter_id=None)  # type: ignore[arg-type]
    assert ws.plans.remove_shelter(shelter.id).name == "村委会广场"
    assert ws.plans.shelters(village.id) == []
    with pytest.raises(NotFoundError):
        ws.plans.remove_shelter(shelter.id)
