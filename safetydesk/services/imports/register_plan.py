"""What a register import would do: :class:`ImportPlan` (records, problems, preview), nothing written.

Made by :meth:`~safetydesk.services.imports.registers.ImportService.plan` and committed by
:meth:`~safetydesk.services.imports.registers.ImportService.commit`. A 单位场所 plan keeps the rows
that name villages not registered (:class:`NewVillages`) so that :meth:`ImportPlan.with_create`
can switch between refusing them and creating their villages without reading the file again.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from safetydesk.domain.common import Unit
from safetydesk.errors import ImportRefused
from safetydesk.services.exports import record_cells
from safetydesk.services.imports.register_rows import LABELS, ImportKind
from safetydesk.services.imports.sheets import Problem

#: Text added to the name of a village the import would create.
NEW_MARK = "（新建）"
#: Names of villages to create listed in a message (the rest are counted).
NAMES_SHOWN = 10


@dataclass(frozen=True)
class NewVillages:
    """Rows of a 单位场所 file naming villages that are not registered (see :meth:`ImportPlan.with_create`).

    Attributes:
        names: The villages, as they would be created, in the order the file names them.
        rows: Rows valid but for their village.
        records: Their units (no ``village_id`` yet), in ``rows`` order.
        villages: The village each of them names.
        problems: One per row naming such a village (shown when none is to be created).
        order: Header text → column position (to merge problems back in column order).
    """

    names: list[str] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    records: list[Unit] = field(default_factory=list)
    villages: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    order: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportPlan:
    """What a file would import, after reading and validating it; nothing is written yet.

    Attributes:
        kind: "villages" or "units".
        path: The file.
        sheet: Name of the sheet read ("" when none could be used).
        header_row: Last header row (1-based; 0 when no header was found).
        mapping: Field name → header text found.
        ignored_headers: Headers not recognised (shown to the user; not an error).
        records: Validated, cleaned records (Village or Unit) in row order.
        rows: Source row number of each record.
        problems: Every problem found; the plan can be committed only when there is none.
        skipped_rows: Blank rows between data, 合计/总计 rows and repeated header rows.
        village_names: Village id → name (to display units' villages).
        risk_scheme: Display scheme of risk classes in :meth:`preview`.
        create_missing: The villages the file names that are not registered are to be created
            (their rows are records); otherwise each such row is a problem.
        new: The rows naming villages that are not registered, in both forms.
    """

    kind: ImportKind
    path: Path
    sheet: str
    header_row: int
    mapping: dict[str, str]
    ignored_headers: list[str]
    records: list  # type: ignore[type-arg]
    rows: list[int]
    problems: list[Problem]
    skipped_rows: list[int]
    village_names: dict[int, str] = field(default_factory=dict, repr=False, compare=False)
    risk_scheme: str = field(default="ABCD", repr=False, compare=False)
    create_missing: bool = False
    new: NewVillages = field(default_factory=NewVillages, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """True when there is no problem (the plan can be committed)."""
        return not self.problems

    @property
    def missing_villages(self) -> list[str]:
        """Villages the file names that are not registered (created when ``create_missing``)."""
        return list(self.new.names)

    def new_village_of(self) -> dict[int, str]:
        """Row → village to create, for the records waiting for one (``create_missing`` only)."""
        return dict(zip(self.new.rows, self.new.villages, strict=True)) if self.create_missing else {}

    def with_create(self, create: bool) -> ImportPlan:
        """The same file planned with or without creating the villages it names that are missing.

        Without: each row naming such a village is a problem. With: those rows are records, and
        :meth:`~.registers.ImportService.commit` creates the villages first, in the same transaction.
        """
        if create == self.create_missing or not self.new.names:
            return dataclasses.replace(self, create_missing=create)
        new = self.new
        if create:
            drop = set(new.problems)
            problems = [p for p in self.problems if p not in drop]
            pairs = sorted(zip([*self.rows, *new.rows], [*self.records, *new.records], strict=True),
                           key=lambda pair: pair[0])  # fmt: skip
        else:
            problems = sorted([*self.problems, *new.problems],
                              key=lambda p: (p.row, new.order.get(p.column, 10**6)))  # fmt: skip
            waiting = set(new.rows)
            pairs = [(r, rec) for r, rec in zip(self.rows, self.records, strict=True)
                     if r not in waiting]  # fmt: skip
        return dataclasses.replace(self, create_missing=create, problems=problems,
                                   rows=[r for r, _ in pairs], records=[rec for _, rec in pairs])  # fmt: skip

    def refused(self) -> ImportRefused:
        """The refusal of this plan's problems, with a summary line."""
        missing = len(self.new.problems) if self.new.names and not self.create_missing else 0
        if not missing:
            return ImportRefused(self.problems)
        names = self.new.names
        shown = "、".join(names[:NAMES_SHOWN]) + ("等" if len(names) > NAMES_SHOWN else "")
        others = len(self.problems) - missing
        return ImportRefused(self.problems, (
            f"导入被拒绝：表中有 {len(names)} 个村(社区)尚未登记（{shown}），未写入任何数据。"
            "如确需新建，请勾选“创建表中缺少的村(社区)”（命令行加 --create-missing）后重新导入；"
            "否则请先在“村(社区)”中登记，或改正表中的名称。"
            + (f"另有 {others} 处其他问题，见上面的问题清单。" if others > 0 else "")
        ))  # fmt: skip

    def preview(self, limit: int = 50) -> list[dict[str, str]]:
        """Up to ``limit`` records as label → display text, with the source row under "行号"."""
        labels = LABELS[self.kind]
        new = self.new_village_of()
        out = []
        for row, rec in zip(self.rows[:limit], self.records[:limit], strict=True):
            cells = record_cells(
                rec, labels, village_names=self.village_names, risk_scheme=self.risk_scheme
            )
            line = {"行号": str(row)}
            line.update(
                {
                    label: "" if v is None else str(v)
                    for label, v in zip(labels.values(), cells, strict=True)
                }
            )
            if row in new:
                line[labels["village_id"]] = new[row] + NEW_MARK
            out.append(line)
        return out
