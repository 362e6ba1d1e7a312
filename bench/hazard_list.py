"""Hazard list at county scale: the 隐患 list's model, table and page against bare floors.

The list is what the 隐患整改 page shows: a :class:`SqlTableModel` over ``ws.hazards`` (through
the page's list source, columns and row tint from ``ui/models/hazard_columns.py``). Opening is
timed twice: the model in a bare QTableView set up like the page's table ("table"), and the
whole 隐患整改 page to the first paint of its list ("page": filter bar, counts, details panel;
only when the build has the page). The other operations run on the page's list (or the
table's). Each operation is timed to the repaint that shows its result; its floor is the bare
SQL query returning the same ordered ids (checked: same count) on a plain ``sqlite3``
connection (for the text filter, as for the unit list, the bare FTS query), or, for scrolling, a
bare QTableView painting the same text. Floor and app runs alternate.

Targets are the foundation issue's list targets: opening, resetting, filtering and sorting
≤ 2.5× (the same work as opening: ids from SQL, model reset, repaint), text filter ≤ 4×,
scrolling ≤ 2.5×.
"""

from __future__ import annotations

import sqlite3
import statistics
from datetime import date
from pathlib import Path
from typing import Any

from benchlib import TODAY, Painted, Result, paired, scroll_benchmarks

#: Foundation-issue list targets.
OPEN, TEXT, SCROLL = 2.5, 4.0, 2.5
_ACTIVE = "archived_at IS NULL"
_DEFAULT_ORDER = "ORDER BY found_on DESC, code DESC, id"
_OPEN_STATES = ("整改中", "待复查", "已登记")


def _floor_sql(village_id: int) -> dict[str, tuple[str, list[Any]]]:
    """Bare SQL of each list operation (what HazardStore.list_ids runs)."""
    open_marks = ",".join("?" * len(_OPEN_STATES))
    return {
        "default": (f"SELECT id FROM hazards WHERE {_ACTIVE} {_DEFAULT_ORDER}", []),
        "state": (f"SELECT id FROM hazards WHERE {_ACTIVE} AND state IN (?) {_DEFAULT_ORDER}",
                  ["整改中"]),
        "overdue": (f"SELECT id FROM hazards WHERE {_ACTIVE} AND state IN ({open_marks}) AND "
                    f"due_on IS NOT NULL AND due_on < ? {_DEFAULT_ORDER}", [*_OPEN_STATES, TODAY]),
        "level": (f"SELECT id FROM hazards WHERE {_ACTIVE} AND level = ? {_DEFAULT_ORDER}",
                  ["重大"]),
        "village": (f"SELECT id FROM hazards WHERE {_ACTIVE} AND village_id = ? {_DEFAULT_ORDER}",
                    [village_id]),
        # As for the unit list: the bare FTS query (no join, no order).
        "text": ("SELECT rowid FROM hazards_fts WHERE hazards_fts MATCH ?", []),
        "due": (f"SELECT id FROM hazards WHERE {_ACTIVE} ORDER BY due_on, id", []),
    }  # fmt: skip


def _plan_notes(conn: sqlite3.Connection, sql: str, params: list[Any]) -> str:
    """Short query-plan notes: full scans and temporary sort trees."""
    notes = []
    for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params):
        detail = row[3]
        if detail == "SCAN hazards" or detail.startswith("SCAN hazards "):
            notes.append("reads every row" + (" in index order" if "INDEX" in detail else ""))
        if "TEMP B-TREE" in detail:
            notes.append("sort " + ("(partly)" if "RIGHT PART" in detail else "(all rows)"))
    return ", ".join(notes) or "index only"


def _list_widget(ws: Any, query: Any) -> tuple[Any, Any]:
    """The hazard list's model in a QTableView set up like the register pages' tables."""
    from PySide6.QtWidgets import QHeaderView, QTableView

    from safetydesk.ui.models.hazard_columns import (
        HazardListSource,
        HazardLookups,
        hazard_columns,
        hazard_row_background,
    )
    from safetydesk.ui.models.sql_table import SqlTableModel

    lookups = HazardLookups(ws)
    model = SqlTableModel(HazardListSource(ws, lookups), hazard_columns(lookups), query)
    model.row_background = hazard_row_background(lookups)
    view = QTableView()
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    vh = view.verticalHeader()
    vh.hide()
    vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vh.setDefaultSectionSize(view.fontMetrics().height() + 12)
    view.horizontalHeader().setStretchLastSection(True)
    em = view.fontMetrics().horizontalAdvance("中")
    for i, col in enumerate(model.columns):
        view.setColumnWidth(i, round(col.width * em) + 18)
    view.resize(1280, 760)
    return model, view


def _page_class() -> Any:
    """The 隐患整改 page class, or None in a build that has no such page yet."""
    try:
        from safetydesk.ui.views.hazards_page import HazardsPage
    except ImportError:
        return None
    return HazardsPage


