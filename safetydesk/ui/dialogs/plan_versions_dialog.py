"""The versions of one 一制四案 item (a village's or the township's), and its state changes.

Opened from a plan cell of the matrix. The list shows every version, newest first, with its
dates, status and 需修订 reason; the buttons are those B §1.5 allows for the newest version:
新增版本 (a draft copied from the last one), 提交审核, 退回修改, 生效 (asks 审议日期, 审核人 and
审核日期), 标记需修订 (asks the reason) and 废止. Every change goes through ``ws.plans`` and
is announced on the bus (``Topic.PLANS``); refusals show the service's Chinese message.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.plans import TRANSITIONS, PlanKind, PlanStatus, PlanVersion, current_status
from safetydesk.errors import SafetyDeskError
from safetydesk.labels import day_text
from safetydesk.services.plans import TOWNSHIP
from safetydesk.ui import messages
from safetydesk.ui.dialogs.plan_content_form import PlanContentForm
from safetydesk.ui.dialogs.plan_forms import (
    PLANS_CHANGED,
    EffectiveForm,
    NewVersionForm,
    ReasonForm,
    ServiceForm,
)
from safetydesk.ui.models.plan_matrix import STATUS_BACKGROUND, STATUS_FOREGROUND

if TYPE_CHECKING:
    from safetydesk.ui.context import AppContext

#: Columns of the version list.
VERSION_HEADERS: tuple[str, ...] = (
    "版本", "状态", "编制日期", "审议日期", "审核人", "审核日期", "生效日期", "下次修订", "需修订原因",
)  # fmt: skip

#: Content fields of a version shown under the list, with their labels.
CONTENT_LABELS: tuple[tuple[str, str], ...] = (
    ("warning_signal", "预警信号"), ("evacuate_signal", "转移信号"), ("trigger_levels", "响应分级"),
    ("evacuation_triggers", "转移条件"), ("return_conditions", "返回条件"),
    ("attachment_name", "预案文本"), ("notes", "备注"),
)  # fmt: skip


def _row_texts(v: PlanVersion) -> tuple[str, ...]:
    return (
        v.version, str(v.status), day_text(v.drafted_on), day_text(v.adopted_on), v.reviewed_by,
        day_text(v.reviewed_on), day_text(v.effective_on), day_text(v.next_revision_on),
        v.revision_reason,
    )  # fmt: skip


class PlanVersionsDialog(QDialog):
    """Versions and state changes of one item.

    Args:
        ctx: The AppContext.
        village_id: The village (``None``: the township's own item).
        kind: The item.
        parent: Parent widget.
    """

    def __init__(
        self, ctx: AppContext, village_id: int | None, kind: PlanKind,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.ctx, self.village_id, self.kind = ctx, village_id, kind
        names = ctx.workspace.villages.names()
        self.label = TOWNSHIP if village_id is None else names.get(village_id, "该村")
        self.versions: list[PlanVersion] = []
        self.setWindowTitle(f"{self.label} · {kind} — 版本")
        lay = QVBoxLayout(self)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.status_label)
        self.table = QTableWidget(0, len(VERSION_HEADERS))
        self.table.setHorizontalHeaderLabels(list(VERSION_HEADERS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.table, 1)
        #: The selected version's content (B §1.4 fields, attachment, notes), read-only.
        self.content_label = QLabel()
        self.content_label.setWordWrap(True)
        self.content_label.setTextFormat(Qt.TextFormat.PlainText)
        self.content_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.content_label)
        self.table.currentCellChanged.connect(lambda *_a: self.show_content())
        buttons = QHBoxLayout()
        self.new_button = QPushButton("新增版本…")
        self.submit_button = QPushButton("提交审核")
        self.return_button = QPushButton("退回修改")
        self.effective_button = QPushButton("生效…")
        self.revise_button = QPushButton("标记需修订…")
        self.retire_button = QPushButton("废止")
        for b in (self.new_button, self.submit_button, self.return_button,
                  self.effective_button, self.revise_button, self.retire_button):  # fmt: skip
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.content_button = QPushButton("编辑内容…")
        self.content_button.setToolTip("预警信号、响应分级、转移条件和各段处置步骤（草稿或待审核时）")
        self.attach_button = QPushButton("附加文档…")
        self.attach_button.setToolTip("预案正文：PDF、Word（.doc/.docx）或 WPS 文件，复制到数据文件夹")
        self.open_button = QPushButton("打开文档")
        for b in (self.content_button, self.attach_button, self.open_button):
            buttons.addWidget(b)
        lay.addLayout(buttons)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        lay.addWidget(close)
        self.new_button.clicked.connect(self.add_version)
        self.submit_button.clicked.connect(lambda: self.change(PlanStatus.SUBMITTED))
        self.return_button.clicked.connect(lambda: self.change(PlanStatus.DRAFT))
        self.effective_button.clicked.connect(self.make_effective)
        self.revise_button.clicked.connect(self.mark_revision)
        self.retire_button.clicked.connect(self.retire)
        self.content_button.clicked.connect(self.edit_content)
        self.attach_button.clicked.connect(lambda: self.attach())
        self.open_button.clicked.connect(self.open_document)
        self.resize(1000, 420)
        self.reload()

    # -- reading -------------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the versions; enable the changes the newest version allows."""
        ws = self.ctx.workspace
        self.versions = ws.plans.versions(self.village_id, self.kind)
        last = self.versions[-1] if self.versions else None
        status, reason = current_status(last, ws.clock())
        self.table.setRowCount(len(self.versions))
        for row, v in enumerate(reversed(self.versions)):
            shown = v
            if v is last and status is not v.status:  # A8: past its revision date
                shown = replace(v, status=status, revision_reason=reason)
            for col, text in enumerate(_row_texts(shown)):
                item = QTableWidgetItem(text)
                if col == 1:
                    item.setBackground(STATUS_BACKGROUND[shown.status])
                    item.setForeground(STATUS_FOREGROUND[shown.status])
                if text:
                    item.setToolTip(text)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        if self.versions:
            self.table.setCurrentCell(0, 0)
        self.show_content()
        text = f"{self.label} · {self.kind}：{status}"
        if last is not None:
            text += f"（最新版本 {last.version}）"
        if reason:
            text += f"\n需修订原因：{reason}"
        if last is None:
            text += "\n尚未编制：点击“新增版本”开始编制（草稿）。"
        self.status_label.setText(text)
        stored = last.status if last else PlanStatus.MISSING
        allowed = TRANSITIONS.get(stored, ())
        self.new_button.setEnabled(stored not in (PlanStatus.DRAFT, PlanStatus.SUBMITTED))
        self.submit_button.setEnabled(PlanStatus.SUBMITTED in allowed)
        self.return_button.setEnabled(PlanStatus.DRAFT in allowed)
        self.effective_button.setEnabled(PlanStatus.EFFECTIVE in allowed)
        self.revise_button.setEnabled(PlanStatus.NEEDS_REVISION in allowed)
        self.retire_button.setEnabled(PlanStatus.RETIRED in allowed)
        self.content_button.setEnabled(stored in (PlanStatus.DRAFT, PlanStatus.SUBMITTED))
        self.attach_button.setEnabled(last is not None and stored is not PlanStatus.RETIRED)
        self.open_button.setEnabled(last is not None and bool(last.attachment))

    def show_content(self) -> None:
        """The content of the selected version (newest when none is selected)."""
        row = self.table.currentRow()
        if not self.versions:
            self.content_label.setText("")
            return
        v = list(reversed(self.versions))[max(row, 0)]
        lines = [f"{label}：{getattr(v, name)}" for name, label in CONTENT_LABELS
                 if getattr(v, name)]  # fmt: skip
        self.content_label.setText(
            f"{v.version} 的内容 — "
            + ("；".join(lines) if lines else "尚未填写预警信号、响应分级等内容。")
        )

    # -- changes -------------------------------------------------------------------------------
    def _run_form(self, form: ServiceForm) -> ServiceForm:
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.accepted.connect(self.reload)
        form.open()
        return form

    def add_version(self) -> NewVersionForm:
        """新增版本 (a draft copied from the last version)."""
        form = NewVersionForm(self.ctx, self.village_id, self.kind, self.label, self)
        self._run_form(form)
        return form

    def make_effective(self) -> EffectiveForm:
        """生效: asks 审议日期, 审核人 and 审核日期."""
        last = self.versions[-1] if self.versions else None
        form = EffectiveForm(self.ctx, self.village_id, self.kind, self.label,
                             last.reviewed_by if last else "", self)  # fmt: skip
        if last is not None:
            form.set_dates(last.adopted_on, last.reviewed_on)
        self._run_form(form)
        return form

    def mark_revision(self) -> ReasonForm:
        """标记需修订: asks the reason."""
        form = ReasonForm(self.ctx, self.village_id, self.kind, self.label, self)
        self._run_form(form)
        return form

    def retire(self) -> bool:
        """废止 the newest version (after confirmation)."""
        if not messages.confirm(
            self, f"确定废止{self.label}的{self.kind}预案当前版本吗？废止后该项计为未编制。",
            ok_text="废止",
        ):  # fmt: skip
            return False
        return self.change(PlanStatus.RETIRED)

    def change(self, target: PlanStatus) -> bool:
        """A state change without questions (提交审核, 退回修改, 废止)."""
        try:
            self.ctx.workspace.plans.set_state(self.village_id, self.kind, target)
        except SafetyDeskError as exc:
            messages.show_warning(self, str(exc), title="无法改变状态")
            return False
        self.ctx.bus.changed.emit(PLANS_CHANGED)
        self.reload()
        return True

    # -- content and document ------------------------------------------------------------------
    def edit_content(self) -> PlanContentForm:
        """编辑内容 of the newest (草稿/待审核) version."""
        form = PlanContentForm(self.ctx, self.village_id, self.kind, self.label, self)
        self._run_form(form)
        return form

    def attach(self, path: str | None = None) -> bool:
        """附加文档: choose a PDF/Word/WPS file (``path`` given by tests) and attach it."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, "选择预案文档", "", "预案文档 (*.pdf *.doc *.docx *.wps);;所有文件 (*)"
            )
            if not path:
                return False
        try:
            self.ctx.workspace.plan_content.attach(self.village_id, self.kind, path)
        except SafetyDeskError as exc:
            messages.show_warning(self, str(exc), title="无法附加文档")
            return False
        self.ctx.bus.changed.emit(PLANS_CHANGED)
        self.reload()
        return True

    def open_document(self) -> bool:
        """打开文档 with the system viewer (a missing file is said clearly)."""
        try:
            path = self.ctx.workspace.plan_content.document(self.village_id, self.kind)
        except SafetyDeskError as exc:
            messages.show_warning(self, str(exc), title="无法打开文档")
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
