"""CJK fonts for printed forms: system 仿宋/黑体/宋体 when present, else the bundled font.

Every font is a TrueType font embedded (subset) in the PDF, so forms print the same everywhere.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from safetydesk import paths

#: The bundled fallback (WenQuanYi Micro Hei, Apache-2.0).
BUNDLED = "fonts/wqy-microhei.ttc"


@dataclass(frozen=True, slots=True)
class FormFonts:
    """Registered font names: body (仿宋), title (黑体/小标宋), table (宋体)."""

    body: str
    title: str
    table: str


def _system_dirs() -> list[Path]:
    if sys.platform == "win32":
        return [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    return [Path("/usr/share/fonts"), Path.home() / ".fonts", Path("/Library/Fonts")]


def _find(*names: str) -> Path | None:
    for folder in _system_dirs():
        for name in names:
            hit = folder / name
            if hit.exists():
                return hit
    return None


_REGISTERED: FormFonts | None = None


def ensure_fonts() -> FormFonts:
    """Register the form fonts once and return their names."""
    global _REGISTERED  # noqa: PLW0603 - one registration per process, like reportlab's own registry
    if _REGISTERED is not None:
        return _REGISTERED
    bundled = paths.resource(BUNDLED)
    pdfmetrics.registerFont(TTFont("SD-Bundled", str(bundled), subfontIndex=0))
    chosen: dict[str, str] = {}
    for role, candidates in (
        ("body", ("simfang.ttf", "SIMFANG.TTF")),
        ("title", ("simhei.ttf", "SIMHEI.TTF")),
        ("table", ("simsun.ttc", "SIMSUN.TTC")),
    ):
        found = _find(*candidates)
        name = "SD-Bundled"
        if found is not None:
            try:
                pdfmetrics.registerFont(TTFont(f"SD-{role}", str(found), subfontIndex=0))
                name = f"SD-{role}"
            except Exception:  # noqa: BLE001 - a broken or CFF system font: fall back silently
                name = "SD-Bundled"
        chosen[role] = name
    _REGISTERED = FormFonts(**chosen)
    return _REGISTERED
