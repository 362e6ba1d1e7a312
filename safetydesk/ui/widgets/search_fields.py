"""Fields whose candidates come from SQL as the user types, so no register is loaded up front.

:class:`SearchCombo` is an editable combo choosing one record (or keeping free text): after a
short pause in typing it lists the records found for the text, at most a limit. Subclasses say
how to search and how a candidate is shown (the unit picker in ``hazard_fields.py``, the
inspector picker in ``inspector_list.py``). :class:`NameCompleter` completes names in a plain
line edit the same way (one name, or the last of several separated by commas).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

#: Pause after the last keystroke before a search runs (ms).
SEARCH_DEBOUNCE_MS = 200
#: Most candidates listed at once.
SEARCH_LIMIT = 50
#: Separators between the names of a multi-name edit (as typed: commas, 、, ; or spaces).
NAME_SEPARATORS = r"[,，、;；\s]+"
#: Widest a name completion's list grows to fit its labels (px).
POPUP_MAX_WIDTH = 560
#: Model role of a completion's name (the popup shows the label, the edit gets the name).
NAME_ROLE = Qt.ItemDataRole.UserRole + 1

#: A candidate row: its id first and its name second; the rest is for the label.
Row = tuple[Any, ...]


def _debounce(parent: QWidget | QCompleter, slot: Callable[[], None]) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(SEARCH_DEBOUNCE_MS)
    timer.timeout.connect(slot)
    return timer


class SearchCombo(QComboBox):
    """Editable combo listing the records SQL finds for the typed text (after a pause).

    Opening the list without typing shows the first records. ``chosen()`` is the listed row
    whose label (or, when only one has it, name) is the text, else None (free text).
    Subclasses implement :meth:`_find` and :meth:`_label`.

    Args:
        limit: Most records listed at once.
        placeholder: Grey hint in the empty field.
        parent: Parent widget.
    """

    #: The chosen row changed: its id, or None.
    chosen_changed = Signal(object)

    def __init__(
        self, *, limit: int = SEARCH_LIMIT, placeholder: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._limit = limit
        #: The listed rows, in item order.
        self._rows: list[Row] = []
        #: The text the list was searched for (None: search again before showing it).
        self._listed_for: str | None = None
        self._chosen: Row | None = None
        self._busy = False
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        self.line_edit().setPlaceholderText(placeholder)
        self._completer = completer = QCompleter(self.model(), self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(15)
        self.setCompleter(completer)
        self._timer = _debounce(self, self._search)
        self.line_edit().textChanged.connect(self._on_text)

    # -- for subclasses ------------------------------------------------------------------------
    def _find(self, text: str) -> list[Row]:
        """The rows to list for ``text`` (at most ``self._limit``)."""
        raise NotImplementedError

    def _label(self, row: Row) -> str:
        """How a row is shown in the list and the field."""
        raise NotImplementedError

    # -- public --------------------------------------------------------------------------------
    def line_edit(self) -> QLineEdit:
        """The combo's text field (an editable combo always has one)."""
        edit = self.lineEdit()
        if edit is None:
            raise RuntimeError("SearchCombo lost its line edit")
        return edit

    def chosen(self) -> Row | None:
        """The chosen row, or None while the text names none."""
        return self._chosen

    def chosen_id(self) -> int | None:
        """The chosen row's id, or None."""
        return self._chosen[0] if self._chosen is not None else None

    def show_row(self, row: Row | None) -> None:
        """Choose and show ``row`` (a record looked up by the caller); None clears the field."""
        self._timer.stop()
        self._fill([row] if row else [], row, self._label(row) if row else "")
        self._listed_for = None
        self._set_chosen(row)

    def search_now(self) -> None:
        """Search the text now if a search is pending (e.g. 添加 clicked before the pause ends)."""
        text = self.currentText().strip()
        if self._chosen is None and text and text != self._listed_for:
            self._search_for(text)
            self._set_chosen(self._resolve(self.currentText()))

    def showPopup(self) -> None:  # noqa: N802 (Qt override)
        """Open the list: the matches of the text, or the first records when it names one."""
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

    def _resolve(self, text: str) -> Row | None:
        text = text.strip()
        if not text:
            return None
        for row in self._rows:
            if self._label(row) == text:
                return row
        same = [row for row in self._rows if row[1] == text]
        return same[0] if len(same) == 1 else None

    def _search(self) -> None:
        self._search_for(self.currentText().strip())
        self._set_chosen(self._resolve(self.currentText()))
        if (
            self.count()
            and self.currentText().strip()
            and (self.hasFocus() or self.line_edit().hasFocus())
        ):
            self._completer.complete()  # show what was found while typing

    def _search_for(self, text: str) -> None:
        self._timer.stop()
        self._fill(self._find(text), self._chosen)
        self._listed_for = text

    def _fill(self, rows: list[Row], keep: Row | None, text: str | None = None) -> None:
        """List ``rows`` (``keep`` first if missing) and show ``text`` (None: leave it as typed)."""
        if keep is not None and all(r[0] != keep[0] for r in rows):
            rows = [keep, *rows]
        edit = self.line_edit()
        pos = edit.cursorPosition() if text is None else None
        text = edit.text() if text is None else text
        blocked = self.blockSignals(True)
        self._busy = True
        try:
            self.clear()
            for r in rows:
                self.addItem(self._label(r), r[0])
            self._rows = list(rows)
            self.setCurrentIndex(-1 if keep is None else self.findData(keep[0]))
            edit.setText(text)
            if pos is not None:
                edit.setCursorPosition(pos)
        finally:
            self._busy = False
            self.blockSignals(blocked)

    def _set_chosen(self, row: Row | None) -> None:
        old = self.chosen_id()
        self._chosen = row
        if self.chosen_id() != old:
            self.chosen_changed.emit(self.chosen_id())