def hazard_list_benchmarks(
    db: Path, runs: int, *, text: str = "上伏示例旅店", broad: str = "灭火器"
) -> dict[str, Result]:
    """Time the hazard list's operations against their floors; prints the row counts."""
    from PySide6.QtWidgets import QApplication

    from safetydesk.domain.queries import HazardQuery
    from safetydesk.services import Workspace
    from safetydesk.storage.search import fts_query
    from safetydesk.ui.bus import AppBus
    from safetydesk.ui.context import AppContext
    from safetydesk.ui.fonts import setup_fonts

    app = QApplication.instance() or QApplication([])
    setup_fonts(app)
    today = date.fromisoformat(TODAY)
    ws = Workspace.open(db, clock=lambda: today)
    conn = sqlite3.connect(db)
    village_id = conn.execute("SELECT id FROM villages WHERE name = '上伏村'").fetchone()[0]
    sqls = _floor_sql(village_id)
    default_sql, _ = sqls["default"]
    [r[0] for r in conn.execute(default_sql)]  # warm the OS cache for floor and app alike

    def floor_fn(key: str, *extra: Any) -> tuple[Any, int, str]:
        """The bare query of ``key`` as a callable, its row count and its plan notes."""
        sql, params = sqls[key]
        params = [*params, *extra]
        rows = len(conn.execute(sql, params).fetchall())
        return (
            (lambda: [r[0] for r in conn.execute(sql, params)]),
            rows,
            _plan_notes(conn, sql, params),
        )

    results: dict[str, Result] = {}
    notes: list[str] = []

    # -- list open: model + table to first paint, then the whole 隐患整改 page ---------------------
    opened: list[tuple[Any, Any, Any, Any]] = []  # (top widget, model, table, paint counter)

    def open_table() -> None:
        model, view = _list_widget(ws, HazardQuery())
        painted = Painted(view.viewport())
        view.show()
        painted.wait(app)
        opened.append((view, model, view, painted))

    def open_page() -> None:
        page = page_class(ctx)
        page.resize(1280, 760)
        painted = Painted(page.table.viewport())
        page.show()
        painted.wait(app)
        opened.append((page, page.model, page.table, painted))

    def close_old() -> None:
        while opened:
            top = opened.pop()[0]
            top.close()
            top.deleteLater()
        app.processEvents()

    default_floor, n_open, plan = floor_fn("default")
    f_t, a_t = paired(default_floor, open_table, runs, setup=close_old)
    results["list open (table)"] = (f_t, a_t, OPEN)
    notes.append(
        f"list open (table): {opened[-1][1].rowCount():,} rows (floor {n_open:,}); plan: {plan}"
    )
    page_class = _page_class()
    if page_class is not None:
        ctx = AppContext(workspace=ws, bus=AppBus())
        floors, apps = [], []
        for _ in range(runs):  # fewer when one open takes seconds
            close_old()
            f_t, a_t = paired(default_floor, open_page, 1)
            floors.append(f_t)
            apps.append(a_t)
            if a_t > 5:
                break
        results["list open (page)"] = (statistics.median(floors), statistics.median(apps), OPEN)
        notes.append(f"list open (page): 隐患整改 page to first paint, {len(apps)} run(s)")
    _top, model, view, painted = opened[-1]

    def show(query: Any) -> None:
        before = painted.count
        model.set_query(query)
        painted.wait(app, before)

    # -- filters (each from the full list) --------------------------------------------------------
    filters: list[tuple[str, str, Any, tuple[Any, ...], float]] = [
        ("filter: state 整改中", "state", HazardQuery(states=("整改中",)), (), OPEN),
        ("filter: overdue", "overdue", HazardQuery(overdue_on=date.fromisoformat(TODAY)), (), OPEN),
        ("filter: level 重大", "level", HazardQuery(level="重大"), (), OPEN),
        ("filter: village 上伏村", "village", HazardQuery(village_id=village_id), (), OPEN),
        (f"text filter {text}", "text", HazardQuery(text=text), (fts_query(text),), TEXT),
        (f"text filter {broad}", "text", HazardQuery(text=broad), (fts_query(broad),), TEXT),
    ]
    for name, key, query, extra, target in filters:
        fn, n, plan = floor_fn(key, *extra)
        f_t, a_t = paired(fn, lambda q=query: show(q), runs, setup=lambda: show(HazardQuery()))
        results[name] = (f_t, a_t, target)
        notes.append(f"{name}: {model.rowCount():,} rows (floor {n:,}); plan: {plan}")

    # -- sort by due date (a header click: model.sort), and reset from a filter ------------------
    due_col = next(i for i, c in enumerate(model.columns) if c.sort_key == "due")

    def sort_due() -> None:
        before = painted.count
        model.sort(due_col)
        painted.wait(app, before)

    fn, n, plan = floor_fn("due")
    f_t, a_t = paired(fn, sort_due, runs, setup=lambda: show(HazardQuery()))
    results["sort: due date"] = (f_t, a_t, OPEN)
    notes.append(f"sort: due date: {model.rowCount():,} rows (floor {n:,}); plan: {plan}")
    f_t, a_t = paired(default_floor, lambda: show(HazardQuery()), runs,
                      setup=lambda: show(HazardQuery(overdue_on=date.fromisoformat(TODAY))))  # fmt: skip
    results["reset (overdue → all)"] = (f_t, a_t, OPEN)

    # -- scrolling ------------------------------------------------------------------------------
    for name, (f_t, a_t) in scroll_benchmarks(app, view, runs).items():
        results[name] = (f_t, a_t, SCROLL)
    print("  hazard list rows, and query plans of the floor SQL:")
    for line in notes:
        print("    " + line)
    close_old()
    conn.close()
    ws.close()
    return results
