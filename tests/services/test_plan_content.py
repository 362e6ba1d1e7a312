"""ws.plan_content: the content fields and ordered steps of a plan version, and its document."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from safetydesk.domain.common import Village
from safetydesk.domain.plans import PlanKind, PlanStatus, StepSection
from safetydesk.errors import InvalidTransition, NotFoundError, ValidationError
from safetydesk.services import Workspace

OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def make_pdf(path: Path, text: str = "Flood plan 2026") -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.drawString(72, 720, text)
    c.showPage()
    c.save()
    return path


def make_docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return path


def make_ole2(path: Path, marker: str = "WordDocument") -> Path:
    path.write_bytes(OLE2 + b"\x00" * 500 + marker.encode("utf-16-le") + b"\x00" * 500)
    return path


def _effective(ws: Workspace, vid: int) -> None:
    ws.plans.set_state(vid, PlanKind.FLOOD, PlanStatus.SUBMITTED)
    ws.plans.set_state(vid, PlanKind.FLOOD, PlanStatus.EFFECTIVE, adopted_on=date(2026, 4, 10),
                       reviewed_on=date(2026, 4, 20), effective_on=date(2026, 4, 21))  # fmt: skip


def test_fields_and_steps_of_a_draft(ws: Workspace, village: Village) -> None:
    vid = village.id
    assert vid is not None
    ws.plans.add_version(vid, PlanKind.FLOOD, "2026年版", drafted_on=date(2026, 4, 1))
    content = ws.plan_content.edit(
        vid, PlanKind.FLOOD,
        fields={"warning_signal": " 铜锣急促连续敲击 ", "return_conditions": "镇指挥部通知后返回"},
        steps={StepSection.EVACUATION: ["网格员逐户通知", "  ", "组织转移到村委会"],
               "预警": ["接收镇预警"]},
    )  # fmt: skip
    assert content.version.warning_signal == "铜锣急促连续敲击"
    assert content.steps[StepSection.EVACUATION] == ("网格员逐户通知", "组织转移到村委会")
    assert content.steps[StepSection.WARNING] == ("接收镇预警",)
    # Replacing one section keeps the others; an empty list clears one.
    ws.plan_content.edit(vid, PlanKind.FLOOD, steps={"人员转移": ["清点人数"], "善后": []})
    again = ws.plan_content.content(vid, PlanKind.FLOOD)
    assert again.steps[StepSection.EVACUATION] == ("清点人数",)
    assert again.steps[StepSection.WARNING] == ("接收镇预警",)
    assert again.version.return_conditions == "镇指挥部通知后返回"
    with pytest.raises(ValidationError, match="没有“收尾”这一段"):
        ws.plan_content.edit(vid, PlanKind.FLOOD, steps={"收尾": ["x"]})
    with pytest.raises(ValidationError, match="预案内容没有这一项"):
        ws.plan_content.edit(vid, PlanKind.FLOOD, fields={"version": "x"})
    with pytest.raises(NotFoundError, match="地震预案尚未编制"):
        ws.plan_content.content(vid, PlanKind.EARTHQUAKE)


def test_effective_version_is_refused_and_a_new_version_copies_it(
    ws: Workspace, village: Village
) -> None:
    vid = village.id
    assert vid is not None
    ws.plans.add_version(vid, PlanKind.FLOOD, "2026年版", drafted_on=date(2026, 4, 1))
    ws.plan_content.edit(vid, PlanKind.FLOOD, fields={"evacuate_signal": "警报器长鸣"},
                         steps={"处置": ["报告镇值班室", "先期处置"]})  # fmt: skip
    _effective(ws, vid)
    with pytest.raises(InvalidTransition, match="“已生效”，不能再修改内容：请新增一个版本"):
        ws.plan_content.edit(vid, PlanKind.FLOOD, fields={"evacuate_signal": "口哨"})
    old = ws.plan_content.content(vid, PlanKind.FLOOD)
    new = ws.plans.add_version(vid, PlanKind.FLOOD, "2027年版", drafted_on=date(2026, 11, 20))
    copied = ws.plan_content.content(vid, PlanKind.FLOOD)
    assert copied.version.id == new.id != old.version.id
    assert copied.version.evacuate_signal == "警报器长鸣"
    assert copied.steps == old.steps and copied.steps[StepSection.RESPONSE] == ("报告镇值班室",
                                                                               "先期处置")  # fmt: skip
    # Editing the copy leaves the old version's steps alone.
    ws.plan_content.edit(vid, PlanKind.FLOOD, steps={"处置": ["立即报告"]})
    from safetydesk.storage.plan_parts import steps as stored_steps

    assert old.version.id is not None
    assert [s.text for s in stored_steps(ws.db, old.version.id)] == ["报告镇值班室", "先期处置"]


@pytest.mark.parametrize(
    ("maker", "name", "suffix"),
    [
        (make_pdf, "防汛预案.pdf", ".pdf"),
        (make_docx, "防汛预案.docx", ".docx"),
        (make_ole2, "防汛预案.doc", ".doc"),
        (make_ole2, "防汛预案.wps", ".wps"),
        (make_pdf, "防汛预案.docx", ".pdf"),  # by content, not by name
    ],
)
def test_real_documents_are_copied_into_the_data_folder(
    ws: Workspace, village: Village, tmp_path: Path, maker: Callable[[Path], Path], name: str, suffix: str
) -> None:
    vid = village.id
    assert vid is not None and ws.path is not None
    ws.plans.add_version(vid, PlanKind.FLOOD, "2026年版", drafted_on=date(2026, 4, 1))
    source = maker(tmp_path / name)
    v = ws.plan_content.attach(vid, PlanKind.FLOOD, source)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    assert v.attachment == f"plans/{v.plan_id}/{digest[:16]}{suffix}"
    assert (v.attachment_name, v.attachment_sha256) == (name, digest)
    stored = ws.path.parent / "attachments" / v.attachment
    assert stored.read_bytes() == source.read_bytes()
    assert not [p for p in stored.parent.iterdir() if p.name.endswith(".tmp")]
    assert ws.plans.versions(vid, PlanKind.FLOOD)[-1].attachment_sha256 == digest
    if suffix == ".pdf":
        assert "Flood plan 2026" in PdfReader(stored).pages[0].extract_text()
    opened: list[Path] = []
    assert ws.plan_content.open_document(vid, PlanKind.FLOOD, opener=opened.append) == stored
    assert opened == [stored]


@pytest.mark.parametrize(
    ("content", "name", "what"),
    [
        (PNG, "防汛预案.docx", "实际是PNG 图片"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 40, "预案.pdf", "实际是JPEG 图片"),
        (b"MZ\x90\x00" + b"\x00" * 40, "预案.doc", "实际是Windows 程序"),
        ("防汛预案正文".encode(), "预案.wps", "实际是文本文件"),
        (None, "预案.docx", "实际是zip 压缩包"),
        (OLE2 + b"\x00" * 200 + "Workbook".encode("utf-16-le"), "预案.doc", "实际是Excel 表格"),
        (b"\x00\x01\x02\x03" * 10, "预案.pdf", "不是PDF、Word"),
        (b"", "预案.pdf", "是空文件"),
    ],
)
def test_non_documents_are_refused_by_content(
    ws: Workspace, village: Village, tmp_path: Path, content: bytes | None, name: str, what: str
) -> None:
    vid = village.id
    assert vid is not None and ws.path is not None
    ws.plans.add_version(vid, PlanKind.FLOOD, "2026年版", drafted_on=date(2026, 4, 1))
    source = tmp_path / name
    if content is None:
        with zipfile.ZipFile(source, "w") as z:
            z.writestr("readme.txt", "not a document")
    else:
        source.write_bytes(content)
    with pytest.raises(ValidationError, match=what):
        ws.plan_content.attach(vid, PlanKind.FLOOD, source)
    assert ws.plans.versions(vid, PlanKind.FLOOD)[-1].attachment is None
    assert not (ws.path.parent / "attachments" / "plans").exists()


def test_attach_rules_missing_file_and_failed_write(
    ws: Workspace, village: Village, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vid = village.id
    assert vid is not None and ws.path is not None
    ws.plans.add_version(vid, PlanKind.FLOOD, "2026年版", drafted_on=date(2026, 4, 1))
    with pytest.raises(NotFoundError, match="还没有附加文档"):
        ws.plan_content.open_document(vid, PlanKind.FLOOD, opener=lambda p: None)
    # The row cannot be written: the copy is removed, nothing recorded.
    from safetydesk.storage import plans as plan_store

    def broken(*_: object) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(plan_store, "update_version", broken)
    with pytest.raises(RuntimeError):
        ws.plan_content.attach(vid, PlanKind.FLOOD, make_pdf(tmp_path / "a.pdf"))
    monkeypatch.undo()
    folder = ws.path.parent / "attachments" / "plans"
    assert folder.is_dir() and not any(p.is_file() for p in folder.rglob("*"))
    # An 已生效 plan entered without its document may get one, but not have it replaced.
    _effective(ws, vid)
    v = ws.plan_content.attach(vid, PlanKind.FLOOD, make_docx(tmp_path / "b.docx"))
    with pytest.raises(InvalidTransition, match="不能再更换文档"):
        ws.plan_content.attach(vid, PlanKind.FLOOD, make_pdf(tmp_path / "c.pdf"))
    # The new version starts with the same document; a missing file is reported clearly.
    ws.plans.add_version(vid, PlanKind.FLOOD, "2027年版")
    assert ws.plans.versions(vid, PlanKind.FLOOD)[-1].attachment == v.attachment
    assert v.attachment is not None
    (ws.path.parent / "attachments" / v.attachment).unlink()
    with pytest.raises(NotFoundError, match="「b.docx」不在数据文件夹中"):
        ws.plan_content.open_document(vid, PlanKind.FLOOD, opener=lambda p: None)
