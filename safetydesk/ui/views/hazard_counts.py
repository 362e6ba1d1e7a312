"""The counts at the top of the 隐患整改 page: 共 N 条 · 未整改 · 逾期 · 重大未整改 · 挂牌督办 · 重大隐患缺判定依据.

Each count is a flat link-like button; counts that need attention turn red and bold when not
zero. Clicking one emits :attr:`HazardCounts.chip_clicked` with its key, and the page filters the
list to what it counts. Used by ``ui/views/hazards_page.py``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from safetydesk.domain.hazards import HazardSummary

_CHIP_STYLE = (
    "QPushButton { border: none; padding: 2px 4px; color: %s; font-weight: %s; }"
    "QPushButton:hover { text-decoration: underline; }"
)


class HazardCounts(QWidget):
    """One row of clickable counts.

    Args:
        parent: Parent widget.
    """

    #: A count was clicked: its key ("total", "open", "overdue", "major", "listed", "missing_basis").
    chip_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        counts = QHBoxLayout(self)
        counts.setContentsMargins(0, 0, 0, 0)
        counts.setSpacing(2)
        #: The count buttons, by key.
        self.chips: dict[str, QPushButton] = {}
        for i, (key, tip) in enumerate((
            ("total", "显示全部隐患（清除筛选）"), ("open", "只看未整改（全部在办）的隐患"),
            ("overdue", "只看逾期未整改的隐患"), ("major", "只看未整改的重大隐患"),
            ("listed", "只看挂牌督办中的隐患"),
            ("missing_basis", "只看判定依据待补录的重大隐患（台账导入时没有判定依据）"),
        )):  # fmt: skip
            if i:
                counts.addWidget(QLabel("·"))
            chip = QPushButton()
            chip.setCursor(Qt.CursorShape.PointingHandCursor)
            chip.setToolTip(tip)
            chip.clicked.connect(lambda _=False, k=key: self.chip_clicked.emit(k))
            self.chips[key] = chip
            counts.addWidget(chip)
        counts.addStretch(1)

    def show_summary(self, s: HazardSummary) -> None:
        """Show the ledger's counts."""
        for key, text, value, alert in (
            ("total", f"共 {s.total} 条", s.total, False),
            ("open", f"未整改 {s.open}", s.open, False),
            ("overdue", f"逾期 {s.overdue}", s.overdue, True),
            ("major", f"重大未整改 {s.major_open}", s.major_open, True),
            ("listed", f"挂牌督办 {s.listed_open}", s.listed_open, True),
            ("missing_basis", f"重大隐患缺判定依据 {s.missing_basis}", s.missing_basis, True),
        ):
            chip = self.chips[key]
            chip.setText(text)
            red = alert and value > 0
            chip.setStyleSheet(_CHIP_STYLE % ("#b3261e" if red else "palette(link)",
                                              "bold" if red or key == "total" else "normal"))  # fmt: skip
