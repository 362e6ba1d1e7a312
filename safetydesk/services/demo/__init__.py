"""The demo township: 润城镇 of 阳城县 with its real 1 社区 + 22 村 (DOMAIN.md B §8).

:func:`create_demo` fills an empty workspace: the registers (:mod:`.registers`), a year of
hazards (:mod:`.hazards`) and the inspections that found them plus routine coverage
(:mod:`.inspections`). Output is deterministic for a seed. ``scale`` multiplies the units and
people (not the villages, which are real) so benchmarks get county-size data from the same
generator. The generator grows with each capability: every table that exists gets a year of
plausible records.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from safetydesk.domain.common import PersonRole
from safetydesk.errors import ConflictError
from safetydesk.services.changes import Changes, Topic
from safetydesk.services.demo.callouts import create_demo_callouts
from safetydesk.services.demo.drill_evals import create_demo_evaluations
from safetydesk.services.demo.drill_media import create_demo_drill_hazard, create_demo_drill_media
from safetydesk.services.demo.drills import create_demo_drills
from safetydesk.services.demo.hazards import create_demo_hazards
from safetydesk.services.demo.inspections import create_demo_inspections
from safetydesk.services.demo.plan_parts import create_demo_plan_parts
from safetydesk.services.demo.plans import create_demo_plans
from safetydesk.services.demo.registers import (
    Gen,
    create_demo_people,
    create_demo_units,
    create_demo_villages,
)
from safetydesk.storage.registers import PersonStore


def create_demo(
    ws: object,
    *,
    seed: int = 1,
    scale: int = 1,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Changes:
    """Fill an empty workspace with the demo township.

    Args:
        ws: An open :class:`~safetydesk.services.Workspace` whose database has no villages yet.
        seed: Random seed; the same seed gives the same data.
        scale: Multiplies units and people (1 = one township's year).
        today: The date the demo year ends on (records dated up to it).
        progress: Optional ``(done, total)`` callback; may raise Cancelled (nothing is written).

    Raises:
        ConflictError: The database already holds villages.
    """
    from safetydesk.services import Workspace

    assert isinstance(ws, Workspace)
    if scale < 1:
        raise ConflictError("规模倍数 --scale 至少为 1。")
    if ws.villages.count() or ws.units.count():
        raise ConflictError("该数据库已有数据，演示数据只能写入空数据库。请换一个新文件。")
    end = today or ws.clock()
    gen = Gen(random.Random(seed))
    steps = 5
    with ws.db.atomic():
        ws.settings.update(
            township_name="润城镇",
            county="阳城县",
            short_name="润",
            office_name="润城镇安全生产委员会办公室",
            office_phone="0356-4000001",
        )
        villages = create_demo_villages(ws.db, gen)
        if progress:
            progress(1, steps)
        create_demo_units(ws.db, gen, villages, scale=scale)
        if progress:
            progress(2, steps)
        create_demo_people(ws.db, gen, villages, scale=scale)
        if progress:
            progress(3, steps)
        inspectors = PersonStore(ws.db).names_with_role(PersonRole.INSPECTOR, limit=6)
        create_demo_hazards(
            ws.db, gen.rnd, today=end, scale=scale, short_name="润", names=inspectors or ["王建国"]
        )
        if progress:
            progress(4, steps)
        create_demo_inspections(ws, gen.rnd, today=end)
        create_demo_plans(ws.db, villages, today=end)
        create_demo_plan_parts(ws.db, gen, villages, today=end)
        create_demo_callouts(ws, today=end)
        create_demo_drills(ws, villages, today=end)
        create_demo_evaluations(ws, today=end)
        create_demo_drill_hazard(ws)
    # Files are copied once the records stand (a rolled-back demo leaves no orphan files).
    create_demo_drill_media(ws, today=end)
    if progress:
        progress(steps, steps)
    return Changes.of(
        Topic.SETTINGS, Topic.VILLAGES, Topic.UNITS, Topic.PEOPLE, Topic.HAZARDS, Topic.DOCUMENTS,
        Topic.INSPECTIONS, Topic.PLANS, Topic.DRILLS,
    )
