"""Hazards (隐患): ``hazard add | transition | show``, ``list hazards``, ``import hazards``, ``notice``.

::

    safetydesk hazard add --set unit_id=12 --set description=… --set measures=… --set found_by=…
    safetydesk hazard edit ID --set basis=… [--set funds=2.5 …]   # correct fields (state kept)
    safetydesk hazard transition ID 收到回执 [--on D] [--by 经办人] [--note 备注] [--set key=value …]
    safetydesk hazard show ID [--json]       # with its timeline and the actions allowed now
    safetydesk list hazards [--state 整改中] [--overdue] [--level 重大] [--missing-basis] [--json]
    safetydesk import hazards 隐患台账.xlsx [--dry-run] [--create-missing]
    safetydesk notice HAZARD_ID [HAZARD_ID ...] --out 通知书.pdf [--on D] [--by 经办人]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safetydesk.cli.common import (
    FIELD_LISTS,
    IMPORTERS,
    INSPECTOR_HELP,
    LISTERS,
    BadValue,
    Handler,
    Subparsers,
    ValueSpec,
    cell,
    convert,
    dump_json,
    field_types,
    for_field,
    list_query,
    open_workspace,
    parse_date,
    plain,
    read_values,
    unit_by_name,
)
from safetydesk.domain.hazards import EventDetails
from safetydesk.domain.major_hazards import basis_missing
from safetydesk.errors import ValidationError, ValidationErrors
from safetydesk.labels import day_text, detail_lines, due_text, major_lines

if TYPE_CHECKING:
    from safetydesk.domain.hazards import Hazard
    from safetydesk.services import Workspace

#: Hazard fields that ``hazard add/edit --set`` may not set (numbered, moved or marked by the
#: service: ``basis_pending`` is cleared by entering the basis).
_NOT_SETTABLE = frozenset({"id", "code", "state", "basis_pending"})


def register(sub: Subparsers) -> dict[str, Handler]:
    """Add ``hazard`` and ``notice`` (and the ``list`` / ``import`` kind ``hazards``)."""
    LISTERS["hazards"] = list_hazards
    IMPORTERS["hazards"] = import_hazards
    FIELD_LISTS["hazards"] = hazard_fields

    s = sub.add_parser("hazard", help="隐患：add | edit | transition | show")
    s.add_argument("action", choices=("add", "edit", "transition", "show"))
    s.add_argument("args", nargs="*",
                   help="transition：隐患ID 动作（如 收到回执、复查合格、销号）；edit、show：隐患ID")  # fmt: skip
    s.add_argument("--set", dest="values", action="append", default=[], metavar="字段=值")
    s.add_argument("--on", type=parse_date, default=None, help="transition：日期（默认今天）")
    s.add_argument("--by", default="", help="transition：经办人")
    s.add_argument("--note", default="", help="transition：备注")
    s.add_argument("--json", action="store_true", help="show：输出 JSON")
    # `list` is declared by the registers module (registered before this one); its hazard
    # options are added by the area they belong to.
    sub.choices["list"].add_argument(
        "--missing-basis", action="store_true", help="hazards：只看判定依据待补录的重大隐患"
    )

    s = sub.add_parser("notice", help="打印安全隐患整改通知书（同一单位的隐患合为一份）")
    s.add_argument("ids", nargs="+", type=int, metavar="HAZARD_ID")
    s.add_argument("--out", type=Path, required=True, help="输出 PDF 文件")
    s.add_argument("--on", type=parse_date, default=None, help="下达日期（默认今天；仅对未下达的隐患）")
    s.add_argument("--by", default="", help="经办人")
    s.add_argument("--inspector", action="append", default=[], metavar="姓名", help=INSPECTOR_HELP)
    return {"hazard": cmd_hazard, "notice": cmd_notice}


def import_hazards(ws: Workspace, args: argparse.Namespace) -> int:
    """``import hazards``: an old 隐患台账, with its units and villages created on request."""
    from safetydesk.services.imports.hazard_rows import missing_basis_rows, row_list

    plan = ws.hazard_imports.plan(args.file)
    for w in plan.warnings:
        print(f"提示：{w}", file=sys.stderr)
    refused = plan.refused(args.create_missing)
    if refused:
        raise refused
    new = [f"村(社区)「{v}」" for v in plan.missing_villages]
    new += [f"单位场所「{u}」" + (f"（{v}）" if v else "") for u, v in plan.missing_units.items()]
    if not args.dry_run:
        ws.hazard_imports.commit(plan, create_missing=args.create_missing)
    counts = "、".join(f"{state} {n} 条" for state, n in plan.state_counts().items())
    done = "检查通过，可以导入" if args.dry_run else "已导入"
    print(f"{done} {len(plan.records)} 条隐患（{counts}）。")
    pending = missing_basis_rows(plan.records)
    if pending:
        print(f"其中重大隐患缺判定依据 {len(pending)} 条（第 {row_list(pending, 50)} 行），"
              "已标为“判定依据待补录”：用 safetydesk list hazards --missing-basis 查看，"
              "用 safetydesk hazard edit ID --set basis=… 补录；补录前不能挂牌督办、验收或销号。")  # fmt: skip
    if new:
        print(("将新建" if args.dry_run else "已新建") + "：" + "、".join(new))
    if args.dry_run:
        print("（--dry-run，未写入）")
    return 0


def list_hazards(ws: Workspace, args: argparse.Namespace) -> int:
    """``list hazards``: the hazard register as a table or JSON."""
    from safetydesk.domain.queries import HazardQuery

    base = list_query(ws, args)
    query = HazardQuery(
        text=base.text, village_id=base.village_id, archive=base.archive, states=tuple(args.state),
        level=args.level,
        overdue_on=for_field(HazardQuery, "overdue_on", ws.clock()) if args.overdue else None,
        missing_basis=args.missing_basis,
    )  # fmt: skip
    hazards = ws.hazards.list(query)
    if args.json:
        dump_json([ws.hazards.store.to_row(h) for h in hazards])
        return 0
    units = ws.units.get_many(list({h.unit_id for h in hazards if h.unit_id is not None}))
    today = ws.clock()
    print("ID\t编号\t等级\t状态\t单位\t发现日期\t整改期限\t隐患描述")
    for h in hazards:
        flag = "（逾期）" if h.overdue(today) else ""
        level = f"{h.level}（缺判定依据）" if basis_missing(h) else h.level.value
        unit = units[h.unit_id].name if h.unit_id in units else ""
        print(f"{h.id}\t{h.code}\t{level}\t{h.state}{flag}\t{unit}\t{cell(h.found_on)}\t"
              f"{cell(h.due_on)}\t{h.description}")  # fmt: skip
    print(f"共 {len(hazards)} 条隐患", file=sys.stderr)
    return 0


#: Labels of hazard fields that the ledger import does not name.
_FIELD_LABELS = {
    "unit_id": "单位场所（ID 或名称）", "sector": "行业", "deadline_kind": "整改期限方式",
    "deadline_days": "整改期限天数", "due_on": "整改期限日期", "supervisor": "监管人",
    "interim_measures": "整改期间的安全防范措施", "emergency_plan": "应急预案（五到位之预案）",
    "dual_report_on": "双报告日期", "listed_level": "挂牌督办级别", "listed_body": "挂牌督办单位",
    "listed_on": "挂牌督办日期",
}  # fmt: skip


def hazard_fields() -> list[tuple[str, str]]:
    """``fields hazards``: what ``hazard add --set`` accepts, with labels."""
    from safetydesk.domain.hazards import Hazard
    from safetydesk.services.imports.hazard_rows import LEDGER_FIELDS

    labels = {**LEDGER_FIELDS, **_FIELD_LABELS}
    skip = _NOT_SETTABLE | {"created_at", "updated_at", "archived_at", "notice_id", "inspection_id",
                            "village_id", "deadline_warning", "rectified_on", "closed_on",
                            "accepted_unit", "accepted_by", "accepted_on", "transfer_department",
                            "transferred_on", "cancel_reason"}  # fmt: skip
    return [(name, labels.get(name, "")) for name in field_types(Hazard) if name not in skip]


def _hazard_values(ws: Workspace, pairs: list[str]) -> dict[str, Any]:
    """The field values of ``hazard add/edit``'s ``--set`` pairs.

    Raises:
        ValidationError: The first pair not understood (unknown field, bad value).
    """
    from safetydesk.domain.hazards import Hazard

    def unit_id(text: str) -> int | None:
        if text.isdigit():
            return int(text)
        found = unit_by_name(ws, text)
        if found is None:
            raise ValidationError("unit_id", f"找不到唯一的单位场所「{text}」，请改用单位 ID。")
        return found

    def funds(text: str) -> Any:
        try:
            return convert(text, field_types(Hazard)["funds"], key="funds")
        except BadValue:
            raise BadValue("整改资金应为数字（万元）。") from None

    spec = ValueSpec(
        record_class=Hazard,
        allowed=[name for name in field_types(Hazard) if name not in _NOT_SETTABLE],
        resolvers={"unit_id": unit_id, "funds": funds},
        bad_key="未知或不可设置的字段「{key}」。",
    )
    values, errors = read_values(spec, pairs)
    if errors:
        field, message = next(iter(errors.items()))
        raise ValidationError(field, message)
    return values


def _new_hazard(ws: Workspace, pairs: list[str]) -> Hazard:
    """The hazard of ``hazard add``'s ``--set`` pairs (not saved yet); found today by default."""
    from safetydesk.domain.hazards import Hazard
    from safetydesk.domain.schedule import DeadlineKind

    values = _hazard_values(ws, pairs)
    values.setdefault("found_on", for_field(Hazard, "found_on", ws.clock()))
    if values.get("deadline_days") and "deadline_kind" not in values:
        # "N 天" alone counts calendar days from the found date (DOMAIN.md A5's default).
        values["deadline_kind"] = DeadlineKind.CALENDAR_DAYS
    return Hazard(**values)


