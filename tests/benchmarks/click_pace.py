"""Clicks at a teacher's pace with the step's dots left on (a benchmark, not a test):

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/click_pace.py [--pace 0.5]
        [--only NAME,...] [--granularity layer] [--clicks 12] [--no-dots]

window_ratios' clicks stop the dots at once and wait for quiet, so the work made ahead
for the next click (NetworkView._draw_ahead) always has the machine to itself. A teacher
with a clicker presses Right every ~0.5 s while the dots of the last click still fly
(~20 frames over ~0.35 s). Per preset at 1280×800: a Right key every `--pace` s of wall
clock from a position in iteration 2; the median click → repaint (the key, the bridge's
flush and the first repaint after it, wall ms and this process's CPU ms), the median CPU
ms between two clicks (the dots' frames, the work ahead) and of the dots' frames alone,
and how many of them the graph repainted on average, with the share of its viewport the
dots' frames repainted.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

sys.path.insert(0, os.path.dirname(__file__))
import window_ratios as wr  # noqa: E402

from bpviewer.core import presets  # noqa: E402
from bpviewer.core.session import Session  # noqa: E402


class Frames(QObject):
    """Each window repaint's wall and CPU seconds, and the graph's repainted area."""

    def __init__(self, window) -> None:
        super().__init__()
        self.log: list[tuple[float, float, bool]] = []  # (wall, cpu, while dots flew)
        self.area = 0.0
        self._window = window
        self._inside = False
        window.installEventFilter(self)
        window.view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched is self._window.view.viewport():
            r = event.region()
            self.area += sum(rect.width() * rect.height() for rect in r)
            return False
        if event.type() != QEvent.Type.UpdateRequest or self._inside or watched is not self._window:
            return False
        self._inside = True
        flying = self._window.view.animation.active
        start, cpu = time.perf_counter(), time.process_time()
        watched.event(event)
        self.log.append((time.perf_counter() - start, time.process_time() - cpu, flying))
        self._inside = False
        return True


def pace(window, granularity: str, seconds: float, clicks: int) -> str:
    s = window.session
    s.set_granularity(granularity)
    s.goto(wr.FIRST + 1, 1)
    window.bridge.flush()
    wr.wait(300)
    frames = Frames(window)
    view = window.view.viewport()
    whole = view.width() * view.height()
    walls, cpus, between, dots, counts, shares = [], [], [], [], [], []
    for _ in range(clicks):
        begin_wall, begin_cpu = time.perf_counter(), time.process_time()
        QTest.keyClick(window, Qt.Key_Right)
        window.bridge.flush()
        work, work_cpu = time.perf_counter() - begin_wall, time.process_time() - begin_cpu
        frames.log.clear()
        while not frames.log:
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        wall, cpu, _ = frames.log[0]
        walls.append(1000 * (work + wall))
        cpus.append(1000 * (work_cpu + cpu))
        frames.area = 0.0
        wr.wait(max(0, round(1000 * (seconds - (time.perf_counter() - begin_wall)))))
        between.append(1000 * (time.process_time() - begin_cpu))
        flown = [f for f in frames.log[1:] if f[2]]
        dots.append(1000 * sum(f[1] for f in flown))
        counts.append(len(flown))
        shares.append(frames.area / whole / max(len(flown), 1))
    window.removeEventFilter(frames)
    window.view.viewport().removeEventFilter(frames)
    med = statistics.median
    return (f"{med(walls):.0f} ({med(cpus):.0f}) | {med(between):.0f} | {med(dots):.0f} | "
            f"{statistics.mean(counts):.0f} | {100 * med(shares):.1f} %")


def main() -> None:
    args = sys.argv[1:]
    seconds = float(args[args.index("--pace") + 1]) if "--pace" in args else 0.5
    clicks = int(args[args.index("--clicks") + 1]) if "--clicks" in args else 12
    granularity = args[args.index("--granularity") + 1] if "--granularity" in args else "layer"
    only = (args[args.index("--only") + 1].split(",") if "--only" in args
            else ["phone-price", "phone-price-mini", "spiral", "mazur"])
    from bpviewer.qt.main_window import MainWindow

    QApplication.instance() or QApplication(["bench"])
    QMessageBox.question = lambda *a: QMessageBox.Discard
    window = MainWindow(Session(presets.load("mazur")), fast_start=True)
    window.resize(1280, 800)
    window.show()
    QTest.qWaitForWindowExposed(window)
    while window.tabs.count() == 1:
        wr.wait(50)
    window.view.animation.set_enabled("--no-dots" not in args)  # the same clicks without them
    dots = "off" if "--no-dots" in args else "on"
    print(f"a Right key every {seconds} s, {granularity}, dots {dots}, 1280x800  [{wr.load_average()}]")
    print("| network | click ms (CPU ms) | CPU ms a click's interval | of it the dots' frames "
          "| their repaints | viewport share a repaint |")
    print("|---|---|---|---|---|---|")
    for name in only:
        wr.open_seconds(window, presets.load(name))
        wr.wait(300)
        print(f"| {name} | {pace(window, granularity, seconds, clicks)} |", flush=True)
    window.close()


if __name__ == "__main__":
    main()
