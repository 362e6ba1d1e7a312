"""Filter bar of the 隐患 list: what the officer narrows the ledger to, as a :class:`HazardQuery`.

Text search (debounced), state (with 未整改（全部在办）), level, village, sector, a searchable
unit, a found-date range with an on/off box, 只看逾期, N 日内到期, 挂牌督办 and 重大隐患缺判定依据
(判定依据待补录). Any change emits
:attr:`HazardFilterBar.changed`; the page re-queries. The counts at the top of the page and the
动态清零 table set the filters through :meth:`HazardFilterBar.apply_chip` and
:meth:`HazardFilterBar.show_open_of_village`. Used by ``ui/views/hazards_page.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.hazards import OPEN_STATES, HazardLevel, HazardState
from safetydesk.domain.queries import HazardQuery
from safetydesk.ui.widgets.filters import (
    SearchEdit,
    combo_select,
    fill_village_filter,
    type_filter,
)
from safetydesk.ui.widgets.hazard_fields import DateEdit, UnitPicker

if TYPE_CHECKING:
    from safetydesk.ui.context import AppContext

#: Open states (未整改, 全部在办), as stored.
OPEN = tuple(s.value for s in HazardState if s in OPEN_STATES)
#: State filter choices: (label, states).
STATE_CHOICES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("全部状态", ()),
    ("未整改（全部在办）", OPEN),
    ("已整改（复查合格、已销号）", (HazardState.RECHECK_PASSED.value, HazardState.CLOSED.value)),
    *((s.value, (s.value,)) for s in HazardState),
)


class HazardFilterBar(QWidget):
    """Two rows of filters over the hazard list.

    Args:
        ctx: The AppContext.
        parent: Parent widget.
    """

    #: A filter changed (the page re-queries).
    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        today = ctx.workspace.clock()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6)
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        row1.setSpacing(6)
        row2.setSpacing(6)
        self.search_edit = SearchEdit("编号、描述、部位、措施、责任人…")
        self.state_filter = QComboBox()
        for label, states in STATE_CHOICES:
            self.state_filter.addItem(label, states)
        self.level_filter = QComboBox()
        self.level_filter.addItem("全部等级", None)
        for lv in HazardLevel:
            self.level_filter.addItem(lv.value, lv.value)
        self.village_filter = QComboBox()
        self.village_filter.setMaxVisibleItems(20)
        fill_village_filter(self.village_filter, ctx.workspace)
        self.sector_filter = type_filter()
        self.sector_filter.setItemText(0, "全部行业")
        self.unit_filter = UnitPicker(ctx.workspace.units, include_archived=True)
        self.unit_filter.line_edit().setPlaceholderText("全部单位（可输入名称查找）")
        self.unit_filter.setMinimumWidth(200)
        row1.addWidget(QLabel("搜索"))
        row1.addWidget(self.search_edit, 2)
        for label, w in (("状态", self.state_filter), ("等级", self.level_filter),
                         ("村(社区)", self.village_filter), ("行业", self.sector_filter)):  # fmt: skip
            row1.addWidget(QLabel(label))
            row1.addWidget(w)
            w.currentIndexChanged.connect(self._changed)
        self.date_check = QCheckBox("发现日期")
        self.date_from, self.date_to = DateEdit(), DateEdit()
        self.date_from.set_day(date(today.year, 1, 1))
        self.date_to.set_day(today)
        self.overdue_check = QCheckBox("只看逾期")
        self.due_check = QCheckBox()
        self.due_check.setToolTip("只看今后 N 日内到期（含已逾期）的未整改隐患")
        self.due_spin = QSpinBox()
        self.due_spin.setRange(1, 365)
        self.due_spin.setValue(7)
        self.due_spin.setSuffix(" 日内到期")
        self.due_spin.setToolTip(self.due_check.toolTip())
        self.listed_check = QCheckBox("挂牌督办")
        self.missing_basis_check = QCheckBox("重大隐患缺判定依据")
        self.missing_basis_check.setToolTip(
            "只看判定依据待补录的重大隐患（台账导入时没有判定依据）；补录前不能挂牌督办、验收、销号"
        )
        self.clear_button = QPushButton("清除筛选")
        row2.addWidget(QLabel("单位"))
        row2.addWidget(self.unit_filter, 1)
        row2.addSpacing(6)
        for part in (self.date_check, self.date_from, QLabel("至"), self.date_to):
            row2.addWidget(part)
        row2.addSpacing(6)
        for flag in (self.overdue_check, self.due_check, self.due_spin, self.listed_check,
                     self.missing_basis_check):  # fmt: skip
            row2.addWidget(flag)
        row2.addSpacing(6)
        row2.addWidget(self.clear_button)
        lay.addLayout(row1)
        lay.addLayout(row2)

        self.search_edit.search_changed.connect(self._changed)
        self.unit_filter.unit_changed.connect(self._changed)
        for check in (self.date_check, self.overdue_check, self.due_check, self.listed_check,
                      self.missing_basis_check):  # fmt: skip
            check.toggled.connect(self._changed)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._on_dates_changed)
        self.due_spin.valueChanged.connect(self._on_due_days_changed)
        self.clear_button.clicked.connect(self.clear)

    def _on_dates_changed(self, *_args: object) -> None:
        if self.date_check.isChecked():
            self._changed()

    def _on_due_days_changed(self, *_args: object) -> None:
        if self.due_check.isChecked():
            self._changed()

    def _changed(self, *_args: object) -> None:
        self.search_edit.cancel_pending()
        self.changed.emit()

    # -- the query -----------------------------------------------------------------------------
    def query(self, order_by: str = "default", descending: bool = False) -> HazardQuery:
        """The filters as a HazardQuery (overdue and "due within N days" as of today)."""
        today = self.ctx.workspace.clock()
        dated = self.date_check.isChecked()
        due_by = today + timedelta(days=self.due_spin.value())
        return HazardQuery(
            text=self.search_edit.text().strip(),
            village_id=self.village_filter.currentData(),
            states=tuple(self.state_filter.currentData() or ()),
            level=self.level_filter.currentData(),
            unit_id=self.unit_filter.unit_id(),
            sector=self.sector_filter.currentData(),
            found_from=self.date_from.day() if dated else None,
            found_to=self.date_to.day() if dated else None,
            overdue_on=today if self.overdue_check.isChecked() else None,
            due_by=due_by if self.due_check.isChecked() else None,
            listed=self.listed_check.isChecked(),
            missing_basis=self.missing_basis_check.isChecked(),
            order_by=order_by,
            descending=descending,
        )

    def active(self) -> bool:
        """True when any filter is set."""
        return self.query() != HazardQuery()

    # -- setting filters -----------------------------------------------------------------------
    def _inputs(self) -> tuple[QWidget, ...]:
        return (self.search_edit, self.state_filter, self.level_filter, self.village_filter,
                self.sector_filter, self.unit_filter, self.date_check, self.overdue_check,
                self.due_check, self.listed_check, self.missing_basis_check)  # fmt: skip

    @contextmanager
    def _quiet(self) -> Iterator[None]:
        """Set several filters, then emit :attr:`changed` once."""
        for w in self._inputs():
            w.blockSignals(True)
        try:
            yield
        finally:
            for w in self._inputs():
                w.blockSignals(False)
        self._changed()

    def _reset(self) -> None:
        self.search_edit.clear()
        for combo in (self.state_filter, self.level_filter, self.village_filter,
                      self.sector_filter):  # fmt: skip
            combo.setCurrentIndex(0)
        self.unit_filter.set_unit_id(None)
        for check in (self.date_check, self.overdue_check, self.due_check, self.listed_check,
                      self.missing_basis_check):  # fmt: skip
            check.setChecked(False)

    def clear(self) -> None:
        """清除筛选: every hazard."""
        with self._quiet():
            self._reset()

    def apply_chip(self, key: str) -> None:
        """Show what a count at the top counts: total, open, overdue, major, listed and
        missing_basis (重大 hazards whose 判定依据 is 待补录, in any state)."""
        with self._quiet():
            self._reset()
            if key in ("open", "major", "listed"):
                combo_select(self.state_filter, OPEN)
            if key == "major":
                combo_select(self.level_filter, HazardLevel.MAJOR.value)
            self.overdue_check.setChecked(key == "overdue")
            self.listed_check.setChecked(key == "listed")
            self.missing_basis_check.setChecked(key == "missing_basis")

    def show_open_of_village(self, village_id: int) -> None:
        """The open hazards of one village."""
        with self._quiet():
            self._reset()
            combo_select(self.state_filter, OPEN)
            combo_select(self.village_filter, village_id)

    def refill_villages(self) -> None:
        """Refill the village combo (villages changed)."""
        fill_village_filter(self.village_filter, self.ctx.workspace)
