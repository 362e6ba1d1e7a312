"""Schema migrations (append-only). Never edit or reorder one that is on main; add a new one.

A new database and an upgraded one go through the same path: :func:`storage.db.open_database`
applies whatever is pending. The steps themselves live in :mod:`safetydesk.storage.migration_steps`
(:mod:`~safetydesk.storage.migration_steps.tables` for m001–m008,
:mod:`~safetydesk.storage.migration_steps.rewrites` for the steps that rewrite stored rows,
:mod:`~safetydesk.storage.migration_steps.plans` for m011's 一制四案 tables,
:mod:`~safetydesk.storage.migration_steps.plan_parts` for m012's shared parts, 包保 and 叫应,
:mod:`~safetydesk.storage.migration_steps.drills` for m013's 应急演练,
:mod:`~safetydesk.storage.migration_steps.drill_records` for m014's drill findings, attachments
and evaluations); this
module is the registry and fixes their order: a new step is appended to :data:`_STEPS`.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from safetydesk.storage.migration_steps import (
    drill_records,
    drills,
    plan_parts,
    plans,
    rewrites,
    tables,
)

#: The migration set of SafetyDesk.
migrations = Migrations("safetydesk")
#: Names of every migration this build knows, in order (for the too-new check).
KNOWN_MIGRATIONS: list[str] = []


def migration(fn: Callable[[Database], None]) -> Callable[[Database], None]:
    """Register ``fn`` as the next migration and remember its name."""
    KNOWN_MIGRATIONS.append(fn.__name__)
    return migrations()(fn)


#: Every step, in the order it is applied (the order of their names; append only).
_STEPS: tuple[Callable[[Database], None], ...] = (
    tables.m001_initial,
    tables.m002_add_count_indexes,
    tables.m003_add_documents,
    tables.m004_add_hazards,
    tables.m005_add_photos_refs_holidays,
    tables.m006_add_inspections,
    tables.m007_add_inspection_photos,
    tables.m008_add_text_search_indexes,
    rewrites.m009_link_documents,
    rewrites.m010_major_hazard_rules,
    plans.m011_add_plans,
    plan_parts.m012_add_plan_parts,
    drills.m013_add_drills,
    drill_records.m014_add_drill_records,
)
for _step in _STEPS:
    migration(_step)
