"""SQL lives in ``storage/`` only (ARCHITECTURE.md §8.1), checked on the AST of every other module.

Outside ``storage/`` a module may hold a database handle, pass it to a store and open a
transaction on it (``db.atomic()``), or close it; nothing else. The checker flags:

- ``import sqlite3`` and any import of ``sqlite_utils``, except ``from sqlite_utils import
  Database`` inside ``if TYPE_CHECKING:`` (the class as an annotation);
- any ``.conn`` and any ``.executemany`` / ``.executescript``;
- ``.execute``, ``.query`` and ``.cursor`` on a connection-like name (``conn``, ``connection``,
  ``cursor``, ``cur`` or ``…_conn``/``…_cursor``);
- on a database-like name (``db``, ``database``, ``…_db``, ``…_database``, also as an attribute:
  ``ws.db``): every attribute but ``atomic`` and ``close`` (``db.execute``, ``db.query``,
  ``db.table``, ``db.tables`` …), and subscripts (``db["units"]``).

Names are matched exactly, so ``self.filters.query()``, ``HazardQuery`` or ``QFontDatabase`` are
not database handles.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "safetydesk"
#: Every module outside storage/, by path relative to the package.
MODULES = sorted(
    p.relative_to(PKG).as_posix() for p in PKG.rglob("*.py") if p.relative_to(PKG).parts[0] != "storage"
)


#: What a database handle may do outside storage/.
DB_ATTRIBUTES = frozenset({"atomic", "close"})
#: Attributes that only connections and cursors have.
ALWAYS_SQL = frozenset({"conn", "executemany", "executescript"})
#: Statement methods flagged on a connection-like receiver.
CONN_METHODS = frozenset({"execute", "query", "cursor"})


def _last_name(node: ast.expr) -> str | None:
    """The name an expression ends in: ``db`` of ``db``, ``self.ws.db`` and ``get_db()``."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _is_db(node: ast.expr) -> bool:
    name = _last_name(node)
    return name is not None and (
        name in ("db", "database") or name.endswith(("_db", "_database"))
    )


def _is_conn(node: ast.expr) -> bool:
    name = _last_name(node)
    return name is not None and (
        name in ("conn", "connection", "cursor", "cur") or name.endswith(("_conn", "_cursor"))
    )


def _type_checking_nodes(tree: ast.Module) -> set[int]:
    """Ids of the nodes inside ``if TYPE_CHECKING:`` (or ``typing.TYPE_CHECKING``) bodies."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _last_name(node.test) == "TYPE_CHECKING":
            for child in node.body:
                out.update(id(n) for n in ast.walk(child))
    return out


def violations(source: str) -> list[tuple[int, str]]:
    """(line, what) of every use of SQL or of a connection in a module's source."""
    tree = ast.parse(source)
    typing_only = _type_checking_nodes(tree)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in ("sqlite3", "sqlite_utils"):
                    found.append((node.lineno, f"import {alias.name}"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            root = node.module.split(".")[0]
            if root not in ("sqlite3", "sqlite_utils"):
                continue
            names = [a.name for a in node.names]
            if node.module == "sqlite_utils" and names == ["Database"] and id(node) in typing_only:
                continue
            found.append((node.lineno, f"from {node.module} import {', '.join(names)}"))
        elif isinstance(node, ast.Attribute):
            if node.attr in ALWAYS_SQL:
                found.append((node.lineno, f".{node.attr}"))
            elif (_is_db(node.value) and node.attr not in DB_ATTRIBUTES) or (
                node.attr in CONN_METHODS and _is_conn(node.value)
            ):
                found.append((node.lineno, f"{_last_name(node.value)}.{node.attr}"))
        elif isinstance(node, ast.Subscript) and _is_db(node.value):
            found.append((node.lineno, f"{_last_name(node.value)}[…]"))
    return sorted(found)


@pytest.mark.parametrize("rel", MODULES)
def test_module_runs_no_sql(rel: str) -> None:
    source = (PKG / rel).read_text(encoding="utf-8")
    found = violations(source)
    assert not found, f"SQL outside storage/ in {rel}: " + "; ".join(
        f"line {line}: {what}" for line, what in found
    ) + " — add a method to the right store in safetydesk/storage/ instead"


# -- the checker itself ----------------------------------------------------------------------------

FLAGGED = {
    "conn attribute": "rows = self.db.conn.execute('SELECT 1')",
    "conn of a workspace": "c = ws.db.conn",
    "executemany": "cur.executemany('INSERT INTO t VALUES (?)', rows)",
    "executescript": "thing.executescript('DROP TABLE t')",
    "db.execute": "db.execute('DELETE FROM t')",
    "ws.db.execute": "ws.db.execute('SELECT 1')",
    "self._db.query": "list(self._db.query('SELECT 1'))",
    "database.query": "database.query('SELECT 1')",
    "db.table": "ws.db.table('units').insert({})",
    "db.tables": "names = ws.db.tables",
    "db subscript": "ws.db['units'].insert({})",
    "main_db subscript": "main_db['units'].count",
    "conn.execute": "conn.execute('SELECT 1')",
    "connection.cursor": "connection.cursor()",
    "cursor.execute": "cursor.execute('SELECT 1')",
    "import sqlite3": "import sqlite3",
    "from sqlite3": "from sqlite3 import connect",
    "import sqlite_utils": "import sqlite_utils",
    "sqlite_utils at run time": "from sqlite_utils import Database",
    "more than the type": (
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
        "    from sqlite_utils import Database, Table\n"
    ),
    "sqlite_utils submodule": "from sqlite_utils.db import Table",
}

CLEAN = {
    "transaction": "with self.db.atomic():\n    store.insert(rec)",
    "close": "ws.db.close()",
    "passing the handle": "store = UnitStore(ws.db)\nservice = Service(self.db, clock)",
    "a list query": "q = self.filters.query()\nq2 = self.filters.query(model.query.order_by)",
    "query classes": "q = HazardQuery(text='x')\nx = model.query",
    "Qt font database": "QFontDatabase.families()\nQFontDatabase.addApplicationFont(path)",
    "executor": "self._executor.submit(fn)\nexecute_later(fn)",
    "db paths": "path = paths.db_path(args.db, args.data_dir)",
    "a db argument": "def f(db: Database) -> None:\n    g(db)",
    "type only": (
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from sqlite_utils import Database\n"
    ),
    "typing.TYPE_CHECKING": "import typing\nif typing.TYPE_CHECKING:\n    from sqlite_utils import Database\n",
    "dict subscript": "rows['units']\nself.dbs[0]",
}


@pytest.mark.parametrize("source", FLAGGED.values(), ids=FLAGGED.keys())
def test_checker_flags(source: str) -> None:
    assert violations(source)


@pytest.mark.parametrize("source", CLEAN.values(), ids=CLEAN.keys())
def test_checker_passes(source: str) -> None:
    assert violations(source) == []


def test_checker_reports_lines() -> None:
    source = "x = 1\nrows = ws.db.conn.execute('SELECT 1')\nwith ws.db.atomic():\n    db['t']\n"
    assert violations(source) == [(2, ".conn"), (2, "conn.execute"), (4, "db[…]")]
