"""设置 page: the township's identity and display choices, the holiday table, where the data is kept.

The township fields are the :class:`~safetydesk.ui.widgets.township_form.TownshipForm` the
first-run dialog uses too. Saving calls ``ws.settings.update``; on ``ValidationErrors`` each
message is shown under its field and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from safetydesk import paths
from safetydesk.errors import ValidationErrors
from safetydesk.services.changes import Changes, Topic
from safetydesk.services.settings import RISK_SCHEMES
from safetydesk.ui.context import AppContext
from safetydesk.ui.views.holidays_section import HolidaysSection
from safetydesk.ui.widgets.layout import bold, scroll_body
from safetydesk.ui.widgets.township_form import ERROR_STYLE, HINT_STYLE, LABELS, TownshipForm

#: Display text of each risk scheme value.
RISK_SCHEME_TEXT: dict[str, str] = {
    "ABCD": "A / B / C / D（A 级风险最高）",
    "红橙黄蓝": "红 / 橙 / 黄 / 蓝（红色风险最高）",
}

def _section(title: str) -> tuple[QGroupBox, QVBoxLayout]:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(16, 14, 16, 14)
    layout.setSpacing(8)
    return box, layout


def _read_only(text: str) -> QLineEdit:
    edit = QLineEdit(text)
    edit.setReadOnly(True)
    edit.setFrame(False)
    edit.setStyleSheet("background: transparent;")
    edit.setCursorPosition(0)
    return edit


class SettingsPage(QWidget):
    """The 设置 page.

    Args:
        ctx: Application context.
        parent: Parent widget.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._saving = False

        layout = scroll_body(self, spacing=16)
        layout.addWidget(bold(QLabel("设置"), 6))

        box, box_layout = _section("本乡镇(街道)")
        self.form = TownshipForm()
        self.risk_combo = QComboBox()
        for value in RISK_SCHEMES:
            self.risk_combo.addItem(RISK_SCHEME_TEXT.get(value, value), value)
        self.risk_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.form.add_field(
            "risk_scheme",
            LABELS["risk_scheme"],
            self.risk_combo,
            "单位场所风险等级在列表和打印件上的显示方式。",
        )
        # 一制四案: revision deadlines (A8), the 包保 levels in use, 叫应 escalation.
        plan_hints = {
            "flood_deadline": "防汛、地质灾害预案和包保责任制每年在此日期前修订，例如 05-31。",
            "fire_deadline": "森林防火预案每年在秋季防火期开始前修订，例如 10-01。",
            "baobao_levels": "本乡镇使用的包保层级，按从上到下的顺序，用逗号分隔。",
            "callout_escalate_minutes": "叫应发出后超过这些分钟仍未应答的，列入待升级名单。",
        }
        for key, hint in plan_hints.items():
            edit = QLineEdit()
            self.form.add_field(key, LABELS[key], edit, hint)
            self.form.edits[key] = edit
        box_layout.addWidget(self.form)

        self.general_error = QLabel()
        self.general_error.setWordWrap(True)
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.hide()
        box_layout.addWidget(self.general_error)

        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        self.save_button = QPushButton("保存")
        self.save_button.setDefault(True)
        self.save_button.setMinimumWidth(96)
        self.revert_button = QPushButton("撤销修改")
        self.revert_button.setToolTip("放弃尚未保存的修改，恢复为已保存的设置")
        self.status_label = QLabel()
        self.status_label.setStyleSheet("color: #2e7d32;")
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addSpacing(8)
        buttons.addWidget(self.status_label, 1)
        box_layout.addLayout(buttons)
        layout.addWidget(box)

        self.holidays = HolidaysSection(ctx, self._announce)
        layout.addWidget(self.holidays)

        files, files_layout = _section("数据文件")
        files_form = QFormLayout()
        files_form.setHorizontalSpacing(14)
        files_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.db_path_edit = _read_only(str(self.db_file or "（内存数据库）"))
        self.data_dir_edit = _read_only(str(self.data_folder or ""))
        files_form.addRow("数据库文件：", self.db_path_edit)
        files_form.addRow("数据文件夹：", self.data_dir_edit)
        files_layout.addLayout(files_form)
        note = QLabel(
            "数据文件夹中还保存着自动备份（backups）、附件（attachments）、"
            "导出文件（exports）和错误日志（logs）。备份时请复制整个文件夹。"
        )
        note.setWordWrap(True)
        note.setStyleSheet(HINT_STYLE)
        files_layout.addWidget(note)
        open_row = QHBoxLayout()
        self.open_folder_button = QPushButton("打开数据文件夹")
        self.open_folder_button.setEnabled(self.data_folder is not None)
        open_row.addWidget(self.open_folder_button)
        open_row.addStretch(1)
        files_layout.addLayout(open_row)
        layout.addWidget(files)
        layout.addStretch(1)

        for box_widget in (box, self.holidays, files):
            box_widget.setMaximumWidth(820)
            box_widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.load)
        self.open_folder_button.clicked.connect(self.open_data_folder)
        for edit in self.form.edits.values():
            edit.textEdited.connect(self.status_label.clear)
            edit.returnPressed.connect(self.save)
        ctx.bus.changed.connect(self._on_changed)
        self.load()

    @property
    def db_file(self) -> Path | None:
        """The open database file (None for an in-memory database)."""
        return self.ctx.workspace.path

    @property
    def data_folder(self) -> Path | None:
        """The folder that holds the database and its companions."""
        return paths.data_dir_for_db(self.db_file) if self.db_file else None

    def load(self) -> None:
        """Show the stored settings and clear messages."""
        values = self.ctx.workspace.settings.values()
        self.form.set_values(values)
        index = self.risk_combo.findData(values.get("risk_scheme"))
        self.risk_combo.setCurrentIndex(max(index, 0))
        self.form.clear_errors()
        self._show_general({})
        self.status_label.clear()

    def values(self) -> dict[str, str]:
        """What the form holds, keyed by setting name."""
        return {**self.form.values(), "risk_scheme": self.risk_combo.currentData()}

    def save(self) -> bool:
        """Validate and store the form; True when saved."""
        self.status_label.clear()
        try:
            changes = self.ctx.workspace.settings.update(**self.values())
        except ValidationErrors as exc:
            self._show_general(self.form.show_errors(exc.errors))
            first = next(iter(exc.errors), None)
            if first in self.form.edits:
                self.form.edits[first].setFocus()
            return False
        self.load()
        self._announce(changes)
        self.status_label.setText("已保存。")
        return True

    def _announce(self, changes: Changes) -> None:
        """Emit ``changes`` on the bus without reloading this page's unsaved form."""
        self._saving = True
        try:
            self.ctx.bus.changed.emit(changes)
        finally:
            self._saving = False

    def _show_general(self, errors: dict[str, str]) -> None:
        self.general_error.setText("\n".join(errors.values()))
        self.general_error.setVisible(bool(errors))

    def open_data_folder(self) -> None:
        """Open the data folder in the system file manager."""
        if self.data_folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_folder)))

    def _on_changed(self, changes: Changes) -> None:
        if not self._saving and changes.touches(Topic.SETTINGS):
            self.load()

    def error_texts(self) -> Iterable[str]:
        """Every error message shown on the page (field errors and general ones)."""
        yield from self.form.visible_errors().values()
        if self.general_error.text():
            yield self.general_error.text()
