"""Structure figures of the package: what the "one shape for records" work set out to change.

Run ``python bench/structure.py [ROOT]`` (ROOT: a checkout, default this one). Prints:

* ``date.fromisoformat``/``datetime.fromisoformat`` calls outside ``storage/`` (dates parsed
  from text above the row mapping);
* SQL statements outside ``storage/``: calls of ``.execute``/``.executemany``/``.executescript``
  and ``.query`` on a database or connection, and uses of ``.conn``;
* import cycles (strongly connected components of the module graph; imports under
  ``if TYPE_CHECKING:`` left out, those inside functions counted);
* the largest modules;
* ``Any`` in ``ui/``: every use of the name, and the ``ctx: Any`` / ``ws: Any`` parameters.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

_DB_NAMES = ("db", "conn", "database", "cursor", "connection")


def _modules(root: Path) -> dict[str, Path]:
    pkg = root / "safetydesk"
    out = {}
    for path in sorted(pkg.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _receiver(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call):
        return _receiver(node.func)
    return ""


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_lines(tree)
    is_pkg = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", 0) in skip:
            continue
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name in modules)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = name.split(".")
                parts = parts if is_pkg else parts[:-1]
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in modules:
                    out.add(sub)
                elif base in modules:
                    out.add(base)
    out.discard(name)
    return out


def cycles(modules: dict[str, Path]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    graph = {m: _imports(m, p, modules) for m, p in modules.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []
    sys.setrecursionlimit(10_000)

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[1]
    modules = _modules(root)
    parse_calls = sql = 0
    for name, path in modules.items():
        if name.startswith("safetydesk.storage"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr == "fromisoformat":
                    parse_calls += 1
                if node.func.attr in ("execute", "executemany", "executescript", "query") and (
                    _receiver(node.func.value).lower().endswith(_DB_NAMES)
                ):
                    sql += 1
    sizes = sorted(((len(p.read_text(encoding="utf-8").splitlines()), n) for n, p in modules.items()),
                   reverse=True)  # fmt: skip
    ui = [p for n, p in modules.items() if n.startswith("safetydesk.ui")]
    any_names = ctx_any = ws_any = 0
    for path in ui:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id == "Any":
                any_names += 1
            if isinstance(node, ast.arg) and node.annotation is not None:
                text = ast.unparse(node.annotation)
                if text == "Any" and node.arg == "ctx":
                    ctx_any += 1
                if text == "Any" and node.arg == "ws":
                    ws_any += 1
    found = cycles(modules)
    print(f"fromisoformat calls outside storage: {parse_calls}")
    print(f"SQL statements outside storage:      {sql}")
    print(f"import cycles:                       {len(found)}")
    for comp in found:
        print("    " + " ↔ ".join(m.removeprefix("safetydesk.") for m in comp))
    print("largest modules:                     " + ", ".join(f"{n.removeprefix('safetydesk.')} {s}" for s, n in sizes[:3]))
    print(f"Any in ui/: {any_names} (ctx: Any {ctx_any}, ws: Any {ws_any})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
