"""Drill compliance at county scale: 500 villages, 20,000 units, ten years of drills.

A county database is generated once (``--villages``, ``--drill-units``): the villages, units
spread over the unit types the default drill rules name, and ten years of drills written with the
stores' bulk path — the township's yearly 实战 and 桌面 drills, every village's yearly drill (a few
missing), the units' yearly or half-yearly drills by type (some missing, some held only 桌面).
Two three-year rules are added to the defaults: 非煤矿山 units owe a 矿山 drill, villages a
地质灾害 drill, each 实战 (so the 3-year period and "实战 required" are counted at this scale).

Measured against a floor taken in this same run on a plain ``sqlite3`` connection — the bare
queries that read the same rules, subjects and drills (only the columns compliance needs) plus
the minimal counting loop per subject, rule and period:

* "compliance service": ``ws.drills.compliance(year, today)`` for the latest year (typed rules,
  subjects and obligations with their status);
* "due soon": ``ws.drills.due_soon(today)`` (the same work, filtered).

The peak memory of the service call (``tracemalloc``) is printed with the floor's.
Target (issue 11): compliance within 2× of its SQL floor at county scale.
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from benchlib import Result, paired

TARGET = 2.0
TODAY = date(2026, 11, 23)
YEARS = 10
#: Units per rule-named type, as shares of the county's units (most are yearly 九小场所/工贸).
TYPE_SHARES = {
    "九小场所": 0.40, "工贸企业": 0.16, "人员密集场所": 0.10, "仓储物流": 0.07,
    "学校/校外培训": 0.06, "集(农)贸市场": 0.04, "建设工程": 0.07, "危险化学品": 0.05,
    "烟花爆竹": 0.02, "非煤矿山": 0.03,
}  # fmt: skip
HALF_YEAR = {"人员密集场所", "学校/校外培训", "集(农)贸市场", "建设工程", "危险化学品", "烟花爆竹",
             "非煤矿山"}  # fmt: skip


def generate(db: Path, villages: int, units: int) -> tuple[float, dict[str, int]]:
    """Write the county's villages, units, extra rules and drills; returns (seconds, row counts)."""
    from safetydesk.domain.common import Unit, UnitType, Village
    from safetydesk.domain.drill_rules import DrillRule, Period
    from safetydesk.domain.drills import Drill, DrillCategory, DrillForm, DrillScope, SubjectKind
    from safetydesk.services import Workspace
    from safetydesk.storage import drills as drill_store
    from safetydesk.storage.registers import UnitStore, VillageStore

    t0 = time.perf_counter()
    rnd = random.Random(11)
    part = db.with_name(db.name + ".part")  # renamed when complete: a broken run leaves no db
    part.unlink(missing_ok=True)
    ws = Workspace.open(part, clock=lambda: TODAY)
    first_year = TODAY.year - YEARS + 1
    try:
        ws.settings.update(township_name="示例镇")
        ws.drills.add_rule(DrillRule(
            subject_kind=SubjectKind.UNIT, unit_type=UnitType.MINE, category=DrillCategory.MINE,
            period=Period.THREE_YEARS, live_required=True, basis="矿山每三年一次实战演练"))  # fmt: skip
        ws.drills.add_rule(DrillRule(
            subject_kind=SubjectKind.VILLAGE, category=DrillCategory.GEOLOGICAL,
            period=Period.THREE_YEARS, live_required=True, basis="地灾点村每三年一次实战演练"))  # fmt: skip
        with ws.db.atomic():
            VillageStore(ws.db).bulk_insert(
                Village(name=f"第{i:03d}村", sort_order=i) for i in range(1, villages + 1)
            )
            village_ids = [v.id for v in ws.villages.list() if v.id is not None]
            types = [UnitType(t) for t in TYPE_SHARES]
            weights = list(TYPE_SHARES.values())
            unit_types = rnd.choices(types, weights, k=units)
            UnitStore(ws.db).bulk_insert(
                Unit(name=f"示例单位{i:05d}", type=t, village_id=rnd.choice(village_ids))
                for i, t in enumerate(unit_types)
            )
            unit_rows = ws.db.conn.execute("SELECT id, type, village_id FROM units").fetchall()
            drills: list[Drill] = []

            def add(year: int, half: int | None, **kw: object) -> None:
                start = date(year, 1, 1) if half != 2 else date(year, 7, 1)
                span = 364 if half is None else 180
                held = start + timedelta(days=rnd.randint(0, span))
                if held > TODAY:
                    return
                drills.append(Drill(title="演练", held_on=held, **kw))  # type: ignore[arg-type]

            for year in range(first_year, TODAY.year + 1):
                add(year, None, category=DrillCategory.GENERAL, scope=DrillScope.COMPREHENSIVE)
                add(year, None, category=DrillCategory.FLOOD, form=DrillForm.TABLETOP)
                for vid in village_ids:
                    if rnd.random() < 0.95:
                        add(year, None, organiser_kind=SubjectKind.VILLAGE, village_id=vid,
                            category=rnd.choice((DrillCategory.FLOOD, DrillCategory.FIRE_EVACUATION)),
                            form=DrillForm.LIVE if rnd.random() < 0.9 else DrillForm.TABLETOP)  # fmt: skip
                    if rnd.random() < 0.2:
                        add(year, None, organiser_kind=SubjectKind.VILLAGE, village_id=vid,
                            category=DrillCategory.GEOLOGICAL,
                            form=DrillForm.LIVE if rnd.random() < 0.7 else DrillForm.TABLETOP)  # fmt: skip
                for uid, utype, vid in unit_rows:
                    halves: tuple[int | None, ...] = (1, 2) if utype in HALF_YEAR else (None,)
                    category = (DrillCategory.MINE if utype == "非煤矿山" and rnd.random() < 0.5
                                else DrillCategory.FIRE_EVACUATION)  # fmt: skip
                    for half in halves:
                        if rnd.random() < 0.08:
                            continue  # missing
                        add(year, half, organiser_kind=SubjectKind.UNIT, unit_id=uid,
                            village_id=vid, category=category,
                            form=DrillForm.TABLETOP if rnd.random() < 0.15 else DrillForm.LIVE)  # fmt: skip
            drill_store.DrillStore(ws.db).bulk_insert(drills)
        counts = {t: ws.db.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("villages", "units", "drills", "drill_rules")}  # fmt: skip
    finally:
        ws.close()
    part.replace(db)
    return time.perf_counter() - t0, counts


