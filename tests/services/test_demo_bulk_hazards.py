"""The demo generator's bulk path for county-scale hazards: consistent records that continue the
demo's 隐患编号 and 文号 sequences (the small demo itself is generated as before)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from safetydesk.domain.documents import DocumentKind
from safetydesk.domain.hazards import HazardAction
from safetydesk.domain.queries import HazardQuery
from safetydesk.services import Workspace
from safetydesk.services.demo import create_demo
from safetydesk.services.demo.hazards import PER_YEAR, add_bulk_hazards

TODAY = date(2026, 11, 23)


def test_bulk_hazards_continue_the_demo(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "demo.db", clock=lambda: TODAY) as ws:
        create_demo(ws, seed=3, today=TODAY)
        first = ws.hazards.list()
        assert len(first) == PER_YEAR + 2  # one 重大 from an old ledger (待补录), one from a drill
        added = add_bulk_hazards(ws, 700, seed=5)
        assert added == 700
        hazards = ws.hazards.list()
        assert len(hazards) == PER_YEAR + 2 + 700
        # The demo's own hazards are untouched.
        assert {h.id: h for h in hazards if h.id in {f.id for f in first}} == {
            f.id: f for f in first
        }

        # 隐患编号 unique and gap-free per year, continuing the demo's numbers.
        per_year: Counter[str] = Counter()
        numbers_by_year: dict[str, list[int]] = {}
        for h in hazards:
            _prefix, year, n = h.code.rsplit("-", 2)
            per_year[year] += 1
            numbers_by_year.setdefault(year, []).append(int(n))
        for year, numbers in numbers_by_year.items():
            assert sorted(numbers) == list(range(1, per_year[year] + 1))

        # 文号 gap-free per year; every notice event names a registered document.
        docs = {d.id: d for y in (2025, 2026) for d in ws.documents.of_year(y)}
        for year in (2025, 2026):
            serials = sorted(
                d.serial
                for d in docs.values()
                if d.year == year and d.kind is DocumentKind.RECTIFICATION_NOTICE
            )
            assert serials == list(range(1, len(serials) + 1))
        bulk = [h for h in hazards if h.id not in {f.id for f in first}]
        for h in bulk:
            events = ws.hazards.events(h.id or 0)
            assert events, h.code
            assert events[-1].to_state is h.state
            for e in events:
                if e.action is HazardAction.ISSUE_NOTICE:
                    assert e.document_id == h.notice_id
                    assert docs[e.document_id].unit_id == h.unit_id
            found = h.found_on
            assert 0 <= (TODAY - found).days <= 364

        # Found in order of their codes within a year, searchable, some still overdue.
        assert ws.hazards.count(HazardQuery(text=bulk[-1].code)) == 1
        assert ws.hazards.count(HazardQuery(overdue_on=TODAY)) > 0
        assert ws.hazards.count(HazardQuery(level="重大")) > 0
