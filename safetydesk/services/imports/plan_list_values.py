"""Columns and cell values of the 一制四案 list imports: 通讯录, 包保 lists and household lists.

:data:`FIELDS` gives, per kind, each field's label (first) and the header variants offices use;
:data:`REQUIRED` the columns a file must have. The parsers turn a category, level, hazard or
重点人员 text into its enum (with the synonyms offices write: 镇包村领导 → 乡包村, 包组 → 村包组,
党员包户 → 组包户, 孕妇 → 孕产妇 …) or raise
:class:`~safetydesk.services.imports.cells.CellError` with a Chinese message listing what is
accepted. Qt-free and storage-free.
"""

from __future__ import annotations

import re
from typing import Literal

from safetydesk.domain.baobao import HAZARD_KINDS, BaobaoLevel, VulnerableKind
from safetydesk.domain.plan_parts import ContactCategory
from safetydesk.domain.plans import PlanKind
from safetydesk.services.imports.cells import CellError
from safetydesk.services.imports.values import norm_header

#: The three list kinds.
ListKind = Literal["contacts", "baobao", "households"]
LIST_KINDS: tuple[ListKind, ...] = ("contacts", "baobao", "households")
#: What each kind's records are called in messages.
NOUNS: dict[str, str] = {"contacts": "通讯录条目", "baobao": "包保关系", "households": "住户"}

_VILLAGE = ("村(社区)", "村（社区）", "所属村(社区)", "村社区", "村名", "村", "社区", "所属村", "村居")
_PHONES = ("手机", "手机号码", "手机号", "联系电话", "电话", "移动电话")

#: Field → accepted headers (label first), per kind.
FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "contacts": {
        "village": _VILLAGE,
        "category": ("单位/类别", "类别", "单位/角色", "分类", "类型", "角色", "单位"),
        "name": ("姓名", "联系人", "名称", "姓名/名称", "单位名称"),
        "post": ("职务", "职务/身份", "身份", "岗位"),
        "mobile": _PHONES,
        "phone": ("座机", "固定电话", "办公电话", "值班电话", "座机号码"),
        "notes": ("备注", "说明"),
    },
    "baobao": {
        "village": _VILLAGE,
        "level": ("层级", "包保层级", "级别", "包保类型", "类别"),
        "person": ("包保责任人", "责任人", "包保人", "姓名", "包保干部"),
        "post": ("职务", "职务/身份", "身份"),
        "mobile": _PHONES,
        "target": ("包保对象", "包保范围", "包保村/组/户", "对象"),
        "hazards": ("包保灾种", "灾种", "包保灾害", "灾害类型"),
        "call_order": ("叫应顺序", "顺序", "叫应次序"),
        "escalate": ("上级责任人", "上级包保人", "上一级责任人", "上级"),
        "valid_from": ("生效日期", "包保日期"),
        "notes": ("备注", "说明"),
    },
    "households": {
        "village": _VILLAGE,
        "head": ("户主", "户主姓名", "姓名"),
        "group": ("村民小组", "所在组", "组别", "所属村民小组", "小组", "村组", "组", "片区"),
        "address": ("住址", "家庭住址", "住址/门牌", "门牌", "门牌号", "地址"),
        "phone": ("电话", "联系电话", "手机", "手机号码", "户主电话"),
        "size": ("家庭人数", "家庭人口", "人口", "人数", "家庭人口数"),
        "residents": ("常住人数", "常住人口", "在家人数"),
        "vulnerable": ("重点人员类别", "重点人群", "重点人员", "特殊人群", "人员类别"),
        "detail": ("重点人员情况", "重点人员姓名/年龄/情况", "重点人员姓名", "情况说明"),
        "risk": ("风险点", "所在风险区", "危险区", "隐患点", "风险区"),
        "helper": ("包户责任人", "责任人", "帮扶责任人", "包保责任人", "包户干部", "包户人"),
        "shelter": ("转移去向/安置点", "转移去向", "安置点", "避险点", "转移地点", "避难场所",
                    "安置地点"),  # fmt: skip
        "route": ("转移路线", "撤离路线", "路线"),
        "card": ("明白卡发放日期", "明白卡", "明白卡发放", "发卡日期"),
        "notes": ("备注", "说明"),
    },
}
#: Columns a file of each kind must have (besides the village, named by --village or a column).
REQUIRED: dict[str, tuple[str, ...]] = {
    "contacts": ("category", "name"),
    "baobao": ("level", "person", "target"),
    "households": ("head", "group", "address", "size"),
}


