"""Filter combos shared by the list pages and the dialogs that filter (双随机 draw).

The choices every list filters by, each with its "全部…" first item (data ``None``):
村(社区) (active villages, then archived ones, marked), 类型 (unit type), 风险等级 (in the display
scheme), 角色 (person role); the search box that waits for a pause in typing
(:class:`SearchEdit`); plus :func:`combo_select` (select an item by its data) and
:func:`reset_combos`. Used by ``ui/views/*_page.py``, ``ui/views/hazard_filters.py``,
``ui/dialogs/draw_dialog.py`` and, for :func:`combo_select`, every dialog with a combo.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from safetydesk.domain.common import RISK_LEVELS, PersonRole, UnitType
from safetydesk.domain.queries import ArchiveFilter, ListQuery
from safetydesk.labels import risk_label

if TYPE_CHECKING:
    from safetydesk.services import Workspace

#: Delay between the last key typed in a list's search box and the query (milliseconds).
SEARCH_DEBOUNCE_MS = 250
#: Labels of the archive filter, in combo order.
ARCHIVE_CHOICES: tuple[tuple[str, ArchiveFilter], ...] = (
    ("在册", ArchiveFilter.ACTIVE),
    ("已归档", ArchiveFilter.ARCHIVED),
    ("全部", ArchiveFilter.ALL),
)


class SearchEdit(QLineEdit):
    """A list's search box: :attr:`search_changed` after a short pause in typing, or on Enter.

    Args:
        hint: Placeholder text (what can be searched).
        parent: Parent widget.
    """

    #: The search text is to be applied (typing paused, or Enter pressed).
    search_changed = Signal()

    def __init__(self, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(hint)
        self.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._timer.timeout.connect(self._apply)
        self.textChanged.connect(self._timer.start)
        self.returnPressed.connect(self._apply)

    def cancel_pending(self) -> None:
        """Forget a pending :attr:`search_changed` (the list was re-queried meanwhile)."""
        self._timer.stop()

    def _apply(self) -> None:
        self._timer.stop()
        self.search_changed.emit()


def combo_select(combo: QComboBox, value: object) -> bool:
    """Select the item whose data equals ``value``; returns False when there is none."""
    for i in range(combo.count()):
        if combo.itemData(i) == value:
            combo.setCurrentIndex(i)
            return True
    return False


def reset_combos(*combos: QComboBox) -> None:
    """Set combos back to their first item ("全部…") without emitting their signals."""
    for combo in combos:
        combo.blockSignals(True)
        combo.setCurrentIndex(0)
        combo.blockSignals(False)


def village_filter(ws: Workspace) -> QComboBox:
    """A 村(社区) filter of a list page's filter bar, filled (see :func:`fill_village_filter`)."""
    combo = QComboBox()
    combo.setMinimumContentsLength(8)
    combo.setMaxVisibleItems(20)
    fill_village_filter(combo, ws)
    return combo


def fill_village_filter(combo: QComboBox, ws: Workspace) -> None:
    """(Re)fill a village filter: 全部村(社区), active villages, then archived ones (marked)."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem("全部村(社区)", None)
    for v in ws.villages.list(ListQuery(archive=ArchiveFilter.ALL)):
        combo.addItem(f"{v.name}（已归档）" if v.archived else v.name, v.id)
    if not combo_select(combo, current):
        combo.setCurrentIndex(0)
    combo.blockSignals(False)


def type_filter() -> QComboBox:
    """Unit type filter: 全部类型 + every type."""
    combo = QComboBox()
    combo.addItem("全部类型", None)
    for t in UnitType:
        combo.addItem(t.value, t.value)
    combo.setMaxVisibleItems(21)
    return combo


def fill_risk_filter(combo: QComboBox, scheme: str) -> None:
    """(Re)fill a risk filter in the display scheme, keeping the selection."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem("全部风险等级", None)
    for level in RISK_LEVELS:
        combo.addItem(f"{risk_label(level, scheme)} 级" if scheme == "ABCD"
                      else f"{risk_label(level, scheme)}色", level)  # fmt: skip
    if not combo_select(combo, current):
        combo.setCurrentIndex(0)
    combo.blockSignals(False)


def role_filter() -> QComboBox:
    """Person role filter: 全部角色 + every role."""
    combo = QComboBox()
    combo.addItem("全部角色", None)
    for r in PersonRole:
        combo.addItem(r.value, r.value)
    return combo
