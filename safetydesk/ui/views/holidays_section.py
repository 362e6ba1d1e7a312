"""节假日安排 section of the 设置 page: view, edit and paste-import the holiday table (A5).

Working-day deadlines need each year's 放假安排. The section shows which years are known, the days
of the chosen year (built-in or entered here), lets the officer add/change/delete a day, and
imports a pasted arrangement ("2027-02-06~2027-02-12 休 春节", one line per day or range), refused
as a whole with line-numbered messages when any line is wrong. Everything goes through
``ws.holidays``; changes are announced through the callback the page passes in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetydesk.errors import ImportRefused, SafetyDeskError, ValidationError
from safetydesk.services.changes import Changes
from safetydesk.services.holidays import (
    LINE_HELP,
    DayKind,
    HolidayDay,
    HolidayService,
    YearSource,
    parse_arrangement,
)
from safetydesk.ui import messages
from safetydesk.ui.context import AppContext

#: Table headers.
HEADERS: tuple[str, ...] = ("日期", "星期", "类别", "说明")
#: Text of each kind in the table and the kind combo.
KIND_TEXT: dict[DayKind, str] = {DayKind.OFF: "休（放假）", DayKind.WORK: "班（调休上班）"}
#: Example shown in the empty paste box.
PASTE_EXAMPLE = "2027-01-01 休 元旦\n2027-02-06~2027-02-12 休 春节\n2027-02-14 班 春节调休"
#: Style of red messages and of grey hints.
ERROR_STYLE = "color: #c62828;"
HINT_STYLE = "color: palette(placeholder-text);"
OK_STYLE = "color: #2e7d32;"


class HolidaysSection(QGroupBox):
    """The 节假日安排 group box.

    Args:
        ctx: Application context.
        announce: Called with the ``Changes`` of every edit (default: emit on the bus).
        parent: Parent widget.
    """

    def __init__(
        self,
        ctx: AppContext,
        announce: Callable[[Changes], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("节假日安排", parent)
        self.ctx = ctx
        self._announce = announce or ctx.bus.changed.emit
        self.days: list[HolidayDay] = []
        self._build()
        self.refresh()

    @property
    def service(self) -> HolidayService:
        """The workspace's holiday service."""
        return self.ctx.workspace.holidays

    # -- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(8)
        intro = QLabel("按工作日计算整改期限时，要扣除法定节假日、加上调休上班的周末。"
                       "国务院办公厅每年秋季公布下一年的放假安排，请在这里录入。")  # fmt: skip
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.known_label = QLabel()
        self.known_label.setWordWrap(True)
        self.known_label.setStyleSheet(HINT_STYLE)
        layout.addWidget(self.known_label)

        year_row = QHBoxLayout()
        self.year_combo = QComboBox()
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        year_row.addWidget(QLabel("年份"))
        year_row.addWidget(self.year_combo)
        year_row.addSpacing(8)
        year_row.addWidget(self.source_label, 1)
        layout.addLayout(year_row)

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(220)
        layout.addWidget(self.table)

        edit_row = QHBoxLayout()
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.kind_combo = QComboBox()
        for kind, text in KIND_TEXT.items():
            self.kind_combo.addItem(text, kind.value)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("说明，如 春节、春节调休")
        self.set_button = QPushButton("保存这一天")
        self.set_button.setToolTip("新增这一天；已有的日子则修改为所选类别和说明")
        self.delete_button = QPushButton("删除所选")
        self.delete_button.setToolTip("删除表中选中的一天（恢复为普通的星期几）")
        for w in (self.date_edit, self.kind_combo):
            edit_row.addWidget(w)
        edit_row.addWidget(self.note_edit, 1)
        edit_row.addWidget(self.set_button)
        edit_row.addWidget(self.delete_button)
        layout.addLayout(edit_row)
        self.edit_message = QLabel()
        self.edit_message.setWordWrap(True)
        self.edit_message.hide()
        layout.addWidget(self.edit_message)

        paste_title = QLabel(f"粘贴导入整年的放假安排（会替换该年已有的安排）。{LINE_HELP}")
        paste_title.setWordWrap(True)
        layout.addWidget(paste_title)
        self.paste_edit = QPlainTextEdit()
        self.paste_edit.setPlaceholderText(PASTE_EXAMPLE)
        self.paste_edit.setFixedHeight(110)
        layout.addWidget(self.paste_edit)
        import_row = QHBoxLayout()
        self.import_button = QPushButton("导入")
        self.clear_button = QPushButton("清空")
        import_row.addWidget(self.import_button)
        import_row.addWidget(self.clear_button)
        import_row.addStretch(1)
        layout.addLayout(import_row)
        self.import_report = QLabel()
        self.import_report.setWordWrap(True)
        self.import_report.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.import_report.hide()
        layout.addWidget(self.import_report)

        self.year_combo.currentIndexChanged.connect(lambda _i: self._on_year_changed())
        self.table.itemSelectionChanged.connect(self._on_row_selected)
        self.set_button.clicked.connect(self.save_day)
        self.delete_button.clicked.connect(self.delete_selected)
        self.import_button.clicked.connect(self.import_text)
        self.clear_button.clicked.connect(self._clear_paste)

    # -- reading -------------------------------------------------------------------------------
    def year(self) -> int:
        """The year shown."""
        data = self.year_combo.currentData()
        return int(data) if data is not None else self.ctx.workspace.clock().year

    def refresh(self, year: int | None = None) -> None:
        """Re-read the known years and the shown (or given) year's days."""
        this_year = self.ctx.workspace.clock().year
        show = year if year is not None else self.year_combo.currentData()
        years = set(self.service.table_years()) | {this_year - 1, this_year, this_year + 1}
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for y in sorted(years):
            self.year_combo.addItem(f"{y} 年", y)
        index = self.year_combo.findData(show if show is not None else this_year)
        self.year_combo.setCurrentIndex(
            index if index >= 0 else self.year_combo.findData(this_year)
        )
        self.year_combo.blockSignals(False)
        self.known_label.setText(self.service.known_years_text())
        self._fill_table()

    def _on_year_changed(self) -> None:
        self._fill_table()
        d = self.date_edit.date()
        self.date_edit.setDate(QDate(self.year(), d.month(), min(d.day(), 28)))

    def _fill_table(self) -> None:
        year = self.year()
        self.days = self.service.list(year)
        source = self.service.source(year)
        self.source_label.setText({
            YearSource.TABLE: f"{year} 年的安排由本机录入，可逐日修改。",
            YearSource.BUILTIN: f"{year} 年使用内置数据；修改任何一天后，该年全部日子会复制到本机表中再修改。",
            YearSource.MISSING: f"{year} 年没有节假日安排：工作日按周一至周五计算，期限会提示缺少安排。请录入或粘贴导入。",
        }[source])  # fmt: skip
        self.source_label.setStyleSheet(ERROR_STYLE if source is YearSource.MISSING else HINT_STYLE)
        self.table.setRowCount(len(self.days))
        for row, d in enumerate(self.days):
            cells = (d.day.isoformat(), d.weekday, KIND_TEXT[d.kind], d.note)
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.delete_button.setEnabled(False)
        if self.date_edit.date().year() != year:
            self.date_edit.setDate(QDate(year, 1, 1))

    def selected_day(self) -> HolidayDay | None:
        """The day selected in the table."""
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.days[rows.pop()] if len(rows) == 1 else None

    def _on_row_selected(self) -> None:
        day = self.selected_day()
        self.delete_button.setEnabled(day is not None)
        if day is not None:
            self.date_edit.setDate(QDate(day.day.year, day.day.month, day.day.day))
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(day.kind.value))
            self.note_edit.setText(day.note)

    # -- editing -------------------------------------------------------------------------------
    def save_day(self) -> bool:
        """保存这一天: add or change the day of the edit row."""
        d = self.date_edit.date()
        day = date(d.year(), d.month(), d.day())
        try:
            saved = self.service.set_day(day, self.kind_combo.currentData(), self.note_edit.text())
        except ValidationError as exc:
            self._edit_message(exc.message, error=True)
            return False
        self.refresh(day.year)
        self._select(day)
        self._edit_message(f"已保存 {day.isoformat()} {saved.record.weekday} {saved.record.kind}。")
        self._announce(saved.changes)
        return True

    def delete_selected(self) -> bool:
        """删除所选: remove the selected day."""
        day = self.selected_day()
        if day is None:
            return False
        try:
            changes = self.service.delete_day(day.day)
        except SafetyDeskError as exc:
            self._edit_message(str(exc), error=True)
            return False
        self.refresh(day.day.year)
        self._edit_message(f"已删除 {day.day.isoformat()}，该日按普通的{day.weekday}计算。")
        self._announce(changes)
        return True

    def import_text(self) -> bool:
        """导入: replace a year's arrangement by the pasted text, all or nothing."""
        text = self.paste_edit.toPlainText()
        try:
            days = parse_arrangement(text)
        except ImportRefused as exc:
            self._report(exc)
            return False
        year = days[0].day.year
        if self.service.source(year) is YearSource.TABLE and not messages.confirm(
            self,
            f"{year} 年已有本机录入的 {len(self.service.list(year))} 天安排，导入后将被替换为"
            f"粘贴的 {len(days)} 天。继续吗？",
            title="替换节假日安排",
            ok_text="替换",
        ):
            return False
        try:
            saved = self.service.import_year(year, text)
        except ImportRefused as exc:
            self._report(exc)
            return False
        off = sum(1 for d in saved.record if d.kind is DayKind.OFF)
        self.import_report.setStyleSheet(OK_STYLE)
        self.import_report.setText(
            f"已导入 {year} 年的节假日安排：放假 {off} 天，调休上班 {len(saved.record) - off} 天。"
        )
        self.import_report.show()
        self.paste_edit.clear()
        self.refresh(year)
        self._announce(saved.changes)
        return True

    def _report(self, exc: ImportRefused) -> None:
        lines = [str(p) if p.row else p.message for p in exc.problems]
        self.import_report.setStyleSheet(ERROR_STYLE)
        self.import_report.setText("\n".join([str(exc), *lines]))
        self.import_report.show()

    def _clear_paste(self) -> None:
        self.paste_edit.clear()
        self.import_report.clear()
        self.import_report.hide()

    def _edit_message(self, text: str, *, error: bool = False) -> None:
        self.edit_message.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.edit_message.setText(text)
        self.edit_message.show()

    def _select(self, day: date) -> None:
        for row, d in enumerate(self.days):
            if d.day == day:
                self.table.selectRow(row)
                item = self.table.item(row, 0)
                if item is not None:
                    self.table.scrollToItem(item)
                return
