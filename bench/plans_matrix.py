"""The 一制四案 matrix at county scale: 500 villages × five items, against its SQL floor.

A county database is generated once (``--villages``, default 500): every village gets the five
items with one to three versions each (most in force, some drafts, some past their revision
date, a few never drafted) and zero to two shelters, written with the stores' bulk path.

Measured, each against the same floor, taken in this run on a plain ``sqlite3`` connection —
the bare queries that return what the matrix shows (the active villages in order, the newest
version of every plan with its item, the shelter counts, each village's newest drill):

* "matrix service": ``ws.plans.matrix()`` (typed records, A8 status, cells, totals);
* "matrix filtered": the same with the 逾期未修订 filter;
* "matrix page": the 一制四案 page built and painted for the first time (only when the build has
  the page), against the SQL floor plus a bare QTableView of the same size and text built and
  painted for the first time (a page is widgets as well as data).

Target (issue 10): the matrix opens within 2.5× of its SQL floor at county scale.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from benchlib import Painted, Result, paired

TARGET = 2.5
TODAY = date(2026, 11, 23)

_FLOOR_SQL = (
    "SELECT id, name FROM villages WHERE archived_at IS NULL ORDER BY sort_order, region_code, name, id",
    "SELECT p.village_id, p.kind, v.status, v.version, v.effective_on, v.next_revision_on, "
    "v.revision_reason FROM plan_versions v JOIN plans p ON p.id = v.plan_id "
    "WHERE v.id IN (SELECT max(id) FROM plan_versions GROUP BY plan_id)",
    "SELECT village_id, count(*) FROM shelters GROUP BY village_id",
    "SELECT CASE WHEN organiser_kind = '镇' THEN NULL ELSE village_id END AS v, max(held_on) "
    "FROM drills WHERE organiser_kind IN ('镇', '村(社区)') GROUP BY v",
)


def generate(db: Path, villages: int) -> float:
    """Write a county's villages, plans, versions and shelters into ``db``; returns seconds."""
    from safetydesk.domain.common import Village
    from safetydesk.domain.plans import PlanKind, PlanStatus, PlanVersion, Shelter
    from safetydesk.services import Workspace
    from safetydesk.storage import plans as plan_store
    from safetydesk.storage.registers import VillageStore

    t0 = time.perf_counter()
    rnd = random.Random(10)
    ws = Workspace.open(db, clock=lambda: TODAY)
    try:
        with ws.db.atomic():
            VillageStore(ws.db).bulk_insert(
                Village(name=f"第{i:03d}村", sort_order=i) for i in range(1, villages + 1)
            )
            ids = [v.id for v in ws.villages.list() if v.id is not None]
            versions: list[PlanVersion] = []
            shelters: list[Shelter] = []
            for vid in ids:
                for kind in PlanKind:
                    if rnd.random() < 0.04:
                        continue  # 未编制
                    plan = plan_store.ensure_plan(ws.db, vid, kind)
                    assert plan.id is not None
                    count = rnd.randint(1, 3)
                    # Most items were revised for this year's 汛期; one in ten is a year behind.
                    newest = 2026 if rnd.random() < 0.9 else 2025
                    for n in range(count):
                        year = newest - count + 1 + n
                        effective = date(year, 5, 1) + timedelta(days=rnd.randint(0, 30))
                        versions.append(PlanVersion(
                            None, plan.id, f"{year}年版", effective - timedelta(days=20),
                            status=PlanStatus.RETIRED, adopted_on=effective - timedelta(days=10),
                            reviewed_by="陈卫东", reviewed_on=effective - timedelta(days=5),
                            effective_on=effective, next_revision_on=date(year + 1, 5, 31),
                        ))  # fmt: skip
                    last = versions[-1]
                    roll = rnd.random()
                    status = (PlanStatus.DRAFT if roll < 0.08 else PlanStatus.SUBMITTED
                              if roll < 0.12 else PlanStatus.EFFECTIVE)  # fmt: skip
                    versions[-1] = PlanVersion(**{**_fields(last), "status": status})
                for s in range(rnd.choice((0, 1, 1, 2))):
                    shelters.append(Shelter(None, vid, f"避难场所{s + 1}", "村委会", 300))
            plan_store.VersionStore(ws.db).bulk_insert(versions)
            plan_store.ShelterStore(ws.db).bulk_insert(shelters)
    finally:
        ws.close()
    return time.perf_counter() - t0


