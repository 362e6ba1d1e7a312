"""Register use cases on a real SQLite file: save, duplicates, archive/restore, search."""

from __future__ import annotations

import dataclasses

import pytest

from safetydesk.domain.common import Person, PersonRole, Unit, UnitType, Village, VillageKind
from safetydesk.domain.queries import ArchiveFilter, ListQuery
from safetydesk.errors import ConflictError, NotFoundError, ValidationErrors
from safetydesk.services import Workspace
from safetydesk.services.changes import Topic


def test_save_normalises_and_reports_changes(ws: Workspace, village: Village) -> None:
    saved = ws.units.save(
        Unit(
            name="  示例加油站 ",
            type=UnitType.CHEMICALS,
            village_id=village.id,
            uscc="91110000600037341l",
            contact_phone="138 0000 1234",
        )
    )
    assert saved.record.name == "示例加油站"
    assert saved.record.uscc == "91110000600037341L"
    assert saved.record.contact_phone == "13800001234"
    assert saved.changes.touches(Topic.UNITS)
    assert saved.record.id in saved.changes.ids
    assert ws.units.get(saved.record.id) == saved.record


def test_invalid_unit_writes_nothing(ws: Workspace, village: Village) -> None:
    with pytest.raises(ValidationErrors) as err:
        ws.units.save(Unit(name="x", village_id=village.id, uscc="91110000600037341X"))
    assert "uscc" in err.value.errors
    assert ws.units.count() == 0


def test_subtype_cleared_unless_nine_small(ws: Workspace, village: Village) -> None:
    u = ws.units.save(
        Unit(name="示例厂", type=UnitType.INDUSTRY, subtype="小饭店", village_id=village.id)
    ).record
    assert u.subtype == ""


def test_duplicates_refused(ws: Workspace, village: Village, unit: Unit) -> None:
    with pytest.raises(ValidationErrors) as err:
        ws.villages.save(Village(name="润城村"))
    assert "已有" in err.value.errors["name"]
    with pytest.raises(ValidationErrors) as err:
        ws.units.save(dataclasses.replace(unit, id=None))
    assert "name" in err.value.errors
    code = "91110000600037341L"
    ws.units.save(dataclasses.replace(unit, uscc=code))
    with pytest.raises(ValidationErrors) as err:
        ws.units.save(Unit(name="另一家", village_id=village.id, uscc=code))
    assert unit.name in err.value.errors["uscc"]


def test_unknown_village_refused(ws: Workspace) -> None:
    with pytest.raises(ValidationErrors) as err:
        ws.units.save(Unit(name="x", village_id=999))
    assert "不存在" in err.value.errors["village_id"]


def test_update_keeps_created_at(ws: Workspace, unit: Unit) -> None:
    changed = ws.units.save(dataclasses.replace(unit, address="润城大街1号")).record
    assert changed.created_at == unit.created_at
    assert ws.units.get(unit.id).address == "润城大街1号"


def test_archive_and_restore(ws: Workspace, village: Village, unit: Unit) -> None:
    with pytest.raises(ConflictError, match="在册单位场所"):
        ws.villages.archive(village.id)
    ws.units.archive(unit.id)
    assert ws.units.list_ids() == []
    assert ws.units.list_ids(ListQuery(archive=ArchiveFilter.ARCHIVED)) == [unit.id]
    assert ws.units.get(unit.id).archived
    ws.villages.archive(village.id)
    # A new village may take the archived one's name; restoring the old one is then refused.
    ws.villages.save(Village(name="润城村"))
    with pytest.raises(ValidationErrors):
        ws.villages.restore(village.id)
    ws.units.restore(unit.id)
    assert ws.units.list_ids() == [unit.id]


def test_units_of_archived_village_stay_readable(ws: Workspace, village: Village) -> None:
    v2 = ws.villages.save(Village(name="刘善村")).record
    u = ws.units.save(Unit(name="示例店", village_id=v2.id)).record
    ws.units.archive(u.id)
    ws.villages.archive(v2.id)
    assert ws.villages.names()[v2.id] == "刘善村"
    with pytest.raises(ValidationErrors) as err:
        ws.units.save(Unit(name="新店", village_id=v2.id))
    assert "已归档" in err.value.errors["village_id"]


def test_get_missing(ws: Workspace) -> None:
    with pytest.raises(NotFoundError, match="找不到"):
        ws.units.get(42)


