"""五到位 computed from a hazard's fields, and the 重大 acts that need the 判定依据 (issue 9, 8/12)."""

from __future__ import annotations

from datetime import date

import pytest

from safetydesk.domain.hazards import FIVE_IN_PLACE, Hazard, HazardLevel
from safetydesk.domain.major_hazards import (
    FIVE_ITEMS,
    MajorAct,
    act_problem,
    basis_missing,
    basis_text,
    check_act,
    five_in_place,
    five_text,
)
from safetydesk.errors import InvalidTransition

#: A 重大 hazard with all of its 五到位.
FULL = Hazard(
    id=7, code="润-2026-0007", level=HazardLevel.MAJOR, basis="判定标准 第三条",
    responsible_person="张丽", measures="加装锁气卸灰装置", funds=2.5, due_on=date(2026, 12, 31),
    emergency_plan="整改期间停用除尘系统，专人看护",
)  # fmt: skip


def test_the_items_follow_the_official_order() -> None:
    assert tuple(i.name for i in FIVE_ITEMS) == FIVE_IN_PLACE == ("责任", "措施", "资金", "时限", "预案")


@pytest.mark.parametrize(
    ("change", "missing"),
    [
        ({"responsible_person": " "}, "责任"),
        ({"measures": ""}, "措施"),
        ({"funds": None}, "资金"),
        ({"funds": 0.0}, "资金"),  # 资金到位 needs an amount, not a tick
        ({"due_on": None}, "时限"),
        ({"emergency_plan": "\n"}, "预案"),
    ],
)
def test_each_item_is_read_from_its_field(change: dict[str, object], missing: str) -> None:
    assert all(five_in_place(FULL).values())
    h = Hazard(**{**_fields(FULL), **change})
    status = five_in_place(h)
    assert [name for name, ok in status.items() if not ok] == [missing]
    assert f"✗{missing}" in five_text(h) and five_text(h).count("✓") == 4
    problem = act_problem(h, MajorAct.LIST)
    assert problem is not None and f"缺{missing}），不能挂牌督办" in problem
    assert "safetydesk hazard edit 7 --set " in problem
    assert act_problem(h, MajorAct.CLOSE) is None  # 销号 needs the basis only


def test_messages_name_every_missing_item_and_its_field() -> None:
    h = Hazard(id=3, code="润-2026-0003", level=HazardLevel.MAJOR, basis="x", measures="m")
    with pytest.raises(InvalidTransition) as err:
        check_act(h, MajorAct.ACCEPT)
    text = str(err.value)
    assert "重大隐患润-2026-0003的“五到位”未落实（缺责任、资金、时限、预案），不能验收" in text
    for field in ("responsible_person", "funds", "due_on", "emergency_plan"):
        assert f"--set {field}=" in text
    assert "--set measures=" not in text


def test_a_missing_basis_comes_first_and_blocks_all_three_acts() -> None:
    pending = Hazard(**{**_fields(FULL), "basis": "", "basis_pending": True})
    assert basis_missing(pending) and basis_text(pending) == "待补录"
    for act in MajorAct:
        problem = act_problem(pending, act)
        assert problem is not None
        assert f"判定依据待补录，须先录入判定依据才能{act}" in problem
        assert "safetydesk hazard edit 7 --set basis=" in problem
    assert basis_text(FULL) == "判定标准 第三条" and not basis_missing(FULL)
    for act in MajorAct:
        check_act(FULL, act)  # nothing missing: no refusal


def test_ordinary_hazards_are_never_refused() -> None:
    h = Hazard(level=HazardLevel.ORDINARY)
    assert not basis_missing(h) and basis_text(h) == ""
    assert all(act_problem(h, act) is None for act in MajorAct)


def _fields(h: Hazard) -> dict[str, object]:
    return {f: getattr(h, f) for f in h.__dataclass_fields__}
