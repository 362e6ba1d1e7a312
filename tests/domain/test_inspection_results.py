"""Unanswered checklist items (未检查): the default, the decoding of stored values, drafts, the
refusal text and the explicit answer for the remaining items."""

from __future__ import annotations

import pytest

from safetydesk.domain.inspection_results import answer_unchecked, seq_list, unchecked_refusal
from safetydesk.domain.inspections import ANSWERS, Inspection, ItemResult, ItemResultRecord


def items(*results: ItemResult) -> tuple[ItemResultRecord, ...]:
    return tuple(ItemResultRecord(seq=i, content=f"第{i}项内容", result=r)
                 for i, r in enumerate(results, 1))  # fmt: skip


def test_a_new_item_is_unchecked_not_passed() -> None:
    item = ItemResultRecord(seq=1, content="灭火器配置")
    assert item.result is ItemResult.UNCHECKED and not item.answered
    assert ItemResult.UNCHECKED not in ANSWERS and len(ANSWERS) == 3


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ("合格", ItemResult.PASS),
        ("不合格", ItemResult.FAIL),
        ("不涉及", ItemResult.NOT_APPLICABLE),
        ("未检查", ItemResult.UNCHECKED),
        (None, ItemResult.UNCHECKED),
        ("", ItemResult.UNCHECKED),
        ("PASS", ItemResult.UNCHECKED),
        (1, ItemResult.UNCHECKED),
    ],
)
def test_stored_values_decode_to_what_they_were_or_unchecked(stored: object, expected: ItemResult) -> None:
    assert ItemResult.decode(stored) is expected


def test_a_record_with_an_unanswered_item_is_a_draft() -> None:
    done = Inspection(results=items(ItemResult.PASS, ItemResult.FAIL, ItemResult.NOT_APPLICABLE))
    assert not done.draft and done.unchecked_items == ()
    draft = Inspection(results=items(ItemResult.PASS, ItemResult.UNCHECKED, ItemResult.UNCHECKED))
    assert draft.draft and [r.seq for r in draft.unchecked_items] == [2, 3]
    assert not Inspection().draft  # no checklist: nothing to answer


def test_refusal_lists_the_items_and_how_to_answer_them() -> None:
    ins = Inspection(results=items(ItemResult.UNCHECKED, ItemResult.PASS, ItemResult.UNCHECKED))
    text = unchecked_refusal(ins, "打印", "在对话框中逐项选择。")
    assert "2 个检查项是“未检查”（第1、3项）" in text and "不能打印" in text
    assert "合格、不合格或不涉及" in text and "在对话框中逐项选择。" in text and "草稿" in text
    done = Inspection(results=items(ItemResult.PASS))
    assert unchecked_refusal(done, "打印", "…") == ""


def test_long_item_lists_are_shortened() -> None:
    assert seq_list([2, 5]) == "第2、5项"
    assert seq_list(list(range(1, 16))) == "第1、2、3、4、5、6、7、8、9、10、11、12项等15项"


def test_the_rest_is_answered_only_explicitly_and_never_as_failed() -> None:
    base = items(ItemResult.FAIL, ItemResult.UNCHECKED, ItemResult.NOT_APPLICABLE, ItemResult.UNCHECKED)
    passed = answer_unchecked(base, ItemResult.PASS)
    assert [r.result for r in passed] == [ItemResult.FAIL, ItemResult.PASS,
                                          ItemResult.NOT_APPLICABLE, ItemResult.PASS]  # fmt: skip
    skipped = answer_unchecked(base, ItemResult.NOT_APPLICABLE)
    assert [r.result for r in skipped][1::2] == [ItemResult.NOT_APPLICABLE] * 2
    for bad in (ItemResult.FAIL, ItemResult.UNCHECKED):
        with pytest.raises(ValueError, match="逐项写明问题"):
            answer_unchecked(base, bad)
