"""``safetydesk inspection``: record inspections, turn 不合格 items into hazards, print the notice.

::

    safetydesk inspection add --set unit_id=示例饭店 --set started_at=datetime(2026, 11, 20, 9, 0) \\
        --set recorder=李明 --inspector 王建国:14050012 --inspector 李明 \\
        --template 3 --result 2=不合格:灭火器压力不足 --rest 合格 --set disposition=下达整改通知书
    safetydesk inspection answer ID --result 5=不涉及 [--rest 合格]   # a draft's 未检查 items
    safetydesk inspection show ID [--json]
    safetydesk inspection hazards ID [--deadline-days 5 [--working] | --due 2026-11-30 | --immediate]
    safetydesk inspection notice ID --out 通知书.pdf       # the notice for the hazards it found
    safetydesk list inspections [--json] [--from D] [--to D] [--village 润城村] [--drafts]

The record itself is printed by ``safetydesk print inspection ID --out 检查记录.pdf``
(:mod:`safetydesk.cli.printing`); checklist ids come from ``safetydesk checklists list``.

``--inspector`` takes ``名字`` or ``名字:执法证号``; a name alone that matches one person of the
register takes that person's 证号. ``--result`` takes ``序号=合格|不合格|不涉及|未检查[:备注]``;
an item no ``--result`` names stays 未检查 (never 合格) unless ``--rest 合格`` (or 不涉及) answers
every remaining item at once. A record with 未检查 items is saved as a 草稿 that cannot be printed
until ``inspection answer`` fills them in; ``list inspections --drafts`` lists such records.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safetydesk.cli.common import (
    FIELD_LISTS,
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
    global_options,
    open_workspace,
    parse_date,
    read_values,
    unit_by_name,
)
from safetydesk.domain.inspections import ItemResult
from safetydesk.domain.schedule import DeadlineKind
from safetydesk.errors import ValidationError, ValidationErrors

if TYPE_CHECKING:
    from safetydesk.domain.inspections import Inspection, Inspector, ItemResultRecord
    from safetydesk.services import Workspace

#: What ``--rest`` may answer every remaining item with (a 不合格 needs its own note).
REST: tuple[ItemResult, ...] = (ItemResult.PASS, ItemResult.NOT_APPLICABLE)
#: Fields ``inspection add --set`` accepts (the rest come from their own options).
FIELDS: dict[str, str] = {
    "unit_id": "被检查单位（ID 或名称）",
    "village_id": "村(社区)（ID 或名称；检查村(社区)检查点时填写）",
    "target_type": "检查对象类别（默认取单位类型）",
    "place": "检查场所（默认取单位地址）",
    "started_at": "检查开始时间，如 2026-11-20 09:00",
    "ended_at": "检查结束时间，如 2026-11-20 10:30",
    "kind": "检查类型",
    "methods": "检查方式（多个用、或逗号分隔）",
    "enforcement": "执法检查（是/否）",
    "met_person": "现场负责人",
    "met_title": "现场负责人职务",
    "met_phone": "现场负责人电话",
    "narrative": "检查情况",
    "disposition": "处理意见",
    "disposition_note": "处理意见说明",
    "recorder": "记录人",
    "witness": "见证人",
    "refused_to_sign": "拒签说明",
    "notes": "备注",
}
#: The field names in messages about a bad value ("执法检查应填 是 或 否").
LABELS: dict[str, str] = {key: re.split(r"[（，]", text)[0] for key, text in FIELDS.items()}


def register(sub: Subparsers) -> dict[str, Handler]:
    """Add the ``inspection`` command (and the ``list`` kind ``inspections``)."""
    LISTERS["inspections"] = list_inspections
    FIELD_LISTS["inspections"] = lambda: list(LABELS.items())
    p = sub.add_parser("inspection", help="安全检查：add | answer | show | hazards | notice")
    common = global_options()
    actions = p.add_subparsers(dest="inspection_action", metavar="ACTION", required=True)
    s = actions.add_parser("add", parents=[common], help="登记一次检查：--set 字段=值 …")
    s.add_argument("--set", dest="values", action="append", default=[], metavar="字段=值",
                   help="可用字段：" + "、".join(FIELDS))  # fmt: skip
    s.add_argument("--inspector", action="append", default=[], metavar="名字[:证号]",
                   help="检查人员（可重复）；执法检查须写执法证号")  # fmt: skip
    s.add_argument("--template", type=int, default=None, metavar="ID", help="检查表 ID（见 checklists list）")
    _result_options(s)
    s = actions.add_parser("answer", parents=[common], help="填写检查项结果（草稿的未检查项）")
    s.add_argument("id", type=int)
    _result_options(s)
    s = actions.add_parser("show", parents=[common], help="查看一次检查（含检查表结果和隐患）")
    s.add_argument("id", type=int)
    s.add_argument("--json", action="store_true", help="输出 JSON")
    s = actions.add_parser("hazards", parents=[common], help="把不合格项一次登记为隐患")
    s.add_argument("id", type=int)
    when = s.add_mutually_exclusive_group()
    when.add_argument("--deadline-days", type=int, default=None, metavar="N", help="整改期限：N 日内（默认 7）")
    when.add_argument("--due", default=None, type=parse_date, metavar="YYYY-MM-DD", help="整改期限：指定日期")
    when.add_argument("--immediate", action="store_true", help="整改期限：立即")
    s.add_argument("--working", action="store_true", help="N 按工作日计算（默认自然日）")
    s = actions.add_parser("notice", parents=[common],
                           help="打印本次检查所发现隐患的整改通知书（已登记的下达新文号，已下达的补打）")  # fmt: skip
    s.add_argument("id", type=int)
    s.add_argument("--out", type=Path, required=True, help="输出 PDF 文件")
    s.add_argument("--on", type=parse_date, default=None, help="下达日期（默认今天）")
    s.add_argument("--by", default="", help="经办人")
    # ``list`` belongs to the register commands (registered before this module).
    sub.choices["list"].add_argument("--drafts", action="store_true",
                                     help="inspections：只看有未检查项的草稿")  # fmt: skip
    return {"inspection": cmd_inspection}


def _result_options(s: argparse.ArgumentParser) -> None:
    s.add_argument("--result", action="append", default=[], metavar="序号=结果[:备注]",
                   help="检查项结果：合格/不合格/不涉及/未检查，不合格须写备注（未填写的项为未检查）")  # fmt: skip
    s.add_argument("--rest", default=None, choices=[r.value for r in REST],
                   help="其余未检查项一次填为合格或不涉及（须确已逐项检查）")  # fmt: skip


def answer_how(inspection_id: int, seqs: tuple[int, ...] | list[int]) -> str:
    """How to answer 未检查 items on the command line (the end of a refusal)."""
    example = " ".join(f"--result {s}=合格" for s in seqs[:2]) or "--result 序号=合格"
    return (f"命令行：safetydesk inspection answer {inspection_id} {example}"
            "（结果可写 合格、不合格:问题、不涉及；其余各项确已检查且合格时可加 --rest 合格）。")  # fmt: skip


def _unit_id(ws: Workspace, text: str) -> int:
    if text.isdigit():
        return int(text)
    found = unit_by_name(ws, text)
    if found is None:
        raise ValidationError("unit_id", f"找不到唯一的单位场所「{text}」，请改用单位 ID（safetydesk list units）。")
    return found


def _inspectors(ws: Workspace, specs: list[str]) -> tuple[Inspector, ...]:
    from safetydesk.domain.inspections import Inspector
    from safetydesk.domain.queries import ListQuery

    out = []
    for spec in specs:
        name, _, cert = spec.replace("：", ":").partition(":")
        name, cert = name.strip(), cert.strip()
        person_id = None
        if not cert:
            same = [p for p in ws.people.list(ListQuery(text=name)) if p.name == name]
            person_id = same[0].id if len(same) == 1 else None
        out.append(Inspector(name=name, cert_no=cert, person_id=person_id))
    return tuple(out)


def _results(ws: Workspace, template_id: int | None, args: argparse.Namespace) -> tuple[ItemResultRecord, ...]:
    if template_id is None:
        if args.result or args.rest:
            raise ValidationError("template", "填写 --result 前请用 --template 指定检查表（ID 见 checklists list）。")
        return ()
    return _answered(ws.inspections.start_from_template(template_id), args.result, args.rest)


def _answered(base: tuple[ItemResultRecord, ...], specs: list[str],
              others: str | None) -> tuple[ItemResultRecord, ...]:  # fmt: skip
    """``base`` with the ``--result`` answers, then ``others`` (``--rest``) for every item still
    未检查.

    An answer without a note keeps the item's note.
    """
    from safetydesk.domain.inspection_results import answer_unchecked

    results = {r.seq: r for r in base}
    errors: dict[str, str] = {}
    for spec in specs:
        seq, sep, rest = spec.partition("=")
        result, *more = re.split(r"[:：]", rest, maxsplit=1)
        note = more[0] if more else ""
        if not sep or not seq.strip().isdigit() or int(seq) not in results:
            errors[f"result {spec}"] = (f"「{spec}」应写成 序号=合格|不合格|不涉及|未检查[:备注]，"
                                        f"序号为 1–{len(results)}。")  # fmt: skip
            continue
        try:
            value = ItemResult(result.strip())
        except ValueError:
            errors[f"result {spec}"] = f"第{seq}项的结果「{result}」无效，可选：合格、不合格、不涉及、未检查。"
            continue
        old = results[int(seq)]
        results[int(seq)] = dataclasses.replace(old, result=value, note=note.strip() if more else old.note)
    if errors:
        raise ValidationErrors(errors)
    done = tuple(results[k] for k in sorted(results))
    return answer_unchecked(done, ItemResult(others)) if others else done


def _record(ws: Workspace, args: argparse.Namespace) -> Inspection:
    """The inspection described by ``add``'s options (not saved yet)."""
    from safetydesk.domain.inspections import Inspection

    def village_id(text: str) -> int:
        vid = int(text) if text.isdigit() else ws.villages.id_by_name(text)
        if vid is None:
            raise BadValue(f"找不到村(社区)「{text}」，请检查名称。")
        return vid

    def time(key: str) -> Callable[[str], Any]:
        def read(text: str) -> Any:
            iso = re.sub(r"^(\d{4}-\d{2}-\d{2})\s+", r"\1T", text)  # ISO, as stored
            return convert(iso, field_types(Inspection)[key], key=key, label=LABELS[key])

        return read

    spec = ValueSpec(
        record_class=Inspection,
        allowed=FIELDS,
        labels=LABELS,
        resolvers={"unit_id": lambda text: _unit_id(ws, text), "village_id": village_id,
                   "started_at": time("started_at"), "ended_at": time("ended_at")},
        bad_pair=f"「{{pair}}」无法识别：请写成 字段=值，可用字段：{'、'.join(FIELDS)}。",
        bad_key=f"「{{key}}」不是可用的字段，可用字段：{'、'.join(FIELDS)}。",
    )  # fmt: skip
    values, errors = read_values(spec, args.values)
    if errors:
        raise ValidationErrors(errors)
    return Inspection(**values, inspectors=_inspectors(ws, args.inspector),
                      template_id=args.template, results=_results(ws, args.template, args))  # fmt: skip


