"""pytest-benchmark figures (run with --benchmark-enable); ratios come from ratios.py."""

from __future__ import annotations

from bpviewer.core import presets
from bpviewer.core.session import Session


def test_train_and_record_mazur(benchmark) -> None:
    def run() -> None:
        Session(presets.load("mazur")).trainer.run(2000)

    benchmark(run)
