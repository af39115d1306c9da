"""The decision map asks the Session once per refresh (Session.hidden_maps: the output and
every neuron's map) and only colours what it returns."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QDockWidget
from views import Painted, run_frames, show_view

from bpviewer.core import presets
from bpviewer.core import spec as spec_mod
from bpviewer.core.session import Session
from bpviewer.qt.decision_map import BACKGROUND_STRENGTH, GRID, DecisionMapWidget, map_kind, paper
from bpviewer.qt.neuron_maps import NAN_RGB, STRIDE
from bpviewer.qt.plots import PALETTE


def net(generator: str, outputs: int, output_activation: str, loss: str) -> dict:
    return {"layers": [2, 4, outputs], "activations": ["tanh", output_activation], "loss": loss,
            "init": {"scheme": "xavier_uniform", "seed": 0}, "optimizer": {"name": "adam", "lr": 0.05},
            "data": {"generator": generator, "n": 60, "noise": 0.1, "seed": 0}}


BINARY = net("circles", 1, "sigmoid", "bce")
MULTICLASS = net("gaussians", 3, "softmax", "cross_entropy")


def shown_map(qtbot, spec) -> DecisionMapWidget:
    return show_view(qtbot, DecisionMapWidget, Session(spec))


@pytest.fixture
def counted(monkeypatch):
    """Wraps session.hidden_maps (and predict, which the map must not need) to record the
    points they are asked about."""
    def install(session: Session) -> list[np.ndarray]:
        calls: list[np.ndarray] = []
        for name in ("hidden_maps", "predict"):
            method = getattr(session, name)
            monkeypatch.setattr(session, name,
                                lambda x, *a, m=method: (calls.append(x), m(x, *a))[1])
        return calls
    return install


def test_one_batched_call_per_refresh_and_none_within_an_iteration(qtbot, counted):
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


def test_while_running_the_map_follows_a_few_times_a_second_and_ends_on_the_run(qtbot, counted):
    """Each frame of Run sent the GRID × GRID lattice through the network and drew the
    map again; now a few frames share one, and the run's last iteration is drawn."""
    from bpviewer.qt.plots import PLOT_INTERVAL_S

    w = shown_map(qtbot, spec_mod.from_dict(BINARY))
    calls = counted(w.session)
    run_frames(w.bridge)
    assert len(calls) <= 2
    w.bridge.running = False
    qtbot.waitUntil(lambda: w._drawn_for == 10, timeout=int(1000 * PLOT_INTERVAL_S) + 1000)
    fresh = shown_map(qtbot, spec_mod.from_dict(BINARY))
    fresh.session.run(10)
    fresh.bridge.flush()
    assert np.array_equal(w.image.image, fresh.image.image)


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
    assert w.stack.currentWidget() is w.page and len(calls) == 1


def test_export_png(qtbot, tmp_path):
    w = shown_map(qtbot, spec_mod.from_dict(BINARY))
    w.export_png(str(tmp_path / "map.png"))
    assert QImage(str(tmp_path / "map.png")).width() > 400


SPLIT = {**BINARY, "layers": [4, 5, 3, 1], "activations": ["tanh", "relu", "sigmoid"],
         "features": ["x1", "x2", "x1^2", "x1*x2"],
         "data": {"generator": "xor", "n": 80, "noise": 0.2, "seed": 0, "test_fraction": 0.25}}


def test_test_points_are_hollow_rings_at_the_held_out_rows(qtbot):
    w = shown_map(qtbot, spec_mod.from_dict(SPLIT))
    d = w.session.dataset
    assert len(w.test_points.data) == len(d.test_raw) == 20 and len(w.points.data) == 60
    assert np.array_equal(np.c_[w.test_points.data["x"], w.test_points.data["y"]], d.test_raw)
    assert np.array_equal(np.c_[w.points.data["x"], w.points.data["y"]], d.raw)  # raw, not features
    assert w.test_points.opts["brush"].color().alpha() == 0
    rings = [p.color().name() for p in w.test_points.data["pen"]]
    assert rings == [PALETTE[c].lower() for c in d.test_labels]
    assert w.show_test.isChecked() and w.test_points.isVisible()
    w.show_test.setChecked(False)
    assert not w.test_points.isVisible() and w.points.isVisible()
    w.show_test.setChecked(True)
    assert w.test_points.isVisible()


