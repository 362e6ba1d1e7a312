"""The 安全检查记录 PDF read back (文号 taken once, fields, checklist, hazards, signatures, long
tables), and the one-action notice for an inspection's hazards."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from safetydesk.domain.common import Person, PersonRole, Unit
from safetydesk.domain.documents import DocumentKind
from safetydesk.domain.hazards import HazardAction, HazardState
from safetydesk.domain.inspection_results import answer_unchecked
from safetydesk.domain.inspections import ChecklistItem, Disposition, Inspection, ItemResult
from safetydesk.errors import ConflictError
from safetydesk.services import Workspace
from safetydesk.services.inspection_forms import time_text
from safetydesk.services.inspections import inspector

CLOSING = "，。、；：？！）》」"


def _text(path: Path) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(path)
    return reader, [p.extract_text() for p in reader.pages]


def _flat(text: str) -> str:
    return text.replace("\n", "").replace(" ", "")


def _inspection(ws: Workspace, unit: Unit, *, template_id: int | None = None, checklist: bool = True,
                fails: dict[int, str] | None = None, **kw: object) -> Inspection:  # fmt: skip
    tid = template_id or next(t.id for t in ws.checklists.all() if t.family == "fire-general")
    tid = tid if checklist else None
    results = list(ws.inspections.start_from_template(tid)) if tid else []
    for seq, note in (fails or {}).items():
        results[seq - 1] = dataclasses.replace(results[seq - 1], result=ItemResult.FAIL, note=note)
    results = list(answer_unchecked(results, ItemResult.PASS))  # every item answered: printable
    base = dict(
        unit_id=unit.id, started_at=datetime(2026, 11, 20, 9, 5), ended_at=datetime(2026, 11, 20, 10, 30),
        inspectors=(inspector("王建国"), inspector("李明")), recorder="李明",
        narrative="检查组对前厅、后厨和二楼包间进行了检查，查看了消防设施、疏散通道和燃气使用情况。",
        template_id=tid, results=tuple(results), met_person="张示例", met_title="店长",
        disposition=Disposition.NOTICE if fails else Disposition.NO_PROBLEM,
    )  # fmt: skip
    base.update(kw)
    return ws.inspections.record(Inspection(**base)).record  # type: ignore[arg-type]


def test_enforcement_record_pdf(ws: Workspace, unit: Unit, tmp_path: Path) -> None:
    a = ws.people.save(Person(name="赵刚", role=PersonRole.INSPECTOR, cert_no="14050012")).record
    b = ws.people.save(Person(name="钱敏", role=PersonRole.INSPECTOR, cert_no="14050013")).record
    ins = _inspection(
        ws, unit, enforcement=True, methods=("四不两直",), recorder="钱敏",
        inspectors=(inspector("", person_id=a.id), inspector("", person_id=b.id)),
        fails={2: "灭火器压力不足，两具已过期", 3: "二楼安全出口上锁"},
        refused_to_sign="现场负责人张示例拒绝签名，已由执法人员记录在案。",
    )  # fmt: skip
    hazards = ws.inspections.raise_hazards(ins.id, deadline_days=5).record
    out, number = ws.print_jobs.inspection_record(ins.id, tmp_path / "rec.pdf")
    assert number == "润安检记〔2026〕1号"
    reader, pages = _text(out)
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == (595.3, 841.9)
    flat = _flat("".join(pages))
    # The issuing body (the government, for an enforcement record) above the title.
    assert flat.startswith("润城镇人民政府现场检查记录润安检记〔2026〕1号")
    assert unit.name in flat and "2026年11月20日9时05分至10时30分" in flat
    for item in ws.inspections.get(ins.id).results:
        assert _flat(item.content) in flat
    assert "灭火器压力不足，两具已过期" in flat and "二楼安全出口上锁" in flat
    assert flat.count("不合格") == 3  # two result cells (drawn bold) and the summary
    for name, cert in (("赵刚", "14050012"), ("钱敏", "14050013")):
        assert f"执法人员：{name}执法证号：{cert}" in flat
    assert "被检查单位现场负责人：张示例" in flat and "拒签说明：现场负责人张示例拒绝签名" in flat
    for h in hazards:
        assert h.code in flat
    assert "四不两直" in flat and "润城镇人民政府" in flat
    # Embedded TrueType subsets, no line starting with closing punctuation.
    for page in reader.pages:
        fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
        assert all("/FontFile2" in f["/FontDescriptor"].get_object()
                   for f in fonts if f["/Subtype"] == "/TrueType")  # fmt: skip
    for line in "\n".join(pages).splitlines():
        assert not line.strip() or line.strip()[0] not in CLOSING, line
    # The number is taken once: a reprint shows the same one, and the record carries it.
    _, again = ws.print_jobs.inspection_record(ins.id, tmp_path / "again.pdf")
    assert again == number
    docs = ws.documents.of_year(2026, DocumentKind.INSPECTION_RECORD)
    assert [(d.number, d.ref, d.unit_id) for d in docs] == [(number, f"inspection:{ins.id}", unit.id)]
    assert ws.inspections.get(ins.id).document_number == number
    assert number in _flat("".join(_text(tmp_path / "again.pdf")[1]))


def test_township_record_without_checklist_fits_one_page(
    ws: Workspace, unit: Unit, tmp_path: Path
) -> None:
    ins = _inspection(ws, unit, checklist=False, witness="孙示例")
    out, number = ws.print_jobs.inspection_record(ins.id, tmp_path / "r")
    assert out.suffix == ".pdf" and number == "润安检记〔2026〕1号"
    reader, pages = _text(out)
    flat = _flat("".join(pages))
    # No office named in the settings: the township government issues it.
    assert flat.startswith("润城镇人民政府安全检查记录") and "执法证号" not in flat
    assert "检查人员：王建国" in flat and "检查机关润城镇人民政府" in flat
    assert "本次检查未使用检查表" in flat and "未发现问题和隐患" in flat and "见证人：孙示例" in flat
    assert len(reader.pages) == 1 and "共1页" not in flat  # no page footer on a one-page record


def test_long_checklist_continues_with_header_and_page_numbers(
    ws: Workspace, unit: Unit, tmp_path: Path
) -> None:
    mine = ws.checklists.copy(ws.checklists.all()[0].id, "四十项检查表").record
    items = tuple(ChecklistItem(seq=i, content=f"第{i}项检查内容", standard="符合有关标准规定的要求，"
                                "记录齐全，设施完好有效") for i in range(1, 41))  # fmt: skip
    mine = ws.checklists.save(dataclasses.replace(mine, items=items)).record
    ins = _inspection(ws, unit, template_id=mine.id, fails={40: "最后一项不合格"})
    out, number = ws.print_jobs.inspection_record(ins.id, tmp_path / "long.pdf")
    reader, pages = _text(out)
    total = len(reader.pages)
    assert total >= 3
    for n, page in enumerate(pages, 1):
        assert f"第{n}页共{total}页" in _flat(page)
    assert _flat(pages[1]).count("检查标准") == 1 and number in _flat(pages[1])  # header repeated
    flat = _flat("".join(pages))
    assert all(f"第{i}项检查内容" in flat for i in range(1, 41))
    assert "最后一项不合格" in flat and "共检查40项：合格39项，不合格1项，不涉及0项" in flat


def test_failed_print_takes_no_number_and_void_takes_a_new_one(
    ws: Workspace, unit: Unit, tmp_path: Path
) -> None:
    ins = _inspection(ws, unit)
    (tmp_path / "file").write_text("x")
    with pytest.raises(OSError):
        ws.print_jobs.inspection_record(ins.id, tmp_path / "file" / "rec.pdf")
    assert ws.documents.of_year(2026) == [] and ws.inspections.get(ins.id).document_number == ""
    _, first = ws.print_jobs.inspection_record(ins.id, tmp_path / "1.pdf")
    ws.documents.void(ws.documents.by_number(first).id, "打印错误", ws.clock())
    _, second = ws.print_jobs.inspection_record(ins.id, tmp_path / "2.pdf")
    assert (first, second) == ("润安检记〔2026〕1号", "润安检记〔2026〕2号")
    assert ws.inspections.get(ins.id).document_number == second


def test_time_text() -> None:
    t = datetime
    assert time_text(t(2026, 11, 20, 9, 5), t(2026, 11, 20, 10, 30)) == "2026年11月20日9时05分至10时30分"
    assert time_text(t(2026, 11, 20, 22), t(2026, 11, 21, 1)) == "2026年11月20日22时00分至11月21日1时00分"
    assert time_text(t(2026, 11, 20, 9), None) == "2026年11月20日9时00分至＿＿时＿＿分"


def test_notice_for_the_inspections_hazards(ws: Workspace, unit: Unit, tmp_path: Path) -> None:
    ins = _inspection(ws, unit, fails={2: "灭火器压力不足", 3: "二楼安全出口上锁"})
    with pytest.raises(ConflictError, match="不合格项转为隐患"):
        ws.print_jobs.inspection_notice(ins.id, tmp_path / "n.pdf")
    assert not (tmp_path / "n.pdf").exists()
    made = ws.inspections.raise_hazards(ins.id, deadline_days=5).record
    out, number = ws.print_jobs.inspection_notice(ins.id, tmp_path / "n.pdf")
    assert number == "润安通〔2026〕1号"
    assert {ws.hazards.get(h.id).state for h in made} == {HazardState.RECTIFYING}
    flat = _flat("".join(_text(out)[1]))
    assert "灭火器压力不足" in flat and "二楼安全出口上锁" in flat
    _, again = ws.print_jobs.inspection_notice(ins.id, tmp_path / "n2.pdf")
    assert again == number and len(ws.documents.of_year(2026, DocumentKind.RECTIFICATION_NOTICE)) == 1
    # The record now names the notice in its 处理意见.
    rec, _ = ws.print_jobs.inspection_record(ins.id, tmp_path / "rec.pdf")
    assert f"已下达文书：{number}" in _flat("".join(_text(rec)[1]))
    # A number the officer already wrote into the note is not repeated.
    ws.inspections.update(dataclasses.replace(ws.inspections.get(ins.id),
                                              disposition_note=f"已下达 {number}"))
    rec, _ = ws.print_jobs.inspection_record(ins.id, tmp_path / "rec2.pdf")
    assert _flat("".join(_text(rec)[1])).count(number) == 1


def test_notice_refused_when_nothing_to_notify(ws: Workspace, unit: Unit, tmp_path: Path) -> None:
    clean = _inspection(ws, unit)
    with pytest.raises(ConflictError, match="没有需要下达"):
        ws.print_jobs.inspection_notice(clean.id, tmp_path / "n.pdf")
    ins = _inspection(ws, unit, fails={1: "未明确责任人"})
    (h,) = ws.inspections.raise_hazards(ins.id).record
    ws.hazards.transition(h.id, HazardAction.ON_SPOT, on=ws.clock(), by="王建国")
    with pytest.raises(ConflictError, match="当场整改"):
        ws.print_jobs.inspection_notice(ins.id, tmp_path / "n.pdf")


def _photo(path: Path, size: tuple[int, int], colour: str) -> Path:
    from PIL import Image

    Image.new("RGB", size, colour).save(path)
    return path


def _images(page: object) -> list[str]:
    xobjects = page["/Resources"].get("/XObject", {})  # type: ignore[index]
    return [k for k, v in xobjects.items() if v.get_object()["/Subtype"] == "/Image"]


def test_record_with_scene_photos_has_an_attachment_page(
    ws: Workspace, unit: Unit, tmp_path: Path, read  # noqa: ANN001
) -> None:
    ins = _inspection(ws, unit, checklist=False)
    plain, _ = ws.print_jobs.inspection_record(ins.id, tmp_path / "plain.pdf")
    assert len(PdfReader(plain).pages) == 1 and "附件" not in read(plain).flat
    photos = ws.inspection_photos
    photos.add(ins.id, _photo(tmp_path / "后厨.jpg", (1600, 1200), "red"))
    photos.add(ins.id, _photo(tmp_path / "通道.png", (600, 900), "green"), note="疏散通道")
    photos.add(ins.id, _photo(tmp_path / "配电.jpg", (800, 600), "blue"))
    out, number = ws.print_jobs.inspection_record(ins.id, tmp_path / "rec.pdf")
    pdf = read(out)
    pdf.check_layout()
    assert len(pdf.reader.pages) == 2  # the one-page record, then its attachment
    assert "附件：现场照片（共3张）" in pdf.page_flat(0) and not _images(pdf.reader.pages[0])
    page = pdf.page_flat(1)
    assert page.startswith("附件现场照片") and f"安全检查记录文号：{number}" in page
    assert unit.name in page and "第2页共2页" in page
    assert "照片1" in page and "照片2：疏散通道" in page and "照片3" in page
    images = _images(pdf.reader.pages[1])
    assert len(images) == 3
    xobjects = pdf.reader.pages[1]["/Resources"]["/XObject"]
    assert max(xobjects[k].get_object()["/Width"] for k in images) <= 900  # scaled down


def test_unreadable_scene_photo_does_not_break_printing(
    ws: Workspace, unit: Unit, tmp_path: Path, read  # noqa: ANN001
) -> None:
    ins = _inspection(ws, unit, checklist=False)
    photos = ws.inspection_photos
    bad = photos.add(ins.id, _photo(tmp_path / "a.jpg", (400, 300), "red")).record
    photos.path(bad).write_bytes(b"not an image any more")
    out, _ = ws.print_jobs.inspection_record(ins.id, tmp_path / "rec.pdf")
    pdf = read(out)
    assert len(pdf.reader.pages) == 1 and "附件" not in pdf.flat  # nothing printable: no attachment
    photos.add(ins.id, _photo(tmp_path / "b.jpg", (400, 300), "blue"))
    out, _ = ws.print_jobs.inspection_record(ins.id, tmp_path / "rec2.pdf")
    pdf = read(out)
    assert len(pdf.reader.pages) == 2 and "附件：现场照片（共1张）" in pdf.flat
    assert len(_images(pdf.reader.pages[1])) == 1
