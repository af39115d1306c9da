"""Plots draw the Session's arrays, follow the cursor, move it on a click, and stay cheap."""

from __future__ import annotations

import os

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDockWidget, QGraphicsItem
from views import run_frames, show_view

from bpviewer.core import presets
from bpviewer.core.session import Session
from bpviewer.qt.main_window import DOCK_SHARE
from bpviewer.qt.plots import PlotsWidget


def shown_plots(qtbot, preset: str = "mazur") -> PlotsWidget:
    return show_view(qtbot, PlotsWidget, Session(presets.load(preset)))


@pytest.fixture
def plots(qtbot):
    w = shown_plots(qtbot)
    w.session.run(50)
    w.bridge.flush()
    return w


def curve_xy(curve) -> tuple[np.ndarray, np.ndarray]:
    return curve.getOriginalDataset()


def test_curves_are_the_session_arrays(plots):
    s = plots.session
    x, y = curve_xy(plots.loss_curve)
    assert x.dtype == np.float64 and np.array_equal(x, np.arange(1, 51))
    assert np.array_equal(y, s.losses())
    assert np.array_equal(curve_xy(plots.lr_curve)[1], s.learning_rates())
    norms = s.grad_norms()
    assert [np.array_equal(curve_xy(c)[1], norms[:, l]) for l, c in enumerate(plots.norm_curves)] \
        == [True, True]
    w5 = s.params.ref("weight", 2, 1, 1).index
    assert plots.checked_params() == {"w5"}
    x, y = curve_xy(plots.param_curves[w5])
    assert np.array_equal(x, np.arange(51)) and y[0] == s.history.initial[w5]
    assert np.array_equal(y[1:], s.param_history(w5))


def test_while_running_the_curves_follow_ten_times_a_second_and_end_on_the_history(plots, qtbot):
    """Each frame of Run set every curve's whole history (~8 ms a frame); now a few
    frames share one refresh, and the run's end is always plotted."""
    from bpviewer.qt.plots import PLOT_INTERVAL_S

    before = plots.paced.runs
    run_frames(plots.bridge)
    assert plots.paced.runs - before <= 2
    plots.bridge.running = False
    qtbot.waitUntil(lambda: len(curve_xy(plots.loss_curve)[0]) == 60,
                    timeout=int(1000 * PLOT_INTERVAL_S) + 1000)
    assert np.array_equal(curve_xy(plots.loss_curve)[1], plots.session.losses())


def test_while_running_the_cursor_lines_follow_with_the_curves_and_end_on_the_cursor(plots, qtbot):
    """A cursor line moved every frame repainted the whole figure (~40 ms of a spiral
    frame): while Run trains the lines move with the curves' paced refresh; stopped, they
    end on the run's last iteration, and a click moves them at once again."""
    from bpviewer.qt.plots import PLOT_INTERVAL_S

    moves = []
    line = plots.cursor_lines[0]
    set_value = line.setValue
    line.setValue = lambda x: (moves.append(x), set_value(x))
    run_frames(plots.bridge)
    assert len(moves) <= 2
    plots.bridge.running = False
    qtbot.waitUntil(lambda: line.value() == 60.0, timeout=int(1000 * PLOT_INTERVAL_S) + 1000)
    assert [x.value() for x in plots.cursor_lines] == [60.0] * 4
    plots.session.goto(12)
    plots.bridge.flush()
    assert [x.value() for x in plots.cursor_lines] == [12.0] * 4


def test_while_running_the_figures_repaint_counts_toward_its_paced_share(plots):
    """The curves and axes drawn again cost more than setting them: that time is the
    paced refresh's, so a slow figure refreshes less often."""
    plots.bridge.running = True
    plots.session.run(1)
    plots.bridge.flush()
    took = plots.paced._took
    plots.figure.viewport().repaint()
    assert plots.paced._took > took
    plots.bridge.running = False
    took = plots.paced._took
    plots.figure.viewport().repaint()
    assert plots.paced._took == took