# -- the floor: the same reads as bare SQL, the minimal counting loop ---------------------------
_RULES_SQL = ("SELECT id, subject_kind, unit_type, category, min_count, period, live_required "
              "FROM drill_rules WHERE active = 1 ORDER BY id")  # fmt: skip
_VILLAGES_SQL = ("SELECT id, name FROM villages WHERE archived_at IS NULL "
                 "ORDER BY sort_order, region_code, name, id")  # fmt: skip
_UNITS_SQL = ("SELECT id, name, type FROM units WHERE archived_at IS NULL AND type IN ({}) "
              "ORDER BY type, name, id")  # fmt: skip
_DRILLS_SQL = ("SELECT id, organiser_kind, village_id, unit_id, held_on, category, form "
               "FROM drills WHERE held_on BETWEEN ? AND ?")  # fmt: skip


def _spans(period: str, year: int) -> list[tuple[str, str]]:
    if period == "半年":
        return [(f"{year}-01-01", f"{year}-06-30"), (f"{year}-07-01", f"{year}-12-31")]
    if period == "3年":
        return [(f"{year - 2}-01-01", f"{year}-12-31")]
    return [(f"{year}-01-01", f"{year}-12-31")]


def floor(conn: sqlite3.Connection, year: int, today: date) -> list[tuple[object, ...]]:
    """(kind, subject id, rule id, period start, required, done, 实战 done) per obligation."""
    rules = conn.execute(_RULES_SQL).fetchall()
    types = sorted({r[2] for r in rules if r[2] is not None})
    row = conn.execute("SELECT value FROM settings WHERE key = 'township_name'").fetchone()
    town = json.loads(row[0]) if row else "镇本级"
    subjects: list[tuple[str, int | None, str, str | None]] = [("镇", None, town, None)]
    subjects += [("村(社区)", i, n, None) for i, n in conn.execute(_VILLAGES_SQL)]
    units_sql = _UNITS_SQL.format(",".join("?" * len(types)))
    subjects += [("单位", i, n, t) for i, n, t in conn.execute(units_sql, types)]
    last = min(f"{year}-12-31", today.isoformat())
    held: dict[tuple[str, int | None], list[tuple[str, str, bool]]] = {}
    for _id, kind, vid, uid, on, category, form in conn.execute(
        _DRILLS_SQL, [f"{year - 2}-01-01", last]
    ):
        key = (kind, uid if kind == "单位" else vid if kind == "村(社区)" else None)
        held.setdefault(key, []).append((on, category, form == "实战"))
    spans = {p: _spans(p, year) for p in ("年", "半年", "3年")}
    out: list[tuple[object, ...]] = []
    for kind, sid, _name, utype in subjects:
        mine = held.get((kind, sid), ())
        for rid, rkind, rtype, rcat, count, period, _live in rules:
            if rkind != kind or (kind == "单位" and rtype != utype):
                continue
            for first, due in spans[period]:
                done = live = 0
                for on, category, is_live in mine:
                    if first <= on <= due and (rcat is None or category == rcat):
                        done += 1
                        live += is_live
                out.append((kind, sid, rid, first, count, done, live))
    return out


