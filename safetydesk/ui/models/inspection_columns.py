"""Columns of the 检查记录 list for :class:`SqlTableModel`, with the lookups they read.

:class:`InspectionLookups` adds unit names (read once, forgotten when units change) to the
village names of :class:`~safetydesk.ui.models.register_columns.Lookups`. The 不合格项/隐患 cell is
red while 不合格 items wait to be registered as hazards; the 文号 cell of a 草稿 (items still
未检查) says so in grey. Used by ``ui/views/inspections_page.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor

from safetydesk.domain.common import Unit
from safetydesk.domain.inspections import Inspection
from safetydesk.domain.queries import ArchiveFilter, ListQuery
from safetydesk.labels import day_text
from safetydesk.ui.models.register_columns import Lookups
from safetydesk.ui.models.sql_table import Column

if TYPE_CHECKING:
    from safetydesk.services import Workspace

#: Text colour of the findings cell while 不合格 items wait to be registered as hazards.
PENDING_COLOUR = QColor("#b3261e")
#: Text colour of the 文号 cell of a 草稿.
DRAFT_COLOUR = QColor("#8a8a8a")


class InspectionLookups(Lookups):
    """Village names plus unit names (read once, refreshed when units change)."""

    def __init__(self, ws: Workspace) -> None:
        super().__init__(ws)
        self._units: dict[int, Unit] | None = None

    def refresh_units(self) -> None:
        """Forget the unit names (re-read on next use)."""
        self._units = None

    def unit(self, unit_id: int | None) -> Unit | None:
        """A unit by id (archived included)."""
        if unit_id is None:
            return None
        if self._units is None:
            units = self._ws.units.list(ListQuery(archive=ArchiveFilter.ALL))
            self._units = {u.id: u for u in units if u.id is not None}
        return self._units.get(unit_id)


def _findings(i: Inspection) -> str:
    failed = i.failed_items
    if not i.results:
        return "—"
    linked = sum(1 for r in failed if r.hazard_id)
    return f"{len(failed)} / {linked}"


def number_text(i: Inspection) -> str:
    """The 文号, or ``草稿（N项未检查）`` for a record that cannot be printed yet."""
    if i.draft:
        return f"草稿（{len(i.unchecked_items)}项未检查）"
    return i.document_number


def inspection_columns(lookups: InspectionLookups) -> tuple[Column[Inspection], ...]:
    """Columns of the inspection list."""

    def target(i: Inspection) -> str:
        unit = lookups.unit(i.unit_id)
        if unit is not None:
            return unit.name
        return f"{i.place or '（未写地点）'}（检查点）"

    def target_tip(i: Inspection) -> str:
        parts = [target(i)]
        if i.target_type:
            parts.append(f"对象类型：{i.target_type}")
        if i.place:
            parts.append(f"检查场所：{i.place}")
        return "\n".join(parts)

    def findings_tip(i: Inspection) -> str:
        if not i.results:
            return "未使用检查表"
        pending = [r for r in i.failed_items if r.hazard_id is None]
        tip = f"不合格项 {len(i.failed_items)} 个，已登记为隐患 {len(i.failed_items) - len(pending)} 个"
        return tip + ("\n有不合格项尚未登记为隐患：点击“不合格项转为隐患”" if pending else "")

    def pending_colour(i: Inspection) -> QColor | None:
        return PENDING_COLOUR if any(r.hazard_id is None for r in i.failed_items) else None

    return (
        Column("date", "检查日期", lambda i: day_text(i.inspected_on), sort_key="date",
               width=6),
        Column("target", "单位/检查点", target, sort_key="unit", width=12, tooltip=target_tip),
        Column("village", "村(社区)", lambda i: lookups.village(i.village_id), sort_key="village",
               width=6),
        Column("kind", "检查类型", lambda i: i.kind.value, sort_key="kind", width=6),
        Column("methods", "检查方式", lambda i: "、".join(i.methods), width=7),
        Column("inspectors", "检查人员", lambda i: i.inspector_names, width=7),
        Column("disposition", "处理意见", lambda i: i.disposition.value, width=7),
        Column("findings", "不合格项/隐患", _findings, align="center", width=7,
               foreground=pending_colour, tooltip=findings_tip),
        Column("number", "文号", number_text, width=8,
               foreground=lambda i: DRAFT_COLOUR if i.draft else None,
               tooltip=lambda i: ("检查表中还有未检查项：逐项填写后才能打印检查记录" if i.draft
                                  else i.document_number)),
    )  # fmt: skip
