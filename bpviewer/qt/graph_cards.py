"""The neurons' side of a click: each neuron's card (net, out, δ), circle, bias and loss
term, and where a compact layer's cards and biases go among what the step shows."""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QBrush, QColor, QPen

from ..core.params import display_name
from ..core.session import After
from .graph_edges import NARROW
from .graph_index import GridIndex, Strips, hits_any, inside, inside_all, overlapping
from .graph_items import LEFT, TextBox
from .graph_parts import BARE, BIAS_GAP, CROWDED, DENSE_CAP, NAMED, SHORT, Neuron

NUDGES = (0.0, 0.3, -0.3, 0.5, -0.5)  # a compact bias's moves off its row, in its heights
#: where a compact bias off the step is tried: left of its dot, right of its card, or in
#: its row past what takes that place (PAST_TRIES moves at most)
LEFT_OF, BY_CARD, PAST = range(3)
PAST_TRIES = 2
CARDS_AHEAD = 64  # neurons whose next cards are made a turn of the event loop (_prepare_cards)


class CardsMixin:
    """NetworkView's neurons at each click (see the module)."""

    def _refresh_neuron(self, n: Neuron, light: bool = False) -> None:
        """n's card, bias and loss term; light: not a compact layer's bias, which only
        _refresh_compact_biases may place. A card whose keys are as when last drawn, in
        the same epoch, is left as it is (a click changes a few of a wide network's cards)."""
        drawn = self._card_drawn(n)
        if drawn != n.drawn:
            n.drawn = drawn
            self._draw_card(n, drawn, self._card_lines(n, drawn))
        if n.bias is not None and not (light and n.compact):
            drawn = self._bias_drawn(n)
            if drawn != n.bias_drawn:
                n.bias_drawn = drawn
                self._write_bias(n, drawn[1])
        if n.loss is not None:
            self._refresh_loss(n)

    def _bias_lines(self, n: Neuron, mark: str | None) -> list[tuple[str, str]]:
        """n's bias's lines: a compact layer's bias off the step shows its value alone."""
        ref = n.bias_ref
        return self._param_value(ref) if n.compact and mark is None else self._param_lines(ref)

    def _write_bias(self, n: Neuron, mark: str | None, lines: list[tuple[str, str]] | None = None,
                    measured: tuple | None = None) -> None:
        """n's bias with its mark and lines (None: made now, _bias_lines; measured: their
        measure, as TextBox.set_lines takes it). A compact bias the step marks, while
        _refresh_compact_biases follows (it places DENSE_CAP a layer and hides the rest),
        is written when asked for."""
        if n.compact and mark is not None and self._later:
            n.bias.set_later(self._param_later(n.bias_ref) if lines is None else lines, mark, measured)
        else:
            n.bias.set_lines(self._bias_lines(n, mark) if lines is None else lines, mark, measured)

    def _card_drawn(self, n: Neuron) -> tuple[int, str | None, bool, bool, bool, bool]:
        """What n's card shows at the cursor read: the epoch, its mark, whether full, and
        whether its forward values and δ are revealed and the backward pass reaches it
        (the step's or n's layer from the step's up)."""
        key, reveal = n.key, self._reveal
        focused = key in self._focus
        mark = self._mark(key)
        # a compact layer's card is one line, its neuron's height: what the step reads or
        # computes there (δ in the backward pass from the step's layer up, else out); three
        # lines (net, out, δ) only for the step's one neuron, covering its neighbours'
        return (self._epoch, mark, not n.compact or (focused and self._solo == n.layer),
                n.forward_key in reveal, n.delta_key in reveal,
                self._backward and (focused or n.layer >= self._step_layer))

    def _bias_drawn(self, n: Neuron) -> tuple[int, str | None, bool, bool]:
        """What n's bias shows at the cursor read: the epoch, its mark, whether its
        gradient and update are revealed."""
        index, reveal = n.bias_ref.index, self._reveal
        return self._epoch, self._mark(n.bias.key), ("grad", index) in reveal, ("update", index) in reveal

    def _card_lines(self, n: Neuron, drawn: tuple) -> list[tuple[str, str]]:
        """n's card's lines, from what _card_drawn gave."""
        _, mark, full, forward, delta, backward = drawn
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
        return lines

    def _draw_card(self, n: Neuron, drawn: tuple, lines: list[tuple[str, str]],
                   measured: tuple | None = None) -> None:
        """n's card and circle, as _card_drawn says: its lines (measured: as
        TextBox.set_lines takes it), its place, its mark's style."""
        mark = drawn[1]
        n.values.drop()  # a write left for later: this one sets all it would
        n.values.set_lines(lines, mark, measured)
        if n.compact:
            self._place_compact_card(n, drawn[2] and n.layer > 0)
        c = self.colors
        if (mark, c) != n.style:
            n.style = (mark, c)
            n.values.setZValue(5 if mark else 3)  # a compact layer's full card covers the next
            brush, pen = self._circle_style(mark)
            n.circle.setBrush(brush)
            n.circle.setPen(pen)

    # -- the next click's cards, made while the teacher reads --------------------------
    def _ahead_entry(self, n: Neuron) -> tuple:
        """What _refresh_neuron will set on n at the cursor read (the reading of the
        next click, see _prepare_cards): its card's drawn key (_card_drawn), lines and
        their measure (None where n shows them already), and its bias's drawn key, lines
        and measure (None: no bias; lines None: as shown); then, for a compact card,
        whether it will have text and its box's frame (TextBox.frame) once set
        (_card_after; else None)."""
        drawn = self._card_drawn(n)
        lines = measured = None
        if drawn != n.drawn:
            lines = self._card_lines(n, drawn)
            measured = n.values.measured(lines)
        bias = None
        if n.bias is not None:
            bias_drawn = self._bias_drawn(n)
            bias_lines = bias_measured = None
            if bias_drawn != n.bias_drawn:
                bias_lines = self._bias_lines(n, bias_drawn[1])
                # a marked compact bias's too, set when asked for (set_later): the ~80
                # tried a phase click measured theirs (~1.5 ms)
                bias_measured = n.bias.measured(bias_lines)
            bias = (bias_drawn, bias_lines, bias_measured)
        after = self._card_after(n, drawn, lines, measured) if n.compact else None
        return drawn, lines, measured, bias, after

    def _card_after(self, n: Neuron, drawn: tuple, lines: list[tuple[str, str]] | None,
                    measured: tuple | None) -> tuple[bool, tuple[float, float, float, float]]:
        """Whether compact n's card will have text once _draw_card has set these lines
        for drawn (None: as shown now), and its frame() then, in TextBox's arithmetic:
        its size from the measure, its place as _place_compact_card puts it (or keeps
        it: the same key, the same place). A card shows the same for the same drawn key
        in an epoch, so a card already showing drawn at the click keeps these too."""
        if lines is None:
            return n.values.has_text(), n.values.frame()
        w, h = measured[1:]  # an emptied card's (0, 0), at its place: as TextBox's frame() then
        if self._backward and drawn[2] and n.layer > 0:  # _place_compact_card's left of its dot
            ax, x = 1.0, n.center.x() - n.circle.rect().width() / 2 - 3
        else:
            ax, x = LEFT[0], n.card_x
        bounds = self.sceneRect()
        y = min(max(n.center.y(), bounds.top() + h / 2), bounds.bottom() - h / 2)
        return any(t for t, _ in lines), (-w * ax + x, -h * LEFT[1] + y, w, h)

    def _prepare_cards(self) -> bool:
        """Makes CARDS_AHEAD neurons' _ahead_entry for the click to the next step
        (Session.step_after: within the iteration, or into the next one where history holds
        it), reading what that click will read (_reading), then the dense labels' lines
        (_prepare_dense); whether more are left. The click applies them where its
        reading's key is this one (a click elsewhere, one arriving first, or one whose
        record, parameters, sample, digits or colours are not those read here refreshes
        as before). A phase click of phone-price spent ~12 of its ~35 ms of refresh
        reading and writing its ~400 cards' and biases' lines; reading the step's formulas
        warms the chain panel's (its update step's: ~5 ms)."""
        after = self.session.step_after()
        if after is None or not self._neurons:
            return False
        with self._reading(after) as key:
            if self._cards_ahead is None or self._cards_ahead[0] != key:
                after.step.formulas  # noqa: B018 - built now, read by the chain panel at the click
                self._cards_ahead = (key, {}, list(self._neurons.values()))
            _, entries, todo = self._cards_ahead
            done = len(entries)
            for n in todo[done:done + CARDS_AHEAD]:
                entries[n.key] = self._ahead_entry(n)
            if len(entries) < len(todo):
                return True
        self._prepare_taken(after, key, entries)
        self._prepare_dense(after, key)  # with the last cards, as the pictures follow them
        return False

    def _prepare_taken(self, after: After, key: tuple, entries: dict) -> None:
        """With the next step's last cards: the compact cards its labels must not cover
        (_occupied's), from the entries' boxes (_card_after), indexed on the fixed boxes
        with its raster made, for the click to that step to index the rest on
        (_occupied): phone-price's backward phase step indexed its 384 cards, ~4 ms."""
        if self._taken_ahead is not None and self._taken_ahead[0] == key:
            return
        fixed = self._fixed()
        cards = GridIndex(fixed.cell, self.sceneRect().normalized().getCoords(), base=fixed)
        with self._reading(after):
            focus, reads = self._focus, self._reads
            for n in self._neurons.values():
                if n.compact and (n.key in focus or n.key in reads):
                    has_text, (x, y, w, h) = entries[n.key][4]
                    if has_text:
                        cards.add_box((x, y, x + w, y + h))
        cards.raster()
        self._taken_ahead = (key, cards)

    def _prepare_biases(self) -> bool:
        """After the next click's cards, before their box pictures (_draw_ahead): its
        compact biases off the step named (_named), those it marks placed (_place_biases)
        and its dense labels (_place_dense_ahead), once for its reading. Never more to do."""
        ahead, taken = self._cards_ahead, self._taken_ahead
        if ahead is None or len(ahead[1]) < len(ahead[2]) or taken is None or taken[0] != ahead[0] \
                or (self._biases_ahead is not None and self._biases_ahead[0] == ahead[0]):
            return False
        after = self.session.step_after()
        if after is not None:
            placed = self._place_biases(after, ahead[0], ahead[1], taken[1])
            if placed is not None:
                self._place_dense_ahead(after, ahead[0], taken[1], placed)
        return False

    def _place_biases(self, after: After, key: tuple, entries: dict, cards: GridIndex) -> GridIndex | None:
        """With the compact cards indexed ahead, for the next click (after, key: its
        reading): the compact biases it leaves off the step named, and where those it
        marks go (_refresh_compact_biases' first pass: left of their dots, DENSE_CAP a
        layer, nearest the neuron followed first), on what _occupied will index at that
        click, predicted from the entries (the full layers' cards and biases, the loss
        terms, the total E). The click takes them where its reading is this one and its
        index holds exactly the boxes predicted (_placed_ahead): phone-price's backward,
        update and forward phase steps tried ~80 biases, ~3.5 ms. Not for a neuron's
        step (a bias may go by its card), nor where a bias is to show as it does. The
        index those it marks leave (on `cards`), for the dense labels placed next
        (_place_dense_ahead); None where the click's is not predicted."""
        self._biases_ahead = (key, None, None, [])  # placed none (yet)
        fixed = self._fixed()
        with self._reading(after):
            focus, reads = self._focus, self._reads
            marked = [n for n in self._neurons.values() if n.compact and n.bias is not None
                      and (n.bias.key in focus or n.bias.key in reads)]
            for n in self._neurons.values():
                if n.compact and n.bias is not None and n.bias.key not in focus and n.bias.key not in reads:
                    self._named(n)
            if self._solo is not None:
                return None
            adds = []
            for n in self._neurons.values():  # as _occupied adds them
                _, lines, measured, bias, _ = entries[n.key]
                boxes = [] if n.compact else [(n.values, lines, measured)]
                if n.loss is not None:
                    boxes.append((n.loss, self._loss_lines(n)[0], None))
                if not n.compact and bias is not None:
                    boxes.append((n.bias, bias[1], bias[2]))
                adds += [c for c in (_coords_after(*box) for box in boxes) if c is not None]
            total = _coords_after(self._total, self._total_lines()[0], None)
            if total is not None:
                adds.append(total)
            taken = GridIndex(fixed.cell, self.sceneRect().normalized().getCoords(), base=cards)
            for box in adds:
                taken.add_box(box)
            if not marked:
                return taken
            anchor = self._focus_anchor(self._focus_neurons())
            if anchor is not None:
                y = anchor.center.y()
                marked.sort(key=lambda n: abs(n.center.y() - y))
            scene, spaced, tried, placed = self.sceneRect().getCoords(), self._spaced(), {}, []
            for n in marked:
                if tried.get(n.layer, 0) >= DENSE_CAP:
                    placed.append((n, None, False, None))
                    continue
                tried[n.layer] = tried.get(n.layer, 0) + 1
                _, lines, measured = entries[n.key][3]
                if lines is None:  # shown as it is: its size not read here
                    return None
                size = measured[1:] if n.bias.measured_with(measured) else n.bias.measure(lines)
                box = _left_of(n, size)
                shown = inside(scene, box) and not taken.hits_box(box)
                narrow = None if shown else self._narrow_lines(n)
                if narrow is not None:  # as _narrow_bias tries at the click
                    size = n.bias.measure(narrow)
                    box = _left_of(n, size)
                    shown = inside(scene, box) and not taken.hits_box(box)
                if shown and n.layer in spaced:
                    rect = QRectF(box[0], box[1], *size)
                    shown = not spaced[n.layer].hits(rect)
                    if shown:
                        spaced[n.layer].add(rect.adjusted(0, -size[1], 0, size[1]))
                if shown:
                    taken.add_box(box)
                placed.append((n, box, shown, narrow))
        self._biases_ahead = (key, cards, adds, placed)
        return taken

    def _placed_ahead(self, compact: list[Neuron], taken: GridIndex) -> bool:
        """_refresh_compact_biases' first pass as _prepare_biases placed it, where it was
        placed for this reading on an index holding exactly what taken holds; whether it
        was (the biases tried are placed; the lines of those left hidden written when
        asked for)."""
        ahead = self._biases_ahead
        if ahead is None or ahead[0] != self._read_key or not taken.holds(ahead[1], ahead[2]) \
                or len(ahead[3]) != len(compact):
            return False
        for n, box, shown, narrow in ahead[3]:
            if narrow is not None:
                n.bias.set_lines(narrow, self._mark(n.bias.key))
                self._narrow_biases.add(n.key)
            elif n.key in self._narrow_biases:  # its two lines again
                self._narrow_biases.discard(n.key)
                self._write_bias(n, self._mark(n.bias.key))
            if box is not None:
                n.bias.setPos(box[0], box[1])
            n.bias.setVisible(shown)
            if shown:
                taken.add(n.bias.box())
                self._marked_biases.append(n.bias)
        return True

    def _apply_entry(self, n: Neuron, entry: tuple, rows: tuple[float, float] | None = None) -> None:
        """_refresh_neuron(n) (not light) from n's _ahead_entry made for this reading:
        what it sets, without reading or writing anything again; a compact card whose row
        is not within rows (top, bottom; None: every row) is left to write when asked
        for or seen (TextBox.defer, _settle_rows): what the view shows of it, its box
        and its frame are as written."""
        drawn, lines, measured, bias, after = entry
        if drawn != n.drawn:
            n.drawn = drawn
            if lines is None:  # shown when made, changed since: made again
                self._draw_card(n, drawn, self._card_lines(n, drawn))
            elif rows is None or after is None or rows[0] <= n.center.y() <= rows[1]:
                self._draw_card(n, drawn, lines, measured)
            else:  # emptied too: a click into a new iteration empties most (neuron steps: ~400 of 408)
                n.values.defer(self._draw_card, (n, drawn, lines, measured), after[1], after[0])
                self._unwritten[n.key] = n
        if bias is not None:
            bias_drawn, bias_lines, bias_measured = bias
            if bias_drawn != n.bias_drawn:  # lines None: shown when made, changed since
                n.bias_drawn = bias_drawn
                self._write_bias(n, bias_drawn[1], bias_lines, bias_measured)
        if n.loss is not None:
            self._refresh_loss(n)

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

    def _place_compact_card(self, n: Neuron, solo: bool) -> None:
        """A compact card in its slot right of its name; the step's three-line card within
        the graph, and left of its dot in the backward pass (over its layer's biases, off
        the edges to the next layer, whose labels the step reads)."""
        left = solo and self._backward
        h = n.values.size()[1]
        # where it is: placed since the last layout (which makes each centre anew), as tall
        # and on the same side (a click redraws ~400 of phone-price's; a Run frame ~70)
        placed = n.placed
        if placed and placed[0] is n.center and placed[1:] == (left, h):
            return
        n.placed = (n.center, left, h)
        n.values.set_anchor((1.0, 0.5) if left else LEFT)
        x = n.center.x() - n.circle.rect().width() / 2 - 3 if left else n.card_x
        bounds = self.sceneRect()
        n.values.setPos(x, min(max(n.center.y(), bounds.top() + h / 2), bounds.bottom() - h / 2))

    def _refresh_compact_biases(self, marked: bool, cap: int = DENSE_CAP, more: bool = False) -> None:
        """A compact layer's biases sit left of their circles where they cover nothing
        (none are stacked): those the step computes or reads (marked, `cap` at most per
        layer, nearest the neuron the view follows first) before the step's weight labels,
        the others' values after them, where room is left (a busy step's labels need the
        strip beside the column). A full layer shows them all, in their reserved place.
        more: the marked ones not shown yet, after the weights' labels, where a layer's
        retry placed `cap` of them before (_refresh_all: placed after all the weights'
        labels, overfitting's backward phase showed 0 of 16 ∂E/∂b₁). While Run trains
        (`_behind`), the others only where their neurons are in sight, as the cards: out
        of it they keep what they showed, drawing nothing (graph_parking), and the run's
        end places them all (phone-price's whole refresh fitted its 384 with ~56 in sight)."""
        focus, reads = self._focus, self._reads
        seen = self._seen() if self._behind and not marked else None
        compact = [n for n in self._neurons.values() if n.compact and n.bias is not None
                   and (n.bias.key in focus or n.bias.key in reads) == marked
                   and (seen is None or seen.contains(n.center))]
        placed = {id(box) for box in self._marked_biases} if more else set()
        kept = [n for n in compact if id(n.bias) in placed]
        compact = [n for n in compact if id(n.bias) not in placed]
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
        if marked and not more:
            self._marked_biases = []
            if cap == DENSE_CAP and self._placed_ahead(compact, taken):
                return
        if marked and self._anchor is not None:  # a layer step's: those in sight first
            y = self._anchor.center.y()
            compact.sort(key=lambda n: abs(n.center.y() - y))
        # per layer: marked biases tried, DENSE_CAP at most, and shown, `cap` at most
        tried: dict[int, int] = {}
        count: dict[int, int] = {}
        spaced = self._spaced() if marked else {}
        for n in kept:
            tried[n.layer] = count[n.layer] = count.get(n.layer, 0) + 1
            if n.layer in spaced:
                box = n.bias.box()
                spaced[n.layer].add(box.adjusted(0, -box.height(), 0, box.height()))
        for n in compact:
            marked = self._mark(n.bias.key) is not None
            if marked and n.key in self._narrow_biases:  # its two lines first again
                self._narrow_biases.discard(n.key)
                self._write_bias(n, self._mark(n.bias.key))
            shown = not marked or (tried.get(n.layer, 0) < DENSE_CAP and count.get(n.layer, 0) < cap)
            if shown:
                tried[n.layer] = tried.get(n.layer, 0) + 1
                shown = ((self._gathers_rows(n) and self._fits_by_card(n, taken)) or self._fits_left(n, taken)
                         or (marked and self._narrow_bias(n) and self._fits_left(n, taken)))
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
                    count[n.layer] = count.get(n.layer, 0) + 1

    def _narrow_lines(self, n: Neuron) -> list[tuple[str, str]] | None:
        """n's bias, which the step computes the gradient of, on three lines ("b₁,₁ 0",
        "∂E/∂b₁,₁", "0.015588"), tried where its two (~115 px at 1024×768) find no room left
        of its circle (a layer's backward step at 1024×768 placed 0 of 16 in spiral's and
        phone-price-mini's first layer: its weights' labels and the inputs' values hold the
        strip); None where it has no such form (an update's and a read bias keep theirs)."""
        index = n.bias_ref.index
        if ("grad", index) not in self._reveal or ("update", index) in self._reveal:
            return None
        return self._param_lines(n.bias_ref, NARROW)

    def _narrow_bias(self, n: Neuron) -> bool:
        """Writes n's bias in _narrow_lines' form where it has one; whether it has."""
        lines = self._narrow_lines(n)
        if lines is None:
            return False
        n.bias.set_lines(lines, self._mark(n.bias.key))
        self._narrow_biases.add(n.key)
        return True

    def _spaced(self) -> dict[int, GridIndex]:
        """The compact layers whose marked biases keep a label's height free above and
        below them (an index of that room each): a layer or phase step marking the dense
        band into the layer too, whose weights' labels need rows beside the same column
        (phone-price's update of layer 2 labelled 9 biases, two rows each, and 5 weights)."""
        if self._solo is not None:
            return {}
        return {band.layer: GridIndex(3 * self._line) for band in self._bands
                if band.dense and self._compact(band.layer) and np.any(self._marks(band))}

    def _fit_all_left(self, compact: list[Neuron], taken: GridIndex, cards: list[tuple]) -> bool:
        """The biases off the step (their values named, else alone) left of their circles,
        tested all at once against what is taken and the cards: what testing each in turn
        gives when no two of them overlap (as in a column of dots, one line a neuron).
        One that covers something there moves a little up or down (NUDGES), named in full
        if it can (circles at 1280×800 hid b₁,₄'s and b₁,₇'s values, 3 px over an input's),
        else "b" and its value (SHORT: spiral at 1024×768 showed layer 2's values alone),
        else right of its card, else not at all: a value alone between a card and a dot
        reads as the card's (phone-price-mini at 1024×768, the end of an iteration at layer
        steps: b₂,₇ "−0.010000" after h₁,₇'s "out −0.055116"). False, having placed none,
        where two overlap."""
        refs, spots = self.session.params.refs, []
        for n in compact:  # named, left of its circle: kept while its value is (~400 on phone-price)
            _, lines, spot = self._named(n)
            n.bias.set_lines(lines, None)
            n.bias.setPos(spot[0], spot[1])
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
        strips = Strips(np.concatenate((obstacles, placed))) if not fits.all() else None
        for form, way in ((NAMED, LEFT_OF), (SHORT, LEFT_OF), (NAMED, BY_CARD), (SHORT, BY_CARD),
                          (NAMED, PAST)):
            for k in np.flatnonzero(~fits).tolist():
                n = compact[k]
                nxt = row.get((n.layer + 1, n.index))
                if (form, way) == (SHORT, BY_CARD) and self._home_held(compact, nxt, fits, strips):
                    continue
                n.bias.set_lines(self._param_value(refs[n.bias.key[1]], form), None)
                spots = (self._left_of_circle(n, dy) for dy in NUDGES) if way == LEFT_OF \
                    else (self._right_of_card(n),) if way == BY_CARD \
                    else self._past(n, np.concatenate((obstacles, placed)))
                # every spot is in n's row, at most its height (a line) up or down: only
                # what reaches into that strip is tested, in Python (phone-price's ~1,000
                # obstacles in numpy took ~6 ms a neuron click)
                y, h = n.center.y(), n.bias.size()[1]
                near = strips.near(y - 2 * h, y + 2 * h)
                for spot in spots:
                    if inside(scene, spot) and not hits_any(spot, near):
                        fits[k], placed = True, np.concatenate((placed, np.array([spot])))
                        strips.add(spot)
                        break
        for n, shown in zip(compact, fits.tolist(), strict=True):
            n.bias.setVisible(shown)
        return True

    def _named(self, n: Neuron) -> tuple:
        """Compact n's bias off the step at the reading, named, left of its circle: the
        reading's (epoch, whether its update is revealed), its lines and its box there
        (left, top, right, bottom), kept in n.named while that key is the same (a value
        and a place stay an iteration; made ahead for the next click, _ahead_entry: the
        first click of an iteration leaving phone-price's 384 biases off its step, a
        phase's loss, named them all, ~3 ms)."""
        key = (self._epoch, ("update", n.bias.key[1]) in self._reveal)
        if not n.named or n.named[0] != key:
            lines = self._param_value(self.session.params.refs[n.bias.key[1]])
            n.named = (key, lines, _left_of(n, n.bias.measure(lines)))
        return n.named

    def _home_held(self, compact: list[Neuron], k: int | None, fits: np.ndarray, strips: Strips) -> bool:
        """Whether compact[k], the next column's neuron in a bias's row, has no place for
        its bias yet while its home (left of its dot, its value alone) is free: "b 0.01"
        right of the bias's own card would stand there, in the next column's biases, and
        read as that one's (phone-price-mini at 1024×768, the end of an iteration: b₁,₁₂'s
        "b 0.010000" stood in b₂'s column, b₂,₁₂ = −0.01 hidden at layer steps, right of
        h₂,₁₂'s card at neuron steps). That bias then goes unshown. Only tests: its
        bias's text and place are the caller's to set."""
        if k is None or fits[k]:
            return False
        m = compact[k]
        home = _left_of(m, m.bias.measure(self._param_value(self.session.params.refs[m.bias.key[1]], BARE)))
        near = strips.near(home[1], home[3])
        return inside(self.sceneRect().getCoords(), home) and not hits_any(home, near)

    def _left_of_circle(self, n: Neuron, dy: float = 0.0) -> tuple[float, float, float, float]:
        """Puts n's bias (anchored at its top left) left of its circle, `dy` of its height
        lower; its box's (left, top, right, bottom), as box().getCoords() gives them."""
        box = _left_of(n, n.bias.size(), dy)
        n.bias.setPos(box[0], box[1])
        return box

    def _right_of_card(self, n: Neuron) -> tuple[float, float, float, float]:
        """Puts n's bias right of its card (or of the card's slot while it is empty), a
        gap after it: where a step's label holds the strip left of n's dot (overfitting's
        read weights beside h₁'s cards left layer 2's biases values alone); its box."""
        w, h = n.bias.size()
        card = n.values.box()
        right = card.right() if n.values.isVisible() and n.values.has_text() else n.card_x
        x, y = right + BIAS_GAP * self._line + 1, n.center.y() - h / 2
        n.bias.setPos(x, y)
        return x, y, x + w, y + h

    def _past(self, n: Neuron, taken: np.ndarray) -> Iterator[tuple[float, float, float, float]]:
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

    def _gathers_rows(self, n: Neuron) -> bool:
        """Whether the step computes n's net from a compact column (its read weights'
        labels beside that column's cards, one a row: the one in n's own row reaches
        to n's dot)."""
        return (not self._backward and self._solo == n.layer and self._compact(n.layer - 1)
                and ("neuron", n.layer, n.index) in self._focus)

    def _fits_by_card(self, n: Neuron, taken: GridIndex) -> bool:
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

    def _fits_left(self, n: Neuron, taken: GridIndex) -> bool:
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
        layers' cards and biases, the step's neurons' cards, the loss terms and the total.
        Where every card was set from entries made ahead for this reading, the compact
        cards are those _prepare_taken indexed from them."""
        fixed = self._fixed()
        area = self.sceneRect().normalized().getCoords()
        ahead = self._taken_ahead
        made = ahead is not None and ahead[0] == self._read_key and ahead[1]._base is fixed \
            and ahead[1]._area == area and self.cards_applied == len(self._neurons)
        taken = GridIndex(fixed.cell, area, base=ahead[1] if made else fixed)
        focus, reads = self._focus, self._reads
        for n in self._neurons.values():
            full = not n.compact
            card = (n.values,) if full or (not made and (n.key in focus or n.key in reads)) else ()
            for box in card + (n.loss,) + ((n.bias,) if full else ()):
                if box is not None and box.has_text():
                    taken.add_box(box.coords())
        if self._total.has_text():
            taken.add(self._total.box())
        self._taken = taken
        return taken

    def _refresh_loss(self, n: Neuron) -> None:
        n.loss.set_lines(*self._loss_lines(n))

    def _loss_lines(self, n: Neuron) -> tuple[list[tuple[str, str]], str | None]:
        """Output n's loss term's lines and mark at the reading."""
        s, c, rec = self.session, self.colors, self._record
        lines = [(self._target_text(self._num(self._targets[n.index - 1])), c.muted)]
        if rec is not None and ("loss", n.index) in self._reveal:
            term = display_name(f"E_{s.neuron_label(n.layer, n.index)}")  # Eₒ₁ vs the total E
            lines.append((f"{term} {self._num(rec.terms[s.sample, n.index - 1])}", c.text))
        return lines, self._mark(("output", n.index))


def _left_of(n: Neuron, size: tuple[float, float], dy: float = 0.0) -> tuple[float, float, float, float]:
    """The box (left, top, right, bottom) of a bias of that size left of n's circle, `dy`
    of its height lower (CardsMixin._left_of_circle puts it there)."""
    w, h = size
    x, y = n.center.x() - n.circle.rect().width() / 2 - 3 - w, n.center.y() - h / 2 + dy * h
    return x, y, x + w, y + h


def _coords_after(box: TextBox, lines: list[tuple[str, str]] | None, measured: tuple | None
                  ) -> tuple[float, float, float, float] | None:
    """box's coords() once it shows these lines where it is (measured: their measure, as
    TextBox.set_lines takes it; lines None: as it shows now); None where it has no text."""
    if lines is None:
        return box.coords() if box.has_text() else None
    if not any(t for t, _ in lines):
        return None
    w, h = measured[1:] if measured is not None and box.measured_with(measured) else box.measure(lines)
    x, y, w, h = box.frame_with(w, h)
    return x, y, x + w, y + h
