"""Run mode: train in chunks on a timer so the window stays responsive.

Each tick trains for what the views leave of a FRAME_S frame, and never for less than
TRAIN_PER_VIEW times what the views took to repaint after the last tick, plus what earlier
ticks trained short of theirs (at least TICK_BUDGET_S, at most MAX_TICK_S; the chunk is
the budget at the last tick's pace, capped by the chosen iterations per frame), then
flushes the bridge: one tick, one repaint. Training thus gets more than half of the time
(≥ 50% of the headless engine's speed, with a margin for a tick's own cost), all but the
views' share when they are quick, and the frame rate is whatever the views allow at that
share, at most 1 / FRAME_S (under the screen's 60 Hz). Meanwhile the bridge says it is
running, so the slowest views refresh a few times a second (pacing.py). What quick frames
trained beyond their due is kept, up to CREDIT_S, for the frame of such a refresh: paid
back at once (up to MAX_TICK_S), a phone-price graph refresh of ~0.2 s every second cost a
further ~0.1–0.2 s without a frame. What such a frame's views are due beyond the credit
is paid over the next few ticks (SPREAD), so frames keep coming meanwhile. Pausing takes
effect at the next tick. A new network's step plan is built once its window has
repainted, not in Run's first tick (phone-price's takes ~40 ms and the allocations' full
collection of the heap another ~90 ms).
"""

from __future__ import annotations

from collections import deque
from statistics import median
from time import perf_counter

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

from .bridge import FRAME_MS, SessionBridge

TICK_BUDGET_S = 0.006
#: the frame a tick aims at (50 a second): training fills what the views leave of it. At
#: 25 ms (40 a second) training took 60-90 % of Run where 50 % is the target, and
#: phone-price's frames came 28 a second where 30 is
FRAME_S = 0.02
#: training's least time per second of the views': over 1, so that with a tick's own cost
#: Run still trains at ≥ 50 % of the headless engine's speed. At 1.1 the views-bound
#: networks (16 wide and up) trained at 47-56 % of headless at load 3-4; each step up
#: costs them frames (a model of the runner: phone-price 31 a second at 1.1, 29 at 1.25)
TRAIN_PER_VIEW = 1.25
#: the longest a tick trains, so a pause click is answered within ~0.1 s
MAX_TICK_S = 0.1
#: the most training beyond the views' time that is kept for a slow frame's views later,
#: and the most training owed to the views
CREDIT_S = 0.25
#: a tick pays at most this many times what a usual frame's views are due (the median of
#: the last USUAL frames'), and at least FRAME_S; the rest of a slow frame's due (a paced
#: refresh's: phone-price's whole graph, ~0.1 s) is owed to the next ticks. Paid at once,
#: its 0.1 s tick made a gap of ~0.2 s between two frames. At 2 the debt still owed at
#: a 2 s benchmark run's end took 2-8 points off the 2-64-64-10 network's share of
#: headless with a dock in front (a model of the runner: ≤ 1 point at 3)
SPREAD = 3.0
USUAL = 9


def training_budget(views_s: float, owed_s: float = 0.0, usual_s: float | None = None) -> float:
    """Seconds the next tick trains, given how long the views took after the last one:
    the rest of a FRAME_S frame, and never less than TRAIN_PER_VIEW times the views' time
    plus what earlier ticks trained short of theirs (owed_s) — but, given a usual frame's
    views (usual_s), no more than SPREAD times its due or FRAME_S."""
    due = TRAIN_PER_VIEW * views_s + owed_s
    if usual_s is not None:
        due = min(due, max(SPREAD * TRAIN_PER_VIEW * usual_s, FRAME_S))
    return min(max(due, FRAME_S - views_s, TICK_BUDGET_S), MAX_TICK_S)


def owed_after(owed_s: float, views_s: float, trained_s: float) -> float:
    """What training owes the views after a tick that trained `trained_s` following
    `views_s` of views: negative, a credit kept for later; either at most CREDIT_S (a
    debt paid over several ticks is kept whole), so over a run training keeps at least
    TRAIN_PER_VIEW times the views' time but that credit."""
    return min(max(owed_s + TRAIN_PER_VIEW * views_s - trained_s, -CREDIT_S), CREDIT_S)


class Runner(QObject):
    runningChanged = Signal(bool)

    def __init__(self, bridge: SessionBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = bridge.session
        self._bridge = bridge
        self.speed: int | None = None  # iterations per frame; None = as fast as possible
        self._rate = 0.0  # iterations a second the last tick trained
        self._chunk = 1
        self._budget = TICK_BUDGET_S
        #: seconds of training earlier ticks fell short of their views' (< 0: beyond them)
        self._owed = 0.0
        self._trained_at: float | None = None  # when the last tick's training ended
        self._views: deque[float] = deque(maxlen=USUAL)  # the last frames' views, seconds
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        bridge.interrupted.connect(self.stop)  # divergence, a refused edit, a new network
        bridge.networkChanged.connect(lambda: QTimer.singleShot(0, self._plan_ahead))

    def _plan_ahead(self) -> None:
        """The steps' outline the first tick's cursor needs, built while the window idles."""
        _ = self.session.plan

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def set_speed(self, speed: int | None) -> None:
        self.speed = speed
        self._timer.setInterval(0 if speed is None else FRAME_MS)

    def start(self) -> None:
        if not self.running:
            self._trained_at = None
            self._views.clear()
            self._owed = self._rate = 0.0  # a pace or a chunk of another network's would stall
            self._chunk = 1
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
        began = perf_counter()
        views = 0.0
        if self._trained_at is not None:  # the views' share of the last frame
            views = began - self._trained_at
            self._views.append(views)
            self._budget = training_budget(views, self._owed, median(self._views))
        if self._rate:  # this tick's budget at the last tick's pace (at most twice its chunk)
            self._chunk = max(1, min(int(self._rate * self._budget), 2 * self._chunk))
        k = self._chunk if self.speed is None else min(self.speed, self._chunk)
        # the chunk is this tick's: no progress dialog, no events processed between the
        # Session's own chunks (they repainted inside the tick, out of its accounting)
        progress, self.session.progress = self.session.progress, None
        try:
            self.session.run(k)
        finally:
            self.session.progress = progress
        self._trained_at = perf_counter()
        elapsed = max(self._trained_at - began, 1e-6)
        self._rate = k / elapsed
        # a chunk short of its budget (a slow frame's views, a guess of the pace) is made
        # up later, so over a run training keeps at least the views' time
        self._owed = owed_after(self._owed, views, elapsed)
        self._bridge.flush()
        # the frame's repaint now: a graphics scene hands its changes to its views through
        # a queued call, and the view's repaint is a posted event after it; a zero timer
        # could tick again before either arrived (two ticks, one repaint)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.MetaCall)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.UpdateRequest)
