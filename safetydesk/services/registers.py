"""Use cases of the registers: save (validate, normalise, check duplicates), archive, restore, list.

Every mutating call runs in one transaction and returns :class:`Saved` (record + changes).
"""

from __future__ import annotations

import builtins
import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from safetydesk.domain.common import NINE_SMALL_SUBTYPES, Person, Unit, UnitType, Village
from safetydesk.domain.queries import ListQuery
from safetydesk.domain.validation import (
    normalize_phone,
    validate_person,
    validate_unit,
    validate_village,
)
from safetydesk.errors import ConflictError, ValidationErrors
from safetydesk.services.changes import Changes, Saved, Topic
from safetydesk.storage.registers import (
    PersonName,
    PersonStore,
    UnitName,
    UnitStore,
    VillageStore,
)
from safetydesk.storage.rows import RecordStore

if TYPE_CHECKING:
    from sqlite_utils import Database

T = TypeVar("T")

_PHONE_FIELDS = frozenset(
    {"secretary_phone", "director_phone", "grid_worker_phone", "contact_phone", "mobile", "phone"}
)


def _clean(rec: T) -> T:
    """Strip text fields, upper-case codes and normalise phone numbers."""
    changes = {}
    for f in dataclasses.fields(rec):  # type: ignore[arg-type]
        value = getattr(rec, f.name)
        if isinstance(value, str) and not hasattr(value, "value") and not f.name.endswith("_at"):
            new = value.strip()
            if f.name in _PHONE_FIELDS:
                new = normalize_phone(new)
            if f.name in ("uscc", "cert_no"):
                new = new.upper()
            if new != value:
                changes[f.name] = new
    return dataclasses.replace(rec, **changes) if changes else rec  # type: ignore[type-var]


class _RegisterService(Generic[T]):
    """Shared list/get/archive behaviour over a :class:`RecordStore`."""

    topic: Topic

    def __init__(self, db: Database, store: RecordStore[T]) -> None:
        self.db = db
        self.store = store

    def get(self, rec_id: int) -> T:
        """One record by id (raises NotFoundError)."""
        return self.store.get(rec_id)

    def get_many(self, ids: builtins.list[int]) -> dict[int, T]:
        """Records by id (for the visible rows of a list)."""
        return self.store.get_many(ids)

    def list_ids(self, query: ListQuery | None = None) -> builtins.list[int]:
        """Ordered ids for a list view."""
        return self.store.list_ids(query)

    def list(self, query: ListQuery | None = None) -> builtins.list[T]:
        """Records for a query, in order."""
        return self.store.list(query)

    def count(self, query: ListQuery | None = None) -> int:
        """Number of records for a query."""
        return self.store.count(query)

    def _check(self, rec: T) -> dict[str, str]:
        raise NotImplementedError

    def validate(self, rec: T) -> T:
        """Cleaned record, or ValidationErrors with every bad field."""
        rec = _clean(rec)
        errors = self._check(rec)
        if errors:
            raise ValidationErrors(errors)
        return rec

    def save(self, rec: T) -> Saved[T]:
        """Insert (id None) or update a record after validation, in one transaction."""
        rec = self.validate(rec)
        with self.db.atomic():
            saved = self.store.insert(rec) if rec.id is None else self.store.update(rec)  # type: ignore[attr-defined]
        return Saved(saved, Changes.of(self.topic, ids=(saved.id,)))  # type: ignore[attr-defined]

    def _before_archive(self, rec_id: int) -> None:
        """Raise ConflictError when the record may not be archived."""

    def archive(self, rec_id: int) -> Saved[T]:
        """Archive (soft-delete) a record; it stays referenced by old records."""
        with self.db.atomic():
            self._before_archive(rec_id)
            rec = self.store.set_archived(rec_id, archived=True)
        return Saved(rec, Changes.of(self.topic, ids=(rec_id,)))

    def restore(self, rec_id: int) -> Saved[T]:
        """Bring an archived record back (checks duplicates again)."""
        with self.db.atomic():
            rec = self.store.get(rec_id)
            rec = dataclasses.replace(rec, archived_at=None)  # type: ignore[type-var]
            errors = self._check(rec)
            if errors:
                raise ValidationErrors(errors)
            rec = self.store.set_archived(rec_id, archived=False)
        return Saved(rec, Changes.of(self.topic, ids=(rec_id,)))


class VillageService(_RegisterService[Village]):
    """村(社区) register."""

    topic = Topic.VILLAGES

    def __init__(self, db: Database) -> None:
        super().__init__(db, VillageStore(db))
        self.store: VillageStore

    def _check(self, rec: Village) -> dict[str, str]:
        errors = validate_village(rec)
        if "name" not in errors:
            other = self.store.active_id_by_name(rec.name)
            if other is not None and other != rec.id:
                errors["name"] = f"已有名为「{rec.name}」的村(社区)，请勿重复登记。"
        return errors

    def _before_archive(self, rec_id: int) -> None:
        n = UnitStore(self.db).count_active_in_village(rec_id)
        if n:
            name = self.store.get(rec_id).name
            raise ConflictError(
                f"「{name}」还有 {n} 个在册单位场所，不能归档。"
                "请先把这些单位改到其他村(社区)或将其归档。"
            )

    def names(self) -> dict[int, str]:
        """id → name of every village (archived included)."""
        return self.store.names()

    def id_by_name(self, name: str) -> int | None:
        """Id of the active village with this exact name."""
        return self.store.active_id_by_name(name)


