"""一制四案 page on a real demo database: the matrix (colours, tooltips, filters, totals), the
versions dialog (生效 refused without the dates, accepted with them), and a village's parts
(households lacking a helper highlighted; shelter, household and 包保 dialogs)."""

from __future__ import annotations

from pathlib import Path

import pytest
from damage import TODAY, copy_db, make_demo
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from safetydesk.domain.plans import PlanKind, PlanStatus
from safetydesk.services import Workspace
from safetydesk.services.plans import TOWNSHIP, MatrixFilter
from safetydesk.ui.bus import AppBus
from safetydesk.ui.context import AppContext
from safetydesk.ui.dialogs.plan_versions_dialog import PlanVersionsDialog
from safetydesk.ui.main_window import MainWindow
from safetydesk.ui.models.plan_matrix import (
    COL_FIRST_PLAN,
    COL_NAME,
    COL_SHELTERS,
    STATUS_BACKGROUND,
    CellRole,
)
from safetydesk.ui.views.plans_page import PlansPage
from safetydesk.ui.views.village_parts import VillagePartsDialog

BG = Qt.ItemDataRole.BackgroundRole
TIP = Qt.ItemDataRole.ToolTipRole
COL_FIRE = COL_FIRST_PLAN + list(PlanKind).index(PlanKind.FIRE)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory.mktemp("plans-demo") / "demo.db")


@pytest.fixture
def demo(qapp, pristine: Path, tmp_path: Path) -> AppContext:
    ws = Workspace.open(copy_db(pristine, tmp_path / "demo.db"), clock=lambda: TODAY)
    yield AppContext(workspace=ws, bus=AppBus())
    ws.close()


@pytest.fixture
def page(qtbot, demo: AppContext) -> PlansPage:
    p = PlansPage(demo)
    qtbot.addWidget(p)
    p.resize(1120, 760)
    p.show()
    return p


def _row_of(page: PlansPage, name: str) -> int:
    names = [page.model.index(r, COL_NAME).data() for r in range(page.model.rowCount())]
    return names.index(name)


def _cells(page: PlansPage, status: PlanStatus) -> list[tuple[int, int]]:
    out = []
    for r in range(page.model.rowCount()):
        for c in range(COL_FIRST_PLAN, COL_SHELTERS):
            cell = page.model.index(r, c).data(CellRole)
            if cell.status is status:
                out.append((r, c))
    return out


def test_main_window_builds_the_page_on_first_visit(qtbot, demo: AppContext) -> None:
    window = MainWindow(demo)
    qtbot.addWidget(window)
    assert "plans" not in window.pages
    page = window.show_page("plans")
    assert isinstance(page, PlansPage)
    assert window.show_page("plans") is page
    assert page.tabs.tabText(0) == "编制情况"


def test_needs_revision_cell_is_red_with_its_reason(page: PlansPage, demo: AppContext) -> None:
    matrix = demo.workspace.plans.matrix()
    expected = [(r.name, c) for r in matrix.rows for c in r.cells
                if c.status is PlanStatus.NEEDS_REVISION]  # fmt: skip
    assert len(expected) == 1
    name, cell = expected[0]
    assert cell.kind is PlanKind.FLOOD and "已过下次修订截止日期" in cell.reason
    ((row, col),) = _cells(page, PlanStatus.NEEDS_REVISION)
    assert page.model.index(row, COL_NAME).data() == name
    idx = page.model.index(row, col)
    assert idx.data().startswith("需修订")
    assert cell.next_revision_on.isoformat() in idx.data()
    assert idx.data(BG) == STATUS_BACKGROUND[PlanStatus.NEEDS_REVISION]
    assert cell.reason in idx.data(TIP)
    effective = page.model.index(row, COL_FIRST_PLAN)  # its 包保责任制 is in force: green
    assert effective.data(BG) == STATUS_BACKGROUND[PlanStatus.EFFECTIVE]
    assert STATUS_BACKGROUND[PlanStatus.EFFECTIVE] != STATUS_BACKGROUND[PlanStatus.NEEDS_REVISION]


def test_missing_and_submitted_and_shelterless_cells(page: PlansPage) -> None:
    row, col = _cells(page, PlanStatus.MISSING)[0]
    assert page.model.index(row, col).data(BG) == STATUS_BACKGROUND[PlanStatus.MISSING]
    assert page.model.index(row, col).data().startswith("未编制")
    ((srow, scol),) = _cells(page, PlanStatus.SUBMITTED)
    assert scol == COL_FIRE
    assert page.model.index(srow, scol).data(BG) == STATUS_BACKGROUND[PlanStatus.SUBMITTED]
    no_shelter = [r for r in range(page.model.rowCount())
                  if page.model.index(r, COL_SHELTERS).data() == "无"]  # fmt: skip
    assert len(no_shelter) == 2
    assert "还没有登记应急避难场所" in page.model.index(no_shelter[0], COL_SHELTERS).data(TIP)
    last = page.model.rowCount() - 1
    assert page.model.index(last, COL_NAME).data() == TOWNSHIP  # unfiltered: the township last


