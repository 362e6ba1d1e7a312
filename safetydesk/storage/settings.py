"""Key/value store behind the typed settings of :mod:`safetydesk.services.settings`."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from safetydesk.storage.db import utc_now_text


class SettingsStore:
    """Raw access to the ``settings`` table (values are JSON)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def all(self) -> dict[str, Any]:
        """Every stored setting, decoded."""
        return {k: json.loads(v) for k, v in self.db.conn.execute("SELECT key, value FROM settings")}

    def put(self, key: str, *, value: Any) -> None:
        """Store one setting (caller holds the transaction)."""
        self.db.conn.execute(
            "INSERT INTO settings(key, value, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            [key, json.dumps(value, ensure_ascii=False), utc_now_text()],
        )
