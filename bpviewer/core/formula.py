"""A formula in symbols and with its numbers, formatted at a chosen precision.

Core fills in the numbers from a record; views only choose how many digits to show and,
when room is short, how many terms of a long sum or entries of a long vector to write
out (`numbers(precision, limit)`: "16 terms: a + b + … + p").

Numbers grammar (what `numbers` prints, so anyone can re-evaluate a line): decimals (an
update's old and new value with more digits when the precision would show them alike) with
`−` for minus, negative scalars in parentheses, `×` `/` `+` `−` `²` `√x` `|x|`,
`exp log sign clamp max`, `a if c else b`; vectors and matrices as `[a b; c d]` (rows split
by `;`), `·` a matrix product, `⊙` an element-wise product and `ᵀ` a transpose.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from .texts import tr

Value = float | str | np.ndarray


def fmt(x: float, precision: int = 6) -> str:
    """Fixed decimals (short when the value is exact, e.g. 0.15), scientific where fixed
    would hide the digits."""
    if isinstance(x, str):
        return x
    if math.isnan(x):
        return "—"
    if x == 0:
        return "0"
    if abs(x) < 10.0 ** -(precision - 2) or abs(x) >= 1e6:
        return f"{x:.{max(precision - 3, 2)}e}".replace("-", "−")
    text = f"{x:.{precision}f}"
    if float(text) == x:
        text = text.rstrip("0")
        if text.endswith("."):
            text += "0"
    return text.replace("-", "−")


def telling_precision(before: float, after: float, precision: int) -> int:
    """`precision`, or more digits (up to 16) where an update too small for it would read
    as no change: "0.182195 − 0.5 × (−6.168e−07) = 0.182195"."""
    p = precision
    while p < 16 and before != after and _read(fmt(before, p)) == _read(fmt(after, p)):
        p += 1
    return p


def _read(text: str) -> float:
    return float(text.replace("−", "-"))


def _kept(n: int, limit: int | None) -> list[int | None]:
    """Indices written out of n (None = the ellipsis): the first limit − 1 and the last."""
    if limit is None or n <= limit:
        return list(range(n))
    return list(range(limit - 1)) + [None, n - 1]


def fmt_array(a: np.ndarray, precision: int = 6, limit: int | None = None) -> str:
    """`[a b; c d]`: a column vector is `[a; b]`; at most `limit` entries a row or column
    (the others elided before formatting, so a 256 × 128 matrix costs a few entries)."""
    rows = np.atleast_2d(a)
    cols = _kept(rows.shape[1], limit)
    cells = ["…" if i is None else " ".join("…" if k is None else fmt(float(rows[i, k]), precision)
                                            for k in cols)
             for i in _kept(rows.shape[0], limit)]
    return "[" + "; ".join(cells) + "]"


def fmt_value(v: Value, precision: int = 6, limit: int | None = None) -> str:
    if isinstance(v, np.ndarray):
        return fmt_array(v, precision, limit)
    text = fmt(v, precision)
    return f"({text})" if text.startswith("−") else text


#: a negative number, parenthesised by fmt_value, alone inside a call's parentheses:
#: tanh((−0.1)) reads as tanh(−0.1)
_DOUBLED = re.compile(r"\(\((−[^()]*)\)\)")


@dataclass(frozen=True)
class Formula:
    """`lhs = symbols = template(values) = result`; template uses {0}, {1}, … placeholders.

    A long sum sets `piece`: the template of one term (its own {0}, {1}, …), the template
    being the terms joined by " + ", so a short form can elide the middle terms.
    """

    lhs: str
    symbols: str
    template: str
    values: tuple[Value, ...]
    result: float | np.ndarray
    piece: str = ""
    #: the result is values[0] updated (a parameter's new value): where the precision
    #: shows the two alike, both get the digits that tell them apart
    update: bool = False

    @property
    def terms(self) -> int:
        if not self.piece:
            return 0
        return len(self.values) // max(self.piece.count("{"), 1)

    def _digits(self, precision: int) -> int:
        """The precision of values[0] and of the result (see `update`)."""
        first = self.values[0] if self.values else None
        scalar = (float, np.floating)
        if self.update and isinstance(first, scalar) and isinstance(self.result, scalar):
            return telling_precision(float(first), float(self.result), precision)
        return precision

    def numbers(self, precision: int = 6, limit: int | None = None) -> str:
        """The numbers substituted; with `limit`, at most that many terms or entries."""
        parts = [fmt_value(v, precision, limit) for v in self.values]
        if self.update:
            parts[0] = fmt_value(self.values[0], self._digits(precision), limit)
        n = self.terms
        if limit is None or n <= limit:
            return _DOUBLED.sub(r"(\1)", self.template.format(*parts))
        arity = len(parts) // n
        pieces = [self.piece.format(*parts[k * arity:(k + 1) * arity]) for k in (0, 1, n - 1)]
        count = tr("{n} terms:", n=n)  # the Chinese window read "8 terms:" in its panel
        return _DOUBLED.sub(r"(\1)", f"{count} {pieces[0]} + {pieces[1]} + … + {pieces[2]}")

    def result_text(self, precision: int = 6, limit: int | None = None) -> str:
        if isinstance(self.result, np.ndarray):
            return fmt_array(self.result, precision, limit)
        return fmt(self.result, self._digits(precision))

    def text(self, precision: int = 6, limit: int | None = None, numbers: bool = True) -> str:
        pieces = [self.lhs]
        if self.symbols:
            pieces.append(self.symbols)
        if self.template and numbers:
            pieces.append(self.numbers(precision, limit))
        result = self.result_text(precision, limit)
        if pieces[-1] != result:
            pieces.append(result)
        return " = ".join(pieces)


def sum_formula(lhs: str, symbols: str, piece: str, values: list[Value],
                result: float) -> Formula:
    """Σ of terms written `piece` (arity = its placeholders) over `values`, flat."""
    arity = piece.count("{")
    n = len(values) // arity
    local = [piece.format(*(f"{{{k * arity + i}}}" for i in range(arity))) for k in range(n)]
    return Formula(lhs, symbols, " + ".join(local), tuple(values), result,
                   piece if n > 3 else "")
