"""Import rules of ARCHITECTURE.md §8.2, checked on the AST of every module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "safetydesk"
MODULES = sorted(PKG.rglob("*.py"))


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(module name, at top level?) of every import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(n) for n in tree.body}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, id(node) in top) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.module, id(node) in top))
    return out


def _layer(path: Path) -> str:
    rel = path.relative_to(PKG)
    return rel.parts[0].removesuffix(".py") if len(rel.parts) > 1 else rel.stem


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PKG)))
def test_import_rules(path: Path) -> None:
    layer = _layer(path)
    for name, _top in _imports(path):
        root = name.split(".")[0]
        if layer != "ui":
            assert root not in ("PySide6", "shiboken6"), f"Qt imported outside ui/: {name}"
        if name.startswith("safetydesk.ui"):
            assert layer in ("ui", "app"), f"{path.name} imports the GUI package"
        if layer == "domain":
            assert root not in ("sqlite_utils", "reportlab", "openpyxl") and not (
                name.startswith("safetydesk.") and not name.startswith(("safetydesk.domain", "safetydesk.errors"))
            ), f"domain imports {name}"
        if layer == "storage":
            assert not name.startswith(("safetydesk.services", "safetydesk.printing")), name
        if layer == "ui":
            assert root != "sqlite_utils" and not name.startswith("safetydesk.storage"), (
                f"ui must call services, not storage: {name}"
            )
        if root == "reportlab":
            assert layer == "printing", f"reportlab outside printing/: {path}"


def test_app_imports_ui_lazily() -> None:
    app = PKG / "app.py"
    if not app.exists():
        pytest.skip("no GUI entry yet")
    for name, top in _imports(app):
        if name.startswith("safetydesk.ui") or name.startswith("PySide6"):
            assert not top, "app.py must import the GUI inside main(), not at module level"


def test_cli_does_not_load_qt() -> None:
    import subprocess
    import sys

    code = (
        "import sys, safetydesk.cli, safetydesk.services;"
        "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
