"""The editable holiday table: typed imports, single days, the merged calendar, hazard deadlines."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from safetydesk.domain.common import Unit, UnitType, Village, VillageKind
from safetydesk.domain.hazards import Hazard
from safetydesk.domain.schedule import DeadlineKind
from safetydesk.errors import ImportRefused, NotFoundError, ValidationError
from safetydesk.services import Workspace
from safetydesk.services.changes import Topic
from safetydesk.services.holidays import DayKind, YearSource, parse_arrangement

#: A 2027 arrangement as an officer would type it (春节 with one 调休 Sunday).
SPRING_2027 = """\
# 2027 年部分节日放假安排
2027-01-01 休 元旦
2027-02-06~2027-02-12 休 春节
2027-02-14 班 春节调休
"""


@pytest.fixture
def ws27(tmp_path: Path) -> Workspace:
    """A workspace whose today is in February 2027 (past the package's last year)."""
    workspace = Workspace.open(tmp_path / "safetydesk.db", clock=lambda: date(2027, 2, 3))
    workspace.settings.initialize(township_name="润城镇", county="阳城县", short_name="润")
    yield workspace
    workspace.close()


def _hazard(ws: Workspace, unit_id: int) -> Hazard:
    return ws.hazards.register(
        Hazard(
            unit_id=unit_id,
            description="后厨液化气钢瓶未安装燃气报警装置",
            measures="安装可燃气体报警装置",
            found_by="李明",
            found_on=date(2027, 2, 3),
            deadline_kind=DeadlineKind.WORKING_DAYS,
            deadline_days=5,
        )
    ).record


def test_working_days_across_spring_festival_use_the_table(ws27: Workspace) -> None:
    village = ws27.villages.save(Village(name="润城村", kind=VillageKind.VILLAGE)).record
    unit = ws27.units.save(
        Unit(name="示例饭店（虚构）", type=UnitType.NINE_SMALL, subtype="小饭店", village_id=village.id)
    ).record
    before = _hazard(ws27, unit.id)
    # No 2027 data: Mon–Fri from Wed 3 Feb → 4, 5, 8, 9, 10 Feb, with a warning.
    assert before.due_on == date(2027, 2, 10)
    assert "缺少 2027 年" in before.deadline_warning
    saved = ws27.holidays.import_year(2027, SPRING_2027)
    assert saved.changes.touches(Topic.HOLIDAYS)
    assert len(saved.record) == 9
    after = _hazard(ws27, unit.id)  # same Workspace: the cached calendar was dropped
    # 4, 5 Feb; 6–12 off; Sun 14 is a 调休 working day; then 15, 16 Feb.
    assert after.due_on == date(2027, 2, 16)
    assert after.deadline_warning == ""


def test_set_and_delete_single_days_reset_the_cache(ws27: Workspace) -> None:
    cal = ws27.hazards.calendar
    assert not cal.knows(2027)
    ws27.holidays.set_day("2027-02-14", "班", "春节调休")
    assert ws27.hazards.calendar.knows(2027)
    assert ws27.hazards.calendar.is_workday(date(2027, 2, 14))
    ws27.holidays.delete_day(date(2027, 2, 14))
    assert not ws27.hazards.calendar.knows(2027)  # last row gone: the year is unknown again
    with pytest.raises(NotFoundError, match="不在 2027 年"):
        ws27.holidays.delete_day("2027-02-14")


def test_set_day_refuses_bad_input(ws: Workspace) -> None:
    with pytest.raises(ValidationError, match="星期一") as err:
        ws.holidays.set_day("2027-02-15", "班")
    assert err.value.field == "kind"
    with pytest.raises(ValidationError, match="不是“休”或“班”"):
        ws.holidays.set_day("2027-02-15", "加班")
    with pytest.raises(ValidationError, match="YYYY-MM-DD") as err:
        ws.holidays.set_day("2027-02-30", "休")
    assert err.value.field == "day"
    with pytest.raises(ValidationError, match="说明太长"):
        ws.holidays.set_day("2027-02-15", "休", "长" * 41)
    assert ws.holidays.table_years() == []


def test_editing_a_builtin_year_keeps_its_other_days(ws: Workspace) -> None:
    assert ws.holidays.source(2026) is YearSource.BUILTIN
    builtin = ws.holidays.list(2026)
    assert builtin and all(d.builtin for d in builtin)
    assert {"元旦", "春节", "国庆节", "春节调休"} <= {d.note for d in builtin}
    ws.holidays.set_day(date(2026, 12, 31), DayKind.OFF, "临时调整")
    assert ws.holidays.source(2026) is YearSource.TABLE
    days = ws.holidays.list(2026)
    assert len(days) == len(builtin) + 1 and not any(d.builtin for d in days)
    cal = ws.holidays.calendar()
    assert not cal.is_workday(date(2026, 10, 1))  # 国庆 kept from the package
    assert not cal.is_workday(date(2026, 12, 31))
    assert "2026 年（本机修改）" in ws.holidays.known_years_text()


def test_import_is_all_or_nothing_with_line_numbers(ws: Workspace) -> None:
    ws.holidays.import_year(2027, SPRING_2027)
    bad = "2027-10-01~2027-10-07 休 国庆节\n\n2027-10-11 班\n2026-12-31 休\n国庆 放假\n2027-02-30 休"
    with pytest.raises(ImportRefused) as err:
        ws.holidays.import_year(2027, bad)
    problems = {p.row: p.message for p in err.value.problems}
    assert set(problems) == {3, 4, 5, 6}
    assert "2027-10-11 是星期一" in problems[3]
    assert "不属于 2027 年" in problems[4]
    assert "看不懂" in problems[5] and "2027-02-06~2027-02-12 休 春节" in problems[5]
    assert "不存在" in problems[6]
    assert "未写入任何数据" in str(err.value)
    assert len(ws.holidays.list(2027)) == 9  # the earlier import is untouched


def test_import_replaces_the_year_and_accepts_other_spellings(ws: Workspace) -> None:
    ws.holidays.import_year(2027, SPRING_2027)
    rows = [(date(2027, 5, 1), "休", "劳动节"), ("2027-05-08", "上班", "劳动节调休")]
    days = ws.holidays.import_year(None, rows).record
    assert [(d.day.isoformat(), d.kind) for d in days] == [
        ("2027-05-01", DayKind.OFF), ("2027-05-08", DayKind.WORK)
    ]
    assert len(ws.holidays.list(2027)) == 2
    text = "２０２７年１０月１日至１０月７日　放假　国庆节\n2027/10/9 班"
    days = parse_arrangement(text)
    assert len(days) == 8 and days[0].note == "国庆节" and days[-1].kind is DayKind.WORK
    assert days[0].weekday == "星期五"


def test_import_refuses_conflicts_and_empty_text(ws: Workspace) -> None:
    with pytest.raises(ImportRefused) as err:
        parse_arrangement("2027-02-13 休\n2027-02-13 班")
    assert "第 1 行写为“休”" in err.value.problems[0].message and err.value.problems[0].row == 2
    with pytest.raises(ImportRefused) as err:
        parse_arrangement("# 只有注释\n\n")
    assert err.value.problems[0].row == 0 and "没有可导入的日期" in err.value.problems[0].message
    with pytest.raises(ImportRefused, match="1 处问题"):
        parse_arrangement("2027-01-01~2027-03-01 休 太长")
    with pytest.raises(ImportRefused) as err:
        parse_arrangement("2027-02-12~2027-02-06 休")
    assert "早于" in err.value.problems[0].message


def test_years_without_data_are_reported(ws: Workspace) -> None:
    assert ws.holidays.source(2030) is YearSource.MISSING
    assert ws.holidays.list(2030) == []
    text = ws.holidays.known_years_text()
    assert "2004—2026 年（内置数据）" in text and "周一至周五" in text
