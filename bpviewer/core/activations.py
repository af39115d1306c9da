"""Each activation's value beside its local derivative, as micrograd puts them, each
beside the formula the chain panel shows for it (symbols, numbers template, values).

`derivative` takes z and a = f(z) so each one uses the cheapest exact form.
Softmax has a Jacobian, not a per-neuron derivative; `softmax_backward` applies it.
"""

from __future__ import annotations

import numpy as np

NAMES = ("identity", "sigmoid", "tanh", "relu", "leaky_relu", "softmax")

SYMBOLS = {
    "identity": "id",
    "sigmoid": "σ",
    "tanh": "tanh",
    "relu": "ReLU",
    "leaky_relu": "LeakyReLU",
    "softmax": "softmax",
}

#: one shown formula: (symbols, numbers template with {0}, {1}, …, the values)
Shown = tuple[str, str, tuple]


def forward(name: str, z: np.ndarray, slope: float = 0.01) -> np.ndarray:
    if name == "sigmoid":
        with np.errstate(over="ignore"):  # exp(-z) = inf for z ≪ 0 gives exactly 0, as torch
            return 1.0 / (1.0 + np.exp(-z))
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "leaky_relu":
        return np.where(z > 0, z, z * slope)
    if name == "softmax":
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    return z.copy()


def forward_formula(name: str, net: str, z: float | np.ndarray, slope: float = 0.01) -> Shown:
    """out = f(net) as shown; a neuron's softmax is `softmax_formula` (it needs the layer)."""
    vector = isinstance(z, np.ndarray)
    if vector and name == "leaky_relu" and 0 <= slope <= 1:
        return f"max({net}, slope·{net})", "max({0}, {1} × {0})", (z, slope)
    if vector and name == "leaky_relu":
        return f"H({net}) ⊙ {net} + slope·(1 − H({net})) ⊙ {net}", \
            "H({0}) ⊙ {0} + {1} × (1 − H({0})) ⊙ {0}", (z, slope)
    if vector and name == "softmax" and _exp_overflows(z):
        return (f"e^({net} − m) / Σₖ e^({net}ₖ − m)  (m = maxₖ {net}ₖ)",
                "exp({0} − {1}) / sum(exp({0} − {1}))", (z, float(z.max())))
    if vector and name == "softmax":
        return f"e^{net} / Σₖ e^{net}ₖ", "exp({0}) / sum(exp({0}))", (z,)  # z⁽³⁾ₖ: no "_k" after ⁾
    if name == "sigmoid":
        return f"σ({net}) = 1 / (1 + e^−{net})", "1 / (1 + exp(−{0}))", (z,)
    if name == "tanh":
        return f"tanh({net})", "tanh({0})", (z,)
    if name == "relu":
        return f"max(0, {net})", "max(0, {0})", (z,)
    if name == "leaky_relu":
        return f"{net} if {net} > 0 else slope·{net}", "{0} if {0} > 0 else {1} × {0}", (z, slope)
    return net, "{0}", (z,)


def softmax_formula(net: str, j: int, z: np.ndarray) -> tuple[str, str, tuple]:
    """out_j = e^net_j / Σₖ e^net_k: the piece "exp({0})" is one term of the sum; shifted by
    the largest net where e^net overflows (see `_exp_overflows`)."""
    if _exp_overflows(z):
        m = len(z)
        terms = " + ".join(f"exp({{{k}}} − {{{m}}})" for k in range(m))
        return (f"e^({net} − m) / Σₖ e^(net_k − m)  (m = maxₖ net_k)",
                f"exp({{{j}}} − {{{m}}}) / ({terms})", (*(float(v) for v in z), float(z.max())))
    terms = " + ".join(f"exp({{{k}}})" for k in range(len(z)))
    return f"e^{net} / Σₖ e^net_k", f"exp({{{j}}}) / ({terms})", tuple(float(v) for v in z)


def _exp_overflows(z: np.ndarray) -> bool:
    """Whether e^net of these logits overflows, or their sum underflows, in float64 (what a
    line's numbers are read in: a net past ~709, or all below ~−745): e^800 / (e^800 + e^0)
    would read ∞/∞. The softmax itself is computed shifted by the largest net, and so the
    line is written there."""
    with np.errstate(over="ignore", under="ignore"):
        total = np.exp(np.asarray(z, dtype=np.float64)).sum()
    return not (np.isfinite(total) and total >= np.finfo(np.float64).tiny)


def derivative_formula(name: str, z: float | np.ndarray, a: float | np.ndarray,
                       slope: float = 0.01) -> Shown:
    """f′(net) as shown, in the cheapest exact form `derivative` uses; a vector's step is
    written H(net) (Heaviside: 1 where net > 0, else 0)."""
    vector = isinstance(z, np.ndarray)
    if vector and name == "relu":
        return "H(net)", "H({0})", (z,)
    if vector and name == "leaky_relu":
        return "H(net) + slope·(1 − H(net))", "H({0}) + {1} × (1 − H({0}))", (z, slope)
    if name == "sigmoid":
        return "out(1 − out)", "{0} × (1 − {0})", (a,)
    if name == "tanh":
        return "1 − out²", "1 − {0}²", (a,)
    if name == "relu":
        return "1 if net > 0 else 0", "1 if {0} > 0 else 0", (z,)
    if name == "leaky_relu":
        return "1 if net > 0 else slope", "1 if {0} > 0 else {1}", (z, slope)
    return "1", "", ()


def derivative(name: str, z: np.ndarray, a: np.ndarray, slope: float = 0.01) -> np.ndarray:
    """f′(z) element-wise; for softmax the Jacobian's diagonal p(1 − p)."""
    if name == "sigmoid" or name == "softmax":
        return a * (1.0 - a)
    if name == "tanh":
        return 1.0 - a * a
    if name == "relu":
        return (z > 0).astype(z.dtype)
    if name == "leaky_relu":
        return np.where(z > 0, 1.0, slope).astype(z.dtype)
    return np.ones_like(z)


def softmax_backward(p: np.ndarray, upstream: np.ndarray) -> np.ndarray:
    """δ_i = Σ_j g_j p_j(δ_ij − p_i) = p_i (g_i − Σ_j g_j p_j)."""
    return p * (upstream - (upstream * p).sum(axis=-1, keepdims=True))
