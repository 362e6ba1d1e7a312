"""应急演练: obligation rules, the annual plan, drill records, compliance (B §2, DOMAIN.md A7).

The rules table is seeded with the defaults of B §2.2 the first time it is read. Plan items recur
by their rule; a planned date can be moved (延期) or cancelled with a reason, kept as history. A
drill record is checked as a whole and written in one transaction; from a record the exercised
一制四案 item can be marked 需修订 (A8). Compliance covers the township, every active 村(社区)
and the active units of the types the rules name.
"""

from __future__ import annotations

import builtins
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from safetydesk.domain.common import UnitType
from safetydesk.domain.drill_evaluation import DrillEvaluation
from safetydesk.domain.drill_plans import (
    ChangeAction,
    Occurrence,
    PlanItem,
    PlanItemChange,
    check_change,
    check_item,
    item_dates,
    occurrences,
)
from safetydesk.domain.drill_records import (
    DrillAttachment,
    DrillFinding,
    check_findings,
    finding_errors,
)
from safetydesk.domain.drill_rules import (
    DrillRule,
    Obligation,
    Subject,
    check_rule,
    compliance,
    default_rules,
    due_soon,
)
from safetydesk.domain.drills import (
    Drill,
    DrillCategory,
    SubjectKind,
    check_drill,
    drill_errors,
)
from safetydesk.domain.plans import PlanKind, PlanVersion
from safetydesk.errors import NotFoundError, ValidationError, ValidationErrors
from safetydesk.storage import drill_records as record_store
from safetydesk.storage import drills as store
from safetydesk.storage import plans as plan_store
from safetydesk.storage.db import read_only_of

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sqlite_utils import Database

    from safetydesk.services.plans import PlanService
    from safetydesk.services.registers import UnitService, VillageService
    from safetydesk.services.settings import SettingsService

#: The 一制四案 item a drill of a category exercises, when the record names no plan version.
PLAN_OF_CATEGORY: dict[DrillCategory, PlanKind] = {
    DrillCategory.FLOOD: PlanKind.FLOOD,
    DrillCategory.FLASH_FLOOD: PlanKind.FLOOD,
    DrillCategory.GEOLOGICAL: PlanKind.GEOLOGICAL,
    DrillCategory.EARTHQUAKE: PlanKind.EARTHQUAKE,
    DrillCategory.FOREST_FIRE: PlanKind.FIRE,
}


