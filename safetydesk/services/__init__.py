"""Use cases over the storage layer, gathered in the :class:`Workspace` facade.

Front ends (CLI, GUI) open a Workspace and call its services; they never touch SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from safetydesk.services.documents import DocumentService
from safetydesk.services.hazards import HazardService
from safetydesk.services.registers import PersonService, UnitService, VillageService
from safetydesk.services.settings import SettingsService
from safetydesk.storage.db import mark_damaged as mark_file_damaged
from safetydesk.storage.db import open_database, read_only_of

if TYPE_CHECKING:
    from sqlite_utils import Database

    from safetydesk.domain.common import Person
    from safetydesk.domain.plans import PlanKind
    from safetydesk.services.callouts import CallOutService
    from safetydesk.services.checklists import ChecklistService
    from safetydesk.services.coverage import CoverageService
    from safetydesk.services.drill_evaluation import DrillEvalService
    from safetydesk.services.drill_files import DrillFileService
    from safetydesk.services.drill_hazards import DrillHazardService
    from safetydesk.services.drill_prints import DrillPrints
    from safetydesk.services.drills import DrillService
    from safetydesk.services.exports import ExportService
    from safetydesk.services.forms import FormService
    from safetydesk.services.holidays import HolidayService
    from safetydesk.services.imports.hazards import HazardImportService
    from safetydesk.services.imports.registers import ImportService
    from safetydesk.services.inspections import InspectionService
    from safetydesk.services.photos import HazardPhotoService, InspectionPhotoService
    from safetydesk.services.plan_content import PlanContentService
    from safetydesk.services.plan_gaps import PlanGapService
    from safetydesk.services.plan_parts import PartService
    from safetydesk.services.plan_prints import PlanPrints
    from safetydesk.services.plans import PlanService
    from safetydesk.services.print_jobs import PrintJobs
    from safetydesk.services.rechecks import RecheckService
    from safetydesk.storage.integrity import ReadOnly


class Workspace:
    """One open database and the services over it.

    Args:
        db: An opened, migrated database.
        path: Its file (``None`` for an in-memory database).
        clock: Returns "today"; tests and ``--today`` pass a fixed date.
    """

    def __init__(
        self, db: Database, path: Path | None = None, *, clock: Callable[[], date] = date.today
    ) -> None:
        self.db = db
        self.path = path
        self.clock = clock
        self.settings = SettingsService(db)
        self.villages = VillageService(db)
        self.units = UnitService(db)
        self.people = PersonService(db)
        self.documents = DocumentService(db, self.settings)
        self.hazards = HazardService(db, self.settings, self.documents, clock)
        # A8: a 包保 person's phone changed → the village's plans turn 需修订 (plan_triggers).
        self.people.on_phone_change.append(self._person_phone_changed)

    @cached_property
    def checklists(self) -> ChecklistService:
        """Checklist templates (created on first use, like every service not needed at start-up)."""
        from safetydesk.services.checklists import ChecklistService

        return ChecklistService(self.db)

    @cached_property
    def inspections(self) -> InspectionService:
        """Inspection records and the checklist → hazards step."""
        from safetydesk.services.inspections import InspectionService

        return InspectionService(self.db, self.hazards, self.checklists, self.clock)

    @cached_property
    def coverage(self) -> CoverageService:
        """Inspection coverage and 双随机 draws."""
        from safetydesk.services.coverage import CoverageService

        return CoverageService(self.db, self.clock)

    @cached_property
    def hazard_photos(self) -> HazardPhotoService:
        """Photos of hazards, under ``attachments/`` beside the database."""
        from safetydesk.paths import attachments_dir
        from safetydesk.services.photos import HazardPhotoService

        return HazardPhotoService(self.db, attachments_dir(self.path) if self.path else None)

    @cached_property
    def inspection_photos(self) -> InspectionPhotoService:
        """现场 photos of inspections, under ``attachments/`` beside the database."""
        from safetydesk.paths import attachments_dir
        from safetydesk.services.photos import InspectionPhotoService

        return InspectionPhotoService(self.db, attachments_dir(self.path) if self.path else None)

    @cached_property
    def holidays(self) -> HolidayService:
        """The editable holiday table (its changes reset the hazards' working-day calendar)."""
        from safetydesk.services.holidays import HolidayService

        return HolidayService(self.db, self.hazards)

    @cached_property
    def plans(self) -> PlanService:
        """一制四案 of the villages and the township, and the 应急避难场所."""
        from safetydesk.services.plans import PlanService

        return PlanService(self.db, self.villages, self.clock, self.settings)

    @cached_property
    def drills(self) -> DrillService:
        """应急演练: obligation rules, the annual plan, drill records and compliance."""
        from safetydesk.services.drills import DrillService

        return DrillService(self.db, self.villages, self.units, lambda: self.plans, self.clock,
                            self.settings)  # fmt: skip

    @cached_property
    def drill_prints(self) -> DrillPrints:
        """Printed drill forms: 应急演练记录表, 年度应急演练计划, 演练义务完成情况一览表."""
        from safetydesk.services.drill_prints import DrillPrints

        return DrillPrints(self)

    @cached_property
    def drill_evals(self) -> DrillEvalService:
        """Drill evaluation checklists (seeded on first use) and the evaluations."""
        from safetydesk.services.drill_evaluation import DrillEvalService

        return DrillEvalService(self.db, self.clock)

    @cached_property
    def drill_files(self) -> DrillFileService:
        """Photos, sign-in sheets and other files of drills, under ``attachments/`` beside the
        database (none can be attached to an in-memory database)."""
        from safetydesk.paths import attachments_dir
        from safetydesk.services.drill_files import DrillFileService

        return DrillFileService(
            self.db, attachments_dir(self.path) if self.path else None, self.clock
        )

    @cached_property
    def drill_hazards(self) -> DrillHazardService:
        """A drill's 存在问题 registered as hazards (linked both ways)."""
        from safetydesk.services.drill_hazards import DrillHazardService

        return DrillHazardService(self)

    @cached_property
    def plan_parts(self) -> PartService:
        """The parts of 一制四案: 通讯录, 工作组, 风险点, 路线, 队伍, 物资, 处置卡, 住户, 包保."""
        from safetydesk.services.plan_parts import PartService

        parts = PartService(self.db, self.villages, self.people, self.clock, self.settings)
        parts.on_baobao_change.append(self._baobao_changed)
        return parts

    def _baobao_changed(
        self, village_id: int | None, reason: str, hazards: tuple[PlanKind, ...]
    ) -> None:
        """A 包保 relation changed: its village's plans turn 需修订 (A8)."""
        from safetydesk.services.plan_triggers import baobao_changed

        baobao_changed(self.plans, village_id, reason, hazards, self.clock())

    def _person_phone_changed(self, old: Person, new: Person) -> None:
        """A person's phone changed: the plans of the villages where they hold 包保 turn 需修订."""
        from safetydesk.services.plan_triggers import phone_changed

        phone_changed(self.db, self.plans, old, new, self.clock())

    @cached_property
    def callouts(self) -> CallOutService:
        """叫应 call-outs down the 包保 chain: start, answer, escalate, close, show."""
        from safetydesk.services.callouts import CallOutService

        return CallOutService(self.db, self.villages, self.people, settings=self.settings)

    @cached_property
    def plan_gaps(self) -> PlanGapService:
        """What every village's 一制四案 lacks (households, 风险点, shelters, 通讯录, 物资, 包保)."""
        from safetydesk.services.plan_gaps import PlanGapService

        return PlanGapService(self.db, self.plan_parts, self.plans, self.clock)

    @cached_property
    def plan_content(self) -> PlanContentService:
        """The content of the plans (signals, triggers, ordered steps) and their documents."""
        from safetydesk.paths import attachments_dir
        from safetydesk.services.plan_content import PlanContentService

        return PlanContentService(
            self.db, self.plans, attachments_dir(self.path) if self.path else None
        )

    @cached_property
    def plan_prints(self) -> PlanPrints:
        """Printed 一制四案 forms: 处置卡, 包保责任表, 通讯录, 明白卡, 避难场所一览表."""
        from safetydesk.services.plan_prints import PlanPrints

        return PlanPrints(self)

    @cached_property
    def imports(self) -> ImportService:
        """Spreadsheet import of the registers (created on first use)."""
        from safetydesk.services.imports.registers import ImportService

        return ImportService(self)

    @cached_property
    def hazard_imports(self) -> HazardImportService:
        """Import of old hazard ledgers (created on first use)."""
        from safetydesk.services.imports.hazards import HazardImportService

        return HazardImportService(self)

    @cached_property
    def forms(self) -> FormService:
        """Printed forms (reportlab is loaded on first use)."""
        from safetydesk.services.forms import FormService

        return FormService(self)

    @cached_property
    def rechecks(self) -> RecheckService:
        """复查 and the numbering of their 复查意见书 (created on first use)."""
        from safetydesk.services.rechecks import RecheckService

        return RecheckService(self.hazards)

    @cached_property
    def print_jobs(self) -> PrintJobs:
        """What the print buttons do: issue or number the document if needed, then render it."""
        from safetydesk.services.print_jobs import PrintJobs

        return PrintJobs(self)

    @cached_property
    def exports(self) -> ExportService:
        """Spreadsheet export of the register lists (created on first use)."""
        from safetydesk.services.exports import ExportService

        return ExportService(self)

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        create: bool = True,
        clock: Callable[[], date] = date.today,
        full_check: bool = False,
    ) -> Workspace:
        """Open (create/upgrade) the database at ``path``; ``full_check`` checks the whole file
        for damage whatever its size.

        Raises:
            StorageError: The file cannot be used (see :func:`storage.db.open_database`).
        """
        db = open_database(path, create=create, full_check=full_check)
        p = None if str(path) == ":memory:" else Path(path)
        return cls(db, p, clock=clock)

    @property
    def read_only(self) -> ReadOnly | None:
        """Why the database is open for reading only (damaged, read-only file or folder), or None."""
        return read_only_of(self.db)

    def mark_damaged(self) -> ReadOnly | None:
        """Treat the database as damaged from now on (a read found what the check at open could not
        see): every later change is refused. Returns the reason (None for a plain Database)."""
        return mark_file_damaged(self.db)

    def close(self) -> None:
        """Close the database connection."""
        self.db.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
