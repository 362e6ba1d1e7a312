"""Helpers shared by the benchmark scripts: data generation, timing, paint detection, the table."""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: The date the generated demo year ends on (fixed so runs compare).
TODAY = "2026-11-23"
#: Demo units per --scale step (one township's year of units).
UNITS_PER_SCALE = 247

#: One result: (floor seconds, app seconds, target ratio or None for information only).
Result = tuple[float, float, float | None]


def median_time(fn: Callable[[], object], runs: int) -> float:
    """Median wall time of ``runs`` calls of ``fn``."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def paired(
    floor: Callable[[], object],
    app: Callable[[], object],
    runs: int,
    setup: Callable[[], object] | None = None,
) -> tuple[float, float]:
    """Median times of ``floor`` and ``app``, run alternately (``setup`` untimed before ``app``)."""
    floors, apps = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        floor()
        floors.append(time.perf_counter() - t0)
        if setup is not None:
            setup()
        t0 = time.perf_counter()
        app()
        apps.append(time.perf_counter() - t0)
    return statistics.median(floors), statistics.median(apps)


def generate(db: Path, scale: int) -> float:
    """Write the demo township at ``scale`` into ``db`` with the CLI; returns seconds taken."""
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "safetydesk", "--db", str(db), "demo", "--scale", str(scale),
         "--seed", "1", "--today", TODAY],
        check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return time.perf_counter() - t0


def top_up_hazards(db: Path, target: int) -> tuple[int, float]:
    """Add demo hazards (the generator's bulk path) until ``db`` holds ``target``.

    Returns:
        The hazards added and the seconds taken (0, 0.0 when it already held enough).
    """
    import sqlite3

    with sqlite3.connect(db) as conn:
        have = conn.execute("SELECT count(*) FROM hazards").fetchone()[0]
    if have >= target:
        return 0, 0.0
    t0 = time.perf_counter()
    # In a process of its own, so its memory does not count as the lists'.
    subprocess.run([sys.executable, __file__, "--top-up", str(db), str(target - have)],
                   check=True, cwd=ROOT)  # fmt: skip
    return target - have, time.perf_counter() - t0


def _top_up(db: Path, count: int) -> None:
    from datetime import date

    from safetydesk.services import Workspace
    from safetydesk.services.demo.hazards import add_bulk_hazards

    ws = Workspace.open(db, clock=lambda: date.fromisoformat(TODAY))
    try:
        add_bulk_hazards(ws, count, seed=2)
    finally:
        ws.close()


class Painted:
    """Counts paint events of a widget (first paint and repaint detection)."""

    def __init__(self, widget: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        outer = self

        class Filter(QObject):
            def eventFilter(self, obj: Any, event: Any) -> bool:  # noqa: N802
                if event.type() == QEvent.Type.Paint:
                    outer.count += 1
                return False

        self.count = 0
        self._filter = Filter()
        widget.installEventFilter(self._filter)

    def wait(self, app: Any, start: int = 0, timeout: float = 60.0) -> None:
        """Process events until more than ``start`` paints happened (or ``timeout`` seconds)."""
        t_end = time.perf_counter() + timeout
        while self.count <= start and time.perf_counter() < t_end:
            app.processEvents()


_rnd = random.Random(1)


def scroll_steps(view: Any, n: int, jump: bool = True) -> float:
    """Mean time of one scroll + repaint of ``view``: a jump anywhere, or a page down."""
    bar = view.verticalScrollBar()
    t0 = time.perf_counter()
    for _ in range(n):
        if jump:
            bar.setValue(_rnd.randint(0, bar.maximum()))
        else:
            bar.setValue(min(bar.maximum(), bar.value() + bar.pageStep()))
        view.viewport().repaint()
    return (time.perf_counter() - t0) / n


def scroll_benchmarks(app: Any, view: Any, runs: int) -> dict[str, tuple[float, float]]:
    """Scroll jump and page-down of ``view`` against a bare QTableView painting the same text.

    The floor holds the first 1,000 rows of the list, copied into a plain in-memory
    QStandardItemModel, in a bare QTableView of the same size, column widths and row height.
    """
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTableView

    model = view.model()
    cols = model.columnCount()
    rows = min(1000, model.rowCount())
    bare_model = QStandardItemModel(rows, cols)
    for r in range(rows):
        for c in range(cols):
            bare_model.setItem(r, c, QStandardItem(model.data(model.index(r, c)) or ""))
    bare = QTableView()
    bare.setModel(bare_model)
    for c in range(cols):
        bare.setColumnWidth(c, view.columnWidth(c))
    bare.verticalHeader().setDefaultSectionSize(view.verticalHeader().defaultSectionSize())
    bare.resize(view.size())
    bare.show()
    app.processEvents()
    scroll_steps(bare, 5)
    scroll_steps(view, 5)

    def page_downs(v: Any, start: int) -> float:
        v.verticalScrollBar().setValue(start)
        return scroll_steps(v, 30, jump=False)

    # 30 page-downs stay inside the floor's 1,000 rows; the list starts anywhere with room.
    bar = view.verticalScrollBar()
    room = max(0, bar.maximum() - 31 * bar.pageStep())
    times: dict[str, list[float]] = {"fj": [], "aj": [], "fp": [], "ap": []}
    for _ in range(runs):  # interleaved so both see the same machine state
        times["fj"].append(scroll_steps(bare, 40))
        times["aj"].append(scroll_steps(view, 40))
        times["fp"].append(page_downs(bare, 0))
        times["ap"].append(page_downs(view, _rnd.randint(0, room)))
    med = {k: statistics.median(v) for k, v in times.items()}
    out = {"scroll repaint": (med["fj"], med["aj"]), "scroll page-down": (med["fp"], med["ap"])}
    bare.close()
    return out


def print_results(title: str, results: dict[str, Result]) -> int:
    """Print one table of results; returns how many missed their target."""
    print()
    print(title)
    print(f"  {'measure':<26}{'floor':>11}{'app':>11}{'ratio':>8}{'target':>8}  ok")
    failed = 0
    for name, (floor, app, target) in results.items():
        ratio = app / floor if floor else float("inf")
        ok = "" if target is None else "PASS" if ratio <= target else "FAIL"
        failed += ok == "FAIL"
        t = f"≤{target:g}×" if target else "—"
        print(f"  {name:<26}{floor * 1000:>9.1f}ms{app * 1000:>9.1f}ms{ratio:>7.2f}×{t:>8}  {ok}")
    return failed


if __name__ == "__main__":
    if sys.argv[1:2] == ["--top-up"]:
        _top_up(Path(sys.argv[2]), int(sys.argv[3]))
