"""Each loss's terms beside its derivative, with torch's reductions and clamps.

`terms` gives per-element shares that add up to the loss (so the window can show each
output's part) and works on stacks of batches (leading axes), which the numeric
gradient uses. `gradient` is where the backward pass starts: ∂L/∂a for most losses,
∂L/∂z for cross-entropy, which torch applies to the logits. Beside each: the formula the
chain panel shows for one output's term and for its derivative (symbols, numbers template,
values); `n` is torch's divisor (every element for the means, the batch for cross-entropy).
"""

from __future__ import annotations

import numpy as np

NAMES = ("sse_half", "mse", "mae", "smooth_l1", "bce", "cross_entropy")

#: losses whose gradient is taken with respect to the last layer's z (logits)
ON_LOGITS = frozenset({"cross_entropy"})

SYMBOLS = {
    "sse_half": "E = ½ Σ (target − out)²",
    "mse": "E = mean (target − out)²",
    "mae": "E = mean |target − out|",
    "smooth_l1": "E = mean smoothL1(out − target)",
    "bce": "E = −mean [t·log out + (1 − t)·log(1 − out)]",
    "cross_entropy": "E = −mean Σ t·log softmax(net)",
}

_BCE_LOG_FLOOR = -100.0
#: torch's binary_cross_entropy_backward clamps (1 − a)·a at EPSILON = 1e-12 held in a float,
#: so a saturated output's ∂E/∂out is (a − t)/9.99999996e-13, e.g. 500000001997.9 for t = ½
_BCE_EPS = float(np.float32(1e-12))


def _count(a: np.ndarray) -> int:
    return a.shape[-2] * a.shape[-1]


