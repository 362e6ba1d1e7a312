"""ws.drills on a real database: rules seeded, plan items moved and cancelled, drills recorded,
compliance over the township, villages and units, and a record turning its plan 需修订."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from safetydesk.domain.common import Unit, UnitType, Village
from safetydesk.domain.drill_plans import ChangeAction, OccurrenceStatus, PlanItem, Recurrence
from safetydesk.domain.drill_rules import ComplianceStatus, DrillRule, Period
from safetydesk.domain.drills import Drill, DrillCategory, DrillForm, SubjectKind
from safetydesk.domain.plans import PlanKind, PlanStatus
from safetydesk.errors import NotFoundError, ValidationError, ValidationErrors
from safetydesk.services import Workspace

TODAY = date(2026, 11, 23)  # the conftest workspace's clock


@pytest.fixture
def town(ws: Workspace) -> tuple[int, int, int]:
    """Two villages and a 人员密集场所; returns their ids."""
    a = ws.villages.save(Village(name="上庄村")).record.id
    b = ws.villages.save(Village(name="下庄村")).record.id
    mall = ws.units.save(Unit(name="润城示例商场", type=UnitType.CROWDED, village_id=a)).record.id
    assert a and b and mall
    return a, b, mall


def test_default_rules_are_seeded_once_and_editable(ws: Workspace) -> None:
    rules = ws.drills.rules()
    assert len(rules) == len(ws.drills.rules()) > 5
    crowded = next(r for r in rules if r.unit_type is UnitType.CROWDED)
    assert crowded.period is Period.HALF_YEAR
    ws.drills.update_rule(replace(crowded, active=False))
    assert not next(r for r in ws.drills.rules() if r.id == crowded.id).active
    with pytest.raises(ValidationErrors, match="至少为 1"):
        ws.drills.add_rule(DrillRule(subject_kind=SubjectKind.VILLAGE, min_count=0))


def test_plan_items_expand_move_and_cancel(ws: Workspace, town: tuple[int, int, int]) -> None:
    a, _, mall = town
    flood = ws.drills.add_item(PlanItem(
        first_year=2026, title="上庄村防汛转移演练", subject_kind=SubjectKind.VILLAGE,
        village_id=a, category=DrillCategory.FLOOD, recurrence=Recurrence.YEARLY, month=5))  # fmt: skip
    evac = ws.drills.add_item(PlanItem(
        first_year=2026, title="商场疏散演练", subject_kind=SubjectKind.UNIT, unit_id=mall,
        category=DrillCategory.CROWD_EVACUATION, recurrence=Recurrence.HALF_YEARLY, month=3,
        day=31))  # fmt: skip
    assert (flood.seq, evac.seq) == (1, 2)
    assert flood.id and evac.id
    ws.drills.move(flood.id, date(2026, 5, 31), date(2026, 6, 15), "汛前检查推迟")
    ws.drills.cancel(evac.id, date(2026, 9, 30), "商场装修停业")
    with pytest.raises(ValidationError, match="没有安排"):
        ws.drills.cancel(evac.id, date(2026, 9, 1), "x")
    plan = ws.drills.plan(2026, today=date(2026, 6, 1))
    assert [(o.item.title, o.on, o.status) for o in plan] == [
        ("商场疏散演练", date(2026, 3, 31), OccurrenceStatus.OVERDUE),
        ("上庄村防汛转移演练", date(2026, 6, 15), OccurrenceStatus.MOVED),
        ("商场疏散演练", date(2026, 9, 30), OccurrenceStatus.CANCELLED),
    ]
    assert [c.action for c in ws.drills.changes(evac.id)] == [ChangeAction.CANCELLED]
    ws.drills.record(Drill(title="商场疏散演练", organiser_kind=SubjectKind.UNIT, unit_id=mall,
                           plan_item_id=evac.id, held_on=date(2026, 4, 2),
                           category=DrillCategory.CROWD_EVACUATION))  # fmt: skip
    first = ws.drills.plan(2026, today=date(2026, 6, 1))[0]
    assert first.status is OccurrenceStatus.DONE and first.drill_id is not None
    assert ws.drills.dates(evac.id, 2027) == [date(2027, 3, 31), date(2027, 9, 30)]
    once = ws.drills.add_item(PlanItem(first_year=2026, title="镇地震桌面推演", month=2, day=30))
    assert once.id and ws.drills.dates(once.id, 2026) == [date(2026, 2, 28)]
    with pytest.raises(ValidationError, match="2027 年没有任何演练日期"):
        ws.drills.dates(once.id, 2027)


def test_records_are_checked_numbered_and_listed_by_year(
    ws: Workspace, town: tuple[int, int, int]
) -> None:
    a, _, _ = town
    with pytest.raises(ValidationErrors) as err:
        ws.drills.record(Drill(title="防汛演练", organiser_kind=SubjectKind.VILLAGE, village_id=a,
                               held_on=date(2026, 11, 24), start_time="10:00", end_time="09:00",
                               participants=5, residents=8, evacuation_minutes=-1))  # fmt: skip
    assert set(err.value.errors) == {"held_on", "end_time", "residents", "evacuation_minutes"}
    assert ws.drills.drills() == []  # nothing half-saved
    with pytest.raises(NotFoundError):
        ws.drills.record(Drill(title="x", organiser_kind=SubjectKind.VILLAGE, village_id=999,
                               held_on=date(2026, 5, 1)))  # fmt: skip
    with pytest.raises(ValidationError, match="预案版本"):
        ws.drills.record(Drill(title="x", held_on=date(2026, 5, 1), plan_version_id=42))
    one = ws.drills.record(Drill(title="防汛演练", organiser_kind=SubjectKind.VILLAGE,
                                 village_id=a, held_on=date(2026, 5, 20)))  # fmt: skip
    two = ws.drills.record(Drill(title="地震演练", held_on=date(2025, 5, 12)))
    assert (one.record_no, two.record_no) == ("YL2026-1", "YL2025-1")
    assert ws.drills.drills(2026) == [one] and ws.drills.get(two.id or 0) == two


def test_compliance_over_township_villages_and_units(
    ws: Workspace, town: tuple[int, int, int]
) -> None:
    a, b, mall = town
    ws.units.save(Unit(name="不在规则中的单位", type=UnitType.OTHER, village_id=b))
    ws.drills.record(Drill(title="全镇防汛实战演练", held_on=date(2026, 6, 20),
                           form=DrillForm.LIVE, category=DrillCategory.FLOOD))  # fmt: skip
    ws.drills.record(Drill(title="防汛演练", organiser_kind=SubjectKind.VILLAGE, village_id=a,
                           held_on=date(2026, 5, 20), form=DrillForm.TABLETOP))  # fmt: skip
    ws.drills.record(Drill(title="疏散演练", organiser_kind=SubjectKind.UNIT, unit_id=mall,
                           held_on=date(2026, 3, 20), reported_on=date(2026, 3, 25)))  # fmt: skip
    obs = ws.drills.compliance(2026, today=date(2026, 12, 10))
    table = {(o.subject.name, o.rule.live_required, o.due_on): (o.done, o.missing, o.status)
             for o in obs}  # fmt: skip
    assert table == {
        ("润城镇", False, date(2026, 12, 31)): (1, 0, ComplianceStatus.DONE),
        ("润城镇", True, date(2026, 12, 31)): (1, 0, ComplianceStatus.DONE),
        ("上庄村", False, date(2026, 12, 31)): (1, 0, ComplianceStatus.DONE),
        ("下庄村", False, date(2026, 12, 31)): (0, 1, ComplianceStatus.DUE_SOON),
        ("润城示例商场", False, date(2026, 6, 30)): (1, 0, ComplianceStatus.DONE),
        ("润城示例商场", False, date(2026, 12, 31)): (0, 1, ComplianceStatus.DUE_SOON),
    }
    soon = ws.drills.due_soon(today=date(2026, 12, 10))
    assert sorted(o.subject.name for o in soon) == ["下庄村", "润城示例商场"]
    assert ws.drills.due_soon(today=date(2026, 10, 1)) == []
    assert b


def test_revise_plan_marks_the_exercised_plan(ws: Workspace, town: tuple[int, int, int]) -> None:
    a, _, mall = town
    ws.plans.add_version(a, PlanKind.FLOOD, "2026年版", drafted_on=date(2026, 3, 1),
                         adopted_on=date(2026, 3, 5), reviewed_by="陈卫东",
                         reviewed_on=date(2026, 3, 9))  # fmt: skip
    ws.plans.set_state(a, PlanKind.FLOOD, PlanStatus.SUBMITTED)
    ws.plans.set_state(a, PlanKind.FLOOD, PlanStatus.EFFECTIVE, effective_on=date(2026, 3, 9))
    drill = ws.drills.record(Drill(title="防汛演练", organiser_kind=SubjectKind.VILLAGE,
                                   village_id=a, held_on=date(2026, 5, 20),
                                   category=DrillCategory.FLASH_FLOOD))  # fmt: skip
    assert drill.id
    with pytest.raises(ValidationError, match="原因"):
        ws.drills.revise_plan(drill.id, " ")
    changed = ws.drills.revise_plan(drill.id, "转移路线经过新修的河堤，需调整")
    assert changed is not None and changed.status is PlanStatus.NEEDS_REVISION
    assert (
        ws.plans.versions(a, PlanKind.FLOOD)[-1].revision_reason == "转移路线经过新修的河堤，需调整"
    )
    assert ws.drills.get(drill.id).needs_plan_revision
    assert ws.drills.revise_plan(drill.id, "再次") is None  # already 需修订: nothing moves
    unit = ws.drills.record(Drill(title="疏散", organiser_kind=SubjectKind.UNIT, unit_id=mall,
                                  held_on=date(2026, 5, 1)))  # fmt: skip
    with pytest.raises(ValidationError, match="单位的演练"):
        ws.drills.revise_plan(unit.id or 0, "x")


def test_rules_of_a_database_open_for_reading_only_are_the_defaults_unwritten(
    ws: Workspace,
) -> None:
    """A damaged (read-only) database is never written: compliance uses the default rules."""
    from safetydesk.domain.drill_rules import default_rules

    assert ws.mark_damaged() is not None
    shown = ws.drills.rules()
    assert [(r.subject_kind, r.period, r.min_count) for r in shown] == [
        (r.subject_kind, r.period, r.min_count) for r in default_rules()
    ]
    assert ws.db.conn.execute("SELECT count(*) FROM drill_rules").fetchone()[0] == 0


def test_the_rules_table_is_saved_whole_or_not_at_all(ws: Workspace) -> None:
    rules = ws.drills.rules()
    crowded = next(r for r in rules if r.unit_type is UnitType.CROWDED)
    edited = [replace(r, min_count=2) if r.id == crowded.id else r for r in rules]
    bad = DrillRule(subject_kind=SubjectKind.VILLAGE, min_count=0)
    with pytest.raises(ValidationErrors, match="至少为 1"):
        ws.drills.save_rules([*edited, bad])
    assert ws.drills.rules() == rules  # the good edit was not written either
    new = DrillRule(subject_kind=SubjectKind.UNIT, unit_type=UnitType.WAREHOUSE,
                    period=Period.HALF_YEAR)  # fmt: skip
    saved = ws.drills.save_rules([*edited, new])
    assert len(saved) == len(rules) + 1 and saved[-1].id is not None
    after = {r.id: r for r in ws.drills.rules()}
    assert after[crowded.id].min_count == 2 and after[saved[-1].id].unit_type is UnitType.WAREHOUSE
