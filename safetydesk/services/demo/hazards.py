"""A year of demo hazards for the demo township, written in bulk (consistent with the services).

Each hazard follows the A2 loop the way the services would move it — notice with a gap-free
文号, receipt, recheck (sometimes failed once), 验收 for 重大, 销号 — with its event rows; recent
ones are still open and some are overdue. This module plans the hazards (unit, date, text) and
numbers them; :mod:`safetydesk.services.demo.hazard_loop` moves each through the loop. Used by
:func:`safetydesk.services.demo.create_demo`.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from safetydesk.domain.common import PersonRole
from safetydesk.domain.documents import DocumentKind
from safetydesk.services.demo.hazard_loop import Contacts, add_hazard
from safetydesk.services.demo.hazard_texts import MAJOR as _MAJOR
from safetydesk.services.demo.hazard_texts import TEMPLATES as _TEMPLATES
from safetydesk.storage.db import utc_now_text
from safetydesk.storage.documents import DocumentStore
from safetydesk.storage.hazard_bulk import HAZARD_COLUMNS, HazardBatch
from safetydesk.storage.hazards import HazardStore
from safetydesk.storage.registers import PersonStore, UnitKind, UnitStore

if TYPE_CHECKING:
    from sqlite_utils import Database

#: Hazards per township year.
PER_YEAR = 60

#: Hazards generated and written per batch by :func:`add_bulk_hazards` (bounds its memory).
BULK_CHUNK = 20_000


def unit_contacts(db: Database) -> Contacts:
    """Each active unit's contact person and phone ("" where the unit has none)."""
    return {
        uid: (contact or "", phone or "")
        for uid, _name, _type, _risk, _vid, _addr, contact, phone in UnitStore(db).active_contacts()
    }


def _plan(
    rnd: random.Random,
    units: list[UnitKind],
    today: date,
    names: list[str],
    found: date | None = None,
) -> dict[str, Any]:
    """What one hazard is about (unit, date, text); draws ``found`` unless given."""
    unit_id, utype, uname, village_id = rnd.choice(units)
    if found is None:
        found = today - timedelta(days=rnd.randint(0, 364))
    major = utype in _MAJOR and rnd.random() < 0.15
    if major:
        desc, measures, basis, interim = _MAJOR[utype]
        location, category = "生产经营场所", "物的不安全状态"
    else:
        desc, measures, location, category, *more = rnd.choice(
            _TEMPLATES.get(utype, ()) + _TEMPLATES["*"]
        )
        basis, interim = "", (more[0] if more else "")
    finder = rnd.choice(names)
    return dict(
        unit_id=unit_id,
        utype=utype,
        uname=uname,
        village_id=village_id,
        found=found,
        major=major,
        desc=desc,
        measures=measures,
        basis=basis,
        interim=interim,
        location=location,
        category=category,
        finder=finder,
        # Two inspectors find a hazard (the second one the next in the list: no extra draw, so
        # the rest of the demo stays as it was).
        finders=list(dict.fromkeys([finder, names[(names.index(finder) + 1) % len(names)]])),
    )


def create_demo_hazards(
    db: Database, rnd: random.Random, *, today: date, scale: int, short_name: str, names: list[str]
) -> int:
    """Insert ``PER_YEAR × scale`` hazards found in the year before ``today``; returns the count."""
    units = UnitStore(db).active_kinds()
    if not units:
        return 0
    plans = [_plan(rnd, units, today, names) for _ in range(PER_YEAR * scale)]
    plans.sort(key=lambda p: p["found"])
    contacts = unit_contacts(db)
    codes: dict[int, int] = defaultdict(int)
    serials: dict[int, int] = defaultdict(int)
    out = HazardBatch(db)
    first_id = HazardStore(db).max_id() + 1
    now = utc_now_text()
    for i, p in enumerate(plans):
        found: date = p["found"]
        codes[found.year] += 1
        code = f"{short_name}-{found.year}-{codes[found.year]:04d}"
        add_hazard(out, p, first_id + i, code, rnd, today=today, now=now, short_name=short_name,
                names=names, serials=serials, contacts=contacts)  # fmt: skip
    extra = _old_ledger_major(rnd, units, today, names)
    if extra is not None:
        found = extra["found"]
        codes[found.year] += 1
        code = f"{short_name}-{found.year}-{codes[found.year]:04d}"
        add_hazard(out, extra, first_id + len(plans), code, rnd, today=today, now=now,
                short_name=short_name, names=names, serials=serials, contacts=contacts)  # fmt: skip
        row = out.hazards[-1]
        # Carried over from an old ledger that had no 判定依据 column: 待补录, and so not listed.
        row[_COL["basis_pending"]] = 1
        for col in ("listed_level", "listed_body", "listed_on"):
            row[_COL[col]] = None
    out.write()
    return len(plans) + (extra is not None)


