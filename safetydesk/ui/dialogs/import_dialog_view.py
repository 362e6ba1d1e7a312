"""Layout of the import preview (the view half of ``import_dialog.py``, ARCHITECTURE §8.5).

:class:`ImportDialogView` shows the summary, the header mapping, the ignored headers, the status
banner, the units and villages a hazard ledger names that are not registered (with the
:data:`CREATE_MISSING_TEXT` check box), tabs for the problems, warnings and preview, and the
复制问题清单 / 导入 / 取消 buttons; :class:`~safetydesk.ui.dialogs.import_dialog.ImportDialog`
fills them from the plan and commits it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

#: Text of the check box that lets a hazard ledger create the units and villages it names.
CREATE_MISSING_TEXT = "创建台账中缺少的单位场所和村(社区)"

_MUTED_STYLE = "color: #6b6b6b;"


def _problem_table(last: str) -> QTableWidget:
    t = QTableWidget(0, 3)
    t.setHorizontalHeaderLabels(["行号", "列", last])
    t.verticalHeader().hide()
    t.setWordWrap(True)
    h = t.horizontalHeader()
    h.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    h.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
    h.setStretchLastSection(True)
    t.setColumnWidth(1, 140)
    return t


class ImportDialogView(QDialog):
    """Layout of the import preview: summary, mapping, status banner, tabs, buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(True)
        self.resize(960, 620)
        lay = QVBoxLayout(self)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.mapping_label = QLabel()
        self.mapping_label.setWordWrap(True)
        self.mapping_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.ignored_label = QLabel()
        self.ignored_label.setWordWrap(True)
        self.ignored_label.setStyleSheet(_MUTED_STYLE)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.missing_label = QLabel()
        self.missing_label.setWordWrap(True)
        self.missing_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.create_missing_check = QCheckBox(CREATE_MISSING_TEXT)
        for w in (self.summary_label, self.mapping_label, self.ignored_label, self.status_label,
                  self.missing_label, self.create_missing_check):  # fmt: skip
            lay.addWidget(w)
        self.missing_label.hide()
        self.create_missing_check.hide()
        self.tabs = QTabWidget()
        self.problems_table = _problem_table("问题及修改方法")
        self.warnings_table = _problem_table("提示")
        self.preview_table = QTableWidget()
        self.preview_table.verticalHeader().hide()
        self.preview_table.setWordWrap(False)
        self.preview_table.setAlternatingRowColors(True)
        self.preview_table.verticalHeader().setDefaultSectionSize(
            self.preview_table.fontMetrics().height() + 10
        )
        lay.addWidget(self.tabs, 1)
        row = QHBoxLayout()
        self.copy_button = QPushButton("复制问题清单")
        self.copy_button.setToolTip("复制后可以粘贴到 Excel 或微信里，对照修改")
        row.addWidget(self.copy_button)
        row.addStretch(1)
        self.buttons = QDialogButtonBox()
        self.commit_button = self.buttons.addButton("导入", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        row.addWidget(self.buttons)
        lay.addLayout(row)