@pytest.mark.parametrize("wanted", list(MatrixFilter))
def test_filters_show_the_rows_the_service_gives(
    qtbot, page: PlansPage, demo: AppContext, wanted: MatrixFilter
) -> None:
    everything = page.model.rowCount()
    qtbot.mouseClick(page.filter_buttons[wanted], Qt.MouseButton.LeftButton)
    matrix = demo.workspace.plans.matrix(wanted)
    expected = [r.name for r in matrix.rows] + ([TOWNSHIP] if matrix.show_township else [])
    shown = [page.model.index(r, COL_NAME).data() for r in range(page.model.rowCount())]
    assert shown == expected
    assert 0 < len(shown) < everything
    assert page.filter_buttons[wanted].isChecked()
    assert page.filter_buttons[wanted].text() == f"{wanted} {len(matrix.rows)}"
    qtbot.mouseClick(page.filter_buttons[None], Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == everything


def test_totals_line(page: PlansPage, demo: AppContext) -> None:
    t = demo.workspace.plans.matrix().totals
    villages = len(demo.workspace.villages.names())
    assert t.required == 5 * villages
    text = page.totals_label.text()
    assert f"应编 {t.required} 项" in text
    assert f"已编 {t.drafted} 项" in text and t.drafted == t.required - 1
    assert "需修订 1 项" in text
    assert "无避难场所的村(社区) 2 个" in text
    assert f"避难场所共 {t.shelters} 个（镇本级 {t.township_shelters} 个）" in text


def test_enter_on_a_plan_cell_opens_its_versions(qtbot, page: PlansPage) -> None:
    row, col = _cells(page, PlanStatus.SUBMITTED)[0]
    page.table.setCurrentIndex(page.model.index(row, col))
    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_Return)
    dialogs = page.findChildren(PlanVersionsDialog)
    assert len(dialogs) == 1 and dialogs[0].kind is PlanKind.FIRE
    assert "待审核" in dialogs[0].status_label.text()
    dialogs[0].close()
    page.table.setCurrentIndex(page.model.index(row, COL_NAME))
    QTest.keyClick(page.table, Qt.Key.Key_Return)
    parts = page.findChildren(VillagePartsDialog)
    assert len(parts) == 1 and parts[0].village_id == page.model.row_at(row).village_id
    parts[0].close()


def test_effective_is_refused_without_dates_and_accepted_with_them(
    qtbot, page: PlansPage, demo: AppContext
) -> None:
    ws = demo.workspace
    row, col = _cells(page, PlanStatus.SUBMITTED)[0]
    village_id = page.model.row_at(row).village_id
    dlg = PlanVersionsDialog(demo, village_id, PlanKind.FIRE, page)
    qtbot.addWidget(dlg)
    assert dlg.effective_button.isEnabled() and not dlg.submit_button.isEnabled()
    stored = ws.plans.versions(village_id, PlanKind.FIRE)[-1]
    assert stored.adopted_on is not None and stored.reviewed_on is None
    form = dlg.make_effective()
    assert form.adopted_edit.day() == stored.adopted_on  # what is on record is shown
    assert form.reviewed_edit.day() is None
    form.accept()
    assert form.isVisible()
    assert "请先填写审核日期" in form.errors_text()
    assert form.boxes["adopted_on"].error.isHidden()  # on record: not asked for again
    assert not form.boxes["reviewed_on"].error.isHidden()
    assert ws.plans.versions(village_id, PlanKind.FIRE)[-1].status is PlanStatus.SUBMITTED
    assert page.model.index(row, col).data().startswith("待审核")
    form.reviewed_edit.check.setChecked(True)
    form.reviewer_edit.setText("润城镇应急办 王明")
    form.accept()
    assert not form.isVisible()
    last = ws.plans.versions(village_id, PlanKind.FIRE)[-1]
    assert last.status is PlanStatus.EFFECTIVE
    assert last.adopted_on == stored.adopted_on and last.reviewed_on == TODAY
    assert last.reviewed_by == "润城镇应急办 王明"
    assert dlg.table.item(0, 1).text() == "已生效"
    assert page.model.index(row, col).data().startswith("已生效")  # the matrix refreshed
    assert not dlg.effective_button.isEnabled() and dlg.revise_button.isEnabled()


