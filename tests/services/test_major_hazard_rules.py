"""Rules that protect the officer on the real service and SQLite file (issue 9, points 8, 12, 13):
挂牌督办 and 验收 of a 重大 hazard need its 五到位 (computed from fields), the 判定依据 of a
manual 重大 hazard cannot wait, and one phone rule for add, edit and the ledger import."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from safetydesk.domain.common import Unit
from safetydesk.domain.hazards import EventDetails, Hazard, HazardAction, HazardLevel, HazardState
from safetydesk.domain.schedule import DeadlineKind
from safetydesk.domain.validation import check_phone
from safetydesk.errors import InvalidTransition, ValidationErrors
from safetydesk.services import Workspace

A, S = HazardAction, HazardState
D = date(2026, 11, 2)
ACCEPT = EventDetails(accepted_unit="阳城县应急管理局", accepted_by="县局验收组")


def major(ws: Workspace, unit: Unit, **kw: Any) -> Hazard:
    base: dict[str, Any] = dict(
        unit_id=unit.id, description="在地下室使用瓶装液化石油气", measures="改用管道天然气",
        found_on=D, found_by="王建国", deadline_kind=DeadlineKind.CALENDAR_DAYS, deadline_days=30,
        level=HazardLevel.MAJOR, basis="城镇燃气经营安全重大隐患判定标准 第十条",
    )  # fmt: skip
    base.update(kw)
    return ws.hazards.register(Hazard(**base)).record


def test_a_manual_major_hazard_cannot_wait_for_its_basis(ws: Workspace, unit: Unit) -> None:
    with pytest.raises(ValidationErrors) as err:
        major(ws, unit, basis=" ")
    assert set(err.value.errors) == {"basis"}  # the listing rule does not repeat it
    # The mark cannot be set by hand either: register ignores it.
    with pytest.raises(ValidationErrors):
        major(ws, unit, basis="", basis_pending=True)
    h = major(ws, unit, level=HazardLevel.ORDINARY, basis="")
    with pytest.raises(ValidationErrors) as err:  # made 重大 by an edit: the basis is needed
        ws.hazards.update(dataclasses.replace(h, level=HazardLevel.MAJOR))
    assert "判定依据" in err.value.errors["basis"]
    assert ws.hazards.count() == 1


def test_listing_needs_the_five_in_place_and_names_what_is_missing(ws: Workspace, unit: Unit) -> None:
    with pytest.raises(ValidationErrors) as err:
        major(ws, unit, listed_level="县级", listed_body="县安委办", listed_on=D, funds=0.0)
    msg = err.value.errors["listed_level"]
    assert "“五到位”未落实（缺责任、资金、预案），不能挂牌督办" in msg
    assert "--set responsible_person=… --set funds=… --set emergency_plan=…" in msg
    assert ws.hazards.count() == 0
    h = major(ws, unit)  # not listed: nothing more is needed to register it
    listed = dataclasses.replace(h, listed_level="县级", listed_body="县安委办", listed_on=D)
    with pytest.raises(ValidationErrors) as err:
        ws.hazards.update(dataclasses.replace(listed, responsible_person="张丽", funds=3.0))
    assert "缺预案）" in err.value.errors["listed_level"]
    assert not ws.hazards.get(h.id).listed
    done = ws.hazards.update(dataclasses.replace(
        listed, responsible_person="张丽", funds=3.0, emergency_plan="整改期间停止使用地下室"
    )).record  # fmt: skip
    assert done.listed and done.due_on == date(2026, 12, 2)
    # Once listed, other corrections go through (the listing itself is unchanged).
    assert ws.hazards.update(dataclasses.replace(done, notes="已双报告")).record.notes == "已双报告"


def test_acceptance_needs_the_five_in_place_closing_the_basis(ws: Workspace, unit: Unit) -> None:
    h = major(ws, unit, responsible_person="张丽")
    ws.hazards.transition(h.id, A.ON_SPOT, on=D)
    with pytest.raises(InvalidTransition) as err:
        ws.hazards.transition(h.id, A.ACCEPT, on=D, details=ACCEPT)
    assert f"重大隐患{h.code}的“五到位”未落实（缺资金、预案），不能验收" in str(err.value)
    assert f"safetydesk hazard edit {h.id} --set funds=… --set emergency_plan=…" in str(err.value)
    after = ws.hazards.get(h.id)
    assert not after.accepted and [e.action for e in ws.hazards.events(h.id)] == [A.ON_SPOT]
    ws.hazards.update(dataclasses.replace(after, funds=1.2, emergency_plan="停用并设警戒"))
    assert ws.hazards.transition(h.id, A.ACCEPT, on=D, details=ACCEPT).record.accepted
    assert ws.hazards.transition(h.id, A.CLOSE, on=D).record.state is S.CLOSED


def test_an_imported_pending_basis_survives_other_edits_until_entered(ws: Workspace, unit: Unit) -> None:
    imported = ws.hazards.import_history(Hazard(
        unit_id=unit.id, village_id=unit.village_id, description="安全出口被锁闭", measures="开启出口",
        found_on=D, found_by="王建国", level=HazardLevel.MAJOR, basis_pending=True,
        deadline_kind=DeadlineKind.DATE, due_on=date(2026, 11, 30), state=S.REGISTERED,
    ))  # fmt: skip
    assert imported.basis_pending
    kept = ws.hazards.update(dataclasses.replace(imported, responsible_person="张丽")).record
    assert kept.basis_pending and kept.responsible_person == "张丽"
    # Listing it is refused on the basis first.
    with pytest.raises(ValidationErrors) as err:
        ws.hazards.update(dataclasses.replace(kept, listed_level="县级", listed_on=D))
    assert "判定依据待补录，须先录入判定依据才能挂牌督办" in err.value.errors["listed_level"]
    # Making it 一般 clears the mark too.
    ordinary = ws.hazards.update(dataclasses.replace(kept, level=HazardLevel.ORDINARY)).record
    assert not ordinary.basis_pending


BAD_PHONES = ("1234", "12345678901", "0356-123", "138-0000-12a4")
GOOD_PHONES = (("12345", "12345"), ("138 0000 1234", "13800001234"), ("0356－2345678", "0356-2345678"))


def _ledger(path: Path, phones: list[str]) -> Path:
    wb = Workbook()
    sh = wb.active
    sh.append(["检查日期", "检查人员", "单位名称", "隐患描述", "隐患等级", "整改措施", "整改期限", "联系电话"])
    for i, phone in enumerate(phones):
        sh.append(["2026-11-02", "王建国", "示例饭店（虚构）", f"隐患{i}", "一般", "整改", "7日内", phone])
    wb.save(path)
    return path


def test_one_phone_rule_for_add_edit_and_the_ledger_import(
    ws: Workspace, unit: Unit, tmp_path: Path
) -> None:
    """The import's check (check_phone) decides, everywhere: a short service number such as
    12345 is accepted, a number of the wrong length is refused, and the stored form is the
    import's normal form."""
    plan = ws.hazard_imports.plan(_ledger(tmp_path / "bad.xlsx", list(BAD_PHONES)))
    assert [p.row for p in plan.problems if p.column == "联系电话"] == [2, 3, 4, 5]
    h = major(ws, unit, level=HazardLevel.ORDINARY)
    for phone in BAD_PHONES:
        expected = check_phone(phone, label="责任人电话")
        assert expected is not None
        with pytest.raises(ValidationErrors) as err:
            major(ws, unit, level=HazardLevel.ORDINARY, responsible_phone=phone)
        assert err.value.errors == {"responsible_phone": expected}
        with pytest.raises(ValidationErrors) as err:
            ws.hazards.update(dataclasses.replace(h, responsible_phone=phone))
        assert err.value.errors == {"responsible_phone": expected}
        with pytest.raises(ValidationErrors) as err:  # the unit register: same function
            ws.units.save(dataclasses.replace(unit, contact_phone=phone))
        assert "格式不对" in err.value.errors["contact_phone"]
    plan = ws.hazard_imports.plan(_ledger(tmp_path / "good.xlsx", [p for p, _ in GOOD_PHONES]))
    assert plan.ok, plan.problems
    assert [r.hazard.responsible_phone for r in plan.records] == [n for _, n in GOOD_PHONES]
    for phone, normal in GOOD_PHONES:
        assert major(ws, unit, level=HazardLevel.ORDINARY, responsible_phone=phone).responsible_phone == normal
        assert ws.hazards.update(dataclasses.replace(h, responsible_phone=phone)).record.responsible_phone == normal
        assert ws.units.save(dataclasses.replace(unit, contact_phone=phone)).record.contact_phone == normal
