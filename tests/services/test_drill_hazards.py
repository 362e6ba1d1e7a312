"""A drill's finding registered as a hazard on a real database: filled from the finding and the
drill, linked both ways, refused (with nothing written) when it cannot be a hazard."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from safetydesk.domain.common import Unit, UnitType, Village
from safetydesk.domain.drill_records import DrillFinding
from safetydesk.domain.drills import Drill, DrillCategory, SubjectKind
from safetydesk.domain.hazards import HazardLevel, HazardSource, HazardState
from safetydesk.errors import ConflictError, NotFoundError, ValidationError, ValidationErrors
from safetydesk.services import Workspace
from safetydesk.services.changes import Topic

HELD = date(2026, 6, 12)
DUE = date(2026, 7, 1)


def _counts(ws: Workspace) -> tuple[int, int]:
    hazards = ws.db.execute("SELECT count(*) FROM hazards").fetchone()[0]
    linked = ws.db.execute(
        "SELECT count(*) FROM drill_findings WHERE hazard_id IS NOT NULL"
    ).fetchone()[0]
    return hazards, linked


@pytest.fixture
def unit_drill(ws: Workspace, village: Village, unit: Unit) -> Drill:
    return ws.drills.record(
        Drill(title="饭店燃气泄漏疏散演练", organiser_kind=SubjectKind.UNIT, unit_id=unit.id,
              village_id=village.id, held_on=HELD, category=DrillCategory.GAS_LEAK,
              location="后厨", recorder="王建军", commander="李店长"),
        [DrillFinding(problem="燃气报警器失灵", action="更换燃气报警器", responsible="李店长",
                      due_on=DUE),
         DrillFinding(problem="疏散通道堆放杂物")],
    )  # fmt: skip


@pytest.fixture
def town_drill(ws: Workspace) -> Drill:
    return ws.drills.record(
        Drill(title="润城镇防汛综合演练", held_on=HELD, category=DrillCategory.FLOOD,
              location="沁河河滩", commander="张镇长"),
        [DrillFinding(problem="沙袋储备不足", action="补充沙袋500条", responsible="应急办",
                      due_on=DUE)],
    )  # fmt: skip


def test_finding_becomes_a_linked_hazard(ws: Workspace, unit_drill: Drill, unit: Unit) -> None:
    assert unit_drill.id is not None
    saved = ws.drill_hazards.raise_hazard(unit_drill.id, 1)
    h = saved.record
    assert h.id is not None and h.code  # a 隐患编号 from the normal path
    assert h.source is HazardSource.DRILL and h.drill_id == unit_drill.id
    assert (h.description, h.measures, h.responsible_person) == (
        "燃气报警器失灵", "更换燃气报警器", "李店长")
    assert h.due_on == DUE and h.found_on == HELD and h.found_by == "王建军"
    assert h.unit_id == unit.id and h.village_id == unit.village_id and h.location == "后厨"
    assert h.level is HazardLevel.ORDINARY and h.state is HazardState.REGISTERED
    assert saved.changes.touches(Topic.DRILLS) and saved.changes.touches(Topic.HAZARDS)
    # Stored both ways.
    assert ws.hazards.get(h.id).drill_id == unit_drill.id
    findings = ws.drills.findings(unit_drill.id)
    assert findings[0].hazard_id == h.id and findings[1].hazard_id is None
    # The link survives an edit of the record that keeps the finding.
    ws.drills.update(ws.drills.get(unit_drill.id), findings)
    assert ws.drills.findings(unit_drill.id)[0].hazard_id == h.id


def test_second_raise_is_refused_naming_the_hazard(ws: Workspace, unit_drill: Drill) -> None:
    assert unit_drill.id is not None
    code = ws.drill_hazards.raise_hazard(unit_drill.id, 1).record.code
    with pytest.raises(ConflictError, match=f"第1项问题已登记为隐患 {code}"):
        ws.drill_hazards.raise_hazard(unit_drill.id, 1)
    assert _counts(ws) == (1, 1)


def test_bad_item_is_refused(ws: Workspace, unit_drill: Drill) -> None:
    assert unit_drill.id is not None
    with pytest.raises(ValidationError, match="演练记录第3项问题不存在，共2项"):
        ws.drill_hazards.raise_hazard(unit_drill.id, 3)
    with pytest.raises(ValidationError, match="第0项问题不存在"):
        ws.drill_hazards.raise_hazard(unit_drill.id, 0)
    with pytest.raises(NotFoundError):
        ws.drill_hazards.raise_hazard(9999, 1)
    assert _counts(ws) == (0, 0)


def test_township_drill_needs_a_unit(ws: Workspace, town_drill: Drill, unit: Unit) -> None:
    assert town_drill.id is not None
    with pytest.raises(ValidationErrors) as caught:
        ws.drill_hazards.raise_hazard(town_drill.id, 1)
    assert "--unit" in caught.value.errors["unit_id"]
    assert "镇组织的演练" in caught.value.errors["unit_id"]
    with pytest.raises(NotFoundError):
        ws.drill_hazards.raise_hazard(town_drill.id, 1, unit_id=9999)
    assert _counts(ws) == (0, 0)
    # With a unit chosen it goes through; the drill has no recorder: the commander found it.
    h = ws.drill_hazards.raise_hazard(town_drill.id, 1, unit_id=unit.id).record
    assert h.unit_id == unit.id and h.found_by == "张镇长" and h.drill_id == town_drill.id


def test_refused_by_hazard_checks_writes_nothing(ws: Workspace, unit_drill: Drill) -> None:
    assert unit_drill.id is not None
    # Item 2 has no measure and no deadline: both explained in terms of the drill record.
    with pytest.raises(ValidationErrors) as caught:
        ws.drill_hazards.raise_hazard(unit_drill.id, 2)
    errors = caught.value.errors
    assert "补写改进措施" in errors["measures"]
    assert "--deadline" in errors["due_on"]
    # 重大 without 判定依据 is refused by the normal hazard rule.
    with pytest.raises(ValidationErrors) as caught:
        ws.drill_hazards.raise_hazard(unit_drill.id, 1, level=HazardLevel.MAJOR)
    assert "判定依据" in caught.value.errors["basis"]
    assert _counts(ws) == (0, 0)
    # A deadline given overrides the finding's.
    h = ws.drill_hazards.raise_hazard(unit_drill.id, 1, deadline=date(2026, 8, 1)).record
    assert h.due_on == date(2026, 8, 1)


def test_unit_of_another_village_sets_the_hazards_village(
    ws: Workspace, unit_drill: Drill
) -> None:
    other_village = ws.villages.save(Village(name="下庄村")).record
    other = ws.units.save(Unit(name="下庄加油站（虚构）", type=UnitType.CHEMICALS,
                               village_id=other_village.id)).record  # fmt: skip
    assert unit_drill.id is not None
    h = ws.drill_hazards.raise_hazard(unit_drill.id, 1, unit_id=other.id).record
    assert h.unit_id == other.id and h.village_id == other_village.id


def test_failed_link_rolls_the_hazard_back(
    ws: Workspace, unit_drill: Drill, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safetydesk.storage.drill_records import FindingStore

    def broken(self: FindingStore, rec: DrillFinding) -> DrillFinding:
        raise OSError("disk full")

    monkeypatch.setattr(FindingStore, "update", broken)
    assert unit_drill.id is not None
    with pytest.raises(OSError, match="disk full"):
        ws.drill_hazards.raise_hazard(unit_drill.id, 1)
    assert _counts(ws) == (0, 0)
    monkeypatch.undo()
    # The number the rolled-back hazard would have had is given again.
    assert ws.drill_hazards.raise_hazard(unit_drill.id, 1).record.code.endswith("0001")


def test_the_units_contact_answers_when_the_finding_names_nobody(
    ws: Workspace, unit_drill: Drill, unit: Unit
) -> None:
    """Finding 2 names no 责任人: the unit's contact and phone are the hazard's (with a measure)."""
    assert unit_drill.id is not None
    unit = ws.units.save(replace(unit, contact="赵老板", contact_phone="13900000001")).record
    findings = ws.drills.findings(unit_drill.id)
    fixed = [findings[0], replace(findings[1], action="清理通道", due_on=DUE)]
    ws.drills.update(ws.drills.get(unit_drill.id), fixed)
    h = ws.drill_hazards.raise_hazard(unit_drill.id, 2).record
    assert (h.responsible_person, h.responsible_phone) == ("赵老板", "13900000001")
    other = ws.drill_hazards.raise_hazard(unit_drill.id, 1).record
    assert (other.responsible_person, other.responsible_phone) == ("李店长", "")
