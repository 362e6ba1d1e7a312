"""What one row of an old 隐患排查治理台账 means, with its checks (Qt-free).

:class:`LedgerRowReader` turns one data row into a :class:`LedgerRecord` (a
:class:`~safetydesk.domain.hazards.Hazard` with its final state and the facts of its history) or
into problems saying how to fix each cell; :class:`RowContext` is what it knows about the whole
file. States follow A2 (逾期 is a flag, never a state; 重大 needs a 验收 before 销号; a 重大 row without
its 判定依据 is taken over with the basis 待补录). Cell values are parsed by
:mod:`safetydesk.services.imports.hazard_values`; the rows are walked by
:func:`safetydesk.services.imports.hazard_rows.read_rows`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from safetydesk.domain.common import UnitType
from safetydesk.domain.hazards import Hazard, HazardLevel, HazardState
from safetydesk.domain.schedule import DeadlineKind, HolidayCalendar, deadline, format_cn
from safetydesk.domain.validation import check_phone, normalize_phone
from safetydesk.services.imports.cells import CellError, cell_text, code_text, parse_date, parse_int
from safetydesk.services.imports.hazard_values import (
    parse_day,
    parse_deadline,
    parse_done,
    parse_funds,
    parse_level,
    parse_result,
    parse_source,
    parse_yes_no,
    same_township,
    split_people,
    unit_type_of,
    word,
)

#: Note written on every imported event and in the hazard's 备注.
IMPORT_NOTE = "台账导入"
#: Recommended columns whose empty cells are reported once, with what the import does then.
EMPTY_NOTES = {
    "found_by": "导入后发现人留空，以后修改这些隐患时需要补填。",
    "measures": "导入后整改措施留空，以后修改这些隐患时需要补填。",
    "level": "按一般隐患导入；如其中有重大隐患，请填写等级和判定依据后重新导入。",
}


@dataclass(frozen=True, slots=True)
class LedgerRecord:
    """One hazard read from a ledger row, before it is tied to the registers.

    Attributes:
        row: Excel row number.
        hazard: The hazard with its final ``state`` and ledger dates (no id, code or unit yet).
        unit_name: The unit as written (or taken from the title).
        village_name: The 村(社区) as written ("" when the row has none).
        unit_type: Type for a unit that has to be created.
        unit_subtype: Its 九小场所 sub-type ("其他" when the ledger does not say).
        on_spot: Rectified on the day it was found (当场整改).
        rechecked_on: The ledger's 复查/验收 date, if any.
        rechecked_by: The ledger's 复查/验收 people.
        opinion: The ledger's 复查结果/整改情况 text.
        original_number: The ledger's own 文书 number (kept in the events, never reused).
    """

    row: int
    hazard: Hazard
    unit_name: str
    village_name: str = ""
    unit_type: UnitType = UnitType.OTHER
    unit_subtype: str = ""
    on_spot: bool = False
    rechecked_on: date | None = None
    rechecked_by: tuple[str, ...] = ()
    opinion: str = ""
    original_number: str = ""


def replace_hazard(record: LedgerRecord, **changes: Any) -> LedgerRecord:
    """The record with fields of its hazard changed."""
    return dataclasses.replace(record, hazard=dataclasses.replace(record.hazard, **changes))


@dataclass
class RowContext:
    """What the reader knows about the whole file.

    Attributes:
        today: Dates after it are refused.
        calendar: Working-day calendar (for "7个工作日内").
        township: The township's name (rows of another 镇 are refused).
        file_name: Shown in the imported hazards' 备注.
        year: Year of the title ("XX镇2025年隐患排查治理台账"), for dates written "3月5日".
        epoch: The workbook's day 0 of serial dates.
        default_level: Level of rows without one (重大 for a 重大隐患 ledger).
        title_unit: The unit named in the title (an enterprise's own ledger has no unit column).
        funds_yuan: The 整改资金 column is in 元.
        columns: Fields present in the file.
    """

    today: date
    calendar: HolidayCalendar
    township: str = ""
    file_name: str = ""
    year: int | None = None
    epoch: date | None = None
    default_level: HazardLevel = HazardLevel.ORDINARY
    title_unit: str = ""
    funds_yuan: bool = False
    columns: frozenset[str] = frozenset()


class _Row:
    """Working state of one data row: its cells and the errors and warnings found so far."""

    def __init__(self, ctx: RowContext, number: int, cells: dict[str, Any]) -> None:
        self.ctx = ctx
        self.number = number
        self.cells = cells
        self.text = {f: cell_text(v) for f, v in cells.items()}
        self.errors: list[tuple[str, str]] = []
        self.warnings: list[tuple[str, str]] = []
        self.found: date | None = None

    def error(self, field: str, message: str) -> None:
        self.errors.append((field, message))

    def failed(self, *fields: str) -> bool:
        return any(f in fields for f, _ in self.errors)

    def conv(self, name: str, fn: Callable[[Any], Any], default: Any = None) -> Any:
        try:
            return fn(self.cells.get(name))
        except CellError as exc:
            self.error(name, str(exc))
            return default

    def day(self, name: str) -> date | None:
        """A date cell checked against today and the found date."""
        ctx = self.ctx
        d: date | None = self.conv(name, lambda v: parse_day(v, year=ctx.year, epoch=ctx.epoch, after=self.found))
        if d is not None and d > self.ctx.today:
            self.error(name, f"日期 {format_cn(d)} 在今天之后，请核对。")
            return None
        if d is not None and self.found is not None and d < self.found:
            self.error(name, f"日期 {format_cn(d)} 早于发现日期 {format_cn(self.found)}，请核对。")
            return None
        return d


class LedgerRowReader:
    """Converts data rows; collects per-row errors and warnings as (field, message) pairs."""

    def __init__(self, ctx: RowContext) -> None:
        self.ctx = ctx
        #: Row numbers with empty cells in recommended columns, for one summary warning each.
        self.empty: dict[str, list[int]] = {}
        #: Row numbers of 重大 hazards without a 判定依据 (imported as 待补录).
        self.pending_basis: list[int] = []

    def convert(
        self, number: int, cells: dict[str, Any]
    ) -> tuple[LedgerRecord | None, list[tuple[str, str]], list[tuple[str, str]]]:
        """(record or None, errors, warnings) of one data row."""
        r = _Row(self.ctx, number, cells)
        values = self._basics(r)
        values.update(self._deadline(r))
        history = self._history(r, values)
        if r.found is None or r.errors:
            return None, r.errors, r.warnings
        for field in EMPTY_NOTES:
            if field in self.ctx.columns and not r.text.get(field):
                self.empty.setdefault(field, []).append(number)
        if values["basis_pending"]:
            self.pending_basis.append(number)
        unit_type, subtype = unit_type_of(r.text.get("unit_type", ""), r.text.get("unit_sector", ""))
        unit_name = values.pop("unit_name")
        record = LedgerRecord(
            row=number,
            hazard=Hazard(**{**values, **history.pop("hazard")}),
            unit_name=unit_name,
            village_name=r.text.get("village", ""),
            unit_type=unit_type,
            unit_subtype=subtype,
            opinion=r.text.get("result", ""),
            original_number=r.text.get("doc_no", ""),
            **history,
        )
        return record, r.errors, r.warnings

    def _basics(self, r: _Row) -> dict[str, Any]:
        """Fields read straight from the row, with their checks."""
        ctx, text = self.ctx, r.text
        if text.get("township") and not same_township(text["township"], ctx.township):
            r.error("township", (
                f"「{text['township']}」不是本乡镇（{ctx.township}）。"
                "请删除其他乡镇的行，只导入本乡镇的隐患。"
            ))  # fmt: skip
        if not text.get("description"):
            r.error("description", "隐患描述为空：请填写存在的问题（隐患内容）。")
        unit_name = text.get("unit") or ("" if "unit" in ctx.columns else ctx.title_unit)
        if not unit_name:
            r.error("unit", "请填写隐患所在的单位场所名称。")
        found_field = "found_on" if "found_on" in ctx.columns else "listed_on"
        found = r.conv(found_field, lambda v: parse_date(v, year=ctx.year, epoch=ctx.epoch))
        if found is None and not r.failed(found_field):
            r.error(found_field, "请填写发现（检查）日期，例如 2025-03-05。")
        elif found is not None and found > ctx.today:
            r.error(found_field, f"发现日期 {format_cn(found)} 在今天之后，请核对。")
            found = None
        r.found = found
        level = r.conv("level", parse_level) or ctx.default_level
        basis = text.get("basis", "")
        # A 重大 row without its 判定依据 is taken over with the basis 待补录 (reported once for
        # the file by summary_warnings); the acts that need it are refused until it is entered.
        basis_pending = level is HazardLevel.MAJOR and not basis
        major_count = r.conv("major_count", parse_int)
        if "level" not in ctx.columns and level is HazardLevel.ORDINARY and (major_count or 0) > 0:
            r.error("major_count", (
                f"本行记有重大隐患 {major_count} 项，但表中没有「隐患等级」列。请把重大隐患单独成行，"
                "并在表中加「隐患等级」列（最好也加「判定依据」列）。"
            ))  # fmt: skip
        count = r.conv("count", parse_int)
        if count and count > 1:
            r.warnings.append(("count", f"本行隐患数为 {count}，只有一段隐患内容，导入为 1 条隐患。"))
        phone = r.conv("responsible_phone", code_text, "")
        msg = check_phone(phone, label="联系电话")
        if msg:
            r.error("responsible_phone", msg)
        listed_level = text.get("listed_level", "")
        if not listed_level and r.conv("listed", lambda v: parse_yes_no(v, "是否挂牌督办")):
            listed_level = "未注明级别"
        listed_on = r.day("listed_on") if found_field != "listed_on" else found
        return {
            "unit_name": unit_name,
            "location": text.get("location", ""),
            "description": text.get("description", ""),
            "category": text.get("category", ""),
            "level": level,
            "basis": basis,
            "basis_pending": basis_pending,
            "source": parse_source(r.cells.get("source")),
            "found_on": found,
            "found_by": text.get("found_by", ""),
            "measures": text.get("measures", ""),
            "responsible_unit": text.get("responsible_unit", ""),
            "responsible_person": text.get("responsible_person", ""),
            "responsible_phone": normalize_phone(phone),
            "funds": r.conv("funds", lambda v: parse_funds(v, yuan=ctx.funds_yuan)),
            "interim_measures": text.get("interim", ""),
            "listed_level": listed_level,
            "listed_body": text.get("listed_body", ""),
            "listed_on": listed_on if listed_on and text.get("listed_on") else None,
            "notes": "；".join(n for n in self._notes(r) if n),
        }

    def _notes(self, r: _Row) -> list[str]:
        text = r.text
        notes = [text.get("notes", "")]
        if text.get("orig_code"):
            notes.append(f"原台账编号：{text['orig_code']}")
        if text.get("doc_name") or text.get("doc_no"):
            notes.append(f"原文书：{text.get('doc_name', '')}{text.get('doc_no', '')}")
        notes.append(f"{IMPORT_NOTE}：{self.ctx.file_name} 第 {r.number} 行")
        return notes

    def _deadline(self, r: _Row) -> dict[str, Any]:
        """整改期限 → deadline_kind, deadline_days, due_on, deadline_warning."""
        out: dict[str, Any] = {"deadline_kind": DeadlineKind.DATE, "due_on": None}
        found = r.found
        ctx = self.ctx

        def parse(v: Any) -> Any:
            return parse_deadline(v, year=ctx.year, epoch=ctx.epoch, found=found)

        dl = r.conv("deadline", parse) if found else None
        if dl is None or found is None:
            return out
        kind, days, on = dl
        try:
            due = deadline(found, kind, days=days or 0, on=on, calendar=self.ctx.calendar)
        except ValueError as exc:
            r.error("deadline", str(exc))
            return out
        return {
            "deadline_kind": kind,
            "deadline_days": days,
            "due_on": due.due_on,
            "deadline_warning": due.warning,
        }

    def _history(self, r: _Row, values: dict[str, Any]) -> dict[str, Any]:
        """The final state (A2) and the facts the timeline is built from."""
        text, found = r.text, r.found
        done = r.conv("status", parse_done)
        closed_flag = r.conv("closed", parse_yes_no)
        passed = parse_result(r.cells.get("result"))
        rect, recheck, closed_on = r.day("rectified_on"), r.day("rechecked_on"), r.day("closed_on")
        people = split_people(text.get("rechecked_by", ""))
        if done is False and rect is not None:
            r.error("status", (
                f"整改状态为「{text['status']}」，却填写了整改完成日期 {format_cn(rect)}。"
                "请核对：已整改的把状态改为“已整改”，未整改的删除完成日期。"
            ))  # fmt: skip
        closed = bool(closed_flag or closed_on or word(r.cells.get("status")) == "已销号")
        rectified = rect is not None or done is True or closed or (passed is True and done is None)
        if rectified and rect is None:
            rect = recheck
            if rect is None and not r.failed("rectified_on", "rechecked_on", "closed_on"):
                r.error("rectified_on", (
                    "该隐患记为已整改（或已销号），但没有整改完成日期：请填写整改完成日期或复查日期。"
                ))  # fmt: skip
        if rect and recheck and recheck < rect:
            r.error("rechecked_on", (
                f"复查日期 {format_cn(recheck)} 早于整改完成日期 {format_cn(rect)}，请核对。"
            ))  # fmt: skip
        last = max((d for d in (rect, recheck) if d), default=None)
        if closed_on and last and closed_on < last:
            r.error("closed_on", f"销号日期 {format_cn(closed_on)} 早于复查日期，请核对。")
        if found is None or r.errors:
            return {}
        hazard: dict[str, Any] = {"state": HazardState.REGISTERED}
        if not rectified:
            if values["due_on"]:
                hazard["state"] = HazardState.RECTIFYING
            return {"hazard": hazard, "rechecked_on": None, "rechecked_by": people}
        hazard["rectified_on"] = rect
        hazard["state"] = HazardState.RECHECK_PASSED
        if rect == found and not values["due_on"]:
            hazard.update(deadline_kind=DeadlineKind.IMMEDIATE, due_on=found)
        major = values["level"] is HazardLevel.MAJOR
        if major and people:  # the ledger's 复查(验收)人 and date are the 验收 record
            hazard.update(
                accepted_by="、".join(people),
                accepted_on=recheck or rect or found,
                accepted_unit=text.get("accepted_unit") or text.get("listed_body") or self.ctx.township,
            )
        if closed and major and not people:
            r.warnings.append(("closed", (
                "重大隐患销号前须有验收记录，但本行没有验收（复查）人，已按“复查合格”导入、未销号。"
                "导入后请在软件中录入验收，再销号。"
            )))  # fmt: skip
        elif closed:
            hazard.update(state=HazardState.CLOSED, closed_on=closed_on or last or found)
        return {
            "hazard": hazard,
            "on_spot": rect == found,
            "rechecked_on": recheck,
            "rechecked_by": people,
        }
