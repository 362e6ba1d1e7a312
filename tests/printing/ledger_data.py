"""Ordinary hazards for ledger tests: realistic lengths (descriptions of 30–40 characters with
their place, two inspectors, rechecks by two people), stored through the real services."""

from __future__ import annotations

from datetime import date, timedelta

from safetydesk.domain.common import Unit, UnitType, Village
from safetydesk.domain.hazards import EventDetails, Hazard, HazardAction, HazardCategory
from safetydesk.domain.schedule import DeadlineKind
from safetydesk.services import Workspace

#: (部位, 描述): with the place, 30–40 characters each, as officers write them.
TEXTS: tuple[tuple[str, str], ...] = (
    ("后厨操作间", "液化石油气钢瓶与灶具间距不足一米，未安装可燃气体报警装置"),
    ("仓库二楼东侧", "电气线路私拉乱接，未穿管保护，插座串接使用，周边堆放纸箱"),
    ("一楼大厅", "灭火器压力不足且超过检验期限，未按月进行检查并记录"),
    ("楼梯间", "安全出口指示标志损坏不亮，应急照明灯蓄电池失效无法使用"),
    ("生产车间", "砂轮机防护罩缺失，操作人员未佩戴防护眼镜，未设置警示标志"),
    ("配电室", "配电箱门未上锁，箱内积尘严重，未张贴安全警示标识和责任人"),
    ("", "员工宿舍与仓库设置在同一建筑内，未采取防火分隔措施，存在火灾隐患"),
    ("三楼疏散通道", "疏散通道堆放杂物，常闭式防火门处于开启状态且闭门器损坏"),
)
#: 整改措施, 15–25 characters.
MEASURES: tuple[str, ...] = (
    "调整钢瓶位置并加装可燃气体报警装置",
    "由持证电工规范敷设线路并穿管保护，清理可燃物",
    "更换合格灭火器，建立月检记录",
    "更换损坏的指示标志和应急照明灯",
    "安装防护罩，配发防护眼镜并设置警示标志",
    "配电箱加锁，清扫积尘并张贴警示标识",
)
#: The test's fixed "today".
TODAY = date(2026, 11, 23)


def ordinary_hazards(ws: Workspace, village: Village, count: int) -> list[int]:
    """``count`` ordinary hazards in five units; every third one rechecked and passed.

    The unit names are of ordinary length (8–12 characters) and each unit has a 安全联系人, so
    the 责任人 falls back to it where the hazard names none (every second hazard does).
    """
    units = [
        ws.units.save(
            Unit(name=name, type=UnitType.OTHER, village_id=village.id,
                 contact=f"联系人{i}", contact_phone=f"1380000{i:04d}")
        ).record
        for i, name in enumerate(
            ("润城示例农家乐饭店", "示例建材有限公司", "润城村示例小超市", "示例耐火材料厂",
             "润城示例幼儿园")
        )
    ]  # fmt: skip
    categories = list(HazardCategory)
    ids = []
    for n in range(count):
        place, text = TEXTS[n % len(TEXTS)]
        found = TODAY - timedelta(days=120 - 2 * n)
        h = Hazard(
            unit_id=units[n % len(units)].id, location=place, description=text,
            measures=MEASURES[n % len(MEASURES)], found_on=found, found_by="王建国、李明",
            category=categories[n % len(categories)].value,
            responsible_person="张建军" if n % 2 else "",
            responsible_phone="13800009876" if n % 2 else "",
            deadline_kind=DeadlineKind.DATE, due_on=found + timedelta(days=15),
            funds=0.35 if n % 4 == 0 else None,
        )  # fmt: skip
        hid = ws.hazards.register(h).record.id or 0
        ids.append(hid)
        if n % 3 == 0:
            ws.hazards.issue_notice([hid], on=found)
            ws.hazards.transition(
                hid, HazardAction.RECHECK_PASS, on=found + timedelta(days=14),
                details=EventDetails(rechecked_by=("王建国", "李明"), opinion="已整改"),
            )  # fmt: skip
        elif n % 3 == 1:
            ws.hazards.issue_notice([hid], on=found)
    return ids
