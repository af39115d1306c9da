"""Playground's neuron maps inside the graph's circles (View ▸ Neuron Maps).

For a data set of points in a plane, each neuron drawn as a circle shows, as its fill, its
activation over that plane at the cursor's parameters: what TensorFlow Playground draws
in its neurons, on the network the class is stepping through. The values come from one
`Session.hidden_maps` call per iteration shown; this module only colours them, paler than
the decision map's thumbnails so that the neuron's name stays legible on them. A compact
layer's dots have no room for a map and keep theirs in the Decision map dock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsItem, QGraphicsPixmapItem

if TYPE_CHECKING:
    from .network_view import NetworkView

#: lattice points each way: a circle is ~40 px across, smoothed when scaled
GRID = 32


class GraphMaps:
    """The maps of `view`'s full-size neurons, drawn when enabled and the data is points in
    a plane (several of them, as the decision map needs)."""

    def __init__(self, view: NetworkView) -> None:
        self.enabled = False
        self._view = view
        self._items: dict[tuple[int, int], QGraphicsPixmapItem] = {}
        #: (iteration, theme) drawn; an edit rebuilds the graph and so draws again
        self._drawn_for: tuple | None = None
        self._lattice: np.ndarray | None = None

    @property
    def items(self) -> dict[tuple[int, int], QGraphicsPixmapItem]:
        return self._items

    def set_enabled(self, on: bool) -> None:
        self.enabled = on
        self._drawn_for = None
        self.refresh()

    def rebuild(self, circles: dict[tuple[int, int], QGraphicsEllipseItem]) -> None:
        """A map item under each circle's name, clipped to the circle (a new network;
        `circles`: the full-size ones)."""
        self._items.clear()
        self._drawn_for = None
        self._lattice = None
        for key, circle in circles.items():
            circle.setFlag(QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape)
            item = QGraphicsPixmapItem(circle)
            item.setTransformationMode(item.transformationMode().SmoothTransformation)
            item.setZValue(-1)  # under the name, its sibling
            item.setVisible(False)
            self._items[key] = item

    def refresh(self) -> None:
        """Each map for the cursor's iteration, fitted to its circle as laid out now."""
        session = self._view.session
        on = self.enabled and session.dataset.has_plane
        for item in self._items.values():
            item.setVisible(on)
        if not on:
            return
        # imported when first drawn: it loads pyqtgraph, ~0.15 s before the first paint
        from .neuron_maps import plane_lattice

        if self._lattice is None:
            self._lattice = plane_lattice(session, GRID)[0]
        drawn_for = (session.iteration, self._view.colors)
        if drawn_for != self._drawn_for:
            self._drawn_for = drawn_for
            self._draw(session.hidden_maps(self._lattice))
        for item in self._items.values():
            self._fit(item)

    def _draw(self, maps: list[np.ndarray]) -> None:
        from .neuron_maps import colorize, layer_levels, pale_lut

        lut = pale_lut(self._view.colors.background)
        session = self._view.session
        for layer, values in enumerate(maps):
            levels = layer_levels(session, layer, values)
            for j in range(values.shape[1]):
                item = self._items.get((layer, j + 1))
                if item is None:
                    continue
                rgb = colorize(values[:, j], levels, lut).reshape(GRID, GRID, 3)
                rows = np.ascontiguousarray(rgb.transpose(1, 0, 2)[::-1])  # y up
                image = QImage(rows.data, GRID, GRID, rows.strides[0], QImage.Format.Format_RGB888)
                item.setPixmap(QPixmap.fromImage(image))

    @staticmethod
    def _fit(item: QGraphicsPixmapItem) -> None:
        circle: QRectF = item.parentItem().rect()
        item.setPos(circle.topLeft())
        item.setScale(circle.width() / GRID)
