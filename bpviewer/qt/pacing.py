"""While Run trains, the views that take longest to refresh and that no one reads at 30
frames a second (the chain panel's formulas, the tables) follow the cursor a few times a
second, so the graph repaints every frame and training keeps at least half of each frame.
A click, when Run is off, refreshes them at once; the last cursor of a run is always shown
(a refresh asked for inside the interval runs when it ends).
"""

from __future__ import annotations

from collections.abc import Callable
from time import perf_counter

from PySide6.QtCore import QObject, QTimer

from .bridge import SessionBridge

#: seconds between two refreshes of a paced view while Run trains (3 a second: formulas
#: and tables no one reads faster; at 5 a second they took ~10 % of a wide preset's time) ...
RUN_INTERVAL_S = 0.3
#: ... or more, so that its refreshes take at most this share of the time
RUN_SHARE = 0.2
#: seconds between two refreshes of the status line and the iteration controls while Run
#: trains: a label's new text lays the status bar out and repaints it (~4 ms a frame)
STATUS_INTERVAL_S = 0.1


class Paced(QObject):
    """Call to ask for `refresh`: now, or while the bridge is running, at most once per
    `every` seconds, and rarer where a refresh takes longer than `share` of that (a wide
    network's formulas or graph)."""

    def __init__(self, bridge: SessionBridge, refresh: Callable[[], None],
                 parent: QObject | None = None, share: float = RUN_SHARE,
                 every: float = RUN_INTERVAL_S) -> None:
        """every: the seconds between two refreshes while Run trains, at the least."""
        super().__init__(parent)
        self._bridge = bridge
        self._refresh = refresh
        self._share = share
        self._every = every
        self._took = 0.0  # seconds the last refresh took
        self._last = float("-inf")
        self.runs = 0  # refreshes done (tests count them)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._due)

    def interval(self) -> float:
        """Seconds between two refreshes while Run trains."""
        return max(self._every, self._took / self._share)

    def __call__(self) -> None:
        wait = self._last + self.interval() - perf_counter()
        if not self._bridge.running or wait <= 0:
            self._run()
        elif not self._timer.isActive():
            self._timer.start(max(1, round(1000 * wait)))

    def _due(self) -> None:
        """The timer: refresh, unless what the last refresh caused since the timer was set
        (a figure repainted over a few frames, Paced.charged) moved its turn later."""
        wait = self._last + self.interval() - perf_counter()
        if self._bridge.running and wait > 0:
            self._timer.start(max(1, round(1000 * wait)))
        else:
            self._run()

    def charge(self, seconds: float) -> None:
        """Count work the last refresh caused later (the repaint of what it changed) as
        part of its time."""
        self._took += seconds

    def charged(self, paint: Callable[[], None]) -> None:
        """Run `paint`, a repaint of what the refreshes changed, counting its time as theirs
        while Run trains (a plot's curves and axes drawn again cost more than setting them)."""
        if not self._bridge.running:
            paint()
            return
        began = perf_counter()
        paint()
        self.charge(perf_counter() - began)

    def _run(self) -> None:
        self._timer.stop()
        self._last = perf_counter()
        self.runs += 1
        self._refresh()
        self._took = perf_counter() - self._last
