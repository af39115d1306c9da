"""What keeps a click and a Run frame short, counted rather than timed: tables read only
the rows in view, the chain panel lays a step out a few times, while Run trains the slow
views follow a few times a second yet always end on the cursor, and the graph's label
index (plain tuples) answers as QRectF would."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRectF

from bpviewer.core import presets, steps
from bpviewer.core import spec as spec_mod
from bpviewer.core.formula import fmt
from bpviewer.core.session import Session
from bpviewer.qt.bridge import SessionBridge
from bpviewer.qt.chain_panel import ChainPanel
from bpviewer.qt.graph_index import GridIndex, inside
from bpviewer.qt.graph_layout import DENSE_BESIDE, DENSE_SHIFTS, NEAR_SOURCE
from bpviewer.qt.graph_parts import DENSE_CAP
from bpviewer.qt.network_view import NetworkView
from bpviewer.qt.pacing import RUN_INTERVAL_S, STATUS_INTERVAL_S
from bpviewer.qt.runner import (
    CREDIT_S,
    FRAME_S,
    MAX_TICK_S,
    SPREAD,
    TICK_BUDGET_S,
    TRAIN_PER_VIEW,
    Runner,
    owed_after,
    training_budget,
)
from bpviewer.qt.step_controls import StepControls
from bpviewer.qt.tables import TablesWidget


def shown(qtbot, widget, size=(900, 500)):
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_a_table_reads_only_the_rows_in_view(qtbot):
    bridge = SessionBridge(Session(presets.load("spiral")))  # 300 samples × 37 neurons
    tables = shown(qtbot, TablesWidget(bridge))
    bridge.session.run(2)
    bridge.flush()
    rows = tables.forward.model().table.rows
    assert len(rows) == 300 * 37
    assert rows.taken < 200
    assert tables.forward.model().rowCount() == 300 * 37


def panel_on(qtbot, preset: str, granularity: str) -> tuple[SessionBridge, ChainPanel]:
    session = Session(presets.load(preset))
    session.set_granularity(granularity)
    bridge = SessionBridge(session)
    return bridge, shown(qtbot, ChainPanel(bridge), (900, 300))


@pytest.mark.parametrize(("granularity", "first", "warm"), [("neuron", 120, 1), ("phase", 0, 4)])
def test_a_click_lays_the_step_out_a_few_times_and_finds_the_roomiest_fit(qtbot, granularity,
                                                                          first, warm):
    """After a step of each kind (warm), a click sets the panel's text at most 3 times,
    and the layout is the one a panel that saw no step before finds."""
    bridge, panel = panel_on(qtbot, "circles", granularity)
    session = bridge.session
    layouts = []
    set_html = panel.browser.setHtml
    panel.browser.setHtml = lambda html: (layouts.append(html), set_html(html))
    session.goto(2, first)
    bridge.flush()
    for click in range(warm + 8):
        layouts.clear()
        session.next_step()
        bridge.flush()
        assert click < warm or len(layouts) <= 3, session.status()
        _, fresh = panel_on(qtbot, "circles", granularity)
        fresh.session.goto(session.iteration, session.step_index)
        fresh.refresh()
        assert panel._layout == fresh._layout, session.status()


def test_while_running_the_chain_panel_follows_a_few_times_a_second_and_ends_on_the_cursor(qtbot):
    bridge, panel = panel_on(qtbot, "mazur", "neuron")
    bridge.running = True
    before = panel.paced.runs
    for _ in range(20):
        bridge.session.next_step()
        bridge.flush()
    assert panel.paced.runs - before <= 2
    bridge.running = False  # the run stopped: its last cursor is shown within the interval
    qtbot.waitUntil(lambda: "step 20/35" in panel.subtitle.text(),
                    timeout=int(1000 * RUN_INTERVAL_S) + 1000)
    assert panel.paced.runs - before <= 3


def test_while_running_the_iteration_controls_follow_a_few_times_a_second_and_end_on_it(qtbot):
    """Their new texts laid the status bar out every frame; stopped, at once."""
    bridge = SessionBridge(Session(presets.load("mazur")))
    controls = shown(qtbot, StepControls(bridge, Runner(bridge)), (600, 40))
    session = bridge.session
    session.run(1)
    bridge.flush()
    assert controls.spin.value() == 1 and controls.count.text() == "of 1"
    bridge.running = True
    before = controls._paced.runs
    for _ in range(20):
        session.run(1)
        bridge.flush()
    assert controls._paced.runs - before <= 2
    bridge.running = False
    qtbot.waitUntil(lambda: controls.spin.value() == 21 and controls.count.text() == "of 21",
                    timeout=int(1000 * STATUS_INTERVAL_S) + 1000)
    session.goto(3)
    bridge.flush()
    assert controls.spin.value() == controls.slider.value() == 3


def test_stopped_every_click_refreshes_the_panel_at_once(qtbot):
    bridge, panel = panel_on(qtbot, "mazur", "neuron")
    for n in range(1, 6):
        bridge.session.next_step()
        bridge.flush()
        assert f"step {n}/" in panel.subtitle.text()


def test_run_trains_the_rest_of_a_frame_and_never_less_than_the_views_took():
    assert training_budget(0.002) == pytest.approx(FRAME_S - 0.002)
    assert training_budget(0.02) == pytest.approx(TRAIN_PER_VIEW * 0.02)
    assert training_budget(0.05) == pytest.approx(TRAIN_PER_VIEW * 0.05)
    assert training_budget(5.0) == MAX_TICK_S
    assert TRAIN_PER_VIEW > 1.0 and FRAME_S >= 1 / 60  # > 50 % of the time; <= 60 Hz


coordinate = st.sampled_from([-40.0, -7.5, 0.0, 3.25, 12.0, 40.0]) | st.floats(-50, 50)
extent = st.sampled_from([0.0, 1e-9, 5.0, 20.0]) | st.floats(0, 30)
rects = st.builds(QRectF, coordinate, coordinate, extent, extent)


@settings(max_examples=50, deadline=None)
@given(st.lists(rects, max_size=25), st.lists(rects, min_size=1, max_size=10),
       st.sampled_from([1.0, 4.0, 16.0]))
def test_the_label_index_answers_as_qrectf_does(placed, asked, cell):
    """Placement's tuple arithmetic (hundreds of tests a click) agrees with QRectF's."""
    index = GridIndex(cell)
    for r in placed:
        index.add(r)
    for q in asked:
        assert index.hits(q) == any(q.intersects(r) for r in placed)
        for r in placed:
            assert inside(r.getCoords(), q.getCoords()) == r.contains(q)


WIDE = Path(__file__).parents[1] / "networks" / "wide-2-64-64-10.json"


@pytest.mark.parametrize("granularity", ["neuron", "layer", "phase"])
def test_the_ten_class_network_opens_and_clicks_without_quadratic_work(qtbot, monkeypatch, granularity):
    """2-64-64-10 (a real ten-output network file): the layout and each click test label
    rectangles a number of times linear in what they place, never edge against edge."""
    session = Session(spec_mod.load(WIDE))
    assert list(session.spec.layers) == [2, 64, 64, 10] and session.dataset.targets.shape[1] == 10
    tests = []
    hits_box = GridIndex.hits_box
    monkeypatch.setattr(GridIndex, "hits_box", lambda self, box: (tests.append(1), hits_box(self, box))[1])
    bridge = SessionBridge(session)
    view = shown(qtbot, NetworkView(bridge), (960, 560))
    edges = 2 * 64 + 64 * 64 + 64 * 10
    assert view.placement_tests < edges
    # each weight layer's step labels at their candidate spots, each bias beside its neuron
    candidates = len(NEAR_SOURCE) * (len(DENSE_SHIFTS) + len(DENSE_BESIDE))
    bound = 3 * DENSE_CAP * candidates + 64 + 64 + 10
    session.set_granularity(granularity)
    session.goto(1, 0)
    bridge.flush()
    for _ in range(4):
        tests.clear()
        session.next_step()
        bridge.flush()
        assert len(tests) < bound, session.status()


def test_a_slow_paced_view_refreshes_within_its_share_of_the_time(qtbot, monkeypatch):
    """A refresh that took 1 s, at a 25 % share: the next comes 4 s later, not after
    RUN_INTERVAL_S; stopped, every call refreshes at once."""
    import bpviewer.qt.pacing as pacing

    clock = [100.0]
    monkeypatch.setattr(pacing, "perf_counter", lambda: clock[0])
    bridge = SessionBridge(Session(presets.load("mazur")))
    done = []

    def slow() -> None:
        done.append(clock[0])
        clock[0] += 1.0

    paced = pacing.Paced(bridge, slow, share=0.25)
    bridge.running = True
    paced()
    assert done == [100.0] and paced.interval() == pytest.approx(4.0)
    clock[0] = 103.5
    paced()
    assert done == [100.0]  # 3.5 s after the last began: it waits for the timer
    clock[0] = 104.0
    paced()
    assert done == [100.0, 104.0]
    bridge.running = False
    paced()
    assert done == [100.0, 104.0, 105.0]


def test_a_refresh_is_charged_what_it_caused_later(monkeypatch):
    """The graph's repaint after a whole refresh counts toward its share: 0.1 s of
    refresh and 0.3 s of repaint at 25 % wait 1.6 s."""
    import bpviewer.qt.pacing as pacing

    clock = [10.0]
    monkeypatch.setattr(pacing, "perf_counter", lambda: clock[0])
    bridge = SessionBridge(Session(presets.load("mazur")))
    paced = pacing.Paced(bridge, lambda: clock.__setitem__(0, clock[0] + 0.1), share=0.25)
    bridge.running = True
    paced()
    paced.charge(0.3)
    assert paced.interval() == pytest.approx(1.6)


def test_a_run_tick_trains_without_the_progress_dialog(qtbot):
    """A tick's chunk is the runner's: the Session's progress callback (a dialog that
    processes events, so the window repainted inside the tick) is not called, and is
    back once the tick is done."""
    bridge = SessionBridge(Session(presets.load("spiral")))
    session = bridge.session
    calls = []

    def progress(done: int, total: int) -> bool:
        calls.append(done)
        return True

    session.progress = progress
    session._rate = 1.0  # the Session's chunks: one iteration each
    runner = Runner(bridge)
    runner._chunk = 5
    runner._tick()
    assert len(session.history) == 5 and calls == [] and session.progress is progress
    session.run(3)
    assert calls  # a Go to still shows its progress


def test_a_new_networks_step_plan_is_built_before_run_needs_it(qtbot, monkeypatch):
    """phone-price's first tick built its plan (1.2 s before it was built a layer at a time,
    ~40 ms since, plus the collector's full pass its allocations set off): a new network's
    plan is built once the window has idled after the load, not in Run's first frame."""
    built = []
    init = steps.StepPlan.__init__

    def counted(self, *args) -> None:
        built.append(args[-1])
        init(self, *args)

    bridge = SessionBridge(Session(presets.load("mazur")))
    runner = Runner(bridge)
    monkeypatch.setattr(steps, "_PLANS", type(steps._PLANS)())
    monkeypatch.setattr(steps.StepPlan, "__init__", counted)
    bridge.session.load(presets.load("phone-price-mini"))
    bridge.flush()
    qtbot.waitUntil(lambda: built == ["neuron"])
    runner._tick()
    assert bridge.session.iteration == 1 and built == ["neuron"]


