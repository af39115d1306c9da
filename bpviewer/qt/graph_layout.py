"""Where weight labels go: geometry only (points, segments, rectangles), no Session.

A small weight layer gets one anchor per weight, chosen once per network and view size
for a label of its largest size (centred on its edge or a little off), so stepping changes
only what a label says, never where it is. Anchors are picked most-constrained weight
first, each on its own edge, clear of every card and of the labels placed before it, and
where the fewest other edges cross the label (a label on a crossing reads as the label of
the wrong edge).

A dense layer labels only the edges the step computes or reads, at most `cap` of them,
each at the first free point of a few fixed fractions of its edge (near its source when
the step gathers into one neuron, near its target when it spreads from one).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import cache

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, QSizeF

from .graph_index import Box, GridIndex, Raster, inside_all, overlapping

#: fractions along an edge's free stretch where a small layer's label may sit
FRACTIONS = (0.5, 0.38, 0.62, 0.26, 0.74, 0.14, 0.86, 0.44, 0.56, 0.32, 0.68, 0.2, 0.8)
#: (dx, dy) in label widths and heights: a label so far off-centre still sits on its edge
SHIFTS = ((0.0, 0.0), (0.0, -0.3), (0.0, 0.3), (-0.35, 0.0), (0.35, 0.0))
#: ... and, in the search for labels a first try left beside their edges or over a
#: crossing, these too (on a sloping edge a label this far off-centre may still sit on it)
REPAIR_SHIFTS = SHIFTS + ((0.0, -0.45), (0.0, 0.45), (-0.45, 0.0), (0.45, 0.0), (-0.3, -0.3),
                          (0.3, -0.3), (-0.3, 0.3), (0.3, 0.3))
#: ... and this far, beside its edge (a leader joins them), where no spot on it is free
FAR = ((0.0, -0.8), (0.0, 0.8), (0.0, -1.3), (0.0, 1.3), (-0.8, 0.0), (0.8, 0.0), (0.0, -1.8), (0.0, 1.8))
#: ... and, where a label finds no place even so and a larger layout would scroll (xor's
#: w11 at 1024×700: its short edge between a card and a circle), farther still
FARTHER = ((-0.8, -0.8), (0.8, -0.8), (-0.8, 0.8), (0.8, 0.8), (0.0, -2.3), (0.0, 2.3), (-1.1, 0.0),
           (1.1, 0.0), (-0.8, -1.6), (0.8, -1.6), (-0.8, 1.6), (0.8, 1.6), (-1.5, 0.0), (1.5, 0.0),
           (0.0, -3.0), (0.0, 3.0), (-1.2, -1.2), (1.2, -1.2), (-1.2, 1.2), (1.2, 1.2))
SEARCH = 3000  # spots a repair's search tries at most
LEADER_ENDS = 0.15  # a search's leader meets its edge no nearer its ends, in its length
BESIDE_COST = 1000  # a search's spot beside its edge (a label kept off its crossings): dearer than any on it
NEAR_SOURCE = tuple(k / 20 for k in range(1, 20))
NEAR_TARGET = NEAR_SOURCE[::-1]
#: (dx, dy) in label widths and heights: on the edge, then beside it (nearest first), each
#: once (a spot tried twice fails twice: the sideways ones came twice, 76 of 722 a label)
DENSE_SHIFTS = ((0.0, 0.0), (0.0, -0.3), (0.0, 0.3))
DENSE_BESIDE = tuple(dict.fromkeys(tuple((0.0, s * k / 4) for k in range(2, 9) for s in (-1, 1)) + tuple(
    (sx * kx / 2, sy * ky / 2) for kx in (1, 2) for ky in (0, 1, 2) for sx in (-1, 1) for sy in (-1, 1))))


def crosses(segment: QLineF, rect: QRectF) -> bool:
    """Whether the segment passes through the rectangle (Liang–Barsky clipping)."""
    x0, y0, dx, dy = segment.x1(), segment.y1(), segment.dx(), segment.dy()
    lo, hi = 0.0, 1.0
    for p, q in ((-dx, x0 - rect.left()), (dx, rect.right() - x0),
                 (-dy, y0 - rect.top()), (dy, rect.bottom() - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            lo = max(lo, t)
        else:
            hi = min(hi, t)
        if lo > hi:
            return False
    return True


def any_crosses(ends: np.ndarray, box: Box) -> bool:
    """Whether any segment (rows of x1, y1, x2, y2) passes through the box (left, top,
    right, bottom): `crosses` for many segments at once."""
    x0, y0 = ends[:, 0], ends[:, 1]
    dx, dy = ends[:, 2] - x0, ends[:, 3] - y0
    lo, hi = np.zeros(len(ends)), np.ones(len(ends))
    for p, q in ((-dx, x0 - box[0]), (dx, box[2] - x0), (-dy, y0 - box[1]), (dy, box[3] - y0)):
        with np.errstate(divide="ignore", invalid="ignore"):
            t = q / p
        lo = np.where(p < 0, np.maximum(lo, t), lo)
        hi = np.where(p > 0, np.minimum(hi, t), np.where((p == 0) & (q < 0), -1.0, hi))
    return bool(np.any(lo <= hi))


def nearest(segment: QLineF, p: QPointF) -> QPointF:
    """The point of the segment nearest to p."""
    d = segment.p2() - segment.p1()
    length2 = QPointF.dotProduct(d, d) or 1.0
    t = min(max(QPointF.dotProduct(p - segment.p1(), d) / length2, 0.0), 1.0)
    return segment.pointAt(t)


def centred(size: QSizeF, at: QPointF) -> QRectF:
    return QRectF(at.x() - size.width() / 2, at.y() - size.height() / 2,
                  size.width(), size.height())


@cache
def _grid(fractions: tuple[float, ...], shifts: tuple[tuple[float, float], ...]
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """t, dx, dy per candidate: each shift (outer) at each fraction (inner)."""
    t = np.tile(np.asarray(fractions, float), len(shifts))
    dx, dy = (np.repeat(np.asarray([s[k] for s in shifts], float), len(fractions)) for k in (0, 1))
    return t, dx, dy


def along(ends: np.ndarray, fractions: tuple[float, ...], shifts: tuple[tuple[float, float], ...],
          w: np.ndarray, h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per segment (a row of x1, y1, x2, y2) and its label's w and h (n-long columns):
    segment.pointAt(t) + QPointF(dx · w, dy · h) for each (dx, dy), t, a row a segment
    (x and y arrays), as QLineF.pointAt and QPointF's + compute it, in the same float
    operations."""
    x1, y1, x2, y2 = ends[:, 0, None], ends[:, 1, None], ends[:, 2, None], ends[:, 3, None]
    t, dx, dy = _grid(fractions, shifts)
    return x1 + (x2 - x1) * t + dx * w, y1 + (y2 - y1) * t + dy * h


