"""GUI entry point: parse the command line, then start the Qt front end (imported lazily).

``python main.py``, ``safetydesk gui`` and the frozen Windows build all call :func:`main`. Qt is
imported only inside :func:`main`, so importing this module stays cheap and Qt-free.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from safetydesk import __version__, argparse_zh, paths


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        message = f"日期格式应为 YYYY-MM-DD，例如 2026-05-31：{text}"
        raise argparse.ArgumentTypeError(message) from None


def build_parser() -> argparse.ArgumentParser:
    """The GUI's command-line options (argparse's own messages in Chinese too)."""
    argparse_zh.install()
    parser = argparse.ArgumentParser(
        prog="safetydesk gui",
        description="SafetyDesk 乡镇安全生产应急管理台账（图形界面）",
    )
    parser.add_argument(
        "--db", metavar="PATH", help="数据库文件（也可用环境变量 SAFETYDESK_DB 指定）"
    )
    parser.add_argument(
        "--data-dir", metavar="DIR", help="数据文件夹（也可用环境变量 SAFETYDESK_DATA_DIR 指定）"
    )
    parser.add_argument(
        "--demo", action="store_true", help="打开演示数据（润城镇，阳城县；不存在时自动生成）"
    )
    parser.add_argument(
        "--screenshot", metavar="FILE.png", help="把主窗口（或 --page 指定的页面）渲染为 PNG 后退出"
    )
    parser.add_argument(
        "--page",
        metavar="NAME",
        help="打开时显示的页面：dashboard, villages, units, people, plans, drills, inspections, "
        "hazards, documents, reports, settings",
    )
    parser.add_argument(
        "--today", metavar="YYYY-MM-DD", type=_iso_date, help="固定“今天”的日期（用于截图和演示）"
    )
    parser.add_argument(
        "--version", action="version", version=f"SafetyDesk {__version__}", help="显示版本号并退出"
    )
    return parser


def _has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


#: Libraries Qt's xcb platform needs beyond what a desktop usually has, with their Debian/Ubuntu
#: packages (Qt 6.5 and later need libxcb-cursor).
XCB_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
)
#: Where Linux distributions keep shared libraries.
LIBRARY_DIRS: tuple[str, ...] = (
    "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib/x86_64-linux-gnu",
    "/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib64", "/lib",
)  # fmt: skip


def platform_problem(
    env: dict[str, str] | None = None, *, platform: str = sys.platform,
    library_dirs: Sequence[str] = LIBRARY_DIRS,
) -> str | None:  # fmt: skip
    """What stops Qt from opening a window here, in Chinese (None when nothing is known to).

    Qt aborts the whole process with an English message when its platform plugin cannot load;
    checked before Qt starts, the officer gets a message that says what to install instead.
    Only Linux with the xcb (X11) platform is checked, with file lookups only (no subprocess).
    """
    env = dict(os.environ) if env is None else env
    if platform != "linux":
        return None
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen and not chosen.startswith("xcb"):
        return None
    if not chosen and env.get("WAYLAND_DISPLAY"):
        return None
    if not env.get("DISPLAY"):
        return (
            "没有可用的图形显示（未设置 DISPLAY），无法打开 SafetyDesk 窗口。"
            "请在桌面环境中启动；在没有显示器的服务器上可用命令行 safetydesk，"
            "或用 --screenshot 生成截图。"
        )
    dirs = [d for d in library_dirs if os.path.isdir(d)]
    missing = [
        pkg for lib, pkg in XCB_LIBRARIES if not any(os.path.exists(os.path.join(d, lib)) for d in dirs)
    ]
    if not missing or not dirs:
        return None
    return (
        "缺少图形界面所需的系统库，SafetyDesk 窗口无法打开。请先安装（Debian/Ubuntu）：\n"
        f"    sudo apt-get install {' '.join(missing)}\n"
        "安装后重新启动 SafetyDesk。"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Start the GUI; return the exit status.

    Args:
        argv: Arguments without the program name (``None``: ``sys.argv[1:]``).
    """
    args = build_parser().parse_args(argv)
    if args.screenshot and not _has_display():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    problem = platform_problem()
    if problem is not None:
        sys.stderr.write(problem + "\n")
        return 1

    # Load the Qt-free layers before PySide6: once PySide6 is imported, its import hook reads the
    # source of every further module (looking for `from __feature__`), which slows start-up.
    import safetydesk.domain.validation  # noqa: F401
    import safetydesk.services  # noqa: F401
    from safetydesk.ui.app import LaunchOptions, run

    options = LaunchOptions(
        db_file=paths.db_path(args.db, args.data_dir),
        data_dir=paths.data_dir(args.data_dir),
        demo=args.demo,
        screenshot=Path(args.screenshot) if args.screenshot else None,
        page=args.page,
        today=args.today,
    )
    return run(options)