def test_without_a_split_there_is_nothing_to_show(qtbot):
    w = shown_map(qtbot, spec_mod.from_dict(BINARY))
    assert len(w.test_points.data) == 0 and not w.show_test.isEnabled()


def test_discretize_shows_the_called_class_only(qtbot):
    w = shown_map(qtbot, spec_mod.from_dict(BINARY))
    w.session.run(100)
    w.bridge.flush()
    continuous = len(np.unique(w.image.image.reshape(-1, 3), axis=0))
    w.discretize.setChecked(True)
    p = w.session.predict(w._grid)[:, 0]
    expected = w._cmap.map((p >= 0.5).astype(float), mode="byte")[:, :3].reshape(GRID, GRID, 3)
    assert np.array_equal(w.image.image, expected)
    assert continuous > 2 == len(np.unique(w.image.image.reshape(-1, 3), axis=0))
    w.discretize.setChecked(False)
    assert len(np.unique(w.image.image.reshape(-1, 3), axis=0)) == continuous


def test_discretized_multiclass_is_the_full_class_colour(qtbot):
    w = shown_map(qtbot, spec_mod.from_dict(MULTICLASS))
    w.session.run(100)
    w.discretize.setChecked(True)
    w.bridge.flush()
    assert len(np.unique(w.image.image.reshape(-1, 3), axis=0)) <= 3


def test_thumbnails_are_the_sessions_hidden_maps(qtbot):
    w = shown_map(qtbot, spec_mod.from_dict(SPLIT))
    w.session.run(30)
    w.bridge.flush()
    maps = w.session.hidden_maps(w._grid)
    assert sorted(w.neurons.thumbs) == [(0, j) for j in range(1, 5)] + [(1, j) for j in range(1, 6)] \
        + [(2, j) for j in range(1, 4)]
    side = GRID // STRIDE
    for (layer, j), thumb in w.neurons.thumbs.items():
        lattice = maps[layer][:, j - 1].reshape(GRID, GRID)[::STRIDE, ::STRIDE]
        assert np.array_equal(thumb.values, lattice.ravel())
        assert thumb.rgb.shape == (side, side, 3)
    assert [w.neurons.thumbs[(0, j)].name for j in range(1, 5)] == ["x1", "x2", "x1²", "x1·x2"]
    # named as on the graph: the caption "h1_1" lost its underscore under its clip ("h1 1")
    assert w.neurons.thumbs[(1, 2)].name == "h₁,₂" and w.neurons.thumbs[(2, 3)].name == "h₂,₃"
    tanh = w.neurons.thumbs[(1, 1)]
    top = np.argmax(tanh.values)
    assert tanh.rgb.reshape(-1, 3)[top][2] > tanh.rgb.reshape(-1, 3)[top][0]  # positive: blue


def test_clicking_a_thumbnail_shows_it_large_and_again_goes_back(qtbot):
    w = shown_map(qtbot, spec_mod.from_dict(SPLIT))
    w.session.run(30)
    w.bridge.flush()
    output = w.image.image.copy()
    thumb = w.neurons.thumbs[(2, 2)]
    qtbot.mouseClick(thumb, Qt.MouseButton.LeftButton)
    assert w.selected == (2, 2) and thumb.selected
    pale = paper() + (thumb.rgb - paper()) * BACKGROUND_STRENGTH  # the thumbnail, paled for the points
    assert np.array_equal(w.image.image[::STRIDE, ::STRIDE], pale.astype(np.ubyte))
    assert "h₂,₂" in w.plot.titleLabel.text
    qtbot.mouseClick(thumb, Qt.MouseButton.LeftButton)
    assert w.selected is None and not thumb.selected
    assert np.array_equal(w.image.image, output)


