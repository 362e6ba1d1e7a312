"""The 叫应记录 PDF read back: warning, calls in chain order, answers, escalation, closing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from callout_chain import START, make_chain

from safetydesk.services import Workspace
from safetydesk.services.callout_record import print_record


def test_record_pdf_of_a_closed_callout(ws: Workspace, tmp_path: Path, read: Callable) -> None:
    ws.callouts.now = lambda: START + timedelta(days=1)
    chain = make_chain(ws)
    callout, _ = ws.callouts.start("防汛", "橙色", [chain.shangzhuang, chain.runcheng],
                                   issued_at=START, source="阳城县气象台",
                                   message="未来3小时上庄村一带降雨量将达50毫米以上")  # fmt: skip
    cid = callout.id or 0
    for name, minutes in (("赵县长", 1), ("孙干部", 2), ("钱镇长", 2), ("周组长", 3)):
        ws.callouts.answer(cid, name, at=START + timedelta(minutes=minutes), on_duty=True)
    ws.callouts.answer(cid, "吴网格", at=START + timedelta(minutes=4), on_duty=True, moved=12,
                       note="危险区5户已转移")  # fmt: skip
    ws.callouts.escalate_due(cid, now=START + timedelta(minutes=6))
    ws.callouts.answer(cid, "冯网格", at=START + timedelta(minutes=9), moved=7)
    ws.callouts.close(cid, at=START + timedelta(hours=9), moved=19, returned=19, note="雨停解除")
    out = print_record(ws, cid, tmp_path / "叫应记录")
    assert out.suffix == ".pdf" and out.exists()
    pdf = read(out)
    pdf.check_layout()
    pdf.check_margins()
    flat = pdf.flat
    assert flat.startswith("润城镇人民政府叫应记录")
    assert "防汛" in flat and "橙色预警" in flat and "2026年7月14日21:30" in flat
    assert "阳城县气象台" in flat and "上庄村、润城村" in flat
    for header in ("序号", "层级", "姓名", "职务", "电话", "应答时间", "确认内容/转移人数", "升级"):
        assert header in flat
    # calls in chain order, with their phones
    order = [flat.index(n) for n in ("赵县长", "孙干部", "钱镇长", "李书记", "周组长", "吴网格", "冯网格")]
    assert order == sorted(order)
    assert "13800000003" in flat and "0356-4000099" in flat
    assert "转移12人" in flat and "危险区5户已转移" in flat
    # 李书记 never answered: escalated to his 上级责任人; 冯网格 answered after escalation
    assert "已升级未应答：上庄村李书记（村包组），21:36升级至钱镇长" in flat
    assert "升级后应答：润城村冯网格" in flat
    assert "共呼叫7人，已应答6人（其中5分钟内应答5人）" in flat
    assert "结束时间：2026年7月15日06:30" in flat and "共转移19人，已返回19人" in flat
    assert "记录人" in flat and "审核人" in flat


def test_record_of_a_running_callout(ws: Workspace, tmp_path: Path, read: Callable) -> None:
    ws.callouts.now = lambda: START + timedelta(minutes=3)
    chain = make_chain(ws)
    callout, _ = ws.callouts.start("地质灾害", "红色", [chain.runcheng], issued_at=START)
    pdf = read(print_record(ws, callout.id or 0, tmp_path / "r.pdf"))
    pdf.check_layout()
    flat = pdf.flat
    assert "尚未结束" in flat and "待应答：润城村冯网格（组包户）" in flat
    assert len(pdf.pages) == 1
