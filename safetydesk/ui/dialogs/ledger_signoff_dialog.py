"""填报人 / 审核人 / 填报日期 of a printed 隐患排查治理台账, asked before it is rendered.

Names left empty print as lines to sign on by hand; the date defaults to today. The names typed
last time are proposed again (UI state, not the database: they are one desk's habit). Used by
the 打印 menu of the hazard page (``hazard_print.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.validation import NAME_MAX
from safetydesk.ui.state import UiState

#: UI-state keys of the names typed last time.
FILLED_BY_KEY, REVIEWED_BY_KEY = "ledger/filled_by", "ledger/reviewed_by"


@dataclass(frozen=True, slots=True)
class LedgerSignoff:
    """What the foot of the ledger prints."""

    filled_by: str
    reviewed_by: str
    filled_on: date


class LedgerSignoffDialog(QDialog):
    """Asks 填报人, 审核人 and 填报日期; :meth:`value` reads them back.

    Args:
        today: The default 填报日期.
        state: Where the last names are remembered (default: the user's UI state).
        parent: Owner widget.
    """

    def __init__(
        self, today: date, state: UiState | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.state = state if state is not None else UiState()
        self.setWindowTitle("打印隐患台账")
        self.filled_by_edit = QLineEdit(str(self.state.value(FILLED_BY_KEY, "") or ""))
        self.reviewed_by_edit = QLineEdit(str(self.state.value(REVIEWED_BY_KEY, "") or ""))
        for edit in (self.filled_by_edit, self.reviewed_by_edit):
            edit.setMaxLength(NAME_MAX)
            edit.setPlaceholderText("留空则打印签名横线")
        self.filled_on_edit = QDateEdit(QDate(today.year, today.month, today.day))
        self.filled_on_edit.setCalendarPopup(True)
        self.filled_on_edit.setDisplayFormat("yyyy-MM-dd")
        self.filled_on_edit.setDateRange(QDate(2000, 1, 1), QDate(2100, 12, 31))
        form = QFormLayout()
        form.addRow("填报人", self.filled_by_edit)
        form.addRow("审核人", self.reviewed_by_edit)
        form.addRow("填报日期", self.filled_on_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("生成台账")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("台账末页的填报人、审核人和填报日期："))
        layout.addLayout(form)
        layout.addWidget(buttons)

    def value(self) -> LedgerSignoff:
        """The names (trimmed) and the date as entered."""
        d = self.filled_on_edit.date()
        return LedgerSignoff(
            self.filled_by_edit.text().strip(),
            self.reviewed_by_edit.text().strip(),
            date(d.year(), d.month(), d.day()),
        )

    def accept(self) -> None:
        """Remember the names for next time, then close."""
        v = self.value()
        self.state.set_value(FILLED_BY_KEY, v.filled_by)
        self.state.set_value(REVIEWED_BY_KEY, v.reviewed_by)
        super().accept()


def ask_signoff(parent: QWidget | None, today: date) -> LedgerSignoff | None:
    """Show the dialog; the values, or None when the user cancels."""
    dlg = LedgerSignoffDialog(today, parent=parent)
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return None
    return dlg.value()
