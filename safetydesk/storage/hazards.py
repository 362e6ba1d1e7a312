"""Store of hazards (隐患) and their events."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from datetime import date
from typing import Any, ClassVar

from safetydesk.domain.hazards import (
    OPEN_STATES,
    EventDetails,
    Hazard,
    HazardAction,
    HazardEvent,
    HazardLevel,
    HazardState,
    HazardSummary,
    VillageZeroing,
)
from safetydesk.domain.queries import HazardQuery, ListQuery
from safetydesk.errors import NotFoundError
from safetydesk.storage.db import utc_now_text
from safetydesk.storage.rows import RecordStore, text_datetime

_OPEN = tuple(s.value for s in OPEN_STATES)


class HazardStore(RecordStore[Hazard]):
    """The hazard ledger."""

    table = "hazards"
    text_index = "idx_hazards_text"
    record = Hazard
    search_fields = (
        "code", "location", "description", "category", "basis", "found_by", "measures",
        "responsible_unit", "responsible_person", "supervisor", "notes",
    )  # fmt: skip
    order_keys: ClassVar = {
        "default": "found_on DESC, code DESC",
        "found": "found_on",
        "due": "due_on",
        "state": "state, due_on",
        "level": "level DESC, found_on",
        "village": "village_id, found_on",
        "code": "code",
    }
    noun = "隐患"

    def _where(self, query: ListQuery) -> tuple[list[str], list[Any]]:
        where, params = super()._where(query)
        if query.village_id is not None:
            where.append("village_id = ?")
            params.append(query.village_id)
        if not isinstance(query, HazardQuery):
            return where, params
        q = query
        if q.states:
            where.append(f"state IN ({','.join('?' * len(q.states))})")
            params += list(q.states)
        for column, value in (("level", q.level), ("unit_id", q.unit_id), ("sector", q.sector)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if q.found_from:
            where.append("found_on >= ?")
            params.append(q.found_from.isoformat())
        if q.found_to:
            where.append("found_on <= ?")
            params.append(q.found_to.isoformat())
        marks = ",".join("?" * len(_OPEN))
        if q.overdue_on:
            where.append(f"state IN ({marks}) AND due_on IS NOT NULL AND due_on < ?")
            params += [*_OPEN, q.overdue_on.isoformat()]
        if q.due_by:
            where.append(f"state IN ({marks}) AND due_on IS NOT NULL AND due_on <= ?")
            params += [*_OPEN, q.due_by.isoformat()]
        if q.listed:
            where.append("(coalesce(listed_on, '') != '' OR coalesce(listed_level, '') != '')")
        if q.missing_basis:
            where.append("basis_pending = 1 AND level = ?")
            params.append(HazardLevel.MAJOR.value)
        return where, params

    def next_code(self, prefix: str, *, year: int) -> str:
        """The next 隐患编号 ``{prefix}-{year}-NNNN`` (call inside the writing transaction)."""
        like = f"{prefix}-{year}-%"
        row = self.db.conn.execute(
            "SELECT code FROM hazards WHERE code LIKE ? ORDER BY length(code) DESC, code DESC LIMIT 1",
            [like],
        ).fetchone()
        n = int(row[0].rsplit("-", 1)[1]) + 1 if row else 1
        return f"{prefix}-{year}-{n:04d}"

    def add_event(self, event: HazardEvent) -> HazardEvent:
        """Append one event to a hazard's timeline; returns it with its id."""
        cur = self.db.conn.execute(
            'INSERT INTO hazard_events (hazard_id, action, from_state, to_state, "on", by, note, '
            "details, document_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                event.hazard_id,
                event.action.value,
                event.from_state.value,
                event.to_state.value,
                event.on.isoformat(),
                event.by,
                event.note,
                details_json(event.details),
                event.document_id,
                utc_now_text(),
            ],
        )
        return dataclasses.replace(event, id=cur.lastrowid)

    def set_event_document(self, event_id: int, *, document_id: int) -> None:
        """Link an event to the document printed for it (a 复查意见书 for a 复查).

        Args:
            event_id: The event.
            document_id: The document of the 文书登记 register.
        """
        self.db.conn.execute(
            "UPDATE hazard_events SET document_id = ? WHERE id = ?", [document_id, event_id]
        )

    def notice_numbers(self, hazard_ids: list[int]) -> dict[int, str]:
        """文号 of each hazard's current notice (hazards never issued are left out)."""
        out: dict[int, str] = {}
        for start in range(0, len(hazard_ids), 900):
            chunk = hazard_ids[start : start + 900]
            rows = self.db.conn.execute(
                "SELECT h.id, d.number FROM hazards h JOIN documents d ON d.id = h.notice_id "
                f"WHERE h.id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            out.update(rows)
        return out

    def ids_issued_by(self, document_id: int) -> list[int]:
        """Hazards that a 下达整改通知 under ``document_id`` ever covered, in id order."""
        rows = self.db.conn.execute(
            "SELECT DISTINCT hazard_id FROM hazard_events WHERE document_id = ? AND action = ? "
            "ORDER BY hazard_id",
            [document_id, HazardAction.ISSUE_NOTICE.value],
        )
        return [r[0] for r in rows]

    def event(self, event_id: int) -> HazardEvent:
        """One event (raises NotFoundError)."""
        row = self.db.conn.execute(f"{_EVENT_SELECT} WHERE id = ?", [event_id]).fetchone()
        if row is None:
            raise NotFoundError(f"找不到编号为 {event_id} 的隐患处理记录。")
        return _event(row)

    def events(self, hazard_id: int) -> list[HazardEvent]:
        """The timeline of one hazard, oldest first."""
        rows = self.db.conn.execute(f"{_EVENT_SELECT} WHERE hazard_id = ? ORDER BY id", [hazard_id])
        return [_event(r) for r in rows]

    def last_events(
        self, hazard_ids: list[int], *, actions: tuple[HazardAction, ...]
    ) -> dict[int, HazardEvent]:
        """Each hazard's latest event among ``actions`` (hazards with none are left out).

        Args:
            hazard_ids: The hazards (any number; read in chunks).
            actions: The actions to look at, e.g. the two 复查 actions.
        """
        out: dict[int, HazardEvent] = {}
        marks = ",".join("?" * len(actions))
        for start in range(0, len(hazard_ids), 900):
            chunk = hazard_ids[start : start + 900]
            rows = self.db.conn.execute(
                f"{_EVENT_SELECT} WHERE action IN ({marks}) AND hazard_id IN "
                f"({','.join('?' * len(chunk))}) ORDER BY id",
                [*(a.value for a in actions), *chunk],
            )
            for r in rows:
                e = _event(r)
                out[e.hazard_id] = e
        return out


_EVENT_SELECT = (
    'SELECT id, hazard_id, action, from_state, to_state, "on", by, note, details, document_id, '
    "created_at FROM hazard_events"
)

#: EventDetails fields holding dates (stored as ISO text in the JSON).
_DETAIL_DATES = frozenset({"new_due_on", "old_due_on", "requested_on"})
_DETAIL_FIELDS = {f.name: f for f in dataclasses.fields(EventDetails) if f.name != "extra"}


def details_json(d: EventDetails) -> str:
    """The JSON text of an event's details: only what the action filled, dates as ISO text."""
    out: dict[str, Any] = {}
    for name, field in _DETAIL_FIELDS.items():
        value = getattr(d, name)
        if value == field.default:
            continue
        if name in _DETAIL_DATES:
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    out.update(d.extra)
    return json.dumps(out, ensure_ascii=False)


def details_of(text: str | None) -> EventDetails:
    """An event's details from their JSON text (unknown keys kept in ``extra``)."""
    raw = json.loads(text or "{}")
    known: dict[str, Any] = {}
    extra: list[tuple[str, object]] = []
    for key, value in raw.items():
        if key not in _DETAIL_FIELDS:
            extra.append((key, value))
        elif key in _DETAIL_DATES:
            known[key] = date.fromisoformat(value) if value else None
        elif key in ("rechecked_by", "inspectors"):
            parts = value if isinstance(value, list) else str(value or "").split("、")
            known[key] = tuple(str(p).strip() for p in parts if str(p).strip())
        elif key == "imported":
            known[key] = bool(value)
        else:
            known[key] = "" if value is None else str(value)
    return EventDetails(**known, extra=tuple(extra))


def _event(r: Sequence[Any]) -> HazardEvent:
    return HazardEvent(
        id=r[0],
        hazard_id=r[1],
        action=HazardAction(r[2]),
        from_state=HazardState(r[3]),
        to_state=HazardState(r[4]),
        on=date.fromisoformat(r[5]),
        by=r[6] or "",
        note=r[7] or "",
        details=details_of(r[8]),
        document_id=r[9],
        created_at=text_datetime(r[10]),
    )


def summary(db: Any, *, today: date) -> HazardSummary:
    """Counts of the hazard list header (已撤销 and archived rows excluded)."""
    marks = ",".join("?" * len(_OPEN))
    # Two index-driven queries: the total from the state index alone, the rest reading only
    # the open rows (one pass over every row took ~1 s at 1M hazards; this takes ~0.15 s).
    total = db.conn.execute(
        "SELECT count(*) FROM hazards WHERE archived_at IS NULL AND state != ?",
        [HazardState.CANCELLED.value],
    ).fetchone()[0]
    row = db.conn.execute(
        f"""SELECT count(*),
               coalesce(sum(due_on IS NOT NULL AND due_on < ?), 0),
               coalesce(sum(level = ?), 0),
               coalesce(sum(coalesce(listed_on, '') != '' OR coalesce(listed_level, '') != ''), 0)
            FROM hazards WHERE archived_at IS NULL AND state IN ({marks})""",
        [today.isoformat(), HazardLevel.MAJOR.value, *_OPEN],
    ).fetchone()  # fmt: skip
    # 待补录 rows are few: the partial index idx_hazards_basis_pending holds only them.
    missing = db.conn.execute(
        "SELECT count(*) FROM hazards WHERE basis_pending = 1 AND level = ? "
        "AND archived_at IS NULL AND state != ?",
        [HazardLevel.MAJOR.value, HazardState.CANCELLED.value],
    ).fetchone()[0]
    open_, overdue, major, listed = (int(v) for v in row)
    return HazardSummary(int(total), open_, overdue, major, listed, missing_basis=int(missing))


def zeroing(db: Any, *, on: date) -> list[VillageZeroing]:
    """动态清零 per village (every active village, also those with nothing open)."""
    marks = ",".join("?" * len(_OPEN))
    today = on.isoformat()
    year_start = f"{on.year}-01-01"
    rows = db.conn.execute(
        f"""SELECT v.id, v.name,
               coalesce(sum(h.state IN ({marks}) AND h.level = ?), 0),
               coalesce(sum(h.state IN ({marks}) AND h.level = ?), 0),
               coalesce(sum(h.state IN ({marks}) AND h.due_on IS NOT NULL AND h.due_on < ?), 0),
               coalesce(sum(h.state IN ({marks}) AND (coalesce(h.listed_on, '') != ''
                            OR coalesce(h.listed_level, '') != '')), 0),
               coalesce(sum(h.rectified_on >= ? AND h.rectified_on <= ?), 0)
            FROM villages v LEFT JOIN hazards h
              ON h.village_id = v.id AND h.archived_at IS NULL AND h.state != ?
            WHERE v.archived_at IS NULL
            GROUP BY v.id ORDER BY v.sort_order, v.id""",
        [*_OPEN, HazardLevel.ORDINARY.value, *_OPEN, HazardLevel.MAJOR.value, *_OPEN, today,
         *_OPEN, year_start, today, HazardState.CANCELLED.value],
    ).fetchall()  # fmt: skip
    return [VillageZeroing(*(r[:2]), *(int(v) for v in r[2:])) for r in rows]
