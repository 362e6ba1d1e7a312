"""Rows of an old 隐患排查治理台账: the columns it may have and the walk over its data rows (Qt-free).

Used by :mod:`safetydesk.services.imports.hazards`. :data:`LEDGER_FIELDS` are the columns (header
variants follow DOMAIN.md §7); :func:`read_rows` walks the data rows (skipping blank rows, 合计 rows
and repeated headers), has each converted and checked by
:class:`~safetydesk.services.imports.hazard_row_checks.LedgerRowReader`, flags rows that repeat
one another and adds the file's summary warnings.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from safetydesk.labels import IMPORT_SYNONYMS
from safetydesk.services.imports import sheets
from safetydesk.services.imports.hazard_row_checks import EMPTY_NOTES, LedgerRecord, LedgerRowReader
from safetydesk.services.imports.hazard_values import text_key, unit_key
from safetydesk.services.imports.sheets import Problem

#: Ledger fields → canonical header (DOMAIN.md §7 variant 5 first, then columns of variants 1–4).
#: The importer also accepts ``labels.IMPORT_SYNONYMS["hazard.<field>"]``.
LEDGER_FIELDS: dict[str, str] = {
    "found_on": "检查(排查)日期",
    "found_by": "检查人员",
    "unit": "单位名称",
    "village": "所属村(社区)",
    "location": "隐患部位",
    "description": "隐患描述",
    "category": "隐患类别",
    "level": "隐患等级",
    "basis": "判定依据",
    "measures": "整改措施",
    "funds": "整改资金(万元)",
    "responsible_person": "整改责任人",
    "responsible_phone": "联系电话",
    "responsible_unit": "责任部门",
    "deadline": "整改期限",
    "rectified_on": "整改完成日期",
    "rechecked_by": "复查(验收)人",
    "rechecked_on": "复查日期",
    "result": "复查结果",
    "status": "整改状态",
    "closed": "是否销号",
    "closed_on": "销号日期",
    "notes": "备注",
    "orig_code": "隐患编号",
    "source": "隐患来源",
    "township": "所在镇",
    "unit_type": "企业类型",
    "unit_sector": "行业分类",
    "count": "隐患数",
    "major_count": "重大隐患数",
    "doc_name": "执法文书",
    "doc_no": "执法文书号",
    "interim": "监控措施",
    "listed": "是否挂牌督办",
    "listed_level": "挂牌级别",
    "listed_body": "督办单位",
    "listed_on": "挂牌时间",
    "accepted_unit": "验收单位",
}
#: A progress callback: ``(done, total)``; it may raise :class:`~safetydesk.errors.Cancelled`.
Progress = Callable[[int, int], None]
#: Progress is reported every this many rows.
PROGRESS_EVERY = 100


def ledger_fields() -> dict[str, tuple[str, ...]]:
    """Field → accepted headers (canonical header first, then the synonyms)."""
    return {
        f: (label, *IMPORT_SYNONYMS.get("hazard." + f, ())) for f, label in LEDGER_FIELDS.items()
    }


def read_rows(
    rows: list[list[Any]],
    first: int,
    match: sheets.HeaderMatch,
    reader: LedgerRowReader,
    progress: Progress | None,
) -> tuple[list[LedgerRecord], list[Problem], list[Problem], list[int]]:
    """Data rows → records, problems, warnings and skipped row numbers.

    Args:
        rows: Sheet values below the header.
        first: Excel row number of ``rows[0]``.
        match: The header.
        reader: Converts one row.
        progress: Called with ``(done, total)``; may raise Cancelled.
    """
    order = match.columns

    def where(f: str) -> str:
        return match.headers.get(f) or LEDGER_FIELDS.get(f, "")

    records: list[LedgerRecord] = []
    problems: list[Problem] = []
    warnings: list[Problem] = []
    skipped: list[int] = []
    seen: dict[tuple[str, date | None, str], int] = {}
    for number, cells in sheets.data_rows(rows, first, match, skipped, progress, PROGRESS_EVERY,
                                          problems=problems):  # fmt: skip
        rec, errors, notes = reader.convert(number, cells)
        errors.sort(key=lambda e: order.get(e[0], 10**6))
        problems += [Problem(number, where(f), m) for f, m in errors]
        warnings += [Problem(number, where(f), m) for f, m in notes]
        if rec is None:
            continue
        h = rec.hazard
        key = (unit_key(rec.unit_name), h.found_on, text_key(h.description))
        earlier = seen.setdefault(key, number)
        if earlier != number:
            warnings.append(Problem(number, where("description"), (
                f"与第 {earlier} 行相同（同一单位、同一发现日期、相同的隐患描述），两行都会导入；"
                "如是重复录入，请删除其中一行。"
            )))  # fmt: skip
        records.append(rec)
    warnings += [Problem(0, where(f), m) for f, m in summary_warnings(reader, match.headers)]
    return records, problems, warnings, skipped


def row_list(rows: list[int], limit: int = 10) -> str:
    """Row numbers for a message: "3、5、8" (the first ``limit``, then 等)."""
    return "、".join(str(r) for r in rows[:limit]) + ("等" if len(rows) > limit else "")


def missing_basis_rows(records: list[LedgerRecord]) -> list[int]:
    """Rows of the 重大 hazards imported without a 判定依据 (待补录), in file order."""
    return [rec.row for rec in records if rec.hazard.basis_pending]


def missing_basis_note(rows: list[int]) -> str:
    """What the import summary says about 重大 hazards without a 判定依据 ("" when none)."""
    if not rows:
        return ""
    return (
        f"有 {len(rows)} 条重大隐患没有判定依据（第 {row_list(rows)} 行），按“判定依据待补录”导入。"
        "导入后在隐患页“重大隐患缺判定依据”中（命令行：safetydesk list hazards --missing-basis）"
        "逐条补录；补录之前，这些隐患不能挂牌督办、验收或销号。"
    )


def summary_warnings(reader: LedgerRowReader, headers: dict[str, str]) -> list[tuple[str, str]]:
    """One warning per recommended column with empty cells (instead of one per row), and one
    for the 重大 hazards without a 判定依据."""
    out = []
    for field, rows in reader.empty.items():
        out.append((field, (
            f"有 {len(rows)} 行「{headers.get(field, field)}」为空（第 {row_list(rows)} 行），{EMPTY_NOTES[field]}"
        )))  # fmt: skip
    if reader.pending_basis:
        field = "basis" if "basis" in headers else "level"
        out.append((field, missing_basis_note(reader.pending_basis)))
    return out
