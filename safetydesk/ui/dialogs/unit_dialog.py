"""Dialog to add or edit a 单位场所: :class:`UnitDialogView` (layout) + :class:`UnitDialog`.

The 九小场所类别 combo is enabled only when the type is 九小场所; the village combo lists the
active villages (plus the unit's own village if it was archived since); the risk combo shows the
township's display scheme (A–D or 红橙黄蓝).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from safetydesk.domain.common import (
    NINE_SMALL_SUBTYPES,
    RISK_LEVELS,
    Scale,
    Unit,
    UnitType,
)
from safetydesk.domain.queries import ListQuery
from safetydesk.labels import UNIT_FIELDS, risk_label
from safetydesk.ui.dialogs.form_base import FormDialog
from safetydesk.ui.models.register_columns import RISK_MEANINGS

if TYPE_CHECKING:
    from safetydesk.services.registers import UnitService
    from safetydesk.ui.context import AppContext


def village_items(ctx: AppContext, keep_id: int | None = None) -> list[tuple[str, int]]:
    """(name, id) of the active villages, plus ``keep_id`` marked 已归档 when it is archived."""
    ws = ctx.workspace
    items = [(v.name, v.id) for v in ws.villages.list(ListQuery()) if v.id is not None]
    if keep_id is not None and all(i != keep_id for _, i in items):
        name = ws.villages.names().get(keep_id)
        if name is not None:
            items.append((f"{name}（已归档）", keep_id))
    return items


def fill_village_combo(
    combo: QComboBox, ctx: AppContext, keep_id: int | None, empty_text: str
) -> None:
    """Fill a village combo: a first item ``empty_text`` (data None), then the villages."""
    combo.clear()
    combo.addItem(empty_text, None)
    for name, vid in village_items(ctx, keep_id):
        combo.addItem(name, vid)


class UnitDialogView(FormDialog):
    """Widgets and layout of the 单位场所 form."""

    def build(self) -> None:
        """Create the widgets and rows."""
        f = UNIT_FIELDS
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("营业执照上的名称或场所招牌名")
        self.type_combo = QComboBox()
        for t in UnitType:
            self.type_combo.addItem(t.value, t.value)
        self.type_combo.setMaxVisibleItems(20)
        self.subtype_combo = QComboBox()
        self.subtype_combo.addItem("请选择类别", "")
        for s in NINE_SMALL_SUBTYPES:
            self.subtype_combo.addItem(s, s)
        self.village_combo = QComboBox()
        self.village_combo.setMaxVisibleItems(20)
        self.address_edit = QLineEdit()
        self.uscc_edit = QLineEdit()
        self.uscc_edit.setMaxLength(24)
        self.uscc_edit.setPlaceholderText("18 位，见营业执照；个体或无执照的场所可不填")
        self.legal_rep_edit = QLineEdit()
        self.contact_edit = QLineEdit()
        self.contact_phone_edit = QLineEdit()
        self.contact_phone_edit.setPlaceholderText("手机或座机")
        self.scale_combo = QComboBox()
        self.scale_combo.addItem("—（不详或非企业）", "")
        for s in Scale:
            self.scale_combo.addItem(s.value, s.value)
        self.risk_combo = QComboBox()
        self.department_edit = QLineEdit()
        self.department_edit.setPlaceholderText("例如：县应急管理局、县市场监管局")
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setFixedHeight(64)

        self.add_row(f["name"], self.field("name", self.name_edit), required=True)
        self.add_row(
            f["type"], self.field("type", self.type_combo),
            "九小类别", self.field("subtype", self.subtype_combo), required=True,
        )  # fmt: skip
        self.add_row(f["village_id"], self.field("village_id", self.village_combo), required=True)
        self.add_row(f["address"], self.field("address", self.address_edit))
        self.add_row(f["uscc"], self.field("uscc", self.uscc_edit))
        self.add_row(f["legal_rep"], self.field("legal_rep", self.legal_rep_edit))
        self.add_row(
            f["contact"], self.field("contact", self.contact_edit),
            f["contact_phone"], self.field("contact_phone", self.contact_phone_edit),
        )  # fmt: skip
        self.add_row(
            f["risk"], self.field("risk", self.risk_combo),
            f["scale"], self.field("scale", self.scale_combo),
        )  # fmt: skip
        self.add_row(f["department"], self.field("department", self.department_edit))
        self.add_row(f["notes"], self.field("notes", self.notes_edit))
        self.setMinimumWidth(600)


def _scale(value: str | None) -> Scale | None:
    return Scale(value) if value else None


class UnitDialog(UnitDialogView):
    """Loads, validates (through the service) and saves a unit."""

    FIELDS = (
        ("name", "name_edit"),
        ("type", "type_combo"),
        ("subtype", "subtype_combo"),
        ("village_id", "village_combo"),
        ("address", "address_edit"),
        ("uscc", "uscc_edit"),
        ("legal_rep", "legal_rep_edit"),
        ("contact", "contact_edit"),
        ("contact_phone", "contact_phone_edit"),
        ("risk", "risk_combo"),
        ("scale", "scale_combo"),
        ("department", "department_edit"),
        ("notes", "notes_edit"),
    )
    CONVERT = {"type": UnitType, "scale": _scale, "subtype": lambda v: v or ""}
    NOUN = "单位场所"

    def __init__(
        self, ctx: AppContext, record: Unit | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, record, parent)
        self.type_combo.currentIndexChanged.connect(self._on_type_changed)
        self._on_type_changed()

    def service(self) -> UnitService:
        """The unit service."""
        return self.ctx.workspace.units

    def new_record(self) -> Unit:
        """An empty unit."""
        return Unit(name="")

    def load(self, rec: Unit) -> None:
        """Fill the combos that depend on data, then show the record."""
        fill_village_combo(self.village_combo, self.ctx, rec.village_id, "请选择村(社区)")
        if self.village_combo.count() == 1:
            self.village_combo.setItemText(0, "还没有村(社区)，请先在“村(社区)”页登记")
        scheme = str(self.ctx.workspace.settings.get("risk_scheme") or "ABCD")
        self.risk_combo.clear()
        self.risk_combo.addItem("未评定", "")
        for level in RISK_LEVELS:
            self.risk_combo.addItem(f"{risk_label(level, scheme)}（{RISK_MEANINGS[level]}）", level)
        super().load(rec)

    def _on_type_changed(self, *_args: object) -> None:
        nine_small = self.type_combo.currentData() == UnitType.NINE_SMALL.value
        self.subtype_combo.setEnabled(nine_small)
        if not nine_small:
            self.subtype_combo.setCurrentIndex(0)
            self.boxes["subtype"].set_error("")
