"""A graph larger than the view scrolls to what the step is about, and never leaves a
label or card cut by the view's edge."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import chain

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsItem

from .graph_index import overlapping
from .graph_items import TextBox
from .graph_parts import Neuron


class FollowMixin:
    """NetworkView's scrolling to the step (see the module)."""

    def _focus_neurons(self) -> list[Neuron]:
        """The neurons the step computes, or whose bias it computes (an update)."""
        focus = self._focus
        return [n for n in self._neurons.values() if ("neuron", n.layer, n.index) in focus
                or (n.bias is not None and n.bias.key in focus)]

    def _focus_anchor(self, neurons: list[Neuron]) -> Neuron | None:
        """Of the step's neurons (_focus_neurons), the one the view keeps in sight when they
        are taller than the view: the last of a full layer's (an output with its bias and
        loss term), else the middle one of a compact column's, around which its labelled
        edges are chosen."""
        if not neurons:
            return None
        full = [n for n in neurons if not self._compact(n.layer)]
        return full[-1] if full else neurons[len(neurons) // 2]

    def _follow_focus(self, neurons: list[Neuron]) -> None:
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

        def own(n: Neuron) -> QRectF:
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

    def _clip_rows(self) -> None:
        """Leaves undrawn (opacity 0) the text the view's edge cuts, a compact row's name,
        card and bias together: a scrolled column of phone-price showed half a row at the
        view's top and bottom (h₁,₅₄'s card and name cut through, a line of numbers half
        read; its update of layer 2 the lower half of a b₂ label); it shows again once
        scrolled whole into view. The cards that only the step's labels so cut covered
        (_yield_cards) show meanwhile. Two compact columns of different row pitches cannot
        both end between rows, so the view is not scrolled for them (_uncut does that for
        a step's full layers). Opacity, not visibility: the refresh decides what is shown,
        the view's edges only what of it is drawn."""
        for item in self._clipped:
            item.setOpacity(1.0)
        for n in self._freed:
            n.values.setVisible(False)
        self._clipped, self._freed = [], []
        k = self.transform().m11()
        scene, port = self.sceneRect(), self.viewport()
        wide = scene.width() * k > port.width() + 1
        if scene.height() * k <= port.height() + 1 and not wide:
            return
        seen = self.mapToScene(port.rect()).boundingRect()
        top, bottom = seen.top(), seen.bottom()
        whole = seen.adjusted(-0.5 / k, -0.5 / k, 0.5 / k, 0.5 / k)  # half a pixel out: its border's
        near = 3 * self._line  # a row's tallest: the step's three-line card, a bias nudged off its row
        step = [box for box in chain((box for band in self._bands if band.dense for box in band.labels),
                                     self._marked_biases) if box.isVisible()]
        gone = [_cut(box, seen, whole) for box in step]
        if any(gone) and self._yielded:
            under = np.array([n.values.coords() for n in self._yielded])
            free = overlapping(under, np.array([b.coords() for b, g in zip(step, gone, strict=True) if g])) \
                & ~overlapping(under, np.array([b.coords() for b, g in zip(step, gone, strict=True)
                                                if not g]).reshape(-1, 4))
            self._freed = [n for n, shown in zip(self._yielded, free.tolist(), strict=True) if shown]
            for n in self._freed:
                n.values.setVisible(True)
        cut: list[QGraphicsItem] = [box for box in chain((box for band in self._bands for box in band.labels),
                                                          (self._total,)) if _cut(box, seen, whole)]
        for n in self._neurons.values():
            if not n.compact:
                cut += [item for item in (n.name, n.values, n.bias, n.loss)
                        if item is not None and _cut(item, seen, whole)]
                continue
            y = n.center.y()
            if y + near < top or y - near > bottom or not (wide or y - near < top or y + near > bottom):
                continue
            row = (n.circle, n.name, n.values)
            if any(_cut(item, seen, whole) for item in row):
                cut += row if n.bias is None else (*row, n.bias)
            elif n.bias is not None and _cut(n.bias, seen, whole):
                cut.append(n.bias)
        for item in cut:
            item.setOpacity(0.0)
        self._clipped = cut

    @contextmanager
    def whole(self) -> Iterator[None]:
        """The text _clip_rows leaves undrawn drawn meanwhile: the scene rendered whole
        (an export) is not the view's window."""
        self._settle_rows(every=True)
        for item in self._clipped:
            item.setOpacity(1.0)
        for n in self._freed:  # under its label again
            n.values.setVisible(False)
        try:
            yield
        finally:
            self._clip_rows()

    def _uncut(self, keep: QRectF | None) -> None:
        """Scrolls the least (keeping `keep` in view) so that the view's top and bottom
        edges cut no full layer's circle, card, bias or loss term: phone-price's layer
        steps showed the lower half of o1's card, a line of numbers cut through."""
        k = self.transform().m11()
        seen = self.mapToScene(self.viewport().rect()).boundingRect()
        items = [box for n in self._neurons.values() if not self._compact(n.layer)
                 for box in (n.values, n.bias, n.loss)] + [self._total]
        boxes = [box.box() for box in items if box is not None and box.isVisible() and box.has_text()] \
            + [n.circle.sceneBoundingRect() for n in self._neurons.values() if not self._compact(n.layer)]
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


def _cut(item: QGraphicsItem, seen: QRectF, whole: QRectF) -> bool:
    """Whether item is shown partly in `seen`, not within `whole` (seen and a margin)."""
    if not item.isVisible():
        return False
    rect = item.box() if isinstance(item, TextBox) else item.sceneBoundingRect()
    return seen.intersects(rect) and not whole.contains(rect)
