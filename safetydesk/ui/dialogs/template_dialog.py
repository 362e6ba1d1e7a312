"""检查表 editor: name, 适用对象, 依据 and the items of a user's checklist template.

The items table is edited in place (检查内容, 检查标准/要求, 检查依据, and a 重大隐患判定项
check box) with 添加/删除/上移/下移; rows are renumbered on save. 保存 calls
``ws.checklists.save``. A version that inspections already used cannot have its items changed
(old records must keep the exact list they were filled against): the service refuses, and the
dialog then offers 另存为新版本, which calls ``ws.checklists.new_version`` — new inspections use the
new version, old ones keep theirs. Used by the 检查表 view.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.common import UnitType
from safetydesk.domain.inspections import ChecklistItem, ChecklistTemplate
from safetydesk.errors import ConflictError, SafetyDeskError, ValidationError
from safetydesk.services.changes import Saved
from safetydesk.ui.dialogs.form_base import ERROR_COLOUR
from safetydesk.ui.widgets.layout import table_item

if TYPE_CHECKING:
    from safetydesk.ui.context import AppContext

#: Headers of the items table.
ITEM_HEADERS: tuple[str, ...] = ("检查内容", "检查标准/要求", "检查依据", "重大隐患判定项")
COL_CONTENT, COL_STANDARD, COL_BASIS, COL_MAJOR = range(4)
#: Columns of the type check boxes.
TYPE_COLUMNS = 4
#: Style of the note shown when the template was used by inspections.
NOTE_STYLE = "color: #7a5d00; background: #fff8e1; padding: 6px; border-radius: 3px;"
#: Style of the error line.
ERROR_STYLE = f"color: {ERROR_COLOUR}; background: #fdecea; padding: 6px; border-radius: 3px;"


def _sync_tooltip(item: QTableWidgetItem) -> None:
    """Keep a text cell's tooltip (the full text of a narrow column) in step with its text."""
    if item.column() != COL_MAJOR and item.toolTip() != item.text():
        item.setToolTip(item.text())


