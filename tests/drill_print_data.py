"""A small real database for the printed drill forms: a year's plan, drills, an evaluation, photos.

:func:`build` writes, into a workspace whose township is set up (润城镇, today 2026-11-23):

- 上庄村 with an 已生效 防汛 plan (2026年版) and 润城示例商场 (人员密集场所) in it;
- five plan items of 2026, one per status: 上庄村防汛避险转移演练 (5-20, carried out), 润城镇冬季
  森林火灾桌面推演 (11-10 moved to 12-15: 延期), 润城镇地震应急疏散演练 (8-15, 取消), 润城镇燃气
  泄漏处置演练 (9-25, nothing held: 逾期), 润城镇冬季消防疏散演练 (12-20: 计划);
- the village's drill (timeline, two findings, one of them made a hazard, an evaluation with an
  override, two photos on file, one photo whose file is gone, a sign-in sheet);
- the mall's own drill reported to the township, with nothing attached.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from PIL import Image

from safetydesk.domain.common import Unit, UnitType, Village
from safetydesk.domain.drill_evaluation import (
    DEFAULT_EVAL_TEMPLATES,
    DrillEvaluation,
    EvalMethod,
    Rating,
    check_evaluation,
    results_of,
)
from safetydesk.domain.drill_plans import PlanItem, Recurrence
from safetydesk.domain.drill_records import AttachmentKind, DrillAttachment, DrillFinding
from safetydesk.domain.drills import (
    Drill,
    DrillCategory,
    DrillConclusion,
    DrillForm,
    DrillScope,
    SubjectKind,
)
from safetydesk.domain.hazards import DeadlineKind, Hazard
from safetydesk.domain.plans import PlanKind, PlanStatus
from safetydesk.paths import attachments_dir
from safetydesk.services import Workspace
from safetydesk.storage import drill_records as record_store

#: The fixed "today" of the data (as tests/conftest.py's TODAY).
TODAY = date(2026, 11, 23)
TIMELINE = (
    "08:30 村广播发出山洪预警\n08:35 网格员逐户叫应\n08:50 危险区住户按明白卡路线转移\n"
    "09:40 避难场所清点人数\n10:00 演练结束、现场点评"
)


@dataclass(frozen=True)
class DrillData:
    """Ids of what :func:`build` wrote."""

    village_id: int
    unit_id: int
    village_drill: int
    unit_drill: int
    hazard_code: str
    photos: tuple[Path, ...]


def photo(path: Path, colour: tuple[int, int, int], size: tuple[int, int] = (800, 600)) -> Path:
    """A JPEG of one colour at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path, "JPEG")
    return path


