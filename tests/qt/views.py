"""Helpers shared by the view tests (importable: tests/qt is on sys.path)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from bpviewer.core.session import Session
from bpviewer.qt.bridge import SessionBridge


def show_view(qtbot, view: type[QWidget], session: Session) -> QWidget:
    """view(SessionBridge(session)), 900×600 and on screen."""
    w = view(SessionBridge(session))
    qtbot.addWidget(w)
    w.resize(900, 600)
    w.show()
    qtbot.waitExposed(w)
    return w


def run_frames(bridge: SessionBridge, frames: int = 10) -> None:
    """Run's frames as the runner makes them: an iteration trained, then the views follow;
    `bridge.running` stays on (the caller turns it off to end the run)."""
    bridge.running = True
    for _ in range(frames):
        bridge.session.run(1)
        bridge.flush()


class Painted(QObject):
    """Counts a widget's paint events and keeps each one's area (px²), until `stop`."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.widget = widget
        self.areas: list[int] = []
        widget.installEventFilter(self)

    @property
    def count(self) -> int:
        return len(self.areas)

    def stop(self) -> None:
        self.widget.removeEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.areas.append(sum(r.width() * r.height() for r in event.region()))
        return False
