"""Demo parts of 润城镇's 一制四案 (B §1.2, §1.5, §1.6; DOMAIN.md A9).

Every village gets its 通讯录, 应急工作组, 风险点 with 监测人, 转移路线 to its shelter (the
township's where it has none), 应急队伍, 物资, 应急处置卡, 危险区 households with 重点人群, and
the 包保 chain 县包乡 → 乡包村 → 村包组 → 组包户/党员包人 with call orders and escalation. The
people it needs (两委委员, 信息报告员, 监测员, 护林员, 党员, 组长, 包村干部, the county leader) are
added to the register. Realistic gaps: one village has no 信息报告员, one 地灾隐患点 has no 监测人,
a few households lack a helper and one a route, one supply is expired and one expires within 30
days. The rows go in through the stores in bulk (fast, and without the 需修订 hooks a single
change fires: the demo's plans stay as :mod:`.plans` wrote them); each record is checked by its
domain rule first.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from safetydesk.domain.baobao import BaobaoAssignment, BaobaoLevel, Household, VulnerableKind
from safetydesk.domain.common import Person, PersonRole, Village, VillageKind
from safetydesk.domain.plan_parts import (
    Contact,
    ContactCategory,
    EmergencyCard,
    RiskKind,
    RiskPoint,
    Route,
    Supply,
    Team,
    TeamKind,
    WorkGroupMember,
    WorkSubgroup,
)
from safetydesk.domain.plans import PlanKind, Shelter
from safetydesk.services.demo import plan_part_texts as texts
from safetydesk.services.plan_parts import CHECKS
from safetydesk.storage import plan_parts as parts_store
from safetydesk.storage import plans as plans_store
from safetydesk.storage.registers import PersonStore
from safetydesk.storage.rows import RecordStore

if TYPE_CHECKING:
    from sqlite_utils import Database

    from safetydesk.services.demo.registers import Gen

R = TypeVar("R")

#: Index (register order) of the village whose 通讯录 lacks its 信息报告员.
NO_INFO_REPORTER = 15
#: Index of the village whose 地灾隐患点 has no 监测人.
UNMONITORED = 9
#: (village index, household index) of the households without a helper, and the one without a route.
NO_HELPER = ((4, 1), (11, 0), (20, 2))
NO_ROUTE = (7, 3)
#: Village indexes of the one expired supply and the one expiring within 30 days.
EXPIRED_SUPPLY, EXPIRING_SUPPLY = 6, 13
#: The roles and hazards of the cards (B §1.6).
CARD_ROLES = ("村党支部书记", "网格员", "监测员")
CARD_KINDS = (PlanKind.FLOOD, PlanKind.GEOLOGICAL, PlanKind.FIRE)
_NUMS = "一二三四五六七八九十"
@dataclass
class _Village:
    """One village's people and places while its parts are made."""

    index: int
    village: Village
    people: dict[str, Person] = field(default_factory=dict)
    shelter: Shelter | None = None
    groups: list[str] = field(default_factory=list)

    @property
    def id(self) -> int:
        assert self.village.id is not None
        return self.village.id

    @property
    def prefix(self) -> str:
        return self.village.name.removesuffix("村").removesuffix("社区")


def _bulk(db: Database, store_cls: type[RecordStore[R]], recs: list[R]) -> list[R]:
    """Check and insert ``recs`` in one go; returns them with their ids (max_id + 1 …)."""
    store = store_cls(db)
    for rec in recs:
        CHECKS.get(type(rec), lambda _: None)(rec)
    first = store.max_id()
    store.bulk_insert(recs)
    return [replace(rec, id=first + 1 + i) for i, rec in enumerate(recs)]  # type: ignore[type-var]


def _store(cls: type) -> type[RecordStore[Any]]:
    return parts_store.VILLAGE_STORES[cls]


def create_demo_plan_parts(db: Database, gen: Gen, villages: list[Village], *, today: date) -> None:
    """Write every village's parts (inside the caller's transaction)."""
    people = PersonStore(db).list()
    shelters = plans_store.shelters(db)
    township_shelter = next(s for s in shelters if s.village_id is None)
    by_village = {s.village_id: s for s in shelters if s.village_id is not None}
    vs = [_Village(i, v, shelter=by_village.get(v.id or 0)) for i, v in enumerate(villages)]
    county, cadres = _add_people(db, gen, vs, people)
    year_start = date(today.year if today.month >= 5 else today.year - 1, 5, 20)
    risks, households = _risks_and_households(db, gen, vs, township_shelter, year_start)
    _chain(db, vs, county, cadres, risks, households, year_start)
    _contacts_and_groups(db, vs, cadres)
    _teams_supplies_cards(db, gen, vs, today, year_start)


