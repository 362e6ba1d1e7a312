"""A reportlab canvas that prints "第 X 页 共 Y 页" (needs the page count: pages are buffered)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm
from reportlab.pdfgen import canvas


def numbered_canvas(
    font: str,
    size: float = 10.5,
    *,
    footer_y: float = 18 * mm,
    only_if_several: bool = False,
    running_head: str = "",
) -> type[canvas.Canvas]:
    """A Canvas class that writes the page footer with ``font`` once all pages are known.

    Args:
        font: Registered font name.
        size: Footer font size.
        footer_y: Height of the footer's baseline above the page bottom.
        only_if_several: Print nothing on a one-page document.
        running_head: Text (e.g. the 文号) printed at the top right of every page after the
            first, so a loose page can be matched to its document.
    """

    class NumberedCanvas(canvas.Canvas):
        if TYPE_CHECKING:
            # Private parts of reportlab's Canvas that the usual page-buffering recipe uses;
            # the stubs leave them out.
            _pagesize: tuple[float, float]

            def _startPage(self) -> None: ...  # noqa: N802 - reportlab's name

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab API
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                width, height = self._pagesize
                if total > 1 or not only_if_several:
                    self.setFont(font, size)
                    self.drawCentredString(
                        width / 2, footer_y, f"第 {self.getPageNumber()} 页  共 {total} 页"
                    )
                if running_head and self.getPageNumber() > 1:
                    self.setFont(font, 9)
                    self.drawRightString(width - 26 * mm, height - 15 * mm, f"（{running_head}）")
                super().showPage()
            super().save()

    return NumberedCanvas
