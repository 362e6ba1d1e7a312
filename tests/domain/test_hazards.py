"""The hazard state machine: every legal transition, and the refused ones with their reasons."""

from __future__ import annotations

from datetime import date

import pytest

from safetydesk.domain.hazards import (
    TRANSITIONS,
    HazardAction,
    HazardLevel,
    HazardState,
    allowed_actions,
    is_overdue,
    next_state,
)
from safetydesk.errors import InvalidTransition

S, A, L = HazardState, HazardAction, HazardLevel


@pytest.mark.parametrize(("state", "action"), list(TRANSITIONS))
def test_every_listed_transition_is_legal_for_a_major_hazard_where_it_applies(
    state: HazardState, action: HazardAction
) -> None:
    accepted = action is A.CLOSE
    assert next_state(state, action, L.MAJOR, accepted=accepted) == TRANSITIONS[(state, action)]


def test_the_normal_loop() -> None:
    s = S.REGISTERED
    for action, expected in (
        (A.ISSUE_NOTICE, S.RECTIFYING),
        (A.RECEIPT, S.AWAITING_RECHECK),
        (A.RECHECK_FAIL, S.RECTIFYING),
        (A.EXTEND, S.RECTIFYING),
        (A.RECEIPT, S.AWAITING_RECHECK),
        (A.RECHECK_PASS, S.RECHECK_PASSED),
        (A.CLOSE, S.CLOSED),
    ):
        s = next_state(s, action, L.ORDINARY)
        assert s is expected


def test_on_the_spot() -> None:
    assert next_state(S.REGISTERED, A.ON_SPOT, L.ORDINARY) is S.RECHECK_PASSED


def test_major_needs_acceptance_before_close() -> None:
    assert A.CLOSE not in allowed_actions(S.RECHECK_PASSED, L.MAJOR)
    assert A.ACCEPT in allowed_actions(S.RECHECK_PASSED, L.MAJOR)
    with pytest.raises(InvalidTransition, match="验收"):
        next_state(S.RECHECK_PASSED, A.CLOSE, L.MAJOR)
    assert next_state(S.RECHECK_PASSED, A.CLOSE, L.MAJOR, accepted=True) is S.CLOSED
    assert A.ACCEPT not in allowed_actions(S.RECHECK_PASSED, L.MAJOR, accepted=True)
    with pytest.raises(InvalidTransition, match="只有重大隐患"):
        next_state(S.RECHECK_PASSED, A.ACCEPT, L.ORDINARY)


def test_close_without_recheck_refused() -> None:
    for state in (S.REGISTERED, S.RECTIFYING, S.AWAITING_RECHECK):
        with pytest.raises(InvalidTransition, match="复查合格后才能销号"):
            next_state(state, A.CLOSE, L.ORDINARY)


@pytest.mark.parametrize("state", [S.CLOSED, S.TRANSFERRED, S.CANCELLED])
def test_terminal_states_allow_nothing(state: HazardState) -> None:
    assert allowed_actions(state, L.MAJOR, accepted=True) == []
    for action in A:
        with pytest.raises(InvalidTransition):
            next_state(state, action, L.MAJOR, accepted=True)


def test_every_illegal_pair_is_refused() -> None:
    for state in S:
        for action in A:
            legal = action in allowed_actions(state, L.ORDINARY)
            if not legal:
                with pytest.raises(InvalidTransition):
                    next_state(state, action, L.ORDINARY)


def test_overdue_flag() -> None:
    today = date(2026, 11, 23)
    assert is_overdue(S.RECTIFYING, date(2026, 11, 22), today)
    assert not is_overdue(S.RECTIFYING, date(2026, 11, 23), today)
    assert not is_overdue(S.RECHECK_PASSED, date(2026, 1, 1), today)
    assert not is_overdue(S.REGISTERED, None, today)
