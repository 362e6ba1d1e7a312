"""One village's 一制四案 parts (B §1.5), as tabs of lists: 通讯录, 应急工作组, 风险点, 避难场所,
转移路线, 应急队伍, 物资, 包保责任 (the chain, top level first) and 危险区住户.

Opened from the matrix (double click on a village's name or shelter count). Rows needing
attention are highlighted with the reason as tooltip: 物资 expired (red) or expiring within 30
days (yellow), 风险点 without a 监测人, households that lack a helper, shelter or route (with
what is missing). The 通讯录 tab names the required entries that are missing. Every tab has
新增 / 编辑 (避难场所, 危险区住户 and 包保责任 in ``ui/dialogs/part_dialogs.py``, the others in
``ui/dialogs/part_forms.py``); parts other than shelters can be removed. Every write goes
through the services and is announced on the bus (``Topic.PLANS``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.baobao import LEVEL_ORDER, BaobaoAssignment, Household
from safetydesk.domain.plan_parts import (
    Contact,
    RiskPoint,
    Route,
    Supply,
    Team,
    WorkGroupMember,
    missing_contacts,
)
from safetydesk.domain.plans import Shelter
from safetydesk.errors import SafetyDeskError
from safetydesk.services.changes import Changes, Topic
from safetydesk.services.plans import TOWNSHIP
from safetydesk.ui import messages
from safetydesk.ui.dialogs.part_dialogs import BaobaoDialog, HouseholdDialog, ShelterDialog
from safetydesk.ui.dialogs.part_forms import part_form
from safetydesk.ui.dialogs.plan_forms import PLANS_CHANGED, ServiceForm
from safetydesk.ui.models import part_tables as pt
from safetydesk.ui.widgets.layout import setup_list_table

if TYPE_CHECKING:
    from safetydesk.ui.context import AppContext

#: The tabs, in order.
#: Tabs whose list can be imported from a workbook, and the import kind.
IMPORT_KINDS: dict[str, str] = {"通讯录": "contacts", "包保责任": "baobao", "危险区住户": "households"}

TAB_TITLES: tuple[str, ...] = (
    "通讯录", "应急工作组", "风险点", "避难场所", "转移路线", "应急队伍", "物资", "包保责任", "危险区住户",
)  # fmt: skip

#: What 新增 says on each tab, where not the tab's title.
NEW_LABELS: dict[str, str] = {"通讯录": "联系人", "应急工作组": "成员", "危险区住户": "住户"}


@dataclass
class PartTab:
    """One tab: its list, the note above it and what its buttons do."""

    title: str
    widget: QWidget
    table: QTableView
    model: pt.PartTableModel[Any]
    note: QLabel
    edit: Callable[[Any], ServiceForm] | None = None
    removable: type | None = None
    new_button: QPushButton | None = None
    edit_button: QPushButton | None = None
    remove_button: QPushButton | None = None


class VillagePartsDialog(QDialog):
    """The parts of one village (``village_id``; ``None``: the township's own).

    Args:
        ctx: The AppContext.
        village_id: The village.
        parent: Parent widget.
    """

    def __init__(
        self, ctx: AppContext, village_id: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.village_id = ctx, village_id
        self.label = TOWNSHIP if village_id is None else ctx.workspace.villages.names().get(
            village_id, "该村")  # fmt: skip
        self.setWindowTitle(f"{self.label} — 一制四案资料")
        lay = QVBoxLayout(self)
        self.tabs = QTabWidget()
        lay.addWidget(self.tabs, 1)
        #: The tabs by title.
        self.parts: dict[str, PartTab] = {}
        today = ctx.workspace.clock()
        vid = village_id
        editable: dict[str, tuple[Callable[[Any], ServiceForm], type | None]] = {
            "避难场所": (lambda r: ShelterDialog(ctx, vid, r, self), Shelter),
            "包保责任": (lambda r: BaobaoDialog(ctx, vid, r, self), BaobaoAssignment),
        }
        if vid is not None:
            editable["危险区住户"] = (lambda r: HouseholdDialog(ctx, vid, r, self), Household)
        for title, cls in (("通讯录", Contact), ("应急工作组", WorkGroupMember),
                           ("风险点", RiskPoint), ("转移路线", Route), ("应急队伍", Team),
                           ("物资", Supply)):  # fmt: skip
            editable[title] = (self._form_of(cls), cls)
        self._marks: dict[str, Callable[[Any], pt.Mark | None] | None] = {
            "风险点": pt.risk_mark, "物资": pt.supply_mark(today), "危险区住户": pt.household_mark,
        }  # fmt: skip
        for title in TAB_TITLES:
            edit, rem = editable.get(title, (None, None))
            self._add_tab(title, edit, rem)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        lay.addWidget(close)
        self.resize(1100, 560)
        ctx.bus.changed.connect(self._on_changed)
        self.reload()

    def _add_tab(self, title: str, edit: Callable[[Any], ServiceForm] | None,
                 removable: type | None) -> None:  # fmt: skip
        w = QWidget()
        lay = QVBoxLayout(w)
        note = QLabel()
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(note)
        table = QTableView()
        model: pt.PartTableModel[Any] = pt.PartTableModel([], self._marks.get(title), self)
        setup_list_table(table, model, context_menu=False)
        lay.addWidget(table, 1)
        tab = PartTab(title, w, table, model, note, edit, removable)
        buttons = QHBoxLayout()
        if edit is not None:
            tab.new_button = QPushButton(f"新增{NEW_LABELS.get(title, title)}…")
            tab.edit_button = QPushButton("编辑…")
            tab.new_button.clicked.connect(lambda: self.add_record(title))
            tab.edit_button.clicked.connect(lambda: self.edit_record(title))
            table.doubleClicked.connect(lambda _i: self.edit_record(title))
            buttons.addWidget(tab.new_button)
            buttons.addWidget(tab.edit_button)
        if removable is not None:
            tab.remove_button = QPushButton("删除")
            tab.remove_button.clicked.connect(lambda: self.remove_record(title))
            buttons.addWidget(tab.remove_button)
        buttons.addStretch(1)
        kind = IMPORT_KINDS.get(title)
        if kind is not None and self.village_id is not None:
            importer = QPushButton("从表格导入…")
            importer.setToolTip(f"从 Excel 表格导入本村（社区）的{title}（全部通过才写入）")
            importer.clicked.connect(lambda _c=False, k=kind: self.import_list(k))
            buttons.addWidget(importer)
        lay.addLayout(buttons)
        self.parts[title] = tab
        self.tabs.addTab(w, title)

    def _form_of(self, cls: type) -> Callable[[Any], ServiceForm]:
        return lambda rec: part_form(self.ctx, cls, self.village_id, rec, self)

    def import_list(self, kind: str) -> None:
        """Import a 通讯录, 包保 list or household list of this village from a workbook."""
        from safetydesk.ui.dialogs.import_dialog import run_import

        name = self.ctx.workspace.villages.names().get(self.village_id or 0)
        run_import(self.ctx, kind, self, village=name)  # type: ignore[arg-type]

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(Topic.PLANS) and self.isVisible():
            self.reload()

    def show_tab(self, title: str) -> None:
        """Bring the tab ``title`` to the front."""
        self.tabs.setCurrentWidget(self.parts[title].widget)

    # -- reading -------------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read every list."""
        ws, vid = self.ctx.workspace, self.village_id
        parts, names, today = ws.plan_parts, pt.Names(ws, vid), ws.clock()
        contacts = parts.of_village(Contact, vid)
        chain = sorted(parts.of_village(BaobaoAssignment, vid),
                       key=lambda a: (LEVEL_ORDER[a.level], a.call_order, a.id or 0))  # fmt: skip
        shelters = ws.plans.shelters(vid, township=vid is None)
        data: dict[str, tuple[list[pt.PartColumn[Any]], list[Any]]] = {
            "通讯录": (pt.contact_columns(), contacts),
            "应急工作组": (pt.member_columns(names), parts.of_village(WorkGroupMember, vid)),
            "风险点": (pt.risk_columns(names), parts.of_village(RiskPoint, vid)),
            "避难场所": (pt.shelter_columns(), shelters),
            "转移路线": (pt.route_columns(names), parts.of_village(Route, vid)),
            "应急队伍": (pt.team_columns(), parts.of_village(Team, vid)),
            "物资": (pt.supply_columns(today), parts.of_village(Supply, vid)),
            "包保责任": (pt.baobao_columns(names), chain),
            "危险区住户": (pt.household_columns(names),
                          parts.of_village(Household, vid) if vid is not None else []),
        }  # fmt: skip
        for title, (columns, records) in data.items():
            tab = self.parts[title]
            first = not tab.model.columns
            tab.model.columns = tuple(columns)
            tab.model.set_records(records)
            if first:
                em = tab.table.fontMetrics().horizontalAdvance("中")
                for i, c in enumerate(columns):
                    tab.table.setColumnWidth(i, round(c.width * em) + 18)
            tab.note.setText(self._note(title, records, contacts, tab.model))
            if tab.edit_button is not None:
                tab.edit_button.setEnabled(bool(records))
            if tab.remove_button is not None:
                tab.remove_button.setEnabled(bool(records))
            self.tabs.setTabText(self.tabs.indexOf(tab.widget), f"{title} {len(records)}")

    def _note(self, title: str, records: list[Any], contacts: list[Contact],
              model: pt.PartTableModel[Any]) -> str:  # fmt: skip
        n, marked = len(records), len(model.marked_rows())
        if title == "通讯录":
            missing = missing_contacts(contacts)
            return (f"共 {n} 条。缺少必备条目：{'、'.join(missing)}" if missing
                    else f"共 {n} 条，必备条目齐全。")  # fmt: skip
        if title == "避难场所" and n == 0:
            return f"{self.label}还没有应急避难场所：每个村(社区)和乡镇至少要有一个。"
        if title == "风险点" and marked:
            return f"共 {n} 处，其中 {marked} 处（标红）没有监测人。"
        if title == "物资" and marked:
            return f"共 {n} 项，其中 {marked} 项已过期（红）或 30 日内过期（黄）。"
        if title == "危险区住户":
            if self.village_id is None:
                return "危险区住户按村(社区)登记。"
            if marked:
                return f"共 {n} 户，其中 {marked} 户（标红）缺包户责任人、避难场所或转移路线。"
        if title == "包保责任" and n:
            return f"共 {n} 条，按层级（县包乡 → 乡包村 → 村包组 → 组包户 → 包人）和叫应顺序排列。"
        return f"共 {n} 条。" if n else "还没有登记。"

    # -- writing -------------------------------------------------------------------------------
    def _current(self, title: str) -> Any:
        tab = self.parts[title]
        idx = tab.table.currentIndex()
        return tab.model.record(idx.row()) if idx.isValid() else None

    def _open(self, form: ServiceForm) -> ServiceForm:
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.accepted.connect(self.reload)
        form.open()
        return form

    def add_record(self, title: str) -> ServiceForm | None:
        """新增 in tab ``title``."""
        edit = self.parts[title].edit
        return None if edit is None else self._open(edit(None))

    def edit_record(self, title: str) -> ServiceForm | None:
        """编辑 the current record of tab ``title``."""
        edit, rec = self.parts[title].edit, self._current(title)
        return None if edit is None or rec is None else self._open(edit(rec))

    def remove_record(self, title: str) -> bool:
        """删除 the current record of tab ``title`` (after confirmation)."""
        cls, rec = self.parts[title].removable, self._current(title)
        if cls is None or rec is None:
            return False
        if not messages.confirm(self, f"确定删除这条{title}记录吗？", ok_text="删除"):
            return False
        try:
            if cls is Shelter:
                self.ctx.workspace.plans.remove_shelter(rec.id)
            else:
                self.ctx.workspace.plan_parts.remove(cls, rec.id)
        except SafetyDeskError as exc:
            messages.show_warning(self, str(exc), title="无法删除")
            return False
        self.ctx.bus.changed.emit(PLANS_CHANGED)
        self.reload()
        return True
