"""Evaluation forward passes: no dropout, any number of points, any stack of networks.

Used for decision maps, per-neuron maps and the numeric gradient; training uses the
traced pass in engine.py.
"""

from __future__ import annotations

import numpy as np

from . import activations
from .params import ParamLayout
from .spec import NetworkSpec


def forward_all(spec: NetworkSpec, params: ParamLayout, theta: np.ndarray, x: np.ndarray,
                masks: dict[int, np.ndarray] | None = None) -> list[tuple[np.ndarray, np.ndarray]]:
    """(z, a) for every layer 1..L. theta may carry leading axes (a stack of networks)."""
    out = []
    a_in = x
    for l in range(1, len(spec.layers)):
        w = params.weights(theta, l)
        b = params.biases(theta, l)
        z = a_in @ np.swapaxes(w, -1, -2) + b[..., None, :]
        a = activations.forward(spec.activations[l - 1], z, spec.leaky_relu_slope)
        out.append((z, a))
        a_in = a * masks[l] if masks and l in masks else a
    return out


def predict(spec: NetworkSpec, params: ParamLayout, theta: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Network outputs for points x (n, inputs)."""
    return forward_all(spec, params, theta, x)[-1][1]