def _edited_hazard(ws: Workspace, hazard_id: int, pairs: list[str]) -> Hazard:
    """The stored hazard with ``hazard edit``'s ``--set`` pairs applied (not saved yet).

    A new ``deadline_days`` alone counts calendar days unless the hazard counts working days;
    a new ``due_on`` alone makes the deadline that date.
    """
    from safetydesk.domain.schedule import DeadlineKind

    if not pairs:
        raise ValidationError("set", f"请用 --set 字段=值 给出要修改的内容，例如：hazard edit {hazard_id} --set basis=…")
    old = ws.hazards.get(hazard_id)
    values = _hazard_values(ws, pairs)
    if "deadline_kind" not in values:
        if values.get("deadline_days") and old.deadline_kind not in (
            DeadlineKind.CALENDAR_DAYS, DeadlineKind.WORKING_DAYS
        ):
            values["deadline_kind"] = DeadlineKind.CALENDAR_DAYS
        elif "due_on" in values and "deadline_days" not in values:
            values.update(deadline_kind=DeadlineKind.DATE, deadline_days=None)
    return dataclasses.replace(old, **values)


def cmd_hazard(args: argparse.Namespace) -> int:
    """``hazard``: register a hazard, apply an action, or show one with its timeline."""
    from safetydesk.domain.hazards import HazardAction

    with open_workspace(args) as ws:
        if args.action == "add":
            h = ws.hazards.register(_new_hazard(ws, args.values)).record
            print(f"已登记隐患 {h.code}（ID {h.id}），整改期限 {cell(h.due_on) or '—'}"
                  + (f"。注意：{h.deadline_warning}" if h.deadline_warning else ""))  # fmt: skip
            return 0
        if not args.args or not args.args[0].isdigit():
            raise ValidationError("id", f"请给出隐患 ID，例如：hazard {args.action} 12")
        hazard_id = int(args.args[0])
        if args.action == "edit":
            h = ws.hazards.update(_edited_hazard(ws, hazard_id, args.values)).record
            print(f"已保存隐患 {h.code}（ID {h.id}）" + (
                "。判定依据仍待补录。" if basis_missing(h) else ""))  # fmt: skip
            return 0
        if args.action == "show":
            _show(ws, hazard_id, args.json)
            return 0
        if len(args.args) < 2:
            raise ValidationError("action", "请给出动作，例如：hazard transition 12 收到回执")
        try:
            action = HazardAction(args.args[1])
        except ValueError:
            names = "、".join(a.value for a in HazardAction)
            raise ValidationError("action", f"未知的动作「{args.args[1]}」，可选：{names}。") from None
        values, errors = read_values(_DETAILS, args.values)
        if errors:
            raise ValidationErrors(errors)
        order = bool(values.pop("order", False))
        if action is HazardAction.ISSUE_NOTICE:
            ws.hazards.issue_notice([hazard_id], on=args.on or ws.clock(), by=args.by,
                                    note=args.note, order=order)  # fmt: skip
            h = ws.hazards.get(hazard_id)
        else:
            h = ws.hazards.transition(hazard_id, action, on=args.on or ws.clock(), by=args.by,
                                      note=args.note, details=EventDetails(**values)).record  # fmt: skip
        print(f"{h.code}：{action} → {h.state}")
    return 0


