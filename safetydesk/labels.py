"""Chinese labels of record fields, shared by the GUI, exports, imports and printed forms (no Qt).

The label of a field is also the column header of exported spreadsheets, and the importer accepts
it (plus the synonyms in :data:`IMPORT_SYNONYMS`), so an exported list can be imported again.
"""

from __future__ import annotations

from datetime import date

from safetydesk.domain.common import RISK_COLOURS, RISK_LEVELS
from safetydesk.domain.hazards import EventDetails, Hazard
from safetydesk.domain.major_hazards import basis_text, five_text
from safetydesk.domain.schedule import format_cn

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
    # hazard ledgers (DOMAIN.md §7; the canonical headers are in services/imports/hazard_rows.py)
    "hazard.found_on": ("检查日期", "排查日期", "排查时间", "检查时间", "发现时间", "发现日期", "隐患发现日期", "检查(排查)时间"),
    "hazard.found_by": ("检查人", "排查人", "排查人员", "发现人"),
    "hazard.unit": ("企业名称", "被检查单位", "场所名称", "检查企业名称", "单位场所名称", "单位(场所)名称", "被检查单位名称"),
    "hazard.village": ("所在村", "村(社区)", "所在社区", "所属村", "所在村(社区)", "村社区", "所属社区"),
    "hazard.location": ("部位", "隐患地址", "位置", "区域", "隐患位置"),
    "hazard.description": ("隐患内容", "隐患名称", "存在问题", "存在问题汇总", "问题描述", "隐患情况"),
    "hazard.category": ("隐患类型",),
    "hazard.level": ("隐患级别", "等级", "级别"),
    "hazard.basis": ("重大隐患判定依据", "判定标准"),
    "hazard.measures": ("治理措施", "整改要求", "整改意见", "整改方案", "整改要求/措施", "治理方案"),
    "hazard.funds": ("整改资金", "治理资金", "资金", "投入资金"),
    "hazard.responsible_person": ("责任人", "负责人", "整改负责人"),
    "hazard.responsible_phone": ("电话", "联系方式", "责任人电话"),
    "hazard.responsible_unit": ("责任单位", "整改责任单位", "整改责任部门"),
    "hazard.deadline": ("完成时限", "整改时限", "计划完成日期", "计划治理期限", "限期"),
    "hazard.rectified_on": ("整改完成时间", "实际治理日期", "完成日期", "实际完成日期", "完成时间"),
    "hazard.rechecked_by": ("复查人", "验收人", "复查人员", "验收人员"),
    "hazard.rechecked_on": ("复查时间", "验收时间", "验收日期", "复查(验收)日期"),
    "hazard.result": ("验收结果", "整改情况", "复查意见", "验收意见"),
    "hazard.status": ("治理状态", "是否整改", "状态", "完成情况"),
    "hazard.closed": ("销号",),
    "hazard.closed_on": ("销号时间",),
    "hazard.notes": ("说明",),
    "hazard.orig_code": ("原隐患编号",),
    "hazard.source": ("来源",),
    "hazard.township": ("所属乡镇", "乡镇", "所在乡镇", "乡镇(街道)", "所在镇(街道)"),
    "hazard.unit_type": ("单位类型", "企业类别", "场所类型"),
    "hazard.unit_sector": ("行业", "行业类别", "行业领域", "所属行业"),
    "hazard.count": ("隐患数量",),
    "hazard.major_count": ("重大隐患数量",),
    "hazard.doc_name": ("执法文书1", "文书名称"),
    "hazard.doc_no": ("文书文号1", "文书编号", "通知书文号", "整改通知书文号"),
    "hazard.interim": ("整改期间安全措施", "防范措施"),
    "hazard.listed": ("是否挂牌", "挂牌督办"),
    "hazard.listed_level": ("督办级别",),
    "hazard.listed_body": ("督办部门",),
    "hazard.listed_on": ("挂牌日期",),
    "hazard.accepted_unit": ("验收部门",),
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


def due_text(hazard: Hazard) -> str:
    """整改期限 as printed and shown: 立即, a date such as 2026年11月27日, or "" when none."""
    if hazard.immediate:
        return "立即"
    return format_cn(hazard.due_on) if hazard.due_on else ""


def day_text(day: date | None) -> str:
    """A date as lists and details show it (2026-11-23), "" when there is none."""
    return day.isoformat() if day else ""


#: Labels of the details an action records (:class:`EventDetails` fields), in display order.
DETAIL_LABELS: tuple[tuple[str, str], ...] = (
    ("inspectors", "检查人员"),
    ("rechecked_by", "复查人"),
    ("opinion", "复查意见"),
    ("requested_on", "申请日期"),
    ("reason", "原因"),
    ("approver", "批准人"),
    ("new_due_on", "新整改期限"),
    ("old_due_on", "原期限"),
    ("department", "移交部门"),
    ("accepted_unit", "验收单位"),
    ("accepted_by", "验收人"),
)


def detail_lines(details: EventDetails) -> list[str]:
    """The details an action filled, as "复查人：王建国、李明" lines (timelines, ``hazard show``)."""
    parts = []
    for key, label in DETAIL_LABELS:
        value = getattr(details, key)
        if value in (None, "", ()):
            continue
        if isinstance(value, tuple):
            value = "、".join(str(v) for v in value)
        parts.append(f"{label}：{value}")
    return parts


def major_lines(hazard: Hazard) -> list[str]:
    """What a 重大 hazard records beyond the common fields, as "判定依据：…" lines (``hazard
    show``): 判定依据 (or 待补录), 五到位 as computed from the fields, 双报告, 挂牌督办, 预案.
    Empty for a 一般 hazard."""
    if not hazard.major:
        return []
    lines = [f"判定依据：{basis_text(hazard)}", f"五到位：{five_text(hazard)}"]
    lines.append(f"双报告：{day_text(hazard.dual_report_on) or '未报告'}")
    if hazard.listed:
        listed = "　".join(p for p in (hazard.listed_level, hazard.listed_body,
                                       day_text(hazard.listed_on)) if p)  # fmt: skip
        lines.append(f"挂牌督办：{listed}")
    if hazard.emergency_plan.strip():
        lines.append(f"应急预案：{hazard.emergency_plan.strip()}")
    return lines
