"""The 责令限期整改指令书 PDF read back, and who may issue it (an inspector with a 执法证号)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from safetydesk.domain.common import Person, PersonRole, Unit
from safetydesk.domain.documents import DocumentKind
from safetydesk.domain.hazards import Hazard, HazardLevel, HazardState
from safetydesk.domain.schedule import DeadlineKind
from safetydesk.errors import ConflictError
from safetydesk.services import Workspace


def _hazard(ws: Workspace, unit: Unit, **kw: object) -> int:
    base = dict(
        unit_id=unit.id, location="粉碎车间", found_on=date(2026, 3, 1), found_by="王建国、李明",
        description="粉尘清扫制度未落实，设备及地面积尘厚度超过 1 毫米",
        measures="立即组织清扫，建立并落实粉尘清扫制度", deadline_kind=DeadlineKind.DATE, due_on=date(2026, 3, 10),
    )  # fmt: skip
    base.update(kw)
    return ws.hazards.register(Hazard(**base)).record.id  # type: ignore[arg-type]


@pytest.fixture
def enforcers(ws: Workspace) -> None:
    ws.people.save(Person(name="王建国", role=PersonRole.INSPECTOR, cert_no="14052200123"))
    ws.people.save(Person(name="李明", role=PersonRole.INSPECTOR, cert_no="14052200456"))
    ws.people.save(Person(name="赵六", role=PersonRole.VILLAGE_CADRE))


def test_refused_without_a_cert_number(ws: Workspace, unit: Unit, tmp_path: Path) -> None:
    ws.people.save(Person(name="赵六", role=PersonRole.VILLAGE_CADRE))
    h = _hazard(ws, unit, found_by="赵六")
    assert ws.forms.enforcement_officers([h]) == []
    with pytest.raises(ConflictError, match="执法证号") as err:
        ws.print_jobs.order([h], tmp_path / "o.pdf", on=date(2026, 3, 1))
    assert "赵六" in str(err.value) and "整改通知书" in str(err.value)
    assert ws.hazards.get(h).state is HazardState.REGISTERED
    assert ws.documents.of_year(2026) == [] and not (tmp_path / "o.pdf").exists()


def test_refused_with_one_cert_holder_names_who_lacks_one(
    ws: Workspace, unit: Unit, tmp_path: Path
) -> None:
    ws.people.save(Person(name="王建国", role=PersonRole.INSPECTOR, cert_no="14052200123"))
    ws.people.save(Person(name="李明", role=PersonRole.INSPECTOR))
    h = _hazard(ws, unit)  # found by 王建国、李明
    with pytest.raises(ConflictError) as err:
        ws.print_jobs.order([h], tmp_path / "o.pdf", on=date(2026, 3, 1))
    message = str(err.value)
    assert "不得少于两人" in message and "李明 在人员名录中没有执法证号" in message
    assert "王建国 有执法证号" in message and "人员" in message and "另选" in message
    # Nothing issued, no number taken, no file.
    assert ws.hazards.get(h).state is HazardState.REGISTERED
    assert ws.documents.of_year(2026) == [] and not (tmp_path / "o.pdf").exists()
    # Only one inspector, although holding a 证号: a second one is needed.
    with pytest.raises(ConflictError, match="现只有 王建国 一名执法人员"):
        ws.print_jobs.order([h], tmp_path / "o.pdf", inspectors=["王建国"])
    assert ws.documents.of_year(2026) == []


def test_order_pdf(
    ws: Workspace, unit: Unit, tmp_path: Path, read: Callable, enforcers: None
) -> None:
    ws.units.save(dataclasses.replace(unit, address="阳城县润城镇润城村东大街1号"))
    a = _hazard(ws, unit, level=HazardLevel.MAJOR, basis="工贸企业重大事故隐患判定标准 第十一条（一）",
                interim_measures="停止粉碎车间作业，清理积尘", listed_level="县级",
                listed_body="阳城县安全生产委员会办公室", listed_on=date(2026, 3, 2),
                responsible_person="张经理", responsible_phone="13800001234", funds=12.0, emergency_plan="整改期间应急处置方案：专人监护，险情时停止作业、撤离人员",)  # fmt: skip
    b = _hazard(ws, unit, location="焊接工位", description="特种作业人员未持证上岗",
                measures="安排培训取证，持证上岗", due_on=date(2026, 3, 31), found_by="赵六",
                basis="《安全生产法》第三十条")  # fmt: skip
    officers = ws.forms.enforcement_officers([a, b])
    assert [(s.name, s.cert_no) for s in officers] == [
        ("王建国", "14052200123"),
        ("李明", "14052200456"),
    ]
    out, number = ws.print_jobs.order([a, b], tmp_path / "o.pdf", on=date(2026, 3, 1))
    assert number == "润应急责改〔2026〕1号"
    assert {ws.hazards.get(i).state for i in (a, b)} == {HazardState.RECTIFYING}
    pdf = read(out)
    pdf.check_layout()
    pdf.check_margins()
    flat = pdf.flat
    # The government issues it: its name above the title, the 文号 under it, then the unit.
    assert flat.startswith(f"润城镇人民政府责令限期整改指令书{number}{unit.name}：")
    assert "单位地址：阳城县润城镇润城村东大街1号" in flat
    assert "我镇于2026年3月1日对你单位进行现场检查" in flat and "违法事实及依据见下表" in flat
    assert "【重大事故隐患】粉碎车间：粉尘清扫制度未落实" in flat and "特种作业人员未持证上岗" in flat
    # 重大 details, and each item's 依据.
    assert "判定依据：工贸企业重大事故隐患判定标准第十一条（一）" in flat
    assert "挂牌督办：县级，督办单位阳城县安全生产委员会办公室，2026年3月2日挂牌" in flat
    assert "整改期间安全防范措施：停止粉碎车间作业，清理积尘" in flat
    assert "依据：《安全生产法》第三十条" in flat
    assert "2026年3月10日" in flat and "2026年3月31日" in flat
    assert "60日内向阳城县人民政府申请行政复议" in flat
    assert "6个月内依法向阳城县人民法院提起行政诉讼" in flat
    # Two 执法人员 with their 证号; 赵六 (no 证号) does not sign an order.
    assert "执法人员：王建国执法证号：14052200123" in flat
    assert "执法人员：李明执法证号：14052200456" in flat and "赵六" not in flat
    assert "被检查单位负责人（签收）" in flat
    # The signatures and the seal never stand alone: the 复议 clause's last lines go with them.
    last = pdf.page_flat(len(pdf.pages) - 1)
    assert "法律另有规定的除外" in last and last.index("除外") < last.index("执法人员：王建国")
    # Reprint keeps the number; it is registered as an order, not as a notice.
    _, again = ws.print_jobs.order([a, b], tmp_path / "o2.pdf")
    assert again == number
    assert [d.number for d in ws.documents.of_year(2026, DocumentKind.ORDER_TO_RECTIFY)] == [number]
    assert ws.documents.of_year(2026, DocumentKind.RECTIFICATION_NOTICE) == []
    with pytest.raises(ConflictError, match="指令书"):
        ws.print_jobs.notice([a], tmp_path / "n.pdf")


def test_hazards_under_a_notice_get_no_order(
    ws: Workspace, unit: Unit, tmp_path: Path, enforcers: None
) -> None:
    h = _hazard(ws, unit)
    _, notice = ws.print_jobs.notice([h], tmp_path / "n.pdf", on=date(2026, 3, 1))
    with pytest.raises(ConflictError, match=f"已下达安全隐患整改通知书 {notice}"):
        ws.print_jobs.order([h], tmp_path / "o.pdf")
    other = ws.units.save(Unit(name="另一示例厂（虚构）", village_id=unit.village_id)).record
    x, y = _hazard(ws, unit), _hazard(ws, other)
    with pytest.raises(ConflictError, match="一个单位"):
        ws.print_jobs.order([x, y], tmp_path / "o.pdf")
    assert not (tmp_path / "o.pdf").exists()
    assert ws.documents.of_year(2026, DocumentKind.ORDER_TO_RECTIFY) == []


def test_county_missing_leaves_blanks() -> None:
    from safetydesk.printing.forms.order_to_rectify import appeal_clause

    assert "＿＿＿＿＿＿人民政府" in appeal_clause("")
    assert "阳城县人民法院" in appeal_clause("阳城县")
