"""No import cycles in ``safetydesk/``, and the layer order inside ``safetydesk/ui/``.

The module graph is built from the AST of every module: every ``import`` and ``from … import``,
at module level or inside a function, except those under ``if TYPE_CHECKING:`` (they never run).
Relative imports are resolved, and ``from pkg import name`` points at the submodule
``pkg.name`` when there is one (else at ``pkg``). An import points at the module it names, not
implicitly at that module's parent packages. Cycles are the strongly connected components of
this graph (Tarjan's algorithm, iterative).

Layers inside the GUI (``A ← B``: B may import A)::

    ui root helpers (bus, context, ops, messages, …) ← widgets ← models ← dialogs ← views
        ← main_window, app

so widgets never import models, dialogs or views, dialogs never import views, and nothing
imports main_window or app but app.
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterator
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "safetydesk"
ROOT = PKG.name


#: Rank of each layer inside ``safetydesk.ui``: a module may import only modules of a rank at or
#: below its own.
UI_LAYERS: dict[str, int] = {
    "root": 0,  # safetydesk.ui.bus, .context, .ops, .messages, .state, .fonts, .collector
    "widgets": 1,
    "models": 2,
    "dialogs": 3,
    "views": 4,
    "shell": 5,  # safetydesk.ui.main_window, safetydesk.ui.app
}
_SHELL = {"main_window", "app"}


def _module_name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PKG.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def _import_nodes(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import node, skipping the bodies of ``if TYPE_CHECKING:`` (not their else)."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
            continue
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def _targets(name: str, is_package: bool, node: ast.Import | ast.ImportFrom,
             known: set[str]) -> set[str]:  # fmt: skip
    """The safetydesk modules one import node points at."""
    if isinstance(node, ast.Import):
        return {a.name for a in node.names if a.name in known}
    if node.level:
        package = name if is_package else name.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{node.module}" if node.module else package
    else:
        base = node.module or ""
    out: set[str] = set()
    for alias in node.names:
        sub = f"{base}.{alias.name}"
        if sub in known:
            out.add(sub)
        elif base in known:
            out.add(base)
    return out


def import_graph() -> dict[str, set[str]]:
    """Module → the safetydesk modules it imports (outside ``if TYPE_CHECKING:``)."""
    modules = _modules()
    known = set(modules)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        is_package = path.name == "__init__.py"
        edges: set[str] = set()
        for node in _import_nodes(tree):
            edges |= _targets(name, is_package, node, known)
        edges.discard(name)
        graph[name] = edges
    return graph


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, iteratively (no recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return components


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The components that are cycles (more than one module), sorted."""
    return sorted(c for c in strongly_connected(graph) if len(c) > 1)


def example_cycle(graph: dict[str, set[str]], component: list[str]) -> list[str]:
    """One shortest cycle through the component's first module, for the failure message."""
    members = set(component)
    start = component[0]
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in sorted(graph[node] & members):
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [*reversed(path), start]
            if nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    return component  # pragma: no cover - a component always has a cycle through each member


def _describe(graph: dict[str, set[str]], component: list[str]) -> str:
    return (
        f"{len(component)} modules: {', '.join(component)}\n"
        f"    e.g. {' → '.join(example_cycle(graph, component))}"
    )


def ui_layer(module: str) -> str | None:
    """Layer of a module of ``safetydesk.ui`` (None outside the GUI package)."""
    parts = module.split(".")
    if parts[:2] != [ROOT, "ui"]:
        return None
    if len(parts) == 2:
        return "root"
    if parts[2] in UI_LAYERS and len(parts) > 3:
        return parts[2]
    if parts[2] in _SHELL:
        return "shell"
    if parts[2] in UI_LAYERS:
        return parts[2]  # the subpackage's __init__
    return "root"


# -- the checker itself ---------------------------------------------------------------------------


def test_the_checker_finds_cycles_and_resolves_imports() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert example_cycle(graph, ["a", "b", "c"]) == ["a", "b", "c", "a"]
    known = {"safetydesk.ui", "safetydesk.ui.ops", "safetydesk.ui.views", "safetydesk.ui.messages"}
    tree = ast.parse(
        "from . import ops, nothing\n"
        "from .. import ui\n"
        "import safetydesk.ui.ops\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from safetydesk.ui.views import x\n"
        "else:\n"
        "    pass\n"
        "def f():\n"
        "    from safetydesk.ui import messages\n"
    )
    found: set[str] = set()
    for node in _import_nodes(tree):
        found |= _targets("safetydesk.ui.app", False, node, known)
    assert found == {"safetydesk.ui", "safetydesk.ui.ops", "safetydesk.ui.messages"}
    assert ui_layer("safetydesk.ui.widgets.filters") == "widgets"
    assert ui_layer("safetydesk.ui.main_window") == "shell"
    assert ui_layer("safetydesk.ui.ops") == "root"
    assert ui_layer("safetydesk.services") is None


# -- the package ----------------------------------------------------------------------------------


def test_no_import_cycles_in_the_gui() -> None:
    graph = import_graph()
    found = [c for c in cycles(graph) if any(m.startswith(f"{ROOT}.ui") for m in c)]
    assert not found, "import cycles in safetydesk/ui/:\n" + "\n".join(
        _describe(graph, c) for c in found
    )


def test_no_import_cycles() -> None:
    graph = import_graph()
    found = cycles(graph)
    assert not found, "import cycles:\n" + "\n".join(_describe(graph, c) for c in found)


def test_gui_layers_import_downwards() -> None:
    graph = import_graph()
    wrong = []
    for module, imported in sorted(graph.items()):
        layer = ui_layer(module)
        if layer is None:
            continue
        for target in sorted(imported):
            target_layer = ui_layer(target)
            if target_layer is not None and UI_LAYERS[target_layer] > UI_LAYERS[layer]:
                wrong.append(f"{module} ({layer}) imports {target} ({target_layer})")
    assert not wrong, "a lower GUI layer imports a higher one:\n" + "\n".join(wrong)


def test_only_app_imports_the_main_window() -> None:
    graph = import_graph()
    importers = sorted(m for m, imported in graph.items()
                       if f"{ROOT}.ui.main_window" in imported)  # fmt: skip
    assert importers == [f"{ROOT}.ui.app"]
