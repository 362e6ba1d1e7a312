"""Drill records, plan recurrences and compliance against the rules, with an injected today."""

from __future__ import annotations

from datetime import date

import pytest

from safetydesk.domain.common import UnitType
from safetydesk.domain.drill_plans import (
    ChangeAction,
    OccurrenceStatus,
    PlanItem,
    PlanItemChange,
    Recurrence,
    check_change,
    check_item,
    item_dates,
    occurrences,
)
from safetydesk.domain.drill_rules import (
    ComplianceStatus,
    DrillRule,
    Period,
    Subject,
    check_rule,
    compliance,
    default_rules,
    due_soon,
    parse_period,
)
from safetydesk.domain.drills import Drill, DrillCategory, DrillForm, SubjectKind, check_drill
from safetydesk.errors import ValidationError, ValidationErrors

TODAY = date(2026, 7, 15)


def drill(**kw: object) -> Drill:
    base: dict[str, object] = {"title": "防汛演练", "held_on": date(2026, 5, 20)}
    base.update(kw)
    return Drill(**base)  # type: ignore[arg-type]


# -- records ---------------------------------------------------------------------------------------
def test_a_valid_drill_passes() -> None:
    d = drill(start_time="09:00", end_time="10:30", participants=80, residents=60)
    assert check_drill(d, TODAY) is d


@pytest.mark.parametrize(
    ("kw", "field", "text"),
    [
        ({"start_time": "10:00", "end_time": "09:30"}, "end_time", "早于开始时间"),
        ({"participants": -1}, "participants", "负数"),
        ({"participants": 10, "residents": 11}, "residents", "多于参演人数"),
        ({"evacuation_minutes": -5}, "evacuation_minutes", "负数"),
        ({"held_on": date(2026, 7, 16)}, "held_on", "晚于今天"),
        ({"start_time": "9点"}, "start_time", "时:分"),
        ({"organiser_kind": SubjectKind.VILLAGE}, "village_id", "村(社区)"),
        ({"organiser_kind": SubjectKind.UNIT}, "unit_id", "单位"),
    ],
)
def test_bad_drills_are_refused(kw: dict[str, object], field: str, text: str) -> None:
    with pytest.raises(ValidationErrors) as err:
        check_drill(drill(**kw), TODAY)
    assert field in err.value.errors
    assert text in err.value.errors[field]


def test_a_drill_held_today_is_accepted() -> None:
    check_drill(drill(held_on=TODAY), TODAY)


# -- recurrence --------------------------------------------------------------------------------------
def item(**kw: object) -> PlanItem:
    base: dict[str, object] = {"title": "防汛演练", "first_year": 2024, "month": 5}
    base.update(kw)
    return PlanItem(**base)  # type: ignore[arg-type]


def test_yearly_item_in_may_gives_one_date_each_year() -> None:
    it = item(recurrence=Recurrence.YEARLY, day=20)
    assert item_dates(it, 2026) == [date(2026, 5, 20)]
    assert item_dates(it, 2023) == []


def test_the_31st_falls_on_the_last_day_of_shorter_months() -> None:
    it = item(recurrence=Recurrence.HALF_YEARLY, month=8, day=31)
    assert item_dates(it, 2026) == [date(2026, 2, 28), date(2026, 8, 31)]
    it = item(recurrence=Recurrence.HALF_YEARLY, month=3, day=31)
    assert item_dates(it, 2026) == [date(2026, 3, 31), date(2026, 9, 30)]


def test_leap_years_keep_the_29th_of_february() -> None:
    it = item(recurrence=Recurrence.YEARLY, month=2, day=29)
    assert item_dates(it, 2028) == [date(2028, 2, 29)]
    assert item_dates(it, 2026) == [date(2026, 2, 28)]


def test_month_precision_plans_for_the_month_end() -> None:
    assert item_dates(item(recurrence=Recurrence.YEARLY, month=6), 2026) == [date(2026, 6, 30)]


