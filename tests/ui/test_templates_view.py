"""检查表 view and editor on a real workspace: shipped templates are read-only, copies are edited,
a used version is saved as a new version and old inspections keep theirs.

Dialogs are opened the way the view opens them (non-blocking) and driven through their widgets
and their public accept path; nothing runs a modal ``exec``.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from safetydesk.domain.common import Unit
from safetydesk.domain.inspections import ChecklistTemplate, Inspection
from safetydesk.services.changes import Changes, Topic
from safetydesk.services.inspections import inspector
from safetydesk.ui.context import AppContext
from safetydesk.ui.dialogs.template_dialog import (
    COL_BASIS,
    COL_CONTENT,
    COL_MAJOR,
    COL_STANDARD,
    TemplateDialog,
)
from safetydesk.ui.dialogs.template_history_dialog import VersionHistoryDialog, item_changes
from safetydesk.ui.views.templates_view import TemplatesView

#: The offscreen platform warns whenever a shown top-level window's size limits change.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def view(qtbot, ctx: AppContext) -> TemplatesView:  # noqa: ANN001
    v = TemplatesView(ctx)
    qtbot.addWidget(v)
    v.resize(1200, 760)
    v.show()
    return v


def row_texts(v: TemplatesView, row: int) -> list[str]:
    return [v.table.item(row, c).text() for c in range(v.table.columnCount())]


def fire(v: TemplatesView) -> ChecklistTemplate:
    return next(t for t in v.templates if t.family == "fire-general")


def use(ctx: AppContext, unit: Unit, template_id: int) -> Inspection:
    ws = ctx.workspace
    saved = ws.inspections.record(Inspection(
        unit_id=unit.id, started_at=datetime(2026, 11, 20, 9, 0), template_id=template_id,
        results=ws.inspections.start_from_template(template_id),
        inspectors=(inspector("王建国"),), recorder="王建国",
    ))  # fmt: skip
    ctx.bus.changed.emit(saved.changes)
    return saved.record


def test_lists_the_shipped_templates_read_only(view: TemplatesView) -> None:
    assert view.table.rowCount() == 9 and view.count_label.text() == "共 9 张检查表"
    t = fire(view)
    assert view.select_id(t.id)
    row = view.templates.index(t)
    assert row_texts(view, row) == [
        "九小场所/人员密集场所消防安全检查表", "第1版",
        "九小场所、人员密集场所、集(农)贸市场、学校/校外培训、文物古建/宗教场所", "12", "内置", "0", "使用中",
    ]  # fmt: skip
    assert not view.edit_button.isEnabled() and "复制为新表" in view.edit_button.toolTip()
    assert view.copy_button.isEnabled() and view.history_button.isEnabled()
    items = view.items_table
    assert items.rowCount() == 12
    assert [items.item(2, c).text() for c in range(5)][:3] == ["3", "疏散通道、安全出口", "畅通，不锁闭、不占用、不堵塞"]
    assert items.item(2, 4).text() == "是" and items.item(0, 4).text() == ""
    assert "《中华人民共和国消防法》" in view.basis_label.text()
    assert view.edit_current() is None


def test_copy_edit_then_new_version_when_used(qtbot, view: TemplatesView, ctx: AppContext, unit: Unit) -> None:  # noqa: ANN001
    src = fire(view)
    view.select_id(src.id)
    ask = view.copy_current()
    assert ask.textValue() == f"{src.name}（本镇）"
    ask.setTextValue("本镇九小场所检查表")
    ask.accept()
    dlg = view.findChild(TemplateDialog)
    assert dlg is not None and dlg.isVisible() and not dlg.note_label.isVisible()
    mine = view.current()
    assert mine.name == "本镇九小场所检查表" and not mine.builtin and view.edit_button.isEnabled()

    # Edit the unused copy in place: types, basis, items (remove, move, add with the 重大 box).
    dlg.type_checks["文物古建/宗教场所"].setChecked(False)
    dlg.basis_edit.setText("《中华人民共和国消防法》")
    t = dlg.items_table
    t.selectRow(11)
    dlg.remove_selected()  # 证照
    t.selectRow(1)
    dlg.move_selected(-1)  # 灭火器配置 first
    row = dlg.add_item()
    t.item(row, COL_CONTENT).setText("微型消防站")
    t.item(row, COL_STANDARD).setText("配备必要的灭火器材")
    t.item(row, COL_MAJOR).setCheckState(Qt.CheckState.Checked)
    dlg.add_item()  # left empty: dropped on save
    dlg.accept()
    assert dlg.result() == dlg.DialogCode.Accepted
    saved = ctx.workspace.checklists.get(mine.id)
    assert [i.content for i in saved.items][:2] == ["灭火器配置", "消防安全责任人、管理人"]
    assert saved.items[-1].content == "微型消防站" and saved.items[-1].major and saved.items[-1].seq == 12
    assert "证照" not in [i.content for i in saved.items] and len(saved.items) == 12
    assert "文物古建/宗教场所" not in saved.target_types and saved.basis == "《中华人民共和国消防法》"
    assert view.current().id == mine.id and view.items_table.item(11, 1).text() == "微型消防站"

    # Once used, editing the items is refused with the reason; 另存为新版本 makes version 2.
    ins = use(ctx, unit, mine.id)
    assert row_texts(view, view.templates.index(view.current()))[5] == "1"
    dlg = view.edit_current()
    assert dlg.note_label.isVisible() and "已被 1 次检查使用" in dlg.note_label.text()
    assert "以前的检查记录仍保留" in dlg.note_label.text() and dlg.new_version_button.isVisible()
    row = dlg.add_item()
    dlg.items_table.item(row, COL_CONTENT).setText("消防控制室")
    dlg.items_table.item(row, COL_BASIS).setText("GB 25506")
    dlg.type_checks["燃气用户"].setChecked(True)
    dlg.accept()
    assert dlg.isVisible() and "已被 1 次检查使用，不能再修改其中的检查项" in dlg.error_label.text()
    assert len(ctx.workspace.checklists.get(mine.id).items) == 12
    saved = dlg.save_as_new_version()
    v2 = saved.record
    assert not dlg.isVisible() and v2.version == 2 and v2.family == mine.family
    assert v2.items[-1].content == "消防控制室" and "燃气用户" in v2.target_types
    old = ctx.workspace.checklists.get(mine.id)
    assert old.retired and len(old.items) == 12
    assert ctx.workspace.inspections.get(ins.id).template_id == mine.id
    assert view.current().id == v2.id
    assert row_texts(view, view.templates.index(view.current()))[1] == "第2版"
    assert mine.id not in [t.id for t in view.templates]

    # 显示旧版本 lists the retired version too.
    view.old_check.setChecked(True)
    retired = next(i for i, t in enumerate(view.templates) if t.id == mine.id)
    assert row_texts(view, retired)[6] == "已停用" and row_texts(view, retired)[5] == "1"
    assert "另有 1 个旧版本" in view.count_label.text()
    view.select_id(mine.id)
    assert not view.edit_button.isEnabled() and "旧版本" in view.edit_button.toolTip()

    history = view.show_history()
    assert isinstance(history, VersionHistoryDialog) and history.table.rowCount() == 2
    assert history.table.item(1, 6).text() == "新增 1 项：消防控制室"
    assert history.table.item(0, 3).text() == "1" and history.table.item(0, 5).text() == "已停用"
    history.table.selectRow(1)
    assert history.items_table.rowCount() == 13
    assert history.items_label.text() == "第2版的检查项（13 项）"


def test_editor_refuses_shipped_templates_and_empty_items(qtbot, ctx: AppContext) -> None:  # noqa: ANN001
    shipped = next(t for t in ctx.workspace.checklists.all() if t.builtin)
    dlg = TemplateDialog(ctx, shipped)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.note_label.isVisible() and "内置" in dlg.note_label.text()
    dlg.accept()
    assert dlg.isVisible() and "复制为新表" in dlg.error_label.text()
    assert not dlg.new_version_button.isVisible()

    mine = ctx.workspace.checklists.copy(shipped.id, "我的检查表").record
    dlg = TemplateDialog(ctx, mine)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.items_table.item(0, COL_CONTENT).setText("")
    dlg.accept()
    assert dlg.isVisible() and "第1个检查项没有填写检查内容" in dlg.error_label.text()
    dlg.name_edit.setText(" ")
    dlg.accept()
    assert dlg.error_label.text() == "请填写检查表名称。"
    while dlg.items_table.rowCount():
        dlg.items_table.selectRow(0)
        dlg.remove_selected()
    dlg.name_edit.setText("我的检查表")
    dlg.accept()
    assert "至少要有一个检查项" in dlg.error_label.text()
    assert ctx.workspace.checklists.get(mine.id).items == mine.items


def test_refreshes_when_hidden_only_once_shown(qtbot, ctx: AppContext) -> None:  # noqa: ANN001
    v = TemplatesView(ctx)
    qtbot.addWidget(v)
    shipped = v.templates[0]
    saved = ctx.workspace.checklists.copy(shipped.id, "隐藏时复制的表")
    ctx.bus.changed.emit(saved.changes)
    assert v.table.rowCount() == 9
    v.show()
    assert v.table.rowCount() == 10
    ctx.bus.changed.emit(Changes.of(Topic.UNITS))
    assert v.table.rowCount() == 10


def test_item_changes_wording() -> None:
    from safetydesk.domain.inspections import ChecklistItem as It

    a = (It(seq=1, content="甲"), It(seq=2, content="乙", standard="旧"))
    b = (It(seq=1, content="乙", standard="新"), It(seq=2, content="丙"))
    assert item_changes(a, b) == "新增 1 项：丙；删除 1 项：甲；修改 1 项：乙"
    assert item_changes(a, tuple(reversed(a))) == "调整了检查项顺序"
    assert item_changes(a, a) == ""
