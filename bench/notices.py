"""安全隐患整改通知书 against a bare reportlab floor (issue 3 targets: one ≤ 3×, fifty ≤ 2×).

Run ``python bench/notices.py`` (or as the ``notices`` section of ``bench/run.py``).

* Floor (``floor_notice.py``): bare reportlab platypus writes one A4 page holding a table of
  ~300 CJK characters, with the TrueType file the app prints with registered and embedded.
* App: ``ws.print_jobs.notice`` re-prints an issued notice of the demo township
  (a two-page notice with 存根 and 回执): no new number is taken, so runs repeat exactly. The
  fifty are fifty different hazards' notices, each its own PDF file, as are the floor's fifty.

Floor and app each run in a fresh process of their own (the app extends reportlab's line-break
rules and registers fonts; the floor must inherit neither), alternating, ``--rounds`` times.

What is inside the measured region:

* "one" and "fifty" (the targets): imports and font registration are OUTSIDE, for both: each
  process first prints one document untimed, then times the warm runs (median).
* "first, cold" (information): the first document of a fresh process INCLUDING the import of
  reportlab (and, for the app, of its printing code) and the font registration; the app's
  database is already open, as in a running application.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from benchlib import ROOT, TODAY, Result, generate, print_results

#: Issue 3 targets.
ONE, FIFTY = 3.0, 2.0


def _hazards_with_notices(db: Path, n: int) -> list[int]:
    """Up to ``n`` hazards of the demo that each have a notice of their own (for re-prints)."""
    import sqlite3

    from safetydesk.domain.hazards import HazardAction

    with sqlite3.connect(db) as conn:
        return [
            r[0]
            for r in conn.execute(
                "SELECT hazard_id FROM hazard_events WHERE action = ? GROUP BY hazard_id "
                "ORDER BY hazard_id LIMIT ?",
                [HazardAction.ISSUE_NOTICE.value, n],
            )
        ]


def app_font() -> tuple[str, int]:
    """The TrueType file (and subfont index) the app's notice body is printed with."""
    from reportlab.pdfbase import pdfmetrics

    from safetydesk.printing.fonts import ensure_fonts

    face = pdfmetrics.getFont(ensure_fonts().body).face
    index = int(face.subfontNameX.decode().lstrip("-") or 0) if face.subfontNameX else 0
    return str(face.filename), index


def _timed(fn: Any, reps: int) -> list[float]:
    out = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def _worker(args: argparse.Namespace) -> dict[str, Any]:
    """One process's measurements: the first (cold) document, warm singles, warm batches."""
    out = Path(args.out)
    if args.worker == "floor":
        t0 = time.perf_counter()
        import floor_notice

        font = floor_notice.register(args.font, args.subfont)
        floor_notice.build(out / "floor-first.pdf", font)
        cold = time.perf_counter() - t0

        def one(i: int = 0) -> None:
            floor_notice.build(out / f"floor-{i}.pdf", font)
    else:
        from safetydesk.services import Workspace

        today = date.fromisoformat(TODAY)
        ws = Workspace.open(Path(args.db), clock=lambda: today)
        ids = _hazards_with_notices(Path(args.db), args.batch)
        preloaded = "reportlab" in sys.modules
        t0 = time.perf_counter()
        ws.print_jobs.notice([ids[0]], out / "app-first.pdf")
        cold = time.perf_counter() - t0

        def one(i: int = 0) -> None:
            ws.print_jobs.notice([ids[i % len(ids)]], out / f"app-{i}.pdf")

        if preloaded:
            cold = float("nan")  # reportlab came in before the measured region: not cold
    singles = _timed(one, args.reps)
    batches = _timed(lambda: [one(i) for i in range(args.batch)], args.batch_reps)
    return {"cold": cold, "one": statistics.median(singles), "batch": min(batches)}


def notice_benchmarks(
    db: Path, *, rounds: int = 5, reps: int = 15, batch: int = 50
) -> dict[str, Result]:
    """Alternate floor and app worker processes ``rounds`` times; medians of their results."""
    ids = _hazards_with_notices(db, batch)
    if len(ids) < batch:
        raise SystemExit(f"the demo database has only {len(ids)} notices; {batch} are needed")
    font, subfont = app_font()
    runs: dict[str, list[dict[str, Any]]] = {"floor": [], "app": []}
    with tempfile.TemporaryDirectory(prefix="safetydesk-notices-") as tmp:
        for _ in range(rounds):
            for side in ("floor", "app"):
                cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", side,
                       "--db", str(db), "--font", font, "--subfont", str(subfont),
                       "--reps", str(reps), "--batch", str(batch), "--batch-reps", "2",
                       "--out", tmp]  # fmt: skip
                done = subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True, text=True)
                runs[side].append(json.loads(done.stdout.strip().splitlines()[-1]))
    from floor_notice import cjk_count

    print(f"  floor: one A4 page, table of {cjk_count()} CJK characters, font {Path(font).name}"
          f" (subfont {subfont}) embedded; app: re-print of an issued notice (2 pages)")  # fmt: skip

    def med(side: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[side])

    return {
        "notice: one": (med("floor", "one"), med("app", "one"), ONE),
        f"notices: {batch}": (med("floor", "batch"), med("app", "batch"), FIFTY),
        "notice: first, cold": (med("floor", "cold"), med("app", "cold"), None),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="demo township database (generated when missing)")
    ap.add_argument("--rounds", type=int, default=5, help="floor/app process pairs")
    ap.add_argument("--reps", type=int, default=15, help="single documents timed per process")
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--worker", choices=("floor", "app"), help=argparse.SUPPRESS)
    ap.add_argument("--font", help=argparse.SUPPRESS)
    ap.add_argument("--subfont", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--batch-reps", type=int, default=2, help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(_worker(args)))
        return 0
    db = args.db
    if db is None:
        db = Path(tempfile.mkdtemp(prefix="safetydesk-bench-")) / "township.db"
    if not db.exists():
        print(f"  township data generated in {generate(db, 1):.1f} s")
    results = notice_benchmarks(db, rounds=args.rounds, reps=args.reps, batch=args.batch)
    return 1 if print_results("rectification notices", results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