def _add_people(
    db: Database, gen: Gen, vs: list[_Village], existing: list[Person]
) -> tuple[Person, list[Person]]:
    """Add the people the parts name; fill each village's ``people`` by duty."""
    by_village: dict[int, list[Person]] = {}
    for p in existing:
        if p.village_id is not None:
            by_village.setdefault(p.village_id, []).append(p)
    new: list[Person] = []
    for v in vs:
        mine = by_village.get(v.id, [])
        for p in mine:
            duty = {PersonRole.GRID_WORKER: "grid", PersonRole.MONITOR: "monitor",
                    PersonRole.RANGER: "ranger"}.get(p.role)  # fmt: skip
            if p.role is PersonRole.VILLAGE_CADRE:
                duty = "secretary" if p.organisation.endswith("书记") else "director"
            if duty:
                v.people.setdefault(duty, p)
        committee = "居委会委员" if v.village.kind is VillageKind.COMMUNITY else "村委委员"
        wanted = [("member1", PersonRole.VILLAGE_CADRE, f"{committee}（治保主任）"),
                  ("member2", PersonRole.VILLAGE_CADRE, f"{committee}（妇联主任）"),
                  ("reporter", PersonRole.INFO_REPORTER, "信息报告员"),
                  ("monitor", PersonRole.MONITOR, "地灾群测群防监测员"),
                  ("ranger", PersonRole.RANGER, "护林员"),
                  ("party1", PersonRole.OTHER, "党员（包户责任人）"),
                  ("party2", PersonRole.OTHER, "党员（包户责任人）"),
                  ("leader", PersonRole.OTHER, "第一村民小组组长")]  # fmt: skip
        for duty, role, post in wanted:
            if duty in v.people or (duty == "reporter" and v.index == NO_INFO_REPORTER):
                continue
            new.append(Person(name=gen.name(), role=role, village_id=v.id,
                              organisation=f"{v.village.name} {post}", mobile=gen.phone()))  # fmt: skip
    n_cadres = (len(vs) + 1) // 2
    for i in range(n_cadres):
        new.append(Person(name=gen.name(), role=PersonRole.TOWNSHIP_OFFICIAL,
                          organisation=f"润城镇人民政府 包村干部（第{_NUMS[i % 10]}片）",
                          mobile=gen.phone(), phone="0356-4000" + f"{200 + i:03d}"))  # fmt: skip
    new.append(Person(name=gen.name(), role=PersonRole.OTHER,
                      organisation="阳城县人民政府 副县长（包乡县领导）", mobile=gen.phone()))  # fmt: skip
    added = _bulk(db, PersonStore, new)
    cadres, county = added[-1 - n_cadres : -1], added[-1]
    by_org = {(p.village_id, p.organisation): p for p in added}
    for v in vs:
        for duty, post in (("member1", "（治保主任）"), ("member2", "（妇联主任）"),
                           ("reporter", "信息报告员"), ("monitor", "监测员"), ("ranger", "护林员"),
                           ("leader", "组长")):  # fmt: skip
            if duty not in v.people:
                found = [p for (vid, org), p in by_org.items() if vid == v.id and org.endswith(post)]
                if found:
                    v.people[duty] = found[0]
        party = [p for p in added if p.village_id == v.id and "党员" in p.organisation]
        v.people["party1"], v.people["party2"] = party[0], party[1]
        count = v.village.group_count or 3
        unit = "网格" if v.village.kind is VillageKind.COMMUNITY else "村民小组"
        v.groups = [f"第{_NUMS[g]}{unit}" for g in range(count)]
    return county, cadres


def _risk_kinds(index: int, community: bool) -> list[RiskKind]:
    """The 风险点 of a village (晋城's 采空塌陷区 in every fourth village)."""
    if community:
        return [RiskKind.LOW_LYING, RiskKind.DANGEROUS_HOUSE]
    kinds = [RiskKind.FLASH_FLOOD if index % 2 else RiskKind.WATERWAY]
    if index % 3 == 0 or index == UNMONITORED:
        kinds.append(RiskKind.GEOHAZARD)
    if index % 4 == 1:
        kinds.append(RiskKind.SUBSIDENCE)
    if index % 2 == 0:
        kinds.append(RiskKind.DANGEROUS_HOUSE)
    if index % 3 == 1:
        kinds.append(RiskKind.FOREST)
    return kinds


