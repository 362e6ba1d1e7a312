"""Demo 应急演练 of 润城镇: a year's plan and drills (B §2; DOMAIN.md A7, A9).

The township holds its 实战 multi-department 防汛 drill in June and a 森林火灾 桌面推演 in
March; most villages hold their 防汛 drill in May or June (one was moved to June, with its
reason), a few hold none and are out of compliance; the 人员密集场所, 危化品 and mining units
report their half-yearly drills (some miss the second half), most 工贸企业 their yearly one. The
demo year is the last day's year once July has begun (else the year before); nothing is dated
after the last day.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from safetydesk.domain.common import Unit, UnitType, Village
from safetydesk.domain.drill_plans import PlanItem, Recurrence
from safetydesk.domain.drill_records import DrillFinding, check_findings
from safetydesk.domain.drills import (
    Drill,
    DrillCategory,
    DrillConclusion,
    DrillForm,
    DrillScope,
    SubjectKind,
    check_drill,
)
from safetydesk.domain.plans import PlanKind
from safetydesk.domain.queries import ListQuery
from safetydesk.storage import drill_records as record_store
from safetydesk.storage import drills as store
from safetydesk.storage import plans as plan_store

if TYPE_CHECKING:
    from safetydesk.services import Workspace

#: Indexes (in register order) of the villages that held no drill in the demo year.
NO_DRILL = (6, 13, 19)
#: Index of the village whose planned May drill was moved to June.
MOVED = 4
#: The township's multi-department drill (B §2.2, 润城 wording).
TOWN_UNITS = "镇应急办、派出所、卫生院、消防救援站、供电所、水务站、各村应急分队"


def demo_year(today: date) -> int:
    """The year the demo's drills are in (this year once July has begun)."""
    return today.year if today >= date(today.year, 7, 1) else today.year - 1


def create_demo_drills(ws: Workspace, villages: list[Village], *, today: date) -> None:
    """Write the rules, the year's plan and its drills (inside the caller's transaction)."""
    year = demo_year(today)
    ws.drills.rules()  # the defaults, as on first use
    items = store.PlanItemStore(ws.db)
    drills: list[Drill] = []
    town_live = items.insert(PlanItem(
        first_year=year, seq=1, title="润城镇防汛抢险多部门联合实战演练", organiser="润城镇人民政府",
        lead="李明", category=DrillCategory.FLOOD, scope=DrillScope.COMPREHENSIVE,
        recurrence=Recurrence.YEARLY, month=6, day=18, location="润城镇沁河河滩",
        units=TOWN_UNITS, expected_participants=300, budget=20000.0))  # fmt: skip
    town_desk = items.insert(PlanItem(
        first_year=year, seq=2, title="润城镇森林火灾应急桌面推演", organiser="润城镇人民政府",
        lead="李明", category=DrillCategory.FOREST_FIRE, form=DrillForm.TABLETOP,
        recurrence=Recurrence.YEARLY, month=3, day=20, location="润城镇政府三楼会议室",
        expected_participants=40))  # fmt: skip
    drills.append(Drill(
        title=town_live.title, plan_item_id=town_live.id, organiser="润城镇人民政府",
        held_on=date(year, 6, 18), start_time="09:00", end_time="11:30", location="润城镇沁河河滩",
        category=DrillCategory.FLOOD, scope=DrillScope.COMPREHENSIVE, form=DrillForm.LIVE,
        commander="润城镇镇长 李明", units=TOWN_UNITS, participants=320, residents=150,
        scenario="上游强降雨致沁河水位超警，河滩低洼处群众被困，堤防出现管涌险情。",
        timeline="09:00 接县气象台暴雨红色预警\n09:05 启动镇Ⅱ级响应\n09:20 各村叫应到位\n"
        "09:40 转移低洼区群众\n10:30 管涌封堵完成\n11:30 演练结束、现场点评",
        equipment="冲锋舟2艘、救生衣80件、编织袋2000条、应急照明车1台", evacuation_minutes=35,
        conclusion=DrillConclusion.MOSTLY_MET, recorder="陈卫东", approver="李明"))  # fmt: skip
    drills.append(Drill(
        title=town_desk.title, plan_item_id=town_desk.id, organiser="润城镇人民政府",
        held_on=date(year, 3, 20), start_time="14:30", end_time="16:00",
        location="润城镇政府三楼会议室", category=DrillCategory.FOREST_FIRE,
        scope=DrillScope.SINGLE, form=DrillForm.TABLETOP, commander="李明",
        units="镇应急办、林业站、各村护林员", participants=38,
        scenario="清明期间林区入山口发生山火，火势向村庄蔓延。",
        conclusion=DrillConclusion.MET, recorder="陈卫东"))  # fmt: skip
    floods = _flood_versions(ws, villages)
    for index, village in enumerate(villages):
        assert village.id is not None
        planned = date(year, 5, 10) + timedelta(days=(index * 3) % 21)
        item = items.insert(PlanItem(
            first_year=year, seq=3 + index, title=f"{village.name}防汛避险转移演练",
            subject_kind=SubjectKind.VILLAGE, village_id=village.id, organiser=village.name,
            lead=village.secretary, category=DrillCategory.FLOOD, recurrence=Recurrence.YEARLY,
            month=5, day=planned.day, plan_version_id=floods.get(village.id),
            expected_participants=40 + index % 5 * 10))  # fmt: skip
        assert item.id is not None
        if index == MOVED:
            ws.drills.move(item.id, planned, date(year, 6, 12), "五月下旬连续降雨，推迟至六月")
            planned = date(year, 6, 12)
        if index in NO_DRILL:
            continue
        people = 30 + (index * 7) % 40
        drills.append(Drill(
            title=item.title, plan_item_id=item.id, organiser_kind=SubjectKind.VILLAGE,
            village_id=village.id, organiser=f"{village.name}村民委员会", held_on=planned,
            start_time="08:30", end_time="10:00", location=f"{village.name}村委会广场",
            category=DrillCategory.FLOOD, form=DrillForm.TABLETOP if index % 5 == 2 else
            DrillForm.LIVE, plan_version_id=floods.get(village.id), commander=village.secretary,
            units=f"{village.name}应急分队、网格员", participants=people,
            residents=people - 12, evacuation_minutes=15 + index % 10,
            scenario="夜间山洪预警，危险区住户按明白卡路线转移至避难场所。",
            conclusion=DrillConclusion.MET if index % 4 else DrillConclusion.MOSTLY_MET,
            recorder=village.grid_worker))  # fmt: skip
    drills += _unit_drills(ws, year)
    store.DrillStore(ws.db).bulk_insert(
        replace(check_drill(_reported(d, today), today), record_no=f"YL{year}-{n}")
        for n, d in enumerate(sorted(drills, key=lambda d: d.held_on), start=1)
        if d.held_on <= today
    )
    town = next(d for d in store.drills_of_items(ws.db, [town_live.id or 0]))
    assert town.id is not None
    record_store.replace_findings(
        ws.db, town.id, check_findings(town_findings(town.held_on), town.held_on)
    )


