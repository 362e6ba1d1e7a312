"""应急通讯录 of a 村(社区) (B §1.5 ``Contact``), A4 portrait, by category.

Categories come in the order of ``REQUIRED_CONTACTS`` then the others; a required entry the
village lacks is printed as a grey "（缺）" row, so a paper copy shows the gap.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from safetydesk.printing.forms.plan_tables import ListForm, Section
from safetydesk.printing.forms.plan_tables import render as render_list

TITLE = "应急通讯录"
HEADERS = ("类别", "姓名/单位", "职务", "手机", "座机", "备注")
WIDTHS_MM = (29, 32, 22, 27, 27, 19)
#: What a missing required entry prints in its name cell.
MISSING = "（缺）"


def render(sections: Sequence[Section], out: Path | BinaryIO, *, issuer: str = "") -> None:
    """Write the 通讯录 of each section (one village each) to ``out``."""
    render_list(ListForm(TITLE, HEADERS, WIDTHS_MM, sections, issuer=issuer,
                         note="注：灰底“（缺）”行为必备而尚未登记的联系人，请尽快补齐。"), out)  # fmt: skip
