"""The parts a village's 一制四案 shares (B §1.5): 通讯录, 应急工作组, 风险点, 转移路线, 应急队伍,
物资, and the 应急处置卡 (B §1.6).

Every record belongs to a 村(社区) (``village_id``) or, with ``None``, to the township itself.
Records are typed and checked here; storage maps them to rows and the services run the writes.
Everything is pure: "today" is always passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from safetydesk.domain.plans import PlanKind
from safetydesk.domain.validation import check_phone
from safetydesk.errors import ValidationErrors

#: Days ahead in which an expiry date counts as 即将过期.
EXPIRY_WARNING_DAYS = 30


class ContactCategory(StrEnum):
    """Entries a village's 应急通讯录 names (B §1.5 ``Contact``)."""

    TOWNSHIP_DUTY = "镇值班室"
    TOWNSHIP_CADRE = "镇包村干部"
    VILLAGE_CADRE = "村两委"
    GRID_WORKER = "网格员"
    INFO_REPORTER = "信息报告员"
    MONITOR = "监测员"
    RANGER = "护林员"
    SHELTER_MANAGER = "避难场所管理员"
    EMERGENCY_NUMBER = "报警求助电话"
    COUNTY_DUTY = "县应急局值班"
    POWER = "供电"
    CLINIC = "卫生院"
    POLICE = "派出所"
    OTHER = "其他"


#: Entries every village's 通讯录 must have (B §1.5; 信息报告员 and 网格员 by the seeds).
REQUIRED_CONTACTS: tuple[ContactCategory, ...] = (
    ContactCategory.TOWNSHIP_DUTY,
    ContactCategory.TOWNSHIP_CADRE,
    ContactCategory.VILLAGE_CADRE,
    ContactCategory.GRID_WORKER,
    ContactCategory.INFO_REPORTER,
    ContactCategory.EMERGENCY_NUMBER,
    ContactCategory.COUNTY_DUTY,
    ContactCategory.POWER,
    ContactCategory.CLINIC,
    ContactCategory.POLICE,
)


@dataclass(frozen=True, slots=True)
class Contact:
    """One line of a village's (or the township's) 应急通讯录."""

    id: int | None
    village_id: int | None
    category: ContactCategory
    name: str
    post: str = ""
    mobile: str = ""
    phone: str = ""
    person_id: int | None = None
    notes: str = ""
    sort_order: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None


def check_contact(contact: Contact) -> None:
    """Check a contact; raise :class:`ValidationErrors` with every problem."""
    errors: dict[str, str] = {}
    if not contact.name.strip():
        errors["name"] = "请填写姓名或单位名称（如“镇值班室”）。"
    if not contact.mobile.strip() and not contact.phone.strip():
        errors["mobile"] = "请至少填写手机或座机中的一个，叫应时要能打通。"
    for name, label in (("mobile", "手机"), ("phone", "座机")):
        if msg := check_phone(getattr(contact, name), label=label):
            errors[name] = msg
    if errors:
        raise ValidationErrors(errors)


def missing_contacts(contacts: list[Contact]) -> list[ContactCategory]:
    """The required 通讯录 entries that ``contacts`` (one village's) lack, in order."""
    present = {c.category for c in contacts}
    return [c for c in REQUIRED_CONTACTS if c not in present]


class WorkSubgroup(StrEnum):
    """The 村应急工作组 and its sub-teams (B §1.3 组织机构)."""

    LEADERSHIP = "工作组"
    WARNING = "监测预警组"
    EVACUATION = "人员转移组"
    RESCUE = "抢险救援组"
    LOGISTICS = "后勤保障组"
    MEDICAL = "医疗救护组"
    PATROL = "治安巡逻组"


@dataclass(frozen=True, slots=True)
class WorkGroupMember:
    """A person of the register in the 应急工作组 (``duty``: 组长, 副组长, 成员 …)."""

    id: int | None
    village_id: int | None
    subgroup: WorkSubgroup
    person_id: int
    duty: str = "成员"
    tasks: str = ""
    sort_order: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None


class RiskKind(StrEnum):
    """Kinds of 风险点/隐患点/危险区 (B §1.5 ``RiskPoint``)."""

    FLASH_FLOOD = "山洪危险区"
    LOW_LYING = "低洼易涝"
    WATERWAY = "河道/水库/淤地坝"
    GEOHAZARD = "地灾隐患点"
    SUBSIDENCE = "采空塌陷区"
    DANGEROUS_HOUSE = "危房"
    FOREST = "林区/坟地"
    CROWDED = "人员密集场所"
    OTHER = "其他"


