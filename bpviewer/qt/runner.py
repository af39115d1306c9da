"""Run mode: train in chunks on a timer so the window stays responsive.

Each tick trains for what the views leave of a FRAME_S frame, and never for less than
the views took to repaint after the last tick (at least TICK_BUDGET_S, at most MAX_TICK_S;
the chunk adapts to the network's speed, capped by the chosen iterations per frame), then
flushes the bridge: one tick, one repaint. Training thus gets at least half of the time
(≥ 50% of the headless engine's speed), all but the views' share when they are quick, and
the frame rate is whatever the views allow at that share. Meanwhile the bridge says it is
running, so the slowest views refresh a few times a second (pacing.py). Pausing takes
effect at the next tick.
"""

from __future__ import annotations

from time import perf_counter

from PySide6.QtCore import QObject, QTimer, Signal

from .bridge import FRAME_MS, SessionBridge

TICK_BUDGET_S = 0.006
#: the frame a tick aims at (40 a second): training fills what the views leave of it
FRAME_S = 0.025
#: the longest a tick trains, so a pause click is answered within ~0.1 s
MAX_TICK_S = 0.1


def training_budget(views_s: float) -> float:
    """Seconds the next tick trains, given how long the views took after the last one:
    the rest of a FRAME_S frame, and never less than the views' own share."""
    return min(max(views_s, FRAME_S - views_s, TICK_BUDGET_S), MAX_TICK_S)


class Runner(QObject):
    runningChanged = Signal(bool)

    def __init__(self, bridge: SessionBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = bridge.session
        self._bridge = bridge
        self.speed: int | None = None  # iterations per frame; None = as fast as possible
        self._chunk = 1
        self._budget = TICK_BUDGET_S
        self._trained_at: float | None = None  # when the last tick's training ended
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        bridge.interrupted.connect(self.stop)  # divergence, a refused edit, a new network

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def set_speed(self, speed: int | None) -> None:
        self.speed = speed
        self._timer.setInterval(0 if speed is None else FRAME_MS)

    def start(self) -> None:
        if not self.running:
            self._trained_at = None
            self.set_speed(self.speed)
            self._bridge.running = True
            self._timer.start()
            self.runningChanged.emit(True)

    def stop(self) -> None:
        if self.running:
            self._timer.stop()
            self._bridge.running = False
            self.runningChanged.emit(False)

    def _tick(self) -> None:
        k = self._chunk if self.speed is None else min(self.speed, self._chunk)
        began = perf_counter()
        if self._trained_at is not None:  # the views' share of the last frame
            self._budget = training_budget(began - self._trained_at)
        # the chunk is this tick's: no progress dialog, no events processed between the
        # Session's own chunks (they repainted inside the tick, out of its accounting)
        progress, self.session.progress = self.session.progress, None
        try:
            self.session.run(k)
        finally:
            self.session.progress = progress
        self._trained_at = perf_counter()
        elapsed = max(self._trained_at - began, 1e-6)
        self._bridge.flush()
        self._chunk = max(1, min(int(k * self._budget / elapsed), 2 * k))
