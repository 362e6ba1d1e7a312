"""设置 page: the township's identity and display choices, the holiday table, where the data is kept.

:class:`TownshipForm` (the township fields with an error line under each) is shared with the
first-run dialog. Saving calls ``ws.settings.update``; on ``ValidationErrors`` each message is shown
under its field and nothing is saved.
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
from safetydesk.services.settings import RISK_SCHEMES, SETTINGS
from safetydesk.ui.context import AppContext
from safetydesk.ui.views.holidays_section import HolidaysSection
from safetydesk.ui.widgets.layout import bold, scroll_body

#: Label of each setting, as declared by the settings service.
LABELS: dict[str, str] = {s.key: s.label for s in SETTINGS}
#: Display text of each risk scheme value.
RISK_SCHEME_TEXT: dict[str, str] = {
    "ABCD": "A / B / C / D（A 级风险最高）",
    "红橙黄蓝": "红 / 橙 / 黄 / 蓝（红色风险最高）",
}
#: Style of the red message under a field.
ERROR_STYLE = "color: #c62828;"
#: Style of grey helper text.
HINT_STYLE = "color: palette(placeholder-text);"
#: Width of the text fields of forms.
FIELD_WIDTH = 360


def _fit(label: QLabel) -> None:
    """Give a word-wrapped label under a field the field's width and the height its text needs.

    Layouts do not grow a dialog for a label's height-for-width, so a message shown after the
    dialog was laid out would be cut off without an explicit minimum height.
    """
    label.setFixedWidth(FIELD_WIDTH)
    label.setMinimumHeight(label.heightForWidth(FIELD_WIDTH))


class FieldForm(QWidget):
    """A two-column form whose fields each have a red message line under them (hidden when empty).

    Args:
        parent: Parent widget.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setHorizontalSpacing(14)
        self.form.setVerticalSpacing(10)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.error_labels: dict[str, QLabel] = {}
        self._rows: dict[str, int] = {}

    def add_field(self, key: str, label: str, widget: QWidget, hint: str = "") -> None:
        """Add a row ``label: widget`` followed by its (hidden) error line and optional hint."""
        widget.setMinimumWidth(FIELD_WIDTH)
        self.form.addRow(f"{label}：", widget)
        if hint:
            hint_label = QLabel(hint)
            hint_label.setWordWrap(True)
            hint_label.setStyleSheet(HINT_STYLE)
            _fit(hint_label)
            self.form.addRow("", hint_label)
        error = QLabel()
        error.setObjectName(f"error_{key}")
        error.setWordWrap(True)
        error.setStyleSheet(ERROR_STYLE)
        error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form.addRow("", error)
        self._rows[key] = self.form.rowCount() - 1
        self.form.setRowVisible(self._rows[key], False)
        self.error_labels[key] = error

    def show_errors(self, errors: dict[str, str]) -> dict[str, str]:
        """Show each message under its field; return the messages that belong to no field."""
        self.clear_errors()
        rest: dict[str, str] = {}
        for key, message in errors.items():
            label = self.error_labels.get(key)
            if label is None:
                rest[key] = message
                continue
            label.setText(message)
            _fit(label)
            self.form.setRowVisible(self._rows[key], True)
        return rest

    def clear_errors(self) -> None:
        """Hide every error line."""
        for key, label in self.error_labels.items():
            label.clear()
            self.form.setRowVisible(self._rows[key], False)

    def visible_errors(self) -> dict[str, str]:
        """The messages currently shown, per field (for tests and status text)."""
        return {k: lbl.text() for k, lbl in self.error_labels.items() if lbl.text()}


class TownshipForm(FieldForm):
    """The township fields: name, county, 文号简称, office name and phone.

    The placeholders of 文号简称 and 办公室名称 show the defaults derived from the name as it
    is typed, the same defaults ``SettingsService.township()`` applies when they are left empty.

    Args:
        parent: Parent widget.
    """

    #: Keys of the text fields, in display order.
    KEYS: tuple[str, ...] = ("township_name", "county", "short_name", "office_name", "office_phone")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.township_edit = QLineEdit()
        self.township_edit.setPlaceholderText("例如：润城镇")
        self.county_edit = QLineEdit()
        self.county_edit.setPlaceholderText("例如：阳城县")
        self.short_edit = QLineEdit()
        self.short_edit.setMaxLength(8)
        self.office_edit = QLineEdit()
        self.phone_edit = QLineEdit()
        self.phone_edit.setPlaceholderText("例如：0356-4880000")
        self.edits: dict[str, QLineEdit] = {
            "township_name": self.township_edit,
            "county": self.county_edit,
            "short_name": self.short_edit,
            "office_name": self.office_edit,
            "office_phone": self.phone_edit,
        }
        hints = {
            "township_name": "写全称，以“镇”“乡”或“街道”结尾。",
            "short_name": "用于文书编号，如“润安通〔2026〕1号”中的“润”。",
        }
        for key in self.KEYS:
            self.add_field(key, LABELS[key], self.edits[key], hints.get(key, ""))
        self.township_edit.textChanged.connect(self._update_placeholders)
        self._update_placeholders()

    def _update_placeholders(self) -> None:
        name = self.township_edit.text().strip()
        if name:
            self.short_edit.setPlaceholderText(f"留空则为“{name[:1]}”（乡镇名称第一个字）")
            self.office_edit.setPlaceholderText(f"留空则为“{name}安全生产委员会办公室”")
        else:
            self.short_edit.setPlaceholderText("留空则取乡镇名称第一个字")
            self.office_edit.setPlaceholderText("例如：润城镇安全生产委员会办公室")

    def values(self) -> dict[str, str]:
        """The text of every field, keyed by setting name."""
        return {key: edit.text() for key, edit in self.edits.items()}

    def set_values(self, values: dict[str, object]) -> None:
        """Fill the fields from stored settings (missing keys leave a field unchanged)."""
        for key, edit in self.edits.items():
            if key in values:
                edit.setText(str(values[key] or ""))


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
