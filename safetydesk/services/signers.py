"""Who signs a printed form: the 检查人员/执法人员 with their 执法证号 from the people register.

The inspectors of a 整改通知书 or 责令限期整改指令书, in this order of choice:

1. those chosen by hand when it was issued (``print notice|order --inspector``, the 下达整改通知
   dialog), recorded with the 下达整改通知 event, so a reprint names the same people;
2. else the inspectors of the inspections that found its hazards (a hazard raised from a
   检查记录), as the record lists them;
3. else the hazards' 发现人 (``found_by``: "王建国、李明").

A name's 执法证号 is the one the inspection recorded, else the register's (by person, then by
name; active people before archived ones). An enforcement form (指令书, 现场检查记录) needs two
inspectors who hold one (行政处罚法 第四十二条; DOMAIN.md A3): :func:`require_enforcers` refuses
with a message that names who has none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from safetydesk.domain.hazards import Hazard, HazardAction
from safetydesk.errors import ConflictError

if TYPE_CHECKING:
    from safetydesk.domain.inspections import Inspector
    from safetydesk.printing.page import Signer
    from safetydesk.services import Workspace

#: Separators between names in 发现人 / 复查人 text.
_NAME_SPLIT = re.compile(r"[、，,；;/\s]+")
#: Inspectors an enforcement form needs (执法人员不得少于两人).
ENFORCERS_NEEDED = 2


def names_of(value: str | Sequence[str]) -> list[str]:
    """Names from "王建国、李明" text or a sequence of names, each once, in order."""
    parts = _NAME_SPLIT.split(value) if isinstance(value, str) else list(value)
    return list(dict.fromkeys(p.strip() for p in parts if p.strip()))


class Register:
    """执法证号 by person id and by name, read once from the people register."""

    def __init__(self, ws: Workspace) -> None:
        self.by_id: dict[int, str] = {}
        self.by_name: dict[str, str] = {}
        # Active people first, so an archived namesake never wins; someone without a 证号 is
        # simply absent (their lookups give "").
        for person_id, name, cert, _archived in ws.people.cert_holders():
            self.by_id[person_id] = cert.strip()
            self.by_name.setdefault(name.strip(), cert.strip())

    def signer(self, name: str, cert_no: str = "", person_id: int | None = None) -> Signer:
        """A signer with the 证号 given, else the register's."""
        from safetydesk.printing.page import Signer

        cert = cert_no.strip() or (self.by_id.get(person_id, "") if person_id is not None else "")
        return Signer(name.strip(), cert or self.by_name.get(name.strip(), ""))

    def signers(self, names: Iterable[str]) -> list[Signer]:
        """Signers by name."""
        return [self.signer(n) for n in names]

    def of_inspectors(self, inspectors: Iterable[Inspector]) -> list[Signer]:
        """An inspection's inspectors as signers (each name once)."""
        out: dict[str, Signer] = {}
        for i in inspectors:
            if i.name.strip():
                out.setdefault(i.name.strip(), self.signer(i.name, i.cert_no, i.person_id))
        return list(out.values())


def recorded_inspectors(ws: Workspace, hazards: Sequence[Hazard], document_id: int) -> list[str]:
    """The inspectors chosen by hand when ``document_id`` was issued ([] when none were)."""
    for h in hazards:
        for e in ws.hazards.events(h.id or 0):
            issued = e.action is HazardAction.ISSUE_NOTICE and e.document_id == document_id
            if issued and e.details.inspectors:
                return list(e.details.inspectors)
    return []


def hazard_inspectors(ws: Workspace, hazards: Sequence[Hazard], reg: Register) -> list[Signer]:
    """The inspectors of the hazards' inspections, else their 发现人 (choices 2 and 3)."""
    ids = list(dict.fromkeys(h.inspection_id for h in hazards if h.inspection_id is not None))
    found = ws.inspections.get_many(ids) if ids else {}
    signers: dict[str, Signer] = {}
    for i in ids:
        if i in found:
            for s in reg.of_inspectors(found[i].inspectors):
                signers.setdefault(s.name, s)
    if signers:
        return list(signers.values())
    return reg.signers(names_of("、".join(h.found_by for h in hazards)))


def notice_inspectors(
    ws: Workspace, hazards: Sequence[Hazard], *, document_id: int | None = None,
    chosen: Sequence[str] = (),
) -> list[Signer]:  # fmt: skip
    """The inspectors who sign a notice or order of ``hazards`` (see the module's order).

    Args:
        ws: The workspace.
        hazards: The hazards of the notice.
        document_id: The issued notice, whose recorded inspectors come first.
        chosen: Names chosen now (issuing): they replace any other choice.
    """
    reg = Register(ws)
    names = names_of(chosen)
    if not names and document_id is not None:
        names = recorded_inspectors(ws, hazards, document_id)
    if names:
        return reg.signers(names)
    return hazard_inspectors(ws, hazards, reg)


def require_enforcers(signers: Sequence[Signer], form: str) -> None:
    """Refuse an enforcement form with fewer than two inspectors holding a 执法证号.

    Raises:
        ConflictError: Names who has no 执法证号, or says that a second inspector is needed.
    """
    holders = [s for s in signers if s.cert_no]
    if len(holders) >= ENFORCERS_NEEDED:
        return
    missing = [s.name for s in signers if not s.cert_no]
    head = f"{form}须由两名以上持行政执法证的执法人员署名（执法人员不得少于两人）。"
    if missing:
        who = f"{'、'.join(missing)} 在人员名录中没有执法证号"
        if holders:
            who = f"{'、'.join(s.name for s in holders)} 有执法证号，{who}"
        advice = "请在“人员”名录中为其填写执法证号，或另选持证的检查人员。"
        raise ConflictError(f"{head}{who}。{advice}")
    if holders:
        raise ConflictError(f"{head}现只有 {holders[0].name} 一名执法人员，请再选一名持证的检查人员。")
    raise ConflictError(f"{head}没有填写检查人员，请选择两名持证的检查人员。")
