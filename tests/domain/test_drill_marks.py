"""Compliance counts drill marks exactly as it counts whole records."""

from __future__ import annotations

from datetime import date

from safetydesk.domain.common import UnitType
from safetydesk.domain.drill_rules import (
    DrillMark,
    DrillRule,
    Period,
    Subject,
    compliance,
    credited_to,
    default_rules,
)
from safetydesk.domain.drills import Drill, DrillCategory, DrillForm, SubjectKind

TODAY = date(2026, 7, 15)
TOWN = Subject(SubjectKind.TOWNSHIP, None, "润城镇")
VILLAGES = [Subject(SubjectKind.VILLAGE, i, f"村{i}") for i in (1, 2, 3)]
MALL = Subject(SubjectKind.UNIT, 9, "润城商场", UnitType.CROWDED)
SHOP = Subject(SubjectKind.UNIT, 10, "小饭店", UnitType.NINE_SMALL)
HOUSE = Subject(SubjectKind.UNIT, 11, "自建房", UnitType.SELF_BUILT)


def test_credited_to_the_organiser() -> None:
    assert credited_to(SubjectKind.UNIT, 3, 9) == (SubjectKind.UNIT, 9)
    assert credited_to(SubjectKind.VILLAGE, 3, None) == (SubjectKind.VILLAGE, 3)
    assert credited_to(SubjectKind.TOWNSHIP, None, None) == (SubjectKind.TOWNSHIP, None)
    mark = DrillMark.of_columns(5, SubjectKind.UNIT, 3, 9, date(2026, 3, 1),
                                DrillCategory.FIRE_EVACUATION, DrillForm.TABLETOP)  # fmt: skip
    assert (mark.kind, mark.subject_id, mark.live) == (SubjectKind.UNIT, 9, False)


def test_marks_and_records_give_the_same_obligations() -> None:
    rules = [
        *default_rules(),
        DrillRule(subject_kind=SubjectKind.VILLAGE, category=DrillCategory.GEOLOGICAL,
                  period=Period.THREE_YEARS, live_required=True),
        DrillRule(subject_kind=SubjectKind.UNIT, unit_type=UnitType.CROWDED, active=False),
    ]  # fmt: skip
    held = [
        Drill(id=1, title="镇桌面", held_on=date(2026, 3, 1), form=DrillForm.TABLETOP),
        Drill(id=2, title="村防汛", held_on=date(2026, 5, 1), organiser_kind=SubjectKind.VILLAGE,
              village_id=1, category=DrillCategory.FLOOD),
        Drill(id=3, title="村地灾", held_on=date(2024, 4, 1), organiser_kind=SubjectKind.VILLAGE,
              village_id=2, category=DrillCategory.GEOLOGICAL, form=DrillForm.TABLETOP),
        Drill(id=4, title="村地灾", held_on=date(2023, 12, 31), organiser_kind=SubjectKind.VILLAGE,
              village_id=3, category=DrillCategory.GEOLOGICAL),
        Drill(id=5, title="商场", held_on=date(2026, 6, 30), organiser_kind=SubjectKind.UNIT,
              unit_id=9, village_id=1),
        Drill(id=6, title="商场", held_on=date(2026, 7, 16), organiser_kind=SubjectKind.UNIT,
              unit_id=9),
        Drill(id=7, title="饭店", held_on=date(2026, 1, 1), organiser_kind=SubjectKind.UNIT,
              unit_id=10),
    ]  # fmt: skip
    subjects = [TOWN, *VILLAGES, MALL, SHOP, HOUSE]
    marks = [DrillMark.of(d) for d in held]
    for year, today in ((2026, TODAY), (2025, TODAY), (2026, date(2026, 12, 31))):
        by_records = compliance(rules, subjects, held, year, today)
        assert compliance(rules, subjects, marks, year, today) == by_records
        assert compliance(rules, subjects, [*marks[:3], *held[3:]], year, today) == by_records
    obs = compliance(rules, subjects, marks, 2026, TODAY)
    # The inactive rule and a type no rule names owe nothing; the order is subject, rule, period.
    assert [o.subject.name for o in obs] == [
        "润城镇", "润城镇", "村1", "村1", "村2", "村2", "村3", "村3", "润城商场", "润城商场", "小饭店",
    ]  # fmt: skip
    geo = {o.subject.name: (o.done, o.live_done, o.missing) for o in obs
           if o.rule.category is DrillCategory.GEOLOGICAL}  # fmt: skip
    assert geo == {"村1": (0, 0, 1), "村2": (1, 0, 1), "村3": (0, 0, 1)}
    mall = [(o.due_on, o.drill_ids) for o in obs if o.subject is MALL]
    assert mall == [(date(2026, 6, 30), (5,)), (date(2026, 12, 31), ())]  # after today: not counted