def labels(kind: str) -> dict[str, str]:
    """Field → label (the first accepted header) of a kind."""
    return {f: names[0] for f, names in FIELDS[kind].items()}


_CATEGORY_EXTRAS: dict[str, ContactCategory] = {
    "值班室": ContactCategory.TOWNSHIP_DUTY,
    "乡镇值班室": ContactCategory.TOWNSHIP_DUTY,
    "镇政府值班室": ContactCategory.TOWNSHIP_DUTY,
    "乡值班室": ContactCategory.TOWNSHIP_DUTY,
    "包村干部": ContactCategory.TOWNSHIP_CADRE,
    "驻村干部": ContactCategory.TOWNSHIP_CADRE,
    "包村领导": ContactCategory.TOWNSHIP_CADRE,
    "镇包村领导": ContactCategory.TOWNSHIP_CADRE,
    "乡包村干部": ContactCategory.TOWNSHIP_CADRE,
    "村干部": ContactCategory.VILLAGE_CADRE,
    "两委": ContactCategory.VILLAGE_CADRE,
    "村两委成员": ContactCategory.VILLAGE_CADRE,
    "村委": ContactCategory.VILLAGE_CADRE,
    "村委会": ContactCategory.VILLAGE_CADRE,
    "安全网格员": ContactCategory.GRID_WORKER,
    "灾害信息员": ContactCategory.INFO_REPORTER,
    "信息员": ContactCategory.INFO_REPORTER,
    "监测人": ContactCategory.MONITOR,
    "群测群防员": ContactCategory.MONITOR,
    "巡查员": ContactCategory.MONITOR,
    "避险点管理员": ContactCategory.SHELTER_MANAGER,
    "安置点管理员": ContactCategory.SHELTER_MANAGER,
    "场所管理员": ContactCategory.SHELTER_MANAGER,
    "报警电话": ContactCategory.EMERGENCY_NUMBER,
    "求助电话": ContactCategory.EMERGENCY_NUMBER,
    "报警求助": ContactCategory.EMERGENCY_NUMBER,
    "119": ContactCategory.EMERGENCY_NUMBER,
    "110": ContactCategory.EMERGENCY_NUMBER,
    "120": ContactCategory.EMERGENCY_NUMBER,
    "12119": ContactCategory.EMERGENCY_NUMBER,
    "县应急局": ContactCategory.COUNTY_DUTY,
    "县应急管理局": ContactCategory.COUNTY_DUTY,
    "县应急局值班室": ContactCategory.COUNTY_DUTY,
    "县应急管理局值班室": ContactCategory.COUNTY_DUTY,
    "供电所": ContactCategory.POWER,
    "供电公司": ContactCategory.POWER,
    "电力": ContactCategory.POWER,
    "医院": ContactCategory.CLINIC,
    "卫生室": ContactCategory.CLINIC,
    "村卫生室": ContactCategory.CLINIC,
    "医疗": ContactCategory.CLINIC,
    "公安": ContactCategory.POLICE,
    "派出所民警": ContactCategory.POLICE,
    "其它": ContactCategory.OTHER,
}
_LEVEL_EXTRAS: dict[str, BaobaoLevel] = {
    "县包镇": BaobaoLevel.COUNTY,
    "县领导包乡": BaobaoLevel.COUNTY,
    "县领导包镇": BaobaoLevel.COUNTY,
    "县干部包乡": BaobaoLevel.COUNTY,
    "镇包村": BaobaoLevel.TOWNSHIP,
    "镇包村领导": BaobaoLevel.TOWNSHIP,
    "镇包村干部": BaobaoLevel.TOWNSHIP,
    "乡包村领导": BaobaoLevel.TOWNSHIP,
    "镇干部包村": BaobaoLevel.TOWNSHIP,
    "镇领导包村": BaobaoLevel.TOWNSHIP,
    "包村": BaobaoLevel.TOWNSHIP,
    "包村干部": BaobaoLevel.TOWNSHIP,
    "驻村干部": BaobaoLevel.TOWNSHIP,
    "镇挂点领导": BaobaoLevel.TOWNSHIP,
    "包组": BaobaoLevel.VILLAGE,
    "包片": BaobaoLevel.VILLAGE,
    "村包片": BaobaoLevel.VILLAGE,
    "村包组/片": BaobaoLevel.VILLAGE,
    "村干部包组": BaobaoLevel.VILLAGE,
    "村干部包片": BaobaoLevel.VILLAGE,
    "村两委包组": BaobaoLevel.VILLAGE,
    "包户": BaobaoLevel.GROUP,
    "党员包户": BaobaoLevel.GROUP,
    "干部包户": BaobaoLevel.GROUP,
    "党员干部包户": BaobaoLevel.GROUP,
    "村干部包户": BaobaoLevel.GROUP,
    "组长包户": BaobaoLevel.GROUP,
    "中心户长": BaobaoLevel.GROUP,
    "中心户长包户": BaobaoLevel.GROUP,
    "包人": BaobaoLevel.PERSON,
    "党员包人": BaobaoLevel.PERSON,
    "网格员包人": BaobaoLevel.PERSON,
    "网格员包户": BaobaoLevel.PERSON,
    "党员/网格员包户": BaobaoLevel.PERSON,
}
_VULNERABLE_EXTRAS: dict[str, VulnerableKind] = {
    "空巢老人": VulnerableKind.ALONE_ELDERLY,
    "孤寡老人": VulnerableKind.ALONE_ELDERLY,
    "独居": VulnerableKind.ALONE_ELDERLY,
    "留守": VulnerableKind.LEFT_BEHIND_ELDERLY,
    "儿童": VulnerableKind.LEFT_BEHIND_CHILD,
    "残疾": VulnerableKind.DISABLED,
    "残疾人员": VulnerableKind.DISABLED,
    "五保": VulnerableKind.SUPPORTED,
    "五保户": VulnerableKind.SUPPORTED,
    "特困": VulnerableKind.SUPPORTED,
    "特困供养": VulnerableKind.SUPPORTED,
    "特困人员": VulnerableKind.SUPPORTED,
    "重病": VulnerableKind.BEDRIDDEN,
    "卧床": VulnerableKind.BEDRIDDEN,
    "重病患者": VulnerableKind.BEDRIDDEN,
    "孕妇": VulnerableKind.PREGNANT,
    "产妇": VulnerableKind.PREGNANT,
    "其它": VulnerableKind.OTHER,
}
_HAZARD_EXTRAS: dict[str, PlanKind] = {
    "森林防火": PlanKind.FIRE,
    "森林草原防火": PlanKind.FIRE,
    "火灾": PlanKind.FIRE,
    "消防": PlanKind.FIRE,
    "防汛": PlanKind.FLOOD,
    "汛期": PlanKind.FLOOD,
    "山洪": PlanKind.FLOOD,
    "洪涝": PlanKind.FLOOD,
    "防汛抗旱": PlanKind.FLOOD,
    "地灾": PlanKind.GEOLOGICAL,
    "地质": PlanKind.GEOLOGICAL,
    "地震灾害": PlanKind.EARTHQUAKE,
}
_ALL_HAZARDS = frozenset({"全部", "所有", "全", "各类", "全部灾种", "所有灾种"})
_SPLIT = re.compile(r"[、,，;；\s]+")


