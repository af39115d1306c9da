"""A uniform-grid spatial index of rectangles: label placement asks "does this rectangle
overlap anything placed?" in time proportional to the rectangles nearby, not to all of
them, so laying out thousands of labels stays near-linear.

Rectangles are kept as plain (left, top, right, bottom) tuples and compared in Python:
each QRectF call costs more than the test. A dense step tries each of its labels at
hundreds of spots, so `ruled_out` rules most of them out at once in numpy against a
raster of what is placed (`Raster`), and only the few left are tested exactly.
"""

from __future__ import annotations

import bisect
import copy
import math

import numpy as np
from PySide6.QtCore import QRectF

Box = tuple[float, float, float, float]


def inside(outer: Box, box: Box) -> bool:
    """QRectF.contains for two (left, top, right, bottom) rectangles: both with an area,
    `box` within `outer`, edges included."""
    return (outer[0] != outer[2] and outer[1] != outer[3] and box[0] != box[2] and box[1] != box[3]
            and outer[0] <= box[0] and box[2] <= outer[2] and outer[1] <= box[1] and box[3] <= outer[3])


def inside_all(outer: Box, boxes: np.ndarray) -> np.ndarray:
    """`inside` for many boxes at once (rows of left, top, right, bottom)."""
    if outer[0] == outer[2] or outer[1] == outer[3]:
        return np.zeros(len(boxes), bool)
    left, top, right, bottom = boxes.T
    return (left != right) & (top != bottom) & (outer[0] <= left) & (right <= outer[2]) \
        & (outer[1] <= top) & (bottom <= outer[3])


def overlapping(queries: np.ndarray, boxes: np.ndarray, apart: bool = False) -> np.ndarray:
    """Per query rectangle (a row of left, top, right, bottom): whether it overlaps any of
    `boxes` with a positive area, as GridIndex.hits_box answers. `apart`: `boxes` are the
    queries themselves, and a query overlapping only itself is not counted."""
    if not len(queries) or not len(boxes):
        return np.zeros(len(queries), bool)
    # only boxes within the queries' bounds can overlap one (a column's strip, say)
    near = (boxes[:, 0] < queries[:, 2].max()) & (queries[:, 0].min() < boxes[:, 2]) \
        & (boxes[:, 1] < queries[:, 3].max()) & (queries[:, 1].min() < boxes[:, 3]) \
        & (boxes[:, 0] != boxes[:, 2]) & (boxes[:, 1] != boxes[:, 3])
    q, b = queries[:, None, :], boxes[near][None, :, :]
    hit = (q[..., 0] < b[..., 2]) & (b[..., 0] < q[..., 2])
    hit &= (q[..., 1] < b[..., 3]) & (b[..., 1] < q[..., 3])
    if apart:
        hit[np.flatnonzero(near), np.arange(near.sum())] = False
    return hit.any(axis=1) & (queries[:, 0] != queries[:, 2]) & (queries[:, 1] != queries[:, 3])


class Strips:
    """Rectangles with an area, by their tops, for those that reach into a horizontal
    strip: all that a rectangle within it may overlap. A compact bias left without a
    place tries ~10 spots in its row; a numpy pass over ~1,400 rectangles for each took
    phone-price's backward of layer 1 (~120 such biases) ~7 ms a click."""

    def __init__(self, boxes: np.ndarray) -> None:
        rows = boxes[(boxes[:, 0] != boxes[:, 2]) & (boxes[:, 1] != boxes[:, 3])]
        rows = rows[np.argsort(rows[:, 1], kind="stable")]
        self._tops: list[float] = rows[:, 1].tolist()
        self._boxes: list[Box] = [tuple(row) for row in rows.tolist()]
        #: the tallest's height and a unit more: a rectangle whose top is further above a
        #: strip ends above it
        self._reach = float((rows[:, 3] - rows[:, 1]).max()) + 1.0 if len(rows) else 1.0

    def add(self, box: Box) -> None:
        """Another rectangle (with an area)."""
        at = bisect.bisect_right(self._tops, box[1])
        self._tops.insert(at, box[1])
        self._boxes.insert(at, box)
        self._reach = max(self._reach, box[3] - box[1] + 1.0)

    def near(self, top: float, bottom: float) -> list[Box]:
        """Those reaching into the strip between top and bottom."""
        tops = self._tops
        boxes = self._boxes[bisect.bisect_left(tops, top - self._reach):bisect.bisect_left(tops, bottom)]
        return [box for box in boxes if top < box[3]]


