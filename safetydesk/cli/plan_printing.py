"""``print card|baobao|contacts|mingbai|shelters|booklet``: the printed 一制四案 forms of villages.

::

    safetydesk print card 上庄村 [润城村 ...] --out 处置卡.pdf
    safetydesk print baobao 上庄村 --out 包保责任表.pdf
    safetydesk print contacts 上庄村 镇本级 --out 通讯录.pdf
    safetydesk print mingbai 上庄村 --out 明白卡.pdf
    safetydesk print shelters [VILLAGE ...] --out 避难场所.pdf
    safetydesk print booklet 上庄村 --out 一制四案.pdf

Several villages go into one PDF; 镇本级 is the township's own. ``shelters`` without a village
lists every shelter, the township's first.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from safetydesk.services import Workspace

#: Form → (help text, what the count counts).
FORMS: dict[str, tuple[str, str]] = {
    "card": ("应急处置卡（每张 A4 四张卡，带裁切线）", "张处置卡"),
    "baobao": ("突发事件应急包保责任表（A4 横向）", "条包保关系"),
    "contacts": ("应急通讯录（缺少的必备联系人标“（缺）”）", "条联系人"),
    "mingbai": ("防灾避险明白卡（危险区住户，每张 A4 两张）", "张明白卡"),
    "shelters": ("应急避难场所一览表（不写村则列出全部）", "处避难场所"),
    "booklet": ("一制四案汇编（封面、目录、五项内容和附件表，GB/T 9704 版式）", "项已编制"),
}
#: Title of each form in the message after printing.
TITLES = {"card": "应急处置卡", "baobao": "包保责任表", "contacts": "应急通讯录",
          "mingbai": "防灾避险明白卡", "shelters": "避难场所一览表",
          "booklet": "一制四案汇编"}  # fmt: skip


def add_parsers(forms: Any, parents: list[argparse.ArgumentParser]) -> None:
    """Add the 一制四案 forms to ``print``'s sub-parsers."""
    for name, (text, _) in FORMS.items():
        s = forms.add_parser(name, parents=parents, help=text)
        s.add_argument("villages", nargs="*" if name == "shelters" else "+", metavar="VILLAGE",
                       help="村（社区）名称，可写多个；镇本级 = 镇里自己的")  # fmt: skip
        s.add_argument("--out", type=Path, required=True, help="输出 PDF 文件")


def run(ws: Workspace, args: argparse.Namespace) -> int:
    """Print the form ``args.form`` of the villages named."""
    prints = ws.plan_prints
    ids = prints.village_ids(args.villages)
    job = {"card": prints.cards, "baobao": prints.baobao, "contacts": prints.contacts,
           "mingbai": prints.mingbai, "booklet": prints.booklet}  # fmt: skip
    if args.form == "shelters":
        path, count = prints.shelters(ids or None, args.out)
    else:
        path, count = job[args.form](ids, args.out)
    print(f"已生成{TITLES[args.form]}（{count} {FORMS[args.form][1]}）：{path}")
    return 0
