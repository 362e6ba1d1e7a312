"""人员 register page: township officials, village cadres, 网格员, 监测员, inspectors …"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QHBoxLayout, QLabel

from safetydesk.domain.common import Person, PersonRole
from safetydesk.services.changes import Topic
from safetydesk.ui.dialogs.form_base import FormDialog
from safetydesk.ui.dialogs.person_dialog import PersonDialog
from safetydesk.ui.models.register_columns import person_columns
from safetydesk.ui.models.sql_table import Column
from safetydesk.ui.views.register_page import RegisterPage
from safetydesk.ui.widgets.filters import (
    fill_village_filter,
    reset_combos,
    role_filter,
    village_filter,
)

if TYPE_CHECKING:
    from safetydesk.services.registers import PersonService


class PeoplePage(RegisterPage):
    """List, add, edit, archive and export people (人员)."""

    TOPIC = Topic.PEOPLE
    NOUN = "人员"
    KIND = "people"
    IMPORTABLE = False
    SEARCH_HINT = "姓名、单位职务、电话、执法证号"
    EMPTY_HINT = (
        "还没有登记人员。\n点击“新增”登记镇村干部、网格员、监测员、检查人员等，"
        "检查记录和预案会从这里选择人员。"
    )

    def service(self) -> PersonService:
        """The person service."""
        return self.ctx.workspace.people

    def make_columns(self) -> tuple[Column[Person], ...]:
        """Columns of the people list."""
        return person_columns(self.lookups)

    def make_dialog(self, record: Person | None) -> FormDialog:
        """The person dialog."""
        return PersonDialog(self.ctx, record, self)

    def add_filters(self, bar: QHBoxLayout) -> None:
        """角色 and 村(社区) combos."""
        self.role_filter = role_filter()
        self.village_filter = village_filter(self.ctx.workspace)
        for label, combo in (("角色", self.role_filter), ("村(社区)", self.village_filter)):
            bar.addWidget(QLabel(label))
            bar.addWidget(combo)
            combo.currentIndexChanged.connect(self.filters_changed)

    def filter_fields(self) -> dict[str, Any]:
        """role and village_id of the combos."""
        return {
            "role": self.role_filter.currentData(),
            "village_id": self.village_filter.currentData(),
        }

    def reset_page_filters(self) -> None:
        """All roles and villages."""
        reset_combos(self.role_filter, self.village_filter)

    def reload_lookup_filters(self) -> None:
        """Refill the village filter after villages changed."""
        fill_village_filter(self.village_filter, self.ctx.workspace)

    def new_record(self) -> Person:
        """A new person with the filtered role and village, if any."""
        r = self.role_filter.currentData()
        return Person(
            name="",
            role=PersonRole(r) if r else PersonRole.OTHER,
            village_id=self.village_filter.currentData(),
        )
