"""One past 叫应 of the demo township: a 防汛 橙色 warning of the demo's summer (B §1.2).

The county's 气象台 issues a 暴雨橙色预警 one July evening for the villages along the 沁河
(上庄村, 润城村, 屯城村). The call list follows their 包保 chain; most people answer within a few
minutes, one does not and is escalated to the level above (who goes to the door), the household
helpers report the people they moved, and the warning is lifted the next morning with the people
moved and returned. Villages that have no 防汛 包保 chain yet get a minimal one (乡包村 by a
township official, 村包组 by the 书记 and the 主任, 组包户 by the 网格员), so that the call-out
exists whether or not the demo's full chain was written before it. Called last by create_demo.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from safetydesk.domain.baobao import BaobaoAssignment, BaobaoLevel
from safetydesk.domain.callouts import HOUSEHOLD_LEVELS, WarningLevel, missing_chain
from safetydesk.domain.common import Person, PersonRole
from safetydesk.domain.plans import PlanKind
from safetydesk.services.callouts import CallOutService
from safetydesk.storage import plan_parts as store

if TYPE_CHECKING:
    from safetydesk.services import Workspace

#: The villages called (in call order), along the 沁河.
VILLAGES = ("上庄村", "润城村", "屯城村")
#: Whose 村包组 call goes unanswered and is escalated (the last of that level there: the 主任).
SILENT_VILLAGE = "润城村"
#: People moved reported by each 组包户/包人 call, in call order (cycled).
MOVED = (14, 9, 11, 6)
#: People who stayed with relatives when the others went home (their houses are checked first).
NOT_RETURNED = 3


def _summer_evening(today: date) -> datetime:
    """21:30 on 18 July of the demo's last summer (this year's once August has come)."""
    year = today.year if today >= date(today.year, 8, 1) else today.year - 1
    return datetime(year, 7, 18, 21, 30)


def _ensure_chain(ws: Workspace, village_ids: dict[str, int], start: datetime) -> None:
    """A minimal 防汛 chain for each village that has none (written without the change hooks:
    demo data, not a change of a plan in force)."""
    have = {a.village_id for a in store.all_of(ws.db, BaobaoAssignment) if a.covers(PlanKind.FLOOD)}
    people = ws.people.list()
    officials = [p for p in people if p.village_id is None
                 and p.role in (PersonRole.TOWNSHIP_LEADER, PersonRole.TOWNSHIP_OFFICIAL)]  # fmt: skip
    assignments = store.AssignmentStore(ws.db)
    valid = date(start.year, 5, 20)
    for i, (name, vid) in enumerate(village_ids.items()):
        if vid in have:
            continue
        local = [p for p in people if p.village_id == vid]
        cadres = [p for p in local if p.role is PersonRole.VILLAGE_CADRE][:2]
        grid = [p for p in local if p.role is PersonRole.GRID_WORKER][:1]
        chain: list[tuple[BaobaoLevel, Person, str, str, int]] = []
        if officials:
            chain.append((BaobaoLevel.TOWNSHIP, officials[i % len(officials)], name, "镇包村干部", 1))
        for order, (cadre, group) in enumerate(zip(cadres, ("第一村民小组", "第二村民小组"),
                                                   strict=False), 1):  # fmt: skip
            post = "党组织书记" if order == 1 else "村委会主任"
            chain.append((BaobaoLevel.VILLAGE, cadre, group, post, order))
        for helper in grid:
            chain.append((BaobaoLevel.GROUP, helper, "沿河危险区住户", "安全网格员", 1))
        for level, person, target, post, order in chain:
            assert person.id is not None
            assignments.insert(BaobaoAssignment(
                id=None, village_id=vid, level=level, person_id=person.id, target=target,
                post=post, hazards=(PlanKind.FLOOD, PlanKind.GEOLOGICAL), call_order=order,
                valid_from=valid,
            ))  # fmt: skip


def create_demo_callouts(ws: Workspace, *, today: date) -> int:
    """Add the demo's past 防汛 call-out (the caller holds the transaction); returns its id, or 0
    when the demo has none of the villages."""
    start = _summer_evening(today)
    names = {name: vid for vid, name in ws.villages.names().items()}
    village_ids = {n: names[n] for n in VILLAGES if n in names}
    if not village_ids:
        return 0
    _ensure_chain(ws, village_ids, start)
    missing = set(missing_chain(PlanKind.FLOOD, list(village_ids.values()),
                                store.all_of(ws.db, BaobaoAssignment)))  # fmt: skip
    village_ids = {n: v for n, v in village_ids.items() if v not in missing}
    if not village_ids:
        return 0
    service = CallOutService(ws.db, ws.villages, ws.people, now=lambda: start + timedelta(days=1))
    callout, calls = service.start(
        PlanKind.FLOOD, WarningLevel.ORANGE, list(village_ids.values()), issued_at=start,
        source="阳城县气象台", escalate_after=5, started_by="润城镇应急办值班员",
        message="预计未来3小时沁河沿岸将出现50毫米以上强降雨，山洪、内涝风险高，请立即叫应到岗、"
                "转移危险区群众。",
    )  # fmt: skip
    cid = callout.id or 0
    silent_vid = village_ids.get(SILENT_VILLAGE)
    local = [c for c in calls if c.village_id == silent_vid]
    candidates = ([c for c in local if c.level is BaobaoLevel.VILLAGE]
                  or [c for c in local if c.level not in HOUSEHOLD_LEVELS] or calls)  # fmt: skip
    silent = candidates[-1] if candidates else None
    household = 0
    for c in calls:
        if c is silent:
            continue
        at = start + timedelta(minutes=1 + (c.position % 4))
        moved = None
        note = ""
        if c.level in HOUSEHOLD_LEVELS:
            moved = MOVED[household % len(MOVED)]
            household += 1
            note = "危险区住户已敲门叫醒，转移至避难场所"
        service.answer(cid, c.id or 0, at=at, on_duty=True, moved=moved, note=note)
    service.escalate_due(cid, now=start + timedelta(minutes=6))
    if silent is not None:
        service.answer(cid, silent.id or 0, at=start + timedelta(minutes=14), on_duty=True,
                       note="手机静音未接，经镇包村干部上门叫醒后到岗")  # fmt: skip
    reported = sum(c.moved or 0 for c in service.calls(cid))
    service.close(cid, at=start + timedelta(hours=9), moved=reported,
                  returned=max(0, reported - NOT_RETURNED),
                  note=f"雨停水退，解除预警；{NOT_RETURNED} 人房屋待安全排查，暂住亲友家。")  # fmt: skip
    return cid


__all__ = ["create_demo_callouts"]
