"""Rows of a 通讯录, 包保 list or household list: each turned into a checked record, or problems.

:class:`ListRowReader` walks the data rows under the header found by
:func:`~safetydesk.services.imports.sheets.find_header`, parses every cell
(:mod:`.plan_list_values`, :mod:`.cells`), ties the row to its 村(社区) (``--village`` or a
村(社区) column), to the people register (by name, and by phone when a name is held by several
people) and to the village's shelters, routes and risk points (by name), runs the record's domain
check, and refuses rows that repeat an earlier row or a record already registered. People named
but not registered are gathered as :class:`NewPerson` (created by the commit only when asked).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from safetydesk.domain.baobao import BaobaoAssignment, BaobaoLevel, Household, check_assignment
from safetydesk.domain.common import PersonRole, Village
from safetydesk.domain.plan_parts import Contact, RiskPoint, Route, check_contact
from safetydesk.domain.validation import check_mobile, check_phone
from safetydesk.errors import ValidationErrors
from safetydesk.services.imports import sheets
from safetydesk.services.imports.cells import CellError, cell_text, code_text, parse_date, parse_int
from safetydesk.services.imports.plan_list_match import (
    ListRow,
    Named,
    NewPerson,
    PersonIndex,
    person_key,
)
from safetydesk.services.imports.plan_list_values import (
    labels,
    parse_category,
    parse_hazards,
    parse_level,
    parse_vulnerable,
)
from safetydesk.services.imports.sheets import Problem
from safetydesk.services.imports.values import VillageIndex, norm_header

if TYPE_CHECKING:
    from safetydesk.services import Workspace

#: Domain field of a record → import field, for the column a domain check's message goes to.
_DOMAIN_FIELDS = {
    "village_id": "village", "group_name": "group", "escalate_to_id": "escalate",
    "backup_phone": "mobile", "person_id": "person", "helper_id": "helper",
}  # fmt: skip
#: Role given to a person the import creates, by 包保 level.
_ROLES = {
    BaobaoLevel.COUNTY: PersonRole.OTHER,
    BaobaoLevel.TOWNSHIP: PersonRole.TOWNSHIP_OFFICIAL,
    BaobaoLevel.VILLAGE: PersonRole.VILLAGE_CADRE,
    BaobaoLevel.GROUP: PersonRole.OTHER,
    BaobaoLevel.PERSON: PersonRole.OTHER,
}


class ListRowReader:
    """Turns the data rows of one list file into :class:`ListRow` records and problems."""

    def __init__(
        self,
        ws: Workspace,
        kind: str,
        match: sheets.HeaderMatch,
        village: Village | None,
        epoch: date | None = None,
    ) -> None:
        self.ws = ws
        self.kind = kind
        self.match = match
        self.village = village
        self.epoch = epoch
        self.labels = labels(kind)
        self.villages = VillageIndex(ws.villages.list())
        self.people = PersonIndex(ws.people.list())
        self.levels = ws.plan_parts.levels()
        self.order = sorted(self.labels, key=lambda f: match.columns.get(f, 10**6))
        self.rows: list[ListRow] = []
        self.problems: list[Problem] = []
        #: Problems of rows whose only fault is a person not registered (see create_missing).
        self.missing: list[Problem] = []
        self.skipped: list[int] = []
        self.new_people: dict[str, NewPerson] = {}
        self._seen: dict[tuple[object, ...], int] = {}
        self._parts: dict[int, dict[str, Named]] = {}
        self._existing: dict[int, set[tuple[object, ...]]] = {}
        self._escalate: list[tuple[int, int, str]] = []  # (index in rows, row, name)

    def column(self, name: str) -> str:
        """Header text shown for a field's problems."""
        return self.match.headers.get(name, self.labels.get(name, ""))

    def read(self, rows: list[list[Any]], first: int, progress: Callable[[int, int], None] | None) -> None:
        """Read the data rows; ``first`` is the Excel row number of ``rows[0]``."""
        for number, cells in sheets.data_rows(rows, first, self.match, self.skipped, progress,
                                               problems=self.problems):  # fmt: skip
            self._row(number, {f: v for f, v in cells.items()})
        self._resolve_escalations()

    # -- one row ------------------------------------------------------------------------------
    def _row(self, number: int, cells: dict[str, Any]) -> None:
        errors: dict[str, str] = {}
        missing: dict[str, str] = {}
        village = self._village(cells, errors)
        if village is None:
            self._report(number, errors, {})
            return
        build = {"contacts": self._contact, "baobao": self._baobao, "households": self._household}
        rec, refs, names = build[self.kind](number, cells, village, errors, missing)
        if not errors:
            dup = self._duplicate(number, rec, village, names)
            if dup:
                errors[dup[0]] = dup[1]
        if errors:
            self._report(number, errors, missing)
            return
        self._report(number, {}, missing)
        self.rows.append(ListRow(number, rec, village.name, refs, names))

    def _report(self, number: int, errors: dict[str, str], missing: dict[str, str]) -> None:
        for f in [*self.order, *errors]:
            if f in errors:
                self.problems.append(Problem(number, self.column(f), errors.pop(f)))
        self.missing += [Problem(number, self.column(f), m) for f, m in missing.items()]

    def _village(self, cells: dict[str, Any], errors: dict[str, str]) -> Village | None:
        text = cell_text(cells.get("village"))
        if not text:
            if self.village is None:
                errors["village"] = "请填写村(社区)名称，或导入时指定村(社区)（命令行加 --village 村名）。"
            return self.village
        try:
            return self.villages.find(text)
        except CellError as exc:
            errors["village"] = str(exc)
            return None

    def _text(self, cells: dict[str, Any], name: str) -> str:
        return cell_text(cells.get(name))

    def _phone(self, cells: dict[str, Any], name: str, errors: dict[str, str]) -> str:
        try:
            value = code_text(cells.get(name))
        except CellError as exc:
            errors[name] = str(exc)
            return ""
        if msg := check_phone(value, label=self.column(name)):
            errors[name] = msg
        return value

    def _convert(self, cells: dict[str, Any], name: str, fn: Callable[[Any], Any],
                 errors: dict[str, str]) -> Any:  # fmt: skip
        try:
            return fn(cells.get(name))
        except CellError as exc:
            errors[name] = str(exc)
            return None

    def _check(self, check: Callable[[Any], None], rec: Any, errors: dict[str, str]) -> None:
        try:
            check(rec)
        except ValidationErrors as exc:
            for f, msg in exc.errors.items():
                errors.setdefault(_DOMAIN_FIELDS.get(f, f), msg)

    def _person(
        self, name: str, phone: str, village: Village, field_name: str, role: PersonRole,
        number: int, errors: dict[str, str], missing: dict[str, str], what: str,
        *, local: bool = True,
    ) -> tuple[int | None, str]:  # fmt: skip
        """(register id, key of a person to create) of a person cell."""
        try:
            found = self.people.find(name, phone, village.id)
        except CellError as exc:
            errors[field_name] = str(exc)
            return None, ""
        if found is not None:
            return found.id, ""
        key = person_key(name, phone)
        new = self.new_people.get(key)
        if new is None:
            mobile = phone if phone and check_mobile(phone) is None else ""
            home = village.id if local else None
            new = NewPerson(name, mobile, "" if mobile else phone, home, role)
            self.new_people[key] = new
        new.rows.append(number)
        missing[field_name] = (
            f"{what}「{name}」不在人员名录中。请先在“人员”中登记，或勾选“创建表中缺少的人员”"
            "（命令行加 --create-missing）导入时一并新建。"
        )
        return None, key

    # -- kinds --------------------------------------------------------------------------------
    def _contact(self, number: int, cells: dict[str, Any], village: Village,
                 errors: dict[str, str], _missing: dict[str, str]) -> tuple[Any, dict[str, str], dict[str, str]]:  # fmt: skip
        name = self._text(cells, "name")
        category = self._convert(cells, "category", lambda v: parse_category(cell_text(v)), errors)
        mobile = self._phone(cells, "mobile", errors)
        phone = self._phone(cells, "phone", errors)
        person_id = None
        if name:
            try:
                found = self.people.find(name, mobile or phone, village.id)
                person_id = found.id if found else None
            except CellError:
                person_id = None  # a contact need not be a registered person
        rec = Contact(None, village.id, category or parse_category("其他"), name,
                      post=self._text(cells, "post"), mobile=mobile, phone=phone,
                      person_id=person_id, notes=self._text(cells, "notes"), sort_order=number)  # fmt: skip
        self._check(check_contact, rec, errors)
        return rec, {}, {}

    def _baobao(self, number: int, cells: dict[str, Any], village: Village,
                errors: dict[str, str], missing: dict[str, str]) -> tuple[Any, dict[str, str], dict[str, str]]:  # fmt: skip
        level = self._convert(cells, "level", lambda v: parse_level(cell_text(v)), errors)
        if level is not None and level not in self.levels:
            errors["level"] = (f"本乡镇未启用“{level}”这一包保层级（启用的有：{'、'.join(self.levels)}）。"
                               "如需启用，请在“设置”的包保层级中加上它。")  # fmt: skip
        name = self._text(cells, "person")
        mobile = self._phone(cells, "mobile", errors)
        refs: dict[str, str] = {}
        person_id: int | None = None
        if not name:
            errors["person"] = "请填写包保责任人姓名。"
        elif "mobile" not in errors:
            role = _ROLES.get(level or BaobaoLevel.PERSON, PersonRole.OTHER)
            if role is PersonRole.OTHER and "网格员" in self._text(cells, "post"):
                role = PersonRole.GRID_WORKER
            above = level in (BaobaoLevel.COUNTY, BaobaoLevel.TOWNSHIP)
            person_id, key = self._person(name, mobile, village, "person", role, number,
                                          errors, missing, "包保责任人", local=not above)  # fmt: skip
            if key:
                refs["person_id"] = key
        hazards = self._convert(cells, "hazards", lambda v: parse_hazards(cell_text(v)), errors)
        order = self._convert(cells, "call_order", parse_int, errors)
        valid = self._convert(cells, "valid_from", lambda v: parse_date(v, epoch=self.epoch), errors)
        target = self._text(cells, "target")
        rec = BaobaoAssignment(None, village.id, level or BaobaoLevel.PERSON, person_id or 0, target,
                               post=self._text(cells, "post"), hazards=hazards or (),
                               call_order=1 if order is None else order, valid_from=valid,
                               notes=self._text(cells, "notes"))  # fmt: skip
        self._check(check_assignment, rec, errors)
        escalate = self._text(cells, "escalate")
        if escalate:
            if norm_header(escalate) == norm_header(name):
                errors["escalate"] = "上级责任人不能是本人。"
            else:
                self._escalate.append((len(self.rows), number, escalate))
        return rec, refs, {"person": name, "escalate": escalate}

    def _household(self, number: int, cells: dict[str, Any], village: Village,
                   errors: dict[str, str], missing: dict[str, str]) -> tuple[Any, dict[str, str], dict[str, str]]:  # fmt: skip
        from safetydesk.domain.baobao import check_household

        size = self._convert(cells, "size", parse_int, errors)
        if size is None and "size" not in errors:
            errors["size"] = "请填写家庭人数（整数）。"
        values: dict[str, Any] = {}
        names: dict[str, str] = {}
        for f, what, rec_field in (("risk", "风险点", "risk_point_id"), ("shelter", "避难场所", "shelter_id"),
                                   ("route", "转移路线", "route_id")):  # fmt: skip
            text = self._text(cells, f)
            values[rec_field] = None
            if text:
                names[f] = text
                try:
                    values[rec_field] = self._named(village, f, what).find(text, village.name)
                except CellError as exc:
                    errors[f] = str(exc)
        refs: dict[str, str] = {}
        helper = self._text(cells, "helper")
        values["helper_id"] = None
        if helper:
            names["helper"] = helper
            values["helper_id"], key = self._person(helper, "", village, "helper", PersonRole.OTHER,
                                                    number, errors, missing, "包户责任人")  # fmt: skip
            if key:
                refs["helper_id"] = key
        rec = Household(
            None, village.id or 0, self._text(cells, "head"), self._text(cells, "group"),
            self._text(cells, "address"), size or 0, phone=self._phone(cells, "phone", errors),
            residents=self._convert(cells, "residents", parse_int, errors),
            vulnerable=self._convert(cells, "vulnerable", lambda v: parse_vulnerable(cell_text(v)), errors) or (),
            vulnerable_detail=self._text(cells, "detail"),
            card_issued_on=self._convert(cells, "card", lambda v: parse_date(v, epoch=self.epoch), errors),
            notes=self._text(cells, "notes"), **values,
        )  # fmt: skip
        if size is not None:
            self._check(check_household, rec, errors)
        return rec, refs, names

    def _named(self, village: Village, f: str, what: str) -> Named:
        vid = village.id or 0
        if vid not in self._parts:
            shelters = [*self.ws.plans.shelters(vid), *self.ws.plans.shelters(township=True)]
            parts = self.ws.plan_parts
            self._parts[vid] = {
                "shelter": Named("避难场所", [(s.id or 0, s.name) for s in shelters]),
                "route": Named("转移路线", [(r.id or 0, r.name) for r in parts.of_village(Route, vid)]),
                "risk": Named("风险点", [(p.id or 0, p.name) for p in parts.of_village(RiskPoint, vid)]),
            }
        return self._parts[vid][f]

    # -- duplicates and escalation ------------------------------------------------------------
    def _key(self, rec: Any, names: dict[str, str]) -> tuple[tuple[object, ...], str, str]:
        """(duplicate key, field its problem goes to, what the row is)."""
        if isinstance(rec, Contact):
            return (rec.village_id, rec.category, norm_header(rec.name)), "name", f"{rec.category}「{rec.name}」"
        if isinstance(rec, BaobaoAssignment):
            who = norm_header(names.get("person", ""))
            return ((rec.village_id, rec.level, who, norm_header(rec.target)), "target",
                    f"{rec.level}「{names.get('person', '')}」包保「{rec.target}」")  # fmt: skip
        return ((rec.village_id, norm_header(rec.head), norm_header(rec.address)), "head",
                f"户主「{rec.head}」（{rec.address}）")  # fmt: skip

    def _existing_keys(self, village: Village) -> set[tuple[object, ...]]:
        vid = village.id or 0
        if vid not in self._existing:
            cls: type[Any] = {"contacts": Contact, "baobao": BaobaoAssignment,
                              "households": Household}[self.kind]  # fmt: skip
            names = {p.id: p.name for ps in self.people.by_name.values() for p in ps}
            self._existing[vid] = {
                self._key(r, {"person": names.get(getattr(r, "person_id", None), "")})[0]
                for r in self.ws.plan_parts.of_village(cls, vid)
            }
        return self._existing[vid]

    def _duplicate(self, number: int, rec: Any, village: Village, names: dict[str, str]) -> tuple[str, str] | None:
        key, f, what = self._key(rec, names)
        first = self._seen.setdefault(key, number)
        if first != number:
            return f, f"与第 {first} 行重复：{what}在文件中出现了不止一次。请删除重复的行。"
        if key in self._existing_keys(village):
            return f, (f"「{village.name}」已登记过{what}，不再重复导入。"
                       "如需修改，请在“一制四案”中直接修改；若是新的一条，请从表中删去已登记的行后再导入。")  # fmt: skip
        return None

    def _resolve_escalations(self) -> None:
        """Tie each 上级责任人 to the register, to a person of the file, or to one to create."""
        keys = {norm_header(p.name): k for k, p in self.new_people.items()}
        bad: set[int] = set()
        for index, number, name in self._escalate:
            if index >= len(self.rows) or self.rows[index].row != number:
                continue  # the row itself was refused
            row = self.rows[index]
            try:
                found = self.people.find(name, "", row.record.village_id)
            except CellError as exc:
                self.problems.append(Problem(number, self.column("escalate"), str(exc)))
                bad.add(number)
                continue
            if found is not None:
                rec: Any = row.record
                self.rows[index] = replace(row, record=replace(rec, escalate_to_id=found.id))
                continue
            key = keys.get(norm_header(name))
            if key is None:
                key = person_key(name, "")
                self.new_people[key] = NewPerson(name, village_id=row.record.village_id)
                keys[norm_header(name)] = key
            self.new_people[key].rows.append(number)
            self.missing.append(Problem(number, self.column("escalate"), (
                f"上级责任人「{name}」不在人员名录中。请先在“人员”中登记，"
                "或勾选“创建表中缺少的人员”（命令行加 --create-missing）导入时一并新建。"
            )))  # fmt: skip
            self.rows[index] = replace(row, refs={**row.refs, "escalate_to_id": key})
        if bad:
            self.rows = [r for r in self.rows if r.row not in bad]
