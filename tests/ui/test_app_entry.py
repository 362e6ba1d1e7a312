"""GUI entry: screenshots, refusing unusable databases without a traceback, crash hook, fonts."""

from __future__ import annotations

import subprocess
import sys
import types
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtGui import QFontMetrics, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication

from safetydesk.app import main
from safetydesk.domain.common import Village
from safetydesk.errors import ConflictError
from safetydesk.services import Workspace
from safetydesk.ui import fonts, messages
from safetydesk.ui.app import EXIT_OPEN_FAILED, EXIT_QUIT, GuiSession, LaunchOptions
from safetydesk.ui.dialogs import error_dialog
from safetydesk.ui.dialogs.error_dialog import ErrorDialog, ExceptionHook


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """UI state and the default data folder in tmp; no SAFETYDESK_DB from the environment."""
    monkeypatch.setenv("SAFETYDESK_UI_STATE", str(tmp_path / "ui-state"))
    monkeypatch.setenv("SAFETYDESK_DATA_DIR", str(tmp_path / "default-data"))
    monkeypatch.delenv("SAFETYDESK_DB", raising=False)


@pytest.fixture
def ready_db(tmp_path: Path) -> Path:
    path = tmp_path / "ready" / "safetydesk.db"
    with Workspace.open(path) as ws:
        ws.settings.initialize(township_name="润城镇", county="阳城县")
        ws.villages.save(Village(name="润城村"))
    return path


@pytest.fixture
def future_db(tmp_path: Path) -> Path:
    """A database that a newer SafetyDesk wrote."""
    path = tmp_path / "future" / "safetydesk.db"
    with Workspace.open(path) as ws:
        ws.db["_sqlite_migrations"].insert(
            {"migration_set": "safetydesk", "name": "m999_future", "applied_at": "2030-01-01"}
        )
    return path


def _image(path: Path) -> QImage:
    image = QImage(str(path))
    assert not image.isNull()
    return image


def test_screenshot_of_the_main_window(qapp, ready_db, tmp_path):
    png = tmp_path / "shots" / "main.png"
    assert main(["--db", str(ready_db), "--screenshot", str(png), "--today", "2026-11-23"]) == 0
    image = _image(png)
    assert (image.width(), image.height()) == (1280, 800)
    assert png.stat().st_size > 10_000


def test_screenshot_of_one_page(qapp, ready_db, tmp_path):
    png = tmp_path / "settings.png"
    assert main(["--db", str(ready_db), "--screenshot", str(png), "--page", "settings"]) == 0
    image = _image(png)
    assert 800 < image.width() < 1280 and 600 < image.height() < 800


def test_screenshot_of_a_new_database_shows_first_run_and_leaves_no_file(qapp, tmp_path):
    db = tmp_path / "fresh" / "safetydesk.db"
    png = tmp_path / "first.png"
    assert main(["--db", str(db), "--screenshot", str(png)]) == 0
    image = _image(png)
    assert 400 < image.width() < 900
    assert not db.exists()


def test_unknown_page_is_refused(qapp, ready_db, tmp_path, capsys):
    assert (
        main(["--db", str(ready_db), "--screenshot", str(tmp_path / "x.png"), "--page", "nothing"])
        == EXIT_QUIT
    )
    assert "未知的页面" in capsys.readouterr().err


def test_bad_today_is_an_argument_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--today", "23.11.2026"])
    assert exc.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_too_new_database_is_refused_without_traceback(qapp, future_db, tmp_path, capsys):
    png = tmp_path / "never.png"
    assert main(["--db", str(future_db), "--screenshot", str(png)]) == EXIT_OPEN_FAILED
    err = capsys.readouterr().err
    assert "更新版本" in err and "m999_future" in err
    assert "Traceback" not in err
    assert not png.exists()


def test_too_new_database_interactive_message_then_quit(qapp, future_db, monkeypatch, capsys):
    asked: list[tuple[str, bool]] = []

    def ask(parent, message, *, at_start):
        asked.append((message, at_start))
        return False  # 退出

    monkeypatch.setattr(messages, "ask_open_failure", ask)
    hook_before = sys.excepthook
    assert main(["--db", str(future_db)]) == EXIT_QUIT
    assert len(asked) == 1
    message, at_start = asked[0]
    assert at_start and "更新版本" in message and "请安装最新版本" in message
    assert "Traceback" not in capsys.readouterr().err
    assert sys.excepthook is hook_before


def test_not_a_database_offers_another_file(qapp, tmp_path, ready_db, monkeypatch):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    monkeypatch.setattr(messages, "ask_open_failure", lambda parent, message, *, at_start: True)
    monkeypatch.setattr(messages, "choose_existing_database", lambda parent, start: ready_db)
    session = GuiSession(LaunchOptions(db_file=junk, data_dir=tmp_path), state=None)
    ws = session.open_workspace(junk, create=True, parent=None, at_start=True)
    assert ws is not None and ws.path == ready_db
    ws.close()


def test_demo_screenshot_creates_the_demo_database(qapp, tmp_path, monkeypatch):
    calls: list[date] = []

    def create_demo(ws, *, seed, scale, today):
        calls.append(today)
        ws.settings.initialize(township_name="润城镇", county="阳城县")

    module = types.ModuleType("safetydesk.services.demo")
    module.create_demo = create_demo  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "safetydesk.services.demo", module)
    data = tmp_path / "data"
    png = tmp_path / "demo.png"
    args = ["--data-dir", str(data), "--demo", "--screenshot", str(png), "--today", "2026-11-23"]
    assert main(args) == 0
    assert (data / "safetydesk-demo.db").exists()
    assert calls == [date(2026, 11, 23)]
    assert main(args) == 0  # the second time the existing demo database is opened
    assert len(calls) == 1


