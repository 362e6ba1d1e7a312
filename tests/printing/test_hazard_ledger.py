"""The 隐患排查治理台账 PDF read back: landscape, columns, rows per page, whole dates, the foot,
责任人 and 复查 values, page count, filter, marks."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from ledger_data import ordinary_hazards

from safetydesk.domain.common import Unit, UnitType, Village
from safetydesk.domain.hazards import EventDetails, Hazard, HazardAction, HazardLevel
from safetydesk.domain.inspections import Inspection
from safetydesk.domain.queries import HazardQuery
from safetydesk.domain.schedule import DeadlineKind
from safetydesk.errors import ValidationErrors
from safetydesk.printing.forms import ledger_layout
from safetydesk.printing.forms.hazard_ledger import KEEP_WITH_FOOT
from safetydesk.services import Workspace
from safetydesk.services.inspections import inspector
from safetydesk.services.ledger_rows import basis_text

A = HazardAction
#: Every column's header words, as they read in the extracted text (line breaks removed).
HEADERS = (
    "序号", "隐患编号", "检查日期", "检查人员", "单位名称", "所属村(社区)", "隐患部位及描述",
    "隐患类别", "等级", "判定依据", "挂牌督办", "整改措施", "整改资金(万元)", "责任人",
    "联系电话", "整改期限", "完成日期", "复查人", "复查日期", "状态",
)  # fmt: skip
#: A hazard code as the tests' township numbers them.
CODE = re.compile(r"润-\d{4}-\d{4}")


def _hazard(ws: Workspace, unit: Unit, found: date, **kw: object) -> int:
    base = dict(
        unit_id=unit.id, location="仓库二楼东侧", found_on=found, found_by="王建国",
        description="电气线路私拉乱接，未穿管保护，插座串接使用，周边堆放可燃纸箱",
        measures="由持证电工规范敷设线路并穿管保护；清理可燃物", responsible_person="张三",
        deadline_kind=DeadlineKind.DATE, due_on=found + timedelta(days=7),
    )  # fmt: skip
    base.update(kw)
    return ws.hazards.register(Hazard(**base)).record.id  # type: ignore[arg-type]


def _codes(text: str) -> list[str]:
    return CODE.findall(text)


@pytest.fixture
def hundred_twenty(ws: Workspace, unit: Unit, village: Village) -> list[int]:
    ids = [_hazard(ws, unit, date(2026, 1, 5) + timedelta(days=2 * i)) for i in range(120)]
    for i, h in enumerate(ids[:60]):
        ws.hazards.issue_notice([h], on=ws.hazards.get(h).found_on)
        if i % 3 == 0:
            due = ws.hazards.get(h).due_on
            ws.hazards.transition(
                h, A.RECHECK_PASS, on=due, details=EventDetails(rechecked_by=("王建国",), opinion="已整改"))
    return ids


def test_ledger_of_120_hazards(
    ws: Workspace, hundred_twenty: list[int], tmp_path: Path, read: Callable
) -> None:
    statements: list[str] = []
    ws.db.conn.set_trace_callback(statements.append)
    out, count = ws.forms.hazard_ledger(HazardQuery(order_by="found"), tmp_path / "l.pdf")
    ws.db.conn.set_trace_callback(None)
    assert count == 120
    # Batched reads: a handful of queries, not one (or more) per row.
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) < 15
    pdf = read(out)
    pdf.check_layout(landscape=True)
    pages = len(pdf.pages)
    # 43 characters of place and description and 22 of measures take four lines a row.
    assert pages <= math.ceil(120 / 9)
    for i in range(pages):
        flat = pdf.page_flat(i)
        assert flat.count("隐患部位及描述") == 1  # the header row, repeated on every page
        assert f"第{i + 1}页共{pages}页" in flat
    flat = pdf.flat
    assert "润城镇隐患排查治理台账" in pdf.page_flat(0)
    assert "填报单位：润城镇安全生产委员会办公室" in flat and "数据截至：2026-11-23" in flat
    assert "合计：共120条隐患" in flat
    hazards = ws.hazards.list(HazardQuery())
    assert sorted(_codes(pdf.text)) == sorted(h.code for h in hazards)
    overdue = sum(h.overdue(date(2026, 11, 23)) for h in hazards)
    assert overdue > 0 and flat.count("※逾期") == overdue + 1  # + the note under the table
    assert f"逾期未整改{overdue}条" in flat
    assert "2026-01-05" in flat and "2026-01-12" in flat  # found on, due on
    assert "电气线路私拉乱接" in flat and "张三" in flat and "润城村" in flat
    passed = ws.hazards.get(hundred_twenty[0])
    assert f"王建国{passed.rectified_on.isoformat()}" in flat  # 复查人 over 复查日期


def test_ordinary_hazards_fill_twelve_rows_a_page_under_every_header(
    ws: Workspace, village: Village, tmp_path: Path, read: Callable
) -> None:
    ordinary_hazards(ws, village, 40)
    out, count = ws.forms.hazard_ledger(HazardQuery(order_by="found"), tmp_path / "l.pdf")
    pdf = read(out)
    pdf.check_layout(landscape=True)
    pages = len(pdf.pages)
    assert count == 40 and pages <= math.ceil(40 / 12)
    per_page = [len(_codes(p)) for p in pdf.pages]
    assert sum(per_page) == 40 and all(n >= 12 for n in per_page[:-1]), per_page
    for i in range(pages):
        flat = pdf.page_flat(i)
        for header in HEADERS:
            assert header in flat, (i, header)
        start = flat.index("序号隐患编号")
        assert start < flat.index("隐患部位及描述") < flat.index("状态", start)


def test_every_date_is_whole_on_one_line(
    ws: Workspace, village: Village, tmp_path: Path, read: Callable
) -> None:
    ordinary_hazards(ws, village, 30)
    out, _ = ws.forms.hazard_ledger(HazardQuery(order_by="found"), tmp_path / "l.pdf")
    text = read(out).text
    hazards = ws.hazards.list(HazardQuery())
    last = ws.hazards.last_rechecks([h.id or 0 for h in hazards])
    expected = [d for h in hazards for d in (h.found_on, h.due_on, h.rectified_on) if d]
    expected += [e.on for e in last.values()] + [date(2026, 11, 23)] * 2  # 数据截至, 填报日期
    printed = re.findall(r"\d{4}-\d{2}-\d{2}", text)
    assert sorted(printed) == sorted(d.isoformat() for d in expected)
    for line in (CODE.sub("", ln) for ln in text.splitlines()):
        # No part of a date at a line's end or start: each 4-digit year is followed by -MM-DD.
        assert not re.search(r"\d{4}-(?!\d{2}-\d{2})", line), line
        assert not re.match(r"\s*-\d", line) and not re.search(r"(^|\s)20\d\d\s*$", line), line


def test_foot_names_date_and_stays_with_the_last_rows(
    ws: Workspace, village: Village, tmp_path: Path, read: Callable
) -> None:
    ordinary_hazards(ws, village, 16)
    found = [h.found_on for h in ws.hazards.list(HazardQuery(order_by="found"))]
    out, _ = ws.forms.hazard_ledger(
        HazardQuery(order_by="found"), tmp_path / "s.pdf",
        filled_by="王建国", reviewed_by="赵书记", filled_on=date(2026, 11, 30),
    )  # fmt: skip
    pdf = read(out)
    last = pdf.page_flat(len(pdf.pages) - 1)
    assert "填报人：王建国" in last and "审核人：赵书记" in last and "填报日期：2026-11-30" in last
    for i in range(len(pdf.pages) - 1):
        assert "填报人" not in pdf.page_flat(i)
    # Whatever the number of rows, the foot never starts a page without rows above it.
    pages = set()
    for n in range(9, 17):
        query = HazardQuery(found_to=found[n - 1], order_by="found")
        out, count = ws.forms.hazard_ledger(query, tmp_path / f"{n}.pdf")
        assert count == n
        pdf = read(out)
        assert "填报人：＿＿＿＿＿＿" in pdf.page_flat(len(pdf.pages) - 1)
        assert "审核人：＿＿＿＿＿＿" in pdf.flat and "填报日期：2026-11-23" in pdf.flat
        assert len(_codes(pdf.pages[-1])) >= min(n, KEEP_WITH_FOOT), n
        pages.add(len(pdf.pages))
        for i in range(len(pdf.pages)):  # one header a page, whether the tail moved or not
            assert pdf.page_flat(i).count("隐患部位及描述") == 1, (n, i)
    assert pages == {1, 2}


def test_signoff_is_checked(ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(ValidationErrors) as err:
        ws.forms.hazard_ledger(
            HazardQuery(), tmp_path / "x.pdf", filled_by="王" * 61, filled_on=date(1999, 12, 31)
        )
    assert set(err.value.errors) == {"filled_by", "filled_on"}
    assert "2000" in err.value.errors["filled_on"] and not (tmp_path / "x.pdf").exists()


def test_responsible_person_and_phone_fall_back_to_the_unit(
    ws: Workspace, village: Village, tmp_path: Path, read: Callable
) -> None:
    with_contact = ws.units.save(Unit(
        name="示例建材有限公司", type=UnitType.OTHER, village_id=village.id, contact="孙安全",
        legal_rep="周法人", contact_phone="13800000071")).record  # fmt: skip
    legal_only = ws.units.save(Unit(
        name="示例耐火材料厂", type=UnitType.OTHER, village_id=village.id, legal_rep="吴厂长",
    )).record  # fmt: skip
    found = date(2026, 11, 2)
    _hazard(ws, with_contact, found, responsible_person="", description="配电箱未上锁")
    _hazard(ws, with_contact, found, responsible_person="郑班长", responsible_phone="13800000099",
            description="砂轮机防护罩缺失")  # fmt: skip
    _hazard(ws, legal_only, found, responsible_person="", description="灭火器过期")
    out, _ = ws.forms.hazard_ledger(HazardQuery(order_by="found"), tmp_path / "r.pdf")
    flat = read(out).flat
    assert "孙安全13800000071" in flat  # the unit's 安全联系人 with its phone
    assert "郑班长13800000099" in flat  # the hazard's own
    assert "吴厂长" in flat  # the 法定代表人 when there is no contact
    assert "周法人" not in flat


def test_recheck_inspectors_basis_and_listing(
    ws: Workspace, unit: Unit, tmp_path: Path, read: Callable
) -> None:
    ins = ws.inspections.record(Inspection(
        unit_id=unit.id, started_at=datetime(2026, 11, 2, 9, 0), ended_at=datetime(2026, 11, 2, 10, 0),
        inspectors=(inspector("钱检查"), inspector("孙检查")), recorder="孙检查",
        narrative="检查了燃气设施。",
    )).record  # fmt: skip
    found = date(2026, 11, 2)
    h = _hazard(ws, unit, found, inspection_id=ins.id, found_by="钱检查、李明",
                description="灶具间距不足", funds=1.5)  # fmt: skip
    ws.hazards.issue_notice([h], on=found)
    ws.hazards.transition(h, A.RECHECK_FAIL, on=date(2026, 11, 9), details=EventDetails(
        rechecked_by=("钱检查",), opinion="未整改", new_due_on=date(2026, 11, 16)))  # fmt: skip
    failed = _hazard(ws, unit, found, description="报警器失效")
    ws.hazards.issue_notice([failed], on=found)
    ws.hazards.transition(failed, A.RECHECK_FAIL, on=date(2026, 11, 9), details=EventDetails(
        rechecked_by=("李明",), opinion="未整改", new_due_on=date(2026, 11, 30)))  # fmt: skip
    ws.hazards.transition(h, A.RECHECK_PASS, on=date(2026, 11, 15), details=EventDetails(
        rechecked_by=("王建国", "李明"), opinion="已整改"))  # fmt: skip
    major = _hazard(ws, unit, found, description="地下室使用瓶装液化石油气", level=HazardLevel.MAJOR,
                    basis="城镇燃气经营安全重大隐患判定标准第五条", listed_level="县级",
                    listed_body="阳城县安委办", listed_on=found,
                    responsible_person="张经理", responsible_phone="13800001234", funds=12.0, emergency_plan="整改期间应急处置方案：专人监护，险情时停止作业、撤离人员",)  # fmt: skip
    out, _ = ws.forms.hazard_ledger(HazardQuery(order_by="found"), tmp_path / "x.pdf")
    flat = read(out).flat
    assert "钱检查孙检查李明" in flat  # the inspection's team, then the other 发现人
    assert "王建国李明2026-11-15" in flat  # the latest 复查 (one name a line)
    assert "钱检查不合格" not in flat and "李明不合格2026-11-09" in flat
    assert "1.5" in flat and "城镇燃气经营安全重大隐患判定标准第五条" in flat
    assert "县级挂牌：阳城县安委办" in flat and "重大" in flat
    assert ws.hazards.get(major).major


def test_basis_text_of_major_hazards() -> None:
    assert basis_text(Hazard(level=HazardLevel.ORDINARY)) == ""
    assert basis_text(Hazard(level=HazardLevel.MAJOR)) == "待补录"
    assert basis_text(Hazard(level=HazardLevel.MAJOR, basis="10号令第三条", listed_level="市级")) == (
        "10号令第三条\n市级挂牌"
    )


def test_date_columns_fit_a_date_in_the_font_used() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from safetydesk.printing.fonts import ensure_fonts

    font = ensure_fonts().table
    widths = ledger_layout.column_widths(700.0, font, {"code": ["润城-2026-0001"]})
    assert sum(widths) == pytest.approx(700.0)
    date_width = stringWidth("2026-11-23", font, ledger_layout.SIZE) + 2 * ledger_layout.PAD_X
    for key in ("code", "responsible", "due", "rectified", "recheck"):
        assert widths[ledger_layout.index(key)] >= date_width, key
    assert widths[ledger_layout.index("code")] >= stringWidth("润城-2026-0001", font, 9)


def test_filter_is_described_and_cancelled_left_out(
    ws: Workspace, unit: Unit, tmp_path: Path, read: Callable
) -> None:
    late = _hazard(ws, unit, date(2026, 3, 1), description="疏散通道堆放杂物")
    ws.hazards.issue_notice([late], on=date(2026, 3, 1))
    done = _hazard(ws, unit, date(2026, 3, 2), description="灭火器压力不足")
    ws.hazards.issue_notice([done], on=date(2026, 3, 2))
    ws.hazards.transition(done, A.RECHECK_PASS, on=date(2026, 3, 6), details=EventDetails(rechecked_by=("李明",), opinion="已更换"))  # fmt: skip
    ws.hazards.transition(done, A.CLOSE, on=date(2026, 3, 8))
    gone = _hazard(ws, unit, date(2026, 3, 3), description="误报的一条")
    ws.hazards.transition(gone, A.CANCEL, on=date(2026, 3, 3), details=EventDetails(reason="重复登记"))
    out, count = ws.forms.hazard_ledger(HazardQuery(), tmp_path / "all.pdf")
    flat = read(out).flat
    assert count == 2 and "误报的一条" not in flat and "状态：全部（不含已撤销）" in flat
    assert "李明2026-03-06" in flat and "已销号" in flat
    query = HazardQuery(
        states=("整改中",), overdue_on=date(2026, 11, 23), found_from=date(2026, 1, 1), found_to=date(2026, 11, 30)
    )
    out, count = ws.forms.hazard_ledger(query, tmp_path / "f.pdf", title_note="供安委会会议使用")
    pdf = read(out)
    pdf.check_layout(landscape=True)
    flat = pdf.flat
    assert count == 1 and "疏散通道堆放杂物" in flat and "灭火器压力不足" not in flat
    assert (
        "状态：整改中；逾期（截至2026年11月23日）；发现日期：2026年1月1日—2026年11月30日；"
        "供安委会会议使用" in flat
    )
    assert "※逾期" in flat
    out, count = ws.forms.hazard_ledger(HazardQuery(states=("已撤销",)), tmp_path / "c.pdf")
    assert count == 1 and "重复登记" in read(out).flat


def test_empty_ledger_still_prints(ws: Workspace, tmp_path: Path, read: Callable) -> None:
    out, count = ws.forms.hazard_ledger(HazardQuery(level="重大"), tmp_path / "e.pdf")
    pdf = read(out)
    assert count == 0 and "合计：共0条隐患" in pdf.flat and "等级：重大" in pdf.flat
    assert "填报人：＿＿＿＿＿＿" in pdf.flat


def test_an_odd_long_phone_wraps_instead_of_widening_its_column() -> None:
    from safetydesk.printing.fonts import ensure_fonts

    font = ensure_fonts().table
    plain = ledger_layout.column_widths(700.0, font, {})
    odd = ledger_layout.column_widths(700.0, font, {"responsible": ["13800001234/13900001234"]})
    landline = ledger_layout.column_widths(700.0, font, {"responsible": ["0356-41234567"]})
    i = ledger_layout.index("responsible")
    assert odd == plain and landline[i] > plain[i]


def test_a_ledger_of_major_hazards_widens_the_basis_column(
    ws: Workspace, unit: Unit, tmp_path: Path, read: Callable
) -> None:
    for n in range(8):
        _hazard(ws, unit, date(2026, 10, 1) + timedelta(days=n), level=HazardLevel.MAJOR,
                description="生产经营场所地下室使用瓶装液化石油气",
                basis="城镇燃气经营安全重大隐患判定标准第五条第（三）项",
                listed_level="县级", listed_body="阳城县安全生产委员会办公室", listed_on=date(2026, 10, 8),
                responsible_person="张经理", responsible_phone="13800001234", funds=12.0, emergency_plan="整改期间应急处置方案：专人监护，险情时停止作业、撤离人员",)  # fmt: skip
    out, count = ws.forms.hazard_ledger(HazardQuery(level="重大"), tmp_path / "m.pdf")
    pdf = read(out)
    assert count == 8 and len(pdf.pages) == 2  # in the narrow column they take three pages
    assert pdf.flat.count("县级挂牌：阳城县安全生产委员会办公室") == 8
    from safetydesk.printing.fonts import ensure_fonts

    font = ensure_fonts().table
    ordinary = [{"description": "仓库二楼东侧：电气线路私拉乱接，未穿管保护", "basis": ""}] * 5
    major = [{"description": "地下室使用瓶装液化石油气", "basis": "城镇燃气经营安全重大隐患判定标准第五条\n县级挂牌：阳城县安委办"}] * 5  # fmt: skip
    i = ledger_layout.index("basis")
    narrow = ledger_layout.fewest_lines(700.0, font, {}, ordinary)[i]
    wide = ledger_layout.fewest_lines(700.0, font, {}, major)[i]
    assert narrow == ledger_layout.column_widths(700.0, font, {})[i] and wide > narrow * 1.5
