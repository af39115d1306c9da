"""An independent torch implementation of a bpviewer network, for the exactness tests.

Built only from torch modules, torch losses, torch.optim and torch.optim.lr_scheduler —
never from bpviewer's formulas — so agreement means the trace equals autograd.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from bpviewer.core.session import Session

ACT = {
    "identity": lambda z, s: z,
    "sigmoid": lambda z, s: torch.sigmoid(z),
    "tanh": lambda z, s: torch.tanh(z),
    "relu": lambda z, s: torch.relu(z),
    "leaky_relu": lambda z, s: F.leaky_relu(z, s),
    "softmax": lambda z, s: torch.softmax(z, dim=1),
}

OPT = {"sgd": torch.optim.SGD, "adagrad": torch.optim.Adagrad, "rmsprop": torch.optim.RMSprop,
       "adam": torch.optim.Adam, "adamw": torch.optim.AdamW}

STATE_NAMES = {"momentum_buffer": "momentum_buffer", "sum": "sum", "square_avg": "square_avg",
               "grad_avg": "grad_avg", "exp_avg": "exp_avg", "exp_avg_sq": "exp_avg_sq",
               "max_exp_avg_sq": "max_exp_avg_sq"}


def loss_fn(name: str, a, z, t, class_index: bool):
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
    if class_index:
        return F.cross_entropy(z, t.argmax(dim=1))
    return F.cross_entropy(z, t)


class TorchReference:
    """Replays a Session's spec in torch, iteration by iteration, drawing its own batches and
    dropout masks by the README's conventions (so a wrong shuffle or mask scale shows)."""

    def __init__(self, session: Session, dtype=torch.float64) -> None:
        spec = session.spec
        self.spec = spec
        self.session = session
        self.dtype = dtype
        theta = session.history.initial
        P = session.params
        self.layers = []
        for l in range(1, len(spec.layers)):
            lin = torch.nn.Linear(spec.layers[l - 1], spec.layers[l], dtype=dtype)
            with torch.no_grad():
                lin.weight.copy_(torch.tensor(np.array(P.weights(theta, l)), dtype=dtype))
                lin.bias.copy_(torch.tensor(np.array(P.biases(theta, l)), dtype=dtype))
            lin.weight.requires_grad_(spec.is_trainable("weight", l))
            lin.bias.requires_grad_(spec.is_trainable("bias", l))
            self.layers.append(lin)
        self.trainable = [p for lin in self.layers for p in (lin.weight, lin.bias) if p.requires_grad]
        kwargs = spec.optimizer_kwargs()
        if "betas" in kwargs:
            kwargs["betas"] = tuple(kwargs["betas"])
        self.opt = OPT[spec.optimizer["name"]](self.trainable, **kwargs)
        sched = spec.scheduler
        self.sched = None
        if sched:
            kw = {k: v for k, v in sched.items() if k != "name"}
            cls = {"step": torch.optim.lr_scheduler.StepLR,
                   "multistep": torch.optim.lr_scheduler.MultiStepLR,
                   "exponential": torch.optim.lr_scheduler.ExponentialLR}[sched["name"]]
            self.sched = cls(self.opt, **kw)
        n = session.dataset.n
        self.batches_per_epoch = -(-n // min(spec.batch_size or n, n))
        self.class_index = spec.loss == "cross_entropy" and session.dataset.labels is not None

    def flat(self, which: str = "value") -> np.ndarray:
        out = []
        for lin in self.layers:
            for p in (lin.weight, lin.bias):
                if which == "value":
                    out.append(p.detach().numpy().ravel())
                else:
                    g = p.grad
                    out.append(np.zeros(p.numel()) if g is None else g.numpy().ravel())
        return np.concatenate(out)

    def batch(self, k: int) -> np.ndarray:
        """Iteration k's rows by the README's convention: default_rng([seed, epoch]).permutation."""
        n, spec = self.session.dataset.n, self.spec
        size = min(spec.batch_size or n, n)
        epoch, j = divmod(k - 1, -(-n // size))
        order = np.random.default_rng([spec.seed, epoch]).permutation(n) if spec.shuffle else np.arange(n)
        return order[j * size:(j + 1) * size]

    def mask(self, k: int, l: int, shape: tuple[int, int]):
        """Dropout by the README's convention: default_rng([seed, k, l]).random(shape) ≥ p kept."""
        p = self.spec.dropout[l - 1] if l <= len(self.spec.dropout or ()) else 0.0
        if not p:
            return None
        keep = np.random.default_rng([self.spec.seed, k, l]).random(shape) >= p
        return torch.tensor(keep, dtype=self.dtype) / (1.0 - p)

    def step(self, k: int) -> dict:
        """Iteration k with its own batch and dropout masks; returns what it saw."""
        idx = self.batch(k)
        np.testing.assert_array_equal(self.session.history[k].indices, idx, err_msg=f"batch {k}")
        data = self.session.dataset
        x = torch.tensor(data.inputs[idx], dtype=self.dtype, requires_grad=True)
        t = torch.tensor(data.targets[idx], dtype=self.dtype)
        self.opt.zero_grad()
        seen = {"z": [], "a": []}
        a_in = x
        for l, lin in enumerate(self.layers, start=1):
            z = lin(a_in)
            a = ACT[self.spec.activations[l - 1]](z, self.spec.leaky_relu_slope)
            z.retain_grad()
            a.retain_grad()
            seen["z"].append(z)
            seen["a"].append(a)
            mask = self.mask(k, l, tuple(a.shape))
            a_in = a if mask is None else a * mask
        loss = loss_fn(self.spec.loss, seen["a"][-1], seen["z"][-1], t, self.class_index)
        if self.spec.l1:
            loss = loss + self.spec.l1 * sum(p.abs().sum() for p in self.trainable)
        loss.backward()
        result = {"loss": loss.item(), "before": self.flat(), "grad": self.flat("grad"),
                  "z": [z.detach().numpy() for z in seen["z"]],
                  "a": [a.detach().numpy() for a in seen["a"]],
                  "delta": [z.grad.numpy() for z in seen["z"]],
                  "dLda": [a.grad.numpy() if a.grad is not None else None for a in seen["a"]],
                  "lr": self.opt.param_groups[0]["lr"]}
        self.opt.step()
        result["after"] = self.flat()
        result["state"] = {}
        for name in self.session.history[k].layout.state_names:
            parts = [self.opt.state[p][STATE_NAMES[name]].numpy().ravel() for p in self.trainable]
            result["state"][name] = np.concatenate(parts)
        if self.sched and k % self.batches_per_epoch == 0:
            self.sched.step()
        return result

