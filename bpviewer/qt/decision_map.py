"""What a 2-input network outputs over the whole input plane, with the data on top.

One `session.predict` call on a GRID × GRID lattice per refresh; this module only turns
the outputs into colours: p of class 1 (one sigmoid-like output), the argmax class with
its confidence as saturation (several outputs), or the value itself (regression).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget

from ..core.session import Session
from .bridge import SessionBridge
from .plots import (
    FONT_PT,
    PALETTE,
    VisibleRefresher,
    add_png_action,
    ask_save_path,
    export_png,
    readable,
    style_plot,
)

GRID = 100
CLASSIFICATION_LOSSES = ("bce", "cross_entropy")
PROBABILITY_OUTPUTS = ("sigmoid", "softmax")
#: how much of a class colour the background keeps at full confidence (points stay visible)
BACKGROUND_STRENGTH = 0.55
WHITE = np.array([255.0, 255.0, 255.0])


def map_kind(session: Session) -> str:
    """'binary', 'multiclass' or 'regression': decides the colouring."""
    if session.spec.loss not in CLASSIFICATION_LOSSES:
        return "regression"
    return "binary" if session.spec.layers[-1] == 1 else "multiclass"


def _rgb(color: str) -> np.ndarray:
    return np.array(pg.mkColor(color).getRgb()[:3], dtype=float)


def _tint(colors: np.ndarray, strength: np.ndarray) -> np.ndarray:
    """Blend class colours towards white: strength 0 is white, 1 the background's full hue."""
    return WHITE + (colors - WHITE) * (BACKGROUND_STRENGTH * strength)[:, None]


