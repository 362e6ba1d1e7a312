"""编辑内容: the plan-specific content of a draft version (B §1.4) and its ordered steps.

The five text fields of :data:`~safetydesk.services.plan_content.CONTENT_LABELS` and, per
:class:`~safetydesk.domain.plans.StepSection`, the procedure as one step per line. 保存 calls
``ws.plan_content.edit``; a refusal (an 已生效 version) keeps the form open with the message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from safetydesk.domain.plans import PlanKind, StepSection
from safetydesk.services.plan_content import CONTENT_LABELS
from safetydesk.ui.dialogs.plan_forms import ServiceForm

if TYPE_CHECKING:
    from safetydesk.ui.context import AppContext

#: Hints of the content fields.
_HINTS = {
    "warning_signal": "如：大喇叭连续广播、铜锣急促连续敲响",
    "evacuate_signal": "如：手摇报警器长鸣、口哨三长声",
    "trigger_levels": "如：气象橙色预警启动Ⅱ级响应，红色预警启动Ⅰ级响应",
    "evacuation_triggers": "如：强降雨时、发现异常险情时、险情不能研判时立即转移",
    "return_conditions": "如：预警解除并经镇里确认安全后方可返回，不得擅自返回",
}


class PlanContentForm(ServiceForm):
    """The content of the newest (草稿/待审核) version of one item."""

    def __init__(
        self, ctx: AppContext, village_id: int | None, kind: PlanKind, label: str,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(ctx, parent)
        self.village_id, self.kind = village_id, kind
        content = ctx.workspace.plan_content.content(village_id, kind)
        self.setWindowTitle(f"预案内容 — {label} · {kind}（{content.version.version}）")
        self.edits: dict[str, QLineEdit] = {}
        for name, text in CONTENT_LABELS.items():
            edit = QLineEdit(str(getattr(content.version, name) or ""))
            edit.setPlaceholderText(_HINTS.get(name, ""))
            self.edits[name] = edit
            self.add_row(text, self.field(name, edit))
        self.step_edits: dict[StepSection, QPlainTextEdit] = {}
        for section in StepSection:
            box = QPlainTextEdit("\n".join(content.steps.get(section, ())))
            box.setPlaceholderText("每行一个步骤，按先后顺序")
            box.setFixedHeight(72)
            self.step_edits[section] = box
            self.add_row(f"{section}步骤", self.field(f"steps_{section.name}", box))
        self.resize(640, self.sizeHint().height())

    def submit(self) -> Any:
        """``ws.plan_content.edit`` with every field and every section."""
        return self.ctx.workspace.plan_content.edit(
            self.village_id, self.kind,
            fields={name: edit.text() for name, edit in self.edits.items()},
            steps={s: box.toPlainText().splitlines() for s, box in self.step_edits.items()},
        )  # fmt: skip
