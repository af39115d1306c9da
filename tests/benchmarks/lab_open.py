"""How long each lab's first open blocks the window, as the teacher meets it: a fresh
process, the window on screen, Alt+N pressed, until the lab has replaced its placeholder.

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/lab_open.py

A 5 ms timer ticks in the GUI thread throughout; the longest gap between two ticks is
the longest the window stood frozen (the budget is 200 ms: imports and first
computations belong in a worker), and the GUI thread's CPU time within that gap is what
the gap would be on an idle machine (on a loaded one, wall time is several times more).
Each lab is measured in its own process, since only the first open pays. Prints one line
per lab: blocked ms (wall), its GUI-thread CPU ms, and seconds until the lab is ready.
"""

from __future__ import annotations

import subprocess
import sys
import time

BUDGET_MS = 200
TICK_MS = 5
TIMEOUT_S = 120


def measure(number: int) -> tuple[str, float, float]:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from bpviewer.core import presets
    from bpviewer.core.session import Session
    from bpviewer.qt.main_window import LabPlaceholder, MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow(Session(presets.load("mazur")), fast_start=True)
    window.show()
    began = time.perf_counter()
    while not window._labs_added and time.perf_counter() - began < TIMEOUT_S:
        app.processEvents()  # the labs' modules (torch) are imported in a worker first
    ticks: list[tuple[float, float]] = []  # (wall, GUI thread CPU)

    def tick() -> None:
        ticks.append((time.perf_counter(), time.thread_time()))

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(TICK_MS)
    tick()
    opened = ticks[0][0]
    QTest.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.AltModifier)
    while (isinstance(window.tabs.currentWidget(), LabPlaceholder)
           and time.perf_counter() - opened < TIMEOUT_S):
        app.processEvents()
    ready = time.perf_counter()
    for _ in range(3):  # the lab's first paint belongs to its opening
        app.processEvents()
    tick()
    timer.stop()
    gaps = sorted(((b[0] - a[0], b[1] - a[1], a[0] - opened)
                   for a, b in zip(ticks, ticks[1:], strict=False)), reverse=True)
    if "-v" in sys.argv:
        print("longest gaps (wall ms, GUI CPU ms, at s):",
              [(round(g * 1000), round(c * 1000), round(at, 2)) for g, c, at in gaps[:5]])
    title = type(window.tabs.currentWidget()).title
    return title, gaps[0][0] * 1000, gaps[0][1] * 1000, ready - opened


def main() -> None:
    if len(sys.argv) > 1:
        title, blocked, cpu, ready = measure(int(sys.argv[1]))
        print(f"{title:28s} {blocked:8.0f} {cpu:8.0f} {ready:8.2f}  "
              f"{'ok' if blocked < BUDGET_MS else 'OVER'}")
        return
    from bpviewer.qt.actions import ACTIONS

    count = sum(spec.id.startswith("lab_") and spec.id != "lab_network" for spec in ACTIONS)
    print(f"{'lab (first open)':28s} {'blocked':>8s} {'GUI CPU':>8s} {'ready':>8s}  "
          f"(ms, ms, s; budget {BUDGET_MS} ms)")
    for number in range(1, count + 1):
        subprocess.run([sys.executable, __file__, str(number)], check=True)


if __name__ == "__main__":
    main()
