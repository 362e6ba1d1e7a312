"""包保责任表 of a 村(社区) (B §1.2 ``BaobaoAssignment``), A4 landscape.

Grouped by level in chain order (县包乡 → 乡包村 → 村包组 → 组包户 → 党员/网格员包人), each level a
grey heading row, then the assignments in call order; the header repeats on every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from safetydesk.printing.forms.plan_tables import ListForm, Section
from safetydesk.printing.forms.plan_tables import render as render_list

TITLE = "突发事件应急包保责任表"
HEADERS = ("层级", "包保责任人", "职务", "手机", "备用电话", "包保对象", "包保灾种", "叫应顺序",
           "上级责任人")  # fmt: skip
WIDTHS_MM = (24, 22, 26, 28, 28, 44, 32, 16, 22)


def render(sections: Sequence[Section], out: Path | BinaryIO, *, issuer: str = "") -> None:
    """Write the 包保责任表 of each section (one village each) to ``out``."""
    render_list(ListForm(TITLE, HEADERS, WIDTHS_MM, sections, issuer=issuer, wide=True), out)
