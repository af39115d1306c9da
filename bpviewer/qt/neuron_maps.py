"""Per-neuron maps, as TensorFlow Playground draws them: each neuron's activation over the
input plane as a small thumbnail, one row per layer (the inputs, then each hidden layer).

The values come from the decision map's one `Session.hidden_maps` call per frame; this
module only colours them: orange for negative, white for 0, blue for positive, on a
scale fixed by the activation (tanh −1..1, sigmoid 0..1) or, for unbounded ones, by the
largest |a| in the layer. Clicking a thumbnail asks for it to be shown large.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from ..core.params import display_name
from ..core.session import Session
from .pacing import Paced
from .plots import FONT_PT, PALETTE, TICK_PT
from .theme import look, readable

THUMB_PX = 64
#: thumbnails use every STRIDE-th lattice point each way: 50 × 50 is plenty for 64 px
STRIDE = 2
COLUMNS = 4  # fits the right dock's default width at 1280 px
NAN_RGB = (190, 190, 190)  # a value that is not a number (a diverging net) shows grey
#: how much of a colour a pale map keeps over the background
BACKGROUND_STRENGTH = 0.55
#: natural ranges of the bounded activations; the others scale to the layer's largest |a|
ACTIVATION_LEVELS = {"tanh": (-1.0, 1.0), "sigmoid": (0.0, 1.0), "softmax": (0.0, 1.0)}


def activation_colormap(middle: np.ndarray) -> pg.ColorMap:
    """Playground's colours: orange below, the background (`middle`, RGB) at the middle,
    blue above."""
    return pg.ColorMap([0.0, 0.5, 1.0], [pg.mkColor(PALETTE[1]), pg.mkColor(*middle.astype(int)),
                                         pg.mkColor(PALETTE[0])])


def _lut() -> np.ndarray:
    middle = np.array(pg.mkColor(look().colors.background).getRgb()[:3])
    return activation_colormap(middle).getLookupTable(nPts=256, mode="byte", alpha=False)


def pale_lut(background: str) -> np.ndarray:
    """The lookup table faded towards `background` (BACKGROUND_STRENGTH of each colour
    kept): under the decision map's points, or a graph neuron's name, they stay legible."""
    ground = np.array(pg.mkColor(background).getRgb()[:3], dtype=float)
    strong = activation_colormap(ground).getLookupTable(nPts=256, mode="byte", alpha=False)
    return (ground + (strong - ground) * BACKGROUND_STRENGTH).astype(np.ubyte)


def plane_lattice(session: Session, grid: int) -> tuple[np.ndarray, QRectF]:
    """grid × grid points over the data's plane (training and held-out rows, padded), as
    (grid², 2) with point [i * grid + j] at (x_i, y_j), and the rectangle their pixels cover."""
    x = session.dataset.raw
    if session.dataset.has_test:
        x = np.vstack([x, session.dataset.test_raw])
    low, high = x.min(axis=0), x.max(axis=0)
    pad = np.maximum(0.15 * (high - low), 0.5)
    low, high = low - pad, high + pad
    xs, ys = (np.linspace(low[d], high[d], grid) for d in range(2))
    gx, gy = np.meshgrid(xs, ys, indexing="ij")
    step = (high - low) / (grid - 1)  # each lattice point is the centre of a pixel
    rect = QRectF(low[0] - step[0] / 2, low[1] - step[1] / 2,
                  high[0] - low[0] + step[0], high[1] - low[1] + step[1])
    return np.stack([gx.ravel(), gy.ravel()], axis=1), rect


def layer_levels(session: Session, layer: int, values: np.ndarray) -> tuple[float, float]:
    """Colour scale of one layer's maps (layer 0: the input features)."""
    if layer > 0 and session.spec.activations[layer - 1] in ACTIVATION_LEVELS:
        return ACTIVATION_LEVELS[session.spec.activations[layer - 1]]
    finite = np.abs(values[np.isfinite(values)])
    top = float(finite.max()) if finite.size else 1.0
    return (-top, top) if top > 0 else (-1.0, 1.0)


def scaled(values: np.ndarray, levels: tuple[float, float]) -> np.ndarray:
    """Finite values → [0, 1] on the scale `levels`; halved first, so that levels near the
    largest float (a diverging net) cannot overflow."""
    low, high = levels[0] / 2, levels[1] / 2
    with np.errstate(all="ignore"):
        out = (values / 2 - low) / (high - low)
    return np.clip(np.nan_to_num(out, nan=0.0), 0.0, 1.0)


def colorize(values: np.ndarray, levels: tuple[float, float], lut: np.ndarray) -> np.ndarray:
    """(n,) values → (n, 3) bytes through a 256-entry lookup table; non-finite are grey."""
    finite = np.isfinite(values)
    index = (scaled(np.where(finite, values, levels[0]), levels) * 255).astype(np.intp)
    rgb = lut[index]
    rgb[~finite] = NAN_RGB
    return rgb


