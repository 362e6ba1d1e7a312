"""The people pickers on a real workspace: no dialog loads the people register; typing a name
searches it (after a pause) and offers the matching people only; typed names stay allowed.

Text is put in with insert() / setEditText() (keyClicks with non-ASCII aborts the process);
QLineEdit.insert() counts as typing (it emits textEdited, as keys do).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from safetydesk.domain.common import Person, PersonRole, Unit
from safetydesk.domain.hazards import Hazard, HazardAction
from safetydesk.domain.schedule import DeadlineKind
from safetydesk.services import Workspace
from safetydesk.services.registers import PersonService
from safetydesk.ui.context import AppContext
from safetydesk.ui.dialogs.hazard_action_dialog import HazardActionDialog
from safetydesk.ui.dialogs.hazard_dialog import HazardDialog
from safetydesk.ui.dialogs.inspection_dialog import InspectionDialog
from safetydesk.ui.widgets.hazard_fields import PeopleEdit, people_completer
from safetydesk.ui.widgets.inspector_list import InspectorList

# The offscreen platform cannot raise popups or grab the keyboard for them: it says so.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)"
)


class Spy:
    """The people service, counting the searches."""

    def __init__(self, people: PersonService) -> None:
        self._people = people
        self.searches: list[str] = []

    def search_names(self, text: str = "", **kw: Any) -> Any:
        self.searches.append(text)
        return self._people.search_names(text, **kw)


@pytest.fixture
def spy(ws: Workspace) -> Spy:
    for name, role, org, cert in (
        ("王芳", PersonRole.TOWNSHIP_OFFICIAL, "润城镇人民政府", ""),
        ("王建国", PersonRole.INSPECTOR, "润城镇综合行政执法队", "14050012"),
        ("李明", PersonRole.INSPECTOR, "润城镇应急管理办公室", ""),
        ("赵刚", PersonRole.INSPECTOR, "润城镇综合行政执法队", "14050013"),
    ):
        ws.people.save(Person(name=name, role=role, organisation=org, cert_no=cert))
    return Spy(ws.people)


def shown(qtbot: Any, widget: Any) -> Any:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def choose(qtbot: Any, completer: Any, row: int) -> None:
    """Pick row ``row`` of the completion popup with the keyboard."""
    completer.complete()
    popup = completer.popup()
    popup.setCurrentIndex(completer.completionModel().index(row, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)


def test_no_dialog_loads_the_people_register(
    qtbot: Any, ctx: AppContext, unit: Unit, spy: Spy, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_a: Any, **_k: Any) -> None:
        raise AssertionError("a dialog listed every person")

    monkeypatch.setattr(PersonService, "list", refuse)
    monkeypatch.setattr(PersonService, "list_ids", refuse)
    ws = ctx.workspace
    h = ws.hazards.register(Hazard(
        unit_id=unit.id, description="灭火器过期", measures="更换", found_on=date(2026, 11, 20),
        found_by="李明", deadline_kind=DeadlineKind.CALENDAR_DAYS, deadline_days=7,
    )).record  # fmt: skip
    ws.hazards.issue_notice([h.id], on=ws.clock(), by="李明")
    for dlg in (HazardDialog(ctx), HazardDialog(ctx, h), InspectionDialog(ctx),
                HazardActionDialog(ctx, [h.id], HazardAction.RECHECK_PASS)):  # fmt: skip
        shown(qtbot, dlg).reject()


def test_typing_a_name_offers_the_matching_people_only(
    qtbot: Any, ctx: AppContext, spy: Spy
) -> None:
    dlg = shown(qtbot, HazardDialog(ctx))
    edit = dlg.found_by_edit
    completer = edit.completer()
    assert completer.labels() == []  # nothing loaded up front
    edit.setFocus()
    edit.insert("王")
    qtbot.waitUntil(lambda: completer.labels() != [], timeout=2000)
    assert completer.labels() == [
        "王建国（检查人员，润城镇综合行政执法队）",
        "王芳（镇干部，润城镇人民政府）",
    ]
    choose(qtbot, completer, 1)
    assert edit.text() == "王芳"  # the name, without the label's extras
    edit.setText("外单位的张工")  # a name not in the register is kept as typed
    assert edit.text() == "外单位的张工"
    edit.clear()
    edit.insert("没有这个人")
    qtbot.wait(400)
    assert completer.labels() == []
    dlg.reject()


def test_searches_wait_for_a_pause(qtbot: Any, spy: Spy) -> None:
    edit = shown(qtbot, QLineEdit())
    completer = people_completer(edit, spy)
    edit.insert("王")
    edit.insert("建")  # typed quickly: one search, after the pause, of the whole name
    assert completer.labels() == [] and spy.searches == []
    qtbot.waitUntil(lambda: spy.searches == ["王建"], timeout=2000)
    assert completer.labels() == ["王建国（检查人员，润城镇综合行政执法队）"]
    edit.setText("王建国")  # set by the program or a chosen completion: not searched
    qtbot.wait(300)
    assert spy.searches == ["王建"]


def test_people_edit_completes_the_name_being_typed(qtbot: Any, spy: Spy) -> None:
    people = shown(qtbot, PeopleEdit(spy))
    people.edit.setText("李明，")
    people.edit.setFocus()
    people.edit.setCursorPosition(len(people.edit.text()))
    people.edit.insert("赵")
    qtbot.waitUntil(lambda: spy.searches == ["赵"], timeout=2000)  # the last name only
    assert people.completer.labels() == ["赵刚（检查人员，润城镇综合行政执法队）"]
    choose(qtbot, people.completer, 0)
    assert people.edit.text() == "李明，赵刚" and people.names() == ["李明", "赵刚"]
    # The button lists the people for the name being typed (the first by name for none).
    people.edit.setText("李明，")
    qtbot.mouseClick(people.button, Qt.MouseButton.LeftButton)
    assert spy.searches[-1] == "" and len(people.completer.labels()) == 4


def test_inspector_picker_searches_and_keeps_person_and_cert(
    qtbot: Any, ws: Workspace, spy: Spy
) -> None:
    lst = shown(qtbot, InspectorList(spy))
    picker = lst.picker
    assert picker.count() == 0 and spy.searches == []
    picker.setEditText("王")
    qtbot.waitUntil(lambda: spy.searches == ["王"], timeout=2000)
    items = [picker.itemText(i) for i in range(picker.count())]
    assert items == ["王建国（执法证 14050012，润城镇综合行政执法队）",
                     "王芳（无执法证，润城镇人民政府）"]  # fmt: skip  # 证 holders first
    picker.setCurrentIndex(0)  # chosen from the list
    qtbot.mouseClick(lst.add_button, Qt.MouseButton.LeftButton)
    wang = next(p for p in ws.people.list() if p.name == "王建国")
    [row] = lst.inspectors()
    assert (row.name, row.person_id, row.cert_no, row.organisation) == (
        "王建国", wang.id, "14050012", "润城镇综合行政执法队",
    )  # fmt: skip
    assert picker.currentText() == ""
    picker.setEditText("外聘专家刘工")  # not in the register: added as typed
    qtbot.mouseClick(lst.add_button, Qt.MouseButton.LeftButton)
    assert [(i.name, i.person_id) for i in lst.inspectors()][1] == ("外聘专家刘工", None)
    picker.showPopup()  # the list without typing: holders of a 执法证号 first
    assert picker.itemText(0).startswith("王建国（执法证") and picker.count() == 4
    picker.hidePopup()
