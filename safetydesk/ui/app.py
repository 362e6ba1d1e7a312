"""Starting the GUI: QApplication, fonts, crash hook, opening the workspace, first run, main window.

``safetydesk.app.main`` parses the command line and calls :func:`run` with :class:`LaunchOptions`.
A database that cannot be opened (``StorageError``, ``SchemaTooNewError``) is explained in a
Chinese message box that offers to choose another file or quit; never a traceback. With
``screenshot`` set the window is rendered to a PNG without being shown and no box is shown:
the message goes to stderr and :func:`run` returns :data:`EXIT_OPEN_FAILED`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QPoint,
    QRect,
    Qt,
    QTimer,
    QTranslator,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from safetydesk import __version__
from safetydesk.errors import SafetyDeskError, StorageError
from safetydesk.services import Workspace
from safetydesk.ui import collector, fonts, messages
from safetydesk.ui.bus import AppBus
from safetydesk.ui.context import AppContext
from safetydesk.ui.db_files import create_demo_file, demo_path, remove_db_file
from safetydesk.ui.dialogs.error_dialog import ExceptionHook
from safetydesk.ui.dialogs.first_run_dialog import FirstRunChoice, FirstRunDialog
from safetydesk.ui.main_window import DEFAULT_SIZE, PAGE_KEYS, MainWindow
from safetydesk.ui.state import UiState

#: Exit status: normal end (also: the user cancelled the first-run dialog).
EXIT_OK = 0
#: Exit status: the user gave up after a database could not be opened.
EXIT_QUIT = 1
#: Exit status: the database could not be opened in a non-interactive run (screenshot).
EXIT_OPEN_FAILED = 2
#: Exit status: the screenshot could not be written.
EXIT_SCREENSHOT_FAILED = 3

_translators: list[QTranslator] = []


@dataclass(frozen=True, slots=True)
class LaunchOptions:
    """What the command line asked for.

    Attributes:
        db_file: The database to open.
        data_dir: The data folder (where the demo database lives).
        demo: Open the demo database instead of ``db_file``.
        screenshot: Render to this PNG and exit instead of running interactively.
        page: Page key to render (with ``screenshot``: only that page).
        today: Fixed "today" (screenshots, demonstrations); None for the real date.
    """

    db_file: Path
    data_dir: Path
    demo: bool = False
    screenshot: Path | None = None
    page: str | None = None
    today: date | None = None


def create_application() -> QApplication:
    """The QApplication (the existing one when there is one), with name, locale and fonts."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("SafetyDesk")
    app.setOrganizationName("SafetyDesk")
    app.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName("safetydesk")
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    if not _translators:
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        translator = QTranslator(app)
        if translator.load("qtbase_zh_CN", folder):
            app.installTranslator(translator)
            _translators.append(translator)
    fonts.setup_fonts(app)
    collector.install(app)
    return app


