"""The texts of a village's 一制四案 booklet (:mod:`safetydesk.printing.forms.plan_booklet`).

Each item is its newest version (its dates, status as of today — A8 — and content with the
steps by section); the annexes are the village's parts. Residents' phone numbers are masked
(A10: 138****1234) in the 危险区住户 annex.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from safetydesk.domain.baobao import Household
from safetydesk.domain.plan_parts import (
    RiskPoint,
    Route,
    Supply,
    Team,
    WorkGroupMember,
    WorkSubgroup,
)
from safetydesk.domain.plans import PlanKind, StepSection, current_status
from safetydesk.domain.schedule import format_cn
from safetydesk.services.exports import mask_phone
from safetydesk.storage import plan_parts as part_store

if TYPE_CHECKING:
    from datetime import date

    from safetydesk.printing.forms.plan_booklet import Annex, Booklet, BookletItem
    from safetydesk.services.plan_prints import PlanPrints

#: Content fields in print order, with their labels.
CONTENT = (("warning_signal", "预警信号"), ("evacuate_signal", "转移信号"),
           ("trigger_levels", "响应分级"), ("evacuation_triggers", "转移条件"),
           ("return_conditions", "返回条件"))  # fmt: skip


def item_title(kind: PlanKind) -> str:
    """突发事件应急包保责任制, or 防汛应急预案 etc."""
    return "突发事件应急包保责任制" if kind is PlanKind.RESPONSIBILITY else f"{kind}应急预案"


def _day(d: date | None) -> str:
    return format_cn(d) if d else "—"


def _item(prints: PlanPrints, village_id: int | None, kind: PlanKind) -> BookletItem:
    from safetydesk.printing.forms.plan_booklet import BookletItem

    v = prints.latest(village_id, kind)
    if v is None:
        return BookletItem(item_title(kind), drafted=False)
    status, reason = current_status(v, prints.ws.clock())
    facts = [("版本", v.version), ("状态", str(status)), ("编制日期", _day(v.drafted_on)),
             ("审议日期", _day(v.adopted_on)),
             ("审核", " ".join(t for t in (v.reviewed_by, _day(v.reviewed_on)) if t)),
             ("生效日期", _day(v.effective_on)), ("下次修订", _day(v.next_revision_on))]  # fmt: skip
    if reason:
        facts.append(("修订原因", reason))
    steps: dict[StepSection, list[str]] = {s: [] for s in StepSection}
    assert v.id is not None
    for step in part_store.steps(prints.ws.db, v.id):
        steps[step.section].append(step.text)
    content = [] if kind is PlanKind.RESPONSIBILITY else [(label, getattr(v, f)) for f, label in CONTENT]
    sections = [(str(s), texts) for s, texts in steps.items() if texts or kind is not PlanKind.RESPONSIBILITY]
    return BookletItem(item_title(kind), True, facts, content, sections)


def _annexes(prints: PlanPrints, vid: int | None) -> list[Annex]:
    from safetydesk.printing.forms.plan_booklet import Annex

    ws, parts = prints.ws, prints.ws.plan_parts
    contacts = [r.cells for s in prints.contact_sections([vid]) for r in s.rows]
    members = sorted(parts.of_village(WorkGroupMember, vid),
                     key=lambda m: (list(WorkSubgroup).index(m.subgroup), m.sort_order, m.id or 0))  # fmt: skip
    points = parts.of_village(RiskPoint, vid)
    homes = [h for h in parts.of_village(Household, vid) if h.at_risk] if vid is not None else []
    routes = parts.of_village(Route, vid)
    shelters = ws.plans.shelters(vid, township=vid is None)
    people = prints.people([m.person_id for m in members] + [p.monitor_id for p in points]
                           + [h.helper_id for h in homes])  # fmt: skip
    shelter_names = {s.id: s.name for s in ws.plans.shelters()}
    route_names = {r.id: r.name for r in routes}
    point_names = {p.id: p.name for p in points}
    today = ws.clock()

    def name(pid: int | None) -> str:
        return people[pid].name if pid is not None and pid in people else ""

    def phone(pid: int | None) -> str:
        return people[pid].mobile if pid is not None and pid in people else ""

    def num(n: float | None) -> str:
        return "" if n is None else f"{n:g}"

    baobao = [r.cells for s in prints.baobao_sections([vid]) for r in s.rows if not r.group]
    return [
        Annex("应急通讯录", ("类别", "姓名/单位", "职务", "手机", "座机", "备注"), (5, 6, 4, 5, 5, 4), contacts),
        Annex("应急工作组", ("组别", "职务", "姓名", "手机", "职责"), (5, 3, 4, 5, 10),
              [[str(m.subgroup), m.duty, name(m.person_id), phone(m.person_id), m.tasks] for m in members]),
        Annex("风险点", ("名称", "类型", "位置", "威胁户数", "威胁人数", "监测人", "预警指标"),
              (22, 20, 22, 11, 11, 28, 22),
              [[p.name, str(p.kind), p.place, num(p.households), num(p.people),
                " ".join(t for t in (name(p.monitor_id), phone(p.monitor_id)) if t), p.warning_threshold]
               for p in points]),
        Annex("包保责任表", ("层级", "责任人", "职务", "手机", "备用电话", "包保对象", "灾种", "顺序", "上级"),
              (15, 12, 15, 22, 24, 19, 15, 8, 12), baobao),
        Annex("危险区住户与重点人员", ("户主", "组别/住址", "人数", "电话", "重点人员", "风险点", "包户责任人",
                                  "转移去向", "路线"), (13, 20, 9, 23, 16, 18, 14, 18, 16),
              [[h.head, f"{h.group_name} {h.address}", str(h.size), mask_phone(h.phone) if h.phone else "",
                "、".join(h.vulnerable), point_names.get(h.risk_point_id, ""), name(h.helper_id),
                shelter_names.get(h.shelter_id, ""), route_names.get(h.route_id, "")] for h in homes]),
        Annex("应急避难场所", ("名称", "类型", "地点", "可容纳人数", "管理员及电话", "设施"), (26, 20, 24, 12, 32, 26),
              [[s.name, str(s.kind), s.place, str(s.capacity),
                " ".join(t for t in (s.manager, s.manager_phone) if t), s.facilities] for s in shelters]),
        Annex("转移路线", ("名称", "起点", "终点", "路线说明", "距离(米)", "步行(分钟)", "避开地段"),
              (5, 4, 5, 8, 3, 3, 5),
              [[r.name, r.start, shelter_names.get(r.shelter_id, ""), r.description, num(r.distance_m),
                num(r.walk_minutes), r.avoid] for r in routes]),
        Annex("应急队伍", ("名称", "类型", "队长及电话", "人数", "装备"), (6, 5, 7, 3, 9),
              [[t.name, str(t.kind), " ".join(x for x in (t.leader, t.leader_phone) if x), str(t.size),
                t.equipment] for t in parts.of_village(Team, vid)]),
        Annex("应急物资", ("品名", "规格", "数量", "存放地点", "保管人", "有效期", "状态"), (5, 4, 3, 6, 5, 4, 4),
              [[s.name, s.spec, f"{s.quantity:g}{s.unit}", s.place,
                " ".join(x for x in (s.keeper, s.keeper_phone) if x),
                s.expires_on.isoformat() if s.expires_on else "", str(s.state(today))]
               for s in parts.of_village(Supply, vid)]),
    ]  # fmt: skip


def booklet(prints: PlanPrints, village_id: int | None) -> Booklet:
    """The booklet of one village (``None``: the township's own)."""
    from safetydesk.printing.forms.plan_booklet import Booklet

    items = [_item(prints, village_id, kind) for kind in PlanKind]
    return Booklet(prints.label(village_id) if village_id is not None else "",
                   prints.ws.settings.township().name, str(prints.ws.clock().year),
                   prints.committee(village_id), items, _annexes(prints, village_id))  # fmt: skip
