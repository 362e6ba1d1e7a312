"""Photos of hazards (整改前 / 整改后) and inspections (现场): copied into the data folder.

A photo is checked to be a real JPEG or PNG image (decoded with Pillow, which reportlab already
needs), copied to ``attachments/<hazards|inspections>/<record id>/<token>.<ext>`` and registered
in one transaction; if the row cannot be written the copy is removed, and deleting a photo removes only
its own file (file names are unique and never shared between photos).
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from safetydesk.domain.photos import Photo, PhotoKind
from safetydesk.errors import ValidationError
from safetydesk.paths import write_atomic
from safetydesk.services.changes import Changes, Saved, Topic
from safetydesk.storage.hazards import HazardStore
from safetydesk.storage.inspections import InspectionStore
from safetydesk.storage.photos import PhotoStore

if TYPE_CHECKING:
    from sqlite_utils import Database

#: Image formats accepted, by Pillow's format name → file suffix.
FORMATS: dict[str, str] = {"JPEG": ".jpg", "PNG": ".png"}
#: Largest photo accepted (bytes); phone photos are 2–8 MB.
MAX_BYTES = 30 * 1024 * 1024


def check_upload(path: Path, *, field: str, noun: str, max_bytes: int, verb: str) -> None:
    """Refuse a file the officer picked that is missing, empty or larger than ``max_bytes``.

    ``noun`` names it in the message ("照片", or "" for a document); ``verb`` is what was being
    done ("添加", "附加").
    """
    name = path.name
    if not path.is_file():
        raise ValidationError(field, f"找不到{noun}文件「{path}」，请重新选择。")
    size = path.stat().st_size
    if size == 0:
        raise ValidationError(field, f"{noun}「{name}」是空文件，请重新选择。")
    if size > max_bytes:
        raise ValidationError(
            field, f"{noun}「{name}」超过 {max_bytes // 1024 // 1024} MB，请压缩后再{verb}。"
        )


def check_image(path: Path) -> str:
    """The suffix to store ``path`` under, after checking it is a readable JPEG or PNG.

    Raises:
        ValidationError: Missing, empty, too large, not an image, or unreadable.
    """
    from PIL import Image, UnidentifiedImageError

    name = path.name
    check_upload(path, field="photo", noun="照片", max_bytes=MAX_BYTES, verb="添加")
    try:
        with Image.open(path) as img:
            fmt = img.format or ""
            img.load()  # decodes the pixels: a truncated or corrupt file fails here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            "photo", f"「{name}」不是可读取的图片（只支持 JPG 和 PNG 照片），请换一个文件。"
        ) from exc
    if fmt not in FORMATS:
        raise ValidationError("photo", f"「{name}」是 {fmt} 格式，只支持 JPG 和 PNG 照片。")
    return FORMATS[fmt]


class PhotoService:
    """Attach, list, open and delete the photos of one kind of record.

    Args:
        db: The database.
        root: The attachments folder (``None`` for an in-memory database: a temporary folder).
    """

    #: Photo table and its owner column.
    table = "hazard_photos"
    owner = "hazard_id"
    #: Folder under ``attachments/``.
    folder = "hazards"
    #: What a change to the photos touches.
    topic = Topic.HAZARDS
    #: Kinds of photo this record takes (the first is the default).
    kinds: tuple[PhotoKind, ...] = (PhotoKind.BEFORE, PhotoKind.AFTER)

    def __init__(self, db: Database, root: Path | None) -> None:
        self.db = db
        self._root = root
        self.store = PhotoStore(db, self.table, self.owner)

    def _check_owner(self, owner_id: int) -> None:
        """Raise NotFoundError when the record does not exist."""
        HazardStore(self.db).get(owner_id)

    @property
    def root(self) -> Path:
        """The attachments folder."""
        if self._root is None:
            self._root = Path(tempfile.mkdtemp(prefix="safetydesk-attachments-"))
        return self._root

    def photos(self, owner_id: int, kind: PhotoKind | None = None) -> list[Photo]:
        """A record's photos (before-photos first)."""
        return self.store.of_owner(owner_id, kind=kind)

    def path(self, photo: Photo) -> Path:
        """The photo's file on disk."""
        return self.root / photo.file

    def add(
        self,
        owner_id: int,
        source: Path | str,
        kind: PhotoKind | str | None = None,
        *,
        taken_on: date | None = None,
        note: str = "",
    ) -> Saved[Photo]:
        """Copy ``source`` into the data folder as a photo of record ``owner_id``.

        Raises:
            NotFoundError: No such record.
            ValidationError: Not a readable JPEG/PNG, or a kind this record does not take.
        """
        source = Path(source)
        try:
            kind = PhotoKind(kind or self.kinds[0])
        except ValueError:
            kind = None
        if kind not in self.kinds:
            raise ValidationError(
                "kind", "照片类别只能是" + "或".join(f"“{k.value}”" for k in self.kinds) + "。"
            )
        self._check_owner(owner_id)
        suffix = check_image(source)
        rel = f"{self.folder}/{owner_id}/{secrets.token_hex(8)}{suffix}"
        target = self.root / rel
        write_atomic(target, lambda tmp: shutil.copyfile(source, tmp))
        try:
            with self.db.atomic():
                photo = self.store.insert(
                    Photo(
                        owner_id=owner_id,
                        kind=kind,
                        file=rel,
                        original_name=source.name,
                        taken_on=taken_on,
                        note=note.strip(),
                    )
                )
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return Saved(photo, Changes.of(self.topic, ids=(owner_id,)))

    def delete(self, photo_id: int) -> Saved[Photo]:
        """Delete one photo and its own file (no other photo shares it)."""
        photo = self.store.get(photo_id)
        with self.db.atomic():
            self.store.delete(photo_id)
        with contextlib.suppress(FileNotFoundError):
            self.path(photo).unlink()
        return Saved(photo, Changes.of(self.topic, ids=(photo.owner_id,)))


class HazardPhotoService(PhotoService):
    """整改前 / 整改后 photos of hazards."""


class InspectionPhotoService(PhotoService):
    """现场 photos of inspections."""

    table = "inspection_photos"
    owner = "inspection_id"
    folder = "inspections"
    topic = Topic.INSPECTIONS
    kinds = (PhotoKind.SCENE,)

    def _check_owner(self, owner_id: int) -> None:
        InspectionStore(self.db).get(owner_id)
