"""安全检查 page: the inspection records, coverage, and the checklist templates (three tabs).

The 检查记录 tab (:class:`InspectionList`) is a register list (see ``register_page.py``) over
``ws.inspections`` with filters for text, village, target type, 检查类型, 检查方式 and a date range,
and 只看草稿 (records with 未检查 items), and the actions 新增检查 / 编辑 / 归档, 打印检查记录 (refused
for a 草稿 with the service's message), 打印整改通知书 (the notice for the hazards this inspection
found) and 不合格项转为隐患. Printing runs in an :class:`Op` off the UI thread and
opens the PDF preview. The 覆盖情况 and 检查表 tabs host ``coverage_view.CoverageView`` and
``templates_view.TemplatesView``, imported when the tab is first shown; a plain 正在建设 label
stands in while such a module does not exist.
"""

from __future__ import annotations

import importlib
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.inspections import Inspection, InspectionKind, InspectionMethod
from safetydesk.domain.queries import ArchiveFilter, InspectionQuery
from safetydesk.errors import SafetyDeskError
from safetydesk.labels import day_text
from safetydesk.services.changes import Changes, Topic
from safetydesk.services.inspections import UncheckedItemsError
from safetydesk.ui import messages
from safetydesk.ui.dialogs.form_base import FormDialog
from safetydesk.ui.dialogs.inspection_print import print_inspection_form
from safetydesk.ui.models.inspection_columns import InspectionLookups, inspection_columns
from safetydesk.ui.models.sql_table import Column
from safetydesk.ui.ops import Op
from safetydesk.ui.views.register_page import RegisterPage
from safetydesk.ui.widgets.filters import (
    fill_village_filter,
    reset_combos,
    type_filter,
    village_filter,
)

if TYPE_CHECKING:
    from safetydesk.services.inspections import InspectionService
    from safetydesk.ui.context import AppContext
    from safetydesk.ui.dialogs.print_preview import Rendered

#: Date-range presets of the filter: (label, key).
DATE_PRESETS: tuple[tuple[str, str], ...] = (
    ("全部日期", "all"), ("本月", "month"), ("上月", "last-month"), ("本季度", "quarter"),
    ("本年", "year"), ("自定义", "custom"),
)  # fmt: skip
#: Tabs hosting views built elsewhere: (title, module, class).
LAZY_TABS: tuple[tuple[str, str, str], ...] = (
    ("覆盖情况", "safetydesk.ui.views.coverage_view", "CoverageView"),
    ("检查表", "safetydesk.ui.views.templates_view", "TemplatesView"),
)
#: Shown in a lazy tab whose module does not exist yet.
BUILDING_TEXT = "正在建设：此功能将在后续版本中提供。"


def preset_range(key: str, today: date) -> tuple[date, date] | None:
    """First and last day of a date preset (``None`` for 全部日期 / 自定义)."""
    first_of_month = today.replace(day=1)
    if key == "month":
        nxt = (first_of_month + timedelta(days=32)).replace(day=1)
        return first_of_month, nxt - timedelta(days=1)
    if key == "last-month":
        last = first_of_month - timedelta(days=1)
        return last.replace(day=1), last
    if key == "quarter":
        q = (today.month - 1) // 3 * 3 + 1
        start = today.replace(month=q, day=1)
        end = (start + timedelta(days=95)).replace(day=1) - timedelta(days=1)
        return start, end
    if key == "year":
        return today.replace(month=1, day=1), today.replace(month=12, day=31)
    return None


