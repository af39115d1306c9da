"""What a 2-input network outputs over the whole input plane, with the data on top.

One `session.hidden_maps` call on a GRID × GRID lattice per refresh gives the output and
every neuron's activation; this module only turns them into colours: p of class 1 (one
sigmoid-like output), the argmax class with its confidence as saturation (several
outputs), or the value itself (regression); "Discretize output" shows the called class
(or the value in BANDS steps) instead. Training points are filled, test points hollow.
Below the map, each input and hidden neuron's own map (neuron_maps); clicking one shows it
large here, clicking it again goes back to the output.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QTextOption
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QSplitter,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from ..core.params import display_name
from ..core.session import Session
from .bridge import SessionBridge
from .dock_views import saved
from .neuron_maps import (
    BACKGROUND_STRENGTH,
    NAN_RGB,
    NeuronMapsStrip,
    colorize,
    layer_levels,
    pale_lut,
    plane_lattice,
    scaled,
)
from .pacing import Paced
from .plots import (
    FONT_PT,
    PALETTE,
    PLOT_INTERVAL_S,
    PLOT_SHARE,
    TICK_PT,
    Figure,
    VisibleRefresher,
    add_png_action,
    ask_save_path,
    export_png,
    fit_title_height,
    follow_style,
    keep_menus,
    legend_brush,
    restyle_figure,
    restyle_legend,
    restyle_plot,
    style_plot,
)
from .theme import look, readable
from .zoom import text_zoom

GRID = 100
CLASSIFICATION_LOSSES = ("bce", "cross_entropy")
PROBABILITY_OUTPUTS = ("sigmoid", "softmax")
#: steps of a discretized regression map
BANDS = 8
TEST_PEN_WIDTH = 2.5
LEGEND_COLUMNS = 3
FIT_MARGIN_PX = 26  # the figure's margins and spacing around the map and its bar


def map_kind(session: Session) -> str:
    """'binary', 'multiclass' or 'regression': decides the colouring."""
    if session.spec.loss not in CLASSIFICATION_LOSSES:
        return "regression"
    return "binary" if session.spec.layers[-1] == 1 else "multiclass"


def _rgb(color: str) -> np.ndarray:
    return np.array(pg.mkColor(color).getRgb()[:3], dtype=float)


def paper() -> np.ndarray:
    """The theme's background (white in the light theme): what the map's pale colours fade to."""
    return _rgb(look().colors.background)


def _tint(colors: np.ndarray, strength: np.ndarray) -> np.ndarray:
    """Blend class colours towards the background: strength 0 is the background, 1 the
    map's full hue."""
    ground = paper()
    return ground + (colors - ground) * (BACKGROUND_STRENGTH * strength)[:, None]


def _rim(width: float = 1.2) -> object:
    """The outline of a data point: the theme's text colour, so points stand out of the map."""
    return pg.mkPen(look().colors.text, width=width)