def _table(enum: type, extras: dict[str, object]) -> dict[str, object]:
    out: dict[str, object] = {norm_header(m.value): m for m in enum}  # type: ignore[attr-defined]
    out.update({norm_header(k): v for k, v in extras.items()})
    return out


_CATEGORIES = _table(ContactCategory, dict(_CATEGORY_EXTRAS))
_LEVELS = _table(BaobaoLevel, dict(_LEVEL_EXTRAS))
_VULNERABLE = _table(VulnerableKind, dict(_VULNERABLE_EXTRAS))
_HAZARDS = {norm_header(k.value): k for k in HAZARD_KINDS} | {
    norm_header(k): v for k, v in _HAZARD_EXTRAS.items()
}


def _listed(enum: type) -> str:
    return "、".join(m.value for m in enum)  # type: ignore[attr-defined]


def parse_category(text: str) -> ContactCategory:
    """通讯录 category of a cell ("派出所", "包村干部", "119" …)."""
    key = norm_header(text)
    found = _CATEGORIES.get(key)
    if isinstance(found, ContactCategory):
        return found
    if not key:
        raise CellError(f"请填写单位/类别，例如：{_listed(ContactCategory)}。")
    raise CellError(f"「{text}」不是可识别的类别。请填写以下之一：{_listed(ContactCategory)}。")


