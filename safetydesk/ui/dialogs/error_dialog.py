"""The crash dialog and the ``sys.excepthook`` that shows it.

Known errors (:class:`safetydesk.errors.SafetyDeskError`) that reach the hook are shown as a plain
warning with their Chinese message. Anything else is a bug: the dialog explains in Chinese that the
data is safe, shows a copyable report (version, Python, Qt, OS, traceback) and appends the report to
``logs/error.log`` next to the database. Installed by ``ui/app.py``.
"""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType

import PySide6
from PySide6.QtCore import Qt, QTimer, qVersion
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safetydesk import __version__, paths
from safetydesk.errors import SafetyDeskError
from safetydesk.failures import explain, is_damage
from safetydesk.ui import messages

log = logging.getLogger(__name__)

#: File name of the error log inside ``logs/``.
LOG_FILENAME = "error.log"
#: What the user reads first.
EXPLANATION = (
    "程序遇到意外错误，您的数据已保存，已经保存的台账不会丢失。\n"
    "刚才的操作可能没有完成，请检查后重试。如果问题反复出现，请点击“复制”，"
    "把下面的错误报告发给技术支持人员。"
)

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def build_report(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    """The text of an error report: time, versions, OS and the traceback."""
    lines = [
        f"时间: {datetime.now().isoformat(timespec='seconds')}",
        f"SafetyDesk: {__version__}",
        f"Python: {platform.python_version()} ({sys.executable})",
        f"Qt: {qVersion()} / PySide6 {PySide6.__version__}",
        f"系统: {platform.platform()}",
        "",
        "".join(traceback.format_exception(exc_type, exc, tb)).rstrip(),
    ]
    return "\n".join(lines)


def append_log(report: str, db_file: Path | None) -> Path | None:
    """Append ``report`` to ``logs/error.log``.

    Returns:
        The log file, or None when it cannot be written.
    """
    try:
        folder = paths.logs_dir(db_file)
        folder.mkdir(parents=True, exist_ok=True)
        log_file = folder / LOG_FILENAME
        with log_file.open("a", encoding="utf-8") as fh:
            fh.write(report + "\n" + "-" * 72 + "\n")
        return log_file
    except OSError:
        log.exception("could not write the error log")
        return None


class ErrorDialog(QDialog):
    """Shows an unexpected error with a copyable report.

    Args:
        report: The report text (see :func:`build_report`).
        log_file: Where the report was saved, if it could be saved.
        parent: Parent window.
    """

    def __init__(
        self, report: str, log_file: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("程序错误")
        self.resize(680, 460)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)

        self.explanation = QLabel(EXPLANATION)
        self.explanation.setWordWrap(True)
        layout.addWidget(self.explanation)

        self.report_edit = QPlainTextEdit(report)
        self.report_edit.setReadOnly(True)
        self.report_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        fixed.setPointSizeF(max(fixed.pointSizeF(), 9.0))
        self.report_edit.setFont(fixed)
        layout.addWidget(self.report_edit, 1)

        where = f"错误报告已保存到：{log_file}" if log_file else "错误报告未能保存到日志文件。"
        self.log_label = QLabel(where)
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.log_label.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.log_label)

        buttons = QDialogButtonBox()
        self.copy_button = QPushButton("复制")
        self.copy_button.setToolTip("复制错误报告，以便发给技术支持人员")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        self.copy_button.clicked.connect(self.copy_report)
        layout.addWidget(buttons)

    def copy_report(self) -> None:
        """Put the report on the clipboard."""
        QGuiApplication.clipboard().setText(self.report_edit.toPlainText())
        self.copy_button.setText("已复制")


class ExceptionHook:
    """``sys.excepthook`` replacement: a warning for known errors, the crash dialog for bugs.

    An error that :func:`safetydesk.failures.explain` knows (a damaged database file, a refused
    write, an OS error) is shown as a warning with its Chinese message, after the event that
    raised it (it may come from inside a paint), and a damage message only once; ``on_damage``
    is told so that the window can switch to read-only. Non-interactive runs (screenshots) show
    no dialog: the message or report goes to stderr.

    Args:
        db_file: Returns the open database file (where the log goes), or None.
        parent: Returns the window to parent the dialogs on, or None.
        interactive: False when no dialog may be shown.
        on_damage: Called when an error says the database file is damaged.
    """

    def __init__(
        self,
        db_file: Callable[[], Path | None] = lambda: None,
        parent: Callable[[], QWidget | None] = lambda: None,
        *,
        interactive: bool = True,
        on_damage: Callable[[], object] = lambda: None,
    ) -> None:
        self._db_file = db_file
        self._parent = parent
        self._interactive = interactive
        self._on_damage = on_damage
        self._explained: set[str] = set()
        self._showing = False
        self._previous: Callable[..., object] | None = None

    def install(self) -> None:
        """Replace ``sys.excepthook`` (remembering the previous hook for :meth:`uninstall`)."""
        self._previous = sys.excepthook
        sys.excepthook = self

    def uninstall(self) -> None:
        """Restore the hook that was in place before :meth:`install`."""
        if sys.excepthook is self and self._previous is not None:
            sys.excepthook = self._previous

    def __call__(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if isinstance(exc, SafetyDeskError):
            if not self._interactive:
                sys.stderr.write(f"{exc}\n")
            elif not self._showing:
                self._show(lambda: messages.show_warning(self._parent(), str(exc)))
            return
        report = build_report(exc_type, exc, tb)
        known = explain(exc, self._db_file())
        if known is not None:
            self._explain(exc, known, report)
            return
        log_file = append_log(report, self._db_file())
        sys.stderr.write(report + "\n")
        if self._showing or not self._interactive:  # logged, not stacked (or no dialog at all)
            return
        self._show(lambda: ErrorDialog(report, log_file, self._parent()).exec())

    def _explain(self, exc: BaseException, message: str, report: str) -> None:
        """Show an error :func:`explain` knows: once for a damaged file, and never from inside
        the event that raised it (a dialog opened in a paint can bring Qt down)."""
        damage = is_damage(exc)
        if damage:
            append_log(report, self._db_file())  # for support: which read failed
            self._on_damage()
            if message in self._explained:
                return
            self._explained.add(message)
        if not self._interactive:
            sys.stderr.write(f"{message}\n")
            return

        def show() -> None:
            if not self._showing:
                self._show(lambda: messages.show_warning(self._parent(), message))

        QTimer.singleShot(0, show)

    def _show(self, show: Callable[[], object]) -> None:
        self._showing = True
        try:
            show()
        except Exception:  # noqa: BLE001 - the hook must never raise
            log.exception("could not show the error dialog")
        finally:
            self._showing = False
