"""文书登记: issuing numbers (gap-free per kind and year) and voiding spoiled documents."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from safetydesk.domain.documents import Document, DocumentKind, format_number
from safetydesk.errors import ConflictError, ValidationError
from safetydesk.services.changes import Changes, Saved, Topic
from safetydesk.services.settings import SettingsService, code_key
from safetydesk.storage.documents import DocumentStore

if TYPE_CHECKING:
    from sqlite_utils import Database


class DocumentEntry(NamedTuple):
    """One line of the register for lists: the document and its unit's name ("" when none)."""

    document: Document
    unit_name: str


class DocumentService:
    """The register of numbered documents.

    Numbers are taken inside the caller's transaction (or one of its own), so a document that
    fails to be written does not consume a number, and two writers cannot take the same one.
    """

    def __init__(self, db: Database, settings: SettingsService) -> None:
        self.db = db
        self.settings = settings
        self.store = DocumentStore(db)

    def get(self, doc_id: int) -> Document:
        """One document (raises NotFoundError)."""
        return self.store.get(doc_id)

    def by_number(self, number: str) -> Document | None:
        """The document with this 文号, if registered."""
        doc_id = self.store.id_by_number(number)
        return None if doc_id is None else self.store.get(doc_id)

    def by_ref(self, ref: str) -> Document | None:
        """The latest valid document issued for ``ref`` (e.g. ``"hazard_event:12"``)."""
        doc_id = self.store.id_by_ref(ref)
        return None if doc_id is None else self.store.get(doc_id)

    def of_year(self, year: int, kind: DocumentKind | None = None) -> list[Document]:
        """The register of one year, in number order."""
        return self.store.of_year(year, kind=kind)

    def listing(self, year: int) -> list[DocumentEntry]:
        """The register of one year with unit names: kinds in declaration order, then by number."""
        order = {kind: i for i, kind in enumerate(DocumentKind)}
        rows = sorted(self.store.of_year_with_units(year), key=lambda r: (order[r[0].kind], r[0].serial))
        return [DocumentEntry(d, name) for d, name in rows]

    def years(self) -> list[int]:
        """Years that have documents, newest first."""
        return self.store.years()

    def issue(
        self,
        kind: DocumentKind,
        issued_on: date,
        *,
        unit_id: int | None = None,
        subject: str = "",
        ref: str | None = None,
    ) -> Saved[Document]:
        """Take the next number of ``kind`` in ``issued_on``'s year and register the document.

        Args:
            ref: What the document was issued for (``"hazard_event:12"``), to find it again.
        """
        if not self.settings.is_initialized:
            raise ConflictError("请先在“设置”中填写乡镇名称和文号简称，再编号。")
        with self.db.atomic():
            year = issued_on.year
            serial = self.store.next_serial(kind, year=year)
            number = format_number(
                self.settings.township().short_name, self.settings.get(code_key(kind)), year, serial
            )
            doc = self.store.insert(
                Document(
                    kind=kind,
                    year=year,
                    serial=serial,
                    number=number,
                    issued_on=issued_on,
                    unit_id=unit_id,
                    subject=subject.strip(),
                    ref=ref,
                )
            )
        return Saved(doc, Changes.of(Topic.DOCUMENTS, ids=(doc.id or 0,)))

    def void(self, doc_id: int, reason: str, on: date) -> Saved[Document]:
        """Mark a spoiled document 作废; it keeps its number, which is never used again.

        Raises:
            ValidationError: No reason given.
            ConflictError: Already void.
        """
        reason = reason.strip()
        if not reason:
            raise ValidationError("void_reason", "请写明作废原因，例如“填写错误，已重新开具”。")
        with self.db.atomic():
            doc = self.store.get(doc_id)
            if doc.void:
                raise ConflictError(f"{doc.number} 已于 {doc.voided_on} 作废，不能重复作废。")
            doc = self.store.set_void(doc_id, reason=reason, voided_on=on)
        return Saved(doc, Changes.of(Topic.DOCUMENTS, ids=(doc_id,)))
