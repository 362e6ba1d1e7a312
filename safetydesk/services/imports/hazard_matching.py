"""Ties the units and villages named in an old hazard ledger to the registers (Qt-free).

Used by :mod:`safetydesk.services.imports.hazards`: a name matches the active register exactly, then
normalised (half-width brackets, no spaces, 有限公司 = 有限责任公司; 村委会/居委会/社区居委会 via
:class:`~safetydesk.services.imports.values.VillageIndex`). Names that match nothing are listed as
missing, and created (type 其他 unless the ledger's 企业类型/行业 column says) when the user asks.
Rows already registered (same unit, found date and description) are reported, so a ledger is not
imported twice.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from safetydesk.domain.common import Unit, Village
from safetydesk.errors import ValidationErrors
from safetydesk.services.imports.cells import CellError
from safetydesk.services.imports.hazard_row_checks import LedgerRecord, replace_hazard
from safetydesk.services.imports.hazard_values import text_key, unit_key
from safetydesk.services.imports.sheets import Problem
from safetydesk.services.imports.values import VillageIndex, _village_key, parse_village_kind
from safetydesk.storage.hazard_bulk import HazardBulkStore

if TYPE_CHECKING:
    from safetydesk.services import Workspace


def column(headers: dict[str, str]) -> Callable[[str], str]:
    """Field → header text as found in the file ("" when the file has no such column)."""
    return lambda f: headers.get(f, "")


class Registers:
    """Ties ledger names to the active registers; creates the missing ones on request."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.villages = list(ws.villages.list())
        self.index = VillageIndex(self.villages)
        self.units: dict[str, list[Unit]] = {}
        for u in ws.units.list():
            self.units.setdefault(unit_key(u.name), []).append(u)

    def village(self, text: str) -> Village | str | None:
        """The registered village, the name a missing one would get, or None for no text.

        Raises:
            CellError: The text fits several villages (the message names them).
        """
        if not text.strip():
            return None
        try:
            return self.index.find(text)
        except CellError:
            new = self.index.new_name(text)
            if new is None:
                raise
            return new

    def unit(self, name: str, village: Village | str | None) -> Unit | None:
        """The registered unit (None when it is not registered in that village).

        Raises:
            CellError: No village given and the name is registered in several villages.
        """
        found = self.units.get(unit_key(name), [])
        exact = [u for u in found if u.name == name.strip()]
        if isinstance(village, Village):
            found = [u for u in found if u.village_id == village.id]
            exact = [u for u in exact if u.village_id == village.id]
        elif village is not None:
            return None  # a village still to be created has no units yet
        if len(found) == 1:
            return found[0]
        if len(exact) == 1:
            return exact[0]
        if found:
            names = self.ws.villages.names()
            where = "、".join(names.get(u.village_id or 0, "") for u in found)
            raise CellError(
                f"「{name}」在多个村(社区)都有登记（{where}），无法确定是哪一个："
                "请在「所属村(社区)」列中注明。"
            )
        return None

    def create_village(self, name: str) -> Village:
        """Register a village (inside the caller's transaction); raises ValidationErrors."""
        v = self.ws.villages.validate(Village(name=name, kind=parse_village_kind("", name)))
        v = self.ws.villages.store.insert(v)
        self.villages.append(v)
        self.index = VillageIndex(self.villages)
        return v

    def create_unit(self, rec: LedgerRecord, village: Village) -> Unit:
        """Register the record's unit in ``village``; raises ValidationErrors."""
        u = Unit(name=rec.unit_name.strip(), type=rec.unit_type, subtype=rec.unit_subtype,
                 village_id=village.id)
        u = self.ws.units.store.insert(self.ws.units.validate(u))
        self.units.setdefault(unit_key(u.name), []).append(u)
        return u


