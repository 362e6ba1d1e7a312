"""MainWindow: navigation, lazy pages and placeholders, title, state, dashboard links, menus."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from safetydesk import paths
from safetydesk.domain.common import Person, Unit, UnitType
from safetydesk.services import Workspace
from safetydesk.services.changes import Changes, Topic
from safetydesk.ui import messages
from safetydesk.ui.bus import AppBus
from safetydesk.ui.context import AppContext
from safetydesk.ui.main_window import AREAS, PAGE_KEYS, Area, MainWindow, create_page
from safetydesk.ui.state import UiState
from safetydesk.ui.views.dashboard_page import DashboardPage
from safetydesk.ui.views.placeholder_page import LATER, PlaceholderPage
from safetydesk.ui.views.settings_page import SettingsPage

NAV_TITLES = [
    "工作台",
    "村(社区)",
    "单位场所",
    "人员",
    "一制四案",
    "应急演练",
    "安全检查",
    "隐患整改",
    "文书登记",
    "月报上报",
    "设置",
]


@pytest.fixture(autouse=True)
def ui_state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep QSettings in tmp, never in the user's settings."""
    folder = tmp_path / "ui-state"
    monkeypatch.setenv("SAFETYDESK_UI_STATE", str(folder))
    return folder


@pytest.fixture
def window(qtbot, ctx):
    win = MainWindow(ctx, UiState())
    qtbot.addWidget(win)
    return win


def test_navigation_lists_every_area_in_order(window):
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == NAV_TITLES
    assert PAGE_KEYS == (
        "dashboard",
        "villages",
        "units",
        "people",
        "plans",
        "drills",
        "inspections",
        "hazards",
        "documents",
        "reports",
        "settings",
    )
    assert window.nav.width() == 160


def test_pages_are_created_on_first_visit_only(window):
    assert window.pages == {}
    page = window.show_page("reports")
    assert isinstance(page, PlaceholderPage)
    assert page.title_label.text() == "月报上报"
    assert "月报" in page.description and page.later_label.text() == LATER
    assert list(window.pages) == ["reports"]
    assert window.show_page("reports") is page
    assert window.stack.currentWidget() is page
    assert window.current_page_key() == "reports"


def test_clicking_the_navigation_switches_pages(window):
    window.nav.setCurrentRow(PAGE_KEYS.index("settings"))
    assert isinstance(window.stack.currentWidget(), SettingsPage)
    window.nav.setCurrentRow(0)
    assert isinstance(window.stack.currentWidget(), DashboardPage)


@pytest.mark.parametrize("key", PAGE_KEYS)
def test_every_page_can_be_shown(window, key):
    page = window.show_page(key)
    assert window.stack.currentWidget() is page


def test_unknown_page_key_raises(window):
    with pytest.raises(KeyError):
        window.show_page("nothing")


def test_missing_page_module_gives_placeholder(ctx):
    area = Area("villages", "村(社区)", "safetydesk.ui.views.no_such_page", "NoSuchPage")
    page = create_page(area, ctx)
    assert isinstance(page, PlaceholderPage)
    assert "村(社区)" in page.description
    page.deleteLater()


def test_broken_page_module_is_not_hidden(ctx, monkeypatch):
    def broken(name: str):
        raise ModuleNotFoundError("No module named 'missing_dependency'", name="missing_dependency")

    monkeypatch.setattr(importlib, "import_module", broken)
    area = next(a for a in AREAS if a.key == "dashboard")
    with pytest.raises(ModuleNotFoundError):
        create_page(area, ctx)


def test_title_shows_township_county_and_file(window, ctx, ws):
    assert window.windowTitle() == (
        f"SafetyDesk 乡镇安全生产应急管理台账 — 润城镇（阳城县） — {ws.path}"
    )
    assert str(ws.path) in window.path_label.text()
    assert window.demo_label.isHidden()


def test_title_follows_settings_changes(window, ctx, ws):
    changes = ws.settings.update(township_name="北留镇")
    ctx.bus.changed.emit(changes)
    assert "北留镇（阳城县）" in window.windowTitle()
    ws.settings.update(township_name="润城镇")
    ctx.bus.changed.emit(Changes.of(Topic.UNITS))  # another topic: title untouched
    assert "北留镇" in window.windowTitle()


