"""The 叫应 rules of domain/callouts.py, with "now" passed in."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from safetydesk.domain.baobao import BaobaoAssignment, BaobaoLevel
from safetydesk.domain.callouts import (
    CallOut,
    CallState,
    WarningLevel,
    answer_call,
    build_calls,
    call_state,
    close_callout,
    escalate_due,
    missing_chain,
    phones,
)
from safetydesk.domain.common import Person
from safetydesk.domain.plans import PlanKind
from safetydesk.errors import ConflictError, ValidationError, ValidationErrors

T0 = datetime(2026, 7, 14, 21, 30)
OUT = CallOut(id=1, kind=PlanKind.FLOOD, level=WarningLevel.RED, issued_at=T0, escalate_after=10)
PEOPLE = {
    1: Person(id=1, name="甲", mobile="13800000001"),
    2: Person(id=2, name="乙", mobile="", phone="0356-4000002"),
    3: Person(id=3, name="丙", mobile="13800000003"),
}


def _a(aid: int, village: int | None, level: BaobaoLevel, person: int, order: int = 1,
       hazards: tuple[PlanKind, ...] = ()) -> BaobaoAssignment:  # fmt: skip
    return BaobaoAssignment(id=aid, village_id=village, level=level, person_id=person,
                            target=f"对象{aid}", call_order=order, hazards=hazards)  # fmt: skip


def test_one_call_per_person_at_the_highest_level() -> None:
    chain = [
        _a(1, 7, BaobaoLevel.PERSON, 1),
        _a(2, 7, BaobaoLevel.VILLAGE, 1),
        _a(3, 7, BaobaoLevel.TOWNSHIP, 2),
        _a(4, 7, BaobaoLevel.GROUP, 3, hazards=(PlanKind.FIRE,)),
    ]
    calls = build_calls(1, PlanKind.FLOOD, [7], chain, PEOPLE)
    assert [(c.name, c.level) for c in calls] == [("乙", BaobaoLevel.TOWNSHIP),
                                                   ("甲", BaobaoLevel.VILLAGE)]  # fmt: skip
    # 甲 also helps a household (党员包人): confirms 转移人数 on the one call
    assert calls[1].confirm.endswith("转移人数") and calls[0].confirm == "收到、到岗"
    # no mobile: the other phone of the register is called
    assert phones(calls[0]) == ("0356-4000002", "")
    assert missing_chain(PlanKind.FLOOD, [7, 8], chain) == [8]
    assert missing_chain(PlanKind.FIRE, [7], chain) == []


def test_state_turns_overdue_at_the_escalation_time() -> None:
    (call,) = build_calls(1, PlanKind.FLOOD, [7], [_a(1, 7, BaobaoLevel.GROUP, 1)], PEOPLE)
    assert call_state(call, OUT, T0 + timedelta(minutes=9)) is CallState.PENDING
    assert call_state(call, OUT, T0 + timedelta(minutes=10)) is CallState.OVERDUE
    answered = answer_call(call, OUT, T0 + timedelta(minutes=12), T0 + timedelta(minutes=12),
                           moved=4)  # fmt: skip
    assert call_state(answered, OUT, T0 + timedelta(hours=1)) is CallState.ANSWERED
    with pytest.raises(ValidationError):
        answer_call(call, OUT, T0, T0, moved=-1)


def test_escalation_without_anyone_above_names_nobody() -> None:
    calls = build_calls(1, PlanKind.FLOOD, [7, 8], [_a(1, 7, BaobaoLevel.TOWNSHIP, 1),
                                                     _a(2, 8, BaobaoLevel.GROUP, 2)], PEOPLE)  # fmt: skip
    due = escalate_due(calls, OUT, T0 + timedelta(minutes=10))
    # 乙 (village 8) has nobody above in village 8; 甲's level is the top
    assert [(c.name, c.escalate_to_id) for c in due] == [("甲", None), ("乙", None)]
    assert escalate_due([replace(c, answered_at=T0) for c in calls], OUT, T0 + timedelta(hours=1)) == []


def test_close_checks_counts_and_times() -> None:
    (call,) = build_calls(1, PlanKind.FLOOD, [7], [_a(1, 7, BaobaoLevel.GROUP, 1)], PEOPLE)
    call = replace(call, answered_at=T0, moved=6)
    closed, warnings = close_callout(OUT, [call], T0 + timedelta(hours=2), T0 + timedelta(hours=2),
                                     moved=6, returned=2)  # fmt: skip
    assert closed.closed and closed.returned == 2 and warnings == []
    _, warned = close_callout(OUT, [call], T0 + timedelta(hours=2), T0 + timedelta(hours=2),
                              moved=5, returned=5)  # fmt: skip
    assert warned and "6" in warned[0]
    with pytest.raises(ValidationErrors):
        close_callout(OUT, [call], T0, T0, moved=3, returned=4)
    with pytest.raises(ValidationError):
        close_callout(OUT, [call], T0 + timedelta(hours=3), T0 + timedelta(hours=2),
                      moved=1, returned=1)  # fmt: skip
    with pytest.raises(ConflictError):
        answer_call(call, closed, T0 + timedelta(hours=3), T0 + timedelta(hours=3))
