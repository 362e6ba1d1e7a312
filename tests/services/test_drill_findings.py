"""A drill record with its findings on a real database: saved and edited in one transaction,
a finding's hazard link kept across edits, bad findings refused with nothing written."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from safetydesk.domain.common import Village
from safetydesk.domain.drill_records import DrillFinding
from safetydesk.domain.drills import Drill, DrillCategory, SubjectKind
from safetydesk.errors import ValidationErrors
from safetydesk.services import Workspace
from safetydesk.storage import drill_records as record_store

HELD = date(2026, 6, 12)


@pytest.fixture
def drill(ws: Workspace) -> Drill:
    village = ws.villages.save(Village(name="上庄村")).record.id
    return Drill(title="上庄村防汛转移演练", organiser_kind=SubjectKind.VILLAGE, village_id=village,
                 held_on=HELD, category=DrillCategory.FLOOD, start_time="09:00",
                 end_time="10:00", timeline="09:00 发布预警\n09:30 转移完毕")  # fmt: skip


def test_record_and_edit_with_findings(ws: Workspace, drill: Drill) -> None:
    stored = ws.drills.record(drill, [
        DrillFinding(problem=" 两户未听到预警 ", action="增设报警器", responsible="网格员",
                     due_on=date(2026, 7, 1)),
        DrillFinding(problem="手电筒不足"),
    ])  # fmt: skip
    assert stored.id is not None and stored.record_no == "YL2026-1"
    found = ws.drills.findings(stored.id)
    assert [(f.seq, f.problem) for f in found] == [(1, "两户未听到预警"), (2, "手电筒不足")]
    # A kept finding (same id) survives an edit that reorders and drops findings.
    with ws.db.atomic():
        record_store.FindingStore(ws.db).update(replace(found[0], responsible="网格员 赵永刚"))
    kept = replace(ws.drills.findings(stored.id)[0], action="增设手摇报警器")
    ws.drills.update(replace(stored, participants=40),
                     [DrillFinding(problem="集结偏慢"), kept])  # fmt: skip
    after = ws.drills.findings(stored.id)
    assert [(f.seq, f.problem) for f in after] == [(1, "集结偏慢"), (2, "两户未听到预警")]
    assert after[1].id == found[0].id and after[1].action == "增设手摇报警器"
    assert ws.drills.get(stored.id).participants == 40
    # Without findings the edit keeps them.
    ws.drills.update(replace(ws.drills.get(stored.id), location="村委会"))
    assert len(ws.drills.findings(stored.id)) == 2


def test_bad_findings_and_timeline_are_refused_with_nothing_written(
    ws: Workspace, drill: Drill
) -> None:
    with pytest.raises(ValidationErrors) as caught:
        ws.drills.record(replace(drill, timeline="09:30 转移\n09:10 预警"), [
            DrillFinding(problem=""),
            DrillFinding(problem="未清点人数", action="补清点", due_on=date(2026, 6, 1)),
        ])  # fmt: skip
    errors = caught.value.errors
    assert "早于上一步" in errors["timeline"]
    assert "没有填写问题内容" in errors["findings.1"]
    assert "早于演练日期" in errors["findings.2"]
    assert ws.drills.drills(2026) == []
    assert ws.db.execute("SELECT count(*) FROM drill_findings").fetchone()[0] == 0
