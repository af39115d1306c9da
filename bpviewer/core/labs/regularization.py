"""Regularization demos: dropout's mask, L1 against L2 on weights, batch norm step by step.

Dropout masks come from torch's own F.dropout under a fixed seed. The L1/L2 runs train
one seeded network three ways from the same start and keep every epoch's weights.
Batch norm is written out formula by formula (biased variance as BatchNorm1d uses in
training) and set beside torch's BatchNorm1d autograd.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from ..texts import N_, tr
from .gradient_check import Network, forward, tensors
from .table import Table, table

# --- dropout -----------------------------------------------------------------------------

DROPOUT_P = 0.5


def _hidden_activations(width: int = 12, seed: int = 0) -> torch.Tensor:
    gen = torch.Generator().manual_seed(seed)
    return torch.sigmoid(2.0 * torch.randn(width, dtype=torch.float64, generator=gen))


@dataclass(frozen=True)
class DropoutDraw:
    p: float
    draw: int  # seed of this draw
    x: np.ndarray  # the layer's activations
    mask: np.ndarray  # 1 kept, 0 dropped
    train: np.ndarray  # F.dropout in training mode: x·mask / (1 − p)
    eval: np.ndarray  # F.dropout in evaluation mode: x unchanged
    mean_train: np.ndarray  # average of train over draws 0..draw: → x, why survivors are scaled

    def table(self) -> Table:
        rows = [(i + 1, *v) for i, v in
                enumerate(zip(self.x, self.mask, self.train, self.eval, self.mean_train,
                              strict=True))]
        return table((N_("neuron"), "a", "mask", N_("train: a·mask/(1−p)"), N_("eval: a"),
                      N_("mean of train over the draws")), rows)


def _dropout(x: torch.Tensor, p: float, seed: int) -> torch.Tensor:
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return F.dropout(x, p, training=True)


def dropout(p: float = DROPOUT_P, draw: int = 0, width: int = 12) -> DropoutDraw:
    """Draw number `draw` of torch's dropout on a fixed layer of activations."""
    if not 0 <= p < 1:
        raise ValueError(tr("p must be in [0, 1)"))
    x = _hidden_activations(width)
    mask = (_dropout(torch.ones_like(x), p, draw) != 0).to(torch.float64)
    train = _dropout(x, p, draw)
    mean = torch.stack([_dropout(x, p, d) for d in range(draw + 1)]).mean(dim=0)
    return DropoutDraw(p, draw, x.numpy(), mask.numpy(), train.numpy(),
                       F.dropout(x, p, training=False).numpy(), mean.numpy())


@dataclass(frozen=True)
class NetworkDropout:
    """One dropout draw on a whole network for one sample: what the graph shows."""

    layers: tuple[int, ...]  # neurons per layer, inputs first
    p: float
    draw: int
    masks: tuple[np.ndarray, ...]  # per hidden layer: 1 kept, 0 dropped
    train: tuple[np.ndarray, ...]  # per layer after the inputs: a with these masks, × 1/(1 − p)
    eval: tuple[np.ndarray, ...]  # the same sample in evaluation mode: no dropout

    @property
    def train_output(self) -> np.ndarray:
        return self.train[-1]

    @property
    def eval_output(self) -> np.ndarray:
        return self.eval[-1]

    def table(self) -> Table:
        masks = [*self.masks, None]  # the output layer has no mask
        rows = [(l, k + 1, None if mask is None else mask[k], train[k], evaluation[k])
                for l, (mask, train, evaluation) in
                enumerate(zip(masks, self.train, self.eval, strict=True), start=1)
                for k in range(len(train))]
        return table((N_("layer"), N_("neuron"), "mask", N_("a training"), N_("a evaluation")), rows)


def network_dropout(net: Network, p: float = DROPOUT_P, draw: int = 0,
                    sample: int = 0) -> NetworkDropout:
    """torch's F.dropout after every hidden layer of `net` on one sample, seeded by the
    draw and the layer, against the same forward pass in evaluation mode."""
    if not 0 <= p < 1:
        raise ValueError(tr("p must be in [0, 1)"))
    params = tensors(net)
    x = torch.as_tensor(net.inputs[sample: sample + 1])
    masks: list[np.ndarray] = []
    train: list[np.ndarray] = []
    evaluation: list[np.ndarray] = []

    def drop(layer: int, a: torch.Tensor) -> torch.Tensor:
        seed = draw * len(net.weights) + layer
        masks.append((_dropout(torch.ones_like(a[0]), p, seed) != 0).to(torch.float64).numpy())
        a = _dropout(a, p, seed)
        train.append(a[0].numpy())
        return a

    def keep(layer: int, a: torch.Tensor) -> torch.Tensor:
        evaluation.append(a[0].numpy())
        return a

    with torch.no_grad():
        train.append(forward(net, params, x, drop)[1][0].numpy())
        evaluation.append(forward(net, params, x, keep)[1][0].numpy())
    layers = (net.inputs.shape[1], *(w.shape[0] for w in net.weights))
    return NetworkDropout(layers, p, draw, tuple(masks), tuple(train), tuple(evaluation))