def _risk_name(v: _Village, kind: RiskKind) -> tuple[str, str]:
    p, g = v.prefix, v.groups[-1]
    return {
        RiskKind.FLASH_FLOOD: (f"{p}后沟山洪危险区", f"{g}后沟沟口两侧"),
        RiskKind.WATERWAY: (f"沁河{p}段河道险工", f"{g}沁河沿岸"),
        RiskKind.LOW_LYING: (f"{p}地下车库低洼易涝点", "小区南门地下车库入口"),
        RiskKind.GEOHAZARD: (f"{p}西坡滑坡隐患点", f"{v.groups[0]}西坡坡脚民房后"),
        RiskKind.SUBSIDENCE: (f"{p}采空塌陷区", f"{v.groups[-2 if len(v.groups) > 1 else 0]}老煤窑上方"),
        RiskKind.DANGEROUS_HOUSE: (f"{p}老旧危房片区", f"{v.groups[0]}老街"),
        RiskKind.FOREST: (f"{p}北山林区及坟地", "北山林缘、坟地"),
    }[kind]


def _risks_and_households(
    db: Database, gen: Gen, vs: list[_Village], township: Shelter, card_day: date
) -> tuple[list[RiskPoint], list[Household]]:
    """The 风险点, their routes and the households they threaten."""
    rnd = gen.rnd
    points: list[RiskPoint] = []
    for v in vs:
        for kind in _risk_kinds(v.index, v.village.kind is VillageKind.COMMUNITY):
            name, place = _risk_name(v, kind)
            monitor = v.people.get("ranger" if kind is RiskKind.FOREST else "monitor")
            if kind is RiskKind.GEOHAZARD and v.index == UNMONITORED:
                monitor = None
            method = {RiskKind.GEOHAZARD: "裂缝设桩、贴片，量尺测量", RiskKind.SUBSIDENCE:
                      "地面裂缝和房屋变形巡查", RiskKind.FLASH_FLOOD: "简易雨量计、水位尺"}  # fmt: skip
            points.append(RiskPoint(
                id=None, village_id=v.id, name=name, kind=kind, place=place,
                monitor_id=monitor.id if monitor else None, monitor_method=method.get(kind, "巡查"),
                warning_threshold="1小时降雨量超过30毫米" if kind is RiskKind.FLASH_FLOOD else "",
                plan_kinds=texts.RISK_PLANS[kind],
            ))  # fmt: skip
    first = _store(RiskPoint)(db).max_id()
    points = [replace(p, id=first + 1 + i) for i, p in enumerate(points)]
    threatening = [p for p in points if p.kind is not RiskKind.FOREST]
    routes: list[Route] = []
    route_of: dict[int, int] = {}
    route_first = _store(Route)(db).max_id()
    for p in threatening:
        v = vs[[x.id for x in vs].index(p.village_id or 0)]
        shelter = v.shelter or township
        route_of[p.id or 0] = route_first + 1 + len(routes)
        minutes = rnd.randint(6, 25)
        routes.append(Route(
            id=None, village_id=v.id, name=f"{p.name.removeprefix(v.prefix)}—{shelter.name}路线",
            start=p.place, shelter_id=shelter.id, distance_m=minutes * 70, walk_minutes=minutes,
            description=f"从{p.place}出发，沿村主路向高处行进，经村委会到{shelter.place}",
            avoid="不走沟道、河滩和漫水桥" if p.kind is not RiskKind.DANGEROUS_HOUSE else "避开老街窄巷",
        ))  # fmt: skip
    households: list[Household] = []
    for v in vs:
        mine = [p for p in threatening if p.village_id == v.id]
        for h in range(rnd.randint(4, 8)):
            point = mine[h % len(mine)]
            size = rnd.randint(1, 6)
            head = gen.name()
            kinds, detail = texts.VULNERABLE[rnd.randrange(len(texts.VULNERABLE))]
            if size == 1:
                kinds, detail = (VulnerableKind.ALONE_ELDERLY,), texts.VULNERABLE[0][1]
            helper = None if (v.index, h) in NO_HELPER else v.people[("grid", "party1", "party2")[h % 3]]
            if h == 0 and (v.index, h) not in NO_HELPER:
                helper = v.people["leader"]
            group = point.place[: point.place.find("组") + 1] if "组" in point.place else v.groups[0]
            households.append(Household(
                id=None, village_id=v.id, head=head, group_name=group,
                address=f"润城镇{v.village.name}{group}{rnd.randint(1, 99)}号", size=size,
                phone=gen.phone(), residents=max(1, size - rnd.randint(0, 2)), vulnerable=kinds,
                vulnerable_detail=detail.format(n=head, age=rnd.randint(72, 88),
                                                age_child=rnd.randint(6, 13)),
                risk_point_id=point.id, helper_id=helper.id if helper else None,
                shelter_id=(v.shelter or township).id,
                route_id=None if (v.index, h) == NO_ROUTE else route_of[point.id or 0],
                card_issued_on=None if helper is None else card_day,
            ))  # fmt: skip
    for i, p in enumerate(points):
        mine_h = [h for h in households if h.risk_point_id == p.id]
        if mine_h:
            points[i] = replace(p, households=len(mine_h), people=sum(h.size for h in mine_h))
    _bulk(db, _store(RiskPoint), points)
    _bulk(db, _store(Route), routes)
    return points, _bulk(db, _store(Household), households)


