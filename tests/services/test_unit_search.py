"""The unit picker's search on a real SQLite file: any part of a name, by name, limited."""

from __future__ import annotations

import dataclasses

import pytest

from safetydesk.domain.common import Unit, Village
from safetydesk.services import Workspace


@pytest.fixture
def units(ws: Workspace, village: Village) -> dict[str, Unit]:
    east = ws.villages.save(Village(name="东关社区")).record
    made = {}
    for name, village_id, address in (
        ("示例饭店（虚构）", village.id, "润城村中街1号"),
        ("东关示例小饭店", east.id, ""),
        ("示例超市", village.id, "饭店对面"),  # "饭店" only in the address
        ("ABC 示例五金店", east.id, ""),
        ("100%示例加油站", village.id, ""),
    ):
        made[name] = ws.units.save(Unit(name=name, village_id=village_id, address=address)).record
    return made


def names(rows: list[tuple[int, str, str, bool]]) -> list[str]:
    return [r[1] for r in rows]


def test_any_part_of_the_name_matches_on_the_name_only(ws: Workspace, units: dict) -> None:
    assert names(ws.units.search_names("饭店")) == ["东关示例小饭店", "示例饭店（虚构）"]
    assert names(ws.units.search_names("饭")) == ["东关示例小饭店", "示例饭店（虚构）"]
    assert names(ws.units.search_names("示例小饭店")) == ["东关示例小饭店"]
    assert names(ws.units.search_names("饭店 东关")) == ["东关示例小饭店"]  # every word
    assert names(ws.units.search_names("abc")) == ["ABC 示例五金店"]  # Latin, any case
    assert names(ws.units.search_names("没有")) == []
    assert ws.units.search_names("（）") == []  # nothing searchable
    assert names(ws.units.search_names("100%")) == ["100%示例加油站"]
    assert ws.units.search_names("0%示") == []  # % is not a wildcard (and FTS needs "0" word)


def test_rows_carry_the_village_and_come_by_name(
    ws: Workspace, units: dict, village: Village
) -> None:
    rows = ws.units.search_names("")
    assert names(rows) == sorted(u.name for u in units.values())
    shop = units["示例饭店（虚构）"]
    assert (shop.id, shop.name, village.name, False) in rows
    assert ("ABC 示例五金店", "东关社区") in {(r[1], r[2]) for r in rows}


def test_limit(ws: Workspace, village: Village) -> None:
    for i in range(12):
        ws.units.save(Unit(name=f"示例商店{i:02d}", village_id=village.id))
    assert len(ws.units.search_names("")) == 12
    assert names(ws.units.search_names("商店", limit=5)) == [f"示例商店{i:02d}" for i in range(5)]
    assert names(ws.units.search_names("", limit=3)) == ["示例商店00", "示例商店01", "示例商店02"]


def test_archived_only_when_asked(ws: Workspace, units: dict, village: Village) -> None:
    old = units["示例超市"]
    ws.units.archive(old.id)
    assert "示例超市" not in names(ws.units.search_names(""))
    assert ws.units.search_names("超市") == []
    everyone = names(ws.units.search_names("", include_archived=True))
    assert everyone == sorted(u.name for u in units.values())  # merged in name order
    assert names(ws.units.search_names("", limit=2, include_archived=True)) == everyone[:2]
    assert "示例超市" not in names(ws.units.search_names("", limit=50))
    assert ws.units.search_names("超市", include_archived=True) == [
        (old.id, "示例超市", village.name, True)
    ]
    # One unit by id, archived or not (a picker showing an old record's unit).
    assert ws.units.search_names(unit_id=old.id, include_archived=True) == [
        (old.id, "示例超市", village.name, True)
    ]
    assert ws.units.search_names(unit_id=old.id) == []
    assert ws.units.search_names(unit_id=99999, include_archived=True) == []


def test_renamed_unit_is_found_by_its_new_name(ws: Workspace, units: dict) -> None:
    shop = units["示例超市"]
    ws.units.save(dataclasses.replace(shop, name="示例便利店"))
    assert ws.units.search_names("超市") == []
    assert names(ws.units.search_names("便利")) == ["示例便利店"]
