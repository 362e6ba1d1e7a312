"""A8: a 包保 person or phone changed turns the village's plans 需修订, with the reason shown."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from safetydesk.domain.baobao import BaobaoAssignment, BaobaoLevel
from safetydesk.domain.common import Person, PersonRole, Village
from safetydesk.domain.plans import PlanKind, PlanStatus
from safetydesk.errors import ValidationError
from safetydesk.services import Workspace

TODAY = date(2026, 12, 3)


@pytest.fixture
def wsd(ws: Workspace) -> Workspace:
    """The test workspace with "today" fixed to :data:`TODAY`."""
    ws.clock = lambda: TODAY
    ws.plans.clock = ws.clock
    return ws


def _effective(ws: Workspace, village_id: int | None, kind: PlanKind) -> None:
    ws.plans.add_version(village_id, kind, "2026年版", drafted_on=date(2026, 3, 1))
    ws.plans.set_state(village_id, kind, "待审核")
    ws.plans.set_state(village_id, kind, "已生效", adopted_on=date(2026, 3, 5),
                       reviewed_on=date(2026, 3, 10), effective_on=date(2026, 3, 10))  # fmt: skip


def _status(ws: Workspace, village_id: int | None, kind: PlanKind) -> tuple[PlanStatus, str]:
    last = ws.plans.versions(village_id, kind)[-1]
    return last.status, last.revision_reason


def _person(ws: Workspace, name: str, village: Village, mobile: str) -> Person:
    return ws.people.save(Person(name=name, role=PersonRole.VILLAGE_CADRE,
                                 village_id=village.id, mobile=mobile)).record  # fmt: skip


def test_mark_needs_revision_moves_only_an_effective_version(wsd: Workspace, village: Village) -> None:
    vid = village.id
    assert wsd.plans.mark_needs_revision(vid, PlanKind.FLOOD, "演练发现问题") is None  # 未编制
    wsd.plans.add_version(vid, PlanKind.FLOOD, "2026年版", drafted_on=date(2026, 3, 1))
    assert wsd.plans.mark_needs_revision(vid, PlanKind.FLOOD, "演练发现问题") is None  # 草稿
    assert _status(wsd, vid, PlanKind.FLOOD) == (PlanStatus.DRAFT, "")
    wsd.plans.set_state(vid, PlanKind.FLOOD, "待审核")
    wsd.plans.set_state(vid, PlanKind.FLOOD, "已生效", adopted_on=date(2026, 3, 5),
                        reviewed_on=date(2026, 3, 10))  # fmt: skip
    moved = wsd.plans.mark_needs_revision(vid, PlanKind.FLOOD, "演练发现转移路线不通")
    assert moved is not None and moved.status is PlanStatus.NEEDS_REVISION
    assert _status(wsd, vid, PlanKind.FLOOD) == (PlanStatus.NEEDS_REVISION, "演练发现转移路线不通")
    # Already 需修订: the first reason stays.
    assert wsd.plans.mark_needs_revision(vid, PlanKind.FLOOD, "另一个原因") is None
    assert _status(wsd, vid, PlanKind.FLOOD)[1] == "演练发现转移路线不通"
    cell = next(c for c in wsd.plans.matrix().rows[0].cells if c.kind is PlanKind.FLOOD)
    assert (cell.status, cell.reason) == (PlanStatus.NEEDS_REVISION, "演练发现转移路线不通")
    with pytest.raises(ValidationError, match="原因"):
        wsd.plans.mark_needs_revision(vid, PlanKind.FIRE, "  ")


def test_person_change_marks_responsibility_and_covered_plans(
    wsd: Workspace, village: Village
) -> None:
    vid = village.id
    for kind in PlanKind:
        _effective(wsd, vid, kind)
    zhang = _person(wsd, "张三", village, "13800001234")
    li = _person(wsd, "李四", village, "13800001235")
    a = wsd.plan_parts.add(BaobaoAssignment(None, vid, BaobaoLevel.VILLAGE, zhang.id or 0,
                                            "第三村民小组", hazards=(PlanKind.FLOOD,)))  # fmt: skip
    # Adding the relation is a change of the chain too.
    assert _status(wsd, vid, PlanKind.RESPONSIBILITY) == (
        PlanStatus.NEEDS_REVISION, "新增包保关系：村包组 第三村民小组（2026-12-03）"
    )  # fmt: skip
    # A new round: make the two items effective again, then change the person.
    for kind in (PlanKind.RESPONSIBILITY, PlanKind.FLOOD):
        wsd.plans.add_version(vid, kind, "2026年修订版", drafted_on=date(2026, 11, 1))
        wsd.plans.set_state(vid, kind, "待审核")
        wsd.plans.set_state(vid, kind, "已生效", adopted_on=date(2026, 11, 5),
                            reviewed_on=date(2026, 11, 10))  # fmt: skip
    wsd.plan_parts.edit(BaobaoAssignment, a.id or 0, person_id=li.id)
    reason = "包保责任人变动：第三村民小组 张三→李四（2026-12-03）"
    assert _status(wsd, vid, PlanKind.RESPONSIBILITY) == (PlanStatus.NEEDS_REVISION, reason)
    assert _status(wsd, vid, PlanKind.FLOOD) == (PlanStatus.NEEDS_REVISION, reason)
    # Plans of hazards the relation does not cover are untouched.
    for kind in (PlanKind.FIRE, PlanKind.EARTHQUAKE, PlanKind.GEOLOGICAL):
        assert _status(wsd, vid, kind) == (PlanStatus.EFFECTIVE, "")


def test_person_change_and_its_plans_are_one_transaction(wsd: Workspace, village: Village) -> None:
    vid = village.id
    _effective(wsd, vid, PlanKind.RESPONSIBILITY)
    zhang = _person(wsd, "张三", village, "13800001234")
    li = _person(wsd, "李四", village, "13800001235")
    with wsd.db.atomic():
        from safetydesk.storage.plan_parts import AssignmentStore

        a = AssignmentStore(wsd.db).insert(
            BaobaoAssignment(None, vid, BaobaoLevel.VILLAGE, zhang.id or 0, "第二村民小组")
        )

    def fail(*_: object) -> None:
        raise RuntimeError("disk full")

    wsd.plan_parts.on_baobao_change.append(fail)  # runs after the plans were marked
    with pytest.raises(RuntimeError):
        wsd.plan_parts.edit(BaobaoAssignment, a.id or 0, person_id=li.id)
    assert wsd.plan_parts.get(BaobaoAssignment, a.id or 0).person_id == zhang.id
    assert _status(wsd, vid, PlanKind.RESPONSIBILITY) == (PlanStatus.EFFECTIVE, "")


def test_phone_change_of_a_baobao_person(wsd: Workspace, village: Village) -> None:
    vid = village.id
    for kind in PlanKind:
        _effective(wsd, vid, kind)
    _effective(wsd, None, PlanKind.RESPONSIBILITY)
    zhang = _person(wsd, "张三", village, "13800001234")
    other = _person(wsd, "王五", village, "13800001236")
    with wsd.db.atomic():  # written without the hooks, as an import or the demo would
        from safetydesk.storage.plan_parts import AssignmentStore

        AssignmentStore(wsd.db).insert(BaobaoAssignment(None, vid, BaobaoLevel.VILLAGE,
                                                        zhang.id or 0, "第一村民小组",
                                                        hazards=(PlanKind.GEOLOGICAL,)))  # fmt: skip
    # Someone outside the chain: nothing moves.
    wsd.people.save(replace(other, mobile="13800009999"))
    assert all(_status(wsd, vid, k)[0] is PlanStatus.EFFECTIVE for k in PlanKind)
    # A name change is not a phone change.
    zhang = wsd.people.save(replace(zhang, notes="村会计")).record
    assert _status(wsd, vid, PlanKind.RESPONSIBILITY)[0] is PlanStatus.EFFECTIVE
    wsd.people.save(replace(zhang, mobile="138 0000 5678"))
    reason = "包保责任人电话变动：第一村民小组 张三 13800001234→13800005678（2026-12-03）"
    assert _status(wsd, vid, PlanKind.RESPONSIBILITY) == (PlanStatus.NEEDS_REVISION, reason)
    assert _status(wsd, vid, PlanKind.GEOLOGICAL) == (PlanStatus.NEEDS_REVISION, reason)
    assert _status(wsd, vid, PlanKind.FLOOD) == (PlanStatus.EFFECTIVE, "")
    # The township's own item is not this village's chain.
    assert _status(wsd, None, PlanKind.RESPONSIBILITY) == (PlanStatus.EFFECTIVE, "")


def test_backup_phone_change_of_the_county_leader(wsd: Workspace, village: Village) -> None:
    _effective(wsd, None, PlanKind.RESPONSIBILITY)
    _effective(wsd, None, PlanKind.FIRE)
    zhang = _person(wsd, "张三", village, "13800001234")
    with wsd.db.atomic():
        from safetydesk.storage.plan_parts import AssignmentStore

        a = AssignmentStore(wsd.db).insert(
            BaobaoAssignment(None, None, BaobaoLevel.COUNTY, zhang.id or 0, "润城镇")
        )
    wsd.plan_parts.edit(BaobaoAssignment, a.id or 0, backup_phone="0356-4000123")
    status, reason = _status(wsd, None, PlanKind.RESPONSIBILITY)
    assert status is PlanStatus.NEEDS_REVISION
    assert reason == "包保责任人电话变动：润城镇 张三 无→0356-4000123（2026-12-03）"
    assert _status(wsd, None, PlanKind.FIRE)[0] is PlanStatus.NEEDS_REVISION  # covers every hazard


def test_household_helper_change_marks_the_plans_of_its_risk(
    wsd: Workspace, village: Village
) -> None:
    from safetydesk.domain.baobao import Household
    from safetydesk.domain.plan_parts import RiskKind, RiskPoint

    vid = village.id
    assert vid is not None
    for kind in PlanKind:
        _effective(wsd, vid, kind)
    zhang = _person(wsd, "张三", village, "13800001234")
    with wsd.db.atomic():  # written without the hooks, as an import or the demo would
        from safetydesk.storage.plan_parts import HouseholdStore, RiskPointStore

        point = RiskPointStore(wsd.db).insert(RiskPoint(
            None, vid, "西坡滑坡隐患点", RiskKind.GEOHAZARD, "第一村民小组西坡",
            plan_kinds=(PlanKind.GEOLOGICAL,),
        ))  # fmt: skip
        home = HouseholdStore(wsd.db).insert(
            Household(None, vid, "王五", "第一村民小组", "西坡3号", 3, risk_point_id=point.id)
        )
    wsd.plan_parts.edit(Household, home.id or 0, notes="新装了电话")  # not a 包保 change
    assert _status(wsd, vid, PlanKind.RESPONSIBILITY)[0] is PlanStatus.EFFECTIVE
    wsd.plan_parts.edit(Household, home.id or 0, helper_id=zhang.id)
    reason = "包户责任人变动：王五户（第一村民小组）无→张三（2026-12-03）"
    assert _status(wsd, vid, PlanKind.RESPONSIBILITY) == (PlanStatus.NEEDS_REVISION, reason)
    assert _status(wsd, vid, PlanKind.GEOLOGICAL) == (PlanStatus.NEEDS_REVISION, reason)
    assert _status(wsd, vid, PlanKind.FLOOD) == (PlanStatus.EFFECTIVE, "")
