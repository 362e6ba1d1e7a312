"""Texts of the demo's 一制四案 parts: 应急处置卡 steps, supplies, the township's fixed contacts.

Kept apart from :mod:`.plan_parts`, which decides who and what each village has. The numbers of
the township's own offices are invented landlines of the demo (0356-4000xxx, like the office's);
the 报警求助电话 are the real national short numbers.
"""

from __future__ import annotations

from safetydesk.domain.baobao import VulnerableKind
from safetydesk.domain.plan_parts import ContactCategory, RiskKind
from safetydesk.domain.plans import PlanKind

#: Where every card says to report, and its number.
DUTY_ROOM = "润城镇政府值班室"
DUTY_PHONE = "0356-4000100"

#: The entries every village's 通讯录 shares: (category, name, post, phone).
FIXED_CONTACTS: tuple[tuple[ContactCategory, str, str, str], ...] = (
    (ContactCategory.TOWNSHIP_DUTY, DUTY_ROOM, "24小时值班", DUTY_PHONE),
    (ContactCategory.EMERGENCY_NUMBER, "火警", "消防救援", "119"),
    (ContactCategory.EMERGENCY_NUMBER, "急救", "医疗急救", "120"),
    (ContactCategory.EMERGENCY_NUMBER, "报警", "公安", "110"),
    (ContactCategory.EMERGENCY_NUMBER, "森林火警", "森林草原火情报告", "12119"),
    (ContactCategory.COUNTY_DUTY, "阳城县应急管理局值班室", "24小时值班", "0356-4000119"),
    (ContactCategory.POWER, "润城供电所", "抢修值班", "0356-4000195"),
    (ContactCategory.CLINIC, "润城镇卫生院", "急诊", "0356-4000120"),
    (ContactCategory.POLICE, "润城派出所", "值班室", "0356-4000110"),
)

#: Triggers of the cards by hazard.
CARD_TRIGGERS: dict[PlanKind, str] = {
    PlanKind.FLOOD: "收到暴雨、山洪橙色及以上预警，或发现沟道水位暴涨、山体异响",
    PlanKind.GEOLOGICAL: "收到地质灾害气象风险预警，或发现裂缝加宽、房屋变形、地面塌陷",
    PlanKind.FIRE: "发现林区、坟地或村庄起火冒烟，或收到森林火险高等级预警",
}

#: Steps of the cards: (role, hazard) → at most 8 steps (B §1.6).
CARD_STEPS: dict[tuple[str, PlanKind], tuple[str, ...]] = {
    ("村党支部书记", PlanKind.FLOOD): (
        "接到预警后5分钟内回复镇值班室“收到”，通知村应急工作组成员到岗",
        "组织网格员、包户党员逐户通知危险区群众，敲锣、喊话、大喇叭同步预警",
        "安排监测员加密巡查沟道、河道、淤地坝，每小时报告一次水情",
        "发出准备转移信号，重点人群（独居老人、留守儿童、残疾人）先转移",
        "发出立即转移信号，按路线把危险区群众全部转移到避难场所，逐户清点",
        "设置警戒，劝阻群众返回危险区取物，封闭漫水路段",
        "每2小时向镇值班室报告转移人数和险情，重大险情立即报告",
        "险情解除、镇里同意后组织群众有序返回，做好安置登记",
    ),
    ("网格员", PlanKind.FLOOD): (
        "收到预警后立即回复“收到”，到所包网格巡查",
        "逐户通知危险区住户，确认每户知道转移路线和避难场所",
        "协助独居老人、留守儿童、残疾人等重点人群先行转移",
        "转移时逐户清点人数，锁门贴条，做到不漏一户一人",
        "向村党支部书记报告本网格转移人数和未转移原因",
        "在避难场所协助登记安置，劝阻擅自返回",
    ),
    ("监测员", PlanKind.FLOOD): (
        "收到预警后立即到山洪沟、河道监测点值守，带好手电、雨具和铜锣",
        "每小时查看雨量计和水位，发现水位暴涨、浑浊或异响立即报告",
        "险情紧急时就地敲锣、吹哨，直接通知下游群众撤离",
        "同时电话报告村党支部书记和镇值班室，说清位置、险情和时间",
        "不得在沟道、桥面停留，确保自身安全后继续观测",
    ),
    ("村党支部书记", PlanKind.GEOLOGICAL): (
        "接到预警后5分钟内回复镇值班室“收到”，通知村应急工作组成员到岗",
        "安排监测员对隐患点、采空塌陷区加密巡查，雨中和雨后24小时不断人",
        "组织包户责任人通知受威胁群众做好转移准备",
        "发现裂缝加宽、坡体滑动、房屋开裂等前兆时立即发出转移信号",
        "按转移路线组织群众撤到避险点，逐户清点，设立警戒区",
        "第一时间向镇值班室报告险情、威胁户数人数和转移情况",
        "险情未经专业人员排除，不得组织群众返回",
    ),
    ("网格员", PlanKind.GEOLOGICAL): (
        "收到预警后立即回复“收到”，通知所包受威胁住户做好转移准备",
        "查看住户房前屋后有无新裂缝、渗水、落石，发现异常立即报告",
        "听到转移信号后引导住户沿指定路线撤离，先老弱病残后其他人员",
        "清点本网格转移人数，向村党支部书记报告",
        "在避险点登记安置，劝阻群众返回取物",
    ),
    ("监测员", PlanKind.GEOLOGICAL): (
        "汛期每天巡查隐患点一次，降雨时加密到每2小时一次",
        "测量裂缝桩、贴片的变化，记入监测记录本",
        "发现裂缝加宽、鼓胀、渗水变浑、地面下沉时立即敲锣报警",
        "电话报告村党支部书记和镇值班室，说清位置、变化和威胁范围",
        "引导隐患点附近群众沿路线撤离，自己站在安全地带观测",
        "险情稳定后继续监测，等待专业人员研判",
    ),
    ("村党支部书记", PlanKind.FIRE): (
        "接到火情报告后立即拨打119、12119，并报告镇值班室",
        "组织村扑火队携带风力灭火机、二号工具赶赴火场，指定现场负责人",
        "坚持“打早、打小、打了”，不得组织老人、妇女、儿童和学生扑火",
        "火势威胁村庄时组织群众转移到避难场所，逐户清点",
        "安排人员在路口引导专业扑火队伍进场",
        "明火扑灭后留人看守火场，防止复燃",
        "查明起火原因，配合公安、林业部门调查",
    ),
    ("网格员", PlanKind.FIRE): (
        "发现火情立即拨打119、12119，报告村党支部书记",
        "通知火场附近住户和林缘人员撤离，协助重点人群转移",
        "在能保证安全的情况下用灭火器、水桶扑救初起火灾",
        "清点网格内人员，报告转移情况",
        "防火期劝阻野外用火、上坟烧纸，发现隐患及时报告",
    ),
    ("监测员", PlanKind.FIRE): (
        "防火期按片区巡护林区、坟地和林缘，重点时段定点看护",
        "发现烟点或明火立即拨打12119，报告村党支部书记和镇值班室",
        "说清起火位置、火势大小、风向和周边有无群众",
        "引导附近人员离开火场，不得单独深入火场扑救",
        "在安全位置观察火势蔓延方向，随时报告",
    ),
}

