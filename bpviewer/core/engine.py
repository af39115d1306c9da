"""One training iteration computed explicitly: forward, loss, the chain-rule trace, update.

The trace *is* the backward pass: δ of the output layer from the loss and activation
derivatives, δ of each hidden layer as (Σ over next-layer paths of w·δ) · f′(z), then
∂L/∂W = δ·a_inᵀ. Tests hold every number to torch.autograd and torch.optim (1e-12
relative in float64), so running autograd here too would only cost time. Training and the
history's replays run the same `_advance`, which is why a rebuilt trace is bitwise equal.
"""

from __future__ import annotations

import copy
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
    NORMS,
    OPT_STEP,
    TEST_LOSS,
    History,
    HistoryLayout,
    Record,
    Snapshot,
    Trace,
)
from .init import initial_weights
from .params import ParamLayout
from .spec import NetworkSpec
from .texts import tr


class Trainer:
    """Owns the live training state; appends one compact record per iteration to `history`."""

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
        self.optimizer = self._fresh_optimizer(spec)
        self.lr = float(spec.optimizer_kwargs()["lr"])
        self.dropout_layers = tuple(
            l for l, p in enumerate(spec.dropout or (), start=1) if p > 0)
        layout = HistoryLayout(self.params, tuple(self.optimizer.state), self.dropout_layers)
        start = Snapshot(self.theta.copy(), dict(self.optimizer.state), 0)
        self.history = History(layout, start, self.dtype, self._replay)
        self.iteration = 0
        self._order_epoch = -1
        self._order = np.arange(n)
        self._full = self.batch == n and not spec.shuffle
        self._test_x = dataset.test_inputs.astype(self.dtype) if dataset.has_test else None
        self._test_t = dataset.test_targets.astype(self.dtype) if dataset.has_test else None
        self._regimes: list[tuple[int, NetworkSpec]] = [(0, spec)]
        #: the next iteration made ahead (`ahead`): what it was made from (_basis), its
        #: scalars, trace, state after and record
        self._made: tuple | None = None

    def _fresh_optimizer(self, spec: NetworkSpec) -> optimizers.Optimizer:
        return optimizers.make(spec.optimizer["name"], len(self.params.trainable), self.dtype,
                               spec.optimizer_kwargs())

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
    def trace(self, k: int, theta: np.ndarray, spec: NetworkSpec) -> Trace:
        """Forward, loss and the chain-rule backward of iteration k at parameters theta."""
        if self._full:
            idx = np.arange(self.dataset.n)
            x, t = self.x, self.t
        else:
            idx = self.batch_indices(k).copy()
            x, t = self.x[idx], self.t[idx]
        params = self.params
        n_layers = len(spec.layers) - 1
        acts = spec.activations
        slope = spec.leaky_relu_slope
        weights = [params.weights(theta, l) for l in range(1, n_layers + 1)]
        biases = [params.biases(theta, l) for l in range(1, n_layers + 1)]

        inputs = [x]
        zs, outs, masks = [], [], {}
        a_in = x
        for l in range(1, n_layers + 1):
            z = a_in @ weights[l - 1].T + biases[l - 1]
            a = activations.forward(acts[l - 1], z, slope)
            zs.append(z)
            outs.append(a)
            if l in self.dropout_layers:
                masks[l] = self.dropout_mask(k, l, a.shape)
                a_in = a * masks[l]
            else:
                a_in = a
            inputs.append(a_in)

        loss_name = spec.loss
        z_out, a_out = zs[-1], outs[-1]
        terms = losses.terms(loss_name, a_out, z_out, t)
        g = losses.gradient(loss_name, a_out, z_out, t)
        train_idx = params.trainable

        grad = np.zeros(params.size, self.dtype)
        dldas, fprimes, deltas = [None] * n_layers, [None] * n_layers, [None] * n_layers
        for l in range(n_layers, 0, -1):
            z, a = zs[l - 1], outs[l - 1]
            act = acts[l - 1]
            if l == n_layers and loss_name in losses.ON_LOGITS:
                delta = g
                dlda = g if act == "identity" else np.full_like(g, np.nan)
                fprime = np.ones_like(g) if act == "identity" else np.full_like(g, np.nan)
            else:
                dlda = g if l == n_layers else delta @ weights[l]
                if l in self.dropout_layers:
                    dlda = dlda * masks[l]
                if act == "softmax":
                    delta = activations.softmax_backward(a, dlda)
                    fprime = np.full_like(a, np.nan)
                else:
                    fprime = activations.derivative(act, z, a, slope)
                    delta = dlda * fprime
            dldas[l - 1], fprimes[l - 1], deltas[l - 1] = dlda, fprime, delta
            grad[params.weight_slices[l - 1]] = (delta.T @ inputs[l - 1]).ravel()
            grad[params.bias_slices[l - 1]] = delta.sum(axis=0)
        if not params.all_trainable:
            frozen = np.ones(params.size, bool)
            frozen[train_idx] = False
            grad[frozen] = 0.0
        if spec.l1:
            theta_train = theta if params.all_trainable else theta[train_idx]
            grad[train_idx] += spec.l1 * np.sign(theta_train)
        return Trace(idx, x, zs, outs, dldas, fprimes, deltas, masks, terms, grad)

    def _advance(self, k: int, theta: np.ndarray, optimizer: optimizers.Optimizer, lr: float,
                 spec: NetworkSpec) -> tuple[Trace, np.ndarray, float, float]:
        """Iteration k from theta: (trace, parameters after, data loss, L1 term); the
        optimizer's buffers are replaced (never written in place) by the update."""
        trace = self.trace(k, theta, spec)
        params = self.params
        train_idx = params.trainable
        theta_train = theta if params.all_trainable else theta[train_idx]
        data_loss = float(trace.terms.sum())
        l1_term = spec.l1 * float(np.abs(theta_train).sum()) if spec.l1 else 0.0
        if not (math.isfinite(data_loss + l1_term) and np.isfinite(trace.grad).all()):
            raise DivergedError(tr("iteration {k}: the loss or a gradient is not finite", k=k))
        g_train = trace.grad if params.all_trainable else trace.grad[train_idx]
        new = optimizer.step(theta_train, g_train, lr)
        if params.all_trainable:
            after = new
        else:
            after = theta.copy()
            after[train_idx] = new
        return trace, after, data_loss, l1_term

    def step(self) -> None:
        """Compute iteration `self.iteration + 1` (or take it as `ahead` made it, where the
        state it was made from is the trainer's still), record it, update the parameters."""
        made, self._made = self._made, None
        opt = self.optimizer
        if made is None or made[4] is None or not self._unchanged(made[0]):
            saved = dict(opt.state), opt.step_count
            try:
                made = (None, *self._next(opt), None)
            except DivergedError:
                opt.state, opt.step_count = saved
                raise
        _, scalars, trace, after, record = made
        opt.state, opt.step_count = dict(after.state), after.step
        before, self.theta = self.theta, after.theta
        self.history.append(scalars, trace, before, after, record)
        k = self.iteration + 1
        if k % self.batches_per_epoch == 0:
            self.lr = schedulers.next_lr(self.spec.scheduler, self.lr, int(scalars[EPOCH]))
        self.iteration = k

    def _next(self, opt: optimizers.Optimizer) -> tuple[np.ndarray, Trace, Snapshot]:
        """Iteration `self.iteration + 1` from the trainer's state, `opt` stepped (its
        buffers replaced): the history's scalars, the trace and the state after it."""
        k = self.iteration + 1
        trace, after, data_loss, l1_term = self._advance(k, self.theta, opt, self.lr, self.spec)
        if not np.isfinite(after).all():
            raise DivergedError(tr("iteration {k}: the update made a parameter infinite", k=k))
        epoch = (k - 1) // self.batches_per_epoch + 1
        scalars = np.empty(NORMS + len(self.params.weight_slices))
        scalars[:NORMS] = (data_loss + l1_term, data_loss, l1_term, self.lr, len(trace.indices),
                           epoch, opt.step_count, self.test_loss(after), self.spec.l1)
        for i, s in enumerate(self.params.weight_slices):
            scalars[NORMS + i] = np.linalg.norm(trace.grad[s])
        return scalars, trace, Snapshot(after, dict(opt.state), opt.step_count)

    def ahead(self) -> Record | None:
        """The record of iteration `self.iteration + 1`, computed without changing anything
        (on a copy of the optimizer): the window shows it while the teacher reads, before
        the click that trains it; `step` then takes it where the state it was made from is
        the trainer's still. None where that iteration diverges (the click says so)."""
        basis = self._basis()
        if self._made is not None and self._unchanged(self._made[0]):
            return self._made[4]
        opt = copy.copy(self.optimizer)
        opt.state = dict(opt.state)
        try:
            with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
                scalars, trace, after = self._next(opt)
        except DivergedError:
            self._made = (basis, None, None, None, None)
            return None
        record = self.history.made(self.iteration + 1, scalars, trace, self.theta, after)
        self._made = (basis, scalars, trace, after, record)
        return record

    def _basis(self) -> tuple:
        """What the next iteration is computed from (compared by identity; numbers by value)."""
        opt = self.optimizer
        return (self.iteration, self.lr, opt.step_count, self.theta, self.spec, opt.hyper, self.history,
                *opt.state.values())

    def _unchanged(self, basis: tuple) -> bool:
        now = self._basis()
        return len(now) == len(basis) and now[:3] == basis[:3] and all(
            a is b for a, b in zip(now[3:], basis[3:], strict=True))

    def _replay(self, k: int, snap: Snapshot, lr: float) -> tuple[Trace, Snapshot]:
        """Iteration k again from the state before it, with the settings it ran with."""
        spec = next(s for start, s in reversed(self._regimes) if start < k)
        opt = self._fresh_optimizer(spec)
        opt.state, opt.step_count = dict(snap.state), snap.step
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            trace, after, _, _ = self._advance(k, snap.theta, opt, lr, spec)
        return trace, Snapshot(after, dict(opt.state), opt.step_count)

    def test_loss(self, theta: np.ndarray | None = None) -> float:
        """Data loss on the held-out rows at these parameters (None: the current ones; no
        dropout, no update)."""
        if self._test_x is None:
            return math.nan
        z, a = forward_all(self.spec, self.params, self.theta if theta is None else theta, self._test_x)[-1]
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
        self._regimes = [r for r in self._regimes if r[0] < self.iteration] + [(self.iteration, spec)]

    def set_param(self, index: int, value: float) -> None:
        self.theta = self.theta.copy()
        self.theta[index] = value

    def rewind(self, iteration: int) -> None:
        """Drop history after `iteration` and continue from its state (a new branch)."""
        hist = self.history
        snap = hist.snapshot(iteration)
        self.theta = np.array(hist.params_at(iteration))
        self.optimizer.state = {name: np.array(v) for name, v in snap.state.items()}
        self.optimizer.step_count = snap.step
        if iteration == 0:
            self.lr = float(self.spec.optimizer_kwargs()["lr"])
        else:
            scalars = hist.scalars(iteration)
            self.lr = float(scalars[LR])
            if iteration % self.batches_per_epoch == 0:
                self.lr = schedulers.next_lr(self.spec.scheduler, self.lr, int(scalars[EPOCH]))
        hist.truncate(iteration)
        self._regimes = [r for r in self._regimes if r[0] <= iteration]
        self.iteration = iteration


__all__ = ["Trainer", "DivergedError", "LOSS", "DATA_LOSS", "L1_TERM", "LR", "BATCH_SIZE",
           "EPOCH", "OPT_STEP", "TEST_LOSS"]
