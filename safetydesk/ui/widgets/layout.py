"""Small layout helpers shared by the pages and dialogs (one look for titles and page bodies)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget


def bold(label: QLabel, delta: float = 0) -> QLabel:
    """Make ``label`` bold and ``delta`` points larger than the application font; returns it."""
    font = label.font()
    font.setPointSizeF(font.pointSizeF() + delta)
    font.setBold(True)
    label.setFont(font)
    return label


def scroll_body(
    owner: QWidget, *, margins: tuple[int, int] = (28, 22), spacing: int = 14
) -> QVBoxLayout:
    """Give a page a frameless scroll area and return the layout of its scrolled body."""
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(0, 0, 0, 0)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    outer.addWidget(scroll)
    body = QWidget()
    scroll.setWidget(body)
    layout = QVBoxLayout(body)
    h, v = margins
    layout.setContentsMargins(h, v, h, v)
    layout.setSpacing(spacing)
    return layout