def test_last_page_and_geometry_are_remembered(qtbot, ctx, ui_state_dir):
    first = MainWindow(ctx, UiState())
    qtbot.addWidget(first)
    first.restore_state()
    assert first.current_page_key() == "dashboard"
    first.resize(700, 500)  # the offscreen screen is 800×800
    first.show_page("settings")
    first.close()
    assert (ui_state_dir / "SafetyDesk.ini").exists()
    assert UiState().last_page() == "settings"

    second = MainWindow(ctx, UiState())
    qtbot.addWidget(second)
    second.restore_state()
    assert second.current_page_key() == "settings"
    assert (second.width(), second.height()) == (700, 500)


def test_window_without_state_uses_default_size(qtbot, ctx):
    win = MainWindow(ctx, None)
    qtbot.addWidget(win)
    win.restore_state()
    assert (win.width(), win.height()) == (1280, 800)
    win.close()  # saves nothing, raises nothing


def test_dashboard_counts_and_refresh(window, ctx, ws, unit):
    dash = window.show_page("dashboard")
    assert dash.township_label.text() == "润城镇"
    assert dash.villages_card.number.text() == "1"
    assert dash.units_card.number.text() == "1"
    assert dash.people_card.number.text() == "0"
    assert dash.unit_counts == {"九小场所": 1}
    brickworks = Unit(name="某砖厂（虚构）", type=UnitType.INDUSTRY, village_id=unit.village_id)
    saved = ws.units.save(brickworks)
    ctx.bus.changed.emit(saved.changes)
    assert dash.units_card.number.text() == "2"
    assert dash.unit_counts == {"九小场所": 1, "工贸企业": 1}
    assert [h.page for h in dash.hints] == ["people", "settings"]


def test_dashboard_hints_for_an_empty_township(window):
    dash = window.show_page("dashboard")
    texts = [h.text for h in dash.hints]
    assert "在“单位场所”中登记或从 Excel 导入。" in texts
    assert [h.page for h in dash.hints] == ["villages", "units", "people", "settings"]


def test_dashboard_hint_all_done(window, ctx, ws, unit):
    ws.people.save(Person(name="张三"))
    ctx.bus.changed.emit(ws.settings.update(office_phone="0356-4880000"))
    ctx.bus.changed.emit(Changes.of(Topic.PEOPLE))
    dash = window.show_page("dashboard")
    assert len(dash.hints) == 1 and dash.hints[0].page is None


def test_dashboard_links_switch_pages(window):
    dash = window.show_page("dashboard")
    dash.navigate_requested.emit("settings")
    assert window.current_page_key() == "settings"
    dash.people_card.open_button.click()
    assert window.current_page_key() == "people"


def test_open_menu_asks_app_to_switch(window, monkeypatch, tmp_path, qtbot):
    chosen = tmp_path / "other.db"
    monkeypatch.setattr(messages, "choose_existing_database", lambda parent, start: chosen)
    with qtbot.waitSignal(window.open_requested) as blocker:
        window.open_action.trigger()
    assert blocker.args == [chosen, False]


def test_new_menu_asks_app_to_create(window, monkeypatch, tmp_path, qtbot):
    chosen = tmp_path / "new.db"
    monkeypatch.setattr(messages, "choose_new_database", lambda parent, start: chosen)
    with qtbot.waitSignal(window.open_requested) as blocker:
        window.new_action.trigger()
    assert blocker.args == [chosen, True]


def test_cancelled_file_choice_emits_nothing(window, monkeypatch, qtbot):
    monkeypatch.setattr(messages, "choose_existing_database", lambda parent, start: None)
    with qtbot.assertNotEmitted(window.open_requested):
        window.open_action.trigger()


def test_demo_menu_emits_demo_requested(window, qtbot):
    with qtbot.waitSignal(window.demo_requested):
        window.demo_action.trigger()


def test_menus(window):
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["文件(&F)", "帮助(&H)"]
    assert window.open_action.text().startswith("打开数据库")
    assert window.new_action.text().startswith("新建数据库")
    assert window.demo_action.text().startswith("打开演示数据")
    assert window.quit_action.text().startswith("退出")
    assert window.about_action.text().startswith("关于")


def test_demo_database_is_marked(qtbot, tmp_path):
    with Workspace.open(tmp_path / paths.DEMO_DB_FILENAME) as demo:
        demo.settings.initialize(township_name="润城镇", county="阳城县")
        win = MainWindow(AppContext(demo, AppBus()))
        qtbot.addWidget(win)
        assert not win.demo_label.isHidden()
        win.close()
