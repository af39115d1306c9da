"""Adapts the Session's plain-Python events to Qt signals, coalesced to one per frame.

Training can append thousands of iterations a second; views repaint at most ~60 times
a second because every burst of core events becomes one signal on the next frame.
A message (divergence, a refused edit) is shown after the frame's networkChanged, so a
view clearing old messages on a new network cannot hide it; `interrupted` is immediate,
for the runner, which must stop before its next chunk.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from ..core.session import Session

FRAME_MS = 16


class SessionBridge(QObject):
    cursorChanged = Signal()
    historyChanged = Signal()
    networkChanged = Signal()
    message = Signal(str)
    interrupted = Signal()
    runningChanged = Signal(bool)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._running = False
        self._pending: set[str] = set()
        self._messages: list[str] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self.flush)
        for event in ("cursor", "history", "network"):
            session.events.connect(event, lambda e=event: self._queue(e))
        session.events.connect("message", self._queue_message)

    @property
    def running(self) -> bool:
        """Run is training (set by the Runner): slow views may follow less often and less
        exactly (pacing.py), and tidy up when it stops (runningChanged)."""
        return self._running

    @running.setter
    def running(self, running: bool) -> None:
        if running != self._running:
            self._running = running
            self.runningChanged.emit(running)

    def _queue(self, event: str) -> None:
        self._pending.add(event)
        if event == "network":
            self.interrupted.emit()
        self._start()

    def _queue_message(self, text: str) -> None:
        self._messages.append(text)
        self.interrupted.emit()
        self._start()

    def _start(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        """Emit what is pending now (tests and `shot` call this instead of waiting)."""
        self._timer.stop()
        pending, self._pending = self._pending, set()
        messages, self._messages = self._messages, []
        if "network" in pending:
            self.networkChanged.emit()
        if "history" in pending or "network" in pending:
            self.historyChanged.emit()
        if pending:
            self.cursorChanged.emit()
        for text in messages:
            self.message.emit(text)
