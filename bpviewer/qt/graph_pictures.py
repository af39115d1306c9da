"""Kept pictures of the graph's text boxes: a view's repaint shows each box as an image.

A click repaints most of the view (the union of what changed: ~90 % of it on a phase
click), every box in it again: its rounded rect and its lines of text, ~25–35 µs a box,
~120 boxes in phone-price's view. A picture drawn before is a blit. A picture is kept by
what the box shows (texts, colours, border, font, size) and the view's scale, not by its
place: boxes showing the same text share one, and the next click's boxes are drawn while
the teacher reads (NetworkView._prepare_pictures), from the lines made ahead for it.

A picture is shown at whole device pixels: its text is never resampled (crisp as drawn),
the box moved by less than half a pixel from where it is laid out (its `box()`, and every
`--labels` rect, stay as they were). A box with no picture kept is drawn directly at the
same whole pixels, as its picture would be (making the picture then cost ~1.6× drawing
the box): the same pixels but where its smoothed edges blend over what lies under it, once
instead of twice (at most 1 of 255 apart). Only a view's own repaint shows pictures
(`showing`); an export (SVG, PDF), `QGraphicsScene.render` and a running view draw boxes
where they are laid out, as before.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtGui import QImage

KEPT_BYTES = 8 << 20  # pixel bytes kept: phone-price's view shows ~1.5 MB of boxes


class Pictures:
    """Images by key, the least recently shown dropped beyond `limit` bytes."""

    def __init__(self, limit: int = KEPT_BYTES) -> None:
        self.limit = limit
        self._kept: OrderedDict[tuple, QImage] = OrderedDict()
        self._bytes = 0
        self.drawn = 0  # pictures drawn (tests count them)
        self.ratio = 0.0  # the device pixel ratio of the view repainting now; 0: none (`showing`)

    def __len__(self) -> int:
        return len(self._kept)

    def clear(self) -> None:
        self._kept.clear()
        self._bytes = 0

    def get(self, key: tuple) -> QImage | None:
        image = self._kept.get(key)
        if image is not None:
            self._kept.move_to_end(key)
        return image

    def has(self, key: tuple) -> bool:
        return key in self._kept

    def put(self, key: tuple, image: QImage) -> None:
        self._kept[key] = image
        self._bytes += image.sizeInBytes()
        self.drawn += 1
        while self._bytes > self.limit and len(self._kept) > 1:
            self._bytes -= self._kept.popitem(last=False)[1].sizeInBytes()

    @contextmanager
    def showing(self, ratio: float) -> Iterator[None]:
        """A view's repaint (its raster viewport, of this device pixel ratio): boxes show
        their pictures."""
        before, self.ratio = self.ratio, ratio
        try:
            yield
        finally:
            self.ratio = before


#: every view's pictures (a key holds what differs between views: scale, pixel ratio)
PICTURES = Pictures()
