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

from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice

import numpy as np
from PySide6.QtCore import QLineF, QMetaObject, QPointF, QRectF, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFont, QFontInfo, QPainter, QPen, QPolygonF, QWheelEvent
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsSimpleTextItem, QGraphicsView, QWidget

from ..core.formula import fmt
from ..core.history import Record
from ..core.params import display_name
from ..core.session import After
from ..core.steps import Reveal, Step, StepPlan
from .bridge import SessionBridge
from .graph_cards import CARDS_AHEAD, CardsMixin
from .graph_edges import BandAhead, EdgesMixin
from .graph_follow import FollowMixin
from .graph_geometry import GeometryMixin
from .graph_index import GridIndex
from .graph_items import CENTER, LEFT, TOP, TOP_LEFT, EdgeBundle, TextBox, opaque
from .graph_layout import crosses
from .graph_maps import GraphMaps
from .graph_parking import Parking
from .graph_parts import (
    CROWDED,
    DENSE_CAP,
    MIN_TEXT_PX,
    PARAM,
    SHRINK,
    SLACK,
    SMALL_TEXT_PX,
    STEPS_KEPT,
    Band,
    Neuron,
)
from .graph_pictures import PICTURES
from .pacing import Paced
from .step_animation import StepAnimation
from .theme import LIGHT, Colors

ZOOM_STEP = 1.15
TEXTS_KEPT = 100_000  # numbers kept written out (_num)
#: while Run trains, whole-graph refreshes (and their repaints) take at most this share of
#: the time (with the training due for it, twice that): phone-price's, ~0.1 s with its
#: 32,768 edges drawn again, at 15 % held its frames under 30 a second, at 10 % ~3 a
#: second took ~22 % of Run (its edges and biases now follow about once a second)
RUN_SHARE = 0.05
SETTLE_MS = 150  # a resize lays out again once the size has been still this long
PICTURES_AHEAD = 40  # box pictures drawn ahead an idle turn (~50–80 µs each)
NEAR = 150  # scene units around the view whose neurons' next cards' pictures are drawn ahead
#: a layer's retry (a dense band left next to unlabelled by the biases placed first) places
#: this many marked biases a layer before the weights' labels, the rest after them: all
#: after them left overfitting's and phone-price-mini's backward phase without any ∂E/∂b₁
RETRY_BIASES = 2


def _between(a: QRectF, b: QRectF) -> QLineF:
    """The part of the line between the centres of a and b that is outside both."""
    def leaving(box: QRectF, toward: QPointF) -> QPointF:
        c = box.center()
        d = toward - c
        s = min(box.width() / 2 / abs(d.x()) if d.x() else 1.0,
                box.height() / 2 / abs(d.y()) if d.y() else 1.0, 1.0)
        return c + d * s

    return QLineF(leaving(a, b.center()), leaving(b, a.center()))


