"""Application-wide signal bus: every mutation's :class:`Changes` is announced here."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppBus(QObject):
    """Pages connect to ``changed`` and refresh when a topic they show is in the Changes."""

    #: Emitted with a ``safetydesk.services.changes.Changes`` after every successful mutation.
    changed = Signal(object)
