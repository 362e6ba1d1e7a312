"""A reader that stops early (``| head``) is not a crash: exit 0, nothing logged."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_closed_pipe_is_quiet(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    run = [sys.executable, "-m", "safetydesk", "--db", str(db)]
    subprocess.run([*run, "demo"], check=True, capture_output=True)
    proc = subprocess.Popen([*run, "list", "units", "--json"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)  # fmt: skip
    assert proc.stdout is not None
    proc.stdout.readline()
    proc.stdout.close()  # the reader goes away after one line
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()
    assert "意外错误" not in err.decode()
    assert not (tmp_path / "logs" / "error.log").exists()