# --- L1 against L2 -----------------------------------------------------------------------

@dataclass(frozen=True)
class PenaltyRun:
    label: str
    weights: np.ndarray  # (epochs + 1, n_weights): every weight (not bias) after each epoch
    losses: np.ndarray  # (epochs,) data loss at the start of each epoch


@dataclass(frozen=True)
class PenaltySettings:
    epochs: int = 200
    lr: float = 0.1
    l1: float = 0.03  # λ in loss + λ·Σ|p|
    weight_decay: float = 0.1  # SGD's weight_decay (L2)
    seed: int = 0


def penalty_data(seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """64 samples of 8 features where only the first two matter."""
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(64, 8, dtype=torch.float64, generator=gen)
    noise = 0.1 * torch.randn(64, 1, dtype=torch.float64, generator=gen)
    return x, torch.tanh(x[:, :1] - 2.0 * x[:, 1:2]) + noise


def penalty_init(seed: int) -> list[torch.Tensor]:
    gen = torch.Generator().manual_seed(seed + 1)
    shapes = [(16, 8), (16,), (1, 16), (1,)]
    return [0.5 * torch.randn(s, dtype=torch.float64, generator=gen) for s in shapes]


def penalty_forward(params: list[torch.Tensor], x: torch.Tensor) -> torch.Tensor:
    return torch.tanh(x @ params[0].T + params[1]) @ params[2].T + params[3]


def _train(label: str, settings: PenaltySettings, l1: float, weight_decay: float) -> PenaltyRun:
    x, t = penalty_data(settings.seed)
    params = [p.requires_grad_() for p in penalty_init(settings.seed)]
    optimizer = torch.optim.SGD(params, lr=settings.lr, weight_decay=weight_decay)
    snapshots, losses = [], []
    for _ in range(settings.epochs):
        snapshots.append(torch.cat([params[0].detach().reshape(-1), params[2].detach().reshape(-1)]))
        optimizer.zero_grad()
        data_loss = F.mse_loss(penalty_forward(params, x), t)
        loss = data_loss + l1 * sum(p.abs().sum() for p in params) if l1 else data_loss
        loss.backward()
        optimizer.step()
        losses.append(data_loss.item())
    snapshots.append(torch.cat([params[0].detach().reshape(-1), params[2].detach().reshape(-1)]))
    return PenaltyRun(label, torch.stack(snapshots).numpy(), np.array(losses))


@functools.cache
def penalty_runs(settings: PenaltySettings = PenaltySettings()) -> tuple[PenaltyRun, ...]:
    """The same seeded 8-16-1 tanh network trained with no penalty, with L1, with L2
    (computed once per settings: a few seconds of training)."""
    return (_train(N_("no penalty"), settings, 0.0, 0.0),
            _train(f"L1 λ = {settings.l1:g}", settings, settings.l1, 0.0),
            _train(f"L2 weight_decay = {settings.weight_decay:g}", settings, 0.0,
                   settings.weight_decay))


def histogram_edges(runs: tuple[PenaltyRun, ...], bins: int = 40) -> np.ndarray:
    """Common bin edges over every run and epoch, so the x axis stays put while scrubbing."""
    m = max(float(np.abs(r.weights).max()) for r in runs)
    return np.linspace(-m, m, bins + 1)


NEAR_ZERO = 0.01
SHARE_NEAR_ZERO = N_("share |w| < 0.01")  # the column of NEAR_ZERO


def penalty_table(runs: tuple[PenaltyRun, ...], epoch: int) -> Table:
    rows = []
    for r in runs:
        w = r.weights[epoch]
        loss = r.losses[epoch] if epoch < len(r.losses) else r.losses[-1]
        rows.append((r.label, epoch, loss, float(np.sqrt((w * w).sum())), float(np.abs(w).sum()),
                     float(np.mean(np.abs(w) < NEAR_ZERO))))
    return table((N_("run"), N_("epoch"), N_("data loss (MSE)"), "‖w‖₂", "Σ|w|", SHARE_NEAR_ZERO),
                 rows)


# --- batch normalization -----------------------------------------------------------------

BN_EPS = 1e-5
BN_MOMENTUM = 0.1

BN_STEPS = (  # (title, formula), shown in the interface language
    (N_("mini-batch x"), N_("x: N samples × C features")),
    (N_("mean"), "μ_c = (1/N) Σᵢ x_ic"),
    (N_("variance (biased)"), N_("σ²_c = (1/N) Σᵢ (x_ic − μ_c)²   (÷N as BatchNorm1d in training)")),
    (N_("standardize"), "ẑ_ic = (x_ic − μ_c) / √(σ²_c + ε),  ε = 1e-5"),
    (N_("scale and shift"), "y_ic = γ_c·ẑ_ic + β_c"),
    (N_("upstream gradient"), N_("g_ic = ∂L/∂y_ic  (L = Σ r_ic·y_ic, so g = r)")),
    (N_("∂L/∂β and ∂L/∂γ"), N_("∂L/∂β_c = Σᵢ g_ic,   ∂L/∂γ_c = Σᵢ g_ic·ẑ_ic   (torch alongside)")),
    ("∂L/∂x", "∂L/∂x_ic = γ_c / (N√(σ²_c + ε)) · (N·g_ic − Σⱼ g_jc − ẑ_ic·Σⱼ g_jc·ẑ_jc)"),
    (N_("running statistics"), N_("running = (1 − 0.1)·running + 0.1·batch  (variance ÷(N − 1) here)")),
)


@dataclass(frozen=True)
class BatchNorm:
    x: np.ndarray  # (N, C)
    gamma: np.ndarray
    beta: np.ndarray
    eps: float
    mean: np.ndarray
    var: np.ndarray  # biased
    xhat: np.ndarray
    y: np.ndarray
    upstream: np.ndarray  # ∂L/∂y
    dgamma: np.ndarray
    dbeta: np.ndarray
    dx: np.ndarray
    running_mean: np.ndarray  # after this step, from 0 with momentum 0.1
    running_var: np.ndarray  # from 1, with the unbiased batch variance
    torch_y: np.ndarray
    torch_dgamma: np.ndarray
    torch_dbeta: np.ndarray
    torch_dx: np.ndarray
    torch_running_mean: np.ndarray
    torch_running_var: np.ndarray

    def table(self, steps: int = len(BN_STEPS)) -> Table:
        """Rows of the first `steps` steps, one column per feature."""
        n, c = self.x.shape
        blocks: list[list[tuple]] = [
            [(f"x[{i + 1}]", *self.x[i]) for i in range(n)],
            [("μ", *self.mean)],
            [(N_("σ² (biased)"), *self.var)],
            [(f"ẑ[{i + 1}]", *self.xhat[i]) for i in range(n)],
            [("γ", *self.gamma), ("β", *self.beta)] + [(f"y[{i + 1}]", *self.y[i]) for i in range(n)]
            + [(f"torch y[{i + 1}]", *self.torch_y[i]) for i in range(n)],
            [(f"∂L/∂y[{i + 1}]", *self.upstream[i]) for i in range(n)],
            [("∂L/∂β", *self.dbeta), ("torch ∂L/∂β", *self.torch_dbeta),
             ("∂L/∂γ", *self.dgamma), ("torch ∂L/∂γ", *self.torch_dgamma)],
            [(f"∂L/∂x[{i + 1}]", *self.dx[i]) for i in range(n)]
            + [(f"torch ∂L/∂x[{i + 1}]", *self.torch_dx[i]) for i in range(n)],
            [(N_("running mean"), *self.running_mean), ("torch running_mean", *self.torch_running_mean),
             (N_("running var"), *self.running_var), ("torch running_var", *self.torch_running_var)],
        ]
        rows = [row for block in blocks[:steps] for row in block]
        return table((N_("quantity"), *(f"c = {k + 1}" for k in range(c))), rows)


def _bn_inputs(seed: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    gen = torch.Generator().manual_seed(seed)
    x = 5.0 + 2.0 * torch.randn(4, 3, dtype=torch.float64, generator=gen)
    upstream = torch.randn(4, 3, dtype=torch.float64, generator=gen)
    gamma = torch.tensor([1.0, 1.5, 0.5], dtype=torch.float64)
    beta = torch.tensor([0.0, 0.5, -1.0], dtype=torch.float64)
    return x, gamma, beta, upstream


@functools.cache
def batchnorm(seed: int = 0, eps: float = BN_EPS) -> BatchNorm:
    """One training-mode batch-norm step on a seeded 4×3 mini-batch, by hand and by torch."""
    x, gamma, beta, g = _bn_inputs(seed)
    n = x.shape[0]
    mean = x.mean(dim=0)
    var = ((x - mean) ** 2).mean(dim=0)
    inv_std = 1.0 / torch.sqrt(var + eps)
    xhat = (x - mean) * inv_std
    y = gamma * xhat + beta
    dbeta = g.sum(dim=0)
    dgamma = (g * xhat).sum(dim=0)
    dx = gamma * inv_std / n * (n * g - dbeta - xhat * dgamma)
    running_mean = BN_MOMENTUM * mean
    running_var = (1 - BN_MOMENTUM) + BN_MOMENTUM * var * n / (n - 1)

    bn = torch.nn.BatchNorm1d(x.shape[1], eps=eps, momentum=BN_MOMENTUM, dtype=torch.float64)
    with torch.no_grad():
        bn.weight.copy_(gamma)
        bn.bias.copy_(beta)
    xt = x.clone().requires_grad_()
    bn.train()
    yt = bn(xt)
    (yt * g).sum().backward()
    return BatchNorm(x.numpy(), gamma.numpy(), beta.numpy(), eps, mean.numpy(), var.numpy(),
                     xhat.numpy(), y.numpy(), g.numpy(), dgamma.numpy(), dbeta.numpy(), dx.numpy(),
                     running_mean.numpy(), running_var.numpy(), yt.detach().numpy(),
                     bn.weight.grad.numpy(), bn.bias.grad.numpy(), xt.grad.numpy(),
                     bn.running_mean.numpy(), bn.running_var.numpy())
