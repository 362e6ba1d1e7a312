"""应急演练: the kinds of drill, a drill record and its checks (DOMAIN.md B §2.1, §2.4).

A drill is organised by the township, a 村(社区) or a supervised unit (:class:`SubjectKind`); a
unit's own drill reported to the township (企业自行组织) is recorded the same way with its
``reported_on`` date. The annual plan lives in :mod:`.drill_plans`, the obligations and the
compliance view in :mod:`.drill_rules`. Everything here is pure: "today" is always passed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from safetydesk.domain.drill_records import timeline_errors, timeline_steps
from safetydesk.errors import ValidationErrors


class DrillCategory(StrEnum):
    """专项/灾种 of a drill (B §2.1)."""

    FLOOD = "防汛"
    FLASH_FLOOD = "山洪"
    GEOLOGICAL = "地质灾害"
    EARTHQUAKE = "地震"
    FOREST_FIRE = "森林火灾"
    FIRE_EVACUATION = "消防疏散"
    GAS_LEAK = "燃气泄漏"
    CHEMICALS = "危化品"
    CONFINED_SPACE = "有限空间"
    MINE = "矿山"
    ROAD = "道路交通"
    CROWD_EVACUATION = "人员密集场所疏散"
    GENERAL = "综合"


class DrillScope(StrEnum):
    """演练内容: 综合演练 or 单项演练."""

    COMPREHENSIVE = "综合"
    SINGLE = "单项"


class DrillForm(StrEnum):
    """演练形式: 实战演练 or 桌面演练."""

    LIVE = "实战"
    TABLETOP = "桌面"


class SubjectKind(StrEnum):
    """Who organises a drill and who owes one: the township, a village, a unit."""

    TOWNSHIP = "镇"
    VILLAGE = "村(社区)"
    UNIT = "单位"


class DrillConclusion(StrEnum):
    """评估结论 (B §2.4)."""

    MET = "达到预期"
    MOSTLY_MET = "基本达到"
    NOT_MET = "未达到需重新演练"


_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Drill:
    """One drill held (演练记录, B §2.4).

    ``village_id`` is set for a village's drill, ``unit_id`` for a unit's (its village may be set
    too), neither for the township's. Times are local ``HH:MM`` text as typed by the officer.
    ``plan_version_id`` is the 一制四案 version exercised (``plan_versions.id``), if any. The
    timeline (演练过程) is text, one step per line (:mod:`.drill_records`); the problems found with
    their measures are :class:`~.drill_records.DrillFinding` rows, the photos and the sign-in
    sheet :class:`~.drill_records.DrillAttachment` rows, the evaluation a
    :class:`~.drill_evaluation.DrillEvaluation`.
    """

    id: int | None = None
    record_no: str = ""
    plan_item_id: int | None = None
    title: str
    organiser_kind: SubjectKind = SubjectKind.TOWNSHIP
    village_id: int | None = None
    unit_id: int | None = None
    organiser: str = ""
    held_on: date
    start_time: str = ""
    end_time: str = ""
    location: str = ""
    category: DrillCategory = DrillCategory.GENERAL
    scope: DrillScope = DrillScope.SINGLE
    form: DrillForm = DrillForm.LIVE
    plan_version_id: int | None = None
    commander: str = ""
    units: str = ""
    participants: int | None = None
    residents: int | None = None
    observers: str = ""
    scenario: str = ""
    timeline: str = ""
    equipment: str = ""
    evacuation_minutes: int | None = None
    conclusion: DrillConclusion | None = None
    needs_plan_revision: bool = False
    recorder: str = ""
    approver: str = ""
    reported_on: date | None = None
    notes: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def live(self) -> bool:
        """True for a 实战 drill."""
        return self.form is DrillForm.LIVE


def drill_errors(drill: Drill, today: date) -> dict[str, str]:
    """Field → Chinese message of everything wrong with ``drill`` as a held drill."""
    errors: dict[str, str] = {}
    if not drill.title.strip():
        errors["title"] = "请填写演练名称。"
    if drill.held_on > today:
        errors["held_on"] = (
            f"演练日期 {drill.held_on.isoformat()} 晚于今天 {today.isoformat()}：尚未举行的演练"
            "请列入年度演练计划，举行后再登记。"
        )
    if drill.organiser_kind is SubjectKind.VILLAGE and drill.village_id is None:
        errors["village_id"] = "村(社区)组织的演练须指明村(社区)。"
    if drill.organiser_kind is SubjectKind.UNIT and drill.unit_id is None:
        errors["unit_id"] = "单位组织的演练须指明单位。"
    if drill.organiser_kind is SubjectKind.TOWNSHIP and (drill.village_id or drill.unit_id):
        errors["organiser_kind"] = "镇组织的演练不应指定村(社区)或单位。"
    for name, label in (("start_time", "开始时间"), ("end_time", "结束时间")):
        value = getattr(drill, name)
        if value and not _TIME.match(value):
            errors[name] = f"{label}“{value}”不是 时:分 格式（如 09:30）。"
    if (
        "start_time" not in errors
        and "end_time" not in errors
        and drill.start_time
        and drill.end_time
        and drill.end_time < drill.start_time
    ):
        errors["end_time"] = f"结束时间 {drill.end_time} 早于开始时间 {drill.start_time}。"
    if drill.participants is not None and drill.participants < 0:
        errors["participants"] = "参演人数不能为负数。"
    if drill.residents is not None and drill.residents < 0:
        errors["residents"] = "群众人数不能为负数。"
    if (
        drill.participants is not None
        and drill.residents is not None
        and drill.participants >= 0
        and drill.residents > drill.participants
    ):
        errors["residents"] = f"其中群众人数 {drill.residents} 多于参演人数 {drill.participants}。"
    if "start_time" not in errors and "end_time" not in errors:
        steps = timeline_errors(timeline_steps(drill.timeline), drill.start_time, drill.end_time)
        if steps:
            errors["timeline"] = steps[0]
    if drill.evacuation_minutes is not None and drill.evacuation_minutes < 0:
        errors["evacuation_minutes"] = "疏散用时不能为负数。"
    if drill.reported_on is not None:
        if drill.organiser_kind is not SubjectKind.UNIT:
            errors["reported_on"] = "报送日期只用于单位自行组织的演练。"
        elif drill.reported_on < drill.held_on:
            errors["reported_on"] = "报送日期早于演练日期。"
        elif drill.reported_on > today:
            errors["reported_on"] = "报送日期晚于今天。"
    return errors


def check_drill(drill: Drill, today: date) -> Drill:
    """``drill`` with its text trimmed, or every problem at once.

    Raises:
        ValidationErrors: End before start, negative counts, fewer participants than residents,
            negative evacuation time, a date in the future, a missing organiser …
    """
    errors = drill_errors(drill, today)
    if errors:
        raise ValidationErrors(errors)
    return drill
