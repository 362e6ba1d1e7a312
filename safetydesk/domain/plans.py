"""一制四案: the 包保责任制 and the four village plans, their versions, and shelters (B §1).

Every 村(社区) — and the township itself — keeps five items (:class:`PlanKind`). Each item is a
:class:`Plan` with a history of :class:`PlanVersion` rows; the newest version carries the item's
status. The states and their changes are those of B §1.5:

* 草稿 → 待审核 (submitted to the township) → 已生效 (needs the 审议 and 审核 dates);
* 待审核 → 草稿 (returned for changes);
* 已生效 → 需修订 (by hand with a reason, or automatically once the next revision date has
  passed — DOMAIN.md A8), 已生效 → 已废止 (superseded);
* 需修订 → 草稿 happens by adding a new version (which starts as a copy of the last one).

An item without any version is 未编制. Everything here is pure: "today" is always passed in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from safetydesk.domain.validation import check_phone
from safetydesk.errors import InvalidTransition, ValidationErrors


class PlanKind(StrEnum):
    """The five items of 一制四案."""

    RESPONSIBILITY = "包保责任制"
    FIRE = "防火"
    FLOOD = "防汛"
    EARTHQUAKE = "地震"
    GEOLOGICAL = "地质灾害"


class PlanStatus(StrEnum):
    """Status of one item (of its newest version; 未编制 when it has none)."""

    MISSING = "未编制"
    DRAFT = "草稿"
    SUBMITTED = "待审核"
    EFFECTIVE = "已生效"
    NEEDS_REVISION = "需修订"
    RETIRED = "已废止"


#: Allowed state changes by hand (B §1.5). 需修订 → 草稿 is :meth:`add_version`'s, not a change.
TRANSITIONS: dict[PlanStatus, tuple[PlanStatus, ...]] = {
    PlanStatus.DRAFT: (PlanStatus.SUBMITTED,),
    PlanStatus.SUBMITTED: (PlanStatus.EFFECTIVE, PlanStatus.DRAFT),
    PlanStatus.EFFECTIVE: (PlanStatus.NEEDS_REVISION, PlanStatus.RETIRED),
    PlanStatus.NEEDS_REVISION: (PlanStatus.RETIRED,),
    PlanStatus.RETIRED: (),
}

#: Statuses that count as 已编制 (a plan exists and is in force or on its way).
DRAFTED: frozenset[PlanStatus] = frozenset(
    {PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.EFFECTIVE, PlanStatus.NEEDS_REVISION}
)

#: Day and month of the yearly 汛期 deadline of 防汛, 地质灾害 and 包保责任制 (A8: by 5月31日).
FLOOD_SEASON_DEADLINE = (5, 31)
#: Day and month of the autumn 防火期 deadline of 防火 (A8: before the autumn 防火期).
FIRE_SEASON_DEADLINE = (10, 1)


@dataclass(frozen=True, slots=True)
class Plan:
    """One of the five items of a village (``village_id``) or of the township (``None``)."""

    id: int | None
    village_id: int | None
    kind: PlanKind


@dataclass(frozen=True, slots=True)
class PlanVersion:
    """One version of a plan (B §1.5 ``PlanVersion``)."""

    id: int | None
    plan_id: int
    version: str
    drafted_on: date
    status: PlanStatus = PlanStatus.DRAFT
    adopted_on: date | None = None
    reviewed_by: str = ""
    reviewed_on: date | None = None
    effective_on: date | None = None
    next_revision_on: date | None = None
    revision_reason: str = ""
    attachment: str | None = None
    notes: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    # Plan-specific content of B §1.4 (m012); the ordered procedures are :class:`PlanStep` rows.
    warning_signal: str = ""
    evacuate_signal: str = ""
    trigger_levels: str = ""
    evacuation_triggers: str = ""
    return_conditions: str = ""
    #: The attached document's original file name and SHA-256 (``attachment`` is its stored path).
    attachment_name: str = ""
    attachment_sha256: str = ""


#: Plan fields a new version copies from the last one (the text carries over; dates do not).
CONTENT_FIELDS: tuple[str, ...] = (
    "reviewed_by", "notes", "attachment", "attachment_name", "attachment_sha256",
    "warning_signal", "evacuate_signal", "trigger_levels", "evacuation_triggers",
    "return_conditions",
)  # fmt: skip


class StepSection(StrEnum):
    """Sections of a plan whose procedures are ordered steps (B §1.3)."""

    WARNING = "监测预警"
    RESPONSE = "应急处置"
    EVACUATION = "人员转移"
    RECOVERY = "善后与返回"


@dataclass(frozen=True, slots=True)
class PlanStep:
    """One step of a plan version's procedure (``position`` 1, 2, … within ``section``)."""

    id: int | None
    version_id: int
    section: StepSection
    position: int
    text: str
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Deadlines:
    """Yearly revision deadlines (month, day) of A8; the township may set its own."""

    flood: tuple[int, int] = FLOOD_SEASON_DEADLINE
    fire: tuple[int, int] = FIRE_SEASON_DEADLINE


