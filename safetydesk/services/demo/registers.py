"""The demo registers: 润城镇's real 1 社区 + 22 村, invented units and people (DOMAIN.md B §8).

People are invented (phones 1380000xxxx), enterprises carry clearly invented names (they contain
"示例"). ``scale`` multiplies the units and people (not the villages, which are real). Used by
:func:`safetydesk.services.demo.create_demo`.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from stdnum.cn import uscc as stdnum_uscc

from safetydesk.domain.common import (
    NINE_SMALL_SUBTYPES,
    Person,
    PersonRole,
    Scale,
    Unit,
    UnitType,
    Village,
    VillageKind,
)
from safetydesk.storage.registers import PersonStore, UnitStore, VillageStore

if TYPE_CHECKING:
    from sqlite_utils import Database

#: 润城镇's village-level units: (name, 12-digit code) from 国家统计局 2023 区划代码.
RUNCHENG_VILLAGES: tuple[tuple[str, str], ...] = (
    ("洎水新城社区", "140522102001"),
    ("润城村", "140522102200"),
    ("刘善村", "140522102201"),
    ("柏沟村", "140522102202"),
    ("北音村", "140522102205"),
    ("沟西村", "140522102206"),
    ("河头村", "140522102208"),
    ("下河村", "140522102209"),
    ("西坡村", "140522102210"),
    ("贝坡村", "140522102213"),
    ("上庄村", "140522102214"),
    ("中庄村", "140522102215"),
    ("下庄村", "140522102216"),
    ("东山村", "140522102217"),
    ("上伏村", "140522102221"),
    ("下伏村", "140522102222"),
    ("望川村", "140522102223"),
    ("王村村", "140522102224"),
    ("大夫街村", "140522102227"),
    ("屯城村", "140522102228"),
    ("楼泉村", "140522102229"),
    ("沁阳村", "140522102230"),
    ("香程村", "140522102231"),
)

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
_GIVEN = "建国志强海涛丽娟秀英卫东晓明红梅国庆永刚桂兰春燕文杰玉兰振华俊峰淑芬雪松丽萍新民玉珍德胜小军红霞宏伟金凤鹏飞翠英保平艳芳"  # noqa: E501

#: Unit kinds generated per township year: (type, count at scale 1, name patterns).
_UNIT_PLAN: tuple[tuple[UnitType, int, tuple[str, ...]], ...] = (
    (UnitType.INDUSTRY, 14, ("{p}示例机械制造有限公司", "{p}示例铸造有限公司", "{p}示例建材有限公司",
                             "{p}示例耐火材料厂", "{p}示例食品加工厂", "{p}示例木业有限公司")),
    (UnitType.MINE, 2, ("{p}示例石料开采有限公司",)),
    (UnitType.CHEMICALS, 4, ("{p}示例加油站", "{p}示例液化气供应站")),
    (UnitType.NINE_SMALL, 110, ()),
    (UnitType.CROWDED, 12, ("{p}示例超市", "{p}示例宾馆", "{p}示例幼儿园", "{p}示例养老院")),
    (UnitType.SELF_BUILT, 36, ("{p}{n}号经营性自建房（示例）", "{p}示例商住楼")),
    (UnitType.GAS, 18, ("{p}示例餐馆（燃气用户）", "{p}示例早餐店（燃气用户）")),
    (UnitType.EBIKE, 8, ("{p}示例电动车集中充电点",)),
    (UnitType.FOREST, 10, ("{p}林区入山口（示例）", "{p}坟地林缘看护点（示例）")),
    (UnitType.CONSTRUCTION, 5, ("{p}示例建设工程项目部",)),
    (UnitType.MARKET, 2, ("{p}示例农贸市场",)),
    (UnitType.HERITAGE, 6, ("{p}古建院落（示例）", "{p}示例庙宇")),
    (UnitType.WATER, 5, ("{p}示例淤地坝", "{p}示例河道险工段")),
    (UnitType.GEOHAZARD, 6, ("{p}示例滑坡隐患点", "{p}示例采空塌陷区")),
    (UnitType.SCHOOL, 4, ("{p}示例小学", "{p}示例校外托管班")),
    (UnitType.WAREHOUSE, 3, ("{p}示例物流仓库",)),
    (UnitType.SPECIAL_EQUIPMENT, 2, ("{p}示例游乐场",)),
)
_NINE_SMALL_NAMES: dict[str, tuple[str, ...]] = {
    "小商场": ("{p}示例便民超市", "{p}示例百货店"),
    "小饭店": ("{p}示例家常菜馆", "{p}示例面馆", "{p}示例小吃店"),
    "小旅馆": ("{p}示例旅店", "{p}示例农家乐"),
    "小公共娱乐场所": ("{p}示例KTV", "{p}示例网吧"),
    "小休闲健身场所": ("{p}示例理发店", "{p}示例浴室", "{p}示例棋牌室"),
    "小医疗场所": ("{p}示例诊所", "{p}村卫生室（示例）"),
    "小教学场所": ("{p}示例培训班",),
    "小生产加工企业": ("{p}示例家具加工坊", "{p}示例豆腐坊", "{p}示例汽修厂"),
    "小易燃易爆危险品销售储存场所": ("{p}示例五金油漆店",),
}
_DEPARTMENTS: dict[UnitType, str] = {
    UnitType.INDUSTRY: "县应急管理局",
    UnitType.MINE: "县应急管理局",
    UnitType.CHEMICALS: "县应急管理局",
    UnitType.NINE_SMALL: "县消防救援大队",
    UnitType.CROWDED: "县消防救援大队",
    UnitType.SELF_BUILT: "县住房和城乡建设局",
    UnitType.GAS: "县住房和城乡建设局",
    UnitType.EBIKE: "县消防救援大队",
    UnitType.FOREST: "县林业局",
    UnitType.CONSTRUCTION: "县住房和城乡建设局",
    UnitType.MARKET: "县市场监督管理局",
    UnitType.HERITAGE: "县文化和旅游局",
    UnitType.WATER: "县水务局",
    UnitType.GEOHAZARD: "县自然资源局",
    UnitType.SCHOOL: "县教育局",
    UnitType.WAREHOUSE: "县交通运输局",
    UnitType.SPECIAL_EQUIPMENT: "县市场监督管理局",
}
_CN_NUMS = "十一二三四五六七八九"
_ROADS = ("府前街", "润城大街", "沁河路", "东大街", "西大街", "古镇路", "新城路", "兴业路")


@dataclass
class Gen:
    """Invented names, phones and 信用代码 drawn from the demo's random source."""

    rnd: random.Random
    phone_serial: int = 0

    def name(self) -> str:
        return self.rnd.choice(_SURNAMES) + "".join(self.rnd.sample(_GIVEN, self.rnd.choice((1, 2))))

    def phone(self) -> str:
        """Invented mobile numbers of the form 1380000xxxx (A9)."""
        self.phone_serial += 1
        return f"1380000{self.phone_serial % 10000:04d}"

    def uscc(self) -> str:
        body = "91140522" + "MA0" + "".join(self.rnd.choice("0123456789ABCDEFGH") for _ in range(6))
        return body + stdnum_uscc.calc_check_digit(body)


