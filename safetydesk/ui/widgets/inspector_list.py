"""The inspectors of an inspection: people of the register (with their 执法证号) and typed names.

Used by the inspection dialog. A picker searches the 人员 register as the user types (no list
is loaded up front) and shows people as "姓名（执法证 14050012，单位）", holders of a 执法证号
first; 添加 adds the chosen person, or — when the text matches nobody — a row with the typed
name. Rows show 姓名, 执法证号 and 单位; the 证号 can be corrected in the row (a
person's 证号 left empty is taken from the register when saving). 删除 removes the selected row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.inspections import Inspector
from safetydesk.ui.widgets.layout import table_item
from safetydesk.ui.widgets.search_fields import SEARCH_LIMIT, SearchCombo

if TYPE_CHECKING:
    from safetydesk.services.registers import PersonService

#: Column indexes of the rows.
COL_NAME, COL_CERT, COL_ORG = range(3)
#: Role of the name cell holding the person id (``None`` for a typed name).
PERSON_ROLE = Qt.ItemDataRole.UserRole + 1
#: Rows visible without scrolling.
VISIBLE_ROWS = 3


#: A picker's person: id, name, role, organisation, 执法证号 (``ws.people.search_names``).
_Row = tuple[int, str, str, str, str]


def person_label(row: _Row) -> str:
    """Picker text of a person: name, 证号 (or 无执法证) and organisation."""
    _id, name, _role, organisation, cert_no = row
    cert = f"执法证 {cert_no}" if cert_no else "无执法证"
    org = f"，{organisation}" if organisation else ""
    return f"{name}（{cert}{org}）"


class PersonPicker(SearchCombo):
    """Person combo searching the register as the user types; other names may be typed.

    Args:
        people: The people service (``search_names``).
        limit: Most people listed at once.
        parent: Parent widget.
    """

    def __init__(
        self, people: PersonService, *, limit: int = SEARCH_LIMIT, parent: QWidget | None = None
    ) -> None:
        super().__init__(limit=limit, placeholder="输入姓名查找人员，或直接输入姓名", parent=parent)
        self._people = people
        self.setToolTip(
            f"输入姓名中的字（或执法证号开头）查找人员名录，持执法证者列在前面，最多显示 {limit}"
            " 人；名录里没有的人员可直接输入姓名。"
        )

    def _find(self, text: str) -> list[_Row]:
        return self._people.search_names(text, limit=self._limit, enforcers_first=True)

    def _label(self, row: _Row) -> str:
        return person_label(row)


class InspectorList(QWidget):
    """Editable list of inspectors.

    Signals:
        changed: A row was added, removed or edited.
    """

    changed = Signal()

    def __init__(self, people: PersonService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        row = QHBoxLayout()
        self.picker = PersonPicker(people)
        self.add_button = QPushButton("添加")
        self.add_button.setToolTip("把选中的人员（或输入的姓名）加入检查人员")
        self.remove_button = QPushButton("删除")
        self.remove_button.setToolTip("删除选中的检查人员")
        row.addWidget(self.picker, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        lay.addLayout(row)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["姓名", "执法证号", "单位"])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        hh = self.table.horizontalHeader()
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        em = self.fontMetrics().horizontalAdvance("中")
        self.table.setColumnWidth(COL_NAME, 6 * em)
        self.table.setColumnWidth(COL_CERT, 8 * em)
        hh.setSectionResizeMode(COL_ORG, QHeaderView.ResizeMode.Stretch)
        row_h = self.fontMetrics().height() + 10
        self.table.verticalHeader().setDefaultSectionSize(row_h)
        self.table.setFixedHeight(hh.sizeHint().height() + VISIBLE_ROWS * row_h + 4)
        lay.addWidget(self.table)
        self.add_button.clicked.connect(self.add_from_picker)
        self.remove_button.clicked.connect(self.remove_selected)
        self.picker.line_edit().returnPressed.connect(self.add_from_picker)
        self.table.itemChanged.connect(lambda _i: self.changed.emit())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()

    # -- rows ----------------------------------------------------------------------------------
    def set_inspectors(self, inspectors: tuple[Inspector, ...] | list[Inspector]) -> None:
        """Show ``inspectors`` (replacing every row)."""
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for i in inspectors:
            self._append(i)
        self.table.blockSignals(False)
        self._update_buttons()

    def inspectors(self) -> tuple[Inspector, ...]:
        """The rows as :class:`Inspector` (rows without a name are left out)."""
        out = []
        for row in range(self.table.rowCount()):
            name = self._text(row, COL_NAME)
            person_id = table_item(self.table, row, COL_NAME).data(PERSON_ROLE)
            if not name and person_id is None:
                continue
            out.append(Inspector(name=name, person_id=person_id, cert_no=self._text(row, COL_CERT),
                                 organisation=self._text(row, COL_ORG)))  # fmt: skip
        return tuple(out)

    def add_person(self, row: _Row) -> bool:
        """Add a register person (a picker row); False when already listed."""
        person_id, name, _role, organisation, cert_no = row
        if any(i.person_id == person_id for i in self.inspectors()):
            return False
        self._append(Inspector(name=name, person_id=person_id, cert_no=cert_no,
                               organisation=organisation))  # fmt: skip
        self.changed.emit()
        return True

    def add_name(self, name: str, cert_no: str = "") -> None:
        """Add a typed name (not from the register)."""
        self._append(Inspector(name=name.strip(), cert_no=cert_no.strip()))
        self.changed.emit()

    def add_from_picker(self) -> None:
        """添加: the chosen person (a listed label, or a name only one listed person has), or
        the typed name when it matches nobody."""
        text = self.picker.currentText().strip()
        if not text:
            return
        self.picker.search_now()  # 添加 right after typing: the name may be a register person's
        row = self.picker.chosen()
        if row is not None:
            self.add_person(row)
        elif text not in {x.name for x in self.inspectors()}:
            self.add_name(text)
        self.picker.show_row(None)

    def remove_selected(self) -> None:
        """删除 the selected row."""
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)
        if rows:
            self.changed.emit()
        self._update_buttons()

    def _append(self, ins: Inspector) -> None:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        name = QTableWidgetItem(ins.name)
        name.setData(PERSON_ROLE, ins.person_id)
        org = QTableWidgetItem(ins.organisation)
        if ins.person_id is not None:
            # A register person's name and unit come from the register.
            for item in (name, org):
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            name.setToolTip("来自“人员”登记；要改姓名或单位，请到“人员”页修改")
        cert = QTableWidgetItem(ins.cert_no)
        cert.setToolTip("执法检查须填写每名执法人员的执法证号")
        self.table.setItem(row, COL_NAME, name)
        self.table.setItem(row, COL_CERT, cert)
        self.table.setItem(row, COL_ORG, org)
        self.table.blockSignals(False)
        self._update_buttons()

    def _text(self, row: int, col: int) -> str:
        item = self.table.item(row, col)
        return item.text().strip() if item is not None else ""

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.table.selectedIndexes()))
