"""The network drawn left to right, mirroring the Session at its cursor.

Items are created once per network (`_build`), placed once per network, view size, font
and digits (`_layout`), and on cursor changes only their texts and pens change
(`refresh`; while Run trains, the neurons in view every frame, the rest a few times a
second). Every number comes from the Session and is shown only when
`session.reveal()` allows it, formatted by `core.formula.fmt` at the chain panel's digits.

A layer of at most CROWDED neurons is drawn in full: every neuron's card (net, out, δ),
bias and weight label, each at an anchor reserved for its largest text, so every label
stays visible and in place at every step. Wider layers are compact: one line per neuron,
each bias's value left of its circle where room is left, thin unlabelled edges, and full
labels only for what the step computes or reads (see graph_layout). The graph fills
the view, its text never below MIN_TEXT_PX; a column too tall for that scrolls, and the
view follows the step. Larger Text enlarges the graph too.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from itertools import chain, islice

import numpy as np
from PySide6.QtCore import QLineF, QMetaObject, QPointF, QRectF, QSize, QSizeF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontInfo,
    QFontMetricsF,
    QPainter,
    QPen,
    QPolygonF,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPolygonItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QStyle,
    QWidget,
)

from ..core.formula import fmt, telling_precision
from ..core.params import ParamRef, display_name
from ..core.steps import Step
from .bridge import SessionBridge
from .graph_index import GridIndex, hits_any, in_strip, inside, inside_all, overlapping
from .graph_items import CENTER, LEFT, TOP, TOP_LEFT, EdgeBundle, TextBox, opaque
from .graph_layout import any_crosses, centred, crosses, nearest, place_dense, place_small
from .graph_maps import GraphMaps
from .pacing import Paced
from .step_animation import StepAnimation
from .theme import LIGHT, Colors

PARAM = 0  # QGraphicsItem.data key: the parameter index a double-click edits
MAX_FIT = 1.8  # a small network may be drawn larger than life, not without bound
MIN_TEXT_PX = 11.0  # the graph's text is never drawn smaller (a wide network scrolls)
SMALL_TEXT_PX = 11.0  # a small network: every label in view, none smaller either
ZOOM_STEP = 1.15
MARGIN = 10.0
LOSS_GAP = 14.0  # between the output layer and its loss terms
CROWDED = 4  # a layer with more neurons is drawn compact
RADIUS_LINES = 1.2  # a neuron's radius in lines of text
COMPACT_GAP = 2.0  # between one compact neuron's line and the next's
NAME_SHRINK = 1 / 1.1  # a long neuron name shrinks to the values' size, no smaller
DENSE_CAP = 40  # labels tried per dense weight layer and step
NUDGES = (0.0, 0.3, -0.3, 0.5, -0.5)  # a compact bias's moves off its row, in its heights
BIAS_GAP = 0.6  # the least gap between a compact bias off the step and a card, in lines
TINT_FROM = 500  # a step marking more of a layer's edges tints their band, draws the labelled ones
TINT_ALPHA = 60  # ... in the mark's colour at this opacity
STEPS_KEPT = 64  # steps whose keys are kept as sets (_keys_of)
TEXTS_KEPT = 100_000  # numbers kept written out (_num)
SEARCHES_KEPT = 500  # small layers' repair searches kept (_searched)
#: while Run trains, whole-graph refreshes (and their repaints) take at most this share of
#: the time (with the training due for it, twice that): phone-price's, ~0.1 s with its
#: 32,768 edges drawn again, at 15 % held its frames under 30 a second, at 10 % ~3 a
#: second took ~22 % of Run (its edges and biases now follow about once a second)
RUN_SHARE = 0.05
SLACK = 8.0  # view pixels the layout leaves free, and the resize it ignores
ROW_GAP = 10.0  # between one neuron's slots and the next's
#: a wide network whose tallest column would scroll at the least text: (ROW_GAP, MARGIN)
#: tried in turn, the first that fits the view's height kept (phone-price-mini in a
#: maximized window on a 1024×768 projector, 1024×700: its four outputs, each card, bias
#: and loss term, stood 9–12 px taller than the view, which scrolled: its top rows' read
#: weights off the view, its scroll bar's width taken from the gaps' room for b₂'s names)
TIGHT = ((6.0, MARGIN), (6.0, 6.0), (4.0, 4.0), (2.0, 4.0), (2.0, 2.0))
BAND = 0.4  # least gap between full layers, in labels: a label may reach over a column
DENSE_LEAST = 0.4  # a dense gap may narrow to this share to spare the view a scroll bar
BAND_DENSE = 0.85  # ... between layers with a compact one: its labels take one line
SPREAD = 1.0  # the most width a layer gap gains from a wide view, in labels per label it holds
SHRINK = 0.93  # a layout whose labels found no room is tried this much smaller
ATTEMPTS = 8  # layouts tried, each with more room, until every small layer's label fits
#: at the least text, where more room would scroll: the heights tried, in shares of the
#: view's SLACK (less 2 px) taller than the room (a layout's labels may find room in one
#: a few pixels taller: xor in Chinese at 1024×700 placed every label in 460 px, not 459.6)
FLOOR_ROOM = (0.0, 0.5, 1.0)
#: how a layout placed its small layers' labels: one found no room, one sits beside its
#: edge (on a leader), one covers a crossing of its edge (reads as the other's), those
#: that would cover one kept beside their edges instead (_anchor_small's AVOID), all well
MISSING, BESIDE, CROSSED, LED, ON_EDGES = range(5)
AVOID = ("avoid",)  # _anchor_small's last repair: the labels over crossings first, off them
SETTLE_MS = 150  # a resize lays out again once the size has been still this long
BESIDE_SHRINK = 0.8  # the least scale tried to put a label well, of the first that fits
WIDEST = (-0.123456789, -1.23456789e-5)  # the widest numbers a label reserves room for
ROW_PAD = 3.0  # between a compact row's card or dot and a step's label beside it
EDGE_CLEAR = 4.0  # a bias label's least distance from an edge's centre line (a thick pen's half)
#: how a compact bias off the step is named, most room first: "b₂,₁ 0.01"; "b 0.01", its
#: row's neuron saying which (as a card's "out 0.96" does); its value alone, the last resort
NAMED, SHORT, BARE = 2, 1, 0
#: where a compact bias off the step is tried: left of its dot, right of its card, or in
#: its row past what takes that place (PAST_TRIES moves at most)
LEFT_OF, BY_CARD, PAST = range(3)
PAST_TRIES = 2


def widest(values: np.ndarray, precision: int) -> list[str]:
    """The numbers of a data set's column(s) as fmt writes them that may be the widest:
    each distinct value of a few (0, 1, 0.05), else the extremes in full and the smallest
    magnitudes (written in scientific form)."""
    v = np.unique(np.asarray(values, float))
    if len(v) <= 64:
        return [fmt(float(x), precision) for x in v] or ["0"]
    small = v[np.argsort(np.abs(v))[:4]]
    return [f"{float(x):.{precision}f}".replace("-", "−") for x in (v[0], v[-1])] \
        + [fmt(float(x), precision) for x in (v[0], v[-1], *small)]


def changed_pair(before: float, after: float, precision: int) -> tuple[str, str]:
    """before and after at `precision`, or at more digits when an update too small for
    them would otherwise read as no change (as the chain panel writes them)."""
    p = telling_precision(before, after, precision)
    return fmt(before, p), fmt(after, p)


def _given_up(bands: list[float], least: list[float], excess: float) -> list[float] | None:
    """The gaps `excess` narrower in all, each giving up its spare over `least` in
    proportion; None where their spare is short of it."""
    spare = sum(b - r for b, r in zip(bands, least, strict=True))
    if spare < excess:
        return None
    return [b - (b - r) * excess / spare if spare else b for b, r in zip(bands, least, strict=True)]


def _between(a: QRectF, b: QRectF) -> QLineF:
    """The part of the line between the centres of a and b that is outside both."""
    def leaving(box: QRectF, toward: QPointF) -> QPointF:
        c = box.center()
        d = toward - c
        s = min(box.width() / 2 / abs(d.x()) if d.x() else 1.0,
                box.height() / 2 / abs(d.y()) if d.y() else 1.0, 1.0)
        return c + d * s

    return QLineF(leaving(a, b.center()), leaving(b, a.center()))


@dataclass
class _Neuron:
    layer: int
    index: int
    circle: QGraphicsEllipseItem
    name: QGraphicsSimpleTextItem
    values: TextBox
    bias: TextBox | None = None
    loss: TextBox | None = None
    center: QPointF = field(default_factory=QPointF)
    style: tuple = ()  # (mark, colours) the circle was last drawn with
    drawn: tuple = ()  # what its card was last drawn from (_refresh_neuron)
    bias_drawn: tuple = ()  # ... and its bias
    card_x: float = 0.0  # the left of its card's slot
    placed: tuple = ()  # (epoch, left of its dot, height) its compact card was placed for
    #: (epoch, updated) its compact bias off the step was named for, its lines and box there
    named: tuple = ()
    begin: float = 0.0  # how far right of its centre its outgoing edges start
    #: its keys in a step's focus, reads and reveals, made once (a click reads ~400 of them)
    key: tuple = ()
    forward_key: tuple = ()
    delta_key: tuple = ()
    compact: bool = False
    bias_ref: ParamRef | None = None


@dataclass
class _Band:
    """One weight layer: its refs in flat order (to-major), edges and labels."""

    layer: int
    refs: list[ParamRef]
    first: int  # flat index of refs[0]; refs are consecutive
    dense: bool
    bundle: EdgeBundle  # every edge, by its weight (cached: changes once an iteration)
    marked: EdgeBundle  # the step's edges, on top
    labels: list[TextBox]  # one per edge, or a pool of DENSE_CAP for a dense layer
    leaders: EdgeBundle  # from a label set beside its edge (no room on it) to the edge
    segments: list[QLineF] = field(default_factory=list)  # where a label may sit
    anchors: list[QPointF | None] = field(default_factory=list)
    ends: np.ndarray = field(default_factory=lambda: np.zeros((0, 4)))  # each edge's x1 y1 x2 y2
    shown: dict[int, int] = field(default_factory=dict)  # pool box -> edge (dense)
    ends_at: tuple[np.ndarray, np.ndarray] = ()  # each edge's source, and its target
    tint: QGraphicsPolygonItem | None = None  # under a step's marks too many to draw (_tint)
    #: per step (id of its marked parameters, _keys_of's): (those, its marks, its tint's
    #: polygon or None): a phase step of phone-price marks 33,000 weights (~0.2 ms a band
    #: each time the marks were made, ~0.5 ms the tint)
    marks_of: dict[int, tuple] = field(default_factory=dict)


@dataclass
class _Geometry:
    """Sizes derived from the font and the digits, so the layout follows both."""

    radius: float
    line: float
    radii: list[float]  # per layer: its circles' radius (a compact layer's are dots)
    names: list[float]  # per layer: the room for a name beside its dot (0: inside the circle)
    value_w: list[float]  # per layer: the widest card
    weight: QSizeF  # a full layer's weight label at its largest
    bias: QSizeF  # a bias label at its largest
    loss: QSizeF  # an output's target and loss term
    total: QSizeF  # the batch's E (and, for several samples, that it sums them all)
    bands: list[float]  # least gap between a layer and the next, for the labels between
    row: float  # a compact row's read label beside its card or dot, with room either side
    named: list[float]  # per gap: a compact bias's line, named, with its gaps (0: before a full layer)
    held: list[float]  # per gap: what it was widened by to hold it
    row_gap: float = ROW_GAP  # between a full layer's neurons' slots (_tighter)
    margin: float = MARGIN  # around the graph (_tighter)

    @property
    def one(self) -> float:
        """The height of a one-line box."""
        return self.line + 2 * TextBox.PAD


class NetworkView(QGraphicsView):
    """paramActivated(index): the user double-clicked a weight's edge or label or a bias."""

    paramActivated = Signal(int)

    def __init__(self, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.session = bridge.session
        self.colors = LIGHT
        self.precision = 6
        self._zoom = 1.0  # the user's graph zoom (Ctrl+wheel)
        self._text_zoom = 1.0  # the window's text size, relative to normal
        self._scale = 1.0
        self._line = 16.0  # the text's line height, for the spatial indexes' cells
        self._laid_out_for: tuple = ()
        #: a hidden view lays out when shown: before that its font is not yet the window's
        self._pending = False
        self._defer = False  # see defer_layout_to_show
        self._queued = False  # that layout is on its way
        #: resizes in a row (a dock splitter or the window dragged) scale what is laid out
        #: and lay out once, SETTLE_MS after the last: a layout took xor 25-265 ms a move
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self._lay_out_settled)
        self._loss_beside = False  # the output layer's loss terms right of its cards
        #: the total E right of the last output's loss term, not under it (a wide network's
        #: loss terms below the outputs then fit the height: spiral's input gap got its width)
        self._total_beside = False
        self._cleared = False  # the last layout started an edge past a card to clear a bias
        self._neurons: dict[tuple[int, int], _Neuron] = {}
        self._bands: list[_Band] = []
        self._built_shape: tuple = ()
        self._total: TextBox | None = None
        self._pens: dict[int, np.ndarray] = {}  # per band: the code of each edge's pen
        self._step_keys: dict[int, tuple] = {}  # id(step.reads) -> (its keys ...): _keys_of
        self._fixed_boxes: GridIndex | None = None  # _fixed's, until the next _arrange
        #: what every card shows besides the step's keys (record, sample, digits, colours,
        #: layout): a card whose keys and epoch are as last drawn is left as it is
        self._context: tuple | None = None
        self._epoch = 0
        self._texts: dict[float, str] = {}  # _num's, at self.precision
        self._circle_styles: dict[tuple, tuple[QBrush, QPen]] = {}  # _circle_style's
        self._later = False  # see _refresh_neurons
        self._apart: tuple[np.ndarray, bool] | None = None  # _fit_all_left's biases, whether two overlap
        self._charge_paint = False  # the next repaint follows a whole refresh while running
        #: the last whole refresh, while Run trained, left the cards out of view as they were
        #: and the view where it was (scrolling to the step drew phone-price's 32,768 edges
        #: and every label come into view afresh: ~0.1 s, a first Run's longest gap)
        self._behind = False
        self._anchor: _Neuron | None = None  # the neuron the view follows (_focus_anchor)
        self._marked_biases: list[TextBox] = []  # compact biases the step marks, shown
        self._yielded: list[_Neuron] = []  # compact neurons whose cards hide under the step's labels
        self.placement_tests = 0  # rectangle comparisons of the last layout (for tests)
        #: the small layers' repair searches by what they were given (graph_layout.place_small):
        #: a layout asks the same one again at each try, a dock-splitter drag at each size it revisits
        self._searched: dict = {}
        self._spans_of: tuple = (None, None, [])  # _spans's (geometry, loss side, spans)
        self.setScene(QGraphicsScene(self))
        self.scene().setItemIndexMethod(QGraphicsScene.NoIndex)
        self.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
        self.setDragMode(QGraphicsView.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.AnchorViewCenter)
        # a status line a few pixels taller must not shift the graph: hang it from the top
        self.setAlignment(Qt.AlignTop | Qt.AlignHCenter)
        self.paced = Paced(bridge, self._refresh_all, self, share=RUN_SHARE)
        self.animation = StepAnimation(self)  # a click's dots along its edges
        self.maps = GraphMaps(self)  # Playground's maps inside the circles (View ▸ Neuron Maps)
        bridge.networkChanged.connect(self._build)
        bridge.cursorChanged.connect(self.refresh)
        bridge.runningChanged.connect(self._running_changed)
        self._build()

    # -- public --------------------------------------------------------------------------
    def set_colors(self, colors: Colors) -> None:
        self.colors = colors
        self.setBackgroundBrush(QBrush(QColor(colors.background)))
        self._restyle()
        self.refresh()

    def set_precision(self, precision: int) -> None:
        """The chain panel's digits: graph and panel show a number alike."""
        self.precision = precision
        self._texts.clear()
        self._restyle()
        self.refresh()

    def set_text_zoom(self, zoom: float) -> None:
        """The window's Larger/Smaller Text factor: the graph's text follows it."""
        self._text_zoom = zoom
        self._laid_out_for = ()
        self._layout()
        self.refresh()

    def label_texts(self) -> dict[str, str]:
        """What each item shows, by name: neurons (h1), weights (w5), biases (b1_1),
        loss terms (E_o1) and the total (E) — for tests and the shot's checks."""
        self.catch_up()
        texts = {self.session.neuron_label(n.layer, n.index): n.values.text()
                 for n in self._neurons.values()}
        for n in self._neurons.values():
            if n.bias is not None and n.bias.isVisible():
                texts[n.bias.param] = n.bias.text()
            if n.loss is not None:
                texts[f"E_{self.session.neuron_label(n.layer, n.index)}"] = n.loss.text()
        for band in self._bands:
            for box in band.labels:
                if box.isVisible() and box.param:
                    texts[box.param] = box.text()
        if self._total is not None:
            texts["E"] = self._total.text()
        return texts

    def text_items(self) -> list[tuple[QGraphicsSimpleTextItem | TextBox, str, str | None,
                                       tuple | None]]:
        """Every text item the graph holds, hidden ones too: (item, kind, param name,
        focus key) — what `bpviewer shot --labels` reports."""
        self.catch_up()
        items: list = []
        for n in self._neurons.values():
            key = ("neuron", n.layer, n.index)
            items += [(n.name, "neuron", None, key), (n.values, "neuron", None, key)]
            if n.bias is not None:
                items.append((n.bias, "bias", n.bias.param, n.bias.key))
            if n.loss is not None:
                items.append((n.loss, "loss", None, n.loss.key))
        for band in self._bands:
            items += [(box, "weight", box.param, box.key) for box in band.labels]
        if self._total is not None:
            items.append((self._total, "loss", None, ("loss",)))
        return items

    def edge_lines(self) -> list[QLineF]:
        """Every edge as drawn, and the stubs joining circles to edges that start past a
        card (scene coordinates) — for tests."""
        self.catch_up()
        return [b.bundle.line(i) for b in self._bands for i in range(len(b.refs))] \
            + [self._stubs.line(i) for i in range(self._stubs.count())]

    def small_edges(self) -> list[tuple[str, QLineF]]:
        """The small weight layers' edges as drawn (scene coordinates), each with its
        weight's name — what `bpviewer shot --labels` reports for the crossings check."""
        self.catch_up()
        return [(box.param, b.bundle.line(i)) for b in self._bands if not b.dense
                for i, box in enumerate(b.labels)]

    def is_marked(self, key: tuple | None) -> bool:
        """Whether the step at the cursor computes or reads `key` (its keys as kept sets: a
        phase step of phone-price names ~33,000, a tuple scanned for each of ~700 labels)."""
        focus, reads, *_ = self._keys_of(self.session.step)
        return key is not None and (key in focus or key in reads)

    def step_edges(self, cap: int) -> dict[int, list[QLineF]]:
        """The drawn lines of the weights the step drawn reads or computes, by weight layer,
        at most `cap` a layer: those whose labels show first, then others spread over it."""
        edges = {}
        for band in self._bands:
            marked = np.flatnonzero(self._marks(band))
            if len(marked) > cap:
                labelled = np.zeros(len(band.refs), bool)
                labelled[[box.key[1] - band.first for box in band.labels
                          if box.isVisible() and box.key]] = True
                first, rest = marked[labelled[marked]][:cap], marked[~labelled[marked]]
                spread = np.linspace(0, len(rest) - 1, cap - len(first)).round().astype(np.intp)
                marked = np.concatenate([first, rest[spread]])
            if len(marked):
                edges[band.layer] = [self._past_card(band, int(i)) for i in marked]
        return edges

    def loss_paths(self) -> list[list[QLineF]]:
        """The lines a loss step's values travel, in order: from each output it computes (its
        card, where it shows out) to its loss term, then from every term to the total E;
        each from box edge to box edge."""
        step = self.session.step
        focus = set(step.focus) if step is not None else set()
        outputs = [n for n in self._neurons.values()
                   if n.loss is not None and n.loss.isVisible() and n.loss.has_text()]
        groups = [[_between(self._value_box(n), n.loss.box()) for n in outputs
                   if ("output", n.index) in focus]]
        total = self._total
        if ("loss",) in focus and total is not None and total.isVisible():
            groups.append([_between(n.loss.box(), total.box()) for n in outputs])
        return [group for group in groups if group]

    @staticmethod
    def _value_box(n: _Neuron) -> QRectF:
        card = n.values
        return card.box() if card.isVisible() and card.has_text() else n.circle.sceneBoundingRect()

    def _past_card(self, band: _Band, i: int) -> QLineF:
        """Edge i of `band` from where it leaves its source's card: the part in view."""
        line = band.bundle.line(i)
        card = self._neurons[(band.layer - 1, band.refs[i].source)].values
        box = card.box()
        if not (card.isVisible() and card.has_text() and box.top() <= line.y1() <= box.bottom()):
            return line
        t = (box.right() - line.x1()) / max(line.dx(), 1.0)
        return QLineF(line.pointAt(min(max(t, 0.0), 0.9)), line.p2())

    def fit_width(self, height: float) -> float:
        """The narrowest view, `height` pixels tall, that shows the whole graph with its text
        at the floor (a lesson gives a dock beside the graph what is left), with one
        layout attempt's margin for labels that need more room."""
        if not self._neurons:
            return 0.0
        g, way = self._geometry(), (self._loss_beside, self._total_beside)
        px = QFontInfo(self.font()).pixelSize() or 16
        wide = max(self.session.spec.layers) > CROWDED
        floor = MIN_TEXT_PX if wide else SMALL_TEXT_PX
        scale = floor / px / SHRINK
        widths = []
        for self._loss_beside, self._total_beside in ((False, False), (True, False), (False, wide)):
            w0, h0 = self._extent(g, g.bands, 1.0).size().toTuple()
            if h0 * scale <= height - SLACK - 2:
                widths.append(w0 * scale)
        self._loss_beside, self._total_beside = way
        return min(widths, default=float(self.width())) + SLACK + 2

    def zoom_by(self, factor: float) -> None:
        self._zoom = min(max(self._zoom * factor, 0.2), 8.0)
        self._apply_scale()

    def zoom_fit(self) -> None:
        self._zoom = 1.0
        self._apply_scale()

    # -- building (once per network) ----------------------------------------------------
    def _shape(self) -> tuple:
        return tuple(self.session.spec.layers), tuple(self.session.spec.features or ())

    def _stale(self) -> bool:
        """The Session has a new shape whose networkChanged has not arrived yet (a resize
        or a repaint came first): build for it now rather than index the old items."""
        if self._neurons and self._built_shape != self._shape():
            self._build()
            return True
        return False

    def _build(self) -> None:
        self.animation.stop()
        scene = self.scene()
        scene.clear()
        s = self.session
        self._built_shape = self._shape()
        self._laid_out_for = ()
        self._pens.clear()
        self._fixed_boxes = self._context = None
        layers = s.spec.layers
        self._neurons.clear()
        last = len(layers) - 1
        for l, width in enumerate(layers):
            for j in range(1, width + 1):
                circle = scene.addEllipse(QRectF())
                circle.setZValue(2)
                name = QGraphicsSimpleTextItem(display_name(s.neuron_label(l, j)), circle)
                n = _Neuron(l, j, circle, name, self._box(LEFT, "neuron"), key=("neuron", l, j),
                            forward_key=("forward", l, j), delta_key=("delta", l, j),
                            compact=width > CROWDED)
                if l:
                    ref = n.bias_ref = s.params.ref("bias", l, j)
                    n.bias = self._box(TOP_LEFT, "bias", ref.name, ("param", ref.index))
                    n.bias.setData(PARAM, ref.index)
                if l == last:
                    n.loss = self._box(TOP_LEFT, "loss", None, ("output", j))
                self._neurons[(l, j)] = n
        self.maps.rebuild({k: n.circle for k, n in self._neurons.items() if not self._compact(k[0])})
        self._bands = []
        for l in range(1, len(layers)):
            refs = [r for r in s.params.refs if r.kind == "weight" and r.layer == l]
            dense = max(layers[l - 1], layers[l]) > CROWDED
            bundle, marked = EdgeBundle(), EdgeBundle()
            marked.setZValue(1)
            scene.addItem(bundle)
            scene.addItem(marked)
            labels = [self._box(CENTER if dense else TOP, "weight")
                      for _ in range(DENSE_CAP if dense else len(refs))]
            if not dense:
                for box, ref in zip(labels, refs, strict=True):
                    box.param, box.key = ref.name, ("param", ref.index)
                    box.setData(PARAM, ref.index)
            leaders = EdgeBundle()
            leaders.setZValue(1)
            scene.addItem(leaders)
            ends_at = (np.array([r.source for r in refs]), np.array([r.to for r in refs]))
            tint = scene.addPolygon(QPolygonF(), QPen(Qt.NoPen))
            tint.setZValue(0.5)
            tint.setVisible(False)
            self._bands.append(_Band(l, refs, refs[0].index, dense, bundle, marked, labels, leaders,
                                     ends_at=ends_at, tint=tint))
        self._total = self._box(TOP_LEFT, "loss")
        self._stubs = EdgeBundle()
        scene.addItem(self._stubs)
        self._restyle()
        self.refresh()

    def _box(self, anchor: tuple[float, float], kind: str, param: str | None = None,
             key: tuple | None = None) -> TextBox:
        box = TextBox(self.colors, anchor, kind, param, key)
        box.setZValue(3)
        self.scene().addItem(box)
        return box

    def _boxes(self) -> list[TextBox]:
        return [b for n in self._neurons.values() for b in (n.values, n.bias, n.loss) if b] \
            + [b for band in self._bands for b in band.labels] + [self._total]

    def _running_changed(self, running: bool) -> None:
        # while Run trains, Qt does not save and restore the painter around each item it
        # draws (the items set what they use; a frame's refresh and repaint, CPU median of
        # 200 interleaved: phone-price 11.1 → 10.5 ms, spiral 5.8 → 5.3; pixels the same)
        self.setOptimizationFlag(QGraphicsView.DontSavePainterState, running)
        self._cache_boxes(running)
        for band in self._bands:  # a dense layer's new pens drawn over its last picture
            band.bundle.set_running(running)
        if not running and self._behind:  # a whole refresh while running left cards out, unfollowed
            self.paced()

    def _cache_boxes(self, running: bool) -> None:
        """While Run trains, Qt keeps a picture of each label but the neurons' cards and
        draws it again only when the label changes: a frame changes the cards in view, and
        their repaint drew every label it touched again (spiral: 113 boxes, 10 → 3.6 ms a
        frame). A card changes every frame: drawn into its picture and the picture drawn,
        it cost more than drawn directly (a frame's refresh and repaint, CPU: phone-price
        12.2 → 11.5 ms, phone-price-mini 8.1 → 7.0, spiral 5.7 → 4.9). Stopped, labels
        draw directly (an SVG export keeps text as text)."""
        if self._total is not None:
            mode = QGraphicsItem.DeviceCoordinateCache if running else QGraphicsItem.NoCache
            cards = {id(n.values) for n in self._neurons.values()}
            for box in self._boxes():
                if id(box) not in cards:
                    box.setCacheMode(mode)

    def _restyle(self) -> None:
        """Fonts, colours or digits changed: restyle every item and lay out again."""
        if self._total is None:
            return
        font = QFont(self.font())
        for box in self._boxes():
            box.set_style(font, self.colors)
        bold = self._name_font()
        for n in self._neurons.values():
            n.name.setFont(bold)
            n.name.setBrush(QColor(self.colors.text))
        self._context = None
        self._laid_out_for = ()
        self._layout()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.FontChange and self._total is not None:
            self._restyle()
            self.refresh()

    # -- geometry ------------------------------------------------------------------------
    def _compact(self, l: int) -> bool:
        return self.session.spec.layers[l] > CROWDED

    def _names_width(self, font: QFont, layer: int | None = None) -> float:
        """The widest name inside a full layer's circle (layer None), or of `layer`."""
        m = QFontMetricsF(font)
        return max((m.horizontalAdvance(n.name.text()) for n in self._neurons.values()
                    if (n.layer == layer if layer is not None else not self._compact(n.layer))),
                   default=0.0)

    def _name_font(self) -> QFont:
        """Bold, a little larger than the values; long names (h2₁₆) shrink, down to
        NAME_SHRINK, to fit a circle sized for the values rather than widen every circle."""
        bold = QFont(self.font())
        bold.setBold(True)
        bold.setPointSizeF(self.font().pointSizeF() * 1.1)
        room = 2 * QFontMetricsF(self.font()).lineSpacing() * RADIUS_LINES - 8
        shrink = min(1.0, max(room / max(self._names_width(bold), 1.0), NAME_SHRINK))
        bold.setPointSizeF(bold.pointSizeF() * shrink)
        return bold

    def _geometry(self) -> _Geometry:
        m = QFontMetricsF(self.font())
        line, pad = m.lineSpacing(), TextBox.PAD
        radius = max(line * RADIUS_LINES, self._names_width(self._name_font()) / 2 + 4)
        num = max((fmt(x, self.precision) for x in WIDEST), key=m.horizontalAdvance)
        # a wide network's inputs and targets reserve the room their data needs (its
        # gaps need every pixel); a small one's keep room for any number
        data, wide = self.session.dataset, max(self.session.spec.layers) > CROWDED
        inputs, targets = (max(widest(v, self.precision), key=m.horizontalAdvance) if wide else num
                           for v in (data.inputs, data.targets))
        term = max((fmt(-x if wide else x, self.precision) for x in WIDEST),  # a loss term: ≥ 0
                   key=m.horizontalAdvance)

        def width(*texts: str) -> float:
            return max(m.horizontalAdvance(t) for t in texts) + 2 * pad

        refs = self.session.params.refs
        wname = max((r.name for r in refs if r.kind == "weight"), key=len)
        bname = display_name(max((r.name for r in refs if r.kind == "bias"), key=len))
        weight = QSizeF(width(f"{wname} {num}", f"∂E/∂{wname}", f"→ {num}"), 3 * line + 2 * pad)
        bias = QSizeF(width(f"{bname} {num}", f"∂E/∂{bname} {num}"), 2 * line + 2 * pad)
        layers = self.session.spec.layers
        value_w = [width(inputs if l == 0 else f"out {num}") for l in range(len(layers))]
        # dense layers' step labels take one line; their gaps share the room by edges
        dense = {l: self._need(l) for l in range(1, len(layers)) if max(layers[l - 1], layers[l]) > CROWDED}
        share = width(f"{wname} {num}") * BAND_DENSE * len(dense) / max(sum(dense.values()), 1)
        base = width(f"{wname} {num}") * BAND_DENSE
        bands = [max(share * dense[l], base / 2) if l in dense else weight.width() * BAND
                 for l in range(1, len(layers))]
        # a compact layer: a dot, its name beside it, its one-line card: one line a neuron
        dot = (line + 2 * pad) / 2 - 2
        bold = self._name_font()
        compact = [self._compact(l) for l in range(len(layers))]
        # a compact layer's biases sit left of its dots, beside the cards (or an input's
        # circle) before them: its gap holds them named (circles named no b₁,₃, b₁,₆)
        named = [width(f"{bname} {num}") + 3 + (BIAS_GAP * line if compact[l] else 2 * pad) if compact[l + 1]
                 else 0.0 for l in range(len(bands))]
        held = [max(n - b, 0.0) for n, b in zip(named, bands, strict=True)]
        bands = [b + h for b, h in zip(bands, held, strict=True)]
        radii = [dot if c else radius for c in compact]
        names = [self._names_width(bold, l) + 2 if c else 0.0 for l, c in enumerate(compact)]
        # an output's target (the data's widest) and its loss term (never negative)
        loss = QSizeF(width(self._target_text(targets), f"{display_name('E_o1')} {term}"), 2 * line + 2 * pad)
        total = [f"E {term}"] + ([self._samples_text()] if self._batched() else [])
        return _Geometry(radius, line, radii, names, value_w, weight, bias, loss,
                         QSizeF(width(*total), len(total) * line + 2 * pad), bands,
                         width(num) + 2 * ROW_PAD + 1, named, held)

    # -- layout (on build, resize, font, digits and text zoom changes) -------------------
    def _room(self) -> tuple[float, float]:
        """The size to lay out for: the view without scroll bars (their coming and going
        never lays the graph out again), less SLACK, and the one laid out for as long as
        the view stays within SLACK of it — a status line a few pixels taller must not
        move every label."""
        r = self.contentsRect()
        w, h = max(r.width() - SLACK, 100.0), max(r.height() - SLACK, 100.0)
        if self._laid_out_for:
            lw, lh = self._laid_out_for[:2]
            if abs(lw - w) <= SLACK and abs(lh - h) <= SLACK:
                return lw, lh
        return w, h

    def _layout(self) -> None:
        """Every item's place: the graph fills the view at the largest scale (≤ MAX_FIT)
        at which its smallest layout fits, its text never under MIN_TEXT_PX (SMALL_TEXT_PX
        for a small network, which must not scroll); where a small layer's labels do not
        all find room, the layout gets more room (a smaller scale) and tries again, as it
        does, down to BESIDE_SHRINK, where one sits beside its edge on a leader (or
        over a crossing) in the best layout found."""
        if not self._neurons:
            return
        if not self.isVisible():
            self._pending = True
            return
        self._pending = False
        vw, vh = self._room()
        key = (vw, vh, self.font().toString(), self.precision, self._text_zoom, self._shape())
        if key == self._laid_out_for:
            return
        self._laid_out_for = key
        g = self._geometry()
        self._line = g.line
        tz = self._text_zoom
        px = QFontInfo(self.font()).pixelSize() or 16
        floor = MIN_TEXT_PX if max(self.session.spec.layers) > CROWDED else SMALL_TEXT_PX
        layers = self.session.spec.layers
        narrowing = sum(b for l, b in enumerate(g.bands) if max(layers[l:l + 2]) > CROWDED) \
            * (1 - DENSE_LEAST)

        def fit(beside: bool, total_beside: bool) -> tuple[float, float, float, int, int]:
            """(−the scroll it would need, its scale, −the width it must narrow by, below
            first, the total under the last output first): the loss terms below the outputs
            or beside them, whichever scrolls least, then draws larger, then narrows least."""
            self._loss_beside, self._total_beside = beside, total_beside
            w0, h0 = self._extent(g, g.bands, 1.0).size().toTuple()
            scale = max(min(vw * tz / w0, vh * tz / h0, MAX_FIT), floor / px)
            # a pixel over the height is not a scroll (as below: the view keeps SLACK)
            over = max(h0 * scale - vh * tz - 1, 0.0) + max((w0 - narrowing) * scale - vw * tz, 0.0)
            return -over, scale, -max(w0 * scale - vw * tz, 0.0), -beside, -total_beside

        ways = [(False, False), (True, False)] + [(False, True)] * (max(layers) > CROWDED)
        self._loss_beside, self._total_beside = max(ways, key=lambda way: fit(*way))
        w0, h0 = self._extent(g, g.bands, 1.0).size().toTuple()
        scale = max(min(vw * tz / w0, vh * tz / h0, MAX_FIT), floor / px)
        if h0 * scale > vh * tz + 1 and tz <= 1 and max(layers) > CROWDED:
            g = self._tighter(g, (vh * tz + 1) / scale)
            w0, h0 = self._extent(g, g.bands, 1.0).size().toTuple()
            scale = max(min(vw * tz / w0, vh * tz / h0, MAX_FIT), floor / px)
        if h0 * scale > vh * tz + 1:  # it scrolls down: the scroll bar takes its width of the room
            vw -= self.style().pixelMetric(QStyle.PM_ScrollBarExtent, None, self)
            scale = max(min(vw * tz / w0, vh * tz / h0, MAX_FIT), floor / px)
        if w0 > vw / scale and tz <= 1:  # too wide even at the least text: narrower gaps
            g.bands = self._narrowed(g, w0 - vw / scale)
            w0 = self._extent(g, g.bands, 1.0).width()
        elif sum(g.held) and tz <= 1:  # the room held for biases' names: from the gaps' spare, then the text
            spare = sum(b - r for b, r in zip(g.bands, self._least(g, g.bands), strict=True))
            g.bands = self._narrowed(g, min(sum(g.held), spare))
            w0 = self._extent(g, g.bands, 1.0).width()
            scale = max(min(vw * tz / w0, vh * tz / h0, MAX_FIT), floor / px)
        self.placement_tests = 0
        first = scale
        for clear in (True, False):  # biases off the edges, unless the labels then need a scroll bar
            scale, room = first, QSizeF(max(vw / first, w0), max(vh / first, h0))
            #: the first layout with every label placed, the best of those (BESIDE, CROSSED, LED)
            fair: tuple[float, QSizeF] | None = None
            best: tuple[tuple[int, ...], float, QSizeF] | None = None
            grown = False
            for attempt in range(ATTEMPTS):
                placed = self._arrange(g, room, clear)
                smaller = tz <= 1 and scale * px > floor + 0.01
                if placed[0] == MISSING and not smaller and (not clear or not self._cleared):
                    # more room would scroll (and this is the last pass): labels farther off first,
                    for more in FLOOR_ROOM:  # in this room, then in the view's SLACK (no scroll bar yet)
                        tried = QSizeF(room.width(), room.height() + more * (SLACK - 2) / scale)
                        placed = self._arrange(g, tried, clear, farther=True)
                        if placed[0] != MISSING:
                            room = tried
                            break
                if placed[0] == ON_EDGES or attempt == ATTEMPTS - 1:
                    break
                if placed[0] != MISSING:  # a little smaller may place it well; else keep the best
                    fair = fair or (scale, room)
                    if best is None or placed > best[0]:
                        best = (placed, scale, room)
                    if not smaller or scale < fair[0] * BESIDE_SHRINK:
                        if best[1:] != (scale, room):  # else the best is the one laid out
                            placed, scale, room = best
                            self._arrange(g, room, clear)
                        break
                if smaller:
                    scale = max(scale * SHRINK, floor / px)
                    room = QSizeF(max(vw / scale, w0), max(vh / scale, h0))
                else:
                    room, grown = room * 1.12, True
            if not (grown or placed[0] == MISSING) or not self._cleared:
                break
        self._scale = scale
        self._apply_scale()

    def _tighter(self, g: _Geometry, height: float) -> _Geometry:
        """g with its full layers' rows and the graph's margin as much closer (TIGHT) as
        its extent needs to be at most `height` high; g itself where even the closest is
        taller (a scroll either way: the layout stays as it was, phone-price's; the
        closest is tried first, so that costs it one extent)."""
        tried = [replace(g, row_gap=row_gap, margin=margin) for row_gap, margin in TIGHT]
        if self._extent(tried[-1], g.bands, 1.0).height() > height:
            return g
        return next(t for t in tried if self._extent(t, g.bands, 1.0).height() <= height)

    def _narrowed(self, g: _Geometry, excess: float) -> list[float]:
        """The gaps between layers, `excess` narrower in all: the dense ones give it up,
        each keeping a row's label (a compact column's step reads one beside each card or
        dot) and the room it holds for named biases where they can all keep it; else as
        much of that room as the width leaves (see the tiers below); else without it
        (its biases named where they fit), each keeping a row's label where they can,
        else in proportion, down to DENSE_LEAST."""
        least = self._least(g, g.bands)
        plain = self._least(g, g.bands, False)
        # given up in turn, each in proportion among its gaps: what is over the least; the
        # names' room of a gap after a compact column (its biases, beside cards, read
        # "b 0.01" or sit right of their cards); then that of a gap after a full column,
        # down to the gap it was before it held them (its biases have only that gap beside
        # the circles: spiral at 1024×768 hid b₁,₅–₇ and b₁,₁₁–₁₃ beside i1 and i2, and
        # circles gave it all up for 29 of its 82 px short, b₁,₃ and b₁,₆ values alone,
        # while the last gap sat empty)
        after_full = [not self._compact(l) for l in range(len(g.bands))]
        tiers = [[b - r for b, r in zip(g.bands, least, strict=True)],
                 [0.0 if full else r - p for r, p, full in zip(least, plain, after_full, strict=True)],
                 [max(r - min(p, b - h), 0.0) if full else 0.0
                  for r, p, b, h, full in zip(least, plain, g.bands, g.held, after_full, strict=True)]]
        if sum(map(sum, tiers)) >= excess:
            gaps, short = list(g.bands), excess
            for tier in tiers:
                room = sum(tier)
                given = min(short / room, 1.0) if room else 0.0
                gaps = [x - t * given for x, t in zip(gaps, tier, strict=True)]
                short = max(short - room, 0.0)
            return gaps
        bands = [b - h for b, h in zip(g.bands, g.held, strict=True)]  # without the names' room
        excess = max(excess - sum(g.held), 0.0)
        if (gaps := _given_up(bands, self._least(g, bands, False), excess)) is not None:
            return gaps
        layers = self.session.spec.layers
        total = sum(bands)
        return [b * max((total - excess) / total, DENSE_LEAST) if max(layers[l:l + 2]) > CROWDED else b
                for l, b in enumerate(bands)]

    def _least(self, g: _Geometry, bands: list[float], named: bool = True) -> list[float]:
        """Per gap, the least it narrows to keeping its labels' room: a full one all of it;
        a dense one beside a compact column a row's label, and (`named`) its biases'
        names; another dense one nothing."""
        layers = self.session.spec.layers
        beside = [self._compact(l) or self._compact(l + 1) for l in range(len(bands))]
        return [b if max(layers[l:l + 2]) <= CROWDED
                else min(b, max(g.row, g.named[l] if named else 0.0)) if beside[l] else 0.0
                for l, b in enumerate(bands)]

    def _slots(self, g: _Geometry, l: int, j: int, x: float, y: float) -> dict[str, QRectF]:
        """The rectangles neuron j of layer l reserves, its centre at (x, y): circle, card
        (beside it; an input's value below it), bias below (full layers), loss term and
        total (output layer: below in a full layer, beside the card in a compact one)."""
        layers = self.session.spec.layers
        compact, r = layers[l] > CROWDED, g.radii[l]
        slots = {"circle": QRectF(x - r, y - r, 2 * r, 2 * r)}
        if compact:
            slots["name"] = QRectF(x + r + 3, y - g.one / 2, g.names[l], g.one)
            card = QRectF(slots["name"].right() + 3, y - g.one / 2, g.value_w[l], g.one)
        elif l == 0:
            card = QRectF(x - g.value_w[0] / 2, y + r + 2, g.value_w[0], g.one)
        else:
            h = g.one if compact or l == 0 else 3 * g.line + 2 * TextBox.PAD
            card = QRectF(x + r + 6, y - h / 2, g.value_w[l], h)
        slots["card"] = card
        below = max(y + r, card.bottom())
        if l and not compact:
            slots["bias"] = QRectF(QPointF(x - r, below + 4), g.bias)
            below = slots["bias"].bottom()
        if l == len(layers) - 1:
            if compact or self._loss_beside:
                loss = QRectF(QPointF(card.right() + LOSS_GAP, y - g.loss.height() / 2), g.loss)
            else:
                # the total beside the last term: a wide network's tallest column, kept short
                loss = QRectF(QPointF(x - r, below + (2 if self._total_beside else 4)), g.loss)
            slots["loss"] = loss
            if j == layers[l] and self._total_beside:
                slots["total"] = QRectF(QPointF(loss.right() + 6, loss.top()), g.total)
            elif j == layers[l]:
                slots["total"] = QRectF(QPointF(loss.left(), loss.bottom() + 6), g.total)
        return slots

    def _edge_start(self, g: _Geometry, l: int) -> float:
        """How far right of a neuron's centre its outgoing edges start: at its card's
        end (its `out`), or at the circle for an input whose value is drawn below."""
        if l == 0 and not self._compact(0):
            return g.radius
        if self._compact(l):
            return self._name_end(g, l) + 3 + g.value_w[l]
        return g.radius + 6 + g.value_w[l]

    def _need(self, l: int) -> int:
        """How many labels a step may put between layers l − 1 and l: every weight in a
        small layer; in a dense one, those a neuron's step reads (its inputs' weights
        forward, its outputs' weights for a hidden δ), a few at least, DENSE_CAP at most."""
        layers = self.session.spec.layers
        if max(layers[l - 1], layers[l]) <= CROWDED:
            return layers[l - 1] * layers[l]
        return min(max(layers[l - 1], layers[l] if l > 1 else 0, CROWDED), DENSE_CAP)

    def _name_end(self, g: _Geometry, l: int) -> float:
        """How far right of a compact neuron's centre its name ends."""
        return g.radii[l] + 3 + g.names[l]

    def _line_start(self, g: _Geometry, l: int) -> float:
        """How far right of a neuron's centre its outgoing edges are drawn from: its
        circle, or a compact neuron's card's end (a stub joins them under the card), so
        each edge leaves from its own row where the step's labels sit beside the cards."""
        return self._edge_start(g, l) if self._compact(l) else g.radius

    def _positions(self, g: _Geometry, bands: list[float], stretch: float
                   ) -> tuple[list[float], list[list[float]]]:
        """Circle centres: x per layer, y per neuron. Full layers all span the height of
        the tallest (as the course draws a network: fewer neurons, farther apart, so
        edges fan out and their labels find room), stretched to fill the view."""
        layers = self.session.spec.layers
        xs: list[float] = []
        rows: list[float] = []
        right = 0.0
        for l, (left, reach, row) in enumerate(self._spans(g)):
            x = left if l == 0 else right + bands[l - 1] + left
            xs.append(x)
            right = x + reach
            rows.append(row)
        full = [w * r for w, r in zip(layers, rows, strict=True) if w <= CROWDED]
        span = max(full, default=0.0) * stretch
        ys = []
        for width, row in zip(layers, rows, strict=True):
            row = max(row * stretch, span / width) if width <= CROWDED else row * stretch
            ys.append([(k - (width + 1) / 2) * row for k in range(1, width + 1)])
        return xs, ys

    def _spans(self, g: _Geometry) -> list[tuple[float, float, float]]:
        """Per layer, from its first neuron's slots centred at the origin: how far they
        reach left and right (its edges' start included) and its row's height — kept per
        geometry and loss terms' side: a layout's search for its height asks ~100 times."""
        if self._spans_of[:2] != (g, (self._loss_beside, self._total_beside)):
            spans = []
            for l in range(len(self.session.spec.layers)):
                first = self._slots(g, l, 1, 0.0, 0.0)
                top = -min(rect.top() for rect in first.values())
                bottom = max(rect.bottom() for k, rect in first.items() if k != "total")
                spans.append((-min(rect.left() for rect in first.values()),
                              max(max(rect.right() for rect in first.values()), self._edge_start(g, l)),
                              top + bottom + (COMPACT_GAP if self._compact(l) else g.row_gap)))
            self._spans_of = (g, (self._loss_beside, self._total_beside), spans)
        return self._spans_of[2]

    def _extent(self, g: _Geometry, bands: list[float], stretch: float) -> QRectF:
        """The scene rectangle of the graph so laid out: the union of the first and last
        neurons' slots of every layer."""
        xs, ys = self._positions(g, bands, stretch)
        rect = QRectF()
        for l, (x, y) in enumerate(zip(xs, ys, strict=True)):
            for j in {1, len(y)}:
                for slot in self._slots(g, l, j, x, y[j - 1]).values():
                    rect = rect.united(slot)
        return rect.adjusted(-g.margin, -g.margin, g.margin, g.margin)

    def _arrange(self, g: _Geometry, room: QSizeF, clear: bool = True, farther: bool = False
                 ) -> tuple[int, ...]:
        """Lay the graph out to fill `room`: wider gaps between layers, taller rows in
        full layers; then the small layers' label anchors. ON_EDGES, LED (labels beside
        their edges only where on them they would cover a crossing), CROSSED (a label
        over a crossing of its edge), BESIDE (a label beside its edge, on a leader) or
        MISSING (one found no room); then, to rank two layouts alike, minus the number of
        labels beside their edges and over crossings. `farther`: a label may sit farther
        off its edge (graph_layout.FARTHER), where a larger room would scroll."""
        w0 = self._extent(g, g.bands, 1.0).width()
        # the width left over goes to the layers with the most labels to place
        need = [self._need(band.layer) for band in self._bands]
        extra = max(room.width() - w0, 0.0) / max(sum(need), 1)
        # at most SPREAD labels' width more a label: a 1-1 network's one edge does not
        # cross the view, the graph sits centred in it
        bands = [b + min(extra, SPREAD * g.weight.width()) * n for b, n in zip(g.bands, need, strict=True)]
        lo, hi = 1.0, 3.0  # the largest stretch that fits the height (piecewise linear in it)
        for _ in range(12):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if self._extent(g, bands, mid).height() <= room.height() else (lo, mid)
        stretch = lo
        xs, ys = self._positions(g, bands, stretch)
        self._fixed_boxes = self._context = None
        obstacles: list[QRectF] = []
        for (l, j), n in self._neurons.items():
            x, y = xs[l], ys[l][j - 1]
            n.center = QPointF(x, y)
            slots = self._slots(g, l, j, x, y)
            obstacles += list(slots.values())
            n.circle.setRect(slots["circle"])
            nr = n.name.boundingRect()
            if "name" in slots:  # beside a compact layer's dot (the name is the dot's child)
                n.name.setPos(slots["name"].left(), y - nr.height() / 2)
            else:
                n.name.setPos(x - nr.width() / 2, y - nr.height() / 2)
            card = slots["card"]
            if card.top() > y:  # an input's value, below its circle
                n.values.set_anchor(TOP)
                n.values.setPos(card.center().x(), card.top())
            else:
                n.values.set_anchor(LEFT)
                n.values.setPos(card.left(), card.center().y())
                n.card_x = card.left()
            if "bias" in slots:
                n.bias.setPos(slots["bias"].topLeft())
            if "loss" in slots:
                loss = slots["loss"]
                n.loss.set_anchor(TOP_LEFT)
                n.loss.setPos(loss.topLeft())
            if "total" in slots:
                self._total.setPos(slots["total"].topLeft())
        bounds = self._extent(g, bands, stretch)
        spare = max(room.height() - bounds.height(), 0.0) / 2  # a short graph: centred in the height
        bounds.adjust(0, -spare, 0, spare)
        self.scene().setSceneRect(bounds)
        self._cleared = self._start_edges(g, clear)
        placed = self._anchor_small(g, obstacles, bounds, farther)
        for band in self._bands:
            if not band.dense:
                leaders = []
                for box, anchor, seg in zip(band.labels, band.anchors, band.segments, strict=True):
                    at = anchor if anchor is not None else seg.pointAt(0.5)
                    top = at.y() - g.weight.height() / 2
                    box.setPos(at.x(), top)  # the slot's top
                    if not crosses(seg, centred(g.weight, at)):
                        leaders.append(QLineF(nearest(seg, at), QPointF(at.x(), top + g.one / 2)))
                self._set_leaders(band, leaders)
        self._pens.clear()
        return placed

    def _anchor_small(self, g: _Geometry, obstacles: list[QRectF], bounds: QRectF, farther: bool = False
                      ) -> tuple[int, ...]:
        """The small layers' label anchors (band.anchors), clear of the obstacles. Where
        the first try leaves labels beside their edges or over crossings (but none without
        a place), the anchors are chosen again with those labels first (both kinds, then
        either); where the best still leaves a label over a crossing of its edge, once more
        with those labels first, each off its crossings (beside its edge, on a leader, if
        no spot on it is: a leader reads as its edge's, a crossing as another's). The best
        try is kept. Its rank: (MISSING, BESIDE, CROSSED, LED or ON_EDGES, −labels beside,
        −their leaders' length, −labels over crossings)."""
        small = [band for band in self._bands if not band.dense]
        best: tuple[tuple[int, ...], list, list] | None = None  # rank, anchors, tries
        faulty: list[list[frozenset[int]]] = []  # per band: (none, beside, over) of the first try
        if len(self._searched) > SEARCHES_KEPT:
            self._searched.clear()
        missing = False
        for repair in ((), (0, 1, 2), (1, 2), (1,), (2,), AVOID):
            if repair == (0, 1, 2):  # no larger layout comes (`farther`): once more, the
                if not (farther and missing):  # labels without a place first, then the faulty
                    continue
            elif repair == AVOID:  # the best still reads a label as another edge's: that
                if best[0][0] == MISSING or not best[0][3]:  # label off its crossings, beside
                    break  # its edge if need be
            elif repair and (best[0][0] == MISSING or not any(f for faults in faulty for f in faults[1:])):
                break  # nothing to mend, or a layout too small for every label: a larger one comes
            index = GridIndex(2 * g.line)
            for rect in obstacles:
                index.add(rect)
            tries = []
            for b, band in enumerate(small):
                if repair != AVOID:
                    tries.append(place_small(band.segments, g.weight, index, bounds,
                                             frozenset().union(*(faulty[b][k] for k in repair)),
                                             self._searched, farther))
                elif crossed := frozenset(best[2][b][1][2]):
                    tries.append(place_small(band.segments, g.weight, index, bounds, crossed,
                                             self._searched, farther, avoid=True))
                else:  # a band with none over a crossing keeps the best try's anchors
                    tries.append(best[2][b])
                    for at in filter(None, best[2][b][0]):
                        index.add(centred(g.weight, at))
            self.placement_tests += index.tests
            none, off, over = (sum(len(faults[k]) for _, faults in tries) for k in range(3))
            status = MISSING if none else BESIDE if off else CROSSED if over else ON_EDGES
            if repair == AVOID:  # kept only if it leaves no label over a crossing
                if none or over:
                    break
                status = LED if off else ON_EDGES
            reach = sum(QLineF(nearest(band.segments[i], anchors[i]), anchors[i]).length()
                        for band, (anchors, faults) in zip(small, tries, strict=True) for i in faults[1])
            rank = (status, -off, -round(reach), -over)
            if best is None or rank > best[0]:
                best = (rank, [anchors for anchors, _ in tries], tries)
            if not repair:
                faulty = [[frozenset(f) for f in faults] for _, faults in tries]
                missing = status == MISSING
        for band, anchors in zip(small, best[1], strict=True):
            band.anchors = anchors
        return best[0]

    def _start_edges(self, g: _Geometry, clear: bool = True) -> bool:
        """Where each neuron's edges start (see _line_start), and the stubs joining them
        to it. A full hidden layer's neuron whose outgoing edge would run through its bias
        below it (and read as that edge's label: Mazur's w7 through b₁,₁ at 1024×768)
        starts its edges past its card and bias too (if `clear`); the others keep theirs
        from the circle, as the course draws a network. Whether any full neuron did."""
        layers = self.session.spec.layers
        stubs: list[QLineF] = []
        cleared = False
        for n in self._neurons.values():
            n.begin = self._line_start(g, n.layer)
            if self._compact(n.layer) and n.layer < len(layers) - 1:
                stubs.append(QLineF(n.center.x() + self._name_end(g, n.layer), n.center.y(),
                                    n.center.x() + n.begin, n.center.y()))
        for band in self._bands:
            self._edges_of(band, g)
            l = band.layer - 1
            if l == 0 or layers[l] > CROWDED:
                continue
            moved = False
            for j in range(1, layers[l] + 1):
                n = self._neurons[(l, j)]
                slot = n.bias.pos()  # top left of its slot, placed above
                box = (slot.x() - EDGE_CLEAR, slot.y() - EDGE_CLEAR, slot.x() + g.bias.width() + EDGE_CLEAR,
                       slot.y() + g.bias.height() + EDGE_CLEAR)
                out = [i for i, r in enumerate(band.refs) if r.source == j]
                if clear and any_crosses(band.ends[out], box):
                    n.begin = max(g.radius + 6 + g.value_w[l], box[2] - n.center.x())
                    stubs.append(QLineF(n.center.x() + g.radius, n.center.y(),
                                        n.center.x() + n.begin, n.center.y()))
                    moved = cleared = True
            if moved:
                self._edges_of(band, g)
        self._stubs.set_lines(stubs)
        self._stubs.set_pen(np.arange(len(stubs)), (self.colors.edge, 1.5))
        self._stubs.commit()
        return cleared

    def _edges_of(self, band: _Band, g: _Geometry) -> None:
        """The band's edges, from the source's `begin` (its circle, or past its card)
        to the target's circle; a label may sit anywhere on an edge from the source's
        card (its `out`) on."""
        lines, segments = [], []
        l = band.layer
        end = g.radii[l]
        for ref in band.refs:
            source = self._neurons[(l - 1, ref.source)]
            begin, a = source.begin, source.center
            start = begin if band.dense else max(begin, self._edge_start(g, l - 1))
            b = self._neurons[(l, ref.to)].center
            line = QLineF(a.x() + begin, a.y(), b.x() - end, b.y())
            lines.append(line)
            t0 = min((start - begin) / max(line.dx(), 1.0), 0.9)
            segments.append(QLineF(line.pointAt(t0), line.p2()))
        band.ends = np.array([line.toTuple() for line in lines], float).reshape(-1, 4)
        band.bundle.set_lines(lines)
        band.marked.set_lines(lines)
        band.segments = segments

    def _apply_scale(self, fit: float = 1.0) -> None:
        self.resetTransform()
        self.scale(self._scale * self._zoom * fit, self._scale * self._zoom * fit)
        self.centerOn(self.scene().sceneRect().center())

    def sizeHint(self) -> QSize:
        """Fixed: QGraphicsView hints its scene's drawn size, which each layout for a new
        size changes, so the window's docks asked for another size, and scroll bars came
        and went without end (issue 11's layout loop). The graph fits whatever it gets."""
        return QSize(640, 400)

    def minimumSizeHint(self) -> QSize:
        return QSize(160, 120)

    def defer_layout_to_show(self) -> None:
        """Shown as a tab's page, the view is shown at its size hint and resized to the
        tab's size only after: its next show lays out once, queued (or at the first read),
        not at both sizes (the window's start-up laid the graph out twice, then once more)."""
        self._defer = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._pending and self._defer:
            self._lay_out_when_shown()
        elif self._pending:
            self._laid_out_for = ()
            self._layout()
            self.refresh()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._pending and self._defer:
            self._lay_out_when_shown()
        elif self._stale():
            return
        elif self._laid_out_for and self.isVisible() and (
                self._settle.isActive() or self._room() != self._laid_out_for[:2]):
            lw, lh = self._laid_out_for[:2]
            r = self.contentsRect()
            self._apply_scale(min(max(r.width() - SLACK, 100.0) / lw, max(r.height() - SLACK, 100.0) / lh))
            self._settle.start()
        else:
            self._layout()
            self.refresh()

    def _lay_out_settled(self) -> None:
        self._layout()
        self._apply_scale()
        self.refresh()

    def _lay_out_when_shown(self) -> None:
        if not self._queued:
            self._queued = True
            QMetaObject.invokeMethod(self, "_lay_out_pending", Qt.QueuedConnection)

    @Slot()
    def _lay_out_pending(self) -> None:
        self._queued = self._defer = False
        self.catch_up()

    def catch_up(self) -> None:
        """A layout a resize or a show left for later, now (a read or a render right after)."""
        if self._settle.isActive():
            self._settle.stop()
            self._lay_out_settled()
        if self._pending and self.isVisible():
            self.refresh()

    def lay_out_for_render(self) -> None:
        """A render's layout: at the view's own size, as if it had opened at it. On screen a
        layout is kept while the view stays within SLACK of its size, so which sizes the
        view passed through first (a status line, a dock, the event loop's timing under
        load) decided a shot's labels: spiral in Chinese at 1024×768 named 15 or 16 of its
        layer-2 biases by the size laid out first."""
        self.catch_up()
        r = self.contentsRect()
        if self._laid_out_for and self._laid_out_for[:2] != (
                max(r.width() - SLACK, 100.0), max(r.height() - SLACK, 100.0)):
            self._laid_out_for = ()
            self._lay_out_settled()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.ControlModifier:
            self.zoom_by(ZOOM_STEP ** (event.angleDelta().y() / 120))
        else:
            super().wheelEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        for item in self.items(event.position().toPoint()):
            if item.data(PARAM) is not None and item.isVisible():
                self.paramActivated.emit(int(item.data(PARAM)))
                return
        at = self.mapToScene(event.position().toPoint())
        near = QRectF(at.x() - 4, at.y() - 4, 8, 8)
        for band in self._bands:
            for i, ref in enumerate(band.refs):
                if crosses(band.bundle.line(i), near):
                    self.paramActivated.emit(ref.index)
                    return
        super().mouseDoubleClickEvent(event)

    # -- refresh (every cursor change) ---------------------------------------------------
    def refresh(self) -> None:
        """Everything at once; while Run trains, the neurons in view every frame and all
        of it (edges, weight and compact biases' labels, the neurons out of view) a few
        times a second, within RUN_SHARE of the time, ending on the run's last cursor."""
        if self._neurons and self._pending and self.isVisible():  # shown: lay out first
            self._laid_out_for = ()
            self._layout()
        if not self._neurons or self._pending or self._stale():
            return
        if self.bridge.running:
            self._read_cursor()
            self._refresh_neurons(self._seen(), light=True)
            self._refresh_total()
        self.paced()

    def _seen(self) -> QRectF:
        """The scene in view and three lines around it."""
        seen = self.mapToScene(self.viewport().rect()).boundingRect()
        return seen.adjusted(-3 * self._line, -3 * self._line, 3 * self._line, 3 * self._line)

    def _refresh_neurons(self, seen: QRectF | None, light: bool = False, later: bool = False) -> None:
        """The neurons within `seen` (None: all). later: a compact bias the step marks is
        written when first asked for (TextBox.set_later), as _refresh_compact_biases, which
        follows, places DENSE_CAP a layer and hides the rest."""
        self._later = later
        for n in self._neurons.values():
            if seen is None or seen.contains(n.center):
                self._refresh_neuron(n, light)
        self._later = False

    def _read_cursor(self) -> None:
        s = self.session
        step = s.step
        self._record, self._reveal, self._shown = s.record, s.reveal(), s.params_shown()
        self._inputs, self._targets = s.sample_shown()
        self._focus, self._reads, self._marked_params, self._solo = self._keys_of(step)
        self._backward = step is not None and step.phase == "backward"
        self._step_layer = step.layer if step else 0
        self._taken: GridIndex | None = None
        self._blocks: dict[tuple[str, int], np.ndarray] = {}
        same = (self._record, self._shown, self.colors)
        equal = (s.sample, self.precision, self._inputs.tobytes(), self._targets.tobytes(),
                 self._target_text(""))
        if self._context is None or equal != self._context[1] or any(
                a is not b for a, b in zip(same, self._context[0], strict=True)):
            self._epoch += 1
            self._context = (same, equal)

    def _refresh_total(self) -> None:
        rec, total = self._record, []
        if rec is not None and ("total",) in self._reveal:
            total = [(f"E {self._num(rec.loss)}", self.colors.text)]
            if self._batched():  # the terms above are one sample's: E is not their sum
                total.append((self._samples_text(), self.colors.muted))
        self._total.set_lines(total, self._mark(("loss",)))

    def _batched(self) -> bool:
        return self.session.trainer.batch > 1

    def _samples_text(self) -> str:
        return self.tr("%1 samples").replace("%1", str(self.session.trainer.batch))

    def _refresh_all(self) -> None:
        if not self._neurons or self._pending or self._stale():
            return
        self._read_cursor()
        # the step's own, found below: a step that marks none would keep the last step's
        # (a network loaded since: boxes Qt has deleted)
        self._marked_biases, self._yielded = [], []
        # while Run trains, the cards out of view wait (phone-price: ~300 of 408, most of
        # the ~70 ms its cards took a refresh): each frame draws those that come into view,
        # and the run's end draws them all (_running_changed)
        running = self._behind = self.bridge.running
        self._refresh_neurons(self._seen() if running else None, later=True)
        self._refresh_total()
        focused = self._focus_neurons()
        self._anchor = self._focus_anchor(focused)
        self._refresh_compact_biases(marked=True)
        self._step_labels = GridIndex(3 * self._line)
        if self._solo is not None and self._compact(self._solo):  # its card covers its neighbours'
            self._step_labels.add(next(n.values.box() for n in self._neurons.values()
                                       if ("neuron", n.layer, n.index) in self._focus))
        if self._refresh_edges(retry=self._solo is None):  # a layer's step: its weights' labels first
            self._taken = None
            self._step_labels = GridIndex(3 * self._line)
            self._refresh_edges(retry=False)
            self._refresh_compact_biases(marked=True)
        self._yield_cards()
        self._refresh_compact_biases(marked=False)
        if not running:  # while Run trains the view stays put: the run's end follows the step
            self._follow_focus(focused)
        self._drop_cut()
        self.maps.refresh()
        self.animation.shown()
        self._charge_paint = running

    def _unlabelled(self, band: _Band) -> bool:
        """Whether a dense band the step marks got (next to) no labels: a layer's step
        whose biases, placed first, took the strip before their column (phone-price's
        narrow h₁ → h₂ gap held 256 biases and 1 of W2's labels, off in a corner;
        overfitting's forward of layer 2 its 16 and none of 256 weights)."""
        return band.dense and sum(box.isVisible() for box in band.labels) \
            < min(np.count_nonzero(self._marks(band)), CROWDED)

    def paintEvent(self, event) -> None:
        """While Run trains, the repaint after a whole-graph refresh (a dense layer's edges
        drawn again with their new pens) counts as part of that refresh (Paced.charged)."""
        if not self._charge_paint:
            super().paintEvent(event)
            return
        self._charge_paint = False
        self.paced.charged(lambda: super(NetworkView, self).paintEvent(event))

    def _keys_of(self, step: Step | None) -> tuple[set, set, list[np.ndarray], int | None]:
        """The step's focus and reads as sets, the parameters it reads and computes, and
        the layer of its one neuron (None: it computes none or several), kept per step of
        the plan (every iteration's steps share its keys): a phase step of a wide network
        names tens of thousands of keys (finding its neurons among them took ~1 ms a click)."""
        if step is None:
            return set(), set(), [np.zeros(0, np.intp)] * 2, None
        kept = self._step_keys.get(id(step.reads))
        if kept is None or kept[0] is not step.reads or kept[1] is not step.focus:
            if len(self._step_keys) >= STEPS_KEPT:
                self._step_keys.clear()
            focus, reads = set(step.focus), set(step.reads)
            params = [np.array([k[1] for k in keys if k[0] == "param"], np.intp)
                      for keys in (reads, focus)]
            focused = list(islice((k[1] for k in focus if k[0] == "neuron"), 2))
            solo = focused[0] if len(focused) == 1 else None
            kept = self._step_keys[id(step.reads)] = (step.reads, step.focus, focus, reads, params, solo)
        return kept[2:]

    def _num(self, x: float) -> str:
        """fmt at the view's digits, remembered per value: a click of a wide network
        writes ~1,200 numbers, mostly ones it wrote before."""
        x = float(x)
        text = self._texts.get(x)
        if text is None:
            if len(self._texts) >= TEXTS_KEPT:
                self._texts.clear()
            text = self._texts[x] = fmt(x, self.precision)
        return text

    def _signed(self, x: float) -> str:
        return self.colors.negative if x < 0 else self.colors.positive

    def _blend(self, color: str, alpha: float) -> str:
        """`color` at `alpha` as it looks over the background (see graph_items.opaque)."""
        c = QColor(color)
        c.setAlpha(int(alpha))
        return opaque(c.name(QColor.HexArgb), self.colors.background).name()

    def _mark(self, key: tuple) -> str | None:
        if key in self._focus:
            return self.colors.focus
        return self.colors.reads if key in self._reads else None

    def _block(self, name: str, layer: int) -> np.ndarray:
        """The record's block for the selected sample, read once per refresh."""
        key = (name, layer)
        if key not in self._blocks:
            self._blocks[key] = self._record.block(name, layer)[self.session.sample]
        return self._blocks[key]

    def _refresh_neuron(self, n: _Neuron, light: bool = False) -> None:
        """n's card, bias and loss term; light: not a compact layer's bias, which only
        _refresh_compact_biases may place. A card whose keys are as when last drawn, in
        the same epoch, is left as it is (a click changes a few of a wide network's cards)."""
        key, reveal = n.key, self._reveal
        focused = key in self._focus
        mark = self._mark(key)
        # a compact layer's card is one line, its neuron's height: what the step reads or
        # computes there (δ in the backward pass from the step's layer up, else out); three
        # lines (net, out, δ) only for the step's one neuron, covering its neighbours'
        full = not n.compact or (focused and self._solo == n.layer)
        forward = n.forward_key in reveal
        delta = n.delta_key in reveal
        backward = self._backward and (focused or n.layer >= self._step_layer)
        drawn = (self._epoch, mark, full, forward, delta, backward)
        if drawn != n.drawn:
            n.drawn = drawn
            self._draw_card(n, mark, full, forward, delta, backward)
        if n.bias is not None and not (light and n.compact):
            ref = n.bias_ref
            bias_mark = self._mark(n.bias.key)
            drawn = (self._epoch, bias_mark, ("grad", ref.index) in reveal, ("update", ref.index) in reveal)
            if drawn != n.bias_drawn:
                n.bias_drawn = drawn
                if not n.compact:
                    n.bias.set_lines(self._param_lines(ref), bias_mark)
                elif bias_mark is None:
                    n.bias.set_lines(self._param_value(ref), None)
                elif self._later:  # _refresh_compact_biases places DENSE_CAP a layer, hides the rest
                    n.bias.set_later(self._param_later(ref), bias_mark)
                else:
                    n.bias.set_lines(self._param_lines(ref), bias_mark)
        if n.loss is not None:
            self._refresh_loss(n)

    def _draw_card(self, n: _Neuron, mark: str | None, full: bool, forward: bool, delta: bool,
                   backward: bool) -> None:
        """n's card and circle, from what _refresh_neuron read (backward: the backward pass
        reaches n's layer or n is the step's)."""
        c, rec = self.colors, self._record
        j = n.index - 1
        lines: list[tuple[str, str]] = []
        if n.layer == 0:
            lines.append((self._num(self._inputs[j]), c.text))
        elif rec is not None:
            if full or not (delta and backward and mark is not None):
                if forward and full:
                    lines.append((f"net {self._num(self._block('z', n.layer)[j])}", c.text))
                if forward:
                    lines.append((f"out {self._num(self._block('a', n.layer)[j])}", c.text))
                delta = delta and full
            if delta:
                d = self._block("delta", n.layer)[j]
                lines.append((f"δ {self._num(d)}", self._signed(d)))
        n.values.set_lines(lines, mark)
        if n.compact:
            self._place_compact_card(n, full and n.layer > 0)
        if (mark, c) != n.style:
            n.style = (mark, c)
            n.values.setZValue(5 if mark else 3)  # a compact layer's full card covers the next
            brush, pen = self._circle_style(mark)
            n.circle.setBrush(brush)
            n.circle.setPen(pen)

    def _circle_style(self, mark: str | None) -> tuple[QBrush, QPen]:
        """A circle's fill and outline for its mark, made once per mark and colours (a
        phase click restyles every circle: ~400 of phone-price's)."""
        c = self.colors
        style = self._circle_styles.get((mark, c))
        if style is None:
            fill = QColor(mark or c.background)
            fill.setAlpha(110 if mark else 255)
            pen = QPen(QColor(mark or c.text), 4 if mark else 2)
            style = self._circle_styles[(mark, c)] = (QBrush(fill), pen)
        return style

    def _place_compact_card(self, n: _Neuron, solo: bool) -> None:
        """A compact card in its slot right of its name; the step's three-line card within
        the graph, and left of its dot in the backward pass (over its layer's biases, off
        the edges to the next layer, whose labels the step reads)."""
        left = solo and self._backward
        h = n.values.size()[1]
        if n.placed == (self._epoch, left, h):  # where it is (a click redraws ~400 of phone-price's)
            return
        n.placed = (self._epoch, left, h)
        n.values.set_anchor((1.0, 0.5) if left else LEFT)
        x = n.center.x() - n.circle.rect().width() / 2 - 3 if left else n.card_x
        bounds = self.sceneRect()
        n.values.setPos(x, min(max(n.center.y(), bounds.top() + h / 2), bounds.bottom() - h / 2))

    def _refresh_compact_biases(self, marked: bool) -> None:
        """A compact layer's biases sit left of their circles where they cover nothing
        (none are stacked): those the step computes or reads (marked, DENSE_CAP at most per
        layer, nearest the neuron the view follows first) before the step's weight labels,
        the others' values after them, where room is left (a busy step's labels need the
        strip beside the column). A full layer shows them all, in their reserved place."""
        focus, reads = self._focus, self._reads
        compact = [n for n in self._neurons.values() if n.compact and n.bias is not None
                   and (n.bias.key in focus or n.bias.key in reads) == marked]
        if not compact:
            return
        if self._taken is None:
            self._occupied()
        taken = self._taken
        if not marked:  # nor over the cards left in view, nor flush against one (it read as the card's)
            gap = BIAS_GAP * self._line
            cards = [n.values.coords(gap) for n in self._neurons.values()
                     if n.compact and n.values.has_text() and n.values.isVisible()]
            if self._fit_all_left(compact, taken, cards):
                return
            for card in cards:
                taken.add_box(card)
        if marked:
            self._marked_biases = []
        if marked and self._anchor is not None:  # a layer step's: those in sight first
            y = self._anchor.center.y()
            compact.sort(key=lambda n: abs(n.center.y() - y))
        tried: dict[int, int] = {}  # per layer: marked biases tried, DENSE_CAP at most
        spaced = self._spaced() if marked else {}
        for n in compact:
            marked = self._mark(n.bias.key) is not None
            shown = not marked or tried.get(n.layer, 0) < DENSE_CAP
            if shown:
                tried[n.layer] = tried.get(n.layer, 0) + 1
                shown = (self._gathers_rows(n) and self._fits_by_card(n, taken)) or self._fits_left(n, taken)
                if shown and n.layer in spaced:
                    box = n.bias.box()
                    shown = not spaced[n.layer].hits(box)
                    if shown:
                        spaced[n.layer].add(box.adjusted(0, -box.height(), 0, box.height()))
                for form in (SHORT, BARE) if not (shown or marked) else ():  # beside an input's value
                    n.bias.set_lines(self._param_value(self.session.params.refs[n.bias.key[1]], form), None)
                    shown = self._fits_left(n, taken)
                    if shown:
                        break
            n.bias.setVisible(shown)
            if shown:
                taken.add(n.bias.box())
                if marked:
                    self._marked_biases.append(n.bias)

    def _spaced(self) -> dict[int, GridIndex]:
        """The compact layers whose marked biases keep a label's height free above and
        below them (an index of that room each): a layer or phase step marking the dense
        band into the layer too, whose weights' labels need rows beside the same column
        (phone-price's update of layer 2 labelled 9 biases, two rows each, and 5 weights)."""
        if self._solo is not None:
            return {}
        return {band.layer: GridIndex(3 * self._line) for band in self._bands
                if band.dense and self._compact(band.layer) and np.any(self._marks(band))}

    def _fit_all_left(self, compact: list[_Neuron], taken: GridIndex, cards: list[tuple]) -> bool:
        """The biases off the step (their values named, else alone) left of their circles,
        tested all at once against what is taken and the cards: what testing each in turn
        gives when no two of them overlap (as in a column of dots, one line a neuron).
        One that covers something there moves a little up or down (NUDGES), named in full
        if it can (circles at 1280×800 hid b₁,₄'s and b₁,₇'s values, 3 px over an input's),
        else "b" and its value (SHORT: spiral at 1024×768 showed layer 2's values alone),
        else right of its card, else its value alone. False, having placed none, where
        two overlap."""
        refs, reveal, spots = self.session.params.refs, self._reveal, []
        for n in compact:  # named, left of its circle: kept while its value is (~400 on phone-price)
            index = n.bias.key[1]
            key = (self._epoch, ("update", index) in reveal)
            if n.named and n.named[0] == key:
                _, lines, spot = n.named
                n.bias.set_lines(lines, None)
                n.bias.setPos(spot[0], spot[1])
            else:
                lines = self._param_value(refs[index])
                n.bias.set_lines(lines, None)
                spot = self._left_of_circle(n)
                n.named = (key, lines, spot)
            spots.append(spot)
        named = np.array(spots)
        layers = np.array([n.layer for n in compact])
        columns = [np.flatnonzero(layers == l) for l in np.unique(layers)]
        kept = self._apart
        if kept is None or not np.array_equal(kept[0], named):  # mostly as the last click's
            kept = self._apart = (named, bool(overlapping(named, named, apart=True).any()))
        if kept[1]:
            return False
        obstacles = np.concatenate((taken.boxes(), np.array(cards, float).reshape(-1, 4)))
        fits = np.ones(len(compact), bool)
        scene = self.sceneRect().getCoords()
        for column in columns:  # each tested against what is near its strip
            fits[column] = ~overlapping(named[column], obstacles) & inside_all(scene, named[column])
        placed = named[fits]
        # a little up or down, named, else shorter, else right of its card, else named in
        # its row past what takes that place: each way for every bias left before the next
        # (b₁,₅ right of its card took b₂,₅'s place)
        row = {(n.layer, n.index): k for k, n in enumerate(compact)}
        for form, way in ((NAMED, LEFT_OF), (SHORT, LEFT_OF), (NAMED, BY_CARD), (SHORT, BY_CARD),
                          (NAMED, PAST), (BARE, LEFT_OF)):
            for k in np.flatnonzero(~fits).tolist():
                n = compact[k]
                nxt = row.get((n.layer + 1, n.index))
                if (form, way) == (SHORT, BY_CARD) and self._home_held(compact, nxt, fits, obstacles, placed):
                    continue
                n.bias.set_lines(self._param_value(refs[n.bias.key[1]], form), None)
                spots = (self._left_of_circle(n, dy) for dy in NUDGES) if way == LEFT_OF \
                    else (self._right_of_card(n),) if way == BY_CARD \
                    else self._past(n, np.concatenate((obstacles, placed)))
                # every spot is in n's row, at most its height (a line) up or down: only
                # what reaches into that strip is tested, in Python (phone-price's ~1,000
                # obstacles in numpy took ~6 ms a neuron click)
                y, h = n.center.y(), n.bias.size()[1]
                near = in_strip(obstacles, y - 2 * h, y + 2 * h) + in_strip(placed, y - 2 * h, y + 2 * h)
                for spot in spots:
                    if inside(scene, spot) and not hits_any(spot, near):
                        fits[k], placed = True, np.concatenate((placed, np.array([spot])))
                        break
        for n, shown in zip(compact, fits.tolist(), strict=True):
            n.bias.setVisible(shown)
        return True

    def _home_held(self, compact: list[_Neuron], k: int | None, fits: np.ndarray, obstacles: np.ndarray,
                   placed: np.ndarray) -> bool:
        """Whether compact[k], the next column's neuron in a bias's row, has no place for
        its bias yet while its home (left of its dot, its value alone) is free: "b 0.01"
        right of the bias's own card would stand there, in the next column's biases, and
        read as that one's (phone-price-mini at 1024×768, the end of an iteration: b₁,₁₂'s
        "b 0.010000" stood in b₂'s column, b₂,₁₂ = −0.01 hidden at layer steps, right of
        h₂,₁₂'s card at neuron steps). That bias then goes unshown."""
        if k is None or fits[k]:
            return False
        m = compact[k]
        m.bias.set_lines(self._param_value(self.session.params.refs[m.bias.key[1]], BARE), None)
        home = self._left_of_circle(m)
        near = in_strip(obstacles, home[1], home[3]) + in_strip(placed, home[1], home[3])
        return inside(self.sceneRect().getCoords(), home) and not hits_any(home, near)

    def _left_of_circle(self, n: _Neuron, dy: float = 0.0) -> tuple[float, float, float, float]:
        """Puts n's bias (anchored at its top left) left of its circle, `dy` of its height
        lower; its box's (left, top, right, bottom), as box().getCoords() gives them."""
        w, h = n.bias.size()
        x, y = n.center.x() - n.circle.rect().width() / 2 - 3 - w, n.center.y() - h / 2 + dy * h
        n.bias.setPos(x, y)
        return x, y, x + w, y + h

    def _right_of_card(self, n: _Neuron) -> tuple[float, float, float, float]:
        """Puts n's bias right of its card (or of the card's slot while it is empty), a
        gap after it: where a step's label holds the strip left of n's dot (overfitting's
        read weights beside h₁'s cards left layer 2's biases values alone); its box."""
        w, h = n.bias.size()
        card = n.values.box()
        right = card.right() if n.values.isVisible() and n.values.has_text() else n.card_x
        x, y = right + BIAS_GAP * self._line + 1, n.center.y() - h / 2
        n.bias.setPos(x, y)
        return x, y, x + w, y + h

    def _past(self, n: _Neuron, taken: np.ndarray) -> Iterator[tuple[float, float, float, float]]:
        """Puts n's bias in its row right of its card and then, PAST_TRIES times, right of
        what that covers (overfitting's forward of h₂,₈: the step's card took the place
        right of h₂,₇'s empty one, and b₂,₇ was a value alone); its box each time, never
        reaching the next layer's circles (phone-price-mini's update of layer 3 at
        1024×768 put b₂,₁₂ past the step's labels and o3's card, beside o3's target)."""
        box = self._right_of_card(n)
        nxt = min((m.center.x() - m.circle.rect().width() / 2 for m in self._neurons.values()
                   if m.layer == n.layer + 1), default=math.inf)
        for _ in range(PAST_TRIES):
            hit = (taken[:, 0] < box[2]) & (box[0] < taken[:, 2]) \
                & (taken[:, 1] < box[3]) & (box[1] < taken[:, 3])
            if not hit.any():
                return
            x = float(taken[hit, 2].max()) + BIAS_GAP * self._line + 1
            if x + box[2] - box[0] > nxt:
                return
            n.bias.setPos(x, box[1])
            box = (x, box[1], x + box[2] - box[0], box[3])
            yield box

    def _gathers_rows(self, n: _Neuron) -> bool:
        """Whether the step computes n's net from a compact column (its read weights'
        labels beside that column's cards, one a row: the one in n's own row reaches
        to n's dot)."""
        return (not self._backward and self._solo == n.layer and self._compact(n.layer - 1)
                and ("neuron", n.layer, n.index) in self._focus)

    def _fits_by_card(self, n: _Neuron, taken: GridIndex) -> bool:
        """Puts n's bias just under its card, else just over it; whether it covers nothing
        there."""
        card, h = n.values.box(), n.bias.box().height()
        scene = self.sceneRect().getCoords()
        for y in (card.bottom() + 1, card.top() - 1 - h):
            n.bias.setPos(card.left(), y)
            box = n.bias.box()
            if inside(scene, box.getCoords()) and not taken.hits(box):
                return True
        return False

    def _fits_left(self, n: _Neuron, taken: GridIndex) -> bool:
        """Puts n's bias left of its circle; whether it covers nothing there and stays in
        the graph's bounds (phone-price-mini's backward of layer 1 at 1024×768: b₁,₂'s
        two lines ran past the view's left edge, cut)."""
        box = self._left_of_circle(n)
        return inside(self.sceneRect().getCoords(), box) and not taken.hits(n.bias.box())

    def _yield_cards(self) -> None:
        """A compact layer's card off the step hides under the step's weight labels, and
        under or flush against its marked biases (phone-price-mini's update of layer 2:
        b₂,₁₂'s label covered h₁,₁₂'s card by 3 px, and b₂,₃'s read on from h₁,₃'s)."""
        cards = [n for n in self._neurons.values() if n.compact]
        if not cards:
            return
        # only a card the step leaves unmarked may yield (a phase step marks all 384 of
        # phone-price's): the others' boxes are not tested
        focus, reads = self._focus, self._reads
        off = [n for n in cards if n.key not in focus and n.key not in reads]
        under: set[int] = set()
        if off:
            boxes = np.array([n.values.coords() for n in off])
            gap = BIAS_GAP * self._line
            biases = np.array([b.coords(gap) for b in self._marked_biases])
            hits = overlapping(boxes, np.concatenate((self._step_labels.boxes(), biases.reshape(-1, 4))))
            under = {id(n) for n, hit in zip(off, hits.tolist(), strict=True) if hit}
        self._yielded = []
        for n in cards:
            hide = id(n) in under
            n.values.setVisible(not hide)
            if hide:
                self._yielded.append(n)

    def _fixed(self) -> GridIndex:
        """What no label may cover and only a layout moves: every circle, and a compact
        layer's names beside their dots; indexed once per layout."""
        if self._fixed_boxes is None:
            fixed = GridIndex(3 * self._line, self.sceneRect().normalized().getCoords())
            layers = self.session.spec.layers
            for n in self._neurons.values():
                fixed.add(n.circle.rect())
                if n.name.text() and layers[n.layer] > CROWDED:
                    fixed.add(n.name.sceneBoundingRect())
            self._fixed_boxes = fixed
        return self._fixed_boxes

    def _occupied(self) -> GridIndex:
        """What the step's labels in a compact layer must not cover: the fixed boxes, full
        layers' cards and biases, the step's neurons' cards, the loss terms and the total."""
        fixed = self._fixed()
        taken = GridIndex(fixed.cell, self.sceneRect().normalized().getCoords(), base=fixed)
        focus, reads = self._focus, self._reads
        for n in self._neurons.values():
            full = not n.compact
            card = (n.values,) if full or n.key in focus or n.key in reads else ()
            for box in card + (n.loss,) + ((n.bias,) if full else ()):
                if box is not None and box.has_text():
                    taken.add_box(box.coords())
        if self._total.has_text():
            taken.add(self._total.box())
        self._taken = taken
        return taken

    def _target_text(self, number: str) -> str:
        return self.tr("target %1").replace("%1", number)

    def _refresh_loss(self, n: _Neuron) -> None:
        s, c, rec = self.session, self.colors, self._record
        lines = [(self._target_text(self._num(self._targets[n.index - 1])), c.muted)]
        if rec is not None and ("loss", n.index) in self._reveal:
            term = display_name(f"E_{s.neuron_label(n.layer, n.index)}")  # Eₒ₁ vs the total E
            lines.append((f"{term} {self._num(rec.terms[s.sample, n.index - 1])}", c.text))
        n.loss.set_lines(lines, self._mark(("output", n.index)))

    def _param_lines(self, ref: ParamRef, narrow: bool = False) -> list[tuple[str, str]]:
        """'w5 0.4', then '∂E/∂w5 0.082167' below it once computed (narrow: the number on
        a line of its own), which '→ 0.358916' replaces once updated (the panel and the
        Tables keep the gradient): the first line stays put."""
        return self._written(self._param_state(ref), narrow, self.colors, self.precision)

    def _param_later(self, ref: ParamRef) -> Callable[[], list[tuple[str, str]]]:
        """_param_lines(ref) as of now, written when called (TextBox.set_later)."""
        state, colors, precision = self._param_state(ref), self.colors, self.precision
        return lambda: self._written(state, False, colors, precision)

    def _param_state(self, ref: ParamRef) -> tuple:
        """What _param_lines writes of ref: its name, its value shown, and its gradient and
        value after the update where the cursor reveals them (None where not)."""
        rec, index = self._record, ref.index
        before = float(self._shown[index])
        if rec is None or not self.session.spec.is_trainable(ref.kind, ref.layer):
            return self.session.params.labels[ref.index], before, None, None  # frozen: no "b₁,₁ 0.35 → 0.35"
        reveal = self._reveal
        grad = rec.grad[index] if ("grad", index) in reveal else None
        after = float(rec.after[index]) if ("update", index) in reveal else None
        return self.session.params.labels[ref.index], before, grad, after

    def _written(self, state: tuple, narrow: bool, c: Colors, precision: int) -> list[tuple[str, str]]:
        """_param_lines' lines from _param_state's, at these colours and digits."""
        name, before, grad, after = state
        num = self._num if precision == self.precision else lambda x: fmt(float(x), precision)
        lines = [(f"{name} {num(before)}", c.text)]
        if grad is not None:
            color = c.negative if grad < 0 else c.positive
            lines += [(f"∂E/∂{name}", color), (num(grad), color)] if narrow \
                else [(f"∂E/∂{name} {num(grad)}", color)]
        if after is not None:
            old, new = changed_pair(before, after, precision)
            lines[0] = (f"{name} {old}", c.text)
            lines[1:] = [(f"→ {new}", c.text)]
        return lines

    def _param_value(self, ref: ParamRef, form: int = NAMED) -> list[tuple[str, str]]:
        """A compact layer's bias off the step: one muted line, its value now, named as
        `form` says (NAMED, SHORT, BARE)."""
        value = float(self._shown[ref.index])
        if self._record is not None and ("update", ref.index) in self._reveal:
            value = float(self._record.after[ref.index])
        text = self._num(value)
        name = (None, "b", self.session.params.labels[ref.index])[form]
        return [(f"{name} {text}" if name else text, self.colors.muted)]

    def _marks(self, band: _Band) -> np.ndarray:
        """Per edge of the band: 2 if the step computes it, 1 if it reads it, else 0;
        read-only, made once per step (its parameters are kept per step: _keys_of)."""
        params = self._marked_params
        kept = band.marks_of.get(id(params))
        if kept is not None and kept[0] is params:
            return kept[1]
        if len(band.marks_of) >= STEPS_KEPT:
            band.marks_of.clear()
        marks = np.zeros(len(band.refs), np.int8)
        lo, hi = band.first, band.first + len(band.refs)
        for idx, level in zip(params, (1, 2), strict=True):
            marks[idx[(idx >= lo) & (idx < hi)] - lo] = level
        marks.flags.writeable = False
        band.marks_of[id(params)] = (params, marks, None)
        return marks

    def _refresh_edges(self, retry: bool) -> bool:
        """Pens from the weights (width, or in a dense layer a thin line's opacity, by
        |w|) and the step's marks; only edges whose pen changed are restyled. retry: the
        labels are placed again, weights first, where a dense band gets (next to) none
        (_unlabelled); whether one did, the bands after it then left unlabelled (most of
        spiral's forward and backward phase steps placed every band twice)."""
        c = self.colors
        weights = np.concatenate([self._shown[b.first:b.first + len(b.refs)] for b in self._bands])
        biggest = float(np.max(np.abs(weights))) if weights.size else 0.0
        rest: list[tuple[_Band, Callable[[], None]]] = []  # dense labels off their rows: after every row's
        for band in self._bands:
            values = np.asarray(self._shown[band.first:band.first + len(band.refs)], float)
            size = np.abs(values) / (biggest or 1.0)
            if band.dense:  # cosmetic one-pixel lines: fast to draw by the thousand
                widths, alphas = np.zeros_like(size), np.round(40 + 160 * size, -1)
            else:
                widths, alphas = np.round((1 + 5 * size) * 2) / 2, np.full_like(size, 150.0)
            marks = self._marks(band)
            code = (widths * 1000 + alphas) * np.where(values < 0, -1, 1)
            previous = self._pens.get(band.layer)
            changed = np.arange(len(values)) if previous is None else np.nonzero(previous != code)[0]
            for value in np.unique(code[changed]):
                edges = changed[code[changed] == value]
                i = int(edges[0])
                band.bundle.set_pen(edges, (self._blend(self._signed(values[i]), alphas[i]),
                                            float(widths[i])))
            self._pens[band.layer] = code
            band.bundle.commit()
            colors = ("", c.reads, c.focus)
            # a dense layer's step marking more edges than get labels: thin, fast lines; so
            # many that they would draw a solid block: a tint, and only the labelled ones
            many = np.count_nonzero(marks) if band.dense else 0
            bold = 0.0 if many > DENSE_CAP else 2.5
            unmarked = np.nonzero(marks == 0)[0] if many <= TINT_FROM else np.arange(len(marks))
            band.marked.set_pen(unmarked, None)
            for level in (1, 2) if many <= TINT_FROM else ():
                edges = np.nonzero(marks == level)[0]
                for width in np.unique(widths[edges]):
                    band.marked.set_pen(edges[widths[edges] == width],
                                        (colors[level], float(width) + bold))
            band.marked.commit()
            self._tint(band, marks if many > TINT_FROM else None)
            if band.dense:
                rest.append((band, self._refresh_dense_labels(band, marks)))
            else:
                for box, ref, mark in zip(band.labels, band.refs, marks, strict=True):
                    box.set_lines(self._param_lines(ref, narrow=True), colors[mark] or None)
                    box.setZValue(4 if mark else 3)
        for band, place in rest:
            place()
            if retry and self._unlabelled(band):
                return True
        return False

    def _refresh_dense_labels(self, band: _Band, marks: np.ndarray) -> Callable[[], None]:
        """Labels for the step's edges of a dense layer, from its pool, never stacked:
        what the step computes first, then what it reads, DENSE_CAP at most. Those that
        take a compact column's rows now; the others by the call returned, once every
        layer's rows are taken (a row is its label's one place; the others have many)."""
        order = [int(i) for i in self._labelled_first(band, marks)]
        for k, box in enumerate(band.labels):
            box.setVisible(False)
            if k >= len(order) and box.key is not None:  # the others are named below
                box.param = box.key = None
                box.setData(PARAM, None)
        if not order:
            self._set_leaders(band, [])
            return lambda: None
        taken = self._taken if self._taken is not None else self._occupied()
        colors = ("", self.colors.reads, self.colors.focus)
        targets = {band.refs[i].to for i in order}
        for box, i in zip(band.labels, order, strict=False):
            ref = band.refs[i]
            # a weight the step only reads: its value, as the panel's sum writes it
            lines = self._param_lines(ref) if marks[i] == 2 else [
                (self._num(self._shown[ref.index]), self.colors.text)]
            box.set_lines(lines, colors[marks[i]])
            box.param, box.key = ref.name, ("param", ref.index)
            box.setData(PARAM, ref.index)
        boxes = band.labels[:len(order)]
        sizes = [b.box().size() for b in boxes]
        segments = [band.segments[i] for i in order]
        left = self._neurons[(band.layer - 1, 1)].circle.rect().right()
        right = self._neurons[(band.layer, 1)].circle.rect().left()
        scene = self.sceneRect()  # a label read stays between its two layers' circles
        between = QRectF(left, scene.top(), right - left, scene.height())
        spots = self._row_spots(band, order, marks, sizes, taken, between)

        def place() -> None:
            rest = [k for k, spot in enumerate(spots) if spot is None]
            found = place_dense([segments[k] for k in rest], [sizes[k] for k in rest], len(targets) == 1,
                                taken, len(rest), [scene if marks[order[k]] == 2 else between for k in rest])
            for k, spot in zip(rest, found, strict=True):
                spots[k] = spot
            leaders = []
            for box, spot, segment in zip(boxes, spots, segments, strict=True):
                if spot is not None:
                    box.setPos(spot[0])
                    box.setVisible(True)
                    self._step_labels.add(box.box())
                    if spot[1]:
                        leaders.append(QLineF(nearest(segment, spot[0]), spot[0]))
            self._set_leaders(band, leaders)
            if np.count_nonzero(marks) > TINT_FROM:  # the labelled edges over the tint
                for level in (1, 2):
                    band.marked.set_pen(np.array([i for i, spot in zip(order, spots, strict=True)
                                                  if spot is not None and marks[i] == level], np.intp),
                                        (colors[level], 1.5))
                band.marked.commit()

        return place

    def _tint(self, band: _Band, marks: np.ndarray | None) -> None:
        """A translucent band from the marked edges' sources to their targets, in the mark's
        colour, for a step marking too many edges to draw (a 128 × 256 matrix's 32,768 made
        a solid block): the matrix's shape; None hides it."""
        if marks is None:
            band.tint.setVisible(False)
            return
        step = band.marks_of.get(id(self._marked_params))
        kept = step is not None and step[1] is marks  # the polygon is kept with the marks
        tinted = step[2] if kept else None
        if tinted is None or tinted[0] is not band.ends:  # laid out since
            ends = band.ends[marks > 0]
            x1, x2 = float(ends[:, 0].min()), float(ends[:, 2].max())
            (top1, top2), (bottom1, bottom2) = ends[:, [1, 3]].min(axis=0), ends[:, [1, 3]].max(axis=0)
            tinted = (band.ends, QPolygonF([QPointF(x1, top1), QPointF(x2, top2), QPointF(x2, bottom2),
                                            QPointF(x1, bottom1)]))
            if kept:
                band.marks_of[id(self._marked_params)] = (step[0], marks, tinted)
        band.tint.setPolygon(tinted[1])
        color = QColor(self.colors.focus if np.any(marks == 2) else self.colors.reads)
        color.setAlpha(TINT_ALPHA)
        band.tint.setBrush(color)
        band.tint.setVisible(True)

    def _row_spots(self, band: _Band, order: list[int], marks: np.ndarray, sizes: list[QSizeF],
                   taken: GridIndex, between: QRectF) -> list[tuple[QPointF, bool] | None]:
        """Where a compact column's rows take the step's read weights: gathering into one
        neuron from a compact layer, each beside its source's card, where its edge
        leaves; spreading from one neuron into a compact layer, each just before its
        target's dot, where its edge arrives. One label a row: never stacked, each on
        its own edge. None where the row has no room (or the step is neither)."""
        spots: list[tuple[QPointF, bool] | None] = [None] * len(order)
        refs, l = band.refs, band.layer
        if len({refs[i].to for i in order}) == 1 and self._compact(l - 1):
            ends = [(self._neurons[(l - 1, refs[i].source)], 1.0) for i in order]
        elif len({refs[i].source for i in order}) == 1 and self._compact(l):
            ends = [(self._neurons[(l, refs[i].to)], -1.0) for i in order]
        else:
            return spots
        within = between.getCoords()
        for k, ((n, side), size) in enumerate(zip(ends, sizes, strict=True)):
            if marks[order[k]] != 1:
                continue  # what the step computes: several lines, placed on its edge
            w, h = size.width(), size.height()
            edge = n.center.x() + (n.begin if side > 0 else -n.circle.rect().width() / 2)
            x = edge + side * (ROW_PAD + w / 2)
            box = (x - w / 2, n.center.y() - h / 2, x + w / 2, n.center.y() + h / 2)
            if inside(within, box) and not taken.hits_box(box):
                taken.add_box(box)
                spots[k] = (QPointF(x, n.center.y()), False)
        return spots

    def _set_leaders(self, band: _Band, leaders: list[QLineF]) -> None:
        """Thin muted lines from labels set beside their edges to the edges."""
        band.leaders.set_lines(leaders)
        band.leaders.set_pen(np.arange(len(leaders)), (self.colors.muted, 1.0))
        band.leaders.commit()

    def _focus_neurons(self) -> list[_Neuron]:
        """The neurons the step computes, or whose bias it computes (an update)."""
        focus = self._focus
        return [n for n in self._neurons.values() if ("neuron", n.layer, n.index) in focus
                or (n.bias is not None and n.bias.key in focus)]

    def _focus_anchor(self, neurons: list[_Neuron]) -> _Neuron | None:
        """Of the step's neurons (_focus_neurons), the one the view keeps in sight when they
        are taller than the view: the last of a full layer's (an output with its bias and
        loss term), else the middle one of a compact column's, around which its labelled
        edges are chosen."""
        if not neurons:
            return None
        full = [n for n in neurons if not self._compact(n.layer)]
        return full[-1] if full else neurons[len(neurons) // 2]

    def _labelled_first(self, band: _Band, marks: np.ndarray) -> np.ndarray:
        """The marked edges of a dense band in the order they get labels, as many as its
        pool: what the step computes, then what it reads; where more are marked than get
        labels (a layer step), within each those touching the neuron the view follows
        first, then by how far their ends are from it (labels in sight, not off in a
        corner of a 256-row column)."""
        pool = len(band.labels)
        levels = [np.nonzero(marks == 2)[0], np.nonzero(marks == 1)[0]]
        a = self._anchor
        if a is None or sum(len(e) for e in levels) <= pool:
            return np.concatenate(levels)[:pool]
        y, ends = a.center.y(), band.ends
        far = np.abs(ends[:, 1] - y) + np.abs(ends[:, 3] - y)
        if a.layer in (band.layer - 1, band.layer):
            far[band.ends_at[a.layer - band.layer + 1] != a.index] += 1e9
        chosen: list[int] = []
        for edges in levels:
            left = pool - len(chosen)
            if left <= 0:
                break
            if len(edges) > left:
                nearest_ = np.argpartition(far[edges], left - 1)[:left]
                edges = edges[nearest_[np.argsort(far[edges][nearest_], kind="stable")]]
            chosen.extend(edges.tolist())
        return np.array(chosen, np.intp)

    def _follow_focus(self, neurons: list[_Neuron]) -> None:
        """A graph taller or wider than the view scrolls to what the step is about: its
        neurons (_focus_neurons, with their cards and biases) and its labels, all of them
        where they fit in the view, else the neuron it follows (_focus_anchor) with its
        own."""
        port = self.viewport()
        k = self.transform().m11()
        scene = self.sceneRect()
        if scene.height() * k <= port.height() + 1 and scene.width() * k <= port.width() + 1:
            return
        if not neurons:  # a loss step: its terms grew a line where the view is
            self._uncut(None)
            return

        def own(n: _Neuron) -> QRectF:
            rect = n.circle.sceneBoundingRect()
            for box in (n.values, n.bias, n.loss):
                if box is not None and box.isVisible() and box.has_text():
                    rect = rect.united(box.box())
            return rect

        labels = (box.box() for band in self._bands for box in band.labels
                  if box.isVisible() and box.has_text() and self._mark(box.key) is not None)
        margin = 24 / k
        width, height = port.width() / k - margin, port.height() / k - margin
        whole = QRectF()
        for rect in chain(map(own, neurons), labels):  # until it is too large (a phase of phone-price)
            whole = whole.united(rect)
            if whole.height() > height or whole.width() > width:
                whole = own(self._anchor if self._anchor is not None else neurons[0])
                break
        self.ensureVisible(whole, 12, 12)
        self._uncut(whole)

    def _drop_cut(self) -> None:
        """Hides the step's labels in compact columns that the view's edge cuts (a scrolled
        column: phone-price's update of layer 2 showed the lower half of a b₂ label at the
        view's top), and shows again the cards they alone covered."""
        k = self.transform().m11()
        scene, port = self.sceneRect(), self.viewport()
        if scene.height() * k <= port.height() + 1 and scene.width() * k <= port.width() + 1:
            return
        seen = self.mapToScene(port.rect()).boundingRect()
        cut, kept = [], []
        for box in chain((box for band in self._bands if band.dense for box in band.labels),
                         self._marked_biases):
            if box.isVisible():
                rect = box.box()
                if seen.intersects(rect) and not seen.contains(rect):
                    box.setVisible(False)
                    cut.append(rect.getCoords())
                else:
                    kept.append(rect.getCoords())
        if not cut:
            return
        cards = self._yielded
        if not cards:
            return
        under = np.array([n.values.coords() for n in cards])
        free = overlapping(under, np.array(cut)) & ~overlapping(under, np.array(kept).reshape(-1, 4))
        for n in (n for n, shown in zip(cards, free.tolist(), strict=True) if shown):
            n.values.setVisible(True)

    def _uncut(self, keep: QRectF | None) -> None:
        """Scrolls the least (keeping `keep` in view) so that the view's top and bottom
        edges cut no full layer's card, bias or loss term: phone-price's layer steps showed
        the lower half of o1's card, a line of numbers cut through."""
        k = self.transform().m11()
        seen = self.mapToScene(self.viewport().rect()).boundingRect()
        items = [box for n in self._neurons.values() if not self._compact(n.layer)
                 for box in (n.values, n.bias, n.loss)] + [self._total]
        boxes = [box.box() for box in items if box is not None and box.isVisible() and box.has_text()]
        pad, scene = 3 / k, self.sceneRect()

        def fits(dy: float) -> bool:
            top, bottom = seen.top() + dy, seen.bottom() + dy
            return (scene.top() <= top and bottom <= scene.bottom()
                    and (keep is None or top <= keep.top() and keep.bottom() <= bottom)
                    and not any(b.top() < edge < b.bottom() for b in boxes for edge in (top, bottom)))

        if fits(0.0):
            return
        moves = [b.top() - pad - edge for b in boxes for edge in (seen.top(), seen.bottom())] \
            + [b.bottom() + pad - edge for b in boxes for edge in (seen.top(), seen.bottom())]
        dy = min((dy for dy in moves if fits(dy)), key=abs, default=0.0)
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + (math.ceil if dy > 0 else math.floor)(dy * k))


__all__ = ["NetworkView", "TextBox", "centred"]
