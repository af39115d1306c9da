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
