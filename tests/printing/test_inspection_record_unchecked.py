"""The 安全检查记录 and 未检查: the print job refuses a 草稿 (no PDF, no number), and should the form
ever be handed an unanswered item it prints 未检查 in the result cell and never counts it as 合格."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from safetydesk.domain.common import Unit
from safetydesk.domain.inspections import Inspection, ItemResult
from safetydesk.printing.forms.inspection_record import RecordData, ResultLine, render
from safetydesk.printing.page import Signer
from safetydesk.services import Workspace
from safetydesk.services.inspections import UncheckedItemsError, inspector


def _flat(path: Path) -> str:
    return "".join(p.extract_text() for p in PdfReader(path).pages).replace("\n", "").replace(" ", "")


def test_the_print_job_refuses_a_draft(ws: Workspace, unit: Unit, tmp_path: Path) -> None:
    tid = next(t.id for t in ws.checklists.all() if t.family == "fire-general")
    results = list(ws.inspections.start_from_template(tid))
    results[0] = dataclasses.replace(results[0], result=ItemResult.PASS)
    ins = ws.inspections.record(Inspection(
        unit_id=unit.id, started_at=datetime(2026, 11, 20, 9, 0), inspectors=(inspector("王建国"),),
        recorder="王建国", narrative="检查中。", template_id=tid, results=tuple(results),
    )).record  # fmt: skip
    out = tmp_path / "rec.pdf"
    with pytest.raises(UncheckedItemsError, match="第2、3、4、5、6、7、8、9、10、11、12项"):
        ws.print_jobs.inspection_record(ins.id, out)
    assert not out.exists() and ws.documents.listing(2026) == []
    assert ws.inspections.get(ins.id).document_number == ""


def test_an_unanswered_line_prints_as_unchecked_not_passed(tmp_path: Path) -> None:
    data = RecordData(
        number="润安检记〔2026〕9号", office="润城镇安全生产委员会办公室", unit_name="示例饭店（虚构）",
        time_text="2026年11月20日9时00分至10时00分", kind="日常检查", methods="常规",
        inspectors=[Signer("王建国", "")], recorder="王建国",
        results=[ResultLine(1, "灭火器配置", "压力正常", "合格"),
                 ResultLine(2, "疏散通道、安全出口", "畅通", "未检查"),
                 ResultLine(3, "应急照明", "完好", "不涉及")],
    )  # fmt: skip
    out = tmp_path / "form.pdf"
    render(data, out)
    text = _flat(out)
    assert "疏散通道、安全出口畅通未检查" in text
    assert "共检查3项：合格1项，不合格0项，不涉及1项。" in text