def test_importing_the_entry_point_does_not_import_qt():
    code = "import sys, safetydesk.app; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    launcher = Path(__file__).resolve().parents[2] / "main.py"
    assert launcher.read_text(encoding="utf-8").splitlines() == [
        "from safetydesk.app import main",
        "",
        "raise SystemExit(main())",
    ]


# ---- crash hook ----------------------------------------------------------------------


def _raise(exc: BaseException):
    try:
        raise exc
    except BaseException as caught:  # noqa: BLE001
        return type(caught), caught, caught.__traceback__


def test_known_errors_are_plain_warnings(qapp, monkeypatch, tmp_path):
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_warning", lambda parent, text, **kw: shown.append(text))
    db_file = tmp_path / "d" / "safetydesk.db"
    hook = ExceptionHook(db_file=lambda: db_file)
    hook(*_raise(ConflictError("「润城村」还有 3 个在册单位场所，不能归档。")))
    assert shown == ["「润城村」还有 3 个在册单位场所，不能归档。"]
    assert not (tmp_path / "d" / "logs").exists()


def test_bugs_open_the_crash_dialog_and_are_logged(qapp, monkeypatch, tmp_path, capsys):
    reports: list[str] = []

    def fake_exec(self):
        reports.append(self.report_edit.toPlainText())
        return 0

    monkeypatch.setattr(ErrorDialog, "exec", fake_exec)
    db_file = tmp_path / "d" / "safetydesk.db"
    hook = ExceptionHook(db_file=lambda: db_file)
    hook(*_raise(ZeroDivisionError("division by zero")))
    assert len(reports) == 1
    report = reports[0]
    for needle in ("SafetyDesk:", "Python:", "Qt:", "系统:", "Traceback", "ZeroDivisionError"):
        assert needle in report
    log = tmp_path / "d" / "logs" / "error.log"
    assert report in log.read_text(encoding="utf-8")
    hook(*_raise(KeyError("second")))
    assert log.read_text(encoding="utf-8").count("Traceback") == 2
    capsys.readouterr()


def test_install_and_uninstall_restore_the_previous_hook():
    before = sys.excepthook
    hook = ExceptionHook()
    hook.install()
    assert sys.excepthook is hook
    hook.uninstall()
    assert sys.excepthook is before


def test_error_dialog_copies_its_report(qtbot, tmp_path):
    dialog = ErrorDialog("报告内容 Traceback …", tmp_path / "logs" / "error.log")
    qtbot.addWidget(dialog)
    assert dialog.explanation.text().startswith("程序遇到意外错误，您的数据已保存")
    assert dialog.report_edit.isReadOnly()
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == "报告内容 Traceback …"
    assert "error.log" in dialog.log_label.text()


def test_log_goes_to_the_data_folder_without_a_database(monkeypatch, tmp_path):
    monkeypatch.setenv("SAFETYDESK_DATA_DIR", str(tmp_path / "dd"))
    path = error_dialog.append_log("x", None)
    assert path == tmp_path / "dd" / "logs" / "error.log"


# ---- fonts ---------------------------------------------------------------------------


def test_chinese_font_is_chosen(qapp):
    family = fonts.setup_fonts(qapp)
    assert family
    font = QApplication.font()
    assert font.pointSizeF() == fonts.POINT_SIZE
    assert QFontMetrics(font).inFontUcs4(ord("润"))


def test_bundled_font_is_used_without_a_system_cjk_font(qapp, monkeypatch):
    monkeypatch.setattr(fonts, "system_cjk_family", lambda: None)
    family = fonts.setup_fonts(qapp)
    assert family == "WenQuanYi Micro Hei"
    assert QApplication.font().families()[0] == family


# ---- switching databases -------------------------------------------------------------


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_opening_another_database_replaces_window_and_workspace(qapp, ready_db, tmp_path):
    other = tmp_path / "other" / "safetydesk.db"
    with Workspace.open(other) as ws:
        ws.settings.initialize(township_name="北留镇", county="阳城县")
    session = GuiSession(LaunchOptions(db_file=ready_db, data_dir=tmp_path), state=None)
    first_ws = session.open(ready_db, create=False, parent=None, at_start=True)
    first_window = session.show_window(first_ws)
    assert "润城镇（阳城县）" in first_window.windowTitle()

    first_window.open_requested.emit(other, False)
    assert session.workspace is not None and session.workspace.path == other
    assert session.window is not first_window
    assert "北留镇（阳城县）" in session.window.windowTitle()
    assert not first_window.isVisible()
    with pytest.raises(Exception, match="closed"):
        first_ws.db.execute("SELECT 1")

    session.window.open_requested.emit(other, False)  # the same file: nothing happens
    assert session.workspace.path == other
    session.close()
    assert session.window is None and session.workspace is None


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_failed_switch_keeps_the_current_database(qapp, ready_db, future_db, tmp_path, monkeypatch):
    asked: list[bool] = []

    def ask(parent, message, *, at_start):
        asked.append(at_start)
        return False  # 取消

    monkeypatch.setattr(messages, "ask_open_failure", ask)
    session = GuiSession(LaunchOptions(db_file=ready_db, data_dir=tmp_path), state=None)
    window = session.show_window(session.open(ready_db, create=False, parent=None, at_start=True))
    window.open_requested.emit(future_db, False)
    assert asked == [False]
    assert session.window is window and session.workspace.path == ready_db
    session.close()
