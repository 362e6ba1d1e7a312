"""The two editable lists of a drill record: 演练过程 steps and 存在问题 / 整改措施.

Used by the drill record dialog (``drill_record_view.py``). :class:`RowTable` is an editable
:class:`QTableWidget` of plain text cells with 添加 / 删除 / 上移 / 下移 and per-row error marks
(row N named by an error key ``findings.N`` is tinted, the message is its tooltip).
:class:`TimelineTable` holds the steps (时间 ``HH:MM``, 内容) stored as the record's timeline text
through :func:`~safetydesk.domain.drill_records.timeline_text`; :class:`FindingsTable` holds the
:class:`~safetydesk.domain.drill_records.DrillFinding` rows (问题, 整改措施, 责任人, 期限, and the
number of the hazard a problem was registered as, read-only). A cell that cannot be read (a time
that is not 时:分, a deadline that is not a date) is reported by ``*_problems()`` in the words of
the service's own messages, so the dialog shows both the same way.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from safetydesk.domain.drill_records import DrillFinding, TimelineStep

#: Background of a row an error message points at.
ERROR_TINT = QColor("#f8c9c4")
#: Grey of read-only cells.
READ_ONLY_COLOUR = QColor("#555555")
#: Role of a row's first cell holding the record the row was loaded from (or None).
RecordRole = Qt.ItemDataRole.UserRole + 1
#: A time as typed: ``9:05``, ``09:05`` or with a full-width colon.
_TIME = re.compile(r"^\s*([01]?\d|2[0-3])[:：]([0-5]\d)\s*$")

_Index = QModelIndex | QPersistentModelIndex


def normal_time(text: str) -> str | None:
    """``HH:MM`` of a typed time, ``""`` for empty, ``None`` when it is not a time."""
    if not text.strip():
        return ""
    m = _TIME.match(text)
    return f"{int(m[1]):02d}:{m[2]}" if m else None


def parse_day(text: str) -> date | None:
    """The date of ISO text (``None`` for empty); raises ``ValueError`` when it is not one."""
    text = text.strip()
    return date.fromisoformat(text) if text else None


class DateDelegate(QStyledItemDelegate):
    """Edits an ISO date cell in a calendar box; the cell keeps the date as ``yyyy-MM-dd`` text."""

    def __init__(self, default: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.default = default

    def createEditor(  # noqa: N802 - Qt override
        self, parent: QWidget, option: QStyleOptionViewItem, index: _Index
    ) -> QWidget:
        """A date box with a calendar popup."""
        edit = QDateEdit(parent)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(QDate(2000, 1, 1))
        return edit

    def setEditorData(self, editor: QWidget, index: _Index) -> None:  # noqa: N802
        """Show the cell's date, or the default date for an empty cell."""
        assert isinstance(editor, QDateEdit)
        try:
            day = parse_day(str(index.data() or "")) or self.default
        except ValueError:
            day = self.default
        editor.setDate(QDate(day.year, day.month, day.day))

    def setModelData(  # noqa: N802
        self, editor: QWidget, model: QAbstractItemModel, index: _Index
    ) -> None:
        """Write the chosen date back as ISO text."""
        assert isinstance(editor, QDateEdit)
        model.setData(index, editor.date().toString("yyyy-MM-dd"))


