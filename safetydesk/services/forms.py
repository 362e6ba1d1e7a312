"""Printed forms from stored records: gathers the data, calls the renderer, writes atomically.

The hazard loop's forms (DOMAIN.md A3, A4, B §4.5): 安全隐患整改通知书, 责令限期整改指令书,
整改复查意见书 and the 隐患排查治理台账, and an inspection's 安全检查记录. The form service only
reads and renders: it never changes a record or takes a number. Issuing a notice is the hazard
service's, numbering an opinion or a record is the hazard and inspection services'; the print jobs
(:mod:`safetydesk.services.print_jobs`) put the two together in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from safetydesk.domain.documents import Document, DocumentKind
from safetydesk.domain.hazards import Hazard, HazardAction, HazardState
from safetydesk.domain.photos import PhotoKind
from safetydesk.domain.queries import ArchiveFilter, HazardQuery
from safetydesk.domain.schedule import format_cn
from safetydesk.errors import ConflictError
from safetydesk.labels import due_text
from safetydesk.paths import write_pdf
from safetydesk.services import inspection_forms, signers
from safetydesk.services.signers import names_of

if TYPE_CHECKING:
    from safetydesk.printing.forms.hazard_table import HazardLine
    from safetydesk.printing.page import Signer
    from safetydesk.services import Workspace

__all__ = ["FormService", "names_of"]

#: The form a 责令限期整改指令书 refusal names.
ORDER = DocumentKind.ORDER_TO_RECTIFY.value


class FormService:
    """Renders the forms (each method writes one PDF and returns its path)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    # -- lookups ---------------------------------------------------------------------------------
    def government(self) -> str:
        """The township government (the body that signs enforcement forms)."""
        name = self.ws.settings.township().name
        return f"{name}办事处" if name.endswith("街道") else f"{name}人民政府"

    def issuer(self, *, enforcement: bool = False) -> str:
        """发文机关 of a form: the government for enforcement forms; else the 安委办 (or other
        office) when the settings name one, else the government."""
        office = str(self.ws.settings.get("office_name") or "").strip()
        return office if office and not enforcement else self.government()

    def notice_signers(
        self, hazard_ids: Sequence[int], *, chosen: Sequence[str] = (),
        document_id: int | None = None,
    ) -> list[Signer]:  # fmt: skip
        """The 检查人员 who sign a notice or order of these hazards, with their 执法证号 (see
        :mod:`safetydesk.services.signers` for how they are chosen)."""
        hazards = list(self.ws.hazards.get_many(list(hazard_ids)).values())
        return signers.notice_inspectors(self.ws, hazards, document_id=document_id, chosen=chosen)

    def enforcement_officers(self, hazard_ids: Sequence[int]) -> list[Signer]:
        """The hazards' inspectors who hold a 执法证号; fewer than two: no 指令书 can be issued.

        The GUI offers 责令限期整改指令书 only when this is not empty (DOMAIN.md A3).
        """
        return [s for s in self.notice_signers(hazard_ids) if s.cert_no]

    def check_order(self, hazard_ids: Sequence[int], *, chosen: Sequence[str] = ()) -> list[Signer]:
        """The 执法人员 of a 指令书 to issue for these hazards.

        Raises:
            ConflictError: Fewer than two of them hold a 执法证号 (the message names who).
        """
        people = self.notice_signers(hazard_ids, chosen=chosen)
        signers.require_enforcers(people, ORDER)
        return people

    def _hazard_lines(self, hazards: Sequence[Hazard], *, photos: bool) -> list[HazardLine]:
        """The rows of the shared hazard table: facts, 依据, 重大 details, measures, deadline."""
        from safetydesk.printing.forms.hazard_table import HazardLine

        ws = self.ws
        ids = list({h.inspection_id for h in hazards if h.inspection_id is not None})
        item_basis: dict[int, str] = {}
        for ins in ws.inspections.get_many(ids).values() if ids else ():
            for r in ins.results:
                if r.hazard_id is not None and r.basis.strip():
                    item_basis.setdefault(r.hazard_id, r.basis.strip())
        store = ws.hazard_photos
        lines = []
        for h in hazards:
            item = item_basis.get(h.id or 0, "")
            pics = store.photos(h.id or 0, PhotoKind.BEFORE) if photos else []
            lines.append(HazardLine(
                location=h.location, description=h.description, measures=h.measures,
                due_text=due_text(h), major=h.major,
                # A 重大 hazard's own basis is its 判定依据; the legal basis is the checklist's.
                basis=item if h.major else (h.basis.strip() or item),
                criterion=h.basis if h.major else "", interim=h.interim_measures,
                listed_level=h.listed_level, listed_body=h.listed_body, listed_on=h.listed_on,
                photos=tuple(store.path(p) for p in pics),
            ))  # fmt: skip
        return lines

    def _issued(self, document_id: int, kind: DocumentKind) -> tuple[Document, list[Hazard]]:
        doc = self.ws.documents.get(document_id)
        if doc.kind is not kind:
            raise ConflictError(f"{doc.number} 是{doc.kind.value}，不是{kind.value}，请用对应的打印功能补打。")
        hazards = self.ws.hazards.of_notice(document_id)
        if not hazards:
            raise ConflictError(f"{doc.number} 没有对应的隐患，无法打印。")
        return doc, hazards

    # -- 安全隐患整改通知书 -------------------------------------------------------------------------
    def rectification_notice(self, document_id: int, out: Path) -> Path:
        """Render an issued 整改通知书 with its hazards (整改前 photos as an attachment page).

        Raises:
            ConflictError: The document is not a 整改通知书.
        """
        from safetydesk.printing.forms.rectification_notice import NoticeData, render

        ws = self.ws
        doc, hazards = self._issued(document_id, DocumentKind.RECTIFICATION_NOTICE)
        unit = ws.units.get(hazards[0].unit_id or 0)
        township = ws.settings.township()
        data = NoticeData(
            number=doc.number,
            township=township.name,
            issuer=self.issuer(),
            office=township.office_name,
            unit_name=unit.name,
            found_on=min(h.found_on or doc.issued_on for h in hazards),
            issued_on=doc.issued_on,
            items=self._hazard_lines(hazards, photos=True),
            inspectors=signers.notice_inspectors(ws, hazards, document_id=document_id),
            office_phone=township.office_phone,
        )
        return write_pdf(out, lambda p: render(data, p))

    # -- 责令限期整改指令书 -------------------------------------------------------------------------
    def order_to_rectify(self, document_id: int, out: Path) -> Path:
        """Render an issued 责令限期整改指令书: 违法事实 and 依据 per item, the unit's address.

        Raises:
            ConflictError: The document is not an order, or fewer than two of its inspectors
                hold a 执法证号.
        """
        from safetydesk.printing.forms.order_to_rectify import OrderData, render

        ws = self.ws
        doc, hazards = self._issued(document_id, DocumentKind.ORDER_TO_RECTIFY)
        township = ws.settings.township()
        unit = ws.units.get(hazards[0].unit_id or 0)
        officers = signers.notice_inspectors(ws, hazards, document_id=document_id)
        signers.require_enforcers(officers, ORDER)
        officers = [s for s in officers if s.cert_no]  # only 执法人员 sign an order
        data = OrderData(
            number=doc.number,
            township=township.name,
            issuer=self.government(),
            unit_name=unit.name,
            unit_address=unit.address,
            found_on=min(h.found_on or doc.issued_on for h in hazards),
            issued_on=doc.issued_on,
            items=self._hazard_lines(hazards, photos=False),
            county=township.county,
            officers=officers,
        )
        return write_pdf(out, lambda p: render(data, p))

    # -- 整改复查意见书 ----------------------------------------------------------------------------
    def recheck_opinion(self, event_id: int, out: Path) -> Path:
        """Render the numbered 整改复查意见书 of a 复查 (with the other 复查 on the same opinion).

        Raises:
            ConflictError: The event is not a 复查, or its opinion has no number yet.
        """
        from safetydesk.printing.forms.recheck_opinion import RecheckData, RecheckItem, render

        ws = self.ws
        event = ws.rechecks.recheck_event(event_id)
        if event.document_id is None:
            raise ConflictError("这次复查还没有复查意见书编号，请先编号再打印。")
        doc = ws.documents.get(event.document_id)
        issue = ws.rechecks.issue_event(event.hazard_id, before=event.id)
        notice = ws.documents.get(issue.document_id) if issue and issue.document_id else None
        group = ws.rechecks.recheck_group(event)
        hazards = ws.hazards.get_many([e.hazard_id for e in group])
        unit = ws.units.get(hazards[event.hazard_id].unit_id or 0)
        enforcement = notice is not None and notice.kind is DocumentKind.ORDER_TO_RECTIFY
        issuer = self.issuer(enforcement=enforcement)
        speaker = "本办" if issuer.endswith(("办公室", "办")) else "本机关"
        items, names = [], []
        for e in group:
            h = hazards[e.hazard_id]
            names += list(e.details.rechecked_by)
            items.append(
                RecheckItem(
                    code=h.code,
                    location=h.location,
                    description=h.description,
                    passed=e.action is HazardAction.RECHECK_PASS,
                    opinion=e.details.opinion or e.note,
                    new_due_on=e.details.new_due_on,
                )
            )
        data = RecheckData(
            number=doc.number,
            issuer=issuer,
            speaker=speaker,
            unit_name=unit.name,
            rechecked_on=event.on,
            items=items,
            rechecked_by=signers.Register(ws).signers(names_of(names)),
            notice_kind=(notice.kind if notice else DocumentKind.RECTIFICATION_NOTICE).value,
            notice_number=notice.number if notice else "",
            notice_on=notice.issued_on if notice else (issue.on if issue else None),
            enforcement=enforcement,
        )
        return write_pdf(out, lambda p: render(data, p))

    # -- 隐患排查治理台账 ---------------------------------------------------------------------------
    def describe_query(self, query: HazardQuery) -> str:
        """The filter of a hazard list in words, e.g. "状态：整改中；逾期；发现日期：…"."""
        q, parts = query, []
        parts.append(f"状态：{'、'.join(q.states)}" if q.states else "状态：全部（不含已撤销）")
        if q.overdue_on:
            parts.append(f"逾期（截至{format_cn(q.overdue_on)}）")
        if q.level:
            parts.append(f"等级：{q.level}")
        if q.listed:
            parts.append("挂牌督办")
        if q.village_id is not None:
            parts.append(f"村(社区)：{self.ws.villages.names().get(q.village_id, '')}")
        if q.unit_id is not None:
            parts.append(f"单位：{self.ws.units.get(q.unit_id).name}")
        if q.sector:
            parts.append(f"行业：{q.sector}")
        start = format_cn(q.found_from) if q.found_from else ""
        end = format_cn(q.found_to) if q.found_to else ""
        if start or end:
            span = f"{start}—{end}" if start and end else (f"{start}起" if start else f"截至{end}")
            parts.append(f"发现日期：{span}")
        if q.due_by:
            parts.append(f"整改期限：{format_cn(q.due_by)}前到期")
        if q.text.strip():
            parts.append(f"关键词：{q.text.strip()}")
        if q.archive is ArchiveFilter.ARCHIVED:
            parts.append("仅已归档")
        elif q.archive is ArchiveFilter.ALL:
            parts.append("含已归档")
        return "；".join(parts)

    def hazard_ledger(
        self,
        query: HazardQuery,
        out: Path,
        title_note: str = "",
        *,
        filled_by: str = "",
        reviewed_by: str = "",
        filled_on: date | None = None,
    ) -> tuple[Path, int]:
        """Print the 隐患排查治理台账 (A4 landscape) of the hazards ``query`` selects, in its order.

        Without a state filter, 已撤销 hazards are left out. Under the title the filter is
        described in words (:meth:`describe_query`), followed by ``title_note`` when given.
        The rows come from :func:`~safetydesk.services.ledger_rows.ledger_rows` (read in batches,
        so thousands of rows are fine). At the foot: 填报人 and 审核人 (blank lines to sign on
        when not given) and 填报日期 (default today).

        Returns:
            The PDF path and the number of hazards printed.

        Raises:
            ValidationErrors: A 填报人/审核人 too long, or a 填报日期 out of range.
        """
        from safetydesk.printing.forms.hazard_ledger import LedgerData, render
        from safetydesk.services.ledger_rows import check_signoff, ledger_rows

        check_signoff(filled_by, reviewed_by, filled_on)
        ws = self.ws
        today = ws.clock()
        hazards = ws.hazards.list(query)
        if not query.states:
            hazards = [h for h in hazards if h.state is not HazardState.CANCELLED]
        rows = ledger_rows(ws, hazards, today, names_of)
        township = ws.settings.township()
        note = "；".join(t for t in (self.describe_query(query), title_note.strip()) if t)
        data = LedgerData(
            township.name, township.office_name, note, today, rows,
            filled_by=filled_by.strip(), reviewed_by=reviewed_by.strip(), filled_on=filled_on,
        )  # fmt: skip
        path = write_pdf(out, lambda p: render(data, p))
        return path, len(rows)

    # -- 安全检查记录 -------------------------------------------------------------------------------
    def inspection_record(self, inspection_id: int, out: Path) -> Path:
        """Render an inspection's numbered 安全检查记录 (现场检查记录 when enforcement).

        Raises:
            ConflictError: The record has no number yet.
        """
        from safetydesk.printing.forms.inspection_record import render

        ins = self.ws.inspections.get(inspection_id)
        if ins.document_id is None:
            raise ConflictError("这份检查记录还没有文号，请先编号再打印。")
        number = self.ws.documents.get(ins.document_id).number
        data = inspection_forms.record_data(self.ws, ins, number)
        return write_pdf(out, lambda p: render(data, p))