def _service_rows(obligations: list[object]) -> list[tuple[object, ...]]:
    return [(o.subject.kind.value, o.subject.id, o.rule.id, o.starts_on.isoformat(),  # type: ignore[attr-defined]
             o.required, o.done, o.live_done) for o in obligations]  # type: ignore[attr-defined]  # fmt: skip


def peak_mb(fn: Callable[[], object]) -> float:
    """Peak memory allocated by one call of ``fn`` (``tracemalloc``), in MB."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def drill_compliance_benchmarks(db: Path, runs: int) -> dict[str, Result]:
    """The compliance service (and due-soon) against the bare SQL floor."""
    from safetydesk.services import Workspace

    year = TODAY.year
    conn = sqlite3.connect(db)
    expected = floor(conn, year, TODAY)  # warm the OS cache for floor and app alike
    ws = Workspace.open(db, clock=lambda: TODAY)
    obligations = ws.drills.compliance(year, TODAY)
    if sorted(map(str, _service_rows(obligations))) != sorted(map(str, expected)):  # type: ignore[arg-type]
        raise SystemExit("drill compliance: the service and the floor disagree")
    missing = [o for o in obligations if o.missing]
    drills = conn.execute("SELECT count(*) FROM drills").fetchone()[0]
    print(f"  drills: {drills:,} rows; {year}: {len(obligations):,} obligations, "
          f"{len(missing):,} missing, {len(ws.drills.due_soon(TODAY)):,} due soon")  # fmt: skip
    results: dict[str, Result] = {}
    results["compliance service"] = (
        *paired(lambda: floor(conn, year, TODAY), lambda: ws.drills.compliance(year, TODAY), runs),
        TARGET,
    )  # fmt: skip
    results["due soon"] = (
        *paired(lambda: floor(conn, year, TODAY), lambda: ws.drills.due_soon(TODAY), runs),
        TARGET,
    )  # fmt: skip
    floor_mb = peak_mb(lambda: floor(conn, year, TODAY))
    app_mb = peak_mb(lambda: ws.drills.compliance(year, TODAY))
    print(f"  peak memory (tracemalloc) of one call: floor {floor_mb:.1f} MB, "
          f"service {app_mb:.1f} MB")  # fmt: skip
    ws.close()
    conn.close()
    return results
