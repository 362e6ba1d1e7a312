"""SafetyDesk benchmark: the app's times over floors measured in the same run, as ratios.

Run ``python bench/run.py`` (``--units 200000`` for a quicker run). It generates data with
``safetydesk demo --scale`` (a township's year, and a county-size database with ~1,000,000 units),
then measures, each against a floor taken in this same run:

* start-up to first paint: ``main.py`` vs a bare PySide6 window with a 1,000-row table;
* unit list open at 1M rows: the real 单位场所 page to first paint vs the bare SQL query that
  returns the list's ordered ids;
* text filter at 1M rows: the page's filtered list to repaint vs the bare FTS query;
* scroll repaint at 1M rows: a jump (or a page down) + repaint on the page's table vs the same
  on a bare QTableView of the same size and column widths over an in-memory model holding the
  same text (the list's first 1,000 rows).

Targets (foundation issue): start-up ≤ 1.5×, list open ≤ 2.5×, text filter ≤ 4×, scroll ≤ 2.5×.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: Demo units per --scale step (one township's year of units).
UNITS_PER_SCALE = 247
TARGETS = {
    "start-up": 1.5,
    "list open": 2.5,
    "text filter": 4.0,
    "scroll repaint": 2.5,
    "scroll page-down": 2.5,
}


def _median_time(fn, runs: int) -> float:  # noqa: ANN001
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def generate(db: Path, scale: int) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "safetydesk", "--db", str(db), "demo", "--scale", str(scale),
         "--seed", "1", "--today", "2026-11-23"],
        check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - t0


def startup(db: Path, runs: int) -> tuple[float, float]:
    """Median wall time of process start → first paint → exit, for the floor and the app."""
    env = {**os.environ, "SAFETYDESK_EXIT_AFTER_FIRST_PAINT": "1",
           "SAFETYDESK_UI_STATE": str(db.parent / "ui-state.ini")}
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
            subprocess.run(cmd, check=True, env=env, cwd=ROOT, timeout=120, stderr=subprocess.DEVNULL)
            out.append(time.perf_counter() - t0)
    return statistics.median(floors), statistics.median(apps)


class _Painted:
    """Counts paint events of a widget (first paint detection)."""

    def __init__(self, widget) -> None:  # noqa: ANN001
        from PySide6.QtCore import QEvent, QObject

        outer = self

        class Filter(QObject):
            def eventFilter(self, obj, event) -> bool:  # noqa: ANN001, N802
                if event.type() == QEvent.Type.Paint:
                    outer.count += 1
                return False

        self.count = 0
        self._filter = Filter()
        widget.installEventFilter(self._filter)

    def wait(self, app, start: int = 0, timeout: float = 60.0) -> None:  # noqa: ANN001
        t_end = time.perf_counter() + timeout
        while self.count <= start and time.perf_counter() < t_end:
            app.processEvents()


def list_benchmarks(
    db: Path, runs: int, query_text: str, *, only_filter: bool = False
) -> dict[str, tuple[float, float]]:
    from PySide6.QtGui import QStandardItem, QStandardItemModel
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
    results: dict[str, tuple[float, float]] = {}

    # -- floors ---------------------------------------------------------------------------------
    conn = sqlite3.connect(db)
    ids_sql = "SELECT id FROM units WHERE archived_at IS NULL ORDER BY name, id"
    [r[0] for r in conn.execute(ids_sql)]  # warm the OS cache for floor and app alike
    floor_list = _median_time(lambda: [r[0] for r in conn.execute(ids_sql)], runs)
    match = fts_query(query_text)
    fts_sql = "SELECT rowid FROM units_fts WHERE units_fts MATCH ?"
    floor_fts = _median_time(lambda: [r[0] for r in conn.execute(fts_sql, [match])], runs)
    hits = len(conn.execute(fts_sql, [match]).fetchall())

    # -- app: list open ---------------------------------------------------------------------------
    ws = Workspace.open(db)
    ctx = AppContext(workspace=ws, bus=AppBus())
    pages = []

    def open_list() -> None:
        page = UnitsPage(ctx)
        page.resize(1280, 760)
        view = page.findChild(QTableView)
        painted = _Painted(view.viewport())
        page.show()
        painted.wait(app)
        pages.append((page, view, painted))

    app_list = _median_time(open_list, runs)
    page, view, painted = pages[-1]
    for p, _v, _pt in pages[:-1]:
        p.close()
        p.deleteLater()
    model = view.model()
    rows = model.rowCount()
    results["list open"] = (floor_list, app_list)

    # -- app: text filter -------------------------------------------------------------------------
    def text_filter() -> None:
        before = painted.count
        model.set_query(ListQuery(text=query_text))
        painted.wait(app, before)

    def reset() -> None:
        before = painted.count
        model.set_query(ListQuery())
        painted.wait(app, before)

    times = []
    for _ in range(runs):
        reset()
        t0 = time.perf_counter()
        text_filter()
        times.append(time.perf_counter() - t0)
    results["text filter"] = (floor_fts, statistics.median(times))
    filtered_rows = model.rowCount()
    reset()
    if only_filter:
        print(f"  query {query_text!r}: {hits:,} FTS hits, {filtered_rows:,} rows")
        ws.close()
        return results

    # -- scroll repaint ---------------------------------------------------------------------------
    rnd = random.Random(1)

    def scroll_steps(v: QTableView, n: int, jump: bool = True) -> float:
        """Mean time of one scroll + repaint: a jump anywhere, or a page down."""
        bar = v.verticalScrollBar()
        t0 = time.perf_counter()
        for _ in range(n):
            if jump:
                bar.setValue(rnd.randint(0, bar.maximum()))
            else:
                bar.setValue(min(bar.maximum(), bar.value() + bar.pageStep()))
            v.viewport().repaint()
        return (time.perf_counter() - t0) / n

    # The floor paints the same text: the first 1,000 rows of the list, copied into a plain
    # in-memory QStandardItemModel, in a bare QTableView with the same column widths.
    bare_model = QStandardItemModel(1000, model.columnCount())
    for r in range(1000):
        for c in range(model.columnCount()):
            bare_model.setItem(r, c, QStandardItem(model.data(model.index(r, c)) or ""))
    bare = QTableView()
    bare.setModel(bare_model)
    for c in range(model.columnCount()):
        bare.setColumnWidth(c, view.columnWidth(c))
    bare.verticalHeader().setDefaultSectionSize(view.verticalHeader().defaultSectionSize())
    bare.resize(view.size())
    bare.show()
    app.processEvents()
    scroll_steps(bare, 5)
    floor_scroll = statistics.median(scroll_steps(bare, 40) for _ in range(runs))
    app_scroll = statistics.median(scroll_steps(view, 40) for _ in range(runs))
    results["scroll repaint"] = (floor_scroll, app_scroll)
    bare.verticalScrollBar().setValue(0)
    floor_page = statistics.median(scroll_steps(bare, 30, jump=False) for _ in range(runs))
    view.verticalScrollBar().setValue(rnd.randint(0, view.verticalScrollBar().maximum()))
    app_page = statistics.median(scroll_steps(view, 30, jump=False) for _ in range(runs))
    results["scroll page-down"] = (floor_page, app_page)

    print(f"  list rows: {rows:,}; query {query_text!r}: {hits:,} FTS hits, {filtered_rows:,} rows")
    ws.close()
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=1_000_000, help="units in the county database")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--query", default="上伏示例旅店", help="text filter query (selective)")
    ap.add_argument("--broad-query", default="饭店", help="a second, broad text filter query")
    ap.add_argument("--keep", type=Path, default=None, help="folder to keep the databases in")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="safetydesk-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    township = work / "township.db"
    county = work / f"county-{args.units}.db"
    print(f"SafetyDesk benchmark — data in {work}")
    if not township.exists():
        print(f"  township data generated in {generate(township, 1):.1f} s")
    if not county.exists():
        scale = max(1, round(args.units / UNITS_PER_SCALE))
        print(f"  county data (scale {scale}) generated in {generate(county, scale):.1f} s")

    results: dict[str, tuple[float, float]] = {}
    f, a = startup(township, args.runs)
    results["start-up"] = (f, a)
    f, a = startup(county, max(3, args.runs // 2))
    results["start-up (1M db)"] = (f, a)
    results.update(list_benchmarks(county, args.runs, args.query))
    broad = list_benchmarks(county, args.runs, args.broad_query, only_filter=True)
    results["text filter (broad)"] = broad["text filter"]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print()
    print(f"{'measure':<18}{'floor':>12}{'app':>12}{'ratio':>8}{'target':>8}  ok")
    failed = 0
    for name, (floor, app) in results.items():
        ratio = app / floor if floor else float("inf")
        target = TARGETS.get(name.split(" (")[0])
        ok = "yes" if target is None or ratio <= target else "NO"
        failed += ok == "NO"
        t = f"≤{target}" if target else ""
        print(f"{name:<18}{floor * 1000:>10.1f}ms{app * 1000:>10.1f}ms{ratio:>7.2f}×{t:>8}  {ok}")
    print(f"peak memory of the list process: {rss:.0f} MB")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
