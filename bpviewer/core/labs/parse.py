"""Numbers typed by a teacher: "3, 5, 2.5", "1 0 1", "[[0.5, 0.3], [0.3, 0.6]]" or "0.5 0.3; 0.3 0.6"."""

from __future__ import annotations

import ast

import numpy as np


def parse_numbers(text: str) -> np.ndarray:
    """A float64 vector or matrix; ValueError with a readable message otherwise."""
    source = text.strip().replace("−", "-")
    if not source:
        raise ValueError("type some numbers, e.g. 3.0, 5.0, 2.5")
    if ";" in source:
        source = "[" + ",".join(f"[{row}]" for row in source.split(";")) + "]"
    elif not source.startswith("["):
        source = "[" + source + "]"
    source = ",".join(source.replace(",", " ").split())
    source = source.replace("[,", "[").replace(",]", "]")
    try:
        value = ast.literal_eval(source)
        array = np.asarray(value, dtype=np.float64)
    except (ValueError, SyntaxError, TypeError) as exc:
        raise ValueError(f"cannot read {text.strip()!r} as numbers") from exc
    if array.ndim not in (1, 2) or array.size == 0:
        raise ValueError(f"{text.strip()!r} is not a vector or a matrix")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{text.strip()!r} has a number that is not finite")
    return array
