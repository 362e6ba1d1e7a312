"""Printed forms from stored records: gathers the data, calls the renderer, writes atomically.

The hazard loop's forms (DOMAIN.md A3, A4, B §4.5): 安全隐患整改通知书, 责令限期整改指令书,
整改复查意见书 and the 隐患排查治理台账. A form that takes a number takes it in the same transaction
that writes the PDF, so a failed print consumes no number; reprints reuse the number.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safetydesk.domain.documents import DocumentKind
from safetydesk.domain.hazards import Hazard, HazardAction, HazardEvent, HazardState, PhotoKind
from safetydesk.domain.queries import ArchiveFilter, HazardQuery, ListQuery
from safetydesk.domain.schedule import format_cn
from safetydesk.errors import ConflictError, SafetyDeskError
from safetydesk.paths import write_atomic

if TYPE_CHECKING:
    from safetydesk.printing.page import Signer
    from safetydesk.services import Workspace

#: Actions that are a 复查.
RECHECKS = (HazardAction.RECHECK_PASS, HazardAction.RECHECK_FAIL)
#: Separators between names in 发现人 / 复查人 text.
_NAME_SPLIT = re.compile(r"[、，,；;/\s]+")


def _write_pdf(path: Path, render: Callable[[Path], None]) -> Path:
    """Render a PDF to ``path`` atomically; a file open in a viewer gets a clear message."""
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    try:
        return write_atomic(path, render)
    except PermissionError as exc:
        raise SafetyDeskError(f"无法写入 {path}：文件可能正被其他程序打开，请关闭后重试。") from exc


def _details(event: HazardEvent) -> dict[str, Any]:
    return dict(json.loads(event.details or "{}"))


def _names(value: object) -> list[str]:
    """Names from "王建国、李明" text or a list of names."""
    parts = value if isinstance(value, list) else _NAME_SPLIT.split(str(value or ""))
    return list(dict.fromkeys(str(p).strip() for p in parts if str(p).strip()))


def _due_text(h: Hazard) -> str:
    if h.deadline_kind == "立即":
        return "立即"
    return format_cn(date.fromisoformat(h.due_on)) if h.due_on else ""


class FormService:
    """Prints the forms of the hazard loop (each method returns the PDF path it wrote)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    # -- lookups ---------------------------------------------------------------------------------
    def _issue_event(self, hazard_id: int, before: int | None = None) -> HazardEvent | None:
        """The hazard's 下达整改通知 event (the last one before event id ``before``)."""
        for e in reversed(self.ws.hazards.events(hazard_id)):
            if e.action is HazardAction.ISSUE_NOTICE and (before is None or (e.id or 0) < before):
                return e
        return None

    def _notice_number(self, hazard_id: int) -> str | None:
        e = self._issue_event(hazard_id)
        return (str(_details(e).get("number") or "") or None) if e else None

    def _signers(self, names: Sequence[str]) -> list[Signer]:
        """People by name with their 执法证号 from the people register (archived included)."""
        from safetydesk.printing.page import Signer

        certs: dict[str, str] = {}
        for person in self.ws.people.list(ListQuery(archive=ArchiveFilter.ALL)):
            if person.cert_no.strip():
                certs.setdefault(person.name.strip(), person.cert_no.strip())
        return [Signer(name, certs.get(name, "")) for name in names]

    def _government(self) -> str:
        """The township government (the body that signs enforcement forms)."""
        name = self.ws.settings.township().name
        return f"{name}办事处" if name.endswith("街道") else f"{name}人民政府"

    def enforcement_officers(self, hazard_ids: Sequence[int]) -> list[Signer]:
        """The hazards' inspectors (发现人) who hold a 执法证号; empty means no enforcement form.

        The GUI offers 责令限期整改指令书 only when this is not empty (DOMAIN.md A3).
        """
        names: list[str] = []
        for h in self.ws.hazards.get_many(list(hazard_ids)).values():
            names += _names(h.found_by)
        return [s for s in self._signers(list(dict.fromkeys(names))) if s.cert_no]

    def _one_unit(self, hazards: list[Hazard], form: str) -> None:
        if not hazards:
            raise ConflictError("请至少选择一条隐患。")
        if len({h.unit_id for h in hazards}) > 1:
            raise ConflictError(f"一份{form}只能写一个单位的隐患，请按单位分别打印。")

    # -- 安全隐患整改通知书 -------------------------------------------------------------------------
    def rectification_notice(
        self, hazard_ids: Sequence[int], out: Path, *, on: date | None = None, by: str = ""
    ) -> tuple[Path, str]:
        """Print the 整改通知书 for hazards of one unit, issuing it first when they are 已登记.

        整改前 photos of the hazards are printed as thumbnails after the table.

        Returns:
            The PDF path and the 文号.

        Raises:
            ConflictError: Different units, or a mix of issued and unissued hazards.
        """
        from safetydesk.printing.forms.rectification_notice import NoticeData, NoticeItem, render

        ws = self.ws
        ids = list(dict.fromkeys(hazard_ids))
        hazards = [ws.hazards.get(i) for i in ids]
        self._one_unit(hazards, "整改通知书")
        with ws.db.atomic():
            numbers = {self._notice_number(h.id or 0) for h in hazards}
            if all(h.state is HazardState.REGISTERED for h in hazards):
                ws.hazards.issue_notice(ids, on=on or ws.clock(), by=by)
                numbers = {self._notice_number(ids[0])}
                hazards = [ws.hazards.get(i) for i in ids]
            elif len(numbers) != 1 or None in numbers:
                raise ConflictError(
                    "所选隐患不是同一份通知书下达的：请只选已登记（将新编号下达）的隐患，"
                    "或同一文号下的隐患（补打）。"
                )
            number = numbers.pop() or ""
            doc = ws.documents.by_number(number)
            if doc is not None and doc.kind is DocumentKind.ORDER_TO_RECTIFY:
                raise ConflictError(
                    f"{number} 是责令限期整改指令书，请用“打印指令书”补打，不能按整改通知书打印。"
                )
            issued = date.fromisoformat(doc.issued_on) if doc else ws.clock()
            unit = ws.units.get(hazards[0].unit_id or 0)
            township = ws.settings.township()
            photos = ws.hazard_photos
            items = [
                NoticeItem(
                    location=h.location,
                    description=h.description,
                    measures=h.measures,
                    due_text=_due_text(h),
                    major=h.major,
                    photos=tuple(
                        photos.path(p) for p in photos.photos(h.id or 0, PhotoKind.BEFORE)
                    ),
                )
                for h in hazards
            ]
            data = NoticeData(
                number=number,
                township=township.name,
                office=township.office_name,
                unit_name=unit.name,
                found_on=min(date.fromisoformat(h.found_on) for h in hazards),
                issued_on=issued,
                items=items,
                inspectors=list(dict.fromkeys(n for h in hazards for n in _names(h.found_by))),
                office_phone=township.office_phone,
            )
            path = _write_pdf(out, lambda p: render(data, p))
        return path, number

    # -- 责令限期整改指令书 -------------------------------------------------------------------------
    def order_to_rectify(
        self, hazard_ids: Sequence[int], out: Path, *, on: date | None = None, by: str = ""
    ) -> tuple[Path, str]:
        """Print the 责令限期整改指令书 for hazards of one unit: issue it (已登记) or reprint it.

        Returns:
            The PDF path and the 文号.

        Raises:
            ConflictError: Different units; no inspector with a 执法证号 (when issuing); hazards
                already under a 整改通知书 or under different orders.
        """
        from safetydesk.printing.forms.order_to_rectify import OrderData, OrderItem, render

        ws = self.ws
        ids = list(dict.fromkeys(hazard_ids))
        hazards = [ws.hazards.get(i) for i in ids]
        self._one_unit(hazards, "责令限期整改指令书")
        officers = self.enforcement_officers(ids)
        with ws.db.atomic():
            if all(h.state is HazardState.REGISTERED for h in hazards):
                if not officers:
                    names = "、".join(dict.fromkeys(n for h in hazards for n in _names(h.found_by)))
                    raise ConflictError(
                        f"责令限期整改指令书须由持行政执法证的人员下达，但发现人（{names or '未填写'}）"
                        "在人员名录中都没有执法证号。请在“人员”中填写执法证号，"
                        "或改为打印安全隐患整改通知书。"
                    )
                ws.hazards.issue_notice(ids, on=on or ws.clock(), by=by, order=True)
            numbers = {self._notice_number(i) for i in ids}
            doc = ws.documents.by_number(next(iter(numbers)) or "") if len(numbers) == 1 else None
            if doc is not None and doc.kind is DocumentKind.RECTIFICATION_NOTICE:
                raise ConflictError(
                    f"所选隐患已下达安全隐患整改通知书 {doc.number}，不能再开责令限期整改指令书；"
                    "如需补打，请打印整改通知书。"
                )
            if doc is None or doc.kind is not DocumentKind.ORDER_TO_RECTIFY:
                raise ConflictError(
                    "所选隐患不是同一份责令限期整改指令书下达的：请只选已登记的隐患（下达新指令书），"
                    "或同一指令书文号下的隐患（补打）。已下达整改通知书的隐患不能再开指令书。"
                )
            hazards = [ws.hazards.get(i) for i in ids]
            data = OrderData(
                number=doc.number,
                township=ws.settings.township().name,
                issuer=self._government(),
                unit_name=ws.units.get(hazards[0].unit_id or 0).name,
                found_on=min(date.fromisoformat(h.found_on) for h in hazards),
                issued_on=date.fromisoformat(doc.issued_on),
                items=[
                    OrderItem(h.location, h.description, h.measures, _due_text(h), h.major)
                    for h in hazards
                ],
                county=ws.settings.township().county,
                officers=officers,
            )
            path = _write_pdf(out, lambda p: render(data, p))
        return path, doc.number

    # -- 整改复查意见书 ----------------------------------------------------------------------------
    def _recheck_event(self, hazard_id: int | None, event_id: int | None) -> HazardEvent:
        ws = self.ws
        if event_id is not None:
            row = ws.db.conn.execute(
                "SELECT hazard_id FROM hazard_events WHERE id = ?", [event_id]
            ).fetchone()
            event = (
                next((e for e in ws.hazards.events(row[0]) if e.id == event_id), None)
                if row
                else None
            )
            if event is None or event.action not in RECHECKS:
                raise ConflictError(f"事件 {event_id} 不是复查记录，不能打印整改复查意见书。")
            return event
        if hazard_id is None:
            raise ConflictError("请指定要打印复查意见书的隐患或复查记录。")
        h = ws.hazards.get(hazard_id)
        for e in reversed(ws.hazards.events(hazard_id)):
            if e.action in RECHECKS:
                return e
        raise ConflictError(
            f"隐患 {h.code} 还没有复查记录：请先录入复查（复查合格或复查不合格），再打印复查意见书。"
        )

    def _recheck_group(self, event: HazardEvent, notice_number: str) -> list[HazardEvent]:
        """The recheck events on one opinion: this one, and the last recheck on the same day of
        each other hazard of the same notice."""
        group = {event.hazard_id: event}
        if notice_number:
            rows = self.ws.db.conn.execute(
                "SELECT DISTINCT hazard_id FROM hazard_events WHERE action = ? "
                "AND json_extract(details, '$.number') = ? ORDER BY hazard_id",
                [HazardAction.ISSUE_NOTICE.value, notice_number],
            )
            for (hid,) in rows.fetchall():
                if hid == event.hazard_id:
                    continue
                same_day = [
                    e
                    for e in self.ws.hazards.events(hid)
                    if e.action in RECHECKS and e.on == event.on
                ]
                if same_day:
                    group[hid] = same_day[-1]
        return [group[k] for k in sorted(group)]

    def recheck_opinion(
        self, hazard_id: int | None, out: Path, *, event_id: int | None = None
    ) -> tuple[Path, str]:
        """Print the 整改复查意见书 of a 复查 (numbered on first print; reprints keep the number).

        Give ``event_id`` (a 复查合格/复查不合格 event) or ``hazard_id`` (its latest 复查). The
        other hazards of the same notice rechecked on the same day go on the same opinion.

        Returns:
            The PDF path and the opinion's 文号.

        Raises:
            ConflictError: No such 复查 (nothing rechecked yet, or the event is not a 复查).
        """
        from safetydesk.printing.forms.recheck_opinion import RecheckData, RecheckItem, render

        ws = self.ws
        event = self._recheck_event(hazard_id, event_id)
        issue = self._issue_event(event.hazard_id, before=event.id)
        notice_number = str(_details(issue).get("number") or "") if issue else ""
        notice = ws.documents.by_number(notice_number) if notice_number else None
        group = self._recheck_group(event, notice_number)
        hazards = ws.hazards.get_many([e.hazard_id for e in group])
        unit = ws.units.get(hazards[event.hazard_id].unit_id or 0)
        office = ws.settings.township().office_name
        enforcement = notice is not None and notice.kind is DocumentKind.ORDER_TO_RECTIFY
        speaker = "本办" if office.endswith(("办公室", "办")) and not enforcement else "本机关"
        notice_on = notice.issued_on if notice else (issue.on if issue else None)
        items, names = [], []
        for e in group:
            h, d = hazards[e.hazard_id], _details(e)
            names += _names(d.get("rechecked_by"))
            new_due = d.get("new_due_on")
            items.append(
                RecheckItem(
                    code=h.code,
                    location=h.location,
                    description=h.description,
                    passed=e.action is HazardAction.RECHECK_PASS,
                    opinion=str(d.get("opinion") or e.note or ""),
                    new_due_on=date.fromisoformat(new_due) if new_due else None,
                )
            )
        with ws.db.atomic():
            doc = next(
                (d for e in group if (d := ws.documents.by_ref(f"hazard_event:{e.id}"))), None
            )
            if doc is None:
                doc = ws.documents.issue(
                    DocumentKind.RECHECK_OPINION,
                    date.fromisoformat(event.on),
                    unit_id=unit.id,
                    subject=f"{unit.name} 整改复查",
                    ref=f"hazard_event:{event.id}",
                ).record
            data = RecheckData(
                number=doc.number,
                issuer=self._government() if enforcement else office,
                speaker=speaker,
                unit_name=unit.name,
                rechecked_on=date.fromisoformat(event.on),
                items=items,
                rechecked_by=self._signers(list(dict.fromkeys(names))),
                notice_kind=(notice.kind if notice else DocumentKind.RECTIFICATION_NOTICE).value,
                notice_number=notice_number,
                notice_on=date.fromisoformat(notice_on) if notice_on else None,
                enforcement=enforcement,
            )
            path = _write_pdf(out, lambda p: render(data, p))
        return path, doc.number

    # -- 隐患排查治理台账 ---------------------------------------------------------------------------
    def describe_query(self, query: HazardQuery) -> str:
        """The filter of a hazard list in words, e.g. "状态：整改中；逾期；发现日期：…"."""
        q, parts = query, []
        parts.append(f"状态：{'、'.join(q.states)}" if q.states else "状态：全部（不含已撤销）")
        if q.overdue_on:
            parts.append(f"逾期（截至{format_cn(date.fromisoformat(q.overdue_on))}）")
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
        start = format_cn(date.fromisoformat(q.found_from)) if q.found_from else ""
        end = format_cn(date.fromisoformat(q.found_to)) if q.found_to else ""
        if start or end:
            span = f"{start}—{end}" if start and end else (f"{start}起" if start else f"截至{end}")
            parts.append(f"发现日期：{span}")
        if q.due_by:
            parts.append(f"整改期限：{format_cn(date.fromisoformat(q.due_by))}前到期")
        if q.text.strip():
            parts.append(f"关键词：{q.text.strip()}")
        if q.archive is ArchiveFilter.ARCHIVED:
            parts.append("仅已归档")
        elif q.archive is ArchiveFilter.ALL:
            parts.append("含已归档")
        return "；".join(parts)

    def _recheck_texts(self, hazards: Sequence[Hazard]) -> dict[int, str]:
        """复查/销号 text per hazard: last 复查 (date, result, 复查人), then 销号/移交/撤销."""
        last: dict[int, tuple[str, str, str]] = {}
        ids = [h.id or 0 for h in hazards]
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            rows = self.ws.db.conn.execute(
                f'SELECT hazard_id, action, "on", details FROM hazard_events '
                f"WHERE action IN (?, ?) AND hazard_id IN ({','.join('?' * len(chunk))}) "
                "ORDER BY id",
                [*(a.value for a in RECHECKS), *chunk],
            )
            for hid, action, on, details in rows:
                people = _names(json.loads(details or "{}").get("rechecked_by"))
                last[hid] = (on, action, "、".join(people))
        out: dict[int, str] = {}
        for h in hazards:
            lines = []
            if h.id in last:
                # A pass is dated in the 完成日期 column; a fail gets its date here.
                on, action, people = last[h.id or 0]
                who = f"（{people}）" if people else ""
                if action == HazardAction.RECHECK_PASS.value:
                    lines.append(f"复查合格{who}")
                else:
                    lines.append(f"{format_cn(date.fromisoformat(on))}复查不合格{who}")
            if h.closed_on:
                lines.append(f"{format_cn(date.fromisoformat(h.closed_on))}销号")
            if h.state is HazardState.TRANSFERRED:
                lines.append(f"已移交{h.transfer_department}")
            if h.state is HazardState.CANCELLED:
                lines.append(f"已撤销：{h.cancel_reason}")
            out[h.id or 0] = "\n".join(lines)
        return out

    def hazard_ledger(
        self, query: HazardQuery, out: Path, title_note: str = ""
    ) -> tuple[Path, int]:
        """Print the 隐患排查治理台账 (A4 landscape) of the hazards ``query`` selects, in its order.

        Without a state filter, 已撤销 hazards are left out. Under the title the filter is
        described in words (:meth:`describe_query`), followed by ``title_note`` when given.
        Unit, village and 复查 data are read in batches, so thousands of rows are fine.

        Returns:
            The PDF path and the number of hazards printed.
        """
        from safetydesk.printing.forms.hazard_ledger import LedgerData, LedgerRow, render

        ws = self.ws
        today = ws.clock()
        hazards = ws.hazards.list(query)
        if not query.states:
            hazards = [h for h in hazards if h.state is not HazardState.CANCELLED]
        units = ws.units.get_many(list({h.unit_id for h in hazards if h.unit_id}))
        villages = ws.villages.names()
        rechecks = self._recheck_texts(hazards)
        rows = [
            LedgerRow(
                code=h.code,
                found_on=date.fromisoformat(h.found_on),
                unit_name=units[h.unit_id].name if h.unit_id in units else "",
                village_name=villages.get(h.village_id or 0, ""),
                location=h.location,
                description=h.description,
                level=h.level.value,
                measures=h.measures,
                due_on=date.fromisoformat(h.due_on) if h.due_on else None,
                due_note="立即" if h.deadline_kind == "立即" else "",
                responsible=h.responsible_person,
                state=h.state.value,
                overdue=h.overdue(today),
                rectified_on=date.fromisoformat(h.rectified_on) if h.rectified_on else None,
                recheck=rechecks.get(h.id or 0, ""),
            )
            for h in hazards
        ]
        township = ws.settings.township()
        note = "；".join(t for t in (self.describe_query(query), title_note.strip()) if t)
        data = LedgerData(township.name, township.office_name, note, today, rows)
        path = _write_pdf(out, lambda p: render(data, p))
        return path, len(rows)

    # -- 安全检查记录 and its notice ----------------------------------------------------------------
    def inspection_record(self, inspection_id: int, out: Path) -> tuple[Path, str]:
        """Print an inspection's 安全检查记录; its 文号 is taken on the first print and reused.

        Returns:
            The PDF path and the 文号.
        """
        from safetydesk.services.inspection_forms import print_record

        return print_record(self.ws, inspection_id, out)

    def inspection_notice(
        self, inspection_id: int, out: Path, *, on: date | None = None, by: str = ""
    ) -> tuple[Path, str]:
        """Print the 整改通知书 for the hazards an inspection found, in one action.

        Issues a new notice for its 已登记 hazards, or reprints the one notice already issued.

        Raises:
            ConflictError: 不合格 items not yet turned into hazards (run 不合格项转为隐患 first),
                or nothing to notify.
        """
        from safetydesk.services.inspection_forms import notice_hazard_ids

        ids = notice_hazard_ids(self.ws, inspection_id)
        return self.rectification_notice(ids, out, on=on, by=by)