@dataclasses.dataclass(frozen=True, kw_only=True)
class _TransitionValues(EventDetails):
    """What ``hazard transition … --set`` accepts: an action's details, and ``order`` for
    下达整改通知 (a 责令限期整改指令书 instead of a notice)."""

    order: bool = False


#: ``--set`` of ``hazard transition``: the fields of :class:`EventDetails` an officer enters.
_DETAILS = ValueSpec(
    record_class=_TransitionValues,
    allowed=("rechecked_by", "opinion", "new_due_on", "requested_on", "reason", "approver",
             "department", "accepted_unit", "accepted_by", "order"),  # fmt: skip
)


def _filled(details: EventDetails) -> dict[str, Any]:
    """The details an action filled (defaults left out), JSON-ready."""
    out = {
        f.name: plain(getattr(details, f.name))
        for f in dataclasses.fields(details)
        if f.name != "extra" and getattr(details, f.name) != f.default
    }
    out.update({k: plain(v) for k, v in details.extra})
    return out


def _show(ws: Workspace, hazard_id: int, as_json: bool) -> None:
    """``hazard show``: the record, its timeline and the actions allowed now."""
    h = ws.hazards.get(hazard_id)
    events = ws.hazards.events(hazard_id)
    documents = {i: ws.documents.get(i).number for i in {h.notice_id, *(e.document_id for e in events)} if i}
    if as_json:
        row = plain(h)
        row["notice_number"] = documents.get(h.notice_id or 0, "")
        row["events"] = [
            {**plain(e), "details": _filled(e.details), "document": documents.get(e.document_id or 0, "")}
            for e in events
        ]
        dump_json(row)
        return
    print(f"{h.code}\t{h.level}\t{h.state}\t{h.description}")
    unit = ws.units.get(h.unit_id).name if h.unit_id else h.responsible_unit
    found = f"{day_text(h.found_on)} {h.found_by}".strip()
    print(f"  单位场所：{unit}　发现：{found}　整改期限：{due_text(h) or '未定'}"
          + ("（已逾期）" if h.overdue(ws.clock()) else ""))
    for line in major_lines(h):
        print(f"  {line}")
    for e in events:
        parts = [f"文号：{n}"] if (n := documents.get(e.document_id or 0, "")) else []
        parts += detail_lines(e.details)
        if e.by:
            parts.insert(0, f"经办：{e.by}")
        if e.note:
            parts.append(f"备注：{e.note}")
        print(f"  {cell(e.on)}\t{e.action}\t{e.from_state} → {e.to_state}\t{'；'.join(parts)}")
    print("可进行：" + ("、".join(a.value for a in ws.hazards.allowed(h)) or "（无，已结束）"))


def cmd_notice(args: argparse.Namespace) -> int:
    """``notice``: print (issuing if needed) the rectification notice of hazards of one unit."""
    with open_workspace(args) as ws:
        path, number = ws.print_jobs.notice(
            args.ids, args.out, on=args.on, by=args.by, inspectors=args.inspector
        )
        print(f"已生成整改通知书 {number}：{path}")
    return 0
