"""叫应 view (a tab of the 一制四案 page): the call-outs, and the calls of the one chosen.

Left, every call-out (newest first) with its state; right, the chosen call-out's warning and
summary line and its call list in 包保 chain order, each row coloured by its state (已应答
green, 待应答 plain, 待升级 red, 已升级 amber). The buttons 发起叫应, 记录应答, 升级 and 结束预警 call
``ws.callouts`` (dialogs in :mod:`~safetydesk.ui.dialogs.callout_dialogs`), 打印叫应记录 renders
the record and previews it; a refusal is shown
with the app's message helpers, never a traceback. While shown, the states are recomputed every
half minute (a call turns 待升级 as time passes).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.callouts import CallState
from safetydesk.errors import SafetyDeskError
from safetydesk.ui import messages
from safetydesk.ui.dialogs.callout_dialogs import AnswerDialog, CloseDialog, StartDialog
from safetydesk.ui.widgets.layout import bold

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtWidgets import QDialog

    from safetydesk.services import Workspace
    from safetydesk.services.callouts import CallOutService, CallOutStatus
    from safetydesk.ui.context import AppContext
    from safetydesk.ui.dialogs.print_preview import Rendered
    from safetydesk.ui.ops import Op

#: Headers of the call-out list and of the call table.
LIST_HEADERS = ("预警时间", "类型", "级别", "村（社区）", "状态")
CALL_HEADERS = ("序号", "村", "层级", "姓名", "职务", "电话", "状态", "应答时间", "确认/转移", "升级")
#: Row colours by state (None: the table's own).
STATE_COLOURS: dict[CallState, str | None] = {
    CallState.ANSWERED: "#dcefdc",
    CallState.PENDING: None,
    CallState.OVERDUE: "#f6d0d0",
    CallState.ESCALATED: "#fbe7c0",
}
#: How often the states are recomputed while the view is shown (ms).
REFRESH_MS = 30_000


def _hm(value: datetime | None) -> str:
    return "" if value is None else value.strftime("%m-%d %H:%M")


def _table(headers: tuple[str, ...]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(list(headers))
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().hide()
    t.horizontalHeader().setHighlightSections(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


class CalloutsView(QWidget):
    """The 叫应 tab.

    Attributes:
        status: The chosen call-out as shown (None when there is none).
        dialog: The dialog opened last (tests drive it; None when none is open).
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.status: CallOutStatus | None = None
        self.dialog: QDialog | None = None
        self._ids: list[int] = []
        self._build()
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.refresh()

    @property
    def service(self) -> CallOutService:
        """``ws.callouts``."""
        return self.ctx.workspace.callouts

    # -- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 12, 12, 8)
        bar = QHBoxLayout()
        self.start_button = QPushButton("发起叫应…")
        self.start_button.setToolTip("记录一次预警，按包保责任链生成呼叫名单")
        self.answer_button = QPushButton("记录应答…")
        self.escalate_button = QPushButton("升级")
        self.escalate_button.setToolTip("把超过升级时限仍未应答的呼叫升级到上一级责任人")
        self.close_button = QPushButton("结束预警…")
        self.print_button = QPushButton("打印叫应记录…")
        self.print_button.setToolTip("生成这次叫应的叫应记录（PDF），预览后打印或另存")
        for b in (self.start_button, self.answer_button, self.escalate_button, self.close_button):
            bar.addWidget(b)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        outer.addLayout(bar)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(bold(QLabel("叫应记录")))
        self.list_table = _table(LIST_HEADERS)
        lay.addWidget(self.list_table, 1)
        splitter.addWidget(left)
        right = QWidget()
        lay = QVBoxLayout(right)
        lay.setContentsMargins(0, 0, 0, 0)
        self.title_label = bold(QLabel(), 1)
        self.title_label.setWordWrap(True)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        lay.addWidget(self.title_label)
        lay.addWidget(self.summary_label)
        self.call_table = _table(CALL_HEADERS)
        lay.addWidget(self.call_table, 1)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        outer.addWidget(splitter, 1)
        self.list_table.itemSelectionChanged.connect(self._on_selected)
        self.start_button.clicked.connect(self.open_start)
        self.answer_button.clicked.connect(self.open_answer)
        self.escalate_button.clicked.connect(self.escalate)
        self.close_button.clicked.connect(self.open_close)
        self.print_button.clicked.connect(self.print_record)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        """Recompute on show and keep doing so while shown."""
        super().showEvent(event)
        self.refresh()
        self._timer.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt API
        """Stop the periodic refresh while hidden."""
        self._timer.stop()
        super().hideEvent(event)

    # -- data ----------------------------------------------------------------------------------
    def selected_id(self) -> int | None:
        """The chosen call-out's id."""
        rows = self.list_table.selectionModel().selectedRows()
        return self._ids[rows[0].row()] if rows and rows[0].row() < len(self._ids) else None

    def refresh(self, select: int | None = None) -> None:
        """Reload the list (keeping or moving the choice to ``select``) and the chosen one."""
        keep = select if select is not None else self.selected_id()
        callouts = self.service.list()
        self._ids = [c.id or 0 for c in callouts]
        t = self.list_table
        t.blockSignals(True)
        t.setRowCount(len(callouts))
        for r, c in enumerate(callouts):
            villages = "、".join(self.service.village_names(c.id or 0))
            state = "已结束" if c.closed else "进行中"
            for col, text in enumerate((_hm(c.issued_at), str(c.kind), str(c.level), villages,
                                        state)):  # fmt: skip
                t.setItem(r, col, QTableWidgetItem(text))
        row = self._ids.index(keep) if keep in self._ids else (0 if self._ids else -1)
        if row >= 0:
            t.selectRow(row)
        t.blockSignals(False)
        self._show_selected()

    def _on_selected(self) -> None:
        self._show_selected()

    def _show_selected(self) -> None:
        cid = self.selected_id()
        self.status = st = None if cid is None else self.service.show(cid)
        running = st is not None and not st.callout.closed
        self.answer_button.setEnabled(running)
        self.escalate_button.setEnabled(running)
        self.close_button.setEnabled(running)
        self.print_button.setEnabled(st is not None)
        if st is None:
            self.title_label.setText("还没有叫应记录。发布预警时点“发起叫应…”。")
            self.summary_label.setText("")
            self.call_table.setRowCount(0)
            return
        c = st.callout
        self.title_label.setText(f"{c.kind}{c.level}预警 {_hm(c.issued_at)}"
                                 f"{'（' + c.source + '）' if c.source else ''}：{'、'.join(st.villages)}")  # fmt: skip
        text = (f"共 {len(st.lines)} 人：已应答 {len(st.answered)}，待应答 {len(st.pending)}，"
                f"待升级 {len(st.overdue)}，已升级 {len(st.escalated)}；{c.escalate_after} 分钟未应答即升级；"
                f"报告转移 {st.reported_moved} 人。")  # fmt: skip
        if c.closed:
            text += f"已于 {_hm(c.closed_at)} 结束：转移 {c.moved} 人，返回 {c.returned} 人。"
        self.summary_label.setText(text)
        t = self.call_table
        t.setRowCount(len(st.lines))
        for r, x in enumerate(st.lines):
            call = x.call
            done = []
            if call.answered_at is not None:
                done = ["收到", *(["到岗"] if call.on_duty else [])]
                if call.moved is not None:
                    done.append(f"转移 {call.moved} 人")
            up = ""
            if call.escalated_at is not None:
                up = f"{_hm(call.escalated_at)} → {x.escalate_to or '无上一级'}"
            texts = (str(call.position), x.village, str(call.level), call.name, call.role,
                     call.phone, str(x.state), _hm(call.answered_at),
                     "、".join(done) + (f"；{call.note}" if call.note else ""), up)  # fmt: skip
            colour = STATE_COLOURS[x.state]
            for col, value in enumerate(texts):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, call.id)
                if colour:
                    item.setBackground(QBrush(QColor(colour)))
                t.setItem(r, col, item)

    def selected_call(self) -> int | None:
        """The id of the call chosen in the call table."""
        rows = self.call_table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.call_table.item(rows[0].row(), 0)
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    # -- actions -------------------------------------------------------------------------------
    def _refused(self, exc: SafetyDeskError) -> None:
        messages.show_warning(self, str(exc), title="操作未完成")

    def _open(self, dialog: QDialog, on_accept: Callable[[], None]) -> QDialog:
        self.dialog = dialog
        dialog.accepted.connect(on_accept)
        dialog.open()
        return dialog

    def open_start(self) -> StartDialog:
        """发起叫应: the dialog (type, level, villages …); accepting starts the call-out."""
        villages = {v.id or 0: v.name for v in self.ctx.workspace.villages.list()}
        dialog = StartDialog(villages, self.service.now(), self.service.default_escalate_after(),
                             self)  # fmt: skip

        def start() -> None:
            v = dialog.values()
            try:
                callout, _ = self.service.start(v.kind, v.level, v.village_ids, issued_at=v.issued_at,
                                                source=v.source, message=v.message,
                                                escalate_after=v.escalate_after)  # fmt: skip
            except SafetyDeskError as exc:
                self._refused(exc)
                return
            self.refresh(select=callout.id)

        self._open(dialog, start)
        return dialog

    def open_answer(self) -> AnswerDialog | None:
        """记录应答: the dialog over the chosen call-out's calls."""
        st = self.status
        if st is None or st.callout.closed:
            return None
        cid = st.callout.id or 0
        calls = [x.call for x in st.lines]
        dialog = AnswerDialog(calls, self.service.now(), self.selected_call(), self)

        def answer() -> None:
            v = dialog.values()
            try:
                self.service.answer(cid, v.call_id, at=v.at, note=v.note, on_duty=v.on_duty,
                                    moved=v.moved)  # fmt: skip
            except SafetyDeskError as exc:
                self._refused(exc)
                return
            self.refresh(select=cid)

        self._open(dialog, answer)
        return dialog

    def escalate(self) -> int:
        """升级: escalate the calls now past the escalation time; returns how many."""
        st = self.status
        if st is None:
            return 0
        cid = st.callout.id or 0
        try:
            done = self.service.escalate_due(cid)
        except SafetyDeskError as exc:
            self._refused(exc)
            return 0
        self.refresh(select=cid)
        if not done:
            messages.show_info(self, "没有超过升级时限仍未应答的呼叫。")
        return len(done)

    def print_record(self) -> Op[Rendered] | None:
        """打印叫应记录: render the chosen call-out's record off the UI thread, then preview it."""
        from safetydesk.services.callout_record import print_record
        from safetydesk.ui.dialogs.print_preview import export_path, render_and_preview

        st = self.status
        if st is None:
            return None
        cid = st.callout.id or 0

        def render(ws: Workspace, out: Path) -> Rendered:
            return print_record(ws, cid, out), ""

        name = f"叫应记录_{st.callout.issued_at.strftime('%Y%m%d_%H%M')}_{cid}"
        return render_and_preview(self, self.ctx, render, export_path(self.ctx, name), "叫应记录")

    def open_close(self) -> CloseDialog | None:
        """结束预警: the dialog (time, moved, returned); warnings are shown after closing."""
        st = self.status
        if st is None or st.callout.closed:
            return None
        cid = st.callout.id or 0
        dialog = CloseDialog(self.service.now(), st.reported_moved, self)

        def close() -> None:
            v = dialog.values()
            try:
                closed = self.service.close(cid, at=v.at, moved=v.moved, returned=v.returned,
                                            note=v.note)  # fmt: skip
            except SafetyDeskError as exc:
                self._refused(exc)
                return
            self.refresh(select=cid)
            if closed.warnings:
                messages.show_info(self, "\n".join(closed.warnings), title="已结束，请核实")

        self._open(dialog, close)
        return dialog