class InspectionList(RegisterPage):
    """The 检查记录 tab: list, filters and actions of the inspection records."""

    TOPIC = Topic.INSPECTIONS
    NOUN = "检查记录"
    SEARCH_HINT = "单位名称、检查场所、现场负责人、检查情况、记录人、文号"
    EMPTY_HINT = "还没有检查记录。\n点击“新增检查”登记一次安全检查。"
    QUERY = InspectionQuery

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.lookups: InspectionLookups
        self.new_button.setText("新增检查")
        self.new_button.setToolTip("登记一次新的安全检查（Ctrl+N）")
        self.export_button.hide()
        self.record_button = QPushButton("打印检查记录")
        self.record_button.setToolTip("打印选中检查的安全检查记录（现场检查记录）")
        self.notice_button = QPushButton("打印整改通知书")
        self.notice_button.setToolTip(
            "为本次检查发现的隐患打印（首次打印即下达）安全隐患整改通知书"
        )
        self.raise_button = QPushButton("不合格项转为隐患")
        self.raise_button.setToolTip("把检查表中尚未登记的不合格项一次登记为隐患")
        actions = self.actions_row
        for i, b in enumerate((self.raise_button, self.record_button, self.notice_button)):
            actions.insertWidget(3 + i, b)
        actions.insertSpacing(3, 16)
        self.record_button.clicked.connect(lambda: self.print_current("record"))
        self.notice_button.clicked.connect(lambda: self.print_current("notice"))
        self.raise_button.clicked.connect(self.raise_current)
        self._update_buttons()

    # -- hooks ---------------------------------------------------------------------------------
    def service(self) -> InspectionService:
        """The inspection service."""
        return self.ctx.workspace.inspections

    def make_columns(self) -> tuple[Column[Inspection], ...]:
        """Columns of the inspection list."""
        self.lookups = InspectionLookups(self.ctx.workspace)
        return inspection_columns(self.lookups)

    def make_dialog(self, record: Inspection | None) -> FormDialog:
        """The inspection dialog."""
        from safetydesk.ui.dialogs.inspection_dialog import InspectionDialog

        return InspectionDialog(self.ctx, record, self)

    def add_filters(self, bar: QHBoxLayout) -> None:
        """村(社区) and 对象类型 here; 检查类型, 检查方式 and dates on a second row."""
        self.village_filter = village_filter(self.ctx.workspace)
        self.type_filter = type_filter()
        self.type_filter.setItemText(0, "全部对象类型")
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("全部检查类型", None)
        for k in InspectionKind:
            self.kind_filter.addItem(k.value, k.value)
        self.method_filter = QComboBox()
        self.method_filter.addItem("全部检查方式", None)
        for m in InspectionMethod:
            self.method_filter.addItem(m.value, m.value)
        self.date_preset = QComboBox()
        for label, key in DATE_PRESETS:
            self.date_preset.addItem(label, key)
        today = self.ctx.workspace.clock()
        self.date_from = QDateEdit(QDate(today.year, 1, 1))
        self.date_to = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            edit.dateChanged.connect(self.filters_changed)
        for label, combo in (("村(社区)", self.village_filter), ("对象", self.type_filter)):
            bar.addWidget(QLabel(label))
            bar.addWidget(combo)
        self.second_bar = row = QHBoxLayout()
        row.setSpacing(6)
        for label, w in (("检查类型", self.kind_filter), ("检查方式", self.method_filter),
                         ("检查日期", self.date_preset)):  # fmt: skip
            row.addWidget(QLabel(label))
            row.addWidget(w)
        row.addWidget(self.date_from)
        row.addWidget(QLabel("至"))
        row.addWidget(self.date_to)
        self.drafts_check = QCheckBox("只看草稿（有未检查项）")
        self.drafts_check.setToolTip("检查表中还有“未检查”项的记录：填完各项后才能打印")
        self.drafts_check.toggled.connect(self.filters_changed)
        row.addSpacing(12)
        row.addWidget(self.drafts_check)
        row.addStretch(1)
        for combo in (self.village_filter, self.type_filter, self.kind_filter, self.method_filter):
            combo.currentIndexChanged.connect(self.filters_changed)
        self.date_preset.currentIndexChanged.connect(self._on_preset)

    def _build(self) -> None:
        super()._build()
        self.outer.insertLayout(2, self.second_bar)  # under the base filter bar

    def _on_preset(self, *_args: object) -> None:
        key = self.date_preset.currentData()
        rng = preset_range(key, self.ctx.workspace.clock())
        custom = key == "custom"
        for edit, day in zip((self.date_from, self.date_to), rng or (None, None), strict=True):
            edit.blockSignals(True)
            if day is not None:
                edit.setDate(QDate(day.year, day.month, day.day))
            edit.setEnabled(custom)
            edit.blockSignals(False)
        self.filters_changed()

    def date_range(self) -> tuple[date | None, date | None]:
        """First and last inspection date of the filter (``None`` = open)."""
        if self.date_preset.currentData() == "all":
            return None, None
        first, last = self.date_from.date(), self.date_to.date()
        return (date(first.year(), first.month(), first.day()),
                date(last.year(), last.month(), last.day()))  # fmt: skip

    def filter_fields(self) -> dict[str, Any]:
        """Fields of the page-specific filters."""
        first, last = self.date_range()
        return {
            "village_id": self.village_filter.currentData(),
            "type": self.type_filter.currentData(),
            "kind": self.kind_filter.currentData(),
            "method": self.method_filter.currentData(),
            "date_from": first,
            "date_to": last,
            "unchecked": self.drafts_check.isChecked(),
        }

    def filters_active(self) -> bool:
        """True when a search or a page filter is set (the 在册/已归档/全部 choice aside)."""
        q = self.current_query()
        return bool(q.text) or any(v is not None and v is not False
                                   for v in self.filter_fields().values())  # fmt: skip

    def reset_page_filters(self) -> None:
        """Everything back to 全部."""
        reset_combos(self.village_filter, self.type_filter, self.kind_filter, self.method_filter,
                     self.date_preset)  # fmt: skip
        self.drafts_check.blockSignals(True)
        self.drafts_check.setChecked(False)
        self.drafts_check.blockSignals(False)
        for edit in (self.date_from, self.date_to):
            edit.setEnabled(False)

    def reload_lookup_filters(self) -> None:
        """Refill the village filter after villages changed."""
        fill_village_filter(self.village_filter, self.ctx.workspace)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(Topic.UNITS):
            self.lookups.refresh_units()
            if not changes.touches(self.TOPIC):
                self.model.repaint()
        super()._on_changed(changes)

    # -- buttons -------------------------------------------------------------------------------
    def _update_buttons(self, *_args: object) -> None:
        super()._update_buttons()
        if not hasattr(self, "raise_button"):
            return
        row = self.current_row()
        rec: Inspection | None = self.model.record(row) if row >= 0 else None
        self.record_button.setEnabled(rec is not None)
        has_hazards = rec is not None and any(r.hazard_id for r in rec.results)
        self.notice_button.setEnabled(rec is not None)
        self.notice_button.setToolTip(
            "为本次检查发现的隐患打印整改通知书" if has_hazards
            else "本次检查还没有登记隐患；有不合格项时先点“不合格项转为隐患”"
        )  # fmt: skip
        pending = rec is not None and any(r.hazard_id is None for r in rec.failed_items)
        self.raise_button.setEnabled(pending)

    def print_current(self, form: str) -> Op[Rendered] | None:
        """打印检查记录 / 打印整改通知书 for the selected inspection."""
        rec = self.current_record()
        if rec is None:
            return None
        if form == "record" and rec.draft:
            # The service refuses too; saying so here spares the busy dialog.
            messages.show_warning(self, str(UncheckedItemsError(rec)), title="检查记录还是草稿")
            return None
        if form == "notice" and not self.ctx.workspace.inspections.hazards_of(rec.id):
            messages.show_info(
                self,
                "本次检查还没有登记隐患，无需下达整改通知书。\n"
                "如检查表中有不合格项，请先点击“不合格项转为隐患”。",
                title="没有隐患",
            )
            return None
        return print_inspection_form(self, self.ctx, rec.id, form)

    def raise_current(self) -> QWidget | None:
        """不合格项转为隐患 for the selected inspection."""
        from safetydesk.ui.dialogs.raise_hazards_dialog import open_raise_hazards

        rec = self.current_record()
        return None if rec is None else open_raise_hazards(self.ctx, rec.id, self)

    # -- archive -------------------------------------------------------------------------------
    def archive(self, rec: Inspection) -> bool:
        """Ask, then archive an inspection record."""
        if not messages.confirm(
            self,
            f"确定要归档 {day_text(rec.inspected_on)} 的这条检查记录吗？\n\n"
            "归档后它不再出现在在册列表和覆盖统计中，已登记的隐患不受影响。\n"
            "需要时可以把“状态”选为“已归档”，找到它并点击“恢复”。",
            title="归档检查记录",
            ok_text="归档",
        ):
            return False
        return self._set_archived(rec, True)

    def restore(self, rec: Inspection) -> bool:
        """Bring an archived inspection back."""
        self._select_after = rec.id if self.archive_filter() is not ArchiveFilter.ARCHIVED else None
        return self._set_archived(rec, False)

    def _set_archived(self, rec: Inspection, archived: bool) -> bool:
        if rec.id is None:
            return False  # listed records are saved: never happens
        try:
            saved = self.service().archive(rec.id, archived)
        except SafetyDeskError as exc:
            messages.show_warning(self, str(exc), title="操作未完成")
            return False
        self.ctx.bus.changed.emit(saved.changes)
        return True


