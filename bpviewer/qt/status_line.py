"""The status line at the window's bottom left: "iteration 301 · forward · net and out of h₂,₂ ·
step 10/246 · sample 1/20". Where it is wider than its room (a 1024 px window past
iteration 99), its widest part, the step's title, gives way first, so the step and sample
counts at its end stay readable; the chain panel's heading and the tooltip say the title whole."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel

SEPARATOR = " · "


def fitted(text: str, metrics: QFontMetrics, width: int) -> str:
    """`text` as shown in `width` pixels: whole, or its widest part elided, or cut at its end."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    parts = text.split(SEPARATOR)
    widest = max(range(len(parts)), key=lambda i: metrics.horizontalAdvance(parts[i]))
    rest = SEPARATOR.join(parts[:widest] + ["…"] + parts[widest + 1:])
    room = width - metrics.horizontalAdvance(rest) + metrics.horizontalAdvance("…")
    if len(parts) > 1 and room >= metrics.horizontalAdvance("ab…"):
        parts[widest] = _tail(parts[widest], metrics, room)
        return SEPARATOR.join(parts)
    return metrics.elidedText(text, Qt.ElideRight, width)


def _tail(title: str, metrics: QFontMetrics, room: int) -> str:
    """The title's last whole words that fit after "…" ("…out of h₂,₂": which neuron stays)."""
    words = title.split(" ")
    while len(words) > 1:
        words.pop(0)
        shown = "…" + " ".join(words)
        if metrics.horizontalAdvance(shown) <= room:
            return shown
    return metrics.elidedText(title, Qt.ElideLeft, room)


class StatusLine(QLabel):
    """A label drawn fitted to the width the status bar gives it; `text()` stays whole."""

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def shown(self) -> str:
        return fitted(self.text(), self.fontMetrics(), self.contentsRect().width())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.style().drawItemText(painter, self.contentsRect(), int(self.alignment()),
                                  self.palette(), self.isEnabled(), self.shown(),
                                  self.foregroundRole())
