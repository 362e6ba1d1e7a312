"""Printed 一制四案 forms (issue 10 point 5): texts prepared from the records, then rendered.

``ws.plan_prints`` reads the parts (``ws.plan_parts``), the plans (``ws.plans``) and the people
register, prepares the texts of each form and writes the PDF atomically (:func:`write_pdf`:
a temporary file, then renamed). Several villages go into one PDF; ``None`` is the township's own
(镇本级). Residents' phone numbers are masked (A10) where a form lists households.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from safetydesk.domain.baobao import LEVEL_ORDER, BaobaoAssignment, Household
from safetydesk.domain.common import Person, VillageKind
from safetydesk.domain.plan_parts import (
    REQUIRED_CONTACTS,
    Contact,
    ContactCategory,
    EmergencyCard,
    RiskKind,
    RiskPoint,
    Route,
)
from safetydesk.domain.plans import PlanKind, PlanVersion, Shelter
from safetydesk.domain.schedule import format_cn
from safetydesk.paths import write_pdf
from safetydesk.services.plans import TOWNSHIP

if TYPE_CHECKING:
    from safetydesk.printing.forms.emergency_cards import CardText
    from safetydesk.printing.forms.mingbai_card import MingbaiText
    from safetydesk.printing.forms.plan_tables import Section
    from safetydesk.services import Workspace

#: The hazard a 风险点 kind stands for when the point names no plan.
RISK_HAZARD: dict[RiskKind, PlanKind] = {
    RiskKind.FLASH_FLOOD: PlanKind.FLOOD, RiskKind.LOW_LYING: PlanKind.FLOOD,
    RiskKind.WATERWAY: PlanKind.FLOOD, RiskKind.GEOHAZARD: PlanKind.GEOLOGICAL,
    RiskKind.SUBSIDENCE: PlanKind.GEOLOGICAL, RiskKind.FOREST: PlanKind.FIRE,
    RiskKind.DANGEROUS_HOUSE: PlanKind.FLOOD,
}  # fmt: skip
#: What an undefined signal prints.
UNDECIDED = "（未定）"


def who(person: Person | None) -> str:
    """A person with the mobile (or landline) to call: "张三 13800001234"."""
    if person is None:
        return ""
    phone = person.mobile or person.phone
    return f"{person.name} {phone}".strip()


class PlanPrints:
    """Renders the 一制四案 forms (each method writes one PDF and returns its path and count)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    # -- lookups ---------------------------------------------------------------------------------
    def label(self, village_id: int | None) -> str:
        """The village's name, or 镇本级."""
        if village_id is None:
            return TOWNSHIP
        return self.ws.villages.names().get(village_id, f"编号 {village_id}")

    def village_ids(self, names: Sequence[str]) -> list[int | None]:
        """Village ids from names (镇本级 → ``None``), in the order given, without repeats."""
        out: list[int | None] = []
        for name in names:
            vid = self.ws.plans.village_id(name)
            if vid not in out:
                out.append(vid)
        return out

    def people(self, ids: Sequence[int | None]) -> dict[int, Person]:
        """The people register's records of ``ids`` (``None`` and unknown ids left out)."""
        wanted = sorted({i for i in ids if i is not None})
        return self.ws.people.get_many(wanted) if wanted else {}

    def committee(self, village_id: int | None) -> str:
        """The body that issues a village's papers: 村民委员会, 居民委员会 or the government."""
        if village_id is None:
            return self.ws.forms.government()
        village = self.ws.villages.get(village_id)
        body = "居民委员会" if village.kind is VillageKind.COMMUNITY else "村民委员会"
        return f"{village.name}{body}"

    def _heading(self, village_id: int | None) -> str:
        township = self.ws.settings.township().name
        place = township if village_id is None else f"{township}{self.label(village_id)}"
        return f"{place}　　打印日期：{format_cn(self.ws.clock())}"

    def latest(self, village_id: int | None, kind: PlanKind) -> PlanVersion | None:
        """The newest version of an item, or ``None`` when it was never drafted."""
        found = self.ws.plans.versions(village_id, kind)
        return found[-1] if found else None

    # -- 应急处置卡 -------------------------------------------------------------------------------
    def card_texts(self, village_ids: Sequence[int | None]) -> list[CardText]:
        """The cards of the villages, in order (each village's by id)."""
        from safetydesk.printing.forms.emergency_cards import CardText

        out = []
        for vid in village_ids:
            for card in self.ws.plan_parts.of_village(EmergencyCard, vid):
                report = " ".join(t for t in (card.report_to, card.report_phone) if t)
                out.append(CardText(
                    title=card.title, village=self.label(vid), role=card.role, kind=str(card.kind),
                    trigger=card.trigger, steps=[s for s in card.steps if s.strip()],
                    report_to=report, cautions=card.cautions,
                    version_on=format_cn(card.version_on) if card.version_on else "",
                ))  # fmt: skip
        return out

    def cards(self, village_ids: Sequence[int | None], out: Path) -> tuple[Path, int]:
        """Print the 应急处置卡 of the villages, four to a sheet with crop marks."""
        from safetydesk.printing.forms.emergency_cards import render

        texts = self.card_texts(village_ids)
        return write_pdf(out, lambda p: render(texts, p)), len(texts)

    # -- 包保责任表 -------------------------------------------------------------------------------
    def baobao_sections(self, village_ids: Sequence[int | None]) -> list[Section]:
        """One section per village: its assignments by level (chain order), then call order."""
        from safetydesk.printing.forms.plan_tables import Row, Section

        sections = []
        for vid in village_ids:
            found = self.ws.plan_parts.of_village(BaobaoAssignment, vid)
            found.sort(key=lambda a: (LEVEL_ORDER[a.level], a.call_order, a.id or 0))
            people = self.people([a.person_id for a in found] + [a.escalate_to_id for a in found])
            rows: list[Row] = []
            level = None
            for a in found:
                if a.level != level:
                    level = a.level
                    rows.append(Row([str(a.level)], group=True))
                person = people.get(a.person_id)
                boss = people.get(a.escalate_to_id) if a.escalate_to_id else None
                rows.append(Row([
                    str(a.level), person.name if person else f"编号 {a.person_id}",
                    a.post or (str(person.role) if person else ""),
                    person.mobile if person else "", a.backup_phone or (person.phone if person else ""),
                    a.target, "、".join(a.hazards) or "全部", str(a.call_order),
                    boss.name if boss else "",
                ]))  # fmt: skip
            closing = [f"共 {len(found)} 条包保关系。"]
            sections.append(Section(self._heading(vid), rows, closing))
        return sections

    def baobao(self, village_ids: Sequence[int | None], out: Path) -> tuple[Path, int]:
        """Print the 包保责任表 of the villages (A4 landscape)."""
        from safetydesk.printing.forms.baobao_table import render

        sections = self.baobao_sections(village_ids)
        count = sum(1 for s in sections for r in s.rows if not r.group)
        issuer = self.ws.forms.issuer()
        return write_pdf(out, lambda p: render(sections, p, issuer=issuer)), count

    # -- 应急通讯录 -------------------------------------------------------------------------------
    def contact_sections(self, village_ids: Sequence[int | None]) -> list[Section]:
        """One section per village: the required categories in order ("（缺）" rows where one is
        missing), then the other categories."""
        from safetydesk.printing.forms.contacts_table import MISSING
        from safetydesk.printing.forms.plan_tables import Row, Section

        order = list(REQUIRED_CONTACTS) + [c for c in ContactCategory if c not in REQUIRED_CONTACTS]
        sections = []
        for vid in village_ids:
            found = self.ws.plan_parts.of_village(Contact, vid)
            rows: list[Row] = []
            missing = 0
            for cat in order:
                mine = sorted((c for c in found if c.category is cat),
                              key=lambda c: (c.sort_order, c.id or 0))  # fmt: skip
                if not mine and cat in REQUIRED_CONTACTS:
                    missing += 1
                    rows.append(Row([str(cat), MISSING, "", "", "", "必备，未登记"], marked=True))
                rows += [Row([str(cat), c.name, c.post, c.mobile, c.phone, c.notes]) for c in mine]
            closing = [f"共 {len(found)} 条联系人；必备项缺 {missing} 项。"]
            sections.append(Section(self._heading(vid), rows, closing))
        return sections

    def contacts(self, village_ids: Sequence[int | None], out: Path) -> tuple[Path, int]:
        """Print the 应急通讯录 of the villages."""
        from safetydesk.printing.forms.contacts_table import MISSING, render

        sections = self.contact_sections(village_ids)
        count = sum(1 for s in sections for r in s.rows if r.cells[1] != MISSING)
        issuer = self.ws.forms.issuer()
        return write_pdf(out, lambda p: render(sections, p, issuer=issuer)), count

    # -- 防灾避险明白卡 ----------------------------------------------------------------------------
    def mingbai_texts(self, village_ids: Sequence[int | None]) -> list[MingbaiText]:
        """The cards of the villages' danger-zone households (and those with 重点人群)."""
        from safetydesk.printing.forms.mingbai_card import MingbaiText

        parts = self.ws.plan_parts
        out = []
        for vid in village_ids:
            if vid is None:
                continue  # households belong to villages
            homes = [h for h in parts.of_village(Household, vid) if h.at_risk]
            points = {p.id: p for p in parts.of_village(RiskPoint, vid)}
            routes = {r.id: r for r in parts.of_village(Route, vid)}
            shelters = {s.id: s for s in self.ws.plans.shelters()}
            people = self.people([h.helper_id for h in homes]
                                  + [p.monitor_id for p in points.values()])  # fmt: skip
            versions: dict[PlanKind, PlanVersion | None] = {}
            for h in homes:
                point = points.get(h.risk_point_id) if h.risk_point_id else None
                kinds = list(point.plan_kinds) if point else []
                if point and not kinds and point.kind in RISK_HAZARD:
                    kinds = [RISK_HAZARD[point.kind]]
                first = kinds[0] if kinds else None
                if first is not None and first not in versions:
                    versions[first] = self.latest(vid, first)
                version = versions.get(first) if first else None
                route = routes.get(h.route_id) if h.route_id else None
                shelter: Shelter | None = shelters.get(h.shelter_id) if h.shelter_id else None
                out.append(MingbaiText(
                    number=f"{vid:02d}-{h.id or 0:04d}", village=self.label(vid), head=h.head,
                    address=f"{h.group_name} {h.address}".strip(), size=f"{h.size} 人",
                    vulnerable="、".join(h.vulnerable)
                    + (f"（{h.vulnerable_detail}）" if h.vulnerable_detail else ""),
                    hazard="、".join(kinds) or "—",
                    risk_point=f"{point.name}（{point.kind}）" if point else "—",
                    monitor=who(people.get(point.monitor_id)) if point and point.monitor_id else "",
                    warning_signal=(version.warning_signal if version else "") or UNDECIDED,
                    evacuate_signal=(version.evacuate_signal if version else "") or UNDECIDED,
                    helper=who(people.get(h.helper_id)) if h.helper_id else "",
                    route="：".join(t for t in (route.name, route.description) if t) if route else "",
                    shelter=f"{shelter.name}（{shelter.place}）" if shelter else "",
                    shelter_phone=" ".join(t for t in (shelter.manager, shelter.manager_phone) if t)
                    if shelter else "",
                    issuer=self.committee(vid),
                    issued_on=format_cn(h.card_issued_on) if h.card_issued_on else "",
                ))  # fmt: skip
        return out

    def mingbai(self, village_ids: Sequence[int | None], out: Path) -> tuple[Path, int]:
        """Print the 防灾避险明白卡 of the villages' danger-zone households, two to a sheet."""
        from safetydesk.printing.forms.mingbai_card import render

        texts = self.mingbai_texts(village_ids)
        return write_pdf(out, lambda p: render(texts, p)), len(texts)

    # -- 避难场所一览表 ----------------------------------------------------------------------------
    def shelter_sections(self, village_ids: Sequence[int | None] | None) -> list[Section]:
        """One section listing the shelters: the township's own first, then the villages in the
        register's order (or those of ``village_ids``), with the total capacity."""
        from safetydesk.printing.forms.plan_tables import Row, Section

        if village_ids is None or not village_ids:
            wanted: list[int | None] = [None, *(v.id for v in self.ws.villages.list())]
        else:
            wanted = sorted(village_ids, key=lambda v: v is not None)
        found = self.ws.plans.shelters()
        rows = []
        total = 0
        for vid in wanted:
            for s in (s for s in found if s.village_id == vid):
                total += s.capacity
                area = f"{s.area:g}" if s.area is not None else ""
                rows.append(Row([self.label(vid), s.name, str(s.kind), s.place, str(s.capacity), area,
                                 " ".join(t for t in (s.manager, s.manager_phone) if t),
                                 s.facilities]))  # fmt: skip
        township = self.ws.settings.township().name
        heading = f"{township}　　打印日期：{format_cn(self.ws.clock())}"
        closing = [f"合计：{len(rows)} 处避难场所，可容纳 {total} 人。"]
        return [Section(heading, rows, closing)]

    def shelters(self, village_ids: Sequence[int | None] | None, out: Path) -> tuple[Path, int]:
        """Print the 避难场所一览表 (every shelter when ``village_ids`` is empty)."""
        from safetydesk.printing.forms.shelter_list import render

        sections = self.shelter_sections(village_ids)
        issuer = self.ws.forms.issuer()
        return write_pdf(out, lambda p: render(sections, p, issuer=issuer)), len(sections[0].rows)

    # -- 一制四案 booklet ---------------------------------------------------------------------------
    def booklet(self, village_ids: Sequence[int | None], out: Path) -> tuple[Path, int]:
        """Print the whole 一制四案 booklet of each village (one PDF); the count is of items
        drafted over all the booklets."""
        from safetydesk.printing.forms.plan_booklet import render
        from safetydesk.services.plan_booklet import booklet

        books = [booklet(self, vid) for vid in village_ids]
        drafted = sum(1 for b in books for item in b.items if item.drafted)
        return write_pdf(out, lambda p: render(books, p)), drafted
