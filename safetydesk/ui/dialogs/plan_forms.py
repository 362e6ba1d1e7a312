"""Small forms of the 一制四案 page whose 保存 calls one service method (not a register ``save``).

:class:`ServiceForm` is a :class:`FormView` whose :meth:`ServiceForm.submit` does the write; a
refusal keeps the dialog open with the service's Chinese message under its field (or on the top
line), so nothing typed is lost; success announces ``Topic.PLANS`` on the bus. The forms of a
plan's versions are here too: :class:`NewVersionForm` (新增版本), :class:`EffectiveForm` (生效:
审议日期, 审核人, 审核日期) and :class:`ReasonForm` (标记需修订).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from safetydesk.domain.plans import PlanKind, PlanStatus
from safetydesk.errors import SafetyDeskError, ValidationError, ValidationErrors
from safetydesk.services.changes import Changes, Topic
from safetydesk.ui.dialogs.form_base import FormView
from safetydesk.ui.widgets.hazard_fields import DateEdit, OptionalDateEdit

if TYPE_CHECKING:
    from safetydesk.ui.context import AppContext

#: What every write of the page announces.
PLANS_CHANGED = Changes.of(Topic.PLANS)


class ServiceForm(FormView):
    """A form whose 保存 runs :meth:`submit`; refusals are shown in the form.

    Attributes:
        result: What :meth:`submit` returned once accepted.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result: Any = None

    def submit(self) -> Any:
        """Do the write (raise the service's errors)."""
        raise NotImplementedError

    def errors_text(self) -> str:
        """Every message shown (top line and fields), for tests and screen readers."""
        texts = [self.general_error.text()] if self.general_error.isVisible() else []
        texts += [b.error.text() for b in self.boxes.values() if not b.error.isHidden()]
        return "\n".join(t for t in texts if t)

    def accept(self) -> None:
        """Run :meth:`submit`; on refusal keep the form open with the message."""
        try:
            self.result = self.submit()
        except ValidationErrors as exc:
            self.show_errors(exc.errors)
            return
        except ValidationError as exc:
            self.show_errors({exc.field: exc.message})
            return
        except SafetyDeskError as exc:
            self.show_errors({"": str(exc)})
            return
        super().accept()
        self.ctx.bus.changed.emit(PLANS_CHANGED)


class NewVersionForm(ServiceForm):
    """新增版本: version name and 编制日期; the new draft copies the last version's content."""

    def __init__(
        self, ctx: AppContext, village_id: int | None, kind: PlanKind, label: str,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(ctx, parent)
        self.village_id, self.kind = village_id, kind
        today = ctx.workspace.clock()
        self.setWindowTitle(f"新增版本 — {label} · {kind}")
        self.version_edit = QLineEdit(f"{today.year}年版")
        self.drafted_edit = DateEdit()
        self.drafted_edit.set_day(today)
        self.add_row("版本号", self.field("version", self.version_edit,
                     hint="例如“2026年版”；新版本从草稿开始，内容复制自上一版本。"),
                     required=True)  # fmt: skip
        self.add_row("编制日期", self.field("drafted_on", self.drafted_edit), required=True)
        self.resize(440, self.sizeHint().height())

    def submit(self) -> Any:
        """``ws.plans.add_version``."""
        return self.ctx.workspace.plans.add_version(
            self.village_id, self.kind, self.version_edit.text(),
            drafted_on=self.drafted_edit.day(),
        )  # fmt: skip


class EffectiveForm(ServiceForm):
    """生效: 审议日期, 审核人, 审核日期 (the service refuses without the dates) and 生效日期."""

    def __init__(
        self, ctx: AppContext, village_id: int | None, kind: PlanKind, label: str,
        reviewer: str = "", parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(ctx, parent)
        self.village_id, self.kind = village_id, kind
        today = ctx.workspace.clock()
        self.setWindowTitle(f"预案生效 — {label} · {kind}")
        self.adopted_edit = OptionalDateEdit("已审议，日期")
        self.adopted_edit.set_day(None, today)
        self.reviewer_edit = QLineEdit(reviewer)
        self.reviewer_edit.setPlaceholderText("镇里审核的科室和人员")
        self.reviewed_edit = OptionalDateEdit("已审核，日期")
        self.reviewed_edit.set_day(None, today)
        self.effective_edit = DateEdit()
        self.effective_edit.set_day(today)
        self.add_row("审议日期", self.field("adopted_on", self.adopted_edit,
                     hint="村两委或村民代表会议审议的日期"), required=True)  # fmt: skip
        self.add_row("审核人", self.field("reviewed_by", self.reviewer_edit))
        self.add_row("审核日期", self.field("reviewed_on", self.reviewed_edit,
                     hint="镇里审核的日期"), required=True)  # fmt: skip
        self.add_row("生效日期", self.field("effective_on", self.effective_edit,
                     hint="下次修订截止日期按灾种自动计算"))  # fmt: skip
        self.save_button.setText("生效")
        self.resize(480, self.sizeHint().height())

    def show_errors(self, errors: dict[str, str]) -> None:
        """As :meth:`ServiceForm.show_errors`; the refusal for missing dates also marks them."""
        errors = dict(errors)
        if "status" in errors:
            for name, label in (("adopted_on", "审议日期"), ("reviewed_on", "审核日期")):
                box = self.boxes[name].widget
                if label in errors["status"] and isinstance(box, OptionalDateEdit):
                    errors.setdefault(name, f"请勾选并填写{label}。")
        super().show_errors(errors)

    def set_dates(self, adopted: date | None, reviewed: date | None) -> None:
        """Fill the 审议 and 审核 dates (``None`` leaves one unticked)."""
        today = self.ctx.workspace.clock()
        self.adopted_edit.set_day(adopted, today)
        self.reviewed_edit.set_day(reviewed, today)

    def submit(self) -> Any:
        """``ws.plans.set_state(…, 已生效, …)``."""
        return self.ctx.workspace.plans.set_state(
            self.village_id, self.kind, PlanStatus.EFFECTIVE,
            adopted_on=self.adopted_edit.day(), reviewed_on=self.reviewed_edit.day(),
            reviewed_by=self.reviewer_edit.text().strip() or None,
            effective_on=self.effective_edit.day(),
        )  # fmt: skip


class ReasonForm(ServiceForm):
    """标记需修订: why the plan must be revised."""

    def __init__(
        self, ctx: AppContext, village_id: int | None, kind: PlanKind, label: str,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(ctx, parent)
        self.village_id, self.kind = village_id, kind
        self.setWindowTitle(f"标记需修订 — {label} · {kind}")
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setFixedHeight(80)
        self.add_row("需修订原因", self.field("revision_reason", self.reason_edit,
                     hint="如：包保责任人变动、演练发现问题、危险区变化"), required=True)  # fmt: skip
        self.save_button.setText("标记需修订")
        self.resize(480, self.sizeHint().height())

    def submit(self) -> Any:
        """``ws.plans.set_state(…, 需修订, reason=…)``."""
        return self.ctx.workspace.plans.set_state(
            self.village_id, self.kind, PlanStatus.NEEDS_REVISION,
            reason=self.reason_edit.toPlainText(),
        )  # fmt: skip
