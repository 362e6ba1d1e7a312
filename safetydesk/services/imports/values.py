"""Cell values of the register import: enum spellings, village matching (Qt-free).

Used by :mod:`safetydesk.services.imports.registers`; each parser raises
:class:`~safetydesk.services.imports.cells.CellError` with a Chinese message when a value is not
understood.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from safetydesk.domain.common import NINE_SMALL_SUBTYPES, Scale, UnitType, Village, VillageKind
from safetydesk.labels import risk_from_text
from safetydesk.services.imports.cells import CellError

_VILLAGE_KINDS = {
    "村": VillageKind.VILLAGE,
    "行政村": VillageKind.VILLAGE,
    "村委会": VillageKind.VILLAGE,
    "村民委员会": VillageKind.VILLAGE,
    "村委": VillageKind.VILLAGE,
    "社区": VillageKind.COMMUNITY,
    "居委会": VillageKind.COMMUNITY,
    "居民委员会": VillageKind.COMMUNITY,
    "社区居委会": VillageKind.COMMUNITY,
    "居委": VillageKind.COMMUNITY,
}
_SCALES = {
    **dict.fromkeys(
        ("规上", "规模以上", "规模以上企业", "规上企业", "是", "Y", "YES", "√"), Scale.ABOVE
    ),
    **dict.fromkeys(
        ("规下", "规模以下", "规模以下企业", "规下企业", "否", "N", "NO", "×"), Scale.BELOW
    ),
}
#: Extra spellings of unit types (besides each value, its "/" parts and its value minus a suffix).
_TYPE_EXTRAS: dict[str, UnitType] = {
    "工贸": UnitType.INDUSTRY,
    "工贸行业": UnitType.INDUSTRY,
    "工业企业": UnitType.INDUSTRY,
    "矿山": UnitType.MINE,
    "危化品": UnitType.CHEMICALS,
    "危化": UnitType.CHEMICALS,
    "危化企业": UnitType.CHEMICALS,
    "危险化学品企业": UnitType.CHEMICALS,
    "九小": UnitType.NINE_SMALL,
    "人员密集": UnitType.CROWDED,
    "自建房": UnitType.SELF_BUILT,
    "燃气": UnitType.GAS,
    "电动车": UnitType.EBIKE,
    "电动自行车": UnitType.EBIKE,
    "森林防火": UnitType.FOREST,
    "建筑工地": UnitType.CONSTRUCTION,
    "建筑施工": UnitType.CONSTRUCTION,
    "在建工程": UnitType.CONSTRUCTION,
    "集贸市场": UnitType.MARKET,
    "农贸市场": UnitType.MARKET,
    "集市": UnitType.MARKET,
    "校外培训机构": UnitType.SCHOOL,
    "仓储": UnitType.WAREHOUSE,
    "物流": UnitType.WAREHOUSE,
    "地质灾害": UnitType.GEOHAZARD,
    "地灾隐患点": UnitType.GEOHAZARD,
    "水利": UnitType.WATER,
    "其它": UnitType.OTHER,
}
#: Everyday names of the 九小场所 sub-types.
_SUBTYPE_EXTRAS = {
    "其它": "其他",
    "饭店": "小饭店",
    "餐馆": "小饭店",
    "餐饮": "小饭店",
    "小餐饮": "小饭店",
    "超市": "小商场",
    "商店": "小商场",
    "小超市": "小商场",
    "小卖部": "小商场",
    "旅馆": "小旅馆",
    "宾馆": "小旅馆",
    "民宿": "小旅馆",
    "诊所": "小医疗场所",
    "卫生室": "小医疗场所",
    "小作坊": "小生产加工企业",
    # Names of the older 九小 list that offices still use.
    "小学校": "小教学场所",
    "幼儿园": "小教学场所",
    "小学校/幼儿园": "小教学场所",
    "小学校幼儿园": "小教学场所",
    "小医院": "小医疗场所",
    "小医院/诊所": "小医疗场所",
    "小医院诊所": "小医疗场所",
    "小商店": "小商场",
    "小歌舞娱乐": "小公共娱乐场所",
    "小网吧": "小公共娱乐场所",
    "小美容洗浴": "小休闲健身场所",
}
#: Endings offices add to or drop from a sub-type ("小医疗机构", "小教学" for 小教学场所).
_SUBTYPE_ENDINGS = ("场所", "机构", "单位")
_VILLAGE_SUFFIXES = (
    ("村民委员会", "村"),
    ("居民委员会", "社区"),
    ("社区居委会", "社区"),
    ("村委会", "村"),
    ("居委会", "社区"),
    ("委员会", None),
)
_NOISE = re.compile(r"[\s()（）\-—/:：·、]+")


def norm_header(text: str) -> str:
    """Full-width → half-width, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _build_types() -> dict[str, UnitType]:
    out: dict[str, UnitType] = {}
    for t in UnitType:
        for name in (t.value, *t.value.split("/"), t.value.replace("(农)", "")):
            out[norm_header(name)] = t
            for suffix in ("企业", "场所", "用户", "设施"):
                base = name.removesuffix(suffix)
                if base != name and len(base) >= 2:
                    out.setdefault(norm_header(base), t)
    out.update({norm_header(k): v for k, v in _TYPE_EXTRAS.items()})
    return out


_TYPES = _build_types()


def parse_village_kind(text: str, name: str) -> VillageKind:
    """村/社区 from common spellings; empty → inferred from the name (…社区/…居委会 → 社区)."""
    t = norm_header(text)
    if not t:
        n = norm_header(name)
        return VillageKind.COMMUNITY if n.endswith(("社区", "居委会")) else VillageKind.VILLAGE
    if t in _VILLAGE_KINDS:
        return _VILLAGE_KINDS[t]
    raise CellError(f"「{text}」不是有效的类型：请填写“村”或“社区”（也可留空，按名称判断）。")


