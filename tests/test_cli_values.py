"""``--set 字段=值`` conversion by declared field type, and the JSON/text formatting (no database)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

import pytest

from safetydesk.cli.common import (
    BadValue,
    ValueSpec,
    cell,
    convert,
    dump_json,
    field_types,
    for_field,
    plain,
    read_values,
)


class Colour(StrEnum):
    RED = "红"
    BLUE = "蓝"


@dataclass(frozen=True, kw_only=True)
class Old:
    """A record as the domain types it today: dates and times as ISO text."""

    name: str = ""
    count: int | None = None
    order: int = 0
    ratio: float | None = None
    done: bool = False
    colour: Colour = Colour.RED
    shade: Colour | None = None
    found_on: str = ""
    due_on: str | None = None
    started_at: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class New:
    """The same record with dates and times typed."""

    name: str = ""
    colour: Colour = Colour.RED
    found_on: date
    due_on: date | None = None
    started_at: datetime | None = None
    created_at: datetime | None = None


def test_field_types_resolves_annotations_in_field_order() -> None:
    types = field_types(New)
    assert list(types) == ["name", "colour", "found_on", "due_on", "started_at", "created_at"]
    assert types["found_on"] is date and types["due_on"] == date | None


@pytest.mark.parametrize(
    ("field", "text", "value"),
    [
        ("name", " 甲 ", " 甲 "),  # text is kept as given
        ("found_on", "2026/11/20", "2026/11/20"),  # a str date field passes text through
        ("due_on", "", ""),  # … also empty, also when optional
        ("count", "12", 12),
        ("count", "-3", -3),
        ("count", "１２", 12),  # full-width digits, as typed with a Chinese input method
        ("count", "", None),
        ("order", "7", 7),
        ("ratio", "1.5", 1.5),
        ("ratio", "", None),
        ("done", "是", True),
        ("done", "否", False),
        ("done", "", False),
        ("colour", "蓝", Colour.BLUE),
        ("shade", "", None),
        ("tags", "四不两直、双随机, 夜查", ("四不两直", "双随机", "夜查")),
        ("tags", "", ()),
    ],
)
def test_convert_by_declared_type(field: str, text: str, value: object) -> None:
    got = convert(text, field_types(Old)[field], key=field)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize(
    ("field", "text", "value"),
    [
        ("found_on", "2026-11-20", date(2026, 11, 20)),
        ("found_on", "2026/11/20", date(2026, 11, 20)),
        ("found_on", "2026年11月20日", date(2026, 11, 20)),
        ("due_on", "", None),
        ("started_at", "2026-11-20 09:00", datetime(2026, 11, 20, 9, 0)),
        ("started_at", "2026-11-20T09:30", datetime(2026, 11, 20, 9, 30)),
        ("started_at", "2026年11月20日 9:05", datetime(2026, 11, 20, 9, 5)),
        ("started_at", "2026-11-20 09:00:15", datetime(2026, 11, 20, 9, 0, 15)),
        ("started_at", "", None),
    ],
)
def test_convert_dates_and_times(field: str, text: str, value: object) -> None:
    assert convert(text, field_types(New)[field], key=field) == value


@pytest.mark.parametrize(
    ("field", "text", "words"),
    [
        ("count", "十二", "count「十二」应为整数"),
        ("count", "1.5", "应为整数"),
        ("order", "", "order不能为空"),
        ("ratio", "abc", "ratio「abc」应为数字"),
        ("ratio", "nan", "应为数字"),
        ("done", "也许", "done应填 是 或 否，不是「也许」"),
        ("colour", "绿", "「绿」不是有效的取值，可选：红、蓝"),
        ("colour", "", "可选：红、蓝"),
    ],
)
def test_bad_values_are_explained(field: str, text: str, words: str) -> None:
    with pytest.raises(BadValue, match=words):
        convert(text, field_types(Old)[field], key=field)


@pytest.mark.parametrize(
    ("field", "text", "words"),
    [
        ("found_on", "2026-02-30", "found_on「2026-02-30」不是有效的日期"),
        ("found_on", "明天", "found_on「明天」不是日期"),
        ("found_on", "", "found_on不能为空"),
        ("started_at", "2026-11-20 25:00", "不是有效的时间"),
        ("started_at", "上午九点", "不是有效的时间"),
    ],
)
def test_bad_dates_and_times_are_explained(field: str, text: str, words: str) -> None:
    with pytest.raises(BadValue, match=words):
        convert(text, field_types(New)[field], key=field)


def test_label_names_the_field_in_messages() -> None:
    with pytest.raises(BadValue, match="^颜色「绿」无效，可选：红、蓝。$"):
        convert("绿", Colour, key="colour", label="颜色")
    with pytest.raises(BadValue, match="^执法检查应填 是 或 否"):
        convert("也许", bool, key="done", label="执法检查")


def test_read_values_collects_every_error() -> None:
    def shade(text: str) -> Colour:
        if text == "深":
            raise BadValue("没有深色。")
        return Colour.BLUE

    spec = ValueSpec(
        record_class=Old,
        allowed=["name", "count", "colour", "shade"],
        aliases={"名称": "name"},
        resolvers={"shade": shade},
        bad_pair="「{pair}」无法识别。",
        bad_key="不能设置「{key}」。",
    )
    values, errors = read_values(spec, ["名称= 甲店 ", "count=3", "shade=浅"])
    assert values == {"name": "甲店", "count": 3, "shade": Colour.BLUE} and errors == {}
    values, errors = read_values(spec, ["count=x", "order=1", "oops", "shade=深", "colour=红"])
    assert values == {"colour": Colour.RED}
    assert errors == {
        "count": "count「x」应为整数。",
        "order": "不能设置「order」。",
        "oops": "「oops」无法识别。",
        "shade": "没有深色。",
    }


def test_for_field_follows_the_annotation() -> None:
    day = date(2026, 11, 23)
    assert for_field(Old, "found_on", day) == "2026-11-23"
    assert for_field(Old, "due_on", day) == "2026-11-23"
    assert for_field(New, "due_on", day) is day


def test_plain_formats_dates_times_and_enums() -> None:
    stamp = datetime(2026, 11, 20, 1, 2, 0, tzinfo=UTC)
    assert plain(date(2026, 11, 20)) == "2026-11-20"
    assert plain(datetime(2026, 11, 20, 9, 0)) == "2026-11-20T09:00"
    assert plain(datetime(2026, 11, 20, 9, 0, 15)) == "2026-11-20T09:00:15"
    assert plain(stamp) == "2026-11-20T01:02:00+00:00"
    assert plain(Colour.BLUE) == "蓝" and type(plain(Colour.BLUE)) is str
    assert plain(None) is None and plain(3) == 3 and plain("x") == "x"
    assert plain({"d": [date(2026, 1, 2), (Colour.RED, None)]}) == {"d": ["2026-01-02", ["红", None]]}
    assert cell(None) == "" and cell(date(2026, 1, 2)) == "2026-01-02" and cell(Colour.RED) == "红"
    assert cell(datetime(2026, 11, 20, 9, 0)) == "2026-11-20T09:00" and cell(0) == "0"


def test_json_is_the_same_before_and_after_typing_dates(capsys: pytest.CaptureFixture[str]) -> None:
    old = {"name": "甲", "colour": Colour.BLUE, "found_on": "2026-11-20", "due_on": None,
           "started_at": "2026-11-20T09:00", "created_at": "2026-11-20T01:02:03+00:00"}  # fmt: skip
    new = New(name="甲", colour=Colour.BLUE, found_on=date(2026, 11, 20),
              started_at=datetime(2026, 11, 20, 9, 0),
              created_at=datetime(2026, 11, 20, 1, 2, 3, tzinfo=UTC))  # fmt: skip
    dump_json([old])
    before = capsys.readouterr().out
    dump_json([new])
    after = capsys.readouterr().out
    assert before == after
    assert json.loads(after) == [{**old, "colour": "蓝"}]
    assert '"name": "甲"' in after  # Chinese kept as is (ensure_ascii=False)
