"""Who and what a list row names: people of the register, and a village's named parts.

:class:`PersonIndex` finds the register person a name means (the phone decides when a name is
held by several people, then the row's village); :class:`Named` finds a village's shelter, route
or risk point by name; :class:`NewPerson` is a person a file names who is not registered, and
:class:`ListRow` a checked row of :mod:`.plan_list_rows` with the people still to be created.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from safetydesk.domain.baobao import BaobaoAssignment, Household
from safetydesk.domain.common import Person, PersonRole
from safetydesk.domain.plan_parts import Contact
from safetydesk.domain.validation import normalize_phone
from safetydesk.services.imports.cells import CellError
from safetydesk.services.imports.values import norm_header

#: A list record.
ListRecord = Contact | BaobaoAssignment | Household


@dataclass
class NewPerson:
    """A person the file names who is not in the register (created only with create_missing)."""

    name: str
    mobile: str = ""
    phone: str = ""
    village_id: int | None = None
    role: PersonRole = PersonRole.OTHER
    rows: list[int] = field(default_factory=list)

    def person(self, source: str) -> Person:
        """The register record to create."""
        return Person(name=self.name, role=self.role, village_id=self.village_id,
                      mobile=self.mobile, phone=self.phone, notes=f"由{source}导入时新建")  # fmt: skip


@dataclass(frozen=True)
class ListRow:
    """A checked row: its record, and the people it names who are still to be created.

    Attributes:
        row: Excel row number.
        record: The record (person references to create are ``None`` until the commit).
        village: Name of its 村(社区).
        refs: Record field (``person_id``, ``escalate_to_id``, ``helper_id``) → key in
            :attr:`ListRowReader.new_people` of the person to create for it.
        names: Import field → display text of a matched name (person, shelter, route …).
    """

    row: int
    record: ListRecord
    village: str
    refs: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)


def person_key(name: str, phone: str) -> str:
    return f"{name}|{normalize_phone(phone)}"


class PersonIndex:
    """Finds the register person a name (and phone) means; ambiguity is a :class:`CellError`."""

    def __init__(self, people: list[Person]) -> None:
        self.by_name: dict[str, list[Person]] = {}
        for p in people:
            if not p.archived:
                self.by_name.setdefault(norm_header(p.name), []).append(p)

    def find(self, name: str, phone: str = "", village_id: int | None = None) -> Person | None:
        """The person; None when nobody of that name is registered."""
        found = self.by_name.get(norm_header(name), [])
        if len(found) <= 1:
            return found[0] if found else None
        wanted = normalize_phone(phone)
        if wanted:
            same = [p for p in found if wanted in (normalize_phone(p.mobile), normalize_phone(p.phone))]
            if len(same) == 1:
                return same[0]
        local = [p for p in found if village_id is not None and p.village_id == village_id]
        if len(local) == 1 and not wanted:
            return local[0]
        phones = "、".join(p.mobile or p.phone or "无电话" for p in found)
        raise CellError(
            f"人员名录中有 {len(found)} 位「{name}」（电话：{phones}），无法确定是哪一位。"
            "请在本行填写其手机号码（与人员名录中的一致）以区分。"
        )


class Named:
    """Records of a village found by name (shelters, routes, risk points)."""

    def __init__(self, what: str, items: list[tuple[int, str]]) -> None:
        self.what = what
        self.names = [n for _i, n in items]
        self.ids = {norm_header(n): i for i, n in items}

    def find(self, text: str, village: str) -> int:
        key = norm_header(text)
        if key in self.ids:
            return self.ids[key]
        known = "、".join(self.names[:10]) if self.names else "（还没有登记）"
        raise CellError(
            f"在「{village}」找不到名为「{text}」的{self.what}。已登记的有：{known}。"
            f"请改成已登记的名称，或先在“一制四案”中登记这个{self.what}后再导入（不清楚可留空）。"
        )
