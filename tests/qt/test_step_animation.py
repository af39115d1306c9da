"""A click's dots travel along the edges its step reads (issue 11, item 7): forward from
the inputs' side, backward from the later layer's; a new click replaces them at once;
Run, jumps and `bpviewer shot` never show them; View ▸ Animate Steps turns them off and
is remembered; they leave nothing behind and repaint only where they are."""

from __future__ import annotations

import math
import statistics

import pytest
from PySide6.QtCore import QElapsedTimer, QLineF, QPointF
from PySide6.QtWidgets import QApplication, QFileDialog
from views import Painted, show_view

from bpviewer.core import presets
from bpviewer.core.formula import fmt
from bpviewer.core.session import Session
from bpviewer.qt import step_animation
from bpviewer.qt.network_view import NetworkView
from bpviewer.qt.settings import Settings
from bpviewer.qt.shot import render
from bpviewer.qt.step_animation import CAP, Dots, StepAnimation


@pytest.fixture(autouse=True)
def slow_dots(monkeypatch) -> None:
    """Dots that travel for 1.5 s: a loaded machine's event loop may otherwise miss the
    whole 0.3 s flight between two polls of waitUntil."""
    monkeypatch.setattr(step_animation, "ONE_LAYER_MS", 1500)
    monkeypatch.setattr(step_animation, "LAYERS_MS", 1500)


@pytest.fixture
def plays(monkeypatch) -> list[str]:
    """The titles of the steps animated."""
    played: list[str] = []
    original = StepAnimation.play

    def play(self, step):
        played.append(step.title)
        original(self, step)

    monkeypatch.setattr(StepAnimation, "play", play)
    return played


def dots_in(scene) -> list[Dots]:
    return [item for item in scene.items() if isinstance(item, Dots)]


def off_segment(p: QPointF, a: QPointF, b: QPointF) -> float:
    """The distance from p to the segment ab."""
    ab, ap = b - a, p - a
    t = min(max(QPointF.dotProduct(ap, ab) / QPointF.dotProduct(ab, ab), 0.0), 1.0)
    return math.dist(p.toTuple(), (a + ab * t).toTuple())


def drawn(view: NetworkView, ref) -> QLineF:
    """The edge the view draws for weight `ref`."""
    band = view._bands[ref.layer - 1]
    return band.bundle.line(band.refs.index(ref))


def rides(path: QLineF, edge: QLineF) -> bool:
    return all(off_segment(end, edge.p1(), edge.p2()) < 0.5 for end in (path.p1(), path.p2()))


def click(window, qtbot, command: str = "next_step") -> None:
    window.commands[command].trigger()
    qtbot.waitUntil(lambda: window.view.animation.active, timeout=10_000)



def paths_of(view: NetworkView) -> list[QLineF]:
    return [line for line, _, _ in view.animation.item._paths]


def test_a_click_sends_dots_along_its_edges_repaints_only_them_and_they_go(make_window, qtbot):
    window = make_window("mazur")
    s, view = window.session, window.view
    s.goto(1)
    window.bridge.flush()
    before = len(view.scene().items())
    click(window, qtbot)
    clock = QElapsedTimer()
    clock.start()
    painted = Painted(view.viewport())
    assert s.step.title == "net and out of h1"
    # the numbers are drawn before the dots move
    z = s.record.block("z", 1)[0][0]
    assert f"net {fmt(z, view.precision)}" in view.label_texts()["h1"]
    assert len(dots_in(view.scene())) == 1
    # w1 and w2: each on its edge, from its input's side to h1
    h1, paths = view._neurons[(1, 1)].center, paths_of(view)
    assert len(paths) == 2
    for source in (1, 2):
        edge = drawn(view, s.params.ref("weight", 1, 1, source))
        assert sum(rides(line, edge) for line in paths) == 1
    assert all(QLineF(line.p2(), h1).length() < QLineF(line.p1(), h1).length() for line in paths)
    qtbot.waitUntil(lambda: not view.animation.active, timeout=10_000)
    painted.stop()
    assert 1 <= view.animation.frames <= clock.elapsed() / (1000 / 60) + 1  # ≤ 60 Hz
    assert not dots_in(view.scene()) and len(view.scene().items()) == before
    # the dots' rectangles, not the graph (another widget may ask for one repaint meanwhile;
    # a loaded machine coalesces the flight's repaints into as few as two)
    whole = view.viewport().width() * view.viewport().height()
    assert len(painted.areas) >= 2 and statistics.median_low(painted.areas) < whole / 8
    # backward: δ of h1's gradient comes from o1 over w5 and from o2 over w7
    s.goto(1, 14)
    window.bridge.flush()
    click(window, qtbot)
    assert s.step.title == "δ of h1"
    paths = paths_of(view)
    assert len(paths) == 2
    for later in (1, 2):
        edge = drawn(view, s.params.ref("weight", 2, later, 1))
        assert sum(rides(line, edge) for line in paths) == 1
    assert all(QLineF(line.p2(), h1).length() < QLineF(line.p1(), h1).length() for line in paths)


