"""Inspections on a real database: the record and its rules, checklists → hazards, template
versions, coverage rules and the reproducible 双随机 draw."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest

from safetydesk.domain.common import Person, PersonRole, Unit, UnitType, Village
from safetydesk.domain.coverage import CoveragePeriod, CoverageRule
from safetydesk.domain.hazards import HazardLevel, HazardState
from safetydesk.domain.inspections import (
    ChecklistItem,
    Disposition,
    Inspection,
    InspectionMethod,
    ItemResult,
)
from safetydesk.domain.queries import InspectionQuery, ListQuery
from safetydesk.domain.schedule import DeadlineKind
from safetydesk.errors import ConflictError, ValidationError, ValidationErrors
from safetydesk.services import Workspace
from safetydesk.services.inspections import inspector


def make(ws: Workspace, unit: Unit, **kw: object) -> Inspection:
    base = dict(
        unit_id=unit.id, started_at=datetime(2026, 11, 20, 9, 0), ended_at=datetime(2026, 11, 20, 10, 30),
        inspectors=(inspector("王建国"), inspector("李明")), recorder="李明",
        narrative="检查了消防设施和疏散通道。",
    )
    base.update(kw)
    return ws.inspections.record(Inspection(**base)).record  # type: ignore[arg-type]


def fire_template(ws: Workspace) -> int:
    return next(t.id for t in ws.checklists.all() if t.family == "fire-general")


def test_record_fills_village_type_and_place(ws: Workspace, unit: Unit) -> None:
    ins = make(ws, unit)
    got = ws.inspections.get(ins.id)
    assert got.village_id == unit.village_id and got.target_type == "九小场所"
    assert got.inspected_on == date(2026, 11, 20) and got.inspector_names == "王建国、李明"
    assert ws.inspections.list_ids(InspectionQuery(method="常规")) == [ins.id]
    assert ws.inspections.list_ids(InspectionQuery(method="四不两直")) == []
    assert ws.inspections.list_ids(InspectionQuery(text="疏散通道")) == [ins.id]
    assert ws.inspections.list_ids(InspectionQuery(text="示例饭店")) == [ins.id]  # the unit's name


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"ended_at": datetime(2026, 11, 20, 8, 0)}, "ended_at", "早于开始时间"),
        ({"inspectors": ()}, "inspectors", "至少填写一名"),
        ({"enforcement": True, "inspectors": (inspector("王建国", "14050001"),)}, "inspectors", "不得少于两人"),
        ({"enforcement": True}, "inspectors", "执法证号"),
        ({"started_at": datetime(2026, 12, 24, 9, 0)}, "started_at", "今天之后"),
        ({"methods": ()}, "methods", "至少选择一种"),
        ({"recorder": ""}, "recorder", "记录人"),
    ],
)
def test_bad_records_are_refused_and_nothing_written(
    ws: Workspace, unit: Unit, overrides: dict, field: str, words: str
) -> None:
    with pytest.raises(ValidationErrors) as err:
        make(ws, unit, **overrides)
    assert words in err.value.errors[field]
    assert ws.inspections.count() == 0


def test_enforcement_takes_cert_numbers_from_the_register(ws: Workspace, unit: Unit) -> None:
    a = ws.people.save(Person(name="赵刚", role=PersonRole.INSPECTOR, cert_no="14050012")).record
    b = ws.people.save(Person(name="钱敏", role=PersonRole.INSPECTOR, cert_no="14050013")).record
    ins = make(ws, unit, enforcement=True, methods=("四不两直",),
               inspectors=(inspector("", person_id=a.id), inspector("", person_id=b.id)))
    assert [(i.name, i.cert_no) for i in ins.inspectors] == [("赵刚", "14050012"), ("钱敏", "14050013")]


def test_failed_item_needs_a_note_and_disposition(ws: Workspace, unit: Unit) -> None:
    tid = fire_template(ws)
    results = ws.inspections.start_from_template(tid)
    results = (dataclasses.replace(results[2], result=ItemResult.FAIL), *results[3:])
    with pytest.raises(ValidationErrors) as err:
        make(ws, unit, template_id=tid, results=results)
    assert "请在备注中写明" in err.value.errors["results.3"]
    assert "不能是“无问题”" in err.value.errors["disposition"]


def test_failed_items_become_linked_hazards_in_one_step(ws: Workspace, unit: Unit) -> None:
    tid = fire_template(ws)
    base = ws.inspections.start_from_template(tid)
    results = list(base)
    results[2] = dataclasses.replace(base[2], result=ItemResult.FAIL, note="二楼安全出口上锁")
    results[1] = dataclasses.replace(base[1], result=ItemResult.FAIL, note="灭火器压力不足")
    results[4] = dataclasses.replace(base[4], result=ItemResult.NOT_APPLICABLE)
    ins = make(ws, unit, template_id=tid, results=tuple(results), disposition=Disposition.NOTICE)
    made = ws.inspections.raise_hazards(ins.id, deadline_days=5).record
    assert len(made) == 2
    by_desc = {h.description: h for h in made}
    exit_h = by_desc["疏散通道、安全出口：二楼安全出口上锁"]
    assert exit_h.level is HazardLevel.MAJOR and "消防法" in exit_h.basis  # flagged item
    ext = by_desc["灭火器配置：灭火器压力不足"]
    assert ext.level is HazardLevel.ORDINARY and ext.basis == ""
    for h in made:
        assert h.inspection_id == ins.id and h.found_on == date(2026, 11, 20)
        assert h.found_by == "王建国、李明" and h.state is HazardState.REGISTERED
        assert h.due_on == date(2026, 11, 25)
    saved = ws.inspections.get(ins.id)
    assert {r.seq: r.hazard_id for r in saved.results if r.hazard_id} == {2: ext.id, 3: exit_h.id}
    assert [h.id for h in ws.inspections.hazards_of(ins.id)] == sorted(h.id for h in made)
    with pytest.raises(ConflictError, match="都已登记"):
        ws.inspections.raise_hazards(ins.id)
    # A linked item cannot be turned back to 合格.
    edited = list(saved.results)
    edited[1] = dataclasses.replace(edited[1], result=ItemResult.PASS)
    with pytest.raises(ValidationErrors, match="已登记为隐患"):
        ws.inspections.update(dataclasses.replace(saved, results=tuple(edited)))


def test_raise_hazards_is_all_or_nothing(ws: Workspace, unit: Unit) -> None:
    tid = fire_template(ws)
    base = ws.inspections.start_from_template(tid)
    results = (dataclasses.replace(base[0], result=ItemResult.FAIL, note="未明确责任人"),
               dataclasses.replace(base[1], result=ItemResult.FAIL, note="过期"))
    ins = make(ws, unit, template_id=tid, results=results, disposition=Disposition.NOTICE)
    with pytest.raises(ValidationErrors) as err:
        ws.inspections.raise_hazards(ins.id, deadline_kind=DeadlineKind.DATE, due_on=date(2026, 11, 1))
    assert any(k.startswith("第1项") for k in err.value.errors)
    assert ws.hazards.count() == 0
    assert all(r.hazard_id is None for r in ws.inspections.get(ins.id).results)


def test_templates_are_versioned_and_old_inspections_keep_theirs(ws: Workspace, unit: Unit) -> None:
    builtin = ws.checklists.get(fire_template(ws))
    assert len(ws.checklists.all()) == 9
    with pytest.raises(ConflictError, match="复制为新表"):
        ws.checklists.save(dataclasses.replace(builtin, items=builtin.items[:2]))
    mine = ws.checklists.copy(builtin.id, "本镇九小场所检查表").record
    assert not mine.builtin and mine.items == builtin.items
    # Unused: may be edited in place.
    mine = ws.checklists.save(dataclasses.replace(mine, items=mine.items[:5])).record
    assert len(mine.items) == 5
    ins = make(ws, unit, template_id=mine.id, results=ws.inspections.start_from_template(mine.id))
    extra = (*mine.items, ChecklistItem(seq=99, content="微型消防站", standard="配备器材"))
    with pytest.raises(ConflictError, match="已被 1 次检查使用"):
        ws.checklists.save(dataclasses.replace(mine, items=extra))
    v2 = ws.checklists.new_version(mine.id, extra).record
    assert v2.version == 2 and v2.family == mine.family and [i.seq for i in v2.items] == [1, 2, 3, 4, 5, 6]
    assert ws.checklists.get(mine.id).retired and mine.id not in {t.id for t in ws.checklists.all()}
    old = ws.inspections.get(ins.id)
    assert old.template_id == mine.id and len(old.results) == 5
    with pytest.raises(ValidationError, match="检查内容"):
        ws.checklists.new_version(v2.id, (ChecklistItem(seq=1, content=" "),))


def test_coverage_rules_and_units_not_yet_inspected(ws: Workspace, village: Village) -> None:
    a = ws.units.save(Unit(name="甲化工（虚构）", type=UnitType.INDUSTRY, village_id=village.id, risk="A")).record
    b = ws.units.save(Unit(name="乙商店（虚构）", type=UnitType.NINE_SMALL, subtype="小饭店", village_id=village.id, risk="B")).record
    c = ws.units.save(Unit(name="丙饭店（虚构）", type=UnitType.NINE_SMALL, subtype="小饭店", village_id=village.id)).record
    make(ws, a, started_at=datetime(2026, 10, 8, 9, 0), ended_at=None, methods=("四不两直",))
    make(ws, b, started_at=datetime(2026, 3, 2, 9, 0), ended_at=None, methods=("双随机", "常规"))
    make(ws, c, started_at=datetime(2026, 5, 6, 9, 0), ended_at=None)
    rep = ws.coverage.coverage(2026, date(2026, 11, 23))
    by = {u.unit_name: u for u in rep.units}
    assert by["甲化工（虚构）"].required == 4 and by["甲化工（虚构）"].current_period_done
    assert by["乙商店（虚构）"].required == 2 and not by["乙商店（虚构）"].current_period_done
    assert by["丙饭店（虚构）"].current_period_done and by["丙饭店（虚构）"].rule == "每年1次"
    assert [u.unit_name for u in rep.not_covered] == ["乙商店（虚构）"]
    assert rep.by_village["润城村"] == (2, 3)
    assert (rep.inspections, rep.four_no_two_direct, rep.double_random) == (3, 1, 1)
    assert rep.share(rep.four_no_two_direct) == 33.3
    ws.coverage.set_rules([CoverageRule(period=CoveragePeriod.HALF_YEAR)])
    rep = ws.coverage.coverage(2026, date(2026, 11, 23))
    assert {u.unit_name for u in rep.not_covered} == {"乙商店（虚构）", "丙饭店（虚构）"}
    with pytest.raises(ValidationError, match="所有单位"):
        ws.coverage.set_rules([CoverageRule(risk="A", period=CoveragePeriod.QUARTER)])


def test_random_draw_is_recorded_and_reproducible(ws: Workspace, village: Village) -> None:
    for i in range(12):
        ws.units.save(Unit(name=f"第{i}饭店（虚构）", type=UnitType.NINE_SMALL, subtype="小饭店", village_id=village.id))
    ws.units.save(Unit(name="某厂（虚构）", type=UnitType.INDUSTRY, village_id=village.id))
    q = ListQuery(type="九小场所")
    d = ws.coverage.draw(q, 4, seed=20261123, by="王建国", filter_text="类型：九小场所").record
    assert len(d.chosen) == 4 and len(set(d.chosen)) == 4 and len(d.population) == 12
    again = ws.coverage.draw(q, 4, seed=20261123).record
    assert again.chosen == d.chosen and ws.coverage.verify(d.id)
    other = ws.coverage.draw(q, 4, seed=7).record
    assert other.chosen != d.chosen
    assert ws.coverage.draws.get(d.id).filter_text == "类型：九小场所"
    with pytest.raises(ValidationError, match="1 到 12"):
        ws.coverage.draw(q, 13)
    assert InspectionMethod.DOUBLE_RANDOM.value == "双随机"
