"""Dialog to record or correct a drill (登记/编辑 一次演练, DOMAIN.md B §2.4).

The form is laid out by :class:`~safetydesk.ui.dialogs.drill_record_view.DrillRecordView` (five
tabs). :class:`DrillRecordDialog` loads a record (or a new one, pre-filled from an item of the
annual plan), reads it back and saves it through ``ws.drills.record`` / ``update`` with its
findings; their ``ValidationErrors`` appear next to the fields (``findings.N`` marks row N of the
findings, the tab holding an error is marked and shown) and nothing typed is lost. A saved record
is announced on the bus as ``Changes.of(Topic.DRILLS, ids=(id,))``.

Some actions need a saved record — 登记为隐患 (``ws.drill_hazards.raise_hazard``), 预案需修订…
(``ws.drills.revise_plan``), 附件 and 评估… — the dialog asks, saves, and stays open.
"""

from __future__ import annotations

import dataclasses
import importlib
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QWidget

from safetydesk.domain.drill_records import (
    DrillFinding,
    finding_errors,
    timeline_errors,
    timeline_steps,
    timeline_text,
)
from safetydesk.domain.drills import (
    Drill,
    DrillCategory,
    DrillConclusion,
    DrillForm,
    DrillScope,
    SubjectKind,
    drill_errors,
)
from safetydesk.domain.plans import PlanKind
from safetydesk.errors import NotFoundError, SafetyDeskError, ValidationError, ValidationErrors
from safetydesk.services.changes import Changes, Saved, Topic
from safetydesk.services.drills import PLAN_OF_CATEGORY
from safetydesk.ui import messages
from safetydesk.ui.dialogs.drill_findings_table import normal_time
from safetydesk.ui.dialogs.drill_record_view import (
    TAB_BASIC,
    DrillRecordView,
    ask_hazard_unit,
    ask_reason,
)
from safetydesk.ui.dialogs.unit_dialog import fill_village_combo
from safetydesk.ui.widgets.filters import combo_select

if TYPE_CHECKING:
    from safetydesk.domain.drill_evaluation import DrillEvaluation
    from safetydesk.ui.context import AppContext

#: Default dialog size (shrunk to the screen).
DEFAULT_SIZE = (1040, 760)
#: Shown when the evaluation dialog is not part of this build.
NO_EVAL_TEXT = "评估功能尚未提供"


def _time(text: str) -> str:
    """A typed time as ``HH:MM`` where it reads as one (else as typed, for the service to refuse)."""
    normal = normal_time(text)
    return text.strip() if normal is None else normal


def _conclusion(value: str | None) -> DrillConclusion | None:
    return DrillConclusion(value) if value else None


