"""Dialog to record or correct an inspection (安全检查记录, DOMAIN.md B §3.3).

The form is laid out by :class:`~safetydesk.ui.dialogs.inspection_dialog_view.InspectionDialogView`
(who was inspected, when, how, by whom; the checklist, the narrative and the disposition).
:class:`InspectionDialog` loads and reads the record and saves it through
``ws.inspections.record`` / ``update``; their ``ValidationErrors`` appear next to the fields
(``results.N`` marks row N of the checklist) and nothing typed is lost. Checklist items start
未检查; while any is, the record saves as a 草稿 (the save button says so) that the services will
not number or print. After a save with 不合格 items not yet registered as hazards it offers to
register them (:mod:`raise_hazards_dialog`).
现场照片 are added in the left column once the record is saved (:func:`scene_photo_strip`).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QWidget,
)

from safetydesk.domain.inspections import (
    Disposition,
    Inspection,
    InspectionKind,
    ItemResult,
)
from safetydesk.errors import SafetyDeskError, ValidationErrors
from safetydesk.services.inspections import default_window
from safetydesk.ui import messages
from safetydesk.ui.dialogs.inspection_dialog_view import InspectionDialogView
from safetydesk.ui.dialogs.unit_dialog import fill_village_combo
from safetydesk.ui.widgets.filters import combo_select

if TYPE_CHECKING:
    from safetydesk.services.inspections import InspectionService
    from safetydesk.ui.context import AppContext

#: Default dialog size (shrunk to the screen).
DEFAULT_SIZE = (1200, 760)
#: Data of the "no checklist" template choice.
NO_TEMPLATE = 0


def _time(edit: QDateTimeEdit) -> datetime:
    """The time shown, to the minute (what the officer typed)."""
    q = edit.dateTime()
    d, t = q.date(), q.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


def _set_time(edit: QDateTimeEdit, value: datetime | None) -> None:
    t = value or datetime.now().replace(second=0, microsecond=0)
    edit.setDateTime(
        QDateTime(
            QDate(t.year, t.month, t.day),
            QTime(t.hour, t.minute, t.second, t.microsecond // 1000),
        )
    )


class InspectionDialog(InspectionDialogView):
    """Loads, validates (through the service) and saves an inspection.

    Attributes:
        hazards_dialog: The 登记隐患 dialog opened after saving, if the user accepted the offer.
    """

    FIELDS = (
        ("place", "place_edit"),
        ("kind", "kind_combo"),
        ("met_person", "met_person_edit"),
        ("met_title", "met_title_edit"),
        ("met_phone", "met_phone_edit"),
        ("recorder", "recorder_edit"),
        ("witness", "witness_edit"),
        ("refused_to_sign", "refused_edit"),
        ("narrative", "narrative_edit"),
        ("disposition", "disposition_combo"),
        ("disposition_note", "disposition_note_edit"),
    )
    CONVERT = {"kind": InspectionKind, "disposition": Disposition}
    NOUN = "安全检查记录"
    #: Error keys in form order (for focusing the first error).
    ORDER = ("unit_id", "place", "started_at", "ended_at", "kind", "methods", "inspectors",
             "met_person", "recorder", "template_id", "results", "narrative", "disposition")  # fmt: skip

    def __init__(self, ctx: AppContext, record: Inspection | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(ctx, record, parent)
        self.unit_radio.toggled.connect(self._on_mode_changed)
        self.unit_combo.unit_changed.connect(self._on_unit_changed)
        self.point_type_combo.currentIndexChanged.connect(lambda _i: self._fill_templates())
        self.template_combo.currentIndexChanged.connect(self._on_template_changed)
        self.checklist.changed.connect(self._on_checklist_edited)
        self.rest_button.clicked.connect(self._on_answer_rest)
        for name, signal in (("unit_id", self.village_combo.currentIndexChanged),
                             ("started_at", self.start_edit.dateTimeChanged),
                             ("ended_at", self.end_edit.dateTimeChanged),
                             ("inspectors", self.inspector_list.changed),
                             ("inspectors", self.enforcement_check.toggled)):  # fmt: skip
            signal.connect(lambda *_a, n=name: self.boxes[n].set_error(""))
        self.unit_combo.editTextChanged.connect(lambda _t: self.boxes["unit_id"].set_error(""))
        for box in self.method_checks.values():
            box.toggled.connect(lambda _c: self.boxes["methods"].set_error(""))
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(
            min(DEFAULT_SIZE[0], screen.width() - 40), min(DEFAULT_SIZE[1], screen.height() - 40)
        )

    def service(self) -> InspectionService:
        """The inspection service."""
        return self.ctx.workspace.inspections

    def new_record(self) -> Inspection:
        """An empty inspection today 09:00–10:30, method 常规."""
        start, end = default_window(self.ctx.workspace.clock())
        return Inspection(started_at=start, ended_at=end)

    # -- load / read ---------------------------------------------------------------------------
    def load(self, rec: Inspection) -> None:
        """Show a record."""
        fill_village_combo(self.village_combo, self.ctx, rec.village_id, "请选择村(社区)")
        point = rec.unit_id is None and rec.village_id is not None
        (self.point_radio if point else self.unit_radio).setChecked(True)
        self.target_stack.setCurrentIndex(1 if point else 0)
        self.unit_combo.set_unit_id(rec.unit_id)
        self._unit_id = rec.unit_id
        unit = self.unit_combo.unit()
        if unit is not None:  # values that came from this unit follow a change of unit
            self._auto = {"place": unit.address, "person": unit.contact or unit.legal_rep,
                          "phone": unit.contact_phone}  # fmt: skip
        combo_select(self.village_combo, rec.village_id)
        combo_select(self.point_type_combo, rec.target_type if point else "")
        _set_time(self.start_edit, rec.started_at)
        _set_time(self.end_edit, rec.ended_at or rec.started_at)
        for value, box in self.method_checks.items():
            box.setChecked(value in rec.methods)
        self.enforcement_check.setChecked(rec.enforcement)
        self.inspector_list.set_inspectors(rec.inspectors)
        self._template_id = rec.template_id
        self._fill_templates()
        self.checklist.set_results(rec.results)
        linked = any(r.hazard_id for r in rec.results)
        self.template_combo.setEnabled(not linked)
        self.template_combo.setToolTip("已有检查项登记为隐患，不能更换检查表。" if linked else "")
        super().load(rec)
        self.photo_strip.set_owner(rec.id)
        self._update_template_info()

    def value(self) -> Inspection:
        """The record as edited."""
        rec: Inspection = super().value()
        point = self.point_radio.isChecked()
        unit_id = None if point else self.unit_combo.unit_id()
        unit = self.unit_combo.unit() if unit_id is not None else None
        return dataclasses.replace(
            rec,
            unit_id=unit_id,
            village_id=self.village_combo.currentData() if point else (unit.village_id if unit else None),
            target_type=(self.point_type_combo.currentData() or "") if point
            else (unit.type.value if unit else ""),
            started_at=_time(self.start_edit),
            ended_at=_time(self.end_edit),
            methods=tuple(m for m, box in self.method_checks.items() if box.isChecked()),
            enforcement=self.enforcement_check.isChecked(),
            inspectors=self.inspector_list.inspectors(),
            template_id=self._template_id,
            results=self.checklist.results() if self._template_id is not None else (),
        )  # fmt: skip

    # -- reactions -----------------------------------------------------------------------------
    def _target_type(self) -> str:
        if self.point_radio.isChecked():
            return str(self.point_type_combo.currentData() or "")
        unit = self.unit_combo.unit()
        return unit.type.value if unit else ""

    def _on_mode_changed(self, *_args: object) -> None:
        self.target_stack.setCurrentIndex(0 if self.unit_radio.isChecked() else 1)
        self.boxes["unit_id"].set_error("")
        self._fill_templates()

    def _on_unit_changed(self, *_args: object) -> None:
        unit_id = self.unit_combo.unit_id()
        if unit_id == self._unit_id:
            return
        self._unit_id = unit_id
        unit = self.unit_combo.unit()
        if unit is not None:
            # Follow the unit while the user has not typed their own values.
            for key, edit, value in (("place", self.place_edit, unit.address),
                                     ("person", self.met_person_edit, unit.contact or unit.legal_rep),
                                     ("phone", self.met_phone_edit, unit.contact_phone)):  # fmt: skip
                if edit.text() in ("", self._auto.get(key, "")):
                    edit.setText(value)
                    self._auto[key] = value
        self._fill_templates()

    def _fill_templates(self) -> None:
        """List the templates that apply to the target's type (keeping the current one)."""
        ws = self.ctx.workspace
        kind = self._target_type()
        templates = ws.checklists.for_type(kind) if kind else ws.checklists.all()
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        self.template_combo.addItem("不使用检查表（只填写检查情况）", NO_TEMPLATE)
        for t in templates:
            self.template_combo.addItem(f"{t.title}（{len(t.items)} 项）", t.id)
        if self._template_id is not None and self.template_combo.findData(self._template_id) < 0:
            t = ws.checklists.get(self._template_id)
            self.template_combo.addItem(f"{t.title}（本记录使用的版本）", t.id)
        combo_select(self.template_combo, self._template_id or NO_TEMPLATE)
        self.template_combo.blockSignals(False)

    def _on_template_changed(self, *_args: object) -> None:
        new = self.template_combo.currentData() or None
        if new == self._template_id:
            return
        if self.checklist.has_entries() and not messages.confirm(
            self,
            "更换检查表会清空已填写的检查结果和备注。\n\n确定要更换吗？",
            title="更换检查表",
            ok_text="更换并清空结果",
        ):
            self.template_combo.blockSignals(True)
            combo_select(self.template_combo, self._template_id or NO_TEMPLATE)
            self.template_combo.blockSignals(False)
            return
        self._template_id = new
        results = self.service().start_from_template(new) if new is not None else ()
        self.checklist.set_results(results)
        self.boxes["results"].set_error("")
        self._update_template_info()

    def _on_checklist_edited(self) -> None:
        self.boxes["results"].set_error("")
        self._update_template_info()

    def _on_answer_rest(self) -> None:
        n = len(self.checklist.unchecked_seqs())
        if n and messages.confirm(
            self,
            f"把其余 {n} 个“未检查”项都设为“合格”吗？\n\n"
            "检查记录只能写实际检查的结果：请确认这些项都已逐项检查且符合要求。",
            title="其余未检查项设为合格",
            ok_text=f"将 {n} 项设为合格",
        ):
            self.checklist.answer_unchecked(ItemResult.PASS)

    def _update_template_info(self) -> None:
        if self._template_id is None:
            self.template_info.setText("未使用检查表：请在“检查情况”中写明检查内容和发现的问题。")
            self.checklist.setEnabled(False)
            self.rest_button.setEnabled(False)
            self.save_button.setText("保存")
            return
        self.checklist.setEnabled(True)
        c = self.checklist.counts()
        major = sum(1 for r in self.checklist.results() if r.major)
        text = (
            f"共 {sum(c.values())} 项（重大隐患判定项 {major} 项）：合格 {c[ItemResult.PASS]}，"
            f"不合格 {c[ItemResult.FAIL]}，不涉及 {c[ItemResult.NOT_APPLICABLE]}，"
            f"未检查 {c[ItemResult.UNCHECKED]}。"
        )
        unchecked = c[ItemResult.UNCHECKED]
        if unchecked:
            text += ("请逐项选择合格、不合格或不涉及（不合格须在备注中写明问题）；"
                     "有未检查项时只能保存为草稿，不能打印检查记录。")  # fmt: skip
        else:
            text += "各项均已填写；不合格项须在备注中写明问题。"
        self.template_info.setText(text)
        self.rest_button.setEnabled(bool(unchecked))
        self.save_button.setText("保存草稿" if unchecked else "保存")
        self.save_button.setToolTip(
            f"还有 {unchecked} 项未检查：保存为草稿，填完后才能打印" if unchecked else ""
        )

    # -- errors and saving ---------------------------------------------------------------------
    def show_errors(self, errors: dict[str, str]) -> None:
        """Show messages next to their fields; ``results.N`` marks checklist row N."""
        rows = {int(k.split(".", 1)[1]): v for k, v in errors.items()
                if k.startswith("results.") and k.split(".", 1)[1].isdigit()}  # fmt: skip
        rest = {k: v for k, v in errors.items() if not k.startswith("results.")}
        if rows:
            rest["results"] = "\n".join(rows[s] for s in sorted(rows))
        order = {n: i for i, n in enumerate(self.ORDER)}
        super().show_errors(dict(sorted(rest.items(), key=lambda kv: order.get(kv[0], 99))))
        self.checklist.set_row_errors(rows)
        first = next((k for k in self.ORDER if k in rest and k in self.boxes), None)
        if first == "results" and rows:
            self.checklist.note_edit(self.checklist.row_of_seq(min(rows))).setFocus()
        elif first is not None:
            self.boxes[first].widget.setFocus()

    def accept(self) -> None:
        """Record (or update) through the service; keep the dialog open on errors."""
        ins = self.value()
        svc = self.service()
        try:
            saved = svc.record(ins) if ins.id is None else svc.update(ins)
        except ValidationErrors as exc:
            self.show_errors(exc.errors)
            return
        except SafetyDeskError as exc:
            messages.show_warning(self, str(exc), title="无法保存")
            return
        self.saved = saved
        self._record = saved.record
        QDialog.accept(self)
        self.record_saved.emit(saved)
        self.ctx.bus.changed.emit(saved.changes)
        self._offer_hazards(saved.record)

    def _offer_hazards(self, rec: Inspection) -> None:
        pending = [r for r in rec.failed_items if r.hazard_id is None]
        if not pending or rec.unit_id is None:
            return
        n = len(pending)
        items = "\n".join(f"  第{r.seq}项 {r.content}：{r.note}" for r in pending[:8])
        more = f"\n  ……等 {n} 项" if n > 8 else ""
        if messages.confirm(
            self.parentWidget(),
            f"检查记录已保存。本次检查有 {n} 个不合格项尚未登记为隐患：\n{items}{more}\n\n"
            "现在登记为隐患吗？登记时可以调整隐患等级、整改措施和整改期限。",
            title="登记隐患",
            ok_text=f"将 {n} 个不合格项登记为隐患",
            cancel_text="以后再说",
        ):
            from safetydesk.ui.dialogs.raise_hazards_dialog import open_raise_hazards

            self.hazards_dialog = open_raise_hazards(self.ctx, rec.id or 0, self.parentWidget())
