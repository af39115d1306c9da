"""Frame time of the live maps: the decision map and every neuron's thumbnail of a 2-8-8-1
network on 500 points, redrawn after each chunk of training as the window does in run mode.

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/maps_frame.py

Prints the median and 95th-percentile time of one frame: the one batched
Session.hidden_maps call on the lattice, the colouring, and the repaint (not a timed
test: the figure is for reading, against the 16 ms a 60 Hz frame allows). Compare with
OPENBLAS_NUM_THREADS=1: on a busy machine numpy's threaded BLAS slows these small
products down by an order of magnitude.
"""

from __future__ import annotations

import statistics
import time

from PySide6.QtWidgets import QApplication

from bpviewer.core import presets
from bpviewer.core import spec as spec_mod
from bpviewer.core.session import Session
from bpviewer.qt.bridge import SessionBridge
from bpviewer.qt.decision_map import GRID, DecisionMapWidget

FRAMES = 200
ITERATIONS_PER_FRAME = 5
FRAME_BUDGET_MS = 1000 / 60


def network() -> Session:
    """The circles preset (2-8-8-1 tanh) on 500 noisy points, a fifth held out."""
    raw = presets.load("circles").to_dict()
    raw["data"] = {"generator": "circles", "n": 500, "noise": 0.1, "seed": 0, "test_fraction": 0.2}
    return Session(spec_mod.from_dict(raw))


def main() -> None:
    app = QApplication.instance() or QApplication([])
    session = network()
    widget = DecisionMapWidget(SessionBridge(session))
    widget.resize(420, 760)
    widget.show()
    app.processEvents()
    parts: dict[str, list[float]] = {"maps": [], "frame": []}
    hidden_maps = session.hidden_maps

    def timed_maps(points):
        began = time.perf_counter()
        out = hidden_maps(points)
        parts["maps"].append(time.perf_counter() - began)
        return out

    session.hidden_maps = timed_maps
    for _ in range(FRAMES):
        session.run(ITERATIONS_PER_FRAME)  # training, outside the frame
        began = time.perf_counter()
        widget.bridge.flush()  # the frame: hidden_maps, colours, thumbnails
        widget.repaint()
        widget.neurons.widget().repaint()
        parts["frame"].append(time.perf_counter() - began)
    thumbs = len(widget.neurons.thumbs)
    print(f"2-8-8-1 on {session.dataset.n} training + {len(session.dataset.test_inputs)} test points, "
          f"{GRID}×{GRID} lattice, {thumbs} thumbnails, {FRAMES} frames")
    for name, times in parts.items():
        ms = sorted(t * 1000 for t in times)
        print(f"  {name:6s} median {statistics.median(ms):6.2f} ms   "
              f"95th percentile {ms[int(0.95 * len(ms))]:6.2f} ms")
    print(f"  (a 60 Hz frame allows {FRAME_BUDGET_MS:.1f} ms)")
    widget.close()


if __name__ == "__main__":
    main()
