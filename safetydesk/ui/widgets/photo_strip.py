"""Photo thumbnails of one record (a hazard's 整改前 / 整改后, an inspection's 现场), and a viewer.

:class:`PhotoStrip` shows one kind of a record's photos as a row of thumbnails with 添加… and
删除 buttons, through the photo service it is given (``ws.hazard_photos`` by default,
``ws.inspection_photos`` for inspections). Adding copies the chosen JPEG/PNG files through the
service's ``add`` (a file that is not an image is refused with the service's Chinese message, the
others are still added); deleting asks first. Double-clicking a thumbnail opens
:class:`PhotoViewer`. Changes go on the bus (the service's topic); the hazard details panel
reloads its strips itself, a strip made with ``follow_changes`` (as in the inspection dialog)
reloads when its own record's photos change. Without a record (a new, unsaved one) the strip
shows its ``unsaved_hint`` and cannot add. Thumbnails are decoded at thumbnail size
(``QImageReader.setScaledSize``), so 8 MB phone photos stay cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QIcon, QImage, QImageReader, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.photos import Photo, PhotoKind
from safetydesk.errors import SafetyDeskError
from safetydesk.services.changes import Changes
from safetydesk.services.photos import PhotoService
from safetydesk.ui import messages

if TYPE_CHECKING:
    from safetydesk.services import Workspace
    from safetydesk.ui.context import AppContext

#: Size of a thumbnail (pixels).
THUMB_SIZE = QSize(96, 72)
#: File filter of the photo chooser.
PHOTO_FILTER = "照片 (*.jpg *.jpeg *.png *.JPG *.JPEG *.PNG);;所有文件 (*)"
#: Role of a thumbnail item holding its :class:`Photo`.
PhotoRole = Qt.ItemDataRole.UserRole + 1


def load_image(path: Path, size: QSize | None = None) -> QImage:
    """Read an image (turned upright by its EXIF orientation), scaled to fit ``size`` if given."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    if size is not None:
        full = reader.size()
        if full.isValid() and not full.isEmpty():
            reader.setScaledSize(full.scaled(size, Qt.AspectRatioMode.KeepAspectRatio))
    return reader.read()


