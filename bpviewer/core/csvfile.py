"""The one way bpviewer writes CSV: `bpviewer export`, the window's tables and the labs'.

A cell is its number at round-trip precision (Python `repr`), an int as an int, a text as
itself, and empty where nothing is defined (None, NaN); lines end in "\\n" on every system
(README, "CSV files"). The labs' tables had their own writer, which ended lines in "\\r\\n"
(the csv module's default) where the CLI and the window's tables wrote "\\n".
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from . import atomic

Cell = float | int | str | None


def cell(x: Cell) -> str:
    """One cell's text, as the window shows a number it copies or exports."""
    if x is None:
        return ""
    if isinstance(x, str):
        return x
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    x = float(x)
    return "" if math.isnan(x) else repr(x)


def writer(fh: TextIO) -> Any:
    """A csv writer in bpviewer's dialect, for rows already of Python numbers and texts
    (str of a float is its repr, None an empty cell): `export`'s millions of rows skip
    `cell`."""
    return csv.writer(fh, lineterminator="\n")


def write_csv(path: str | Path, columns: Iterable[str], rows: Iterable[Iterable[Cell]]) -> None:
    """columns then rows, each cell through `cell`. Whole or not at all, never over a folder,
    a pipe or a device (atomic.replace): the window's Export table wrote with open(), which
    waited on a pipe for a reader (the window hung) and raised out of the slot on a folder."""
    def write(tmp: str) -> None:
        with open(tmp, "w", newline="", encoding="utf-8") as fh:
            out = writer(fh)
            out.writerow(columns)
            out.writerows([cell(x) for x in row] for row in rows)

    atomic.replace(Path(path), write)


__all__ = ["Cell", "cell", "writer", "write_csv"]
