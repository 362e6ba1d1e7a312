"""The checklist of an inspection, item by item: 序号, 检查内容, 检查标准, 重大 flag, 结果, 备注.

Used by the inspection dialog. Each row copies one :class:`ItemResultRecord`; the result is a combo
(未检查 / 合格 / 不合格 / 不涉及) and the note a line edit, so a whole checklist is worked through
without opening anything. A new item is 未检查 — shown grey, never 合格 by default — until the
officer chooses; :meth:`ChecklistTable.answer_unchecked` answers every remaining one at once (an
explicit choice). 不合格 rows are tinted; a row named by a ``results.N`` error gets a red note box
and the message as tooltip. An item already registered as a hazard keeps its 不合格 result (the
service refuses to change it), so its combo is disabled.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from safetydesk.domain.inspection_results import answer_unchecked
from safetydesk.domain.inspections import ANSWERS, ItemResult, ItemResultRecord

#: Column headers, in order.
HEADERS: tuple[str, ...] = (
    "序号",
    "检查内容",
    "检查标准",
    "重大",
    "检查结果",
    "备注（不合格时写明问题）",
)
#: Column indexes.
COL_SEQ, COL_CONTENT, COL_STANDARD, COL_MAJOR, COL_RESULT, COL_NOTE = range(6)
#: Background of 不合格 rows.
FAIL_TINT = QColor("#fdecea")
#: Background of rows an error message points at.
ERROR_TINT = QColor("#f8c9c4")
#: Text colour of the 重大 marker and of 不合格 results.
MAJOR_COLOUR = QColor("#b3261e")
#: Grey of a 未检查 result (an empty choice, not an answer).
UNCHECKED_COLOUR = QColor("#8a8a8a")
#: Order of the result choices: 未检查 first (the starting value), then the answers.
CHOICES: tuple[ItemResult, ...] = (ItemResult.UNCHECKED, *ANSWERS)
#: Style of the note box of a row with an error.
ERROR_EDIT_STYLE = "QLineEdit { border: 2px solid #c62828; background: #fff5f5; }"
#: Tooltip of the 重大 marker.
MAJOR_TIP = "重大事故隐患判定项：此项不合格时，建议按重大隐患登记。"


class ChecklistTable(QTableWidget):
    """Editable results of one checklist.

    Signals:
        changed: A result or a note was edited.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(HEADERS), parent)
        self._records: list[ItemResultRecord] = []
        self._errors: dict[int, str] = {}
        self.setHorizontalHeaderLabels(list(HEADERS))
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        hh = self.horizontalHeader()
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        em = self.fontMetrics().horizontalAdvance("中")
        modes = (QHeaderView.ResizeMode.Fixed, QHeaderView.ResizeMode.Interactive,
                 QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.Fixed,
                 QHeaderView.ResizeMode.Fixed, QHeaderView.ResizeMode.Interactive)  # fmt: skip
        widths = (3, 8, 12, 3, 5.5, 11)
        for col, (mode, width) in enumerate(zip(modes, widths, strict=True)):
            hh.setSectionResizeMode(col, mode)
            self.setColumnWidth(col, round(width * em) + 12)
        self.setMinimumHeight(160)

    # -- data ----------------------------------------------------------------------------------
    def set_results(self, results: tuple[ItemResultRecord, ...] | list[ItemResultRecord]) -> None:
        """Show ``results`` (replacing every row)."""
        self._records = list(results)
        self._errors = {}
        self.setRowCount(0)
        self.setRowCount(len(self._records))
        for row, rec in enumerate(self._records):
            self._fill_row(row, rec)
        self._retint()
        self.resizeRowsToContents()

    def results(self) -> tuple[ItemResultRecord, ...]:
        """The results as edited."""
        out = []
        for row, rec in enumerate(self._records):
            out.append(dataclasses.replace(
                rec, result=ItemResult(self.result_combo(row).currentData()),
                note=self.note_edit(row).text().strip()))  # fmt: skip
        return tuple(out)

    def has_entries(self) -> bool:
        """True when anything was filled in (an answered item, or a note)."""
        return any(r.answered or r.note for r in self.results())

    def unchecked_seqs(self) -> list[int]:
        """Item numbers still 未检查."""
        return [r.seq for r in self.results() if not r.answered]

    def answer_unchecked(self, result: ItemResult) -> None:
        """Set every 未检查 item to ``result`` (合格 or 不涉及), as the officer chose."""
        for r in answer_unchecked(self.results(), result):
            combo = self.result_combo(self.row_of_seq(r.seq))
            if combo.currentData() != r.result.value:
                combo.setCurrentIndex(combo.findData(r.result.value))

    def counts(self) -> dict[ItemResult, int]:
        """How many items have each result."""
        out = dict.fromkeys(ItemResult, 0)
        for r in self.results():
            out[r.result] += 1
        return out

    def row_of_seq(self, seq: int) -> int:
        """Row of an item number, or -1."""
        return next((i for i, r in enumerate(self._records) if r.seq == seq), -1)

    def result_combo(self, row: int) -> QComboBox:
        """The result combo of a row."""
        combo = self.cellWidget(row, COL_RESULT)
        if not isinstance(combo, QComboBox):
            raise LookupError(f"no result combo in row {row}")
        return combo

    def note_edit(self, row: int) -> QLineEdit:
        """The note box of a row."""
        edit = self.cellWidget(row, COL_NOTE)
        if not isinstance(edit, QLineEdit):
            raise LookupError(f"no note box in row {row}")
        return edit

    def set_result(self, seq: int, result: ItemResult, note: str | None = None) -> None:
        """Set an item's result (and note) as a user would."""
        row = self.row_of_seq(seq)
        combo = self.result_combo(row)
        combo.setCurrentIndex(combo.findData(result.value))
        if note is not None:
            self.note_edit(row).setText(note)

    # -- errors --------------------------------------------------------------------------------
    def set_row_errors(self, errors: dict[int, str]) -> None:
        """Mark the rows of item numbers with a message (empty dict clears)."""
        self._errors = dict(errors)
        self._retint()
        first = min((self.row_of_seq(s) for s in errors), default=-1)
        if first >= 0:
            item = self.item(first, COL_CONTENT)
            if item is not None:
                self.scrollToItem(item)

    def error_rows(self) -> list[int]:
        """Rows currently marked with an error."""
        return sorted(r for r in (self.row_of_seq(s) for s in self._errors) if r >= 0)

    # -- rows ----------------------------------------------------------------------------------
    def _fill_row(self, row: int, rec: ItemResultRecord) -> None:
        tip = f"依据：{rec.basis}" if rec.basis else ""
        seq = QTableWidgetItem(str(rec.seq))
        seq.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        content = QTableWidgetItem(rec.content)
        standard = QTableWidgetItem(rec.standard)
        for item in (content, standard):
            item.setToolTip(f"{rec.standard}\n{tip}".strip() if item is standard else tip)
        major = QTableWidgetItem("重大" if rec.major else "")
        major.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        if rec.major:
            major.setForeground(QBrush(MAJOR_COLOUR))
            major.setToolTip(MAJOR_TIP)
            font = major.font()
            font.setBold(True)
            major.setFont(font)
        for col, item in ((COL_SEQ, seq), (COL_CONTENT, content), (COL_STANDARD, standard),
                          (COL_MAJOR, major)):  # fmt: skip
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.setItem(row, col, item)
        combo = QComboBox()
        for r in CHOICES:
            combo.addItem(r.value, r.value)
        combo.setItemData(0, QBrush(UNCHECKED_COLOUR), Qt.ItemDataRole.ForegroundRole)
        combo.setItemData(0, "尚未填写：请选择合格、不合格或不涉及", Qt.ItemDataRole.ToolTipRole)
        combo.setCurrentIndex(combo.findData(rec.result.value))
        if rec.hazard_id is not None:
            combo.setEnabled(False)
            combo.setToolTip(
                "此项已登记为隐患，不能再改为合格或不涉及；请在“隐患整改”中处理该隐患。"
            )
        note = QLineEdit(rec.note)
        note.setClearButtonEnabled(True)
        self.setCellWidget(row, COL_RESULT, combo)
        self.setCellWidget(row, COL_NOTE, note)
        combo.currentIndexChanged.connect(lambda _i, s=rec.seq: self._on_edited(s))
        note.textChanged.connect(lambda _t, s=rec.seq: self._on_edited(s))

    def _on_edited(self, seq: int) -> None:
        self._errors.pop(seq, None)
        self._retint()
        self.changed.emit()

    def _retint(self) -> None:
        for row, rec in enumerate(self._records):
            combo, note = self.result_combo(row), self.note_edit(row)
            failed = combo.currentData() == ItemResult.FAIL.value
            unchecked = combo.currentData() == ItemResult.UNCHECKED.value
            error = self._errors.get(rec.seq, "")
            colour = ERROR_TINT if error else FAIL_TINT if failed else None
            brush = QBrush(colour) if colour is not None else QBrush()
            for col in (COL_SEQ, COL_CONTENT, COL_STANDARD, COL_MAJOR):
                item = self.item(row, col)
                if item is not None:
                    item.setBackground(brush)
            text = MAJOR_COLOUR if failed else UNCHECKED_COLOUR if unchecked else None
            combo.setStyleSheet(f"QComboBox {{ color: {text.name()}; }}" if text else "")
            combo.setToolTip(combo.toolTip() if rec.hazard_id is not None
                             else "尚未填写：请选择合格、不合格或不涉及" if unchecked else "")  # fmt: skip
            note.setStyleSheet(ERROR_EDIT_STYLE if error else "")
            note.setToolTip(error)
            note.setPlaceholderText("写明问题（必填）" if failed else "可写说明")

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Re-wrap the long texts when the width changes."""
        super().resizeEvent(event)
        self.resizeRowsToContents()
