"""Printing a PDF on a ``QPrinter``: the drawing behind the preview's 打印 button.

Every page is rendered with ``QPdfDocument.render`` at the printer's resolution (capped at
:data:`MAX_PRINT_DPI`) and drawn on the sheet, honouring the page range, the current-page
choice, reverse order, copies and collation chosen in the print dialog. :func:`print_pdf` takes
any ``QPrinter``, so tests print into a PDF file instead of a real printer. Used by
``ui/dialogs/pdf_preview.py``; imported only with it (QtPdf is heavy).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from safetydesk.errors import SafetyDeskError

#: Highest resolution pages are rendered at for printing (an A4 page at 600 dpi is ~140 MB).
MAX_PRINT_DPI = 600


def pages_to_print(printer: QPrinter, count: int, current: int = 0) -> list[int]:
    """0-based page numbers the print settings ask for, in print order.

    Args:
        printer: Holds the choices of the print dialog (range, current page, order).
        count: Pages in the document.
        current: The page shown in the preview (for 打印当前页).
    """
    pages = list(range(count))
    choice = printer.printRange()
    if choice == QPrinter.PrintRange.CurrentPage:
        pages = [current] if 0 <= current < count else []
    elif choice == QPrinter.PrintRange.PageRange:
        ranges = printer.pageRanges()
        if not ranges.isEmpty():
            pages = [p for p in pages if ranges.contains(p + 1)]
        elif printer.fromPage() > 0:
            last = min(printer.toPage() or count, count)
            pages = list(range(printer.fromPage() - 1, last))
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        pages.reverse()
    return pages


def print_pdf(document: QPdfDocument, printer: QPrinter, *, current: int = 0) -> int:
    """Print the loaded ``document`` on ``printer``; returns the number of sheets drawn.

    Each page is scaled to fit the sheet (a landscape page on portrait paper is turned), centred,
    keeping its proportions. Copies are drawn here unless the printer makes them itself.

    Raises:
        SafetyDeskError: The printer (or the output file) cannot be used.
    """
    pages = pages_to_print(printer, document.pageCount(), current)
    if not pages:
        return 0
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    # Collated: 1 2 3 1 2 3; not collated: 1 1 2 2 3 3.
    collated = printer.collateCopies()
    order = pages * copies if collated else [p for p in pages for _ in range(copies)]
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise SafetyDeskError("无法开始打印：打印机不可用，或输出文件无法写入。请检查打印机后重试。")
    try:
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        for i, page in enumerate(order):
            if i and not printer.newPage():
                raise SafetyDeskError("打印中断：无法换到下一页。请检查打印机后重试。")
            _draw_page(painter, document, page, printer, dpi)
    finally:
        painter.end()
    return len(order)


def _draw_page(
    painter: QPainter, document: QPdfDocument, page: int, printer: QPrinter, dpi: int
) -> None:
    size = document.pagePointSize(page)
    sheet = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
    w, h = sheet.width(), sheet.height()
    turn = (size.width() > size.height()) != (w > h)
    painter.save()
    if turn:
        painter.translate(w, 0)
        painter.rotate(90)
        w, h = h, w
    scale = min(w / size.width(), h / size.height())
    target = QRectF(0, 0, size.width() * scale, size.height() * scale)
    target.moveCenter(QPointF(w / 2, h / 2))
    pixels = QSize(round(size.width() * dpi / 72), round(size.height() * dpi / 72))
    painter.drawImage(target, document.render(page, pixels))
    painter.restore()
