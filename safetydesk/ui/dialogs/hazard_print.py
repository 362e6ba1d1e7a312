"""Printing from the 隐患 page: render a form off the UI thread, then preview it.

:func:`print_to_preview` renders a PDF into ``exports/`` beside the database through an
:class:`~safetydesk.ui.ops.Op` (``ws.forms`` on the worker's own workspace) and opens it with
:func:`show_pdf` — the in-app preview (print, save as) of ``ui/dialogs/pdf_preview.py``, or the
system PDF viewer when that module is not there. :class:`HazardPrintMenu` is the page's 打印 menu:
安全隐患整改通知书 and 责令限期整改指令书 (reprints of what the selection was issued under; the
指令书 only where an inspector holds a 执法证号, A3), 整改复查意见书 (when a 复查 exists) and
the 隐患台账 of the current list.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QMenu, QWidget

from safetydesk import paths
from safetydesk.domain.documents import Document, DocumentKind
from safetydesk.domain.hazards import HazardAction
from safetydesk.services.changes import Changes, Topic
from safetydesk.ui import messages
from safetydesk.ui.models.hazard_columns import notice_number
from safetydesk.ui.ops import Op

#: Characters Windows does not allow in file names (and spaces).
_BAD_FILENAME = re.compile(r'[\\/:*?"<>|\s]+')
#: Events that are a 复查.
_RECHECKS = (HazardAction.RECHECK_PASS, HazardAction.RECHECK_FAIL)


def show_pdf(parent: QWidget | None, path: Path, title: str) -> None:
    """Preview a PDF in the app (print, save as); the system viewer if the preview is missing."""
    try:
        from safetydesk.ui.dialogs.pdf_preview import show_pdf as preview
    except ModuleNotFoundError as exc:
        if exc.name != "safetydesk.ui.dialogs.pdf_preview":
            raise
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return
    preview(parent, path, title)


def export_path(ctx: Any, name: str) -> Path:
    """Where a printed form is written: ``exports/`` beside the database, a safe file name."""
    folder = paths.exports_dir(ctx.workspace.path)
    return folder / (_BAD_FILENAME.sub("_", name).strip("_") + ".pdf")


def print_to_preview(
    parent: QWidget | None,
    ctx: Any,
    make: Callable[[Any, Path], Any],
    out: Path,
    title: str,
    *,
    changes: Changes | None = None,
) -> Op[Any]:
    """Render a PDF with ``make(ws, out)`` on the worker thread, then preview it.

    Args:
        parent: Owner of the busy dialog, messages and the preview.
        ctx: The AppContext.
        make: ``make(ws, out)`` returns the path or ``(path, 文号 or count)`` (as ``ws.forms``
            methods do).
        out: The PDF to write.
        title: What is printed (busy text; the preview title, followed by the 文号).
        changes: Announced on the bus after success (a first print may take a 文号).
    """

    def work(ws: Any, _progress: Any) -> tuple[Path, str]:
        result = make(ws, out)
        if isinstance(result, tuple):
            number = result[1] if len(result) > 1 and isinstance(result[1], str) else ""
            return Path(result[0]), number
        return Path(result or out), ""

    def done(outcome: tuple[Path, str]) -> None:
        path, number = outcome
        if changes is not None:
            ctx.bus.changed.emit(changes)
        show_pdf(parent, path, f"{title} {number}".strip())

    return Op(parent, work, ctx=ctx).with_busy(f"正在生成{title}…").on_success(done).run()


def issued_document(ctx: Any, hazard_ids: list[int]) -> Document | None:
    """The one notice or order all ``hazard_ids`` were issued under (None if not exactly one)."""
    ws = ctx.workspace
    numbers = {notice_number(ws.hazards.events(i)) for i in hazard_ids}
    if len(numbers) != 1 or "" in numbers:
        return None
    return ws.documents.by_number(numbers.pop())  # type: ignore[no-any-return]


def print_issued(
    parent: QWidget | None, ctx: Any, hazard_ids: list[int], number: str, *, order: bool = False
) -> Op[Any]:
    """Print (or reprint) the 整改通知书 / 指令书 of hazards issued together, then preview it."""
    title = "责令限期整改指令书" if order else "安全隐患整改通知书"
    ids = list(hazard_ids)
    out = export_path(ctx, f"{title}_{number or ids[0]}")
    if order:
        return print_to_preview(parent, ctx, lambda ws, p: ws.forms.order_to_rectify(ids, p), out,
                                title)  # fmt: skip
    return print_to_preview(parent, ctx, lambda ws, p: ws.forms.rectification_notice(ids, p), out,
                            title)  # fmt: skip


class HazardPrintMenu(QMenu):
    """The 打印 menu of the hazard page; entries are enabled for the page's selection.

    Args:
        page: The hazards page (``ctx``, ``selected_ids()``, ``current_hazard()``, ``model``).
    """

    def __init__(self, page: Any) -> None:
        super().__init__(page)
        self.page = page
        self.notice_action = self.addAction("安全隐患整改通知书（补打）", self.print_notice)
        self.order_action = self.addAction("责令限期整改指令书（补打）", self.print_order)
        self.recheck_action = self.addAction("整改复查意见书", self.print_recheck)
        self.addSeparator()
        self.ledger_action = self.addAction("隐患台账（当前筛选）", self.print_ledger)
        self.aboutToShow.connect(self.update_actions)

    def entries(self) -> list[QAction]:
        """The menu's visible entries (for the list's context menu)."""
        self.update_actions()
        return [a for a in self.actions() if not a.isSeparator() and a.isVisible()]

    def update_actions(self) -> None:
        """Enable what the selection allows."""
        ctx, ids = self.page.ctx, self.page.selected_ids()
        doc = issued_document(ctx, ids) if ids else None
        order = doc is not None and doc.kind is DocumentKind.ORDER_TO_RECTIFY
        self.notice_action.setEnabled(doc is not None and not order)
        self.order_action.setEnabled(order)
        self.order_action.setVisible(
            order or bool(ids and ctx.workspace.forms.enforcement_officers(ids))
        )
        h = self.page.current_hazard()
        events = ctx.workspace.hazards.events(h.id) if h is not None else []
        self.recheck_action.setEnabled(any(e.action in _RECHECKS for e in events))
        self.ledger_action.setEnabled(self.page.model.rowCount() > 0)

    def print_notice(self) -> Op[Any] | None:
        """补打 the notice (or order) the selected hazards were issued under."""
        page = self.page
        ids = page.selected_ids()
        doc = issued_document(page.ctx, ids) if ids else None
        if doc is None:
            messages.show_info(
                page,
                "请选择已下达的隐患（同一份通知书或指令书下的可以一起选）。"
                "尚未下达的，请先点“下达整改通知”。",
            )
            return None
        is_order = doc.kind is DocumentKind.ORDER_TO_RECTIFY
        return print_issued(page, page.ctx, ids, doc.number, order=is_order)

    def print_order(self) -> Op[Any] | None:
        """补打 the 责令限期整改指令书 of the selected hazards (the kind follows the 文号)."""
        return self.print_notice()

    def print_recheck(self) -> Op[Any] | None:
        """整改复查意见书 of the current hazard's latest 复查 (numbered on first print)."""
        page = self.page
        h = page.current_hazard()
        if h is None:
            return None
        hid = h.id
        out = export_path(page.ctx, f"整改复查意见书_{h.code}")
        return print_to_preview(
            page, page.ctx, lambda ws, p: ws.forms.recheck_opinion(hid, p), out,
            "整改复查意见书", changes=Changes.of(Topic.DOCUMENTS),
        )  # fmt: skip

    def print_ledger(self) -> Op[Any]:
        """隐患台账 of the current list (same filters and order)."""
        page = self.page
        query = page.model.query
        out = export_path(page.ctx, f"隐患台账_{page.ctx.workspace.clock().isoformat()}")
        return print_to_preview(
            page, page.ctx, lambda ws, p: ws.forms.hazard_ledger(query, p), out, "隐患台账"
        )
