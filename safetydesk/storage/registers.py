"""Stores of the three registers: villages (村/社区), units (单位场所) and people (人员)."""

from __future__ import annotations

from typing import Any, ClassVar

from safetydesk.domain.common import Person, PersonRole, Unit, Village
from safetydesk.domain.queries import ListQuery
from safetydesk.storage import search
from safetydesk.storage.rows import RecordStore

#: A unit picker's candidate: id, name, village name ("" if none), archived.
UnitName = tuple[int, str, str, bool]
#: A people picker's candidate: id, name, role, organisation, 执法证号 ("" when none).
PersonName = tuple[int, str, str, str, str]
#: A unit as the demo hazards are planned: id, type, name, village id.
UnitKind = tuple[int, str, str, int | None]
#: A unit as the demo inspections are written: id, name, type, risk ("" when none), village id,
#: address, contact, contact phone.
UnitContact = tuple[int, str, str, str, int | None, str | None, str | None, str | None]
#: A person with a role: id, name, 执法证号, organisation (NULL columns as ``None``).
PersonCard = tuple[int, str, str | None, str | None]


def _name_terms(
    table: str, text: str, columns: tuple[str, ...]
) -> tuple[list[str], list[Any]] | None:
    """WHERE parts keeping rows whose ``columns`` hold each word of ``text`` (None: no words).

    The full-text index narrows the candidates (no scan of the register); the LIKE checks keep
    those matching on these columns themselves (``%`` and ``_`` typed are plain characters).
    """
    match = search.fts_query(text)
    if match is None:
        return None
    where, params = [search.match_sql(table)], [match]
    for term in text.split():
        escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.append("(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in columns) + ")")
        params.extend([f"%{escaped}%"] * len(columns))
    return where, params


class VillageStore(RecordStore[Village]):
    """The 村(社区) register."""

    table = "villages"
    record = Village
    search_fields = ("name", "region_code", "secretary", "director", "grid_worker", "notes")
    order_keys: ClassVar = {
        "default": "sort_order, region_code, name",
        "name": "name",
        "kind": "kind",
        "population": "population",
        "households": "households",
        "region_code": "region_code",
    }
    noun = "村(社区)"

    def active_id_by_name(self, name: str) -> int | None:
        """Id of the active village with exactly this name, if any."""
        row = self.db.conn.execute(
            "SELECT id FROM villages WHERE name = ? AND archived_at IS NULL", [name]
        ).fetchone()
        return None if row is None else int(row[0])

    def names(self) -> dict[int, str]:
        """Every village's id → name (archived ones included, for display of old records)."""
        return {r[0]: r[1] for r in self.db.conn.execute("SELECT id, name FROM villages")}

    def names_active(self) -> set[str]:
        """Names of the active villages."""
        return {r[0] for r in self.db.conn.execute("SELECT name FROM villages WHERE archived_at IS NULL")}

    def ids_active(self) -> set[int]:
        """Ids of the active villages."""
        return {r[0] for r in self.db.conn.execute("SELECT id FROM villages WHERE archived_at IS NULL")}


