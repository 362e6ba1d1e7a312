"""Golden rows of m012's tables (the parts of 一制四案, 包保 and 叫应), for make_golden.py.

润城村 (village 1) gets two 通讯录 entries, a 山洪 risk point with its monitor, a route to its
shelter, a household in the danger zone, the 乡包村 and 组包户 assignments, and a 防汛 call-out
with two calls (one answered, one escalated).
"""

from __future__ import annotations

from typing import Any, Protocol

#: Columns whose values the manifest records for every row of m012's tables.
PARTS_CHECKED = {
    "plan_contacts": ("village_id", "category", "name", "mobile", "person_id"),
    "risk_points": ("village_id", "name", "kind", "households", "monitor_id", "status"),
    "routes": ("village_id", "name", "shelter_id", "distance_m"),
    "households": ("village_id", "head", "size", "vulnerable", "risk_point_id", "helper_id",
                   "shelter_id", "route_id", "card_issued_on"),
    "baobao_assignments": ("village_id", "level", "person_id", "target", "household_id",
                           "hazards", "call_order"),
    "callouts": ("kind", "level", "issued_at", "closed_at", "moved"),
    "callout_villages": ("callout_id", "village_id"),
    "callout_calls": ("callout_id", "position", "level", "name", "assignment_id",
                      "answered_at", "escalated_at"),
}  # fmt: skip


class _Writer(Protocol):
    def now(self) -> str: ...

    def insert(self, table: str, row: dict[str, Any]) -> None: ...


def _stamped(w: _Writer, table: str, row: dict[str, Any]) -> None:
    stamp = w.now()
    w.insert(table, {**row, "created_at": stamp, "updated_at": stamp})


def write_plan_parts(w: _Writer) -> None:
    """m012 on: the parts of 润城村's plans, its 包保 chain and one 叫应."""
    contacts = [
        (1, "网格员", "赵永刚", "三组网格员", "13800001003", 1),
        (2, "镇值班室", "润城镇应急值班室", "", "", None),
    ]
    for cid, category, name, post, mobile, order in contacts:
        _stamped(w, "plan_contacts", {"id": cid, "village_id": 1, "category": category,
                                      "name": name, "post": post, "mobile": mobile,
                                      "phone": "0356-4881234" if cid == 2 else "",
                                      "person_id": 3 if cid == 1 else None, "notes": "",
                                      "sort_order": order or 0})  # fmt: skip
    _stamped(w, "risk_points", {"id": 1, "village_id": 1, "name": "后河沟山洪危险区",
                                "kind": "山洪危险区", "place": "润城村三组后河沟两岸",
                                "households": 6, "people": 17, "monitor_id": 3,
                                "monitor_method": "雨量筒、目测水位", "warning_threshold":
                                "1小时降雨30毫米", "plan_kinds": "防汛,地质灾害", "status": "在册",
                                "notes": ""})  # fmt: skip
    _stamped(w, "routes", {"id": 1, "village_id": 1, "name": "后河沟至文化广场",
                           "start": "三组后河沟", "shelter_id": 1,
                           "description": "沿村道向东，过石桥后左转", "distance_m": 650,
                           "walk_minutes": 12, "avoid": "河边便道", "notes": ""})  # fmt: skip
    _stamped(w, "households", {"id": 1, "village_id": 1, "head": "郭福生", "group_name": "三组",
                               "address": "润城村三组后河沟12号", "size": 3,
                               "phone": "13800001201", "residents": 2, "vulnerable": "独居老人",
                               "vulnerable_detail": "户主母亲82岁，行动不便",
                               "risk_point_id": 1, "helper_id": 3, "shelter_id": 1,
                               "route_id": 1, "card_issued_on": "2026-05-15",
                               "notes": ""})  # fmt: skip
    assignments = [
        (1, "乡包村", 2, "润城村", "镇包村干部", None, 1, None),
        (2, "组包户", 3, "郭福生户", "网格员", 1, 2, 2),
    ]
    for aid, level, person, target, post, household, order, escalate in assignments:
        _stamped(w, "baobao_assignments", {"id": aid, "village_id": 1, "level": level,
                                           "person_id": person, "target": target, "post": post,
                                           "backup_phone": "", "household_id": household,
                                           "hazards": "防汛,地质灾害", "call_order": order,
                                           "escalate_to_id": escalate,
                                           "valid_from": "2026-05-01", "changed_on": None,
                                           "notes": ""})  # fmt: skip
    _stamped(w, "callouts", {"id": 1, "kind": "防汛", "level": "橙色",
                             "issued_at": "2026-07-21T22:40", "source": "阳城县气象台",
                             "message": "未来3小时后河沟流域强降雨，请立即叫应并转移危险区群众",
                             "escalate_after": 5, "started_by": "李明",
                             "closed_at": "2026-07-22T01:10", "moved": 3, "returned": 3,
                             "closing_note": "雨停后经巡查返回"})  # fmt: skip
    w.insert("callout_villages", {"callout_id": 1, "village_id": 1})
    calls = [
        (1, 1, "乡包村", "李明", "镇包村干部", "13800003002", 2, 1, "收到、到岗",
         "2026-07-21T22:42", None, None),
        (2, 2, "组包户", "赵永刚", "网格员", "13800001003", 3, 2, "收到、到岗、转移人数",
         "2026-07-21T22:51", 3, "2026-07-21T22:46"),
    ]  # fmt: skip
    for (
        cid,
        pos,
        level,
        name,
        role,
        phone,
        person,
        assignment,
        confirm,
        answered,
        moved,
        esc,
    ) in calls:
        _stamped(w, "callout_calls", {"id": cid, "callout_id": 1, "position": pos,
                                      "village_id": 1, "level": level, "name": name,
                                      "role": role, "phone": phone, "person_id": person,
                                      "assignment_id": assignment, "confirm": confirm,
                                      "escalate_to_id": 2 if cid == 2 else None,
                                      "answered_at": answered, "on_duty": 1, "moved": moved,
                                      "note": "", "escalated_at": esc})  # fmt: skip
