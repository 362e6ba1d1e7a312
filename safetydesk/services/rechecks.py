"""复查 and their 整改复查意见书: which 复查 go on one opinion, and its number.

An opinion covers a 复查 and the 复查 on the same day of the other hazards of the same notice; it
takes its 文号 on its first print and every 复查 on it is linked to that document
(``hazard_events.document_id``).
"""

from __future__ import annotations

from safetydesk.domain.documents import Document, DocumentKind
from safetydesk.domain.hazards import HazardAction, HazardEvent
from safetydesk.errors import ConflictError, NotFoundError
from safetydesk.services.changes import Changes, Saved, Topic
from safetydesk.services.hazards import RECHECKS, HazardService

A = HazardAction


class RecheckService:
    """The 复查 of the hazard ledger and the opinions printed for them.

    Args:
        hazards: The hazard service (its store, documents and units).
    """

    def __init__(self, hazards: HazardService) -> None:
        self.hazards = hazards

    def latest_recheck(self, hazard_id: int) -> HazardEvent:
        """The hazard's latest 复查 (合格 or 不合格).

        Raises:
            ConflictError: Not rechecked yet.
        """
        for e in reversed(self.hazards.store.events(hazard_id)):
            if e.action in RECHECKS:
                return e
        code = self.hazards.store.get(hazard_id).code
        raise ConflictError(
            f"隐患 {code} 还没有复查记录：请先录入复查（复查合格或复查不合格），再打印复查意见书。"
        )

    def recheck_event(self, event_id: int) -> HazardEvent:
        """A 复查 event by id.

        Raises:
            ConflictError: No such event, or it is not a 复查.
        """
        try:
            event = self.hazards.store.event(event_id)
        except NotFoundError:
            event = None
        if event is None or event.action not in RECHECKS:
            raise ConflictError(f"事件 {event_id} 不是复查记录，不能打印整改复查意见书。")
        return event

    def issue_event(self, hazard_id: int, *, before: int | None = None) -> HazardEvent | None:
        """The hazard's 下达整改通知 (the last one before event id ``before``), if any."""
        for e in reversed(self.hazards.store.events(hazard_id)):
            if e.action is A.ISSUE_NOTICE and (before is None or (e.id or 0) < before):
                return e
        return None

    def recheck_group(self, event: HazardEvent) -> list[HazardEvent]:
        """The 复查 that go on one 复查意见书: this one, and the last 复查 on the same day of each
        other hazard of the same notice, in hazard order."""
        group = {event.hazard_id: event}
        issue = self.issue_event(event.hazard_id, before=event.id)
        if issue is not None and issue.document_id is not None:
            for hid in self.hazards.store.ids_issued_by(issue.document_id):
                if hid == event.hazard_id:
                    continue
                same_day = [
                    e for e in self.hazards.store.events(hid) if e.action in RECHECKS and e.on == event.on
                ]
                if same_day:
                    group[hid] = same_day[-1]
        return [group[k] for k in sorted(group)]

    def recheck_document(self, event_id: int) -> Saved[Document]:
        """The 整改复查意见书 of a 复查: the one already numbered for it (or for another 复查 on
        the same opinion), else a new number taken now and linked to every 复查 of the opinion
        that has none. A voided opinion is not reused.

        Raises:
            ConflictError: The event is not a 复查.
        """
        event = self.recheck_event(event_id)
        group = self.recheck_group(event)
        with self.hazards.db.atomic():
            # The valid opinion already linked to a 复查 of the group, read once each.
            linked = {
                i: self.hazards.documents.get(i) for i in {e.document_id for e in group} if i
            }
            valid = [e.document_id for e in group if e.document_id and not linked[e.document_id].void]
            if valid:
                doc = linked[valid[0]]
            else:
                unit = self.hazards._units.get(self.hazards.store.get(event.hazard_id).unit_id or 0)
                doc = self.hazards.documents.issue(
                    DocumentKind.RECHECK_OPINION,
                    event.on,
                    unit_id=unit.id,
                    subject=f"{unit.name} 整改复查",
                    ref=f"hazard_event:{event.id}",
                ).record
            for e in group:
                if e.document_id is None or linked[e.document_id].void:
                    self.hazards.store.set_event_document(e.id or 0, document_id=doc.id or 0)
        return Saved(doc, Changes.of(Topic.HAZARDS, Topic.DOCUMENTS, ids=(event.hazard_id,)))
