"""Run mode: train in chunks on a timer so the window stays responsive.

Each tick trains for as long as the views took to repaint after the last one (at least
TICK_BUDGET_S, at most MAX_TICK_S; the chunk adapts to the network's speed, capped by the
chosen iterations per frame), then flushes the bridge: one tick, one repaint. Training
thus gets at least half of the time (≥ 50% of the headless engine's speed) and the frame
rate is whatever the views allow at that share. Pausing takes effect at the next tick.
"""

from __future__ import annotations

from time import perf_counter

from PySide6.QtCore import QObject, QTimer, Signal

from .bridge import FRAME_MS, SessionBridge

TICK_BUDGET_S = 0.006
#: the longest a tick trains, so a pause click is answered within ~0.1 s
MAX_TICK_S = 0.1


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
            self._timer.start()
            self.runningChanged.emit(True)

    def stop(self) -> None:
        if self.running:
            self._timer.stop()
            self.runningChanged.emit(False)

    def _tick(self) -> None:
        k = self._chunk if self.speed is None else min(self.speed, self._chunk)
        began = perf_counter()
        if self._trained_at is not None:  # the views' share of the last frame
            self._budget = min(max(began - self._trained_at, TICK_BUDGET_S), MAX_TICK_S)
        self.session.run(k)
        self._trained_at = perf_counter()
        elapsed = max(self._trained_at - began, 1e-6)
        self._bridge.flush()
        self._chunk = max(1, min(int(k * self._budget / elapsed), 2 * k))
