"""Input widgets of the hazard dialogs: dates, 五到位, the unit picker, the deadline, people.

:class:`DateEdit` (ISO text in and out), :class:`OptionalDateEdit` (a check box enabling a date),
:class:`FiveInPlaceEdit`, :class:`UnitPicker` (a unit combo searching SQL as one types),
:class:`DeadlineEdit` (N 自然日 / 工作日, a date or 立即, with the computed date and the
missing-holidays warning shown live, DOMAIN.md A5) and :class:`PeopleEdit` (names, with a menu
of the people register). Used by ``ui/dialogs/hazard_dialog.py``,
``ui/dialogs/hazard_action_dialog.py``, ``ui/dialogs/inspection_dialog.py`` and the hazard filters.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.common import Unit
from safetydesk.domain.hazards import FIVE_IN_PLACE
from safetydesk.domain.schedule import DeadlineKind, deadline, format_cn
from safetydesk.errors import NotFoundError
from safetydesk.ui.dialogs.form_base import combo_select

#: Pause after the last keystroke before the unit picker searches (ms).
UNIT_SEARCH_DEBOUNCE_MS = 200
#: Most units the unit picker lists at once.
UNIT_SEARCH_LIMIT = 50
#: Deadline kinds in the combo: (label, kind).
DEADLINE_CHOICES: tuple[tuple[str, DeadlineKind], ...] = (
    ("自然日内", DeadlineKind.CALENDAR_DAYS),
    ("工作日内", DeadlineKind.WORKING_DAYS),
    ("指定日期", DeadlineKind.DATE),
    ("立即 / 当场", DeadlineKind.IMMEDIATE),
)
_WEEKDAYS = "一二三四五六日"


class DateEdit(QDateEdit):
    """A date box with a calendar popup, read and written as ISO text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(QDate(2000, 1, 1))
        self.setMaximumWidth(170)

    def iso(self) -> str:
        """The date as YYYY-MM-DD."""
        return self.date().toPython().isoformat()

    def set_iso(self, value: str | date | None, default: date | None = None) -> None:
        """Show a date (ISO text or date); ``default`` when empty."""
        if isinstance(value, str) and value:
            value = date.fromisoformat(value)
        day = value or default
        if isinstance(day, date):
            self.setDate(QDate(day.year, day.month, day.day))


class OptionalDateEdit(QWidget):
    """A check box that enables a date: unchecked means "no date" (``None``)."""

    changed = Signal()

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox(text)
        self.date_edit = DateEdit()
        self.date_edit.setEnabled(False)
        lay.addWidget(self.check)
        lay.addWidget(self.date_edit)
        lay.addStretch(1)
        self.check.toggled.connect(self.date_edit.setEnabled)
        self.check.toggled.connect(self.changed)
        self.date_edit.dateChanged.connect(self.changed)

    def iso(self) -> str | None:
        """The date, or None when unchecked."""
        return self.date_edit.iso() if self.check.isChecked() else None

    def set_iso(self, value: str | None, default: date) -> None:
        """Check and show ``value``, or uncheck (showing ``default``) when None."""
        self.check.setChecked(bool(value))
        self.date_edit.set_iso(value, default)