def _village_records(gen: Gen) -> list[Village]:
    out = []
    for order, (name, code) in enumerate(RUNCHENG_VILLAGES):
        community = name.endswith("社区")
        households = gen.rnd.randint(900, 2600) if community else gen.rnd.randint(180, 900)
        out.append(
            Village(
                name=name,
                kind=VillageKind.COMMUNITY if community else VillageKind.VILLAGE,
                region_code=code,
                group_count=None if community else gen.rnd.randint(3, 9),
                households=households,
                population=int(households * gen.rnd.uniform(2.4, 3.2)),
                secretary=gen.name(),
                secretary_phone=gen.phone(),
                director=gen.name(),
                director_phone=gen.phone(),
                grid_worker=gen.name(),
                grid_worker_phone=gen.phone(),
                sort_order=order,
            )
        )
    return out


def _unit_records(gen: Gen, village_ids: list[tuple[int, str]], scale: int) -> Iterator[Unit]:
    used: set[tuple[int, str]] = set()
    for copy in range(scale):
        suffix = "" if copy == 0 else f"（{copy + 1}）"
        for utype, count, patterns in _UNIT_PLAN:
            for n in range(count):
                vid, vname = gen.rnd.choice(village_ids)
                prefix = vname.removesuffix("村").removesuffix("社区").removesuffix("新城")
                subtype = ""
                if utype is UnitType.NINE_SMALL:
                    subtype = gen.rnd.choice(NINE_SMALL_SUBTYPES[:-1])
                    patterns = _NINE_SMALL_NAMES[subtype]
                base = gen.rnd.choice(patterns).format(p=prefix, n=n + 1)
                name = base + suffix
                k = 1
                while (vid, name) in used:
                    k += 1
                    name = base.replace("示例", f"示例{_CN_NUMS[k % 10]}", 1) + suffix
                    if k > 10:
                        name = base.replace("示例", f"示例{k}号", 1) + suffix
                used.add((vid, name))
                enterprise = utype in (UnitType.INDUSTRY, UnitType.MINE, UnitType.CHEMICALS,
                                       UnitType.CONSTRUCTION, UnitType.WAREHOUSE)
                risk = gen.rnd.choices("ABCD", weights=(1, 3, 6, 8))[0]
                if utype in (UnitType.MINE, UnitType.CHEMICALS):
                    risk = gen.rnd.choice("AB")
                yield Unit(
                    name=name,
                    type=utype,
                    subtype=subtype,
                    village_id=vid,
                    address=f"阳城县润城镇{vname}{gen.rnd.choice(_ROADS)}{gen.rnd.randint(1, 188)}号",
                    uscc=gen.uscc() if enterprise or gen.rnd.random() < 0.4 else "",
                    legal_rep=gen.name(),
                    contact=gen.name(),
                    contact_phone=gen.phone(),
                    scale=(gen.rnd.choice((Scale.ABOVE, Scale.BELOW)) if enterprise else None),
                    risk=risk,
                    department=_DEPARTMENTS.get(utype, ""),
                )


