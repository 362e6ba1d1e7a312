"""Domain settings (township identity, numbering, display choices), declared once with defaults."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from safetydesk.domain.documents import DEFAULT_CODES, DocumentKind
from safetydesk.domain.validation import check_phone
from safetydesk.errors import ValidationErrors
from safetydesk.services.changes import Changes, Topic
from safetydesk.storage.settings import SettingsStore

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True, slots=True)
class Setting:
    """One declared setting: key, Chinese label, default."""

    key: str
    label: str
    default: Any


#: Every domain setting with its default. UI-only state lives in QSettings, not here.
SETTINGS: tuple[Setting, ...] = (
    Setting("township_name", "乡镇(街道)名称", ""),
    Setting("county", "所属县(区)", ""),
    Setting("short_name", "文号简称", ""),
    Setting("office_name", "办公室名称", ""),
    Setting("office_phone", "办公电话", ""),
    Setting("risk_scheme", "风险等级显示方式", "ABCD"),
    # 一制四案 (A8): yearly revision deadlines (月-日), the 包保 levels in use, 叫应 escalation.
    Setting("flood_deadline", "汛前修订截止（月-日）", "05-31"),
    Setting("fire_deadline", "防火期前修订截止（月-日）", "10-01"),
    Setting("baobao_levels", "包保层级", "县包乡,乡包村,村包组,组包户,党员/网格员包人"),
    Setting("callout_escalate_minutes", "叫应未应答升级（分钟）", "5"),
    *(
        Setting(f"code_{kind.name.lower()}", f"{kind.value}代字", code)
        for kind, code in DEFAULT_CODES.items()
    ),
)
_BY_KEY = {s.key: s for s in SETTINGS}
#: Accepted values of ``risk_scheme``.
RISK_SCHEMES = ("ABCD", "红橙黄蓝")
_TOWNSHIP_SUFFIXES = ("镇", "乡", "街道", "街道办事处", "苏木", "民族乡")


def code_key(kind: DocumentKind) -> str:
    """Settings key of a document kind's 类别代字."""
    return f"code_{kind.name.lower()}"


@dataclass(frozen=True, slots=True)
class Township:
    """The township this database belongs to, with derived defaults filled in."""

    name: str
    county: str
    short_name: str
    office_name: str
    office_phone: str


class SettingsService:
    """Typed access to the settings table."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._store = SettingsStore(db)

    def values(self) -> dict[str, Any]:
        """Every declared setting (stored value or default)."""
        stored = self._store.all()
        return {s.key: stored.get(s.key, s.default) for s in SETTINGS}

    def get(self, key: str) -> Any:
        """One setting's value (stored or default)."""
        return self.values()[key]

    @property
    def is_initialized(self) -> bool:
        """True once the township was set up (first-run dialog or ``init``)."""
        return bool(self.get("township_name"))

    def township(self) -> Township:
        """The township identity, with 简称 and office name derived when not set."""
        v = self.values()
        name = v["township_name"]
        return Township(
            name=name,
            county=v["county"],
            short_name=v["short_name"] or name[:1],
            office_name=v["office_name"] or (f"{name}安全生产委员会办公室" if name else ""),
            office_phone=v["office_phone"],
        )

    def update(self, **values: Any) -> Changes:
        """Validate and store settings atomically.

        Raises:
            ValidationErrors: A value is unacceptable; nothing is stored.
        """
        errors: dict[str, str] = {}
        clean: dict[str, Any] = {}
        for key, value in values.items():
            if key not in _BY_KEY:
                errors[key] = f"未知的设置项「{key}」。"
                continue
            clean[key] = value.strip() if isinstance(value, str) else value
        merged = {**self.values(), **clean}
        name = merged["township_name"]
        if "township_name" in clean:
            if not name:
                errors["township_name"] = "请填写乡镇(街道)名称，例如“润城镇”。"
            elif not name.endswith(_TOWNSHIP_SUFFIXES):
                errors["township_name"] = (
                    f"「{name}」不像乡镇(街道)名称：请写全称，以“镇”“乡”或“街道”结尾，例如“润城镇”。"
                )
            elif len(name) > 20:
                errors["township_name"] = "乡镇(街道)名称太长：最多 20 字。"
        if "county" in clean and not merged["county"]:
            errors["county"] = "请填写所属县(区)，例如“阳城县”。"
        short = merged["short_name"]
        if short and (len(short) > 4 or any(c in short for c in "〔〕()（）[]【】 ")):
            errors["short_name"] = "文号简称最多 4 个字，且不含括号和空格，例如“润”。"
        msg = check_phone(merged["office_phone"], label="办公电话")
        if msg:
            errors["office_phone"] = msg
        for kind in DocumentKind:
            key = code_key(kind)
            code = merged[key]
            if not code or len(code) > 6 or any(c in code for c in "〔〕()（）[]【】 0123456789"):
                errors[key] = f"{kind.value}的类别代字应为 1–6 个汉字，不含括号、空格和数字，例如“安通”。"
        if merged["risk_scheme"] not in RISK_SCHEMES:
            errors["risk_scheme"] = "风险等级显示方式只能是 ABCD 或 红橙黄蓝。"
        errors.update(_plan_setting_errors(merged))
        if errors:
            raise ValidationErrors(errors)
        with self.db.atomic():
            for key, value in clean.items():
                self._store.put(key, value=value)
        return Changes.of(Topic.SETTINGS)

    def initialize(
        self,
        *,
        township_name: str,
        county: str,
        short_name: str = "",
        office_name: str = "",
        office_phone: str = "",
    ) -> Changes:
        """First-run set-up of the township (all fields validated together)."""
        return self.update(
            township_name=township_name,
            county=county,
            short_name=short_name,
            office_name=office_name,
            office_phone=office_phone,
        )


def month_day(text: str) -> tuple[int, int] | None:
    """A ``月-日`` setting ("05-31", "5-31", "5月31日") as (month, day), or None when invalid."""
    cleaned = text.strip().replace("月", "-").replace("日", "").replace("/", "-")
    parts = cleaned.split("-")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        return None
    month, day = int(parts[0]), int(parts[1])
    try:
        date(2001, month, day)  # not a leap year: 2月29日 is refused
    except ValueError:
        return None
    return month, day


def baobao_levels(text: str) -> list[str]:
    """The 包保 levels a ``baobao_levels`` setting names, in its order."""
    return [p.strip() for p in text.replace("，", ",").replace("、", ",").split(",") if p.strip()]


def _plan_setting_errors(merged: dict[str, Any]) -> dict[str, str]:
    from safetydesk.domain.baobao import BaobaoLevel

    errors: dict[str, str] = {}
    for key, label in (("flood_deadline", "汛前修订截止"), ("fire_deadline", "防火期前修订截止")):
        if month_day(str(merged[key])) is None:
            errors[key] = f"{label}日期「{merged[key]}」看不懂：请写 月-日，例如 05-31。"
    names = [level.value for level in BaobaoLevel]
    levels = baobao_levels(str(merged["baobao_levels"]))
    unknown = [x for x in levels if x not in names]
    if unknown or not levels:
        errors["baobao_levels"] = (
            f"包保层级只能从 {'、'.join(names)} 中选，用逗号分隔"
            + (f"（“{'、'.join(unknown)}”不是包保层级）。" if unknown else "，至少一个。")
        )
    minutes = str(merged["callout_escalate_minutes"]).strip()
    if not minutes.isdigit() or not 1 <= int(minutes) <= 120:
        errors["callout_escalate_minutes"] = "叫应未应答升级时间请填 1–120 之间的分钟数，例如 5。"
    return errors