def test_while_running_the_iterations_axis_grows_in_steps_and_fits_the_history_once_stopped(plots, qtbot):
    """A range grown at every paced refresh drew every axis again (its texts and grid,
    ~60 ms of a phone-price-mini refresh): while Run trains the axis ends at a step past
    the history, its pictures kept; stopped, it fits the history as a click's does."""
    from bpviewer.qt.plots import stepped_end

    box = plots.loss_plot.vb
    wait = 10_000  # a paced refresh's turn: its share of what it and its repaint took
    run_frames(plots.bridge, 13)  # 50 + 13 iterations: the axis ends at 80
    qtbot.waitUntil(lambda: box.viewRange()[0] == [0.0, 80.0], timeout=wait)
    assert plots.norm_plot.vb.viewRange()[0] == [0.0, 80.0]  # linked
    assert plots.loss_plot.getAxis("left").cacheMode() == QGraphicsItem.DeviceCoordinateCache
    run_frames(plots.bridge, 20)  # 83: one step on
    qtbot.waitUntil(lambda: box.viewRange()[0] == [0.0, stepped_end(83)] == [0.0, 100.0], timeout=wait)
    plots.bridge.running = False
    qtbot.waitUntil(lambda: box.viewRange()[0][1] < 90, timeout=wait)
    assert box.autoRangeEnabled()[0]
    assert plots.loss_plot.getAxis("left").cacheMode() == QGraphicsItem.NoCache


def test_while_running_a_zoomed_iterations_axis_stays_as_the_user_left_it(plots, qtbot):
    box = plots.loss_plot.vb
    wait = 10_000
    run_frames(plots.bridge, 13)
    qtbot.waitUntil(lambda: box.viewRange()[0] == [0.0, 80.0], timeout=wait)
    box.setXRange(10.0, 20.0, padding=0)  # the user zooms in
    run_frames(plots.bridge, 40)  # a refresh while running plots all 103 iterations
    qtbot.waitUntil(lambda: len(curve_xy(plots.loss_curve)[0]) == 103, timeout=wait)
    assert box.viewRange()[0] == [10.0, 20.0]
    plots.bridge.running = False
    assert box.viewRange()[0] == [10.0, 20.0]


def test_cursor_line_follows_the_cursor(plots):
    plots.session.goto(17)
    plots.bridge.flush()
    assert [line.value() for line in plots.cursor_lines] == [17.0] * 4


