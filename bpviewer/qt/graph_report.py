"""What the network graph shows, as data: `bpviewer shot --labels` writes it and the tests
check it (every parameter's label visible, none overlapping, anchors fixed).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QRectF
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QWidget

from .network_view import NetworkView


def _window_rect(view: NetworkView, window: QWidget, scene_rect: QRectF) -> list[float]:
    """A scene rectangle in the window's pixels."""
    poly = view.mapFromScene(scene_rect).boundingRect()
    top_left = view.viewport().mapTo(window, poly.topLeft())
    return [top_left.x(), top_left.y(), poly.width(), poly.height()]


def _text_px(view: NetworkView, item) -> float:
    """The item's text height in window pixels: its font's pixel size as the view draws it."""
    font = item.text_font() if hasattr(item, "text_font") else item.font()
    return round(QFontInfo(font).pixelSize() * view.transform().m11(), 2)


def labels_report(window: QWidget, view: NetworkView, chain_scroll: int,
                  chain_px: float | None = None) -> dict[str, Any]:
    """{"window", "view", "chain_scroll", "chain_px", "labels": [{text, kind, param, focus, rect,
    visible, drawn, px}], "circles": [{name, rect, drawn, visible}], "edges": [{param,
    line}]} for every text item of the graph, hidden ones included, every neuron's circle,
    and the small weight layers' edges as drawn. `drawn`:
    shown and not empty (wherever it is; not a compact row the view's edge cuts, which
    is left undrawn); `visible`: drawn and wholly inside the view's viewport; `px`: the
    text's pixel size as drawn; `chain_px`: the chain panel's smallest formula text in
    pixels (ChainPanel.text_px), null where not given."""
    items = view.text_items()  # first: a layout left for later may change the viewport
    port = view.viewport()
    origin = port.mapTo(window, QPoint(0, 0))
    area = [origin.x(), origin.y(), port.width(), port.height()]
    inside = QRectF(*area).adjusted(-1, -1, 1, 1)
    labels = []
    for item, kind, param, key in items:
        text = item.text()
        box = item.box() if hasattr(item, "box") else item.sceneBoundingRect()
        rect = _window_rect(view, window, box)
        shown = bool(text) and item.isVisible() and item.effectiveOpacity() > 0 and (
            item.parentItem() is None or item.parentItem().isVisible())
        labels.append({"text": text, "kind": kind, "param": param,
                       "focus": view.is_marked(key), "rect": rect,
                       "visible": shown and inside.contains(QRectF(*rect)), "drawn": shown,
                       "px": _text_px(view, item)})
    circles = []
    for name, item in view.circles():
        rect = _window_rect(view, window, item.sceneBoundingRect())
        drawn = item.isVisible() and item.effectiveOpacity() > 0
        circles.append({"name": name, "rect": rect, "drawn": drawn,
                        "visible": drawn and inside.contains(QRectF(*rect))})
    to_view = view.viewportTransform()
    edges = [{"param": param, "line": [origin.x() + a.x(), origin.y() + a.y(), origin.x() + b.x(),
                                       origin.y() + b.y()]}
             for param, line in view.small_edges()
             for a, b in [(to_view.map(line.p1()), to_view.map(line.p2()))]]
    return {"window": [window.width(), window.height()], "view": area,
            "chain_scroll": chain_scroll, "chain_px": chain_px, "labels": labels,
            "circles": circles, "edges": edges}