def test_while_running_the_graph_updates_the_neurons_in_view_and_ends_on_the_last_cursor(qtbot):
    """Each frame of a run shows the neurons' new values; the edges and labels follow
    within the paced interval, and the run's last cursor is drawn as a click draws it."""
    bridge = SessionBridge(Session(presets.load("spiral")))
    view = shown(qtbot, NetworkView(bridge), (1000, 700))
    session = bridge.session
    session.run(1)
    bridge.flush()
    full = view.paced.runs
    bridge.running = True
    for _ in range(3):
        session.run(1)
        bridge.flush()
        out = session.record.block("a", 1)[session.sample]
        assert view.label_texts()["h1_1"].endswith(fmt(float(out[0]), view.precision))
    assert view.paced.runs - full <= 2
    bridge.running = False
    qtbot.waitUntil(lambda: view.paced.runs > full and not view.paced._timer.isActive(),
                    timeout=int(1000 * view.paced.interval()) + 2000)
    fresh = shown(qtbot, NetworkView(SessionBridge(session)), (1000, 700))
    assert view.label_texts() == fresh.label_texts()


def zoomed_spiral(qtbot) -> tuple[SessionBridge, NetworkView]:
    """spiral after one iteration in a 700×260 view zoomed ×3: part of each 16-neuron
    column in view, so a refresh while running has neurons out of view."""
    bridge = SessionBridge(Session(presets.load("spiral")))
    view = shown(qtbot, NetworkView(bridge), (700, 260))
    view.zoom_by(3.0)
    bridge.session.run(1)
    bridge.flush()
    return bridge, view


