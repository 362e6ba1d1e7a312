"""Checklist results stored before 未检查 existed read as they were written: a stored 合格 is still
合格 (and still prints), only a missing or unreadable value reads as 未检查 — never as 合格."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from safetydesk.domain.inspections import ItemResult
from safetydesk.domain.queries import InspectionQuery
from safetydesk.services import Workspace

GOLDEN_DIR = Path(__file__).resolve().parents[1] / "golden"
#: The goldens whose schema already had inspections (m006 on).
WITH_INSPECTIONS = [g for g in sorted(GOLDEN_DIR.glob("schema_m*.db")) if g.name >= "schema_m006.db"]
TODAY = date(2026, 12, 2)


def _copy(golden: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data" / "safetydesk.db"
    target.parent.mkdir(parents=True)
    shutil.copyfile(golden, target)
    return target


def _stored(path: Path) -> dict[int, list[str]]:
    """Inspection id → the result texts exactly as the file holds them."""
    conn = sqlite3.connect(path)
    try:
        return {i: [r["result"] for r in json.loads(text)]
                for i, text in conn.execute("SELECT id, results FROM inspections")}  # fmt: skip
    finally:
        conn.close()


def test_goldens_exist() -> None:
    assert len(WITH_INSPECTIONS) >= 3


@pytest.mark.parametrize("golden", WITH_INSPECTIONS, ids=lambda g: g.name)
def test_old_results_stay_what_they_were(golden: Path, tmp_path: Path) -> None:
    copy = _copy(golden, tmp_path)
    before = _stored(copy)
    assert "合格" in {v for values in before.values() for v in values}
    with Workspace.open(copy, clock=lambda: TODAY) as ws:
        for ins in ws.inspections.list():
            assert [r.result.value for r in ins.results] == before[ins.id]
            assert not ins.draft
        assert ws.inspections.list_ids(InspectionQuery(unchecked=True)) == []
        # The record printed by the old release reprints with its number.
        numbered = next(i for i in ws.inspections.list() if i.document_id is not None)
        path, number = ws.print_jobs.inspection_record(numbered.id, tmp_path / "again.pdf")
        assert number == numbered.document_number
        text = "".join(p.extract_text() for p in PdfReader(path).pages)
        assert "未检查" not in text and "合格" in text
    assert _stored(copy) == before  # reading and reprinting rewrote no result


def test_a_missing_or_unknown_stored_result_reads_as_unchecked(tmp_path: Path) -> None:
    copy = _copy(WITH_INSPECTIONS[-1], tmp_path)
    conn = sqlite3.connect(copy)
    ins_id, text = conn.execute("SELECT id, results FROM inspections ORDER BY id LIMIT 1").fetchone()
    results = json.loads(text)
    del results[0]["result"]
    results[1]["result"] = "PASS"
    conn.execute("UPDATE inspections SET results = ? WHERE id = ?",
                 [json.dumps(results, ensure_ascii=False), ins_id])  # fmt: skip
    conn.commit()
    conn.close()
    with Workspace.open(copy, clock=lambda: TODAY) as ws:
        ins = ws.inspections.get(ins_id)
        assert [r.result for r in ins.results[:2]] == [ItemResult.UNCHECKED] * 2
        assert ins.draft and ws.inspections.list_ids(InspectionQuery(unchecked=True)) == [ins_id]