def _log_softmax(z: np.ndarray) -> np.ndarray:
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def terms(name: str, a: np.ndarray, z: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Per-element shares of the loss; their sum over the last two axes is the loss."""
    d = a - t
    if name == "sse_half":
        return 0.5 * d * d
    if name == "mse":
        return d * d / _count(a)
    if name == "mae":
        return np.abs(d) / _count(a)
    if name == "smooth_l1":
        ad = np.abs(d)
        return np.where(ad < 1.0, 0.5 * d * d, ad - 0.5) / _count(a)
    if name == "bce":
        with np.errstate(divide="ignore"):
            log_a = np.maximum(np.log(a), _BCE_LOG_FLOOR)
            log_1a = np.maximum(np.log(1.0 - a), _BCE_LOG_FLOOR)
        return -(t * log_a + (1.0 - t) * log_1a) / _count(a)
    if name == "cross_entropy":
        return -(t * _log_softmax(z)) / z.shape[-2]
    raise ValueError(f"unknown loss {name!r}")


def _bce_floor_binds(out: float) -> bool:
    """torch's binary_cross_entropy floors each log at −100 (`terms` does too): where it
    binds, the shown term says so, or its numbers would not give its result."""
    with np.errstate(divide="ignore"):
        return bool(min(np.log(out), np.log(1.0 - out)) < _BCE_LOG_FLOOR)


def term_formula(name: str, t: str, o: str, target: float, out: float, n: str) -> tuple[str, str, tuple]:
    """One output's share of the loss (for cross-entropy out is softmax(net))."""
    if name == "sse_half":
        return f"½({t} − {o})²", "½ × ({0} − {1})²", (target, out)
    if name == "mse":
        return f"({t} − {o})² / n", "({0} − {1})² / {2}", (target, out, n)
    if name == "mae":
        return f"|{t} − {o}| / n", "|{0} − {1}| / {2}", (target, out, n)
    if name == "smooth_l1":
        if abs(out - target) < 1.0:
            return f"½({o} − {t})² / n  (|{o} − {t}| < 1)", "½ × ({0} − {1})² / {2}", (out, target, n)
        return f"(|{o} − {t}| − ½) / n  (|{o} − {t}| ≥ 1)", "(|{0} − {1}| − ½) / {2}", (out, target, n)
    if name == "bce" and _bce_floor_binds(out):  # a saturated output: log(1 − 1.0) is −∞
        return (f"−[{t}·max(log {o}, −100) + (1 − {t})·max(log(1 − {o}), −100)] / n",
                "−({0} × max(log({1}), {3}) + (1 − {0}) × max(log(1 − {1}), {3})) / {2}",
                (target, out, n, _BCE_LOG_FLOOR))
    if name == "bce":
        return (f"−[{t}·log {o} + (1 − {t})·log(1 − {o})] / n",
                "−({0} × log({1}) + (1 − {0}) × log(1 − {1})) / {2}", (target, out, n))
    return f"−{t}·log softmax(net) / N", "−{0} × log({1}) / {2}", (target, out, n)


def logits_term_formula(t: str, net: str, target: float, z: np.ndarray, j: int,
                        n: str) -> tuple[str, str, tuple]:
    """Class j's share of cross-entropy from the sample's logits z: −t·log softmax(net) / N.

    Where softmax_j is no normal float (logits ~745 apart in float64, ~87 in float32) its log
    would read −∞ or lose digits, while `terms`, like torch, works in log-softmax and has the
    exact finite loss (800 for logits 800 and 0): there the line is written in log-softmax
    form, net_j − m − log Σₖ e^(net_k − m) with m the largest logit, so every exponent is ≤ 0
    and the sum ≥ 1.
    """
    e = np.exp(z - z.max())
    p = e[j] / e.sum()
    if p >= np.finfo(p.dtype).tiny:
        return term_formula("cross_entropy", t, "softmax(net)", target, float(p), n)
    exps = " + ".join(f"exp({{{k + 4}}} − {{2}})" for k in range(len(z)))
    return (f"−{t}·({net} − m − log Σₖ e^(net_k − m)) / N  (m = maxₖ net_k)",
            f"−{{0}} × ({{1}} − {{2}} − log({exps})) / {{3}}",
            (target, float(z[j]), float(z.max()), n, *(float(v) for v in z)))


def gradient_formula(name: str, target: float, out: float, n: str) -> tuple[str, str, tuple]:
    """∂E/∂out of one output (for cross-entropy ∂E/∂net, out being softmax(net))."""
    if name == "sse_half":
        return "−(target − out)", "−({0} − {1})", (target, out)
    if name == "mse":
        return "2(out − target) / n", "2 × ({1} − {0}) / {2}", (target, out, n)
    if name == "mae":
        return "sign(out − target) / n", "sign({1} − {0}) / {2}", (target, out, n)
    if name == "smooth_l1":
        return "clamp(out − target, −1, 1) / n", "clamp({1} − {0}, −1, 1) / {2}", (target, out, n)
    if name == "bce" and np.all(out * (1.0 - out) <= _BCE_EPS):
        return ("(out − target) / max(out(1 − out), ε) / n",
                "({1} − {0}) / max({1} × (1 − {1}), {3}) / {2}", (target, out, n, _BCE_EPS))
    if name == "bce":  # torch's ε floor does not bind: not shown
        return ("(out − target) / (out(1 − out)) / n", "({1} − {0}) / ({1} × (1 − {1})) / {2}",
                (target, out, n))
    return "(softmax(net) − target) / N", "({1} − {0}) / {2}", (target, out, n)


def divisor(name: str, batch: int, outputs: int) -> str:
    """torch's reduction divisor, as shown: 1 for ½Σ, the batch for cross-entropy, else
    every element."""
    if name == "sse_half":
        return "1"
    return str(batch if name == "cross_entropy" else batch * outputs)


def gradient(name: str, a: np.ndarray, z: np.ndarray, t: np.ndarray) -> np.ndarray:
    """∂L/∂a, or ∂L/∂z for losses in ON_LOGITS, with torch's reduction factor."""
    d = a - t
    if name == "sse_half":
        return d
    if name == "mse":
        return (2.0 / _count(a)) * d
    if name == "mae":
        return np.sign(d) / _count(a)
    if name == "smooth_l1":
        return np.where(d < -1.0, -1.0, np.where(d > 1.0, 1.0, d)).astype(a.dtype) / _count(a)
    if name == "bce":
        return d / np.maximum((1.0 - a) * a, _BCE_EPS) / _count(a)
    if name == "cross_entropy":  # p·Σt − t: probability rows need not add up to 1
        return (np.exp(_log_softmax(z)) * t.sum(axis=-1, keepdims=True) - t) / z.shape[-2]
    raise ValueError(f"unknown loss {name!r}")
