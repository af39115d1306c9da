"""The window's speed figures, all measured in this one run (a benchmark, not a test):

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/window_ratios.py [--presets-only]

- launch → window shown: `bpviewer` as a new process until its window is first exposed,
  against a bare PySide6 + pyqtgraph window process (target ≤ 1.2×);
- per shipped preset, at 1280×800: click → repaint, a Right key to the bridge's flush and
  the window repainted, median over 50 clicks (or 10 s of them) (target ≤ 33 ms); iterations trained per
  second while running at full speed for 2 s, against the headless engine's (target ≥ 50%),
  and graph repaints per second meanwhile (target ≥ 30);
- whether the window's modules import torch before the window is shown (they must not).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from bpviewer.core import presets
from bpviewer.core.session import Session

LAUNCHES = 5
CLICKS = 50
CLICK_SECONDS = 10  # fewer clicks where each one is slow
RUN_MS = 2000

#: Run in the child before the program: quit at the first window exposed and print when.
EXPOSED = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

class Exposed(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Expose and watched.isWindowType() and watched.isExposed():
            print("EXPOSED", time.time(), flush=True)
            QTimer.singleShot(0, QApplication.instance().quit)
        return False

app = QApplication(sys.argv[:1])
watcher = Exposed()
app.installEventFilter(watcher)
"""
BPVIEWER = EXPOSED + """
from bpviewer.cli import main
main([])
"""
BARE = EXPOSED + """
import pyqtgraph as pg
from PySide6.QtWidgets import QMainWindow
window = QMainWindow()
window.setCentralWidget(pg.PlotWidget())
window.resize(1280, 800)
window.show()
app.exec()
"""


def launch(code: str, env: dict[str, str]) -> float:
    """Seconds from starting the process to its first window being exposed."""
    start = time.time()
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    stamp = next(line for line in done.stdout.splitlines() if line.startswith("EXPOSED"))
    return float(stamp.split()[1]) - start


def launches() -> tuple[float, float]:
    """Median launch times (bpviewer, bare), alternating so both see the same disk cache."""
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": home,
               "HOME": home}
        ours, bare = [], []
        launch(BARE, env)  # warm the file cache for both
        launch(BPVIEWER, env)
        for _ in range(LAUNCHES):
            ours.append(launch(BPVIEWER, env))
            bare.append(launch(BARE, env))
    return statistics.median(ours), statistics.median(bare)


def torch_before_window() -> bool:
    code = "import sys, bpviewer.app, bpviewer.qt.main_window; print('torch' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return done.stdout.strip() == "True"


class Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def headless(preset: str) -> float:
    """Iterations per second of the engine alone (a Session without a window)."""
    session = Session(presets.load(preset))
    session.run(5)
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < RUN_MS / 2000:
        session.run(10)
        n += 10
    return n / (time.perf_counter() - start)


def window_figures(window, preset: str) -> tuple[float, float, float, float]:
    """(click → repaint median ms, cursor updates per second, graph repaints per second,
    iterations trained per second while running) on one preset."""
    window.session.load(presets.load(preset))
    window.bridge.flush()
    QTest.qWait(100)
    clicks = []
    while len(clicks) < CLICKS and sum(clicks) < CLICK_SECONDS:
        start = time.perf_counter()
        QTest.keyClick(window, Qt.Key_Right)
        window.bridge.flush()
        window.repaint()
        clicks.append(time.perf_counter() - start)
    cursors = 0

    def cursor() -> None:
        nonlocal cursors
        cursors += 1

    paints = Paints()
    window.view.viewport().installEventFilter(paints)
    window.bridge.cursorChanged.connect(cursor)
    window.controls.speed.setCurrentIndex(window.controls.speed.count() - 1)  # full speed
    trained = len(window.session.history)
    window.runner.start()
    loop = QEventLoop()  # not app.exec(): app.quit would close the window (and ask to save)
    QTimer.singleShot(RUN_MS, loop.quit)
    loop.exec()
    window.runner.stop()
    window.view.viewport().removeEventFilter(paints)
    window.bridge.cursorChanged.disconnect(cursor)
    seconds = RUN_MS / 1000
    trained = len(window.session.history) - trained
    return (1000 * statistics.median(clicks), cursors / seconds, paints.count / seconds,
            trained / seconds)


def main() -> None:
    if "--presets-only" not in sys.argv:
        torch_early = torch_before_window()
        print(f"torch imported before the window is shown: {torch_early} (target: False)")
        ours, bare = launches()
        print(f"launch -> window shown: bare PySide6 + pyqtgraph {bare:.3f} s, "
              f"bpviewer {ours:.3f} s -> {ours / bare:.2f}x (target <= 1.2x)")
    from bpviewer.qt.main_window import MainWindow

    QApplication.instance() or QApplication(["bench"])
    QMessageBox.question = lambda *a: QMessageBox.Discard  # closing: no save prompt
    window = MainWindow(Session(presets.load("mazur")))
    window.resize(1280, 800)
    window.show()
    QTest.qWaitForWindowExposed(window)
    while window.tabs.count() == 1:  # the labs' background import (torch) is done
        QTest.qWait(50)
    print(f"at 1280x800, {CLICKS} clicks and {RUN_MS / 1000:.0f} s of Run per preset "
          "(targets: click <= 33 ms, run >= 50% of headless, >= 30 repaints/s)")
    print(f"{'preset':<20} {'click ms':>9} {'run it/s':>9} {'headless':>9} {'ratio':>6} {'repaints/s':>11}")
    for preset in presets.names():
        alone = headless(preset)
        click_ms, _, paint_fps, trained = window_figures(window, preset)
        print(f"{preset:<20} {click_ms:>9.1f} {trained:>9.0f} {alone:>9.0f} "
              f"{trained / alone:>6.0%} {paint_fps:>11.0f}")
    window.close()


if __name__ == "__main__":
    main()
