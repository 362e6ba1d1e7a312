"""Printing the 隐患台账 from the hazard page: the 填报人/审核人/填报日期 dialog, its memory of the
last names, cancelling, and the foot of the PDF it produces (read back with pypdf)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QApplication

from safetydesk.domain.common import Unit
from safetydesk.domain.hazards import Hazard
from safetydesk.domain.schedule import DeadlineKind
from safetydesk.ui import ops
from safetydesk.ui.context import AppContext
from safetydesk.ui.dialogs import ledger_signoff_dialog, pdf_preview
from safetydesk.ui.dialogs.ledger_signoff_dialog import LedgerSignoff, LedgerSignoffDialog
from safetydesk.ui.state import UiState
from safetydesk.ui.views.hazards_page import HazardsPage

TIMEOUT = 15_000
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def pdfs(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    shown: list[Path] = []
    monkeypatch.setattr(pdf_preview, "show_pdf", lambda _p, path, _title: shown.append(path))
    yield shown
    ops.shutdown()


def _page(qtbot: Any, ctx: AppContext, unit: Unit) -> HazardsPage:
    ctx.workspace.hazards.register(Hazard(
        unit_id=unit.id, description="灭火器压力不足", measures="更换灭火器", found_on=date(2026, 11, 20),
        found_by="李明", deadline_kind=DeadlineKind.CALENDAR_DAYS, deadline_days=7,
        responsible_person="张三", responsible_phone="13800001234",
    ))  # fmt: skip
    page = HazardsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_dialog_defaults_to_today_and_remembers_the_names(qtbot: Any, qapp: QApplication) -> None:
    dlg = LedgerSignoffDialog(date(2026, 11, 23), UiState())
    qtbot.addWidget(dlg)
    assert dlg.value() == LedgerSignoff("", "", date(2026, 11, 23))
    dlg.filled_by_edit.setText(" 王建国 ")
    dlg.reviewed_by_edit.setText("赵书记")
    dlg.filled_on_edit.setDate(QDate(2026, 11, 30))
    dlg.accept()
    assert dlg.value() == LedgerSignoff("王建国", "赵书记", date(2026, 11, 30))
    again = LedgerSignoffDialog(date(2026, 12, 1), UiState())
    qtbot.addWidget(again)
    assert again.value() == LedgerSignoff("王建国", "赵书记", date(2026, 12, 1))


def test_menu_prints_the_foot_from_the_dialog(
    qtbot: Any, ctx: AppContext, unit: Unit, pdfs: list[Path]
) -> None:
    page = _page(qtbot, ctx, unit)

    def fill() -> None:
        dlg = next(w for w in QApplication.topLevelWidgets()
                   if isinstance(w, LedgerSignoffDialog) and w.isVisible())  # fmt: skip
        dlg.filled_by_edit.setText("王建国")
        dlg.accept()

    QTimer.singleShot(0, fill)
    op = page.print_menu.print_ledger()
    assert op is not None
    with qtbot.waitSignal(op.finished, timeout=TIMEOUT):
        pass
    text = "".join(p.extract_text() for p in PdfReader(pdfs[0]).pages).replace(" ", "")
    assert "填报人：王建国" in text and "审核人：＿＿＿＿＿＿" in text
    assert "填报日期：2026-11-23" in text and "张三" in text and "13800001234" in text


def test_cancelling_the_dialog_prints_nothing(
    qtbot: Any, ctx: AppContext, unit: Unit, pdfs: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page(qtbot, ctx, unit)
    monkeypatch.setattr(ledger_signoff_dialog.LedgerSignoffDialog, "exec", lambda _self: 0)
    assert page.print_menu.print_ledger() is None and pdfs == []
