"""The network graph's two kinds of drawn things: text boxes (every number and name) and
bundle items that draw a weight layer's edges.

One item per edge would mean tens of thousands of scene items for the notes' 20-128-256-4
model; a bundle draws them with a few `drawLines` calls, grouped by pen, and regroups only
when a pen changed.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable
from functools import cache

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem

from .graph_pictures import PICTURES
from .theme import Colors

CENTER, LEFT, TOP, TOP_LEFT = (0.5, 0.5), (0.0, 0.5), (0.5, 0.0), (0.0, 0.0)  # TextBox anchors


def opaque(color: str, background: str) -> QColor:
    """A translucent colour as it looks over the background, opaque: translucent fills and
    lines draw many times slower, and the graph's background is plain."""
    c, b = QColor(color), QColor(background)
    f = c.alphaF()
    return QColor.fromRgbF(*(f * x + (1 - f) * y for x, y in zip(
        c.getRgbF()[:3], b.getRgbF()[:3], strict=True)))


WIDTHS_KEPT = 50_000  # widths kept per font
DIGITS = "0123456789"
_ZEROS = str.maketrans("123456789", "000000000")


class _FontWidths:
    """One font's texts' widths: a click sets hundreds of boxes, mostly to texts measured
    before (a bias's value) or to numbers of a pattern measured before (a wide network's
    click writes ~450 new ones, "out 0.731942", each ~8 µs in Qt's shaper). A text's width
    is its pattern's (its digits written as 0) where the font's digits are all as wide
    and none kerns with the text's other characters (each tested on its first sight);
    else it is kept per text."""

    def __init__(self, metrics: QFontMetricsF) -> None:
        self.metrics = metrics
        self.patterns: dict[str, float] = {}
        self.texts: dict[str, float] = {}  # where the pattern's width may not be the text's
        zero, pair = metrics.horizontalAdvance("0"), metrics.horizontalAdvance("00")
        self._tabular = all(metrics.horizontalAdvance(d) == zero for d in DIGITS) and all(
            metrics.horizontalAdvance(a + b) == pair for a in DIGITS for b in DIGITS)
        self._chars: dict[str, bool] = dict.fromkeys(DIGITS, self._tabular)

    def holds(self, pattern: str) -> bool:
        """Whether every text of this pattern is as wide as it."""
        chars = self._chars
        for ch in pattern:
            ok = chars.get(ch)
            if ok is None:
                ok = chars[ch] = self._unkerned(ch)
            if not ok:
                return False
        return True

    def _unkerned(self, ch: str) -> bool:
        """Whether ch beside any digit (either side) is as wide as beside 0."""
        if not self._tabular:
            return False
        m = self.metrics
        before, after = m.horizontalAdvance(ch + "0"), m.horizontalAdvance("0" + ch)
        return all(m.horizontalAdvance(ch + d) == before and m.horizontalAdvance(d + ch) == after
                   for d in DIGITS[1:])


#: per font (its key), its widths, for every box of that font
_WIDTH_CACHES: dict[str, _FontWidths] = {}


def _widths(font: QFont, metrics: QFontMetricsF) -> Callable[[str], float]:
    """metrics.horizontalAdvance, remembered per pattern or per text (_FontWidths)."""
    cache = _WIDTH_CACHES.get(font.key())
    if cache is None:
        cache = _WIDTH_CACHES[font.key()] = _FontWidths(metrics)
    patterns, texts = cache.patterns, cache.texts

    def width(text: str) -> float:
        pattern = text.translate(_ZEROS)
        w = patterns.get(pattern)
        if w is None:
            w = texts.get(text)
            if w is None:
                if len(patterns) + len(texts) >= WIDTHS_KEPT:
                    patterns.clear()
                    texts.clear()
                w = metrics.horizontalAdvance(text)
                if cache.holds(pattern):
                    patterns[pattern] = w
                else:
                    texts[text] = w
        return w

    return width


@cache
def _color(name: str) -> QColor:
    """A text colour parsed once (a repaint draws every box's lines)."""
    return QColor(name)


