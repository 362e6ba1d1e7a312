"""一制四案 and 应急避难场所: the village × plan matrix, versions, state changes, shelters (B §1).

The matrix has one row per active 村(社区) and one for the township itself (镇本级); its
columns are the five :class:`~safetydesk.domain.plans.PlanKind` items and the number of
shelters. A cell shows the item's status (A8: an 已生效 plan past its revision date counts as
需修订, with the reason), its version, 生效 date and next revision date. Every write runs in one
transaction and every refusal is a Chinese message.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple

from safetydesk.domain.plans import (
    DRAFTED,
    Deadlines,
    PlanKind,
    PlanStatus,
    PlanVersion,
    Shelter,
    changed_state,
    check_shelter,
    check_version,
    current_status,
    new_version_from,
    status_on,
)
from safetydesk.errors import ConflictError, InvalidTransition, NotFoundError, ValidationError
from safetydesk.storage import plan_parts as part_store
from safetydesk.storage import plans as store

if TYPE_CHECKING:
    from sqlite_utils import Database

    from safetydesk.services.registers import VillageService
    from safetydesk.services.settings import SettingsService

#: How the township's own row is named (CLI argument and matrix row).
TOWNSHIP = "镇本级"
#: Days ahead in which a revision date counts as 即将到期.
DUE_SOON_DAYS = 30


class MatrixFilter(StrEnum):
    """Filters of the matrix (rows kept when the condition holds)."""

    MISSING = "缺项"
    OVERDUE = "逾期未修订"
    DUE_SOON = "30日内到期"
    NO_SHELTER = "无避难场所"


class Cell(NamedTuple):
    """One item of one row (a named tuple: the matrix builds thousands at county scale)."""

    kind: PlanKind
    status: PlanStatus
    version: str = ""
    effective_on: date | None = None
    next_revision_on: date | None = None
    reason: str = ""
    overdue: bool = False
    due_soon: bool = False

    @property
    def missing(self) -> bool:
        """No plan in force or on its way (未编制, or only 已废止 versions)."""
        return self.status not in DRAFTED


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """One village (``village_id``) or the township (``None``)."""

    village_id: int | None
    name: str
    cells: tuple[Cell, ...]
    shelters: int
    #: The day of the newest drill the village (or the township) held, if any (最近演练).
    last_drill: date | None = None

    def matches(self, wanted: MatrixFilter) -> bool:
        """Whether the row shows the problem ``wanted`` names."""
        if wanted is MatrixFilter.MISSING:
            return any(c.missing for c in self.cells)
        if wanted is MatrixFilter.OVERDUE:
            return any(c.overdue for c in self.cells)
        if wanted is MatrixFilter.DUE_SOON:
            return any(c.due_soon for c in self.cells)
        return self.shelters == 0


@dataclass(frozen=True, slots=True)
class Totals:
    """Figures over the villages (应编数 = 5 × villages); shelters include the township's."""

    required: int
    drafted: int
    needs_revision: int
    villages_without_shelter: int
    shelters: int
    township_shelters: int
    #: Villages each filter keeps (over all villages, whatever the matrix shows).
    matching: dict[MatrixFilter, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Matrix:
    """The 一制四案 matrix on ``today``."""

    today: date
    rows: tuple[MatrixRow, ...]
    township: MatrixRow
    totals: Totals
    filter: MatrixFilter | None = None
    kinds: tuple[PlanKind, ...] = field(default=tuple(PlanKind))

    @property
    def show_township(self) -> bool:
        """Whether the township's own row belongs in this view: always when unfiltered; when
        filtered, only as a place without a shelter (its own plans are not counted as due)."""
        return self.filter is None or (
            self.filter is MatrixFilter.NO_SHELTER and self.township.shelters == 0
        )


def _cell(item: store.ItemRow, today: date, soon: date) -> Cell:
    """The cell of an item from its newest version (as :func:`store.matrix_items` reads it)."""
    _, kind, stored, version, effective_on, due, reason = item
    if stored is not PlanStatus.EFFECTIVE and stored is not PlanStatus.NEEDS_REVISION:
        return Cell(kind, stored, version, effective_on, due, "", False, False)
    status, reason = status_on(stored, due, reason, today)
    overdue = due is not None and due < today
    due_soon = status is PlanStatus.EFFECTIVE and due is not None and today <= due <= soon
    return Cell(kind, status, version, effective_on, due, reason, overdue, due_soon)


#: The five items in column order, and the cell of an item never drafted.
_KINDS: tuple[PlanKind, ...] = tuple(PlanKind)
_MISSING = {kind: Cell(kind, PlanStatus.MISSING) for kind in _KINDS}


class PlanService:
    """一制四案 items and shelters of the villages and of the township."""

    def __init__(
        self,
        db: Database,
        villages: VillageService,
        clock: Callable[[], date],
        settings: SettingsService | None = None,
    ) -> None:
        self.db = db
        self.villages = villages
        self.clock = clock
        self.settings = settings

    def deadlines(self) -> Deadlines:
        """The yearly revision deadlines of A8 (the township's settings, else 5月31日/10月1日)."""
        if self.settings is None:
            return Deadlines()
        from safetydesk.services.settings import month_day

        values = self.settings.values()
        flood = month_day(str(values["flood_deadline"]))
        fire = month_day(str(values["fire_deadline"]))
        default = Deadlines()
        return Deadlines(flood=flood or default.flood, fire=fire or default.fire)

    # -- reading -----------------------------------------------------------------------------
    def matrix(
        self, wanted: MatrixFilter | str | None = None, *, today: date | None = None
    ) -> Matrix:
        """The matrix (rows of the villages that match ``wanted``; totals over all villages)."""
        if wanted is not None and not isinstance(wanted, MatrixFilter):
            names = "、".join(MatrixFilter)
            try:
                wanted = MatrixFilter(wanted)
            except ValueError:
                raise ValidationError(
                    "filter", f"没有“{wanted}”这个筛选条件，可选：{names}。"
                ) from None
        day = today or self.clock()
        soon = day + timedelta(days=DUE_SOON_DAYS)
        cells_of: dict[int | None, dict[PlanKind, Cell]] = {}
        for item in store.matrix_items(self.db):
            cells_of.setdefault(item[0], {})[item[1]] = _cell(item, day, soon)
        counts = store.shelter_counts(self.db)
        drills = store.last_drills(self.db)

        def row(village_id: int | None, name: str) -> MatrixRow:
            have = cells_of.get(village_id, {})
            cells = tuple(have.get(kind) or _MISSING[kind] for kind in _KINDS)
            return MatrixRow(
                village_id, name, cells, counts.get(village_id, 0), drills.get(village_id)
            )

        rows = [row(vid, name) for vid, name in store.active_village_names(self.db)]
        # One pass over the cells for the totals and for what every filter keeps.
        drafted = needs_revision = 0
        matching = dict.fromkeys(MatrixFilter, 0)
        keep: list[MatrixRow] = []
        for r in rows:
            missing = overdue = due_soon = False
            for c in r.cells:
                if c.status in DRAFTED:
                    drafted += 1
                else:
                    missing = True
                if c.status is PlanStatus.NEEDS_REVISION:
                    needs_revision += 1
                overdue = overdue or c.overdue
                due_soon = due_soon or c.due_soon
            flags = {MatrixFilter.MISSING: missing, MatrixFilter.OVERDUE: overdue,
                     MatrixFilter.DUE_SOON: due_soon, MatrixFilter.NO_SHELTER: r.shelters == 0}  # fmt: skip
            for f, hit in flags.items():
                matching[f] += hit
            if wanted is None or flags[wanted]:
                keep.append(r)
        totals = Totals(
            required=len(_KINDS) * len(rows),
            drafted=drafted,
            needs_revision=needs_revision,
            villages_without_shelter=matching[MatrixFilter.NO_SHELTER],
            shelters=sum(counts.values()),
            township_shelters=counts.get(None, 0),
            matching=matching,
        )
        shown = keep
        return Matrix(day, tuple(shown), row(None, TOWNSHIP), totals, wanted)

    def versions(self, village_id: int | None, kind: PlanKind) -> builtins.list[PlanVersion]:
        """Every version of one item, oldest first (empty when it was never drafted)."""
        self._check_village(village_id)
        plan = store.find_plan(self.db, village_id, kind)
        return store.versions(self.db, plan.id) if plan and plan.id else []

    def village_id(self, name: str) -> int | None:
        """The id of an active village by name; ``None`` for :data:`TOWNSHIP` (镇本级)."""
        if name.strip() in (TOWNSHIP, "镇", "全镇"):
            return None
        found = self.villages.id_by_name(name.strip())
        if found is None:
            raise NotFoundError(f"找不到名为“{name}”的村（社区）；镇里自己的请写“{TOWNSHIP}”。")
        return found

    # -- writing -----------------------------------------------------------------------------
    def add_version(
        self, village_id: int | None, kind: PlanKind, version: str, **fields: Any
    ) -> PlanVersion:
        """Start a new version (a draft copied from the last one, its steps too) and apply
        ``fields``.

        ``fields``: any of drafted_on (default today), adopted_on, reviewed_by, reviewed_on,
        next_revision_on, notes. Refused while the last version is still a 草稿 or 待审核.
        """
        self._check_village(village_id)
        unknown = set(fields) - {"drafted_on", "adopted_on", "reviewed_by", "reviewed_on",
                                 "next_revision_on", "notes"}  # fmt: skip
        if unknown:
            raise ValidationError(sorted(unknown)[0], "不能在新版本中填写这一项。")
        drafted_on = fields.pop("drafted_on", None) or self.clock()
        with self.db.atomic():
            plan = store.ensure_plan(self.db, village_id, kind)
            assert plan.id is not None
            old = store.versions(self.db, plan.id)
            last = old[-1] if old else None
            if last is not None and last.status in (PlanStatus.DRAFT, PlanStatus.SUBMITTED):
                raise InvalidTransition(
                    f"{self._label(village_id)}的{kind}预案已有“{last.status}”的版本（{last.version}），"
                    "请先把它提交审核或生效，再新增版本。"
                )
            if any(v.version == version.strip() for v in old):
                raise ValidationError("version", f"已有版本“{version.strip()}”，请换一个版本号。")
            new = replace(new_version_from(last, plan.id, version.strip(), drafted_on), **fields)
            check_version(new)
            out = store.insert_version(self.db, new)
            if last is not None and last.id is not None and out.id is not None:
                steps = part_store.steps(self.db, last.id)
                copied = [replace(s, id=None, version_id=out.id) for s in steps]
                part_store.replace_steps(self.db, out.id, copied)
            return out

    def set_state(
        self,
        village_id: int | None,
        kind: PlanKind,
        target: PlanStatus | str,
        *,
        reason: str = "",
        **fields: Any,
    ) -> PlanVersion:
        """Move the newest version of one item to ``target`` (B §1.5), filling ``fields`` first.

        ``fields``: any of adopted_on, reviewed_by, reviewed_on, effective_on, next_revision_on.
        Taking effect retires the versions it supersedes (已生效/需修订 → 已废止).
        """
        try:
            goal = PlanStatus(target)
        except ValueError:
            names = "、".join(s for s in PlanStatus if s is not PlanStatus.MISSING)
            raise ValidationError("status", f"没有“{target}”这个状态，可选：{names}。") from None
        self._check_village(village_id)
        unknown = set(fields) - {"adopted_on", "reviewed_by", "reviewed_on", "effective_on",
                                 "next_revision_on"}  # fmt: skip
        if unknown:
            raise ValidationError(sorted(unknown)[0], "改变状态时不能填写这一项。")
        today = self.clock()
        with self.db.atomic():
            plan = store.find_plan(self.db, village_id, kind)
            old = store.versions(self.db, plan.id) if plan and plan.id else []
            if not old:
                raise InvalidTransition(
                    f"{self._label(village_id)}的{kind}预案尚未编制：请先新增一个版本（草稿）。"
                )
            last = replace(old[-1], **{k: v for k, v in fields.items() if v is not None})
            _, auto_reason = current_status(old[-1], today)
            if goal is PlanStatus.NEEDS_REVISION and not reason.strip() and auto_reason:
                reason = auto_reason
            changed = changed_state(
                last, goal, today, kind=kind, reason=reason, deadlines=self.deadlines()
            )
            if goal is PlanStatus.EFFECTIVE:
                for earlier in old[:-1]:
                    if earlier.status in (PlanStatus.EFFECTIVE, PlanStatus.NEEDS_REVISION):
                        store.update_version(self.db, replace(earlier, status=PlanStatus.RETIRED))
            return store.update_version(self.db, changed)

    def mark_needs_revision(
        self, village_id: int | None, kind: PlanKind, reason: str
    ) -> PlanVersion | None:
        """Turn one item 需修订 because something it relies on changed (A8), keeping ``reason``.

        Used by the automatic triggers: a 包保 person or phone changed (wired from
        ``ws.plan_parts`` and ``ws.people``), a drill record asks for revision. Only a newest
        version that is 已生效 moves; an item not drafted, a draft or one under review (the
        revision is on its way), one already 需修订 (its first reason stays) or 已废止 is left
        untouched. Returns the changed version, or ``None`` when nothing moved. Runs in the
        caller's transaction when there is one.
        """
        self._check_village(village_id)
        if not reason.strip():
            raise ValidationError("reason", "请写明需要修订的原因。")
        with self.db.atomic():
            plan = store.find_plan(self.db, village_id, kind)
            old = store.versions(self.db, plan.id) if plan and plan.id else []
            if not old or old[-1].status is not PlanStatus.EFFECTIVE:
                return None
            changed = changed_state(old[-1], PlanStatus.NEEDS_REVISION, self.clock(), kind=kind,
                                    reason=reason)  # fmt: skip
            return store.update_version(self.db, changed)

    # -- shelters ----------------------------------------------------------------------------
    def shelters(
        self, village_id: int | None = None, *, township: bool = False
    ) -> builtins.list[Shelter]:
        """Shelters: all, one village's, or (``township``) the township's own."""
        return store.shelters(self.db, village_id, township=township)

    def add_shelter(self, shelter: Shelter) -> Shelter:
        """Register a shelter (checked; capacity > 0, phone format)."""
        self._check_village(shelter.village_id)
        check_shelter(shelter)
        with self.db.atomic():
            return store.insert_shelter(self.db, replace(shelter, id=None))

    def edit_shelter(self, shelter_id: int, **changes: Any) -> Shelter:
        """Change fields of a shelter (checked as a whole)."""
        with self.db.atomic():
            old = store.get_shelter(self.db, shelter_id)
            try:
                new = replace(old, **changes)
            except TypeError:
                raise ValidationError("", "避难场所没有这一项，无法修改。") from None
            self._check_village(new.village_id)
            check_shelter(new)
            return store.update_shelter(self.db, new)

    def remove_shelter(self, shelter_id: int) -> Shelter:
        """Remove a shelter no 转移路线 or 住户 names (a Chinese message says which do)."""
        from safetydesk.storage import plan_parts as part_store

        with self.db.atomic():
            old = store.get_shelter(self.db, shelter_id)
            for table, column, what in (("routes", "shelter_id", "转移路线"),
                                        ("households", "shelter_id", "住户")):  # fmt: skip
                n = part_store.references(self.db, table, column, shelter_id)
                if n:
                    raise ConflictError(
                        f"还有 {n} 条{what}以“{old.name}”为转移去向，请先改为其他避难场所再删除。"
                    )
            store.delete_shelter(self.db, shelter_id)
            return old

    # -- helpers -----------------------------------------------------------------------------
    def _check_village(self, village_id: int | None) -> None:
        if village_id is not None and village_id not in self.villages.names():
            raise NotFoundError(f"找不到编号为 {village_id} 的村（社区）。")

    def _label(self, village_id: int | None) -> str:
        return TOWNSHIP if village_id is None else self.villages.names().get(village_id, "该村")
