"""Add/edit dialogs of a village's 一制四案 parts: 避难场所, 危险区住户 and 包保责任.

Each is a :class:`ServiceForm`: 保存 writes through the service (``ws.plans`` for shelters,
``ws.plan_parts`` for households and 包保 relations); a refusal shows each Chinese message under
its field and keeps everything typed. People come from the 人员 register (the village's own
people first); shelters include the township's own.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QWidget

from safetydesk.domain.baobao import (
    HAZARD_KINDS,
    BaobaoAssignment,
    BaobaoLevel,
    Household,
    VulnerableKind,
)
from safetydesk.domain.plan_parts import RiskPoint, Route
from safetydesk.domain.plans import PlanKind, Shelter, ShelterKind
from safetydesk.errors import ValidationErrors
from safetydesk.ui.dialogs.form_base import IntEdit
from safetydesk.ui.dialogs.plan_forms import ServiceForm
from safetydesk.ui.widgets.filters import combo_select

if TYPE_CHECKING:
    from safetydesk.ui.context import AppContext

#: First entry of an optional choice.
NONE_TEXT = "（未指定）"


class Checks(QWidget):
    """A row of check boxes over enum values (none ticked: empty tuple)."""

    def __init__(self, values: tuple[Any, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.boxes = {v: QCheckBox(str(v)) for v in values}
        for box in self.boxes.values():
            lay.addWidget(box)
        lay.addStretch(1)

    def values(self) -> tuple[Any, ...]:
        """The ticked values, in order."""
        return tuple(v for v, b in self.boxes.items() if b.isChecked())

    def set_values(self, values: tuple[Any, ...]) -> None:
        """Tick exactly ``values``."""
        for v, b in self.boxes.items():
            b.setChecked(v in values)


def make_combo(items: list[tuple[str, Any]], *, optional: bool = False) -> QComboBox:
    box = QComboBox()
    if optional:
        box.addItem(NONE_TEXT, None)
    for text, data in items:
        box.addItem(text, data)
    return box


def select_data(box: QComboBox, data: Any) -> None:
    if not combo_select(box, data) and box.count():
        box.setCurrentIndex(0)


def people_combo(ctx: AppContext, village_id: int | None, *, optional: bool) -> QComboBox:
    """People of the register, the village's own first: "姓名（角色，电话）"."""
    people = [p for p in ctx.workspace.people.list() if p.id is not None]
    people.sort(key=lambda p: (p.village_id != village_id, p.name))
    return make_combo([(f"{p.name}（{p.role}{'，' + p.mobile if p.mobile else ''}）", p.id)
                   for p in people], optional=optional)  # fmt: skip


