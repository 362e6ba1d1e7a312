"""Details panel of the 隐患 page: the current hazard, its legal actions, timeline and photos.

:class:`HazardDetails` shows one hazard (key fields; for 重大 the 判定依据, 五到位, 双报告,
挂牌督办 and 验收), a button for each action the page says is legal now (the page asks
``ws.hazards.allowed``), the event timeline (date, action, who, note and the action's details such
as 文号, new deadline, 复查人) and the 整改前 / 整改后 photo strips. Pressing an action button emits
:attr:`HazardDetails.action_requested`; the page opens the action dialog.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.hazards import Hazard, HazardAction, HazardEvent, HazardState
from safetydesk.domain.major_hazards import BASIS_PENDING_TEXT, basis_missing, five_in_place
from safetydesk.domain.photos import PhotoKind
from safetydesk.domain.schedule import DeadlineKind
from safetydesk.errors import SafetyDeskError
from safetydesk.labels import day_text, detail_lines
from safetydesk.ui.models.hazard_columns import STATE_COLOURS, overdue_days
from safetydesk.ui.widgets.layout import bold
from safetydesk.ui.widgets.photo_strip import PhotoStrip

if TYPE_CHECKING:
    from datetime import date

    from safetydesk.ui.context import AppContext

A = HazardAction
#: What each action button does (tooltips).
ACTION_TIPS: dict[HazardAction, str] = {
    A.ISSUE_NOTICE: "编号下达安全隐患整改通知书并打印；隐患转为“整改中”（可多选同一单位的隐患合为一份）",
    A.RECEIPT: "单位已送回回执或整改报告，转为“待复查”",
    A.RECHECK_PASS: "复查合格：录入复查人和复查意见",
    A.RECHECK_FAIL: "复查不合格：录入复查意见和新的整改期限，继续整改",
    A.ON_SPOT: "检查时已当场整改完毕（立查立改），直接转为“复查合格”",
    A.EXTEND: "批准延期：录入申请日期、原因、新的整改期限和批准人",
    A.TRANSFER: "超出乡镇职权，移交县级有关部门处理",
    A.CANCEL: "误报等原因撤销这条隐患（须写明原因）",
    A.ACCEPT: "重大隐患销号前的验收：验收单位、验收人、日期",
    A.CLOSE: "整改闭环，销号",
}
_MUTED = "color: #6b6b6b;"
_BADGE = "padding: 1px 6px; border-radius: 3px; color: white; background: {};"


def event_lines(event: HazardEvent, number: str = "") -> list[str]:
    """The detail lines of a timeline entry (经办, 文号 of its document, details, 备注)."""
    parts = []
    if event.by:
        parts.append(f"经办：{event.by}")
    if number:
        parts.append(f"文号：{number}")
    parts += detail_lines(event.details)
    if event.note:
        parts.append(f"备注：{event.note}")
    return parts


def five_html(h: Hazard) -> str:
    """五到位 as computed from the fields: ✓ per item in place, a red ✗ per missing one."""
    return "　".join(
        f"✓{name}" if ok else f"<span style='color:#b3261e'>✗{name}</span>"
        for name, ok in five_in_place(h).items()
    )


def deadline_line(h: Hazard, today: date) -> str:
    """整改期限 with how it was given, overdue days and the holiday warning."""
    if h.immediate:
        text = f"立即整改（{day_text(h.due_on or h.found_on)}）"
    elif h.deadline_kind in (DeadlineKind.CALENDAR_DAYS, DeadlineKind.WORKING_DAYS):
        text = f"{day_text(h.due_on)}（{h.deadline_days} 个{h.deadline_kind}内）"
    else:
        text = day_text(h.due_on) or "未定"
    late = overdue_days(h, today)
    if late:
        text += f"　<b style='color:#b3261e'>已逾期 {late} 天</b>"
    if h.deadline_warning:
        text += f"<br><span style='color:#b45309'>⚠ {h.deadline_warning}</span>"
    return text


def _value_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def _clear(layout: QLayout) -> None:
    """Remove and delete every widget of a layout (hidden at once, deleted later)."""
    while layout.count():
        item = layout.takeAt(0)
        w = item.widget() if item is not None else None
        if w is not None:
            w.hide()
            w.deleteLater()


def _esc(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")
    )


class HazardDetails(QWidget):
    """The current hazard in full, with its action buttons, timeline and photos.

    Args:
        ctx: The AppContext.
        parent: Parent widget.
    """

    #: The user pressed an action button (the HazardAction).
    action_requested = Signal(object)

    #: Key fields: (attribute of the value label, row label).
    ROWS: tuple[tuple[str, str], ...] = (
        ("unit", "单位场所"), ("place", "村 · 行业"), ("location", "隐患部位"),
        ("category", "类别 · 来源"), ("found", "发现"), ("measures", "整改要求"),
        ("deadline", "整改期限"), ("responsible", "整改责任"), ("supervisor", "监管责任人"),
        ("funds", "整改资金"), ("rectified", "整改完成"), ("closed", "销号日期"),
        ("transfer", "移交"), ("cancel", "撤销原因"), ("notes", "备注"),
    )  # fmt: skip
    #: Rows of the 重大 box.
    MAJOR_ROWS: tuple[tuple[str, str], ...] = (
        ("basis", "判定依据"), ("five", "五到位"), ("plan", "应急预案"), ("dual", "双报告"),
        ("listed", "挂牌督办"), ("interim", "安全措施"), ("accepted", "验收"),
    )  # fmt: skip

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.hazard: Hazard | None = None
        self.action_buttons: dict[HazardAction, QPushButton] = {}
        self.values: dict[str, QLabel] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(10, 4, 10, 10)
        lay.setSpacing(8)

        self.empty_label = QLabel("在左侧列表中选择一条隐患，这里显示它的详情、办理记录和照片。")
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet(_MUTED)
        lay.addWidget(self.empty_label)

        self.content = QWidget()
        c = QVBoxLayout(self.content)
        c.setContentsMargins(0, 0, 0, 0)
        c.setSpacing(8)
        lay.addWidget(self.content)
        lay.addStretch(1)

        head = QHBoxLayout()
        self.code_label = bold(QLabel(), 2)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head.addWidget(self.code_label)
        self.badges = QHBoxLayout()
        self.badges.setSpacing(4)
        head.addLayout(self.badges)
        head.addStretch(1)
        c.addLayout(head)
        self.description_label = _value_label()
        c.addWidget(self.description_label)

        self.actions_box = QGroupBox("办理")
        actions_lay = QVBoxLayout(self.actions_box)
        self.selection_label = QLabel()
        self.selection_label.setWordWrap(True)
        self.selection_label.setStyleSheet("color: #1d4ed8;")
        actions_lay.addWidget(self.selection_label)
        self.actions_grid = QGridLayout()
        self.actions_grid.setSpacing(6)
        actions_lay.addLayout(self.actions_grid)
        self.no_action_label = QLabel()
        self.no_action_label.setWordWrap(True)
        self.no_action_label.setStyleSheet(_MUTED)
        actions_lay.addWidget(self.no_action_label)
        for action in HazardAction:
            button = QPushButton(action.value, self.actions_box)
            button.setToolTip(ACTION_TIPS[action])
            button.clicked.connect(lambda _=False, a=action: self.action_requested.emit(a))
            button.hide()
            self.action_buttons[action] = button
        c.addWidget(self.actions_box)

        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form.setHorizontalSpacing(10)
        self.form.setVerticalSpacing(5)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        for key, label in self.ROWS:
            self.values[key] = _value_label()
            self.form.addRow(self._row_label(label), self.values[key])
        c.addLayout(self.form)

        self.major_box = QGroupBox("重大隐患")
        self.major_form = QFormLayout(self.major_box)
        self.major_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        for key, label in self.MAJOR_ROWS:
            self.values[key] = _value_label()
            self.major_form.addRow(self._row_label(label), self.values[key])
        c.addWidget(self.major_box)

        c.addWidget(bold(QLabel("办理记录")))
        self.timeline = QVBoxLayout()
        self.timeline.setSpacing(6)
        c.addLayout(self.timeline)

        self.before_photos = PhotoStrip(ctx, PhotoKind.BEFORE)
        self.after_photos = PhotoStrip(ctx, PhotoKind.AFTER)
        c.addWidget(self.before_photos)
        c.addWidget(self.after_photos)
        self.show_hazard(None)

    @staticmethod
    def _row_label(text: str) -> QLabel:
        label = QLabel(text)
        label.setStyleSheet(_MUTED)
        return label

    # -- display -------------------------------------------------------------------------------
    def show_hazard(
        self,
        hazard: Hazard | None,
        actions: list[HazardAction] | None = None,
        *,
        selected: int = 1,
        note: str = "",
    ) -> None:
        """Show ``hazard`` with buttons for ``actions`` (None: nothing selected).

        Args:
            hazard: The current hazard.
            actions: The legal actions to offer, in order.
            selected: How many hazards are selected (several: the actions apply to all).
            note: Shown when no action is offered (why).
        """
        if hazard is None or self.hazard is None or hazard.id != self.hazard.id:
            self.scroll_area.verticalScrollBar().setValue(0)  # another hazard: start at its top
        self.hazard = hazard
        self.empty_label.setVisible(hazard is None)
        self.content.setVisible(hazard is not None)
        if hazard is None:
            self.before_photos.set_owner(None)
            self.after_photos.set_owner(None)
            return
        self._fill_head(hazard)
        self._fill_fields(hazard)
        self._fill_actions(actions or [], selected, note)
        self._fill_timeline(hazard)
        self.before_photos.set_owner(hazard.id)
        self.after_photos.set_owner(hazard.id)

    def visible_actions(self) -> list[HazardAction]:
        """The actions offered as buttons now."""
        return [a for a, b in self.action_buttons.items() if not b.isHidden()]

    def _badge(self, text: str, colour: str) -> None:
        label = QLabel(text)
        label.setStyleSheet(_BADGE.format(colour))
        self.badges.addWidget(label)

    def _fill_head(self, h: Hazard) -> None:
        self.code_label.setText(h.code)
        _clear(self.badges)
        self._badge(h.state.value, STATE_COLOURS[h.state].name())
        if h.major:
            self._badge("重大", "#7f1d1d")
        if h.listed:
            self._badge(f"挂牌督办{('·' + h.listed_level) if h.listed_level else ''}", "#9a3412")
        if h.overdue(self.ctx.workspace.clock()):
            self._badge("逾期", "#b3261e")
        self.description_label.setText(f"<b>{_esc(h.description)}</b>")

    def _set(self, key: str, html: str) -> None:
        label = self.values[key]
        label.setText(html)
        form = self.major_form if key in dict(self.MAJOR_ROWS) else self.form
        form.setRowVisible(label, bool(html))

    def _fill_fields(self, h: Hazard) -> None:
        ws = self.ctx.workspace
        unit_name = h.responsible_unit
        if h.unit_id is not None:
            with contextlib.suppress(SafetyDeskError):
                unit_name = ws.units.get(h.unit_id).name
        village = ws.villages.names().get(h.village_id or 0, "")
        self._set("unit", _esc(unit_name))
        self._set("place", _esc(" · ".join(p for p in (village, h.sector) if p)))
        self._set("location", _esc(h.location))
        self._set("category", _esc(" · ".join(p for p in (h.category, h.source.value) if p)))
        self._set("found", _esc(f"{day_text(h.found_on)}　{h.found_by}".strip()))
        self._set("measures", _esc(h.measures))
        self._set("deadline", deadline_line(h, ws.clock()))
        person = "　".join(p for p in (h.responsible_person, h.responsible_phone) if p)
        resp = _esc(h.responsible_unit) + (f"<br>{_esc(person)}" if person else "")
        self._set("responsible", resp)
        self._set("supervisor", _esc(h.supervisor))
        self._set("funds", "" if h.funds is None else f"{h.funds:g} 万元")
        self._set("rectified", day_text(h.rectified_on))
        self._set("closed", day_text(h.closed_on))
        transfer = f"{day_text(h.transferred_on)}　{h.transfer_department}".strip()
        self._set("transfer", _esc(transfer) if h.state is HazardState.TRANSFERRED else "")
        self._set("cancel", _esc(h.cancel_reason) if h.state is HazardState.CANCELLED else "")
        self._set("notes", _esc(h.notes))
        self.major_box.setVisible(h.major)
        if h.major:
            self._set("basis", _esc(h.basis) if not basis_missing(h) else (
                f"<b style='color:#b3261e'>{BASIS_PENDING_TEXT}</b>"
                "<span style='color:#6b6b6b'>（补录前不能挂牌督办、验收、销号；点“编辑”填写）</span>"
            ))  # fmt: skip
            self._set("five", five_html(h))
            self._set("plan", _esc(h.emergency_plan) or "<span style='color:#b3261e'>未填写</span>")
            self._set("dual", f"已报告（{h.dual_report_on}）" if h.dual_report_on else "未报告")
            listed = " ".join(p for p in (h.listed_level, h.listed_body, day_text(h.listed_on)) if p)
            self._set("listed", _esc(listed) or "未挂牌")
            self._set("interim", _esc(h.interim_measures))
            accepted = " ".join(
                p for p in (day_text(h.accepted_on), h.accepted_unit, h.accepted_by) if p
            )
            self._set("accepted", _esc(accepted) or "未验收")

    def _fill_actions(self, actions: list[HazardAction], selected: int, note: str) -> None:
        while self.actions_grid.count():
            self.actions_grid.takeAt(0)
        for action, button in self.action_buttons.items():
            if action not in actions:
                button.hide()
        for i, action in enumerate(actions):
            button = self.action_buttons[action]
            self.actions_grid.addWidget(button, i // 3, i % 3)
            button.setStyleSheet("font-weight: bold;" if i == 0 else "")
            button.show()
        self.selection_label.setVisible(selected > 1)
        self.selection_label.setText(
            f"已选择 {selected} 条隐患（下面显示当前一条）。多选时只能把同一单位的已登记隐患"
            "合并“下达整改通知”；其他办理请只选一条。"
        )
        self.no_action_label.setVisible(not actions)
        self.no_action_label.setText(note or "这条隐患已办结，没有可办理的事项。")

    def _fill_timeline(self, h: Hazard) -> None:
        _clear(self.timeline)
        events = self.ctx.workspace.hazards.events(h.id or 0)
        registered = QLabel(f"<b>{day_text(h.found_on)}</b>　登记（{_esc(h.found_by)} 发现）")
        numbers = {
            i: self.ctx.workspace.documents.get(i).number
            for i in {e.document_id for e in events if e.document_id}
        }
        registered.setWordWrap(True)
        self.timeline.addWidget(registered)
        for e in events:
            lines = "<br>".join(_esc(p) for p in event_lines(e, numbers.get(e.document_id or 0, "")))
            text = (
                f"<b>{e.on}</b>　<b>{e.action.value}</b>"
                f"　<span style='{_MUTED}'>{e.from_state.value} → {e.to_state.value}</span>"
            )
            if lines:
                text += f"<div style='margin-left:12px'>{lines}</div>"
            label = _value_label()
            label.setText(text)
            label.setStyleSheet("border-left: 3px solid #cbd5e1; padding-left: 6px;")
            self.timeline.addWidget(label)
