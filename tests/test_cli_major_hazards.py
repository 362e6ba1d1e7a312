"""CLI of the 重大隐患 rules (issue 9, points 8, 12, 13): a ledger with 重大 rows lacking a 判定依据
is imported 待补录, ``list hazards --missing-basis`` lists them, 验收 / 销号 wait for
``hazard edit ID --set basis=…``, and ``hazard edit`` checks phones as the import does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from clitools import run
from openpyxl import Workbook

pytestmark = pytest.mark.usefixtures("data_dir")

HEADER = ["序号", "检查日期", "检查人员", "单位名称", "所属村(社区)", "隐患描述", "隐患等级", "整改措施",
          "整改期限", "整改责任人", "联系电话", "整改完成日期", "复查(验收)人", "是否销号"]  # fmt: skip


@pytest.fixture
def township(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "init", "--township", "润城镇", "--county", "阳城县")[0] == 0
    assert run(capsys, "add", "villages", "--set", "name=润城村")[0] == 0
    assert run(capsys, "add", "units", "--set", "name=示例饭店（虚构）", "--set", "village_id=润城村",
               "--set", "contact_phone=13800002002")[0] == 0  # fmt: skip


def ledger(path: Path) -> str:
    wb = Workbook()
    sh = wb.active
    sh.append(["润城镇2026年隐患排查治理台账"])
    sh.append(HEADER)
    rows = [
        [1, "2026-03-05", "王建国", "示例饭店（虚构）", "润城村", "灭火器过期", "一般", "更换", "7日内", "张丽",
         "13800002002", None, None, None],
        [2, "2026-04-01", "王建国", "示例饭店（虚构）", "润城村", "在地下室使用瓶装液化石油气", "重大",
         "改用管道天然气", "2026-05-01", "张丽", "13800002002", "2026-04-20", "县局验收组", None],
        [3, "2026-06-01", "王建国", "示例饭店（虚构）", "润城村", "安全出口被锁闭", "重大隐患", "开启出口",
         "30日内", None, None, None, None, None],
    ]  # fmt: skip
    for r in rows:
        sh.append(r)
    wb.save(path)
    return str(path)


def hazards(capsys: pytest.CaptureFixture[str], *extra: str) -> list[dict[str, Any]]:
    code, out, err = run(capsys, "list", "hazards", "--json", *extra)
    assert code == 0, err
    return json.loads(out)


def test_import_list_refuse_then_enter_the_basis(
    capsys: pytest.CaptureFixture[str], township: None, tmp_path: Path
) -> None:
    path = ledger(tmp_path / "台账.xlsx")
    code, out, err = run(capsys, "import", "hazards", path)
    assert code == 0, err
    assert "已导入 3 条隐患" in out
    assert "其中重大隐患缺判定依据 2 条（第 4、5 行），已标为“判定依据待补录”" in out
    assert "提示：" in err and "有 2 条重大隐患没有判定依据（第 4、5 行）" in err
    pending = hazards(capsys, "--missing-basis")
    assert [(h["description"], h["basis_pending"], h["basis"]) for h in pending] == [
        ("安全出口被锁闭", 1, ""), ("在地下室使用瓶装液化石油气", 1, "")]  # fmt: skip
    code, out, err = run(capsys, "list", "hazards", "--missing-basis")
    assert code == 0 and "重大（缺判定依据）" in out and "共 2 条隐患" in err
    accepted = next(h for h in pending if h["description"].startswith("在地下室"))
    hid = str(accepted["id"])
    code, out, _ = run(capsys, "hazard", "show", hid)
    assert "判定依据：待补录" in out and "五到位：" in out and "✗预案" in out
    # The ledger's own 验收 is kept; 销号 waits for the basis, with how to enter it.
    code, _, err = run(capsys, "hazard", "transition", hid, "销号", "--on", "2026-04-25")
    assert code == 1
    assert "须先录入判定依据才能销号" in err and f"safetydesk hazard edit {hid} --set basis=" in err
    # The mark cannot be cleared by hand; entering the basis clears it.
    code, _, err = run(capsys, "hazard", "edit", hid, "--set", "basis_pending=0")
    assert code == 2 and "basis_pending" in err
    code, out, err = run(capsys, "hazard", "edit", hid, "--set", "basis=城镇燃气经营安全重大隐患判定标准 第十条")
    assert code == 0, err
    assert "已保存隐患" in out and "仍待补录" not in out
    assert [h["description"] for h in hazards(capsys, "--missing-basis")] == ["安全出口被锁闭"]
    code, out, err = run(capsys, "hazard", "transition", hid, "销号", "--on", "2026-04-25")
    assert code == 0, err
    assert "销号 → 已销号" in out


def test_acceptance_lists_the_missing_five_in_place(
    capsys: pytest.CaptureFixture[str], township: None
) -> None:
    code, out, err = run(capsys, "hazard", "add", "--set", "unit_id=示例饭店（虚构）", "--set", "level=重大",
                         "--set", "basis=重大火灾隐患判定方法 第5.1条", "--set", "description=安全出口被锁闭",
                         "--set", "measures=开启出口", "--set", "found_by=王建国", "--set", "found_on=2026-11-02",
                         "--set", "deadline_days=7", "--set", "dual_report_on=2026-11-03")  # fmt: skip
    assert code == 0, err
    [h] = hazards(capsys)
    hid = str(h["id"])
    assert (h["dual_report_on"], h["basis_pending"], h["emergency_plan"]) == ("2026-11-03", 0, "")
    assert run(capsys, "hazard", "transition", hid, "当场整改", "--on", "2026-11-02")[0] == 0
    code, _, err = run(capsys, "hazard", "transition", hid, "验收", "--on", "2026-11-03",
                       "--set", "accepted_unit=县应急管理局", "--set", "accepted_by=赵科长")  # fmt: skip
    assert code == 1
    assert "“五到位”未落实（缺责任、资金、预案），不能验收" in err
    assert f"safetydesk hazard edit {hid} --set responsible_person=… --set funds=… --set emergency_plan=…" in err
    # 挂牌督办 by an edit is refused the same way, and nothing is written.
    code, _, err = run(capsys, "hazard", "edit", hid, "--set", "listed_level=县级", "--set", "listed_on=2026-11-03")
    assert code == 2 and "不能挂牌督办" in err and "未写入任何数据" in err
    code, _, err = run(capsys, "hazard", "edit", hid, "--set", "responsible_person=张丽", "--set", "funds=0",
                       "--set", "emergency_plan=整改期间停止营业")  # fmt: skip
    assert code == 0, err
    code, _, err = run(capsys, "hazard", "transition", hid, "验收", "--on", "2026-11-03",
                       "--set", "accepted_unit=县应急管理局", "--set", "accepted_by=赵科长")  # fmt: skip
    assert code == 1 and "缺资金）" in err  # funds=0 is not 资金到位
    assert run(capsys, "hazard", "edit", hid, "--set", "funds=1.5")[0] == 0
    code, out, err = run(capsys, "hazard", "transition", hid, "验收", "--on", "2026-11-03",
                         "--set", "accepted_unit=县应急管理局", "--set", "accepted_by=赵科长")  # fmt: skip
    assert code == 0, err
    code, out, _ = run(capsys, "hazard", "show", hid)
    assert "五到位：✓责任　✓措施　✓资金　✓时限　✓预案" in out and "双报告：2026-11-03" in out


@pytest.mark.parametrize("phone", ["12345678901", "1234", "0356-12"])
def test_hazard_and_unit_edits_refuse_the_phones_the_import_refuses(
    capsys: pytest.CaptureFixture[str], township: None, phone: str
) -> None:
    code, _, err = run(capsys, "hazard", "add", "--set", "unit_id=示例饭店（虚构）", "--set", "description=灭火器过期",
                       "--set", "measures=更换", "--set", "found_by=王建国", "--set", "deadline_days=7")  # fmt: skip
    assert code == 0, err
    [h] = hazards(capsys)
    for args in (("hazard", "edit", str(h["id"]), "--set", f"responsible_phone={phone}"),
                 ("hazard", "add", "--set", "unit_id=示例饭店（虚构）", "--set", "description=又一条",
                  "--set", "measures=更换", "--set", "found_by=王建国", "--set", "deadline_days=7",
                  "--set", f"responsible_phone={phone}"),
                 ("edit", "units", "1", "--set", f"contact_phone={phone}")):  # fmt: skip
        code, _, err = run(capsys, *args)
        assert code == 2, args
        assert f"「{phone}」格式不对" in err and "未写入任何数据" in err
    assert len(hazards(capsys)) == 1
    code, out, err = run(capsys, "hazard", "edit", str(h["id"]), "--set", "responsible_phone=138 0000 1234")
    assert code == 0, err
    assert hazards(capsys)[0]["responsible_phone"] == "13800001234"
