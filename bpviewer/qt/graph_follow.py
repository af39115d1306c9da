"""A graph larger than the view scrolls to what the step is about, and never leaves a
label or card cut by the view's edge."""

from __future__ import annotations

import math
from itertools import chain

import numpy as np
from PySide6.QtCore import QRectF

from .graph_index import overlapping
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