def test_while_running_a_whole_refresh_leaves_the_cards_out_of_view_until_the_run_ends(qtbot):
    """phone-price's ~400 cards took most of a whole refresh: while Run trains, only the
    neurons in view are drawn (each frame draws those that come into view); when the
    run stops, every card shows its last cursor, as a click draws it."""
    bridge, view = zoomed_spiral(qtbot)
    session = bridge.session
    seen = view.mapToScene(view.viewport().rect()).boundingRect()
    seen.adjust(-3 * view._line, -3 * view._line, 3 * view._line, 3 * view._line)
    out = [n for n in view._neurons.values() if not seen.contains(n.center)]
    assert out
    drawn = []
    refresh_neuron = view._refresh_neuron
    view._refresh_neuron = lambda n, light=False: (drawn.append(n), refresh_neuron(n, light))
    bridge.running = True
    session.run(3)
    bridge.flush()
    drawn.clear()
    view.paced._run()  # a whole refresh
    assert drawn and not set(map(id, drawn)) & set(map(id, out))
    bridge.running = False
    fresh = shown(qtbot, NetworkView(SessionBridge(session)), (700, 260))
    fresh.zoom_by(3.0)
    qtbot.waitUntil(lambda: view.label_texts() == fresh.label_texts())
    assert not view.paced._timer.isActive()


