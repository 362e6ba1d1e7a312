"""``safetydesk photos``: add, list and delete photos of hazards and inspections."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from safetydesk.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_photos_of_hazards_and_inspections(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    assert run(capsys, "--db", db, "demo", "--today", "2026-11-23")[0] == 0
    _, out, _ = run(capsys, "--db", db, "list", "hazards", "--json")
    hazard = json.loads(out)[0]["id"]
    _, out, _ = run(capsys, "--db", db, "list", "inspections", "--json")
    inspection = json.loads(out)[0]["id"]
    good = tmp_path / "现场.jpg"
    Image.new("RGB", (60, 40), "red").save(good, "JPEG")
    bad = tmp_path / "说明.png"
    bad.write_text("not a picture", encoding="utf-8")

    code, out, err = run(capsys, "--db", db, "photos", "add", "hazard", str(hazard), str(good),
                         str(bad), "--kind", "整改后")  # fmt: skip
    assert code == 2 and "已添加照片" in out and "说明.png" in err and "不是可读取的图片" in err
    code, out, _ = run(capsys, "--db", db, "photos", "list", "hazard", str(hazard), "--json")
    photos = json.loads(out)
    assert code == 0 and [p["kind"] for p in photos] == ["整改后"]
    assert Path(photos[0]["file"]).is_file() and photos[0]["original_name"] == "现场.jpg"

    code, out, _ = run(capsys, "--db", db, "photos", "add", "inspection", str(inspection), str(good))
    assert code == 0
    _, out, _ = run(capsys, "--db", db, "photos", "list", "inspection", str(inspection), "--json")
    scene = json.loads(out)
    assert [p["kind"] for p in scene] == ["现场"]
    code, _, err = run(capsys, "--db", db, "photos", "add", "inspection", str(inspection), str(good),
                       "--kind", "整改前")  # fmt: skip
    assert code == 2 and "现场" in err

    code, out, _ = run(capsys, "--db", db, "photos", "delete", "inspection", str(scene[0]["id"]))
    assert code == 0 and not Path(scene[0]["file"]).exists()
    assert Path(photos[0]["file"]).is_file()  # the hazard's photo is untouched
    code, _, err = run(capsys, "--db", db, "photos", "delete", "inspection", str(scene[0]["id"]))
    assert code == 1 and "不存在" in err
