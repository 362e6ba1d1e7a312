"""The two bars above the list of a register page (村(社区), 单位场所, 人员, and the inspections).

:class:`RegisterActionBar`: 新增, 编辑, 归档, 导入 Excel, 导出 Excel and the count (a page may insert
its own buttons). :class:`RegisterFilterBar`: 搜索 (text, debounced), the page's own filters (added
by the page through a callback), 状态 (在册/已归档/全部) and 清除筛选. The page connects the
widgets' signals and builds its query from them. Used by ``ui/views/register_page.py``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from safetydesk.domain.queries import ArchiveFilter
from safetydesk.ui.widgets.filters import ARCHIVE_CHOICES, SearchEdit


class RegisterActionBar(QWidget):
    """The row of action buttons and the count.

    Args:
        noun: What one record is called ("单位场所"), for the tooltips.
        importable: Whether 导入 Excel is offered.
        parent: Parent widget.
    """

    def __init__(self, noun: str, importable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: The row's layout (pages insert their own buttons).
        self.row = actions = QHBoxLayout(self)
        actions.setContentsMargins(0, 0, 0, 0)
        actions.setSpacing(8)  # as the page's own layout
        self.new_button = QPushButton("新增")
        self.new_button.setToolTip(f"登记一个新的{noun}（Ctrl+N）")
        self.edit_button = QPushButton("编辑")
        self.edit_button.setToolTip("编辑选中的记录（双击或按回车键也可以）")
        self.archive_button = QPushButton("归档")
        self.import_button = QPushButton("导入 Excel")
        self.import_button.setToolTip(f"从 Excel 表格批量导入{noun}；导入前会先预览和检查")
        self.export_button = QPushButton("导出 Excel")
        self.export_button.setToolTip("把当前列表（按当前筛选条件）导出为 Excel 表格")
        for b in (self.new_button, self.edit_button, self.archive_button):
            actions.addWidget(b)
        actions.addSpacing(16)
        actions.addWidget(self.import_button)
        actions.addWidget(self.export_button)
        self.import_button.setVisible(importable)
        actions.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        actions.addWidget(self.count_label)


class RegisterFilterBar(QWidget):
    """Search box, the page's filters, 在册/已归档/全部 and 清除筛选, in one row.

    Args:
        hint: Placeholder of the search box.
        add_filters: Adds the page-specific filter widgets to the row (after the search box).
        parent: Parent widget.
    """

    def __init__(
        self, hint: str, add_filters: Callable[[QHBoxLayout], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(6)
        self.search_edit = SearchEdit(hint)
        self.search_edit.setMinimumWidth(260)
        bar.addWidget(QLabel("搜索"))
        bar.addWidget(self.search_edit, 2)
        add_filters(bar)
        bar.addWidget(QLabel("状态"))
        self.archive_combo = QComboBox()
        for label, value in ARCHIVE_CHOICES:
            self.archive_combo.addItem(label, value.value)
        self.archive_combo.setToolTip("在册：正在管理的记录；已归档：不再使用但仍保留在旧记录中")
        bar.addWidget(self.archive_combo)
        self.clear_button = QPushButton("清除筛选")
        bar.addWidget(self.clear_button)
        bar.addStretch(1)

    def archive_filter(self) -> ArchiveFilter:
        """The 在册/已归档/全部 choice."""
        return ArchiveFilter(self.archive_combo.currentData())

    def clear(self) -> None:
        """Empty the search and choose 在册, without emitting their change signals."""
        for w in (self.search_edit, self.archive_combo):
            w.blockSignals(True)
        self.search_edit.clear()
        self.archive_combo.setCurrentIndex(0)
        for w in (self.search_edit, self.archive_combo):
            w.blockSignals(False)
