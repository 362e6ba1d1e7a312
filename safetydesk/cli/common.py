"""Helpers shared by the command modules: options, the workspace, dates, ``--set`` values, output.

Values typed on the command line (``--set 字段=值``) are converted by the declared type of the
record's dataclass field (:func:`convert`), and values printed (``--json`` or tables) go through
:func:`plain` / :func:`cell`, so that a field typed ``str`` holding ISO text and one typed
``date``/``datetime`` read and print the same.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import functools
import json
import math
import os
import re
import sys
import types
import typing
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias

from safetydesk import paths
from safetydesk.errors import SafetyDeskError

if TYPE_CHECKING:
    from safetydesk.domain.queries import ListQuery
    from safetydesk.services import Workspace

#: A command's handler: parsed arguments → exit code.
Handler: TypeAlias = Callable[[argparse.Namespace], int]
#: What ``register(sub)`` receives: the subparsers of the ``safetydesk`` parser.
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
#: A handler of one kind of a command with kinds (``list hazards``): workspace, arguments → code.
KindHandler: TypeAlias = "Callable[[Workspace, argparse.Namespace], int]"

#: ``list KIND`` handlers; each area module adds its kinds in ``register`` (also the choices).
LISTERS: dict[str, KindHandler] = {}
#: ``import KIND`` handlers, filled the same way.
IMPORTERS: dict[str, KindHandler] = {}
#: ``fields KIND``: (field, label) pairs that ``--set`` accepts; each area adds its kinds.
FIELD_LISTS: dict[str, Callable[[], list[tuple[str, str]]]] = {}

#: Words read as yes / no for a ``bool`` field.
YES, NO = ("是", "1", "true", "yes", "y"), ("否", "0", "false", "no", "n", "")
#: Separators of the items of a tuple field (``methods=四不两直、双随机``).
_ITEM_SEPARATORS = re.compile(r"[,，、\s]+")
#: A date and a time of day: ``2026-11-20 09:00``, ``2026年11月20日 9:00``, ``…T09:00:00``.
_DATE_TIME = re.compile(r"^(.+?)[\sT]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?$")


# -- options and the workspace --------------------------------------------------------------------
def global_options() -> argparse.ArgumentParser:
    """Parent parser: ``--db`` / ``--data-dir`` accepted after a command too (``list units --db x.db``)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return common


def parse_date(text: str) -> date:
    """``type=`` of the date options: ISO ``YYYY-MM-DD`` only."""
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期「{text}」格式不对，应为 YYYY-MM-DD，例如 2026-11-23。") from exc


def db_file(args: argparse.Namespace, *, demo: bool = False) -> Path:
    """The database file of ``--db`` / ``--data-dir`` (the demo file for ``demo`` without ``--db``)."""
    if demo and not args.db and not os.environ.get("SAFETYDESK_DB"):
        return paths.data_dir(args.data_dir) / paths.DEMO_DB_FILENAME
    return paths.db_path(args.db, args.data_dir)


def open_workspace(
    args: argparse.Namespace, *, create: bool = False, initialized: bool = True, full_check: bool = False
) -> Workspace:
    """The workspace of the command's database; refused when it was never initialised.

    ``full_check`` checks the whole file for damage whatever its size (``info``).
    """
    from safetydesk.services import Workspace

    ws = Workspace.open(db_file(args), create=create, full_check=full_check)
    if initialized and not ws.settings.is_initialized:
        ws.close()
        raise SafetyDeskError(
            f"数据库 {ws.path} 尚未初始化。请先运行：safetydesk init --township 乡镇名称 --county 县名"
        )
    return ws


def list_query(ws: Workspace, args: argparse.Namespace) -> ListQuery:
    """The register filter of the ``list`` / ``export`` options (village given by name)."""
    from safetydesk.domain.queries import ArchiveFilter, ListQuery

    village_id = None
    if getattr(args, "village", None):
        village_id = ws.villages.id_by_name(args.village)
        if village_id is None:
            raise SafetyDeskError(f"找不到村(社区)「{args.village}」。")
    return ListQuery(
        text=getattr(args, "text", ""),
        village_id=village_id,
        type=getattr(args, "type", None),
        risk=getattr(args, "risk", None),
        role=getattr(args, "role", None),
        archive=ArchiveFilter.ARCHIVED if args.archived else ArchiveFilter.ACTIVE,
    )