#: Kinds whose 风险点 must have a 监测人 (B §1.5: P for 地灾/山洪).
MONITORED_RISKS: frozenset[RiskKind] = frozenset(
    {RiskKind.FLASH_FLOOD, RiskKind.GEOHAZARD, RiskKind.SUBSIDENCE, RiskKind.WATERWAY}
)


class RiskStatus(StrEnum):
    """Whether a 风险点 is still on the register."""

    ACTIVE = "在册"
    CLOSED = "已治理销号"


@dataclass(frozen=True, slots=True)
class RiskPoint:
    """A 风险点 of a village: what threatens whom, and who watches it."""

    id: int | None
    village_id: int | None
    name: str
    kind: RiskKind
    place: str
    households: int | None = None
    people: int | None = None
    monitor_id: int | None = None
    monitor_method: str = ""
    warning_threshold: str = ""
    plan_kinds: tuple[PlanKind, ...] = ()
    status: RiskStatus = RiskStatus.ACTIVE
    notes: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def needs_monitor(self) -> bool:
        """True when the point is on the register, of a watched kind and has no 监测人."""
        return (
            self.status is RiskStatus.ACTIVE
            and self.kind in MONITORED_RISKS
            and self.monitor_id is None
        )


def check_risk_point(point: RiskPoint) -> None:
    """Check a 风险点; raise :class:`ValidationErrors` with every problem."""
    errors: dict[str, str] = {}
    if not point.name.strip():
        errors["name"] = "请填写风险点名称，例如“后沟山洪危险区”。"
    if not point.place.strip():
        errors["place"] = "请填写风险点的位置（村民小组、地名）。"
    for name, label in (("households", "威胁户数"), ("people", "威胁人数")):
        value = getattr(point, name)
        if value is not None and value < 0:
            errors[name] = f"{label}不能为负数（不知道可留空）。"
    if (
        point.households is not None
        and point.people is not None
        and point.households > 0
        and point.people < point.households
    ):
        errors["people"] = "威胁人数不应少于威胁户数，请核对。"
    if PlanKind.RESPONSIBILITY in point.plan_kinds:
        errors["plan_kinds"] = "关联预案请选择防火、防汛、地震或地质灾害。"
    if errors:
        raise ValidationErrors(errors)


@dataclass(frozen=True, slots=True)
class Route:
    """A 转移路线 from a danger zone to a shelter."""

    id: int | None
    village_id: int | None
    name: str
    start: str
    shelter_id: int | None = None
    description: str = ""
    distance_m: int | None = None
    walk_minutes: int | None = None
    avoid: str = ""
    notes: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None


def check_route(route: Route) -> None:
    """Check a route; raise :class:`ValidationErrors` with every problem."""
    errors: dict[str, str] = {}
    if not route.name.strip():
        errors["name"] = "请填写路线名称，例如“后沟—村委会路线”。"
    if not route.start.strip():
        errors["start"] = "请填写起点（从哪个危险区或村民小组出发）。"
    for name, label in (("distance_m", "距离"), ("walk_minutes", "步行时间")):
        value = getattr(route, name)
        if value is not None and value <= 0:
            errors[name] = f"{label}应大于 0（不知道可留空）。"
    if errors:
        raise ValidationErrors(errors)


class TeamKind(StrEnum):
    """Kinds of 应急队伍 (B §1.5 ``Team``)."""

    RESCUE = "村应急抢险队"
    FIREFIGHTING = "扑火队"
    VOLUNTEER_FIRE = "志愿消防队"
    MILITIA = "民兵"
    OTHER = "其他"


@dataclass(frozen=True, slots=True)
class Team:
    """An 应急队伍 of a village (or of the township)."""

    id: int | None
    village_id: int | None
    name: str
    kind: TeamKind
    leader: str = ""
    leader_phone: str = ""
    size: int = 0
    members: str = ""
    equipment: str = ""
    notes: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None


