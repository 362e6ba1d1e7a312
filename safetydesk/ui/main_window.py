"""The main window: navigation list on the left, the current page on the right.

Pages are created lazily on first visit by the factory of their :class:`Area`. A page module that
does not exist yet (``ModuleNotFoundError`` for that very module) gives the area's placeholder.
The window does not open databases itself: its 文件 menu emits :attr:`MainWindow.open_requested`
or :attr:`MainWindow.demo_requested`, and ``ui/app.py`` opens the workspace and builds a new
window for it.
"""

from __future__ import annotations

import importlib
import platform
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal, qVersion
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from safetydesk import __version__, paths
from safetydesk.failures import explain, is_damage
from safetydesk.services.changes import Changes, Topic
from safetydesk.ui import messages
from safetydesk.ui.context import AppContext
from safetydesk.ui.state import UiState
from safetydesk.ui.views.placeholder_page import DESCRIPTIONS, PlaceholderPage

#: Name shown at the start of the window title.
APP_TITLE = "SafetyDesk 乡镇安全生产应急管理台账"
#: Default window size (shrunk to fit smaller screens).
DEFAULT_SIZE = QSize(1280, 800)
#: Width of the navigation list.
NAV_WIDTH = 160

PageFactory = Callable[[AppContext], QWidget]


@dataclass(frozen=True, slots=True)
class Area:
    """One entry of the navigation.

    Attributes:
        key: Stable page key (``--page``, QSettings).
        title: Chinese name in the navigation.
        module: Module of the page class (``None`` for an area that is not built yet).
        class_name: Name of the page class in ``module``; called as ``cls(ctx)``.
    """

    key: str
    title: str
    module: str | None = None
    class_name: str = ""


#: Every area, in navigation order.
AREAS: tuple[Area, ...] = (
    Area("dashboard", "工作台", "safetydesk.ui.views.dashboard_page", "DashboardPage"),
    Area("villages", "村(社区)", "safetydesk.ui.views.villages_page", "VillagesPage"),
    Area("units", "单位场所", "safetydesk.ui.views.units_page", "UnitsPage"),
    Area("people", "人员", "safetydesk.ui.views.people_page", "PeoplePage"),
    Area("plans", "一制四案", "safetydesk.ui.views.plans_page", "PlansPage"),
    Area("drills", "应急演练", "safetydesk.ui.views.drills_page", "DrillsPage"),
    Area("inspections", "安全检查", "safetydesk.ui.views.inspections_page", "InspectionsPage"),
    Area("hazards", "隐患整改", "safetydesk.ui.views.hazards_page", "HazardsPage"),
    Area("documents", "文书登记", "safetydesk.ui.views.documents_page", "DocumentsPage"),
    Area("reports", "月报上报"),
    Area("settings", "设置", "safetydesk.ui.views.settings_page", "SettingsPage"),
)
#: Page keys in navigation order.
PAGE_KEYS: tuple[str, ...] = tuple(a.key for a in AREAS)
_BY_KEY = {a.key: a for a in AREAS}

_NAV_STYLE = """
QListWidget#nav {
    background: palette(window);
    border: none;
    border-right: 1px solid palette(mid);
    outline: 0;
    padding-top: 8px;
}
QListWidget#nav::item {
    padding: 9px 16px;
    margin: 1px 8px;
    border-radius: 4px;
}
QListWidget#nav::item:hover:!selected {
    background: palette(midlight);
}
QListWidget#nav::item:selected {
    background: palette(highlight);
    color: palette(highlighted-text);
}
"""


#: The read-only banner: a warning strip above the pages.
_BANNER_STYLE = (
    "QLabel#readOnlyBanner { background: #fdecea; color: #8a1c1c; border-bottom: 1px solid #f5c2c0;"
    " padding: 8px 14px; }"
)


def create_page(area: Area, ctx: AppContext) -> QWidget:
    """Build the page of ``area``: its class when its module exists, else its placeholder.

    Only a missing page module falls back to the placeholder; any other import error (a bug in
    an existing page) propagates.
    """
    if area.module is not None:
        try:
            module = importlib.import_module(area.module)
        except ModuleNotFoundError as exc:
            if exc.name != area.module:
                raise
        else:
            return getattr(module, area.class_name)(ctx)
    return PlaceholderPage(area.title, DESCRIPTIONS.get(area.key, ""))


