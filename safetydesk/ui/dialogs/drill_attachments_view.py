"""附件 of one drill record: photos, the sign-in sheet and other files (DOMAIN.md B §2.4).

Used by the drill record dialog's 附件 tab. :class:`DrillAttachmentsView` lists the drill's files
(类别, 原文件名, 日期, 说明, a thumbnail for images) through ``ws.drill_files`` and adds them with
添加照片… / 添加签到表… / 其他材料… (the note typed above the buttons goes with them), 删除 (asked
first) and 打开 (the system's program). Files belong to a saved drill: before adding, the view
calls the dialog's ``ensure_saved`` (which may save the form, or say no). Changes go on the bus
as :class:`~safetydesk.services.changes.Changes` of :data:`Topic.DRILLS`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.drill_records import AttachmentKind, DrillAttachment
from safetydesk.errors import SafetyDeskError
from safetydesk.services.changes import Changes
from safetydesk.ui import messages
from safetydesk.ui.widgets.photo_strip import load_image

if TYPE_CHECKING:
    from safetydesk.ui.context import AppContext

#: Size of a thumbnail (pixels).
THUMB_SIZE = QSize(64, 48)
#: File suffixes shown as thumbnails.
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp"})
#: File filter of each kind's chooser.
FILTERS: dict[AttachmentKind, str] = {
    AttachmentKind.PHOTO: "照片 (*.jpg *.jpeg *.png *.JPG *.JPEG *.PNG);;所有文件 (*)",
    AttachmentKind.SIGN_IN: "签到表 (*.jpg *.jpeg *.png *.pdf *.JPG *.JPEG *.PNG *.PDF);;所有文件 (*)",
    AttachmentKind.OTHER: "所有文件 (*)",
}
#: Column headers.
HEADERS = ("缩略图", "类别", "原文件名", "日期", "说明")
COL_THUMB, COL_KIND, COL_NAME, COL_DATE, COL_NOTE = range(5)
#: Role of a row's first cell holding its :class:`DrillAttachment`.
AttachmentRole = Qt.ItemDataRole.UserRole + 1
#: Shown instead of the list when the attachments service is not part of this build.
MISSING_TEXT = "附件功能尚未提供。"


class DrillAttachmentsView(QWidget):
    """The files of one drill with 添加 / 删除 / 打开.

    Args:
        ctx: The AppContext.
        ensure_saved: Called before adding; returns the drill's id once it is saved (the dialog
            may save the form first), or ``None`` when the user would rather not.
        parent: Parent widget.
    """

    def __init__(
        self, ctx: AppContext, ensure_saved: Callable[[], int | None],
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.ctx = ctx
        self._ensure_saved = ensure_saved
        self.drill_id: int | None = None
        lay = QVBoxLayout(self)
        self.info_label = QLabel()
        self.info_label.setWordWrap(True)
        self.info_label.setStyleSheet("color: #6b6b6b;")
        lay.addWidget(self.info_label)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setIconSize(THUMB_SIZE)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(THUMB_SIZE.height() + 8)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        em = self.fontMetrics().horizontalAdvance("中")
        for col, width in ((COL_THUMB, THUMB_SIZE.width() + 12), (COL_KIND, 5 * em),
                           (COL_NAME, 18 * em), (COL_DATE, 7 * em)):  # fmt: skip
            self.table.setColumnWidth(col, width)
        self.table.setToolTip("双击用系统程序打开")
        lay.addWidget(self.table, 1)
        note_row = QHBoxLayout()
        note_row.addWidget(QLabel("说明"))
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("可不填；添加文件时一并保存，如：疏散集结点清点人数")
        note_row.addWidget(self.note_edit, 1)
        lay.addLayout(note_row)
        buttons = QHBoxLayout()
        self.add_buttons: dict[AttachmentKind, QPushButton] = {}
        for kind, text in ((AttachmentKind.PHOTO, "添加照片…"),
                           (AttachmentKind.SIGN_IN, "添加签到表…"),
                           (AttachmentKind.OTHER, "其他材料…")):  # fmt: skip
            button = self.add_buttons[kind] = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, k=kind: self.choose_and_add(k))
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.open_button = QPushButton("打开")
        self.delete_button = QPushButton("删除")
        for button in (self.open_button, self.delete_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        lay.addLayout(buttons)
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _i: self.open_selected())
        self.set_drill(None)

    @property
    def service(self) -> Any:
        """``ws.drill_files``, or None when this build has none."""
        return getattr(self.ctx.workspace, "drill_files", None)

    # -- display -------------------------------------------------------------------------------
    def set_drill(self, drill_id: int | None) -> None:
        """Show the files of ``drill_id`` (None: a new drill, saved when a file is added)."""
        self.drill_id = drill_id
        self.reload()

    def attachments(self) -> list[DrillAttachment]:
        """The attachments listed, in order."""
        return [self._row_attachment(r) for r in range(self.table.rowCount())]

    def _row_attachment(self, row: int) -> DrillAttachment:
        item = self.table.item(row, 0)
        assert item is not None
        att: DrillAttachment = item.data(AttachmentRole)
        return att

    def reload(self) -> None:
        """Re-read the list from the service."""
        self.table.setRowCount(0)
        service = self.service
        if service is None:
            self.info_label.setText(MISSING_TEXT)
            self._update_buttons()
            return
        rows: list[DrillAttachment] = (
            service.attachments(self.drill_id) if self.drill_id is not None else []
        )
        for att in rows:
            self._add_row(att, service.path(att))
        counts = {k: sum(1 for a in rows if a.kind is k) for k in AttachmentKind}
        summary = "，".join(f"{k.value} {n}" for k, n in counts.items())
        if self.drill_id is None:
            self.info_label.setText("新登记的演练：添加附件前会先保存本记录。")
        else:
            self.info_label.setText(f"共 {len(rows)} 个附件（{summary}）。双击打开。")
        self._update_buttons()

    def _add_row(self, att: DrillAttachment, path: Path) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        thumb = QTableWidgetItem()
        thumb.setData(AttachmentRole, att)
        if path.suffix.lower() in IMAGE_SUFFIXES:
            image = load_image(path, THUMB_SIZE)
            if image.isNull():
                thumb.setText("无法显示")
            else:
                thumb.setIcon(QIcon(QPixmap.fromImage(image)))
        else:
            thumb.setText(path.suffix.lstrip(".").upper() or "文件")
        self.table.setItem(row, COL_THUMB, thumb)
        on = att.taken_on or (att.created_at.date() if att.created_at else None)
        for col, text in ((COL_KIND, att.kind.value), (COL_NAME, att.original_name or path.name),
                          (COL_DATE, on.isoformat() if on else ""), (COL_NOTE, att.note)):  # fmt: skip
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            self.table.setItem(row, col, item)

    def _update_buttons(self) -> None:
        available = self.service is not None
        for button in self.add_buttons.values():
            button.setEnabled(available)
        selected = available and bool(self.table.selectedItems())
        self.open_button.setEnabled(selected)
        self.delete_button.setEnabled(selected)

    def selected(self) -> DrillAttachment | None:
        """The selected attachment, if any."""
        rows = {i.row() for i in self.table.selectedItems()}
        return self._row_attachment(min(rows)) if rows else None

    # -- actions -------------------------------------------------------------------------------
    def choose_and_add(self, kind: AttachmentKind) -> int:
        """添加…: save the drill if needed, choose files of ``kind`` and add them."""
        if self.service is None or self._ensure_saved() is None:
            return 0
        start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        names, _ = QFileDialog.getOpenFileNames(self, f"选择{kind.value}", start, FILTERS[kind])
        return self.add_files([Path(n) for n in names], kind) if names else 0

    def add_files(self, files: list[Path], kind: AttachmentKind) -> int:
        """Add files of ``kind`` with the typed note; returns how many were added (refusals
        are shown, the other files are still added)."""
        service = self.service
        drill_id = self.drill_id if self.drill_id is not None else self._ensure_saved()
        if service is None or drill_id is None:
            return 0
        self.drill_id = drill_id
        note = self.note_edit.text().strip()
        added, problems, changes = 0, [], Changes()
        for path in files:
            try:
                saved = service.add(drill_id, path, kind, note=note)
            except SafetyDeskError as exc:
                problems.append(f"{path.name}：{exc}")
                continue
            added += 1
            changes = changes | saved.changes
        self.reload()
        if added:
            self.note_edit.clear()
            self.ctx.bus.changed.emit(changes)
        if problems:
            head = f"已添加 {added} 个文件；以下文件未添加：\n\n" if added else ""
            messages.show_warning(self, head + "\n".join(problems), title="附件未添加")
        return added

    def delete_selected(self) -> bool:
        """删除: ask, then delete the selected attachment and its stored file."""
        att = self.selected()
        if att is None or self.service is None:
            return False
        if not messages.confirm(
            self,
            f"确定删除{att.kind.value}「{att.original_name}」吗？\n删除后无法恢复。",
            title="删除附件",
            ok_text="删除",
        ):
            return False
        try:
            saved = self.service.delete(att.id or 0)
        except SafetyDeskError as exc:
            messages.show_warning(self, str(exc), title="无法删除")
            return False
        self.reload()
        self.ctx.bus.changed.emit(saved.changes)
        return True

    def open_selected(self) -> Path | None:
        """打开: the selected file in the system's program; returns its path."""
        att = self.selected()
        if att is None or self.service is None:
            return None
        path: Path = self.service.path(att)
        if not path.exists():
            messages.show_warning(
                self, f"找不到附件文件「{att.original_name}」：它可能已被移走或删除。",
                title="无法打开",
            )  # fmt: skip
            return None
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path