def _json_row(ws: Workspace, ins: Inspection) -> dict[str, Any]:
    """The main fields of a record as JSON-ready values (names resolved)."""
    unit = ws.units.get_many([ins.unit_id]).get(ins.unit_id) if ins.unit_id else None
    return {
        "id": ins.id, "document_number": ins.document_number, "unit_id": ins.unit_id,
        "unit_name": unit.name if unit else "", "village_id": ins.village_id,
        "village_name": ws.villages.names().get(ins.village_id or 0, ""),
        "target_type": ins.target_type, "place": ins.place, "started_at": ins.started_at,
        "ended_at": ins.ended_at, "inspected_on": ins.inspected_on, "kind": ins.kind.value,
        "methods": list(ins.methods), "enforcement": ins.enforcement,
        "inspectors": [{"name": i.name, "cert_no": i.cert_no} for i in ins.inspectors],
        "recorder": ins.recorder, "met_person": ins.met_person, "narrative": ins.narrative,
        "disposition": ins.disposition.value, "disposition_note": ins.disposition_note,
        "template_id": ins.template_id, "items": len(ins.results),
        "failed": len(ins.failed_items), "unchecked": len(ins.unchecked_items), "draft": ins.draft,
        "archived": ins.archived,
    }  # fmt: skip


def _show(ws: Workspace, ins_id: int, as_json: bool) -> None:
    ins = ws.inspections.get(ins_id)
    hazards = ws.inspections.hazards_of(ins_id)
    row = _json_row(ws, ins)
    if as_json:
        row["results"] = [{**dataclasses.asdict(r), "result": r.result.value} for r in ins.results]
        row["hazards"] = [{"id": h.id, "code": h.code, "level": h.level.value,
                           "state": h.state.value, "description": h.description,
                           "due_on": h.due_on} for h in hazards]  # fmt: skip
        dump_json(row)
        return
    inspectors = "、".join(i.name + (f"（{i.cert_no}）" if i.cert_no else "") for i in ins.inspectors)
    for label, value in (
        ("检查记录", f"ID {ins.id}　文号 {ins.document_number or '（未打印，首次打印时编号）'}"),
        ("被检查单位", row["unit_name"] or f"{row['village_name']}（村(社区)检查点）"),
        ("检查场所", ins.place), ("检查时间", f"{cell(ins.started_at)} 至 {cell(ins.ended_at) or '—'}"),
        ("检查类型", f"{ins.kind}（{'、'.join(ins.methods)}）" + ("，执法检查" if ins.enforcement else "")),
        ("检查人员", inspectors), ("记录人", ins.recorder), ("检查情况", ins.narrative),
        ("处理意见", ins.disposition.value + (f"：{ins.disposition_note}" if ins.disposition_note else "")),
    ):  # fmt: skip
        print(f"{label}\t{value}")
    if ins.results:
        print("序号\t结果\t检查内容\t备注\t隐患")
        codes = {h.id: h.code for h in hazards}
        for r in ins.results:
            print(f"{r.seq}\t{r.result}\t{r.content}\t{r.note}\t{codes.get(r.hazard_id, '')}")
    for h in hazards:
        print(f"隐患\t{h.code}\t{h.level}\t{h.state}\t{cell(h.due_on)}\t{h.description}")
    pending = [r for r in ins.failed_items if r.hazard_id is None]
    if pending and ins.unit_id is not None:
        print(f"有 {len(pending)} 个不合格项未登记为隐患：safetydesk inspection hazards {ins.id}")
    _draft_note(ins)