def window_title(ctx: AppContext) -> str:
    """``SafetyDesk 乡镇安全生产应急管理台账 — 润城镇（阳城县） — /path/file.db``."""
    township = ctx.workspace.settings.township()
    if township.name:
        place = f"{township.name}（{township.county}）" if township.county else township.name
    else:
        place = "未设置乡镇(街道)"
    parts = [APP_TITLE, place]
    if ctx.workspace.path is not None:
        parts.append(str(ctx.workspace.path))
    return " — ".join(parts)


def is_demo(path: Path | None) -> bool:
    """True when ``path`` is a demo database (by its file name)."""
    return path is not None and path.name == paths.DEMO_DB_FILENAME


class MainWindow(QMainWindow):
    """The application window for one open workspace.

    Args:
        ctx: Application context (workspace and bus).
        state: Where geometry and the last page are kept; ``None`` remembers nothing
            (screenshots).
        parent: Parent widget.
    """

    #: The user chose a database file in 文件 → 打开/新建 (path, create).
    open_requested = Signal(object, bool)
    #: The user chose 文件 → 打开演示数据.
    demo_requested = Signal()

    def __init__(
        self, ctx: AppContext, state: UiState | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.state = state
        self.pages: dict[str, QWidget] = {}

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.read_only_banner = QLabel()
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.read_only_banner.setStyleSheet(_BANNER_STYLE)
        outer.addWidget(self.read_only_banner)
        layout = QHBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        outer.addLayout(layout, 1)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(NAV_WIDTH)
        self.nav.setStyleSheet(_NAV_STYLE)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        font = self.nav.font()
        font.setPointSizeF(font.pointSizeF() + 0.5)
        self.nav.setFont(font)
        for area in AREAS:
            item = QListWidgetItem(area.title)
            item.setData(Qt.ItemDataRole.UserRole, area.key)
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self.path_label = QLabel()
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path_label.setContentsMargins(8, 0, 0, 0)
        self.demo_label = QLabel("演示数据：这里的修改不会影响您的正式台账")
        self.demo_label.setStyleSheet("color: #b26a00;")
        self.demo_label.setContentsMargins(0, 0, 8, 0)
        self.statusBar().addWidget(self.path_label, 1)
        self.statusBar().addPermanentWidget(self.demo_label)
        self.demo_label.setVisible(is_demo(ctx.workspace.path))
        path = ctx.workspace.path
        self.path_label.setText(f"数据库：{path}" if path else "数据库：内存（不会保存）")

        self.nav.currentRowChanged.connect(self._on_row_changed)
        ctx.bus.changed.connect(self._on_changed)
        self.refresh_read_only()
        self.refresh_title()
        self.resize(DEFAULT_SIZE)

    # ---- menus -------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        self.open_action = QAction("打开数据库(&O)…", self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.new_action = QAction("新建数据库(&N)…", self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.demo_action = QAction("打开演示数据(&D)", self)
        self.quit_action = QAction("退出(&X)", self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        file_menu.addAction(self.open_action)
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.demo_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        self.about_action = QAction("关于(&A)", self)
        help_menu.addAction(self.about_action)

        self.open_action.triggered.connect(self._on_open)
        self.new_action.triggered.connect(self._on_new)
        self.demo_action.triggered.connect(self.demo_requested.emit)
        self.quit_action.triggered.connect(self.close)
        self.about_action.triggered.connect(self.show_about)

    def _start_dir(self) -> Path | None:
        path = self.ctx.workspace.path
        return path.resolve().parent if path else None

    def _on_open(self) -> None:
        path = messages.choose_existing_database(self, self._start_dir())
        if path is not None:
            self.open_requested.emit(path, False)

    def _on_new(self) -> None:
        path = messages.choose_new_database(self, self._start_dir())
        if path is not None:
            self.open_requested.emit(path, True)

    def show_about(self) -> None:
        """The 关于 box: version, runtime and where the data is."""
        QMessageBox.about(
            self,
            "关于 SafetyDesk",
            f"<h3>SafetyDesk {__version__}</h3>"
            "<p>乡镇安全生产应急管理台账：村(社区)、单位场所、人员、一制四案、应急演练、"
            "安全检查、隐患整改、文书和月报，全部离线保存在本机。</p>"
            f"<p>数据库：{self.ctx.workspace.path or '内存'}</p>"
            f"<p>Python {platform.python_version()}，Qt {qVersion()}，{platform.system()}</p>"
            "<p>界面字体在系统缺少中文字体时使用文泉驿微米黑（Apache-2.0 许可）。</p>",
        )

    # ---- pages -------------------------------------------------------------------------

    def page(self, key: str) -> QWidget:
        """The page for ``key``, created on first use.

        Raises:
            KeyError: ``key`` is not a page key.
        """
        widget = self.pages.get(key)
        if widget is None:
            try:
                widget = create_page(_BY_KEY[key], self.ctx)
            except Exception as exc:
                widget = self._unreadable_page(_BY_KEY[key], exc)
            navigate = getattr(widget, "navigate_requested", None)
            if navigate is not None:
                navigate.connect(self.show_page)
            self.stack.addWidget(widget)
            self.pages[key] = widget
        return widget

    def _unreadable_page(self, area: Area, exc: Exception) -> QWidget:
        """The page shown instead of one that cannot read its data (a damaged file).

        Raises:
            Exception: ``exc`` again when it is a bug rather than a known failure.
        """
        message = explain(exc, self.ctx.workspace.path)
        if message is None:
            raise exc
        if is_damage(exc):
            self.mark_damaged()
            reason = self.ctx.workspace.read_only
            message = reason.message if reason is not None else message
        page = PlaceholderPage(area.title, f"这一页的数据读不出来。{message}")
        page.later_label.setText("其他页面中能读出的内容仍可查看。")
        return page

    def show_page(self, key: str) -> QWidget:
        """Select ``key`` in the navigation and show its page (created on first visit).

        Raises:
            KeyError: ``key`` is not a page key.
        """
        if key not in _BY_KEY:
            raise KeyError(key)
        row = PAGE_KEYS.index(key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)  # → _on_row_changed
        else:
            self.stack.setCurrentWidget(self.page(key))
        return self.pages[key]

    def current_page_key(self) -> str | None:
        """Key of the page being shown."""
        row = self.nav.currentRow()
        return PAGE_KEYS[row] if 0 <= row < len(PAGE_KEYS) else None

    def _on_row_changed(self, row: int) -> None:
        if 0 <= row < len(PAGE_KEYS):
            key = PAGE_KEYS[row]
            self.stack.setCurrentWidget(self.page(key))

    # ---- state -------------------------------------------------------------------------

    def restore_state(self) -> None:
        """Apply the remembered geometry and page (dashboard by default)."""
        geometry = self.state.geometry() if self.state else None
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(self._default_size())
        last = self.state.last_page() if self.state else None
        self.show_page(last if last in _BY_KEY else "dashboard")

    def _default_size(self) -> QSize:
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None or QApplication.platformName() == "offscreen":
            return DEFAULT_SIZE
        available = screen.availableGeometry().size()
        return DEFAULT_SIZE.boundedTo(
            QSize(available.width() * 95 // 100, available.height() * 92 // 100)
        )

    def save_state(self) -> None:
        """Remember geometry and page."""
        if self.state is None:
            return
        self.state.set_geometry(self.saveGeometry())
        key = self.current_page_key()
        if key:
            self.state.set_last_page(key)
        self.state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Save the UI state before closing."""
        self.save_state()
        super().closeEvent(event)

    # ---- read-only --------------------------------------------------------------------

    def refresh_read_only(self) -> None:
        """Show the banner when the database is open for reading only (and why)."""
        reason = self.ctx.workspace.read_only
        self.read_only_banner.setVisible(reason is not None)
        if reason is not None:
            self.read_only_banner.setText(reason.banner)

    def mark_damaged(self) -> None:
        """A read found the file damaged: refuse every change from now on and say so."""
        self.ctx.workspace.mark_damaged()
        self.refresh_read_only()

    # ---- changes -----------------------------------------------------------------------

    def refresh_title(self) -> None:
        """Show township and file in the title bar."""
        self.setWindowTitle(window_title(self.ctx))

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(Topic.SETTINGS):
            self.refresh_title()
