"""隐患整改 page: the hazard ledger with its counts, filters, details, actions, printing and 动态清零.

At the top, the ledger's counts (共 N 条 · 未整改 · 逾期 · 重大未整改 · 挂牌督办; clicking one
filters the list to it; 重大隐患缺判定依据 lists the 重大 hazards imported without a 判定依据). The 隐患台账 tab has the actions (新增 / 编辑 / 打印 ▾ / 导入台账), a filter
bar (text, state, level, village, sector, unit, found-date range, 只看逾期, N 日内到期, 挂牌督办),
the SQL-backed list (multi-select; overdue rows red, 重大 bold) and, beside it, the details panel
of the current hazard with a button for each legal action. The 动态清零 tab shows what each
village still has to clear; double-clicking a village lists its open hazards. Changes arrive on
the bus (``Topic.HAZARDS``); a hidden page refreshes when shown again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.hazards import Hazard, HazardAction
from safetydesk.domain.queries import HazardQuery
from safetydesk.errors import SafetyDeskError
from safetydesk.services.changes import Changes, Topic
from safetydesk.ui.dialogs import hazard_action_dialog as act
from safetydesk.ui.dialogs.hazard_dialog import HazardDialog
from safetydesk.ui.dialogs.hazard_print import HazardPrintMenu
from safetydesk.ui.models.hazard_columns import (
    HazardListSource,
    HazardLookups,
    hazard_columns,
    hazard_row_background,
)
from safetydesk.ui.models.sql_table import SqlTableModel
from safetydesk.ui.views.hazard_counts import HazardCounts
from safetydesk.ui.views.hazard_details import HazardDetails
from safetydesk.ui.views.hazard_filters import HazardFilterBar
from safetydesk.ui.views.hazard_zeroing import HazardZeroingView
from safetydesk.ui.widgets.list_page import ListPage

if TYPE_CHECKING:
    from safetydesk.services.changes import Saved
    from safetydesk.ui.context import AppContext

A = HazardAction


class HazardsPage(ListPage):
    """The 隐患整改 page.

    Args:
        ctx: The AppContext.
        parent: Parent widget.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        ws = ctx.workspace
        self.lookups = HazardLookups(ws)
        self._select_after: int | None = None
        self._selecting = False
        self._build()
        self.model: SqlTableModel[Hazard] = SqlTableModel(
            HazardListSource(ws, self.lookups), hazard_columns(self.lookups),
            self.current_query(), self,
        )  # fmt: skip
        self.model.row_background = hazard_row_background(self.lookups)
        self._setup_table()
        ctx.bus.changed.connect(self._on_changed)
        self._after_query()
        self.refresh_counts()

    # -- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 8, 12, 8)
        outer.setSpacing(6)
        self.counts = HazardCounts()
        #: The count buttons at the top, by key (see :class:`HazardCounts`).
        self.chips = self.counts.chips
        self.counts.chip_clicked.connect(self.apply_chip)
        outer.addWidget(self.counts)

        self.tabs = QTabWidget()
        outer.addWidget(self.tabs, 1)
        list_tab = QWidget()
        lay = QVBoxLayout(list_tab)
        lay.setContentsMargins(0, 8, 0, 0)
        lay.setSpacing(6)
        self.tabs.addTab(list_tab, "隐患台账")
        self.zeroing = HazardZeroingView(self.ctx)
        self.tabs.addTab(self.zeroing, "动态清零")

        actions = QHBoxLayout()
        self.new_button = QPushButton("新增隐患")
        self.new_button.setToolTip("登记一条新发现的隐患（Ctrl+N）")
        self.edit_button = QPushButton("编辑")
        self.edit_button.setToolTip("修改选中隐患的登记内容（双击或回车也可以）")
        self.print_button = QPushButton("打印")
        self.print_menu = HazardPrintMenu(self, self)
        self.print_button.setMenu(self.print_menu)
        self.import_button = QPushButton("导入台账")
        self.import_button.setToolTip("从 Excel 隐患排查治理台账批量导入；导入前会先预览和检查")
        for b in (self.new_button, self.edit_button, self.print_button):
            actions.addWidget(b)
        actions.addSpacing(16)
        actions.addWidget(self.import_button)
        actions.addStretch(1)
        self.count_label = QLabel()
        actions.addWidget(self.count_label)
        lay.addLayout(actions)

        self.filters = HazardFilterBar(self.ctx)
        lay.addWidget(self.filters)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.build_list()
        self.details = HazardDetails(self.ctx)
        self.details.setMinimumWidth(320)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([760, 350])
        self.splitter.setChildrenCollapsible(False)
        lay.addWidget(self.splitter, 1)
        lay.addWidget(self.build_note())

        self.new_button.clicked.connect(self.add_hazard)
        self.edit_button.clicked.connect(self.edit_current)
        self.import_button.clicked.connect(self.import_ledger)
        self.details.action_requested.connect(self.run_action)
        self.zeroing.village_activated.connect(self.show_open_of_village)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.add_shortcut("Ctrl+N", self.add_hazard)
        self.filters.changed.connect(self.filters_changed)
        self.add_shortcut("Ctrl+F", self.filters.search_edit.setFocus)

    def _setup_table(self) -> None:
        self.setup_table(self.model, (c.width for c in self.model.columns), multi=True,
                         sortable=self.model.is_sortable)  # fmt: skip
        self.table.selectionModel().selectionChanged.connect(self.update_details)

    # -- queries -------------------------------------------------------------------------------
    def current_query(self) -> HazardQuery:
        """HazardQuery of the filter bar and the list's current order."""
        model = getattr(self, "model", None)
        if model is None:
            return self.filters.query()
        return self.filters.query(model.query.order_by, model.query.descending)

    def filters_changed(self) -> None:
        """Re-query after a filter changed (keeps the current hazard when it still matches)."""
        if not hasattr(self, "model"):
            return
        keep = self.current_id()
        self.model.set_query(self.current_query())
        self._after_query(keep)

    def apply_chip(self, key: str) -> None:
        """Filter the list to what a count at the top counts."""
        self.tabs.setCurrentIndex(0)
        self.filters.apply_chip(key)

    def show_open_of_village(self, village_id: int) -> None:
        """The open hazards of one village (from the 动态清零 table)."""
        self.tabs.setCurrentIndex(0)
        self.filters.show_open_of_village(village_id)

    def refresh_counts(self) -> None:
        """Re-read the counts at the top."""
        self.counts.show_summary(self.ctx.workspace.hazards.summary(self.ctx.workspace.clock()))

    # -- selection -----------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        """Ids of the selected hazards, in list order."""
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [i for i in (self.model.id_at(r) for r in rows) if i is not None]

    def current_id(self) -> int | None:
        """Id of the current hazard (the focused selected row, else the first selected)."""
        idx = self.table.currentIndex()
        sm = self.table.selectionModel()
        if idx.isValid() and sm.isRowSelected(idx.row(), QModelIndex()):
            return self.model.id_at(idx.row())
        ids = self.selected_ids()
        return ids[0] if ids else None

    def current_hazard(self) -> Hazard | None:
        """The current hazard, freshly read."""
        hid = self.current_id()
        if hid is None:
            return None
        try:
            return self.ctx.workspace.hazards.get(hid)
        except SafetyDeskError:
            return None

    def select_id(self, hazard_id: int | None) -> bool:
        """Select (and scroll to) one hazard; False when it is not in the list."""
        row = -1 if hazard_id is None else self.model.row_of_id(hazard_id)
        if row < 0:
            return False
        self.select_rows([row])
        return True

    def select_rows(self, rows: list[int]) -> None:
        """Select rows (the first becomes current); the details are shown once, at the end."""
        sm = self.table.selectionModel()
        self._selecting = True
        try:
            sm.clearSelection()
            flags = (
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            )
            for row in rows:
                sm.select(self.model.index(row, 0), flags)
            if rows:
                idx = self.model.index(rows[0], 0)
                sm.setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.NoUpdate)
                self.table.scrollTo(idx, QAbstractItemView.ScrollHint.EnsureVisible)
        finally:
            self._selecting = False
        self.update_details()

    def _after_query(self, keep_id: int | None = None) -> None:
        n = self.model.rowCount()
        self.count_label.setText(f"当前列表 {n} 条")
        if n == 0:
            self.show_empty(
                "没有符合筛选条件的隐患。\n可以修改筛选条件，或点击“清除筛选”。"
                if self.filters.active()
                else "还没有登记隐患。\n点击“新增隐患”登记检查中发现的隐患，或用“导入台账”导入已有台账。"
            )  # fmt: skip
        else:
            self.show_empty(None)
        if not self.select_id(keep_id):
            self.select_rows([0] if n else [])

    def update_details(self, *_args: object) -> None:
        """Show the current hazard and the actions legal for the selection."""
        if self._selecting:
            return
        h = self.current_hazard()
        ids = self.selected_ids()
        self.edit_button.setEnabled(h is not None)
        if h is None:
            self.details.show_hazard(None)
            return
        hazards = self.ctx.workspace.hazards
        note = ""
        if len(ids) > 1:
            many = hazards.get_many(ids).values()
            ok = all(A.ISSUE_NOTICE in hazards.allowed(x) for x in many)
            actions = [A.ISSUE_NOTICE] if ok else []
            note = (
                "" if ok else "所选隐患不全是“已登记”，不能合并下达整改通知；其他办理请只选一条。"
            )
        else:
            actions = hazards.allowed(h)
        self.details.show_hazard(h, actions, selected=max(len(ids), 1), note=note)

    # -- refresh -------------------------------------------------------------------------------
    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(Topic.VILLAGES):
            self.lookups.refresh_villages()
            self.filters.refill_villages()
        if changes.touches(Topic.UNITS, Topic.VILLAGES):
            self.lookups.refresh_units()
            self.filters.unit_filter.refresh()  # cheap: the picker queries on demand
        if not changes.touches(Topic.HAZARDS, Topic.UNITS, Topic.VILLAGES):
            return
        if not self.defer_if_hidden():
            self.reload(None if not changes.touches(Topic.HAZARDS) else list(changes.ids))

    def reload(self, changed_ids: list[int] | None = None) -> None:
        """Re-read list, counts, details and 动态清零 after a change."""
        self._stale = False
        self.lookups.refresh_today()
        keep = self._select_after if self._select_after is not None else self.current_id()
        pending, self._select_after = self._select_after, None
        self.model.refresh(changed_ids or None)
        self._after_query(keep)
        self.refresh_counts()
        if self.tabs.currentWidget() is self.zeroing:
            self.zeroing.reload()
        if pending is not None and self.model.row_of_id(pending) < 0:
            self.show_note(
                "已保存。这条隐患不符合当前筛选条件，所以没有显示；点击“清除筛选”可以看到它。"
            )

    def _on_tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.zeroing:
            self.zeroing.reload()

    # -- actions -------------------------------------------------------------------------------
    def _open(self, dlg: HazardDialog) -> HazardDialog:
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.record_saved.connect(self._on_hazard_saved)
        dlg.open()
        return dlg

    def _on_hazard_saved(self, saved: Saved[Hazard]) -> None:
        self._select_after = saved.record.id

    def add_hazard(self) -> HazardDialog:
        """新增隐患 (the unit filter, if set, pre-fills the unit)."""
        today = self.ctx.workspace.clock()
        return self._open(
            HazardDialog(
                self.ctx, Hazard(unit_id=self.filters.unit_filter.unit_id(), found_on=today), self
            )
        )

    def edit_current(self) -> HazardDialog | None:
        """编辑 the current hazard."""
        h = self.current_hazard()
        return None if h is None else self._open(HazardDialog(self.ctx, h, self))

    def _runs(self, action: HazardAction) -> Callable[[], object]:
        """A slot opening the dialog of ``action`` (for menu entries)."""
        return lambda: self.run_action(action)

    def run_action(self, action: HazardAction) -> act.HazardActionDialog | None:
        """Open the dialog of ``action`` (下达整改通知: on every selected hazard)."""
        hid = self.current_id()
        if hid is None:
            return None
        ids = self.selected_ids() if action is A.ISSUE_NOTICE else [hid]
        keep = hid

        def done(_saved: object) -> None:
            self._select_after = keep

        dlg = act.HazardActionDialog(self.ctx, ids or [hid], action, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.record_saved.connect(done)
        dlg.open()
        return dlg

    def import_ledger(self) -> None:
        """导入台账: an Excel 隐患排查治理台账, previewed and checked before anything is written."""
        from safetydesk.ui.dialogs.import_dialog import run_import

        run_import(self.ctx, "hazards", self)

    # -- double click, Enter and context menu --------------------------------------------------
    def activate_current(self) -> bool:
        """Double click or Enter on a row edits the current hazard."""
        if self.current_id() is None:
            return False
        self.edit_current()
        return True

    def context_menu(self, pos: QPoint) -> None:
        """编辑, the legal actions and printing, for the selection (or the row clicked)."""
        idx = self.table.indexAt(pos)
        if not idx.isValid():
            return
        if not self.table.selectionModel().isRowSelected(idx.row(), QModelIndex()):
            self.select_rows([idx.row()])
        menu = QMenu(self)
        menu.addAction("编辑…", self.edit_current)
        menu.addSeparator()
        for action in self.details.visible_actions():
            menu.addAction(f"{action.value}…", self._runs(action))
        menu.addSeparator()
        for a in self.print_menu.entries():
            menu.addAction(a)
        menu.exec(self.table.viewport().mapToGlobal(pos))
