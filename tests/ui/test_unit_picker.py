"""The unit picker on a real workspace: it searches SQL as the user types (debounced), lists at
most its limit, shows an archived unit it is given, and names no unit for unmatched text.

Text is set with setEditText (keyClicks with non-ASCII aborts the process).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from safetydesk.domain.common import Unit, Village
from safetydesk.services import Workspace
from safetydesk.ui.widgets.hazard_fields import UNIT_SEARCH_LIMIT, UnitPicker

# The offscreen platform cannot raise popups or grab the keyboard for them: it says so.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)"
)


class Spy:
    """The unit service, counting the picker's searches."""

    def __init__(self, units: Any) -> None:
        self._units = units
        self.searches: list[str] = []

    def search_names(self, text: str = "", **kw: Any) -> Any:
        self.searches.append(text)
        return self._units.search_names(text, **kw)

    def get(self, unit_id: int) -> Unit:
        return self._units.get(unit_id)


@pytest.fixture
def spy(ws: Workspace, village: Village) -> Spy:
    east = ws.villages.save(Village(name="东关社区")).record
    for name, village_id in (("示例饭店甲", village.id), ("示例饭店乙", east.id),
                             ("示例超市", village.id), ("东关示例饭馆", east.id)):  # fmt: skip
        ws.units.save(Unit(name=name, village_id=village_id))
    return Spy(ws.units)


def make(qtbot: Any, units: Any, **kw: Any) -> UnitPicker:
    picker = UnitPicker(units, **kw)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    return picker


def items(picker: UnitPicker) -> list[str]:
    return [picker.itemText(i) for i in range(picker.count())]


def type_text(qtbot: Any, picker: UnitPicker, spy: Spy, text: str) -> None:
    """Set the text and wait for the debounced search of it."""
    before = len(spy.searches)
    picker.setEditText(text)
    qtbot.waitUntil(lambda: spy.searches[before:] == [text], timeout=2000)


def test_nothing_loaded_until_needed(qtbot: Any, spy: Spy) -> None:
    picker = make(qtbot, spy)
    assert spy.searches == [] and picker.count() == 0 and picker.unit_id() is None
    assert picker.lineEdit().placeholderText()
    picker.showPopup()  # the list without typing: the first units by name
    assert spy.searches == [""]
    assert items(picker) == ["东关示例饭馆（东关社区）", "示例超市（润城村）",
                             "示例饭店乙（东关社区）", "示例饭店甲（润城村）"]  # fmt: skip
    picker.hidePopup()


def test_typing_lists_the_matching_units_only(qtbot: Any, spy: Spy) -> None:
    picker = make(qtbot, spy)
    picker.setEditText("饭")
    picker.setEditText("饭店")  # typed quickly: one search, after the pause
    qtbot.waitUntil(lambda: spy.searches == ["饭店"], timeout=2000)
    assert items(picker) == ["示例饭店乙（东关社区）", "示例饭店甲（润城村）"]
    assert picker.unit_id() is None and picker.currentText() == "饭店"  # typed text kept
    with qtbot.waitSignal(picker.unit_changed) as sig:
        picker.setCurrentIndex(1)  # chosen from the list
    chosen = picker.unit_id()
    assert sig.args == [chosen] and picker.unit().name == "示例饭店甲"
    assert picker.currentText() == "示例饭店甲（润城村）"
    qtbot.wait(300)
    assert spy.searches == ["饭店"]  # the chosen label is not searched again
    type_text(qtbot, picker, spy, "饭馆")
    assert items(picker) == ["东关示例饭馆（东关社区）"] and picker.unit_id() is None


def test_a_unique_exact_name_chooses_the_unit(qtbot: Any, spy: Spy) -> None:
    picker = make(qtbot, spy)
    with qtbot.waitSignal(picker.unit_changed, timeout=2000):
        picker.setEditText("示例超市")
    assert picker.unit().name == "示例超市" and items(picker) == ["示例超市（润城村）"]


def test_unmatched_text_names_no_unit(qtbot: Any, spy: Spy) -> None:
    picker = make(qtbot, spy)
    picker.set_unit_id(spy.search_names("超市", limit=1)[0][0])
    assert picker.unit_id() is not None
    with qtbot.waitSignal(picker.unit_changed) as sig:
        picker.setEditText("没有这个单位")
    assert sig.args == [None]
    type_text(qtbot, picker, spy, "没有这个单位")
    assert picker.unit_id() is None and picker.unit() is None and picker.count() == 0
    type_text(qtbot, picker, spy, "示例饭")  # part of three names: no unit yet
    assert picker.unit_id() is None and picker.count() == 3


def test_limit_respected(qtbot: Any, ws: Workspace, village: Village, spy: Spy) -> None:
    for i in range(UNIT_SEARCH_LIMIT + 5):
        ws.units.save(Unit(name=f"示例商店{i:02d}", village_id=village.id))
    picker = make(qtbot, spy)
    type_text(qtbot, picker, spy, "商店")
    assert picker.count() == UNIT_SEARCH_LIMIT
    assert items(picker)[:2] == ["示例商店00（润城村）", "示例商店01（润城村）"]
    small = make(qtbot, spy, limit=3)
    type_text(qtbot, small, spy, "示例商")
    assert items(small) == ["示例商店00（润城村）", "示例商店01（润城村）", "示例商店02（润城村）"]


def test_archived_unit_shown_but_not_offered(qtbot: Any, ws: Workspace, spy: Spy) -> None:
    old = ws.units.save(Unit(name="示例旧厂", village_id=ws.villages.id_by_name("润城村"))).record
    ws.units.archive(old.id)
    picker = make(qtbot, spy)
    with qtbot.waitSignal(picker.unit_changed) as sig:
        picker.set_unit_id(old.id)  # editing an old record that points to it
    assert sig.args == [old.id] and spy.searches == [""]  # one look-up of that unit
    assert picker.unit_id() == old.id and picker.unit().archived
    assert picker.currentText() == "示例旧厂（润城村）（已归档）"
    picker.showPopup()  # still listed (first) while chosen, with the first units by name
    assert items(picker)[0] == "示例旧厂（润城村）（已归档）" and picker.count() == 5
    picker.hidePopup()
    type_text(qtbot, picker, spy, "旧厂")  # a new choice: archived units are not offered
    assert picker.count() == 0 and picker.unit_id() is None
    picker.set_unit_id(None)
    assert picker.currentText() == "" and picker.unit_id() is None
    # A filter over old records offers them.
    search = make(qtbot, spy, include_archived=True)
    type_text(qtbot, search, spy, "旧厂")
    assert items(search) == ["示例旧厂（润城村）（已归档）"]


def test_refresh_shows_the_new_name(qtbot: Any, ws: Workspace, spy: Spy) -> None:
    shop = next(u for u in ws.units.list() if u.name == "示例超市")
    picker = make(qtbot, spy)
    picker.set_unit_id(shop.id)
    ws.units.save(dataclasses.replace(shop, name="示例便利店"))
    picker.refresh()
    assert picker.currentText() == "示例便利店（润城村）" and picker.unit_id() == shop.id
    assert picker.unit().name == "示例便利店"
