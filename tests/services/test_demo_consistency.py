"""The demo's hazards are consistent with the 重大隐患 rules (issue 9, points 6 and 12): every hazard
names its unit's contact as 整改责任人, no 重大 hazard claims 资金 with no amount, and a listed
(挂牌督办) or accepted 重大 hazard has its whole 五到位."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from safetydesk.domain.hazards import TERMINAL_STATES
from safetydesk.domain.major_hazards import basis_missing, five_in_place
from safetydesk.domain.queries import HazardQuery
from safetydesk.services import Workspace
from safetydesk.services.demo import create_demo
from safetydesk.services.demo.hazards import add_bulk_hazards

TODAY = date(2026, 11, 23)


def test_demo_hazards_have_their_responsible_person_and_five_in_place(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "demo.db", clock=lambda: TODAY) as ws:
        create_demo(ws, seed=3, today=TODAY)
        add_bulk_hazards(ws, 400, seed=9)
        hazards = ws.hazards.list()
        units = ws.units.get_many(list({h.unit_id for h in hazards if h.unit_id}))
        for h in hazards:
            unit = units[h.unit_id or 0]
            assert (h.responsible_person, h.responsible_phone) == (unit.contact, unit.contact_phone), h.code
            assert h.responsible_person  # every demo unit has a contact
        majors = [h for h in hazards if h.major]
        assert len(majors) >= 10 and any(h.listed for h in majors) and any(h.accepted for h in majors)
        # Exactly one 重大 hazard came from an old ledger without a 判定依据: 待补录, open, unlisted.
        pending = [h for h in majors if basis_missing(h)]
        assert len(pending) == 1 and pending[0].basis_pending and not pending[0].listed
        assert pending[0].state not in TERMINAL_STATES
        for h in majors:
            assert h.funds is not None and h.funds > 0, h.code  # never 资金 without an amount
            assert all(five_in_place(h).values()), (h.code, five_in_place(h))
            assert h.dual_report_on is not None and h.dual_report_on <= TODAY
            assert h.listed_on is None or h.listed_on <= TODAY
        assert ws.hazards.summary(TODAY).missing_basis == 1
        # The 责任人 is found by text search like any other indexed field.
        someone = hazards[0]
        assert someone.id in ws.hazards.list_ids(HazardQuery(text=someone.responsible_person))
