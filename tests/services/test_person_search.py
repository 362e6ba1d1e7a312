"""The people pickers' search on a real SQLite file: any part of a name, by name, limited."""

from __future__ import annotations

import dataclasses

import pytest

from safetydesk.domain.common import Person, PersonRole
from safetydesk.services import Workspace


@pytest.fixture
def people(ws: Workspace) -> dict[str, Person]:
    made = {}
    for name, role, organisation, cert_no in (
        ("王芳", PersonRole.TOWNSHIP_OFFICIAL, "润城镇人民政府", ""),
        ("王建国", PersonRole.INSPECTOR, "润城镇综合行政执法队", "14050012"),
        ("李明", PersonRole.INSPECTOR, "润城镇应急管理办公室", ""),
        ("赵刚", PersonRole.INSPECTOR, "润城镇综合行政执法队", "14050013"),
        ("张王氏", PersonRole.VILLAGE_CADRE, "", ""),
        ("Tom 王", PersonRole.OTHER, "王庄村", ""),  # "王" also in the organisation
    ):
        p = Person(name=name, role=role, organisation=organisation, cert_no=cert_no)
        made[name] = ws.people.save(p).record
    return made


def names(rows: list[tuple[int, str, str, str, str]]) -> list[str]:
    return [r[1] for r in rows]


def test_any_part_of_the_name_matches(ws: Workspace, people: dict) -> None:
    assert names(ws.people.search_names("王")) == ["Tom 王", "张王氏", "王建国", "王芳"]
    assert names(ws.people.search_names("建国")) == ["王建国"]
    assert names(ws.people.search_names("王 氏")) == ["张王氏"]  # every word
    assert names(ws.people.search_names("tom")) == ["Tom 王"]  # Latin, any case
    assert ws.people.search_names("镇人民政府") == []  # the organisation is not a name
    assert ws.people.search_names("村干部") == []  # nor the role
    assert ws.people.search_names("没有") == []
    assert ws.people.search_names("（）") == []  # nothing searchable
    assert ws.people.search_names("%") == []  # % is not a wildcard


def test_a_cert_number_start_finds_its_holder(ws: Workspace, people: dict) -> None:
    assert names(ws.people.search_names("1405")) == ["王建国", "赵刚"]
    assert names(ws.people.search_names("14050013")) == ["赵刚"]


def test_rows_carry_role_organisation_and_cert(ws: Workspace, people: dict) -> None:
    wang = people["王建国"]
    assert ws.people.search_names("王建国") == [
        (wang.id, "王建国", "检查人员", "润城镇综合行政执法队", "14050012")
    ]
    assert ws.people.search_names("张王氏")[0][2:] == ("村干部", "", "")


def test_order_limit_and_enforcers_first(ws: Workspace, people: dict) -> None:
    everyone = names(ws.people.search_names(""))
    assert everyone == sorted(p.name for p in people.values())
    assert names(ws.people.search_names("", limit=2)) == everyone[:2]
    assert names(ws.people.search_names("王", limit=1)) == ["Tom 王"]
    # Holders of a 执法证号 first, then the others; each by name.
    assert names(ws.people.search_names("", enforcers_first=True)) == [
        "王建国", "赵刚", "Tom 王", "张王氏", "李明", "王芳",
    ]  # fmt: skip
    assert names(ws.people.search_names("", limit=3, enforcers_first=True)) == [
        "王建国", "赵刚", "Tom 王",
    ]  # fmt: skip
    assert names(ws.people.search_names("王", enforcers_first=True)) == [
        "王建国", "Tom 王", "张王氏", "王芳",
    ]  # fmt: skip
    assert names(ws.people.search_names("", limit=1, enforcers_first=True)) == ["王建国"]
    assert ws.people.search_names("", limit=0) == []


def test_archived_people_are_not_offered(ws: Workspace, people: dict) -> None:
    ws.people.archive(people["王芳"].id)
    assert "王芳" not in names(ws.people.search_names(""))
    assert ws.people.search_names("王芳") == []
    assert "王芳" not in names(ws.people.search_names("", enforcers_first=True))


def test_renamed_person_is_found_by_the_new_name(ws: Workspace, people: dict) -> None:
    ws.people.save(dataclasses.replace(people["李明"], name="李晓明"))
    assert names(ws.people.search_names("晓")) == ["李晓明"]
    assert names(ws.people.search_names("李")) == ["李晓明"]


def test_at_most_the_limit_of_a_large_register(ws: Workspace) -> None:
    with ws.db.atomic():
        for i in range(120):
            ws.people.store.insert(Person(name=f"示例人员{i:03d}", role=PersonRole.GRID_WORKER))
    rows = ws.people.search_names("人员")
    assert len(rows) == 50 and names(rows)[:2] == ["示例人员000", "示例人员001"]
    assert len(ws.people.search_names("")) == 50
    assert names(ws.people.search_names("人员 119")) == ["示例人员119"]
