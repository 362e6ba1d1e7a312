"""Base of the record dialogs: layout helpers (view) and load/value/save/errors (controller).

ARCHITECTURE §8.5: a dialog's *view* class builds a :class:`QFormLayout` in code and exposes its
widgets as attributes; its *controller* subclass declares ``FIELDS`` — record field → widget
attribute — which drives :meth:`FormDialog.load`, :meth:`FormDialog.value` and the placement of
error messages (a red line under each field, cleared as soon as the field is edited). Accepting
calls the service's ``save()``; :class:`ValidationErrors` keep the dialog open with every message
shown next to its field, so nothing typed is lost.

Also here: :class:`IntEdit` (an integer box whose empty text means "unknown", never a silent 0).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from safetydesk.errors import SafetyDeskError, ValidationErrors
from safetydesk.services.changes import Saved
from safetydesk.ui import messages
from safetydesk.ui.widgets.filters import combo_select

if TYPE_CHECKING:
    from safetydesk.ui.context import AppContext

#: Colour of error messages under fields.
ERROR_COLOUR = "#c62828"
#: Colour of hints under fields.
HINT_COLOUR = "#6b6b6b"


# -- widgets -------------------------------------------------------------------------------------
class IntEdit(QLineEdit):
    """Non-negative integer entry where empty means "unknown" (``None``), never 0."""

    def __init__(self, parent: QWidget | None = None, *, max_digits: int = 8) -> None:
        super().__init__(parent)
        pattern = QRegularExpression(rf"\d{{0,{max_digits}}}")
        self.setValidator(QRegularExpressionValidator(pattern, self))
        self.setPlaceholderText("不详可不填")
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setMaximumWidth(120)

    def int_value(self) -> int | None:
        """The number, or ``None`` when empty."""
        text = self.text().strip()
        return int(text) if text else None

    def set_int_value(self, value: int | None) -> None:
        """Show a number, or empty for ``None``."""
        self.setText("" if value is None else str(value))


class FieldBox(QWidget):
    """A field's widget with an error line under it (hidden until :meth:`set_error`)."""

    def __init__(self, widget: QWidget, hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.widget = widget
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        if isinstance(widget, QPlainTextEdit):
            # A fixed-height text box must not make its form row grab the dialog's extra height.
            widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        lay.addWidget(widget)
        self.hint = QLabel(hint)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(f"color: {HINT_COLOUR};")
        self.hint.setVisible(bool(hint))
        lay.addWidget(self.hint)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        lay.addWidget(self.error)

    def set_error(self, message: str) -> None:
        """Show (or with ``""`` hide) the error message."""
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.hint.setVisible(not message and bool(self.hint.text()))


# -- view ----------------------------------------------------------------------------------------
class FormView(QDialog):
    """Layout of a record dialog: general error line, a form of field boxes, 保存/取消 buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(True)
        self.boxes: dict[str, FieldBox] = {}
        #: The dialog's top-level layout (error line, form, buttons).
        self.outer = outer = QVBoxLayout(self)
        self.general_error = QLabel()
        self.general_error.setWordWrap(True)
        self.general_error.setStyleSheet(
            f"color: {ERROR_COLOUR}; background: #fdecea; padding: 6px; border-radius: 3px;"
        )
        self.general_error.hide()
        outer.addWidget(self.general_error)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setVerticalSpacing(8)
        outer.addLayout(self.form)
        outer.addStretch(1)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

    # -- errors --------------------------------------------------------------------------------
    def clear_errors(self) -> None:
        """Hide every error message."""
        for box in self.boxes.values():
            box.set_error("")
        self.general_error.hide()

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message under its field; those of no field (refusals, conflicts) at the top."""
        self.clear_errors()
        general: list[str] = []
        for name, message in errors.items():
            box = self.boxes.get(name)
            if box is None:
                general.append(message)
            else:
                box.set_error(message)
        self.general_error.setText("\n".join(general))
        self.general_error.setVisible(bool(general))
        self.fit_height()

    def fit_height(self) -> None:
        """Grow the dialog so wrapped messages fit (Qt does not do it for word-wrapped labels)."""
        self.outer.activate()
        needed = self.outer.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def field(self, name: str, widget: QWidget, *, hint: str = "") -> FieldBox:
        """Wrap ``widget`` as the editor of record field ``name``."""
        box = FieldBox(widget, hint)
        self.boxes[name] = box
        return box

    def add_row(self, label: str, *parts: QWidget | str, required: bool = False) -> None:
        """Add a form row: field boxes (or widgets) side by side; strings become inline labels."""
        text = f"{label}<span style='color:{ERROR_COLOUR}'> *</span>" if required else label
        row_label = QLabel(text)
        first = next((p for p in parts if isinstance(p, QWidget)), None)
        inner = first.widget if isinstance(first, FieldBox) else first
        if inner is not None:
            row_label.setMinimumHeight(inner.sizeHint().height())
            row_label.setBuddy(inner)
        multi_line = isinstance(inner, QPlainTextEdit)
        if multi_line:
            row_label.setMinimumHeight(0)
        row_label.setAlignment(
            Qt.AlignmentFlag.AlignRight
            | (Qt.AlignmentFlag.AlignTop if multi_line else Qt.AlignmentFlag.AlignVCenter)
        )
        if len(parts) == 1 and isinstance(parts[0], QWidget):
            self.form.addRow(row_label, parts[0])
            return
        holder = QWidget()
        lay = QHBoxLayout(holder)
        lay.setContentsMargins(0, 0, 0, 0)
        for part in parts:
            if isinstance(part, str):
                lab = QLabel(part)
                if inner is not None:
                    lab.setMinimumHeight(inner.sizeHint().height())
                lab.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                lay.addWidget(lab, 0, Qt.AlignmentFlag.AlignTop)
            else:
                lay.addWidget(part, 1, Qt.AlignmentFlag.AlignTop)
        self.form.addRow(row_label, holder)


# -- controller ----------------------------------------------------------------------------------
class FormDialog(FormView):
    """Controller of a record dialog.

    Subclasses set ``FIELDS`` (record field → widget attribute name), ``CONVERT`` (record field →
    function turning a widget value into the field's type), ``NOUN`` ("单位场所") and implement
    :meth:`service` and :meth:`new_record`.

    Args:
        ctx: The AppContext.
        record: The record to edit, or ``None`` for a new one.
        parent: Parent widget.

    Attributes:
        saved: The :class:`Saved` result once the dialog was accepted.
    """

    #: Record field → name of the widget attribute that edits it, in form order.
    FIELDS: ClassVar[tuple[tuple[str, str], ...]] = ()
    #: Record field → converter of the widget value (e.g. a StrEnum class).
    CONVERT: ClassVar[dict[str, Callable[[Any], Any]]] = {}
    #: What a record is called, for the window title.
    NOUN: ClassVar[str] = "记录"

    #: Emitted with the :class:`Saved` result before the bus announces the change.
    record_saved = Signal(object)

    def __init__(self, ctx: AppContext, record: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.saved: Saved[Any] | None = None
        self.build()
        is_new = record is None or record.id is None
        self._record = self.new_record() if record is None else record
        self.setWindowTitle(f"新增{self.NOUN}" if is_new else f"编辑{self.NOUN}")
        self.load(self._record)
        for name, _attr in self.FIELDS:
            self._connect_clear(name)

    # -- to implement --------------------------------------------------------------------------
    def build(self) -> None:
        """Create the widgets and rows (the view part)."""
        raise NotImplementedError

    def service(self) -> Any:
        """The register service that saves the record."""
        raise NotImplementedError

    def new_record(self) -> Any:
        """An empty record for "新增"."""
        raise NotImplementedError

    # -- load / read ---------------------------------------------------------------------------
    def widget_for(self, name: str) -> QWidget:
        """The editor widget of a record field."""
        attr = dict(self.FIELDS)[name]
        return getattr(self, attr)

    def read_field(self, name: str) -> Any:
        """Current value of a field's widget, converted to the record's type."""
        w = self.widget_for(name)
        if isinstance(w, IntEdit):
            value: Any = w.int_value()
        elif isinstance(w, QLineEdit):
            value = w.text()
        elif isinstance(w, QPlainTextEdit):
            value = w.toPlainText()
        elif isinstance(w, QComboBox):
            value = w.currentData()
        else:
            raise TypeError(f"no reader for {type(w).__name__}")
        conv = self.CONVERT.get(name)
        return conv(value) if conv is not None else value

    def write_field(self, name: str, value: Any) -> None:
        """Show a record value in its widget."""
        w = self.widget_for(name)
        if isinstance(w, IntEdit):
            w.set_int_value(value)
        elif isinstance(w, QLineEdit):
            w.setText("" if value is None else str(value))
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText("" if value is None else str(value))
        elif isinstance(w, QComboBox):
            data = value.value if hasattr(value, "value") else value
            if not combo_select(w, data) and w.count():
                w.setCurrentIndex(0)
        else:
            raise TypeError(f"no writer for {type(w).__name__}")

    def load(self, rec: Any) -> None:
        """Show a record in the form."""
        self._record = rec
        for name, _attr in self.FIELDS:
            self.write_field(name, getattr(rec, name))
        self.clear_errors()

    def value(self) -> Any:
        """The record as edited (fields not on the form are kept from the loaded record)."""
        return dataclasses.replace(
            self._record, **{name: self.read_field(name) for name, _ in self.FIELDS}
        )

    # -- errors --------------------------------------------------------------------------------
    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message under its field (in field order, the first focused); messages of
        unknown fields go to the top line."""
        self.clear_errors()
        general = []
        first: QWidget | None = None
        order = [name for name, _ in self.FIELDS]
        for name in sorted(errors, key=lambda n: order.index(n) if n in order else len(order)):
            box = self.boxes.get(name)
            if box is None:
                general.append(errors[name])
                continue
            box.set_error(errors[name])
            if first is None:
                first = box.widget
        if general:
            self.general_error.setText("\n".join(general))
            self.general_error.show()
        self.fit_height()
        if first is not None:
            first.setFocus()

    def _connect_clear(self, name: str) -> None:
        box = self.boxes.get(name)
        if box is None:
            return
        w = box.widget

        def clear(*_args: object) -> None:
            box.set_error("")

        if isinstance(w, QLineEdit | QPlainTextEdit):
            w.textChanged.connect(clear)
        elif isinstance(w, QComboBox):
            w.currentIndexChanged.connect(clear)

    # -- save ----------------------------------------------------------------------------------
    def accept(self) -> None:
        """Save through the service; keep the dialog open on errors."""
        try:
            saved = self.service().save(self.value())
        except ValidationErrors as exc:
            self.show_errors(exc.errors)
            return
        except SafetyDeskError as exc:
            messages.show_warning(self, str(exc), title="无法保存")
            return
        self.saved = saved
        self._record = saved.record
        super().accept()
        self.record_saved.emit(saved)
        self.ctx.bus.changed.emit(saved.changes)