def parse_subtype(text: str) -> str:
    """九小场所 sub-type of a user's text ("饭店" → "小饭店"); unknown text is returned as is."""
    t = norm_header(text).replace("／", "/")
    if t in _SUBTYPE_EXTRAS:
        return _SUBTYPE_EXTRAS[t]
    stem = t
    for ending in _SUBTYPE_ENDINGS:
        stem = stem.removesuffix(ending)
    for candidate in (t, "小" + t, stem, stem + "场所", "小" + stem, "小" + stem + "场所"):
        if candidate in NINE_SMALL_SUBTYPES:
            return candidate
        if candidate in _SUBTYPE_EXTRAS:
            return _SUBTYPE_EXTRAS[candidate]
    return text.strip()


def parse_unit_type(text: str, subtype: str = "") -> tuple[UnitType, str]:
    """Unit type and 九小场所 sub-type of the 类型 (and 九小场所类别) cells.

    Accepts the type names and obvious variants, "九小场所（小饭店）", and a bare sub-type such as
    "小饭店" (→ 九小场所/小饭店). An empty type is 九小场所 when the sub-type is known, else 其他.

    Raises:
        CellError: The type is not recognised.
    """
    t = norm_header(text)
    sub = parse_subtype(subtype) if subtype.strip() else ""
    if t.startswith("九小"):
        rest = _NOISE.sub("", t.removeprefix("九小场所").removeprefix("九小"))
        return UnitType.NINE_SMALL, sub or (parse_subtype(rest) if rest else "")
    if t in _TYPES:
        return _TYPES[t], sub
    if t in NINE_SMALL_SUBTYPES and t != "其他":
        return UnitType.NINE_SMALL, t
    if not t:
        if sub and sub in NINE_SMALL_SUBTYPES and sub != "其他":
            return UnitType.NINE_SMALL, sub
        return UnitType.OTHER, sub
    names = "、".join(u.value for u in UnitType)
    raise CellError(
        f"「{text}」不是有效的单位类型。请填写以下之一：{names}。"
        "九小场所可写成“九小场所（小饭店）”或只写“小饭店”。"
    )


def parse_scale(text: str) -> Scale | None:
    """规上/规下 from common spellings; empty → None."""
    t = norm_header(text).upper()
    if not t:
        return None
    if t in _SCALES:
        return _SCALES[t]
    raise CellError(f"「{text}」无法识别：请填写“规上”或“规下”，不清楚可留空。")


def parse_risk(text: str) -> str:
    """Stored risk class (A–D) of a user's text; empty → ""."""
    if not text.strip():
        return ""
    risk = risk_from_text(text)
    if risk is None:
        raise CellError(f"「{text}」无法识别：请填写 A/B/C/D 或 红/橙/黄/蓝，不清楚可留空。")
    return risk


# -- villages by name ------------------------------------------------------------------------------
def _village_key(text: str) -> tuple[str, str | None]:
    """(base name, 村/社区 hint): "润城村委会" → ("润城", "村"); "城关社区" → ("城关", "社区")."""
    s = norm_header(text)
    hint: str | None = None
    for suffix, h in _VILLAGE_SUFFIXES:
        if s.endswith(suffix) and len(s) > len(suffix):
            s, hint = s[: -len(suffix)], h
            break
    if s.endswith("社区") and len(s) > 2:
        s, hint = s[:-2], hint or "社区"
    elif s.endswith("村") and len(s) > 1:
        s, hint = s[:-1], hint or "村"
    return s, hint


class VillageIndex:
    """Finds the active village a unit's 所属村 cell means (exact name, then normalised)."""

    def __init__(self, villages: list[Village]) -> None:
        self.villages = villages
        self._exact = {v.name: v for v in villages}
        self._by_key: dict[str, list[Village]] = {}
        for v in villages:
            self._by_key.setdefault(_village_key(v.name)[0], []).append(v)

    def new_name(self, text: str) -> str | None:
        """The name a village the text names would be registered under ("下庄村委会" → "下庄村").

        None when the text is empty or differs from a registered village only by 村/社区/委员会
        (then it is ambiguous or misspelt, not new).
        """
        base, hint = _village_key(text)
        if not base or base in self._by_key:
            return None
        return base + hint if hint else text.strip()

    def find(self, text: str) -> Village:
        """The village; raises :class:`CellError` naming close names when none or several fit."""
        name = text.strip()
        if name in self._exact:
            return self._exact[name]
        base, hint = _village_key(name)
        found = self._by_key.get(base, [])
        if len(found) > 1 and hint:
            found = [v for v in found if v.kind.value == hint] or found
        if len(found) == 1:
            return found[0]
        if not self.villages:
            raise CellError(
                "还没有登记任何村(社区)。请先在“村(社区)”中登记或导入村(社区)名录，再导入单位场所。"
            )
        if found:
            names = "、".join(v.name for v in found)
            raise CellError(f"「{name}」可能是 {names}，无法确定。请改成其中一个的完整名称。")
        known = [v.name for v in self.villages]
        close = difflib.get_close_matches(name, known, n=5, cutoff=0.3) or known[:5]
        more = "等" if len(known) > len(close) else ""
        raise CellError(
            f"找不到「{name}」。请先在“村(社区)”中登记，或改成已登记的名称："
            f"{'、'.join(close)}{more}。"
        )


# -- plan ------------------------------------------------------------------------------------------
