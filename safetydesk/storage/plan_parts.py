"""Storage of the parts of 一制四案 (m012): shared parts, the 包保 chain, households, plan steps,
and 叫应 call-outs.

Each record type has a :class:`~safetydesk.storage.rows.RecordStore`; :data:`STORES` maps a
record class to its store so a service can handle every part the same way. Reads by village
(``None``: the township's own) are here; writes run inside the caller's ``db.atomic()``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlite_utils import Database

from safetydesk.domain.baobao import BaobaoAssignment, Household
from safetydesk.domain.callouts import Call, CallOut
from safetydesk.domain.plan_parts import (
    Contact,
    EmergencyCard,
    RiskPoint,
    Route,
    Supply,
    Team,
    WorkGroupMember,
)
from safetydesk.domain.plans import PlanStep
from safetydesk.storage.rows import RecordStore


class ContactStore(RecordStore[Contact]):
    """应急通讯录 lines."""

    table = "plan_contacts"
    record = Contact
    order_keys = {"default": "sort_order, id"}
    noun = "通讯录条目"


class WorkGroupStore(RecordStore[WorkGroupMember]):
    """Members of the 应急工作组 and its sub-teams."""

    table = "work_group_members"
    record = WorkGroupMember
    order_keys = {"default": "subgroup, sort_order"}
    noun = "工作组成员"


class RiskPointStore(RecordStore[RiskPoint]):
    """风险点/隐患点/危险区."""

    table = "risk_points"
    record = RiskPoint
    order_keys = {"default": "id"}
    noun = "风险点"


class RouteStore(RecordStore[Route]):
    """转移路线."""

    table = "routes"
    record = Route
    order_keys = {"default": "id"}
    noun = "转移路线"


class TeamStore(RecordStore[Team]):
    """应急队伍."""

    table = "teams"
    record = Team
    order_keys = {"default": "id"}
    noun = "应急队伍"


class SupplyStore(RecordStore[Supply]):
    """应急物资."""

    table = "supplies"
    record = Supply
    order_keys = {"default": "id"}
    noun = "应急物资"


class CardStore(RecordStore[EmergencyCard]):
    """应急处置卡 (its steps one per line in ``steps``)."""

    table = "emergency_cards"
    record = EmergencyCard
    order_keys = {"default": "kind, id"}
    noun = "应急处置卡"
    derived = ()

    def to_row(self, rec: EmergencyCard) -> dict[str, Any]:
        row = super().to_row(rec)
        row["steps"] = "\n".join(s.strip() for s in rec.steps if s.strip())
        return row

    def from_row(self, row: dict[str, Any] | Any) -> EmergencyCard:
        data = dict(row) if isinstance(row, dict) else dict(zip(self._columns, row, strict=True))
        data["steps"] = tuple(s for s in str(data.get("steps") or "").split("\n") if s)
        return super().from_row(data)

    def _compile_reader(self) -> Any:
        return self.from_row


class HouseholdStore(RecordStore[Household]):
    """危险区住户 and 重点人群."""

    table = "households"
    record = Household
    order_keys = {"default": "group_name, id"}
    noun = "住户"


class AssignmentStore(RecordStore[BaobaoAssignment]):
    """包保 relations."""

    table = "baobao_assignments"
    record = BaobaoAssignment
    order_keys = {"default": "id"}
    noun = "包保关系"


class StepStore(RecordStore[PlanStep]):
    """Ordered steps of a plan version."""

    table = "plan_steps"
    record = PlanStep
    order_keys = {"default": "section, position"}
    noun = "预案步骤"


class CallOutStore(RecordStore[CallOut]):
    """叫应 call-outs."""

    table = "callouts"
    record = CallOut
    order_keys = {"default": "issued_at DESC"}
    noun = "叫应记录"


class CallStore(RecordStore[Call]):
    """Lines of a call-out's call list."""

    table = "callout_calls"
    record = Call
    order_keys = {"default": "callout_id, position"}
    noun = "叫应呼叫"


R = TypeVar("R")

#: The store of every part kept per village (a service handles them alike).
VILLAGE_STORES: dict[type, type[RecordStore[Any]]] = {
    Contact: ContactStore,
    WorkGroupMember: WorkGroupStore,
    RiskPoint: RiskPointStore,
    Route: RouteStore,
    Team: TeamStore,
    Supply: SupplyStore,
    EmergencyCard: CardStore,
    Household: HouseholdStore,
    BaobaoAssignment: AssignmentStore,
}


