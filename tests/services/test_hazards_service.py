"""The hazard loop on a real database: register, every action, events, notices, filters."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from safetydesk.domain.common import Unit, UnitType, Village
from safetydesk.domain.hazards import EventDetails, Hazard, HazardAction, HazardLevel, HazardState
from safetydesk.domain.queries import HazardQuery, ListQuery
from safetydesk.domain.schedule import DeadlineKind
from safetydesk.errors import ConflictError, InvalidTransition, ValidationErrors
from safetydesk.services import Workspace

A, S = HazardAction, HazardState
D = date(2026, 11, 2)
#: The 五到位 of a 重大 hazard beyond its measures and deadline (挂牌督办 and 验收 need them).
FIVE = {"responsible_person": "张三", "funds": 2.5, "emergency_plan": "整改期间停用后厨燃气，专人看护"}


def make(ws: Workspace, unit: Unit, **kw: object) -> Hazard:
    base = dict(
        unit_id=unit.id, description="厨房液化气钢瓶与灶具间距不足 0.5 米", measures="调整钢瓶位置",
        found_on=date(2026, 11, 2), found_by="王建国", deadline_kind=DeadlineKind.CALENDAR_DAYS, deadline_days=7,
    )
    base.update(kw)
    return ws.hazards.register(Hazard(**base)).record  # type: ignore[arg-type]


def test_register_assigns_code_village_sector_and_deadline(ws: Workspace, unit: Unit) -> None:
    h = make(ws, unit)
    assert h.code == "润-2026-0001" and h.state is S.REGISTERED
    assert h.village_id == unit.village_id and h.sector == "九小场所"
    assert h.due_on == date(2026, 11, 9) and h.responsible_unit == unit.name
    assert make(ws, unit).code == "润-2026-0002"


def test_working_day_deadline(ws: Workspace, unit: Unit) -> None:
    h = make(ws, unit, found_on=date(2025, 9, 30), deadline_kind=DeadlineKind.WORKING_DAYS, deadline_days=2)
    assert h.due_on == date(2025, 10, 10)  # 国庆 holidays skipped


def test_bad_input_is_refused_and_nothing_written(ws: Workspace, unit: Unit) -> None:
    with pytest.raises(ValidationErrors) as err:
        make(ws, unit, level=HazardLevel.MAJOR, deadline_kind=DeadlineKind.DATE, due_on=date(2026, 11, 1),
             description="", funds=-1.0, responsible_phone="123")
    assert set(err.value.errors) >= {"basis", "due_on", "description", "funds", "responsible_phone"}
    assert "早于发现日期" in err.value.errors["due_on"]
    with pytest.raises(ValidationErrors) as err:
        make(ws, unit, found_on=date(2026, 12, 1))
    assert "found_on" in err.value.errors
    assert ws.hazards.count() == 0


def test_full_loop_with_events(ws: Workspace, unit: Unit) -> None:
    h = make(ws, unit)
    saved = ws.hazards.issue_notice([h.id], on=D, by="王建国")
    assert ws.hazards.get(h.id).state is S.RECTIFYING
    assert saved.record.number == "润安通〔2026〕1号" and h.id in saved.changes.ids
    assert ws.hazards.get(h.id).notice_id == saved.record.id
    doc = ws.documents.of_year(2026)[0]
    assert doc.number == "润安通〔2026〕1号" and doc.unit_id == unit.id
    ws.hazards.transition(h.id, A.RECEIPT, on=date(2026, 11, 8))
    with pytest.raises(ValidationErrors) as err:
        ws.hazards.transition(h.id, A.RECHECK_FAIL, on=date(2026, 11, 10), details=EventDetails(rechecked_by=("李四",), opinion="未整改到位"))
    assert "new_due_on" in err.value.errors
    ws.hazards.transition(h.id, A.RECHECK_FAIL, on=date(2026, 11, 10), details=EventDetails(rechecked_by=("李四",), opinion="未整改到位", new_due_on=date(2026, 11, 17)))
    assert ws.hazards.get(h.id).due_on == date(2026, 11, 17)
    ws.hazards.transition(h.id, A.EXTEND, on=date(2026, 11, 15), details=EventDetails(requested_on=date(2026, 11, 14), reason="配件未到", new_due_on=date(2026, 11, 20), approver="张站长"))
    ws.hazards.transition(h.id, A.RECHECK_PASS, on=date(2026, 11, 20), details=EventDetails(rechecked_by=("李四", "王五"), opinion="已整改"))
    done = ws.hazards.transition(h.id, A.CLOSE, on=date(2026, 11, 21)).record
    assert done.state is S.CLOSED and done.rectified_on == date(2026, 11, 20) and done.closed_on == date(2026, 11, 21)
    events = ws.hazards.events(h.id)
    assert [e.action for e in events] == [A.ISSUE_NOTICE, A.RECEIPT, A.RECHECK_FAIL, A.EXTEND,
                                         A.RECHECK_PASS, A.CLOSE]
    assert [e.to_state for e in events][-2:] == [S.RECHECK_PASSED, S.CLOSED]
    assert events[3].details.old_due_on == date(2026, 11, 17)  # the extension keeps the old deadline as history


def test_close_without_recheck_and_major_acceptance(ws: Workspace, unit: Unit) -> None:
    h = make(ws, unit, level=HazardLevel.MAJOR, basis="判定标准第三条", **FIVE)
    with pytest.raises(InvalidTransition, match="复查合格后"):
        ws.hazards.transition(h.id, A.CLOSE, on=D)
    ws.hazards.transition(h.id, A.ON_SPOT, on=D)
    with pytest.raises(InvalidTransition, match="验收"):
        ws.hazards.transition(h.id, A.CLOSE, on=D)
    with pytest.raises(ValidationErrors):
        ws.hazards.transition(h.id, A.ACCEPT, on=D)
    ws.hazards.transition(h.id, A.ACCEPT, on=D, details=EventDetails(accepted_unit="县应急管理局", accepted_by="赵科长"))
    assert ws.hazards.transition(h.id, A.CLOSE, on=D).record.state is S.CLOSED


def test_cancel_and_transfer_need_their_details(ws: Workspace, unit: Unit) -> None:
    a, b = make(ws, unit), make(ws, unit)
    with pytest.raises(ValidationErrors):
        ws.hazards.transition(a.id, A.CANCEL, on=D)
    assert ws.hazards.get(a.id).state is S.REGISTERED  # nothing half-written
    assert ws.hazards.events(a.id) == []
    ws.hazards.transition(a.id, A.CANCEL, on=D, details=EventDetails(reason="误报"))
    ws.hazards.transition(b.id, A.TRANSFER, on=D, details=EventDetails(department="县住房和城乡建设局"))
    assert ws.hazards.get(b.id).transfer_department == "县住房和城乡建设局"
    with pytest.raises(InvalidTransition):
        ws.hazards.transition(b.id, A.RECEIPT, on=D)


def test_one_notice_per_unit(ws: Workspace, village: Village, unit: Unit) -> None:
    other = ws.units.save(Unit(name="另一示例店", type=UnitType.OTHER, village_id=village.id)).record
    a, b, c = make(ws, unit), make(ws, unit), make(ws, other)
    with pytest.raises(ConflictError, match="一个单位"):
        ws.hazards.issue_notice([a.id, c.id], on=D)
    assert ws.documents.of_year(2026) == []
    ws.hazards.issue_notice([a.id, b.id], on=D)
    assert len(ws.documents.of_year(2026)) == 1
    assert {ws.hazards.get(i).state for i in (a.id, b.id)} == {S.RECTIFYING}


def test_filters(ws: Workspace, unit: Unit) -> None:
    late = make(ws, unit, found_on=date(2026, 10, 1))  # due 10-08: overdue on 11-23
    ws.hazards.issue_notice([late.id], on=date(2026, 10, 1))
    soon = make(ws, unit, found_on=date(2026, 11, 20), deadline_kind=DeadlineKind.CALENDAR_DAYS, deadline_days=5)
    major = make(ws, unit, level=HazardLevel.MAJOR, basis="x", listed_level="县级", found_on=date(2026, 11, 21),
                 **FIVE)
    q = ws.hazards.list_ids
    assert q(HazardQuery(overdue_on=date(2026, 11, 23))) == [late.id]
    assert set(q(HazardQuery(due_by=date(2026, 11, 25)))) == {late.id, soon.id}
    assert q(HazardQuery(level="重大")) == [major.id]
    assert q(HazardQuery(listed=True)) == [major.id]
    assert q(HazardQuery(states=("整改中",))) == [late.id]
    assert set(q(HazardQuery(found_from=date(2026, 11, 1)))) == {soon.id, major.id}
    assert q(HazardQuery(text="钢瓶", level="重大")) == [major.id]
    assert ws.hazards.get(late.id).overdue(date(2026, 11, 23))


def test_update_keeps_state_and_code(ws: Workspace, unit: Unit) -> None:
    h = make(ws, unit)
    ws.hazards.issue_notice([h.id], on=D)
    fixed = ws.hazards.update(dataclasses.replace(ws.hazards.get(h.id), location="后厨")).record
    assert fixed.state is S.RECTIFYING and fixed.code == h.code and fixed.location == "后厨"


def test_demo_hazards_are_consistent(tmp_path) -> None:  # noqa: ANN001
    """The demo's hazards follow the state machine, with gap-free notice numbers."""
    from safetydesk.domain.hazards import TRANSITIONS
    from safetydesk.services.demo import create_demo

    today = date(2026, 11, 23)
    with Workspace.open(tmp_path / "demo.db", clock=lambda: today) as demo:
        create_demo(demo, seed=3, today=today)
        hazards = demo.hazards.list()
        assert len(hazards) == 62  # 60 a year, one 重大 from an old ledger, one found in a drill
        states = {h.state for h in hazards}
        assert {S.CLOSED, S.RECTIFYING} <= states
        assert demo.hazards.count(HazardQuery(overdue_on=today)) > 0
        for h in hazards:
            events = demo.hazards.events(h.id)
            state = S.REGISTERED
            for e in events:
                assert e.from_state is state and TRANSITIONS[(state, e.action)] is e.to_state
                assert h.found_on <= e.on <= today
                state = e.to_state
            assert state is h.state
            if h.major and h.state is S.CLOSED:
                assert h.accepted
        for year in (2025, 2026):
            serials = [d.serial for d in demo.documents.of_year(year)]
            assert serials == list(range(1, len(serials) + 1))
        # The service continues numbering where the demo stopped.
        unit = demo.units.list()[0]
        new = make(demo, unit, found_on=date(2026, 11, 23))
        assert new.code == f"润-2026-{sum(h.code.startswith('润-2026') for h in hazards) + 1:04d}"


