"""The printed drill forms read back with pypdf: 应急演练记录表 (with its evaluation and photo
pages), 年度应急演练计划 and 演练义务完成情况一览表 (text, order, page size, marks, fonts)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, time, timedelta
from datetime import datetime as dt
from pathlib import Path

import pytest
from drill_print_data import DrillData, build, photo
from pypdf import PageObject
from reportlab.pdfbase import pdfmetrics

from safetydesk.domain.drill_evaluation import score
from safetydesk.domain.drill_records import DrillAttachment, DrillFinding
from safetydesk.paths import attachments_dir
from safetydesk.printing.fonts import ensure_fonts
from safetydesk.services import Workspace
from safetydesk.storage import drill_records as record_store
from tests.printing.conftest import A4_LANDSCAPE, A4_PORTRAIT, PrintedForm, text_runs

Read = Callable[[Path], PrintedForm]


@pytest.fixture
def data(ws: Workspace) -> DrillData:
    return build(ws)


def _size(form: PrintedForm, i: int = 0) -> tuple[float, float]:
    box = form.reader.pages[i].mediabox
    return round(float(box.width), 1), round(float(box.height), 1)


def _face(font_name: str) -> str:
    face = pdfmetrics.getFont(font_name).face.name
    return face.decode() if isinstance(face, bytes) else face


def _fonts(page: PageObject) -> list[tuple[str, str]]:
    """(text, font face) of every run of text on the page."""
    out: list[tuple[str, str]] = []

    def visit(text: str, _cm: object, _tm: object, font: object, _size: float) -> None:
        if text.strip() and font is not None:
            base = str(font["/BaseFont"])  # type: ignore[index]
            out.append((text.strip(), re.sub(r"-\d+$", "", base.lstrip("/").split("+", 1)[-1])))

    page.extract_text(visitor_text=visit)
    return out


def _font_of(page: PageObject, text: str) -> str:
    return next(face for t, face in _fonts(page) if text in t)


# -- 应急演练记录表 ----------------------------------------------------------------------------------
def test_record_of_an_evaluated_drill_with_photos(
    ws: Workspace, data: DrillData, tmp_path: Path, read: Read
) -> None:
    path, pages = ws.drill_prints.record(data.village_drill, tmp_path / "演练记录")
    assert path.suffix == ".pdf" and path.exists()
    form = read(path)
    assert pages == len(form.pages) == 4 and _size(form) == A4_PORTRAIT
    form.check_layout()
    form.check_margins()
    record = "".join(form.page_flat(i) for i in range(2))
    assert record.startswith("上庄村村民委员会应急演练记录表编号：YL2026-1")
    for label in ("演练名称", "组织单位", "演练时间", "演练地点", "灾种/类别", "演练内容", "演练形式",
                  "演练预案", "总指挥", "参演单位", "参演人数", "观摩评估人员", "疏散用时", "情景设置",
                  "演练过程", "物资装备", "发现的问题及整改措施", "评估结论"):  # fmt: skip
        assert label in record, label
    for value in ("上庄村防汛避险转移演练", "2026年5月20日08:30—10:00", "上庄村村委会广场", "防汛",
                  "综合演练", "实战演练", "上庄村防汛预案（2026年版）", "上庄村党支部书记王建国",
                  "上庄村应急分队、网格员、镇卫生院", "62人（其中群众45人）", "镇应急办陈卫东",
                  "18分钟", "夜间山洪预警，危险区住户按明白卡路线转移至避难场所。",
                  "救生衣20件、应急照明灯10盏、对讲机6部"):  # fmt: skip
        assert value in record, value
    # 演练过程: a 时间 | 演练过程 table, the steps in order, each beside its time.
    steps = ["村广播发出山洪预警", "网格员逐户叫应", "危险区住户按明白卡路线转移", "避难场所清点人数",
             "演练结束、现场点评"]  # fmt: skip
    table = record[record.index("时间演练过程"):]
    assert [table.index(s) for s in steps] == sorted(table.index(s) for s in steps)
    assert "08:30村广播发出山洪预警" in table and "09:40避难场所清点人数" in table
    # Findings: the table's columns, a deadline, the one made a hazard with its 隐患编号.
    assert "序号存在问题整改措施责任人期限已转隐患" in record
    assert "1两户老人转移时未带随身药品明白卡增加随身物品清单网格员刘晓燕2026-06-20否" in record
    assert f"更换应急照明灯（已登记隐患{data.hazard_code}）村委会赵强2026-05-27是" in record
    assert "评估结论：达到预期是否需修订预案：是" in record
    assert "附件：应急演练评估表；演练照片（共2张）" in record
    assert "记录人：刘晓燕签名" in record and "审核人：王建国签名" in record
    assert "报送日期" not in form.flat  # a village's drill is not reported
    assert not any(form.reader.pages[i].images for i in range(3))


def test_evaluation_page_marks_each_rating_in_its_column(
    ws: Workspace, data: DrillData, tmp_path: Path, read: Read
) -> None:
    form = read(ws.drill_prints.record(data.village_drill, tmp_path / "r.pdf")[0])
    page = form.page_flat(2)
    assert page.startswith("应急演练评估表（应急演练记录表编号：YL2026-1演练名称：上庄村")
    assert "评估表：实战演练评估表（第1版）" in page and "GB/T46792-2025" in page
    assert "序号评估项目评估标准达标基本达标不达标说明" in page
    evaluation = ws.drills.evaluation(data.village_drill)
    assert evaluation is not None
    points = score(evaluation.results)
    assert points == 88
    assert f"评分：{points}分（满分100分）" in page
    assert "评估结论：达到预期（按评分应为“基本达到”，改定理由：不达标项已当场整改到位）" in page
    assert "改进建议：汛前再组织一次夜间转移演练" in page
    assert "评估方法：检查表打分评估日期：2026年5月21日" in page
    assert "评估人员：陈卫东签名" in page and "评估人员：李明签名" in page
    assert "疏散组织" in page and "两户老人转移迟缓" in page and "照明灯不足" in page
    # One mark per item; item 5 (不达标) the rightmost, item 7 (基本达标) in the middle.
    marks = sorted((r for r in text_runs(form.reader.pages[2]) if r.text.strip() == "√"),
                   key=lambda r: -r.y)  # fmt: skip
    assert len(marks) == len(evaluation.results) == 13
    met, mostly, failed = marks[0].x, marks[6].x, marks[4].x
    assert met < mostly < failed
    assert all(abs(m.x - met) < 1 for n, m in enumerate(marks) if n not in (4, 6))


def test_photo_page_two_per_row_with_captions_and_a_missing_file_noted(
    ws: Workspace, data: DrillData, tmp_path: Path, read: Read
) -> None:
    form = read(ws.drill_prints.record(data.village_drill, tmp_path / "r.pdf")[0])
    last = form.reader.pages[-1]
    page = form.page_flat(len(form.pages) - 1)
    assert "附件演练照片（应急演练记录表编号：YL2026-1演练名称：上庄村防汛避险转移演练）" in page
    assert "照片1：应急分队集结" in page and "照片2：危险区住户转移" in page
    assert "照片“丢失的照片.jpg”的文件找不到，未印。" in page
    assert len(last.images) == 2  # the sign-in sheet is no photo
    # Two to a row: the thumbnails' captions side by side on one baseline.
    runs = {r.text.strip(): r for r in text_runs(last)}
    first = next(r for t, r in runs.items() if t.startswith("照片1"))
    second = next(r for t, r in runs.items() if t.startswith("照片2"))
    assert abs(first.y - second.y) < 1 and first.x < second.x


def test_unit_drill_prints_its_report_date_and_no_extra_pages(
    ws: Workspace, data: DrillData, tmp_path: Path, read: Read
) -> None:
    path, pages = ws.drill_prints.record(data.unit_drill, tmp_path / "u.pdf")
    form = read(path)
    assert pages == len(form.pages)
    form.check_layout()
    form.check_margins()
    flat = form.flat
    assert flat.startswith("润城示例商场应急演练记录表编号：YL2026-2")
    assert "报送日期：2026年4月5日" in flat and "2026年4月2日15:00—15:40" in flat
    assert "演练预案（未注明）" in flat and "本次演练未发现需要整改的问题。" in flat
    assert "30人" in flat and "其中群众" not in flat
    assert "应急演练评估表" not in flat and "演练照片" not in flat and "附件" not in flat
    assert not any(p.images for p in form.reader.pages)

    # A photo without an evaluation: the photo page comes, the evaluation page does not.
    assert ws.path is not None
    photo(attachments_dir(ws.path) / "drills/2/a.jpg", (20, 160, 20))
    with ws.db.atomic():
        record_store.AttachmentStore(ws.db).insert(
            DrillAttachment(drill_id=data.unit_drill, file="drills/2/a.jpg", note="疏散到集合点"))
    form = read(ws.drill_prints.record(data.unit_drill, tmp_path / "u2.pdf")[0])
    assert len(form.pages) == pages + 1 and len(form.reader.pages[-1].images) == 1
    assert "附件：演练照片（共1张）" in form.flat and "应急演练评估表" not in form.flat
    assert "照片1：疏散到集合点" in form.page_flat(len(form.pages) - 1)


def test_long_texts_wrap_onto_more_pages_without_loss(
    ws: Workspace, data: DrillData, tmp_path: Path, read: Read
) -> None:
    drill = ws.drills.get(data.unit_drill)
    scenario = "".join(f"情景第{n:02d}段：商场三楼餐饮区起火，浓烟沿自动扶梯向上蔓延，顾客滞留。"
                       for n in range(1, 41))  # fmt: skip
    start = dt.combine(drill.held_on, time(8, 0))
    steps = [f"{(start + timedelta(minutes=5 * n)):%H:%M} 第{n:02d}步：各疏散小组按分工引导顾客"
             f"从就近安全出口撤离并清点人数" for n in range(80)]  # fmt: skip
    long_problem = "".join(f"问题细节{n:02d}：防火门闭门器失效，常闭式防火门处于开启状态。"
                           for n in range(1, 61)) + "问题尾标记"  # fmt: skip
    findings = [DrillFinding(problem=f"第{n:02d}项问题：疏散指示标志不亮", action="更换指示标志",
                             responsible="商场安全员", due_on=date(2026, 5, 1)) for n in range(1, 30)]
    findings.insert(3, DrillFinding(problem=long_problem, action="更换闭门器并每日巡查"))
    units = "、".join(f"参演单位{n:03d}号消防志愿服务队" for n in range(1, 121)) + "单位尾标记"
    ws.drills.update(replace(drill, scenario=scenario, timeline="\n".join(steps), units=units,
                             start_time="08:00", end_time="20:00"), findings)  # fmt: skip
    path, pages = ws.drill_prints.record(data.unit_drill, tmp_path / "long.pdf")
    form = read(path)
    assert pages == len(form.pages) >= 5
    form.check_layout()
    form.check_margins()
    flat = form.flat
    markers = ([f"参演单位{n:03d}号" for n in range(1, 121)] + ["单位尾标记"] + [f"情景第{n:02d}段" for n in range(1, 41)] + [f"第{n:02d}步" for n in range(80)]
               + [f"第{n:02d}项问题" for n in (1, 2, 3)] + [f"问题细节{n:02d}" for n in range(1, 61)]
               + ["问题尾标记"] + [f"第{n:02d}项问题" for n in range(4, 30)])  # fmt: skip
    found = [flat.find(m) for m in markers]
    assert -1 not in found
    assert found == sorted(found)
    # The prose is whole and in order, once the page footers and running heads are taken out.
    assert scenario in re.sub(r"第\d+页共\d+页|（YL2026-2）", "", flat)
    # The tables go on with their header on the next page.
    assert sum(form.page_flat(i).count("时间演练过程") for i in range(pages)) >= 2
    assert sum(form.page_flat(i).count("序号存在问题整改措施") for i in range(pages)) >= 2
    assert "报送日期：2026年4月5日" in form.page_flat(pages - 1)


# -- 年度应急演练计划 -----------------------------------------------------------------------------
def test_plan_table_lists_every_date_with_its_status(
    ws: Workspace, data: DrillData, tmp_path: Path, read: Read
) -> None:
    path, pages = ws.drill_prints.plan(2026, tmp_path / "计划.pdf")
    form = read(path)
    assert pages == len(form.pages) == 1 and _size(form) == A4_LANDSCAPE
    form.check_layout(landscape=True)
    flat = form.flat
    assert flat.startswith("润城镇2026年度应急演练计划")
    assert "序号演练名称组织单位/对象灾种形式综合/单项计划时间地点参演单位预计人数经费(元)状态备注" in flat
    record_no = ws.drills.get(data.village_drill).record_no
    rows = [
        f"1上庄村防汛避险转移演练上庄村村民委员会防汛实战单项5月20日上庄村村委会广场上庄村应急分队、"
        f"网格员603,000已完成记录{record_no}",
        "2润城镇地震应急疏散演练润城镇地震实战综合8月15日12,000取消取消原因：持续高温，学校停课",
        "3润城镇燃气泄漏处置演练润城镇燃气泄漏实战单项9月25日逾期",
        "4润城镇冬季森林火灾桌面推演润城镇森林火灾桌面单项12月15日镇政府三楼会议室40延期"
        "原定11月10日，县森林防火检查，推迟举行",
        "5润城镇冬季消防疏散演练润城镇消防疏散实战单项12月20日计划",
    ]
    for row in rows:
        assert row in flat, row
    assert "共5次演练：已完成1次，计划1次，延期1次，取消1次，逾期1次（状态按2026年11月23日判断）。" in flat
    assert "编制单位：润城镇人民政府编制日期：2026年11月23日审核：" in flat
    # The 逾期 row stands out in 黑体; the others are in the table font.
    fonts = ensure_fonts()
    page = form.reader.pages[0]
    assert _font_of(page, "燃气泄漏处置") == _face(fonts.title)
    assert _font_of(page, "冬季消防疏散") == _face(fonts.table)


def test_plan_of_a_year_without_items(ws: Workspace, tmp_path: Path, read: Read) -> None:
    path, pages = ws.drill_prints.plan(2030, tmp_path / "p.pdf")
    form = read(path)
    assert pages == 1
    form.check_layout(landscape=True)
    assert "润城镇2030年度应急演练计划" in form.flat and "（无）" in form.flat
    assert "共0次演练" in form.flat


# -- 演练义务完成情况一览表 ---------------------------------------------------------------------------
def test_compliance_table_bolds_what_is_missing(
    ws: Workspace, data: DrillData, tmp_path: Path, read: Read
) -> None:
    today = date(2026, 12, 10)
    path, pages = ws.drill_prints.compliance(2026, tmp_path / "义务.pdf", today)
    form = read(path)
    assert pages == len(form.pages) == 1 and _size(form) == A4_LANDSCAPE
    form.check_layout(landscape=True)
    flat = form.flat
    assert flat.startswith("润城镇2026年演练义务完成情况一览表统计日期：2026年12月10日")
    assert "序号对象类别要求周期应完成已完成缺到期日状态依据" in flat
    obligations = ws.drills.compliance(2026, today)
    assert len(obligations) == 5
    open_ = [o for o in obligations if o.missing]
    assert len(open_) == 3
    assert "1润城镇镇不限灾种年1012026-12-31即将到期" in flat
    assert "2润城镇镇不限灾种，须实战年1012026-12-31即将到期" in flat
    assert "3上庄村村(社区)不限灾种年112026-12-31已完成" in flat
    assert "4润城示例商场人员密集场所不限灾种上半年112026-06-30已完成" in flat
    assert "5润城示例商场人员密集场所不限灾种下半年1012026-12-31即将到期" in flat
    assert "共5项，未完成3项，30日内到期3项。" in flat
    assert "编制单位：润城镇人民政府编制日期：2026年11月23日" in flat
    fonts = ensure_fonts()
    page = form.reader.pages[0]
    faces = {text: face for text, face in _fonts(page)}
    assert faces["上庄村"] == _face(fonts.table)  # done: plain
    assert faces["润城镇"] == _face(fonts.title)  # owed: 黑体
    assert _font_of(page, "下半年") == _face(fonts.title)
    assert _font_of(page, "上半年") == _face(fonts.table)


def test_compliance_is_judged_on_the_day_given(
    ws: Workspace, data: DrillData, tmp_path: Path, read: Read
) -> None:
    form = read(ws.drill_prints.compliance(2026, tmp_path / "a.pdf", date(2026, 6, 20))[0])
    assert "统计日期：2026年6月20日" in form.flat
    assert "共5项，未完成3项，30日内到期0项。" in form.flat
    assert "下半年1012026-12-31待完成" in form.flat
    # Without a day: the workspace's clock (2026-11-23: the second half-year ends in 38 days).
    form = read(ws.drill_prints.compliance(2026, tmp_path / "b.pdf")[0])
    assert "统计日期：2026年11月23日" in form.flat and "30日内到期0项" in form.flat


def test_evaluators_keep_their_office_with_their_name() -> None:
    from safetydesk.printing.forms.drill_record import _names

    assert _names("阳城县应急管理局 王建国、润城镇应急办 陈卫东；李华,张强") == [
        "阳城县应急管理局 王建国", "润城镇应急办 陈卫东", "李华", "张强"]  # fmt: skip
