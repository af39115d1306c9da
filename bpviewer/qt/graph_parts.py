"""What the network view's modules share: a neuron's and a weight layer's items, and the
sizes and rules the layout and the refresh both follow."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QLineF, QPointF
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsPolygonItem, QGraphicsSimpleTextItem

from ..core.params import ParamRef
from .graph_items import EdgeBundle, TextBox

PARAM = 0  # QGraphicsItem.data key: the parameter index a double-click edits
MIN_TEXT_PX = 11.0  # the graph's text is never drawn smaller (a wide network scrolls)
SMALL_TEXT_PX = 11.0  # a small network: every label in view, none smaller either
MARGIN = 10.0
CROWDED = 4  # a layer with more neurons is drawn compact
DENSE_CAP = 40  # labels tried per dense weight layer and step
BIAS_GAP = 0.6  # the least gap between a compact bias off the step and a card, in lines
STEPS_KEPT = 64  # steps whose keys are kept as sets (_keys_of)
SLACK = 8.0  # view pixels the layout leaves free, and the resize it ignores
SHRINK = 0.93  # a layout whose labels found no room is tried this much smaller
ROW_PAD = 3.0  # between a compact row's card or dot and a step's label beside it
#: how a compact bias off the step is named, most room first: "b₂,₁ 0.01"; "b 0.01", its
#: row's neuron saying which (as a card's "out 0.96" does); its value alone, the last resort
NAMED, SHORT, BARE = 2, 1, 0


@dataclass
class Neuron:
    layer: int
    index: int
    circle: QGraphicsEllipseItem
    name: QGraphicsSimpleTextItem
    values: TextBox
    bias: TextBox | None = None
    loss: TextBox | None = None
    center: QPointF = field(default_factory=QPointF)
    style: tuple = ()  # (mark, colours) the circle was last drawn with
    drawn: tuple = ()  # what its card was last drawn from (_refresh_neuron)
    bias_drawn: tuple = ()  # ... and its bias
    card_x: float = 0.0  # the left of its card's slot
    placed: tuple = ()  # (centre, left of its dot, height) its compact card was placed for
    #: (epoch, updated) its compact bias off the step was named for, its lines and box there
    named: tuple = ()
    begin: float = 0.0  # how far right of its centre its outgoing edges start
    #: its keys in a step's focus, reads and reveals, made once (a click reads ~400 of them)
    key: tuple = ()
    forward_key: tuple = ()
    delta_key: tuple = ()
    compact: bool = False
    bias_ref: ParamRef | None = None


@dataclass
class Band:
    """One weight layer: its refs in flat order (to-major), edges and labels."""

    layer: int
    refs: list[ParamRef]
    first: int  # flat index of refs[0]; refs are consecutive
    dense: bool
    bundle: EdgeBundle  # every edge, by its weight (cached: changes once an iteration)
    marked: EdgeBundle  # the step's edges, on top
    labels: list[TextBox]  # one per edge, or a pool of DENSE_CAP for a dense layer
    leaders: EdgeBundle  # from a label set beside its edge (no room on it) to the edge
    segments: list[QLineF] = field(default_factory=list)  # where a label may sit
    anchors: list[QPointF | None] = field(default_factory=list)
    ends: np.ndarray = field(default_factory=lambda: np.zeros((0, 4)))  # each edge's x1 y1 x2 y2
    shown: dict[int, int] = field(default_factory=dict)  # pool box -> edge (dense)
    ends_at: tuple[np.ndarray, np.ndarray] = ()  # each edge's source, and its target
    tint: QGraphicsPolygonItem | None = None  # under a step's marks too many to draw (_tint)
    #: per step (id of its marked parameters, _keys_of's): (those, its marks, its tint's
    #: polygon or None, its labels' orders per neuron followed): a phase step of
    #: phone-price marks 33,000 weights (~0.2 ms a band each time the marks were made,
    #: ~0.5 ms the tint, ~0.7 ms the order)
    marks_of: dict[int, tuple] = field(default_factory=dict)
