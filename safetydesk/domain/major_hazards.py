"""Rules of 重大隐患 that protect the officer: the 判定依据 and the 五到位 (DOMAIN.md A1, B §4.4).

* **判定依据** (A1): a 重大 hazard needs one. A hazard registered by hand cannot be saved without
  it; a hazard taken over from an old ledger that marks the row 重大 with no basis is written with
  ``basis_pending`` set (判定依据待补录). Until the basis is entered the acts that rest on it are
  refused: 挂牌督办, 验收 and 销号 (:func:`check_act`).
* **五到位** (001 八): 责任、措施、资金、时限、预案, each read from a real field of the hazard, never
  ticked by hand (:func:`five_in_place`): 责任 = a responsible person, 措施 = the measures, 资金 =
  funds above 0 万元, 时限 = a deadline, 预案 = the text of the emergency plan. 挂牌督办 and 验收
  of a 重大 hazard need all five; the message names the missing ones and the fields to fill.

Used by the hazard service (``services/hazard_checks.py``), the CLI, the GUI and the demo.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from safetydesk.domain.hazards import Hazard
from safetydesk.errors import InvalidTransition

#: How a 判定依据 still to be entered is shown (lists, details, printed forms).
BASIS_PENDING_TEXT = "待补录"


class MajorAct(StrEnum):
    """Acts on a 重大 hazard that need its 判定依据 (and, for the first two, its 五到位)."""

    LIST = "挂牌督办"
    ACCEPT = "验收"
    CLOSE = "销号"


#: Acts that need all of the 五到位 as well as the basis.
NEEDS_FIVE = frozenset({MajorAct.LIST, MajorAct.ACCEPT})


@dataclass(frozen=True, slots=True)
class FiveItem:
    """One item of the 五到位: its name, the field it is read from, what is missing when it is not.

    Attributes:
        name: 责任, 措施, 资金, 时限 or 预案.
        field: The hazard field (``--set`` name) that makes it 到位.
        label: The field's name in the form.
        need: What the officer has to enter when it is missing.
    """

    name: str
    field: str
    label: str
    need: str


#: The 五到位 items in the order of :data:`~safetydesk.domain.hazards.FIVE_IN_PLACE`, with the
#: field each is read from.
FIVE_ITEMS: tuple[FiveItem, ...] = (
    FiveItem("责任", "responsible_person", "整改责任人", "填写整改责任人"),
    FiveItem("措施", "measures", "整改措施", "填写整改措施"),
    FiveItem("资金", "funds", "整改资金", "填写整改资金（万元，须大于 0）"),
    FiveItem("时限", "due_on", "整改期限", "填写整改期限"),
    FiveItem("预案", "emergency_plan", "应急预案", "填写应急预案（整改期间的应急处置方案）"),
)


def _in_place(h: Hazard, item: FiveItem) -> bool:
    if item.field == "funds":
        return h.funds is not None and h.funds > 0
    if item.field == "due_on":
        return h.due_on is not None
    return bool(str(getattr(h, item.field) or "").strip())


def five_in_place(h: Hazard) -> dict[str, bool]:
    """Each 五到位 item (in order) → whether the hazard's fields make it 到位."""
    return {item.name: _in_place(h, item) for item in FIVE_ITEMS}


def five_missing(h: Hazard) -> list[FiveItem]:
    """The 五到位 items not 到位, in order."""
    return [item for item in FIVE_ITEMS if not _in_place(h, item)]


def five_text(h: Hazard) -> str:
    """五到位 as ✓/✗ per item ("✓责任　✗资金 …")."""
    return "　".join(f"{'✓' if ok else '✗'}{name}" for name, ok in five_in_place(h).items())


def basis_missing(h: Hazard) -> bool:
    """True for a 重大 hazard whose 判定依据 is still to be entered."""
    return h.major and (h.basis_pending or not h.basis.strip())


def basis_text(h: Hazard) -> str:
    """The 判定依据 as shown: the text, or 待补录 for a 重大 hazard without one."""
    return BASIS_PENDING_TEXT if basis_missing(h) else h.basis.strip()


def _ref(h: Hazard) -> str:
    return h.code or (f"ID {h.id}" if h.id else "")


def _edit_hint(h: Hazard, example: str) -> str:
    cli = f"safetydesk hazard edit {h.id} {example}" if h.id else f"safetydesk hazard add … {example}"
    return f"请在隐患编辑窗口中填写，或执行 {cli}。"


def basis_message(h: Hazard, act: str) -> str:
    """Why ``act`` is refused for a 重大 hazard without 判定依据, and how to enter it."""
    return (
        f"重大隐患{_ref(h)}的判定依据待补录，须先录入判定依据才能{act}。"
        + _edit_hint(h, "--set basis=判定依据（例如：工贸企业重大事故隐患判定标准 第三条（二））")
    )


def five_message(h: Hazard, act: str, missing: list[FiveItem]) -> str:
    """Why ``act`` is refused while some 五到位 items are missing, naming each and its field."""
    names = "、".join(i.name for i in missing)
    needs = "；".join(i.need for i in missing)
    example = " ".join(f"--set {i.field}=…" for i in missing)
    return (
        f"重大隐患{_ref(h)}的“五到位”未落实（缺{names}），不能{act}：请{needs}。"
        + _edit_hint(h, example)
    )


def act_problem(h: Hazard, act: MajorAct) -> str | None:
    """The reason ``act`` is refused for ``h`` now, or None (always None for 一般 hazards)."""
    if not h.major:
        return None
    if basis_missing(h):
        return basis_message(h, act.value)
    if act in NEEDS_FIVE:
        missing = five_missing(h)
        if missing:
            return five_message(h, act.value, missing)
    return None


def check_act(h: Hazard, act: MajorAct) -> None:
    """Refuse ``act`` on a 重大 hazard whose 判定依据 or 五到位 it needs are missing.

    Raises:
        InvalidTransition: With the Chinese message of :func:`act_problem`.
    """
    problem = act_problem(h, act)
    if problem:
        raise InvalidTransition(problem)