class DecisionMapWidget(QWidget):
    def __init__(self, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        readable(self)
        self.bridge = bridge
        self.session = bridge.session
        self.placeholder = QLabel()
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        readable(self.placeholder, FONT_PT + 2)
        self.figure = pg.GraphicsLayoutWidget()
        self.figure.setBackground("w")
        self.plot = self.figure.addPlot()
        self.plot.setAspectLocked(True)
        add_png_action(self.plot, self._ask_png)
        self.image = pg.ImageItem()
        self.points = pg.ScatterPlotItem(size=10, pen=pg.mkPen("k", width=1.2))
        self.plot.addItem(self.image)
        self.plot.addItem(self.points)
        self.colorbar = pg.ColorBarItem(interactive=False, width=18)
        for side in ("left", "right", "top", "bottom"):
            self.colorbar.getAxis(side).setPen(pg.mkPen("k"))
        self.colorbar.axis.setTextPen(pg.mkPen("k"))
        self.colorbar.axis.setStyle(tickFont=self.font())
        self.figure.addItem(self.colorbar)
        self.stack = QStackedLayout(self)
        self.stack.addWidget(self.figure)
        self.stack.addWidget(self.placeholder)
        self._grid = np.zeros((0, 2))
        self._drawn_for: int | None = None
        self._refresher = VisibleRefresher(self, self.refresh)
        bridge.networkChanged.connect(self._network_changed)
        bridge.historyChanged.connect(self._history_changed)
        bridge.cursorChanged.connect(self._refresher.request)
        self._network_changed()
        self._refresher.request()

    @property
    def available(self) -> bool:
        return self.session.spec.layers[0] == 2

    # -- per network: lattice, data points, colour scale-------------------------------------
    def _network_changed(self) -> None:
        s = self.session
        if not self.available:
            self.placeholder.setText(self.tr("The decision map needs a network with 2 inputs; "
                                             "this one has %1.").replace("%1", str(s.spec.layers[0])))
            self.stack.setCurrentWidget(self.placeholder)
            return
        self.stack.setCurrentWidget(self.figure)
        self.kind = map_kind(s)
        x = s.dataset.inputs
        low, high = x.min(axis=0), x.max(axis=0)
        pad = np.maximum(0.15 * (high - low), 0.5)
        low, high = low - pad, high + pad
        xs, ys = (np.linspace(low[d], high[d], GRID) for d in range(2))
        gx, gy = np.meshgrid(xs, ys, indexing="ij")  # image[i, j] is at (xs[i], ys[j])
        self._grid = np.stack([gx.ravel(), gy.ravel()], axis=1)
        step = (high - low) / (GRID - 1)  # each lattice point is the centre of a pixel
        self._rect = QRectF(low[0] - step[0] / 2, low[1] - step[1] / 2,
                            high[0] - low[0] + step[0], high[1] - low[1] + step[1])
        titles = {"binary": "p(class 1)", "multiclass": self.tr("class (pale = unsure)"),
                  "regression": self.tr("output %1").replace(
                      "%1", s.neuron_label(len(s.spec.layers) - 1, 1))}
        style_plot(self.plot, titles[self.kind],
                   s.neuron_label(0, 1), s.neuron_label(0, 2), grid=False)
        self._place_points()
        self._drawn_for = None  # historyChanged, which always follows, redraws

    def _place_points(self) -> None:
        """Class colours for classifiers; regression targets are coloured on each refresh,
        on the same scale as the outputs."""
        s = self.session
        self.colorbar.setVisible(self.kind != "multiclass")
        if self.kind == "regression":
            self._cmap = pg.colormap.get("viridis")
            self.points.setData(pos=s.dataset.inputs)
        else:
            classes = (s.dataset.labels if s.dataset.labels is not None
                       else np.argmax(s.dataset.targets, axis=1) if self.kind == "multiclass"
                       else (s.dataset.targets[:, 0] >= 0.5).astype(int))
            brushes = [pg.mkBrush(PALETTE[c % len(PALETTE)]) for c in classes]
            self.points.setData(pos=s.dataset.inputs, brush=brushes)
            # class 0's colour → white → class 1's colour, as pale as the multi-class tints
            stops = _tint(np.array([_rgb(PALETTE[0]), WHITE, _rgb(PALETTE[1])]), np.ones(3))
            self._cmap = pg.ColorMap([0.0, 0.5, 1.0], stops.astype(np.ubyte))
            self._set_levels(0.0, 1.0)
        self.colorbar.setColorMap(self._cmap)

    def _set_levels(self, low: float, high: float) -> None:
        self._levels = (low, high) if high > low else (low - 0.5, high + 0.5)
        self.colorbar.setLevels(self._levels)

    # -- per cursor position ---------------------------------------------------------------
    def _history_changed(self) -> None:
        self._drawn_for = None
        self._refresher.request()

    def refresh(self) -> None:
        """Redraw for the cursor's parameters (steps within an iteration do not change them)."""
        if not self.available or self._drawn_for == self.session.iteration:
            return
        self._drawn_for = self.session.iteration
        out = self.session.predict(self._grid)
        if self.kind == "multiclass":
            colors = self._class_colors(out)
        else:
            values = out[:, 0]
            if self.kind == "regression":
                targets = self.session.dataset.targets[:, 0]
                self._set_levels(min(values.min(), targets.min()), max(values.max(), targets.max()))
                self.points.setBrush(self._cmap.map(self._scaled(targets), mode="qcolor"))
            colors = self._cmap.map(self._scaled(values), mode="byte")[:, :3]
        self.image.setImage(colors.reshape(GRID, GRID, 3), levels=(0, 255), rect=self._rect)

    def _class_colors(self, out: np.ndarray) -> np.ndarray:
        """The winning class's colour, paler the closer the call (when outputs are probabilities)."""
        palette = np.array([_rgb(PALETTE[c % len(PALETTE)]) for c in range(out.shape[1])])
        winner = np.argmax(out, axis=1)
        if self.session.spec.activations[-1] in PROBABILITY_OUTPUTS:
            chance = 1.0 / out.shape[1]
            sure = np.clip((out.max(axis=1) - chance) / (1.0 - chance), 0.0, 1.0)
        else:  # logits: no probability to read a confidence from
            sure = np.ones(len(out))
        return _tint(palette[winner], sure).astype(np.ubyte)

    def _scaled(self, values: np.ndarray) -> np.ndarray:
        low, high = self._levels
        return np.clip((values - low) / (high - low), 0.0, 1.0)

    # -- export ----------------------------------------------------------------------------
    def export_png(self, path: str) -> None:
        export_png(self.figure.scene(), path)

    def _ask_png(self) -> None:
        path = ask_save_path(self, "Save decision map", "decision-map.png", "PNG image (*.png)")
        if path:
            self.export_png(path)
