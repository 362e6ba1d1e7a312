"""Import of a village's 通讯录, 包保 list or household list (.xlsx), all or nothing (issue 10 §7).

:meth:`PlanListImportService.plan` reads and checks a file without writing anything: it finds the
header among the first rows (a title row and merged header cells above it are passed over; the
header variants of :mod:`.plan_list_values`; 序号 is ignored), ties every row to its 村(社区)
(``village`` or a 村(社区) column), to the people register and to the village's shelters,
routes and risk points (:mod:`.plan_list_rows`). :meth:`PlanListImportService.commit` writes
every record through ``ws.plan_parts`` (each checked again by its domain rule) in one
transaction, creating the people the file names who are not registered only when asked
(``create_missing``). Any problem: nothing is written, and the refusal lists each row, column,
what is wrong and how to fix it. A household without helper, shelter or route is accepted (the
gaps lists flag it).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safetydesk.domain.baobao import BaobaoAssignment, Household
from safetydesk.domain.plan_parts import Contact
from safetydesk.errors import (
    ImportRefused,
    NotFoundError,
    ValidationError,
    ValidationErrors,
)
from safetydesk.labels import day_text
from safetydesk.services.changes import Changes, Topic
from safetydesk.services.imports import sheets
from safetydesk.services.imports.cells import CellError
from safetydesk.services.imports.plan_list_match import ListRow, NewPerson
from safetydesk.services.imports.plan_list_rows import ListRowReader
from safetydesk.services.imports.plan_list_values import FIELDS, REQUIRED, labels
from safetydesk.services.imports.sheets import Problem
from safetydesk.services.imports.values import VillageIndex

if TYPE_CHECKING:
    from collections.abc import Callable

    from safetydesk.domain.common import Village
    from safetydesk.services import Workspace

__all__ = ["PlanListImport", "PlanListImportService"]

#: Text of the option that creates the people a file names who are not registered.
CREATE_PEOPLE_TEXT = "创建表中缺少的人员"
#: What each kind of file is called.
FILE_NAMES = {"contacts": "应急通讯录", "baobao": "包保责任表", "households": "危险区住户/重点人员名单"}


@dataclass(frozen=True)
class PlanListImport:
    """What a list file would import, after reading and checking it; nothing is written yet.

    Attributes mirror :class:`~.hazard_plan.HazardImportPlan` so the import dialog can show both:
    ``records`` are the checked :class:`ListRow` rows, ``problems`` what stops the import,
    ``missing`` the rows naming people not registered, ``new_people`` those people (key → person).
    """

    kind: str
    path: Path
    sheet: str
    header_row: int
    mapping: dict[str, str]
    ignored_headers: list[str]
    records: list[ListRow]
    rows: list[int]
    problems: list[Problem]
    skipped_rows: list[int]
    warnings: list[Problem] = field(default_factory=list)
    missing: list[Problem] = field(default_factory=list, repr=False, compare=False)
    new_people: dict[str, NewPerson] = field(default_factory=dict, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """True when the file has no problem (missing people are decided at commit)."""
        return not self.problems

    @property
    def needs_create(self) -> bool:
        """True when the file names people who are not in the register."""
        return bool(self.new_people)

    @property
    def missing_people(self) -> list[str]:
        """Names of the people the import would create."""
        return [p.name for p in self.new_people.values()]

    def refused(self, create_missing: bool) -> ImportRefused | None:
        """Why committing would be refused (problems, or missing people not to be created)."""
        if self.problems:
            return ImportRefused(sorted(self.problems + self.missing, key=lambda p: p.row))
        if self.needs_create and not create_missing:
            names = "、".join(self.missing_people[:10]) + ("等" if len(self.new_people) > 10 else "")
            return ImportRefused(self.missing, (
                f"导入被拒绝：表中有 {len(self.new_people)} 位人员不在人员名录中（{names}），"
                f"未写入任何数据。如确需新建，请勾选“{CREATE_PEOPLE_TEXT}”（命令行加 --create-missing）"
                "后重新导入；否则请先在“人员”中登记，或改正表中的姓名。"
            ))  # fmt: skip
        return None

    def counts(self) -> dict[str, int]:
        """Number of records per village."""
        out: dict[str, int] = {}
        for r in self.records:
            out[r.village] = out.get(r.village, 0) + 1
        return out

    def preview(self, limit: int = 50) -> list[dict[str, str]]:
        """Up to ``limit`` records as column → display text, with the source row under "行号"."""
        return [{"行号": str(r.row), **_cells(self.kind, r)} for r in self.records[:limit]]


def _cells(kind: str, r: ListRow) -> dict[str, str]:
    lab = labels(kind)
    rec: Any = r.record
    new = "（新建）"
    out = {lab["village"]: r.village}
    if isinstance(rec, Contact):
        out |= {lab["category"]: str(rec.category), lab["name"]: rec.name, lab["post"]: rec.post,
                lab["mobile"]: rec.mobile, lab["phone"]: rec.phone, lab["notes"]: rec.notes}  # fmt: skip
    elif isinstance(rec, BaobaoAssignment):
        person = r.names.get("person", "") + (new if "person_id" in r.refs else "")
        up = r.names.get("escalate", "") + (new if "escalate_to_id" in r.refs else "")
        out |= {lab["level"]: str(rec.level), lab["person"]: person, lab["post"]: rec.post,
                lab["target"]: rec.target, lab["hazards"]: "、".join(rec.hazards) or "全部",
                lab["call_order"]: str(rec.call_order), lab["escalate"]: up}  # fmt: skip
    elif isinstance(rec, Household):
        helper = r.names.get("helper", "") + (new if "helper_id" in r.refs else "")
        out |= {lab["head"]: rec.head, lab["group"]: rec.group_name, lab["address"]: rec.address,
                lab["phone"]: rec.phone, lab["size"]: str(rec.size),
                lab["vulnerable"]: "、".join(rec.vulnerable), lab["risk"]: r.names.get("risk", ""),
                lab["helper"]: helper, lab["shelter"]: r.names.get("shelter", ""),
                lab["route"]: r.names.get("route", ""), lab["card"]: day_text(rec.card_issued_on)}  # fmt: skip
    return out


class PlanListImportService:
    """Reads, checks and imports 通讯录, 包保 lists and household lists.

    Args:
        ws: The open workspace.
    """

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def plan(
        self,
        kind: str,
        path: Path | str,
        *,
        village: str | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> PlanListImport:
        """Read and check ``path`` as a list of ``kind``; nothing is written.

        Args:
            kind: "contacts", "baobao" or "households".
            path: An .xlsx file.
            village: The 村(社区) every row belongs to (else each row names it in a column).
            progress: Called with ``(done, total)`` rows; may raise Cancelled.

        Raises:
            ImportRefused: The file cannot be read, or ``village`` is not registered.
        """
        path = Path(path)
        fields = FIELDS[kind]
        fixed = self._village(village) if village else None
        wb = sheets.open_workbook(path)
        try:
            worksheets = [s for s in wb.worksheets if s.sheet_state == "visible"] or wb.worksheets
            sheet, match = _pick_sheet(worksheets, wb.active, fields)
            rows = sheets.sheet_rows(sheet) if match else []
            epoch = wb.epoch.date()
        finally:
            wb.close()
        empty: dict[str, Any] = dict(kind=kind, path=path, sheet=sheet.title, mapping={},
                                     ignored_headers=[], records=[], rows=[], skipped_rows=[])  # fmt: skip
        lab = labels(kind)
        if match is None:
            wanted = "、".join(f"「{lab[f]}」" for f in REQUIRED[kind])
            msg = (f"在工作表「{sheet.title}」的前 {sheets.HEADER_SCAN_ROWS} 行中找不到"
                   f"{FILE_NAMES[kind]}的表头。表格应有 {wanted} 等列；请确认选择的文件和导入类型正确。")  # fmt: skip
            return PlanListImport(header_row=0, problems=[Problem(0, "", msg)], **empty)
        base = {**empty, "header_row": match.row, "mapping": dict(match.headers),
                "ignored_headers": list(match.ignored)}  # fmt: skip
        problems = _missing_columns(kind, match, sheet.title, fixed is not None)
        problems += sheets.duplicate_problems(match, sheet.title)
        if problems:
            return PlanListImport(**base | {"problems": problems})
        reader = ListRowReader(self.ws, kind, match, fixed, epoch)
        reader.read(rows[match.row :], match.row + 1, progress)
        problems = reader.problems
        if not reader.rows and not problems and not reader.missing:
            problems.append(Problem(0, "", f"工作表「{sheet.title}」在表头（第 {match.row} 行）下面没有数据行。"))
        problems.sort(key=lambda p: p.row)
        return PlanListImport(**base | {
            "records": reader.rows, "rows": [r.row for r in reader.rows], "problems": problems,
            "skipped_rows": reader.skipped, "missing": reader.missing,
            "new_people": reader.new_people,
        })  # fmt: skip

    def _village(self, name: str) -> Village:
        try:
            return VillageIndex(self.ws.villages.list()).find(name)
        except CellError as exc:
            raise sheets.refuse(f"导入时指定的村(社区)：{exc}") from None

    def commit(self, plan: PlanListImport, *, create_missing: bool = False,
               progress: Callable[[int, int], None] | None = None) -> Changes:  # fmt: skip
        """Write every record of ``plan`` in one transaction, or nothing.

        Raises:
            ImportRefused: The plan has problems, names people not registered and
                ``create_missing`` is false, or a record is refused by its check now (the
                registers changed since the plan was made).
            Cancelled: ``progress`` cancelled; nothing was written.
        """
        refused = plan.refused(create_missing)
        if refused:
            raise refused
        ws = self.ws
        total = len(plan.records)
        source = FILE_NAMES[plan.kind]
        ids: list[int] = []
        with ws.db.atomic():
            made: dict[str, int] = {}
            for key, new in plan.new_people.items():
                made[key] = ws.people.save(new.person(source)).record.id or 0
            for i, row in enumerate(plan.records):
                if progress and i % 100 == 0:
                    progress(i, total)
                rec: Any = row.record
                rec = replace(rec, **{f: made[k] for f, k in row.refs.items()})
                try:
                    saved = ws.plan_parts.add(rec)
                except ValidationErrors as exc:
                    raise _conflict(row, "；".join(exc.errors.values())) from exc
                except (ValidationError, NotFoundError) as exc:
                    raise _conflict(row, str(exc)) from exc
                ids.append(saved.id or 0)
            if progress:
                progress(total, total)
        topics = (Topic.PLANS, Topic.PEOPLE) if made else (Topic.PLANS,)
        return Changes.of(*topics, ids=tuple(ids))

    def run(self, kind: str, path: Path | str, *, village: str | None = None,
            dry_run: bool = False, create_missing: bool = False) -> tuple[PlanListImport, Changes | None]:  # fmt: skip
        """Plan and (unless ``dry_run`` or refused) commit in one call (the CLI)."""
        plan = self.plan(kind, path, village=village)
        refused = plan.refused(create_missing)
        if refused:
            raise refused
        if dry_run:
            return plan, None
        return plan, self.commit(plan, create_missing=create_missing)


def _conflict(row: ListRow, message: str) -> ImportRefused:
    return ImportRefused([Problem(row.row, "", message)], (
        f"导入被拒绝：第 {row.row} 行未通过检查（预览之后数据可能有了变化），未写入任何数据。"
        "请改正后重新导入。"
    ))  # fmt: skip


def _pick_sheet(worksheets: list[Any], active: Any,
                fields: dict[str, tuple[str, ...]]) -> tuple[Any, sheets.HeaderMatch | None]:  # fmt: skip
    """The sheet whose header matches most fields (the active sheet on a tie)."""
    ordered = sorted(worksheets, key=lambda s: s is not active)
    best: tuple[Any, sheets.HeaderMatch | None] = (ordered[0], None)
    for s in ordered:
        m = sheets.find_header(sheets.sheet_rows(s, max_row=sheets.HEADER_SCAN_ROWS + 1), fields)
        if m and (best[1] is None or m.score > best[1].score):
            best = (s, m)
    return best


def _missing_columns(kind: str, match: sheets.HeaderMatch, sheet: str, fixed: bool) -> list[Problem]:
    """A file-level problem per required column the header lacks."""
    lab = labels(kind)
    need = [*REQUIRED[kind], *(() if fixed else ("village",))]
    out = []
    for name in need:
        if name in match.columns:
            continue
        extra = "，或导入时指定村(社区)（命令行加 --village 村名）" if name == "village" else ""
        out.append(Problem(0, "", (
            f"工作表「{sheet}」的表头（第 {match.row} 行）中没有「{lab[name]}」列{extra}。"
            f"请在表头中加上这一列，列名可写作：{'、'.join(FIELDS[kind][name])}。"
        )))  # fmt: skip
    return out
