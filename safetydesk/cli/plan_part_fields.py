"""The ``--set`` names and list columns of each 一制四案 part command (``contact``, ``riskpoint`` …).

One :class:`Part` per command: the record class, its Chinese ``--set`` labels, the fields that
name a person of the register (given by name) or another record (given by name or ``#编号``),
and the columns of its list. :mod:`safetydesk.cli.plan_parts` runs them all the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from safetydesk.domain.baobao import BaobaoAssignment, Household
from safetydesk.domain.plan_parts import (
    Contact,
    EmergencyCard,
    RiskPoint,
    Route,
    Supply,
    Team,
    WorkGroupMember,
)

#: Kinds of record a reference field points at.
SHELTER, ROUTE, RISK, HOUSEHOLD = "shelter", "route", "risk", "household"


@dataclass(frozen=True)
class Part:
    """One part command."""

    command: str
    record: type
    noun: str
    #: Chinese label → field (the first label of a field is its name in messages).
    labels: dict[str, str]
    #: Fields that name a person of the register.
    people: tuple[str, ...] = ()
    #: Fields that name another record: field → SHELTER | ROUTE | RISK | HOUSEHOLD.
    refs: tuple[tuple[str, str], ...] = ()
    #: Fields shown in the text list, after the id and the village.
    columns: tuple[str, ...] = ()
    #: ``fields KIND`` name.
    kind: str = ""

    def label(self, field: str) -> str:
        """The Chinese name of ``field``."""
        return next((k for k, v in self.labels.items() if v == field), field)


_NOTES = {"备注": "notes"}

PARTS: tuple[Part, ...] = (
    Part("contact", Contact, "通讯录条目", {
        "类别": "category", "姓名": "name", "名称": "name", "职务": "post", "手机": "mobile",
        "座机": "phone", "人员": "person_id", "排序": "sort_order", **_NOTES,
    }, people=("person_id",), columns=("category", "name", "post", "mobile", "phone"),
        kind="contacts"),  # fmt: skip
    Part("workgroup", WorkGroupMember, "工作组成员", {
        "小组": "subgroup", "人员": "person_id", "职责": "duty", "任务": "tasks",
        "排序": "sort_order",
    }, people=("person_id",), columns=("subgroup", "duty", "person_id", "tasks"),
        kind="workgroup"),  # fmt: skip
    Part("riskpoint", RiskPoint, "风险点", {
        "名称": "name", "类型": "kind", "位置": "place", "威胁户数": "households",
        "威胁人数": "people", "监测人": "monitor_id", "监测方法": "monitor_method",
        "预警指标": "warning_threshold", "关联预案": "plan_kinds", "状态": "status", **_NOTES,
    }, people=("monitor_id",), columns=("name", "kind", "place", "households", "people",
                                        "monitor_id"), kind="riskpoints"),  # fmt: skip
    Part("route", Route, "转移路线", {
        "名称": "name", "起点": "start", "避难场所": "shelter_id", "路线描述": "description",
        "距离": "distance_m", "步行分钟": "walk_minutes", "避开": "avoid", **_NOTES,
    }, refs=(("shelter_id", SHELTER),), columns=("name", "start", "shelter_id", "walk_minutes"),
        kind="routes"),  # fmt: skip
    Part("team", Team, "应急队伍", {
        "名称": "name", "类型": "kind", "队长": "leader", "队长电话": "leader_phone",
        "人数": "size", "成员": "members", "装备": "equipment", **_NOTES,
    }, columns=("name", "kind", "leader", "leader_phone", "size"), kind="teams"),  # fmt: skip
    Part("supply", Supply, "应急物资", {
        "品名": "name", "名称": "name", "规格": "spec", "数量": "quantity", "单位": "unit",
        "存放地点": "place", "保管人": "keeper", "保管人电话": "keeper_phone",
        "检查日期": "checked_on", "有效期": "expires_on", "有效期至": "expires_on", **_NOTES,
    }, columns=("name", "spec", "quantity", "unit", "place", "expires_on"),
        kind="supplies"),  # fmt: skip
    Part("card", EmergencyCard, "应急处置卡", {
        "名称": "title", "岗位": "role", "灾种": "kind", "启动条件": "trigger", "步骤": "steps",
        "报告对象": "report_to", "报告电话": "report_phone", "注意事项": "cautions",
        "版本日期": "version_on",
    }, columns=("title", "role", "kind", "steps"), kind="cards"),  # fmt: skip
    Part("household", Household, "住户", {
        "户主": "head", "村民小组": "group_name", "住址": "address", "人数": "size",
        "家庭人数": "size", "电话": "phone", "常住人数": "residents", "重点人群": "vulnerable",
        "重点人员情况": "vulnerable_detail", "风险点": "risk_point_id",
        "包户责任人": "helper_id", "避难场所": "shelter_id", "转移路线": "route_id",
        "明白卡发放": "card_issued_on", **_NOTES,
    }, people=("helper_id",), refs=(("risk_point_id", RISK), ("shelter_id", SHELTER),
                                    ("route_id", ROUTE)),
        columns=("head", "group_name", "size", "vulnerable", "helper_id"),
        kind="households"),  # fmt: skip
    Part("baobao", BaobaoAssignment, "包保关系", {
        "层级": "level", "责任人": "person_id", "包保对象": "target", "职务": "post",
        "备用电话": "backup_phone", "住户": "household_id", "灾种": "hazards",
        "叫应顺序": "call_order", "上级责任人": "escalate_to_id", "生效日期": "valid_from",
        "调整日期": "changed_on", **_NOTES,
    }, people=("person_id", "escalate_to_id"), refs=(("household_id", HOUSEHOLD),),
        columns=("level", "target", "person_id", "hazards", "call_order", "escalate_to_id"),
        kind="baobao"),  # fmt: skip
)
#: Part commands by name.
BY_COMMAND: dict[str, Part] = {p.command: p for p in PARTS}
