"""隐患整改 use cases: register a hazard, move it through A2's states, list and filter.

Every transition checks the state machine of :mod:`safetydesk.domain.hazards`, validates the
details the action needs, updates the hazard and appends an event, all in one transaction.
"""

from __future__ import annotations

import builtins
import dataclasses
from collections.abc import Sequence
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from safetydesk.domain.documents import Document, DocumentKind
from safetydesk.domain.hazards import (
    EventDetails,
    Hazard,
    HazardAction,
    HazardEvent,
    HazardState,
    HazardSummary,
    VillageZeroing,
    allowed_actions,
    next_state,
)
from safetydesk.domain.major_hazards import MajorAct, check_act
from safetydesk.domain.queries import HazardQuery
from safetydesk.domain.schedule import (
    HolidayCalendar,
    calendar_from,
    format_cn,
)
from safetydesk.errors import ConflictError, InvalidTransition, ValidationErrors
from safetydesk.services.changes import Changes, Saved, Topic
from safetydesk.services.documents import DocumentService
from safetydesk.services.hazard_checks import apply_details, check_hazard
from safetydesk.services.settings import SettingsService
from safetydesk.storage import hazards as hazard_store
from safetydesk.storage.hazards import HazardStore
from safetydesk.storage.registers import UnitStore

if TYPE_CHECKING:
    from sqlite_utils import Database

A = HazardAction
#: Actions that are a 复查.
RECHECKS = (A.RECHECK_PASS, A.RECHECK_FAIL)
#: Actions on a 重大 hazard that need its 判定依据 (验收 also the 五到位).
_MAJOR_ACTS = {A.ACCEPT: MajorAct.ACCEPT, A.CLOSE: MajorAct.CLOSE}


def package_calendar() -> HolidayCalendar:
    """Holidays and 调休 days known to the chinese-calendar package (2004 to its last year)."""
    import chinese_calendar

    years = {d.year for d in chinese_calendar.holidays}
    return calendar_from(chinese_calendar.holidays, chinese_calendar.workdays, years)


