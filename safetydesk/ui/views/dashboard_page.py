"""工作台: the township at a glance (register counts) and what to do next.

Counts come from the services (``ws.villages.count()`` …). The page refreshes when the registers
or the settings change; hints carry a link that asks the main window to switch pages
(:attr:`DashboardPage.navigate_requested`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.common import UnitType
from safetydesk.services.changes import Changes, Topic
from safetydesk.ui.context import AppContext
from safetydesk.ui.widgets.layout import bold, scroll_body

#: Topics whose changes refresh the page.
TOPICS = (Topic.VILLAGES, Topic.UNITS, Topic.PEOPLE, Topic.SETTINGS)
_WEEKDAYS = "一二三四五六日"
_CARD_STYLE = (
    "QFrame#card { background: palette(base); border: 1px solid palette(mid); border-radius: 6px; }"
)


@dataclass(frozen=True, slots=True)
class Hint:
    """One 下一步 suggestion: text, and the page that helps (None for none)."""

    text: str
    page: str | None = None
    link: str = ""


class _CountCard(QFrame):
    """A card with a caption and a big number; clicking 查看 opens the register."""

    def __init__(self, caption: str, page: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setStyleSheet(_CARD_STYLE)
        self.page = page
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(4)
        self.caption = QLabel(caption)
        self.number = bold(QLabel("0"), 12)
        self.detail = QLabel()
        self.detail.setStyleSheet("color: palette(placeholder-text);")
        self.detail.setWordWrap(True)
        self.open_button = QPushButton("查看")
        self.open_button.setFlat(True)
        self.open_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.open_button.setStyleSheet("color: palette(link); text-align: left; padding: 0;")
        layout.addWidget(self.caption)
        layout.addWidget(self.number)
        layout.addWidget(self.detail)
        layout.addStretch(1)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.setMinimumWidth(200)


class DashboardPage(QWidget):
    """The 工作台 page.

    Args:
        ctx: Application context.
        parent: Parent widget.
    """

    #: Asks the main window to show another page (its key).
    navigate_requested = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = scroll_body(self)

        self.township_label = bold(QLabel(), 8)
        self.subtitle_label = QLabel()
        self.subtitle_label.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.township_label)
        layout.addWidget(self.subtitle_label)

        cards = QHBoxLayout()
        cards.setSpacing(14)
        self.villages_card = _CountCard("村(社区)", "villages")
        self.units_card = _CountCard("单位场所", "units")
        self.people_card = _CountCard("人员", "people")
        for card in (self.villages_card, self.units_card, self.people_card):
            cards.addWidget(card)
            card.open_button.clicked.connect(
                lambda _=False, page=card.page: self.navigate_requested.emit(page)
            )
        cards.addStretch(1)
        layout.addLayout(cards)

        layout.addSpacing(6)
        layout.addWidget(bold(QLabel("单位场所分类"), 2))
        self.types_grid = QGridLayout()
        self.types_grid.setHorizontalSpacing(28)
        self.types_grid.setVerticalSpacing(6)
        self.types_empty = QLabel("尚未登记单位场所。")
        self.types_empty.setStyleSheet("color: palette(placeholder-text);")
        layout.addLayout(self.types_grid)
        layout.addWidget(self.types_empty)

        layout.addSpacing(6)
        layout.addWidget(bold(QLabel("下一步"), 2))
        self.hints_layout = QVBoxLayout()
        self.hints_layout.setSpacing(6)
        layout.addLayout(self.hints_layout)
        layout.addStretch(1)

        self.unit_counts: dict[str, int] = {}
        self.hints: list[Hint] = []
        ctx.bus.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*TOPICS):
            self.refresh()

    def refresh(self) -> None:
        """Read the counts again and rebuild the page's content."""
        ws = self.ctx.workspace
        township = ws.settings.township()
        self.township_label.setText(township.name or "未设置乡镇(街道)")
        today = ws.clock()
        date_text = f"{today.year}年{today.month}月{today.day}日 星期{_WEEKDAYS[today.weekday()]}"
        parts = [p for p in (township.county, township.office_name, date_text) if p]
        self.subtitle_label.setText("　·　".join(parts))

        villages = ws.villages.count()
        by_type = ws.units.count_by_type()
        units = sum(by_type.values())
        people = ws.people.count()
        self.unit_counts = {t.value: n for t in UnitType if (n := by_type.get(t.value, 0))}
        self.villages_card.number.setText(str(villages))
        self.villages_card.detail.setText("在册村(社区)")
        self.units_card.number.setText(str(units))
        self.units_card.detail.setText(f"共 {len(self.unit_counts)} 类" if units else "尚未登记")
        self.people_card.number.setText(str(people))
        self.people_card.detail.setText("镇村干部、网格员等")
        self._fill_types()

        self.hints = self._make_hints(villages, units, people, bool(township.office_phone))
        self._fill_hints()

    def _fill_types(self) -> None:
        while self.types_grid.count():
            item = self.types_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        columns = 3
        order = {t.value: i for i, t in enumerate(UnitType)}
        ordered = sorted(self.unit_counts.items(), key=lambda kv: (-kv[1], order[kv[0]]))
        for i, (name, n) in enumerate(ordered):
            row, col = divmod(i, columns)
            name_label = QLabel(name)
            count_label = QLabel(str(n))
            count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            count_label.setMinimumWidth(36)
            self.types_grid.addWidget(name_label, row, col * 2)
            self.types_grid.addWidget(count_label, row, col * 2 + 1)
        self.types_grid.setColumnStretch(columns * 2, 1)
        self.types_empty.setVisible(not ordered)

    @staticmethod
    def _make_hints(villages: int, units: int, people: int, has_phone: bool) -> list[Hint]:
        hints: list[Hint] = []
        if not villages:
            hints.append(
                Hint(
                    "在“村(社区)”中登记本乡镇所辖的村(社区)，或从 Excel 导入。",
                    "villages",
                    "前往村(社区)",
                )
            )
        if not units:
            hints.append(Hint("在“单位场所”中登记或从 Excel 导入。", "units", "前往单位场所"))
        if not people:
            hints.append(
                Hint(
                    "在“人员”中登记镇村干部和网格员的联系方式，或从 Excel 导入。",
                    "people",
                    "前往人员",
                )
            )
        if not has_phone:
            hints.append(
                Hint("在“设置”中填写办公电话，它会印在整改通知书上。", "settings", "前往设置")
            )
        if not hints:
            hints.append(
                Hint(
                    "基础台账已建立。后续版本将在这里列出待办事项：到期的整改、待复查的隐患和本月月报。"
                )
            )
        return hints

    def _fill_hints(self) -> None:
        while self.hints_layout.count():
            item = self.hints_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for hint in self.hints:
            text = f"•&nbsp;&nbsp;{html.escape(hint.text)}"
            if hint.page:
                text += f'&nbsp;&nbsp;<a href="{hint.page}">{html.escape(hint.link)}</a>'
            label = QLabel(text)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setMaximumWidth(900)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
            label.linkActivated.connect(self.navigate_requested.emit)
            self.hints_layout.addWidget(label)