def near(p: QPointF, box) -> bool:
    """p on box's edge (within a pixel)."""
    return box.adjusted(-1, -1, 1, 1).contains(p) and not box.adjusted(1, 1, -1, -1).contains(p)


def test_a_loss_step_sends_each_output_to_its_term_and_the_terms_to_the_total(make_window, qtbot):
    window = make_window("mazur")
    s, view = window.session, window.view
    s.goto(1, 3)  # the forward pass done
    window.bridge.flush()
    click(window, qtbot)
    assert s.step.title == "loss term of o1"
    outputs = [view._neurons[(2, j)] for j in (1, 2)]
    cards = [n.values.box() for n in outputs]  # out, where the value leaves from
    terms = [n.loss.box() for n in outputs]
    (path,) = paths_of(view)
    assert near(path.p1(), cards[0]) and near(path.p2(), terms[0])
    assert view.animation.item.zValue() > max(item.zValue() for item, *_ in view.text_items())
    click(window, qtbot)  # o2's term
    assert near(paths_of(view)[0].p1(), cards[1])
    click(window, qtbot)
    assert s.step.title == "total loss"
    paths, total = paths_of(view), view._total.box()
    terms = [n.loss.box() for n in outputs]  # o2's has grown a line since
    assert len(paths) == 2 and all(near(p.p2(), total) for p in paths)
    assert sorted(next(k for k, box in enumerate(terms) if near(p.p1(), box)) for p in paths) == [0, 1]
    # at phase granularity the loss phase is one click: the terms first, then the total
    s.set_granularity("phase")
    s.goto(1, 0)
    window.bridge.flush()
    click(window, qtbot)
    assert s.step.phase == "loss"
    timed = view.animation.item._paths
    cards = [n.values.box() for n in outputs]
    firsts = [start for line, start, _ in timed if any(near(line.p1(), c) for c in cards)]
    rest = [start for line, start, _ in timed if near(line.p2(), total)]
    assert len(firsts) == 2 and len(rest) == 2 and max(firsts) < min(rest)


def test_the_dots_are_made_after_the_step_is_painted(make_window, qtbot, plays):
    """A click's refresh only arms its dots: they are made at the turn after the view has
    painted the step, whose numbers so show without waiting for them; a click before
    then plays its own step's only."""
    window = make_window("mazur")
    s, view = window.session, window.view
    s.goto(1)
    window.bridge.flush()
    window.commands["next_step"].trigger()
    window.bridge.flush()  # the refresh, no paint yet
    assert plays == [] and not view.animation.active
    window.commands["next_step"].trigger()  # before the paint: the first step's dots never play
    window.bridge.flush()
    view.viewport().repaint()
    assert plays == []
    qtbot.waitUntil(lambda: view.animation.active, timeout=10_000)
    assert plays == [s.step.title] == ["net and out of h2"]


def test_an_update_step_sends_no_dots(make_window, qtbot, plays):
    window = make_window("mazur")
    s = window.session
    s.goto(1, 0)
    s.goto(1, len(s.steps) - 2)
    window.bridge.flush()
    window.commands["next_step"].trigger()
    qtbot.waitUntil(lambda: plays == [s.step.title], timeout=10_000)
    assert s.step.phase == "update" and not window.view.animation.active


