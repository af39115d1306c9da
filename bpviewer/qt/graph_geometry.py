"""Where the network view puts everything, once per network, view size, font and digits:
sizes from the font and the digits (Geometry), the gaps between layers, the neurons'
slots, and the small layers' label anchors (see graph_layout), tried with more room until
every label fits."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, QSizeF
from PySide6.QtGui import QFont, QFontInfo, QFontMetricsF
from PySide6.QtWidgets import QStyle

from ..core.formula import fmt
from ..core.params import display_name
from .graph_index import GridIndex
from .graph_items import LEFT, TOP, TOP_LEFT, TextBox
from .graph_layout import any_crosses, centred, crosses, misread, nearest, place_small
from .graph_parts import (
    BIAS_GAP,
    CROWDED,
    DENSE_CAP,
    MARGIN,
    MIN_TEXT_PX,
    ROW_PAD,
    SHRINK,
    SLACK,
    SMALL_TEXT_PX,
    Band,
)

MAX_FIT = 1.8  # a small network may be drawn larger than life, not without bound
LOSS_GAP = 14.0  # between the output layer and its loss terms
RADIUS_LINES = 1.2  # a neuron's radius in lines of text
COMPACT_GAP = 2.0  # between one compact neuron's line and the next's
NAME_SHRINK = 1 / 1.1  # a long neuron name shrinks to the values' size, no smaller
SEARCHES_KEPT = 500  # small layers' repair searches kept (_searched)
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
ATTEMPTS = 8  # layouts tried, each with more room, until every small layer's label fits
#: at the least text, where more room would scroll: the heights tried, in shares of the
#: view's SLACK (less 2 px) taller than the room (a layout's labels may find room in one
#: a few pixels taller: xor in Chinese at 1024×700 placed every label in 460 px, not 459.6)
FLOOR_ROOM = (0.0, 0.5, 1.0)
#: how a layout placed its small layers' labels: one found no room, one sits beside its
#: edge (on a leader), one covers a crossing of its edge (reads as the other's), those
#: that would cover one kept beside their edges instead (_anchor_small's AVOID), all well;
#: or all on their edges or led but one read as another edge's of its fan (graph_layout.misread)
MISSING, BESIDE, CROSSED, MISREAD, LED, ON_EDGES = range(6)
AVOID = ("avoid",)  # _anchor_small's repair: the labels over crossings first, off them
READ = ("read",)  # ... and its last: the labels misread first, off such spots
BESIDE_SHRINK = 0.8  # the least scale tried to put a label well, of the first that fits
WIDEST = (-0.123456789, -1.23456789e-5)  # the widest numbers a label reserves room for
EDGE_CLEAR = 4.0  # a bias label's least distance from an edge's centre line (a thick pen's half)


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


def _given_up(bands: list[float], least: list[float], excess: float) -> list[float] | None:
    """The gaps `excess` narrower in all, each giving up its spare over `least` in
    proportion; None where their spare is short of it."""
    spare = sum(b - r for b, r in zip(bands, least, strict=True))
    if spare < excess:
        return None
    return [b - (b - r) * excess / spare if spare else b for b, r in zip(bands, least, strict=True)]


@dataclass
class Geometry:
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


class GeometryMixin:
    """NetworkView's layout (see the module)."""

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

    def _geometry(self) -> Geometry:
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
        return Geometry(radius, line, radii, names, value_w, weight, bias, loss,
                         QSizeF(width(*total), len(total) * line + 2 * pad), bands,
                         width(num) + 2 * ROW_PAD + 1, named, held)

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
        if not self._neurons or self._stale():  # stale: a layout left for later, a network ago
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
        if h0 * scale > vh * tz + 1 and tz <= 1 and max(layers) > CROWDED:  # it scrolls all the same
            g = self._full_rows_in_view(g, (vh * tz + SLACK - 2) / scale)  # the view's own height
            w0, h0 = self._extent(g, g.bands, 1.0).size().toTuple()
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

    def _tighter(self, g: Geometry, height: float) -> Geometry:
        """g with its full layers' rows and the graph's margin as much closer (TIGHT) as
        its extent needs to be at most `height` high; g itself where even the closest is
        taller (a scroll either way: the layout stays as it was, phone-price's; the
        closest is tried first, so that costs it one extent)."""
        tried = [replace(g, row_gap=row_gap, margin=margin) for row_gap, margin in TIGHT]
        if self._extent(tried[-1], g.bands, 1.0).height() > height:
            return g
        return next(t for t in tried if self._extent(t, g.bands, 1.0).height() <= height)

    def _full_rows_in_view(self, g: Geometry, height: float) -> Geometry:
        """g with its full layers' rows as much closer (TIGHT's gaps) as their circles need
        to stand in `height` together, for a graph that scrolls for its compact columns
        (phone-price at 1024×768: o1's and o4's circles stood 7 px taller than the view,
        which cut both at iteration 0); g where they do or even the closest would not."""
        layers = self.session.spec.layers

        def span(t: Geometry) -> float:
            ys = self._positions(t, t.bands, 1.0)[1]
            return max((y[-1] - y[0] for y, w in zip(ys, layers, strict=True) if w <= CROWDED),
                       default=0.0) + 2 * t.radius
        if span(g) <= height:
            return g
        tried = [replace(g, row_gap=row_gap) for row_gap in dict.fromkeys(r for r, _ in TIGHT)]
        return next((t for t in tried if span(t) <= height), g)

    def _narrowed(self, g: Geometry, excess: float) -> list[float]:
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

    def _least(self, g: Geometry, bands: list[float], named: bool = True) -> list[float]:
        """Per gap, the least it narrows to keeping its labels' room: a full one all of it;
        a dense one beside a compact column a row's label, and (`named`) its biases'
        names; another dense one nothing."""
        layers = self.session.spec.layers
        beside = [self._compact(l) or self._compact(l + 1) for l in range(len(bands))]
        return [b if max(layers[l:l + 2]) <= CROWDED
                else min(b, max(g.row, g.named[l] if named else 0.0)) if beside[l] else 0.0
                for l, b in enumerate(bands)]

    def _slots(self, g: Geometry, l: int, j: int, x: float, y: float) -> dict[str, QRectF]:
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

    def _edge_start(self, g: Geometry, l: int) -> float:
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

    def _name_end(self, g: Geometry, l: int) -> float:
        """How far right of a compact neuron's centre its name ends."""
        return g.radii[l] + 3 + g.names[l]

    def _line_start(self, g: Geometry, l: int) -> float:
        """How far right of a neuron's centre its outgoing edges are drawn from: its
        circle, or a compact neuron's card's end (a stub joins them under the card), so
        each edge leaves from its own row where the step's labels sit beside the cards."""
        return self._edge_start(g, l) if self._compact(l) else g.radius

    def _positions(self, g: Geometry, bands: list[float], stretch: float
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

    def _spans(self, g: Geometry) -> list[tuple[float, float, float]]:
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

    def _extent(self, g: Geometry, bands: list[float], stretch: float) -> QRectF:
        """The scene rectangle of the graph so laid out: the union of the first and last
        neurons' slots of every layer."""
        xs, ys = self._positions(g, bands, stretch)
        rect = QRectF()
        for l, (x, y) in enumerate(zip(xs, ys, strict=True)):
            for j in {1, len(y)}:
                for slot in self._slots(g, l, j, x, y[j - 1]).values():
                    rect = rect.united(slot)
        return rect.adjusted(-g.margin, -g.margin, g.margin, g.margin)

    def _arrange(self, g: Geometry, room: QSizeF, clear: bool = True, farther: bool = False
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

    def _anchor_small(self, g: Geometry, obstacles: list[QRectF], bounds: QRectF, farther: bool = False
                      ) -> tuple[int, ...]:
        """The small layers' label anchors (band.anchors), clear of the obstacles. Where
        the first try leaves labels beside their edges or over crossings (but none without
        a place), the anchors are chosen again with those labels first (both kinds, then
        either); where the best still leaves a label over a crossing of its edge, once more
        with those labels first, each off its crossings (beside its edge, on a leader, if
        no spot on it is: a leader reads as its edge's, a crossing as another's); where the
        best then leaves a label that another edge of its fan reads as its own
        (graph_layout.misread), once more with those first, off such spots and their
        crossings (beside their edges, on leaders, if need be), each band with none such
        keeping the best's anchors (xor at 1024×768: its first layer's labels over
        crossings, its second's w9 on w8's edge). The best try is kept.
        Its rank: (MISSING, BESIDE, CROSSED, MISREAD, LED or ON_EDGES, −labels beside,
        −their leaders' length, −labels over crossings, −labels misread)."""
        small = [band for band in self._bands if not band.dense]
        best: tuple[tuple[int, ...], list, list] | None = None  # rank, anchors, tries
        faulty: list[list[frozenset[int]]] = []  # per band: (none, beside, over) of the first try
        if len(self._searched) > SEARCHES_KEPT:
            self._searched.clear()
        missing = False
        for repair in ((), (0, 1, 2), (1, 2), (1,), (2,), AVOID, READ):
            if repair == (0, 1, 2):  # no larger layout comes (`farther`): once more, the
                if not (farther and missing):  # labels without a place first, then the faulty
                    continue
            elif repair == AVOID:  # the best still reads a label as another edge's: that
                if best[0][0] == MISSING or not best[0][3]:  # label off its crossings, beside
                    continue  # its edge if need be
            elif repair == READ:  # the best reads a label as another of its fan's: that
                if best[0][0] != MISREAD:  # label off such spots, beside its edge if need be
                    break
            elif repair and (best[0][0] == MISSING or not any(f for faults in faulty for f in faults[1:])):
                continue  # nothing to mend, or a layout too small for every label: a larger one comes
            index = GridIndex(2 * g.line)
            for rect in obstacles:
                index.add(rect)
            tries = []
            for b, band in enumerate(small):
                if repair == AVOID:
                    mend = frozenset(best[2][b][1][2])
                elif repair == READ:
                    mend = frozenset(misread(band.segments, best[1][b], g.weight))
                else:
                    tries.append(place_small(band.segments, g.weight, index, bounds,
                                             frozenset().union(*(faulty[b][k] for k in repair)),
                                             self._searched, farther))
                    continue
                if mend:
                    tries.append(place_small(band.segments, g.weight, index, bounds, mend, self._searched,
                                             farther, True, mend if repair == READ else frozenset()))
                else:  # a band with none to mend keeps the best try's anchors
                    tries.append(best[2][b])
                    for at in filter(None, best[2][b][0]):
                        index.add(centred(g.weight, at))
            self.placement_tests += index.tests
            none, off, over = (sum(len(faults[k]) for _, faults in tries) for k in range(3))
            status = MISSING if none else BESIDE if off else CROSSED if over else ON_EDGES
            if repair in (AVOID, READ):  # kept only if it leaves no label over a crossing
                if none or over:
                    continue
                status = LED if off else ON_EDGES  # beside their edges by choice
            reach = sum(QLineF(nearest(band.segments[i], anchors[i]), anchors[i]).length()
                        for band, (anchors, faults) in zip(small, tries, strict=True) for i in faults[1])
            wrong = [misread(band.segments, anchors, g.weight)
                     for band, (anchors, _) in zip(small, tries, strict=True)]
            if any(wrong) and status >= LED:
                status = MISREAD
            rank = (status, -off, -round(reach), -over, -sum(map(len, wrong)))
            if best is None or rank > best[0]:
                best = (rank, [anchors for anchors, _ in tries], tries)
            if not repair:
                faulty = [[frozenset(f) for f in faults] for _, faults in tries]
                missing = status == MISSING
        for band, anchors in zip(small, best[1], strict=True):
            band.anchors = anchors
        return best[0]

    def _start_edges(self, g: Geometry, clear: bool = True) -> bool:
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

    def _edges_of(self, band: Band, g: Geometry) -> None:
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
