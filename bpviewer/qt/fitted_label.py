"""One-line labels that give way part by part where they lack room, instead of being cut
at an arbitrary letter: the status line ("iteration 301 · forward · net and out of h₂,₂ ·
step 10/246 · sample 1/20": its widest part, the step's title, gives way first, so the
counts at its end stay readable at 1024 px past iteration 99) and the chain panel's
subtitle ("forward · iteration 2 · step 6/853": its leading parts go first, so F5's larger
text beside a dock keeps the step count). `text()` stays whole, and the tooltip says it all."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel

SEPARATOR = " · "


def _tail(title: str, metrics: QFontMetrics, room: int) -> str:
    """The title's last whole words that fit after "…" ("…out of h₂,₂": which neuron stays)."""
    words = title.split(" ")
    while len(words) > 1:
        words.pop(0)
        shown = "…" + " ".join(words)
        if metrics.horizontalAdvance(shown) <= room:
            return shown
    return metrics.elidedText(title, Qt.ElideLeft, room)


def widest_gives_way(text: str, metrics: QFontMetrics, width: int) -> str:
    """`text` as shown in `width` pixels: whole, or its widest part cut to its last words,
    or cut at its end."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    parts = text.split(SEPARATOR)
    widest = max(range(len(parts)), key=lambda i: metrics.horizontalAdvance(parts[i]))
    rest = SEPARATOR.join(parts[:widest] + ["…"] + parts[widest + 1:])
    room = width - metrics.horizontalAdvance(rest) + metrics.horizontalAdvance("…")
    title = parts[widest]
    while len(parts) > 1 and room >= metrics.horizontalAdvance("ab…"):
        parts[widest] = _tail(title, metrics, room)
        shown = SEPARATOR.join(parts)
        excess = metrics.horizontalAdvance(shown) - width  # the parts' widths do not add up exactly
        if excess <= 0:
            return shown
        room -= excess
    return metrics.elidedText(text, Qt.ElideRight, width)


def first_give_way(text: str, metrics: QFontMetrics, width: int) -> str:
    """`text` as shown in `width` pixels: whole, or without its first parts, or cut at its end."""
    indent = text[:len(text) - len(text.lstrip())]
    parts = text.lstrip().split(SEPARATOR)
    while len(parts) > 1 and metrics.horizontalAdvance(indent + SEPARATOR.join(parts)) > width:
        parts.pop(0)
    shown = indent + SEPARATOR.join(parts)
    # elidedText measures in fractions of a pixel: "  iteration 100 · step 10000/99999", 275 px
    # wide at the window's 12 pt, came out "  iteration 100 · step 10000/999…" in 275
    if metrics.horizontalAdvance(shown) <= width:
        return shown
    return metrics.elidedText(shown, Qt.ElideRight, width)


class FittedLabel(QLabel):
    """A plain-text label drawn as `fit` makes its text fit the width the layout gives it."""

    def __init__(self, fit: Callable[[str, QFontMetrics, int], str] = widest_gives_way) -> None:
        super().__init__()
        self._fit = fit
        self.setTextFormat(Qt.PlainText)

    def shown(self) -> str:
        return self._fit(self.text(), self.fontMetrics(), self.contentsRect().width())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.style().drawItemText(painter, self.contentsRect(), int(self.alignment()),
                                  self.palette(), self.isEnabled(), self.shown(),
                                  self.foregroundRole())
