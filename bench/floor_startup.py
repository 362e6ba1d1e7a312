"""Start-up floor: a bare PySide6 window showing a 1,000-row table, quitting at first paint."""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView


class _QuitOnPaint(QObject):
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, QApplication.quit)
        return False


def main() -> int:
    app = QApplication(sys.argv)
    model = QStandardItemModel(1000, 8)
    for r in range(1000):
        for c in range(8):
            model.setItem(r, c, QStandardItem(f"单元 {r}-{c}"))
    win = QMainWindow()
    view = QTableView()
    view.setModel(model)
    win.setCentralWidget(view)
    win.resize(1280, 800)
    hook = _QuitOnPaint()
    view.viewport().installEventFilter(hook)
    win.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
