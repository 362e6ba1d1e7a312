"""Photos of hazards (整改前 / 整改后): copied into the data folder, one file per photo.

A photo is checked to be a real JPEG or PNG image (decoded with Pillow, which reportlab already
needs), copied to ``attachments/hazards/<hazard id>/<token>.<ext>`` and registered in one
transaction; if the row cannot be written the copy is removed, and deleting a photo removes only
its own file (file names are unique and never shared between photos).
"""

from __future__ import annotations

import contextlib
import dataclasses
import secrets
import shutil
import tempfile
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from safetydesk.domain.hazards import HazardPhoto, PhotoKind
from safetydesk.errors import ValidationError
from safetydesk.paths import write_atomic
from safetydesk.services.changes import Changes, Saved, Topic
from safetydesk.storage.hazards import HazardPhotoStore, HazardStore

#: Image formats accepted, by Pillow's format name → file suffix.
FORMATS: dict[str, str] = {"JPEG": ".jpg", "PNG": ".png"}
#: Largest photo accepted (bytes); phone photos are 2–8 MB.
MAX_BYTES = 30 * 1024 * 1024


def check_image(path: Path) -> str:
    """The suffix to store ``path`` under, after checking it is a readable JPEG or PNG.

    Raises:
        ValidationError: Missing, empty, too large, not an image, or unreadable.
    """
    from PIL import Image, UnidentifiedImageError

    name = path.name
    if not path.is_file():
        raise ValidationError("photo", f"找不到照片文件「{path}」，请重新选择。")
    size = path.stat().st_size
    if size == 0:
        raise ValidationError("photo", f"照片「{name}」是空文件，请重新选择。")
    if size > MAX_BYTES:
        raise ValidationError(
            "photo", f"照片「{name}」超过 {MAX_BYTES // 1024 // 1024} MB，请压缩后再添加。"
        )
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


class HazardPhotoService:
    """Attach, list, open and delete hazard photos.

    Args:
        db: The database.
        root: The attachments folder (``None`` for an in-memory database: a temporary folder).
    """

    def __init__(self, db: Database, root: Path | None) -> None:
        self.db = db
        self._root = root
        self.store = HazardPhotoStore(db)
        self._hazards = HazardStore(db)

    @property
    def root(self) -> Path:
        """The attachments folder."""
        if self._root is None:
            self._root = Path(tempfile.mkdtemp(prefix="safetydesk-attachments-"))
        return self._root

    def photos(self, hazard_id: int, kind: PhotoKind | None = None) -> list[HazardPhoto]:
        """A hazard's photos (before-photos first)."""
        return self.store.of_hazard(hazard_id, kind)

    def path(self, photo: HazardPhoto) -> Path:
        """The photo's file on disk."""
        return self.root / photo.file

    def add(
        self,
        hazard_id: int,
        source: Path | str,
        kind: PhotoKind | str = PhotoKind.BEFORE,
        *,
        taken_on: date | None = None,
        note: str = "",
    ) -> Saved[HazardPhoto]:
        """Copy ``source`` into the data folder as a photo of ``hazard_id``.

        Raises:
            NotFoundError: No such hazard.
            ValidationError: Not a readable JPEG/PNG, or a bad kind.
        """
        source = Path(source)
        try:
            kind = PhotoKind(kind)
        except ValueError as exc:
            raise ValidationError("kind", "照片类别只能是“整改前”或“整改后”。") from exc
        self._hazards.get(hazard_id)
        suffix = check_image(source)
        rel = f"hazards/{hazard_id}/{secrets.token_hex(8)}{suffix}"
        target = self.root / rel
        write_atomic(target, lambda tmp: shutil.copyfile(source, tmp))
        try:
            with self.db.atomic():
                photo = self.store.insert(
                    HazardPhoto(
                        hazard_id=hazard_id,
                        kind=kind,
                        file=rel,
                        original_name=source.name,
                        taken_on=taken_on.isoformat() if taken_on else None,
                        note=note.strip(),
                    )
                )
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return Saved(photo, Changes.of(Topic.HAZARDS, ids=(hazard_id,)))

    def delete(self, photo_id: int) -> Saved[HazardPhoto]:
        """Delete one photo and its own file (no other photo shares it)."""
        photo = self.store.get(photo_id)
        with self.db.atomic():
            self.store.delete(photo_id)
        with contextlib.suppress(FileNotFoundError):
            self.path(photo).unlink()
        return Saved(dataclasses.replace(photo), Changes.of(Topic.HAZARDS, ids=(photo.hazard_id,)))
