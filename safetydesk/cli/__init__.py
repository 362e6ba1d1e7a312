"""Command-line interface: the same powers as the GUI, for scripts, checks and benchmarks.

Exit codes: 0 done; 1 a known error (message printed); 2 input refused (validation or import
report printed, nothing written); 3 an unexpected error (logged under the data folder).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from safetydesk import __version__, paths
from safetydesk.errors import ImportRefused, SafetyDeskError, ValidationError, ValidationErrors

KINDS = ("villages", "units", "people")
KIND_NAMES = {"villages": "村(社区)", "units": "单位场所", "people": "人员"}


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期「{text}」格式不对，应为 YYYY-MM-DD，例如 2026-11-23。") from exc


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="safetydesk",
        description="SafetyDesk 乡镇安全生产应急管理台账 — 命令行",
    )
    p.add_argument("--version", action="version", version=f"SafetyDesk {__version__}")
    p.add_argument("--db", help="数据库文件（默认：数据文件夹中的 safetydesk.db；环境变量 SAFETYDESK_DB）")
    p.add_argument("--data-dir", help="数据文件夹（环境变量 SAFETYDESK_DATA_DIR）")
    # The global options are accepted after the command too ("list units --db x.db").
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    _add = sub.add_parser

    def add_parser(name: str, **kw: Any) -> argparse.ArgumentParser:
        return _add(name, parents=[common], **kw)

    sub.add_parser = add_parser  # type: ignore[method-assign]

    s = sub.add_parser("init", help="创建本乡镇的数据库")
    s.add_argument("--township", required=True, help="乡镇(街道)名称，如 润城镇")
    s.add_argument("--county", required=True, help="所属县(区)，如 阳城县")
    s.add_argument("--short", default="", help="文号简称，默认取乡镇名称第一个字")
    s.add_argument("--office", default="", help="办公室名称")
    s.add_argument("--phone", default="", help="办公电话")

    s = sub.add_parser("demo", help="生成演示数据库（润城镇）")
    s.add_argument("--scale", type=int, default=1, help="数据量倍数（100 ≈ 100 个乡镇一年的量）")
    s.add_argument("--seed", type=int, default=1, help="随机种子（相同种子生成相同数据）")
    s.add_argument("--today", type=_parse_date, default=None, help="演示数据截止日期 YYYY-MM-DD")

    s = sub.add_parser("import", help="从 Excel (.xlsx) 导入，全部通过才写入")
    s.add_argument("kind", choices=("villages", "units", "hazards"))
    s.add_argument("file", type=Path)
    s.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    s.add_argument("--create-missing", action="store_true",
                   help="hazards：创建台账中缺少的单位场所和村(社区)")

    s = sub.add_parser("export", help="导出名录到 Excel (.xlsx)")
    s.add_argument("kind", choices=KINDS)
    s.add_argument("file", type=Path)
    s.add_argument("--archived", action="store_true", help="导出已归档的记录")
    s.add_argument("--show-phones", action="store_true", help="人员手机号不打码")

    s = sub.add_parser("list", help="列出名录、隐患或检查记录")
    s.add_argument("kind", choices=(*KINDS, "hazards", "inspections"))
    s.add_argument("--from", dest="date_from", type=_parse_date, default=None, help="inspections：起始日期")
    s.add_argument("--to", dest="date_to", type=_parse_date, default=None, help="inspections：截止日期")
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
    s.add_argument("kind", choices=KINDS)

    s = sub.add_parser("settings", help="查看或修改设置：settings [键=值 …]")
    s.add_argument("values", nargs="*", metavar="键=值")

    s = sub.add_parser("documents", help="文书登记：list | issue | void")
    s.add_argument("action", choices=("list", "issue", "void"))
    s.add_argument("target", nargs="?", default=None,
                   help="issue：文书类别（notice/recheck/inspection/order 或中文名称）；void：文书 ID")
    s.add_argument("--year", type=int, default=None, help="list：年度（默认今年）")
    s.add_argument("--kind", default=None, help="list：只看某类文书")
    s.add_argument("--date", type=_parse_date, default=None, help="issue/void：日期（默认今天）")
    s.add_argument("--subject", default="", help="issue：事由/对象")
    s.add_argument("--reason", default="", help="void：作废原因（必填）")
    s.add_argument("--json", action="store_true", help="list：输出 JSON")

    s = sub.add_parser("hazard", help="隐患：add | transition | show")
    s.add_argument("action", choices=("add", "transition", "show"))
    s.add_argument("args", nargs="*", help="transition：隐患ID 动作（如 收到回执、复查合格、销号）；show：隐患ID")
    s.add_argument("--set", dest="values", action="append", default=[], metavar="字段=值")
    s.add_argument("--on", type=_parse_date, default=None, help="transition：日期（默认今天）")
    s.add_argument("--by", default="", help="transition：经办人")
    s.add_argument("--note", default="", help="transition：备注")
    s.add_argument("--json", action="store_true", help="show：输出 JSON")

    s = sub.add_parser("notice", help="打印安全隐患整改通知书（同一单位的隐患合为一份）")
    s.add_argument("ids", nargs="+", type=int, metavar="HAZARD_ID")
    s.add_argument("--out", type=Path, required=True, help="输出 PDF 文件")
    s.add_argument("--on", type=_parse_date, default=None, help="下达日期（默认今天；仅对未下达的隐患）")
    s.add_argument("--by", default="", help="经办人")

    sub.add_parser("info", help="数据库信息")
    sub.add_parser("gui", help="启动图形界面（其余参数传给界面）", add_help=False)
    for module in _command_modules():
        _COMMANDS.update(module.register(sub))
    return p


#: Modules of further commands, each with ``register(sub) -> {command: handler}`` (they import
#: this module's helpers lazily, so a command module may use ``_open`` and ``_parse_date``).
COMMAND_MODULES: tuple[str, ...] = (
    "safetydesk.cli.holidays",
    "safetydesk.cli.inspection",
    "safetydesk.cli.inspections",
    "safetydesk.cli.photos",
    "safetydesk.cli.printing",
)


def _command_modules() -> list[Any]:
    import importlib

    return [importlib.import_module(name) for name in COMMAND_MODULES]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    parser = _parser()
    # `gui` passes every remaining argument on to the GUI entry point.
    if "gui" in argv:
        i = argv.index("gui")
        from safetydesk.app import main as gui_main

        return gui_main(argv[:i] + argv[i + 1 :])
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return _COMMANDS[args.command](args)
    except ImportRefused as exc:
        _print_problems(exc.problems)
        print(str(exc), file=sys.stderr)
        return 2
    except ValidationErrors as exc:
        for field, msg in exc.errors.items():
            print(f"错误（{field}）：{msg}", file=sys.stderr)
        print("未写入任何数据。", file=sys.stderr)
        return 2
    except ValidationError as exc:
        print(f"错误（{exc.field}）：{exc.message}", file=sys.stderr)
        return 2
    except SafetyDeskError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``safetydesk list units | head``): not an error of ours.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter's flush quiet
        return 0
    except Exception:  # noqa: BLE001 - last resort: log, never show a traceback to the user
        log = _log_crash(args)
        print(f"程序遇到意外错误，详细信息已记录到 {log}。请把该文件发给技术支持。", file=sys.stderr)
        if os.environ.get("SAFETYDESK_DEBUG"):
            traceback.print_exc()
        return 3


def _log_crash(args: argparse.Namespace) -> Path:
    folder = paths.logs_dir(paths.db_path(args.db, args.data_dir))
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "error.log"
    with log.open("a", encoding="utf-8") as fh:
        fh.write(f"\n=== SafetyDesk {__version__} CLI {sys.argv!r}\n{traceback.format_exc()}")
    return log


def _db_file(args: argparse.Namespace, *, demo: bool = False) -> Path:
    if demo and not args.db and not os.environ.get("SAFETYDESK_DB"):
        return paths.data_dir(args.data_dir) / paths.DEMO_DB_FILENAME
    return paths.db_path(args.db, args.data_dir)


def _open(args: argparse.Namespace, *, create: bool = False, initialized: bool = True) -> Any:
    from safetydesk.services import Workspace

    ws = Workspace.open(_db_file(args), create=create)
    if initialized and not ws.settings.is_initialized:
        ws.close()
        raise SafetyDeskError(
            f"数据库 {ws.path} 尚未初始化。请先运行：safetydesk init --township 乡镇名称 --county 县名"
        )
    return ws


def cmd_init(args: argparse.Namespace) -> int:
    """``init``: create and set up the township database."""
    from safetydesk.services import Workspace

    path = _db_file(args)
    existed = path.exists()
    ws = Workspace.open(path, create=True)
    try:
        if ws.settings.is_initialized:
            t = ws.settings.township()
            raise SafetyDeskError(f"数据库 {path} 已属于 {t.name}（{t.county}），未做改动。如需修改请用 settings 命令。")
        ws.settings.initialize(
            township_name=args.township,
            county=args.county,
            short_name=args.short,
            office_name=args.office,
            office_phone=args.phone,
        )
        print(f"已创建 {args.township} 的数据库：{path}")
    except SafetyDeskError:
        ws.close()
        if not existed:  # leave nothing behind when the set-up was refused
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    finally:
        ws.close()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """``demo``: generate the demo township into an empty database."""
    from safetydesk.services import Workspace
    from safetydesk.services.demo import create_demo

    path = _db_file(args, demo=True)
    today = args.today or date.today()
    with Workspace.open(path, create=True, clock=lambda: today) as ws:
        create_demo(ws, seed=args.seed, scale=args.scale, today=today)
        print(
            f"已生成演示数据：{path}（{ws.villages.count()} 个村(社区)、{ws.units.count()} 个单位场所、"
            f"{ws.people.count()} 名人员）"
        )
    return 0


def _print_problems(problems: Sequence[Any]) -> None:
    print("行号\t列\t问题及修改方法", file=sys.stderr)
    for p in problems:
        row = f"第{p.row}行" if p.row else "文件"
        print(f"{row}\t{p.column or '—'}\t{p.message}", file=sys.stderr)


def cmd_import(args: argparse.Namespace) -> int:
    """``import``: all-or-nothing spreadsheet import."""
    with _open(args) as ws:
        if args.kind == "hazards":
            return _import_hazards(ws, args)
        plan, _changes = ws.imports.run(args.kind, args.file, dry_run=args.dry_run)
        if not plan.ok:
            raise ImportRefused(plan.problems)
        name = KIND_NAMES[args.kind]
        if args.dry_run:
            print(f"检查通过：{len(plan.records)} 条{name}可以导入（--dry-run，未写入）。")
        else:
            print(f"已导入 {len(plan.records)} 条{name}。")
    return 0


def _import_hazards(ws: Any, args: argparse.Namespace) -> int:
    """``import hazards``: an old 隐患台账, with its units and villages created on request."""
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
    if new:
        print(("将新建" if args.dry_run else "已新建") + "：" + "、".join(new))
    if args.dry_run:
        print("（--dry-run，未写入）")
    return 0


def _service(ws: Any, kind: str) -> Any:
    return getattr(ws, kind)


def _query(ws: Any, args: argparse.Namespace) -> Any:
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


def _list_hazards(ws: Any, args: argparse.Namespace) -> int:
    from safetydesk.domain.queries import HazardQuery

    base = _query(ws, args)
    query = HazardQuery(
        text=base.text, village_id=base.village_id, archive=base.archive, states=tuple(args.state),
        level=args.level, overdue_on=ws.clock().isoformat() if args.overdue else None,
    )
    hazards = ws.hazards.list(query)
    if args.json:
        json.dump([ws.hazards.store.to_row(h) for h in hazards], sys.stdout, ensure_ascii=False,
                  indent=1)
        print()
        return 0
    units = ws.units.get_many(list({h.unit_id for h in hazards}))
    today = ws.clock()
    print("ID\t编号\t等级\t状态\t单位\t发现日期\t整改期限\t隐患描述")
    for h in hazards:
        flag = "（逾期）" if h.overdue(today) else ""
        unit = units[h.unit_id].name if h.unit_id in units else ""
        print(f"{h.id}\t{h.code}\t{h.level}\t{h.state}{flag}\t{unit}\t{h.found_on}\t"
              f"{h.due_on or ''}\t{h.description}")
    print(f"共 {len(hazards)} 条隐患", file=sys.stderr)
    return 0


def cmd_hazard(args: argparse.Namespace) -> int:
    """``hazard``: register a hazard, apply an action, or show one with its timeline."""
    from safetydesk.domain.hazards import Hazard, HazardAction, HazardLevel, HazardSource

    with _open(args) as ws:
        if args.action == "add":
            values: dict[str, Any] = {}
            for pair in args.values:
                key, sep, text = pair.partition("=")
                if not sep:
                    raise ValidationError(pair, f"「{pair}」应写成 字段=值。")
                values[key.strip()] = text.strip()
            fields = {f.name: f for f in dataclasses.fields(Hazard)}
            unknown = [k for k in values if k not in fields or k in ("id", "code", "state")]
            if unknown:
                raise ValidationError(unknown[0], f"未知或不可设置的字段「{unknown[0]}」。")
            if "unit_id" in values and not values["unit_id"].isdigit():
                ids = ws.units.store.active_ids_by_name(values["unit_id"])
                if len(ids) != 1:
                    raise ValidationError("unit_id", f"找不到唯一的单位场所「{values['unit_id']}」，请改用单位 ID。")
                values["unit_id"] = ids[0]
            for key in ("unit_id", "deadline_days"):
                if key in values:
                    values[key] = int(values[key]) if str(values[key]).isdigit() else None
            if "funds" in values:
                try:
                    values["funds"] = float(values["funds"])
                except ValueError:
                    raise ValidationError("funds", "整改资金应为数字（万元）。") from None
            try:
                if "level" in values:
                    values["level"] = HazardLevel(values["level"])
                if "source" in values:
                    values["source"] = HazardSource(values["source"])
            except ValueError as exc:
                raise ValidationError("level", f"取值无效：{exc}") from None
            values.setdefault("found_on", ws.clock().isoformat())
            h = ws.hazards.register(Hazard(**values)).record
            print(f"已登记隐患 {h.code}（ID {h.id}），整改期限 {h.due_on or '—'}"
                  + (f"。注意：{h.deadline_warning}" if h.deadline_warning else ""))
            return 0
        if not args.args or not args.args[0].isdigit():
            raise ValidationError("id", "请给出隐患 ID，例如：hazard show 12")
        hazard_id = int(args.args[0])
        if args.action == "show":
            h = ws.hazards.get(hazard_id)
            if args.json:
                row = ws.hazards.store.to_row(h)
                row["events"] = [dataclasses.asdict(e) for e in ws.hazards.events(hazard_id)]
                json.dump(row, sys.stdout, ensure_ascii=False, indent=1, default=str)
                print()
                return 0
            print(f"{h.code}\t{h.level}\t{h.state}\t{h.description}")
            for e in ws.hazards.events(hazard_id):
                print(f"  {e.on}\t{e.action}\t{e.from_state} → {e.to_state}\t{e.by}\t{e.note}\t{e.details}")
            print("可进行：" + ("、".join(a.value for a in ws.hazards.allowed(h)) or "（无，已结束）"))
            return 0
        if len(args.args) < 2:
            raise ValidationError("action", "请给出动作，例如：hazard transition 12 收到回执")
        try:
            action = HazardAction(args.args[1])
        except ValueError:
            names = "、".join(a.value for a in HazardAction)
            raise ValidationError("action", f"未知的动作「{args.args[1]}」，可选：{names}。") from None
        details = {}
        for pair in args.values:
            key, sep, text = pair.partition("=")
            if not sep:
                raise ValidationError(pair, f"「{pair}」应写成 字段=值。")
            details[key.strip()] = text.strip()
        h = ws.hazards.transition(hazard_id, action, on=args.on or ws.clock(), by=args.by,
                                  note=args.note, **details).record
        print(f"{h.code}：{action} → {h.state}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    """``list``: print a register as a table or JSON."""
    from safetydesk import labels

    if args.kind == "hazards":
        with _open(args) as ws:
            return _list_hazards(ws, args)
    if args.kind == "inspections":
        from safetydesk.cli.inspection import list_inspections

        with _open(args) as ws:
            return list_inspections(ws, args)
    with _open(args) as ws:
        service = _service(ws, args.kind)
        records = service.list(_query(ws, args))
        if args.json:
            rows = [service.store.to_row(r) for r in records]
            json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
            print()
            return 0
        fields = {"villages": labels.VILLAGE_FIELDS, "units": labels.UNIT_FIELDS,
                  "people": labels.PERSON_FIELDS}[args.kind]
        shown = list(fields)[:7]
        names = ws.villages.names()
        print("ID\t" + "\t".join(fields[f] for f in shown))
        for r in records:
            cells = []
            for f in shown:
                v = getattr(r, f)
                if f == "village_id":
                    v = names.get(v, "") if v else ""
                cells.append("" if v is None else str(v))
            print(f"{r.id}\t" + "\t".join(cells))
        print(f"共 {len(records)} 条{KIND_NAMES[args.kind]}", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """``export``: write a register to .xlsx."""
    with _open(args) as ws:
        kwargs = {"mask_phones": not args.show_phones} if args.kind == "people" else {}
        out = ws.exports.export_list(args.kind, args.file, _query(ws, args), **kwargs)
        print(f"已导出到 {out}")
    return 0


def _field_types(kind: str) -> dict[str, dataclasses.Field[Any]]:
    from safetydesk.domain.common import Person, Unit, Village

    cls = {"villages": Village, "units": Unit, "people": Person}[kind]
    skip = {"id", "created_at", "updated_at", "archived_at"}
    return {f.name: f for f in dataclasses.fields(cls) if f.name not in skip}


def _apply_values(ws: Any, kind: str, base: Any, pairs: list[str]) -> Any:
    from safetydesk import labels

    fields = _field_types(kind)
    by_label = {
        v: k
        for k, v in {"villages": labels.VILLAGE_FIELDS, "units": labels.UNIT_FIELDS,
                     "people": labels.PERSON_FIELDS}[kind].items()
    }
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        key = by_label.get(key.strip(), key.strip())
        if not sep or key not in fields:
            errors[key or pair] = (
                f"「{pair}」无法识别：请写成 字段=值，可用字段见 `safetydesk fields {kind}`。"
            )
            continue
        text = text.strip()
        ftype = str(fields[key].type)
        if key == "village_id":
            if not text:
                values[key] = None
            elif text.isdigit():
                values[key] = int(text)
            else:
                vid = ws.villages.id_by_name(text)
                if vid is None:
                    errors[key] = f"找不到村(社区)「{text}」，请先登记或检查名称。"
                values[key] = vid
        elif key == "risk":
            risk = labels.risk_from_text(text) if text else ""
            if risk is None:
                errors[key] = f"风险等级「{text}」无效：请填 A/B/C/D 或 红/橙/黄/蓝。"
            values[key] = risk or ""
        elif "int" in ftype:
            if text == "":
                values[key] = None
            elif text.isdigit():
                values[key] = int(text)
            else:
                errors[key] = f"{key}「{text}」应为整数。"
        elif key in ("kind", "type", "role", "scale"):
            enum = fields[key].type
            values[key] = _enum_value(kind, key, text, errors)
            del enum
        else:
            values[key] = text
    if errors:
        raise ValidationErrors(errors)
    return dataclasses.replace(base, **values)


def _enum_value(kind: str, key: str, text: str, errors: dict[str, str]) -> Any:
    from safetydesk.domain.common import PersonRole, Scale, UnitType, VillageKind

    enum = {"kind": VillageKind, "type": UnitType, "role": PersonRole, "scale": Scale}[key]
    if key == "scale" and not text:
        return None
    try:
        return enum(text)
    except ValueError:
        errors[key] = f"「{text}」不是有效的取值，可选：{'、'.join(e.value for e in enum)}。"
        return None


def cmd_add(args: argparse.Namespace) -> int:
    """``add``: insert one record from field=value pairs."""
    from safetydesk.domain.common import Person, Unit, Village

    with _open(args) as ws:
        blank = {"villages": Village(name=""), "units": Unit(name=""), "people": Person(name="")}
        rec = _apply_values(ws, args.kind, blank[args.kind], args.values)
        saved = _service(ws, args.kind).save(rec).record
        print(f"已新增{KIND_NAMES[args.kind]}「{saved.name}」，ID {saved.id}")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    """``edit``: change fields of one record."""
    with _open(args) as ws:
        service = _service(ws, args.kind)
        rec = _apply_values(ws, args.kind, service.get(args.id), args.values)
        saved = service.save(rec).record
        print(f"已保存{KIND_NAMES[args.kind]}「{saved.name}」（ID {saved.id}）")
    return 0


def cmd_archive(args: argparse.Namespace) -> int:
    """``archive`` / ``restore`` one record."""
    with _open(args) as ws:
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
    from safetydesk import labels

    names = {"villages": labels.VILLAGE_FIELDS, "units": labels.UNIT_FIELDS,
             "people": labels.PERSON_FIELDS}[args.kind]
    for key in _field_types(args.kind):
        print(f"{key}\t{names.get(key, '')}")
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    """``settings``: show or change domain settings."""
    from safetydesk.services.settings import SETTINGS

    with _open(args, initialized=False) as ws:
        if args.values:
            changes: dict[str, str] = {}
            for pair in args.values:
                key, sep, value = pair.partition("=")
                if not sep:
                    raise ValidationError(pair, f"「{pair}」应写成 键=值，例如 short_name=润。")
                changes[key.strip()] = value
            ws.settings.update(**changes)
            print("设置已保存。")
        values = ws.settings.values()
        for s in SETTINGS:
            print(f"{s.key}\t{s.label}\t{values[s.key]}")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    """``info``: where the data lives and what it holds."""
    from safetydesk.storage.migrations import migrations

    with _open(args, initialized=False) as ws:
        t = ws.settings.township()
        print(f"SafetyDesk {__version__}")
        print(f"数据库\t{ws.path}")
        print(f"乡镇\t{t.name or '（未初始化）'}\t{t.county}")
        print(f"结构版本\t{migrations.applied(ws.db)[-1].name}")
        for kind in KINDS:
            print(f"{KIND_NAMES[kind]}\t{_service(ws, kind).count()}")
    return 0


_DOC_KEYS = {"notice": "RECTIFICATION_NOTICE", "recheck": "RECHECK_OPINION",
             "inspection": "INSPECTION_RECORD", "order": "ORDER_TO_RECTIFY"}


def _doc_kind(text: str | None) -> Any:
    from safetydesk.domain.documents import DocumentKind

    if text is None:
        return None
    if text in _DOC_KEYS:
        return DocumentKind[_DOC_KEYS[text]]
    try:
        return DocumentKind(text)
    except ValueError:
        names = "、".join(f"{k}（{DocumentKind[v].value}）" for k, v in _DOC_KEYS.items())
        raise ValidationError("kind", f"未知的文书类别「{text}」，可选：{names}。") from None


def cmd_documents(args: argparse.Namespace) -> int:
    """``documents``: the 文书登记 register."""
    with _open(args) as ws:
        today = args.date or ws.clock()
        if args.action == "list":
            docs = ws.documents.of_year(args.year or today.year, _doc_kind(args.kind))
            if args.json:
                json.dump([ws.documents.store.to_row(d) for d in docs], sys.stdout,
                          ensure_ascii=False, indent=1)
                print()
                return 0
            print("ID\t文号\t类别\t日期\t状态\t事由/作废原因")
            for d in docs:
                note = d.void_reason if d.void else d.subject
                print(f"{d.id}\t{d.number}\t{d.kind}\t{d.issued_on}\t{d.status}\t{note}")
            return 0
        if args.action == "issue":
            if args.target is None:
                raise ValidationError("kind", "请指定文书类别，例如：documents issue notice")
            doc = ws.documents.issue(_doc_kind(args.target), today, subject=args.subject).record
            print(f"已编号：{doc.number}（ID {doc.id}）")
            return 0
        if args.target is None or not args.target.isdigit():
            raise ValidationError("id", "请指定要作废的文书 ID，例如：documents void 3 --reason 填写错误")
        doc = ws.documents.void(int(args.target), args.reason, today).record
        print(f"已作废：{doc.number}（原因：{doc.void_reason}）。该文号保留，不再使用。")
    return 0


def cmd_notice(args: argparse.Namespace) -> int:
    """``notice``: print (issuing if needed) the rectification notice of hazards of one unit."""
    with _open(args) as ws:
        path, number = ws.forms.rectification_notice(args.ids, args.out, on=args.on, by=args.by)
        print(f"已生成整改通知书 {number}：{path}")
    return 0


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "notice": cmd_notice,
    "documents": cmd_documents,
    "hazard": cmd_hazard,
    "init": cmd_init,
    "demo": cmd_demo,
    "import": cmd_import,
    "export": cmd_export,
    "list": cmd_list,
    "add": cmd_add,
    "edit": cmd_edit,
    "archive": cmd_archive,
    "restore": cmd_archive,
    "fields": cmd_fields,
    "settings": cmd_settings,
    "info": cmd_info,
}
