"""Import of an old 隐患排查治理台账 (.xlsx), all or nothing.

:meth:`HazardImportService.plan` reads and checks a ledger without writing anything: it finds the
header (title rows, two-row headers, the header variants of DOMAIN.md §7), converts every row
(:mod:`safetydesk.services.imports.hazard_rows`), ties rows to the registered 单位场所 and 村(社区)
(exact name, then normalised) and lists the ones not registered. :meth:`HazardImportService.commit`
writes every hazard with its final state and an honest timeline
(:meth:`~safetydesk.services.hazards.HazardService.import_history`; no 文书 numbers are taken),
creating the missing units and villages when asked, in one transaction. Used by the CLI
``import hazards`` and the GUI import dialog.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safetydesk.domain.hazards import EventDetails, HazardLevel
from safetydesk.errors import ImportRefused
from safetydesk.services.changes import Changes, Topic
from safetydesk.services.imports import sheets
from safetydesk.services.imports.cells import cell_text
from safetydesk.services.imports.hazard_matching import (
    Registers,
    duplicates,
    missing_problems,
    resolve,
)
from safetydesk.services.imports.hazard_plan import HazardImportPlan, missing_message
from safetydesk.services.imports.hazard_row_checks import LedgerRecord, LedgerRowReader, RowContext
from safetydesk.services.imports.hazard_rows import (
    LEDGER_FIELDS,
    Progress,
    ledger_fields,
    read_rows,
)
from safetydesk.services.imports.hazard_values import funds_in_yuan
from safetydesk.services.imports.sheets import Problem

if TYPE_CHECKING:
    from safetydesk.services import Workspace

__all__ = ["HazardImportService"]

#: Progress is reported every this many rows/records.
PROGRESS_EVERY = 100

_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_TITLE_TAIL = re.compile(r"(?:生产安全|安全生产)?(?:事故)?隐患.*$")
_YEAR_AFFIX = re.compile(r"^[(（]?\d{4}\s*年度?[)）]?|[(（]?\d{4}\s*年度?[)）]?$")
_PLACE_SUFFIXES = ("镇", "乡", "街道", "办事处", "县", "区", "市", "政府")


def unit_from_title(title: str, township: str) -> str:
    """The unit an enterprise's own ledger names in its title ("示例机械厂隐患排查治理台账")."""
    name = _TITLE_TAIL.sub("", title.strip())
    name = _YEAR_AFFIX.sub("", name).strip(" -—_：:")
    if not name or name.endswith(_PLACE_SUFFIXES) or (township and township in name):
        return ""
    return name