@dataclass
class Resolved:
    """Records tied to the registers, and what could not be tied.

    Attributes:
        records: Records with ``unit_id``/``village_id`` set where known.
        problems: Rows that cannot be tied (ambiguous names, a new unit without a village).
        missing_units: (unit key, village) → (first row, name, village name).
        missing_villages: Village key → (first row, name as it would be created).
        created_units: Ids of units created (``create=True``).
        created_villages: Ids of villages created.
    """

    records: list[LedgerRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    missing_units: dict[tuple[str, str], tuple[int, str, str]] = field(default_factory=dict)
    missing_villages: dict[str, tuple[int, str]] = field(default_factory=dict)
    created_units: list[int] = field(default_factory=list)
    created_villages: list[int] = field(default_factory=list)


def resolve(
    records: list[LedgerRecord],
    regs: Registers,
    headers: dict[str, str],
    *,
    create: bool = False,
) -> Resolved:
    """Tie each record to its unit and village (creating missing ones when ``create``)."""
    out = Resolved()
    col = column(headers)
    for rec in records:
        try:
            village = regs.village(rec.village_name)
        except CellError as exc:
            out.problems.append(Problem(rec.row, col("village"), str(exc)))
            continue
        try:
            unit = regs.unit(rec.unit_name, village)
        except CellError as exc:
            out.problems.append(Problem(rec.row, col("unit"), str(exc)))
            continue
        if unit is None and village is None:
            out.problems.append(Problem(rec.row, col("village") or col("unit"), (
                f"单位场所「{rec.unit_name}」尚未登记，本行也没有所属村(社区)：请在台账中填写所属村(社区)"
                "（新建单位场所需要知道它属于哪个村），或先在“单位场所”中登记该单位。"
            )))  # fmt: skip
            continue
        if unit is None and create:
            try:
                if isinstance(village, str):
                    new = regs.create_village(village)
                    out.created_villages.append(new.id or 0)
                    village = new
                assert village is not None  # a unit without a village was refused above
                unit = regs.create_unit(rec, village)
                out.created_units.append(unit.id or 0)
            except ValidationErrors as exc:
                what = f"村(社区)「{village}」" if isinstance(village, str) else f"单位场所「{rec.unit_name}」"
                out.problems.append(Problem(rec.row, col("unit"), f"无法新建{what}：{exc}"))
                continue
        if unit is not None:
            rec = replace_hazard(
                rec,
                unit_id=unit.id,
                village_id=unit.village_id,
                sector=unit.type.value,
                responsible_unit=rec.hazard.responsible_unit or unit.name,
            )
        else:
            vname = village.name if isinstance(village, Village) else str(village)
            if isinstance(village, Village):
                rec = replace_hazard(rec, village_id=village.id)
            else:
                rec = dataclasses.replace(rec, village_name=vname)  # as it would be created
                out.missing_villages.setdefault(_village_key(vname)[0], (rec.row, vname))
            key = (unit_key(rec.unit_name), vname)
            out.missing_units.setdefault(key, (rec.row, rec.unit_name.strip(), vname))
        out.records.append(rec)
    return out


def duplicates(ws: Workspace, records: list[LedgerRecord], headers: dict[str, str]) -> list[Problem]:
    """Rows already registered (same unit, found date and description): a re-import."""
    known = [r for r in records if r.hazard.unit_id]
    if not known:
        return []
    days = [r.hazard.found_on for r in known if r.hazard.found_on]
    if not days:
        return []
    existing: dict[tuple[int | None, date | None, str], str] = {
        (u, f, text_key(d)): code
        for code, u, f, d in HazardBulkStore(ws.db).found_between(min(days), last=max(days))
    }
    col = column(headers)("description")
    out = []
    for r in known:
        code = existing.get((r.hazard.unit_id, r.hazard.found_on, text_key(r.hazard.description)))
        if code:
            out.append(Problem(r.row, col, (
                f"与已登记的隐患 {code} 相同（同一单位、同一发现日期、相同的隐患描述），"
                "这份台账可能已经导入过。请删除已导入的行后再导入。"
            )))  # fmt: skip
    return out


def missing_problems(res: Resolved, headers: dict[str, str]) -> list[Problem]:
    """One problem per unregistered village and unit, at the first row naming it."""
    col = column(headers)
    out = [
        Problem(row, col("village"), f"村(社区)「{name}」尚未登记。")
        for row, name in res.missing_villages.values()
    ]
    out += [
        Problem(row, col("unit"), f"单位场所「{name}」" + (f"（{v}）" if v else "") + "尚未登记。")
        for row, name, v in res.missing_units.values()
    ]
    return sorted(out, key=lambda p: p.row)