@cache
def _border(color: str | None) -> QPen:
    """A box's border in a highlight colour (None: none), made once: a phase click of
    phone-price changes ~400 boxes' borders (a new pen each took ~3 ms)."""
    return QPen(QColor(color), 2.5) if color else QPen(Qt.NoPen)


class TextBox(QGraphicsRectItem):
    """Coloured lines of text on a translucent rounded box: every label of the graph.
    kind, param and key say what it shows (for `bpviewer shot --labels`): kind is
    weight | bias | neuron | loss | other, param a parameter's name, key the Step
    focus/reads key that highlights it.

    A rect item whose rect is its bounds, so that Qt asks its bounding rectangle of C++,
    not of Python: a repaint asked it of every box in the scene, 1,783 calls a phase
    click of phone-price (its ~900 boxes); only what is drawn (`paint`) is Python's."""

    PAD = 3.0
    pictured = True  # shown from its kept picture in a view's repaint (graph_pictures); not while Run trains

    def __init__(self, colors: Colors, anchor: tuple[float, float] = CENTER, kind: str = "other",
                 param: str | None = None, key: tuple | None = None) -> None:
        """anchor: the point of the box at pos(), as fractions of its width and height."""
        super().__init__()
        self._lines: list[tuple[str, str]] = []
        self._has_text = False  # any of _lines' texts not empty (asked ~1,000 times a click)
        self._border: str | None = None
        #: (make, border, measured): set_lines(make() or the lines make is, border, measured)
        #: once the lines are asked for (set_later)
        self._later: tuple[Callable[[], list[tuple[str, str]]] | list[tuple[str, str]], str | None,
                           tuple | None] | None = None
        #: (write, args, frame, has_text): what the box shows left to write(*args) (defer)
        self._deferred: tuple[Callable[..., None], tuple, tuple[float, float, float, float], bool] | None \
            = None
        self._pen = _border(None)
        self._colors = colors
        self._anchor = anchor
        self._rect = QRectF()
        self._shape = (0.0, 0.0, 0.0, 0.0)  # _rect's x, y, width and height
        self._coords: tuple[float, float, float, float] | None = None  # box()'s x, y, w, h (coords)
        self._drawn: list[tuple[QPointF, str, QColor]] | None = None  # paint's lines: where, what, colour
        self._picture: tuple | None = None  # its picture's key (picture_key, scale, pixel ratio)
        self.setPen(QPen(Qt.NoPen))  # the item's rect is then exactly its bounding rect
        self.setRect(QRectF(-2, -2, 4, 4))  # _rect and the border's margin
        self._style(QFont())
        self._fill = opaque(colors.box, colors.background)
        self.kind, self.param, self.key = kind, param, key

    def text(self) -> str:
        self.settle()
        self._resolve()
        return "\n".join(t for t, _ in self._lines)

    def has_text(self) -> bool:
        """Whether text() is not empty, without joining the lines."""
        if self._deferred is not None:
            return self._deferred[3]
        if self._later is not None:
            self._resolve()
        return self._has_text

    def defer(self, write: Callable[..., None], args: tuple, frame: tuple[float, float, float, float],
              has_text: bool) -> None:
        """Leaves what the box shows (its lines, place and style) to write(*args), run
        once its text is read, it is moved, anchored or restyled, or its view settles it
        (settle): a card out of the view's sight (a phase click of phone-price wrote ~340
        of its 408 cards out of it). Meanwhile its size, box and coords are frame's (x,
        y, width, height) and has_text has_text: what write will make them. (A method
        and its arguments, not a closure: a click defers hundreds, and each closure's
        cells were objects for the garbage collector to visit.)"""
        self._deferred = (write, args, frame, has_text)

    def settle(self) -> None:
        """The write defer left, now."""
        if self._deferred is not None:
            write, args = self._deferred[:2]
            self._deferred = None
            write(*args)

    def drop(self) -> None:
        """Forgets the write defer left (another sets all it would)."""
        self._deferred = None

    def deferred(self) -> bool:
        return self._deferred is not None

    def text_font(self) -> QFont:
        return self._font

    def set_anchor(self, anchor: tuple[float, float]) -> None:
        self.settle()
        self._resolve()
        if anchor != self._anchor:
            self._anchor = anchor
            self._resize()

    def set_style(self, font: QFont, colors: Colors) -> None:
        self.settle()
        self._resolve()
        self._colors = colors
        self._fill = opaque(colors.box, colors.background)
        self._style(QFont(font))
        self._resize()

    def _style(self, font: QFont) -> None:
        """The font and what is measured of it once (a click sets hundreds of boxes)."""
        self._font = font
        m = QFontMetricsF(font)
        self._ascent, self._spacing = m.ascent(), m.lineSpacing()
        self._widths = _widths(font, m)

    def set_lines(self, lines: list[tuple[str, str]], border: str | None = None,
                  measured: tuple | None = None) -> None:
        """lines: (text, colour); border: a highlight colour or None; measured: what
        `measured(lines)` gave, where it was asked before (while the view idled)."""
        self.settle()
        self._later = None
        if lines == self._lines and border == self._border:
            return
        if border != self._border:
            self._pen = _border(border)
        self._lines, self._border = lines, border
        self._has_text = any(t for t, _ in lines)
        self._resize(measured)

    def set_later(self, make: Callable[[], list[tuple[str, str]]] | list[tuple[str, str]],
                  border: str | None = None, measured: tuple | None = None) -> None:
        """set_lines(make(), border, measured) when the lines are first asked for (their
        text, size or box): a box its view may hide before it is drawn (a phase click of
        phone-price wrote the lines of ~300 biases it never tried to place). Its view hides
        it or asks before a repaint; make must give what it would give now (lines made
        already: make is those lines)."""
        self._later = (make, border, measured)

    def _resolve(self) -> None:
        if self._later is not None:
            make, border, measured = self._later
            self.set_lines(make() if callable(make) else make, border, measured)

    def size(self) -> tuple[float, float]:
        """The drawn box's width and height."""
        if self._deferred is not None:
            return self._deferred[2][2:]
        self._resolve()
        return self._rect.width(), self._rect.height()

    def box(self) -> QRectF:
        """The drawn box in scene coordinates (without the border's margin)."""
        if self._deferred is not None:
            return QRectF(*self._deferred[2])
        self._resolve()
        return self._rect.translated(self.scenePos())

    def coords(self, gap: float = 0.0) -> tuple[float, float, float, float]:
        """box().adjusted(-gap, 0, gap, 0).getCoords(), in QRectF's arithmetic, kept until the
        box moves or changes (a click asks it of ~400 of phone-price's cards, mostly as they were)."""
        x, y, w, h = self.frame()
        if gap:  # as QRectF.adjusted(-gap, 0, gap, 0): x + dx1, then (w + dx2) - dx1
            x, w = x - gap, w + gap + gap
        return x, y, x + w, y + h

    def frame(self) -> tuple[float, float, float, float]:
        """The drawn box's (x, y, width, height) in scene coordinates, as coords() has them."""
        if self._deferred is not None:
            return self._deferred[2]
        self._resolve()
        if self._coords is None:
            p = self.scenePos()
            self._coords = (self._shape[0] + p.x(), self._shape[1] + p.y(), self._shape[2], self._shape[3])
        return self._coords

    def frame_with(self, w: float, h: float) -> tuple[float, float, float, float]:
        """The frame() the box will have, where it is, once its lines measure w × h."""
        p = self.scenePos()
        return -w * self._anchor[0] + p.x(), -h * self._anchor[1] + p.y(), w, h

    def setPos(self, *at) -> None:  # noqa: N802 - Qt's name
        """QGraphicsItem.setPos (a point, or x and y); coords() measures again."""
        self.settle()
        self._coords = None
        super().setPos(*at)

    def measure(self, lines: list[tuple[str, str]]) -> tuple[float, float]:
        """The width and height size() gives once these lines are set, without setting
        them: a dense step tries ~40 labels a layer and places a third of them."""
        if not lines:
            return 0.0, 0.0
        widths = self._widths
        w = (widths(lines[0][0]) if len(lines) == 1 else max(widths(t) for t, _ in lines)) + 2 * self.PAD
        return w, len(lines) * self._spacing + 2 * self.PAD

    def measured(self, lines: list[tuple[str, str]]) -> tuple:
        """measure(lines), for set_lines to take while the box's font is the one
        measured with."""
        return self._widths, *self.measure(lines)

    def measured_with(self, measured: tuple) -> bool:
        """Whether measured (measured()) was made with the box's font as it is now."""
        return measured[0] is self._widths

    def _resize(self, measured: tuple | None = None) -> None:
        """The box for the lines; the scene is told of a geometry change only where the
        box changed (a number's new digits are mostly as wide as its old ones)."""
        lines = self._lines
        if not lines:
            shape = (0.0, 0.0, 0.0, 0.0)
        else:
            known = measured is not None and measured[0] is self._widths
            w, h = measured[1:] if known else self.measure(lines)
            shape = (-w * self._anchor[0], -h * self._anchor[1], w, h)
        if shape != self._shape:  # exactly (QRectF's == is fuzzy)
            self._shape, self._coords = shape, None
            self._rect = QRectF(*shape) if lines else QRectF()
            self.setRect(self._rect.adjusted(-2, -2, 2, 2))
        self._drawn = self._picture = None
        self.update()

    def picture_key(self, lines: list[tuple[str, str]], border: str | None, w: float, h: float) -> tuple:
        """What the picture of a box of this one's style showing lines (w × h) depends on."""
        return tuple(lines), border, self._font.key(), self._fill.rgba(), w, h

    def draw_ahead(self, lines: list[tuple[str, str]], border: str | None, sx: float, sy: float,
                   ratio: float) -> bool:
        """Draw the picture a view's repaint at this scale (device pixels a unit) will show
        once the box shows these lines (the next click's, while the teacher reads), unless
        it is kept; whether it drew one."""
        w, h = self.measure(lines)
        key = (self.picture_key(lines, border, w, h), sx, sy, ratio)
        if not lines or PICTURES.has(key):
            return False
        PICTURES.put(key, self._image(lines, _border(border), w, h, sx, sy, ratio))
        return True

    def _image(self, lines: list[tuple[str, str]], pen: QPen, w: float, h: float, sx: float, sy: float,
               ratio: float) -> QImage:
        """The box (w × h, its border pen) and its lines at this scale, its top-left
        `_margin` pixels in from the image's."""
        pad = _margin(sx, sy)
        image = QImage(math.ceil(w * sx) + 2 * pad, math.ceil(h * sy) + 2 * pad,
                       QImage.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(ratio)
        image.fill(Qt.transparent)
        painter = QPainter(image)
        painter.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
        painter.setTransform(QTransform(sx / ratio, 0, 0, sy / ratio, pad / ratio, pad / ratio))
        self._draw_at(painter, lines, pen, w, h)
        painter.end()
        return image

    def _draw_at(self, painter: QPainter, lines: list[tuple[str, str]], pen: QPen, w: float,
                 h: float) -> None:
        """The box (w × h, its border pen) and its lines, its top-left at the painter's origin."""
        painter.setPen(pen)
        painter.setBrush(self._fill)
        painter.drawRoundedRect(QRectF(0, 0, w, h), 4, 4)
        painter.setFont(self._font)
        y = self.PAD + self._ascent
        for text, color in lines:
            painter.setPen(_color(color))
            painter.drawText(QPointF(self.PAD, y), text)
            y += self._spacing

    def paint(self, painter: QPainter, option, widget=None) -> None:
        """In a view's repaint, the box's kept picture (graph_pictures) at whole device
        pixels, or, none drawn ahead, the box drawn there as its picture would be (drawing a
        picture on the click cost ~1.6× drawing the box); else the box and its lines, each
        line's place and colour made once (Python's calls were a third of a box's cost)."""
        ratio = PICTURES.ratio
        if ratio and self.pictured and self._lines:
            t = painter.worldTransform()
            if not t.m12() and not t.m21():
                sx, sy = t.m11() * ratio, t.m22() * ratio
                key = self._picture
                if key is None or key[1] != sx or key[2] != sy or key[3] != ratio:
                    key = self._picture = (self.picture_key(self._lines, self._border, *self._shape[2:]),
                                           sx, sy, ratio)
                x = round((self._shape[0] * t.m11() + t.dx()) * ratio)
                y = round((self._shape[1] * t.m22() + t.dy()) * ratio)
                image = PICTURES.get(key)
                if image is None:  # not drawn ahead: drawn as its picture would be, where it goes
                    painter.setWorldTransform(QTransform(sx / ratio, 0, 0, sy / ratio, x / ratio, y / ratio))
                    self._draw_at(painter, self._lines, self._pen, *self._shape[2:])
                else:
                    pad = _margin(sx, sy)
                    painter.setWorldTransform(_IDENTITY)
                    painter.drawImage(QPointF((x - pad) / ratio, (y - pad) / ratio), image)
                painter.setWorldTransform(t)
                return
        drawn = self._drawn
        if drawn is None:
            if not self._lines:
                return
            x, y, drawn = self._rect.left() + self.PAD, self._rect.top() + self.PAD + self._ascent, []
            for text, color in self._lines:
                drawn.append((QPointF(x, y), text, _color(color)))
                y += self._spacing
            self._drawn = drawn
        painter.setPen(self._pen)
        painter.setBrush(self._fill)
        painter.drawRoundedRect(self._rect, 4, 4)
        painter.setFont(self._font)
        for at, text, color in drawn:
            painter.setPen(color)
            painter.drawText(at, text)


_IDENTITY = QTransform()


def _margin(sx: float, sy: float) -> int:
    """Pixels around a box's picture for its border (2.5 units wide, on its edge)."""
    return math.ceil(2 * max(sx, sy))


#: (opaque colour, width) of an edge's pen; width 0 is a one-pixel line at any zoom
PenKey = tuple[str, float]


class EdgeBundle(QGraphicsItem):
    """Edges of one weight layer, drawn in groups of equal pens, set by numpy index
    arrays (thousands of edges change pen at once). Antialiasing is dropped for
    thousands of edges, which it would slow down. A bundle of many edges keeps its
    pictures: a few images of its part of the view, one per set of pens (each step of a
    kind marks the same edges), drawn again only when the geometry, the view's
    transform or the pens change; a click repaints them from the images. While Run trains
    (`set_running`), a bundle of thousands of edges draws a new set of pens over its last
    picture, only the edges whose pen changed (a whole-graph refresh of phone-price's
    32,768-edge layer changes 2-23 % of them; drawn afresh, 60-130 ms): their pixels are
    replaced exactly, only where edges cross the last drawn is on top. Stopped, a bundle
    shows only pictures drawn afresh, so a click sees exactly the same picture. A picture
    can be drawn ahead (`prepare`): the next click's pens in the view last painted, drawn
    while the teacher reads (a click into a new iteration drew phone-price's 32,768 edges
    afresh for the new weights, ~75 ms)."""

    SMOOTH_LIMIT = 2000
    PICTURE_FROM = 20  # more edges drawn than two full layers have: from kept pictures
    PICTURES = 16  # pictures kept per bundle (a layer step's marks come back an iteration later)
    PATCH_UP_TO = 0.5  # the most edges (share) a picture drawn over the last one redraws
    PREPARE_LINES = 3000  # edges prepare draws a call (phone-price at stop 21's pace: ~7 ms)

    def __init__(self) -> None:
        super().__init__()
        self._lines: list[QLineF] = []
        self._objects = np.zeros(0, object)  # _lines as an array, for picking a pen's lines
        self._ids = np.zeros(0, np.intp)  # per edge: its pen's id in _palette, 0 = not drawn
        self._palette: dict[PenKey, int] = {}
        self._groups: list[tuple[QPen, list[QLineF]]] | None = []  # None: to be made
        self._shown = 0  # edges drawn
        self._rect = QRectF()
        self._dirty = False
        self._geometry = 0  # counts set_lines: a picture is of one geometry ...
        self._pens = b""  # ... and one set of pens (_ids)
        self._pictures: OrderedDict[tuple, QImage] = OrderedDict()
        self.drawn = 0  # pictures drawn (tests count them)
        self.patched = 0  # ... and drawn over the last one while Run trains
        self.prepared = 0  # ... and drawn ahead (prepare)
        #: per view a kept picture shows (its key's view part): its transform, the rect seen
        self._views: dict[tuple, tuple[QTransform, QRect]] = {}
        self._running = False
        #: while running, the last picture drawn over: (its view, its pens, the picture)
        self._patch: tuple[tuple, np.ndarray, QImage] | None = None
        #: a picture prepare draws a part at a time: its key, the picture, its transform
        #: and rect seen, its pens' groups, and the group it has reached
        self._ahead: tuple | None = None

    def set_lines(self, lines: list[QLineF]) -> None:
        self.prepareGeometryChange()
        self._lines = lines
        self._objects = np.fromiter(lines, object, len(lines))
        self._ids = np.zeros(len(lines), np.intp)
        xs = [p for line in lines for p in (line.x1(), line.x2())] or [0.0]
        ys = [p for line in lines for p in (line.y1(), line.y2())] or [0.0]
        self._rect = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)).adjusted(
            -8, -8, 8, 8)
        self._groups, self._shown = [], 0
        self._geometry += 1
        self._pictures.clear()
        self._views.clear()
        self._ahead = None
        self._dirty = True
        self.update()

    def set_running(self, running: bool) -> None:
        """Run trains (new pens are drawn over the last picture) or stopped: then what was
        drawn over is dropped and the bundle repainted afresh."""
        self._running = running
        if not running and self._patch is not None:
            self._patch = None
            self.update()

    def line(self, i: int) -> QLineF:
        return self._lines[i]

    def count(self) -> int:
        return len(self._lines)

    def set_pen(self, edges: np.ndarray, key: PenKey | None) -> None:
        """The pen of these edges (indices); None: not drawn."""
        pen = 0 if key is None else self._palette.setdefault(key, len(self._palette) + 1)
        if len(edges) and np.any(self._ids[edges] != pen):
            self._ids[edges] = pen
            self._dirty = True

    def commit(self) -> None:
        """Repaint after set_pen calls, if any pen changed (the groups are made when
        drawn: a kept picture needs none)."""
        if not self._dirty:
            return
        self._dirty = False
        self._groups = None
        self._pens = self._ids.tobytes()  # with _geometry, what a picture shows
        self._shown = int(np.count_nonzero(self._ids))
        self.update()

    def pens_with(self, groups: list[tuple[np.ndarray, PenKey]]) -> np.ndarray:
        """The pens (per edge, as `_ids`) that set_pen(edges, key) for each of groups would
        leave, without setting them (prepare's argument)."""
        ids = self._ids.copy()
        for edges, key in groups:
            ids[edges] = self._palette.setdefault(key, len(self._palette) + 1)
        return ids

    def prepare(self, ids: np.ndarray, whole: bool = False) -> bool:
        """Draw ahead the picture of these pens (pens_with's) in one view a kept picture
        of the pens now shows, the least recently shown first (a walk's next iteration
        comes back to its views in the order this one left them: phone-price at 1024×768
        scrolls to three), unless each has it: a click that sets them and repaints that
        view shows it as drawn then. About PREPARE_LINES edges a call, whole pens' groups
        (phone-price's 32,768 in one took 75-115 ms, which a click arriving then waited
        for), or whole: a paint that needs the picture meanwhile draws the rest (the same
        calls in the same order: the same pixels). Not while Run trains, nor for too few edges for a picture.
        Whether it drew (then call again: more of it, or the next view)."""
        if self._running or np.count_nonzero(ids) < self.PICTURE_FROM:
            return False
        pens = ids.tobytes()
        if self._ahead is not None and self._ahead[0][0] == pens:
            self._draw_part(None if whole else self.PREPARE_LINES)
            return True
        self._ahead = None
        for key in list(self._pictures):
            view = key[1:]
            if key[0] == self._pens and view in self._views and (pens, *view) not in self._pictures:
                t, seen = self._views[view]
                self._ahead = ((pens, *view), self._blank(seen, view[2]), t, seen, self._grouped(ids), 0)
                if whole:
                    self._draw_part(None)
                return True
        return False

    def _draw_part(self, lines: int | None) -> QImage:
        """Draws the next pens' groups of the picture drawn ahead, up to `lines` edges
        (at least one group; None: all left); once all are drawn, keeps it. The picture.
        A group is one drawLines call, as _draw makes it: a call's lines split in two
        draw other pixels where they meet."""
        key, picture, t, seen, groups, group = self._ahead
        with_pen = QPainter(picture)
        with_pen.setWorldTransform(t * QTransform.fromTranslate(-seen.x(), -seen.y()))
        with_pen.setRenderHint(QPainter.Antialiasing, len(self._lines) <= self.SMOOTH_LIMIT)
        left = len(self._lines) if lines is None else lines
        while group < len(groups) and left > 0:
            pen, edges = groups[group]
            with_pen.setPen(pen)
            with_pen.drawLines(edges)
            left -= len(edges)
            group += 1
        with_pen.end()
        if group < len(groups):
            self._ahead = (key, picture, t, seen, groups, group)
        else:
            self._ahead = None
            self._keep(key, picture)
            self.prepared += 1
        return picture

    def _grouped(self, ids: np.ndarray) -> list[tuple[QPen, list[QLineF]]]:
        """A drawLines call's pen and lines per pen drawn, in the pens' order, each
        pen's lines in the bundle's order: sorted once (a group picked at a time in
        Python took 11 of a picture's ~95 ms for phone-price's 32,768 edges)."""
        keys = {pen: key for key, pen in self._palette.items()}
        # a radix sort where the pens' ids fit 16 bits (a few hundred colours at most)
        order = np.argsort(ids.astype(np.uint16) if len(keys) < 1 << 16 else ids, kind="stable")
        ends = np.cumsum(np.bincount(ids)).tolist()
        groups = []
        for pen_id, (start, end) in enumerate(zip([0, *ends[:-1]], ends, strict=True)):
            if pen_id and end > start:
                color, width = keys[pen_id]
                pen = QPen(QColor(color), width)
                pen.setCapStyle(Qt.FlatCap)
                groups.append((pen, self._objects[order[start:end]].tolist()))
        return groups

    def boundingRect(self) -> QRectF:
        return self._rect

    def _draw(self, painter: QPainter) -> None:
        if self._groups is None:
            self._groups = self._grouped(self._ids)
        painter.setRenderHint(QPainter.Antialiasing, len(self._lines) <= self.SMOOTH_LIMIT)
        for pen, lines in self._groups:
            painter.setPen(pen)
            painter.drawLines(lines)

    @staticmethod
    def _blank(seen: QRect, ratio: float) -> QImage:
        """A transparent picture of the device's rect seen."""
        picture = QImage(round(seen.width() * ratio), round(seen.height() * ratio),
                         QImage.Format_ARGB32_Premultiplied)
        picture.setDevicePixelRatio(ratio)
        picture.fill(Qt.transparent)
        return picture

    def _picture(self, t: QTransform, seen: QRect, ratio: float) -> QImage:
        """The edges as transform t draws them into the device's rect seen."""
        picture = self._blank(seen, ratio)
        with_pen = QPainter(picture)
        with_pen.setWorldTransform(t * QTransform.fromTranslate(-seen.x(), -seen.y()))
        self._draw(with_pen)
        with_pen.end()
        return picture

    def _keep(self, key: tuple, picture: QImage) -> None:
        self._pictures[key] = picture
        while len(self._pictures) > self.PICTURES:
            self._pictures.popitem(last=False)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if not self._shown:
            return
        if self._shown < self.PICTURE_FROM:
            # the hint as _draw found it: while Run trains the view saves no painter state
            smooth = painter.testRenderHint(QPainter.Antialiasing)
            self._draw(painter)
            painter.setRenderHint(QPainter.Antialiasing, smooth)
            return
        device, t = painter.device(), painter.worldTransform()
        ratio = device.devicePixelRatioF()
        seen = t.mapRect(self._rect).toAlignedRect().intersected(QRect(0, 0, device.width(),
                                                                       device.height()))
        if seen.isEmpty():
            return
        view = (self._geometry, seen.getRect(), ratio, t.m11(), t.m12(), t.m21(), t.m22(),
                t.dx(), t.dy())
        key = (self._pens, *view)
        if view not in self._views:
            kept = {k[1:] for k in self._pictures}
            self._views = {v: at for v, at in self._views.items() if v in kept}
            self._views[view] = (t, seen)
        picture = self._pictures.pop(key, None)
        if picture is None and self._ahead is not None and self._ahead[0] == key:  # drawn ahead in part
            picture = self._draw_part(None)
        if picture is not None or not self._patched(view, t, seen, painter):
            if picture is None:
                picture = self._picture(t, seen, ratio)
                self.drawn += 1
            self._keep(key, picture)
            if self._running and len(self._lines) > self.SMOOTH_LIMIT:
                self._patch = (view, self._ids.copy(), picture)
        self._show(painter, seen, self._patch[2] if picture is None else picture)

    def _patched(self, view: tuple, t: QTransform, seen: QRect, painter: QPainter) -> bool:
        """While running, the picture for the current pens drawn over the last picture of
        this view: the edges whose pen changed, unless one is no longer drawn (its pixels
        would stay) or more than PATCH_UP_TO of them changed; whether it was."""
        if not self._running or len(self._lines) <= self.SMOOTH_LIMIT:
            return False
        if self._patch is None or self._patch[0] != view:  # the last kept of this view
            kept = next((k for k in reversed(self._pictures) if k[1:] == view), None)
            if kept is None:
                return False
            self._patch = (view, np.frombuffer(kept[0], np.intp), self._pictures[kept])
        _, before, picture = self._patch
        changed = np.nonzero(before != self._ids)[0]
        if not len(changed):  # a frame's repaint of something over it
            return True
        if len(changed) > self.PATCH_UP_TO * len(self._ids) or not np.all(self._ids[changed]):
            return False
        picture = picture.copy()
        with_pen = QPainter(picture)
        with_pen.setWorldTransform(t * QTransform.fromTranslate(-seen.x(), -seen.y()))
        keys = {pen: key for key, pen in self._palette.items()}
        for pen_id in np.unique(self._ids[changed]):
            color, width = keys[int(pen_id)]
            pen = QPen(QColor(color), width)
            pen.setCapStyle(Qt.FlatCap)
            with_pen.setPen(pen)
            with_pen.drawLines([self._lines[i] for i in changed[self._ids[changed] == pen_id]])
        with_pen.end()
        self._patch = (view, self._ids.copy(), picture)
        self.patched += 1
        return True

    def _show(self, painter: QPainter, seen: QRect, picture: QImage) -> None:
        """The picture at `seen`, a rectangle of the repainted region at a time where that
        region has several: over a region of many (a Run frame's cards) the raster engine
        hands the spans of one blit to Qt's GUI thread pool and waits for it (phone-price,
        a loaded machine: ~40 % of a Run frame's repaint waiting; one rectangle at a time,
        wall ms a frame's repaint, mean 9.3 → 7.6, CPU about the same); the same pixels."""
        painter.save()
        painter.resetTransform()
        engine, to_device = painter.paintEngine(), painter.deviceTransform()
        region = engine.systemClip() if engine is not None else None
        dx, dy = to_device.dx(), to_device.dy()
        if region is None or region.rectCount() < 2 or painter.hasClipping() \
                or to_device.type() not in (QTransform.TxNone, QTransform.TxTranslate) \
                or dx != int(dx) or dy != int(dy):
            painter.drawImage(seen.topLeft(), picture)
        else:
            parts = region.translated(-int(dx), -int(dy)).intersected(QRect(seen.topLeft(), picture.size()))
            for part in parts:
                painter.setClipRect(part)
                painter.drawImage(part.topLeft(), picture, part.translated(-seen.x(), -seen.y()))
        painter.restore()
