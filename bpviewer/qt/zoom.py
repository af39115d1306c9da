"""The window's text zoom (Ctrl + / Ctrl − / Ctrl 0) in one place.

Most widgets follow the application font; views that fix their own point sizes (tables,
plot axes and titles) scale them by `factor` and follow `changed`, so zoom reaches the
graph, the chain panel, the tables and the plots alike.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QObject, Signal


class TextZoom(QObject):
    changed = Signal(float)

    def __init__(self) -> None:
        super().__init__()
        self.factor = 1.0

    def set(self, factor: float) -> None:
        if factor != self.factor:
            self.factor = factor
            self.changed.emit(factor)

    def points(self, base: float) -> float:
        """A view's own point size at the current zoom."""
        return base * self.factor


@functools.cache
def text_zoom() -> TextZoom:
    """The one zoom every view reads (created on first use, after the QApplication)."""
    return TextZoom()