def hits_any(box: Box, boxes: list[Box]) -> bool:
    """overlapping for one rectangle against a few (with an area each, as Strips keeps
    them), in Python: a numpy call costs more than testing a row's dozen."""
    left, top, right, bottom = box
    return left != right and top != bottom and any(
        left < o[2] and o[0] < right and top < o[3] and o[1] < bottom for o in boxes)


class Raster:
    """Square cells of side `cell` over `area`, a cell marked once a rectangle added
    covers part of it (with a positive area). A candidate that wholly contains a marked
    cell overlaps that rectangle with a positive area, so `blocked` rules candidates
    out without a false alarm; one that only grazes a rectangle (by less than two cells)
    is left to the exact test. Counted with a summed-area table of the window the
    candidates reach (`local`): four reads a candidate, and a dense layer's candidates lie
    between two layers, a sixth of a wide network's scene (the whole scene's table, made
    again below each label placed, took phone-price ~2 ms a click)."""

    EPS = 1e-6  # in cells: a cell only touched by a rectangle's edge is not marked

    def __init__(self, area: Box, cell: float) -> None:
        self.x0, self.y0, self.cell = area[0], area[1], cell
        cols = max(math.ceil((area[2] - area[0]) / cell), 1)
        rows = max(math.ceil((area[3] - area[1]) / cell), 1)
        self._marked = np.zeros((rows, cols), np.uint8)
        self._count = (float(cols), float(rows))  # cells across and down

    def add(self, box: Box) -> None:
        if box[0] == box[2] or box[1] == box[3]:
            return  # no area: overlaps nothing
        rows, cols = self._marked.shape
        c, e = self.cell, self.EPS
        i0 = min(max(math.floor((box[0] - self.x0) / c + e), 0), cols)
        i1 = min(max(math.ceil((box[2] - self.x0) / c - e), 0), cols)
        j0 = min(max(math.floor((box[1] - self.y0) / c + e), 0), rows)
        j1 = min(max(math.ceil((box[3] - self.y0) / c - e), 0), rows)
        if i0 < i1 and j0 < j1:
            self._marked[j0:j1, i0:i1] = 1

    def add_many(self, boxes: np.ndarray) -> None:
        """`add` for many rectangles (rows of left, top, right, bottom) at once, the same
        cells marked: a click's index of phone-price holds ~300 boxes when its raster is
        first asked for, and adding them one by one took ~1 ms."""
        boxes = boxes[(boxes[:, 0] != boxes[:, 2]) & (boxes[:, 1] != boxes[:, 3])]
        if not len(boxes):
            return
        rows, cols = self._marked.shape
        c, e = self.cell, self.EPS
        i0 = np.clip(np.floor((boxes[:, 0] - self.x0) / c + e), 0, cols).astype(np.intp)
        i1 = np.clip(np.ceil((boxes[:, 2] - self.x0) / c - e), 0, cols).astype(np.intp)
        j0 = np.clip(np.floor((boxes[:, 1] - self.y0) / c + e), 0, rows).astype(np.intp)
        j1 = np.clip(np.ceil((boxes[:, 3] - self.y0) / c - e), 0, rows).astype(np.intp)
        area = (i0 < i1) & (j0 < j1)
        marked = self._marked
        for a, b, l, r in zip(j0[area].tolist(), j1[area].tolist(), i0[area].tolist(), i1[area].tolist(),
                              strict=True):
            marked[a:b, l:r] = 1

    def copy(self) -> Raster:
        """The same marks, to add more to without changing these."""
        other = copy.copy(self)
        other._marked = self._marked.copy()
        return other

    def blocked(self, lefts: np.ndarray, tops: np.ndarray, rights: np.ndarray,
                bottoms: np.ndarray) -> np.ndarray:
        """Per candidate rectangle: True where it wholly contains a marked cell."""
        return self.counted(*self.spans(lefts, rights, 0), *self.spans(tops, bottoms, 1)) > 0

    def spans(self, lows: np.ndarray, highs: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
        """The first and end column (axis 0) or row (axis 1) of the cells wholly inside
        each span from lows to highs, the end never before the first. A rectangle's
        columns depend on its left and right only, its rows on its top and bottom: a
        dense label's candidates share a few of each (graph_layout.place_dense)."""
        origin, cells = (self.x0, self.y0)[axis], self._count[axis]
        first = np.ceil((lows - origin) / self.cell + self.EPS)
        end = np.floor((highs - origin) / self.cell - self.EPS)
        first = np.clip(first, 0, cells).astype(np.intp)
        end = np.maximum(np.clip(end, 0, cells).astype(np.intp), first)
        return first, end

    def local(self, i0: np.ndarray, i1: np.ndarray, j0: np.ndarray, j1: np.ndarray
              ) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
        """A summed-area table of the marked cells in the window these spans (`spans`'s
        columns i0..i1, rows j0..j1; not empty) reach, flat, and the spans as offsets into
        it: columns, and rows times its width."""
        left, right, top, bottom = int(i0.min()), int(i1.max()), int(j0.min()), int(j1.max())
        width = right - left + 1
        table = np.zeros((bottom - top + 1, width), np.int32)
        np.cumsum(np.cumsum(self._marked[top:bottom, left:right], axis=1, dtype=np.int32), axis=0,
                  out=table[1:, 1:])
        return table.ravel(), (i0 - left, i1 - left), ((j0 - top) * width, (j1 - top) * width)

    def counted(self, i0: np.ndarray, i1: np.ndarray, j0: np.ndarray, j1: np.ndarray) -> np.ndarray:
        """The marked cells in each span of columns and rows (`spans`)."""
        if not len(i0):
            return np.zeros(0, np.int32)
        flat, (i0, i1), (j0, j1) = self.local(i0, i1, j0, j1)
        return flat.take(j1 + i1) - flat.take(j0 + i1) - flat.take(j1 + i0) + flat.take(j0 + i0)


class GridIndex:
    """Rectangles bucketed by the grid cells they touch. `tests` counts rectangle
    comparisons (for tests that placement is not quadratic). `area`, where `ruled_out`
    will be asked about, gets a Raster of cells `cell / 8` wide, built at its first use.
    `base`, an index of the same cell and area, holds rectangles that count as added here
    too, and stays as it is: a layout's fixed boxes (a wide network's ~800 circles and
    names) are indexed and rastered once, and each click adds only its own."""

    def __init__(self, cell: float, area: Box | None = None, base: GridIndex | None = None) -> None:
        self.cell = max(cell, 1.0)
        self._cells: dict[tuple[int, int], list[Box]] = {}
        self._boxes: list[Box] = []
        self._area = area
        self._raster: Raster | None = None
        if base is not None and (base.cell, base._area) != (self.cell, area):
            raise ValueError("a base index must have the same cell and area")
        self._base = base
        self._array: np.ndarray | None = None  # _boxes as an array, made when asked for
        self.tests = 0

    def boxes(self) -> np.ndarray:
        """Every rectangle added (and the base's), a row of (left, top, right, bottom) each."""
        if self._array is None or len(self._array) != len(self._boxes):
            self._array = np.array(self._boxes, float).reshape(-1, 4)
        return self._array if self._base is None else np.concatenate((self._base.boxes(), self._array))

    def add(self, r: QRectF) -> None:
        self.add_box(r.normalized().getCoords())

    def added(self, start: int = 0) -> list[Box]:
        """The rectangles added (not the base's) from the `start`th on, in order."""
        return self._boxes[start:]

    def holds(self, base: GridIndex | None, boxes: list[Box]) -> bool:
        """Whether the index is on `base` and holds exactly `boxes` besides, added in that order."""
        return self._base is base and self._boxes == boxes

    def add_box(self, box: Box) -> None:
        """`add` for a rectangle given as (left, top, right, bottom), to each cell it
        touches, row by row (a click adds ~550 of phone-price's)."""
        cells, c = self._cells, self.cell
        xs = range(int(box[0] // c), int(box[2] // c) + 1)
        for y in range(int(box[1] // c), int(box[3] // c) + 1):
            for x in xs:
                bucket = cells.get((x, y))
                if bucket is None:
                    cells[(x, y)] = [box]
                else:
                    bucket.append(box)
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
        return self._base is not None and self._base.hits_box(box)

    def ruled_out(self, lefts: np.ndarray, tops: np.ndarray, rights: np.ndarray,
                  bottoms: np.ndarray) -> np.ndarray:
        """Per candidate rectangle: True where it certainly overlaps something added (the
        raster's answer; False may still overlap: ask hits_box)."""
        if self._area is None:
            return np.zeros(len(lefts), bool)
        if self._raster is None:
            self._raster = self._base.raster().copy() if self._base is not None \
                else Raster(self._area, self.cell / 8)
            self._raster.add_many(np.array(self._boxes, float).reshape(-1, 4))
        return self._raster.blocked(lefts, tops, rights, bottoms)

    def raster(self) -> Raster:
        """The raster of every rectangle added (and the base's), built at its first use."""
        if self._raster is None:
            self.ruled_out(*np.zeros((4, 0)))
        return self._raster
