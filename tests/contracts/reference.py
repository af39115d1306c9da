"""Training a bpviewer network file in torch, from the file alone.

Nothing here imports bpviewer: the batches come from the README's shuffle convention
(`numpy.random.default_rng([seed, epoch]).permutation(n)`, epochs counted from 0), the dropout
masks from its mask convention (`default_rng([seed, iteration, layer]).random((batch, width))`,
kept where ≥ p, survivors × 1/(1 − p)), every derivative from torch.autograd, every update from
torch.optim and torch.optim.lr_scheduler. A wrong shuffle, mask, scale or index in bpviewer
therefore shows as a difference instead of being copied into the expectation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F

DT = torch.float64

ACTIVATIONS = {
    "identity": lambda z, slope: z,
    "sigmoid": lambda z, slope: torch.sigmoid(z),
    "tanh": lambda z, slope: torch.tanh(z),
    "relu": lambda z, slope: torch.relu(z),
    "leaky_relu": lambda z, slope: F.leaky_relu(z, slope),
    "softmax": lambda z, slope: torch.softmax(z, dim=1),
}

OPTIMIZERS = {"sgd": torch.optim.SGD, "adagrad": torch.optim.Adagrad, "rmsprop": torch.optim.RMSprop,
              "adam": torch.optim.Adam, "adamw": torch.optim.AdamW}

SCHEDULERS = {"step": torch.optim.lr_scheduler.StepLR,
              "multistep": torch.optim.lr_scheduler.MultiStepLR,
              "exponential": torch.optim.lr_scheduler.ExponentialLR}


def loss_terms(name: str, a: torch.Tensor, z: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """Each output's share of torch's loss (mean reductions divide by the element count)."""
    count = a.numel()
    if name == "sse_half":
        return 0.5 * (t - a) ** 2
    if name == "mse":
        return F.mse_loss(a, t, reduction="none") / count
    if name == "mae":
        return F.l1_loss(a, t, reduction="none") / count
    if name == "smooth_l1":
        return F.smooth_l1_loss(a, t, reduction="none") / count
    if name == "bce":
        return F.binary_cross_entropy(a, t, reduction="none") / count
    return -(t * F.log_softmax(z, dim=1)) / z.shape[0]


def torch_loss(name: str, a: torch.Tensor, z: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """The loss exactly as torch reduces it (used for the backward pass)."""
    if name == "sse_half":
        return 0.5 * ((t - a) ** 2).sum()
    if name == "mse":
        return F.mse_loss(a, t)
    if name == "mae":
        return F.l1_loss(a, t)
    if name == "smooth_l1":
        return F.smooth_l1_loss(a, t)
    if name == "bce":
        return F.binary_cross_entropy(a, t)
    return F.cross_entropy(z, t)


@dataclass
class Param:
    """One scalar parameter with the CSV's 1-based coordinates."""

    kind: str
    layer: int
    to: int
    source: int | None
    trainable: bool

    @property
    def column(self) -> str:
        if self.kind == "weight":
            return f"w{self.layer}_{self.to}_{self.source}"
        return f"b{self.layer}_{self.to}"

    @property
    def key(self) -> tuple:
        return (self.kind, self.layer, self.to, self.source)


@dataclass
class Step:
    """What torch computed in one iteration; per-layer lists are indexed by layer − 1."""

    iteration: int
    indices: np.ndarray
    inputs: np.ndarray
    z: list[np.ndarray]
    a: list[np.ndarray]
    layer_inputs: list[np.ndarray]
    upstream: list[np.ndarray | None]
    act_grad: list[np.ndarray | None]
    delta: list[np.ndarray]
    terms: np.ndarray
    targets: np.ndarray
    data_loss: float
    loss: float
    lr: float
    before: dict[tuple, float]
    grad: dict[tuple, float]
    after: dict[tuple, float] = field(default_factory=dict)
    numeric: dict[tuple, float] = field(default_factory=dict)


