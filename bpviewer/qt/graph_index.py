"""A uniform-grid spatial index of rectangles: label placement asks "does this rectangle
overlap anything placed?" in time proportional to the rectangles nearby, not to all of
them, so laying out thousands of labels stays near-linear.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF


class GridIndex:
    """Rectangles bucketed by the grid cells they touch. `tests` counts rectangle
    comparisons (for tests that placement is not quadratic)."""

    def __init__(self, cell: float) -> None:
        self.cell = max(cell, 1.0)
        self._cells: dict[tuple[int, int], list[QRectF]] = {}
        self.tests = 0

    def _keys(self, r: QRectF) -> list[tuple[int, int]]:
        c = self.cell
        x0, x1 = int(r.left() // c), int(r.right() // c)
        y0, y1 = int(r.top() // c), int(r.bottom() // c)
        return [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]

    def add(self, r: QRectF) -> None:
        for key in self._keys(r):
            self._cells.setdefault(key, []).append(r)

    def hits(self, r: QRectF) -> bool:
        """Whether `r` overlaps (with a positive area) any rectangle added."""
        for key in self._keys(r):
            for other in self._cells.get(key, ()):
                self.tests += 1
                if r.intersects(other):
                    return True
        return False