def _draft_note(ins: Inspection) -> None:
    """Say that a record is a 草稿 and how to answer its 未检查 items (nothing when complete)."""
    from safetydesk.domain.inspection_results import seq_list

    seqs = [r.seq for r in ins.unchecked_items]
    if seqs:
        print(f"草稿：{seq_list(seqs)}未检查，逐项填写后才能打印检查记录。"
              + answer_how(ins.id or 0, seqs))  # fmt: skip


def cmd_inspection(args: argparse.Namespace) -> int:
    """``inspection``: add, show, hazards and notice."""
    action = args.inspection_action
    with open_workspace(args) as ws:
        if action == "add":
            ins = ws.inspections.record(_record(ws, args)).record
            print(f"已登记检查记录 ID {ins.id}（{cell(ins.inspected_on)}，{ins.inspector_names}），"
                  f"不合格 {len(ins.failed_items)} 项。")  # fmt: skip
            if ins.failed_items and ins.unit_id is not None:
                print(f"下一步：safetydesk inspection hazards {ins.id}（将不合格项登记为隐患）")
            _draft_note(ins)
            return 0
        if action == "answer":
            _answer(ws, args)
            return 0
        if action == "show":
            _show(ws, args.id, args.json)
            return 0
        if action == "hazards":
            if args.immediate:
                kw: dict[str, Any] = {"deadline_kind": DeadlineKind.IMMEDIATE, "deadline_days": None}
            elif args.due:
                kw = {"deadline_kind": DeadlineKind.DATE, "deadline_days": None, "due_on": args.due}
            else:
                kind = DeadlineKind.WORKING_DAYS if args.working else DeadlineKind.CALENDAR_DAYS
                kw = {"deadline_kind": kind,
                      "deadline_days": 7 if args.deadline_days is None else args.deadline_days}  # fmt: skip
            made = ws.inspections.raise_hazards(args.id, **kw).record
            print(f"已将 {len(made)} 个不合格项登记为隐患：")
            for h in made:
                warn = f"（注意：{h.deadline_warning}）" if h.deadline_warning else ""
                print(f"{h.id}\t{h.code}\t{h.level}\t整改期限 {cell(h.due_on) or '—'}{warn}\t{h.description}")
            print(f"下一步：safetydesk inspection notice {args.id} --out 整改通知书.pdf")
            return 0
        path, number = ws.print_jobs.inspection_notice(args.id, args.out, on=args.on, by=args.by)
        print(f"已生成整改通知书 {number}：{path}")
    return 0