def check_team(team: Team) -> None:
    """Check a team; raise :class:`ValidationErrors` with every problem."""
    errors: dict[str, str] = {}
    if not team.name.strip():
        errors["name"] = "请填写队伍名称。"
    if not team.leader.strip():
        errors["leader"] = "请填写队长姓名。"
    if msg := check_phone(team.leader_phone, label="队长电话"):
        errors["leader_phone"] = msg
    if team.size <= 0:
        errors["size"] = "队伍人数应大于 0。"
    if errors:
        raise ValidationErrors(errors)


class SupplyState(StrEnum):
    """Whether a supply is in date."""

    OK = "有效"
    EXPIRING = "30日内过期"
    EXPIRED = "已过期"


@dataclass(frozen=True, slots=True)
class Supply:
    """An 应急物资 item kept by a village (or the township)."""

    id: int | None
    village_id: int | None
    name: str
    quantity: float
    unit: str
    spec: str = ""
    place: str = ""
    keeper: str = ""
    keeper_phone: str = ""
    checked_on: date | None = None
    expires_on: date | None = None
    notes: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def state(self, today: date) -> SupplyState:
        """Expired, expiring within :data:`EXPIRY_WARNING_DAYS`, or in date (no date: in date)."""
        if self.expires_on is None or self.expires_on > today + timedelta(days=EXPIRY_WARNING_DAYS):
            return SupplyState.OK
        return SupplyState.EXPIRED if self.expires_on < today else SupplyState.EXPIRING


def check_supply(supply: Supply) -> None:
    """Check a supply; raise :class:`ValidationErrors` with every problem."""
    errors: dict[str, str] = {}
    if not supply.name.strip():
        errors["name"] = "请填写物资品名，例如“编织袋”。"
    if supply.quantity < 0:
        errors["quantity"] = "数量不能为负数。"
    if not supply.unit.strip():
        errors["unit"] = "请填写计量单位，例如“个”“条”“台”。"
    if msg := check_phone(supply.keeper_phone, label="保管人电话"):
        errors["keeper_phone"] = msg
    if errors:
        raise ValidationErrors(errors)


#: At most this many steps on an 应急处置卡 (B §1.6: ≤ 8, so it fits a card).
MAX_CARD_STEPS = 8


@dataclass(frozen=True, slots=True)
class EmergencyCard:
    """An 应急处置卡 for one role and one hazard (B §1.6)."""

    id: int | None
    village_id: int | None
    title: str
    role: str
    kind: PlanKind
    trigger: str
    steps: tuple[str, ...]
    report_to: str = ""
    report_phone: str = ""
    cautions: str = ""
    version_on: date | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


def check_card(card: EmergencyCard) -> None:
    """Check a card; raise :class:`ValidationErrors` with every problem."""
    errors: dict[str, str] = {}
    if not card.title.strip():
        errors["title"] = "请填写卡片名称，例如“村党支部书记防汛应急处置卡”。"
    if not card.role.strip():
        errors["role"] = "请填写适用的岗位或角色（村党支部书记、网格员、监测员……）。"
    if card.kind is PlanKind.RESPONSIBILITY:
        errors["kind"] = "处置卡的灾种请选择防火、防汛、地震或地质灾害。"
    if not card.trigger.strip():
        errors["trigger"] = "请填写启动条件或信号。"
    steps = [s for s in card.steps if s.strip()]
    if not steps:
        errors["steps"] = "请至少填写一个处置步骤。"
    elif len(steps) > MAX_CARD_STEPS:
        errors["steps"] = (
            f"处置步骤最多 {MAX_CARD_STEPS} 步（现有 {len(steps)} 步），请合并精简，便于携带。"
        )
    if msg := check_phone(card.report_phone, label="报告电话"):
        errors["report_phone"] = msg
    if errors:
        raise ValidationErrors(errors)


__all__ = [
    "EXPIRY_WARNING_DAYS",
    "MAX_CARD_STEPS",
    "MONITORED_RISKS",
    "REQUIRED_CONTACTS",
    "Contact",
    "ContactCategory",
    "EmergencyCard",
    "RiskKind",
    "RiskPoint",
    "RiskStatus",
    "Route",
    "Supply",
    "SupplyState",
    "Team",
    "TeamKind",
    "WorkGroupMember",
    "WorkSubgroup",
    "check_card",
    "check_contact",
    "check_risk_point",
    "check_route",
    "check_supply",
    "check_team",
    "missing_contacts",
]
