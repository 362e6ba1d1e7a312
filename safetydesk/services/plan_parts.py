"""The parts of a village's 一制四案 (通讯录, 工作组, 风险点, 路线, 队伍, 物资, 处置卡, 住户, 包保),
added, changed and removed alike, each checked by its domain rule and written in one transaction.

``ws.plan_parts`` is this service. Record classes are those of
:mod:`safetydesk.domain.plan_parts` and :mod:`safetydesk.domain.baobao`; ``village_id`` ``None``
is the township's own. Services built on it (gaps, 叫应, prints, imports) read through
:meth:`PartService.of_village` and :meth:`PartService.all`.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from dataclasses import fields, replace
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from safetydesk.domain.baobao import (
    BaobaoAssignment,
    BaobaoLevel,
    Household,
    check_assignment,
    check_household,
)
from safetydesk.domain.plan_parts import (
    Contact,
    EmergencyCard,
    RiskPoint,
    Route,
    Supply,
    Team,
    WorkGroupMember,
    check_card,
    check_contact,
    check_risk_point,
    check_route,
    check_supply,
    check_team,
)
from safetydesk.domain.plans import PlanKind
from safetydesk.errors import ConflictError, NotFoundError, ValidationError
from safetydesk.storage import plan_parts as store

if TYPE_CHECKING:
    from sqlite_utils import Database

    from safetydesk.services.registers import PersonService, VillageService
    from safetydesk.services.settings import SettingsService

R = TypeVar("R")


def _no_check(_: object) -> None:
    return None


#: The domain check of every part.
CHECKS: dict[type, Callable[[Any], None]] = {
    Contact: check_contact,
    WorkGroupMember: _no_check,
    RiskPoint: check_risk_point,
    Route: check_route,
    Team: check_team,
    Supply: check_supply,
    EmergencyCard: check_card,
    Household: check_household,
    BaobaoAssignment: check_assignment,
}

#: Person references of each part, with the label used in messages.
PERSON_FIELDS: dict[type, tuple[tuple[str, str], ...]] = {
    Contact: (("person_id", "人员"),),
    WorkGroupMember: (("person_id", "工作组成员"),),
    RiskPoint: (("monitor_id", "监测人"),),
    Household: (("helper_id", "包户责任人"),),
    BaobaoAssignment: (("person_id", "包保责任人"), ("escalate_to_id", "上级责任人")),
}

#: Who points at a record, so it is not removed from under them: (table, column, what).
_REFERENCED_BY: dict[type, tuple[tuple[str, str, str], ...]] = {
    RiskPoint: (("households", "risk_point_id", "住户"),),
    Route: (("households", "route_id", "住户"),),
    Household: (("baobao_assignments", "household_id", "包保关系"),),
}


class PartService:
    """Add, change, remove and read the parts of every village's 一制四案."""

    def __init__(
        self,
        db: Database,
        villages: VillageService,
        people: PersonService,
        clock: Callable[[], date],
        settings: SettingsService | None = None,
    ) -> None:
        self.db = db
        self.villages = villages
        self.people = people
        self.clock = clock
        self.settings = settings
        #: Called inside the write's transaction after an 包保 relation changed person or
        #: backup phone, or was added or removed, or a household's 包户责任人 changed:
        #: (village id, reason, hazards covered; empty = every hazard). The plan service marks
        #: plans 需修订 with it.
        self.on_baobao_change: list[Callable[[int | None, str, tuple[PlanKind, ...]], None]] = []

    # -- reading -----------------------------------------------------------------------------
    def of_village(self, cls: type[R], village_id: int | None) -> builtins.list[R]:
        """Records of ``cls`` of one village (``None``: the township's own)."""
        return store.of_village(self.db, cls, village_id)

    def all(self, cls: type[R]) -> builtins.list[R]:
        """Every record of ``cls``, by village."""
        return store.all_of(self.db, cls)

    def get(self, cls: type[R], rec_id: int) -> R:
        """One record by id (a Chinese "not found" message otherwise)."""
        return store.store_for(self.db, cls).get(rec_id)

    # -- writing -----------------------------------------------------------------------------
    def add(self, rec: R) -> R:
        """Check and store a new record; returns it with its id."""
        cls = type(rec)
        self._check(rec)
        with self.db.atomic():
            out = store.store_for(self.db, cls).insert(rec)
            if isinstance(out, BaobaoAssignment):
                self._notify(out.village_id, f"新增包保关系：{out.level} {out.target}", out.hazards)
            return out

    def edit(self, cls: type[R], rec_id: int, **changes: Any) -> R:
        """Change fields of a record (checked as a whole); returns it."""
        names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        unknown = set(changes) - names
        if unknown:
            raise ValidationError(sorted(unknown)[0], "没有这一项，无法修改。")
        with self.db.atomic():
            rec_store = store.store_for(self.db, cls)
            old = rec_store.get(rec_id)
            new = replace(old, **changes)  # type: ignore[type-var]
            self._check(new)
            out = rec_store.update(new)
            if isinstance(old, BaobaoAssignment) and isinstance(out, BaobaoAssignment):
                covered = () if not old.hazards or not out.hazards else tuple(
                    dict.fromkeys(old.hazards + out.hazards)
                )
                if old.person_id != out.person_id:
                    before = self._person_name(old.person_id)
                    after = self._person_name(out.person_id)
                    reason = f"包保责任人变动：{out.target} {before}→{after}"
                    self._notify(out.village_id, reason, covered)
                elif old.backup_phone != out.backup_phone:
                    reason = (f"包保责任人电话变动：{out.target} {self._person_name(out.person_id)} "
                              f"{old.backup_phone or '无'}→{out.backup_phone or '无'}")  # fmt: skip
                    self._notify(out.village_id, reason, covered)
            if (
                isinstance(old, Household)
                and isinstance(out, Household)
                and old.helper_id != out.helper_id
            ):
                before, after = (self._person_name(i) if i is not None else "无"
                                 for i in (old.helper_id, out.helper_id))  # fmt: skip
                point = out.risk_point_id
                kinds = store.store_for(self.db, RiskPoint).get(point).plan_kinds if point else ()
                reason = f"包户责任人变动：{out.head}户（{out.group_name}）{before}→{after}"
                self._notify(out.village_id, reason, kinds)
            return out

    def remove(self, cls: type, rec_id: int) -> None:
        """Remove a record nothing else points at (a Chinese message names what does)."""
        with self.db.atomic():
            rec: Any = store.store_for(self.db, cls).get(rec_id)
            for table, column, what in _REFERENCED_BY.get(cls, ()):
                n = store.references(self.db, table, column, rec_id)
                if n:
                    raise ConflictError(f"还有 {n} 条{what}引用这条记录，请先修改它们再删除。")
            store.delete(self.db, cls, rec_id)
            if isinstance(rec, BaobaoAssignment):
                self._notify(rec.village_id, f"删除包保关系：{rec.level} {rec.target}", rec.hazards)

    # -- helpers -----------------------------------------------------------------------------
    def _check(self, rec: Any) -> None:
        village_id = rec.village_id
        if village_id is not None and village_id not in self.villages.names():
            raise NotFoundError(f"找不到编号为 {village_id} 的村（社区）。")
        for name, label in PERSON_FIELDS.get(type(rec), ()):
            person_id = getattr(rec, name)
            if person_id is not None:
                try:
                    self.people.get(person_id)
                except NotFoundError:
                    raise ValidationError(
                        name, f"{label}（编号 {person_id}）不在人员名录中，请先在“人员”中登记。"
                    ) from None
        CHECKS[type(rec)](rec)
        if isinstance(rec, BaobaoAssignment):
            levels = self.levels()
            if rec.level not in levels:
                raise ValidationError(
                    "level",
                    f"本乡镇未启用“{rec.level}”这一包保层级（启用的有：{'、'.join(levels)}）。"
                    "如需启用，请在“设置”的包保层级中加上它。",
                )

    def levels(self) -> builtins.list[BaobaoLevel]:
        """The 包保 levels the township uses (the ``baobao_levels`` setting), top first."""
        if self.settings is None:
            return list(BaobaoLevel)
        from safetydesk.services.settings import baobao_levels

        named = set(baobao_levels(str(self.settings.get("baobao_levels"))))
        return [level for level in BaobaoLevel if level.value in named] or list(BaobaoLevel)

    def _person_name(self, person_id: int) -> str:
        try:
            return self.people.get(person_id).name
        except NotFoundError:
            return f"编号 {person_id}"

    def _notify(
        self, village_id: int | None, reason: str, hazards: tuple[PlanKind, ...]
    ) -> None:
        for hook in self.on_baobao_change:
            hook(village_id, reason, hazards)
