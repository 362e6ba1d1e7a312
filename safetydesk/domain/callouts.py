"""叫应 (B §1.2): a warning phoned down the 包保 chain, answered, escalated and closed.

A :class:`CallOut` is one warning (预警) of a hazard type and level for a set of villages; its
:class:`Call` rows are the call list in chain order. Each call is answered (time, note, what was
confirmed: 收到、到岗、转移人数) or, after ``escalate_after`` minutes without an answer, escalated
to the next level. Closing the call-out records the people moved and returned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from safetydesk.domain.baobao import BaobaoLevel
from safetydesk.domain.plans import PlanKind


class WarningLevel(StrEnum):
    """Warning colours, lowest first (气象/水利/自然资源 预警)."""

    BLUE = "蓝色"
    YELLOW = "黄色"
    ORANGE = "橙色"
    RED = "红色"


#: What each called person confirms, by default.
DEFAULT_CONFIRM = "收到、到岗、转移人数"
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


__all__ = [
    "DEFAULT_CONFIRM",
    "DEFAULT_ESCALATE_AFTER",
    "Call",
    "CallOut",
    "WarningLevel",
]
