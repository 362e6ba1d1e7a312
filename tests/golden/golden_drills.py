"""Golden rows of m013's tables (应急演练), for make_golden.py.

One rule beyond the defaults, a yearly 防汛 plan item of 润城村 moved once, the village's held
drill (with two problems and their measures as m013's free text) and the township's 桌面 drill.
"""

from __future__ import annotations

from typing import Any, Protocol

#: Columns whose values the manifest records for every row of m013's tables.
DRILLS_CHECKED = {
    "drill_rules": ("subject_kind", "unit_type", "min_count", "period", "live_required"),
    "drill_plan_items": ("first_year", "seq", "title", "village_id", "recurrence", "month", "day"),
    "drill_plan_changes": ("item_id", "planned_on", "action", "new_on", "reason"),
    "drills": ("record_no", "plan_item_id", "title", "village_id", "held_on", "form",
               "participants", "residents", "plan_version_id"),
}  # fmt: skip


class _Writer(Protocol):
    def now(self) -> str: ...

    def insert(self, table: str, row: dict[str, Any]) -> None: ...


def _stamped(w: _Writer, table: str, row: dict[str, Any]) -> None:
    stamp = w.now()
    w.insert(table, {**row, "created_at": stamp, "updated_at": stamp})


#: The drills' m013 free text of 存在问题 / 改进措施 (m014 makes them rows).
PROBLEMS = "三组两户未听到预警铜锣\n转移时手电筒不足"
ACTIONS = "三组增设手摇报警器，由网格员负责\n补充手电筒20只"


def write_drills(w: _Writer) -> None:
    """m013 on: 润城村's yearly 防汛 drill planned, moved, held; the township's 桌面 drill."""
    _stamped(w, "drill_rules", {"id": 1, "subject_kind": "村(社区)", "unit_type": None,
                                "category": "防汛", "min_count": 1, "period": "年",
                                "live_required": 1, "basis": "汛前必须开展实战转移演练",
                                "active": 1})  # fmt: skip
    _stamped(w, "drill_plan_items", {"id": 1, "first_year": 2026, "until_year": None, "seq": 1,
                                     "title": "润城村山洪灾害转移避险演练",
                                     "subject_kind": "村(社区)", "village_id": 1,
                                     "unit_id": None, "organiser": "润城村村委会",
                                     "lead": "王建国", "category": "山洪", "scope": "单项",
                                     "form": "实战", "plan_version_id": 2,
                                     "recurrence": "每年", "month": 5, "day": 31,
                                     "location": "后河沟", "units": "润城村、镇应急办",
                                     "expected_participants": 60, "budget": 3000.0,
                                     "notes": ""})  # fmt: skip
    _stamped(w, "drill_plan_changes", {"id": 1, "item_id": 1, "planned_on": "2026-05-31",
                                       "action": "延期", "new_on": "2026-06-12",
                                       "reason": "5月下旬连续降雨，改期", "changed_on": "2026-05-25"})  # fmt: skip
    common = dict.fromkeys(("unit_id", "observers", "equipment", "recorder", "approver",
                            "reported_on", "notes", "conclusion"), None)  # fmt: skip
    _stamped(w, "drills", {**common, "id": 1, "record_no": "YL2026-1", "plan_item_id": 1,
                           "title": "润城村山洪灾害转移避险演练", "organiser_kind": "村(社区)",
                           "village_id": 1, "organiser": "润城村村委会", "held_on": "2026-06-12",
                           "start_time": "09:00", "end_time": "10:30", "location": "后河沟",
                           "category": "山洪", "scope": "单项", "form": "实战",
                           "plan_version_id": 2, "commander": "王建国",
                           "units": "润城村、镇应急办", "participants": 62, "residents": 45,
                           "scenario": "上游强降雨，后河沟水位上涨", "timeline":
                           "09:00 发布预警\n09:05 叫应包保责任人\n09:40 转移完毕",
                           "evacuation_minutes": 35, "problems": PROBLEMS,
                           "corrective_actions": ACTIONS, "conclusion": "基本达到",
                           "needs_plan_revision": 0})  # fmt: skip
    _stamped(w, "drills", {**common, "id": 2, "record_no": "YL2026-2", "plan_item_id": None,
                           "title": "润城镇防汛桌面推演", "organiser_kind": "镇",
                           "village_id": None, "organiser": "润城镇人民政府",
                           "held_on": "2026-04-20", "start_time": "14:30",
                           "end_time": "16:00", "location": "镇政府三楼会议室",
                           "category": "防汛", "scope": "综合", "form": "桌面",
                           "plan_version_id": None, "commander": "陈卫东", "units": "各村",
                           "participants": 35, "residents": 0, "scenario": "流域性洪水",
                           "timeline": "", "evacuation_minutes": None, "problems": "",
                           "corrective_actions": "", "needs_plan_revision": 0})  # fmt: skip
