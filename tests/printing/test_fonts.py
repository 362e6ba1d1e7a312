"""Form fonts by role: system 仿宋/黑体/宋体 when present, else the shipped 楷体 and (headings) sans."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from safetydesk import paths
from safetydesk.domain.common import Unit
from safetydesk.domain.hazards import Hazard
from safetydesk.domain.schedule import DeadlineKind
from safetydesk.printing import fonts
from safetydesk.services import Workspace
from tests.clitools import run

SANS = paths.resource(fonts.BUNDLED)
KAI = paths.resource(fonts.BUNDLED_BODY)


def test_no_system_font_uses_shipped_kai_for_body_and_sans_for_titles_only() -> None:
    chosen = fonts.choose([], {})
    assert {r: f.bundled for r, f in chosen.items()} == {"body": True, "title": True, "table": True}
    assert chosen["body"].file == KAI
    assert chosen["table"].file == KAI
    assert chosen["title"].file == SANS


def test_system_file_names_are_preferred_in_order(tmp_path: Path) -> None:
    # Stand-ins with the Windows file names: a real TrueType collection under each name.
    shutil.copy(SANS, tmp_path / "simhei.ttf")
    shutil.copy(KAI, tmp_path / "simfang.ttf")
    chosen = fonts.choose([tmp_path], {})
    assert chosen["title"].file == tmp_path / "simhei.ttf"
    assert chosen["body"].file == tmp_path / "simfang.ttf"
    # 宋体 is missing: tables take 仿宋, the next in the table's list.
    assert chosen["table"].file == tmp_path / "simfang.ttf"
    assert not any(f.bundled for f in chosen.values())


def test_fontconfig_family_found_and_cff_font_skipped(tmp_path: Path) -> None:
    cff = tmp_path / "NotoSerifCJK-Regular.otf"
    cff.write_bytes(b"OTTO" + b"\0" * 200)  # a CFF-outline OpenType font: not embeddable
    fang = tmp_path / "fang.ttc"
    shutil.copy(KAI, fang)
    chosen = fonts.choose([], {"SimSun": cff, "FangSong": fang})
    assert chosen["body"].file == fang
    assert chosen["table"].file == fang  # 宋体 (CFF) skipped, 仿宋 next
    assert chosen["title"].bundled


def test_notice_embeds_the_role_fonts(ws: Workspace, unit: Unit, tmp_path: Path) -> None:
    hazard = ws.hazards.register(
        Hazard(unit_id=unit.id, description="灭火器压力不足", measures="更换灭火器", found_on=date(2025, 3, 1),
               found_by="王建国", deadline_kind=DeadlineKind.DATE, due_on=date(2025, 3, 5))
    ).record
    assert hazard.id is not None
    out, _ = ws.print_jobs.notice([hazard.id], tmp_path / "n.pdf", on=date(2025, 3, 1))
    page = PdfReader(out).pages[0]
    names = {str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    chosen = fonts.chosen()
    if chosen["body"].bundled:
        assert any("UKai" in n for n in names), names  # body text in the shipped 楷体
    if chosen["title"].bundled:
        assert any("WenQuanYi" in n for n in names), names  # the title in the shipped sans


def test_info_names_the_font_of_each_role(capsys: pytest.CaptureFixture[str], db_file: Path) -> None:
    assert run(capsys, "--db", str(db_file), "init", "--township", "润城镇", "--county", "阳城县")[0] == 0
    code, out, err = run(capsys, "--db", str(db_file), "info")
    assert code == 0, err
    for role in fonts.ROLE_NAMES.values():
        assert f"打印字体·{role}" in out
