"""The 隐患排查治理台账 PDF read back: landscape, header on every page, page count, filter, marks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from safetydesk.domain.common import Unit, Village
from safetydesk.domain.hazards import EventDetails, Hazard, HazardAction
from safetydesk.domain.queries import HazardQuery
from safetydesk.domain.schedule import DeadlineKind
from safetydesk.services import Workspace

A = HazardAction


def _hazard(ws: Workspace, unit: Unit, found: date, **kw: object) -> int:
    base = dict(
        unit_id=unit.id, location="仓库二楼东侧", found_on=found, found_by="王建国",
        description="电气线路私拉乱接，未穿管保护，插座串接使用，周边堆放可燃纸箱",
        measures="由持证电工规范敷设线路并穿管保护；清理可燃物", responsible_person="张三",
        deadline_kind=DeadlineKind.DATE, due_on=found + timedelta(days=7),
    )  # fmt: skip
    base.update(kw)
    return ws.hazards.register(Hazard(**base)).record.id  # type: ignore[arg-type]


@pytest.fixture
def hundred_twenty(ws: Workspace, unit: Unit, village: Village) -> list[int]:
    ids = [_hazard(ws, unit, date(2026, 1, 5) + timedelta(days=2 * i)) for i in range(120)]
    for i, h in enumerate(ids[:60]):
        ws.hazards.issue_notice([h], on=ws.hazards.get(h).found_on)
        if i % 3 == 0:
            due = ws.hazards.get(h).due_on
            ws.hazards.transition(
                h, A.RECHECK_PASS, on=due, details=EventDetails(rechecked_by=("王建国",), opinion="已整改"))
    return ids


def test_ledger_of_120_hazards(
    ws: Workspace, hundred_twenty: list[int], tmp_path: Path, read: Callable
) -> None:
    statements: list[str] = []
    ws.db.conn.set_trace_callback(statements.append)
    out, count = ws.forms.hazard_ledger(HazardQuery(order_by="found"), tmp_path / "l.pdf")
    ws.db.conn.set_trace_callback(None)
    assert count == 120
    # Batched reads: a handful of queries, not one (or more) per row.
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) < 15
    pdf = read(out)
    pdf.check_layout(landscape=True)
    pages = len(pdf.pages)
    assert pages >= 5
    for i in range(pages):
        flat = pdf.page_flat(i)
        assert flat.count("隐患部位及描述") == 1  # the header row, repeated on every page
        assert f"第{i + 1}页共{pages}页" in flat
    flat = pdf.flat
    assert "润城镇隐患排查治理台账" in pdf.page_flat(0)
    assert "填报单位：润城镇安全生产委员会办公室" in flat and "制表日期：2026年11月23日" in flat
    assert "合计：共120条隐患" in flat
    hazards = ws.hazards.list(HazardQuery())
    for h in hazards:
        assert h.code in flat
    overdue = sum(h.overdue(date(2026, 11, 23)) for h in hazards)
    assert overdue > 0 and flat.count("※逾期") == overdue + 1  # + the note under the table
    assert f"逾期未整改{overdue}条" in flat
    assert "2026年1月5日" in flat and "2026年1月12日" in flat  # found on, due on
    assert "电气线路私拉乱接" in flat and "张三" in flat and "润城村" in flat
    assert "复查合格（王建国）" in flat


def test_filter_is_described_and_cancelled_left_out(
    ws: Workspace, unit: Unit, tmp_path: Path, read: Callable
) -> None:
    late = _hazard(ws, unit, date(2026, 3, 1), description="疏散通道堆放杂物")
    ws.hazards.issue_notice([late], on=date(2026, 3, 1))
    done = _hazard(ws, unit, date(2026, 3, 2), description="灭火器压力不足")
    ws.hazards.issue_notice([done], on=date(2026, 3, 2))
    ws.hazards.transition(done, A.RECHECK_PASS, on=date(2026, 3, 6), details=EventDetails(rechecked_by=("李明",), opinion="已更换"))  # fmt: skip
    ws.hazards.transition(done, A.CLOSE, on=date(2026, 3, 8))
    gone = _hazard(ws, unit, date(2026, 3, 3), description="误报的一条")
    ws.hazards.transition(gone, A.CANCEL, on=date(2026, 3, 3), details=EventDetails(reason="重复登记"))
    out, count = ws.forms.hazard_ledger(HazardQuery(), tmp_path / "all.pdf")
    flat = read(out).flat
    assert count == 2 and "误报的一条" not in flat and "状态：全部（不含已撤销）" in flat
    assert "复查合格（李明）" in flat and "2026年3月8日销号" in flat and "2026年3月6日" in flat
    query = HazardQuery(
        states=("整改中",), overdue_on=date(2026, 11, 23), found_from=date(2026, 1, 1), found_to=date(2026, 11, 30)
    )
    out, count = ws.forms.hazard_ledger(query, tmp_path / "f.pdf", title_note="供安委会会议使用")
    pdf = read(out)
    pdf.check_layout(landscape=True)
    flat = pdf.flat
    assert count == 1 and "疏散通道堆放杂物" in flat and "灭火器压力不足" not in flat
    assert (
        "状态：整改中；逾期（截至2026年11月23日）；发现日期：2026年1月1日—2026年11月30日；"
        "供安委会会议使用" in flat
    )
    assert "※逾期" in flat


def test_empty_ledger_still_prints(ws: Workspace, tmp_path: Path, read: Callable) -> None:
    out, count = ws.forms.hazard_ledger(HazardQuery(level="重大"), tmp_path / "e.pdf")
    pdf = read(out)
    assert count == 0 and "合计：共0条隐患" in pdf.flat and "等级：重大" in pdf.flat
