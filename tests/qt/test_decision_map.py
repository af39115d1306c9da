"""The decision map asks the Session once per refresh and only colours what it returns."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage

from bpviewer.core import presets
from bpviewer.core import spec as spec_mod
from bpviewer.core.session import Session
from bpviewer.qt.bridge import SessionBridge
from bpviewer.qt.decision_map import GRID, DecisionMapWidget, map_kind


def net(generator: str, outputs: int, output_activation: str, loss: str) -> dict:
    return {"layers": [2, 4, outputs], "activations": ["tanh", output_activation], "loss": loss,
            "init": {"scheme": "xavier_uniform", "seed": 0}, "optimizer": {"name": "adam", "lr": 0.05},
            "data": {"generator": generator, "n": 60, "noise": 0.1, "seed": 0}}


BINARY = net("circles", 1, "sigmoid", "bce")
MULTICLASS = net("gaussians", 3, "softmax", "cross_entropy")


def shown_map(qtbot, spec) -> DecisionMapWidget:
    w = DecisionMapWidget(SessionBridge(Session(spec)))
    qtbot.addWidget(w)
    w.resize(900, 600)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def counted(monkeypatch):
    """Wraps session.predict to record the points it is asked about."""
    def install(session: Session) -> list[np.ndarray]:
        calls: list[np.ndarray] = []
        predict = session.predict
        monkeypatch.setattr(session, "predict", lambda x, *a: (calls.append(x), predict(x, *a))[1])
        return calls
    return install


def test_one_predict_call_per_refresh_and_none_within_an_iteration(qtbot, counted):
    w = shown_map(qtbot, spec_mod.from_dict(BINARY))
    calls = counted(w.session)
    w.session.run(5)
    w.bridge.flush()
    assert len(calls) == 1 and calls[0].shape == (GRID * GRID, 2)
    w.session.prev_step()  # same iteration, same parameters
    w.bridge.flush()
    assert len(calls) == 1
    w.session.goto(2)
    w.bridge.flush()
    assert len(calls) == 2


def test_binary_map_colours_p_of_class_1(qtbot):
    w = shown_map(qtbot, spec_mod.from_dict(BINARY))
    w.session.run(200)
    w.bridge.flush()
    assert map_kind(w.session) == "binary"
    p = w.session.predict(w._grid)[:, 0]
    expected = w._cmap.map(np.clip(p, 0, 1), mode="byte")[:, :3].reshape(GRID, GRID, 3)
    assert np.array_equal(w.image.image, expected)
    # the lattice is laid out as the image: pixel [i, j] sits at the lattice point [i * GRID + j]
    i, j = 10, 70
    rect = w.image.mapRectToParent(w.image.boundingRect())
    centre = (rect.left() + (i + 0.5) * rect.width() / GRID, rect.top() + (j + 0.5) * rect.height() / GRID)
    assert np.allclose(centre, w._grid[i * GRID + j])


def test_points_are_coloured_by_class(qtbot):
    w = shown_map(qtbot, spec_mod.from_dict(MULTICLASS))
    labels = w.session.dataset.labels
    brushes = [b.color().name() for b in w.points.data["brush"]]
    assert len(brushes) == len(labels)
    assert {brushes[k] for k in np.flatnonzero(labels == 0)} == {brushes[int(np.argmax(labels == 0))]}
    assert len(set(brushes)) == 3


def test_multiclass_map_is_the_argmax_class_paler_when_unsure(qtbot):
    w = shown_map(qtbot, spec_mod.from_dict(MULTICLASS))
    w.session.run(300)
    w.bridge.flush()
    out = w.session.predict(w._grid)
    pixels = w.image.image.reshape(-1, 3).astype(int)
    winner = np.argmax(out, axis=1)
    sure, unsure = np.argmax(out.max(axis=1)), np.argmin(out.max(axis=1))
    assert pixels[sure].sum() < pixels[unsure].sum()  # the confident one is more saturated
    same_class = winner == winner[sure]
    hue = pixels[same_class] - 255
    assert np.all(np.sign(hue) == np.sign(pixels[sure] - 255))  # one hue per class


def test_regression_shows_the_value(qtbot):
    w = shown_map(qtbot, presets.load("mazur"))
    w.session.run(3)
    w.bridge.flush()
    assert map_kind(w.session) == "regression"
    out = w.session.predict(w._grid)[:, 0]
    low, high = w.colorbar.levels()
    assert low <= out.min() and out.max() <= high


def test_placeholder_for_networks_without_2_inputs(qtbot, counted):
    w = shown_map(qtbot, presets.load("softmax-3class"))
    calls = counted(w.session)
    w.session.run(3)
    w.bridge.flush()
    assert w.stack.currentWidget() is w.placeholder
    assert "2 inputs" in w.placeholder.text() and "3" in w.placeholder.text()
    assert calls == []
    w.session.load(spec_mod.from_dict(BINARY))
    w.bridge.flush()
    assert w.stack.currentWidget() is w.figure and len(calls) == 1


def test_export_png(qtbot, tmp_path):
    w = shown_map(qtbot, spec_mod.from_dict(BINARY))
    w.export_png(str(tmp_path / "map.png"))
    assert QImage(str(tmp_path / "map.png")).width() > 400