class DrillRecordDialog(DrillRecordView):
    """Loads, validates (through the service) and saves one drill record with its findings.

    Args:
        ctx: The AppContext.
        drill_id: The drill to edit, or ``None`` for a new one.
        plan_item_id: For a new drill: the annual-plan item it carries out (fields pre-filled).
        planned_on: For a new drill from the plan: the planned date (the 演练日期 shown).
        parent: Parent widget.

    Attributes:
        saved_drill: The drill as stored, once saved (also after a save that kept the dialog open).
    """

    FIELDS = (
        ("record_no", "record_no_edit"), ("organiser", "organiser_edit"), ("title", "title_edit"),
        ("start_time", "start_edit"), ("end_time", "end_edit"),
        ("location", "location_edit"), ("category", "category_combo"), ("scope", "scope_combo"),
        ("form", "form_combo"), ("commander", "commander_edit"), ("units", "units_edit"),
        ("participants", "participants_edit"), ("residents", "residents_edit"),
        ("evacuation_minutes", "evacuation_edit"), ("observers", "observers_edit"),
        ("equipment", "equipment_edit"), ("recorder", "recorder_edit"),
        ("approver", "approver_edit"), ("notes", "notes_edit"), ("scenario", "scenario_edit"),
        ("conclusion", "conclusion_combo"),
    )  # fmt: skip
    CONVERT = {
        "category": DrillCategory, "scope": DrillScope, "form": DrillForm,
        "conclusion": _conclusion, "start_time": _time, "end_time": _time,
    }  # fmt: skip
    NOUN = "演练记录"
    #: Error keys in form order (the first one is focused).
    ORDER = ("record_no", "organiser_kind", "village_id", "unit_id", "organiser", "reported_on",
             "title", "held_on", "start_time", "end_time", "location", "category", "scope",
             "form", "plan_version_id", "commander", "units", "participants", "residents",
             "evacuation_minutes", "observers", "equipment", "recorder", "approver", "notes",
             "scenario", "timeline", "findings", "needs_plan_revision", "conclusion")  # fmt: skip

    def __init__(
        self, ctx: AppContext, drill_id: int | None = None, *, plan_item_id: int | None = None,
        planned_on: date | None = None, parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        self._plan_item_id = plan_item_id
        self._planned_on = planned_on
        self.saved_drill: Drill | None = None
        self.hazard_saved: Saved[Any] | None = None
        self._loaded_findings: list[DrillFinding] = []
        self._evaluation: DrillEvaluation | None = None
        self._auto_organiser = ""
        self._snapshot: tuple[Drill, list[DrillFinding]] | None = None
        record = ctx.workspace.drills.get(drill_id) if drill_id is not None else None
        super().__init__(ctx, record, parent)
        self._title()
        self.organiser_kind_combo.currentIndexChanged.connect(self._on_organiser_changed)
        self.village_combo.currentIndexChanged.connect(self._on_organiser_changed)
        self.unit_combo.unit_changed.connect(self._on_organiser_changed)
        self.category_combo.currentIndexChanged.connect(lambda _i: self._fill_versions())
        for name, signal in (("village_id", self.village_combo.currentIndexChanged),
                             ("organiser_kind", self.organiser_kind_combo.currentIndexChanged),
                             ("unit_id", self.unit_combo.editTextChanged),
                             ("held_on", self.held_on_edit.dateChanged),
                             ("reported_on", self.reported_edit.changed),
                             ("plan_version_id", self.plan_version_combo.currentIndexChanged),
                             ("timeline", self.timeline_table.changed),
                             ("findings", self.findings_table.changed)):  # fmt: skip
            signal.connect(lambda *_a, n=name: self.boxes[n].set_error(""))
        self.timeline_table.changed.connect(self._show_timeline_warning)
        self.start_edit.textChanged.connect(self._show_timeline_warning)
        self.end_edit.textChanged.connect(self._show_timeline_warning)
        t = self.timeline_table
        self.step_add_button.clicked.connect(t.add_empty_row)
        self.step_delete_button.clicked.connect(lambda: t.delete_row(t.currentRow()))
        self.step_up_button.clicked.connect(lambda: t.move_row(t.currentRow(), -1))
        self.step_down_button.clicked.connect(lambda: t.move_row(t.currentRow(), +1))
        self.finding_add_button.clicked.connect(self.findings_table.add_empty_row)
        self.finding_delete_button.clicked.connect(self.delete_finding)
        self.findings_table.itemSelectionChanged.connect(self._show_finding_status)
        self.raise_hazard_button.clicked.connect(self.raise_hazard)
        self.revise_plan_button.clicked.connect(self.revise_plan)
        self.eval_button.clicked.connect(self.open_evaluation)
        self._show_timeline_warning()
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(
            min(DEFAULT_SIZE[0], screen.width() - 40), min(DEFAULT_SIZE[1], screen.height() - 40)
        )

    def service(self) -> Any:
        """The drill service."""
        return self.ctx.workspace.drills

    def new_record(self) -> Drill:
        """A new drill held today, or one pre-filled from its plan item on its planned date."""
        ws = self.ctx.workspace
        held_on = self._planned_on or ws.clock()
        town = ws.settings.township().name
        if self._plan_item_id is None:
            return Drill(title="", held_on=held_on, organiser=town)
        item = ws.drills.item(self._plan_item_id)
        organiser = item.organiser or (town if item.subject_kind is SubjectKind.TOWNSHIP else "")
        return Drill(
            plan_item_id=item.id, title=item.title, organiser_kind=item.subject_kind,
            village_id=item.village_id, unit_id=item.unit_id, organiser=organiser,
            held_on=held_on, location=item.location, category=item.category, scope=item.scope,
            form=item.form, plan_version_id=item.plan_version_id, units=item.units,
        )  # fmt: skip

    def _title(self) -> None:
        rec = self._record
        self.setWindowTitle(
            f"编辑演练记录 {rec.record_no}".rstrip() if rec.id is not None else "登记演练记录"
        )

    # -- load / read ---------------------------------------------------------------------------
    def load(self, rec: Drill) -> None:
        """Show a record with its findings, attachments and evaluation."""
        ws = self.ctx.workspace
        fill_village_combo(self.village_combo, self.ctx, rec.village_id, "请选择村(社区)")
        for combo in (self.organiser_kind_combo, self.village_combo):
            combo.blockSignals(True)
        combo_select(self.organiser_kind_combo, rec.organiser_kind.value)
        combo_select(self.village_combo, rec.village_id)
        for combo in (self.organiser_kind_combo, self.village_combo):
            combo.blockSignals(False)
        self.unit_combo.blockSignals(True)
        self.unit_combo.set_unit_id(rec.unit_id)
        self.unit_combo.blockSignals(False)
        self.held_on_edit.set_day(rec.held_on)
        self.reported_edit.set_day(rec.reported_on, rec.held_on)
        self._show_plan_item(rec.plan_item_id)
        super().load(rec)
        self.timeline_table.set_steps(timeline_steps(rec.timeline))
        self._loaded_findings = ws.drills.findings(rec.id) if rec.id is not None else []
        self._show_findings(self._loaded_findings)
        self.needs_revision_check.setChecked(rec.needs_plan_revision)
        self._fill_versions(rec.plan_version_id, loading=True)
        self.attachments_view.set_drill(rec.id)
        self._show_evaluation()
        self._auto_organiser = self._organiser_name()
        if rec.id is None and not rec.organiser:
            self.organiser_edit.setText(self._auto_organiser)
        self._show_organiser_fields()
        self._mark_clean()

    def _show_plan_item(self, item_id: int | None) -> None:
        if item_id is None:
            self.plan_label.setText("—（计划外演练）")
            return
        try:
            item = self.ctx.workspace.drills.item(item_id)
        except NotFoundError:
            self.plan_label.setText(f"计划项 #{item_id}（已删除）")
            return
        self.plan_label.setText(f"{item.first_year}年度演练计划 第{item.seq}项：{item.title}")

    def _show_findings(self, findings: list[DrillFinding]) -> None:
        hazards = self.ctx.workspace.hazards
        codes: dict[int, str] = {}
        for f in findings:
            if f.hazard_id is not None:
                try:
                    codes[f.hazard_id] = hazards.get(f.hazard_id).code or f"隐患#{f.hazard_id}"
                except NotFoundError:
                    codes[f.hazard_id] = f"隐患#{f.hazard_id}（已删除）"
        self.findings_table.set_findings(findings, codes)
        self._show_finding_status()

    def value(self) -> Drill:
        """The record as edited."""
        rec: Drill = super().value()
        kind = self._kind()
        unit_id = self.unit_combo.unit_id() if kind is SubjectKind.UNIT else None
        unit = self.unit_combo.unit() if unit_id is not None else None
        village_id = {SubjectKind.VILLAGE: self.village_combo.currentData(),
                      SubjectKind.UNIT: unit.village_id if unit else None}.get(kind)  # fmt: skip
        return dataclasses.replace(
            rec,
            organiser_kind=kind,
            village_id=village_id,
            unit_id=unit_id,
            held_on=self.held_on_edit.day(),
            reported_on=self.reported_edit.day() if kind is SubjectKind.UNIT else None,
            plan_version_id=self.plan_version_combo.currentData(),
            timeline=timeline_text(self.timeline_table.steps()),
            needs_plan_revision=self.needs_revision_check.isChecked(),
            # An evaluated drill's conclusion is the evaluation's; the combo only shows it.
            conclusion=self._record.conclusion if self._evaluation else rec.conclusion,
        )

    def findings(self) -> list[DrillFinding]:
        """The findings as edited, in order."""
        return self.findings_table.findings()

    def is_dirty(self) -> bool:
        """True for a new record, or when anything differs from what was loaded."""
        if self._record.id is None:
            return True
        return self.value() != self._record or self.findings() != self._loaded_findings

    def _mark_clean(self) -> None:
        self._snapshot = (self.value(), self.findings())

    def has_changes(self) -> bool:
        """True when anything was edited since the record was shown (or last saved)."""
        return (self.value(), self.findings()) != self._snapshot

    def _kind(self) -> SubjectKind:
        return SubjectKind(self.organiser_kind_combo.currentData())

    # -- organiser -----------------------------------------------------------------------------
    def _organiser_name(self) -> str:
        kind = self._kind()
        if kind is SubjectKind.TOWNSHIP:
            return self.ctx.workspace.settings.township().name
        if kind is SubjectKind.VILLAGE:
            return self.village_combo.currentText() if self.village_combo.currentData() else ""
        unit = self.unit_combo.unit()
        return unit.name if unit is not None else ""

    def _on_organiser_changed(self, *_args: object) -> None:
        self._show_organiser_fields()
        name = self._organiser_name()
        if self.organiser_edit.text() in ("", self._auto_organiser):
            self.organiser_edit.setText(name)
        self._auto_organiser = name
        self._fill_versions()

    def _show_organiser_fields(self) -> None:
        kind = self._kind()
        self.boxes["village_id"].setVisible(kind is SubjectKind.VILLAGE)
        self.boxes["unit_id"].setVisible(kind is SubjectKind.UNIT)
        self.basic_form.setRowVisible(self.reported_box, kind is SubjectKind.UNIT)

    def _fill_versions(self, keep: int | None = None, *, loading: bool = False) -> None:
        """List the 一制四案 versions of the organiser's plan of the drill's category.

        Args:
            keep: The version to select; when loading a record it is listed even if it does
                not belong to the organiser's plans, else "未指定" is chosen instead.
            loading: Called by :meth:`load` (else the current choice is kept if still listed).
        """
        combo = self.plan_version_combo
        if not loading:
            keep = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("未指定", None)
        kind = self._kind()
        village_id = self.village_combo.currentData() if kind is SubjectKind.VILLAGE else None
        if kind is not SubjectKind.UNIT and (kind is SubjectKind.TOWNSHIP or village_id):
            mapped = PLAN_OF_CATEGORY.get(DrillCategory(self.category_combo.currentData()))
            for plan_kind in [mapped] if mapped else list(PlanKind):
                for v in reversed(self.ctx.workspace.plans.versions(village_id, plan_kind)):
                    combo.addItem(f"{plan_kind.value}预案 {v.version}（{v.status.value}）", v.id)
        if keep is not None and not combo_select(combo, keep):
            if loading:
                combo.addItem(f"预案版本 #{keep}（本记录原选）", keep)
                combo_select(combo, keep)
            else:
                combo.setCurrentIndex(0)
        combo.blockSignals(False)

    # -- timeline ------------------------------------------------------------------------------
    def timeline_problems(self) -> list[str]:
        """What is wrong with the steps as typed (format first, then order and range)."""
        table = self.timeline_table
        problems = table.step_problems()
        start, end = normal_time(self.start_edit.text()), normal_time(self.end_edit.text())
        steps = [s for s in table.steps() if normal_time(s.time) is not None]
        return problems + timeline_errors(steps, start or "", end or "")

    def _show_timeline_warning(self, *_args: object) -> None:
        problems = self.timeline_problems()
        self.timeline_warning.setText("\n".join(f"⚠ {p}" for p in problems))
        self.timeline_warning.setVisible(bool(problems))

    # -- errors --------------------------------------------------------------------------------
    def local_errors(self) -> dict[str, str]:
        """Problems of what is typed that the service cannot see (times and dates as text)."""
        errors: dict[str, str] = {}
        step_problems = self.timeline_table.step_problems()
        if step_problems:
            errors["timeline"] = step_problems[0]
        errors.update(self.findings_table.due_problems())
        kind = self._kind()
        if kind is SubjectKind.UNIT and self.unit_combo.currentText().strip() and (
            self.unit_combo.unit_id() is None
        ):
            errors["unit_id"] = f"找不到单位“{self.unit_combo.currentText().strip()}”：请从列表中选择。"
        return errors

    def show_errors(self, errors: dict[str, str]) -> None:
        """Messages next to their fields (``findings.N`` on row N); error tabs marked, the first
        one shown with its field focused."""
        rows = {int(k.split(".", 1)[1]): v for k, v in errors.items()
                if k.startswith("findings.") and k.split(".", 1)[1].isdigit()}  # fmt: skip
        rest = {k: v for k, v in errors.items() if not k.startswith("findings.")}
        if rows:
            rest["findings"] = "\n".join(rows[n] for n in sorted(rows))
        order = {n: i for i, n in enumerate(self.ORDER)}
        super().show_errors(dict(sorted(rest.items(), key=lambda kv: order.get(kv[0], 99))))
        self.findings_table.set_row_errors(rows)
        tabs = {self.tab_of.get(k, TAB_BASIC) for k in rest}
        for i in range(self.tabs.count()):
            self.mark_tab(i, i in tabs)
        first = min(
            (k for k in rest if k in self.boxes),
            key=lambda k: (self.tab_of.get(k, TAB_BASIC), order.get(k, 99)), default=None,
        )  # fmt: skip
        if first is not None:
            self.tabs.setCurrentIndex(self.tab_of.get(first, TAB_BASIC))
            self.boxes[first].widget.setFocus()
        elif rest:
            self.tabs.setCurrentIndex(TAB_BASIC)

    def clear_errors(self) -> None:
        """Hide every message and tab mark."""
        super().clear_errors()
        if hasattr(self, "findings_table"):
            self.findings_table.set_row_errors({})
            for i in range(self.tabs.count()):
                self.mark_tab(i, False)

    # -- saving --------------------------------------------------------------------------------
    def save_record(self) -> Drill | None:
        """Record or update the drill with its findings; the stored drill, or None (errors shown)."""
        drill, findings = self.value(), self.findings()
        local = self.local_errors()
        if local:
            today = self.ctx.workspace.clock()
            domain = {**drill_errors(drill, today), **finding_errors(findings, drill.held_on)}
            self.show_errors({**domain, **local})
            return None
        svc = self.ctx.workspace.drills
        try:
            stored = svc.record(drill, findings) if drill.id is None else svc.update(drill, findings)
        except ValidationErrors as exc:
            self.show_errors(exc.errors)
            return None
        except ValidationError as exc:
            self.show_errors({exc.field or "": str(exc)})
            return None
        except SafetyDeskError as exc:
            messages.show_warning(self, str(exc), title="无法保存")
            return None
        self._record = stored
        self._announce(stored, Changes.of(Topic.DRILLS, ids=(stored.id or 0,)))
        return stored

    def _announce(self, stored: Drill, changes: Changes) -> None:
        self.saved_drill = stored
        self.saved = Saved(stored, changes)
        self.record_saved.emit(self.saved)
        self.ctx.bus.changed.emit(changes)

    def accept(self) -> None:
        """保存: save and close; on errors the dialog stays open with everything typed."""
        if self.save_record() is not None:
            QDialog.accept(self)

    def reject(self) -> None:
        """取消 / Esc / closing the window: ask before dropping unsaved edits."""
        if self.has_changes() and not messages.confirm(
            self, "本记录有尚未保存的修改，关闭后这些修改将丢失。\n\n确定不保存就关闭吗？",
            title="放弃修改", ok_text="不保存，关闭", cancel_text="返回继续编辑",
        ):  # fmt: skip
            return
        super().reject()

    def ensure_saved(self, why: str = "") -> int | None:
        """The drill's id once it is saved: an unsaved or edited record is saved first (asked)."""
        rec = self._record
        if rec.id is not None and not self.is_dirty():
            return rec.id
        text = (why or "这项操作") + ("需要先保存这条新的演练记录。" if rec.id is None
                                    else "需要先保存对本记录所做的修改。")  # fmt: skip
        if not messages.confirm(self, f"{text}\n\n现在保存吗？", title="先保存记录",
                                ok_text="保存"):  # fmt: skip
            return None
        stored = self.save_record()
        if stored is None:
            return None
        self.load(stored)
        self._title()
        return stored.id

    # -- findings → hazards, plan revision -----------------------------------------------------
    def _selected_finding(self) -> tuple[int, DrillFinding | None]:
        """Number (from 1, 0 for none) and loaded record of the selected finding row."""
        row = self.findings_table.currentRow()
        n = self.findings_table.number_of_row(row) if row >= 0 else 0
        rec = self.findings_table.record(row) if n else None
        return n, rec if isinstance(rec, DrillFinding) else None

    def _show_finding_status(self) -> None:
        n, rec = self._selected_finding()
        raised = rec is not None and rec.hazard_id is not None
        self.raise_hazard_button.setEnabled(bool(n) and not raised)
        code = self.findings_table.text(self.findings_table.currentRow(), 4) if raised else ""
        self._set_status(f"第{n}个问题已登记为隐患 {code}。" if raised else "")

    def _set_status(self, text: str) -> None:
        self.findings_status.setText(text)
        self.findings_status.setVisible(bool(text))

    def delete_finding(self) -> bool:
        """删除 the selected finding (asked first when it was registered as a hazard)."""
        row = self.findings_table.currentRow()
        if row < 0:
            return False
        _n, rec = self._selected_finding()
        if rec is not None and rec.hazard_id is not None and not messages.confirm(
            self, "这个问题已登记为隐患。删除问题不会删除隐患，隐患仍按原样整改。\n\n确定删除吗？",
            title="删除问题", ok_text="删除",
        ):  # fmt: skip
            return False
        self.findings_table.delete_row(row)
        return True

    def raise_hazard(self) -> Saved[Any] | None:
        """登记为隐患: register the selected finding as a hazard (saving the record first)."""
        n, rec = self._selected_finding()
        if not n:
            messages.show_info(self, "请先在表中选中一个问题。", title="登记为隐患")
            return None
        if rec is not None and rec.hazard_id is not None:
            return None
        service = getattr(self.ctx.workspace, "drill_hazards", None)
        if service is None:
            messages.show_info(self, "登记隐患功能尚未提供。", title="登记为隐患")
            return None
        unit_id: int | None = None
        if self._kind() is not SubjectKind.UNIT:
            # A hazard belongs to a 单位场所: a village's or the township's drill names it.
            unit_id = ask_hazard_unit(self, self.ctx)
            if unit_id is None:
                return None
        drill_id = self.ensure_saved("登记隐患")
        if drill_id is None:
            return None
        try:
            saved = service.raise_hazard(drill_id, n, unit_id=unit_id)
        except SafetyDeskError as exc:
            messages.show_warning(self, str(exc), title="未能登记隐患")
            return None
        self.hazard_saved = saved
        self.ctx.bus.changed.emit(saved.changes | Changes.of(Topic.DRILLS, ids=(drill_id,)))
        self._loaded_findings = self.ctx.workspace.drills.findings(drill_id)
        self._show_findings(self._loaded_findings)
        self._mark_clean()
        row = self.findings_table.row_of_number(n)
        self.findings_table.setCurrentCell(row, 0)
        code = saved.record.code
        self._set_status(f"第{n}个问题已登记为隐患 {code}，请到“隐患”页跟踪整改。")
        return saved

    def revise_plan(self) -> bool:
        """预案需修订…: ask the reason and mark the exercised 一制四案 plan 需修订."""
        drill_id = self.ensure_saved("标记预案需修订")
        if drill_id is None:
            return False
        reason = ask_reason(self)
        if reason is None:
            return False
        try:
            version = self.ctx.workspace.drills.revise_plan(drill_id, reason)
        except SafetyDeskError as exc:
            messages.show_warning(self, str(exc), title="预案未标记")
            return False
        stored = self.ctx.workspace.drills.get(drill_id)
        self._record = stored
        self.needs_revision_check.setChecked(stored.needs_plan_revision)
        self._mark_clean()
        self._announce(stored, Changes.of(Topic.DRILLS, Topic.PLANS, ids=(drill_id,)))
        if version is not None:
            text = f"已将所演练的预案（版本 {version.version}）标为“需修订”，原因已记入预案。"
        else:
            text = ("该预案的最新版本不是“已生效”，预案状态未改变；"
                    "本次演练已记为“需修订预案”。")  # fmt: skip
        self._set_status(text)
        messages.show_info(self, text, title="预案需修订")
        return True

    # -- evaluation ----------------------------------------------------------------------------
    def _show_evaluation(self) -> None:
        rec = self._record
        ev = self.ctx.workspace.drills.evaluation(rec.id) if rec.id is not None else None
        self._evaluation = ev
        self.show_evaluation(ev, saved=rec.id is not None)

    def open_evaluation(self) -> QDialog | None:
        """评估…: open the evaluation dialog of the saved drill, then show its result."""
        try:
            module = importlib.import_module("safetydesk.ui.dialogs.drill_eval_dialog")
        except ImportError:
            messages.show_info(self, NO_EVAL_TEXT, title="评估")
            return None
        drill_id = self.ensure_saved("评估")
        if drill_id is None:
            return None
        dialog: QDialog = module.DrillEvalDialog(self.ctx, drill_id, parent=self)
        dialog.exec()
        # The evaluation may have changed the record (its conclusion); the form was saved
        # before opening it, so showing the stored record loses nothing.
        self.load(self.ctx.workspace.drills.get(drill_id))
        return dialog
