"""Hazard photos on a real data folder; list counts and 动态清零 per village."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from PIL import Image

from safetydesk.domain.common import Unit, Village, VillageKind
from safetydesk.domain.hazards import EventDetails, Hazard, HazardAction, HazardLevel
from safetydesk.domain.photos import PhotoKind
from safetydesk.domain.schedule import DeadlineKind
from safetydesk.errors import NotFoundError, ValidationError
from safetydesk.services import Workspace
from safetydesk.services.changes import Topic


def make(ws: Workspace, unit: Unit, **kw: object) -> Hazard:
    base = dict(
        unit_id=unit.id, description="疏散通道堆放杂物", measures="清理杂物",
        found_on=date(2026, 11, 2), found_by="王建国", deadline_kind=DeadlineKind.CALENDAR_DAYS, deadline_days=7,
    )
    base.update(kw)
    return ws.hazards.register(Hazard(**base)).record  # type: ignore[arg-type]


def image(path: Path, fmt: str = "PNG", colour: str = "red") -> Path:
    Image.new("RGB", (40, 30), colour).save(path, fmt)
    return path


def test_photo_is_copied_under_the_hazard_and_listed(
    ws: Workspace, unit: Unit, tmp_path: Path
) -> None:
    h = make(ws, unit)
    src = image(tmp_path / "现场.jpg", "JPEG")
    photo = ws.hazard_photos.add(h.id, src, PhotoKind.BEFORE, taken_on=date(2026, 11, 2)).record
    after = ws.hazard_photos.add(h.id, image(tmp_path / "a.png"), "整改后").record
    stored = ws.hazard_photos.path(photo)
    assert stored.is_file() and stored.read_bytes() == src.read_bytes()
    assert stored.parent == ws.path.parent / "attachments" / "hazards" / str(h.id)
    assert stored.suffix == ".jpg" and photo.original_name == "现场.jpg"
    assert [p.id for p in ws.hazard_photos.photos(h.id)] == [photo.id, after.id]
    assert [p.id for p in ws.hazard_photos.photos(h.id, PhotoKind.AFTER)] == [after.id]
    src.unlink()  # the copy does not depend on the original
    assert stored.is_file()


def test_deleting_a_photo_never_touches_another(
    ws: Workspace, unit: Unit, tmp_path: Path
) -> None:
    h1, h2 = make(ws, unit), make(ws, unit)
    src = image(tmp_path / "same.png")
    p1 = ws.hazard_photos.add(h1.id, src).record
    p2 = ws.hazard_photos.add(h2.id, src).record  # the same source file, attached twice
    assert p1.file != p2.file
    ws.hazard_photos.delete(p1.id)
    assert not ws.hazard_photos.path(p1).exists()
    assert ws.hazard_photos.path(p2).is_file()
    assert ws.hazard_photos.photos(h1.id) == [] and len(ws.hazard_photos.photos(h2.id)) == 1
    with pytest.raises(NotFoundError):
        ws.hazard_photos.delete(p1.id)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.jpg", b"this is not an image at all", "不是可读取的图片"),
        ("empty.png", b"", "空文件"),
        ("cut.png", None, "不是可读取的图片"),
    ],
)
def test_bad_photos_are_refused_and_nothing_is_left(
    ws: Workspace, unit: Unit, tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    h = make(ws, unit)
    path = tmp_path / name
    if content is None:  # a truncated PNG: a valid header, the pixels cut off
        Image.new("RGB", (400, 300), "blue").save(tmp_path / "big.png")
        data = (tmp_path / "big.png").read_bytes()
        path.write_bytes(data[: len(data) // 2])
    else:
        path.write_bytes(content)
    with pytest.raises(ValidationError, match=message):
        ws.hazard_photos.add(h.id, path)
    assert ws.hazard_photos.photos(h.id) == []
    folder = ws.path.parent / "attachments" / "hazards" / str(h.id)
    assert not folder.exists() or not any(folder.iterdir())


def test_other_formats_and_missing_files_are_refused(
    ws: Workspace, unit: Unit, tmp_path: Path
) -> None:
    h = make(ws, unit)
    with pytest.raises(ValidationError, match="只支持 JPG 和 PNG"):
        ws.hazard_photos.add(h.id, image(tmp_path / "x.gif", "GIF"))
    with pytest.raises(ValidationError, match="找不到照片文件"):
        ws.hazard_photos.add(h.id, tmp_path / "nope.png")
    with pytest.raises(ValidationError, match="整改前"):
        ws.hazard_photos.add(h.id, image(tmp_path / "y.png"), "随便")
    with pytest.raises(NotFoundError):
        ws.hazard_photos.add(9999, image(tmp_path / "z.png"))


def test_summary_counts_open_overdue_major_and_listed(ws: Workspace, unit: Unit) -> None:

    make(ws, unit)  # open, due 11-09: overdue on 11-23
    make(ws, unit, found_on=date(2026, 11, 20))  # open, due 11-27
    major = make(ws, unit, level=HazardLevel.MAJOR, basis="GB 35181-2017 第5.1条",
                 listed_level="县级", listed_on=date(2026, 11, 3), found_on=date(2026, 11, 20),
                 responsible_person="张三", funds=3.0, emergency_plan="封闭安全出口周边区域，专人值守")
    done = make(ws, unit)
    ws.hazards.transition(done.id, HazardAction.ON_SPOT, on=date(2026, 11, 2))
    cancelled = make(ws, unit)
    ws.hazards.transition(cancelled.id, HazardAction.CANCEL, on=date(2026, 11, 3), details=EventDetails(reason="误报"))
    s = ws.hazards.summary(date(2026, 11, 23))
    assert (s.total, s.open, s.overdue, s.major_open, s.listed_open) == (4, 3, 1, 1, 1)
    ws.hazards.transition(major.id, HazardAction.ON_SPOT, on=date(2026, 11, 21))
    s = ws.hazards.summary(date(2026, 11, 23))
    assert (s.open, s.major_open, s.listed_open) == (2, 0, 0)


def test_zeroing_lists_every_village_with_what_is_left(
    ws: Workspace, unit: Unit, village: Village
) -> None:
    other = ws.villages.save(Village(name="刘善村", kind=VillageKind.VILLAGE)).record
    make(ws, unit)
    make(ws, unit, level=HazardLevel.MAJOR, basis="判定标准第三条", found_on=date(2026, 11, 20))
    fixed = make(ws, unit)
    ws.hazards.transition(fixed.id, HazardAction.ON_SPOT, on=date(2026, 11, 5))
    rows = {r.village_name: r for r in ws.hazards.zeroing(date(2026, 11, 23))}
    assert set(rows) == {"润城村", "刘善村"}
    r = rows["润城村"]
    assert (r.open_ordinary, r.open_major, r.overdue, r.left, r.closed_this_year) == (1, 1, 1, 2, 1)
    assert rows["刘善村"].left == 0 and rows["刘善村"].village_id == other.id


def test_inspection_photos_live_apart_from_hazard_photos(
    ws: Workspace, unit: Unit, tmp_path: Path
) -> None:
    from safetydesk.domain.inspections import Inspection
    from safetydesk.services.inspections import inspector

    ins = ws.inspections.record(Inspection(
        unit_id=unit.id, started_at=datetime(2026, 11, 20, 9, 0), inspectors=(inspector("王建国"),),
        recorder="王建国", narrative="现场检查。",
    )).record  # fmt: skip
    h = make(ws, unit)
    src = image(tmp_path / "scene.png")
    photo = ws.inspection_photos.add(ins.id, src).record
    assert photo.kind is PhotoKind.SCENE and photo.owner_id == ins.id
    stored = ws.inspection_photos.path(photo)
    assert stored.parent == ws.path.parent / "attachments" / "inspections" / str(ins.id)
    hazard_photo = ws.hazard_photos.add(h.id, src).record
    assert ws.inspection_photos.photos(ins.id) == [photo]
    assert ws.hazard_photos.photos(h.id) == [hazard_photo]
    with pytest.raises(ValidationError, match="现场"):
        ws.inspection_photos.add(ins.id, src, PhotoKind.BEFORE)
    with pytest.raises(ValidationError, match="整改前"):
        ws.hazard_photos.add(h.id, src, PhotoKind.SCENE)
    with pytest.raises(NotFoundError):
        ws.inspection_photos.add(9999, src)
    saved = ws.inspection_photos.delete(photo.id)
    assert saved.changes.touches(Topic.INSPECTIONS)
    assert not stored.exists() and ws.hazard_photos.path(hazard_photo).is_file()
