"""叫应 view on a real workspace, driven like a user: start, answer, escalate, close; refusals
shown as message boxes (replaced here), never as tracebacks."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from callout_chain import START, make_chain
from PySide6.QtCore import QDateTime

from safetydesk.domain.callouts import CallState
from safetydesk.ui import messages
from safetydesk.ui.context import AppContext
from safetydesk.ui.views.callouts_view import STATE_COLOURS, CalloutsView

#: The offscreen platform warns whenever a shown top-level window's size limits change.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def shown(ctx: AppContext, qtbot, monkeypatch: pytest.MonkeyPatch) -> tuple[CalloutsView, list[str]]:
    """The view over the test chain, "now" 6 minutes after the warning; boxes recorded."""
    make_chain(ctx.workspace)
    clock = {"now": START + timedelta(minutes=6)}
    ctx.workspace.callouts.now = lambda: clock["now"]
    said: list[str] = []
    monkeypatch.setattr(messages, "show_warning", lambda _p, text, **_k: said.append(text))
    monkeypatch.setattr(messages, "show_info", lambda _p, text, **_k: said.append(text))
    view = CalloutsView(ctx)
    qtbot.addWidget(view)
    view.resize(1300, 560)
    view.show()
    return view, said


def _colour(view: CalloutsView, row: int) -> str:
    return view.call_table.item(row, 0).background().color().name()


def test_start_answer_escalate_close(shown: tuple[CalloutsView, list[str]]) -> None:
    view, said = shown
    assert view.call_table.rowCount() == 0 and not view.answer_button.isEnabled()
    dialog = view.open_start()
    dialog.check_villages(["上庄村", "润城村"])
    dialog.time_edit.setDateTime(QDateTime(2026, 7, 14, 21, 30, 0))
    dialog.source_edit.setText("阳城县气象台")
    dialog.accept()
    assert said == []
    assert view.list_table.rowCount() == 1 and view.call_table.rowCount() == 7
    assert view.call_table.item(0, 3).text() == "赵县长"
    # 6 minutes later nobody answered: every row is 待升级 (red)
    assert {view.call_table.item(r, 6).text() for r in range(7)} == {"待升级"}
    assert _colour(view, 0) == STATE_COLOURS[CallState.OVERDUE] == "#f6d0d0"
    assert view.list_table.item(0, 3).text() == "上庄村、润城村"

    view.call_table.selectRow(5)  # 吴网格
    answer = view.open_answer()
    assert answer is not None and answer.call_combo.currentText().startswith("6. 吴网格")
    answer.time_edit.setDateTime(QDateTime(2026, 7, 14, 21, 33, 0))
    answer.moved_spin.setValue(12)
    answer.accept()
    assert view.call_table.item(5, 6).text() == "已应答"
    assert view.call_table.item(5, 8).text().endswith("转移 12 人")
    assert _colour(view, 5) == "#dcefdc"

    assert view.escalate() == 6
    assert view.call_table.item(3, 6).text() == "已升级"  # 李书记 → his 上级责任人
    assert view.call_table.item(3, 9).text().endswith("→ 钱镇长")
    assert "已升级 6" in view.summary_label.text()

    close = view.open_close()
    assert close is not None and close.moved_spin.value() == 12  # what the calls reported
    close.returned_spin.setValue(13)
    close.accept()
    assert said and "返回人数" in said[-1]  # refused, shown as a message
    assert not view.status.callout.closed
    close = view.open_close()
    close.returned_spin.setValue(10)
    close.accept()
    assert view.status.callout.closed and not view.answer_button.isEnabled()
    assert "返回 10 人" in view.summary_label.text()
    if os.environ.get("SAFETYDESK_SHOT"):  # look at it: the app's font, no row selected
        from PySide6.QtWidgets import QApplication

        from safetydesk.ui.fonts import setup_fonts

        app = QApplication.instance()
        assert isinstance(app, QApplication)
        setup_fonts(app)
        view.setFont(app.font())
        view.call_table.clearSelection()
        view.grab().save(str(Path(os.environ["SAFETYDESK_SHOT"])))


def test_print_record_previews_the_pdf(shown: tuple[CalloutsView, list[str]], qtbot,
                                       monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from pypdf import PdfReader

    from safetydesk.ui.dialogs import pdf_preview

    view, _ = shown
    previews: list[tuple[Path, str]] = []
    monkeypatch.setattr(pdf_preview, "show_pdf", lambda _p, path, title: previews.append((path, title)))
    assert not view.print_button.isEnabled() and view.print_record() is None
    dialog = view.open_start()
    dialog.check_villages(["润城村"])
    dialog.time_edit.setDateTime(QDateTime(2026, 7, 14, 21, 30, 0))
    dialog.accept()
    assert view.print_button.isEnabled()
    op = view.print_record()
    assert op is not None
    with qtbot.waitSignal(op.finished, timeout=20_000):
        pass
    [(path, title)] = previews
    assert title == "叫应记录" and path.parent.name == "exports"
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    assert "叫应记录" in text and "冯网格" in text


def test_refusals_are_messages(shown: tuple[CalloutsView, list[str]]) -> None:
    view, said = shown
    dialog = view.open_start()
    dialog.check_villages(["屯城村"])  # no 包保 chain
    dialog.time_edit.setDateTime(QDateTime(2026, 7, 14, 21, 30, 0))
    dialog.accept()
    assert said and "屯城村还没有覆盖防汛的包保责任人" in said[-1]
    assert view.list_table.rowCount() == 0
    dialog = view.open_start()
    dialog.check_villages(["润城村"])
    dialog.time_edit.setDateTime(QDateTime(2026, 7, 14, 21, 30, 0))
    dialog.accept()
    answer = view.open_answer()
    answer.time_edit.setDateTime(QDateTime(2026, 7, 14, 21, 0, 0))  # before the warning
    answer.accept()
    assert "早于预警时间" in said[-1]
    assert view.escalate() == 3
    assert view.escalate() == 0 and "没有超过升级时限" in said[-1]
