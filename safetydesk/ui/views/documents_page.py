"""文书登记 page: the numbered documents of one year, their counts, and 作废 (DOMAIN.md A3).

Numbers are taken by the services when a notice or record is issued; this page only lists them
(one query per year through ``ws.documents.listing``), filters by kind, shows per-kind counts and
marks a spoiled document 作废 with a reason. A void number stays in the register and is never used
again. The page refreshes on ``Topic.DOCUMENTS`` (and ``Topic.UNITS`` for unit names); a hidden page
only marks itself stale.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.documents import DocumentKind
from safetydesk.errors import SafetyDeskError
from safetydesk.services.changes import Changes, Topic
from safetydesk.services.documents import DocumentEntry
from safetydesk.ui.context import AppContext
from safetydesk.ui.widgets.list_page import ListPage

#: Column headers, in display order.
HEADERS: tuple[str, ...] = ("文号", "类别", "日期", "对象/单位", "状态", "作废原因")
COL_NUMBER, COL_KIND, COL_DATE, COL_SUBJECT, COL_STATUS, COL_REASON = range(len(HEADERS))
#: Default column widths, in widths of "中".
WIDTHS: tuple[float, ...] = (11, 9, 6, 16, 4, 14)
#: Text colour of void rows.
VOID_COLOUR = QColor("#8a8a8a")
#: Colour of the 作废 status text.
VOID_STATUS_COLOUR = QColor("#c62828")
#: Colour of the 有效 status text.
VALID_STATUS_COLOUR = QColor("#2e7d32")
#: Role returning the row's :class:`DocumentEntry`.
EntryRole = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


def subject_text(entry: DocumentEntry) -> str:
    """对象/单位 cell: the unit's name, then the subject when there is one."""
    doc = entry.document
    if entry.unit_name and doc.subject and doc.subject != entry.unit_name:
        return f"{entry.unit_name}（{doc.subject}）"
    return entry.unit_name or doc.subject


def kind_stats(entries: Sequence[DocumentEntry]) -> list[str]:
    """One line per kind present: numbers taken, how many are void, the last number."""
    lines: list[str] = []
    for kind in DocumentKind:
        docs = [e.document for e in entries if e.document.kind is kind]
        if not docs:
            continue
        last = max(docs, key=lambda d: d.serial)
        void = sum(1 for d in docs if d.void)
        lines.append(f"{kind.value}：已编 {len(docs)} 号（有效 {len(docs) - void}，作废 {void}），"
                     f"最后一号 {last.number}")  # fmt: skip
    return lines


class DocumentTableModel(QAbstractTableModel):
    """The year's register as a small in-memory list (a township issues hundreds a year)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[DocumentEntry] = []

    def set_rows(self, entries: Sequence[DocumentEntry]) -> None:
        """Replace the rows."""
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> DocumentEntry | None:
        """The entry shown in ``row`` (None when out of range)."""
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def row_of_id(self, doc_id: int | None) -> int:
        """Row of a document id, or -1."""
        for row, e in enumerate(self.entries):
            if e.document.id == doc_id:
                return row
        return -1

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        """Number of documents shown."""
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        """Number of columns."""
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column headers."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, colours, strike-through of void numbers, tooltips."""
        entry = self.entry(index.row())
        if entry is None:
            return None
        doc, col = entry.document, index.column()
        r = Qt.ItemDataRole
        if role == r.DisplayRole:
            return self._text(entry, col)
        if role == EntryRole:
            return entry
        if role == r.ForegroundRole:
            if col == COL_STATUS:
                return VOID_STATUS_COLOUR if doc.void else VALID_STATUS_COLOUR
            return VOID_COLOUR if doc.void else None
        if role == r.FontRole and doc.void and col in (COL_NUMBER, COL_STATUS):
            font = QFont()
            if col == COL_NUMBER:
                font.setStrikeOut(True)
            else:
                font.setBold(True)
            return font
        if role == r.ToolTipRole:
            if doc.void:
                return f"{doc.number} 已于 {doc.voided_on} 作废：{doc.void_reason}\n该文号保留，不再使用。"
            text = self._text(entry, col)
            return text if len(text) > 12 else None
        return None

    @staticmethod
    def _text(entry: DocumentEntry, col: int) -> str:
        doc = entry.document
        return (
            doc.number,
            doc.kind.value,
            doc.issued_on.isoformat(),
            subject_text(entry),
            doc.status.value,
            doc.void_reason if doc.void else "",
        )[col]