def unit_by_name(ws: Workspace, text: str) -> int | None:
    """Id of the one active unit named ``text``; None when there is none or more than one."""
    ids = ws.units.store.active_ids_by_name(text)
    return ids[0] if len(ids) == 1 else None


# -- output --------------------------------------------------------------------------------------
class _Problem(Protocol):
    row: int
    column: str
    message: str


def print_problems(problems: Sequence[_Problem]) -> None:
    """The row report of a refused import, as a tab-separated table on stderr."""
    print("行号\t列\t问题及修改方法", file=sys.stderr)
    for p in problems:
        row = f"第{p.row}行" if p.row else "文件"
        print(f"{row}\t{p.column or '—'}\t{p.message}", file=sys.stderr)


def iso_datetime(value: datetime) -> str:
    """ISO text of a date-time: to the minute when it is a naive whole minute (an inspection's
    ``2026-11-20T09:00`` as entered), else :meth:`datetime.isoformat` (a stamp with its zone)."""
    if value.tzinfo is None and value.second == 0 and value.microsecond == 0:
        return value.isoformat(timespec="minutes")
    return value.isoformat()


def plain(value: Any) -> Any:
    """``value`` as JSON-ready data: date → ``YYYY-MM-DD``, datetime → ISO, StrEnum → its value.

    Dicts, lists, tuples and dataclasses are converted item by item; text passes unchanged, so a
    record whose dates are ISO text and one whose dates are :class:`date` give the same output.
    """
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, datetime):
        return iso_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def cell(value: Any) -> str:
    """``value`` as the text of a table cell: like :func:`plain`, and ``""`` for None."""
    return "" if value is None else str(plain(value))


def dump_json(value: Any) -> None:
    """Print ``value`` (through :func:`plain`) as indented JSON with Chinese kept as is."""
    json.dump(plain(value), sys.stdout, ensure_ascii=False, indent=1, default=str)
    print()


# -- --set 字段=值 --------------------------------------------------------------------------------
class BadValue(ValueError):
    """A text that does not fit its field; ``str()`` is the Chinese message."""


@functools.cache
def field_types(record_class: type) -> dict[str, Any]:
    """Field name → declared type of a dataclass, in field order (annotations resolved)."""
    hints = typing.get_type_hints(record_class)
    return {f.name: hints[f.name] for f in dataclasses.fields(record_class)}


