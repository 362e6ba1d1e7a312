"""安全检查 use cases: record inspections, work through checklists, turn 不合格 items into hazards.

The checklist templates themselves are :mod:`safetydesk.services.checklists`; coverage and the
双随机 draw live in :mod:`safetydesk.services.coverage`.

A new record's items start 未检查; a record with such items is a 草稿 that saves like any other,
but :meth:`InspectionService.record_document` (the 文号 every print of the 安全检查记录 needs)
refuses it with :class:`UncheckedItemsError` until each item is 合格, 不合格 or 不涉及, and a
numbered record cannot go back to 未检查. The 整改通知书 of hazards it already found is not held up.
"""

from __future__ import annotations

import builtins
import dataclasses
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from safetydesk.domain.documents import Document, DocumentKind
from safetydesk.domain.hazards import Hazard, HazardLevel, HazardSource
from safetydesk.domain.inspection_results import unchecked_refusal
from safetydesk.domain.inspections import (
    Disposition,
    Inspection,
    Inspector,
    ItemResult,
    ItemResultRecord,
    check_inspection,
)
from safetydesk.domain.queries import InspectionQuery
from safetydesk.domain.schedule import DeadlineKind
from safetydesk.errors import ConflictError, ValidationErrors
from safetydesk.services.changes import Changes, Saved, Topic
from safetydesk.storage.inspections import InspectionStore
from safetydesk.storage.registers import PersonStore, UnitStore

if TYPE_CHECKING:
    from sqlite_utils import Database

    from safetydesk.services.checklists import ChecklistService
    from safetydesk.services.hazards import HazardService

#: How the dialog answers 未检查 items (the default refusal text; the CLI gives its own).
DIALOG_HOW = "请在“安全检查”中打开这条记录，在检查表里逐项选择结果后保存。"
#: What a draft cannot be: numbered and printed (the 文号 is taken on the first print).
PRINT_ACT = "编号或打印安全检查记录"


class UncheckedItemsError(ConflictError):
    """A record with 未检查 items was asked to be numbered or printed.

    ``str()`` tells how to answer the items in the dialog; :meth:`message` words it for
    another interface.

    Attributes:
        inspection_id: The record.
        seqs: The 未检查 item numbers, in order.
    """

    def __init__(self, ins: Inspection, act: str = PRINT_ACT) -> None:
        self.inspection_id = ins.id or 0
        self.seqs = tuple(r.seq for r in ins.unchecked_items)
        self._ins, self._act = ins, act
        super().__init__(self.message(DIALOG_HOW))

    def message(self, how: str) -> str:
        """The refusal with ``how`` as the way to answer the items."""
        return unchecked_refusal(self._ins, self._act, how)


