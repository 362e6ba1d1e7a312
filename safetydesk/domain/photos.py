"""Photos attached to records: 整改前 / 整改后 photos of a hazard, 现场 photos of an inspection.

Only the record of a photo lives here; the files are copied and checked by
:mod:`safetydesk.services.photos` and the rows are kept by :mod:`safetydesk.storage.photos`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class PhotoKind(StrEnum):
    """整改前 / 整改后 photos of a hazard; 现场 photos of an inspection."""

    BEFORE = "整改前"
    AFTER = "整改后"
    SCENE = "现场"


@dataclass(frozen=True, slots=True, kw_only=True)
class Photo:
    """One photo of one record (a hazard, or an inspection); ``file`` is relative to the
    attachments folder and unique, so no two photos share a file."""

    id: int | None = None
    owner_id: int
    kind: PhotoKind = PhotoKind.BEFORE
    file: str
    original_name: str = ""
    taken_on: date | None = None
    note: str = ""
    created_at: datetime | None = None