def default_next_revision(
    kind: PlanKind, effective_on: date, deadlines: Deadlines | None = None
) -> date:
    """The default next revision date of a plan that took effect on ``effective_on`` (A8).

    A version serves one season: 防汛, 地质灾害 and 包保责任制 are due again by the 汛前 deadline
    (5月31日 unless set) of the following year, 防火 by the autumn 防火期 deadline (10月1日 unless
    set) of the following year, 地震 one year later.
    """
    deadlines = deadlines or Deadlines()
    year = effective_on.year + 1
    if kind is PlanKind.FIRE:
        return date(year, *deadlines.fire)
    if kind is PlanKind.EARTHQUAKE:
        try:
            return effective_on.replace(year=year)
        except ValueError:  # 29 February
            return date(year, 2, 28)
    return date(year, *deadlines.flood)


def overdue_reason(next_revision_on: date) -> str:
    """The reason shown for an automatic 需修订."""
    return f"已过下次修订截止日期（{next_revision_on.isoformat()}），需重新修订。"


def current_status(version: PlanVersion | None, today: date) -> tuple[PlanStatus, str]:
    """The status of an item whose newest version is ``version``, and the reason of a 需修订.

    A8: an 已生效 version whose next revision date has passed counts as 需修订 without anyone
    changing it (the stored status stays; the reason names the date).
    """
    if version is None:
        return PlanStatus.MISSING, ""
    return status_on(version.status, version.next_revision_on, version.revision_reason, today)


def status_on(
    stored: PlanStatus, next_revision_on: date | None, revision_reason: str, today: date
) -> tuple[PlanStatus, str]:
    """:func:`current_status` from a version's stored status, revision date and reason."""
    if stored is PlanStatus.EFFECTIVE and next_revision_on is not None and next_revision_on < today:
        return PlanStatus.NEEDS_REVISION, overdue_reason(next_revision_on)
    if stored is PlanStatus.NEEDS_REVISION:
        return stored, revision_reason
    return stored, ""


def check_version(version: PlanVersion) -> None:
    """Check one version's fields; raise :class:`ValidationErrors` with every problem."""
    errors: dict[str, str] = {}
    if not version.version.strip():
        errors["version"] = "请填写年度/版本号，例如“2026年版”。"
    for name, label in (("adopted_on", "审议日期"), ("reviewed_on", "审核日期"),
                        ("effective_on", "生效日期")):  # fmt: skip
        value = getattr(version, name)
        if value is not None and value < version.drafted_on:
            errors[name] = (
                f"{label}（{value.isoformat()}）不能早于编制日期（{version.drafted_on.isoformat()}）。"
            )
    if (
        version.next_revision_on is not None
        and version.effective_on is not None
        and version.next_revision_on <= version.effective_on
    ):
        errors["next_revision_on"] = "下次修订截止日期应晚于生效日期。"
    if version.status is PlanStatus.EFFECTIVE:
        missing = [label for value, label in ((version.adopted_on, "审议日期"),
                                              (version.reviewed_on, "审核日期")) if value is None]  # fmt: skip
        if missing:
            errors["status"] = (
                f"预案生效前须经村两委或村民代表会议审议、镇里审核：请先填写{'和'.join(missing)}。"
            )
    if version.status is PlanStatus.NEEDS_REVISION and not version.revision_reason.strip():
        errors["revision_reason"] = "请写明需要修订的原因（如人员变动、演练发现问题）。"
    if errors:
        raise ValidationErrors(errors)


