"""避难场所一览表 (B §1.5 ``Shelter``), A4 landscape: the township's own first, then the villages,
with the total capacity at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from safetydesk.printing.forms.plan_tables import ListForm, Section
from safetydesk.printing.forms.plan_tables import render as render_list

TITLE = "应急避难场所一览表"
HEADERS = ("村(社区)", "名称", "类型", "地点", "可容纳人数", "面积(m²)", "管理员及电话", "设施")
WIDTHS_MM = (24, 36, 26, 44, 18, 18, 36, 55)


def render(sections: Sequence[Section], out: Path | BinaryIO, *, issuer: str = "") -> None:
    """Write the list (usually one section holding every shelter) to ``out``."""
    render_list(ListForm(TITLE, HEADERS, WIDTHS_MM, sections, issuer=issuer, wide=True), out)
