"""村(社区) register page: the villages of the township, with their secretaries and 网格员."""

from __future__ import annotations

from typing import TYPE_CHECKING

from safetydesk.domain.common import Village
from safetydesk.services.changes import Topic
from safetydesk.ui.dialogs.form_base import FormDialog
from safetydesk.ui.dialogs.village_dialog import VillageDialog
from safetydesk.ui.models.register_columns import village_columns
from safetydesk.ui.models.sql_table import Column
from safetydesk.ui.views.register_page import RegisterPage

if TYPE_CHECKING:
    from safetydesk.services.registers import VillageService


class VillagesPage(RegisterPage):
    """List, add, edit, archive, import and export villages (村/社区)."""

    TOPIC = Topic.VILLAGES
    NOUN = "村(社区)"
    KIND = "villages"
    IMPORTABLE = True
    SEARCH_HINT = "名称、区划代码、书记、主任、网格员、电话"
    EMPTY_HINT = (
        "还没有登记村(社区)。\n点击“新增”逐个登记，或用“导入 Excel”从花名册批量导入。\n"
        "登记单位场所之前，需要先登记它所在的村(社区)。"
    )

    def service(self) -> VillageService:
        """The village service."""
        return self.ctx.workspace.villages

    def make_columns(self) -> tuple[Column[Village], ...]:
        """Columns of the village list."""
        return village_columns()

    def make_dialog(self, record: Village | None) -> FormDialog:
        """The village dialog."""
        return VillageDialog(self.ctx, record, self)
