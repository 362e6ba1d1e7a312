"""From a drill's 存在问题 to a hazard (``ws.drill_hazards``): one finding becomes one 隐患.

The hazard is registered through the hazard ledger's own path
(:meth:`~safetydesk.services.hazards.HazardService.register`), so it passes every check a hazard
entered by hand passes, and gets its 隐患编号 the same way. It is filled from the finding and the
drill: 来源 应急演练发现, the drill named back (``drill_id``), 隐患描述 = the problem, 整改措施 =
the measure, 责任人 = the finding's, 整改期限 = its 期限 (unless given), 发现日期 = the drill's
date, the drill's village and unit (the unit may be chosen). The finding is then linked to the
hazard; both writes are one transaction.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from safetydesk.domain.drill_records import DrillFinding
from safetydesk.domain.drills import Drill
from safetydesk.domain.hazards import Hazard, HazardLevel, HazardSource
from safetydesk.domain.schedule import DeadlineKind
from safetydesk.errors import ConflictError, ValidationError, ValidationErrors
from safetydesk.services.changes import Changes, Saved, Topic
from safetydesk.storage import drill_records as record_store
from safetydesk.storage.drill_records import FindingStore

if TYPE_CHECKING:
    from safetydesk.services import Workspace


class DrillHazardService:
    """Registers the problems found in drills as hazards.

    Args:
        ws: The workspace (its drills, hazards and units).
    """

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.db = ws.db

    def finding(self, drill_id: int, seq: int) -> DrillFinding:
        """Finding ``seq`` (1-based) of a drill.

        Raises:
            NotFoundError: No such drill.
            ValidationError: No such item (the message says how many there are).
        """
        self.ws.drills.get(drill_id)
        found = record_store.findings(self.db, drill_id)
        match = next((f for f in found if f.seq == seq), None)
        if match is None:
            raise ValidationError(
                "item",
                f"演练记录第{seq}项问题不存在，共{len(found)}项"
                + ("（这条演练记录没有填写存在问题）。" if not found else "。"),
            )
        return match

    def raise_hazard(
        self,
        drill_id: int,
        seq: int,
        *,
        unit_id: int | None = None,
        level: HazardLevel = HazardLevel.ORDINARY,
        deadline: date | None = None,
        basis: str = "",
    ) -> Saved[Hazard]:
        """Register finding ``seq`` of drill ``drill_id`` as a hazard and link the two.

        Args:
            drill_id: The drill record.
            seq: The finding's 序号 (1-based).
            unit_id: The unit the hazard is in (default: the drill's unit).
            level: 一般 or 重大 (a 重大 hazard needs ``basis``, its 判定依据).
            deadline: 整改期限 (default: the finding's 期限).
            basis: 判定依据 of a 重大 hazard.

        Raises:
            NotFoundError: No such drill or unit.
            ValidationError: No such item.
            ConflictError: The item was registered as a hazard already.
            ValidationErrors: What the hazard checks refuse (no unit, no measure, no deadline
                …), each message saying how to fix it; nothing is written.
        """
        drill = self.ws.drills.get(drill_id)
        finding = self.finding(drill_id, seq)
        self._check_not_raised(finding)
        unit = unit_id if unit_id is not None else drill.unit_id
        where = self.ws.units.get(unit) if unit is not None else None
        # The unit's own contact answers for it unless the finding names someone else.
        person = finding.responsible or (where.contact if where else "")
        phone = where.contact_phone if where and person == where.contact else ""
        hazard = Hazard(
            unit_id=unit,
            village_id=drill.village_id,
            location=drill.location,
            description=finding.problem,
            measures=finding.action,
            responsible_person=person,
            responsible_phone=phone,
            level=HazardLevel(level),
            basis=basis.strip(),
            source=HazardSource.DRILL,
            drill_id=drill_id,
            found_on=drill.held_on,
            found_by=drill.recorder or drill.commander or drill.organiser,
            deadline_kind=DeadlineKind.DATE,
            due_on=deadline or finding.due_on,
            notes=f"演练记录 {drill.record_no}「{drill.title}」第{seq}项问题",
        )
        with self.db.atomic():
            # Read again inside the transaction: a second raise at the same time is refused.
            self._check_not_raised(self.finding(drill_id, seq))
            try:
                saved = self.ws.hazards.register(hazard).record
            except ValidationErrors as exc:
                raise ValidationErrors(self._explained(exc.errors, drill, seq)) from None
            FindingStore(self.db).update(replace(finding, hazard_id=saved.id))
        ids = (drill_id, saved.id or 0)
        return Saved(saved, Changes.of(Topic.DRILLS, Topic.HAZARDS, ids=ids))

    def _check_not_raised(self, finding: DrillFinding) -> None:
        if finding.hazard_id is None:
            return
        code = self.ws.hazards.store.values([finding.hazard_id], column="code").get(
            finding.hazard_id
        )
        raise ConflictError(
            f"第{finding.seq}项问题已登记为隐患 {code or f'（编号 {finding.hazard_id}）'}，"
            "不能重复登记。"
        )

    @staticmethod
    def _explained(errors: dict[str, str], drill: Drill, seq: int) -> dict[str, str]:
        """The hazard checks' messages, said in terms of the drill record where that helps."""
        out = dict(errors)
        if "unit_id" in out and drill.unit_id is None:
            out["unit_id"] = (
                f"「{drill.title}」是{drill.organiser_kind.value}组织的演练，没有对应的单位场所；"
                "隐患须登记在某个单位场所下：请指定隐患所在的单位（命令行加 --unit 单位名称，"
                "界面中请选择单位）。"
            )
        if "measures" in out:
            out["measures"] = (
                f"第{seq}项问题没有填写改进措施：请先在演练记录中补写改进措施，再登记为隐患。"
            )
        if "found_by" in out:
            out["found_by"] = (
                "演练记录没有填写记录人或总指挥，无法确定隐患的发现人：请先在演练记录中补写。"
            )
        if "due_on" in out and "请填写日期" in out["due_on"]:
            out["due_on"] = (
                f"第{seq}项问题没有整改期限：请先在演练记录中填写期限，"
                "或登记时指定期限（命令行加 --deadline YYYY-MM-DD）。"
            )
        return out