class FiveInPlaceEdit(QWidget):
    """五到位: one check box per item, stored as "责任,措施,…"."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.boxes = {name: QCheckBox(name) for name in FIVE_IN_PLACE}
        for box in self.boxes.values():
            lay.addWidget(box)
            box.toggled.connect(self.changed)
        lay.addStretch(1)

    def text(self) -> str:
        """The checked items, comma-separated, in the fixed order."""
        return ",".join(n for n, b in self.boxes.items() if b.isChecked())

    def set_text(self, text: str) -> None:
        """Check the items named in ``text``."""
        done = {p.strip() for p in text.replace("，", ",").split(",")}
        for name, box in self.boxes.items():
            box.setChecked(name in done)


#: A unit picker's entry: id, name, village name, archived (``ws.units.search_names``).
_Row = tuple[int, str, str, bool]


def unit_label(name: str, village: str, archived: bool = False) -> str:
    """How the unit picker shows a unit: "名称（村）", marked when archived."""
    text = f"{name}（{village}）" if village else name
    return f"{text}（已归档）" if archived else text


class UnitPicker(QComboBox):
    """Searchable unit combo whose candidates come from SQL as the user types.

    After a short pause in typing, the units whose name holds what was typed (at most
    :data:`UNIT_SEARCH_LIMIT`) are listed as "名称（村）"; opening the list without typing shows
    the first units by name. Nothing is loaded up front. ``unit_id()`` is None while the text
    names no unit; :attr:`unit_changed` tells when the chosen unit changes.

    Args:
        units: The unit service (``search_names`` and ``get``).
        include_archived: Offer archived units too (a filter over old records).
        limit: Most units listed at once.
        parent: Parent widget.
    """

    #: The chosen unit changed: its id, or None.
    unit_changed = Signal(object)

    def __init__(
        self, units: Any, *, include_archived: bool = False, limit: int = UNIT_SEARCH_LIMIT,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self._units = units
        self._archived = include_archived
        self._limit = limit
        #: The listed units (id, name, village, archived), in item order.
        self._rows: list[_Row] = []
        #: The text the list was searched for (None: search again before showing it).
        self._listed_for: str | None = None
        self._chosen: _Row | None = None
        self._record: Unit | None = None
        self._busy = False
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        self.lineEdit().setPlaceholderText("输入单位名称中的任意几个字查找")
        self.setToolTip(f"输入单位名称中的任意几个字查找；列表最多显示 {limit} 个单位。")
        completer = QCompleter(self.model(), self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(15)
        self.setCompleter(completer)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(UNIT_SEARCH_DEBOUNCE_MS)
        self._timer.timeout.connect(self._search)
        self.lineEdit().textChanged.connect(self._on_text)

    # -- public --------------------------------------------------------------------------------
    def unit_id(self) -> int | None:
        """The chosen unit's id: the text is a listed unit's label, or the name of just one."""
        return self._chosen[0] if self._chosen is not None else None

    def unit(self) -> Unit | None:
        """The chosen unit's record (one query, kept while the choice stays)."""
        unit_id = self.unit_id()
        if unit_id is None:
            return None
        if self._record is None or self._record.id != unit_id:
            try:
                self._record = self._units.get(unit_id)
            except NotFoundError:
                return None
        return self._record

    def set_unit_id(self, unit_id: int | None) -> None:
        """Show a unit, archived ones included (an old record may point to one); None clears."""
        self._timer.stop()
        rows = [] if unit_id is None else self._units.search_names(
            "", limit=1, include_archived=True, unit_id=unit_id
        )  # fmt: skip
        row = rows[0] if rows else None
        self._fill([row] if row else [], row, unit_label(*row[1:]) if row else "")
        self._listed_for = None
        self._set_chosen(row)

    def refresh(self) -> None:
        """Units changed: show the chosen unit's current name, search again when next shown."""
        self._record = None
        self._listed_for = None
        if self._chosen is not None:
            self.set_unit_id(self._chosen[0])

    def showPopup(self) -> None:  # noqa: N802 (Qt override)
        """Open the list: the matches of the text, or the first units when it names one."""
        text = "" if self._chosen is not None else self.currentText().strip()
        if self._listed_for != text:
            self._search_for(text)
        super().showPopup()

    # -- searching -----------------------------------------------------------------------------
    def _on_text(self, text: str) -> None:
        if self._busy:
            return
        self._set_chosen(self._resolve(text))
        if self._chosen is None and text.strip() != self._listed_for:
            self._timer.start()
        else:
            self._timer.stop()

    def _resolve(self, text: str) -> _Row | None:
        text = text.strip()
        if not text:
            return None
        for row in self._rows:
            if unit_label(*row[1:]) == text:
                return row
        same = [row for row in self._rows if row[1] == text]
        return same[0] if len(same) == 1 else None

    def _search(self) -> None:
        self._search_for(self.currentText().strip())
        self._set_chosen(self._resolve(self.currentText()))
        if self.count() and self.currentText().strip() and (
            self.hasFocus() or self.lineEdit().hasFocus()
        ):
            self.completer().complete()  # show what was found while typing

    def _search_for(self, text: str) -> None:
        self._timer.stop()
        rows = self._units.search_names(text, limit=self._limit, include_archived=self._archived)
        self._fill(rows, self._chosen)
        self._listed_for = text

    def _fill(self, rows: list[Any], keep: _Row | None, text: str | None = None) -> None:
        """List ``rows`` (``keep`` first if missing) and show ``text`` (None: leave it as typed)."""
        if keep is not None and all(r[0] != keep[0] for r in rows):
            rows = [keep, *rows]
        edit = self.lineEdit()
        pos = edit.cursorPosition() if text is None else None
        text = edit.text() if text is None else text
        blocked = self.blockSignals(True)
        self._busy = True
        try:
            self.clear()
            for r in rows:
                self.addItem(unit_label(*r[1:]), r[0])
            self._rows = list(rows)
            self.setCurrentIndex(-1 if keep is None else self.findData(keep[0]))
            edit.setText(text)
            if pos is not None:
                edit.setCursorPosition(pos)
        finally:
            self._busy = False
            self.blockSignals(blocked)

    def _set_chosen(self, row: _Row | None) -> None:
        old = self.unit_id()
        self._chosen = row
        if self.unit_id() != old:
            self.unit_changed.emit(self.unit_id())


