"""Adapts the Session's plain-Python events to Qt signals, coalesced to one per frame.

Training can append thousands of iterations a second; views repaint at most ~60 times
a second because every burst of core events becomes one signal on the next frame.
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

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._pending: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self.flush)
        for event in ("cursor", "history", "network"):
            session.events.connect(event, lambda e=event: self._queue(e))
        session.events.connect("message", self.message.emit)

    def _queue(self, event: str) -> None:
        self._pending.add(event)
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        """Emit what is pending now (tests and `shot` call this instead of waiting)."""
        self._timer.stop()
        pending, self._pending = self._pending, set()
        if "network" in pending:
            self.networkChanged.emit()
        if "history" in pending or "network" in pending:
            self.historyChanged.emit()
        if pending:
            self.cursorChanged.emit()