class TemplateDialog(QDialog):
    """Edit one checklist template version.

    Args:
        ctx: The AppContext.
        template: The version to edit (a user's copy; shipped ones are refused on save).
        parent: Parent widget.

    Attributes:
        saved: The :class:`Saved` result once accepted (the edited or the new version).
        uses: How many inspections used the version when the dialog opened.
    """

    #: Emitted with the :class:`Saved` result before the bus announces the change.
    record_saved = Signal(object)

    def __init__(
        self, ctx: AppContext, template: ChecklistTemplate, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.template = template
        self.saved: Saved[ChecklistTemplate] | None = None
        self.uses = ctx.workspace.checklists.uses(template.id or 0)
        self.setWindowTitle(f"编辑检查表 — {template.title}")
        self.setModal(True)
        self._build()
        self.load(template)
        em = self.fontMetrics().horizontalAdvance("中")
        self.resize(round(72 * em), round(46 * em))

    # -- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet(NOTE_STYLE)
        self.note_label.hide()
        outer.addWidget(self.note_label)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.name_edit = QLineEdit()
        form.addRow("名称", self.name_edit)
        types = QWidget()
        grid = QGridLayout(types)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        self.type_checks: dict[str, QCheckBox] = {}
        for i, t in enumerate(UnitType):
            box = QCheckBox(t.value)
            self.type_checks[t.value] = box
            grid.addWidget(box, i // TYPE_COLUMNS, i % TYPE_COLUMNS)
        types_hint = QLabel("都不勾选表示适用于所有类型的单位场所。")
        types_hint.setStyleSheet("color: palette(placeholder-text);")
        grid.addWidget(types_hint, grid.rowCount(), 0, 1, TYPE_COLUMNS)
        type_label = QLabel("适用对象")
        type_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.addRow(type_label, types)
        self.basis_edit = QLineEdit()
        self.basis_edit.setPlaceholderText("如：《中华人民共和国消防法》；GB 35181-2017")
        form.addRow("依据", self.basis_edit)
        outer.addLayout(form)

        self.items_table = QTableWidget(0, len(ITEM_HEADERS))
        self.items_table.setHorizontalHeaderLabels(list(ITEM_HEADERS))
        self.items_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.items_table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.items_table.setWordWrap(False)
        self.items_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        hh = self.items_table.horizontalHeader()
        em = self.fontMetrics().horizontalAdvance("中")
        hh.setSectionResizeMode(COL_STANDARD, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(COL_MAJOR, QHeaderView.ResizeMode.ResizeToContents)
        self.items_table.setColumnWidth(COL_CONTENT, round(13 * em))
        self.items_table.setColumnWidth(COL_BASIS, round(15 * em))
        outer.addWidget(self.items_table, 1)

        row = QHBoxLayout()
        self.add_button = QPushButton("添加检查项")
        self.remove_button = QPushButton("删除")
        self.up_button = QPushButton("上移")
        self.down_button = QPushButton("下移")
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            row.addWidget(b)
        row.addStretch(1)
        hint = QLabel("双击单元格修改；勾选“重大隐患判定项”的项目判为不合格时，建议按重大隐患登记。")
        hint.setStyleSheet("color: palette(placeholder-text);")
        row.addWidget(hint)
        outer.addLayout(row)

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        outer.addWidget(self.error_label)

        self.buttons = QDialogButtonBox()
        self.new_version_button = self.buttons.addButton(
            "另存为新版本", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.new_version_button.hide()
        self.save_button = self.buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

        self.add_button.clicked.connect(lambda: self.add_item())
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.new_version_button.clicked.connect(self.save_as_new_version)
        self.items_table.itemSelectionChanged.connect(self._update_buttons)
        self.items_table.itemChanged.connect(_sync_tooltip)

    # -- load / read ---------------------------------------------------------------------------
    def load(self, t: ChecklistTemplate) -> None:
        """Show a template version."""
        self.template = t
        self.name_edit.setText(t.name)
        for value, box in self.type_checks.items():
            box.setChecked(value in t.target_types)
        self.basis_edit.setText(t.basis)
        self.items_table.setRowCount(0)
        for it in t.items:
            self.add_item(it)
        if self.items_table.rowCount():
            self.items_table.selectRow(0)
        if t.builtin:
            self.note_label.setText("这是软件内置的检查表，不能直接修改。请在列表中选择“复制为新表…”，再编辑副本。")
            self.note_label.show()
        elif self.uses:
            self.note_label.setText(
                f"「{t.title}」已被 {self.uses} 次检查使用。可以修改名称、适用对象和依据；"
                "若要增删或修改检查项，请“另存为新版本”：新的检查使用新版本，"
                "以前的检查记录仍保留它们当时使用的版本，不受影响。"
            )
            self.note_label.show()
            self.new_version_button.show()
        self.error_label.hide()
        self._update_buttons()

    def add_item(self, item: ChecklistItem | None = None) -> int:
        """Append an items row (empty when ``item`` is None) and return its index."""
        t = self.items_table
        r = t.rowCount()
        t.insertRow(r)
        item = item or ChecklistItem(seq=r + 1, content="")
        for c, text in ((COL_CONTENT, item.content), (COL_STANDARD, item.standard),
                        (COL_BASIS, item.basis)):  # fmt: skip
            cell = QTableWidgetItem(text)
            cell.setToolTip(text)
            t.setItem(r, c, cell)
        major = QTableWidgetItem("重大")
        major.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                       | Qt.ItemFlag.ItemIsUserCheckable)  # fmt: skip
        major.setCheckState(Qt.CheckState.Checked if item.major else Qt.CheckState.Unchecked)
        t.setItem(r, COL_MAJOR, major)
        t.selectRow(r)
        if not item.content:
            t.scrollToBottom()
        self._update_buttons()
        return r

    def remove_selected(self) -> None:
        """Delete the selected item row."""
        r = self.selected_row()
        if r >= 0:
            self.items_table.removeRow(r)
            if self.items_table.rowCount():
                self.items_table.selectRow(min(r, self.items_table.rowCount() - 1))
        self._update_buttons()

    def move_selected(self, step: int) -> None:
        """Move the selected row up (-1) or down (+1)."""
        t = self.items_table
        r = self.selected_row()
        other = r + step
        if r < 0 or not 0 <= other < t.rowCount():
            return
        for c in range(t.columnCount()):
            a, b = t.takeItem(r, c), t.takeItem(other, c)
            t.setItem(r, c, b)
            t.setItem(other, c, a)
        t.selectRow(other)
        self._update_buttons()

    def selected_row(self) -> int:
        """Index of the selected item row, or -1."""
        rows = self.items_table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _update_buttons(self) -> None:
        r = self.selected_row()
        n = self.items_table.rowCount()
        self.remove_button.setEnabled(r >= 0)
        self.up_button.setEnabled(r > 0)
        self.down_button.setEnabled(0 <= r < n - 1)

    def items(self) -> tuple[ChecklistItem, ...]:
        """The items as edited, numbered 1..n; rows left completely empty are dropped."""
        t = self.items_table
        out: list[ChecklistItem] = []
        for r in range(t.rowCount()):
            content, standard, basis = (table_item(t, r, c).text().strip()
                                        for c in (COL_CONTENT, COL_STANDARD, COL_BASIS))  # fmt: skip
            major = table_item(t, r, COL_MAJOR).checkState() == Qt.CheckState.Checked
            if content or standard or basis or major:
                out.append(ChecklistItem(seq=len(out) + 1, content=content, standard=standard,
                                         basis=basis, major=major))  # fmt: skip
        return tuple(out)

    def target_types(self) -> tuple[str, ...]:
        """The ticked unit types, in enum order."""
        return tuple(v for v, box in self.type_checks.items() if box.isChecked())

    def value(self) -> ChecklistTemplate:
        """The template as edited."""
        return dataclasses.replace(
            self.template, name=self.name_edit.text().strip(), target_types=self.target_types(),
            basis=self.basis_edit.text().strip(), items=self.items(),
        )  # fmt: skip

    # -- save ----------------------------------------------------------------------------------
    def show_error(self, message: str) -> None:
        """Show a message above the buttons."""
        self.error_label.setText(message)
        self.error_label.show()

    def _check_name(self) -> bool:
        if self.name_edit.text().strip():
            return True
        self.show_error("请填写检查表名称。")
        self.name_edit.setFocus()
        return False

    def accept(self) -> None:
        """保存: edit in place; when refused because the version was used, offer a new version."""
        if not self._check_name():
            return
        try:
            saved = self.ctx.workspace.checklists.save(self.value())
        except ValidationError as exc:
            self.show_error(exc.message)
            return
        except ConflictError as exc:
            if not self.template.builtin:
                self.uses = max(self.uses, 1)
                self.new_version_button.show()
                self.new_version_button.setDefault(True)
                self.new_version_button.setFocus()
                self.show_error(str(exc))
            else:
                self.show_error(str(exc))
            return
        except SafetyDeskError as exc:
            self.show_error(str(exc))
            return
        self._done(saved)

    def save_as_new_version(self) -> Saved[ChecklistTemplate] | None:
        """另存为新版本: the edited items become the next version; the old one is retired."""
        if not self._check_name():
            return None
        edited = self.value()
        checklists = self.ctx.workspace.checklists
        try:
            saved = checklists.new_version(self.template.id or 0, edited.items, name=edited.name)
            new = saved.record
            if (new.target_types, new.basis) != (edited.target_types, edited.basis):
                # new_version copies types and basis from the old version; the new one is unused.
                more = checklists.save(dataclasses.replace(new, target_types=edited.target_types,
                                                           basis=edited.basis))  # fmt: skip
                saved = Saved(more.record, saved.changes | more.changes)
        except ValidationError as exc:
            self.show_error(exc.message)
            return None
        except SafetyDeskError as exc:
            self.show_error(str(exc))
            return None
        self._done(saved)
        return saved

    def _done(self, saved: Saved[ChecklistTemplate]) -> None:
        self.saved = saved
        super().accept()
        self.record_saved.emit(saved)
        self.ctx.bus.changed.emit(saved.changes)
