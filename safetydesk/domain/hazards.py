"""Hazard (隐患) levels, states and the transitions between them (DOMAIN.md A1, A2, B §4.3).

The state machine is data: :data:`TRANSITIONS` maps (state, action) to the next state, and
:func:`allowed_actions` is what the GUI offers as buttons and the CLI accepts. 逾期, 重大 and
挂牌督办 are flags derived from the record, never states.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from safetydesk.domain.schedule import DeadlineKind
from safetydesk.errors import InvalidTransition


class HazardLevel(StrEnum):
    """National two levels only (A1)."""

    ORDINARY = "一般"
    MAJOR = "重大"


class HazardState(StrEnum):
    """States of A2."""

    REGISTERED = "已登记"
    RECTIFYING = "整改中"
    AWAITING_RECHECK = "待复查"
    RECHECK_PASSED = "复查合格"
    CLOSED = "已销号"
    TRANSFERRED = "已移交"
    CANCELLED = "已撤销"


class HazardAction(StrEnum):
    """Things an officer does to a hazard; each becomes an event row."""

    ISSUE_NOTICE = "下达整改通知"
    RECEIPT = "收到回执"
    RECHECK_PASS = "复查合格"
    RECHECK_FAIL = "复查不合格"
    ON_SPOT = "当场整改"
    EXTEND = "延期"
    TRANSFER = "移交"
    CANCEL = "撤销"
    ACCEPT = "验收"
    CLOSE = "销号"


S, A = HazardState, HazardAction

#: (state, action) → next state. Actions missing for a state are refused.
TRANSITIONS: dict[tuple[HazardState, HazardAction], HazardState] = {
    (S.REGISTERED, A.ISSUE_NOTICE): S.RECTIFYING,
    (S.REGISTERED, A.ON_SPOT): S.RECHECK_PASSED,
    (S.REGISTERED, A.TRANSFER): S.TRANSFERRED,
    (S.REGISTERED, A.CANCEL): S.CANCELLED,
    (S.RECTIFYING, A.RECEIPT): S.AWAITING_RECHECK,
    # The officer may recheck at the deadline without waiting for a receipt.
    (S.RECTIFYING, A.RECHECK_PASS): S.RECHECK_PASSED,
    (S.RECTIFYING, A.RECHECK_FAIL): S.RECTIFYING,
    (S.RECTIFYING, A.EXTEND): S.RECTIFYING,
    (S.RECTIFYING, A.TRANSFER): S.TRANSFERRED,
    (S.RECTIFYING, A.CANCEL): S.CANCELLED,
    (S.AWAITING_RECHECK, A.RECHECK_PASS): S.RECHECK_PASSED,
    (S.AWAITING_RECHECK, A.RECHECK_FAIL): S.RECTIFYING,
    (S.AWAITING_RECHECK, A.TRANSFER): S.TRANSFERRED,
    (S.RECHECK_PASSED, A.ACCEPT): S.RECHECK_PASSED,
    (S.RECHECK_PASSED, A.CLOSE): S.CLOSED,
}

#: States in which a hazard is still open (counts toward 未整改 and can be overdue).
OPEN_STATES = frozenset({S.REGISTERED, S.RECTIFYING, S.AWAITING_RECHECK})
#: States after which nothing more happens in the township.
TERMINAL_STATES = frozenset({S.CLOSED, S.TRANSFERRED, S.CANCELLED})


def allowed_actions(
    state: HazardState, level: HazardLevel, *, accepted: bool = False
) -> list[HazardAction]:
    """Actions the officer may take now, in display order.

    Args:
        state: Current state.
        level: 一般 or 重大 (only 重大 needs 验收 before 销号, and only 重大 offers 验收).
        accepted: True once a 验收 record exists.
    """
    out = []
    for action in HazardAction:
        if (state, action) not in TRANSITIONS:
            continue
        if action is A.ACCEPT and (level is not HazardLevel.MAJOR or accepted):
            continue
        if action is A.CLOSE and level is HazardLevel.MAJOR and not accepted:
            continue
        out.append(action)
    return out


def next_state(
    state: HazardState, action: HazardAction, level: HazardLevel, *, accepted: bool = False
) -> HazardState:
    """The state after ``action``.

    Raises:
        InvalidTransition: The action is not allowed now (Chinese message says why).
    """
    if action in allowed_actions(state, level, accepted=accepted):
        return TRANSITIONS[(state, action)]
    if action is A.CLOSE and state is S.RECHECK_PASSED:
        raise InvalidTransition("重大隐患销号前须先录入验收（验收单位、验收人、验收日期）。")
    if action is A.CLOSE:
        raise InvalidTransition(f"隐患当前为“{state}”，须复查合格后才能销号。")
    if action is A.ACCEPT and level is not HazardLevel.MAJOR:
        raise InvalidTransition("只有重大隐患需要验收；一般隐患复查合格后即可销号。")
    if state in TERMINAL_STATES:
        raise InvalidTransition(f"隐患已{state.removeprefix('已')}，不能再“{action}”。")
    raise InvalidTransition(f"隐患当前为“{state}”，不能“{action}”。")


def is_overdue(state: HazardState, due_on: date | None, today: date) -> bool:
    """逾期: still open and past its (possibly extended) deadline."""
    return state in OPEN_STATES and due_on is not None and today > due_on


class HazardSource(StrEnum):
    """来源 (B §4.4)."""

    TOWNSHIP_CHECK = "镇村检查"
    ENFORCEMENT = "执法检查"
    SELF_REPORT = "企业自查上报"
    COMPLAINT = "群众举报"
    ASSIGNED = "上级督查交办"
    HANDED_OVER = "部门移交"
    DRILL = "应急演练发现"


class HazardCategory(StrEnum):
    """隐患类别 (B §4.4)."""

    UNSAFE_ACT = "人的不安全行为"
    UNSAFE_CONDITION = "物的不安全状态"
    MANAGEMENT = "管理缺陷"
    ENVIRONMENT = "环境因素"


#: The hazard meaning of 五到位 (001 八): 责任、措施、资金、时限、预案.
FIVE_IN_PLACE: tuple[str, ...] = ("责任", "措施", "资金", "时限", "预案")


@dataclass(frozen=True, slots=True, kw_only=True)
class Hazard:
    """A hazard from discovery to 销号 (fields of DOMAIN.md B §4.4).

    ``due_on`` is the current deadline (after approved extensions). ``basis_pending`` marks a
    重大 hazard taken over from a ledger without its 判定依据 (待补录; cleared once it is entered).
    ``emergency_plan`` is the 预案 of the 五到位, which is computed from the fields (see
    :mod:`safetydesk.domain.major_hazards`), never ticked. ``notice_id`` is the
    document (整改通知书 or 指令书) under which the hazard is being rectified: the one its latest
    下达整改通知 issued. ``inspection_id`` / ``drill_id`` name the inspection or the drill
    (演练发现的问题) that found it.
    """

    id: int | None = None
    code: str = ""
    unit_id: int | None = None
    village_id: int | None = None
    sector: str = ""
    location: str = ""
    description: str = ""
    category: str = ""
    level: HazardLevel = HazardLevel.ORDINARY
    basis: str = ""
    basis_pending: bool = False
    source: HazardSource = HazardSource.TOWNSHIP_CHECK
    found_on: date | None = None
    found_by: str = ""
    measures: str = ""
    deadline_kind: DeadlineKind = DeadlineKind.DATE
    deadline_days: int | None = None
    due_on: date | None = None
    deadline_warning: str = ""
    responsible_unit: str = ""
    responsible_person: str = ""
    responsible_phone: str = ""
    supervisor: str = ""
    funds: float | None = None
    interim_measures: str = ""
    emergency_plan: str = ""
    dual_report_on: date | None = None
    listed_level: str = ""
    listed_body: str = ""
    listed_on: date | None = None
    state: HazardState = HazardState.REGISTERED
    rectified_on: date | None = None
    closed_on: date | None = None
    accepted_unit: str = ""
    accepted_by: str = ""
    accepted_on: date | None = None
    transfer_department: str = ""
    transferred_on: date | None = None
    cancel_reason: str = ""
    notes: str = ""
    inspection_id: int | None = None
    drill_id: int | None = None
    notice_id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    archived_at: datetime | None = None

    @property
    def major(self) -> bool:
        """重大 flag."""
        return self.level is HazardLevel.MAJOR

    @property
    def listed(self) -> bool:
        """挂牌督办 flag."""
        return bool(self.listed_on or self.listed_level)

    @property
    def accepted(self) -> bool:
        """True once a 验收 record exists."""
        return self.accepted_on is not None

    def overdue(self, today: date) -> bool:
        """逾期 flag on ``today``."""
        return is_overdue(self.state, self.due_on, today)

    @property
    def immediate(self) -> bool:
        """The deadline was 立即/当场 (printed as 立即 rather than a date)."""
        return self.deadline_kind is DeadlineKind.IMMEDIATE


@dataclass(frozen=True, slots=True, kw_only=True)
class EventDetails:
    """What an action recorded beyond who, when and the note (B §4.3).

    Which fields an action fills: 下达整改通知 ``inspectors`` (the 检查人员 who sign the notice,
    when chosen by hand); 复查合格/不合格 ``rechecked_by`` and ``opinion`` (不合格 also
    ``new_due_on`` and ``old_due_on``); 延期 ``requested_on``, ``reason``, ``approver``,
    ``new_due_on``, ``old_due_on``; 移交 ``department``; 撤销 ``reason``; 验收 ``accepted_unit``
    and ``accepted_by``. A hazard taken over from an old ledger has ``imported`` set with the
    ``source`` row and the ledger's ``original_number``. Keys this build does not know (written by
    a later one) are kept in ``extra`` so that nothing is lost when the event is read back.
    """

    rechecked_by: tuple[str, ...] = ()
    inspectors: tuple[str, ...] = ()
    opinion: str = ""
    new_due_on: date | None = None
    old_due_on: date | None = None
    requested_on: date | None = None
    reason: str = ""
    approver: str = ""
    department: str = ""
    accepted_unit: str = ""
    accepted_by: str = ""
    imported: bool = False
    source: str = ""
    original_number: str = ""
    extra: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class HazardEvent:
    """One transition of a hazard, for its timeline (who, when, from, to, note, details).

    ``document_id`` names the document the event issued (下达整改通知: the notice or order) or
    that was printed for it (复查: the 整改复查意见书), once there is one.
    """

    id: int | None = None
    hazard_id: int
    action: HazardAction
    from_state: HazardState
    to_state: HazardState
    on: date
    by: str = ""
    note: str = ""
    details: EventDetails = EventDetails()
    document_id: int | None = None
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class HazardSummary:
    """The counts at the top of the hazard list (逾期 as of a given day; 已撤销 excluded).

    ``missing_basis`` counts the 重大 hazards whose 判定依据 is 待补录, whatever their state.
    """

    total: int
    open: int
    overdue: int
    major_open: int
    listed_open: int
    missing_basis: int = 0


@dataclass(frozen=True, slots=True)
class VillageZeroing:
    """动态清零 of one village: what is still open, by level."""

    village_id: int
    village_name: str
    open_ordinary: int
    open_major: int
    overdue: int
    listed: int
    closed_this_year: int

    @property
    def left(self) -> int:
        """Hazards left to clear to reach zero."""
        return self.open_ordinary + self.open_major
