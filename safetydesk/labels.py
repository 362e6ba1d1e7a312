"""Chinese labels of record fields, shared by the GUI, exports, imports and printed forms (no Qt).

The label of a field is also the column header of exported spreadsheets, and the importer accepts
it (plus the synonyms in :data:`IMPORT_SYNONYMS`), so an exported list can be imported again.
"""

from __future__ import annotations

from safetydesk.domain.common import RISK_COLOURS, RISK_LEVELS

#: 村(社区) fields in display order → label.
VILLAGE_FIELDS: dict[str, str] = {
    "name": "村(社区)名称",
    "kind": "类型",
    "region_code": "统计用区划代码",
    "group_count": "村民小组数",
    "households": "户数",
    "population": "人口",
    "secretary": "党组织书记",
    "secretary_phone": "书记电话",
    "director": "主任",
    "director_phone": "主任电话",
    "grid_worker": "网格员",
    "grid_worker_phone": "网格员电话",
    "notes": "备注",
}

#: 单位场所 fields in display order → label (``village_id`` is shown as the village name).
UNIT_FIELDS: dict[str, str] = {
    "name": "单位场所名称",
    "type": "类型",
    "subtype": "九小场所类别",
    "village_id": "所属村(社区)",
    "address": "地址",
    "uscc": "统一社会信用代码",
    "legal_rep": "法定代表人",
    "contact": "安全联系人",
    "contact_phone": "联系电话",
    "scale": "规模",
    "risk": "风险等级",
    "department": "监管责任部门",
    "notes": "备注",
}

#: 人员 fields in display order → label.
PERSON_FIELDS: dict[str, str] = {
    "name": "姓名",
    "role": "角色",
    "organisation": "单位/职务",
    "village_id": "所属村(社区)",
    "mobile": "手机",
    "phone": "其他电话",
    "cert_no": "执法证号",
    "notes": "备注",
}

#: Header variants the spreadsheet importer accepts, per field (besides the label itself).
IMPORT_SYNONYMS: dict[str, tuple[str, ...]] = {
    # villages
    "village.name": ("村名", "村(社区)", "村（社区）名称", "名称", "村社区名称", "行政村", "社区名称", "村委会名称"),
    "village.kind": ("村/社区", "类别", "村社区类型"),
    "village.region_code": ("区划代码", "统计用区划代码和城乡划分代码", "行政区划代码", "代码"),
    "village.group_count": ("村民小组", "组数", "村民小组(个)", "小组数"),
    "village.households": ("总户数", "户数(户)", "户籍户数"),
    "village.population": ("人口数", "总人口", "户籍人口", "人口(人)"),
    "village.secretary": ("书记", "支部书记", "党支部书记", "党总支书记"),
    "village.secretary_phone": ("书记手机", "书记联系电话"),
    "village.director": ("村委会主任", "村主任", "居委会主任"),
    "village.director_phone": ("主任手机", "主任联系电话"),
    "village.grid_worker": ("安全网格员", "网格员姓名"),
    "village.grid_worker_phone": ("网格员手机", "网格员联系电话"),
    "village.notes": ("说明",),
    # units
    "unit.name": ("单位名称", "企业名称", "场所名称", "名称", "单位(场所)名称", "被检查单位"),
    "unit.type": ("单位类型", "场所类型", "行业类别", "检查对象类别", "类别"),
    "unit.subtype": ("九小类别", "九小场所类型", "细类"),
    "unit.village_id": ("所在村", "所属村", "村(社区)", "所在社区", "所属村（社区）", "所在村(社区)"),
    "unit.address": ("详细地址", "经营地址", "单位地址"),
    "unit.uscc": ("信用代码", "社会信用代码", "统一代码", "营业执照号"),
    "unit.legal_rep": ("法人", "法定代表人(负责人)", "负责人", "法人代表"),
    "unit.contact": ("联系人", "安全负责人", "安全管理人员"),
    "unit.contact_phone": ("电话", "联系方式", "手机", "联系人电话"),
    "unit.scale": ("企业规模", "规上/规下", "是否规上"),
    "unit.risk": ("风险分级", "风险级别", "风险等级(ABCD)"),
    "unit.department": ("监管部门", "行业主管部门", "责任部门"),
    "unit.notes": ("说明",),
}


def risk_label(risk: str, scheme: str = "ABCD") -> str:
    """Display text of a stored risk class under the chosen scheme ("ABCD" or "红橙黄蓝")."""
    if not risk:
        return ""
    if scheme == "红橙黄蓝" and risk in RISK_LEVELS:
        return RISK_COLOURS[RISK_LEVELS.index(risk)]
    return risk


def risk_from_text(text: str) -> str | None:
    """Stored risk class of a user's text ("A", "a", "红", "红色", "重大风险" …); None if unknown."""
    t = text.strip().upper().removesuffix("级").removesuffix("色").removesuffix("类")
    if t in RISK_LEVELS:
        return t
    if t in RISK_COLOURS:
        return RISK_LEVELS[RISK_COLOURS.index(t)]
    words = {"重大风险": "A", "较大风险": "B", "一般风险": "C", "低风险": "D"}
    return words.get(text.strip())
