"""The optimizer race's contour segments: pyqtgraph's own isocurve (walked cell by cell in
Python, a second of the first paint) is the independent reference they must equal."""

import numpy as np
import pyqtgraph as pg
import pytest

from bpviewer.core.labs.contours import segments
from bpviewer.core.labs.optimizer_race import SURFACES, grid


def _key(a: np.ndarray, b: np.ndarray) -> tuple[float, ...]:
    return tuple(np.concatenate(sorted([a, b], key=lambda p: tuple(np.round(p, 6)))))


@pytest.mark.parametrize("level", [0.05, 0.7, 3.0])
def test_segments_equal_pyqtgraphs_isocurve(level):
    xs, ys = np.linspace(-2.0, 3.0, 41), np.linspace(-1.0, 1.5, 29)
    gx, gy = np.meshgrid(xs, ys, indexing="ij")
    values = (1 - gx) ** 2 + 3 * (gy - gx ** 2) ** 2  # smooth: no saddle cells to resolve

    def data(p):  # pyqtgraph: index coordinates of pixel centres, +0.5
        i, j = np.asarray(p) - 0.5
        return np.array([np.interp(i, np.arange(len(xs)), xs), np.interp(j, np.arange(len(ys)), ys)])

    reference = sorted(_key(data(a), data(b)) for a, b in pg.functions.isocurve(values, level))
    mine = segments(xs, ys, values, level).reshape(-1, 2, 2)
    assert len(reference) > 10
    assert np.allclose(sorted(_key(a, b) for a, b in mine), reference, rtol=0, atol=1e-12)


def test_every_end_point_lies_on_its_level_in_saddles_too():
    rng = np.random.default_rng(0)
    xs, ys = np.arange(30.0), np.arange(20.0)
    values = rng.normal(size=(30, 20))
    points = segments(xs, ys, values, 0.2)
    i, j = points[:, 0].astype(int), points[:, 1].astype(int)
    on_x = points[:, 0] != i  # on a horizontal edge, else on a vertical one
    i2, j2 = np.minimum(i + on_x, 29), np.minimum(j + ~on_x, 19)
    t = np.where(on_x, points[:, 0] - i, points[:, 1] - j)
    assert np.allclose(values[i, j] + t * (values[i2, j2] - values[i, j]), 0.2)
    crossing = ((values[:-1, :-1] > 0.2) != (values[1:, :-1] > 0.2)).sum()  # bottom edges
    assert len(points) // 2 >= crossing // 2


def test_the_race_grid_carries_its_contours():
    g = grid(next(iter(SURFACES.values())))
    assert g.contours.shape[1] == 2 and len(g.contours) % 2 == 0 and len(g.contours) > 100