def store_for(db: Database, cls: type[R]) -> RecordStore[R]:
    """The store of record class ``cls`` (one of :data:`VILLAGE_STORES`)."""
    return VILLAGE_STORES[cls](db)


def of_village(db: Database, cls: type[R], village_id: int | None) -> list[R]:
    """Records of ``cls`` of one village (``None``: the township's own), in the store's order."""
    store = store_for(db, cls)
    order = store.order_keys["default"]
    where = "village_id IS NULL" if village_id is None else "village_id = ?"
    params = [] if village_id is None else [village_id]
    cols = ", ".join(store._columns)
    sql = f"SELECT {cols} FROM {store.table} WHERE {where} ORDER BY {order}, id"
    return [store.from_row(r) for r in db.conn.execute(sql, params)]


def all_of(db: Database, cls: type[R]) -> list[R]:
    """Every record of ``cls`` (all villages and the township), by village then order."""
    store = store_for(db, cls)
    order = store.order_keys["default"]
    cols = ", ".join(store._columns)
    sql = f"SELECT {cols} FROM {store.table} ORDER BY coalesce(village_id, 0), {order}, id"
    return [store.from_row(r) for r in db.conn.execute(sql)]


def delete(db: Database, cls: type, rec_id: int) -> None:
    """Remove one record of ``cls`` (it must exist)."""
    store: RecordStore[Any] = store_for(db, cls)
    store.get(rec_id)
    db.conn.execute(f"DELETE FROM {store.table} WHERE id = ?", [rec_id])


def references(db: Database, table: str, column: str, rec_id: int) -> int:
    """How many rows of ``table`` name ``rec_id`` in ``column`` (before removing a record)."""
    sql = f"SELECT count(*) FROM {table} WHERE {column} = ?"
    return int(db.conn.execute(sql, [rec_id]).fetchone()[0])


def assignments_of_person(db: Database, person_id: int) -> list[BaobaoAssignment]:
    """The 包保 relations in which ``person_id`` is the responsible person."""
    store = AssignmentStore(db)
    cols = ", ".join(store._columns)
    sql = f"SELECT {cols} FROM baobao_assignments WHERE person_id = ? ORDER BY id"
    return [store.from_row(r) for r in db.conn.execute(sql, [person_id])]


# -- plan steps ----------------------------------------------------------------------------------
def steps(db: Database, version_id: int) -> list[PlanStep]:
    """The steps of one version, by section and position."""
    store = StepStore(db)
    cols = ", ".join(store._columns)
    sql = f"SELECT {cols} FROM plan_steps WHERE version_id = ? ORDER BY section, position, id"
    return [store.from_row(r) for r in db.conn.execute(sql, [version_id])]


def replace_steps(db: Database, version_id: int, new: Iterable[PlanStep]) -> list[PlanStep]:
    """Replace every step of a version with ``new`` (in one transaction of the caller)."""
    db.conn.execute("DELETE FROM plan_steps WHERE version_id = ?", [version_id])
    store = StepStore(db)
    return [store.insert(step) for step in new]


# -- call-outs -----------------------------------------------------------------------------------
def callout_villages(db: Database, callout_id: int) -> list[int]:
    """Villages a call-out was sent to, by id."""
    sql = "SELECT village_id FROM callout_villages WHERE callout_id = ? ORDER BY village_id"
    return [r[0] for r in db.conn.execute(sql, [callout_id])]


def set_callout_villages(db: Database, callout_id: int, village_ids: Iterable[int]) -> None:
    """Record the villages of a call-out (once, when it starts)."""
    db.conn.executemany(
        "INSERT INTO callout_villages (callout_id, village_id) VALUES (?, ?)",
        [(callout_id, v) for v in village_ids],
    )


def calls(db: Database, callout_id: int) -> list[Call]:
    """The call list of a call-out, in call order."""
    store = CallStore(db)
    cols = ", ".join(store._columns)
    sql = f"SELECT {cols} FROM callout_calls WHERE callout_id = ? ORDER BY position, id"
    return [store.from_row(r) for r in db.conn.execute(sql, [callout_id])]


def callouts(db: Database) -> list[CallOut]:
    """Every call-out, newest first."""
    return CallOutStore(db).list()
