"""Layout of the import preview (the view half of ``import_dialog.py``, ARCHITECTURE §8.5).

:class:`ImportDialogView` shows the summary, the header mapping, the ignored headers, the status
banner, the units and villages a hazard ledger (or the villages a 单位场所 file) names that are not
registered, with the :data:`CREATE_MISSING_TEXT` (:data:`CREATE_VILLAGES_TEXT`) check box, tabs for the problems, warnings and preview, and the
复制问题清单 / 导入 / 取消 buttons; :class:`~safetydesk.ui.dialogs.import_dialog.ImportDialog`
fills them from the plan and commits it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from safetydesk.services.imports.sheets import Problem

#: Text of the check box that lets a hazard ledger create the units and villages it names.
CREATE_MISSING_TEXT = "创建台账中缺少的单位场所和村(社区)"
#: Text of the check box that lets a 单位场所 file create the villages it names.
CREATE_VILLAGES_TEXT = "创建表中缺少的村(社区)"

#: Text of the check box that lets a 包保 or household list create the people it names.
CREATE_PEOPLE_TEXT = "创建表中缺少的人员"

#: Problems shown in the table (the copied list always has all of them).
MAX_PROBLEM_ROWS = 2000

_MUTED_STYLE = "color: #6b6b6b;"


def problems_text(problems: list[Problem]) -> str:
    """Tab-separated list of problems (with a header line), for the clipboard and Excel."""
    lines = ["行号\t列\t问题及修改方法"]
    for p in problems:
        lines.append(f"{p.row or '—'}\t{p.column or '—'}\t{p.message}")
    return "\n".join(lines)


def item(text: str, *, align_right: bool = False) -> QTableWidgetItem:
    """A read-only table cell."""
    cell = QTableWidgetItem(text)
    cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if align_right:
        cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return cell


def missing_text(
    villages: list[str], units: dict[str, str], *, ledger: bool, limit: int
) -> tuple[str, str]:
    """(text listing the villages and units a file names that are not registered, box text).

    Args:
        villages: Villages as they would be created.
        units: Units (a hazard ledger only) → their village.
        ledger: A hazard ledger (units and villages), else a 单位场所 file (villages only).
        limit: Names listed per kind; the rest are counted.
    """

    def names(items: list[str]) -> str:
        more = f" 等，共 {len(items)} 个" if len(items) > limit else ""
        return "、".join(items[:limit]) + more

    box = CREATE_MISSING_TEXT if ledger else CREATE_VILLAGES_TEXT
    lines = ["台账中以下单位场所或村(社区)尚未登记：" if ledger else "表中以下村(社区)尚未登记："]
    if villages:
        lines.append("村(社区)：" + names(villages))
    if units:
        lines.append("单位场所：" + names([f"{u}（{v}）" if v else u for u, v in units.items()]))
    if ledger:
        lines.append(f"勾选“{box}”后导入时一并新建（单位类型按表中“企业类型/行业”，"
                     "无法识别的记为“其他”）；也可以先在名录中登记或改正表中的名称，再重新导入。")  # fmt: skip
    else:
        lines.append(f"勾选“{box}”后导入时一并新建（名称以“社区”结尾的记为社区，其余记为村）；"
                     "也可以先在“村(社区)”中登记或改正表中的名称，再重新导入。")  # fmt: skip
    return "\n".join(lines), box


def people_text(people: list[str], *, limit: int) -> tuple[str, str]:
    """(text listing the people a 包保/household list names who are not registered, box text)."""
    more = f" 等，共 {len(people)} 位" if len(people) > limit else ""
    return (
        "表中以下人员不在人员名录中：" + "、".join(people[:limit]) + more + "\n"
        f"勾选“{CREATE_PEOPLE_TEXT}”后导入时一并登记到人员名录（姓名和表中的电话）；"
        "也可以先在“人员”中登记或改正表中的姓名，再重新导入。",
        CREATE_PEOPLE_TEXT,
    )


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

    def fill_problems(self, problems: list[Problem], table: QTableWidget | None = None) -> None:
        """Show ``problems`` (at most :data:`MAX_PROBLEM_ROWS`) in the problems (or another) table."""
        t = table or self.problems_table
        shown = problems[:MAX_PROBLEM_ROWS]
        t.setRowCount(len(shown))
        for r, p in enumerate(shown):
            t.setItem(r, 0, item(str(p.row) if p.row else "—", align_right=True))
            t.setItem(r, 1, item(p.column or "—"))
            t.setItem(r, 2, item(p.message))
        t.resizeRowsToContents()
