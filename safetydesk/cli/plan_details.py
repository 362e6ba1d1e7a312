"""What ``plans gaps`` and ``plan content|attach|open`` print and read (used by :mod:`.plans`).

``plans gaps --json`` prints a list of objects with the keys ``village_id``, ``village``,
``kind``, ``subject``, ``subject_id``, ``label`` and ``detail``; ``plan content --json`` an
object with ``village``, ``kind``, ``version``, ``status``, ``fields`` (by field name),
``steps`` (section → ordered texts) and ``attachment`` (``file``, ``name``, ``sha256`` or null).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from safetydesk.errors import ValidationError
from safetydesk.services.plan_content import CONTENT_LABELS, step_section

if TYPE_CHECKING:
    from safetydesk.domain.plans import StepSection
    from safetydesk.services.plan_content import PlanContent
    from safetydesk.services.plan_gaps import GapReport

#: ``--set`` names of the content fields (Chinese label → field), with a few other words for them.
CONTENT_FIELDS: dict[str, str] = {
    **{label: name for name, label in CONTENT_LABELS.items()},
    "撤离信号": "evacuate_signal", "预警级别": "trigger_levels", "撤离条件": "evacuation_triggers",
}  # fmt: skip


def gaps_json(report: GapReport) -> list[dict[str, Any]]:
    """The gaps as a list of objects with stable keys."""
    return [
        {
            "village_id": g.village_id, "village": g.village, "kind": g.kind.value,
            "subject": g.subject.value, "subject_id": g.subject_id, "label": g.label,
            "detail": g.detail,
        }
        for g in report.gaps
    ]  # fmt: skip


def print_gaps(report: GapReport, *, filtered: bool) -> None:
    """The gaps grouped by village, with each village's total (villages without gaps named)."""
    places = sorted({g.village_id for g in report.gaps}, key=lambda v: v is None)
    print(f"一制四案缺项（{report.today.isoformat()}）：共 {len(report.gaps)} 项，"
          f"涉及 {len(places)} 个村（社区）/镇本级")  # fmt: skip
    for summary in report.summaries:
        mine = report.of_village(summary.village_id)
        if not mine:
            continue
        print(f"【{summary.village}】{len(mine)} 项")
        for g in mine:
            print(f"  {g.kind}\t{g.subject}：{g.label}\t{g.detail}")
    complete = [s.village for s in report.summaries if s.total == 0]
    if complete and not filtered:
        print("无缺项：" + "、".join(complete))


def parse_steps(pairs: list[str]) -> dict[StepSection, list[str]]:
    """``--step 段落:文本`` pairs as the ordered texts of each section named (``段落:`` clears)."""
    out: dict[StepSection, list[str]] = {}
    for pair in pairs:
        colon = min((i for i in (pair.find(":"), pair.find("：")) if i >= 0), default=-1)
        if colon < 0:
            raise ValidationError(
                "step", f"“{pair}”不对：请写成 段落:文本，例如 人员转移:网格员逐户通知。"
            )
        section = step_section(pair[:colon])
        texts = out.setdefault(section, [])
        if pair[colon + 1 :].strip():
            texts.append(pair[colon + 1 :].strip())
    return out


def parse_fields(pairs: list[str]) -> dict[str, str]:
    """``--set 字段=值`` pairs of the content fields."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        name = CONTENT_FIELDS.get(key.strip())
        if not sep or name is None:
            names = "、".join(CONTENT_LABELS.values())
            raise ValidationError("set", f"“{pair}”不对：请写成 字段=值，字段可为 {names}。")
        out[name] = text.strip()
    return out


def content_json(village: str, content: PlanContent) -> dict[str, Any]:
    """The content of one item as an object with stable keys."""
    v = content.version
    attachment = (
        {"file": v.attachment, "name": v.attachment_name, "sha256": v.attachment_sha256}
        if v.attachment
        else None
    )
    return {
        "village": village, "kind": content.kind.value, "version": v.version,
        "status": v.status.value,
        "fields": {name: getattr(v, name) for name in CONTENT_LABELS},
        "steps": {section.value: list(texts) for section, texts in content.steps.items()},
        "attachment": attachment,
    }  # fmt: skip


def print_content(village: str, content: PlanContent) -> None:
    """The content of one item, readable."""
    v = content.version
    print(f"{village} {content.kind}预案 {v.version}（{v.status}）")
    for name, label in CONTENT_LABELS.items():
        print(f"{label}：{getattr(v, name) or '（未填写）'}")
    for section, texts in content.steps.items():
        print(f"【{section}】" + ("" if texts else "（无步骤）"))
        for i, text in enumerate(texts, start=1):
            print(f"  {i}. {text}")
    if v.attachment:
        print(f"预案文档：{v.attachment_name}（SHA-256 {v.attachment_sha256[:12]}…）")
    else:
        print("预案文档：（未附加）")
