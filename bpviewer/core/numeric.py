"""Central-difference gradients, a third opinion beside the trace and autograd.

All ±h perturbations of all trainable parameters are evaluated as one stack of
networks, so the cost is a few numpy calls per iteration rather than 2P passes.
"""

from __future__ import annotations

import numpy as np

from . import losses
from .forward import forward_all
from .params import ParamLayout
from .spec import NetworkSpec

DEFAULT_H = 1e-4


def numeric_gradient(spec: NetworkSpec, params: ParamLayout, thetas: np.ndarray, x: np.ndarray,
                     t: np.ndarray, masks: dict[int, np.ndarray] | None = None,
                     h: float = DEFAULT_H) -> np.ndarray:
    """Gradient of the total loss (data loss + L1) at each of M parameter vectors.

    thetas (M, P); x (M, b, in) or (b, in); t likewise; masks {layer: (M, b, n) or (b, n)}.
    Returns (M, P) with zeros for frozen parameters.
    """
    thetas = np.asarray(thetas, np.float64)
    m, size = thetas.shape
    train = params.trainable
    k = len(train)
    stack = np.repeat(thetas[:, None, :], 2 * k, axis=1)
    rows = np.arange(k)
    stack[:, rows, train] += h
    stack[:, k + rows, train] -= h
    x = np.asarray(x, np.float64)
    t = np.asarray(t, np.float64)
    if x.ndim == 3:
        x, t = x[:, None], t[:, None]
    stacked_masks = None
    if masks:
        stacked_masks = {l: (v[:, None] if v.ndim == 3 else v) for l, v in masks.items()}
    layers = forward_all(spec, params, stack, x, stacked_masks)
    z, a = layers[-1]
    t = np.broadcast_to(t, a.shape)
    values = losses.terms(spec.loss, a, z, t).sum(axis=(-2, -1))
    if spec.l1:
        values = values + spec.l1 * np.abs(stack[:, :, train]).sum(axis=-1)
    grad = np.zeros((m, size))
    grad[:, train] = (values[:, :k] - values[:, k:]) / (2 * h)
    return grad