def test_search_any_length_and_filters(ws: Workspace, village: Village) -> None:
    v2 = ws.villages.save(Village(name="洎水新城社区", kind=VillageKind.COMMUNITY)).record
    a = ws.units.save(
        Unit(name="示例消防器材店", type=UnitType.OTHER, village_id=village.id, risk="A")
    ).record
    b = ws.units.save(
        Unit(name="示例饭店", type=UnitType.NINE_SMALL, subtype="小饭店", village_id=v2.id,
             uscc="91110000600037341L", risk="C")
    ).record
    assert ws.units.list_ids(ListQuery(text="消防")) == [a.id]
    assert ws.units.list_ids(ListQuery(text="店")) == sorted([a.id, b.id], key=lambda i: ws.units.get(i).name)
    assert ws.units.list_ids(ListQuery(text="饭")) == [b.id]
    assert ws.units.list_ids(ListQuery(text="店饭")) == []  # phrase, not bag of characters
    assert ws.units.list_ids(ListQuery(text="9111")) == [b.id]  # Latin prefix
    assert ws.units.list_ids(ListQuery(text="示例 小饭店")) == [b.id]  # all terms
    assert ws.units.list_ids(ListQuery(text="！！")) == []
    assert ws.units.list_ids(ListQuery(village_id=v2.id)) == [b.id]
    assert ws.units.list_ids(ListQuery(risk="A")) == [a.id]
    assert ws.units.list_ids(ListQuery(type="九小场所")) == [b.id]
    # The index follows edits.
    ws.units.save(dataclasses.replace(ws.units.get(a.id), name="示例五金店"))
    assert ws.units.list_ids(ListQuery(text="消防")) == []
    assert ws.units.list_ids(ListQuery(text="五金")) == [a.id]


def test_sorting_in_sql(ws: Workspace, village: Village) -> None:
    for name, risk in (("乙店", "B"), ("甲店", ""), ("丙店", "A")):
        ws.units.save(Unit(name=name, village_id=village.id, risk=risk))
    by_risk = [ws.units.get(i).name for i in ws.units.list_ids(ListQuery(order_by="risk"))]
    assert by_risk == ["丙店", "乙店", "甲店"]  # A, B, then unrated last
    desc = ws.units.list_ids(ListQuery(order_by="risk", descending=True))
    assert [ws.units.get(i).name for i in desc] == ["甲店", "乙店", "丙店"]


def test_people(ws: Workspace, village: Village) -> None:
    p = ws.people.save(
        Person(name="王建国", role=PersonRole.INSPECTOR, mobile="13800001234", cert_no="14052210001a")
    ).record
    assert p.cert_no == "14052210001A" and p.is_enforcer
    assert ws.people.list_ids(ListQuery(role="检查人员")) == [p.id]
    with pytest.raises(ValidationErrors) as err:
        ws.people.save(Person(name="李四", mobile="1380000"))
    assert "mobile" in err.value.errors


def test_settings(ws: Workspace) -> None:
    t = ws.settings.township()
    assert (t.name, t.county, t.short_name) == ("润城镇", "阳城县", "润")
    assert t.office_name == "润城镇安全生产委员会办公室"
    with pytest.raises(ValidationErrors) as err:
        ws.settings.update(township_name="润城", short_name="润城镇安全办", office_phone="12")
    assert set(err.value.errors) == {"township_name", "short_name", "office_phone"}
    assert ws.settings.township().name == "润城镇"  # nothing stored
    ws.settings.update(risk_scheme="红橙黄蓝")
    assert ws.settings.get("risk_scheme") == "红橙黄蓝"


def test_data_survives_reopen(db_file, ws: Workspace, unit: Unit) -> None:  # noqa: ANN001
    ws.close()
    again = Workspace.open(db_file)
    assert again.units.get(unit.id).name == unit.name
    assert again.settings.is_initialized
    again.close()


def test_count_by_type_skips_archived(ws: Workspace, village: Village) -> None:
    a = ws.units.save(Unit(name="甲", type=UnitType.INDUSTRY, village_id=village.id)).record
    ws.units.save(Unit(name="乙", type=UnitType.INDUSTRY, village_id=village.id))
    ws.units.save(Unit(name="丙", type=UnitType.NINE_SMALL, subtype="小饭店", village_id=village.id))
    ws.units.archive(a.id)
    assert ws.units.count_by_type() == {"工贸企业": 1, "九小场所": 1}
