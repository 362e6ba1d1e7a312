"""Rules of unanswered checklist items (未检查): the refusal text and explicit bulk answers.

An item nobody answered is 未检查 (:attr:`ItemResult.UNCHECKED`), never 合格. A record with such
items is a 草稿: it can be saved, but the services refuse to number, print or close it with
:func:`unchecked_refusal`'s message until each item is 合格, 不合格 or 不涉及. Used by the
inspection service, the CLI and the inspection dialog.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from safetydesk.domain.inspections import Inspection, ItemResult, ItemResultRecord


def seq_list(seqs: Sequence[int]) -> str:
    """``第2、5、7项`` (at most 12 numbers, then ``等N项``)."""
    shown = "、".join(str(s) for s in seqs[:12])
    return f"第{shown}项" + (f"等{len(seqs)}项" if len(seqs) > 12 else "")


def unchecked_refusal(ins: Inspection, act: str, how: str) -> str:
    """Why a record with 未检查 items cannot be ``act`` (empty when every item is answered).

    Args:
        ins: The record.
        act: What was asked, e.g. ``"打印或编号"``.
        how: How to answer the items in the interface at hand (dialog or command line).
    """
    seqs = [r.seq for r in ins.unchecked_items]
    if not seqs:
        return ""
    return (
        f"这份检查记录还有 {len(seqs)} 个检查项是“未检查”（{seq_list(seqs)}），不能{act}："
        "检查记录只能写实际检查的结果。请把这些项逐项填为合格、不合格或不涉及（不合格须写明问题）。"
        f"{how}未填完之前，记录可以先保存为草稿。"
    )


def answer_unchecked(
    results: Sequence[ItemResultRecord], result: ItemResult
) -> tuple[ItemResultRecord, ...]:
    """``results`` with every 未检查 item set to ``result`` (an explicit "其余各项" answer).

    Raises:
        ValueError: ``result`` is 未检查 or 不合格 (a 不合格 item needs its own note).
    """
    if result not in (ItemResult.PASS, ItemResult.NOT_APPLICABLE):
        raise ValueError("其余未检查项只能一次填为“合格”或“不涉及”；不合格项须逐项写明问题。")
    return tuple(r if r.answered else replace(r, result=result) for r in results)

