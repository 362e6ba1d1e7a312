"""The 整改复查意见书 PDF read back: numbering on first print, reprints, grouping, enforcement."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from safetydesk.domain.common import Person, PersonRole, Unit
from safetydesk.domain.documents import DocumentKind
from safetydesk.domain.hazards import EventDetails, Hazard, HazardAction, HazardState
from safetydesk.domain.schedule import DeadlineKind
from safetydesk.errors import ConflictError
from safetydesk.services import Workspace

A = HazardAction


def _hazard(ws: Workspace, unit: Unit, **kw: object) -> int:
    base = dict(
        unit_id=unit.id, location="后厨", found_on=date(2026, 3, 1), found_by="王建国",
        description="液化气钢瓶与灶具间距不足 0.5 米，未安装可燃气体泄漏报警装置",
        measures="调整钢瓶位置；安装泄漏报警装置", deadline_kind=DeadlineKind.DATE, due_on=date(2026, 3, 5),
    )  # fmt: skip
    base.update(kw)
    return ws.hazards.register(Hazard(**base)).record.id  # type: ignore[arg-type]


def _recheck_docs(ws: Workspace) -> list[str]:
    return [d.number for d in ws.documents.of_year(2026, DocumentKind.RECHECK_OPINION)]


def test_opinion_pdf_with_pass_and_fail(
    ws: Workspace, unit: Unit, tmp_path: Path, read: Callable
) -> None:
    # The settings name the 安委办: it issues the township's forms.
    ws.settings.update(office_name="润城镇安全生产委员会办公室")
    a = _hazard(ws, unit)
    b = _hazard(ws, unit, location="大厅", description="灭火器压力不足，指针在红区")
    _, notice = ws.print_jobs.notice([a, b], tmp_path / "n.pdf", on=date(2026, 3, 1))
    ws.hazards.transition(a, A.RECHECK_PASS, on=date(2026, 3, 6), details=EventDetails(rechecked_by=("王建国", "李明"), opinion="钢瓶已移至室外专用钢瓶间，报警装置测试有效"))  # fmt: skip
    ws.hazards.transition(b, A.RECHECK_FAIL, on=date(2026, 3, 6), details=EventDetails(rechecked_by=("王建国",), opinion="灭火器仍未充装", new_due_on=date(2026, 3, 20)))  # fmt: skip
    out, number = ws.print_jobs.recheck(a, tmp_path / "r.pdf")
    assert number == "润安复〔2026〕1号" and out.exists()
    pdf = read(out)
    pdf.check_layout()
    pdf.check_margins()
    assert len(pdf.pages) == 1
    flat = pdf.flat
    assert flat.startswith(f"润城镇安全生产委员会办公室整改复查意见书{number}")
    assert unit.name in flat and notice in flat  # 《安全隐患整改通知书》（润安通〔2026〕1号）
    assert "本办于2026年3月1日作出了《安全隐患整改通知书》" in flat
    assert "2026年3月6日" in flat and "2026年3月20日" in flat
    assert "液化气钢瓶与灶具间距不足0.5米" in flat and "灭火器压力不足" in flat
    assert "钢瓶已移至室外专用钢瓶间" in flat and "灭火器仍未充装" in flat
    assert "不合格" in flat and "第2项隐患复查不合格" in flat
    assert "复查人员：王建国" in flat and "复查人员：李明" in flat
    assert "被复查单位负责人（签收）" in flat and "润城镇安全生产委员会办公室" in flat
    # The other hazard of the notice, rechecked the same day, is on the same opinion.
    _, again = ws.print_jobs.recheck(b, tmp_path / "r2.pdf")
    assert again == number and _recheck_docs(ws) == [number]
    doc = ws.documents.by_number(number)
    assert doc is not None and doc.issued_on == date(2026, 3, 6) and doc.unit_id == unit.id


def test_first_print_numbers_reprint_reuses_next_recheck_gets_next(
    ws: Workspace, unit: Unit, tmp_path: Path, read: Callable
) -> None:
    h = _hazard(ws, unit)
    ws.print_jobs.notice([h], tmp_path / "n.pdf", on=date(2026, 3, 1))
    ws.hazards.transition(h, A.RECHECK_FAIL, on=date(2026, 3, 6), details=EventDetails(rechecked_by=("王建国",), opinion="未整改", new_due_on=date(2026, 3, 20)))  # fmt: skip
    first_event = ws.hazards.events(h)[-1].id
    assert _recheck_docs(ws) == []  # recording a 复查 takes no number; printing does
    _, n1 = ws.print_jobs.recheck(h, tmp_path / "1.pdf")
    _, n1b = ws.print_jobs.recheck(None, tmp_path / "1b.pdf", event_id=first_event)
    assert n1 == n1b == "润安复〔2026〕1号" and _recheck_docs(ws) == [n1]
    ws.hazards.transition(h, A.RECHECK_PASS, on=date(2026, 3, 20), details=EventDetails(rechecked_by=("王建国",), opinion="已整改"))  # fmt: skip
    _, n2 = ws.print_jobs.recheck(h, tmp_path / "2.pdf")
    assert n2 == "润安复〔2026〕2号" and _recheck_docs(ws) == [n1, n2]
    assert (
        "合格" in read(tmp_path / "2.pdf").flat and "2026年3月20日" in read(tmp_path / "2.pdf").flat
    )
    # The old event still reprints its own opinion, with its own number and result.
    _, old = ws.print_jobs.recheck(None, tmp_path / "old.pdf", event_id=first_event)
    assert old == n1 and "不合格" in read(tmp_path / "old.pdf").flat


def test_no_recheck_is_refused(ws: Workspace, unit: Unit, tmp_path: Path) -> None:
    h = _hazard(ws, unit)
    with pytest.raises(ConflictError, match="还没有复查记录"):
        ws.print_jobs.recheck(h, tmp_path / "x.pdf")
    ws.print_jobs.notice([h], tmp_path / "n.pdf", on=date(2026, 3, 1))
    issue_event = ws.hazards.events(h)[-1].id
    with pytest.raises(ConflictError, match="不是复查记录"):
        ws.print_jobs.recheck(None, tmp_path / "x.pdf", event_id=issue_event)
    with pytest.raises(ConflictError, match="不是复查记录"):
        ws.print_jobs.recheck(None, tmp_path / "x.pdf", event_id=9999)
    assert not (tmp_path / "x.pdf").exists() and _recheck_docs(ws) == []


def test_opinion_on_an_order_is_an_enforcement_form(
    ws: Workspace, unit: Unit, tmp_path: Path, read: Callable
) -> None:
    ws.people.save(Person(name="王建国", role=PersonRole.INSPECTOR, cert_no="14052200123"))
    ws.people.save(Person(name="李明", role=PersonRole.INSPECTOR, cert_no="14052200456"))
    h = _hazard(ws, unit, found_by="王建国、李明")
    _, order = ws.print_jobs.order([h], tmp_path / "o.pdf", on=date(2026, 3, 1))
    ws.hazards.transition(h, A.RECHECK_PASS, on=date(2026, 3, 5), details=EventDetails(rechecked_by=("王建国", "李明"), opinion="已整改"))  # fmt: skip
    out, number = ws.print_jobs.recheck(h, tmp_path / "r.pdf")
    pdf = read(out)
    pdf.check_layout()
    flat = pdf.flat
    assert number == "润安复〔2026〕1号" and order in flat
    assert "本机关于2026年3月1日作出了《责令限期整改指令书》" in flat
    assert "执法人员：王建国" in flat and "执法证号：14052200123" in flat
    assert "执法证号：14052200456" in flat and "润城镇人民政府" in flat


def test_a_failed_print_takes_no_number(ws: Workspace, unit: Unit, tmp_path: Path) -> None:
    h = _hazard(ws, unit)
    blocked = tmp_path / "blocked.pdf"
    blocked.mkdir()  # a folder where the PDF should go: the write fails
    with pytest.raises(OSError):
        ws.print_jobs.notice([h], blocked, on=date(2026, 3, 1))
    assert ws.hazards.get(h).state is HazardState.REGISTERED and ws.documents.of_year(2026) == []
    ws.print_jobs.notice([h], tmp_path / "n.pdf", on=date(2026, 3, 1))
    ws.hazards.transition(h, A.RECHECK_PASS, on=date(2026, 3, 6), details=EventDetails(rechecked_by=("王建国",), opinion="已整改"))  # fmt: skip
    with pytest.raises(OSError):
        ws.print_jobs.recheck(h, blocked)
    assert _recheck_docs(ws) == []
    _, number = ws.print_jobs.recheck(h, tmp_path / "r.pdf")
    assert number == "润安复〔2026〕1号"  # never skipped
