"""一制四案 page: the village × plan matrix with its filters and totals, and the drill-downs.

The 编制情况 tab shows ``ws.plans.matrix()`` — one row per 村(社区) and the township's own row
(镇本级), one column per item (包保责任制, 防火, 防汛, 地震, 地质灾害) and the number of 避难场所 —
in a :class:`PlanMatrixModel` (no widget per cell, so a county of 500 villages opens fast).
Filter buttons (全部, 缺项, 逾期未修订, 30日内到期, 无避难场所) keep the rows that match, with the
same rule as ``ws.plans.matrix(filter)``; the totals line counts over every village. Double
click or Enter on a plan cell opens its versions (:class:`PlanVersionsDialog`); on the name or
shelter column it opens the village's shared parts (:class:`VillagePartsDialog`). Other views
(叫应, 打印) go into :attr:`PlansPage.tabs` with :meth:`PlansPage.add_tab`, after 编制情况 and
缺项清单 (:class:`PlanGapsView`, read when its tab is shown). The page reloads
when the bus announces ``Topic.PLANS``, ``VILLAGES`` or ``PEOPLE`` (later, if hidden).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from safetydesk.services.changes import Changes, Topic
from safetydesk.services.plans import TOWNSHIP, Matrix, MatrixFilter
from safetydesk.ui.dialogs.plan_versions_dialog import PlanVersionsDialog
from safetydesk.ui.models.plan_matrix import (
    COL_FIRST_PLAN,
    COL_LAST_DRILL,
    COL_NAME,
    COL_SHELTERS,
    PlanMatrixModel,
    totals_text,
)
from safetydesk.ui.views.plan_gaps import PlanGapsView
from safetydesk.ui.views.plan_print_menu import print_button, print_form
from safetydesk.ui.views.village_parts import VillagePartsDialog
from safetydesk.ui.widgets.layout import bold
from safetydesk.ui.widgets.list_page import ListPage

if TYPE_CHECKING:
    from safetydesk.ui.context import AppContext

#: Filter buttons: label and filter (``None``: every row).
FILTERS: tuple[tuple[str, MatrixFilter | None], ...] = (
    ("全部", None),
    *((str(f), f) for f in MatrixFilter),
)
#: The legend under the matrix.
LEGEND = (
    "<span style='background:#d7efd9;color:#1b5e20'>&nbsp;已生效&nbsp;</span> "
    "<span style='background:#fff59d;color:#1b5e20'>&nbsp;30日内到期&nbsp;</span> "
    "<span style='background:#ffe7b8;color:#6d4a00'>&nbsp;草稿 / 待审核&nbsp;</span> "
    "<span style='background:#f4b9b4;color:#8a1c1c'>&nbsp;需修订&nbsp;</span> "
    "<span style='background:#ececec;color:#b3261e'>&nbsp;未编制&nbsp;</span> "
    "<span style='background:#e3e3e3;color:#555555'>&nbsp;已废止&nbsp;</span>"
    "&nbsp;&nbsp; 双击格子查看版本和审核、生效；双击村名或避难场所查看该村的通讯录、包保、住户等。"
)


class PlansPage(ListPage):
    """The 一制四案 page.

    Args:
        ctx: The AppContext.
        parent: Parent widget.

    Attributes:
        matrix: The matrix as last read (unfiltered).
        wanted: The filter of the buttons (``None``: 全部).
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.wanted: MatrixFilter | None = None
        self.matrix: Matrix | None = None
        self._build()
        self.model = PlanMatrixModel(self)
        self.setup_table(self.model, ())
        t = self.table
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        t.setWordWrap(True)
        t.setAlternatingRowColors(False)
        t.verticalHeader().setDefaultSectionSize(2 * t.fontMetrics().lineSpacing() + 14)
        hh = t.horizontalHeader()
        hh.setStretchLastSection(False)
        em = t.fontMetrics().horizontalAdvance("中")
        hh.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Interactive)
        t.setColumnWidth(COL_NAME, 7 * em)
        for col in range(COL_FIRST_PLAN, COL_SHELTERS):
            hh.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(COL_SHELTERS, QHeaderView.ResizeMode.Interactive)
        t.setColumnWidth(COL_SHELTERS, round(4.5 * em))
        hh.setSectionResizeMode(COL_LAST_DRILL, QHeaderView.ResizeMode.Interactive)
        t.setColumnWidth(COL_LAST_DRILL, round(6.5 * em))
        ctx.bus.changed.connect(self._on_changed)
        self.reload()

    # -- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 8, 12, 8)
        outer.setSpacing(6)
        head = QHBoxLayout()
        head.addWidget(bold(QLabel("一制四案"), 3))
        head.addSpacing(12)
        self.totals_label = QLabel()
        self.totals_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head.addWidget(self.totals_label, 1)
        outer.addLayout(head)

        #: The page's tabs; 叫应 and 打印 views are added with :meth:`add_tab`.
        self.tabs = QTabWidget()
        outer.addWidget(self.tabs, 1)
        matrix_tab = QWidget()
        lay = QVBoxLayout(matrix_tab)
        lay.setContentsMargins(0, 8, 0, 0)
        lay.setSpacing(6)
        self.tabs.addTab(matrix_tab, "编制情况")
        #: 缺项清单: households, risk points, shelters, supplies and contacts lacking something.
        self.gaps = PlanGapsView(self.ctx)
        self.tabs.addTab(self.gaps, "缺项清单")
        self.gaps.open_village.connect(self.open_parts_of)
        #: 叫应: the call-outs view, built the first time its tab is shown.
        self.callouts_tab = QWidget()
        QVBoxLayout(self.callouts_tab).setContentsMargins(0, 8, 0, 0)
        self.callouts_view: QWidget | None = None
        self.tabs.addTab(self.callouts_tab, "叫应")
        self.tabs.currentChanged.connect(self._on_tab_changed)

        bar = QHBoxLayout()
        bar.addWidget(QLabel("筛选："))
        self.filter_group = QButtonGroup(self)
        self.filter_group.setExclusive(True)
        #: The filter buttons by filter (``None``: 全部).
        self.filter_buttons: dict[MatrixFilter | None, QPushButton] = {}
        for label, wanted in FILTERS:
            button = QPushButton(label)
            button.setCheckable(True)
            button.setChecked(wanted is None)
            self.filter_group.addButton(button)
            self.filter_buttons[wanted] = button
            button.clicked.connect(lambda _c=False, w=wanted: self.set_filter(w))
            bar.addWidget(button)
        bar.addStretch(1)
        self.versions_button = QPushButton("查看版本…")
        self.versions_button.setToolTip("所选格子的各个版本，以及提交审核、生效、需修订、废止")
        self.parts_button = QPushButton("村(社区)资料…")
        self.parts_button.setToolTip("所选村(社区)的通讯录、工作组、风险点、避难场所、包保、住户等")
        bar.addWidget(self.versions_button)
        bar.addWidget(self.parts_button)
        self.print_button = print_button(self, self.print_form)
        bar.addWidget(self.print_button)
        self.count_label = QLabel()
        self.count_label.setContentsMargins(0, 0, 4, 0)
        bar.addSpacing(8)
        bar.addWidget(self.count_label)
        lay.addLayout(bar)

        lay.addWidget(self.build_list(), 1)
        self.legend = QLabel(LEGEND)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        lay.addWidget(self.legend)
        lay.addWidget(self.build_note())
        self.versions_button.clicked.connect(self.open_versions)
        self.parts_button.clicked.connect(lambda: self.open_parts())

    def _on_tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.gaps:
            self.gaps.reload()
        elif self.tabs.widget(index) is self.callouts_tab and self.callouts_view is None:
            from safetydesk.ui.views.callouts_view import CalloutsView

            self.callouts_view = CalloutsView(self.ctx)
            layout = self.callouts_tab.layout()
            assert layout is not None
            layout.addWidget(self.callouts_view)

    def add_tab(self, widget: QWidget, title: str) -> int:
        """Add a view (叫应, 打印 …) as a tab after 编制情况; returns its index."""
        return self.tabs.addTab(widget, title)

    # -- data ----------------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the matrix and show it with the current filter."""
        self._stale = False
        keep = self.table.currentIndex()
        row = self.model.row_at(keep.row()) if keep.isValid() else None
        self.matrix = self.ctx.workspace.plans.matrix()
        self.totals_label.setText(totals_text(self.matrix))
        self._show()
        if row is not None:
            r = self.model.row_of_village(row.village_id)
            if r >= 0:
                self.table.setCurrentIndex(self.model.index(r, keep.column()))

    def shown_matrix(self) -> Matrix:
        """The matrix as the filter shows it (the rule of ``ws.plans.matrix(filter)``)."""
        assert self.matrix is not None
        m = self.matrix
        if self.wanted is None:
            return m
        rows = tuple(r for r in m.rows if r.matches(self.wanted))
        return dataclasses.replace(m, rows=rows, filter=self.wanted)

    def _show(self) -> None:
        shown = self.shown_matrix()
        self.model.set_matrix(shown)
        matching = self.matrix.totals.matching if self.matrix else {}
        for wanted, button in self.filter_buttons.items():
            label = "全部" if wanted is None else str(wanted)
            n = (len(self.matrix.rows) if self.matrix else 0) if wanted is None else matching.get(
                wanted, 0
            )  # fmt: skip
            button.setText(f"{label} {n}")
        self.count_label.setText(f"显示 {len(shown.rows)} 个村(社区)")
        if self.model.rowCount() == 0:
            self.show_empty("没有符合这个筛选条件的村(社区)。点击“全部”查看所有村(社区)。"
                            if self.wanted else "还没有登记村(社区)。请先在“村(社区)”页登记。")  # fmt: skip
        else:
            self.show_empty(None)

    def set_filter(self, wanted: MatrixFilter | str | None) -> None:
        """Keep only the rows matching ``wanted`` (``None``: all)."""
        self.wanted = None if wanted is None else MatrixFilter(wanted)
        self.filter_buttons[self.wanted].setChecked(True)
        self._show()

    def _on_changed(self, changes: Changes) -> None:
        if (
            changes.touches(Topic.PLANS, Topic.VILLAGES, Topic.PEOPLE)
            and not self.defer_if_hidden()
        ):
            self.reload()
            if self.tabs.currentWidget() is self.gaps:
                self.gaps.reload()

    # -- drill-down ----------------------------------------------------------------------------
    def activate_current(self) -> bool:
        """Double click or Enter: versions of a plan cell, or the village's parts."""
        idx = self.table.currentIndex()
        if not idx.isValid():
            return False
        if self.model.cell_at(idx.row(), idx.column()) is not None:
            self.open_versions()
        else:
            self.open_parts("避难场所" if idx.column() == COL_SHELTERS else None)
        return True

    def open_versions(self) -> PlanVersionsDialog | None:
        """The versions of the current plan cell."""
        idx = self.table.currentIndex()
        row = self.model.row_at(idx.row()) if idx.isValid() else None
        cell = self.model.cell_at(idx.row(), idx.column()) if idx.isValid() else None
        if row is None or cell is None:
            self.show_note("请先点选一个预案格子（包保责任制、防火、防汛、地震或地质灾害）。")
            return None
        dlg = PlanVersionsDialog(self.ctx, row.village_id, cell.kind, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    def open_parts(self, tab: str | None = None) -> VillagePartsDialog | None:
        """The shared parts of the current row's village (or of the township)."""
        idx = self.table.currentIndex()
        row = self.model.row_at(idx.row()) if idx.isValid() else None
        if row is None:
            self.show_note("请先点选一个村(社区)。")
            return None
        return self.open_parts_of(row.village_id, tab)

    def print_form(self, key: str) -> object:
        """打印 one form of the current row's village (the 避难场所 list needs no row)."""
        idx = self.table.currentIndex()
        row = self.model.row_at(idx.row()) if idx.isValid() else None
        if row is None and key != "shelters":
            self.show_note("请先点选一个村(社区)（或“镇本级”）再打印。")
            return None
        village_id = row.village_id if row is not None else None
        label = row.name if row is not None else TOWNSHIP
        return print_form(self, self.ctx, key, village_id, label)

    def open_parts_of(self, village_id: int | None, tab: str | None = None) -> VillagePartsDialog:
        """The shared parts of one village (``None``: the township), on tab ``tab``."""
        dlg = VillagePartsDialog(self.ctx, village_id, self)
        if tab is not None:
            dlg.show_tab(tab)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    def context_menu(self, pos: QPoint) -> None:
        """查看版本 and 村(社区)资料 for the cell clicked."""
        idx = self.table.indexAt(pos)
        if not idx.isValid():
            return
        self.table.setCurrentIndex(idx)
        menu = QMenu(self)
        if self.model.cell_at(idx.row(), idx.column()) is not None:
            menu.addAction("查看版本…", self.open_versions)
        menu.addAction("村(社区)资料…", lambda: self.open_parts())
        menu.addSeparator()
        self.add_copy_actions(menu, QModelIndex(idx))
        menu.exec(self.table.viewport().mapToGlobal(pos))
