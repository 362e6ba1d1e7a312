"""Records of the registers (村/社区, 单位场所, 人员) and their enums.

Records are frozen dataclasses; edits go through :func:`dataclasses.replace`. Enum values are the
Chinese words that are stored in the database and shown to the user (DOMAIN.md B §3.4, B §8).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class VillageKind(StrEnum):
    """村 or 社区 (村民委员会 / 居民委员会)."""

    VILLAGE = "村"
    COMMUNITY = "社区"


class UnitType(StrEnum):
    """Inspection target types of DOMAIN.md B §3.4 (检查对象类别)."""

    INDUSTRY = "工贸企业"
    MINE = "非煤矿山"
    CHEMICALS = "危险化学品"
    NINE_SMALL = "九小场所"
    CROWDED = "人员密集场所"
    SELF_BUILT = "经营性自建房"
    GAS = "燃气用户"
    EBIKE = "电动自行车场所"
    FOREST = "森林防火区域"
    CONSTRUCTION = "建设工程"
    ROAD = "道路交通"
    MARKET = "集(农)贸市场"
    HERITAGE = "文物古建/宗教场所"
    WATER = "水利设施"
    GEOHAZARD = "地质灾害隐患点"
    SCHOOL = "学校/校外培训"
    WAREHOUSE = "仓储物流"
    FIREWORKS = "烟花爆竹"
    SPECIAL_EQUIPMENT = "特种设备/游乐设施"
    OTHER = "其他"


#: The nine sub-types of 九小场所 (threshold list of DOMAIN.md B §3.4) plus a free "其他".
NINE_SMALL_SUBTYPES: tuple[str, ...] = (
    "小商场",
    "小饭店",
    "小旅馆",
    "小公共娱乐场所",
    "小休闲健身场所",
    "小医疗场所",
    "小教学场所",
    "小生产加工企业",
    "小易燃易爆危险品销售储存场所",
    "其他",
)


class Scale(StrEnum):
    """规模: 规模以上 / 规模以下 (empty when unknown or not an enterprise)."""

    ABOVE = "规上"
    BELOW = "规下"


#: Risk classes as stored (A highest). The display scheme (A/B/C/D or 红橙黄蓝) is a setting.
RISK_LEVELS: tuple[str, ...] = ("A", "B", "C", "D")
#: 红橙黄蓝 names of the risk classes, in the order of :data:`RISK_LEVELS`.
RISK_COLOURS: tuple[str, ...] = ("红", "橙", "黄", "蓝")


class PersonRole(StrEnum):
    """Roles of people the office works with."""

    TOWNSHIP_LEADER = "镇领导"
    TOWNSHIP_OFFICIAL = "镇干部"
    VILLAGE_CADRE = "村干部"
    GRID_WORKER = "网格员"
    MONITOR = "监测员"
    RANGER = "护林员"
    INSPECTOR = "检查人员"
    INFO_REPORTER = "信息报告员"
    OTHER = "其他"


@dataclass(frozen=True, slots=True, kw_only=True)
class Village:
    """A 村 or 社区 of the township."""

    id: int | None = None
    name: str
    kind: VillageKind = VillageKind.VILLAGE
    region_code: str = ""
    group_count: int | None = None
    households: int | None = None
    population: int | None = None
    secretary: str = ""
    secretary_phone: str = ""
    director: str = ""
    director_phone: str = ""
    grid_worker: str = ""
    grid_worker_phone: str = ""
    notes: str = ""
    sort_order: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None
    archived_at: datetime | None = None

    @property
    def archived(self) -> bool:
        """True when the record was archived (soft-deleted)."""
        return self.archived_at is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class Unit:
    """A unit or place under supervision (单位场所: enterprise, 九小场所, self-built house …)."""

    id: int | None = None
    name: str
    type: UnitType = UnitType.OTHER
    subtype: str = ""
    village_id: int | None = None
    address: str = ""
    uscc: str = ""
    legal_rep: str = ""
    contact: str = ""
    contact_phone: str = ""
    scale: Scale | None = None
    risk: str = ""
    department: str = ""
    notes: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    archived_at: datetime | None = None

    @property
    def archived(self) -> bool:
        """True when the record was archived (soft-deleted)."""
        return self.archived_at is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class Person:
    """A person: township official, village cadre, 网格员, 监测员, 护林员, inspector …"""

    id: int | None = None
    name: str
    role: PersonRole = PersonRole.OTHER
    organisation: str = ""
    village_id: int | None = None
    mobile: str = ""
    phone: str = ""
    cert_no: str = ""
    notes: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    archived_at: datetime | None = None

    @property
    def archived(self) -> bool:
        """True when the record was archived (soft-deleted)."""
        return self.archived_at is not None

    @property
    def is_enforcer(self) -> bool:
        """True when the person holds a 行政执法证 (may sign enforcement forms)."""
        return bool(self.cert_no.strip())
