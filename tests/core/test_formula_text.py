"""How core writes numbers and shortens long sums, written out by hand from formula.py's grammar:
fixed decimals, short when exact; scientific with precision − 3 digits (at least 2) where fixed
would hide the digits; `−` for minus; a long sum elided to its first two terms and its last."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bpviewer.core import texts
from bpviewer.core.formula import Formula, fmt, fmt_array, fmt_value, sum_formula, telling_precision


@pytest.mark.parametrize(("x", "precision", "text"), [
    (0.0, 6, "0"), (math.nan, 6, "—"), (0.15, 6, "0.15"), (1.0, 6, "1.0"), (-0.5, 6, "−0.5"),
    (0.123456789, 6, "0.123457"), (-2.0 / 3.0, 4, "−0.6667"), (1e-5, 9, "0.00001"),
    (1.5e-7, 6, "1.500e−07"), (-2.5e7, 6, "−2.500e+07"), (1.5e-7, 4, "1.50e−07"), (123456.5, 6, "123456.5"),
    (1.23456789e-12, 9, "1.234568e−12"), (-1e6, 3, "−1.00e+06"),
])
def test_numbers_as_written(x: float, precision: int, text: str) -> None:
    assert fmt(x, precision) == text


def test_a_negative_scalar_is_parenthesised_and_a_vector_is_bracketed() -> None:
    assert fmt_value(-0.25) == "(−0.25)" and fmt_value(0.25) == "0.25"
    assert fmt_value(np.array([[1.0, -0.5], [0.0, 2.0]])) == "[1.0 −0.5; 0 2.0]"


def _sum(values: list[float]) -> Formula:
    return sum_formula("net", "Σ w·out", "{0} × {1}", values, 0.0)


def test_a_sum_of_16_terms_shortened_to_3_keeps_the_first_two_and_the_last() -> None:
    values = [v for k in range(1, 17) for v in (float(k), -k / 4)]
    assert _sum(values).numbers(limit=3) == "16 terms: 1.0 × (−0.25) + 2.0 × (−0.5) + … + 16.0 × (−4.0)"
    assert _sum(values).numbers(limit=16).count(" × ") == 16


def test_a_shortened_sum_counts_its_terms_in_the_interface_language() -> None:
    """The Chinese window's panel read "8 terms: …", the one English phrase left in it."""
    values = [v for k in range(1, 9) for v in (float(k), 1.0)]
    texts.set_language(texts.CHINESE)
    try:
        assert _sum(values).numbers(limit=3) == "共 8 项： 1.0 × 1.0 + 2.0 × 1.0 + … + 8.0 × 1.0"
    finally:
        texts.set_language(texts.ENGLISH)