def test_township_plan_drafted_submitted_and_refused_without_both_dates(
    qtbot, page: PlansPage, demo: AppContext
) -> None:
    dlg = PlanVersionsDialog(demo, None, PlanKind.EARTHQUAKE, page)
    qtbot.addWidget(dlg)
    assert "尚未编制" in dlg.status_label.text() and not dlg.effective_button.isEnabled()
    assert dlg.content_label.text() == ""
    new = dlg.add_version()
    new.accept()
    assert dlg.table.rowCount() == 1 and dlg.table.item(0, 1).text() == "草稿"
    assert "尚未填写预警信号" in dlg.content_label.text()
    qtbot.mouseClick(dlg.submit_button, Qt.MouseButton.LeftButton)
    assert dlg.table.item(0, 1).text() == "待审核"
    form = dlg.make_effective()
    form.accept()
    assert form.isVisible() and "请先填写审议日期和审核日期" in form.errors_text()
    assert "请勾选并填写审议日期" in form.boxes["adopted_on"].error.text()
    assert "请勾选并填写审核日期" in form.boxes["reviewed_on"].error.text()
    form.adopted_edit.check.setChecked(True)
    form.reviewed_edit.check.setChecked(True)
    form.accept()
    assert not form.isVisible() and dlg.table.item(0, 1).text() == "已生效"
    township = page.model.rowCount() - 1
    assert page.model.index(township, COL_NAME).data() == TOWNSHIP
    cell = page.model.index(township, COL_FIRST_PLAN + list(PlanKind).index(PlanKind.EARTHQUAKE))
    assert cell.data().startswith("已生效") and TODAY.isoformat() in cell.data()


def test_revision_needs_a_reason_then_a_new_version_starts_as_a_draft(
    qtbot, page: PlansPage, demo: AppContext
) -> None:
    row = _row_of(page, page.model.row_at(0).name)
    village_id = page.model.row_at(row).village_id
    dlg = PlanVersionsDialog(demo, village_id, PlanKind.FLOOD, page)
    qtbot.addWidget(dlg)
    form = dlg.mark_revision()
    form.accept()
    assert form.isVisible() and "请写明需要修订的原因" in form.errors_text()
    form.reason_edit.setPlainText("村支书调整，包保责任人变动")
    form.accept()
    cell = page.model.index(row, COL_FIRST_PLAN + 2)
    assert cell.data().startswith("需修订")
    assert "村支书调整" in cell.data(TIP)
    assert dlg.new_button.isEnabled()
    new = dlg.add_version()
    new.version_edit.setText(dlg.versions[-1].version)  # a version name already taken
    new.accept()
    assert new.isVisible() and "请换一个版本号" in new.errors_text()
    new.version_edit.setText("2027年版")
    new.accept()
    assert not new.isVisible()
    assert dlg.table.item(0, 0).text() == "2027年版" and dlg.table.item(0, 1).text() == "草稿"
    demo.workspace.plans.set_state(village_id, PlanKind.FLOOD, PlanStatus.SUBMITTED)
    ws_version = demo.workspace.plans.versions(village_id, PlanKind.FLOOD)[-1]
    assert ws_version.notes == dlg.versions[-2].notes  # the content is copied from the last
    dlg.reload()
    assert dlg.content_label.text().startswith("2027年版 的内容")
    dlg.table.setCurrentCell(1, 0)
    assert dlg.content_label.text().startswith(dlg.versions[-2].version)
    demo.workspace.plans.set_state(village_id, PlanKind.FLOOD, PlanStatus.DRAFT)
    dlg.reload()
    assert cell.data().startswith("草稿 2027年版")
    assert dlg.submit_button.isEnabled() and not dlg.new_button.isEnabled()


def test_fresh_database_shows_the_township_row_only(qtbot, ctx: AppContext) -> None:
    page = PlansPage(ctx)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 1
    assert page.model.index(0, COL_NAME).data() == TOWNSHIP
    assert all(
        page.model.index(0, c).data().startswith("未编制")
        for c in range(COL_FIRST_PLAN, COL_SHELTERS)
    )
    assert page.model.index(0, COL_SHELTERS).data() == "无"
    assert "应编 0 项" in page.totals_label.text()
    page.set_filter(MatrixFilter.OVERDUE)
    assert page.model.rowCount() == 0 and page.stack.currentWidget() is page.empty_label


def test_a_hidden_page_reloads_when_shown_again(qtbot, page: PlansPage, demo: AppContext) -> None:
    from safetydesk.domain.common import Village, VillageKind
    from safetydesk.services.changes import Changes, Topic

    before = page.model.rowCount()
    page.hide()
    saved = demo.workspace.villages.save(Village(name="新建村", kind=VillageKind.VILLAGE))
    demo.bus.changed.emit(saved.changes | Changes.of(Topic.VILLAGES))
    assert page.model.rowCount() == before  # hidden: marked stale only
    page.show()
    assert page.model.rowCount() == before + 1
    row = _row_of(page, "新建村")
    assert page.model.index(row, COL_FIRST_PLAN).data().startswith("未编制")


