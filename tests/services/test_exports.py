"""Export of the register lists to .xlsx, read back with openpyxl, and imported again."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from openpyxl import load_workbook

from safetydesk.domain.common import Person, PersonRole, Scale, Unit, UnitType, Village, VillageKind
from safetydesk.domain.queries import ListQuery
from safetydesk.errors import Cancelled, SafetyDeskError
from safetydesk.labels import PERSON_FIELDS, UNIT_FIELDS, VILLAGE_FIELDS
from safetydesk.services import Workspace
from safetydesk.services.exports import mask_phone

USCC = "91110000600037341L"


@pytest.fixture
def filled(ws: Workspace, village: Village) -> Workspace:
    """润城村 (+ a community), units with codes and phones, people with mobiles."""
    ws.villages.save(
        dataclasses.replace(
            village,
            households=1200,
            population=3650,
            secretary="张三",
            secretary_phone="13800000001",
        )
    )
    other = ws.villages.save(
        Village(name="城关社区", kind=VillageKind.COMMUNITY, region_code="140522102001",
                director_phone="0356-4000001")
    ).record  # fmt: skip
    ws.units.save(
        Unit(name="示例饭店（虚构）", type=UnitType.NINE_SMALL, subtype="小饭店",
             village_id=village.id, contact_phone="13800000002", risk="A", scale=Scale.BELOW,
             notes="=SUM(A1)")
    )  # fmt: skip
    ws.units.save(
        Unit(name="示例机械厂（虚构）", type=UnitType.INDUSTRY, village_id=other.id, uscc=USCC,
             legal_rep="李四", risk="C", scale=Scale.ABOVE, address="城关东街1号")
    )  # fmt: skip
    ws.people.save(
        Person(name="王五", role=PersonRole.GRID_WORKER, village_id=village.id,
               mobile="13800001234", phone="0356-4001234", cert_no="01405220001")
    )  # fmt: skip
    return ws


def _sheet(path: Path):  # type: ignore[no-untyped-def]
    return load_workbook(path).active


def test_villages_export(filled: Workspace, tmp_path: Path) -> None:
    path = filled.exports.export_list("villages", tmp_path / "v.xlsx")
    sh = _sheet(path)
    assert sh.title == "村(社区)"
    assert sh["A1"].value == f"润城镇村(社区)名录 导出于 {filled.clock():%Y-%m-%d}"
    assert [str(r) for r in sh.merged_cells.ranges] == [
        f"A1:{sh.cell(2, len(VILLAGE_FIELDS)).column_letter}1"
    ]
    assert [c.value for c in sh[2]] == list(VILLAGE_FIELDS.values())
    assert sh.freeze_panes == "A3"
    assert sh.auto_filter.ref.startswith("A2:")
    rows = {r[0].value: r for r in sh.iter_rows(min_row=3)}
    assert set(rows) == {"润城村", "城关社区"}
    col = {label: i for i, label in enumerate(VILLAGE_FIELDS.values())}
    r = rows["润城村"]
    assert r[col["类型"]].value == "村"
    assert (r[col["统计用区划代码"]].value, r[col["统计用区划代码"]].data_type) == (
        "140522102200",
        "s",
    )
    assert r[col["统计用区划代码"]].number_format == "@"
    assert (r[col["户数"]].value, r[col["户数"]].data_type) == (1200, "n")
    assert r[col["书记电话"]].value == "13800000001"  # officials' phones are not masked
    assert rows["城关社区"][col["主任电话"]].value == "0356-4000001"


def test_units_export_values_and_risk_scheme(filled: Workspace, tmp_path: Path) -> None:
    filled.settings.update(risk_scheme="红橙黄蓝")
    sh = _sheet(filled.exports.export_list("units", tmp_path / "u.xlsx"))
    assert sh["A1"].value.startswith("润城镇单位场所名录 导出于")
    assert [c.value for c in sh[2]] == list(UNIT_FIELDS.values())
    col = {label: i for i, label in enumerate(UNIT_FIELDS.values())}
    rows = {r[0].value: r for r in sh.iter_rows(min_row=3)}
    shop, works = rows["示例饭店（虚构）"], rows["示例机械厂（虚构）"]
    keys = ("类型", "九小场所类别", "所属村(社区)", "规模", "风险等级")
    assert [shop[col[k]].value for k in keys] == [
        "九小场所", "小饭店", "润城村", "规下", "红",
    ]  # fmt: skip
    assert (shop[col["联系电话"]].value, shop[col["联系电话"]].data_type) == ("13800000002", "s")
    assert (shop[col["备注"]].value, shop[col["备注"]].data_type) == ("=SUM(A1)", "s")
    assert (works[col["统一社会信用代码"]].value, works[col["统一社会信用代码"]].data_type) == (
        USCC,
        "s",
    )
    assert [works[col[k]].value for k in ("所属村(社区)", "规模", "风险等级")] == [
        "城关社区",
        "规上",
        "黄",
    ]


def test_people_phones_masked_by_default(filled: Workspace, tmp_path: Path) -> None:
    sh = _sheet(filled.exports.export_list("people", tmp_path / "p.xlsx"))
    assert [c.value for c in sh[2]] == list(PERSON_FIELDS.values())
    col = {label: i for i, label in enumerate(PERSON_FIELDS.values())}
    (row,) = sh.iter_rows(min_row=3)
    assert row[col["手机"]].value == "138****1234"
    assert row[col["其他电话"]].value == "035*****1234"
    assert (row[col["执法证号"]].value, row[col["执法证号"]].data_type) == ("01405220001", "s")
    assert (row[col["角色"]].value, row[col["所属村(社区)"]].value) == ("网格员", "润城村")

    sh = _sheet(filled.exports.export_list("people", tmp_path / "p2.xlsx", mask_phones=False))
    (row,) = sh.iter_rows(min_row=3)
    assert row[col["手机"]].value == "13800001234"

    sh = _sheet(filled.exports.export_list("villages", tmp_path / "v.xlsx", mask_phones=True))
    assert "13800000001" not in [c.value for r in sh.iter_rows(min_row=3) for c in r]


@pytest.mark.parametrize(
    ("text", "masked"),
    [("13800001234", "138****1234"), ("138 0000 1234", "138****1234"), ("110", "110"), ("", "")],
)
def test_mask_phone(text: str, masked: str) -> None:
    assert mask_phone(text) == masked


def test_query_selects_rows(filled: Workspace, tmp_path: Path) -> None:
    village_id = filled.villages.id_by_name("润城村")
    path = filled.exports.export_list(
        "units", tmp_path / "u.xlsx", ListQuery(village_id=village_id)
    )
    names = [r[0].value for r in _sheet(path).iter_rows(min_row=3)]
    assert names == ["示例饭店（虚构）"]


def test_suffix_added_and_suggested_name(filled: Workspace, tmp_path: Path) -> None:
    path = filled.exports.export_list("villages", tmp_path / "名录")
    assert path.name == "名录.xlsx" and path.is_file()
    assert (
        filled.exports.suggested_name("units")
        == f"润城镇_单位场所名录_{filled.clock():%Y%m%d}.xlsx"
    )


def test_cancel_leaves_no_file_and_keeps_existing(filled: Workspace, tmp_path: Path) -> None:
    filled.units.store.bulk_insert(
        Unit(name=f"示例店{i}", village_id=filled.villages.id_by_name("润城村"))
        for i in range(1500)
    )

    def cancel_late(done: int, total: int) -> None:
        if done > total // 2:  # while the sheet is being written
            raise Cancelled()

    def cancel_early(done: int, total: int) -> None:
        if done > 0:
            raise Cancelled()

    out = tmp_path / "out"
    out.mkdir()
    for cancel in (cancel_early, cancel_late):
        with pytest.raises(Cancelled):
            filled.exports.export_list("units", out / "new.xlsx", progress=cancel)
        assert list(out.iterdir()) == []

    existing = out / "old.xlsx"
    existing.write_bytes(b"previous export")
    for cancel in (cancel_early, cancel_late):
        with pytest.raises(Cancelled):
            filled.exports.export_list("units", existing, progress=cancel)
        assert existing.read_bytes() == b"previous export"
        assert [p.name for p in out.iterdir()] == ["old.xlsx"]


def test_progress_reaches_total(filled: Workspace, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    filled.exports.export_list(
        "units", tmp_path / "u.xlsx", progress=lambda d, t: calls.append((d, t))
    )
    assert calls[-1] == (4, 4)


def test_round_trip_into_a_new_database(filled: Workspace, tmp_path: Path) -> None:
    """Exported villages and units import into another township database unchanged."""
    filled.settings.update(risk_scheme="红橙黄蓝")
    vfile = filled.exports.export_list("villages", tmp_path / "v.xlsx")
    ufile = filled.exports.export_list("units", tmp_path / "u.xlsx")

    other = Workspace.open(tmp_path / "other" / "safetydesk.db", clock=filled.clock)
    try:
        other.settings.initialize(township_name="润城镇", county="阳城县")
        plan, changes = other.imports.run("villages", vfile)
        assert plan.header_row == 2 and plan.ignored_headers == [] and changes is not None
        plan, changes = other.imports.run("units", ufile)
        assert plan.ok and changes is not None

        def strip(rec: object, names: dict[int, str]) -> dict[str, object]:
            d = dataclasses.asdict(rec)  # type: ignore[call-overload]
            for k in ("id", "created_at", "updated_at", "sort_order"):
                d.pop(k, None)
            if "village_id" in d:
                d["village_id"] = names[d["village_id"]]
            return d

        for kind in ("villages", "units"):
            a = getattr(filled, kind).list(ListQuery(order_by="name"))
            b = getattr(other, kind).list(ListQuery(order_by="name"))
            an, bn = filled.villages.names(), other.villages.names()
            assert [strip(r, an) for r in a] == [strip(r, bn) for r in b]

        # importing the same file again finds every row already registered
        plan = other.imports.plan("units", ufile)
        assert {p.row for p in plan.problems} == {3, 4} and plan.records == []
    finally:
        other.close()


def test_unwritable_target_is_a_known_error(filled: Workspace, tmp_path: Path) -> None:
    target = tmp_path / "out" / "busy.xlsx"
    target.mkdir(parents=True)  # cannot be replaced by a file
    with pytest.raises(SafetyDeskError) as err:
        filled.exports.export_list("villages", target)
    assert "无法写入" in str(err.value)
    assert target.is_dir() and [p.name for p in target.parent.iterdir()] == ["busy.xlsx"]
