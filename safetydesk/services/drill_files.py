"""The files of a drill record (照片, 签到表, 其他材料), copied into the data folder (``ws.drill_files``).

A file is checked by what it contains, never by its name: a 照片 must be a readable JPEG or PNG;
a 签到表 or 其他材料 may also be a PDF that opens with at least one page. Its SHA-256 is kept, and
the same content twice on one drill is refused. The copy goes to
``attachments/drills/<drill id>/<token><suffix>`` (written to a temporary name, then renamed) and is
registered in one transaction; if the row cannot be written the copy is removed. Deleting an
attachment removes only its own file (file names are unique and never shared).
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from safetydesk.domain.drill_records import AttachmentKind, DrillAttachment
from safetydesk.errors import ValidationError
from safetydesk.paths import write_atomic
from safetydesk.services.changes import Changes, Saved, Topic
from safetydesk.services.photos import FORMATS, check_upload
from safetydesk.storage import drill_records as record_store
from safetydesk.storage.drill_records import AttachmentStore
from safetydesk.storage.drills import DrillStore

if TYPE_CHECKING:
    from sqlite_utils import Database

#: Largest file accepted (bytes), as for photos: phone photos are 2–8 MB, a scanned sheet less.
MAX_BYTES = 30 * 1024 * 1024
#: Folder under ``attachments/``.
FOLDER = "drills"
#: What each kind accepts (said in messages).
ACCEPTED: dict[AttachmentKind, str] = {
    AttachmentKind.PHOTO: "JPG 或 PNG 照片",
    AttachmentKind.SIGN_IN: "JPG、PNG 图片或 PDF 文件",
    AttachmentKind.OTHER: "JPG、PNG 图片或 PDF 文件",
}
#: First bytes of a PDF.
PDF_MAGIC = b"%PDF-"


def attachment_kind(value: AttachmentKind | str) -> AttachmentKind:
    """The kind named by ``value`` (照片, 签到表, 其他材料), or a Chinese message."""
    try:
        return AttachmentKind(str(value).strip())
    except ValueError:
        names = "、".join(k.value for k in AttachmentKind)
        raise ValidationError("kind", f"附件类别“{value}”无效：只能是 {names}。") from None


def _image_suffix(path: Path) -> str | None:
    """``.jpg``/``.png`` when ``path`` decodes as a JPEG or PNG image, else None."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            fmt = img.format or ""
            img.load()  # decodes the pixels: a truncated or corrupt file fails here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    return FORMATS.get(fmt)


