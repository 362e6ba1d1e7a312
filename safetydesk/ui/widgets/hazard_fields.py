"""Input widgets of the hazard dialogs: dates, the unit picker, the deadline, people.

:class:`DateEdit` (ISO text in and out), :class:`OptionalDateEdit` (a check box enabling a date),
:class:`UnitPicker` (a unit combo searching SQL as one types),
:class:`DeadlineEdit` (N 自然日 / 工作日, a date or 立即, with the computed date and the
missing-holidays warning shown live, DOMAIN.md A5), :func:`people_completer` (person names
completed from the register as one types) and :class:`PeopleEdit` (several such names). Used
by ``ui/dialogs/hazard_dialog.py``, ``ui/dialogs/hazard_action_dialog.py``,
``ui/dialogs/inspection_dialog.py`` and the hazard filters.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.common import Unit
from safetydesk.domain.schedule import DeadlineKind, deadline, format_cn
from safetydesk.errors import NotFoundError
from safetydesk.ui.widgets.filters import combo_select
from safetydesk.ui.widgets.search_fields import (
    NAME_SEPARATORS,
    SEARCH_DEBOUNCE_MS,
    SEARCH_LIMIT,
    NameCompleter,
    SearchCombo,
)

if TYPE_CHECKING:
    from safetydesk.domain.schedule import HolidayCalendar
    from safetydesk.services.registers import PersonService, UnitService

#: Pause after the last keystroke before the unit picker searches (ms).
UNIT_SEARCH_DEBOUNCE_MS = SEARCH_DEBOUNCE_MS
#: Most units the unit picker lists at once.
UNIT_SEARCH_LIMIT = SEARCH_LIMIT
#: Most people a name completion lists at once.
PEOPLE_SEARCH_LIMIT = SEARCH_LIMIT
#: Deadline kinds in the combo: (label, kind).
DEADLINE_CHOICES: tuple[tuple[str, DeadlineKind], ...] = (
    ("自然日内", DeadlineKind.CALENDAR_DAYS),
    ("工作日内", DeadlineKind.WORKING_DAYS),
    ("指定日期", DeadlineKind.DATE),
    ("立即 / 当场", DeadlineKind.IMMEDIATE),
)
_WEEKDAYS = "一二三四五六日"


class DateEdit(QDateEdit):
    """A date box with a calendar popup, read and written as a :class:`date`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(QDate(2000, 1, 1))
        self.setMaximumWidth(170)

    def day(self) -> date:
        """The date shown."""
        q = self.date()
        return date(q.year(), q.month(), q.day())

    def set_day(self, value: date | None, default: date | None = None) -> None:
        """Show a date; ``default`` when it is None (nothing changes when both are)."""
        day = value or default
        if day is not None:
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

    def day(self) -> date | None:
        """The date, or None when unchecked."""
        return self.date_edit.day() if self.check.isChecked() else None

    def set_day(self, value: date | None, default: date) -> None:
        """Check and show ``value``, or uncheck (showing ``default``) when None."""
        self.check.setChecked(value is not None)
        self.date_edit.set_day(value, default)


#: A unit picker's entry: id, name, village name, archived (``ws.units.search_names``).
_Row = tuple[int, str, str, bool]


def unit_label(name: str, village: str, archived: bool = False) -> str:
    """How the unit picker shows a unit: "名称（村）", marked when archived."""
    text = f"{name}（{village}）" if village else name
    return f"{text}（已归档）" if archived else text


class UnitPicker(SearchCombo):
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
        self, units: UnitService, *, include_archived: bool = False, limit: int = UNIT_SEARCH_LIMIT,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(limit=limit, placeholder="输入单位名称中的任意几个字查找", parent=parent)
        self._units = units
        self._archived = include_archived
        self._record: Unit | None = None
        self.setToolTip(f"输入单位名称中的任意几个字查找；列表最多显示 {limit} 个单位。")
        self.chosen_changed.connect(self.unit_changed)

    def _find(self, text: str) -> list[_Row]:
        return self._units.search_names(text, limit=self._limit, include_archived=self._archived)

    def _label(self, row: _Row) -> str:
        return unit_label(*row[1:])

    # -- public --------------------------------------------------------------------------------
    def unit_id(self) -> int | None:
        """The chosen unit's id: the text is a listed unit's label, or the name of just one."""
        return self.chosen_id()

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
        self.show_row(rows[0] if rows else None)

    def refresh(self) -> None:
        """Units changed: show the chosen unit's current name, search again when next shown."""
        self._record = None
        self._listed_for = None
        if self._chosen is not None:
            self.set_unit_id(self._chosen[0])


