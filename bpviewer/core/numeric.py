"""Central-difference gradients, a third opinion beside the trace and autograd.

The ±h perturbations of all trainable parameters are evaluated as stacks of networks, so
the cost is a few numpy calls per batch of perturbations rather than 2P passes. Stacks are
sized by memory (`budget` bytes): several iterations at once for a small network, a slice
of one iteration's perturbations at a time for a large one — never (iterations, 2P, P).
"""

from __future__ import annotations

import numpy as np

from . import losses
from .forward import forward_all
from .params import ParamLayout
from .spec import NetworkSpec

DEFAULT_H = 1e-4
BUDGET = 64 << 20
#: networks with more trainable parameters get no numeric gradient unless asked for
DEFAULT_LIMIT = 1000


def bytes_per_network(spec: NetworkSpec, params: ParamLayout, batch: int) -> int:
    """Memory one perturbed network of the stack needs: its parameters, every z and a."""
    return 8 * (2 * params.size + batch * (spec.layers[0] + 3 * sum(spec.layers[1:])))


def numeric_gradient(spec: NetworkSpec, params: ParamLayout, thetas: np.ndarray, x: np.ndarray,
                     t: np.ndarray, masks: dict[int, np.ndarray] | None = None,
                     h: float = DEFAULT_H, budget: int = BUDGET,
                     rows: tuple[int, int] | None = None) -> np.ndarray:
    """Gradient of the total loss (data loss + L1) at each of M parameter vectors.

    thetas (M, P); x (M, b, in) or (b, in); t likewise; masks {layer: (M, b, n) or (b, n)}.
    rows (lo, hi): only trainable parameters lo..hi−1 (a table makes the rows it shows).
    Returns (M, P) with zeros for frozen parameters and those left out.
    """
    thetas = np.asarray(thetas, np.float64)
    m, size = thetas.shape
    x = np.asarray(x, np.float64)
    t = np.asarray(t, np.float64)
    per_iteration = x.ndim == 3
    masks = masks or {}
    lo, hi = rows or (0, len(params.trainable))
    k = hi - lo
    grad = np.zeros((m, size))
    if k <= 0:
        return grad
    fit = max(1, budget // bytes_per_network(spec, params, x.shape[-2]))
    if fit >= 2 * k:  # several whole iterations per stack
        group = fit // (2 * k)
        for i in range(0, m, group):
            part = slice(i, i + group)
            sub = {l: v[part] for l, v in masks.items()} if per_iteration else masks
            grad[part] = _central(spec, params, thetas[part], x[part] if per_iteration else x,
                                  t[part] if per_iteration else t, sub, h, lo, hi)
        return grad
    for i in range(m):  # one iteration, a slice of its perturbations per stack
        xi, ti = (x[i:i + 1], t[i:i + 1]) if per_iteration else (x, t)
        sub = {l: v[i:i + 1] for l, v in masks.items()} if per_iteration else masks
        step = max(1, fit // 2)
        for j in range(lo, hi, step):
            grad[i:i + 1] += _central(spec, params, thetas[i:i + 1], xi, ti, sub, h, j,
                                      min(hi, j + step))
    return grad


def _central(spec: NetworkSpec, params: ParamLayout, thetas: np.ndarray, x: np.ndarray,
             t: np.ndarray, masks: dict[int, np.ndarray], h: float, lo: int, hi: int) -> np.ndarray:
    """(M, P) central differences for trainable parameters lo..hi−1 (zeros elsewhere)."""
    m, size = thetas.shape
    train = params.trainable[lo:hi]
    n = len(train)
    stack = np.repeat(thetas[:, None, :], 2 * n, axis=1)
    rows = np.arange(n)
    stack[:, rows, train] += h
    stack[:, n + rows, train] -= h
    if x.ndim == 3:
        x, t = x[:, None], t[:, None]
        masks = {l: (v[:, None] if v.ndim == 3 else v) for l, v in masks.items()}
    layers = forward_all(spec, params, stack, x, masks or None)
    z, a = layers[-1]
    values = losses.terms(spec.loss, a, z, np.broadcast_to(t, a.shape)).sum(axis=(-2, -1))
    if spec.l1:
        values = values + spec.l1 * np.abs(stack[:, :, params.trainable]).sum(axis=-1)
    grad = np.zeros((m, size))
    grad[:, train] = (values[:, :n] - values[:, n:]) / (2 * h)
    return grad
