"""Stores of inspections, checklist templates, coverage rules and 双随机 draws.

Inspectors, methods and checklist results are stored as JSON text in the inspection row (they are
always read and written with it); ``inspector_count`` and ``methods`` stay queryable for the
monthly figures and the method shares.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Any, ClassVar

from safetydesk.domain.coverage import CoveragePeriod, CoverageRule, Draw
from safetydesk.domain.inspections import (
    ANSWERS,
    ChecklistItem,
    ChecklistTemplate,
    Inspection,
    Inspector,
    ItemResult,
    ItemResultRecord,
)
from safetydesk.domain.queries import InspectionQuery, ListQuery
from safetydesk.errors import NotFoundError
from safetydesk.storage import search
from safetydesk.storage.db import utc_now_text
from safetydesk.storage.rows import RecordStore, date_text, text_datetime


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _day(rec: Inspection) -> date | None:
    return rec.started_at.date() if rec.started_at else None


class InspectionStore(RecordStore[Inspection]):
    """Inspection records."""

    table = "inspections"
    text_index = "idx_inspections_text"
    record = Inspection
    search_fields = (
        "place", "met_person", "narrative", "disposition_note", "recorder", "document_number",
        "notes",
    )  # fmt: skip
    order_keys: ClassVar = {
        "default": "inspected_on DESC, started_at DESC",
        "date": "inspected_on, started_at",
        "kind": "kind, inspected_on",
        "village": "village_id, inspected_on",
        "unit": "unit_id, inspected_on",
    }
    noun = "检查记录"

    def to_row(self, rec: Inspection) -> dict[str, Any]:
        """Row dict; tuples become JSON, the start date and inspector count are derived."""
        row = super().to_row(rec)
        row["methods"] = ",".join(rec.methods)
        key = (rec.results, rec.inspectors)
        cached = self._bulk_json.get(key) if self._bulk_json is not None else None
        if cached is None:
            cached = (
                _dump([{**dataclasses.asdict(r), "result": r.result.value} for r in rec.results]),
                _dump([dataclasses.asdict(i) for i in rec.inspectors]),
            )
            if self._bulk_json is not None:
                self._bulk_json[key] = cached
        row["results"], row["inspectors"] = cached
        row["enforcement"] = int(rec.enforcement)
        row["inspected_on"] = date_text(rec.started_at.date() if rec.started_at else None)
        row["inspector_count"] = len(rec.inspectors)
        return row

    def from_row(self, row: Any) -> Inspection:
        """Record of a row (JSON fields decoded)."""
        data = dict(row) if isinstance(row, dict) else dict(zip(self._columns, row, strict=True))
        data["methods"] = tuple(m for m in (data.get("methods") or "").split(",") if m)
        data["inspectors"] = tuple(Inspector(**i) for i in json.loads(data.get("inspectors") or "[]"))
        # A stored 合格/不合格/不涉及 stays what it was; a missing or unknown one reads as 未检查.
        data["results"] = tuple(
            ItemResultRecord(**{**r, "result": ItemResult.decode(r.get("result"))})
            for r in json.loads(data.get("results") or "[]")
        )
        data["enforcement"] = bool(data.get("enforcement"))
        return super().from_row(data)

    def insert(self, rec: Inspection) -> Inspection:
        """Insert (also fills the derived columns)."""
        saved = super().insert(rec)
        self._derived(saved)
        return dataclasses.replace(saved, inspected_on=_day(saved))

    def update(self, rec: Inspection) -> Inspection:
        """Update (also fills the derived columns)."""
        saved = super().update(rec)
        self._derived(saved)
        return dataclasses.replace(saved, inspected_on=_day(saved))

    #: Unit id → name while a bulk insert runs (else each row looks its unit up).
    _bulk_names: dict[int, str] | None = None
    #: (results, inspectors) → their JSON while a bulk insert runs: most generated inspections
    #: share their all-合格 results and their pair of inspectors, and ``dataclasses.asdict`` on
    #: every row would cost seconds at county scale.
    _bulk_json: dict[tuple[Any, ...], tuple[str, str]] | None = None

    def search_body(self, row: dict[str, Any]) -> str:
        """The record's text plus its unit's name, so a list search finds the unit."""
        unit_id = row.get("unit_id")
        name = ""
        if unit_id is not None and self._bulk_names is not None:
            name = self._bulk_names.get(unit_id, "")
        elif unit_id is not None:
            found = self.db.conn.execute("SELECT name FROM units WHERE id = ?", [unit_id]).fetchone()
            name = found[0] if found else ""
        return search.fts_text(name, super().search_body(row))

    def bulk_insert(self, recs: Any) -> int:
        """Insert many records (demo data); fills the derived inspector counts too."""
        self._bulk_names = dict(self.db.conn.execute("SELECT id, name FROM units").fetchall())
        self._bulk_json = {}
        try:
            n = super().bulk_insert(recs)
        finally:
            self._bulk_names = None
            self._bulk_json = None
        self.db.conn.execute(
            "UPDATE inspections SET inspector_count = json_array_length(inspectors) "
            "WHERE inspector_count IS NULL"
        )
        return n

    def _derived(self, rec: Inspection) -> None:
        self.db.conn.execute(
            "UPDATE inspections SET inspector_count = ? WHERE id = ?",
            [len(rec.inspectors), rec.id],
        )

    def _where(self, query: ListQuery) -> tuple[list[str], list[Any]]:
        where, params = super()._where(query)
        if query.village_id is not None:
            where.append("village_id = ?")
            params.append(query.village_id)
        if query.type:
            where.append("target_type = ?")
            params.append(query.type)
        if not isinstance(query, InspectionQuery):
            return where, params
        q = query
        for column, value in (("unit_id", q.unit_id), ("kind", q.kind), ("template_id", q.template_id)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if q.method:
            where.append("(',' || methods || ',') LIKE ?")
            params.append(f"%,{q.method},%")
        if q.date_from:
            where.append("inspected_on >= ?")
            params.append(q.date_from.isoformat())
        if q.date_to:
            where.append("inspected_on <= ?")
            params.append(q.date_to.isoformat())
        if q.unchecked:
            # The items the record reads as 未检查 (see from_row): any value that is no answer.
            marks = ", ".join("?" for _ in ANSWERS)
            where.append("EXISTS (SELECT 1 FROM json_each(inspections.results) "
                         f"WHERE coalesce(json_extract(value, '$.result'), '') NOT IN ({marks}))")  # fmt: skip
            params.extend(a.value for a in ANSWERS)
        return where, params

    def active_units(self) -> list[tuple[int, str, str, str, int | None]]:
        """(id, name, type, risk, village id) of every active unit, in register order.

        A narrow read for coverage (no records built): 25,000 units in a few milliseconds.
        """
        return self.db.conn.execute(
            "SELECT id, name, type, coalesce(risk, ''), village_id FROM units "
            "WHERE archived_at IS NULL ORDER BY name, id"
        ).fetchall()

    def hazard_ids(self, inspection_id: int) -> list[int]:
        """The hazards found in an inspection (their ``inspection_id``), in 隐患编号 order.

        Args:
            inspection_id: The inspection.
        """
        rows = self.db.conn.execute(
            "SELECT id FROM hazards WHERE inspection_id = ? ORDER BY code", [inspection_id]
        )
        return [int(r[0]) for r in rows]

    def uses_of_template(self, template_id: int) -> int:
        """How many inspections used a template version."""
        row = self.db.conn.execute(
            "SELECT count(*) FROM inspections WHERE template_id = ?", [template_id]
        ).fetchone()
        return int(row[0])

    def dates_by_unit(self, first: date, *, last: date) -> dict[int, list[date]]:
        """Unit id → sorted inspection dates in ``[first, last]`` (active records)."""
        out: dict[int, list[date]] = {}
        for unit_id, on in self.db.conn.execute(
            "SELECT unit_id, inspected_on FROM inspections WHERE archived_at IS NULL "
            "AND unit_id IS NOT NULL AND inspected_on BETWEEN ? AND ? ORDER BY inspected_on",
            [first.isoformat(), last.isoformat()],
        ):
            out.setdefault(unit_id, []).append(date.fromisoformat(on))
        return out

    def method_counts(self, first: date, *, last: date) -> tuple[int, dict[str, int]]:
        """Number of inspections in ``[first, last]`` and how many used each method."""
        total = 0
        counts: dict[str, int] = {}
        for (methods,) in self.db.conn.execute(
            "SELECT methods FROM inspections WHERE archived_at IS NULL "
            "AND inspected_on BETWEEN ? AND ?",
            [first.isoformat(), last.isoformat()],
        ):
            total += 1
            for m in (methods or "").split(","):
                if m:
                    counts[m] = counts.get(m, 0) + 1
        return total, counts


class TemplateStore:
    """Checklist template versions (rows are never deleted: old inspections point to them)."""

    _COLS = ("id", "family", "version", "name", "target_types", "basis", "items", "builtin",
             "retired", "created_at")  # fmt: skip

    def __init__(self, db: Any) -> None:
        self.db = db

    def _from_row(self, r: Any) -> ChecklistTemplate:
        return ChecklistTemplate(
            id=r[0],
            family=r[1],
            version=r[2],
            name=r[3],
            target_types=tuple(json.loads(r[4] or "[]")),
            basis=r[5] or "",
            items=tuple(ChecklistItem(**i) for i in json.loads(r[6] or "[]")),
            builtin=bool(r[7]),
            retired=bool(r[8]),
            created_at=text_datetime(r[9]),
        )

    def _select(self, where: str = "", params: list[Any] | None = None) -> list[ChecklistTemplate]:
        sql = f"SELECT {', '.join(self._COLS)} FROM checklist_templates {where}"
        return [self._from_row(r) for r in self.db.conn.execute(sql, params or [])]

    def get(self, template_id: int) -> ChecklistTemplate:
        """One template version (raises NotFoundError)."""
        found = self._select("WHERE id = ?", [template_id])
        if not found:
            raise NotFoundError(f"找不到编号为 {template_id} 的检查表。")
        return found[0]

    def all(self, *, include_retired: bool = False) -> list[ChecklistTemplate]:
        """Templates in name order (current versions only, unless asked)."""
        where = "" if include_retired else "WHERE retired = 0"
        return self._select(where + " ORDER BY builtin DESC, name, version")

    def versions(self, family: str) -> list[ChecklistTemplate]:
        """Every version of a family, oldest first."""
        return self._select("WHERE family = ? ORDER BY version", [family])

    def families(self) -> set[str]:
        """Families present."""
        return {r[0] for r in self.db.conn.execute("SELECT DISTINCT family FROM checklist_templates")}

    def insert(self, t: ChecklistTemplate) -> ChecklistTemplate:
        """Store a template version."""
        cur = self.db.conn.execute(
            "INSERT INTO checklist_templates (family, version, name, target_types, basis, items, "
            "builtin, retired, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [t.family, t.version, t.name, _dump(list(t.target_types)), t.basis,
             _dump([dataclasses.asdict(i) for i in t.items]), int(t.builtin), int(t.retired),
             utc_now_text()],
        )  # fmt: skip
        return self.get(int(cur.lastrowid or 0))

    def update(self, t: ChecklistTemplate) -> ChecklistTemplate:
        """Overwrite a version's name, types, basis, items and retired flag."""
        self.db.conn.execute(
            "UPDATE checklist_templates SET name = ?, target_types = ?, basis = ?, items = ?, "
            "retired = ? WHERE id = ?",
            [t.name, _dump(list(t.target_types)), t.basis,
             _dump([dataclasses.asdict(i) for i in t.items]), int(t.retired), t.id],
        )  # fmt: skip
        return self.get(t.id or 0)


