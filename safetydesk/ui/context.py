"""What every page and dialog receives: the open workspace and the bus."""

from __future__ import annotations

from dataclasses import dataclass

from safetydesk.services import Workspace
from safetydesk.ui.bus import AppBus


@dataclass
class AppContext:
    """Shared state of the running GUI.

    Attributes:
        workspace: The open database's services (used on the UI thread only).
        bus: Announces Changes after mutations.
    """

    workspace: Workspace
    bus: AppBus
