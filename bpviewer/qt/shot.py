"""`bpviewer shot`: the main window rendered offscreen to a PNG, and optionally its
status line and chain-rule formulas as text, and the graph's every label as JSON — what
the window shows, without a display.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QMessageLogContext, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication

from ..core import atomic
from ..core.session import Session
from ..core.spec import NetworkSpec
from .graph_report import labels_report
from .i18n import install
from .main_window import MainWindow

#: the offscreen platform's complaint each time a window is shown; nothing is wrong
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"


def _quiet_offscreen(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Every Qt message but the offscreen noise goes to stderr as Qt would print it."""
    if message != OFFSCREEN_NOISE:
        print(message, file=sys.stderr)


def _save_png(image: QPixmap, path: str) -> None:
    if not image.save(path, "PNG"):
        raise OSError(f"Qt could not write a {image.width()}×{image.height()} PNG")


def render(spec: NetworkSpec, iterations: int, steps: int, size: tuple[int, int], out: Path,
           text: Path | None, labels: Path | None = None, language: str = "en",
           granularity: str | None = None) -> None:
    """The window at the end of `iterations`, then `steps` clicks further, at `size`, in
    `language`, at `granularity` (None: the window's default for the network).
    The files appear whole or not at all; SpecError names the one that cannot be written."""
    previous = qInstallMessageHandler(_quiet_offscreen)
    try:
        _render(spec, iterations, steps, size, out, text, labels, language, granularity)
    finally:
        qInstallMessageHandler(previous)


def _render(spec: NetworkSpec, iterations: int, steps: int, size: tuple[int, int], out: Path,
            text: Path | None, labels: Path | None, language: str,
            granularity: str | None) -> None:
    app = QApplication.instance() or QApplication(["bpviewer", "-platform", "offscreen"])
    install(language)
    session = Session(spec)
    window = MainWindow(session)
    window.setAttribute(Qt.WA_DontShowOnScreen)
    window.add_lab_tabs()
    if granularity is not None:
        window.commands[granularity].setChecked(True)
    session.goto(iterations)
    for _ in range(steps):
        session.next_step()
    window.resize(*size)
    window.show()
    app.processEvents()
    window.bridge.flush()
    app.processEvents()
    window.view.lay_out_for_render()  # not one kept from a size the view passed through
    image = window.grab()
    lines = [session.status(), *window.chain.lines()]
    report = None
    if labels is not None:
        report = labels_report(window, window.view,
                               window.chain.browser.verticalScrollBar().maximum(),
                               window.chain.text_px())
    window.close()
    window.deleteLater()
    # no event loop runs here to delete it: each render left a whole window behind (93
    # top-level widgets, its app-wide key filter), and a sweep's renders grew slower
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    install("en")
    atomic.replace(out, lambda tmp: _save_png(image, tmp), "--out")
    if text is not None:
        atomic.replace_text(text, "\n".join(lines) + "\n", "--text")
    if report is not None:
        atomic.replace_text(labels, json.dumps(report, ensure_ascii=False, indent=1) + "\n", "--labels")
