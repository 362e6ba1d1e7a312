"""Field checks of the registers, with Chinese messages that say what is wrong and how to fix it.

Each ``check_*`` returns ``None`` when the value is acceptable, else the message. The record-level
``validate_*`` functions return ``{field: message}`` for every bad field (empty when valid); the
services turn a non-empty result into :class:`~safetydesk.errors.ValidationErrors`.
"""

from __future__ import annotations

import re

from safetydesk.domain.common import (
    NINE_SMALL_SUBTYPES,
    RISK_LEVELS,
    Person,
    Unit,
    UnitType,
    Village,
    VillageKind,
)

#: 11-digit mainland mobile number.
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
#: Landline with optional area code and extension.
_PHONE_RE = re.compile(r"^(0\d{2,3}-?)?[2-9]\d{6,7}(-\d{1,6})?$")
#: Short service numbers (110, 119, 120, 122, 12119 forest fire, 12345 hotline, 95598 power …).
_SERVICE_RE = re.compile(r"^(11[0-9]|12[0-2]|12\d{3}|95\d{3}|96\d{3})$")
#: Characters allowed in a 统一社会信用代码 (GB 32100: no I, O, Z, S, V).
_USCC_ALPHABET = frozenset("0123456789ABCDEFGHJKLMNPQRTUWXY")
#: Province-level prefixes of GB/T 2260 区划代码.
_PROVINCES = frozenset(
    ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"]
)
#: Maximum lengths of free-text fields (a form that would not fit any printed form is refused).
NAME_MAX = 60
TEXT_MAX = 2000


def normalize_phone(value: str) -> str:
    """Strip spaces and unify dashes so "138 0000 1234" and "0356－1234567" compare equal."""
    return re.sub(r"[\s()（）]", "", value).replace("－", "-").replace("—", "-")


def check_mobile(value: str, *, label: str = "手机号") -> str | None:
    """Check an 11-digit mobile number (empty is accepted; required-ness is checked elsewhere)."""
    v = normalize_phone(value).replace("-", "")
    if not v:
        return None
    if not v.isdigit():
        return f"{label}「{value}」含有非数字字符：请只填写 11 位数字，例如 13800001234。"
    if len(v) != 11:
        return f"{label}「{value}」是 {len(v)} 位：手机号应为 11 位数字，例如 13800001234。"
    if not _MOBILE_RE.match(v):
        return f"{label}「{value}」不是有效的手机号：应以 13–19 开头，例如 13800001234。"
    return None


def check_phone(value: str, *, label: str = "电话") -> str | None:
    """Check a phone that may be a mobile, a landline (0356-6221234; local numbers start with 2–9) or a short service number."""
    v = normalize_phone(value)
    if not v:
        return None
    if _MOBILE_RE.match(v.replace("-", "")) or _PHONE_RE.match(v) or _SERVICE_RE.match(v):
        return None
    return (
        f"{label}「{value}」格式不对：请填写 11 位手机号（13800001234）"
        "或带区号的座机（0356-6221234，本地号码以 2–9 开头）。"
    )


def check_uscc(value: str) -> str | None:
    """Check a 统一社会信用代码 (18 characters, GB 32100 check digit)."""
    v = value.strip().upper()
    if not v:
        return None
    if len(v) != 18:
        return (
            f"统一社会信用代码「{value}」是 {len(v)} 位：应为 18 位（数字和大写字母）。"
            "没有代码的场所请留空。"
        )
    # stdnum's validate() wants eight leading digits, which refuses the real codes of
    # 农村集体经济组织 ("N2…") and other registration bodies; check the layout ourselves and
    # use its GB 32100 check-digit routine.
    if any(c not in _USCC_ALPHABET for c in v):
        return (
            f"统一社会信用代码「{value}」含有不允许的字符：只能有数字和大写字母（不含 I、O、Z、S、V）。"
        )
    if not v[2:8].isdigit():
        return f"统一社会信用代码「{value}」第 3–8 位应为行政区划代码（6 位数字），请核对。"
    from stdnum.cn import uscc as stdnum_uscc  # loaded on first use: keeps start-up short

    if v[-1] != stdnum_uscc.calc_check_digit(v[:17]):
        return f"统一社会信用代码「{value}」校验位不对：请对照营业执照逐位核对，常见错误是 0/O、1/I 混淆。"
    return None


