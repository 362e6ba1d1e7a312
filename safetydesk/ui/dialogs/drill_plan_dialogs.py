"""Dialogs of the annual drill plan: a new plan item, 延期 / 取消 of a planned date, its history.

:class:`PlanItemDialog` edits a :class:`PlanItem` (title, subject: township / village / unit,
category, 综合/单项, 实战/桌面, recurrence with month and day, location, units, expected
participants, budget) and saves it with ``ws.drills.add_item``; it previews the dates the item
gets in the year. :class:`ChangeDialog` moves (new date + reason, ``ws.drills.move``) or cancels
(reason, ``ws.drills.cancel``) one planned date. Refusals of the domain (a recurrence without a
date in the year, no reason …) are shown in the dialog next to their field, which stays open;
nothing is written then. :class:`HistoryDialog` lists an item's moves and cancels
(``ws.drills.changes``). Each save announces ``Topic.DRILLS`` on the bus.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.drill_plans import (
    ChangeAction,
    Occurrence,
    PlanItem,
    PlanItemChange,
    Recurrence,
    item_dates,
)
from safetydesk.domain.drills import DrillCategory, DrillForm, DrillScope, SubjectKind
from safetydesk.errors import SafetyDeskError, ValidationError, ValidationErrors
from safetydesk.labels import day_text
from safetydesk.services.changes import Changes, Topic
from safetydesk.ui.dialogs.form_base import FormView, IntEdit
from safetydesk.ui.widgets.filters import combo_select
from safetydesk.ui.widgets.hazard_fields import DateEdit, UnitPicker

if TYPE_CHECKING:
    from safetydesk.ui.context import AppContext

#: Subject kinds as the plan dialog names them.
SUBJECT_LABELS: dict[SubjectKind, str] = {
    SubjectKind.TOWNSHIP: "乡镇（镇本级）",
    SubjectKind.VILLAGE: "村(社区)",
    SubjectKind.UNIT: "单位",
}


def _combo(values: list[tuple[str, str]]) -> QComboBox:
    combo = QComboBox()
    for text, data in values:
        combo.addItem(text, data)
    return combo


def dates_text(days: list[date]) -> str:
    """"5月10日、11月10日" ("" when there is none)."""
    return "、".join(f"{d.month}月{d.day}日" for d in days)


class PlanItemDialog(FormView):
    """新增计划项: one item of the annual plan, saved with ``ws.drills.add_item``.

    Args:
        ctx: The AppContext.
        year: The plan's year (the item's first year).
        parent: Parent widget.

    Attributes:
        saved: The stored item once accepted (None before).
    """

    def __init__(self, ctx: AppContext, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.year = year
        self.saved: PlanItem | None = None
        self.setWindowTitle(f"新增{year}年度演练计划项")
        self._build()
        self._on_kind()
        self._preview()
        em = self.fontMetrics().horizontalAdvance("中")
        self.resize(round(46 * em), self.sizeHint().height())

    def _build(self) -> None:
        ws = self.ctx.workspace
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("如：上伏村防汛避险转移演练")
        self.add_row("演练名称", self.field("title", self.title_edit), required=True)
        self.kind_combo = _combo([(t, k.value) for k, t in SUBJECT_LABELS.items()])
        self.village_combo = QComboBox()
        for v in ws.villages.list():
            self.village_combo.addItem(v.name, v.id)
        self.unit_picker = UnitPicker(ws.units)
        self.add_row("对象", self.field("subject_kind", self.kind_combo),
                     self.field("village_id", self.village_combo),
                     self.field("unit_id", self.unit_picker), required=True)  # fmt: skip
        self.organiser_edit = QLineEdit()
        self.organiser_edit.setPlaceholderText("可不填：按对象")
        self.lead_edit = QLineEdit()
        self.add_row("组织单位", self.field("organiser", self.organiser_edit), "牵头人",
                     self.field("lead", self.lead_edit))  # fmt: skip
        self.category_combo = _combo([(c.value, c.value) for c in DrillCategory])
        self.scope_combo = _combo([(f"{s.value}演练", s.value) for s in DrillScope])
        self.form_combo = _combo([(f"{f.value}演练", f.value) for f in DrillForm])
        self.add_row("灾种/专项", self.field("category", self.category_combo), "内容",
                     self.field("scope", self.scope_combo), "形式",
                     self.field("form", self.form_combo))  # fmt: skip
        self.recurrence_combo = _combo([(r.value, r.value) for r in Recurrence])
        combo_select(self.recurrence_combo, Recurrence.YEARLY.value)
        self.month_spin = QSpinBox()
        self.month_spin.setRange(1, 12)
        self.month_spin.setSuffix(" 月")
        self.month_spin.setValue(5)
        self.day_spin = QSpinBox()
        self.day_spin.setRange(0, 31)
        self.day_spin.setSpecialValueText("月末")
        self.day_spin.setSuffix(" 日")
        self.day_spin.setValue(0)
        self.day_spin.setToolTip("选“月末”表示只定到月份，按当月最后一天计；31日在小月按月末计")
        self.add_row("计划时间", self.field("recurrence", self.recurrence_combo),
                     self.field("month", self.month_spin), self.field("day", self.day_spin),
                     required=True)  # fmt: skip
        self.until_spin = QSpinBox()
        self.until_spin.setRange(self.year - 1, self.year + 50)
        self.until_spin.setSpecialValueText("长期")
        self.until_spin.setSuffix(" 年")
        self.until_spin.setValue(self.year - 1)
        self.preview_label = QLabel()
        self.preview_label.setWordWrap(True)
        self.preview_label.setStyleSheet("color: #1565c0;")
        self.add_row("重复至", self.field("until_year", self.until_spin), self.preview_label)
        self.location_edit = QLineEdit()
        self.add_row("地点", self.field("location", self.location_edit))
        self.units_edit = QLineEdit()
        self.units_edit.setPlaceholderText("参演单位，用顿号分隔")
        self.add_row("参演单位", self.field("units", self.units_edit))
        self.expected_edit = IntEdit()
        self.budget_edit = QLineEdit()
        self.budget_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d{0,9}(\.\d{0,2})?"), self)
        )
        self.budget_edit.setPlaceholderText("元，可不填")
        self.budget_edit.setMaximumWidth(140)
        self.add_row("预计参演人数", self.field("expected_participants", self.expected_edit),
                     "经费预算", self.field("budget", self.budget_edit))  # fmt: skip
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.add_row("备注", self.field("notes", self.notes_edit))
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._on_kind())
        for spin in (self.month_spin, self.day_spin, self.until_spin):
            spin.valueChanged.connect(lambda _v: self._preview())
        self.recurrence_combo.currentIndexChanged.connect(lambda _i: self._preview())
        for box in self.boxes.values():
            w = box.widget
            if isinstance(w, QLineEdit | QPlainTextEdit):
                w.textChanged.connect(lambda *_a, b=box: b.set_error(""))
            elif isinstance(w, QComboBox):
                w.currentIndexChanged.connect(lambda *_a, b=box: b.set_error(""))
            elif isinstance(w, QSpinBox):
                w.valueChanged.connect(lambda *_a, b=box: b.set_error(""))

    def _kind(self) -> SubjectKind:
        return SubjectKind(self.kind_combo.currentData())

    def _on_kind(self) -> None:
        kind = self._kind()
        self.boxes["village_id"].setVisible(kind is SubjectKind.VILLAGE)
        self.boxes["unit_id"].setVisible(kind is SubjectKind.UNIT)

    def value(self) -> PlanItem:
        """The item as edited."""
        kind = self._kind()
        day = self.day_spin.value() or None
        until = self.until_spin.value()
        budget = self.budget_edit.text().strip()
        village_id = self.village_combo.currentData() if kind is SubjectKind.VILLAGE else None
        unit_id = self.unit_picker.unit_id() if kind is SubjectKind.UNIT else None
        return PlanItem(
            first_year=self.year, until_year=None if until < self.year else until,
            title=self.title_edit.text().strip(), subject_kind=kind, village_id=village_id,
            unit_id=unit_id, organiser=self.organiser_edit.text().strip(),
            lead=self.lead_edit.text().strip(),
            category=DrillCategory(self.category_combo.currentData()),
            scope=DrillScope(self.scope_combo.currentData()),
            form=DrillForm(self.form_combo.currentData()),
            recurrence=Recurrence(self.recurrence_combo.currentData()),
            month=self.month_spin.value(), day=day, location=self.location_edit.text().strip(),
            units=self.units_edit.text().strip(),
            expected_participants=self.expected_edit.int_value(),
            budget=float(budget) if budget else None, notes=self.notes_edit.toPlainText().strip(),
        )  # fmt: skip

    def _preview(self) -> None:
        item = replace(self.value(), title="预览")
        days = item_dates(item, self.year)
        self.preview_label.setText(
            f"{self.year}年计划日期：{dates_text(days)}" if days else f"{self.year}年没有计划日期"
        )

    def _organiser(self, item: PlanItem) -> str:
        if item.organiser:
            return item.organiser
        if item.subject_kind is SubjectKind.VILLAGE:
            return self.village_combo.currentText()
        if item.subject_kind is SubjectKind.UNIT:
            unit = self.unit_picker.unit()
            return unit.name if unit is not None else ""
        return self.ctx.workspace.settings.township().name

    def accept(self) -> None:
        """Save with ``ws.drills.add_item``; stay open and show the refusal otherwise."""
        self.unit_picker.search_now()
        item = self.value()
        errors: dict[str, str] = {}
        if item.subject_kind is SubjectKind.UNIT and item.unit_id is None:
            errors["unit_id"] = "请从列表中选择参加演练的单位（输入名称中的几个字查找）。"
        if item.subject_kind is SubjectKind.VILLAGE and item.village_id is None:
            errors["village_id"] = "还没有登记村(社区)，请先在“村(社区)”页登记。"
        if errors:
            self.show_errors(errors)
            return
        try:
            saved = self.ctx.workspace.drills.add_item(replace(item, organiser=self._organiser(item)))
        except ValidationErrors as exc:
            self.show_errors(exc.errors)
            return
        except ValidationError as exc:
            self.show_errors({exc.field or "": exc.message})
            return
        except SafetyDeskError as exc:
            self.show_errors({"": str(exc)})
            return
        self.saved = saved
        super().accept()
        self.ctx.bus.changed.emit(Changes.of(Topic.DRILLS, ids=(saved.id or 0,)))


class ChangeDialog(FormView):
    """延期 (new date and reason) or 取消 (reason) of one planned date.

    Args:
        ctx: The AppContext.
        occurrence: The planned date (its original date is what changes).
        action: 延期 or 取消.
        parent: Parent widget.

    Attributes:
        saved: The stored change once accepted (None before).
    """

    def __init__(self, ctx: AppContext, occurrence: Occurrence, action: ChangeAction,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.ctx = ctx
        self.occurrence = occurrence
        self.action = action
        self.saved: PlanItemChange | None = None
        occ = occurrence
        self.setWindowTitle(f"{action.value}演练：{occ.item.title}")
        info = QLabel(f"<b>{occ.item.title}</b><br>原定日期：{day_text(occ.planned_on)}"
                      + (f"（现为 {day_text(occ.on)}）" if occ.on != occ.planned_on else ""))  # fmt: skip
        info.setWordWrap(True)
        self.form.addRow(info)
        self.new_edit = DateEdit()
        self.new_edit.set_day(occ.on + timedelta(days=14))
        if action is ChangeAction.MOVED:
            self.add_row("新的日期", self.field("new_on", self.new_edit), required=True)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.reason_edit.setPlaceholderText(
            "如：汛期提前，调整至六月" if action is ChangeAction.MOVED else "如：上级统一组织联合演练，本次取消"
        )
        self.add_row(f"{action.value}原因", self.field("reason", self.reason_edit), required=True)
        self.reason_edit.textChanged.connect(lambda: self.boxes["reason"].set_error(""))
        self.new_edit.dateChanged.connect(lambda _d: self.boxes["new_on"].set_error(""))
        self.save_button.setText(f"确认{action.value}")
        em = self.fontMetrics().horizontalAdvance("中")
        self.resize(round(30 * em), self.sizeHint().height())

    def accept(self) -> None:
        """Write the move or cancel; stay open and show the refusal otherwise."""
        occ = self.occurrence
        item_id = occ.item.id
        assert item_id is not None
        reason = self.reason_edit.toPlainText()
        drills = self.ctx.workspace.drills
        try:
            if self.action is ChangeAction.MOVED:
                change = drills.move(item_id, occ.planned_on, self.new_edit.day(), reason)
            else:
                change = drills.cancel(item_id, occ.planned_on, reason)
        except ValidationError as exc:
            self.show_errors({exc.field: exc.message})
            return
        except ValidationErrors as exc:
            self.show_errors(exc.errors)
            return
        except SafetyDeskError as exc:
            self.show_errors({"": str(exc)})
            return
        self.saved = change
        super().accept()
        self.ctx.bus.changed.emit(Changes.of(Topic.DRILLS, ids=(item_id,)))


#: Headers of the history table.
HISTORY_HEADERS: tuple[str, ...] = ("操作日期", "原定日期", "操作", "新的日期", "原因")


class HistoryDialog(QDialog):
    """历史: the moves and cancels of one plan item, oldest first."""

    def __init__(self, ctx: AppContext, item_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        item = ctx.workspace.drills.item(item_id)
        self.changes = ctx.workspace.drills.changes(item_id)
        self.setWindowTitle(f"计划项历史：{item.title}")
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(f"<b>{item.title}</b>（{item.recurrence.value}，{item.month}月"
                             f"{f'{item.day}日' if item.day else '月末'}）"))  # fmt: skip
        self.table = QTableWidget(len(self.changes), len(HISTORY_HEADERS))
        self.table.setHorizontalHeaderLabels(list(HISTORY_HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setStretchLastSection(True)
        for r, c in enumerate(self.changes):
            cells = (day_text(c.changed_on), day_text(c.planned_on), c.action.value,
                     day_text(c.new_on), c.reason)  # fmt: skip
            for col, text in enumerate(cells):
                self.table.setItem(r, col, QTableWidgetItem(text))
        lay.addWidget(self.table, 1)
        self.empty_label = QLabel("这个计划项没有延期或取消过。")
        self.empty_label.setVisible(not self.changes)
        lay.addWidget(self.empty_label)
        buttons = QDialogButtonBox()
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        em = self.fontMetrics().horizontalAdvance("中")
        self.resize(round(44 * em), round(18 * em))
