"""The printed forms as an office checks them (GB/T 9704): margins measured from the text
positions, the issuing body above the title, the 文号 whole on one line, two inspectors with
their 证号, the 重大 details, one hazard table shared by the notice and the order, and the
refusal of an enforcement form short of two 执法证号."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from clitools import run

from safetydesk.domain.common import Person, PersonRole, Unit, Village
from safetydesk.domain.hazards import Hazard, HazardLevel
from safetydesk.domain.inspections import Disposition, Inspection, ItemResult
from safetydesk.domain.schedule import DeadlineKind
from safetydesk.errors import ConflictError
from safetydesk.printing.fonts import ensure_fonts
from safetydesk.printing.forms.hazard_table import MAJOR_LABEL
from safetydesk.printing.linebreaks import _bad_break
from safetydesk.printing.page import para, styles
from safetydesk.services import Workspace
from safetydesk.services.inspections import inspector

#: A 重大 hazard's details as the service is given them.
MAJOR = dict(
    level=HazardLevel.MAJOR, basis="城镇燃气经营安全重大隐患判定标准 第八条",
    interim_measures="立即停止在地下室使用瓶装液化石油气，钢瓶移出地下室",
    listed_level="县级", listed_body="阳城县安全生产委员会办公室", listed_on=date(2026, 11, 21),
    responsible_person="张经理", responsible_phone="13800001234", funds=12.0, emergency_plan="整改期间应急处置方案：专人监护，险情时停止作业、撤离人员",
)  # fmt: skip


@pytest.fixture
def officers(ws: Workspace) -> tuple[Person, Person]:
    """Two inspectors holding a 执法证号."""
    a = ws.people.save(Person(name="赵刚", role=PersonRole.INSPECTOR, cert_no="14050012")).record
    b = ws.people.save(Person(name="钱敏", role=PersonRole.INSPECTOR, cert_no="14050013")).record
    return a, b


def _lines(p: object) -> list[str]:
    """A wrapped paragraph's lines (one-run paragraphs keep theirs as (space, [text]))."""
    return ["".join(ln[1]) if isinstance(ln, tuple) else "".join(w.text for w in ln.words)
            for ln in p.blPara.lines]  # type: ignore[attr-defined]  # fmt: skip


def _inspection(ws: Workspace, unit: Unit, people: tuple[Person, Person], **kw: object) -> Inspection:
    tid = next(t.id for t in ws.checklists.all() if t.family == "fire-general")
    results = list(ws.inspections.start_from_template(tid))
    results[1] = dataclasses.replace(results[1], result=ItemResult.FAIL, note="灭火器压力不足")
    base = dict(
        unit_id=unit.id, started_at=datetime(2026, 11, 20, 9, 5), ended_at=datetime(2026, 11, 20, 10, 30),
        inspectors=tuple(inspector("", person_id=p.id) for p in people), recorder=people[1].name,
        narrative="检查了消防设施和疏散通道。", template_id=tid, results=tuple(results),
        disposition=Disposition.NOTICE, met_person="张示例",
    )  # fmt: skip
    base.update(kw)
    return ws.inspections.record(Inspection(**base)).record  # type: ignore[arg-type]


def _hazard(ws: Workspace, unit: Unit, **kw: object) -> int:
    base = dict(
        unit_id=unit.id, location="后厨", description="在地下室使用瓶装液化石油气", found_on=date(2026, 11, 20),
        found_by="王建国", measures="改用管道天然气", deadline_kind=DeadlineKind.DATE, due_on=date(2026, 12, 20),
    )  # fmt: skip
    base.update(kw)
    return ws.hazards.register(Hazard(**base)).record.id  # type: ignore[arg-type]


def _number_whole(pdf: object, number: str) -> None:
    """Every time the 文号 is printed, it is whole on one line."""
    for i in range(len(pdf.pages)):  # type: ignore[attr-defined]
        lines = pdf.lines(i)  # type: ignore[attr-defined]
        assert sum(line.count(number) for line in lines) == "".join(lines).count(number), lines
    assert number in pdf.lines(0)  # type: ignore[attr-defined]


