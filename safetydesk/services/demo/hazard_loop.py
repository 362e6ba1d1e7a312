"""One demo hazard moved through the A2 loop: its row, its notice and its event rows.

:func:`add_hazard` takes a planned hazard (unit, date, text) and moves it the way the services
would — notice with a gap-free 文号, receipt, recheck (sometimes failed once), 验收 for 重大, 销号,
or 当场整改; a transfer now and then; recent ones still open — and adds the rows to a
:class:`~safetydesk.storage.hazard_bulk.HazardBatch`. Used by
:mod:`safetydesk.services.demo.hazards` for the demo year and for the bulk benchmark hazards.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from typing import Any

from safetydesk.domain.documents import DocumentKind, format_number
from safetydesk.domain.hazards import HazardAction, HazardLevel, HazardState
from safetydesk.services.demo.hazard_texts import PLAN_TEXT as _PLAN_TEXT
from safetydesk.storage import search
from safetydesk.storage.hazard_bulk import HAZARD_COLUMNS, HazardBatch

A, S = HazardAction, HazardState

#: A unit's contact and phone (the hazard's 整改责任人), by unit id.
Contacts = dict[int, tuple[str, str]]


def add_hazard(
    out: HazardBatch,
    p: dict[str, Any],
    hid: int,
    code: str,
    rnd: random.Random,
    *,
    today: date,
    now: str,
    short_name: str,
    names: list[str],
    serials: dict[int, int],
    contacts: Contacts,
) -> None:
    """Move one planned hazard through the A2 loop and add its rows to ``out``.

    The unit's contact is the 整改责任人 (with the phone). A 重大 hazard has its 五到位 from the
    start — 责任人, 措施, planned funds, the deadline and a 预案 — since it is listed (挂牌督办)
    two days after it is found, and its 双报告 date the day after.
    """
    found: date = p["found"]
    person, phone = contacts.get(p["unit_id"], ("", ""))
    events: list[tuple[HazardAction, HazardState, HazardState, date, dict[str, Any], int | None]] = []
    row: dict[str, Any] = {
        "id": hid,
        "code": code,
        "unit_id": p["unit_id"],
        "village_id": p["village_id"],
        "sector": p["utype"],
        "location": p["location"],
        "description": p["desc"],
        "category": p["category"],
        "level": (HazardLevel.MAJOR if p["major"] else HazardLevel.ORDINARY).value,
        "basis": p["basis"],
        "basis_pending": 0,
        "source": "镇村检查",
        "found_on": found.isoformat(),
        "found_by": "、".join(p["finders"]),
        "measures": p["measures"],
        "interim_measures": p["interim"],
        "responsible_unit": p["uname"],
        "responsible_person": person,
        "responsible_phone": phone,
        "created_at": now,
        "updated_at": now,
    }
    state = S.REGISTERED

    def step(
        action: HazardAction,
        to: HazardState,
        on: date,
        details: dict[str, Any] | None = None,
        document_id: int | None = None,
    ) -> None:
        nonlocal state
        events.append((action, state, to, on, details or {}, document_id))
        state = to

    roll = rnd.random()
    if not p["major"] and roll < 0.15:
        row.update(deadline_kind="立即", due_on=found.isoformat())
        step(A.ON_SPOT, S.RECHECK_PASSED, found)
        row["rectified_on"] = found.isoformat()
        step(A.CLOSE, S.CLOSED, found)
        row["closed_on"] = found.isoformat()
    else:
        days = 30 if p["major"] else rnd.choice((7, 7, 15, 15, 30))
        due = found + timedelta(days=days)
        row.update(deadline_kind="自然日", deadline_days=days, due_on=due.isoformat())
        if p["major"]:
            row.update(
                dual_report_on=min(today, found + timedelta(days=1)).isoformat(),
                # Planned funds (万元), derived from the id so the random sequence is unchanged.
                funds=float(5 + hid % 26),
                emergency_plan=_PLAN_TEXT.format(unit=p["uname"]),
            )
            if person:  # 挂牌督办 needs the 五到位, 责任 included
                row.update(
                    listed_level="县级",
                    listed_body="阳城县安全生产委员会办公室",
                    listed_on=min(today, found + timedelta(days=2)).isoformat(),
                )
        serials[found.year] += 1
        number = format_number(short_name, "安通", found.year, serials[found.year])
        doc_id = out.next_document_id()
        row["notice_id"] = doc_id
        out.documents.append(
            [
                doc_id,
                DocumentKind.RECTIFICATION_NOTICE.value,
                found.year,
                serials[found.year],
                number,
                found.isoformat(),
                p["unit_id"],
                p["uname"],
                "有效",
                now,
                now,
            ]
        )
        step(A.ISSUE_NOTICE, S.RECTIFYING, found, document_id=doc_id)
        if roll > 0.97:
            step(
                A.TRANSFER,
                S.TRANSFERRED,
                found + timedelta(days=2),
                {"department": "县住房和城乡建设局"},
            )
            row.update(
                transfer_department="县住房和城乡建设局",
                transferred_on=(found + timedelta(days=2)).isoformat(),
            )
        elif due + timedelta(days=5) <= today and rnd.random() < 0.9:
            if rnd.random() < 0.12:
                fail_on = due + timedelta(days=1)
                due = fail_on + timedelta(days=10)
                step(
                    A.RECHECK_FAIL,
                    S.RECTIFYING,
                    fail_on,
                    {
                        "rechecked_by": [p["finder"]],
                        "opinion": "整改不到位",
                        "new_due_on": due.isoformat(),
                    },
                )
                row["due_on"] = due.isoformat()
            done = min(today, due - timedelta(days=rnd.randint(0, 3)))
            step(A.RECEIPT, S.AWAITING_RECHECK, done)
            recheck = min(today, done + timedelta(days=rnd.randint(1, 4)))
            step(
                A.RECHECK_PASS,
                S.RECHECK_PASSED,
                recheck,
                {"rechecked_by": [p["finder"], rnd.choice(names)], "opinion": "已按要求整改"},
            )
            row["rectified_on"] = recheck.isoformat()
            spent = round(rnd.uniform(0.05, 3.0 if not p["major"] else 30.0), 2)
            if not p["major"]:  # a 重大 hazard keeps the funds it was listed with
                row["funds"] = spent
            close = min(today, recheck + timedelta(days=rnd.randint(0, 5)))
            if p["major"]:
                step(A.ACCEPT, S.RECHECK_PASSED, close, {"accepted_unit": "阳城县应急管理局"})
                row.update(
                    accepted_unit="阳城县应急管理局",
                    accepted_by="县局验收组",
                    accepted_on=close.isoformat(),
                )
            step(A.CLOSE, S.CLOSED, close)
            row["closed_on"] = close.isoformat()
    row["state"] = state.value
    out.hazards.append([row.get(c) for c in HAZARD_COLUMNS])
    out.bodies.append(
        (
            hid,
            search.fts_text(
                code,
                p["location"],
                p["desc"],
                p["category"],
                p["basis"],
                p["finder"],
                p["measures"],
                p["uname"],
                person,
            ),
        )
    )
    for action, frm, to, on, details, document_id in events:
        out.events.append(
            [
                hid,
                action.value,
                frm.value,
                to.value,
                on.isoformat(),
                p["finder"],
                "",
                json.dumps(details, ensure_ascii=False),
                document_id,
                now,
            ]
        )