class DocumentsPage(ListPage):
    """文书登记: year and kind filters, the register table, per-kind counts and 作废….

    Args:
        ctx: Application context.
        parent: Parent widget.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._entries: list[DocumentEntry] = []
        self.model = DocumentTableModel(self)
        self._build()
        ctx.bus.changed.connect(self._on_changed)
        self.reload()

    # -- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 12, 12, 8)
        outer.setSpacing(8)

        bar = QHBoxLayout()
        bar.setSpacing(6)
        self.year_combo = QComboBox()
        self.year_combo.setToolTip("文号按年度编号，每年从 1 号开始")
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("全部类别", None)
        for kind in DocumentKind:
            self.kind_combo.addItem(kind.value, kind.value)
        self.void_button = QPushButton("作废…")
        self.void_button.setToolTip("把选中的文书标为作废（填错、打印损坏等）；文号保留，不再使用")
        self.count_label = QLabel()
        bar.addWidget(QLabel("年度"))
        bar.addWidget(self.year_combo)
        bar.addSpacing(8)
        bar.addWidget(QLabel("类别"))
        bar.addWidget(self.kind_combo)
        bar.addSpacing(16)
        bar.addWidget(self.void_button)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        outer.addLayout(bar)

        self.stats_label = QLabel()
        self.stats_label.setWordWrap(True)
        self.stats_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stats_label.setStyleSheet("color: palette(text); padding: 2px 2px;")
        outer.addWidget(self.stats_label)

        outer.addWidget(self.build_list(), 1)

        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.hide()
        outer.addWidget(self.message_label)
        hint = QLabel("文号按类别和年度连续编号，不跳号、不重复；作废的文书连同文号保留在登记簿中，"
                      "该文号不再使用。")  # fmt: skip
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        outer.addWidget(hint)

        self._setup_table()
        self.year_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._apply_filter())
        self.void_button.clicked.connect(self.void_selected)

    def _setup_table(self) -> None:
        self.setup_table(self.model, WIDTHS)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)

    # -- data ----------------------------------------------------------------------------------
    def year(self) -> int:
        """The year shown."""
        year = self.year_combo.currentData()
        return int(year) if year is not None else self.ctx.workspace.clock().year

    def _fill_years(self) -> None:
        current = self.year_combo.currentData()
        years = set(self.ctx.workspace.documents.years()) | {self.ctx.workspace.clock().year}
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for y in sorted(years, reverse=True):
            self.year_combo.addItem(f"{y} 年", y)
        index = self.year_combo.findData(current if current is not None else
                                         self.ctx.workspace.clock().year)  # fmt: skip
        self.year_combo.setCurrentIndex(max(index, 0))
        self.year_combo.blockSignals(False)

    def reload(self) -> None:
        """Re-read the year's register (keeping the selected document)."""
        self._stale = False
        keep = self.current_id()
        self._fill_years()
        self._entries = self.ctx.workspace.documents.listing(self.year())
        stats = kind_stats(self._entries)
        self.stats_label.setText(
            "\n".join(stats) if stats else f"{self.year()} 年还没有编号的文书。"
        )
        self._apply_filter(keep)

    def _apply_filter(self, keep: int | None = None) -> None:
        if keep is None:
            keep = self.current_id()
        kind = self.kind_combo.currentData()
        shown = [e for e in self._entries if kind is None or e.document.kind.value == kind]
        self.model.set_rows(shown)
        void = sum(1 for e in shown if e.document.void)
        self.count_label.setText(
            f"共 {len(shown)} 份，其中作废 {void} 份" if void else f"共 {len(shown)} 份"
        )
        if shown:
            self.show_empty(None)
        else:
            what = "该类文书" if kind else "编号的文书"
            self.show_empty(
                f"{self.year()} 年还没有{what}。\n下达整改通知书、复查意见书或打印检查记录时会自动编号并登记在这里。"
            )
        self.select_id(keep)
        self._update_buttons()

    # -- selection -----------------------------------------------------------------------------
    def current_entry(self) -> DocumentEntry | None:
        """The selected register line."""
        return self.model.entry(self.current_row())

    def current_id(self) -> int | None:
        """Id of the selected document."""
        entry = self.current_entry()
        return entry.document.id if entry else None

    def select_id(self, doc_id: int | None) -> bool:
        """Select a document by id; False when it is not shown."""
        row = self.model.row_of_id(doc_id) if doc_id is not None else -1
        if row < 0:
            return False
        self.select_row(row)
        return True

    def select_number(self, number: str) -> bool:
        """Select a document by its 文号; False when it is not shown."""
        for e in self.model.entries:
            if e.document.number == number:
                return self.select_id(e.document.id)
        return False

    def _update_buttons(self, *_args: object) -> None:
        entry = self.current_entry()
        self.void_button.setEnabled(entry is not None and not entry.document.void)

    # -- 作废 ---------------------------------------------------------------------------------
    def ask_void_reason(self, entry: DocumentEntry) -> str | None:
        """Ask why the document is void; None when the user cancels."""
        doc = entry.document
        dlg = QInputDialog(self)
        dlg.setWindowTitle("作废文书")
        dlg.setLabelText(
            f"作废 {doc.number}（{doc.kind.value}，{subject_text(entry) or '无对象'}）。\n\n"
            "作废后这份文书和它的文号仍保留在登记簿中，标为“作废”；该文号以后不会再使用，"
            "重新开具时将使用下一个文号。\n\n请写明作废原因："
        )
        dlg.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dlg.setOkButtonText("作废")
        dlg.setCancelButtonText("取消")
        dlg.resize(460, dlg.sizeHint().height())
        if dlg.exec() != QInputDialog.DialogCode.Accepted:
            return None
        return dlg.textValue()

    def void_selected(self) -> bool:
        """作废…: ask the reason, then mark the selected document void."""
        entry = self.current_entry()
        if entry is None or entry.document.void:
            return False
        reason = self.ask_void_reason(entry)
        if reason is None:
            return False
        return self.void_current(reason)

    def void_current(self, reason: str) -> bool:
        """Mark the selected document void with ``reason``; True when done.

        An empty reason or an already void document is refused with the service's message,
        shown under the table.
        """
        entry = self.current_entry()
        if entry is None:
            self._show_message("请先在列表中选择要作废的文书。", error=True)
            return False
        ws = self.ctx.workspace
        try:
            saved = ws.documents.void(entry.document.id or 0, reason, ws.clock())
        except SafetyDeskError as exc:
            self._show_message(str(exc), error=True)
            return False
        self._show_message(f"已作废 {saved.record.number}（原因：{saved.record.void_reason}）。"
                           "该文号保留在登记簿中，不再使用。")  # fmt: skip
        self.ctx.bus.changed.emit(saved.changes)
        return True

    def _show_message(self, text: str, *, error: bool = False) -> None:
        self.message_label.setStyleSheet("color: #c62828;" if error else "color: #2e7d32;")
        self.message_label.setText(text)
        self.message_label.show()

    # -- refresh -------------------------------------------------------------------------------
    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(Topic.DOCUMENTS, Topic.UNITS) and not self.defer_if_hidden():
            self.reload()

    def context_menu(self, pos: QPoint) -> None:
        """复制文号 and 作废… for the document under the mouse."""
        idx = self.table.indexAt(pos)
        entry = self.model.entry(idx.row()) if idx.isValid() else None
        if entry is None:
            return
        self.select_id(entry.document.id)
        menu = QMenu(self)
        menu.addAction(
            "复制文号", lambda: QGuiApplication.clipboard().setText(entry.document.number)
        )
        void = menu.addAction("作废…", self.void_selected)
        void.setEnabled(not entry.document.void)
        menu.exec(self.table.viewport().mapToGlobal(pos))
