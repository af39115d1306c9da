"""Each activation's value beside its local derivative, as micrograd puts them.

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

DERIVATIVE_SYMBOLS = {
    "identity": "1",
    "sigmoid": "out(1 − out)",
    "tanh": "1 − out²",
    "relu": "[net > 0]",
    "leaky_relu": "[net > 0] or slope",
    "softmax": "p(δ − p)",
}


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
