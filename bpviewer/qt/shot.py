"""`bpviewer shot`: the main window rendered offscreen to a PNG, and optionally its
status line and chain-rule formulas as text — what the window shows, without a display.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from ..core.session import Session
from ..core.spec import NetworkSpec
from .main_window import MainWindow

#: the offscreen platform's complaint each time a window is shown; nothing is wrong
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"


def _quiet_offscreen(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Every Qt message but the offscreen noise goes to stderr as Qt would print it."""
    if message != OFFSCREEN_NOISE:
        print(message, file=sys.stderr)


def render(spec: NetworkSpec, iterations: int, steps: int, size: tuple[int, int], out: Path,
           text: Path | None) -> None:
    """The window at the end of `iterations`, then `steps` clicks further, at `size`."""
    previous = qInstallMessageHandler(_quiet_offscreen)
    try:
        _render(spec, iterations, steps, size, out, text)
    finally:
        qInstallMessageHandler(previous)


def _render(spec: NetworkSpec, iterations: int, steps: int, size: tuple[int, int], out: Path,
            text: Path | None) -> None:
    app = QApplication.instance() or QApplication(["bpviewer", "-platform", "offscreen"])
    session = Session(spec)
    session.goto(iterations)
    for _ in range(steps):
        session.next_step()
    window = MainWindow(session)
    window.setAttribute(Qt.WA_DontShowOnScreen)
    window.add_lab_tabs()
    window.resize(*size)
    window.show()
    app.processEvents()
    window.bridge.flush()
    app.processEvents()
    window.grab().save(str(out), "PNG")
    if text is not None:
        lines = [session.status(), *window.chain.lines()]
        Path(text).write_text("\n".join(lines) + "\n", encoding="utf-8")
    window.close()
    window.deleteLater()
