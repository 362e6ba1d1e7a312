"""What an inspection's printed forms need: the 安全检查记录's data and the notice's hazards.

The form service renders from these; the record's 文号 is the inspection service's
(:meth:`InspectionService.record_document`), the notice's the hazard service's. A 现场检查记录
(an enforcement inspection) is refused before its number is taken when fewer than two of its
inspectors hold a 执法证号 (:func:`record_signers`).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from safetydesk.domain.hazards import HazardState
from safetydesk.domain.inspections import Inspection
from safetydesk.domain.schedule import format_cn
from safetydesk.errors import ConflictError
from safetydesk.labels import due_text

if TYPE_CHECKING:
    from safetydesk.printing.forms.inspection_record import RecordData
    from safetydesk.printing.page import Signer
    from safetydesk.services import Workspace


def time_text(s: datetime, e: datetime | None) -> str:
    """检查时间 as printed: ``2026年11月20日9时00分至10时30分`` (a blank for a missing end)."""
    text = f"{format_cn(s.date())}{s.hour}时{s.minute:02d}分至"
    if e is None:
        return text + "＿＿时＿＿分"
    if e.date() != s.date():
        text += format_cn(e.date()) if e.year != s.year else f"{e.month}月{e.day}日"
    return text + f"{e.hour}时{e.minute:02d}分"


def record_signers(ws: Workspace, ins: Inspection) -> list[Signer]:
    """The inspectors who sign the record, with their 执法证号 (the record's, else the register's).

    Raises:
        ConflictError: An enforcement inspection (现场检查记录) with fewer than two inspectors
            holding a 执法证号; the message names who has none.
    """
    from safetydesk.printing.forms.inspection_record import ENFORCEMENT_TITLE
    from safetydesk.services.signers import Register, require_enforcers

    people = Register(ws).of_inspectors(ins.inspectors)
    if ins.enforcement:
        require_enforcers(people, ENFORCEMENT_TITLE)
    return people


def record_data(ws: Workspace, ins: Inspection, number: str) -> RecordData:
    """Everything the record prints, gathered from the stores."""
    from safetydesk.printing.forms.inspection_record import (
        FoundProblem,
        RecordData,
        ResultLine,
        ScenePhoto,
    )
    forms = ws.forms
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
    numbers = ws.hazards.notice_numbers([h.id or 0 for h in hazards])
    notices = list(dict.fromkeys(n for h in hazards if (n := numbers.get(h.id or 0))))
    # Numbers the officer already wrote into the note are not repeated.
    notices = [n for n in notices if n not in ins.disposition_note]
    if notices:
        disposition += f"（已下达文书：{'、'.join(notices)}）"
    return RecordData(
        number=number,
        office=forms.issuer(enforcement=ins.enforcement),
        unit_name=unit.name if unit else f"{village}（村(社区)检查点）",
        time_text=time_text(ins.started_at, ins.ended_at) if ins.started_at else "",
        kind=ins.kind.value,
        methods="、".join(ins.methods),
        inspectors=record_signers(ws, ins),
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
    numbers = ws.hazards.notice_numbers([h.id or 0 for h in hazards])
    for h in hazards:
        number = numbers.get(h.id or 0)
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