class _QuitOnFirstPaint(QObject):
    """Quits the application once the watched window has painted (start-up benchmark)."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.quit)
        return False


def _quit_after_first_paint(window: QWidget) -> None:
    """Benchmark hook (env SAFETYDESK_EXIT_AFTER_FIRST_PAINT): exit right after first paint."""
    hook = _QuitOnFirstPaint(window)
    window.installEventFilter(hook)


def _fixed_clock(day: date) -> Callable[[], date]:
    return lambda: day


class GuiSession:
    """Holds the open workspace and its window; switches both when another file is opened.

    Args:
        options: The launch options.
        state: UI state store (``None`` to remember nothing).
    """

    def __init__(self, options: LaunchOptions, state: UiState | None) -> None:
        self.options = options
        self.state = state
        self.workspace: Workspace | None = None
        self.window: MainWindow | None = None
        #: True once the user cancelled the first-run dialog (a normal end, not a failure).
        self.cancelled_first_run = False
        self.clock: Callable[[], date] = (
            _fixed_clock(options.today) if options.today else date.today
        )

    @property
    def interactive(self) -> bool:
        """False when rendering a screenshot: no dialog may be shown."""
        return self.options.screenshot is None

    def db_file(self) -> Path | None:
        """The open database file (for the error log)."""
        return self.workspace.path if self.workspace else None

    # ---- opening -----------------------------------------------------------------------

    def open_workspace(
        self, path: Path, *, create: bool, parent: QWidget | None, at_start: bool
    ) -> Workspace | None:
        """Open ``path``; on failure explain and let the user choose another file.

        Returns:
            The workspace, or None when the user gave up (or, non-interactively, on failure).
        """
        while True:
            try:
                ws = Workspace.open(path, create=create, clock=self.clock)
            except StorageError as exc:
                if not self.interactive:
                    sys.stderr.write(f"无法打开数据库：{exc}\n")
                    return None
                if not messages.ask_open_failure(parent, str(exc), at_start=at_start):
                    return None
                chosen = messages.choose_existing_database(parent, path.parent)
                if chosen is None:
                    if at_start:
                        continue  # back to the question: choose again or quit
                    return None
                path, create = chosen, False
                continue
            if ws.read_only is not None and not self.interactive:
                sys.stderr.write(ws.read_only.banner + "\n")
            return ws

    def mark_damaged(self) -> None:
        """A read found the open file damaged: the window refuses changes and shows the banner."""
        if self.window is not None:
            self.window.mark_damaged()
        elif self.workspace is not None:
            self.workspace.mark_damaged()

    def open_demo(self, parent: QWidget | None, *, at_start: bool) -> Workspace | None:
        """Open the demo database, creating it first when it does not exist."""
        target = demo_path(self.options.data_dir)
        if not target.exists():
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                create_demo_file(target, self.clock())
            except SafetyDeskError as exc:
                if self.interactive:
                    messages.show_error(parent, f"无法创建演示数据：{exc}")
                else:
                    sys.stderr.write(f"无法创建演示数据：{exc}\n")
                return None
            finally:
                QApplication.restoreOverrideCursor()
        return self.open_workspace(target, create=False, parent=parent, at_start=at_start)

    def first_run(
        self, ws: Workspace, *, created_file: bool, parent: QWidget | None, at_start: bool
    ) -> Workspace | None:
        """Run the first-run dialog on an uninitialised workspace.

        Returns:
            The workspace to use (``ws`` set up, or the demo), or None when cancelled.
        """
        dialog = FirstRunDialog(ws, parent)
        dialog.exec()
        choice = dialog.choice
        dialog.deleteLater()
        if choice is FirstRunChoice.CREATED:
            return ws
        path = ws.path
        ws.close()
        if created_file and path is not None:
            remove_db_file(path)
        if choice is FirstRunChoice.DEMO:
            demo = self.open_demo(parent, at_start=at_start)
            if demo is not None and not demo.settings.is_initialized:
                return self.first_run(demo, created_file=False, parent=parent, at_start=at_start)
            return demo
        self.cancelled_first_run = True
        return None

    def open(
        self, path: Path | None, *, create: bool, parent: QWidget | None, at_start: bool
    ) -> Workspace | None:
        """Open ``path`` (None: the demo) and run the first-run dialog when it is new."""
        if path is None:
            ws = self.open_demo(parent, at_start=at_start)
            existed = True
        else:
            existed = path.exists()
            ws = self.open_workspace(path, create=create, parent=parent, at_start=at_start)
        if ws is None or ws.settings.is_initialized or not self.interactive:
            return ws
        return self.first_run(
            ws, created_file=not existed and ws.path == path, parent=parent, at_start=at_start
        )

    # ---- windows -----------------------------------------------------------------------

    def show_window(self, ws: Workspace) -> MainWindow:
        """Make ``ws`` the open workspace and show a window for it (closing the previous one)."""
        old_window, old_ws = self.window, self.workspace
        ctx = AppContext(workspace=ws, bus=AppBus())
        window = MainWindow(ctx, self.state)
        window.open_requested.connect(self._on_open_requested)
        window.demo_requested.connect(self._on_demo_requested)
        self.window, self.workspace = window, ws
        window.restore_state()
        if os.environ.get("SAFETYDESK_EXIT_AFTER_FIRST_PAINT"):
            _quit_after_first_paint(window)
        window.show()
        if old_window is not None:
            old_window.close()
            old_window.deleteLater()
        if old_ws is not None and old_ws is not ws:
            old_ws.close()
        return window

    def _switch(self, path: Path | None, create: bool) -> None:
        current = self.workspace.path if self.workspace else None
        if path is not None and current is not None and path.resolve() == current.resolve():
            return  # already open
        ws = self.open(path, create=create, parent=self.window, at_start=False)
        if ws is not None:
            self.show_window(ws)

    def _on_open_requested(self, path: Path, create: bool) -> None:
        self._switch(path, create)

    def _on_demo_requested(self) -> None:
        target = demo_path(self.options.data_dir)
        if (
            self.workspace
            and self.workspace.path
            and self.workspace.path.resolve() == (target.resolve())
        ):
            return
        self._switch(None, False)

    def close(self) -> None:
        """Close the window (saving its state) and the workspace."""
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = None
        if self.workspace is not None:
            self.workspace.close()
            self.workspace = None


def render_screenshot(session: GuiSession, ws: Workspace, target: Path, page: str | None) -> int:
    """Render the main window (or one page, or the first-run dialog) to ``target`` without showing.

    Returns:
        An exit status.
    """
    top: QWidget
    subject: QWidget | None = None
    if not ws.settings.is_initialized:
        top = FirstRunDialog(ws)
    else:
        window = MainWindow(AppContext(workspace=ws, bus=AppBus()), state=None)
        window.resize(DEFAULT_SIZE)
        session.window = window
        shown = window.show_page(page or "dashboard")
        top, subject = window, (shown if page else None)
    # Not shown: grab() lays out and paints a hidden widget (and offscreen Qt warns on show()).
    # A page is cut out of the whole window's picture: grabbed alone, a hidden page's scroll
    # areas are not laid out yet.
    top.ensurePolished()
    layout = top.layout()
    if layout is not None:
        layout.activate()
    QApplication.processEvents()
    pixmap = top.grab()
    if subject is not None:
        pixmap = top.grab(QRect(subject.mapTo(top, QPoint(0, 0)), subject.size()))
    target.parent.mkdir(parents=True, exist_ok=True)
    ok = pixmap.save(str(target), "PNG")
    top.close()
    top.deleteLater()
    session.window = None
    if not ok:
        sys.stderr.write(f"无法写入截图文件：{target}\n")
        return EXIT_SCREENSHOT_FAILED
    return EXIT_OK


def run(options: LaunchOptions) -> int:
    """Run the GUI (or render a screenshot); return the process exit status."""
    if options.page is not None and options.page not in PAGE_KEYS:
        sys.stderr.write(f"未知的页面：{options.page}。可选：{', '.join(PAGE_KEYS)}\n")
        return EXIT_QUIT
    app = create_application()
    state = None if options.screenshot else UiState()
    session = GuiSession(options, state)
    hook = ExceptionHook(
        db_file=session.db_file,
        parent=lambda: session.window,
        interactive=session.interactive,
        on_damage=session.mark_damaged,
    )
    hook.install()
    try:
        path = None if options.demo else options.db_file
        created = path is not None and not path.exists()
        ws = session.open(path, create=True, parent=None, at_start=True)
        if ws is None:
            if options.screenshot:
                return EXIT_OPEN_FAILED
            # Cancelling the first-run dialog is a normal end; giving up on a file is not.
            return EXIT_OK if session.cancelled_first_run else EXIT_QUIT
        if options.screenshot:
            session.workspace = ws
            status = render_screenshot(session, ws, options.screenshot, options.page)
            if created and not ws.settings.is_initialized and ws.path is not None:
                session.close()  # a screenshot of the first-run dialog leaves no file behind
                remove_db_file(ws.path)
            return status
        window = session.show_window(ws)
        if options.page:
            window.show_page(options.page)
        app.setQuitOnLastWindowClosed(True)
        return app.exec()
    finally:
        session.close()
        hook.uninstall()