class RowTable(QTableWidget):
    """Editable rows of text cells, with row moves and error marks.

    Signals:
        changed: A cell was edited, or a row added, removed or moved.
    """

    changed = Signal()
    #: Column headers.
    HEADERS: tuple[str, ...] = ()
    #: Column widths in widths of "中"; 0: the column stretches (the last one always does).
    WIDTHS: tuple[int, ...] = ()
    #: Columns the user cannot edit.
    READ_ONLY: frozenset[int] = frozenset()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self._errors: dict[int, str] = {}
        self.setHorizontalHeaderLabels(list(self.HEADERS))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setWordWrap(True)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        hh = self.horizontalHeader()
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        hh.setHighlightSections(False)
        hh.setStretchLastSection(0 not in self.WIDTHS)
        em = self.fontMetrics().horizontalAdvance("中")
        for col, width in enumerate(self.WIDTHS):
            if width:
                self.setColumnWidth(col, width * em + 16)
            else:  # the text columns share the width left
                hh.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.itemChanged.connect(self._on_item_changed)

    # -- rows ----------------------------------------------------------------------------------
    def append_row(self, texts: tuple[str, ...], record: object = None) -> int:
        """Add a row of cell texts (``record`` kept on the first cell); returns its index."""
        self.blockSignals(True)
        row = self.rowCount()
        self.insertRow(row)
        for col in range(self.columnCount()):
            item = QTableWidgetItem(texts[col] if col < len(texts) else "")
            if col in self.READ_ONLY:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setForeground(QBrush(READ_ONLY_COLOUR))
            if col == 0:
                item.setData(RecordRole, record)
            self.setItem(row, col, item)
        self.blockSignals(False)
        return row

    def add_empty_row(self) -> int:
        """添加: a new empty row after the selected one (else at the end), in edit mode."""
        current = self.currentRow()
        row = self.append_row(())
        if 0 <= current < row - 1:
            for _ in range(row - current - 1):
                self._swap(row, row - 1)
                row -= 1
        first = next(c for c in range(self.columnCount()) if c not in self.READ_ONLY)
        self.setCurrentCell(row, first)
        item = self.item(row, first)
        if item is not None:
            self.editItem(item)
        self.changed.emit()
        return row

    def delete_row(self, row: int) -> None:
        """删除 a row."""
        if 0 <= row < self.rowCount():
            self.removeRow(row)
            self._errors = {}
            self._retint()
            self.changed.emit()

    def move_row(self, row: int, delta: int) -> int:
        """上移 (``-1``) / 下移 (``+1``) a row; returns its new index (unchanged at an end)."""
        target = row + delta
        if not (0 <= row < self.rowCount() and 0 <= target < self.rowCount()):
            return row
        self._swap(row, target)
        self.setCurrentCell(target, max(self.currentColumn(), 0))
        self.changed.emit()
        return target

    def _swap(self, a: int, b: int) -> None:
        self.blockSignals(True)
        for col in range(self.columnCount()):
            ia, ib = self.takeItem(a, col), self.takeItem(b, col)
            self.setItem(a, col, ib)
            self.setItem(b, col, ia)
        self.blockSignals(False)

    def text(self, row: int, col: int) -> str:
        """Text of a cell (``""`` when it has none)."""
        item = self.item(row, col)
        return item.text() if item is not None else ""

    def record(self, row: int) -> object:
        """The record a row was loaded from (None for a row added here)."""
        item = self.item(row, 0)
        return item.data(RecordRole) if item is not None else None

    def clear_rows(self) -> None:
        """Remove every row (no ``changed``)."""
        self.blockSignals(True)
        self.setRowCount(0)
        self.blockSignals(False)
        self._errors = {}

    # -- errors --------------------------------------------------------------------------------
    def set_row_errors(self, errors: dict[int, str]) -> None:
        """Mark rows (numbered from 1) with their messages; ``{}`` clears the marks."""
        self._errors = dict(errors)
        self._retint()

    def error_rows(self) -> list[int]:
        """Rows (numbered from 1) marked with an error."""
        return sorted(self._errors)

    def _retint(self) -> None:
        self.blockSignals(True)
        for row in range(self.rowCount()):
            message = self._errors.get(row + 1, "")
            for col in range(self.columnCount()):
                item = self.item(row, col)
                if item is None:
                    continue
                item.setBackground(QBrush(ERROR_TINT) if message else QBrush())
                item.setToolTip(message)
        self.blockSignals(False)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        row = item.row() + 1
        if row in self._errors:
            del self._errors[row]
            self._retint()
        self.changed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Delete / Backspace on a cell not being edited empties it."""
        if (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.state() != QAbstractItemView.State.EditingState
        ):
            item = self.currentItem()
            if item is not None and item.column() not in self.READ_ONLY:
                item.setText("")
                return
        super().keyPressEvent(event)


class TimelineTable(RowTable):
    """演练过程: one row per step, 时间 (``HH:MM``, may be empty) and 内容."""

    HEADERS = ("时间", "内容（预警、报告、指挥、疏散、处置、结束……）")
    WIDTHS = (5, 0)
    COL_TIME, COL_ACTION = range(2)

    def set_steps(self, steps: list[TimelineStep]) -> None:
        """Show the steps of a stored timeline."""
        self.clear_rows()
        for s in steps:
            self.append_row((s.time, s.action))

    def steps(self) -> list[TimelineStep]:
        """The steps as typed (times normalised to ``HH:MM`` where they read as times)."""
        out = []
        for row in range(self.rowCount()):
            time, action = self.text(row, self.COL_TIME), self.text(row, self.COL_ACTION).strip()
            if not time.strip() and not action:
                continue
            normal = normal_time(time)
            out.append(TimelineStep(time.strip() if normal is None else normal, action))
        return out

    def step_problems(self) -> list[str]:
        """Messages for steps whose time is not 时:分 or that have a time but no content."""
        problems = []
        n = 0
        for row in range(self.rowCount()):
            time, action = self.text(row, self.COL_TIME), self.text(row, self.COL_ACTION).strip()
            if not time.strip() and not action:
                continue
            n += 1
            if normal_time(time) is None:
                problems.append(f"演练过程第{n}步的时间“{time.strip()}”不是 时:分 格式（如 09:30）。")
            elif not action:
                problems.append(f"演练过程第{n}步只有时间，没有写内容（不需要的行请删除）。")
        return problems


class FindingsTable(RowTable):
    """存在问题 / 整改措施 / 责任人 / 期限 / 已转隐患 of one drill, in order."""

    HEADERS = ("存在问题", "整改措施", "责任人", "整改期限", "已转隐患")
    WIDTHS = (0, 0, 6, 7, 8)
    READ_ONLY = frozenset({4})
    COL_PROBLEM, COL_ACTION, COL_RESPONSIBLE, COL_DUE, COL_HAZARD = range(5)

    def __init__(self, default_day: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.date_delegate = DateDelegate(default_day, self)
        self.setItemDelegateForColumn(self.COL_DUE, self.date_delegate)

    def set_findings(self, findings: list[DrillFinding], codes: dict[int, str]) -> None:
        """Show findings; ``codes`` names the hazard (by id) each raised finding became."""
        self.clear_rows()
        for f in findings:
            code = codes.get(f.hazard_id, f"隐患#{f.hazard_id}") if f.hazard_id else ""
            due = f.due_on.isoformat() if f.due_on else ""
            self.append_row((f.problem, f.action, f.responsible, due, code), f)

    def findings(self) -> list[DrillFinding]:
        """The findings as edited (kept rows keep their id and hazard link; empty rows dropped;
        a deadline that is not a date is left out here and reported by :meth:`due_problems`)."""
        out: list[DrillFinding] = []
        for row in range(self.rowCount()):
            texts = [self.text(row, c) for c in range(4)]
            if not any(t.strip() for t in texts):
                continue
            try:
                due = parse_day(texts[self.COL_DUE])
            except ValueError:
                due = None
            old = self.record(row)
            base = old if isinstance(old, DrillFinding) else DrillFinding(problem="")
            out.append(dataclasses.replace(
                base, seq=len(out) + 1, problem=texts[0], action=texts[1],
                responsible=texts[2], due_on=due,
            ))  # fmt: skip
        return out

    def due_problems(self) -> dict[str, str]:
        """``findings.N`` → message for deadlines that are not dates."""
        problems = {}
        n = 0
        for row in range(self.rowCount()):
            texts = [self.text(row, c) for c in range(4)]
            if not any(t.strip() for t in texts):
                continue
            n += 1
            try:
                parse_day(texts[self.COL_DUE])
            except ValueError:
                problems[f"findings.{n}"] = (
                    f"第{n}个问题的整改期限“{texts[self.COL_DUE].strip()}”不是日期（如 2026-12-31）。"
                )
        return problems

    def row_of_number(self, n: int) -> int:
        """Table row of the N-th non-empty finding (numbered from 1), or -1."""
        seen = 0
        for row in range(self.rowCount()):
            if any(self.text(row, c).strip() for c in range(4)):
                seen += 1
                if seen == n:
                    return row
        return -1

    def number_of_row(self, row: int) -> int:
        """The finding number (序号 once saved) of a table row, 0 for an empty row."""
        n = 0
        for r in range(row + 1):
            if any(self.text(r, c).strip() for c in range(4)):
                n += 1
                if r == row:
                    return n
        return 0

    def set_row_errors(self, errors: dict[int, str]) -> None:
        """Mark findings by number (``findings.N``) — mapped to their table rows."""
        super().set_row_errors(
            {self.row_of_number(n) + 1: m for n, m in errors.items() if self.row_of_number(n) >= 0}
        )
