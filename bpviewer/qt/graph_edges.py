"""The weights' side of a click: each edge's pen, and its label — a small layer's at its
fixed anchor, a dense layer's few the step computes or reads placed from a pool."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, QSizeF
from PySide6.QtGui import QColor, QPolygonF

from ..core.formula import fmt, telling_precision
from ..core.params import ParamRef
from ..core.session import After
from .graph_index import Box, GridIndex, inside
from .graph_layout import DENSE_BESIDE, centred, nearest, place_dense
from .graph_parts import CROWDED, DENSE_CAP, NAMED, PARAM, ROW_PAD, STEPS_KEPT, Band, Neuron
from .theme import Colors

TINT_FROM = 500  # a step marking more of a layer's edges tints their band, draws the labelled ones
TINT_ALPHA = 60  # ... in the mark's colour at this opacity
#: a weight label's forms, widest first (_param_lines); NARROWEST is an update's where two
#: lines (91 px at 1024×768) would hide cards off the step and three keep off them
#: (spiral's room between h₁'s cards and h₂'s dots: 87 px)
WIDE, NARROW, NARROWEST = range(3)
#: a step computing at most this many of a dense layer's labels tries them clear of the
#: cards it leaves unmarked first (_clear_of_cards)
CLEAR_OF_CARDS = 2
#: ... a gradient's narrowest form beside its edge, through which the edge still runs, at
#: these shifts (in label widths and heights): down or up in eighths, finer than
#: DENSE_BESIDE's quarters (phone-price-mini's ∂E/∂w17 in four lines at 1024×768 in
#: Chinese: a quarter's step put it 1 scene unit into i₁'s value, and its two lines stood
#: over h₁,₆–₇'s cards on a leader)
CLEAR_BESIDE = tuple(dict.fromkeys(tuple((0.0, s * k / 8) for k in range(4, 17) for s in (-1, 1))
                                   + DENSE_BESIDE))
Spot = tuple[QPointF, bool] | None  # a dense label's place, and whether beside its edge (a leader)


@dataclass
class BandAhead:
    """A dense band's labels as _place_dense_ahead placed them: for its labelled order
    (`first`) and exact sizes, the spots on their rows and the boxes those add, then the
    other spots and their boxes (`spread`: False where the pass stopped before it)."""

    first: np.ndarray
    sizes: list[tuple[float, float]]
    rows: list[Spot]
    row_boxes: list[Box]
    spread: bool = False
    spots: list[Spot] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)


def changed_pair(before: float, after: float, precision: int) -> tuple[str, str]:
    """before and after at `precision`, or at more digits when an update too small for
    them would otherwise read as no change (as the chain panel writes them)."""
    p = telling_precision(before, after, precision)
    return fmt(before, p), fmt(after, p)


class EdgesMixin:
    """NetworkView's weights at each click (see the module)."""

    def _param_lines(self, ref: ParamRef, narrow: int = WIDE) -> list[tuple[str, str]]:
        """'w5 0.4', then '∂E/∂w5 0.082167' below it once computed (NARROW: the number on
        a line of its own), which '→ 0.358916' replaces once updated (the panel and the
        Tables keep the gradient): the first line stays put. NARROWEST: an update's name
        on a line of its own too ('w5', '0.4', '→ 0.358916')."""
        return self._written(self._param_state(ref), narrow, self.colors, self.precision)

    def _param_later(self, ref: ParamRef) -> Callable[[], list[tuple[str, str]]]:
        """_param_lines(ref) as of now, written when called (TextBox.set_later)."""
        state, colors, precision = self._param_state(ref), self.colors, self.precision
        return lambda: self._written(state, WIDE, colors, precision)

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

    def _written(self, state: tuple, narrow: int, c: Colors, precision: int) -> list[tuple[str, str]]:
        """_param_lines' lines from _param_state's, at these colours and digits."""
        name, before, grad, after = state
        num = self._num if precision == self.precision else lambda x: fmt(float(x), precision)
        lines = [(f"{name} {num(before)}", c.text)]
        if grad is not None:
            color = c.negative if grad < 0 else c.positive
            lines += [(f"∂E/∂{name}", color), (num(grad), color)] if narrow \
                else [(f"∂E/∂{name} {num(grad)}", color)]
            if narrow == NARROWEST and after is None:
                return [(name, c.text), (num(before), c.text), *lines[1:]]
        if after is not None:
            old, new = changed_pair(before, after, precision)
            if narrow == NARROWEST:
                return [(name, c.text), (old, c.text), (f"→ {new}", c.text)]
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

    def _marks(self, band: Band) -> np.ndarray:
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
        band.marks_of[id(params)] = (params, marks, None, {})
        return marks

    def _refresh_edges(self, retry: bool) -> bool:
        """Pens from the weights (width, or in a dense layer a thin line's opacity, by
        |w|) and the step's marks; only edges whose pen changed are restyled. retry: the
        labels are placed again, weights first, where a dense band gets (next to) none
        (_unlabelled); whether one did, the bands after it then left unlabelled (most of
        spiral's forward and backward phase steps placed every band twice)."""
        c = self.colors
        biggest = self._biggest(self._shown)
        ahead = self._spots_ahead
        self._spots_from = None
        if ahead is not None and ahead[0] == self._read_key:  # placed ahead on what the index holds?
            taken = self._taken if self._taken is not None else self._occupied()
            self._spots_from = ahead if taken.holds(ahead[1], ahead[2]) else None
        rest: list[tuple[Band, Callable[[], None]]] = []  # dense labels off their rows: after every row's
        for band in self._bands:
            values = np.asarray(self._shown[band.first:band.first + len(band.refs)], float)
            marks = self._marks(band)
            pens = self._new_pens(band, values, biggest)
            if pens is None:  # the weights as last drawn (a backward step's): pens as they were
                widths = self._pens[band.layer][2]
            else:
                widths, code, groups = pens
                for edges, key in groups:
                    band.bundle.set_pen(edges, key)
                self._pens[band.layer] = (values.copy(), biggest, widths, code)
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
                    box.set_lines(self._param_lines(ref, NARROW), colors[mark] or None)
                    box.setZValue(4 if mark else 3)
        for band, place in rest:
            place()
            if retry and self._unlabelled(band):
                return True
        return False

    def _biggest(self, shown: np.ndarray) -> float:
        """The largest |w| of these parameter values' weights: what a pen's width or
        opacity is relative to."""
        weights = np.concatenate([shown[b.first:b.first + len(b.refs)] for b in self._bands])
        return float(np.max(np.abs(weights))) if weights.size else 0.0

    def _new_pens(self, band: Band, values: np.ndarray, biggest: float
                  ) -> tuple[np.ndarray, np.ndarray, list[tuple[np.ndarray, tuple[str, float]]]] | None:
        """The band's pens for these weights: per edge its width and pen code, and the
        (edges, pen) whose pen is not as last drawn; None where the weights are as drawn."""
        previous = self._pens.get(band.layer)
        if previous is not None and previous[1] == biggest and np.array_equal(previous[0], values):
            return None
        size = np.abs(values) / (biggest or 1.0)
        if band.dense:  # cosmetic one-pixel lines: fast to draw by the thousand
            widths, alphas = np.zeros_like(size), np.round(40 + 160 * size, -1)
        else:
            widths, alphas = np.round((1 + 5 * size) * 2) / 2, np.full_like(size, 150.0)
        code = (widths * 1000 + alphas) * np.where(values < 0, -1, 1)
        changed = np.arange(len(values)) if previous is None else np.nonzero(previous[3] != code)[0]
        groups = []
        for value in np.unique(code[changed]):
            edges = changed[code[changed] == value]
            i = int(edges[0])
            groups.append((edges, (self._blend(self._signed(values[i]), alphas[i]), float(widths[i]))))
        return widths, code, groups

    def _prepare_pens(self) -> bool:
        """Draw ahead, in one view each, the edge pictures of other weights the next click
        will show (Session.params_shown_next: at an iteration's last step the next
        iteration's), else those Next Iteration will (to the next iteration's last step,
        from any step: the history's at this iteration's end): either drew them afresh
        (phone-price's 32,768 edges ~75 ms CPU; 2-64-64-10's ~20). Pens are made as that
        click will make them, once for these weights. The next click's whole, a view of
        each bundle a call (a crossing right after a jump to an iteration's last step took
        them all from the first idle turn); Next Iteration's a part of one picture a call
        (EdgeBundle.prepare: a click within the iteration, which needs none of them, waited
        for a whole one). Whether one was drawn (there may be more to draw)."""
        s = self.session
        shown = s.params_shown_next()
        next_click = shown is not self._shown
        if not next_click:
            shown = s.history.params_at(s.iteration)
            if shown is self._shown:  # iteration 0: the next iteration shows them too
                return False
        key = (shown.tobytes(), self.colors, [band.bundle for band in self._bands])
        if self._ahead_pens[0] != key:
            biggest = self._biggest(shown)
            ids = []
            for band in self._bands:
                pens = self._new_pens(band, np.asarray(shown[band.first:band.first + len(band.refs)], float),
                                      biggest)
                ids.append(None if pens is None else band.bundle.pens_with(pens[2]))
            self._ahead_pens = (key, ids)
        pairs = [(band.bundle, ids) for band, ids in zip(self._bands, self._ahead_pens[1], strict=True)
                 if ids is not None]
        if next_click:
            return any([bundle.prepare(ids, whole=True) for bundle, ids in pairs])
        return any(bundle.prepare(ids) for bundle, ids in pairs)

    def _refresh_dense_labels(self, band: Band, marks: np.ndarray) -> Callable[[], None]:
        """Labels for the step's edges of a dense layer, from its pool, never stacked:
        what the step computes first, then what it reads, DENSE_CAP at most. Those that
        take a compact column's rows now; the others by the call returned, once every
        layer's rows are taken (a row is its label's one place; the others have many)."""
        first = self._labelled_first(band, marks)
        order = first.tolist()
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
        ahead = self._dense_ahead
        made = ahead[1].get(band.layer) if ahead is not None and ahead[0] == self._read_key else None
        if made is None or made[0] is not first:  # not made ahead for this reading and order
            made = self._dense_lines(band, marks, first)
        else:
            self.dense_applied += 1
        for box, i, (lines, measured) in zip(band.labels, order, made[1], strict=False):
            ref = band.refs[i]
            # written when placed or read: most stay hidden (a phase click of phone-price
            # places ~12 of each layer's 40)
            box.set_later(lines, colors[marks[i]], measured)
            box.param, box.key = ref.name, ("param", ref.index)
            box.setData(PARAM, ref.index)
        sizes = _sizes(band, made)
        boxes = band.labels[:len(order)]
        segments = [band.segments[i] for i in order]
        scene, between, _ = self._dense_bounds(band)
        placed = self._placed_rows(band, first, sizes)
        if placed is None:
            spots = self._row_spots(band, order, marks, sizes, taken, between)
        else:
            spots = list(placed.rows)
            for box in placed.row_boxes:
                taken.add_box(box)

        def place() -> None:
            if placed is not None and self._spots_from is not None and placed.spread:
                spots[:] = placed.spots  # every band before placed as ahead: the index is as predicted
                for box in placed.boxes:
                    taken.add_box(box)
                self.spots_applied += 1
            else:
                self._place_computed(band, order, marks, spots, sizes, taken)
                self._spread(band, order, marks, spots, sizes, taken)
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

    def _place_computed(self, band: Band, order: list[int], marks: np.ndarray, spots: list[Spot],
                        sizes: list[QSizeF], taken: GridIndex) -> None:
        """Where a step computes at most CLEAR_OF_CARDS of the band's labels: each first
        clear of the cards it leaves unmarked (_clear_of_cards), in its narrowest form
        where the wide one finds no spot on its edge (see NARROWEST); its spot and size
        set in `spots` and `sizes`."""
        rest = [k for k, spot in enumerate(spots) if spot is None]
        computed = [k for k in rest if marks[order[k]] == 2]
        if not 0 < len(computed) <= CLEAR_OF_CARDS:
            return
        scene = self.sceneRect()
        one_target = len({band.refs[i].to for i in order}) == 1
        for k in computed:
            ref, box, segment = band.refs[order[k]], band.labels[k], band.segments[order[k]]
            forms = [(sizes[k], None)]
            gradient = ("update", ref.index) not in self._reveal
            if not gradient or ("grad", ref.index) in self._reveal:
                narrow = self._param_lines(ref, NARROWEST)  # see NARROWEST
                forms.append((QSizeF(*box.measure(narrow)), narrow))
            for size, lines in forms:
                clear = self._clear_of_cards(taken, band.layer, segment, size.height())
                across = lines is not None and gradient  # beside its edge, on it all the same
                spot = place_dense([segment], [size], one_target, clear, 1, [scene],
                                   *((CLEAR_BESIDE, True) if across else ()))[0]
                if spot is not None:
                    spots[k], sizes[k] = spot, size
                    taken.add(centred(size, spot[0]))
                    if lines is not None:
                        box.set_later(lines, self.colors.focus)
                    break

    def _spread(self, band: Band, order: list[int], marks: np.ndarray, spots: list[Spot],
                sizes: list[QSizeF], taken: GridIndex) -> None:
        """The band's labels without a spot yet, each on or beside its edge (place_dense),
        their spots set in `spots`. A layer or phase step's labels stay within their
        layers' columns: one past them reads as the next gap's (spiral's update of layer
        2: w121 by h₂'s cards)."""
        scene, between, within = self._dense_bounds(band)
        rest = [k for k, spot in enumerate(spots) if spot is None]
        far = scene if np.count_nonzero(marks == 2) <= CLEAR_OF_CARDS else within
        found = place_dense([band.segments[order[k]] for k in rest], [sizes[k] for k in rest],
                            len({band.refs[i].to for i in order}) == 1, taken, len(rest),
                            [far if marks[order[k]] == 2 else between for k in rest])
        for k, spot in zip(rest, found, strict=True):
            spots[k] = spot

    def _dense_bounds(self, band: Band) -> tuple[QRectF, QRectF, QRectF]:
        """The scene, the strip between the band's two layers' circles (where a label
        read stays) and the one from the first's circles' left to the second's right."""
        left = self._neurons[(band.layer - 1, 1)].circle.rect().right()
        right = self._neurons[(band.layer, 1)].circle.rect().left()
        scene = self.sceneRect()
        between = QRectF(left, scene.top(), right - left, scene.height())
        source, target = (self._neurons[(band.layer + k, 1)].circle.rect() for k in (-1, 0))
        within = QRectF(source.left(), scene.top(), target.right() - source.left(), scene.height())
        return scene, between, within

    def _unlabelled(self, band: Band, shown: int | None = None) -> bool:
        """Whether a dense band the step marks got (next to) no labels (shown: how many
        it got; None: those visible): a layer's step whose biases, placed first, took the
        strip before their column (phone-price's narrow h₁ → h₂ gap held 256 biases and 1
        of W2's labels, off in a corner; overfitting's forward of layer 2 its 16 and none
        of 256 weights)."""
        if shown is None:
            shown = sum(box.isVisible() for box in band.labels)
        return band.dense and shown < min(np.count_nonzero(self._marks(band)), CROWDED)

    def _place_dense_ahead(self, after: After, key: tuple, cards: GridIndex, taken: GridIndex) -> None:
        """With the next click's marked compact biases placed ahead (_place_biases: taken
        is the index they leave), its dense labels placed as _refresh_edges' first pass
        will place them (each band's rows, then each band's other labels, up to a band
        it would place again: _unlabelled) from the lines and sizes made ahead
        (_prepare_dense); per band the spots and the boxes each part adds (cards: taken's
        base). The click
        takes them where its reading is this one and its index holds exactly what taken
        holds now (_refresh_edges), band by band while each band's order and sizes are
        these (_placed_rows): phone-price's backward and update phase steps spent
        place_dense ~5.5 ms of a ~30 ms click. Not where a step computes so few labels
        that they are tried clear of the cards first (_place_computed: the cards then
        are the click's to read)."""
        self._spots_ahead = None
        dense = self._dense_ahead
        if dense is None or dense[0] != key:
            return
        before, bands, todo = taken.added(), {}, []
        with self._reading(after):
            self._anchor = self._focus_anchor(self._focus_neurons())
            for band in self._bands:
                marks = self._marks(band) if band.dense else None
                first = self._labelled_first(band, marks) if marks is not None else None
                if first is None or not len(first):
                    continue
                made = dense[1].get(band.layer)
                if made is None or made[0] is not first \
                        or 0 < np.count_nonzero(marks[first] == 2) <= CLEAR_OF_CARDS:
                    return
                order, sizes, start = first.tolist(), _sizes(band, made), len(taken.added())
                between = self._dense_bounds(band)[1]
                rows = self._row_spots(band, order, marks, sizes, taken, between)
                bands[band.layer] = BandAhead(first, _kept(sizes), rows, taken.added(start))
                todo.append((band, order, marks, sizes, rows))
            for band, order, marks, sizes, rows in todo:
                spots, start = list(rows), len(taken.added())
                self._spread(band, order, marks, spots, sizes, taken)
                ahead = bands[band.layer]
                ahead.spread, ahead.spots, ahead.boxes = True, spots, taken.added(start)
                if self._unlabelled(band, sum(spot is not None for spot in spots)):
                    break  # the click places every band again, weights first
        self._spots_ahead = (key, cards, before, bands)

    def _placed_rows(self, band: Band, first: np.ndarray, sizes: list[QSizeF]) -> BandAhead | None:
        """The band's labels as _place_dense_ahead placed them (BandAhead), where every
        band of this pass so far took theirs on an index holding what was predicted
        (_refresh_edges) and this band's order and sizes are those; else None, and the
        bands after it are placed afresh too."""
        ahead = self._spots_from
        placed = ahead[3].get(band.layer) if ahead is not None else None
        if placed is None or placed.first is not first or placed.sizes != _kept(sizes):
            self._spots_from = None
            return None
        return placed

    def _dense_lines(self, band: Band, marks: np.ndarray, order: np.ndarray) -> tuple:
        """The labelled edges' order and, per label of the band's pool in that order, its
        lines at the cursor read and their measure (TextBox.measured): what
        _refresh_dense_labels writes and places."""
        made = []
        for box, i in zip(band.labels, order.tolist(), strict=False):
            ref = band.refs[i]
            # a weight the step only reads: its value, as the panel's sum writes it
            lines = self._param_lines(ref) if marks[i] == 2 else [
                (self._num(self._shown[ref.index]), self.colors.text)]
            made.append((lines, box.measured(lines)))
        return order, made

    def _prepare_dense(self, after: After, key: tuple) -> None:
        """After the next step's cards (_prepare_cards), in one turn: its dense layers'
        _dense_lines, read as the click to it will read them (_reading: its marks, the
        neuron it follows: _focus_anchor), for that click to take where its reading's key
        and the labels' order are these (phone-price's backward and update phase steps
        wrote and measured ~2 × 40 labels' lines, ~4 ms of the click)."""
        if self._dense_ahead is not None and self._dense_ahead[0] == key:
            return
        made = {}
        with self._reading(after):
            self._anchor = self._focus_anchor(self._focus_neurons())
            for band in self._bands:
                if band.dense:
                    marks = self._marks(band)
                    order = self._labelled_first(band, marks)
                    if len(order):
                        made[band.layer] = self._dense_lines(band, marks, order)
        self._dense_ahead = (key, made)

    def _clear_of_cards(self, taken: GridIndex, layer: int, segment: QLineF, height: float) -> GridIndex:
        """taken and the cards the step leaves unmarked (with text) in the compact layers
        on either side of weight `layer` that a label of `height` on or beside `segment`
        could cover: where a step's few computed labels are tried first, so that none
        hides cards off the step where its edge has room (spiral's update of w170 hid
        h₁,₉–h₁,₁₁'s under it: _yield_cards)."""
        clear = GridIndex(taken.cell, self.sceneRect().normalized().getCoords(), base=taken)
        reach = 3 * height  # a label beside its edge sits at most two of its heights off it
        top, bottom = min(segment.y1(), segment.y2()) - reach, max(segment.y1(), segment.y2()) + reach
        focus, reads, layers = self._focus, self._reads, self.session.spec.layers
        for l in (layer - 1, layer):
            if not self._compact(l):
                continue
            for j in range(1, layers[l] + 1):
                n = self._neurons[(l, j)]
                if top < n.center.y() < bottom and n.key not in focus and n.key not in reads \
                        and n.values.has_text():
                    clear.add_box(n.values.coords())
        return clear

    def _tint(self, band: Band, marks: np.ndarray | None) -> None:
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
                band.marks_of[id(self._marked_params)] = (step[0], marks, tinted, step[3])
        band.tint.setPolygon(tinted[1])
        color = QColor(self.colors.focus if np.any(marks == 2) else self.colors.reads)
        color.setAlpha(TINT_ALPHA)
        band.tint.setBrush(color)
        band.tint.setVisible(True)

    def _row_spots(self, band: Band, order: list[int], marks: np.ndarray, sizes: list[QSizeF],
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

    def _set_leaders(self, band: Band, leaders: list[QLineF]) -> None:
        """Thin muted lines from labels set beside their edges to the edges."""
        band.leaders.set_lines(leaders)
        band.leaders.set_pen(np.arange(len(leaders)), (self.colors.muted, 1.0))
        band.leaders.commit()

    def _labelled_first(self, band: Band, marks: np.ndarray) -> np.ndarray:
        """The marked edges of a dense band in the order they get labels, as many as its
        pool: what the step computes, then what it reads; where more are marked than get
        labels (a layer step), within each those touching the neuron the view follows
        first, then by how far their ends are from it (labels in sight, not off in a
        corner of a 256-row column). Kept with the marks per neuron followed and layout
        (every iteration's step of a kind asks the same: phone-price's phase step sorted
        its 32,768 edges' distances, ~0.7 ms)."""
        pool = len(band.labels)
        a = self._anchor
        step = band.marks_of.get(id(self._marked_params))
        orders = step[3] if step is not None and step[1] is marks else {}
        key = None if a is None else (a.layer, a.index, a.center.y())
        kept = orders.get(key)
        if kept is not None and kept[0] is band.ends and kept[1] == pool:
            return kept[2]
        order = self._ordered(band, marks, pool, a)
        order.flags.writeable = False
        orders[key] = (band.ends, pool, order)
        return order

    def _ordered(self, band: Band, marks: np.ndarray, pool: int, a: Neuron | None) -> np.ndarray:
        """_labelled_first's order, made."""
        levels = [np.nonzero(marks == 2)[0], np.nonzero(marks == 1)[0]]
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


def _sizes(band: Band, made: tuple) -> list[QSizeF]:
    """The sizes of the band's labels showing the lines `made` (_dense_lines) gives them."""
    return [QSizeF(*(measured[1:] if box.measured_with(measured) else box.measure(lines)))
            for box, (lines, measured) in zip(band.labels, made[1], strict=False)]


def _kept(sizes: list[QSizeF]) -> list[tuple[float, float]]:
    """Sizes as exact numbers (QSizeF's == is fuzzy)."""
    return [(size.width(), size.height()) for size in sizes]
