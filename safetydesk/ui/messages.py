"""Message boxes and file choosers with the app's wording, in one place.

Every page and dialog shows errors, confirmations and file choosers through these helpers, so the
wording (and the Chinese button texts) stay consistent. Tests replace these module functions with
``monkeypatch`` to answer a box without showing it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

#: Title of error boxes.
ERROR_TITLE = "出错了"
#: Title of warning boxes (a known problem, e.g. a record that cannot be archived).
WARNING_TITLE = "提示"
#: Title of information boxes.
INFO_TITLE = "提示"
#: File-dialog filter of database files.
DB_FILTER = "SafetyDesk 数据库 (*.db *.sqlite *.sqlite3);;所有文件 (*)"


def _box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    details: str | None = None,
) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if details:
        box.setDetailedText(details)
    return box


def show_error(
    parent: QWidget | None, text: str, *, title: str = ERROR_TITLE, details: str | None = None
) -> None:
    """Show an error the user must acknowledge (the file cannot be opened, saving failed …)."""
    box = _box(parent, QMessageBox.Icon.Critical, title, text, details)
    box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def show_warning(parent: QWidget | None, text: str, *, title: str = WARNING_TITLE) -> None:
    """Show a known problem (``SafetyDeskError``) in plain words, without any technical detail."""
    box = _box(parent, QMessageBox.Icon.Warning, title, text)
    box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def show_info(parent: QWidget | None, text: str, *, title: str = INFO_TITLE) -> None:
    """Show an information message."""
    box = _box(parent, QMessageBox.Icon.Information, title, text)
    box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def confirm(
    parent: QWidget | None,
    text: str,
    *,
    title: str = "请确认",
    ok_text: str = "确定",
    cancel_text: str = "取消",
) -> bool:
    """Ask a yes/no question; True when the user chose ``ok_text``. Cancel is the default."""
    box = _box(parent, QMessageBox.Icon.Question, title, text)
    ok = box.addButton(ok_text, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(cancel_text, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is ok


def ask_open_failure(parent: QWidget | None, message: str, *, at_start: bool) -> bool:
    """Tell the user a database could not be opened; True when they want to choose another file.

    Args:
        parent: Parent window, if any.
        message: The Chinese message of the ``StorageError``.
        at_start: True while starting up: the alternative is to quit, otherwise to go back.
    """
    box = _box(parent, QMessageBox.Icon.Critical, "无法打开数据库", message)
    box.setInformativeText(
        "您可以选择另一个数据库文件。" if at_start else "当前打开的数据库不受影响。"
    )
    choose = box.addButton("选择其他文件…", QMessageBox.ButtonRole.AcceptRole)
    other = box.addButton("退出" if at_start else "取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(choose)
    box.setEscapeButton(other)
    box.exec()
    return box.clickedButton() is choose


def choose_existing_database(parent: QWidget | None, start_dir: Path | None = None) -> Path | None:
    """Let the user pick an existing database file; None when cancelled."""
    name, _ = QFileDialog.getOpenFileName(parent, "打开数据库", str(start_dir or ""), DB_FILTER)
    return Path(name) if name else None


def choose_new_database(parent: QWidget | None, start_dir: Path | None = None) -> Path | None:
    """Let the user name a new database file; None when cancelled or the file already exists."""
    start = str(start_dir / "新台账.db") if start_dir else "新台账.db"
    name, _ = QFileDialog.getSaveFileName(
        parent,
        "新建数据库",
        start,
        DB_FILTER,
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    if not name:
        return None
    path = Path(name)
    if not path.suffix:
        path = path.with_suffix(".db")
    if path.exists():
        show_warning(
            parent,
            f"文件 {path} 已经存在。新建数据库不会覆盖已有文件；"
            "要打开它，请使用“文件 → 打开数据库…”。",
        )
        return None
    return path
