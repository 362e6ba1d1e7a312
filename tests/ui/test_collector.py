"""The UI-thread garbage collector: automatic collection off, due generations collected."""

from __future__ import annotations

import gc

from PySide6.QtWidgets import QApplication

from safetydesk.ui import collector


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_collects_on_the_ui_thread_when_a_threshold_is_passed(qapp: QApplication) -> None:
    was_enabled = gc.isenabled()
    gc.enable()
    c = collector.GarbageCollector(qapp)
    try:
        assert not gc.isenabled()
        assert c.timer.isActive() and c.timer.interval() == collector.INTERVAL_MS
        gc.collect()
        assert c.check() == 0  # nothing due
        for _ in range(c.thresholds[0] + 50):
            _Cycle()
        assert gc.get_count()[0] > c.thresholds[0]
        assert c.check() > 0  # the cycles were freed, on this (the UI) thread
        assert gc.get_count()[0] < c.thresholds[0]
    finally:
        c.timer.stop()
        c.setParent(None)
        if was_enabled:
            gc.enable()


def test_installed_once(qapp: QApplication) -> None:
    first = collector.install(qapp)
    assert collector.install(qapp) is first
