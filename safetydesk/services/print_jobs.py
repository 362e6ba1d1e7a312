"""Print jobs: what the officer's "print" buttons do, each one act in one transaction.

A job first makes sure the document exists — issuing a notice or order for hazards still 已登记
(the hazard service's state change), or taking the number of a 复查意见书 or 检查记录 on its first
print — and then has the form service render it. Both happen in one transaction, so a print that
fails (a full disk, a file open in a viewer) consumes no number and changes no state; a reprint
renders the document already issued.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from safetydesk.domain.documents import Document, DocumentKind
from safetydesk.domain.hazards import Hazard, HazardState
from safetydesk.domain.queries import HazardQuery
from safetydesk.errors import ConflictError
from safetydesk.services import inspection_forms

if TYPE_CHECKING:
    from safetydesk.services import Workspace


def _one_unit(hazards: list[Hazard], form: str) -> None:
    if not hazards:
        raise ConflictError("请至少选择一条隐患。")
    if len({h.unit_id for h in hazards}) > 1:
        raise ConflictError(f"一份{form}只能写一个单位的隐患，请按单位分别打印。")


def _names(inspectors: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(n.strip() for n in inspectors if n.strip()))


def _no_inspectors_on_reprint(inspectors: Sequence[str]) -> None:
    if _names(inspectors):
        raise ConflictError(
            "所选隐患已下达文书，补打时沿用下达时的检查人员，不能另选检查人员（--inspector）。"
        )


class PrintJobs:
    """Issue-if-needed-then-render for every printed form (each returns the PDF and its 文号)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def _hazards(self, hazard_ids: Sequence[int], form: str) -> tuple[list[int], list[Hazard]]:
        ids = list(dict.fromkeys(hazard_ids))
        hazards = [self.ws.hazards.get(i) for i in ids]
        _one_unit(hazards, form)
        return ids, hazards

    def _common_notice(self, hazards: list[Hazard]) -> Document | None:
        notice_ids = {h.notice_id for h in hazards}
        if len(notice_ids) != 1 or None in notice_ids:
            return None
        return self.ws.documents.get(notice_ids.pop() or 0)

    def notice(
        self, hazard_ids: Sequence[int], out: Path, *, on: date | None = None, by: str = "",
        inspectors: Sequence[str] = (),
    ) -> tuple[Path, str]:  # fmt: skip
        """The 整改通知书 for hazards of one unit: issued now when they are all 已登记, else the
        one notice they were issued under, reprinted.

        Args:
            inspectors: The 检查人员 who sign it, chosen by hand (issuing only; recorded, so a
                reprint names them again). Default: see :mod:`safetydesk.services.signers`.

        Raises:
            ConflictError: Different units, a mix of issued and unissued hazards, hazards
                under an order (which prints as an order), or inspectors given for a reprint.
        """
        ws = self.ws
        ids, hazards = self._hazards(hazard_ids, "整改通知书")
        with ws.db.atomic():
            if all(h.state is HazardState.REGISTERED for h in hazards):
                doc = ws.hazards.issue_notice(
                    ids, on=on or ws.clock(), by=by, inspectors=_names(inspectors)
                ).record
            else:
                _no_inspectors_on_reprint(inspectors)
                found = self._common_notice(hazards)
                if found is None:
                    raise ConflictError(
                        "所选隐患不是同一份通知书下达的：请只选已登记（将新编号下达）的隐患，"
                        "或同一文号下的隐患（补打）。"
                    )
                doc = found
                if doc.kind is DocumentKind.ORDER_TO_RECTIFY:
                    raise ConflictError(
                        f"{doc.number} 是责令限期整改指令书，请用“打印指令书”补打，不能按整改通知书打印。"
                    )
            path = ws.forms.rectification_notice(doc.id or 0, out)
        return path, doc.number

    def order(
        self, hazard_ids: Sequence[int], out: Path, *, on: date | None = None, by: str = "",
        inspectors: Sequence[str] = (),
    ) -> tuple[Path, str]:  # fmt: skip
        """The 责令限期整改指令书 for hazards of one unit: issued now (已登记) or reprinted.

        Args:
            inspectors: The 执法人员, chosen by hand (issuing only), as for :meth:`notice`.

        Raises:
            ConflictError: Different units; fewer than two inspectors with a 执法证号 (nothing
                is issued); hazards already under a 整改通知书 or under different orders.
        """
        ws = self.ws
        ids, hazards = self._hazards(hazard_ids, "责令限期整改指令书")
        with ws.db.atomic():
            if all(h.state is HazardState.REGISTERED for h in hazards):
                chosen = _names(inspectors)
                try:
                    ws.forms.check_order(ids, chosen=chosen)
                except ConflictError as exc:
                    raise ConflictError(f"{exc}也可改为下达安全隐患整改通知书。") from None
                ws.hazards.issue_notice(ids, on=on or ws.clock(), by=by, order=True,
                                        inspectors=chosen)  # fmt: skip
                hazards = [ws.hazards.get(i) for i in ids]
            else:
                _no_inspectors_on_reprint(inspectors)
            doc = self._common_notice(hazards)
            if doc is not None and doc.kind is DocumentKind.RECTIFICATION_NOTICE:
                raise ConflictError(
                    f"所选隐患已下达安全隐患整改通知书 {doc.number}，不能再开责令限期整改指令书；"
                    "如需补打，请打印整改通知书。"
                )
            if doc is None:
                raise ConflictError(
                    "所选隐患不是同一份责令限期整改指令书下达的：请只选已登记的隐患（下达新指令书），"
                    "或同一指令书文号下的隐患（补打）。已下达整改通知书的隐患不能再开指令书。"
                )
            path = ws.forms.order_to_rectify(doc.id or 0, out)
        return path, doc.number

    def recheck(
        self, hazard_id: int | None, out: Path, *, event_id: int | None = None
    ) -> tuple[Path, str]:
        """The 整改复查意见书 of a 复查: ``event_id``'s, or the latest of ``hazard_id``; numbered on
        the first print, the same number on every reprint.

        Raises:
            ConflictError: No such 复查 (nothing rechecked yet, or the event is not a 复查).
        """
        ws = self.ws
        if event_id is not None:
            event = ws.rechecks.recheck_event(event_id)
        elif hazard_id is None:
            raise ConflictError("请指定要打印复查意见书的隐患或复查记录。")
        else:
            event = ws.rechecks.latest_recheck(hazard_id)
        with ws.db.atomic():
            doc = ws.rechecks.recheck_document(event.id or 0).record
            path = ws.forms.recheck_opinion(event.id or 0, out)
        return path, doc.number

    def ledger(
        self,
        query: HazardQuery,
        out: Path,
        title_note: str = "",
        *,
        filled_by: str = "",
        reviewed_by: str = "",
        filled_on: date | None = None,
    ) -> tuple[Path, int]:
        """The 隐患排查治理台账 (nothing is numbered): the PDF and the number of rows; 填报人,
        审核人 and 填报日期 (default today) are printed at its foot."""
        return self.ws.forms.hazard_ledger(
            query, out, title_note,
            filled_by=filled_by, reviewed_by=reviewed_by, filled_on=filled_on,
        )  # fmt: skip

    def inspection_record(self, inspection_id: int, out: Path) -> tuple[Path, str]:
        """An inspection's 安全检查记录; its 文号 is taken on the first print and reused."""
        ws = self.ws
        # A 现场检查记录 short of two 执法证号 is refused before its number is taken.
        inspection_forms.record_signers(ws, ws.inspections.get(inspection_id))
        with ws.db.atomic():
            doc = ws.inspections.record_document(inspection_id).record
            path = ws.forms.inspection_record(inspection_id, out)
        return path, doc.number

    def inspection_notice(
        self, inspection_id: int, out: Path, *, on: date | None = None, by: str = ""
    ) -> tuple[Path, str]:
        """The 整改通知书 for the hazards an inspection found, in one action: issued for its
        已登记 hazards, or the one notice already issued, reprinted.

        Raises:
            ConflictError: 不合格 items not yet turned into hazards, or nothing to notify.
        """
        ids = inspection_forms.notice_hazard_ids(self.ws, inspection_id)
        return self.notice(ids, out, on=on, by=by)