def test_while_running_a_whole_refresh_fits_the_compact_biases_in_view_only(qtbot):
    """phone-price's whole refresh while running fitted all 384 compact biases, ~56 in
    sight: those of neurons out of view keep what they showed (drawing nothing) while
    those in view show the new values; when the run stops, every bias shows its last
    cursor, as a click draws it."""
    bridge, view = zoomed_spiral(qtbot)
    session = bridge.session
    view.centerOn(view._neurons[(2, 8)].center)  # part of h₂'s column
    seen = view.mapToScene(view.viewport().rect()).boundingRect()
    seen.adjust(-3 * view._line, -3 * view._line, 3 * view._line, 3 * view._line)
    compact = [n for n in view._neurons.values() if n.compact and n.bias is not None]
    inside = [n for n in compact if seen.contains(n.center)]
    out = [n for n in compact if not seen.contains(n.center)]
    assert inside and out
    before = {n.key: n.bias.text() for n in compact}
    bridge.running = True
    session.run(3)
    bridge.flush()
    view.paced._run()  # a whole refresh
    assert all(n.bias.text() == before[n.key] for n in out)
    assert any(n.bias.text() != before[n.key] for n in inside)
    bridge.running = False
    fresh = shown(qtbot, NetworkView(SessionBridge(session)), (700, 260))
    fresh.zoom_by(3.0)
    qtbot.waitUntil(lambda: view.label_texts() == fresh.label_texts())
    assert any(n.bias.text() != before[n.key] for n in out)


