"""The hazard tables in bulk: generated batches and narrow reads over many rows.

The demo builders (:mod:`safetydesk.services.demo`) and the county-scale benchmarks write
hazards with their events, 整改通知书 and search text as plain rows, many thousands at a time
(:class:`HazardBatch`; one ``executemany`` per table). The demo inspections and the ledger import
read a few columns of many hazards as tuples, without building records
(:class:`HazardBulkStore`). The per-record path is :class:`~safetydesk.storage.hazards.HazardStore`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlite_utils import Database

from safetydesk.domain.hazards import HazardAction, HazardSource

#: Columns of ``hazards`` that a :class:`HazardBatch` row fills, in row order (the rest stay NULL).
HAZARD_COLUMNS: tuple[str, ...] = (
    "accepted_by", "accepted_on", "accepted_unit", "basis", "basis_pending", "category", "closed_on", "code",
    "created_at", "deadline_days", "deadline_kind", "description", "dual_report_on", "due_on",
    "emergency_plan", "found_by", "found_on", "funds", "id", "interim_measures", "level",
    "listed_body", "listed_level", "listed_on", "location", "measures", "notice_id",
    "rectified_on", "responsible_person", "responsible_phone", "responsible_unit", "sector",
    "source", "state", "transfer_department", "transferred_on", "unit_id", "updated_at",
    "village_id",
)  # fmt: skip
#: Columns of ``hazard_events`` that a :class:`HazardBatch` event row fills, in row order.
EVENT_COLUMNS: tuple[str, ...] = (
    "hazard_id", "action", "from_state", "to_state", "on", "by", "note", "details", "document_id",
    "created_at",
)  # fmt: skip
#: Columns of ``documents`` that a :class:`HazardBatch` document row fills, in row order.
DOCUMENT_COLUMNS: tuple[str, ...] = (
    "id", "kind", "year", "serial", "number", "issued_on", "unit_id", "subject", "status",
    "created_at", "updated_at",
)  # fmt: skip

#: A hazard found by an inspector: id, unit id, found on, found by, description, location.
Finding = tuple[int, int, date, str, str, str]


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    cols = ", ".join(f'"{c}"' for c in columns)
    return f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(columns))})"


class HazardBatch:
    """Rows of generated hazards, appended by the caller and written together by :meth:`write`.

    The rows are plain lists in the column order of :data:`HAZARD_COLUMNS`,
    :data:`EVENT_COLUMNS` and :data:`DOCUMENT_COLUMNS`; the caller gives the hazards their ids
    (from :meth:`~safetydesk.storage.rows.RecordStore.max_id` up) and keeps numbers consistent.
    Documents get their ids from :meth:`next_document_id`, so that hazards (``notice_id``) and
    events (``document_id``) can name them. Call :meth:`write` inside the caller's transaction.

    Args:
        db: The database.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        row = db.conn.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()
        self._next_document = int(row[0]) + 1
        self.clear()

    def next_document_id(self) -> int:
        """The id the next document row of this batch takes."""
        doc_id = self._next_document
        self._next_document += 1
        return doc_id

    def clear(self) -> None:
        """Start an empty batch."""
        #: Hazard rows (:data:`HAZARD_COLUMNS` order).
        self.hazards: list[list[Any]] = []
        #: Event rows (:data:`EVENT_COLUMNS` order).
        self.events: list[list[Any]] = []
        #: Document rows (:data:`DOCUMENT_COLUMNS` order).
        self.documents: list[list[Any]] = []
        #: (hazard id, search text) of each hazard.
        self.bodies: list[tuple[int, str]] = []

    def write(self) -> None:
        """Insert the rows of the batch and start an empty one."""
        conn = self.db.conn
        # Documents first: hazards and events name them.
        conn.executemany(_insert_sql("documents", DOCUMENT_COLUMNS), self.documents)
        conn.executemany(_insert_sql("hazards", HAZARD_COLUMNS), self.hazards)
        conn.executemany(_insert_sql("hazard_events", EVENT_COLUMNS), self.events)
        conn.executemany("INSERT INTO hazards_fts(rowid, body) VALUES (?, ?)", self.bodies)
        self.clear()


class HazardBulkStore:
    """Narrow reads and bulk updates over many hazards (tuples, no records built).

    Args:
        db: The database.
    """

    def __init__(self, db: Database) -> None:
        self.db = db

    def found_between(self, first: date, *, last: date) -> list[tuple[str, int | None, date, str]]:
        """(隐患编号, unit id, found on, description) of the active hazards found in a period.

        Args:
            first: First day, included.
            last: Last day, included.
        """
        rows = self.db.conn.execute(
            "SELECT code, unit_id, found_on, description FROM hazards "
            "WHERE archived_at IS NULL AND found_on BETWEEN ? AND ?",
            [first.isoformat(), last.isoformat()],
        )
        return [(c, u, date.fromisoformat(f), d) for c, u, f, d in rows]

    def uninspected_findings(self, sources: Sequence[HazardSource]) -> list[Finding]:
        """Active hazards of a unit, with a finder, that no inspection points to yet, by id.

        Args:
            sources: The 来源 to include (e.g. 镇村检查 and 执法检查).

        Returns:
            (id, unit id, found on, found by, description, location ("" when none)) per hazard.
        """
        marks = ", ".join("?" * len(sources))
        rows = self.db.conn.execute(
            "SELECT id, unit_id, found_on, found_by, description, coalesce(location, '') "
            "FROM hazards WHERE inspection_id IS NULL AND unit_id IS NOT NULL AND archived_at IS "
            f"NULL AND coalesce(found_by, '') != '' AND source IN ({marks}) ORDER BY id",
            [s.value for s in sources],
        )
        return [(i, u, date.fromisoformat(f), b, d, loc) for i, u, f, b, d, loc in rows]

    def events_with_actions(self, actions: Sequence[HazardAction]) -> list[tuple[int, str, str]]:
        """(hazard id, action, 文号 of the event's document or "") of every event that is one of
        ``actions``, in event order.

        Args:
            actions: The actions to include.
        """
        marks = ", ".join("?" * len(actions))
        return self.db.conn.execute(
            "SELECT e.hazard_id, e.action, coalesce(d.number, '') FROM hazard_events e "
            f"LEFT JOIN documents d ON d.id = e.document_id WHERE e.action IN ({marks}) ORDER BY e.id",
            [a.value for a in actions],
        ).fetchall()

    def set_inspections(self, links: Iterable[tuple[int, int]]) -> None:
        """Point hazards at the inspection that found them (call inside a transaction).

        Args:
            links: (hazard id, inspection id) pairs.
        """
        self.db.conn.executemany(
            "UPDATE hazards SET inspection_id = ? WHERE id = ?",
            ((inspection_id, hazard_id) for hazard_id, inspection_id in links),
        )
