"""An export holds one chunk of iterations in memory: about CHUNK_VALUES numbers, whatever the
network. Measured on the written files (every cell of one iteration's rows, all four CSVs), a
chunk of chunk_size iterations is within a factor 4 of CHUNK_VALUES — neither one iteration at a
time for a network whose parameters are mostly frozen, nor millions of rows for a tiny one."""

from __future__ import annotations

import pytest

from bpviewer.core import export, presets
from bpviewer.core.session import Session

CIRCLES = presets.load("circles")


def cells_per_iteration(session: Session, folder) -> int:
    export.export_all(session, folder, numeric=False)
    rows = [line for name in export.FILES
            for line in (folder / name).read_text(encoding="utf-8").splitlines()[1:]]
    return sum(line.count(",") + 1 for line in rows) // len(session.history)


@pytest.mark.parametrize("changes", [
    {},
    {"batch_size": None},
    {"layers": [2, 140, 140, 1], "frozen_layers": [2], "batch_size": 1},
    {"layers": [2, 40, 40, 1], "batch_size": 5},
], ids=["circles", "full batch", "mostly frozen", "wider"])
def test_a_chunk_holds_about_chunk_values_numbers(tmp_path, changes: dict) -> None:
    session = Session(CIRCLES.with_changes(**changes))
    session.trainer.run(2)
    chunk = export.chunk_size(session) * cells_per_iteration(session, tmp_path / "out")
    assert export.CHUNK_VALUES / 4 <= chunk <= 4 * export.CHUNK_VALUES