def test_text_search_combines_with_every_filter_and_order(ws: Workspace, unit: Unit) -> None:
    """Text queries read the id-led text index; any filter, archive choice and order still works."""
    from safetydesk.domain.queries import ArchiveFilter

    a = make(ws, unit, description="灭火器压力不足")
    b = make(ws, unit, description="灭火器过期", found_on=date(2026, 11, 5))
    make(ws, unit, description="疏散通道堵塞")
    ws.hazards.transition(b.id, A.ON_SPOT, on=date(2026, 11, 5))
    for order in ("default", "due", "state", "level", "village", "code"):
        for archive in (ArchiveFilter.ACTIVE, ArchiveFilter.ALL):
            q = HazardQuery(text="灭火器", order_by=order, archive=archive)
            assert set(ws.hazards.list_ids(q)) == {a.id, b.id}
            assert ws.hazards.count(q) == 2
        assert ws.hazards.list_ids(HazardQuery(text="灭火器", order_by=order,
                                               archive=ArchiveFilter.ARCHIVED)) == []
    q = HazardQuery(text="灭火器", states=("已登记",))
    assert ws.hazards.list_ids(q) == [a.id] and ws.hazards.count(q) == 1
    # Newest first by default; reversing a column that is itself DESC gives oldest first.
    assert ws.hazards.list_ids(HazardQuery(text="灭火器")) == [b.id, a.id]
    assert ws.hazards.list_ids(HazardQuery(text="灭火器", descending=True)) == [a.id, b.id]
    assert ws.units.list_ids(ListQuery(text="示例饭店", archive=ArchiveFilter.ALL)) == [unit.id]


