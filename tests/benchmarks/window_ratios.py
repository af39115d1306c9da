"""The window's speed figures, all measured in this one run (a benchmark, not a test):

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/window_ratios.py [--presets-only]
        [--run-only] [--repeats N] [--only NAME,...] [--docks tables,plots,decision_map]
        [--cpu-clock]

- launch → first paint: `bpviewer` as a new process until its window's first paint is
  done, against a bare PySide6 + pyqtgraph window process (target ≤ 1.2×), and `bpviewer`
  on the 2-64-64-10 network file (tests/networks; target < 2 s); beside each, the process's
  CPU time by then and the time until what it queued meanwhile is done (bpviewer builds
  the docks' views right after its first paint);
- per shipped preset and the 2-64-64-10 network, at 1280×800: open (load → first repaint);
  click → repaint at each granularity (neuron, layer, phase): a Right key, the bridge's
  flush and the repaint of what changed (as on screen: the graph, the panel, the status
  line; not the toolbar and docks, which a forced whole-window repaint would add), from
  positions spread over three iterations, the median (target ≤ 33 ms), and a click from an
  iteration's last step into the next, not shown before (the median of 3 a granularity,
  all three together: once an iteration a teacher walking on meets it); iterations trained
  per second while running at full speed against the headless engine's (target ≥ 50%),
  and the frames the graph shows per second meanwhile (target ≥ 30): each repainted, or
  ("N unchanged" of them) not repainted because its picture is the last repainted one's,
  checked on what the graph shows (Paints; "M missed": frames neither), each the median of
  `--repeats` runs, per second of wall clock and (in brackets) of this process's CPU time;
  and the first Run's first frame: ms from Run pressed to the end of the graph's first
  repaint after the first tick, the network opened anew and its step plan not kept from
  before (as for a teacher's first Run of it), and the longest time between two of that
  run's frames shown (from Run pressed on), wall clock (CPU);
- `--run-only`: Run's figures only (no launch, open or click figures: nan in their columns);
- `--cpu-clock`: Run's pacing (the runner's split of a frame, the paced views' intervals)
  times this process's CPU, not the wall clock: on a loaded machine the wall clock counts
  other processes' time as the views', and the figures in brackets are then those of a
  quiet machine's decisions (QTimer intervals stay wall-clock);
- `--docks`: Run's figures with each named dock in front in turn, a row each ("circles
  [plots]"; the default is the Tables dock, as the window opens: one row per network); a
  dock the window closes for a network says so and names the dock in front instead
  ("phone-price [decision_map withdrawn: plots in front]": it has no plane of inputs);
- whether the window's modules, or opening the network file, import torch before the window
  is shown (they must not).

The machine's load average is printed beside the figures: on a shared machine they vary.
"""

from __future__ import annotations

import os

# as `bpviewer` itself does (cli.py), before numpy loads: a threaded BLAS is slower here
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import timeit  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import NamedTuple  # noqa: E402

import numpy as np  # noqa: E402
from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from bpviewer.core import presets, steps  # noqa: E402
from bpviewer.core import spec as spec_mod  # noqa: E402
from bpviewer.core.session import Session  # noqa: E402
from bpviewer.core.spec import NetworkSpec  # noqa: E402

LAUNCHES = 5
CLICKS = 30  # per granularity, spread over iterations FIRST..FIRST+2
CLICK_SECONDS = 6  # fewer clicks where each one is slow
CROSSINGS = 3  # clicks into a new iteration, per granularity
FIRST = 2
QUIET_S = 0.03
RUN_MS = 2000
GRANULARITIES = ("neuron", "layer", "phase")
WIDE = Path(__file__).resolve().parents[1] / "networks" / "wide-2-64-64-10.json"

#: Run in the child before the program: at the first window exposed, once that expose
#: (the first paint) is handled, print when, the process's CPU time and whether torch is
#: loaded; then, once the events queued meanwhile (bpviewer: the docks' views) are done, quit.
EXPOSED = """
import resource, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

def stamp(name):
    use = resource.getrusage(resource.RUSAGE_SELF)
    print(name, time.time(), use.ru_utime + use.ru_stime, "torch" in sys.modules, flush=True)

class Exposed(QObject):
    seen = False

    def eventFilter(self, watched, event):
        if (not self.seen and event.type() == QEvent.Type.Expose and watched.isWindowType()
                and watched.isExposed()):
            self.seen = True
            QTimer.singleShot(0, lambda: (stamp("PAINTED"), QTimer.singleShot(0, settled)))
        return False

def settled():
    stamp("SETTLED")
    QApplication.instance().quit()

app = QApplication(sys.argv[:1])
watcher = Exposed()
app.installEventFilter(watcher)
"""
BPVIEWER = EXPOSED + """
from bpviewer.cli import main
main(sys.argv[1:])
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


def wait(ms: int) -> None:
    """The event loop for `ms`: QTest.qWait holds the GIL (PySide6 6.11), so the labs' torch
    import in its worker thread, which the table waits for, would barely move."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def load_average() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def machine_speed() -> str:
    """This CPU's pace at plain Python, to set milliseconds from different machines side by
    side: the machine of 2 December's afternoon took 21 ms, and its headless rates were a third
    of the morning's machine's."""
    best = min(timeit.repeat("sum(range(10**6))", number=1, repeat=7))
    return f"machine: sum(range(10**6)) {best * 1000:.1f} ms"


