"""One training iteration computed explicitly: forward, loss, the chain-rule trace, update.

The trace *is* the backward pass: δ of the output layer from the loss and activation
derivatives, δ of each hidden layer as (Σ over next-layer paths of w·δ) · f′(z), then
∂L/∂W = δ·a_inᵀ. Tests hold every number to torch.autograd and torch.optim (1e-12
relative in float64), so running autograd here too would only cost time.
"""

from __future__ import annotations

import math

import numpy as np

from . import activations, losses, optimizers, schedulers
from .data import Dataset, epoch_order
from .errors import DivergedError
from .forward import forward_all
from .history import (
    BATCH_SIZE,
    DATA_LOSS,
    EPOCH,
    L1_TERM,
    LOSS,
    LR,
    OPT_STEP,
    History,
    RowLayout,
)
from .init import initial_weights
from .params import ParamLayout
from .spec import NetworkSpec


class Trainer:
    """Owns the live training state; appends one frozen row per iteration to `history`."""

    def __init__(self, spec: NetworkSpec, dataset: Dataset) -> None:
        self.spec = spec
        self.dataset = dataset
        self.dtype = np.dtype(spec.dtype)
        self.params = ParamLayout(spec)
        weights, biases = initial_weights(spec)
        self.theta = self.params.pack(weights, biases, self.dtype)
        self.x = dataset.inputs.astype(self.dtype)
        self.t = dataset.targets.astype(self.dtype)
        n = dataset.n
        self.batch = min(spec.batch_size or n, n)
        self.batches_per_epoch = math.ceil(n / self.batch)
        self.optimizer = optimizers.make(spec.optimizer["name"], len(self.params.trainable),
                                         self.dtype, spec.optimizer_kwargs())
        self.lr = float(spec.optimizer_kwargs()["lr"])
        self.dropout_layers = tuple(
            l for l, p in enumerate(spec.dropout or (), start=1) if p > 0)
        layout = RowLayout(self.params, self.batch, tuple(self.optimizer.state),
                           self.dropout_layers)
        self.history = History(layout, self.theta, self.x, self.dtype)
        self.iteration = 0
        self._order_epoch = -1
        self._order = np.arange(n)
        self._full = self.batch == n and not spec.shuffle
        self._test_x = dataset.test_inputs.astype(self.dtype) if dataset.has_test else None
        self._test_t = dataset.test_targets.astype(self.dtype) if dataset.has_test else None
        self._weights = [self.params.weights(self.theta, l) for l in range(1, len(spec.layers))]
        self._biases = [self.params.biases(self.theta, l) for l in range(1, len(spec.layers))]

    # -- batching -----------------------------------------------------------------------
    def batch_indices(self, iteration: int) -> np.ndarray:
        epoch, j = divmod(iteration - 1, self.batches_per_epoch)
        if epoch != self._order_epoch:
            self._order = epoch_order(self.dataset.n, epoch, self.spec.shuffle, self.spec.seed)
            self._order_epoch = epoch
        return self._order[j * self.batch:(j + 1) * self.batch]

    def dropout_mask(self, iteration: int, layer: int, shape: tuple[int, int]) -> np.ndarray:
        """Survivors scaled by 1/(1−p); drawn from (seed, iteration, layer) so a rerun agrees."""
        p = self.spec.dropout[layer - 1]
        rng = np.random.default_rng([self.spec.seed, iteration, layer])
        keep = rng.random(shape) >= p
        return keep.astype(self.dtype) * (1.0 / (1.0 - p))

    # -- one iteration ------------------------------------------------------------------
    def step(self) -> None:
        """Compute iteration `self.iteration + 1`, record it, update the parameters."""
        k = self.iteration + 1
        spec = self.spec
        hist = self.history
        lay = hist.layout
        row = hist.new_row()
        if self._full:
            idx = self._order
            x, t = self.x, self.t
        else:
            idx = self.batch_indices(k)
            x, t = self.x[idx], self.t[idx]
        b = len(idx)
        if b < self.batch:
            row[:] = np.nan
        view = lay.view
        n_layers = len(spec.layers) - 1
        acts = spec.activations
        slope = spec.leaky_relu_slope

        inputs = [x]
        zs, outs = [], []
        a_in = x
        for l in range(1, n_layers + 1):
            z = a_in @ self._weights[l - 1].T + self._biases[l - 1]
            a = activations.forward(acts[l - 1], z, slope)
            zs.append(z)
            outs.append(a)
            if l in self.dropout_layers:
                mask = self.dropout_mask(k, l, a.shape)
                view(row, f"mask{l}")[:b] = mask
                a_in = a * mask
            else:
                a_in = a
            inputs.append(a_in)

        loss_name = spec.loss
        z_out, a_out = zs[-1], outs[-1]
        terms = losses.terms(loss_name, a_out, z_out, t)
        g = losses.gradient(loss_name, a_out, z_out, t)
        data_loss = float(terms.sum())
        train_idx = self.params.trainable
        theta_train = self.theta if self.params.all_trainable else self.theta[train_idx]
        l1_term = spec.l1 * float(np.abs(theta_train).sum()) if spec.l1 else 0.0

        grad = view(row, "grad")
        grad[:] = 0.0
        for l in range(n_layers, 0, -1):
            z, a = zs[l - 1], outs[l - 1]
            act = acts[l - 1]
            if l == n_layers and loss_name in losses.ON_LOGITS:
                delta = g
                dlda = g if act == "identity" else np.full_like(g, np.nan)
                fprime = np.ones_like(g) if act == "identity" else np.full_like(g, np.nan)
            else:
                dlda = g if l == n_layers else delta @ self._weights[l]
                if l in self.dropout_layers:
                    dlda = dlda * view(row, f"mask{l}")[:b]
                if act == "softmax":
                    delta = activations.softmax_backward(a, dlda)
                    fprime = np.full_like(a, np.nan)
                else:
                    fprime = activations.derivative(act, z, a, slope)
                    delta = dlda * fprime
            view(row, f"z{l}")[:b] = z
            view(row, f"a{l}")[:b] = a
            view(row, f"dLda{l}")[:b] = dlda
            view(row, f"fprime{l}")[:b] = fprime
            view(row, f"delta{l}")[:b] = delta
            grad[self.params.weight_slices[l - 1]] = (delta.T @ inputs[l - 1]).ravel()
            grad[self.params.bias_slices[l - 1]] = delta.sum(axis=0)
        if not self.params.all_trainable:
            frozen = np.ones(self.params.size, bool)
            frozen[train_idx] = False
            grad[frozen] = 0.0
        if spec.l1:
            grad[train_idx] += spec.l1 * np.sign(theta_train)

        total = data_loss + l1_term
        if not (math.isfinite(total) and np.isfinite(grad).all()):
            raise DivergedError(f"iteration {k}: the loss or a gradient is not finite")
        g_train = grad if self.params.all_trainable else grad[train_idx]
        new = self.optimizer.step(theta_train, g_train, self.lr)
        if not np.isfinite(new).all():
            raise DivergedError(f"iteration {k}: the update made a parameter infinite")
        if self.params.all_trainable:
            self.theta[:] = new
        else:
            self.theta[train_idx] = new

        view(row, "terms")[:b] = terms
        epoch = (k - 1) // self.batches_per_epoch + 1
        row[lay.slices["scalars"]] = (total, data_loss, l1_term, self.lr, b, epoch,
                                      self.optimizer.step_count, self.test_loss())
        row[lay.slices["indices"]][:b] = idx
        row[lay.slices["after"]] = self.theta
        for name, value in self.optimizer.state.items():
            row[lay.slices[f"state:{name}"]] = value
        if k % self.batches_per_epoch == 0:
            self.lr = schedulers.next_lr(spec.scheduler, self.lr, epoch)
        hist.commit()
        self.iteration = k

    def test_loss(self) -> float:
        """Data loss on the held-out rows at the current parameters (no dropout, no update)."""
        if self._test_x is None:
            return math.nan
        z, a = forward_all(self.spec, self.params, self.theta, self._test_x)[-1]
        return float(losses.terms(self.spec.loss, a, z, self._test_t).sum())

    def run(self, n: int) -> int:
        """Run up to n iterations; on divergence stop with history intact and re-raise.

        Overflow is expected on the way to a divergence and is reported by the finiteness
        check in `step`, so numpy's floating-point warnings are silenced here.
        """
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            for _ in range(n):
                self.step()
        return self.iteration

    def retune(self, spec: NetworkSpec) -> None:
        """New optimizer settings, schedule or L1 from here on; optimizer state is kept."""
        kwargs = spec.optimizer_kwargs()
        hyper = {k: v for k, v in kwargs.items() if k != "lr"}
        self.optimizer.hyper = hyper
        if kwargs["lr"] != self.spec.optimizer_kwargs()["lr"]:
            self.lr = float(kwargs["lr"])
        self.spec = spec

    def set_param(self, index: int, value: float) -> None:
        self.theta[index] = value

    def rewind(self, iteration: int) -> None:
        """Drop history after `iteration` and continue from its state (a new branch)."""
        hist = self.history
        self.theta[:] = hist.params_at(iteration)
        if iteration == 0:
            for name in self.optimizer.state:
                self.optimizer.state[name][:] = type(self.optimizer)(
                    len(self.params.trainable), self.dtype, **self.optimizer.hyper).state[name]
            self.optimizer.step_count = 0
            self.lr = float(self.spec.optimizer_kwargs()["lr"])
        else:
            rec = hist[iteration]
            for name in self.optimizer.state:
                self.optimizer.state[name] = rec.state(name).copy()
            self.optimizer.step_count = rec.optimizer_step
            self.lr = rec.lr
            if iteration % self.batches_per_epoch == 0:
                self.lr = schedulers.next_lr(self.spec.scheduler, self.lr, rec.epoch)
        hist.truncate(iteration)
        self.iteration = iteration


__all__ = ["Trainer", "DivergedError", "LOSS", "DATA_LOSS", "L1_TERM", "LR", "BATCH_SIZE",
           "EPOCH", "OPT_STEP"]