def _answer(ws: Workspace, args: argparse.Namespace) -> None:
    """``inspection answer``: fill in item results of a saved record."""
    ins = ws.inspections.get(args.id)
    if not ins.results:
        raise ValidationError("result", f"检查记录 ID {ins.id} 没有使用检查表，没有可填写的检查项。")
    if not args.result and not args.rest:
        raise ValidationError("result", "请用 --result 序号=结果[:备注] 填写检查项，或用 --rest 合格 填写其余各项。")
    saved = ws.inspections.update(
        dataclasses.replace(ins, results=_answered(ins.results, args.result, args.rest))
    ).record
    counts = {r: sum(i.result is r for i in saved.results) for r in ItemResult}
    print(f"已更新检查记录 ID {saved.id} 的检查项：" + "，".join(f"{r} {n} 项" for r, n in counts.items())
          + "。")  # fmt: skip
    if saved.draft:
        _draft_note(saved)
    else:
        print(f"各项均已填写，可以打印：safetydesk print inspection {saved.id} --out 检查记录.pdf")


def list_inspections(ws: Workspace, args: argparse.Namespace) -> int:
    """``list inspections``: the inspection register as a table or JSON."""
    from safetydesk.domain.queries import ArchiveFilter, InspectionQuery

    village_id = None
    if args.village:
        village_id = ws.villages.id_by_name(args.village)
        if village_id is None:
            raise ValidationError("village", f"找不到村(社区)「{args.village}」。")
    query = InspectionQuery(
        text=args.text, village_id=village_id, type=args.type,
        archive=ArchiveFilter.ARCHIVED if args.archived else ArchiveFilter.ACTIVE,
        date_from=for_field(InspectionQuery, "date_from", args.date_from) if args.date_from else None,
        date_to=for_field(InspectionQuery, "date_to", args.date_to) if args.date_to else None,
        unchecked=bool(getattr(args, "drafts", False)),
    )  # fmt: skip
    records = ws.inspections.list(query)
    if args.json:
        dump_json([_json_row(ws, r) for r in records])
        return 0
    units = ws.units.get_many(list({r.unit_id for r in records if r.unit_id}))
    villages = ws.villages.names()
    print("ID\t日期\t文号\t被检查单位\t村(社区)\t检查类型\t检查方式\t检查人员\t不合格\t未检查\t处理意见")
    for r in records:
        unit = units[r.unit_id].name if r.unit_id in units else "（村(社区)检查点）"
        print(f"{r.id}\t{cell(r.inspected_on)}\t{r.document_number}\t{unit}\t"
              f"{villages.get(r.village_id or 0, '')}\t{r.kind}\t{'、'.join(r.methods)}\t"
              f"{r.inspector_names}\t{len(r.failed_items)}\t{len(r.unchecked_items) or ''}\t"
              f"{r.disposition}")  # fmt: skip
    print(f"共 {len(records)} 条检查记录", file=sys.stderr)
    return 0