# -- line breaking --------------------------------------------------------------------------------
def test_no_paragraph_ends_with_a_lone_character() -> None:
    # The rule itself: "…保" / "护" moves 保 down.
    assert _bad_break(["整改期间做好个人防保", "护"], [False, False]) == (0, 1)
    assert _bad_break(["整改期间做好个人防保", "护。"], [False, False]) == (0, 1)
    assert _bad_break(["整改期间做好个人", "防护"], [False, False]) is None
    st = styles(ensure_fonts())
    text = "整改期间应当安排专人值守，落实各项安全防范措施，做好人员防护"
    size = st["body"].fontSize
    # Wide enough for all but the last character on the first line.
    width = size * 2 + size * (len(text) - 1) + 1
    p = para(text, st["body"])
    p.wrap(width, 1000)
    lines = _lines(p)
    assert "".join(lines) == text and len(lines) == 2
    assert lines[-1] == "防护"  # not "护" alone


def test_document_number_never_splits() -> None:
    st = styles(ensure_fonts())
    text = "本办于2026年3月1日作出了《安全隐患整改通知书》（润安通〔2026〕128号），责令你单位限期整改。"
    for width in range(210, 450, 3):  # the number with its brackets fits from 210 pt
        p = para(text, st["body"])
        p.wrap(width, 1000)
        lines = _lines(p)
        assert "".join(lines) == text
        assert any("润安通〔2026〕128号" in ln for ln in lines), (width, lines)


# -- the forms ------------------------------------------------------------------------------------
def test_notice_layout_signers_and_major_details(
    ws: Workspace, unit: Unit, officers: tuple[Person, Person], tmp_path: Path, read: Callable
) -> None:
    ws.settings.update(office_name="润城镇安全生产委员会办公室")
    ins = _inspection(ws, unit, officers)
    [raised] = ws.inspections.raise_hazards(ins.id).record
    major = dataclasses.replace(ws.hazards.get(raised.id), **MAJOR)
    ws.hazards.update(major)
    out, number = ws.print_jobs.inspection_notice(ins.id, tmp_path / "n.pdf", on=date(2026, 11, 20))
    pdf = read(out)
    pdf.check_layout()
    pdf.check_margins()
    # The signatures never stand alone: the closing paragraph's last lines are on their page.
    signed = next(i for i in range(len(pdf.pages)) if "检查人员：赵刚" in pdf.page_flat(i))
    page = pdf.page_flat(signed)
    assert page.index("有关部门处理。") < page.index("检查人员：赵刚")
    assert "存根" in pdf.page_flat(len(pdf.pages) - 1) and signed < len(pdf.pages) - 1
    first = pdf.lines(0)
    # The issuing body (the 安委办, as set) above the title, the 文号 under it.
    assert first[:3] == ["润城镇安全生产委员会办公室", "安全隐患整改通知书", number]
    _number_whole(pdf, number)
    flat = "".join(pdf.page_flat(i) for i in range(signed + 1))
    # The inspection's two inspectors with the 证号 the register holds.
    assert "检查人员：赵刚执法证号：14050012" in flat and "检查人员：钱敏执法证号：14050013" in flat
    # 重大 details: 判定依据, 挂牌督办, interim measures; the checklist item's 依据.
    assert f"{MAJOR_LABEL}" in flat and "判定依据：城镇燃气经营安全重大隐患判定标准第八条" in flat
    assert "挂牌督办：县级，督办单位阳城县安全生产委员会办公室，2026年11月21日挂牌" in flat
    assert "整改期间安全防范措施：立即停止在地下室使用瓶装液化石油气" in flat
    item = ws.inspections.get(ins.id).results[1]
    assert item.basis and f"依据：{item.basis}".replace(" ", "") in flat
    # The same 落款 as the heading.
    assert flat.count("润城镇安全生产委员会办公室") >= 2  # heading and 落款


