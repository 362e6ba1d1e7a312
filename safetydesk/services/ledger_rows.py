"""The rows of the 隐患排查治理台账, gathered from the records in batches (used by FormService).

What each column takes (DOMAIN.md B §7 variant 5, B §4.4):

* 检查人员: the inspectors of the hazard's inspection, then its 发现人 (each name once).
* 判定依据/挂牌督办: for a 重大 hazard its 判定依据 ("待补录" while none is entered) and, when
  listed, the 挂牌督办 level and body.
* 责任人/联系电话: the hazard's own; when the hazard names none, the unit's 安全联系人 (else its
  法定代表人) from the unit register with the unit's contact phone — as the hazard dialog
  proposes them.
* 复查人/复查日期: the latest 复查 (合格 or 不合格).

Units, villages, inspections and 复查 are read in a few queries whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from safetydesk.domain.common import Unit
from safetydesk.domain.hazards import Hazard, HazardAction, HazardState
from safetydesk.domain.validation import NAME_MAX
from safetydesk.errors import ValidationErrors

if TYPE_CHECKING:
    from safetydesk.printing.forms.hazard_ledger import LedgerRow
    from safetydesk.services import Workspace

#: Splits "王建国、李明" into names, each once (FormService passes its ``names_of``).
NameSplitter = Callable[[str | Sequence[str]], list[str]]
#: Printed as the 判定依据 of a 重大 hazard that has none yet.
MISSING_BASIS = "待补录"
#: Years a 填报日期 may fall in (the bounds of every date the app accepts).
YEARS = range(2000, 2101)


def check_signoff(filled_by: str, reviewed_by: str, filled_on: date | None) -> None:
    """Check the 填报人, 审核人 and 填报日期 printed at the ledger's foot.

    Raises:
        ValidationErrors: A name too long for the line, or a date outside 2000–2100.
    """
    errors: dict[str, str] = {}
    for field, label, value in (
        ("filled_by", "填报人", filled_by),
        ("reviewed_by", "审核人", reviewed_by),
    ):
        if len(value.strip()) > NAME_MAX:
            errors[field] = f"{label}最多 {NAME_MAX} 个字（现在 {len(value.strip())} 个）。"
    if filled_on is not None and filled_on.year not in YEARS:
        errors["filled_on"] = f"填报日期 {filled_on.isoformat()} 不在 2000—2100 年之间，请检查。"
    if errors:
        raise ValidationErrors(errors)


def basis_text(h: Hazard) -> str:
    """判定依据 and 挂牌督办 as the ledger prints them ("" for a 一般 hazard not listed)."""
    lines = []
    if h.major:
        lines.append(h.basis.strip() or MISSING_BASIS)
    if h.listed:
        listing = f"{h.listed_level}挂牌"
        lines.append(f"{listing}：{h.listed_body}" if h.listed_body else listing)
    return "\n".join(lines)


def responsible_of(h: Hazard, unit: Unit | None) -> tuple[str, str]:
    """责任人 and 联系电话: the hazard's own, else the unit's contact (or legal representative)."""
    person, phone = h.responsible_person.strip(), h.responsible_phone.strip()
    if unit is None:
        return person, phone
    if not person:
        person = unit.contact.strip() or unit.legal_rep.strip()
    if not phone and person and person in (unit.contact.strip(), unit.legal_rep.strip()):
        phone = unit.contact_phone.strip()
    return person, phone


def _state_note(h: Hazard) -> str:
    if h.state is HazardState.TRANSFERRED:
        return h.transfer_department
    if h.state is HazardState.CANCELLED:
        return h.cancel_reason
    return ""


def ledger_rows(
    ws: Workspace, hazards: Sequence[Hazard], today: date, names_of: NameSplitter
) -> list[LedgerRow]:
    """One :class:`LedgerRow` per hazard, in the given order.

    Args:
        ws: The workspace to read units, villages, inspections and 复查 from.
        hazards: The hazards, in print order.
        today: The day 逾期 is judged on (and the found date of a record without one).
        names_of: How 发现人 / 复查人 texts are split into names.
    """
    from safetydesk.printing.forms.hazard_ledger import LedgerRow

    units = ws.units.get_many(list({h.unit_id for h in hazards if h.unit_id}))
    villages = ws.villages.names()
    inspections = ws.inspections.get_many(
        list({h.inspection_id for h in hazards if h.inspection_id})
    )
    rechecks = ws.hazards.last_rechecks([h.id or 0 for h in hazards])
    rows = []
    for h in hazards:
        unit = units.get(h.unit_id or 0)
        ins = inspections.get(h.inspection_id or 0)
        team = [i.name for i in ins.inspectors] if ins is not None else []
        person, phone = responsible_of(h, unit)
        recheck = rechecks.get(h.id or 0)
        rows.append(
            LedgerRow(
                code=h.code,
                found_on=h.found_on or today,
                inspectors=names_of([*team, *names_of(h.found_by)]),
                unit_name=unit.name if unit else "",
                village_name=villages.get(h.village_id or 0, ""),
                location=h.location,
                description=h.description,
                category=h.category,
                level=h.level.value,
                basis=basis_text(h),
                measures=h.measures,
                funds=h.funds,
                responsible=person,
                phone=phone,
                due_on=h.due_on,
                due_note="立即" if h.immediate else "",
                rectified_on=h.rectified_on,
                rechecked_by=names_of(recheck.details.rechecked_by) if recheck else [],
                rechecked_on=recheck.on if recheck else None,
                recheck_failed=recheck is not None and recheck.action is HazardAction.RECHECK_FAIL,
                state=h.state.value,
                state_note=_state_note(h),
                overdue=h.overdue(today),
            )
        )
    return rows
