"""The 一制四案 matrix on the demo township, versions, state changes and shelters."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from safetydesk.domain.plans import PlanKind, PlanStatus, Shelter
from safetydesk.errors import InvalidTransition, NotFoundError, ValidationError, ValidationErrors
from safetydesk.services import Workspace
from safetydesk.services.demo import create_demo
from safetydesk.services.plans import TOWNSHIP, MatrixFilter

TODAY = date(2026, 12, 3)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plans") / "demo.db"
    with Workspace.open(path, clock=lambda: TODAY) as ws:
        create_demo(ws, seed=3, today=TODAY)
    return path


def test_demo_matrix_figures(demo: Path) -> None:
    with Workspace.open(demo, clock=lambda: TODAY) as ws:
        m = ws.plans.matrix()
    assert len(m.rows) == 23
    t = m.totals
    assert (t.required, t.drafted, t.needs_revision) == (115, 114, 1)
    assert (t.villages_without_shelter, t.shelters, t.township_shelters) == (2, 22, 1)
    assert m.township.name == TOWNSHIP and m.township.shelters == 1


def test_demo_matrix_filters(demo: Path) -> None:
    with Workspace.open(demo, clock=lambda: TODAY) as ws:
        missing = ws.plans.matrix("缺项").rows
        overdue = ws.plans.matrix(MatrixFilter.OVERDUE).rows
        soon = ws.plans.matrix("30日内到期").rows
        bare = ws.plans.matrix("无避难场所").rows
        with pytest.raises(ValidationError, match="缺项、逾期未修订"):
            ws.plans.matrix("全部")
    assert [r.name for r in missing] == ["西坡村"]
    (gap,) = [c for c in missing[0].cells if c.missing]
    assert gap.kind is PlanKind.GEOLOGICAL and gap.status is PlanStatus.MISSING
    (late,) = overdue
    (flood,) = [c for c in late.cells if c.overdue]
    assert flood.kind is PlanKind.FLOOD and flood.status is PlanStatus.NEEDS_REVISION
    assert flood.next_revision_on == TODAY - timedelta(days=20)
    assert "已过下次修订截止日期" in flood.reason
    (due,) = soon
    assert [c.kind for c in due.cells if c.due_soon] == [PlanKind.EARTHQUAKE]
    assert len(bare) == 2 and all(r.shelters == 0 for r in bare)
    # Later, the due-soon plan is overdue too (the injected today decides).
    with Workspace.open(demo, clock=lambda: TODAY) as ws:
        later = ws.plans.matrix("逾期未修订", today=TODAY + timedelta(days=21)).rows
    assert {r.name for r in later} == {late.name, due.name}


def test_versions_and_states(ws: Workspace) -> None:
    with pytest.raises(InvalidTransition, match="尚未编制"):
        ws.plans.set_state(None, PlanKind.FLOOD, "待审核")
    first = ws.plans.add_version(None, PlanKind.FLOOD, "2026年版", drafted_on=date(2026, 3, 1),
                                 reviewed_by="陈卫东", notes="镇级防汛预案")  # fmt: skip
    with pytest.raises(InvalidTransition, match="草稿"):
        ws.plans.add_version(None, PlanKind.FLOOD, "2026年修订版")
    ws.plans.set_state(None, PlanKind.FLOOD, PlanStatus.SUBMITTED)
    with pytest.raises(ValidationErrors):
        ws.plans.set_state(None, PlanKind.FLOOD, "已生效")
    on = {"adopted_on": date(2026, 3, 5), "reviewed_on": date(2026, 3, 10),
          "effective_on": date(2026, 3, 10)}  # fmt: skip
    effective = ws.plans.set_state(None, PlanKind.FLOOD, "已生效", **on)
    assert effective.next_revision_on == date(2027, 5, 31)
    with pytest.raises(ValidationError, match="已有版本"):
        ws.plans.add_version(None, PlanKind.FLOOD, "2026年版")
    second = ws.plans.add_version(None, PlanKind.FLOOD, "2027年版", drafted_on=date(2026, 11, 20))
    assert (second.reviewed_by, second.notes, second.status) == (
        "陈卫东",
        "镇级防汛预案",
        PlanStatus.DRAFT,
    )
    ws.plans.set_state(None, PlanKind.FLOOD, "待审核")
    ws.plans.set_state(None, PlanKind.FLOOD, "已生效", adopted_on=date(2026, 11, 25),
                       reviewed_on=date(2026, 11, 28))  # fmt: skip
    versions = ws.plans.versions(None, PlanKind.FLOOD)
    assert [(v.id, v.status) for v in versions] == [
        (first.id, PlanStatus.RETIRED), (second.id, PlanStatus.EFFECTIVE),
    ]  # fmt: skip
    with pytest.raises(ValidationError, match="状态"):
        ws.plans.set_state(None, PlanKind.FLOOD, "作废")


def test_shelters_and_unknown_village(ws: Workspace) -> None:
    with pytest.raises(NotFoundError, match="镇本级"):
        ws.plans.village_id("不存在村")
    assert ws.plans.village_id("镇本级") is None
    s = ws.plans.add_shelter(Shelter(None, None, "文体广场", "镇政府南侧", 2000))
    edited = ws.plans.edit_shelter(s.id or 0, capacity=2500, manager_phone="13800003002")
    assert edited.capacity == 2500 and ws.plans.shelters(township=True) == [edited]
    with pytest.raises(ValidationErrors):
        ws.plans.edit_shelter(s.id or 0, manager_phone="999")
    assert ws.plans.shelters()[0].manager_phone == "13800003002"
    with pytest.raises(NotFoundError):
        ws.plans.add_shelter(Shelter(None, 99, "广场", "某地", 10))


def test_totals_say_how_many_villages_each_filter_keeps(demo: Path) -> None:
    with Workspace.open(demo, clock=lambda: TODAY) as ws:
        m = ws.plans.matrix()
        for wanted in MatrixFilter:
            assert m.totals.matching[wanted] == len(ws.plans.matrix(wanted).rows), wanted
        assert m.totals.matching[MatrixFilter.NO_SHELTER] == m.totals.villages_without_shelter
        assert m.totals.matching[MatrixFilter.OVERDUE] >= 1


def test_matrix_shows_each_villages_newest_drill(demo: Path) -> None:
    """最近演练: the newest drill a village (or the township) held; units' drills do not count."""
    from safetydesk.domain.drills import SubjectKind

    with Workspace.open(demo, clock=lambda: TODAY) as ws:
        newest: dict[int | None, date] = {}
        for d in ws.drills.drills():
            if d.organiser_kind is SubjectKind.UNIT:
                continue
            key = None if d.organiser_kind is SubjectKind.TOWNSHIP else d.village_id
            newest[key] = max(newest.get(key, d.held_on), d.held_on)
        m = ws.plans.matrix()
        assert {r.village_id: r.last_drill for r in m.rows} == {
            r.village_id: newest.get(r.village_id) for r in m.rows
        }
        assert m.township.last_drill == newest[None]
        assert any(r.last_drill is None for r in m.rows)  # the demo's villages without a drill
        assert sum(r.last_drill is not None for r in m.rows) >= 20
