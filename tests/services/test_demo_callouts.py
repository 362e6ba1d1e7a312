"""The demo's past 防汛 call-out, with or without a 包保 chain written before it."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from callout_chain import make_chain

from safetydesk.domain.baobao import BaobaoAssignment
from safetydesk.domain.callouts import CallState
from safetydesk.services import Workspace
from safetydesk.services.demo import create_demo
from safetydesk.services.demo.callouts import create_demo_callouts


def test_demo_has_one_closed_flood_callout(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "demo.db", clock=lambda: date(2026, 11, 23))
    try:
        create_demo(ws, today=date(2026, 11, 23))
        (callout,) = ws.callouts.list()
        assert callout.kind == "防汛" and callout.level == "橙色"
        assert callout.issued_at == datetime(2026, 7, 18, 21, 30)
        st = ws.callouts.show(callout.id or 0)
        assert st.villages == ("上庄村", "润城村", "屯城村")
        assert all(x.state is CallState.ANSWERED for x in st.lines)
        escalated = [x for x in st.lines if x.call.escalated_at is not None]
        assert len(escalated) == 1 and escalated[0].village == "润城村"
        assert escalated[0].escalate_to  # named: the level above in 润城村
        late = escalated[0].call.answered_at
        assert late is not None and late > st.escalate_by
        on_time = [x for x in st.lines if x.call.escalated_at is None]
        assert all((x.call.answered_at or late) <= st.escalate_by for x in on_time)
        assert callout.closed_at is not None and callout.moved == st.reported_moved > 0
        assert callout.returned is not None and 0 <= callout.returned < callout.moved
        # the record prints
        from safetydesk.services.callout_record import print_record

        assert print_record(ws, callout.id or 0, tmp_path / "r.pdf").stat().st_size > 0
    finally:
        ws.close()


def test_demo_callout_uses_an_existing_chain(ws: Workspace) -> None:
    chain = make_chain(ws)  # 上庄村 and 润城村 have a chain; 屯城村 has none
    before = ws.plan_parts.all(BaobaoAssignment)
    with ws.db.atomic():
        cid = create_demo_callouts(ws, today=date(2026, 11, 23))
    after = ws.plan_parts.all(BaobaoAssignment)
    added = [a for a in after if a.id not in {b.id for b in before}]
    assert added and {a.village_id for a in added} == {chain.tuncheng}
    names = [c.name for c in ws.callouts.calls(cid)]
    assert names[:3] == ["赵县长", "孙干部", "钱镇长"]
    assert ws.callouts.get(cid).closed
