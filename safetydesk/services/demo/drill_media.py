"""Demo files and a demo hazard of 应急演练: what the officer attaches and raises after a drill.

The township's 实战 防汛 drill gets three 现场照片 and its 签到表, drawn with Pillow (scenes of
flat colour, no real person), attached through ``ws.drill_files`` like a file the officer picked
(only for a database file: an in-memory database keeps no attachments). One 人员密集场所's own drill
reports a blocked exit, which is raised as a hazard (来源 应急演练发现) through
``ws.drill_hazards``.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from safetydesk.domain.common import UnitType
from safetydesk.domain.drill_records import AttachmentKind, DrillFinding
from safetydesk.domain.drills import Drill, SubjectKind
from safetydesk.domain.queries import ListQuery
from safetydesk.paths import resource
from safetydesk.printing.fonts import BUNDLED

if TYPE_CHECKING:
    from PIL import ImageDraw, ImageFont

    from safetydesk.services import Workspace

#: Size of a drawn photo (4:3, as a phone's, small enough for the demo).
PHOTO_SIZE = (640, 480)


@dataclass(frozen=True, slots=True)
class Scene:
    """One drawn photo: its caption, sky and ground colours, and what stands on the ground."""

    caption: str
    sky: tuple[int, int, int]
    ground: tuple[int, int, int]
    people: int
    boat: bool = False


SCENES = (
    Scene("群众沿转移路线撤离至避难场所", (176, 196, 214), (120, 150, 90), 9),
    Scene("冲锋舟转移河滩被困群众", (160, 176, 196), (84, 120, 160), 4, boat=True),
    Scene("抢险队封堵管涌", (186, 190, 196), (140, 120, 90), 7),
)


def _draw_scene(scene: Scene, path: Path) -> None:
    from PIL import Image, ImageDraw

    w, h = PHOTO_SIZE
    img = Image.new("RGB", PHOTO_SIZE, scene.sky)
    draw = ImageDraw.Draw(img)
    horizon = h * 3 // 5
    draw.rectangle((0, horizon, w, h), fill=scene.ground)
    draw.polygon([(0, horizon), (160, horizon - 120), (320, horizon)], fill=(110, 130, 110))
    draw.polygon([(240, horizon), (420, horizon - 90), (620, horizon)], fill=(96, 118, 100))
    if scene.boat:
        draw.polygon([(200, horizon + 70), (440, horizon + 70), (400, horizon + 110),
                      (240, horizon + 110)], fill=(230, 120, 40))  # fmt: skip
    for n in range(scene.people):
        x = 60 + n * (w - 120) // max(scene.people, 1)
        y = horizon + 40 + (n % 3) * 18
        draw.ellipse((x - 9, y - 48, x + 9, y - 30), fill=(240, 210, 180))
        draw.rectangle((x - 12, y - 30, x + 12, y), fill=(240, 100, 20))  # 救生衣 orange
        draw.rectangle((x - 10, y, x + 10, y + 26), fill=(50, 60, 90))
    _caption(draw, scene.caption, h)
    img.save(path, "JPEG", quality=70)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The bundled Chinese font at ``size`` (Pillow's own if it cannot be read)."""
    from PIL import ImageFont

    try:
        return ImageFont.truetype(str(resource(BUNDLED)), size)
    except OSError:
        return ImageFont.load_default()


def _caption(draw: ImageDraw.ImageDraw, text: str, h: int) -> None:
    draw.rectangle((0, h - 40, PHOTO_SIZE[0], h), fill=(0, 0, 0))
    draw.text((14, h - 34), text, fill=(255, 255, 255), font=_font(22))


def _draw_sign_in(drill: Drill, path: Path) -> None:
    """A filled-in 签到表: a title, a ruled table, names written in."""
    from PIL import Image, ImageDraw

    w, h = 620, 877  # A4 proportions
    img = Image.new("RGB", (w, h), (252, 252, 248))
    draw = ImageDraw.Draw(img)
    title, small = _font(26), _font(16)
    draw.text((w // 2 - 150, 30), "应急演练参演人员签到表", fill=(0, 0, 0), font=title)
    draw.text((40, 80), f"演练：{drill.title}", fill=(0, 0, 0), font=small)
    draw.text((40, 104), f"日期：{drill.held_on.isoformat()}　地点：{drill.location}",
              fill=(0, 0, 0), font=small)  # fmt: skip
    top, row, cols = 140, 34, (40, 100, 300, 460, 580)
    for r in range(21):
        draw.line((cols[0], top + r * row, cols[-1], top + r * row), fill=(0, 0, 0), width=1)
    for x in cols:
        draw.line((x, top, x, top + 20 * row), fill=(0, 0, 0), width=1)
    units = [u for u in drill.units.split("、") if u] or ["参演单位"]
    for c, head in zip(cols, ("序号", "单位", "姓名", "签到时间"), strict=False):
        draw.text((c + 8, top + 8), head, fill=(0, 0, 0), font=small)
    for r in range(1, 20):
        y = top + r * row + 8
        draw.text((cols[0] + 12, y), str(r), fill=(0, 0, 0), font=small)
        draw.text((cols[1] + 8, y), units[r % len(units)][:10], fill=(20, 40, 120), font=small)
        draw.line((cols[2] + 20, y + 10, cols[2] + 90 + r % 4 * 10, y + 4), fill=(20, 40, 120), width=2)
        draw.text((cols[3] + 8, y), f"08:{30 + r % 25:02d}", fill=(20, 40, 120), font=small)
    img.save(path, "PNG", optimize=True)


def create_demo_drill_media(ws: Workspace, *, today: date) -> None:
    """Attach the township drill's photos and sign-in sheet (a database file only)."""
    if ws.path is None:
        return
    town = [d for d in ws.drills.drills() if d.organiser_kind is SubjectKind.TOWNSHIP
            and "多部门" in d.title and d.held_on <= today]  # fmt: skip
    if not town or town[0].id is None:
        return
    drill = town[0]
    with tempfile.TemporaryDirectory() as tmp:
        for n, scene in enumerate(SCENES, 1):
            path = Path(tmp) / f"IMG_{drill.held_on:%Y%m%d}_{n:02d}.jpg"
            _draw_scene(scene, path)
            ws.drill_files.add(drill.id or 0, path, AttachmentKind.PHOTO, note=scene.caption,
                               taken_on=drill.held_on)  # fmt: skip
        sheet = Path(tmp) / "签到表.png"
        _draw_sign_in(drill, sheet)
        ws.drill_files.add(drill.id or 0, sheet, AttachmentKind.SIGN_IN, taken_on=drill.held_on)


def create_demo_drill_hazard(ws: Workspace) -> None:
    """A 人员密集场所 reports a blocked exit found in its drill; it is raised as a hazard."""
    crowded = {u.id for u in ws.units.list(ListQuery(type=UnitType.CROWDED.value))}
    drill = next((d for d in ws.drills.drills() if d.unit_id in crowded and d.id), None)
    if drill is None or drill.id is None:
        return
    found = DrillFinding(problem="疏散演练中发现二楼东侧安全出口被货物堵塞，疏散用时超过预定",
                         action="清理安全出口，设置禁止堆放标识，每日班前检查",
                         responsible=ws.units.get(drill.unit_id or 0).contact,
                         due_on=drill.held_on + timedelta(days=7))  # fmt: skip
    # The unit's contact recorded its drill (the hazard's 发现人).
    recorder = drill.recorder or drill.commander or drill.organiser
    drill = ws.drills.update(replace(drill, recorder=recorder), [found])
    ws.drill_hazards.raise_hazard(drill.id or 0, 1)
