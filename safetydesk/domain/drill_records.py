"""The parts of a drill record beside its row: findings, attachments, the timeline (B §2.4).

A :class:`DrillFinding` is one 存在问题 with its 改进措施, 责任人 and 期限; a problem can become a
hazard (``hazard_id``, the hazard's ``drill_id`` names the drill back). A :class:`DrillAttachment`
is a photo, the sign-in sheet or another file of the drill, copied into the data folder. The
timeline (演练过程) is stored as the record's text, one step per line (``09:05 发出预警``);
:func:`timeline_steps` reads it as steps and :func:`timeline_text` writes them back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from safetydesk.errors import ValidationErrors


@dataclass(frozen=True, slots=True, kw_only=True)
class DrillFinding:
    """存在问题 / 改进措施 / 责任人 / 期限 of one drill; ``seq`` numbers them from 1."""

    id: int | None = None
    drill_id: int = 0
    seq: int = 0
    problem: str
    action: str = ""
    responsible: str = ""
    due_on: date | None = None
    hazard_id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


def finding_errors(findings: Sequence[DrillFinding], held_on: date) -> dict[str, str]:
    """Field → message of what is wrong with a drill's findings (keys ``findings.N``)."""
    errors: dict[str, str] = {}
    for n, f in enumerate(findings, 1):
        key = f"findings.{n}"
        if not f.problem.strip():
            errors[key] = f"第{n}个问题没有填写问题内容（不需要的行请删除）。"
        elif f.due_on is not None and f.due_on < held_on:
            errors[key] = (
                f"第{n}个问题的整改期限 {f.due_on.isoformat()} 早于演练日期 {held_on.isoformat()}。"
            )
        elif (f.responsible.strip() or f.due_on is not None) and not f.action.strip():
            errors[key] = f"第{n}个问题写了责任人或期限，但没有写改进措施。"
    return errors


def check_findings(findings: Sequence[DrillFinding], held_on: date) -> tuple[DrillFinding, ...]:
    """``findings`` trimmed and numbered 1…n, or every problem at once.

    Raises:
        ValidationErrors: An empty problem, a deadline before the drill, a 责任人 or 期限 without
            a measure.
    """
    errors = finding_errors(findings, held_on)
    if errors:
        raise ValidationErrors(errors)
    return tuple(
        replace(f, seq=n, problem=f.problem.strip(), action=f.action.strip(),
                responsible=f.responsible.strip())
        for n, f in enumerate(findings, 1)
    )  # fmt: skip


class AttachmentKind(StrEnum):
    """What a file of a drill is."""

    PHOTO = "照片"
    SIGN_IN = "签到表"
    OTHER = "其他材料"


@dataclass(frozen=True, slots=True, kw_only=True)
class DrillAttachment:
    """One file of a drill; ``file`` is relative to the attachments folder and unique."""

    id: int | None = None
    drill_id: int
    kind: AttachmentKind = AttachmentKind.PHOTO
    file: str
    original_name: str = ""
    sha256: str = ""
    taken_on: date | None = None
    note: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class TimelineStep:
    """One step of 演练过程: a time (``HH:MM`` or empty) and what happened."""

    time: str
    action: str


_STEP = re.compile(r"^\s*(?P<time>([01]?\d|2[0-3])[:：][0-5]\d)\s*(?P<action>.*)$")


def timeline_steps(text: str) -> list[TimelineStep]:
    """The steps of a stored timeline: one per non-empty line, a leading ``H:MM`` read as time."""
    out: list[TimelineStep] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        m = _STEP.match(line)
        if m:
            hh, mm = re.split("[:：]", m["time"])
            out.append(TimelineStep(f"{int(hh):02d}:{mm}", m["action"].strip()))
        else:
            out.append(TimelineStep("", line.strip()))
    return out


def timeline_text(steps: Iterable[TimelineStep]) -> str:
    """The stored text of ``steps`` (empty actions dropped)."""
    lines = [f"{s.time} {s.action.strip()}".strip() for s in steps if s.action.strip()]
    return "\n".join(lines)


def timeline_errors(steps: Sequence[TimelineStep], start: str = "", end: str = "") -> list[str]:
    """Messages for steps out of order or outside the drill's start and end (``HH:MM``)."""
    problems: list[str] = []
    last = ""
    for n, s in enumerate(steps, 1):
        if not s.time:
            continue
        if last and s.time < last:
            problems.append(f"演练过程第{n}步的时间 {s.time} 早于上一步 {last}。")
        if start and s.time < start:
            problems.append(f"演练过程第{n}步的时间 {s.time} 早于开始时间 {start}。")
        if end and s.time > end:
            problems.append(f"演练过程第{n}步的时间 {s.time} 晚于结束时间 {end}。")
        last = s.time
    return problems