def _fields(v: object) -> dict[str, object]:
    import dataclasses

    return {f.name: getattr(v, f.name) for f in dataclasses.fields(v)}  # type: ignore[arg-type]


def _floor(conn: sqlite3.Connection) -> None:
    for sql in _FLOOR_SQL:
        conn.execute(sql).fetchall()


def plans_matrix_benchmarks(db: Path, runs: int) -> dict[str, Result]:
    """The matrix service and page against the bare SQL floor."""
    from safetydesk.services import Workspace

    conn = sqlite3.connect(db)
    _floor(conn)  # warm the OS cache for floor and app alike
    ws = Workspace.open(db, clock=lambda: TODAY)
    results: dict[str, Result] = {}
    m = ws.plans.matrix()
    print(f"  matrix: {len(m.rows)} villages, 应编 {m.totals.required}, 已编 {m.totals.drafted}, "
          f"需修订 {m.totals.needs_revision}, 无避难场所 {m.totals.villages_without_shelter}")  # fmt: skip
    results["matrix service"] = (*paired(lambda: _floor(conn), ws.plans.matrix, runs), TARGET)
    results["matrix filtered"] = (
        *paired(lambda: _floor(conn), lambda: ws.plans.matrix("逾期未修订"), runs), TARGET
    )  # fmt: skip
    page = _page_benchmark(ws, conn, runs)
    if page is not None:
        results["matrix page"] = (*page, TARGET)
    ws.close()
    conn.close()
    return results


def _page_benchmark(ws: object, conn: sqlite3.Connection, runs: int) -> tuple[float, float] | None:
    """First paint of the 一制四案 page against the SQL floor plus a bare table's first paint.

    A page is widgets as well as data: its floor is the bare SQL plus a bare QTableView, in a
    window of the same size, showing the same visible text (40 rows), built and painted for the
    first time. None when the build has no such page.
    """
    try:
        from safetydesk.ui.views.plans_page import PlansPage
    except ModuleNotFoundError:
        return None
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QTableView, QVBoxLayout, QWidget

    from safetydesk.ui.bus import AppBus
    from safetydesk.ui.context import AppContext
    from safetydesk.ui.fonts import setup_fonts

    app = QApplication.instance() or QApplication([])
    setup_fonts(app)
    ctx = AppContext(workspace=ws, bus=AppBus())  # type: ignore[arg-type]
    texts: list[list[str]] = []

    def bare() -> None:
        _floor(conn)
        window = QWidget()
        table = QTableView()
        model = QStandardItemModel(len(texts), len(texts[0]) if texts else 0)
        for r, row in enumerate(texts):
            for c, text in enumerate(row):
                model.setItem(r, c, QStandardItem(text))
        table.setModel(model)
        QVBoxLayout(window).addWidget(table)
        window.resize(1280, 760)
        painted = Painted(table.viewport())
        window.show()
        painted.wait(app)
        window.close()
        window.deleteLater()

    def page() -> None:
        view = PlansPage(ctx)
        view.resize(1280, 760)
        painted = Painted(view.table.viewport())
        view.show()
        painted.wait(app)
        if not texts:
            m = view.table.model()
            texts.extend([[str(m.index(r, c).data() or "") for c in range(m.columnCount())]
                          for r in range(min(40, m.rowCount()))])  # fmt: skip
        view.close()
        view.deleteLater()

    page()  # warm-up (and the visible text the floor shows)
    bare()
    floors, apps = [], []
    for _ in range(runs):  # alternated so both see the same machine state
        for fn, out in ((bare, floors), (page, apps)):
            t0 = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t0)
            app.processEvents()
    return statistics.median(floors), statistics.median(apps)