class DeadlineEdit(QWidget):
    """整改期限: how it is given (N 自然日 / 工作日, a date, 立即) and the date it comes to."""

    changed = Signal()

    def __init__(self, calendar: HolidayCalendar, parent: QWidget | None = None) -> None:
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

    def set_values(self, kind: DeadlineKind, days: int | None, due_on: date | None) -> None:
        """Show a stored deadline."""
        combo_select(self.kind_combo, kind.value)
        if days:
            self.days_spin.setValue(days)
        self.date_edit.set_day(due_on, self._found)
        self._update()

    def values(self) -> dict[str, Any]:
        """``deadline_kind``, ``deadline_days`` and ``due_on`` for the Hazard."""
        kind = self.kind()
        days = kind in (DeadlineKind.CALENDAR_DAYS, DeadlineKind.WORKING_DAYS)
        return {
            "deadline_kind": kind,
            "deadline_days": self.days_spin.value() if days else None,
            "due_on": self.date_edit.day() if kind is DeadlineKind.DATE else None,
        }

    def _update(self, *_args: object) -> None:
        kind = self.kind()
        self.days_spin.setVisible(kind in (DeadlineKind.CALENDAR_DAYS, DeadlineKind.WORKING_DAYS))
        self.date_edit.setVisible(kind is DeadlineKind.DATE)
        try:
            d = deadline(self._found, kind, days=self.days_spin.value(),
                         on=self.date_edit.day(), calendar=self._calendar)  # fmt: skip
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


# -- people --------------------------------------------------------------------------------------
def person_label(row: tuple[int, str, str, str, str]) -> str:
    """How a name completion shows a person: "姓名（角色，单位）"."""
    _id, name, role, organisation, _cert = row
    extra = "，".join(x for x in (role, organisation) if x)
    return f"{name}（{extra}）" if extra else name


def people_completer(
    edit: QLineEdit, people: PersonService, *, multi: bool = False
) -> NameCompleter:
    """Complete ``edit`` with names of the people register, searched as the user types.

    Args:
        edit: The line edit (typed names not in the register stay allowed).
        people: The people service (``search_names``).
        multi: The edit holds several names; the one being typed is completed.
    """

    def find(text: str) -> list[tuple[str, str]]:
        rows = people.search_names(text, limit=PEOPLE_SEARCH_LIMIT)
        return [(person_label(r), r[1]) for r in rows]

    return NameCompleter(edit, find, multi=multi)


class PeopleEdit(QWidget):
    """Names separated by commas; the name being typed is completed from the people register.

    The button lists the people found for the name being typed (the first by name when none is
    typed yet); names not in the register may be typed too.
    """

    changed = Signal()

    def __init__(self, people: PersonService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("至少 1 人，多人用逗号分开，例如：张三，李四")
        self.completer = people_completer(self.edit, people, multi=True)
        self.button = QToolButton()
        self.button.setText("从人员名录选择")
        self.button.setToolTip(
            f"列出人员名录中与正在输入的姓名相符的人员（最多 {PEOPLE_SEARCH_LIMIT} 人）；"
            "也可直接在左边输入姓名中的字查找。"
        )
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.button)
        self.edit.textChanged.connect(self.changed)
        self.button.clicked.connect(self._offer)

    def names(self) -> list[str]:
        """The names typed or chosen."""
        return [n for n in re.split(NAME_SEPARATORS, self.edit.text()) if n]

    def _offer(self) -> None:
        self.edit.setFocus()
        self.completer.search_now(show=True)