def test_the_next_click_is_made_ready_while_the_dots_fly(make_window, qtbot):
    """The work ahead (NetworkView._draw_ahead: the next step's cards, placement and
    pictures) runs between the dots' frames: a teacher clicking again before they land
    finds the click prepared."""
    window = make_window("mazur")
    s, view = window.session, window.view
    s.goto(1)
    window.bridge.flush()
    click(window, qtbot)

    def ready() -> bool:
        cards, pictures = view._cards_ahead, view._pictures_ahead
        return (cards is not None and len(cards[1]) == len(view._neurons)
                and pictures is not None and pictures[0][0] == cards[0]
                and pictures[2] == len(pictures[1]))

    qtbot.waitUntil(ready, timeout=10_000)
    assert view.animation.active  # the dots still fly (1.5 s here)


def test_a_second_click_replaces_the_first_at_once(make_window, qtbot, monkeypatch, tmp_path):
    window = make_window("mazur")
    window.session.goto(1)
    window.bridge.flush()
    click(window, qtbot)
    first = window.view.animation.item
    window.commands["next_step"].trigger()
    assert first.scene() is None  # gone the moment the key is pressed
    assert window.session.step.title == "net and out of h2"
    qtbot.waitUntil(lambda: window.view.animation.item not in (None, first), timeout=10_000)
    assert len(dots_in(window.view.scene())) == 1
    # Export Graph draws the graph without them
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(tmp_path / "g.png"), ""))
    window.commands["export_graph"].trigger()
    assert (tmp_path / "g.png").exists() and not dots_in(window.view.scene())


def test_run_jumps_and_other_keys_do_not_animate(make_window, qtbot, plays):
    window = make_window("mazur")
    s = window.session
    window.commands["run"].trigger()
    qtbot.waitUntil(lambda: len(s.history) >= 3, timeout=5000)
    window.commands["run"].trigger()
    window.controls.spin.setValue(2)
    window.bridge.flush()
    for command in ("next_iteration", "prev_iteration", "end", "home"):
        window.commands[command].trigger()
        window.bridge.flush()
    QApplication.processEvents()
    assert plays == [] and not window.view.animation.active
    click(window, qtbot)
    assert plays == [s.step.title] == ["net and out of h2"]


def test_the_view_menu_turns_it_off_and_remembers(make_window, qtbot, plays):
    window = make_window("mazur")
    toggle = window.commands["animate_steps"]
    assert toggle.isChecked() and toggle in window.menus["&View"].actions()
    window.session.goto(1)
    window.bridge.flush()
    click(window, qtbot)
    toggle.trigger()  # off: what plays ends at once
    assert not window.view.animation.active and Settings().animate is False
    window.commands["next_step"].trigger()
    window.bridge.flush()
    assert len(plays) == 1 and not window.view.animation.active
    again = make_window("mazur")
    assert not again.commands["animate_steps"].isChecked() and not again.view.animation.enabled


def test_a_wide_layer_moves_at_most_cap_dots_its_labelled_edges_among_them(qtbot):
    s = Session(presets.load("phone-price-mini"))
    s.set_granularity("layer")
    s.goto(1, 1)  # forward · layer 2: 16 × 16 edges read
    view = show_view(qtbot, NetworkView, s)
    view.bridge.flush()
    edges = view.step_edges(CAP)
    assert list(edges) == [2] and len(edges[2]) == CAP
    labelled = [box.key[1] for box, kind, _, _ in view.text_items()
                if kind == "weight" and box.isVisible() and box.key]
    assert 0 < len(labelled) <= CAP
    for index in labelled:
        ref = s.params.refs[index]
        assert any(rides(line, drawn(view, ref)) for line in edges[2]), ref.name


def test_shots_never_animate(tmp_path, plays):
    render(presets.load("mazur"), 1, 3, (640, 480), tmp_path / "shot.png", None)
    assert (tmp_path / "shot.png").stat().st_size > 0 and plays == []
