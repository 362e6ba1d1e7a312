"""演练评估 dialog: rate each item of the checklist, see the score and conclusion, override it.

Opened from the drill record dialog (评估…) on a saved drill. It starts from the drill's saved
evaluation, else a blank one on the checklist of the drill's form (``ws.drill_evals.blank``).
Each item is rated 达标 / 基本达标 / 不达标 with a note; the score and the computed conclusion
follow each change. 人工调整结论 replaces the conclusion and needs a reason. 保存 goes through
``ws.drill_evals.evaluate`` (which also sets the drill's 评估结论); its refusals are listed in the
dialog, which stays open with everything entered.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.drill_evaluation import (
    MET_FROM,
    MOSTLY_FROM,
    DrillEvaluation,
    EvalResult,
    EvalTemplate,
    Rating,
    computed_conclusion,
    results_of,
    score,
)
from safetydesk.domain.drills import DrillConclusion
from safetydesk.errors import SafetyDeskError, ValidationError, ValidationErrors
from safetydesk.services.changes import Saved
from safetydesk.ui import messages

if TYPE_CHECKING:
    from safetydesk.ui.context import AppContext

#: Columns of the items table.
COLUMNS = ("序号", "评估项目", "评估标准", "评定", "说明")
COL_RATING, COL_NOTE = 3, 4
#: Text of an unrated item in the rating combo.
UNRATED = "（未评定）"
#: Colours of the ratings in the table.
RATING_COLOURS = {Rating.MET: "#2e7d32", Rating.MOSTLY_MET: "#ef6c00", Rating.NOT_MET: "#c62828"}


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class DrillEvalDialog(QDialog):
    """Evaluate one saved drill with a checklist.

    Args:
        ctx: The application context (workspace and bus).
        drill_id: The drill to evaluate.
        parent: Parent widget.

    Attributes:
        saved: The evaluation as stored, once 保存 succeeded (``None`` before).
    """

    def __init__(self, ctx: AppContext, drill_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.drill_id = drill_id
        ws = ctx.workspace
        self.drill = ws.drills.get(drill_id)
        old = ws.drill_evals.evaluation(drill_id)
        self.evaluation: DrillEvaluation = old or ws.drill_evals.blank(drill_id)
        self.saved: DrillEvaluation | None = None
        self.templates = self._templates()
        self.setWindowTitle(f"演练评估 — {self.drill.title}")
        self.resize(980, 720)
        self._build()
        self._load(self.evaluation)

    # -- building ------------------------------------------------------------------------------
    def _templates(self) -> list[EvalTemplate]:
        """The current checklists, and the (maybe retired) version the evaluation used."""
        found = self.ctx.workspace.drill_evals.templates()
        tid = self.evaluation.template_id
        if tid is not None and all(t.id != tid for t in found):
            found.append(self.ctx.workspace.drill_evals.template(tid))
        return found

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        d = self.drill
        times = f" {d.start_time}–{d.end_time}" if d.start_time or d.end_time else ""
        head = QLabel(f"<b>{d.title}</b>　{d.held_on.isoformat()}{times}　{d.category}"
                      f"　{d.scope}演练·{d.form}　记录编号 {d.record_no}")  # fmt: skip
        layout.addWidget(head)

        row = QHBoxLayout()
        row.addWidget(QLabel("评估表："))
        self.template_combo = QComboBox()
        for t in self.templates:
            self.template_combo.addItem(t.title + ("（已停用）" if t.retired else ""), t.id)
        self.template_combo.currentIndexChanged.connect(self._template_changed)
        row.addWidget(self.template_combo, 1)
        self.all_met = QPushButton("未评定的项目全部达标")
        self.all_met.clicked.connect(self.rate_unrated_met)
        row.addWidget(self.all_met)
        layout.addLayout(row)
        self.basis_label = QLabel()
        self.basis_label.setStyleSheet("color: palette(mid);")
        layout.addWidget(self.basis_label)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_RATING, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(COL_NOTE, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(COL_RATING, 120)
        self.table.setWordWrap(True)
        self.table.itemChanged.connect(lambda _item: self._update_summary())
        layout.addWidget(self.table, 1)

        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.summary)

        form = QFormLayout()
        over = QHBoxLayout()
        self.override_check = QCheckBox("人工调整结论为")
        self.override_combo = QComboBox()
        for c in DrillConclusion:
            self.override_combo.addItem(c.value, c)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("调整的理由（必填）")
        self.override_check.toggled.connect(self._override_toggled)
        over.addWidget(self.override_check)
        over.addWidget(self.override_combo)
        over.addWidget(self.reason_edit, 1)
        form.addRow("评估结论：", over)
        self.evaluators_edit = QLineEdit()
        self.evaluators_edit.setPlaceholderText("例如：县应急管理局 王建国、镇应急办 陈卫东")
        form.addRow("评估人员：", self.evaluators_edit)
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        form.addRow("评估日期：", self.date_edit)
        self.suggestions_edit = QPlainTextEdit()
        self.suggestions_edit.setPlaceholderText("对预案、队伍、物资和组织的改进建议")
        self.suggestions_edit.setFixedHeight(60)
        form.addRow("改进建议：", self.suggestions_edit)
        layout.addLayout(form)

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.hide()
        layout.addWidget(self.error_label)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    # -- loading -------------------------------------------------------------------------------
    def _load(self, ev: DrillEvaluation) -> None:
        index = self.template_combo.findData(ev.template_id)
        self.template_combo.blockSignals(True)
        self.template_combo.setCurrentIndex(max(index, 0))
        self.template_combo.blockSignals(False)
        self._show_basis()
        self._fill(ev.results)
        self.override_check.setChecked(ev.override is not None)
        if ev.override is not None:
            self.override_combo.setCurrentIndex(self.override_combo.findData(ev.override))
        self.reason_edit.setText(ev.override_reason)
        self._override_toggled(ev.override is not None)
        self.evaluators_edit.setText(ev.evaluators)
        self.date_edit.setDate(_qdate(ev.evaluated_on))
        self.suggestions_edit.setPlainText(ev.suggestions)
        self._update_summary()

    def _show_basis(self) -> None:
        t = self.current_template()
        self.basis_label.setText(f"依据：{t.basis}" if t and t.basis else "")

    def _fill(self, results: tuple[EvalResult, ...]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(results))
        for row, r in enumerate(results):
            for col, text in enumerate((str(r.seq), r.content, r.standard)):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, col, item)
            combo = QComboBox()
            combo.addItem(UNRATED, None)
            for rating in Rating:
                combo.addItem(rating.value, rating)
            combo.setCurrentIndex(combo.findData(r.rating) if r.rating else 0)
            combo.currentIndexChanged.connect(lambda _i, c=combo: self._rating_changed(c))
            self.table.setCellWidget(row, COL_RATING, combo)
            self._colour(combo)
            self.table.setItem(row, COL_NOTE, QTableWidgetItem(r.note))
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()

    # -- reading -------------------------------------------------------------------------------
    def current_template(self) -> EvalTemplate | None:
        """The checklist chosen."""
        tid = self.template_combo.currentData()
        return next((t for t in self.templates if t.id == tid), None)

    def rating_combo(self, row: int) -> QComboBox:
        """The 评定 combo of table row ``row``."""
        widget = self.table.cellWidget(row, COL_RATING)
        assert isinstance(widget, QComboBox)
        return widget

    def set_rating(self, row: int, rating: Rating | None, note: str | None = None) -> None:
        """Rate row ``row`` (and set its note), as the officer would."""
        combo = self.rating_combo(row)
        combo.setCurrentIndex(combo.findData(rating) if rating else 0)
        if note is not None:
            item = self.table.item(row, COL_NOTE)
            assert item is not None
            item.setText(note)

    def results(self) -> tuple[EvalResult, ...]:
        """The items as rated in the table."""
        out = []
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, c) for c in (0, 1, 2, COL_NOTE)]
            seq, content, standard, note = (c.text() if c else "" for c in cells)
            data = self.rating_combo(row).currentData()
            rating = Rating(data) if data else None  # Qt hands the enum back as text
            out.append(EvalResult(int(seq), content, standard, rating, note.strip()))
        return tuple(out)

    def value(self) -> DrillEvaluation:
        """The evaluation as entered."""
        data = self.override_combo.currentData() if self.override_check.isChecked() else None
        override = DrillConclusion(data) if data else None
        qd = self.date_edit.date()
        return replace(
            self.evaluation, template_id=self.template_combo.currentData(),
            results=self.results(), override=override,
            override_reason=self.reason_edit.text().strip() if override else "",
            evaluators=self.evaluators_edit.text().strip(),
            evaluated_on=date(qd.year(), qd.month(), qd.day()),
            suggestions=self.suggestions_edit.toPlainText().strip(),
        )  # fmt: skip

    # -- reacting ------------------------------------------------------------------------------
    def _colour(self, combo: QComboBox) -> None:
        data = combo.currentData()
        colour = RATING_COLOURS.get(Rating(data), "") if data else ""
        combo.setStyleSheet(f"QComboBox {{ color: {colour}; }}" if colour else "")

    def _rating_changed(self, combo: QComboBox) -> None:
        self._colour(combo)
        self._update_summary()

    def _override_toggled(self, on: bool) -> None:
        self.override_combo.setEnabled(on)
        self.reason_edit.setEnabled(on)
        self._update_summary()

    def _template_changed(self) -> None:
        """Another checklist: its items, keeping the ratings of items with the same text."""
        t = self.current_template()
        if t is None:
            return
        kept = {r.content: r for r in self.results()}
        fresh = tuple(
            replace(r, rating=kept[r.content].rating, note=kept[r.content].note)
            if r.content in kept else r
            for r in results_of(t)
        )  # fmt: skip
        self._show_basis()
        self._fill(fresh)
        self._update_summary()

    def rate_unrated_met(self) -> None:
        """Rate every item not rated yet 达标."""
        for row in range(self.table.rowCount()):
            if not self.rating_combo(row).currentData():
                self.set_rating(row, Rating.MET)

    def _update_summary(self) -> None:
        results = self.results() if self.table.rowCount() else ()
        rated = sum(1 for r in results if r.rating is not None)
        points = score(results)
        computed = computed_conclusion(results)
        text = (f"已评定 {rated}/{len(results)} 项；得分 <b>{points}</b>"
                f"（{MET_FROM}分以上且无不达标为达到预期，{MOSTLY_FROM}分以上为基本达到）；"
                f"按评分结论：<b>{computed.value}</b>")  # fmt: skip
        if self.override_check.isChecked():
            text += f"；调整为：<b>{self.override_combo.currentText()}</b>"
        self.summary.setText(text)

    # -- saving --------------------------------------------------------------------------------
    def save(self) -> None:
        """保存: evaluate through the service; refusals listed, the dialog stays open."""
        self.error_label.hide()
        try:
            saved = self.ctx.workspace.drill_evals.evaluate(self.value())
        except ValidationErrors as exc:
            self._show_errors(list(exc.errors.values()))
            return
        except ValidationError as exc:
            self._show_errors([exc.message])
            return
        except SafetyDeskError as exc:
            messages.show_warning(self, str(exc), title="评估未保存")
            return
        self._saved(saved)

    def _saved(self, saved: Saved[DrillEvaluation]) -> None:
        self.saved = saved.record
        self.ctx.bus.changed.emit(saved.changes)
        self.accept()

    def _show_errors(self, lines: list[str]) -> None:
        self.error_label.setText("未保存：\n" + "\n".join(f"· {line}" for line in lines))
        self.error_label.show()
