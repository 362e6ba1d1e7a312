"""检查表 view of the 安全检查 page: the checklist templates, their items and their versions.

Lists the templates from ``ws.checklists.all()`` (名称, 版本, 适用对象, 项数, 内置/自定义, 使用次数;
with 显示旧版本 also the retired versions, marked 已停用) and the items of the selected one. Shipped
templates are read-only: 复制为新表… copies one into a family the user owns and opens the editor
(:mod:`~safetydesk.ui.dialogs.template_dialog`); 编辑… edits a user's current version (a version
already used is saved as a new version instead); 查看版本历史 lists every version of the family
with what changed from the one before. Refreshes on ``Topic.INSPECTIONS``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.inspections import ChecklistItem, ChecklistTemplate
from safetydesk.errors import SafetyDeskError
from safetydesk.services.changes import Changes, Topic
from safetydesk.ui import messages
from safetydesk.ui.widgets.layout import bold

#: Headers of the templates table.
TEMPLATE_HEADERS: tuple[str, ...] = ("名称", "版本", "适用对象", "项数", "来源", "使用次数", "状态")
#: Headers of the items table.
ITEM_HEADERS: tuple[str, ...] = ("序号", "检查内容", "检查标准/要求", "检查依据", "重大隐患判定项")
#: Role of the templates table's first cell: the ChecklistTemplate.
TemplateRole = Qt.ItemDataRole.UserRole + 1
#: Text colour of retired versions and of muted cells.
MUTED = QColor("#8a8a8a")
#: Extra height of each wrapped items row (pixels).
ROW_PADDING = 8
#: Text colour of the 重大 mark.
MAJOR_COLOUR = QColor("#b3261e")

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter


def _readonly_table(headers: tuple[str, ...], *, wrap: bool = False) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(list(headers))
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setAlternatingRowColors(True)
    t.setWordWrap(wrap)
    t.verticalHeader().hide()
    t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 10)
    t.horizontalHeader().setHighlightSections(False)
    t.horizontalHeader().setDefaultAlignment(_LEFT)
    return t


def _cell(text: str, *, center: bool = False, colour: QColor | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setTextAlignment(_CENTER if center else _LEFT)
    if colour is not None:
        item.setForeground(colour)
    return item


def make_items_table() -> QTableWidget:
    """A read-only table for a template's items (long texts wrap)."""
    t = _readonly_table(ITEM_HEADERS, wrap=True)
    em = t.fontMetrics().horizontalAdvance("中")
    hh = t.horizontalHeader()
    hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
    hh.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
    t.setColumnWidth(0, round(3 * em))
    t.setColumnWidth(1, round(12 * em))
    t.setColumnWidth(3, round(20 * em))
    t.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    # Wrapped rows must be re-measured whenever a column (the stretching one too) changes width.
    hh.sectionResized.connect(lambda *_args: fit_rows(t))
    return t


def fill_items_table(t: QTableWidget, items: tuple[ChecklistItem, ...]) -> None:
    """Show a template's items; rows grow to fit wrapped text."""
    t.setRowCount(len(items))
    for r, it in enumerate(items):
        t.setItem(r, 0, _cell(str(it.seq), center=True))
        t.setItem(r, 1, _cell(it.content))
        t.setItem(r, 2, _cell(it.standard))
        t.setItem(r, 3, _cell(it.basis))
        major = _cell("是" if it.major else "", center=True, colour=MAJOR_COLOUR)
        if it.major:
            major.setToolTip("此项不合格时，建议按重大事故隐患登记（依据见“检查依据”）")
        t.setItem(r, 4, major)
    fit_rows(t)


def fit_rows(t: QTableWidget) -> None:
    """Size every row to its wrapped text, with some air above and below."""
    t.resizeRowsToContents()
    for r in range(t.rowCount()):
        t.setRowHeight(r, t.rowHeight(r) + ROW_PADDING)


def types_text(t: ChecklistTemplate) -> str:
    """适用对象 of a template ("全部类型" when it names none)."""
    return "、".join(t.target_types) if t.target_types else "全部类型"