class HazardImportService:
    """Reads, checks and imports old hazard ledgers.

    Args:
        ws: The open workspace.
    """

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    # -- reading -------------------------------------------------------------------------------
    def plan(self, path: Path | str, *, progress: Progress | None = None) -> HazardImportPlan:
        """Read and check ``path``; nothing is written.

        Args:
            path: An .xlsx file.
            progress: Called with ``(done, total)`` rows; may raise Cancelled to stop.

        Raises:
            ImportRefused: The file cannot be read as an .xlsx workbook at all.
            Cancelled: ``progress`` cancelled.
        """
        path = Path(path)
        fields = ledger_fields()
        wb = sheets.open_workbook(path)
        try:
            worksheets = [s for s in wb.worksheets if s.sheet_state == "visible"] or wb.worksheets
            sheet, match = _pick_sheet(worksheets, wb.active, fields)
            rows = sheets.sheet_rows(sheet) if match else []
            epoch = wb.epoch
        finally:
            wb.close()
        empty: dict[str, Any] = dict(mapping={}, ignored_headers=[], records=[], rows=[],
                                     skipped_rows=[])  # fmt: skip
        if match is None:
            msg = (
                f"在工作表「{sheet.title}」的前 {sheets.HEADER_SCAN_ROWS} 行中找不到隐患台账的表头。"
                "台账应有「隐患描述」「检查日期」「单位名称」等列；请确认选择的文件正确，"
                "并且表头位于表格顶部。"
            )
            return HazardImportPlan(path, sheet.title, 0, problems=[Problem(0, "", msg)], **empty)
        title_rows = [cell_text(v) for r in rows[: match.first_row - 1] for v in r if v]
        ctx, notes = self._context(path, sheet.title, match, list(dict.fromkeys(title_rows)))
        ctx = dataclasses.replace(ctx, epoch=epoch)
        base = dict(path=path, sheet=sheet.title, header_row=match.row, mapping=dict(match.headers),
                    ignored_headers=list(match.ignored))  # fmt: skip
        problems = _missing_columns(match, ctx, sheet.title) + sheets.duplicate_problems(match, sheet.title)
        if problems:
            return HazardImportPlan(**base, records=[], rows=[], problems=problems, skipped_rows=[])
        records, problems, warnings, skipped = read_rows(
            rows[match.row :], match.row + 1, match, LedgerRowReader(ctx), progress
        )
        if not records and not problems:
            problems.append(Problem(0, "", (
                f"工作表「{sheet.title}」在表头（第 {match.row} 行）下面没有数据行。"
                "请确认选择了正确的文件。"
            )))  # fmt: skip
        res = resolve(records, Registers(self.ws), match.headers)
        problems += res.problems + duplicates(self.ws, res.records, match.headers)
        problems.sort(key=lambda p: p.row)
        return HazardImportPlan(
            **base,
            records=res.records,
            rows=[r.row for r in res.records],
            problems=problems,
            skipped_rows=skipped,
            warnings=notes + warnings,
            missing_units={name: village for (_r, name, village) in res.missing_units.values()},
            missing_villages=[name for (_r, name) in res.missing_villages.values()],
            unit_names={u.id or 0: u.name for u in self.ws.units.list()},
            village_names=self.ws.villages.names(),
            missing=missing_problems(res, match.headers),
        )

    def _context(
        self, path: Path, sheet: str, match: sheets.HeaderMatch, titles: list[str]
    ) -> tuple[RowContext, list[Problem]]:
        """What the whole file tells the rows, and file-level notes for the user."""
        township = self.ws.settings.township().name
        text = " ".join([*titles, sheet])
        year = _TITLE_YEAR.search(text) or _ANY_YEAR.search(text)
        cols = frozenset(match.columns)
        notes: list[Problem] = []
        level = HazardLevel.ORDINARY
        if "level" not in cols:
            level = HazardLevel.MAJOR if "重大" in text else HazardLevel.ORDINARY
            notes.append(Problem(0, "", (
                f"表中没有「隐患等级」列，全部按{level.value}隐患导入"
                + ("（表题写明是重大隐患）。" if level is HazardLevel.MAJOR else "。")
            )))  # fmt: skip
        title_unit = ""
        if "unit" not in cols:
            title_unit = next((u for t in titles if (u := unit_from_title(t, township))), "")
            if title_unit:
                notes.append(Problem(0, "", f"表中没有单位名称列，按表题全部记为「{title_unit}」的隐患。"))
        if "found_on" not in cols and "listed_on" in cols:
            notes.append(Problem(0, match.headers["listed_on"], (
                "表中没有检查（发现）日期列，以挂牌时间作为发现日期。"
            )))  # fmt: skip
        funds_header = match.headers.get("funds", "")
        yuan = funds_in_yuan(funds_header)
        if funds_header and not yuan and "万元" not in funds_header:
            notes.append(Problem(0, funds_header, (
                "整改资金列未注明单位，按万元导入；如果表中是元，请把列名改为“整改资金(元)”后再导入。"
            )))  # fmt: skip
        ctx = RowContext(
            today=self.ws.clock(),
            calendar=self.ws.hazards.calendar,
            township=township,
            file_name=path.name,
            year=int(year.group(1)) if year else None,
            default_level=level,
            title_unit=title_unit,
            funds_yuan=yuan,
            columns=cols,
        )
        return ctx, notes

    # -- writing -------------------------------------------------------------------------------
    def commit(
        self,
        plan: HazardImportPlan,
        *,
        progress: Progress | None = None,
        create_missing: bool = False,
    ) -> Changes:
        """Write every hazard of ``plan`` in one transaction, or nothing.

        Names are tied to the registers again inside the transaction (someone may have changed
        them since the plan was made).

        Args:
            plan: A plan from :meth:`plan` with no problems.
            progress: Called with ``(done, total)`` records; may raise Cancelled (rolls back).
            create_missing: Create the units and villages the ledger names that are not
                registered (units get the type of the 企业类型/行业 column, else 其他).

        Raises:
            ImportRefused: The plan has problems, names unregistered units/villages and
                ``create_missing`` is false, or the registers changed so that rows conflict.
            Cancelled: ``progress`` cancelled; nothing was written.
        """
        refused = plan.refused(True)
        if refused:
            raise refused
        ws = self.ws
        total = len(plan.records)
        with ws.db.atomic():
            regs = Registers(ws)
            res = resolve(plan.records, regs, plan.mapping)
            missing = bool(res.missing_units or res.missing_villages) and not res.problems
            if missing and not create_missing:
                now = dataclasses.replace(
                    plan,
                    missing_units={n: v for (_r, n, v) in res.missing_units.values()},
                    missing_villages=[n for (_r, n) in res.missing_villages.values()],
                )
                raise ImportRefused(missing_problems(res, plan.mapping), missing_message(now))
            if missing:
                res = resolve(plan.records, regs, plan.mapping, create=True)
            problems = res.problems + duplicates(self.ws, res.records, plan.mapping)
            if problems:
                raise ImportRefused(problems, (
                    f"导入被拒绝：预览之后数据库有了变化，有 {len(problems)} 处冲突，未写入任何数据。"
                    "请重新选择文件导入。"
                ))  # fmt: skip
            ids = self._write(res.records, plan.path.name, progress, total)
        topics = [Topic.HAZARDS]
        if res.created_units:
            topics.append(Topic.UNITS)
        if res.created_villages:
            topics.append(Topic.VILLAGES)
        return Changes.of(*topics, ids=tuple(ids))

    def _write(
        self, records: list[LedgerRecord], file_name: str, progress: Progress | None, total: int
    ) -> list[int]:
        """Insert the hazards in order of found date, numbering them per year."""
        hazards = self.ws.hazards
        prefix = self.ws.settings.township().short_name
        serials: dict[int, int] = {}
        ids = []
        ordered = sorted(records, key=lambda r: (r.hazard.found_on, r.row))
        for i, rec in enumerate(ordered):
            if progress and i % PROGRESS_EVERY == 0:
                progress(i, total)
            year = (rec.hazard.found_on or self.ws.clock()).year
            if year not in serials:
                serials[year] = int(hazards.store.next_code(prefix, year=year).rsplit("-", 1)[1]) - 1
            serials[year] += 1
            source = EventDetails(
                source=f"{file_name} 第 {rec.row} 行", original_number=rec.original_number
            )
            saved = hazards.import_history(
                rec.hazard,
                code=f"{prefix}-{year}-{serials[year]:04d}",
                on_spot=rec.on_spot,
                rechecked_on=rec.rechecked_on,
                rechecked_by=rec.rechecked_by,
                opinion=rec.opinion,
                source=source,
            )
            ids.append(saved.id or 0)
        if progress:
            progress(total, total)
        return ids

    def run(
        self,
        path: Path | str,
        *,
        dry_run: bool = False,
        create_missing: bool = False,
        progress: Progress | None = None,
    ) -> tuple[HazardImportPlan, Changes | None]:
        """Plan and (unless ``dry_run``) commit in one call (CLI and background jobs).

        ``progress`` sees one run: reading is the first half, writing the second.

        Raises:
            ImportRefused: Not a dry run, and the commit was refused; nothing was written.
            Cancelled: ``progress`` cancelled; nothing was written.
        """
        reading = writing = None
        if progress:

            def reading(done: int, total: int) -> None:
                progress(done, 2 * max(total, 1))

            def writing(done: int, total: int) -> None:
                progress(max(total, 1) + done, 2 * max(total, 1))

        plan = self.plan(path, progress=reading)
        if dry_run:
            return plan, None
        return plan, self.commit(plan, progress=writing, create_missing=create_missing)


