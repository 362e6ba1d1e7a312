"""Columns of the 隐患 list for :class:`SqlTableModel`, and the list source that feeds it.

The list shows unit names and the 文号 of each hazard's notice, which are not fields of
:class:`Hazard`. :class:`HazardListSource` wraps ``ws.hazards`` for the model: when the model
fetches a page of rows it reads those rows' unit names (one ``get_many``) and notice numbers into a
:class:`HazardLookups`, so the columns never query per cell. Overdue rows are drawn red on a light
red tint (with "逾期N天" in the deadline cell, so the colour is not the only sign), 重大 rows bold
(marked ⚠ in the 等级 column while their 判定依据 is 待补录).
Used by ``ui/views/hazards_page.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QColor

from safetydesk.domain.hazards import (
    TERMINAL_STATES,
    Hazard,
    HazardState,
)
from safetydesk.domain.major_hazards import basis_missing
from safetydesk.domain.queries import HazardQuery, ListQuery
from safetydesk.domain.schedule import DeadlineKind
from safetydesk.labels import day_text
from safetydesk.ui.models.sql_table import Column

if TYPE_CHECKING:
    from safetydesk.services import Workspace

def _level_text(h: Hazard) -> str:
    """等级, marked ⚠ for a 重大 hazard whose 判定依据 is 待补录."""
    return f"{h.level.value}⚠" if basis_missing(h) else h.level.value


#: Text colour of overdue rows.
OVERDUE_COLOUR = QColor("#b3261e")
#: Background tint of overdue rows.
OVERDUE_BACKGROUND = QColor("#fdecea")
#: Text colour of finished rows (销号, 移交, 撤销).
DONE_COLOUR = QColor("#7a7a7a")
#: Text colour of each state in the 状态 column (overdue rows stay red).
STATE_COLOURS: dict[HazardState, QColor] = {
    HazardState.REGISTERED: QColor("#b45309"),
    HazardState.RECTIFYING: QColor("#1d4ed8"),
    HazardState.AWAITING_RECHECK: QColor("#7e22ce"),
    HazardState.RECHECK_PASSED: QColor("#1b5e20"),
    HazardState.CLOSED: DONE_COLOUR,
    HazardState.TRANSFERRED: DONE_COLOUR,
    HazardState.CANCELLED: DONE_COLOUR,
}
#: Marker after a deadline computed without the year's holiday table.
WARNING_MARK = " ⚠"


class HazardLookups:
    """Display lookups of the hazard list: village and unit names, notice numbers, "today".

    Args:
        ws: The UI thread's workspace.
    """

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws
        self.village_names: dict[int, str] = {}
        self.unit_names: dict[int, str] = {}
        self.numbers: dict[int, str] = {}
        self.today: date = ws.clock()
        self.refresh_villages()

    def refresh_villages(self) -> None:
        """Re-read id → name of every village."""
        self.village_names = self._ws.villages.names()

    def refresh_units(self) -> None:
        """Forget unit names (they are read again with the next rows fetched)."""
        self.unit_names.clear()

    def refresh_today(self) -> None:
        """Re-read "today" (overdue flags)."""
        self.today = self._ws.clock()

    def village(self, village_id: int | None) -> str:
        """Name of a village id ("" when none)."""
        return "" if village_id is None else self.village_names.get(village_id, "")

    def unit(self, h: Hazard) -> str:
        """Name of the hazard's unit (its 责任单位 until the name is known)."""
        if h.unit_id is not None and h.unit_id in self.unit_names:
            return self.unit_names[h.unit_id]
        return h.responsible_unit

    def number(self, hazard_id: int | None) -> str:
        """文号 of the hazard's notice ("" when none was issued)."""
        return "" if hazard_id is None else self.numbers.get(hazard_id, "")

    def prefetch(self, hazards: Iterable[Hazard]) -> None:
        """Read the unit names and notice numbers of freshly fetched rows."""
        hazards = list(hazards)
        names = self.unit_names
        missing = {h.unit_id for h in hazards if h.unit_id is not None and h.unit_id not in names}
        if missing:
            self.unit_names.update(self._ws.units.names(sorted(missing)))
        # One query per page of rows (not one per hazard): scrolling stays fast at 1M rows.
        issued = [h.id for h in hazards if h.id is not None and h.notice_id is not None]
        numbers = self._ws.hazards.notice_numbers(issued)
        for h in hazards:
            if h.id is not None:
                self.numbers[h.id] = numbers.get(h.id, "")


