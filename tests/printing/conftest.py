"""Reading printed forms back: page text, page sizes, embedded fonts and Chinese line breaks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from safetydesk.printing.page import NO_LINE_END

#: Punctuation that must never start a printed line.
CLOSING = "，。、；：）》」"
#: (width, height) of A4 in points, rounded as pypdf reports them.
A4_PORTRAIT, A4_LANDSCAPE = (595.3, 841.9), (841.9, 595.3)


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


def read_pdf(path: Path) -> PrintedForm:
    """Read a PDF back."""
    reader = PdfReader(path)
    return PrintedForm(reader, [p.extract_text() for p in reader.pages])


@pytest.fixture
def read() -> Callable[[Path], PrintedForm]:
    """The :func:`read_pdf` function."""
    return read_pdf
