"""Dialog to register or correct a 隐患: :class:`HazardDialogView` (layout) + :class:`HazardDialog`.

Every field of DOMAIN.md B §4.4 in two columns. The unit is chosen in a searchable combo and the
village and sector follow it. The deadline is a date, N 自然日 / 工作日 from the found date, or
立即; the computed date is shown while typing, with the warning when the holiday table lacks the
year (A5). Choosing 重大 reveals the 重大 box: 判定依据 (required by the service; 待补录 for a hazard
imported without one), the 五到位 status computed live from 责任人, 整改措施, 整改资金, 整改期限 and
the 应急预案 typed there (never ticked), 双报告, 挂牌督办 and 整改期间安全措施. Saving calls ``ws.hazards.register`` / ``update``; their
``ValidationErrors`` appear under the fields and the dialog keeps everything typed.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.common import UnitType
from safetydesk.domain.hazards import Hazard, HazardCategory, HazardLevel, HazardSource
from safetydesk.domain.major_hazards import BASIS_PENDING_TEXT, five_in_place
from safetydesk.domain.schedule import DeadlineKind
from safetydesk.ui.dialogs.form_base import FormDialog
from safetydesk.ui.widgets.filters import combo_select
from safetydesk.ui.widgets.hazard_fields import (
    DateEdit,
    DeadlineEdit,
    OptionalDateEdit,
    UnitPicker,
    people_completer,
)

if TYPE_CHECKING:
    from safetydesk.services.changes import Saved
    from safetydesk.services.hazards import HazardService
    from safetydesk.ui.context import AppContext

#: 挂牌督办 levels (empty = not listed).
LISTED_LEVELS: tuple[str, ...] = ("县级", "市级", "省级", "乡镇")


# -- view ----------------------------------------------------------------------------------------
def _text_box(height: int = 56) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setFixedHeight(height)
    box.setTabChangesFocus(True)
    return box


class HazardDialogView(FormDialog):
    """Widgets and layout of the hazard form (two columns, the 重大 box under the right one)."""

    def build(self) -> None:
        """Create the widgets and rows."""
        ws = self.ctx.workspace
        #: Values filled in from the unit (replaced again while the user has not edited them).
        self._auto: dict[str, str] = {}
        self.unit_combo = UnitPicker(ws.units)
        self.village_label = QLabel("—")
        self.sector_combo = QComboBox()
        self.sector_combo.addItem("（随单位类型）", "")
        for t in UnitType:
            self.sector_combo.addItem(t.value, t.value)
        self.sector_combo.setMaxVisibleItems(21)
        self.source_combo = QComboBox()
        for s in HazardSource:
            self.source_combo.addItem(s.value, s.value)
        self.category_combo = QComboBox()
        self.category_combo.setEditable(True)
        self.category_combo.addItems(["", *(c.value for c in HazardCategory)])
        self.found_on_edit = DateEdit()
        self.found_on_edit.set_day(ws.clock())
        self.found_on_edit.setMaximumDate(self.found_on_edit.date())
        self.found_by_edit = QLineEdit()
        self.found_by_edit.setPlaceholderText("检查人员姓名")
        self.location_edit = QLineEdit()
        self.location_edit.setPlaceholderText("例如：后厨、一楼走廊、配电室")
        self.description_edit = _text_box(64)
        self.measures_edit = _text_box(64)
        self.level_combo = QComboBox()
        for lv in HazardLevel:
            self.level_combo.addItem(lv.value, lv.value)
        self.deadline_edit = DeadlineEdit(ws.hazards.calendar)
        self.responsible_unit_edit = QLineEdit()
        self.responsible_person_edit = QLineEdit()
        self.responsible_phone_edit = QLineEdit()
        self.responsible_phone_edit.setPlaceholderText("手机或座机")
        self.supervisor_edit = QLineEdit()
        self.supervisor_edit.setPlaceholderText("镇/村包联干部")
        self.funds_edit = QLineEdit()
        self.funds_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d{0,7}(\.\d{0,4})?"), self)
        )
        self.funds_edit.setPlaceholderText("万元，可不填")
        self.funds_edit.setMaximumWidth(140)
        self.notes_edit = _text_box(44)
        self.basis_edit = _text_box(44)
        self.basis_edit.setPlaceholderText("例如：工贸企业重大事故隐患判定标准 第三条（二）")
        self.plan_edit = _text_box(44)
        self.plan_edit.setPlaceholderText("整改期间的应急处置预案（五到位之“预案”），或预案文件名")
        self.five_label = QLabel()
        self.five_label.setTextFormat(Qt.TextFormat.RichText)
        self.five_label.setToolTip(
            "由已填写的内容判断：责任＝整改责任人，措施＝整改措施，资金＝整改资金（大于 0），"
            "时限＝整改期限，预案＝应急预案。挂牌督办和验收须五项齐全。"
        )
        self.dual_edit = OptionalDateEdit("已向监管部门和职代会报告，日期")
        self.listed_level_combo = QComboBox()
        self.listed_level_combo.addItem("未挂牌", "")
        for level in LISTED_LEVELS:
            self.listed_level_combo.addItem(level, level)
        self.listed_body_edit = QLineEdit()
        self.listed_body_edit.setPlaceholderText("例如：县安全生产委员会办公室")
        self.listed_on_edit = DateEdit()
        self.interim_edit = _text_box(44)
        for edit in (self.found_by_edit, self.supervisor_edit):
            people_completer(edit, ws.people)  # names from the register as one types

        # Left column: what and where.
        self.add_row("单位场所", self.field("unit_id", self.unit_combo), required=True)
        self.add_row("所属村(社区)", self.village_label, "行业/领域",
                     self.field("sector", self.sector_combo))  # fmt: skip
        self.add_row("来源", self.field("source", self.source_combo), "隐患类别",
                     self.field("category", self.category_combo))  # fmt: skip
        self.add_row("发现日期", self.field("found_on", self.found_on_edit), "发现人",
                     self.field("found_by", self.found_by_edit), required=True)  # fmt: skip
        self.add_row("隐患部位", self.field("location", self.location_edit))
        self.add_row("隐患描述", self.field("description", self.description_edit), required=True)
        self.add_row("整改要求/措施", self.field("measures", self.measures_edit), required=True)
        self.add_row("隐患等级", self.field("level", self.level_combo,
                     hint="重大隐患按行业重大事故隐患判定标准认定"), required=True)  # fmt: skip
        self.add_row("备注", self.field("notes", self.notes_edit))
        # Right column: deadline and who answers for it; the 重大 box.
        left, right = self.form, QFormLayout()
        right.setLabelAlignment(left.labelAlignment())
        right.setVerticalSpacing(8)
        self.form = right
        self.add_row("整改期限", self.field("due_on", self.deadline_edit), required=True)
        self.add_row("整改责任单位", self.field("responsible_unit", self.responsible_unit_edit))
        self.add_row("责任人", self.field("responsible_person", self.responsible_person_edit),
                     "电话", self.field("responsible_phone", self.responsible_phone_edit))  # fmt: skip
        self.add_row("监管责任人", self.field("supervisor", self.supervisor_edit))
        self.add_row("整改资金", self.field("funds", self.funds_edit))
        self.major_box = QGroupBox("重大隐患")
        self.form = QFormLayout(self.major_box)
        self.form.setLabelAlignment(left.labelAlignment())
        self.add_row("判定依据", self.field("basis", self.basis_edit), required=True)
        self.add_row("应急预案", self.field("emergency_plan", self.plan_edit))
        self.add_row("五到位", self.five_label)
        self.add_row("双报告", self.field("dual_report_on", self.dual_edit))
        self.add_row("挂牌督办", self.field("listed_level", self.listed_level_combo), "挂牌日期",
                     self.field("listed_on", self.listed_on_edit))  # fmt: skip
        self.add_row("督办单位", self.field("listed_body", self.listed_body_edit))
        self.add_row("整改期间\n安全措施", self.field("interim_measures", self.interim_edit))
        self.form = left
        outer = self.outer
        outer.removeItem(left)
        left.setParent(None)
        columns = QHBoxLayout()
        columns.setSpacing(18)
        columns.addLayout(left, 1)
        right_col = QVBoxLayout()
        right_col.addLayout(right)
        right_col.addWidget(self.major_box)
        right_col.addStretch(1)
        columns.addLayout(right_col, 1)
        outer.insertLayout(1, columns)
        self.setMinimumWidth(1000)


# -- controller ----------------------------------------------------------------------------------
class _Saver:
    """``save()`` for :meth:`FormDialog.accept`: register a new hazard or update one."""

    def __init__(self, hazards: HazardService) -> None:
        self._hazards = hazards

    def save(self, h: Hazard) -> Saved[Hazard]:
        return self._hazards.register(h) if h.id is None else self._hazards.update(h)


def _funds(text: str) -> float | None:
    text = text.strip().rstrip(".")
    return float(text) if text else None


class HazardDialog(HazardDialogView):
    """Loads, validates (through the service) and saves a hazard.

    Args:
        ctx: The AppContext.
        record: The hazard to edit, or None / a hazard without id (pre-filled) for a new one.
        parent: Parent widget.
    """

    FIELDS = (
        ("unit_id", "unit_combo"), ("sector", "sector_combo"), ("source", "source_combo"),
        ("category", "category_combo"), ("found_on", "found_on_edit"),
        ("found_by", "found_by_edit"), ("location", "location_edit"),
        ("description", "description_edit"), ("measures", "measures_edit"),
        ("level", "level_combo"), ("notes", "notes_edit"), ("due_on", "deadline_edit"),
        ("responsible_unit", "responsible_unit_edit"),
        ("responsible_person", "responsible_person_edit"),
        ("responsible_phone", "responsible_phone_edit"), ("supervisor", "supervisor_edit"),
        ("funds", "funds_edit"), ("basis", "basis_edit"), ("emergency_plan", "plan_edit"),
        ("dual_report_on", "dual_edit"), ("listed_level", "listed_level_combo"),
        ("listed_body", "listed_body_edit"), ("listed_on", "listed_on_edit"),
        ("interim_measures", "interim_edit"),
    )  # fmt: skip
    CONVERT = {"level": HazardLevel, "source": HazardSource, "funds": _funds}
    NOUN = "隐患"

    def __init__(
        self, ctx: AppContext, record: Hazard | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, record, parent)
        if record is not None and record.id is not None:
            self.setWindowTitle(f"编辑隐患 {record.code}")
        self.unit_combo.unit_changed.connect(self._on_unit_changed)
        self.level_combo.currentIndexChanged.connect(self._on_level_changed)
        self.listed_level_combo.currentIndexChanged.connect(self._on_listed_changed)
        self.found_on_edit.dateChanged.connect(
            lambda _d: self.deadline_edit.set_found_on(self.found_on_edit.day())
        )
        for edit in (self.responsible_person_edit, self.funds_edit):
            edit.textChanged.connect(self._show_five)
        for box in (self.measures_edit, self.plan_edit):
            box.textChanged.connect(self._show_five)
        self.deadline_edit.changed.connect(self._show_five)
        self._on_level_changed()
        self._on_listed_changed()
        self._show_five()

    def service(self) -> _Saver:
        """Saves through ``ws.hazards.register`` / ``update``."""
        return _Saver(self.ctx.workspace.hazards)

    def new_record(self) -> Hazard:
        """An empty hazard found today."""
        return Hazard(found_on=self.ctx.workspace.clock())

    # -- load / read ---------------------------------------------------------------------------
    def load(self, rec: Hazard) -> None:
        """Show the record (the unit picker loads just its unit)."""
        ws = self.ctx.workspace
        today = ws.clock()
        self.found_on_edit.set_day(rec.found_on, today)
        self.deadline_edit.set_found_on(self.found_on_edit.day())
        super().load(rec)
        self.deadline_edit.set_values(rec.deadline_kind, rec.deadline_days, rec.due_on)
        if rec.id is None and rec.deadline_kind is DeadlineKind.DATE and not rec.due_on:
            combo_select(self.deadline_edit.kind_combo, DeadlineKind.CALENDAR_DAYS.value)
        self.listed_on_edit.set_day(rec.listed_on, today)
        self.dual_edit.set_day(rec.dual_report_on, today)
        self._show_unit(self.unit_combo.unit_id(), follow=rec.id is None)
        if rec.basis_pending:
            self.basis_edit.setPlaceholderText(
                f"{BASIS_PENDING_TEXT}：导入的台账没有写判定依据，请填写"
                "（补录前不能挂牌督办、验收、销号）"
            )
        self._show_five()

    def read_field(self, name: str) -> Any:
        """Custom widgets first, then the base readers."""
        w = self.widget_for(name)
        if isinstance(w, UnitPicker):
            return w.unit_id()
        if isinstance(w, DateEdit):
            return w.day()
        if isinstance(w, OptionalDateEdit):
            return w.day()
        if isinstance(w, DeadlineEdit):
            return w.values()["due_on"]
        if name == "category":
            return self.category_combo.currentText().strip()
        return super().read_field(name)

    def write_field(self, name: str, value: Any) -> None:
        """Custom widgets first, then the base writers."""
        w = self.widget_for(name)
        if isinstance(w, UnitPicker):
            w.set_unit_id(value)
        elif isinstance(w, DateEdit | OptionalDateEdit | DeadlineEdit):
            pass  # set in load() (they need defaults and the found date)
        elif name == "category":
            self.category_combo.setCurrentText(value or "")
        else:
            super().write_field(name, value)

    def value(self) -> Hazard:
        """The hazard as edited (the 挂牌督办 fields only for 重大 and when a level is chosen)."""
        h = super().value()
        h = dataclasses.replace(h, found_on=self.found_on_edit.day(), **self.deadline_edit.values())
        if not h.major or not h.listed_level:
            h = dataclasses.replace(h, listed_level="", listed_body="", listed_on=None)
        return h

    def _connect_clear(self, name: str) -> None:
        box = self.boxes.get(name)
        if box is None:
            return
        w = box.widget
        signal = {
            DateEdit: "dateChanged", OptionalDateEdit: "changed", DeadlineEdit: "changed",
            UnitPicker: "editTextChanged",
        }.get(type(w))  # fmt: skip
        if signal is None:
            super()._connect_clear(name)
        else:
            getattr(w, signal).connect(lambda *_a: box.set_error(""))

    # -- reactions -----------------------------------------------------------------------------
    def _on_unit_changed(self, *_args: object) -> None:
        self._show_unit(self.unit_combo.unit_id(), follow=True)

    def _show_unit(self, unit_id: int | None, *, follow: bool = False) -> None:
        unit = self.unit_combo.unit() if unit_id is not None else None
        if unit is None:
            self.village_label.setText("—（随单位）")
            return
        names = self.ctx.workspace.villages.names()
        self.village_label.setText(names.get(unit.village_id or 0, "—"))
        self.responsible_unit_edit.setPlaceholderText(f"默认：{unit.name}")
        if not follow:
            return
        combo_select(self.sector_combo, unit.type.value)
        # Fill the responsible person from the unit while the user has not typed their own.
        for key, edit, value in (
            ("person", self.responsible_person_edit, unit.contact or unit.legal_rep),
            ("phone", self.responsible_phone_edit, unit.contact_phone),
        ):
            if edit.text() in ("", self._auto.get(key, "")):
                edit.setText(value)
                self._auto[key] = value

    def five_status(self) -> dict[str, bool]:
        """五到位 of what is typed now (责任人, 措施, 资金 > 0, 期限, 预案)."""
        try:
            funds = _funds(self.funds_edit.text())
        except ValueError:
            funds = None
        deadline = self.deadline_edit.values()
        # Days or 立即 give a date once saved; only "日期" with none chosen has no 时限.
        due = deadline["due_on"] or (
            self.found_on_edit.day() if deadline["deadline_kind"] is not DeadlineKind.DATE else None
        )
        typed = Hazard(
            responsible_person=self.responsible_person_edit.text(),
            measures=self.measures_edit.toPlainText(),
            funds=funds,
            due_on=due,
            emergency_plan=self.plan_edit.toPlainText(),
        )
        return five_in_place(typed)

    def _show_five(self, *_args: object) -> None:
        if not hasattr(self, "five_label"):
            return
        status = self.five_status()
        self.five_label.setText("　".join(
            f"<span style='color:#1b7f3b'>✓{name}</span>" if ok
            else f"<span style='color:#b3261e'>✗{name}</span>"
            for name, ok in status.items()
        ))  # fmt: skip

    def _on_level_changed(self, *_args: object) -> None:
        major = self.level_combo.currentData() == HazardLevel.MAJOR.value
        was_hidden = self.major_box.isHidden()
        self.major_box.setVisible(major)
        if major and was_hidden and self.isVisible():
            self.fit_height()

    def _on_listed_changed(self, *_args: object) -> None:
        listed = bool(self.listed_level_combo.currentData())
        self.listed_body_edit.setEnabled(listed)
        self.listed_on_edit.setEnabled(listed)
