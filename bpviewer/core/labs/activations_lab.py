"""Activations and their derivatives over a range, as the notes plot them side by side.

Each f′ is written in its closed form (σ(1 − σ), 1 − tanh², …) rather than taken from
autograd, so the tests can hold the formula the students read against torch's backward.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from ..texts import N_
from .table import Table, table

NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "identity")
LABELS = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU", "leaky_relu": N_("leaky ReLU"),
          "identity": "identity"}
DEFAULT_SLOPE = 0.1  # the notes' leaky ReLU slope
Z_RANGE = (-10.0, 10.0)
SATURATION_FRACTION = 0.01

FORMULAS = {
    "sigmoid": ("σ(z) = 1 / (1 + e⁻ᶻ)", "σ′(z) = σ(z)·(1 − σ(z))"),
    "tanh": ("tanh(z) = (eᶻ − e⁻ᶻ) / (eᶻ + e⁻ᶻ)", "tanh′(z) = 1 − tanh²(z)"),
    "relu": ("ReLU(z) = max(0, z)", "ReLU′(z) = 1 if z > 0 else 0"),
    "leaky_relu": ("LReLU(z) = z if z > 0 else slope·z", "LReLU′(z) = 1 if z > 0 else slope"),
    "identity": ("id(z) = z", "id′(z) = 1"),
}


def value_and_derivative(name: str, z: torch.Tensor,
                         slope: float = DEFAULT_SLOPE) -> tuple[torch.Tensor, torch.Tensor]:
    """f(z) by torch's own function and f′(z) by the closed form shown to students."""
    if name == "sigmoid":
        s = torch.sigmoid(z)
        return s, s * (1.0 - s)
    if name == "tanh":
        t = torch.tanh(z)
        return t, 1.0 - t * t
    if name == "relu":
        return torch.relu(z), (z > 0).to(z.dtype)
    if name == "leaky_relu":
        one = torch.ones_like(z)
        return F.leaky_relu(z, slope), torch.where(z > 0, one, one * slope)
    if name == "identity":
        return z.clone(), torch.ones_like(z)
    raise ValueError(f"unknown activation {name!r}")


@dataclass(frozen=True)
class Region:
    """An interval of z where learning stalls: f′ tiny ('saturated') or zero ('dead')."""

    lo: float
    hi: float
    kind: str


@dataclass(frozen=True)
class Curve:
    name: str
    z: np.ndarray
    f: np.ndarray
    fprime: np.ndarray
    regions: tuple[Region, ...]


def _regions(z: np.ndarray, fprime: np.ndarray, fraction: float) -> tuple[Region, ...]:
    low = fprime < fraction * fprime.max()
    edges = np.flatnonzero(np.diff(np.concatenate(([0], low.astype(np.int8), [0]))))
    out = []
    for start, stop in zip(edges[::2], edges[1::2], strict=True):
        kind = "dead" if np.all(fprime[start:stop] == 0) else "saturated"
        out.append(Region(float(z[start]), float(z[stop - 1]), kind))
    return tuple(out)


def curve(name: str, slope: float = DEFAULT_SLOPE, points: int = 2001,
          fraction: float = SATURATION_FRACTION) -> Curve:
    """f and f′ over [−10, 10] with the regions where f′ < fraction · max f′."""
    z = torch.linspace(*Z_RANGE, points, dtype=torch.float64)
    f, fp = value_and_derivative(name, z, slope)
    zn, fpn = z.numpy(), fp.numpy()
    return Curve(name, zn, f.numpy(), fpn, _regions(zn, fpn, fraction))


@dataclass(frozen=True)
class Reading:
    name: str
    z: float
    f: float
    fprime: float


def reading(name: str, z: float, slope: float = DEFAULT_SLOPE) -> Reading:
    f, fp = value_and_derivative(name, torch.tensor(float(z), dtype=torch.float64), slope)
    return Reading(name, float(z), float(f), float(fp))


def readings_table(z: float, slope: float = DEFAULT_SLOPE) -> Table:
    """Every activation at one z: what the slider reads out (formulas are shown above it)."""
    rows = []
    for name in NAMES:
        r = reading(name, z, slope)
        rows.append((LABELS[name], r.z, r.f, r.fprime))
    return table((N_("activation"), "z", "f(z)", "f′(z)"), rows)


@dataclass(frozen=True)
class SoftmaxJacobian:
    z: np.ndarray
    p: np.ndarray
    jacobian: np.ndarray  # [i, j] = ∂p_i/∂z_j = p_i(δ_ij − p_j)

    def table(self) -> Table:
        n = len(self.p)
        columns = ("i", "z_i", "p_i", *(f"∂p_i/∂z_{j + 1}" for j in range(n)))
        rows = [(i + 1, self.z[i], self.p[i], *self.jacobian[i]) for i in range(n)]
        return table(columns, rows)


def softmax_jacobian(z: Sequence[float]) -> SoftmaxJacobian:
    """p = softmax(z) by torch; the Jacobian by p_i(δ_ij − p_j), the formula on screen."""
    zt = torch.as_tensor(np.asarray(z, dtype=np.float64)).reshape(-1)
    if zt.numel() == 0:
        raise ValueError("type at least one number")
    p = torch.softmax(zt, dim=0)
    jac = torch.diag(p) - torch.outer(p, p)
    return SoftmaxJacobian(zt.numpy(), p.numpy(), jac.numpy())