def test_while_running_labels_are_drawn_from_kept_pictures_and_directly_once_stopped(qtbot):
    """Run's frames repaint the cards in view, directly (they change every frame: drawn
    into a kept picture first they cost more); every other label they touch is drawn from
    Qt's kept picture of it. Stopped, no label is cached (an SVG export keeps text as text)."""
    from PySide6.QtWidgets import QGraphicsItem

    bridge = SessionBridge(Session(presets.load("spiral")))
    view = shown(qtbot, NetworkView(bridge), (1000, 700))
    cards = [n.values for n in view._neurons.values()]
    others = [b for b in view._boxes() if all(b is not card for card in cards)]
    assert len(cards) == 37 and len(others) > len(cards)
    assert {b.cacheMode() for b in cards + others} == {QGraphicsItem.NoCache}
    bridge.running = True
    assert {b.cacheMode() for b in others} == {QGraphicsItem.DeviceCoordinateCache}
    assert {b.cacheMode() for b in cards} == {QGraphicsItem.NoCache}
    bridge.running = False
    assert {b.cacheMode() for b in cards + others} == {QGraphicsItem.NoCache}


def test_training_short_of_the_views_time_is_made_up_later():
    """A tick that trained less than the views took (a guess of the pace, a slow frame)
    owes the difference: the next trains it as well."""
    assert training_budget(0.02, owed_s=0.01) == pytest.approx(TRAIN_PER_VIEW * 0.02 + 0.01)
    assert training_budget(0.002, owed_s=0.005) == pytest.approx(FRAME_S - 0.002)
    assert training_budget(0.05, owed_s=1.0) == MAX_TICK_S


def test_a_slow_frames_training_is_paid_over_the_next_ticks():
    """A paced refresh's frame (phone-price's whole graph, ~0.08 s among frames of 8 ms
    views) is paid a few ticks at a time, frames coming meanwhile; all of it is paid; a
    network whose every frame is slow still trains its due each tick."""
    usual, owed, ticks, paid = 0.008, 0.0, 0, 0.0
    views = [0.08] + [usual] * 20
    for v in views:
        budget = training_budget(v, owed, usual)
        assert budget <= max(SPREAD * TRAIN_PER_VIEW * usual, FRAME_S)
        owed = owed_after(owed, v, budget)
        ticks, paid = ticks + (owed > 0), paid + budget
    assert 3 <= ticks <= 10 and owed <= 0
    assert paid >= TRAIN_PER_VIEW * sum(views)
    assert training_budget(0.05, 0.0, 0.05) == pytest.approx(TRAIN_PER_VIEW * 0.05)


def test_a_refresh_charged_after_its_next_turn_was_set_waits_for_it(qtbot, monkeypatch):
    """A figure repaints over a few frames after a refresh: charges that arrive after the
    next turn's timer was set still move that turn (the plots took 19 % of Run at a 10 %
    share); once the run stops, the timer refreshes at once."""
    import bpviewer.qt.pacing as pacing

    clock = [10.0]
    monkeypatch.setattr(pacing, "perf_counter", lambda: clock[0])
    bridge = SessionBridge(Session(presets.load("mazur")))
    done = []
    paced = pacing.Paced(bridge, lambda: done.append(clock[0]), share=0.25, every=0.1)
    bridge.running = True
    paced()
    clock[0] = 10.05
    paced()  # its turn at 10.1: the timer is set
    assert done == [10.0] and paced._timer.isActive()
    paced.charge(0.5)  # the repaint, later: a turn every 2 s
    clock[0] = 10.1
    paced._timer.timeout.emit()
    assert done == [10.0] and paced._timer.isActive()
    clock[0] = 12.0
    paced._timer.timeout.emit()
    assert done == [10.0, 12.0]
    paced.charge(0.5)
    clock[0] = 12.5
    paced()
    bridge.running = False
    paced._timer.timeout.emit()
    assert done == [10.0, 12.0, 12.5]


