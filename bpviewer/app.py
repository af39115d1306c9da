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


def _open(spec: NetworkSpec, argv: list[str] | None = None):
    """The application (created if none runs yet) and a shown window on `spec`."""
    from PySide6.QtWidgets import QApplication

    from .qt.i18n import install as install_translator
    from .qt.identity import identify
    from .qt.main_window import MainWindow
    from .qt.settings import Settings

    app = QApplication.instance() or QApplication(["bpviewer", *(argv or [])])
    identify(app)
    settings = Settings()
    install_translator(settings.language)
    window = MainWindow(Session(spec), settings, fast_start=True)
    window.show()
    return app, window, settings


def main(spec: NetworkSpec, argv: list[str] | None = None) -> int:
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    from .qt.main_window import finish_labs_import

    app, window, settings = _open(spec, argv)
    if settings.welcome:
        window.show_welcome()
    status = app.exec()
    finish_labs_import()
    return status


#: windows opened from a notebook, kept alive while the notebook's event loop shows them
_NOTEBOOK_WINDOWS: list = []


def notebook_loop() -> bool:
    """True under Jupyter/IPython with `%gui qt`: its loop already drives Qt, so don't block."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return str(getattr(shell, "active_eventloop", None) or "").startswith("qt")


def show(model, inputs, targets, loss_fn, optimizer, scheduler=None, batch_size=None):
    """`bpviewer.show`: the window on a torch model (see `bpviewer.from_torch`).

    In a script it blocks until the window is closed and returns None; with `%gui qt` in
    Jupyter it returns the window at once and the window lives beside the notebook.
    """
    from .core import spec as spec_mod
    from .core.from_torch import from_torch

    spec = spec_mod.from_dict(from_torch(model, inputs, targets, loss_fn, optimizer, scheduler,
                                         batch_size))
    if not has_display():
        raise RuntimeError(NO_DISPLAY)
    app, window, _ = _open(spec)
    if notebook_loop():
        _NOTEBOOK_WINDOWS.append(window)
        window.destroyed.connect(lambda *_: _NOTEBOOK_WINDOWS.remove(window))
        return window
    app.exec()
    return None
