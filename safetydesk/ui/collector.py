"""Garbage collection on the UI thread only (the way anki's ``aqt.GarbageCollector`` does it).

Python's cyclic collector runs in whichever thread happens to allocate when a threshold is
crossed. When that is a worker (an :mod:`~safetydesk.ui.ops` job rendering a PDF) while Qt
objects sit in collectable cycles, their wrappers are torn down off the UI thread, which crashed
the process now and then (a segmentation fault with the main thread "Garbage-collecting" beside
a worker inside reportlab). So automatic collection is switched off and the UI thread collects
from a timer, with the same thresholds.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: How often the UI thread checks whether a collection is due (milliseconds).
INTERVAL_MS = 1000


class GarbageCollector(QObject):
    """Disables automatic collection and collects on the UI thread instead.

    Args:
        parent: Owner (the QApplication); the timer lives as long as it.
    """

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(INTERVAL_MS)

    def check(self) -> int:
        """Collect what is due (see :func:`collect_due`); returns the objects freed."""
        return collect_due(self.thresholds)


def collect_due(thresholds: tuple[int, int, int]) -> int:
    """Collect the oldest generation whose count passed its threshold, as automatic collection
    would have; returns the number of objects freed (0 when nothing was due)."""
    counts = gc.get_count()
    for generation in (2, 1, 0):
        if counts[generation] > thresholds[generation]:
            return gc.collect(generation)
    return 0


def install(app: QObject) -> GarbageCollector:
    """Install the UI-thread collector on ``app`` once (later calls return the same one)."""
    existing = app.findChild(GarbageCollector)
    return existing if existing is not None else GarbageCollector(app)
