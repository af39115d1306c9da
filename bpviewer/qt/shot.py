"""`bpviewer shot`: the main window rendered offscreen to a PNG, and optionally its
status line and chain-rule formulas as text — what the window shows, without a display.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ..core.session import Session
from ..core.spec import NetworkSpec
from .main_window import MainWindow


def render(spec: NetworkSpec, iterations: int, steps: int, size: tuple[int, int], out: Path,
           text: Path | None) -> None:
    """The window at the end of `iterations`, then `steps` clicks further, at `size`."""
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
        lines = [window.status.text(), *window.chain.lines()]
        Path(text).write_text("\n".join(lines) + "\n", encoding="utf-8")
    window.close()
    window.deleteLater()