#: Cautions of the cards by hazard.
CARD_CAUTIONS: dict[PlanKind, str] = {
    PlanKind.FLOOD: "不涉水过河，不在桥上、沟边停留；转移后不得擅自返回",
    PlanKind.GEOLOGICAL: "不在隐患点下方停留，夜间转移带好照明；险情未排除不得返回",
    PlanKind.FIRE: "不组织老弱妇幼扑火；顺风不打头火，注意避开陡坡和鞍部",
}

#: Supplies every village keeps: (name, spec, quantity, unit, kept until (days) or None).
SUPPLIES: tuple[tuple[str, str, float, str, int | None], ...] = (
    ("编织袋", "50×80厘米", 500, "条", None),
    ("铁锹", "", 30, "把", None),
    ("救生衣", "成人", 20, "件", None),
    ("手摇报警器", "", 2, "台", None),
    ("铜锣", "", 4, "面", None),
    ("干粉灭火器", "4公斤", 12, "具", 700),
    ("应急食品（方便面、饮用水）", "", 30, "箱", 260),
)

#: 风险点 kind → the plans it belongs to.
RISK_PLANS: dict[RiskKind, tuple[PlanKind, ...]] = {
    RiskKind.FLASH_FLOOD: (PlanKind.FLOOD,),
    RiskKind.WATERWAY: (PlanKind.FLOOD,),
    RiskKind.LOW_LYING: (PlanKind.FLOOD,),
    RiskKind.GEOHAZARD: (PlanKind.GEOLOGICAL,),
    RiskKind.SUBSIDENCE: (PlanKind.GEOLOGICAL,),
    RiskKind.DANGEROUS_HOUSE: (PlanKind.FLOOD, PlanKind.EARTHQUAKE),
    RiskKind.FOREST: (PlanKind.FIRE,),
}
VULNERABLE: tuple[tuple[tuple[VulnerableKind, ...], str], ...] = (
    ((VulnerableKind.ALONE_ELDERLY,), "户主{n}，{age}岁，独自居住，行动不便"),
    ((VulnerableKind.LEFT_BEHIND_CHILD,), "孙子{age_child}岁，父母在外务工，随祖父母生活"),
    ((VulnerableKind.DISABLED,), "家中一人肢体残疾，转移需搀扶"),
    ((VulnerableKind.BEDRIDDEN,), "老人长期卧床，转移需担架"),
    ((VulnerableKind.PREGNANT,), "儿媳怀孕7个月"),
    ((), ""),
    ((), ""),
)
