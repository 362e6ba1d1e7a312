"""One dialog for every hazard action (A2), showing exactly the fields that action needs.

:class:`HazardActionDialog` asks for the date (today by default), 经办人 and a note, plus the
action's details — 复查人 and 复查意见 (and a new deadline when 不合格), the 延期 application,
the 移交 department, the 撤销 reason, the 验收 unit and person — and calls
``ws.hazards.transition``. 下达整改通知 takes several hazards of one unit at once and issues one
numbered notice (``ws.hazards.issue_notice``; hazards of different units are refused with the
service's message); it then prints the notice (or, ticked by an inspector holding a 执法证号,
the 责令限期整改指令书) in the background and opens the preview.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from safetydesk.domain.documents import Document
from safetydesk.domain.hazards import EventDetails, Hazard, HazardAction
from safetydesk.errors import SafetyDeskError, ValidationErrors
from safetydesk.services.changes import Saved
from safetydesk.ui.dialogs.form_base import FormView
from safetydesk.ui.dialogs.hazard_print import print_issued
from safetydesk.ui.widgets.hazard_fields import DateEdit, PeopleEdit

if TYPE_CHECKING:
    from safetydesk.ui.context import AppContext
    from safetydesk.ui.dialogs.form_base import FieldBox

A = HazardAction
#: Label of the date field per action.
DATE_LABELS: dict[HazardAction, str] = {
    A.ISSUE_NOTICE: "下达日期", A.RECEIPT: "收到日期", A.RECHECK_PASS: "复查日期",
    A.RECHECK_FAIL: "复查日期", A.ON_SPOT: "整改日期", A.EXTEND: "批准日期",
    A.TRANSFER: "移交日期", A.CANCEL: "撤销日期", A.ACCEPT: "验收日期", A.CLOSE: "销号日期",
}  # fmt: skip
#: The details each action needs: (key passed to the service, label, widget kind).
DETAILS: dict[HazardAction, tuple[tuple[str, str, str], ...]] = {
    A.RECHECK_PASS: (("rechecked_by", "复查人", "people"), ("opinion", "复查意见", "text")),
    A.RECHECK_FAIL: (
        ("rechecked_by", "复查人", "people"), ("opinion", "复查意见", "text"),
        ("new_due_on", "新的整改期限", "date"),
    ),
    A.EXTEND: (
        ("requested_on", "申请日期", "date"), ("reason", "延期原因", "text"),
        ("new_due_on", "延期后的期限", "date"), ("approver", "批准人", "line"),
    ),
    A.TRANSFER: (("department", "移交部门", "department"),),
    A.CANCEL: (("reason", "撤销原因", "text"),),
    A.ACCEPT: (("accepted_unit", "验收单位", "line"), ("accepted_by", "验收人", "line")),
}  # fmt: skip
#: County departments a hazard is usually handed to.
DEPARTMENTS: tuple[str, ...] = (
    "县应急管理局", "县消防救援大队", "县住房和城乡建设局", "县市场监督管理局",
    "县交通运输局", "县自然资源局", "县水务局", "县林业局", "县公安局",
)  # fmt: skip


# -- dialog --------------------------------------------------------------------------------------
class HazardActionDialog(FormView):
    """Ask for what ``action`` needs and apply it to ``hazard_ids``.

    Args:
        ctx: The AppContext.
        hazard_ids: The hazards (several only for 下达整改通知).
        action: What to do.
        parent: Parent widget.

    Attributes:
        saved: The service's :class:`Saved` result once accepted.
        number: The 文号 of the notice issued (下达整改通知 only).
    """

    #: Emitted with the Saved result after the action was applied.
    record_saved = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        hazard_ids: list[int],
        action: HazardAction,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.action = action
        self.hazard_ids = list(dict.fromkeys(hazard_ids))
        self.saved: Saved[Hazard] | Saved[Document] | None = None
        self.number = ""
        self.inputs: dict[str, QWidget] = {}
        ws = ctx.workspace
        self.hazards = [ws.hazards.get(i) for i in self.hazard_ids]
        first = self.hazards[0]
        self.save_button.setText("下达并打印" if action is A.ISSUE_NOTICE else "确定")
        self.setWindowTitle(
            f"{action.value}（{len(self.hazards)} 条隐患）" if len(self.hazards) > 1
            else f"{action.value} — {first.code}"
        )  # fmt: skip
        self._build(first)
        self.setMinimumWidth(560)

    def _build(self, first: Hazard) -> None:
        ws = self.ctx.workspace
        today = ws.clock()
        lines = [f"{h.code}　{h.description}" for h in self.hazards[:6]]
        if len(self.hazards) > 6:
            lines.append(f"…… 共 {len(self.hazards)} 条")
        summary = QLabel("\n".join(lines))
        summary.setWordWrap(True)
        summary.setStyleSheet("color: #374151; padding-bottom: 4px;")
        self.add_row("隐患", summary)
        self.on_edit = DateEdit()
        self.on_edit.set_day(today)
        self.on_edit.setMaximumDate(self.on_edit.date())
        self.add_row(DATE_LABELS[self.action], self.field("on", self.on_edit), required=True)
        for key, label, kind in DETAILS.get(self.action, ()):
            widget = self._detail_widget(key, kind, first)
            self.inputs[key] = widget
            self.add_row(label, self.field(key, widget), required=True)
        self.order_check: QCheckBox | None = None
        self.inspectors_edit: PeopleEdit | None = None
        if self.action is A.ISSUE_NOTICE:
            # Who signs the notice: the hazards' inspectors by default, recorded on issue.
            self.inspectors_edit = PeopleEdit(ws.people)
            people = ws.forms.notice_signers(self.hazard_ids)
            self.inspectors_edit.edit.setText("，".join(s.name for s in people))
            self.inspectors_edit.setToolTip(
                "通知书上署名的检查人员（两人），执法证号取自人员名录；默认为隐患所属检查记录的"
                "检查人员，否则为发现人。"
            )
            self.add_row("检查人员", self.field("inspectors", self.inspectors_edit))
            signers = [s.name for s in people if s.cert_no]
            if signers:
                self.order_check = QCheckBox("以责令限期整改指令书（执法文书）下达")
                self.order_check.setToolTip(
                    "执法人员：" + "、".join(signers) + "（须两名持执法证的检查人员）"
                )
                self.add_row("文书", self.order_check)
        self.by_edit = QLineEdit()
        self.by_edit.setPlaceholderText("办理人姓名")
        self.add_row("经办人", self.field("by", self.by_edit))
        self.note_edit = QPlainTextEdit()
        self.note_edit.setFixedHeight(48)
        self.note_edit.setTabChangesFocus(True)
        self.add_row("备注", self.field("note", self.note_edit))
        for name, box in self.boxes.items():
            self._connect_clear(name, box)

    def _detail_widget(self, key: str, kind: str, h: Hazard) -> QWidget:
        today = self.ctx.workspace.clock()
        if kind == "people":
            return PeopleEdit(self.ctx.workspace.people)
        if kind == "date":
            edit = DateEdit()
            if key == "new_due_on":
                base = today
                if self.action is A.EXTEND and h.due_on:
                    base = max(today, h.due_on)
                edit.set_day(base + timedelta(days=15 if self.action is A.EXTEND else 7))
            else:
                edit.set_day(today)
                edit.setMaximumDate(edit.date())
            return edit
        if kind == "text":
            box = QPlainTextEdit()
            box.setFixedHeight(56)
            box.setTabChangesFocus(True)
            if key == "opinion" and self.action is A.RECHECK_PASS:
                box.setPlainText("经复查，隐患已按要求整改到位，复查合格。")
            return box
        if kind == "department":
            combo = QComboBox()
            combo.setEditable(True)
            combo.addItems(["", *DEPARTMENTS])
            return combo
        line = QLineEdit()
        if key == "accepted_unit":
            line.setText(h.listed_body)
        return line

    def _connect_clear(self, name: str, box: FieldBox) -> None:
        w = box.widget

        def clear(*_args: object) -> None:
            box.set_error("")

        for signal in ("changed", "dateChanged", "textChanged", "editTextChanged"):
            if hasattr(w, signal):
                getattr(w, signal).connect(clear)
                return

    # -- values --------------------------------------------------------------------------------
    def details(self) -> EventDetails:
        """The action's details as the service takes them."""
        out: dict[str, Any] = {}
        for key, w in self.inputs.items():
            if isinstance(w, PeopleEdit):
                out[key] = tuple(w.names())
            elif isinstance(w, DateEdit):
                out[key] = w.day()
            elif isinstance(w, QPlainTextEdit):
                out[key] = w.toPlainText().strip()
            elif isinstance(w, QComboBox):
                out[key] = w.currentText().strip()
            elif isinstance(w, QLineEdit):
                out[key] = w.text().strip()
        return EventDetails(**out)

    # -- apply ---------------------------------------------------------------------------------
    def accept(self) -> None:
        """Apply the action; keep the dialog open with the messages when it is refused."""
        hazards = self.ctx.workspace.hazards
        on = self.on_edit.day()
        by = self.by_edit.text().strip()
        note = self.note_edit.toPlainText().strip()
        order = self.order_check is not None and self.order_check.isChecked()
        saved: Saved[Hazard] | Saved[Document]
        try:
            if self.action is A.ISSUE_NOTICE:
                chosen = self.inspectors_edit.names() if self.inspectors_edit else []
                if order:  # refused before a number is taken: fewer than two 执法证号
                    self.ctx.workspace.forms.check_order(self.hazard_ids, chosen=chosen)
                saved = hazards.issue_notice(self.hazard_ids, on=on, by=by, note=note, order=order,
                                             inspectors=chosen)  # fmt: skip
            else:
                saved = hazards.transition(
                    self.hazard_ids[0], self.action, on=on, by=by, note=note, details=self.details()
                )
        except ValidationErrors as exc:
            self.show_errors(exc.errors)
            return
        except SafetyDeskError as exc:
            self.show_errors({"": str(exc)})
            return
        self.saved = saved
        parent = self.parentWidget()
        if self.action is A.ISSUE_NOTICE:
            self.number = hazards.notice_numbers(self.hazard_ids[:1]).get(self.hazard_ids[0], "")
        super().accept()
        self.record_saved.emit(saved)
        self.ctx.bus.changed.emit(saved.changes)
        if self.action is A.ISSUE_NOTICE:
            print_issued(parent, self.ctx, self.hazard_ids, self.number, order=order)