def test_a_charged_repaint_counts_while_running_only(monkeypatch):
    """Paced.charged: a repaint of what the refreshes changed is theirs while Run trains
    (0.1 s refresh + 0.4 s repaint at 25 % wait 2 s); stopped, it is drawn, not counted."""
    import bpviewer.qt.pacing as pacing

    clock = [10.0]
    monkeypatch.setattr(pacing, "perf_counter", lambda: clock[0])
    bridge = SessionBridge(Session(presets.load("mazur")))
    paced = pacing.Paced(bridge, lambda: clock.__setitem__(0, clock[0] + 0.1), share=0.25)
    painted = []

    def paint() -> None:
        painted.append(clock[0])
        clock[0] += 0.4

    paced()
    paced.charged(paint)
    assert len(painted) == 1 and paced.interval() == pytest.approx(max(RUN_INTERVAL_S, 0.4))
    bridge.running = True
    paced()
    paced.charged(paint)
    assert len(painted) == 2 and paced.interval() == pytest.approx(2.0)


def test_training_beyond_the_views_time_is_kept_for_a_slow_frame():
    """Quick frames that trained longer than their due keep the difference (at most
    CREDIT_S): a paced refresh's slow frame is paid from it, not by a tick that trains
    0.1 s without a frame; a debt is still made up."""
    owed, kept = 0.0, 0.017 - TRAIN_PER_VIEW * 0.008
    for _ in range(20):  # 8 ms of views, 17 ms of training
        owed = owed_after(owed, views_s=0.008, trained_s=0.017)
    assert owed == pytest.approx(-20 * kept)
    assert training_budget(0.1, owed_s=owed) == TICK_BUDGET_S
    owed = owed_after(owed, views_s=0.1, trained_s=TICK_BUDGET_S)
    assert owed == pytest.approx(-20 * kept + TRAIN_PER_VIEW * 0.1 - TICK_BUDGET_S)
    for _ in range(100):
        owed = owed_after(owed, views_s=0.001, trained_s=0.024)
    assert owed == -CREDIT_S
    assert owed_after(0.0, views_s=0.3, trained_s=0.01) == CREDIT_S


def test_while_running_a_whole_refresh_leaves_the_view_where_it_is_and_the_end_follows_the_step(qtbot):
    """Scrolling to the step while Run trained drew phone-price's 32,768 edges and every
    label come into view afresh (~0.1 s, a first Run's longest gap), and took away a view
    the teacher had scrolled to: the view stays put until the run ends, then follows the
    step as a click does."""
    bridge, view = zoomed_spiral(qtbot)
    session = bridge.session
    bars = view.horizontalScrollBar(), view.verticalScrollBar()
    for bar in bars:
        bar.setValue(bar.minimum())
    corner = [bar.minimum() for bar in bars]
    bridge.running = True
    session.run(3)
    bridge.flush()
    view.paced._run()  # a whole refresh
    assert [bar.value() for bar in bars] == corner
    bridge.running = False
    assert [bar.value() for bar in bars] != corner
    fresh = shown(qtbot, NetworkView(SessionBridge(session)), (700, 260))
    fresh.zoom_by(3.0)
    qtbot.waitUntil(lambda: view.label_texts() == fresh.label_texts())


