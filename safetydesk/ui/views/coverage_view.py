"""检查覆盖 view of the 安全检查 page: which units still owe an inspection this period.

Reads ``ws.coverage.coverage(year)`` (as of today, or 31 December of a past year) and shows the
summary line (应检单位 · 本期已检 · 未检 · 覆盖率 · 四不两直/双随机 shares of the year's inspections),
the units whose current period (quarter, half-year or year, by the rules table) has no inspection
yet, grouped by village, and a per-village table; choosing a village there narrows the unit list
to it. Buttons open the rules dialog (:mod:`~safetydesk.ui.dialogs.coverage_rules_dialog`) and
the 双随机 draw (:mod:`~safetydesk.ui.dialogs.draw_dialog`). The view refreshes on
``Topic.INSPECTIONS`` / ``UNITS`` / ``VILLAGES`` / ``SETTINGS``; while hidden it only marks itself
stale, and it computes nothing before it is first shown (the report walks every unit).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.coverage import CoverageReport
from safetydesk.domain.queries import ArchiveFilter, ListQuery
from safetydesk.services.changes import Changes, Topic
from safetydesk.ui.models.coverage_table import ALERT_COLOUR, NO_VILLAGE, UnitCoverageModel
from safetydesk.ui.widgets.layout import bold, table_item

if TYPE_CHECKING:
    from safetydesk.ui.context import AppContext
    from safetydesk.ui.dialogs.coverage_rules_dialog import CoverageRulesDialog
    from safetydesk.ui.dialogs.draw_dialog import DrawDialog

#: Topics whose changes refresh the view.
TOPICS = (Topic.INSPECTIONS, Topic.UNITS, Topic.VILLAGES, Topic.SETTINGS)
#: Column widths of the unit table, in widths of "中".
UNIT_WIDTHS: tuple[float, ...] = (6.5, 15, 7, 3.5, 5.5, 6.5, 6.5, 3.5)
#: Headers of the per-village table.
VILLAGE_HEADERS: tuple[str, ...] = ("村(社区)", "本期已检", "应检", "覆盖率", "未检")
#: Role of the village table's first cell: the village name (None on the 合计 row).
VillageRole = Qt.ItemDataRole.UserRole + 1

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def percent(part: int, whole: int) -> str:
    """``part/whole`` as ``"66.7%"`` (one decimal), ``"—"`` when ``whole`` is 0."""
    return "—" if not whole else f"{round(100 * part / whole, 1)}%"


def summary_text(rep: CoverageReport) -> str:
    """The one-line summary of a report (plain text, figures separated by " · ")."""
    total = len(rep.units)
    missing = len(rep.not_covered)
    covered = total - missing

    def share(n: int) -> str:
        s = rep.share(n)
        return "—" if s is None else f"{s}%"

    return (
        f"应检单位 {total} · 本期已检 {covered} · 未检 {missing} · 覆盖率 {percent(covered, total)}"
        f" · 本年检查 {rep.inspections} 次 · 四不两直 占 {share(rep.four_no_two_direct)}"
        f" · 双随机 占 {share(rep.double_random)}"
    )


class CoverageView(QWidget):
    """The 检查覆盖 tab.

    Args:
        ctx: The AppContext.
        parent: Parent widget.

    Attributes:
        report: The report shown (None before the view was first shown).
    """

    #: A unit row was double-clicked (its id), e.g. to record an inspection of it.
    unit_activated = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: CoverageReport | None = None
        self._stale = True
        self._village: str | None = None  # village the unit list is narrowed to
        self._build()
        ctx.bus.changed.connect(self._on_changed)

    # -- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 12, 12, 8)
        outer.setSpacing(8)
        today = self.ctx.workspace.clock()

        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度"))
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, today.year)
        self.year_spin.setValue(today.year)
        self.year_spin.setSuffix(" 年")
        self.year_spin.setMinimumWidth(90)
        bar.addWidget(self.year_spin)
        self.as_of_label = QLabel()
        self.as_of_label.setStyleSheet("color: palette(placeholder-text);")
        bar.addWidget(self.as_of_label)
        bar.addSpacing(16)
        self.all_check = QCheckBox("显示全部单位")
        self.all_check.setToolTip(
            "勾选后列出全部应检单位（本期已检的显示为“已检”），否则只列本期未检的单位"
        )
        bar.addWidget(self.all_check)
        bar.addStretch(1)
        self.rules_button = QPushButton("检查频次规则…")
        self.rules_button.setToolTip("设置各类单位、各风险等级每年应检查的频次")
        self.draw_button = QPushButton("双随机抽取…")
        self.draw_button.setToolTip("按条件随机抽取检查对象，记录随机种子，可复核")
        bar.addWidget(self.rules_button)
        bar.addWidget(self.draw_button)
        outer.addLayout(bar)

        self.summary_label = bold(QLabel(), 1)
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.summary_label)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        self.units_title = bold(QLabel())
        lay.addWidget(self.units_title)
        self.units_stack = QStackedWidget()
        self.unit_model = UnitCoverageModel(self)
        self.unit_table = QTableView()
        self._setup_unit_table()
        self.units_empty = QLabel()
        self.units_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.units_empty.setWordWrap(True)
        self.units_empty.setStyleSheet("color: #6b6b6b; font-size: 11pt;")
        self.units_stack.addWidget(self.unit_table)
        self.units_stack.addWidget(self.units_empty)
        lay.addWidget(self.units_stack, 1)
        splitter.addWidget(left)

        right = QWidget()
        lay = QVBoxLayout(right)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(bold(QLabel("各村(社区)本期覆盖")))
        self.village_table = QTableWidget(0, len(VILLAGE_HEADERS))
        self._setup_village_table()
        lay.addWidget(self.village_table, 1)
        hint = QLabel("选中一个村(社区)，左侧只列该村的单位；选“合计”列出全部。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        lay.addWidget(hint)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        em = self.fontMetrics().horizontalAdvance("中")
        splitter.setSizes([round(64 * em), round(24 * em)])
        outer.addWidget(splitter, 1)

        note = QLabel(
            "“本期”是按检查频次规则确定的当前周期（每季度、每半年或每年）；“应检”是到统计日为止"
            "按规则应当检查的次数。四不两直、双随机占比按本年已登记的检查次数计算。"
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        outer.addWidget(note)

        self.year_spin.valueChanged.connect(lambda _v: self.refresh())
        self.all_check.toggled.connect(lambda _on: self._fill_units())
        self.rules_button.clicked.connect(self.open_rules_dialog)
        self.draw_button.clicked.connect(self.open_draw_dialog)
        self.village_table.itemSelectionChanged.connect(self._on_village_selected)

    def _setup_unit_table(self) -> None:
        t = self.unit_table
        t.setModel(self.unit_model)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setAlternatingRowColors(True)
        t.setWordWrap(False)
        t.setCornerButtonEnabled(False)
        t.verticalHeader().hide()
        t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 12)
        hh = t.horizontalHeader()
        hh.setHighlightSections(False)
        # Unit names keep their width (a narrow window scrolls); spare width goes to the last column.
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(True)
        hh.setDefaultAlignment(_LEFT)
        t.setSortingEnabled(True)
        hh.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        t.doubleClicked.connect(self._on_unit_double_clicked)
        self._apply_unit_widths()

    def _apply_unit_widths(self) -> None:
        em = self.unit_table.fontMetrics().horizontalAdvance("中")
        for i in range(self.unit_model.columnCount()):
            self.unit_table.setColumnWidth(i, round(UNIT_WIDTHS[i] * em) + 18)

    def _setup_village_table(self) -> None:
        t = self.village_table
        t.setHorizontalHeaderLabels(list(VILLAGE_HEADERS))
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setAlternatingRowColors(True)
        t.verticalHeader().hide()
        t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 10)
        hh = t.horizontalHeader()
        hh.setHighlightSections(False)
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for i in range(1, len(VILLAGE_HEADERS)):
            hh.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)

    # -- data ----------------------------------------------------------------------------------
    def year(self) -> int:
        """The year shown."""
        return self.year_spin.value()

    def refresh(self) -> None:
        """Recompute the report for the chosen year and fill the tables."""
        self._stale = False
        ws = self.ctx.workspace
        self.report = rep = ws.coverage.coverage(self.year())
        self.unit_model.risk_scheme = str(ws.settings.get("risk_scheme") or "ABCD")
        villages = ws.villages.list(ListQuery(archive=ArchiveFilter.ALL))
        self._village_order = {v.name: i for i, v in enumerate(villages)}
        period = "本期" if rep.as_of != date(self.year(), 12, 31) else "全年"
        self.as_of_label.setText(f"统计截至 {rep.as_of}（{period}）")
        self.summary_label.setText(summary_text(rep))
        self._fill_villages()
        self._fill_units()

    def _fill_units(self) -> None:
        rep = self.report
        if rep is None:
            return
        show_all = self.all_check.isChecked()
        rows = [u for u in rep.units if show_all or not u.current_period_done]
        if self._village is not None:
            rows = [u for u in rows if (u.village_name or NO_VILLAGE) == self._village]
        self.unit_model.show_period = show_all
        self.unit_model.set_rows(rows, self._village_order)
        hh = self.unit_table.horizontalHeader()
        if hh.sortIndicatorSection() != 0 or hh.sortIndicatorOrder() != Qt.SortOrder.AscendingOrder:
            self.unit_model.sort(hh.sortIndicatorSection(), hh.sortIndicatorOrder())
        self._apply_unit_widths()
        where = f"{self._village} · " if self._village else ""
        what = "全部应检单位" if show_all else "本期未检单位"
        self.units_title.setText(f"{what}（{where}{len(rows)} 个）")
        if rows:
            self.units_stack.setCurrentWidget(self.unit_table)
            return
        if not rep.units:
            text = (
                "还没有在册的单位场所，或检查频次规则不要求检查任何单位。\n请先在“单位场所”中登记。"
            )
        elif self._village is not None:
            text = f"{self._village}本期应检的单位都已检查。"
        else:
            text = "本期应检的单位都已检查。"
        self.units_empty.setText(text)
        self.units_stack.setCurrentWidget(self.units_empty)

    def _fill_villages(self) -> None:
        rep = self.report
        assert rep is not None
        t = self.village_table
        t.blockSignals(True)
        t.clearSelection()
        names = sorted(rep.by_village, key=lambda n: (self._village_order.get(n, 10**6), n))
        t.setRowCount(len(names) + 1)
        tot_covered = tot_required = 0
        select_row = len(names)
        for r, name in enumerate(names):
            covered, required = rep.by_village[name]
            tot_covered += covered
            tot_required += required
            shown = name or NO_VILLAGE
            self._set_village_row(r, shown, covered, required, bold_row=False)
            if shown == self._village:
                select_row = r
        self._set_village_row(len(names), "合计", tot_covered, tot_required, bold_row=True)
        table_item(t, len(names), 0).setData(VillageRole, None)
        if select_row == len(names):
            self._village = None
        t.selectRow(select_row)
        t.blockSignals(False)

    def _set_village_row(self, r: int, name: str, covered: int, required: int, *,
                         bold_row: bool) -> None:  # fmt: skip
        cells = (name, str(covered), str(required), percent(covered, required),
                 str(required - covered))  # fmt: skip
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setTextAlignment(_LEFT if c == 0 else _RIGHT)
            if c == 4 and required - covered:
                item.setForeground(ALERT_COLOUR)
            if bold_row:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.village_table.setItem(r, c, item)
        table_item(self.village_table, r, 0).setData(VillageRole, name)

    def _on_village_selected(self) -> None:
        rows = self.village_table.selectionModel().selectedRows()
        name = rows[0].data(VillageRole) if rows else None
        self._village = name
        self._fill_units()

    def select_village(self, name: str | None) -> bool:
        """Narrow the unit list to a village (None for all); False when it is not listed."""
        t = self.village_table
        for r in range(t.rowCount()):
            if table_item(t, r, 0).data(VillageRole) == name:
                t.selectRow(r)
                return True
        return False

    # -- refresh by topic ----------------------------------------------------------------------
    def _on_changed(self, changes: Changes) -> None:
        if not changes.touches(*TOPICS):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Compute the report on first show, and after changes made while hidden."""
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # -- actions -------------------------------------------------------------------------------
    def _on_unit_double_clicked(self, index: QModelIndex) -> None:
        u = self.unit_model.record(index.row())
        if u is not None:
            self.unit_activated.emit(u.unit_id)

    def open_rules_dialog(self) -> CoverageRulesDialog:
        """检查频次规则…: open the rules dialog (window-modal, non-blocking) and return it."""
        from safetydesk.ui.dialogs.coverage_rules_dialog import CoverageRulesDialog

        dlg = CoverageRulesDialog(self.ctx, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    def open_draw_dialog(self) -> DrawDialog:
        """双随机抽取…: open the draw dialog (window-modal, non-blocking) and return it."""
        from safetydesk.ui.dialogs.draw_dialog import DrawDialog

        dlg = DrawDialog(self.ctx, year=self.year(), parent=self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg
