"""Run by test_wheel.py with the installed bpviewer's python: `bpviewer` starting for the
first time. Checks that the welcome window is up, loads the example chosen in it, takes
one step, closes the window, and prints what it saw as JSON."""

import json
import sys
import traceback

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from bpviewer import cli
from bpviewer.qt.main_window import MainWindow
from bpviewer.qt.welcome import WelcomeDialog

app = QApplication(["bpviewer"])
seen: dict = {}


def visible(kind: type) -> list:
    return [w for w in app.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def drive() -> None:
    try:
        check()
    except Exception:  # a failed check ends the program instead of leaving it open
        traceback.print_exc()
        app.exit(3)


def check() -> None:
    (welcome,) = visible(WelcomeDialog)
    (window,) = visible(MainWindow)
    seen["welcome"] = welcome.windowTitle()
    welcome.select("xor")
    welcome.accept()
    window.commands["next_step"].trigger()
    window.bridge.flush()
    seen["status"] = window.session.status()
    seen["network"] = window.session.spec.name
    seen["icon_sizes"] = [s.width() for s in app.windowIcon().availableSizes()]
    window.close()


QTimer.singleShot(0, drive)
seen["exit"] = cli.main([])
seen["settings"] = QSettings().fileName()
print(json.dumps(seen))
sys.exit(0)
