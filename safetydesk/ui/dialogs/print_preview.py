"""Render a form off the UI thread, then preview it: the one path of every 打印 action.

:func:`render_and_preview` runs a ``render(ws, out) -> (path, 文号)`` callable (a ``ws.forms``
method bound to its arguments) in an :class:`~safetydesk.ui.ops.Op` on the worker's own
workspace, with a busy dialog; on success it announces the given :class:`Changes` (a first print
may take a 文号) and opens the PDF in the in-app preview (``ui/dialogs/pdf_preview.py``, imported
only then: QtPdf is heavy). Known errors become the Op's Chinese message box. :func:`export_path`
names the PDF in ``exports/`` beside the database. Used by ``hazard_print.py`` (notices, orders,
复查意见书, 隐患台账) and ``inspection_print.py`` (检查记录, 整改通知书).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from safetydesk import paths
from safetydesk.ui.ops import Op, Progress

if TYPE_CHECKING:
    from safetydesk.services import Workspace
    from safetydesk.services.changes import Changes
    from safetydesk.ui.context import AppContext

#: ``render(ws, out)`` writes the PDF ``out`` and returns its path and the 文号 ("" when none).
Render = Callable[["Workspace", Path], tuple[Path, str]]
#: What a finished render delivers: the PDF and its 文号.
Rendered = tuple[Path, str]

#: Characters Windows does not allow in file names (and spaces).
_BAD_FILENAME = re.compile(r'[\\/:*?"<>|\s]+')


def export_path(ctx: AppContext, name: str) -> Path:
    """Where a printed form is written: ``exports/`` beside the database, a safe file name.

    Raises:
        RuntimeError: The workspace is an in-memory database (it cannot be printed from: the
            worker thread renders from the file, see :class:`~safetydesk.ui.ops.Op`).
    """
    db = ctx.workspace.path
    if db is None:
        raise RuntimeError("printing needs a database file (an in-memory database is thread-bound)")
    folder = paths.exports_dir(db)
    return folder / (_BAD_FILENAME.sub("_", name).strip("_") + ".pdf")


def render_and_preview(
    parent: QWidget | None,
    ctx: AppContext,
    render: Render,
    out: Path,
    title: str,
    *,
    busy: str | None = None,
    changes: Changes | None = None,
) -> Op[Rendered]:
    """Render a PDF with ``render(ws, out)`` on the worker thread, then preview it.

    Args:
        parent: Owner of the busy dialog, the messages and the preview.
        ctx: The AppContext.
        render: Writes the PDF on the worker's workspace; returns ``(path, 文号)``.
        out: The PDF to write.
        title: What is printed: the preview's title, followed by the 文号 when there is one.
        busy: Text of the busy dialog (default ``正在生成{title}…``).
        changes: Announced on the bus after success, before the preview opens.

    Returns:
        The running op (``op.finished`` is emitted once the preview is open or the error shown).
    """

    def work(ws: Workspace, _progress: Progress) -> Rendered:
        return render(ws, out)

    def done(result: Rendered) -> None:
        from safetydesk.ui.dialogs import pdf_preview

        path, number = result
        if changes is not None:
            ctx.bus.changed.emit(changes)
        pdf_preview.show_pdf(parent, path, f"{title} {number}".strip())

    op: Op[Rendered] = Op(parent, work, ctx=ctx)
    return op.with_busy(busy or f"正在生成{title}…").on_success(done).run()
