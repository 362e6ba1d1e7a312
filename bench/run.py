"""SafetyDesk benchmark: the app's times over floors measured in the same run, as ratios.

Run ``python bench/run.py`` (``--quick`` for township scale only: under a minute, list ratios
shown for information since their targets are set for 1M rows; ``--only`` to pick sections).
It generates data with ``safetydesk demo --scale`` (a township's year, and a county-size
database with ~1,000,000 units, topped up to ~1,000,000 hazards with the demo generator's bulk
path), then measures, each against a floor taken in this same run:

* start-up to first paint: ``main.py`` vs a bare PySide6 window with a 1,000-row table;
* unit list at 1M rows: the real 单位场所 page to first paint vs the bare SQL query that
  returns the list's ordered ids; the text filter to repaint vs the bare FTS query; scroll
  repaint (a jump, or a page down) vs a bare QTableView of the same size and column widths over
  an in-memory model holding the same text (the list's first 1,000 rows);
* hazard list at 1M rows (``hazard_list.py``): open, filters (state, overdue, level, village,
  text), sort by due date, reset and scrolling, the same way;
* rectification notices (``notices.py``): one notice and fifty vs bare reportlab;
* the 一制四案 matrix (``plans_matrix.py``) of a county's 500 villages (``--villages``): the
  service and the page's first paint vs the bare SQL that returns what it shows;
* drill compliance (``drill_compliance.py``) of a county (``--villages``, ``--drill-units``,
  ten years of drills): the service vs the bare SQL and counting loop, with its peak memory.

Targets: foundation issue: start-up ≤ 1.5×, list open ≤ 2.5×, text filter ≤ 4×, scroll ≤ 2.5×;
the hazard list meets the same list targets (filters and sort as list open); issue 3: one
notice ≤ 3×, fifty notices ≤ 2×; issue 10: the matrix ≤ 2.5×; issue 11: compliance ≤ 2×.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import (
    ROOT,
    UNITS_PER_SCALE,
    Painted,
    Result,
    generate,
    median_time,
    print_results,
    scroll_benchmarks,
    top_up_hazards,
)

#: Foundation-issue targets.
STARTUP, LIST_OPEN, TEXT_FILTER, SCROLL = 1.5, 2.5, 4.0, 2.5
SECTIONS = ("startup", "units", "hazards", "notices", "plans", "drills")


def startup(db: Path, runs: int) -> tuple[float, float]:
    """Median wall time of process start → first paint → exit, for the floor and the app."""
    env = {**os.environ, "SAFETYDESK_EXIT_AFTER_FIRST_PAINT": "1",
           "SAFETYDESK_UI_STATE": str(db.parent / "ui-state.ini")}  # fmt: skip
    # As on a user's machine after the first launch: bytecode cached, not compiled each start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    floor_cmd = [sys.executable, str(ROOT / "bench" / "floor_startup.py")]
    app_cmd = [sys.executable, str(ROOT / "main.py"), "--db", str(db)]
    floors, apps = [], []
    for cmd in (floor_cmd, app_cmd):  # warm-up: caches bytecode and the OS file cache
        subprocess.run(cmd, check=True, env=env, cwd=ROOT, timeout=120, stderr=subprocess.DEVNULL)
    for _ in range(runs):  # interleaved so both see the same machine state
        for cmd, out in ((floor_cmd, floors), (app_cmd, apps)):
            t0 = time.perf_counter()
            subprocess.run(
                cmd, check=True, env=env, cwd=ROOT, timeout=120, stderr=subprocess.DEVNULL
            )
            out.append(time.perf_counter() - t0)
    return statistics.median(floors), statistics.median(apps)


def unit_list_benchmarks(
    db: Path, runs: int, query_text: str, broad_text: str
) -> dict[str, Result]:
    """The 单位场所 page: open, text filter (selective and broad), scrolling."""
    from PySide6.QtWidgets import QApplication, QTableView

    from safetydesk.domain.queries import ListQuery
    from safetydesk.services import Workspace
    from safetydesk.storage.search import fts_query
    from safetydesk.ui.bus import AppBus
    from safetydesk.ui.context import AppContext
    from safetydesk.ui.fonts import setup_fonts
    from safetydesk.ui.views.units_page import UnitsPage

    app = QApplication.instance() or QApplication([])
    setup_fonts(app)
    results: dict[str, Result] = {}

    # -- floors ---------------------------------------------------------------------------------
    conn = sqlite3.connect(db)
    ids_sql = "SELECT id FROM units WHERE archived_at IS NULL ORDER BY name, id"
    [r[0] for r in conn.execute(ids_sql)]  # warm the OS cache for floor and app alike
    floor_list = median_time(lambda: [r[0] for r in conn.execute(ids_sql)], runs)
    fts_sql = "SELECT rowid FROM units_fts WHERE units_fts MATCH ?"

    # -- app: list open -------------------------------------------------------------------------
    ws = Workspace.open(db)
    ctx = AppContext(workspace=ws, bus=AppBus())
    pages = []

    def open_list() -> None:
        page = UnitsPage(ctx)
        page.resize(1280, 760)
        view = page.findChild(QTableView)
        painted = Painted(view.viewport())
        page.show()
        painted.wait(app)
        pages.append((page, view, painted))

    app_list = median_time(open_list, runs)
    page, view, painted = pages[-1]
    for p, _v, _pt in pages[:-1]:
        p.close()
        p.deleteLater()
    model = view.model()
    rows = model.rowCount()
    results["list open"] = (floor_list, app_list, LIST_OPEN)

    # -- app: text filter -----------------------------------------------------------------------
    def show(query: ListQuery) -> None:
        before = painted.count
        model.set_query(query)
        painted.wait(app, before)

    counts = []
    for label, text in (("text filter", query_text), ("text filter (broad)", broad_text)):
        match = fts_query(text)
        floor = median_time(lambda m=match: [r[0] for r in conn.execute(fts_sql, [m])], runs)
        hits = len(conn.execute(fts_sql, [match]).fetchall())
        times = []
        for _ in range(runs):
            show(ListQuery())
            t0 = time.perf_counter()
            show(ListQuery(text=text))
            times.append(time.perf_counter() - t0)
        results[label] = (floor, statistics.median(times), TEXT_FILTER)
        counts.append(f"query {text!r}: {hits:,} FTS hits, {model.rowCount():,} rows")
    show(ListQuery())

    # -- scrolling ------------------------------------------------------------------------------
    for name, (f, a) in scroll_benchmarks(app, view, runs).items():
        results[name] = (f, a, SCROLL)
    print(f"  unit list rows: {rows:,}; " + "; ".join(counts))
    page.close()
    ws.close()
    conn.close()
    return results


def _township_scale(results: dict[str, Result]) -> dict[str, Result]:
    """List targets are set for 1M rows: at township scale, SQL takes microseconds and the
    ratios say nothing, so only scrolling (a paint floor) keeps its target."""
    return {k: (f, a, t if k.startswith("scroll") else None) for k, (f, a, t) in results.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=1_000_000, help="units in the county database")
    ap.add_argument("--hazards", type=int, default=1_000_000, help="hazards in the county database")
    ap.add_argument("--villages", type=int, default=500, help="villages in the county 一制四案 db")
    ap.add_argument("--drill-units", type=int, default=20_000,
                    help="units in the county drill compliance db")  # fmt: skip
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--query", default="上伏示例旅店", help="text filter query (selective)")
    ap.add_argument("--broad-query", default="饭店", help="a second, broad text filter query")
    ap.add_argument("--quick", action="store_true", help="township scale only (no county data)")
    ap.add_argument("--only", default=",".join(SECTIONS),
                    help=f"comma-separated sections to run ({','.join(SECTIONS)})")  # fmt: skip
    ap.add_argument("--keep", type=Path, default=None, help="folder to keep the databases in")
    args = ap.parse_args()
    sections = {s.strip() for s in args.only.split(",") if s.strip()}
    if sections - set(SECTIONS):
        ap.error(f"unknown section(s): {', '.join(sorted(sections - set(SECTIONS)))}")
    work = args.keep or Path(tempfile.mkdtemp(prefix="safetydesk-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    township = work / "township.db"
    print(f"SafetyDesk benchmark — data in {work}")
    if not township.exists():
        print(f"  township data generated in {generate(township, 1):.1f} s")
    big = township
    if not args.quick and sections & {"startup", "units", "hazards"}:
        big = work / f"county-{args.units}.db"
        if not big.exists():
            scale = max(1, round(args.units / UNITS_PER_SCALE))
            print(f"  county data (scale {scale}) generated in {generate(big, scale):.1f} s")
        if "hazards" in sections:
            added, secs = top_up_hazards(big, args.hazards)
            if added:
                print(f"  county hazards topped up by {added:,} in {secs:.1f} s")
    scale_name = "township" if args.quick else "county"

    failed = 0
    if "startup" in sections:
        results: dict[str, Result] = {"start-up": (*startup(township, args.runs), STARTUP)}
        if not args.quick:
            results["start-up (county db)"] = (*startup(big, max(3, args.runs // 2)), STARTUP)
        failed += print_results("start-up", results)
    if "units" in sections:
        results = unit_list_benchmarks(big, args.runs, args.query, args.broad_query)
        if args.quick:
            results = _township_scale(results)
        failed += print_results(f"unit list ({scale_name})", results)
    if "hazards" in sections:
        from hazard_list import hazard_list_benchmarks

        results = hazard_list_benchmarks(big, args.runs)
        if args.quick:
            results = _township_scale(results)
        failed += print_results(f"hazard list ({scale_name})", results)
    if "notices" in sections:
        from notices import notice_benchmarks

        failed += print_results("rectification notices", notice_benchmarks(township))
    if "plans" in sections:
        from plans_matrix import generate as generate_plans
        from plans_matrix import plans_matrix_benchmarks

        villages = 14 if args.quick else args.villages
        plans_db = work / f"plans-{villages}.db"
        if not plans_db.exists():
            print(f"  一制四案 data ({villages} villages) generated in "
                  f"{generate_plans(plans_db, villages):.1f} s")  # fmt: skip
        results = plans_matrix_benchmarks(plans_db, args.runs)
        if args.quick:
            results = _township_scale(results)
        failed += print_results(f"一制四案 matrix ({villages} villages)", results)
    if "drills" in sections:
        from drill_compliance import drill_compliance_benchmarks
        from drill_compliance import generate as generate_drills

        villages, units = (14, UNITS_PER_SCALE) if args.quick else (args.villages, args.drill_units)
        drills_db = work / f"drills-{villages}-{units}.db"
        if not drills_db.exists():
            secs, counts = generate_drills(drills_db, villages, units)
            rows = ", ".join(f"{n:,} {t}" for t, n in counts.items())
            print(f"  drill data ({rows}) generated in {secs:.1f} s")
        results = drill_compliance_benchmarks(drills_db, args.runs)
        if args.quick:
            results = _township_scale(results)
        failed += print_results(f"drill compliance ({villages} villages, {units:,} units)", results)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory of the list process: {rss:.0f} MB")
    print("all targets met" if not failed else f"{failed} target(s) missed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