class InspectionsPage(QWidget):
    """The 安全检查 area: 检查记录, 覆盖情况 and 检查表 tabs.

    Args:
        ctx: The AppContext.
        parent: Parent widget.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        lay.addWidget(self.tabs)
        self.records = InspectionList(ctx)
        self.tabs.addTab(self.records, "检查记录")
        self._lazy: dict[int, tuple[str, str]] = {}
        for title, module, cls in LAZY_TABS:
            index = self.tabs.addTab(QWidget(), title)
            self._lazy[index] = (module, cls)
        self.tabs.currentChanged.connect(self._on_tab)

    def _on_tab(self, index: int) -> None:
        spec = self._lazy.pop(index, None)
        if spec is None:
            return
        widget = make_lazy_view(spec[0], spec[1], self.ctx)
        title = self.tabs.tabText(index)
        self.tabs.blockSignals(True)
        old = self.tabs.widget(index)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, widget, title)
        self.tabs.setCurrentIndex(index)
        self.tabs.blockSignals(False)
        if old is not None:
            old.deleteLater()


def make_lazy_view(module_name: str, class_name: str, ctx: AppContext) -> QWidget:
    """``module.Class(ctx)``, or a 正在建设 label when that very module does not exist."""
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        label = QLabel(BUILDING_TEXT)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet("color: #6b6b6b; font-size: 11pt;")
        return label
    return getattr(module, class_name)(ctx)
