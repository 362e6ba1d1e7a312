"""m014: the parts of a drill record — findings, attachments, evaluation checklists and
evaluations — and the link of a hazard to the drill that found it.

The free text 存在问题 / 改进措施 of m013's drills moves into ``drill_findings`` rows (line *n*
of the problems with line *n* of the measures), then the two columns are dropped: a problem
lives in one place. Columns are spelled out here, so the step never changes.
"""

from __future__ import annotations

from itertools import zip_longest
from typing import Any

from sqlite_utils import Database

_STAMPS = {"created_at": str, "updated_at": str}
_DRILL = ("drill_id", "drills", "id")


def _table(
    db: Database,
    name: str,
    columns: dict[str, Any],
    *,
    not_null: set[str],
    foreign_keys: list[tuple[str, str, str]],
) -> None:
    db.table(name).create(
        {"id": int, **columns, **_STAMPS},
        pk="id",
        strict=True,
        not_null=not_null | set(_STAMPS),
        foreign_keys=foreign_keys,
    )


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def m014_add_drill_records(db: Database) -> None:
    """Findings, attachments, evaluation templates and evaluations; hazards.drill_id."""
    _table(db, "drill_findings",
           {"drill_id": int, "seq": int, "problem": str, "action": str, "responsible": str,
            "due_on": str, "hazard_id": int},
           not_null={"drill_id", "seq", "problem"},
           foreign_keys=[_DRILL, ("hazard_id", "hazards", "id")])  # fmt: skip
    db.execute("CREATE UNIQUE INDEX idx_drill_findings_seq ON drill_findings(drill_id, seq)")
    _table(db, "drill_attachments",
           {"drill_id": int, "kind": str, "file": str, "original_name": str, "sha256": str,
            "taken_on": str, "note": str},
           not_null={"drill_id", "kind", "file"},
           foreign_keys=[_DRILL])  # fmt: skip
    db.execute("CREATE INDEX idx_drill_attachments_drill ON drill_attachments(drill_id, kind, id)")
    db.execute("CREATE UNIQUE INDEX idx_drill_attachments_file ON drill_attachments(file)")
    _table(db, "drill_eval_templates",
           {"family": str, "version": int, "name": str, "form": str, "basis": str,
            "items": str, "builtin": int, "retired": int},
           not_null={"family", "version", "name", "items", "builtin", "retired"},
           foreign_keys=[])  # fmt: skip
    db.execute(
        "CREATE UNIQUE INDEX idx_drill_eval_templates_version"
        " ON drill_eval_templates(family, version)"
    )
    _table(db, "drill_evaluations",
           {"drill_id": int, "template_id": int, "evaluators": str, "method": str,
            "results": str, "computed": str, "override": str, "override_reason": str,
            "suggestions": str, "evaluated_on": str},
           not_null={"drill_id", "method", "results", "computed", "evaluated_on"},
           foreign_keys=[_DRILL, ("template_id", "drill_eval_templates", "id")])  # fmt: skip
    db.execute("CREATE UNIQUE INDEX idx_drill_evaluations_drill ON drill_evaluations(drill_id)")
    db.execute("ALTER TABLE hazards ADD COLUMN drill_id INTEGER REFERENCES drills(id)")
    db.execute("CREATE INDEX idx_hazards_drill ON hazards(drill_id) WHERE drill_id IS NOT NULL")
    rows = db.execute(
        "SELECT id, problems, corrective_actions, created_at FROM drills ORDER BY id"
    ).fetchall()
    for drill_id, problems, actions, stamp in rows:
        pairs = zip_longest(_lines(problems), _lines(actions), fillvalue="")
        for seq, (problem, action) in enumerate(pairs, 1):
            db.execute(
                "INSERT INTO drill_findings (drill_id, seq, problem, action, responsible,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, '', ?, ?)",
                [drill_id, seq, problem or "（见改进措施）", action, stamp, stamp],
            )
    db.execute("ALTER TABLE drills DROP COLUMN problems")
    db.execute("ALTER TABLE drills DROP COLUMN corrective_actions")
