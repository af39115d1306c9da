"""Regularization: dropout's mask, L1 against L2 weight histograms, batch norm step by step."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSlider, QTabWidget, QVBoxLayout, QWidget

from ...core.labs import regularization as core
from .lab_base import (
    COLORS,
    FONT_PT,
    Lab,
    TablePanel,
    add_legend,
    add_plot,
    double_spin,
    figure,
    lab_font,
    pen,
    row,
)


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


LEGEND_ROOM = 1.8  # y range over the tallest bar, so the legend covers no bar


class DropoutPage(Page):
    def __init__(self) -> None:
        super().__init__()
        self.p = double_spin(core.DROPOUT_P, 0.0, 0.95, 2, 0.05)
        self.p.setToolTip("Dropout probability p: each hidden unit is zeroed with probability p")
        self.draw_label = QLabel()
        self.layout_.addLayout(row("p", self.p, self.draw_label))
        self.layout_.addWidget(QLabel("training: survivors × 1/(1 − p), the rest 0;  evaluation: "
                                      "every activation passes unchanged"))
        self.plot = add_plot(self.figure, "one layer's activations", "neuron", "a")
        add_legend(self.plot).setOffset((10, 10))
        self.bars_x = pg.BarGraphItem(x=[0.0], height=[0.0], width=0.35, brush="#9E9E9E",
                                      name="a (evaluation: unchanged)")
        self.bars_train = pg.BarGraphItem(x=[0.0], height=[0.0], width=0.35,
                                          brush=COLORS[0], name="training output")
        self.dropped = self.plot.plot(pen=None, symbol="x", symbolSize=16,
                                      symbolBrush=COLORS[1], symbolPen=pg.mkPen(COLORS[1], width=3),
                                      name="dropped")
        self.mean = self.plot.plot(pen=None, symbol="o", symbolSize=10, symbolBrush="k",
                                   name="mean of training outputs over the draws")
        for item in (self.bars_x, self.bars_train):
            self.plot.addItem(item)
        self.layout_.addWidget(self.figure, 3)
        self.table = TablePanel("Dropout mask")
        self.layout_.addWidget(self.table, 2)
        self.draw = 0
        self.p.valueChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        d = core.dropout(self.p.value(), self.draw)
        x = np.arange(1, len(d.x) + 1, dtype=float)
        self.bars_x.setOpts(x=x - 0.18, height=d.x)
        self.bars_train.setOpts(x=x + 0.18, height=d.train)
        gone = d.mask == 0
        self.dropped.setData(x[gone] + 0.18, np.zeros(int(gone.sum())))
        self.mean.setData(x + 0.18, d.mean_train)
        self.plot.setYRange(0, LEGEND_ROOM * max(d.train.max(), d.x.max()))
        kept = int(d.mask.sum())
        self.draw_label.setText(f"draw {self.draw + 1} (seed {self.draw}): kept {kept} of "
                                f"{len(d.mask)}, scale 1/(1 − p) = {1 / (1 - d.p):g}")
        self.table.set_table(d.table())

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
        self.epoch.setToolTip("Drag through the training epochs")
        self.epoch_label = QLabel()
        settings = core.PenaltySettings()
        self.layout_.addLayout(row(f"8-16-1 tanh, MSE, SGD lr {settings.lr:g}, same seeded start;"
                                   "  epoch", self.epoch_label))
        self.layout_.addWidget(self.epoch)
        self.edges = core.histogram_edges(self.runs)
        self.histograms = []
        for i, run in enumerate(self.runs):
            plot = add_plot(self.figure, run.label, "weight", "count", 0, i)
            if i:
                plot.setXLink(self.histograms[0][0])
            curve = plot.plot(stepMode="center", fillLevel=0, pen=pen(i, 2),
                              brush=pg.mkBrush(COLORS[i] + "80"))
            self.histograms.append((plot, curve))
        self.layout_.addWidget(self.figure, 3)
        self.table = TablePanel("Weights at this epoch")
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
        self.step_title.setFont(lab_font(FONT_PT + 1, bold=True))
        self.formula = QLabel()
        self.layout_.addWidget(self.step_title)
        self.layout_.addWidget(self.formula)
        self.plot = add_plot(self.figure, "each feature: raw, standardized, scaled and shifted",
                             "value", "")
        self.plot.getAxis("left").setTicks([[(2.0, "x"), (1.0, "ẑ"), (0.0, "y")]])
        add_legend(self.plot).setOffset((-10, -10))
        self.features = [self.plot.plot(pen=None, symbol="o", symbolSize=13,
                                        symbolBrush=COLORS[k], name=f"feature {k + 1}")
                         for k in range(self.result.x.shape[1])]
        self.layout_.addWidget(self.figure, 2)
        self.table = TablePanel("Batch norm (training mode) against torch BatchNorm1d")
        self.layout_.addWidget(self.table, 3)
        self.step = 1
        self.refresh()

    def refresh(self) -> None:
        title, formula = core.BN_STEPS[self.step - 1]
        self.step_title.setText(f"step {self.step}/{len(core.BN_STEPS)}: {title}")
        self.formula.setText(formula)
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


class RegularizationLab(Lab):
    title = "Regularization"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figure.hide()
        self.pages = QTabWidget()
        self.dropout = DropoutPage()
        self.penalties = PenaltyPage()
        self.batchnorm = BatchNormPage()
        for page, label in ((self.dropout, "Dropout"), (self.penalties, "L1 vs L2"),
                            (self.batchnorm, "Batch norm")):
            self.pages.addTab(page, label)
        self.body.addWidget(self.pages, 1)

    @property
    def page(self) -> Page:
        return self.pages.currentWidget()

    def plot_widget(self) -> QWidget:
        return self.page.figure

    def next_step(self) -> None:
        self.page.next_step()

    def previous_step(self) -> None:
        self.page.previous_step()
