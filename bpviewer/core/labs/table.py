"""A lab's table as plain rows, so CSV export is the same with or without a window."""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import atomic

Cell = float | int | str | None


def cell(x: Cell) -> str:
    """Numbers at round-trip precision (repr); None and NaN as empty cells."""
    if x is None:
        return ""
    if isinstance(x, float):
        return "" if math.isnan(x) else repr(x)
    return str(x)


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def write_csv(self, path: str | Path) -> None:
        """Whole or not at all, never over a folder, a pipe or a device (export.write_csv)."""
        def write(tmp: str) -> None:
            with open(tmp, "w", newline="", encoding="utf-8") as fh:
                writer = csv.writer(fh)
                writer.writerow(self.columns)
                writer.writerows([cell(x) for x in row] for row in self.rows)

        atomic.replace(path, write)


def _plain(x: object) -> Cell:
    return x.item() if isinstance(x, np.generic) else x


def table(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> Table:
    """A Table whose numpy scalars are turned into Python numbers."""
    return Table(tuple(columns), tuple(tuple(_plain(x) for x in r) for r in rows))
