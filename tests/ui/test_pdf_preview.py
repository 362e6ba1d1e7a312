"""PDF preview: real PDFs made with reportlab, page count, zoom, save-as copy, printing to a file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QPageRanges
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QWidget
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from safetydesk.ui.dialogs.pdf_preview import (
    PdfPreviewDialog,
    default_file_name,
    print_pdf,
    show_pdf,
)

#: A4 in points, as pypdf reports it.
A4_POINTS = (595, 842)


def make_pdf(path: Path, pages: int = 3, *, landscape_last: bool = False) -> Path:
    """A PDF of ``pages`` A4 pages saying "Page n" (the last one landscape if asked)."""
    c = canvas.Canvas(str(path), pagesize=A4)
    for i in range(pages):
        if landscape_last and i == pages - 1:
            c.setPageSize(landscape(A4))
        c.setFont("Helvetica", 36)
        c.drawString(90, 500, f"Page {i + 1}")
        c.showPage()
    c.save()
    return path


def file_printer(out: Path) -> QPrinter:
    """A printer that writes a PDF file (screen resolution keeps the test fast)."""
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    return printer


def page_texts(path: Path) -> list[str]:
    return [p.extract_text() for p in pypdf.PdfReader(path).pages]


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    return make_pdf(tmp_path / "notice.pdf")


@pytest.fixture
def dialog(qtbot, pdf: Path) -> PdfPreviewDialog:
    dlg = PdfPreviewDialog(pdf, "安全隐患整改通知书 润安通〔2026〕3号")
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def test_shows_the_page_count_and_moves_between_pages(dialog: PdfPreviewDialog, qtbot) -> None:
    assert dialog.error == ""
    assert dialog.page_count() == 3
    assert dialog.page_text() == "第 1 / 3 页"
    assert dialog.page_spin.maximum() == 3
    dialog.page_spin.setValue(3)
    qtbot.waitUntil(lambda: dialog.current_page() == 2)
    dialog.go_to_page(0)
    qtbot.waitUntil(lambda: dialog.page_spin.value() == 1)
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()


def test_zoom_fit_width_and_actual_size(dialog: PdfPreviewDialog) -> None:
    assert dialog.fit_button.isChecked() and not dialog.actual_button.isChecked()
    dialog.actual_button.click()
    assert dialog.view.zoomFactor() == pytest.approx(1.0)
    assert dialog.actual_button.isChecked() and not dialog.fit_button.isChecked()
    dialog.zoom_in_button.click()
    assert dialog.view.zoomFactor() == pytest.approx(1.25)
    assert not dialog.actual_button.isChecked()
    dialog.fit_button.click()
    assert dialog.fit_button.isChecked()


def test_save_copy_copies_the_file(dialog: PdfPreviewDialog, pdf: Path, tmp_path: Path) -> None:
    target = dialog.save_copy(tmp_path / "out" / "通知书")
    assert target == tmp_path / "out" / "通知书.pdf"
    assert target.read_bytes() == pdf.read_bytes()
    assert len(pypdf.PdfReader(target).pages) == 3
    assert dialog.default_save_path() == pdf.parent / "安全隐患整改通知书_润安通〔2026〕3号.pdf"


def test_default_folder_is_exports_beside_the_database(qtbot, ctx, pdf: Path) -> None:
    owner = QWidget()
    owner.ctx = ctx
    qtbot.addWidget(owner)
    dlg = PdfPreviewDialog(pdf, "检查记录", owner)
    assert dlg.default_save_path() == ctx.workspace.path.resolve().parent / "exports" / "检查记录.pdf"
    assert default_file_name('a/b:c*?"<>| d') == "a_b_c_d.pdf"
    assert default_file_name("  ") == "文件.pdf"


def test_print_all_pages_on_a4(dialog: PdfPreviewDialog, tmp_path: Path) -> None:
    out = tmp_path / "printed.pdf"
    assert dialog.print_to(file_printer(out)) == 3
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 3
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4_POINTS


def test_print_honours_page_range_and_copies(dialog: PdfPreviewDialog, tmp_path: Path) -> None:
    out = tmp_path / "range.pdf"
    printer = file_printer(out)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    ranges = QPageRanges()
    ranges.addRange(2, 3)
    printer.setPageRanges(ranges)
    printer.setCopyCount(2)
    printer.setCollateCopies(False)
    assert dialog.print_to(printer) == 4
    assert len(pypdf.PdfReader(out).pages) == 4
    out2 = tmp_path / "current.pdf"
    printer = file_printer(out2)
    printer.setPrintRange(QPrinter.PrintRange.CurrentPage)
    assert print_pdf(dialog.document, printer, current=1) == 1
    assert len(pypdf.PdfReader(out2).pages) == 1


def test_landscape_page_is_turned_onto_portrait_a4(qtbot, tmp_path: Path) -> None:
    src = make_pdf(tmp_path / "mixed.pdf", 2, landscape_last=True)
    dlg = PdfPreviewDialog(src, "月报")
    qtbot.addWidget(dlg)
    out = tmp_path / "mixed-printed.pdf"
    assert dlg.print_to(file_printer(out)) == 2
    for page in pypdf.PdfReader(out).pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A4_POINTS


def test_high_resolution_printer_is_a4(dialog: PdfPreviewDialog, tmp_path: Path) -> None:
    printer = dialog.make_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "hi.pdf"))
    printer.setPrintRange(QPrinter.PrintRange.CurrentPage)
    assert dialog.print_to(printer) == 1
    reader = pypdf.PdfReader(tmp_path / "hi.pdf")
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4_POINTS


def test_broken_file_shows_a_message(qtbot, tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf")
    dlg = PdfPreviewDialog(bad, "坏文件")
    qtbot.addWidget(dlg)
    assert "不是有效的 PDF" in dlg.error and dlg.error_label.text() == dlg.error
    assert dlg.page_count() == 0
    assert not dlg.print_button.isEnabled() and not dlg.save_button.isEnabled()
    assert dlg.print_document() == 0 and dlg.save_as() is None
    missing = PdfPreviewDialog(tmp_path / "gone.pdf", "不存在")
    qtbot.addWidget(missing)
    assert "找不到文件" in missing.error and not missing.open_button.isEnabled()


def test_open_with_the_system_viewer(dialog: PdfPreviewDialog, pdf: Path, monkeypatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog.open_button.click()
    assert [Path(u.toLocalFile()) for u in opened] == [pdf.resolve()]


def test_show_pdf_opens_a_window_owned_by_the_parent(qtbot, pdf: Path) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    show_pdf(owner, pdf, "整改复查意见书")
    dlg = owner.findChild(PdfPreviewDialog)
    assert dlg is not None and dlg.isVisible()
    assert dlg.windowTitle() == "预览 — 整改复查意见书" and dlg.page_count() == 3
    dlg.close()


def test_show_pdf_without_parent_keeps_the_window_until_closed(qtbot, pdf: Path) -> None:
    from safetydesk.ui.dialogs import pdf_preview

    show_pdf(None, pdf, "无主窗口")
    dlg = next(w for w in QApplication.topLevelWidgets()
               if isinstance(w, PdfPreviewDialog) and w.windowTitle() == "预览 — 无主窗口")
    assert dlg.isVisible() and dlg in pdf_preview._unparented
    dlg.close()
    assert dlg not in pdf_preview._unparented
    assert dlg.document.status() == QPdfDocument.Status.Null  # the file is released


def test_pages_do_not_load_qtpdf() -> None:
    code = (
        "import sys, safetydesk.ui.main_window, safetydesk.ui.views.settings_page, "
        "safetydesk.ui.views.documents_page; "
        "sys.exit(1 if any(m.startswith('PySide6.QtPdf') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
