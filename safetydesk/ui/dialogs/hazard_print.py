"""Printing from the 隐患 page: the 打印 menu and the reprint of an issued notice or order.

:class:`HazardPrintMenu` is the page's 打印 menu: 安全隐患整改通知书 and 责令限期整改指令书
(reprints of what the selection was issued under; the 指令书 only where an inspector holds a
执法证号, A3), 整改复查意见书 (when a 复查 exists) and the 隐患台账 of the current list (after
asking its 填报人 / 审核人 / 填报日期, ``ledger_signoff_dialog.py``). Each
renders through :func:`~safetydesk.ui.dialogs.print_preview.render_and_preview` (off the UI
thread, then the in-app preview). :func:`print_issued` is also what 下达整改通知 prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from safetydesk.domain.documents import Document, DocumentKind
from safetydesk.domain.hazards import Hazard, HazardAction
from safetydesk.domain.queries import HazardQuery
from safetydesk.services.changes import Changes, Topic
from safetydesk.ui import messages
from safetydesk.ui.dialogs.ledger_signoff_dialog import LedgerSignoff, ask_signoff
from safetydesk.ui.dialogs.print_preview import Rendered, export_path, render_and_preview
from safetydesk.ui.ops import Op

if TYPE_CHECKING:
    from safetydesk.services import Workspace
    from safetydesk.ui.context import AppContext
    from safetydesk.ui.models.sql_table import SqlTableModel

#: Events that are a 复查.
_RECHECKS = (HazardAction.RECHECK_PASS, HazardAction.RECHECK_FAIL)


class HazardSelection(Protocol):
    """What the menu reads from the hazards page."""

    ctx: AppContext
    model: SqlTableModel[Hazard]

    def selected_ids(self) -> list[int]:
        """Ids of the selected hazards, in list order."""
        ...

    def current_hazard(self) -> Hazard | None:
        """The current hazard, freshly read."""
        ...


def issued_document(ws: Workspace, hazard_ids: list[int]) -> Document | None:
    """The one notice or order all ``hazard_ids`` were issued under (None if not exactly one)."""
    notices = {h.notice_id for h in ws.hazards.get_many(list(hazard_ids)).values()}
    if len(notices) != 1 or None in notices:
        return None
    return ws.documents.get(notices.pop() or 0)


def print_issued(
    parent: QWidget | None, ctx: AppContext, hazard_ids: list[int], number: str, *,
    order: bool = False,
) -> Op[Rendered]:  # fmt: skip
    """Print (or reprint) the 整改通知书 / 指令书 of hazards issued together, then preview it."""
    title = "责令限期整改指令书" if order else "安全隐患整改通知书"
    ids = list(hazard_ids)
    out = export_path(ctx, f"{title}_{number or ids[0]}")

    def render(ws: Workspace, path: Path) -> Rendered:
        if order:
            return ws.print_jobs.order(ids, path)
        return ws.print_jobs.notice(ids, path)

    return render_and_preview(parent, ctx, render, out, title)


class HazardPrintMenu(QMenu):
    """The 打印 menu of the hazard page; entries are enabled for the page's selection.

    Args:
        page: The hazards page (``ctx``, ``selected_ids()``, ``current_hazard()``, ``model``).
        parent: The widget that owns the menu, its messages and the preview (the page).
    """

    def __init__(self, page: HazardSelection, parent: QWidget) -> None:
        super().__init__(parent)
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
        ws, ids = self.page.ctx.workspace, self.page.selected_ids()
        doc = issued_document(ws, ids) if ids else None
        order = doc is not None and doc.kind is DocumentKind.ORDER_TO_RECTIFY
        self.notice_action.setEnabled(doc is not None and not order)
        self.order_action.setEnabled(order)
        self.order_action.setVisible(order or bool(ids and ws.forms.enforcement_officers(ids)))
        h = self.page.current_hazard()
        events = ws.hazards.events(h.id) if h is not None and h.id is not None else []
        self.recheck_action.setEnabled(any(e.action in _RECHECKS for e in events))
        self.ledger_action.setEnabled(self.page.model.rowCount() > 0)

    def print_notice(self) -> Op[Rendered] | None:
        """补打 the notice (or order) the selected hazards were issued under."""
        ctx, owner = self.page.ctx, self.parentWidget()
        ids = self.page.selected_ids()
        doc = issued_document(ctx.workspace, ids) if ids else None
        if doc is None:
            messages.show_info(
                owner,
                "请选择已下达的隐患（同一份通知书或指令书下的可以一起选）。"
                "尚未下达的，请先点“下达整改通知”。",
            )
            return None
        is_order = doc.kind is DocumentKind.ORDER_TO_RECTIFY
        return print_issued(owner, ctx, ids, doc.number, order=is_order)

    def print_order(self) -> Op[Rendered] | None:
        """补打 the 责令限期整改指令书 of the selected hazards (the kind follows the 文号)."""
        return self.print_notice()

    def print_recheck(self) -> Op[Rendered] | None:
        """整改复查意见书 of the current hazard's latest 复查 (numbered on first print)."""
        ctx = self.page.ctx
        h = self.page.current_hazard()
        if h is None:
            return None
        hid = h.id
        out = export_path(ctx, f"整改复查意见书_{h.code}")
        return render_and_preview(
            self.parentWidget(), ctx, lambda ws, p: ws.print_jobs.recheck(hid, p), out,
            "整改复查意见书", changes=Changes.of(Topic.DOCUMENTS),
        )  # fmt: skip

    def ask_ledger_signoff(self) -> LedgerSignoff | None:
        """填报人 / 审核人 / 填报日期 for the ledger's foot (None: the user cancelled)."""
        return ask_signoff(self.parentWidget(), self.page.ctx.workspace.clock())

    def print_ledger(self) -> Op[Rendered] | None:
        """隐患台账 of the current list (same filters and order), after asking 填报人/审核人/
        填报日期 (None when that is cancelled)."""
        ctx = self.page.ctx
        query = self.page.model.query
        if not isinstance(query, HazardQuery):  # the hazard model is always queried so
            raise TypeError(f"the hazard list is queried with a {type(query).__name__}")
        signoff = self.ask_ledger_signoff()
        if signoff is None:
            return None
        out = export_path(ctx, f"隐患台账_{ctx.workspace.clock().isoformat()}")

        def render(ws: Workspace, path: Path) -> Rendered:
            written, _count = ws.print_jobs.ledger(
                query, path, filled_by=signoff.filled_by, reviewed_by=signoff.reviewed_by,
                filled_on=signoff.filled_on,
            )  # fmt: skip
            return written, ""  # a ledger has no 文号: the preview is titled 隐患台账

        return render_and_preview(self.parentWidget(), ctx, render, out, "隐患台账")
