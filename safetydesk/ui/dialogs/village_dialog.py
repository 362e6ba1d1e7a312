"""Dialog to add or edit a 村(社区): :class:`VillageDialogView` + :class:`VillageDialog`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

from safetydesk.domain.common import Village, VillageKind
from safetydesk.labels import VILLAGE_FIELDS
from safetydesk.ui.dialogs.form_base import FormDialog, IntEdit

if TYPE_CHECKING:
    from safetydesk.services.registers import VillageService


def _phone_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText("手机或座机")
    return edit


class VillageDialogView(FormDialog):
    """Widgets and layout of the 村(社区) form."""

    def build(self) -> None:
        """Create the widgets and rows."""
        f = VILLAGE_FIELDS
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("例如：润城村、东关社区")
        self.kind_combo = QComboBox()
        for kind in VillageKind:
            self.kind_combo.addItem(kind.value, kind.value)
        self.region_code_edit = QLineEdit()
        self.region_code_edit.setPlaceholderText("12 位数字，可不填")
        self.region_code_edit.setMaxLength(12)
        self.group_count_edit = IntEdit(max_digits=4)
        self.households_edit = IntEdit()
        self.population_edit = IntEdit()
        self.secretary_edit = QLineEdit()
        self.secretary_phone_edit = _phone_edit()
        self.director_edit = QLineEdit()
        self.director_phone_edit = _phone_edit()
        self.grid_worker_edit = QLineEdit()
        self.grid_worker_phone_edit = _phone_edit()
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setFixedHeight(64)

        self.add_row(f["name"], self.field("name", self.name_edit), required=True)
        self.add_row(f["kind"], self.field("kind", self.kind_combo))
        self.add_row(
            f["region_code"],
            self.field(
                "region_code",
                self.region_code_edit,
                hint="村委会末三位为 200–399，社区为 001–199（见国家统计局统计用区划代码）",
            ),
        )
        self.add_row(
            f["group_count"], self.field("group_count", self.group_count_edit),
            f["households"], self.field("households", self.households_edit),
            f["population"], self.field("population", self.population_edit),
        )  # fmt: skip
        self.add_row(
            f["secretary"], self.field("secretary", self.secretary_edit),
            "电话", self.field("secretary_phone", self.secretary_phone_edit),
        )  # fmt: skip
        self.add_row(
            f["director"], self.field("director", self.director_edit),
            "电话", self.field("director_phone", self.director_phone_edit),
        )  # fmt: skip
        self.add_row(
            f["grid_worker"], self.field("grid_worker", self.grid_worker_edit),
            "电话", self.field("grid_worker_phone", self.grid_worker_phone_edit),
        )  # fmt: skip
        self.add_row(f["notes"], self.field("notes", self.notes_edit))
        self.setMinimumWidth(560)


class VillageDialog(VillageDialogView):
    """Loads, validates (through the service) and saves a village."""

    FIELDS = (
        ("name", "name_edit"),
        ("kind", "kind_combo"),
        ("region_code", "region_code_edit"),
        ("group_count", "group_count_edit"),
        ("households", "households_edit"),
        ("population", "population_edit"),
        ("secretary", "secretary_edit"),
        ("secretary_phone", "secretary_phone_edit"),
        ("director", "director_edit"),
        ("director_phone", "director_phone_edit"),
        ("grid_worker", "grid_worker_edit"),
        ("grid_worker_phone", "grid_worker_phone_edit"),
        ("notes", "notes_edit"),
    )
    CONVERT = {"kind": VillageKind}
    NOUN = "村(社区)"

    def service(self) -> VillageService:
        """The village service."""
        return self.ctx.workspace.villages

    def new_record(self) -> Village:
        """An empty village."""
        return Village(name="")