def build(ws: Workspace) -> DrillData:
    """Write the data described in the module's docstring; returns the ids."""
    assert ws.path is not None
    vid = ws.villages.save(Village(name="上庄村")).record.id
    assert vid is not None
    unit = ws.units.save(Unit(name="润城示例商场", type=UnitType.CROWDED, village_id=vid)).record
    assert unit.id is not None
    version = ws.plans.add_version(vid, PlanKind.FLOOD, "2026年版", drafted_on=date(2026, 3, 1),
                                   adopted_on=date(2026, 3, 5), reviewed_by="陈卫东",
                                   reviewed_on=date(2026, 3, 9))  # fmt: skip
    ws.plans.set_state(vid, PlanKind.FLOOD, PlanStatus.SUBMITTED)
    ws.plans.set_state(vid, PlanKind.FLOOD, PlanStatus.EFFECTIVE, effective_on=date(2026, 3, 9))
    drills = ws.drills
    flood = drills.add_item(PlanItem(
        first_year=2026, title="上庄村防汛避险转移演练", subject_kind=SubjectKind.VILLAGE,
        village_id=vid, organiser="上庄村村民委员会", category=DrillCategory.FLOOD,
        recurrence=Recurrence.YEARLY, month=5, day=20, location="上庄村村委会广场",
        units="上庄村应急分队、网格员", expected_participants=60, budget=3000.0))  # fmt: skip
    fire = drills.add_item(PlanItem(
        first_year=2026, title="润城镇冬季森林火灾桌面推演", category=DrillCategory.FOREST_FIRE,
        form=DrillForm.TABLETOP, month=11, day=10, location="镇政府三楼会议室",
        expected_participants=40))  # fmt: skip
    quake = drills.add_item(PlanItem(
        first_year=2026, title="润城镇地震应急疏散演练", category=DrillCategory.EARTHQUAKE,
        scope=DrillScope.COMPREHENSIVE, month=8, day=15, budget=12000.0))  # fmt: skip
    drills.add_item(PlanItem(first_year=2026, title="润城镇燃气泄漏处置演练",
                             category=DrillCategory.GAS_LEAK, month=9, day=25))  # fmt: skip
    drills.add_item(PlanItem(first_year=2026, title="润城镇冬季消防疏散演练",
                             category=DrillCategory.FIRE_EVACUATION, month=12, day=20))  # fmt: skip
    assert fire.id is not None and quake.id is not None
    drills.move(fire.id, date(2026, 11, 10), date(2026, 12, 15), "县森林防火检查，推迟举行")
    drills.cancel(quake.id, date(2026, 8, 15), "持续高温，学校停课")

    hazard = ws.hazards.register(Hazard(
        unit_id=unit.id, description="避难场所应急照明损坏", measures="更换应急照明灯",
        found_on=date(2026, 5, 20), found_by="李明", deadline_kind=DeadlineKind.CALENDAR_DAYS,
        deadline_days=7))  # fmt: skip
    village_drill = drills.record(Drill(
        title="上庄村防汛避险转移演练", plan_item_id=flood.id, organiser_kind=SubjectKind.VILLAGE,
        village_id=vid, organiser="上庄村村民委员会", held_on=date(2026, 5, 20),
        start_time="08:30", end_time="10:00", location="上庄村村委会广场",
        category=DrillCategory.FLOOD, scope=DrillScope.COMPREHENSIVE, form=DrillForm.LIVE,
        plan_version_id=version.id, commander="上庄村党支部书记 王建国",
        units="上庄村应急分队、网格员、镇卫生院", participants=62, residents=45,
        observers="镇应急办 陈卫东", scenario="夜间山洪预警，危险区住户按明白卡路线转移至避难场所。",
        timeline=TIMELINE, equipment="救生衣20件、应急照明灯10盏、对讲机6部",
        evacuation_minutes=18, conclusion=DrillConclusion.MET, needs_plan_revision=True,
        recorder="刘晓燕", approver="王建国"),
        [DrillFinding(problem="两户老人转移时未带随身药品", action="明白卡增加随身物品清单",
                      responsible="网格员 刘晓燕", due_on=date(2026, 6, 20)),
         DrillFinding(problem="避难场所应急照明损坏", action="更换应急照明灯",
                      responsible="村委会 赵强", due_on=date(2026, 5, 27),
                      hazard_id=hazard.record.id)])  # fmt: skip
    unit_drill = drills.record(Drill(
        title="润城示例商场消防疏散演练", organiser_kind=SubjectKind.UNIT, unit_id=unit.id,
        village_id=vid, held_on=date(2026, 4, 2), start_time="15:00", end_time="15:40",
        category=DrillCategory.FIRE_EVACUATION, commander="商场经理 孙丽", participants=30,
        evacuation_minutes=5, conclusion=DrillConclusion.MET, reported_on=date(2026, 4, 5)))  # fmt: skip
    assert village_drill.id is not None and unit_drill.id is not None

    folder = attachments_dir(ws.path)
    rel = [f"drills/{village_drill.id}/p{n}.jpg" for n in (1, 2)]
    files = (photo(folder / rel[0], (200, 40, 40)), photo(folder / rel[1], (40, 40, 200), (600, 800)))
    photo(folder / f"drills/{village_drill.id}/sign.jpg", (250, 250, 250))
    with ws.db.atomic():
        template = record_store.EvalTemplateStore(ws.db).insert(DEFAULT_EVAL_TEMPLATES[0])
        results = list(results_of(template))
        results = [replace(r, rating=Rating.MET) for r in results]
        results[4] = replace(results[4], rating=Rating.NOT_MET, note="两户老人转移迟缓")
        results[6] = replace(results[6], rating=Rating.MOSTLY_MET, note="照明灯不足")
        evaluation = check_evaluation(DrillEvaluation(
            drill_id=village_drill.id, template_id=template.id, evaluators="陈卫东、李明",
            method=EvalMethod.CHECKLIST, results=tuple(results),
            override=DrillConclusion.MET, override_reason="不达标项已当场整改到位",
            suggestions="汛前再组织一次夜间转移演练", evaluated_on=date(2026, 5, 21),
        ), date(2026, 5, 20), TODAY)  # fmt: skip
        record_store.EvaluationStore(ws.db).insert(evaluation)
        attach = record_store.AttachmentStore(ws.db)
        attach.insert(DrillAttachment(drill_id=village_drill.id, file=rel[0], original_name="集结.jpg",
                                      note="应急分队集结", taken_on=date(2026, 5, 20)))  # fmt: skip
        attach.insert(DrillAttachment(drill_id=village_drill.id, file=rel[1], original_name="转移.jpg",
                                      note="危险区住户转移"))  # fmt: skip
        attach.insert(DrillAttachment(drill_id=village_drill.id, file="drills/gone.jpg",
                                      original_name="丢失的照片.jpg"))  # fmt: skip
        attach.insert(DrillAttachment(drill_id=village_drill.id, kind=AttachmentKind.SIGN_IN,
                                      file=f"drills/{village_drill.id}/sign.jpg",
                                      original_name="签到表.jpg"))  # fmt: skip
    return DrillData(vid, unit.id, village_drill.id, unit_drill.id, hazard.record.code, files)
