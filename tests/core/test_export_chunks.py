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


@pytest.mark.parametrize("preset", ["mazur", "mazur-frozen-bias", "circles", "phone-price-mini"])
def test_one_iterations_rows_made_a_block_at_a_time_are_a_chunks(preset: str) -> None:
    """The Gradients table reads one iteration's rows (NUMERIC_ROWS at a time, numeric
    gradients too): they are the rows an export of several iterations writes for it, which
    tests/contracts holds to torch."""
    session = Session(presets.load(preset))
    session.trainer.run(3)
    several = [row for row in export.gradient_rows(session, 1, 3, numeric=True) if row[0] == 2]
    one = list(export.gradient_rows(session, 2, 2, numeric=True))
    assert len(one) == len(session.params.trainable) > export.NUMERIC_ROWS or preset.startswith("mazur")
    assert one == several
