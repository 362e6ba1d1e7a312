"""叫应 (B §1.2): start a call-out down the 包保 chain, record answers, escalate, close.

``ws.callouts`` is this service. :meth:`CallOutService.start` writes the call-out, its villages
and its ordered call list in one transaction; every other write changes one call-out and its
calls in one transaction too. Times are local (naive) times as the officer types them; "now"
comes from :attr:`CallOutService.now` (tests set it). Every refusal is a Chinese message.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from safetydesk.domain.baobao import BaobaoAssignment
from safetydesk.domain.callouts import (
    DEFAULT_ESCALATE_AFTER,
    Call,
    CallOut,
    CallState,
    WarningLevel,
    answer_call,
    build_calls,
    call_state,
    check_start,
    close_callout,
    deadline,
    escalate_due,
    missing_chain,
)
from safetydesk.domain.plans import PlanKind
from safetydesk.errors import NotFoundError, ValidationError
from safetydesk.storage import plan_parts as store

if TYPE_CHECKING:
    from sqlite_utils import Database

    from safetydesk.services.registers import PersonService, VillageService
    from safetydesk.services.settings import SettingsService

E = TypeVar("E", PlanKind, WarningLevel)

#: How the township-wide calls (县包乡) name their place.
TOWNSHIP_PLACE = "全镇"


def local_now() -> datetime:
    """The local time to the minute (how call-out times are typed and kept)."""
    return datetime.now().replace(second=0, microsecond=0)


@dataclass(frozen=True, slots=True)
class CallLine:
    """One call as shown: the record, its state now, its village and who it was escalated to."""

    call: Call
    state: CallState
    village: str
    escalate_to: str = ""


@dataclass(frozen=True, slots=True)
class CallOutStatus:
    """A call-out at ``now``: its calls in order, by state."""

    callout: CallOut
    villages: tuple[str, ...]
    lines: tuple[CallLine, ...]
    now: datetime

    def _of(self, state: CallState) -> list[CallLine]:
        return [line for line in self.lines if line.state is state]

    @property
    def answered(self) -> list[CallLine]:
        """Calls answered."""
        return self._of(CallState.ANSWERED)

    @property
    def pending(self) -> list[CallLine]:
        """Calls not answered yet, still within the escalation time."""
        return self._of(CallState.PENDING)

    @property
    def overdue(self) -> list[CallLine]:
        """Calls unanswered past the escalation time, not escalated yet (待升级)."""
        return self._of(CallState.OVERDUE)

    @property
    def escalated(self) -> list[CallLine]:
        """Calls escalated and still unanswered."""
        return self._of(CallState.ESCALATED)

    @property
    def escalate_by(self) -> datetime:
        """When an unanswered call turns 待升级."""
        return deadline(self.callout)

    @property
    def reported_moved(self) -> int:
        """转移人数 reported by the calls, summed."""
        return sum(line.call.moved or 0 for line in self.lines)


@dataclass(frozen=True, slots=True)
class Closed:
    """A closed call-out and the warnings of its closing (e.g. fewer moved than reported)."""

    callout: CallOut
    warnings: tuple[str, ...]


class CallOutService:
    """Start, answer, escalate, close and read 叫应 call-outs."""

    def __init__(
        self,
        db: Database,
        villages: VillageService,
        people: PersonService,
        now: Callable[[], datetime] = local_now,
        settings: SettingsService | None = None,
    ) -> None:
        self.db = db
        self.villages = villages
        self.people = people
        self.settings = settings
        #: Returns the current local time (answers and closings after it are refused).
        self.now = now

    # -- reading -----------------------------------------------------------------------------
    def get(self, callout_id: int) -> CallOut:
        """One call-out (a Chinese "not found" message otherwise)."""
        return store.CallOutStore(self.db).get(callout_id)

    def list(self) -> builtins.list[CallOut]:
        """Every call-out, newest first."""
        return store.callouts(self.db)

    def calls(self, callout_id: int) -> builtins.list[Call]:
        """The call list of a call-out, in order."""
        self.get(callout_id)
        return store.calls(self.db, callout_id)

    def villages_of(self, callout_id: int) -> builtins.list[int]:
        """The villages a call-out was sent to, by id."""
        return store.callout_villages(self.db, callout_id)

    def show(self, callout_id: int, now: datetime | None = None) -> CallOutStatus:
        """The call-out and its calls with their state at ``now`` (default: :attr:`now`)."""
        callout = self.get(callout_id)
        when = now or self.now()
        names = self.villages.names()
        calls = store.calls(self.db, callout_id)
        ids = {c.escalate_to_id for c in calls if c.escalate_to_id is not None}
        people = self.people.get_many(sorted(ids))
        lines = tuple(
            CallLine(
                call=c,
                state=call_state(c, callout, when),
                village=TOWNSHIP_PLACE if c.village_id is None else names.get(c.village_id, ""),
                escalate_to=(
                    people[c.escalate_to_id].name
                    if c.escalate_to_id is not None and c.escalate_to_id in people
                    else ""
                ),
            )
            for c in calls
        )
        villages = tuple(names.get(v, "") for v in self._ordered_villages(callout_id, calls))
        return CallOutStatus(callout, villages, lines, when)

    def village_names(self, callout_id: int) -> builtins.list[str]:
        """Names of the call-out's villages, in the order they were called."""
        names = self.villages.names()
        calls = store.calls(self.db, callout_id)
        return [names.get(v, "") for v in self._ordered_villages(callout_id, calls)]

    def _ordered_villages(self, callout_id: int, calls: Sequence[Call]) -> builtins.list[int]:
        """The call-out's villages in call order (as they were given at the start)."""
        seen: builtins.list[int] = []
        for c in calls:
            if c.village_id is not None and c.village_id not in seen:
                seen.append(c.village_id)
        rest = [v for v in self.villages_of(callout_id) if v not in seen]
        return seen + rest

    def default_escalate_after(self) -> int:
        """Minutes without an answer before a call is 待升级: the setting, else 5."""
        if self.settings is None:
            return DEFAULT_ESCALATE_AFTER
        text = str(self.settings.get("callout_escalate_minutes") or "").strip()
        return int(text) if text.isdigit() and int(text) >= 1 else DEFAULT_ESCALATE_AFTER

    # -- writing -----------------------------------------------------------------------------
    def start(
        self,
        kind: PlanKind | str,
        level: WarningLevel | str,
        village_ids: Sequence[int],
        issued_at: datetime | None = None,
        source: str = "",
        message: str = "",
        escalate_after: int | None = None,
        started_by: str = "",
    ) -> tuple[CallOut, builtins.list[Call]]:
        """Start a call-out for ``kind`` at ``level`` in ``village_ids`` (in that order);
        ``escalate_after`` defaults to the setting 叫应未应答升级（分钟）.

        Writes the call-out, its villages and the ordered call list in one transaction.

        Raises:
            ValidationErrors: A bad kind, level, time or escalation time.
            ValidationError: A village has no 包保 chain for the hazard (named in the message).
        """
        now = self.now()
        kind = _enum(PlanKind, kind, "kind", "预警类型")
        level = _enum(WarningLevel, level, "level", "预警级别")
        ids = builtins.list(dict.fromkeys(village_ids))
        names = self.villages.names()
        for v in ids:
            if v not in names:
                raise NotFoundError(f"找不到编号为 {v} 的村（社区）。")
        callout = CallOut(
            id=None, kind=kind, level=level, issued_at=issued_at or now, source=source.strip(),
            message=message.strip(), started_by=started_by.strip(),
            escalate_after=self.default_escalate_after() if escalate_after is None else escalate_after,
        )  # fmt: skip
        check_start(callout, ids, now)
        assignments = store.all_of(self.db, BaobaoAssignment)
        missing = missing_chain(kind, ids, assignments)
        if missing:
            which = "、".join(names[v] for v in missing)
            raise ValidationError(
                "villages",
                f"{which}还没有覆盖{kind}的包保责任人，无法叫应。"
                "请先在“包保责任制”中登记包保关系。",
            )
        person_ids = sorted({a.person_id for a in assignments})
        people = self.people.get_many(person_ids)
        with self.db.atomic():
            saved = store.CallOutStore(self.db).insert(callout)
            assert saved.id is not None
            store.set_callout_villages(self.db, saved.id, ids)
            calls_store = store.CallStore(self.db)
            calls = [
                calls_store.insert(c)
                for c in build_calls(saved.id, kind, ids, assignments, people)
            ]
        return saved, calls

    def answer(
        self,
        callout_id: int,
        who: str | int,
        at: datetime | None = None,
        note: str = "",
        on_duty: bool = False,
        moved: int | None = None,
    ) -> Call:
        """Record that ``who`` (a call's id, or the called person's name) answered at ``at``.

        Raises:
            NotFoundError: No such call-out, or nobody of that name on its call list.
            ValidationError: The name is on the list more than once, the time is before the
                call-out or in the future, or a negative 转移人数.
            ConflictError: The call-out is closed.
        """
        now = self.now()
        callout = self.get(callout_id)
        call = self._call(callout_id, who)
        new = answer_call(call, callout, at or now, now, note=note, on_duty=on_duty, moved=moved)
        with self.db.atomic():
            return store.CallStore(self.db).update(new)

    def escalate_due(self, callout_id: int, now: datetime | None = None) -> builtins.list[Call]:
        """Escalate every call unanswered past the escalation time at ``now``; returns them."""
        when = now or self.now()
        if when > self.now():
            raise ValidationError("at", "升级时间不能晚于现在。")
        callout = self.get(callout_id)
        calls = store.calls(self.db, callout_id)
        due = escalate_due(calls, callout, when)
        with self.db.atomic():
            calls_store = store.CallStore(self.db)
            return [calls_store.update(c) for c in due]

    def close(
        self,
        callout_id: int,
        at: datetime | None = None,
        moved: int = 0,
        returned: int = 0,
        note: str = "",
    ) -> Closed:
        """Close the call-out (the warning lifted) with the people moved and returned."""
        now = self.now()
        callout = self.get(callout_id)
        calls = store.calls(self.db, callout_id)
        closed, warnings = close_callout(
            callout, calls, at or now, now, moved=moved, returned=returned, note=note
        )
        with self.db.atomic():
            saved = store.CallOutStore(self.db).update(closed)
        return Closed(saved, tuple(warnings))

    # -- helpers -----------------------------------------------------------------------------
    def _call(self, callout_id: int, who: str | int) -> Call:
        calls = store.calls(self.db, callout_id)
        text = str(who).strip()
        if isinstance(who, int) or text.isdigit():
            for c in calls:
                if c.id == int(text):
                    return c
            if isinstance(who, int):
                raise NotFoundError(f"这次叫应没有编号为 {who} 的呼叫。")
        found = [c for c in calls if c.name == text]
        if not found:
            raise NotFoundError(f"这次叫应的呼叫名单上没有“{text}”。")
        if len(found) > 1:
            positions = "、".join(str(c.id) for c in found)
            raise ValidationError(
                "person", f"“{text}”在名单上有 {len(found)} 次，请改用呼叫编号：{positions}。"
            )
        return found[0]


def _enum(enum: type[E], value: object, field: str, label: str) -> E:
    try:
        return enum(str(value).strip())
    except ValueError:
        choices = "、".join(e.value for e in enum)
        raise ValidationError(field, f"{label}“{value}”无效，可选：{choices}。") from None


__all__ = ["CallLine", "CallOutService", "CallOutStatus", "Closed", "local_now"]
