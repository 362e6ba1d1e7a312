"""Reading printed forms back: page text, page sizes, embedded fonts and Chinese line breaks."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from pypdf import PageObject, PdfReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth

from safetydesk.printing.fonts import ensure_fonts
from safetydesk.printing.linebreaks import NO_LINE_END
from safetydesk.printing.page import BOTTOM, LEFT, RIGHT, TOP

#: Punctuation that must never start a printed line.
CLOSING = "，。、；：）》」"
#: (width, height) of A4 in points, rounded as pypdf reports them.
A4_PORTRAIT, A4_LANDSCAPE = (595.3, 841.9), (841.9, 595.3)


#: Slack of the geometry checks (points).
SLACK = 0.5


@dataclass(frozen=True)
class Run:
    """A run of text as the PDF draws it: baseline start, width (from the font's metrics), size."""

    text: str
    x: float
    y: float
    width: float
    size: float

    @property
    def end(self) -> float:
        """Right end of the run."""
        return self.x + self.width


@cache
def _fonts_by_face() -> dict[str, str]:
    """Registered form fonts by the face name a PDF's /BaseFont carries."""
    fonts = ensure_fonts()
    out = {}
    for name in {fonts.body, fonts.title, fonts.table}:
        face = pdfmetrics.getFont(name).face.name
        out[face.decode() if isinstance(face, bytes) else face] = name
    return out


def text_runs(page: PageObject) -> list[Run]:
    """Every run of text on a page, with its position (text matrix × CTM) and width."""
    runs: list[Run] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        text = text.rstrip("\n")
        if not text.strip():
            return
        base = str(font["/BaseFont"])  # type: ignore[index]
        face = re.sub(r"-\d+$", "", base.lstrip("/").split("+", 1)[-1])
        name = _fonts_by_face().get(face, "Helvetica")
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        runs.append(Run(text, x, y, stringWidth(text, name, size) * cm[0], size))

    page.extract_text(visitor_text=visit)
    return runs


@dataclass
class PrintedForm:
    """A PDF read back with pypdf."""

    reader: PdfReader
    pages: list[str]

    @property
    def text(self) -> str:
        """All pages' text."""
        return "\n".join(self.pages)

    @property
    def flat(self) -> str:
        """All text without line breaks and spaces (for phrases that may wrap)."""
        return self.text.replace("\n", "").replace(" ", "")

    def page_flat(self, i: int) -> str:
        """One page's text without line breaks and spaces."""
        return self.pages[i].replace("\n", "").replace(" ", "")

    def check_layout(self, *, landscape: bool = False) -> None:
        """Every page is A4 (portrait or landscape), with only embedded TrueType subsets, its
        "第X页 共Y页" footer, and no line starting with closing or ending with opening punctuation.
        """
        size = A4_LANDSCAPE if landscape else A4_PORTRAIT
        total = len(self.reader.pages)
        for i, page in enumerate(self.reader.pages):
            box = (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1))
            assert box == size
            fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
            truetype = [f for f in fonts if f["/Subtype"] == "/TrueType"]
            assert truetype
            for font in truetype:
                assert "+" in font["/BaseFont"]  # subset tag
                assert "/FontFile2" in font["/FontDescriptor"].get_object()
            # reportlab also declares its initial Helvetica, unused.
            assert {f["/BaseFont"] for f in fonts if f["/Subtype"] != "/TrueType"} <= {"/Helvetica"}
            assert f"第{i + 1}页共{total}页" in self.page_flat(i)
        lines = [ln.strip() for ln in self.text.splitlines() if ln.strip()]
        for line in lines:
            assert line[0] not in CLOSING, line
        # pypdf yields one line per printed line; a wrapped one may not end with an opener.
        for line in lines[:-1]:
            if len(line) > 1:
                assert line[-1] not in NO_LINE_END, line


    def check_margins(self) -> None:
        """All text of every (portrait) page lies inside the GB/T 9704 版心 (上37 下35 左28 右26
        mm); only the "第X页 共Y页" footer lies below it and the running 文号 above it."""
        width, height = A4_PORTRAIT
        for i, page in enumerate(self.reader.pages):
            for run in text_runs(page):
                assert run.x >= LEFT - SLACK, (i, run)
                assert run.end <= width - RIGHT + SLACK, (i, run)
                if run.y < BOTTOM - SLACK:  # the footer, 7 mm below the 版心
                    assert run.text.strip().strip("第页共 0123456789") == "", (i, run)
                    assert run.y > BOTTOM - 12 * 72 / 25.4, (i, run)
                elif run.y > height - TOP + SLACK:  # the running head of later pages
                    assert i > 0 and run.text.startswith("（"), (i, run)
                else:
                    assert run.y + run.size * 0.8 <= height - TOP + SLACK, (i, run)

    def lines(self, i: int) -> list[str]:
        """The text lines of page ``i`` (runs on one baseline joined), top to bottom."""
        rows: dict[float, list[Run]] = {}
        for run in text_runs(self.reader.pages[i]):
            rows.setdefault(round(run.y, 1), []).append(run)
        return ["".join(r.text for r in sorted(rows[y], key=lambda r: r.x)).replace(" ", "")
                for y in sorted(rows, reverse=True)]  # fmt: skip


def read_pdf(path: Path) -> PrintedForm:
    """Read a PDF back."""
    reader = PdfReader(path)
    return PrintedForm(reader, [p.extract_text() for p in reader.pages])


@pytest.fixture
def read() -> Callable[[Path], PrintedForm]:
    """The :func:`read_pdf` function."""
    return read_pdf
