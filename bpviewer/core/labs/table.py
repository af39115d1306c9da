"""A lab's table as plain rows, so CSV export is the same with or without a window."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..csvfile import Cell, write_csv


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def write_csv(self, path: str | Path) -> None:
        """bpviewer's CSV (csvfile): the CLI's dialect and cells."""
        write_csv(path, self.columns, self.rows)


def _plain(x: object) -> Cell:
    return x.item() if isinstance(x, np.generic) else x


def table(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> Table:
    """A Table whose numpy scalars are turned into Python numbers."""
    return Table(tuple(columns), tuple(tuple(_plain(x) for x in r) for r in rows))
