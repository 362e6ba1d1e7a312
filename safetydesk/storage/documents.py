"""Store of the 文书登记 register."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from safetydesk.domain.documents import Document, DocumentKind, DocumentStatus
from safetydesk.domain.queries import ListQuery
from safetydesk.storage.db import utc_now_text
from safetydesk.storage.rows import RecordStore


class DocumentStore(RecordStore[Document]):
    """Numbered documents; rows are never deleted."""

    table = "documents"
    record = Document
    order_keys: ClassVar = {"default": "issued_on DESC, kind, serial DESC", "number": "kind, year, serial"}
    noun = "文书"

    def _where(self, query: ListQuery) -> tuple[list[str], list[Any]]:
        # Documents have no archive flag; ``type`` filters the kind.
        where: list[str] = []
        params: list[Any] = []
        if query.type:
            where.append("kind = ?")
            params.append(query.type)
        return where, params

    def next_serial(self, kind: DocumentKind, *, year: int) -> int:
        """The next free serial of ``kind`` in ``year`` (call inside the writing transaction)."""
        row = self.db.conn.execute(
            "SELECT coalesce(max(serial), 0) FROM documents WHERE kind = ? AND year = ?",
            [kind.value, year],
        ).fetchone()
        return int(row[0]) + 1

    def of_year(self, year: int, *, kind: DocumentKind | None = None) -> list[Document]:
        """Documents of one year (optionally one kind), in number order."""
        sql = "SELECT id FROM documents WHERE year = ?"
        params: list[Any] = [year]
        if kind is not None:
            sql += " AND kind = ?"
            params.append(kind.value)
        ids = [r[0] for r in self.db.conn.execute(sql + " ORDER BY kind, serial", params)]
        by_id = self.get_many(ids)
        return [by_id[i] for i in ids]

    def of_year_with_units(self, year: int) -> list[tuple[Document, str]]:
        """Documents of one year in number order, each with its unit's name ("" when none)."""
        cols = ", ".join(f"d.{c}" for c in self._columns)
        sql = (
            f"SELECT {cols}, coalesce(u.name, '') FROM documents d "
            "LEFT JOIN units u ON u.id = d.unit_id WHERE d.year = ? ORDER BY d.kind, d.serial"
        )
        return [(self.from_row(row[:-1]), row[-1]) for row in self.db.conn.execute(sql, [year])]

    def years(self) -> list[int]:
        """Years that have documents, newest first."""
        cur = self.db.conn.execute("SELECT DISTINCT year FROM documents ORDER BY year DESC")
        return [int(r[0]) for r in cur]

    def id_by_number(self, number: str) -> int | None:
        """Id of the document with this 文号, if any."""
        row = self.db.conn.execute("SELECT id FROM documents WHERE number = ?", [number]).fetchone()
        return None if row is None else int(row[0])

    def id_by_ref(self, ref: str) -> int | None:
        """Id of the latest valid document issued for ``ref``, if any."""
        row = self.db.conn.execute(
            "SELECT id FROM documents WHERE ref = ? AND status = ? ORDER BY id DESC LIMIT 1",
            [ref, DocumentStatus.VALID.value],
        ).fetchone()
        return None if row is None else int(row[0])

    def max_serials(self, kind: DocumentKind) -> dict[int, int]:
        """The highest serial taken per year for one kind of document.

        Args:
            kind: The kind of document (each kind has its own sequences).

        Returns:
            Year → its highest serial; years without a document of ``kind`` are left out.
        """
        rows = self.db.conn.execute(
            "SELECT year, max(serial) FROM documents WHERE kind = ? GROUP BY year", [kind.value]
        )
        return {int(year): int(serial) for year, serial in rows}

    def set_void(self, doc_id: int, *, reason: str, voided_on: date) -> Document:
        """Mark a document 作废; it keeps its number (call inside the writing transaction).

        Args:
            doc_id: The document.
            reason: Why it is void (shown in the register).
            voided_on: The day it was voided.

        Returns:
            The document as stored now.

        Raises:
            NotFoundError: No such document.
        """
        self.db.conn.execute(
            "UPDATE documents SET status = ?, void_reason = ?, voided_on = ?, updated_at = ? "
            "WHERE id = ?",
            [DocumentStatus.VOID.value, reason, voided_on.isoformat(), utc_now_text(), doc_id],
        )
        return self.get(doc_id)
