"""Export time and peak RSS per preset, and history bytes per iteration, as one table.

    python tests/benchmarks/memory_table.py [--presets a,b] [--iterations N] [--no-numeric]

Each export runs `bpviewer export` in a fresh interpreter that reports its own peak RSS
(resource.getrusage), so one preset's memory never hides another's. Default iterations:
EXPORT_ITERATIONS (the issue's checks: spiral 2,000 and phone-price 125 must stay under 1 GB).
History bytes are History.nbytes / iterations after HISTORY_ITERATIONS iterations, and
the 100,000-iteration projection adds the interpreter's own RSS.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from bpviewer.core import presets
from bpviewer.core.session import Session

EXPORT_ITERATIONS = {"mazur": 10_000, "mazur-frozen-bias": 10_000, "spiral": 2_000,
                     "phone-price": 125}
DEFAULT_ITERATIONS = 1_000
HISTORY_ITERATIONS = {"phone-price": 500}

_CHILD = """
import json, resource, sys, time
from bpviewer.cli import main
start = time.perf_counter()
code = main(sys.argv[1:])
print(json.dumps({"code": code, "seconds": time.perf_counter() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def export_figures(name: str, iterations: int, numeric: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        args = ["export", "--preset", name, "--iterations", str(iterations), "--out", tmp + "/o"]
        if not numeric:
            args.append("--no-numeric")
        out = subprocess.run([sys.executable, "-c", _CHILD, *args], capture_output=True, text=True,
                             check=True)
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        figures["disk_mb"] = sum(p.stat().st_size for p in Path(tmp, "o").iterdir()) / 2**20
    return figures


def history_bytes(name: str) -> float:
    s = Session(presets.load(name))
    s.trainer.run(HISTORY_ITERATIONS.get(name, 2_000))
    return s.history.nbytes / len(s.history)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--presets", default=",".join(presets.names()))
    p.add_argument("--iterations", type=int)
    p.add_argument("--no-numeric", action="store_true")
    args = p.parse_args()
    print(f"{'preset':20s} {'iterations':>10s} {'export s':>9s} {'peak MB':>8s} {'disk MB':>8s} "
          f"{'history B/it':>12s} {'100k its MB':>11s}")
    for name in args.presets.split(","):
        n = args.iterations or EXPORT_ITERATIONS.get(name, DEFAULT_ITERATIONS)
        f = export_figures(name, n, not args.no_numeric)
        per = history_bytes(name)
        print(f"{name:20s} {n:>10,d} {f['seconds']:>9.1f} {f['peak_mb']:>8.0f} {f['disk_mb']:>8.1f} "
              f"{per:>12,.0f} {per * 100_000 / 2**20:>11.0f}", flush=True)


if __name__ == "__main__":
    main()