def _pdf_pages(path: Path) -> int:
    """Pages of the PDF at ``path`` (0 when it cannot be read as a PDF)."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError:  # pragma: no cover - pypdf is installed with the app's tools
        return _pdf_pages_plain(path)
    try:
        return len(PdfReader(path).pages)
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError):
        return 0


def _pdf_pages_plain(path: Path) -> int:  # pragma: no cover - used only without pypdf
    """A rough page count without pypdf: the header, the end marker and page objects."""
    import re

    data = path.read_bytes()
    if not data.startswith(PDF_MAGIC) or b"%%EOF" not in data[-2048:]:
        return 0
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data)) or 1


def check_file(path: Path, kind: AttachmentKind) -> str:
    """The suffix (``.jpg``, ``.png``, ``.pdf``) to store ``path`` under as a ``kind``, after
    checking by its content what it is.

    Raises:
        ValidationError: Missing, empty, too large, or not what ``kind`` accepts (the message
            names the file and what is accepted).
    """
    name = path.name
    check_upload(path, field="file", noun=kind.value, max_bytes=MAX_BYTES, verb="附加")
    suffix = _image_suffix(path)
    if suffix is not None:
        return suffix
    accepted = ACCEPTED[kind]
    try:
        with path.open("rb") as f:
            head = f.read(len(PDF_MAGIC))
    except OSError as exc:
        raise ValidationError("file", f"无法读取「{name}」：{exc.strerror or exc}。") from exc
    if head == PDF_MAGIC:
        if kind is AttachmentKind.PHOTO:
            raise ValidationError(
                "file",
                f"「{name}」是 PDF 文件，不是照片：照片只能是{accepted}；"
                "PDF 请按“签到表”或“其他材料”附加。",
            )
        if _pdf_pages(path) < 1:
            raise ValidationError(
                "file", f"「{name}」不是可打开的 PDF 文件（已损坏或没有页面），请换一个文件。"
            )
        return ".pdf"
    raise ValidationError(
        "file", f"「{name}」不是可读取的{accepted}，不能作为{kind.value}附加，请换一个文件。"
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class DrillFileService:
    """Attach, list, locate and delete the files of drill records.

    Args:
        db: The database.
        root: The attachments folder (``None`` for an in-memory database: nothing can be
            attached then).
        clock: Returns "today" (a 拍摄日期 after it is refused).
    """

    def __init__(self, db: Database, root: Path | None, clock: Callable[[], date]) -> None:
        self.db = db
        self._root = root
        self.clock = clock
        self.store = AttachmentStore(db)

    @property
    def root(self) -> Path:
        """The attachments folder.

        Raises:
            ValidationError: The database is in memory (no folder to keep files in).
        """
        if self._root is None:
            raise ValidationError(
                "file", "演练附件需要保存在数据库文件旁的数据文件夹中：请先打开或新建一个数据库文件。"
            )
        return self._root

    def attachments(self, drill_id: int) -> list[DrillAttachment]:
        """The files of one drill (by kind, then order of adding)."""
        return record_store.attachments(self.db, drill_id)

    def path(self, att: DrillAttachment) -> Path:
        """The attachment's file on disk."""
        return self.root / att.file

    def add(
        self,
        drill_id: int,
        source: Path | str,
        kind: AttachmentKind | str = AttachmentKind.PHOTO,
        *,
        note: str = "",
        taken_on: date | None = None,
    ) -> Saved[DrillAttachment]:
        """Copy ``source`` into the data folder as a file of drill ``drill_id``.

        Args:
            drill_id: The drill record.
            source: The file the officer picked.
            kind: 照片 (JPEG/PNG), 签到表 or 其他材料 (JPEG/PNG or PDF).
            note: A caption.
            taken_on: When the photo was taken or the sheet filled in (not after today).

        Raises:
            NotFoundError: No such drill.
            ValidationError: An in-memory database, a bad kind, a file that is not what the
                kind accepts, a date after today, or the same content already on this drill.
        """
        source = Path(source)
        kind = attachment_kind(kind)
        DrillStore(self.db).get(drill_id)
        root = self.root
        today = self.clock()
        if taken_on is not None and taken_on > today:
            raise ValidationError(
                "taken_on",
                f"拍摄日期 {taken_on.isoformat()} 晚于今天 {today.isoformat()}，请核对日期。",
            )
        suffix = check_file(source, kind)
        digest = _sha256(source)
        self._check_new(drill_id, digest, source.name)
        rel = f"{FOLDER}/{drill_id}/{secrets.token_hex(8)}{suffix}"
        target = root / rel
        write_atomic(target, lambda tmp: shutil.copyfile(source, tmp))
        try:
            with self.db.atomic():
                self._check_new(drill_id, digest, source.name)
                att = self.store.insert(
                    DrillAttachment(
                        drill_id=drill_id,
                        kind=kind,
                        file=rel,
                        original_name=source.name,
                        sha256=digest,
                        taken_on=taken_on,
                        note=note.strip(),
                    )
                )
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return Saved(att, Changes.of(Topic.DRILLS, ids=(drill_id,)))

    def _check_new(self, drill_id: int, digest: str, name: str) -> None:
        same = next((a for a in self.attachments(drill_id) if a.sha256 == digest), None)
        if same is not None:
            raise ValidationError(
                "file",
                f"「{name}」已附加过：与本次演练的{same.kind.value}「{same.original_name}」"
                "内容相同，不必重复附加。",
            )

    def delete(self, attachment_id: int) -> Saved[DrillAttachment]:
        """Delete one attachment and its own file (no other attachment shares it).

        Raises:
            NotFoundError: No such attachment.
        """
        att = self.store.get(attachment_id)
        with self.db.atomic():
            record_store.delete_attachment(self.db, attachment_id)
        if self._root is not None:
            with contextlib.suppress(FileNotFoundError):
                self.path(att).unlink()
        return Saved(att, Changes.of(Topic.DRILLS, ids=(att.drill_id,)))
