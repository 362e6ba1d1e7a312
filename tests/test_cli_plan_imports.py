"""``safetydesk import contacts|baobao|households``: counts, the row report, exit 2, --create-missing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from clitools import run
from openpyxl import Workbook

from safetydesk.domain.baobao import BaobaoAssignment, Household
from safetydesk.domain.plan_parts import Contact
from safetydesk.services import Workspace

#: Every test here runs the CLI against a fresh data folder.
pytestmark = pytest.mark.usefixtures("data_dir")


def xlsx(path: Path, title: str, header: list[str], rows: list[list[Any]]) -> str:
    wb = Workbook()
    sh = wb.active
    sh.append([title])
    sh.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sh.append(header)
    for r in rows:
        sh.append(r)
    wb.save(path)
    return str(path)


def records(data_dir: Path, cls: type) -> list[Any]:
    ws = Workspace.open(data_dir / "safetydesk.db")
    try:
        return ws.plan_parts.all(cls)
    finally:
        ws.close()


@pytest.fixture
def township(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "init", "--township", "润城镇", "--county", "阳城县")[0] == 0
    assert run(capsys, "add", "villages", "--set", "name=上庄村")[0] == 0
    assert run(capsys, "add", "people", "--set", "name=陈帮扶", "--set", "mobile=13800006666")[0] == 0


def test_contacts_dry_run_then_import_with_json(
    capsys: pytest.CaptureFixture[str], township: None, data_dir: Path, tmp_path: Path
) -> None:
    path = xlsx(tmp_path / "c.xlsx", "上庄村应急通讯录", ["序号", "类别", "姓名", "职务", "手机号码", "座机"], [
        [1, "村两委", "王书记", "党支部书记", "13800001234", None],
        [2, "派出所", "润城派出所", "", None, "0356-4881110"],
    ])  # fmt: skip
    code, out, err = run(capsys, "import", "contacts", path, "--village", "上庄村", "--dry-run")
    assert code == 0, err
    assert "检查通过，可以导入 2 条通讯录条目（上庄村 2 条）" in out and "--dry-run，未写入" in out
    assert records(data_dir, Contact) == []
    code, out, err = run(capsys, "import", "contacts", path, "--village", "上庄村", "--json")
    assert code == 0, err
    assert json.loads(out) == {"ok": True, "kind": "contacts", "dry_run": False, "count": 2,
                               "villages": {"上庄村": 2}, "created_people": [], "skipped_rows": []}  # fmt: skip
    assert [c.name for c in records(data_dir, Contact)] == ["王书记", "润城派出所"]


def test_bad_phone_is_refused_with_exit_2_and_the_row_named(
    capsys: pytest.CaptureFixture[str], township: None, data_dir: Path, tmp_path: Path
) -> None:
    path = xlsx(tmp_path / "h.xlsx", "上庄村危险区住户名单", ["户主姓名", "组别", "住址", "联系电话", "家庭人数", "包户责任人"], [
        ["张三", "一组", "后沟12号", "13800007777", 4, "陈帮扶"],
        ["李四", "一组", "后沟15号", "138000", 3, None],
    ])  # fmt: skip
    code, out, err = run(capsys, "import", "households", path, "--village", "上庄村")
    assert code == 2 and out == ""
    assert "第4行\t联系电话\t联系电话「138000」格式不对" in err and "未写入任何数据" in err
    code, out, _ = run(capsys, "import", "households", path, "--village", "上庄村", "--json")
    assert code == 2
    report = json.loads(out)
    assert report["ok"] is False
    assert [(p["row"], p["column"]) for p in report["problems"]] == [(4, "联系电话")]
    assert records(data_dir, Household) == []


def test_baobao_unknown_person_needs_create_missing(
    capsys: pytest.CaptureFixture[str], township: None, data_dir: Path, tmp_path: Path
) -> None:
    path = xlsx(tmp_path / "b.xlsx", "上庄村包保责任表", ["村(社区)", "包保层级", "包保责任人", "手机", "包保对象", "上级责任人"], [
        ["上庄村", "镇包村", "陈帮扶", "13800006666", "上庄村", None],
        ["上庄村", "包组", "周组长", "13800005555", "第二村民小组", "陈帮扶"],
    ])  # fmt: skip
    code, out, err = run(capsys, "import", "baobao", path)
    assert code == 2 and "第4行\t包保责任人\t包保责任人「周组长」不在人员名录中" in err
    assert "--create-missing" in err and records(data_dir, BaobaoAssignment) == []
    code, out, err = run(capsys, "import", "baobao", path, "--create-missing")
    assert code == 0, err
    assert "已导入 2 条包保关系（上庄村 2 条）" in out and "已新建 1 位人员：周组长" in out
    code, out, _ = run(capsys, "list", "people", "--json")
    assert sorted(p["name"] for p in json.loads(out)) == ["周组长", "陈帮扶"]
    chain = records(data_dir, BaobaoAssignment)
    assert [a.target for a in chain] == ["上庄村", "第二村民小组"]
    assert chain[1].escalate_to_id == chain[0].person_id


def test_wrong_kind_of_file_is_refused(
    capsys: pytest.CaptureFixture[str], township: None, tmp_path: Path
) -> None:
    path = xlsx(tmp_path / "x.xlsx", "无关表格", ["品名", "数量"], [["编织袋", 100]])
    code, out, err = run(capsys, "import", "baobao", path, "--village", "上庄村")
    assert code == 2 and "找不到包保责任表的表头" in err
