"""Printed 应急演练 forms (B §2): a drill's record, the annual plan, the compliance list.

``ws.drill_prints`` reads the drills service (``ws.drills``) and the parts of a record (findings,
evaluation with its checklist version, photo attachments), prepares the texts of each form and
writes the PDF atomically (:func:`~safetydesk.paths.write_pdf`: a temporary file, then renamed).
Each method returns the path written and the number of pages printed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from safetydesk.domain.drill_evaluation import DrillEvaluation, EvalTemplate
from safetydesk.domain.drill_plans import Occurrence, OccurrenceStatus
from safetydesk.domain.drill_records import AttachmentKind, DrillFinding, timeline_steps
from safetydesk.domain.drill_rules import ComplianceStatus, Obligation, Period
from safetydesk.domain.drills import Drill, SubjectKind
from safetydesk.domain.schedule import format_cn
from safetydesk.errors import NotFoundError
from safetydesk.paths import attachments_dir, write_pdf
from safetydesk.storage import drill_records as record_store
from safetydesk.storage import plans as plan_store

if TYPE_CHECKING:
    from safetydesk.printing.forms.drill_compliance_table import ComplianceText
    from safetydesk.printing.forms.drill_plan_table import DrillPlanText
    from safetydesk.printing.forms.drill_record import DrillRecordText, EvaluationText
    from safetydesk.services import Workspace

#: How a planned date's status is printed on the plan (已实施 is 已完成 there).
STATUS_TEXT: dict[OccurrenceStatus, str] = {
    OccurrenceStatus.PLANNED: "计划",
    OccurrenceStatus.DONE: "已完成",
    OccurrenceStatus.MOVED: "延期",
    OccurrenceStatus.CANCELLED: "取消",
    OccurrenceStatus.OVERDUE: "逾期",
}


def _count(n: int | None, unit: str = "人") -> str:
    return "" if n is None else f"{n} {unit}"


def _people(drill: Drill) -> str:
    """参演人数 with the residents among them: "320 人（其中群众 150 人）"."""
    text = _count(drill.participants)
    if drill.residents is not None:
        text += f"（其中群众 {drill.residents} 人）"
    return text


def _times(drill: Drill) -> str:
    """The date and the start–end time: "2026年6月18日 09:00—11:30"."""
    span = "—".join(t for t in (drill.start_time, drill.end_time) if t)
    return f"{format_cn(drill.held_on)} {span}".strip()


def _period_text(ob: Obligation) -> str:
    """The period of an obligation: 年, 上半年 / 下半年, or the three years."""
    if ob.rule.period is Period.HALF_YEAR:
        return "上半年" if ob.due_on.month == 6 else "下半年"
    if ob.rule.period is Period.THREE_YEARS:
        return f"3年（{ob.starts_on.year}–{ob.due_on.year}年）"
    return "年"


class DrillPrints:
    """Renders the drill forms (each method writes one PDF and returns its path and pages)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    # -- lookups ---------------------------------------------------------------------------------
    def subject_name(self, kind: SubjectKind, village_id: int | None, unit_id: int | None) -> str:
        """The name of who organises a drill or owes one: a unit, a village or the township."""
        if kind is SubjectKind.UNIT and unit_id is not None:
            return self.ws.units.get(unit_id).name
        if kind is SubjectKind.VILLAGE and village_id is not None:
            return self.ws.villages.get(village_id).name
        return self.ws.settings.township().name

    def plan_version(self, version_id: int | None) -> str:
        """The 一制四案 version a drill exercised: "上庄村防汛预案（2026年版）"."""
        if version_id is None:
            return ""
        try:
            version = plan_store.VersionStore(self.ws.db).get(version_id)
        except NotFoundError:
            return f"（预案版本 {version_id} 已不存在）"
        plan = next((p for p in plan_store.plans(self.ws.db) if p.id == version.plan_id), None)
        if plan is None:
            return version.version
        owner = (self.ws.villages.get(plan.village_id).name if plan.village_id is not None
                 else self.ws.settings.township().name)  # fmt: skip
        return f"{owner}{plan.kind.value}预案（{version.version}）"

    def template(self, evaluation: DrillEvaluation) -> EvalTemplate | None:
        """The checklist version an evaluation used (None when it names none or it is gone)."""
        if evaluation.template_id is None:
            return None
        try:
            return record_store.EvalTemplateStore(self.ws.db).get(evaluation.template_id)
        except NotFoundError:
            return None

    # -- 应急演练记录表 ---------------------------------------------------------------------------
    def _hazard_code(self, finding: DrillFinding) -> str:
        """The 隐患编号 a finding was registered under ("" when none, or the hazard is gone)."""
        if finding.hazard_id is None:
            return ""
        try:
            return self.ws.hazards.get(finding.hazard_id).code
        except NotFoundError:
            return ""

    def evaluation_text(self, evaluation: DrillEvaluation) -> EvaluationText:
        """The texts of the evaluation page."""
        from safetydesk.printing.forms.drill_record import EvalLine, EvaluationText

        template = self.template(evaluation)
        return EvaluationText(
            template=template.title if template else "（评估表版本未记录）",
            basis=template.basis if template else "",
            lines=[EvalLine(r.seq, r.content, r.standard, r.rating.value if r.rating else "",
                            r.note) for r in evaluation.results],  # fmt: skip
            score_text=f"{evaluation.score} 分（满分 100 分）",
            computed=evaluation.computed.value,
            conclusion=evaluation.conclusion.value,
            override_reason=evaluation.override_reason,
            suggestions=evaluation.suggestions,
            evaluators=evaluation.evaluators,
            method=evaluation.method.value,
            evaluated_on=format_cn(evaluation.evaluated_on),
        )

    def record_text(self, drill_id: int) -> DrillRecordText:
        """The texts of one drill's record, its evaluation page and its photo page."""
        from safetydesk.printing.forms.drill_record import DrillPhoto, DrillRecordText, FindingLine

        drill = self.ws.drills.get(drill_id)
        subject = self.subject_name(drill.organiser_kind, drill.village_id, drill.unit_id)
        evaluation = self.ws.drills.evaluation(drill_id)
        conclusion = evaluation.conclusion if evaluation else drill.conclusion
        photos: list[DrillPhoto] = []
        missing: list[str] = []
        folder = attachments_dir(self.ws.path) if self.ws.path else None
        for att in self.ws.drills.attachments(drill_id):
            if att.kind is not AttachmentKind.PHOTO:
                continue
            name = att.original_name or Path(att.file).name
            path = folder / att.file if folder else None
            if path is None or not path.is_file():
                missing.append(f"照片“{name}”的文件找不到，未印。")
                continue
            caption = att.note or (format_cn(att.taken_on) if att.taken_on else "")
            photos.append(DrillPhoto(path, caption))
        findings = [
            FindingLine(f.seq, f.problem, f.action, f.responsible,
                        f.due_on.isoformat() if f.due_on else "", f.hazard_id is not None,
                        self._hazard_code(f))
            for f in self.ws.drills.findings(drill_id)
        ]  # fmt: skip
        return DrillRecordText(
            issuer=drill.organiser or subject,
            record_no=drill.record_no,
            title=drill.title,
            organiser=drill.organiser or subject,
            time_text=_times(drill),
            location=drill.location,
            category=drill.category.value,
            scope=f"{drill.scope.value}演练",
            form=f"{drill.form.value}演练",
            plan_version=self.plan_version(drill.plan_version_id),
            commander=drill.commander,
            units=drill.units,
            participants=_people(drill),
            observers=drill.observers,
            scenario=drill.scenario,
            timeline=[(s.time, s.action) for s in timeline_steps(drill.timeline)],
            evacuation=_count(drill.evacuation_minutes, "分钟"),
            equipment=drill.equipment,
            findings=findings,
            conclusion=conclusion.value if conclusion else "",
            needs_revision="是" if drill.needs_plan_revision else "否",
            recorder=drill.recorder,
            approver=drill.approver,
            unit_drill=drill.organiser_kind is SubjectKind.UNIT,
            reported_on=format_cn(drill.reported_on) if drill.reported_on else "",
            notes=drill.notes,
            evaluation=self.evaluation_text(evaluation) if evaluation else None,
            photos=photos,
            missing_photos=missing,
        )

    def record(self, drill_id: int, out: Path) -> tuple[Path, int]:
        """Print the 应急演练记录表 of one drill (with its evaluation and photos)."""
        from safetydesk.printing.forms.drill_record import render

        text = self.record_text(drill_id)
        pages: list[int] = []
        path = write_pdf(out, lambda p: pages.append(render(text, p)))
        return path, pages[0]

    # -- 年度应急演练计划 --------------------------------------------------------------------------
    def _when(self, occ: Occurrence) -> str:
        """计划时间: the day ("6月18日"), or the month when the item names no day."""
        if occ.item.day is None and occ.on == occ.planned_on:
            return f"{occ.on.month}月"
        return f"{occ.on.month}月{occ.on.day}日"

    def plan_text(self, year: int, today: date | None = None) -> DrillPlanText:
        """The texts of the year's plan (its planned dates by date, after moves and cancels)."""
        from safetydesk.printing.forms.drill_plan_table import DrillPlanText, PlanRow

        today = today or self.ws.clock()
        found = self.ws.drills.plan(year, today)
        rows = []
        for n, occ in enumerate(found, 1):
            item = occ.item
            notes = []
            if occ.on != occ.planned_on:
                notes.append(f"原定{occ.planned_on.month}月{occ.planned_on.day}日，{occ.reason}")
            elif occ.status is OccurrenceStatus.CANCELLED:
                notes.append(f"取消原因：{occ.reason}")
            if occ.drill_id is not None:
                notes.append(f"记录{self.ws.drills.get(occ.drill_id).record_no}")
            if item.notes:
                notes.append(item.notes)
            subject = item.organiser or self.subject_name(item.subject_kind, item.village_id,
                                                          item.unit_id)  # fmt: skip
            rows.append(PlanRow(
                seq=str(n), title=item.title, subject=subject, category=item.category.value,
                form=item.form.value, scope=item.scope.value, when=self._when(occ),
                location=item.location, units=item.units,
                people="" if item.expected_participants is None else str(item.expected_participants),
                budget="" if item.budget is None else f"{item.budget:,.0f}",
                status=STATUS_TEXT[occ.status], note="；".join(notes),
            ))  # fmt: skip
        counts = {s: sum(1 for o in found if o.status is s) for s in OccurrenceStatus}
        summary = (f"共 {len(found)} 次演练：已完成 {counts[OccurrenceStatus.DONE]} 次，"
                   f"计划 {counts[OccurrenceStatus.PLANNED]} 次，延期 {counts[OccurrenceStatus.MOVED]} 次，"
                   f"取消 {counts[OccurrenceStatus.CANCELLED]} 次，逾期 {counts[OccurrenceStatus.OVERDUE]} 次"
                   f"（状态按 {format_cn(today)} 判断）。")  # fmt: skip
        township = self.ws.settings.township().name
        return DrillPlanText(title=f"{township}{year}年度应急演练计划", rows=rows, summary=summary,
                             issuer=self.ws.forms.issuer(), compiled_on=format_cn(self.ws.clock()))  # fmt: skip

    def plan(self, year: int, out: Path) -> tuple[Path, int]:
        """Print the 年度应急演练计划 of ``year`` (A4 landscape)."""
        from safetydesk.printing.forms.drill_plan_table import render

        text = self.plan_text(year)
        pages: list[int] = []
        path = write_pdf(out, lambda p: pages.append(render(text, p)))
        return path, pages[0]

    # -- 演练义务完成情况一览表 -----------------------------------------------------------------------
    def compliance_text(self, year: int, today: date | None = None) -> ComplianceText:
        """The texts of the year's compliance list as judged on ``today`` (default: the clock)."""
        from safetydesk.printing.forms.drill_compliance_table import ComplianceRow, ComplianceText

        today = today or self.ws.clock()
        found = self.ws.drills.compliance(year, today)
        rows = []
        for ob in found:
            rule = ob.rule
            want = (rule.category.value if rule.category else "不限灾种") + (
                "，须实战" if rule.live_required else ""
            )
            kind = ob.subject.unit_type.value if ob.subject.unit_type else ob.subject.kind.value
            rows.append(ComplianceRow(
                subject=ob.subject.name, kind=kind, requirement=want, period=_period_text(ob),
                required=str(ob.required), done=str(ob.done), short=str(ob.missing) if ob.missing else "",
                due=ob.due_on.isoformat(), status=ob.status.value, basis=rule.basis,
                missing=bool(ob.missing),
            ))  # fmt: skip
        open_ = sum(1 for ob in found if ob.missing)
        soon = sum(1 for ob in found if ob.status is ComplianceStatus.DUE_SOON)
        summary = f"共{len(found)}项，未完成{open_}项，30日内到期{soon}项。"
        township = self.ws.settings.township().name
        return ComplianceText(
            title=f"{township}{year}年演练义务完成情况一览表",
            heading=f"统计日期：{format_cn(today)}", rows=rows, summary=summary,
            issuer=self.ws.forms.issuer(), compiled_on=format_cn(self.ws.clock()),
        )  # fmt: skip

    def compliance(self, year: int, out: Path, today: date | None = None) -> tuple[Path, int]:
        """Print the 演练义务完成情况一览表 of ``year`` (A4 landscape)."""
        from safetydesk.printing.forms.drill_compliance_table import render

        text = self.compliance_text(year, today)
        pages: list[int] = []
        path = write_pdf(out, lambda p: pages.append(render(text, p)))
        return path, pages[0]