def test_callouts_tab_is_built_on_first_visit(page: PlansPage) -> None:
    """The 叫应 tab holds the call-outs view, created only when the tab is first shown."""
    from safetydesk.ui.views.callouts_view import CalloutsView

    assert page.callouts_view is None and not page.findChildren(CalloutsView)
    page.tabs.setCurrentWidget(page.callouts_tab)
    assert isinstance(page.callouts_view, CalloutsView)
    assert page.findChildren(CalloutsView) == [page.callouts_view]


def test_draft_content_and_document_through_the_versions_dialog(
    qtbot, page: PlansPage, demo: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """编辑内容 saves the signals and the ordered steps; 附加文档 takes a PDF and refuses a PNG
    named .docx with the service's message; an 已生效 version's content cannot be edited."""
    from reportlab.pdfgen import canvas

    from safetydesk.domain.plans import StepSection
    from safetydesk.ui import messages

    warnings: list[str] = []
    monkeypatch.setattr(messages, "show_warning", lambda _p, text, **_k: warnings.append(text))
    ws = demo.workspace
    dlg = PlanVersionsDialog(demo, None, PlanKind.GEOLOGICAL, page)
    qtbot.addWidget(dlg)
    assert not dlg.content_button.isEnabled() and not dlg.open_button.isEnabled()
    dlg.add_version().accept()
    assert dlg.content_button.isEnabled()
    form = dlg.edit_content()
    form.edits["warning_signal"].setText("大喇叭连续广播")
    form.step_edits[StepSection.EVACUATION].setPlainText("敲门入户通知\n\n清点人数上报镇里")
    form.accept()
    assert not form.isVisible()
    content = ws.plan_content.content(None, PlanKind.GEOLOGICAL)
    assert content.version.warning_signal == "大喇叭连续广播"
    assert content.steps[StepSection.EVACUATION] == ("敲门入户通知", "清点人数上报镇里")
    assert "预警信号：大喇叭连续广播" in dlg.content_label.text()

    fake = tmp_path / "预案.docx"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    assert not dlg.attach(str(fake))
    assert warnings and "PNG" in warnings[-1]
    pdf = tmp_path / "地质灾害预案.pdf"
    c = canvas.Canvas(str(pdf))
    c.drawString(72, 720, "plan")
    c.save()
    assert dlg.attach(str(pdf)) and dlg.open_button.isEnabled()
    assert ws.plan_content.document(None, PlanKind.GEOLOGICAL).read_bytes() == pdf.read_bytes()

    dlg.change(PlanStatus.SUBMITTED)
    form = dlg.make_effective()
    form.adopted_edit.check.setChecked(True)
    form.reviewed_edit.check.setChecked(True)
    form.accept()
    assert not dlg.content_button.isEnabled()


def test_print_menu_renders_the_chosen_villages_forms_and_previews_them(
    qtbot, page: PlansPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """打印… → 一制四案汇编 / 应急处置卡 of the selected village, rendered off the UI thread and
    opened in the preview (a real PDF read back); without a row only the 避难场所 list prints."""
    from pypdf import PdfReader

    from safetydesk.ui.dialogs import pdf_preview

    previews: list[tuple[Path, str]] = []
    monkeypatch.setattr(pdf_preview, "show_pdf", lambda _p, path, title: previews.append((path, title)))
    keys = [a.data() for a in page.print_button.menu().actions()]
    assert keys == ["booklet", "card", "baobao", "contacts", "mingbai", "shelters"]
    page.table.setCurrentIndex(page.model.index(-1, 0))
    assert page.print_form("card") is None  # no row chosen
    row = _row_of(page, "上庄村")
    page.table.setCurrentIndex(page.model.index(row, COL_NAME))
    for key, title, expected in (("booklet", "上庄村一制四案汇编", "一制四案"),
                                 ("card", "上庄村应急处置卡", "应急处置卡")):  # fmt: skip
        op = page.print_form(key)
        assert op is not None
        with qtbot.waitSignal(op.finished, timeout=30_000):
            pass
        path, shown_title = previews[-1]
        assert shown_title == title and path.parent.name == "exports"
        reader = PdfReader(path)
        assert expected in "".join(p.extract_text() for p in reader.pages[:2])


def test_last_drill_column(page: PlansPage, demo: AppContext) -> None:
    from safetydesk.ui.models.plan_matrix import COL_LAST_DRILL

    assert page.model.headerData(COL_LAST_DRILL, Qt.Orientation.Horizontal) == "最近演练"
    for r in range(page.model.rowCount()):
        row = page.model.row_at(r)
        assert row is not None
        text = page.model.index(r, COL_LAST_DRILL).data()
        assert text == (row.last_drill.isoformat() if row.last_drill else "无记录")
    assert "无记录" in [page.model.index(r, COL_LAST_DRILL).data()
                        for r in range(page.model.rowCount())]  # fmt: skip
