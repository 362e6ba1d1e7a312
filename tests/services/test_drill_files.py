"""Files of a drill record on a real database and real files: checked by content, copied under
the data folder, duplicates refused, deleting removes only its own file, a failed row leaves no
file behind."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path

import pytest
from PIL import Image

from safetydesk.domain.drill_records import AttachmentKind
from safetydesk.domain.drills import Drill, DrillCategory
from safetydesk.errors import NotFoundError, ValidationError
from safetydesk.paths import attachments_dir
from safetydesk.services import Workspace
from safetydesk.services.changes import Topic
from tests.conftest import TODAY


def _png(path: Path, color: str = "red") -> Path:
    Image.new("RGB", (40, 30), color).save(path, "PNG")
    return path


def _jpeg(path: Path, color: str = "blue") -> Path:
    Image.new("RGB", (40, 30), color).save(path, "JPEG")
    return path


def _pdf(path: Path, pages: int = 1) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for n in range(pages):
        c.drawString(72, 720, f"sign-in sheet page {n + 1}")
        c.showPage()
    c.save()
    return path


@pytest.fixture
def drill_id(ws: Workspace) -> int:
    d = ws.drills.record(Drill(title="润城镇防汛演练", held_on=date(2026, 6, 12),
                               category=DrillCategory.FLOOD))  # fmt: skip
    assert d.id is not None
    return d.id


def _files(ws: Workspace) -> list[Path]:
    root = attachments_dir(ws.path) / "drills" if ws.path else None
    assert root is not None
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_photo_and_pdf_sign_in_sheet_are_copied(
    ws: Workspace, drill_id: int, tmp_path: Path
) -> None:
    photo = _png(tmp_path / "现场.png")
    saved = ws.drill_files.add(drill_id, photo, note=" 转移群众 ", taken_on=date(2026, 6, 12))
    att = saved.record
    assert att.id is not None and att.kind is AttachmentKind.PHOTO
    assert att.file.startswith(f"drills/{drill_id}/") and att.file.endswith(".png")
    assert att.original_name == "现场.png" and att.note == "转移群众"
    assert att.sha256 == hashlib.sha256(photo.read_bytes()).hexdigest()
    stored = ws.drill_files.path(att)
    assert stored == attachments_dir(ws.path or Path()) / att.file
    assert stored.read_bytes() == photo.read_bytes()
    assert saved.changes.touches(Topic.DRILLS) and drill_id in saved.changes.ids
    sheet = ws.drill_files.add(drill_id, _pdf(tmp_path / "签到表.pdf", 2), AttachmentKind.SIGN_IN)
    assert sheet.record.file.endswith(".pdf") and sheet.record.kind is AttachmentKind.SIGN_IN
    jpg = ws.drill_files.add(drill_id, _jpeg(tmp_path / "scan"), "签到表").record
    assert jpg.file.endswith(".jpg")  # named by content, not by the (missing) suffix
    other = ws.drill_files.add(drill_id, _pdf(tmp_path / "总结.PDF"), AttachmentKind.OTHER).record
    kinds = [a.kind for a in ws.drill_files.attachments(drill_id)]
    assert sorted(kinds) == sorted(
        [AttachmentKind.PHOTO, AttachmentKind.SIGN_IN, AttachmentKind.SIGN_IN, AttachmentKind.OTHER]
    )
    assert ws.drills.attachments(drill_id) == ws.drill_files.attachments(drill_id)
    assert len(_files(ws)) == 4 and ws.drill_files.path(other).is_file()


def test_files_that_are_not_what_the_kind_accepts_are_refused(
    ws: Workspace, drill_id: int, tmp_path: Path
) -> None:
    fake = tmp_path / "现场照片.jpg"
    fake.write_text("这不是图片", encoding="utf-8")
    with pytest.raises(ValidationError, match="「现场照片.jpg」不是可读取的JPG 或 PNG 照片"):
        ws.drill_files.add(drill_id, fake)
    with pytest.raises(ValidationError, match="JPG、PNG 图片或 PDF 文件"):
        ws.drill_files.add(drill_id, fake, AttachmentKind.SIGN_IN)
    pdf = _pdf(tmp_path / "签到表.pdf")
    with pytest.raises(ValidationError, match="是 PDF 文件，不是照片"):
        ws.drill_files.add(drill_id, pdf, AttachmentKind.PHOTO)
    broken = tmp_path / "坏.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really a pdf at all\n")
    with pytest.raises(ValidationError, match="「坏.pdf」不是可打开的 PDF"):
        ws.drill_files.add(drill_id, broken, AttachmentKind.OTHER)
    truncated = tmp_path / "半张.png"
    truncated.write_bytes(_png(tmp_path / "full.png").read_bytes()[:60])
    with pytest.raises(ValidationError, match="半张.png"):
        ws.drill_files.add(drill_id, truncated)
    empty = tmp_path / "空.png"
    empty.write_bytes(b"")
    with pytest.raises(ValidationError, match="空文件"):
        ws.drill_files.add(drill_id, empty)
    with pytest.raises(ValidationError, match="找不到"):
        ws.drill_files.add(drill_id, tmp_path / "没有.png")
    with pytest.raises(ValidationError, match="附件类别“视频”无效"):
        ws.drill_files.add(drill_id, pdf, "视频")
    assert ws.drill_files.attachments(drill_id) == [] and _files(ws) == []


def test_too_large_and_future_date_are_refused(
    ws: Workspace, drill_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safetydesk.services import drill_files

    photo = _png(tmp_path / "a.png")
    with pytest.raises(ValidationError, match="拍摄日期 .* 晚于今天"):
        ws.drill_files.add(drill_id, photo, taken_on=TODAY + timedelta(days=1))
    # A date long before the drill is kept (an old photo of the site is fine).
    assert ws.drill_files.add(drill_id, photo, taken_on=date(2020, 1, 1)).record.taken_on
    monkeypatch.setattr(drill_files, "MAX_BYTES", 100)
    with pytest.raises(ValidationError, match="超过"):
        ws.drill_files.add(drill_id, _jpeg(tmp_path / "b.jpg"))


def test_same_content_twice_on_one_drill_is_refused(
    ws: Workspace, drill_id: int, tmp_path: Path
) -> None:
    photo = _png(tmp_path / "一.png")
    ws.drill_files.add(drill_id, photo)
    copy = tmp_path / "二.png"
    copy.write_bytes(photo.read_bytes())
    with pytest.raises(ValidationError, match="「二.png」已附加过.*「一.png」"):
        ws.drill_files.add(drill_id, copy, AttachmentKind.OTHER)
    assert len(ws.drill_files.attachments(drill_id)) == 1 and len(_files(ws)) == 1
    # Another drill may hold the same picture.
    other = ws.drills.record(Drill(title="村防汛演练复演", held_on=date(2026, 6, 20)))
    assert other.id is not None
    ws.drill_files.add(other.id, copy)
    assert len(_files(ws)) == 2


def test_delete_removes_only_its_own_file(ws: Workspace, drill_id: int, tmp_path: Path) -> None:
    a = ws.drill_files.add(drill_id, _png(tmp_path / "a.png", "red")).record
    b = ws.drill_files.add(drill_id, _png(tmp_path / "b.png", "green")).record
    assert a.id is not None
    gone = ws.drill_files.delete(a.id)
    assert gone.record == a and gone.changes.touches(Topic.DRILLS)
    assert not ws.drill_files.path(a).exists() and ws.drill_files.path(b).is_file()
    assert ws.drill_files.attachments(drill_id) == [b]
    with pytest.raises(NotFoundError):
        ws.drill_files.delete(a.id)


def test_failed_row_leaves_no_file(
    ws: Workspace, drill_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safetydesk.storage.drill_records import AttachmentStore

    def broken(self: AttachmentStore, rec: object) -> object:
        raise OSError("disk full")

    monkeypatch.setattr(AttachmentStore, "insert", broken)
    with pytest.raises(OSError, match="disk full"):
        ws.drill_files.add(drill_id, _png(tmp_path / "a.png"))
    assert _files(ws) == []
    folder = attachments_dir(ws.path or Path()) / "drills" / str(drill_id)
    assert not folder.exists() or not any(folder.iterdir())  # no temporary file either


def test_unknown_drill_and_in_memory_database(ws: Workspace, tmp_path: Path) -> None:
    photo = _png(tmp_path / "a.png")
    with pytest.raises(NotFoundError):
        ws.drill_files.add(9999, photo)
    with Workspace.open(":memory:", clock=lambda: TODAY) as mem:
        d = mem.drills.record(Drill(title="桌面推演", held_on=date(2026, 6, 1)))
        assert d.id is not None
        with pytest.raises(ValidationError, match="数据库文件"):
            mem.drill_files.add(d.id, photo)
        assert mem.drill_files.attachments(d.id) == []
