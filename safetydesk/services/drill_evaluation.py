"""演练评估 (``ws.drill_evals``): the evaluation checklists and the evaluation of each drill (B §2.5).

The shipped checklists (实战 and 桌面, DEFAULT_EVAL_TEMPLATES) are seeded the first time they are
read. A checklist is edited by saving a new version of its family: the older versions retire but
stay, so an evaluation keeps the version it was made with (its results also copy the items'
text). A copy starts a family of the office's own. An evaluation rates every item; its conclusion
is computed and may be overridden with a reason; saving it also sets the drill's 评估结论, in the
same transaction.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from safetydesk.domain.drill_evaluation import (
    DEFAULT_EVAL_TEMPLATES,
    DrillEvaluation,
    EvalItem,
    EvalTemplate,
    check_evaluation,
    results_of,
)
from safetydesk.domain.drills import Drill, DrillForm
from safetydesk.errors import NotFoundError, ValidationError
from safetydesk.services.changes import Changes, Saved, Topic
from safetydesk.storage import drill_records as record_store
from safetydesk.storage.drill_records import EvalTemplateStore, EvaluationStore
from safetydesk.storage.drills import DrillStore

if TYPE_CHECKING:
    from sqlite_utils import Database

#: Most items a checklist may have (the standard's are 10–15).
MAX_ITEMS = 30
#: The shipped family for each drill form.
FAMILY_OF_FORM: dict[DrillForm, str] = {
    DrillForm.LIVE: "drill-live",
    DrillForm.TABLETOP: "drill-tabletop",
}


def check_items(items: Sequence[EvalItem]) -> tuple[EvalItem, ...]:
    """``items`` stripped and numbered from 1, or the first problem.

    Raises:
        ValidationError: No item, more than :data:`MAX_ITEMS`, an item with no 评估项目, or two
            items with the same 评估项目.
    """
    if not items:
        raise ValidationError("items", "评估表至少要有一个评估项目。")
    if len(items) > MAX_ITEMS:
        raise ValidationError(
            "items", f"评估表有 {len(items)} 项，最多 {MAX_ITEMS} 项：请合并相近的项目。"
        )
    seen: dict[str, int] = {}
    out: list[EvalItem] = []
    for n, it in enumerate(items, 1):
        content = it.content.strip()
        if not content:
            raise ValidationError("items", f"第{n}项没有填写评估项目，请填写或删除这一行。")
        if content in seen:
            raise ValidationError(
                "items", f"第{n}项“{content}”与第{seen[content]}项重复，请删除或改名。"
            )
        seen[content] = n
        out.append(EvalItem(n, content, it.standard.strip()))
    return tuple(out)


class DrillEvalService:
    """Evaluation checklists and drill evaluations of one database.

    Args:
        db: The database.
        clock: Returns "today" (an evaluation is not dated after it).
    """

    def __init__(self, db: Database, clock: Callable[[], date]) -> None:
        self.db = db
        self.clock = clock
        self.store = EvalTemplateStore(db)
        self._seeded = False

    # -- checklists ----------------------------------------------------------------------------
    def ensure_defaults(self) -> None:
        """Store the shipped checklists that are not in the database yet (idempotent)."""
        if self._seeded:
            return
        have = record_store.template_families(self.db)
        missing = [t for t in DEFAULT_EVAL_TEMPLATES if t.family not in have]
        if missing:
            with self.db.atomic():
                for t in missing:
                    self.store.insert(replace(t, builtin=True, version=1))
        self._seeded = True

    def templates(self, *, include_retired: bool = False) -> builtins.list[EvalTemplate]:
        """The current version of every checklist (shipped ones first)."""
        self.ensure_defaults()
        return record_store.templates(self.db, include_retired=include_retired)

    def template(self, template_id: int) -> EvalTemplate:
        """One checklist version.

        Raises:
            NotFoundError: No such version.
        """
        self.ensure_defaults()
        return self.store.get(template_id)

    def versions(self, family: str) -> builtins.list[EvalTemplate]:
        """Every version of one checklist family, oldest first."""
        self.ensure_defaults()
        return record_store.template_versions(self.db, family)

    def uses(self, template_id: int) -> int:
        """How many evaluations were made with this version."""
        return record_store.template_uses(self.db, template_id)

    def template_for(self, drill: Drill) -> EvalTemplate:
        """The current checklist for a drill: of its form's family, else the first that suits."""
        current = self.templates()
        family = FAMILY_OF_FORM.get(drill.form)
        for t in current:
            if t.family == family:
                return t
        for t in current:
            if t.form in (None, drill.form):
                return t
        raise NotFoundError("没有可用的演练评估表：请在“演练评估表”中新建或恢复一份。")

    def new_version(
        self, template_id: int, items: Sequence[EvalItem], *, name: str | None = None
    ) -> Saved[EvalTemplate]:
        """Save ``items`` as the next version of the checklist's family; older versions retire.

        Raises:
            NotFoundError: No such version.
            ValidationError: Bad items (see :func:`check_items`) or an empty name.
        """
        old = self.template(template_id)
        checked = check_items(items)
        title = (old.name if name is None else name).strip()
        if not title:
            raise ValidationError("name", "请填写评估表名称。")
        with self.db.atomic():
            versions = record_store.template_versions(self.db, old.family)
            for v in versions:
                if not v.retired:
                    self.store.update(replace(v, retired=True))
            t = self.store.insert(replace(
                old, id=None, version=versions[-1].version + 1, items=checked, name=title,
                retired=False, created_at=None, updated_at=None,
            ))  # fmt: skip
        return Saved(t, Changes.of(Topic.DRILLS))

    def copy(self, template_id: int, name: str) -> Saved[EvalTemplate]:
        """Copy a checklist into a new family of the office's own (version 1)."""
        src = self.template(template_id)
        title = name.strip() or f"{src.name}（副本）"
        families = record_store.template_families(self.db)
        n = 1
        while f"user-{n}" in families:
            n += 1
        with self.db.atomic():
            t = self.store.insert(replace(
                src, id=None, family=f"user-{n}", version=1, name=title, builtin=False,
                retired=False, created_at=None, updated_at=None,
            ))  # fmt: skip
        return Saved(t, Changes.of(Topic.DRILLS))

    # -- evaluations ---------------------------------------------------------------------------
    def evaluation(self, drill_id: int) -> DrillEvaluation | None:
        """The evaluation of one drill, if it was evaluated."""
        return record_store.evaluation(self.db, drill_id)

    def blank(self, drill_id: int, template_id: int | None = None) -> DrillEvaluation:
        """An unsaved evaluation of a drill with every item of its checklist unrated."""
        drill = DrillStore(self.db).get(drill_id)
        t = self.template(template_id) if template_id is not None else self.template_for(drill)
        return DrillEvaluation(
            drill_id=drill_id, template_id=t.id, results=results_of(t),
            evaluated_on=drill.held_on,
        )  # fmt: skip

    def evaluate(self, ev: DrillEvaluation) -> Saved[DrillEvaluation]:
        """Save the one evaluation of a drill and set the drill's 评估结论 to its conclusion.

        Raises:
            NotFoundError: No such drill or checklist version.
            ValidationErrors: An unrated item, a 不达标 item without its note, an override
                without a reason, a date before the drill or after today (all at once).
        """
        drill = DrillStore(self.db).get(ev.drill_id)
        if ev.template_id is not None:
            self.template(ev.template_id)
        checked = check_evaluation(ev, drill.held_on, self.clock())
        old = self.evaluation(ev.drill_id)
        store = EvaluationStore(self.db)
        with self.db.atomic():
            if old is None:
                saved = store.insert(replace(checked, id=None))
            else:
                saved = store.update(replace(checked, id=old.id, created_at=old.created_at))
            DrillStore(self.db).update(replace(drill, conclusion=saved.conclusion))
        return Saved(saved, Changes.of(Topic.DRILLS, ids=(ev.drill_id,)))

    def delete(self, drill_id: int) -> Saved[DrillEvaluation]:
        """Remove a drill's evaluation (its 评估结论 stays as it was).

        Raises:
            NotFoundError: The drill was not evaluated.
        """
        old = self.evaluation(drill_id)
        if old is None or old.id is None:
            raise NotFoundError("这次演练还没有评估，无需删除。")
        with self.db.atomic():
            record_store.delete_evaluation(self.db, drill_id)
        return Saved(old, Changes.of(Topic.DRILLS, ids=(drill_id,)))
