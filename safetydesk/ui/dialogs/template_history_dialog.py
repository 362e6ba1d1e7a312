"""版本历史 of a checklist template: every version of its family, uses and what changed.

Opened by 查看版本历史 on the 检查表 tab (``ui/views/templates_view.py``). :func:`item_changes`
describes, by 检查内容, what changed between two versions' items.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.inspections import ChecklistItem, ChecklistTemplate
from safetydesk.labels import day_text
from safetydesk.ui.widgets.checklist_items import (
    fill_items_table,
    make_items_table,
    readonly_table,
    table_cell,
)
from safetydesk.ui.widgets.layout import bold

if TYPE_CHECKING:
    from safetydesk.ui.context import AppContext


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


class VersionHistoryDialog(QDialog):
    """Every version of a template family, with its uses and what changed from the previous one.

    Args:
        ctx: The AppContext.
        family: The template family.
        select_id: Version selected at first (default: the newest).
        parent: Parent widget.
    """

    def __init__(self, ctx: AppContext, family: str, *, select_id: int | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        checklists = ctx.workspace.checklists
        self.versions = checklists.versions(family)
        self.setWindowTitle(f"版本历史 — {self.versions[-1].name}" if self.versions else "版本历史")
        outer = QVBoxLayout(self)
        intro = QLabel("检查表被检查使用后，修改检查项会生成新版本；以前的检查记录始终保留它们当时使用的版本。")
        intro.setWordWrap(True)
        outer.addWidget(intro)
        self.table = readonly_table(("版本", "名称", "项数", "使用次数", "建立日期", "状态", "与上一版相比"))
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
                     day_text(v.created_at.date() if v.created_at else None), "已停用" if v.retired else "使用中", change)  # fmt: skip
            for c, text in enumerate(cells):
                item = table_cell(text, center=c in (0, 2, 3, 5))
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