class UnitStore(RecordStore[Unit]):
    """The 单位场所 register."""

    table = "units"
    text_index = "idx_units_text"
    record = Unit
    search_fields = (
        "name", "subtype", "address", "uscc", "legal_rep", "contact", "contact_phone",
        "department", "notes",
    )  # fmt: skip
    order_keys: ClassVar = {
        "default": "name",
        "name": "name",
        "type": "type, name",
        "village": "village_id, name",
        "risk": "CASE WHEN risk = '' OR risk IS NULL THEN 'Z' ELSE risk END, name",
        "updated": "updated_at",
    }
    noun = "单位场所"

    def _where(self, query: ListQuery) -> tuple[list[str], list[Any]]:
        where, params = super()._where(query)
        if query.village_id is not None:
            where.append("village_id = ?")
            params.append(query.village_id)
        if query.type:
            where.append("type = ?")
            params.append(query.type)
        if query.risk:
            where.append("risk = ?")
            params.append(query.risk)
        return where, params

    def count_by_type(self) -> dict[str, int]:
        """Active units per type, in one pass over the type index."""
        rows = self.db.conn.execute(
            "SELECT type, count(*) FROM units WHERE archived_at IS NULL GROUP BY type"
        )
        return {r[0]: int(r[1]) for r in rows}

    def count_active_in_village(self, village_id: int) -> int:
        """Number of active units of a village (a village with units cannot be archived)."""
        row = self.db.conn.execute(
            "SELECT count(*) FROM units WHERE village_id = ? AND archived_at IS NULL", [village_id]
        ).fetchone()
        return int(row[0])

    def active_ids_by_uscc(self, uscc: str) -> list[int]:
        """Active units that carry this 统一社会信用代码."""
        rows = self.db.conn.execute(
            "SELECT id FROM units WHERE uscc = ? AND archived_at IS NULL", [uscc]
        )
        return [r[0] for r in rows]

    def active_ids_by_name(self, name: str) -> list[int]:
        """Active units with exactly this name."""
        rows = self.db.conn.execute(
            "SELECT id FROM units WHERE name = ? AND archived_at IS NULL", [name]
        )
        return [r[0] for r in rows]

    def keys_active(self) -> set[tuple[str, int | None]]:
        """(name, village id) of every active unit: a name is unique within its village."""
        rows = self.db.conn.execute("SELECT name, village_id FROM units WHERE archived_at IS NULL")
        return {(r[0], r[1]) for r in rows}

    def usccs_active(self) -> set[str]:
        """The 统一社会信用代码 carried by active units (blank ones left out)."""
        rows = self.db.conn.execute(
            "SELECT uscc FROM units WHERE archived_at IS NULL AND uscc != ''"
        )
        return {r[0] for r in rows}

    def active_kinds(self) -> list[UnitKind]:
        """(id, type, name, village id) of every active unit, in table order (no records built)."""
        return self.db.conn.execute(
            "SELECT id, type, name, village_id FROM units WHERE archived_at IS NULL"
        ).fetchall()

    def active_contacts(self) -> list[UnitContact]:
        """(id, name, type, risk, village id, address, contact, phone) of active units, by id."""
        return self.db.conn.execute(
            "SELECT id, name, type, coalesce(risk, ''), village_id, address, contact, "
            "contact_phone FROM units WHERE archived_at IS NULL ORDER BY id"
        ).fetchall()

    def search_names(
        self, text: str, *, limit: int, include_archived: bool = False,
        unit_id: int | None = None,
    ) -> list[UnitName]:  # fmt: skip
        """Units whose name holds every word of ``text``, by name, at most ``limit``.

        The full-text index narrows the candidates (no scan of the register), the name check
        keeps those that match on the name itself. An empty ``text`` gives the first units by
        name (the active ones through the name index); ``unit_id`` looks up that one unit.
        """
        if include_archived and not text.strip() and unit_id is None:
            # The first active and the first archived by name, each through its own index
            # (one query over both would sort the whole register).
            rows = self.search_names("", limit=limit) + self._names(["archived_at IS NOT NULL"], [], limit)
            return sorted(rows, key=lambda r: (r[1], r[0]))[: max(0, limit)]
        where: list[str] = []
        params: list[Any] = []
        if not include_archived:
            where.append("archived_at IS NULL")
        if text.strip():
            terms = _name_terms(self.table, text, ("name",))
            if terms is None:
                return []
            where += terms[0]
            params += terms[1]
        if unit_id is not None:
            where.append("id = ?")
            params.append(unit_id)
        return self._names(where, params, limit)

    def _names(self, where: list[str], params: list[Any], limit: int) -> list[UnitName]:
        sql = (
            "SELECT id, name, coalesce((SELECT v.name FROM villages v"
            " WHERE v.id = units.village_id), ''), archived_at IS NOT NULL FROM units"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY name, id LIMIT ?"
        rows = self.db.conn.execute(sql, [*params, max(0, limit)])
        return [(r[0], r[1], r[2], bool(r[3])) for r in rows]


class PersonStore(RecordStore[Person]):
    """The 人员 register."""

    table = "people"
    record = Person
    search_fields = ("name", "role", "organisation", "mobile", "phone", "cert_no", "notes")
    order_keys: ClassVar = {
        "default": "name",
        "name": "name",
        "role": "role, name",
        "organisation": "organisation, name",
    }
    noun = "人员"

    def _where(self, query: ListQuery) -> tuple[list[str], list[Any]]:
        where, params = super()._where(query)
        if query.village_id is not None:
            where.append("village_id = ?")
            params.append(query.village_id)
        if query.role:
            where.append("role = ?")
            params.append(query.role)
        return where, params

    def search_names(
        self, text: str, *, limit: int, enforcers_first: bool = False
    ) -> list[PersonName]:
        """Active people whose name (or 执法证号) holds every word of ``text``, at most ``limit``.

        Ordered by name — holders of a 执法证号 first with ``enforcers_first``. The full-text
        index narrows the candidates; an empty ``text`` gives the first people by name (through
        the name index, each group on its own so the register is never sorted whole).
        """
        where = ["archived_at IS NULL"]
        params: list[Any] = []
        if text.strip():
            terms = _name_terms(self.table, text, ("name", "cert_no"))
            if terms is None:
                return []
            where += terms[0]
            params += terms[1]
        elif enforcers_first:
            first = self._names([*where, "coalesce(cert_no, '') != ''"], [], limit)
            rest = self._names([*where, "coalesce(cert_no, '') = ''"], [], limit - len(first))
            return first + rest
        order = "coalesce(cert_no, '') = '', name, id" if enforcers_first else "name, id"
        return self._names(where, params, limit, order)

    def names_with_role(self, role: PersonRole, *, limit: int) -> list[str]:
        """Names of people with a role, at most ``limit``, in table order (archived included).

        Args:
            role: The role (e.g. 检查人员).
            limit: How many names at most.
        """
        rows = self.db.conn.execute(
            "SELECT name FROM people WHERE role = ? LIMIT ?", [role.value, limit]
        )
        return [r[0] for r in rows]

    def cert_holders(self) -> list[tuple[int, str, str, bool]]:
        """(id, name, 执法证号, archived) of everyone with a 执法证号, active people first.

        The signers of a printed form need only these few rows, not the whole register.
        """
        rows = self.db.conn.execute(
            "SELECT id, name, cert_no, archived_at IS NOT NULL FROM people "
            "WHERE trim(coalesce(cert_no, '')) != '' ORDER BY archived_at IS NOT NULL, id"
        )
        return [(r[0], r[1], r[2], bool(r[3])) for r in rows]

    def active_with_role(self, role: PersonRole) -> list[PersonCard]:
        """(id, name, 执法证号, organisation) of the active people with a role, by id.

        Args:
            role: The role (e.g. 检查人员).
        """
        return self.db.conn.execute(
            "SELECT id, name, cert_no, organisation FROM people WHERE role = ? "
            "AND archived_at IS NULL ORDER BY id",
            [role.value],
        ).fetchall()

    def _names(
        self, where: list[str], params: list[Any], limit: int, order: str = "name, id"
    ) -> list[PersonName]:
        sql = (
            "SELECT id, name, role, coalesce(organisation, ''), coalesce(cert_no, '') FROM people"
            f" WHERE {' AND '.join(where)} ORDER BY {order} LIMIT ?"
        )
        rows = self.db.conn.execute(sql, [*params, max(0, limit)])
        return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]