def town_findings(held_on: date) -> list[DrillFinding]:
    """What the township's 实战 drill found, with the measures, who and by when."""
    return [
        DrillFinding(problem="个别村应急分队集结偏慢，超过预案要求的30分钟",
                     action="应急分队每月集结一次，集结时间纳入考核", responsible="镇应急办 陈卫东",
                     due_on=held_on + timedelta(days=30)),
        DrillFinding(problem="转移名单与实际住户不一致2户", action="各村核对危险区住户及转移名单",
                     responsible="各村支书", due_on=held_on + timedelta(days=7)),
    ]  # fmt: skip


def _flood_versions(ws: Workspace, villages: list[Village]) -> dict[int, int]:
    """Village id → id of the newest version of its 防汛 plan."""
    newest = plan_store.latest_versions(ws.db)
    out: dict[int, int] = {}
    for plan in plan_store.plans(ws.db):
        version = newest.get(plan.id or 0)
        if plan.kind is PlanKind.FLOOD and plan.village_id is not None and version and version.id:
            out[plan.village_id] = version.id
    return out


#: Unit types whose demo drills are recorded: (type, category, half-yearly?, one in how many
#: units misses a drill — a yearly unit holds none, a half-yearly one misses the second half).
_UNIT_DRILLS = (
    (UnitType.CROWDED, DrillCategory.FIRE_EVACUATION, True, 4),
    (UnitType.CHEMICALS, DrillCategory.CHEMICALS, True, 4),
    (UnitType.MINE, DrillCategory.MINE, True, 4),
    (UnitType.INDUSTRY, DrillCategory.FIRE_EVACUATION, False, 4),
    (UnitType.SCHOOL, DrillCategory.FIRE_EVACUATION, True, 4),
    (UnitType.NINE_SMALL, DrillCategory.FIRE_EVACUATION, False, 6),
    (UnitType.CONSTRUCTION, DrillCategory.GENERAL, True, 3),
    (UnitType.MARKET, DrillCategory.FIRE_EVACUATION, True, 4),
    (UnitType.WAREHOUSE, DrillCategory.FIRE_EVACUATION, False, 3),
)


def _unit_drills(ws: Workspace, year: int) -> list[Drill]:
    """Units' own drills reported to the township; some units miss one (see _UNIT_DRILLS)."""
    out: list[Drill] = []
    for unit_type, category, twice, every in _UNIT_DRILLS:
        units: list[Unit] = ws.units.list(ListQuery(type=unit_type.value))
        for n, unit in enumerate(units):
            misses = n % every == every - 1
            if misses and not twice:
                continue  # this unit held none
            days = [date(year, 4, 8) + timedelta(days=n * 5 % 50)]
            if twice:
                days.append(date(year, 9, 12) + timedelta(days=n * 3 % 30))
                if misses:  # alternately the first half (now overdue) or the second
                    del days[(n // every) % 2]
            for held in days:
                out.append(Drill(
                    title=f"{unit.name}{category.value}演练", organiser_kind=SubjectKind.UNIT,
                    unit_id=unit.id, village_id=unit.village_id, organiser=unit.name,
                    held_on=held, start_time="15:00", end_time="15:40", category=category,
                    commander=unit.legal_rep or unit.contact, participants=25 + n % 20,
                    evacuation_minutes=4 + n % 6, conclusion=DrillConclusion.MET,
                    reported_on=held + timedelta(days=3)))  # fmt: skip
    return out


def _reported(drill: Drill, today: date) -> Drill:
    """A unit's report comes three days after its drill, never after the demo's last day."""
    if drill.reported_on is None or drill.reported_on <= today:
        return drill
    return replace(drill, reported_on=today)
