"""Every resource the code names exists, and the bundled font is a usable TrueType collection."""

from __future__ import annotations

import re
from pathlib import Path

from safetydesk import paths

ROOT = Path(__file__).resolve().parents[1]


def test_named_resources_exist() -> None:
    named = set()
    pattern = re.compile(r"[\"']((?:fonts|icons|forms|qss|samples)/[\w./-]+)[\"']")
    for py in (ROOT / "safetydesk").rglob("*.py"):
        named |= set(pattern.findall(py.read_text(encoding="utf-8")))
    assert named, "the code names no resources?"
    missing = [n for n in named if not paths.resource(n).exists()]
    assert missing == []


def test_font_is_truetype_with_licence() -> None:
    font = paths.resource("fonts/wqy-microhei.ttc")
    assert font.read_bytes()[:4] == b"ttcf"  # TrueType collection (glyf outlines, not CFF)
    assert paths.resource("fonts/LICENSE-Apache-2.0.txt").exists()


def test_body_font_is_truetype_kai_with_licence() -> None:
    """The shipped body font is a TrueType collection (reportlab cannot embed CFF) with its licence."""
    font = paths.resource("fonts/ukai.ttc")
    assert font.read_bytes()[:4] == b"ttcf"
    licence = paths.resource("fonts/COPYRIGHT-arphic-ukai.txt").read_text(encoding="utf-8")
    assert "ARPHIC PUBLIC LICENSE" in licence
