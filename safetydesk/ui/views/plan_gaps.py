"""缺项清单 tab of the 一制四案 page: everything across the township that lacks what B §1 asks.

One list, by village: 危险区住户 and 重点人群 without a helper, shelter or route (and with what is
missing), 风险点 without a 监测人, villages (and the township) without a shelter, 物资 expired
or expiring within 30 days, 通讯录 lacking required entries, 工作组 without a 组长, households no
包保 covers — the rules of ``ws.plan_gaps`` (the same list as ``safetydesk plans gaps``).
Double click or Enter on a line opens that village's parts on the matching tab.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from safetydesk.domain.plan_checks import Gap as RuleGap
from safetydesk.domain.plan_checks import GapKind, Subject
from safetydesk.ui.models.part_tables import (
    ALERT_BACKGROUND,
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
    "工作组": "应急工作组", "包保": "包保责任",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Gap:
    """One line: where, what kind, which record, what is missing (and the rule's detail)."""

    village_id: int | None
    village: str
    kind: str
    subject: str
    missing: str
    serious: bool = True
    detail: str = ""


#: Gaps shown yellow (to do soon) rather than red (a person or place left uncovered).
_MINOR: frozenset[GapKind] = frozenset(
    {GapKind.CARD, GapKind.CONTACT, GapKind.LEADER, GapKind.EXPIRING}
)


def _serious(g: RuleGap) -> bool:
    return g.kind not in _MINOR


def _category(g: RuleGap) -> str:
    """The 类别 column (and the parts tab it opens, :data:`KIND_TABS`)."""
    if g.kind is GapKind.NO_SHELTER:
        return "避难场所"
    if g.kind in (GapKind.UNCOVERED, GapKind.NO_TOWNSHIP_CADRE) and g.subject is not Subject.HOUSEHOLD:
        return "包保"
    return {Subject.HOUSEHOLD: "住户", Subject.RISK_POINT: "风险点", Subject.CONTACTS: "通讯录",
            Subject.WORK_GROUP: "工作组", Subject.SUPPLY: "物资"}.get(g.subject, "包保")  # fmt: skip


def _mark(g: Gap) -> Mark | None:
    return (ALERT_BACKGROUND if g.serious else WARN_BACKGROUND), g.detail or f"{g.subject}：{g.missing}"


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
        """Every gap of ``ws.plan_gaps`` (the rules of ``plans gaps``), by village then kind; a
        household's gaps on one line."""
        report = self.ctx.workspace.plan_gaps.report()
        out: list[Gap] = []
        households: dict[int | None, int] = {}
        for g in report.gaps:
            category = _category(g)
            if g.subject is Subject.HOUSEHOLD:
                at = households.get(g.subject_id)
                if at is not None:
                    old = out[at]
                    out[at] = Gap(old.village_id, old.village, old.kind, old.subject,
                                  f"{old.missing}、{g.kind}", old.serious or _serious(g),
                                  f"{old.detail}\n{g.detail}")  # fmt: skip
                    continue
                households[g.subject_id] = len(out)
            # What a 通讯录 lacks is in the detail ("缺少 1 项必备条目：“信息报告员”").
            missing = g.detail.rstrip("。") if g.kind is GapKind.CONTACT else str(g.kind)
            out.append(Gap(g.village_id, g.village, category, g.label, missing,
                           _serious(g), g.detail))  # fmt: skip
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
