"""A click's value (forward, loss) or gradient (backward) travelling along the edges its
step reads, or from the outputs to their loss terms, as a few accent-coloured dots for
about a third of a second, then gone.

Decoration only: the step's numbers are drawn before it starts, and a new click, any other
cursor change, a new network or a resize ends it at once, so it never delays anything.
Only a click arms it (`arm`, from MainWindow's next/previous step): Run, Go to, the
slider, lesson slides and `bpviewer shot` never do, so screenshots stay deterministic.
Which edges comes from the step's focus and reads through `NetworkView.step_edges`; one
item paints every dot and repaints only the dots' rectangles, at most 60 times a second.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QLineF, QObject, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

from ..core.steps import Step

if TYPE_CHECKING:
    from .network_view import NetworkView

ONE_LAYER_MS = 320  # a step whose edges are one weight layer's
LAYERS_MS = 400  # several layers, one after the other (a phase, a hidden weight's gradient)
FRAME_MS = 17  # at most 60 repaints a second
CAP = 32  # dots a weight layer at most: a wide layer's would be a blur
TRAIL = (0.0, 0.08, 0.16)  # a dot and its fading tail, behind it by these shares of the edge
FADE = 0.15  # a dot fades in at its edge's start and out at its end, over this share
Z = 2.5  # over the edges and circles, under the labels (a value passes "through" its weight)
Z_LOSS = 6.0  # over the labels: an output's value crosses its bias's label to its loss term


class Dots(QGraphicsItem):
    """Every dot of one animation. paths: (line from → to, start, end), start and end the
    share of the animation's time the dot travels in."""

    def __init__(self, paths: list[tuple[QLineF, float, float]], color: str, outline: str,
                 radius: float) -> None:
        super().__init__()
        self._paths = paths
        self._color, self._outline = QColor(color), QColor(outline)
        self._radius = radius
        self._dots: list[tuple[QPointF, float, float]] = []
        self._drawn: list[QRectF] = []  # the rectangles the dots took when last moved
        rect = QRectF()
        for line, _, _ in paths:
            rect = rect.united(QRectF(line.p1(), line.p2()).normalized())
        self._rect = rect.adjusted(-2 * radius, -2 * radius, 2 * radius, 2 * radius)
        self.setZValue(Z)
        self.setAcceptedMouseButtons(Qt.NoButton)

    def boundingRect(self) -> QRectF:
        return self._rect

    def dots(self) -> list[tuple[QPointF, float, float]]:
        """(centre, opacity, radius) of every dot at the current time."""
        return self._dots

    def _place(self, t: float) -> list[tuple[QPointF, float, float]]:
        out = []
        head = 1 + TRAIL[-1]  # the last of a tail reaches its edge's end at its path's end
        for line, start, end in self._paths:
            u = (t - start) / (end - start) * head
            for k, lag in enumerate(TRAIL):
                s = u - lag
                if 0.0 <= s <= 1.0:
                    eased = s * s * (3 - 2 * s)
                    fade = min(1.0, s / FADE, (1 - s) / FADE)
                    out.append((line.pointAt(eased), fade * (1 - 0.35 * k),
                                self._radius * (1 - 0.25 * k)))
        return out

    def _rects(self) -> list[QRectF]:
        margin = self._radius * 0.4 + 1
        return [QRectF(c.x() - r - margin, c.y() - r - margin, 2 * (r + margin), 2 * (r + margin))
                for c, _, r in self.dots()]

    def advance_to(self, t: float) -> None:
        """Move the dots to time t (0..1), repainting only where they were and are: each
        rectangle through the scene, which hands it to the view as it is; an item's own
        update(rect) calls are united into one rectangle (QGraphicsScenePrivate::markDirty),
        a tall strip across a layer's dots (phone-price: ~3 ms a frame)."""
        self._dots = self._place(t)
        rects = [self.mapRectToScene(rect) for rect in self._rects()]
        scene = self.scene()
        for rect in self._drawn + rects:
            scene.update(rect)
        self._drawn = rects

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.Antialiasing)
        c, b = self._color, self._outline
        for centre, opacity, r in self.dots():
            # paler toward the background, never translucent: over a coloured edge a
            # translucent accent turns muddy
            fill = QColor.fromRgbF(*(opacity * x + (1 - opacity) * y for x, y in zip(
                c.getRgbF()[:3], b.getRgbF()[:3], strict=True)))
            painter.setPen(QPen(b, r * 0.35))
            painter.setBrush(fill)
            painter.drawEllipse(centre, r, r)


