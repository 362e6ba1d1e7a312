"""The registers (村/社区, 单位场所, 人员): ``list | add | edit | archive | restore | fields | import | export``.

::

    safetydesk list villages|units|people [--json] [--text 关键词] [--village 润城村] …
    safetydesk add units --set name=示例饭店 --set type=九小场所 --set village_id=润城村
    safetydesk edit units 12 --set contact_phone=13800001234
    safetydesk archive units 12          # `restore` brings it back
    safetydesk fields units              # field names accepted by add/edit
    safetydesk import villages|units FILE.xlsx [--dry-run] [--create-missing]
    safetydesk export villages|units|people FILE.xlsx [--show-phones]

``list`` and ``import`` take kinds of other areas too (``list hazards``, ``import hazards``): each
area module adds its handlers to :data:`~safetydesk.cli.common.LISTERS` /
:data:`~safetydesk.cli.common.IMPORTERS`, which are also the choices of the ``kind`` argument.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from safetydesk.cli.common import (
    FIELD_LISTS,
    IMPORTERS,
    LISTERS,
    BadValue,
    Handler,
    Subparsers,
    ValueSpec,
    cell,
    dump_json,
    field_types,
    list_query,
    open_workspace,
    parse_date,
    read_values,
)
from safetydesk.errors import ValidationErrors

if TYPE_CHECKING:
    from safetydesk.domain.queries import ListQuery
    from safetydesk.services import Workspace
    from safetydesk.services.changes import Saved
    from safetydesk.storage.rows import RecordStore

KINDS = ("villages", "units", "people")
KIND_NAMES = {"villages": "村(社区)", "units": "单位场所", "people": "人员"}
#: Fields that ``add`` / ``edit`` never set (the database keeps them).
_NOT_SETTABLE = frozenset({"id", "created_at", "updated_at", "archived_at"})


class _Register(Protocol):
    """What the commands use of the village, unit and person services.

    ``list`` returns Any: the services annotate it ``list[T]`` inside a class that has a method
    ``list``, which mypy resolves to the method (an invalid type no protocol can match).
    """

    @property
    def store(self) -> RecordStore[Any]: ...
    def list(self, query: ListQuery | None = None) -> Any: ...
    def get(self, rec_id: int) -> Any: ...
    def count(self, query: ListQuery | None = None) -> int: ...
    def save(self, rec: Any) -> Saved[Any]: ...
    def archive(self, rec_id: int) -> Saved[Any]: ...
    def restore(self, rec_id: int) -> Saved[Any]: ...


def register(sub: Subparsers) -> dict[str, Handler]:
    """Add the register commands (and the ``list`` / ``import`` dispatchers) to the subparsers."""
    LISTERS.update(dict.fromkeys(KINDS, _list))
    IMPORTERS.update(dict.fromkeys(("villages", "units"), _import))
    for kind in KINDS:
        FIELD_LISTS[kind] = functools.partial(_fields, kind)

    s = sub.add_parser("import", help="从 Excel (.xlsx) 导入，全部通过才写入")
    s.add_argument("kind", choices=IMPORTERS)
    s.add_argument("file", type=Path)
    s.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    s.add_argument("--create-missing", action="store_true",
                   help="units：创建表中缺少的村(社区)；hazards：创建台账中缺少的单位场所和村(社区)；"
                        "baobao/households：创建表中缺少的人员")  # fmt: skip

    s = sub.add_parser("export", help="导出名录到 Excel (.xlsx)")
    s.add_argument("kind", choices=KINDS)
    s.add_argument("file", type=Path)
    s.add_argument("--archived", action="store_true", help="导出已归档的记录")
    s.add_argument("--show-phones", action="store_true", help="人员手机号不打码")

    # The options of every kind are declared here, so that `list --help` shows them together.
    s = sub.add_parser("list", help="列出名录、隐患或检查记录")
    s.add_argument("kind", choices=LISTERS)
    s.add_argument("--from", dest="date_from", type=parse_date, default=None, help="inspections：起始日期")
    s.add_argument("--to", dest="date_to", type=parse_date, default=None, help="inspections：截止日期")
    s.add_argument("--state", action="append", default=[], help="hazards：状态，如 整改中（可重复）")
    s.add_argument("--overdue", action="store_true", help="hazards：只看逾期")
    s.add_argument("--level", default=None, help="hazards：一般 或 重大")
    s.add_argument("--json", action="store_true", help="输出 JSON")
    s.add_argument("--text", default="", help="全文检索")
    s.add_argument("--village", default=None, help="只看某村(社区)（名称）")
    s.add_argument("--type", default=None, help="单位类型，如 九小场所")
    s.add_argument("--risk", default=None, help="风险等级 A/B/C/D")
    s.add_argument("--role", default=None, help="人员角色，如 网格员")
    s.add_argument("--archived", action="store_true", help="只列已归档的记录")

    s = sub.add_parser("add", help="新增一条记录：--set 字段=值 …")
    s.add_argument("kind", choices=KINDS)
    s.add_argument("--set", dest="values", action="append", default=[], metavar="字段=值")

    s = sub.add_parser("edit", help="修改一条记录：ID --set 字段=值 …")
    s.add_argument("kind", choices=KINDS)
    s.add_argument("id", type=int)
    s.add_argument("--set", dest="values", action="append", default=[], metavar="字段=值")

    for name, text in (("archive", "归档一条记录（不删除，可恢复）"), ("restore", "恢复已归档的记录")):
        s = sub.add_parser(name, help=text)
        s.add_argument("kind", choices=KINDS)
        s.add_argument("id", type=int)

    s = sub.add_parser("fields", help="列出某类记录可用的字段名")
    s.add_argument("kind", choices=FIELD_LISTS)
    return {
        "import": cmd_import, "export": cmd_export, "list": cmd_list, "add": cmd_add,
        "edit": cmd_edit, "archive": cmd_archive, "restore": cmd_archive, "fields": cmd_fields,
    }  # fmt: skip


def _service(ws: Workspace, kind: str) -> _Register:
    services: dict[str, _Register] = {"villages": ws.villages, "units": ws.units, "people": ws.people}
    return services[kind]


def _fields(kind: str) -> list[tuple[str, str]]:
    """``fields KIND`` of a register: its settable fields with their labels."""
    labels = _labels(kind)
    return [(key, labels.get(key, "")) for key in _settable(kind)]


def _labels(kind: str) -> dict[str, str]:
    """Field name → Chinese label of a register."""
    from safetydesk import labels

    return {"villages": labels.VILLAGE_FIELDS, "units": labels.UNIT_FIELDS,
            "people": labels.PERSON_FIELDS}[kind]  # fmt: skip


def _record_class(kind: str) -> type:
    from safetydesk.domain.common import Person, Unit, Village

    classes: dict[str, type] = {"villages": Village, "units": Unit, "people": Person}
    return classes[kind]


def _settable(kind: str) -> list[str]:
    """The fields ``add`` / ``edit`` accept, in record order."""
    return [name for name in field_types(_record_class(kind)) if name not in _NOT_SETTABLE]


def cmd_import(args: argparse.Namespace) -> int:
    """``import``: all-or-nothing spreadsheet import (of the kind's area)."""
    with open_workspace(args) as ws:
        return IMPORTERS[args.kind](ws, args)


def _import(ws: Workspace, args: argparse.Namespace) -> int:
    """``import villages|units``."""
    create = args.create_missing and args.kind == "units"
    plan, _changes = ws.imports.run(
        args.kind, args.file, dry_run=args.dry_run, create_missing=create
    )
    if not plan.ok:
        raise plan.refused()
    name = KIND_NAMES[args.kind]
    if args.dry_run:
        print(f"检查通过：{len(plan.records)} 条{name}可以导入（--dry-run，未写入）。")
    else:
        print(f"已导入 {len(plan.records)} 条{name}。")
    new = plan.missing_villages if create else []
    if new:
        made = "将新建" if args.dry_run else "已新建"
        print(f"{made} {len(new)} 个村(社区)：" + "、".join(new) + "。")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    """``list``: print a register (or the list of another area's kind) as a table or JSON."""
    with open_workspace(args) as ws:
        return LISTERS[args.kind](ws, args)


def _list(ws: Workspace, args: argparse.Namespace) -> int:
    """``list villages|units|people``."""
    service = _service(ws, args.kind)
    records = service.list(list_query(ws, args))
    if args.json:
        dump_json([service.store.to_row(r) for r in records])
        return 0
    fields = _labels(args.kind)
    shown = list(fields)[:7]
    names = ws.villages.names()
    print("ID\t" + "\t".join(fields[f] for f in shown))
    for r in records:
        cells = []
        for f in shown:
            v = getattr(r, f)
            if f == "village_id":
                v = names.get(v, "") if v else ""
            cells.append(cell(v))
        print(f"{r.id}\t" + "\t".join(cells))
    print(f"共 {len(records)} 条{KIND_NAMES[args.kind]}", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """``export``: write a register to .xlsx."""
    with open_workspace(args) as ws:
        mask = not args.show_phones if args.kind == "people" else None  # None: the kind's default
        out = ws.exports.export_list(args.kind, args.file, list_query(ws, args), mask_phones=mask)
        print(f"已导出到 {out}")
    return 0


def _apply_values(ws: Workspace, kind: str, base: Any, pairs: list[str]) -> Any:
    """``base`` with the ``--set 字段=值`` pairs applied (fields also by their Chinese label).

    Raises:
        ValidationErrors: Any pair not understood, every bad field listed; nothing changed.
    """
    from safetydesk.labels import risk_from_text

    def village_id(text: str) -> int | None:
        if not text:
            return None
        if text.isdigit():
            return int(text)
        vid = ws.villages.id_by_name(text)
        if vid is None:
            raise BadValue(f"找不到村(社区)「{text}」，请先登记或检查名称。")
        return vid

    def risk(text: str) -> str:
        value = risk_from_text(text) if text else ""
        if value is None:
            raise BadValue(f"风险等级「{text}」无效：请填 A/B/C/D 或 红/橙/黄/蓝。")
        return value

    resolvers: dict[str, Callable[[str], Any]] = {"village_id": village_id, "risk": risk}
    spec = ValueSpec(
        record_class=_record_class(kind),
        allowed=_settable(kind),
        aliases={label: key for key, label in _labels(kind).items()},
        resolvers=resolvers,
        bad_pair=f"「{{pair}}」无法识别：请写成 字段=值，可用字段见 `safetydesk fields {kind}`。",
        bad_key=f"「{{key}}」不是可用的字段，可用字段见 `safetydesk fields {kind}`。",
    )
    values, errors = read_values(spec, pairs)
    if errors:
        raise ValidationErrors(errors)
    return dataclasses.replace(base, **values)


def cmd_add(args: argparse.Namespace) -> int:
    """``add``: insert one record from field=value pairs."""
    with open_workspace(args) as ws:
        blank = _record_class(args.kind)(name="")
        rec = _apply_values(ws, args.kind, blank, args.values)
        saved = _service(ws, args.kind).save(rec).record
        print(f"已新增{KIND_NAMES[args.kind]}「{saved.name}」，ID {saved.id}")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    """``edit``: change fields of one record."""
    with open_workspace(args) as ws:
        service = _service(ws, args.kind)
        rec = _apply_values(ws, args.kind, service.get(args.id), args.values)
        saved = service.save(rec).record
        print(f"已保存{KIND_NAMES[args.kind]}「{saved.name}」（ID {saved.id}）")
    return 0


def cmd_archive(args: argparse.Namespace) -> int:
    """``archive`` / ``restore`` one record."""
    with open_workspace(args) as ws:
        service = _service(ws, args.kind)
        if args.command == "archive":
            rec = service.archive(args.id).record
            print(f"已归档「{rec.name}」（可用 restore 恢复）")
        else:
            rec = service.restore(args.id).record
            print(f"已恢复「{rec.name}」")
    return 0


def cmd_fields(args: argparse.Namespace) -> int:
    """``fields``: list the field names accepted by add/edit."""
    for key, label in FIELD_LISTS[args.kind]():
        print(f"{key}\t{label}")
    return 0
