"""Checks of a hazard record and of an action's details, for :class:`~safetydesk.services.hazards.HazardService`.

:func:`check_hazard` validates a hazard about to be registered or corrected and completes it
(village, sector, responsible unit, computed deadline, normalised phone, the 判定依据待补录 mark);
:func:`apply_details` validates what one action of A2 records and returns the hazard's changes.
Both return or raise Chinese messages per field; nothing here writes.
"""

from __future__ import annotations

import dataclasses
import math
from datetime import date
from typing import Any

from safetydesk.domain.common import Unit
from safetydesk.domain.hazards import EventDetails, Hazard, HazardAction, HazardLevel
from safetydesk.domain.major_hazards import MajorAct, act_problem
from safetydesk.domain.schedule import DeadlineKind, HolidayCalendar, deadline, format_cn
from safetydesk.domain.validation import TEXT_MAX, check_phone, normalize_phone
from safetydesk.errors import ValidationErrors

A = HazardAction
#: Records are dated from this day on (an earlier date is a typing error, e.g. 0001-01-01).
EARLIEST = date(2000, 1, 1)
#: The longest deadline counted in days: ten years.
MAX_DEADLINE_DAYS = 3650
#: The fields that say how a hazard is 挂牌督办.
_LISTING = ("listed_level", "listed_body", "listed_on")


def _basis(h: Hazard, old: Hazard | None, errors: dict[str, str]) -> Hazard:
    """The 判定依据 rule of A1, with the 待补录 mark of imported hazards.

    A 重大 hazard needs a basis. One imported without it (``basis_pending``) may be corrected in
    other fields while the basis still waits; entering the basis, or making it 一般, clears the
    mark. A hazard made 重大 by hand (new, or changed from 一般) cannot wait.
    """
    if h.level is not HazardLevel.MAJOR or h.basis.strip():
        return dataclasses.replace(h, basis_pending=False)
    if old is not None and old.major and old.basis_pending:
        return dataclasses.replace(h, basis_pending=True)
    errors["basis"] = "重大隐患须填写判定依据，例如“工贸企业重大事故隐患判定标准 第三条（二）”。"
    return h


def _listing(h: Hazard, old: Hazard | None, errors: dict[str, str]) -> None:
    """挂牌督办 of a 重大 hazard needs its basis and the 五到位 (when it is listed or relisted)."""
    if not (h.major and h.listed) or "basis" in errors:
        return  # (a missing basis of a hand-made 重大 hazard is reported on its own field)
    if old is not None and old.listed and all(
        getattr(old, f) == getattr(h, f) for f in _LISTING
    ):
        return  # listed before, unchanged: other corrections go through
    problem = act_problem(h, MajorAct.LIST)
    if problem:
        errors.setdefault("listed_level", problem)


