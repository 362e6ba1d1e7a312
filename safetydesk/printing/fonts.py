"""CJK fonts for printed forms, by role: body 仿宋, title 小标宋/黑体, table 宋体 (GB/T 9704).

Each role takes the first system font of its list that is present and embeddable: on Windows from
the system and the user's font folders, elsewhere from fontconfig (``fc-list``). Without one, the
shipped fonts stand in: AR PL UKai (楷体, a brush style that reads like an official form) for body
and tables, WenQuanYi Micro Hei (a sans) for headings only. Every font is a TrueType font embedded
(subset) in the PDF, so a form prints the same everywhere. :func:`describe` says which file each
role uses (``safetydesk info``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from safetydesk import paths

#: The shipped fallback for headings (WenQuanYi Micro Hei, Apache-2.0; a sans).
BUNDLED = "fonts/wqy-microhei.ttc"
#: The shipped fallback for body text and tables (AR PL UKai CN, Arphic Public License; 楷体).
BUNDLED_BODY = "fonts/ukai.ttc"

#: What each role is, in the words of GB/T 9704 (shown by :func:`describe`).
ROLE_NAMES = {"body": "正文（仿宋）", "title": "标题（小标宋/黑体）", "table": "表格（宋体）"}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A system font a role may use: its file names (Windows) and family names (fontconfig)."""

    files: tuple[str, ...]
    families: tuple[str, ...]


#: Per role, the system fonts in order of preference.
CANDIDATES: dict[str, tuple[Candidate, ...]] = {
    "body": (
        Candidate(("FS_GB2312.ttf", "仿宋_GB2312.ttf", "SIMFANG_GB2312.TTF"), ("仿宋_GB2312", "FangSong_GB2312")),
        Candidate(("simfang.ttf", "SIMFANG.TTF"), ("仿宋", "FangSong")),
        Candidate(("simkai.ttf", "SIMKAI.TTF"), ("楷体", "KaiTi")),
    ),
    "title": (
        Candidate(("FZXBSJW.TTF", "方正小标宋简体.ttf", "FZXBSK.TTF"), ("方正小标宋简体", "FZXiaoBiaoSong-B05S")),
        Candidate(("simhei.ttf", "SIMHEI.TTF"), ("黑体", "SimHei")),
    ),
    "table": (
        Candidate(("simsun.ttc", "SIMSUN.TTC", "simsun.ttf"), ("宋体", "SimSun", "NSimSun")),
        Candidate(("simfang.ttf", "SIMFANG.TTF"), ("仿宋", "FangSong")),
    ),
}

#: The shipped file per role when no system font is there.
FALLBACK = {"body": BUNDLED_BODY, "title": BUNDLED, "table": BUNDLED_BODY}


@dataclass(frozen=True, slots=True)
class FormFonts:
    """Registered font names: body (仿宋), title (黑体/小标宋), table (宋体)."""

    body: str
    title: str
    table: str


@dataclass(frozen=True, slots=True)
class RoleFont:
    """The font one role uses: the file, and whether it is the shipped fallback."""

    role: str
    file: Path
    bundled: bool


def font_dirs() -> list[Path]:
    """Folders searched by file name: Windows' system and per-user font folders."""
    if sys.platform != "win32":
        return []
    out = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    local = os.environ.get("LOCALAPPDATA")
    if local:
        out.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return out


def fontconfig_fonts() -> dict[str, Path]:
    """Family name → file of the Chinese fonts fontconfig knows (empty without ``fc-list``)."""
    exe = shutil.which("fc-list")
    if exe is None:
        return {}
    try:
        run = subprocess.run(
            [exe, ":lang=zh", "family", "file"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    found: dict[str, Path] = {}
    for line in run.stdout.splitlines():
        file, _, families = line.partition(": ")
        for family in families.split(","):
            found.setdefault(family.strip(), Path(file.strip()))
    return found


def _embeddable(file: Path) -> bool:
    """True when reportlab can embed the font (TrueType outlines; CFF ``.otf`` cannot)."""
    try:
        TTFont("SD-probe", str(file), subfontIndex=0)
    except Exception:  # noqa: BLE001 - any unreadable or CFF font is simply not a candidate
        return False
    return True


def choose(
    dirs: Sequence[Path],
    families: dict[str, Path],
    usable: Callable[[Path], bool] = _embeddable,
) -> dict[str, RoleFont]:
    """Pick a font file per role from ``dirs`` (by file name) and ``families`` (fontconfig)."""

    def system(cands: Iterable[Candidate]) -> Path | None:
        for cand in cands:
            hits = [d / f for d in dirs for f in cand.files] + [families[f] for f in cand.families if f in families]
            for hit in hits:
                if hit.is_file() and usable(hit):
                    return hit
        return None

    out: dict[str, RoleFont] = {}
    for role, cands in CANDIDATES.items():
        found = system(cands)
        if found is None:
            out[role] = RoleFont(role, paths.resource(FALLBACK[role]), bundled=True)
        else:
            out[role] = RoleFont(role, found, bundled=False)
    return out


_CHOSEN: dict[str, RoleFont] | None = None
_REGISTERED: FormFonts | None = None


def chosen() -> dict[str, RoleFont]:
    """The font of each role on this machine (looked up once per process)."""
    global _CHOSEN  # noqa: PLW0603 - one lookup per process, like reportlab's own font registry
    if _CHOSEN is None:
        _CHOSEN = choose(font_dirs(), fontconfig_fonts())
    return _CHOSEN


def ensure_fonts() -> FormFonts:
    """Register the form fonts once and return their names."""
    global _REGISTERED  # noqa: PLW0603 - one registration per process, like reportlab's own registry
    if _REGISTERED is not None:
        return _REGISTERED
    names: dict[str, str] = {}
    by_file: dict[Path, str] = {}
    for role, font in chosen().items():
        if font.file not in by_file:
            name = f"SD-{role}"
            pdfmetrics.registerFont(TTFont(name, str(font.file), subfontIndex=0))
            by_file[font.file] = name
        names[role] = by_file[font.file]
    _REGISTERED = FormFonts(**names)
    return _REGISTERED


def describe() -> list[tuple[str, str]]:
    """(role, font) lines for ``safetydesk info``: the font name and file, or that it is shipped."""
    out = []
    for role, font in chosen().items():
        face = TTFont("SD-describe", str(font.file), subfontIndex=0).face
        family = face.familyName.decode("utf-8", "replace") if isinstance(face.familyName, bytes) else str(face.familyName)
        where = "随程序附带" if font.bundled else str(font.file)
        out.append((ROLE_NAMES[role], f"{family}（{where}）"))
    return out
