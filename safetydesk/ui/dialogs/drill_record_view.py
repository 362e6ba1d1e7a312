"""Layout of the drill record dialog (the view half of ``drill_record_dialog.py``, ARCHITECTURE §8.5).

:class:`DrillRecordView` lays every field of a drill record (DOMAIN.md B §2.4) out on five tabs:
基本信息 (who organised it, name, date and times, place, kind, the 一制四案 version exercised,
who took part, 记录人 / 审核人), 情景与过程 (the scenario and the timeline of steps), 问题与整改
(the findings, 登记为隐患 and 预案需修订…), 附件 and 评估. It exposes every widget as an attribute;
the controller :class:`~safetydesk.ui.dialogs.drill_record_dialog.DrillRecordDialog` loads, reads
and saves the record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.drills import (
    DrillCategory,
    DrillConclusion,
    DrillForm,
    DrillScope,
    SubjectKind,
)
from safetydesk.ui.dialogs.drill_attachments_view import DrillAttachmentsView
from safetydesk.ui.dialogs.drill_findings_table import FindingsTable, TimelineTable
from safetydesk.ui.dialogs.form_base import ERROR_COLOUR, FieldBox, FormDialog, IntEdit
from safetydesk.ui.widgets.filters import combo_select
from safetydesk.ui.widgets.hazard_fields import (
    DateEdit,
    OptionalDateEdit,
    UnitPicker,
    people_completer,
)

if TYPE_CHECKING:
    from safetydesk.domain.drill_evaluation import DrillEvaluation
    from safetydesk.ui.context import AppContext

#: Tab indexes.
TAB_BASIC, TAB_PROCESS, TAB_FINDINGS, TAB_FILES, TAB_EVAL = range(5)
#: Colour of the live timeline warning.
WARNING_COLOUR = "#a15c00"
#: Text of the 评估结论 combo's empty choice.
NO_CONCLUSION = "（未评估）"


def text_box(height: int, placeholder: str = "") -> QPlainTextEdit:
    """A fixed-height multi-line box where Tab moves on."""
    box = QPlainTextEdit()
    box.setFixedHeight(height)
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    return box


def enum_combo(values: type[DrillCategory | DrillScope | DrillForm | SubjectKind]) -> QComboBox:
    """A combo of an enum's values (data = value)."""
    combo = QComboBox()
    for v in values:
        combo.addItem(v.value, v.value)
    return combo


def time_edit() -> QLineEdit:
    """A ``HH:MM`` box (empty = not recorded)."""
    edit = QLineEdit()
    edit.setValidator(QRegularExpressionValidator(r"\d{0,2}[:：]?\d{0,2}", edit))
    edit.setPlaceholderText("如 09:30")
    edit.setMaximumWidth(90)
    return edit


def button(text: str, tip: str = "") -> QPushButton:
    """A push button that never takes Enter from the form."""
    b = QPushButton(text)
    b.setAutoDefault(False)
    b.setToolTip(tip)
    return b


def ask_reason(parent: QWidget) -> str | None:
    """Ask why the plan needs revising; None when cancelled."""
    text, ok = QInputDialog.getMultiLineText(
        parent, "预案需修订", "本次演练暴露的预案问题（将记入预案的修订原因）："
    )
    return text if ok else None


