"""Column specs of the three register lists (村(社区), 单位场所, 人员) for :class:`SqlTableModel`.

The columns read display lookups (village names, the risk display scheme) from a shared
:class:`Lookups` object that the page refreshes when ``Topic.VILLAGES`` or ``Topic.SETTINGS``
change, so no column ever queries the database per row.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from safetydesk.domain.common import Person, Unit, UnitType, Village
from safetydesk.labels import PERSON_FIELDS, UNIT_FIELDS, VILLAGE_FIELDS, risk_label
from safetydesk.services import Workspace
from safetydesk.ui.models.sql_table import Column

#: Text colour of each risk class (readable on white and on the A-row tint).
RISK_FOREGROUND: dict[str, QColor] = {
    "A": QColor("#b3261e"),
    "B": QColor("#b45309"),
    "C": QColor("#7a5d00"),
    "D": QColor("#1d4ed8"),
}
#: Background tint of units of the highest risk class (A / 红).
HIGH_RISK_BACKGROUND = QColor("#fdecea")
#: Colour of placeholder text such as 未评定.
MUTED = QColor("#8a8a8a")
#: Shown for a risk class that was not assessed.
NO_RISK_TEXT = "未评定"
#: Descriptions of the risk classes, for tooltips and combos.
RISK_MEANINGS: dict[str, str] = {"A": "重大风险", "B": "较大风险", "C": "一般风险", "D": "低风险"}


class Lookups:
    """Display lookups shared by a page's columns (no per-row queries).

    Args:
        ws: The UI thread's workspace.
    """

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws
        self.village_names: dict[int, str] = {}
        self.risk_scheme = "ABCD"
        self.refresh_villages()
        self.refresh_settings()

    def refresh_villages(self) -> None:
        """Re-read id → name of every village (archived included)."""
        self.village_names = self._ws.villages.names()

    def refresh_settings(self) -> None:
        """Re-read the risk display scheme ("ABCD" or "红橙黄蓝")."""
        self.risk_scheme = str(self._ws.settings.get("risk_scheme") or "ABCD")

    def village(self, village_id: int | None) -> str:
        """Name of a village id ("" when none)."""
        return "" if village_id is None else self.village_names.get(village_id, "")

    def risk(self, risk: str) -> str:
        """Display text of a stored risk class under the current scheme."""
        return risk_label(risk, self.risk_scheme) if risk else NO_RISK_TEXT


def _with_phone(name: str, phone: str) -> str:
    return f"{name}  {phone}".strip()


def village_columns() -> tuple[Column[Village], ...]:
    """Columns of the 村(社区) list."""
    f = VILLAGE_FIELDS
    return (
        Column("name", f["name"], lambda v: v.name, sort_key="name", width=9),
        Column("kind", f["kind"], lambda v: v.kind.value, sort_key="kind", align="center", width=4),
        Column("region_code", "区划代码", lambda v: v.region_code, sort_key="region_code", width=7),
        Column("group_count", "村民小组", lambda v: _num(v.group_count), align="right", width=5),
        Column(
            "households", f["households"], lambda v: _num(v.households),
            sort_key="households", align="right", width=5,
        ),
        Column(
            "population", f["population"], lambda v: _num(v.population),
            sort_key="population", align="right", width=5,
        ),
        Column("secretary", "党组织书记", lambda v: _with_phone(v.secretary, v.secretary_phone),
               width=11),
        Column("director", "主任", lambda v: _with_phone(v.director, v.director_phone), width=11),
        Column(
            "grid_worker", "网格员", lambda v: _with_phone(v.grid_worker, v.grid_worker_phone),
            width=11,
        ),
        Column("notes", f["notes"], lambda v: v.notes.replace("\n", " "), width=12),
    )  # fmt: skip


def _num(value: int | None) -> str:
    return "" if value is None else str(value)


def _unit_type(u: Unit) -> str:
    if u.type is UnitType.NINE_SMALL and u.subtype:
        return f"九小·{u.subtype}"  # short enough for the column; the dialog shows both
    return u.type.value


def unit_columns(lookups: Lookups) -> tuple[Column[Unit], ...]:
    """Columns of the 单位场所 list (village names and risk scheme read from ``lookups``)."""
    f = UNIT_FIELDS

    def risk_colour(u: Unit) -> QColor | None:
        return RISK_FOREGROUND.get(u.risk, MUTED)

    def risk_tip(u: Unit) -> str:
        if not u.risk:
            return "尚未评定风险等级"
        return f"{lookups.risk(u.risk)}：{RISK_MEANINGS.get(u.risk, '')}"

    return (
        Column("name", "名称", lambda u: u.name, sort_key="name", width=11),
        Column("type", f["type"], _unit_type, sort_key="type", width=8),
        Column("village", f["village_id"], lambda u: lookups.village(u.village_id),
               sort_key="village", width=5.5),
        Column("address", f["address"], lambda u: u.address, width=11),
        Column("uscc", f["uscc"], lambda u: u.uscc, width=10.5),
        Column("contact", "联系人", lambda u: u.contact or u.legal_rep, width=4,
               tooltip=lambda u: _contact_tip(u)),
        Column("contact_phone", f["contact_phone"], lambda u: u.contact_phone, width=6.5),
        Column(
            "risk", f["risk"], lambda u: lookups.risk(u.risk), sort_key="risk", align="center",
            width=4, foreground=risk_colour, tooltip=risk_tip, bold=lambda u: u.risk == "A",
        ),
        Column("scale", f["scale"], lambda u: u.scale.value if u.scale else "", align="center",
               width=3),
        Column("department", "监管部门", lambda u: u.department, width=8),
    )  # fmt: skip


def _contact_tip(u: Unit) -> str:
    parts = []
    if u.legal_rep:
        parts.append(f"法定代表人：{u.legal_rep}")
    if u.contact:
        parts.append(f"安全联系人：{u.contact}")
    return "\n".join(parts)


def unit_row_background(u: Unit) -> QColor | None:
    """Tint of a whole unit row: the highest risk class (A / 红) stands out."""
    return HIGH_RISK_BACKGROUND if u.risk == "A" and not u.archived else None


def person_columns(lookups: Lookups) -> tuple[Column[Person], ...]:
    """Columns of the 人员 list."""
    f = PERSON_FIELDS
    return (
        Column("name", f["name"], lambda p: p.name, sort_key="name", width=5),
        Column("role", f["role"], lambda p: p.role.value, sort_key="role", width=6),
        Column("organisation", f["organisation"], lambda p: p.organisation,
               sort_key="organisation", width=14),
        Column("village", "所属村(社区)", lambda p: lookups.village(p.village_id), width=7),
        Column("mobile", f["mobile"], lambda p: p.mobile, width=6.5),
        Column("phone", f["phone"], lambda p: p.phone, width=8),
        Column("cert_no", f["cert_no"], lambda p: p.cert_no, width=8.5),
        Column("notes", f["notes"], lambda p: p.notes.replace("\n", " "), width=12),
    )  # fmt: skip
