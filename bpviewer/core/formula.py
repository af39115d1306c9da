"""A formula in symbols and with its numbers, formatted at a chosen precision.

Core fills in the numbers from a record; views only choose how many digits to show.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


def fmt(x: float, precision: int = 6) -> str:
    """Fixed decimals (short when the value is exact, e.g. 0.15), scientific where fixed
    would hide the digits."""
    if isinstance(x, str):
        return x
    if math.isnan(x):
        return "—"
    if x == 0:
        return "0"
    if x != 0 and (abs(x) < 10.0 ** -(precision - 2) or abs(x) >= 1e6):
        return f"{x:.{max(precision - 3, 2)}e}".replace("-", "−")
    text = f"{x:.{precision}f}"
    if float(text) == x:
        text = text.rstrip("0")
        if text.endswith("."):
            text += "0"
    return text.replace("-", "−")


@dataclass(frozen=True)
class Formula:
    """`lhs = symbols = template(values) = result`; template uses {0}, {1}, … placeholders."""

    lhs: str
    symbols: str
    template: str
    values: tuple[float | str, ...]
    result: float

    def numbers(self, precision: int = 6) -> str:
        parts = []
        for v in self.values:
            text = fmt(v, precision)
            parts.append(f"({text})" if text.startswith("−") else text)
        return self.template.format(*parts)

    def text(self, precision: int = 6) -> str:
        pieces = [self.lhs]
        if self.symbols:
            pieces.append(self.symbols)
        if self.template:
            pieces.append(self.numbers(precision))
        pieces.append(fmt(self.result, precision))
        return " = ".join(pieces)
