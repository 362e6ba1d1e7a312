"""Add/edit dialogs of the simpler 一制四案 parts, built from a field list: 通讯录, 应急工作组,
风险点 (with its 监测人), 转移路线, 应急队伍 and 物资.

:class:`PartForm` lays out one row per :class:`Spec` (text, number, date, choice, person of the
register, shelter, route …), reads the record back with the same specs and saves it through
``ws.plan_parts`` (``add`` / ``edit``); refusals are shown under their fields and nothing typed
is lost (:class:`ServiceForm`). :func:`part_form` gives the dialog of a record class.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from safetydesk.domain.plan_parts import (
    Contact,
    ContactCategory,
    RiskKind,
    RiskPoint,
    RiskStatus,
    Route,
    Supply,
    Team,
    TeamKind,
    WorkGroupMember,
    WorkSubgroup,
)
from safetydesk.errors import ValidationErrors
from safetydesk.ui.dialogs.form_base import IntEdit
from safetydesk.ui.dialogs.part_dialogs import make_combo, people_combo, save_part, select_data
from safetydesk.ui.dialogs.plan_forms import ServiceForm
from safetydesk.ui.widgets.hazard_fields import OptionalDateEdit

if TYPE_CHECKING:
    from safetydesk.ui.context import AppContext


@dataclass(frozen=True, slots=True)
class Spec:
    """One field of a form.

    ``kind``: ``text``, ``long`` (several lines), ``int``, ``number``, ``date``, ``person`` (a
    person of the register), ``shelter`` (the village's or the township's), or a StrEnum class.
    """

    name: str
    label: str
    kind: Any = "text"
    required: bool = False
    hint: str = ""
    optional: bool = True


#: The fields of each part, in form order, and what the part is called.
SPECS: dict[type, tuple[str, tuple[Spec, ...]]] = {
    Contact: ("通讯录条目", (
        Spec("category", "类别", ContactCategory, True),
        Spec("name", "姓名/单位", required=True), Spec("post", "职务"),
        Spec("mobile", "手机", hint="手机和座机至少填一个"), Spec("phone", "座机"),
        Spec("person_id", "人员名录", "person", hint="名录中的人员（可不选）"),
        Spec("notes", "备注"))),
    WorkGroupMember: ("工作组成员", (
        Spec("subgroup", "小组", WorkSubgroup, True),
        Spec("person_id", "人员", "person", True, optional=False),
        Spec("duty", "职务", hint="组长、副组长、成员"), Spec("tasks", "任务", "long"))),
    RiskPoint: ("风险点", (
        Spec("name", "名称", required=True), Spec("kind", "类型", RiskKind, True),
        Spec("place", "位置", required=True), Spec("households", "威胁户数", "int"),
        Spec("people", "威胁人数", "int"),
        Spec("monitor_id", "监测人", "person", hint="山洪、地灾、塌陷、河道类风险点须有监测人"),
        Spec("monitor_method", "监测方式"), Spec("warning_threshold", "预警指标"),
        Spec("status", "状态", RiskStatus), Spec("notes", "备注"))),
    Route: ("转移路线", (
        Spec("name", "名称", required=True), Spec("start", "起点", required=True),
        Spec("shelter_id", "去向（避难场所）", "shelter"), Spec("distance_m", "距离（米）", "int"),
        Spec("walk_minutes", "步行（分钟）", "int"), Spec("avoid", "避开"),
        Spec("description", "路线说明", "long"))),
    Team: ("应急队伍", (
        Spec("name", "名称", required=True), Spec("kind", "类型", TeamKind, True),
        Spec("leader", "队长", required=True), Spec("leader_phone", "队长电话"),
        Spec("size", "人数", "int", True), Spec("equipment", "装备"), Spec("members", "队员", "long"))),
    Supply: ("应急物资", (
        Spec("name", "品名", required=True), Spec("quantity", "数量", "number", True),
        Spec("unit", "单位", required=True), Spec("spec", "规格"), Spec("place", "存放地点"),
        Spec("keeper", "保管人"), Spec("keeper_phone", "保管人电话"),
        Spec("checked_on", "检查日期", "date"), Spec("expires_on", "有效期至", "date"))),
}  # fmt: skip


def _number(name: str, text: str) -> float:
    try:
        return float(text.strip() or "0")
    except ValueError:
        raise ValidationErrors({name: "请填写数字。"}) from None


class PartForm(ServiceForm):
    """新增/编辑 one part record of a village (or of the township)."""

    def __init__(self, ctx: AppContext, record: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.record = record
        noun, self.specs = SPECS[type(record)]
        self.setWindowTitle(f"编辑{noun}" if record.id is not None else f"新增{noun}")
        self.editors: dict[str, QWidget] = {}
        for spec in self.specs:
            w = self._editor(spec, getattr(record, spec.name))
            self.editors[spec.name] = w
            self.add_row(
                spec.label, self.field(spec.name, w, hint=spec.hint), required=spec.required
            )
        self.resize(520, self.sizeHint().height())

    def _editor(self, spec: Spec, value: Any) -> QWidget:
        vid, today = self.record.village_id, self.ctx.workspace.clock()
        if isinstance(spec.kind, type) and issubclass(spec.kind, StrEnum):
            box = make_combo([(str(x), x.value) for x in spec.kind])
            select_data(box, value.value if value is not None else None)
            return box
        if spec.kind == "person":
            box = people_combo(self.ctx, vid, optional=True)
            select_data(box, value)
            return box
        if spec.kind == "shelter":
            plans = self.ctx.workspace.plans
            shelters = plans.shelters(vid, township=vid is None)
            if vid is not None:
                shelters += plans.shelters(township=True)
            box = make_combo([(s.name, s.id) for s in shelters], optional=True)
            select_data(box, value)
            return box
        if spec.kind == "int":
            edit = IntEdit()
            edit.set_int_value(value or None if spec.required else value)
            return edit
        if spec.kind == "date":
            d = OptionalDateEdit("有")
            d.set_day(value, today)
            return d
        if spec.kind == "long":
            text = QPlainTextEdit(value or "")
            text.setFixedHeight(64)
            return text
        line = QLineEdit(
            "" if value is None else (f"{value:g}" if spec.kind == "number" else value)
        )
        return line

    def read(self, spec: Spec) -> Any:
        """The value of one field, in the record's type."""
        w = self.editors[spec.name]
        if isinstance(w, QComboBox):
            data = w.currentData()
            if isinstance(spec.kind, type) and data is not None:
                return spec.kind(data)
            if data is None and not spec.optional:
                raise ValidationErrors({spec.name: f"请选择{spec.label}。"})
            return data
        if isinstance(w, IntEdit):
            n = w.int_value()
            return (n or 0) if spec.required else n
        if isinstance(w, OptionalDateEdit):
            return w.day()
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        assert isinstance(w, QLineEdit)
        return _number(spec.name, w.text()) if spec.kind == "number" else w.text().strip()

    def value(self) -> Any:
        """The record as edited (every refusal of a field at once)."""
        values, errors = {}, {}
        for spec in self.specs:
            try:
                values[spec.name] = self.read(spec)
            except ValidationErrors as exc:
                errors.update(exc.errors)
        if errors:
            raise ValidationErrors(errors)
        return dataclasses.replace(self.record, **values)

    def submit(self) -> Any:
        """``ws.plan_parts.add`` / ``edit``."""
        return save_part(self.ctx, self.value())


#: An empty record of each part for 新增 (village id filled in).
BLANK: dict[type, Callable[[int | None, date], Any]] = {
    Contact: lambda v, _d: Contact(None, v, ContactCategory.VILLAGE_CADRE, ""),
    WorkGroupMember: lambda v, _d: WorkGroupMember(None, v, WorkSubgroup.LEADERSHIP, 0),
    RiskPoint: lambda v, _d: RiskPoint(None, v, "", RiskKind.FLASH_FLOOD, ""),
    Route: lambda v, _d: Route(None, v, "", ""),
    Team: lambda v, _d: Team(None, v, "", TeamKind.RESCUE),
    Supply: lambda v, d: Supply(None, v, "", 0, "", checked_on=d),
}


def part_form(ctx: AppContext, cls: type, village_id: int | None, record: Any,
              parent: QWidget | None = None) -> PartForm:  # fmt: skip
    """The dialog editing ``record`` (``None``: a new record of ``cls``)."""
    rec = record if record is not None else BLANK[cls](village_id, ctx.workspace.clock())
    return PartForm(ctx, rec, parent)
