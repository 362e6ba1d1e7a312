"""叫应 (B §1.2): a warning phoned down the 包保 chain, answered, escalated and closed.

A :class:`CallOut` is one warning (预警) of a hazard type and level for a set of villages; its
:class:`Call` rows are the call list in chain order. Each call is answered (time, note, what was
confirmed: 收到、到岗、转移人数) or, after ``escalate_after`` minutes without an answer, escalated
to the next level. Closing the call-out records the people moved and returned.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from safetydesk.domain.baobao import HAZARD_KINDS, LEVEL_ORDER, BaobaoAssignment, BaobaoLevel
from safetydesk.domain.common import Person
from safetydesk.domain.plans import PlanKind
from safetydesk.errors import ConflictError, ValidationError, ValidationErrors


class WarningLevel(StrEnum):
    """Warning colours, lowest first (气象/水利/自然资源 预警)."""

    BLUE = "蓝色"
    YELLOW = "黄色"
    ORANGE = "橙色"
    RED = "红色"


#: What each called person confirms, by default (the household levels: with 转移人数).
DEFAULT_CONFIRM = "收到、到岗、转移人数"
#: What the upper levels (县包乡, 乡包村, 村包组) confirm.
UPPER_CONFIRM = "收到、到岗"
#: Levels whose people answer for households: they report how many people they moved.
HOUSEHOLD_LEVELS = frozenset({BaobaoLevel.GROUP, BaobaoLevel.PERSON})
#: Separator of the mobile and the backup phone in :attr:`Call.phone`.
PHONE_SEP = " / "
#: Minutes without an answer after which a call is escalated (长治: 5 分钟内"叫醒").
DEFAULT_ESCALATE_AFTER = 5


@dataclass(frozen=True, slots=True)
class CallOut:
    """One 叫应 call-out."""

    id: int | None
    kind: PlanKind
    level: WarningLevel
    issued_at: datetime
    source: str = ""
    message: str = ""
    escalate_after: int = DEFAULT_ESCALATE_AFTER
    started_by: str = ""
    closed_at: datetime | None = None
    moved: int | None = None
    returned: int | None = None
    closing_note: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def closed(self) -> bool:
        """True once the warning was lifted and the call-out closed."""
        return self.closed_at is not None


@dataclass(frozen=True, slots=True)
class Call:
    """One line of a call-out's call list (who, in which order, and what happened)."""

    id: int | None
    callout_id: int
    position: int
    village_id: int | None
    level: BaobaoLevel
    name: str
    role: str
    phone: str
    person_id: int | None = None
    assignment_id: int | None = None
    confirm: str = DEFAULT_CONFIRM
    escalate_to_id: int | None = None
    answered_at: datetime | None = None
    on_duty: bool = False
    moved: int | None = None
    note: str = ""
    escalated_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None



class CallState(StrEnum):
    """Where one call stands."""

    ANSWERED = "已应答"
    PENDING = "待应答"
    OVERDUE = "待升级"
    ESCALATED = "已升级"


def confirm_of(level: BaobaoLevel) -> str:
    """What a person at ``level`` confirms: the household levels also report 转移人数."""
    return DEFAULT_CONFIRM if level in HOUSEHOLD_LEVELS else UPPER_CONFIRM


def phones(call: Call) -> tuple[str, str]:
    """(mobile, backup phone) of a call (the backup "" when there is none)."""
    first, _, backup = call.phone.partition(PHONE_SEP)
    return first, backup


def deadline(callout: CallOut) -> datetime:
    """When an unanswered call becomes 待升级: ``escalate_after`` minutes after the start."""
    return callout.issued_at + timedelta(minutes=callout.escalate_after)


def call_state(call: Call, callout: CallOut, now: datetime) -> CallState:
    """The state of ``call`` at ``now`` (a closed call-out is seen as at its closing time)."""
    if call.answered_at is not None:
        return CallState.ANSWERED
    if call.escalated_at is not None:
        return CallState.ESCALATED
    seen = callout.closed_at if callout.closed_at is not None else now
    return CallState.OVERDUE if seen >= deadline(callout) else CallState.PENDING