class NameCompleter(QCompleter):
    """Completes names in a line edit with what SQL finds after a pause in typing.

    The popup shows each candidate's label (e.g. "王芳（镇干部，润城镇人民政府）"); choosing one
    puts its name in the edit. Any text may still be typed. Only matches of the current text are
    offered: the list is emptied on each keystroke and searched again after the pause.

    Args:
        edit: The line edit completed (the completer installs itself on it).
        find: Text → candidates as (label, name), at most as many as should be listed.
        multi: The edit holds several names separated by commas; the last one is completed.
    """

    def __init__(
        self, edit: QLineEdit, find: Callable[[str], list[tuple[str, str]]], *, multi: bool = False
    ) -> None:
        super().__init__(edit)
        self._edit = edit
        self._find = find
        self._multi = multi
        self._items = QStandardItemModel(self)
        self.setModel(self._items)
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCompletionRole(NAME_ROLE)
        self.setMaxVisibleItems(15)
        self._timer = _debounce(edit, self._search)
        edit.setCompleter(self)
        edit.textEdited.connect(self._on_edited)

    def fragment(self) -> str:
        """The name being typed: the text, or with ``multi`` its last name."""
        text = self._edit.text()
        return re.split(NAME_SEPARATORS, text)[-1] if self._multi else text.strip()

    def labels(self) -> list[str]:
        """The candidates listed now, as shown."""
        return [self._items.item(i).text() for i in range(self._items.rowCount())]

    def search_now(self, show: bool = True) -> None:
        """List the candidates for :meth:`fragment` now, and open the list when asked."""
        self._timer.stop()
        self._items.clear()
        for label, name in self._find(self.fragment()):
            item = QStandardItem(label)
            item.setData(name, NAME_ROLE)
            item.setEditable(False)
            self._items.appendRow(item)
        if show and self._items.rowCount():
            self._fit_popup()
            self.complete()

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:  # noqa: N802
        """The edit's text with the chosen name in place of the one being typed."""
        name = str(index.data(NAME_ROLE) or "")
        if not self._multi:
            return name
        text = self._edit.text()
        return text[: len(text) - len(self.fragment())] + name

    def _fit_popup(self) -> None:
        """Widen the list to its labels (a narrow field would cut off role and unit)."""
        view = self.popup()
        if view is None:
            return
        metrics = view.fontMetrics()
        widest = max(metrics.horizontalAdvance(label) for label in self.labels())
        extra = view.verticalScrollBar().sizeHint().width() + 4 * metrics.averageCharWidth()
        view.setMinimumWidth(min(widest + extra, POPUP_MAX_WIDTH))

    def _on_edited(self, _text: str) -> None:
        self._items.clear()  # nothing stale is offered while the search waits
        if self.fragment().strip():
            self._timer.start()
        else:
            self._timer.stop()

    def _search(self) -> None:
        if self.fragment().strip():
            self.search_now(show=self._edit.hasFocus())
