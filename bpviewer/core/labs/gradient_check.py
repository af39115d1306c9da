"""Central differences against backprop, parameter by parameter, for a small network.

Takes plain inputs (weights W[l][to][from], biases, activation and loss names, data) so
any network — a preset here, or the main window's — can be checked. Backprop is torch
autograd in float64; the numeric gradient perturbs one parameter at a time by ±h. The
sweep over h shows both failure modes: truncation error (∝ h²) for large h and
round-off (∝ ε/h) for tiny h.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from ..session import Session
from ..texts import N_, tr
from .table import Table, table

DEFAULT_H = 1e-4
SWEEP_HS = tuple(10.0 ** -k for k in range(1, 13))
ACTIVATIONS = ("identity", "sigmoid", "tanh", "relu", "leaky_relu", "softmax")
LOSSES = ("sse_half", "mse", "mae", "smooth_l1", "bce", "cross_entropy")


@dataclass(frozen=True)
class Network:
    """A fully connected network in torch nn.Linear layout, with its data and loss."""

    label: str
    weights: tuple[np.ndarray, ...]  # [l] (to, from)
    biases: tuple[np.ndarray, ...]  # [l] (to,)
    activations: tuple[str, ...]
    loss: str
    inputs: np.ndarray  # (n, in)
    targets: np.ndarray  # (n, out), or (n,) class indices for cross-entropy
    slope: float = 0.01
    l1: tuple[float, ...] = ()  # λ per tensor W1, b1, W2, …: loss + Σ λ·Σ|p| (0 = no term)


def network(label: str, weights: Sequence, biases: Sequence, activations: Sequence[str],
            loss: str, inputs: Sequence, targets: Sequence, slope: float = 0.01,
            l1: Sequence[float] = ()) -> Network:
    """A Network from nested lists, checked for shapes and names."""
    ws = tuple(np.array(w, dtype=np.float64, ndmin=2) for w in weights)
    bs = tuple(np.array(b, dtype=np.float64).reshape(-1) for b in biases)
    x = np.array(inputs, dtype=np.float64, ndmin=2)
    t = np.array(targets, dtype=np.float64)
    if not len(ws) == len(bs) == len(activations):
        raise ValueError("need one weight matrix, bias vector and activation per layer")
    width = x.shape[1]
    for l, (w, b) in enumerate(zip(ws, bs, strict=True), start=1):
        if w.shape[1] != width or b.shape != (w.shape[0],):
            raise ValueError(f"layer {l}: weights {w.shape} and biases {b.shape} do not fit "
                             f"{width} inputs")
        width = w.shape[0]
    unknown = [a for a in activations if a not in ACTIVATIONS]
    if unknown or loss not in LOSSES:
        raise ValueError(f"unknown activation or loss: {unknown or loss}")
    if l1 and len(l1) != 2 * len(ws):
        raise ValueError("need one L1 λ per weight matrix and bias vector")
    return Network(label, ws, bs, tuple(activations), loss, x, t, slope,
                   tuple(float(v) for v in l1))


def session_network(session: Session) -> Network:
    """The window's network as its cursor shows it: the weights before this iteration's
    update, on this iteration's batch (the whole training set at iteration 0), with its
    L1 term on trainable parameters; dropout is left out (evaluation mode)."""
    spec, layout = session.spec, session.params
    theta = session.params_shown()
    record = session.record
    if record is None:
        x, t = session.trainer.x, session.trainer.t
    else:
        x, t = record.inputs, session.trainer.t[record.indices]
    layers = range(1, len(spec.layers))
    l1 = [spec.l1 if spec.is_trainable(kind, l) else 0.0
          for l in layers for kind in ("weight", "bias")] if spec.l1 else []
    without = tr(", without dropout") if spec.dropout and any(spec.dropout) else ""
    return network(tr("current network: {name}, iteration {k}, {n} samples{without}", name=tr(spec.name),
                      k=session.iteration if record else 0, n=len(x), without=without),
                   [layout.weights(theta, l) for l in layers],
                   [layout.biases(theta, l) for l in layers], spec.activations, spec.loss,
                   x, t, spec.leaky_relu_slope, l1)


def _activate(name: str, z: torch.Tensor, slope: float) -> torch.Tensor:
    if name == "sigmoid":
        return torch.sigmoid(z)
    if name == "tanh":
        return torch.tanh(z)
    if name == "relu":
        return torch.relu(z)
    if name == "leaky_relu":
        return F.leaky_relu(z, slope)
    if name == "softmax":
        return torch.softmax(z, dim=1)
    return z


Dropout = Callable[[int, torch.Tensor], torch.Tensor]  # (hidden layer, a) → a after dropout


def forward(net: Network, params: Sequence[torch.Tensor], inputs: torch.Tensor,
            dropout: Dropout | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """The last layer's z and a; `dropout` is applied to each hidden layer's a (1-based)."""
    a = z = inputs
    last = len(net.activations)
    for l, name in enumerate(net.activations, start=1):
        z = a @ params[2 * l - 2].T + params[2 * l - 1]
        a = _activate(name, z, net.slope)
        if dropout is not None and l < last:
            a = dropout(l, a)
    return z, a


def tensors(net: Network) -> list[torch.Tensor]:
    """W1, b1, W2, b2, … as float64 tensors."""
    return [torch.tensor(p) for w, b in zip(net.weights, net.biases, strict=True) for p in (w, b)]


def _loss(net: Network, params: Sequence[torch.Tensor]) -> torch.Tensor:
    z, a = forward(net, params, torch.as_tensor(net.inputs))
    loss = _data_loss(net.loss, z, a, torch.as_tensor(net.targets))
    for lam, p in zip(net.l1, params, strict=False):
        if lam:
            loss = loss + lam * p.abs().sum()
    return loss


def _data_loss(name: str, z: torch.Tensor, a: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    if name == "cross_entropy":
        return F.cross_entropy(z, t.long() if t.ndim == 1 else t)
    t = t.reshape(a.shape)
    if name == "sse_half":
        return 0.5 * ((t - a) ** 2).sum()
    if name == "mse":
        return F.mse_loss(a, t)
    if name == "mae":
        return F.l1_loss(a, t)
    if name == "smooth_l1":
        return F.smooth_l1_loss(a, t)
    return F.binary_cross_entropy(a, t)


def loss_value(net: Network) -> float:
    with torch.no_grad():
        return _loss(net, tensors(net)).item()


def backprop(net: Network) -> list[np.ndarray]:
    """∂L/∂W1, ∂L/∂b1, ∂L/∂W2, … by torch autograd."""
    params = [p.requires_grad_() for p in tensors(net)]
    _loss(net, params).backward()
    return [p.grad.numpy() for p in params]


def numeric(net: Network, h: float = DEFAULT_H) -> list[np.ndarray]:
    """(L(θ + h·e_i) − L(θ − h·e_i)) / 2h for every parameter θ_i."""
    params = tensors(net)
    out = []
    with torch.no_grad():
        for p in params:
            grad = torch.zeros_like(p)
            flat, gflat = p.view(-1), grad.view(-1)
            for i in range(flat.numel()):
                old = flat[i].item()
                flat[i] = old + h
                plus = _loss(net, params).item()
                flat[i] = old - h
                minus = _loss(net, params).item()
                flat[i] = old
                gflat[i] = (plus - minus) / (2 * h)
            out.append(grad.numpy())
    return out


def relative_error(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """|a − b| / max(|a|, |b|), and 0 where both are 0."""
    scale = np.maximum(np.abs(a), np.abs(b))
    return np.divide(np.abs(a - b), scale, out=np.zeros_like(scale), where=scale > 0)


ZERO_TOL = 1e-10  # below this both gradients are 0 up to round-off: relative error means nothing


def verdict(rel: float, diff: float = float("inf")) -> str:
    """The usual reading of a relative error in float64 (diff = |backprop − numeric|)."""
    if rel < 1e-7:
        return N_("agrees")
    if diff < ZERO_TOL:
        return N_("agrees (≈ 0)")
    if rel < 1e-4:
        return N_("suspicious")
    return N_("wrong")


@dataclass(frozen=True)
class ParamCheck:
    name: str  # history.csv's column name: w{layer}_{to}_{from}, b{layer}_{to}
    value: float
    backprop: float
    numeric: float
    rel_error: float


@dataclass(frozen=True)
class GradCheck:
    h: float
    loss: float
    params: tuple[ParamCheck, ...]

    @property
    def max_rel_error(self) -> float:
        return max(p.rel_error for p in self.params)

    def table(self) -> Table:
        rows = [(p.name, p.value, p.backprop, p.numeric, p.rel_error,
                 verdict(p.rel_error, abs(p.backprop - p.numeric))) for p in self.params]
        return table((N_("parameter"), N_("value"), N_("backprop"), N_("numeric"), N_("relative error"),
                      N_("verdict")),
                     rows)


def _names(net: Network) -> list[str]:
    names = []
    for l, w in enumerate(net.weights, start=1):
        names += [f"w{l}_{i + 1}_{j + 1}" for i in range(w.shape[0]) for j in range(w.shape[1])]
        names += [f"b{l}_{i + 1}" for i in range(w.shape[0])]
    return names


def check(net: Network, h: float = DEFAULT_H) -> GradCheck:
    """Backprop and numeric gradient side by side for every parameter."""
    if not h > 0:
        raise ValueError(tr("h must be positive"))
    values = np.concatenate([p.reshape(-1) for p in tensors(net)])
    bp = np.concatenate([g.reshape(-1) for g in backprop(net)])
    nu = np.concatenate([g.reshape(-1) for g in numeric(net, h)])
    rel = relative_error(bp, nu)
    rows = tuple(ParamCheck(*row) for row in zip(_names(net), values.tolist(), bp.tolist(),
                                                 nu.tolist(), rel.tolist(), strict=True))
    return GradCheck(h, loss_value(net), rows)


def sweep(net: Network, hs: Sequence[float] = SWEEP_HS) -> np.ndarray:
    """Max relative error over all parameters for each h."""
    bp = np.concatenate([g.reshape(-1) for g in backprop(net)])
    out = []
    for h in hs:
        nu = np.concatenate([g.reshape(-1) for g in numeric(net, h)])
        out.append(relative_error(bp, nu).max())
    return np.array(out)


def _seeded(shape: tuple[int, ...], gen: torch.Generator, scale: float) -> np.ndarray:
    return (scale * torch.randn(shape, dtype=torch.float64, generator=gen)).numpy()


def _softmax_classifier() -> Network:
    """The notes' two-layer net (affine → sigmoid → affine → softmax with loss), small."""
    gen = torch.Generator().manual_seed(0)
    n, d, hidden, classes = 6, 4, 5, 3
    return network(N_("two-layer softmax classifier 4-5-3 (notes)"),
                   [_seeded((hidden, d), gen, 0.5), _seeded((classes, hidden), gen, 0.5)],
                   [_seeded((hidden,), gen, 0.1), _seeded((classes,), gen, 0.1)],
                   ["sigmoid", "softmax"], "cross_entropy", _seeded((n, d), gen, 1.0),
                   torch.randint(0, classes, (n,), generator=gen).numpy())


def _xor() -> Network:
    gen = torch.Generator().manual_seed(1)
    sizes = (2, 3, 2, 1)
    return network(N_("XOR 2-3-2-1 sigmoid, BCE (notes)"),
                   [_seeded((b, a), gen, 1.0) for a, b in zip(sizes[:-1], sizes[1:], strict=True)],
                   [_seeded((b,), gen, 0.5) for b in sizes[1:]],
                   ["sigmoid"] * 3, "bce", [[0, 0], [0, 1], [1, 0], [1, 1]],
                   [[0], [1], [1], [0]])


PRESETS = (
    network(N_("Mazur 2-2-2 sigmoid, ½Σ(t − o)² (worked example)"),
            [[[0.15, 0.20], [0.25, 0.30]], [[0.40, 0.45], [0.50, 0.55]]],
            [[0.35, 0.35], [0.60, 0.60]], ["sigmoid", "sigmoid"], "sse_half",
            [[0.05, 0.10]], [[0.01, 0.99]]),
    _softmax_classifier(),
    _xor(),
)
