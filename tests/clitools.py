"""Running the CLI in tests: ``run(capsys, *args) -> (exit code, stdout, stderr)``."""

from __future__ import annotations

import pytest

from safetydesk.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``safetydesk *args`` in-process and return its exit code and captured output."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err