def test_half_yearly_from_november_alternates_may_and_november() -> None:
    it = item(recurrence=Recurrence.HALF_YEARLY, month=11, day=10)
    assert item_dates(it, 2024) == [date(2024, 11, 10)]
    assert item_dates(it, 2025) == [date(2025, 5, 10), date(2025, 11, 10)]


def test_a_recurrence_with_no_date_in_the_year_is_refused() -> None:
    it = item(recurrence=Recurrence.ONCE)
    assert check_item(it) is it
    with pytest.raises(ValidationError, match="2026 年没有任何演练日期"):
        check_item(it, 2026)
    with pytest.raises(ValidationError, match="没有任何演练日期"):
        check_item(item(recurrence=Recurrence.YEARLY, until_year=2025), 2026)


def test_bad_month_and_day_are_refused() -> None:
    with pytest.raises(ValidationErrors) as err:
        check_item(item(month=13, day=0))
    assert set(err.value.errors) == {"month", "day"}


def test_moves_and_cancels_change_the_occurrences() -> None:
    it = item(id=1, recurrence=Recurrence.HALF_YEARLY, month=3, day=15)
    moved = PlanItemChange(
        item_id=1,
        planned_on=date(2026, 3, 15),
        action=ChangeAction.MOVED,
        new_on=date(2026, 4, 10),
        reason="汛前检查冲突",
        changed_on=date(2026, 3, 1),
    )
    cancel = PlanItemChange(
        item_id=1,
        planned_on=date(2026, 9, 15),
        action=ChangeAction.CANCELLED,
        reason="并入全镇演练",
        changed_on=date(2026, 7, 1),
    )
    occ = occurrences(it, 2026, [moved, cancel], {}, date(2026, 4, 1))
    assert [(o.on, o.status, o.reason) for o in occ] == [
        (date(2026, 4, 10), OccurrenceStatus.MOVED, "汛前检查冲突"),
        (date(2026, 9, 15), OccurrenceStatus.CANCELLED, "并入全镇演练"),
    ]
    late = occurrences(it, 2026, [moved], {}, date(2026, 5, 1))
    assert late[0].status is OccurrenceStatus.OVERDUE
    done = occurrences(it, 2026, [moved], {date(2026, 3, 15): 7}, date(2026, 5, 1))
    assert (done[0].status, done[0].drill_id) == (OccurrenceStatus.DONE, 7)


def test_a_change_needs_a_planned_date_and_a_reason() -> None:
    planned = [date(2026, 5, 31)]
    with pytest.raises(ValidationError, match="没有安排"):
        check_change(planned, date(2026, 5, 1), ChangeAction.CANCELLED, None, "雨")
    with pytest.raises(ValidationError, match="原因"):
        check_change(planned, date(2026, 5, 31), ChangeAction.CANCELLED, None, " ")
    with pytest.raises(ValidationError, match="新的日期"):
        check_change(planned, date(2026, 5, 31), ChangeAction.MOVED, None, "雨")


# -- rules and compliance -----------------------------------------------------------------------------
def test_zero_count_and_bad_period_are_refused() -> None:
    with pytest.raises(ValidationErrors, match="至少为 1"):
        check_rule(DrillRule(subject_kind=SubjectKind.VILLAGE, min_count=0))
    with pytest.raises(ValidationErrors, match="单位类型"):
        check_rule(DrillRule(subject_kind=SubjectKind.UNIT))
    with pytest.raises(ValidationErrors, match="周期"):
        parse_period("0")
    assert parse_period("半年") is Period.HALF_YEAR


def test_default_rules_cover_township_villages_and_unit_types() -> None:
    rules = default_rules()
    for rule in rules:
        check_rule(rule)
    town = [r for r in rules if r.subject_kind is SubjectKind.TOWNSHIP]
    assert sorted(r.live_required for r in town) == [False, True]
    crowded = [r for r in rules if r.unit_type is UnitType.CROWDED]
    assert [r.period for r in crowded] == [Period.HALF_YEAR]
    assert [r.period for r in rules if r.unit_type is UnitType.INDUSTRY] == [Period.YEAR]