def test_bounds_of_dates_days_and_money(ws: Workspace, unit: Unit) -> None:
    """Typing errors are refused with a Chinese message, never stored or crashing (issue 9, 20)."""
    for kw, field, words in (
        ({"deadline_days": 1_000_000_000_000}, "due_on", "1 到 3650 天"),
        ({"deadline_days": 99999}, "due_on", "超出范围"),
        ({"found_on": date(1, 1, 1)}, "found_on", "早于 2000 年"),
        ({"funds": float("inf")}, "funds", "应为数字"),
        ({"funds": float("nan")}, "funds", "应为数字"),
    ):
        with pytest.raises(ValidationErrors) as err:
            make(ws, unit, **kw)
        assert words in err.value.errors[field], kw
    assert ws.hazards.count() == 0
    h = make(ws, unit, deadline_days=3650)
    with pytest.raises(ValidationErrors) as err:
        ws.hazards.issue_notice([h.id], on=date(1999, 1, 1))
    assert "早于" in err.value.errors["on"]
    with pytest.raises(ValidationErrors) as err:
        ws.hazards.issue_notice([h.id], on=date(2027, 1, 1))
    assert "今天之后" in err.value.errors["on"]
    assert ws.hazards.get(h.id).state is S.REGISTERED and ws.documents.of_year(1999) == []
