"""Dialog to add or edit a person (人员): :class:`PersonDialogView` + :class:`PersonDialog`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

from safetydesk.domain.common import Person, PersonRole
from safetydesk.labels import PERSON_FIELDS
from safetydesk.ui.dialogs.form_base import FormDialog
from safetydesk.ui.dialogs.unit_dialog import fill_village_combo

if TYPE_CHECKING:
    from safetydesk.services.registers import PersonService


class PersonDialogView(FormDialog):
    """Widgets and layout of the 人员 form."""

    def build(self) -> None:
        """Create the widgets and rows."""
        f = PERSON_FIELDS
        self.name_edit = QLineEdit()
        self.role_combo = QComboBox()
        for role in PersonRole:
            self.role_combo.addItem(role.value, role.value)
        self.organisation_edit = QLineEdit()
        self.organisation_edit.setPlaceholderText("例如：镇应急办 副主任、东关社区 网格员")
        self.village_combo = QComboBox()
        self.village_combo.setMaxVisibleItems(20)
        self.mobile_edit = QLineEdit()
        self.mobile_edit.setPlaceholderText("11 位手机号")
        self.mobile_edit.setMaxLength(20)
        self.phone_edit = QLineEdit()
        self.phone_edit.setPlaceholderText("座机或其他号码")
        self.cert_no_edit = QLineEdit()
        self.cert_no_edit.setMaxLength(40)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setFixedHeight(64)

        self.add_row(f["name"], self.field("name", self.name_edit), required=True)
        self.add_row(f["role"], self.field("role", self.role_combo))
        self.add_row(f["organisation"], self.field("organisation", self.organisation_edit))
        self.add_row(f["village_id"], self.field("village_id", self.village_combo))
        self.add_row(
            f["mobile"], self.field("mobile", self.mobile_edit),
            f["phone"], self.field("phone", self.phone_edit),
        )  # fmt: skip
        self.add_row(
            f["cert_no"],
            self.field(
                "cert_no", self.cert_no_edit,
                hint="持有行政执法证的人员填写；有证号的人员才能在执法文书上签名",
            ),
        )  # fmt: skip
        self.add_row(f["notes"], self.field("notes", self.notes_edit))
        self.setMinimumWidth(520)


class PersonDialog(PersonDialogView):
    """Loads, validates (through the service) and saves a person."""

    FIELDS = (
        ("name", "name_edit"),
        ("role", "role_combo"),
        ("organisation", "organisation_edit"),
        ("village_id", "village_combo"),
        ("mobile", "mobile_edit"),
        ("phone", "phone_edit"),
        ("cert_no", "cert_no_edit"),
        ("notes", "notes_edit"),
    )
    CONVERT = {"role": PersonRole}
    NOUN = "人员"

    def service(self) -> PersonService:
        """The person service."""
        return self.ctx.workspace.people

    def new_record(self) -> Person:
        """An empty person."""
        return Person(name="")

    def load(self, rec: Person) -> None:
        """Fill the village combo (optional for people), then show the record."""
        fill_village_combo(self.village_combo, self.ctx, rec.village_id, "（不属于某个村）")
        super().load(rec)