class TorchTraining:
    """A network file (dict with explicit weights and inline data) trained in torch."""

    def __init__(self, net: dict) -> None:
        self.net = net
        self.layers = net["layers"]
        self.acts = net["activations"]
        self.slope = net.get("leaky_relu_slope", 0.01)
        self.seed = net.get("seed", 0)
        self.x = torch.tensor(net["data"]["inputs"], dtype=DT)
        targets = net["data"]["targets"]
        targets = [t if isinstance(t, list) else [t] for t in targets]
        if net["loss"] == "cross_entropy" and len(targets[0]) == 1 and self.layers[-1] > 1:
            targets = np.eye(self.layers[-1])[[int(t[0]) for t in targets]]
        self.t = torch.tensor(np.asarray(targets, float), dtype=DT)
        self.n = len(self.x)
        self.batch = min(net.get("batch_size") or self.n, self.n)
        self.batches_per_epoch = math.ceil(self.n / self.batch)
        frozen = set(net.get("frozen_layers", []))
        train_biases = net.get("train_biases", True)
        self.weights, self.biases, self.params = [], [], []
        for l in range(1, len(self.layers)):
            w = torch.tensor(net["weights"][l - 1], dtype=DT)
            b = torch.tensor(net["biases"][l - 1], dtype=DT)
            w.requires_grad_(l not in frozen)
            b.requires_grad_(l not in frozen and train_biases)
            self.weights.append(w)
            self.biases.append(b)
            for to in range(1, self.layers[l] + 1):
                for source in range(1, self.layers[l - 1] + 1):
                    self.params.append(Param("weight", l, to, source, w.requires_grad))
            for to in range(1, self.layers[l] + 1):
                self.params.append(Param("bias", l, to, None, b.requires_grad))
        self.tensors = [p for wb in zip(self.weights, self.biases, strict=True) for p in wb]
        self.trainable = [p for p in self.tensors if p.requires_grad]
        kwargs = {k: v for k, v in net.get("optimizer", {"name": "sgd", "lr": 0.1}).items() if k != "name"}
        if "betas" in kwargs:
            kwargs["betas"] = tuple(kwargs["betas"])
        self.opt = OPTIMIZERS[net.get("optimizer", {"name": "sgd"})["name"]](self.trainable, **kwargs)
        sched = net.get("scheduler")
        self.sched = None
        if sched:
            kwargs = {k: v for k, v in sched.items() if k != "name"}
            self.sched = SCHEDULERS[sched["name"]](self.opt, **kwargs)
        self.l1 = net.get("l1", 0.0)
        self.dropout = net.get("dropout") or []
        self.iteration = 0

    # -- the conventions the README fixes ---------------------------------------------
    def batch_indices(self, iteration: int) -> np.ndarray:
        epoch, j = divmod(iteration - 1, self.batches_per_epoch)
        if self.net.get("shuffle", False):
            order = np.random.default_rng([self.seed, epoch]).permutation(self.n)
        else:
            order = np.arange(self.n)
        return order[j * self.batch:(j + 1) * self.batch]

    def mask(self, iteration: int, layer: int, shape: tuple[int, int]) -> torch.Tensor | None:
        p = self.dropout[layer - 1] if layer - 1 < len(self.dropout) else 0.0
        if not p:
            return None
        keep = np.random.default_rng([self.seed, iteration, layer]).random(shape) >= p
        return torch.tensor(keep, dtype=DT) / (1.0 - p)

    # -- one iteration -------------------------------------------------------------------
    def _flat(self, tensors_of: str) -> dict[tuple, float]:
        values = []
        for w, b in zip(self.weights, self.biases, strict=True):
            for p in (w, b):
                src = p if tensors_of == "value" else p.grad
                values += [0.0] * p.numel() if src is None else src.detach().reshape(-1).tolist()
        return {param.key: v for param, v in zip(self.params, values, strict=True)}

    def _forward(self, x, masks, weights=None, biases=None):
        weights = weights or self.weights
        biases = biases or self.biases
        zs, outs, layer_inputs = [], [], [x]
        a_in = x
        for l in range(1, len(self.layers)):
            z = a_in @ weights[l - 1].T + biases[l - 1]
            a = ACTIVATIONS[self.acts[l - 1]](z, self.slope)
            zs.append(z)
            outs.append(a)
            a_in = a * masks[l - 1] if masks[l - 1] is not None else a
            layer_inputs.append(a_in)
        return zs, outs, layer_inputs

    def _total(self, zs, outs, t, params) -> torch.Tensor:
        loss = torch_loss(self.net["loss"], outs[-1], zs[-1], t)
        if self.l1:
            loss = loss + self.l1 * sum(p.abs().sum() for p in params)
        return loss

    def step(self, numeric_h: float | None = None) -> Step:
        k = self.iteration + 1
        idx = self.batch_indices(k)
        x, t = self.x[idx].clone().requires_grad_(True), self.t[idx]  # δ of frozen layers too
        masks = [self.mask(k, l, (len(idx), self.layers[l])) for l in range(1, len(self.layers))]
        before = self._flat("value")
        self.opt.zero_grad()
        zs, outs, layer_inputs = self._forward(x, masks)
        for v in zs + outs:
            v.retain_grad()
        loss = self._total(zs, outs, t, self.trainable)
        terms = loss_terms(self.net["loss"], outs[-1], zs[-1], t)
        loss.backward()
        upstream, act_grad = [], []
        for l, (z, a) in enumerate(zip(zs, outs, strict=True), start=1):
            act = self.acts[l - 1]
            on_logits = l == len(zs) and self.net["loss"] == "cross_entropy"
            if on_logits:
                upstream.append(z.grad.numpy() if act == "identity" else None)
                act_grad.append(np.ones(z.shape) if act == "identity" else None)
                continue
            upstream.append(a.grad.numpy())
            if act == "softmax":
                act_grad.append(None)
            else:
                zc = z.detach().clone().requires_grad_(True)
                (d,) = torch.autograd.grad(ACTIVATIONS[act](zc, self.slope).sum(), zc)
                act_grad.append(d.numpy())
        lr = self.opt.param_groups[0]["lr"]
        result = Step(
            iteration=k, indices=idx, inputs=x.detach().numpy(),
            z=[z.detach().numpy() for z in zs], a=[a.detach().numpy() for a in outs],
            layer_inputs=[v.detach().numpy() for v in layer_inputs],
            upstream=upstream, act_grad=act_grad, delta=[z.grad.numpy() for z in zs],
            terms=terms.detach().numpy(), targets=t.numpy(),
            data_loss=terms.sum().item(), loss=loss.item(), lr=lr, before=before,
            grad=self._flat("grad"))
        if numeric_h is not None:
            result.numeric = self._numeric(x, t, masks, numeric_h)
        self.opt.step()
        if self.sched and k % self.batches_per_epoch == 0:
            self.sched.step()
        result.after = self._flat("value")
        self.iteration = k
        return result

    def _numeric(self, x, t, masks, h: float) -> dict[tuple, float]:
        """Central differences of the same total loss on the same batch and masks."""
        out = {}
        with torch.no_grad():
            weights = [w.detach().clone() for w in self.weights]
            biases = [b.detach().clone() for b in self.biases]
            for param in self.params:
                if not param.trainable:
                    continue
                group = weights if param.kind == "weight" else biases
                tensor = group[param.layer - 1]
                where = (param.to - 1, param.source - 1) if param.kind == "weight" else (param.to - 1,)
                values = []
                for sign in (1.0, -1.0):
                    original = tensor[where].item()
                    tensor[where] = original + sign * h
                    zs, outs, _ = self._forward(x, masks, weights, biases)
                    trainable = [p for p, q in zip([v for wb in zip(weights, biases, strict=True)
                                                    for v in wb], self.tensors, strict=True)
                                 if q.requires_grad]
                    values.append(self._total(zs, outs, t, trainable).item())
                    tensor[where] = original
                out[param.key] = (values[0] - values[1]) / (2 * h)
        return out

    def run(self, iterations: int, numeric_h: float | None = None) -> list[Step]:
        return [self.step(numeric_h) for _ in range(iterations)]