class NeuronThumb(QWidget):
    """One neuron's map, its name under it; a frame when it is the one shown large."""

    clicked = Signal(int, int)

    def __init__(self, layer: int, neuron: int, name: str, paced: Paced | None = None) -> None:
        """paced: the decision map's refresh, charged this thumbnail's repaints while Run trains."""
        super().__init__()
        self.layer, self.neuron, self.name = layer, neuron, name
        self._paced = paced
        self.values = np.zeros(0)
        self.rgb = np.zeros((0, 0, 3), np.ubyte)
        self._image = QImage()
        self.selected = False
        self.setToolTip(self.tr("%1 over the input plane; click to show it large, "
                                   "click again for the output").replace("%1", name))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(THUMB_PX + 4, THUMB_PX + self.fontMetrics().height() + 6)

    def set_map(self, values: np.ndarray, rgb: np.ndarray) -> None:
        """values: the neuron's activation on the lattice; rgb: (grid, grid, 3), [i, j] at (x_i, y_j)."""
        self.values = values
        self.rgb = rgb
        rows = np.ascontiguousarray(rgb.transpose(1, 0, 2)[::-1])  # y up, as on the main map
        self._image = QImage(rows.data, rows.shape[1], rows.shape[0], rows.strides[0],
                             QImage.Format.Format_RGB888).copy()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._paced is None:
            self._paint()
        else:
            self._paced.charged(self._paint)

    def _paint(self) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        square = QRectF(2, 2, THUMB_PX, THUMB_PX)
        if not self._image.isNull():
            painter.drawImage(square, self._image)
        colors = look().colors
        painter.setPen(QPen(QColor(colors.text if self.selected else colors.muted),
                            3 if self.selected else 1))
        painter.drawRect(square)
        painter.setPen(QColor(colors.text))
        painter.drawText(QRectF(0, THUMB_PX + 4, THUMB_PX + 4, self.fontMetrics().height()),
                         Qt.AlignmentFlag.AlignHCenter, self.name)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.layer, self.neuron)


class NeuronMapsStrip(QScrollArea):
    """The thumbnails of every input and hidden neuron, a row of them per layer."""

    #: (layer, neuron) clicked, 1-based neuron
    chosen = Signal(int, int)

    def __init__(self, paced: Paced | None = None, parent: QWidget | None = None) -> None:
        """paced: the decision map's refresh, charged the thumbnails' repaints while Run trains."""
        super().__init__(parent)
        self._paced = paced
        readable(self, TICK_PT)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.thumbs: dict[tuple[int, int], NeuronThumb] = {}
        self._lut = _lut()
        self._panel = QWidget()
        self.setWidget(self._panel)

    def rebuild(self, session: Session) -> None:
        """New thumbnails for a new network: inputs (features) and every hidden layer."""
        self._panel.deleteLater()
        self._panel = QWidget()
        layout = QVBoxLayout(self._panel)
        layout.setContentsMargins(2, 2, 2, 2)
        self.thumbs = {}
        for layer in range(len(session.spec.layers) - 1):
            title = QLabel(self.tr("inputs") if layer == 0 else
                           self.tr("hidden layer %1").replace("%1", str(layer)))
            readable(title, FONT_PT - 1)
            layout.addWidget(title)
            grid = QGridLayout()
            grid.setSpacing(4)
            for j in range(1, session.spec.layers[layer] + 1):
                # h₁,₁ as on the graph: "h1_1" lost its underscore under the caption's clip
                thumb = NeuronThumb(layer, j, display_name(session.neuron_label(layer, j)), self._paced)
                thumb.clicked.connect(self.chosen)
                self.thumbs[(layer, j)] = thumb
                grid.addWidget(thumb, (j - 1) // COLUMNS, (j - 1) % COLUMNS)
            grid.setColumnStretch(COLUMNS, 1)
            layout.addLayout(grid)
        layout.addStretch(1)
        self.setWidget(self._panel)

    def restyle(self) -> None:
        """The next maps in the theme's colours (the decision map redraws them)."""
        self._lut = _lut()

    def set_maps(self, session: Session, maps: list[np.ndarray], grid: int) -> None:
        """maps: Session.hidden_maps of the grid × grid lattice (index 0 the inputs); each
        thumbnail gets its neuron's column on every STRIDE-th lattice point."""
        for layer in range(len(maps) - 1):
            levels = layer_levels(session, layer, maps[layer])
            lattice = maps[layer].reshape(grid, grid, -1)[::STRIDE, ::STRIDE]
            side = lattice.shape[0]
            for j in range(lattice.shape[2]):
                thumb = self.thumbs.get((layer, j + 1))
                if thumb is not None:
                    column = lattice[:, :, j].ravel()
                    thumb.set_map(column, colorize(column, levels, self._lut).reshape(side, side, 3))

    def select(self, key: tuple[int, int] | None) -> None:
        for k, thumb in self.thumbs.items():
            if thumb.selected != (k == key):
                thumb.selected = k == key
                thumb.update()