def item_changes(old: tuple[ChecklistItem, ...], new: tuple[ChecklistItem, ...]) -> str:
    """What changed between two versions' items, by 检查内容 ("" when nothing did)."""
    before = {i.content: i for i in old}
    after = {i.content: i for i in new}
    added = [c for c in after if c not in before]
    removed = [c for c in before if c not in after]
    changed = [c for c in after if c in before
               and (after[c].standard, after[c].basis, after[c].major)
               != (before[c].standard, before[c].basis, before[c].major)]  # fmt: skip
    parts = []
    if added:
        parts.append(f"新增 {len(added)} 项：{'、'.join(added)}")
    if removed:
        parts.append(f"删除 {len(removed)} 项：{'、'.join(removed)}")
    if changed:
        parts.append(f"修改 {len(changed)} 项：{'、'.join(changed)}")
    if not parts and [i.content for i in old] != [i.content for i in new]:
        parts.append("调整了检查项顺序")
    return "；".join(parts)


class TemplatesView(QWidget):
    """The 检查表 tab.

    Args:
        ctx: The AppContext.
        parent: Parent widget.

    Attributes:
        templates: The listed templates, in table order.
    """

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
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
        self.table = _readonly_table(TEMPLATE_HEADERS)
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
                item = _cell(text, center=c in (1, 3, 4, 5, 6), colour=muted)
                if c == 2:
                    item.setToolTip(text)
                t.setItem(r, c, item)
            t.item(r, 0).setData(TemplateRole, tpl)
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
            if self.table.item(r, 0).data(TemplateRole).id == template_id:
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

    def copy_template(self, template_id: int, name: str) -> Any:
        """Copy a template under ``name``, select the copy and open its editor (returned)."""
        try:
            saved = self.ctx.workspace.checklists.copy(template_id, name)
        except SafetyDeskError as exc:
            messages.show_warning(self, str(exc), title="不能复制")
            return None
        self.ctx.bus.changed.emit(saved.changes)
        self.refresh(select_id=saved.record.id)
        return self.open_editor(saved.record)

    def edit_current(self) -> Any:
        """编辑…: open the editor for the selected (user's, current) version."""
        tpl = self.current()
        if tpl is None or tpl.builtin or tpl.retired:
            return None
        return self.open_editor(self.ctx.workspace.checklists.get(tpl.id or 0))

    def open_editor(self, tpl: ChecklistTemplate) -> Any:
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


class VersionHistoryDialog(QDialog):
    """Every version of a template family, with its uses and what changed from the previous one.

    Args:
        ctx: The AppContext.
        family: The template family.
        select_id: Version selected at first (default: the newest).
        parent: Parent widget.
    """

    def __init__(self, ctx: Any, family: str, *, select_id: int | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        checklists = ctx.workspace.checklists
        self.versions = checklists.versions(family)
        self.setWindowTitle(f"版本历史 — {self.versions[-1].name}" if self.versions else "版本历史")
        outer = QVBoxLayout(self)
        intro = QLabel("检查表被检查使用后，修改检查项会生成新版本；以前的检查记录始终保留它们当时使用的版本。")
        intro.setWordWrap(True)
        outer.addWidget(intro)
        self.table = _readonly_table(("版本", "名称", "项数", "使用次数", "建立日期", "状态", "与上一版相比"))
        hh = self.table.horizontalHeader()
        for c in range(6):
            hh.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.table.setRowCount(len(self.versions))
        previous: ChecklistTemplate | None = None
        row = len(self.versions) - 1
        for r, v in enumerate(self.versions):
            change = "首个版本" if previous is None else (item_changes(previous.items, v.items)
                                                       or "检查项未变")  # fmt: skip
            cells = (f"第{v.version}版", v.name, str(len(v.items)), str(checklists.uses(v.id or 0)),
                     v.created_at[:10], "已停用" if v.retired else "使用中", change)  # fmt: skip
            for c, text in enumerate(cells):
                item = _cell(text, center=c in (0, 2, 3, 5))
                if c == 6:
                    item.setToolTip(text)
                self.table.setItem(r, c, item)
            if v.id == select_id:
                row = r
            previous = v
        outer.addWidget(self.table, 1)
        self.items_label = bold(QLabel())
        outer.addWidget(self.items_label)
        self.items_table = make_items_table()
        outer.addWidget(self.items_table, 3)
        buttons = QDialogButtonBox()
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._on_selected)
        if self.versions:
            self.table.selectRow(row)
        em = self.fontMetrics().horizontalAdvance("中")
        self.resize(round(70 * em), round(42 * em))

    def _on_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        v = self.versions[rows[0].row()]
        self.items_label.setText(f"第{v.version}版的检查项（{len(v.items)} 项）")
        fill_items_table(self.items_table, v.items)