class UnitService(_RegisterService[Unit]):
    """单位场所 register."""

    topic = Topic.UNITS

    def __init__(self, db: Database) -> None:
        super().__init__(db, UnitStore(db))
        self.store: UnitStore
        self._villages = VillageStore(db)

    def names(self, ids: builtins.list[int]) -> dict[int, str]:
        """id → name of these units (archived included), for lists that show unit names."""
        return self.store.values(ids, column="name")

    def _check(self, rec: Unit) -> dict[str, str]:
        if rec.type is not UnitType.NINE_SMALL and rec.subtype in NINE_SMALL_SUBTYPES:
            rec = dataclasses.replace(rec, subtype="")
        errors = validate_unit(rec)
        if rec.village_id is not None and "village_id" not in errors:
            villages = self._villages.get_many([rec.village_id])
            village = villages.get(rec.village_id)
            if village is None:
                errors["village_id"] = "所选村(社区)不存在，请重新选择。"
            elif village.archived and rec.archived_at is None:
                old = self.store.get_many([rec.id]).get(rec.id) if rec.id else None
                if old is None or old.village_id != rec.village_id:
                    errors["village_id"] = f"「{village.name}」已归档，请选择在册的村(社区)。"
        if rec.uscc and "uscc" not in errors:
            dup = [i for i in self.store.active_ids_by_uscc(rec.uscc) if i != rec.id]
            if dup:
                other = self.store.get(dup[0])
                errors["uscc"] = (
                    f"统一社会信用代码 {rec.uscc} 已登记为「{other.name}」，请勿重复登记；"
                    "若是同一单位的不同场所，请在原记录中补充。"
                )
        if "name" not in errors and rec.village_id is not None:
            for i in self.store.active_ids_by_name(rec.name):
                if i != rec.id and self.store.get(i).village_id == rec.village_id:
                    errors["name"] = f"本村(社区)已有名为「{rec.name}」的单位场所，请勿重复登记。"
                    break
        return errors

    def validate(self, rec: Unit) -> Unit:
        """Cleaned record (sub-type cleared unless 九小场所), or ValidationErrors."""
        rec = _clean(rec)
        if rec.type is not UnitType.NINE_SMALL:
            rec = dataclasses.replace(rec, subtype="")
        errors = self._check(rec)
        if errors:
            raise ValidationErrors(errors)
        return rec


    def count_by_type(self) -> dict[str, int]:
        """Number of active units per type (types with none are left out)."""
        return self.store.count_by_type()

    def search_names(
        self, text: str = "", limit: int = 50, include_archived: bool = False,
        unit_id: int | None = None,
    ) -> builtins.list[UnitName]:  # fmt: skip
        """Candidates of a unit picker: (id, name, village name, archived), ordered by name.

        Units whose name holds every word of ``text`` (any part of a Chinese name, any length),
        at most ``limit``; an empty text gives the first ``limit`` by name. Archived units only
        with ``include_archived``; ``unit_id`` gives that one unit's entry (for showing a choice).
        """
        return self.store.search_names(
            text, limit=limit, include_archived=include_archived, unit_id=unit_id
        )


class PersonService(_RegisterService[Person]):
    """人员 register.

    :attr:`on_phone_change` hooks are called (old record, new record) inside the transaction of
    a :meth:`save` that changes a person's 手机 or 座机; the workspace connects the 一制四案
    trigger there (A8: a 包保 person's phone changed), so this module needs no plan service.
    """

    topic = Topic.PEOPLE

    def __init__(self, db: Database) -> None:
        super().__init__(db, PersonStore(db))
        self.store: PersonStore
        self.on_phone_change: builtins.list[Callable[[Person, Person], None]] = []

    def save(self, rec: Person) -> Saved[Person]:
        """Insert or update a person (as every register); a changed phone calls the hooks."""
        rec_id = rec.id
        if rec_id is None or not self.on_phone_change:
            return super().save(rec)
        rec = self.validate(rec)
        with self.db.atomic():
            old = self.store.get(rec_id)
            saved = self.store.update(rec)
            if (old.mobile, old.phone) != (saved.mobile, saved.phone):
                for hook in self.on_phone_change:
                    hook(old, saved)
        return Saved(saved, Changes.of(self.topic, ids=(rec_id,)))

    def _check(self, rec: Person) -> dict[str, str]:
        errors = validate_person(rec)
        if rec.village_id is not None and not VillageStore(self.db).get_many([rec.village_id]):
            errors["village_id"] = "所选村(社区)不存在，请重新选择。"
        return errors

    def cert_holders(self) -> list[tuple[int, str, str, bool]]:
        """(id, name, 执法证号, archived) of everyone holding a 执法证号, active people first."""
        return self.store.cert_holders()

    def search_names(
        self, text: str = "", limit: int = 50, *, enforcers_first: bool = False
    ) -> builtins.list[PersonName]:
        """Candidates of a people picker: (id, name, role, organisation, 执法证号), by name.

        Active people whose name holds every word of ``text`` (any part of a Chinese name; a
        word may also be the start of a 执法证号), at most ``limit``; an empty text gives the
        first ``limit`` by name. ``enforcers_first`` lists holders of a 执法证号 first (the
        inspectors of an enforcement check).
        """
        return self.store.search_names(text, limit=limit, enforcers_first=enforcers_first)
