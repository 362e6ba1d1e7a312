"""The township's identity as a form: 乡镇(街道)名称, 所属县(区), 文号简称, 办公室名称 and 办公电话.

:class:`FieldForm` is a two-column form with a red message line under each field (hidden while
empty); :class:`TownshipForm` holds the township fields, with placeholders showing the defaults
derived from the name. Used by the 设置 page and the first-run dialog.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from safetydesk.services.settings import SETTINGS

#: Label of each setting, as declared by the settings service.
LABELS: dict[str, str] = {s.key: s.label for s in SETTINGS}
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
