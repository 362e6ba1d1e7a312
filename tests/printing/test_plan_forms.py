"""The printed 一制四案 forms read back with pypdf: text, page size, cards per page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from safetydesk.domain.baobao import Household
from safetydesk.domain.plan_parts import RiskKind, RiskPoint
from safetydesk.printing.fonts import ensure_fonts
from safetydesk.printing.forms import emergency_cards
from safetydesk.services import Workspace
from tests.plan_print_data import PlanData, build
from tests.printing.conftest import A4_LANDSCAPE, A4_PORTRAIT, PrintedForm, text_runs

Read = Callable[[Path], PrintedForm]


@pytest.fixture
def data(ws: Workspace) -> PlanData:
    return build(ws)


def _size(form: PrintedForm, i: int = 0) -> tuple[float, float]:
    box = form.reader.pages[i].mediabox
    return round(float(box.width), 1), round(float(box.height), 1)


def test_cards_four_per_sheet_with_every_title(
    ws: Workspace, data: PlanData, tmp_path: Path, read: Read
) -> None:
    path, count = ws.plan_prints.cards([data.shangzhuang, data.runcheng], tmp_path / "卡.pdf")
    form = read(path)
    assert count == 6 and len(form.pages) == 2 and _size(form) == A4_PORTRAIT
    titles = [f"上庄村{r}防汛应急处置卡{n}" for n, r in
              enumerate(("村党支部书记", "网格员", "监测员", "护林员", "避险点管理员"), 1)]  # fmt: skip
    titles.append("润城村网格员地震应急处置卡")
    per_page = [[t for t in titles if t in form.page_flat(i)] for i in range(2)]
    assert per_page == [titles[:4], titles[4:]]
    assert "第8步" in form.page_flat(0) and "报告对象与电话：镇防汛办13800000001" in form.page_flat(0)
    assert "版本日期：2026年5月20日" in form.page_flat(0)
    # The fullest card (eight wrapped steps) prints at 9 pt or more, inside its card.
    sizes = {round(r.size, 1) for r in text_runs(form.reader.pages[0])}
    assert min(sizes) >= 9
    for i in range(emergency_cards.PER_PAGE):
        x, y = emergency_cards.origin(i)
        assert x >= 5 * 72 / 25.4 and y >= 5 * 72 / 25.4  # off the printer's unprintable edge
    runs = text_runs(form.reader.pages[0])
    boxes = [emergency_cards.origin(i) for i in range(4)]
    for run in runs:  # every run lies inside one card
        assert any(x <= run.x and run.end <= x + emergency_cards.CARD_W + 0.5
                   and y <= run.y <= y + emergency_cards.CARD_H for x, y in boxes), run  # fmt: skip


def test_eight_long_steps_fit_without_shrinking(data: PlanData, ws: Workspace) -> None:
    card = ws.plan_prints.card_texts([data.shangzhuang])[0]
    story, size = emergency_cards.fitted_story(card, ensure_fonts())
    assert len(card.steps) == 8 and size >= 9
    assert not any(isinstance(f, emergency_cards.KeepInFrame) for f in story)


def test_cards_page_has_crop_marks(ws: Workspace, data: PlanData, tmp_path: Path) -> None:
    from pypdf import PdfReader

    path, _ = ws.plan_prints.cards([data.shangzhuang], tmp_path / "卡.pdf")
    content = PdfReader(path).pages[0].get_contents()
    assert content is not None
    ops = content.get_data().decode("latin-1")
    # Eight short strokes per card (two at each corner), each a moveto/lineto pair.
    assert ops.count(" l S") + ops.count(" l\nS") >= 8 * emergency_cards.PER_PAGE


def test_baobao_table_landscape_grouped_in_chain_order(
    ws: Workspace, data: PlanData, tmp_path: Path, read: Read
) -> None:
    path, count = ws.plan_prints.baobao([data.shangzhuang], tmp_path / "包保.pdf")
    form = read(path)
    form.check_layout(landscape=True)
    assert count == 3 and _size(form) == A4_LANDSCAPE
    flat = form.flat
    for header in ("层级", "包保责任人", "职务", "手机", "备用电话", "包保对象", "包保灾种",
                   "叫应顺序", "上级责任人"):  # fmt: skip
        assert header in flat
    assert flat.index("王建国") < flat.index("李守业") < flat.index("张秀英")
    assert "防汛、地质灾害" in flat and "润城镇上庄村" in flat


def test_contacts_show_missing_required_entries(
    ws: Workspace, data: PlanData, tmp_path: Path, read: Read
) -> None:
    path, count = ws.plan_prints.contacts([data.shangzhuang, None], tmp_path / "通讯录.pdf")
    form = read(path)
    form.check_layout()
    assert count == 3 and len(form.pages) == 2
    first = form.page_flat(0)
    assert first.count("（缺）必备") == 8 and "必备项缺8项" in first
    assert first.index("润城镇值班室") < first.index("李守业") < first.index("派出所")
    assert first.index("派出所") < first.index("沁河水文站")  # other categories after the required
    assert form.page_flat(1).count("（缺）必备") == 10  # the township has none yet


def test_mingbai_cards_two_per_sheet(
    ws: Workspace, data: PlanData, tmp_path: Path, read: Read
) -> None:
    point = ws.plan_parts.add(RiskPoint(None, data.runcheng, "西山滑坡", RiskKind.GEOHAZARD, "西山"))
    ws.plan_parts.add(Household(None, data.runcheng, "孙大年", "第三组", "西山 2 号", 5,
                                phone="13800000209", risk_point_id=point.id))  # fmt: skip
    path, count = ws.plan_prints.mingbai([data.shangzhuang, data.runcheng], tmp_path / "卡.pdf")
    form = read(path)
    assert count == 3 and len(form.pages) == 2 and _size(form) == A4_PORTRAIT
    page1, page2 = form.page_flat(0), form.page_flat(1)
    assert page1.count("防灾避险明白卡") == 2 and "沿此线剪开" in page1
    assert "刘满仓" in page1 and "陈二妮" in page1 and "安全户" not in form.flat
    assert "预警：大喇叭连续广播" in page1 and "转移：急促锣声" in page1
    assert "张秀英13800000103" in page1 and "赵铁柱13800000104" in page1
    assert "上庄村委会广场（上庄村委会）" in page1 and "李守业13800000102" in page1
    assert "上庄村村民委员会" in page1 and "一式三份" in page1 and "2026年5月25日" in page1
    # 润城村 has no 地质灾害 plan: its signals are not decided yet.
    assert "孙大年" in page2 and "地质灾害" in page2 and page2.count("（未定）") == 2


def test_shelter_list_township_first_with_totals(
    ws: Workspace, data: PlanData, tmp_path: Path, read: Read
) -> None:
    path, count = ws.plan_prints.shelters(None, tmp_path / "避难场所.pdf")
    form = read(path)
    form.check_layout(landscape=True)
    flat = form.flat
    assert count == 2 and flat.index("润城镇中学操场") < flat.index("上庄村委会广场")
    assert "合计：2处避难场所，可容纳1800人" in flat and "水、电、厕所" in flat
    path, count = ws.plan_prints.shelters([data.runcheng], tmp_path / "无.pdf")
    assert count == 0 and "（无记录）" in read(path).flat


def test_booklet_cover_contents_items_and_annexes(
    ws: Workspace, data: PlanData, tmp_path: Path, read: Read
) -> None:
    from safetydesk.domain.plans import PlanKind

    ws.plan_content.edit(data.shangzhuang, PlanKind.FLOOD,
                         steps={"人员转移": ["按包保名单逐户通知", "清点人数，确认无遗漏"]})  # fmt: skip
    path, drafted = ws.plan_prints.booklet([data.shangzhuang, data.runcheng], tmp_path / "汇编.pdf")
    form = read(path)
    form.check_layout()
    form.check_margins()
    assert drafted == 1
    cover = form.page_flat(0)
    assert "润城镇上庄村" in cover and "一制四案" in cover and "2026年" in cover
    assert "编制单位：上庄村村民委员会" in cover
    contents = form.page_flat(1)
    assert "目录" in contents and "一、突发事件应急包保责任制（未编制）" in contents
    assert "三、防汛应急预案" in contents and "三、防汛应急预案（未编制）" not in contents
    assert "附件9应急物资" in contents
    # The contents give each heading's page: 三、防汛应急预案 is on the page it names.
    lines = form.lines(1)
    flood_line = next(ln for ln in lines if ln.startswith("三、防汛应急预案"))
    page_no = int(flood_line.removeprefix("三、防汛应急预案"))
    assert form.page_flat(page_no - 1).startswith("三、防汛应急预案")
    annex_line = next(ln for ln in lines if ln.startswith("附件9应急物资"))
    assert "附件9应急物资" in form.page_flat(int(annex_line.removeprefix("附件9应急物资")) - 1)
    flood = next(i for i in range(len(form.pages)) if "三、防汛应急预案" in form.page_flat(i) and i > 1)
    page = form.page_flat(flood)
    assert "2026年版" in page and "草稿" in page and "2026年4月1日" in page
    assert "预警信号：大喇叭连续广播" in page and "转移信号：急促锣声" in page
    assert page.index("（四）人员转移") < page.index("1.按包保名单逐户通知") < page.index("2.清点人数")
    # Items never drafted say so on their page: no blank pages.
    assert all(len(form.page_flat(i)) > 12 for i in range(len(form.pages)))
    assert form.page_flat(flood - 1).count("未编制") >= 1
    text = form.flat
    for annex in ("附件1应急通讯录", "附件4包保责任表", "附件5危险区住户与重点人员", "附件9应急物资"):
        assert annex in text
    assert "138****0201" in text and "13800000201" not in text  # a resident's phone is masked
    assert text.count("润城村") >= 2  # the second booklet follows in the same PDF