def check_transition(current: PlanStatus, target: PlanStatus) -> None:
    """Refuse a state change that B §1.5 does not allow (Chinese message)."""
    if current is PlanStatus.MISSING:
        raise InvalidTransition("该项预案尚未编制：请先新增一个版本（草稿）。")
    if target is PlanStatus.DRAFT and current is PlanStatus.NEEDS_REVISION:
        raise InvalidTransition("需修订的预案请新增一个版本（新版本从草稿开始）。")
    if target not in TRANSITIONS[current]:
        allowed = "、".join(TRANSITIONS[current]) or "无"
        raise InvalidTransition(f"“{current}”的预案不能改为“{target}”（可改为：{allowed}）。")


def changed_state(
    version: PlanVersion,
    target: PlanStatus,
    today: date,
    *,
    kind: PlanKind,
    reason: str = "",
    deadlines: Deadlines | None = None,
) -> PlanVersion:
    """``version`` moved to ``target`` on ``today`` (checked; dates filled where they follow).

    Taking effect fills the 生效 date (today, if not set) and a default next revision date;
    需修订 keeps ``reason``. An 已生效 version already past its revision date may move to 需修订.
    """
    check_transition(version.status, target)
    out = replace(version, status=target)
    if target is PlanStatus.EFFECTIVE:
        effective = version.effective_on or today
        out = replace(out, effective_on=effective,
                      next_revision_on=version.next_revision_on
                      or default_next_revision(kind, effective, deadlines))  # fmt: skip
    if target is PlanStatus.NEEDS_REVISION:
        out = replace(out, revision_reason=reason.strip())
    check_version(out)
    return out


def new_version_from(
    last: PlanVersion | None, plan_id: int, version: str, drafted_on: date
) -> PlanVersion:
    """A new draft: a copy of ``last``'s content (:data:`CONTENT_FIELDS`) with fresh dates."""
    fresh = PlanVersion(
        id=None, plan_id=plan_id, version=version, drafted_on=drafted_on, status=PlanStatus.DRAFT
    )
    if last is None:
        return fresh
    return replace(fresh, **{name: getattr(last, name) for name in CONTENT_FIELDS})


class ShelterKind(StrEnum):
    """Kinds of place people are moved to (B §1.5 ``Shelter``)."""

    SHELTER = "应急避难场所"
    TEMPORARY = "临时避险点"
    SETTLEMENT = "集中安置点"


@dataclass(frozen=True, slots=True)
class Shelter:
    """应急避难场所 of a village (``village_id``) or of the township (``None``)."""

    id: int | None
    village_id: int | None
    name: str
    place: str
    capacity: int
    area: float | None = None
    manager: str = ""
    manager_phone: str = ""
    facilities: str = ""
    notes: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    kind: ShelterKind = ShelterKind.SHELTER
    #: Hazards the place serves (empty: every hazard).
    hazards: tuple[PlanKind, ...] = ()


def check_shelter(shelter: Shelter) -> None:
    """Check a shelter; raise :class:`ValidationErrors` with every problem."""
    errors: dict[str, str] = {}
    if not shelter.name.strip():
        errors["name"] = "请填写避难场所名称。"
    if not shelter.place.strip():
        errors["place"] = "请填写避难场所的地址或位置。"
    if shelter.capacity <= 0:
        errors["capacity"] = "可容纳人数应大于 0。"
    if shelter.area is not None and shelter.area <= 0:
        errors["area"] = "面积应大于 0 平方米（不知道可留空）。"
    if msg := check_phone(shelter.manager_phone, label="管理员电话"):
        errors["manager_phone"] = msg
    if PlanKind.RESPONSIBILITY in shelter.hazards:
        errors["hazards"] = "适用灾种请选择防火、防汛、地震或地质灾害（不选即为全部）。"
    if errors:
        raise ValidationErrors(errors)


__all__ = [
    "CONTENT_FIELDS",
    "DRAFTED",
    "Deadlines",
    "Plan",
    "PlanKind",
    "PlanStatus",
    "PlanStep",
    "PlanVersion",
    "Shelter",
    "ShelterKind",
    "StepSection",
    "changed_state",
    "check_shelter",
    "check_transition",
    "check_version",
    "current_status",
    "default_next_revision",
    "new_version_from",
    "status_on",
]