def _float(text: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValidationErrors({"area": "面积请填写数字（平方米），不知道可留空。"}) from None


class ShelterDialog(ServiceForm):
    """新增/编辑 避难场所 of a village (or of the township)."""

    def __init__(self, ctx: AppContext, village_id: int | None, record: Shelter | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(ctx, parent)
        self.record = record or Shelter(None, village_id, "", "", 0)
        self.setWindowTitle("编辑避难场所" if record else "新增避难场所")
        r = self.record
        self.name_edit = QLineEdit(r.name)
        self.kind_combo = make_combo([(str(k), k.value) for k in ShelterKind])
        select_data(self.kind_combo, r.kind.value)
        self.place_edit = QLineEdit(r.place)
        self.capacity_edit = IntEdit()
        self.capacity_edit.set_int_value(r.capacity or None)
        self.capacity_edit.setPlaceholderText("人")
        self.area_edit = QLineEdit("" if r.area is None else f"{r.area:g}")
        self.manager_edit = QLineEdit(r.manager)
        self.phone_edit = QLineEdit(r.manager_phone)
        self.facilities_edit = QLineEdit(r.facilities)
        self.facilities_edit.setPlaceholderText("如：饮用水、照明、床铺、厕所、医疗点")
        self.hazard_checks = Checks(HAZARD_KINDS)
        self.hazard_checks.set_values(r.hazards)
        self.add_row("名称", self.field("name", self.name_edit), required=True)
        self.add_row("类型", self.field("kind", self.kind_combo))
        self.add_row("地址/位置", self.field("place", self.place_edit), required=True)
        self.add_row("可容纳人数", self.field("capacity", self.capacity_edit), "面积(㎡)",
                     self.field("area", self.area_edit), required=True)  # fmt: skip
        self.add_row("管理员", self.field("manager", self.manager_edit), "电话",
                     self.field("manager_phone", self.phone_edit))  # fmt: skip
        self.add_row("设施", self.field("facilities", self.facilities_edit))
        self.add_row("适用灾种", self.field("hazards", self.hazard_checks, hint="不选即为全部"))
        self.resize(560, self.sizeHint().height())

    def value(self) -> Shelter:
        """The shelter as edited."""
        return dataclasses.replace(
            self.record, name=self.name_edit.text(), place=self.place_edit.text(),
            kind=ShelterKind(self.kind_combo.currentData()),
            capacity=self.capacity_edit.int_value() or 0, area=_float(self.area_edit.text()),
            manager=self.manager_edit.text(), manager_phone=self.phone_edit.text().strip(),
            facilities=self.facilities_edit.text(), hazards=self.hazard_checks.values(),
        )  # fmt: skip

    def submit(self) -> Shelter:
        """``ws.plans.add_shelter`` / ``edit_shelter``."""
        new = self.value()
        plans = self.ctx.workspace.plans
        if new.id is None:
            return plans.add_shelter(new)
        changes = {f.name: getattr(new, f.name) for f in dataclasses.fields(new)
                   if f.name not in ("id", "created_at", "updated_at")}  # fmt: skip
        return plans.edit_shelter(new.id, **changes)


class HouseholdDialog(ServiceForm):
    """新增/编辑 危险区住户 (or a household with 重点人群): helper, shelter and route.

    A household without helper, shelter or route is saved as a draft and flagged in the list.
    """

    def __init__(self, ctx: AppContext, village_id: int, record: Household | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(ctx, parent)
        self.record = record or Household(None, village_id, "", "", "", 0)
        self.setWindowTitle("编辑危险区住户" if record else "新增危险区住户")
        r, ws = self.record, ctx.workspace
        self.head_edit = QLineEdit(r.head)
        self.group_edit = QLineEdit(r.group_name)
        self.address_edit = QLineEdit(r.address)
        self.size_edit = IntEdit()
        self.size_edit.set_int_value(r.size or None)
        self.size_edit.setPlaceholderText("人")
        self.phone_edit = QLineEdit(r.phone)
        self.vulnerable_checks = Checks(tuple(VulnerableKind))
        self.vulnerable_checks.set_values(r.vulnerable)
        risks = ws.plan_parts.of_village(RiskPoint, village_id)
        self.risk_combo = make_combo([(p.name, p.id) for p in risks], optional=True)
        select_data(self.risk_combo, r.risk_point_id)
        self.helper_combo = people_combo(ctx, village_id, optional=True)
        select_data(self.helper_combo, r.helper_id)
        shelters = ws.plans.shelters(village_id) + ws.plans.shelters(township=True)
        self.shelter_combo = make_combo([(s.name, s.id) for s in shelters], optional=True)
        select_data(self.shelter_combo, r.shelter_id)
        routes = ws.plan_parts.of_village(Route, village_id)
        self.route_combo = make_combo([(x.name, x.id) for x in routes], optional=True)
        select_data(self.route_combo, r.route_id)
        self.add_row("户主", self.field("head", self.head_edit), "电话",
                     self.field("phone", self.phone_edit), required=True)  # fmt: skip
        self.add_row("村民小组/片区", self.field("group_name", self.group_edit), required=True)
        self.add_row("住址/门牌", self.field("address", self.address_edit), required=True)
        self.add_row("家庭人数", self.field("size", self.size_edit), required=True)
        self.add_row("重点人群", self.field("vulnerable", self.vulnerable_checks))
        self.add_row("所在风险点", self.field("risk_point_id", self.risk_combo))
        self.add_row("包户责任人", self.field("helper_id", self.helper_combo,
                     hint="危险区住户和重点人群须有包户责任人、避难场所和转移路线；"
                     "暂缺可先保存，列表中会标出"))  # fmt: skip
        self.add_row("避难场所", self.field("shelter_id", self.shelter_combo))
        self.add_row("转移路线", self.field("route_id", self.route_combo))
        self.resize(720, self.sizeHint().height())

    def value(self) -> Household:
        """The household as edited."""
        return dataclasses.replace(
            self.record, head=self.head_edit.text(), group_name=self.group_edit.text(),
            address=self.address_edit.text(), size=self.size_edit.int_value() or 0,
            phone=self.phone_edit.text().strip(), vulnerable=self.vulnerable_checks.values(),
            risk_point_id=self.risk_combo.currentData(), helper_id=self.helper_combo.currentData(),
            shelter_id=self.shelter_combo.currentData(), route_id=self.route_combo.currentData(),
        )  # fmt: skip

    def submit(self) -> Household:
        """``ws.plan_parts.add`` / ``edit``."""
        return save_part(self.ctx, self.value())


class BaobaoDialog(ServiceForm):
    """新增/编辑 包保责任: level, target, the person, hazards covered, call order, escalation."""

    def __init__(self, ctx: AppContext, village_id: int | None,
                 record: BaobaoAssignment | None = None, parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(ctx, parent)
        level = BaobaoLevel.COUNTY if village_id is None else BaobaoLevel.VILLAGE
        self.record = record or BaobaoAssignment(None, village_id, level, 0, "")
        self.setWindowTitle("编辑包保责任" if record else "新增包保责任")
        r = self.record
        self.level_combo = make_combo([(str(x), x.value) for x in BaobaoLevel])
        select_data(self.level_combo, r.level.value)
        self.target_edit = QLineEdit(r.target)
        self.target_edit.setPlaceholderText("包保的村、村民小组/片区或户")
        self.person_combo = people_combo(ctx, village_id, optional=True)
        select_data(self.person_combo, r.person_id or None)
        self.post_edit = QLineEdit(r.post)
        self.backup_edit = QLineEdit(r.backup_phone)
        self.hazard_checks = Checks(HAZARD_KINDS)
        self.hazard_checks.set_values(r.hazards)
        self.order_edit = IntEdit(max_digits=3)
        self.order_edit.set_int_value(r.call_order)
        self.escalate_combo = people_combo(ctx, village_id, optional=True)
        select_data(self.escalate_combo, r.escalate_to_id)
        self.add_row("层级", self.field("level", self.level_combo), required=True)
        self.add_row("包保对象", self.field("target", self.target_edit), required=True)
        self.add_row("责任人", self.field("person_id", self.person_combo), required=True)
        self.add_row("职务", self.field("post", self.post_edit), "备用电话",
                     self.field("backup_phone", self.backup_edit))  # fmt: skip
        self.add_row("包保灾种", self.field("hazards", self.hazard_checks, hint="不选即为全部"))
        self.add_row("叫应顺序", self.field("call_order", self.order_edit, hint="1 = 最先打"))
        self.add_row("上级责任人", self.field("escalate_to_id", self.escalate_combo,
                     hint="本人联系不上时叫应的人"))  # fmt: skip
        self.resize(620, self.sizeHint().height())

    def value(self) -> BaobaoAssignment:
        """The relation as edited (refused without a person)."""
        person = self.person_combo.currentData()
        if person is None:
            raise ValidationErrors({"person_id": "请从人员名录中选择包保责任人。"})
        order = self.order_edit.int_value()
        hazards: tuple[PlanKind, ...] = self.hazard_checks.values()
        return dataclasses.replace(
            self.record, level=BaobaoLevel(self.level_combo.currentData()),
            target=self.target_edit.text(), person_id=person, post=self.post_edit.text(),
            backup_phone=self.backup_edit.text().strip(), hazards=hazards,
            call_order=1 if order is None else order,
            escalate_to_id=self.escalate_combo.currentData(),
        )  # fmt: skip

    def submit(self) -> BaobaoAssignment:
        """``ws.plan_parts.add`` / ``edit``."""
        return save_part(self.ctx, self.value())


def save_part(ctx: AppContext, rec: Any) -> Any:
    """Add ``rec`` or change it (every field but id and timestamps)."""
    parts = ctx.workspace.plan_parts
    if rec.id is None:
        return parts.add(rec)
    changes = {f.name: getattr(rec, f.name) for f in dataclasses.fields(rec)
               if f.name not in ("id", "created_at", "updated_at")}  # fmt: skip
    return parts.edit(type(rec), rec.id, **changes)
