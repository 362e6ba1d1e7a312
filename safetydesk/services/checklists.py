"""Checklist templates (检查表): the shipped defaults, user copies, and versions.

Templates are versioned: the shipped defaults are seeded on first use, a user copies one to edit
it, and a version that an inspection used is never changed in place — :meth:`ChecklistService.save`
refuses and :meth:`ChecklistService.new_version` makes the next version. ``ws.checklists``.
"""

from __future__ import annotations

import builtins
import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from safetydesk.domain.checklist_defaults import DEFAULT_TEMPLATES
from safetydesk.domain.inspections import (
    ChecklistItem,
    ChecklistTemplate,
    check_template_edit,
    number_items,
)
from safetydesk.errors import ConflictError, ValidationError
from safetydesk.services.changes import Changes, Saved, Topic
from safetydesk.storage.inspections import InspectionStore, TemplateStore

if TYPE_CHECKING:
    from sqlite_utils import Database


class ChecklistService:
    """Checklist templates: the shipped defaults, user copies, and versions."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.store = TemplateStore(db)
        self._inspections = InspectionStore(db)
        self._seeded = False

    def ensure_defaults(self) -> None:
        """Store the shipped templates that are not in the database yet (idempotent)."""
        if self._seeded:
            return
        have = self.store.families()
        missing = [t for t in DEFAULT_TEMPLATES if t.family not in have]
        if missing:
            with self.db.atomic():
                for t in missing:
                    self.store.insert(dataclasses.replace(t, builtin=True, version=1))
        self._seeded = True

    def all(self, *, include_retired: bool = False) -> builtins.list[ChecklistTemplate]:
        """Templates to choose from (current versions), shipped ones first."""
        self.ensure_defaults()
        return self.store.all(include_retired=include_retired)

    def get(self, template_id: int) -> ChecklistTemplate:
        """One template version."""
        return self.store.get(template_id)

    def for_type(self, unit_type: str) -> builtins.list[ChecklistTemplate]:
        """Current templates that apply to a target type (general ones after specific ones)."""
        return [t for t in self.all() if not t.target_types or unit_type in t.target_types]

    def uses(self, template_id: int) -> int:
        """How many inspections used this version."""
        return self._inspections.uses_of_template(template_id)

    def versions(self, family: str) -> builtins.list[ChecklistTemplate]:
        """Every version of a template family."""
        return self.store.versions(family)

    def _check_items(self, items: Sequence[ChecklistItem]) -> tuple[ChecklistItem, ...]:
        if not items:
            raise ValidationError("items", "检查表至少要有一个检查项。")
        for it in items:
            if not it.content.strip():
                raise ValidationError("items", f"第{it.seq}个检查项没有填写检查内容。")
        return number_items(list(items))

    def copy(self, template_id: int, name: str) -> Saved[ChecklistTemplate]:
        """Copy a template into a new family the user owns (version 1)."""
        src = self.store.get(template_id)
        name = name.strip() or f"{src.name}（副本）"
        family = f"user-{len(self.store.families()) + 1}"
        while family in self.store.families():
            family += "x"
        with self.db.atomic():
            t = self.store.insert(
                dataclasses.replace(src, id=None, family=family, version=1, name=name,
                                    builtin=False, retired=False)
            )  # fmt: skip
        return Saved(t, Changes.of(Topic.INSPECTIONS))

    def save(self, template: ChecklistTemplate) -> Saved[ChecklistTemplate]:
        """Edit a template version in place; refused once an inspection used it.

        Raises:
            ConflictError: A shipped template, or a used one (make a new version instead).
        """
        old = self.store.get(template.id or 0)
        items = self._check_items(template.items)
        why = check_template_edit(old, items, self.uses(old.id or 0))
        if why:
            raise ConflictError(why)
        with self.db.atomic():
            t = self.store.update(dataclasses.replace(template, items=items, family=old.family,
                                                      version=old.version, builtin=old.builtin))
        return Saved(t, Changes.of(Topic.INSPECTIONS))

    def new_version(self, template_id: int, items: Sequence[ChecklistItem], *,
                    name: str | None = None) -> Saved[ChecklistTemplate]:  # fmt: skip
        """Save ``items`` as the next version of the template's family; older ones retire.

        Raises:
            ConflictError: A shipped template (copy it first).
        """
        old = self.store.get(template_id)
        if old.builtin:
            raise ConflictError("内置检查表不能直接修改，请先“复制为新表”再编辑。")
        checked = self._check_items(items)
        with self.db.atomic():
            versions = self.store.versions(old.family)
            for v in versions:
                if not v.retired:
                    self.store.update(dataclasses.replace(v, retired=True))
            t = self.store.insert(
                dataclasses.replace(old, id=None, version=versions[-1].version + 1,
                                    items=checked, name=(name or old.name).strip(), retired=False)
            )  # fmt: skip
        return Saved(t, Changes.of(Topic.INSPECTIONS))
