"""While Run trains, the graph's items wholly out of the view's sight draw nothing.

The scene keeps no index (an index is paid on every move, and a click moves hundreds of
labels; a BSP index made a Run frame's repaint slower still, 5.6 → 6.1 ms CPU), so each
repaint asks Qt to place every item of the scene on the view to find those it touches:
phone-price's ~1,750 items, of which ~1,500 lie out of sight (a Run frame's repaint,
CPU: 5.9 → 4.9 ms marked). An item marked as having no contents (ItemHasNoContents) is
passed over at once, and stays what it is for everything else (visible, placed, found
by hit tests). Marked while Run trains, from where the view is; marked anew wherever the
items or the view move (a whole refresh, a layout, a scroll, a zoom, a resize), and
unmarked when Run stops or the scene is rendered whole (an export). An item is marked only
where its bounding rectangle misses the view's sight with a margin (NetworkView._seen:
three lines round it), so a frame's cards, which change in that sight only, never are.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents


class Parking:
    """The items of `scene` marked as drawing nothing (see the module)."""

    def __init__(self, scene: QGraphicsScene) -> None:
        self._scene = scene
        self._parked: set[QGraphicsItem] = set()

    def park(self, seen: QRectF) -> None:
        """Marks the items whose bounding rectangles miss `seen` (a scene rectangle), and
        unmarks, repainting them, those marked before that now touch it. By geometry
        alone: QGraphicsScene.items(rect) leaves out the transparent (the texts the view's
        edge cuts, _clip_rows), and a text marked there stayed drawn once cut."""
        scene, parked = self._scene, self._parked
        for item in scene.items():
            near = item.sceneBoundingRect().intersects(seen)
            if item in parked:
                if near:
                    parked.discard(item)
                    self._draw(item)
            elif not near and not item.flags() & NO_CONTENTS:
                item.setFlag(NO_CONTENTS, True)
                parked.add(item)

    def unpark(self) -> None:
        """Every marked item draws again."""
        for item in self._parked:
            self._draw(item)
        self._parked = set()

    def _draw(self, item: QGraphicsItem) -> None:
        """Unmarks the item and repaints where it is: the scene's rectangle, not the item's
        update(), which Qt drops for an item it last saw out of the view (a marked item
        is not seen by a repaint)."""
        item.setFlag(NO_CONTENTS, False)
        self._scene.update(item.sceneBoundingRect())

    def forget(self) -> None:
        """The scene was cleared: its items are gone."""
        self._parked = set()