class DecisionMapWidget(QWidget):
    def __init__(self, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        readable(self, FONT_PT)
        self.bridge = bridge
        self.session = bridge.session
        self.placeholder = QLabel()
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        readable(self.placeholder, FONT_PT + 2)
        self._refresher = VisibleRefresher(self, self.refresh)
        # while Run trains, the map follows 10 times a second, within its share of the
        # time with its repaint (it was redrawn every frame: a lattice of GRID × GRID
        # points through the network, the thumbnails, the image drawn again)
        self.paced = Paced(bridge, self._refresher.request, self, share=PLOT_SHARE,
                           every=PLOT_INTERVAL_S)
        self.figure = Figure(self.paced)
        self.figure.setBackground(look().colors.background)
        self.plot = self.figure.addPlot()
        self.plot.setAspectLocked(True)
        # an axis only widens for its tick texts: xor's y axis took one width at one range
        # and another at the range that width left (the aspect is locked), and the figure
        # was laid out and repainted ~55 times a second with nothing new to show
        for side in ("left", "bottom"):
            self.plot.getAxis(side).setStyle(autoReduceTextSpace=False)
        add_png_action(self.plot, self._ask_png, self.figure)
        self.image = pg.ImageItem()
        self.points = pg.ScatterPlotItem(size=10, pen=_rim())
        #: held-out rows: hollow rings in their class colour (or target colour)
        self.test_points = pg.ScatterPlotItem(size=11, brush=pg.mkBrush(0, 0, 0, 0))
        self.plot.addItem(self.image)
        self.plot.addItem(self.points)
        self.plot.addItem(self.test_points)
        # under the map, never over the points; part of the exported PNG
        self.legend = pg.LegendItem(colCount=LEGEND_COLUMNS, verSpacing=-6,
                                    brush=legend_brush(look().colors))
        self._samples: list[pg.ScatterPlotItem] = []
        self.colorbar = pg.ColorBarItem(interactive=False, width=18)
        keep_menus(self.colorbar, self.figure)
        self._style_colorbar()
        self.figure.addItem(self.colorbar)
        self.figure.addItem(self.legend, row=1, col=0, colspan=2)
        # the title over the y axis too: a narrow dock's room for "p(class 1)"
        self.plot.layout.removeItem(self.plot.titleLabel)
        self.plot.layout.addItem(self.plot.titleLabel, 0, 0, 1, 3)
        self.plot.titleLabel.item.document().setDefaultTextOption(QTextOption(Qt.AlignmentFlag.AlignHCenter))
        self.figure.installEventFilter(self)
        self.show_test = QCheckBox(self.tr("Show test data"))
        self.show_test.setChecked(True)
        self.show_test.setToolTip(self.tr("Draw the held-out test points (hollow rings)"))
        self.show_test.toggled.connect(self._show_test_toggled)
        self.discretize = QCheckBox(self.tr("Discretize output"))
        self.discretize.setToolTip(self.tr("Colour the class the network calls (threshold 0.5 "
                                           "or the largest output) instead of its confidence; "
                                           "regression in %1 steps").replace("%1", str(BANDS)))
        self.discretize.toggled.connect(self._redraw)
        controls = QVBoxLayout()  # one above the other: side by side they widened a 1024 px dock
        controls.setContentsMargins(4, 0, 4, 0)
        controls.addWidget(self.show_test)
        controls.addWidget(self.discretize)
        self.neurons = NeuronMapsStrip(self.paced)
        self.neurons.chosen.connect(self._neuron_chosen)
        self.selected: tuple[int, int] | None = None
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.figure)
        self.splitter.addWidget(self.neurons)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(controls)
        column.addWidget(self.splitter, 1)
        self.page = page
        self.stack = QStackedLayout(self)
        self.stack.addWidget(page)
        self.stack.addWidget(self.placeholder)
        self._grid = np.zeros((0, 2))
        self._drawn_for: int | None = None
        self.maps: list[np.ndarray] = []
        bridge.networkChanged.connect(self._network_changed)
        bridge.historyChanged.connect(self._history_changed)
        bridge.cursorChanged.connect(self.paced)  # a flush's cursorChanged follows its history's
        self._network_changed()
        self._refresher.request()
        follow_style(self, self.restyle)

    def restyle(self) -> None:
        """The theme's colours and the text zoom: the figure, the map's pale colours fading
        to the new background, the points' rims, the legend and the thumbnails."""
        restyle_figure(self.figure)
        self._style_colorbar()
        self.neurons.restyle()
        if self.available:
            self._place_points()
            self._redraw()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.figure and event.type() == QEvent.Type.Resize:
            self._fit_width()
        return False

    def _fit_width(self) -> None:
        """The title wraps and the legend takes the columns that fit: at their natural widths
        they widened the figure past a narrow dock, which cut its right side off (spiral's
        "class (pale = unsure)" and third class at 1024×768)."""
        room = self.figure.width() - FIT_MARGIN_PX
        title = self.plot.titleLabel.item
        title.setTextWidth(-1)
        beside = self.colorbar.width()  # hidden, the bar keeps its room
        if title.boundingRect().width() > room - beside:
            title.setTextWidth(max(room - beside, 1))
        fit_title_height(self.plot)
        for columns in range(max(len(self.legend.items), 1), 0, -1):
            self.legend.setColumnCount(columns)
            if self.legend.boundingRect().width() <= room:
                break

    def _style_colorbar(self) -> None:
        ink = look().colors.text
        for side in ("left", "right", "top", "bottom"):
            self.colorbar.getAxis(side).setPen(pg.mkPen(ink))
        self.colorbar.axis.setTextPen(pg.mkPen(ink))
        tick_font = QFont(self.font())
        tick_font.setPointSizeF(text_zoom().points(TICK_PT))
        self.colorbar.axis.setStyle(tickFont=tick_font)

    @property
    def available(self) -> bool:
        """Raw points in a plane (features are computed from them)."""
        return self.session.dataset.raw.shape[1] == 2

    # -- per network: lattice, data points, colour scale-------------------------------------
    def _network_changed(self) -> None:
        s = self.session
        if not self.available:
            self.placeholder.setText(self.tr("The decision map needs a network with 2 inputs; "
                                             "this one has %1.").replace("%1", str(s.spec.layers[0])))
            self.stack.setCurrentWidget(self.placeholder)
            return
        self.stack.setCurrentWidget(self.page)
        self.kind = map_kind(s)
        self.selected = None
        self.neurons.rebuild(s)
        self.show_test.setEnabled(s.dataset.has_test)
        self._grid, self._rect = plane_lattice(s, GRID)  # image[i, j] is at (x_i, y_j)
        axes = ("x1", "x2") if s.spec.features else (s.neuron_label(0, 1), s.neuron_label(0, 2))
        self._axes = axes
        style_plot(self.plot, self._output_title(), *axes, grid=False)
        self._place_points()
        self._fit_width()
        self._drawn_for = None  # historyChanged, which always follows, redraws

    def _output_title(self) -> str:
        s = self.session
        discrete = self.discretize.isChecked()
        titles = {"binary": self.tr("class called (p ≥ 0.5)") if discrete else "p(class 1)",
                  "multiclass": self.tr("class called") if discrete else
                  self.tr("class (pale = unsure)"),
                  "regression": self.tr("output %1").replace(
                      "%1", s.neuron_label(len(s.spec.layers) - 1, 1))}
        return titles[self.kind]

    def _place_points(self) -> None:
        """Class colours for classifiers; regression targets are coloured on each refresh,
        on the same scale as the outputs."""
        s = self.session
        d = s.dataset
        test_raw = d.test_raw if d.has_test else np.zeros((0, 2))
        if self.kind == "regression":
            self._cmap = pg.colormap.get("viridis")
            # many points coloured by target: thin dark rims, so the colours show
            self.points.setData(pos=d.raw, size=8, pen=_rim(0.6))
            self.test_points.setData(pos=test_raw, size=8)
        else:
            brushes = [pg.mkBrush(PALETTE[c % len(PALETTE)]) for c in self._classes(d.labels, d.targets)]
            self.points.setData(pos=d.raw, brush=brushes, size=10, pen=_rim())
            pens = ([pg.mkPen(PALETTE[c % len(PALETTE)], width=TEST_PEN_WIDTH)
                     for c in self._classes(d.test_labels, d.test_targets)] if d.has_test else [])
            self.test_points.setData(pos=test_raw, pen=pens, brush=pg.mkBrush(0, 0, 0, 0), size=11)
            # class 0's colour → background → class 1's colour, as pale as the multi-class tints
            stops = _tint(np.array([_rgb(PALETTE[0]), paper(), _rgb(PALETTE[1])]), np.ones(3))
            self._cmap = pg.ColorMap([0.0, 0.5, 1.0], stops.astype(np.ubyte))
            self._set_levels(0.0, 1.0)
        self.test_points.setVisible(d.has_test and self.show_test.isChecked())
        self._fill_legend()
        self._show_output_scale()

    def _classes(self, labels: np.ndarray | None, targets: np.ndarray) -> np.ndarray:
        if labels is not None:
            return labels
        if self.kind == "multiclass":
            return np.argmax(targets, axis=1)
        return (targets[:, 0] >= 0.5).astype(int)

    def _fill_legend(self) -> None:
        """Class colours (classifiers) and the hollow test ring, legible on the map."""
        self.legend.clear()
        d = self.session.dataset
        self._samples = []
        if self.kind != "regression":
            count = max(self.session.spec.layers[-1], 2)
            for c in range(count):
                self._samples.append(pg.ScatterPlotItem(size=10, pen=_rim(),
                                                        brush=pg.mkBrush(PALETTE[c % len(PALETTE)])))
                self.legend.addItem(self._samples[-1], self.tr("class %1").replace("%1", str(c)))
        if d.has_test:
            self._samples.append(pg.ScatterPlotItem(size=11, pen=_rim(TEST_PEN_WIDTH),
                                                    brush=pg.mkBrush(0, 0, 0, 0)))
            self.legend.addItem(self._samples[-1], self.tr("test"))
        restyle_legend(self.legend)
        self.legend.setVisible(bool(self._samples))

    def _show_output_scale(self) -> None:
        self.colorbar.setVisible(self.kind != "multiclass" or self.selected is not None)
        self.colorbar.setColorMap(self._cmap)

    def _show_test_toggled(self, on: bool) -> None:
        self.test_points.setVisible(on and self.session.dataset.has_test)

    def _redraw(self) -> None:
        self.plot.setTitle(self._title())
        restyle_plot(self.plot)
        self._fit_width()
        self._drawn_for = None
        self._refresher.request()

    def _title(self) -> str:
        if self.selected is None:
            return self._output_title()
        layer, neuron = self.selected
        name = display_name(self.session.neuron_label(layer, neuron))
        return self.tr("activation of %1").replace("%1", name)

    def _neuron_chosen(self, layer: int, neuron: int) -> None:
        """Show a neuron's map large; the same one again goes back to the output."""
        self.selected = None if self.selected == (layer, neuron) else (layer, neuron)
        self.neurons.select(self.selected)
        self._redraw()

    def _set_levels(self, low: float, high: float) -> None:
        self._levels = (low, high) if high > low else (low - 0.5, high + 0.5)
        self.colorbar.setLevels(self._levels)

    # -- per cursor position ---------------------------------------------------------------
    def _history_changed(self) -> None:
        self._drawn_for = None

    def refresh(self) -> None:
        """Redraw for the cursor's parameters (steps within an iteration do not change them)."""
        if not self.available or self._drawn_for == self.session.iteration:
            return
        self._drawn_for = self.session.iteration
        self.maps = self.session.hidden_maps(self._grid)
        self.neurons.set_maps(self.session, self.maps, GRID)
        if self.selected is not None:
            colors = self._neuron_colors(*self.selected)
        elif self.kind == "multiclass":
            self.colorbar.setVisible(False)
            colors = self._class_colors(self.maps[-1])
        else:
            self.colorbar.setColorMap(self._cmap)
            colors = self._output_colors(self.maps[-1][:, 0])
        self.image.setImage(colors.reshape(GRID, GRID, 3), levels=(0, 255), rect=self._rect)

    def _neuron_colors(self, layer: int, neuron: int) -> np.ndarray:
        """The thumbnail's colours, as pale as the output map's so the points stay visible."""
        values = self.maps[layer][:, neuron - 1]
        pale = pale_lut(look().colors.background)
        self._set_levels(*layer_levels(self.session, layer, self.maps[layer]))
        self.colorbar.setColorMap(pg.ColorMap(np.linspace(0.0, 1.0, len(pale)), pale))
        self.colorbar.setVisible(True)
        return colorize(values, self._levels, pale)

    def _output_colors(self, values: np.ndarray) -> np.ndarray:
        """One output through the colour scale; NaN or inf (a diverging net) grey."""
        finite = np.isfinite(values)
        discrete = self.discretize.isChecked()
        if self.kind == "regression":
            d = self.session.dataset
            targets = d.targets[:, 0] if not d.has_test else np.concatenate(
                [d.targets[:, 0], d.test_targets[:, 0]])
            shown = np.concatenate([values[finite], targets])
            self._set_levels(float(shown.min()), float(shown.max()))
            self.points.setBrush(self._cmap.map(self._scaled(d.targets[:, 0]), mode="qcolor"))
            if d.has_test:
                self.test_points.setPen([pg.mkPen(c, width=2) for c in self._cmap.map(
                    self._scaled(d.test_targets[:, 0]), mode="qcolor")])
            scaled = self._scaled(np.where(finite, values, self._levels[0]))
            if discrete:
                scaled = (np.minimum(np.floor(scaled * BANDS), BANDS - 1) + 0.5) / BANDS
        else:
            scaled = np.clip(np.where(finite, values, 0.5), 0.0, 1.0)
            if discrete:
                scaled = (scaled >= 0.5).astype(float)
        colors = self._cmap.map(scaled, mode="byte")[:, :3]
        colors[~finite] = NAN_RGB
        return colors

    def _class_colors(self, out: np.ndarray) -> np.ndarray:
        """The winning class's colour, paler the closer the call (when outputs are probabilities);
        discretized: the winner's full colour. A row with NaN or inf is grey."""
        finite = np.isfinite(out).all(axis=1)
        out = np.where(finite[:, None], out, 0.0)
        palette = np.array([_rgb(PALETTE[c % len(PALETTE)]) for c in range(out.shape[1])])
        winner = np.argmax(out, axis=1)
        if self.session.spec.activations[-1] in PROBABILITY_OUTPUTS and not self.discretize.isChecked():
            chance = 1.0 / out.shape[1]
            sure = np.clip((out.max(axis=1) - chance) / (1.0 - chance), 0.0, 1.0)
        else:  # logits, or discretized: the call only
            sure = np.ones(len(out))
        colors = _tint(palette[winner], sure).astype(np.ubyte)
        colors[~finite] = NAN_RGB
        return colors

    def _scaled(self, values: np.ndarray) -> np.ndarray:
        return scaled(values, self._levels)

    # -- export ----------------------------------------------------------------------------
    def export_png(self, path: str) -> bool:
        """The map with its legend and colour bar (the thumbnails stay on screen)."""
        return saved(self, path, lambda temporary: export_png(self.figure.scene(), temporary))

    def _ask_png(self) -> None:
        path = ask_save_path(self, "Save decision map", "decision-map.png", "PNG image (*.png)")
        if path:
            self.export_png(path)
