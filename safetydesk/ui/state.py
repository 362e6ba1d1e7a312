"""UI-only state (window geometry, last page) kept in QSettings, and only here.

Domain settings (township name …) live in the database (``services/settings.py``). This module
keeps what belongs to one user's screen. When the environment variable ``SAFETYDESK_UI_STATE``
is set, the state goes to an INI file at that path (a ``.ini`` file, or a folder that then holds
``SafetyDesk.ini``); tests set it to a temporary folder so they never touch the user's settings.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

#: Organisation and application name of the native settings store.
ORG_NAME = "SafetyDesk"
#: Application name of the native settings store.
APP_NAME = "SafetyDesk"
#: Environment variable that redirects the state to an INI file (tests, portable installs).
STATE_ENV = "SAFETYDESK_UI_STATE"

_GEOMETRY = "main_window/geometry"
_LAST_PAGE = "main_window/last_page"


def _open_settings() -> QSettings:
    override = os.environ.get(STATE_ENV)
    if override:
        path = Path(override).expanduser()
        if path.suffix.lower() != ".ini":
            path = path / f"{APP_NAME}.ini"
        path.parent.mkdir(parents=True, exist_ok=True)
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORG_NAME, APP_NAME)


class UiState:
    """Typed access to the UI state.

    Args:
        settings: The store to use; by default the user's (or ``SAFETYDESK_UI_STATE``'s) INI file.
    """

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings if settings is not None else _open_settings()

    @property
    def file_name(self) -> str:
        """Where the state is stored (for diagnostics)."""
        return self._settings.fileName()

    def geometry(self) -> QByteArray | None:
        """The main window's saved geometry, if any."""
        value = self._settings.value(_GEOMETRY)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_geometry(self, geometry: QByteArray) -> None:
        """Remember the main window's geometry."""
        self._settings.setValue(_GEOMETRY, geometry)

    def last_page(self) -> str | None:
        """Key of the page that was shown when the window was last closed."""
        value = self._settings.value(_LAST_PAGE)
        return value if isinstance(value, str) and value else None

    def set_last_page(self, key: str) -> None:
        """Remember the page that is shown."""
        self._settings.setValue(_LAST_PAGE, key)

    def value(self, key: str, default: object = None) -> object:
        """Any other stored value (pages may keep column widths etc. under their own key)."""
        return self._settings.value(key, default)

    def set_value(self, key: str, value: object) -> None:
        """Store any other value."""
        self._settings.setValue(key, value)

    def sync(self) -> None:
        """Write pending changes to disk."""
        self._settings.sync()
