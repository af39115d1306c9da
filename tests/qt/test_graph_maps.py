"""View ▸ Neuron Maps: each full-size circle of a network on points in a plane is filled
with its activation over the plane, as TensorFlow Playground draws it."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor

from bpviewer.qt.graph_maps import GRID
from bpviewer.qt.neuron_maps import plane_lattice


def _pixels(item) -> np.ndarray:
    """The map's (GRID, GRID) blue minus red, row 0 at the top, as drawn."""
    image = item.pixmap().toImage()
    assert (image.width(), image.height()) == (GRID, GRID)
    return np.array([[QColor(image.pixel(x, y)).blue() - QColor(image.pixel(x, y)).red()
                      for x in range(GRID)] for y in range(GRID)], dtype=float)


def test_the_menu_fills_each_circle_with_its_map_over_the_plane(make_window, qtbot):
    window = make_window("xor")
    view = window.view
    window.session.run(200)
    window.bridge.flush()
    assert not window.commands["neuron_maps"].isChecked()
    assert not any(item.isVisible() for item in view.maps.items.values())
    window.commands["neuron_maps"].trigger()  # View ▸ Neuron Maps, as a teacher picks it
    qtbot.waitUntil(lambda: all(item.isVisible() for item in view.maps.items.values()))
    assert sorted(view.maps.items) == sorted(view._neurons)  # xor: every layer full size
    for key, item in view.maps.items.items():
        ellipse = view._neurons[key].circle
        circle = ellipse.mapRectToScene(ellipse.rect())
        drawn = item.sceneBoundingRect()
        assert abs(drawn.width() - circle.width()) < 0.5
        assert (drawn.center() - circle.center()).manhattanLength() < 0.5
    # the inputs are x1 and x2 themselves: x1 grows to the right, x2 upwards (y up, as on
    # the decision map), bluer where larger
    x1, x2 = _pixels(view.maps.items[(0, 1)]), _pixels(view.maps.items[(0, 2)])
    assert (np.diff(x1.mean(axis=0)) >= 0).all() and x1.mean(axis=0)[-1] > x1.mean(axis=0)[0]
    assert (np.diff(x2.mean(axis=1)) <= 0).all() and x2.mean(axis=1)[0] > x2.mean(axis=1)[-1]
    # each neuron's colours rank as the Session's activations on the same lattice
    points, _ = plane_lattice(window.session, GRID)
    maps = window.session.hidden_maps(points)
    for (layer, j), item in view.maps.items.items():
        values = maps[layer][:, j - 1].reshape(GRID, GRID).T[::-1]  # [row, column], y up
        blue = _pixels(item)
        assert np.corrcoef(values.ravel(), blue.ravel())[0, 1] > 0.9, (layer, j)
    window.commands["neuron_maps"].trigger()
    assert not any(item.isVisible() for item in view.maps.items.values())


def test_maps_follow_the_cursor_and_leave_dots_and_other_data_alone(make_window):
    window = make_window("circles")  # 2-8-8-1: the hidden layers are compact dots
    view = window.view
    window.commands["neuron_maps"].trigger()
    assert sorted(view.maps.items) == [(0, 1), (0, 2), (3, 1)]
    window.session.run(50)
    window.bridge.flush()
    output = view.maps.items[(3, 1)]
    late = output.pixmap().toImage()
    window.session.goto(1)
    window.bridge.flush()
    assert output.pixmap().toImage() != late  # the parameters of iteration 1, not 50's
    for preset in ("softmax-3class", "mazur"):  # 3 inputs; a single point in the plane
        window.edits.load_preset(preset)
        window.bridge.flush()
        assert view.maps.items and not any(item.isVisible() for item in view.maps.items.values())
        assert not window.commands["neuron_maps"].isEnabled()  # greyed, as the decision map
    window.edits.load_preset("xor")
    window.bridge.flush()
    assert window.commands["neuron_maps"].isEnabled()
    assert all(item.isVisible() for item in view.maps.items.values())


def test_an_edited_weight_redraws_the_maps_at_the_same_iteration(make_window):
    window = make_window("xor")
    window.commands["neuron_maps"].trigger()
    window.bridge.flush()
    before = window.view.maps.items[(1, 1)].pixmap().toImage()
    ref = window.session.params.ref("weight", 1, 1, 1)
    window.session.set_param(ref.index, -3 * window.session.history.initial[ref.index])
    window.bridge.flush()
    after = window.view.maps.items[(1, 1)].pixmap().toImage()
    assert window.session.iteration == 0 and after != before
