"""The network drawing stays readable: crowded layers show outputs only, the label of what
the step is about never hides a neuron's numbers, and the docks leave the graph room."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QApplication

from bpviewer.qt.main_window import DOCK_SHARE


def refreshed(window) -> None:
    window.bridge.flush()
    QApplication.processEvents()


def box(item) -> QRectF:
    """The drawn box, without the bounding rectangle's margin for the border's pen."""
    return item.sceneBoundingRect().adjusted(2, 2, -2, -2)


def test_a_crowded_layer_shows_outputs_only_unless_highlighted(make_window):
    window = make_window("circles")
    window.session.goto(1)
    refreshed(window)
    labels = window.view.label_texts()
    assert labels["h1_3"].startswith("out ") and "\n" not in labels["h1_3"]
    assert labels["b1_3"] == ""  # crowded layers hide their biases
    window.session.home()  # forward: net and out of h1_1
    refreshed(window)
    labels = window.view.label_texts()
    assert labels["h1_1"].startswith("net ") and "\nout " in labels["h1_1"]
    assert labels["b1_1"].startswith("b ")  # read by the step
    assert "\n" not in labels["h1_2"]


def test_the_mazur_net_shows_every_value(make_window):
    window = make_window()
    window.session.goto(1)
    refreshed(window)
    labels = window.view.label_texts()
    assert labels["h1"].splitlines()[:2] == ["net 0.3775", "out 0.5933"]
    assert labels["o1"].splitlines()[2].startswith("δ ")
    assert labels["b1_1"].startswith("b 0.35 → ")


@pytest.mark.parametrize("size", [(1280, 800), (1024, 768)])
def test_weight_labels_never_cover_each_other_or_a_neuron_card(make_window, size):
    window = make_window()
    window.resize(*size)
    session, view = window.session, window.view
    session.next_step()
    while session.iteration == 1:
        refreshed(window)
        focus = [k for k in session.step.focus if k[0] == "param"]
        labels = [e.label for e in view._edges if ("param", e.ref.index) in focus]
        cards = [box(n.values) for n in view._neurons.values() if n.values.text()]
        for label in labels:
            assert label.isVisible()
            assert not any(box(label).intersects(c) for c in cards), session.status()
        shown = [box(e.label) for e in view._edges if e.label.isVisible()]
        assert not any(a.intersects(b) for i, a in enumerate(shown) for b in shown[i + 1:]), \
            f"weight labels overlap at {session.status()}"
        session.next_step()


def test_the_docks_leave_the_graph_most_of_the_width(make_window, qtbot):
    window = make_window()
    dock = window._right_dock
    assert dock.width() <= DOCK_SHARE * window.width() + 30
    assert window.view.width() >= 0.7 * window.width()


def test_a_resize_before_the_new_network_arrives_draws_the_new_network(make_window):
    window = make_window()
    window.session.set_spec(layers=[2, 3, 3, 2])
    window.resize(window.width() - 40, window.height())  # before the bridge's next frame
    QApplication.processEvents()
    labels = window.view.label_texts()
    assert "h2_3" in labels and "o2" in labels
    refreshed(window)
    assert window.view.label_texts().keys() == labels.keys()


def test_the_steps_bias_label_moves_clear_of_a_crowded_layers_numbers(make_window):
    window = make_window("circles")
    window.resize(1024, 768)
    window.session.goto(3)  # at the end: the output bias's update
    refreshed(window)
    view = window.view
    output = view._neurons[(3, 1)]
    assert output.bias.text().startswith("b ")
    cards = [box(n.values) for n in view._neurons.values() if n.values.text()]
    assert not any(box(output.bias).intersects(c) for c in cards)
