"""Field checks of the registers: USCC, phones, 区划代码, required fields."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc

from safetydesk.domain.common import Person, Unit, UnitType, Village, VillageKind
from safetydesk.domain.validation import (
    check_mobile,
    check_phone,
    check_region_code,
    check_uscc,
    validate_person,
    validate_unit,
    validate_village,
)


@pytest.mark.parametrize("code", ["91110000600037341L", "91140522MA0K1B2C3X"[:17] + "0", ""])
def test_uscc_accepts_valid_and_empty(code: str) -> None:
    if code and not stdnum_uscc.is_valid(code):
        code = code[:17] + stdnum_uscc.calc_check_digit(code[:17])
    assert check_uscc(code) is None
    assert check_uscc(code.lower()) is None  # case is normalised


def test_uscc_of_rural_collective_starting_with_n() -> None:
    """农村集体经济组织 codes start with N; they are valid."""
    body = "N2140522MF0A1B2C3"
    assert check_uscc(body + stdnum_uscc.calc_check_digit(body)) is None


def test_uscc_wrong_check_digit_names_the_fix() -> None:
    msg = check_uscc("91110000600037341X")
    assert msg is not None and "校验位" in msg


@pytest.mark.parametrize("code", ["9111000060003734", "91110000600037341LL"])
def test_uscc_wrong_length(code: str) -> None:
    msg = check_uscc(code)
    assert msg is not None and "18 位" in msg


def test_uscc_forbidden_letters() -> None:
    msg = check_uscc("9111000060003734IO")
    assert msg is not None and "字符" in msg


_ALNUM = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@given(
    st.text(alphabet=_ALNUM, min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=_ALNUM, min_size=9, max_size=9),
)
def test_uscc_check_digit_property(head: str, region: str, org: str) -> None:
    """Every code whose last character is the GB 32100 check digit passes; a changed one fails."""
    body = head + region + org
    good = body + stdnum_uscc.calc_check_digit(body)
    assert check_uscc(good) is None
    wrong = "0" if good[-1] != "0" else "1"
    assert check_uscc(good[:-1] + wrong) is not None


@pytest.mark.parametrize("phone", ["13800001234", "138 0000 1234", "19912345678"])
def test_mobile_ok(phone: str) -> None:
    assert check_mobile(phone) is None


@pytest.mark.parametrize(
    ("phone", "fragment"),
    [("1380000123", "10 位"), ("12800001234", "13–19"), ("1380000123a", "非数字")],
)
def test_mobile_bad(phone: str, fragment: str) -> None:
    msg = check_mobile(phone)
    assert msg is not None and fragment in msg


@pytest.mark.parametrize("phone", ["0356-4000001", "03564000001", "4000001", "119", "12119", "13800001234"])
def test_phone_ok(phone: str) -> None:
    assert check_phone(phone) is None


@pytest.mark.parametrize("phone", ["123", "abc", "0356-12", "138000012345", "1380000", "0356-1234567x"])
def test_phone_bad(phone: str) -> None:
    assert check_phone(phone) is not None


def test_region_code_rules() -> None:
    assert check_region_code("140522102200", VillageKind.VILLAGE) is None
    assert check_region_code("140522102001", VillageKind.COMMUNITY) is None
    assert "12 位" in (check_region_code("14052210220", None) or "")
    assert "省级" in (check_region_code("990522102200", None) or "")
    assert "村委会" in (check_region_code("140522102200", VillageKind.COMMUNITY) or "")
    assert "社区的代码" in (check_region_code("140522102001", VillageKind.VILLAGE) or "")
    assert "000" in (check_region_code("140522102000", None) or "")


def test_required_fields() -> None:
    assert "name" in validate_village(Village(name="  "))
    errs = validate_unit(Unit(name="", type=UnitType.NINE_SMALL))
    assert set(errs) >= {"name", "subtype", "village_id"}
    assert "name" in validate_person(Person(name=""))


def test_village_population_not_below_households() -> None:
    errs = validate_village(Village(name="润城村", households=300, population=200))
    assert "population" in errs


def test_unit_bad_risk_and_phone() -> None:
    errs = validate_unit(Unit(name="x", village_id=1, risk="E", contact_phone="12"))
    assert set(errs) == {"risk", "contact_phone"}


def test_phone_message_example_is_itself_valid() -> None:
    """The landline the refusal gives as an example passes the same check."""
    import re

    msg = check_phone("0356-12") or ""
    examples = re.findall(r"\d{3,4}-\d{7,8}|1\d{10}", msg)
    assert examples
    assert all(check_phone(e) is None for e in examples)
