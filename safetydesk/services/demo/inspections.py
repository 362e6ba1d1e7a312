"""A year of demo inspections: the ones that found the demo hazards, plus routine coverage.

Each group of demo hazards of one unit found on one day by the same people gets the inspection
that found them (its checklist marks one item 不合格 per hazard, pointing to it, and each hazard's
``inspection_id`` points back). Inspections without findings are then added so the year's
coverage looks real — most risk-A units every quarter, B every half-year, a good share of the
rest once, the current period only partly done — and a few recorded 双随机 draws whose chosen
units are inspected with that method (which inspections there are is planned by
:mod:`safetydesk.services.demo.inspection_plans`; this module writes what each record says). Every
item of these records is answered; one more record, begun today, is a 草稿 with items still 未检查.
Written in bulk; used by :func:`safetydesk.services.demo.create_demo`.
"""

from __future__ import annotations

import dataclasses
import random
from collections import defaultdict
from datetime import date, datetime, time
from typing import Any

from safetydesk.domain.common import PersonRole, UnitType
from safetydesk.domain.inspections import (
    ChecklistTemplate,
    Disposition,
    Inspection,
    InspectionKind,
    InspectionMethod,
    Inspector,
    ItemResult,
    ItemResultRecord,
)
from safetydesk.services.demo.inspection_plans import InspectionPlanner, Plan
from safetydesk.storage.hazard_bulk import HazardBulkStore
from safetydesk.storage.inspections import DrawStore, InspectionStore
from safetydesk.storage.registers import PersonStore, UnitStore

#: Share of the 四不两直 method among inspections that are not from a draw.
_FOUR_NO_TWO_DIRECT = 0.22
#: The general fire-safety checklist, used for unit types that have no checklist of their own.
_FALLBACK_FAMILY = "fire-general"
#: What a clean inspection notes, by checklist family ("" for any).
_CLEAN: dict[str, tuple[str, ...]] = {
    "": ("各项安全管理制度落实，台账记录齐全。", "现场秩序正常，未发现违规行为。"),
    "fire-general": ("灭火器配置到位、压力正常，疏散通道畅通。", "应急照明和疏散指示标志完好。"),
    "gas-catering": ("钢瓶在检验期内，报警装置工作正常。", "连接管为不锈钢波纹管，无老化。"),
    "self-built": ("房屋鉴定报告齐全，未发现结构变化。", "墙体、屋面无新的裂缝和破损。"),
    "industry": ("特种作业人员持证上岗，有限空间作业审批齐全。", "设备防护装置完好。"),
    "forest": ("护林员在岗，巡护记录完整。", "入山口登记、火种收缴落实。"),
    "flood": ("防汛责任人公示，物资储备充足。", "河道无阻水障碍，巡查记录完整。"),
    "geohazard": ("监测员在岗，监测记录连续。", "隐患点无新的变形迹象。"),
    "mine": ("证照齐全有效，安全出口畅通。", "现状图纸按期更新。"),
    "ebike": ("电动自行车集中停放，充电设施具备智能断电。", "未发现飞线充电。"),
}


def _spring_festivals() -> dict[int, date]:
    """First day of the 春节 holiday per year the chinese-calendar package knows."""
    import chinese_calendar

    # The package's table holds the holiday names as plain strings.
    name = chinese_calendar.Holiday.spring_festival.value
    days = sorted(d for d, h in chinese_calendar.holidays.items() if getattr(h, "value", h) == name)
    out: dict[int, date] = {}
    for day in days:
        out.setdefault(day.year, day)
    return out


def _bigrams(text: str) -> set[str]:
    chars = [c for c in text if c.isalnum()]
    return {a + b for a, b in zip(chars, chars[1:], strict=False)}


