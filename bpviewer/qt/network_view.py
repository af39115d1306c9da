"""The network drawn left to right, mirroring the Session at its cursor.

Items are created once per network (`_build`) and only updated on cursor changes
(`refresh`): texts, pens and — for label placement — positions. Every number comes
from the Session's record and is shown only when `session.reveal()` allows it.
Edge labels never overlap: each is placed greedily at the first free point along its
edge; a layer with too many weights to label legibly labels only the edges the current
step computes or reads; likewise a crowded layer (more than CROWDED neurons) shows each
neuron's output only, and its net, δ and bias where the step computes or reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QWheelEvent
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from ..core.formula import fmt
from ..core.params import ParamRef, display_name
from .bridge import SessionBridge
from .theme import LIGHT, Colors

PARAM = 0  # QGraphicsItem.data key: the parameter index a double-click edits
FRACTIONS = (0.5, 0.25, 0.75, 0.15, 0.85, 0.35, 0.65)  # fallbacks along an edge
MAX_FIT = 1.8  # a small network may be drawn larger than life, not without bound
ZOOM_STEP = 1.15
MARGIN = 12.0
CENTER, LEFT, BOTTOM_RIGHT = (0.5, 0.5), (0.0, 0.5), (1.0, 1.0)  # TextBox anchors
LOSS_GAP = 14.0  # between the output layer and its loss terms
CROWDED = 5  # a layer with more neurons shows only `out` and hides biases, unless highlighted
RADIUS_LINES = 1.2  # a neuron's radius in lines of text
NAME_SHRINK = 0.75  # the smallest a long neuron name is drawn, relative to the bold font
BAND = 1.4  # the least gap between two layers' cards, in weight labels ("w12 −0.1234")
BAND_CROWDED = 1.1  # the same with a crowded layer, whose edges are labelled only when highlighted


class TextBox(QGraphicsItem):
    """Coloured lines of text on a translucent rounded box: every label of the graph."""

    PAD = 3.0

    def __init__(self, colors: Colors, anchor: tuple[float, float] = CENTER) -> None:
        """anchor: the point of the box at pos(), as fractions of its width and height."""
        super().__init__()
        self._lines: list[tuple[str, str]] = []
        self._border: str | None = None
        self._colors = colors
        self._font = QFont()
        self._anchor = anchor
        self._rect = QRectF()

    def text(self) -> str:
        return "\n".join(t for t, _ in self._lines)

    def set_style(self, font: QFont, colors: Colors) -> None:
        self._font, self._colors = QFont(font), colors
        self._resize()

    def set_lines(self, lines: list[tuple[str, str]], border: str | None = None) -> None:
        """lines: (text, colour); border: a highlight colour or None."""
        if lines == self._lines and border == self._border:
            return
        self._lines, self._border = lines, border
        self._resize()

    def _resize(self) -> None:
        self.prepareGeometryChange()
        m = QFontMetricsF(self._font)
        if not self._lines:
            self._rect = QRectF()
        else:
            w = max(m.horizontalAdvance(t) for t, _ in self._lines) + 2 * self.PAD
            h = len(self._lines) * m.lineSpacing() + 2 * self.PAD
            self._rect = QRectF(-w * self._anchor[0], -h * self._anchor[1], w, h)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-2, -2, 2, 2)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if not self._lines:
            return
        painter.setPen(QPen(QColor(self._border), 2.5) if self._border else Qt.NoPen)
        painter.setBrush(QColor(self._colors.box))
        painter.drawRoundedRect(self._rect, 4, 4)
        painter.setFont(self._font)
        m = QFontMetricsF(self._font)
        y = self._rect.top() + self.PAD + m.ascent()
        for text, color in self._lines:
            painter.setPen(QColor(color))
            painter.drawText(QPointF(self._rect.left() + self.PAD, y), text)
            y += m.lineSpacing()


@dataclass
class _Neuron:
    layer: int
    index: int
    circle: QGraphicsEllipseItem
    name: QGraphicsSimpleTextItem
    values: TextBox
    bias: TextBox | None = None
    bias_home: QPointF = field(default_factory=QPointF)  # where _layout puts the bias label
    loss: TextBox | None = None


@dataclass
class _Edge:
    ref: ParamRef
    line: QGraphicsLineItem
    label: TextBox
    candidates: list[QPointF] = field(default_factory=list)


@dataclass
class _Geometry:
    """Sizes derived from the font, so the layout follows the text zoom."""

    radius: float
    card: float  # circle centre to the right end of the value box
    row: float  # minimal distance between neurons of a layer
    slim_row: float  # the same in a crowded layer, whose cards have one line
    band: float  # minimal gap between two layers' cards
    loss: float  # width of the loss column
    text_h: float  # a box of n lines is n * text_h + 2 * TextBox.PAD high
    value_w: float  # widest value box
    label_w: float  # widest weight or bias label
    weight_w: float  # a weight label before the backward pass: "w12 −0.1234"

    def box(self, lines: int, width: float, anchor: tuple[float, float],
            at: QPointF) -> QRectF:
        h = lines * self.text_h + 2 * TextBox.PAD
        return QRectF(at.x() - anchor[0] * width, at.y() - anchor[1] * h, width, h)


class NetworkView(QGraphicsView):
    """paramActivated(index): the user double-clicked a weight's edge or a bias."""

    paramActivated = Signal(int)
    precision = 4  # compact: the chain-rule panel shows the full precision

    def __init__(self, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.session = bridge.session
        self.colors = LIGHT
        self._zoom = 1.0
        self._neurons: dict[tuple[int, int], _Neuron] = {}
        self._built_shape: tuple = ()  # (layers, features) the items were built for
        self._edges: list[_Edge] = []
        self._dense: set[int] = set()  # weight layers whose labels show only when highlighted
        self._total: TextBox | None = None
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
        self.setDragMode(QGraphicsView.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.AnchorViewCenter)
        bridge.networkChanged.connect(self._build)
        bridge.cursorChanged.connect(self.refresh)
        self._build()

    # -- public --------------------------------------------------------------------------
    def set_colors(self, colors: Colors) -> None:
        self.colors = colors
        self.setBackgroundBrush(QBrush(QColor(colors.background)))
        self._restyle()
        self.refresh()

    def label_texts(self) -> dict[str, str]:
        """What each item shows, by name: neurons (h1), weights (w5), biases (b1_1),
        loss terms (E_o1) and the total (E) — for tests and the shot's checks."""
        texts = {self.session.neuron_label(n.layer, n.index): n.values.text()
                 for n in self._neurons.values()}
        for n in self._neurons.values():
            if n.bias is not None:
                texts[self._bias_ref(n).name] = n.bias.text()
            if n.loss is not None:
                texts[f"E_{self.session.neuron_label(n.layer, n.index)}"] = n.loss.text()
        texts.update({e.ref.name: e.label.text() for e in self._edges if e.label.isVisible()})
        if self._total is not None:
            texts["E"] = self._total.text()
        return texts

    def zoom_by(self, factor: float) -> None:
        self._zoom = min(max(self._zoom * factor, 0.2), 8.0)
        self._fit()

    def zoom_fit(self) -> None:
        self._zoom = 1.0
        self._fit()

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
        scene = self.scene()
        scene.clear()
        s = self.session
        self._built_shape = self._shape()
        layers = s.spec.layers
        self._neurons.clear()
        self._edges.clear()
        last = len(layers) - 1
        for l, width in enumerate(layers):
            for j in range(1, width + 1):
                circle = scene.addEllipse(QRectF())
                circle.setZValue(2)
                name = QGraphicsSimpleTextItem(s.neuron_label(l, j), circle)
                n = _Neuron(l, j, circle, name, self._box(LEFT))
                if l:
                    n.bias = self._box(BOTTOM_RIGHT)
                    n.bias.setData(PARAM, self._bias_ref(n).index)
                if l == last:
                    n.loss = self._box(LEFT)
                self._neurons[(l, j)] = n
        for ref in s.params.refs:
            if ref.kind == "weight":
                line = scene.addLine(0, 0, 0, 0)
                line.setData(PARAM, ref.index)
                label = self._box()
                label.setData(PARAM, ref.index)
                self._edges.append(_Edge(ref, line, label))
        self._total = self._box(LEFT)
        self._restyle()
        self.refresh()

    def _box(self, anchor: tuple[float, float] = CENTER) -> TextBox:
        box = TextBox(self.colors, anchor)
        box.setZValue(3)
        self.scene().addItem(box)
        return box

    def _bias_ref(self, n: _Neuron) -> ParamRef:
        return self.session.params.ref("bias", n.layer, n.index)

    def _restyle(self) -> None:
        """Fonts and colours changed: restyle every item and lay the graph out again."""
        font = QFont(self.font())
        bold = self._name_font()
        boxes = [b for n in self._neurons.values() for b in (n.values, n.bias, n.loss) if b]
        for box in boxes + [e.label for e in self._edges] + [self._total]:
            box.set_style(font, self.colors)
        for n in self._neurons.values():
            n.name.setFont(bold)
            n.name.setBrush(QColor(self.colors.text))
        self._layout()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.FontChange and self._total is not None:
            self._restyle()
            self.refresh()

    # -- layout (on build, resize and font change) --------------------------------------
    def _names_width(self, font: QFont) -> float:
        return max(QFontMetricsF(font).horizontalAdvance(
            self.session.neuron_label(n.layer, n.index)) for n in self._neurons.values())

    def _name_font(self) -> QFont:
        """Bold, a little larger than the values; long names (h2_16) shrink, down to
        NAME_SHRINK, to fit a circle sized for the values rather than widen every circle."""
        bold = QFont(self.font())
        bold.setBold(True)
        bold.setPointSizeF(self.font().pointSizeF() * 1.1)
        room = 2 * QFontMetricsF(self.font()).lineSpacing() * RADIUS_LINES - 8
        shrink = min(1.0, max(room / self._names_width(bold), NAME_SHRINK))
        bold.setPointSizeF(bold.pointSizeF() * shrink)
        return bold

    def _geometry(self) -> _Geometry:
        m = QFontMetricsF(self.font())
        name_w = self._names_width(self._name_font())
        radius = max(m.lineSpacing() * RADIUS_LINES, name_w / 2 + 4)
        digits = "−0." + "0" * self.precision
        value_w = m.horizontalAdvance(f"out {digits}") + 2 * TextBox.PAD
        row = max(2 * radius, 3 * m.lineSpacing() + 2 * TextBox.PAD) + 8
        slim_row = max(2 * radius, m.lineSpacing() + 2 * TextBox.PAD) + 8
        label_w = max(m.horizontalAdvance(f"w00 {digits} → {digits}"),
                      m.horizontalAdvance(f"∂E/∂w00 {digits}")) + 2 * TextBox.PAD
        weight_w = m.horizontalAdvance(f"w00 {digits}") + 2 * TextBox.PAD
        band = BAND_CROWDED if max(self.session.spec.layers) > CROWDED else BAND
        return _Geometry(radius, radius + 6 + value_w, row, slim_row, band * weight_w,
                         m.horizontalAdvance(f"target {digits}") + LOSS_GAP,
                         m.lineSpacing(), value_w, label_w, weight_w)

    def _layout(self) -> None:
        """Place every item so the whole graph, with its largest labels, fills the view:
        the scale is set by the unstretched layout, then the gaps between layers and
        between neurons grow (up to 2.5×) to use the room left."""
        if not self._neurons:
            return
        g = self._geometry()
        layers = self.session.spec.layers
        bands = len(layers) - 1
        rows = [g.slim_row if width > CROWDED else g.row for width in layers]
        vw, vh = max(self.viewport().width(), 100), max(self.viewport().height(), 100)
        width0 = self._bounds(g, g.band, rows).width()
        scale = min(vw / width0, vh / self._bounds(g, g.band, rows).height(), MAX_FIT)
        band = g.band + min((vw / scale - width0) / bands, g.band * 1.5)
        stretch = 1.0
        for _ in range(2):  # the height is linear in the stretch, piecewise: refine once
            height = self._bounds(g, band, [r * stretch for r in rows]).height()
            span = max((w - 1) * r for w, r in zip(layers, rows, strict=True)) or 1.0
            stretch = min(max(stretch + (vh / scale - height) / span, 1.0), 2.5)
        rows = [r * stretch for r in rows]
        for (l, j), n in self._neurons.items():
            x = g.radius + l * (g.card + band)
            y = (j - (layers[l] + 1) / 2) * rows[l]
            n.circle.setRect(QRectF(x - g.radius, y - g.radius, 2 * g.radius, 2 * g.radius))
            r = n.name.boundingRect()
            n.name.setPos(x - r.width() / 2, y - r.height() / 2)
            n.values.setPos(x + g.radius + 6, y)
            if n.bias is not None:
                n.bias_home = QPointF(x - 0.5 * g.radius, y - 0.75 * g.radius)
                n.bias.setPos(n.bias_home)
            if n.loss is not None:
                n.loss.setPos(x + g.card + LOSS_GAP, y)
        last = len(layers) - 1
        self._total.setPos(g.radius + last * (g.card + band) + g.card + LOSS_GAP,
                           (layers[last] - 1) / 2 * rows[last] + 0.6 * g.row)
        for e in self._edges:
            src = self._neurons[(e.ref.layer - 1, e.ref.source)].circle.rect().center()
            dst = self._neurons[(e.ref.layer, e.ref.to)].circle.rect().center()
            e.line.setLine(src.x() + g.radius, src.y(), dst.x() - g.radius, dst.y())
            start = QPointF(src.x() + g.card, src.y() + (dst.y() - src.y()) * g.card / (
                dst.x() - src.x()))
            first = e.ref.source / (layers[e.ref.layer - 1] + 1)
            e.candidates = [start + (dst - QPointF(g.radius, 0) - start) * f
                            for f in (first, *FRACTIONS)]
        self._find_dense(g)
        self.scene().setSceneRect(self._bounds(g, band, rows))
        self._fit()

    def _bounds(self, g: _Geometry, band: float, rows: list[float]) -> QRectF:
        """The scene rectangle of the graph laid out with these gaps, with room for every
        label at its largest (two-line bias labels above, three-line cards below, the loss
        column and the total), so stepping never changes the fit."""
        layers = self.session.spec.layers
        last = len(layers) - 1
        line, pad = g.text_h, TextBox.PAD
        half = max((w - 1) * r for w, r in zip(layers, rows, strict=True)) / 2
        top = -half - max(g.radius, 0.75 * g.radius + 2 * line + 2 * pad)
        bottom = max(half + max(g.radius, 1.5 * line + pad),
                     (layers[last] - 1) / 2 * rows[last] + 0.6 * g.row + line / 2 + pad)
        right = g.radius + last * (g.card + band) + g.card + g.loss + 2 * pad
        return QRectF(0, top, right, bottom - top).adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)

    def _find_dense(self, g: _Geometry) -> None:
        """A weight layer is dense when its labels, as one line, do not all fit beside the
        neurons' largest boxes: then only highlighted edges get labels. (In other layers
        a label that grew too big for its place yields to the highlighted ones.)"""
        cards = []
        layers = self.session.spec.layers
        for n in self._neurons.values():
            lines = 1 if layers[n.layer] > CROWDED else 3
            cards += [n.circle.sceneBoundingRect(), g.box(lines, g.value_w, LEFT, n.values.pos())]
            if n.bias is not None:
                cards.append(g.box(2, g.label_w, BOTTOM_RIGHT, n.bias.pos()))
        largest = g.box(1, g.weight_w, CENTER, QPointF())
        self._dense = {layer for layer in {e.ref.layer for e in self._edges}
                       if None in self._free_spots([e for e in self._edges
                                                    if e.ref.layer == layer], cards, largest)}

    def _free_spots(self, edges: list[_Edge], cards: list[QRectF],
                    size: QRectF | None = None) -> list[QPointF | None]:
        """For each label in turn, its first candidate point free of the labels placed
        before it and of `cards` (None where there is none). `size`: assume every label
        has this size instead of its own."""
        taken = list(cards)
        return [_place(e, _free_spot(e, size or e.label.boundingRect(), taken), taken,
                       size) for e in edges]

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if not self._stale():
            self._layout()
            self.refresh()

    def _fit(self) -> None:
        rect = self.scene().sceneRect()
        if rect.isEmpty():
            return
        view = self.viewport().rect()
        scale = min(view.width() / rect.width(), view.height() / rect.height(), MAX_FIT)
        self.resetTransform()
        self.scale(scale * self._zoom, scale * self._zoom)
        self.centerOn(rect.center())

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.ControlModifier:
            self.zoom_by(ZOOM_STEP ** (event.angleDelta().y() / 120))
        else:
            super().wheelEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        for item in self.items(event.position().toPoint()):
            if item.data(PARAM) is not None:
                self.paramActivated.emit(int(item.data(PARAM)))
                return
        super().mouseDoubleClickEvent(event)

    # -- refresh (every cursor change) ---------------------------------------------------
    def refresh(self) -> None:
        if not self._neurons or self._stale():
            return
        s = self.session
        step = s.step
        self._record, self._reveal, self._shown = s.record, s.reveal(), s.params_shown()
        self._focus = set(step.focus) if step else set()
        self._reads = set(step.reads) if step else set()
        for n in self._neurons.values():
            self._refresh_neuron(n)
        self._declutter_biases()
        self._refresh_edges()
        rec = self._record
        total = [(f"E {self._num(rec.loss)}", self.colors.text)] \
            if rec is not None and ("total",) in self._reveal else []
        self._total.set_lines(total, self._mark(("loss",)))

    def _num(self, x: float) -> str:
        return fmt(float(x), self.precision)

    def _signed(self, x: float) -> str:
        return self.colors.negative if x < 0 else self.colors.positive

    def _mark(self, key: tuple) -> str | None:
        if key in self._focus:
            return self.colors.focus
        return self.colors.reads if key in self._reads else None

    def _refresh_neuron(self, n: _Neuron) -> None:
        c, rec, sample = self.colors, self._record, self.session.sample
        key = ("neuron", n.layer, n.index)
        mark = self._mark(key)
        full = mark is not None or self.session.spec.layers[n.layer] <= CROWDED
        lines: list[tuple[str, str]] = []
        if rec is not None:
            j = n.index - 1
            if n.layer == 0:
                lines.append((self._num(rec.activations(0)[sample, j]), c.text))
            elif ("forward", n.layer, n.index) in self._reveal:
                if full:
                    lines.append((f"net {self._num(rec.block('z', n.layer)[sample, j])}", c.text))
                lines.append((f"out {self._num(rec.block('a', n.layer)[sample, j])}", c.text))
            if full and n.layer > 0 and ("delta", n.layer, n.index) in self._reveal:
                delta = rec.block("delta", n.layer)[sample, j]
                lines.append((f"δ {self._num(delta)}", self._signed(delta)))
        n.values.set_lines(lines, mark)
        n.values.setZValue(5 if mark else 3)  # a crowded layer's full card covers its neighbours
        fill = QColor(mark or c.background)
        fill.setAlpha(110 if mark else 255)
        n.circle.setBrush(fill)
        n.circle.setPen(QPen(QColor(mark or c.text), 4 if mark else 2))
        if n.bias is not None:
            ref = self._bias_ref(n)
            bias_mark = self._mark(("param", ref.index))
            shown = full or bias_mark is not None
            n.bias.set_lines(self._param_lines(ref, "b") if shown else [], bias_mark)
        if n.loss is not None:
            self._refresh_loss(n)

    def _declutter_biases(self) -> None:
        """A bias label that would cover another neuron's circle or numbers yields; one
        the step computes or reads moves up or over its own circle, clear of them, where
        there is room."""
        cards = {key: [n.circle.sceneBoundingRect()]
                 + ([n.values.sceneBoundingRect()] if n.values.text() else [])
                 for key, n in self._neurons.items()}
        for key, n in self._neurons.items():
            if n.bias is None:
                continue
            n.bias.setPos(n.bias_home)
            others = [c for other, rects in cards.items() if other != key for c in rects]
            others += cards[key][1:]  # its own numbers
            label = n.bias.sceneBoundingRect()
            if not n.bias.text() or not any(label.intersects(c) for c in others):
                continue
            if self._mark(("param", self._bias_ref(n).index)) is None:
                n.bias.set_lines([])
                continue
            over = n.circle.sceneBoundingRect().left() - label.left()
            lifts = (QPointF(dx, -k * label.height()) for k in (0, 1, 2, 3) for dx in (0, over)
                     if k or dx)
            free = next((d for d in lifts if not any(
                label.translated(d).intersects(c) for c in others)), None)
            if free is not None:
                n.bias.setPos(n.bias_home + free)

    def _refresh_loss(self, n: _Neuron) -> None:
        s, c, rec = self.session, self.colors, self._record
        lines = []
        if rec is not None:
            target = s.dataset.targets[rec.indices[s.sample], n.index - 1]
            lines.append((f"target {self._num(target)}", c.muted))
            if ("loss", n.index) in self._reveal:
                term = display_name(f"E_{s.neuron_label(n.layer, n.index)}")  # Eₒ₁ vs the total E
                lines.append((f"{term} {self._num(rec.terms[s.sample, n.index - 1])}", c.text))
        n.loss.set_lines(lines, self._mark(("output", n.index)))

    def _param_lines(self, ref: ParamRef, name: str) -> list[tuple[str, str]]:
        """'w5 0.4 → 0.3589' (the arrow once the update is revealed), then the gradient."""
        c, rec = self.colors, self._record
        first = f"{name} {self._num(self._shown[ref.index])}"
        lines = [(first, c.text)]
        if rec is None:
            return lines
        if ("update", ref.index) in self._reveal:
            lines[0] = (f"{first} → {self._num(rec.after[ref.index])}", c.text)
        if ("grad", ref.index) in self._reveal:
            grad = rec.grad[ref.index]
            lines.append((f"∂E/∂{name} {self._num(grad)}", self._signed(grad)))
        return lines

    def _refresh_edges(self) -> None:
        shown = self._shown
        biggest = max((abs(float(shown[e.ref.index])) for e in self._edges), default=0.0)
        labelled: dict[int, list[_Edge]] = {}
        for e in self._edges:
            value = float(shown[e.ref.index])
            mark = self._mark(("param", e.ref.index))
            color = QColor(mark or self._signed(value))
            if not mark:
                color.setAlpha(150)
            width = 1 + 5 * abs(value) / (biggest or 1.0) + (2 if mark else 0)
            e.line.setPen(QPen(color, width))
            e.line.setZValue(1 if mark else 0)
            e.label.set_lines(self._param_lines(e.ref, e.ref.name), mark)
            e.label.setZValue(4 if mark else 3)
            if mark or e.ref.layer not in self._dense:
                labelled.setdefault(e.ref.layer, []).append(e)
            else:
                e.label.setVisible(False)
        cards = [b.sceneBoundingRect() for n in self._neurons.values()
                 for b in (n.circle, n.values, n.bias) if b is not None]
        taken = list(cards)
        for group in labelled.values():
            group.sort(key=lambda e: self._mark(("param", e.ref.index)) is None)
            for e in group:
                spot = _free_spot(e, e.label.boundingRect(), taken)
                if spot is None and self._mark(("param", e.ref.index)):
                    spot = _least_covering(e, cards)  # what the step is about shows
                _place(e, spot, taken)
                e.label.setVisible(spot is not None)
                if spot is not None:
                    e.label.setPos(spot)


def _free_spot(e: _Edge, shape: QRectF, taken: list[QRectF]) -> QPointF | None:
    """`e`'s first candidate point where a label of `shape` overlaps nothing `taken`."""
    return next((p for p in e.candidates
                 if not any(shape.translated(p).intersects(t) for t in taken)), None)


def _place(e: _Edge, spot: QPointF | None, taken: list[QRectF],
           size: QRectF | None = None) -> QPointF | None:
    """Record a label put at `spot` in `taken`, so later labels keep clear of it."""
    if spot is not None:
        taken.append((size or e.label.boundingRect()).translated(spot))
    return spot


def _least_covering(e: _Edge, cards: list[QRectF]) -> QPointF:
    """Where `e`'s label hides the least of the cards: on its edge or, failing that,
    just above or below it."""
    shape = e.label.boundingRect()
    shifts = [QPointF(0, f * shape.height()) for f in (0.0, -0.6, 0.6, -1.1, 1.1)]

    def covered(p: QPointF) -> float:
        return sum(max(r.width(), 0) * max(r.height(), 0)
                   for r in (shape.translated(p).intersected(c) for c in cards))

    return min((p + d for d in shifts for p in e.candidates), key=covered)
