"""演练要求 dialog: the rules table that says who owes which drills, how many, how often.

One row per :class:`DrillRule` — 对象 (乡镇 / 村(社区) / 单位), 单位类型 (units only), 灾种 (不限 or
one), 次数, 周期 (年 / 半年 / 3年, typed or chosen), 须实战, 启用, 依据 — with 添加规则 and 删除所选
(a new row only: a stored rule is switched off with 启用, so past compliance stays explainable).
Saving checks every row with the domain first (a count below 1, an unknown or empty period, a
unit rule without a type … are refused with the domain's message and the row number, the dialog
stays open, nothing is written); then the table goes to ``ws.drills.save_rules`` in one
transaction (new rows added, changed rows written back), and ``Topic.DRILLS`` is announced.
Looks and behaves like the 检查频次规则 dialog (:mod:`~safetydesk.ui.dialogs.coverage_rules_dialog`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
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

from safetydesk.domain.common import UnitType
from safetydesk.domain.drill_rules import DrillRule, Period, check_rule, parse_period
from safetydesk.domain.drills import DrillCategory, SubjectKind
from safetydesk.errors import SafetyDeskError, ValidationError, ValidationErrors
from safetydesk.services.changes import Changes, Topic
from safetydesk.ui.dialogs.form_base import ERROR_COLOUR
from safetydesk.ui.widgets.filters import combo_select

if TYPE_CHECKING:
    from safetydesk.ui.context import AppContext

#: Column headers, in order.
HEADERS: tuple[str, ...] = ("对象", "单位类型", "灾种", "次数", "周期", "须实战", "启用", "依据")
COL_KIND, COL_TYPE, COL_CATEGORY, COL_COUNT, COL_PERIOD, COL_LIVE, COL_ACTIVE, COL_BASIS = range(8)
#: Subject kinds as the table names them.
KIND_LABELS: dict[SubjectKind, str] = {
    SubjectKind.TOWNSHIP: "乡镇",
    SubjectKind.VILLAGE: "村(社区)",
    SubjectKind.UNIT: "单位",
}
#: Data of "any" in the type and category combos.
ANY = ""


def _centred(check: QCheckBox) -> QWidget:
    holder = QWidget()
    lay = QHBoxLayout(holder)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.addWidget(check, 0, Qt.AlignmentFlag.AlignCenter)
    return holder


class DrillRulesDialog(QDialog):
    """Edit the drill rules.

    Args:
        ctx: The AppContext.
        parent: Parent widget.

    Attributes:
        rows: The rule each row was loaded from (None for a new row), in row order.
        saved: The rules as stored once accepted (None before).
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[DrillRule | None] = []
        self.saved: list[DrillRule] | None = None
        self.setWindowTitle("演练要求")
        self.setModal(True)
        self._build()
        self.load(ctx.workspace.drills.rules())
        em = self.fontMetrics().horizontalAdvance("中")
        self.resize(round(72 * em), round(32 * em))

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        intro = QLabel(
            "规定乡镇、每个村(社区)和各类单位在每个周期内至少完成几次演练（可限定灾种、要求其中至少一次为"
            "实战演练）。周期可选“年”“半年”“3年”。已保存的要求不能删除，不再适用时取消“启用”。"
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
        hh.setSectionResizeMode(COL_BASIS, QHeaderView.ResizeMode.Stretch)
        outer.addWidget(self.table, 1)

        row = QHBoxLayout()
        self.add_button = QPushButton("添加规则")
        self.remove_button = QPushButton("删除所选")
        self.remove_button.setToolTip("只能删除尚未保存的新行；已保存的要求请取消“启用”")
        for b in (self.add_button, self.remove_button):
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
        self.table.itemSelectionChanged.connect(self._update_buttons)

    # -- rows ----------------------------------------------------------------------------------
    def load(self, rules: list[DrillRule]) -> None:
        """Show ``rules`` (replacing the rows)."""
        self.table.setRowCount(0)
        self.rows = []
        for r in rules:
            self.add_rule(r)
        self.table.clearSelection()
        self.error_label.hide()
        self._update_buttons()

    def add_rule(self, rule: DrillRule | None = None) -> int:
        """Append a row (a new yearly village rule when ``rule`` is None); returns its index."""
        shown = rule or DrillRule(subject_kind=SubjectKind.VILLAGE)
        r = self.table.rowCount()
        self.table.insertRow(r)
        self.rows.append(rule)
        kind = QComboBox()
        for k, text in KIND_LABELS.items():
            kind.addItem(text, k.value)
        combo_select(kind, shown.subject_kind.value)
        unit_type = QComboBox()
        unit_type.addItem("—", ANY)
        for t in UnitType:
            unit_type.addItem(t.value, t.value)
        unit_type.setMaxVisibleItems(21)
        combo_select(unit_type, shown.unit_type.value if shown.unit_type else ANY)
        category = QComboBox()
        category.addItem("不限", ANY)
        for c in DrillCategory:
            category.addItem(c.value, c.value)
        category.setMaxVisibleItems(15)
        combo_select(category, shown.category.value if shown.category else ANY)
        count = QSpinBox()
        count.setRange(0, 99)
        count.setValue(shown.min_count)
        count.setSuffix(" 次")
        period = QComboBox()
        period.setEditable(True)
        period.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for p in Period:
            period.addItem(p.value, p.value)
        period.setCurrentText(shown.period.value)
        live = QCheckBox()
        live.setChecked(shown.live_required)
        live.setToolTip("该周期内至少一次须为实战演练")
        active = QCheckBox()
        active.setChecked(shown.active)
        basis = QLineEdit(shown.basis)
        basis.setPlaceholderText("依据（可不填）")
        for col, w in ((COL_KIND, kind), (COL_TYPE, unit_type), (COL_CATEGORY, category),
                       (COL_COUNT, count), (COL_PERIOD, period), (COL_LIVE, _centred(live)),
                       (COL_ACTIVE, _centred(active)), (COL_BASIS, basis)):  # fmt: skip
            self.table.setCellWidget(r, col, w)
        for combo in (kind, unit_type, category):
            combo.currentIndexChanged.connect(self.error_label.hide)
        period.currentTextChanged.connect(self.error_label.hide)
        count.valueChanged.connect(self.error_label.hide)
        kind.currentIndexChanged.connect(lambda _i, k=kind, t=unit_type: self._sync_type(k, t))
        self._sync_type(kind, unit_type)
        if rule is None:
            self.table.selectRow(r)
        self._update_buttons()
        return r

    @staticmethod
    def _sync_type(kind: QComboBox, unit_type: QComboBox) -> None:
        is_unit = kind.currentData() == SubjectKind.UNIT.value
        unit_type.setEnabled(is_unit)
        if not is_unit:
            combo_select(unit_type, ANY)
        elif unit_type.currentData() == ANY:
            unit_type.setCurrentIndex(1)

    def remove_selected(self) -> None:
        """Delete the selected row when it is a new one."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        r = rows[0].row()
        if self.rows[r] is not None:
            self.show_error("已保存的演练要求不能删除；不再适用时请取消该行的“启用”。")
            return
        self.table.removeRow(r)
        del self.rows[r]
        self._update_buttons()

    def _update_buttons(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.remove_button.setEnabled(bool(rows) and self.rows[rows[0].row()] is None)

    def widgets(self, row: int) -> RowWidgets:
        """The editors of one row."""
        return RowWidgets(self.table, row)

    def rule_of(self, row: int) -> DrillRule:
        """The rule as row ``row`` shows it (its stored id kept).

        Raises:
            ValidationErrors: The period is not one of 年, 半年, 3年.
        """
        w = self.widgets(row)
        kind = SubjectKind(w.kind.currentData())
        type_data = w.unit_type.currentData()
        category = w.category.currentData()
        base = self.rows[row] or DrillRule(subject_kind=kind)
        return replace(
            base, subject_kind=kind,
            unit_type=UnitType(type_data) if type_data else None,
            category=DrillCategory(category) if category else None,
            min_count=w.count.value(), period=parse_period(w.period.currentText()),
            live_required=w.live.isChecked(), active=w.active.isChecked(),
            basis=w.basis.text().strip(),
        )  # fmt: skip

    # -- save ----------------------------------------------------------------------------------
    def show_error(self, message: str) -> None:
        """Show a message above the buttons (kept until the next edit or save)."""
        self.error_label.setText(message)
        self.error_label.show()

    def checked_rules(self) -> list[DrillRule]:
        """Every row's rule, checked by the domain.

        Raises:
            ValidationError: The first bad row, with its number and the domain's message.
        """
        out = []
        for r in range(self.table.rowCount()):
            try:
                out.append(check_rule(self.rule_of(r)))
            except ValidationErrors as exc:
                self.table.selectRow(r)
                raise ValidationError("", f"第{r + 1}行：{'；'.join(exc.errors.values())}") from exc
        return out

    def accept(self) -> None:
        """Check every row, then add the new rules and update the changed ones."""
        try:
            rules = self.checked_rules()
        except ValidationError as exc:
            self.show_error(exc.message)
            return
        drills = self.ctx.workspace.drills
        try:
            saved = drills.save_rules(rules)
        except SafetyDeskError as exc:
            self.show_error(str(exc))
            self.load(drills.rules())
            return
        self.saved = saved
        super().accept()
        self.ctx.bus.changed.emit(Changes.of(Topic.DRILLS, ids=tuple(r.id or 0 for r in saved)))


class RowWidgets:
    """The editors of one row of the rules table.

    Raises:
        LookupError: The row has not the editors :meth:`DrillRulesDialog.add_rule` puts there.
    """

    def __init__(self, table: QTableWidget, row: int) -> None:
        def combo(col: int) -> QComboBox:
            w = table.cellWidget(row, col)
            if not isinstance(w, QComboBox):
                raise LookupError(f"row {row} of the rules table has no editor in column {col}")
            return w

        def check(col: int) -> QCheckBox:
            holder = table.cellWidget(row, col)
            box = holder.findChild(QCheckBox) if holder is not None else None
            if not isinstance(box, QCheckBox):
                raise LookupError(f"row {row} of the rules table has no check box in column {col}")
            return box

        self.kind = combo(COL_KIND)
        self.unit_type = combo(COL_TYPE)
        self.category = combo(COL_CATEGORY)
        self.period = combo(COL_PERIOD)
        count, basis = table.cellWidget(row, COL_COUNT), table.cellWidget(row, COL_BASIS)
        if not isinstance(count, QSpinBox) or not isinstance(basis, QLineEdit):
            raise LookupError(f"row {row} of the rules table has no rule editors")
        self.count = count
        self.basis = basis
        self.live = check(COL_LIVE)
        self.active = check(COL_ACTIVE)