class _Builder:
    """Turns the plans of a demo year (:mod:`.inspection_plans`) into inspection records."""

    def __init__(self, ws: Any, rnd: random.Random, today: date) -> None:
        self.ws = ws
        self.rnd = rnd
        self.today = today
        self.units = {r[0]: r for r in UnitStore(ws.db).active_contacts()}
        self.people: dict[str, Inspector] = {}
        for pid, name, cert, org in PersonStore(ws.db).active_with_role(PersonRole.INSPECTOR):
            self.people.setdefault(name, Inspector(name=name, person_id=pid, cert_no=cert or "",
                                                   organisation=org or ""))  # fmt: skip
        self.pool = list(self.people)[:6] or ["王建国", "李明"]
        self.templates: dict[str, ChecklistTemplate | None] = {}
        self.festivals = _spring_festivals()
        self._matches: dict[tuple[int, str], tuple[list[int], int]] = {}

    # -- what the records say --------------------------------------------------------------------
    def template(self, unit_type: str) -> ChecklistTemplate | None:
        """The shipped checklist for a unit type (its own first, else the general fire one)."""
        if unit_type not in self.templates:
            found = [t for t in self.ws.checklists.for_type(unit_type) if t.builtin]
            own = [t for t in found if t.target_types[:1] == (unit_type,)]
            fallback = [t for t in self.ws.checklists.all() if t.family == _FALLBACK_FAMILY]
            self.templates[unit_type] = (own or found or fallback or [None])[0]
            self.templates[""] = (fallback or [None])[0]
        return self.templates[unit_type]

    def template_for(self, plan: Plan, unit_type: str) -> ChecklistTemplate | None:
        """The type's checklist, or the general fire one when it fits the hazards found better."""
        own = self.template(unit_type)
        general = self.templates[""]
        if not plan.hazards or own is None or general is None or general is own:
            return own

        def fit(tpl: ChecklistTemplate) -> int:
            return sum(self.match(tpl, d)[1] for _h, d, _l in plan.hazards)

        return general if fit(general) > fit(own) else own

    def kind(self, on: date, unit_type: str) -> InspectionKind:
        """检查类型: 专项 in 安全生产月, 节前 before 春节/国庆, 季节性 in 防火期/汛期, else 日常."""
        r = self.rnd.random()
        festival = self.festivals.get(on.year, date(on.year, 2, 1))
        if on.month == 6 and r < 0.5:
            return InspectionKind.SPECIAL
        if (0 < (festival - on).days <= 14 or date(on.year, 9, 18) <= on <= date(on.year, 9, 30)) \
                and r < 0.6:  # fmt: skip
            return InspectionKind.SEASONAL
        if unit_type == UnitType.FOREST and on.month in (11, 12, 1, 2, 3, 4) and r < 0.4:
            return InspectionKind.SEASONAL
        if unit_type in (UnitType.WATER, UnitType.GEOHAZARD) and 5 <= on.month <= 8 and r < 0.4:
            return InspectionKind.SEASONAL
        return InspectionKind.ROUTINE

    def match(self, tpl: ChecklistTemplate, description: str) -> tuple[list[int], int]:
        """Item indices of ``tpl`` by closeness to ``description`` (bigram overlap), best first
        (empty when no item shares a word), and the best item's score."""
        key = (tpl.id or 0, description)
        if key not in self._matches:
            words = _bigrams(description)
            scores = [len(words & _bigrams(it.content + it.standard)) for it in tpl.items]
            order = sorted(range(len(scores)), key=lambda i: -scores[i])
            best = max(scores, default=0)
            self._matches[key] = (order if best else [], best)
        return self._matches[key]

    def results(self, tpl: ChecklistTemplate | None, plan: Plan) -> tuple[ItemResultRecord, ...]:
        """Every item 合格, except one 不合格 item per hazard (the closest free one)."""
        if tpl is None:
            return ()
        notes: dict[int, tuple[str, int]] = {}
        extra: list[ItemResultRecord] = []
        for hid, desc, _loc in plan.hazards:
            free = [i for i in range(len(tpl.items)) if i not in notes]
            pick = next((i for i in self.match(tpl, desc)[0] if i not in notes), None)
            if pick is None and free:
                pick = self.rnd.choice(free)
            if pick is None:  # more hazards than items: an extra line
                extra.append(
                    ItemResultRecord(
                        seq=len(tpl.items) + len(extra) + 1,
                        content="其他问题",
                        result=ItemResult.FAIL,
                        note=desc,
                        hazard_id=hid,
                    )
                )
            else:
                notes[pick] = (desc, hid)
        return tuple(
            ItemResultRecord(
                seq=it.seq, content=it.content, standard=it.standard, basis=it.basis,
                major=it.major, result=ItemResult.FAIL if i in notes else ItemResult.PASS,
                note=notes[i][0] if i in notes else "", hazard_id=notes[i][1] if i in notes else None,
            )
            for i, it in enumerate(tpl.items)
        ) + tuple(extra)  # fmt: skip

    def record(self, plan: Plan, draw_ids: list[int], outcome: dict[int, str]) -> Inspection:
        """The inspection record of a plan (``outcome``: hazard id → notice number or "当场")."""
        rnd = self.rnd
        uid, uname, utype, _risk, vid, address, contact, phone = self.units[plan.unit_id]
        tpl = self.template_for(plan, utype)
        # Office hours: starts 08:30–10:00 or 14:00–15:30, lasting one to two hours.
        start = (8 * 60 + 30 if rnd.random() < 0.6 else 14 * 60) + 15 * rnd.randint(0, 6)
        end = start + 10 * rnd.randint(6, 12)
        if plan.draw is not None:
            methods = (InspectionMethod.DOUBLE_RANDOM.value,)
        elif rnd.random() < _FOUR_NO_TWO_DIRECT:
            methods = (InspectionMethod.FOUR_NO_TWO_DIRECT.value,)
        else:
            methods = (InspectionMethod.REGULAR.value,)
        inspectors = tuple(self.people.get(n) or Inspector(name=n) for n in plan.names)
        how = ("采取“四不两直”方式直奔现场，" if methods[0] == InspectionMethod.FOUR_NO_TWO_DIRECT
               else f"在{contact}陪同下，")  # fmt: skip
        how += f"按《{tpl.name}》逐项检查" if tpl else "对安全生产情况进行检查"
        if plan.hazards:
            found = "；".join(f"{i}. {loc}{d}" for i, (_h, d, loc) in enumerate(plan.hazards, 1))
            narrative = f"{how}，发现隐患{len(plan.hazards)}处：{found}。"
            numbers = sorted({outcome[h] for h, _d, _l in plan.hazards} - {"当场"})
            spot = sum(outcome.get(h) == "当场" for h, _d, _l in plan.hazards)
            disposition = Disposition.NOTICE if numbers else Disposition.ON_SPOT
            note = "、".join(numbers)
            note = f"已下达安全隐患整改通知书 {note}" if note else ""
            if spot:
                note = (note + "；" if note else "") + f"{spot}处隐患已当场整改"
        else:
            remarks = _CLEAN.get(tpl.family if tpl else "", ()) + _CLEAN[""]
            narrative = f"{how}，未发现安全隐患。{rnd.choice(remarks)}"
            disposition, note = Disposition.NO_PROBLEM, ""
        return Inspection(
            unit_id=uid, village_id=vid, target_type=utype, place=address or uname,
            started_at=datetime.combine(plan.on, time(start // 60, start % 60)),
            ended_at=datetime.combine(plan.on, time(end // 60, end % 60)),
            kind=self.kind(plan.on, utype), methods=methods, inspectors=inspectors,
            met_person=contact or "", met_title="现场负责人", met_phone=phone or "",
            narrative=narrative, disposition=disposition, disposition_note=note,
            recorder=plan.names[0], template_id=tpl.id if tpl else None,
            results=self.results(tpl, plan),
            draw_id=draw_ids[plan.draw] if plan.draw is not None else None,
        )  # fmt: skip


def create_demo_inspections(ws: object, rnd: random.Random, *, today: date) -> int:
    """Add the demo year's inspections to a workspace whose demo hazards are written.

    Args:
        ws: An open :class:`~safetydesk.services.Workspace` (the caller holds the transaction).
        rnd: The demo generator's random source (same seed → same inspections).
        today: The last day of the demo year; nothing is dated later.

    Returns:
        The number of inspections added.
    """
    from safetydesk.services import Workspace

    assert isinstance(ws, Workspace)
    b = _Builder(ws, rnd, today)
    if not b.units:
        return 0
    planner = InspectionPlanner(ws, rnd, today, b.units, b.pool)
    plans, outcome = planner.hazard_plans()
    taken: dict[int, list[date]] = defaultdict(list)
    for p in plans:
        taken[p.unit_id].append(p.on)
    plans += planner.coverage_plans(taken)
    draws = planner.draws(plans)
    draw_store = DrawStore(ws.db)
    draw_ids = [draw_store.insert(d).id or 0 for d in draws]
    plans.sort(key=lambda p: (p.on, p.unit_id))
    records = [b.record(p, draw_ids, outcome) for p in plans]
    order = sorted(range(len(records)), key=lambda i: (records[i].started_at, i))
    store = InspectionStore(ws.db)
    first = store.max_id() + 1
    store.bulk_insert(records[i] for i in order)
    HazardBulkStore(ws.db).set_inspections(
        (hid, first + k) for k, i in enumerate(order) for hid, _d, _l in plans[i].hazards
    )
    draft = _draft(b)
    if draft is not None:
        store.insert(draft)
    return len(records) + (draft is not None)


def _draft(b: _Builder) -> Inspection | None:
    """Today's inspection of the first 九小场所, begun and saved as a 草稿: the first third of its
    items 合格, the rest still 未检查 (so it cannot be printed yet)."""
    uid = next((u[0] for u in sorted(b.units.values()) if u[2] == UnitType.NINE_SMALL.value), None)
    if uid is None:
        return None
    rec = b.record(Plan(b.today, uid, tuple(b.pool[:2])), [], {})
    tpl = b.template(b.units[uid][2])
    if tpl is None or not rec.results:
        return None
    done = max(1, len(rec.results) // 3)
    results = tuple(dataclasses.replace(r, result=ItemResult.PASS if r.seq <= done
                                        else ItemResult.UNCHECKED) for r in rec.results)  # fmt: skip
    return dataclasses.replace(rec, results=results, disposition_note="检查表未填完，处理意见待定",
                               narrative=f"按《{tpl.name}》检查，已检查前 "
                               f"{done} 项，其余各项待逐项检查后填写。")  # fmt: skip
