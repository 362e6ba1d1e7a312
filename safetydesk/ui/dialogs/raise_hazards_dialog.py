"""登记隐患 from an inspection's 不合格 items, in one step (DOMAIN.md B §3.4, issue 4 item 2).

Lists the 不合格 items not yet registered, each with a check box (登记 or not), the suggested level
(重大 for items flagged as 重大隐患判定项, editable) and the measures (pre-filled from the item's
standard, editable); one deadline applies to all (N 自然日 / 工作日, a date, or 立即, counted from
the inspection date). 登记 calls ``ws.inspections.raise_hazards`` once: all or nothing; its
errors (keys ``第N项.field``) are listed at the top and mark their rows. 登记并打印整改通知书 then
prints the notice for the inspection's hazards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
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

from safetydesk.domain.hazards import HazardLevel
from safetydesk.domain.inspections import Inspection, ItemResultRecord
from safetydesk.domain.schedule import DeadlineKind
from safetydesk.errors import SafetyDeskError, ValidationErrors
from safetydesk.labels import day_text
from safetydesk.ui import messages
from safetydesk.ui.dialogs.form_base import ERROR_COLOUR
from safetydesk.ui.dialogs.inspection_print import print_inspection_form
from safetydesk.ui.widgets.hazard_fields import DeadlineEdit
from safetydesk.ui.widgets.layout import table_item

if TYPE_CHECKING:
    from safetydesk.domain.hazards import Hazard
    from safetydesk.services.changes import Saved
    from safetydesk.ui.context import AppContext
    from safetydesk.ui.dialogs.print_preview import Rendered
    from safetydesk.ui.ops import Op

#: Column indexes of the item table.
COL_TAKE, COL_SEQ, COL_CONTENT, COL_NOTE, COL_LEVEL, COL_MEASURES = range(6)
#: Background of rows an error points at.
ERROR_TINT = QColor("#f8c9c4")


def default_measures(item: ItemResultRecord) -> str:
    """The measures the service would write for an item (shown so they can be edited)."""
    if item.standard:
        return f"按要求整改：{item.standard}"
    return f"对“{item.content}”存在的问题进行整改。"


class RaiseHazardsDialog(QDialog):
    """Register the pending 不合格 items of one inspection as hazards.

    Args:
        ctx: The AppContext.
        inspection: The saved inspection.
        parent: Parent widget.

    Signals:
        hazards_raised: Emitted with the :class:`Saved` result (list of hazards) after success.
    """

    hazards_raised = Signal(object)

    def __init__(
        self, ctx: AppContext, inspection: Inspection, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.inspection = inspection
        self.items = [r for r in inspection.failed_items if r.hazard_id is None]
        self.saved: Saved[list[Hazard]] | None = None
        #: The printing op started by 登记并打印整改通知书.
        self.print_op: Op[Rendered] | None = None
        self.setWindowTitle("不合格项登记为隐患")
        self.setModal(True)
        lay = QVBoxLayout(self)
        unit = ctx.workspace.units.get(inspection.unit_id) if inspection.unit_id else None
        head = QLabel(
            f"<b>{unit.name if unit else inspection.place}</b>　{day_text(inspection.inspected_on)}　"
            f"检查人员：{inspection.inspector_names}<br>"
            f"下列 {len(self.items)} 个不合格项将一次登记为隐患，并与本次检查关联。"
            "标为“重大”的是重大隐患判定项，建议按重大隐患登记。"
        )
        head.setWordWrap(True)
        lay.addWidget(head)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(
            f"color: {ERROR_COLOUR}; background: #fdecea; padding: 6px; border-radius: 3px;"
        )
        self.error_label.hide()
        lay.addWidget(self.error_label)
        self.table = QTableWidget(len(self.items), 6)
        self.table.setHorizontalHeaderLabels(
            ["登记", "序号", "检查内容", "发现的问题", "隐患等级", "整改措施"]
        )
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        em = self.fontMetrics().horizontalAdvance("中")
        hh = self.table.horizontalHeader()
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for col, width in ((COL_TAKE, 3), (COL_SEQ, 3), (COL_CONTENT, 9), (COL_NOTE, 12),
                           (COL_LEVEL, 5.5)):  # fmt: skip
            self.table.setColumnWidth(col, round(width * em) + 12)
        hh.setSectionResizeMode(COL_MEASURES, QHeaderView.ResizeMode.Stretch)
        for row, item in enumerate(self.items):
            self._fill_row(row, item)
        self.table.resizeRowsToContents()
        lay.addWidget(self.table, 1)
        form = QFormLayout()
        self.deadline_edit = DeadlineEdit(ctx.workspace.hazards.calendar)
        self.deadline_edit.set_found_on(inspection.inspected_on or ctx.workspace.clock())
        self.deadline_edit.set_values(DeadlineKind.CALENDAR_DAYS, 7, None)
        form.addRow("整改期限（全部）", self.deadline_edit)
        lay.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton("登记隐患")
        self.save_button.setDefault(True)
        self.print_button = QPushButton("登记并打印整改通知书")
        self.print_button.setToolTip("登记后立即为这些隐患打印（下达）安全隐患整改通知书")
        self.cancel_button = QPushButton("取消")
        for b in (self.save_button, self.print_button, self.cancel_button):
            buttons.addWidget(b)
        self.save_button.clicked.connect(lambda: self.register(print_notice=False))
        self.print_button.clicked.connect(lambda: self.register(print_notice=True))
        self.cancel_button.clicked.connect(self.reject)
        lay.addLayout(buttons)
        self.resize(min(1100, 60 * em + 120), 460)

    def _fill_row(self, row: int, item: ItemResultRecord) -> None:
        take = QCheckBox()
        take.setChecked(True)
        take.setToolTip("取消勾选则本次不登记此项")
        holder = QWidget()
        hl = QVBoxLayout(holder)
        hl.setContentsMargins(8, 0, 0, 0)
        hl.addWidget(take)
        self.table.setCellWidget(row, COL_TAKE, holder)
        for col, text in ((COL_SEQ, str(item.seq)), (COL_CONTENT, item.content),
                          (COL_NOTE, item.note)):  # fmt: skip
            cell = QTableWidgetItem(text)
            cell.setFlags(Qt.ItemFlag.ItemIsEnabled)
            if item.basis:
                cell.setToolTip(f"依据：{item.basis}")
            self.table.setItem(row, col, cell)
        level = QComboBox()
        for lv in HazardLevel:
            level.addItem(lv.value, lv.value)
        level.setCurrentIndex(level.findData((HazardLevel.MAJOR if item.major
                                              else HazardLevel.ORDINARY).value))  # fmt: skip
        if item.major:
            level.setToolTip("重大隐患判定项：建议按重大隐患登记（判定依据取自检查表）")
        measures = QLineEdit(default_measures(item))
        self.table.setCellWidget(row, COL_LEVEL, level)
        self.table.setCellWidget(row, COL_MEASURES, measures)

    # -- per-row widgets (also used by tests) --------------------------------------------------
    def take_check(self, row: int) -> QCheckBox:
        """The 登记 check box of a row."""
        holder = self.table.cellWidget(row, COL_TAKE)
        check = holder.findChild(QCheckBox) if holder is not None else None
        if check is None:
            raise LookupError(f"no 登记 check box in row {row}")
        return check

    def level_combo(self, row: int) -> QComboBox:
        """The level combo of a row."""
        combo = self.table.cellWidget(row, COL_LEVEL)
        if not isinstance(combo, QComboBox):
            raise LookupError(f"no level combo in row {row}")
        return combo

    def measures_edit(self, row: int) -> QLineEdit:
        """The measures box of a row."""
        edit = self.table.cellWidget(row, COL_MEASURES)
        if not isinstance(edit, QLineEdit):
            raise LookupError(f"no measures box in row {row}")
        return edit

    # -- registering ---------------------------------------------------------------------------
    def register(self, *, print_notice: bool = False) -> bool:
        """Call ``raise_hazards`` once for the checked items; True when registered."""
        rows = [r for r in range(len(self.items)) if self.take_check(r).isChecked()]
        if not rows:
            self._show_error("请至少勾选一个要登记的不合格项。")
            return False
        seqs = [self.items[r].seq for r in rows]
        d = self.deadline_edit.values()
        try:
            saved = self.ctx.workspace.inspections.raise_hazards(
                self.inspection.id or 0,
                seqs=seqs,
                deadline_kind=d["deadline_kind"],
                deadline_days=d["deadline_days"],
                due_on=d["due_on"],
                measures={self.items[r].seq: self.measures_edit(r).text().strip() for r in rows},
                levels={self.items[r].seq: self.level_combo(r).currentData() for r in rows},
            )
        except ValidationErrors as exc:
            self._show_item_errors(exc.errors)
            return False
        except SafetyDeskError as exc:
            messages.show_warning(self, str(exc), title="不能登记隐患")
            return False
        self.saved = saved
        super().accept()
        self.hazards_raised.emit(saved)
        self.ctx.bus.changed.emit(saved.changes)
        if print_notice:
            self.print_op = print_inspection_form(
                self.parentWidget(), self.ctx, self.inspection.id or 0, "notice"
            )
        return True

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def _show_item_errors(self, errors: dict[str, str]) -> None:
        """List ``第N项.field`` messages and tint their rows."""
        lines, bad = [], set()
        for key, msg in errors.items():
            prefix, _, _field = key.partition(".")
            seq = (
                int(prefix.removeprefix("第").removesuffix("项"))
                if prefix.startswith("第")
                else None
            )
            lines.append(f"{prefix}：{msg}" if seq is not None else msg)
            if seq is not None:
                bad.add(seq)
        self._show_error("没有登记任何隐患，请修改后重试：\n" + "\n".join(lines))
        for row, item in enumerate(self.items):
            brush = QBrush(ERROR_TINT) if item.seq in bad else QBrush()
            for col in (COL_SEQ, COL_CONTENT, COL_NOTE):
                table_item(self.table, row, col).setBackground(brush)


def open_raise_hazards(
    ctx: AppContext, inspection_id: int, parent: QWidget | None
) -> RaiseHazardsDialog | None:
    """Open the dialog for an inspection (non-blocking); a message instead when nothing to do."""
    ins = ctx.workspace.inspections.get(inspection_id)
    if ins.unit_id is None:
        messages.show_warning(
            parent,
            "村(社区)检查点的检查没有对应的单位场所，不能自动登记隐患。"
            "请在“隐患整改”中逐条登记，并在隐患中注明本次检查。",
            title="不能登记隐患",
        )
        return None
    if not any(r.hazard_id is None for r in ins.failed_items):
        messages.show_info(
            parent,
            "本次检查没有尚未登记的不合格项（不合格项都已登记为隐患，或检查表中没有不合格项）。",
            title="没有需要登记的隐患",
        )
        return None
    dlg = RaiseHazardsDialog(ctx, ins, parent)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.open()
    return dlg