class HazardService:
    """The hazard ledger and its rectification loop."""

    def __init__(
        self, db: Database, settings: SettingsService, documents: DocumentService, clock: Any
    ) -> None:
        self.db = db
        self.settings = settings
        self.documents = documents
        self.clock = clock
        self.store = HazardStore(db)
        self._units = UnitStore(db)

    @cached_property
    def calendar(self) -> HolidayCalendar:
        """Working-day calendar: package data, replaced by the holiday table for the years it has.

        Cached; ``HolidayService`` drops the cache whenever the table changes.
        """
        from safetydesk.storage import holidays as holiday_store

        return package_calendar().merged(holiday_store.calendar(self.db))

    # -- reads ----------------------------------------------------------------------------------
    def get(self, hazard_id: int) -> Hazard:
        """One hazard (raises NotFoundError)."""
        return self.store.get(hazard_id)

    def get_many(self, ids: builtins.list[int]) -> dict[int, Hazard]:
        """Hazards by id (visible rows of a list)."""
        return self.store.get_many(ids)

    def list_ids(self, query: HazardQuery | None = None) -> builtins.list[int]:
        """Ordered ids for a list view."""
        return self.store.list_ids(query or HazardQuery())

    def list(self, query: HazardQuery | None = None) -> builtins.list[Hazard]:
        """Hazards for a query, in order."""
        return self.store.list(query or HazardQuery())

    def count(self, query: HazardQuery | None = None) -> int:
        """Number of hazards for a query."""
        return self.store.count(query or HazardQuery())

    def summary(self, today: date | None = None) -> HazardSummary:
        """Counts for the list header: total, open, overdue, 重大 open, 挂牌督办 open."""
        return hazard_store.summary(self.db, today=today or self.clock())

    def zeroing(self, today: date | None = None) -> builtins.list[VillageZeroing]:
        """动态清零: open hazards by level per village, and what is left to zero."""
        return hazard_store.zeroing(self.db, on=today or self.clock())

    def events(self, hazard_id: int) -> builtins.list[HazardEvent]:
        """The hazard's timeline, oldest first."""
        return self.store.events(hazard_id)

    def event(self, event_id: int) -> HazardEvent:
        """One event of any hazard (raises NotFoundError)."""
        return self.store.event(event_id)

    def last_rechecks(self, hazard_ids: builtins.list[int]) -> dict[int, HazardEvent]:
        """Each hazard's latest 复查 (合格 or 不合格), read in batches; none: left out."""
        return self.store.last_events(hazard_ids, actions=RECHECKS)

    def notice_numbers(self, hazard_ids: builtins.list[int]) -> dict[int, str]:
        """文号 of each hazard's current notice, in one query (never issued: left out)."""
        return self.store.notice_numbers(hazard_ids)

    def of_notice(self, document_id: int) -> builtins.list[Hazard]:
        """The hazards a notice or order was issued for, in id order."""
        ids = self.store.ids_issued_by(document_id)
        by_id = self.store.get_many(ids)
        return [by_id[i] for i in ids]


    def allowed(self, hazard: Hazard) -> builtins.list[HazardAction]:
        """What can be done to ``hazard`` now (the buttons the GUI shows)."""
        return allowed_actions(hazard.state, hazard.level, accepted=hazard.accepted)

    # -- register ---------------------------------------------------------------------------------
    def register(self, hazard: Hazard) -> Saved[Hazard]:
        """Register a new hazard (state 已登记, a 隐患编号, the deadline computed).

        Raises:
            ValidationErrors: Every bad field; nothing is written.
        """
        unit = (
            self._units.get_many([hazard.unit_id]).get(hazard.unit_id) if hazard.unit_id else None
        )
        h, errors = check_hazard(
            dataclasses.replace(hazard, id=None, state=HazardState.REGISTERED, basis_pending=False),
            unit, old=None, today=self.clock(), calendar=self.calendar,
        )  # fmt: skip
        if errors:
            raise ValidationErrors(errors)
        with self.db.atomic():
            year = (h.found_on or self.clock()).year
            code = self.store.next_code(self.settings.township().short_name, year=year)
            saved = self.store.insert(dataclasses.replace(h, code=code))
        return Saved(saved, Changes.of(Topic.HAZARDS, ids=(saved.id or 0,)))

    def update(self, hazard: Hazard) -> Saved[Hazard]:
        """Correct a hazard's fields (its state and history are kept).

        Entering the 判定依据 of a 重大 hazard imported without one clears its 待补录 mark;
        listing a 重大 hazard (挂牌督办) needs its basis and the 五到位.

        Raises:
            ValidationErrors: Every bad field; nothing is written.
        """
        old = self.store.get(hazard.id or 0)
        unit = (
            self._units.get_many([hazard.unit_id]).get(hazard.unit_id) if hazard.unit_id else None
        )
        h, errors = check_hazard(
            dataclasses.replace(hazard, state=old.state, code=old.code),
            unit, old=old, today=self.clock(), calendar=self.calendar,
        )  # fmt: skip
        if errors:
            raise ValidationErrors(errors)
        with self.db.atomic():
            saved = self.store.update(h)
        return Saved(saved, Changes.of(Topic.HAZARDS, ids=(saved.id or 0,)))

    # -- transitions -----------------------------------------------------------------------------
    def transition(
        self,
        hazard_id: int,
        action: HazardAction,
        *,
        on: date,
        by: str = "",
        note: str = "",
        details: EventDetails | None = None,
    ) -> Saved[Hazard]:
        """Apply one action of A2 (see :data:`safetydesk.domain.hazards.TRANSITIONS`).

        Details by action (fields of :class:`EventDetails`): 复查合格/不合格 ``rechecked_by``
        (names), ``opinion``; 不合格 also ``new_due_on``; 延期 ``requested_on``, ``reason``,
        ``new_due_on``, ``approver``; 移交 ``department``; 撤销 ``reason``; 验收
        ``accepted_unit``, ``accepted_by``. 下达整改通知 is :meth:`issue_notice` (it takes a number).

        Raises:
            InvalidTransition: Not allowed in the current state.
            ValidationErrors: A detail is missing or wrong; nothing is written.
        """
        if action is A.ISSUE_NOTICE:
            issued = self.issue_notice([hazard_id], on=on, by=by, note=note)
            return Saved(self.store.get(hazard_id), issued.changes)
        with self.db.atomic():
            h = self.store.get(hazard_id)
            old_state = h.state
            new_state = next_state(old_state, action, h.level, accepted=h.accepted)
            if action in _MAJOR_ACTS:
                check_act(h, _MAJOR_ACTS[action])
            h, stored = apply_details(h, action, on, details or EventDetails(), today=self.clock())
            saved = self.store.update(dataclasses.replace(h, state=new_state))
            self.store.add_event(
                HazardEvent(
                    hazard_id=hazard_id,
                    action=action,
                    from_state=old_state,
                    to_state=new_state,
                    on=on,
                    by=by,
                    note=note,
                    details=stored,
                )
            )
        return Saved(saved, Changes.of(Topic.HAZARDS, ids=(hazard_id,)))

    def issue_notice(
        self,
        hazard_ids: Sequence[int],
        *,
        on: date,
        by: str = "",
        note: str = "",
        order: bool = False,
        inspectors: Sequence[str] = (),
    ) -> Saved[Document]:
        """Issue one numbered notice (or, with ``order``, a 责令限期整改指令书) for hazards of one
        unit (A4): the document takes its number and each hazard moves to 整改中 under it.
        ``inspectors`` (chosen by hand) are recorded with the event: the notice prints them.

        This is the state change only; printing it is the form service's (which never changes
        state).

        Returns:
            The document issued; ``changes.ids`` names the hazards.

        Raises:
            ConflictError: Hazards of different units, or one that is not 已登记.
            ValidationErrors: A hazard without a deadline.
        """
        ids = list(dict.fromkeys(hazard_ids))
        if not ids:
            raise ConflictError("请至少选择一条隐患。")
        with self.db.atomic():
            hazards = [self.store.get(i) for i in ids]
            units = {h.unit_id for h in hazards}
            if len(units) > 1:
                names = "、".join(self._units.get(u).name for u in units if u)
                raise ConflictError(
                    f"一份整改通知书只能写一个单位的隐患，所选隐患属于：{names}。请按单位分别下达。"
                )
            for h in hazards:
                next_state(h.state, A.ISSUE_NOTICE, h.level)
                if not h.due_on:
                    raise ValidationErrors({"due_on": f"{h.code} 没有整改期限，请先填写。"})
                if h.found_on is not None and on < h.found_on:
                    raise ValidationErrors({"on": (
                        f"下达日期 {format_cn(on)} 早于 {h.code} 的发现日期 {format_cn(h.found_on)}，请核对。"
                    )})  # fmt: skip
            if on > self.clock():
                raise ValidationErrors({"on": f"下达日期 {format_cn(on)} 在今天之后，请核对。"})
            kind = DocumentKind.ORDER_TO_RECTIFY if order else DocumentKind.RECTIFICATION_NOTICE
            unit = self._units.get(hazards[0].unit_id or 0)
            doc = self.documents.issue(kind, on, unit_id=unit.id, subject=unit.name).record
            for h in hazards:
                self.store.update(
                    dataclasses.replace(h, state=HazardState.RECTIFYING, notice_id=doc.id)
                )
                self.store.add_event(
                    HazardEvent(
                        hazard_id=h.id or 0,
                        action=A.ISSUE_NOTICE,
                        from_state=h.state,
                        to_state=HazardState.RECTIFYING,
                        on=on,
                        by=by,
                        note=note,
                        details=EventDetails(inspectors=tuple(inspectors)),
                        document_id=doc.id,
                    )
                )
        return Saved(doc, Changes.of(Topic.HAZARDS, Topic.DOCUMENTS, ids=tuple(ids)))

    # -- import of old ledgers -------------------------------------------------------------------
    def import_history(
        self,
        hazard: Hazard,
        *,
        code: str = "",
        on_spot: bool = False,
        rechecked_on: date | None = None,
        rechecked_by: Sequence[str] = (),
        opinion: str = "",
        note: str = "台账导入",
        source: EventDetails | None = None,
    ) -> Hazard:
        """Write a hazard taken over from an old ledger, with its final state and a timeline.

        ``hazard.state`` is the final state (已登记, 整改中, 复查合格 or 已销号) and its dates
        (``found_on``, ``rectified_on``, ``accepted_on``, ``closed_on``) are the ledger's. One
        event per step is written with ``note``: 下达整改通知 on the found date (unless 当场整改),
        当场整改 or 复查合格, 验收 (重大), 销号. No number is taken from the 文书登记 register
        for this history. The caller (the ledger import) has checked the fields and the unit;
        call it inside its transaction.

        Args:
            hazard: The hazard (``unit_id`` and ``village_id`` set; ``id`` ignored).
            code: Its 隐患编号; allocated like :meth:`register` when empty.
            on_spot: Rectified on the found date (当场整改).
            rechecked_on: The ledger's 复查 date, else ``rectified_on`` is used.
            rechecked_by: The ledger's 复查 people.
            opinion: The ledger's 复查结果 text.
            note: Note of every event.
            source: Details stored on every event (the source row, the ledger's number);
                ``imported`` is set on them.

        Raises:
            InvalidTransition: The final state cannot be reached (e.g. 重大 已销号 without 验收).
        """
        final = hazard.state
        base = dataclasses.replace(source or EventDetails(), imported=True)
        found = hazard.found_on or self.clock()
        steps: builtins.list[tuple[HazardAction, date, str, EventDetails]] = []
        if final is not HazardState.REGISTERED and not (on_spot and final is not HazardState.RECTIFYING):
            steps.append((A.ISSUE_NOTICE, found, hazard.found_by, base))
        if final in (HazardState.RECHECK_PASSED, HazardState.CLOSED):
            if on_spot:
                steps.append((A.ON_SPOT, hazard.rectified_on or found, hazard.found_by, base))
            else:
                people = tuple(p for p in rechecked_by if p)
                steps.append((
                    A.RECHECK_PASS,
                    rechecked_on or hazard.rectified_on or found,
                    "、".join(people),
                    dataclasses.replace(
                        base, rechecked_by=people, opinion=opinion or "原台账记为已整改"
                    ),
                ))  # fmt: skip
            if hazard.major and hazard.accepted_on:
                steps.append((A.ACCEPT, hazard.accepted_on, hazard.accepted_by, dataclasses.replace(
                    base, accepted_unit=hazard.accepted_unit, accepted_by=hazard.accepted_by,
                )))  # fmt: skip
        if final is HazardState.CLOSED:
            steps.append((A.CLOSE, hazard.closed_on or found, "", base))
        state, accepted = HazardState.REGISTERED, False
        events = []
        for action, on, by, d in steps:
            new = next_state(state, action, hazard.level, accepted=accepted)
            events.append(HazardEvent(
                hazard_id=0, action=action, from_state=state, to_state=new, on=on, by=by,
                note=note, details=d,
            ))  # fmt: skip
            state, accepted = new, accepted or action is A.ACCEPT
        if state is not final:
            raise InvalidTransition(f"无法按“{final}”导入：台账记录不足以走到这一状态。")
        with self.db.atomic():
            if not code:
                code = self.store.next_code(self.settings.township().short_name, year=found.year)
            saved = self.store.insert(dataclasses.replace(hazard, id=None, code=code))
            for e in events:
                self.store.add_event(dataclasses.replace(e, hazard_id=saved.id or 0))
        return saved
