"""ws.plan_gaps: the completeness checks over records written through the services."""

from __future__ import annotations

from datetime import date

import pytest

from safetydesk.domain.baobao import BaobaoAssignment, BaobaoLevel, Household
from safetydesk.domain.common import Person, PersonRole, Village, VillageKind
from safetydesk.domain.plan_checks import GapKind, Subject
from safetydesk.domain.plan_parts import (
    REQUIRED_CONTACTS,
    Contact,
    RiskKind,
    RiskPoint,
    Route,
    Supply,
    WorkGroupMember,
    WorkSubgroup,
)
from safetydesk.domain.plans import Shelter
from safetydesk.errors import ValidationError
from safetydesk.services import Workspace
from tests.conftest import TODAY


def _person(ws: Workspace, name: str, village_id: int | None) -> int:
    rec = ws.people.save(Person(name=name, role=PersonRole.VILLAGE_CADRE, village_id=village_id,
                                mobile="13800001234")).record  # fmt: skip
    assert rec.id is not None
    return rec.id


def _village(ws: Workspace, name: str, code: str) -> int:
    rec = ws.villages.save(Village(name=name, kind=VillageKind.VILLAGE, region_code=code)).record
    assert rec.id is not None
    return rec.id


def _make_complete(ws: Workspace, vid: int, name: str) -> tuple[int, int, int]:
    """Everything a village needs; returns (shelter id, route id, helper person id)."""
    leader = _person(ws, f"{name}书记", vid)
    cadre = _person(ws, f"{name}包村干部", None)
    helper = _person(ws, f"{name}网格员", vid)
    for i, category in enumerate(REQUIRED_CONTACTS):
        ws.plan_parts.add(Contact(None, vid, category, f"{category}联系人", mobile="13800001234",
                                  sort_order=i))  # fmt: skip
    ws.plan_parts.add(WorkGroupMember(None, vid, WorkSubgroup.LEADERSHIP, leader, duty="组长"))
    ws.plan_parts.add(BaobaoAssignment(None, vid, BaobaoLevel.TOWNSHIP, cadre, name))
    shelter = ws.plans.add_shelter(Shelter(None, vid, f"{name}村委会", f"{name}村委会", 200))
    route = ws.plan_parts.add(Route(None, vid, "后沟—村委会", "后沟", shelter_id=shelter.id))
    assert shelter.id is not None and route.id is not None
    return shelter.id, route.id, helper


@pytest.fixture
def two_villages(ws: Workspace) -> tuple[int, int]:
    """上伏村: complete but for one household; 下庄村: nothing but a risk point; the township
    has a shelter and an expired supply."""
    up = _village(ws, "上伏村", "140522102201")
    down = _village(ws, "下庄村", "140522102202")
    shelter, route, helper = _make_complete(ws, up, "上伏村")
    point = ws.plan_parts.add(RiskPoint(None, up, "后沟山洪危险区", RiskKind.FLASH_FLOOD, "后沟",
                                        households=2, people=7, monitor_id=helper))  # fmt: skip
    done = ws.plan_parts.add(Household(None, up, "王福", "第一村民小组", "后沟1号", 3,
                                       risk_point_id=point.id, helper_id=helper,
                                       shelter_id=shelter, route_id=route,
                                       card_issued_on=date(2026, 5, 1)))  # fmt: skip
    ws.plan_parts.add(BaobaoAssignment(None, up, BaobaoLevel.PERSON, helper, "王福户",
                                       household_id=done.id))  # fmt: skip
    ws.plan_parts.add(Household(None, up, "张三", "第二村民小组", "后沟5号", 4,
                                risk_point_id=point.id, helper_id=helper))  # draft, flagged  # fmt: skip
    ws.plan_parts.add(RiskPoint(None, down, "北山滑坡", RiskKind.GEOHAZARD, "北山"))
    ws.plans.add_shelter(Shelter(None, None, "润城镇中学操场", "润城镇中学", 800))
    ws.plan_parts.add(Supply(None, None, "发电机燃油", 2, "桶", expires_on=date(2026, 11, 1)))
    ws.plan_parts.add(Supply(None, up, "救生衣", 20, "件", expires_on=date(2026, 12, 10)))
    return up, down


def test_report_lists_every_gap_by_village(ws: Workspace, two_villages: tuple[int, int]) -> None:
    up, down = two_villages
    report = ws.plan_gaps.report()
    assert report.today == TODAY
    assert [s.village for s in report.summaries] == ["上伏村", "下庄村", "镇本级"]
    assert [(g.kind, g.label) for g in report.of_village(up)] == [
        (GapKind.SHELTER, "张三户（第二村民小组）"),
        (GapKind.ROUTE, "张三户（第二村民小组）"),
        (GapKind.CARD, "张三户（第二村民小组）"),
        (GapKind.UNCOVERED, "张三户（第二村民小组）"),
        (GapKind.EXPIRING, "救生衣（20件）"),
    ]
    assert [g.kind for g in report.of_village(down)] == [
        GapKind.MONITOR, GapKind.NO_SHELTER, GapKind.CONTACT, GapKind.LEADER,
        GapKind.NO_TOWNSHIP_CADRE,
    ]  # fmt: skip
    monitor = report.of_village(down)[0]
    assert monitor.subject is Subject.RISK_POINT and monitor.label == "北山滑坡"
    assert [(g.kind, g.label) for g in report.of_village(None)] == [
        (GapKind.EXPIRED, "发电机燃油（2桶）")
    ]
    up_summary = report.summary(up)
    assert up_summary is not None and up_summary.total == 5
    assert up_summary.counts[GapKind.SHELTER] == 1 and up_summary.counts[GapKind.HELPER] == 0


def test_filters_today_and_settings(ws: Workspace, two_villages: tuple[int, int]) -> None:
    up, down = two_villages
    only = ws.plan_gaps.report(villages={down}, kind="无避难场所")
    assert [(g.village, g.kind) for g in only.gaps] == [("下庄村", GapKind.NO_SHELTER)]
    summary = only.summary(down)
    assert [s.village for s in only.summaries] == ["下庄村"]
    assert summary is not None and summary.total == 5  # counts stay whole
    later = ws.plan_gaps.report(villages={up}, kind=GapKind.EXPIRED, today=date(2026, 12, 11))
    assert [g.label for g in later.gaps] == ["救生衣（20件）"]
    with pytest.raises(ValidationError, match="没有“缺人”这一类缺项"):
        ws.plan_gaps.report(kind="缺人")
    # Levels not in use are not asked for.
    ws.settings.update(baobao_levels="县包乡、村包组")
    kinds = {g.kind for g in ws.plan_gaps.report().gaps}
    assert GapKind.UNCOVERED not in kinds and GapKind.NO_TOWNSHIP_CADRE not in kinds


def test_fixing_a_gap_removes_it_and_archived_villages_are_left_out(
    ws: Workspace, two_villages: tuple[int, int]
) -> None:
    up, down = two_villages
    helper = _person(ws, "李组长", down)
    point = ws.plan_parts.of_village(RiskPoint, down)[0]
    assert point.id is not None
    ws.plan_parts.edit(RiskPoint, point.id, monitor_id=helper)
    assert GapKind.MONITOR not in {g.kind for g in ws.plan_gaps.report(villages={down}).gaps}
    ws.villages.archive(down)
    report = ws.plan_gaps.report()
    assert down not in {g.village_id for g in report.gaps}
    assert [s.village for s in report.summaries] == ["上伏村", "镇本级"]
