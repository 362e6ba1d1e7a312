"""检查表 view of the 安全检查 page: the checklist templates, their items and their versions.

Lists the templates from ``ws.checklists.all()`` (名称, 版本, 适用对象, 项数, 内置/自定义, 使用次数;
with 显示旧版本 also the retired versions, marked 已停用) and the items of the selected one
(tables of ``ui/widgets/checklist_items.py``). Shipped templates are read-only: 复制为新表…
copies one into a family the user owns and opens the editor
(:mod:`~safetydesk.ui.dialogs.template_dialog`); 编辑… edits a user's current version (a version
already used is saved as a new version instead); 查看版本历史 lists every version of the family
with what changed from the one before (:mod:`~safetydesk.ui.dialogs.template_history_dialog`).
Refreshes on ``Topic.INSPECTIONS``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.inspections import ChecklistTemplate
from safetydesk.errors import SafetyDeskError
from safetydesk.services.changes import Changes, Topic
from safetydesk.ui import messages
from safetydesk.ui.dialogs.template_history_dialog import VersionHistoryDialog
from safetydesk.ui.widgets.checklist_items import (
    MUTED,
    fill_items_table,
    make_items_table,
    readonly_table,
    table_cell,
)
from safetydesk.ui.widgets.layout import bold, table_item

if TYPE_CHECKING:
    from safetydesk.ui.context import AppContext
    from safetydesk.ui.dialogs.template_dialog import TemplateDialog

#: Headers of the templates table.
TEMPLATE_HEADERS: tuple[str, ...] = ("名称", "版本", "适用对象", "项数", "来源", "使用次数", "状态")
#: Role of the templates table's first cell: the ChecklistTemplate.
TemplateRole = Qt.ItemDataRole.UserRole + 1


def types_text(t: ChecklistTemplate) -> str:
    """适用对象 of a template ("全部类型" when it names none)."""
    return "、".join(t.target_types) if t.target_types else "全部类型"


class TemplatesView(QWidget):
    """The 检查表 tab.

    Args:
        ctx: The AppContext.
        parent: Parent widget.

    Attributes:
        templates: The listed templates, in table order.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.templates: list[ChecklistTemplate] = []
        self._uses: dict[int, int] = {}
        self._stale = False
        self._build()
        ctx.bus.changed.connect(self._on_changed)
        self.refresh()

    # -- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 12, 12, 8)
        outer.setSpacing(8)
        bar = QHBoxLayout()
        self.copy_button = QPushButton("复制为新表…")
        self.copy_button.setToolTip("以选中的检查表为底稿，复制出一份本镇自己的检查表再修改")
        self.edit_button = QPushButton("编辑…")
        self.history_button = QPushButton("查看版本历史")
        self.old_check = QCheckBox("显示旧版本")
        self.old_check.setToolTip("同时列出已被新版本取代的旧版本（以前的检查记录仍使用它们）")
        for w in (self.copy_button, self.edit_button, self.history_button):
            bar.addWidget(w)
        bar.addSpacing(16)
        bar.addWidget(self.old_check)
        bar.addStretch(1)
        self.count_label = QLabel()
        bar.addWidget(self.count_label)
        outer.addLayout(bar)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        self.table = readonly_table(TEMPLATE_HEADERS)
        hh = self.table.horizontalHeader()
        em = self.table.fontMetrics().horizontalAdvance("中")
        self.table.setColumnWidth(0, round(20 * em))
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for c in (1, 3, 4, 5, 6):
            hh.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        splitter.addWidget(self.table)

        lower = QWidget()
        lay = QVBoxLayout(lower)
        lay.setContentsMargins(0, 4, 0, 0)
        self.title_label = bold(QLabel())
        self.title_label.setWordWrap(True)
        self.basis_label = QLabel()
        self.basis_label.setWordWrap(True)
        self.basis_label.setStyleSheet("color: palette(placeholder-text);")
        lay.addWidget(self.title_label)
        lay.addWidget(self.basis_label)
        self.items_table = make_items_table()
        lay.addWidget(self.items_table, 1)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        outer.addWidget(splitter, 1)

        self.copy_button.clicked.connect(self.copy_current)
        self.edit_button.clicked.connect(self.edit_current)
        self.history_button.clicked.connect(self.show_history)
        self.old_check.toggled.connect(lambda _on: self.refresh())
        self.table.itemSelectionChanged.connect(self._on_selected)
        self.table.itemDoubleClicked.connect(lambda _item: self._on_double_clicked())

    # -- data ----------------------------------------------------------------------------------
    def refresh(self, select_id: int | None = None) -> None:
        """Re-read the templates, keeping the selection (or selecting ``select_id``)."""
        self._stale = False
        keep = select_id if select_id is not None else getattr(self.current(), "id", None)
        checklists = self.ctx.workspace.checklists
        self.templates = checklists.all(include_retired=self.old_check.isChecked())
        self._uses = {t.id or 0: checklists.uses(t.id or 0) for t in self.templates}
        t = self.table
        t.blockSignals(True)
        t.setRowCount(len(self.templates))
        row = 0
        for r, tpl in enumerate(self.templates):
            muted = MUTED if tpl.retired else None
            cells = (
                tpl.name, f"第{tpl.version}版", types_text(tpl), str(len(tpl.items)),
                "内置" if tpl.builtin else "自定义", str(self._uses[tpl.id or 0]),
                "已停用" if tpl.retired else "使用中",
            )  # fmt: skip
            for c, text in enumerate(cells):
                item = table_cell(text, center=c in (1, 3, 4, 5, 6), colour=muted)
                if c == 2:
                    item.setToolTip(text)
                t.setItem(r, c, item)
            table_item(t, r, 0).setData(TemplateRole, tpl)
            if tpl.id == keep:
                row = r
        t.blockSignals(False)
        current = sum(1 for x in self.templates if not x.retired)
        self.count_label.setText(f"共 {current} 张检查表" + (
            f"，另有 {len(self.templates) - current} 个旧版本" if len(self.templates) > current else ""))
        if self.templates:
            t.selectRow(row)
        self._on_selected()

    def current(self) -> ChecklistTemplate | None:
        """The selected template version."""
        if not hasattr(self, "table"):
            return None
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(TemplateRole) if rows else None

    def select_id(self, template_id: int) -> bool:
        """Select a template version; False when it is not listed."""
        for r in range(self.table.rowCount()):
            if table_item(self.table, r, 0).data(TemplateRole).id == template_id:
                self.table.selectRow(r)
                return True
        return False

    def _on_selected(self) -> None:
        tpl = self.current()
        if tpl is None:
            self.title_label.setText("")
            self.basis_label.setText("")
            self.items_table.setRowCount(0)
        else:
            state = "（已停用：已有新版本）" if tpl.retired else ""
            self.title_label.setText(f"{tpl.title}{state} — 共 {len(tpl.items)} 项")
            self.basis_label.setText(f"适用对象：{types_text(tpl)}　　依据：{tpl.basis or '—'}")
            fill_items_table(self.items_table, tpl.items)
        self._update_buttons(tpl)

    def _update_buttons(self, tpl: ChecklistTemplate | None) -> None:
        self.copy_button.setEnabled(tpl is not None)
        self.history_button.setEnabled(tpl is not None)
        editable = tpl is not None and not tpl.builtin and not tpl.retired
        self.edit_button.setEnabled(editable)
        if tpl is None:
            tip = "请先选择一张检查表"
        elif tpl.builtin:
            tip = "内置检查表不能直接修改，请先“复制为新表…”再编辑副本"
        elif tpl.retired:
            tip = "这是旧版本，以前的检查记录仍使用它；请编辑当前版本"
        else:
            tip = "修改检查表；已被检查使用过的，修改检查项时需另存为新版本"
        self.edit_button.setToolTip(tip)

    # -- refresh by topic ----------------------------------------------------------------------
    def _on_changed(self, changes: Changes) -> None:
        if not changes.touches(Topic.INSPECTIONS):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Refresh a list that changed while the view was hidden."""
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # -- actions -------------------------------------------------------------------------------
    def _on_double_clicked(self) -> None:
        tpl = self.current()
        if tpl is not None and not tpl.builtin and not tpl.retired:
            self.edit_current()

    def copy_current(self) -> QInputDialog | None:
        """复制为新表…: ask for the copy's name (non-blocking); on 确定 copy and open the editor."""
        tpl = self.current()
        if tpl is None:
            return None
        dlg = QInputDialog(self)
        dlg.setWindowTitle("复制为新表")
        dlg.setLabelText(f"以「{tpl.title}」为底稿复制一张新的检查表。\n新检查表的名称：")
        dlg.setTextValue(f"{tpl.name}（本镇）")
        dlg.setOkButtonText("复制")
        dlg.setCancelButtonText("取消")
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.textValueSelected.connect(lambda name: self.copy_template(tpl.id or 0, name))
        dlg.open()
        return dlg

    def copy_template(self, template_id: int, name: str) -> TemplateDialog | None:
        """Copy a template under ``name``, select the copy and open its editor (returned)."""
        try:
            saved = self.ctx.workspace.checklists.copy(template_id, name)
        except SafetyDeskError as exc:
            messages.show_warning(self, str(exc), title="不能复制")
            return None
        self.ctx.bus.changed.emit(saved.changes)
        self.refresh(select_id=saved.record.id)
        return self.open_editor(saved.record)

    def edit_current(self) -> TemplateDialog | None:
        """编辑…: open the editor for the selected (user's, current) version."""
        tpl = self.current()
        if tpl is None or tpl.builtin or tpl.retired:
            return None
        return self.open_editor(self.ctx.workspace.checklists.get(tpl.id or 0))

    def open_editor(self, tpl: ChecklistTemplate) -> TemplateDialog:
        """Open the template editor (window-modal, non-blocking) and return it."""
        from safetydesk.ui.dialogs.template_dialog import TemplateDialog

        dlg = TemplateDialog(self.ctx, tpl, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.record_saved.connect(lambda saved: self.refresh(select_id=saved.record.id))
        dlg.open()
        return dlg

    def show_history(self) -> VersionHistoryDialog | None:
        """查看版本历史: list every version of the selected template's family."""
        tpl = self.current()
        if tpl is None:
            return None
        dlg = VersionHistoryDialog(self.ctx, tpl.family, select_id=tpl.id, parent=self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg
