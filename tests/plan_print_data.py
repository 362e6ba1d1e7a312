"""A small 一制四案 data set for the printed forms, built through the services (no demo data).

Two villages: 上庄村 (five 处置卡, a 包保 chain, contacts lacking some required entries, two
danger-zone households, a shelter, a 防汛 plan with signals) and 润城村 (one card, nothing else);
the township has its own shelter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from safetydesk.domain.baobao import BaobaoAssignment, BaobaoLevel, Household, VulnerableKind
from safetydesk.domain.common import Person, PersonRole, Village
from safetydesk.domain.plan_parts import (
    Contact,
    ContactCategory,
    EmergencyCard,
    RiskKind,
    RiskPoint,
    Route,
)
from safetydesk.domain.plans import PlanKind, Shelter
from safetydesk.services import Workspace

#: Eight steps, each long enough to wrap: the fullest card a village may have.
STEPS = tuple(
    f"第{n}步：接到镇防汛办预警后立即通知本组群众，逐户核实转移人数并向村委会报告情况" for n in range(1, 9)
)


@dataclass(frozen=True)
class PlanData:
    """Ids of what :func:`build` made."""

    shangzhuang: int
    runcheng: int
    helper: int
    households: tuple[int, int]


def build(ws: Workspace) -> PlanData:
    """Fill ``ws`` with the data set; returns the ids the tests need."""
    sz = ws.villages.save(Village(name="上庄村")).record.id
    rc = ws.villages.save(Village(name="润城村")).record.id
    assert sz is not None and rc is not None

    def person(name: str, role: PersonRole, mobile: str, village: int | None = sz) -> int:
        pid = ws.people.save(Person(name=name, role=role, village_id=village, mobile=mobile)).record.id
        assert pid is not None
        return pid

    cadre = person("王建国", PersonRole.TOWNSHIP_OFFICIAL, "13800000101", None)
    secretary = person("李守业", PersonRole.VILLAGE_CADRE, "13800000102")
    helper = person("张秀英", PersonRole.GRID_WORKER, "13800000103")
    monitor = person("赵铁柱", PersonRole.MONITOR, "13800000104")
    parts = ws.plan_parts
    for n, role in enumerate(("村党支部书记", "网格员", "监测员", "护林员", "避险点管理员"), 1):
        parts.add(EmergencyCard(None, sz, f"上庄村{role}防汛应急处置卡{n}", role, PlanKind.FLOOD,
                                "接到橙色及以上暴雨预警，或发现山洪前兆", STEPS if n == 1 else STEPS[:4],
                                report_to="镇防汛办", report_phone="13800000001",
                                cautions="不得组织老弱妇幼参加抢险。",
                                version_on=date(2026, 5, 20)))  # fmt: skip
    parts.add(EmergencyCard(None, rc, "润城村网格员地震应急处置卡", "网格员", PlanKind.EARTHQUAKE,
                            "发生有感地震", ("组织群众就近疏散到避难场所",)))  # fmt: skip
    parts.add(Contact(None, sz, ContactCategory.TOWNSHIP_DUTY, "润城镇值班室", phone="0356-4680000"))
    parts.add(Contact(None, sz, ContactCategory.VILLAGE_CADRE, "李守业", post="党支部书记",
                      mobile="13800000102", person_id=secretary))  # fmt: skip
    parts.add(Contact(None, sz, ContactCategory.OTHER, "沁河水文站", phone="0356-4681111"))
    parts.add(BaobaoAssignment(None, sz, BaobaoLevel.VILLAGE, secretary, "第一村民小组",
                               post="党支部书记", call_order=1, escalate_to_id=cadre))  # fmt: skip
    parts.add(BaobaoAssignment(None, sz, BaobaoLevel.TOWNSHIP, cadre, "上庄村", post="包村干部",
                               hazards=(PlanKind.FLOOD, PlanKind.GEOLOGICAL)))  # fmt: skip
    parts.add(BaobaoAssignment(None, sz, BaobaoLevel.GROUP, helper, "后沟 3 户", call_order=2,
                               escalate_to_id=secretary))  # fmt: skip
    shelter = ws.plans.add_shelter(Shelter(None, sz, "上庄村委会广场", "上庄村委会", 300,
                                           area=1200, manager="李守业", manager_phone="13800000102",
                                           facilities="水、电、厕所"))  # fmt: skip
    ws.plans.add_shelter(Shelter(None, None, "润城镇中学操场", "润城镇中学", 1500,
                                 manager="王建国", manager_phone="13800000101"))  # fmt: skip
    point = parts.add(RiskPoint(None, sz, "后沟山洪危险区", RiskKind.FLASH_FLOOD, "上庄村后沟",
                                households=2, people=7, monitor_id=monitor))  # fmt: skip
    route = parts.add(Route(None, sz, "后沟—村委会路线", "后沟", shelter_id=shelter.id,
                            description="沿村道向东，经古槐树到村委会"))  # fmt: skip
    home1 = parts.add(Household(None, sz, "刘满仓", "第一村民小组", "后沟 12 号", 4,
                                phone="13800000201", vulnerable=(VulnerableKind.ALONE_ELDERLY,),
                                risk_point_id=point.id, helper_id=helper, shelter_id=shelter.id,
                                route_id=route.id, card_issued_on=date(2026, 5, 25)))  # fmt: skip
    home2 = parts.add(Household(None, sz, "陈二妮", "第一村民小组", "后沟 15 号", 3,
                                risk_point_id=point.id))  # fmt: skip
    parts.add(Household(None, sz, "安全户", "第二村民小组", "村东 1 号", 2))  # not at risk
    ws.plans.add_version(sz, PlanKind.FLOOD, "2026年版", drafted_on=date(2026, 4, 1))
    ws.plan_content.edit(sz, PlanKind.FLOOD,
                         fields={"warning_signal": "大喇叭连续广播", "evacuate_signal": "急促锣声"})  # fmt: skip
    assert home1.id is not None and home2.id is not None
    return PlanData(sz, rc, helper, (home1.id, home2.id))
