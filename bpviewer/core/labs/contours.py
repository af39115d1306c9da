"""Contour lines of a sampled surface (marching squares, all cells at once in numpy).

The optimizer race draws a dozen contours of a 201 × 201 grid; pyqtgraph's own isocurve
walks the cells in Python and took about a second of the window's first paint. Here they
are segments computed once per surface, beside the grid, in the lab's worker.
"""

from __future__ import annotations

import numpy as np

#: cell corners 00, 10, 11, 01 (x then y index); edges 0 bottom, 1 right, 2 top, 3 left
_EDGES = ((0, 1), (1, 2), (3, 2), (0, 3))
#: saddle cells (corners 00 and 11 on one side, 10 and 01 on the other): two segments,
#: each cutting off one corner of the side that holds 10 and 01
_SADDLE_PAIRS = {5: ((0, 1), (2, 3)), 10: ((0, 3), (1, 2))}


def segments(xs: np.ndarray, ys: np.ndarray, values: np.ndarray, level: float) -> np.ndarray:
    """(2k, 2) end points of the k segments where `values` (nx, ny), sampled at (xs[i],
    ys[j]), crosses `level`, linearly interpolated along the cell edges; consecutive rows
    pair up (pyqtgraph's connect='pairs')."""
    v = values
    corners = (v[:-1, :-1], v[1:, :-1], v[1:, 1:], v[:-1, 1:])
    x0, x1, y0, y1 = xs[:-1, None], xs[1:, None], ys[None, :-1], ys[None, 1:]
    corner_xy = ((x0, y0), (x1, y0), (x1, y1), (x0, y1))
    above = [c > level for c in corners]
    case = above[0] * 1 + above[1] * 2 + above[2] * 4 + above[3] * 8
    points = []
    crossed = []
    for a, b in _EDGES:
        va, vb = corners[a], corners[b]
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.clip((level - va) / (vb - va), 0.0, 1.0)
        (xa, ya), (xb, yb) = corner_xy[a], corner_xy[b]
        points.append(np.stack(np.broadcast_arrays(xa + t * (xb - xa), ya + t * (yb - ya)),
                               axis=-1))
        crossed.append(above[a] != above[b])
    crossed_arr = np.stack(crossed, axis=-1)  # (nx-1, ny-1, 4)
    points_arr = np.stack(points, axis=-2)  # (nx-1, ny-1, 4, 2)
    plain = crossed_arr.sum(axis=-1) == 2
    first = np.argmax(crossed_arr, axis=-1)
    last = 3 - np.argmax(crossed_arr[..., ::-1], axis=-1)
    ends = [np.take_along_axis(points_arr, e[..., None, None], axis=-2)[..., 0, :][plain]
            for e in (first, last)]
    pieces = [np.stack(ends, axis=1)]
    for saddle, pairs in _SADDLE_PAIRS.items():
        cells = case == saddle
        for a, b in pairs:
            pieces.append(np.stack([points_arr[cells][:, a], points_arr[cells][:, b]], axis=1))
    return np.concatenate(pieces).reshape(-1, 2)
