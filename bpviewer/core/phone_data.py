"""The phone-price data set of the course notes, generated: 2,000 phones, 20 columns.

The notes train on a 2,000-row CSV with these columns and a price_range of 0–3. We ship
a generated stand-in with the same columns and realistic ranges, whose price follows a
learnable rule (mostly RAM, then battery and screen resolution, plus noise), balanced at
500 phones a class. `write_csv` produced resources/data/phone-price.csv; a test keeps the
shipped file equal to it.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

COLUMNS = ("battery_power", "blue", "clock_speed", "dual_sim", "fc", "four_g", "int_memory",
           "m_dep", "mobile_wt", "n_cores", "pc", "px_height", "px_width", "ram", "sc_h", "sc_w",
           "talk_time", "three_g", "touch_screen", "wifi", "price_range")
ROWS, SEED = 2000, 12


def generate(n: int = ROWS, seed: int = SEED) -> np.ndarray:
    """(n, 21) values in COLUMNS order; price_range holds n/4 phones of each class."""
    rng = np.random.default_rng(seed)

    def ints(lo: int, hi: int) -> np.ndarray:
        return rng.integers(lo, hi + 1, n).astype(float)

    def flags(p: float = 0.5) -> np.ndarray:
        return (rng.random(n) < p).astype(float)

    battery = ints(501, 1998)
    fc = ints(0, 19)
    pc = np.maximum(fc, ints(0, 20))
    four_g = flags(0.52)
    three_g = np.maximum(four_g, flags(0.5))
    px_width = ints(500, 1998)
    px_height = np.minimum(1960.0, np.round(px_width * rng.uniform(0.0, 1.2, n)))
    ram = ints(256, 3998)
    sc_h = ints(5, 19)
    sc_w = np.minimum(sc_h - 1, ints(0, 18))
    values = np.stack([
        battery, flags(), np.round(rng.uniform(0.5, 3.0, n), 1), flags(), fc, four_g,
        ints(2, 64), np.round(rng.uniform(0.1, 1.0, n), 1), ints(80, 200), ints(1, 8), pc,
        px_height, px_width, ram, sc_h, sc_w, ints(2, 20), three_g, flags(), flags(),
        np.zeros(n)], axis=1)
    score = (ram / 3742 + 0.25 * battery / 1497 + 0.12 * (px_height + px_width) / 3458
             + rng.normal(0, 0.03, n))
    values[:, -1] = np.argsort(np.argsort(score)) * 4 // n
    return values


def write_csv(path: Path, values: np.ndarray | None = None) -> None:
    values = generate() if values is None else values
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in values.tolist():
            writer.writerow([f"{v:g}" for v in row])