class Launch(NamedTuple):
    painted: float  # seconds from the process's start to its first window painted
    cpu: float  # the process's CPU seconds by then (other processes barely change it)
    settled: float  # ... and to the end of the work queued meanwhile (bpviewer's docks)
    torch: bool  # torch imported by the first paint


def launch(code: str, env: dict[str, str], *args: str) -> Launch:
    start = time.time()
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    stamps = {line.split()[0]: line.split()[1:] for line in done.stdout.splitlines()
              if line.startswith(("PAINTED", "SETTLED"))}
    painted, settled = stamps["PAINTED"], stamps["SETTLED"]
    return Launch(float(painted[0]) - start, float(painted[1]), float(settled[0]) - start,
                  painted[2] == "True")


def launches() -> dict[str, Launch]:
    """Median launches of bpviewer, a bare window and bpviewer on the wide network,
    alternating so all see the same disk cache. Python caches compiled bytecode (as an
    installed package has it) in a scratch directory: PYTHONDONTWRITEBYTECODE, set on
    this machine, made bpviewer's ~70 modules compile at every launch (0.2 s) while the
    bare window's libraries came compiled."""
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": home,
               "HOME": home, "PYTHONPYCACHEPREFIX": os.path.join(home, "pycache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        kinds = {"bpviewer": (BPVIEWER,), "bare": (BARE,), "wide": (BPVIEWER, str(WIDE))}
        runs: dict[str, list[Launch]] = {kind: [] for kind in kinds}
        for code in kinds.values():
            launch(code[0], env, *code[1:])  # warm the caches
        for _ in range(LAUNCHES):
            for kind, code in kinds.items():
                runs[kind].append(launch(code[0], env, *code[1:]))
    return {kind: Launch(*(statistics.median(getattr(r, f) for r in rs) for f in Launch._fields[:3]),
                         any(r.torch for r in rs)) for kind, rs in runs.items()}


def torch_before_window() -> bool:
    code = "import sys, bpviewer.app, bpviewer.qt.main_window; print('torch' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return done.stdout.strip() == "True"


class Paints(QObject):
    """The graph's repaints during Run, and the frames shown without one: a cursor change
    not followed by a repaint before the next one, whose picture is the last repainted
    one's — what the graph shows (the parameters before and after, the gradient, the loss,
    the sample, the step) equal to the last repainted frame's, bit for bit, so the scene
    had nothing to change (regression-losses, a 1-1 network under MAE, settles into an
    exact 2-cycle: a frame an even number of iterations on shows the same picture). Such a
    frame is on screen the moment it is flushed; a frame not repainted whose picture
    differs is `missed`. Never connected to the scene's `changed` signal: a
    connection there switches QGraphicsScene to updating its views through it (Qt 4.4's
    way, queued), and the graph then repainted every other frame (circles: 20 repaints
    and 33 frames a second, against 38 and 38 without it)."""

    def __init__(self, window) -> None:
        super().__init__()
        self.count = self.unchanged = self.missed = 0
        self._painted = True
        self._ticked = False
        #: (wall, CPU) clock when the first repaint after the first tick is done
        self.first: tuple[float, float] | None = None
        #: (wall, CPU) clock at each repaint and at each unchanged frame's flush
        self.times: list[tuple[float, float]] = []
        self._shows: tuple | None = None  # what the last frame shows, and when it was flushed
        self._repainted: tuple | None = None  # ... and the last frame repainted
        self._window = window
        window.view.viewport().installEventFilter(self)
        window.installEventFilter(self)
        window.bridge.cursorChanged.connect(self._frame)

    @property
    def shown(self) -> int:
        """Frames on screen: repainted, or unchanged from the last repainted."""
        return self.count + self.unchanged

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched is not self._window:
            self.count += 1
            self._painted = True
            self._repainted = self._shows
            self.times.append((time.perf_counter(), time.process_time()))
        elif (event.type() == QEvent.Type.UpdateRequest and watched is self._window
              and self._ticked and self.first is None):
            # the window's repaint of what changed, the graph's paint inside it: handled
            # here, so the stamp is taken when it is done
            count = self.count
            watched.event(event)
            if self.count != count:
                self.first = time.perf_counter(), time.process_time()
            return True
        return False

    def _showing(self) -> tuple:
        """What the graph shows at the cursor, as arrays the session keeps (no copies)."""
        s = self._window.session
        record = s.record
        numbers = () if record is None else (record.before, record.after, record.grad,
                                             np.array([record.loss, record.lr]))
        return (s.iteration == 0, s.step_index, s.granularity, s.sample, *numbers,
                *s.sample_shown())

    @staticmethod
    def _same(a: tuple | None, b: tuple | None) -> bool:
        return a is not None and b is not None and len(a) == len(b) and all(
            np.array_equal(x, y) if isinstance(x, np.ndarray) else x == y for x, y in zip(a, b, strict=True))

    def _frame(self) -> None:
        self._ticked = True
        if not self._painted and self._shows is not None:  # the last frame got no repaint
            if self._same(self._shows[0], self._repainted and self._repainted[0]):
                self.unchanged += 1
                self.times.append(self._shows[1])
            else:
                self.missed += 1
        self._painted = False
        self._shows = self._showing(), (time.perf_counter(), time.process_time())

    def remove(self) -> None:
        self._window.view.viewport().removeEventFilter(self)
        self._window.removeEventFilter(self)
        self._window.bridge.cursorChanged.disconnect(self._frame)


def headless(spec: NetworkSpec) -> tuple[float, float]:
    """Iterations per second of the engine alone (a Session without a window), per second
    of wall clock and of this process's CPU time."""
    session = Session(spec)
    session.run(3)
    n, start, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < RUN_MS / 2000:
        session.run(1)
        n += 1
    return n / (time.perf_counter() - start), n / max(time.process_time() - cpu, 1e-9)


def open_seconds(window, spec: NetworkSpec) -> float:
    """A network replaces the window's: load → the window repainted with it."""
    start = time.perf_counter()
    window.session.load(spec)
    window.bridge.flush()
    window.repaint()
    return time.perf_counter() - start


class FramePainter(QObject):
    """Times the window's own repaints: the UpdateRequest Qt posts to the window repaints
    what changed since the last frame (as on screen); it is handled here inside a timer.
    Waiting for it in the event queue is idle time and not counted."""

    def __init__(self, window) -> None:
        super().__init__()
        self.seconds = self.cpu = 0.0
        self.frames = 0
        self._inside = False
        self._window = window
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.UpdateRequest or self._inside:
            return False
        self._inside = True
        start, cpu = time.perf_counter(), time.process_time()
        watched.event(event)
        self.seconds += time.perf_counter() - start
        self.cpu += time.process_time() - cpu
        self.frames += 1
        self._inside = False
        return True

    def next_frame(self) -> tuple[float, float]:
        """Seconds (wall, CPU) the repaints after a change took: every frame until none
        follows for QUIET_S (a layout may ask for a second one), at most 0.3 s."""
        self.seconds = self.cpu = 0.0
        frames = self.frames
        now = time.perf_counter()
        deadline, quiet = now + 0.3, None
        while now < deadline and (quiet is None or now < quiet):
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            now = time.perf_counter()
            if self.frames != frames:
                frames, quiet = self.frames, now + QUIET_S
        return self.seconds, self.cpu

    def remove(self) -> None:
        self._window.removeEventFilter(self)


def click_ms(window, granularity: str, fresh: int) -> tuple[float, float, list[tuple[float, float]]]:
    """Median click → repaint at `granularity` in ms, wall clock and this process's CPU
    time (which other processes on a shared machine barely change), from positions spread
    over iterations FIRST..FIRST+2 (each click lands on a step not shown before): a Right
    key and the bridge's flush (which starts the step's animation), then the repaint of
    what changed; the animation's own frames that would follow (~20 over 0.3 s, each a
    repaint of its dots' rectangles) are not counted. Then CROSSINGS clicks from an
    iteration's last step into the next one, never shown before (from iteration `fresh`
    on), each (wall ms, CPU ms): what a teacher walking on meets once an iteration."""
    s = window.session
    s.set_granularity(granularity)
    s.goto(FIRST + 2)
    window.bridge.flush()
    n = len(s.steps)
    spots = sorted({(FIRST + i % 3, i * n // CLICKS) for i in range(CLICKS)})
    clicks: list[float] = []
    cpus: list[float] = []
    frames = FramePainter(window)

    def click() -> tuple[float, float]:
        window.bridge.flush()
        frames.next_frame()
        start, cpu = time.perf_counter(), time.process_time()
        QTest.keyClick(window, Qt.Key_Right)
        window.bridge.flush()
        window.view.animation.stop()  # its dots' later frames are decoration, not the step
        work, work_cpu = time.perf_counter() - start, time.process_time() - cpu
        paint, paint_cpu = frames.next_frame()
        return 1000 * (work + paint), 1000 * (work_cpu + paint_cpu)

    for iteration, step in spots:
        if sum(clicks) > 1000 * CLICK_SECONDS:
            break
        s.goto(iteration, step)
        wall, cpu = click()
        clicks.append(wall)
        cpus.append(cpu)
    crossings = []
    for iteration in range(fresh, fresh + CROSSINGS):
        s.goto(iteration, n - 1)
        crossings.append(click())
    frames.remove()
    return statistics.median(clicks), statistics.median(cpus), crossings


def run_figures(window) -> tuple[float, ...]:
    """(iterations trained, graph frames shown) per second in RUN_MS of Run, per second of
    wall clock and of this process's CPU time (what a quiet machine would give: on a shared
    one the process gets a fraction of a core and both counts shrink with it), the frames
    a second that needed no repaint and those missed, ms from the start to the first
    tick's repaint done and the longest between two frames shown, from the start (wall,
    CPU)."""
    paints = Paints(window)
    window.controls.speed.setCurrentIndex(window.controls.speed.count() - 1)  # full speed
    trained = len(window.session.history)
    began, began_cpu = time.perf_counter(), time.process_time()
    window.runner.start()
    loop = QEventLoop()  # not app.exec(): app.quit would close the window (and ask to save)
    QTimer.singleShot(RUN_MS, loop.quit)
    loop.exec()
    cpu = time.process_time() - began_cpu  # not the stop's exact redraw of every view
    window.runner.stop()
    paints.remove()
    seconds = RUN_MS / 1000
    trained = len(window.session.history) - trained
    first_wall, first_cpu = paints.first or (float("nan"),) * 2
    times = [(began, began_cpu)] + paints.times
    gap, gap_cpu = (max((b[k] - a[k] for a, b in zip(times, times[1:], strict=False)), default=float("nan"))
                    for k in range(2))
    return (trained / seconds, paints.shown / seconds, trained / cpu, paints.shown / cpu,
            paints.unchanged / seconds, paints.missed / seconds, 1000 * (first_wall - began),
            1000 * (first_cpu - began_cpu), 1000 * gap, 1000 * gap_cpu)


def show_dock(window, name: str) -> None:
    """The right dock's tab `name` (tables, plots, decision_map) in front, its view built."""
    dock = next(d for d in window._docks if d.objectName().startswith(name))
    dock.show()
    dock.raise_()
    wait(300)


def dock_in_front(window) -> str:
    """The name of the right dock whose tab is in front: a network without a plane of
    inputs (phone-price) closes the Decision map dock and the Plots come to the front."""
    return next(d.objectName() for d in window._docks
                if d.isVisible() and not d.visibleRegion().isEmpty())


def run_row(window, spec: NetworkSpec, repeats: int) -> str:
    """Run's columns of a row: trained, headless, their ratio, frames shown (medians of
    `repeats`), each a fresh load of `spec`; the first run's first frame, its step plan
    built anew (the headless engine and earlier rows built and kept it)."""
    window.session.set_granularity("neuron" if not window.session.large else "layer")
    runs, alone = [], []
    for repeat in range(repeats):
        alone.append(headless(spec))
        if repeat == 0:
            steps._PLANS.clear()
        window.session.load(spec)
        window.bridge.flush()
        wait(50)
        runs.append(run_figures(window))
    trained, paint_fps, trained_cpu, paint_cpu, same, missed = (statistics.median(r[k] for r in runs)
                                                                for k in range(6))
    engine, engine_cpu = (statistics.median(a[k] for a in alone) for k in range(2))
    notes = [f"{n:.0f} {what}" for n, what in ((same, "unchanged"), (missed, "missed")) if n >= 0.5]
    return (f"{trained:,.0f} ({trained_cpu:,.0f}) | {engine:,.0f} ({engine_cpu:,.0f}) "
            f"| {trained / engine:.0%} ({trained_cpu / engine_cpu:.0%}) "
            f"| {paint_fps:.0f} ({paint_cpu:.0f}){', ' if notes else ''}{', '.join(notes)} "
            f"| {runs[0][6]:.0f} ({runs[0][7]:.0f}) | {runs[0][8]:.0f} ({runs[0][9]:.0f})")


def networks(only: list[str] | None) -> list[tuple[str, NetworkSpec]]:
    named = [(name, presets.load(name)) for name in presets.names()]
    named.append(("2-64-64-10 (file)", spec_mod.load(WIDE)))
    return [(n, s) for n, s in named if not only or any(o in n for o in only)]


def main() -> None:
    args = sys.argv[1:]
    repeats = int(args[args.index("--repeats") + 1]) if "--repeats" in args else 3
    only = args[args.index("--only") + 1].split(",") if "--only" in args else None
    run_only = "--run-only" in args
    docks = args[args.index("--docks") + 1].split(",") if "--docks" in args else ["tables"]
    if "--cpu-clock" in args:
        import bpviewer.qt.pacing as pacing
        import bpviewer.qt.runner as runner

        runner.perf_counter = pacing.perf_counter = time.process_time
    if "--presets-only" not in args and not run_only:
        torch_early = torch_before_window()
        print(f"torch imported before the window is shown: {torch_early} (target: False)")
        runs = launches()
        ours, bare, wide = runs["bpviewer"], runs["bare"], runs["wide"]
        print(f"launch -> first paint (CPU s; settled): bare PySide6 + pyqtgraph {bare.painted:.3f} s "
              f"({bare.cpu:.3f}), bpviewer {ours.painted:.3f} s ({ours.cpu:.3f}; {ours.settled:.3f}) "
              f"-> {ours.painted / bare.painted:.2f}x, CPU {ours.cpu / bare.cpu:.2f}x (target <= 1.2x); "
              f"bpviewer {WIDE.name} {wide.painted:.2f} s ({wide.cpu:.2f}; {wide.settled:.2f}) "
              f"(target < 2 s), torch by then: {wide.torch}  [{load_average()}]")
    from bpviewer.qt.main_window import MainWindow

    QApplication.instance() or QApplication(["bench"])
    QMessageBox.question = lambda *a: QMessageBox.Discard  # closing: no save prompt
    window = MainWindow(Session(presets.load("mazur")), fast_start=True)  # as `bpviewer` opens
    window.resize(1280, 800)
    window.show()
    QTest.qWaitForWindowExposed(window)
    while window.tabs.count() == 1:  # the labs' background import (torch) is done
        wait(50)
    print(f"at 1280x800, offscreen; click: median of up to {CLICKS} per granularity; Run: "
          f"median of {repeats} x {RUN_MS / 1000:.0f} s at full speed  [{load_average()}; "
          f"{machine_speed()}]" + (" [Run paced on its CPU clock]" if "--cpu-clock" in args else ""))
    print("targets: click <= 33 ms, run >= 50% of headless, >= 30 frames/s, open < 2 s; "
          "a first Run's first frame within a frame or two")
    print("(in brackets: per second of this process's CPU time, what an idle machine would give)")
    print()
    print("| network | open s | click ms (CPU ms) neuron | layer | phase | into a new iteration "
          "| run it/s | headless it/s | run / headless | frames/s | first Run frame ms "
          "| its longest gap ms |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, spec in networks(only):
        opened = float("nan") if run_only else open_seconds(window, spec)
        wait(50)
        nan = float("nan")
        measured = [] if run_only else [click_ms(window, g, FIRST + 3 + CROSSINGS * k)
                                        for k, g in enumerate(GRANULARITIES)]
        clicks = [(nan, nan)] * 3 if run_only else [m[:2] for m in measured]
        crossings = [c for m in measured for c in m[2]]
        crossed = tuple(statistics.median(c[i] for c in crossings) if crossings else nan for i in (0, 1))
        for dock in docks:
            show_dock(window, dock)
            row = name if docks == ["tables"] else f"{name} [{dock}]"
            if dock != docks[0]:
                opened, clicks, crossed = nan, [(nan, nan)] * 3, (nan, nan)
            figures = run_row(window, spec, repeats)
            front = dock_in_front(window)
            if docks != ["tables"] and front != dock:  # the window closed it for this network
                row = f"{name} [{dock} withdrawn: {front} in front]"
            print(f"| {row} | {opened:.2f} | " + " | ".join(f"{c:.0f} ({cpu:.0f})" for c, cpu in clicks)
                  + f" | {crossed[0]:.0f} ({crossed[1]:.0f}) | {figures} |", flush=True)
        show_dock(window, "tables")
    print(f"\n[{load_average()}]")
    window.close()


if __name__ == "__main__":
    main()