class CoverageRuleStore:
    """The coverage rules table."""

    def __init__(self, db: Any) -> None:
        self.db = db

    def all(self) -> list[CoverageRule]:
        """Every rule."""
        return [
            CoverageRule(id=r[0], unit_type=r[1], risk=r[2], period=CoveragePeriod(r[3]),
                         times=r[4], note=r[5] or "")
            for r in self.db.conn.execute(
                "SELECT id, unit_type, risk, period, times, note FROM coverage_rules "
                "ORDER BY unit_type = '*', unit_type, risk = '*', risk"
            )
        ]  # fmt: skip

    def replace_all(self, rules: list[CoverageRule]) -> None:
        """Replace the whole table (caller holds the transaction)."""
        self.db.conn.execute("DELETE FROM coverage_rules")
        self.db.conn.executemany(
            "INSERT INTO coverage_rules (unit_type, risk, period, times, note) VALUES (?, ?, ?, ?, ?)",
            [(r.unit_type, r.risk, r.period.value, r.times, r.note) for r in rules],
        )

    def is_empty(self) -> bool:
        """True before any rule was stored."""
        return int(self.db.conn.execute("SELECT count(*) FROM coverage_rules").fetchone()[0]) == 0


class DrawStore:
    """Recorded 双随机 draws."""

    _COLS = "id, drawn_on, seed, n, filter_text, population, chosen, by, note, created_at"

    def __init__(self, db: Any) -> None:
        self.db = db

    def _from_row(self, r: Any) -> Draw:
        return Draw(r[0], date.fromisoformat(r[1]), r[2], r[3], r[4] or "",
                    tuple(json.loads(r[5])), tuple(json.loads(r[6])), r[7] or "", r[8] or "",
                    text_datetime(r[9]))  # fmt: skip

    def insert(self, d: Draw) -> Draw:
        """Store a draw."""
        cur = self.db.conn.execute(
            "INSERT INTO draws (drawn_on, seed, n, filter_text, population, chosen, by, note, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [d.drawn_on.isoformat(), d.seed, d.n, d.filter_text, _dump(list(d.population)),
             _dump(list(d.chosen)), d.by, d.note, utc_now_text()],
        )  # fmt: skip
        return self.get(int(cur.lastrowid or 0))

    def get(self, draw_id: int) -> Draw:
        """One draw (raises NotFoundError)."""
        row = self.db.conn.execute(f"SELECT {self._COLS} FROM draws WHERE id = ?", [draw_id]).fetchone()
        if row is None:
            raise NotFoundError(f"找不到编号为 {draw_id} 的抽取记录。")
        return self._from_row(row)

    def of_year(self, year: int) -> list[Draw]:
        """Draws of a year, newest first."""
        return [
            self._from_row(r)
            for r in self.db.conn.execute(
                f"SELECT {self._COLS} FROM draws WHERE drawn_on LIKE ? ORDER BY id DESC",
                [f"{year}-%"],
            )
        ]