def _optional(annotation: Any) -> tuple[Any, bool]:
    """``X | None`` → (X, True); any other annotation → (it, False)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def for_field(record_class: type, name: str, value: date) -> Any:
    """``value`` as field ``name`` holds it: the date for a date field, ISO text for a text one."""
    annotation, _ = _optional(field_types(record_class)[name])
    return plain(value) if annotation is str else value


def _parse_day(text: str, name: str) -> date:
    from safetydesk.services.imports.cells import CellError
    from safetydesk.services.imports.cells import parse_date as parse_cell_date

    try:
        day = parse_cell_date(text)
    except CellError as exc:
        raise BadValue(f"{name}{exc}") from None
    if day is None:
        raise BadValue(f"{name}不能为空：请填写日期，例如 2026-11-23。")
    return day


def _parse_time(text: str, name: str) -> datetime:
    wrong = f"{name}「{text}」不是有效的时间：请写成 YYYY-MM-DD HH:MM，例如 2026-11-20 09:00。"
    if not text:
        raise BadValue(f"{name}不能为空：请填写时间，例如 2026-11-20 09:00。")
    if m := _DATE_TIME.match(text):
        day = _parse_day(m[1].strip(), name)
        try:
            return datetime(day.year, day.month, day.day, int(m[2]), int(m[3]), int(m[4] or 0))
        except ValueError:
            raise BadValue(wrong) from None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise BadValue(wrong) from None


def convert(text: str, annotation: Any, *, key: str = "", label: str = "") -> Any:
    """The value of field ``key`` (declared ``annotation``) typed as ``text``.

    ``str`` keeps the text as is; ``int``, ``float``, ``bool`` (是/否), StrEnum members, ``date``
    (``2026-11-20``, ``2026/11/20``, ``2026年11月20日``), ``datetime`` (``2026-11-20 09:00``) and
    ``tuple[X, ...]`` (items separated by 、 or commas) are parsed; for ``X | None`` an empty text
    is None. ``label`` names the field in messages (else ``key``).

    Raises:
        BadValue: The text is not a value of that type (Chinese message naming the field).
    """
    name = label or key
    base, optional = _optional(annotation)
    if base is str:
        return text
    if optional and not text:
        return None
    if typing.get_origin(base) is tuple:
        item, *rest = typing.get_args(base)
        if rest != [Ellipsis]:
            raise BadValue(f"字段「{key}」不能用 --set 设置。")
        return tuple(convert(t, item, key=key, label=label) for t in _ITEM_SEPARATORS.split(text) if t)
    if base is bool:
        if text.lower() not in YES + NO:
            raise BadValue(f"{name}应填 是 或 否，不是「{text}」。")
        return text.lower() in YES
    if base is int:
        if re.fullmatch(r"[+-]?\d+", text):
            return int(text)
        raise BadValue(f"{name}「{text}」应为整数。" if text else f"{name}不能为空：请填写整数。")
    if base is float:
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise BadValue(f"{name}「{text}」应为数字。" if text else f"{name}不能为空：请填写数字。")
        return number
    if isinstance(base, type) and issubclass(base, StrEnum):
        try:
            return base(text)
        except ValueError:
            choices = "、".join(e.value for e in base)
            if label:
                raise BadValue(f"{label}「{text}」无效，可选：{choices}。") from None
            raise BadValue(f"「{text}」不是有效的取值，可选：{choices}。") from None
    if base is datetime:
        return _parse_time(text, name)
    if base is date:
        return _parse_day(text, name)
    raise BadValue(f"字段「{key}」不能用 --set 设置。")


@dataclasses.dataclass(frozen=True, kw_only=True)
class ValueSpec:
    """How one command reads its ``--set 字段=值`` pairs into fields of ``record_class``.

    Attributes:
        record_class: The dataclass whose field types drive the conversion.
        allowed: Settable field names (default: every field).
        aliases: Other names accepted for a field (Chinese labels) → field name.
        labels: Field name → label used in messages (default: the field name).
        resolvers: Field name → function reading the text instead of :func:`convert` (names looked
            up in the registers); it raises :class:`BadValue` to report the field, or a
            :class:`~safetydesk.errors.ValidationError` to stop at once.
        bad_pair: Message of a pair without ``=``; ``{pair}`` and ``{key}`` are filled in.
        bad_key: Message of an unknown or refused field name (default: ``bad_pair``).
    """

    record_class: type
    allowed: Collection[str] | None = None
    aliases: Mapping[str, str] = dataclasses.field(default_factory=dict)
    labels: Mapping[str, str] = dataclasses.field(default_factory=dict)
    resolvers: Mapping[str, Callable[[str], Any]] = dataclasses.field(default_factory=dict)
    bad_pair: str = "「{pair}」应写成 字段=值。"
    bad_key: str | None = None


def read_values(spec: ValueSpec, pairs: Sequence[str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Field values of ``字段=值`` pairs and the errors found, field → Chinese message.

    Every pair is read (so that all bad fields are reported together); only an error a resolver
    raises other than :class:`BadValue` stops the reading.
    """
    types_ = field_types(spec.record_class)
    allowed = types_.keys() if spec.allowed is None else spec.allowed
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        key = spec.aliases.get(key.strip(), key.strip())
        if not sep or key not in allowed or key not in types_:
            if not sep:
                message = spec.bad_pair.format(pair=pair, key=key)
            elif spec.bad_key is not None:
                message = spec.bad_key.format(pair=pair, key=key)
            else:
                message = f"「{key}」不是可用的字段。"
            known = [k for k in allowed if k in types_] + list(spec.aliases)
            close = difflib.get_close_matches(key, known, n=3, cutoff=0.6) if sep else []
            if close:
                message += f"是不是：{'、'.join(close)}？"
            errors[key or pair] = message
            continue
        text = text.strip()
        try:
            if key in spec.resolvers:
                values[key] = spec.resolvers[key](text)
            else:
                values[key] = convert(text, types_[key], key=key, label=spec.labels.get(key, ""))
        except BadValue as exc:
            errors[key] = str(exc)
    return values, errors


#: Help of ``--inspector`` (notice and order).
INSPECTOR_HELP = (
    "署名的检查人员（可重复，如 --inspector 张三 --inspector 李四；仅下达时可选）。"
    "默认：隐患所属检查记录的检查人员，否则隐患的发现人；执法证号取自人员名录"
)