class NetworkView(GeometryMixin, CardsMixin, EdgesMixin, FollowMixin, QGraphicsView):
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
        #: after a paint, while the teacher reads: the next click's edge pictures (_draw_ahead)
        self._ahead = QTimer(self, singleShot=True, interval=0)
        self._ahead.timeout.connect(self._draw_ahead)
        self._read_at: tuple = ()  # the cursor the last whole refresh read (_read_cursor)
        self._read_key: tuple = ()  # ... what its cards depend on (_reading_key)
        #: the next click's cards made ahead (_prepare_cards): its reading's key, the
        #: entries made so far by neuron key, and the neurons to make them for
        self._cards_ahead: tuple[tuple, dict, list[Neuron]] | None = None
        self.cards_applied = 0  # neurons the last refresh set from entries made ahead (_occupied, tests)
        #: the next click's compact cards indexed ahead (_prepare_taken): its reading's key, the index
        self._taken_ahead: tuple[tuple, GridIndex] | None = None
        #: the next click's marked compact biases placed ahead (_place_biases): its reading's
        #: key, the index of cards and the boxes they were placed on, and per bias tried or not
        #: (neuron, its box or None, shown)
        self._biases_ahead: tuple[tuple, GridIndex, list, list] | None = None
        #: compact neurons whose card's write a click left for when it is asked for or seen
        #: (_apply_entry, _settle_rows), by key
        self._unwritten: dict[tuple[int, int], Neuron] = {}
        #: the next click's dense labels' lines and sizes made ahead (_prepare_dense): its
        #: reading's key and, per dense layer, what _dense_lines gives
        self._dense_ahead: tuple[tuple, dict[int, tuple]] | None = None
        self.dense_applied = 0  # dense layers the last refresh labelled from _dense_ahead (tests)
        #: the next click's dense labels placed ahead (_place_dense_ahead): its reading's key,
        #: the index's base and boxes they were placed on, and per dense layer what was placed
        self._spots_ahead: tuple[tuple, GridIndex, list, dict[int, BandAhead]] | None = None
        self._spots_from: tuple | None = None  # _spots_ahead while the click's bands take it
        self.spots_applied = 0  # dense layers' spots the last refresh took from _spots_ahead (tests)
        #: the next click's box pictures drawn ahead (_prepare_pictures): the reading's key
        #: and scale they are for, the (box, lines, border) to draw, how many are drawn
        self._pictures_ahead: tuple[tuple, list, int] | None = None
        self._loss_beside = False  # the output layer's loss terms right of its cards
        #: the total E right of the last output's loss term, not under it (a wide network's
        #: loss terms below the outputs then fit the height: spiral's input gap got its width)
        self._total_beside = False
        self._cleared = False  # the last layout started an edge past a card to clear a bias
        self._neurons: dict[tuple[int, int], Neuron] = {}
        self._bands: list[Band] = []
        self._built_shape: tuple = ()
        self._total: TextBox | None = None
        #: per band: its weights, the largest |w|, and each edge's width and pen's code as drawn
        self._pens: dict[int, tuple[np.ndarray, float, np.ndarray, np.ndarray]] = {}
        #: the pens drawn ahead (_prepare_pens): (the weights, colours and bundles they are for,
        #: per band the pens or None)
        self._ahead_pens: tuple = (None, [])
        self._step_keys: dict[int, tuple] = {}  # id(step.reads) -> (its keys ...): _keys_of
        self._warming: StepPlan | None = None  # the plan whose steps' keys are made while idle
        self._warmed = 0  # ... and how many of them
        # a child timer, not a pending single shot: a lambda waiting in the event queue kept
        # a window closed without an event loop after it (and its Session) alive
        self._warm_timer = QTimer(self)
        self._warm_timer.setSingleShot(True)
        self._warm_timer.setInterval(0)
        self._warm_timer.timeout.connect(self._warm_step)
        self._fixed_boxes: GridIndex | None = None  # _fixed's, until the next _arrange
        #: what every card shows besides the step's keys (record, sample, digits, colours,
        #: layout) has an epoch: a card whose keys and epoch are as last drawn is left as it
        #: is. The cursor's epoch and what it is for, and the one given to the next click
        #: read ahead (_epoch_of): (epoch, identical, equal) each, or None
        self._context: tuple | None = None
        self._epoch = self._epochs = 0  # the cursor's, and the last given
        self._texts: dict[float, str] = {}  # _num's, at self.precision
        self._circle_styles: dict[tuple, tuple[QBrush, QPen]] = {}  # _circle_style's
        self._later = False  # see _refresh_neurons
        self._apart: tuple[np.ndarray, bool] | None = None  # _fit_all_left's biases, whether two overlap
        self._charge_paint = False  # the next repaint follows a whole refresh while running
        #: the last whole refresh, while Run trained, left the cards out of view as they were
        #: and the view where it was (scrolling to the step drew phone-price's 32,768 edges
        #: and every label come into view afresh: ~0.1 s, a first Run's longest gap)
        self._behind = False
        self._anchor: Neuron | None = None  # the neuron the view follows (_focus_anchor)
        self._marked_biases: list[TextBox] = []  # compact biases the step marks, shown
        self._narrow_biases: set[tuple] = set()  # compact biases on three lines (_narrow_bias)
        self._yielded: list[Neuron] = []  # compact neurons whose cards hide under the step's labels
        self._clipped: list[QGraphicsItem] = []  # a compact row's texts the view's edge cuts (_clip_rows)
        self._freed: list[Neuron] = []  # ... and the yielded cards shown as their labels are
        self.placement_tests = 0  # rectangle comparisons of the last layout (for tests)
        #: the small layers' repair searches by what they were given (graph_layout.place_small):
        #: a layout asks the same one again at each try, a dock-splitter drag at each size it revisits
        self._searched: dict = {}
        self._spans_of: tuple = (None, None, [])  # _spans's (geometry, loss side, spans)
        self.setScene(QGraphicsScene(self))
        self.scene().setItemIndexMethod(QGraphicsScene.NoIndex)
        self._parking = Parking(self.scene())  # while Run trains, what is out of sight draws nothing
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

    def circles(self) -> list[tuple[str, QGraphicsItem]]:
        """Every neuron's circle with the neuron's name (i1, h₁,₅, o4) — what `bpviewer
        shot --labels` reports for the cut check (a circle is not text)."""
        self.catch_up()
        return [(n.name.text(), n.circle) for n in self._neurons.values()]

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
    def _value_box(n: Neuron) -> QRectF:
        card = n.values
        return card.box() if card.isVisible() and card.has_text() else n.circle.sceneBoundingRect()

    def _past_card(self, band: Band, i: int) -> QLineF:
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
        self._parking.forget()
        # boxes Qt has deleted: a layout's scroll clips (_clip_rows) before the next refresh
        self._clipped, self._freed, self._marked_biases, self._yielded = [], [], [], []
        self._unwritten = {}
        s = self.session
        self._built_shape = self._shape()
        self._laid_out_for = ()
        self._pens.clear()
        self._fixed_boxes = self._context = self._cards_ahead = self._dense_ahead = self._taken_ahead = None
        self._biases_ahead = self._spots_ahead = None
        self._pictures_ahead = None
        layers = s.spec.layers
        self._neurons.clear()
        last = len(layers) - 1
        for l, width in enumerate(layers):
            for j in range(1, width + 1):
                circle = scene.addEllipse(QRectF())
                circle.setZValue(2)
                name = QGraphicsSimpleTextItem(display_name(s.neuron_label(l, j)), circle)
                n = Neuron(l, j, circle, name, self._box(LEFT, "neuron"), key=("neuron", l, j),
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
            self._bands.append(Band(l, refs, refs[0].index, dense, bundle, marked, labels, leaders,
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
        if not running:
            self._parking.unpark()
        # while Run trains, Qt does not save and restore the painter around each item it
        # draws (the items set what they use; a frame's refresh and repaint, CPU median of
        # 200 interleaved: phone-price 11.1 → 10.5 ms, spiral 5.8 → 5.3; pixels the same)
        self.setOptimizationFlag(QGraphicsView.DontSavePainterState, running)
        self._cache_boxes(running)
        for band in self._bands:  # a dense layer's new pens drawn over its last picture
            band.bundle.set_running(running)
        if not running and self._behind:  # a whole refresh while running left cards out, unfollowed
            self.paced()
        self._park()

    def _park(self) -> None:
        """While Run trains, the items out of sight (NetworkView._seen) marked as drawing
        nothing, where the view and its items are now (graph_parking)."""
        if self.bridge.running and self._neurons:
            self._parking.park(self._seen())

    def _layout(self) -> None:
        super()._layout()
        self._park()

    @contextmanager
    def whole(self) -> Iterator[None]:
        """FollowMixin.whole, with every item drawing (an export while Run trains)."""
        self._parking.unpark()
        try:
            with super().whole():
                yield
        finally:
            self._park()

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
                box.pictured = not running
                if id(box) not in cards:
                    box.setCacheMode(mode)

    def _restyle(self) -> None:
        """Fonts, colours or digits changed: restyle every item and lay out again."""
        if self._total is None:
            return
        font = QFont(self.font())
        PICTURES.clear()
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

    # -- layout (on build, resize, font, digits and text zoom changes) -------------------
    def _apply_scale(self, fit: float = 1.0) -> None:
        self.resetTransform()
        self.scale(self._scale * self._zoom * fit, self._scale * self._zoom * fit)
        self.centerOn(self.scene().sceneRect().center())
        self._settle_rows()
        self._park()

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
        self._settle_rows()
        self._park()
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
        """A layout a resize or a show left for later, and the cards a click left
        unwritten, now (a read or a render right after)."""
        if self._settle.isActive():
            self._settle.stop()
            self._lay_out_settled()
        self._settle_rows(every=True)
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

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 - Qt's name
        super().scrollContentsBy(dx, dy)
        self._settle_rows()
        self._clip_rows()
        self._park()

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
        ahead = self._cards_ahead
        entries = ahead[1] if ahead is not None and not light and ahead[0] == self._read_key else {}
        rows = self._rows_seen() if seen is None and entries else None
        applied = 0
        for n in self._neurons.values():
            if seen is None or seen.contains(n.center):
                entry = entries.get(n.key) if entries else None
                if entry is None:
                    self._refresh_neuron(n, light)
                else:
                    self._apply_entry(n, entry, rows)
                    applied += 1
        self.cards_applied = applied
        self._later = False

    def _rows_seen(self) -> tuple[float, float]:
        """The top and bottom of the scene rows in view, with 4 lines around them (a card
        is at most 3 lines tall, about its row): a card out of them is out of sight."""
        seen = self.mapToScene(self.viewport().rect()).boundingRect()
        return seen.top() - 4 * self._line, seen.bottom() + 4 * self._line

    def _settle_rows(self, every: bool = False) -> None:
        """Writes the cards a click left unwritten (_apply_entry) that are in the rows
        in view (every: all of them): after a scroll, a zoom or a resize, before a
        paint, a read of what the graph shows, a render of it whole, a layout."""
        if not self._unwritten:
            return
        top, bottom = self._rows_seen()
        for key, n in list(self._unwritten.items()):
            if every or top <= n.center.y() <= bottom:
                del self._unwritten[key]
                n.values.settle()

    def _write_unwritten(self) -> bool:
        """After the next step's cards are made: CARDS_AHEAD of the cards the last click
        left unwritten (_apply_entry), written; whether more are left."""
        for key in list(islice(self._unwritten, CARDS_AHEAD)):
            self._unwritten.pop(key).values.settle()
        return bool(self._unwritten)

    def _read_cursor(self) -> None:
        s = self.session
        step = s.step
        self._record, self._reveal, self._shown = s.record, s.reveal(), s.params_shown()
        self._read_at = (s.iteration, s.step_index, self._shown)
        self._inputs, self._targets = s.sample_shown()
        self._read_step(step, self._reveal)
        self._taken: GridIndex | None = None
        self._blocks: dict[tuple[str, int], np.ndarray] = {}
        self._epoch = self._epoch_of(self._record, self._shown, self._inputs, self._targets, True)
        self._read_key = self._reading_key(step, self._reveal)
        self.dense_applied = self.spots_applied = 0

    def _epoch_of(self, record: Record | None, shown: np.ndarray, inputs: np.ndarray,
                  targets: np.ndarray, move: bool = False) -> int:
        """The epoch of what every card shows besides the step's keys (record, parameters,
        sample, digits, colours, layout): the cursor's where it is the same, else a new
        one, or the one given to the next click read ahead (_reading) where it is that
        one; move: it becomes the cursor's. A layout, font or network since (_context
        None) forgets both."""
        same = (record, shown, self.colors)
        equal = (self.session.sample, self.precision, inputs.tobytes(), targets.tobytes(),
                 self._target_text(""))

        def matches(context: tuple | None) -> bool:
            return context is not None and equal == context[2] and all(
                a is b for a, b in zip(same, context[1], strict=True))

        now, after = self._context or (None, None)
        if matches(now):
            return now[0]
        if not matches(after):
            self._epochs += 1
            after = (self._epochs, same, equal)
        self._context = (after, None) if move else (now, after)
        return after[0]

    def _read_step(self, step: Step | None, reveal: Reveal) -> None:
        """The step's part of _read_cursor: what it computes and reads, and what is revealed."""
        self._reveal = reveal
        self._focus, self._reads, self._marked_params, self._solo = self._keys_of(step)
        self._backward = step is not None and step.phase == "backward"
        self._step_layer = step.layer if step else 0

    @contextmanager
    def _reading(self, after: After) -> Iterator[tuple]:
        """Reads what the next click will show (made ahead while the teacher reads: its
        step, and in a new iteration its record, parameters and sample under the epoch
        that click will take), then puts the cursor's reading back as it was; gives that
        reading's key."""
        now = (self._reveal, self._focus, self._reads, self._marked_params, self._solo, self._backward,
               self._step_layer, self._blocks, self._anchor, self._record, self._shown, self._inputs,
               self._targets, self._epoch)
        self._epoch = self._epoch_of(after.record, after.shown, after.inputs, after.targets)
        self._record, self._shown, self._inputs, self._targets = after[2:]
        self._read_step(after.step, after.reveal)
        self._blocks = {}
        try:
            yield self._reading_key(after.step, after.reveal)
        finally:
            (self._reveal, self._focus, self._reads, self._marked_params, self._solo, self._backward,
             self._step_layer, self._blocks, self._anchor, self._record, self._shown, self._inputs,
             self._targets, self._epoch) = now

    def _reading_key(self, step: Step | None, reveal: Reveal) -> tuple:
        """What every card and bias shows depends on, besides the neuron (its drawn keys
        in _refresh_neuron): the epoch (record, parameters, sample, digits, colours), the
        step's outline and what is revealed. Compared with ==, whose identity shortcut
        makes a step's tens of thousands of keys one comparison."""
        outline = None if step is None else (step.focus, step.reads, step.phase, step.layer)
        return self._epoch, outline, reveal.complete, reveal.first, reveal.index

    def _refresh_total(self) -> None:
        self._total.set_lines(*self._total_lines())

    def _total_lines(self) -> tuple[list[tuple[str, str]], str | None]:
        """The total E's lines and mark at the reading."""
        rec, total = self._record, []
        if rec is not None and ("total",) in self._reveal:
            total = [(f"E {self._num(rec.loss)}", self.colors.text)]
            if self._batched():  # the terms above are one sample's: E is not their sum
                total.append((self._samples_text(), self.colors.muted))
        return total, self._mark(("loss",))

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
        self._marked_biases, self._yielded, self._freed = [], [], []
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
            self._taken = None  # but for a few biases a layer (see RETRY_BIASES)
            self._refresh_compact_biases(marked=True, cap=RETRY_BIASES)
            self._step_labels = GridIndex(3 * self._line)
            self._refresh_edges(retry=False)
            self._refresh_compact_biases(marked=True, more=True)
        self._yield_cards()
        self._refresh_compact_biases(marked=False)
        if not running:  # while Run trains the view stays put: the run's end follows the step
            self._follow_focus(focused)
        self._clip_rows()
        self.maps.refresh()
        self.animation.shown()
        self._charge_paint = running
        if not running:
            self._warm_keys()
        self._park()  # where the refresh moved its labels

    def paintEvent(self, event) -> None:
        """While Run trains, the repaint after a whole-graph refresh (a dense layer's edges
        drawn again with their new pens) counts as part of that refresh (Paced.charged).
        Its boxes show kept pictures (graph_pictures)."""
        self._settle_rows()  # those a scroll, zoom or resize brought in sight are written already
        with PICTURES.showing(self.viewport().devicePixelRatioF()):
            if not self._charge_paint:
                super().paintEvent(event)
                if not self.bridge.running:
                    self.animation.painted()  # first: the dots start before the work ahead
                    self._ahead.start()
                return
            self._charge_paint = False
            self.paced.charged(lambda: super(NetworkView, self).paintEvent(event))

    def _draw_ahead(self) -> None:
        """After a paint: the edge pictures the next click or Next Iteration will show with
        other pens, drawn now in the views painted (_prepare_pens; phone-price's click into
        a new iteration drew its 32,768 edges afresh, ~75 ms CPU). While the step's dots fly
        too, a turn between two of their frames (each frame's paint comes back here): a
        teacher clicking every ~0.5 s found the next click unprepared when this waited for
        them to land (~0.35 s). Not while Run trains, nor while a long train's progress
        shows, nor once the cursor has moved on (a click waiting: it draws as it did). A
        part of a picture a turn of the event loop (EdgeBundle.prepare: ~10 ms): a click
        arriving meanwhile waits for that part at most. CARDS_AHEAD neurons a turn, the
        next step's cards (_prepare_cards: a few ms in all), its compact biases and dense
        labels placed (_prepare_biases: one turn, ~10 ms on phone-price, saving its click
        about as much), then their boxes' pictures (_prepare_pictures: ~10–25 ms in turns,
        saving its repaint ~3–8; a click ~30 ms after the last paint, as the benchmark's,
        found the placement not yet made behind them): before Next Iteration's edge
        pictures within an iteration (~75 ms on phone-price; the next click is the
        likelier), after the next iteration's at its last step (the next click's own);
        last, the cards the last click left unwritten out of sight (_write_unwritten)."""
        s = self.session
        if self.bridge.running or s.training or not self._neurons or self._pending \
                or not self._read_at or self._read_at[:2] != (s.iteration, s.step_index) \
                or self._read_at[2] is not s.params_shown():
            return
        order = (self._prepare_pens, self._prepare_cards, self._prepare_biases, self._prepare_pictures,
                 self._write_unwritten) if s.at_end_of_iteration \
            else (self._prepare_cards, self._prepare_biases, self._prepare_pictures, self._prepare_pens,
                  self._write_unwritten)
        if any(prepare() for prepare in order):  # one a turn: the first with more to do
            self._ahead.start()

    def _prepare_pictures(self) -> bool:
        """After the next click's cards and dense labels are made (_prepare_cards), the
        pictures of those near the view (graph_pictures), PICTURES_AHEAD a turn: that
        click's repaint shows them as drawn now (a phase click of phone-price drew ~100
        boxes afresh, ~25–35 µs each). Whether more are left."""
        ahead = self._cards_ahead
        if ahead is None or len(ahead[1]) < len(ahead[2]):
            return False
        t, ratio = self.viewportTransform(), self.viewport().devicePixelRatioF()
        sx, sy = t.m11() * ratio, t.m22() * ratio
        key = (ahead[0], sx, sy, ratio)
        if self._pictures_ahead is None or self._pictures_ahead[0] != key:
            self._pictures_ahead = (key, self._boxes_ahead(ahead), 0)
        _, todo, done = self._pictures_ahead
        drawn = 0
        while done < len(todo) and drawn < PICTURES_AHEAD:
            box, lines, border = todo[done]
            done += 1
            drawn += box.draw_ahead(lines, border, sx, sy, ratio)
        self._pictures_ahead = (key, todo, done)
        return done < len(todo)

    def _boxes_ahead(self, ahead: tuple) -> list[tuple[TextBox, list, str | None]]:
        """The next click's new cards, biases and loss terms (ahead: _cards_ahead) of the
        neurons near the view, its total E and its dense labels (_dense_ahead), with their
        borders; none where the next click is no longer the one they were made for."""
        after = self.session.step_after()
        dense = self._dense_ahead
        if after is None:
            return []
        near = self.mapToScene(self.viewport().rect()).boundingRect().adjusted(-NEAR, -NEAR, NEAR, NEAR)
        todo: list[tuple[TextBox, list, str | None]] = []
        colors = ("", self.colors.reads, self.colors.focus)
        with self._reading(after) as key:
            if key != ahead[0]:
                return []
            for n in self._neurons.values():
                entry = ahead[1].get(n.key)
                if entry is None or not near.contains(n.center):
                    continue
                drawn, lines, _, bias, _ = entry
                if lines is not None:
                    todo.append((n.values, lines, drawn[1]))
                if bias is not None and bias[1] is not None:
                    todo.append((n.bias, bias[1], bias[0][1]))
                if n.loss is not None:
                    todo.append((n.loss, *self._loss_lines(n)))
            todo.append((self._total, *self._total_lines()))
            for band in self._bands if dense is not None and dense[0] == key else ():
                made = dense[1].get(band.layer)
                if made is not None:
                    marks = self._marks(band)
                    todo += [(box, lines, colors[marks[i]]) for box, i, (lines, _) in
                             zip(band.labels, made[0].tolist(), made[1], strict=False)]
        return todo

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

    def _warm_keys(self) -> None:
        """Makes the keys (_keys_of) of the plan's steps while the window idles, a step a
        zero timer's shot, where the plan has at most STEPS_KEPT steps: a click's first
        visit of a wide network's step made them (phone-price: 8-30 ms a step, its ten layer
        steps ~85 ms in all, a third of the benchmark's layer clicks). Run stops it (the
        refresh after Run starts it again)."""
        plan = self.session.plan
        if plan is self._warming or len(plan.steps) > STEPS_KEPT:
            return
        self._warming, self._warmed = plan, 0
        self._warm_timer.start()

    def _warm_step(self) -> None:
        plan = self.session.plan
        if plan is not self._warming or self.bridge.running:  # the refresh after starts again
            self._warming = None
            return
        if self._warmed < len(plan.steps):
            self._keys_of(plan.steps[self._warmed])
            self._warmed += 1
            self._warm_timer.start()

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

    def _target_text(self, number: str) -> str:
        return self.tr("target %1").replace("%1", number)


__all__ = ["NetworkView"]
