"""In-app preview of a rendered PDF (ARCHITECTURE §8.7): view, print, save a copy, open outside.

QtPdf is heavy, so this module is imported lazily, inside the function that shows a PDF::

    from safetydesk.ui.dialogs.pdf_preview import show_pdf
    show_pdf(self, path, "安全隐患整改通知书 润安通〔2026〕3号")

Printing goes through :func:`~safetydesk.ui.dialogs.pdf_print.print_pdf` (``pdf_print.py``),
which takes any ``QPrinter``, so tests print into a PDF file instead of a real printer.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from PySide6.QtCore import QObject, QPointF, QSize, Qt, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QKeySequence,
    QPageSize,
    QShortcut,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from safetydesk import paths
from safetydesk.errors import SafetyDeskError
from safetydesk.oserrors import os_error_message
from safetydesk.ui import messages
from safetydesk.ui.dialogs.pdf_print import print_pdf

#: Zoom factor change of one 放大/缩小 step.
ZOOM_STEP = 1.25
#: Smallest and largest custom zoom.
ZOOM_RANGE = (0.25, 4.0)
#: Default dialog size (shrunk to the screen).
DEFAULT_SIZE = QSize(920, 1000)
#: Characters not allowed in file names on Windows (and whitespace), replaced by "_".
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')

#: Preview windows without a parent, kept referenced while open.
_unparented: set[PdfPreviewDialog] = set()

_ERRORS: dict[QPdfDocument.Error, str] = {
    QPdfDocument.Error.FileNotFound: "找不到文件 {path}。它可能已被移动或删除，请重新生成。",
    QPdfDocument.Error.InvalidFileFormat: "文件 {path} 不是有效的 PDF，或已经损坏。请重新生成。",
    QPdfDocument.Error.IncorrectPassword: "文件 {path} 有密码保护，无法在程序内预览。请点击“用系统程序打开”。",
    QPdfDocument.Error.UnsupportedSecurityScheme: "文件 {path} 有加密保护，无法在程序内预览。请点击“用系统程序打开”。",
}


def show_pdf(parent: QWidget | None, path: Path, title: str) -> None:
    """Show ``path`` in a preview window (non-blocking; deleted when closed).

    Args:
        parent: Owner window; its ``ctx`` (if any) gives the default 另存为 folder.
        path: The PDF file.
        title: What the document is ("安全隐患整改通知书 润安通〔2026〕3号"); window title and
            default file name.
    """
    dlg = PdfPreviewDialog(path, title, parent)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if parent is None:  # nothing else would keep a parentless window alive
        _unparented.add(dlg)
        dlg.finished.connect(lambda _r: _unparented.discard(dlg))
    dlg.show()


def default_file_name(title: str) -> str:
    """A safe ``.pdf`` file name made from a title (Windows-forbidden characters become ``_``)."""
    stem = _UNSAFE.sub("_", title).strip("._") or "文件"
    return f"{stem}.pdf"


def _export_dir(parent: QWidget | None, pdf: Path) -> Path:
    """``exports/`` beside the open database (found through the parents' ``ctx``), else the PDF's folder."""
    obj: QObject | None = parent
    while obj is not None:
        ctx = getattr(obj, "ctx", None)
        db = getattr(getattr(ctx, "workspace", None), "path", None)
        if db is not None:
            return paths.exports_dir(db)
        obj = obj.parent()
    return pdf.resolve().parent


class PdfPreviewDialog(QDialog):
    """Preview window of one PDF: pages, zoom, 打印… / 另存为… / 用系统程序打开.

    Args:
        path: The PDF file.
        title: What the document is (window title, default file name).
        parent: Owner window.

    Attributes:
        document: The loaded ``QPdfDocument``.
        view: The multi-page ``QPdfView``.
        error: The Chinese message when the file could not be loaded ("" when it could).
    """

    def __init__(self, path: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.title = title
        self.export_dir = _export_dir(parent, self.path)
        self.setWindowTitle(f"预览 — {title}")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setDocument(self.document)
        # Release the file when the window closes (Windows keeps a loaded file locked).
        self.finished.connect(lambda _r: self.document.close())
        self._build()
        status = self.document.load(str(self.path))
        self.error = "" if status == QPdfDocument.Error.None_ else self._error_text(status)
        self._after_load()
        self.resize(self._default_size())

    # -- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 10, 10, 10)
        outer.setSpacing(8)
        bar = QHBoxLayout()
        self.page_spin = QSpinBox()
        self.page_spin.setMinimum(1)
        self.page_spin.setToolTip("输入页码后按回车跳转")
        self.page_spin.setKeyboardTracking(False)
        self.count_label = QLabel()
        self.fit_button = QPushButton("适合宽度")
        self.fit_button.setCheckable(True)
        self.actual_button = QPushButton("100%")
        self.actual_button.setCheckable(True)
        self.actual_button.setToolTip("按实际大小显示")
        self.zoom_out_button = QPushButton("缩小")
        self.zoom_in_button = QPushButton("放大")
        bar.addWidget(QLabel("第"))
        bar.addWidget(self.page_spin)
        bar.addWidget(self.count_label)
        bar.addSpacing(16)
        for b in (self.fit_button, self.actual_button, self.zoom_out_button, self.zoom_in_button):
            bar.addWidget(b)
        bar.addStretch(1)
        outer.addLayout(bar)

        self.stack = QStackedWidget()
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error_label.setStyleSheet("color: #c62828; font-size: 11pt;")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.error_label)
        outer.addWidget(self.stack, 1)

        buttons = QHBoxLayout()
        self.print_button = QPushButton("打印…")
        self.print_button.setToolTip("选择打印机、页码范围和份数（Ctrl+P）")
        self.save_button = QPushButton("另存为…")
        self.save_button.setToolTip("把这份 PDF 保存到其他位置（Ctrl+S）")
        self.open_button = QPushButton("用系统程序打开")
        self.open_button.setToolTip("用电脑上安装的 PDF 阅读器打开")
        self.close_button = QPushButton("关闭")
        for b in (self.print_button, self.save_button, self.open_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        outer.addLayout(buttons)
        self.print_button.setDefault(True)

        self.page_spin.valueChanged.connect(lambda n: self.go_to_page(n - 1))
        self.view.pageNavigator().currentPageChanged.connect(self._on_page_changed)
        self.view.zoomModeChanged.connect(self._update_zoom_buttons)
        self.fit_button.clicked.connect(self.fit_width)
        self.actual_button.clicked.connect(self.actual_size)
        self.zoom_in_button.clicked.connect(lambda: self.zoom_by(ZOOM_STEP))
        self.zoom_out_button.clicked.connect(lambda: self.zoom_by(1 / ZOOM_STEP))
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as)
        self.open_button.clicked.connect(self.open_external)
        self.close_button.clicked.connect(self.close)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_document)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_as)
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, lambda: self.zoom_by(ZOOM_STEP))
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, lambda: self.zoom_by(1 / ZOOM_STEP))

    def _default_size(self) -> QSize:
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return DEFAULT_SIZE
        available = screen.availableGeometry().size()
        return DEFAULT_SIZE.boundedTo(
            QSize(available.width() * 9 // 10, available.height() * 9 // 10)
        )

    def _error_text(self, status: QPdfDocument.Error) -> str:
        template = _ERRORS.get(status, "无法打开文件 {path}。请重新生成后再试。")
        return template.format(path=self.path)

    def _after_load(self) -> None:
        ok = not self.error
        count = self.page_count()
        self.page_spin.setMaximum(max(count, 1))
        self.count_label.setText(f"/ {count} 页")
        for w in (self.page_spin, self.fit_button, self.actual_button, self.zoom_in_button,
                  self.zoom_out_button, self.print_button, self.save_button):  # fmt: skip
            w.setEnabled(ok)
        self.open_button.setEnabled(self.path.exists())
        self.error_label.setText(self.error)
        self.stack.setCurrentWidget(self.view if ok else self.error_label)
        self._update_zoom_buttons()

    # -- pages and zoom ------------------------------------------------------------------------
    def page_count(self) -> int:
        """Number of pages of the loaded document (0 when it did not load)."""
        return self.document.pageCount() if not self.error else 0

    def current_page(self) -> int:
        """0-based page shown at the top of the view."""
        return self.view.pageNavigator().currentPage()

    def page_text(self) -> str:
        """The page indicator as shown, e.g. "第 1 / 3 页"."""
        return f"第 {self.page_spin.value()} {self.count_label.text()}"

    def go_to_page(self, page: int) -> None:
        """Scroll to the 0-based ``page`` (clamped)."""
        if self.page_count() == 0:
            return
        page = max(0, min(page, self.page_count() - 1))
        nav = self.view.pageNavigator()
        if page != nav.currentPage():
            nav.jump(page, QPointF(), nav.currentZoom())

    def _on_page_changed(self, page: int) -> None:
        self.page_spin.blockSignals(True)
        self.page_spin.setValue(page + 1)
        self.page_spin.blockSignals(False)

    def fit_width(self) -> None:
        """Zoom so a page fills the view's width."""
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._update_zoom_buttons()

    def actual_size(self) -> None:
        """Zoom to 100 %."""
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(1.0)
        self._update_zoom_buttons()

    def zoom_by(self, factor: float) -> None:
        """Zoom in (``factor`` > 1) or out, within :data:`ZOOM_RANGE`."""
        low, high = ZOOM_RANGE
        zoom = max(low, min(high, self.view.zoomFactor() * factor))
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(zoom)
        self._update_zoom_buttons()

    def _update_zoom_buttons(self, *_args: object) -> None:
        mode = self.view.zoomMode()
        self.fit_button.setChecked(mode == QPdfView.ZoomMode.FitToWidth)
        self.actual_button.setChecked(
            mode == QPdfView.ZoomMode.Custom and abs(self.view.zoomFactor() - 1.0) < 1e-6
        )

    # -- actions -------------------------------------------------------------------------------
    def print_to(self, printer: QPrinter) -> int:
        """Print on a configured ``printer``; returns the number of sheets."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return print_pdf(self.document, printer, current=self.current_page())
        finally:
            QApplication.restoreOverrideCursor()

    def make_printer(self) -> QPrinter:
        """An A4 printer at full resolution, named after the document."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setDocName(self.title)
        return printer

    def print_document(self) -> int:
        """打印…: ask for printer, pages and copies, then print; returns the sheets printed."""
        if self.page_count() == 0:
            return 0
        printer = self.make_printer()
        dlg = QPrintDialog(printer, self)
        dlg.setWindowTitle(f"打印 — {self.title}")
        dlg.setMinMax(1, self.page_count())
        option = QAbstractPrintDialog.PrintDialogOption
        dlg.setOptions(option.PrintPageRange | option.PrintCurrentPage
                       | option.PrintCollateCopies | option.PrintShowPageSize)  # fmt: skip
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return 0
        try:
            return self.print_to(printer)
        except SafetyDeskError as exc:
            messages.show_warning(self, str(exc), title="打印失败")
            return 0

    def default_save_path(self) -> Path:
        """Where 另存为 proposes to save: ``exports/`` beside the database, named after the title."""
        return self.export_dir / default_file_name(self.title)

    def save_copy(self, target: Path) -> Path:
        """Copy the PDF to ``target`` (atomically; folders are created).

        Raises:
            OSError: The target cannot be written.
        """
        target = Path(target)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        if target.exists() and target.resolve() == self.path.resolve():
            return target
        return paths.write_atomic(target, lambda tmp: shutil.copyfile(self.path, tmp))

    def save_as(self) -> Path | None:
        """另存为…: choose a file and copy the PDF there; returns the saved path."""
        if self.page_count() == 0:
            return None
        start = self.default_save_path()
        start.parent.mkdir(parents=True, exist_ok=True)
        name, _ = QFileDialog.getSaveFileName(self, "另存为", str(start), "PDF 文件 (*.pdf)")
        if not name:
            return None
        try:
            saved = self.save_copy(Path(name))
        except OSError as exc:
            messages.show_warning(
                self, os_error_message(exc, name, action="保存到"),
                title="保存失败",
            )  # fmt: skip
            return None
        self.export_dir = saved.parent
        return saved

    def open_external(self) -> bool:
        """用系统程序打开: hand the file to the system's PDF viewer."""
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path.resolve()))):
            return True
        messages.show_warning(
            self,
            "没有找到可以打开 PDF 的程序。请安装 PDF 阅读器，或用“另存为…”保存后再打开。",
            title="无法打开",
        )
        return False
