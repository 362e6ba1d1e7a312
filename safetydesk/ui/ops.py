"""Long work off the UI thread: the :class:`Op` builder (ARCHITECTURE §8.4, after anki's ops).

::

    Op(parent, lambda ws, progress: ws.imports.plan("units", path, progress=progress), ctx=ctx)
        .with_progress("正在读取文件…", cancellable=True)
        .on_success(show_preview)
        .run()

``fn(ws, progress)`` runs in a single-worker :class:`~concurrent.futures.ThreadPoolExecutor`
(so background writers are serialised) on a :class:`Workspace` opened on that worker thread for
this op, because sqlite3 objects are bound to the thread that created them. ``fn`` must never
touch widgets. ``progress(done, total)`` updates the progress dialog through a signal and raises
:class:`~safetydesk.errors.Cancelled` once the user pressed 取消.

The result or exception comes back to the main thread through a QObject signal. Known errors
(:class:`SafetyDeskError`) go to ``on_failure`` (default: a message box with the Chinese message);
anything else is a bug and goes to ``sys.excepthook`` (the shell's error dialog). ``Op.finished``
is emitted last, which tests use with ``qtbot.waitSignal(op.finished)``.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from safetydesk.errors import Cancelled, SafetyDeskError
from safetydesk.services import Workspace
from safetydesk.ui import messages

if TYPE_CHECKING:
    from datetime import date

    from safetydesk.ui.context import AppContext

T = TypeVar("T")

#: The one worker thread of all ops (writes are serialised, as in anki's collection executor).
_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="safetydesk-op")
#: Ops started and not yet finished (keeps them alive until their result is delivered).
_running: set[Op[Any]] = set()
#: Whether :func:`shutdown` is connected to the application's ``aboutToQuit``.
_quit_hooked = False
#: Minimum seconds between two progress updates sent to the UI.
_PROGRESS_INTERVAL = 0.05
#: The progress dialog appears only when the op runs longer than this (milliseconds).
PROGRESS_DELAY_MS = 400


class Progress:
    """Passed to the op's function; call it with ``(done, total)`` to report progress.

    Calling it raises :class:`Cancelled` after the user pressed 取消, which aborts the op.
    ``total`` may be 0 when unknown (the dialog then shows a busy bar).
    """

    def __init__(self, bridge: _Bridge, cancel: threading.Event) -> None:
        self._bridge = bridge
        self._cancel = cancel
        self._last = 0.0

    @property
    def cancelled(self) -> bool:
        """True once the user asked to cancel."""
        return self._cancel.is_set()

    def __call__(self, done: int, total: int) -> None:
        """Report ``done`` of ``total`` steps.

        Raises:
            Cancelled: The user pressed 取消.
        """
        if self._cancel.is_set():
            raise Cancelled()
        now = time.monotonic()
        if done >= total or now - self._last >= _PROGRESS_INTERVAL:
            self._last = now
            self._bridge.progressed.emit(int(done), int(total))

    def set_text(self, text: str) -> None:
        """Change the progress dialog's text (e.g. "正在写入数据库…")."""
        self._bridge.text_changed.emit(text)


class _Bridge(QObject):
    """Lives on the main thread; the worker emits on it and Qt queues delivery there."""

    progressed = Signal(int, int)
    text_changed = Signal(str)
    done = Signal(object)


def show_failure(parent: QWidget | None, exc: SafetyDeskError) -> None:
    """Default failure handler: a message box with the error's Chinese message."""
    if isinstance(exc, Cancelled):
        messages.show_info(parent, str(exc), title="已取消")
    else:
        messages.show_warning(parent, str(exc), title="操作未完成")


def _run_in_worker(
    path: Path,
    clock: Callable[[], date],
    fn: Callable[[Workspace, Progress], object],
    progress: Progress,
) -> tuple[object, BaseException | None]:
    try:
        ws = Workspace.open(path, create=False, clock=clock)
        try:
            return fn(ws, progress), None
        finally:
            ws.close()
    except BaseException as exc:  # noqa: BLE001 - delivered to the main thread
        return None, exc


def _find_context(parent: QObject | None) -> AppContext:
    obj = parent
    while obj is not None:
        ctx = getattr(obj, "ctx", None)
        if ctx is not None and hasattr(ctx, "workspace"):
            return ctx
        obj = obj.parent()
    raise RuntimeError("Op: no AppContext given and none found on the parent widgets (.ctx)")


