"""Shared machinery of the record stores: row⇄dataclass mapping, id lists, soft delete.

A store subclass declares its table, record class, text fields for search, sort keys and filters;
:class:`RecordStore` does the rest. Every write runs inside ``db.atomic()`` of the caller (the
service) or its own.

The row mapping is the one place where stored text becomes typed values and back: the codecs
below are chosen from each record field's declared type (``date`` ⇄ ISO ``YYYY-MM-DD``,
``datetime`` ⇄ ISO text, a ``StrEnum`` ⇄ its value, ``str`` ⇄ text with NULL read as ""). Above
storage, records carry only typed values.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar, Generic, TypeVar

from sqlite_utils import Database

from safetydesk.domain.queries import ArchiveFilter, ListQuery
from safetydesk.errors import NotFoundError
from safetydesk.storage import search
from safetydesk.storage.db import utc_now

T = TypeVar("T")

#: SQLite's default limit on host parameters is 999 on old builds; stay below it.
_CHUNK = 900


def date_text(value: date | None) -> str | None:
    """A date as stored (ISO ``YYYY-MM-DD``), or NULL."""
    return None if value is None else value.isoformat()


def datetime_text(value: datetime | None) -> str | None:
    """A time as stored: UTC timestamps to the second with their offset, local times (naive, as
    typed by the officer) to the minute unless they carry seconds."""
    if value is None:
        return None
    if value.tzinfo is None and not value.second and not value.microsecond:
        return value.isoformat(timespec="minutes")
    return value.isoformat(timespec="seconds")


def text_date(value: Any) -> date | None:
    """A stored date back to a :class:`date` (NULL and "" are None)."""
    return date.fromisoformat(value) if value else None


def text_datetime(value: Any) -> datetime | None:
    """A stored time back to a :class:`datetime` (NULL and "" are None)."""
    return datetime.fromisoformat(value) if value else None


Decode = Callable[[Any], Any]
Encode = Callable[[Any], Any]


def _enum_codec(enum: type[StrEnum]) -> tuple[Decode, Encode]:
    members = {m.value: m for m in enum}

    def decode(value: Any) -> Any:
        if value is None or value == "":
            return None
        member = members.get(value)
        return member if member is not None else enum(value)

    def encode(value: Any) -> Any:
        return None if value is None else enum(value).value

    return decode, encode


def _str_decode(value: Any) -> Any:
    return "" if value is None else value


def field_codecs(
    record: type, json_fields: Collection[str] = ()
) -> dict[str, tuple[Decode, Encode]]:
    """Per field of ``record`` that needs one, the (decode, encode) pair between row and record.

    Chosen from the field's declared type: ``date``, ``datetime``, a ``StrEnum`` (each optional
    or not), ``str`` (NULL read as ""), ``bool`` (0/1) and a tuple of a ``StrEnum`` (a
    multi-choice, stored as its values joined by commas), and for the fields named in
    ``json_fields`` a tuple of small records (a JSON list); other fields pass through unchanged.
    """
    hints = typing.get_type_hints(record)
    out: dict[str, tuple[Decode, Encode]] = {}
    for field in dataclasses.fields(record):
        tp = hints[field.name]
        args = typing.get_args(tp) if isinstance(tp, types.UnionType) else (tp,)
        base = [a for a in args if a is not type(None)]
        if len(base) != 1:
            continue
        kind = base[0]
        if kind is datetime:
            out[field.name] = (text_datetime, datetime_text)
        elif kind is date:
            out[field.name] = (text_date, date_text)
        elif isinstance(kind, type) and issubclass(kind, StrEnum):
            out[field.name] = _enum_codec(kind)
        elif kind is str and len(args) == 1:
            out[field.name] = (_str_decode, lambda v: v)
        elif kind is bool:
            out[field.name] = (bool, lambda v: None if v is None else int(v))
        elif typing.get_origin(kind) is tuple:
            item = typing.get_args(kind)[0]
            if isinstance(item, type) and issubclass(item, StrEnum):
                out[field.name] = _enum_tuple_codec(item)
            elif field.name in json_fields and dataclasses.is_dataclass(item):
                assert isinstance(item, type)
                out[field.name] = _dataclass_tuple_codec(item)
    return out


def _dataclass_tuple_codec(item: type) -> tuple[Decode, Encode]:
    """A tuple of small records (checklist items, their ratings) ⇄ a JSON list of objects.

    Each object holds the item's fields, typed fields as their stored text (dates, enums).
    """
    codecs = field_codecs(item)

    def decode(value: Any) -> Any:
        out = []
        for data in json.loads(value or "[]"):
            for name, (dec, _enc) in codecs.items():
                if data.get(name) is not None:
                    data[name] = dec(data[name])
                elif dec is _str_decode:
                    data[name] = ""
            out.append(item(**data))
        return tuple(out)

    def encode(value: Any) -> Any:
        rows = []
        for rec in value or ():
            data = {f.name: getattr(rec, f.name) for f in dataclasses.fields(item)}
            for name, (_dec, enc) in codecs.items():
                if data[name] is not None:
                    data[name] = enc(data[name])
            rows.append(data)
        return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))

    return decode, encode


#: Separator of a stored multi-choice field (``防汛,地质灾害``); no enum value contains it.
_MULTI_SEP = ","


def _enum_tuple_codec(enum: type[StrEnum]) -> tuple[Decode, Encode]:
    """A tuple of enum members ⇄ their values joined by commas ("" for none, never NULL)."""

    def decode(value: Any) -> Any:
        return tuple(enum(v) for v in str(value).split(_MULTI_SEP) if v) if value else ()

    def encode(value: Any) -> Any:
        return _MULTI_SEP.join(enum(v).value for v in value or ())

    return decode, encode


def _direction(term: str, reverse: bool) -> str:
    """``term`` of an ORDER BY, reversed when asked (``a DESC`` ↔ ``a``)."""
    if not reverse:
        return term
    return term[: -len(" DESC")] if term.upper().endswith(" DESC") else f"{term} DESC"


class RecordStore(Generic[T]):
    """Base class of the register stores.

    Subclasses set the class attributes below and may extend :meth:`_where`.
    """

    #: Table name.
    table: ClassVar[str]
    #: The dataclass stored in the table.
    record: ClassVar[type]
    #: Fields whose text is indexed for search.
    search_fields: ClassVar[tuple[str, ...]] = ()
    #: Sort keys accepted by :meth:`list_ids`, mapped to SQL ORDER BY expressions.
    order_keys: ClassVar[dict[str, str]] = {"default": "name"}
    #: Human name of a record, for messages ("单位场所").
    noun: ClassVar[str] = "记录"
    #: Index led by ``id`` that covers the default order, used when a query has text: the
    #: matches are then ordered from the narrow index instead of the wide table rows.
    text_index: ClassVar[str | None] = None
    #: Fields of the record that are not columns of the table (a store maps them itself).
    derived: ClassVar[tuple[str, ...]] = ()
    #: Fields holding a tuple of small records, stored as a JSON list in their column.
    json_fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, db: Database) -> None:
        self.db = db
        self._columns = [
            f.name for f in dataclasses.fields(self.record) if f.name not in self.derived
        ]
        # Per-row work of from_row/to_row, worked out once (lists read a page of rows per scroll).
        codecs = field_codecs(self.record, self.json_fields)
        #: Text fields (NULL is read as ""); typed fields and their decoders (NULL stays None).
        self._text_names = [n for n in self._columns if codecs.get(n, (None,))[0] is _str_decode]
        self._decoders = [
            (n, codecs[n][0]) for n in self._columns if n in codecs and n not in self._text_names
        ]
        self._encoders = [
            (n, codecs[n][1]) for n in self._columns if n in codecs and n not in self._text_names
        ]
        self._read_tuple = self._compile_reader()

    def _compile_reader(self) -> Callable[[Sequence[Any]], T]:
        """A function building the record from a row tuple in column order, in one call.

        Generated once per store (as :mod:`dataclasses` generates ``__init__``): a list repaints
        tens of rows per scroll step, and a loop over the fields per row cost as much as the
        query that read them.
        """
        env: dict[str, Any] = {"_record": self.record}
        decoders = dict(self._decoders)
        texts = set(self._text_names)
        args = []
        for i, name in enumerate(self._columns):
            if name in texts:
                args.append(f"{name}=('' if r[{i}] is None else r[{i}])")
            elif name in decoders:
                env[f"_d{i}"] = decoders[name]
                args.append(f"{name}=(None if r[{i}] is None else _d{i}(r[{i}]))")
            else:
                args.append(f"{name}=r[{i}]")
        source = "def read(r):\n    return _record(" + ", ".join(args) + ")\n"
        exec(compile(source, f"<row reader of {self.table}>", "exec"), env)  # noqa: S102
        return env["read"]  # type: ignore[no-any-return]

    # -- mapping -------------------------------------------------------------------------------
    def to_row(self, rec: T) -> dict[str, Any]:
        """Row dict of a record (dates, times and enums as their stored text)."""
        row = {name: getattr(rec, name) for name in self._columns}
        for name, encode in self._encoders:
            row[name] = encode(row[name])
        return row

    def from_row(self, row: dict[str, Any] | Sequence[Any]) -> T:
        """Record of a row (dict, or tuple in column order)."""
        if not isinstance(row, dict):
            if len(row) != len(self._columns):
                raise ValueError(f"{self.table}: a row of {len(row)} values for {len(self._columns)} columns")
            return self._read_tuple(row)
        data = dict(row)
        # The hot path of every list: only non-NULL typed values call their decoder.
        for name in self._text_names:
            if data.get(name) is None and name in data:
                data[name] = ""
        for name, decode in self._decoders:
            value = data.get(name)
            if value is not None:
                data[name] = decode(value)
        return self.record(**data)  # type: ignore[no-any-return]

    # -- reads ---------------------------------------------------------------------------------
    def get(self, rec_id: int) -> T:
        """The record with this id (archived ones included).

        Raises:
            NotFoundError: No such record.
        """
        cur = self.db.conn.execute(
            f"SELECT {', '.join(self._columns)} FROM {self.table} WHERE id = ?", [rec_id]
        )
        row = cur.fetchone()
        if row is None:
            raise NotFoundError(f"找不到编号为 {rec_id} 的{self.noun}。")
        return self.from_row(row)

    def get_many(self, ids: Iterable[int]) -> dict[int, T]:
        """Records by id (missing ids are left out)."""
        id_list = list(ids)
        out: dict[int, T] = {}
        cols = ", ".join(self._columns)
        for start in range(0, len(id_list), _CHUNK):
            chunk = id_list[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for row in self.db.conn.execute(
                f"SELECT {cols} FROM {self.table} WHERE id IN ({marks})", chunk
            ):
                rec = self.from_row(row)
                out[rec.id] = rec  # type: ignore[attr-defined]
        return out

    def values(self, ids: Iterable[int], *, column: str) -> dict[int, Any]:
        """id → one column of these records (a list's lookup, cheaper than :meth:`get_many`)."""
        if column not in self._columns:
            raise ValueError(f"{self.table} has no column {column!r}")
        id_list = list(ids)
        out: dict[int, Any] = {}
        for start in range(0, len(id_list), _CHUNK):
            chunk = id_list[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT id, {column} FROM {self.table} WHERE id IN ({marks})"
            out.update(self.db.conn.execute(sql, chunk))
        return out

    def max_id(self) -> int:
        """The highest id in the table, archived records included (0 when it is empty).

        Rows inserted next get ids above it, in insertion order (a bulk insert's ids are
        ``max_id() + 1 …``).
        """
        return int(self.db.conn.execute(f"SELECT coalesce(max(id), 0) FROM {self.table}").fetchone()[0])

    def _where(self, query: ListQuery) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        archivable = "archived_at" in self._columns
        if not archivable:
            pass  # records without soft delete: every row is active
        elif query.archive is ArchiveFilter.ACTIVE:
            where.append("archived_at IS NULL")
        elif query.archive is ArchiveFilter.ARCHIVED:
            where.append("archived_at IS NOT NULL")
        if query.text.strip():
            match = search.fts_query(query.text)
            if match is None:
                where.append("0")
            else:
                where.append(search.match_sql(self.table))
                params.append(match)
        return where, params

    def _source(self, query: ListQuery) -> str:
        """The table, with its text index named when the query searches text."""
        if self.text_index and search.fts_query(query.text) is not None:
            return f"{self.table} INDEXED BY {self.text_index}"
        return self.table

    def list_ids(self, query: ListQuery | None = None) -> list[int]:
        """Ordered ids of the records that ``query`` selects (filtering and sorting in SQL)."""
        query = query or ListQuery()
        where, params = self._where(query)
        order = self.order_keys.get(query.order_by, self.order_keys["default"])
        # Every part of a multi-column order is reversed (order expressions hold no commas).
        terms = [_direction(part.strip(), query.descending) for part in order.split(",")]
        terms.append(_direction("id", query.descending))
        sql = f"SELECT id FROM {self._source(query)}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY " + ", ".join(terms)
        return [r[0] for r in self.db.conn.execute(sql, params)]

    def list(self, query: ListQuery | None = None) -> list[T]:
        """Records that ``query`` selects, in order."""
        ids = self.list_ids(query)
        by_id = self.get_many(ids)
        return [by_id[i] for i in ids]

    def count(self, query: ListQuery | None = None) -> int:
        """Number of records that ``query`` selects."""
        query = query or ListQuery()
        where, params = self._where(query)
        sql = f"SELECT count(*) FROM {self._source(query)}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return int(self.db.conn.execute(sql, params).fetchone()[0])

    # -- writes (callers wrap them in db.atomic()) --------------------------------------------
    def search_body(self, row: dict[str, Any]) -> str:
        """Text indexed for a row: its :attr:`search_fields` (a store may add related text)."""
        return search.fts_text(*(str(row[f] or "") for f in self.search_fields))

    def _index(self, rec: T) -> None:
        if self.search_fields:
            body = self.search_body(self.to_row(rec))
            search.set_text(self.db, self.table, rowid=rec.id, body=body)  # type: ignore[attr-defined]

    def insert(self, rec: T) -> T:
        """Insert a new record; returns it with id and timestamps."""
        now = utc_now()
        rec = dataclasses.replace(rec, id=None, created_at=now, updated_at=now)  # type: ignore[type-var]
        row = self.to_row(rec)
        row.pop("id")
        cols = list(row)
        cur = self.db.conn.execute(
            f"INSERT INTO {self.table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            [row[c] for c in cols],
        )
        rec = dataclasses.replace(rec, id=cur.lastrowid)  # type: ignore[type-var]
        self._index(rec)
        return rec

    def update(self, rec: T) -> T:
        """Overwrite an existing record's fields (not its creation time); returns it."""
        old = self.get(rec.id)  # type: ignore[attr-defined]
        kept = {"created_at": old.created_at, "updated_at": utc_now()}  # type: ignore[attr-defined]
        if "archived_at" in self._columns:
            kept["archived_at"] = old.archived_at  # type: ignore[attr-defined]
        rec = dataclasses.replace(rec, **kept)  # type: ignore[type-var]
        row = self.to_row(rec)
        rec_id = row.pop("id")
        sets = ", ".join(f"{c} = ?" for c in row)
        self.db.conn.execute(
            f"UPDATE {self.table} SET {sets} WHERE id = ?", [*row.values(), rec_id]
        )
        self._index(rec)
        return rec

    def set_archived(self, rec_id: int, *, archived: bool) -> T:
        """Archive (soft-delete) or restore a record; returns it."""
        self.get(rec_id)
        now = datetime_text(utc_now())
        self.db.conn.execute(
            f"UPDATE {self.table} SET archived_at = ?, updated_at = ? WHERE id = ?",
            [now if archived else None, now, rec_id],
        )
        return self.get(rec_id)

    def bulk_insert(self, recs: Iterable[T]) -> int:
        """Insert many records quickly (demo data, imports); returns how many."""
        now = datetime_text(utc_now())
        cols = [c for c in self._columns if c != "id"]
        rows = []
        bodies = []
        for rec in recs:
            row = self.to_row(rec)
            row["created_at"] = row["created_at"] or now
            row["updated_at"] = row["updated_at"] or now
            rows.append([row[c] for c in cols])
            if self.search_fields:
                bodies.append(self.search_body(row))
        if not rows:
            return 0
        first = self.max_id()
        self.db.conn.executemany(
            f"INSERT INTO {self.table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            rows,
        )
        if bodies:
            self.db.conn.executemany(
                f"INSERT INTO {self.table}_fts(rowid, body) VALUES (?, ?)",
                ((first + 1 + i, b) for i, b in enumerate(bodies)),
            )
        return len(rows)
