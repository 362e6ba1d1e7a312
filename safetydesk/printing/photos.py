"""Photo attachments of printed forms: scaled thumbnails in a captioned grid, on an 附件 page.

Used by the 整改通知书 (整改前 photos) and the 安全检查记录 (现场照片).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Image, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from safetydesk.printing.page import para

#: Photos per row of a photo attachment.
PHOTOS_PER_ROW = 2
#: Largest side of a printed thumbnail (pixels; about 300 dpi at the printed size).
THUMB_PIXELS = 900
#: Largest printed height of a thumbnail (three rows fit a page with the heading).
THUMB_HEIGHT = 62 * mm


def thumbnail(path: Path, max_w: float, max_h: float = THUMB_HEIGHT) -> Image | None:
    """A scaled-down JPEG copy of a photo (upright, per its EXIF), or None when unreadable."""
    from PIL import Image as PILImage
    from PIL import ImageOps

    try:
        with PILImage.open(path) as img:
            pic = ImageOps.exif_transpose(img).convert("RGB")
    except (OSError, ValueError, SyntaxError):
        return None
    pic.thumbnail((THUMB_PIXELS, THUMB_PIXELS))
    buf = io.BytesIO()
    pic.save(buf, "JPEG", quality=82)
    buf.seek(0)
    scale = min(max_w / pic.width, max_h / pic.height)
    return Image(buf, width=pic.width * scale, height=pic.height * scale)


def photo_grid(
    photos: Sequence[tuple[Path, str]], st: dict[str, ParagraphStyle], width: float
) -> tuple[Table | None, int]:
    """Captioned thumbnails, two to a row, and how many were printed (unreadable files are
    skipped; None when none is left)."""
    cell_w = width / PHOTOS_PER_ROW
    # A cell holds a thumbnail over its caption; "" fills the last row.
    cells: list[list[Flowable] | str] = []
    for path, caption in photos:
        thumb = thumbnail(path, cell_w - 8)
        if thumb is not None:
            cells.append([thumb, para(caption, st["small_center"])])
    if not cells:
        return None, 0
    rows = [cells[n : n + PHOTOS_PER_ROW] for n in range(0, len(cells), PHOTOS_PER_ROW)]
    rows[-1] += [""] * (PHOTOS_PER_ROW - len(rows[-1]))
    table = Table(rows, colWidths=[cell_w] * PHOTOS_PER_ROW, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table, len(cells)


def photo_attachment(
    heading: str, reference: str, grid_table: Table, st: dict[str, ParagraphStyle]
) -> list[Flowable]:
    """The photo attachment (GB/T 9704 附件, on its own page): 附件, its heading, the form it
    belongs to (a separated sheet still names it) and the photos."""
    return [
        para("附件", st["attachment"]),
        para(heading, st["sub"]),
        para(reference, st["small_center"]),
        Spacer(1, 2 * mm),
        grid_table,
    ]
