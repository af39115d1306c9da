"""The graph's shortcuts give the answers of the slow way: the raster that rules label
spots out in bulk and the batched dense placement against QRectF tests one spot at a
time, numpy candidates against QLineF.pointAt, and an edge bundle's kept pictures
against drawing its edges afresh."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QLineF, QPoint, QPointF, QRect, QRectF, QSizeF
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QRegion
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView
from views import Painted

from bpviewer.core import presets
from bpviewer.core.session import Session
from bpviewer.qt import graph_cards, graph_edges, graph_items
from bpviewer.qt.bridge import SessionBridge
from bpviewer.qt.graph_index import GridIndex, Raster, Strips, hits_any, overlapping
from bpviewer.qt.graph_items import EdgeBundle, TextBox
from bpviewer.qt.graph_layout import (
    DENSE_BESIDE,
    DENSE_SHIFTS,
    NEAR_SOURCE,
    NEAR_TARGET,
    along,
    kept_candidates,
    place_dense,
)
from bpviewer.qt.graph_pictures import PICTURES
from bpviewer.qt.graph_report import labels_report
from bpviewer.qt.network_view import NetworkView
from bpviewer.qt.theme import LIGHT

coordinate = st.sampled_from([-40.0, -7.5, 0.0, 3.25, 12.0, 40.0]) | st.floats(-50, 50)
extent = st.sampled_from([0.0, 1e-9, 5.0, 20.0]) | st.floats(0, 30)
rects = st.builds(QRectF, coordinate, coordinate, extent, extent)
AREA = (-60.0, -60.0, 90.0, 90.0)


def brute_hits(q: QRectF, placed: list[QRectF]) -> bool:
    return any(q.intersects(r) for r in placed)


@settings(max_examples=50, deadline=None)
@given(st.lists(rects, max_size=25), st.lists(rects, min_size=1, max_size=30),
       st.sampled_from([0.5, 2.0, 7.0]))
def test_the_raster_rules_out_only_candidates_that_overlap_something(placed, asked, cell):
    raster = Raster(AREA, cell)
    for r in placed:
        raster.add(r.getCoords())
    boxes = np.array([q.getCoords() for q in asked])
    blocked = raster.blocked(*boxes.T)
    for q, ruled_out in zip(asked, blocked, strict=True):
        assert not ruled_out or brute_hits(q, placed), (q, placed)


@settings(max_examples=50, deadline=None)
@given(st.lists(rects, max_size=25), st.lists(rects, min_size=1, max_size=30))
def test_boxes_tested_at_once_overlap_what_qrectf_says(placed, asked):
    """`overlapping`, which tests a column's biases at once, against QRectF one by one,
    and among themselves (apart: a box does not count as overlapping itself)."""
    boxes = np.array([q.getCoords() for q in asked])
    got = overlapping(boxes, np.array([r.getCoords() for r in placed]).reshape(-1, 4)).tolist()
    assert got == [brute_hits(q, placed) for q in asked]
    among = overlapping(boxes, boxes, apart=True).tolist()
    assert among == [brute_hits(q, asked[:i] + asked[i + 1:]) for i, q in enumerate(asked)]


@settings(max_examples=100, deadline=None)
@given(st.lists(rects, max_size=25), st.lists(rects, max_size=10), st.lists(rects, min_size=1, max_size=20))
def test_a_strip_holds_every_rectangle_with_an_area_reaching_into_it(placed, late, asked):
    """Strips.near, what a compact bias's spots in its row are tested against: every
    rectangle with an area that reaches into the strip between a box's top and bottom,
    those added later too, and none other: a box in the strip overlaps one of them
    wherever it overlaps any."""
    first = [r.getCoords() for r in placed]
    later = [b for b in (r.getCoords() for r in late) if b[0] != b[2] and b[1] != b[3]]  # as placed
    strips = Strips(np.array(first).reshape(-1, 4))
    for box in later:
        strips.add(box)
    every = [b for b in first if b[0] != b[2] and b[1] != b[3]] + later
    for q in asked:
        box = q.getCoords()
        near = strips.near(box[1], box[3])
        assert sorted(near) == sorted(r for r in every if r[1] < box[3] and box[1] < r[3])
        assert hits_any(box, near) == hits_any(box, every)


@settings(max_examples=50, deadline=None)
@given(st.lists(rects, max_size=25), st.sampled_from([0.5, 2.0, 7.0]))
def test_rectangles_rastered_at_once_mark_the_cells_one_by_one_marks(placed, cell):
    one, many = Raster(AREA, cell), Raster(AREA, cell)
    for r in placed:
        one.add(r.getCoords())
    many.add_many(np.array([r.getCoords() for r in placed]).reshape(-1, 4))
    assert np.array_equal(one._marked, many._marked)


@settings(max_examples=50, deadline=None)
@given(st.lists(rects, max_size=25), st.lists(rects, min_size=1, max_size=30),
       st.sampled_from([0.5, 2.0, 7.0]))
def test_a_windows_table_counts_the_cells_marked_in_each_span(placed, asked, cell):
    """Raster.local's table covers only the window the spans reach: each span's count
    read from it is the number of marked cells in that span, as counting them says."""
    raster = Raster(AREA, cell)
    for r in placed:
        raster.add(r.getCoords())
    boxes = np.array([q.getCoords() for q in asked])
    (i0, i1), (j0, j1) = raster.spans(boxes[:, 0], boxes[:, 2], 0), raster.spans(boxes[:, 1], boxes[:, 3], 1)
    marked = raster._marked
    expected = [int(marked[a:b, l:r].sum()) for l, r, a, b in zip(i0, i1, j0, j1, strict=True)]
    assert raster.counted(i0, i1, j0, j1).tolist() == expected


def test_the_raster_rules_out_a_candidate_covering_a_placed_label():
    raster = Raster(AREA, 2.0)
    raster.add((0.0, 0.0, 30.0, 10.0))
    boxes = np.array([(5.0, 2.0, 20.0, 9.0), (31.0, 0.0, 40.0, 10.0), (-10.0, -10.0, 40.0, 20.0)])
    assert raster.blocked(*boxes.T).tolist() == [True, False, True]


def reference_place_dense(segments, sizes, near_source, placed, cap, bounds):
    """place_dense as its docstring says, slowly: each label in turn at each candidate in
    turn, tested with QRectF against every rectangle placed before it."""
    taken = list(placed)
    spots = [None] * len(segments)
    for beside, shifts in ((False, DENSE_SHIFTS), (True, DENSE_BESIDE)):
        for n, (segment, size) in enumerate(zip(segments[:cap], sizes, strict=False)):
            if spots[n] is not None:
                continue
            w, h = size.width(), size.height()
            for dx, dy in shifts:
                for t in NEAR_SOURCE if near_source else NEAR_TARGET:
                    p = segment.pointAt(t) + QPointF(dx * w, dy * h)
                    r = QRectF(p.x() - w / 2, p.y() - h / 2, w, h)
                    if bounds[n].normalized().contains(r) and not any(r.intersects(q) for q in taken):
                        taken.append(r)
                        spots[n] = (p, beside)
                        break
                if spots[n] is not None:
                    break
    return spots


sizes = st.builds(QSizeF, st.sampled_from([4.0, 12.0, 30.0]) | st.floats(1, 40),
                  st.sampled_from([3.0, 8.0]) | st.floats(1, 20))
ends = st.builds(QLineF, coordinate, coordinate, coordinate, coordinate)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(ends, sizes, st.booleans()), min_size=1, max_size=7),
       st.lists(rects, max_size=15), st.booleans(), st.integers(1, 7),
       st.sampled_from([4.0, 16.0, 48.0]), st.booleans())
def test_dense_labels_go_where_testing_each_spot_in_turn_puts_them(labels, placed, near_source, cap,
                                                                   cell, raster):
    """The bulk tests (raster, later candidates ruled out by each label placed) give the
    spots of testing every candidate of every label in turn against QRectF."""
    segments = [segment for segment, _, _ in labels]
    sizes = [size for _, size, _ in labels]
    bounds = [QRectF(-70, -70, 140, 140) if wide else QRectF(-20, -30, 45, 60) for _, _, wide in labels]
    index = GridIndex(cell, AREA if raster else None)
    for r in placed:
        index.add(r)
    got = place_dense(segments, sizes, near_source, index, cap, bounds)
    expected = reference_place_dense(segments, sizes, near_source, placed, cap, bounds)
    assert [(s[0].toTuple(), s[1]) if s else None for s in got] \
        == [(s[0].toTuple(), s[1]) if s else None for s in expected]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(ends, sizes, rects), min_size=1, max_size=6), st.lists(rects, max_size=15),
       st.booleans(), st.sampled_from([0.5, 2.0, 7.0]))
def test_dense_candidates_made_per_fraction_and_shift_are_alongs_kept_as_one_by_one(labels, placed,
                                                                                     beside, cell):
    """A dense label's candidates, their x parts computed per (fraction, shift across) and
    their y parts per (fraction, shift down), bounds and raster cells too: the same
    candidates, in the same order and floats, as `along` makes them all and the bounds'
    test and `Raster.blocked` keep them."""
    shifts = DENSE_BESIDE if beside else DENSE_SHIFTS
    rows = np.array([s.toTuple() + z.toTuple() + b.normalized().getCoords() for s, z, b in labels])
    raster = Raster(AREA, cell)
    for r in placed:
        raster.add(r.getCoords())
    w, h, bl, bt, br, bb = rows[:, 4:].T[:, :, None]
    xs, ys = along(rows[:, :4], NEAR_SOURCE, shifts, w, h)
    lefts, tops = xs - w / 2, ys - h / 2
    rights, bottoms = lefts + w, tops + h
    free = (bl <= lefts) & (rights <= br) & (bt <= tops) & (bottoms <= bb) & (lefts != rights) \
        & (tops != bottoms) & (bl != br) & (bt != bb)
    free[free] = ~raster.blocked(lefts[free], tops[free], rights[free], bottoms[free])
    at, got = kept_candidates(rows, NEAR_SOURCE, shifts, raster)
    assert at.tolist() == np.flatnonzero(free).tolist()
    expected = np.array([a[free] for a in (xs, ys, lefts, tops, rights, bottoms)]).reshape(6, -1)
    assert np.array_equal(got, expected)


@settings(max_examples=50, deadline=None)
@given(st.lists(rects, max_size=25), st.lists(rects, min_size=1, max_size=30), st.booleans())
def test_the_index_rules_out_only_what_overlaps_and_boxes_added_later_count(placed, asked, late):
    """The raster is built at the first question: boxes added after it count too."""
    index = GridIndex(16.0, AREA)
    boxes = np.array([q.getCoords() for q in asked])
    if late:
        index.ruled_out(*boxes.T)
    for r in placed:
        index.add(r)
    for q, out in zip(asked, index.ruled_out(*boxes.T), strict=True):
        assert not out or brute_hits(q, placed)


@settings(max_examples=50, deadline=None)
@given(st.lists(rects, max_size=20), st.lists(rects, max_size=20), st.lists(rects, min_size=1, max_size=30),
       st.booleans())
def test_an_index_over_a_base_answers_as_one_holding_both(fixed, placed, asked, asked_before):
    """A click's index over the layout's fixed boxes: the same answers, exact and bulk,
    as one index holding every box; the base is not changed by what the click adds."""
    base = GridIndex(16.0, AREA)
    for r in fixed:
        base.add(r)
    boxes = np.array([q.getCoords() for q in asked])
    if asked_before:  # the base's raster exists before the click copies it
        base.ruled_out(*boxes.T)
    index = GridIndex(16.0, AREA, base=base)
    for r in placed:
        index.add(r)
    whole = GridIndex(16.0, AREA)
    for r in fixed + placed:
        whole.add(r)
    assert index.ruled_out(*boxes.T).tolist() == whole.ruled_out(*boxes.T).tolist()
    assert [index.hits(q) for q in asked] == [brute_hits(q, fixed + placed) for q in asked]
    alone = GridIndex(16.0, AREA)
    for r in fixed:
        alone.add(r)
    assert base.ruled_out(*boxes.T).tolist() == alone.ruled_out(*boxes.T).tolist()
    assert [base.hits(q) for q in asked] == [brute_hits(q, fixed) for q in asked]


@settings(max_examples=50, deadline=None)
@given(st.tuples(coordinate, coordinate, coordinate, coordinate), st.floats(1, 120), st.floats(1, 40),
       st.booleans())
def test_label_candidates_are_qlinef_points_shifted_in_the_same_float_operations(ends, w, h, beside):
    segment = QLineF(*ends)
    shifts = DENSE_BESIDE if beside else DENSE_SHIFTS
    xs, ys = along(np.array([ends], float), NEAR_SOURCE, shifts, np.array([[w]]), np.array([[h]]))
    expected = [segment.pointAt(t) + QPointF(dx * w, dy * h) for dx, dy in shifts for t in NEAR_SOURCE]
    assert [(x, y) for x, y in zip(xs[0].tolist(), ys[0].tolist(), strict=True)] \
        == [(p.x(), p.y()) for p in expected]


def test_a_dense_label_takes_the_first_free_spot_of_its_edge_within_its_bounds():
    segment = QLineF(0, 0, 100, 0)
    taken = GridIndex(16.0, (-50.0, -50.0, 150.0, 50.0))
    taken.add(QRectF(0, -20, 40, 40))  # the segment's first 40 % are taken
    size = QSizeF(20.0, 10.0)
    spots = place_dense([segment, segment], [size, size], True, taken, 2,
                        [QRectF(-50, -50, 200, 100), QRectF(45, -50, 15, 100)])
    # the first fraction whose label (±10) clears x = 40; the second label's bounds are
    # narrower than it
    assert spots == [(QPointF(50.0, 0.0), False), None]


def bundle_view(qtbot, count: int) -> tuple[QGraphicsView, EdgeBundle]:
    view = QGraphicsView()
    scene = QGraphicsScene(view)
    view.setScene(scene)
    bundle = EdgeBundle()
    scene.addItem(bundle)
    rng = np.random.default_rng(0)
    bundle.set_lines([QLineF(*xy) for xy in rng.uniform(0, 300, (count, 4)).tolist()])
    view.setSceneRect(0, 0, 300, 300)
    view.resize(340, 340)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return view, bundle


def grab(view: QGraphicsView) -> QImage:
    return view.viewport().grab().toImage().convertToFormat(QImage.Format_RGB32)


def set_pens(bundle: EdgeBundle, first: str, second: str) -> None:
    n = len(bundle._lines)
    bundle.set_pen(np.arange(n // 2), (first, 0.0))
    bundle.set_pen(np.arange(n // 2, n), (second, 0.0))
    bundle.commit()


def fresh_drawing(view: QGraphicsView, bundle: EdgeBundle, size) -> QImage:
    fresh = QImage(size, QImage.Format_RGB32)
    fresh.fill(view.palette().base().color())
    painter = QPainter(fresh)
    painter.setWorldTransform(view.viewportTransform())
    bundle._draw(painter)
    painter.end()
    return fresh


def channels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format_RGB32)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1)
    return rows[:, :image.width() * 4].copy()  # a copy: the buffer goes with the image


texts = st.text(alphabet="w₁₂∂E/ 0.123456789−→", max_size=24)


@settings(max_examples=40, deadline=None)
@given(st.lists(texts, max_size=4), st.sampled_from([None, "#d04040"]), st.sampled_from([12.0, 17.5]))
def test_a_label_measured_unwritten_has_the_size_its_lines_give_it(qapp, lines, border, points):
    """A dense step sizes its labels by `measure` and writes only those it places: the
    sizes are those of the lines written, in every font."""
    font = QFont()
    font.setPointSizeF(points)
    box = TextBox(LIGHT)
    box.set_style(font, LIGHT)
    coloured = [(text, "#000000") for text in lines]
    measured = box.measure(coloured)
    box.set_lines(coloured, border)
    assert measured == box.size()


def test_a_large_bundle_draws_as_its_edges_drawn_afresh_and_keeps_each_pens_picture(qtbot):
    view, bundle = bundle_view(qtbot, EdgeBundle.SMOOTH_LIMIT + 1)
    set_pens(bundle, "#ff0000", "#0000ff")
    kept = grab(view)
    assert kept == fresh_drawing(view, bundle, kept.size())
    drawn = bundle.drawn
    set_pens(bundle, "#00ff00", "#0000ff")
    changed = grab(view)
    assert changed != kept and bundle.drawn == drawn + 1
    set_pens(bundle, "#ff0000", "#0000ff")  # a step of the first kind again: its picture
    assert grab(view) == kept and bundle.drawn == drawn + 1
    view.scale(1.5, 1.5)  # a new transform: drawn again
    grab(view)
    assert bundle.drawn == drawn + 2


def test_a_smooth_bundles_picture_differs_from_drawing_afresh_by_rounding_only(qtbot):
    view, bundle = bundle_view(qtbot, EdgeBundle.PICTURE_FROM + 30)
    set_pens(bundle, "#ff0000", "#0000ff")
    kept = grab(view)
    assert bundle.drawn == 1
    difference = np.abs(channels(kept).astype(int) - channels(fresh_drawing(view, bundle, kept.size())))
    assert difference.max() <= 2


def test_a_small_bundle_draws_its_edges_each_time(qtbot):
    view, bundle = bundle_view(qtbot, EdgeBundle.PICTURE_FROM - 1)
    set_pens(bundle, "#ff0000", "#0000ff")
    grab(view)
    assert bundle.drawn == 0


def test_a_large_bundle_drawing_a_few_edges_leaves_the_painters_antialiasing_as_it_was(qtbot):
    """A bundle of more edges than SMOOTH_LIMIT draws them unsmoothed; drawing its few
    marked ones directly on the view's painter turned smoothing off for every item drawn
    after it once the view no longer saves the painter around each item (Run)."""
    view, bundle = bundle_view(qtbot, EdgeBundle.SMOOTH_LIMIT + 1)
    bundle.set_pen(np.arange(EdgeBundle.PICTURE_FROM - 1), ("#ff0000", 0.0))
    bundle.commit()
    image = QImage(340, 340, QImage.Format_RGB32)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    bundle.paint(painter, None)
    smooth = painter.testRenderHint(QPainter.Antialiasing)
    painter.end()
    assert smooth and bundle.drawn == 0



def test_a_kept_picture_in_a_repaint_of_many_rectangles_shows_the_pixels_of_one_blit(qtbot):
    """A repaint of several rectangles (a Run frame's cards) shows a bundle's kept picture
    a rectangle at a time (EdgeBundle._show), shifted too (as a widget painted into its
    window): inside them the pixels the whole view's repaint shows, outside them none."""
    view, bundle = bundle_view(qtbot, EdgeBundle.PICTURE_FROM + 500)
    set_pens(bundle, "#ff0000", "#0000ff")
    whole = grab(view)
    rects = [QRect(20, 30, 40, 25), QRect(150, 60, 70, 20), QRect(90, 200, 35, 60), QRect(230, 245, 50, 30)]
    region = QRegion()
    for rect in rects:
        region += rect
    offset = QPoint(5, 7)  # where the region's bounding rectangle's top left goes
    parts = QImage(whole.size(), QImage.Format_RGB32)
    parts.fill(QColor("#00ff00"))
    view.viewport().render(parts, offset, region)
    shown, expected = channels(parts), channels(whole)
    inside = np.zeros((parts.height(), parts.width()), bool)
    shift = offset - region.boundingRect().topLeft()
    for rect in rects:
        x, y = rect.x() + shift.x(), rect.y() + shift.y()
        inside[y:y + rect.height(), x:x + rect.width()] = True
        assert np.array_equal(shown[y:y + rect.height(), 4 * x:4 * (x + rect.width())],
                              expected[rect.y():rect.bottom() + 1, 4 * rect.x():4 * (rect.right() + 1)])
    green = np.frombuffer(bytes((0, 255, 0, 255)), np.uint8)
    outside = shown.reshape(shown.shape[0], -1, 4)[~inside]
    assert (outside == green).all()


def test_while_running_a_large_bundle_draws_new_pens_over_its_last_picture(qtbot):
    view, bundle = bundle_view(qtbot, EdgeBundle.SMOOTH_LIMIT + 1)
    # short level edges on a grid, none crossing another: drawn over, as drawn afresh
    grid = [(x, y) for y in range(4, 296, 6) for x in range(4, 290, 7)][:EdgeBundle.SMOOTH_LIMIT + 1]
    bundle.set_lines([QLineF(x, y, x + 5, y) for x, y in grid])
    set_pens(bundle, "#ff0000", "#0000ff")
    grab(view)
    drawn = bundle.drawn
    bundle.set_running(True)
    bundle.set_pen(np.arange(0, bundle.count(), 4), ("#00ff00", 0.0))  # a quarter change pen
    bundle.commit()
    changed = grab(view)
    assert bundle.drawn == drawn and bundle.patched == 1
    assert changed == fresh_drawing(view, bundle, changed.size())


def test_a_run_s_end_shows_the_bundle_drawn_afresh(qtbot):
    view, bundle = bundle_view(qtbot, EdgeBundle.SMOOTH_LIMIT + 1)  # edges crossing
    set_pens(bundle, "#ff0000", "#0000ff")
    grab(view)
    bundle.set_running(True)
    bundle.set_pen(np.arange(0, bundle.count(), 4), ("#00ff00", 0.0))
    bundle.commit()
    grab(view)
    QApplication.processEvents()  # the pending repaints done
    drawn = bundle.drawn
    painted = Painted(view.viewport())
    bundle.set_running(False)  # what is on screen was drawn over: repainted
    qtbot.waitUntil(lambda: painted.count > 0)
    stopped = grab(view)
    assert bundle.drawn == drawn + 1 and bundle.patched == 1
    assert stopped == fresh_drawing(view, bundle, stopped.size())


@pytest.mark.parametrize("part", [EdgeBundle.PREPARE_LINES, 7])
def test_a_bundle_draws_new_pens_ahead_in_each_view_its_pens_now_show(qtbot, monkeypatch, part):
    """prepare draws the coming pens' picture in every view a kept picture of the pens
    now shows, a pens' group of about PREPARE_LINES edges a call: each view then shows
    them as drawing afresh does, none drawn on the click."""
    monkeypatch.setattr(EdgeBundle, "PREPARE_LINES", part)
    view, bundle = bundle_view(qtbot, EdgeBundle.SMOOTH_LIMIT + 1)
    set_pens(bundle, "#ff0000", "#0000ff")
    grab(view)
    view.scale(1.5, 1.5)  # a second view
    grab(view)
    n = bundle.count()
    ids = bundle.pens_with([(np.arange(n // 2), ("#00ff00", 0.0))])
    calls = 0
    while bundle.prepare(ids):
        calls += 1
    assert calls == 2 * (1 + (1 if part > n else 2))  # a view: its pens' groups, then its parts
    drawn = bundle.drawn
    set_pens(bundle, "#00ff00", "#0000ff")
    zoomed = grab(view)
    assert zoomed == fresh_drawing(view, bundle, zoomed.size())
    view.resetTransform()
    first = grab(view)
    assert first == fresh_drawing(view, bundle, first.size())
    assert bundle.drawn == drawn and bundle.prepared == 2


@pytest.mark.parametrize("parts", [0, 1, 2])
def test_a_paint_finishes_a_picture_drawn_ahead_in_part_as_drawing_it_at_once_does(qtbot, monkeypatch, parts):
    """A click arriving while prepare has drawn only a part of the picture (or none of
    its edges yet) draws the rest only: the picture is the one drawn at once (edges of
    translucent pens crossing)."""
    monkeypatch.setattr(EdgeBundle, "PREPARE_LINES", 1)
    view, bundle = bundle_view(qtbot, EdgeBundle.SMOOTH_LIMIT + 1)
    set_pens(bundle, "#80ff0000", "#800000ff")
    grab(view)
    n = bundle.count()
    ids = bundle.pens_with([(np.arange(n // 3), ("#8000ff00", 0.0))])  # three pens' groups
    for _ in range(1 + parts):
        assert bundle.prepare(ids)
    assert bundle._ahead is not None
    drawn = bundle.drawn
    bundle.set_pen(np.arange(n // 3), ("#8000ff00", 0.0))
    bundle.commit()
    grab(view)
    assert bundle.drawn == drawn and bundle.prepared == 1 and bundle._ahead is None
    key = next(k for k in bundle._pictures if k[0] == bundle._pens)
    t, seen = bundle._views[key[1:]]
    assert bundle._pictures[key] == bundle._picture(t, seen, key[3])


def shown_view(qtbot, preset: str, granularity: str = "neuron") -> tuple[SessionBridge, NetworkView]:
    """The preset's graph at 1000×700 at the granularity, three iterations trained, shown."""
    bridge = SessionBridge(Session(presets.load(preset)))
    view = NetworkView(bridge)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    bridge.session.set_granularity(granularity)
    bridge.session.run(3)
    return bridge, view


def spiral_at_an_iterations_end(qtbot) -> tuple[SessionBridge, NetworkView, list[EdgeBundle]]:
    """spiral's view at iteration 2's last step, and its bundles drawn from pictures."""
    bridge, view = shown_view(qtbot, "spiral")
    session = bridge.session
    session.goto(2, len(session.plan) - 1)
    bridge.flush()
    bundles = [band.bundle for band in view._bands if band.bundle.count() >= EdgeBundle.PICTURE_FROM]
    assert len(bundles) >= 2
    return bridge, view, bundles


def test_no_edges_are_drawn_ahead_while_a_long_train_shows_its_progress(qtbot):
    """A train of many iterations processes events between its chunks (its progress
    dialog): the pictures wait for it to end."""
    bridge, view, bundles = spiral_at_an_iterations_end(qtbot)
    bridge.session.training = True
    grab(view)
    QApplication.processEvents()
    assert [bundle.prepared for bundle in bundles] == [0] * len(bundles)
    bridge.session.training = False
    grab(view)
    qtbot.waitUntil(lambda: all(bundle.prepared for bundle in bundles))


@pytest.mark.parametrize("move", ["click", "next-iteration"])
def test_the_next_weights_edges_are_drawn_ahead(qtbot, move):
    """A click into a new iteration, and Next Iteration from any step (to the next
    iteration's last step, which shows the weights of this iteration's end), drew each
    bundle's picture afresh for the new weights' pens (phone-price's 32,768 edges, ~75 ms
    CPU): after a paint an idle turn of the event loop draws them, and the move shows them
    as drawing afresh does."""
    bridge, view, bundles = spiral_at_an_iterations_end(qtbot)
    session = bridge.session
    if move == "next-iteration":
        session.goto(2, len(session.plan) // 2)
        bridge.flush()
    grab(view)  # the step's paint ...
    qtbot.waitUntil(lambda: all(bundle.prepared for bundle in bundles))  # ... and the teacher reading it
    drawn = [bundle.drawn for bundle in bundles]
    session.next_step() if move == "click" else session.next_iteration()
    bridge.flush()
    ahead = grab(view)
    assert [bundle.drawn for bundle in bundles] == drawn
    for bundle in bundles:
        bundle._pictures.clear()
    assert grab(view) == ahead
    assert [bundle.drawn for bundle in bundles] == [n + 1 for n in drawn]


def shown_items(view: NetworkView) -> list[tuple]:
    """Every text item's text, border, box, visibility and depth, and every circle's style."""
    items = [(kind, param, box.isVisible(), box.text(), box._border, box.box().getRect(), box.zValue())
             for box, kind, param, _ in view.text_items() if isinstance(box, TextBox)]
    return items + [(n.circle.brush().color().name(), n.circle.pen().color().name(), n.circle.pen().widthF())
                    for n in view._neurons.values()]


@pytest.mark.parametrize("move", ["next", "next-half-made", "previous", "jump"])
def test_a_click_shows_the_cards_made_ahead_as_a_refresh_reading_afresh_does(qtbot, monkeypatch, move):
    """While the teacher reads (after a paint) the next step's cards and biases are made
    ahead; the click to that step sets them, one arriving before all are made sets those
    made and makes the rest, and any other click (back, a jump) makes them all as
    before: each shows what a refresh writing every card afresh shows."""
    monkeypatch.setattr(graph_cards, "CARDS_AHEAD", 10)
    bridge, view = shown_view(qtbot, "phone-price-mini", "phase")
    session = bridge.session
    session.goto(2, 1)
    bridge.flush()
    grab(view)  # the step's paint: the next step's cards are made at the turns after it
    if move == "next-half-made":  # one turn's made, the click before the next turn
        view._ahead.stop()
        view._prepare_cards()
        assert len(view._cards_ahead[1]) == 10
    else:
        qtbot.waitUntil(lambda: view._cards_ahead is not None
                        and len(view._cards_ahead[1]) == len(view._neurons))
    made = len(view._cards_ahead[1])
    {"next": session.next_step, "next-half-made": session.next_step, "previous": session.prev_step,
     "jump": lambda: session.goto(2, 3)}[move]()
    bridge.flush()
    shown, applied = shown_items(view), view.cards_applied
    view._context = view._cards_ahead = None  # a new epoch: every card written afresh
    view._refresh_all()
    assert shown_items(view) == shown
    assert applied == (made if move.startswith("next") else 0)


@pytest.mark.parametrize("move", ["next", "other-iteration"])
def test_a_click_labels_dense_layers_from_lines_made_ahead_as_afresh(qtbot, move):
    """After the next step's cards, its dense layers' labels' lines and sizes are made
    ahead (_prepare_dense); the click to that step takes them, and a click to the same
    step of another iteration (the same labels' order, other numbers) makes them as
    before: each shows what a refresh making every label afresh shows."""
    bridge, view = shown_view(qtbot, "phone-price-mini", "phase")
    session = bridge.session
    session.goto(1, 2)
    bridge.flush()
    session.goto(2, 1)  # the loss: the backward step next labels its dense layers' weights
    bridge.flush()
    grab(view)
    qtbot.waitUntil(lambda: view._dense_ahead is not None and view._cards_ahead is not None
                    and view._dense_ahead[0] == view._cards_ahead[0])
    assert view._dense_ahead[1]
    {"next": session.next_step, "other-iteration": lambda: session.goto(1, 2)}[move]()
    bridge.flush()
    shown, applied = shown_items(view), view.dense_applied
    view._context = view._cards_ahead = view._dense_ahead = None  # a new epoch: every label made afresh
    view._refresh_all()
    assert shown_items(view) == shown
    assert (applied > 0) == (move == "next")


@pytest.mark.parametrize("change", ["none", "sample", "digits", "learning-rate", "granularity"])
def test_a_click_into_a_trained_iteration_shows_what_was_made_ahead_for_it_as_afresh(qtbot, change):
    """At an iteration's last step, where history holds the next iteration, the click
    into it is made ahead too (its cards, biases and dense labels, read from that
    iteration's record, parameters and sample); the click takes them, and after a change
    in between (the sample, the digits, the learning rate with the history trained again
    as far, the granularity) none of them: each shows what a refresh writing every card
    and label afresh shows."""
    bridge, view = shown_view(qtbot, "phone-price-mini", "phase")
    session = bridge.session
    last = len(session.plan) - 1
    session.goto(1, last)
    bridge.flush()
    grab(view)  # the step's paint: the next iteration's first step is made at the turns after it
    qtbot.waitUntil(lambda: view._cards_ahead is not None and len(view._cards_ahead[1]) == len(view._neurons)
                    and view._dense_ahead is not None and view._dense_ahead[0] == view._cards_ahead[0])
    if change == "sample":
        session.set_sample(1)
    elif change == "digits":
        view.set_precision(4)
    elif change == "learning-rate":
        session.set_spec(optimizer={**session.spec.optimizer, "lr": 0.5})
        session.goto(3)
        session.goto(1, last)
    elif change == "granularity":
        session.set_granularity("layer")
        session.goto(1, len(session.plan) - 1)
    bridge.flush()
    assert len(session.history) == 3 and session.at_end_of_iteration
    session.next_step()
    bridge.flush()
    assert session.iteration == 2
    shown, cards, dense = shown_items(view), view.cards_applied, view.dense_applied
    view._context = view._cards_ahead = view._dense_ahead = None  # a new epoch: every card written afresh
    view._refresh_all()
    assert shown_items(view) == shown
    assert (cards > 0, dense > 0) == ((True, True) if change == "none" else (False, False))


def test_a_click_that_trains_the_next_iteration_shows_what_was_made_ahead_for_it_as_afresh(qtbot):
    """At the history's end the next iteration is computed ahead (kept by the trainer:
    the history, plots and tables do not show it) and the click into it made ahead; the
    click appends that iteration and takes what was made: it shows what a refresh writing
    every card and label afresh shows."""
    bridge, view = shown_view(qtbot, "phone-price-mini", "phase")
    session = bridge.session
    session.goto(3, len(session.plan) - 1)
    bridge.flush()
    grab(view)
    qtbot.waitUntil(lambda: view._cards_ahead is not None and len(view._cards_ahead[1]) == len(view._neurons)
                    and view._dense_ahead is not None and view._dense_ahead[0] == view._cards_ahead[0])
    assert len(session.history) == 3
    session.next_step()
    bridge.flush()
    assert (session.iteration, len(session.history)) == (4, 4)
    shown, cards, dense = shown_items(view), view.cards_applied, view.dense_applied
    view._context = view._cards_ahead = view._dense_ahead = None  # a new epoch: every card written afresh
    view._refresh_all()
    assert shown_items(view) == shown
    assert cards > 0 and dense > 0
def box_view(qtbot, box: TextBox) -> QGraphicsView:
    view = QGraphicsView()
    scene = QGraphicsScene(view)
    view.setScene(scene)
    scene.addItem(box)
    view.setSceneRect(QRectF(-80, -40, 160, 80))
    view.resize(220, 140)
    view.scale(0.6875, 0.6875)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.mark.parametrize("change", ["lines", "anchor", "style"])
def test_a_box_repainted_after_a_change_looks_as_one_made_so(qtbot, change):
    """A box keeps its lines' places and colours for its repaints (TextBox.paint): a box
    changed after a repaint (its text as wide as before, its anchor, its font) shows what a
    box made with the change shows."""
    font = QFont()
    font.setPointSizeF(15.0)

    def made(lines: list[tuple[str, str]], anchor=graph_items.CENTER, big: bool = False) -> TextBox:
        box = TextBox(LIGHT, anchor)
        if big:
            box.set_style(font, LIGHT)
        box.set_lines(lines, "#d04040")
        return box

    before = [("out 0.731942", "#111111"), ("δ −0.120000", "#0072B2")]
    after = {"lines": ([("out 0.531942", "#D55E00"), ("δ −0.720000", "#111111")], graph_items.CENTER, False),
             "anchor": (before, graph_items.TOP_LEFT, False),
             "style": (before, graph_items.CENTER, True)}[change]
    box = made(before)
    view = box_view(qtbot, box)
    first = grab(view)
    box.set_lines(after[0], "#d04040")
    box.set_anchor(after[1])
    if after[2]:
        box.set_style(font, LIGHT)
    changed = grab(view)
    assert changed != first
    assert changed == grab(box_view(qtbot, made(*after)))


@pytest.mark.parametrize("preset", ["spiral", "phone-price-mini"])
def test_a_click_repaints_its_boxes_from_pictures_drawn_ahead_as_drawn_afresh(qtbot, preset):
    """While the teacher reads, the next phase step's cards, biases, loss terms and dense
    labels near the view are drawn as pictures (graph_pictures): the click's repaint draws
    none, and shows what a repaint drawing every box directly shows, but where a smoothed
    edge blends over what lies under it (at most 1 of 255 apart)."""
    bridge, view = shown_view(qtbot, preset, "phase")
    session = bridge.session
    session.goto(2, 1)  # the backward pass; the click goes to the update step
    bridge.flush()
    grab(view)

    def drawn_ahead() -> bool:
        ahead = view._pictures_ahead
        return ahead is not None and ahead[2] == len(ahead[1]) > 20

    qtbot.waitUntil(drawn_ahead)
    drawn = PICTURES.drawn
    session.next_step()
    bridge.flush()
    shown = grab(view)
    assert PICTURES.drawn == drawn
    PICTURES.clear()
    direct = grab(view)
    assert PICTURES.drawn == drawn and len(PICTURES) == 0
    assert np.abs(channels(direct).astype(int) - channels(shown)).max() <= 1


@pytest.mark.parametrize(("granularity", "at"), [("phase", 1), ("layer", 1), ("layer", 5), ("neuron", 20)])
def test_a_click_indexes_the_compact_cards_made_ahead_where_they_stand(qtbot, granularity, at):
    """With the next step's cards, the compact cards its labels must not cover are
    indexed ahead from the entries' boxes (_prepare_taken); the click to that step indexes
    only the rest on them. The boxes indexed ahead are where the click puts those cards,
    and the step shows what a refresh indexing every card afresh shows."""
    bridge, view = shown_view(qtbot, "phone-price-mini", granularity)
    session = bridge.session
    session.goto(2, at)
    bridge.flush()
    grab(view)
    qtbot.waitUntil(lambda: view._taken_ahead is not None and view._cards_ahead is not None
                    and view._taken_ahead[0] == view._cards_ahead[0])
    ahead = view._taken_ahead[1]
    session.next_step()
    bridge.flush()
    assert view._taken._base is ahead
    marked = [n.values.coords() for n in view._neurons.values() if n.compact and n.values.has_text()
              and (n.key in view._focus or n.key in view._reads)]
    assert marked
    assert sorted(ahead._boxes) == sorted(marked)
    shown = shown_items(view)
    view._context = view._cards_ahead = view._taken_ahead = None  # a new epoch: every card indexed afresh
    view._refresh_all()
    assert view._taken._base is view._fixed()
    assert shown_items(view) == shown


def _change_reading(view, session, change: str) -> None:
    """What a prepared click's reading may change by in between: "none", the digits or the sample."""
    if change == "digits":
        view.set_precision(4)
    elif change == "sample":
        session.set_sample(1)


@pytest.mark.parametrize("change", ["none", "digits", "sample"])
def test_a_click_names_the_biases_off_its_step_from_what_was_named_ahead_as_afresh(qtbot, change):
    """With the next step's cards, the compact biases that step leaves off it are named
    ahead (their lines and their place left of their dots: _named); the click takes
    those named for its reading, and after a change in between (the digits, the sample)
    names them afresh: each shows what a refresh naming every bias afresh shows."""
    bridge, view = shown_view(qtbot, "phone-price-mini", "phase")
    session = bridge.session
    session.goto(2, 0)  # the forward pass marks every bias; the loss next leaves them all off its step
    bridge.flush()
    grab(view)
    qtbot.waitUntil(lambda: view._cards_ahead is not None and view._biases_ahead is not None
                    and view._biases_ahead[0] == view._cards_ahead[0])
    off = [n for n in view._neurons.values() if n.compact and n.bias is not None]
    named = [n.named for n in off]
    assert all(named)
    _change_reading(view, session, change)
    session.next_step()
    bridge.flush()
    assert all(n.named is kept for n, kept in zip(off, named, strict=True)) == (change == "none")
    shown = shown_items(view)
    for n in off:
        n.named = ()
    view._context = view._cards_ahead = None  # a new epoch: every bias named afresh
    view._refresh_all()
    assert shown_items(view) == shown


@pytest.mark.parametrize(("granularity", "at", "change"), [("phase", 1, "none"), ("phase", 1, "digits"),
                                                          ("phase", 1, "sample"), ("layer", 4, "none")])
def test_a_click_places_its_marked_compact_biases_as_placed_ahead_as_afresh(qtbot, monkeypatch, granularity,
                                                                            at, change):
    """With the next step's compact cards indexed ahead, the compact biases it marks are
    placed ahead on what the click will index (_prepare_biases); the click to that step
    places them so without trying a place, and after a change in between (the digits,
    the sample) tries them as before: each shows what a refresh placing every bias
    afresh shows."""
    bridge, view = shown_view(qtbot, "phone-price-mini", granularity)
    session = bridge.session
    session.goto(2, at)  # the step before one marking compact biases
    bridge.flush()
    grab(view)
    qtbot.waitUntil(lambda: view._cards_ahead is not None and view._biases_ahead is not None
                    and view._biases_ahead[0] == view._cards_ahead[0])
    tried, first = [], []  # the biases tried a place, and how many of them in the click's first pass
    fits_left, refresh = NetworkView._fits_left, NetworkView._refresh_compact_biases

    def counted(self, marked: bool, **retry) -> None:
        refresh(self, marked, **retry)
        if marked and not first:
            first.append(len(tried))

    monkeypatch.setattr(NetworkView, "_fits_left",
                        lambda self, n, taken: tried.append(n) or fits_left(self, n, taken))
    monkeypatch.setattr(NetworkView, "_refresh_compact_biases", counted)
    _change_reading(view, session, change)
    tried.clear()
    first.clear()
    session.next_step()
    bridge.flush()
    assert view._marked_biases
    assert (first[0] > 0) == (change != "none")
    shown = shown_items(view)
    view._context = view._cards_ahead = view._taken_ahead = view._biases_ahead = None  # all placed afresh
    view._refresh_all()
    assert tried
    assert shown_items(view) == shown


def test_a_bias_gradient_on_three_lines_is_placed_ahead_as_afresh(qtbot, monkeypatch):
    """spiral's backward phase in a 1024×768 window's graph: b₁'s and b₂'s two-line
    gradient labels find no room left of their dots and three lines do; the biases
    placed ahead (_prepare_biases) take the same form and place as a refresh placing
    every bias afresh (ahead, two lines placed none of them)."""
    bridge, view = shown_view(qtbot, "spiral", "phase")
    view.resize(770, 368)
    view.lay_out_for_render()  # the layout for that size now, not at the click's reading
    session = bridge.session
    session.goto(2, 1)  # the step before the backward phase
    bridge.flush()
    grab(view)
    qtbot.waitUntil(lambda: view._cards_ahead is not None and view._biases_ahead is not None
                    and view._biases_ahead[0] == view._cards_ahead[0])
    taken, placed_ahead = [], NetworkView._placed_ahead

    def counted(self, compact, index) -> bool:  # noqa: ANN001 - the view's own arguments
        taken.append(placed_ahead(self, compact, index))
        return taken[-1]
    monkeypatch.setattr(NetworkView, "_placed_ahead", counted)
    session.next_step()
    bridge.flush()
    shown = shown_items(view)
    assert taken and taken[0]  # placed as placed ahead (a layer's retry places them afresh)
    narrow = [x for x in shown if x[0] == "bias" and x[2] and len(x[3].splitlines()) == 3]
    assert narrow or len(taken) > 1
    view._context = view._cards_ahead = view._taken_ahead = view._biases_ahead = None  # all placed afresh
    view._refresh_all()
    assert shown_items(view) == shown


def _bands_shown(view: NetworkView) -> list[tuple]:
    """Per band: its leaders' lines and its edges' pens (the labelled ones over a tint)."""
    return [([line.toLine() for line in band.leaders._lines], band.leaders._ids.tolist(),
             band.marked._ids.tolist()) for band in view._bands]


@pytest.mark.parametrize(("preset", "granularity", "at", "change"), [
    ("phone-price-mini", "phase", 1, "none"), ("phone-price-mini", "phase", 2, "none"),
    ("phone-price-mini", "phase", 3, "none"), ("phone-price-mini", "phase", 1, "digits"),
    ("phone-price-mini", "phase", 1, "sample"), ("phone-price-mini", "layer", 4, "none"),
    ("spiral", "phase", 1, "none")])
def test_a_click_places_its_dense_labels_as_placed_ahead_as_afresh(qtbot, monkeypatch, preset, granularity,
                                                                  at, change):
    """With the next step's marked compact biases placed ahead, its dense labels are
    placed ahead on the index those leave (_place_dense_ahead); the click to that step
    takes their spots, placing fewer labels (place_dense: none but in a layer's retry,
    which places every band again), and after a change in between (the digits, the
    sample) places them as before: each shows what a refresh placing every label afresh
    shows, leaders and pens too."""
    bridge, view = shown_view(qtbot, preset, granularity)
    session = bridge.session
    session.goto(2, at)  # the step before one labelling its dense layers' weights
    bridge.flush()
    grab(view)
    qtbot.waitUntil(lambda: view._cards_ahead is not None and view._spots_ahead is not None
                    and view._spots_ahead[0] == view._cards_ahead[0])
    assert view._spots_ahead[3]
    placed, place = [], graph_edges.place_dense
    monkeypatch.setattr(graph_edges, "place_dense", lambda *args: placed.append(args) or place(*args))
    _change_reading(view, session, change)
    session.next_step()
    bridge.flush()
    assert (view.spots_applied > 0) == (change == "none")
    shown, clicked = (shown_items(view), _bands_shown(view)), len(placed)
    placed.clear()
    view._context = view._cards_ahead = view._taken_ahead = view._biases_ahead = view._spots_ahead = None
    view._refresh_all()  # a new epoch: every label placed afresh
    assert (clicked < len(placed)) == (change == "none")
    assert (shown_items(view), _bands_shown(view)) == shown


def _clicked_as_prepared(qtbot, granularity: str, where) -> tuple:
    """phone-price at `where(session)`, its next step's cards and index made ahead, then
    clicked, with no idle turn after the click (what it left unwritten stays so)."""
    bridge, view = shown_view(qtbot, "phone-price", granularity)
    session = bridge.session
    session.goto(*where(session))
    bridge.flush()
    grab(view)
    qtbot.waitUntil(lambda: view._cards_ahead is not None and view._taken_ahead is not None
                    and view._taken_ahead[0] == view._cards_ahead[0])
    session.next_step()
    bridge.flush()
    view._ahead.stop()
    return bridge, view, session


@pytest.mark.parametrize("read", ["scroll", "labels", "next-click"])
def test_a_card_left_unwritten_out_of_sight_shows_and_reads_as_written_once_seen_or_read(qtbot, read):
    """A click that sets the next step's cards made ahead leaves those out of the view's
    rows unwritten (TextBox.defer: phone-price's phase click ~335 of 408); scrolled
    into view they show, and read (`shot --labels`) they read, what the cards written
    at the click show and read; the next click's, made ahead meanwhile, shows what a
    refresh writing every card afresh shows."""
    bridge, view, session = _clicked_as_prepared(qtbot, "phase", lambda session: (2, 1))
    left = [n for n in view._neurons.values() if n.values.deferred()]
    assert len(left) > len(view._neurons) // 2
    if read == "scroll":
        bar = view.verticalScrollBar()
        bar.setValue(bar.maximum() if left[-1].center.y() > view.mapToScene(0, 0).y() else bar.minimum())
        seen = grab(view)
        assert not any(n.values.deferred() for n in left if view._rows_seen()[0] <= n.center.y()
                       <= view._rows_seen()[1])
        for n in left:
            n.values.settle()
        assert grab(view) == seen
    elif read == "labels":
        report = labels_report(view, view, 0)
        for n in left:
            n.values.settle()
        assert labels_report(view, view, 0) == report
    else:
        while view._prepare_cards():  # the next step's cards made, those left still unwritten
            pass
        assert all(n.values.deferred() for n in left)
        session.next_step()
        bridge.flush()
        assert view.cards_applied == len(view._neurons)
        shown = shown_items(view)
        view._context = view._cards_ahead = view._taken_ahead = None  # a new epoch: every card afresh
        view._refresh_all()
        assert shown_items(view) == shown


@pytest.mark.parametrize("iteration", [2, 3])  # into an iteration history holds; past its end
def test_a_card_a_click_into_a_new_iteration_empties_is_left_unwritten_out_of_sight(qtbot, iteration):
    """A click into a new iteration at neuron steps empties most cards (its values not
    computed yet: ~400 of phone-price's 408): those out of the view's rows are left
    unwritten as filled ones are (TextBox.defer), their has_text and frames (empty, at
    their places) what writing them gives; the step then shows what a refresh writing
    every card afresh shows."""
    bridge, view, session = _clicked_as_prepared(
        qtbot, "neuron", lambda session: (iteration, len(session.steps) - 1))
    assert view.cards_applied == len(view._neurons)
    left = [n for n in view._neurons.values() if n.values.deferred()]
    emptied = [n for n in left if not n.values.has_text()]
    assert len(emptied) > len(view._neurons) // 2
    read = [(n.values.has_text(), n.values.frame(), n.values.size()) for n in left]
    for n in left:
        n.values.settle()
    assert [(n.values.has_text(), n.values.frame(), n.values.size()) for n in left] == read
    shown = shown_items(view)
    view._context = view._cards_ahead = view._taken_ahead = None  # a new epoch: every card afresh
    view._refresh_all()
    assert shown_items(view) == shown