def test_one_hazard_table_for_notice_and_order(
    ws: Workspace, unit: Unit, officers: tuple[Person, Person], tmp_path: Path, read: Callable
) -> None:
    a = _hazard(ws, unit, found_by="赵刚、钱敏", **MAJOR)
    b = _hazard(ws, unit, found_by="赵刚、钱敏", **MAJOR)
    _, n = ws.print_jobs.notice([a], tmp_path / "n.pdf", on=date(2026, 11, 20))
    _, o = ws.print_jobs.order([b], tmp_path / "o.pdf", on=date(2026, 11, 20))
    notice, order = read(tmp_path / "n.pdf"), read(tmp_path / "o.pdf")
    order.check_margins()
    assert order.lines(0)[:3] == ["润城镇人民政府", "责令限期整改指令书", o]
    _number_whole(order, o)

    def table(pdf: object) -> str:
        flat = pdf.page_flat(0)  # type: ignore[attr-defined]
        return flat[flat.index("序号"):flat.index("2026年12月20日") + 30]

    # The same hazard reads the same in both forms (label, facts, details).
    assert table(notice).split("整改期限", 1)[1][:200] == table(order).split("整改期限", 1)[1][:200]
    for pdf in (notice, order):
        flat = pdf.flat
        assert f"{MAJOR_LABEL}后厨：在地下室使用瓶装液化石油气" in flat
        assert "【重大隐患】" not in flat
    assert "执法人员：赵刚执法证号：14050012" in order.flat and n != o


def test_signers_come_from_the_register_by_found_by(
    ws: Workspace, unit: Unit, officers: tuple[Person, Person]
) -> None:
    h = _hazard(ws, unit, found_by="赵刚、李四")
    signers = ws.forms.notice_signers([h])
    assert [(s.name, s.cert_no) for s in signers] == [("赵刚", "14050012"), ("李四", "")]
    chosen = ws.forms.notice_signers([h], chosen=["钱敏", "赵刚"])
    assert [(s.name, s.cert_no) for s in chosen] == [("钱敏", "14050013"), ("赵刚", "14050012")]
    with pytest.raises(ConflictError, match="李四 在人员名录中没有执法证号"):
        ws.forms.check_order([h])


def test_enforcement_record_refused_without_two_cert_numbers(
    ws: Workspace, unit: Unit, officers: tuple[Person, Person], tmp_path: Path
) -> None:
    ins = _inspection(ws, unit, officers, enforcement=True)
    # An older record whose second inspector has no 证号 (and none in the register).
    ws.people.save(dataclasses.replace(officers[1], cert_no=""))
    old = ws.inspections.get(ins.id)
    bare = (old.inspectors[0], dataclasses.replace(old.inspectors[1], cert_no=""))
    ws.inspections.store.update(dataclasses.replace(old, inspectors=bare))
    with pytest.raises(ConflictError, match="钱敏 在人员名录中没有执法证号"):
        ws.print_jobs.inspection_record(ins.id, tmp_path / "r.pdf")
    assert ws.inspections.get(ins.id).document_id is None and not (tmp_path / "r.pdf").exists()
    assert ws.documents.of_year(2026) == []


def test_enforcement_record_refused_in_the_cli(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    assert run(capsys, "init", "--township", "润城镇", "--county", "阳城县")[0] == 0
    ws = Workspace.open(data_dir / "safetydesk.db")
    try:
        v = ws.villages.save(Village(name="润城村")).record
        unit = ws.units.save(Unit(name="示例饭店（虚构）", village_id=v.id)).record
        a = ws.people.save(Person(name="赵刚", role=PersonRole.INSPECTOR, cert_no="14050012")).record
        b = ws.people.save(Person(name="钱敏", role=PersonRole.INSPECTOR, cert_no="14050013")).record
        ins = _inspection(ws, unit, (a, b), enforcement=True, started_at=datetime(2026, 1, 5, 9),
                          ended_at=datetime(2026, 1, 5, 10))  # fmt: skip
        ws.people.save(dataclasses.replace(b, cert_no=""))
        old = ws.inspections.get(ins.id)
        with ws.db.atomic():  # an older record, written before the rule
            ws.inspections.store.update(dataclasses.replace(old, inspectors=(
                old.inspectors[0], dataclasses.replace(old.inspectors[1], cert_no=""))))
    finally:
        ws.close()
    code, _, err = run(capsys, "print", "inspection", str(ins.id), "--out", str(tmp_path / "r.pdf"))
    assert code == 1 and "现场检查记录须由两名以上持行政执法证的执法人员署名" in err
    assert "钱敏" in err and not (tmp_path / "r.pdf").exists()
    code, out, _ = run(capsys, "documents", "list")
    assert "安检记" not in out  # no number was taken