def ask_hazard_unit(parent: QWidget, ctx: AppContext) -> int | None:
    """Ask which 单位场所 a hazard found in a village's or the township's drill belongs to."""
    dlg = QDialog(parent)
    dlg.setWindowTitle("登记为隐患：选择单位场所")
    lay = QVBoxLayout(dlg)
    text = QLabel("隐患须落实到单位场所。请选择这个问题所在的单位场所：")
    text.setWordWrap(True)
    lay.addWidget(text)
    picker = UnitPicker(ctx.workspace.units)
    lay.addWidget(picker)
    buttons = QDialogButtonBox()
    ok = buttons.addButton("登记为隐患", QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
    ok.setEnabled(False)
    picker.unit_changed.connect(lambda unit_id: ok.setEnabled(unit_id is not None))
    buttons.accepted.connect(dlg.accept)
    buttons.rejected.connect(dlg.reject)
    lay.addWidget(buttons)
    dlg.resize(460, dlg.sizeHint().height())
    return picker.unit_id() if dlg.exec() == QDialog.DialogCode.Accepted else None


def evaluation_summary(ev: DrillEvaluation) -> str:
    """The 评估 tab's rich-text summary of an evaluation."""
    parts = [f"评估日期 {ev.evaluated_on.isoformat()}"]
    if ev.evaluators:
        parts.append(f"评估人员 {ev.evaluators}")
    parts.append(f"得分 <b>{ev.score}</b> 分（满分 100）")
    parts.append(f"按评分得出：{ev.computed.value}")
    if ev.override is not None:
        reason = f"，理由：{ev.override_reason}" if ev.override_reason else ""
        parts.append(f"评估组改定为：{ev.override.value}{reason}")
    parts.append(f"<b>评估结论：{ev.conclusion.value}</b>")
    return "<br>".join(parts)


class DrillRecordView(FormDialog):
    """Widgets and layout of the drill record form."""

    def build(self) -> None:
        """Create the widgets and the five tabs."""
        #: Record field → index of the tab its box is on.
        self.tab_of: dict[str, int] = {}
        self.tabs = QTabWidget()
        self._build_basic()
        self._build_process()
        self._build_findings()
        self.attachments_view = DrillAttachmentsView(self.ctx, self.ensure_saved)
        self.tabs.addTab(self.attachments_view, "附件")
        self._build_eval()
        outer = self.outer
        outer.removeItem(self.base_form)
        self.base_form.setParent(None)
        outer.insertWidget(1, self.tabs, 1)
        for i in range(outer.count() - 1, -1, -1):  # the tabs take the extra height
            item = outer.itemAt(i)
            if item is not None and item.spacerItem() is not None:
                outer.takeAt(i)
                break

    def field(self, name: str, widget: QWidget, *, hint: str = "") -> FieldBox:
        """A field box, remembered with the tab it is on."""
        self.tab_of[name] = max(self.tabs.count() - 1, TAB_BASIC)
        return super().field(name, widget, hint=hint)

    def _label_on_top(self, inner: QWidget) -> None:
        """Put the label of the row holding ``inner`` (a table) at the row's top."""
        box = next(b for b in self.boxes.values() if b.widget is inner)
        label = self.form.labelForField(box)
        if isinstance(label, QLabel):
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            label.setMinimumHeight(0)

    def ensure_saved(self, why: str = "") -> int | None:
        """The drill's id once saved (the controller may save first); see the dialog."""
        raise NotImplementedError

    def _page(self, title: str) -> QFormLayout:
        """A scrolled tab with its own form layout (made the target of :meth:`add_row`)."""
        body = QWidget()
        form = QFormLayout(body)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(8)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.tabs.addTab(scroll, title)
        if not hasattr(self, "base_form"):
            self.base_form = self.form
        self.form = form
        return form

    # -- 基本信息 ------------------------------------------------------------------------------
    def _build_basic(self) -> None:
        self.record_no_edit = QLineEdit()
        self.record_no_edit.setPlaceholderText("保存时自动编号")
        self.record_no_edit.setMaximumWidth(220)
        self.plan_label = QLabel("—（计划外演练）")
        self.plan_label.setWordWrap(True)
        self.organiser_kind_combo = enum_combo(SubjectKind)
        self.organiser_kind_combo.setItemText(0, "乡镇")
        self.organiser_kind_combo.setMinimumWidth(120)
        self.village_combo = QComboBox()
        self.village_combo.setMaxVisibleItems(20)
        self.village_combo.setMinimumContentsLength(10)
        self.unit_combo = UnitPicker(self.ctx.workspace.units)
        self.unit_combo.setMinimumContentsLength(18)
        self.organiser_edit = QLineEdit()
        self.organiser_edit.setPlaceholderText("组织单位名称，如：润城镇人民政府")
        self.reported_edit = OptionalDateEdit("已报送乡镇，报送日期")
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("如：2026年润城镇防汛抢险实战演练")
        self.held_on_edit = DateEdit()
        self.start_edit = time_edit()
        self.end_edit = time_edit()
        self.location_edit = QLineEdit()
        self.category_combo = enum_combo(DrillCategory)
        self.category_combo.setMaxVisibleItems(14)
        self.scope_combo = enum_combo(DrillScope)
        self.form_combo = enum_combo(DrillForm)
        self.plan_version_combo = QComboBox()
        self.plan_version_combo.setMinimumContentsLength(24)
        self.commander_edit = QLineEdit()
        self.commander_edit.setPlaceholderText("姓名、职务")
        self.units_edit = QLineEdit()
        self.units_edit.setPlaceholderText("各参演单位，用“、”分隔")
        self.participants_edit = IntEdit()
        self.residents_edit = IntEdit()
        self.evacuation_edit = IntEdit(max_digits=4)
        self.observers_edit = QLineEdit()
        self.observers_edit.setPlaceholderText("观摩、评估人员姓名或单位")
        self.equipment_edit = text_box(48, "冲锋舟、救生衣、发电机、对讲机……")
        self.recorder_edit = QLineEdit()
        self.approver_edit = QLineEdit()
        self.notes_edit = text_box(44)
        people = self.ctx.workspace.people
        for edit in (self.commander_edit, self.recorder_edit, self.approver_edit):
            people_completer(edit, people)  # names from the register as one types
        people_completer(self.observers_edit, people, multi=True)

        self.basic_form = self._page("基本信息")
        self.add_row("记录编号", self.field("record_no", self.record_no_edit), "关联计划",
                     self.plan_label)  # fmt: skip
        who = QWidget()  # the kind, then the village or the unit (one of them shown)
        wl = QHBoxLayout(who)
        wl.setContentsMargins(0, 0, 0, 0)
        wl.addWidget(self.field("organiser_kind", self.organiser_kind_combo), 0,
                     Qt.AlignmentFlag.AlignTop)  # fmt: skip
        for name, combo in (("village_id", self.village_combo), ("unit_id", self.unit_combo)):
            wl.addWidget(self.field(name, combo), 1, Qt.AlignmentFlag.AlignTop)
        self.add_row("组织方", who, required=True)
        self.add_row("组织单位", self.field("organiser", self.organiser_edit))
        self.reported_box = self.field("reported_on", self.reported_edit,
                                       hint="企业自行组织的演练须报送乡镇：报送后勾选并填写日期")  # fmt: skip
        self.add_row("报送日期", self.reported_box, required=True)
        self.add_row("演练名称", self.field("title", self.title_edit), required=True)
        self.add_row("演练日期", self.field("held_on", self.held_on_edit), "开始",
                     self.field("start_time", self.start_edit), "结束",
                     self.field("end_time", self.end_edit), required=True)  # fmt: skip
        self.add_row("演练地点", self.field("location", self.location_edit), required=True)
        self.add_row("灾种", self.field("category", self.category_combo), "内容",
                     self.field("scope", self.scope_combo), "形式",
                     self.field("form", self.form_combo), required=True)  # fmt: skip
        self.plan_version_combo.setToolTip("组织方一制四案中该灾种预案的版本；单位演练可不选")
        self.add_row("所演练预案", self.field("plan_version_id", self.plan_version_combo))
        self.add_row("总指挥", self.field("commander", self.commander_edit), required=True)
        self.add_row("参演单位", self.field("units", self.units_edit), required=True)
        self.add_row("参演人数", self.field("participants", self.participants_edit), "其中群众",
                     self.field("residents", self.residents_edit), "疏散用时（分钟）",
                     self.field("evacuation_minutes", self.evacuation_edit),
                     required=True)  # fmt: skip
        self.add_row("观摩评估人员", self.field("observers", self.observers_edit))
        self.add_row("物资装备", self.field("equipment", self.equipment_edit))
        self.add_row("记录人", self.field("recorder", self.recorder_edit), "审核人",
                     self.field("approver", self.approver_edit))  # fmt: skip
        self.add_row("备注", self.field("notes", self.notes_edit))

    # -- 情景与过程 ----------------------------------------------------------------------------
    def _build_process(self) -> None:
        self.scenario_edit = text_box(96, "假定的险情：时间、地点、灾情、影响范围……")
        self.timeline_table = TimelineTable()
        self.timeline_table.setMinimumHeight(220)
        self.step_add_button = button("添加", "在选中的步骤后添加一步")
        self.step_delete_button = button("删除", "删除选中的步骤")
        self.step_up_button = button("上移")
        self.step_down_button = button("下移")
        self.timeline_warning = QLabel()
        self.timeline_warning.setWordWrap(True)
        self.timeline_warning.setStyleSheet(f"color: {WARNING_COLOUR};")
        self.timeline_warning.hide()
        holder = QWidget()
        lay = QVBoxLayout(holder)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.timeline_table, 1)
        row = QHBoxLayout()
        for b in (self.step_add_button, self.step_delete_button, self.step_up_button,
                  self.step_down_button):  # fmt: skip
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addWidget(self.timeline_warning)
        self._page("情景与过程")
        self.add_row("情景设置", self.field("scenario", self.scenario_edit), required=True)
        self.add_row("演练过程", self.field("timeline", holder,
                     hint="每步一行：时间（时:分）和内容，如 09:05 发出预警；双击单元格编辑"),
                     required=True)  # fmt: skip
        self._label_on_top(holder)

    # -- 问题与整改 ----------------------------------------------------------------------------
    def _build_findings(self) -> None:
        self.findings_table = FindingsTable(self.ctx.workspace.clock())
        self.findings_table.setMinimumHeight(220)
        self.finding_add_button = button("添加", "添加一个存在问题")
        self.finding_delete_button = button("删除", "删除选中的问题")
        self.raise_hazard_button = button("登记为隐患", "把选中的问题登记为一条隐患，进入隐患整改闭环")
        self.revise_plan_button = button("预案需修订…", "把本次演练所演练的一制四案预案标为需修订")
        self.needs_revision_check = QCheckBox("本次演练发现预案需修订")
        self.findings_status = QLabel()
        self.findings_status.setWordWrap(True)
        self.findings_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        holder = QWidget()
        lay = QVBoxLayout(holder)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.findings_table, 1)
        row = QHBoxLayout()
        for b in (self.finding_add_button, self.finding_delete_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.raise_hazard_button)
        lay.addLayout(row)
        lay.addWidget(self.findings_status)
        revise = QWidget()
        rl = QHBoxLayout(revise)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.needs_revision_check)
        rl.addStretch(1)
        rl.addWidget(self.revise_plan_button)
        self._page("问题与整改")
        self.add_row("问题与措施", self.field("findings", holder,
                     hint="写了责任人或期限的问题须写整改措施；双击单元格编辑，期限用日历选择"))  # fmt: skip
        self._label_on_top(holder)
        self.add_row("预案修订", self.field("needs_plan_revision", revise))

    # -- 评估 ----------------------------------------------------------------------------------
    def _build_eval(self) -> None:
        self.eval_summary = QLabel()
        self.eval_summary.setWordWrap(True)
        self.eval_summary.setTextFormat(Qt.TextFormat.RichText)
        self.eval_button = button("评估…", "按评估表逐项评估本次演练（保存后可用）")
        self.conclusion_combo = QComboBox()
        self.conclusion_combo.setMaximumWidth(260)
        self.conclusion_combo.addItem(NO_CONCLUSION, None)
        for c in DrillConclusion:
            self.conclusion_combo.addItem(c.value, c.value)
        head = QWidget()
        hl = QHBoxLayout(head)
        hl.setContentsMargins(0, 0, 0, 0)
        hl.addWidget(self.eval_summary, 1)
        hl.addWidget(self.eval_button, 0, Qt.AlignmentFlag.AlignTop)
        self._page("评估")
        self.add_row("评估情况", head)
        self.add_row("评估结论", self.field("conclusion", self.conclusion_combo,
                     hint="未按评估表评估的演练，在此直接选择结论；已评估的以评估结论为准"))  # fmt: skip

    def show_evaluation(self, ev: DrillEvaluation | None, *, saved: bool) -> None:
        """Show an evaluation's summary; its conclusion then stands in the combo (locked)."""
        combo = self.conclusion_combo
        if ev is None:
            self.eval_summary.setText("尚未按评估表评估。" if saved else "保存记录后可按评估表评估。")
            combo.setEnabled(True)
            combo.setToolTip("")
            return
        self.eval_summary.setText(evaluation_summary(ev))
        combo_select(combo, ev.conclusion.value)
        combo.setEnabled(False)
        combo.setToolTip("已按评估表评估，结论以评估为准；修改请点“评估…”")

    def mark_tab(self, index: int, has_error: bool) -> None:
        """Show a red mark on a tab whose fields have errors."""
        title = self.tabs.tabText(index).removesuffix(" ●")
        self.tabs.setTabText(index, f"{title} ●" if has_error else title)
        self.tabs.tabBar().setTabTextColor(
            index, QColor(ERROR_COLOUR) if has_error else self.palette().color(self.foregroundRole())
        )