def parse_level(text: str) -> BaobaoLevel:
    """包保 level of a cell (镇包村领导 → 乡包村, 包组 → 村包组, 党员包户 → 组包户 …)."""
    key = norm_header(text)
    found = _LEVELS.get(key)
    if isinstance(found, BaobaoLevel):
        return found
    if not key:
        raise CellError(f"请填写包保层级：{_listed(BaobaoLevel)}。")
    raise CellError(
        f"「{text}」不是可识别的包保层级。请填写以下之一：{_listed(BaobaoLevel)}"
        "（也可写“镇包村”“包组”“党员包户”等常见写法）。"
    )


def _items(text: str, table: dict[str, object], kind: type) -> list[object] | None:
    """Items of a list cell; None when some item is not known. "五保/特困" is one item."""
    whole = norm_header(text)
    if whole in table:
        return [table[whole]]
    out: list[object] = []
    for part in _SPLIT.split(text.strip()):
        key = norm_header(part)
        if not key:
            continue
        if key in table:
            out.append(table[key])
            continue
        pieces = [norm_header(p) for p in key.split("/") if p]
        if not pieces or any(p not in table for p in pieces):
            return None
        out += [table[p] for p in pieces]
    return [m for m in dict.fromkeys(out) if isinstance(m, kind)]


def parse_vulnerable(text: str) -> tuple[VulnerableKind, ...]:
    """重点人员类别 of a cell ("独居老人、残疾人"); empty → ()."""
    if not text.strip():
        return ()
    found = _items(text, _VULNERABLE, VulnerableKind)
    if found is None:
        raise CellError(
            f"「{text}」中有无法识别的重点人员类别。请填写以下一项或几项（用顿号分隔）："
            f"{_listed(VulnerableKind)}。"
        )
    return tuple(m for m in found if isinstance(m, VulnerableKind))


def parse_hazards(text: str) -> tuple[PlanKind, ...]:
    """包保灾种 of a cell; empty or 全部 → () (every hazard)."""
    if not text.strip() or norm_header(text) in _ALL_HAZARDS:
        return ()
    found = _items(text, dict(_HAZARDS), PlanKind)
    if found is None:
        names = "、".join(k.value for k in HAZARD_KINDS)
        raise CellError(
            f"「{text}」中有无法识别的灾种。请填写 {names} 中的一项或几项（用顿号分隔），"
            "或填写“全部”。"
        )
    kinds = tuple(m for m in found if isinstance(m, PlanKind))
    return () if set(kinds) == set(HAZARD_KINDS) else kinds
