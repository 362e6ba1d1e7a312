"""Dialogs of the 叫应 view: 发起叫应 (type, level, villages …), 记录应答 and 结束预警.

Each dialog only collects values (:meth:`values`); the view calls ``ws.callouts`` with them and
shows refusals. Times default to now (the service's clock) and are local times to the minute.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.baobao import HAZARD_KINDS
from safetydesk.domain.callouts import DEFAULT_ESCALATE_AFTER, Call, WarningLevel
from safetydesk.domain.plans import PlanKind

#: Display format of the time fields.
TIME_FORMAT = "yyyy-MM-dd HH:mm"


def _time_edit(value: datetime) -> QDateTimeEdit:
    edit = QDateTimeEdit(QDateTime(value.year, value.month, value.day, value.hour, value.minute, 0))
    edit.setDisplayFormat(TIME_FORMAT)
    edit.setCalendarPopup(True)
    return edit


def _time_of(edit: QDateTimeEdit) -> datetime:
    d, t = edit.date(), edit.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    box = QDialogButtonBox()
    box.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
    box.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


@dataclass(frozen=True, slots=True)
class StartValues:
    """What 发起叫应 collected."""

    kind: PlanKind
    level: WarningLevel
    village_ids: list[int]
    issued_at: datetime
    source: str
    message: str
    escalate_after: int


class StartDialog(QDialog):
    """发起叫应: hazard type, warning level, villages (checked), time, source, message."""

    def __init__(self, villages: dict[int, str], now: datetime,
                 escalate_after: int = DEFAULT_ESCALATE_AFTER,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle("发起叫应")
        form = QFormLayout()
        self.kind_combo = QComboBox()
        for kind in HAZARD_KINDS:
            self.kind_combo.addItem(str(kind), kind)
        self.kind_combo.setCurrentIndex(HAZARD_KINDS.index(PlanKind.FLOOD))
        self.level_combo = QComboBox()
        for level in WarningLevel:
            self.level_combo.addItem(f"{level}预警", level)
        self.level_combo.setCurrentIndex(list(WarningLevel).index(WarningLevel.ORANGE))
        self.time_edit = _time_edit(now)
        self.source_edit = QLineEdit()
        self.source_edit.setPlaceholderText("如：阳城县气象台")
        self.message_edit = QLineEdit()
        self.message_edit.setPlaceholderText("预警内容")
        self.escalate_spin = QSpinBox()
        self.escalate_spin.setRange(1, 240)
        self.escalate_spin.setValue(escalate_after)
        self.escalate_spin.setSuffix(" 分钟未应答即升级")
        self.village_list = QListWidget()
        for vid, name in villages.items():
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, vid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.village_list.addItem(item)
        self.village_list.setMinimumHeight(160)
        form.addRow("预警类型", self.kind_combo)
        form.addRow("预警级别", self.level_combo)
        form.addRow("预警时间", self.time_edit)
        form.addRow("预警来源", self.source_edit)
        form.addRow("预警内容", self.message_edit)
        form.addRow("升级时限", self.escalate_spin)
        form.addRow("叫应村（社区）", self.village_list)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(_buttons(self, "发起叫应"))

    def check_villages(self, names: Sequence[str]) -> None:
        """Tick the villages named (the others are unticked)."""
        for i in range(self.village_list.count()):
            item = self.village_list.item(i)
            on = item.text() in names
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def values(self) -> StartValues:
        """The values entered (villages in list order)."""
        ids = []
        for i in range(self.village_list.count()):
            item = self.village_list.item(i)
            if item.checkState() is Qt.CheckState.Checked:
                ids.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return StartValues(
            kind=self.kind_combo.currentData(), level=self.level_combo.currentData(),
            village_ids=ids, issued_at=_time_of(self.time_edit),
            source=self.source_edit.text(), message=self.message_edit.text(),
            escalate_after=self.escalate_spin.value(),
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class AnswerValues:
    """What 记录应答 collected."""

    call_id: int
    at: datetime
    on_duty: bool
    moved: int | None
    note: str


class AnswerDialog(QDialog):
    """记录应答: who answered (the call list, unanswered first), when, 到岗, 转移人数, note."""

    def __init__(self, calls: Sequence[Call], now: datetime, selected: int | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle("记录应答")
        self.call_combo = QComboBox()
        ordered = sorted(calls, key=lambda c: (c.answered_at is not None, c.position))
        for c in ordered:
            mark = "（已应答）" if c.answered_at is not None else ""
            self.call_combo.addItem(f"{c.position}. {c.name}（{c.level} {c.role}）{mark}", c.id)
        if selected is not None and (i := self.call_combo.findData(selected)) >= 0:
            self.call_combo.setCurrentIndex(i)
        self.time_edit = _time_edit(now)
        self.duty_check = QCheckBox("已到岗")
        self.duty_check.setChecked(True)
        self.moved_spin = QSpinBox()
        self.moved_spin.setRange(-1, 100000)
        self.moved_spin.setSpecialValueText("未报告")
        self.moved_spin.setValue(-1)
        self.moved_spin.setSuffix(" 人")
        self.note_edit = QLineEdit()
        form = QFormLayout()
        form.addRow("应答人", self.call_combo)
        form.addRow("应答时间", self.time_edit)
        form.addRow("", self.duty_check)
        form.addRow("转移人数", self.moved_spin)
        form.addRow("确认内容/备注", self.note_edit)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(_buttons(self, "记录应答"))

    def values(self) -> AnswerValues:
        """The values entered."""
        moved = self.moved_spin.value()
        return AnswerValues(
            call_id=int(self.call_combo.currentData()), at=_time_of(self.time_edit),
            on_duty=self.duty_check.isChecked(), moved=None if moved < 0 else moved,
            note=self.note_edit.text(),
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class CloseValues:
    """What 结束预警 collected."""

    at: datetime
    moved: int
    returned: int
    note: str


class CloseDialog(QDialog):
    """结束预警: when, people moved (default: what the calls reported) and returned."""

    def __init__(self, now: datetime, reported: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("结束预警")
        self.time_edit = _time_edit(now)
        self.moved_spin = QSpinBox()
        self.moved_spin.setRange(0, 1000000)
        self.moved_spin.setValue(reported)
        self.moved_spin.setSuffix(" 人")
        self.returned_spin = QSpinBox()
        self.returned_spin.setRange(0, 1000000)
        self.returned_spin.setValue(reported)
        self.returned_spin.setSuffix(" 人")
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("如：雨停水退，解除预警")
        form = QFormLayout()
        form.addRow("结束时间", self.time_edit)
        form.addRow("共转移", self.moved_spin)
        form.addRow("已返回", self.returned_spin)
        form.addRow("说明", self.note_edit)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(_buttons(self, "结束预警"))

    def values(self) -> CloseValues:
        """The values entered."""
        return CloseValues(at=_time_of(self.time_edit), moved=self.moved_spin.value(),
                           returned=self.returned_spin.value(), note=self.note_edit.text())  # fmt: skip