def _covering(
    kind: PlanKind, village_ids: Sequence[int], assignments: Sequence[BaobaoAssignment]
) -> list[BaobaoAssignment]:
    """The assignments called for ``kind`` in ``village_ids`` (township-wide 县包乡 too)."""
    wanted = set(village_ids)
    return [
        a for a in assignments
        if a.covers(kind) and (a.village_id in wanted or a.village_id is None)
    ]  # fmt: skip


def missing_chain(
    kind: PlanKind, village_ids: Sequence[int], assignments: Sequence[BaobaoAssignment]
) -> list[int]:
    """Villages of ``village_ids`` without any 包保 assignment of their own covering ``kind``."""
    have = {a.village_id for a in _covering(kind, village_ids, assignments)}
    return [v for v in village_ids if v not in have]


def build_calls(
    callout_id: int,
    kind: PlanKind,
    village_ids: Sequence[int],
    assignments: Sequence[BaobaoAssignment],
    people: Mapping[int, Person],
) -> list[Call]:
    """The ordered call list of a call-out: top of the chain first (:data:`LEVEL_ORDER`), then
    the villages in the order given (township-wide assignments before them), then
    ``call_order``. Only assignments covering ``kind`` are called; each call carries the
    person's name, the post, the mobile from the register (with the backup phone kept after
    :data:`PHONE_SEP`) and what to confirm. A person holding several assignments is phoned
    once, at the first of them (confirming 转移人数 when any is a household level).
    """
    rank = {v: i for i, v in enumerate(village_ids)}

    def key(a: BaobaoAssignment) -> tuple[int, int, int, int]:
        place = -1 if a.village_id is None else rank[a.village_id]
        return LEVEL_ORDER[a.level], place, a.call_order, a.id or 0

    out: list[Call] = []
    by_person: dict[int, int] = {}
    for a in sorted(_covering(kind, village_ids, assignments), key=key):
        if a.person_id in by_person:  # phoned once, at the highest level they hold
            i = by_person[a.person_id]
            if a.level in HOUSEHOLD_LEVELS:
                out[i] = replace(out[i], confirm=DEFAULT_CONFIRM)
            continue
        by_person[a.person_id] = len(out)
        person = people[a.person_id]
        main = person.mobile.strip() or person.phone.strip() or a.backup_phone.strip()
        backup = a.backup_phone.strip() if a.backup_phone.strip() != main else ""
        if not backup and person.phone.strip() and person.phone.strip() != main:
            backup = person.phone.strip()
        phone = f"{main}{PHONE_SEP}{backup}" if backup else main
        out.append(Call(
            id=None, callout_id=callout_id, position=len(out) + 1, village_id=a.village_id,
            level=a.level, name=person.name, role=a.post or person.organisation or person.role,
            phone=phone or "（无电话）", person_id=a.person_id, assignment_id=a.id,
            confirm=confirm_of(a.level), escalate_to_id=a.escalate_to_id,
        ))  # fmt: skip
    return out


def check_start(callout: CallOut, village_ids: Sequence[int], now: datetime) -> None:
    """Check a call-out about to start; raise :class:`ValidationErrors` with every problem."""
    errors: dict[str, str] = {}
    if callout.kind not in HAZARD_KINDS:
        names = "、".join(HAZARD_KINDS)
        errors["kind"] = f"叫应的预警类型应为{names}之一。"
    if not village_ids:
        errors["villages"] = "请选择要叫应的村（社区）。"
    if callout.escalate_after < 1:
        errors["escalate_after"] = "升级时限至少 1 分钟。"
    if callout.issued_at > now:
        errors["issued_at"] = "预警时间不能晚于现在。"
    if errors:
        raise ValidationErrors(errors)


