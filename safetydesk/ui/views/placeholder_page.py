"""Placeholder page for an area that is not built yet: its title and what it will do.

``main_window.py`` shows it for every area whose page module does not exist yet, so the
navigation is complete from the first version and the officer sees what is coming.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from safetydesk.ui.widgets.layout import bold

#: What each area will do, keyed by page key (shown on its placeholder).
DESCRIPTIONS: dict[str, str] = {
    "villages": "登记本乡镇所辖村(社区)的基本情况，以及党组织书记、主任和网格员的联系方式，"
    "可以从 Excel 导入，也可以导出为 Excel。",
    "units": "登记辖区内的工贸企业、九小场所、人员密集场所、经营性自建房等检查对象，"
    "按类型、村(社区)和风险等级筛选，可以从 Excel 导入和导出。",
    "people": "登记镇领导、镇村干部、网格员、监测员、护林员和检查人员的联系方式，"
    "可以从 Excel 导入和导出。",
    "plans": "为每个村(社区)编制和管理“一制四案”：突发事件应急包保责任制和防火、防汛、"
    "地震、地质灾害应急预案；跟踪审核、生效和到期修订，并打印存档。",
    "drills": "制定年度应急演练计划，登记每次演练的时间、地点、参加人数、形式（实战/桌面）"
    "和评估结论，并按乡镇、村(社区)和企业的演练要求提醒尚未完成的演练。",
    "inspections": "登记对单位场所的安全检查：检查时间、检查人员、检查方式和检查内容，"
    "打印检查记录，并把检查中发现的问题直接登记为隐患。",
    "hazards": "隐患台账：从登记、下达整改通知书、收到整改回执、复查到销号的全过程，"
    "自动标出逾期隐患和重大隐患，支持挂牌督办、延期和移交。",
    "documents": "按“简称 + 代字〔年份〕编号”自动编号登记整改通知书、复查意见书和检查记录等文书；"
    "作废的文书保留编号，可随时查询和重新打印。",
    "reports": "根据台账自动统计每月的检查、隐患整改、应急演练和一制四案情况，"
    "生成月报表（Excel 和 PDF）以及供县里汇总的数据文件，无需手工填数。",
}
#: Line that says the area is not available yet.
LATER = "此功能将在后续版本中提供。"


class PlaceholderPage(QWidget):
    """A page with a title and a paragraph describing an area that arrives later.

    Args:
        title: The area's name as in the navigation.
        description: One paragraph: what the area will do.
        parent: Parent widget.
    """

    def __init__(self, title: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(14)

        self.title_label = bold(QLabel(title), 6)
        layout.addWidget(self.title_label)

        self.description = description
        self.description_label = QLabel(
            f'<p style="line-height: 150%;">{html.escape(description)}</p>'
        )
        self.description_label.setTextFormat(Qt.TextFormat.RichText)
        self.description_label.setWordWrap(True)
        self.description_label.setMaximumWidth(720)
        self.description_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.description_label)

        self.later_label = QLabel(LATER)
        self.later_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.later_label.setStyleSheet(
            "QLabel { background: #fff8e1; border: 1px solid #ffe082; border-radius: 4px;"
            " padding: 8px 12px; color: #5d4037; }"
        )
        layout.addWidget(self.later_label, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
