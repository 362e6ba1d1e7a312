"""First-run dialog: set up the township of a new database, or choose the demo data instead.

Shown by ``ui/app.py`` when ``ws.settings.is_initialized`` is False. 创建 calls
``ws.settings.initialize``; invalid input is shown under each field and nothing is written.
打开演示数据 closes the dialog with :attr:`FirstRunChoice.DEMO` so the app opens the demo database.
Cancel writes nothing.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safetydesk.errors import ValidationErrors
from safetydesk.services import Workspace
from safetydesk.services.changes import Changes
from safetydesk.ui.widgets.layout import bold
from safetydesk.ui.widgets.township_form import ERROR_STYLE, HINT_STYLE, TownshipForm


class FirstRunChoice(Enum):
    """How the first-run dialog was closed (``None`` when cancelled)."""

    CREATED = "created"
    DEMO = "demo"


class FirstRunDialog(QDialog):
    """Asks for the township's identity when a database is new.

    Args:
        ws: The new (uninitialised) workspace.
        parent: Parent widget.

    Attributes:
        choice: :attr:`FirstRunChoice.CREATED` after a successful 创建,
            :attr:`FirstRunChoice.DEMO` after 打开演示数据, ``None`` otherwise.
        changes: What 创建 changed (for the bus), once created.
    """

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.choice: FirstRunChoice | None = None
        self.changes: Changes | None = None
        self.setWindowTitle("欢迎使用 SafetyDesk")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)

        layout.addWidget(bold(QLabel("新建乡镇安全生产应急管理台账"), 4))

        intro = QLabel(
            "请填写本乡镇(街道)的基本信息。这些信息会印在整改通知书、检查记录和月报上，"
            "以后可以在“设置”中修改。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.form = TownshipForm()
        layout.addWidget(self.form)

        self.general_error = QLabel()
        self.general_error.setWordWrap(True)
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.hide()
        layout.addWidget(self.general_error)

        where = QLabel(f"台账将保存在：{ws.path}" if ws.path else "台账将保存在内存中。")
        where.setWordWrap(True)
        where.setStyleSheet(HINT_STYLE)
        layout.addWidget(where)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)

        demo_note = QLabel(
            "只想先看看？“打开演示数据”会打开润城镇（阳城县）的一套虚构台账，"
            "它保存在单独的文件中，不会写入您的台账。"
        )
        demo_note.setWordWrap(True)
        demo_note.setStyleSheet(HINT_STYLE)
        layout.addWidget(demo_note)

        buttons = QDialogButtonBox()
        self.create_button = QPushButton("创建")
        self.create_button.setDefault(True)
        self.demo_button = QPushButton("打开演示数据")
        self.cancel_button = QPushButton("取消")
        buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.demo_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        layout.addWidget(buttons)

        self.create_button.clicked.connect(self.create)
        self.demo_button.clicked.connect(self.choose_demo)
        self.cancel_button.clicked.connect(self.reject)
        self.form.township_edit.setFocus()
        self.setMinimumWidth(self.sizeHint().width())

    # QWidget.create (the native window) is not virtual: Qt never calls this one.
    def create(self) -> bool:  # type: ignore[override]
        """Validate and store the township; accept the dialog when it worked."""
        values = self.form.values()
        try:
            self.changes = self.ws.settings.initialize(**values)
        except ValidationErrors as exc:
            rest = self.form.show_errors(exc.errors)
            self.general_error.setText("\n".join(rest.values()))
            self.general_error.setVisible(bool(rest))
            first = next((k for k in exc.errors if k in self.form.edits), None)
            if first:
                self.form.edits[first].setFocus()
            self._grow_to_fit()
            return False
        self.form.clear_errors()
        self.general_error.hide()
        self.choice = FirstRunChoice.CREATED
        self.accept()
        return True

    def _grow_to_fit(self) -> None:
        """Grow the dialog so that newly shown messages are not cut off."""
        layout = self.layout()
        if layout is not None:
            layout.invalidate()
            layout.activate()
        hint = self.sizeHint()
        self.resize(max(self.width(), hint.width()), max(self.height(), hint.height()))

    def choose_demo(self) -> None:
        """Close the dialog, asking the app to open the demo database instead."""
        self.choice = FirstRunChoice.DEMO
        self.accept()