def _check_time(callout: CallOut, at: datetime, now: datetime, what: str) -> None:
    if callout.closed:
        raise ConflictError(f"这次叫应已于 {_hm(callout.closed_at)} 结束，不能再{what}。")
    if at < callout.issued_at:
        raise ValidationError(
            "at", f"{what}时间 {_hm(at)} 早于预警时间 {_hm(callout.issued_at)}，请检查。"
        )
    if at > now:
        raise ValidationError("at", f"{what}时间 {_hm(at)} 晚于现在，请检查。")


def _hm(value: datetime | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M")


def answer_call(
    call: Call, callout: CallOut, at: datetime, now: datetime, *,
    note: str = "", on_duty: bool = False, moved: int | None = None,
) -> Call:  # fmt: skip
    """``call`` answered at ``at``: refused after closing, before the call-out or in the future.

    A second answer (a call back to report 转移人数) keeps the first answer's time and updates
    what was confirmed.
    """
    _check_time(callout, at, now, "记录应答")
    if moved is not None and moved < 0:
        raise ValidationError("moved", "转移人数不能为负数。")
    return replace(
        call,
        answered_at=call.answered_at or at,
        on_duty=on_duty or call.on_duty,
        moved=call.moved if moved is None else moved,
        note=note.strip() or call.note,
    )


def escalate_due(calls: Sequence[Call], callout: CallOut, now: datetime) -> list[Call]:
    """The calls 待升级 at ``now``, escalated: ``escalated_at`` set and ``escalate_to_id`` named
    (the assignment's 上级责任人, else the person called one level up in the same village)."""
    _check_time(callout, now, now, "升级")
    out = []
    for call in calls:
        if call_state(call, callout, now) is not CallState.OVERDUE:
            continue
        to = call.escalate_to_id
        if to is None:
            above = [c for c in calls if c.village_id in (call.village_id, None)
                     and LEVEL_ORDER[c.level] < LEVEL_ORDER[call.level] and c.person_id is not None]  # fmt: skip
            if above:
                top = max(LEVEL_ORDER[c.level] for c in above)
                near = [c for c in above if LEVEL_ORDER[c.level] == top]
                near.sort(key=lambda c: (c.village_id is None, c.position))
                to = near[0].person_id
        out.append(replace(call, escalated_at=now, escalate_to_id=to))
    return out


def close_callout(
    callout: CallOut, calls: Sequence[Call], at: datetime, now: datetime, *,
    moved: int, returned: int, note: str = "",
) -> tuple[CallOut, list[str]]:  # fmt: skip
    """The call-out closed at ``at`` with the people moved and returned, and the warnings."""
    _check_time(callout, at, now, "结束预警")
    errors: dict[str, str] = {}
    if moved < 0:
        errors["moved"] = "转移人数不能为负数。"
    if returned < 0:
        errors["returned"] = "返回人数不能为负数。"
    elif returned > moved:
        errors["returned"] = f"返回人数（{returned}）不能多于转移人数（{moved}）。"
    if errors:
        raise ValidationErrors(errors)
    warnings = []
    reported = sum(c.moved or 0 for c in calls)
    if moved < reported:
        warnings.append(f"转移人数 {moved} 少于各责任人报告的转移人数合计 {reported}，请核实。")
    closed = replace(
        callout, closed_at=at, moved=moved, returned=returned, closing_note=note.strip()
    )
    return closed, warnings


__all__ = [
    "DEFAULT_CONFIRM",
    "DEFAULT_ESCALATE_AFTER",
    "HOUSEHOLD_LEVELS",
    "PHONE_SEP",
    "UPPER_CONFIRM",
    "Call",
    "CallOut",
    "CallState",
    "WarningLevel",
    "answer_call",
    "build_calls",
    "call_state",
    "check_start",
    "close_callout",
    "confirm_of",
    "deadline",
    "escalate_due",
    "missing_chain",
    "phones",
]
