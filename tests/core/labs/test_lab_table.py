import csv

import numpy as np

from bpviewer.core.labs.table import cell, table


def test_csv_numbers_round_trip(tmp_path):
    x = 0.1 + 0.2
    t = table(("name", "value", "count", "missing"),
              [("a", np.float64(x), np.int64(3), None), ("b", float("nan"), 4, 1e-300)])
    path = tmp_path / "t.csv"
    t.write_csv(path)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["name", "value", "count", "missing"]
    assert rows[1] == ["a", repr(x), "3", ""]
    assert float(rows[1][1]) == x
    assert rows[2] == ["b", "", "4", "1e-300"]


def test_cell():
    assert cell(None) == "" and cell(2) == "2" and cell(0.5) == "0.5" and cell("x") == "x"
