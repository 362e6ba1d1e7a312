"""演练评估表 dialog: the evaluation checklists, edited into new versions (B §2.5).

The left list shows the current version of every checklist (and how many evaluations used it);
the table on the right its items (评估项目, 评估标准), editable. 保存为新版本 stores the table as
the next version of the checklist (``ws.drill_evals.new_version``): earlier versions are kept for
the evaluations made with them. 复制为新表… starts a checklist of the office's own. 历史版本
shows an older version read-only. Refusals (an empty item, a duplicate …) are shown and nothing
is written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.drill_evaluation import EvalItem, EvalTemplate
from safetydesk.errors import SafetyDeskError, ValidationError

if TYPE_CHECKING:
    from safetydesk.ui.context import AppContext


class DrillTemplatesDialog(QDialog):
    """List the evaluation checklists and edit one into a new version.

    Args:
        ctx: The application context.
        parent: Parent widget.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("演练评估表")
        self.resize(1000, 640)
        self.templates: list[EvalTemplate] = []
        self._build()
        self.reload()

    def _build(self) -> None:
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(QLabel("评估表（当前版本）"))
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._show_current)
        left.addWidget(self.list, 1)
        self.copy_button = QPushButton("复制为新表…")
        self.copy_button.clicked.connect(self.copy_current)
        left.addWidget(self.copy_button)
        layout.addLayout(left, 1)

        right = QVBoxLayout()
        top = QHBoxLayout()
        top.addWidget(QLabel("名称："))
        self.name_edit = QLineEdit()
        top.addWidget(self.name_edit, 1)
        top.addWidget(QLabel("查看版本："))
        self.version_combo = QComboBox()
        self.version_combo.currentIndexChanged.connect(self._show_version)
        top.addWidget(self.version_combo)
        right.addLayout(top)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setStyleSheet("color: palette(mid);")
        right.addWidget(self.info)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["评估项目", "评估标准"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 200)
        right.addWidget(self.table, 1)
        rows = QHBoxLayout()
        self.add_button = QPushButton("添加项目")
        self.add_button.clicked.connect(self.add_item)
        self.remove_button = QPushButton("删除项目")
        self.remove_button.clicked.connect(self.remove_item)
        self.up_button = QPushButton("上移")
        self.up_button.clicked.connect(lambda: self.move_item(-1))
        self.down_button = QPushButton("下移")
        self.down_button.clicked.connect(lambda: self.move_item(1))
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            rows.addWidget(b)
        rows.addStretch(1)
        self.save_button = QPushButton("保存为新版本")
        self.save_button.clicked.connect(self.save_version)
        rows.addWidget(self.save_button)
        right.addLayout(rows)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.setWordWrap(True)
        right.addWidget(self.error_label)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        right.addWidget(close)
        layout.addLayout(right, 3)

    # -- showing -------------------------------------------------------------------------------
    def reload(self, select_family: str | None = None) -> None:
        """Read the checklists again (keeping or choosing the selected one)."""
        current = self.current()
        family = select_family or (current.family if current else None)
        self.templates = self.ctx.workspace.drill_evals.templates()
        self.list.blockSignals(True)
        self.list.clear()
        for t in self.templates:
            uses = self.ctx.workspace.drill_evals.uses(t.id or 0)
            item = QListWidgetItem(f"{t.title}\n{len(t.items)} 项，已用于 {uses} 次评估")
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            self.list.addItem(item)
        self.list.blockSignals(False)
        row = next((n for n, t in enumerate(self.templates) if t.family == family), 0)
        self.list.setCurrentRow(row)
        self._show_current(row)

    def current(self) -> EvalTemplate | None:
        """The checklist selected in the list (its current version)."""
        row = self.list.currentRow()
        return self.templates[row] if 0 <= row < len(self.templates) else None

    def _show_current(self, _row: int) -> None:
        t = self.current()
        if t is None:
            return
        versions = self.ctx.workspace.drill_evals.versions(t.family)
        self.version_combo.blockSignals(True)
        self.version_combo.clear()
        for v in reversed(versions):
            self.version_combo.addItem(f"第{v.version}版" + ("（当前）" if v.id == t.id else ""), v.id)
        self.version_combo.blockSignals(False)
        self._show(t, editable=True)

    def _show_version(self, _index: int) -> None:
        vid = self.version_combo.currentData()
        current = self.current()
        if vid is None or current is None:
            return
        shown = self.ctx.workspace.drill_evals.template(int(vid))
        self._show(shown, editable=shown.id == current.id)

    def _show(self, t: EvalTemplate, *, editable: bool) -> None:
        self.error_label.clear()
        self.name_edit.setText(t.name)
        self.name_edit.setReadOnly(not editable)
        uses = self.ctx.workspace.drill_evals.uses(t.id or 0)
        kind = "内置" if t.builtin else "本单位"
        state = "" if editable else "（历史版本，只读：请切换到当前版本再修改）"
        self.info.setText(f"{kind}评估表，第{t.version}版，已用于 {uses} 次评估。"
                          f"{('依据：' + t.basis) if t.basis else ''}{state}")  # fmt: skip
        self.table.setRowCount(0)
        for it in t.items:
            self._append(it.content, it.standard)
        flags_editable = editable
        self.table.setEditTriggers(
            QTableWidget.EditTrigger.AllEditTriggers if flags_editable
            else QTableWidget.EditTrigger.NoEditTriggers
        )  # fmt: skip
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button,
                  self.save_button):  # fmt: skip
            b.setEnabled(editable)

    def _append(self, content: str = "", standard: str = "") -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(content))
        self.table.setItem(row, 1, QTableWidgetItem(standard))
        return row

    # -- editing -------------------------------------------------------------------------------
    def items(self) -> list[EvalItem]:
        """The table's items, numbered in order."""
        out = []
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, c) for c in (0, 1)]
            content, standard = (c.text() if c else "" for c in cells)
            out.append(EvalItem(row + 1, content, standard))
        return out

    def add_item(self) -> int:
        """A new empty row, being edited."""
        row = self._append()
        self.table.setCurrentCell(row, 0)
        item = self.table.item(row, 0)
        if item is not None:
            self.table.editItem(item)
        return row

    def remove_item(self) -> None:
        """Delete the selected row."""
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def move_item(self, step: int) -> None:
        """Move the selected row up (-1) or down (+1)."""
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        for col in (0, 1):
            a, b = self.table.takeItem(row, col), self.table.takeItem(target, col)
            self.table.setItem(row, col, b)
            self.table.setItem(target, col, a)
        self.table.setCurrentCell(target, 0)

    def save_version(self) -> EvalTemplate | None:
        """保存为新版本: the table as the next version of the selected checklist."""
        t = self.current()
        if t is None:
            return None
        try:
            saved = self.ctx.workspace.drill_evals.new_version(
                t.id or 0, self.items(), name=self.name_edit.text()
            )
        except ValidationError as exc:
            self.error_label.setText("未保存：" + exc.message)
            return None
        except SafetyDeskError as exc:
            self.error_label.setText("未保存：" + str(exc))
            return None
        self.ctx.bus.changed.emit(saved.changes)
        self.reload(saved.record.family)
        self.info.setText(f"已保存为第{saved.record.version}版。" + self.info.text())
        return saved.record

    def copy_current(self, name: str | None = None) -> EvalTemplate | None:
        """复制为新表…: the selected checklist copied under a new name."""
        t = self.current()
        if t is None:
            return None
        if not isinstance(name, str):
            name, ok = QInputDialog.getText(self, "复制为新表", "新评估表的名称：",
                                            text=f"{t.name}（本镇）")  # fmt: skip
            if not ok:
                return None
        try:
            saved = self.ctx.workspace.drill_evals.copy(t.id or 0, name)
        except SafetyDeskError as exc:
            self.error_label.setText("未复制：" + str(exc))
            return None
        self.ctx.bus.changed.emit(saved.changes)
        self.reload(saved.record.family)
        return saved.record
