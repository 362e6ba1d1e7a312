"""单位场所 register page: enterprises, 九小场所, self-built houses …; village/type/risk filters."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from safetydesk.domain.common import Unit, UnitType
from safetydesk.services.changes import Changes, Topic
from safetydesk.ui.dialogs.form_base import FormDialog
from safetydesk.ui.dialogs.unit_dialog import UnitDialog
from safetydesk.ui.models.register_columns import unit_columns, unit_row_background
from safetydesk.ui.models.sql_table import Column
from safetydesk.ui.views.register_page import RegisterPage
from safetydesk.ui.widgets.filters import (
    fill_risk_filter,
    fill_village_filter,
    reset_combos,
    type_filter,
    village_filter,
)

if TYPE_CHECKING:
    from safetydesk.services.registers import UnitService
    from safetydesk.ui.context import AppContext


class UnitsPage(RegisterPage):
    """List, add, edit, archive, import and export units and places (单位场所)."""

    TOPIC = Topic.UNITS
    NOUN = "单位场所"
    KIND = "units"
    IMPORTABLE = True
    SEARCH_HINT = "名称、地址、信用代码、联系人、电话"
    EMPTY_HINT = "还没有登记单位场所。\n点击“新增”逐个登记，或用“导入 Excel”从已有台账批量导入。"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model.row_background = unit_row_background

    def service(self) -> UnitService:
        """The unit service."""
        return self.ctx.workspace.units

    def make_columns(self) -> tuple[Column[Unit], ...]:
        """Columns of the unit list."""
        return unit_columns(self.lookups)

    def make_dialog(self, record: Unit | None) -> FormDialog:
        """The unit dialog."""
        return UnitDialog(self.ctx, record, self)

    def add_filters(self, bar: QHBoxLayout) -> None:
        """村(社区), 类型 and 风险等级 combos."""
        self.village_filter = village_filter(self.ctx.workspace)
        self.type_filter = type_filter()
        self.risk_filter = QComboBox()
        fill_risk_filter(self.risk_filter, self.lookups.risk_scheme)
        for label, combo in (("村(社区)", self.village_filter), ("类型", self.type_filter),
                             ("风险", self.risk_filter)):  # fmt: skip
            bar.addWidget(QLabel(label))
            bar.addWidget(combo)
            combo.currentIndexChanged.connect(self.filters_changed)

    def filter_fields(self) -> dict[str, Any]:
        """village_id, type and risk of the combos."""
        return {
            "village_id": self.village_filter.currentData(),
            "type": self.type_filter.currentData(),
            "risk": self.risk_filter.currentData(),
        }

    def reset_page_filters(self) -> None:
        """All villages, types and risk classes."""
        reset_combos(self.village_filter, self.type_filter, self.risk_filter)

    def reload_lookup_filters(self) -> None:
        """Refill the village filter after villages changed."""
        fill_village_filter(self.village_filter, self.ctx.workspace)

    def _on_changed(self, changes: Changes) -> None:
        super()._on_changed(changes)
        if changes.touches(Topic.SETTINGS):
            fill_risk_filter(self.risk_filter, self.lookups.risk_scheme)

    def new_record(self) -> Unit:
        """A new unit in the filtered village and of the filtered type, if any."""
        t = self.type_filter.currentData()
        return Unit(
            name="",
            village_id=self.village_filter.currentData(),
            type=UnitType(t) if t else UnitType.OTHER,
        )
