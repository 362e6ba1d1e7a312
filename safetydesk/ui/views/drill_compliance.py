"""演练义务 tab of the 应急演练 page: who owes which drill in the year, and what is missing.

Shows ``ws.drills.compliance(year, today)`` — one row per subject, rule and period: 对象, 类别,
要求, 周期, 应完成, 已完成, 缺, 到期日, 状态 — with missing rows in red. Filters: 全部 / 未完成 /
30日内到期 and the subject kind (乡镇 / 村(社区) / 单位); the header line counts the rows of the
chosen kind ("共N项，未完成M项，30日内到期K项"). 演练要求… asks the page to open the rules dialog
(:attr:`ComplianceView.rules_requested`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.drill_rules import ComplianceStatus, DrillRule, Obligation, Period
from safetydesk.domain.drills import SubjectKind
from safetydesk.labels import day_text
from safetydesk.ui.views.drill_records_view import ALERT, Col, RowsModel, setup_rows_table
from safetydesk.ui.widgets.filters import combo_select
from safetydesk.ui.widgets.layout import bold


class StatusFilter(StrEnum):
    """The status filter buttons."""

    ALL = "全部"
    MISSING = "未完成"
    DUE_SOON = "30日内到期"


#: Subject kinds as the filter and the 对象 column name them.
KIND_LABELS: dict[SubjectKind, str] = {
    SubjectKind.TOWNSHIP: "乡镇",
    SubjectKind.VILLAGE: "村(社区)",
    SubjectKind.UNIT: "单位",
}
#: Colour of a status.
STATUS_COLOURS: dict[ComplianceStatus, QColor] = {
    ComplianceStatus.DONE: QColor("#2e7d32"),
    ComplianceStatus.OPEN: QColor("#1565c0"),
    ComplianceStatus.DUE_SOON: QColor("#ef6c00"),
    ComplianceStatus.OVERDUE: ALERT,
}
_PERIOD_WORD = {Period.YEAR: "每年", Period.HALF_YEAR: "每半年", Period.THREE_YEARS: "每3年"}


def matches(o: Obligation, wanted: StatusFilter) -> bool:
    """True when ``o`` is shown under the status filter ``wanted``."""
    if wanted is StatusFilter.MISSING:
        return o.missing > 0
    if wanted is StatusFilter.DUE_SOON:
        return o.status is ComplianceStatus.DUE_SOON
    return True


def category_text(rule: DrillRule) -> str:
    """类别: the unit type (for units) and the drill category, or 不限灾种."""
    what = rule.category.value if rule.category is not None else "不限灾种"
    return f"{rule.unit_type.value}·{what}" if rule.unit_type is not None else what


def requirement_text(rule: DrillRule) -> str:
    """要求: 每半年至少1次（须含实战）…"""
    text = f"{_PERIOD_WORD[rule.period]}至少{rule.min_count}次"
    return f"{text}（须含实战）" if rule.live_required else text


def period_text(o: Obligation) -> str:
    """周期: 2026年, 2026年上半年, 2024–2026年."""
    if o.rule.period is Period.HALF_YEAR:
        return f"{o.due_on.year}年{'上' if o.due_on.month == 6 else '下'}半年"
    if o.rule.period is Period.THREE_YEARS:
        return f"{o.starts_on.year}–{o.due_on.year}年"
    return f"{o.due_on.year}年"


def subject_text(o: Obligation) -> str:
    """对象: the subject's name (with 乡镇 for the township)."""
    return o.subject.name or KIND_LABELS[o.subject.kind]


def _missing_colour(o: Obligation) -> QColor | None:
    return ALERT if o.missing else None


COLUMNS: tuple[Col[Obligation], ...] = (
    Col("对象", subject_text, 12, tip=lambda o: f"{KIND_LABELS[o.subject.kind]}：{o.subject.name}"),
    Col("类别", lambda o: category_text(o.rule), 8),
    Col("要求", lambda o: requirement_text(o.rule), 12, tip=lambda o: o.rule.basis or requirement_text(o.rule)),
    Col("周期", period_text, 7, sort=lambda o: (o.starts_on, o.due_on)),
    Col("应完成", lambda o: str(o.required), 3.5, align="right", sort=lambda o: o.required),
    Col("已完成", lambda o: str(o.done), 3.5, align="right", sort=lambda o: o.done),
    Col("缺", lambda o: str(o.missing) if o.missing else "", 2.5, align="right",
        sort=lambda o: o.missing),  # fmt: skip
    Col("到期日", lambda o: day_text(o.due_on), 5.5, sort=lambda o: o.due_on),
    Col("状态", lambda o: o.status.value, 5, colour=lambda o: STATUS_COLOURS[o.status],
        sort=lambda o: list(ComplianceStatus).index(o.status)),  # fmt: skip
)