#: Column positions of a :class:`HazardBatch` hazard row.
_COL = {c: i for i, c in enumerate(HAZARD_COLUMNS)}


def _old_ledger_major(
    rnd: random.Random, units: list[UnitKind], today: date, names: list[str]
) -> dict[str, Any] | None:
    """One open 重大 hazard from an old ledger whose basis is still to be entered (待补录).

    Planned after every other hazard, so the rest of the demo draws the same numbers as before.
    """
    majors = [u for u in units if u[1] in _MAJOR]
    if not majors:
        return None
    p = _plan(rnd, majors, today, names, found=today - timedelta(days=6))
    desc, measures, _basis, interim = _MAJOR[p["utype"]]
    p.update(major=True, desc=desc, measures=measures, basis="", interim=interim,
             location="生产经营场所", category="物的不安全状态")  # fmt: skip
    return p


def _last_code(store: HazardStore, short_name: str, year: int) -> int:
    """Serial of the year's last 隐患编号 (0 when none): one below the next free one."""
    return int(store.next_code(short_name, year=year).rsplit("-", 1)[1]) - 1


def add_bulk_hazards(
    ws: object,
    count: int,
    *,
    seed: int = 1,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Append ``count`` more demo hazards to a demo database, fast, for county-scale benchmarks.

    The hazards are found in the year before ``today``, move through the A2 loop like those of
    :func:`create_demo_hazards`, and continue its 隐患编号 and 文号 sequences. They are generated
    and written :data:`BULK_CHUNK` at a time, in found-date order, so memory stays bounded at a
    million rows; all in one transaction.

    Args:
        ws: An open :class:`~safetydesk.services.Workspace` holding a demo township.
        count: Hazards to add.
        seed: Random seed; the same seed on the same database gives the same data.
        today: The date the year ends on (default: the workspace's today).
        progress: Optional ``(done, count)`` callback after each batch.

    Returns:
        The number of hazards added.
    """
    from safetydesk.services import Workspace

    assert isinstance(ws, Workspace)
    db = ws.db
    units = UnitStore(db).active_kinds()
    if not units or count <= 0:
        return 0
    end = today or ws.clock()
    short_name = ws.settings.township().short_name
    names = PersonStore(db).names_with_role(PersonRole.INSPECTOR, limit=6) or ["王建国"]
    rnd = random.Random(seed)
    # Found dates drawn first and sorted, so codes and notice numbers follow the found order.
    days_ago = sorted((rnd.randint(0, 364) for _ in range(count)), reverse=True)
    years = {end.year - 1, end.year}
    hazards = HazardStore(db)
    codes = {y: _last_code(hazards, short_name, y) for y in years}
    serials: dict[int, int] = defaultdict(int)
    serials.update(DocumentStore(db).max_serials(DocumentKind.RECTIFICATION_NOTICE))
    first_id = hazards.max_id() + 1
    now = utc_now_text()
    contacts = unit_contacts(db)
    out = HazardBatch(db)
    with db.atomic():
        for i, ago in enumerate(days_ago):
            p = _plan(rnd, units, end, names, found=end - timedelta(days=ago))
            year = p["found"].year
            codes[year] += 1
            code = f"{short_name}-{year}-{codes[year]:04d}"
            add_hazard(out, p, first_id + i, code, rnd, today=end, now=now, short_name=short_name,
                    names=names, serials=serials, contacts=contacts)  # fmt: skip
            if len(out.hazards) >= BULK_CHUNK:
                out.write()
                if progress:
                    progress(i + 1, count)
        out.write()
    if progress:
        progress(count, count)
    return count
