"""一制四案 rules (B §1.5, DOMAIN.md A8) with an injected "today"."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from safetydesk.domain.plans import (
    PlanKind,
    PlanStatus,
    PlanVersion,
    Shelter,
    changed_state,
    check_shelter,
    check_transition,
    current_status,
    default_next_revision,
    new_version_from,
)
from safetydesk.errors import InvalidTransition, ValidationErrors

TODAY = date(2026, 12, 3)
DRAFT = PlanVersion(id=1, plan_id=1, version="2026年版", drafted_on=date(2026, 3, 1))


def test_effective_needs_adoption_and_review_dates() -> None:
    submitted = changed_state(DRAFT, PlanStatus.SUBMITTED, TODAY, kind=PlanKind.FLOOD)
    with pytest.raises(ValidationErrors) as exc:
        changed_state(submitted, PlanStatus.EFFECTIVE, TODAY, kind=PlanKind.FLOOD)
    assert "审议日期和审核日期" in exc.value.errors["status"]
    dated = replace(submitted, adopted_on=date(2026, 3, 5), reviewed_on=date(2026, 3, 10))
    effective = changed_state(dated, PlanStatus.EFFECTIVE, TODAY, kind=PlanKind.FLOOD)
    assert effective.status is PlanStatus.EFFECTIVE
    assert effective.effective_on == TODAY
    assert effective.next_revision_on == date(2027, 5, 31)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (PlanStatus.DRAFT, PlanStatus.EFFECTIVE),
        (PlanStatus.EFFECTIVE, PlanStatus.DRAFT),
        (PlanStatus.NEEDS_REVISION, PlanStatus.DRAFT),
        (PlanStatus.RETIRED, PlanStatus.EFFECTIVE),
        (PlanStatus.MISSING, PlanStatus.SUBMITTED),
    ],
)
def test_disallowed_transitions_are_refused_in_chinese(
    current: PlanStatus, target: PlanStatus
) -> None:
    with pytest.raises(InvalidTransition, match="预案"):
        check_transition(current, target)


def test_allowed_transitions() -> None:
    for current, target in [
        (PlanStatus.DRAFT, PlanStatus.SUBMITTED),
        (PlanStatus.SUBMITTED, PlanStatus.DRAFT),
        (PlanStatus.SUBMITTED, PlanStatus.EFFECTIVE),
        (PlanStatus.EFFECTIVE, PlanStatus.NEEDS_REVISION),
        (PlanStatus.EFFECTIVE, PlanStatus.RETIRED),
    ]:
        check_transition(current, target)


def test_effective_plan_past_its_revision_date_needs_revision() -> None:
    plan = replace(
        DRAFT, status=PlanStatus.EFFECTIVE, adopted_on=date(2026, 3, 5),
        reviewed_on=date(2026, 3, 10), effective_on=date(2026, 3, 10),
        next_revision_on=date(2026, 5, 31),
    )  # fmt: skip
    assert current_status(plan, date(2026, 5, 31)) == (PlanStatus.EFFECTIVE, "")
    status, reason = current_status(plan, date(2026, 6, 1))
    assert status is PlanStatus.NEEDS_REVISION
    assert "2026-05-31" in reason
    assert current_status(None, TODAY) == (PlanStatus.MISSING, "")
    # By hand, 需修订 needs a reason.
    with pytest.raises(ValidationErrors) as exc:
        changed_state(plan, PlanStatus.NEEDS_REVISION, TODAY, kind=PlanKind.FLOOD)
    assert "原因" in exc.value.errors["revision_reason"]
    moved = changed_state(
        plan, PlanStatus.NEEDS_REVISION, TODAY, kind=PlanKind.FLOOD, reason="包保人调整"
    )
    assert current_status(moved, TODAY) == (PlanStatus.NEEDS_REVISION, "包保人调整")


def test_default_revision_dates_follow_a8() -> None:
    on = date(2026, 4, 10)
    assert default_next_revision(PlanKind.FLOOD, on) == date(2027, 5, 31)
    assert default_next_revision(PlanKind.GEOLOGICAL, on) == date(2027, 5, 31)
    assert default_next_revision(PlanKind.RESPONSIBILITY, on) == date(2027, 5, 31)
    assert default_next_revision(PlanKind.FIRE, on) == date(2027, 10, 1)
    assert default_next_revision(PlanKind.EARTHQUAKE, on) == date(2027, 4, 10)
    assert default_next_revision(PlanKind.EARTHQUAKE, date(2028, 2, 29)) == date(2029, 2, 28)


def test_dates_before_drafting_are_refused() -> None:
    bad = replace(DRAFT, adopted_on=date(2026, 2, 1))
    with pytest.raises(ValidationErrors) as exc:
        changed_state(bad, PlanStatus.SUBMITTED, TODAY, kind=PlanKind.FIRE)
    assert "不能早于编制日期" in exc.value.errors["adopted_on"]


def test_new_version_copies_the_last_one_as_a_draft() -> None:
    last = replace(DRAFT, status=PlanStatus.EFFECTIVE, reviewed_by="陈卫东", notes="按县模板",
                   attachment="plans/1.pdf", effective_on=date(2026, 3, 10))  # fmt: skip
    new = new_version_from(last, 1, "2027年版", date(2027, 3, 1))
    assert (new.status, new.version, new.reviewed_by, new.notes, new.attachment) == (
        PlanStatus.DRAFT, "2027年版", "陈卫东", "按县模板", "plans/1.pdf",
    )  # fmt: skip
    assert new.effective_on is None and new.id is None


def test_shelter_checks() -> None:
    check_shelter(Shelter(None, 1, "上伏村广场", "上伏村委会前", 300, manager_phone="13800001012"))
    with pytest.raises(ValidationErrors) as exc:
        check_shelter(Shelter(None, None, " ", "", 0, area=-1, manager_phone="电话号码"))
    assert set(exc.value.errors) == {"name", "place", "capacity", "area", "manager_phone"}
    assert "大于 0" in exc.value.errors["capacity"]
