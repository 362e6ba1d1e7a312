"""A small 包保 chain for the 叫应 tests, written through the real services.

Two villages (上庄村, 润城村) and a third without any 包保 relation (屯城村); one 县包乡
leader for the whole township; per village a 乡包村 cadre, a 村包组 cadre and a 组包户 helper
(上庄村 also a 党员包人 who covers 防火 only). Phones are of the demo form 1380000xxxx.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from safetydesk.domain.baobao import BaobaoAssignment, BaobaoLevel
from safetydesk.domain.common import Person, PersonRole, Village
from safetydesk.domain.plans import PlanKind
from safetydesk.services import Workspace

#: When the test call-outs start (a summer storm night).
START = datetime(2026, 7, 14, 21, 30)


@dataclass(frozen=True)
class Chain:
    """Ids of what :func:`make_chain` wrote."""

    shangzhuang: int
    runcheng: int
    tuncheng: int
    people: dict[str, int]


def _person(ws: Workspace, name: str, role: PersonRole, village: int | None, mobile: str,
            phone: str = "") -> int:  # fmt: skip
    rec = ws.people.save(
        Person(name=name, role=role, village_id=village, mobile=mobile, phone=phone)
    ).record
    assert rec.id is not None
    return rec.id


def make_chain(ws: Workspace) -> Chain:
    """Villages, people and 包保 relations of the tests (see the module's text)."""
    ids = []
    for name in ("上庄村", "润城村", "屯城村"):
        v = ws.villages.save(Village(name=name)).record
        assert v.id is not None
        ids.append(v.id)
    sz, rc, tc = ids
    p = {
        "赵县长": _person(ws, "赵县长", PersonRole.OTHER, None, "13800000001"),
        "钱镇长": _person(ws, "钱镇长", PersonRole.TOWNSHIP_LEADER, None, "13800000002"),
        "孙干部": _person(ws, "孙干部", PersonRole.TOWNSHIP_OFFICIAL, None, "13800000003",
                          "0356-4000003"),  # fmt: skip
        "李书记": _person(ws, "李书记", PersonRole.VILLAGE_CADRE, sz, "13800000011"),
        "周组长": _person(ws, "周组长", PersonRole.VILLAGE_CADRE, sz, "13800000012"),
        "吴网格": _person(ws, "吴网格", PersonRole.GRID_WORKER, sz, "13800000013"),
        "郑党员": _person(ws, "郑党员", PersonRole.OTHER, sz, "13800000014"),
        "王主任": _person(ws, "王主任", PersonRole.VILLAGE_CADRE, rc, "13800000021"),
        "冯网格": _person(ws, "冯网格", PersonRole.GRID_WORKER, rc, "13800000022"),
    }
    add = ws.plan_parts.add
    add(BaobaoAssignment(id=None, village_id=None, level=BaobaoLevel.COUNTY,
                         person_id=p["赵县长"], target="润城镇", post="县包乡领导"))  # fmt: skip
    add(BaobaoAssignment(id=None, village_id=rc, level=BaobaoLevel.TOWNSHIP,
                         person_id=p["钱镇长"], target="润城村", post="镇长"))  # fmt: skip
    add(BaobaoAssignment(id=None, village_id=sz, level=BaobaoLevel.TOWNSHIP,
                         person_id=p["孙干部"], target="上庄村", post="驻村干部",
                         backup_phone="0356-4000099"))  # fmt: skip
    add(BaobaoAssignment(id=None, village_id=sz, level=BaobaoLevel.VILLAGE,
                         person_id=p["周组长"], target="第二村民小组", post="村委委员",
                         call_order=2))  # fmt: skip
    add(BaobaoAssignment(id=None, village_id=sz, level=BaobaoLevel.VILLAGE,
                         person_id=p["李书记"], target="第一村民小组", post="党支部书记",
                         call_order=1, escalate_to_id=p["钱镇长"]))  # fmt: skip
    add(BaobaoAssignment(id=None, village_id=sz, level=BaobaoLevel.GROUP,
                         person_id=p["吴网格"], target="第一组 危险区 5 户", post="网格员",
                         hazards=(PlanKind.FLOOD, PlanKind.GEOLOGICAL)))  # fmt: skip
    add(BaobaoAssignment(id=None, village_id=sz, level=BaobaoLevel.PERSON,
                         person_id=p["郑党员"], target="独居老人 张某", post="党员",
                         hazards=(PlanKind.FIRE,)))  # fmt: skip
    add(BaobaoAssignment(id=None, village_id=rc, level=BaobaoLevel.GROUP,
                         person_id=p["冯网格"], target="河边 3 户", post="网格员"))  # fmt: skip
    return Chain(sz, rc, tc, p)
