"""The completeness checks of 一制四案 (pure: records in, gaps out, "today" passed in)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from safetydesk.domain.baobao import BaobaoAssignment, BaobaoLevel, Household, VulnerableKind
from safetydesk.domain.plan_checks import (
    Gap,
    GapKind,
    Subject,
    VillageParts,
    count_by_kind,
    covered,
    village_gaps,
)
from safetydesk.domain.plan_parts import (
    REQUIRED_CONTACTS,
    Contact,
    ContactCategory,
    RiskKind,
    RiskPoint,
    RiskStatus,
    Supply,
    WorkGroupMember,
    WorkSubgroup,
)

TODAY = date(2026, 11, 23)
V = 7


def _complete_contacts() -> list[Contact]:
    return [Contact(i, V, c, f"联系人{i}", mobile="13800001234")
            for i, c in enumerate(REQUIRED_CONTACTS, start=1)]  # fmt: skip


def _complete(**changes: Any) -> VillageParts:
    """A village with nothing missing; ``changes`` replace parts of it."""
    base = VillageParts(
        V, "上伏村", shelters=1, contacts=_complete_contacts(),
        work_group=[WorkGroupMember(1, V, WorkSubgroup.LEADERSHIP, 11, duty="组长")],
        assignments=[BaobaoAssignment(1, V, BaobaoLevel.TOWNSHIP, 12, "上伏村")],
    )  # fmt: skip
    return replace(base, **changes)


def _kinds(gaps: list[Gap]) -> list[GapKind]:
    return [g.kind for g in gaps]


def test_a_complete_village_has_no_gap() -> None:
    assert village_gaps(_complete(), TODAY) == []
    assert set(count_by_kind([]).values()) == {0} and list(count_by_kind([])) == list(GapKind)


def test_household_in_danger_zone_lacking_everything() -> None:
    point = RiskPoint(3, V, "后沟山洪危险区", RiskKind.FLASH_FLOOD, "第三村民小组后沟", monitor_id=5)
    h = Household(9, V, "张三", "第二村民小组", "后沟12号", 4, risk_point_id=3)
    gaps = village_gaps(_complete(households=[h], risk_points=[point]), TODAY)
    assert _kinds(gaps) == [GapKind.HELPER, GapKind.SHELTER, GapKind.ROUTE, GapKind.CARD,
                            GapKind.UNCOVERED]  # fmt: skip
    first = gaps[0]
    assert (first.village_id, first.village, first.subject, first.subject_id) == (
        V, "上伏村", Subject.HOUSEHOLD, 9,
    )  # fmt: skip
    assert first.label == "张三户（第二村民小组）"
    assert "位于后沟山洪危险区" in first.detail and "包户责任人" in first.detail


def test_household_fully_covered_and_one_outside_danger_zones() -> None:
    done = Household(9, V, "张三", "第二村民小组", "后沟12号", 4, risk_point_id=3, helper_id=5,
                     shelter_id=1, route_id=2, card_issued_on=date(2026, 5, 1))  # fmt: skip
    safe = Household(10, V, "李四", "第一村民小组", "前街1号", 3)
    by_household = BaobaoAssignment(2, V, BaobaoLevel.PERSON, 5, "张三户", household_id=9)
    gaps = village_gaps(
        _complete(households=[done, safe],
                  assignments=[*_complete().assignments, by_household]),
        TODAY,
    )  # fmt: skip
    assert gaps == []


def test_household_coverage_by_group_target_and_levels_in_use() -> None:
    h = Household(9, V, "张三", "第二村民小组", "后沟12号", 4,
                  vulnerable=(VulnerableKind.ALONE_ELDERLY,))  # fmt: skip
    by_group = BaobaoAssignment(2, V, BaobaoLevel.GROUP, 5, "第二村民小组")
    other_group = BaobaoAssignment(3, V, BaobaoLevel.GROUP, 5, "第一村民小组")
    village_level = BaobaoAssignment(4, V, BaobaoLevel.VILLAGE, 5, "第二村民小组")
    other_village = BaobaoAssignment(5, V + 1, BaobaoLevel.PERSON, 5, "x", household_id=9)
    assert covered(h, [by_group])
    assert not covered(h, [other_group, village_level, other_village])
    gaps = village_gaps(_complete(households=[h]), TODAY)
    assert GapKind.UNCOVERED in _kinds(gaps)
    assert "重点人员（独居老人）" in gaps[0].detail
    # A township that does not use the household levels is not asked for them.
    levels = (BaobaoLevel.TOWNSHIP, BaobaoLevel.VILLAGE)
    assert GapKind.UNCOVERED not in _kinds(village_gaps(_complete(households=[h]), TODAY,
                                                        levels=levels))  # fmt: skip


def test_risk_points_needing_a_monitor() -> None:
    watched = RiskPoint(1, V, "北山滑坡", RiskKind.GEOHAZARD, "北山", households=3, people=8)
    closed = RiskPoint(2, V, "旧滑坡", RiskKind.GEOHAZARD, "西山", status=RiskStatus.CLOSED)
    house = RiskPoint(3, V, "危房", RiskKind.DANGEROUS_HOUSE, "前街")  # not a watched kind
    gaps = village_gaps(_complete(risk_points=[watched, closed, house]), TODAY)
    assert [(g.kind, g.subject, g.subject_id, g.label) for g in gaps] == [
        (GapKind.MONITOR, Subject.RISK_POINT, 1, "北山滑坡")
    ]
    assert "威胁 3 户 8 人" in gaps[0].detail


def test_no_shelter_missing_contacts_no_leader_no_township_cadre() -> None:
    contacts = [c for c in _complete_contacts()
                if c.category not in (ContactCategory.INFO_REPORTER, ContactCategory.GRID_WORKER)]  # fmt: skip
    members = [
        WorkGroupMember(1, V, WorkSubgroup.LEADERSHIP, 11, duty="副组长"),
        WorkGroupMember(2, V, WorkSubgroup.EVACUATION, 12, duty="成员"),
        WorkGroupMember(3, V, WorkSubgroup.RESCUE, 13, duty="组长"),
    ]
    gaps = village_gaps(
        _complete(shelters=0, contacts=contacts, work_group=members, assignments=[]), TODAY
    )
    assert _kinds(gaps) == [GapKind.NO_SHELTER, GapKind.CONTACT, GapKind.LEADER, GapKind.LEADER,
                            GapKind.NO_TOWNSHIP_CADRE]  # fmt: skip
    contact = gaps[1]
    assert contact.label == "上伏村应急通讯录" and "网格员" in contact.detail
    assert "信息报告员" in contact.detail and "派出所" not in contact.detail
    assert [g.label for g in gaps if g.kind is GapKind.LEADER] == ["上伏村工作组",
                                                                   "上伏村人员转移组"]  # fmt: skip
    assert gaps[0].subject is Subject.VILLAGE and gaps[0].subject_id == V
    # Without any member the group is not set up at all.
    none = village_gaps(_complete(work_group=[]), TODAY)
    assert _kinds(none) == [GapKind.LEADER] and "尚未组建" in none[0].detail
    # 乡包村 not in use: not asked for.
    assert village_gaps(_complete(assignments=[]), TODAY, levels=(BaobaoLevel.VILLAGE,)) == []


def test_supplies_expired_and_expiring() -> None:
    supplies = [
        Supply(1, V, "救生衣", 20, "件", expires_on=date(2026, 11, 22), place="村委会仓库"),
        Supply(2, V, "应急食品", 5.5, "箱", expires_on=TODAY),
        Supply(3, V, "灭火器", 10, "具", expires_on=date(2026, 12, 23)),  # 30 days: expiring
        Supply(4, V, "铁锹", 30, "把", expires_on=date(2026, 12, 24)),  # 31 days: fine
        Supply(5, V, "编织袋", 500, "条"),  # no date: fine
    ]
    gaps = village_gaps(_complete(supplies=supplies), TODAY)
    assert [(g.kind, g.subject_id, g.label) for g in gaps] == [
        (GapKind.EXPIRED, 1, "救生衣（20件）"),
        (GapKind.EXPIRING, 2, "应急食品（5.5箱）"),
        (GapKind.EXPIRING, 3, "灭火器（10具）"),
    ]
    assert "已于 2026-11-22 过期，存放于村委会仓库" in gaps[0].detail
    assert count_by_kind(gaps)[GapKind.EXPIRING] == 2


def test_township_row_checks_only_what_applies() -> None:
    old = Supply(1, None, "发电机燃油", 2, "桶", expires_on=date(2026, 1, 1))
    township = VillageParts(None, "镇本级", shelters=0, supplies=[old])
    gaps = village_gaps(township, TODAY)
    # No 通讯录/工作组/乡包村 demands on the township; its shelter and supplies are checked.
    assert _kinds(gaps) == [GapKind.NO_SHELTER, GapKind.EXPIRED]
    assert gaps[0].subject is Subject.TOWNSHIP and gaps[0].subject_id is None
    assert "镇里至少应有一处" in gaps[0].detail
    assert village_gaps(VillageParts(None, "镇本级", shelters=2), TODAY) == []