def check_hazard(
    h: Hazard,
    unit: Unit | None,
    *,
    old: Hazard | None,
    today: date,
    calendar: HolidayCalendar,
) -> tuple[Hazard, dict[str, str]]:
    """Validate and complete a hazard about to be saved.

    Args:
        h: The hazard as entered.
        unit: Its unit (None when not found).
        old: The hazard as stored (None for a new one).
        today: Dates after it are refused.
        calendar: Working-day calendar for deadlines in working days.

    Returns:
        The hazard completed (village, sector, responsible unit, deadline, phone, 待补录 mark)
        and ``{field: message}`` for every bad field (empty when it can be saved).
    """
    errors: dict[str, str] = {}
    if unit is None:
        errors["unit_id"] = "请选择隐患所在的单位场所（先在“单位场所”中登记）。"
    elif unit.archived and h.id is None:
        errors["unit_id"] = f"「{unit.name}」已归档，不能登记新隐患。"
    for field, label in (
        ("description", "隐患描述"),
        ("measures", "整改要求/措施"),
        ("found_by", "发现人"),
    ):
        if not str(getattr(h, field)).strip():
            errors[field] = f"请填写{label}。"
    found = h.found_on
    if found is None:
        errors["found_on"] = "请填写发现日期（YYYY-MM-DD）。"
    elif found > today:
        errors["found_on"] = f"发现日期 {format_cn(found)} 在今天之后，请核对。"
    elif found < EARLIEST:
        errors["found_on"] = f"发现日期 {format_cn(found)} 早于 {EARLIEST.year} 年，请核对年份。"
        found = None
    days = h.deadline_days
    if days is not None and not 1 <= days <= MAX_DEADLINE_DAYS:
        errors["due_on"] = (
            f"整改期限 {days} 天超出范围：请填写 1 到 {MAX_DEADLINE_DAYS} 天（十年）之间的天数。"
        )
    h = _basis(h, old, errors)
    if h.funds is not None and not math.isfinite(h.funds):
        errors["funds"] = "整改资金应为数字（单位：万元），例如 1.5。"
    elif h.funds is not None and h.funds < 0:
        errors["funds"] = "整改资金不能是负数（单位：万元）。"
    # The same rule and the same normal form as the ledger import (one function for both).
    msg = check_phone(h.responsible_phone, label="责任人电话")
    if msg:
        errors["responsible_phone"] = msg
    else:
        h = dataclasses.replace(h, responsible_phone=normalize_phone(h.responsible_phone))
    if len(h.emergency_plan) > TEXT_MAX:
        errors["emergency_plan"] = f"应急预案太长（{len(h.emergency_plan)} 字），最多 {TEXT_MAX} 字。"
    due_on, warning = h.due_on, ""
    if found is not None and "found_on" not in errors and "due_on" not in errors:
        try:
            kind = h.deadline_kind
            if kind in (DeadlineKind.CALENDAR_DAYS, DeadlineKind.WORKING_DAYS) and not days:
                raise ValueError("请填写整改期限的天数，例如 7。")
            d = deadline(found, kind, days=days or 0, on=h.due_on, calendar=calendar)
            due_on, warning = d.due_on, d.warning
        except ValueError as exc:
            errors["due_on"] = str(exc) if "期限" in str(exc) else f"整改期限无效：{exc}"
    if unit is not None:
        h = dataclasses.replace(
            h,
            village_id=unit.village_id,
            sector=h.sector or unit.type.value,
            responsible_unit=h.responsible_unit or unit.name,
        )
    h = dataclasses.replace(h, due_on=due_on, deadline_warning=warning)
    _listing(h, old, errors)
    return h, errors


def apply_details(
    h: Hazard, action: HazardAction, on: date, d: EventDetails, *, today: date
) -> tuple[Hazard, EventDetails]:
    """Check the details ``action`` records and apply them to the hazard.

    Returns:
        The hazard with the action's changes (not its new state) and the details to store.

    Raises:
        ValidationErrors: A detail is missing or wrong.
    """
    errors: dict[str, str] = {}
    found = h.found_on or on
    if on < found:
        errors["on"] = f"日期 {format_cn(on)} 早于发现日期 {format_cn(found)}，请核对。"
    if on > today:
        errors["on"] = f"日期 {format_cn(on)} 在今天之后，请核对。"
    stored: dict[str, Any] = {}
    changes: dict[str, Any] = {}

    def need(key: str, label: str) -> Any:
        value = getattr(d, key)
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "" or value == ():
            errors[key] = f"请填写{label}。"
        else:
            stored[key] = value
        return value

    def new_due(label: str, after: date) -> None:
        due = need("new_due_on", label)
        if due is None:
            return
        if due <= after:
            errors["new_due_on"] = f"{label} {format_cn(due)} 应晚于 {format_cn(after)}。"
            return
        stored["old_due_on"] = h.due_on
        changes["due_on"] = due
        changes["deadline_kind"] = DeadlineKind.DATE
        changes["deadline_warning"] = ""

    if action in (A.RECHECK_PASS, A.RECHECK_FAIL):
        people = tuple(p.strip() for p in d.rechecked_by if p.strip())
        d = dataclasses.replace(d, rechecked_by=people)
        need("rechecked_by", "复查人（至少 1 人）")
        need("opinion", "复查意见")
        if action is A.RECHECK_PASS:
            changes["rectified_on"] = on
        else:
            new_due("新的整改期限", on)
    elif action is A.ON_SPOT:
        changes["rectified_on"] = on
    elif action is A.EXTEND:
        need("requested_on", "延期申请日期")
        need("reason", "延期原因")
        need("approver", "批准人")
        new_due("延期后的整改期限", h.due_on or on)
    elif action is A.TRANSFER:
        changes["transfer_department"] = need("department", "移交部门")
        changes["transferred_on"] = on
    elif action is A.CANCEL:
        changes["cancel_reason"] = need("reason", "撤销原因")
    elif action is A.ACCEPT:
        changes["accepted_unit"] = need("accepted_unit", "验收单位")
        changes["accepted_by"] = need("accepted_by", "验收人")
        changes["accepted_on"] = on
    elif action is A.CLOSE:
        changes["closed_on"] = on
    if errors:
        raise ValidationErrors(errors)
    return dataclasses.replace(h, **changes), EventDetails(**stored)
