"""Import of the 村(社区) and 单位场所 registers from .xlsx files, all or nothing.

:meth:`ImportService.plan` reads and validates a file without writing anything; the front end
shows :meth:`ImportPlan.preview` and the :attr:`ImportPlan.problems` (row, column, what is wrong and
how to fix it). :meth:`ImportService.commit` then writes every record in one transaction, or
nothing (creating first the villages a 单位场所 plan is to create). Used by the GUI import dialog
and by the CLI ``import`` command. The plan itself is in :mod:`.register_plan`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safetydesk.domain.common import Village
from safetydesk.errors import ImportRefused, ValidationErrors
from safetydesk.services.changes import Changes, Topic
from safetydesk.services.imports import sheets
from safetydesk.services.imports.cells import CellError
from safetydesk.services.imports.register_plan import ImportPlan, NewVillages
from safetydesk.services.imports.register_rows import (
    LABELS,
    ImportKind,
    Progress,
    RegisterRowReader,
    import_fields,
)
from safetydesk.services.imports.sheets import Problem
from safetydesk.services.imports.values import VillageIndex, parse_village_kind

if TYPE_CHECKING:
    from safetydesk.services import Workspace

__all__ = ["ImportKind", "ImportPlan", "ImportService", "NewVillages", "Problem"]

#: Records written per ``bulk_insert`` call during commit (progress is reported between them).
COMMIT_CHUNK = 500
#: Fields that must have a column in the file, per kind.
REQUIRED: dict[str, tuple[str, ...]] = {"villages": ("name",), "units": ("name", "village_id")}
_NOUN = {"villages": "村(社区)", "units": "单位场所"}


class ImportService:
    """Reads, validates and imports register spreadsheets.

    Args:
        ws: The open workspace.
    """

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    # -- reading -------------------------------------------------------------------------------
    def plan(
        self,
        kind: ImportKind,
        path: Path | str,
        *,
        progress: Progress | None = None,
        create_missing: bool = False,
    ) -> ImportPlan:
        """Read and validate ``path``; nothing is written.

        Args:
            kind: "villages" or "units".
            path: An .xlsx file.
            progress: Called with ``(done, total)`` rows every few hundred rows; may raise
                :class:`~safetydesk.errors.Cancelled` to stop.
            create_missing: Units: plan to create the villages the file names that are not
                registered (see :meth:`ImportPlan.with_create`); otherwise each row naming one
                is a problem.

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
        order = {match.headers[f]: c for f, c in match.columns.items()}
        if not problems:
            reader.read(rows[match.row :], match.row + 1, progress)
            problems = sorted([*reader.problems, *reader.missing],
                              key=lambda p: (p.row, order.get(p.column, 10**6)))  # fmt: skip
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
            new=NewVillages(
                names=reader.new_villages,
                rows=[r for r, _u, _v in reader.pending],
                records=[u for _r, u, _v in reader.pending],
                villages=[v for _r, _u, v in reader.pending],
                problems=reader.missing,
                order=order,
            ),
        ).with_create(create_missing)

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
            raise plan.refused()
        store = self.ws.villages.store if plan.kind == "villages" else self.ws.units.store
        topics = [Topic.VILLAGES if plan.kind == "villages" else Topic.UNITS]
        total = len(plan.records)
        with self.ws.db.atomic():
            records, created = self._create_villages(plan)
            if created:
                topics.append(Topic.VILLAGES)
            problems = self._recheck(plan, records)
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
                store.bulk_insert(records[start : start + COMMIT_CHUNK])
            if progress:
                progress(total, total)
        return Changes.of(*topics, ids=tuple(range(first + 1, first + 1 + total)))

    def _create_villages(self, plan: ImportPlan) -> tuple[list[Any], list[Village]]:
        """Register the villages the plan is to create (inside the caller's transaction).

        Returns:
            The plan's records with the new villages' ids set (checked again), and the villages
            created (a village registered since the plan was made is used, not created twice).

        Raises:
            ImportRefused: A village or unit fails validation (nothing is kept: the caller's
                transaction is rolled back).
        """
        waiting = plan.new_village_of()
        if not waiting:
            return list(plan.records), []
        villages = self.ws.villages
        index = VillageIndex(villages.list())
        ids: dict[str, int] = {}
        created: list[Village] = []
        first_row = {v: r for r, v in reversed(waiting.items())}
        column = plan.mapping.get("village_id", "")
        for name in plan.new.names:
            try:
                ids[name] = index.find(name).id or 0
                continue
            except CellError:
                pass
            try:
                v = villages.validate(Village(name=name, kind=parse_village_kind("", name)))
            except ValidationErrors as exc:
                raise ImportRefused([Problem(first_row.get(name, 0), column,
                                             f"无法新建村(社区)「{name}」：{exc}")]) from exc  # fmt: skip
            v = villages.store.insert(v)
            created.append(v)
            index = VillageIndex([*index.villages, v])
            ids[name] = v.id or 0
        records = []
        for row, rec in zip(plan.rows, plan.records, strict=True):
            if row in waiting:
                try:
                    rec = self.ws.units.validate(dataclasses.replace(rec, village_id=ids[waiting[row]]))
                except ValidationErrors as exc:
                    raise ImportRefused(
                        [Problem(row, column, m) for m in exc.errors.values()]
                    ) from exc
            records.append(rec)
        return records, created

    def _recheck(self, plan: ImportPlan, records: list[Any]) -> list[Problem]:
        """Conflicts of the records (the plan's, with new villages set) with the database now."""
        villages, units = self.ws.villages.store, self.ws.units.store
        col = plan.mapping.get
        problems: list[Problem] = []
        if plan.kind == "villages":
            names = villages.names_active()
            for row, rec in zip(plan.rows, records, strict=True):
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
        for row, rec in zip(plan.rows, records, strict=True):
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
        create_missing: bool = False,
    ) -> tuple[ImportPlan, Changes | None]:
        """Plan and (unless ``dry_run``) commit in one call (CLI and background jobs).

        ``progress`` sees one run from 0 to the total: reading is the first half, writing the
        second. ``create_missing``: see :meth:`plan`.

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

        plan = self.plan(kind, path, progress=reading, create_missing=create_missing)
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