class InspectionService:
    """Inspection records and the checklist → hazards step."""

    def __init__(self, db: Database, hazards: HazardService, checklists: ChecklistService,
                 clock: Any) -> None:  # fmt: skip
        self.db = db
        self.hazards = hazards
        self.checklists = checklists
        self.clock = clock
        self.store = InspectionStore(db)
        self._units = UnitStore(db)
        self._people = PersonStore(db)

    # -- reads ----------------------------------------------------------------------------------
    def get(self, inspection_id: int) -> Inspection:
        """One inspection (raises NotFoundError)."""
        return self.store.get(inspection_id)

    def get_many(self, ids: builtins.list[int]) -> dict[int, Inspection]:
        """Inspections by id."""
        return self.store.get_many(ids)

    def list_ids(self, query: InspectionQuery | None = None) -> builtins.list[int]:
        """Ordered ids for a list view."""
        return self.store.list_ids(query or InspectionQuery())

    def list(self, query: InspectionQuery | None = None) -> builtins.list[Inspection]:
        """Inspections for a query, in order."""
        return self.store.list(query or InspectionQuery())

    def count(self, query: InspectionQuery | None = None) -> int:
        """Number of inspections for a query."""
        return self.store.count(query or InspectionQuery())

    def hazards_of(self, inspection_id: int) -> builtins.list[Hazard]:
        """Hazards found in this inspection, in code order."""
        ids = self.store.hazard_ids(inspection_id)
        by_id = self.hazards.get_many(ids)
        return [by_id[i] for i in ids]

    # -- writes ---------------------------------------------------------------------------------
    def _complete(self, ins: Inspection) -> tuple[Inspection, dict[str, str]]:
        """Fill village/type from the unit and cert numbers from the register; validate."""
        errors: dict[str, str] = {}
        if ins.unit_id is not None:
            unit = self._units.get_many([ins.unit_id]).get(ins.unit_id)
            if unit is None:
                errors["unit_id"] = "所选单位场所不存在，请重新选择。"
            else:
                if unit.archived and ins.id is None:
                    errors["unit_id"] = f"「{unit.name}」已归档，不能登记新的检查。"
                ins = dataclasses.replace(
                    ins, village_id=unit.village_id, target_type=ins.target_type or unit.type.value,
                    place=ins.place or unit.address,
                )  # fmt: skip
        people = {p.id: p for p in self._people.get_many(
            [i.person_id for i in ins.inspectors if i.person_id is not None]).values()}  # fmt: skip
        inspectors = []
        for i in ins.inspectors:
            p = people.get(i.person_id) if i.person_id is not None else None
            if p is not None:
                i = dataclasses.replace(i, name=i.name or p.name, cert_no=i.cert_no or p.cert_no,
                                        organisation=i.organisation or p.organisation)
            inspectors.append(dataclasses.replace(i, name=i.name.strip(), cert_no=i.cert_no.strip()))
        ins = dataclasses.replace(ins, inspectors=tuple(inspectors))
        if ins.template_id is not None:
            try:
                self.checklists.get(ins.template_id)
            except Exception:  # noqa: BLE001 - reported as a field error
                errors["template_id"] = "所选检查表不存在，请重新选择。"
        today_end = datetime.combine(self.clock(), time.max)
        errors.update(check_inspection(ins, today_end=today_end))
        return ins, errors

    def record(self, inspection: Inspection) -> Saved[Inspection]:
        """Save a new inspection.

        Raises:
            ValidationErrors: Every broken rule; nothing is written.
        """
        ins, errors = self._complete(dataclasses.replace(inspection, id=None))
        if errors:
            raise ValidationErrors(errors)
        with self.db.atomic():
            saved = self.store.insert(ins)
        return Saved(saved, Changes.of(Topic.INSPECTIONS, ids=(saved.id or 0,)))

    def update(self, inspection: Inspection) -> Saved[Inspection]:
        """Correct an inspection; the checklist version it used cannot change once it has results
        linked to hazards."""
        old = self.store.get(inspection.id or 0)
        ins, errors = self._complete(inspection)
        linked = {r.seq: r.hazard_id for r in old.results if r.hazard_id}
        if linked and ins.template_id != old.template_id:
            errors["template_id"] = "已有检查项转为隐患，不能更换检查表。"
        # Keep the hazard links of items that stayed 不合格.
        ins = dataclasses.replace(ins, results=tuple(
            dataclasses.replace(r, hazard_id=linked.get(r.seq)) if r.result is ItemResult.FAIL
            else r for r in ins.results))  # fmt: skip
        for r in ins.results:
            if linked.get(r.seq) and r.result is not ItemResult.FAIL:
                errors[f"results.{r.seq}"] = (
                    f"第{r.seq}项已登记为隐患，不能改为“{r.result}”；请在隐患整改中处理该隐患。"
                )
        if old.document_id is not None:
            number = old.document_number or "已编号"
            for r in ins.unchecked_items:
                errors[f"results.{r.seq}"] = (
                    f"第{r.seq}项：检查记录已编号（{number}），检查项不能改回“未检查”，"
                    "请填写合格、不合格或不涉及。"
                )
        if errors:
            raise ValidationErrors(errors)
        with self.db.atomic():
            saved = self.store.update(ins)
        return Saved(saved, Changes.of(Topic.INSPECTIONS, ids=(saved.id or 0,)))

    def archive(self, inspection_id: int, archived: bool = True) -> Saved[Inspection]:
        """Archive (or restore) an inspection record."""
        with self.db.atomic():
            rec = self.store.set_archived(inspection_id, archived=archived)
        return Saved(rec, Changes.of(Topic.INSPECTIONS, ids=(inspection_id,)))

    def record_document(self, inspection_id: int) -> Saved[Document]:
        """The 文书登记 entry of an inspection's printed record: the one it has, else a number
        taken now (kind 安全检查记录, 代字 安检记 by default, DOMAIN.md A3) and linked to it. A
        voided number is not reused: the record then takes a new one.

        Raises:
            UncheckedItemsError: An item is still 未检查 (a 草稿 is neither numbered nor printed).
        """
        documents = self.hazards.documents
        with self.db.atomic():
            ins = self.store.get(inspection_id)
            if ins.draft:
                raise UncheckedItemsError(ins)
            doc = documents.get(ins.document_id) if ins.document_id is not None else None
            if doc is None or doc.void:
                on = ins.inspected_on or self.clock()
                unit_name = self._units.get(ins.unit_id).name if ins.unit_id is not None else ""
                doc = documents.issue(
                    DocumentKind.INSPECTION_RECORD,
                    on,
                    unit_id=ins.unit_id,
                    subject=f"{unit_name or ins.place}{ins.kind.value}",
                    ref=f"inspection:{inspection_id}",
                ).record
            if ins.document_id != doc.id or ins.document_number != doc.number:
                self.store.update(
                    dataclasses.replace(ins, document_id=doc.id, document_number=doc.number)
                )
        return Saved(doc, Changes.of(Topic.INSPECTIONS, Topic.DOCUMENTS, ids=(inspection_id,)))

    def start_from_template(self, template_id: int) -> tuple[ItemResultRecord, ...]:
        """Blank results (every item 未检查, never 合格) for a template, to be filled in."""
        t = self.checklists.get(template_id)
        return tuple(
            ItemResultRecord(seq=i.seq, content=i.content, standard=i.standard, basis=i.basis,
                             major=i.major)
            for i in t.items
        )  # fmt: skip

    def raise_hazards(
        self,
        inspection_id: int,
        *,
        seqs: Sequence[int] | None = None,
        deadline_kind: DeadlineKind = DeadlineKind.CALENDAR_DAYS,
        deadline_days: int | None = 7,
        due_on: date | None = None,
        measures: dict[int, str] | None = None,
        levels: dict[int, str] | None = None,
    ) -> Saved[builtins.list[Hazard]]:
        """Register a hazard for each 不合格 item not yet registered, in one step.

        Each hazard is pre-filled from its item: description = item + note, measures from the
        standard, level 重大 (with the item's basis as 判定依据) for items flagged as 重大隐患判定
        items unless ``levels`` says otherwise, found on the inspection's date by its inspectors,
        linked to the inspection. All or nothing.

        Args:
            seqs: Only these items (default: every 不合格 item without a hazard).
            deadline_kind: 日期, 自然日, 工作日 or 立即 for every hazard.
            deadline_days: Days for 自然日/工作日.
            due_on: The date for 日期.
            measures: Per item seq, measures text overriding the default.
            levels: Per item seq, "一般" or "重大" overriding the suggestion.

        Raises:
            ConflictError: Nothing to register.
            ValidationErrors: A hazard is invalid (keys prefixed ``"第N项."``); nothing written.
        """
        ins = self.store.get(inspection_id)
        if ins.unit_id is None:
            raise ConflictError("村(社区)检查点的检查没有对应的单位场所，请在隐患整改中逐条登记。")
        todo = [r for r in ins.failed_items if r.hazard_id is None
                and (seqs is None or r.seq in seqs)]  # fmt: skip
        if not todo:
            raise ConflictError("没有需要登记为隐患的不合格项（不合格项都已登记）。")
        measures = measures or {}
        levels = levels or {}
        created: builtins.list[Hazard] = []
        links: dict[int, int] = {}
        errors: dict[str, str] = {}
        with self.db.atomic():
            for r in todo:
                level = HazardLevel(levels.get(r.seq) or ("重大" if r.major else "一般"))
                h = Hazard(
                    unit_id=ins.unit_id,
                    inspection_id=ins.id,
                    location=ins.place,
                    description=f"{r.content}：{r.note}".strip("："),
                    measures=measures.get(r.seq) or (f"按要求整改：{r.standard}" if r.standard
                                                     else f"对“{r.content}”存在的问题进行整改。"),
                    level=level,
                    basis=r.basis if level is HazardLevel.MAJOR else "",
                    source=HazardSource.ENFORCEMENT if ins.enforcement else HazardSource.TOWNSHIP_CHECK,
                    found_on=ins.inspected_on,
                    found_by=ins.inspector_names,
                    deadline_kind=deadline_kind,
                    deadline_days=deadline_days,
                    due_on=due_on,
                )  # fmt: skip
                try:
                    saved = self.hazards.register(h).record
                except ValidationErrors as exc:
                    errors.update({f"第{r.seq}项.{k}": v for k, v in exc.errors.items()})
                    continue
                created.append(saved)
                links[r.seq] = saved.id or 0
            if errors:
                raise ValidationErrors(errors)
            results = tuple(dataclasses.replace(r, hazard_id=links.get(r.seq, r.hazard_id))
                            for r in ins.results)  # fmt: skip
            disposition = ins.disposition
            if disposition is Disposition.NO_PROBLEM:
                disposition = Disposition.NOTICE
            self.store.update(dataclasses.replace(ins, results=results, disposition=disposition))
        ids = tuple(h.id or 0 for h in created)
        return Saved(created, Changes.of(Topic.INSPECTIONS, Topic.HAZARDS, ids=ids))


def default_window(on: date) -> tuple[datetime, datetime]:
    """A default 09:00–10:30 window on ``on`` (the record dialog's starting values)."""
    return datetime.combine(on, time(9, 0)), datetime.combine(on, time(10, 30))


def inspector(name: str, cert_no: str = "", person_id: int | None = None) -> Inspector:
    """Shorthand for tests, the CLI and the demo."""
    return Inspector(name=name, cert_no=cert_no, person_id=person_id)
