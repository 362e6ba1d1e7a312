"""Export of the register lists (村(社区), 单位场所, 人员) to .xlsx.

The columns are the field labels of :mod:`safetydesk.labels` in display order, so an exported
villages/units file imports again unchanged (:mod:`safetydesk.services.imports.registers`). People's phone
numbers are masked by default (DOMAIN.md A10). Used by the GUI list pages and the CLI ``export``
command. openpyxl is imported only when a file is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from safetydesk.domain.queries import ListQuery
from safetydesk.errors import SafetyDeskError
from safetydesk.labels import PERSON_FIELDS, UNIT_FIELDS, VILLAGE_FIELDS, risk_label
from safetydesk.oserrors import os_error_message

if TYPE_CHECKING:
    from safetydesk.services import Workspace

ExportKind = Literal["villages", "units", "people"]
#: A progress callback: ``(done, total)``; it may raise :class:`~safetydesk.errors.Cancelled`.
Progress = Callable[[int, int], None]

#: Fields written as text cells formatted "@" (leading zeros, 18-digit codes).
TEXT_FIELDS = frozenset(
    {
        "region_code", "uscc", "cert_no", "secretary_phone", "director_phone",
        "grid_worker_phone", "contact_phone", "mobile", "phone",
    }
)  # fmt: skip
#: Phone fields per kind (masked when asked to).
PHONE_FIELDS: dict[str, tuple[str, ...]] = {
    "villages": ("secretary_phone", "director_phone", "grid_worker_phone"),
    "units": ("contact_phone",),
    "people": ("mobile", "phone"),
}
_LABELS: dict[str, dict[str, str]] = {
    "villages": VILLAGE_FIELDS,
    "units": UNIT_FIELDS,
    "people": PERSON_FIELDS,
}
#: Name of each list (title, sheet and file names).
NOUNS: dict[str, str] = {"villages": "村(社区)", "units": "单位场所", "people": "人员"}
#: Rows between two progress reports while the rows are prepared.
PROGRESS_EVERY = 500


def mask_phone(text: str) -> str:
    """Masked phone number: "13800001234" → "138****1234"; short numbers are kept."""
    t = text.strip()
    digits = re.sub(r"\D", "", t)
    if len(digits) == 11 and digits.startswith("1"):
        return f"{digits[:3]}****{digits[-4:]}"
    if len(t) >= 8:
        return t[:3] + "*" * (len(t) - 7) + t[-4:]
    return t


def record_cells(
    rec: Any,
    labels: dict[str, str],
    *,
    village_names: dict[int, str],
    risk_scheme: str = "ABCD",
    masked: tuple[str, ...] = (),
) -> list[str | int | None]:
    """Cell values of a record for the columns ``labels`` (export rows and import preview).

    Enums become their Chinese value, ``village_id`` the village name, ``risk`` its text under
    ``risk_scheme``; counts stay numbers; the fields in ``masked`` are masked.
    """
    out: list[str | int | None] = []
    for name in labels:
        value = getattr(rec, name)
        if name == "village_id":
            value = village_names.get(value, "") if value is not None else ""
        elif name == "risk":
            value = risk_label(value or "", risk_scheme)
        elif isinstance(value, StrEnum):
            value = value.value
        elif value is None:
            value = None if name in ("group_count", "households", "population") else ""
        if name in masked and value:
            value = mask_phone(str(value))
        out.append(value)
    return out


class ExportService:
    """Writes register lists to .xlsx.

    Args:
        ws: The open workspace.
    """

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def suggested_name(self, kind: ExportKind) -> str:
        """Default file name: ``{乡镇}_{名录}_{YYYYMMDD}.xlsx``."""
        township = self.ws.settings.township().name
        prefix = f"{township}_" if township else ""
        return f"{prefix}{NOUNS[kind]}名录_{self.ws.clock():%Y%m%d}.xlsx"

    def export_list(
        self,
        kind: ExportKind,
        path: Path | str,
        query: ListQuery | None = None,
        *,
        progress: Progress | None = None,
        mask_phones: bool | None = None,
    ) -> Path:
        """Write the records ``query`` selects (active records by default) to an .xlsx file.

        Args:
            kind: "villages", "units" or "people".
            path: Target file; ".xlsx" is appended when it has another suffix. An existing file is
                replaced only once the new one is complete.
            query: Filter and order, as in the list view.
            progress: Called with ``(done, total)``; may raise
                :class:`~safetydesk.errors.Cancelled` (no file is left, an existing one is kept).
            mask_phones: Mask phone numbers (138****1234). Default: yes for people (residents'
                personal data, DOMAIN.md A10), no for villages and units (business contacts).

        Returns:
            The file written.

        Raises:
            Cancelled: ``progress`` cancelled.
            SafetyDeskError: The file cannot be written (folder not writable, file open in
                Excel …); the message says what to do. Nothing was changed.
        """
        if kind not in _LABELS:
            raise ValueError(f"unknown export kind {kind!r}")
        path = Path(path)
        if path.is_dir():
            raise SafetyDeskError(
                f"无法写入「{path}」：这是一个文件夹，不是文件。请写出文件夹中的文件名，"
                f"例如 {path / self.suggested_name(kind)}。"
            )
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        if mask_phones is None:
            mask_phones = kind == "people"
        labels = _LABELS[kind]
        records: list[Any]
        if kind == "villages":
            records = self.ws.villages.list(query)
        elif kind == "units":
            records = self.ws.units.list(query)
        else:
            records = self.ws.people.list(query)
        names = self.ws.villages.names() if kind != "villages" else {}
        scheme = str(self.ws.settings.get("risk_scheme"))
        masked = PHONE_FIELDS[kind] if mask_phones else ()
        total = 2 * len(records)
        rows = []
        for i, rec in enumerate(records):
            if progress and i % PROGRESS_EVERY == 0:
                progress(i, total)
            rows.append(
                record_cells(rec, labels, village_names=names, risk_scheme=scheme, masked=masked)
            )

        from safetydesk.exporters import xlsx

        township = self.ws.settings.township().name
        title = f"{township}{NOUNS[kind]}名录 导出于 {self.ws.clock():%Y-%m-%d}"
        columns = [xlsx.Column(label, text=name in TEXT_FIELDS) for name, label in labels.items()]
        writing = None
        if progress:
            n = len(records)

            def writing(done: int, _total: int) -> None:
                progress(n + done, total)

        try:
            return xlsx.write_table(
                path, sheet=NOUNS[kind], title=title, columns=columns, rows=rows, progress=writing
            )
        except OSError as exc:
            raise SafetyDeskError(
                os_error_message(exc, path, action="写入") + "如果该文件正在 Excel 中打开，请先关闭它。"
            ) from exc