def test_a_sum_of_4_terms_can_be_shortened_but_not_one_of_3() -> None:
    four = _sum([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0])
    assert four.numbers(limit=3) == "4 terms: 1.0 × 2.0 + 3.0 × 4.0 + … + 7.0 × 8.0"
    three = _sum([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    assert three.numbers(limit=2) == "1.0 × 2.0 + 3.0 × 4.0 + 5.0 × 6.0"


def test_a_negative_alone_in_a_call_of_a_shortened_sum_keeps_one_pair_of_parentheses() -> None:
    f = sum_formula("Σ", "Σ exp(z)", "exp({0})", [-0.5, 1.0, 2.0, -3.0], 0.0)
    assert f.numbers(limit=3) == "4 terms: exp(−0.5) + exp(1.0) + … + exp(−3.0)"


def test_matrices_and_vectors_elided_to_a_limit_per_row_and_column() -> None:
    m = np.arange(20.0).reshape(4, 5)
    assert fmt_array(m, limit=3) == "[0 1.0 … 4.0; 5.0 6.0 … 9.0; …; 15.0 16.0 … 19.0]"
    assert fmt_array(m[:3, :3], limit=3) == "[0 1.0 2.0; 5.0 6.0 7.0; 10.0 11.0 12.0]"
    assert fmt_array(np.array([[1.0], [-2.0], [3.0], [4.0]]), limit=3) == "[1.0; −2.0; …; 4.0]"
    assert fmt_array(np.array([0.5, -0.25])) == "[0.5 −0.25]"
    assert fmt_array(np.array([1 / 3]), precision=3) == "[0.333]"


def test_a_line_is_lhs_symbols_numbers_and_result_each_once() -> None:
    f = Formula("net", "w·x", "{0} × {1}", (0.5, -2.0), -1.0)
    assert f.text() == "net = w·x = 0.5 × (−2.0) = −1.0"
    assert f.text(numbers=False) == "net = w·x = −1.0"
    assert Formula("net", "", "{0} × {1}", (0.5, -2.0), -1.0).text() == "net = 0.5 × (−2.0) = −1.0"
    assert Formula("out", "", "{0}", (0.25,), 0.25).text() == "out = 0.25"
    assert Formula("b", "b − η·g", "", (), 1 / 3).text(precision=3) == "b = b − η·g = 0.333"
    vector = Formula("δ", "H(z)", "H({0})", (np.array([-1.0, 2.0, 0.0, 3.0]),), np.array([0.0, 1, 0, 1]))
    assert vector.text(limit=3) == "δ = H(z) = H([−1.0 2.0 … 3.0]) = [0 1.0 … 1.0]"
    assert vector.result_text() == "[0 1.0 0 1.0]"
    assert Formula("out", "tanh(net)", "tanh({0})", (-0.1,), -0.0997).numbers() == "tanh(−0.1)"


@pytest.mark.parametrize(("x", "text"), [(1e-4, "0.0001"), (9.5e-5, "9.500e−05"), (7e-5, "7.000e−05")])
def test_scientific_below_ten_to_the_two_minus_precision(x: float, text: str) -> None:
    assert fmt(x) == text


def test_six_digits_unless_told() -> None:
    third = 1 / 3
    assert (fmt(third), fmt_value(-third), fmt_array(np.array([third]))) == ("0.333333", "(−0.333333)",
                                                                            "[0.333333]")
    line = Formula("x", "", "{0}", (third,), 2 * third)
    assert (line.numbers(), line.result_text()) == ("0.333333", "0.666667")
    assert line.text() == "x = 0.333333 = 0.666667"


def test_numbers_equal_to_the_result_are_not_written_twice() -> None:
    assert Formula("out", "σ(net)", "{0}", (0.5,), 0.5).text() == "out = σ(net) = 0.5"



@pytest.mark.parametrize("name", ["sgd", "adam", "rmsprop", "adagrad"])
def test_an_update_too_small_for_the_digits_gets_more_of_them(name: str) -> None:
    """Mazur at iteration 9001 read "w1⁺ = … = 0.182195 − 0.5 × (−6.168e−07) = 0.182195",
    an update that looks like none; every optimizer's last line gets the digits to tell."""
    from bpviewer.core import optimizers, spec

    kwargs = spec.from_dict({"layers": [1, 1], "activations": ["identity"], "loss": "mse",
                             "weights": [[[0.5]]], "optimizer": {"name": name, "lr": 1e-8},
                             "data": {"inputs": [[1.0]], "targets": [[1.0]]}}).optimizer_kwargs()
    opt = optimizers.make(name, 1, np.dtype(np.float64), kwargs)
    w, g = np.array([0.1821947]), np.array([-0.61])
    before = {b: float(v[0]) for b, v in opt.state.items()}
    new = float(opt.step(w.copy(), g, 1e-8)[0])
    after = {b: float(v[0]) for b, v in opt.state.items()}
    line = opt.formulas("w1", float(w[0]), float(g[0]), before, after, 1e-8, max(opt.step_count, 1), new)[-1]
    assert fmt(w[0], 6) == fmt(new, 6)  # the case: six digits would not tell them apart
    first, result = line.numbers(6).split(" ")[0], line.result_text(6)
    assert first != result
    digits = len(result.split(".")[1])
    assert digits > 6  # (w itself is exact at 7 decimals: written short, as fmt does)
    assert float(first) == pytest.approx(w[0], abs=0.5 * 10.0 ** -digits)
    assert float(result) == pytest.approx(new, abs=0.5 * 10.0 ** -digits)


@pytest.mark.parametrize(("before", "after", "precision"), [
    (0.1821947, 0.1821947 + 3.05e-07, 6), (0.5, 0.5 - 2e-9, 6), (-1.25, -1.25 + 4e-12, 4),
    (0.3, 0.3, 6), (123.456, 123.456 + 1e-3, 6),
])
def test_an_update_gets_the_fewest_digits_that_tell_it(before: float, after: float, precision: int) -> None:
    """The digits of before → after: `precision` where they read apart (or are equal), else
    the first count at which they do, never more."""
    p = telling_precision(before, after, precision)

    def apart(digits: int) -> bool:
        return float(fmt(before, digits).replace("−", "-")) != float(fmt(after, digits).replace("−", "-"))

    assert p >= precision
    if before == after:
        assert p == precision
    else:
        assert apart(p)
        assert p == precision or not apart(p - 1)


def test_an_update_below_sixteen_digits_stops_at_sixteen() -> None:
    after = float(np.nextafter(0.1, 1.0))  # 1.4e−17 more: alike at 16 decimals
    assert telling_precision(0.1, after, 6) == 16


def test_an_updates_vector_is_elided_as_any_other() -> None:
    """A layer's update line (W before, a matrix) shortens to the limit like its other values."""
    w, g = np.arange(20.0).reshape(4, 5) / 10, np.ones((4, 5))
    args = ("W⁺", "W − η·∂E/∂W", "{0} − {1} × {2}", (w, 0.1, g), w - 0.1 * g)
    assert Formula(*args, update=True).numbers(6, 3) == Formula(*args).numbers(6, 3)
    assert "…" in Formula(*args, update=True).numbers(6, 3).split(" − ")[0]
