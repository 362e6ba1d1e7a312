"""What importing an old 隐患排查治理台账 would do, before anything is written (Qt-free).

:class:`HazardImportPlan` is the result of
:meth:`~safetydesk.services.imports.hazards.HazardImportService.plan`: the checked records, the
problems that stop the import, warnings, the units and villages it would create, and the preview
the CLI and the GUI import dialog show; :func:`missing_message` says why a ledger naming
unregistered units or villages is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from safetydesk.domain.schedule import DeadlineKind
from safetydesk.errors import ImportRefused
from safetydesk.labels import day_text
from safetydesk.services.imports.hazard_row_checks import LedgerRecord
from safetydesk.services.imports.sheets import Problem

__all__ = ["NEW_MARK", "PREVIEW_COLUMNS", "HazardImportPlan", "missing_message"]

#: Columns of :meth:`HazardImportPlan.preview` (after "行号").
PREVIEW_COLUMNS = (
    "单位场所", "所属村(社区)", "发现日期", "发现人", "隐患部位", "隐患描述", "隐患等级",
    "整改措施", "整改期限", "导入后状态", "整改完成日期", "销号日期", "整改资金(万元)",
)  # fmt: skip
#: Text added to names that the import would create.
NEW_MARK = "（新建）"


@dataclass(frozen=True)
class HazardImportPlan:
    """What a ledger would import, after reading and checking it; nothing is written yet.

    Attributes:
        path: The file.
        sheet: Name of the sheet read.
        header_row: Last header row (1-based; 0 when none was found).
        mapping: Field → header text found (see :data:`hazard_import_rows.LEDGER_FIELDS`).
        ignored_headers: Headers not used (shown to the user; not an error).
        records: Checked hazards in row order.
        rows: Source row of each record.
        problems: Everything that stops the import (row, column, how to fix).
        skipped_rows: Blank rows, 合计 rows and repeated headers.
        warnings: Things the user should know that do not stop the import.
        missing_units: Units not registered: name → its 村(社区) ("" when the row has none).
        missing_villages: 村(社区) not registered, as they would be created.
        unit_names: Registered unit id → name (for the preview).
        village_names: Village id → name (for the preview).
    """

    path: Path
    sheet: str
    header_row: int
    mapping: dict[str, str]
    ignored_headers: list[str]
    records: list[LedgerRecord]
    rows: list[int]
    problems: list[Problem]
    skipped_rows: list[int]
    warnings: list[Problem] = field(default_factory=list)
    missing_units: dict[str, str] = field(default_factory=dict)
    missing_villages: list[str] = field(default_factory=list)
    unit_names: dict[int, str] = field(default_factory=dict, repr=False, compare=False)
    village_names: dict[int, str] = field(default_factory=dict, repr=False, compare=False)
    missing: list[Problem] = field(default_factory=list, repr=False, compare=False)
    kind: str = "hazards"

    @property
    def ok(self) -> bool:
        """True when the file has no problem (missing units/villages are decided at commit)."""
        return not self.problems

    @property
    def needs_create(self) -> bool:
        """True when some units or villages of the ledger are not registered."""
        return bool(self.missing_units or self.missing_villages)

    def refused(self, create_missing: bool) -> ImportRefused | None:
        """Why committing would be refused (problems, or missing names not to be created)."""
        if self.problems:
            return ImportRefused(self.problems)
        if self.needs_create and not create_missing:
            return ImportRefused(self.missing, missing_message(self))
        return None

    def state_counts(self) -> dict[str, int]:
        """Number of records per final state."""
        out: dict[str, int] = {}
        for r in self.records:
            out[r.hazard.state.value] = out.get(r.hazard.state.value, 0) + 1
        return out

    def preview(self, limit: int = 50) -> list[dict[str, str]]:
        """Up to ``limit`` records as column → display text (see :data:`PREVIEW_COLUMNS`)."""
        out = []
        for rec in self.records[:limit]:
            h = rec.hazard
            unit = self.unit_names.get(h.unit_id or 0) or rec.unit_name + NEW_MARK
            village = self.village_names.get(h.village_id or 0, "")
            if not village and rec.village_name:
                village = rec.village_name + NEW_MARK
            due = "立即" if h.immediate else day_text(h.due_on)
            if h.deadline_days and h.due_on:
                working = h.deadline_kind is DeadlineKind.WORKING_DAYS
                due = f"{h.deadline_days}{'个工作日' if working else '日'}内（{day_text(h.due_on)}）"
            cells = (
                unit, village, day_text(h.found_on), h.found_by, h.location, h.description,
                h.level.value + ("（判定依据待补录）" if h.basis_pending else ""), h.measures, due, h.state.value, day_text(h.rectified_on),
                day_text(h.closed_on),
                "" if h.funds is None else f"{h.funds:g}",
            )  # fmt: skip
            out.append({"行号": str(rec.row), **dict(zip(PREVIEW_COLUMNS, cells, strict=True))})
        return out


def missing_message(plan: HazardImportPlan) -> str:
    """The summary line when a ledger names units or villages that are not registered."""
    parts = []
    if plan.missing_units:
        parts.append(f"{len(plan.missing_units)} 个单位场所")
    if plan.missing_villages:
        parts.append(f"{len(plan.missing_villages)} 个村(社区)")
    return (
        f"导入被拒绝：台账中有 {'、'.join(parts)}尚未登记，未写入任何数据。"
        "如确需新建，请勾选“创建台账中缺少的单位场所和村(社区)”（命令行加 --create-missing）后重新导入；"
        "否则请先在名录中登记，或改正表中的名称。"
    )
