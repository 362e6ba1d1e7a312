"""Import of the 村(社区) and 单位场所 registers from .xlsx files, all or nothing.

:meth:`ImportService.plan` reads and validates a file without writing anything; the front end
shows :meth:`ImportPlan.preview` and the :attr:`ImportPlan.problems` (row, column, what is wrong and
how to fix it). :meth:`ImportService.commit` then writes every record in one transaction, or
nothing. Used by the GUI import dialog and by the CLI ``import`` command.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safetydesk.errors import ImportRefused
from safetydesk.services.changes import Changes, Topic
from safetydesk.services.exports import record_cells
from safetydesk.services.imports import sheets
from safetydesk.services.imports.register_rows import (
    LABELS,
    ImportKind,
    Progress,
    RegisterRowReader,
    import_fields,
)
from safetydesk.services.imports.sheets import Problem

if TYPE_CHECKING:
    from safetydesk.services import Workspace

__all__ = ["ImportKind", "ImportPlan", "ImportService", "Problem"]

#: Records written per ``bulk_insert`` call during commit (progress is reported between them).
COMMIT_CHUNK = 500
#: Fields that must have a column in the file, per kind.
REQUIRED: dict[str, tuple[str, ...]] = {"villages": ("name",), "units": ("name", "village_id")}
_NOUN = {"villages": "村(社区)", "units": "单位场所"}


# -- enums -----------------------------------------------------------------------------------------


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

    @property
    def ok(self) -> bool:
        """True when there is no problem (the plan can be committed)."""
        return not self.problems

    def preview(self, limit: int = 50) -> list[dict[str, str]]:
        """Up to ``limit`` records as label → display text, with the source row under "行号"."""
        labels = LABELS[self.kind]
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
            out.append(line)
        return out


class ImportService:
    """Reads, validates and imports register spreadsheets.

    Args:
        ws: The open workspace.
    """

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    # -- reading -------------------------------------------------------------------------------
    def plan(
        self, kind: ImportKind, path: Path | str, *, progress: Progress | None = None
    ) -> ImportPlan:
        """Read and validate ``path``; nothing is written.

        Args:
            kind: "villages" or "units".
            path: An .xlsx file.
            progress: Called with ``(done, total)`` rows every few hundred rows; may raise
                :class:`~safetydesk.errors.Cancelled` to stop.

        Returns:
            The plan; ``plan.problems`` lists everything wrong (a missing required column too).

        Raises:
            ImportRefused: The file cannot be read as an .xlsx workbook at all.
            Cancelled: ``progress`` cancelled.
        """
        if kind not in REQUIRED:
            raise ValueError(f"unknown import kind {kind!r}")
        path = Path(path)
        fields = import_fields(kind)
        wb = sheets.open_workbook(path)
        try:
            worksheets = [s for s in wb.worksheets if s.sheet_state == "visible"] or wb.worksheets
            if not worksheets:
                raise sheets.refuse(f"「{path.name}」里没有工作表。请选择正确的文件。")
            sheet, match = self._pick_sheet(worksheets, wb.active, fields)
            rows = sheets.sheet_rows(sheet) if match else []
        finally:
            wb.close()
        base = {"kind": kind, "path": path, "sheet": sheet.title}
        scheme = str(self.ws.settings.get("risk_scheme"))
        if match is None:
            msg = (
                f"在工作表「{sheet.title}」的前 {sheets.HEADER_SCAN_ROWS} 行中找不到表头。"
                f"{_NOUN[kind]}名录应有「{LABELS[kind]['name']}」等列；"
                "请确认选择的文件和导入类型正确，并且表头位于表格顶部。"
            )
            return ImportPlan(**base, header_row=0, mapping={}, ignored_headers=[], records=[],
                              rows=[], problems=[Problem(0, "", msg)], skipped_rows=[],
                              risk_scheme=scheme)  # fmt: skip
        problems = [
            Problem(0, "", _missing_message(fields[f], sheet.title, match.row))
            for f in REQUIRED[kind]
            if f not in match.columns
        ]
        problems += sheets.duplicate_problems(match, sheet.title)
        reader = RegisterRowReader(self.ws, kind, match)
        if not problems:
            reader.read(rows[match.row :], match.row + 1, progress)
            problems = reader.problems
            if not reader.records and not problems:
                problems.append(Problem(0, "", (
                    f"工作表「{sheet.title}」在表头（第 {match.row} 行）下面没有数据行。"
                    "请确认选择了正确的文件，或先在表格中填写数据。"
                )))  # fmt: skip
        return ImportPlan(
            **base,
            header_row=match.row,
            mapping=dict(match.headers),
            ignored_headers=list(match.ignored),
            records=reader.records,
            rows=reader.rows,
            problems=problems,
            skipped_rows=reader.skipped,
            village_names=self.ws.villages.names() if kind == "units" else {},
            risk_scheme=scheme,
        )

    @staticmethod
    def _pick_sheet(
        worksheets: list[Any], active: Any, fields: dict[str, tuple[str, ...]]
    ) -> tuple[Any, sheets.HeaderMatch | None]:
        """The sheet whose header matches most fields (the active sheet on a tie)."""
        ordered = sorted(worksheets, key=lambda s: s is not active)
        best: tuple[Any, sheets.HeaderMatch | None] = (ordered[0], None)
        for s in ordered:
            top = sheets.sheet_rows(s, max_row=sheets.HEADER_SCAN_ROWS + 1)
            m = sheets.find_header(top, fields)
            if m and (best[1] is None or m.score > best[1].score):
                best = (s, m)
        return best

    # -- writing -------------------------------------------------------------------------------
    def commit(self, plan: ImportPlan, *, progress: Progress | None = None) -> Changes:
        """Write every record of ``plan`` in one transaction, or nothing.

        Duplicates are checked again inside the transaction (someone may have added a record
        since the plan was made).

        Args:
            plan: A plan from :meth:`plan` with no problems.
            progress: Called with ``(done, total)`` records; may raise Cancelled (rolls back).

        Raises:
            ImportRefused: The plan has problems, or the database changed so that some records
                now conflict; nothing was written.
            Cancelled: ``progress`` cancelled; nothing was written.
        """
        if not plan.ok:
            raise ImportRefused(plan.problems)
        store = self.ws.villages.store if plan.kind == "villages" else self.ws.units.store
        topic = Topic.VILLAGES if plan.kind == "villages" else Topic.UNITS
        total = len(plan.records)
        with self.ws.db.atomic():
            problems = self._recheck(plan)
            if problems:
                raise ImportRefused(
                    problems,
                    f"导入被拒绝：预览之后数据库有了变化，有 {len(problems)} 处与已登记的记录冲突，"
                    "未写入任何数据。请重新选择文件导入。",
                )
            first = store.max_id()
            for start in range(0, total, COMMIT_CHUNK):
                if progress:
                    progress(start, total)
                store.bulk_insert(plan.records[start : start + COMMIT_CHUNK])
            if progress:
                progress(total, total)
        return Changes.of(topic, ids=tuple(range(first + 1, first + 1 + total)))

    def _recheck(self, plan: ImportPlan) -> list[Problem]:
        """Conflicts of the plan's records with the database as it is now."""
        villages, units = self.ws.villages.store, self.ws.units.store
        col = plan.mapping.get
        problems: list[Problem] = []
        if plan.kind == "villages":
            names = villages.names_active()
            for row, rec in zip(plan.rows, plan.records, strict=True):
                if rec.name in names:
                    problems.append(
                        Problem(
                            row,
                            col("name", ""),
                            f"已有名为「{rec.name}」的村(社区)，请勿重复登记。",
                        )
                    )
            return problems
        active = villages.ids_active()
        pairs = units.keys_active()
        codes = units.usccs_active()
        for row, rec in zip(plan.rows, plan.records, strict=True):
            if rec.village_id not in active:
                problems.append(
                    Problem(row, col("village_id", ""), "所属村(社区)已被归档或删除，请重新核对。")
                )
            elif (rec.name, rec.village_id) in pairs:
                problems.append(
                    Problem(
                        row,
                        col("name", ""),
                        f"本村(社区)已有名为「{rec.name}」的单位场所，请勿重复登记。",
                    )
                )
            elif rec.uscc and rec.uscc in codes:
                problems.append(
                    Problem(
                        row, col("uscc", ""), f"统一社会信用代码 {rec.uscc} 已登记，请勿重复登记。"
                    )
                )
        return problems

    def run(
        self,
        kind: ImportKind,
        path: Path | str,
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
    ) -> tuple[ImportPlan, Changes | None]:
        """Plan and (unless ``dry_run``) commit in one call (CLI and background jobs).

        ``progress`` sees one run from 0 to the total: reading is the first half, writing the
        second.

        Returns:
            The plan and the changes (``None`` for a dry run).

        Raises:
            ImportRefused: The file cannot be read, or (not a dry run) the plan has problems;
                ``err.problems`` lists them. Nothing was written.
            Cancelled: ``progress`` cancelled; nothing was written.
        """
        reading = None
        if progress:

            def reading(done: int, total: int) -> None:
                progress(done, 2 * total)

        plan = self.plan(kind, path, progress=reading)
        if dry_run:
            return plan, None
        writing = None
        if progress:
            n = max(len(plan.records), 1)

            def writing(done: int, total: int) -> None:
                progress(n + done * n // max(total, 1), 2 * n)

        return plan, self.commit(plan, progress=writing)


def _missing_message(accepted: tuple[str, ...], sheet: str, header_row: int) -> str:
    return (
        f"工作表「{sheet}」的表头（第 {header_row} 行）中没有「{accepted[0]}」列。"
        f"请在表头中加上这一列，列名可写作：{'、'.join(accepted)}。"
    )
