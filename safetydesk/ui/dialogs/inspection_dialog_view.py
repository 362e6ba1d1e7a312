"""Layout of the inspection dialog (the view half of ``inspection_dialog.py``, ARCHITECTURE §8.5).

:class:`InspectionDialogView` lays the form out in two columns: on the left who was inspected
(a unit, or a 村(社区) 检查点), when, how, by whom, and who was met, then the 现场照片
(:func:`scene_photo_strip`); on the right the checklist (template combo, then the items to work
through, each starting 未检查, with 其余未检查项设为合格), the narrative and the disposition. It exposes every widget as an attribute; the
controller :class:`~safetydesk.ui.dialogs.inspection_dialog.InspectionDialog` loads, reads and
saves the record.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.common import UnitType
from safetydesk.domain.inspections import Disposition, InspectionKind, InspectionMethod
from safetydesk.ui.dialogs.form_base import FormDialog
from safetydesk.ui.widgets.checklist_table import ChecklistTable
from safetydesk.ui.widgets.hazard_fields import UnitPicker
from safetydesk.ui.widgets.inspector_list import InspectorList
from safetydesk.ui.widgets.photo_strip import scene_photo_strip

#: Display format of the start/end boxes.
TIME_FORMAT = "yyyy-MM-dd HH:mm"


def time_edit() -> QDateTimeEdit:
    """A date-and-time box with a calendar popup, shown as :data:`TIME_FORMAT`."""
    edit = QDateTimeEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(TIME_FORMAT)
    return edit


class InspectionDialogView(FormDialog):
    """Widgets and layout of the inspection form."""

    def build(self) -> None:
        """Create the widgets and the two columns."""
        self._template_id: int | None = None
        self._auto: dict[str, str] = {}
        self._unit_id: int | None = None
        self.hazards_dialog: QDialog | None = None
        # Target: a unit, or a village 检查点.
        self.unit_radio = QRadioButton("单位场所")
        self.point_radio = QRadioButton("村(社区)检查点")
        self.target_group = QButtonGroup(self)
        for b in (self.unit_radio, self.point_radio):
            self.target_group.addButton(b)
        self.unit_combo = UnitPicker(self.ctx.workspace.units)
        self.village_combo = QComboBox()
        self.village_combo.setMaxVisibleItems(20)
        self.point_type_combo = QComboBox()
        self.point_type_combo.addItem("对象类型（可不选）", "")
        for t in UnitType:
            self.point_type_combo.addItem(t.value, t.value)
        self.point_type_combo.setMaxVisibleItems(21)
        point = QWidget()
        pl = QHBoxLayout(point)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.village_combo, 1)
        pl.addWidget(self.point_type_combo, 1)
        self.target_stack = QStackedWidget()
        self.target_stack.addWidget(self.unit_combo)
        self.target_stack.addWidget(point)
        self.target_stack.setFixedHeight(self.unit_combo.sizeHint().height())
        target = QWidget()
        tl = QVBoxLayout(target)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.setSpacing(4)
        radios = QHBoxLayout()
        radios.addWidget(self.unit_radio)
        radios.addWidget(self.point_radio)
        radios.addStretch(1)
        tl.addLayout(radios)
        tl.addWidget(self.target_stack)
        self.place_edit = QLineEdit()
        self.place_edit.setPlaceholderText("检查的具体场所，如：后厨、二楼仓库、西山入山口")
        self.start_edit = time_edit()
        self.end_edit = time_edit()
        self.kind_combo = QComboBox()
        for k in InspectionKind:
            self.kind_combo.addItem(k.value, k.value)
        self.method_checks: dict[str, QCheckBox] = {}
        methods = QWidget()
        ml = QGridLayout(methods)
        ml.setContentsMargins(0, 0, 0, 0)
        ml.setVerticalSpacing(2)
        for i, m in enumerate(InspectionMethod):
            box = self.method_checks[m.value] = QCheckBox(m.value)
            ml.addWidget(box, i // 3, i % 3)
        self.enforcement_check = QCheckBox("执法检查（执法人员不少于两人，均须有执法证号）")
        self.inspector_list = InspectorList(self.ctx.workspace.people)
        self.met_person_edit = QLineEdit()
        self.met_person_edit.setPlaceholderText("姓名")
        self.met_title_edit = QLineEdit()
        self.met_title_edit.setPlaceholderText("职务")
        self.met_phone_edit = QLineEdit()
        self.met_phone_edit.setPlaceholderText("电话")
        self.recorder_edit = QLineEdit()
        self.witness_edit = QLineEdit()
        self.refused_edit = QLineEdit()
        self.refused_edit.setPlaceholderText("被检查单位负责人拒绝签字时，写明情况")

        self.template_combo = QComboBox()
        self.template_combo.setMinimumContentsLength(20)
        self.template_info = QLabel()
        self.template_info.setStyleSheet("color: #6b6b6b;")
        self.template_info.setWordWrap(True)
        self.rest_button = QPushButton("其余未检查项设为合格")
        self.rest_button.setToolTip("确已逐项检查、其余各项都符合要求时，一次把未检查项设为合格")
        self.rest_button.setAutoDefault(False)
        self.checklist = ChecklistTable()
        self.narrative_edit = QPlainTextEdit()
        self.narrative_edit.setFixedHeight(64)
        self.narrative_edit.setTabChangesFocus(True)
        self.narrative_edit.setPlaceholderText("检查了哪些部位、发现的主要问题；使用检查表时可简写")
        self.disposition_combo = QComboBox()
        for d in Disposition:
            self.disposition_combo.addItem(d.value, d.value)
        self.disposition_note_edit = QLineEdit()
        self.disposition_note_edit.setPlaceholderText("补充说明，如：移交县市场监管局")

        # Left column (scrolls on small screens).
        self.form = left = QFormLayout()
        self._setup_form(left)
        self.add_row("检查对象", self.field("unit_id", target), required=True)
        self.add_row("检查场所", self.field("place", self.place_edit))
        self.add_row("检查时间", self.field("started_at", self.start_edit), "至",
                     self.field("ended_at", self.end_edit), required=True)  # fmt: skip
        self.add_row("检查类型", self.field("kind", self.kind_combo), required=True)
        self.add_row("检查方式", self.field("methods", methods), required=True)
        self.add_row("", self.enforcement_check)
        self.add_row("检查人员", self.field("inspectors", self.inspector_list), required=True)
        self.add_row("现场负责人", self.field("met_person", self.met_person_edit),
                     self.field("met_title", self.met_title_edit),
                     self.field("met_phone", self.met_phone_edit))  # fmt: skip
        self.add_row("记录人", self.field("recorder", self.recorder_edit), "见证人",
                     self.field("witness", self.witness_edit), required=True)  # fmt: skip
        self.add_row("拒签说明", self.field("refused_to_sign", self.refused_edit))
        left_body = QWidget()
        lv = QVBoxLayout(left_body)
        lv.setContentsMargins(0, 0, 8, 0)
        lv.addLayout(left)
        self.photo_strip = scene_photo_strip(self.ctx)  # 现场照片, once the record is saved
        lv.addWidget(self.photo_strip)
        lv.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(left_body)
        scroll.setMinimumWidth(470)

        # Right column: checklist, narrative, disposition.
        right = QVBoxLayout()
        self.form = top = QFormLayout()
        self._setup_form(top)
        self.add_row("检查表", self.field("template_id", self.template_combo))
        right.addLayout(top)
        info = QHBoxLayout()
        info.addWidget(self.template_info, 1)
        info.addWidget(self.rest_button, 0, Qt.AlignmentFlag.AlignTop)
        right.addLayout(info)
        right.addWidget(self.checklist, 1)
        self.results_box = self.field("results", QWidget())
        self.results_box.widget.hide()
        right.addWidget(self.results_box)
        self.form = bottom = QFormLayout()
        self._setup_form(bottom)
        self.add_row("检查情况", self.field("narrative", self.narrative_edit), required=True)
        self.add_row("处理意见", self.field("disposition", self.disposition_combo),
                     self.field("disposition_note", self.disposition_note_edit),
                     required=True)  # fmt: skip
        right.addLayout(bottom)

        body = QHBoxLayout()
        body.addWidget(scroll, 0)
        body.addLayout(right, 1)
        self.outer.insertLayout(1, body, 1)  # between the general error line and the buttons
        self._drop_trailing_stretch(self.outer)

    @staticmethod
    def _setup_form(form: QFormLayout) -> None:
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(8)

    @staticmethod
    def _drop_trailing_stretch(outer: QVBoxLayout) -> None:
        """Remove the base view's spacer so the checklist takes the extra height."""
        for i in range(outer.count() - 1, -1, -1):
            item = outer.itemAt(i)
            if item is not None and item.spacerItem() is not None:
                outer.takeAt(i)
                return