def _chain(
    db: Database, vs: list[_Village], county: Person, cadres: list[Person],
    risks: list[RiskPoint], households: list[Household], valid_from: date,
) -> None:  # fmt: skip
    """The 包保 chain, top to bottom, each level escalating to the one above."""
    plan_kinds = {p.id: p.plan_kinds for p in risks}
    out = [BaobaoAssignment(id=None, village_id=None, level=BaobaoLevel.COUNTY, person_id=county.id or 0,
                            target="润城镇", post="副县长", valid_from=valid_from)]  # fmt: skip
    for v in vs:
        cadre = cadres[v.index // 2]
        out.append(BaobaoAssignment(id=None, village_id=v.id, level=BaobaoLevel.TOWNSHIP,
                                    person_id=cadre.id or 0, target=v.village.name, post="镇包村干部",
                                    escalate_to_id=county.id, valid_from=valid_from))  # fmt: skip
        committee = [v.people[k] for k in ("secretary", "director", "member1", "member2")]
        group_person: dict[str, Person] = {}
        for g, group in enumerate(v.groups):
            who = committee[g % len(committee)]
            group_person[group] = who
            out.append(BaobaoAssignment(id=None, village_id=v.id, level=BaobaoLevel.VILLAGE,
                                        person_id=who.id or 0, target=group, post="村两委",
                                        call_order=g + 1, escalate_to_id=cadre.id,
                                        valid_from=valid_from))  # fmt: skip
        order = 0
        for h in households:
            if h.village_id != v.id or h.helper_id is None:
                continue
            order += 1
            leader = h.helper_id == v.people["leader"].id
            out.append(BaobaoAssignment(
                id=None, village_id=v.id,
                level=BaobaoLevel.GROUP if leader else BaobaoLevel.PERSON,
                person_id=h.helper_id, target=f"{h.head}户（{h.group_name}）",
                post="村民小组长" if leader else
                ("网格员" if h.helper_id == v.people["grid"].id else "党员"),
                household_id=h.id, hazards=plan_kinds.get(h.risk_point_id, ()), call_order=order,
                escalate_to_id=group_person.get(h.group_name, committee[0]).id,
                valid_from=valid_from,
            ))  # fmt: skip
    _bulk(db, _store(BaobaoAssignment), out)


def _contacts_and_groups(db: Database, vs: list[_Village], cadres: list[Person]) -> None:
    """Each village's 通讯录 and 应急工作组."""
    contacts: list[Contact] = []
    members: list[WorkGroupMember] = []
    for v in vs:
        cadre = cadres[v.index // 2]
        people = v.people
        rows: list[tuple[ContactCategory, str, str, str, str, Person | None]] = [
            (cat, name, post, "", phone, None) for cat, name, post, phone in texts.FIXED_CONTACTS
        ]
        rows.append((ContactCategory.TOWNSHIP_CADRE, cadre.name, "镇包村干部", cadre.mobile,
                     cadre.phone, cadre))  # fmt: skip
        for key, post in (("secretary", "党组织书记"), ("director", "主任"),
                          ("member1", "治保主任"), ("member2", "妇联主任")):  # fmt: skip
            p = people[key]
            rows.append((ContactCategory.VILLAGE_CADRE, p.name, post, p.mobile, "", p))
        for key, cat in (("grid", ContactCategory.GRID_WORKER), ("reporter", ContactCategory.INFO_REPORTER),
                         ("monitor", ContactCategory.MONITOR), ("ranger", ContactCategory.RANGER)):  # fmt: skip
            if key in people:
                rows.append((cat, people[key].name, str(cat), people[key].mobile, "", people[key]))
        for n, (cat, name, post, mobile, phone, person) in enumerate(rows):
            contacts.append(Contact(id=None, village_id=v.id, category=cat, name=name, post=post,
                                    mobile=mobile, phone=phone, sort_order=n + 1,
                                    person_id=person.id if person else None))  # fmt: skip
        plan = [(WorkSubgroup.LEADERSHIP, "secretary", "组长", "全面指挥本村应急处置"),
                (WorkSubgroup.LEADERSHIP, "director", "副组长", "协助组长，负责转移安置"),
                (WorkSubgroup.WARNING, "reporter" if "reporter" in people else "grid", "组长",
                 "接收预警、叫应、向镇里报告灾情"),
                (WorkSubgroup.WARNING, "monitor", "成员", "风险点巡查监测"),
                (WorkSubgroup.EVACUATION, "director", "组长", "组织危险区群众转移"),
                (WorkSubgroup.EVACUATION, "grid", "成员", "逐户通知、清点人数"),
                (WorkSubgroup.EVACUATION, "party1", "成员", "一对一帮扶重点人群"),
                (WorkSubgroup.RESCUE, "member1", "组长", "带领应急抢险队抢险救援"),
                (WorkSubgroup.LOGISTICS, "member2", "组长", "物资发放和安置点生活保障")]  # fmt: skip
        for order, (sub, key, duty, tasks) in enumerate(plan):
            members.append(WorkGroupMember(id=None, village_id=v.id, subgroup=sub,
                                           person_id=people[key].id or 0, duty=duty, tasks=tasks,
                                           sort_order=order + 1))  # fmt: skip
    _bulk(db, _store(Contact), contacts)
    _bulk(db, _store(WorkGroupMember), members)


def _teams_supplies_cards(
    db: Database, gen: Gen, vs: list[_Village], today: date, version_on: date
) -> None:
    """Teams, supplies and the 应急处置卡 of each village."""
    teams: list[Team] = []
    supplies: list[Supply] = []
    cards: list[EmergencyCard] = []
    for v in vs:
        community = v.village.kind is VillageKind.COMMUNITY
        lead = v.people["member1"]
        teams.append(Team(
            id=None, village_id=v.id, name=f"{v.village.name}{'志愿消防队' if community else '应急抢险队'}",
            kind=TeamKind.VOLUNTEER_FIRE if community else TeamKind.RESCUE, leader=lead.name,
            leader_phone=lead.mobile, size=gen.rnd.randint(12, 30), members="民兵、党员、青壮年村民",
            equipment="铁锹、编织袋、救生衣、手电、对讲机",
        ))  # fmt: skip
        if "ranger" in v.people and RiskKind.FOREST in _risk_kinds(v.index, community):
            ranger = v.people["ranger"]
            teams.append(Team(id=None, village_id=v.id, name=f"{v.village.name}扑火队",
                              kind=TeamKind.FIREFIGHTING, leader=ranger.name,
                              leader_phone=ranger.mobile, size=gen.rnd.randint(10, 20),
                              equipment="风力灭火机、二号工具、水枪"))  # fmt: skip
        keeper = v.people["member2"]
        for name, spec, qty, unit, days in texts.SUPPLIES:
            expires = None if days is None else today + timedelta(days=days + v.index * 3)
            if days is not None and v.index == EXPIRED_SUPPLY and name.startswith("干粉"):
                expires = today - timedelta(days=40)
            if days is not None and v.index == EXPIRING_SUPPLY and name.startswith("应急食品"):
                expires = today + timedelta(days=15)
            supplies.append(Supply(id=None, village_id=v.id, name=name, spec=spec, quantity=qty,
                                   unit=unit, place=f"{v.village.name}村委会物资储备室",
                                   keeper=keeper.name, keeper_phone=keeper.mobile,
                                   checked_on=version_on, expires_on=expires))  # fmt: skip
        for role in CARD_ROLES:
            for kind in CARD_KINDS:
                cards.append(EmergencyCard(
                    id=None, village_id=v.id, title=f"{v.village.name}{role}{kind}应急处置卡",
                    role=role, kind=kind, trigger=texts.CARD_TRIGGERS[kind],
                    steps=texts.CARD_STEPS[(role, kind)], report_to=texts.DUTY_ROOM,
                    report_phone=texts.DUTY_PHONE, cautions=texts.CARD_CAUTIONS[kind],
                    version_on=version_on,
                ))  # fmt: skip
    _bulk(db, _store(Team), teams)
    _bulk(db, _store(Supply), supplies)
    _bulk(db, _store(EmergencyCard), cards)