class PhotoViewer(QDialog):
    """A photo at full size, scaled to the window (system viewer one click away)."""

    def __init__(self, path: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.path = path
        self._pixmap = QPixmap.fromImage(load_image(path))
        lay = QVBoxLayout(self)
        self.image_label = QLabel()
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_label.setMinimumSize(320, 240)
        if self._pixmap.isNull():
            self.image_label.setText(f"无法显示照片「{path.name}」：文件可能已损坏或被移走。")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.image_label)
        lay.addWidget(scroll, 1)
        buttons = QDialogButtonBox()
        system = buttons.addButton("用系统看图程序打开", QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        system.clicked.connect(self.open_in_system_viewer)
        close.clicked.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(900, 680)

    def open_in_system_viewer(self) -> None:
        """Open the file with the system's image viewer."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """Scale the photo to the new size."""
        super().resizeEvent(event)
        if not self._pixmap.isNull():
            target = self.image_label.size() - QSize(4, 4)
            self.image_label.setPixmap(
                self._pixmap.scaled(
                    target,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )


class PhotoStrip(QWidget):
    """Thumbnails of one kind of photo of one record, with 添加… / 删除.

    Args:
        ctx: The AppContext.
        kind: 整改前 or 整改后 (hazards), 现场 (inspections).
        parent: Parent widget.
        service: The photo service, as a function of the workspace (default its hazard photos).
        follow_changes: Reload when the bus reports a change of this record's photos.
        unsaved_hint: Shown instead of the thumbnails while there is no record.
    """

    def __init__(
        self,
        ctx: AppContext,
        kind: PhotoKind,
        parent: QWidget | None = None,
        *,
        service: Callable[[Workspace], PhotoService] | None = None,
        follow_changes: bool = False,
        unsaved_hint: str = "暂无照片",
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self._service = service or _hazard_photos
        self.unsaved_hint = unsaved_hint
        self.owner_id: int | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        head = QHBoxLayout()
        self.title = QLabel(f"{kind.value}照片")
        self.add_button = QPushButton("添加…")
        self.add_button.setToolTip(f"选择{kind.value}的照片（JPG 或 PNG，可多选）")
        self.delete_button = QPushButton("删除")
        self.delete_button.setToolTip("删除选中的照片")
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.add_button)
        head.addWidget(self.delete_button)
        lay.addLayout(head)
        self.list = QListWidget()
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setIconSize(THUMB_SIZE)
        self.list.setSpacing(4)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setFixedHeight(THUMB_SIZE.height() + 30)
        self.list.setToolTip("双击查看大图")
        lay.addWidget(self.list)
        self.empty_label = QLabel("暂无照片")
        self.empty_label.setStyleSheet("color: #6b6b6b;")
        lay.addWidget(self.empty_label)
        self.add_button.clicked.connect(self.choose_and_add)
        self.delete_button.clicked.connect(self.delete_selected)
        self.list.itemDoubleClicked.connect(self.open_item)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        if follow_changes:
            ctx.bus.changed.connect(self._on_changed)
        self.set_owner(None)

    @property
    def service(self) -> PhotoService:
        """The photo service of this strip's records."""
        return self._service(self.ctx.workspace)

    # -- display -------------------------------------------------------------------------------
    def set_owner(self, owner_id: int | None) -> None:
        """Show the photos of record ``owner_id`` (None: nothing, buttons disabled)."""
        self.owner_id = owner_id
        self.reload()

    def photos(self) -> list[Photo]:
        """The photos shown, in order."""
        return [self.list.item(i).data(PhotoRole) for i in range(self.list.count())]

    def _on_changed(self, changes: Changes) -> None:
        mine = not changes.ids or self.owner_id in changes.ids
        if self.owner_id is not None and mine and changes.touches(self.service.topic):
            self.reload()

    def reload(self) -> None:
        """Re-read the photos from the service."""
        self.list.clear()
        service = self.service
        photos: list[Photo] = []
        if self.owner_id is not None:
            photos = service.photos(self.owner_id, self.kind)
        for photo in photos:
            image = load_image(service.path(photo), THUMB_SIZE)
            item = QListWidgetItem()
            if image.isNull():
                item.setText("无法显示")
            else:
                item.setIcon(QIcon(QPixmap.fromImage(image)))
            item.setToolTip(f"{photo.original_name}\n双击查看大图")
            item.setData(PhotoRole, photo)
            item.setSizeHint(THUMB_SIZE + QSize(8, 8))
            self.list.addItem(item)
        self.list.setVisible(bool(photos))
        self.empty_label.setVisible(not photos)
        self.empty_label.setText("暂无照片" if self.owner_id is not None else self.unsaved_hint)
        self.title.setText(f"{self.kind.value}照片（{len(photos)}）")
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(self.owner_id is not None)
        self.delete_button.setEnabled(bool(self.list.selectedItems()))

    # -- actions -------------------------------------------------------------------------------
    def choose_and_add(self) -> None:
        """添加…: choose photo files and add them."""
        if self.owner_id is None:
            return
        start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        names, _ = QFileDialog.getOpenFileNames(
            self, f"选择{self.kind.value}照片", start, PHOTO_FILTER
        )
        if names:
            self.add_files([Path(n) for n in names])

    def add_files(self, files: list[Path]) -> int:
        """Add photo files of this kind; returns how many were added (refusals are shown)."""
        if self.owner_id is None:
            return 0
        service = self.service
        added, problems = 0, []
        changes = Changes()
        for path in files:
            try:
                saved = service.add(self.owner_id, path, self.kind)
            except SafetyDeskError as exc:
                problems.append(str(exc))
                continue
            added += 1
            changes = changes | saved.changes
        if added:
            self.ctx.bus.changed.emit(changes)
        if problems:
            head = f"已添加 {added} 张照片；以下文件未添加：\n\n" if added else ""
            messages.show_warning(self, head + "\n".join(problems), title="照片未添加")
        return added

    def delete_selected(self) -> bool:
        """删除: ask, then delete the selected photo and its file."""
        items = self.list.selectedItems()
        if not items:
            return False
        photo: Photo = items[0].data(PhotoRole)
        if not messages.confirm(
            self,
            f"确定删除这张{self.kind.value}照片（{photo.original_name}）吗？\n删除后无法恢复。",
            title="删除照片",
            ok_text="删除",
        ):
            return False
        try:
            saved = self.service.delete(photo.id or 0)
        except SafetyDeskError as exc:
            messages.show_warning(self, str(exc), title="无法删除")
            return False
        self.ctx.bus.changed.emit(saved.changes)
        return True

    def open_item(self, item: QListWidgetItem) -> PhotoViewer:
        """Open a thumbnail's photo in the viewer."""
        photo: Photo = item.data(PhotoRole)
        path = self.service.path(photo)
        viewer = PhotoViewer(path, f"{self.kind.value}照片 — {photo.original_name}", self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.open()
        return viewer


def _hazard_photos(ws: Workspace) -> PhotoService:
    return ws.hazard_photos


def _inspection_photos(ws: Workspace) -> PhotoService:
    return ws.inspection_photos


def scene_photo_strip(ctx: AppContext, parent: QWidget | None = None) -> PhotoStrip:
    """The 现场照片 strip of an inspection (reloads itself; a new record must be saved first)."""
    return PhotoStrip(
        ctx,
        PhotoKind.SCENE,
        parent,
        service=_inspection_photos,
        follow_changes=True,
        unsaved_hint="保存后可添加现场照片",
    )