def test_a_diverging_network_draws_grey_without_a_warning(qtbot):
    raw = {**BINARY, "layers": [2, 2, 1], "activations": ["relu", "sigmoid"]}
    w = shown_map(qtbot, spec_mod.from_dict(raw))
    s = w.session
    # finite weights whose hidden activations overflow to inf, and inf − inf = NaN at the output
    for layer, to, source, value in ((1, 1, 1, 1.7e308), (1, 2, 1, 1.7e308), (2, 1, 1, 1.0),
                                     (2, 1, 2, -1.0)):
        s.set_param(s.params.ref("weight", layer, to, source).index, value)
    w.bridge.flush()  # warnings are errors: none may be raised on the way
    assert not np.isfinite(s.predict(w._grid)).all()
    pixels = w.image.image.reshape(-1, 3)
    assert (pixels == NAN_RGB).all(axis=1).any()
    w.discretize.setChecked(True)
    assert (w.image.image.reshape(-1, 3) == NAN_RGB).all(axis=1).any()


def test_regression_points_are_coloured_by_target_on_the_output_scale(qtbot):
    raw = {"layers": [2, 6, 1], "activations": ["tanh", "identity"], "loss": "mse",
           "init": {"scheme": "xavier_uniform", "seed": 0}, "optimizer": {"name": "adam", "lr": 0.02},
           "data": {"generator": "multi_gaussian", "n": 100, "noise": 0.05, "seed": 1,
                    "test_fraction": 0.2}}
    w = shown_map(qtbot, spec_mod.from_dict(raw))
    w.session.run(20)
    w.bridge.flush()
    d = w.session.dataset
    expected = w._cmap.map(w._scaled(d.targets[:, 0]), mode="qcolor")
    assert [b.color().name() for b in w.points.data["brush"]] == [c.name() for c in expected]
    assert len(w.test_points.data) == 20 and w.colorbar.isVisible()
    low, high = w.colorbar.levels()
    assert low <= min(d.targets.min(), d.test_targets.min()) and high >= d.targets.max()


def test_the_map_is_offered_only_where_it_means_something(make_window):
    """Mazur's one sample colours the plane with no boundary to see: the dock closes and
    View offers it greyed; a data set in the plane brings it back."""
    window = make_window("xor")
    dock, toggle = window._docks[2], window._docks[2].toggleViewAction()
    assert toggle.isEnabled() and not dock.isHidden()
    window.edits.load_preset("mazur")
    window.bridge.flush()
    assert not toggle.isEnabled() and dock.isHidden()
    window.edits.load_preset("xor")
    window.bridge.flush()
    assert toggle.isEnabled() and not dock.isHidden()


def test_the_map_in_the_window_comes_to_rest(make_window, qtbot):
    """xor's map in the window's dock (1280 × 800) repainted ~55 times a second with
    nothing new to show (~40 % of a core): its y axis's tick texts took one width at one
    range and another at the range that width left (the aspect is locked), and the plot
    was laid out again and again."""
    window = make_window("xor")
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.width() == 1280)
    window.session.run(3)
    window.bridge.flush()
    window.findChild(QDockWidget, "decision_map").raise_()
    figure = window.decision_map.figure
    qtbot.waitUntil(lambda: figure.isVisible() and figure.width() > 0)
    splitter = window.decision_map.splitter
    splitter.setSizes([439, sum(splitter.sizes()) - 439])  # as `bpviewer` opens at 1280 × 800
    qtbot.waitUntil(lambda: figure.height() == 439)
    paints = Painted(figure.viewport())
    qtbot.waitUntil(lambda: paints.count > 0)
    for _ in range(10):  # laid out and repainted as its size asks
        QApplication.processEvents()
    settled = paints.count
    for _ in range(10):
        QApplication.processEvents()
    assert paints.count == settled


def test_while_running_a_thumbnails_repaint_counts_toward_the_maps_paced_share(qtbot):
    w = shown_map(qtbot, presets.load("xor"))
    w.session.run(3)
    w.bridge.flush()
    thumb = w.neurons.thumbs[(1, 1)]
    qtbot.waitUntil(thumb.isVisible)
    w.bridge.running = True
    took = w.paced._took
    thumb.grab()  # its paintEvent, now
    assert w.paced._took > took
    w.bridge.running = False
    took = w.paced._took
    thumb.grab()
    assert w.paced._took == took
