"""Error hierarchy shared by every layer.

Known failures (bad input, missing records, refused transitions, unusable files) derive from
:class:`SafetyDeskError` and carry a Chinese message meant for the user. Anything else is a bug
and reaches the crash dialog / the CLI's error report instead.
"""

from __future__ import annotations


class SafetyDeskError(Exception):
    """Root of all known, user-facing errors. ``str(err)`` is a Chinese message."""


class ValidationError(SafetyDeskError):
    """A field value is not acceptable.

    Args:
        field: Name of the offending field (dataclass attribute), or ``""`` for the whole record.
        message: Chinese text that says what is wrong and how to fix it.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class ValidationErrors(SafetyDeskError):
    """Several field errors at once (a form with more than one bad field).

    Args:
        errors: Mapping of field name to Chinese message.
    """

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("；".join(self.errors.values()))


class NotFoundError(SafetyDeskError):
    """A record that was asked for does not exist."""


class ConflictError(SafetyDeskError):
    """The change conflicts with stored data (duplicate name, record in use …)."""


class InvalidTransition(SafetyDeskError):
    """A state transition is not allowed from the record's current state."""


class StorageError(SafetyDeskError):
    """The database file cannot be used (locked, unreadable, not a SafetyDesk file …)."""


class FileAccessError(SafetyDeskError, OSError):
    """A file or folder could not be read, written or created; ``str(err)`` is the Chinese message.

    Also an :class:`OSError` (with the original ``errno``), so that code that handles a failed
    write as an OSError keeps doing so.
    """

    def __init__(self, message: str, errno: int | None = None) -> None:
        if errno is None:
            OSError.__init__(self, message)
        else:
            OSError.__init__(self, errno, message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class SchemaTooNewError(StorageError):
    """The database was written by a newer SafetyDesk version."""


class ReadOnlyError(StorageError):
    """A change was refused: the database is open for reading only (damaged file, read-only file
    or folder). ``str(err)`` says why and what to do; nothing was written."""


class ImportRefused(SafetyDeskError):
    """An import was refused; nothing was written.

    Args:
        problems: Row-level problems (objects with ``row``, ``column``, ``message``).
        message: Summary line in Chinese.
    """

    def __init__(self, problems: list, message: str | None = None) -> None:  # type: ignore[type-arg]
        self.problems = list(problems)
        super().__init__(message or f"导入被拒绝：发现 {len(self.problems)} 处问题，未写入任何数据。")


class Cancelled(SafetyDeskError):
    """Long work was cancelled by the user; nothing was written."""

    def __init__(self, message: str = "操作已取消，未写入任何数据。") -> None:
        super().__init__(message)
