import csv

import numpy as np

from bpviewer.core.labs.table import table


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


def test_csv_lines_end_as_the_clis(tmp_path):
    """A lab's table ended its lines in "\\r\\n" where `bpviewer export` and the window's
    tables end them in "\\n" (README, CSV files)."""
    path = tmp_path / "t.csv"
    table(("verdict", "z"), [("ok, close", -0.5), ("far", 2.0)]).write_csv(path)
    assert path.read_bytes() == b'verdict,z\n"ok, close",-0.5\nfar,2.0\n'
