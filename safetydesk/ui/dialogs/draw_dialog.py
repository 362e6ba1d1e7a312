"""双随机抽取 dialog: draw N units at random from a filter, with a recorded seed, and re-check it.

Left: the range (村(社区), 类型, 风险 — only 在册 units) with the size of the population, the count
N, the seed (blank = a random one, shown with the result), 经办人 and 备注, and 抽取. Right: the
chosen units in draw order with the date, seed and range, and the year's past draws; selecting one
shows its units, and 复核 re-draws it from its stored population and seed
(``ws.coverage.verify``) to show that the result was not changed. Used by the 检查覆盖 view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QGuiApplication, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.coverage import Draw
from safetydesk.domain.queries import ListQuery
from safetydesk.errors import SafetyDeskError, ValidationError
from safetydesk.labels import risk_label
from safetydesk.ui.dialogs.form_base import ERROR_COLOUR
from safetydesk.ui.widgets.filters import fill_risk_filter, fill_village_filter, type_filter
from safetydesk.ui.widgets.layout import bold, table_item

if TYPE_CHECKING:
    from safetydesk.ui.context import AppContext

#: Headers of the chosen-units table.
CHOSEN_HEADERS: tuple[str, ...] = ("顺序", "单位场所", "村(社区)", "类型", "风险", "地址")
#: Headers of the past-draws table.
PAST_HEADERS: tuple[str, ...] = ("日期", "抽取范围", "抽取", "随机种子", "经办人")
#: Role of the past-draws table's first cell: the Draw.
DrawRole = Qt.ItemDataRole.UserRole + 1
#: Colour of a successful 复核.
OK_COLOUR = "#2e7d32"


def _item(text: str, *, center: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setTextAlignment(
        (Qt.AlignmentFlag.AlignCenter if center else Qt.AlignmentFlag.AlignLeft)
        | Qt.AlignmentFlag.AlignVCenter
    )
    return item


def _table(headers: tuple[str, ...]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(list(headers))
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setAlternatingRowColors(True)
    t.setWordWrap(False)
    t.verticalHeader().hide()
    t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 10)
    t.horizontalHeader().setHighlightSections(False)
    return t


class DrawDialog(QDialog):
    """The 双随机抽取 dialog.

    Args:
        ctx: The AppContext.
        year: Year whose past draws are listed (default: this year).
        parent: Parent widget.

    Attributes:
        draw: The draw shown on the right (a new one, or a past one selected).
    """

    #: Emitted with each new :class:`Draw` (after the bus announced the change).
    drawn = Signal(object)

    def __init__(
        self, ctx: AppContext, *, year: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.year = year or ctx.workspace.clock().year
        self.draw: Draw | None = None
        self.population = 0
        self.risk_scheme = str(ctx.workspace.settings.get("risk_scheme") or "ABCD")
        self.setWindowTitle("双随机抽取检查对象")
        self.setModal(True)
        self._build()
        self.update_population()
        self.load_past()
        em = self.fontMetrics().horizontalAdvance("中")
        self.resize(round(78 * em), round(44 * em))

    # -- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        outer.addWidget(splitter, 1)

        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 6, 0)
        scope = QGroupBox("抽取范围（在册单位场所）")
        form = QFormLayout(scope)
        self.village_combo = QComboBox()
        fill_village_filter(self.village_combo, self.ctx.workspace)
        self.type_combo = type_filter()
        self.risk_combo = QComboBox()
        fill_risk_filter(self.risk_combo, self.risk_scheme)
        form.addRow("村(社区)", self.village_combo)
        form.addRow("类型", self.type_combo)
        form.addRow("风险等级", self.risk_combo)
        self.population_label = QLabel()
        form.addRow("", self.population_label)
        lay.addWidget(scope)

        box = QGroupBox("抽取")
        form = QFormLayout(box)
        self.n_spin = QSpinBox()
        self.n_spin.setRange(1, 1)
        self.n_spin.setSuffix(" 个")
        self.seed_edit = QLineEdit()
        self.seed_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d{0,9}"), self.seed_edit)
        )
        self.seed_edit.setPlaceholderText("留空则自动随机生成")
        self.seed_edit.setToolTip("填写同样的种子和范围，会抽出同样的单位；留空时程序随机生成并记录")
        self.by_edit = QLineEdit()
        self.by_edit.setPlaceholderText("如：王建国")
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("如：第四季度九小场所专项检查")
        form.addRow("抽取数量", self.n_spin)
        form.addRow("随机种子", self.seed_edit)
        form.addRow("经办人", self.by_edit)
        form.addRow("备注", self.note_edit)
        self.draw_button = QPushButton("抽取")
        self.draw_button.setDefault(True)
        form.addRow("", self.draw_button)
        lay.addWidget(box)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(
            f"color: {ERROR_COLOUR}; background: #fdecea; padding: 6px; border-radius: 3px;"
        )
        self.error_label.hide()
        lay.addWidget(self.error_label)
        lay.addStretch(1)
        splitter.addWidget(left)

        right = QWidget()
        lay = QVBoxLayout(right)
        lay.setContentsMargins(6, 0, 0, 0)
        lay.addWidget(bold(QLabel("抽取结果")))
        self.result_label = QLabel("尚未抽取。设置范围和数量后点击“抽取”。")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.result_label)
        self.chosen_table = _table(CHOSEN_HEADERS)
        hh = self.chosen_table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        hh.setStretchLastSection(False)
        lay.addWidget(self.chosen_table, 3)
        row = QHBoxLayout()
        self.copy_button = QPushButton("复制名单")
        self.copy_button.setToolTip("把抽取结果（含种子和范围）复制到剪贴板，可粘贴到文书或表格中")
        row.addStretch(1)
        row.addWidget(self.copy_button)
        lay.addLayout(row)

        lay.addWidget(bold(QLabel(f"{self.year} 年抽取记录")))
        self.past_table = _table(PAST_HEADERS)
        hh = self.past_table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        hh.setStretchLastSection(False)
        lay.addWidget(self.past_table, 2)
        row = QHBoxLayout()
        self.verify_button = QPushButton("复核")
        self.verify_button.setToolTip("用记录的抽取范围和随机种子重新抽取一次，核对结果是否与记录一致")
        self.verify_label = QLabel()
        self.verify_label.setWordWrap(True)
        row.addWidget(self.verify_button)
        row.addWidget(self.verify_label, 1)
        lay.addLayout(row)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        em = self.fontMetrics().horizontalAdvance("中")
        splitter.setSizes([round(26 * em), round(50 * em)])

        buttons = QDialogButtonBox()
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)

        for combo in (self.village_combo, self.type_combo, self.risk_combo):
            combo.currentIndexChanged.connect(self.update_population)
        self.draw_button.clicked.connect(self.do_draw)
        self.copy_button.clicked.connect(self.copy_result)
        self.verify_button.clicked.connect(self.verify_selected)
        self.past_table.itemSelectionChanged.connect(self._on_past_selected)
        self._update_buttons()

    # -- range ---------------------------------------------------------------------------------
    def query(self) -> ListQuery:
        """The unit filter of the range combos (在册 units only)."""
        return ListQuery(
            village_id=self.village_combo.currentData(),
            type=self.type_combo.currentData(),
            risk=self.risk_combo.currentData(),
        )

    def filter_text(self) -> str:
        """The range as the user sees it, stored and printed with the draw."""
        parts = [
            f"{name}：{combo.currentText()}"
            for name, combo in (("村(社区)", self.village_combo), ("类型", self.type_combo),
                                ("风险等级", self.risk_combo))
            if combo.currentData() is not None
        ]  # fmt: skip
        return "；".join(parts) if parts else "全部在册单位场所"

    def update_population(self, *_args: object) -> None:
        """Count the units of the range and bound N by it."""
        self.population = self.ctx.workspace.units.count(self.query())
        self.population_label.setText(f"符合条件的单位：{self.population} 个")
        self.n_spin.setRange(1, max(1, self.population))
        self.draw_button.setEnabled(self.population > 0)
        self.error_label.hide()
        if not self.population:
            self.population_label.setText("符合条件的单位：0 个（请放宽条件）")

    # -- draw ----------------------------------------------------------------------------------
    def do_draw(self) -> Draw | None:
        """抽取: draw, record and show the result; errors are shown in the dialog."""
        seed_text = self.seed_edit.text().strip()
        try:
            saved = self.ctx.workspace.coverage.draw(
                self.query(), self.n_spin.value(), seed=int(seed_text) if seed_text else None,
                by=self.by_edit.text().strip(), note=self.note_edit.text().strip(),
                filter_text=self.filter_text(),
            )  # fmt: skip
        except ValidationError as exc:
            self._show_error(exc.message)
            return None
        except SafetyDeskError as exc:
            self._show_error(str(exc))
            return None
        self.error_label.hide()
        self.ctx.bus.changed.emit(saved.changes)
        self.load_past(select_id=saved.record.id)
        self.drawn.emit(saved.record)
        return saved.record

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def show_draw(self, d: Draw | None) -> None:
        """Show a draw's chosen units in draw order (None clears the result)."""
        self.draw = d
        self.verify_label.clear()
        t = self.chosen_table
        t.setRowCount(0)
        if d is None:
            self.result_label.setText("尚未抽取。设置范围和数量后点击“抽取”。")
            self._update_buttons()
            return
        self.result_label.setText(self.describe(d))
        ws = self.ctx.workspace
        units = ws.units.get_many(list(d.chosen))
        names = ws.villages.names()
        t.setRowCount(len(d.chosen))
        for r, uid in enumerate(d.chosen):
            u = units.get(uid)
            cells = (
                str(r + 1),
                (u.name + ("（已归档）" if u.archived else "")) if u else f"（编号 {uid} 已不存在）",
                names.get(u.village_id, "") if u and u.village_id else "",
                u.type.value if u else "",
                risk_label(u.risk, self.risk_scheme) if u else "",
                u.address if u else "",
            )
            for c, text in enumerate(cells):
                t.setItem(r, c, _item(text, center=c in (0, 4)))
        self._update_buttons()

    @staticmethod
    def describe(d: Draw) -> str:
        """One paragraph on a draw: when, from how many, the seed, the range, who and why."""
        text = (
            f"{d.drawn_on} 从 {len(d.population)} 个单位中随机抽取 {d.n} 个，随机种子 {d.seed}。\n"
            f"抽取范围：{d.filter_text or '全部在册单位场所'}"
        )
        if d.by:
            text += f"；经办人：{d.by}"
        if d.note:
            text += f"；备注：{d.note}"
        return text

    def result_text(self) -> str:
        """The shown draw as tab-separated text (what 复制名单 copies)."""
        if self.draw is None:
            return ""
        lines = [self.describe(self.draw), "\t".join(CHOSEN_HEADERS)]
        for r in range(self.chosen_table.rowCount()):
            lines.append("\t".join(table_item(self.chosen_table, r, c).text()
                                   for c in range(len(CHOSEN_HEADERS))))  # fmt: skip
        return "\n".join(lines)

    def copy_result(self) -> None:
        """复制名单: put :meth:`result_text` on the clipboard."""
        QGuiApplication.clipboard().setText(self.result_text())

    # -- past draws ----------------------------------------------------------------------------
    def load_past(self, select_id: int | None = None) -> None:
        """List the year's draws (newest first) and select ``select_id`` (or the first)."""
        draws = self.ctx.workspace.coverage.draws.of_year(self.year)
        t = self.past_table
        t.blockSignals(True)
        t.setRowCount(len(draws))
        select_row = 0 if select_id is not None else -1
        for r, d in enumerate(draws):
            cells = (d.drawn_on.isoformat(), d.filter_text or "全部在册单位场所",
                     f"{d.n} / {len(d.population)}", str(d.seed), d.by)  # fmt: skip
            for c, text in enumerate(cells):
                item = _item(text, center=c in (2, 3))
                if c == 1 and d.note:
                    item.setToolTip(f"{text}\n备注：{d.note}")
                t.setItem(r, c, item)
            table_item(t, r, 0).setData(DrawRole, d)
            if d.id == select_id:
                select_row = r
        if select_row >= 0 and draws:
            t.selectRow(select_row)
        else:
            t.clearSelection()
        t.blockSignals(False)
        self._on_past_selected()

    def selected_past(self) -> Draw | None:
        """The draw selected in the past-draws table."""
        rows = self.past_table.selectionModel().selectedRows()
        return rows[0].data(DrawRole) if rows else None

    def _on_past_selected(self) -> None:
        d = self.selected_past()
        if d is not None:
            self.show_draw(d)
        self._update_buttons()

    def verify_selected(self) -> bool | None:
        """复核: re-draw the selected draw from its population and seed; show the outcome."""
        d = self.selected_past()
        if d is None:
            return None
        try:
            same = self.ctx.workspace.coverage.verify(d.id or 0)
        except SafetyDeskError as exc:
            self.verify_label.setText(str(exc))
            return None
        if same:
            self.verify_label.setStyleSheet(f"color: {OK_COLOUR};")
            self.verify_label.setText(
                f"复核一致：用种子 {d.seed} 从记录的 {len(d.population)} 个单位中重新抽取，"
                "结果与记录相同。"
            )
        else:
            self.verify_label.setStyleSheet(f"color: {ERROR_COLOUR};")
            self.verify_label.setText("复核不一致：重新抽取的结果与记录不同，该记录可能被改动过。")
        return same

    def _update_buttons(self) -> None:
        self.copy_button.setEnabled(self.draw is not None)
        self.verify_button.setEnabled(self.selected_past() is not None)
