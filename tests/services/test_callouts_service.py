"""叫应 through ``ws.callouts`` on a real SQLite file: the call list, answers, escalation, closing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from callout_chain import START, make_chain

from safetydesk.errors import ConflictError, NotFoundError, ValidationError, ValidationErrors
from safetydesk.services import Workspace
from safetydesk.storage import plan_parts as store


@pytest.fixture
def cws(ws: Workspace) -> Workspace:
    """The workspace with the test chain and "now" an hour after the storm warning."""
    ws.callouts.now = lambda: START + timedelta(hours=1)
    return ws


def _start(ws: Workspace, *villages: int, kind: str = "防汛") -> int:
    callout, _ = ws.callouts.start(kind, "橙色", list(villages), issued_at=START,
                                   source="阳城县气象台", message="暴雨橙色预警")  # fmt: skip
    assert callout.id is not None
    return callout.id


def test_call_list_follows_the_chain_top_first(cws: Workspace) -> None:
    chain = make_chain(cws)
    callout, calls = cws.callouts.start("防汛", "橙色", [chain.shangzhuang, chain.runcheng],
                                        issued_at=START, source="阳城县气象台")  # fmt: skip
    assert [c.name for c in calls] == ["赵县长", "孙干部", "钱镇长", "李书记", "周组长", "吴网格", "冯网格"]
    assert [c.position for c in calls] == list(range(1, 8))
    by_name = {c.name: c for c in calls}
    # mobile from the register, the assignment's backup phone kept after it
    assert by_name["孙干部"].phone == "13800000003 / 0356-4000099"
    assert by_name["钱镇长"].phone == "13800000002"
    assert by_name["孙干部"].role == "驻村干部"
    # the household levels also report how many people they moved
    assert by_name["吴网格"].confirm == "收到、到岗、转移人数"
    assert by_name["李书记"].confirm == "收到、到岗"
    # written: the call-out, its villages and its calls, read back from the file
    stored = store.calls(cws.db, callout.id or 0)
    assert [c.name for c in stored] == [c.name for c in calls]
    assert sorted(cws.callouts.villages_of(callout.id or 0)) == sorted(
        [chain.shangzhuang, chain.runcheng]
    )
    # the villages' order decides the order within a level; 防火 calls the 党员 (fire only)
    fire_out, fire = cws.callouts.start("防火", "黄色", [chain.runcheng, chain.shangzhuang],
                                        issued_at=START)  # fmt: skip
    assert [c.name for c in fire] == ["赵县长", "钱镇长", "孙干部", "李书记", "周组长", "冯网格", "郑党员"]
    assert cws.callouts.village_names(fire_out.id or 0) == ["润城村", "上庄村"]
    assert cws.callouts.show(fire_out.id or 0).villages == ("润城村", "上庄村")


def test_escalation_minutes_default_to_the_setting(cws: Workspace) -> None:
    chain = make_chain(cws)
    cws.settings.update(callout_escalate_minutes="15")
    first, _ = cws.callouts.start("防汛", "橙色", [chain.runcheng], issued_at=START)
    assert first.escalate_after == 15
    assert cws.callouts.show(first.id or 0, now=START + timedelta(minutes=14)).overdue == []
    second, _ = cws.callouts.start("防汛", "橙色", [chain.runcheng], issued_at=START,
                                   escalate_after=3)  # fmt: skip
    assert second.escalate_after == 3


def test_start_refuses_a_village_without_chain_and_writes_nothing(cws: Workspace) -> None:
    chain = make_chain(cws)
    with pytest.raises(ValidationError) as exc:
        cws.callouts.start("防汛", "红色", [chain.runcheng, chain.tuncheng], issued_at=START)
    assert "屯城村" in exc.value.message and "润城村" not in exc.value.message
    assert cws.callouts.list() == []
    with pytest.raises(ValidationErrors) as many:
        cws.callouts.start("防汛", "红色", [chain.runcheng], issued_at=START,
                           escalate_after=0)  # fmt: skip
    assert "escalate_after" in many.value.errors
    with pytest.raises(ValidationError):
        cws.callouts.start("暴雪", "红色", [chain.runcheng], issued_at=START)
    with pytest.raises(ValidationErrors) as future:
        cws.callouts.start("防汛", "红色", [chain.runcheng], issued_at=START + timedelta(hours=2))
    assert "issued_at" in future.value.errors
    assert cws.callouts.list() == []


def test_answers_pending_and_overdue(cws: Workspace) -> None:
    chain = make_chain(cws)
    cid = _start(cws, chain.shangzhuang, chain.runcheng)
    cws.callouts.answer(cid, "赵县长", at=START + timedelta(minutes=1), on_duty=True)
    cws.callouts.answer(cid, "吴网格", at=START + timedelta(minutes=3), moved=12, note="5户已转移")
    early = cws.callouts.show(cid, now=START + timedelta(minutes=4))
    assert [x.call.name for x in early.answered] == ["赵县长", "吴网格"]
    assert len(early.pending) == 5 and early.overdue == []
    late = cws.callouts.show(cid, now=START + timedelta(minutes=5))
    assert [x.call.name for x in late.overdue] == ["孙干部", "钱镇长", "李书记", "周组长", "冯网格"]
    assert late.reported_moved == 12
    wu = next(x.call for x in late.answered if x.call.name == "吴网格")
    assert wu.answered_at == START + timedelta(minutes=3) and wu.moved == 12 and wu.note == "5户已转移"
    # a call back reports more people moved; the first answer's time stays
    cws.callouts.answer(cid, "吴网格", at=START + timedelta(minutes=20), moved=15)
    again = store.calls(cws.db, cid)
    wu2 = next(c for c in again if c.name == "吴网格")
    assert wu2.answered_at == START + timedelta(minutes=3) and wu2.moved == 15


def test_answer_time_and_person_checks(cws: Workspace) -> None:
    chain = make_chain(cws)
    cid = _start(cws, chain.shangzhuang)
    with pytest.raises(ValidationError) as before:
        cws.callouts.answer(cid, "李书记", at=START - timedelta(minutes=1))
    assert "早于预警时间" in before.value.message
    with pytest.raises(ValidationError) as future:
        cws.callouts.answer(cid, "李书记", at=START + timedelta(hours=2))
    assert "晚于现在" in future.value.message
    with pytest.raises(NotFoundError):
        cws.callouts.answer(cid, "冯网格", at=START)  # 润城村 was not called
    with pytest.raises(NotFoundError):
        cws.callouts.answer(999, "李书记", at=START)
    call_id = next(c.id for c in store.calls(cws.db, cid) if c.name == "李书记")
    answered = cws.callouts.answer(cid, str(call_id), at=START + timedelta(minutes=2))
    assert answered.name == "李书记" and answered.answered_at == START + timedelta(minutes=2)


def test_escalation_names_the_next_level(cws: Workspace) -> None:
    chain = make_chain(cws)
    cid = _start(cws, chain.shangzhuang, chain.runcheng)
    for name in ("赵县长", "孙干部", "钱镇长", "周组长"):
        cws.callouts.answer(cid, name, at=START + timedelta(minutes=2))
    assert cws.callouts.escalate_due(cid, now=START + timedelta(minutes=4)) == []
    done = cws.callouts.escalate_due(cid, now=START + timedelta(minutes=6))
    assert {c.name for c in done} == {"李书记", "吴网格", "冯网格"}
    status = cws.callouts.show(cid, now=START + timedelta(minutes=7))
    to = {x.call.name: x.escalate_to for x in status.escalated}
    # 李书记's own 上级责任人; else the person one level up in the same village
    assert to == {"李书记": "钱镇长", "吴网格": "李书记", "冯网格": "钱镇长"}
    assert all(x.call.escalated_at == START + timedelta(minutes=6) for x in status.escalated)
    assert status.overdue == []
    # escalated calls may still be answered later
    cws.callouts.answer(cid, "李书记", at=START + timedelta(minutes=9))
    after = cws.callouts.show(cid, now=START + timedelta(minutes=10))
    assert [x.call.name for x in after.escalated] == ["吴网格", "冯网格"]
    assert next(x for x in after.answered if x.call.name == "李书记").call.escalated_at is not None


def test_close_records_moved_and_returned_and_refuses_later_answers(cws: Workspace) -> None:
    chain = make_chain(cws)
    cid = _start(cws, chain.runcheng)
    cws.callouts.answer(cid, "冯网格", at=START + timedelta(minutes=2), moved=9)
    with pytest.raises(ValidationErrors) as bad:
        cws.callouts.close(cid, at=START + timedelta(minutes=50), moved=5, returned=6)
    assert "returned" in bad.value.errors
    with pytest.raises(ValidationError):
        cws.callouts.close(cid, at=START - timedelta(minutes=1), moved=5, returned=5)
    assert cws.callouts.get(cid).closed_at is None
    closed = cws.callouts.close(cid, at=START + timedelta(minutes=50), moved=8, returned=8,
                                note="雨停，解除预警")  # fmt: skip
    assert closed.callout.moved == 8 and closed.callout.returned == 8
    assert closed.warnings and "9" in closed.warnings[0]  # fewer moved than reported
    again = cws.callouts.get(cid)
    assert again.closed_at == START + timedelta(minutes=50) and again.closing_note == "雨停，解除预警"
    with pytest.raises(ConflictError):
        cws.callouts.answer(cid, "钱镇长", at=START + timedelta(minutes=55))
    with pytest.raises(ConflictError):
        cws.callouts.close(cid, at=START + timedelta(minutes=55), moved=8, returned=8)
    # a closed call-out is seen as at its closing time
    status = cws.callouts.show(cid, now=START + timedelta(days=3))
    assert [x.call.name for x in status.overdue] == ["赵县长", "钱镇长"]
    assert [c.id for c in cws.callouts.list()] == [cid]
