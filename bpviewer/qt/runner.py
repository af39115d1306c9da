"""Run mode: train in chunks on a timer so the window stays responsive.

Each tick runs as many iterations as fit in TICK_BUDGET_S (the chunk adapts to the
network's speed, capped by the chosen iterations per frame), then flushes the bridge: one
tick, one repaint, so the rest of each ~30 ms frame is left to the views. Pausing takes
effect at the next tick.
"""

from __future__ import annotations

from time import perf_counter

from PySide6.QtCore import QObject, QTimer, Signal

from .bridge import FRAME_MS, SessionBridge

TICK_BUDGET_S = 0.006


class Runner(QObject):
    runningChanged = Signal(bool)

    def __init__(self, bridge: SessionBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = bridge.session
        self._bridge = bridge
        self.speed: int | None = None  # iterations per frame; None = as fast as possible
        self._chunk = 1
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
        self.session.run(k)
        elapsed = max(perf_counter() - began, 1e-6)
        self._bridge.flush()
        self._chunk = max(1, min(int(k * TICK_BUDGET_S / elapsed), 2 * k))
