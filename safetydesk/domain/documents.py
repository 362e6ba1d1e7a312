"""文书登记: numbered documents (DOMAIN.md A3).

Numbers read ``{简称}{类别代字}〔YYYY〕N号``: six-sided brackets, no 第, no zero padding, one serial
per (类别, year), never reused and never skipped. A spoiled document is kept, marked 作废 with a
reason, and keeps its number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class DocumentKind(StrEnum):
    """Kinds of numbered documents."""

    RECTIFICATION_NOTICE = "安全隐患整改通知书"
    RECHECK_OPINION = "整改复查意见书"
    INSPECTION_RECORD = "安全检查记录"
    ORDER_TO_RECTIFY = "责令限期整改指令书"


#: Default 类别代字 per kind (a setting can change them).
DEFAULT_CODES: dict[DocumentKind, str] = {
    DocumentKind.RECTIFICATION_NOTICE: "安通",
    DocumentKind.RECHECK_OPINION: "安复",
    DocumentKind.INSPECTION_RECORD: "安检记",
    DocumentKind.ORDER_TO_RECTIFY: "应急责改",
}


class DocumentStatus(StrEnum):
    """A number is either in use or spoiled; it is never freed."""

    VALID = "有效"
    VOID = "作废"


def format_number(short_name: str, code: str, year: int, serial: int) -> str:
    """The printed 文号, e.g. ``润安通〔2026〕3号``."""
    return f"{short_name}{code}〔{year}〕{serial}号"


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """One entry of the 文书登记 register."""

    id: int | None = None
    kind: DocumentKind
    year: int
    serial: int
    number: str
    issued_on: date
    unit_id: int | None = None
    subject: str = ""
    status: DocumentStatus = DocumentStatus.VALID
    void_reason: str = ""
    voided_on: date | None = None
    ref: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def void(self) -> bool:
        """True when the document was spoiled (作废)."""
        return self.status is DocumentStatus.VOID
