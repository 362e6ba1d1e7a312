"""The content of a plan (B §1.4) and its document (``ws.plan_content``).

The structured fields (预警信号, 转移信号, 响应分级, 转移条件, 返回条件) and the ordered steps
of each :class:`~safetydesk.domain.plans.StepSection` belong to the newest version of an item;
they can be changed while it is a 草稿 or 待审核 — an 已生效, 需修订 or 已废止 version is what
was adopted, so a change needs a new version (which starts as a copy). The plan document is
checked by content (:mod:`.plan_documents`), copied to ``attachments/plans/<plan id>/`` under a
name made of its SHA-256 (written to a temporary name, then renamed), and recorded on the newest
version; ``open_document`` hands it to the system viewer (injectable for tests).
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safetydesk.domain.plans import PlanKind, PlanStatus, PlanStep, PlanVersion, StepSection
from safetydesk.errors import InvalidTransition, NotFoundError, ValidationError
from safetydesk.paths import write_atomic
from safetydesk.services import plan_documents
from safetydesk.services.plans import TOWNSHIP
from safetydesk.storage import plan_parts as part_store
from safetydesk.storage import plans as plan_store

if TYPE_CHECKING:
    from sqlite_utils import Database

    from safetydesk.services.plans import PlanService

#: The structured content fields of a version, with their Chinese names.
CONTENT_LABELS: dict[str, str] = {
    "warning_signal": "预警信号",
    "evacuate_signal": "转移信号",
    "trigger_levels": "响应分级",
    "evacuation_triggers": "转移条件",
    "return_conditions": "返回条件",
}
#: Statuses whose content may still be changed.
EDITABLE: frozenset[PlanStatus] = frozenset({PlanStatus.DRAFT, PlanStatus.SUBMITTED})
#: Short names accepted for the step sections.
SECTION_ALIASES: dict[str, StepSection] = {
    "预警": StepSection.WARNING, "监测": StepSection.WARNING, "处置": StepSection.RESPONSE,
    "转移": StepSection.EVACUATION, "善后": StepSection.RECOVERY, "返回": StepSection.RECOVERY,
}  # fmt: skip


def step_section(value: StepSection | str) -> StepSection:
    """A step section from its Chinese name or short name (a Chinese message otherwise)."""
    text = str(value).strip()
    try:
        return StepSection(text)
    except ValueError:
        if text in SECTION_ALIASES:
            return SECTION_ALIASES[text]
        names = "、".join(StepSection)
        raise ValidationError("section", f"没有“{value}”这一段，可选：{names}。") from None


@dataclass(frozen=True, slots=True)
class PlanContent:
    """The newest version of one item and its steps by section (sections in order)."""

    village_id: int | None
    kind: PlanKind
    version: PlanVersion
    steps: dict[StepSection, tuple[str, ...]]


class PlanContentService:
    """Read and change the content of the plans, attach and open their documents."""

    def __init__(
        self,
        db: Database,
        plans: PlanService,
        root: Path | None,
        opener: Callable[[Path], None] | None = None,
    ) -> None:
        self.db = db
        self.plans = plans
        self._root = root
        #: Opens a file with the system viewer (``None``: :func:`plan_documents.system_open`).
        self.opener = opener

    @property
    def root(self) -> Path:
        """The attachments folder (a temporary one for an in-memory database)."""
        if self._root is None:
            self._root = Path(tempfile.mkdtemp(prefix="safetydesk-attachments-"))
        return self._root

    # -- reading -----------------------------------------------------------------------------
    def content(self, village_id: int | None, kind: PlanKind) -> PlanContent:
        """The newest version of an item and its steps."""
        version = self._newest(village_id, kind)
        return self._content(village_id, kind, version)

    def _content(self, village_id: int | None, kind: PlanKind, v: PlanVersion) -> PlanContent:
        assert v.id is not None
        steps: dict[StepSection, list[str]] = {s: [] for s in StepSection}
        for step in part_store.steps(self.db, v.id):
            steps[step.section].append(step.text)
        return PlanContent(village_id, kind, v, {s: tuple(t) for s, t in steps.items()})

    # -- writing -----------------------------------------------------------------------------
    def edit(
        self,
        village_id: int | None,
        kind: PlanKind,
        *,
        fields: Mapping[str, str] | None = None,
        steps: Mapping[StepSection, Sequence[str]] | Mapping[str, Sequence[str]] | None = None,
    ) -> PlanContent:
        """Set content fields and replace the steps of the sections named in ``steps`` (the
        other sections keep theirs; an empty list clears one), in one transaction.

        Raises:
            ValidationError: An unknown field or section.
            InvalidTransition: The newest version is 已生效, 需修订 or 已废止 (add a version).
        """
        fields = dict(fields or {})
        unknown = set(fields) - set(CONTENT_LABELS)
        if unknown:
            names = "、".join(CONTENT_LABELS.values())
            raise ValidationError(sorted(unknown)[0], f"预案内容没有这一项，可填：{names}。")
        sections = {step_section(k): [t.strip() for t in v if t.strip()]
                    for k, v in (steps or {}).items()}  # fmt: skip
        with self.db.atomic():
            version = self._editable(village_id, kind, "修改内容")
            version_id = version.id
            assert version_id is not None
            if fields:
                changed: dict[str, Any] = {k: str(v).strip() for k, v in fields.items()}
                version = plan_store.update_version(self.db, replace(version, **changed))
            if sections:
                current = self._content(village_id, kind, version).steps
                new = [
                    PlanStep(None, version_id, section, pos, text)
                    for section in StepSection
                    for pos, text in enumerate(sections.get(section, current[section]), start=1)
                ]
                part_store.replace_steps(self.db, version_id, new)
            return self._content(village_id, kind, version)

    # -- documents ---------------------------------------------------------------------------
    def attach(self, village_id: int | None, kind: PlanKind, source: Path | str) -> PlanVersion:
        """Check ``source`` by content, copy it into the data folder and record it on the newest
        version (a 草稿/待审核 one, or an 已生效/需修订 one that has no document yet).

        Raises:
            ValidationError: Not a PDF/Word/WPS document (the message says what it is).
            InvalidTransition: The version is 已废止, or is in force and has a document already.
        """
        source = Path(source)
        version = self._newest(village_id, kind)
        self._check_attachable(village_id, kind, version)
        suffix = plan_documents.check_document(source)
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        rel = f"plans/{version.plan_id}/{digest[:16]}{suffix}"
        target = self.root / rel
        created = not target.is_file()
        if created:
            write_atomic(target, lambda tmp: shutil.copyfile(source, tmp))
        try:
            with self.db.atomic():
                version = self._newest(village_id, kind)
                self._check_attachable(village_id, kind, version)
                return plan_store.update_version(self.db, replace(
                    version, attachment=rel, attachment_name=source.name,
                    attachment_sha256=digest,
                ))  # fmt: skip
        except BaseException:
            if created:  # a name made of the content: no other version uses a new file
                target.unlink(missing_ok=True)
            raise

    def document(self, village_id: int | None, kind: PlanKind) -> Path:
        """The stored document of the newest version.

        Raises:
            NotFoundError: No document attached, or its file is missing from the data folder.
        """
        version = self._newest(village_id, kind)
        label = f"{self._label(village_id)}{kind}预案（{version.version}）"
        if not version.attachment:
            raise NotFoundError(f"{label}还没有附加文档：请先用“附加文档”选择 PDF 或 Word 文件。")
        path = self.root / version.attachment
        if not path.is_file():
            raise NotFoundError(
                f"{label}的文档「{version.attachment_name or path.name}」不在数据文件夹中"
                f"（应在 {path}），可能已被移动或删除：请重新附加。"
            )
        return path

    def open_document(
        self,
        village_id: int | None,
        kind: PlanKind,
        opener: Callable[[Path], None] | None = None,
    ) -> Path:
        """Open the document of the newest version with the system viewer; returns its path."""
        path = self.document(village_id, kind)
        (opener or self.opener or plan_documents.system_open)(path)
        return path

    # -- helpers -----------------------------------------------------------------------------
    def _newest(self, village_id: int | None, kind: PlanKind) -> PlanVersion:
        found = self.plans.versions(village_id, kind)
        if not found:
            raise NotFoundError(
                f"{self._label(village_id)}的{kind}预案尚未编制：请先新增一个版本（草稿）。"
            )
        return found[-1]

    def _editable(self, village_id: int | None, kind: PlanKind, what: str) -> PlanVersion:
        version = self._newest(village_id, kind)
        if version.status not in EDITABLE:
            raise InvalidTransition(
                f"{self._label(village_id)}的{kind}预案最新版本（{version.version}）是"
                f"“{version.status}”，不能再{what}：请新增一个版本（从这一版复制）后修改。"
            )
        return version

    def _check_attachable(
        self, village_id: int | None, kind: PlanKind, version: PlanVersion
    ) -> None:
        if version.status in EDITABLE:
            return
        if version.status is not PlanStatus.RETIRED and not version.attachment:
            return  # the adopted document of a plan entered as already in force
        self._editable(village_id, kind, "更换文档")

    def _label(self, village_id: int | None) -> str:
        if village_id is None:
            return TOWNSHIP
        return self.plans.villages.names().get(village_id, "该村")
