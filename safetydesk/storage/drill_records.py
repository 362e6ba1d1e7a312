"""Storage of the parts of a drill record (m014): findings, attachments, evaluation checklists
and evaluations.

Rows map to :mod:`safetydesk.domain.drill_records` and :mod:`~safetydesk.domain.drill_evaluation`
records through :class:`~.rows.RecordStore` (a checklist's items and an evaluation's results are
JSON lists in their row). Writes run inside the caller's ``db.atomic()``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlite_utils import Database

from safetydesk.domain.drill_evaluation import DrillEvaluation, EvalTemplate
from safetydesk.domain.drill_records import DrillAttachment, DrillFinding
from safetydesk.storage.rows import RecordStore


class FindingStore(RecordStore[DrillFinding]):
    """存在问题 / 改进措施 of the drills."""

    table = "drill_findings"
    record = DrillFinding
    order_keys = {"default": "drill_id, seq"}
    noun = "演练发现的问题"


class AttachmentStore(RecordStore[DrillAttachment]):
    """Photos, sign-in sheets and other files of the drills."""

    table = "drill_attachments"
    record = DrillAttachment
    order_keys = {"default": "drill_id, kind, id"}
    noun = "演练附件"


class EvalTemplateStore(RecordStore[EvalTemplate]):
    """Versions of the evaluation checklists."""

    table = "drill_eval_templates"
    record = EvalTemplate
    order_keys = {"default": "builtin DESC, family, version"}
    json_fields = ("items",)
    noun = "演练评估表"


class EvaluationStore(RecordStore[DrillEvaluation]):
    """The evaluations (one per drill)."""

    table = "drill_evaluations"
    record = DrillEvaluation
    order_keys = {"default": "drill_id"}
    json_fields = ("results",)
    noun = "演练评估"


def _select(store: RecordStore[Any], where: str, params: Sequence[Any]) -> list[Any]:
    cols = ", ".join(store._columns)
    order = store.order_keys["default"]
    sql = f"SELECT {cols} FROM {store.table} WHERE {where} ORDER BY {order}"
    return [store.from_row(r) for r in store.db.conn.execute(sql, list(params))]


def findings(db: Database, drill_id: int) -> list[DrillFinding]:
    """The findings of one drill, by 序号."""
    return _select(FindingStore(db), "drill_id = ?", [drill_id])


def findings_of(db: Database, drill_ids: Sequence[int]) -> dict[int, list[DrillFinding]]:
    """The findings of these drills, by drill id (every id present)."""
    out: dict[int, list[DrillFinding]] = {i: [] for i in drill_ids}
    if drill_ids:
        marks = ",".join("?" * len(drill_ids))
        for f in _select(FindingStore(db), f"drill_id IN ({marks})", drill_ids):
            out[f.drill_id].append(f)
    return out


def replace_findings(
    db: Database, drill_id: int, new: Sequence[DrillFinding]
) -> list[DrillFinding]:
    """Make ``new`` (numbered 1…n) the findings of ``drill_id``.

    A finding that keeps its id is updated in place, so its ``hazard_id`` link survives; the
    others are deleted and the new ones inserted. The unique (drill, 序号) index is respected by
    moving kept rows out of the way first.
    """
    store = FindingStore(db)
    old = {f.id: f for f in findings(db, drill_id)}
    keep = {f.id for f in new if f.id is not None and f.id in old}
    gone = [i for i in old if i not in keep]
    if gone:
        marks = ",".join("?" * len(gone))
        db.execute(f"DELETE FROM drill_findings WHERE id IN ({marks})", gone)
    db.execute("UPDATE drill_findings SET seq = -seq WHERE drill_id = ?", [drill_id])
    out = []
    for f in new:
        if f.id is not None and f.id in keep:
            link = old[f.id].hazard_id if f.hazard_id is None else f.hazard_id
            out.append(store.update(replace(f, drill_id=drill_id, hazard_id=link)))
        else:
            out.append(store.insert(replace(f, id=None, drill_id=drill_id)))
    return out


def attachments(db: Database, drill_id: int) -> list[DrillAttachment]:
    """The files of one drill (by kind, then order of adding)."""
    return _select(AttachmentStore(db), "drill_id = ?", [drill_id])


def delete_attachment(db: Database, attachment_id: int) -> None:
    """Remove one attachment row (its file is left to the caller)."""
    db.execute("DELETE FROM drill_attachments WHERE id = ?", [attachment_id])


def attachment_files(db: Database) -> set[str]:
    """Every attachment file named by a row (relative paths)."""
    return {r[0] for r in db.execute("SELECT file FROM drill_attachments")}


def templates(db: Database, *, include_retired: bool = False) -> list[EvalTemplate]:
    """The newest version of every checklist family (retired ones only when asked)."""
    where = (
        "version = (SELECT max(version) FROM drill_eval_templates t"
        " WHERE t.family = drill_eval_templates.family)"
    )
    if not include_retired:
        where += " AND retired = 0"
    return _select(EvalTemplateStore(db), where, [])


def template_versions(db: Database, family: str) -> list[EvalTemplate]:
    """Every version of one family, oldest first."""
    return _select(EvalTemplateStore(db), "family = ?", [family])


def template_families(db: Database) -> set[str]:
    """The families stored."""
    return {r[0] for r in db.execute("SELECT DISTINCT family FROM drill_eval_templates")}


def template_uses(db: Database, template_id: int) -> int:
    """How many evaluations used this version."""
    sql = "SELECT count(*) FROM drill_evaluations WHERE template_id = ?"
    return int(db.execute(sql, [template_id]).fetchone()[0])


def evaluation(db: Database, drill_id: int) -> DrillEvaluation | None:
    """The evaluation of one drill, if it has one."""
    found = _select(EvaluationStore(db), "drill_id = ?", [drill_id])
    return found[0] if found else None


def evaluations_of(db: Database, drill_ids: Sequence[int]) -> dict[int, DrillEvaluation]:
    """The evaluations of these drills, by drill id (drills without one absent)."""
    if not drill_ids:
        return {}
    marks = ",".join("?" * len(drill_ids))
    found = _select(EvaluationStore(db), f"drill_id IN ({marks})", drill_ids)
    return {e.drill_id: e for e in found}


def delete_evaluation(db: Database, drill_id: int) -> None:
    """Remove the evaluation of one drill (inside the caller's transaction)."""
    db.execute("DELETE FROM drill_evaluations WHERE drill_id = ?", [drill_id])