def check_region_code(value: str, kind: VillageKind | None = None) -> str | None:
    """Check a 12-digit 统计用区划代码 of a village-level unit.

    The national coding puts 居委会/社区 at 001–199 (and 400–499) and 村委会 at 200–399 (and
    500–599) in the last three digits; a code outside its kind's range is refused.
    """
    v = value.strip()
    if not v:
        return None
    if not v.isdigit() or len(v) != 12:
        return f"统计用区划代码「{value}」应为 12 位数字（县 6 位 + 乡镇 3 位 + 村 3 位），例如 140522102200。"
    if v[:2] not in _PROVINCES:
        return f"统计用区划代码「{value}」的前两位 {v[:2]} 不是有效的省级代码，请核对。"
    if v[9:] == "000" or v[6:9] == "000":
        return f"统计用区划代码「{value}」不是村级代码：最后三位和第 7–9 位都不能是 000。"
    last = int(v[9:])
    if kind is VillageKind.COMMUNITY and not (1 <= last <= 199 or 400 <= last <= 499):
        return f"统计用区划代码「{value}」是村委会的代码（末三位 {v[9:]}），社区的末三位应在 001–199。"
    if kind is VillageKind.VILLAGE and not (200 <= last <= 399 or 500 <= last <= 599):
        return f"统计用区划代码「{value}」是社区的代码（末三位 {v[9:]}），村的末三位应在 200–399。"
    return None


def _check_name(value: str, label: str) -> str | None:
    if not value.strip():
        return f"请填写{label}。"
    if len(value) > NAME_MAX:
        return f"{label}太长（{len(value)} 字）：最多 {NAME_MAX} 字。"
    return None


def _check_count(value: int | None, label: str) -> str | None:
    if value is None:
        return None
    if value < 0:
        return f"{label}不能是负数。"
    if value > 10_000_000:
        return f"{label}「{value}」过大，请核对。"
    return None


def _check_texts(record: object, fields: tuple[str, ...], errors: dict[str, str]) -> None:
    for f in fields:
        text = getattr(record, f)
        if isinstance(text, str) and len(text) > TEXT_MAX:
            errors.setdefault(f, f"内容太长（{len(text)} 字），最多 {TEXT_MAX} 字。")


def _put(errors: dict[str, str], field: str, message: str | None) -> None:
    if message:
        errors.setdefault(field, message)


def validate_village(v: Village) -> dict[str, str]:
    """All field errors of a village record."""
    errors: dict[str, str] = {}
    _put(errors, "name", _check_name(v.name, "村(社区)名称"))
    _put(errors, "region_code", check_region_code(v.region_code, v.kind))
    _put(errors, "group_count", _check_count(v.group_count, "村民小组数"))
    _put(errors, "households", _check_count(v.households, "户数"))
    _put(errors, "population", _check_count(v.population, "人口"))
    if v.households and v.population is not None and v.population < v.households:
        _put(errors, "population", f"人口（{v.population}）少于户数（{v.households}），请核对。")
    _put(errors, "secretary_phone", check_phone(v.secretary_phone, label="书记电话"))
    _put(errors, "director_phone", check_phone(v.director_phone, label="主任电话"))
    _put(errors, "grid_worker_phone", check_phone(v.grid_worker_phone, label="网格员电话"))
    _check_texts(v, ("notes",), errors)
    return errors


def validate_unit(u: Unit) -> dict[str, str]:
    """All field errors of a unit/place record (village existence is checked by the service)."""
    errors: dict[str, str] = {}
    _put(errors, "name", _check_name(u.name, "单位场所名称"))
    if u.type is UnitType.NINE_SMALL and u.subtype not in NINE_SMALL_SUBTYPES:
        choices = "、".join(NINE_SMALL_SUBTYPES)
        _put(
            errors,
            "subtype",
            f"「{u.subtype}」不是九小场所的类别，请选择其中之一：{choices}。"
            if u.subtype.strip()
            else "九小场所请选择具体类别（小商场、小饭店、小旅馆……或“其他”）。",
        )
    if u.village_id is None:
        _put(errors, "village_id", "请选择所属村(社区)。")
    _put(errors, "uscc", check_uscc(u.uscc))
    _put(errors, "contact_phone", check_phone(u.contact_phone, label="联系电话"))
    if u.risk and u.risk not in RISK_LEVELS:
        _put(errors, "risk", f"风险等级「{u.risk}」无效：请选择 A/B/C/D（红/橙/黄/蓝）之一。")
    _check_texts(u, ("address", "notes", "department"), errors)
    return errors


def validate_person(p: Person) -> dict[str, str]:
    """All field errors of a person record."""
    errors: dict[str, str] = {}
    _put(errors, "name", _check_name(p.name, "姓名"))
    _put(errors, "mobile", check_mobile(p.mobile))
    _put(errors, "phone", check_phone(p.phone, label="其他电话"))
    if p.cert_no and len(p.cert_no.strip()) > 30:
        _put(errors, "cert_no", "执法证号太长：最多 30 个字符。")
    _check_texts(p, ("notes", "organisation"), errors)
    return errors
