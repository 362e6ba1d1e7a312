"""``safetydesk contact|workgroup|riskpoint|route|team|supply|card|household|baobao``: the parts of
a village's 一制四案 (DOMAIN.md B §1.2, §1.5, §1.6).

::

    safetydesk contact add 上庄村 --set 类别=信息报告员 --set 人员=张三 --set 手机=13800001234
    safetydesk riskpoint add 上庄村 --set 名称=后沟山洪危险区 --set 类型=山洪危险区 --set 位置=… --set 监测人=李四
    safetydesk household add 上庄村 --set 户主=王五 --set 村民小组=第三村民小组 --set 住址=… --set 人数=3
    safetydesk baobao add 上庄村 --set 层级=村包组 --set 责任人=张三 --set 包保对象=第三村民小组
    safetydesk PART list [VILLAGE] [--json]
    safetydesk PART edit ID --set 字段=值 ...
    safetydesk PART remove ID

VILLAGE is a 村(社区)'s name, or 镇本级 for the township's own. People are named as in the
people register (``#编号`` when two share a name); 避难场所, 转移路线, 风险点 and 住户 by their name
in the village or ``#编号``. ``safetydesk fields contacts`` (riskpoints, routes, teams, supplies,
cards, households, baobao, workgroup) lists each part's ``--set`` names.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import re
from typing import TYPE_CHECKING, Any

from safetydesk.cli.common import (
    FIELD_LISTS,
    BadValue,
    Handler,
    Subparsers,
    ValueSpec,
    cell,
    dump_json,
    global_options,
    open_workspace,
    plain,
    read_values,
)
from safetydesk.cli.plan_part_fields import HOUSEHOLD, PARTS, ROUTE, SHELTER, Part
from safetydesk.domain.baobao import Household, household_gaps
from safetydesk.domain.plan_parts import (
    Contact,
    EmergencyCard,
    RiskPoint,
    Route,
    Supply,
    SupplyState,
    missing_contacts,
)
from safetydesk.domain.validation import normalize_phone
from safetydesk.errors import ValidationError, ValidationErrors

if TYPE_CHECKING:
    from collections.abc import Callable

    from safetydesk.services import Workspace

VILLAGE_HELP = "村（社区）名称，镇里自己的写“镇本级”"
#: Separators of a card's steps in ``--set 步骤=…``.
_STEP_SEPARATORS = re.compile(r"[|｜\n]")


def register(sub: Subparsers) -> dict[str, Handler]:
    """Add one command per part, each with add, list, edit and remove."""
    common = global_options()
    handlers: dict[str, Handler] = {}
    for part in PARTS:
        FIELD_LISTS[part.kind] = functools.partial(_field_list, part)
        p = sub.add_parser(part.command, help=f"{part.noun}：add | list | edit | remove")
        actions = p.add_subparsers(dest="part_action", metavar="ACTION", required=True)
        names = "、".join(dict.fromkeys(part.label(f) for f in part.labels.values()))
        hint = "；步骤用 | 分隔" if part.record is EmergencyCard else ""
        s = actions.add_parser("add", parents=[common], help=f"新增{part.noun}")
        s.add_argument("village", help=VILLAGE_HELP)
        s.add_argument("--set", action="append", default=[], metavar="字段=值",
                       help=f"{names}{hint}")  # fmt: skip
        s = actions.add_parser("list", parents=[common], help=f"列出{part.noun}")
        s.add_argument("village", nargs="?", default=None, help="只列这个村（社区）的（镇本级：镇里自己的）")
        s.add_argument("--json", action="store_true", help="输出 JSON")
        s = actions.add_parser("edit", parents=[common], help=f"修改一条{part.noun}")
        s.add_argument("id", type=int, help="编号（list 的第一列）")
        s.add_argument("--set", action="append", default=[], metavar="字段=值",
                       help=f"{names}{hint}")  # fmt: skip
        s = actions.add_parser("remove", parents=[common], help=f"删除一条{part.noun}")
        s.add_argument("id", type=int, help="编号（list 的第一列）")
        handlers[part.command] = functools.partial(cmd_part, part)
    return handlers


def _field_list(part: Part) -> list[tuple[str, str]]:
    """``fields KIND``: each settable field with its Chinese name."""
    return [(field, part.label(field)) for field in dict.fromkeys(part.labels.values())]


# -- reading --set --------------------------------------------------------------------------------
def _by_id(text: str) -> int | None:
    m = re.fullmatch(r"[#＃]?(\d+)", text)
    return int(m[1]) if m else None


def _person_resolver(ws: Workspace, village_id: int | None, label: str) -> Callable[[str], Any]:
    """Reads a person given by name (or ``#编号``) from the register."""

    def resolve(text: str) -> int | None:
        if not text:
            return None
        if (pid := _by_id(text)) is not None:
            if not ws.people.get_many([pid]):
                raise BadValue(f"{label}：人员名录中没有编号为 {pid} 的人员。")
            return pid
        ids = [pid for pid, name, *_ in ws.people.search_names(text, limit=200) if name == text]
        found = list(ws.people.get_many(ids).values())
        if len(found) > 1:
            here = [p for p in found if p.village_id == village_id]
            found = here if len(here) == 1 else found
        if not found:
            raise BadValue(f"{label}：人员名录中没有“{text}”，请先在人员名录中登记"
                           "（safetydesk add people …），或检查姓名是否写错。")  # fmt: skip
        if len(found) > 1:
            villages = ws.villages.names()
            who = "；".join(f"#{p.id}（{villages.get(p.village_id or 0, '镇本级')} {p.role} "
                           f"{p.organisation}）".replace(" ）", "）") for p in found)  # fmt: skip
            raise BadValue(f"{label}：人员名录中有 {len(found)} 位“{text}”：{who}。"
                           f"请写成 #编号，例如 {label}=#{found[0].id}。")  # fmt: skip
        return found[0].id

    return resolve


def _ref_resolver(
    ws: Workspace, village_id: int | None, kind: str, label: str
) -> Callable[[str], Any]:
    """Reads a shelter, route, 风险点 or household given by name in the village (or ``#编号``)."""

    def candidates() -> list[tuple[int, str]]:
        if kind == SHELTER:
            found = ws.plans.shelters(village_id, township=village_id is None)
            if village_id is not None:
                found += ws.plans.shelters(None, township=True)
            return [(s.id or 0, s.name) for s in found]
        if kind == HOUSEHOLD:
            return [(h.id or 0, h.head) for h in ws.plan_parts.of_village(Household, village_id)]
        if kind == ROUTE:
            return [(r.id or 0, r.name) for r in ws.plan_parts.of_village(Route, village_id)]
        return [(p.id or 0, p.name) for p in ws.plan_parts.of_village(RiskPoint, village_id)]

    def resolve(text: str) -> int | None:
        if not text:
            return None
        if (rec_id := _by_id(text)) is not None:
            return rec_id
        ids = [i for i, name in candidates() if name == text]
        if len(ids) == 1:
            return ids[0]
        if ids:
            raise BadValue(f"{label}：有 {len(ids)} 条名为“{text}”的记录（编号 "
                           f"{'、'.join(map(str, ids))}），请写成 #编号。")  # fmt: skip
        raise BadValue(f"{label}：本村（社区）没有名为“{text}”的记录；可写成 #编号。")

    return resolve


def fields_of_phones(part: Part) -> list[str]:
    """The phone fields of a part (typed with spaces or full-width dashes, stored normalised)."""
    return [f for f in dict.fromkeys(part.labels.values()) if f == "phone" or f.endswith(
        ("mobile", "_phone"))]  # fmt: skip


def _steps(text: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in _STEP_SEPARATORS.split(text) if s.strip())


def _values(
    ws: Workspace, part: Part, pairs: list[str], village_id: int | None
) -> tuple[dict[str, Any], dict[str, str]]:
    """The typed values of ``--set`` pairs and the errors found (field → Chinese message)."""
    resolvers: dict[str, Callable[[str], Any]] = {
        f: _person_resolver(ws, village_id, part.label(f)) for f in part.people
    }
    for field, kind in part.refs:
        resolvers[field] = _ref_resolver(ws, village_id, kind, part.label(field))
    if part.record is EmergencyCard:
        resolvers["steps"] = _steps
    for f in fields_of_phones(part):
        resolvers[f] = normalize_phone
    fields = set(part.labels.values())
    spec = ValueSpec(
        record_class=part.record, allowed=fields, aliases=part.labels,
        labels={f: part.label(f) for f in fields}, resolvers=resolvers,
        bad_key="“{key}”不是" + part.noun + "的字段，可用：" + "、".join(
            dict.fromkeys(part.label(f) for f in fields)) + "。",
    )  # fmt: skip
    return read_values(spec, pairs)


def _new(
    part: Part, village_id: int | None, values: dict[str, Any], errors: dict[str, str]
) -> Any:
    """A new record of ``part`` from ``--set`` values; every bad or missing field is reported
    at once (``errors``: those of the values)."""
    required = [
        f.name for f in dataclasses.fields(part.record)
        if f.name not in ("id", "village_id") and f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING and f.name not in values
        and f.name not in errors
    ]  # fmt: skip
    errors = {**errors, **{f: f"请用 --set {part.label(f)}=… 填写{part.label(f)}。" for f in required}}
    if part.record is Household and village_id is None:
        errors["village_id"] = "住户要登记在所在的村（社区）下，不能写“镇本级”。"
    if errors:
        raise ValidationErrors(errors)
    return part.record(id=None, village_id=village_id, **values)


# -- output ---------------------------------------------------------------------------------------
def _extra(rec: Any) -> tuple[str, dict[str, Any]]:
    """What a list says about a record beyond its fields (text, JSON)."""
    if isinstance(rec, Supply):
        return "", {}
    if isinstance(rec, RiskPoint):
        return ("缺监测人" if rec.needs_monitor else ""), {"needs_monitor": rec.needs_monitor}
    if isinstance(rec, Household):
        gaps = [str(g) for g in household_gaps(rec)]
        return "、".join(gaps), {"gaps": gaps}
    return "", {}


def _print_list(ws: Workspace, part: Part, records: list[Any], village_id: int | None,
                one_village: bool, as_json: bool) -> None:  # fmt: skip
    villages = ws.villages.names()
    person_ids = {getattr(r, f) for r in records for f in part.people} - {None}
    people = {pid: p.name for pid, p in ws.people.get_many(list(person_ids)).items()}
    shelters = {s.id: s.name for s in ws.plans.shelters()} if any(
        k == SHELTER for _, k in part.refs) else {}  # fmt: skip
    today = ws.clock()
    out = []
    for rec in records:
        text, data = _extra(rec)
        if isinstance(rec, Supply):
            state = rec.state(today)
            text = "" if state is SupplyState.OK else str(state)
            data = {"state": str(state)}
        row = {**plain(rec), "village": villages.get(rec.village_id, "镇本级"), **data}
        for f in part.people:
            row[f.removesuffix("_id") + "_name"] = people.get(getattr(rec, f), "")
        out.append(row)
        if not as_json:
            cols = []
            for f in part.columns:
                value = getattr(rec, f)
                if f in part.people:
                    cols.append(people.get(value, ""))
                elif f == "shelter_id":
                    cols.append(shelters.get(value, ""))
                elif f == "steps":
                    cols.append(f"{len(value)} 步")
                elif isinstance(value, float) and value.is_integer():
                    cols.append(str(int(value)))
                elif isinstance(value, tuple):
                    cols.append("、".join(map(str, value)) or "全部")
                else:
                    cols.append(cell(value))
            print("\t".join([str(rec.id), row["village"], *cols, *([text] if text else [])]))
    if as_json:
        dump_json(out)
        return
    print(f"{part.noun}共 {len(records)} 条")
    if part.record is Contact and one_village:
        lacking = missing_contacts([r for r in records if isinstance(r, Contact)])
        print("缺少：" + "、".join(lacking) if lacking else "必备联系人齐全。")


def cmd_part(part: Part, args: argparse.Namespace) -> int:
    """One part command: add, list, edit or remove."""
    with open_workspace(args) as ws:
        action = args.part_action
        if action == "add":
            village_id = ws.plans.village_id(args.village)
            rec = _new(part, village_id, *_values(ws, part, args.set, village_id))
            out = ws.plan_parts.add(rec)
            print(f"已新增{part.noun} {out.id}（{args.village}）。")
        elif action == "list":
            one = args.village is not None
            village_id = ws.plans.village_id(args.village) if one else None
            records: list[Any] = ws.plan_parts.of_village(part.record, village_id) if one else \
                ws.plan_parts.all(part.record)  # fmt: skip
            _print_list(ws, part, records, village_id, one, args.json)
        elif action == "edit":
            old: Any = ws.plan_parts.get(part.record, args.id)
            values, errors = _values(ws, part, args.set, old.village_id)
            if errors:
                raise ValidationErrors(errors)
            if not values:
                raise ValidationError("set", "请用 --set 字段=值 写明要修改的内容。")
            ws.plan_parts.edit(part.record, args.id, **values)
            print(f"已修改{part.noun} {args.id}。")
        else:
            ws.plan_parts.remove(part.record, args.id)
            print(f"已删除{part.noun} {args.id}。")
    return 0