class Op(QObject, Generic[T]):
    """Builder of one background operation.

    Args:
        parent: Widget that owns the op (parent of the progress dialog and message boxes).
        fn: ``fn(ws, progress) -> T``, run on the worker thread with its own Workspace.
        ctx: The AppContext; when omitted it is taken from the first parent with a ``ctx``.

    Attributes:
        result: ``fn``'s return value once finished successfully.
        error: The exception once finished with one (``None`` on success).
    """

    #: Emitted on the main thread after the callbacks ran (success, failure or cancel).
    finished = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        fn: Callable[[Workspace, Progress], T],
        *,
        ctx: AppContext | None = None,
    ) -> None:
        super().__init__(None)
        self._parent = parent
        self._fn = fn
        self._ctx = ctx if ctx is not None else _find_context(parent)
        self._label: str | None = None
        self._cancellable = False
        self._success: Callable[[T], object] | None = None
        self._failure: Callable[[SafetyDeskError], object] | None = None
        self._dialog: QProgressDialog | None = None
        self._cancel = threading.Event()
        self._bridge = _Bridge()
        self.result: T | None = None
        self.error: BaseException | None = None

    # -- builder -------------------------------------------------------------------------------
    def with_progress(self, label: str, *, cancellable: bool = False) -> Op[T]:
        """Show a progress dialog with ``label`` (after a short delay), optionally with 取消."""
        self._label = label
        self._cancellable = cancellable
        return self

    def with_busy(self, label: str) -> Op[T]:
        """Show a busy dialog without a cancel button."""
        return self.with_progress(label, cancellable=False)

    def on_success(self, cb: Callable[[T], object]) -> Op[T]:
        """Call ``cb(result)`` on the main thread when ``fn`` returns."""
        self._success = cb
        return self

    def on_failure(self, cb: Callable[[SafetyDeskError], object]) -> Op[T]:
        """Call ``cb(exc)`` on the main thread for known errors (Cancelled included)."""
        self._failure = cb
        return self

    def cancel(self) -> None:
        """Ask the op to stop at its next progress report."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        """True once cancelling was asked for."""
        return self._cancel.is_set()

    def run(self) -> Op[T]:
        """Start the op; returns immediately."""
        ws = self._ctx.workspace
        if ws.path is None:
            raise RuntimeError("Op needs a database file (an in-memory database is thread-bound)")
        self._bridge.done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        if self._label is not None:
            self._dialog = self._make_dialog(self._label)
            self._bridge.progressed.connect(self._on_progress)
            self._bridge.text_changed.connect(self._dialog.setLabelText)
        _hook_quit()
        _running.add(self)
        progress = Progress(self._bridge, self._cancel)
        future = _executor.submit(_run_in_worker, ws.path, ws.clock, self._fn, progress)
        bridge = self._bridge
        future.add_done_callback(lambda f: bridge.done.emit(f.result()))
        return self

    # -- main-thread side ----------------------------------------------------------------------
    def _make_dialog(self, label: str) -> QProgressDialog:
        dlg = QProgressDialog(label, "取消", 0, 0, self._parent)
        if not self._cancellable:
            dlg.setCancelButton(None)
        dlg.setWindowTitle("请稍候")
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(PROGRESS_DELAY_MS)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.setMinimumWidth(360)
        if self._cancellable:
            dlg.canceled.connect(self._on_cancel_pressed)
        dlg.setValue(0)
        return dlg

    def _on_cancel_pressed(self) -> None:
        self._cancel.set()

    def _on_progress(self, done: int, total: int) -> None:
        dlg = self._dialog
        if dlg is None or self._cancel.is_set():
            return
        if dlg.maximum() != max(total, 0):
            dlg.setMaximum(max(total, 0))
        dlg.setValue(min(done, total) if total > 0 else 0)

    def _close_dialog(self) -> None:
        if self._dialog is not None:
            self._dialog.hide()
            self._dialog.deleteLater()
            self._dialog = None

    def _on_done(self, outcome: tuple[Any, BaseException | None]) -> None:
        result, exc = outcome
        self._close_dialog()
        _running.discard(self)
        try:
            if exc is None:
                self.result = result
                if self._success is not None:
                    self._success(result)
            elif isinstance(exc, SafetyDeskError):
                self.error = exc
                if self._failure is not None:
                    self._failure(exc)
                else:
                    show_failure(self._parent, exc)
            else:
                self.error = exc
                sys.excepthook(type(exc), exc, exc.__traceback__)
        finally:
            self.finished.emit()


def wait_idle(timeout: float = 30.0) -> None:
    """Block until every op submitted so far has left the worker (tests and shutdown).

    Raises:
        TimeoutError: The worker is still busy after ``timeout`` seconds.
    """
    _executor.submit(lambda: None).result(timeout=timeout)


def shutdown(timeout: float = 10.0) -> None:
    """Cancel running ops and wait for the worker (connected to ``aboutToQuit`` automatically).

    A cancelled op stops at its next progress report and rolls back; results are not delivered.
    """
    for op in list(_running):
        op.cancel()
    with contextlib.suppress(TimeoutError):
        wait_idle(timeout)


def _hook_quit() -> None:
    global _quit_hooked  # noqa: PLW0603 - one connection per process
    app = QCoreApplication.instance()
    if app is not None and not _quit_hooked:
        app.aboutToQuit.connect(shutdown)
        _quit_hooked = True
