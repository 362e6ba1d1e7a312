"""The 整改通知书 PDF read back: A4, unit, 文号, deadlines, descriptions, embedded fonts, layout."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from safetydesk.domain.common import Unit
from safetydesk.domain.hazards import Hazard, HazardState
from safetydesk.domain.schedule import DeadlineKind
from safetydesk.errors import ConflictError
from safetydesk.services import Workspace

CLOSING = "，。、；：）》」"


def _hazard(ws: Workspace, unit: Unit, **kw: object) -> Hazard:
    base = dict(unit_id=unit.id, description="厨房液化气钢瓶与灶具间距不足 0.5 米，钢瓶放在密闭柜内，未安装可燃气体泄漏报警装置，存在较大风险",
                measures="调整钢瓶位置，保持安全间距；安装泄漏报警装置", found_on=date(2025, 3, 1),
                found_by="王建国", deadline_kind=DeadlineKind.DATE, due_on=date(2025, 3, 5), location="后厨")
    base.update(kw)
    return ws.hazards.register(Hazard(**base)).record  # type: ignore[arg-type]


def _text(path: Path) -> tuple[PdfReader, str]:
    reader = PdfReader(path)
    return reader, "\n".join(p.extract_text() for p in reader.pages)


def test_notice_pdf(ws: Workspace, unit: Unit, tmp_path: Path) -> None:
    a = _hazard(ws, unit)
    b = _hazard(ws, unit, description="灭火器压力不足", due_on=date(2025, 3, 10), location="")
    out, number = ws.print_jobs.notice([a.id, b.id], tmp_path / "n.pdf", on=date(2025, 3, 1))
    assert number == "润安通〔2025〕1号"
    assert {ws.hazards.get(i).state for i in (a.id, b.id)} == {HazardState.RECTIFYING}
    reader, text = _text(out)
    flat = text.replace("\n", "").replace(" ", "")
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == (595.3, 841.9)
    assert flat.count("润安通〔2025〕1号") >= 3  # notice, 存根, 回执
    assert unit.name.replace(" ", "") in flat
    assert "2025年3月5日" in flat and "2025年3月10日" in flat
    assert "灭火器压力不足" in flat and "钢瓶放在密闭柜内" in flat
    assert "沿此线剪开" in flat and "存根" in flat and "复查意见" in flat
    assert f"第{len(reader.pages)}页共{len(reader.pages)}页" in flat
    # Fonts are embedded TrueType subsets (reportlab also declares its initial Helvetica, unused).
    for page in reader.pages:
        fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
        truetype = [f for f in fonts if f["/Subtype"] == "/TrueType"]
        assert truetype
        for font in truetype:
            assert "+" in font["/BaseFont"]  # subset tag
            assert "/FontFile2" in font["/FontDescriptor"].get_object()
        assert {f["/BaseFont"] for f in fonts if f["/Subtype"] != "/TrueType"} <= {"/Helvetica"}
    # No line starts with closing punctuation.
    for line in text.splitlines():
        assert not line.strip() or line.strip()[0] not in CLOSING, line


def test_reprint_keeps_the_number_and_mixed_units_refused(ws: Workspace, unit: Unit, village, tmp_path: Path) -> None:  # noqa: ANN001
    a = _hazard(ws, unit)
    ws.print_jobs.notice([a.id], tmp_path / "1.pdf", on=date(2025, 3, 1))
    _, again = ws.print_jobs.notice([a.id], tmp_path / "2.pdf")
    assert again == "润安通〔2025〕1号" and len(ws.documents.of_year(2025)) == 1
    other = ws.units.save(Unit(name="另一示例店", village_id=village.id)).record
    c = _hazard(ws, other)
    with pytest.raises(ConflictError):
        ws.print_jobs.notice([a.id, c.id], tmp_path / "3.pdf")
    assert not (tmp_path / "3.pdf").exists()
    b = _hazard(ws, unit)
    with pytest.raises(ConflictError, match="同一份通知书"):
        ws.print_jobs.notice([a.id, b.id], tmp_path / "4.pdf")


def test_long_table_continues_with_header(ws: Workspace, unit: Unit, tmp_path: Path) -> None:
    ids = [_hazard(ws, unit, description=f"第{i}项隐患：" + "电气线路私拉乱接，未穿管保护，" * 4).id for i in range(1, 13)]
    out, _ = ws.print_jobs.notice(ids, tmp_path / "long.pdf", on=date(2025, 3, 1))
    reader, text = _text(out)
    assert len(reader.pages) >= 3
    assert reader.pages[1].extract_text().replace(" ", "").count("隐患部位及描述") == 1  # header repeated
    assert "第12项隐患" in text.replace(" ", "")


def _photo(path: Path, size: tuple[int, int], colour: str) -> Path:
    from PIL import Image

    Image.new("RGB", size, colour).save(path)
    return path


def _images(page: object) -> list[str]:
    xobjects = page["/Resources"].get("/XObject", {})  # type: ignore[index]
    return [k for k, v in xobjects.items() if v.get_object()["/Subtype"] == "/Image"]


def test_notice_with_before_photos(ws: Workspace, unit: Unit, tmp_path: Path, read) -> None:  # noqa: ANN001
    from safetydesk.domain.photos import PhotoKind

    a = _hazard(ws, unit)
    b = _hazard(ws, unit, description="灭火器压力不足", location="大厅")
    c = _hazard(ws, unit, description="疏散通道堆放杂物", location="")
    ws.hazard_photos.add(a.id, _photo(tmp_path / "a1.jpg", (1600, 1200), "red"))
    ws.hazard_photos.add(a.id, _photo(tmp_path / "a2.png", (600, 900), "green"))
    ws.hazard_photos.add(b.id, _photo(tmp_path / "b1.jpg", (800, 600), "blue"))
    ws.hazard_photos.add(b.id, _photo(tmp_path / "after.jpg", (800, 600), "grey"), PhotoKind.AFTER)
    ids = [a.id, b.id, c.id]
    out, number = ws.print_jobs.notice(ids, tmp_path / "p.pdf", on=date(2025, 3, 1))
    pdf = read(out)
    pdf.check_layout()
    flat = pdf.flat
    assert "附件：隐患照片（整改前，共3张）" in flat
    photo_pages = [i for i in range(len(pdf.pages)) if _images(pdf.reader.pages[i])]
    # Three thumbnails on one attachment page; the 整改后 photo is not printed.
    assert len(photo_pages) == 1
    page = photo_pages[0]
    images = _images(pdf.reader.pages[page])
    assert len(images) == 3
    text = pdf.page_flat(page)
    # A separated attachment page still names its notice.
    assert "隐患照片（整改前）" in text and number in text
    assert "第1项（1）" in text and "第1项（2）" in text and "第2项" in text and "第3项" not in text
    assert page < len(pdf.pages) - 1 and "存根" in pdf.page_flat(len(pdf.pages) - 1)
    # Thumbnails are scaled down, not the phone-size originals.
    xobjects = pdf.reader.pages[page]["/Resources"]["/XObject"]
    assert max(xobjects[k].get_object()["/Width"] for k in images) <= 900


def test_notice_without_photos_has_no_attachment(ws: Workspace, unit: Unit, tmp_path: Path, read) -> None:  # noqa: ANN001
    a = _hazard(ws, unit)
    out, _ = ws.print_jobs.notice([a.id], tmp_path / "n.pdf", on=date(2025, 3, 1))
    pdf = read(out)
    pdf.check_layout()
    assert "附件" not in pdf.flat and "隐患照片" not in pdf.flat
    assert not any(_images(p) for p in pdf.reader.pages)
    assert len(pdf.pages) == 2  # notice, then 存根 and 回执


def test_unreadable_photo_file_is_skipped(ws: Workspace, unit: Unit, tmp_path: Path, read) -> None:  # noqa: ANN001
    a = _hazard(ws, unit)
    photo = ws.hazard_photos.add(a.id, _photo(tmp_path / "a.jpg", (400, 300), "red")).record
    ws.hazard_photos.path(photo).write_bytes(b"not an image any more")
    out, _ = ws.print_jobs.notice([a.id], tmp_path / "n.pdf", on=date(2025, 3, 1))
    assert "附件" not in read(out).flat


def test_markup_characters_print_as_text(ws: Workspace, unit: Unit, tmp_path: Path, read) -> None:  # noqa: ANN001
    a = _hazard(ws, unit, description="配电箱电压<220V & 无接地", measures="加装接地线\n每月检测")
    out, _ = ws.print_jobs.notice([a.id], tmp_path / "n.pdf", on=date(2025, 3, 1))
    flat = read(out).flat
    assert "配电箱电压<220V&无接地" in flat and "加装接地线每月检测" in flat
