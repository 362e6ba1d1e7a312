"""Printed forms from stored records: gathers the data, calls the renderer, writes atomically."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from safetydesk.domain.hazards import HazardAction, HazardState
from safetydesk.domain.schedule import format_cn
from safetydesk.errors import ConflictError, SafetyDeskError
from safetydesk.paths import write_atomic

if TYPE_CHECKING:
    from safetydesk.services import Workspace


def _write_pdf(path: Path, render: Callable[[Path], None]) -> Path:
    """Render a PDF to ``path`` atomically; a file open in a viewer gets a clear message."""
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    try:
        return write_atomic(path, render)
    except PermissionError as exc:
        raise SafetyDeskError(f"无法写入 {path}：文件可能正被其他程序打开，请关闭后重试。") from exc


class FormService:
    """Prints the forms of the hazard loop."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def _notice_number(self, hazard_id: int) -> str | None:
        for e in reversed(self.ws.hazards.events(hazard_id)):
            if e.action is HazardAction.ISSUE_NOTICE:
                return str(json.loads(e.details).get("number") or "") or None
        return None

    def rectification_notice(
        self, hazard_ids: Sequence[int], out: Path, *, on: date | None = None, by: str = ""
    ) -> tuple[Path, str]:
        """Print the 整改通知书 for hazards of one unit, issuing it first when they are 已登记.

        Returns:
            The PDF path and the 文号.

        Raises:
            ConflictError: Different units, or a mix of issued and unissued hazards.
        """
        from safetydesk.printing.forms.rectification_notice import NoticeData, NoticeItem, render

        ws = self.ws
        ids = list(dict.fromkeys(hazard_ids))
        hazards = [ws.hazards.get(i) for i in ids]
        if len({h.unit_id for h in hazards}) > 1:
            raise ConflictError("一份整改通知书只能写一个单位的隐患，请按单位分别打印。")
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
        issued = date.fromisoformat(doc.issued_on) if doc else ws.clock()
        unit = ws.units.get(hazards[0].unit_id or 0)
        township = ws.settings.township()
        items = [
            NoticeItem(
                location=h.location,
                description=h.description,
                measures=h.measures,
                due_text="立即"
                if h.deadline_kind == "立即"
                else format_cn(date.fromisoformat(h.due_on))
                if h.due_on
                else "",
                major=h.major,
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
            inspectors=sorted({h.found_by for h in hazards if h.found_by}),
            office_phone=township.office_phone,
        )
        path = _write_pdf(out, lambda p: render(data, p))
        return path, number
