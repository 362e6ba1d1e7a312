"""Shared base of the register pages (村(社区), 单位场所, 人员).

A page is an action bar and a filter bar (:mod:`~safetydesk.ui.widgets.register_bars`: text
search with a short debounce, 在册/已归档/全部, page combos), a
count, the list of :class:`~safetydesk.ui.widgets.list_page.ListPage` over a
:class:`SqlTableModel` (filter and sort in SQL, no proxy), and the actions 新增 / 编辑 /
归档 (恢复) / 导入 Excel / 导出 Excel. Saves and archives announce their
:class:`Changes` on the bus; the page refreshes only for the topics it shows (and re-reads village
names / the risk scheme for ``Topic.VILLAGES`` / ``Topic.SETTINGS``), keeping the selection on the
edited record. A hidden page only marks itself stale and refreshes when shown again.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.queries import ArchiveFilter, ListQuery
from safetydesk.errors import SafetyDeskError
from safetydesk.services.changes import Changes, Topic
from safetydesk.ui import messages
from safetydesk.ui.dialogs.form_base import FormDialog
from safetydesk.ui.models.register_columns import Lookups
from safetydesk.ui.models.sql_table import Column, SqlTableModel
from safetydesk.ui.widgets.list_page import ListPage
from safetydesk.ui.widgets.register_bars import RegisterActionBar, RegisterFilterBar

if TYPE_CHECKING:
    from safetydesk.services.exports import ExportKind
    from safetydesk.ui.context import AppContext


class RegisterPage(ListPage):
    """Base class of the three register pages.

    Subclasses set the class attributes and implement :meth:`service`, :meth:`make_columns`,
    :meth:`make_dialog`, and optionally :meth:`add_filters` / :meth:`filter_fields` /
    :meth:`new_record` / :meth:`reload_lookup_filters`.

    Args:
        ctx: The AppContext.
        parent: Parent widget.
    """

    #: Topic of the records the page lists.
    TOPIC: ClassVar[Topic]
    #: What one record is called ("单位场所").
    NOUN: ClassVar[str] = "记录"
    #: Kind name used by ``ws.exports`` (and ``ws.imports`` when :attr:`IMPORTABLE`); ``None``
    #: for a list that is neither exported nor imported.
    KIND: ClassVar[ExportKind | None] = None
    #: Whether the page offers 导入 Excel.
    IMPORTABLE: ClassVar[bool] = False
    #: Placeholder of the search box.
    SEARCH_HINT: ClassVar[str] = "搜索…"
    #: Text shown when the register is still empty.
    EMPTY_HINT: ClassVar[str] = "还没有记录。点击“新增”开始登记。"
    #: Query class the filters make (:meth:`filter_fields` are its page-specific fields).
    QUERY: ClassVar[type[ListQuery]] = ListQuery

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.lookups = Lookups(ctx.workspace)
        self._select_after: int | None = None
        self._build()
        self.model: SqlTableModel[Any] = SqlTableModel(
            self.service(), self.make_columns(), self.current_query(), self
        )
        self._setup_table()
        # A bound method of a QObject: PySide drops the connection when the page is destroyed.
        ctx.bus.changed.connect(self._on_changed)
        self._after_query()

    # -- hooks for subclasses ------------------------------------------------------------------
    def service(self) -> Any:
        """The register service of this page."""
        raise NotImplementedError

    def make_columns(self) -> tuple[Column[Any], ...]:
        """The table's columns."""
        raise NotImplementedError

    def make_dialog(self, record: Any) -> FormDialog:
        """The record dialog (``record`` None or without id = new)."""
        raise NotImplementedError

    def add_filters(self, bar: QHBoxLayout) -> None:
        """Add page-specific filter widgets to the filter bar (call :meth:`filters_changed`)."""

    def filter_fields(self) -> dict[str, Any]:
        """ListQuery fields of the page-specific filters."""
        return {}

    def reset_page_filters(self) -> None:
        """Set the page-specific filters back to "全部"."""

    def new_record(self) -> Any:
        """Record a new-record dialog starts with (e.g. pre-filled from the filters)."""
        return None

    def reload_lookup_filters(self) -> None:
        """Refill filter combos that list villages (after ``Topic.VILLAGES`` changed)."""

    # -- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        #: The page's layout: action row, filter bar, list, note.
        self.outer = outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 12, 12, 8)
        outer.setSpacing(8)

        #: The action buttons and the count; :attr:`actions_row` is its layout (subclasses insert
        #: their own buttons).
        self.action_bar = bar = RegisterActionBar(self.NOUN, self.IMPORTABLE)
        self.actions_row = bar.row
        self.new_button, self.edit_button = bar.new_button, bar.edit_button
        self.archive_button, self.count_label = bar.archive_button, bar.count_label
        self.import_button, self.export_button = bar.import_button, bar.export_button
        outer.addWidget(bar)

        #: The filter bar (search, the page's filters, 在册/已归档/全部, 清除筛选).
        self.filter_bar = RegisterFilterBar(self.SEARCH_HINT, self.add_filters)
        self.search_edit = self.filter_bar.search_edit
        self.archive_combo = self.filter_bar.archive_combo
        self.clear_button = self.filter_bar.clear_button
        outer.addWidget(self.filter_bar)

        outer.addWidget(self.build_list(), 1)
        outer.addWidget(self.build_note())

        self.search_edit.search_changed.connect(self.filters_changed)
        self.archive_combo.currentIndexChanged.connect(self.filters_changed)
        self.clear_button.clicked.connect(self.clear_filters)
        self.new_button.clicked.connect(self.add_record)
        self.edit_button.clicked.connect(self.edit_current)
        self.archive_button.clicked.connect(self.archive_or_restore_current)
        self.import_button.clicked.connect(self.import_excel)
        self.export_button.clicked.connect(self.export_excel)
        self.add_shortcut("Ctrl+N", self.add_record)
        self.add_shortcut("Ctrl+F", self.focus_search)

    def _setup_table(self) -> None:
        self.setup_table(
            self.model, (c.width for c in self.model.columns), sortable=self.model.is_sortable,
            clearable_sort=True, keep_current_visible=True,
        )  # fmt: skip
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)

    # -- queries -------------------------------------------------------------------------------
    def archive_filter(self) -> ArchiveFilter:
        """The 在册/已归档/全部 choice."""
        return self.filter_bar.archive_filter()

    def current_query(self) -> ListQuery:
        """:attr:`QUERY` of the filter bar (and the table's current order)."""
        model = getattr(self, "model", None)
        order = (model.query.order_by, model.query.descending) if model else ("default", False)
        return self.QUERY(
            text=self.search_edit.text().strip(),
            archive=self.archive_filter(),
            order_by=order[0],
            descending=order[1],
            **self.filter_fields(),
        )

    def filters_active(self) -> bool:
        """True when a search or a page filter is set (the 在册/已归档/全部 choice aside)."""
        q = dataclasses.replace(self.current_query(), archive=ArchiveFilter.ACTIVE)
        return q != ListQuery(order_by=q.order_by, descending=q.descending)

    def filters_changed(self, *_args: object) -> None:
        """Re-query after a filter changed (keeps the selected record when it still matches)."""
        if not hasattr(self, "model"):
            return
        self.search_edit.cancel_pending()
        keep = self.current_id()
        self.model.set_query(self.current_query())
        self._after_query(keep)

    def clear_filters(self) -> None:
        """Back to all 在册 records."""
        self.filter_bar.clear()
        self.reset_page_filters()
        self.filters_changed()

    def focus_search(self) -> None:
        """Put the cursor in the search box."""
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    # -- selection -----------------------------------------------------------------------------
    def current_id(self) -> int | None:
        """Id of the selected record."""
        return self.model.id_at(self.current_row())

    def current_record(self) -> Any:
        """The selected record, freshly read (``None`` when nothing is selected)."""
        rec_id = self.current_id()
        if rec_id is None:
            return None
        try:
            return self.service().get(rec_id)
        except SafetyDeskError:
            return None

    def select_id(self, rec_id: int | None) -> bool:
        """Select (and scroll to) a record; False when it is not in the list."""
        row = -1 if rec_id is None else self.model.row_of_id(rec_id)
        if row < 0:
            return False
        self.select_row(row)
        return True

    def _after_query(self, keep_id: int | None = None, fallback_row: int = -1) -> None:
        n = self.model.rowCount()
        self.count_label.setText(f"共 {n} 条")
        if n == 0:
            if self.filters_active():
                text = f"没有符合筛选条件的{self.NOUN}。\n可以修改搜索词，或点击“清除筛选”。"
            elif self.archive_filter() is ArchiveFilter.ARCHIVED:
                text = f"没有已归档的{self.NOUN}。"
            else:
                text = self.EMPTY_HINT
            self.show_empty(text)
        else:
            self.show_empty(None)
        if not self.select_id(keep_id) and fallback_row >= 0:
            self.select_row(fallback_row)
        self._update_buttons()

    def _update_buttons(self, *_args: object) -> None:
        row = self.current_row()
        rec = self.model.record(row) if row >= 0 else None
        self.edit_button.setEnabled(rec is not None)
        self.archive_button.setEnabled(rec is not None)
        self.export_button.setEnabled(self.model.rowCount() > 0)
        archived = bool(rec is not None and rec.archived)
        if rec is None:
            archived = self.archive_filter() is ArchiveFilter.ARCHIVED
        self.archive_button.setText("恢复" if archived else "归档")
        self.archive_button.setToolTip(
            "把选中的记录恢复为在册" if archived
            else "不再管理此记录：从在册列表移走，但保留在以往记录中，可随时恢复"
        )  # fmt: skip

    # -- refresh by topic ----------------------------------------------------------------------
    def _on_changed(self, changes: Changes) -> None:
        repaint = False
        if changes.touches(Topic.VILLAGES):
            self.lookups.refresh_villages()
            self.reload_lookup_filters()
            repaint = True
        if changes.touches(Topic.SETTINGS):
            self.lookups.refresh_settings()
            repaint = True
        if changes.touches(self.TOPIC):
            if not self.defer_if_hidden():
                self.reload(list(changes.ids) or None)
        elif repaint:
            self.model.repaint()

    def reload(self, changed_ids: list[int] | None = None) -> None:
        """Re-read the list after a change, keeping the selection (or the pending new record)."""
        self._stale = False
        keep = self._select_after if self._select_after is not None else self.current_id()
        pending = self._select_after
        self._select_after = None
        old_row = self.current_row()
        self.model.refresh(changed_ids)
        self._after_query(keep, fallback_row=old_row)
        if pending is not None and self.model.row_of_id(pending) < 0:
            self.show_note(
                "已保存。这条记录不符合当前筛选条件，所以没有显示在列表中；点击“清除筛选”可以看到它。"
            )

    # -- actions -------------------------------------------------------------------------------
    def open_dialog(self, record: Any) -> FormDialog:
        """Open the record dialog (window-modal, non-blocking) and return it."""
        dlg = self.make_dialog(record)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.record_saved.connect(self._on_record_saved)
        dlg.open()
        return dlg

    def add_record(self) -> FormDialog:
        """新增: open an empty dialog (pre-filled from the page's filters)."""
        return self.open_dialog(self.new_record())

    def edit_current(self) -> FormDialog | None:
        """编辑: open the dialog for the selected record."""
        rec = self.current_record()
        if rec is None:
            return None
        return self.open_dialog(rec)

    def _on_record_saved(self, saved: Any) -> None:
        self._select_after = saved.record.id

    def archive_or_restore_current(self) -> None:
        """归档 or 恢复 the selected record, depending on its state."""
        rec = self.current_record()
        if rec is None:
            return
        if rec.archived:
            self.restore(rec)
        else:
            self.archive(rec)

    def archive(self, rec: Any) -> bool:
        """Ask, then archive a record; returns True when archived."""
        if not messages.confirm(
            self,
            f"确定要归档「{rec.name}」吗？\n\n"
            "归档后它不再出现在在册列表和新记录的选择中，"
            "但以往的检查、隐患等记录里仍然保留它。\n"
            "需要时可以把“状态”选为“已归档”，找到它并点击“恢复”。",
            title=f"归档{self.NOUN}",
            ok_text="归档",
        ):
            return False
        try:
            saved = self.service().archive(rec.id)
        except SafetyDeskError as exc:
            messages.show_warning(self, str(exc), title="不能归档")
            return False
        self.ctx.bus.changed.emit(saved.changes)
        return True

    def restore(self, rec: Any) -> bool:
        """Bring an archived record back to 在册; returns True when restored."""
        try:
            saved = self.service().restore(rec.id)
        except SafetyDeskError as exc:
            messages.show_warning(self, f"不能恢复「{rec.name}」：{exc}", title="不能恢复")
            return False
        self._select_after = rec.id if self.archive_filter() is not ArchiveFilter.ARCHIVED else None
        self.ctx.bus.changed.emit(saved.changes)
        return True

    def import_excel(self) -> None:
        """导入 Excel: choose a file, check it in the background, preview, then commit."""
        from safetydesk.ui.dialogs.import_dialog import run_import

        kind = self.KIND
        if kind is None or kind == "people" or not self.IMPORTABLE:
            return  # not importable (the button is hidden)
        run_import(self.ctx, kind, self)

    def export_excel(self) -> None:
        """导出 Excel: the current list (current filters and order)."""
        from safetydesk.ui.dialogs.import_dialog import run_export

        if self.KIND is not None:
            run_export(self.ctx, self.KIND, self.model.query, self)

    # -- double click, Enter and context menu --------------------------------------------------
    def activate_current(self) -> bool:
        """Double click or Enter on a row edits it."""
        if self.current_row() < 0:
            return False
        self.edit_current()
        return True

    def context_menu(self, pos: QPoint) -> None:
        """编辑, 归档/恢复 and copying, for the row under the mouse."""
        idx = self.table.indexAt(pos)
        if not idx.isValid():
            return
        self.select_row(idx.row())
        rec = self.model.record(idx.row())
        if rec is None:
            return
        menu = QMenu(self)
        menu.addAction("编辑…", self.edit_current)
        if rec.archived:
            menu.addAction("恢复为在册", lambda: self.restore(rec))
        else:
            menu.addAction("归档…", lambda: self.archive(rec))
        menu.addSeparator()
        self.add_copy_actions(menu, idx)
        menu.exec(self.table.viewport().mapToGlobal(pos))