def _people_records(gen: Gen, villages: list[Village], scale: int) -> Iterator[Person]:
    office = "润城镇应急管理办公室"
    for copy in range(scale):
        for i, post in enumerate(("镇长", "分管副镇长", "安监站站长")):
            yield Person(name=gen.name(), role=PersonRole.TOWNSHIP_LEADER if i < 2 else
                         PersonRole.TOWNSHIP_OFFICIAL, organisation=f"润城镇人民政府 {post}",
                         mobile=gen.phone(), phone="0356-4000" + f"{i:03d}")
        for i in range(6):
            cert = f"14052210{copy:03d}{i:02d}" if i < 3 else ""
            yield Person(name=gen.name(), role=PersonRole.INSPECTOR, organisation=office,
                         mobile=gen.phone(), cert_no=cert)
        for v in villages:
            yield Person(name=v.secretary, role=PersonRole.VILLAGE_CADRE, village_id=v.id,
                         organisation=f"{v.name} 党组织书记", mobile=v.secretary_phone)
            yield Person(name=v.director, role=PersonRole.VILLAGE_CADRE, village_id=v.id,
                         organisation=f"{v.name} 主任", mobile=v.director_phone)
            yield Person(name=v.grid_worker, role=PersonRole.GRID_WORKER, village_id=v.id,
                         organisation=f"{v.name} 安全网格员", mobile=v.grid_worker_phone)
            if gen.rnd.random() < 0.6:
                yield Person(name=gen.name(), role=PersonRole.MONITOR, village_id=v.id,
                             organisation=f"{v.name} 地灾群测群防监测员", mobile=gen.phone())
            if gen.rnd.random() < 0.7:
                yield Person(name=gen.name(), role=PersonRole.RANGER, village_id=v.id,
                             organisation=f"{v.name} 护林员", mobile=gen.phone())


def create_demo_villages(db: Database, gen: Gen) -> list[Village]:
    """Insert the 23 real villages of 润城镇 with invented cadres; returns them with their ids."""
    vstore = VillageStore(db)
    return [vstore.insert(v) for v in _village_records(gen)]


def create_demo_units(db: Database, gen: Gen, villages: list[Village], *, scale: int) -> int:
    """Insert a township's units (times ``scale``) spread over ``villages``; returns the count."""
    vids = [(v.id, v.name) for v in villages if v.id is not None]
    return UnitStore(db).bulk_insert(_unit_records(gen, vids, scale))


def create_demo_people(db: Database, gen: Gen, villages: list[Village], *, scale: int) -> int:
    """Insert township staff, inspectors and village people (times ``scale``); returns the count."""
    return PersonStore(db).bulk_insert(_people_records(gen, villages, scale))
