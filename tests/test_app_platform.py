"""Before Qt starts, a machine that cannot show the window gets a Chinese message saying why
(issue 9, point 15): Qt itself would abort with "Reinstalling the application may fix this
problem"."""

from __future__ import annotations

from pathlib import Path

from safetydesk.app import XCB_LIBRARIES, main, platform_problem


def _libs(tmp_path: Path, names: list[str]) -> list[str]:
    d = tmp_path / "lib"
    d.mkdir(exist_ok=True)
    for n in names:
        (d / n).write_bytes(b"")
    return [str(d)]


def test_missing_xcb_libraries_are_named_with_their_packages(tmp_path: Path) -> None:
    dirs = _libs(tmp_path, ["libc.so.6", "libxcb-icccm.so.4"])
    msg = platform_problem({"DISPLAY": ":0"}, platform="linux", library_dirs=dirs)
    assert msg is not None and "sudo apt-get install" in msg
    assert "libxcb-cursor0" in msg and "libxcb-keysyms1" in msg and "libxcb-icccm4" not in msg
    every = _libs(tmp_path, [lib for lib, _pkg in XCB_LIBRARIES])
    assert platform_problem({"DISPLAY": ":0"}, platform="linux", library_dirs=every) is None


def test_no_display_is_said_and_other_platforms_are_left_to_qt(tmp_path: Path) -> None:
    dirs = _libs(tmp_path, ["libc.so.6"])
    msg = platform_problem({}, platform="linux", library_dirs=dirs)
    assert msg is not None and "DISPLAY" in msg and "--screenshot" in msg
    for env in ({"QT_QPA_PLATFORM": "offscreen"}, {"WAYLAND_DISPLAY": "wayland-0"}):
        assert platform_problem(env, platform="linux", library_dirs=dirs) is None
    assert platform_problem({}, platform="win32", library_dirs=dirs) is None


def test_the_gui_entry_stops_with_the_message(monkeypatch, capsys, tmp_path: Path) -> None:  # noqa: ANN001
    monkeypatch.setattr("safetydesk.app.platform_problem", lambda: "缺少图形界面所需的系统库")
    assert main(["--db", str(tmp_path / "x.db")]) == 1
    assert "缺少图形界面所需的系统库" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()
