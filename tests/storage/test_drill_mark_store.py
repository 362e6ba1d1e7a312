"""The narrow reads compliance uses: drill marks and the units that owe drills (real SQLite file)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from safetydesk.domain.common import Unit, UnitType, Village
from safetydesk.domain.drill_rules import DrillMark
from safetydesk.domain.drills import Drill, DrillCategory, DrillForm, SubjectKind
from safetydesk.storage import drills as store
from safetydesk.storage.db import open_database
from safetydesk.storage.registers import UnitStore, VillageStore


def test_drill_marks_are_the_marks_of_the_stored_records_in_the_span(db_file: Path) -> None:
    db = open_database(db_file)
    with db.atomic():
        village = VillageStore(db).insert(Village(name="上庄村"))
        unit = UnitStore(db).insert(Unit(name="润城商场", type=UnitType.CROWDED,
                                         village_id=village.id))  # fmt: skip
        drills = store.DrillStore(db)
        town = drills.insert(Drill(title="镇综合演练", held_on=date(2026, 6, 30),
                                   form=DrillForm.TABLETOP))  # fmt: skip
        vill = drills.insert(Drill(title="防汛演练", held_on=date(2026, 5, 20),
                                   organiser_kind=SubjectKind.VILLAGE, village_id=village.id,
                                   category=DrillCategory.FLOOD))  # fmt: skip
        # A unit's drill names its village too: it is credited to the unit.
        own = drills.insert(Drill(title="疏散演练", held_on=date(2026, 1, 1),
                                  organiser_kind=SubjectKind.UNIT, unit_id=unit.id,
                                  village_id=village.id,
                                  category=DrillCategory.CROWD_EVACUATION))  # fmt: skip
        drills.insert(Drill(title="去年演练", held_on=date(2025, 12, 31)))
        drills.insert(Drill(title="下半年演练", held_on=date(2026, 7, 1)))
    marks = store.drill_marks(db, date(2026, 1, 1), date(2026, 6, 30))
    assert marks == [DrillMark.of(d) for d in (own, vill, town)]  # by date
    assert [(m.kind, m.subject_id, m.live) for m in marks] == [
        (SubjectKind.UNIT, unit.id, True),
        (SubjectKind.VILLAGE, village.id, True),
        (SubjectKind.TOWNSHIP, None, False),
    ]
    assert marks[0].category is DrillCategory.CROWD_EVACUATION
    assert marks[0].held_on == date(2026, 1, 1) and type(marks[0].held_on) is date
    assert store.drill_marks(db, date(2027, 1, 1), date(2027, 12, 31)) == []


def test_subject_units_are_the_active_units_of_the_types_by_type_and_name(db_file: Path) -> None:
    db = open_database(db_file)
    units = UnitStore(db)
    with db.atomic():
        v = VillageStore(db).insert(Village(name="上庄村")).id
        mall = units.insert(Unit(name="乙商场", type=UnitType.CROWDED, village_id=v))
        hall = units.insert(Unit(name="甲礼堂", type=UnitType.CROWDED, village_id=v))
        twin = units.insert(Unit(name="甲礼堂", type=UnitType.CROWDED, village_id=v))
        shop = units.insert(Unit(name="小饭店", type=UnitType.NINE_SMALL, village_id=v))
        units.insert(Unit(name="自建房", type=UnitType.SELF_BUILT, village_id=v))
        gone = units.insert(Unit(name="已关停商场", type=UnitType.CROWDED, village_id=v))
        assert gone.id is not None
        units.set_archived(gone.id, archived=True)
    got = store.subject_units(db, {UnitType.NINE_SMALL, UnitType.CROWDED})
    # By type as stored (九小场所 sorts before 人员密集场所), then name (乙 before 甲), then id.
    assert got == [
        (shop.id, "小饭店", UnitType.NINE_SMALL),
        (mall.id, "乙商场", UnitType.CROWDED),
        (hall.id, "甲礼堂", UnitType.CROWDED),
        (twin.id, "甲礼堂", UnitType.CROWDED),
    ]
    assert got[0][2] is UnitType.NINE_SMALL and type(got[0][2]) is UnitType
    assert store.subject_units(db, set()) == []
