"""文书登记 page: numbers per year and kind, counts, 作废 through the page, refresh on the bus."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from safetydesk.domain.documents import DocumentKind, DocumentStatus
from safetydesk.services.changes import Topic
from safetydesk.ui.views.documents_page import (
    COL_NUMBER,
    COL_REASON,
    COL_STATUS,
    COL_SUBJECT,
    VOID_COLOUR,
    DocumentsPage,
)

K = DocumentKind


@pytest.fixture
def issued(ws, unit):
    docs = ws.documents
    for d in (2, 5, 9):
        docs.issue(K.RECTIFICATION_NOTICE, date(2026, 3, d), unit_id=unit.id, subject="消防通道堵塞")
    docs.issue(K.RECHECK_OPINION, date(2026, 4, 1), unit_id=unit.id)
    docs.issue(K.RECTIFICATION_NOTICE, date(2025, 12, 30), subject="年末检查")
    return unit


@pytest.fixture
def page(qtbot, ctx, issued):
    widget = DocumentsPage(ctx)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def texts(page: DocumentsPage, col: int) -> list[str]:
    m = page.model
    return [m.data(m.index(r, col)) for r in range(m.rowCount())]


def test_lists_the_years_numbers_in_order(page: DocumentsPage) -> None:
    assert page.year() == 2026
    assert [page.year_combo.itemData(i) for i in range(page.year_combo.count())] == [2026, 2025]
    assert texts(page, COL_NUMBER) == [
        "润安通〔2026〕1号", "润安通〔2026〕2号", "润安通〔2026〕3号", "润安复〔2026〕1号",
    ]
    assert texts(page, COL_SUBJECT)[0] == "示例饭店（虚构）（消防通道堵塞）"
    assert texts(page, COL_SUBJECT)[3] == "示例饭店（虚构）"
    assert set(texts(page, COL_STATUS)) == {"有效"}
    assert page.count_label.text() == "共 4 份"
    assert "安全隐患整改通知书：已编 3 号（有效 3，作废 0），最后一号 润安通〔2026〕3号" in page.stats_label.text()
    assert "整改复查意见书：已编 1 号" in page.stats_label.text()
    page.year_combo.setCurrentIndex(page.year_combo.findData(2025))
    assert texts(page, COL_NUMBER) == ["润安通〔2025〕1号"]
    assert texts(page, COL_SUBJECT) == ["年末检查"]


def test_kind_filter(page: DocumentsPage) -> None:
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(K.RECHECK_OPINION.value))
    assert texts(page, COL_NUMBER) == ["润安复〔2026〕1号"]
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(K.INSPECTION_RECORD.value))
    assert page.model.rowCount() == 0 and page.stack.currentWidget() is page.empty_label
    assert "还没有该类文书" in page.empty_label.text()


def test_void_through_the_page(page: DocumentsPage, ws, ctx) -> None:
    seen: list = []
    ctx.bus.changed.connect(seen.append)
    assert not page.void_button.isEnabled()  # nothing selected
    assert page.select_number("润安通〔2026〕2号")
    assert page.void_button.isEnabled()
    # An empty reason is refused with the service's message; nothing changes.
    assert not page.void_current("   ")
    assert page.message_label.text() == "请写明作废原因，例如“填写错误，已重新开具”。"
    assert ws.documents.by_number("润安通〔2026〕2号").status is DocumentStatus.VALID
    assert page.void_current("单位名称写错，已重新开具")
    assert seen and seen[-1].touches(Topic.DOCUMENTS)
    assert "不再使用" in page.message_label.text()
    row = page.model.row_of_id(page.current_id())
    m = page.model
    assert m.data(m.index(row, COL_NUMBER)) == "润安通〔2026〕2号"  # still selected after reload
    assert m.data(m.index(row, COL_STATUS)) == "作废"
    assert m.data(m.index(row, COL_REASON)) == "单位名称写错，已重新开具"
    assert m.data(m.index(row, COL_NUMBER), Qt.ItemDataRole.FontRole).strikeOut()
    assert m.data(m.index(row, COL_SUBJECT), Qt.ItemDataRole.ForegroundRole) == VOID_COLOUR
    assert not page.void_button.isEnabled()
    assert "已编 3 号（有效 2，作废 1）" in page.stats_label.text()
    assert page.count_label.text() == "共 4 份，其中作废 1 份"
    # Voiding again is refused by the service.
    assert not page.void_current("again") and "不能重复作废" in page.message_label.text()
    # The void number is never reused.
    ws.documents.issue(K.RECTIFICATION_NOTICE, date(2026, 5, 1))
    assert ws.documents.of_year(2026, K.RECTIFICATION_NOTICE)[-1].number == "润安通〔2026〕4号"


def test_void_button_asks_the_reason(page: DocumentsPage, ws, monkeypatch) -> None:
    asked: list[str] = []

    def answer(dlg: QInputDialog) -> int:
        asked.append(dlg.labelText())
        dlg.setTextValue("打印时卡纸损坏")
        return QInputDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QInputDialog, "exec", answer)
    page.select_number("润安复〔2026〕1号")
    page.void_button.click()
    assert "润安复〔2026〕1号" in asked[0] and "该文号以后不会再使用" in asked[0]
    doc = ws.documents.by_number("润安复〔2026〕1号")
    assert doc.void and doc.void_reason == "打印时卡纸损坏"

    monkeypatch.setattr(QInputDialog, "exec", lambda _dlg: QInputDialog.DialogCode.Rejected.value)
    page.select_number("润安通〔2026〕1号")
    assert not page.void_selected()
    assert not ws.documents.by_number("润安通〔2026〕1号").void


def test_refreshes_on_document_changes(page: DocumentsPage, ws, ctx, qtbot) -> None:
    saved = ws.documents.issue(K.INSPECTION_RECORD, date(2026, 6, 1))
    ctx.bus.changed.emit(saved.changes)
    assert "润安检记〔2026〕1号" in texts(page, COL_NUMBER)
    assert "安全检查记录：已编 1 号" in page.stats_label.text()
    page.hide()
    saved = ws.documents.issue(K.INSPECTION_RECORD, date(2027, 1, 4))
    ctx.bus.changed.emit(saved.changes)
    assert page._stale
    page.show()
    qtbot.waitExposed(page)
    assert not page._stale
    assert [page.year_combo.itemData(i) for i in range(page.year_combo.count())] == [2027, 2026, 2025]
    assert page.year() == 2026


def test_empty_register(qtbot, ctx) -> None:
    widget = DocumentsPage(ctx)
    qtbot.addWidget(widget)
    assert widget.year() == 2026 and widget.model.rowCount() == 0
    assert widget.stack.currentWidget() is widget.empty_label
    assert "2026 年还没有编号的文书" in widget.stats_label.text()
    assert not widget.void_current("x") and "请先在列表中选择" in widget.message_label.text()