class DrillService:
    """Drill rules, plan, records and compliance of one database.

    Args:
        plans: Returns the 一制四案 service (built on demand: only a plan revision needs it).
    """

    def __init__(
        self,
        db: Database,
        villages: VillageService,
        units: UnitService,
        plans: Callable[[], PlanService],
        clock: Callable[[], date],
        settings: SettingsService,
    ) -> None:
        self.db = db
        self.villages = villages
        self.units = units
        self._plans = plans
        self.clock = clock
        self.settings = settings

    # -- rules -------------------------------------------------------------------------------
    def rules(self) -> builtins.list[DrillRule]:
        """Every rule by id; the defaults of B §2.2 are written the first time (a database open
        for reading only is not written: it shows the defaults as they would be stored)."""
        if not store.rule_count(self.db) and read_only_of(self.db) is not None:
            return [replace(rule, id=-(i + 1)) for i, rule in enumerate(default_rules())]
        if not store.rule_count(self.db):
            with self.db.atomic():
                if not store.rule_count(self.db):
                    rules = store.RuleStore(self.db)
                    for rule in default_rules():
                        rules.insert(rule)
        return store.rules(self.db)

    def add_rule(self, rule: DrillRule) -> DrillRule:
        """Store a new rule (checked: a count of at least 1, a unit type for unit rules)."""
        self.rules()
        with self.db.atomic():
            return store.RuleStore(self.db).insert(check_rule(rule))

    def update_rule(self, rule: DrillRule) -> DrillRule:
        """Write an edited rule back (deactivate with ``active=False``)."""
        with self.db.atomic():
            return store.RuleStore(self.db).update(check_rule(rule))

    def save_rules(self, rules: Sequence[DrillRule]) -> builtins.list[DrillRule]:
        """Store the edited rules table at once: rules without an id are added, the others
        written back where they changed; every rule is checked first and nothing is written
        unless all pass (one transaction)."""
        checked = [check_rule(r) for r in rules]
        old = {r.id: r for r in self.rules()}
        store_ = store.RuleStore(self.db)
        out: builtins.list[DrillRule] = []
        with self.db.atomic():
            for rule in checked:
                if rule.id is None:
                    out.append(store_.insert(rule))
                elif rule != old.get(rule.id):
                    out.append(store_.update(rule))
                else:
                    out.append(rule)
        return out

    # -- the annual plan ---------------------------------------------------------------------
    def add_item(self, item: PlanItem) -> PlanItem:
        """Add a plan item; it must have a date in its first year. 序号 0 takes the next one."""
        check_item(item)
        self._check_subject(item.subject_kind, item.village_id, item.unit_id)
        with self.db.atomic():
            if not item.seq:
                seqs = [i.seq for i in store.plan_items(self.db, item.first_year)]
                item = replace(item, seq=max(seqs, default=0) + 1)
            return store.PlanItemStore(self.db).insert(item)

    def item(self, item_id: int) -> PlanItem:
        """One plan item."""
        return store.PlanItemStore(self.db).get(item_id)

    def dates(self, item_id: int, year: int) -> builtins.list[date]:
        """The planned dates of one item in ``year``; a year without any is refused."""
        item = self.item(item_id)
        check_item(item, year)
        return item_dates(item, year)

    def plan(self, year: int, today: date | None = None) -> builtins.list[Occurrence]:
        """The planned dates of ``year`` (after moves and cancels) with their status, by date."""
        today = today or self.clock()
        items = store.plan_items(self.db, year)
        ids = [i.id for i in items if i.id is not None]
        changes = store.changes(self.db, ids)
        done: dict[int, dict[date, int]] = {i: {} for i in ids}
        for drill in store.drills_of_items(self.db, ids):
            if drill.plan_item_id is None or drill.id is None or drill.held_on.year != year:
                continue
            dates = item_dates(self.item_of(items, drill.plan_item_id), year)
            open_dates = [d for d in dates if d not in done[drill.plan_item_id]]
            if open_dates:
                # A held drill carries out the planned date nearest to it.
                nearest = min(open_dates, key=lambda d: abs((d - drill.held_on).days))
                done[drill.plan_item_id][nearest] = drill.id
        out = [
            occ
            for item in items
            if item.id is not None
            for occ in occurrences(item, year, changes[item.id], done[item.id], today)
        ]
        return sorted(out, key=lambda o: (o.on, o.item.seq))

    @staticmethod
    def item_of(items: builtins.list[PlanItem], item_id: int) -> PlanItem:
        """The item with ``item_id`` among ``items``."""
        return next(i for i in items if i.id == item_id)

    def move(self, item_id: int, planned_on: date, new_on: date, reason: str) -> PlanItemChange:
        """延期: the planned date moves to ``new_on``; the reason is kept."""
        return self._change(item_id, planned_on, ChangeAction.MOVED, new_on, reason)

    def cancel(self, item_id: int, planned_on: date, reason: str) -> PlanItemChange:
        """取消 one planned date; the reason is kept."""
        return self._change(item_id, planned_on, ChangeAction.CANCELLED, None, reason)

    def changes(self, item_id: int) -> builtins.list[PlanItemChange]:
        """The history of an item's moves and cancels, oldest first."""
        self.item(item_id)
        return store.changes(self.db, [item_id])[item_id]

    def _change(
        self, item_id: int, planned_on: date, action: ChangeAction, new_on: date | None,
        reason: str,
    ) -> PlanItemChange:  # fmt: skip
        item = self.item(item_id)
        check_change(item_dates(item, planned_on.year), planned_on, action, new_on, reason)
        change = PlanItemChange(item_id=item_id, planned_on=planned_on, action=action,
                                new_on=new_on, reason=reason.strip(),
                                changed_on=self.clock())  # fmt: skip
        with self.db.atomic():
            return store.ChangeStore(self.db).insert(change)

    # -- records -----------------------------------------------------------------------------
    def record(self, drill: Drill, findings: Sequence[DrillFinding] = ()) -> Drill:
        """Record a held drill with its findings (checked as a whole, one transaction; a 记录编号
        of its year is given if empty)."""
        drill, findings = self._checked(drill, findings)
        with self.db.atomic():
            if not drill.record_no.strip():
                drill = replace(drill, record_no=store.next_record_no(self.db, drill.held_on.year))
            stored = store.DrillStore(self.db).insert(drill)
            assert stored.id is not None
            record_store.replace_findings(self.db, stored.id, findings)
        return stored

    def update(self, drill: Drill, findings: Sequence[DrillFinding] | None = None) -> Drill:
        """Write an edited record back, with its findings when given (kept otherwise)."""
        if drill.id is None:
            raise ValidationError("id", "这条演练记录尚未保存。")
        old = self.get(drill.id)
        kept = self.findings(drill.id) if findings is None else findings
        drill, kept = self._checked(replace(drill, record_no=drill.record_no or old.record_no), kept)
        with self.db.atomic():
            stored = store.DrillStore(self.db).update(drill)
            if findings is not None:
                record_store.replace_findings(self.db, old.id or 0, kept)
        return stored

    def _checked(
        self, drill: Drill, findings: Sequence[DrillFinding]
    ) -> tuple[Drill, tuple[DrillFinding, ...]]:
        errors = drill_errors(drill, self.clock())
        errors.update(finding_errors(findings, drill.held_on))
        if errors:
            raise ValidationErrors(errors)
        self._check_subject(drill.organiser_kind, drill.village_id, drill.unit_id)
        if drill.plan_version_id is not None:
            self._version(drill.plan_version_id)
        if drill.plan_item_id is not None:
            self.item(drill.plan_item_id)
        return check_drill(drill, self.clock()), check_findings(findings, drill.held_on)

    def findings(self, drill_id: int) -> builtins.list[DrillFinding]:
        """存在问题 / 改进措施 of one drill, by 序号."""
        return record_store.findings(self.db, drill_id)

    def attachments(self, drill_id: int) -> builtins.list[DrillAttachment]:
        """Photos, sign-in sheets and other files of one drill."""
        return record_store.attachments(self.db, drill_id)

    def evaluation(self, drill_id: int) -> DrillEvaluation | None:
        """The evaluation of one drill, if it was evaluated."""
        return record_store.evaluation(self.db, drill_id)

    def get(self, drill_id: int) -> Drill:
        """One drill record."""
        return store.DrillStore(self.db).get(drill_id)

    def drills(self, year: int | None = None) -> builtins.list[Drill]:
        """Drills held in ``year`` (every drill when ``None``), by date."""
        if year is None:
            return store.drills_between(self.db, date.min, date.max)
        return store.drills_between(self.db, date(year, 1, 1), date(year, 12, 31))

    def revise_plan(self, drill_id: int, reason: str) -> PlanVersion | None:
        """From a record: mark the exercised 一制四案 item 需修订 with ``reason`` (A8).

        The item is the plan of the version the drill exercised, else the organiser's plan of
        the drill's category. The record is flagged 是否需修订预案. Returns the changed version,
        or ``None`` when the item's newest version is not 已生效 (nothing moves then).
        """
        drill = self.get(drill_id)
        if not reason.strip():
            raise ValidationError("reason", "请写明需要修订预案的原因。")
        village_id, kind = self._plan_of(drill)
        with self.db.atomic():
            changed = self._plans().mark_needs_revision(village_id, kind, reason.strip())
            if not drill.needs_plan_revision:
                store.DrillStore(self.db).update(replace(drill, needs_plan_revision=True))
        return changed

    def _plan_of(self, drill: Drill) -> tuple[int | None, PlanKind]:
        if drill.plan_version_id is not None:
            version = self._version(drill.plan_version_id)
            plan = next(p for p in plan_store.plans(self.db) if p.id == version.plan_id)
            return plan.village_id, plan.kind
        if drill.organiser_kind is SubjectKind.UNIT:
            raise ValidationError(
                "plan_version_id", "单位的演练不对应一制四案，请在记录中注明所演练的预案版本。"
            )
        kind = PLAN_OF_CATEGORY.get(drill.category)
        if kind is None:
            raise ValidationError(
                "plan_version_id",
                f"“{drill.category.value}”演练不对应一制四案中的某项预案，请在记录中注明所演练的预案版本。",
            )
        return drill.village_id, kind

    def _version(self, version_id: int) -> PlanVersion:
        try:
            return plan_store.VersionStore(self.db).get(version_id)
        except NotFoundError:
            raise ValidationError(
                "plan_version_id", f"找不到编号为 {version_id} 的预案版本。"
            ) from None

    def _check_subject(
        self, kind: SubjectKind, village_id: int | None, unit_id: int | None
    ) -> None:
        if village_id is not None:
            self.villages.get(village_id)
        if unit_id is not None:
            self.units.get(unit_id)

    # -- compliance --------------------------------------------------------------------------
    def subjects(self, unit_types: set[UnitType] | None = None) -> builtins.list[Subject]:
        """The township, the active villages and the active units (of ``unit_types``)."""
        town = self.settings.township().name or "镇本级"
        out = [Subject(SubjectKind.TOWNSHIP, None, town)]
        out += [Subject(SubjectKind.VILLAGE, v.id, v.name) for v in self.villages.list()]
        units = store.subject_units(self.db, unit_types or set(UnitType))
        out += [Subject(SubjectKind.UNIT, i, name, t) for i, name, t in units]
        return out

    def compliance(self, year: int, today: date | None = None) -> builtins.list[Obligation]:
        """Per subject, rule and period ending in ``year``: required, done, missing, due date."""
        rules = [r for r in self.rules() if r.active]
        types = {r.unit_type for r in rules if r.unit_type is not None}
        today = today or self.clock()
        last = min(date(year, 12, 31), today)
        held = store.drill_marks(self.db, date(year - 2, 1, 1), last)
        return compliance(rules, self.subjects(types), held, year, today)

    def due_soon(self, today: date | None = None) -> builtins.list[Obligation]:
        """Obligations still open whose period ends within 30 days of ``today``."""
        today = today or self.clock()
        return due_soon(self.compliance(today.year, today))
