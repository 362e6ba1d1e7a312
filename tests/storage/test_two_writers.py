"""Two processes writing to one database at once lose nothing and take unique, gap-free numbers.

A transaction that reads before it writes (take the next 隐患编号 or 文号, then insert) must hold
the write lock from its start: begun deferred, its upgrade to a writer fails at once with
"database is locked" when the other process writes meanwhile, whatever the busy timeout (issue 9,
point 16: 3.9 % of ``hazard add`` and 17 % of ``notice`` runs failed that way). Real processes,
a real file.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from safetydesk.domain.common import Unit
from safetydesk.domain.documents import DocumentKind
from safetydesk.services import Workspace

#: Writes per process (each a hazard; every second one also issues its notice).
WRITES = 200

_WRITER = textwrap.dedent(
    """
    import sys
    from datetime import date
    from safetydesk.domain.hazards import Hazard
    from safetydesk.domain.schedule import DeadlineKind
    from safetydesk.services import Workspace

    db, unit_id, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    ws = Workspace.open(db, clock=lambda: date(2026, 11, 23))
    sys.stdout.write("ready\\n")
    sys.stdout.flush()
    sys.stdin.readline()  # both start together
    failures = 0
    for i in range(n):
        try:
            h = ws.hazards.register(Hazard(
                unit_id=unit_id, description=f"隐患{i}", measures="整改", found_by="王建国",
                found_on=date(2026, 11, 20), deadline_kind=DeadlineKind.CALENDAR_DAYS,
                deadline_days=7,
            )).record
            if i % 2 == 0:
                ws.hazards.issue_notice([h.id], on=date(2026, 11, 21))
        except Exception as exc:  # counted, and shown when the test fails
            failures += 1
            sys.stderr.write(f"{type(exc).__name__}: {exc}\\n")
    ws.close()
    sys.stdout.write(f"{failures}\\n")
    """
)


def test_two_processes_write_at_once_without_failures(ws: Workspace, unit: Unit, tmp_path: Path) -> None:
    script = tmp_path / "writer.py"
    script.write_text(_WRITER, encoding="utf-8")
    assert ws.path is not None
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), str(ws.path), str(unit.id), str(WRITES)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        for _ in range(2)
    ]
    for p in procs:
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    results = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err
        assert out.split()[-1] == "0", err[-2000:]
    hazards = ws.hazards.list()
    assert len(hazards) == 2 * WRITES
    serials = sorted(int(h.code.rsplit("-", 1)[1]) for h in hazards)
    assert serials == list(range(1, 2 * WRITES + 1))  # unique and gap-free
    notices = ws.documents.of_year(2026, DocumentKind.RECTIFICATION_NOTICE)
    assert sorted(d.serial for d in notices) == list(range(1, WRITES + 1))
    assert len({h.notice_id for h in hazards if h.notice_id}) == WRITES


def test_a_read_only_file_is_refused_with_a_message_and_nothing_written(ws: Workspace, unit: Unit) -> None:
    """Issue 9, point 19: a write to a read-only database says so in Chinese (not exit 3)."""
    import sqlite3
    from datetime import date

    import pytest

    from safetydesk.domain.hazards import Hazard
    from safetydesk.domain.schedule import DeadlineKind
    from safetydesk.errors import StorageError
    from safetydesk.storage.db import LedgerDatabase

    assert ws.path is not None
    ro = sqlite3.connect(f"file:{ws.path}?mode=ro", uri=True)
    view = Workspace(LedgerDatabase(ro, execute_plugins=False), ws.path, clock=lambda: date(2026, 11, 23))
    with pytest.raises(StorageError, match="只读"):
        view.hazards.register(Hazard(
            unit_id=unit.id, description="灭火器过期", measures="更换", found_by="王建国",
            found_on=date(2026, 11, 20), deadline_kind=DeadlineKind.CALENDAR_DAYS, deadline_days=7,
        ))  # fmt: skip
    assert view.hazards.count() == 0 and ws.hazards.count() == 0  # reading still works
