"""Unanswered items on a real database: a new record's items are 未检查, such a record saves as a
草稿 but is neither numbered nor printed, answering every item makes it printable, a numbered
record cannot go back, and the list finds drafts."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

import pytest

from safetydesk.domain.common import Unit
from safetydesk.domain.inspection_results import answer_unchecked
from safetydesk.domain.inspections import Disposition, Inspection, ItemResult
from safetydesk.domain.queries import InspectionQuery
from safetydesk.errors import ValidationErrors
from safetydesk.services import Workspace
from safetydesk.services.inspections import DIALOG_HOW, UncheckedItemsError, inspector


def fire_template(ws: Workspace) -> int:
    return next(t.id for t in ws.checklists.all() if t.family == "fire-general")


def draft(ws: Workspace, unit: Unit, **answers: tuple[ItemResult, str]) -> Inspection:
    """A record of the fire checklist with only the items ``answers`` names (``n3=(result, note)``)."""
    tid = fire_template(ws)
    results = list(ws.inspections.start_from_template(tid))
    for key, (result, note) in answers.items():
        seq = int(key.removeprefix("n"))
        results[seq - 1] = dataclasses.replace(results[seq - 1], result=result, note=note)
    fails = any(r.result is ItemResult.FAIL for r in results)
    return ws.inspections.record(Inspection(
        unit_id=unit.id, started_at=datetime(2026, 11, 20, 9, 0), ended_at=datetime(2026, 11, 20, 10, 0),
        inspectors=(inspector("王建国"), inspector("李明")), recorder="李明", narrative="检查中。",
        template_id=tid, results=tuple(results),
        disposition=Disposition.NOTICE if fails else Disposition.NO_PROBLEM,
    )).record  # fmt: skip


def numbers(ws: Workspace) -> list[str]:
    return [e.document.number for e in ws.documents.listing(2026)]


def test_template_results_start_unchecked_and_save_as_a_draft(ws: Workspace, unit: Unit) -> None:
    blank = ws.inspections.start_from_template(fire_template(ws))
    assert blank and all(r.result is ItemResult.UNCHECKED for r in blank)
    ins = draft(ws, unit, n2=(ItemResult.FAIL, "灭火器压力不足"), n5=(ItemResult.NOT_APPLICABLE, ""))
    stored = ws.inspections.get(ins.id)
    assert stored.draft and len(stored.unchecked_items) == 10
    assert {r.seq: r.result for r in stored.results if r.answered} == {
        2: ItemResult.FAIL, 5: ItemResult.NOT_APPLICABLE}
    assert not any(r.result is ItemResult.PASS for r in stored.results)


def test_a_draft_is_neither_numbered_nor_printed(ws: Workspace, unit: Unit, tmp_path: Path) -> None:
    ins = draft(ws, unit, n1=(ItemResult.PASS, ""))
    with pytest.raises(UncheckedItemsError) as err:
        ws.inspections.record_document(ins.id)
    assert err.value.seqs == tuple(range(2, 13)) and err.value.inspection_id == ins.id
    text = str(err.value)
    assert "11 个检查项是“未检查”（第2、3、4、5、6、7、8、9、10、11、12项）" in text
    assert DIALOG_HOW in text and "草稿" in text
    assert "命令" in err.value.message("命令：answer。") and DIALOG_HOW not in err.value.message("…")
    out = tmp_path / "rec.pdf"
    with pytest.raises(UncheckedItemsError):
        ws.print_jobs.inspection_record(ins.id, out)
    assert not out.exists() and numbers(ws) == []  # no number taken
    assert ws.inspections.get(ins.id).document_id is None


def test_answering_every_item_makes_it_printable(ws: Workspace, unit: Unit, tmp_path: Path) -> None:
    ins = draft(ws, unit, n3=(ItemResult.FAIL, "二楼安全出口上锁"))
    ins = dataclasses.replace(ins, disposition=Disposition.NOTICE)
    partly = list(ins.results)
    partly[0] = dataclasses.replace(partly[0], result=ItemResult.PASS)
    ins = ws.inspections.update(dataclasses.replace(ins, results=tuple(partly))).record
    assert ins.draft and [r.seq for r in ins.unchecked_items] == [2, *range(4, 13)]
    done = ws.inspections.update(
        dataclasses.replace(ins, results=answer_unchecked(ins.results, ItemResult.PASS))
    ).record
    assert not done.draft
    path, number = ws.print_jobs.inspection_record(done.id, tmp_path / "rec.pdf")
    assert path.is_file() and number == "润安检记〔2026〕1号" and numbers(ws) == [number]


def test_a_numbered_record_cannot_go_back_to_unchecked(ws: Workspace, unit: Unit, tmp_path: Path) -> None:
    ins = draft(ws, unit)
    ins = ws.inspections.update(
        dataclasses.replace(ins, results=answer_unchecked(ins.results, ItemResult.PASS))
    ).record
    ws.print_jobs.inspection_record(ins.id, tmp_path / "rec.pdf")
    numbered = ws.inspections.get(ins.id)
    back = list(numbered.results)
    back[6] = dataclasses.replace(back[6], result=ItemResult.UNCHECKED)
    with pytest.raises(ValidationErrors) as err:
        ws.inspections.update(dataclasses.replace(numbered, results=tuple(back)))
    assert "润安检记〔2026〕1号" in err.value.errors["results.7"]
    assert not ws.inspections.get(ins.id).draft
    # Another answer is still a correction the officer may make.
    back[6] = dataclasses.replace(back[6], result=ItemResult.NOT_APPLICABLE)
    assert not ws.inspections.update(dataclasses.replace(numbered, results=tuple(back))).record.draft


def test_the_list_finds_drafts(ws: Workspace, unit: Unit) -> None:
    first = draft(ws, unit, n1=(ItemResult.PASS, ""))
    second = draft(ws, unit)
    second = ws.inspections.update(
        dataclasses.replace(second, results=answer_unchecked(second.results, ItemResult.NOT_APPLICABLE))
    ).record
    assert ws.inspections.list_ids(InspectionQuery(unchecked=True)) == [first.id]
    assert sorted(ws.inspections.list_ids(InspectionQuery())) == [first.id, second.id]
    assert ws.inspections.count(InspectionQuery(unchecked=True, text="示例饭店")) == 1


def test_hazards_of_a_draft_can_still_be_registered_and_notified(
    ws: Workspace, unit: Unit, tmp_path: Path
) -> None:
    ins = draft(ws, unit, n2=(ItemResult.FAIL, "灭火器压力不足"))
    [h] = ws.inspections.raise_hazards(ins.id, deadline_days=5).record
    path, number = ws.print_jobs.inspection_notice(ins.id, tmp_path / "n.pdf")
    assert path.is_file() and number.startswith("润安通〔")
    assert ws.hazards.get(h.id).notice_id is not None
    # The record itself stays a draft that cannot be printed.
    assert ws.inspections.get(ins.id).draft
    with pytest.raises(UncheckedItemsError):
        ws.print_jobs.inspection_record(ins.id, tmp_path / "rec.pdf")