def test_a_click_on_the_loss_plot_moves_the_cursor_there(plots, qtbot, monkeypatch):
    s = plots.session
    calls: list[int] = []
    goto = s.goto
    monkeypatch.setattr(s, "goto", lambda k, step=None: (calls.append(k), goto(k, step)))
    vb = plots.loss_plot.vb
    y_low, y_high = vb.viewRange()[1]
    scene_pos = vb.mapViewToScene(QPointF(30.2, (y_low + y_high) / 2))
    pos = plots.figure.mapFromScene(scene_pos)
    qtbot.mouseClick(plots.figure.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert calls == [30] and s.iteration == 30


def test_log_scale_toggle(plots):
    plots.log_box.setChecked(True)
    assert plots.loss_curve.opts["logMode"][1]
    plots.log_box.setChecked(False)
    assert not plots.loss_curve.opts["logMode"][1]


def test_checking_a_parameter_plots_it_and_unchecking_hides_it(plots):
    s = plots.session
    item = plots.param_list.findItems("b₂,₁", Qt.MatchFlag.MatchExactly)[0]
    index = s.params.ref("bias", 2, 1).index
    item.setCheckState(Qt.CheckState.Checked)
    curve = plots.param_curves[index]
    assert np.array_equal(curve_xy(curve)[1][1:], s.param_history(index))
    item.setCheckState(Qt.CheckState.Unchecked)
    item.setCheckState(Qt.CheckState.Checked)
    assert plots.param_curves[index] is curve and curve.isVisible()


def test_a_new_network_gets_its_own_curves(plots):
    plots.session.load(presets.load("xor"))
    plots.bridge.flush()
    assert len(plots.norm_curves) == 3
    assert len(plots.norm_plot.listDataItems()) == 3
    assert plots.param_list.count() == len(plots.session.params.refs)


def test_hidden_plots_wait_until_shown(plots):
    plots.hide()
    plots.session.run(10)
    plots.bridge.flush()
    assert len(curve_xy(plots.loss_curve)[0]) == 50
    plots.show()
    assert len(curve_xy(plots.loss_curve)[0]) == 60


def test_100k_iterations_update_with_the_same_items(plots):
    items = [list(p.listDataItems()) for p in plots.plots]
    plots.session.run(100_000 - 50)
    plots.bridge.flush()
    assert [list(p.listDataItems()) for p in plots.plots] == items
    assert len(curve_xy(plots.loss_curve)[0]) == 100_000
    assert plots.loss_plot.clipToViewMode() and plots.loss_plot.downsampleMode()[1]
    plots.grab()  # draws at 100k without error


def test_export_png(plots, tmp_path):
    plots.export_png(str(tmp_path / "plots.png"))
    image = QImage(str(tmp_path / "plots.png"))
    assert image.width() >= plots.figure.width() - 2 and image.height() > 300


def test_a_narrow_dock_stacks_the_plots_in_one_column(plots, qtbot):
    assert plots.figure.ci.getItem(1, 1) is plots.lr_plot
    plots.resize(340, 700)
    qtbot.waitUntil(lambda: plots.figure.ci.getItem(3, 0) is plots.lr_plot)
    plots.resize(900, 600)
    qtbot.waitUntil(lambda: plots.figure.ci.getItem(1, 1) is plots.lr_plot)


def test_test_loss_beside_the_training_loss_when_there_is_a_split(qtbot):
    w = shown_plots(qtbot, "overfitting")
    s = w.session
    assert s.dataset.has_test and w.test_curve.isVisible()
    title = w.loss_plot.titleLabel.text  # names both curves in their colours
    assert title.index("train") < title.index("test")
    for curve in (w.loss_curve, w.test_curve):
        assert f"COLOR:{curve.opts['pen'].color().name().upper()}" in title.upper()
    s.run(40)
    w.bridge.flush()
    x, y = curve_xy(w.test_curve)
    assert x.dtype == np.float64 and np.array_equal(x, np.arange(1, 41))
    assert np.array_equal(y, s.test_losses())
    assert w.test_curve.opts["pen"].color().name() != w.loss_curve.opts["pen"].color().name()
    s.run(10)  # live while training: each frame hands the curve the new iterations
    w.bridge.flush()
    assert len(curve_xy(w.test_curve)[1]) == 50


def test_no_test_curve_without_a_split(plots):
    assert not plots.test_curve.isVisible() and "test" not in plots.loss_plot.titleLabel.text


def test_a_diverging_run_keeps_the_axes_readable(qtbot):
    """Losses of 1e257 before the divergence become gaps: no axis auto-ranges into them."""
    w = shown_plots(qtbot, "phone-price-mini")
    s = w.session
    s.set_spec(optimizer={"name": "sgd", "lr": 1e6})
    s.goto(50)
    w.bridge.flush()
    assert s.diverged and s.losses().max() > 1e100
    _, y = curve_xy(w.loss_curve)
    big = s.losses() > 1e12
    assert np.isnan(y[big]).all() and np.array_equal(y[~big], s.losses()[~big])
    for plot in w.plots:
        plot.vb.updateAutoRange()
        assert np.isfinite(plot.vb.viewRange()[1]).all()
        assert max(abs(v) for v in plot.vb.viewRange()[1]) < 1e13


def test_one_plot_at_full_size_from_the_show_box(plots, qtbot):
    """At 1024 px a dock stacked four plots 90 px high: the teacher shows one alone."""
    plots.resize(300, 600)
    plots.choice.setCurrentIndex(plots.choice.findText("Gradient norms"))
    qtbot.waitUntil(lambda: plots.norm_plot.height() > 0.7 * plots.figure.height())
    assert [p.isVisible() for p in plots.plots] == [False, False, True, False]
    assert not plots.param_list.isVisible()  # it belongs to the parameters' plot
    plots.choice.setCurrentIndex(plots.choice.findText("Parameters"))
    qtbot.waitUntil(lambda: plots.param_list.isVisible())
    plots.choice.setCurrentIndex(0)
    qtbot.waitUntil(lambda: all(p.isVisible() for p in plots.plots))


def test_the_curves_keys_sit_in_the_titles_not_over_the_curves(plots):
    """A legend box covered the top right of a short plot; the title names each curve in
    its colour instead."""
    for plot, names, curves in ((plots.norm_plot, ["W1", "W2"], plots.norm_curves),
                                (plots.param_plot, ["w5"], list(plots.param_curves.values()))):
        assert plot.legend is None
        title = plot.titleLabel.text
        for name, curve in zip(names, curves, strict=True):
            assert f'color:{curve.opts["pen"].color().name()}">{name.lower()}<' in title.lower()
    item = plots.param_list.findItems("w1", Qt.MatchFlag.MatchExactly)[0]
    item.setCheckState(Qt.CheckState.Checked)
    assert ">w1<" in plots.param_plot.titleLabel.text and ">w5<" in plots.param_plot.titleLabel.text
    item.setCheckState(Qt.CheckState.Unchecked)
    assert ">w1<" not in plots.param_plot.titleLabel.text


def test_the_plots_dock_at_1024_is_read_whole(make_window, qtbot):
    """At 1024×768 the Plots tab kept the dock to its share (its controls had widened it
    and the graph scrolled), and every plot lies inside the dock, its title (a key on a
    line of its own) above its data, not over it (the figure was clipped at the right)."""
    window = make_window("xor")
    window.resize(1024, 768)
    qtbot.waitUntil(lambda: window.width() == 1024)
    window.resizeDocks([window._right_dock], [round(1024 * DOCK_SHARE)], Qt.Orientation.Horizontal)
    window.session.run(30)
    window.bridge.flush()
    window.findChild(QDockWidget, "plots").raise_()
    plots = window.plots
    qtbot.waitUntil(lambda: plots.isVisible() and plots.figure.width() > 0)
    assert window.findChild(QDockWidget, "plots").width() <= 1024 * DOCK_SHARE + 2
    qtbot.waitUntil(lambda: window.view.horizontalScrollBar().maximum() == 0)
    width = plots.figure.viewport().width()
    for plot in plots.plots:
        box = plot.sceneBoundingRect()
        assert box.left() >= 0 and box.right() <= width + 1, plot.titleLabel.text
        title = plot.titleLabel.sceneBoundingRect()
        assert title.height() >= plot.titleLabel.itemRect().height() - 1
        assert title.bottom() <= plot.vb.sceneBoundingRect().top() + 1


def test_the_list_names_parameters_as_the_graph_does_and_fits_the_widest(plots):
    plots.session.load(presets.load("circles"))
    plots.bridge.flush()
    texts = [plots.param_list.item(i).text() for i in range(plots.param_list.count())]
    assert "w45" in texts and "b₁,₁" in texts and not any("_" in t for t in texts)
    metrics = plots.param_list.fontMetrics()
    widest = max(metrics.horizontalAdvance(t) for t in texts)
    assert plots.param_list.viewport().width() >= widest + 20  # the check box beside it


def test_export_png_refuses_a_pipe_with_one_line(plots, tmp_path, warnings_shown):
    os.mkfifo(tmp_path / "plots.png")
    assert not plots.export_png(str(tmp_path / "plots.png"))
    assert len(warnings_shown) == 1 and "not a regular file" in warnings_shown[0]