class StepAnimation(QObject):
    """Plays a clicked step's dots over `view`, one step's at a time."""

    def __init__(self, view: NetworkView) -> None:
        super().__init__(view)
        self.enabled = True
        self.frames = 0  # repaints asked for by the last animation (tests count them)
        self._view = view
        self._item: Dots | None = None
        self._armed: tuple | None = None  # the cursor a click moved to, not drawn yet
        self._shown: tuple | None = None  # the cursor the view drew last
        self._duration = ONE_LAYER_MS
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.PreciseTimer)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._tick)
        #: the step a click drew, played at the turn after the view's paint (painted)
        self._pending: Step | None = None
        self._start = QTimer(self, singleShot=True, interval=0)
        self._start.timeout.connect(self._play_pending)

    @property
    def active(self) -> bool:
        return self._item is not None

    @property
    def item(self) -> Dots | None:
        return self._item

    def set_enabled(self, on: bool) -> None:
        self.enabled = on
        if not on:
            self.stop()

    def _cursor(self) -> tuple:
        s = self._view.session
        return id(s.spec), s.iteration, s.step_index, s.granularity, s.sample

    def arm(self) -> None:
        """A click moved the cursor: end what plays, and play the step it landed on once
        the view has drawn it (the bridge's next frame)."""
        self.stop()
        cursor = self._cursor()
        self._armed = cursor if self.enabled and cursor != self._shown else None

    def shown(self) -> None:
        """The view refreshed to the cursor: its step's dots if a click armed it, else none,
        played once the view has painted the step (painted): making them (a phase step of
        phone-price's ~2–3 ms) no longer delays the step's numbers."""
        cursor = self._cursor()
        armed, self._armed, self._shown = self._armed == cursor, None, cursor
        self._pending = None  # a step refreshed past before its paint plays no more
        self.stop()
        step = self._view.session.step
        if armed and step is not None and not self._view.bridge.running:
            self._pending = step

    def painted(self) -> None:
        """The view painted: the step it refreshed to plays at the next turn."""
        if self._pending is not None:
            self._start.start()

    def _play_pending(self) -> None:
        step, self._pending = self._pending, None
        if step is not None and step is self._view.session.step and not self._view.bridge.running:
            self.play(step)

    def play(self, step: Step) -> None:
        """Dots along the weights `step` reads or computes, forward from the inputs' side,
        backward from the later layer's, a weight layer after the other; a loss step's
        from each output to its loss term, then from the terms to the total."""
        groups = self._groups(step)
        if not groups:
            return
        n = len(groups)
        span = 1.0 if n == 1 else min(1.0, 1.6 / n)  # each group's share, overlapping
        paths = []
        for k, group in enumerate(groups):
            start = (1 - span) * k / max(n - 1, 1)
            paths += [(line, start, start + span) for line in group]
        view = self._view
        radius = QFontMetricsF(view.font()).lineSpacing() * 0.42
        self._item = Dots(paths, view.colors.focus, view.colors.background, radius)
        if step.phase == "loss":
            self._item.setZValue(Z_LOSS)
        view.scene().addItem(self._item)
        self._duration = ONE_LAYER_MS if n == 1 else LAYERS_MS
        self.frames = 0
        self._clock.start()
        self._timer.start()

    def _groups(self, step: Step) -> list[list[QLineF]]:
        """The lines the dots travel, a group after the other (an update step has none:
        nothing travels, a number changes in place)."""
        if step.phase == "loss":
            return self._view.loss_paths()
        if step.phase not in ("forward", "backward"):
            return []
        edges = self._view.step_edges(CAP)
        backward = step.phase == "backward"
        return [[QLineF(line.p2(), line.p1()) if backward else line for line in edges[layer]]
                for layer in sorted(edges, reverse=backward)]

    def _tick(self) -> None:
        t = self._clock.elapsed() / self._duration
        if t >= 1.0:
            self.stop()
            return
        self.frames += 1
        self._item.advance_to(t)

    def stop(self) -> None:
        """Gone at once, leaving nothing in the scene (nor to play)."""
        self._pending = None
        self._start.stop()
        self._timer.stop()
        item, self._item = self._item, None
        if item is not None and item.scene() is not None:
            item.scene().removeItem(item)
