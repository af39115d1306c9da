"""Optimizer race: seven torch optimizers on a contour plot, step by step or running."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSizePolicy, QWidget

from ...core.formula import fmt
from ...core.labs import optimizer_race as core
from ...core.texts import tr as core_tr
from ..plots import restyle_plot
from .lab_base import (
    COLORS,
    Lab,
    TablePanel,
    add_plot,
    button,
    combo,
    message_label,
    read_float,
    row,
    show_message,
)

RUN_INTERVAL_MS = 40
MAX_STEPS = 2000
GRADIENT_ARROW = 0.12  # −∇f is drawn as a direction, this share of the view's width
START_PX = 18  # the ring round the racers' common start
RACER_GREY = "#808080"
HEAD = 0.3  # arrowhead length as a share of the arrow, capped at 4% of the view


def racer_color(index: int) -> str:
    """The training plots' colours, grey for the palette's black: the paths cross the
    same pale surface in both themes, and the legend is read on either background."""
    color = COLORS[index % len(COLORS)]
    return RACER_GREY if color == "#000000" else color


def arrow(p: np.ndarray, q: np.ndarray, span: float) -> np.ndarray:
    """Segment pairs (for connect='pairs') drawing an arrow from p to q."""
    d = q - p
    length = float(np.hypot(*d))
    if length == 0 or not math.isfinite(length):
        return np.empty((0, 2))
    head = min(HEAD * length, 0.04 * span)
    back = -d / length * head
    points = [p, q]
    for angle in (0.45, -0.45):
        c, s = math.cos(angle), math.sin(angle)
        points += [q, q + np.array([c * back[0] - s * back[1], s * back[0] + c * back[1]])]
    return np.array(points)


class OptimizerRaceLab(Lab):
    title = "Optimizer race"
    tab = "Optimizers"

    @classmethod
    def prepare(cls) -> None:
        super().prepare()
        core.grid(next(iter(core.SURFACES.values())))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.surface = combo([(s.label, key) for key, s in core.SURFACES.items()])
        self.lr = combo([(f"{lr:g}", lr) for lr in core.LR_PRESETS], editable=True)
        self.follow = combo([(o.label, key) for key, o in core.OPTIMIZERS.items()])
        self.run_button = button(self.tr("Run"), self.toggle_run,
                                 self.tr("Step every optimizer continuously"))
        self.surface.setToolTip(self.tr("The function every optimizer descends"))
        self.lr.setToolTip(self.tr("Learning rate for every optimizer (type any number)"))
        self.follow.setToolTip(self.tr("The optimizer whose steps the table shows"))
        # two rows, so that at 1024 px the surface's name is read whole and no button squeezed
        self.surface.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.body.addLayout(row(self.tr("surface"), self.surface))
        self.body.addLayout(row("lr", self.lr,
                                button(self.tr("◀ Step"), self.previous_step,
                                       self.tr("Every optimizer one step back")),
                                button(self.tr("Step ▶"), self.next_step,
                                       self.tr("Every optimizer one step on")),
                                self.run_button,
                                button(self.tr("Reset"), self.reset,
                                       self.tr("Every optimizer back to the start"))))
        self.status = message_label(self)
        self.message = message_label(self)
        self.body.addWidget(self.status)
        self.body.addWidget(self.message)

        self.plot = add_plot(self.figure, "", "x0", "x1")
        self.plot.setAspectLocked(True)
        self.image = pg.ImageItem(axisOrder="col-major")
        self.image.setColorMap(pg.colormap.get("CET-L12"))
        self.image.setZValue(-20)
        self.plot.addItem(self.image)
        self.contours = self.plot.plot(pen=pg.mkPen("#555555", width=1), connect="pairs")
        self.contours.setZValue(-10)
        self.paths = {}
        for i, key in enumerate(core.OPTIMIZERS):
            self.paths[key] = self.plot.plot(pen=pg.mkPen(racer_color(i), width=2.5), symbol="o",
                                             symbolSize=6, symbolBrush=racer_color(i), symbolPen=None)
        #: where every racer starts, ringed: at step 0 the racers' dots sit on one another
        self.start = self.plot.plot(pen=None, symbol="o", symbolSize=START_PX,
                                    symbolBrush=None, symbolPen=pg.mkPen("k", width=2.5))
        self.gradient_arrow = self.plot.plot(pen=pg.mkPen("#B00020", width=3), connect="pairs")
        self.step_arrow = self.plot.plot(pen=pg.mkPen("k", width=3), connect="pairs")
        self.table = TablePanel(self.tr("Steps of"))
        self.table.header.insertWidget(1, self.follow)
        # the race is the show, the table is read when asked: 3 : 2 whatever their contents
        self.table.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        lower = QHBoxLayout()
        lower.addWidget(self.figure, 3)
        lower.addWidget(self.table, 2)
        self.body.addLayout(lower, 1)
        arrows = message_label(self)
        show_message(arrows, self.tr("Arrows for the optimizer in the table: red = direction of "
                                     "−∇f, black = the step it took (its velocity)."))
        self.body.addWidget(arrows)

        self.timer = QTimer(self)
        self.timer.setInterval(RUN_INTERVAL_MS)
        self.timer.timeout.connect(self._tick)
        self.race = core.Race()
        self.surface.currentIndexChanged.connect(self.reset)
        self.lr.currentTextChanged.connect(self.reset)
        self.follow.currentIndexChanged.connect(self.refresh)
        self.reset()

    def reset(self) -> None:
        """Start the race again with the chosen surface and lr."""
        self.pause()
        try:
            lr = read_float(self.lr)
            self.race = core.Race(self.surface.currentData(), lr)
        except ValueError as exc:
            show_message(self.message, f"lr: {exc}", error=True)
            return
        surface = self.race.surface
        g = core.grid(surface)
        self.image.setImage(g.shade, autoLevels=True)
        (x0, x1), (y0, y1) = surface.x_range, surface.y_range
        self.image.setRect(x0, y0, x1 - x0, y1 - y0)
        self.contours.setData(g.contours[:, 0], g.contours[:, 1])
        self.plot.setTitle(core_tr(surface.label).split("  (")[0])  # the combo box names it
        restyle_plot(self.plot)
        self.plot.setRange(xRange=surface.x_range, yRange=surface.y_range, padding=0)
        self.refresh()

    def refresh(self) -> None:
        race = self.race
        start = race.points(next(iter(race.racers)))[0]
        self.start.setData([start[0]], [start[1]])
        for key, path in self.paths.items():
            pts = race.points(key)
            path.setData(pts[:, 0], pts[:, 1])
        key = self.follow.currentData()
        record = race.current(key)
        span = float(np.ptp(race.surface.x_range))
        if record is None:
            self.gradient_arrow.setData([], [])
            self.step_arrow.setData([], [])
        else:
            norm = float(np.hypot(*record.grad))
            direction = -record.grad / norm if norm and math.isfinite(norm) else np.zeros(2)
            g = arrow(record.w, record.w + GRADIENT_ARROW * span * direction, span)
            s = arrow(record.w, record.w_next, span)
            self.gradient_arrow.setData(g[:, 0], g[:, 1])
            self.step_arrow.setData(s[:, 0], s[:, 1])
        self.table.set_table(race.table(key), race.cursor - 1 if race.cursor else None)
        entries = []
        for i, k in enumerate(race.racers):
            rec = race.current(k)
            value = fmt(rec.loss, 4) if rec is not None else "—"
            label = core.OPTIMIZERS[k].label.replace(" ", "&nbsp;")  # wrap between racers only
            square = f"<span style='color:{racer_color(i)}'>■</span>"
            entries.append(f"{square}&nbsp;{label}&nbsp;<b>{value}</b>")
        show_message(self.status, self.tr("step %1 · lr %2 · f(w) before the step: ").replace(
            "%1", str(race.cursor)).replace("%2", f"{race.lr:g}") + " &nbsp; ".join(entries))
        messages = race.messages()
        show_message(self.message, "\n".join(messages), error=bool(messages))

    def next_step(self) -> None:
        self.race.next_step()
        self.refresh()

    def previous_step(self) -> None:
        self.race.previous_step()
        self.refresh()

    def toggle_run(self) -> None:
        if self.timer.isActive():
            self.pause()
        else:
            self.timer.start()
            self.run_button.setText(self.tr("Pause"))

    def pause(self) -> None:
        self.timer.stop()
        self.run_button.setText(self.tr("Run"))

    def _tick(self) -> None:
        before = self.race.cursor
        self.next_step()
        if self.race.cursor == before or self.race.cursor >= MAX_STEPS:
            self.pause()