TOWN = Subject(SubjectKind.TOWNSHIP, None, "润城镇")
VILLAGE = Subject(SubjectKind.VILLAGE, 3, "上庄村")
MALL = Subject(SubjectKind.UNIT, 9, "润城商场", UnitType.CROWDED)


def test_village_yearly_rule_done_and_missing() -> None:
    rules = default_rules()
    held = [drill(id=1, organiser_kind=SubjectKind.VILLAGE, village_id=3)]
    (ob,) = compliance(rules, [VILLAGE], held, 2026, TODAY)
    assert (ob.required, ob.done, ob.missing, ob.status) == (1, 1, 0, ComplianceStatus.DONE)
    assert ob.drill_ids == (1,)
    (ob,) = compliance(rules, [VILLAGE], [], 2026, TODAY)
    assert (ob.missing, ob.due_on, ob.status) == (1, date(2026, 12, 31), ComplianceStatus.OPEN)
    (ob,) = compliance(rules, [VILLAGE], [], 2025, TODAY)
    assert ob.status is ComplianceStatus.OVERDUE


def test_township_live_rule_wants_a_live_drill() -> None:
    desk = [drill(id=1, form=DrillForm.TABLETOP)]
    obs = compliance(default_rules(), [TOWN], desk, 2026, TODAY)
    plain, live = sorted(obs, key=lambda o: o.rule.live_required)
    assert (plain.missing, plain.live_ok) == (0, True)
    assert (live.done, live.live_done, live.live_ok, live.missing) == (1, 0, False, 1)
    obs = compliance(default_rules(), [TOWN], [*desk, drill(id=2)], 2026, TODAY)
    assert all(o.missing == 0 for o in obs)


def test_half_year_rule_has_two_periods_with_boundaries() -> None:
    on_boundary = drill(id=1, organiser_kind=SubjectKind.UNIT, unit_id=9, held_on=date(2026, 6, 30))
    first, second = compliance(default_rules(), [MALL], [on_boundary], 2026, date(2026, 12, 10))
    assert (first.due_on, first.status) == (date(2026, 6, 30), ComplianceStatus.DONE)
    assert (second.starts_on, second.status) == (date(2026, 7, 1), ComplianceStatus.DUE_SOON)
    assert due_soon([first, second]) == [second]
    july = drill(id=2, organiser_kind=SubjectKind.UNIT, unit_id=9, held_on=date(2026, 7, 1))
    first, second = compliance(default_rules(), [MALL], [july], 2026, date(2026, 12, 10))
    assert (first.missing, second.missing) == (1, 0)
    assert first.status is ComplianceStatus.OVERDUE


def test_three_year_rule_counts_the_two_years_before() -> None:
    rule = DrillRule(
        subject_kind=SubjectKind.TOWNSHIP,
        category=DrillCategory.EARTHQUAKE,
        period=Period.THREE_YEARS,
    )
    quake = drill(id=1, category=DrillCategory.EARTHQUAKE, held_on=date(2024, 1, 1))
    (ob,) = compliance([rule], [TOWN], [quake], 2026, TODAY)
    assert (ob.starts_on, ob.due_on, ob.done) == (date(2024, 1, 1), date(2026, 12, 31), 1)
    (ob,) = compliance([rule], [TOWN], [quake], 2027, date(2027, 3, 1))
    assert ob.missing == 1
    flood = drill(id=2, held_on=date(2026, 5, 1))
    (ob,) = compliance([rule], [TOWN], [flood], 2026, TODAY)
    assert ob.done == 0  # another category does not count


def test_rules_apply_only_to_their_subjects() -> None:
    other = Subject(SubjectKind.UNIT, 10, "某加工厂", UnitType.OTHER)
    assert compliance(default_rules(), [other], [], 2026, TODAY) == []
    stranger = drill(id=1, organiser_kind=SubjectKind.VILLAGE, village_id=4)
    (ob,) = compliance(default_rules(), [VILLAGE], [stranger], 2026, TODAY)
    assert ob.done == 0
