"""A reportlab canvas that prints "第 X 页 共 Y 页" (needs the page count: pages are buffered)."""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen import canvas


def numbered_canvas(font: str, size: float = 10.5) -> type[canvas.Canvas]:
    """A Canvas class that writes the page footer with ``font`` once all pages are known."""

    class NumberedCanvas(canvas.Canvas):
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
                width = self._pagesize[0]
                self.setFont(font, size)
                self.drawCentredString(
                    width / 2, 18 * 2.835, f"第 {self._pageNumber} 页  共 {total} 页"
                )
                super().showPage()
            super().save()

    return NumberedCanvas
