"""检查频次规则 dialog: the table that says how often each kind of unit must be inspected.

One row per :class:`CoverageRule` — 单位类型 (全部 or a type), 风险 (全部 or A–D in the display
scheme), 周期 (每季度/每半年/每年), 次数, 说明 — with 添加/删除/恢复默认. Saving replaces the whole
table through ``ws.coverage.set_rules``; its :class:`ValidationError` (a duplicate row, no catch-all
rule …) is shown in the dialog, which stays open. Used by the 检查覆盖 view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.common import RISK_LEVELS, UnitType
from safetydesk.domain.coverage import DEFAULT_COVERAGE_RULES, CoveragePeriod, CoverageRule
from safetydesk.errors import SafetyDeskError, ValidationError
from safetydesk.labels import risk_label
from safetydesk.ui.dialogs.form_base import ERROR_COLOUR
from safetydesk.ui.models.register_columns import RISK_MEANINGS
from safetydesk.ui.widgets.filters import combo_select

if TYPE_CHECKING:
    from safetydesk.ui.context import AppContext

#: Column headers, in order.
HEADERS: tuple[str, ...] = ("单位类型", "风险等级", "周期", "次数", "说明")
COL_TYPE, COL_RISK, COL_PERIOD, COL_TIMES, COL_NOTE = range(5)
#: Value meaning "any" in a rule's type or risk.
ANY = "*"


class CoverageRulesDialog(QDialog):
    """Edit the coverage rules.

    Args:
        ctx: The AppContext.
        parent: Parent widget.

    Attributes:
        saved: The rules as stored once the dialog was accepted (None before).
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.saved: list[CoverageRule] | None = None
        self.risk_scheme = str(ctx.workspace.settings.get("risk_scheme") or "ABCD")
        self.setWindowTitle("检查频次规则")
        self.setModal(True)
        self._build()
        self.load(ctx.workspace.coverage.rules())
        em = self.fontMetrics().horizontalAdvance("中")
        self.resize(round(60 * em), round(30 * em))

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        intro = QLabel(
            "规定每类单位场所每年至少检查几次。一个单位同时符合多条规则时，按最具体的一条："
            "“类型+风险” 优先于 “类型”，再优先于 “风险”，最后是“全部”。"
            "必须保留一条类型和风险都为“全部”的规则。"
        )
        intro.setWordWrap(True)
        outer.addWidget(intro)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 16)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(COL_NOTE, QHeaderView.ResizeMode.Stretch)
        outer.addWidget(self.table, 1)

        row = QHBoxLayout()
        self.add_button = QPushButton("添加规则")
        self.remove_button = QPushButton("删除所选")
        self.defaults_button = QPushButton("恢复默认")
        self.defaults_button.setToolTip("重大风险(A)每季度、较大风险(B)每半年、其他每年各检查一次")
        for b in (self.add_button, self.remove_button, self.defaults_button):
            row.addWidget(b)
        row.addStretch(1)
        outer.addLayout(row)

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(
            f"color: {ERROR_COLOUR}; background: #fdecea; padding: 6px; border-radius: 3px;"
        )
        self.error_label.hide()
        outer.addWidget(self.error_label)

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

        self.add_button.clicked.connect(lambda: self.add_rule())
        self.remove_button.clicked.connect(self.remove_selected)
        self.defaults_button.clicked.connect(lambda: self.load(list(DEFAULT_COVERAGE_RULES)))
        self.table.itemSelectionChanged.connect(self._update_buttons)

    # -- rows ----------------------------------------------------------------------------------
    def load(self, rules: list[CoverageRule]) -> None:
        """Show ``rules`` (replacing the rows)."""
        self.table.setRowCount(0)
        for r in rules:
            self.add_rule(r)
        self.error_label.hide()
        self._update_buttons()

    def add_rule(self, rule: CoverageRule | None = None) -> int:
        """Append a row (a new yearly rule when ``rule`` is None) and return its index."""
        if rule is None:
            used = {(r.unit_type, r.risk) for r in self.rules()}
            free = next((t.value for t in UnitType if (t.value, ANY) not in used), ANY)
            rule = CoverageRule(unit_type=free, period=CoveragePeriod.YEAR)
        r = self.table.rowCount()
        self.table.insertRow(r)
        type_combo = QComboBox()
        type_combo.addItem("全部类型", ANY)
        for t in UnitType:
            type_combo.addItem(t.value, t.value)
        type_combo.setMaxVisibleItems(21)
        type_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo_select(type_combo, rule.unit_type)
        risk_combo = QComboBox()
        risk_combo.addItem("全部等级", ANY)
        for level in RISK_LEVELS:
            label = risk_label(level, self.risk_scheme)
            label = f"{label} 级" if self.risk_scheme == "ABCD" else f"{label}色"
            risk_combo.addItem(f"{label}（{RISK_MEANINGS[level]}）", level)
        combo_select(risk_combo, rule.risk)
        period_combo = QComboBox()
        for p in CoveragePeriod:
            period_combo.addItem(p.value, p.value)
        combo_select(period_combo, rule.period.value)
        times = QSpinBox()
        times.setRange(1, 52)
        times.setValue(rule.times)
        times.setSuffix(" 次")
        note = QLineEdit(rule.note)
        note.setPlaceholderText("说明（可不填）")
        for col, w in ((COL_TYPE, type_combo), (COL_RISK, risk_combo), (COL_PERIOD, period_combo),
                       (COL_TIMES, times), (COL_NOTE, note)):  # fmt: skip
            self.table.setCellWidget(r, col, w)
        for w in (type_combo, risk_combo, period_combo):
            w.currentIndexChanged.connect(self.error_label.hide)
        self.table.selectRow(r)
        self._update_buttons()
        return r

    def remove_selected(self) -> None:
        """Delete the selected row."""
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.table.removeRow(rows[0].row())
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def rules(self) -> list[CoverageRule]:
        """The rules as edited, in row order."""
        out = []
        for r in range(self.table.rowCount()):
            type_combo, risk_combo, period_combo, times, note = row_widgets(self, r)
            out.append(CoverageRule(
                unit_type=type_combo.currentData(), risk=risk_combo.currentData(),
                period=CoveragePeriod(period_combo.currentData()), times=times.value(),
                note=note.text().strip(),
            ))  # fmt: skip
        return out

    # -- save ----------------------------------------------------------------------------------
    def show_error(self, message: str) -> None:
        """Show a message above the buttons (kept until the next edit or save)."""
        self.error_label.setText(message)
        self.error_label.show()

    def _duplicate(self, rules: list[CoverageRule]) -> str:
        """Message naming the first two rows with the same type and risk (selects the later)."""
        seen: dict[tuple[str, str], int] = {}
        for i, r in enumerate(rules):
            key = (r.unit_type, r.risk)
            if key in seen:
                type_combo, risk_combo, *_rest = row_widgets(self, i)
                type_text, risk_text = type_combo.currentText(), risk_combo.currentText()
                self.table.selectRow(i)
                return (
                    f"第{i + 1}行与第{seen[key] + 1}行的单位类型和风险等级相同（{type_text}、"
                    f"{risk_text}）。同一组合只能有一条规则：请删除其中一行，或改为不同的类型或等级。"
                )
            seen[key] = i
        return ""

    def accept(self) -> None:
        """Save through ``ws.coverage.set_rules``; keep the dialog open when refused."""
        rules = self.rules()
        duplicate = self._duplicate(rules)
        if duplicate:
            self.show_error(duplicate)
            return
        try:
            saved = self.ctx.workspace.coverage.set_rules(rules)
        except ValidationError as exc:
            self.show_error(exc.message)
            return
        except SafetyDeskError as exc:
            self.show_error(str(exc))
            return
        self.saved = saved.record
        super().accept()
        self.ctx.bus.changed.emit(saved.changes)


def row_widgets(
    dlg: CoverageRulesDialog, row: int
) -> tuple[QComboBox, QComboBox, QComboBox, QSpinBox, QLineEdit]:
    """The editors of one row: type combo, risk combo, period combo, times spin, note edit.

    Raises:
        LookupError: The row has not the editors :meth:`CoverageRulesDialog.add_rule` puts there.
    """
    type_combo, risk_combo, period_combo, times, note = (
        dlg.table.cellWidget(row, c) for c in range(len(HEADERS))
    )
    if not (isinstance(type_combo, QComboBox) and isinstance(risk_combo, QComboBox)
            and isinstance(period_combo, QComboBox) and isinstance(times, QSpinBox)
            and isinstance(note, QLineEdit)):  # fmt: skip
        raise LookupError(f"row {row} of the rules table has no rule editors")
    return type_combo, risk_combo, period_combo, times, note