class HazardListSource:
    """What :class:`SqlTableModel` reads: ``ws.hazards`` plus a prefetch of the display lookups."""

    def __init__(self, ws: Workspace, lookups: HazardLookups) -> None:
        self._ws = ws
        self._lookups = lookups

    def list_ids(self, query: ListQuery | None = None) -> list[int]:
        """Ordered ids of the hazards matching ``query`` (a :class:`HazardQuery`).

        Raises:
            TypeError: ``query`` is a plain ListQuery (the hazard list is always filtered by a
                HazardQuery).
        """
        if query is not None and not isinstance(query, HazardQuery):
            raise TypeError(f"the hazard list needs a HazardQuery, not {type(query).__name__}")
        return self._ws.hazards.list_ids(query if query is not None else HazardQuery())

    def get_many(self, ids: list[int]) -> dict[int, Hazard]:
        """Hazards by id, with their unit names and notice numbers read into the lookups."""
        found: dict[int, Hazard] = self._ws.hazards.get_many(ids)
        self._lookups.prefetch(found.values())
        return found


def overdue_days(h: Hazard, today: date) -> int:
    """Days past the deadline (0 when not overdue)."""
    if not h.overdue(today) or not h.due_on:
        return 0
    return (today - h.due_on).days


def deadline_text(h: Hazard, today: date) -> str:
    """整改期限 cell: 立即, or the date; "逾期N天" when overdue; ⚠ when the holidays were missing."""
    if h.immediate:
        text = "立即"
    elif h.due_on:
        text = h.due_on.isoformat()
    else:
        text = "未定"
    late = overdue_days(h, today)
    if late:
        text += f" 逾期{late}天"
    if h.deadline_warning:
        text += WARNING_MARK
    return text


def _deadline_tip(h: Hazard, today: date) -> str:
    parts = []
    if h.deadline_kind in (DeadlineKind.CALENDAR_DAYS, DeadlineKind.WORKING_DAYS):
        parts.append(f"发现之日起 {h.deadline_days} 个{h.deadline_kind}内（至 {h.due_on}）")
    elif h.immediate:
        parts.append(f"立即整改（{h.due_on or h.found_on}）")
    late = overdue_days(h, today)
    if late:
        parts.append(f"已逾期 {late} 天")
    if h.deadline_warning:
        parts.append(h.deadline_warning)
    return "\n".join(parts)


def hazard_columns(lk: HazardLookups) -> tuple[Column[Hazard], ...]:
    """Columns of the 隐患 list (names, numbers and "today" read from ``lk``)."""

    def fg(h: Hazard) -> QColor | None:
        if h.overdue(lk.today):
            return OVERDUE_COLOUR
        return DONE_COLOUR if h.state in TERMINAL_STATES else None

    def state_fg(h: Hazard) -> QColor | None:
        return OVERDUE_COLOUR if h.overdue(lk.today) else STATE_COLOURS.get(h.state)

    def major(h: Hazard) -> bool:
        return h.major

    def col(key: str, header: str, display: Callable[[Hazard], str], **kw: Any) -> Column[Hazard]:
        kw.setdefault("foreground", fg)
        return Column(key, header, display, bold=major, **kw)

    return (
        col("code", "隐患编号", lambda h: h.code, sort_key="code", width=6),
        col("unit", "单位场所", lk.unit, width=8),
        col("description", "隐患描述", lambda h: h.description.replace("\n", " "), width=11),
        col("level", "等级", _level_text, sort_key="level", align="center", width=2.2,
            tooltip=lambda h: "判定依据待补录" if basis_missing(h) else ""),
        col("state", "状态", lambda h: h.state.value, sort_key="state", width=4, foreground=state_fg),
        col("due_on", "整改期限", lambda h: deadline_text(h, lk.today), sort_key="due", width=9.8,
            tooltip=lambda h: _deadline_tip(h, lk.today)),
        col("found_on", "发现日期", lambda h: day_text(h.found_on), sort_key="found", width=5.2),
        col("village", "村(社区)", lambda h: lk.village(h.village_id), sort_key="village",
            width=4.5),
        col("responsible", "责任人", lambda h: h.responsible_person, width=4),
        col("number", "文号", lambda h: lk.number(h.id), width=8),
    )  # fmt: skip


def hazard_row_background(lk: HazardLookups) -> Callable[[Hazard], QColor | None]:
    """Row tint function: overdue rows stand out."""

    def background(h: Hazard) -> QColor | None:
        return OVERDUE_BACKGROUND if h.overdue(lk.today) else None

    return background
