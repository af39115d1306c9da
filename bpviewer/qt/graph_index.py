"""A uniform-grid spatial index of rectangles: label placement asks "does this rectangle
overlap anything placed?" in time proportional to the rectangles nearby, not to all of
them, so laying out thousands of labels stays near-linear.

Rectangles are kept as plain (left, top, right, bottom) tuples and compared in Python:
a click asks a few hundred questions, and each QRectF call costs more than the test.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF

Box = tuple[float, float, float, float]


def inside(outer: Box, box: Box) -> bool:
    """QRectF.contains for two (left, top, right, bottom) rectangles: both with an area,
    `box` within `outer`, edges included."""
    return (outer[0] != outer[2] and outer[1] != outer[3] and box[0] != box[2] and box[1] != box[3]
            and outer[0] <= box[0] and box[2] <= outer[2] and outer[1] <= box[1] and box[3] <= outer[3])


class GridIndex:
    """Rectangles bucketed by the grid cells they touch. `tests` counts rectangle
    comparisons (for tests that placement is not quadratic)."""

    def __init__(self, cell: float) -> None:
        self.cell = max(cell, 1.0)
        self._cells: dict[tuple[int, int], list[Box]] = {}
        self.tests = 0

    def _keys(self, box: Box) -> list[tuple[int, int]]:
        c = self.cell
        xs = range(int(box[0] // c), int(box[2] // c) + 1)
        return [(x, y) for y in range(int(box[1] // c), int(box[3] // c) + 1) for x in xs]

    def add(self, r: QRectF) -> None:
        self.add_box(r.normalized().getCoords())

    def add_box(self, box: Box) -> None:
        """`add` for a rectangle given as (left, top, right, bottom)."""
        cells = self._cells
        for key in self._keys(box):
            if key in cells:
                cells[key].append(box)
            else:
                cells[key] = [box]

    def hits(self, r: QRectF) -> bool:
        """Whether `r` overlaps (with a positive area, as QRectF.intersects) any
        rectangle added."""
        return self.hits_box(r.normalized().getCoords())

    def hits_box(self, box: Box) -> bool:
        """`hits` for a rectangle given as (left, top, right, bottom)."""
        left, top, right, bottom = box
        if left == right or top == bottom:
            return False
        c, cells = self.cell, self._cells
        xs = range(int(left // c), int(right // c) + 1)
        for y in range(int(top // c), int(bottom // c) + 1):
            for x in xs:
                for other in cells.get((x, y), ()):
                    self.tests += 1
                    if (left < other[2] and other[0] < right and top < other[3] and other[1] < bottom
                            and other[0] != other[2] and other[1] != other[3]):
                        return True
        return False
