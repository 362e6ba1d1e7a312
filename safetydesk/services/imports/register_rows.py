"""Rows of a 村(社区) or 单位场所 register sheet: the columns it may have and what a row means.

Used by :mod:`safetydesk.services.imports.registers`. :func:`import_fields` lists the headers each
field accepts; :class:`RegisterRowReader` walks the data rows and turns each into a validated
:class:`~safetydesk.domain.common.Village` or :class:`~safetydesk.domain.common.Unit`, or into
problems saying how to fix each cell. Cell values are parsed by
:mod:`safetydesk.services.imports.values`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from safetydesk.domain.common import Unit, UnitType, Village, VillageKind
from safetydesk.errors import ValidationErrors
from safetydesk.labels import IMPORT_SYNONYMS, UNIT_FIELDS, VILLAGE_FIELDS
from safetydesk.services.imports import sheets
from safetydesk.services.imports.cells import CellError, cell_text, code_text, parse_int
from safetydesk.services.imports.sheets import Problem
from safetydesk.services.imports.values import (
    VillageIndex,
    norm_header,
    parse_risk,
    parse_scale,
    parse_unit_type,
    parse_village_kind,
)

if TYPE_CHECKING:
    from safetydesk.services import Workspace

ImportKind = Literal["villages", "units"]
#: A progress callback: ``(done, total)``; it may raise :class:`~safetydesk.errors.Cancelled`.
Progress = Callable[[int, int], None]

#: Progress is reported every this many rows.
PROGRESS_EVERY = 200
#: Field → column label, per kind.
LABELS: dict[str, dict[str, str]] = {"villages": VILLAGE_FIELDS, "units": UNIT_FIELDS}
_PREFIX = {"villages": "village.", "units": "unit."}


def import_fields(kind: ImportKind) -> dict[str, tuple[str, ...]]:
    """Field → accepted headers (label first, then :data:`labels.IMPORT_SYNONYMS`)."""
    prefix = _PREFIX[kind]
    return {f: (label, *IMPORT_SYNONYMS.get(prefix + f, ())) for f, label in LABELS[kind].items()}


class RegisterRowReader:
    """Turns data rows into validated records and problems (one instance per plan)."""

    def __init__(self, ws: Workspace, kind: ImportKind, match: sheets.HeaderMatch) -> None:
        self.ws = ws
        self.kind = kind
        self.match = match
        self.labels = LABELS[kind]
        self.service = ws.villages if kind == "villages" else ws.units
        self.order = sorted(self.labels, key=lambda f: match.columns.get(f, 10**6))
        self.records: list[Any] = []
        self.rows: list[int] = []
        self.problems: list[Problem] = []
        self.skipped: list[int] = []
        self._seen: dict[Any, int] = {}
        #: Rows whose only fault is a village not registered: (row, unit, village to create).
        self.pending: list[tuple[int, Unit, str]] = []
        #: The problem of each row naming a village not registered (when none is to be created).
        self.missing: list[Problem] = []
        #: Villages not registered, as they would be created, in the order the file names them.
        self.new_villages: list[str] = []
        self._new = ""
        if kind == "units":
            self._villages = VillageIndex(ws.villages.list())
            self._village_names = {v.id: v.name for v in self._villages.villages}

    def column(self, name: str) -> str:
        """Header text shown for a field's problems (a related column, or the label)."""
        headers = self.match.headers
        if name in headers:
            return headers[name]
        if name == "subtype" and "type" in headers:
            return headers["type"]
        return self.labels.get(name, "")

    def read(self, rows: list[list[Any]], first: int, progress: Progress | None) -> None:
        """Read data rows; ``first`` is the Excel row number of ``rows[0]``."""
        for number, cells in sheets.data_rows(
            rows, first, self.match, self.skipped, progress, PROGRESS_EVERY, problems=self.problems
        ):
            self._read_row(number, cells)

    def _read_row(self, number: int, cells: dict[str, Any]) -> None:
        self._new = ""
        values, errors = (self._village if self.kind == "villages" else self._unit)(cells)
        rec: Any = (Village if self.kind == "villages" else Unit)(**values)
        new = self._new
        try:
            rec = self.service.validate(rec)
        except ValidationErrors as exc:
            for f, msg in exc.errors.items():
                if not (new and f == "village_id"):  # it will have one once created
                    errors.setdefault(f, msg)
        if "name" not in errors:
            dup = self._duplicate(number, rec, new)
            if dup:
                errors[dup[0]] = dup[1]
        if new:
            if new not in self.new_villages:
                self.new_villages.append(new)
            self.missing.append(Problem(number, self.column("village_id"), errors.pop("village_id")))
        if errors:
            for f in self.order:
                if f in errors:
                    self.problems.append(Problem(number, self.column(f), errors.pop(f)))
            self.problems.extend(Problem(number, self.column(f), m) for f, m in errors.items())
            return
        if new:
            self.pending.append((number, rec, new))
            return
        self.records.append(rec)
        self.rows.append(number)

    def _duplicate(self, number: int, rec: Any, new: str = "") -> tuple[str, str] | None:
        """(field, message) when the record repeats an earlier row of the file.

        ``new``: the village (not registered yet) of a unit row, instead of ``rec.village_id``.
        """
        key: tuple[object, ...]
        if self.kind == "villages":
            key = ("name", norm_header(rec.name))
            first = self._seen.setdefault(key, number)
            if first != number:
                return "name", (
                    f"与第 {first} 行重复：「{rec.name}」在文件中出现了不止一次。"
                    "请删除重复的行，或改正名称。"
                )
            return None
        if rec.village_id is not None or new:
            key = ("name", norm_header(rec.name), rec.village_id or "new:" + new)
            first = self._seen.setdefault(key, number)
            if first != number:
                village = self._village_names.get(rec.village_id or 0, new)
                return "name", (
                    f"与第 {first} 行重复：「{village}」的「{rec.name}」在文件中出现了不止一次。"
                    "请删除重复的行；若确是两个场所，请在名称中加以区分（例如加上门牌号）。"
                )
        if rec.uscc:
            key = ("uscc", rec.uscc.strip().upper())
            first = self._seen.setdefault(key, number)
            if first != number:
                return "uscc", (
                    f"统一社会信用代码 {rec.uscc} 与第 {first} 行相同。同一单位请只保留一行；"
                    "若是同一单位的不同场所，请只在其中一行填写代码。"
                )
        return None

    # -- converters: cells → dataclass keyword arguments + conversion errors ------------------
    @staticmethod
    def _convert(
        cells: dict[str, Any],
        errors: dict[str, str],
        name: str,
        fn: Callable[[Any], Any],
        default: Any,
    ) -> Any:
        try:
            return fn(cells.get(name))
        except CellError as exc:
            errors[name] = str(exc)
            return default

    def _village(self, cells: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
        errors: dict[str, str] = {}
        text = cell_text
        values: dict[str, Any] = {"name": text(cells.get("name"))}
        for f in ("secretary", "director", "grid_worker", "notes"):
            values[f] = text(cells.get(f))
        for f in ("region_code", "secretary_phone", "director_phone", "grid_worker_phone"):
            values[f] = self._convert(cells, errors, f, code_text, "")
        for f in ("group_count", "households", "population"):
            values[f] = self._convert(cells, errors, f, parse_int, None)
        values["kind"] = self._convert(
            cells,
            errors,
            "kind",
            lambda v: parse_village_kind(text(v), values["name"]),
            VillageKind.VILLAGE,
        )
        return values, errors

    def _unit(self, cells: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
        errors: dict[str, str] = {}
        text = cell_text
        values: dict[str, Any] = {"name": text(cells.get("name"))}
        for f in ("address", "legal_rep", "contact", "department", "notes"):
            values[f] = text(cells.get(f))
        for f in ("uscc", "contact_phone"):
            values[f] = self._convert(cells, errors, f, code_text, "")
        try:
            values["type"], values["subtype"] = parse_unit_type(
                text(cells.get("type")), text(cells.get("subtype"))
            )
        except CellError as exc:
            errors["type"] = str(exc)
            values["type"], values["subtype"] = UnitType.OTHER, ""
        values["scale"] = self._convert(
            cells, errors, "scale", lambda v: parse_scale(text(v)), None
        )
        values["risk"] = self._convert(cells, errors, "risk", lambda v: parse_risk(text(v)), "")
        village = text(cells.get("village_id"))
        values["village_id"] = None
        if village:
            try:
                values["village_id"] = self._villages.find(village).id
            except CellError as exc:
                errors["village_id"] = str(exc)
                self._new = new = self._villages.new_name(village) or ""
                if new:
                    errors["village_id"] = _missing_village(village, new, str(exc), self._villages)
        else:
            known = self._villages.villages
            example = f"，例如“{known[0].name}”" if known else ""
            errors["village_id"] = f"请填写所属村(社区)：已登记的村或社区名称{example}。"
        return values, errors


def _missing_village(text: str, new: str, why: str, index: VillageIndex) -> str:
    """The problem of a row naming a village that is not registered: why, and how to create it."""
    named = "" if index.villages else f"「{text}」尚未登记："
    return (
        f"{named}{why}如确是新的村(社区)，可勾选“创建表中缺少的村(社区)”"
        f"（命令行加 --create-missing），导入时一并新建「{new}」。"
    )
