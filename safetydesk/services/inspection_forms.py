"""Printed forms of an inspection: the 安全检查记录 and the notice for the hazards it found.

The record's 文号 (kind 安全检查记录, 代字 安检记 by default, DOMAIN.md A3) is taken on the first
print, in the same transaction that writes the PDF (a failed print consumes no number), and is
found again on every reprint through the register's ``ref`` ``"inspection:{id}"``. A number that
was voided (作废) is not reused: the next print takes a new one. :class:`FormService` calls these
functions; they are kept here so the form service stays small.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from safetydesk.domain.documents import DocumentKind
from safetydesk.domain.hazards import Hazard, HazardAction, HazardState
from safetydesk.domain.inspections import Inspection, parse_time
from safetydesk.domain.schedule import format_cn
from safetydesk.errors import ConflictError

if TYPE_CHECKING:
    from safetydesk.printing.forms.inspection_record import RecordData
    from safetydesk.services import Workspace


def record_ref(inspection_id: int) -> str:
    """The register's ``ref`` of an inspection's record."""
    return f"inspection:{inspection_id}"


def time_text(started_at: str, ended_at: str) -> str:
    """检查时间 as printed: ``2026年11月20日9时00分至10时30分`` (a blank for a missing end)."""
    s = parse_time(started_at)
    text = f"{format_cn(s.date())}{s.hour}时{s.minute:02d}分至"
    if not ended_at:
        return text + "＿＿时＿＿分"
    e = parse_time(ended_at)
    if e.date() != s.date():
        text += format_cn(e.date()) if e.year != s.year else f"{e.month}月{e.day}日"
    return text + f"{e.hour}时{e.minute:02d}分"


def due_text(h: Hazard) -> str:
    """整改期限 as printed: 立即, a date, or "" when none."""
    if h.deadline_kind == "立即":
        return "立即"
    return format_cn(date.fromisoformat(h.due_on)) if h.due_on else ""


def notice_number(ws: Workspace, hazard_id: int) -> str | None:
    """The 文号 of the latest notice (or order) issued for a hazard, if any."""
    for e in reversed(ws.hazards.events(hazard_id)):
        if e.action is HazardAction.ISSUE_NOTICE:
            return str(json.loads(e.details or "{}").get("number") or "") or None
    return None


def record_data(ws: Workspace, ins: Inspection, number: str) -> RecordData:
    """Everything the record prints, gathered from the stores."""
    from safetydesk.printing.forms.inspection_record import (
        FoundProblem,
        RecordData,
        ResultLine,
        ScenePhoto,
    )
    from safetydesk.printing.page import Signer

    township = ws.settings.township()
    photos = ws.inspection_photos
    village = ws.villages.names().get(ins.village_id or 0, "")
    unit = ws.units.get(ins.unit_id) if ins.unit_id is not None else None
    basis = ""
    if ins.template_id is not None:
        template = ws.checklists.get(ins.template_id)
        basis = template.title + (f"（{template.basis}）" if template.basis else "")
    hazards = [h for h in ws.inspections.hazards_of(ins.id or 0)
               if h.state is not HazardState.CANCELLED]  # fmt: skip
    problems = [
        # The place of the inspection is printed above; a hazard's own location is not.
        FoundProblem(code=h.code, description=(f"{h.location}：" if h.location
                                               and h.location != ins.place else "")
                     + h.description, level=h.level.value, due_text=due_text(h))
        for h in hazards
    ]  # fmt: skip
    problems += [
        FoundProblem(code="", description=f"{r.content}：{r.note}".strip("："))
        for r in ins.failed_items
        if r.hazard_id is None
    ]
    disposition = ins.disposition.value + (f"：{ins.disposition_note}" if ins.disposition_note else "")
    notices = list(dict.fromkeys(n for h in hazards if (n := notice_number(ws, h.id or 0))))
    # Numbers the officer already wrote into the note are not repeated.
    notices = [n for n in notices if n not in ins.disposition_note]
    if notices:
        disposition += f"（已下达文书：{'、'.join(notices)}）"
    return RecordData(
        number=number,
        office=f"{township.name}人民政府" if ins.enforcement else township.office_name,
        unit_name=unit.name if unit else f"{village}（村(社区)检查点）",
        time_text=time_text(ins.started_at, ins.ended_at),
        kind=ins.kind.value,
        methods="、".join(ins.methods),
        inspectors=[Signer(i.name, i.cert_no) for i in ins.inspectors],
        recorder=ins.recorder,
        enforcement=ins.enforcement,
        address=unit.address if unit else "",
        uscc=unit.uscc if unit else "",
        legal_rep=(unit.legal_rep or unit.contact) if unit else "",
        phone=(unit.contact_phone if unit else "") or ins.met_phone,
        village=village,
        place=ins.place,
        met_person=ins.met_person,
        met_title=ins.met_title,
        met_phone=ins.met_phone,
        basis=basis,
        results=[ResultLine(seq=r.seq, content=r.content, standard=r.standard,
                            result=r.result.value, note=r.note, major=r.major)
                 for r in ins.results],  # fmt: skip
        narrative=ins.narrative,
        problems=problems,
        disposition=disposition,
        witness=ins.witness,
        refused_to_sign=ins.refused_to_sign,
        photos=[ScenePhoto(photos.path(ph), ph.note) for ph in photos.photos(ins.id or 0)],
    )


def print_record(ws: Workspace, inspection_id: int, out: Path) -> tuple[Path, str]:
    """Print an inspection's record, taking its 文号 on the first print (see the module doc).

    Returns:
        The PDF path and the 文号.
    """
    from safetydesk.printing.forms.inspection_record import render
    from safetydesk.services.forms import _write_pdf

    ins = ws.inspections.get(inspection_id)
    ref = record_ref(inspection_id)
    with ws.db.atomic():
        doc = ws.documents.by_ref(ref)
        if doc is None:
            on = date.fromisoformat(ins.inspected_on or ins.started_at[:10])
            unit_name = ws.units.get(ins.unit_id).name if ins.unit_id is not None else ""
            doc = ws.documents.issue(DocumentKind.INSPECTION_RECORD, on, unit_id=ins.unit_id,
                                     subject=f"{unit_name or ins.place}{ins.kind.value}",
                                     ref=ref).record  # fmt: skip
        if ins.document_number != doc.number:
            ins = ws.inspections.store.update(dataclasses.replace(ins, document_number=doc.number))
        data = record_data(ws, ins, doc.number)
        path = _write_pdf(out, lambda p: render(data, p))
    return path, doc.number


def notice_hazard_ids(ws: Workspace, inspection_id: int) -> list[int]:
    """The hazards of an inspection that go on its 整改通知书 in one action.

    The 已登记 ones (a new notice is issued for them) or, when none is left, those of the one
    notice already issued (a reprint).

    Raises:
        ConflictError: 不合格 items not yet registered as hazards, hazards spread over several
            notices, or nothing to notify.
    """
    ins = ws.inspections.get(inspection_id)
    if ins.unit_id is None:
        raise ConflictError("村(社区)检查点的检查没有对应的单位场所，不能下达整改通知书；"
                            "请在隐患整改中按单位登记隐患后再下达。")  # fmt: skip
    pending = [r for r in ins.failed_items if r.hazard_id is None]
    if pending:
        seqs = "、".join(str(r.seq) for r in pending)
        raise ConflictError(
            f"本次检查有 {len(pending)} 个不合格项（第{seqs}项）还没有登记为隐患。"
            "请先执行“不合格项转为隐患”，再打印整改通知书。"
        )
    hazards = ws.inspections.hazards_of(inspection_id)
    registered = [h.id or 0 for h in hazards if h.state is HazardState.REGISTERED]
    if registered:
        return registered
    by_number: dict[str, list[int]] = {}
    for h in hazards:
        number = notice_number(ws, h.id or 0)
        if number:
            by_number.setdefault(number, []).append(h.id or 0)
    if not by_number:
        raise ConflictError("本次检查没有需要下达整改通知书的隐患（未发现隐患，或隐患已当场整改、移交或撤销）。")
    if len(by_number) > 1:
        raise ConflictError(
            f"本次检查的隐患分在 {len(by_number)} 份文书中下达（{'、'.join(by_number)}）。"
            "请在隐患整改中选择同一文号下的隐患补打。"
        )
    return next(iter(by_number.values()))