def crossing_points(segments: list[QLineF]) -> list[list[QPointF]]:
    """Per segment: where other segments cross it (not where two meet at an end, as a
    neuron's fan does)."""
    points: list[list[QPointF]] = [[] for _ in segments]
    for i, a in enumerate(segments):
        for j in range(i + 1, len(segments)):
            kind, at = a.intersects(segments[j])
            if kind == QLineF.BoundedIntersection and not any(
                    (at - end).manhattanLength() < 1.0 for end in (a.p1(), a.p2(), segments[j].p1(),
                                                                   segments[j].p2())):
                points[i].append(at)
                points[j].append(at)
    return points


def covering(points: list[QPointF], x: np.ndarray, y: np.ndarray, w: float, h: float) -> np.ndarray:
    """Per label centred at (x, y), w × h, how many of `points` (its edge's crossings) it covers."""
    hit = np.zeros(len(x), int)
    for q in points:
        hit += (np.abs(q.x() - x) < w / 2) & (np.abs(q.y() - y) < h / 2)
    return hit


def _distances(ends: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """[segment, point]: how far each point (x, y) is from each segment (rows of x1, y1,
    x2, y2)."""
    x1, y1 = ends[:, 0:1], ends[:, 1:2]
    dx, dy = ends[:, 2:3] - x1, ends[:, 3:4] - y1
    t = np.clip(((x - x1) * dx + (y - y1) * dy) / np.maximum(dx * dx + dy * dy, 1e-9), 0.0, 1.0)
    return np.hypot(x1 + t * dx - x, y1 + t * dy - y)


def _fans(ends: np.ndarray) -> np.ndarray:
    """[segment, segment]: whether two segments meet at an end (a neuron's fan), not
    the same one."""
    p = ends.reshape(-1, 2, 2)
    meet = (np.abs(p[:, None, :, None, :] - p[None, :, None, :, :]).sum(axis=-1) < 1.0).any(axis=(2, 3))
    np.fill_diagonal(meet, False)
    return meet


def nearer(ends: np.ndarray, label: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Per box (left, top, right, bottom) of the label of segment label[k]: whether
    another edge of its fan (meeting it at a neuron) runs through it, a pixel inside,
    nearer its middle than its own edge: the label reads as that edge's
    (softmax-3class in Chinese at 1280×800: w4's label by i1 on w1's thick edge).
    tools/label_sweep.misread checks the rendered labels so."""
    x, y = (boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2
    far = _distances(ends, x, y)  # [segment, box]
    own = far[label, np.arange(len(boxes))]
    through = crossing_matrix(ends, boxes + np.array([1.0, 1.0, -1.0, -1.0]))
    return (_fans(ends)[:, label] & through & (far < own)).any(axis=0)


def misread(segments: list[QLineF], anchors: list[QPointF | None], size: QSizeF) -> list[int]:
    """The labels (centred at their anchors, `size` their slot) that `nearer` reads as
    another edge's, by their first line (always shown)."""
    placed = [i for i, at in enumerate(anchors) if at is not None]
    if not placed:
        return []
    ends = np.array([s.toTuple() for s in segments], float).reshape(-1, 4)
    w, h = size.width(), size.height()
    at = np.array([anchors[i].toTuple() for i in placed]).reshape(-1, 2)
    left, top = at[:, 0] - w / 2, at[:, 1] - h / 2
    boxes = np.stack((left, top, left + w, top + h / 3), axis=-1)
    return [i for i, bad in zip(placed, nearer(ends, np.array(placed), boxes), strict=True) if bad]


def place_small(segments: list[QLineF], size: QSizeF, taken: GridIndex, bounds: QRectF,
                first: frozenset[int] = frozenset(), searched: dict | None = None,
                farther: bool = False, avoid: bool = False, wary: frozenset[int] = frozenset()
                ) -> tuple[list[QPointF | None], list[list[int]]]:
    """One anchor per segment (its label centred there), or None where no free point
    is left (beside its edge, FAR from it, and FARTHER if `farther`); the rectangles
    placed are added to `taken`. The labels in `first` (an
    earlier layout left them beside their edges or over a crossing) are placed first,
    off crossings where they can be. Also the faults: the labels with no place, those
    beside their edges, and those over a crossing of their edge with another (a label
    there reads as the other edge's). `searched` keeps a repair's searches by what
    they were given: a layout's repairs ask the same search again and again. `avoid`:
    the labels in `first` take no spot over a crossing of their edge (beside it, on a
    leader, where no spot on it is off its crossings). `wary`: the labels in `first` that
    an earlier layout left where another edge of their fan reads as theirs (`nearer`):
    they take no such spot."""
    w, h, within = size.width(), size.height(), bounds.normalized().getCoords()
    points = crossing_points(segments)

    def covered(i: int, p: QPointF) -> int:
        """How many crossings of segment i a label centred at p covers."""
        return sum(1 for q in points[i] if abs(q.x() - p.x()) < w / 2 and abs(q.y() - p.y()) < h / 2)

    ends = np.array([s.toTuple() for s in segments], float).reshape(-1, 4)
    width, height = np.full((1, 1), w), np.full((1, 1), h)

    kinds: dict[tuple, list[tuple[np.ndarray, np.ndarray]]] = {}

    def spots(shifts: tuple[tuple[float, float], ...]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per segment, its spots of a kind inside the bounds: rows of (x, y, left, top,
        right, bottom), and each one's cost (crossings of its edge covered, if to be
        avoided, then other edges through it); made once, for every segment at once:
        what is taken changes, they do not."""
        if shifts not in kinds:
            xs, ys = along(ends, FRACTIONS, shifts, width, height)
            left, top = xs - w / 2, ys - h / 2
            rows = np.stack((xs, ys, left, top, left + w, top + h), axis=-1)  # (segment, spot, 6)
            through = crossing_matrix(ends, rows[..., 2:].reshape(-1, 4)).reshape(len(ends), len(ends), -1)
            others = through.sum(axis=0) - through[np.arange(len(ends)), np.arange(len(ends))]
            kinds[shifts] = []
            for i, (mine, cost) in enumerate(zip(rows, others, strict=True)):
                ok = inside_all(within, mine[:, 2:])
                mine, cost = mine[ok], cost[ok]
                if i in first:
                    hit = covering(points[i], mine[:, 0], mine[:, 1], w, h)
                    cost = cost + hit * len(segments)
                    if avoid:
                        mine, cost = mine[hit == 0], cost[hit == 0]
                kinds[shifts].append((mine, cost))
        return kinds[shifts]

    def free(which: list[int]) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        """Per segment, its spots (on it, else beside it) clear of `taken`, and their
        costs: every segment's spots of a kind tested at once (a resize laid xor's
        labels out ~1,700 times)."""
        found: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for shifts in (SHIFTS, FAR, FARTHER) if farther else (SHIFTS, FAR):
            todo = [i for i in which if i not in found]
            if not todo:
                break
            kind = [spots(shifts)[i] for i in todo]
            clear = ~overlapping(np.concatenate([rows for rows, _ in kind])[:, 2:], taken.boxes())
            clear = np.split(clear, np.cumsum([len(rows) for rows, _ in kind])[:-1])
            for i, (rows, cost), ok in zip(todo, kind, clear, strict=True):
                if ok.any():
                    found[i] = (rows[ok], cost[ok])
        return {i: found.get(i, (np.zeros((0, 6)), np.zeros(0, int))) for i in which}

    anchors: list[QPointF | None] = [None] * len(segments)
    if first:  # a repair: first, every label on its edge and off crossings, where a short search finds it
        key = (ends.tobytes(), size.toTuple(), within, taken.boxes().tobytes(), avoid and first, wary)
        searched = {} if searched is None else searched
        if key not in searched:
            searched[key] = _search(segments, size, taken, within, points,
                                    first if avoid else frozenset(), wary)
        found = searched[key]
        if found is not None:
            found = [QPointF(p) for p in found]
            for p in found:
                taken.add(centred(size, p))
            beside = [i for i, p in enumerate(found) if not crosses(segments[i], centred(size, p))]
            return found, [[], beside, [i for i, p in enumerate(found) if i not in beside and covered(i, p)]]
    left = set(range(len(segments)))
    options = free(sorted(left))
    while left:
        i = min(left, key=lambda k: (k not in first, len(options[k][0]) or 10 ** 6, k))
        rows, cost = options[i]
        if not len(rows):
            break
        x, y, *box = rows[int(np.argmin(cost))].tolist()  # the first cheapest: FRACTIONS order breaks ties
        anchors[i] = QPointF(x, y)
        taken.add_box(tuple(box))
        left.discard(i)
        for k in left:  # what free(k) now gives: its spots less those the label covers
            rows, cost = options[k]
            kept = (box[2] <= rows[:, 2]) | (rows[:, 4] <= box[0]) \
                | (box[3] <= rows[:, 3]) | (rows[:, 5] <= box[1])
            options[k] = (rows[kept], cost[kept]) if kept.any() else free([k])[k]
    off = [i for i, p in enumerate(anchors) if p is not None and not crosses(segments[i], centred(size, p))]
    over = [i for i, p in enumerate(anchors) if p is not None and i not in off and covered(i, p)]
    return anchors, [[i for i, p in enumerate(anchors) if p is None], off, over]


def crossing_matrix(ends: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Per segment (a row of x1, y1, x2, y2) and box (left, top, right, bottom): whether
    the segment passes through the box, as `crosses` answers, all at once."""
    x0, y0 = ends[:, 0:1], ends[:, 1:2]
    dx, dy = ends[:, 2:3] - x0, ends[:, 3:4] - y0
    lo, hi = np.zeros((len(ends), len(boxes))), np.ones((len(ends), len(boxes)))
    for p, q in ((-dx, x0 - boxes[:, 0]), (dx, boxes[:, 2] - x0),
                 (-dy, y0 - boxes[:, 1]), (dy, boxes[:, 3] - y0)):
        p = np.broadcast_to(p, q.shape)
        with np.errstate(divide="ignore", invalid="ignore"):
            t = q / p
        lo = np.where(p < 0, np.maximum(lo, t), lo)
        hi = np.where(p > 0, np.minimum(hi, t), np.where((p == 0) & (q < 0), -1.0, hi))
    return lo <= hi


def _search(segments: list[QLineF], size: QSizeF, taken: GridIndex, within: Box,
            points: list[list[QPointF]], avoid: frozenset[int] = frozenset(),
            wary: frozenset[int] = frozenset()) -> list[QPointF] | None:
    """Anchors that put every label on its own edge (its edge through the top half of
    its slot, under its text's first line), clear of `taken` and of each other, covering
    the fewest crossings of their edges (`points`), their edges through the middle of
    their text where they can, then the fewest other edges through the first line of
    their text (always shown), then through their slots: a branch and
    bound over each label's spots, the labels with the fewest first, at most SEARCH
    spots tried; the best found, None if none is. A label in `avoid` covers none of its
    edge's crossings: on its edge where it can, else beside it (FAR, on a leader that
    meets the edge off its ends; it costs more than any spot on an edge, the nearer the
    less). A label in `wary` takes no spot where another edge of its fan reads as its
    own (`nearer`)."""
    w, h = size.width(), size.height()
    ends = np.array([s.toTuple() for s in segments], float).reshape(-1, 4)
    n = len(segments)
    shifts = REPAIR_SHIFTS + FAR if avoid else REPAIR_SHIFTS
    xs, ys = along(ends, FRACTIONS, shifts, np.full((n, 1), w), np.full((n, 1), h))
    every = np.stack((xs - w / 2, ys - h / 2, xs + w / 2, ys + h / 2), axis=-1)  # (label, spot, 4)
    top = every.copy()
    top[..., 3] = every[..., 1] + h / 2
    middle = np.stack((xs - w / 4, every[..., 1], xs + w / 4, every[..., 1] + h / 2), axis=-1)
    first_line = every.copy()
    first_line[..., 3] = every[..., 1] + h / 3

    def through(parts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per label and spot: whether its own edge crosses that part of its slot, and
        how many other edges do (every label's spots at once)."""
        hit = crossing_matrix(ends, parts.reshape(-1, 4)).reshape(n, n, -1)
        own = hit[np.arange(n), np.arange(n)]
        return own, hit.sum(axis=0) - own

    under, on_top = through(middle)[0], through(top)[0]
    # its edge off the middle of its text: away from it; other edges through its text's
    # first line count most, then through its slot
    own, others = through(every)
    costs = np.where(under, 0, 30) + 10 * through(first_line)[1] + others
    far = np.arange(xs.shape[1]) >= len(FRACTIONS) * len(REPAIR_SHIFTS)  # beside (avoid's FAR)
    leader = np.zeros(xs.shape[1])
    if avoid:  # a spot beside its edge costs more than any on it, a tenth more a pixel of its leader
        dx, dy = (np.repeat([d[k] for d in FAR], len(FRACTIONS)) for k in (0, 1))
        leader[far] = BESIDE_COST + np.hypot(dx * w, dy * h) / 10
    # a leader meets its edge off its ends (at an end it reads as the neuron's)
    ex, ey = ends[:, 2:3] - ends[:, 0:1], ends[:, 3:4] - ends[:, 1:2]
    t = ((xs - ends[:, 0:1]) * ex + (ys - ends[:, 1:2]) * ey) / np.maximum(ex * ex + ey * ey, 1e-9)
    mid = (t > LEADER_ENDS) & (t < 1 - LEADER_ENDS)
    spots: list[list[tuple[int, Box]]] = []  # per label: (cost, box), cheapest first
    for i in range(n):
        boxes, cost = every[i], costs[i] + (leader if i in avoid else 0)
        ok = np.where(far, ~own[i] & (i in avoid) & mid[i], on_top[i]) \
            & (within[0] <= boxes[:, 0]) & (boxes[:, 2] <= within[2]) \
            & (within[1] <= boxes[:, 1]) & (boxes[:, 3] <= within[3])
        if i in wary:
            ok &= ~nearer(ends, np.full(len(boxes), i), first_line[i])
        ok[ok] = ~overlapping(boxes[ok], taken.boxes())
        boxes, cost, x, y = boxes[ok], cost[ok], xs[i][ok], ys[i][ok]
        hit = covering(points[i], x, y, w, h)
        if i in avoid:  # none of its crossings covered
            boxes, cost = boxes[hit == 0], cost[hit == 0]
        else:
            cost = cost + 100 * hit
        by = np.argsort(cost, kind="stable")
        spots.append(list(zip(cost[by].tolist(), (boxes[by]).tolist(), strict=True)))
    order = sorted(range(n), key=lambda i: len(spots[i]))
    if avoid:
        return _checked(spots, order)
    least = [spots[i][0][0] if spots[i] else 0 for i in order]
    rest = [sum(least[k:]) for k in range(len(order) + 1)]  # the least cost of labels k on
    chosen: list[Box] = [(0.0, 0.0, 0.0, 0.0)] * n
    boxes: list[Box] = []
    best: tuple[int, list[Box]] | None = None
    tried = 0

    def fill(k: int, cost: int) -> None:
        nonlocal tried, best
        if best is not None and cost + rest[k] >= best[0]:
            return
        if k == len(order):
            best = (cost, list(chosen))
            return
        i = order[k]
        for c, box in spots[i]:
            tried += 1
            if tried > SEARCH or (best is not None and cost + c + rest[k + 1] >= best[0]):
                return
            if any(box[0] < o[2] and o[0] < box[2] and box[1] < o[3] and o[1] < box[3] for o in boxes):
                continue
            chosen[i] = box
            boxes.append(box)
            fill(k + 1, cost + c)
            boxes.pop()

    fill(0, 0)
    return None if best is None else [QPointF((b[0] + b[2]) / 2, (b[1] + b[3]) / 2) for b in best[1]]


def _checked(spots: list[list[tuple[float, Box]]], order: list[int]) -> list[QPointF] | None:
    """`_search`'s branch and bound over each label's spots (cheapest first, the labels in
    `order`), each spot taken ruling out the later labels' spots it overlaps, a branch
    that leaves a later label none given up at once: a search that must keep a label off
    its crossings finds a first layout within SEARCH spots (xor at 1024×768: a plain
    search found one keeping w9 off the w9/w10 crossing after ~50,000). Where it finds
    none, a first fit (`_fitted`) is its bound for another such search. The best found,
    None if none is. The spots a label has left are the bits of an int (cheapest first:
    the lowest bit is the cheapest), as are those a spot rules out of another label
    (`_clashes`): a search tests ~3,000 spots against ~8 labels (in numpy, ~40 µs a
    spot)."""
    if not all(spots):
        return None
    boxes = [[box for _, box in mine] for mine in spots]
    costs = [[float(c) for c, _ in mine] for mine in spots]
    clash = _clashes([np.array(b, float) for b in boxes])
    best = _bounded(boxes, costs, clash, order, None)
    if best is None and (fit := _fitted(clash, [len(b) for b in boxes], order)) is not None:
        best = _bounded(boxes, costs, clash, order, (sum(costs[i][s] for i, s in enumerate(fit)),
                                                     [tuple(boxes[i][s]) for i, s in enumerate(fit)]))
    return None if best is None else [QPointF((b[0] + b[2]) / 2, (b[1] + b[3]) / 2) for b in best[1]]


def _clashes(boxes: list[np.ndarray]) -> list[dict[int, list[int]]]:
    """[i][m][s]: the spots of label m that label i's spot s overlaps (an area in
    common), as the bits of an int."""
    clash: list[dict[int, list[int]]] = [{} for _ in boxes]
    for i, b in enumerate(boxes):
        for m, o in enumerate(boxes):
            if m != i:
                hit = (b[:, None, 0] < o[None, :, 2]) & (o[None, :, 0] < b[:, None, 2]) \
                    & (b[:, None, 1] < o[None, :, 3]) & (o[None, :, 1] < b[:, None, 3])
                packed = np.packbits(hit, axis=1, bitorder="little")
                clash[i][m] = [int.from_bytes(row.tobytes(), "little") for row in packed]
    return clash


def _spots_of(alive: int) -> Iterator[int]:
    """The indices of alive's bits, lowest first."""
    while alive:
        low = alive & -alive
        alive ^= low
        yield low.bit_length() - 1


def _fitted(clash: list[dict[int, list[int]]], counts: list[int], order: list[int]) -> list[int] | None:
    """A first layout, cost aside (each label's spot by index), found where `_checked`'s
    search in cost order finds none within SEARCH spots: the label with the fewest spots
    left next, its spot that leaves the others the most first (xor at 1024×700: w3's
    only spot that fit was its last, cheapest first, and the search in cost order met
    it after ~23,000 spots; this one after 10). None if none is within SEARCH spots."""
    chosen: dict[int, int] = {}
    tried = 0

    def fill(alive: dict[int, int]) -> bool:
        nonlocal tried
        rest = [m for m in order if m not in chosen]
        if not rest:
            return True
        i = min(rest, key=lambda m: alive[m].bit_count())
        others = [m for m in rest if m != i]
        tries = []
        for s in _spots_of(alive[i]):
            left = {m: alive[m] & ~clash[i][m][s] for m in others}
            if all(left.values()):
                tries.append((-sum(kept.bit_count() for kept in left.values()), s, left))
        for _, s, left in sorted(tries, key=lambda t: t[:2]):
            tried += 1
            if tried > SEARCH:
                return False
            chosen[i] = s
            if fill({**alive, **left}):
                return True
            del chosen[i]
        return False

    found = fill({i: (1 << count) - 1 for i, count in enumerate(counts)})
    return [chosen[i] for i in range(len(counts))] if found else None


def _bounded(boxes: list[list[Box]], costs: list[list[float]], clash: list[dict[int, list[int]]],
             order: list[int], best: tuple[float, list[Box]] | None) -> tuple[float, list[Box]] | None:
    """_checked's branch and bound, from `best` (cost, boxes) if given."""
    chosen: list[Box] = [(0.0, 0.0, 0.0, 0.0)] * len(boxes)
    tried = 0

    def fill(k: int, cost: float, alive: dict[int, int]) -> None:
        nonlocal tried, best
        if k == len(order):
            best = (cost, list(chosen))
            return
        i, later = order[k], order[k + 1:]
        # the least the later labels cost among the spots left to them
        rest = sum(costs[m][(alive[m] & -alive[m]).bit_length() - 1] for m in later)
        mine = clash[i]
        for s in _spots_of(alive[i]):
            tried += 1
            c = costs[i][s]
            if tried > SEARCH or (best is not None and cost + c + rest >= best[0]):
                return
            left = {}
            for m in later:
                kept = alive[m] & ~mine[m][s]
                if not kept:
                    break
                left[m] = kept
            else:
                chosen[i] = tuple(boxes[i][s])
                fill(k + 1, cost + c, {**alive, **left})

    fill(0, 0.0, {i: (1 << len(b)) - 1 for i, b in enumerate(boxes)})
    return best


@cache
def _pairs(fractions: tuple[float, ...], shifts: tuple[tuple[float, float], ...]
           ) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """The fractions, and per axis the distinct shifts along it (-0.0 apart from 0.0)
    with each candidate's (`_grid`'s order) index among the (shift, fraction) pairs."""
    f = len(fractions)
    axes = []
    for k in (0, 1):
        distinct = list(dict.fromkeys((s[k], math.copysign(1.0, s[k])) for s in shifts))
        index = [distinct.index((s[k], math.copysign(1.0, s[k]))) for s in shifts]
        axes.append((np.array([d for d, _ in distinct]),
                     (np.repeat(np.array(index, np.intp), f) * f + np.tile(np.arange(f), len(shifts)))))
    return np.asarray(fractions, float), axes[0], axes[1]


def kept_candidates(rows: np.ndarray, fractions: tuple[float, ...], shifts: tuple[tuple[float, float], ...],
                    raster: Raster | None) -> tuple[np.ndarray, np.ndarray]:
    """Per label (a row of x1, y1, x2, y2, w, h and its bounds' left, top, right,
    bottom), its candidates (`along`'s, in its order) within its bounds that the raster
    does not rule out: their flat indices (label × candidate) and their x, y, left, top,
    right, bottom (rows). A candidate's x, left and right depend on its fraction and its
    shift across only, its y, top and bottom on its fraction and its shift down: each is
    computed once per such pair (in `along`'s float operations), and so are the bounds'
    test and the raster's columns and rows."""
    t, (dxs, ix), (dys, iy) = _pairs(fractions, shifts)
    x1, y1, x2, y2, w, h, bl, bt, br, bb = rows.T[:, :, None]
    parts = []
    for k, (a1, a2, d, size, low, high) in enumerate(((x1, x2, dxs, w, bl, br), (y1, y2, dys, h, bt, bb))):
        centre = ((a1 + (a2 - a1) * t)[:, None, :] + (d * size)[:, :, None]).reshape(len(rows), -1)
        first = centre - size / 2
        last = first + size
        within = (low <= first) & (last <= high) & (first != last) & (low != high)
        cells = raster.spans(first, last, k) if raster is not None else None
        parts.append((centre, first, last, within, cells))
    (x, left, right, across, columns), (y, top, bottom, down, lines) = parts
    kept = across[:, ix] & down[:, iy]
    if raster is not None and kept.size:
        flat, (i0, i1), (j0, j1) = raster.local(*columns, *lines)
        i0, i1, j0, j1 = i0[:, ix], i1[:, ix], j0[:, iy], j1[:, iy]
        kept &= flat.take(j1 + i1) - flat.take(j0 + i1) - flat.take(j1 + i0) + flat.take(j0 + i0) <= 0
    at = np.flatnonzero(kept)
    label, k = np.divmod(at, len(ix))
    cx, cy = ix[k], iy[k]
    return at, np.array((x[label, cx], y[label, cy], left[label, cx], top[label, cy], right[label, cx],
                         bottom[label, cy]))


def place_dense(segments: list[QLineF], sizes: list[QSizeF], near_source: bool,
                taken: GridIndex, cap: int, bounds: list[QRectF],
                beside: tuple[tuple[float, float], ...] = DENSE_BESIDE, across: bool = False
                ) -> list[tuple[QPointF, bool] | None]:
    """Labels for the step's edges of a dense layer, at most `cap` of them: each at the
    first free fixed point of its edge, or, once every label has had its try, beside the
    edge at one of the `beside` shifts (True: a leader must join them; across: only where
    the edge runs through the label all the same), each within its bounds; None where
    neither is
    free. Each pass makes every label's candidates at once (a row a label), keeps those
    within their bounds, rules most of the rest out at once (`kept_candidates`, a raster); a
    label placed rules out the later labels' candidates it covers, and only the first
    candidate left of each label is tested exactly: the spots of testing each in turn."""
    fractions = NEAR_SOURCE if near_source else NEAR_TARGET
    spots: list[tuple[QPointF, bool] | None] = [None] * len(segments)
    count = min(cap, len(segments), len(sizes))
    # per label: its edge's ends, its size and its bounds (read from Qt once, for both passes)
    every = np.array([(segments[n].x1(), segments[n].y1(), segments[n].x2(), segments[n].y2(),
                       sizes[n].width(), sizes[n].height()) + bounds[n].normalized().getCoords()
                      for n in range(count)], float).reshape(-1, 10)
    for off, shifts in ((False, DENSE_SHIFTS), (True, beside)):
        todo = [n for n in range(count) if spots[n] is None]
        if not todo:
            break
        m = len(fractions) * len(shifts)
        at, kept = kept_candidates(every[todo], fractions, shifts, taken.raster())
        xs, ys, lefts, tops, rights, bottoms = kept
        ends = np.searchsorted(at, np.arange(1, len(todo) + 1) * m)
        free = np.ones(len(at), bool)
        begin = 0
        for n, end in zip(todo, ends.tolist(), strict=True):
            if begin == end:  # every candidate ruled out (most labels of the second pass)
                continue
            for i in (begin + np.flatnonzero(free[begin:end])).tolist():
                box = (float(lefts[i]), float(tops[i]), float(rights[i]), float(bottoms[i]))
                if not taken.hits_box(box) and not (off and across and not crosses(
                        segments[n], QRectF(QPointF(*box[:2]), QPointF(*box[2:])))):
                    taken.add_box(box)
                    spots[n] = (QPointF(float(xs[i]), float(ys[i])), off)
                    free[end:] &= ~((lefts[end:] < box[2]) & (box[0] < rights[end:])
                                    & (tops[end:] < box[3]) & (box[1] < bottoms[end:]))
                    break
            begin = end
    return spots
