"""Builds a Session and a MainWindow and runs the event loop (`bpviewer` with no command).

Kept light: nothing here imports torch, so the window opens fast.
"""

from __future__ import annotations

import os
import sys

from .core.session import Session
from .core.spec import NetworkSpec

NO_DISPLAY = ("bpviewer: no display available; use `bpviewer shot ... --out FILE.png` "
              "to render the window to a file")


def has_display() -> bool:
    """On Linux Qt aborts without a display; check first so we can say what to do."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(spec: NetworkSpec, argv: list[str] | None = None) -> int:
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    from PySide6.QtWidgets import QApplication

    from .qt.i18n import install as install_translator
    from .qt.identity import identify
    from .qt.main_window import MainWindow, finish_labs_import
    from .qt.settings import Settings

    app = QApplication.instance() or QApplication(["bpviewer", *(argv or [])])
    identify(app)
    settings = Settings()
    install_translator(settings.language)
    window = MainWindow(Session(spec), settings, fast_start=True)
    window.show()
    if settings.welcome:
        window.show_welcome()
    status = app.exec()
    finish_labs_import()
    return status
