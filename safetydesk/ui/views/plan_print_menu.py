"""The 一制四案 page's 打印 menu: the forms of ws.plan_prints for the chosen village.

Each entry renders its PDF off the UI thread (``render_and_preview``: a busy dialog, the file
written whole or not at all) and opens the print preview, from which the officer prints or saves.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu, QPushButton, QWidget

if TYPE_CHECKING:
    from safetydesk.services import Workspace
    from safetydesk.ui.context import AppContext
    from safetydesk.ui.dialogs.print_preview import Rendered
    from safetydesk.ui.ops import Op

#: The forms, in menu order: (key, menu text, file-name stem).
FORMS: tuple[tuple[str, str, str], ...] = (
    ("booklet", "一制四案汇编（封面、目录、五项及附件）", "一制四案汇编"),
    ("card", "应急处置卡（每张A4四张，带裁切线）", "应急处置卡"),
    ("baobao", "包保责任表", "包保责任表"),
    ("contacts", "应急通讯录", "应急通讯录"),
    ("mingbai", "防灾避险明白卡（每户一张）", "防灾避险明白卡"),
    ("shelters", "避难场所一览表（全镇）", "避难场所一览表"),
)


def print_button(parent: QWidget, choose: Callable[[str], object]) -> QPushButton:
    """A 打印… button whose menu calls ``choose(key)`` for one of :data:`FORMS`."""
    button = QPushButton("打印…", parent)
    button.setToolTip("打印所选村(社区)的一制四案汇编、处置卡、包保责任表、通讯录、明白卡，或全镇避难场所一览表")
    menu = QMenu(button)
    for key, text, _stem in FORMS:
        action = menu.addAction(text)
        action.setData(key)
    menu.triggered.connect(lambda action: choose(str(action.data())))
    button.setMenu(menu)
    return button


def print_form(
    parent: QWidget, ctx: AppContext, key: str, village_id: int | None, label: str
) -> Op[Rendered]:
    """Render form ``key`` of one village (``shelters``: every shelter) and preview it."""
    from safetydesk.ui.dialogs.print_preview import export_path, render_and_preview

    stem = next(s for k, _t, s in FORMS if k == key)

    def render(ws: Workspace, out: Path) -> Rendered:
        prints = ws.plan_prints
        if key == "shelters":
            return prints.shelters(None, out)[0], ""
        method = getattr(prints, {"card": "cards"}.get(key, key))
        path: Path = method([village_id], out)[0]
        return path, ""

    name = stem if key == "shelters" else f"{label}_{stem}"
    title = stem if key == "shelters" else f"{label}{stem}"
    return render_and_preview(parent, ctx, render, export_path(ctx, name), title)