# -- helpers ---------------------------------------------------------------------------------------
def _pick_sheet(
    worksheets: list[Any], active: Any, fields: dict[str, tuple[str, ...]]
) -> tuple[Any, sheets.HeaderMatch | None]:
    """The sheet whose header matches most fields (the active sheet on a tie)."""
    ordered = sorted(worksheets, key=lambda s: s is not active)
    best: tuple[Any, sheets.HeaderMatch | None] = (ordered[0], None)
    for s in ordered:
        m = sheets.find_header(sheets.sheet_rows(s, max_row=sheets.HEADER_SCAN_ROWS + 1), fields)
        if m and (best[1] is None or m.score > best[1].score):
            best = (s, m)
    return best


def _missing_columns(match: sheets.HeaderMatch, ctx: RowContext, sheet: str) -> list[Problem]:
    fields = ledger_fields()
    out = []
    where = f"工作表「{sheet}」的表头（第 {match.row} 行）"
    for name in ("description", "found_on", "unit"):
        if name in match.columns or (name == "found_on" and "listed_on" in match.columns):
            continue
        if name == "unit" and ctx.title_unit:
            continue
        extra = "（企业自己的台账也可以在表题中写明单位名称）" if name == "unit" else ""
        out.append(Problem(0, "", (
            f"{where}中没有「{LEDGER_FIELDS[name]}」列{extra}。请在表头中加上这一列并逐行填写，"
            f"列名可写作：{'、'.join(fields[name])}。"
        )))  # fmt: skip
    return out


