"""Store of photo rows: ``hazard_photos`` and ``inspection_photos`` (one table per owner kind).

The files themselves are copied, checked and removed by :mod:`safetydesk.services.photos`; rows
hold their path relative to the attachments folder.
"""

from __future__ import annotations

from typing import Any

from safetydesk.domain.photos import Photo, PhotoKind
from safetydesk.errors import NotFoundError
from safetydesk.storage.db import utc_now_text
from safetydesk.storage.rows import date_text, text_date, text_datetime


class PhotoStore:
    """Rows of photos of one kind of record (the files are handled by the service).

    Args:
        db: The database.
        table: ``hazard_photos`` or ``inspection_photos``.
        owner: The column naming the record (``hazard_id`` or ``inspection_id``).
    """

    _COLS = ("id", "{owner}", "kind", "file", "original_name", "taken_on", "note", "created_at")

    def __init__(self, db: Any, table: str = "hazard_photos", owner: str = "hazard_id") -> None:
        self.db = db
        self.table = table
        self.owner = owner
        self._cols = ", ".join(c.format(owner=owner) for c in self._COLS)

    @staticmethod
    def _from_row(r: Any) -> Photo:
        return Photo(
            id=r[0], owner_id=r[1], kind=PhotoKind(r[2]), file=r[3], original_name=r[4] or "",
            taken_on=text_date(r[5]), note=r[6] or "", created_at=text_datetime(r[7]),
        )  # fmt: skip

    def insert(self, photo: Photo) -> Photo:
        """Store one photo row."""
        cur = self.db.conn.execute(
            f"INSERT INTO {self.table} ({self.owner}, kind, file, original_name, taken_on, note, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [photo.owner_id, photo.kind.value, photo.file, photo.original_name,
             date_text(photo.taken_on), photo.note, utc_now_text()],
        )  # fmt: skip
        return self.get(int(cur.lastrowid or 0))

    def get(self, photo_id: int) -> Photo:
        """One photo (raises NotFoundError)."""
        row = self.db.conn.execute(
            f"SELECT {self._cols} FROM {self.table} WHERE id = ?", [photo_id]
        ).fetchone()
        if row is None:
            raise NotFoundError(f"照片 {photo_id} 不存在（可能已被删除）。")
        return self._from_row(row)

    def of_owner(self, owner_id: int, *, kind: PhotoKind | None = None) -> list[Photo]:
        """Photos of one record, before-photos first, in the order they were added."""
        sql = f"SELECT {self._cols} FROM {self.table} WHERE {self.owner} = ?"
        params: list[Any] = [owner_id]
        if kind is not None:
            sql += " AND kind = ?"
            params.append(kind.value)
        rows = self.db.conn.execute(sql + " ORDER BY kind = '整改后', id", params)
        return [self._from_row(r) for r in rows]

    def delete(self, photo_id: int) -> None:
        """Remove one photo row."""
        self.db.conn.execute(f"DELETE FROM {self.table} WHERE id = ?", [photo_id])
