"""A uniform-grid spatial index of rectangles: label placement asks "does this rectangle
overlap anything placed?" in time proportional to the rectangles nearby, not to all of
them, so laying out thousands of labels stays near-linear.

Rectangles are kept as plain (left, top, right, bottom) tuples and compared in Python:
each QRectF call costs more than the test. A dense step tries each of its labels at
hundreds of spots, so `first_free` rules most of them out at once in numpy against a
raster of what is placed (`Raster`), and tests only the few left exactly, in order.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QRectF

Box = tuple[float, float, float, float]


def inside(outer: Box, box: Box) -> bool:
    """QRectF.contains for two (left, top, right, bottom) rectangles: both with an area,
    `box` within `outer`, edges included."""
    return (outer[0] != outer[2] and outer[1] != outer[3] and box[0] != box[2] and box[1] != box[3]
            and outer[0] <= box[0] and box[2] <= outer[2] and outer[1] <= box[1] and box[3] <= outer[3])


class Raster:
    """Square cells of side `cell` over `area`, a cell marked once it lies wholly inside
    a rectangle added. A candidate that wholly contains a marked cell overlaps that
    rectangle with a positive area, so `blocked` rules candidates out without a false
    alarm; one that only grazes a rectangle is left to the exact test."""

    def __init__(self, area: Box, cell: float) -> None:
        self.x0, self.y0, self.cell = area[0], area[1], cell
        cols = max(math.ceil((area[2] - area[0]) / cell), 1)
        rows = max(math.ceil((area[3] - area[1]) / cell), 1)
        self._marked = np.zeros((rows, cols), np.int32)
        self._sums = np.zeros((rows, cols + 1), np.int32)  # per row: marked cells left of a column
        self._dirty = (rows, 0)  # rows whose sums are stale: [first, last)

    def _span(self, lo: float, hi: float, origin: float, count: int) -> tuple[int, int]:
        """The cells [i·cell, (i + 1)·cell) wholly within [lo, hi]: first, end (clipped)."""
        first = min(max(math.ceil((lo - origin) / self.cell), 0), count)
        return first, min(max(math.floor((hi - origin) / self.cell), 0), count)

    def _spans(self, lo: np.ndarray, hi: np.ndarray, origin: float, count: int
               ) -> tuple[np.ndarray, np.ndarray]:
        """_span for arrays of intervals."""
        first = np.ceil((lo - origin) / self.cell)
        end = np.floor((hi - origin) / self.cell)
        return (np.minimum(np.maximum(first, 0), count).astype(np.intp),
                np.minimum(np.maximum(end, 0), count).astype(np.intp))

    def add(self, box: Box) -> None:
        rows, cols = self._marked.shape
        i0, i1 = self._span(box[0], box[2], self.x0, cols)
        j0, j1 = self._span(box[1], box[3], self.y0, rows)
        if i0 < i1 and j0 < j1:
            self._marked[j0:j1, i0:i1] = 1
            self._dirty = (min(self._dirty[0], j0), max(self._dirty[1], j1))

    def blocked(self, lefts: np.ndarray, tops: np.ndarray, rights: np.ndarray,
                bottoms: np.ndarray) -> np.ndarray:
        """Per candidate rectangle: True where it wholly contains a marked cell."""
        lo, hi = self._dirty
        if lo < hi:
            np.cumsum(self._marked[lo:hi], axis=1, out=self._sums[lo:hi, 1:])
            self._dirty = (self._marked.shape[0], 0)
        rows, cols = self._marked.shape
        i0, i1 = self._spans(lefts, rights, self.x0, cols)
        j0, j1 = self._spans(tops, bottoms, self.y0, rows)
        depth = int(np.max(j1 - j0, initial=0))
        if depth <= 0:
            return np.zeros(len(i0), bool)
        ys = j0[:, None] + np.arange(depth)
        valid = ys < j1[:, None]
        ys = np.minimum(ys, rows - 1)
        counts = self._sums[ys, i1[:, None]] - self._sums[ys, i0[:, None]]
        return ((counts > 0) & valid).any(axis=1)


class GridIndex:
    """Rectangles bucketed by the grid cells they touch. `tests` counts rectangle
    comparisons (for tests that placement is not quadratic). `area`, where `first_free`
    will be asked about, gets a Raster of cells `cell / 8` wide, built at its first use."""

    def __init__(self, cell: float, area: Box | None = None) -> None:
        self.cell = max(cell, 1.0)
        self._cells: dict[tuple[int, int], list[Box]] = {}
        self._boxes: list[Box] = []
        self._area = area
        self._raster: Raster | None = None
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
        self._boxes.append(box)
        if self._raster is not None:
            self._raster.add(box)

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

    def first_free(self, lefts: np.ndarray, tops: np.ndarray, rights: np.ndarray,
                   bottoms: np.ndarray, eligible: np.ndarray) -> int | None:
        """The first eligible candidate (index) that hits nothing added, or None."""
        if self._area is not None:
            if self._raster is None:
                self._raster = Raster(self._area, self.cell / 8)
                for box in self._boxes:
                    self._raster.add(box)
            eligible = eligible & ~self._raster.blocked(lefts, tops, rights, bottoms)
        for i in np.flatnonzero(eligible).tolist():
            if not self.hits_box((float(lefts[i]), float(tops[i]), float(rights[i]),
                                  float(bottoms[i]))):
                return i
        return None
