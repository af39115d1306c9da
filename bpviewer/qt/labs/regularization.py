"""Regularization: dropout's mask, L1 against L2 weight histograms, batch norm step by step."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QTabWidget, QVBoxLayout, QWidget

from ...core.labs import regularization as core
from ...core.labs.gradient_check import PRESETS, session_network
from ...core.texts import tr as core_tr
from ..bridge import SessionBridge
from ..plots import restyle_plot
from .lab_base import (
    COLORS,
    FONT_PT,
    Lab,
    TablePanel,
    add_plot,
    colored,
    double_spin,
    figure,
    follow,
    follow_style,
    ink,
    numbers,
    pen,
    row,
    set_lab_font,
)

XOR = 2  # the gradient check's XOR 2-3-2-1: shown until the window's network is known


class Page(QWidget):
    """One demo inside the lab: its own figure, table and clicker steps."""

    def __init__(self) -> None:
        super().__init__()
        self.figure = figure()
        self.layout_ = QVBoxLayout(self)

    def next_step(self) -> None:
        """Right on the clicker."""

    def previous_step(self) -> None:
        """Left on the clicker."""


HEADROOM = 1.1  # y range over the tallest bar
NODE_PX = 22  # neuron size in the dropout graph, shrunk for wide layers
COLUMN_PX = 170  # the graph's column height the neurons share
DROPPED_PEN = pg.mkPen(COLORS[1], width=3)


def _column(n: int) -> np.ndarray:
    """y of n neurons drawn as one centred column."""
    return (n - 1) / 2 - np.arange(n, dtype=float)


class DropoutPage(Page):
    def __init__(self) -> None:
        super().__init__()
        self.p = double_spin(core.DROPOUT_P, 0.0, 0.95, 2, 0.05)
        self.p.setToolTip(self.tr("Dropout probability p: each hidden unit is zeroed with probability p"))
        self.draw_label = QLabel()
        self.layout_.addLayout(row("p", self.p, self.draw_label))
        rule = QLabel(self.tr("training: survivors × 1/(1 − p), the rest 0;  "
                              "evaluation: every activation passes unchanged"))
        rule.setWordWrap(True)  # "…passes unchan" at the lab's 772 px beside a dock at 1024×768
        self.layout_.addWidget(rule)
        self.graph = add_plot(self.figure, "", "", "", 0, 0)
        for side in ("left", "bottom"):
            self.graph.hideAxis(side)
        self.graph.showGrid(x=False, y=False)
        self.graph.setMouseEnabled(x=False, y=False)
        self.edges = self.graph.plot(pen=pg.mkPen("#9E9E9E", width=1.5), connect="pairs")
        self.kept_nodes = self.graph.plot(pen=None, symbol="o", symbolSize=22,
                                          symbolBrush=COLORS[0])
        self.fixed_nodes = self.graph.plot(pen=None, symbol="o", symbolSize=22,
                                           symbolBrush="#BDBDBD")
        self.dropped_nodes = self.graph.plot(pen=None, symbol="x", symbolSize=22,
                                             symbolBrush=COLORS[1], symbolPen=DROPPED_PEN)
        self.plot = add_plot(self.figure, self.tr("one layer's activations a"), self.tr("neuron"), "a", 0, 1)
        self.bars_x = pg.BarGraphItem(x=[0.0], height=[0.0], width=0.35, brush="#9E9E9E")
        self.bars_train = pg.BarGraphItem(x=[0.0], height=[0.0], width=0.35, brush=COLORS[0])
        self.dropped = self.plot.plot(pen=None, symbol="x", symbolSize=16,
                                      symbolBrush=COLORS[1], symbolPen=DROPPED_PEN)
        self.mean = self.plot.plot(pen=None, symbol="o", symbolSize=10)
        for item in (self.bars_x, self.bars_train):
            self.plot.addItem(item)
        self._ink()
        follow_style(self, self._ink)
        self.figure.ci.layout.setColumnStretchFactor(0, 2)
        self.figure.ci.layout.setColumnStretchFactor(1, 3)
        self.layout_.addWidget(self.figure, 3)
        legend = QLabel(f"{colored('●', 0)} " + self.tr("kept") + f" &nbsp; {colored('✕', 1)} "
                        + self.tr("dropped") + " &nbsp; &nbsp; "
                        + self.tr("bars: grey = a (evaluation), blue = training output, "
                                  "● = mean of the training outputs over the draws so far"))
        legend.setWordWrap(True)
        self.layout_.addWidget(legend)
        self.outputs = QLabel()
        self.outputs.setWordWrap(True)
        self.layout_.addWidget(self.outputs)
        self.network_table = TablePanel(self.tr("Masks on the network"))
        self.table = TablePanel(self.tr("Dropout mask of one layer"))
        tables = QHBoxLayout()
        tables.addWidget(self.network_table, 1)
        tables.addWidget(self.table, 1)
        self.layout_.addLayout(tables, 2)
        self.draw = 0
        self.net = PRESETS[XOR]
        self.p.valueChanged.connect(self.refresh)
        self.refresh()

    def _ink(self) -> None:
        """Neuron outlines and the mean marker in the theme's text colour."""
        for nodes in (self.kept_nodes, self.fixed_nodes):
            nodes.setSymbolPen(pg.mkPen(ink()))
        self.mean.setSymbolBrush(ink())

    def attach(self, bridge: SessionBridge) -> None:
        """Drop units of the window's network (its first sample at the cursor)."""
        self.bridge = bridge
        follow(self, bridge, self.refresh_network)
        self.refresh_network()

    def refresh_network(self) -> None:
        net = session_network(self.bridge.session)
        self.net = net if len(net.weights) > 1 else PRESETS[XOR]
        self.refresh()

    def refresh(self) -> None:
        self.refresh_graph()
        d = core.dropout(self.p.value(), self.draw)
        x = np.arange(1, len(d.x) + 1, dtype=float)
        self.bars_x.setOpts(x=x - 0.18, height=d.x)
        self.bars_train.setOpts(x=x + 0.18, height=d.train)
        gone = d.mask == 0
        self.dropped.setData(x[gone] + 0.18, np.zeros(int(gone.sum())))
        self.mean.setData(x + 0.18, d.mean_train)
        self.plot.setYRange(0, HEADROOM * max(d.train.max(), d.x.max()))
        kept = int(d.mask.sum())
        self.draw_label.setText(self.tr("draw %1 (seed %2): kept %3 of %4, scale 1/(1 − p) = %5")
                                .replace("%1", str(self.draw + 1)).replace("%2", str(self.draw))
                                .replace("%3", str(kept)).replace("%4", str(len(d.mask)))
                                .replace("%5", f"{1 / (1 - d.p):g}"))
        self.table.set_table(d.table())

    def refresh_graph(self) -> None:
        """The network with this draw's dropped hidden units crossed out and their edges gone."""
        d = core.network_dropout(self.net, self.p.value(), self.draw)
        ys = [_column(n) for n in d.layers]
        alive = [np.ones(d.layers[0], bool), *(m > 0 for m in d.masks)]
        segments = [((l, ys[l][i]), (l + 1, ys[l + 1][j]))
                    for l in range(len(d.layers) - 1) for i in np.flatnonzero(alive[l])
                    for j in range(d.layers[l + 1])]
        points = np.array(segments, dtype=float).reshape(-1, 2)
        self.edges.setData(points[:, 0], points[:, 1])
        hidden = range(1, len(d.layers) - 1)
        kept = [(l, y) for l in hidden for y, on in zip(ys[l], alive[l], strict=True) if on]
        gone = [(l, y) for l in hidden for y, on in zip(ys[l], alive[l], strict=True) if not on]
        fixed = [(l, y) for l in (0, len(d.layers) - 1) for y in ys[l]]
        size = max(6, min(NODE_PX, COLUMN_PX // max(d.layers)))
        for item, nodes in ((self.kept_nodes, kept), (self.dropped_nodes, gone),
                            (self.fixed_nodes, fixed)):
            xy = np.array(nodes, dtype=float).reshape(-1, 2)
            item.setData(xy[:, 0], xy[:, 1], symbolSize=size)
        self.graph.setTitle(f"{self.net.label.split(',')[0]}: " + self.tr("draw %1").replace(
                            "%1", str(self.draw + 1)))
        restyle_plot(self.graph)
        self.outputs.setText(self.tr("sample 1 → output with this mask: %1;  evaluation (no dropout): %2")
                             .replace("%1", numbers(d.train_output)).replace("%2", numbers(d.eval_output)))
        self.network_table.set_table(d.table())

    def next_step(self) -> None:
        self.draw += 1
        self.refresh()

    def previous_step(self) -> None:
        self.draw = max(0, self.draw - 1)
        self.refresh()

class PenaltyPage(Page):
    EPOCH_STEP = 10

    def __init__(self) -> None:
        super().__init__()
        self.runs = core.penalty_runs()
        epochs = len(self.runs[0].losses)
        self.epoch = QSlider(Qt.Orientation.Horizontal)
        self.epoch.setRange(0, epochs)
        self.epoch.setToolTip(self.tr("Drag through the training epochs"))
        self.epoch_label = QLabel()
        settings = core.PenaltySettings()
        self.layout_.addLayout(row(f"8-16-1 tanh, MSE, SGD lr {settings.lr:g}, "
                                   + self.tr("same seeded start;  epoch"), self.epoch_label))
        self.layout_.addWidget(self.epoch)
        self.edges = core.histogram_edges(self.runs)
        self.histograms = []
        for i, run in enumerate(self.runs):
            plot = add_plot(self.figure, core_tr(run.label), self.tr("weight"), self.tr("count"), 0, i)
            if i:
                plot.setXLink(self.histograms[0][0])
            curve = plot.plot(stepMode="center", fillLevel=0, pen=pen(i, 2),
                              brush=pg.mkBrush(COLORS[i] + "80"))
            self.histograms.append((plot, curve))
        self.layout_.addWidget(self.figure, 3)
        self.table = TablePanel(self.tr("Weights at this epoch"))
        self.layout_.addWidget(self.table, 1)
        self.epoch.valueChanged.connect(self.refresh)
        self.epoch.setValue(epochs)

    def refresh(self) -> None:
        epoch = self.epoch.value()
        self.epoch_label.setText(str(epoch))
        for run, (_plot, curve) in zip(self.runs, self.histograms, strict=True):
            counts, _ = np.histogram(run.weights[epoch], self.edges)
            curve.setData(self.edges, counts)
        self.table.set_table(core.penalty_table(self.runs, epoch))

    def next_step(self) -> None:
        self.epoch.setValue(self.epoch.value() + self.EPOCH_STEP)

    def previous_step(self) -> None:
        self.epoch.setValue(self.epoch.value() - self.EPOCH_STEP)


STAGES = ("x", "ẑ", "y")


class BatchNormPage(Page):
    def __init__(self) -> None:
        super().__init__()
        self.result = core.batchnorm()
        self.step_title = QLabel()
        set_lab_font(self.step_title, FONT_PT + 1, bold=True)
        self.formula = QLabel()
        self.layout_.addWidget(self.step_title)
        self.layout_.addWidget(self.formula)
        features = range(self.result.x.shape[1])
        title = self.tr("x raw, ẑ standardized, y scaled and shifted: ")
        self.plot = add_plot(self.figure, title + ", ".join(colored(f"c = {k + 1}", k) for k in features),
                             self.tr("value"), "")
        self.plot.getAxis("left").setTicks([[(2.0, "x"), (1.0, "ẑ"), (0.0, "y")]])
        self.features = [self.plot.plot(pen=None, symbol="o", symbolSize=13,
                                        symbolBrush=COLORS[k]) for k in features]
        self.layout_.addWidget(self.figure, 2)
        self.table = TablePanel(self.tr("Batch norm (training mode) against torch BatchNorm1d"))
        self.layout_.addWidget(self.table, 3)
        self.step = 1
        self.refresh()

    def refresh(self) -> None:
        title, formula = core.BN_STEPS[self.step - 1]
        self.step_title.setText(self.tr("step %1/%2: ").replace("%1", str(self.step)).replace(
            "%2", str(len(core.BN_STEPS))) + core_tr(title))
        self.formula.setText(core_tr(formula))
        stages = [self.result.x, self.result.xhat, self.result.y]
        shown = 1 + (self.step >= 4) + (self.step >= 5)
        n = self.result.x.shape[0]
        for k, item in enumerate(self.features):
            values = np.concatenate([s[:, k] for s in stages[:shown]])
            levels = np.concatenate([np.full(n, 2.0 - i) + 0.08 * (k - 1) for i in range(shown)])
            item.setData(values, levels)
        self.plot.setYRange(-0.5, 2.5)
        first_new = len(self.result.table(self.step - 1).rows)
        self.table.set_table(self.result.table(self.step), first_new)

    def next_step(self) -> None:
        self.step = min(self.step + 1, len(core.BN_STEPS))
        self.refresh()

    def previous_step(self) -> None:
        self.step = max(self.step - 1, 1)
        self.refresh()


class PageSlot(QWidget):
    """A tab's place for a page, which is built when the tab is first shown: the lab's
    first open builds one page, not three."""

    def __init__(self, build: Callable[[], Page]) -> None:
        super().__init__()
        self._build = build
        self.page: Page | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def built(self) -> Page:
        if self.page is None:
            self.page = self._build()
            self.layout().addWidget(self.page)
        return self.page


class RegularizationLab(Lab):
    title = "Regularization"

    @classmethod
    def prepare(cls) -> None:
        super().prepare()
        core.penalty_runs()
        core.batchnorm()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figure.hide()
        self.pages = QTabWidget()
        for build, label in ((DropoutPage, "Dropout"), (PenaltyPage, self.tr("L1 vs L2")),
                             (BatchNormPage, self.tr("Batch norm"))):
            self.pages.addTab(PageSlot(build), label)
        self.pages.currentChanged.connect(self._slot)
        self._slot(0)
        self.body.addWidget(self.pages, 1)

    def _slot(self, index: int) -> Page:
        return self.pages.widget(index).built()

    @property
    def dropout(self) -> DropoutPage:
        return self._slot(0)

    @property
    def penalties(self) -> PenaltyPage:
        return self._slot(1)

    @property
    def batchnorm(self) -> BatchNormPage:
        return self._slot(2)

    @property
    def page(self) -> Page:
        return self._slot(self.pages.currentIndex())

    def plot_widget(self) -> QWidget:
        return self.page.figure

    def attach(self, bridge: SessionBridge) -> None:
        self.dropout.attach(bridge)

    def next_step(self) -> None:
        self.page.next_step()

    def previous_step(self) -> None:
        self.page.previous_step()