def test_a_run_tick_repaints_the_graph_before_the_next_tick(qtbot):
    """A graphics scene hands its changes to its view through a queued call and the
    view's repaint is a posted event after that: the runner's zero timer could tick again
    before either came (phone-price: 6 of 66 ticks of a 2 s run trained again without a
    frame between). A tick's frame is painted before the tick returns."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    class Paints(QObject):
        count = 0

        def eventFilter(self, watched, event):
            self.count += event.type() == QEvent.Type.Paint
            return False

    bridge = SessionBridge(Session(presets.load("spiral")))
    view = shown(qtbot, NetworkView(bridge), (1000, 700))
    bridge.session.run(1)
    bridge.flush()
    paints = Paints()
    view.viewport().installEventFilter(paints)
    qtbot.waitUntil(lambda: paints.count > 0)  # the click's own repaint
    QApplication.processEvents()
    paints.count = 0
    runner = Runner(bridge)
    bridge.running = True
    for _ in range(3):
        runner._tick()
        assert paints.count >= 1
        paints.count = 0
    bridge.running = False


def test_while_running_the_graph_saves_no_painter_state_per_item_and_looks_the_same(qtbot):
    """Saving and restoring the painter around each of a frame's items cost ~6-9 % of a
    Run frame: while running the view does not (every item sets what it draws with), and
    the picture is the one it draws saving them; stopped, it saves them again."""
    from PySide6.QtWidgets import QGraphicsView

    flag = QGraphicsView.OptimizationFlag.DontSavePainterState
    bridge = SessionBridge(Session(presets.load("spiral")))
    view = shown(qtbot, NetworkView(bridge), (1000, 700))
    session = bridge.session
    session.run(2)
    bridge.flush()
    bridge.running = True
    session.run(1)
    bridge.flush()
    view.paced._run()  # a whole refresh: edges, labels
    assert view.optimizationFlags() & flag
    unsaved = view.viewport().grab().toImage()
    view.setOptimizationFlag(flag, False)
    assert view.viewport().grab().toImage() == unsaved
    bridge.running = False
    assert not view.optimizationFlags() & flag


def test_while_running_the_items_out_of_sight_draw_nothing_and_every_item_once_stopped(qtbot):
    """A repaint placed every item of the scene on the view (the scene keeps no index),
    ~1,500 of phone-price's ~1,750 out of sight: while Run trains, those wholly out of the
    view's sight (three lines round it) are marked as drawing nothing, anew as the view
    scrolls, never a text the view's edge cuts (transparent, yet in sight); the view looks
    as it does unmarked. An export, and the run's end, draw every item."""
    from PySide6.QtWidgets import QGraphicsItem

    none = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
    bridge, view = zoomed_spiral(qtbot)
    items = view.scene().items()

    def marked() -> list:
        return [item for item in items if item.flags() & none]

    def out_of_sight() -> list:
        seen = view._seen()
        return [item for item in items if not item.sceneBoundingRect().intersects(seen)]

    assert not marked()
    bridge.running = True
    bridge.session.run(1)
    bridge.flush()
    view.paced._run()  # a whole refresh: labels moved
    bar = view.verticalScrollBar()
    for value in (bar.value(), bar.minimum(), bar.maximum()):
        bar.setValue(value)
        assert marked() == out_of_sight() and marked()
        cut = [item for item in view._clipped if item.sceneBoundingRect().intersects(view._seen())]
        assert cut and not [item for item in cut if item.flags() & none]
        shown_now = view.viewport().grab().toImage()
        hidden = marked()
        for item in hidden:
            item.setFlag(none, False)
        assert view.viewport().grab().toImage() == shown_now
        for item in hidden:
            item.setFlag(none, True)
    with view.whole():
        assert not marked()
    assert marked()
    bridge.running = False
    assert not marked()


def test_a_run_frame_leaves_the_compact_cards_where_they_are(qtbot, monkeypatch):
    """A compact card is placed once a layout (its centre, side and height): a Run frame's
    new numbers in the same card do not place it again (~70 cards a frame of phone-price's,
    each anchored and moved to where it was)."""
    from bpviewer.qt.graph_items import TextBox

    bridge = SessionBridge(Session(presets.load("spiral")))
    view = shown(qtbot, NetworkView(bridge), (1000, 700))
    cards = [n.values for n in view._neurons.values() if n.compact]
    drawn = []
    draw_card = view._draw_card
    view._draw_card = lambda n, *args: (drawn.append(n), draw_card(n, *args))
    bridge.running = True
    bridge.session.run(1)
    bridge.flush()
    moved = []
    set_pos = TextBox.setPos
    monkeypatch.setattr(TextBox, "setPos", lambda box, *at: (moved.append(box), set_pos(box, *at)))
    for _ in range(3):
        bridge.session.run(1)
        bridge.flush()
    assert len([n for n in drawn if n.compact]) > 3 * 16
    assert not [box for box in moved if any(box is card for card in cards)]
    bridge.running = False
