"""缺项清单 tab of the 一制四案 page: everything across the township that lacks what B §1 asks.

One list, by village: 危险区住户 and 重点人群 without a helper, shelter or route (and with what is
missing), 风险点 without a 监测人, villages (and the township) without a shelter, 物资 expired
or expiring within 30 days, and 通讯录 lacking required entries. Read through ``ws.plan_parts``
and ``ws.plans`` (a township has hundreds of these records, so they are read in one pass).
Double click or Enter on a line opens that village's parts on the matching tab.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from safetydesk.domain.baobao import Household, HouseholdGap, household_gaps
from safetydesk.domain.plan_parts import Contact, RiskPoint, Supply, SupplyState, missing_contacts
from safetydesk.labels import day_text
from safetydesk.services.plans import TOWNSHIP
from safetydesk.ui.models.part_tables import (
    ALERT_BACKGROUND,
    SERIOUS_GAPS,
    WARN_BACKGROUND,
    Mark,
    PartColumn,
    PartTableModel,
)
from safetydesk.ui.widgets.list_page import ListPage

if TYPE_CHECKING:
    from safetydesk.ui.context import AppContext

#: Kinds of line, in list order within a village, with the parts tab each opens.
KIND_TABS: dict[str, str] = {
    "避难场所": "避难场所", "住户": "危险区住户", "风险点": "风险点", "物资": "物资", "通讯录": "通讯录",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Gap:
    """One thing lacking: where, what kind, which record, what is missing."""

    village_id: int | None
    village: str
    kind: str
    subject: str
    missing: str
    serious: bool = True


def _mark(g: Gap) -> Mark | None:
    return (ALERT_BACKGROUND if g.serious else WARN_BACKGROUND), f"{g.subject}：{g.missing}"


class PlanGapsView(ListPage):
    """The township-wide list of gaps.

    Signals:
        open_village: (village id or ``None``, parts tab title) — a line was activated.
    """

    open_village = Signal(object, str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 8, 0, 0)
        bar = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        bar.addWidget(self.summary, 1)
        self.open_button = QPushButton("查看该村资料…")
        bar.addWidget(self.open_button)
        lay.addLayout(bar)
        lay.addWidget(self.build_list(), 1)
        columns: list[PartColumn[Gap]] = [
            PartColumn("村(社区)", lambda g: g.village, 7), PartColumn("类别", lambda g: g.kind, 5),
            PartColumn("对象", lambda g: g.subject, 14), PartColumn("缺项", lambda g: g.missing, 20),
        ]  # fmt: skip
        self.model: PartTableModel[Gap] = PartTableModel(columns, _mark, self)
        self.setup_table(self.model, (c.width for c in columns))
        self.open_button.clicked.connect(self.activate_current)
        self.gaps: list[Gap] = []

    def reload(self) -> None:
        """Re-read every village's parts and list what is lacking."""
        self._stale = False
        self.gaps = self.collect()
        self.model.set_records(self.gaps)
        counts: dict[str, int] = {}
        for g in self.gaps:
            counts[g.kind] = counts.get(g.kind, 0) + 1
        parts = "，".join(f"{k} {n} 条" for k, n in counts.items())
        self.summary.setText(f"共 {len(self.gaps)} 条缺项：{parts}。" if self.gaps
                             else "没有缺项：住户、风险点、避难场所、物资和通讯录都齐全。")  # fmt: skip
        self.show_empty(None if self.gaps else "没有缺项。")
        self.open_button.setEnabled(bool(self.gaps))

    def collect(self) -> list[Gap]:
        """Every gap, by village (register order, the township last), then kind."""
        ws = self.ctx.workspace
        today = ws.clock()
        names = ws.villages.names()
        order: dict[int | None, int] = {vid: i for i, vid in enumerate(names)}

        def label(vid: int | None) -> str:
            return TOWNSHIP if vid is None else names.get(vid, f"编号 {vid}")

        matrix = ws.plans.matrix()
        out = [Gap(r.village_id, r.name, "避难场所", r.name, "没有应急避难场所")
               for r in (*matrix.rows, matrix.township) if r.shelters == 0]  # fmt: skip
        for h in ws.plan_parts.all(Household):
            lacking = household_gaps(h)
            gaps = [str(g) for g in HouseholdGap if g in SERIOUS_GAPS and g in lacking]
            if gaps:
                out.append(Gap(h.village_id, label(h.village_id), "住户",
                               f"{h.head}户（{h.group_name}，{h.address}）", "、".join(gaps)))  # fmt: skip
        for p in ws.plan_parts.all(RiskPoint):
            if p.needs_monitor:
                out.append(Gap(p.village_id, label(p.village_id), "风险点",
                               f"{p.name}（{p.kind}）", "没有监测人"))  # fmt: skip
        for s in ws.plan_parts.all(Supply):
            state = s.state(today)
            if state is not SupplyState.OK:
                out.append(Gap(s.village_id, label(s.village_id), "物资", f"{s.name} {s.place}".strip(),
                               f"{state}（{day_text(s.expires_on)}）",
                               serious=state is SupplyState.EXPIRED))  # fmt: skip
        by_village: dict[int | None, list[Contact]] = {}
        for c in ws.plan_parts.all(Contact):
            by_village.setdefault(c.village_id, []).append(c)
        for vid in names:
            missing = missing_contacts(by_village.get(vid, []))
            if missing:
                out.append(Gap(vid, names[vid], "通讯录", "应急通讯录",
                               "缺少" + "、".join(missing), serious=False))  # fmt: skip
        kinds = list(KIND_TABS)
        out.sort(key=lambda g: (order.get(g.village_id, len(order)), kinds.index(g.kind)))
        return out

    def activate_current(self) -> bool:
        """Open the current line's village on the matching tab."""
        idx = self.table.currentIndex()
        g = self.model.record(idx.row()) if idx.isValid() else None
        if g is None:
            return False
        self.open_village.emit(g.village_id, KIND_TABS[g.kind])
        return True

    def context_menu(self, pos: QPoint) -> None:
        """No menu (double click opens the village)."""
        del pos
