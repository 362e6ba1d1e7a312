"""Inspections (安全检查记录), checklist templates and their results (DOMAIN.md B §3).

An :class:`Inspection` records who inspected which unit or village point, when, how (kind and
methods), what they saw and what they decided. Its checklist results point to the exact
:class:`ChecklistTemplate` version used; a template that has been used is never edited in place:
changes make a new version (:func:`check_template_edit`). Each 不合格 item can become a hazard.
An item nobody answered is 未检查, never 合格: a record with such items is a draft (草稿) that can be
saved but not numbered or printed (:mod:`safetydesk.domain.inspection_results`).
Rules take their dates as arguments; nothing here reads the clock.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum


class InspectionKind(StrEnum):
    """检查类型 (B §3.3)."""

    ROUTINE = "日常检查"
    SPECIAL = "专项检查"
    SEASONAL = "节前/季节性检查"
    JOINT = "联合检查"
    RECHECK = "复查"
    COMPLAINT = "举报核查"
    SUPERVISION = "督导检查"


class InspectionMethod(StrEnum):
    """检查方式 (B §3.3, several per inspection)."""

    FOUR_NO_TWO_DIRECT = "四不两直"
    DOUBLE_RANDOM = "双随机"
    UNANNOUNCED = "明查暗访"
    JOINT_ENFORCEMENT = "联合执法"
    EXPERT = "专家帮扶"
    REGULAR = "常规"


class Disposition(StrEnum):
    """处理意见 (B §3.3)."""

    NO_PROBLEM = "无问题"
    ON_SPOT = "当场整改"
    NOTICE = "下达整改通知书"
    ORDER = "下达责令限期整改指令书"
    SITE_MEASURES = "现场处理措施"
    TRANSFER = "移交部门"
    CASE = "立案"


class ItemResult(StrEnum):
    """Result of one checklist item; :attr:`UNCHECKED` until the officer answers it."""

    PASS = "合格"
    FAIL = "不合格"
    NOT_APPLICABLE = "不涉及"
    UNCHECKED = "未检查"

    @classmethod
    def decode(cls, value: object) -> ItemResult:
        """The result a stored value names; a missing or unknown value reads as 未检查.

        A stored 合格/不合格/不涉及 stays what it was; nothing unreadable is ever read as 合格.
        """
        found = cls._value2member_map_.get(value) if isinstance(value, str) else None
        return found if isinstance(found, cls) else cls.UNCHECKED


#: The answers an officer can give an item (everything but 未检查).
ANSWERS: tuple[ItemResult, ...] = (ItemResult.PASS, ItemResult.FAIL, ItemResult.NOT_APPLICABLE)


@dataclass(frozen=True, slots=True, kw_only=True)
class ChecklistItem:
    """One line of a checklist: what to check, the standard, its basis, and the 重大 flag.

    Attributes:
        seq: 1-based position.
        content: 检查内容 (a short prompt).
        standard: 检查标准/要求.
        basis: 检查依据 (law, standard and clause).
        major: True when a 不合格 here corresponds to a 重大事故隐患判定标准 clause.
    """

    seq: int
    content: str
    standard: str = ""
    basis: str = ""
    major: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ChecklistTemplate:
    """A versioned checklist for a kind of target.

    Attributes:
        family: Stable key shared by every version (e.g. ``"fire-general"``).
        version: 1, 2, … within the family.
        target_types: Unit types (values) the template applies to.
        builtin: Shipped with the app (copied, never edited, by the user).
        retired: A newer version replaces it for new inspections.
    """

    id: int | None = None
    family: str
    version: int = 1
    name: str
    target_types: tuple[str, ...] = ()
    basis: str = ""
    items: tuple[ChecklistItem, ...] = ()
    builtin: bool = False
    retired: bool = False
    created_at: datetime | None = None

    @property
    def title(self) -> str:
        """Name with the version, e.g. ``九小场所消防安全检查表（第2版）``."""
        return f"{self.name}（第{self.version}版）" if self.version > 1 else self.name


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemResultRecord:
    """The result of one checklist item in one inspection (the item is copied, not referenced)."""

    seq: int
    content: str
    standard: str = ""
    basis: str = ""
    major: bool = False
    result: ItemResult = ItemResult.UNCHECKED
    note: str = ""
    hazard_id: int | None = None

    @property
    def answered(self) -> bool:
        """True once the item is 合格, 不合格 or 不涉及."""
        return self.result is not ItemResult.UNCHECKED


@dataclass(frozen=True, slots=True, kw_only=True)
class Inspector:
    """One inspector of an inspection (a person of the register, or a name typed in)."""

    name: str
    person_id: int | None = None
    cert_no: str = ""
    organisation: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Inspection:
    """One inspection (现场检查记录 fields of B §3.3, plus township extras).

    ``started_at`` / ``ended_at`` are local times to the minute; ``inspected_on`` is the start
    date (kept for indexes and reports). ``document_id`` is the 文书登记 entry of its printed
    record, once printed (``document_number`` is that entry's 文号, kept for search).
    """

    id: int | None = None
    unit_id: int | None = None
    village_id: int | None = None
    target_type: str = ""
    place: str = ""
    started_at: datetime | None = None
    ended_at: datetime | None = None
    inspected_on: date | None = None
    kind: InspectionKind = InspectionKind.ROUTINE
    methods: tuple[str, ...] = (InspectionMethod.REGULAR.value,)
    enforcement: bool = False
    inspectors: tuple[Inspector, ...] = ()
    met_person: str = ""
    met_title: str = ""
    met_phone: str = ""
    narrative: str = ""
    disposition: Disposition = Disposition.NO_PROBLEM
    disposition_note: str = ""
    recorder: str = ""
    witness: str = ""
    refused_to_sign: str = ""
    template_id: int | None = None
    results: tuple[ItemResultRecord, ...] = ()
    draw_id: int | None = None
    document_number: str = ""
    document_id: int | None = None
    notes: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    archived_at: datetime | None = None

    @property
    def archived(self) -> bool:
        """True when the record was archived."""
        return self.archived_at is not None

    @property
    def failed_items(self) -> tuple[ItemResultRecord, ...]:
        """The 不合格 items."""
        return tuple(r for r in self.results if r.result is ItemResult.FAIL)

    @property
    def unchecked_items(self) -> tuple[ItemResultRecord, ...]:
        """The items still 未检查."""
        return tuple(r for r in self.results if not r.answered)

    @property
    def draft(self) -> bool:
        """True while an item is 未检查: the record is a 草稿, saved but not yet printable."""
        return any(not r.answered for r in self.results)

    @property
    def inspector_names(self) -> str:
        """``王建国、李明``."""
        return "、".join(i.name for i in self.inspectors)


def check_inspection(ins: Inspection, *, today_end: datetime) -> dict[str, str]:
    """Field → Chinese message for every rule the record breaks (empty when valid).

    Args:
        ins: The record (inspectors' cert numbers already filled from the register).
        today_end: The end of "today"; an inspection cannot start later.
    """
    errors: dict[str, str] = {}
    start, end = ins.started_at, ins.ended_at
    if start is None:
        errors["started_at"] = "请填写检查开始时间，例如 2026-11-20 09:30。"
    elif start > today_end:
        errors["started_at"] = "检查开始时间在今天之后，请核对。"
    if start and end and end < start:
        errors["ended_at"] = (
            f"检查结束时间（{end:%Y-%m-%d %H:%M}）早于开始时间（{start:%Y-%m-%d %H:%M}），请核对。"
        )
    if ins.unit_id is None and ins.village_id is None:
        errors["unit_id"] = "请选择被检查的单位场所，或村(社区)的检查点。"
    if not ins.methods:
        errors["methods"] = "请至少选择一种检查方式（如 常规、四不两直、双随机）。"
    else:
        bad = [m for m in ins.methods if m not in InspectionMethod._value2member_map_]
        if bad:
            errors["methods"] = f"检查方式「{'、'.join(bad)}」不认识，可选：" + "、".join(
                m.value for m in InspectionMethod
            )
    names = [i.name.strip() for i in ins.inspectors if i.name.strip()]
    if not names:
        errors["inspectors"] = "请至少填写一名检查人员。"
    elif len(set(names)) != len(names):
        errors["inspectors"] = "检查人员有重复，请核对。"
    elif ins.enforcement:
        if len(names) < 2:
            errors["inspectors"] = "执法检查的执法人员不得少于两人（行政处罚法第四十二条），请再添加一名。"
        else:
            missing = [i.name for i in ins.inspectors if not i.cert_no.strip()]
            if missing:
                errors["inspectors"] = (
                    f"执法检查须填写每名执法人员的执法证号：{'、'.join(missing)} 没有证号。"
                    "请在“人员”中补录证号，或取消“执法检查”。"
                )
    if not ins.recorder.strip():
        errors["recorder"] = "请填写记录人。"
    for r in ins.results:
        if r.result is ItemResult.FAIL and not r.note.strip():
            errors[f"results.{r.seq}"] = (
                f"第{r.seq}项「{r.content}」判为不合格，请在备注中写明发现的问题。"
            )
    has_findings = bool(ins.failed_items)
    if ins.disposition is Disposition.NO_PROBLEM and has_findings:
        errors["disposition"] = "检查表中有不合格项，处理意见不能是“无问题”。"
    if not ins.narrative.strip() and not ins.results:
        errors["narrative"] = "请填写检查情况，或逐项填写检查表。"
    return errors


def check_template_edit(old: ChecklistTemplate, new_items: tuple[ChecklistItem, ...], uses: int) -> str:
    """Why ``old`` may not be edited in place (empty when it may).

    Args:
        old: The stored template.
        new_items: The edited items.
        uses: How many inspections used ``old``.
    """
    if old.builtin:
        return "内置检查表不能直接修改，请先“复制为新表”再编辑。"
    if uses and new_items != old.items:
        return (
            f"「{old.title}」已被 {uses} 次检查使用，不能再修改其中的检查项（旧记录须保持原样）。"
            "请“另存为新版本”，新的检查将使用新版本。"
        )
    return ""


def number_items(items: list[ChecklistItem] | tuple[ChecklistItem, ...]) -> tuple[ChecklistItem, ...]:
    """Items renumbered 1..n in their order."""
    return tuple(replace(it, seq=i) for i, it in enumerate(items, 1))