def summary(obligations: Sequence[Obligation]) -> tuple[int, int, int]:
    """(rows, rows still missing a drill, rows due within 30 days)."""
    missing = sum(1 for o in obligations if o.missing)
    soon = sum(1 for o in obligations if o.status is ComplianceStatus.DUE_SOON)
    return len(obligations), missing, soon


class ComplianceView(QWidget):
    """The 演练义务 tab.

    Attributes:
        obligations: Every obligation of the year, as last set.
        wanted: The status filter.
        kind: The subject-kind filter (None: every kind).
    """

    #: 演练要求… was pressed.
    rules_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.obligations: list[Obligation] = []
        self.wanted = StatusFilter.ALL
        self.kind: SubjectKind | None = None
        self.as_of: date | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 8, 0, 0)
        lay.setSpacing(6)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("筛选："))
        self.filter_group = QButtonGroup(self)
        self.filter_buttons: dict[StatusFilter, QPushButton] = {}
        for wanted in StatusFilter:
            button = QPushButton(wanted.value)
            button.setCheckable(True)
            button.setChecked(wanted is StatusFilter.ALL)
            self.filter_group.addButton(button)
            self.filter_buttons[wanted] = button
            button.clicked.connect(lambda _c=False, w=wanted: self.set_filter(w))
            bar.addWidget(button)
        bar.addSpacing(12)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("全部对象", None)
        for kind, label in KIND_LABELS.items():
            self.kind_combo.addItem(label, kind.value)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._on_kind())
        bar.addWidget(self.kind_combo)
        bar.addStretch(1)
        self.rules_button = QPushButton("演练要求…")
        self.rules_button.setToolTip("设置乡镇、村(社区)和各类单位每年、每半年或每3年应完成的演练")
        bar.addWidget(self.rules_button)
        lay.addLayout(bar)
        self.summary_label = bold(QLabel())
        lay.addWidget(self.summary_label)
        self.model: RowsModel[Obligation] = RowsModel(COLUMNS, self, row_colour=_missing_colour)
        self.table = QTableView()
        setup_rows_table(self.table, self.model)
        lay.addWidget(self.table, 1)
        note = QLabel(
            "按“演练要求”逐个对象、逐条要求、逐个周期统计：半年周期为1–6月、7–12月，3年周期为截至本年的"
            "连续3个自然年；“须含实战”的要求在没有实战演练时仍缺1次。到期日为周期的最后一天。"
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        lay.addWidget(note)
        self.rules_button.clicked.connect(self.rules_requested.emit)

    def set_obligations(self, obligations: Sequence[Obligation], as_of: date) -> None:
        """Show the year's obligations (as of ``as_of``) with the current filters."""
        self.obligations = list(obligations)
        self.as_of = as_of
        self._show()

    def set_filter(self, wanted: StatusFilter | str) -> None:
        """Show only the rows under ``wanted``."""
        self.wanted = StatusFilter(wanted)
        self.filter_buttons[self.wanted].setChecked(True)
        self._show()

    def set_kind(self, kind: SubjectKind | None) -> None:
        """Show only subjects of ``kind`` (None: all)."""
        combo_select(self.kind_combo, None if kind is None else kind.value)

    def _on_kind(self) -> None:
        data = self.kind_combo.currentData()
        self.kind = None if data is None else SubjectKind(data)
        self._show()

    def of_kind(self) -> list[Obligation]:
        """The obligations of the chosen subject kind."""
        return [o for o in self.obligations if self.kind is None or o.subject.kind is self.kind]

    def shown(self) -> list[Obligation]:
        """The obligations the table shows."""
        return [o for o in self.of_kind() if matches(o, self.wanted)]

    def _show(self) -> None:
        rows = self.of_kind()
        total, missing, soon = summary(rows)
        counts = {StatusFilter.ALL: total, StatusFilter.MISSING: missing,
                  StatusFilter.DUE_SOON: soon}  # fmt: skip
        for wanted, button in self.filter_buttons.items():
            button.setText(f"{wanted.value} {counts[wanted]}")
        self.summary_label.setText(f"共{total}项，未完成{missing}项，30日内到期{soon}项")
        if self.as_of is not None:
            self.summary_label.setToolTip(f"统计截至 {day_text(self.as_of)}")
        self.model.set_rows([o for o in rows if matches(o, self.wanted)])
        hh = self.table.horizontalHeader()
        if hh.sortIndicatorSection() >= 0:
            self.model.sort(hh.sortIndicatorSection(), hh.sortIndicatorOrder())
