"""The demo's 一制四案 parts: every village complete but for the realistic gaps it is meant to show."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from safetydesk.domain.baobao import (
    LEVEL_ORDER,
    BaobaoAssignment,
    BaobaoLevel,
    Household,
    HouseholdGap,
    household_gaps,
)
from safetydesk.domain.common import PersonRole
from safetydesk.domain.plan_parts import (
    MAX_CARD_STEPS,
    Contact,
    ContactCategory,
    EmergencyCard,
    RiskKind,
    RiskPoint,
    Route,
    Supply,
    SupplyState,
    WorkGroupMember,
    WorkSubgroup,
    missing_contacts,
)
from safetydesk.domain.plans import PlanKind
from safetydesk.services import Workspace
from safetydesk.services.demo import create_demo
from safetydesk.services.plan_parts import CHECKS

TODAY = date(2026, 12, 3)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("parts") / "demo.db"
    with Workspace.open(path, clock=lambda: TODAY) as ws:
        create_demo(ws, seed=3, today=TODAY)
    return path


def test_contacts_complete_but_one_village_lacks_its_reporter(demo: Path) -> None:
    with Workspace.open(demo, clock=lambda: TODAY) as ws:
        names = ws.villages.names()
        gaps = {names[vid]: missing_contacts(ws.plan_parts.of_village(Contact, vid)) for vid in names}
        contacts = ws.plan_parts.all(Contact)
        people = {p.id: p for p in ws.people.list()}
    assert {n: g for n, g in gaps.items() if g} == {"下伏村": [ContactCategory.INFO_REPORTER]}
    numbers = {c.phone for c in contacts if c.category is ContactCategory.EMERGENCY_NUMBER}
    assert numbers == {"119", "120", "110", "12119"}
    # Person contacts come from the register, with the register's phone.
    linked = [c for c in contacts if c.person_id is not None]
    assert linked and all(people[c.person_id].mobile == c.mobile for c in linked)
    reporters = [p for p in people.values() if p.role is PersonRole.INFO_REPORTER]
    assert len(reporters) == 22


def test_work_groups_led_by_secretary_and_director(demo: Path) -> None:
    with Workspace.open(demo, clock=lambda: TODAY) as ws:
        vid = ws.villages.id_by_name("上庄村")
        members = ws.plan_parts.of_village(WorkGroupMember, vid)
        people = {p.id: p for p in ws.people.list()}
    lead = {m.duty: people[m.person_id].organisation for m in members
            if m.subgroup is WorkSubgroup.LEADERSHIP}  # fmt: skip
    assert lead == {"组长": "上庄村 党组织书记", "副组长": "上庄村 主任"}
    assert {m.subgroup for m in members} >= {WorkSubgroup.WARNING, WorkSubgroup.EVACUATION,
                                             WorkSubgroup.RESCUE, WorkSubgroup.LOGISTICS}  # fmt: skip


def test_risk_points_routes_supplies_and_cards(demo: Path) -> None:
    with Workspace.open(demo, clock=lambda: TODAY) as ws:
        points = ws.plan_parts.all(RiskPoint)
        routes = {r.id: r for r in ws.plan_parts.all(Route)}
        supplies = ws.plan_parts.all(Supply)
        cards = ws.plan_parts.all(EmergencyCard)
        shelters = {s.id: s for s in ws.plans.shelters()}
        names = ws.villages.names()
    kinds = {p.kind for p in points}
    assert {RiskKind.FLASH_FLOOD, RiskKind.GEOHAZARD, RiskKind.SUBSIDENCE,
            RiskKind.DANGEROUS_HOUSE, RiskKind.FOREST} <= kinds  # fmt: skip
    assert {p.village_id for p in points} == set(names)
    unwatched = [(names[p.village_id or 0], p.kind) for p in points if p.needs_monitor]
    assert unwatched == [("贝坡村", RiskKind.GEOHAZARD)]
    for route in routes.values():
        assert route.shelter_id in shelters  # the village's shelter, or the township's
    states = [(names[s.village_id or 0], s.name, s.state(TODAY)) for s in supplies
              if s.state(TODAY) is not SupplyState.OK]  # fmt: skip
    assert states == [("河头村", "干粉灭火器", SupplyState.EXPIRED),
                      ("东山村", "应急食品（方便面、饮用水）", SupplyState.EXPIRING)]  # fmt: skip
    assert len(cards) == 23 * 9
    assert {(c.role, c.kind) for c in cards} == {
        (r, k) for r in ("村党支部书记", "网格员", "监测员")
        for k in (PlanKind.FLOOD, PlanKind.GEOLOGICAL, PlanKind.FIRE)
    }  # fmt: skip
    assert all(1 <= len(c.steps) <= MAX_CARD_STEPS for c in cards)
    for rec in [*points, *routes.values(), *supplies, *cards]:
        CHECKS[type(rec)](rec)  # every demo record passes its domain rule


def test_households_with_their_gaps(demo: Path) -> None:
    with Workspace.open(demo, clock=lambda: TODAY) as ws:
        households = ws.plan_parts.all(Household)
        points = {p.id: p for p in ws.plan_parts.all(RiskPoint)}
        names = ws.villages.names()
    per_village: dict[int, int] = {}
    for h in households:
        per_village[h.village_id] = per_village.get(h.village_id, 0) + 1
        assert h.phone.startswith("1380000") and h.at_risk
    assert set(per_village) == set(names) and all(4 <= n <= 8 for n in per_village.values())
    assert any(h.vulnerable for h in households)
    gaps = {(names[h.village_id], h.head): household_gaps(h) for h in households if household_gaps(h)}
    helpless = [k for k, g in gaps.items() if HouseholdGap.HELPER in g]
    routeless = [k for k, g in gaps.items() if HouseholdGap.ROUTE in g]
    assert [v for v, _ in helpless] == ["北音村", "中庄村", "楼泉村"]
    assert [v for v, _ in routeless] == ["下河村"]
    # The threatened figures of a 风险点 are those of its households.
    for pid, point in points.items():
        mine = [h for h in households if h.risk_point_id == pid]
        if mine:
            assert (point.households, point.people) == (len(mine), sum(h.size for h in mine))


def test_baobao_chain_escalates_up_the_levels(demo: Path) -> None:
    with Workspace.open(demo, clock=lambda: TODAY) as ws:
        chain = ws.plan_parts.all(BaobaoAssignment)
        households = {h.id: h for h in ws.plan_parts.all(Household)}
        people = {p.id: p for p in ws.people.list()}
        villages = ws.villages.names()
    (county,) = [a for a in chain if a.level is BaobaoLevel.COUNTY]
    assert county.village_id is None and county.escalate_to_id is None
    township = [a for a in chain if a.level is BaobaoLevel.TOWNSHIP]
    assert {a.village_id for a in township} == set(villages)
    assert all(a.escalate_to_id == county.person_id for a in township)
    by_person_level = {(a.village_id, a.person_id): a.level for a in chain}
    for a in chain:
        if a.escalate_to_id is None:
            continue
        up = by_person_level.get((a.village_id, a.escalate_to_id)) or by_person_level[
            (None, a.escalate_to_id)
        ]
        assert LEVEL_ORDER[up] < LEVEL_ORDER[a.level], a
        assert a.person_id in people
    covered = {a.household_id for a in chain if a.household_id is not None}
    assert covered == {h.id for h in households.values() if h.helper_id is not None}
    for a in chain:
        if a.household_id is not None:
            assert households[a.household_id].helper_id == a.person_id
    # Within one village and level the call order runs 1, 2, 3 …
    groups = [a for a in chain
              if a.level is BaobaoLevel.VILLAGE and villages.get(a.village_id or 0) == "上庄村"]  # fmt: skip
    assert sorted(a.call_order for a in groups) == list(range(1, len(groups) + 1))


def test_demo_is_deterministic_and_leaves_plans_as_written(tmp_path: Path, demo: Path) -> None:
    with Workspace.open(tmp_path / "again.db", clock=lambda: TODAY) as ws:
        create_demo(ws, seed=3, today=TODAY)
        again = [(h.head, h.phone, h.helper_id) for h in ws.plan_parts.all(Household)]
        needs = ws.plans.matrix().totals.needs_revision
    with Workspace.open(demo, clock=lambda: TODAY) as ws:
        first = [(h.head, h.phone, h.helper_id) for h in ws.plan_parts.all(Household)]
    assert again == first
    assert needs == 1  # only the overdue 防汛 plan: writing the chain fired no 需修订