class DeadlineEdit(QWidget):
    """整改期限: how it is given (N 自然日 / 工作日, a date, 立即) and the date it comes to."""

    changed = Signal()

    def __init__(self, calendar: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._calendar = calendar
        self._found = date.today()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        row = QHBoxLayout()
        self.days_spin = QSpinBox()
        self.days_spin.setRange(1, 999)
        self.days_spin.setValue(7)
        self.days_spin.setSuffix(" 个")
        self.kind_combo = QComboBox()
        for label, kind in DEADLINE_CHOICES:
            self.kind_combo.addItem(label, kind.value)
        self.date_edit = DateEdit()
        row.addWidget(self.days_spin)
        row.addWidget(self.kind_combo)
        row.addWidget(self.date_edit)
        row.addStretch(1)
        lay.addLayout(row)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        lay.addWidget(self.result_label)
        self.kind_combo.currentIndexChanged.connect(self._update)
        self.days_spin.valueChanged.connect(self._update)
        self.date_edit.dateChanged.connect(self._update)
        self._update()

    def kind(self) -> DeadlineKind:
        """How the deadline is given."""
        return DeadlineKind(self.kind_combo.currentData())

    def set_found_on(self, found: date) -> None:
        """Day 0 of "N日内"."""
        self._found = found
        self._update()

    def set_values(self, kind: str, days: int | None, due_on: str | None) -> None:
        """Show a stored deadline."""
        combo_select(self.kind_combo, kind)
        if days:
            self.days_spin.setValue(days)
        self.date_edit.set_iso(due_on, self._found)
        self._update()

    def values(self) -> dict[str, Any]:
        """``deadline_kind``, ``deadline_days`` and ``due_on`` for the Hazard."""
        kind = self.kind()
        days = kind in (DeadlineKind.CALENDAR_DAYS, DeadlineKind.WORKING_DAYS)
        return {
            "deadline_kind": kind.value,
            "deadline_days": self.days_spin.value() if days else None,
            "due_on": self.date_edit.iso() if kind is DeadlineKind.DATE else None,
        }

    def _update(self, *_args: object) -> None:
        kind = self.kind()
        self.days_spin.setVisible(kind in (DeadlineKind.CALENDAR_DAYS, DeadlineKind.WORKING_DAYS))
        self.date_edit.setVisible(kind is DeadlineKind.DATE)
        try:
            d = deadline(self._found, kind, days=self.days_spin.value(),
                         on=self.date_edit.date().toPython(), calendar=self._calendar)  # fmt: skip
        except ValueError as exc:
            self.result_label.setText(f"<span style='color:#c62828'>{exc}</span>")
        else:
            text = f"整改期限：<b>{format_cn(d.due_on)}</b>（星期{_WEEKDAYS[d.due_on.weekday()]}）"
            if kind is DeadlineKind.IMMEDIATE:
                text = f"立即整改，期限即发现当日 <b>{format_cn(d.due_on)}</b>"
            if d.warning:
                text += f"<br><span style='color:#b45309'>⚠ {d.warning}</span>"
            self.result_label.setText(text)
        self.changed.emit()


# -- widgets -------------------------------------------------------------------------------------
class PeopleEdit(QWidget):
    """Names separated by commas, with a menu to tick people from the register."""

    changed = Signal()

    def __init__(self, names: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("至少 1 人，多人用逗号分开，例如：张三，李四")
        self.button = QToolButton()
        self.button.setText("从人员名录选择")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.button)
        for name in names:
            act = menu.addAction(name)
            act.setCheckable(True)
            act.toggled.connect(lambda on, n=name: self._toggle(n, on))
        self.button.setMenu(menu)
        self.button.setEnabled(bool(names))
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.button)
        self.edit.textChanged.connect(self.changed)

    def names(self) -> list[str]:
        """The names typed or ticked."""
        return [n for n in re.split(r"[,，、;；\s]+", self.edit.text()) if n]

    def _toggle(self, name: str, on: bool) -> None:
        names = self.names()
        if on and name not in names:
            names.append(name)
        elif not on and name in names:
            names.remove(name)
        self.edit.setText("，".join(names))
