"""Printing an inspection's forms: the 安全检查记录 and the 整改通知书 of the hazards it found.

:data:`FORMS` describes each form (title, busy text, the print job that numbers and renders it);
:func:`print_inspection_form` renders one through
:func:`~safetydesk.ui.dialogs.print_preview.render_and_preview` and opens the preview. Used by
the 检查记录 list (``ui/views/inspections_page.py``) and by 登记并打印整改通知书
(``ui/dialogs/raise_hazards_dialog.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from safetydesk.services.changes import Changes, Topic
from safetydesk.ui.dialogs.print_preview import Rendered, export_path, render_and_preview
from safetydesk.ui.ops import Op

if TYPE_CHECKING:
    from safetydesk.services import Workspace
    from safetydesk.services.print_jobs import PrintJobs
    from safetydesk.ui.context import AppContext


@dataclass(frozen=True, slots=True)
class InspectionForm:
    """One printable form of an inspection.

    Attributes:
        title: What is printed (preview title, file name).
        busy: Text of the busy dialog while it renders.
        method: The print job (``ws.print_jobs``) that numbers and renders it, as
            ``method(jobs)(inspection_id, out) -> (path, 文号)``.
    """

    title: str
    busy: str
    method: Callable[[PrintJobs], Callable[[int, Path], Rendered]]


#: Printable forms of an inspection, by key.
FORMS: dict[str, InspectionForm] = {
    "record": InspectionForm("安全检查记录", "正在生成安全检查记录…",
                             lambda jobs: jobs.inspection_record),
    "notice": InspectionForm("安全隐患整改通知书", "正在生成整改通知书…",
                             lambda jobs: jobs.inspection_notice),
}  # fmt: skip


def print_inspection_form(
    parent: QWidget | None, ctx: AppContext, inspection_id: int, form: str
) -> Op[Rendered] | None:
    """Render a form of an inspection off the UI thread, then preview it.

    Args:
        parent: Owner of the busy dialog, messages and preview.
        ctx: The AppContext.
        inspection_id: The inspection.
        form: ``"record"`` (安全检查记录) or ``"notice"`` (整改通知书 of its hazards).

    Returns:
        The running op.
    """
    spec = FORMS[form]

    def render(ws: Workspace, out: Path) -> Rendered:
        return spec.method(ws.print_jobs)(inspection_id, out)

    return render_and_preview(
        parent, ctx, render, export_path(ctx, f"{spec.title}_检查{inspection_id}"), spec.title,
        busy=spec.busy, changes=Changes.of(Topic.INSPECTIONS, Topic.HAZARDS, Topic.DOCUMENTS),
    )  # fmt: skip
