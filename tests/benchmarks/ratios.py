"""Speed figures as ratios against a bare torch loop, all measured in this one run.

    python tests/benchmarks/ratios.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bare_torch import mazur_loop, wide_loop  # noqa: E402

from bpviewer.core import presets  # noqa: E402
from bpviewer.core import spec as spec_mod  # noqa: E402
from bpviewer.core.session import Session  # noqa: E402

N = 10_000


def best(fn, repeat: int = 3) -> float:
    return min(fn() for _ in range(repeat))


def bpviewer_mazur() -> float:
    s = Session(presets.load("mazur"))
    start = time.perf_counter()
    s.trainer.run(N)
    return time.perf_counter() - start


def bpviewer_wide(iterations: int) -> float:
    raw = {"layers": [2, 16, 16, 3], "activations": ["tanh", "tanh", "identity"],
           "loss": "cross_entropy", "init": {"scheme": "torch_default", "seed": 0},
           "optimizer": {"name": "adam", "lr": 0.01}, "batch_size": 16,
           "data": {"generator": "spiral", "n": 160, "classes": 3}}
    s = Session(spec_mod.from_dict(raw))
    start = time.perf_counter()
    s.trainer.run(iterations)
    return time.perf_counter() - start


def process(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    bare = best(lambda: mazur_loop(N))
    ours = best(bpviewer_mazur)
    print(f"mazur {N} iterations: bare torch {bare:.3f} s, bpviewer train+record {ours:.3f} s"
          f" -> {bare / ours:.2f}x (target >= 3x)")
    bare_w = best(lambda: wide_loop(2000))
    ours_w = best(lambda: bpviewer_wide(2000))
    print(f"2-16-16-3 batch 16, 2000 iterations: bare {bare_w:.3f} s, bpviewer {ours_w:.3f} s"
          f" -> {bare_w / ours_w:.2f}x (target >= 1x)")
    here = Path(__file__).parent
    with tempfile.TemporaryDirectory() as out:
        cli = [sys.executable, "-m", "bpviewer", "export", "--preset", "mazur",
               "--iterations", str(N), "--out", out]
        ours_p = best(lambda: process(cli), 2)
        bare_p = best(lambda: process([sys.executable, str(here / "bare_torch.py"), str(N)]), 2)
    print(f"export process: bare torch script {bare_p:.3f} s, bpviewer export {ours_p:.3f} s"
          f" -> {bare_p / ours_p:.2f}x (target >= 1.5x)")
    s = Session(presets.load("mazur"))
    s.trainer.run(100_000)
    print(f"history of 100,000 mazur iterations: {s.history.nbytes / 2**20:.1f} MB (target <= 64 MB)")


if __name__ == "__main__":
    main()
