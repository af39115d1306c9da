"""Helpers shared by the view tests (importable: tests/qt is on sys.path)."""

from __future__ import annotations

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
